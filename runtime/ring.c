/*
 * ring.c: totally ordered, reliable multicast with membership: the ring.
 * It sits on a transport (sim.c, udp.c) through wire.c, which seals every
 * packet, and serves the resource manager above through ring_join,
 * ring_mcast and the deliver and configuration-change callbacks.
 *
 * BACKGROUND
 * The protocol follows Totem SRP: Y. Amir, L. E. Moser, P. M.
 * Melliar-Smith, D. A. Agarwal, P. Ciarfella, "The Totem single-ring
 * ordering and membership protocol", ACM Transactions on Computer Systems
 * 13(4), 1995. A token circulates among the members in id order; only its
 * holder multicasts, stamping each datagram with the next sequence number
 * from the token, so the sequence is the total order. The token also
 * carries retransmission requests and the all-received-up-to (aru) value
 * that tells when every member holds a message. When the token is lost,
 * or another ring is heard, the members gather, agree on a new membership
 * (consensus on JOIN messages), pass a commit token that collects each
 * member's state, recover the messages of the old rings, and install the
 * new ring with extended virtual synchrony: a transitional configuration,
 * then the regular one, delivered at the same point by every member that
 * comes from the same old ring.
 *
 * BEHAVIOR
 * - Datagrams carry a sequence number (seq); small messages are packed
 *   into one datagram, large ones fragmented (offset and total in every
 *   fragment). Delivery is in seq order; a datagram holding a RING_SAFE
 *   message waits until the token shows that every member holds it.
 * - The token carries up to RING_RTR_MAX missing seqs (fewer if the MTU
 *   is small); a holder that has
 *   one sends it again. Each visit sends at most max_messages datagrams,
 *   and none while seq - aru >= window_size: a slow member holds the aru
 *   back, which stops every sender (flow control without unbounded
 *   buffers). A full send queue makes ring_mcast fail with EAGAIN.
 * - The holder of an idle ring keeps the token hold_us before passing it,
 *   unless a message is queued meanwhile (it is sent at once).
 * - A holder passes the token on before it broadcasts the datagrams of
 *   its visit (they are numbered and kept first), so the next holder
 *   works while they travel; a member asks for a missing seq only when
 *   it is still missing a rotation later.
 * - A holder retransmits the token every token_us / 5 until it sees the
 *   ring move on; a member that sees no token for token_us gathers.
 * - Membership: JOINs (proc set, fail set) are broadcast until every
 *   member of proc - fail sent the same sets; the lowest id then sends the
 *   commit token twice around (collect, then distribute). A member of our
 *   ring that fell silent (nothing from it, nor a token of our ring, for
 *   token_us / 2 before the gather) and says nothing within join_us / 2
 *   of it is failed at once: after a crash, the survivors agree as soon
 *   as their JOINs meet, without a fixed consensus wait. Anyone else (a
 *   node that starts, another ring's, a member alive just before) is
 *   failed only when it does not agree consensus_us after our view last
 *   changed. A node outside our ring that fails members of our ring we
 *   know alive is failed itself, rather than they (a node that comes
 *   back after a stall or a restart must not split a healthy ring), and
 *   an operational node ignores such a node's JOIN that fails it (they
 *   merge once it has formed).
 * - Recovery: each member rebroadcasts, inside the new ring, the old
 *   ring's datagrams above the lowest aru of its old ring's survivors;
 *   when a full rotation shows every member holding everything, the
 *   representative sets INSTALL on the token and each member installs on
 *   its visit: old-ring datagrams in order while contiguous and (if safe)
 *   known stable, then the transitional configuration, then the rest of
 *   the old ring's datagrams (skipping those nobody kept), then the
 *   regular configuration.
 * - A clean leave is a LEAVE broadcast; the others gather at once with
 *   the leaver failed and report it with RING_REASON_LEAVE.
 * - The representative of a ring that lacks some configured node
 *   broadcasts MERGE every token_us / 2, so partitions find each other.
 *
 * INVARIANTS
 * - Within a ring, every member delivers datagrams in seq order and each
 *   at most once; regular-configuration deliveries are a prefix of the
 *   ring's seq order on every member.
 * - Members coming from the same old ring into the same new ring deliver
 *   the same old-ring messages, and the transitional configuration at the
 *   same point.
 * - seq - aru <= window_size + max_messages after any visit; the stores
 *   hold at most their capacity and drop (never grow for) anything beyond.
 * - Nothing read from the network sizes an allocation: datagrams are
 *   copied up to the transport's MTU, reassembly grows with the fragments
 *   that arrive and stops at RING_MSG_MAX.
 *
 * DEVIATIONS from the paper
 * - Node sets are bitmasks over the configured nodes (at most
 *   RING_MAX_NODES): membership is drawn from the policy, not discovered.
 * - The aru on the token is recomputed each rotation as the minimum of
 *   the members' values (accumulated from the representative round),
 *   instead of the paper's aru_id rule: a simpler, always-conservative
 *   bound.
 * - Fast failure in gather (above) instead of only the consensus timeout,
 *   for members of our ring that fell silent; a node outside our ring
 *   that fails live members of it is failed, not followed; an agreement
 *   whose commit token does not come in consensus_us is forgotten (who
 *   does not repeat it is failed consensus_us later), rather than its
 *   representative failed: any member the token passes may be the slow
 *   one.
 * - The recovery rebroadcasts every held datagram above the old ring's
 *   lowest aru (receivers drop duplicates) rather than only those some
 *   member lacks, and stops accepting plain old-ring datagrams once the
 *   commit token has recorded our state, so all survivors compute the
 *   same set.
 * - Groups are a filter on delivery (ring_join), not a membership of
 *   their own; every member orders every message.
 * - The commit token goes around twice; the first regular token starts
 *   recovery. Ring sequence numbers start at the boot time (boot_us), so
 *   a restarted node never reuses a ring id.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "runtime.h"

#define MSG_MCAST	1
#define MSG_TOKEN	2
#define MSG_JOIN	3
#define MSG_COMMIT	4
#define MSG_LEAVE	5
#define MSG_MERGE	6

#define MCAST_SAFE	0x1	/* holds a RING_SAFE message */
#define MCAST_RECOVERED	0x2	/* body: an old ring's datagram */

#define TOKEN_INSTALL	0x1
#define TOKEN_RECDONE	0x2	/* everyone so far sent their recovery */

#define ENTRY_FRAG	0x1

#define MCAST_HEADER	(1 + 1 + 12 + 8 + 4)
#define TOKEN_HEADER	(1 + 12 + 8 * 4 + 1 + 2)
#define COMMIT_HEADER	(1 + 12 + 8 + 1 + 4 + 4)
#define COMMIT_LINE	(1 + 12 + 8 * 3)
#define PKT_MAX		65536

/* A datagram kept for delivery and retransmission. */
struct ring_slot {
	uint64_t	 seq;
	uint8_t		*pkt;		/* its inner encoding; NULL: empty */
	size_t		 len;
	uint8_t		 flags;
};

/* The datagrams of one ring. */
struct ring_store {
	struct ring_id	  id;
	struct ring_slot *slots;
	size_t		  cap;		/* a power of two */
	uint64_t	  aru;		/* all held up to here */
	uint64_t	  high;		/* highest held */
	uint64_t	  delivered;
	uint64_t	  stable;	/* all members hold up to here */
	uint64_t	  freed;	/* slots up to here are released */
};

/* An application message waiting for the token. */
struct ring_out {
	struct ring_out	*next;
	char		 group[RING_GROUP_MAX + 1];
	int		 flags;
	size_t		 len;
	size_t		 off;		/* sent so far (fragments) */
	uint8_t		 data[];
};

/* A message being reassembled from one origin's fragments. */
struct ring_frag {
	int		 active;
	char		 group[RING_GROUP_MAX + 1];
	uint32_t	 total;
	uint32_t	 have;
	uint8_t		*data;
	size_t		 cap;
};

/* The last JOIN heard from a node in this gather. */
struct ring_joinrec {
	int		 valid;
	uint32_t	 proc;
	uint32_t	 fail;
};

struct ring {
	struct loop		*loop;
	struct transport	*t;
	struct wire		*w;
	struct ring_callbacks	 cb;

	uint32_t		 ids[RING_MAX_NODES];	/* sorted */
	size_t			 n;
	size_t			 me;		/* our index */
	uint32_t		 all;		/* mask of every node */
	uint64_t		 hash;		/* of the node list */
	uint64_t		 token_us, consensus_us, join_us, hold_us;
	unsigned int		 window, max_messages;
	size_t			 payload;	/* largest inner packet */
	size_t			 rtr_max;	/* requests a token holds */

	enum ring_state		 state;
	uint64_t		 max_ring_seq;

	/* The installed ring (the regular configuration). */
	struct ring_id		 id;
	uint32_t		 members;
	struct ring_store	*st;

	/* Gather. */
	uint32_t		 proc, fail, left;
	struct ring_joinrec	 joins[RING_MAX_NODES];
	uint64_t		 gather_start;
	uint64_t		 heard[RING_MAX_NODES];
	uint64_t		 token_seen;	/* our ring's, last */

