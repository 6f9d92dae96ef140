/*
 * rstate.c: the replicated cluster state, what every node of a ring holds
 * identically: the active policy (its text, epoch and SHA-256 digest),
 * node attributes (permanent ones, kept until changed, and transient
 * ones, dropped when the node is fenced or starts again) and each
 * resource's operation history on each node, as the scheduler's cluster
 * state (struct cstate) holds it. rm.c applies the ring's agreed messages
 * to it in delivery order, so every member changes it the same way; it
 * never reads a clock or anything else of the node it runs on.
 *
 * It also holds whether the operator put the whole cluster in
 * maintenance (hacc maintenance on: the model's maintenance-mode is set
 * whatever the policy says) and the cluster log that hacc history shows:
 * the last RSTATE_EVENTS events (deploys, operator commands, membership,
 * quorum, fencing, transitions, failures), each with the time its message
 * carried, the node it came from and a sequence number, appended in the
 * ring's order like every other update.
 *
 * The state is encoded as text, for snapshots sent to joining nodes and
 * for the file under the state directory (written to a temporary file,
 * fsynced, renamed): a header, the policy, the cluster state in the state
 * file format (docs/state.md), the permanent attributes, the operator's
 * constraints, the maintenance flag and the events. Decoding compiles the
 * policy and reads the state against it, as a deploy does. Version 1 (no
 * maintenance flag, no events) is still read.
 *
 * INVARIANTS: the model and the cstate live in rs->ctx's arena; every
 * update of the state proper bumps rs->version (events do not: they have
 * their own sequence); after RSTATE_COMPACT updates the state is written
 * and read back into a fresh context (the arena only grows).
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "sched.h"
#include "runtime.h"

#define RSTATE_MAGIC	"hacc-state 2\n"
#define RSTATE_MAGIC_V1	"hacc-state 1\n"
#define RSTATE_COMPACT	256
#define RSTATE_FILE	"state"
#define RSTATE_TIME_MAX	253402300799LL	/* 9999-12-31T23:59:59Z */

/* The kinds of events, as hacc history prints them. */
static const char *const rstate_kinds[] = {
	"deploy", "operator", "maintenance", "membership", "quorum",
	"fencing", "transition", "failure"
};

/* Return an empty state: no policy, no history. Never fails. */
struct rstate *
rstate_new(void)
{
	struct rstate	*rs;

	rs = xcalloc(1, sizeof *rs);
	rs->ctx = ctx_new();
	rs->st = state_new(rs->ctx);
	return rs;
}

/* Free a state; NULL is a no-op. */
void
rstate_free(struct rstate *rs)
{
	size_t	i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nperm; i++) {
		free(rs->perm[i].node);
		free(rs->perm[i].name);
		free(rs->perm[i].value);
	}
	free(rs->perm);
	for (i = 0; i < rs->ncons; i++) {
		free(rs->cons[i].rsc);
		free(rs->cons[i].node);
	}
	free(rs->cons);
	for (i = 0; i < rs->nevents; i++) {
		free(rs->events[i].node);
		free(rs->events[i].kind);
		free(rs->events[i].text);
	}
	free(rs->events);
	free(rs->policy);
	ctx_free(rs->ctx);
	free(rs);
}

/* The hex SHA-256 of text into out (65 bytes). */
static void
rstate_digest(const char *text, size_t len, char *out)
{
	uint8_t	md[32];
	size_t	i;

	wire_sha256(text, len, md);
	for (i = 0; i < sizeof md; i++)
		snprintf(out + i * 2, 3, "%02x", md[i]);
}

/*
 * Compile policy text into ctx; the model, or NULL with the diagnostics
 * rendered into *cause (owned by the caller).
 */
static struct model *
rstate_compile(struct ctx *ctx, const char *text, size_t len, char **cause)
{
	struct policy	*p;
	struct model	*m = NULL;
	struct buf	 b;

	if ((p = compile_load_text(ctx, "policy", text, len)) != NULL) {
		m = compile_policy(ctx, p);
		compile_free(p);
	}
	if (ctx->nsources > 1) {
		xasprintf(cause, "policy: error: a deployed policy is one "
		    "file: include is not supported");
		return NULL;
	}
	if (m != NULL && !ctx_failed(ctx))
		return m;
	buf_init(&b);
	diag_render(ctx, &b, 0);
	if (b.len == 0)
		buf_puts(&b, "the policy does not compile");
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	*cause = buf_detach(&b);
	return NULL;
}

/*
 * Check policy text as a deploy would (every error and warning rendered
 * into *diags, owned by the caller, or NULL when there are none); 0 when
 * it compiles, else -1. A policy whose cluster block names another
 * cluster than `cluster` (when not NULL) is refused too.
 */
