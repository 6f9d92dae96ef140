/*
 * sim.c: the `sim` transport, an in-memory network for deterministic tests.
 * Every attached node gets a struct transport; a datagram it sends becomes
 * a timer on the shared loop (normally on a virtual clock) that hands a
 * copy to the receiver after a random delay. A seeded PRNG decides losses,
 * duplicates and delays (random delays reorder), so one seed replays the
 * same run exactly. Partitions put nodes in groups: only nodes of the same
 * group exchange datagrams, checked when a datagram is sent and again when
 * it arrives (a partition cuts what is in flight). A detached node (its
 * transport freed: a crash) receives nothing more; what it sent before
 * is still delivered, as a real network would. A stalled node (a process
 * that the kernel does not run for a while, on a loaded machine) reads
 * nothing and sends nothing until its stall ends: datagrams to it wait,
 * and those its timers send meanwhile leave when it ends.
 *
 * The PRNG is xoshiro256** seeded through splitmix64 (Blackman and Vigna),
 * written here from the published description.
 */
#include "config.h"

#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "runtime.h"

struct sim_node {
	struct transport	 t;	/* first: the transport is the node */
	struct simnet		*net;
	uint32_t		 id;
	int			 group;
	uint64_t		 busy_until;	/* stalled until (loop time) */
	TAILQ_ENTRY(sim_node)	 entry;
};

struct sim_packet {
	struct loop_timer	 timer;
	struct simnet		*net;
	uint32_t		 from;
	uint32_t		 to;
	int			 group;		/* the sender's, when sent */
	size_t			 len;
	TAILQ_ENTRY(sim_packet)	 entry;
	uint8_t			 data[];
};

struct simnet {
	struct loop			*loop;
	struct sim_rand			 rand;
	struct sim_faults		 faults;
	struct sim_stats		 stats;
	TAILQ_HEAD(, sim_node)		 nodes;
	TAILQ_HEAD(, sim_packet)	 packets;	/* in flight */
};