	/* The ring being formed (commit, recovery). */
	struct ring_id		 new_id;
	uint32_t		 new_members;
	uint32_t		 new_left;
	struct ring_info	 info[RING_MAX_NODES];
	struct ring_store	*nst;
	uint64_t		*recq;		/* old seqs to rebroadcast */
	size_t			 nrecq, recq_next;
	int			 recq_built;
	int			 token_started;	/* rep: recovery began */

	/* The token. */
	struct ring_id		 hop_ring;
	uint64_t		 hop_last;	/* highest hop accepted */
	uint8_t			 tokpkt[PKT_MAX];	/* last token sent */
	size_t			 toklen;
	uint32_t		 tokto;
	uint64_t		 tok_seq_sent;
	struct ring_msg		 held;		/* while holding */
	int			 holding;
	uint64_t		 seq_last_visit;
	uint64_t		 rtr_upto;	/* token seq at our last visit */
	uint64_t		*pending;	/* new datagrams to broadcast */
	size_t			 npending;
	uint8_t			*batch;		/* them, sealed */
	size_t			 batchsize;	/* room for one */
	struct iovec		*iov;

	struct loop_timer	 t_loss, t_retrans, t_hold, t_join;
	struct loop_timer	 t_consensus, t_fastfail, t_merge;

	/* Sending and delivery. */
	struct ring_out		*q, **qtail;
	size_t			 qbytes;
	char			 groups[16][RING_GROUP_MAX + 1];
	size_t			 ngroups;
	struct ring_frag	 frags[RING_MAX_NODES];

	struct ring_stats	 stats;
	uint64_t		 auth_logged;
	uint64_t		 auth_suppressed;
	uint8_t			 buf[PKT_MAX];	/* scratch */
	uint8_t			 sealed[PKT_MAX + WIRE_OVERHEAD];
};

static void	ring_gather(struct ring *, uint32_t, const char *);
static void	ring_token_visit(struct ring *, struct ring_msg *);
static void	ring_deliver(struct ring *);

/*
 * Encoding and decoding.
 */

static void
ring_put_id(struct wire_writer *w, const struct ring_id *id)
{
	wire_put32(w, id->rep);
	wire_put64(w, id->seq);
}

static void
ring_get_id(struct wire_reader *r, struct ring_id *id)
{
	id->rep = wire_get32(r);
	id->seq = wire_get64(r);
}

static int
ring_id_eq(const struct ring_id *a, const struct ring_id *b)
{
	return a->rep == b->rep && a->seq == b->seq;
}

/* Walk the entries of a datagram body; 0 if they are well formed. */
static int
ring_check_body(const uint8_t *body, size_t len)
{
	struct wire_reader	r;
	uint8_t			flags, glen;
	uint32_t		total, off;
	uint16_t		dlen;

	wire_reader_init(&r, body, len);
	while (!r.error && r.off < r.len) {
		flags = wire_get8(&r);
		glen = wire_get8(&r);
		if ((flags & ~ENTRY_FRAG) != 0 || glen == 0 ||
		    glen > RING_GROUP_MAX)
			return -1;
		(void)wire_getbytes(&r, glen);
		if (flags & ENTRY_FRAG) {
			total = wire_get32(&r);
			off = wire_get32(&r);
			dlen = wire_get16(&r);
			if (total == 0 || total > RING_MSG_MAX ||
			    off >= total || dlen == 0 || dlen > total - off)
				return -1;
		} else
			dlen = wire_get16(&r);
		(void)wire_getbytes(&r, dlen);
	}
	return r.error ? -1 : 0;
}

/*
 * Decode an authenticated packet into m, checking every field and the
 * structure of a datagram's entries (and of the datagram a recovered one
 * carries); 0, or -1 if it is malformed. Never allocates.
 */
int
ring_decode(const uint8_t *p, size_t len, struct ring_msg *m)
{
	struct wire_reader	 r;
	struct ring_msg		 inner;
	size_t			 i;

	memset(m, 0, offsetof(struct ring_msg, rtr));
	wire_reader_init(&r, p, len);
	m->type = wire_get8(&r);
	switch (m->type) {
	case MSG_MCAST:
		m->flags = wire_get8(&r);
		ring_get_id(&r, &m->ring);
		m->seq = wire_get64(&r);
		m->origin = wire_get32(&r);
		if (r.error || m->seq == 0 || m->origin == 0 ||
		    (m->flags & ~(MCAST_SAFE | MCAST_RECOVERED)) != 0)
			return -1;
		m->body = p + r.off;
		m->bodylen = len - r.off;
		if (m->flags & MCAST_RECOVERED) {
			if (ring_decode(m->body, m->bodylen, &inner) == -1 ||
			    inner.type != MSG_MCAST ||
			    (inner.flags & MCAST_RECOVERED))
				return -1;
			return 0;
		}
		return ring_check_body(m->body, m->bodylen);
	case MSG_TOKEN:
		ring_get_id(&r, &m->ring);
		m->hop = wire_get64(&r);
		m->seq = wire_get64(&r);
		m->aru = wire_get64(&r);
		m->aru_acc = wire_get64(&r);
		m->flags = wire_get8(&r);
		m->nrtr = wire_get16(&r);
		if (r.error || m->nrtr > RING_RTR_MAX || m->aru > m->seq ||
		    m->aru_acc > m->seq)
			return -1;
		for (i = 0; i < m->nrtr; i++)
			m->rtr[i] = wire_get64(&r);
		break;
	case MSG_JOIN:
		m->hash = wire_get64(&r);
		m->ring_seq = wire_get64(&r);
		m->proc = wire_get32(&r);
		m->fail = wire_get32(&r);
		m->left = wire_get32(&r);
		break;
	case MSG_COMMIT:
		ring_get_id(&r, &m->ring);
		m->hop = wire_get64(&r);
		m->round = wire_get8(&r);
		m->members = wire_get32(&r);
		m->left = wire_get32(&r);
		if (r.error || (m->round != 1 && m->round != 2) ||
		    m->members == 0)
			return -1;
		for (i = 0; i < RING_MAX_NODES; i++) {
			memset(&m->info[i], 0, sizeof m->info[i]);
			if (!(m->members & (1u << i)))
				continue;
			m->info[i].filled = wire_get8(&r);
			ring_get_id(&r, &m->info[i].old);
			m->info[i].aru = wire_get64(&r);
			m->info[i].high = wire_get64(&r);
			m->info[i].safe = wire_get64(&r);
			if (m->info[i].filled > 1 ||
			    m->info[i].aru > m->info[i].high ||
			    m->info[i].safe > m->info[i].aru)
				return -1;
		}
		break;
	case MSG_LEAVE:
	case MSG_MERGE:
		ring_get_id(&r, &m->ring);
		break;
	default:
		return -1;
	}
	/* Nothing may follow a complete message. */
	if (r.error || r.off != r.len)
		return -1;
	return 0;
}

/* Encode a token into w. */
static void
ring_encode_token(struct wire_writer *w, const struct ring_msg *m)
{
	size_t	i;

	wire_put8(w, MSG_TOKEN);
	ring_put_id(w, &m->ring);
	wire_put64(w, m->hop);
	wire_put64(w, m->seq);
	wire_put64(w, m->aru);
	wire_put64(w, m->aru_acc);
	wire_put8(w, m->flags);
	wire_put16(w, m->nrtr);
	for (i = 0; i < m->nrtr; i++)
		wire_put64(w, m->rtr[i]);
}

/* Encode a commit token into w. */
static void
ring_encode_commit(struct wire_writer *w, const struct ring_msg *m)
{
	size_t	i;

	wire_put8(w, MSG_COMMIT);
	ring_put_id(w, &m->ring);
	wire_put64(w, m->hop);
	wire_put8(w, m->round);
	wire_put32(w, m->members);
	wire_put32(w, m->left);
	for (i = 0; i < RING_MAX_NODES; i++) {
		if (!(m->members & (1u << i)))
			continue;
		wire_put8(w, m->info[i].filled);
		ring_put_id(w, &m->info[i].old);
		wire_put64(w, m->info[i].aru);
		wire_put64(w, m->info[i].high);
		wire_put64(w, m->info[i].safe);
	}
}

/*
 * Node sets.
 */

/* The index of node id, or -1. */
static int
ring_index(const struct ring *r, uint32_t id)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		if (r->ids[i] == id)
			return (int)i;
	}
	return -1;
}

static int
ring_popcount(uint32_t m)
{
	int	n = 0;

	for (; m != 0; m &= m - 1)
		n++;
	return n;
}

/* The lowest index in a mask (the representative), or -1. */
static int
ring_lowest(uint32_t m)
{
	int	i;

	for (i = 0; i < RING_MAX_NODES; i++) {
		if (m & (1u << i))
			return i;
	}
	return -1;
}

