/*
 * fuzz_rm.c: a libFuzzer harness for the resource manager's messages
 * (runtime/rm.c): what a member of the ring may send to the group "rm",
 * authenticated but hostile: snapshots, deploys (compiled), results,
 * attributes, node events, cleanups, moves and bans, maintenance, events
 * of the cluster log, requests to run actions. Built by tests/fuzz/build with clang
 * -fsanitize=fuzzer,address,undefined and run by tests/fuzz/run.
 *
 * The input is a sequence of messages, each a byte naming its sender
 * (node 1, 2 or 3) and a 16-bit big-endian length, then its bytes. They
 * go, in order, to a fresh resource manager of node 1 (of 3), whose
 * timers then run for a while. Its agents live in an empty directory, so
 * a request to run one finds nothing to run: no agent of this machine is
 * ever started. A state that took the messages must encode and decode
 * again.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang.h"
#include "runtime.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint64_t	fuzz_now;

static uint64_t
fuzz_clock(void *arg)
{
	return fuzz_now;
}

static void
fuzz_leave(void *arg)
{
}

/* An empty directory for the agents, made once. */
static const char *
fuzz_empty_dir(void)
{
	static char	dir[64];

	if (dir[0] == '\0') {
		snprintf(dir, sizeof dir, "%s/hacc-fuzz-rm.XXXXXX",
		    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
	}
	return dir;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t	 key[WIRE_KEY_LEN] = "fuzz-key-fuzz-key-fuzz-key-fuzz";
	static const uint32_t	 ids[3] = { 1, 2, 3 };
	static char		 n1[] = "n1", n2[] = "n2", n3[] = "n3";
	static char *const	 names[3] = { n1, n2, n3 };
	struct loop_clock	 clock = { fuzz_clock, NULL };
	struct ring_callbacks	 cb = { NULL, NULL, NULL, NULL };
	struct ring_config	 cfg;
	struct exec_config	 ec;
	struct loop		*loop;
	struct simnet		*net;
	struct transport	*t;
	struct wire		*w;
	struct ring		*ring;
	struct rm		*rm;
	struct rstate		*back;
	struct buf		 b;
	const char		*empty = fuzz_empty_dir();
	char			*cause = NULL, *none;
	size_t			 off = 0, len;
	uint32_t		 origin;
	uint64_t		 when;
	int			 i;

	log_open("fuzz_rm", 0, LOG_LEVEL_ERROR);
	fuzz_now = 1000000;
	loop = loop_new(&clock);
	net = sim_new(loop, 1);
	t = sim_attach(net, 1, 9000);
	w = wire_new(key, "fuzz", 1, 1, 1);
	memset(&cfg, 0, sizeof cfg);
	cfg.self = 1;
	cfg.nodes = ids;
	cfg.nnodes = 3;
	cfg.token_us = 300000;
	cfg.consensus_us = 360000;
	cfg.join_us = 50000;
	cfg.window_size = 50;
	cfg.max_messages = 17;
	cfg.boot_us = 1;
	if ((ring = ring_new(loop, t, w, &cfg, &cb, &cause)) == NULL)
		abort();
	xasprintf(&none, "%s/none", empty);
	memset(&ec, 0, sizeof ec);
	ec.ocf_root = empty;
	ec.lsb_dir = empty;
	ec.fence_dir = empty;
	ec.systemctl = none;
	ec.systemd_dir = none;
	rm = rm_new(loop, ring, "fuzz", names, ids, 3, 0, NULL, &ec,
	    fuzz_leave, NULL, &cause);
	if (rm == NULL)
		abort();

	while (size - off >= 3) {
		origin = 1 + data[off] % 3;
		len = (size_t)data[off + 1] << 8 | data[off + 2];
		off += 3;
		if (len > size - off)
			len = size - off;
		rm_deliver(rm, origin, data + off, len);
		for (i = 0; i < 8 && loop_next_timer(loop, &when); i++) {
			if (when > fuzz_now)
				fuzz_now = when;
			loop_run_timers(loop);
		}
		off += len;
	}
	buf_init(&b);
	rstate_encode(rm->rs, &b);
	if ((back = rstate_decode(b.data, b.len, &cause)) == NULL) {
		fprintf(stderr, "the state does not decode: %s\n%.*s\n",
		    cause, (int)b.len, b.data);
		abort();
	}
	rstate_free(back);
	buf_clear(&b);
	rm_free(rm);
	ring_free(ring);
	transport_free(t);
	wire_free(w);
	sim_free(net);
	loop_free(loop);
	free(none);
	return 0;
}
