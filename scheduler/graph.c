/*
 * graph.c: what a run hands out: the transition graph (runnable actions
 * that are required, with the orderings between them, in an executable
 * order), the transition summary ("Move web ( n1 -> n2 )") and where
 * resources are.
 *
 * BEHAVIOR (Pacemaker 2.1.5, pcmk_graph_producer.c, pcmk_output.c): an
 * action enters the graph when it can run, is required (or is a group
 * milestone a required member action makes printed), belongs to a managed
 * resource (monitors excepted) and runs on a node that is up; an ordering
 * enters when both ends are in the graph, except an anti-colocation
 * ordering between different nodes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

#define NO_EDGE	UINT32_MAX

/* The base name of a task, as in operation keys. */
const char *
graph_task_name(enum task t)
{
	switch (t) {
	case TASK_START:
		return "start";
	case TASK_STOP:
		return "stop";
	case TASK_PROMOTE:
		return "promote";
	case TASK_DEMOTE:
		return "demote";
	case TASK_MONITOR:
		return "monitor";
	case TASK_CANCEL:
		return "cancel";
	case TASK_FENCE:
		return "stonith";
	case TASK_SHUTDOWN:
		return "do_shutdown";
	case TASK_CLEAR_FAILCOUNT:
		return "clear_failcount";
	case TASK_DELETE:
		return "delete";
	case TASK_RELOAD:
		return "reload-agent";
	case TASK_LRM_DELETE:
		return "lrm_delete";
	case TASK_RUNNING:
		return "running";
	case TASK_STOPPED:
		return "stopped";
	case TASK_PROMOTED:
		return "promoted";
	case TASK_DEMOTED:
		return "demoted";
	case TASK_NOTIFY:
		return "notify";
	case TASK_NOTIFIED:
		return "notified";
	case TASK_ONE_OR_MORE:
		return "one-or-more";
	case TASK_PLACEHOLDER:
		return "placeholder";
	}
	return "unknown";
}

static const char *
graph_class(enum rsc_class c)
{
	switch (c) {
	case CLASS_OCF:
		return "ocf";
	case CLASS_LSB:
		return "lsb";
	case CLASS_SYSTEMD:
		return "systemd";
	case CLASS_SERVICE:
		return "service";
	case CLASS_STONITH:
		return "stonith";
	}
	return "ocf";
}

/* Whether a (runnable, required or printed) action goes in the graph. */
static int
graph_wanted(struct sched *s, const struct action *a)
{
	if (!(a->flags & AF_RUNNABLE))
		return 0;
	if ((a->flags & AF_OPTIONAL) && !(a->flags & AF_PRINT))
		return 0;
	if (a->task == TASK_PLACEHOLDER)
		return 0;
	if (a->flags & AF_PSEUDO)
		return 1;
	if (a->task == TASK_FENCE || a->task == TASK_SHUTDOWN ||
	    a->task == TASK_LRM_DELETE)
		return 1;
	if (a->node < 0 || !s->nodes[a->node].online ||
	    s->nodes[a->node].unclean)
		return 0;
	if (a->rsc != NULL && !(a->rsc->flags & SR_MANAGED) &&
	    a->task != TASK_MONITOR && a->task != TASK_CANCEL)
		return 0;
	return 1;
}

/* Whether ordering e is an input in the graph (both ends are in it). */
static int
graph_edge_wanted(struct sched *s, const struct sedge *e)
{
	const struct action	*f = s->actions[e->first];
	const struct action	*t = s->actions[e->then];

	if (!(f->flags & AF_GRAPH) || !(t->flags & AF_GRAPH))
		return 0;
	if (e->flags == OF_COLOC_BLOCK || (e->flags & OF_FLAGS_ONLY))
		return 0;
	if ((e->flags & OF_ANTI_COLOC) && ((f->node >= 0 && t->node >= 0 &&
	    f->node != t->node) || (f->flags & AF_OPTIONAL)))
		return 0;
	return 1;
}

/* What a fencing action does: "on" to unfence, else stonith-action. */
const char *
graph_fence_action(const struct sched *s, const struct action *a)
{
	return (a->flags & AF_UNFENCE) ? "on" : s->m->props.stonith_action;
}