/* The index after i in mask, wrapping around. */
static size_t
ring_next(uint32_t mask, size_t i)
{
	size_t	j, k;

	for (k = 1; k <= RING_MAX_NODES; k++) {
		j = (i + k) % RING_MAX_NODES;
		if (mask & (1u << j))
			return j;
	}
	return i;
}

/* Fill ids with the node ids of mask; return how many. */
static size_t
ring_ids(const struct ring *r, uint32_t mask, uint32_t *ids)
{
	size_t	i, n = 0;

	for (i = 0; i < r->n; i++) {
		if (mask & (1u << i))
			ids[n++] = r->ids[i];
	}
	return n;
}

/*
 * Logging through the callback (libraries never print).
 */

static void printflike(3, 4)
ring_log(struct ring *r, enum ring_log_level level, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (r->cb.log == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	r->cb.log(r->cb.arg, level, msg);
	free(msg);
}

/*
 * The message store.
 */

static struct ring_store *
ring_store_new(const struct ring_id *id, size_t cap)
{
	struct ring_store	*s;

	s = xcalloc(1, sizeof *s);
	s->id = *id;
	s->cap = cap;
	s->slots = xcalloc(cap, sizeof *s->slots);
	return s;
}

static void
ring_store_free(struct ring_store *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->cap; i++)
		free(s->slots[i].pkt);
	free(s->slots);
	free(s);
}

/* The slot holding seq, or NULL. */
static struct ring_slot *
ring_store_get(struct ring_store *s, uint64_t seq)
{
	struct ring_slot	*sl;

	if (seq == 0 || seq <= s->freed)
		return NULL;
	sl = &s->slots[seq & (s->cap - 1)];
	return sl->pkt != NULL && sl->seq == seq ? sl : NULL;
}

/*
 * Keep a copy of datagram seq; 1 if it is new, 0 if held already, freed,
 * or beyond the store's room (it will come again).
 */
static int
ring_store_put(struct ring_store *s, uint64_t seq, const uint8_t *pkt,
    size_t len, uint8_t flags)
{
	struct ring_slot	*sl;

	if (seq <= s->aru || seq <= s->freed || seq - s->freed > s->cap ||
	    ring_store_get(s, seq) != NULL)
		return 0;
	sl = &s->slots[seq & (s->cap - 1)];
	free(sl->pkt);
	sl->pkt = xmalloc(len);
	memcpy(sl->pkt, pkt, len);
	sl->len = len;
	sl->seq = seq;
	sl->flags = flags;
	if (seq > s->high)
		s->high = seq;
	while (ring_store_get(s, s->aru + 1) != NULL)
		s->aru++;
	return 1;
}

/* Release what every member holds and we delivered. */
static void
ring_store_release(struct ring_store *s)
{
	uint64_t		 upto;
	struct ring_slot	*sl;

	upto = s->stable < s->delivered ? s->stable : s->delivered;
	while (s->freed < upto) {
		s->freed++;
		sl = &s->slots[s->freed & (s->cap - 1)];
		if (sl->seq == s->freed) {
			free(sl->pkt);
			sl->pkt = NULL;
		}
	}
}

/*
 * Sending.
 */

/* Seal an inner packet and send it to `to` (TRANSPORT_ALL: everyone). */
static void
ring_send(struct ring *r, uint32_t to, const uint8_t *pkt, size_t len)
{
	size_t	n;

	if (r->n == 1)
		return;
	n = wire_seal(r->w, pkt, len, r->sealed, sizeof r->sealed);
	if (n == 0 || n > r->t->mtu)
		return;
	transport_send(r->t, to, r->sealed, n);
}

/* Broadcast a JOIN with our sets. */
static void
ring_send_join(struct ring *r)
{
	struct wire_writer	w;

	wire_writer_init(&w, r->buf, sizeof r->buf);
	wire_put8(&w, MSG_JOIN);
	wire_put64(&w, r->hash);
	wire_put64(&w, r->max_ring_seq);
	wire_put32(&w, r->proc);
	wire_put32(&w, r->fail);
	wire_put32(&w, r->left);
	ring_send(r, TRANSPORT_ALL, r->buf, w.off);
}

/* Broadcast a LEAVE or MERGE naming ring id. */
static void
ring_send_ring(struct ring *r, uint8_t type, const struct ring_id *id)
{
	struct wire_writer	w;

	wire_writer_init(&w, r->buf, sizeof r->buf);
	wire_put8(&w, type);
	ring_put_id(&w, id);
	ring_send(r, TRANSPORT_ALL, r->buf, w.off);
}

/* Timer: the successor did not move the token on; send it again. */
static void
ring_retrans_fire(void *arg)
{
	struct ring	*r = arg;

	r->stats.token_retransmits++;
	ring_send(r, r->tokto, r->tokpkt, r->toklen);
	loop_timer_add(r->loop, &r->t_retrans, r->token_us / 5);
}

/* Self-delivery of a token in a ring of one (after the hold). */
static void
ring_self_fire(void *arg)
{
	struct ring	*r = arg;
	struct ring_msg	 m;

	if (ring_decode(r->tokpkt, r->toklen, &m) == -1)
		return;
	if (m.type == MSG_TOKEN)
		ring_token_visit(r, &m);
}

/*
 * Pass a token (regular or commit) to the next member of mask; keep it
 * for retransmission. A ring of one hands it to itself after delay.
 */
static void
ring_forward(struct ring *r, struct ring_msg *m, uint32_t mask,
    uint64_t delay)
{
	struct wire_writer	w;
	size_t			next;

	m->hop++;
	wire_writer_init(&w, r->tokpkt, sizeof r->tokpkt);
	if (m->type == MSG_TOKEN)
		ring_encode_token(&w, m);
	else
		ring_encode_commit(&w, m);
	r->toklen = w.off;
	r->tok_seq_sent = m->type == MSG_TOKEN ? m->seq : 0;
	next = ring_next(mask, r->me);
	if (next == r->me) {
		r->hop_last = m->hop;
		loop_timer_add(r->loop, &r->t_hold, delay);
		return;
	}
	r->tokto = r->ids[next];
	ring_send(r, r->tokto, r->tokpkt, r->toklen);
	loop_timer_add(r->loop, &r->t_retrans, r->token_us / 5);
}

/*
 * States.
 */

/* Cancel the timers of the token and of gather. */
static void
ring_timers_stop(struct ring *r)
{
	loop_timer_del(r->loop, &r->t_loss);
	loop_timer_del(r->loop, &r->t_retrans);
	loop_timer_del(r->loop, &r->t_hold);
	loop_timer_del(r->loop, &r->t_join);
	loop_timer_del(r->loop, &r->t_consensus);
	loop_timer_del(r->loop, &r->t_fastfail);
	r->holding = 0;
}

/* Drop what a failed formation left: the new store, the recovery list. */
static void
ring_forget_new(struct ring *r)
{
	ring_store_free(r->nst);
	r->nst = NULL;
	free(r->recq);
	r->recq = NULL;
	r->nrecq = r->recq_next = 0;
	r->recq_built = 0;
	r->token_started = 0;
}

/* Whether every member of proc - fail sent our sets; the commit, if we
   are the representative. */
static void ring_commit_start(struct ring *);

static int
ring_consensus(const struct ring *r)
{
	uint32_t	c = r->proc & ~r->fail;
	size_t		i;

	if (!(c & (1u << r->me)))
		return 0;
	for (i = 0; i < r->n; i++) {
		if (i == r->me || !(c & (1u << i)))
			continue;
		if (!r->joins[i].valid || r->joins[i].proc != r->proc ||
		    r->joins[i].fail != r->fail)
			return 0;
	}
	return 1;
}

/* In gather: act on consensus if there is one. */
static void
ring_gather_check(struct ring *r)
{
	uint32_t	c = r->proc & ~r->fail;

	if (r->state != RING_GATHER || !ring_consensus(r))
		return;
	if ((size_t)ring_lowest(c) == r->me)
		ring_commit_start(r);
}

/* Add nodes to the fail set; tell the others if it changed. */
static void
ring_fail_add(struct ring *r, uint32_t mask)
{
	mask &= ~(1u << r->me);
	if ((r->fail | mask) == r->fail)
		return;
	r->fail |= mask;
	loop_timer_add(r->loop, &r->t_consensus, r->consensus_us);
	ring_send_join(r);
}

/* Timer: resend our JOIN while gathering. */
static void
ring_join_fire(void *arg)
{
	struct ring	*r = arg;

	ring_send_join(r);
	loop_timer_add(r->loop, &r->t_join, r->join_us);
}

/*
 * The members of our ring that are alive as far as we know: we had a
 * token of our ring (which each of them passed on), or heard from them,
 * in the last token_us / 2. Another node's claim that they failed is
 * not taken from a node outside our ring (below).
 */
static uint32_t
ring_alive(const struct ring *r)
{
	uint64_t	now = loop_now(r->loop), w = r->token_us / 2;
	uint32_t	alive = 0;
	size_t		i;

	if (r->token_seen + w >= now)
		return r->members;
	for (i = 0; i < r->n; i++) {
		if ((r->members & (1u << i)) && r->heard[i] + w >= now)
			alive |= 1u << i;
	}
	return alive;
}

