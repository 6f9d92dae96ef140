/*
 * test-transport.c: unit tests of the transports: the in-memory `sim`
 * network (determinism of a seed, loss, duplication, reordering, delay,
 * partitions, a detached node) and `udp` over the loopback addresses, IPv4
 * and IPv6, with its errors for bad addresses.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "runtime.h"

static uint64_t	vnow;

static uint64_t
vclock(void *arg)
{
	return vnow;
}

static const struct loop_clock	virtual_clock = { vclock, NULL };

/* What a receiver saw: the first byte of each datagram, in order. */
struct inbox {
	uint8_t	 first[512];
	size_t	 n;
	char	 peer[64];
};

static void
inbox_recv(void *arg, const uint8_t *buf, size_t len, const char *peer)
{
	struct inbox	*in = arg;

	if (in->n < sizeof in->first && len > 0)
		in->first[in->n++] = buf[0];
	snprintf(in->peer, sizeof in->peer, "%s", peer);
}

static void
drain(struct loop *l)
{
	uint64_t	when;

	while (loop_next_timer(l, &when)) {
		vnow = when;
		loop_run_timers(l);
	}
}

/* Send 200 numbered datagrams from 1 to 2 with faults; fill in. */
static void
sim_run(uint64_t seed, const struct sim_faults *f, struct inbox *in,
    struct sim_stats *st)
{
	struct loop		*l;
	struct simnet		*net;
	struct transport	*a, *b;
	uint8_t			 d;
	int			 i;

	vnow = 0;
	memset(in, 0, sizeof *in);
	l = loop_new(&virtual_clock);
	net = sim_new(l, seed);
	sim_set_faults(net, f);
	a = sim_attach(net, 1, 1400);
	b = sim_attach(net, 2, 1400);
	CU_ASSERT_PTR_NULL(sim_attach(net, 2, 1400));
	b->recv = inbox_recv;
	b->recv_arg = in;
	for (i = 0; i < 200; i++) {
		d = (uint8_t)i;
		CU_ASSERT_EQUAL(transport_send(a, 2, &d, 1), 0);
	}
	drain(l);
	*st = *sim_stats(net);
	transport_free(a);
	transport_free(b);
	sim_free(net);
	loop_free(l);
}

static void
test_sim_faults(void)
{
	struct sim_faults	f = { 100000, 100000, 10, 5000 };
	struct inbox		in1, in2;
	struct sim_stats	s1, s2;
	size_t			i, inversions = 0;

	sim_run(42, &f, &in1, &s1);
	sim_run(42, &f, &in2, &s2);
	/* The same seed gives the same run. */
	CU_ASSERT_EQUAL(in1.n, in2.n);
	CU_ASSERT(memcmp(in1.first, in2.first, in1.n) == 0);
	CU_ASSERT(s1.lost > 5 && s1.lost < 50);
	CU_ASSERT(s1.duplicated > 5 && s1.duplicated < 50);
	CU_ASSERT_EQUAL(s1.delivered, 200 - s1.lost + s1.duplicated);
	CU_ASSERT_EQUAL(in1.n, s1.delivered);
	U_STREQ(in1.peer, "sim:1");
	for (i = 1; i < in1.n; i++) {
		if (in1.first[i] < in1.first[i - 1])
			inversions++;
	}
	CU_ASSERT(inversions > 10);	/* random delays reorder */
	CU_ASSERT(vnow >= 10 && vnow <= 5000);
	sim_run(43, &f, &in2, &s2);
	CU_ASSERT(in1.n != in2.n ||
	    memcmp(in1.first, in2.first, in1.n) != 0);
}

static void
test_sim_partition(void)
{
	struct loop		*l;
	struct simnet		*net;
	struct transport	*t[3];
	struct inbox		 in[3];
	struct sim_faults	 f = { 0, 0, 100, 100 };
	uint8_t			 d = 'a';
	int			 i;

	vnow = 0;
	l = loop_new(&virtual_clock);
	net = sim_new(l, 1);
	sim_set_faults(net, &f);
	for (i = 0; i < 3; i++) {
		memset(&in[i], 0, sizeof in[i]);
		t[i] = sim_attach(net, (uint32_t)i + 1, 100);
		t[i]->recv = inbox_recv;
		t[i]->recv_arg = &in[i];
	}
	transport_send(t[0], TRANSPORT_ALL, &d, 1);
	drain(l);
	CU_ASSERT(in[0].n == 0 && in[1].n == 1 && in[2].n == 1);

	/* 3 alone; a datagram in flight when the partition comes is cut. */
	transport_send(t[0], TRANSPORT_ALL, &d, 1);
	sim_partition(net, 3, 1);
	drain(l);
	CU_ASSERT(in[1].n == 2 && in[2].n == 1);
	transport_send(t[2], TRANSPORT_ALL, &d, 1);
	drain(l);
	CU_ASSERT(in[0].n == 0 && in[1].n == 2);
	sim_heal(net);
	transport_send(t[2], 1, &d, 1);
	drain(l);
	CU_ASSERT(in[0].n == 1 && in[1].n == 2);

	/* Too large for the MTU; a detached node gets nothing. */
	CU_ASSERT_EQUAL(transport_send(t[0], 2, in[0].first, 101), -1);
	transport_send(t[0], 2, &d, 1);
	transport_free(t[1]);
	drain(l);
	CU_ASSERT_EQUAL(in[1].n, 2);
	CU_ASSERT(sim_stats(net)->cut >= 3);
	transport_free(t[0]);
	transport_free(t[2]);
	sim_free(net);
	loop_free(l);
}