/* The operation key of an action: web_start_0, grp_running_0, ... */
static const char *
graph_key(struct sched *s, const struct action *a)
{
	struct arena	*ar = s->ctx->arena;
	const char	*node = a->node >= 0 ? s->nodes[a->node].name : "";

	switch (a->task) {
	case TASK_FENCE:
		return arena_printf(ar, "stonith-%s-%s", node,
		    graph_fence_action(s, a));
	case TASK_SHUTDOWN:
		return arena_printf(ar, "do_shutdown-%s", node);
	case TASK_CLEAR_FAILCOUNT:
		return arena_printf(ar, "%s_clear_failcount_0", a->rsc->id);
	case TASK_LRM_DELETE:
		return arena_printf(ar, "%s_lrm_delete_0", a->rsc->id);
	case TASK_CANCEL:
		return arena_printf(ar, "%s_monitor_%llu", a->rsc->id,
		    (unsigned long long)a->interval_ms);
	case TASK_NOTIFY:
	case TASK_NOTIFIED:
		return arena_printf(ar, "%s_%s_notify_%s_0", a->rsc->id,
		    a->ntype, a->nop);
	case TASK_ONE_OR_MORE:
		return a->label;
	default:
		break;
	}
	return arena_printf(ar, "%s_%s_%llu", a->rsc->id,
	    graph_task_name(a->task), (unsigned long long)a->interval_ms);
}

/* The name of an action in the normal form: start, monitor_10000, ... */
static const char *
graph_nf_name(struct sched *s, const struct action *a)
{
	struct arena	*ar = s->ctx->arena;

	switch (a->task) {
	case TASK_MONITOR:
		return arena_printf(ar, "monitor_%llu",
		    (unsigned long long)a->interval_ms);
	case TASK_CANCEL:
		return arena_printf(ar, "cancel_monitor_%llu",
		    (unsigned long long)a->interval_ms);
	case TASK_FENCE:
		return arena_printf(ar, "fence_%s", graph_fence_action(s, a));
	case TASK_SHUTDOWN:
		return "shutdown";
	case TASK_NOTIFY:
	case TASK_NOTIFIED:
		return arena_printf(ar, "notify_%s_%s", a->ntype, a->nop);
	default:
		return graph_task_name(a->task);
	}
}

/*
 * The timeout of a resource's operation task (not recurring) as the
 * policy sets it: the op's, else op-defaults', else dflt. A stop's own
 * timeout bounds it, as Pacemaker's CRM_meta_timeout does.
 */
static uint64_t
graph_op_timeout(struct sched *s, const struct resource *m, const char *task,
    uint64_t dflt)
{
	const char	*why;
	uint64_t	 ms;
	size_t		 i;

	for (i = 0; i < m->nops; i++) {
		if (m->ops[i].interval_ms == 0 && m->ops[i].timeout_set &&
		    strcmp(m->ops[i].name, task) == 0)
			return m->ops[i].timeout_ms;
	}
	for (i = 0; i < s->m->op_defaults.n; i++) {
		if (strcmp(s->m->op_defaults.v[i].name, "timeout") == 0 &&
		    value_duration(s->ctx, s->m->op_defaults.v[i].value, &ms,
		    &why) == 0)
			dflt = ms;
	}
	return dflt;
}

