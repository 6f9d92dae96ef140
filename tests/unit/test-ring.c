/*
 * test-ring.c: unit tests of the ring (runtime/ring.c): the decoder on
 * good and malformed packets, configuration errors, and small scenarios
 * on the sim transport with a virtual clock and the default settings
 * (token 300 ms): formation, total order across senders, a fragmented
 * 200 KiB message, safe delivery, the send queue's limits, crash
 * detection time, a clean leave, and a partition that heals. The seeded
 * fault schedules are tests/ring/sim's.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "runtime.h"

#define W_MAX	5

struct wnode {
	uint32_t		 id;
	int			 up;
	struct transport	*t;
	struct wire		*w;
	struct ring		*ring;
	char			 order[4096];	/* delivered, as text */
	size_t			 nmsgs;
	size_t			 big;		/* length of a large one */
	int			 big_ok;
	int			 configs;
	struct ring_id		 last;
	size_t			 nmembers;
	uint32_t		 left[W_MAX];
	enum ring_reason	 reasons[W_MAX];
	size_t			 nleft;
	uint64_t		 installed_at;
};

struct world {
	uint64_t		 now;
	struct loop		*loop;
	struct simnet		*net;
	struct wnode		 nodes[W_MAX];
	uint32_t		 ids[W_MAX];
	int			 n;
	struct ring_config	 cfg;
};

static const uint8_t	test_key[WIRE_KEY_LEN] = "unit-test-key-unit-test-key-unit";

static uint64_t
w_clock(void *arg)
{
	return ((struct world *)arg)->now;
}

static void
w_deliver(void *arg, uint32_t origin, const char *group, const uint8_t *data,
    size_t len)
{
	struct wnode	*nd = arg;
	size_t		 i, off = strlen(nd->order);

	nd->nmsgs++;
	if (len > 1000) {
		nd->big = len;
		nd->big_ok = 1;
		for (i = 0; i < len; i++) {
			if (data[i] != (uint8_t)(i * 13))
				nd->big_ok = 0;
		}
		return;
	}
	if (off + len + 2 < sizeof nd->order)
		snprintf(nd->order + off, sizeof nd->order - off, "%.*s ",
		    (int)len, (const char *)data);
}

static struct world	*the_world;

static void
w_confchg(void *arg, const struct ring_conf *c)
{
	struct wnode	*nd = arg;

	if (c->transitional)
		return;
	nd->configs++;
	nd->last = c->id;
	nd->nmembers = c->nmembers;
	nd->nleft = c->nleft < W_MAX ? c->nleft : W_MAX;
	memcpy(nd->left, c->left, nd->nleft * sizeof *c->left);
	memcpy(nd->reasons, c->reasons, nd->nleft * sizeof *c->reasons);
	nd->installed_at = the_world->now;
}

static void
w_start(struct world *w, int i)
{
	struct wnode		*nd = &w->nodes[i];
	struct ring_callbacks	 cb = { w_deliver, w_confchg, NULL, nd };
	struct ring_config	 cfg = w->cfg;
	char			*cause = NULL;

	nd->t = sim_attach(w->net, nd->id, 1500 - 48);
	nd->w = wire_new(test_key, "unit", nd->id, w->now, (uint64_t)i + 7);
	cfg.self = nd->id;
	cfg.boot_us = w->now;
	nd->ring = ring_new(w->loop, nd->t, nd->w, &cfg, &cb, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nd->ring);
	CU_ASSERT_EQUAL(ring_join(nd->ring, "g"), 0);
	nd->up = 1;
}

static void
w_crash(struct world *w, int i)
{
	struct wnode	*nd = &w->nodes[i];

	ring_free(nd->ring);
	transport_free(nd->t);
	wire_free(nd->w);
	nd->up = 0;
}

static struct world *
w_new(int n)
{
	struct world		*w;
	struct loop_clock	 clock;
	struct sim_faults	 f = { 0, 0, 50, 150 };
	int			 i;

	w = xcalloc(1, sizeof *w);
	the_world = w;
	w->now = 5000000;
	clock.now = w_clock;
	clock.arg = w;
	w->loop = loop_new(&clock);
	w->net = sim_new(w->loop, 99);
	sim_set_faults(w->net, &f);
	w->n = n;
	for (i = 0; i < n; i++) {
		w->ids[i] = (uint32_t)i + 1;
		w->nodes[i].id = (uint32_t)i + 1;
	}
	w->cfg.nodes = w->ids;
	w->cfg.nnodes = (size_t)n;
	w->cfg.token_us = 300000;
	w->cfg.consensus_us = 360000;
	w->cfg.join_us = 50000;
	w->cfg.window_size = 50;
	w->cfg.max_messages = 17;
	for (i = 0; i < n; i++)
		w_start(w, i);
	return w;
}