int
rstate_check(const char *text, size_t len, const char *cluster,
    char **diags)
{
	struct ctx	*ctx = ctx_new();
	struct model	*m;
	struct buf	 b;
	int		 rc = 0;

	*diags = NULL;
	if ((m = rstate_compile(ctx, text, len, diags)) == NULL)
		rc = -1;
	else {
		buf_init(&b);
		diag_render(ctx, &b, 0);
		if (cluster != NULL && (m->cluster_name == NULL ||
		    strcmp(m->cluster_name, cluster) != 0)) {
			buf_printf(&b, "policy: error: the policy is for "
			    "cluster '%s', this is cluster '%s'\n",
			    m->cluster_name != NULL ? m->cluster_name : "",
			    cluster);
			rc = -1;
		}
		if (b.len > 0)
			*diags = buf_detach(&b);
		else
			buf_clear(&b);
	}
	ctx_free(ctx);
	return rc;
}

/*
 * Read state text against model m into ctx (m NULL: no name checks, for
 * a history naming what a new policy lost). NULL when it does not parse.
 */
static struct cstate *
rstate_parse_state(struct ctx *ctx, const struct model *m, const char *text,
    size_t len)
{
	struct source	*src;
	struct cstate	*st;
	struct ctx	*tmp;

	src = ctx_add_source(ctx, "state", text, len);
	if ((st = state_parse(ctx, m, src)) != NULL)
		return st;
	/* Retry without checks in a scratch context, then copy. */
	tmp = ctx_new();
	src = ctx_add_source(tmp, "state", text, len);
	if ((st = state_parse(tmp, NULL, src)) != NULL)
		st = state_copy(ctx, st);
	ctx_free(tmp);
	return st;
}

/*
 * The model of policy text with the operator's constraints (hacc move,
 * ban) added as location statements, in a new context (*ctxp), for those
 * whose resource and node base (the policy's own model) has; NULL when
 * there are none or the result does not compile.
 */
static struct model *
rstate_with_constraints(const struct rstate *rs, const struct model *base,
    const char *policy, size_t plen, struct ctx **ctxp)
{
	struct model	*m = NULL;
	struct buf	 b;
	char		*cause = NULL;
	size_t		 i, n = 0;

	buf_init(&b);
	buf_add(&b, policy, plen);
	buf_puts(&b, "\n# hacc move, ban\n");
	for (i = 0; i < rs->ncons; i++) {
		if (model_resource(base, rs->cons[i].rsc) == NULL ||
		    model_node(base, rs->cons[i].node) == NULL)
			continue;
		buf_printf(&b, "location %s %s %s\n", rs->cons[i].rsc,
		    rs->cons[i].prefer ? "prefers" : "avoids",
		    rs->cons[i].node);
		n++;
	}
	if (n > 0) {
		*ctxp = ctx_new();
		if ((m = rstate_compile(*ctxp, b.data, b.len, &cause)) ==
		    NULL) {
			ctx_free(*ctxp);
			free(cause);
		}
	}
	buf_clear(&b);
	return m;
}

/*
 * Rebuild rs on policy text (borrowed) and state text: a fresh context,
 * the model (with the operator's constraints), the state read against it,
 * every node of the policy there. 0, or -1 with *cause and rs unchanged.
 */
static int
rstate_rebuild(struct rstate *rs, const char *policy, size_t plen,
    const char *state, size_t slen, char **cause)
{
	struct ctx	*ctx, *cctx;
	struct model	*m = NULL, *cm;
	struct cstate	*st;
	size_t		 i;

	ctx = ctx_new();
	if (policy != NULL &&
	    (m = rstate_compile(ctx, policy, plen, cause)) == NULL) {
		ctx_free(ctx);
		return -1;
	}
	if (m != NULL && rs->ncons > 0 && (cm = rstate_with_constraints(rs, m,
	    policy, plen, &cctx)) != NULL) {
		ctx_free(ctx);
		ctx = cctx;
		m = cm;
	}
	if (m != NULL && rs->maintenance)
		m->props.maintenance_mode = 1;
	if (slen == 0)
		st = state_new(ctx);
	else if ((st = rstate_parse_state(ctx, m, state, slen)) == NULL) {
		xasprintf(cause, "the cluster state does not parse");
		ctx_free(ctx);
		return -1;
	}
	st->now = 0;
	st->have_quorum = -1;
	st->dc = NULL;
	for (i = 0; m != NULL && i < m->nnodes; i++) {
		if (state_node(st, m->nodes[i]->name, 0) == NULL) {
			state_node(st, m->nodes[i]->name, 1)->id =
			    m->nodes[i]->id;
		}
	}
	ctx_free(rs->ctx);
	rs->ctx = ctx;
	rs->m = m;
	rs->st = st;
	rs->since_compact = 0;
	return 0;
}

/* The state's cluster state as text, appended to b. */
static void
rstate_state_text(const struct rstate *rs, struct buf *b)
{
	state_write(rs->st, b);
}

/* Count an update; compact now and then. */
static void
rstate_updated(struct rstate *rs)
{
	struct buf	 b;
	char		*cause = NULL;

	rs->version++;
	if (++rs->since_compact < RSTATE_COMPACT)
		return;
	buf_init(&b);
	rstate_state_text(rs, &b);
	if (rstate_rebuild(rs, rs->policy, rs->policylen, b.data, b.len,
	    &cause) == -1)
		free(cause);	/* keep the grown state: still correct */
	buf_clear(&b);
}

