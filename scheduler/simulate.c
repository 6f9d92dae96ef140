/*
 * simulate.c: a dry run. Executing a transition graph against a cluster
 * state as if every action succeeded (unless a failure is injected), and
 * the injections of `hacc simulate`: node failures, joins and leaves,
 * standby, operation results, attributes.
 *
 * BEHAVIOR (crm_simulate 2.1.5, pcmk_simulate.c and pcmk_injections.c):
 * an executed action leaves the result its transition expected in the
 * history (a probe: not running); fencing takes the node down cleanly and
 * wipes its history; a failed result counts in the fail count of that
 * operation, with its time as last-failure.
 *
 * The history is kept compact the way the cluster keeps it: per resource
 * and node the last non-recurring result, the last failure, and one entry
 * per recurring operation; a stop cancels the recurring ones (the last
 * failure stays, as the CIB's _last_failure_0 does).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched.h"

/* Remove ops of h that match (task, interval), or all recurring ones. */
static void
simulate_drop_ops(struct rhist *h, const char *task, uint64_t interval,
    int all_recurring)
{
	size_t	i, n = 0;

	for (i = 0; i < h->nops; i++) {
		struct oprec	*op = &h->ops[i];
		int		 drop;

		if (all_recurring)	/* the last failure stays */
			drop = op->interval_ms > 0 &&
			    op->rc == op->expected_rc &&
			    op->status == OPST_DONE;
		else
			drop = op->interval_ms == interval &&
			    strcmp(op->task, task) == 0 &&
			    op->rc == op->expected_rc;
		if (!drop)
			h->ops[n++] = *op;
	}
	h->nops = n;
}

/* A new failure replaces the last one (the CIB's _last_failure_0). */
static void
simulate_drop_failures(struct rhist *h)
{
	size_t	i, n = 0;

	for (i = 0; i < h->nops; i++) {
		if (h->ops[i].rc != h->ops[i].expected_rc)
			continue;
		h->ops[n++] = h->ops[i];
	}
	h->nops = n;
}

/* Keep one last successful non-recurring result: drop the older ones. */
static void
simulate_drop_last(struct rhist *h)
{
	size_t	i, n = 0;

	for (i = 0; i < h->nops; i++) {
		struct oprec	*op = &h->ops[i];

		if (op->interval_ms == 0 && op->rc == op->expected_rc &&
		    op->status == OPST_DONE)
			continue;
		h->ops[n++] = *op;
	}
	h->nops = n;
}

/* Count a failure of rsc's op on node: fail-count + 1, last-failure. */
static void
simulate_count_failure(struct ctx *ctx, struct nstate *ns, const char *rsc,
    const char *task, uint64_t interval, int64_t now)
{
	const char	*name, *v;
	long long	 count = 0;

	name = arena_printf(ctx->arena, "fail-count-%s#%s_%llu", rsc, task,
	    (unsigned long long)interval);
	if ((v = state_attr(ns, name)) != NULL)
		count = strtoll(v, NULL, 10);
	state_set_attr(ctx, ns, name, arena_printf(ctx->arena, "%lld",
	    count + 1));
	name = arena_printf(ctx->arena, "last-failure-%s#%s_%llu", rsc, task,
	    (unsigned long long)interval);
	state_set_attr(ctx, ns, name, arena_printf(ctx->arena, "%lld",
	    (long long)now));
}

/* Whether primitive r is in an anonymous clone. */
static int
simulate_anonymous(const struct resource *r)
{
	const struct resource	*c;

	for (c = r->parent; c != NULL && c->kind != RSC_CLONE; c = c->parent)
		;
	return c != NULL && !c->meta.globally_unique;
}


/*
 * Record the result rc of rsc's task on node in st (expected: what the
 * transition wanted). Returns the new record.
 */