static void
graph_fill(struct sched *s, struct gaction *g, const struct action *a)
{
	const struct srsc	*r = a->rsc;
	const struct resource	*m;

	memset(g, 0, sizeof *g);
	g->task = graph_task_name(a->task);
	g->key = graph_key(s, a);
	g->name = graph_nf_name(s, a);
	g->runnable = (a->flags & AF_RUNNABLE) != 0;
	g->optional = (a->flags & AF_OPTIONAL) != 0;
	g->interval_ms = a->interval_ms;
	g->timeout_ms = a->timeout_ms != 0 ? a->timeout_ms : 20000;
	g->expected_rc = a->expected_rc;
	g->reason = a->reason;
	g->meta = a->meta;
	g->nmeta = a->nmeta;
	if (a->node >= 0) {
		g->node = s->nodes[a->node].name;
		g->node_id = s->nodes[a->node].id;
	}
	if (a->task == TASK_FENCE) {
		g->kind = GA_FENCE;
		g->fence_action = graph_fence_action(s, a);
		g->timeout_ms = s->m->props.stonith_timeout_ms;
		return;
	}
	if (a->task == TASK_SHUTDOWN || a->task == TASK_CLEAR_FAILCOUNT ||
	    a->task == TASK_LRM_DELETE) {
		g->kind = GA_CLUSTER;
		if (r != NULL) {
			g->rsc = r->id;
			g->hist = r->clone_name;
		}
		return;
	}
	g->kind = (a->flags & AF_PSEUDO) ? GA_PSEUDO : GA_RSC_OP;
	if (a->task == TASK_ONE_OR_MORE)
		g->task = a->label;	/* Pacemaker's task is its key */
	if (r == NULL)
		return;
	g->rsc = r->id;
	g->hist = r->clone_name;
	g->orphan = (r->flags & SR_ORPHAN) != 0;
	m = r->r;
	g->rsc_long = m->name;
	if (m->kind == RSC_PRIMITIVE) {
		g->cls = r->orphan_cls != NULL ? r->orphan_cls :
		    graph_class(m->cls);
		g->provider = m->provider;
		g->type = m->type;
		if (r->container != NULL)
			g->container = r->container->id;
		if (a->timeout_ms == 0)
			g->timeout_ms = graph_op_timeout(s, m, g->task,
			    g->timeout_ms);
	}
	if (a->flags & AF_PSEUDO) {
		g->node = NULL;
		g->node_id = 0;
	}
}

/*
 * The graph: the chosen actions in an executable order (inputs first,
 * ties by creation), then the unrunnable required ones for drawing. A
 * cycle is reported as an error and its actions are left out.
 */
void
graph_build(struct sched *s, struct schedule *out)
{
	struct graph	*g = &out->graph;
	struct action	*a, *t;
	uint32_t	*indeg, *order, *gid, e;
	size_t		 i, n = 0, head = 0, tail = 0, nun = 0, k;
	struct buf	 b;

	for (i = 0; i < s->nactions; i++) {
		a = s->actions[i];
		if (graph_wanted(s, a)) {
			a->flags |= AF_GRAPH;
			n++;
		} else if (!(a->flags & AF_RUNNABLE) &&
		    !(a->flags & AF_OPTIONAL) && a->node >= 0 &&
		    a->task != TASK_PLACEHOLDER)
			nun++;
	}
	indeg = xcalloc(s->nactions + 1, sizeof *indeg);
	order = xcalloc(n + 1, sizeof *order);
	gid = xcalloc(s->nactions + 1, sizeof *gid);
	for (i = 0; i < s->nedges; i++) {
		if (graph_edge_wanted(s, &s->edges[i]))
			indeg[s->edges[i].then]++;
	}
	/* Kahn's algorithm; the queue is kept in creation order per wave. */
	for (i = 0; i < s->nactions; i++) {
		if ((s->actions[i]->flags & AF_GRAPH) && indeg[i] == 0)
			order[tail++] = (uint32_t)i;
	}
	while (head < tail) {
		a = s->actions[order[head++]];
		for (e = a->first_out; e != NO_EDGE; e = s->edges[e].next_out) {
			if (!graph_edge_wanted(s, &s->edges[e]))
				continue;
			if (--indeg[s->edges[e].then] == 0)
				order[tail++] = s->edges[e].then;
		}
	}
	if (tail < n) {
		buf_init(&b);
		for (i = 0, k = 0; i < s->nactions && k < 5; i++) {
			a = s->actions[i];
			if ((a->flags & AF_GRAPH) && indeg[i] > 0) {
				buf_printf(&b, "%s%s", k > 0 ? ", " : "",
				    graph_key(s, a));
				k++;
			}
		}
		diag_error(s->ctx, NULL, "the transition graph has an ordering "
		    "cycle through %s", b.data);
		buf_clear(&b);
		for (i = 0; i < s->nactions; i++) {
			if (indeg[i] > 0)
				s->actions[i]->flags &= ~AF_GRAPH;
		}
	}

	g->actions = arena_zalloc(s->ctx->arena, (tail + nun + 1) *
	    sizeof *g->actions);
	for (i = 0; i < tail; i++) {
		a = s->actions[order[i]];
		a->gid = (uint32_t)i;
		gid[order[i]] = (uint32_t)i;
		graph_fill(s, &g->actions[i], a);
		g->actions[i].id = (uint32_t)i;
	}
	g->nrunnable = tail;
	g->nactions = tail;
	for (i = 0; i < s->nactions; i++) {
		a = s->actions[i];
		if ((a->flags & AF_GRAPH) || (a->flags & AF_RUNNABLE) ||
		    (a->flags & AF_OPTIONAL) || a->node < 0 ||
		    a->task == TASK_PLACEHOLDER)
			continue;
		graph_fill(s, &g->actions[g->nactions], a);
		g->actions[g->nactions].id = (uint32_t)g->nactions;
		a->gid = (uint32_t)g->nactions;
		g->nactions++;
	}
	/* Inputs. */
	for (i = 0; i < tail; i++) {
		a = s->actions[order[i]];
		k = 0;
		for (e = a->first_in; e != NO_EDGE; e = s->edges[e].next_in)
			k += graph_edge_wanted(s, &s->edges[e]);
		if (k == 0)
			continue;
		g->actions[i].inputs = arena_alloc(s->ctx->arena,
		    k * sizeof *g->actions[i].inputs);
		for (e = a->first_in; e != NO_EDGE; e = s->edges[e].next_in) {
			if (!graph_edge_wanted(s, &s->edges[e]))
				continue;
			t = s->actions[s->edges[e].first];
			g->actions[i].inputs[g->actions[i].ninputs++] =
			    gid[t->id];
		}
	}
	g->cluster_delay_ms = 60000;
	g->stonith_timeout_ms = s->m->props.stonith_timeout_ms;
	g->failed_stop_offset = SCORE_INFINITY;
	g->failed_start_offset = s->m->props.start_failure_is_fatal ?
	    SCORE_INFINITY : 1;
	free(indeg);
	free(order);
	free(gid);
}