/*
 * Deploy policy text (copied) as the next epoch, keeping the histories
 * (those of resources it no longer has become orphans, to be stopped).
 * 0, or -1 with *cause (the diagnostics) and the state unchanged.
 */
int
rstate_deploy(struct rstate *rs, const char *text, size_t len, char **cause)
{
	struct buf	 b;
	char		*copy;
	int		 rc;

	copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	buf_init(&b);
	rstate_state_text(rs, &b);
	rc = rstate_rebuild(rs, copy, len, b.data, b.len, cause);
	buf_clear(&b);
	if (rc == -1) {
		free(copy);
		return -1;
	}
	free(rs->policy);
	rs->policy = copy;
	rs->policylen = len;
	rs->epoch++;
	rstate_digest(copy, len, rs->digest);
	rs->version++;
	return 0;
}

/* The node called name in the state, created if need be. */
static struct nstate *
rstate_node(struct rstate *rs, const char *name)
{
	struct nstate	*ns;
	struct node	*n;

	if (name[0] == '\0')
		return NULL;
	if ((ns = state_node(rs->st, name, 0)) != NULL)
		return ns;
	ns = state_node(rs->st, name, 1);
	if (rs->m != NULL && (n = model_node(rs->m, name)) != NULL)
		ns->id = n->id;
	return ns;
}

/* Drop the recurring operation task/interval from h. */
static void
rstate_drop_recurring(struct rhist *h, const char *task, uint64_t interval)
{
	size_t	i, n = 0;

	for (i = 0; i < h->nops; i++) {
		if (h->ops[i].interval_ms == interval && interval > 0 &&
		    strcmp(h->ops[i].task, task) == 0)
			continue;
		h->ops[n++] = h->ops[i];
	}
	h->nops = n;
}

/*
 * Record an operation's result in the history (as Pacemaker's controller
 * does: the last result of each operation, fail counts for failures). A
 * cancel drops the recurring operation it names; a notification leaves
 * nothing (Pacemaker's controller never records one). Results for nodes or
 * resources the state cannot hold are ignored. Returns the record when
 * the result is a failure (not the expected one), else NULL.
 */
const struct oprec *
rstate_op(struct rstate *rs, const struct rstate_result *r)
{
	struct nstate	*ns;
	struct rhist	*h;
	struct oprec	*op;
	size_t		 i;
	int		 rc = r->rc, expected;

	/* Without a policy there is nothing to record a result against. */
	if (rs->m == NULL || r->rsc[0] == '\0' || r->task[0] == '\0' ||
	    (ns = rstate_node(rs, r->node)) == NULL)
		return NULL;
	/* Notifications change nothing an agent runs: no history. */
	if (strcmp(r->task, "notify") == 0)
		return NULL;
	if (strcmp(r->task, "delete") == 0) {
		/* The graph's delete: forget the history, not the failures. */
		h = state_hist(rs->st, r->rsc, (size_t)(ns - rs->st->nodes), 0);
		if (h != NULL && r->rc == OCF_OK)
			h->nops = 0;
		rstate_updated(rs);
		return NULL;
	}
	if (strcmp(r->task, "cancel") == 0) {
		h = state_hist(rs->st, r->rsc, (size_t)(ns - rs->st->nodes), 0);
		if (h != NULL)
			rstate_drop_recurring(h, "monitor", r->interval_ms);
		rstate_updated(rs);
		return NULL;
	}
	if (r->status != OPST_DONE && rc == r->expected_rc)
		rc = OCF_ERR_GENERIC;
	/*
	 * A probe that finds the resource active is news, not a failure: no
	 * fail count (as Pacemaker's controller).
	 */
	expected = r->expected_rc;
	if (strcmp(r->task, "monitor") == 0 && r->interval_ms == 0 &&
	    r->status == OPST_DONE && (rc == OCF_OK ||
	    rc == OCF_RUNNING_PROMOTED))
		expected = rc;
	rs->st->now = r->time;
	op = simulate_record(rs->ctx, rs->st, rs->m, r->rsc, r->node, r->task,
	    r->interval_ms, rc, expected);
	rs->st->now = 0;
	op->status = r->status;
	if (r->reason != NULL && r->reason[0] != '\0')
		op->exit_reason = arena_strdup(rs->ctx->arena, r->reason);
	rstate_updated(rs);	/* may compact: op moves */
	if (expected < 0 || rc == expected)
		return NULL;
	h = state_hist(rs->st, r->rsc, (size_t)(ns - rs->st->nodes), 0);
	for (i = 0; h != NULL && i < h->nops; i++) {
		if (h->ops[i].interval_ms == r->interval_ms &&
		    strcmp(h->ops[i].task, r->task) == 0)
			return &h->ops[i];
	}
	return NULL;
}

/* The permanent attribute slot of node/name, or nperm. */
static size_t
rstate_perm_find(const struct rstate *rs, const char *node, const char *name)
{
	size_t	i;

	for (i = 0; i < rs->nperm; i++) {
		if (strcmp(rs->perm[i].node, node) == 0 &&
		    strcmp(rs->perm[i].name, name) == 0)
			break;
	}
	return i;
}

