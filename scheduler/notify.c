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
 *   - Variables (pe_notif.c: new_notify_pseudo_action,
 *     collect_resource_data, add_notif_keys, notify_entries_to_strings),
 *     meta attributes of the actions, CRM_meta_notify_* in the graph: the
 *     pseudo actions have notify_type (pre, post), notify_operation
 *     (start, stop, promote, demote), notify_key_type (pre,
 *     confirmed-pre, post, confirmed-post) and notify_key_operation (the
 *     clone action's task: stop, stopped, ...). An instance's
 *     notification has those of the pseudo action it hangs from and:
 *     notify_{start,stop,promote,demote}_{resource,uname}, the instances
 *     with a required action of that task that can run (or a stop on a
 *     node being fenced) and its node; notify_active_*, the instances
 *     active now (their first node), and among them notify_promoted_*
 *     and notify_unpromoted_* by role (also as the old notify_master_*
 *     and notify_slave_*); notify_inactive_resource, those stopped;
 *     notify_available_uname, the nodes the clone may be placed on (its
 *     allowed nodes, whatever their score); notify_all_uname, every node.
 *     Lists are space-separated, instances sorted by id (each once, an
 *     entry without a node left out of lists with nodes), nodes by name
 *     (digits by value, case aside); an empty list is one space.
 *
 * DEVIATIONS: the notifications of the stops that fencing implies
 * (pe__order_notifs_after_fencing) are not made. An instance listed twice
 * in one list (a stop on two nodes) keeps its first node by name, not by
 * node id; notify_all_hosts (bundles) is never set.
 */
#include "config.h"

#include <ctype.h>
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

/* qsort: meta attributes by name. */
static int
notify_meta_cmp(const void *x, const void *y)
{
	const struct gmeta	*p = x, *q = y;

	return strcmp(p->name, q->name);
}

/*
 * The variables every notification of pseudo action a has: its type and
 * operation ("pre", "start") and its key's (confirmed-pre, running).
 */
static void
notify_pseudo_meta(struct sched *s, struct action *a, const char *type,
    enum task t)
{
	struct gmeta	*m;

	m = arena_allocarray(s->ctx->arena, 4, sizeof *m);
	m[0] = (struct gmeta){ "notify_key_operation", a->nop };
	m[1] = (struct gmeta){ "notify_key_type", a->ntype };
	m[2] = (struct gmeta){ "notify_operation", graph_task_name(t) };
	m[3] = (struct gmeta){ "notify_type", type };
	a->meta = m;
	a->nmeta = 4;
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
	notify_pseudo_meta(s, n->pre, "pre", t);
	notify_pseudo_meta(s, n->pre_done, "pre", t);
	notify_pseudo_meta(s, n->post, "post", t);
	notify_pseudo_meta(s, n->post_done, "post", t);
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
	a->meta = op == n->pre ? n->pre_meta : n->post_meta;
	a->nmeta = n->nmeta;
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

/* The lists of instances a notification's variables name. */
enum notify_set {
	NS_START,
	NS_STOP,
	NS_PROMOTE,
	NS_DEMOTE,
	NS_ACTIVE,
	NS_INACTIVE,
	NS_PROMOTED,
	NS_UNPROMOTED,
	NS_MAX
};

/* An instance in a list, and its node (-1: none). */
struct notify_entry {
	const char	*rsc;
	int		 node;
};

struct notify_list {
	struct notify_entry	*v;
	size_t			 n;
};

/*
 * Pacemaker's order of node names (pe__cmp_node_name): runs of digits by
 * value (then the shorter run first), other characters case aside.
 */
static int
notify_name_cmp(const char *a, const char *b)
{
	unsigned long	 x, y;
	char		*ea, *eb;
	int		 ca, cb;

	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			x = strtoul(a, &ea, 10);
			y = strtoul(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			if (ea - a != eb - b)
				return ea - a < eb - b ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		ca = tolower((unsigned char)*a++);
		cb = tolower((unsigned char)*b++);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return *a == '\0' ? (*b == '\0' ? 0 : -1) : 1;
}

static struct sched *notify_sort_sched;	/* for the qsort functions */

/* qsort: entries by instance id, then by node name, nowhere first. */
static int
notify_entry_cmp(const void *x, const void *y)
{
	const struct notify_entry	*p = x, *q = y;
	int				 c;

	if ((c = strcmp(p->rsc, q->rsc)) != 0)
		return c;
	if (p->node < 0 || q->node < 0)
		return (p->node >= 0) - (q->node >= 0);
	return notify_name_cmp(notify_sort_sched->nodes[p->node].name,
	    notify_sort_sched->nodes[q->node].name);
}

/* Add instance p on node to list l. */
static void
notify_add(struct notify_list *l, const struct srsc *p, int node)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n].rsc = p->id;
	l->v[l->n].node = node;
	l->n++;
}

/* Add instance p to list l for action a, when a counts. */
static void
notify_add_action(struct sched *s, struct notify_list *l,
    const struct srsc *p, const struct action *a)
{
	if (notify_counts(s, a))
		notify_add(l, p, a->node);
}

/*
 * What the np instances prims are (collect_resource_data): their role
 * now, and their actions that count.
 */
static void
notify_collect(struct sched *s, struct srsc **prims, size_t np,
    struct notify_list *l)
{
	const struct srsc	*p;
	size_t			 i, j;
	int			 node;

	for (i = 0; i < np; i++) {
		p = prims[i];
		node = p->non > 0 ? (int)p->on[0] : -1;
		switch (p->role) {
		case ROLE_STOPPED:
			notify_add(&l[NS_INACTIVE], p, -1);
			break;
		case ROLE_STARTED:
			notify_add(&l[NS_ACTIVE], p, node);
			break;
		case ROLE_UNPROMOTED:
			notify_add(&l[NS_UNPROMOTED], p, node);
			notify_add(&l[NS_ACTIVE], p, node);
			break;
		case ROLE_PROMOTED:
			notify_add(&l[NS_PROMOTED], p, node);
			notify_add(&l[NS_ACTIVE], p, node);
			break;
		default:
			break;
		}
		notify_add_action(s, &l[NS_START], p, p->start);
		notify_add_action(s, &l[NS_PROMOTE], p, p->promote);
		for (j = 0; j < p->non; j++) {
			if (p->stops != NULL)
				notify_add_action(s, &l[NS_STOP], p,
				    p->stops[j]);
			if (p->demotes != NULL)
				notify_add_action(s, &l[NS_DEMOTE], p,
				    p->demotes[j]);
		}
	}
}

/*
 * List l as the values of its variables (notify_entries_to_strings): the
 * instances, and (when names is not NULL) their nodes.
 */
static void
notify_join(struct sched *s, struct notify_list *l, const char **rscs,
    const char **names)
{
	struct buf	 r, u;
	const char	*last = NULL;
	size_t		 i;

	notify_sort_sched = s;
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, notify_entry_cmp);
	buf_init(&r);
	buf_init(&u);
	for (i = 0; i < l->n; i++) {
		if (names != NULL && l->v[i].node < 0)
			continue;
		if (last != NULL && strcmp(last, l->v[i].rsc) == 0)
			continue;
		last = l->v[i].rsc;
		buf_printf(&r, "%s%s", r.len > 0 ? " " : "", l->v[i].rsc);
		if (names != NULL)
			buf_printf(&u, "%s%s", u.len > 0 ? " " : "",
			    s->nodes[l->v[i].node].name);
	}
	*rscs = arena_strdup(s->ctx->arena, r.len > 0 ? r.data : " ");
	if (names != NULL)
		*names = arena_strdup(s->ctx->arena, u.len > 0 ? u.data : " ");
	buf_clear(&r);
	buf_clear(&u);
}