/*
 * Timer: fail the members of our ring that fell silent: nothing from
 * them since the gather began, nor for token_us / 2 before it, nor a
 * token of our ring (which they all passed on) in that time. That is a
 * crash after a token loss, which the others then find within join_us /
 * 2. Nodes that were not in our ring (one that starts, another ring's)
 * and members alive just before the gather are failed only by the
 * consensus timeout: on a loaded machine a live node may take longer
 * than join_us / 2 to answer, and a node failed by one member is failed
 * by every member that hears its JOIN (the fail sets are merged).
 */
static void
ring_fastfail_fire(void *arg)
{
	struct ring	*r = arg;
	uint32_t	 silent = 0;
	uint64_t	 since;
	size_t		 i;

	since = r->gather_start > r->token_us / 2 ?
	    r->gather_start - r->token_us / 2 : 0;
	if (r->token_seen >= since)
		return;
	for (i = 0; i < r->n; i++) {
		if (i != r->me && (r->proc & r->members & ~r->fail &
		    (1u << i)) && r->heard[i] < since)
			silent |= 1u << i;
	}
	ring_fail_add(r, silent);
	ring_gather_check(r);
}

/*
 * Timer: no consensus in time: fail who does not agree. An agreement
 * whose commit token never came may be held up by any member it passes
 * (one that stalls, not only the representative): it is forgotten, and
 * who does not say it again within consensus_us (the representative
 * gathers again within token_us of sending it) is failed then.
 */
static void
ring_consensus_fire(void *arg)
{
	struct ring	*r = arg;
	uint32_t	 c = r->proc & ~r->fail, bad = 0;
	size_t		 i;

	if (ring_consensus(r)) {
		memset(r->joins, 0, sizeof r->joins);
		ring_send_join(r);
	} else {
		for (i = 0; i < r->n; i++) {
			if (i == r->me || !(c & (1u << i)))
				continue;
			if (!r->joins[i].valid ||
			    r->joins[i].proc != r->proc ||
			    r->joins[i].fail != r->fail)
				bad |= 1u << i;
		}
	}
	ring_fail_add(r, bad);
	loop_timer_add(r->loop, &r->t_consensus, r->consensus_us);
	ring_gather_check(r);
}

/*
 * Enter gather with the current (or forming) ring's members and extra;
 * why is for the log.
 */
static void
ring_gather(struct ring *r, uint32_t extra, const char *why)
{
	uint32_t	base;

	base = r->state == RING_COMMIT || r->state == RING_RECOVERY ?
	    r->new_members | r->members : r->members;
	ring_timers_stop(r);
	ring_forget_new(r);
	r->npending = 0;
	if (r->state != RING_GATHER)
		ring_log(r, RING_LOG_INFO, "gather: %s", why);
	r->stats.gathers++;
	r->state = RING_GATHER;
	r->proc = base | extra | (1u << r->me);
	r->fail = r->left & r->proc & ~(1u << r->me);
	memset(r->joins, 0, sizeof r->joins);
	r->gather_start = loop_now(r->loop);
	loop_timer_add(r->loop, &r->t_join, r->join_us);
	loop_timer_add(r->loop, &r->t_consensus, r->consensus_us);
	loop_timer_add(r->loop, &r->t_fastfail, r->join_us / 2);
	ring_send_join(r);
	ring_gather_check(r);
}

/* Timer: no token for token_us. */
static void
ring_loss_fire(void *arg)
{
	struct ring	*r = arg;

	r->stats.token_losses++;
	ring_gather(r, 0, "token lost");
}

/* Timer: the representative of an incomplete ring looks for others. */
static void
ring_merge_fire(void *arg)
{
	struct ring	*r = arg;

	if (r->state == RING_OPERATIONAL && r->members != r->all &&
	    (size_t)ring_lowest(r->members) == r->me)
		ring_send_ring(r, MSG_MERGE, &r->id);
	loop_timer_add(r->loop, &r->t_merge, r->token_us / 2);
}

/* Our line of the commit token: what we bring from our old ring. */
static void
ring_fill_info(struct ring *r, struct ring_info *in)
{
	in->filled = 1;
	in->old = r->id;
	in->aru = r->st->aru;
	in->high = r->st->high;
	in->safe = r->st->stable < r->st->aru ? r->st->stable : r->st->aru;
}

/* Record a forming ring from its commit token. */
static void
ring_adopt(struct ring *r, const struct ring_msg *m)
{
	r->new_id = m->ring;
	r->new_members = m->members;
	r->new_left = m->left;
	memcpy(r->info, m->info, sizeof r->info);
	if (m->ring.seq > r->max_ring_seq)
		r->max_ring_seq = m->ring.seq;
	r->hop_ring = m->ring;
	r->hop_last = m->hop;
}

/* The representative, on consensus: send the commit token around. */
static void
ring_commit_start(struct ring *r)
{
	struct ring_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_COMMIT;
	m.ring.rep = r->ids[r->me];
	m.ring.seq = ++r->max_ring_seq;
	m.round = 1;
	m.members = r->proc & ~r->fail;
	m.left = r->left;
	ring_fill_info(r, &m.info[r->me]);
	ring_timers_stop(r);
	ring_log(r, RING_LOG_DEBUG, "consensus on %d nodes: commit %u/%llu "
	    "(proc %#x fail %#x left %#x)", ring_popcount(m.members),
	    m.ring.rep, (unsigned long long)m.ring.seq, r->proc, r->fail,
	    r->left);
	ring_adopt(r, &m);
	r->state = RING_COMMIT;
	loop_timer_add(r->loop, &r->t_loss, r->token_us);
	if (ring_popcount(m.members) == 1) {
		/* Alone: both rounds are done; recovery starts now. */
		m.round = 2;
		ring_adopt(r, &m);
		ring_token_visit(r, NULL);
		return;
	}
	ring_forward(r, &m, m.members, 0);
}

/* Start recovery in the forming ring (commit round 2 seen). */
static void
ring_recovery_enter(struct ring *r)
{
	size_t	cap = r->st->cap;

	r->state = RING_RECOVERY;
	ring_forget_new(r);
	r->nst = ring_store_new(&r->new_id, cap);
	r->rtr_upto = 0;
	r->npending = 0;
}

/* The lowest aru, highest seq and highest safe point of those of the
   new ring who come from our old ring; return their mask. */
static uint32_t
ring_old_survivors(struct ring *r, uint64_t *low, uint64_t *high,
    uint64_t *safe)
{
	uint32_t	t = 0;
	size_t		i;

	*low = UINT64_MAX;
	*high = *safe = 0;
	for (i = 0; i < r->n; i++) {
		if (!(r->new_members & (1u << i)) ||
		    !ring_id_eq(&r->info[i].old, &r->id))
			continue;
		t |= 1u << i;
		if (r->info[i].aru < *low)
			*low = r->info[i].aru;
		if (r->info[i].high > *high)
			*high = r->info[i].high;
		if (r->info[i].safe > *safe)
			*safe = r->info[i].safe;
	}
	if (t == 0)
		*low = 0;
	return t;
}

/* List the old datagrams to rebroadcast in recovery. */
static void
ring_recq_build(struct ring *r)
{
	uint64_t	low, high, safe, s;
	uint32_t	t;

	r->recq_built = 1;
	t = ring_old_survivors(r, &low, &high, &safe);
	if (r->id.seq == 0 || ring_popcount(t) < 2 || high <= low)
		return;
	/* The store holds at most cap datagrams past what it freed. */
	if (low < r->st->freed)
		low = r->st->freed;
	if (high > r->st->freed + r->st->cap)
		high = r->st->freed + r->st->cap;
	r->recq = xreallocarray(NULL, r->st->cap, sizeof *r->recq);
	for (s = low + 1; s <= high; s++) {
		if (ring_store_get(r->st, s) != NULL)
			r->recq[r->nrecq++] = s;
	}
}

