# tests/cluster/lab.sh: the small helpers tests/cluster/san sources (skip,
# cleanup, fail, status, waits); sourced, not run. The three-node lab of
# tests/cluster/run and faults, with its invariant checker, is
# tests/cluster/lib. The sourcing script sets
# $name (its messages' prefix), $hacc, $tag (the prefix of its namespaces,
# ${tag}br for the bridge and ${tag}nI for node I), $nodes (how many it
# made) and, once made, $dir (its scratch directory, where node I's hacd
# logs to nI.log and listens on nI.sock); it may define fail_more, called
# by fail to print more. Exit 77 through skip when the lab cannot be made.

skip() {
	echo "$name: SKIP: $*"
	exit 77
}

# Kill everything in the lab's namespaces and remove them (trap EXIT).
cleanup() {
	local i
	for i in $(seq 1 "$nodes"); do
		ip netns pids "${tag}n$i" 2>/dev/null | xargs -r kill -9 \
		    2>/dev/null || true
	done
	sleep 0.2
	for i in $(seq 1 "$nodes"); do
		ip netns del "${tag}n$i" 2>/dev/null || true
	done
	ip netns del "${tag}br" 2>/dev/null || true
	[ -z "${dir:-}" ] && return
	[ -n "${HACC_KEEP:-}" ] && echo "$name: kept $dir" || rm -rf "$dir"
}

# Fail with message $*, after the tail of every node's log.
fail() {
	local f
	echo "$name: FAIL: $*" >&2
	for f in "$dir"/n*.log; do
		[ -f "$f" ] || continue
		echo "---- $f" >&2
		tail -n 40 "$f" >&2
	done
	if declare -F fail_more >/dev/null; then
		fail_more >&2
	fi
	exit 1
}

status() {	# node [--json]
	"$hacc" status ${2:-} --socket "$dir/n$1.sock" 2>/dev/null || true
}

now_ms() {
	date +%s%3N
}

# Poll command "$3..." until it succeeds; print the ms it took, or fail
# with message $2 after $1 ms.
wait_for() {
	local limit=$1 msg=$2 start
	shift 2
	start=$(now_ms)
	until "$@"; do
		[ $(( $(now_ms) - start )) -lt "$limit" ] || fail "$msg"
		sleep 0.05
	done
	echo $(( $(now_ms) - start ))
}

members() {	# node count
	status "$1" | grep -q "operational, $2 members"
}

idle() {	# node: if it coordinates, it has nothing to do
	! status "$1" | grep -q "transition [0-9]* running"
}