struct oprec *
simulate_record(struct ctx *ctx, struct cstate *st, const struct model *m,
    const char *rsc, const char *node, const char *task, uint64_t interval,
    int rc, int expected)
{
	const struct resource	*r;
	struct nstate		*ns;
	struct rhist		*h;
	struct oprec		*op;
	const char		*base;
	int64_t			 now;
	size_t			 ni;

	ns = state_node(st, node, 1);
	ni = (size_t)(ns - st->nodes);
	base = rsc;
	if (strchr(rsc, ':') != NULL)
		base = arena_strndup(ctx->arena, rsc,
		    (size_t)(strchr(rsc, ':') - rsc));
	if ((r = model_resource(m, base)) != NULL) {
		while (r->kind != RSC_PRIMITIVE && r->nchildren > 0)
			r = r->children[0];
	}
	/*
	 * An instance of an anonymous clone is the same resource whatever
	 * its number: a history of it without a number ("ping", as
	 * Pacemaker records it) goes on under that name.
	 */
	h = state_hist(st, rsc, ni, 0);
	if (h == NULL && base != rsc && r != NULL && simulate_anonymous(r))
		h = state_hist(st, base, ni, 0);
	if (h == NULL)
		h = state_hist(st, rsc, ni, 1);
	if (h->cls == NULL) {
		if (r != NULL) {
			h->cls = r->is_fence ? "stonith" : r->cls ==
			    CLASS_OCF ? "ocf" : r->cls == CLASS_LSB ? "lsb" :
			    r->cls == CLASS_SYSTEMD ? "systemd" : "service";
			h->provider = r->provider;
			h->type = r->type;
		}
	}
	now = st->now > 0 ? st->now : (int64_t)time(NULL);
	if (interval > 0)
		simulate_drop_ops(h, task, interval, 0);
	else if (rc == expected)
		simulate_drop_last(h);
	if (strcmp(task, "stop") == 0 && rc == expected)
		simulate_drop_ops(h, NULL, 0, 1);
	if (rc != expected)
		simulate_drop_failures(h);
	op = state_add_op(ctx, h);
	op->task = arena_strdup(ctx->arena, task);
	op->interval_ms = interval;
	op->call_id = state_next_call_id(st);
	op->rc = rc;
	op->status = OPST_DONE;
	op->expected_rc = expected;
	op->last_rc_change = now;
	/* The parameters it ran with, to see later whether they changed. */
	if (r != NULL && r->kind == RSC_PRIMITIVE && strcmp(task, "stop") != 0)
		op->digest = digest_params(ctx, m, r,
		    digest_task(task, interval), interval, DIGEST_ALL, NULL);
	if (rc != expected)
		simulate_count_failure(ctx, ns, rsc, task, interval, now);
	return op;
}

/*
 * Give every recorded op of st without a digest the one it would have had
 * under model m: a state written by hand, taken to run m's definitions, so
 * that another model's changes to them show (hacc diff).
 */
void
simulate_fill_digests(struct ctx *ctx, struct cstate *st,
    const struct model *m)
{
	const struct resource	*r;
	struct rhist		*h;
	struct oprec		*op;
	const char		*base, *colon;
	size_t			 i, j;

	for (i = 0; i < st->nhist; i++) {
		h = &st->hist[i];
		base = h->rsc;
		if ((colon = strchr(base, ':')) != NULL)
			base = arena_strndup(ctx->arena, base,
			    (size_t)(colon - base));
		if ((r = model_resource(m, base)) == NULL ||
		    r->kind != RSC_PRIMITIVE)
			continue;
		for (j = 0; j < h->nops; j++) {
			op = &h->ops[j];
			if (op->digest != NULL || op->task == NULL ||
			    strcmp(op->task, "stop") == 0)
				continue;
			op->digest = digest_params(ctx, m, r,
			    digest_task(op->task, op->interval_ms),
			    op->interval_ms, DIGEST_ALL, NULL);
		}
	}
}

/* Take a node out cleanly (fenced or shut down): no history, no attrs. */
static void
simulate_node_gone(struct cstate *st, struct nstate *ns)
{
	size_t	i, n = 0, ni = (size_t)(ns - st->nodes);

	ns->in_ccm = ns->crmd = 0;
	ns->join = JOIN_DOWN;
	ns->expected_up = 0;
	ns->seen = 1;
	ns->attrs.n = 0;
	for (i = 0; i < st->nhist; i++) {
		if (st->hist[i].node != ni)
			st->hist[n++] = st->hist[i];
	}
	st->nhist = n;
}

