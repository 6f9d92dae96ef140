/*
 * ringbench.c: one node of hacc's ring with a benchmark application on
 * top, for bench/ring (which runs one per network namespace). It reads
 * the policy's cluster block as hacd does and uses the ring in process,
 * as the resource manager will. Every line it prints starts with the
 * wall clock in milliseconds, so that bench/ring can line events up with
 * the moment it killed a node.
 *
 * usage: ringbench POLICY NODE watch
 *        ringbench POLICY NODE throughput SIZE SENDERS SECONDS
 *        ringbench POLICY NODE latency SIZE COUNT
 *
 * watch prints "MS config N" at each regular configuration (N members).
 * throughput waits for all nodes, then the first SENDERS nodes (by id)
 * keep the ring busy with SIZE-byte messages; each node prints "MS
 * throughput MSGS/S MB/S" over SECONDS from its first delivery. latency:
 * the first node sends COUNT messages, one every 2 ms, stamped with the
 * monotonic clock; each node prints "MS latency P50 P99" in microseconds.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compiler.h"
#include "runtime.h"

#define BENCH_GROUP	"bench"

struct bench {
	struct loop		*loop;
	struct ring		*ring;
	const char		*mode;
	size_t			 size;
	int			 senders;
	int			 sender;
	uint64_t		 seconds;
	size_t			 count;
	size_t			 nnodes;
	int			 all;		/* every node is a member */
	uint64_t		 first;		/* first delivery (us) */
	uint64_t		 msgs;
	uint64_t		*lat;
	size_t			 nlat;
	size_t			 sent;
	uint8_t			*buf;
	struct loop_timer	 timer;
};

static uint64_t
bench_wall_ms(void)
{
	return loop_realtime() / 1000;
}

static int
bench_cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
bench_deliver(void *arg, uint32_t origin, const char *group,
    const uint8_t *data, size_t len)
{
	struct bench	*b = arg;
	uint64_t	 now = loop_monotonic(NULL), sent;
	size_t		 i;

	if (b->first == 0)
		b->first = now;
	b->msgs++;
	if (strcmp(b->mode, "latency") == 0 && len >= 8 && b->nlat < b->count) {
		for (sent = 0, i = 0; i < 8; i++)
			sent = sent << 8 | data[i];
		b->lat[b->nlat++] = now - sent;
	}
}

static void
bench_confchg(void *arg, const struct ring_conf *c)
{
	struct bench	*b = arg;

	if (c->transitional)
		return;
	printf("%llu config %zu\n", (unsigned long long)bench_wall_ms(),
	    c->nmembers);
	fflush(stdout);
	b->all = c->nmembers == b->nnodes;
}

/* Timer: keep the queue full, send a latency probe, or report. */
static void
bench_tick(void *arg)
{
	struct bench		*b = arg;
	const struct ring_stats	*st;
	uint64_t		 now = loop_monotonic(NULL), v;
	size_t			 i;
	int			 k;

	if (strcmp(b->mode, "throughput") == 0) {
		if (b->sender && b->all) {
			for (k = 0; k < 1000 && ring_mcast(b->ring,
			    BENCH_GROUP, b->buf, b->size, 0) == 0; k++)
				;
		}
		if (b->first != 0 && now - b->first >= b->seconds * 1000000) {
			st = ring_stats(b->ring);
			printf("%llu throughput %.0f %.2f (retransmits %llu, "
			    "requested %llu, token retransmits %llu)\n",
			    (unsigned long long)bench_wall_ms(),
			    (double)b->msgs / (double)b->seconds,
			    (double)b->msgs * (double)b->size /
			    (double)b->seconds / 1e6,
			    (unsigned long long)st->retransmits,
			    (unsigned long long)st->rtr_requested,
			    (unsigned long long)st->token_retransmits);
			loop_stop(b->loop);
			return;
		}
		loop_timer_add(b->loop, &b->timer, 1000);
		return;
	}
	/* latency */
	if (b->sender && b->all && b->sent < b->count) {
		for (v = now, i = 0; i < 8; i++, v <<= 8)
			b->buf[i] = (uint8_t)(v >> 56);
		if (ring_mcast(b->ring, BENCH_GROUP, b->buf, b->size, 0) == 0)
			b->sent++;
	}
	if (b->nlat == b->count || (b->first != 0 &&
	    now - b->first > 10000000 + 2000 * b->count)) {
		qsort(b->lat, b->nlat, sizeof *b->lat, bench_cmp);
		printf("%llu latency %llu %llu\n",
		    (unsigned long long)bench_wall_ms(),
		    b->nlat ? (unsigned long long)b->lat[b->nlat / 2] : 0,
		    b->nlat ? (unsigned long long)b->lat[b->nlat * 99 / 100] :
		    0);
		loop_stop(b->loop);
		return;
	}
	loop_timer_add(b->loop, &b->timer, 2000);
}