/* Set (value NULL: remove) a permanent attribute, kept sorted. */
static void
rstate_perm_set(struct rstate *rs, const char *node, const char *name,
    const char *value)
{
	size_t	i = rstate_perm_find(rs, node, name), j;

	if (i < rs->nperm) {
		free(rs->perm[i].value);
		if (value != NULL) {
			rs->perm[i].value = xstrdup(value);
			return;
		}
		free(rs->perm[i].node);
		free(rs->perm[i].name);
		memmove(&rs->perm[i], &rs->perm[i + 1],
		    (rs->nperm - i - 1) * sizeof *rs->perm);
		rs->nperm--;
		return;
	}
	if (value == NULL)
		return;
	for (j = 0; j < rs->nperm; j++) {
		int	c = strcmp(rs->perm[j].node, node);

		if (c > 0 || (c == 0 && strcmp(rs->perm[j].name, name) > 0))
			break;
	}
	rs->perm = xreallocarray(rs->perm, rs->nperm + 1, sizeof *rs->perm);
	memmove(&rs->perm[j + 1], &rs->perm[j],
	    (rs->nperm - j) * sizeof *rs->perm);
	rs->perm[j].node = xstrdup(node);
	rs->perm[j].name = xstrdup(name);
	rs->perm[j].value = xstrdup(value);
	rs->nperm++;
}

/*
 * Set a node attribute (value NULL removes it): permanent ones stay until
 * changed, transient ones go when the node is fenced or starts again.
 */
void
rstate_attr(struct rstate *rs, const char *node, const char *name,
    const char *value, int permanent)
{
	struct nstate	*ns;

	if ((ns = rstate_node(rs, node)) == NULL || name[0] == '\0')
		return;
	if (permanent)
		rstate_perm_set(rs, node, name, value);
	else
		state_set_attr(rs->ctx, ns, name, value);
	rstate_updated(rs);
}

/* A permanent attribute of node, or NULL. */
const char *
rstate_perm(const struct rstate *rs, const char *node, const char *name)
{
	size_t	i = rstate_perm_find(rs, node, name);

	return i < rs->nperm ? rs->perm[i].value : NULL;
}

/* Forget every history of node, and its transient attributes. */
static void
rstate_wipe(struct rstate *rs, struct nstate *ns)
{
	size_t	i, n = 0, ni = (size_t)(ns - rs->st->nodes);

	for (i = 0; i < rs->st->nhist; i++) {
		if (rs->st->hist[i].node != ni)
			rs->st->hist[n++] = rs->st->hist[i];
	}
	rs->st->nhist = n;
	ns->attrs.n = 0;
}

/*
 * A node's daemon changed: up (it starts with no history: what ran there
 * before it started is found again by probes), down cleanly, or fenced
 * (its histories are void: it runs nothing now).
 */
void
rstate_node_event(struct rstate *rs, const char *node, enum rstate_event ev)
{
	struct nstate	*ns;

	if ((ns = rstate_node(rs, node)) == NULL)
		return;
	switch (ev) {
	case RSTATE_UP:
		rstate_wipe(rs, ns);
		ns->expected_up = 1;
		break;
	case RSTATE_DOWN:
		ns->expected_up = 0;
		break;
	case RSTATE_FENCED:
		rstate_wipe(rs, ns);
		ns->expected_up = 0;
		break;
	}
	rstate_updated(rs);
}

/* Whether history name hist is rsc's, or an instance's of it ("rsc:2"). */
static int
rstate_hist_of(const char *hist, const char *rsc)
{
	size_t	len = strlen(rsc);

	if (strncmp(hist, rsc, len) != 0)
		return 0;
	if (hist[len] == '\0')
		return 1;
	return hist[len] == ':' && hist[len + 1] != '\0' &&
	    strspn(hist + len + 1, "0123456789") == strlen(hist + len + 1);
}

/* rstate_cleanup for one primitive (or a name the policy has no more). */
static void
rstate_cleanup_one(struct rstate *rs, const char *rsc, const char *node,
    int history)
{
	struct nstate	*ns;
	struct rhist	*h;
	size_t		 i, j, n, len = strlen(rsc);

	for (i = 0; i < rs->st->nnodes; i++) {
		ns = &rs->st->nodes[i];
		if (ns->name == NULL || (node != NULL && strcmp(ns->name,
		    node) != 0))
			continue;
		for (j = 0; history && j < rs->st->nhist; j++) {
			h = &rs->st->hist[j];
			if (h->node == i && rstate_hist_of(h->rsc, rsc))
				h->nops = 0;
		}
		for (j = 0, n = 0; j < ns->attrs.n; j++) {
			const char	*a = ns->attrs.v[j].name, *p = NULL;

			if (strncmp(a, "fail-count-", 11) == 0)
				p = a + 11;
			else if (strncmp(a, "last-failure-", 13) == 0)
				p = a + 13;
			if (p != NULL && strncmp(p, rsc, len) == 0 &&
			    (p[len] == '\0' || p[len] == '#' ||
			    p[len] == ':'))
				continue;
			ns->attrs.v[n++] = ns->attrs.v[j];
		}
		ns->attrs.n = n;
	}
}