/* Deliver one datagram's messages (the callbacks run here). */
static void
ring_deliver_slot(struct ring *r, const struct ring_slot *sl)
{
	struct ring_msg		 m;
	struct wire_reader	 rd;
	struct ring_frag	*f;
	const uint8_t		*g, *d;
	char			 group[RING_GROUP_MAX + 1];
	uint8_t			 flags, glen;
	uint32_t		 total = 0, off = 0;
	uint16_t		 dlen;
	size_t			 i;
	int			 oi, joined;

	if (ring_decode(sl->pkt, sl->len, &m) == -1 ||
	    (m.flags & MCAST_RECOVERED))
		return;
	oi = ring_index(r, m.origin);
	wire_reader_init(&rd, m.body, m.bodylen);
	while (!rd.error && rd.off < rd.len) {
		flags = wire_get8(&rd);
		glen = wire_get8(&rd);
		g = wire_getbytes(&rd, glen);
		if (flags & ENTRY_FRAG) {
			total = wire_get32(&rd);
			off = wire_get32(&rd);
		}
		dlen = wire_get16(&rd);
		d = wire_getbytes(&rd, dlen);
		if (rd.error || g == NULL)
			break;
		memcpy(group, g, glen);
		group[glen] = '\0';
		joined = 0;
		for (i = 0; i < r->ngroups; i++) {
			if (strcmp(r->groups[i], group) == 0)
				joined = 1;
		}
		if (!(flags & ENTRY_FRAG)) {
			r->stats.msgs_delivered++;
			if (joined && r->cb.deliver != NULL)
				r->cb.deliver(r->cb.arg, m.origin, group, d, dlen);
			continue;
		}
		if (oi < 0)
			continue;
		f = &r->frags[oi];
		if (off == 0) {
			f->active = 1;
			f->have = 0;
			f->total = total;
			memcpy(f->group, group, glen + 1);
		} else if (!f->active || f->have != off || f->total != total ||
		    strcmp(f->group, group) != 0) {
			r->stats.reassembly_drops++;
			f->active = 0;
			continue;
		}
		if (f->cap < (size_t)f->have + dlen) {
			/* Double with what arrives, up to the total. */
			f->cap = f->cap < 4096 ? 4096 : f->cap * 2;
			if (f->cap < (size_t)f->have + dlen)
				f->cap = (size_t)f->have + dlen;
			if (f->cap > f->total)
				f->cap = f->total;
			f->data = xrealloc(f->data, f->cap);
		}
		memcpy(f->data + f->have, d, dlen);
		f->have += dlen;
		if (f->have == f->total) {
			f->active = 0;
			r->stats.msgs_delivered++;
			if (joined && r->cb.deliver != NULL)
				r->cb.deliver(r->cb.arg, m.origin, group,
				    f->data, f->have);
		}
	}
}

/* Deliver the datagrams of the installed ring that may be delivered. */
static void
ring_deliver(struct ring *r)
{
	struct ring_store	*s = r->st;
	struct ring_slot	*sl;

	if (r->state != RING_OPERATIONAL)
		return;
	while (s->delivered < s->aru) {
		sl = ring_store_get(s, s->delivered + 1);
		if (sl == NULL)
			break;
		if ((sl->flags & MCAST_SAFE) && sl->seq > s->stable)
			break;
		s->delivered++;
		ring_deliver_slot(r, sl);
		if (r->state != RING_OPERATIONAL)
			return;		/* a callback left */
	}
	ring_store_release(s);
}

/* Call the configuration-change callback. */
static void
ring_confchg(struct ring *r, int transitional, uint32_t members,
    uint32_t prev_members, const struct ring_id *prev)
{
	struct ring_conf	c;
	uint32_t		mids[RING_MAX_NODES], jids[RING_MAX_NODES];
	uint32_t		lids[RING_MAX_NODES], left;
	enum ring_reason	reasons[RING_MAX_NODES];
	size_t			i;

	memset(&c, 0, sizeof c);
	c.transitional = transitional;
	c.id = r->new_id;
	c.prev = *prev;
	c.members = mids;
	c.nmembers = ring_ids(r, members, mids);
	c.joined = jids;
	c.njoined = transitional ? 0 : ring_ids(r, members & ~prev_members,
	    jids);
	left = prev_members & ~members;
	c.left = lids;
	c.nleft = ring_ids(r, left, lids);
	for (i = 0; i < c.nleft; i++) {
		reasons[i] = (r->new_left & (1u << ring_index(r, lids[i]))) ?
		    RING_REASON_LEAVE : RING_REASON_FAILED;
	}
	c.reasons = reasons;
	if (r->cb.confchg != NULL)
		r->cb.confchg(r->cb.arg, &c);
}

/*
 * Install the forming ring: the rest of the old ring's datagrams around
 * the transitional configuration, then the regular one.
 */
static void
ring_install(struct ring *r)
{
	struct ring_store	*s = r->st;
	struct ring_slot	*sl;
	struct ring_id		 prev = r->id;
	uint64_t		 low, high, safe, seq;
	uint32_t		 t, prev_members = r->members;
	struct ring_out		*o;

	t = ring_old_survivors(r, &low, &high, &safe);
	if (high > s->freed + s->cap)
		high = s->freed + s->cap;	/* nothing is held beyond */
	r->state = RING_OPERATIONAL;	/* callbacks may send */
	if (prev.seq != 0) {
		/* In the old regular configuration: contiguous, and safe
		   ones only if some survivor knew them stable. */
		while (s->delivered < high) {
			sl = ring_store_get(s, s->delivered + 1);
			if (sl == NULL || ((sl->flags & MCAST_SAFE) &&
			    sl->seq > safe))
				break;
			s->delivered++;
			ring_deliver_slot(r, sl);
		}
		ring_confchg(r, 1, t, prev_members, &prev);
		for (seq = s->delivered + 1; seq <= high; seq++) {
			if ((sl = ring_store_get(s, seq)) != NULL)
				ring_deliver_slot(r, sl);
		}
	}
	for (seq = 0; seq < RING_MAX_NODES; seq++)
		r->frags[seq].active = 0;
	ring_store_free(r->st);
	r->st = r->nst;
	r->nst = NULL;
	r->id = r->new_id;
	r->members = r->new_members;
	free(r->recq);
	r->recq = NULL;
	r->nrecq = r->recq_next = 0;
	r->recq_built = 0;
	r->proc = r->fail = r->left = 0;
	r->stats.configs++;
	/* A message cut in fragments starts again in the new ring. */
	for (o = r->q; o != NULL; o = o->next)
		o->off = 0;
	ring_log(r, RING_LOG_INFO, "ring %u/%llu installed with %d members",
	    r->id.rep, (unsigned long long)r->id.seq,
	    ring_popcount(r->members));
	ring_confchg(r, 0, r->members, prev_members, &prev);
	loop_timer_add(r->loop, &r->t_merge, r->token_us / 2);
}

/* Room in a datagram being packed. */
static size_t
ring_room(const struct ring *r, size_t used)
{
	size_t	max = r->payload - MCAST_HEADER;	/* room to recover */

	return used < max ? max - used : 0;
}

/* Pack queued messages into one datagram body at w; return its flags. */
static uint8_t
ring_pack(struct ring *r, struct wire_writer *w)
{
	struct ring_out	*o;
	size_t		 glen, room, chunk, hdr;
	uint8_t		 flags = 0;

	while ((o = r->q) != NULL) {
		glen = strlen(o->group);
		room = ring_room(r, w->off);
		hdr = 2 + glen + 2;
		if (o->off == 0 && o->len + hdr <= room && o->len <= 0xffff) {
			wire_put8(w, 0);
			wire_put8(w, (uint8_t)glen);
			wire_putbytes(w, o->group, glen);
			wire_put16(w, (uint16_t)o->len);
			wire_putbytes(w, o->data, o->len);
			o->off = o->len;
		} else {
			hdr += 8;
			/* Fragment only into a fair share of a datagram. */
			if (room < hdr + 64 && w->off > MCAST_HEADER)
				break;
			if (room <= hdr)
				break;
			chunk = room - hdr;
			if (chunk > o->len - o->off)
				chunk = o->len - o->off;
			if (chunk > 0xffff)
				chunk = 0xffff;
			wire_put8(w, ENTRY_FRAG);
			wire_put8(w, (uint8_t)glen);
			wire_putbytes(w, o->group, glen);
			wire_put32(w, (uint32_t)o->len);
			wire_put32(w, (uint32_t)o->off);
			wire_put16(w, (uint16_t)chunk);
			wire_putbytes(w, o->data + o->off, chunk);
			o->off += chunk;
		}
		if (o->flags & RING_SAFE)
			flags |= MCAST_SAFE;
		if (o->off < o->len)
			break;		/* the datagram is full */
		r->q = o->next;
		if (r->q == NULL)
			r->qtail = &r->q;
		r->qbytes -= o->len;
		r->stats.msgs_sent++;
		free(o);
	}
	return flags;
}

/* Send one new datagram on the token; 0 if there was nothing to send. */
static int
ring_send_new(struct ring *r, struct ring_msg *tok, struct ring_store *s)
{
	struct wire_writer	 w;
	struct ring_slot	*old;
	uint8_t			 flags;
	size_t			 at;

	wire_writer_init(&w, r->buf, r->payload);
	wire_put8(&w, MSG_MCAST);
	at = w.off;
	wire_put8(&w, 0);
	ring_put_id(&w, &tok->ring);
	wire_put64(&w, tok->seq + 1);
	wire_put32(&w, r->ids[r->me]);
	if (r->state == RING_RECOVERY) {
		if (r->recq_next >= r->nrecq)
			return 0;
		old = ring_store_get(r->st, r->recq[r->recq_next++]);
		if (old == NULL)
			return 1;	/* cannot happen: kept until install */
		flags = MCAST_RECOVERED;	/* never delivered itself */
		wire_putbytes(&w, old->pkt, old->len);
	} else {
		if (r->q == NULL)
			return 0;
		flags = ring_pack(r, &w);
		if (w.off == MCAST_HEADER)
			return 0;
	}
	if (w.error)
		return 0;
	r->buf[at] = flags;
	tok->seq++;
	ring_store_put(s, tok->seq, r->buf, w.off, flags);
	r->stats.mcast_sent++;
	r->pending[r->npending++] = tok->seq;	/* sent after the token */
	return 1;
}

