/*
 * notify.c: clone notifications. A clone with notify=true tells every
 * instance before and after its instances start, stop, promote or demote
 * (the agent's notify action, "pre" and "post"), so that an agent such as
 * DRBD's can follow its peers.
 *
 * BEHAVIOR (Pacemaker 2.1.5, lib/pengine/pe_notif.c,
 * pe__create_promotable_pseudo_ops, clone_create_pseudo_actions):
 *   - For each of start, stop (and for a promotable clone promote,
 *     demote) the clone has four pseudo actions: pre -> confirmed-pre ->
 *     the clone's action; the clone's completion (running, stopped,
 *     promoted, demoted) -> post -> confirmed-post; confirmed-pre -> post.
 *     Between the tasks: stop's confirmed-post before start's pre, and for
 *     a promotable clone stop's and start's before promote's pre and
 *     demote's before the pre of promote, start and stop.
 *   - Once the flags are settled (when the graph is made), the
 *     notifications of a task are required when an instance has a
 *     required action of that task that can run (or a stop on a node
 *     that is fenced); the pre pair is otherwise as optional as the
 *     clone's action, the post pair as its completion.
 *   - Each instance (each member of a cloned group) is notified on its
 *     nodes: for stop and demote where it is active (not on a node being
 *     fenced when its stop is implied), "post" only where it does not
 *     stop or for demote; for start and promote on the node it goes to,
 *     "pre" only when it does not start now; nothing for start, promote
 *     or demote when no instance does that. A notification is as optional
 *     as the pseudo action it hangs from, never on a node that is down,
 *     and a "post" one puts confirmed-post before the instance's
 *     recurring monitors.
 *   - An ordering of another resource after the clone's action waits for
 *     that action's confirmed-post (action_uuid_for_ordering).
 *
 * DEVIATIONS: the notifications of the stops that fencing implies
 * (pe__order_notifs_after_fencing) are not made.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

/* A pseudo notification of clone c: type pre, post, confirmed-... */
static struct action *
notify_new_pseudo(struct sched *s, struct srsc *c, enum task t,
    const char *type, const struct action *about)
{
	struct action	*a;

	a = actions_new(s, t, c, -1);
	a->flags |= AF_PSEUDO;
	a->ntype = type;
	a->nop = graph_task_name(about->task);
	return a;
}

/*
 * The notifications of clone c about task t, around the clone's action
 * and its completion (pe__clone_notif_pseudo_ops).
 */
static struct notify *
notify_pseudo(struct sched *s, struct srsc *c, enum task t,
    struct action *action, struct action *complete)
{
	struct notify	*n;

	n = arena_zalloc(s->ctx->arena, sizeof *n);
	n->task = t;
	n->action = action;
	n->complete = complete;
	n->pre = notify_new_pseudo(s, c, TASK_NOTIFY, "pre", action);
	n->pre_done = notify_new_pseudo(s, c, TASK_NOTIFIED, "confirmed-pre",
	    action);
	actions_order(s, n->pre, n->pre_done, OF_OPTIONAL);
	actions_order(s, n->pre_done, action, OF_OPTIONAL);
	n->post = notify_new_pseudo(s, c, TASK_NOTIFY, "post", complete);
	n->post_done = notify_new_pseudo(s, c, TASK_NOTIFIED,
	    "confirmed-post", complete);
	actions_order(s, complete, n->post, OF_IMPLIES_THEN |
	    OF_RUNNABLE_LEFT);
	actions_order(s, n->post, n->post_done, OF_IMPLIES_THEN |
	    OF_RUNNABLE_LEFT);
	actions_order(s, n->pre_done, n->post, OF_OPTIONAL);
	return n;
}

/* The notifications of a clone's start and stop, when it has them. */
void
notify_clone(struct sched *s, struct srsc *c)
{
	if (!c->r->meta.notify)
		return;
	c->notify[NOTIFY_START] = notify_pseudo(s, c, TASK_START,
	    c->group_start, c->group_running);
	c->notify[NOTIFY_STOP] = notify_pseudo(s, c, TASK_STOP,
	    c->group_stop, c->group_stopped);
	actions_order(s, c->notify[NOTIFY_STOP]->post_done,
	    c->notify[NOTIFY_START]->pre, OF_OPTIONAL);
}

