/*
 * sim.c: deterministic simulation of the ring (runtime/ring.c): 2 to 7
 * nodes in one process on the `sim` transport and a virtual clock, with a
 * seeded schedule of loss, duplication, delay (reordering), partitions,
 * crashes, restarts and clean leaves, and a workload of small, large
 * (fragmented) and safe messages. After every event the recorded
 * deliveries and configuration changes are checked against the
 * invariants of extended virtual synchrony:
 *
 *   I1  a node delivers only inside a configuration it installed;
 *   I2  each origin's messages reach a node once, in the order sent;
 *   I3  a message's content arrives intact;
 *   I4  deliveries in a regular configuration are, on every node, a
 *       prefix of one sequence (the ring's total order);
 *   I5  nodes that go from ring R to the same new ring deliver the same
 *       messages in R's transitional configuration, in the same order;
 *   I6  a message is delivered in the same ring (regular or its
 *       transitional configuration) by every node that delivers it;
 *   I7  every node that installs a ring sees the same members, itself
 *       among them; its transitional members agree too; joined and left
 *       match the node's previous configuration; ring ids only grow;
 *   I8  after the faults stop, all live nodes form one ring of exactly
 *       the live nodes within a bounded time, and then a message from
 *       each of them reaches all of them (within 60 s of virtual time:
 *       the workload's backlog drains first, slowly with a tight window);
 *   I9  two nodes with quorum (votequorum rules, runtime/quorum.c, with
 *       wait_for_all or auto_tie_breaker drawn per seed) are in
 *       configurations that share a member: quorum is never held by two
 *       disjoint partitions (two_node excepted, as it defines).
 *
 * --rejoin runs another schedule instead of the random faults, the one a
 * loaded machine plays when a fenced node comes back: 3 to 5 nodes form,
 * one crashes and restarts, and for 4 s it stalls again and again (up to
 * 250 ms at a time, or longer when stalls follow each other: the process
 * not run, as when it forks its probes on a machine with a load of 40),
 * while the others stall too, briefly (up to 10 ms at a time: two that
 * overlap stay within the join_us / 2 in which a silent member is failed
 * after a token loss; this simulation runs a stalled node's timers on
 * time, before it reads what came meanwhile, where hacd's loop reads
 * first), with no loss. Besides I1-I9:
 *
 *   I10 no configuration separates the healthy nodes (those that never
 *       stall for long): the slow node may be left out, and rejoin when
 *       it can, but a ring that holds one healthy node holds them all.
 *       A healthy node left out of a quorate ring is fenced.
 *
 * usage: sim [--seeds N] [--seed S] [--first S] [--nodes N] [--rejoin] [-v]
 *        sim --bench [--nodes N]
 *
 * Without arguments it runs the seeds make check runs (100 of each
 * schedule). A failing seed
 * prints the command that replays it; -v prints its events. --bench
 * floods a fault-free ring (one-way delay 50-150 us) with 64 B, 1 KiB and
 * 64 KiB messages and prints what it delivers per virtual second (the
 * protocol's limit, with free CPUs) and the CPU it takes per message.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang.h"
#include "runtime.h"

#define SIM_MAX		7
#define SIM_DEFAULT	100
#define SIM_REJOIN	100	/* and as many --rejoin */
#define SIM_GROUP	"sim"

/* A sequence of message ids (the order of one configuration). */
struct seqlist {
	uint64_t	*v;
	size_t		 n, cap;
};

/* What every node that installed a ring must agree on. */
struct ringrec {
	struct ring_id	 id;
	uint32_t	 members[RING_MAX_NODES];
	size_t		 nmembers;
	struct seqlist	 order;			/* I4 */
	/* Transitional configurations that end in this ring, by prev. */
	struct transrec	*trans;
	size_t		 ntrans;
};

struct transrec {
	struct ring_id	 prev;
	uint32_t	 members[RING_MAX_NODES];
	size_t		 nmembers;
	struct seqlist	 order;			/* I5 */
};

struct simnode {
	int			 idx;
	uint32_t		 id;
	int			 up;		/* running (maybe left) */
	int			 left;
	uint32_t		 inc;		/* incarnation */
	uint32_t		 counter;	/* messages sent */
	struct transport	*t;
	struct wire		*w;
	struct ring		*ring;
	struct quorum		*quorum;
	struct loop_timer	 send_timer;
	/* What the checker knows of this incarnation. */
	int			 installed;
	struct ring_id		 cur;
	uint32_t		 cur_members[RING_MAX_NODES];
	size_t			 ncur;
	struct ringrec		*currec;
	size_t			 pos;		/* in currec->order */
	int			 in_trans;
	struct ring_id		 trans_prev;
	uint32_t		 trans_members[RING_MAX_NODES];
	size_t			 ntrans;
	struct seqlist		 trans_seen;	/* delivered in trans */
	uint32_t		 last_inc[SIM_MAX];
	uint64_t		 last_counter[SIM_MAX];
	uint64_t		 final_seen;	/* bit per origin idx */
	uint64_t		 stalled;	/* --rejoin: until */
};

/* A message id: origin index, incarnation, counter. */
#define MSGID(idx, inc, c)	(((uint64_t)(idx) << 56) | \
	((uint64_t)((inc) & 0xffffff) << 32) | (uint64_t)(c))

/* Where each message was delivered: open addressing on the id. */
struct msgmap {
	uint64_t	*keys;		/* id + 1; 0: free */
	struct ring_id	*rings;
	size_t		 cap, n;
};

