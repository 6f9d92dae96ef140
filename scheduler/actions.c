/*
 * actions.c: the actions a placement needs and the orderings between
 * them, then the fixed point of what is required and what can run.
 *
 * BEHAVIOR (Pacemaker 2.1.5, pcmk_sched_primitive.c, _probes.c,
 * _recurring.c, _group.c, _ordering.c, _fencing.c, _actions.c):
 *   - Every primitive gets a start on its node and a stop on every node it
 *     is active on; they begin optional and become required when the
 *     resource moves, recovers, restarts or stops. A resource that cannot
 *     be placed keeps an unrunnable start, so that whatever is ordered
 *     after it cannot start either.
 *   - A probe (monitor with interval 0) runs wherever a resource's state
 *     on a node is unknown; recurring monitors follow the start.
 *   - Groups get four milestones (start, running, stop, stopped) around
 *     their members, which start in order and stop in reverse.
 *   - A resource inside a container (meta container) is never probed,
 *     starts after its container and stops before it.
 *   - An unclean node is fenced; stops there are implied by the fencing,
 *     and starts of resources that need fencing wait for it.
 *   - Orderings carry flags: "first required implies then required",
 *     "then required implies first required", "first cannot run so then
 *     cannot run", "a restart". actions_propagate() applies them until
 *     nothing changes (flags only ever go from optional to required and
 *     from runnable to unrunnable, so it terminates).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

#define NO_EDGE	UINT32_MAX

static size_t	actions_for_order(struct srsc *, const char *, int,
		    struct action **, size_t);
static enum task actions_clone_task(const char *);
static int	actions_op_active(const struct srsc *, size_t,
		    const struct op *);

/* A new action (optional and runnable until something says otherwise). */
struct action *
actions_new(struct sched *s, enum task task, struct srsc *rsc, int node)
{
	struct action	*a;

	a = arena_zalloc(s->ctx->arena, sizeof *a);
	a->id = (uint32_t)s->nactions;
	a->task = task;
	a->flags = AF_OPTIONAL | AF_RUNNABLE;
	a->node = node;
	a->rsc = rsc;
	a->first_in = a->first_out = NO_EDGE;
	if (s->nactions == s->actions_cap) {
		s->actions_cap = s->actions_cap == 0 ? 256 : s->actions_cap * 2;
		s->actions = xreallocarray(s->actions, s->actions_cap,
		    sizeof *s->actions);
	}
	s->actions[s->nactions++] = a;
	return a;
}

/* Order first before then, with flags OF_*. */
void
actions_order(struct sched *s, struct action *first, struct action *then,
    unsigned flags)
{
	struct sedge	*e;

	if (first == NULL || then == NULL || first == then)
		return;
	if (s->nedges == s->edges_cap) {
		s->edges_cap = s->edges_cap == 0 ? 1024 : s->edges_cap * 2;
		s->edges = xreallocarray(s->edges, s->edges_cap,
		    sizeof *s->edges);
	}
	e = &s->edges[s->nedges];
	e->first = first->id;
	e->then = then->id;
	e->flags = flags;
	e->next_out = first->first_out;
	e->next_in = then->first_in;
	first->first_out = then->first_in = (uint32_t)s->nedges;
	s->nedges++;
}

static void
actions_require(struct action *a, const char *reason)
{
	if ((a->flags & AF_OPTIONAL) == 0)
		return;
	a->flags &= ~AF_OPTIONAL;
	if (a->reason == NULL)
		a->reason = reason;
}

static void
actions_block(struct action *a, const char *reason)
{
	if ((a->flags & AF_RUNNABLE) == 0)
		return;
	a->flags &= ~AF_RUNNABLE;
	if (a->reason == NULL)
		a->reason = reason;
}

/* Whether starting r needs quorum and the cluster lacks it. */
static const char *
actions_quorum_blocks(struct sched *s, const struct srsc *r)
{
	const struct resource	*m = r->r;
	enum requires		 req = m->meta.requires;

	if (s->have_quorum || req == REQUIRES_NOTHING)
		return NULL;
	switch (s->m->props.no_quorum_policy) {
	case NO_QUORUM_IGNORE:
		return NULL;
	case NO_QUORUM_FREEZE:
		return r->non > 0 ? NULL : "quorum freeze";
	default:
		return "no quorum";
	}
}

/* The recurring op of r running on node, as the history says. */
static int
actions_op_active(const struct srsc *r, size_t node, const struct op *op)
{
	size_t	i;

	for (i = 0; i < r->nactive_ops; i++) {
		if (r->active_op_node[i] == node &&
		    strcmp(r->active_ops[i]->task, op->name) == 0 &&
		    r->active_ops[i]->interval_ms == op->interval_ms)
			return r->active_resched == NULL ||
			    !r->active_resched[i];
	}
	return 0;
}

/* The configured, enabled op of r named task with that interval. */
static const struct op *
actions_config_op(const struct srsc *r, const char *task, uint64_t interval)
{
	size_t	i;

	for (i = 0; i < r->r->nops; i++) {
		if (r->r->ops[i].enabled && r->r->ops[i].interval_ms ==
		    interval && strcmp(r->r->ops[i].name, task) == 0)
			return &r->r->ops[i];
	}
	return NULL;
}

/*
 * Cancel recurring operations that must stop: on a node or resource in
 * maintenance, ops no longer configured (stop-orphan-actions), and a
 * Stopped-role monitor where the resource is about to start.
 */
static void
actions_cancels(struct sched *s, struct srsc *r)
{
	const struct oprec	*op;
	const struct op		*cfg;
	struct action		*c;
	size_t			 i, j, n;
	int			 cancel, active;

	for (i = 0; i < r->nactive_ops; i++) {
		op = r->active_ops[i];
		n = r->active_op_node[i];
		cfg = actions_config_op(r, op->task, op->interval_ms);
		active = r->known[n] && r->non > 0 && unpack_active_on(r, n);
		if (s->nodes[n].maintenance || (r->flags & SR_MAINTENANCE))
			cancel = active;
		else if (cfg == NULL)	/* not an orphan's: it stops */
			cancel = s->m->props.stop_orphan_actions && active &&
			    !(r->flags & SR_ORPHAN);
		else if (cfg->role == ROLE_STOPPED)
			cancel = r->assigned == (int)n;
		else
			cancel = 0;
		if (!cancel || !s->nodes[n].online)
			continue;
		c = actions_new(s, TASK_CANCEL, r, (int)n);
		c->interval_ms = op->interval_ms;
		actions_require(c, NULL);
		if (cfg != NULL && cfg->role == ROLE_STOPPED)
			actions_order(s, c, r->start, OF_OPTIONAL);
		else	/* after the stops (pcmk__schedule_cancel) */
			for (j = 0; j < r->non; j++)
				actions_order(s, r->stops[j], c, OF_OPTIONAL);
	}
}

/* Monitors for role Stopped: on every node where r will not run. */
static void
actions_stopped_monitors(struct sched *s, struct srsc *r)
{
	const struct op	*op;
	struct action	*mon;
	size_t		 i, n, j;

	if (unpack_clone_of(r) != NULL)
		return;		/* unique resources only */
	if ((r->flags & (SR_BLOCKED | SR_MAINTENANCE)) ||
	    !(r->flags & SR_MANAGED))
		return;
	for (i = 0; i < r->r->nops; i++) {
		op = &r->r->ops[i];
		if (op->role != ROLE_STOPPED || op->interval_ms == 0 ||
		    !op->enabled)
			continue;
		for (n = 0; n < s->nnodes; n++) {
			if ((int)n == r->assigned || !s->nodes[n].online ||
			    s->nodes[n].unclean || s->nodes[n].maintenance)
				continue;
			mon = actions_new(s, TASK_MONITOR, r, (int)n);
			mon->interval_ms = op->interval_ms;
			mon->timeout_ms = op->timeout_ms;
			mon->expected_rc = OCF_NOT_RUNNING;
			if (!actions_op_active(r, n, op) || unpack_active_on(r, n))
				actions_require(mon, NULL);
			if (!unpack_node_available(&s->nodes[n]) &&
			    !s->nodes[n].standby)
				actions_block(mon, NULL);
			if (r->probes != NULL && r->probes[n] != NULL)
				actions_order(s, r->probes[n], mon,
				    OF_RUNNABLE_LEFT);
			for (j = 0; j < r->non; j++) {
				if (r->on[j] == n)
					actions_order(s, r->stops[j], mon,
					    OF_IMPLIES_THEN | OF_RUNNABLE_LEFT);
			}
		}
	}
}

/* Whether r is (in) an instance of a promotable clone. */
static int
actions_promotable(const struct srsc *r)
{
	const struct srsc	*c = unpack_clone_of(r);

	return c != NULL && c->r->promotable;
}

/*
 * Demotes and the promote of an instance of a promotable clone
 * (schedule_restart_actions, schedule_role_transition_actions): promoted
 * now, it has a demote wherever it runs, required when it stops or stays
 * less than promoted; promoted after, a promote on its node, required
 * unless it is promoted there already and neither restarts nor recovers
 * by demotion (need_promote). A promote cannot run without its start.
 */