/* Remove rsc's fail counts and last failures on a node. */
static void
simulate_clear_failcount(struct nstate *ns, const char *rsc)
{
	size_t	i, n = 0, len = strlen(rsc);

	for (i = 0; i < ns->attrs.n; i++) {
		const char	*name = ns->attrs.v[i].name, *p = NULL;

		if (strncmp(name, "fail-count-", 11) == 0)
			p = name + 11;
		else if (strncmp(name, "last-failure-", 13) == 0)
			p = name + 13;
		if (p != NULL && strncmp(p, rsc, len) == 0 &&
		    (p[len] == '\0' || p[len] == '#'))
			continue;
		ns->attrs.v[n++] = ns->attrs.v[i];
	}
	ns->attrs.n = n;
}

/*
 * The result injected for action g ("KEY@NODE=RC" in fails), or -1.
 * KEY is an operation key: web_start_0, web_monitor_10000.
 */
static int
simulate_injected(const struct gaction *g, const char *const *fails,
    size_t nfails)
{
	size_t		 i, klen;
	const char	*at, *eq;

	for (i = 0; i < nfails; i++) {
		at = strchr(fails[i], '@');
		eq = at != NULL ? strchr(at, '=') : NULL;
		if (at == NULL || eq == NULL || g->node == NULL)
			continue;
		klen = (size_t)(at - fails[i]);
		if (strlen(g->key) != klen || strncmp(g->key, fails[i],
		    klen) != 0)
			continue;
		if (strlen(g->node) != (size_t)(eq - at - 1) ||
		    strncmp(g->node, at + 1, (size_t)(eq - at - 1)) != 0)
			continue;
		return atoi(eq + 1);
	}
	return -1;
}

/*
 * Execute graph g against st: every runnable action succeeds, except those
 * named in fails ("web_start_0@node1=1"). A failed action aborts the
 * transition: what waits for it (directly or not) does not run. Returns
 * the state after it, a copy in ctx; st is unchanged. *aborted (if not
 * NULL) says whether an action failed; ran (if not NULL, g->nactions
 * bytes) which actions ran, the failed ones included.
 */
struct cstate *
simulate_apply(struct ctx *ctx, const struct model *m,
    const struct cstate *st, const struct graph *g,
    const char *const *fails, size_t nfails, int *aborted,
    unsigned char *ran)
{
	struct cstate		*out = state_copy(ctx, st);
	const struct gaction	*a;
	struct nstate		*ns;
	struct rhist		*h;
	unsigned char		*blocked;
	size_t			 i, j;
	int			 rc;

	if (aborted != NULL)
		*aborted = 0;
	blocked = xcalloc(g->nactions + 1, 1);
	for (i = 0; i < g->nrunnable; i++) {
		a = &g->actions[i];
		for (j = 0; j < a->ninputs; j++) {
			if (a->inputs[j] < g->nactions &&
			    blocked[a->inputs[j]])
				blocked[i] = 1;
		}
		if (blocked[i])
			continue;
		if (ran != NULL)
			ran[i] = 1;
		switch (a->kind) {
		case GA_PSEUDO:
			break;
		case GA_FENCE:
			ns = state_node(out, a->node, 1);
			simulate_node_gone(out, ns);
			break;
		case GA_CLUSTER:
			ns = state_node(out, a->node, 1);
			if (strcmp(a->task, "do_shutdown") == 0)
				simulate_node_gone(out, ns);
			else if (strcmp(a->task, "clear_failcount") == 0 &&
			    a->rsc != NULL)
				simulate_clear_failcount(ns, a->rsc);
			else if (strcmp(a->task, "lrm_delete") == 0 &&
			    a->rsc != NULL && (h = state_hist(out, a->rsc,
			    (size_t)(ns - out->nodes), 0)) != NULL)
				h->nops = 0;
			break;
		case GA_RSC_OP:
			if (a->node == NULL || a->rsc == NULL)
				break;
			ns = state_node(out, a->node, 1);
			if (strcmp(a->task, "cancel") == 0) {
				h = state_hist(out, a->rsc,
				    (size_t)(ns - out->nodes), 0);
				if (h != NULL)
					simulate_drop_ops(h, "monitor",
					    a->interval_ms, 0);
				break;
			}
			if (strcmp(a->task, "delete") == 0) {
				h = state_hist(out, a->rsc,
				    (size_t)(ns - out->nodes), 0);
				if (h != NULL)
					h->nops = 0;
				break;
			}
			rc = simulate_injected(a, fails, nfails);
			if (rc < 0)
				rc = a->expected_rc;
			simulate_record(ctx, out, m, a->rsc, a->node, a->task,
			    a->interval_ms, rc, a->expected_rc);
			if (rc != a->expected_rc) {
				blocked[i] = 1;
				if (aborted != NULL)
					*aborted = 1;
			}
			break;
		}
	}
	free(blocked);
	return out;
}