/*
 * Broadcast the datagrams of this visit, sealed into the batch and handed
 * to the transport at once. The token went first, so the next holder can
 * start its visit while these are on their way.
 */
static void
ring_flush(struct ring *r)
{
	struct ring_store	*s;
	struct ring_slot	*sl;
	uint8_t			*out;
	size_t			 i, n, len;

	s = r->state == RING_RECOVERY ? r->nst : r->st;
	for (i = n = 0; i < r->npending && r->n > 1; i++) {
		if (s == NULL || (sl = ring_store_get(s, r->pending[i])) == NULL)
			continue;
		out = r->batch + n * r->batchsize;
		len = wire_seal(r->w, sl->pkt, sl->len, out, r->batchsize);
		if (len == 0)
			continue;
		r->iov[n].iov_base = out;
		r->iov[n].iov_len = len;
		n++;
	}
	if (n > 0)
		transport_sendv(r->t, TRANSPORT_ALL, r->iov, n);
	r->npending = 0;
}

/* Send new datagrams on tok within the window; return how many. */
static uint64_t
ring_send_window(struct ring *r, struct ring_msg *tok, struct ring_store *s)
{
	uint64_t	allowed, sent = 0;

	allowed = tok->seq - tok->aru >= r->window ? 0 :
	    r->window - (tok->seq - tok->aru);
	if (allowed > r->max_messages)
		allowed = r->max_messages;
	while (sent < allowed && r->npending < r->max_messages &&
	    ring_send_new(r, tok, s))
		sent++;
	return sent;
}

/* Timer: the hold is over (or a ring of one passes to itself). */
static void
ring_hold_fire(void *arg)
{
	struct ring	*r = arg;
	uint32_t	 mask;

	if (!r->holding) {
		ring_self_fire(r);
		return;
	}
	r->holding = 0;
	mask = r->state == RING_RECOVERY ? r->new_members : r->members;
	ring_forward(r, &r->held, mask, r->hold_us);
}

/*
 * Our visit of the token (NULL: the first token of a ring we represent):
 * retransmit what is asked, ask for what we miss, send, update the aru,
 * install if the token says so, and pass it on.
 */
static void
ring_token_visit(struct ring *r, struct ring_msg *m)
{
	struct ring_msg		 first, *tok = m;
	struct ring_store	*s;
	struct ring_slot	*sl;
	uint32_t		 mask;
	uint64_t		 seq, sent, upto;
	size_t			 i, j;
	int			 rep, done, idle;

	if (tok == NULL) {
		/* Commit round 2 came back: the first regular token. Its
		   RECDONE is clear: install needs a whole rotation. */
		if (r->state != RING_RECOVERY)
			ring_recovery_enter(r);
		r->token_started = 1;
		memset(&first, 0, offsetof(struct ring_msg, rtr));
		first.type = MSG_TOKEN;
		first.ring = r->new_id;
		first.hop = r->hop_last;
		tok = &first;
	}
	loop_timer_del(r->loop, &r->t_retrans);
	loop_timer_add(r->loop, &r->t_loss, r->token_us);
	rep = (size_t)ring_lowest(r->state == RING_RECOVERY ?
	    r->new_members : r->members) == r->me;

	if (r->state == RING_RECOVERY && (tok->flags & TOKEN_INSTALL))
		ring_install(r);
	if (r->state == RING_OPERATIONAL && rep)
		tok->flags &= ~TOKEN_INSTALL;
	s = r->state == RING_RECOVERY ? r->nst : r->st;
	mask = r->state == RING_RECOVERY ? r->new_members : r->members;

	/* Retransmit what others miss, ask for what we miss. */
	for (i = j = 0; i < tok->nrtr; i++) {
		if ((sl = ring_store_get(s, tok->rtr[i])) != NULL) {
			ring_send(r, TRANSPORT_ALL, sl->pkt, sl->len);
			r->stats.retransmits++;
		} else if (tok->rtr[i] > s->freed)
			tok->rtr[j++] = tok->rtr[i];
	}
	tok->nrtr = (uint16_t)(j < r->rtr_max ? j : r->rtr_max);
	/* Ask only for what is still missing a rotation later: newer ones
	   may be on their way behind the token. */
	upto = tok->seq < r->rtr_upto ? tok->seq : r->rtr_upto;
	r->rtr_upto = tok->seq;
	for (seq = s->aru + 1; seq <= upto && tok->nrtr < r->rtr_max;
	    seq++) {
		if (ring_store_get(s, seq) != NULL)
			continue;
		for (i = 0; i < tok->nrtr && tok->rtr[i] != seq; i++)
			;
		if (i == tok->nrtr) {
			tok->rtr[tok->nrtr++] = seq;
			r->stats.rtr_requested++;
		}
	}

	/* Send, within the window. */
	if (r->state == RING_RECOVERY && !r->recq_built)
		ring_recq_build(r);
	sent = ring_send_window(r, tok, s);

	/* The aru: the minimum over a rotation, completed by the rep. */
	done = r->state != RING_RECOVERY || r->recq_next >= r->nrecq;
	if (rep) {
		tok->aru = tok->aru_acc < s->aru ? tok->aru_acc : s->aru;
		tok->aru_acc = s->aru;
		if (r->state == RING_RECOVERY && (tok->flags & TOKEN_RECDONE) &&
		    done && tok->aru == tok->seq) {
			tok->flags |= TOKEN_INSTALL;
			ring_install(r);
			s = r->st;
			mask = r->members;
		}
		if (done)
			tok->flags |= TOKEN_RECDONE;
		else
			tok->flags &= ~TOKEN_RECDONE;
	} else {
		if (s->aru < tok->aru_acc)
			tok->aru_acc = s->aru;
		if (!done)
			tok->flags &= ~TOKEN_RECDONE;
	}
	if (tok->aru > s->stable)
		s->stable = tok->aru;
	ring_deliver(r);
	if (r->state != RING_OPERATIONAL && r->state != RING_RECOVERY)
		return;		/* a callback left */

	/* Pass it on, after a hold if the ring is idle. */
	idle = r->state == RING_OPERATIONAL && sent == 0 && tok->nrtr == 0 &&
	    tok->seq == r->seq_last_visit && tok->aru == tok->seq &&
	    r->q == NULL && !(tok->flags & TOKEN_INSTALL);
	r->seq_last_visit = tok->seq;
	if (idle && r->hold_us > 0 && ring_popcount(mask) > 1) {
		r->held = *tok;
		r->holding = 1;
		loop_timer_add(r->loop, &r->t_hold, r->hold_us);
		return;
	}
	ring_forward(r, tok, mask, ring_popcount(mask) == 1 &&
	    r->state == RING_OPERATIONAL && sent == 0 ? r->hold_us : 0);
	ring_flush(r);
}

/*
 * Receiving.
 */

/* A datagram (MCAST). */
static void
ring_recv_mcast(struct ring *r, struct ring_msg *m, const uint8_t *pkt,
    size_t len)
{
	struct ring_msg	inner;
	int		oi = ring_index(r, m->origin);

	if (oi < 0) {
		r->stats.foreign++;
		return;
	}
	if ((r->state == RING_RECOVERY || r->state == RING_COMMIT) &&
	    ring_id_eq(&m->ring, &r->new_id)) {
		if (r->state == RING_COMMIT)
			return;		/* recovery has not begun here */
		if (m->seq > r->tok_seq_sent)
			loop_timer_del(r->loop, &r->t_retrans);
		if (ring_store_put(r->nst, m->seq, pkt, len, m->flags) &&
		    (m->flags & MCAST_RECOVERED) &&
		    ring_decode(m->body, m->bodylen, &inner) == 0 &&
		    ring_id_eq(&inner.ring, &r->id))
			ring_store_put(r->st, inner.seq, m->body, m->bodylen,
			    inner.flags);
		return;
	}
	if (!ring_id_eq(&m->ring, &r->id)) {
		r->stats.foreign++;
		return;
	}
	/* Our installed ring: in operation, or late ones while gathering
	   (not once the commit token has our state). */
	if (r->state == RING_OPERATIONAL) {
		if (m->seq > r->tok_seq_sent)
			loop_timer_del(r->loop, &r->t_retrans);
		ring_store_put(r->st, m->seq, pkt, len, m->flags);
		ring_deliver(r);
	} else if (r->state == RING_GATHER)
		ring_store_put(r->st, m->seq, pkt, len, m->flags);
}