struct sim {
	uint64_t		 seed;
	int			 verbose;
	int			 n;
	uint64_t		 now;
	struct loop		*loop;
	struct simnet		*net;
	struct sim_rand		 rand;
	uint8_t			 key[WIRE_KEY_LEN];
	struct simnode		 nodes[SIM_MAX];
	uint32_t		 ids[SIM_MAX];
	struct ring_config	 cfg;
	struct quorum_config	 qcfg;
	struct ringrec		**rings;
	size_t			 nrings;
	struct msgmap		 where;
	int			 sending;	/* workload on */
	int			 final_phase;
	int			 bench;		/* count, check nothing */
	uint32_t		 healthy;	/* I10: bits by index */
	char			*failure;
	uint64_t		 delivered;
	uint64_t		 configs;
	size_t			 mtu;
};

static struct sim	*cur_sim;	/* for the callbacks' failure path */

static void printflike(2, 3)
sim_fail(struct sim *s, const char *fmt, ...)
{
	va_list	ap;

	if (s->failure != NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&s->failure, fmt, ap);
	va_end(ap);
}

static void printflike(2, 3)
sim_trace(struct sim *s, const char *fmt, ...)
{
	va_list	ap;

	if (!s->verbose)
		return;
	printf("%10.3f ", (double)s->now / 1000.0);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static uint64_t
sim_clock(void *arg)
{
	return ((struct sim *)arg)->now;
}

static void
seq_add(struct seqlist *l, uint64_t v)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = v;
}

static int
ring_id_same(const struct ring_id *a, const struct ring_id *b)
{
	return a->rep == b->rep && a->seq == b->seq;
}

/* The record of ring id, made if new. */
static struct ringrec *
sim_ringrec(struct sim *s, const struct ring_id *id)
{
	struct ringrec	*rr;
	size_t		 i;

	for (i = s->nrings; i > 0; i--) {
		if (ring_id_same(&s->rings[i - 1]->id, id))
			return s->rings[i - 1];
	}
	rr = xcalloc(1, sizeof *rr);
	rr->id = *id;
	rr->nmembers = (size_t)-1;
	s->rings = xreallocarray(s->rings, s->nrings + 1, sizeof *s->rings);
	s->rings[s->nrings++] = rr;
	return rr;
}

/* The ring a message was delivered in (I6): record or compare. */
static void
sim_where(struct sim *s, uint64_t msg, const struct ring_id *ring)
{
	struct msgmap	*m = &s->where;
	size_t		 i, cap;
	uint64_t	*oldk;
	struct ring_id	*oldr;

	if (m->n * 2 >= m->cap) {
		oldk = m->keys;
		oldr = m->rings;
		cap = m->cap;
		m->cap = cap == 0 ? 1024 : cap * 2;
		m->keys = xcalloc(m->cap, sizeof *m->keys);
		m->rings = xcalloc(m->cap, sizeof *m->rings);
		m->n = 0;
		for (i = 0; i < cap; i++) {
			if (oldk[i] != 0)
				sim_where(s, oldk[i] - 1, &oldr[i]);
		}
		free(oldk);
		free(oldr);
	}
	i = (size_t)((msg * 0x9e3779b97f4a7c15ULL) >> 20) & (m->cap - 1);
	while (m->keys[i] != 0) {
		if (m->keys[i] == msg + 1) {
			if (!ring_id_same(&m->rings[i], ring))
				sim_fail(s, "I6: message %016llx delivered in "
				    "ring %u/%llu and in ring %u/%llu",
				    (unsigned long long)msg, m->rings[i].rep,
				    (unsigned long long)m->rings[i].seq,
				    ring->rep,
				    (unsigned long long)ring->seq);
			return;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->keys[i] = msg + 1;
	m->rings[i] = *ring;
	m->n++;
}

/* The byte at offset i of message (idx, inc, counter). */
static uint8_t
sim_fill(uint64_t msg, size_t i)
{
	return (uint8_t)((msg * 31 + i * 7) ^ (i >> 8));
}

/* The deliver callback: the checks I1-I6. */
static void
sim_deliver(void *arg, uint32_t origin, const char *group,
    const uint8_t *data, size_t len)
{
	struct simnode		*nd = arg;
	struct sim		*s = cur_sim;
	struct wire_reader	 r;
	struct transrec		*tr = NULL;
	uint64_t		 msg, counter;
	uint32_t		 inc;
	uint8_t			 oidx, final;
	size_t			 i;

	s->delivered++;
	if (s->bench)
		return;
	wire_reader_init(&r, data, len);
	oidx = wire_get8(&r);
	final = wire_get8(&r);
	inc = wire_get32(&r);
	counter = wire_get32(&r);
	if (r.error || oidx >= s->n || s->ids[oidx] != origin ||
	    strcmp(group, SIM_GROUP) != 0) {
		sim_fail(s, "I3: node %u got a message it cannot read from "
		    "%u", nd->id, origin);
		return;
	}
	msg = MSGID(oidx, inc, counter);
	for (i = 10; i < len; i++) {
		if (data[i] != sim_fill(msg, i)) {
			sim_fail(s, "I3: node %u got message %016llx from %u "
			    "corrupted at byte %zu of %zu", nd->id,
			    (unsigned long long)msg, origin, i, len);
			return;
		}
	}
	if (!nd->installed) {
		sim_fail(s, "I1: node %u delivered %016llx before any "
		    "configuration", nd->id, (unsigned long long)msg);
		return;
	}
	/* I2: per origin incarnation, strictly increasing. */
	if (inc < nd->last_inc[oidx] || (inc == nd->last_inc[oidx] &&
	    counter <= nd->last_counter[oidx])) {
		sim_fail(s, "I2: node %u delivered %u's message %u.%llu after "
		    "%u.%llu", nd->id, origin, inc,
		    (unsigned long long)counter, nd->last_inc[oidx],
		    (unsigned long long)nd->last_counter[oidx]);
		return;
	}
	nd->last_inc[oidx] = inc;
	nd->last_counter[oidx] = counter;
	if (final && s->final_phase)
		nd->final_seen |= 1u << oidx;

	if (!nd->in_trans) {
		/* I4: a prefix of the ring's order. */
		struct seqlist	*o = &nd->currec->order;

		if (nd->pos < o->n && o->v[nd->pos] != msg)
			sim_fail(s, "I4: in ring %u/%llu node %u delivered "
			    "%016llx at position %zu where another node "
			    "delivered %016llx", nd->cur.rep,
			    (unsigned long long)nd->cur.seq, nd->id,
			    (unsigned long long)msg, nd->pos,
			    (unsigned long long)o->v[nd->pos]);
		else if (nd->pos == o->n)
			seq_add(o, msg);
		nd->pos++;
		sim_where(s, msg, &nd->cur);
	} else {
		seq_add(&nd->trans_seen, msg);
		sim_where(s, msg, &nd->trans_prev);
	}
	(void)tr;
}

/* Whether two sorted id lists are equal. */
static int
ids_equal(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	return na == nb && memcmp(a, b, na * sizeof *a) == 0;
}

/* Whether id is in a list. */
static int
ids_has(const uint32_t *a, size_t n, uint32_t id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (a[i] == id)
			return 1;
	}
	return 0;
}

/* Print a list for messages. */
static const char *
ids_str(const uint32_t *a, size_t n, char *buf, size_t size)
{
	size_t	i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%u",
		    i ? "," : "", a[i]);
	return buf;
}

