/*
 * fuzz_packet.c: a libFuzzer harness for everything that reads a packet
 * from the network: wire_open (header checks, replay window, AEAD), the
 * ring's decoder ring_decode, and the ring's handlers for every message
 * type in every state. Built by tests/fuzz/build with clang
 * -fsanitize=fuzzer,address,undefined and run by tests/fuzz/run.
 *
 * The input is a sequence of packets, each a 16-bit big-endian length and
 * its bytes. Each packet is (1) opened raw, as from an attacker without
 * the key, which must never succeed; (2) decoded raw by ring_decode; and
 * (3) sealed with the cluster key as node 2 and handed to a fresh ring of
 * node 1 (3 configured nodes, sim transport, virtual clock), whose timers
 * then run for a while, so authenticated but hostile content reaches the
 * protocol's handlers in sequence. A packet the decoder accepts must
 * re-decode identically; a raw packet that opens aborts.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint64_t	fuzz_now;

static uint64_t
fuzz_clock(void *arg)
{
	return fuzz_now;
}

static void
fuzz_deliver(void *arg, uint32_t origin, const char *group,
    const uint8_t *data, size_t len)
{
	if (len > RING_MSG_MAX || strlen(group) > RING_GROUP_MAX)
		abort();
}

static void
fuzz_confchg(void *arg, const struct ring_conf *c)
{
	if (c->nmembers == 0 || c->nmembers > 3)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t	 key[WIRE_KEY_LEN] = "fuzz-key-fuzz-key-fuzz-key-fuzz";
	static const uint32_t	 ids[3] = { 1, 2, 3 };
	struct loop_clock	 clock = { fuzz_clock, NULL };
	struct ring_callbacks	 cb = { fuzz_deliver, fuzz_confchg, NULL, NULL };
	struct ring_config	 cfg;
	struct ring_msg		 m, again;
	struct loop		*loop;
	struct simnet		*net;
	struct transport	*t;
	struct wire		*w, *attacker;
	struct ring		*ring;
	static uint8_t		 sealed[70000], out[70000];
	char			*cause = NULL;
	size_t			 off = 0, len, n, outlen;
	uint32_t		 sender;
	uint64_t		 when;
	int			 i;

	fuzz_now = 1000000;
	loop = loop_new(&clock);
	net = sim_new(loop, 1);
	t = sim_attach(net, 1, 9000);
	w = wire_new(key, "fuzz", 1, 1, 1);
	attacker = wire_new(key, "fuzz", 2, 1, 2);
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
	ring = ring_new(loop, t, w, &cfg, &cb, &cause);
	if (ring == NULL)
		abort();
	ring_join(ring, "g");

	while (size - off >= 2) {
		len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		if (wire_open(w, data + off, len, out, sizeof out, &outlen,
		    &sender) == WIRE_OK)
			abort();	/* forged without the key */
		if (ring_decode(data + off, len, &m) == 0 &&
		    (ring_decode(data + off, len, &again) != 0 ||
		    again.type != m.type || again.seq != m.seq))
			abort();
		n = wire_seal(attacker, data + off, len, sealed,
		    sizeof sealed);
		if (n != 0 && t->recv != NULL)
			t->recv(t->recv_arg, sealed, n, "fuzz");
		for (i = 0; i < 8 && loop_next_timer(loop, &when); i++) {
			if (when > fuzz_now)
				fuzz_now = when;
			loop_run_timers(loop);
		}
		off += len;
	}
	ring_free(ring);
	transport_free(t);
	wire_free(w);
	wire_free(attacker);
	sim_free(net);
	loop_free(loop);
	return 0;
}