/* qsort: node indexes by name. */
static int
notify_node_cmp(const void *x, const void *y)
{
	const size_t	*p = x, *q = y;
	const struct sched *s = notify_sort_sched;

	return notify_name_cmp(s->nodes[*p].name, s->nodes[*q].name);
}

/*
 * The names of the nodes, sorted: every node, or those clone c may be
 * placed on (its allowed nodes).
 */
static const char *
notify_nodes(struct sched *s, const struct srsc *c)
{
	size_t		*v, i, n = 0;
	struct buf	 b;
	const char	*out;

	v = xcalloc(s->nnodes + 1, sizeof *v);
	for (i = 0; i < s->nnodes; i++) {
		if (c == NULL || c->w[i] != SCORE_ABSENT)
			v[n++] = i;
	}
	notify_sort_sched = s;
	qsort(v, n, sizeof *v, notify_node_cmp);
	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i > 0 ? " " : "", s->nodes[v[i]].name);
	out = arena_strdup(s->ctx->arena, n > 0 ? b.data : " ");
	buf_clear(&b);
	free(v);
	return out;
}

/*
 * The variables of the instances' notifications about n's task (add_
 * notif_keys), those of its pseudo action op first; sorted by name.
 */
static const struct gmeta *
notify_vars(struct sched *s, const struct action *op, const struct gmeta *keys,
    size_t nkeys)
{
	struct gmeta	*m;

	m = arena_allocarray(s->ctx->arena, op->nmeta + nkeys, sizeof *m);
	memcpy(m, op->meta, op->nmeta * sizeof *m);
	memcpy(m + op->nmeta, keys, nkeys * sizeof *m);
	qsort(m, op->nmeta + nkeys, sizeof *m, notify_meta_cmp);
	return m;
}

/*
 * The variables of clone c's instances prims (add_notif_keys), the same
 * for each of its tasks: in keys (NOTIFY_NKEYS of them).
 */