/* I5 and I7 for a transitional configuration ending in rr. */
static void
sim_check_trans(struct sim *s, struct simnode *nd, struct ringrec *rr)
{
	struct transrec	*tr = NULL;
	size_t		 i;
	char		 b1[128], b2[128];

	for (i = 0; i < rr->ntrans; i++) {
		if (ring_id_same(&rr->trans[i].prev, &nd->trans_prev))
			tr = &rr->trans[i];
	}
	if (tr == NULL) {
		rr->trans = xreallocarray(rr->trans, rr->ntrans + 1,
		    sizeof *rr->trans);
		tr = &rr->trans[rr->ntrans++];
		memset(tr, 0, sizeof *tr);
		tr->prev = nd->trans_prev;
		memcpy(tr->members, nd->trans_members,
		    nd->ntrans * sizeof *tr->members);
		tr->nmembers = nd->ntrans;
		for (i = 0; i < nd->trans_seen.n; i++)
			seq_add(&tr->order, nd->trans_seen.v[i]);
		return;
	}
	if (!ids_equal(tr->members, tr->nmembers, nd->trans_members,
	    nd->ntrans))
		sim_fail(s, "I7: node %u's transitional configuration from "
		    "%u/%llu to %u/%llu is {%s}, another node's {%s}", nd->id,
		    tr->prev.rep, (unsigned long long)tr->prev.seq, rr->id.rep,
		    (unsigned long long)rr->id.seq,
		    ids_str(nd->trans_members, nd->ntrans, b1, sizeof b1),
		    ids_str(tr->members, tr->nmembers, b2, sizeof b2));
	if (tr->order.n != nd->trans_seen.n ||
	    (tr->order.n > 0 && memcmp(tr->order.v, nd->trans_seen.v,
	    tr->order.n * sizeof *tr->order.v) != 0))
		sim_fail(s, "I5: node %u delivered %zu messages in the "
		    "transitional configuration from %u/%llu to %u/%llu, "
		    "another node %zu, or another order", nd->id,
		    nd->trans_seen.n, tr->prev.rep,
		    (unsigned long long)tr->prev.seq, rr->id.rep,
		    (unsigned long long)rr->id.seq, tr->order.n);
}

/* I10: a regular configuration holds all healthy nodes or none. */
static void
sim_check_healthy(struct sim *s, struct simnode *nd, const struct ring_conf *c)
{
	int	i, in = 0, out = 0;
	char	b[128];

	for (i = 0; i < s->n; i++) {
		if (!(s->healthy >> i & 1))
			continue;
		if (ids_has(c->members, c->nmembers, s->ids[i]))
			in++;
		else
			out++;
	}
	if (in > 0 && out > 0)
		sim_fail(s, "I10: node %u installed ring %u/%llu {%s}, "
		    "without every healthy node", nd->id, c->id.rep,
		    (unsigned long long)c->id.seq,
		    ids_str(c->members, c->nmembers, b, sizeof b));
}