/* rstate_cleanup_one for r and every primitive in it. */
static void
rstate_cleanup_tree(struct rstate *rs, const struct resource *r,
    const char *node, int history)
{
	size_t	i;

	if (r->kind == RSC_PRIMITIVE)
		rstate_cleanup_one(rs, r->name, node, history);
	for (i = 0; i < r->nchildren; i++)
		rstate_cleanup_tree(rs, r->children[i], node, history);
}

/*
 * Forget rsc's fail counts on node (NULL: every node) and, with history,
 * what it did there too (so that it is probed again). A group or a clone
 * is its primitives; a primitive's histories include its instances'
 * ("db:1"), however the scheduler numbered them.
 */
void
rstate_cleanup(struct rstate *rs, const char *rsc, const char *node,
    int history)
{
	const struct resource	*r;

	r = rs->m != NULL ? model_resource(rs->m, rsc) : NULL;
	if (r != NULL)
		rstate_cleanup_tree(rs, r, node, history);
	else
		rstate_cleanup_one(rs, rsc, node, history);
	rstate_updated(rs);
}

/*
 * The operator's placement constraints on rsc: RSTATE_MOVE makes it
 * prefer node (and drops its other preferences), RSTATE_BAN keeps it off
 * node, RSTATE_CLEAR drops them (on node, or all with node NULL). The
 * model is compiled again with them.
 */
void
rstate_constraint(struct rstate *rs, enum rstate_cons kind, const char *rsc,
    const char *node)
{
	struct buf	 b;
	char		*cause = NULL;
	size_t		 i, n = 0;

	/* Names only: they become words of the policy's text. */
	if (!value_is_name(rsc) || (node != NULL && !value_is_name(node)) ||
	    (node == NULL && kind != RSTATE_CLEAR))
		return;
	for (i = 0; i < rs->ncons; i++) {
		struct rstate_con	*c = &rs->cons[i];
		int			 drop;

		drop = strcmp(c->rsc, rsc) == 0 && ((kind == RSTATE_MOVE &&
		    c->prefer) || (kind == RSTATE_BAN && !c->prefer &&
		    strcmp(c->node, node) == 0) || (kind == RSTATE_CLEAR &&
		    (node == NULL || strcmp(c->node, node) == 0)));
		/* Moving there lifts a ban; a ban ends a move there. */
		if (kind != RSTATE_CLEAR && strcmp(c->rsc, rsc) == 0 &&
		    strcmp(c->node, node) == 0)
			drop = 1;
		if (drop) {
			free(c->rsc);
			free(c->node);
			continue;
		}
		rs->cons[n++] = *c;
	}
	rs->ncons = n;
	if (kind != RSTATE_CLEAR) {
		rs->cons = xreallocarray(rs->cons, rs->ncons + 1,
		    sizeof *rs->cons);
		rs->cons[rs->ncons].rsc = xstrdup(rsc);
		rs->cons[rs->ncons].node = xstrdup(node);
		rs->cons[rs->ncons].prefer = kind == RSTATE_MOVE;
		rs->ncons++;
	}
	if (rs->policy != NULL) {
		buf_init(&b);
		rstate_state_text(rs, &b);
		if (rstate_rebuild(rs, rs->policy, rs->policylen, b.data,
		    b.len, &cause) == -1)
			free(cause);
		buf_clear(&b);
	}
	rstate_updated(rs);
}

/* Whether kind is a kind of event. */
int
rstate_log_kind(const char *kind)
{
	size_t	i;

	for (i = 0; i < nitems(rstate_kinds); i++) {
		if (strcmp(kind, rstate_kinds[i]) == 0)
			return 1;
	}
	return 0;
}

/* A copy of s with tabs, newlines and other controls made spaces. */
static char *
rstate_clean(const char *s, size_t max)
{
	char	*c;
	size_t	 i;

	c = xstrndup(s, max);
	for (i = 0; c[i] != '\0'; i++) {
		if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
			c[i] = ' ';
	}
	return c;
}

/* Append an event with sequence number seq, dropping the oldest. */
static void
rstate_log_push(struct rstate *rs, uint64_t seq, int64_t time,
    const char *node, const char *kind, const char *text)
{
	struct rstate_entry	*e;

	if (rs->nevents == RSTATE_EVENTS) {
		free(rs->events[0].node);
		free(rs->events[0].kind);
		free(rs->events[0].text);
		memmove(&rs->events[0], &rs->events[1],
		    (rs->nevents - 1) * sizeof *rs->events);
		rs->nevents--;
	} else if (rs->events == NULL)
		rs->events = xreallocarray(NULL, RSTATE_EVENTS,
		    sizeof *rs->events);
	e = &rs->events[rs->nevents++];
	e->seq = seq;
	e->time = time;
	e->node = rstate_clean(node, RSTATE_EVENT_MAX);
	e->kind = xstrdup(kind);
	e->text = rstate_clean(text, RSTATE_EVENT_MAX);
}

/*
 * Append an event to the cluster log: time (epoch seconds, as its message
 * carried it), the node it came from, its kind (rstate_log_kind) and
 * text (controls become spaces; cut at RSTATE_EVENT_MAX bytes). The
 * oldest event goes when the log is full. Events of an unknown kind or a
 * time out of range are ignored.
 */