static void
bench_signal(int signo, void *arg)
{
	struct bench	*b = arg;

	ring_leave(b->ring);
	loop_stop(b->loop);
}

int
main(int argc, char **argv)
{
	struct bench		 b;
	struct ctx		*ctx;
	struct model		*m;
	struct transport	*t;
	struct wire		*w;
	struct udp_peer		 peers[RING_MAX_NODES];
	uint32_t		 ids[RING_MAX_NODES];
	struct ring_config	 rc;
	struct ring_callbacks	 cb;
	uint8_t			 key[WIRE_KEY_LEN];
	uint64_t		 salt;
	char			*cause = NULL;
	size_t			 i, self = 0, rank = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: ringbench POLICY NODE watch|throughput "
		    "SIZE SENDERS SECONDS|latency SIZE COUNT\n");
		return 2;
	}
	memset(&b, 0, sizeof b);
	b.mode = argv[3];
	if (strcmp(b.mode, "throughput") == 0 && argc == 7) {
		b.size = strtoul(argv[4], NULL, 10);
		b.senders = atoi(argv[5]);
		b.seconds = strtoull(argv[6], NULL, 10);
	} else if (strcmp(b.mode, "latency") == 0 && argc == 6) {
		b.size = strtoul(argv[4], NULL, 10);
		b.count = strtoul(argv[5], NULL, 10);
		if (b.size < 8)
			b.size = 8;
	} else if (strcmp(b.mode, "watch") != 0 || argc != 4) {
		fprintf(stderr, "ringbench: bad arguments\n");
		return 2;
	}
	ctx = ctx_new();
	if ((m = compile_file(ctx, argv[1])) == NULL) {
		fprintf(stderr, "ringbench: %s has errors\n", argv[1]);
		return 1;
	}
	b.nnodes = m->nnodes;
	for (i = 0; i < m->nnodes; i++) {
		ids[i] = m->nodes[i]->id;
		peers[i].id = ids[i];
		peers[i].addr = m->nodes[i]->addrs[0];
		peers[i].port = 0;
		if (strcmp(m->nodes[i]->name, argv[2]) == 0)
			self = i;
	}
	for (i = 0; i < m->nnodes; i++) {
		if (ids[i] < ids[self])
			rank++;
	}
	b.sender = (int)rank < b.senders || (strcmp(b.mode, "latency") == 0 &&
	    rank == 0);
	if (wire_key_read(m->ring.key_file, key, &cause) == -1) {
		fprintf(stderr, "ringbench: %s\n", cause);
		return 1;
	}
	b.loop = loop_new(NULL);
	t = udp_new(b.loop, ids[self], peers, m->nnodes, m->ring.port,
	    (size_t)m->ring.mtu, &cause);
	if (t == NULL) {
		fprintf(stderr, "ringbench: %s\n", cause);
		return 1;
	}
	wire_random(&salt, sizeof salt);
	w = wire_new(key, m->cluster_name, ids[self], bench_wall_ms() * 1000,
	    salt);
	memset(&rc, 0, sizeof rc);
	rc.self = ids[self];
	rc.nodes = ids;
	rc.nnodes = m->nnodes;
	rc.token_us = m->ring.token_ms * 1000;
	rc.consensus_us = m->ring.consensus_ms * 1000;
	rc.join_us = m->ring.join_ms * 1000;
	rc.window_size = (unsigned int)m->ring.window_size;
	rc.max_messages = (unsigned int)m->ring.max_messages;
	rc.boot_us = bench_wall_ms() * 1000;
	cb.deliver = bench_deliver;
	cb.confchg = bench_confchg;
	cb.log = NULL;
	cb.arg = &b;
	if ((b.ring = ring_new(b.loop, t, w, &rc, &cb, &cause)) == NULL) {
		fprintf(stderr, "ringbench: %s\n", cause);
		return 1;
	}
	ring_join(b.ring, BENCH_GROUP);
	ctx_free(ctx);
	b.buf = xcalloc(1, b.size > 0 ? b.size : 1);
	b.lat = xcalloc(b.count + 1, sizeof *b.lat);
	loop_signal(b.loop, SIGTERM, bench_signal, &b, &cause);
	loop_timer_init(&b.timer, bench_tick, &b);
	if (strcmp(b.mode, "watch") != 0)
		loop_timer_add(b.loop, &b.timer, 1000);
	loop_run(b.loop);
	ring_free(b.ring);
	transport_free(t);
	wire_free(w);
	loop_free(b.loop);
	free(b.buf);
	free(b.lat);
	return 0;
}