/* The configuration-change callback: the checks of I7. */
static void
sim_confchg(void *arg, const struct ring_conf *c)
{
	struct simnode	*nd = arg;
	struct sim	*s = cur_sim;
	struct ringrec	*rr;
	uint32_t	 expect[RING_MAX_NODES];
	size_t		 i, n;
	char		 b1[128], b2[128];

	s->configs++;
	sim_trace(s, "node %u: %s %u/%llu {%s}", nd->id, c->transitional ?
	    "transitional" : "regular", c->id.rep,
	    (unsigned long long)c->id.seq,
	    ids_str(c->members, c->nmembers, b1, sizeof b1));
	if (!ids_has(c->members, c->nmembers, nd->id)) {
		sim_fail(s, "I7: node %u installed a configuration without "
		    "itself", nd->id);
		return;
	}
	for (i = 1; i < c->nmembers; i++) {
		if (c->members[i - 1] >= c->members[i])
			sim_fail(s, "I7: members out of order");
	}
	if (nd->installed && !ring_id_same(&c->prev, &nd->cur))
		sim_fail(s, "I7: node %u comes from ring %u/%llu, the change "
		    "says %u/%llu", nd->id, nd->cur.rep,
		    (unsigned long long)nd->cur.seq, c->prev.rep,
		    (unsigned long long)c->prev.seq);
	if (c->transitional) {
		if (nd->in_trans || !nd->installed)
			sim_fail(s, "I7: node %u: a transitional configuration "
			    "out of place", nd->id);
		for (i = 0; i < c->nmembers; i++) {
			if (!ids_has(nd->cur_members, nd->ncur, c->members[i]))
				sim_fail(s, "I7: node %u: transitional member "
				    "%u was not in ring %u/%llu", nd->id,
				    c->members[i], nd->cur.rep,
				    (unsigned long long)nd->cur.seq);
		}
		nd->in_trans = 1;
		nd->trans_prev = c->prev;
		memcpy(nd->trans_members, c->members,
		    c->nmembers * sizeof *c->members);
		nd->ntrans = c->nmembers;
		nd->trans_seen.n = 0;
		return;
	}
	if (nd->installed && c->id.seq <= nd->cur.seq)
		sim_fail(s, "I7: node %u: ring seq went from %llu to %llu",
		    nd->id, (unsigned long long)nd->cur.seq,
		    (unsigned long long)c->id.seq);
	rr = sim_ringrec(s, &c->id);
	if (rr->nmembers == (size_t)-1) {
		memcpy(rr->members, c->members,
		    c->nmembers * sizeof *c->members);
		rr->nmembers = c->nmembers;
	} else if (!ids_equal(rr->members, rr->nmembers, c->members,
	    c->nmembers))
		sim_fail(s, "I7: ring %u/%llu has members {%s} at node %u, "
		    "{%s} elsewhere", c->id.rep, (unsigned long long)c->id.seq,
		    ids_str(c->members, c->nmembers, b1, sizeof b1), nd->id,
		    ids_str(rr->members, rr->nmembers, b2, sizeof b2));
	if (nd->in_trans)
		sim_check_trans(s, nd, rr);
	sim_check_healthy(s, nd, c);
	/* joined and left, relative to this node's previous ring. */
	for (i = n = 0; i < c->nmembers; i++) {
		if (!nd->installed ||
		    !ids_has(nd->cur_members, nd->ncur, c->members[i]))
			expect[n++] = c->members[i];
	}
	if (!ids_equal(expect, n, c->joined, c->njoined))
		sim_fail(s, "I7: node %u: joined {%s}, expected {%s}", nd->id,
		    ids_str(c->joined, c->njoined, b1, sizeof b1),
		    ids_str(expect, n, b2, sizeof b2));
	for (i = n = 0; nd->installed && i < nd->ncur; i++) {
		if (!ids_has(c->members, c->nmembers, nd->cur_members[i]))
			expect[n++] = nd->cur_members[i];
	}
	if (!ids_equal(expect, n, c->left, c->nleft))
		sim_fail(s, "I7: node %u: left {%s}, expected {%s}", nd->id,
		    ids_str(c->left, c->nleft, b1, sizeof b1),
		    ids_str(expect, n, b2, sizeof b2));
	quorum_members(nd->quorum, c->members, c->nmembers);
	nd->installed = 1;
	nd->in_trans = 0;
	nd->cur = c->id;
	memcpy(nd->cur_members, c->members, c->nmembers * sizeof *c->members);
	nd->ncur = c->nmembers;
	nd->currec = rr;
	nd->pos = 0;
}

/* Queue one message of the workload at node nd. */
static void
sim_send_one(struct sim *s, struct simnode *nd, int final)
{
	struct wire_writer	 w;
	uint8_t			*buf;
	uint64_t		 msg, kind;
	size_t			 len, i;
	int			 flags;

	kind = sim_rand_below(&s->rand, 1000);
	if (kind < 900)
		len = 10 + sim_rand_below(&s->rand, 200);
	else if (kind < 995)
		len = 10 + sim_rand_below(&s->rand, 6000);
	else
		len = 10 + sim_rand_below(&s->rand, 100000);
	flags = sim_rand_below(&s->rand, 5) == 0 ? RING_SAFE : 0;
	buf = xmalloc(len);
	msg = MSGID(nd->idx, nd->inc, nd->counter + 1);
	wire_writer_init(&w, buf, len);
	wire_put8(&w, (uint8_t)nd->idx);
	wire_put8(&w, (uint8_t)final);
	wire_put32(&w, nd->inc);
	wire_put32(&w, nd->counter + 1);
	for (i = 10; i < len; i++)
		buf[i] = sim_fill(msg, i);
	if (ring_mcast(nd->ring, SIM_GROUP, buf, len, flags) == 0)
		nd->counter++;
	else if (errno != EAGAIN)
		sim_fail(s, "node %u: ring_mcast: %s", nd->id,
		    strerror(errno));
	free(buf);
}

/* Timer: the workload of one node. */
static void
sim_send_fire(void *arg)
{
	struct simnode	*nd = arg;
	struct sim	*s = cur_sim;

	if (!nd->up || nd->left)
		return;
	if (s->sending)
		sim_send_one(s, nd, 0);
	loop_timer_add(s->loop, &nd->send_timer,
	    1000 + sim_rand_below(&s->rand, 30000));
}

static void
sim_log(void *arg, enum ring_log_level level, const char *msg)
{
	struct simnode	*nd = arg;

	sim_trace(cur_sim, "node %u: %s", nd->id, msg);
}