/* A regular token. */
static void
ring_recv_token(struct ring *r, struct ring_msg *m)
{
	const struct ring_id	*active;

	if (r->state == RING_RECOVERY)
		active = &r->new_id;
	else if (r->state == RING_OPERATIONAL)
		active = &r->id;
	else
		return;
	if (!ring_id_eq(&m->ring, active)) {
		r->stats.foreign++;
		return;
	}
	if (ring_id_eq(&r->hop_ring, &m->ring) && m->hop <= r->hop_last)
		return;		/* a duplicate or a retransmission */
	r->hop_ring = m->ring;
	r->hop_last = m->hop;
	if (r->state == RING_OPERATIONAL)
		r->token_seen = loop_now(r->loop);	/* all alive */
	if (r->holding)
		return;		/* cannot be: we hold the only token */
	ring_token_visit(r, m);
}

/* A commit token. */
static void
ring_recv_commit(struct ring *r, struct ring_msg *m)
{
	uint32_t	mine = r->proc & ~r->fail;

	if ((m->members & ~r->all) || !(m->members & (1u << r->me)) ||
	    (m->left & ~r->all))
		return;
	if (ring_id_eq(&r->hop_ring, &m->ring) && m->hop <= r->hop_last)
		return;
	if (r->state == RING_GATHER && m->round == 1 && m->members == mine &&
	    m->ring.seq > r->id.seq) {
		ring_timers_stop(r);
		ring_fill_info(r, &m->info[r->me]);
		ring_adopt(r, m);
		r->state = RING_COMMIT;
		loop_timer_add(r->loop, &r->t_loss, r->token_us);
		ring_forward(r, m, m->members, 0);
		return;
	}
	if ((r->state != RING_COMMIT && r->state != RING_RECOVERY) ||
	    !ring_id_eq(&m->ring, &r->new_id) || m->members != r->new_members)
		return;
	if ((size_t)ring_lowest(m->members) == r->me) {
		if (m->round == 1 && r->state == RING_COMMIT) {
			/* Every member filled its line: distribute. */
			loop_timer_add(r->loop, &r->t_loss, r->token_us);
			ring_adopt(r, m);
			m->round = 2;
			ring_recovery_enter(r);
			ring_forward(r, m, m->members, 0);
		} else if (m->round == 2 && r->state == RING_RECOVERY &&
		    !r->token_started) {
			/* Everyone has the full commit token: recover. */
			r->hop_last = m->hop;
			ring_token_visit(r, NULL);
		}
		return;
	}
	if (m->round == 2 && r->state == RING_COMMIT) {
		loop_timer_add(r->loop, &r->t_loss, r->token_us);
		ring_adopt(r, m);
		ring_recovery_enter(r);
		ring_forward(r, m, m->members, 0);
	}
}

/* A JOIN. */
static void
ring_recv_join(struct ring *r, struct ring_msg *m, int si)
{
	uint32_t	bit = 1u << si, before_proc, before_fail;
	int		first;

	if (m->hash != r->hash) {
		r->stats.foreign++;
		return;
	}
	if ((m->proc & ~r->all) || (m->fail & ~r->all) ||
	    (m->left & ~r->all) || !(m->proc & bit))
		return;
	if (m->ring_seq > r->max_ring_seq)
		r->max_ring_seq = m->ring_seq;
	if (r->left & bit) {
		/* It left and came back (only a new boot sends again). */
		r->left &= ~bit;
		r->fail &= ~bit;
	}
	switch (r->state) {
	case RING_OPERATIONAL:
		if ((r->members & bit) && m->ring_seq < r->id.seq)
			return;		/* sent before our ring formed */
		/* A node of another ring whose gather fails us: we join it
		   when it has formed (its MERGE or ours), not now, with a
		   view it already gave up. */
		if (!(r->members & bit) && (m->fail & (1u << r->me)))
			return;
		ring_gather(r, bit | m->proc, "a join");
		/* A JOIN that fails us ends the sender's last gather: it
		   starts ours, but its verdict is stale. */
		if (m->fail & (1u << r->me))
			return;
		break;
	case RING_COMMIT:
	case RING_RECOVERY:
		if (!(r->new_members & bit) || m->ring_seq < r->new_id.seq)
			return;
		ring_gather(r, bit | m->proc, "a member gathers again");
		if (m->fail & (1u << r->me))
			return;
		break;
	case RING_GATHER:
		break;
	default:
		return;
	}
	if (r->state != RING_GATHER || (r->fail & bit))
		return;
	before_proc = r->proc;
	before_fail = r->fail;
	first = !r->joins[si].valid;
	r->left |= m->left & ~bit & ~(1u << r->me);
	if (m->fail & (1u << r->me))
		r->fail |= bit;		/* it cannot agree with us */
	else if (!(r->members & bit) && (m->fail & ring_alive(r)))
		r->fail |= bit;		/* nor can one that fails our live ring */
	else {
		r->proc |= m->proc;
		r->fail |= m->fail & ~(1u << r->me);
		r->joins[si].valid = 1;
		r->joins[si].proc = m->proc;
		r->joins[si].fail = m->fail;
	}
	r->fail |= r->left & r->proc & ~(1u << r->me);
	/* A changed view, a node heard first in this gather (it may have
	   started after our last JOIN) or one that does not have our view
	   yet: tell them now. */
	if (r->proc != before_proc || r->fail != before_fail) {
		/* Everyone gets consensus_us to agree with the new view. */
		loop_timer_add(r->loop, &r->t_consensus, r->consensus_us);
		ring_send_join(r);
	} else if (first || m->proc != r->proc || m->fail != r->fail)
		ring_send_join(r);	/* it may have missed ours */
	ring_gather_check(r);
}

/* A LEAVE: the sender is gone, at once. */
static void
ring_recv_leave(struct ring *r, struct ring_msg *m, int si)
{
	uint32_t	bit = 1u << si;

	r->left |= bit;
	if (r->state == RING_GATHER) {
		if (r->proc & bit)
			ring_fail_add(r, bit);
		ring_gather_check(r);
		return;
	}
	if (r->state == RING_OPERATIONAL ? (r->members & bit) != 0 :
	    (r->new_members & bit) != 0)
		ring_gather(r, 0, "a member left");
}

/* A MERGE: another ring exists. */
static void
ring_recv_merge(struct ring *r, struct ring_msg *m, int si)
{
	uint32_t	bit = 1u << si;

	if (r->state != RING_OPERATIONAL || ring_id_eq(&m->ring, &r->id))
		return;
	if ((r->members & bit) && m->ring.seq < r->id.seq)
		return;		/* from before our ring */
	ring_gather(r, bit, "another ring");
}

/* Log an authentication failure, at most once per 10 s. */
static void
ring_auth_failed(struct ring *r, const char *peer)
{
	uint64_t	now = loop_now(r->loop);

	if (r->auth_logged != 0 && now - r->auth_logged < 10000000) {
		r->auth_suppressed++;
		return;
	}
	ring_log(r, RING_LOG_WARNING, "a packet from %s does not "
	    "authenticate: is its key file the same as ours? (%llu more "
	    "since the last report)", peer,
	    (unsigned long long)r->auth_suppressed);
	r->auth_logged = now;
	r->auth_suppressed = 0;
}

/* The transport's receive callback: open, decode, dispatch. */
static void
ring_recv(void *arg, const uint8_t *pkt, size_t len, const char *peer)
{
	struct ring		*r = arg;
	struct ring_msg		 m;
	enum wire_result	 res;
	size_t			 n;
	uint32_t		 sender;
	int			 si;

	if (r->state == RING_LEFT)
		return;
	res = wire_open(r->w, pkt, len, r->buf, sizeof r->buf, &n, &sender);
	if (res == WIRE_AUTH)
		ring_auth_failed(r, peer);
	if (res != WIRE_OK)
		return;
	if ((si = ring_index(r, sender)) < 0 || (size_t)si == r->me) {
		r->stats.foreign++;
		return;
	}
	if (ring_decode(r->buf, n, &m) == -1) {
		r->stats.malformed++;
		return;
	}
	r->heard[si] = loop_now(r->loop);
	switch (m.type) {
	case MSG_MCAST:
		ring_recv_mcast(r, &m, r->buf, n);
		break;
	case MSG_TOKEN:
		ring_recv_token(r, &m);
		break;
	case MSG_COMMIT:
		ring_recv_commit(r, &m);
		break;
	case MSG_JOIN:
		ring_recv_join(r, &m, si);
		break;
	case MSG_LEAVE:
		ring_recv_leave(r, &m, si);
		break;
	case MSG_MERGE:
		ring_recv_merge(r, &m, si);
		break;
	}
}

/*
 * The API.
 */