static void
actions_roles(struct sched *s, struct srsc *r, int need_stop,
    int need_promote)
{
	struct action	*d;
	size_t		 i, j;
	int		 managed = (r->flags & SR_MANAGED) != 0;

	if (r->role == ROLE_PROMOTED) {
		r->demotes = arena_zalloc(s->ctx->arena, (r->non + 1) *
		    sizeof *r->demotes);
		for (i = 0; i < r->non; i++) {
			d = actions_new(s, TASK_DEMOTE, r, (int)r->on[i]);
			r->demotes[i] = d;
			if (need_stop || r->next_role < ROLE_PROMOTED ||
			    ((r->flags & SR_FAILED) &&
			    r->on_fail == ON_FAIL_DEMOTE))
				actions_require(d, NULL);
			if (!managed || !s->nodes[r->on[i]].online)
				actions_block(d, NULL);
			for (j = 0; j < r->non; j++)
				actions_order(s, d, r->stops[j],
				    OF_OPTIONAL | OF_IMPLIES_FIRST);
		}
	}
	if (r->next_role != ROLE_PROMOTED || r->assigned < 0)
		return;
	if (r->role == ROLE_PROMOTED && r->next_role < r->role)
		return;
	r->promote = actions_new(s, TASK_PROMOTE, r, r->assigned);
	if (r->role < ROLE_PROMOTED || need_stop || need_promote)
		actions_require(r->promote, NULL);
	if (!(r->start->flags & AF_RUNNABLE))
		r->promote->flags &= ~AF_RUNNABLE;
	actions_order(s, r->start, r->promote, OF_RUNNABLE_LEFT);
	for (i = 0; r->demotes != NULL && i < r->non; i++)
		actions_order(s, r->demotes[i], r->promote, OF_OPTIONAL);
}

/*
 * Cancel recurring op of r on its node, running there but configured for
 * another role than r is going to have (recurring_op_for_active): before
 * the promote or stop that changes the role, or the demote.
 */
static void
actions_role_cancel(struct sched *s, struct srsc *r, const struct op *op)
{
	struct action	*c;
	size_t		 i;

	c = actions_new(s, TASK_CANCEL, r, r->assigned);
	c->interval_ms = op->interval_ms;
	actions_require(c, NULL);
	switch (r->role) {
	case ROLE_UNPROMOTED:
	case ROLE_STARTED:
		if (r->next_role == ROLE_PROMOTED)
			actions_order(s, c, r->promote, OF_RUNNABLE_LEFT);
		else if (r->next_role == ROLE_STOPPED)
			for (i = 0; i < r->non; i++)
				actions_order(s, c, r->stops[i],
				    OF_RUNNABLE_LEFT);
		break;
	case ROLE_PROMOTED:
		for (i = 0; r->demotes != NULL && i < r->non; i++)
			actions_order(s, c, r->demotes[i], OF_RUNNABLE_LEFT);
		break;
	default:
		break;
	}
}

/* Start, stops and recurring monitors of one primitive. */
static void
actions_primitive(struct sched *s, struct srsc *r)
{
	struct action	*mon;
	const struct op	*op;
	const char	*why;
	size_t		 i, k;
	int		 running;
	int		 a = r->assigned, moving, need_stop, managed;
	int		 need_restart = 0, unexpected, agent = 0;
	const char	*restart_why = NULL;

	managed = (r->flags & SR_MANAGED) != 0;
	moving = r->non > 0 && a >= 0 && unpack_current(s, r) != a;
	for (i = 0; r->agent_changed != NULL && i < r->non; i++) {
		if (r->agent_changed[r->on[i]] &&
		    unpack_node_available(&s->nodes[r->on[i]]))
			need_restart = agent = 1; /* another agent ran it */
	}
	for (i = 0; r->def_changed != NULL && i < r->non; i++) {
		switch (r->def_changed[r->on[i]]) {
		case DEF_RESTART:
			need_restart = 1;
			restart_why = "resource definition change";
			break;
		case DEF_STOP:
			need_restart = 1;
			break;
		default:
			break;
		}
	}
	if (agent)
		restart_why = NULL;	/* as Pacemaker 2.1.5 says it */
	/* a resource inside it failed: restart it where it runs */
	for (i = 0; r->restart_on != NULL && i < r->non; i++) {
		if (r->restart_on[r->on[i]])
			need_restart = 1;
	}
	need_stop = moving || need_restart || (r->flags & SR_MULTIPLE) ||
	    ((r->flags & SR_FAILED) && (r->flags & SR_RECOVER)) ||
	    (a < 0 && r->non > 0);

	r->start = actions_new(s, TASK_START, r, a);
	if (a < 0) {
		r->start->flags &= ~AF_RUNNABLE;
		r->start->reason = "node availability";
	} else {
		if (!unpack_node_available(&s->nodes[a]) && managed)
			actions_block(r->start, "node availability");
		if ((why = actions_quorum_blocks(s, r)) != NULL && managed)
			actions_block(r->start, why);
		if (managed && (need_stop || r->non == 0))
			actions_require(r->start, restart_why);
		if (!managed && r->non == 0)
			actions_block(r->start, NULL);
		/* A start still pending where it stays is shown again. */
		if ((r->flags & SR_START_PENDING) && r->non > 0 &&
		    (int)r->on[0] == a)
			r->start->flags |= AF_PRINT;
	}

	/*
	 * multiple-active=stop_unexpected: stop it where it should not be;
	 * where it stays, its start only marks the recovery (a pseudo
	 * action).
	 */
	unexpected = (r->flags & SR_MULTIPLE) && managed && a >= 0 &&
	    r->r->meta.multiple_active == MULTIPLE_STOP_UNEXPECTED &&
	    unpack_active_on(r, (size_t)a);
	if (unexpected) {
		r->start->flags |= AF_PSEUDO;
		actions_require(r->start, "being multiply active");
	}

	r->stops = arena_zalloc(s->ctx->arena, (r->non + 1) *
	    sizeof *r->stops);
	for (i = 0; i < r->non; i++) {
		struct action	*stop;

		stop = actions_new(s, TASK_STOP, r, (int)r->on[i]);
		r->stops[i] = stop;
		if (unexpected) {
			if ((int)r->on[i] == a) {
				stop->flags &= ~AF_RUNNABLE;	/* none */
				stop->task = TASK_PLACEHOLDER;
			} else
				actions_require(stop, "being multiply active");
			actions_order(s, stop, r->start,
			    OF_OPTIONAL | OF_IMPLIES_THEN);
			continue;
		}
		/* Fencing makes a stop on a down node runnable again. */
		if (!managed || !s->nodes[r->on[i]].online)
			actions_block(stop, NULL);
		if (managed && need_stop)
			actions_require(stop, a < 0 ? "node availability" :
			    NULL);
		/*
		 * A clone instance stopped for good (no node) has no start for
		 * its stop to require: 2.1.5 makes one only for the clone's
		 * orderings with its instances, applied after this one (an
		 * order constraint naming it comes before, so then it has:
		 * actions_start_named).
		 */
		actions_order(s, stop, r->start, OF_OPTIONAL | OF_RESTART |
		    (a >= 0 || r->parent == NULL || r->parent->r->kind !=
		    RSC_CLONE ? OF_IMPLIES_THEN : 0));
	}

	if (actions_promotable(r))
		actions_roles(s, r, need_stop, a >= 0 && !moving &&
		    (r->flags & SR_FAILED) && !(r->flags & SR_RECOVER) &&
		    r->next_role == ROLE_PROMOTED);
	actions_cancels(s, r);
	/*
	 * An orphan's fail counts are cleared, before it stops; not an
	 * orphaned clone instance's (clear_failcounts_if_orphaned looks at
	 * top-level resources only).
	 */
	for (i = 0; (r->flags & SR_ORPHAN) && unpack_clone_of(r) == NULL &&
	    i < s->nnodes; i++) {
		struct action	*c;
		int64_t		 last;
		size_t		 j;

		if (!s->nodes[i].online ||
		    unpack_fail_count(s, r, &s->nodes[i], &last) <= 0)
			continue;
		if (r->failure_timeout_ms > 0 && last > 0 &&
		    (s->now - last) * 1000 > (int64_t)r->failure_timeout_ms)
			continue;
		c = actions_new(s, TASK_CLEAR_FAILCOUNT, r, (int)i);
		actions_require(c, NULL);
		for (j = 0; j < r->non; j++)
			actions_order(s, c, r->stops[j], OF_OPTIONAL);
	}
	/* The history of another agent is deleted where the node can. */
	for (i = 0; r->agent_changed != NULL && i < s->nnodes; i++) {
		struct action	*d;
		size_t		 j;

		if (!r->agent_changed[i] || (!unpack_node_available(
		    &s->nodes[i]) && !s->nodes[i].maintenance))
			continue;
		d = actions_new(s, TASK_DELETE, r, (int)i);
		actions_require(d, NULL);
		/* after its stops on every node (pcmk__schedule_cleanup) */
		for (j = 0; j < r->non; j++)
			actions_order(s, r->stops[j], d, OF_OPTIONAL);
		actions_order(s, d, r->start, OF_OPTIONAL);
	}
	/* A history whose shutdown lock expired is forgotten. */
	for (i = 0; r->lock_expired != NULL && i < s->nnodes; i++) {
		if (r->lock_expired[i])
			actions_require(actions_new(s, TASK_LRM_DELETE, r,
			    (int)i), NULL);
	}
	/*
	 * An orphan's history is deleted where it is known (unless failed),
	 * after its stops on every node (pcmk__schedule_cleanup orders by
	 * resource and task, not node).
	 */
	if ((r->flags & SR_ORPHAN) && !(r->flags & SR_FAILED) &&
	    unpack_clone_of(r) == NULL) {
		for (i = 0; i < s->nnodes; i++) {
			struct action	*d;
			size_t		 j;

			if (!r->known[i] || !unpack_node_available(&s->nodes[i]))
				continue;
			d = actions_new(s, TASK_DELETE, r, (int)i);
			actions_require(d, NULL);
			for (j = 0; j < r->non; j++)
				actions_order(s, r->stops[j], d, OF_OPTIONAL);
		}
	}
	for (i = 0; r->clear_failcount != NULL && i < s->nnodes; i++) {
		if (r->clear_failcount[i] && s->nodes[i].online) {
			struct action	*c;

			c = actions_new(s, TASK_CLEAR_FAILCOUNT, r, (int)i);
			actions_require(c, NULL);
		}
	}

	/*
	 * Promoted now, less after: demote wherever it runs first (each
	 * demote before each stop).
	 */
	if (r->role == ROLE_PROMOTED && r->next_role < ROLE_PROMOTED &&
	    unpack_clone_of(r) == NULL) {
		/* TODO(issue 7): promotion and demotion of clone instances. */
		struct action	*d;
		size_t		 j;

		for (i = 0; i < r->non; i++) {
			d = actions_new(s, TASK_DEMOTE, r, (int)r->on[i]);
			if (!managed || !s->nodes[r->on[i]].online)
				actions_block(d, NULL);
			else
				actions_require(d, NULL);
			for (j = 0; j < r->non; j++)
				actions_order(s, d, r->stops[j],
				    OF_OPTIONAL | OF_IMPLIES_FIRST);
		}
	}

	/*
	 * A definition change the agent can take without a restart: reload
	 * it where it runs (cancelled if it stops there after all).
	 */
	for (i = 0; r->def_changed != NULL && i < r->non; i++) {
		if (r->def_changed[r->on[i]] != DEF_RELOAD || need_stop ||
		    !managed || (int)r->on[i] != a)
			continue;
		r->reload = actions_new(s, TASK_RELOAD, r, a);
		actions_require(r->reload, "resource definition change");
		r->flags |= SR_RELOAD;
	}

	/* Recurring monitors where it will run. */
	if (a < 0 || (r->flags & (SR_BLOCKED | SR_MAINTENANCE)) ||
	    s->nodes[a].maintenance)
		return;
	for (i = 0; i < r->r->nops; i++) {
		op = &r->r->ops[i];
		if (op->interval_ms == 0 || !op->enabled ||
		    strcmp(op->name, "monitor") != 0)
			continue;
		if (op->role == ROLE_STOPPED)
			continue;
		running = (r->start->flags & AF_OPTIONAL) &&
		    actions_op_active(r, (size_t)a, op) &&
		    !(r->flags & SR_RESCHEDULE);
		if ((op->role != ROLE_UNKNOWN && op->role != r->next_role) ||
		    (op->role == ROLE_UNKNOWN &&
		    r->next_role == ROLE_PROMOTED)) {
			/* for another role: cancelled where it runs */
			if (running)
				actions_role_cancel(s, r, op);
			continue;
		}
		mon = actions_new(s, TASK_MONITOR, r, a);
		mon->interval_ms = op->interval_ms;
		mon->timeout_ms = op->timeout_ms;
		if (!running)
			actions_require(mon, NULL);
		if (r->next_role == ROLE_PROMOTED)
			mon->expected_rc = OCF_RUNNING_PROMOTED;
		actions_order(s, r->start, mon, OF_IMPLIES_THEN |
		    OF_RUNNABLE_LEFT);
		if (r->reload != NULL)
			actions_order(s, r->reload, mon, OF_IMPLIES_THEN |
			    OF_RUNNABLE_LEFT);
		if (r->next_role == ROLE_PROMOTED)
			actions_order(s, r->promote, mon, OF_OPTIONAL |
			    OF_RUNNABLE_LEFT);
		else
			for (k = 0; r->demotes != NULL && k < r->non; k++)
				actions_order(s, r->demotes[k], mon,
				    OF_OPTIONAL | OF_RUNNABLE_LEFT);
	}
}