/* The node named name in st, which must be one the run knows. */
static struct nstate *
simulate_node(struct ctx *ctx, struct cstate *st, const struct model *m,
    const char *name, const char **cause)
{
	const char	*names[64];
	const char	*near;
	size_t		 i, n = 0;

	if (model_node(m, name) != NULL || m->nnodes == 0)
		return state_node(st, name, 1);
	for (i = 0; i < st->nnodes; i++) {
		if (strcmp(st->nodes[i].name, name) == 0)
			return &st->nodes[i];
	}
	for (i = 0; i < m->nnodes && n < nitems(names); i++)
		names[n++] = m->nodes[i]->name;
	near = diag_suggest(name, names, n);
	*cause = near != NULL ? arena_printf(ctx->arena, "unknown node '%s'; "
	    "did you mean '%s'?", name, near) : arena_printf(ctx->arena,
	    "unknown node '%s'", name);
	return NULL;
}

static void
simulate_membership(struct nstate *ns, int member, int daemon,
    enum join_state join, int expected)
{
	ns->seen = 1;
	ns->in_ccm = member;
	ns->crmd = daemon;
	ns->join = join;
	ns->expected_up = expected;
}

/* Remove attribute name from a node. */
static void
simulate_unset_attr(struct nstate *ns, const char *name)
{
	size_t	i, n = 0;

	for (i = 0; i < ns->attrs.n; i++) {
		if (strcmp(ns->attrs.v[i].name, name) != 0)
			ns->attrs.v[n++] = ns->attrs.v[i];
	}
	ns->attrs.n = n;
}

/*
 * Split an operation key (web_monitor_10000) into resource, task and
 * interval; resource names may hold '_', so parse from the right.
 */
static int
simulate_split_key(struct ctx *ctx, const char *key, const char **rsc,
    const char **task, uint64_t *interval)
{
	const char	*u2, *u1;
	char		*end;

	if ((u2 = strrchr(key, '_')) == NULL || u2 == key)
		return -1;
	*interval = strtoull(u2 + 1, &end, 10);
	if (*end != '\0' || end == u2 + 1)
		return -1;
	for (u1 = u2 - 1; u1 > key && *u1 != '_'; u1--)
		;
	if (u1 == key)
		return -1;
	/* Tasks with '_' in them: migrate_to, migrate_from. */
	if (u1 - key > 8 && strncmp(u1 - 8, "_migrate", 8) == 0)
		u1 -= 8;
	*rsc = arena_strndup(ctx->arena, key, (size_t)(u1 - key));
	*task = arena_strndup(ctx->arena, u1 + 1, (size_t)(u2 - u1 - 1));
	return 0;
}

/*
 * Apply one injection of `hacc simulate` to st. what is the option's
 * name without dashes (node-fail, node-down, node-up, standby, online,
 * op-fail, quorum, set-attr, time), arg its value. Returns 0, or -1 with
 * *cause set.
 */