#define NOTIFY_NKEYS	21
static void
notify_keys(struct sched *s, const struct srsc *c, struct srsc **prims,
    size_t np, struct gmeta *keys)
{
	static const char *const names[] = { "start", "stop", "promote",
	    "demote" };
	struct notify_list	 l[NS_MAX];
	const char		*r, *u;
	size_t			 i, nk = 0;

	memset(l, 0, sizeof l);
	notify_collect(s, prims, np, l);
#define NOTIFY_KEY(nm, v)	(keys[nk++] = (struct gmeta){ (nm), (v) })
	for (i = 0; i < nitems(names); i++) {
		notify_join(s, &l[i], &r, &u);
		NOTIFY_KEY(arena_printf(s->ctx->arena, "notify_%s_resource",
		    names[i]), r);
		NOTIFY_KEY(arena_printf(s->ctx->arena, "notify_%s_uname",
		    names[i]), u);
	}
	notify_join(s, &l[NS_ACTIVE], &r, &u);
	NOTIFY_KEY("notify_active_resource", r);
	NOTIFY_KEY("notify_active_uname", u);
	notify_join(s, &l[NS_UNPROMOTED], &r, &u);
	NOTIFY_KEY("notify_unpromoted_resource", r);
	NOTIFY_KEY("notify_unpromoted_uname", u);
	NOTIFY_KEY("notify_slave_resource", r);
	NOTIFY_KEY("notify_slave_uname", u);
	notify_join(s, &l[NS_PROMOTED], &r, &u);
	NOTIFY_KEY("notify_promoted_resource", r);
	NOTIFY_KEY("notify_promoted_uname", u);
	NOTIFY_KEY("notify_master_resource", r);
	NOTIFY_KEY("notify_master_uname", u);
	notify_join(s, &l[NS_INACTIVE], &r, NULL);
	NOTIFY_KEY("notify_inactive_resource", r);
	NOTIFY_KEY("notify_available_uname", notify_nodes(s, c));
	NOTIFY_KEY("notify_all_uname", notify_nodes(s, NULL));
#undef NOTIFY_KEY
	for (i = 0; i < NS_MAX; i++)
		free(l[i].v);
	qsort(keys, nk, sizeof *keys, notify_meta_cmp);
}

/* Give action a the variables keys, if it counts (a start, stop, ...). */
static void
notify_give(struct action *a, const struct gmeta *keys)
{
	if (a == NULL || (a->flags & AF_OPTIONAL) || a->node < 0 ||
	    a->meta != NULL)
		return;
	a->meta = keys;
	a->nmeta = NOTIFY_NKEYS;
}

/*
 * The instances' own required starts, stops, promotes and demotes carry
 * the variables too (create_notify_actions).
 */
static void
notify_originals(struct srsc **prims, size_t np, const struct gmeta *keys)
{
	const struct srsc	*p;
	size_t			 i, j;

	for (i = 0; i < np; i++) {
		p = prims[i];
		notify_give(p->start, keys);
		notify_give(p->promote, keys);
		for (j = 0; j < p->non; j++) {
			if (p->stops != NULL)
				notify_give(p->stops[j], keys);
			if (p->demotes != NULL)
				notify_give(p->demotes[j], keys);
		}
	}
}

/*
 * Settle one set of notifications of clone c and notify its instances
 * prims, whose variables are keys.
 */
static void
notify_task(struct sched *s, struct notify *n, struct srsc **prims,
    size_t np, const struct gmeta *keys)
{
	size_t		 i;
	int		 any = 0;
	unsigned	 opt;

	for (i = 0; i < np && !any; i++)
		any = notify_acts(s, prims[i], n->task);
	opt = any ? 0 : (n->action->flags & AF_OPTIONAL);
	n->pre->flags = (n->pre->flags & ~AF_OPTIONAL) | opt;
	n->pre_done->flags = (n->pre_done->flags & ~AF_OPTIONAL) | opt;
	opt = any ? 0 : (n->complete->flags & AF_OPTIONAL);
	n->post->flags = (n->post->flags & ~AF_OPTIONAL) | opt;
	n->post_done->flags = (n->post_done->flags & ~AF_OPTIONAL) | opt;
	if (!any && n->task != TASK_STOP)
		return;
	n->pre_meta = notify_vars(s, n->pre, keys, NOTIFY_NKEYS);
	n->post_meta = notify_vars(s, n->post, keys, NOTIFY_NKEYS);
	n->nmeta = n->pre->nmeta + NOTIFY_NKEYS;
	for (i = 0; i < np; i++)
		notify_instance(s, prims[i], n);
}

/*
 * The instances' notifications and their variables, once the flags of
 * the run are settled (pe__create_notifications, from clone_expand).
 */
void
notify_expand(struct sched *s)
{
	struct srsc	*c, **prims;
	struct gmeta	*keys;
	size_t		 i, k, np, nrscs = s->nrscs;

	for (i = 0; i < nrscs; i++) {
		c = s->rscs[i];
		if (c->r->kind != RSC_CLONE || c->notify[NOTIFY_START] == NULL)
			continue;
		np = notify_prims(c, &prims);
		keys = arena_allocarray(s->ctx->arena, NOTIFY_NKEYS,
		    sizeof *keys);
		notify_keys(s, c, prims, np, keys);
		notify_originals(prims, np, keys);
		for (k = 0; k < nitems(c->notify); k++) {
			if (c->notify[k] != NULL)
				notify_task(s, c->notify[k], prims, np, keys);
		}
		free(prims);
	}
}