/* splitmix64: expands a seed into the PRNG's state. */
static uint64_t
sim_splitmix(uint64_t *x)
{
	uint64_t	z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Seed a PRNG. */
void
sim_rand_seed(struct sim_rand *r, uint64_t seed)
{
	int	i;

	for (i = 0; i < 4; i++)
		r->s[i] = sim_splitmix(&seed);
}

static uint64_t
sim_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits (xoshiro256**). */
uint64_t
sim_rand_next(struct sim_rand *r)
{
	uint64_t	result, t;

	result = sim_rotl(r->s[1] * 5, 7) * 9;
	t = r->s[1] << 17;
	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = sim_rotl(r->s[3], 45);
	return result;
}

/* A random number in [0, n); 0 when n is 0. */
uint64_t
sim_rand_below(struct sim_rand *r, uint64_t n)
{
	if (n == 0)
		return 0;
	return sim_rand_next(r) % n;
}

/* A new network on loop with PRNG seed; no faults until told. */
struct simnet *
sim_new(struct loop *loop, uint64_t seed)
{
	struct simnet	*net;

	net = xcalloc(1, sizeof *net);
	net->loop = loop;
	sim_rand_seed(&net->rand, seed);
	TAILQ_INIT(&net->nodes);
	TAILQ_INIT(&net->packets);
	return net;
}

/* Free a packet in flight (its timer is disarmed). */
static void
sim_packet_free(struct sim_packet *p)
{
	loop_timer_del(p->net->loop, &p->timer);
	TAILQ_REMOVE(&p->net->packets, p, entry);
	free(p);
}

/* Free the network and what is in flight; attached transports must be
   freed first. */
void
sim_free(struct simnet *net)
{
	if (net == NULL)
		return;
	while (!TAILQ_EMPTY(&net->packets))
		sim_packet_free(TAILQ_FIRST(&net->packets));
	free(net);
}

/* Set the faults applied from now on. */
void
sim_set_faults(struct simnet *net, const struct sim_faults *f)
{
	net->faults = *f;
}

/* The attached node with this id, or NULL. */
static struct sim_node *
sim_find(struct simnet *net, uint32_t id)
{
	struct sim_node	*n;

	TAILQ_FOREACH(n, &net->nodes, entry) {
		if (n->id == id)
			return n;
	}
	return NULL;
}

/* Put node id in partition group (0 is everyone's at first). */
void
sim_partition(struct simnet *net, uint32_t id, int group)
{
	struct sim_node	*n;

	if ((n = sim_find(net, id)) != NULL)
		n->group = group;
}

/* Put every node back in group 0. */
void
sim_heal(struct simnet *net)
{
	struct sim_node	*n;

	TAILQ_FOREACH(n, &net->nodes, entry)
		n->group = 0;
}

/*
 * Stall node id until loop time `until`: what reaches it meanwhile is
 * read then, and what it sends meanwhile leaves then.
 */
void
sim_stall(struct simnet *net, uint32_t id, uint64_t until)
{
	struct sim_node	*n;

	if ((n = sim_find(net, id)) != NULL && until > n->busy_until)
		n->busy_until = until;
}

/* The network's counters. */
const struct sim_stats *
sim_stats(const struct simnet *net)
{
	return &net->stats;
}

/* Whether from and to can talk now. */
static int
sim_connected(struct simnet *net, uint32_t from, uint32_t to)
{
	struct sim_node	*a, *b;

	a = sim_find(net, from);
	b = sim_find(net, to);
	return a != NULL && b != NULL && a->group == b->group;
}

/* A packet's delay is over: hand it to its receiver. */
static void
sim_arrive(void *arg)
{
	struct sim_packet	*p = arg;
	struct simnet		*net = p->net;
	struct sim_node		*to, *from;
	char			 peer[32];
	uint64_t		 now = loop_now(net->loop);

	to = sim_find(net, p->to);
	if (to != NULL && to->busy_until > now) {
		loop_timer_add(net->loop, &p->timer, to->busy_until - now);
		return;		/* read when the receiver runs again */
	}
	TAILQ_REMOVE(&net->packets, p, entry);
	from = sim_find(net, p->from);
	if (to == NULL || to->group != (from != NULL ? from->group : p->group)) {
		net->stats.cut++;
		free(p);
		return;
	}
	net->stats.delivered++;
	to->t.stats.received++;
	snprintf(peer, sizeof peer, "sim:%u", p->from);
	if (to->t.recv != NULL)
		to->t.recv(to->t.recv_arg, p->data, p->len, peer);
	free(p);
}

/* Put one copy of a datagram in flight with a random delay. */
static void
sim_launch(struct simnet *net, uint32_t from, uint32_t to, const void *buf,
    size_t len)
{
	struct sim_packet	*p;
	struct sim_node		*sender = sim_find(net, from);
	uint64_t		 delay, now = loop_now(net->loop);

	p = xmalloc(sizeof *p + len);
	p->net = net;
	p->from = from;
	p->to = to;
	p->group = sender->group;
	p->len = len;
	memcpy(p->data, buf, len);
	loop_timer_init(&p->timer, sim_arrive, p);
	delay = net->faults.delay_min_us;
	if (net->faults.delay_max_us > delay)
		delay += sim_rand_below(&net->rand,
		    net->faults.delay_max_us - delay + 1);
	if (sender->busy_until > now)
		delay += sender->busy_until - now;	/* sent when it runs */
	TAILQ_INSERT_TAIL(&net->packets, p, entry);
	loop_timer_add(net->loop, &p->timer, delay);
}

/* Send to one receiver, applying loss and duplication. */
static void
sim_send_one(struct simnet *net, uint32_t from, uint32_t to, const void *buf,
    size_t len)
{
	net->stats.sent++;
	if (!sim_connected(net, from, to)) {
		net->stats.cut++;
		return;
	}
	if (sim_rand_below(&net->rand, 1000000) < net->faults.loss_ppm) {
		net->stats.lost++;
		return;
	}
	sim_launch(net, from, to, buf, len);
	if (sim_rand_below(&net->rand, 1000000) < net->faults.dup_ppm) {
		net->stats.duplicated++;
		sim_launch(net, from, to, buf, len);
	}
}

/* transport send: to one node, or to every other attached node. */
static int
sim_send(struct transport *t, uint32_t to, const void *buf, size_t len)
{
	struct sim_node	*self = (struct sim_node *)t, *n;

	if (len > t->mtu) {
		t->stats.send_errors++;
		return -1;
	}
	t->stats.sent++;
	if (to != TRANSPORT_ALL) {
		sim_send_one(self->net, self->id, to, buf, len);
		return 0;
	}
	TAILQ_FOREACH(n, &self->net->nodes, entry) {
		if (n != self)
			sim_send_one(self->net, self->id, n->id, buf, len);
	}
	return 0;
}

/* transport free: detach the node; what is in flight to it is cut. */
static void
sim_transport_free(struct transport *t)
{
	struct sim_node	*n = (struct sim_node *)t;

	TAILQ_REMOVE(&n->net->nodes, n, entry);
	free(n);
}

static const struct transport_ops sim_ops = {
	"sim", sim_send, NULL, sim_transport_free
};

/*
 * Attach node id with datagrams of at most mtu bytes; returns a new
 * transport (freed with transport_free), or NULL if id is attached.
 */
struct transport *
sim_attach(struct simnet *net, uint32_t id, size_t mtu)
{
	struct sim_node	*n;

	if (id == TRANSPORT_ALL || sim_find(net, id) != NULL)
		return NULL;
	n = xcalloc(1, sizeof *n);
	n->t.ops = &sim_ops;
	n->t.mtu = mtu;
	n->net = net;
	n->id = id;
	TAILQ_INSERT_TAIL(&net->nodes, n, entry);
	return &n->t;
}