static void
graph_change(struct sched *s, struct schedule *out, enum change c,
    const struct srsc *r, int from, int to, enum role from_role,
    enum role to_role, const char *reason, int blocked)
{
	struct change_line	*l;

	if (out->nchanges == s->changes_cap) {	/* doubling, in the arena */
		struct change_line	*v;

		s->changes_cap = s->changes_cap == 0 ? 16 : s->changes_cap * 2;
		v = arena_alloc(s->ctx->arena, s->changes_cap * sizeof *v);
		if (out->nchanges > 0)
			memcpy(v, out->changes, out->nchanges * sizeof *v);
		out->changes = v;
	}
	l = &out->changes[out->nchanges++];
	memset(l, 0, sizeof *l);
	l->change = c;
	l->rsc = r != NULL ? r->id : NULL;
	l->from = from >= 0 ? s->nodes[from].name : NULL;
	l->to = to >= 0 ? s->nodes[to].name : NULL;
	l->from_role = from_role;
	l->to_role = to_role;
	l->reason = reason;
	l->blocked = blocked;
}

/*
 * The reason of r's stop on node n, or, where it only stops elsewhere
 * (multiple-active=stop_unexpected), of its first stop.
 */
static const char *
graph_stop_reason(const struct srsc *r, int n)
{
	size_t	i;

	for (i = 0; i < r->non; i++) {
		if ((int)r->on[i] == n && r->stops[i]->task == TASK_STOP)
			return r->stops[i]->reason;
	}
	for (i = 0; i < r->non; i++) {
		if (r->stops[i]->task == TASK_STOP)
			return r->stops[i]->reason;
	}
	return NULL;
}

/* The demote of r on node n (-1: its first), or NULL. */
static struct action *
graph_demote_on(const struct srsc *r, int n)
{
	size_t	i;

	for (i = 0; r->demotes != NULL && i < r->non; i++) {
		if (n < 0 || (int)r->on[i] == n)
			return r->demotes[i];
	}
	return NULL;
}