/* Start (or restart) node i. */
static void
sim_start(struct sim *s, int i)
{
	struct simnode		*nd = &s->nodes[i];
	struct ring_callbacks	 cb = { sim_deliver, sim_confchg, sim_log, nd };
	char			*cause = NULL;
	struct ring_config	 cfg = s->cfg;

	nd->up = 1;
	nd->left = 0;
	nd->inc++;
	nd->counter = 0;
	nd->installed = 0;
	nd->in_trans = 0;
	nd->trans_seen.n = 0;
	memset(nd->last_inc, 0, sizeof nd->last_inc);
	memset(nd->last_counter, 0, sizeof nd->last_counter);
	nd->t = sim_attach(s->net, nd->id, s->mtu);
	nd->w = wire_new(s->key, "sim", nd->id, s->now,
	    sim_rand_next(&s->rand));
	cfg.self = nd->id;
	cfg.boot_us = s->now;
	nd->ring = ring_new(s->loop, nd->t, nd->w, &cfg, &cb, &cause);
	if (nd->ring == NULL) {
		sim_fail(s, "ring_new: %s", cause);
		free(cause);
		return;
	}
	if (ring_join(nd->ring, SIM_GROUP) != 0)
		sim_fail(s, "ring_join failed");
	nd->quorum = quorum_new(s->loop, &s->qcfg, NULL, NULL, &cause);
	if (nd->quorum == NULL) {
		sim_fail(s, "quorum_new: %s", cause);
		free(cause);
	}
	loop_timer_init(&nd->send_timer, sim_send_fire, nd);
	loop_timer_add(s->loop, &nd->send_timer,
	    sim_rand_below(&s->rand, 20000));
	sim_trace(s, "node %u: start (incarnation %u)", nd->id, nd->inc);
}

/* Stop node i (a crash: no goodbye). */
static void
sim_stop(struct sim *s, int i)
{
	struct simnode	*nd = &s->nodes[i];

	loop_timer_del(s->loop, &nd->send_timer);
	ring_free(nd->ring);
	quorum_free(nd->quorum);
	nd->quorum = NULL;
	transport_free(nd->t);
	wire_free(nd->w);
	nd->ring = NULL;
	nd->t = NULL;
	nd->w = NULL;
	nd->up = 0;
	nd->left = 0;
	sim_trace(s, "node %u: crash", nd->id);
}

/* I9: quorate nodes are in configurations that share a member. */
static void
sim_check_quorum(struct sim *s)
{
	struct simnode	*a, *b;
	size_t		 k;
	int		 i, j, shared;

	if (s->qcfg.two_node)
		return;
	for (i = 0; i < s->n; i++) {
		a = &s->nodes[i];
		if (!a->up || a->left || !a->installed ||
		    !quorum_status(a->quorum)->quorate)
			continue;
		for (j = i + 1; j < s->n; j++) {
			b = &s->nodes[j];
			if (!b->up || b->left || !b->installed ||
			    !quorum_status(b->quorum)->quorate)
				continue;
			for (k = shared = 0; k < a->ncur; k++) {
				if (ids_has(b->cur_members, b->ncur,
				    a->cur_members[k]))
					shared = 1;
			}
			if (!shared)
				sim_fail(s, "I9: nodes %u and %u both have "
				    "quorum in disjoint configurations "
				    "%u/%llu and %u/%llu", a->id, b->id,
				    a->cur.rep, (unsigned long long)a->cur.seq,
				    b->cur.rep, (unsigned long long)b->cur.seq);
		}
	}
}

/* Run the loop until virtual time `until` or a failure. */
static void
sim_run_until(struct sim *s, uint64_t until)
{
	uint64_t	when;

	while (s->failure == NULL && loop_next_timer(s->loop, &when) &&
	    when <= until) {
		if (when > s->now)
			s->now = when;
		loop_run_timers(s->loop);
		sim_check_quorum(s);
	}
	if (s->now < until)
		s->now = until;
}

/* How many nodes are live (up and not left). */
static int
sim_live(struct sim *s, uint32_t *ids)
{
	int	i, n = 0;

	for (i = 0; i < s->n; i++) {
		if (s->nodes[i].up && !s->nodes[i].left)
			ids[n++] = s->nodes[i].id;
	}
	return n;
}

/* One random fault. */
static void
sim_fault(struct sim *s)
{
	struct sim_faults	f;
	uint32_t		live[SIM_MAX];
	int			i, nlive, what;

	nlive = sim_live(s, live);
	what = (int)sim_rand_below(&s->rand, 100);
	i = (int)sim_rand_below(&s->rand, (uint64_t)s->n);
	if (what < 30) {
		memset(&f, 0, sizeof f);
		f.loss_ppm = (uint32_t)sim_rand_below(&s->rand, 4) == 0 ?
		    (uint32_t)sim_rand_below(&s->rand, 300000) :
		    (uint32_t)sim_rand_below(&s->rand, 30000);
		f.dup_ppm = (uint32_t)sim_rand_below(&s->rand, 50000);
		f.delay_min_us = sim_rand_below(&s->rand, 200);
		f.delay_max_us = f.delay_min_us +
		    sim_rand_below(&s->rand, 3000);
		sim_set_faults(s->net, &f);
		sim_trace(s, "faults: loss %u ppm, dup %u ppm, delay %llu-%llu "
		    "us", f.loss_ppm, f.dup_ppm,
		    (unsigned long long)f.delay_min_us,
		    (unsigned long long)f.delay_max_us);
	} else if (what < 45) {
		for (i = 0; i < s->n; i++)
			sim_partition(s->net, s->ids[i],
			    (int)sim_rand_below(&s->rand, 3));
		sim_trace(s, "partition");
	} else if (what < 60) {
		sim_heal(s->net);
		for (i = 0; i < s->n; i++) {
			if (s->nodes[i].up)
				sim_partition(s->net, s->ids[i], 0);
		}
		sim_trace(s, "heal");
	} else if (what < 75) {
		if (s->nodes[i].up && nlive > 1)
			sim_stop(s, i);
	} else if (what < 90) {
		if (!s->nodes[i].up)
			sim_start(s, i);
		else if (s->nodes[i].left) {
			sim_stop(s, i);
			sim_start(s, i);
		}
	} else {
		if (s->nodes[i].up && !s->nodes[i].left && nlive > 1) {
			ring_leave(s->nodes[i].ring);
			s->nodes[i].left = 1;
			sim_trace(s, "node %u: leave", s->nodes[i].id);
		}
	}
}