/*
 * The milestones of a group or a clone (pseudo actions start, running,
 * stop, stopped) and the orderings among them.
 */
void
actions_milestones(struct sched *s, struct srsc *g)
{
	g->group_start = actions_new(s, TASK_START, g, -1);
	g->group_running = actions_new(s, TASK_RUNNING, g, -1);
	g->group_stop = actions_new(s, TASK_STOP, g, -1);
	g->group_stopped = actions_new(s, TASK_STOPPED, g, -1);
	g->group_start->flags |= AF_PSEUDO;
	g->group_running->flags |= AF_PSEUDO;
	g->group_stop->flags |= AF_PSEUDO;
	g->group_stopped->flags |= AF_PSEUDO;
	actions_order(s, g->group_stop, g->group_stopped, OF_RUNNABLE_LEFT);
	actions_order(s, g->group_stopped, g->group_start, OF_OPTIONAL);
	actions_order(s, g->group_start, g->group_running, OF_RUNNABLE_LEFT);
}

/* The milestones of a group and the orderings among its members. */
static void
actions_group(struct sched *s, struct srsc *g)
{
	struct srsc	*k, *prev;
	size_t		 i, j;

	actions_milestones(s, g);
	for (i = 0; i < g->nkids; i++) {
		k = g->kids[i];
		for (j = 0; j < k->non; j++) {
			actions_order(s, g->group_stop, k->stops[j],
			    OF_PRINT_FIRST | (i == 0 ? OF_OPTIONAL : 0));
			actions_order(s, k->stops[j], g->group_stopped,
			    i == 0 ? OF_IMPLIES_THEN | OF_PRINT_THEN :
			    OF_PRINT_THEN);
		}
		actions_stop_then(s, k, g->group_stopped, OF_OPTIONAL);
		actions_order(s, g->group_start, k->start, OF_PRINT_FIRST);
		actions_order(s, k->start, g->group_running,
		    OF_RUNNABLE_LEFT | OF_IMPLIES_THEN | OF_PRINT_THEN);
		if (i == 0)
			continue;
		prev = g->kids[i - 1];
		actions_order(s, prev->start, k->start,
		    OF_IMPLIES_THEN | OF_RUNNABLE_LEFT);
		/* in a promotable clone: promoted in order, demoted in reverse */
		actions_order(s, prev->promote, k->promote,
		    OF_IMPLIES_THEN | OF_RUNNABLE_LEFT);
		for (j = 0; k->demotes != NULL && prev->demotes != NULL &&
		    j < k->non; j++) {
			size_t	l;

			for (l = 0; l < prev->non; l++)
				actions_order(s, k->demotes[j],
				    prev->demotes[l], OF_OPTIONAL);
		}
		for (j = 0; j < k->non; j++) {
			size_t	l;

			for (l = 0; l < prev->non; l++)
				actions_order(s, k->stops[j], prev->stops[l],
				    OF_OPTIONAL | OF_RESTART);
		}
		for (j = 0; j < prev->non; j++)
			actions_stop_then(s, k, prev->stops[j], OF_OPTIONAL);
		/*
		 * A partially active group: when the member before this one
		 * is not active, stop this one before the last active one.
		 */
		if (k->non > 0 && prev->non == 0) {
			struct srsc	*last = NULL;
			size_t		 l, m;

			for (l = i - 1; l-- > 0;) {
				if (g->kids[l]->non > 0) {
					last = g->kids[l];
					break;
				}
			}
			for (j = 0; last != NULL && j < k->non; j++)
				for (m = 0; m < last->non; m++)
					actions_order(s, k->stops[j],
					    last->stops[m], OF_OPTIONAL |
					    OF_RESTART);
		}
	}
}

/*
 * What probes need to know of each resource before the nodes are gone
 * through, in plan[] by the resource's index: NULL for one never probed
 * (not a primitive, or an orphan), self outside anonymous clones, and in
 * one, the instance of the clone probed on each node (an anonymous clone
 * is probed once per node: clone_probe_instances), an array kept in
 * probed[] by the clone's index.
 */
static void
actions_probe_plan(struct sched *s, const struct srsc **self,
    const struct srsc ***plan, const struct srsc ***probed)
{
	const struct srsc	*c, *r;
	size_t			 i;

	for (i = 0; i < s->nrscs; i++) {
		r = s->rscs[i];
		/* inside a container: never probed, its container is
		 * (pcmk__probe_rsc_on_node) */
		if (r->r->kind != RSC_PRIMITIVE || (r->flags & SR_ORPHAN) ||
		    r->container != NULL)
			continue;
		c = unpack_clone_of(r);
		if (c == NULL || c->r->meta.globally_unique) {
			plan[i] = self;
			continue;
		}
		if (probed[c->index] == NULL) {
			probed[c->index] = xcalloc(s->nnodes + 1,
			    sizeof *probed[c->index]);
			clone_probe_instances(c, s->nnodes, probed[c->index]);
		}
		plan[i] = probed[c->index];
	}
}

