/*
 * ticket.c: resources that need a ticket (multi-site clusters: booth, or
 * an operator, grants a ticket to one site at a time).
 *
 * BEHAVIOR (Pacemaker 2.1.5, pcmk_sched_tickets.c): a ticket dependency
 * is applied to every primitive under the resource it names (group
 * members, clone instances), at once, with the current roles:
 *   - ticket granted and not standby: nothing;
 *   - ticket revoked, the resource active somewhere: the loss policy.
 *     stop: banned from every node. demote: banned, unless the dependency
 *     is on the Promoted role (then only promotion is forbidden). fence:
 *     if the dependency's role is the resource's role (any role for a
 *     plain dependency), banned, and every node it is active on is fenced
 *     ("deadman ticket was lost"). freeze: same role test; it stays where
 *     it is, unmanaged and blocked;
 *   - ticket revoked, the resource inactive, or ticket standby: banned
 *     from every node, unless the dependency is on the Promoted role with
 *     a loss policy other than stop (then only promotion is forbidden).
 * A ticket no state mentions is revoked. "Started" as a dependency's role
 * means any role.
 */
#include "config.h"

#include <string.h>

#include "sched.h"

/* Ban r from every node, with the reason for --explain. */
static void
ticket_ban(struct sched *s, struct srsc *r, const char *why)
{
	size_t	i;

	for (i = 0; i < s->nnodes; i++) {
		r->w[i] = place_add(r->w[i], -SCORE_INFINITY);
		place_trace(s, r, i, why, -SCORE_INFINITY, NULL);
	}
}

/* Whether the dependency's role is r's role (or it has none). */
static int
ticket_role_matches(const struct ticket_dep *d, const struct srsc *r)
{
	return d->set.role == ROLE_UNKNOWN || d->set.role == ROLE_STARTED ||
	    d->set.role == r->role;
}

static void
ticket_apply_rsc(struct sched *s, const struct ticket_dep *d,
    const struct tstate *t, struct srsc *r)
{
	int	promoted = d->set.role == ROLE_PROMOTED;
	size_t	i;

	if (r->nkids > 0) {
		for (i = 0; i < r->nkids; i++)
			ticket_apply_rsc(s, d, t, r->kids[i]);
		return;
	}
	if ((t == NULL || !t->granted) && r->non > 0) {
		switch (d->loss) {
		case LOSS_STOP:
			ticket_ban(s, r, "__loss_of_ticket__");
			break;
		case LOSS_DEMOTE:
			if (!promoted)
				ticket_ban(s, r, "__loss_of_ticket__");
			break;
		case LOSS_FENCE:
			if (!ticket_role_matches(d, r))
				return;
			ticket_ban(s, r, "__loss_of_ticket__");
			for (i = 0; i < r->non; i++)
				unpack_unclean(&s->nodes[r->on[i]],
				    "deadman ticket was lost");
			break;
		case LOSS_FREEZE:
			if (!ticket_role_matches(d, r))
				return;
			r->flags &= ~SR_MANAGED;
			r->flags |= SR_BLOCKED;
			break;
		}
	} else if (!promoted || d->loss == LOSS_STOP)
		ticket_ban(s, r, t == NULL || !t->granted ? "__no_ticket__" :
		    "__ticket_standby__");
}

/* Apply every ticket dependency of the policy whose ticket is not held. */
void
ticket_apply(struct sched *s)
{
	const struct ticket_dep	*d;
	const struct tstate	*t;
	struct srsc		*r;
	size_t			 i, j;

	for (i = 0; i < s->m->ntickets; i++) {
		d = s->m->tickets[i];
		t = state_ticket(NULL, (struct cstate *)s->st, d->ticket, 0);
		if (t != NULL && t->granted && !t->standby)
			continue;
		for (j = 0; j < d->set.nrscs; j++) {
			r = map_get(&s->by_id, d->set.rscs[j]->name);
			if (r == NULL)
				continue;
			/* pcmk__require_promotion_tickets: see promote.c */
			if (d->set.role == ROLE_PROMOTED)
				r->flags |= SR_NO_PROMOTE;
			ticket_apply_rsc(s, d, t, r);
		}
	}
}