static void
w_free(struct world *w)
{
	int	i;

	for (i = 0; i < w->n; i++) {
		if (w->nodes[i].up)
			w_crash(w, i);
	}
	sim_free(w->net);
	loop_free(w->loop);
	free(w);
}

static void
w_run(struct world *w, uint64_t us)
{
	uint64_t	until = w->now + us, when;

	while (loop_next_timer(w->loop, &when) && when <= until) {
		if (when > w->now)
			w->now = when;
		loop_run_timers(w->loop);
	}
	w->now = until;
}

/* Whether every node that is up is operational with n members. */
static int
w_formed(struct world *w, size_t n)
{
	int	i;

	for (i = 0; i < w->n; i++) {
		if (w->nodes[i].up &&
		    (ring_state(w->nodes[i].ring) != RING_OPERATIONAL ||
		    w->nodes[i].nmembers != n))
			return 0;
	}
	return 1;
}

/* Run until formed with n members; return how long it took (us). */
static uint64_t
w_until_formed(struct world *w, size_t n, uint64_t limit)
{
	uint64_t	start = w->now;

	while (!w_formed(w, n) && w->now - start < limit)
		w_run(w, 1000);
	CU_ASSERT(w_formed(w, n));
	return w->now - start;
}

static void
test_decode(void)
{
	static const uint8_t	join[] = { 3, 0, 0, 0, 0, 0, 0, 0, 1,
				    0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 7,
				    0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t	mcast[] = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0,
				    0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1,
				    0, 0, 0, 2,
				    0, 1, 'g', 0, 2, 'h', 'i',
				    1, 1, 'g', 0, 0, 0, 9, 0, 0, 0, 7,
				    0, 2, 'x', 'y' };
	struct ring_msg		m;
	uint8_t			bad[sizeof mcast + 1];

	CU_ASSERT_EQUAL(ring_decode(join, sizeof join, &m), 0);
	CU_ASSERT_EQUAL(m.type, 3);
	CU_ASSERT_EQUAL(m.hash, 1);
	CU_ASSERT_EQUAL(m.ring_seq, 2);
	CU_ASSERT_EQUAL(m.proc, 7);
	/* Short by one byte, or one byte too many. */
	CU_ASSERT_EQUAL(ring_decode(join, sizeof join - 1, &m), -1);
	memcpy(bad, join, sizeof join);
	bad[sizeof join] = 0;
	CU_ASSERT_EQUAL(ring_decode(bad, sizeof join + 1, &m), -1);

	CU_ASSERT_EQUAL(ring_decode(mcast, sizeof mcast, &m), 0);
	CU_ASSERT_EQUAL(m.seq, 1);
	CU_ASSERT_EQUAL(m.origin, 2);
	CU_ASSERT_EQUAL(m.ring.rep, 1);
	CU_ASSERT_EQUAL(m.ring.seq, 5);
	CU_ASSERT_EQUAL(m.bodylen, sizeof mcast - 26);
	/* A fragment past its message's end. */
	memcpy(bad, mcast, sizeof mcast);
	bad[43] = 8;
	CU_ASSERT_EQUAL(ring_decode(bad, sizeof mcast, &m), -1);
	/* An empty group name; an unknown entry flag; seq 0. */
	memcpy(bad, mcast, sizeof mcast);
	bad[27] = 0;
	CU_ASSERT_EQUAL(ring_decode(bad, sizeof mcast, &m), -1);
	memcpy(bad, mcast, sizeof mcast);
	bad[26] = 0x80;
	CU_ASSERT_EQUAL(ring_decode(bad, sizeof mcast, &m), -1);
	memcpy(bad, mcast, sizeof mcast);
	bad[21] = 0;
	CU_ASSERT_EQUAL(ring_decode(bad, sizeof mcast, &m), -1);
	/* Truncated inside an entry. */
	CU_ASSERT_EQUAL(ring_decode(mcast, sizeof mcast - 1, &m), -1);
	/* Unknown type; nothing at all. */
	bad[0] = 9;
	CU_ASSERT_EQUAL(ring_decode(bad, sizeof mcast, &m), -1);
	CU_ASSERT_EQUAL(ring_decode(bad, 0, &m), -1);
}