void
rstate_log(struct rstate *rs, int64_t time, const char *node,
    const char *kind, const char *text)
{
	uint64_t	seq;

	if (!rstate_log_kind(kind) || time < 0 || time > RSTATE_TIME_MAX ||
	    node[0] == '\0')
		return;
	seq = rs->nevents > 0 ? rs->events[rs->nevents - 1].seq + 1 : 1;
	rstate_log_push(rs, seq, time, node, kind, text);
}

/*
 * Forget what every resource did on node (NULL: every node), keeping the
 * fail counts: the coordinator probes them all again.
 */
static void
rstate_reprobe(struct rstate *rs, const char *node)
{
	size_t	i;

	for (i = 0; i < rs->st->nhist; i++) {
		if (node == NULL || strcmp(rs->st->nodes[rs->st->hist[i].node].
		    name, node) == 0)
			rs->st->hist[i].nops = 0;
	}
}

/*
 * The operator's maintenance mode, cluster-wide (node NULL: the model's
 * maintenance-mode, whatever the policy says) or of one node (its
 * permanent attribute maintenance=on): what is in maintenance is neither
 * started, stopped nor monitored (the scheduler cancels its monitors).
 * Turned off, what it covered is probed again, since anything may have
 * happened to it meanwhile.
 */
void
rstate_maintenance(struct rstate *rs, const char *node, int on)
{
	struct buf	 b;
	char		*cause = NULL;

	if (node != NULL) {
		if (rstate_node(rs, node) == NULL)
			return;
		rstate_perm_set(rs, node, "maintenance", on ? "on" : NULL);
	} else {
		rs->maintenance = on ? 1 : 0;
		if (rs->policy != NULL) {
			buf_init(&b);
			rstate_state_text(rs, &b);
			if (rstate_rebuild(rs, rs->policy, rs->policylen,
			    b.data, b.len, &cause) == -1)
				free(cause);
			buf_clear(&b);
		}
	}
	if (!on)
		rstate_reprobe(rs, node);
	rstate_updated(rs);
}

/* Append rs encoded (snapshot and file format) to b. */
void
rstate_encode(const struct rstate *rs, struct buf *b)
{
	struct buf	s;
	size_t		i;

	buf_puts(b, RSTATE_MAGIC);
	buf_printf(b, "epoch %llu\nversion %llu\ndigest %s\n",
	    (unsigned long long)rs->epoch, (unsigned long long)rs->version,
	    rs->digest[0] != '\0' ? rs->digest : "-");
	buf_printf(b, "policy %zu\n", rs->policy != NULL ? rs->policylen : 0);
	if (rs->policy != NULL)
		buf_add(b, rs->policy, rs->policylen);
	buf_init(&s);
	rstate_state_text(rs, &s);
	buf_printf(b, "\nstate %zu\n", s.len);
	if (s.len > 0)
		buf_add(b, s.data, s.len);
	buf_clear(&s);
	for (i = 0; i < rs->nperm; i++)
		buf_printf(&s, "%s\t%s\t%s\n", rs->perm[i].node,
		    rs->perm[i].name, rs->perm[i].value);
	buf_printf(b, "\nattrs %zu\n", s.len);
	if (s.len > 0)
		buf_add(b, s.data, s.len);
	buf_clear(&s);
	for (i = 0; i < rs->ncons; i++)
		buf_printf(&s, "%s\t%s\t%s\n", rs->cons[i].prefer ? "prefers" :
		    "avoids", rs->cons[i].rsc, rs->cons[i].node);
	buf_printf(b, "\nconstraints %zu\n", s.len);
	if (s.len > 0)
		buf_add(b, s.data, s.len);
	buf_clear(&s);
	buf_printf(b, "\nmaintenance %d\n", rs->maintenance);
	for (i = 0; i < rs->nevents; i++)
		buf_printf(&s, "%llu\t%lld\t%s\t%s\t%s\n",
		    (unsigned long long)rs->events[i].seq,
		    (long long)rs->events[i].time, rs->events[i].node,
		    rs->events[i].kind, rs->events[i].text);
	buf_printf(b, "events %zu\n", s.len);
	if (s.len > 0)
		buf_add(b, s.data, s.len);
	buf_clear(&s);
	buf_puts(b, "\nend\n");
}

/* Read "KEY NUMBER\n" at *p; the number, or -1 after a mismatch. */
static long long
rstate_header(const char **p, const char *end, const char *key)
{
	size_t		 klen = strlen(key);
	const char	*nl;
	char		*e;
	long long	 v;

	/* A digit first: strtoll would skip the newline, and read on. */
	if ((size_t)(end - *p) < klen + 2 || memcmp(*p, key, klen) != 0 ||
	    (*p)[klen] != ' ' || !isdigit((unsigned char)(*p)[klen + 1]) ||
	    (nl = memchr(*p, '\n', (size_t)(end - *p))) == NULL)
		return -1;
	errno = 0;
	v = strtoll(*p + klen + 1, &e, 10);
	if (e != nl || errno != 0 || v < 0)
		return -1;
	*p = nl + 1;
	return v;
}