/*
 * Unfencing (Pacemaker's pcmk__order_vs_unfence): where a fence device
 * provides unfencing (fence_scsi, fence_mpath), a node is unfenced ("on")
 * before it probes or starts a resource that needs it, and before it
 * probes or starts a fence device (which may need the access unfencing
 * gives). The ordering alone leaves the unfencing optional; a node never
 * unfenced (no #node-unfenced attribute) must be unfenced now.
 */
static void
actions_vs_unfence(struct sched *s, struct srsc *r, int node,
    struct action *a, unsigned flags)
{
	struct snode	*n;
	const char	*v;

	if (!s->unfencing || node < 0 || (!r->r->is_fence &&
	    r->r->meta.requires != REQUIRES_UNFENCING))
		return;
	n = &s->nodes[node];
	if (n->unfence == NULL) {
		n->unfence = actions_new(s, TASK_FENCE, NULL, node);
		n->unfence->flags |= AF_UNFENCE;
	}
	actions_order(s, n->unfence, a, flags);
	v = unpack_node_attr(n, "#node-unfenced");
	if (n->online && (v == NULL || strcmp(v, "0") == 0))
		actions_require(n->unfence, arena_printf(s->ctx->arena,
		    "required by %s %s", r->id, graph_task_name(a->task)));
}

/* Starts after unfencing, where it applies. */
static void
actions_unfencing(struct sched *s)
{
	struct srsc	*r;
	size_t		 i;

	for (i = 0; i < s->nrscs; i++) {
		r = s->rscs[i];
		if (r->r->kind == RSC_PRIMITIVE && r->start != NULL)
			actions_vs_unfence(s, r, r->start->node, r->start,
			    OF_IMPLIES_THEN);
	}
}

/* The resources to probe on one node, by index. */
struct probe_list {
	size_t	*v;
	size_t	 n;
};

/* Probes wherever a resource's state on a node is unknown. */
static void
actions_probes(struct sched *s)
{
	struct action		*p;
	struct srsc		*r, *c;
	const struct srsc	***plan, ***probed, *self[1] = { NULL }, *k;
	struct probe_list	*todo, *l;
	size_t			 n, i, j;

	if (!s->m->props.enable_startup_probes)
		return;
	plan = xcalloc(s->nrscs + 1, sizeof *plan);
	probed = xcalloc(s->nrscs + 1, sizeof *probed);
	actions_probe_plan(s, self, plan, probed);
	/*
	 * Which probes, resource by resource (each one's arrays read in a
	 * row), then made node by node, in the resources' order.
	 */
	todo = xcalloc(s->nnodes + 1, sizeof *todo);
	for (i = 0; i < s->nrscs; i++) {
		if (plan[i] == NULL)
			continue;
		r = s->rscs[i];
		for (n = 0; n < s->nnodes; n++) {
			if (!s->nodes[n].online || s->nodes[n].unclean)
				continue;
			/* one probe per anonymous clone, of this instance? */
			if (plan[i] != self && (k = plan[i][n]) != r &&
			    k != r->parent)
				continue;
			if (r->known[n])
				continue;
			if (r->discovery != NULL &&
			    r->discovery[n] == DISCOVERY_NEVER)
				continue;
			l = &todo[n];
			if ((l->n & (l->n - 1)) == 0)	/* 0, 1, 2, 4, ... */
				l->v = xreallocarray(l->v, l->n == 0 ? 1 :
				    2 * l->n, sizeof *l->v);
			l->v[l->n++] = i;
		}
	}
	for (n = 0; n < s->nnodes; n++) {
		for (j = 0; j < todo[n].n; j++) {
			r = s->rscs[todo[n].v[j]];
			p = actions_new(s, TASK_MONITOR, r, (int)n);
			if (r->probes == NULL)
				r->probes = arena_zalloc(s->ctx->arena,
				    (s->nnodes + 1) * sizeof *r->probes);
			r->probes[n] = p;
			p->expected_rc = OCF_NOT_RUNNING;
			p->timeout_ms = 20000;
			actions_require(p, NULL);
			if (s->nodes[n].pending)
				actions_block(p, NULL);
			actions_vs_unfence(s, r, (int)n, p, OF_OPTIONAL);
			/* before the start of the clone it is in, if any */
			c = unpack_clone_of(r);
			actions_order(s, p, c != NULL ? c->group_start :
			    r->start, OF_OPTIONAL | ((p->flags & AF_RUNNABLE) ==
			    0 && r->non == 0 ? OF_RUNNABLE_LEFT : 0));
		}
		free(todo[n].v);
	}
	free(todo);
	for (i = 0; i < s->nrscs; i++)
		free(probed[i]);
	free(probed);
	free(plan);
}

/*
 * The actions a resource offers to an ordering: a group's milestones
 * (running and stopped when it comes first, start and stop when it comes
 * second), a primitive's own start or stops.
 */
static size_t
actions_for_order(struct srsc *r, const char *action, int first,
    struct action **out, size_t max)
{
	size_t	i, n = 0;

	if (r->r->kind == RSC_CLONE) {
		/* after a clone that notifies: after its notifications */
		if (first && (out[n] = notify_after(r,
		    actions_clone_task(action))) != NULL)
			return 1;
		if (strcmp(action, "start") == 0)
			out[n++] = first ? r->group_running : r->group_start;
		else if (strcmp(action, "stop") == 0)
			out[n++] = first ? r->group_stopped : r->group_stop;
		else if (strcmp(action, "promote") == 0 && r->promote != NULL)
			out[n++] = first ? r->promoted : r->promote;
		else if (strcmp(action, "demote") == 0 && r->demote != NULL)
			out[n++] = first ? r->demoted : r->demote;
		return n;
	}
	if (r->r->kind == RSC_GROUP) {
		if (strcmp(action, "start") == 0)
			out[n++] = first ? r->group_running : r->group_start;
		else if (strcmp(action, "stop") == 0)
			out[n++] = first ? r->group_stopped : r->group_stop;
		/*
		 * An ordering with a group second applies to the members'
		 * same action too (pcmk__group_update_ordered_actions).
		 */
		for (i = 0; !first && n > 0 && i < r->nkids; i++) {
			struct srsc	*k = r->kids[i];

			if (k->r->kind != RSC_PRIMITIVE)
				continue;
			if (strcmp(action, "start") == 0 && k->start != NULL &&
			    n < max)
				out[n++] = k->start;
			else if (strcmp(action, "stop") == 0 && k->non > 0 &&
			    n < max)
				out[n++] = k->stops[0];
		}
		return n;
	}
	if (r->r->kind != RSC_PRIMITIVE)
		return 0;
	if (strcmp(action, "start") == 0 && r->start != NULL)
		out[n++] = r->start;
	else if (strcmp(action, "stop") == 0) {
		for (i = 0; i < r->non && n < max; i++)
			out[n++] = r->stops[i];
	} else if (strcmp(action, "promote") == 0 && r->promote != NULL)
		out[n++] = r->promote;
	else if (strcmp(action, "demote") == 0) {
		for (i = 0; r->demotes != NULL && i < r->non && n < max; i++)
			out[n++] = r->demotes[i];
	}
	return n;
}

static const char *
actions_inverse(const char *a)
{
	if (strcmp(a, "start") == 0)
		return "stop";
	if (strcmp(a, "stop") == 0)
		return "start";
	if (strcmp(a, "promote") == 0)
		return "demote";
	if (strcmp(a, "demote") == 0)
		return "promote";
	return a;
}

/* Remember "stop r then t" for the probe orderings (actions_probe_orders). */
void
actions_stop_then(struct sched *s, struct srsc *r, struct action *t,
    unsigned flags)
{
	if (r == NULL || r->r->kind != RSC_PRIMITIVE || t == NULL ||
	    t->rsc == r)
		return;
	s->stoporders = xreallocarray(s->stoporders, s->nstoporders + 1,
	    sizeof *s->stoporders);
	s->stoporders[s->nstoporders].rsc = r;
	s->stoporders[s->nstoporders].then = t;
	s->stoporders[s->nstoporders].flags = flags;
	s->nstoporders++;
}

/* The instance task of an ordering's action on a clone; cancel: none. */
static enum task
actions_clone_task(const char *action)
{
	if (strcmp(action, "start") == 0)
		return TASK_START;
	if (strcmp(action, "stop") == 0)
		return TASK_STOP;
	if (strcmp(action, "promote") == 0)
		return TASK_PROMOTE;
	if (strcmp(action, "demote") == 0)
		return TASK_DEMOTE;
	return TASK_CANCEL;
}

/* The flags of an order's "first then" ordering, first's action fa. */
static unsigned
actions_order_flags(const struct order *o, const char *fa)
{
	switch (o->kind) {
	case ORDER_OPTIONAL:
		return OF_OPTIONAL;
	case ORDER_SERIALIZE:
		return OF_OPTIONAL | OF_SERIALIZE;
	default:
		if (!o->symmetrical)
			return OF_OPTIONAL | OF_ASYMMETRICAL;
		if (strcmp(fa, "start") == 0 || strcmp(fa, "promote") == 0)
			return OF_OPTIONAL | OF_IMPLIES_THEN | OF_RUNNABLE_LEFT;
		return OF_OPTIONAL | OF_IMPLIES_THEN;
	}
}