/* The summary lines of one primitive (rsc_action_default). */
static void
graph_summary_rsc(struct sched *s, struct schedule *out, struct srsc *r)
{
	struct action	*start = r->start, *stop, *demote;
	int		 current = unpack_current(s, r);
	int		 next = r->assigned, moving, failed, start_req, start_run;
	enum role	 role = r->role, next_role = r->next_role;
	const char	*reason;
	size_t		 i;

	if (!(r->flags & SR_MANAGED) || (current < 0 && next < 0))
		return;
	failed = (r->flags & SR_FAILED) != 0;
	moving = current >= 0 && next >= 0 && current != next;
	start_req = start != NULL && !(start->flags & AF_OPTIONAL);
	start_run = start != NULL && (start->flags & AF_RUNNABLE);

	if (role == next_role) {
		if (r->flags & SR_RELOAD) {
			graph_change(s, out, CHANGE_RELOAD, r, current, next,
			    role, next_role, start != NULL ? start->reason :
			    NULL, 0);
			return;
		}
		if (!start_req) {
			/* demoted and promoted again where it is */
			demote = graph_demote_on(r, next);
			if (demote != NULL && r->promote != NULL &&
			    !(demote->flags & AF_OPTIONAL) &&
			    !(r->promote->flags & AF_OPTIONAL))
				graph_change(s, out, CHANGE_REPROMOTE, r,
				    current, next, role, next_role,
				    demote->reason,
				    !(r->promote->flags & AF_RUNNABLE));
			return;
		}
		if (!start_run) {
			stop = r->non > 0 ? r->stops[0] : NULL;
			reason = stop != NULL && stop->reason != NULL ?
			    stop->reason : start->reason;
			graph_change(s, out, CHANGE_STOP, r, current, -1, role,
			    ROLE_STOPPED, reason, stop != NULL &&
			    (!(stop->flags & AF_RUNNABLE) ||
			    !(stop->flags & AF_GRAPH)));
		} else if (moving)
			graph_change(s, out, failed ? CHANGE_RECOVER :
			    CHANGE_MOVE, r, current, next, role, next_role,
			    graph_stop_reason(r, current), 0);
		else if (failed)
			graph_change(s, out, CHANGE_RECOVER, r, current, next,
			    role, next_role, graph_stop_reason(r, current), 0);
		else
			graph_change(s, out, CHANGE_RESTART, r, current, next,
			    role, next_role, start->reason, 0);
		return;
	}
	if (r->non > 0 && (next_role == ROLE_STOPPED || !start_run)) {
		for (i = 0; i < r->non; i++) {
			stop = r->stops[i];
			reason = stop->reason != NULL ? stop->reason :
			    (start != NULL ? start->reason : NULL);
			graph_change(s, out, CHANGE_STOP, r, (int)r->on[i], -1,
			    role, ROLE_STOPPED, reason,
			    !(stop->flags & AF_RUNNABLE) ||
			    !(stop->flags & AF_GRAPH));
		}
		return;
	}
	if (failed && (r->flags & SR_RECOVER) && current >= 0)
		graph_change(s, out, CHANGE_RECOVER, r, current, next, role,
		    next_role, NULL, 0);
	else if (moving)
		graph_change(s, out, CHANGE_MOVE, r, current, next, role,
		    next_role, NULL, 0);
	else if (r->flags & SR_RELOAD)
		graph_change(s, out, CHANGE_RELOAD, r, current, next, role,
		    next_role, start != NULL ? start->reason : NULL, 0);
	else if (r->non > 0 && !(r->stops[0]->flags & AF_OPTIONAL))
		graph_change(s, out, CHANGE_RESTART, r, current, next, role,
		    next_role, start != NULL ? start->reason : NULL, 0);
	else if (role == ROLE_PROMOTED) {
		demote = graph_demote_on(r, next);
		graph_change(s, out, CHANGE_DEMOTE, r, current, next, role,
		    next_role, demote != NULL ? demote->reason : NULL,
		    demote != NULL && !(demote->flags & AF_RUNNABLE));
	} else if (next_role == ROLE_PROMOTED)
		graph_change(s, out, CHANGE_PROMOTE, r, current, next, role,
		    next_role, r->promote != NULL ? r->promote->reason : NULL,
		    r->promote != NULL && !(r->promote->flags & AF_RUNNABLE));
	else if (role == ROLE_STOPPED && next_role > ROLE_STOPPED)
		graph_change(s, out, CHANGE_START, r, -1, next, role,
		    next_role, start->reason, !start_run);
}