/* I8: one ring of exactly the live nodes, operational everywhere. */
static int
sim_converged(struct sim *s)
{
	uint32_t	live[SIM_MAX], ids[RING_MAX_NODES];
	struct ring_id	id, first = { 0, 0 };
	int		i, nlive, have = 0;
	size_t		n;

	nlive = sim_live(s, live);
	for (i = 0; i < s->n; i++) {
		if (!s->nodes[i].up || s->nodes[i].left)
			continue;
		if (ring_state(s->nodes[i].ring) != RING_OPERATIONAL)
			return 0;
		n = ring_members(s->nodes[i].ring, &id, ids);
		if (!ids_equal(ids, n, live, (size_t)nlive))
			return 0;
		if (have && !ring_id_same(&id, &first))
			return 0;
		first = id;
		have = 1;
	}
	return 1;
}

/* Whether every live node has the last message of every live node. */
static int
sim_finals_done(struct sim *s)
{
	uint64_t	want = 0;
	int		i;

	for (i = 0; i < s->n; i++) {
		if (s->nodes[i].up && !s->nodes[i].left)
			want |= 1u << i;
	}
	for (i = 0; i < s->n; i++) {
		if ((want >> i & 1) && (s->nodes[i].final_seen & want) != want)
			return 0;
	}
	return 1;
}

/*
 * The --rejoin schedule: every node starts and they form; one crashes,
 * the others go on without it, then it restarts and, for 4 s, stalls
 * often and long (0-250 ms, which may follow each other) while the
 * others stall now and then, briefly (0-10 ms, never two at once). The
 * others are the healthy nodes of I10.
 */
static void
sim_rejoin(struct sim *s)
{
	uint64_t	t, end, dur;
	int		i, k;

	for (i = 0; i < s->n; i++)
		sim_start(s, i);
	t = s->now;
	while (s->failure == NULL && !sim_converged(s) && s->now < t + 3000000)
		sim_run_until(s, s->now + 10000);
	if (!sim_converged(s)) {
		sim_fail(s, "the %d nodes did not form within 3 s", s->n);
		return;
	}
	k = (int)sim_rand_below(&s->rand, (uint64_t)s->n);
	s->healthy = ((1u << s->n) - 1) & ~(1u << k);
	sim_stop(s, k);
	sim_run_until(s, s->now + 300000 + sim_rand_below(&s->rand, 1200000));
	sim_start(s, k);
	end = s->now + 4000000;
	while (s->failure == NULL && s->now < end) {
		sim_run_until(s, s->now + sim_rand_below(&s->rand, 40000));
		i = sim_rand_below(&s->rand, 2) == 0 ? k :
		    (int)sim_rand_below(&s->rand, (uint64_t)s->n);
		dur = sim_rand_below(&s->rand, i == k ? 250001 : 10001);
		if (i != k && s->nodes[i].stalled > s->now)
			continue;	/* a healthy node's stalls never add up */
		s->nodes[i].stalled = s->now + dur;
		sim_stall(s->net, s->ids[i], s->now + dur);
		sim_trace(s, "node %u: stalls %.1f ms", s->ids[i],
		    (double)dur / 1e3);
	}
}

/* Run one seed (the random faults, or the rejoin schedule); 0 if every
   invariant held. */