static int
ring_cmp_id(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A new ring member on transport t (whose receive callback it takes),
 * sealing with w; both are borrowed and must outlive the ring. It starts
 * gathering at once. NULL with *cause when the configuration is bad.
 */
struct ring *
ring_new(struct loop *loop, struct transport *t, struct wire *w,
    const struct ring_config *cfg, const struct ring_callbacks *cb,
    char **cause)
{
	struct ring	*r;
	struct ring_id	 none = { 0, 0 };
	size_t		 i, cap, need;

	if (cfg->nnodes == 0 || cfg->nnodes > RING_MAX_NODES) {
		xasprintf(cause, "a ring has 1 to %d nodes, not %zu",
		    RING_MAX_NODES, cfg->nnodes);
		return NULL;
	}
	if (cfg->token_us == 0 || cfg->join_us == 0 ||
	    cfg->consensus_us == 0 || cfg->window_size == 0 ||
	    cfg->max_messages == 0) {
		xasprintf(cause, "token, join, consensus, window_size and "
		    "max_messages must be positive");
		return NULL;
	}
	/* A datagram must hold the commit token, a token with a few
	   retransmission requests, and some data inside a recovered one. */
	need = COMMIT_HEADER + cfg->nnodes * COMMIT_LINE;
	if (need < TOKEN_HEADER + 8 * 8)
		need = TOKEN_HEADER + 8 * 8;
	if (need < 2 * MCAST_HEADER + 64)
		need = 2 * MCAST_HEADER + 64;
	if (t->mtu < WIRE_OVERHEAD || t->mtu - WIRE_OVERHEAD < need) {
		xasprintf(cause, "mtu %zu is too small for %zu nodes", t->mtu,
		    cfg->nnodes);
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->n = cfg->nnodes;
	memcpy(r->ids, cfg->nodes, r->n * sizeof *r->ids);
	qsort(r->ids, r->n, sizeof *r->ids, ring_cmp_id);
	r->hash = 1469598103934665603ULL;
	for (i = 0; i < r->n; i++) {
		if (r->ids[i] == 0 || (i > 0 && r->ids[i] == r->ids[i - 1])) {
			xasprintf(cause, "node ids must be unique and "
			    "positive (%u)", r->ids[i]);
			free(r);
			return NULL;
		}
		r->hash = (r->hash ^ r->ids[i]) * 1099511628211ULL;
	}
	if (ring_index(r, cfg->self) < 0) {
		xasprintf(cause, "node id %u is not in the ring", cfg->self);
		free(r);
		return NULL;
	}
	r->me = (size_t)ring_index(r, cfg->self);
	r->all = r->n == 32 ? 0xffffffffu : (1u << r->n) - 1;
	r->loop = loop;
	r->t = t;
	r->w = w;
	r->cb = *cb;
	r->token_us = cfg->token_us;
	r->consensus_us = cfg->consensus_us;
	r->join_us = cfg->join_us;
	/* A rotation of holds must stay well inside the token timeout. */
	r->hold_us = cfg->hold_us != 0 ? cfg->hold_us :
	    cfg->token_us / (8 * r->n);
	if (r->hold_us > r->token_us / (4 * r->n))
		r->hold_us = r->token_us / (4 * r->n);
	r->window = cfg->window_size;
	r->max_messages = cfg->max_messages;
	r->payload = t->mtu - WIRE_OVERHEAD;
	if (r->payload > PKT_MAX - MCAST_HEADER)
		r->payload = PKT_MAX - MCAST_HEADER;
	r->rtr_max = (r->payload - TOKEN_HEADER) / 8;
	if (r->rtr_max > RING_RTR_MAX)
		r->rtr_max = RING_RTR_MAX;
	r->max_ring_seq = cfg->boot_us;
	for (cap = 64; cap < 4 * ((size_t)r->window +
	    (size_t)r->max_messages * r->n); cap *= 2)
		;
	r->st = ring_store_new(&none, cap);
	r->pending = xcalloc(r->max_messages, sizeof *r->pending);
	r->batchsize = r->payload + WIRE_OVERHEAD;
	r->batch = xreallocarray(NULL, r->max_messages, r->batchsize);
	r->iov = xcalloc(r->max_messages, sizeof *r->iov);
	r->q = NULL;
	r->qtail = &r->q;
	loop_timer_init(&r->t_loss, ring_loss_fire, r);
	loop_timer_init(&r->t_retrans, ring_retrans_fire, r);
	loop_timer_init(&r->t_hold, ring_hold_fire, r);
	loop_timer_init(&r->t_join, ring_join_fire, r);
	loop_timer_init(&r->t_consensus, ring_consensus_fire, r);
	loop_timer_init(&r->t_fastfail, ring_fastfail_fire, r);
	loop_timer_init(&r->t_merge, ring_merge_fire, r);
	t->recv = ring_recv;
	t->recv_arg = r;
	/* Everyone configured may be up: a whole cluster forms at once. */
	r->state = RING_OPERATIONAL;
	ring_gather(r, r->all, "start");
	return r;
}

/* Free a ring (without a LEAVE: see ring_leave); NULL is a no-op. */
void
ring_free(struct ring *r)
{
	struct ring_out	*o;
	size_t		 i;

	if (r == NULL)
		return;
	ring_timers_stop(r);
	loop_timer_del(r->loop, &r->t_merge);
	if (r->t->recv_arg == r)
		r->t->recv = NULL;
	while ((o = r->q) != NULL) {
		r->q = o->next;
		free(o);
	}
	for (i = 0; i < RING_MAX_NODES; i++)
		free(r->frags[i].data);
	ring_forget_new(r);
	ring_store_free(r->st);
	free(r->pending);
	free(r->batch);
	free(r->iov);
	free(r);
}

/* Deliver the messages of group from now on; 0, or -1 (EINVAL, ENOSPC). */
int
ring_join(struct ring *r, const char *group)
{
	size_t	i, len = strlen(group);

	if (len == 0 || len > RING_GROUP_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < r->ngroups; i++) {
		if (strcmp(r->groups[i], group) == 0)
			return 0;
	}
	if (r->ngroups == nitems(r->groups)) {
		errno = ENOSPC;
		return -1;
	}
	memcpy(r->groups[r->ngroups++], group, len + 1);
	return 0;
}

/*
 * Queue a message to group (copied) for ordered delivery to every member;
 * flags RING_SAFE waits until all hold it. 0, or -1 with errno EINVAL (bad
 * group), EMSGSIZE (over RING_MSG_MAX), EAGAIN (the queue is full: the
 * ring is slower than the sender), EPIPE (we left).
 */
int
ring_mcast(struct ring *r, const char *group, const void *data, size_t len,
    int flags)
{
	struct ring_out	*o;
	size_t		 glen = strlen(group);

	if (glen == 0 || glen > RING_GROUP_MAX || (flags & ~RING_SAFE)) {
		errno = EINVAL;
		return -1;
	}
	if (len == 0 || len > RING_MSG_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	if (r->state == RING_LEFT) {
		errno = EPIPE;
		return -1;
	}
	if (r->qbytes + len > RING_QUEUE_MAX) {
		errno = EAGAIN;
		return -1;
	}
	o = xmalloc(sizeof *o + len);
	o->next = NULL;
	memcpy(o->group, group, glen + 1);
	o->flags = flags;
	o->len = len;
	o->off = 0;
	memcpy(o->data, data, len);
	*r->qtail = o;
	r->qtail = &o->next;
	r->qbytes += len;
	if (r->holding) {
		/* We hold an idle token: send now, not after the hold. */
		loop_timer_del(r->loop, &r->t_hold);
		r->holding = 0;
		ring_send_window(r, &r->held, r->st);
		r->seq_last_visit = r->held.seq;
		ring_forward(r, &r->held, r->members, 0);
		ring_flush(r);
	} else if (r->state == RING_OPERATIONAL &&
	    ring_popcount(r->members) == 1 && loop_timer_pending(&r->t_hold))
		loop_timer_add(r->loop, &r->t_hold, 0);	/* alone */
	return 0;
}

/* Leave the ring: announce it, and stop at once. */
void
ring_leave(struct ring *r)
{
	int	i;

	if (r->state == RING_LEFT)
		return;
	for (i = 0; i < 2; i++)
		ring_send_ring(r, MSG_LEAVE, &r->id);
	ring_timers_stop(r);
	loop_timer_del(r->loop, &r->t_merge);
	r->state = RING_LEFT;
}

/* The protocol state. */
enum ring_state
ring_state(const struct ring *r)
{
	return r->state;
}

/* A word for a state. */
const char *
ring_state_name(enum ring_state s)
{
	switch (s) {
	case RING_GATHER:
		return "gather";
	case RING_COMMIT:
		return "commit";
	case RING_RECOVERY:
		return "recovery";
	case RING_OPERATIONAL:
		return "operational";
	case RING_LEFT:
		return "left";
	}
	return "unknown";
}

/* The installed ring's id in *id and its member ids in ids (room for
   RING_MAX_NODES); return how many members. */
size_t
ring_members(const struct ring *r, struct ring_id *id, uint32_t *ids)
{
	*id = r->id;
	return ring_ids(r, r->members, ids);
}

/* The ring's counters. */
const struct ring_stats *
ring_stats(const struct ring *r)
{
	return &r->stats;
}

/* When a packet of node id last came (loop time); 0: never, or not a
   configured node. */
uint64_t
ring_heard(const struct ring *r, uint32_t id)
{
	int	i = ring_index(r, id);

	return i < 0 ? 0 : r->heard[i];
}
