/*
 * quorum.c: whether this node's partition may run resources, by
 * Corosync's votequorum rules (votequorum(5)), computed from each regular
 * configuration the ring installs. The resource manager calls
 * quorum_members from its configuration-change callback and hears back at
 * once through its quorum callback, so a node that loses quorum says so
 * in the same turn of the loop.
 *
 * BEHAVIOR
 * - Each node has votes (default 1); expected_votes defaults to their
 *   sum. Quorum needs more than half: expected / 2 + 1 votes.
 * - two_node (two nodes, two expected votes): one vote is enough. It
 *   implies wait_for_all (the policy compiler sets it unless told).
 * - wait_for_all: no quorum until every configured node has been seen in
 *   one configuration since this node started; after that, the rules
 *   above alone.
 * - last_man_standing: after lms_window_us of a quorate, unchanged
 *   membership that lost nodes, expected votes drop to the members'
 *   votes, so the cluster can shrink one failure at a time (not below 2
 *   without auto_tie_breaker). Members joining raise it again.
 * - auto_tie_breaker: a partition with exactly half the expected votes is
 *   quorate if it holds the tie-breaker: the lowest (or highest) node id
 *   configured, or the first of the listed nodes.
 *
 * INVARIANTS
 * Two partitions that both have quorum always share a member, except
 * with two_node, where each half of a split has quorum by design (and
 * fencing settles the race). With last_man_standing that holds only if
 * nodes that leave are down: a lowered expected count is this node's own,
 * not agreed with the nodes that were away (votequorum exchanges it; we
 * do not yet), so the simulation checks it without last_man_standing.
 *
 * DEVIATIONS from votequorum: expected votes are not exchanged between
 * nodes; with a list of tie-breaker nodes only the first one decides.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "runtime.h"

struct quorum {
	struct loop		*loop;
	uint32_t		 ids[RING_MAX_NODES];
	int			 votes[RING_MAX_NODES];
	size_t			 n;
	int			 configured;	/* expected as configured */
	int			 two_node;
	int			 wait_for_all;
	int			 lms;
	uint64_t		 lms_window_us;
	int			 atb;
	uint32_t		 tie_breaker;
	int			 seen_all;
	int			 expected;
	uint32_t		 members[RING_MAX_NODES];
	size_t			 nmembers;
	struct loop_timer	 lms_timer;
	struct quorum_status	 status;
	void			(*cb)(void *, const struct quorum_status *);
	void			*arg;
};

/* The votes of node id (0 if not configured). */
static int
quorum_votes(const struct quorum *q, uint32_t id)
{
	size_t	i;

	for (i = 0; i < q->n; i++) {
		if (q->ids[i] == id)
			return q->votes[i];
	}
	return 0;
}

/* The votes of the current members. */
static int
quorum_total(const struct quorum *q)
{
	size_t	i;
	int	total = 0;

	for (i = 0; i < q->nmembers; i++)
		total += quorum_votes(q, q->members[i]);
	return total;
}

/* Recompute the status; call back if it changed. */
static void
quorum_update(struct quorum *q)
{
	struct quorum_status	 st;
	size_t			 i;
	int			 has_tb = 0;

	memset(&st, 0, sizeof st);
	st.total = quorum_total(q);
	if (st.total > q->expected)
		q->expected = st.total;	/* more votes than expected */
	st.expected = q->expected;
	if (q->two_node && q->n == 2 && st.expected == 2)
		st.needed = 1;
	else
		st.needed = st.expected / 2 + 1;
	if (st.total >= q->configured && !q->seen_all)
		q->seen_all = 1;
	st.waiting = q->wait_for_all && !q->seen_all;
	for (i = 0; i < q->nmembers; i++) {
		if (q->members[i] == q->tie_breaker)
			has_tb = 1;
	}
	if (!st.waiting) {
		if (st.total >= st.needed)
			st.quorate = 1;
		else if (q->atb && st.total * 2 == st.expected && has_tb) {
			st.quorate = 1;
			st.tie_broken = 1;
		}
	}
	if (memcmp(&st, &q->status, sizeof st) == 0)
		return;
	q->status = st;
	if (q->cb != NULL)
		q->cb(q->arg, &q->status);
}