/*
 * The actions an ordering names by key ("R_start_0"): a primitive's own,
 * a group's or a clone's pseudo start, stop, promote or demote (never
 * running or stopped, which are other keys).
 */
static size_t
actions_by_key(struct srsc *r, const char *action, struct action **out,
    size_t max)
{
	struct action	*a = NULL;

	if (r->r->kind == RSC_PRIMITIVE)
		return actions_for_order(r, action, 0, out, max);
	if (strcmp(action, "start") == 0)
		a = r->group_start;
	else if (strcmp(action, "stop") == 0)
		a = r->group_stop;
	else if (strcmp(action, "promote") == 0)
		a = r->promote;
	else if (strcmp(action, "demote") == 0)
		a = r->demote;
	if (a == NULL || max == 0)
		return 0;
	out[0] = a;
	return 1;
}

/*
 * A threshold (a pseudo action, Pacemaker's "one-or-more"): runnable only
 * while min of the actions ordered before it with actions_count() are.
 */
static struct action *
actions_threshold(struct sched *s, const char *label, int min)
{
	struct action	*th;

	th = actions_new(s, TASK_ONE_OR_MORE, NULL, -1);
	th->flags |= AF_PSEUDO;
	th->label = label;
	th->min_runnable = min;
	return th;
}

/*
 * A constraint names clone instance r's start: 2.1.5 makes that start
 * before it applies r's own orderings, so r's stops require it after all
 * (see actions_primitive).
 */
static void
actions_start_named(struct sched *s, struct srsc *r)
{
	uint32_t	e;
	size_t		i;

	for (i = 0; r->start != NULL && i < r->non; i++) {
		for (e = r->stops[i]->first_out; e != NO_EDGE;
		    e = s->edges[e].next_out) {
			if (s->edges[e].then == r->start->id &&
			    (s->edges[e].flags & OF_RESTART))
				s->edges[e].flags |= OF_IMPLIES_THEN;
		}
	}
}

/*
 * Count r's actions named by key (action) towards threshold th, which is
 * in the graph once one of them is required (and can run).
 */
static void
actions_count(struct sched *s, struct srsc *r, const char *action,
    struct action *th)
{
	struct action	*x[64];
	size_t		 n, i;

	if (r->r->kind == RSC_PRIMITIVE && strcmp(action, "start") == 0)
		actions_start_named(s, r);
	n = actions_by_key(r, action, x, nitems(x));
	for (i = 0; i < n; i++)
		actions_order(s, x[i], th, OF_MIN_RUNNABLE);
}

/* Whether an order is "A then B" of two resources (a CIB's first/then). */
static int
actions_simple_order(const struct order *o)
{
	size_t	i;

	if (o->nsets != 2)
		return 0;
	for (i = 0; i < 2; i++) {
		if (o->sets[i].nrscs != 1 || o->sets[i].id != NULL ||
		    !o->sets[i].require_all)
			return 0;
	}
	return 1;
}

/*
 * The instances of clone f that must run (start, ...) before what an order
 * puts after it (get_minimum_first_instances): the clone's clone-min, else
 * 1 for an order with require-all=false; 0: all of them, as any order.
 * Only an order of two resources has one (unpack_simple_rsc_order).
 */
static int
actions_clone_min(const struct order *o, const struct srsc *f)
{
	if (f->r->kind != RSC_CLONE || !actions_simple_order(o))
		return 0;
	if (f->r->meta.clone_min > 0)
		return f->r->meta.clone_min;
	return o->require_all ? 0 : 1;
}

/*
 * "first fa then t ta" of an order, first being fx[0..nf) (f's actions,
 * or a threshold standing for f, then f NULL): ordered with flags, and
 * reaching the instances when t is a clone.
 */
static void
actions_order_then(struct sched *s, struct srsc *f, const char *fa,
    struct action **fx, size_t nf, struct srsc *t, const char *ta,
    unsigned flags)
{
	struct action	*tx[64];
	size_t		 nt, i, j;

	nt = actions_for_order(t, ta, 0, tx, nitems(tx));
	for (i = 0; i < nf; i++)
		for (j = 0; j < nt; j++)
			actions_order(s, fx[i], tx[j], flags);
	if (t->r->kind == RSC_CLONE && actions_clone_task(ta) != TASK_CANCEL)
		clone_order_instances(s, f, actions_clone_task(fa), fx, nf, t,
		    actions_clone_task(ta), flags);
	if (f != NULL && strcmp(fa, "stop") == 0)
		for (j = 0; j < nt; j++)
			actions_stop_then(s, f, tx[j], OF_OPTIONAL);
}

/*
 * The inverse of a symmetrical "first fa then t ta": t's inverse action
 * before f's (stop then before stop first), then required implies first.
 */
static void
actions_order_inverse(struct sched *s, const struct order *o, struct srsc *f,
    const char *fa, struct srsc *t, const char *ta)
{
	struct action	*fx[64];
	size_t		 nf;

	if (!o->symmetrical || o->kind == ORDER_SERIALIZE)
		return;
	nf = actions_for_order(t, actions_inverse(ta), 1, fx, nitems(fx));
	actions_order_then(s, t, actions_inverse(ta), fx, nf, f,
	    actions_inverse(fa), o->kind == ORDER_OPTIONAL ? OF_OPTIONAL :
	    OF_OPTIONAL | OF_IMPLIES_FIRST);
}

/*
 * One "first then" pair of an order constraint. After a clone with a
 * minimum (actions_clone_min), then waits for a threshold that enough of
 * the instances' actions come before (clone_min_ordering): it can run
 * once that many can, and the instances' restarts do not restart it.
 */
static void
actions_order_pair(struct sched *s, const struct order *o,
    const struct resource *fr, const char *fa, const struct resource *tr,
    const char *ta)
{
	struct srsc	*f = map_get(&s->by_id, fr->name);
	struct srsc	*t = map_get(&s->by_id, tr->name);
	struct action	*fx[64];
	size_t		 nf, i;
	unsigned	 flags;
	int		 min;

	if (f == NULL || t == NULL)
		return;
	flags = actions_order_flags(o, fa);
	if ((min = actions_clone_min(o, f)) > 0) {
		fx[0] = actions_threshold(s, arena_printf(s->ctx->arena,
		    "clone-one-or-more:%s", o->id), min);
		for (i = 0; i < f->nkids; i++)
			actions_count(s, f->kids[i], fa, fx[0]);
		actions_order_then(s, NULL, fa, fx, 1, t, ta,
		    flags | OF_RUNNABLE_LEFT);
	} else {
		nf = actions_for_order(f, fa, 1, fx, nitems(fx));
		actions_order_then(s, f, fa, fx, nf, t, ta, flags);
	}
	actions_order_inverse(s, o, f, fa, t, ta);
}

static const char *
actions_set_action(const struct rsc_set *set)
{
	return set->action != NULL ? set->action : "start";
}

/*
 * Set a (require-all=false) then set b (order_rsc_sets): each member of b
 * waits for a threshold that any one member of a can reach; stops and
 * demotes, and the inverse, wait for all.
 */
static void
actions_order_any(struct sched *s, const struct order *o,
    const struct rsc_set *a, const struct rsc_set *b, size_t j)
{
	const char	*fa = actions_set_action(a), *ta = actions_set_action(b);
	struct action	*th;
	struct srsc	*f, *t;
	size_t		 k, l;

	/* named after the set as export names it (ORDER-set, -set-2, ...) */
	th = actions_threshold(s, a->id != NULL ? arena_printf(s->ctx->arena,
	    "one-or-more:%s", a->id) : j == 0 ? arena_printf(s->ctx->arena,
	    "one-or-more:%s-set", o->id) : arena_printf(s->ctx->arena,
	    "one-or-more:%s-set-%zu", o->id, j + 1), 1);
	for (k = 0; k < a->nrscs; k++)
		if ((f = map_get(&s->by_id, a->rscs[k]->name)) != NULL)
			actions_count(s, f, fa, th);
	for (l = 0; l < b->nrscs; l++)
		if ((t = map_get(&s->by_id, b->rscs[l]->name)) != NULL)
			actions_order_then(s, NULL, fa, &th, 1, t, ta,
			    actions_order_flags(o, fa) | OF_RUNNABLE_LEFT);
	for (k = 0; k < a->nrscs; k++) {
		f = map_get(&s->by_id, a->rscs[k]->name);
		for (l = 0; f != NULL && l < b->nrscs; l++)
			if ((t = map_get(&s->by_id, b->rscs[l]->name)) != NULL)
				actions_order_inverse(s, o, f, fa, t, ta);
	}
}

/* Order constraints, sets taken apart like the analysis does. */
static void
actions_orders(struct sched *s)
{
	const struct order	*o;
	const struct rsc_set	*a, *b;
	size_t			 i, j, k, l;

	for (i = 0; i < s->m->norders; i++) {
		o = s->m->orders[i];
		for (j = 0; j < o->nsets; j++) {
			a = &o->sets[j];
			for (k = 1; a->sequential && k < a->nrscs; k++)
				actions_order_pair(s, o, a->rscs[k - 1],
				    actions_set_action(a), a->rscs[k],
				    actions_set_action(a));
			if (j + 1 >= o->nsets)
				continue;
			b = &o->sets[j + 1];
			if (!a->require_all && strcmp(actions_set_action(a),
			    "stop") != 0 && strcmp(actions_set_action(a),
			    "demote") != 0) {
				actions_order_any(s, o, a, b, j);
				continue;
			}
			for (k = 0; k < a->nrscs; k++)
				for (l = 0; l < b->nrscs; l++)
					actions_order_pair(s, o, a->rscs[k],
					    actions_set_action(a), b->rscs[l],
					    actions_set_action(b));
		}
	}
}