/* Exchange a datagram each way between two udp transports. */
static void
udp_pair(const char *a1, const char *a2, int port1, int port2)
{
	struct loop		*l;
	struct transport	*t1, *t2;
	struct udp_peer		 peers[2] = { { 1, a1, port1 }, { 2, a2, port2 } };
	struct inbox		 in1, in2;
	char			*cause = NULL;
	int			 i;

	l = loop_new(NULL);
	memset(&in1, 0, sizeof in1);
	memset(&in2, 0, sizeof in2);
	t1 = udp_new(l, 1, peers, 2, 5405, 1500, &cause);
	if (t1 == NULL) {
		/* No IPv6 loopback here: nothing to test. */
		CU_ASSERT_PTR_NOT_NULL(strstr(cause, "cannot bind"));
		fprintf(stderr, "udp: %s (skipped)\n", cause);
		free(cause);
		loop_free(l);
		return;
	}
	t2 = udp_new(l, 2, peers, 2, 5405, 1500, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t2);
	CU_ASSERT_EQUAL(t1->mtu, 1500 - 48);
	t1->recv = inbox_recv;
	t1->recv_arg = &in1;
	t2->recv = inbox_recv;
	t2->recv_arg = &in2;
	CU_ASSERT_EQUAL(transport_send(t1, TRANSPORT_ALL, "x", 1), 0);
	CU_ASSERT_EQUAL(transport_send(t2, 1, "y", 1), 0);
	for (i = 0; i < 100 && (in1.n == 0 || in2.n == 0); i++) {
		loop_once(l, 0);
		usleep(1000);
	}
	CU_ASSERT(in1.n == 1 && in1.first[0] == 'y');
	CU_ASSERT(in2.n == 1 && in2.first[0] == 'x');
	CU_ASSERT_PTR_NOT_NULL(strstr(in2.peer, a1));
	CU_ASSERT_EQUAL(t1->stats.sent, 1);
	CU_ASSERT_EQUAL(t2->stats.received, 1);
	transport_free(t1);
	transport_free(t2);
	loop_free(l);
}

static int
test_port(void)
{
	return 20000 + (int)(getpid() % 20000);
}

static void
test_udp_ipv4(void)
{
	udp_pair("127.0.0.1", "127.0.0.2", test_port(), test_port());
}

static void
test_udp_ipv6(void)
{
	udp_pair("::1", "::1", test_port(), test_port() + 1);
}

static void
test_udp_errors(void)
{
	struct loop		*l = loop_new(NULL);
	struct udp_peer		 bad[2] = { { 1, "127.0.0.1", 0 },
				    { 2, "host.example", 0 } };
	struct udp_peer		 mixed[2] = { { 1, "127.0.0.1", 0 },
				    { 2, "::1", 0 } };
	char			*cause = NULL;

	CU_ASSERT_PTR_NULL(udp_new(l, 1, bad, 2, 5405, 1500, &cause));
	U_STREQ(cause, "node 2: 'host.example' is not a numeric IPv4 or "
	    "IPv6 address");
	free(cause);
	CU_ASSERT_PTR_NULL(udp_new(l, 1, mixed, 2, 5405, 1500, &cause));
	U_STREQ(cause, "node 2: address family differs from node 1's "
	    "(127.0.0.1)");
	free(cause);
	CU_ASSERT_PTR_NULL(udp_new(l, 3, mixed, 1, 5405, 1500, &cause));
	U_STREQ(cause, "node 3 has no address");
	free(cause);
	CU_ASSERT_PTR_NULL(udp_new(l, 1, mixed, 1, 70000, 1500, &cause));
	U_STREQ(cause, "port 70000 is out of range 1-65535");
	free(cause);
	loop_free(l);
}

static const struct unit_test sim_tests[] = {
	{ "faults and determinism", test_sim_faults },
	{ "partitions and detach", test_sim_partition },
	{ NULL, NULL }
};

static const struct unit_test udp_tests[] = {
	{ "ipv4 loopback", test_udp_ipv4 },
	{ "ipv6 loopback", test_udp_ipv6 },
	{ "bad addresses", test_udp_errors },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "sim", sim_tests },
	{ "udp", udp_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