static void
graph_summary_tree(struct sched *s, struct schedule *out, struct srsc *r)
{
	size_t	i;

	if (r->r->kind == RSC_PRIMITIVE) {
		graph_summary_rsc(s, out, r);
		return;
	}
	for (i = 0; i < r->nkids; i++)
		graph_summary_tree(s, out, r->kids[i]);
}

/* The transition summary: fencing and shutdowns, then resources. */
void
graph_summary(struct sched *s, struct schedule *out)
{
	struct change_line	*l;
	struct action		*a;
	size_t			 i;

	for (i = s->nactions; i-- > 0;) {
		a = s->actions[i];
		if (!(a->flags & AF_GRAPH))
			continue;
		if (a->task == TASK_FENCE) {
			graph_change(s, out, CHANGE_FENCE, NULL, a->node, -1,
			    ROLE_UNKNOWN, ROLE_UNKNOWN, a->reason, 0);
			l = &out->changes[out->nchanges - 1];
			l->fence_action = graph_fence_action(s, a);
		} else if (a->task == TASK_SHUTDOWN)
			graph_change(s, out, CHANGE_SHUTDOWN, NULL, a->node, -1,
			    ROLE_UNKNOWN, ROLE_UNKNOWN, a->reason, 0);
	}
	for (i = 0; i < s->ntop; i++)
		graph_summary_tree(s, out, s->top[i]);
}

static void
graph_placement_tree(struct sched *s, struct status *st, struct srsc *r)
{
	struct placement	*p;
	size_t			 j;

	if (r->r->kind != RSC_PRIMITIVE) {
		for (j = 0; j < r->nkids; j++)
			graph_placement_tree(s, st, r->kids[j]);
		return;
	}
	if ((r->flags & SR_ORPHAN) && r->non == 0)
		return;		/* inactive orphans are not shown */
	{
		p = &st->rscs[st->nrscs++];
		p->rsc = r->id;
		p->model = r->r;
		p->role = r->non > 0 ? r->role : ROLE_STOPPED;
		p->nodes = arena_alloc(s->ctx->arena, (r->non + 1) *
		    sizeof *p->nodes);
		for (j = 0; j < r->non; j++)
			p->nodes[p->nnodes++] = s->nodes[r->on[j]].name;
		p->failed = (r->flags & SR_FAILED) != 0;
		p->managed = (r->flags & SR_MANAGED) != 0;
		p->blocked = (r->flags & SR_BLOCKED) != 0;
		p->failure_ignored = (r->flags & SR_FAILURE_IGNORED) != 0;
		p->probe_failed = r->probe_failed;
		p->orphan = (r->flags & SR_ORPHAN) != 0;
	}
}

/* Nodes and resources as they are now (resources in list order). */
void
graph_status(struct sched *s, struct status *st)
{
	struct nodeview	*v;
	struct snode	*n;
	size_t		 i;

	st->nodes = arena_zalloc(s->ctx->arena, (s->nnodes + 1) *
	    sizeof *st->nodes);
	for (i = 0; i < s->nnodes; i++) {
		n = &s->nodes[i];
		v = &st->nodes[st->nnodes++];
		v->name = n->name;
		v->online = n->online;
		v->unclean = n->unclean;
		v->pending = n->pending;
		v->standby = n->standby;
		v->standby_onfail = n->standby_onfail;
		v->maintenance = n->maintenance;
		v->shutdown = n->shutdown;
	}
	st->rscs = arena_zalloc(s->ctx->arena, (s->nrscs + 1) *
	    sizeof *st->rscs);
	for (i = 0; i < s->ntop; i++)
		graph_placement_tree(s, st, s->top[i]);
	st->have_quorum = s->have_quorum;
	st->maintenance_mode = s->m->props.maintenance_mode;
}

/* Where every primitive is now, in resource-list order. */
void
graph_placement(struct sched *s, struct schedule *out)
{
	graph_status(s, &out->status);
	out->before = out->status.rscs;
	out->nbefore = out->status.nrscs;
}