/* Read a section "KEY LEN\n" and LEN bytes and "\n"; -1 if malformed. */
static int
rstate_section(const char **p, const char *end, const char *key,
    const char **data, size_t *len)
{
	long long	v;

	/* LEN bytes and the newline after them must be there. */
	if ((v = rstate_header(p, end, key)) < 0 || *p >= end ||
	    (unsigned long long)v >= (unsigned long long)(end - *p))
		return -1;
	*data = *p;
	*len = (size_t)v;
	*p += v;
	if (**p != '\n')
		return -1;
	(*p)++;
	return 0;
}

/* Parse the permanent attributes of an encoding into rs; -1 if bad. */
static int
rstate_decode_attrs(struct rstate *rs, const char *p, size_t len)
{
	const char	*end = p + len, *nl, *t1, *t2;
	char		*line;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return -1;
		line = xmalloc((size_t)(nl - p) + 1);
		memcpy(line, p, (size_t)(nl - p));
		line[nl - p] = '\0';
		if ((t1 = strchr(line, '\t')) == NULL ||
		    (t2 = strchr(t1 + 1, '\t')) == NULL || t1 == line ||
		    t2 == t1 + 1 || strlen(line) != (size_t)(nl - p)) {
			free(line);
			return -1;
		}
		line[t1 - line] = '\0';
		line[t2 - line] = '\0';
		rstate_perm_set(rs, line, t1 + 1, t2 + 1);
		free(line);
		p = nl + 1;
	}
	return 0;
}

/* Parse the constraints of an encoding into rs; -1 if bad. */
static int
rstate_decode_cons(struct rstate *rs, const char *p, size_t len)
{
	const char	*end = p + len, *nl;
	char		*line, *kind, *rsc, *node, *q;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return -1;
		q = line = xstrndup(p, (size_t)(nl - p));
		kind = strsep(&q, "\t");
		rsc = strsep(&q, "\t");
		node = strsep(&q, "\t");
		if (rsc == NULL || node == NULL || q != NULL ||
		    !value_is_name(rsc) || !value_is_name(node) ||
		    (strcmp(kind, "prefers") != 0 &&
		    strcmp(kind, "avoids") != 0)) {
			free(line);
			return -1;
		}
		rs->cons = xreallocarray(rs->cons, rs->ncons + 1,
		    sizeof *rs->cons);
		rs->cons[rs->ncons].rsc = xstrdup(rsc);
		rs->cons[rs->ncons].node = xstrdup(node);
		rs->cons[rs->ncons].prefer = kind[0] == 'p';
		rs->ncons++;
		free(line);
		p = nl + 1;
	}
	return 0;
}

/*
 * Parse the events of an encoding into rs: at most RSTATE_EVENTS, their
 * sequence numbers rising, known kinds, nothing to clean; -1 if bad.
 */
static int
rstate_decode_log(struct rstate *rs, const char *p, size_t len)
{
	const char	*end = p + len, *nl;
	char		*line, *f[5], *q, *e;
	unsigned long long seq;
	long long	 time;
	size_t		 i;
	int		 ok;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    rs->nevents == RSTATE_EVENTS)
			return -1;
		q = line = xstrndup(p, (size_t)(nl - p));
		ok = strlen(line) == (size_t)(nl - p);
		for (i = 0; i < nitems(f); i++)
			f[i] = strsep(&q, "\t");
		ok = ok && f[4] != NULL && q == NULL;
		for (i = 0; ok && i < nitems(f); i++) {
			for (e = f[i]; *e != '\0'; e++) {
				if ((unsigned char)*e < 0x20 || *e == 0x7f)
					ok = 0;
			}
		}
		if (ok) {
			errno = 0;
			seq = strtoull(f[0], &e, 10);
			ok = *e == '\0' && errno == 0 && f[0][0] >= '1' &&
			    f[0][0] <= '9' && (rs->nevents == 0 ||
			    seq > rs->events[rs->nevents - 1].seq);
		}
		if (ok) {
			time = strtoll(f[1], &e, 10);
			ok = *e == '\0' && errno == 0 && f[1][0] >= '0' &&
			    f[1][0] <= '9' && (f[1][0] != '0' ||
			    f[1][1] == '\0') && time <= RSTATE_TIME_MAX &&
			    f[2][0] != '\0' && strlen(f[2]) <=
			    RSTATE_EVENT_MAX && strlen(f[4]) <=
			    RSTATE_EVENT_MAX && rstate_log_kind(f[3]);
		}
		if (!ok) {
			free(line);
			return -1;
		}
		rstate_log_push(rs, seq, time, f[2], f[3], f[4]);
		free(line);
		p = nl + 1;
	}
	return 0;
}

/*
 * Decode an encoded state (untrusted: a snapshot or a file). Returns a
 * new state, or NULL with *cause.
 */