static int
sim_seed(uint64_t seed, int nodes, int rejoin, int verbose, double *msgs)
{
	struct sim		 s;
	struct loop_clock	 clock;
	struct sim_faults	 calm = { 0, 0, 50, 300 };
	uint64_t		 t, fault_end, bound;
	uint32_t		 live[SIM_MAX];
	int			 i, nlive, ok;
	size_t			 j;

	memset(&s, 0, sizeof s);
	cur_sim = &s;
	s.seed = seed;
	s.verbose = verbose;
	s.now = 1000000;
	sim_rand_seed(&s.rand, seed);
	if (nodes != 0)
		s.n = nodes;
	else if (rejoin)
		s.n = 3 + (int)sim_rand_below(&s.rand, 3);
	else
		s.n = 2 + (int)sim_rand_below(&s.rand, 6);
	clock.now = sim_clock;
	clock.arg = &s;
	s.loop = loop_new(&clock);
	s.net = sim_new(s.loop, sim_rand_next(&s.rand));
	sim_set_faults(s.net, &calm);
	for (j = 0; j < sizeof s.key; j++)
		s.key[j] = (uint8_t)sim_rand_next(&s.rand);
	{
		static const size_t	mtus[] = { 576, 1500, 9000 };

		s.mtu = mtus[sim_rand_below(&s.rand, 3)] - 48;
	}
	for (i = 0; i < s.n; i++) {
		s.ids[i] = (uint32_t)(i + 1) * 10;
		s.nodes[i].idx = i;
		s.nodes[i].id = s.ids[i];
	}
	s.cfg.nodes = s.ids;
	s.cfg.nnodes = (size_t)s.n;
	s.cfg.token_us = 300000;
	s.cfg.consensus_us = 360000;
	s.cfg.join_us = 50000;
	/* Mostly the defaults; sometimes a tight window or one datagram a
	   visit, to press on flow control. */
	s.cfg.window_size = sim_rand_below(&s.rand, 4) != 0 ? 50 :
	    2 + (unsigned int)sim_rand_below(&s.rand, 20);
	s.cfg.max_messages = sim_rand_below(&s.rand, 4) != 0 ? 17 :
	    1 + (unsigned int)sim_rand_below(&s.rand, 5);
	s.qcfg.ids = s.ids;
	s.qcfg.n = (size_t)s.n;
	switch (sim_rand_below(&s.rand, 4)) {
	case 0:
		s.qcfg.wait_for_all = 1;
		break;
	case 1:
		s.qcfg.auto_tie_breaker = 1;
		s.qcfg.atb_highest = (int)sim_rand_below(&s.rand, 2);
		break;
	case 2:
		s.qcfg.two_node = s.n == 2;
		break;
	}
	s.sending = 1;
	if (rejoin)
		sim_rejoin(&s);
	else {
		for (i = 0; i < s.n; i++) {
			if (sim_rand_below(&s.rand, 4) != 0 || i == 0)
				sim_start(&s, i);
		}
	}

	/* Faults for 20 s of virtual time, an event every 0-1.5 s. */
	fault_end = s.now + 20000000;
	while (!rejoin && s.failure == NULL && s.now < fault_end) {
		t = s.now + sim_rand_below(&s.rand, 1500000);
		sim_run_until(&s, t);
		if (s.failure == NULL)
			sim_fault(&s);
	}

	/* Calm: heal, no loss; live nodes must converge in bound. */
	sim_set_faults(s.net, &calm);
	sim_heal(s.net);
	sim_trace(&s, "faults stop");
	bound = 2 * s.cfg.token_us + 2 * s.cfg.consensus_us + 2000000;
	t = s.now;
	while (s.failure == NULL && !sim_converged(&s) && s.now < t + bound)
		sim_run_until(&s, s.now + 10000);
	if (s.failure == NULL && !sim_converged(&s)) {
		nlive = sim_live(&s, live);
		sim_fail(&s, "I8: the %d live nodes formed no single ring "
		    "within %.1f s after the faults stopped", nlive,
		    (double)bound / 1e6);
		for (i = 0; i < s.n; i++) {
			if (s.nodes[i].up && !s.nodes[i].left)
				fprintf(stderr, "  node %u: %s\n",
				    s.nodes[i].id, ring_state_name(
				    ring_state(s.nodes[i].ring)));
		}
	}
	if (s.failure == NULL)
		sim_trace(&s, "converged after %.3f s",
		    (double)(s.now - t) / 1e6);

	/* Then a message from each live node reaches every live node. */
	s.sending = 0;
	s.final_phase = 1;
	if (s.failure == NULL) {
		sim_run_until(&s, s.now + 2000000);
		for (i = 0; i < s.n; i++) {
			if (s.nodes[i].up && !s.nodes[i].left)
				sim_send_one(&s, &s.nodes[i], 1);
		}
		/* The backlog of the workload drains first: with a tight
		   window that takes a while. */
		t = s.now;
		while (s.failure == NULL && !sim_finals_done(&s) &&
		    s.now < t + 60000000)
			sim_run_until(&s, s.now + 100000);
		sim_trace(&s, "the last messages arrived after %.3f s",
		    (double)(s.now - t) / 1e6);
		for (i = 0; s.failure == NULL && i < s.n; i++) {
			uint64_t	want = 0;
			int		k;

			if (!s.nodes[i].up || s.nodes[i].left)
				continue;
			for (k = 0; k < s.n; k++) {
				if (s.nodes[k].up && !s.nodes[k].left)
					want |= 1u << k;
			}
			if ((s.nodes[i].final_seen & want) != want)
				sim_fail(&s, "I8: node %u did not get the last "
				    "message of every live node", s.nodes[i].id);
		}
	}

	ok = s.failure == NULL;
	if (!ok)
		fprintf(stderr, "sim: seed %llu (%d nodes, mtu %zu, window %u, "
		    "max_messages %u) failed at %.3f s: %s\n",
		    (unsigned long long)seed, s.n, s.mtu + 48,
		    s.cfg.window_size, s.cfg.max_messages,
		    (double)s.now / 1e6, s.failure);
	*msgs += (double)s.delivered;
	for (i = 0; i < s.n; i++) {
		if (s.nodes[i].up)
			sim_stop(&s, i);
		free(s.nodes[i].trans_seen.v);
	}
	for (j = 0; j < s.nrings; j++) {
		size_t	k;

		for (k = 0; k < s.rings[j]->ntrans; k++)
			free(s.rings[j]->trans[k].order.v);
		free(s.rings[j]->trans);
		free(s.rings[j]->order.v);
		free(s.rings[j]);
	}
	free(s.rings);
	free(s.where.keys);
	free(s.where.rings);
	free(s.failure);
	sim_free(s.net);
	loop_free(s.loop);
	return ok ? 0 : -1;
}

/* Flood a ring of n nodes with messages of size bytes from senders
   nodes; print the figures. */