/*
 * The tasks by which a resource loses (lose: 1) or gains a role in an
 * anti-colocation (anti_colocation_order): Promoted is lost by a demote and
 * gained by a promote; Unpromoted lost by a stop or a promote, gained by a
 * start or a demote; any other role lost by a stop, gained by a start.
 */
static size_t
actions_anti_tasks(enum role role, int lose, const char **tasks)
{
	if (role == ROLE_PROMOTED) {
		tasks[0] = lose ? "demote" : "promote";
		return 1;
	}
	tasks[0] = lose ? "stop" : "start";
	if (role != ROLE_UNPROMOTED)
		return 1;
	tasks[1] = lose ? "promote" : "demote";
	return 2;
}

/*
 * "first loses its role, then then gains its own" for an anti-colocation
 * (anti_colocation_order): first's stop (demote, ...) before then's start
 * (promote, ...), between the resources as configured (a group or a
 * clone through its milestones), kept in the graph only on the same node.
 */
static void
actions_anti_order(struct sched *s, const struct resource *fr, enum role frole,
    const struct resource *tr, enum role trole)
{
	struct srsc	*f = map_get(&s->by_id, fr->name);
	struct srsc	*t = map_get(&s->by_id, tr->name);
	struct action	*fx[64], *tx[64];
	const char	*ft[2], *tt[2];
	size_t		 nft, ntt, nf, nt, i, j, k, l;

	if (f == NULL || t == NULL || f == t)
		return;
	nft = actions_anti_tasks(frole, 1, ft);
	ntt = actions_anti_tasks(trole, 0, tt);
	for (k = 0; k < nft; k++) {
		for (l = 0; l < ntt; l++) {
			nf = actions_for_order(f, ft[k], 1, fx, nitems(fx));
			nt = actions_for_order(t, tt[l], 0, tx, nitems(tx));
			for (i = 0; i < nf; i++)
				for (j = 0; j < nt; j++)
					actions_order(s, fx[i], tx[j],
					    OF_ANTI_COLOC);
			for (j = 0; strcmp(ft[k], "stop") == 0 && j < nt; j++)
				actions_stop_then(s, f, tx[j], OF_ANTI_COLOC);
		}
	}
}

/*
 * A mandatory colocation with a role Promoted dependent d: when first
 * cannot run, d cannot be promoted (its instances neither).
 */
static void
actions_block_promotes(struct sched *s, struct action *first, struct srsc *d)
{
	size_t	i;

	if (first == NULL)
		return;
	if (d->promote != NULL)
		actions_order(s, first, d->promote, OF_COLOC_BLOCK);
	for (i = 0; d->r->kind != RSC_PRIMITIVE && i < d->nkids; i++)
		actions_block_promotes(s, first, d->kids[i]);
}

/*
 * Whether every instance of promotable clone p has a promote: only then
 * can its promotion fail as a whole and block what is colocated with its
 * promoted role (pcmk__block_colocation_dependents looks no further when
 * an instance has none).
 */
static int
actions_all_promote(const struct srsc *p)
{
	const struct srsc	*k;
	size_t			 i, j;
	int			 any;

	for (i = 0; i < p->nkids; i++) {
		k = p->kids[i];
		any = k->promote != NULL;
		for (j = 0; k->r->kind == RSC_GROUP && j < k->nkids; j++)
			any |= k->kids[j]->promote != NULL;
		if (!any)
			return 0;
	}
	return 1;
}

/* Anti-colocation orders and the blocking of mandatory dependents. */
static void
actions_colocations(struct sched *s)
{
	const struct colocation	*mc;
	const struct rsc_set	*a, *b;
	const struct scoloc	*c;
	size_t			 i, j, k, l;

	/*
	 * A mandatory colocation: when the primary cannot start at all
	 * (a group: not even its first member), neither can the dependent
	 * (a group: any of its members). Only colocations the policy states:
	 * a group's own chain blocks through its orderings.
	 */
	for (i = 0; i < s->ncolocs; i++) {
		struct srsc	*p, *d;
		struct action	*ps;

		c = s->colocs[i];
		if (c->model == NULL || c->score < SCORE_INFINITY)
			continue;
		p = c->primary;
		if (p->parent != NULL && p->parent->r->kind == RSC_GROUP)
			p = p->parent->kids[0];
		d = c->dependent;
		/* a clone cannot start when none of its instances can */
		ps = p->r->kind == RSC_CLONE ? p->group_start : p->start;
		if (c->dependent_role == ROLE_PROMOTED) {
			/* the dependent cannot be promoted, only */
			actions_block_promotes(s, ps, d);
			if (c->primary_role == ROLE_PROMOTED &&
			    actions_all_promote(p))
				actions_block_promotes(s, p->promote, d);
			continue;
		}
		if (c->primary_role == ROLE_PROMOTED && p->promote != NULL &&
		    actions_all_promote(p)) {
			if (d->r->kind == RSC_CLONE)
				actions_order(s, p->promote, d->group_start,
				    OF_COLOC_BLOCK);
			else if (d->start != NULL)
				actions_order(s, p->promote, d->start,
				    OF_COLOC_BLOCK);
		}
		if (d->r->kind == RSC_CLONE) {
			actions_order(s, ps, d->group_start, OF_COLOC_BLOCK);
			continue;
		}
		if (ps == NULL || d->start == NULL)
			continue;
		if (d->parent == NULL || d->parent->r->kind != RSC_GROUP) {
			actions_order(s, ps, d->start, OF_COLOC_BLOCK);
			continue;
		}
		if (d->parent->group_start != NULL)
			actions_order(s, ps, d->parent->group_start,
			    OF_COLOC_BLOCK);
		for (j = 0; j < d->parent->nkids; j++) {
			if (d->parent->kids[j]->start != NULL)
				actions_order(s, ps,
				    d->parent->kids[j]->start,
				    OF_COLOC_BLOCK);
		}
	}
	for (i = 0; i < s->m->ncolocations; i++) {
		mc = s->m->colocations[i];
		if (mc->score > -SCORE_INFINITY)
			continue;
		for (j = 0; j < mc->nsets; j++) {
			a = &mc->sets[j];
			for (k = 1; a->sequential && k < a->nrscs; k++) {
				actions_anti_order(s, a->rscs[k], a->role,
				    a->rscs[k - 1], a->role);
				actions_anti_order(s, a->rscs[k - 1], a->role,
				    a->rscs[k], a->role);
			}
			if (j + 1 >= mc->nsets)
				continue;
			b = &mc->sets[j + 1];
			for (k = 0; k < a->nrscs; k++) {
				for (l = 0; l < b->nrscs; l++) {
					actions_anti_order(s, a->rscs[k],
					    a->role, b->rscs[l], b->role);
					actions_anti_order(s, b->rscs[l],
					    b->role, a->rscs[k], a->role);
				}
			}
		}
	}
}

/* Whether the cluster can fence node n now (pe_can_fence). */
static int
actions_can_fence(struct sched *s, const struct snode *n)
{
	if (!s->stonith_enabled || !s->have_fence_device)
		return 0;
	if (s->have_quorum)
		return 1;
	if (s->m->props.no_quorum_policy == NO_QUORUM_IGNORE)
		return 1;
	return n->online;
}

/*
 * Whether primitive r is known on node n (rsc_is_known_on): its own
 * history, or, directly in an anonymous clone, any instance's.
 */
static int
actions_known_on(const struct srsc *r, size_t n)
{
	const struct srsc	*c = r->parent;
	size_t			 i;

	if (r->known[n])
		return 1;
	if (c == NULL || c->r->kind != RSC_CLONE || c->r->meta.globally_unique)
		return 0;
	for (i = 0; i < c->nkids; i++) {
		if (c->kids[i]->r->kind == RSC_PRIMITIVE &&
		    c->kids[i]->known[n])
			return 1;
	}
	return 0;
}