/* Timer: membership was stable for the window: lower expected votes. */
static void
quorum_lms_fire(void *arg)
{
	struct quorum	*q = arg;
	int		 total = quorum_total(q), floor = q->atb ? 1 : 2;

	if (!q->status.quorate || total >= q->expected)
		return;
	q->expected = total > floor ? total : floor;
	if (q->expected > q->configured)
		q->expected = q->configured;
	quorum_update(q);
}

/*
 * A new quorum calculator for the configured nodes; cb(arg, status) is
 * called whenever the status changes. NULL with *cause for a bad
 * configuration (no nodes, bad votes, an unknown tie-breaker node).
 */
struct quorum *
quorum_new(struct loop *loop, const struct quorum_config *cfg,
    void (*cb)(void *, const struct quorum_status *), void *arg, char **cause)
{
	struct quorum	*q;
	size_t		 i;
	int		 sum = 0;

	if (cfg->n == 0 || cfg->n > RING_MAX_NODES) {
		xasprintf(cause, "quorum needs 1 to %d nodes, not %zu",
		    RING_MAX_NODES, cfg->n);
		return NULL;
	}
	q = xcalloc(1, sizeof *q);
	q->n = cfg->n;
	for (i = 0; i < cfg->n; i++) {
		q->ids[i] = cfg->ids[i];
		q->votes[i] = cfg->votes != NULL ? cfg->votes[i] : 1;
		if (q->votes[i] < 0 || q->votes[i] > 1000) {
			xasprintf(cause, "node %u has %d votes (0 to 1000)",
			    q->ids[i], q->votes[i]);
			free(q);
			return NULL;
		}
		sum += q->votes[i];
	}
	q->configured = cfg->expected_votes > 0 ? cfg->expected_votes : sum;
	q->expected = q->configured;
	q->two_node = cfg->two_node;
	q->wait_for_all = cfg->wait_for_all || cfg->two_node;
	q->lms = cfg->last_man_standing;
	q->lms_window_us = cfg->lms_window_us;
	q->atb = cfg->auto_tie_breaker;
	if (cfg->atb_n > 0) {
		for (i = 0; i < q->n && q->ids[i] != cfg->atb_nodes[0]; i++)
			;
		if (i == q->n) {
			xasprintf(cause, "tie-breaker node %u is not "
			    "configured", cfg->atb_nodes[0]);
			free(q);
			return NULL;
		}
		q->tie_breaker = cfg->atb_nodes[0];
	} else {
		q->tie_breaker = q->ids[0];
		for (i = 1; i < q->n; i++) {
			if (cfg->atb_highest ? q->ids[i] > q->tie_breaker :
			    q->ids[i] < q->tie_breaker)
				q->tie_breaker = q->ids[i];
		}
	}
	q->loop = loop;
	q->cb = cb;
	q->arg = arg;
	q->status.needed = q->expected / 2 + 1;
	q->status.expected = q->expected;
	q->status.waiting = q->wait_for_all;
	loop_timer_init(&q->lms_timer, quorum_lms_fire, q);
	return q;
}

/* Free a calculator; NULL is a no-op. */
void
quorum_free(struct quorum *q)
{
	if (q == NULL)
		return;
	loop_timer_del(q->loop, &q->lms_timer);
	free(q);
}

/*
 * The members of the regular configuration just installed (ids, copied):
 * the status is recomputed and the callback called at once if it changed.
 */
void
quorum_members(struct quorum *q, const uint32_t *ids, size_t n)
{
	if (n > RING_MAX_NODES)
		n = RING_MAX_NODES;
	memcpy(q->members, ids, n * sizeof *ids);
	q->nmembers = n;
	loop_timer_del(q->loop, &q->lms_timer);
	quorum_update(q);
	if (q->lms && q->status.quorate &&
	    q->status.total < q->status.expected)
		loop_timer_add(q->loop, &q->lms_timer, q->lms_window_us);
}

/* The current status. */
const struct quorum_status *
quorum_status(const struct quorum *q)
{
	return &q->status;
}