static void
test_config_errors(void)
{
	struct loop		*l = loop_new(NULL);
	struct simnet		*net = sim_new(l, 1);
	struct transport	*t = sim_attach(net, 1, 1452), *small;
	struct wire		*w = wire_new(test_key, "unit", 1, 1, 1);
	struct ring_callbacks	 cb = { NULL, NULL, NULL, NULL };
	struct ring_config	 cfg;
	uint32_t		 dup[3] = { 1, 2, 2 }, ids[2] = { 1, 2 };
	char			*cause = NULL;

	memset(&cfg, 0, sizeof cfg);
	cfg.self = 1;
	cfg.nodes = dup;
	cfg.nnodes = 3;
	cfg.token_us = 300000;
	cfg.consensus_us = 360000;
	cfg.join_us = 50000;
	cfg.window_size = 50;
	cfg.max_messages = 17;
	CU_ASSERT_PTR_NULL(ring_new(l, t, w, &cfg, &cb, &cause));
	U_STREQ(cause, "node ids must be unique and positive (2)");
	free(cause);
	cfg.nodes = ids;
	cfg.nnodes = 2;
	cfg.self = 3;
	CU_ASSERT_PTR_NULL(ring_new(l, t, w, &cfg, &cb, &cause));
	U_STREQ(cause, "node id 3 is not in the ring");
	free(cause);
	cfg.self = 1;
	small = sim_attach(net, 2, 150);
	CU_ASSERT_PTR_NULL(ring_new(l, small, w, &cfg, &cb, &cause));
	U_STREQ(cause, "mtu 150 is too small for 2 nodes");
	free(cause);
	cfg.window_size = 0;
	CU_ASSERT_PTR_NULL(ring_new(l, t, w, &cfg, &cb, &cause));
	U_STREQ(cause, "token, join, consensus, window_size and max_messages "
	    "must be positive");
	free(cause);
	transport_free(t);
	transport_free(small);
	wire_free(w);
	sim_free(net);
	loop_free(l);
}

static void
test_form_and_order(void)
{
	struct world	*w = w_new(3);
	uint8_t		*big;
	uint64_t	 took;
	char		 msg[16];
	int		 i, k;

	took = w_until_formed(w, 3, 2000000);
	CU_ASSERT(took < 100000);	/* all started together */
	for (k = 0; k < 20; k++) {
		for (i = 0; i < 3; i++) {
			snprintf(msg, sizeof msg, "%c%d", 'a' + i, k);
			CU_ASSERT_EQUAL(ring_mcast(w->nodes[i].ring, "g", msg,
			    strlen(msg), k % 3 == 0 ? RING_SAFE : 0), 0);
		}
	}
	big = xmalloc(200 * 1024);
	for (i = 0; i < 200 * 1024; i++)
		big[i] = (uint8_t)(i * 13);
	CU_ASSERT_EQUAL(ring_mcast(w->nodes[1].ring, "g", big, 200 * 1024, 0),
	    0);
	free(big);
	w_run(w, 1000000);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(w->nodes[i].nmsgs, 61);
		CU_ASSERT_EQUAL(w->nodes[i].big, 200 * 1024);
		CU_ASSERT(w->nodes[i].big_ok);
		U_STREQ(w->nodes[i].order, w->nodes[0].order);
	}
	/* Each sender's messages in the order sent. */
	U_CONTAINS(w->nodes[0].order, "a0 ");
	CU_ASSERT(strstr(w->nodes[0].order, "a0 ") <
	    strstr(w->nodes[0].order, "a19 "));
	CU_ASSERT(ring_stats(w->nodes[0].ring)->msgs_delivered >= 61);
	w_free(w);
}