/* The notifications of a promotable clone's promote and demote. */
void
notify_promotable(struct sched *s, struct srsc *c)
{
	struct notify	**n = c->notify;

	if (!c->r->meta.notify || n[NOTIFY_START] == NULL)
		return;
	n[NOTIFY_PROMOTE] = notify_pseudo(s, c, TASK_PROMOTE, c->promote,
	    c->promoted);
	n[NOTIFY_DEMOTE] = notify_pseudo(s, c, TASK_DEMOTE, c->demote,
	    c->demoted);
	actions_order(s, n[NOTIFY_STOP]->post_done, n[NOTIFY_PROMOTE]->pre,
	    OF_OPTIONAL);
	actions_order(s, n[NOTIFY_START]->post_done, n[NOTIFY_PROMOTE]->pre,
	    OF_OPTIONAL);
	actions_order(s, n[NOTIFY_DEMOTE]->post_done, n[NOTIFY_PROMOTE]->pre,
	    OF_OPTIONAL);
	actions_order(s, n[NOTIFY_DEMOTE]->post_done, n[NOTIFY_START]->pre,
	    OF_OPTIONAL);
	actions_order(s, n[NOTIFY_DEMOTE]->post_done, n[NOTIFY_STOP]->pre,
	    OF_OPTIONAL);
}

/*
 * What an ordering of another resource after clone c's task t waits for
 * when c notifies: the confirmed-post of t; else NULL.
 */
struct action *
notify_after(const struct srsc *c, enum task t)
{
	int	k;

	switch (t) {
	case TASK_START:
		k = NOTIFY_START;
		break;
	case TASK_STOP:
		k = NOTIFY_STOP;
		break;
	case TASK_PROMOTE:
		k = NOTIFY_PROMOTE;
		break;
	case TASK_DEMOTE:
		k = NOTIFY_DEMOTE;
		break;
	default:
		return NULL;
	}
	return c->notify[k] != NULL ? c->notify[k]->post_done : NULL;
}

/* Whether a is a required action that can run (or a stop being fenced). */
static int
notify_counts(struct sched *s, const struct action *a)
{
	if (a == NULL || (a->flags & AF_OPTIONAL) || a->node < 0)
		return 0;
	if (a->task == TASK_STOP && s->nodes[a->node].unclean)
		return 1;
	return (a->flags & AF_RUNNABLE) != 0;
}

/* Whether primitive p has an action of task t that counts. */
static int
notify_acts(struct sched *s, const struct srsc *p, enum task t)
{
	size_t	i;

	switch (t) {
	case TASK_START:
		return notify_counts(s, p->start);
	case TASK_PROMOTE:
		return notify_counts(s, p->promote);
	case TASK_STOP:
		for (i = 0; i < p->non; i++) {
			if (notify_counts(s, p->stops[i]))
				return 1;
		}
		return 0;
	case TASK_DEMOTE:
		for (i = 0; p->demotes != NULL && i < p->non; i++) {
			if (notify_counts(s, p->demotes[i]))
				return 1;
		}
		return 0;
	default:
		return 0;
	}
}

/* The primitives of clone c's instances (members of cloned groups). */
static size_t
notify_prims(const struct srsc *c, struct srsc ***out)
{
	struct srsc	**v = NULL;
	const struct srsc *k;
	size_t		 i, j, n = 0;

	for (i = 0; i < c->nkids; i++) {
		k = c->kids[i];
		if (k->r->kind == RSC_PRIMITIVE) {
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n++] = (struct srsc *)k;
			continue;
		}
		for (j = 0; j < k->nkids; j++) {
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n++] = k->kids[j];
		}
	}
	*out = v;
	return n;
}

/*
 * The notification of primitive p on node about n's task, hanging from
 * pseudo op and before done (new_notify_action); NULL when none.
 */
static struct action *
notify_on(struct sched *s, struct srsc *p, int node, const struct notify *n,
    struct action *op, struct action *done)
{
	struct action	*a;