/* Fencing of unclean nodes, implied stops, and starts after fencing. */
static void
actions_fencing(struct sched *s)
{
	struct action	*f, *prev = NULL, *dc = NULL;
	struct srsc	*r;
	struct snode	*n;
	size_t		 i, j;

	if (!s->any_managed)
		return;
	for (i = 0; i < s->nnodes; i++) {
		n = &s->nodes[i];
		if (!n->unclean || !actions_can_fence(s, n))
			continue;
		f = actions_new(s, TASK_FENCE, NULL, (int)i);
		f->reason = n->fence_reason;
		actions_require(f, NULL);
		n->fence = f;
		if (n->is_dc) {
			dc = f;
			continue;
		}
		if (prev != NULL && !s->m->props.concurrent_fencing)
			actions_order(s, prev, f, OF_OPTIONAL);
		prev = f;
	}
	if (dc != NULL && prev != NULL)
		actions_order(s, prev, dc, OF_OPTIONAL);

	for (i = 0; i < s->nrscs; i++) {
		r = s->rscs[i];
		if (r->r->kind != RSC_PRIMITIVE || (r->flags & SR_MANAGED) == 0)
			continue;
		/*
		 * A stop on a node being fenced could never complete: it is
		 * implied by the fencing (a pseudo action), and comes after it
		 * when the resource needs fencing (order_stop_vs_fencing).
		 */
		for (j = 0; j < r->non; j++) {
			n = &s->nodes[r->on[j]];
			if (n->fence == NULL)
				continue;
			r->stops[j]->flags |= AF_PSEUDO | AF_IMPLIED |
			    AF_RUNNABLE;
			if (!NEEDS_FENCING(r->r))
				continue;
			actions_order(s, n->fence, r->stops[j], OF_OPTIONAL);
			if (r->parent != NULL && r->parent->group_stop != NULL)
				actions_order(s, n->fence,
				    r->parent->group_stop, OF_OPTIONAL);
		}
		/* so is a demote there (a promoted instance) */
		for (j = 0; r->demotes != NULL && j < r->non; j++) {
			n = &s->nodes[r->on[j]];
			if (n->fence == NULL)
				continue;
			r->demotes[j]->flags |= AF_PSEUDO | AF_RUNNABLE;
			if (r->r->meta.requires == REQUIRES_FENCING)
				actions_order(s, n->fence, r->demotes[j],
				    OF_OPTIONAL);
		}
		for (j = 0; j < s->nnodes; j++) {
			f = s->nodes[j].fence;
			if (f == NULL || r->start == NULL || r->start->node < 0)
				continue;
			if (NEEDS_FENCING(r->r))
				actions_order(s, f, r->start, OF_OPTIONAL);
			else if (r->r->meta.requires == REQUIRES_QUORUM &&
			    r->w[j] != SCORE_ABSENT && !actions_known_on(r, j))
				/* It may be active on the node being fenced. */
				actions_order(s, f, r->start,
				    OF_OPTIONAL | OF_RUNNABLE_LEFT);
		}
	}
}

/*
 * Shutdown of nodes that asked for it: their stops come first, and the
 * DC's shutdown comes after the others' (to avoid repeated elections).
 */
static void
actions_shutdowns(struct sched *s)
{
	struct action	*sd, *dc = NULL, **others;
	struct srsc	*r;
	size_t		 i, j, k, nothers = 0;

	others = xcalloc(s->nnodes + 1, sizeof *others);
	for (i = 0; i < s->nnodes; i++) {
		if (!s->nodes[i].shutdown || !s->nodes[i].online ||
		    s->nodes[i].unclean)
			continue;
		sd = actions_new(s, TASK_SHUTDOWN, NULL, (int)i);
		actions_require(sd, NULL);
		if (s->nodes[i].is_dc)
			dc = sd;
		else
			others[nothers++] = sd;
		for (j = 0; j < s->nrscs; j++) {
			r = s->rscs[j];
			if (r->r->kind != RSC_PRIMITIVE)
				continue;
			for (k = 0; k < r->non; k++) {
				if (r->on[k] != i)
					continue;
				if (r->flags & SR_MANAGED)
					actions_require(r->stops[k],
					    "node availability");
				actions_order(s, r->stops[k], sd,
				    OF_OPTIONAL | OF_RUNNABLE_LEFT);
				actions_stop_then(s, r, sd, OF_OPTIONAL);
			}
		}
	}
	for (i = 0; dc != NULL && i < nothers; i++)
		actions_order(s, others[i], dc, OF_OPTIONAL);
	free(others);
}

/*
 * Restart orderings for a probe (add_restart_orderings_for_probe): from an
 * action after probe p, along "implies then" orderings (and from a group's
 * milestone down to its members), every start of another primitive puts
 * p before that primitive's stops: a restart waits for the probe. An
 * action is visited once per walk: seen[id] == walk.
 */
static void
actions_probe_restarts(struct sched *s, struct action *p, struct action *a,
    uint32_t *seen, uint32_t walk)
{
	struct action	*n;
	uint32_t	 e;
	size_t		 i;

	if (seen[a->id] == walk)
		return;
	seen[a->id] = walk;
	if (a->rsc != NULL && a->rsc->r->kind == RSC_PRIMITIVE &&
	    a->rsc != p->rsc && a->task == TASK_START) {
		for (i = 0; i < a->rsc->non; i++) {
			if (!(a->rsc->stops[i]->flags & AF_PSEUDO))
				actions_order(s, p, a->rsc->stops[i],
				    OF_OPTIONAL);
		}
	}
	for (e = a->first_out; e != NO_EDGE; e = s->edges[e].next_out) {
		n = s->actions[s->edges[e].then];
		if (!(s->edges[e].flags & OF_IMPLIES_THEN)) {
			if (a->rsc == NULL || a->rsc->r->kind == RSC_PRIMITIVE ||
			    p->rsc->parent == a->rsc || n->rsc == NULL ||
			    n->rsc->parent != a->rsc)
				continue;
		}
		actions_probe_restarts(s, p, n, seen, walk);
	}
}

/*
 * Probes before what their resource's stop comes before (Pacemaker's
 * pcmk__order_probes): for "stop R then T", every monitor of R (a probe
 * above all) comes before T too; and the restart orderings above.
 */
static void
actions_probe_orders(struct sched *s)
{
	struct action	 *a;
	size_t		 *first, *next, i, j, n = s->nactions;
	uint32_t	 *seen, walk = 0;
	uint32_t	  e;
	const struct stoporder *so;

	/* Probes per resource, as linked lists of action indexes. */
	first = xreallocarray(NULL, s->nrscs + 1, sizeof *first);
	next = xreallocarray(NULL, n + 1, sizeof *next);
	for (i = 0; i <= s->nrscs; i++)
		first[i] = SIZE_MAX;
	for (i = n; i-- > 0;) {
		a = s->actions[i];
		if (a->task != TASK_MONITOR || a->interval_ms != 0 ||
		    a->rsc == NULL)
			continue;	/* probes only (key R_monitor_0) */
		next[i] = first[a->rsc->index];
		first[a->rsc->index] = i;
	}
	/* one walk per probe and ordering: a stamp each, not a cleared
	 * array each (that was probes times actions) */
	seen = xcalloc(s->nactions + 1, sizeof *seen);
	for (i = 0; i < s->nrscs; i++) {
		if (s->rscs[i]->r->kind != RSC_PRIMITIVE)
			continue;
		for (j = first[i]; j != SIZE_MAX; j = next[j]) {
			a = s->actions[j];
			for (e = a->first_out; e != NO_EDGE;
			    e = s->edges[e].next_out) {
				if (++walk == 0) {
					memset(seen, 0, (s->nactions + 1) *
					    sizeof *seen);
					walk = 1;
				}
				actions_probe_restarts(s, a,
				    s->actions[s->edges[e].then], seen, walk);
			}
		}
	}
	free(seen);
	/*
	 * Then, not before (pcmk__order_probes): "stop R then T" orders R's
	 * probes before T too.
	 */
	for (i = 0; i < s->nstoporders; i++) {
		so = &s->stoporders[i];
		for (j = first[so->rsc->index]; j != SIZE_MAX; j = next[j]) {
			a = s->actions[j];
			if (so->then->task == TASK_SHUTDOWN &&
			    a->node != so->then->node)
				continue;
			actions_order(s, a, so->then, so->flags);
		}
	}
	free(first);
	free(next);
}

/*
 * A resource inside a container (meta container) starts after it and
 * stops before it (pcmk__primitive_internal_constraints): the container
 * starting again starts it again, it stopping stops the container too.
 */
static void
actions_containers(struct sched *s)
{
	struct srsc	*r, *c;
	size_t		 i, j, k;

	for (i = 0; i < s->nrscs; i++) {
		r = s->rscs[i];
		if ((c = r->container) == NULL || c->start == NULL ||
		    r->start == NULL)
			continue;
		actions_order(s, c->start, r->start, OF_IMPLIES_THEN |
		    OF_RUNNABLE_LEFT);
		for (j = 0; j < r->non; j++)
			for (k = 0; k < c->non; k++)
				actions_order(s, r->stops[j], c->stops[k],
				    OF_IMPLIES_FIRST);
	}
}

/* Every action of the run, with its orderings. */
void
actions_create(struct sched *s)
{
	size_t	i;

	for (i = 0; i < s->nrscs; i++) {
		if (s->rscs[i]->r->kind == RSC_PRIMITIVE)
			actions_primitive(s, s->rscs[i]);
	}
	/* before a group's orderings, as a member's own come before */
	actions_containers(s);
	for (i = 0; i < s->nrscs; i++) {
		if (s->rscs[i]->r->kind == RSC_GROUP)
			actions_group(s, s->rscs[i]);
	}
	for (i = 0; i < s->nrscs; i++) {
		if (s->rscs[i]->r->kind == RSC_CLONE)
			clone_actions(s, s->rscs[i]);
	}
	actions_probes(s);
	actions_unfencing(s);
	for (i = 0; i < s->nrscs; i++) {
		if (s->rscs[i]->r->kind == RSC_PRIMITIVE)
			actions_stopped_monitors(s, s->rscs[i]);
	}
	actions_orders(s);
	actions_colocations(s);
	actions_fencing(s);
	actions_shutdowns(s);
	actions_probe_orders(s);
}