struct rstate *
rstate_decode(const char *data, size_t len, char **cause)
{
	struct rstate	*rs;
	const char	*p = data, *end = data + len, *policy, *state, *attrs;
	const char	*nl, *cons, *events;
	size_t		 plen, slen, alen, clen, elen;
	long long	 epoch, version, maintenance = 0;
	char		 digest[65];

	if (len < strlen(RSTATE_MAGIC) || (memcmp(p, RSTATE_MAGIC,
	    strlen(RSTATE_MAGIC)) != 0 && memcmp(p, RSTATE_MAGIC_V1,
	    strlen(RSTATE_MAGIC_V1)) != 0)) {
		xasprintf(cause, "not a hacc state");
		return NULL;
	}
	p += strlen(RSTATE_MAGIC);
	if ((epoch = rstate_header(&p, end, "epoch")) < 0 ||
	    (version = rstate_header(&p, end, "version")) < 0)
		goto bad;
	if ((size_t)(end - p) < 9 || memcmp(p, "digest ", 7) != 0 ||
	    (nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
	    (nl - p - 7 != 64 && nl - p - 7 != 1))
		goto bad;
	memcpy(digest, p + 7, (size_t)(nl - p - 7));
	digest[nl - p - 7] = '\0';
	p = nl + 1;
	if (rstate_section(&p, end, "policy", &policy, &plen) == -1 ||
	    rstate_section(&p, end, "state", &state, &slen) == -1 ||
	    rstate_section(&p, end, "attrs", &attrs, &alen) == -1)
		goto bad;
	cons = p;
	clen = 0;
	if ((size_t)(end - p) > 12 && memcmp(p, "constraints ", 12) == 0 &&
	    rstate_section(&p, end, "constraints", &cons, &clen) == -1)
		goto bad;
	/* Version 2: the maintenance flag and the events. */
	events = p;
	elen = 0;
	if ((size_t)(end - p) > 12 && memcmp(p, "maintenance ", 12) == 0 &&
	    ((maintenance = rstate_header(&p, end, "maintenance")) < 0 ||
	    maintenance > 1 ||
	    rstate_section(&p, end, "events", &events, &elen) == -1))
		goto bad;
	if ((size_t)(end - p) != 4 || memcmp(p, "end\n", 4) != 0)
		goto bad;
	if (memchr(policy, '\0', plen) != NULL ||
	    memchr(state, '\0', slen) != NULL)
		goto bad;

	rs = rstate_new();
	rs->maintenance = (int)maintenance;
	if (rstate_decode_cons(rs, cons, clen) == -1 ||
	    rstate_decode_log(rs, events, elen) == -1) {
		rstate_free(rs);
		goto bad;
	}
	if (plen > 0) {
		rs->policy = xmalloc(plen + 1);
		memcpy(rs->policy, policy, plen);
		rs->policy[plen] = '\0';
		rs->policylen = plen;
	}
	if (rstate_rebuild(rs, rs->policy, plen, state, slen, cause) == -1) {
		rstate_free(rs);
		return NULL;
	}
	if (rstate_decode_attrs(rs, attrs, alen) == -1) {
		rstate_free(rs);
		goto bad;
	}
	rs->epoch = (uint64_t)epoch;
	rs->version = (uint64_t)version;
	if (plen > 0)
		rstate_digest(rs->policy, plen, rs->digest);
	if (plen > 0 && strcmp(digest, rs->digest) != 0) {
		xasprintf(cause, "the policy does not match its digest");
		rstate_free(rs);
		return NULL;
	}
	return rs;

bad:
	xasprintf(cause, "a malformed hacc state");
	return NULL;
}

/*
 * Write rs to DIR/state atomically: a temporary file, fsync, rename,
 * fsync of the directory. 0, or -1 with *cause.
 */
int
rstate_save(const struct rstate *rs, const char *dir, char **cause)
{
	struct buf	 b;
	char		*tmp, *path;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, dfd, rc = -1;

	xasprintf(&tmp, "%s/%s.tmp", dir, RSTATE_FILE);
	xasprintf(&path, "%s/%s", dir, RSTATE_FILE);
	buf_init(&b);
	rstate_encode(rs, &b);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	while (off < b.len) {
		if ((n = write(fd, b.data + off, b.len - off)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			xasprintf(cause, "%s: %s", tmp, n == 0 ? "short write" :
			    strerror(errno));
			close(fd);
			goto out;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	buf_clear(&b);
	free(tmp);
	free(path);
	return rc;
}

/*
 * Read DIR/state: a new state, an empty one when there is no file yet, or
 * NULL with *cause when it cannot be read or decoded.
 */
struct rstate *
rstate_load(const char *dir, char **cause)
{
	struct rstate	*rs;
	struct buf	 b;
	char		*path, chunk[65536], *why = NULL;
	ssize_t		 n;
	int		 fd;

	xasprintf(&path, "%s/%s", dir, RSTATE_FILE);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT) {
			free(path);
			return rstate_new();
		}
		xasprintf(cause, "%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	buf_init(&b);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (n == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		rs = NULL;
	} else if ((rs = rstate_decode(b.data != NULL ? b.data : "", b.len,
	    &why)) == NULL) {
		xasprintf(cause, "%s: %s", path, why);
		free(why);
	}
	buf_clear(&b);
	free(path);
	return rs;
}