	if (node < 0 || !s->nodes[node].online || !(op->flags & AF_RUNNABLE))
		return NULL;
	a = actions_new(s, TASK_NOTIFY, p, node);
	a->ntype = op == n->pre ? "pre" : "post";
	a->nop = graph_task_name(n->task);
	a->flags = (op->flags & AF_OPTIONAL) | AF_RUNNABLE;
	actions_order(s, op, a, OF_OPTIONAL);
	actions_order(s, a, done, OF_OPTIONAL);
	return a;
}

/*
 * A "post" notification of p on node, and confirmed-post before p's
 * recurring monitors (new_post_notify_action).
 */
static void
notify_post(struct sched *s, struct srsc *p, int node, const struct notify *n)
{
	struct action	*a;
	size_t		 i;

	notify_on(s, p, node, n, n->post, n->post_done);
	for (i = 0; i < s->nactions; i++) {
		a = s->actions[i];
		if (a->rsc == p && a->task == TASK_MONITOR &&
		    a->interval_ms > 0)
			actions_order(s, n->post_done, a, OF_OPTIONAL);
	}
}

/* The notifications of primitive p about n's task (create_notify_actions). */
static void
notify_instance(struct sched *s, struct srsc *p, const struct notify *n)
{
	struct action	*stop;
	size_t		 i;
	int		 node;

	if ((n->task == TASK_STOP || n->task == TASK_DEMOTE) && p->non > 0) {
		stop = p->stops != NULL ? p->stops[0] : NULL;
		for (i = 0; i < p->non; i++) {
			node = (int)p->on[i];
			if (stop != NULL && (stop->flags & AF_PSEUDO) &&
			    s->nodes[node].unclean)
				continue;
			notify_on(s, p, node, n, n->pre, n->pre_done);
			if (n->task == TASK_DEMOTE || stop == NULL ||
			    (stop->flags & AF_OPTIONAL))
				notify_post(s, p, node, n);
		}
	}
	if ((n->task == TASK_START || n->task == TASK_PROMOTE) &&
	    p->next_role != ROLE_STOPPED && p->next_role != ROLE_UNKNOWN &&
	    p->assigned >= 0) {
		if (n->task != TASK_START || p->start == NULL ||
		    (p->start->flags & AF_OPTIONAL))
			notify_on(s, p, p->assigned, n, n->pre, n->pre_done);
		notify_post(s, p, p->assigned, n);
	}
}

/* Settle one set of notifications of clone c and notify its instances. */
static void
notify_task(struct sched *s, struct srsc *c, const struct notify *n)
{
	struct srsc	**prims;
	size_t		 i, np;
	int		 any = 0;
	unsigned	 opt;

	np = notify_prims(c, &prims);
	for (i = 0; i < np && !any; i++)
		any = notify_acts(s, prims[i], n->task);
	opt = any ? 0 : (n->action->flags & AF_OPTIONAL);
	n->pre->flags = (n->pre->flags & ~AF_OPTIONAL) | opt;
	n->pre_done->flags = (n->pre_done->flags & ~AF_OPTIONAL) | opt;
	opt = any ? 0 : (n->complete->flags & AF_OPTIONAL);
	n->post->flags = (n->post->flags & ~AF_OPTIONAL) | opt;
	n->post_done->flags = (n->post_done->flags & ~AF_OPTIONAL) | opt;
	if (any || n->task == TASK_STOP)
		for (i = 0; i < np; i++)
			notify_instance(s, prims[i], n);
	free(prims);
}

/*
 * The instances' notifications, once the flags of the run are settled
 * (pe__create_notifications, from clone_expand).
 */
void
notify_expand(struct sched *s)
{
	struct srsc	*c;
	size_t		 i, k, nrscs = s->nrscs;

	for (i = 0; i < nrscs; i++) {
		c = s->rscs[i];
		if (c->r->kind != RSC_CLONE)
			continue;
		for (k = 0; k < nitems(c->notify); k++) {
			if (c->notify[k] != NULL)
				notify_task(s, c, c->notify[k]);
		}
	}
}