/* "required web start", "unrunnable grp running": a reason for another. */
static const char *
actions_reason(struct sched *s, const char *what, const struct action *a)
{
	if (a->task == TASK_ONE_OR_MORE)
		return arena_printf(s->ctx->arena, "%s %s", what, a->label);
	if (a->rsc == NULL)
		return NULL;
	return arena_printf(s->ctx->arena, "%s %s %s", what, a->rsc->id,
	    graph_task_name(a->task));
}

/* A reload is cancelled where the resource stops or demotes anyway. */
static void
actions_cancel_reloads(struct sched *s)
{
	struct srsc	*r;
	struct action	*a;
	size_t		 i;

	for (i = 0; i < s->nactions; i++) {
		a = s->actions[i];
		if (a->task != TASK_STOP && a->task != TASK_DEMOTE)
			continue;
		if ((a->flags & AF_OPTIONAL) || (r = a->rsc) == NULL ||
		    r->reload == NULL || r->reload->node != a->node)
			continue;
		r->reload->flags |= AF_OPTIONAL;
		r->flags &= ~SR_RELOAD;
	}
}

/* How many of a threshold's inputs (OF_MIN_RUNNABLE) can run. */
static int
actions_runnable_inputs(const struct sched *s, const struct action *t)
{
	uint32_t	e;
	int		n = 0;

	for (e = t->first_in; e != NO_EDGE; e = s->edges[e].next_in) {
		if ((s->edges[e].flags & OF_MIN_RUNNABLE) &&
		    (s->actions[s->edges[e].first]->flags & AF_RUNNABLE))
			n++;
	}
	return n;
}

/*
 * Apply edge e's flags; returns a bit mask of which end changed
 * (1: first, 2: then).
 */
static int
actions_apply(struct sched *s, const struct sedge *e)
{
	struct action	*f = s->actions[e->first], *t = s->actions[e->then];
	unsigned	 ff = f->flags, tf = t->flags;
	int		 changed = 0;

	if ((e->flags & OF_IMPLIES_THEN) && !(f->flags & AF_OPTIONAL) &&
	    (t->flags & AF_OPTIONAL) && (f->rsc == NULL ||
	    f->rsc->r->kind != RSC_CLONE || clone_required_on(f, t->node)))
		actions_require(t, f->rsc != t->rsc ? actions_reason(s,
		    "required", f) : NULL);
	if ((e->flags & OF_IMPLIES_FIRST) && !(t->flags & AF_OPTIONAL) &&
	    (f->flags & AF_OPTIONAL) && (t->rsc == NULL ||
	    t->rsc->r->kind != RSC_CLONE || clone_required_on(t, f->node)))
		actions_require(f, NULL);
	if ((e->flags & (OF_RUNNABLE_LEFT | OF_COLOC_BLOCK)) &&
	    !(f->flags & AF_RUNNABLE) && (t->flags & AF_RUNNABLE)) {
		if (e->flags & OF_COLOC_BLOCK)
			actions_block(t, arena_printf(s->ctx->arena,
			    "colocation with %s", f->rsc->id));
		else
			actions_block(t, f->rsc != t->rsc ?
			    actions_reason(s, "unrunnable", f) : NULL);
	}
	if (e->flags & OF_RESTART) {
		if (!(t->flags & AF_OPTIONAL) && (f->flags & AF_RUNNABLE))
			actions_require(f, f->rsc != t->rsc ? actions_reason(s,
			    "required", t) : NULL);
		if (!(t->flags & AF_RUNNABLE) && f->rsc == t->rsc &&
		    t->rsc != NULL && (t->rsc->flags & SR_MANAGED))
			actions_require(f, t->reason);
		if (!(f->flags & AF_OPTIONAL) && !(f->flags & AF_RUNNABLE))
			actions_block(t, f->rsc != t->rsc ? actions_reason(s,
			    "unrunnable", f) : NULL);
	}
	/* A blocked resource's stop that cannot run holds up what it implies. */
	if ((e->flags & (OF_IMPLIES_THEN | OF_IMPLIES_FIRST | OF_RESTART)) &&
	    f->task == TASK_STOP && f->rsc != NULL &&
	    (f->rsc->flags & SR_BLOCKED) && !(f->flags & AF_RUNNABLE) &&
	    (t->flags & AF_RUNNABLE))
		actions_block(t, f->rsc != t->rsc ? actions_reason(s,
		    "unrunnable", f) : NULL);
	if ((e->flags & OF_MIN_RUNNABLE) && !(f->flags & AF_RUNNABLE) &&
	    (t->flags & AF_RUNNABLE) && actions_runnable_inputs(s, t) <
	    t->min_runnable)
		actions_block(t, NULL);
	/*
	 * A threshold is in the graph once an input is required and can run
	 * (an instance that stops has a start required by the restart
	 * ordering, which 2.1.5 settles only after the threshold).
	 */
	if ((e->flags & OF_MIN_RUNNABLE) && !(f->flags & AF_OPTIONAL) &&
	    (f->flags & AF_RUNNABLE))
		t->flags |= AF_PRINT;
	if ((e->flags & OF_ASYMMETRICAL) && !(f->flags & AF_RUNNABLE) &&
	    (t->flags & AF_RUNNABLE)) {
		int	keep = 0;

		if (t->rsc != NULL && t->task == TASK_START &&
		    (t->flags & AF_OPTIONAL) && (t->rsc->non > 0 ||
		    (t->rsc->r->kind == RSC_CLONE && clone_active(t->rsc))))
			keep = 1;
		if (t->task == TASK_STOP && t->rsc != NULL &&
		    t->rsc->non == 0)
			keep = 1;
		if (!keep) {
			actions_require(t, NULL);
			actions_block(t, actions_reason(s, "unrunnable", f));
		}
	}
	if ((e->flags & OF_PRINT_THEN) && !(f->flags & AF_OPTIONAL))
		t->flags |= AF_PRINT;
	if ((e->flags & OF_PRINT_FIRST) && !(t->flags & AF_OPTIONAL))
		f->flags |= AF_PRINT;
	if (f->flags != ff)
		changed |= 1;
	if (t->flags != tf)
		changed |= 2;
	return changed;
}

/*
 * Propagate required and unrunnable along the orderings until nothing
 * changes (a worklist of actions whose flags changed). As Pacemaker's
 * pcmk__update_action_for_orderings(), an action is first updated from its
 * inputs and only then passed on to what follows it: the fixed point is the
 * same either way, but the first reason set wins ("required a start"
 * before "unrunnable a start" when both hold).
 */
void
actions_propagate(struct sched *s)
{
	uint32_t	*queue, e;
	uint8_t		*dirty;
	size_t		 head = 0, tail = 0, cap = s->nactions + 1, i;
	struct action	*a;
	struct srsc	*c;
	unsigned	 before;
	int		 ch;

	queue = xreallocarray(NULL, cap, sizeof *queue);
	dirty = xcalloc(cap, 1);
	for (i = 0; i < s->nactions; i++) {
		queue[tail++] = (uint32_t)i;
		s->actions[i]->queued = 1;
	}
#define ENQUEUE(id) do {						\
	dirty[id] = 1;							\
	if (!s->actions[id]->queued) {					\
		s->actions[id]->queued = 1;				\
		queue[tail % cap] = (id);				\
		tail++;							\
	}								\
} while (0)
	while (head < tail) {
		a = s->actions[queue[head % cap]];
		head++;
		a->queued = 0;
		before = a->flags;
		if (a->rsc != NULL && a->rsc->r->kind == RSC_CLONE)
			clone_summary(s, a);
		if (a->task == TASK_ONE_OR_MORE &&
		    actions_runnable_inputs(s, a) < a->min_runnable)
			actions_block(a, NULL);
		/* an instance's start or stop: its clone's milestones again */
		if (a->rsc != NULL && (c = unpack_clone_of(a->rsc)) != NULL &&
		    c->group_start != NULL) {
			ENQUEUE(c->group_start->id);
			ENQUEUE(c->group_running->id);
			ENQUEUE(c->group_stop->id);
			ENQUEUE(c->group_stopped->id);
			if (c->promote != NULL) {
				ENQUEUE(c->promote->id);
				ENQUEUE(c->promoted->id);
				ENQUEUE(c->demote->id);
				ENQUEUE(c->demoted->id);
			}
		}
		for (e = a->first_in; e != NO_EDGE; e = s->edges[e].next_in) {
			ch = actions_apply(s, &s->edges[e]);
			if (ch & 1)
				ENQUEUE(s->edges[e].first);
			if (ch & 2)	/* its inputs see it changed */
				ENQUEUE(s->edges[e].then);
		}
		/* what follows a learns from it only once it changed */
		if (a->flags == before && !dirty[a->id])
			continue;
		dirty[a->id] = 0;
		for (e = a->first_out; e != NO_EDGE; e = s->edges[e].next_out) {
			ch = actions_apply(s, &s->edges[e]);
			if (ch & 1)
				ENQUEUE(s->edges[e].first);
			if (ch & 2)
				ENQUEUE(s->edges[e].then);
		}
	}
#undef ENQUEUE
	free(dirty);
	free(queue);
	actions_cancel_reloads(s);
}