static void
test_mcast_errors(void)
{
	struct world	*w = w_new(2);
	static uint8_t	 chunk[RING_MSG_MAX];
	int		 i, rc = 0;

	CU_ASSERT_EQUAL(ring_mcast(w->nodes[0].ring, "", "x", 1, 0), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
	CU_ASSERT_EQUAL(ring_mcast(w->nodes[0].ring,
	    "a-group-name-that-is-far-too-long", "x", 1, 0), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
	CU_ASSERT_EQUAL(ring_mcast(w->nodes[0].ring, "g", chunk,
	    RING_MSG_MAX + 1, 0), -1);
	CU_ASSERT_EQUAL(errno, EMSGSIZE);
	/* The queue holds RING_QUEUE_MAX bytes, then pushes back. */
	for (i = 0; i < 9 && rc == 0; i++)
		rc = ring_mcast(w->nodes[0].ring, "g", chunk, sizeof chunk, 0);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(errno, EAGAIN);
	CU_ASSERT_EQUAL(i, 9);
	CU_ASSERT_EQUAL(ring_join(w->nodes[0].ring, ""), -1);
	w_free(w);
}

static void
test_crash_detection(void)
{
	struct world	*w = w_new(3);
	uint64_t	 crashed, took;

	w_until_formed(w, 3, 2000000);
	w_run(w, 1234567);
	crashed = w->now;
	w_crash(w, 2);
	took = w_until_formed(w, 2, 3000000);
	/* The token timeout, and no fixed consensus wait after it. */
	CU_ASSERT(took >= 300000 - 30000);
	CU_ASSERT(w->nodes[0].installed_at - crashed < 350000);
	CU_ASSERT_EQUAL(w->nodes[0].nleft, 1);
	CU_ASSERT_EQUAL(w->nodes[0].left[0], 3);
	CU_ASSERT_EQUAL(w->nodes[0].reasons[0], RING_REASON_FAILED);
	CU_ASSERT(ring_stats(w->nodes[0].ring)->token_losses >= 1);
	w_free(w);
}

static void
test_clean_leave(void)
{
	struct world	*w = w_new(3);
	uint64_t	 left;

	w_until_formed(w, 3, 2000000);
	w_run(w, 500000);
	left = w->now;
	ring_leave(w->nodes[1].ring);
	CU_ASSERT_EQUAL(ring_state(w->nodes[1].ring), RING_LEFT);
	CU_ASSERT_EQUAL(ring_mcast(w->nodes[1].ring, "g", "x", 1, 0), -1);
	CU_ASSERT_EQUAL(errno, EPIPE);
	w_crash(w, 1);
	w_until_formed(w, 2, 3000000);
	/* At once: no token timeout. */
	CU_ASSERT(w->nodes[0].installed_at - left < 20000);
	CU_ASSERT_EQUAL(w->nodes[2].nleft, 1);
	CU_ASSERT_EQUAL(w->nodes[2].left[0], 2);
	CU_ASSERT_EQUAL(w->nodes[2].reasons[0], RING_REASON_LEAVE);
	w_free(w);
}

static void
test_partition_merge(void)
{
	struct world	*w = w_new(4);
	struct ring_id	 a, b;
	uint32_t	 ids[RING_MAX_NODES];

	w_until_formed(w, 4, 2000000);
	sim_partition(w->net, 1, 1);
	sim_partition(w->net, 2, 1);
	w_run(w, 1000000);
	CU_ASSERT(w_formed(w, 2));
	ring_members(w->nodes[0].ring, &a, ids);
	ring_members(w->nodes[3].ring, &b, ids);
	CU_ASSERT(a.rep == 1 && b.rep == 3);
	sim_heal(w->net);
	w_until_formed(w, 4, 2000000);
	CU_ASSERT_EQUAL(ring_members(w->nodes[2].ring, &a, ids), 4);
	CU_ASSERT(ids[0] == 1 && ids[3] == 4);
	CU_ASSERT(a.seq > b.seq);
	w_free(w);
}

static const struct unit_test codec_tests[] = {
	{ "decoder", test_decode },
	{ "configuration errors", test_config_errors },
	{ NULL, NULL }
};

static const struct unit_test ring_tests[] = {
	{ "formation and total order", test_form_and_order },
	{ "send errors and push-back", test_mcast_errors },
	{ "crash detection", test_crash_detection },
	{ "clean leave", test_clean_leave },
	{ "partition and merge", test_partition_merge },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "codec", codec_tests },
	{ "ring", ring_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
