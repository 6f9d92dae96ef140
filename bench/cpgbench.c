/*
 * cpgbench.c: the same benchmark application as ringbench.c, on Corosync
 * through libcpg, for bench/ring's side-by-side figures. It is built by
 * bench/ring (cc cpgbench.c -lcpg) when libcpg is installed, and talks to
 * the corosync of its network namespace. Output as ringbench's: lines
 * that start with the wall clock in milliseconds.
 *
 * usage: cpgbench NNODES watch
 *        cpgbench NNODES throughput SIZE SENDERS SECONDS RANK
 *        cpgbench NNODES latency SIZE COUNT RANK
 *
 * RANK is this node's place (0 first) among the nodes by id: the first
 * SENDERS ranks send (rank 0 alone for latency). Messages are agreed
 * (CPG_TYPE_AGREED), Corosync's total order.
 */
#include <sys/uio.h>

#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <corosync/cpg.h>

static const char	*mode;
static size_t		 nnodes, size, count, nlat, members;
static int		 sender, senders;
static uint64_t		 seconds, first, msgs, *lat;

static uint64_t
mono_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static uint64_t
wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid,
    uint32_t pid, void *msg, size_t len)
{
	const uint8_t	*d = msg;
	uint64_t	 now = mono_us(), sent = 0;
	size_t		 i;

	if (first == 0)
		first = now;
	msgs++;
	if (strcmp(mode, "latency") == 0 && len >= 8 && nlat < count) {
		for (i = 0; i < 8; i++)
			sent = sent << 8 | d[i];
		lat[nlat++] = now - sent;
	}
}

static void
confchg(cpg_handle_t h, const struct cpg_name *g,
    const struct cpg_address *m, size_t nm, const struct cpg_address *l,
    size_t nl, const struct cpg_address *j, size_t nj)
{
	members = nm;
	printf("%llu config %zu\n", (unsigned long long)wall_ms(), nm);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	cpg_callbacks_t	 cb = { deliver, confchg };
	cpg_handle_t	 h;
	struct cpg_name	 g;
	struct pollfd	 pfd;
	struct iovec	 iov;
	uint8_t		*buf;
	uint64_t	 now, next = 0, v, sent = 0;
	size_t		 i;
	int		 fd, k, rank = 0;

	if (argc < 3)
		return 2;
	nnodes = strtoul(argv[1], NULL, 10);
	mode = argv[2];
	if (strcmp(mode, "throughput") == 0 && argc == 7) {
		size = strtoul(argv[3], NULL, 10);
		senders = atoi(argv[4]);
		seconds = strtoull(argv[5], NULL, 10);
		rank = atoi(argv[6]);
	} else if (strcmp(mode, "latency") == 0 && argc == 6) {
		size = strtoul(argv[3], NULL, 10);
		count = strtoul(argv[4], NULL, 10);
		rank = atoi(argv[5]);
		senders = 1;
		if (size < 8)
			size = 8;
	} else if (strcmp(mode, "watch") != 0) {
		fprintf(stderr, "cpgbench: bad arguments\n");
		return 2;
	}
	sender = rank < senders;
	buf = calloc(1, size + 1);
	lat = calloc(count + 1, sizeof *lat);
	if (cpg_initialize(&h, &cb) != CS_OK) {
		fprintf(stderr, "cpgbench: cpg_initialize failed\n");
		return 1;
	}
	memset(&g, 0, sizeof g);
	g.length = 5;
	memcpy(g.value, "bench", 5);
	if (cpg_join(h, &g) != CS_OK) {
		fprintf(stderr, "cpgbench: cpg_join failed\n");
		return 1;
	}
	cpg_fd_get(h, &fd);
	pfd.fd = fd;
	pfd.events = POLLIN;
	iov.iov_base = buf;
	iov.iov_len = size;
	for (;;) {
		poll(&pfd, 1, 1);
		if (cpg_dispatch(h, CS_DISPATCH_ALL) != CS_OK)
			break;
		now = mono_us();
		if (strcmp(mode, "throughput") == 0) {
			if (sender && members == nnodes) {
				for (k = 0; k < 1000 && cpg_mcast_joined(h,
				    CPG_TYPE_AGREED, &iov, 1) == CS_OK; k++)
					;
			}
			if (first != 0 && now - first >= seconds * 1000000) {
				printf("%llu throughput %.0f %.2f\n",
				    (unsigned long long)wall_ms(),
				    (double)msgs / (double)seconds,
				    (double)msgs * (double)size /
				    (double)seconds / 1e6);
				break;
			}
		} else if (strcmp(mode, "latency") == 0) {
			if (sender && members == nnodes && sent < count &&
			    now >= next) {
				for (v = now, i = 0; i < 8; i++, v <<= 8)
					buf[i] = (uint8_t)(v >> 56);
				if (cpg_mcast_joined(h, CPG_TYPE_AGREED, &iov,
				    1) == CS_OK)
					sent++;
				next = now + 2000;
			}
			if (nlat == count || (first != 0 &&
			    now - first > 10000000 + 2000 * count)) {
				qsort(lat, nlat, sizeof *lat, cmp);
				printf("%llu latency %llu %llu\n",
				    (unsigned long long)wall_ms(),
				    nlat ? (unsigned long long)lat[nlat / 2] : 0,
				    nlat ? (unsigned long long)
				    lat[nlat * 99 / 100] : 0);
				break;
			}
		}
		fflush(stdout);
	}
	cpg_leave(h, &g);
	cpg_finalize(h);
	return 0;
}