static void
sim_bench(int n, int senders, size_t size)
{
	struct sim		 s;
	struct loop_clock	 vclock;
	struct sim_faults	 f = { 0, 0, 50, 150 };
	uint8_t			*buf;
	uint64_t		 start, t;
	clock_t			 cpu;
	int			 i, k;
	double			 vsec;

	memset(&s, 0, sizeof s);
	cur_sim = &s;
	s.bench = 1;
	s.now = 1000000;
	s.n = n;
	vclock.now = sim_clock;
	vclock.arg = &s;
	s.loop = loop_new(&vclock);
	s.net = sim_new(s.loop, 1);
	sim_set_faults(s.net, &f);
	s.mtu = 1500 - 48;
	for (i = 0; i < n; i++) {
		s.ids[i] = (uint32_t)i + 1;
		s.nodes[i].idx = i;
		s.nodes[i].id = s.ids[i];
	}
	s.cfg.nodes = s.ids;
	s.cfg.nnodes = (size_t)n;
	s.cfg.token_us = 1000000;
	s.cfg.consensus_us = 1200000;
	s.cfg.join_us = 50000;
	s.cfg.window_size = 50;
	s.cfg.max_messages = 17;
	s.qcfg.ids = s.ids;
	s.qcfg.n = (size_t)n;
	for (i = 0; i < n; i++)
		sim_start(&s, i);
	sim_run_until(&s, s.now + 500000);
	for (i = 0; i < n; i++)
		loop_timer_del(s.loop, &s.nodes[i].send_timer);
	buf = xcalloc(1, size);
	s.delivered = 0;
	start = s.now;
	cpu = clock();
	for (t = 0; t < 200 && s.failure == NULL; t++) {
		/* Keep every sender's queue topped up, 10 ms at a time. */
		for (i = 0; i < senders; i++) {
			for (k = 0; k < 100000 && ring_mcast(s.nodes[i].ring,
			    SIM_GROUP, buf, size, 0) == 0; k++)
				;
		}
		sim_run_until(&s, s.now + 10000);
	}
	vsec = (double)(s.now - start) / 1e6;
	cpu = clock() - cpu;
	printf("bench: %d nodes, %d sender%s, %6zu B: %9.0f msgs/s "
	    "%8.1f MB/s per node (virtual), %5.2f us of CPU per delivery%s\n",
	    n, senders, senders > 1 ? "s" : " ", size,
	    (double)s.delivered / n / vsec,
	    (double)s.delivered / n / vsec * (double)size / 1e6,
	    s.delivered == 0 ? 0.0 : (double)cpu / CLOCKS_PER_SEC * 1e6 /
	    (double)s.delivered, s.failure != NULL ? " FAILED" : "");
	if (s.failure != NULL)
		fprintf(stderr, "bench: %s\n", s.failure);
	free(buf);
	for (i = 0; i < n; i++)
		sim_stop(&s, i);
	sim_free(s.net);
	loop_free(s.loop);
}

/* Run seeds first.. of a schedule; the number that failed (stops at 5). */
static int
sim_seeds(uint64_t first, uint64_t seeds, int nodes, int rejoin, int verbose,
    int one, uint64_t *ran, double *msgs)
{
	uint64_t	seed;
	int		failed = 0;

	for (seed = first; seed < first + seeds; seed++) {
		(*ran)++;
		if (sim_seed(seed, nodes, rejoin, verbose, msgs) == 0)
			continue;
		failed++;
		if (nodes != 0)
			fprintf(stderr, "sim: replay: tests/ring/sim "
			    "%s--seed %llu --nodes %d -v\n",
			    rejoin ? "--rejoin " : "",
			    (unsigned long long)seed, nodes);
		else
			fprintf(stderr, "sim: replay: tests/ring/sim "
			    "%s--seed %llu -v\n", rejoin ? "--rejoin " : "",
			    (unsigned long long)seed);
		if (one || failed >= 5)
			break;
	}
	return failed;
}

static void
usage(void)
{
	fprintf(stderr, "usage: sim [--seeds N] [--seed S] [--first S] "
	    "[--nodes N] [--rejoin] [-v]\n       sim --bench [--nodes N]\n");
	exit(2);
}

/* A number argument, or usage. */
static uint64_t
number(const char *opt, const char *arg, uint64_t min, uint64_t max)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0' || end == arg || v < min || v > max) {
		fprintf(stderr, "sim: %s takes a number from %llu to %llu, "
		    "not '%s'\n", opt, (unsigned long long)min,
		    (unsigned long long)max, arg);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seeds", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "first", required_argument, NULL, 'f' },
		{ "nodes", required_argument, NULL, 'N' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "bench", no_argument, NULL, 'b' },
		{ "rejoin", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t	seeds = SIM_DEFAULT, first = 1, ran = 0;
	int		ch, nodes = 0, verbose = 0, one = 0, failed = 0;
	int		bench = 0, rejoin = 0, both = 1;
	double		msgs = 0;
	clock_t		started = clock();

	while ((ch = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			seeds = number("--seeds", optarg, 1, 100000000);
			both = 0;
			break;
		case 's':
			first = number("--seed", optarg, 0, UINT64_MAX);
			seeds = 1;
			one = 1;
			both = 0;
			break;
		case 'f':
			first = number("--first", optarg, 0, UINT64_MAX);
			break;
		case 'N':
			nodes = (int)number("--nodes", optarg, 2, SIM_MAX);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'b':
			bench = 1;
			break;
		case 'r':
			rejoin = 1;
			both = 0;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (bench) {
		static const size_t	sizes[] = { 64, 1024, 65536 };
		size_t			i;

		for (i = 0; i < nitems(sizes); i++) {
			sim_bench(nodes != 0 ? nodes : 3, 1, sizes[i]);
			sim_bench(nodes != 0 ? nodes : 3, nodes != 0 ? nodes :
			    3, sizes[i]);
		}
		return 0;
	}
	failed = sim_seeds(first, seeds, nodes, rejoin, verbose, one, &ran,
	    &msgs);
	if (both && failed == 0)
		failed = sim_seeds(first, SIM_REJOIN, nodes, 1, verbose, one,
		    &ran, &msgs);
	printf("sim: %llu seeds from %llu, %.0f deliveries checked in %.1f s "
	    "of CPU\n", (unsigned long long)ran, (unsigned long long)first,
	    msgs, (double)(clock() - started) / CLOCKS_PER_SEC);
	printf("%llu passed, %d failed\n",
	    (unsigned long long)(ran - (uint64_t)failed), failed);
	return failed == 0 ? 0 : 1;
}
