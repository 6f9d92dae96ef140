# tests/cluster/lab.sh: the small helpers every namespace lab test shares
# (skip, cleanup, fail, status, waits); sourced, not run: by
# tests/cluster/san, and by tests/cluster/lib (the three-node lab of run,
# faults and rejoin, with its invariant checker). The sourcing script sets
# $name (its messages' prefix), $hacc, $tag (the prefix of its namespaces,
# ${tag}br for the bridge and ${tag}nI for node I), $nodes (how many it
# made) and, once made, $dir (its scratch directory, where node I's hacd
# logs to nI.log and listens on nI.sock); it may define fail_more, called
# by fail to print more, cleanup_more, called first by cleanup, and
# wait_check, called by wait_for at every poll (to fail early), and may
# set extra_ns, more namespaces for cleanup to remove. Exit 77 through
# skip when the lab cannot be made.

skip() {
	echo "$name: SKIP: $*"
	exit 77
}

# Kill everything in the lab's namespaces and remove them (trap EXIT).
cleanup() {
	local i
	if declare -F cleanup_more >/dev/null; then
		cleanup_more
	fi
	for i in $(seq 1 "$nodes"); do
		ip netns pids "${tag}n$i" 2>/dev/null | xargs -r kill -9 \
		    2>/dev/null || true
	done
	sleep 0.2
	for i in $(seq 1 "$nodes"); do
		ip netns del "${tag}n$i" 2>/dev/null || true
	done
	for i in ${extra_ns:-} "${tag}br"; do
		ip netns del "$i" 2>/dev/null || true
	done
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
		if declare -F wait_check >/dev/null; then
			wait_check
		fi
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