int
simulate_inject(struct ctx *ctx, const struct model *m, struct cstate *st,
    const char *what, const char *arg, const char **cause)
{
	struct nstate	*ns;
	const char	*at, *eq, *colon, *rsc, *task, *node;
	uint64_t	 interval;
	char		*end;
	long		 rc;

	if (strcmp(what, "quorum") == 0) {
		if (strcmp(arg, "yes") == 0 || strcmp(arg, "true") == 0)
			st->have_quorum = 1;
		else if (strcmp(arg, "no") == 0 || strcmp(arg, "false") == 0)
			st->have_quorum = 0;
		else {
			*cause = arena_printf(ctx->arena, "--quorum takes yes "
			    "or no, not '%s'", arg);
			return -1;
		}
		return 0;
	}
	if (strcmp(what, "time") == 0) {
		if (state_parse_time(arg, &st->now) != 0) {
			*cause = arena_printf(ctx->arena, "'%s' is not an ISO "
			    "8601 time such as 2024-05-01T12:00:00Z", arg);
			return -1;
		}
		return 0;
	}
	if (strcmp(what, "op-fail") == 0) {
		at = strchr(arg, '@');
		eq = at != NULL ? strchr(at, '=') : NULL;
		if (at == NULL || eq == NULL || simulate_split_key(ctx,
		    arena_strndup(ctx->arena, arg, (size_t)(at - arg)), &rsc,
		    &task, &interval) != 0) {
			*cause = arena_printf(ctx->arena, "--op-fail takes "
			    "RSC_OP_INTERVAL@NODE=RC (as in "
			    "web_monitor_10000@node1=7), not '%s'", arg);
			return -1;
		}
		rc = strtol(eq + 1, &end, 10);
		if (*end != '\0' || end == eq + 1 || rc < 0 || rc > 255) {
			*cause = arena_printf(ctx->arena, "'%s' is not an exit "
			    "code (0 to 255)", eq + 1);
			return -1;
		}
		node = arena_strndup(ctx->arena, at + 1, (size_t)(eq - at - 1));
		if (simulate_node(ctx, st, m, node, cause) == NULL)
			return -1;
		simulate_record(ctx, st, m, rsc, node, task, interval, (int)rc,
		    strcmp(task, "monitor") == 0 && interval == 0 ?
		    OCF_NOT_RUNNING : OCF_OK);
		return 0;
	}
	if (strcmp(what, "set-attr") == 0) {
		colon = strchr(arg, ':');
		eq = colon != NULL ? strchr(colon, '=') : NULL;
		if (colon == NULL || eq == NULL || eq == colon + 1) {
			*cause = arena_printf(ctx->arena, "--set-attr takes "
			    "NODE:NAME=VALUE, not '%s'", arg);
			return -1;
		}
		node = arena_strndup(ctx->arena, arg, (size_t)(colon - arg));
		if ((ns = simulate_node(ctx, st, m, node, cause)) == NULL)
			return -1;
		state_set_attr(ctx, ns, arena_strndup(ctx->arena, colon + 1,
		    (size_t)(eq - colon - 1)), arena_strdup(ctx->arena, eq + 1));
		return 0;
	}
	if ((ns = simulate_node(ctx, st, m, arg, cause)) == NULL)
		return -1;
	if (strcmp(what, "node-fail") == 0)
		simulate_membership(ns, 0, 0, JOIN_DOWN, 1);
	else if (strcmp(what, "node-down") == 0)
		simulate_node_gone(st, ns);	/* as crm_simulate: no lrm,
						   no transient attributes */
	else if (strcmp(what, "node-up") == 0)
		simulate_membership(ns, 1, 1, JOIN_MEMBER, 1);
	else if (strcmp(what, "standby") == 0)
		state_set_attr(ctx, ns, "standby", "on");
	else if (strcmp(what, "online") == 0)
		simulate_unset_attr(ns, "standby");
	else {
		*cause = arena_printf(ctx->arena, "unknown injection '%s'",
		    what);
		return -1;
	}
	return 0;
}
