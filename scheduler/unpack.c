/*
 * unpack.c: from the model and the cluster state to the working model of
 * one scheduler run: nodes with their status, resources with their
 * current role, the nodes they are active on, their failures and what
 * those failures imply (bans, recovery, blocking, fencing).
 *
 * BEHAVIOR (Pacemaker 2.1.5, lib/pengine/unpack.c): a node's status comes
 * from its membership (ring, daemon, join, expected) and, when fencing is
 * enabled, a node that went away while expected up is unclean and must be
 * fenced. A resource's role on a node is read from its operation history
 * in call order: the last successful start, stop, promote, demote or
 * monitor result sets it; a failure is classified by its exit code (soft,
 * hard: banned from that node, fatal: banned everywhere) and handled by
 * the op's on-fail. Fail counts and last-failure times are node
 * attributes; a failure older than failure-timeout is forgotten. A
 * resource inside a container (meta container) fails by default with
 * on-fail=restart-container: its container is restarted where it failed,
 * and a failed stop of it counts as done (failure ignored).
 *
 * DEVIATIONS: none intended; T5 features (remote nodes, bundles,
 * migration, shutdown locks) are not modelled.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sched.h"

/*
 * An anonymous clone's instances by the node they are active on, kept up
 * to date while the histories are read, for unpack_instance: it looks
 * among those on the history's node, where it used to go through all of
 * the clone's instances for each history.
 */
struct unpack_at {
	struct unpack_at_node {
		struct srsc	**v;	/* in the clone's order */
		size_t		  n;
	}		*node;		/* per node */
	size_t		 inactive;	/* the instances before it are
					   active or blocked, for good */
};

/*
 * What the resource name of a history stands for, found once per name and
 * kept by the name's address (a state file's names are interned, so every
 * history of a resource has the same): looking each up in tables of
 * every instance, several times, was most of the cost of reading a big
 * cluster's histories.
 */
struct unpack_name {
	const char		*name;
	struct srsc		*sr;		/* by_id's, while resources
						   made since may not have
						   that id */
	size_t			 nrscs;		/* s->nrscs when sr was found
						   (the ids only come with
						   new resources) */
	const struct resource	*prim;		/* the model's primitive of the
						   name without ":N", or NULL */
	const struct resource	*agent_of;	/* the agent found to be this
						   one's, named by: */
	const char		*cls, *type, *provider;
};

struct unpack_names {
	struct unpack_name	*v;
	size_t			 n, cap;
};

/* A ban of a resource from a node (or all nodes) found in its history. */
struct ban {
	struct srsc	*rsc;
	int		 node;		/* -1: every node */
	const char	*why;
};

static int
unpack_true(const char *v)
{
	return v != NULL && (strcasecmp(v, "true") == 0 ||
	    strcasecmp(v, "on") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "y") == 0 || strcmp(v, "1") == 0);
}

/*
 * Pacemaker's node order: names compared case-insensitively, runs of
 * digits by their value ("node9" before "node10").
 */
static int
unpack_node_cmp(const void *a, const void *b)
{
	const char	*x = ((const struct snode *)a)->name;
	const char	*y = ((const struct snode *)b)->name;
	unsigned long	 nx, ny;
	char		*ex, *ey;
	int		 cx, cy;

	while (*x != '\0' && *y != '\0') {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			nx = strtoul(x, &ex, 10);
			ny = strtoul(y, &ey, 10);
			if (nx != ny)
				return nx < ny ? -1 : 1;
			x = ex;
			y = ey;
			continue;
		}
		cx = (unsigned char)*x;
		cy = (unsigned char)*y;
		if (cx >= 'A' && cx <= 'Z')
			cx += 'a' - 'A';
		if (cy >= 'A' && cy <= 'Z')
			cy += 'a' - 'A';
		if (cx != cy)
			return cx < cy ? -1 : 1;
		x++;
		y++;
	}
	if (*x != *y)
		return *x == '\0' ? -1 : 1;
	return strcmp(((const struct snode *)a)->name,
	    ((const struct snode *)b)->name);
}

/*
 * How name compares with the key pre followed by the first len bytes of
 * id: 0 when name starts with the key. Node attributes sorted by name are
 * sorted by this too, those starting with the key being together.
 */
static int
unpack_key_cmp(const char *name, const char *pre, size_t plen,
    const char *id, size_t len)
{
	int	c;

	if ((c = strncmp(name, pre, plen)) != 0)
		return c;
	return strncmp(name + plen, id, len);
}

/*
 * The first of n's attributes from lo to hi whose name compares with the
 * key as at least sign (0: is or follows the key; 1: follows it).
 */
static size_t
unpack_attr_from(const struct snode *n, size_t lo, size_t hi, int sign,
    const char *pre, size_t plen, const char *id, size_t len)
{
	size_t	mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (unpack_key_cmp(n->attrs.v[mid].name, pre, plen, id,
		    len) < sign)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Where n's attributes whose names start with pre followed by the first
 * len bytes of id lie: from *lo to *hi. A lookup of a longer key starting
 * with that one can be made there (unpack_node_attr_in).
 */
void
unpack_attr_range(const struct snode *n, const char *pre, const char *id,
    size_t len, size_t *lo, size_t *hi)
{
	size_t	plen = strlen(pre);

	*lo = unpack_attr_from(n, 0, n->attrs.n, 0, pre, plen, id, len);
	for (*hi = *lo; *hi < n->attrs.n && unpack_key_cmp(n->attrs.v[*hi].name,
	    pre, plen, id, len) == 0; (*hi)++)
		;	/* usually one or none */
}

/*
 * The value of node attribute pre followed by the first len bytes of id,
 * looked up among n's attributes from lo to hi (all of them, or a range
 * from unpack_attr_range that holds every name starting with the key),
 * or NULL: of two with that name, the later (the state's over the
 * policy's).
 */
const char *
unpack_node_attr_in(const struct snode *n, size_t lo, size_t hi,
    const char *pre, const char *id, size_t len)
{
	const char	*v = NULL;
	size_t		 i, plen = strlen(pre);

	for (i = unpack_attr_from(n, lo, hi, 0, pre, plen, id, len);
	    i < hi &&
	    unpack_key_cmp(n->attrs.v[i].name, pre, plen, id, len) == 0; i++) {
		if (n->attrs.v[i].name[plen + len] == '\0')
			v = n->attrs.v[i].value;
	}
	return v;
}

/* The value of node attribute pre followed by the first len bytes of id. */
const char *
unpack_node_attr_key(const struct snode *n, const char *pre, const char *id,
    size_t len)
{
	return unpack_node_attr_in(n, 0, n->attrs.n, pre, id, len);
}

/* The value of a node attribute, or NULL. */
const char *
unpack_node_attr(const struct snode *n, const char *name)
{
	if (name[0] == '#') {
		if (strcmp(name, "#uname") == 0)
			return n->name;
		if (strcmp(name, "#kind") == 0)
			return "cluster";
		if (strcmp(name, "#is_dc") == 0)
			return n->is_dc ? "true" : "false";
		if (strcmp(name, "#id") == 0 && n->id_text != NULL)
			return n->id_text;
	}
	return unpack_node_attr_key(n, name, "", 0);
}

/* The node named name, or NULL. */
struct snode *
unpack_node(struct sched *s, const char *name)
{
	return map_get(&s->node_by_name, name);
}

/* Whether a node can run resources (pcmk__node_available). */
int
unpack_node_available(const struct snode *n)
{
	return n->online && !n->shutdown && !n->unclean && !n->standby &&
	    !n->standby_onfail && !n->maintenance && !n->pending;
}

/* An attribute of a node with its place among the node's. */
struct unpack_attr {
	const struct nvpair	*a;
	size_t			 pos;
};

static int
unpack_attr_cmp(const void *a, const void *b)
{
	const struct unpack_attr *x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->a->name, y->a->name)) != 0)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/*
 * A node's attributes: the policy's, then the state's, sorted by name
 * (for the binary searches of unpack_node_attr_key and unpack_fail_count)
 * and, under one name, in that order, so that the state's wins.
 */
static void
unpack_node_attrs(struct sched *s, struct snode *n)
{
	const struct nvset	*from[2];
	struct unpack_attr	*t;
	struct nvpair		*v;
	size_t			 i, j, k = 0, count = 0;

	from[0] = n->model != NULL ? &n->model->attrs : NULL;
	from[1] = n->ns != NULL ? &n->ns->attrs : NULL;
	for (i = 0; i < 2; i++)
		count += from[i] != NULL ? from[i]->n : 0;
	if (count == 0)
		return;
	t = xcalloc(count, sizeof *t);
	for (i = 0; i < 2; i++) {
		for (j = 0; from[i] != NULL && j < from[i]->n; j++) {
			t[k].a = &from[i]->v[j];
			t[k].pos = k;
			k++;
		}
	}
	qsort(t, count, sizeof *t, unpack_attr_cmp);
	v = arena_zalloc(s->ctx->arena, count * sizeof *v);
	for (k = 0; k < count; k++) {
		v[k].name = t[k].a->name;
		v[k].value = t[k].a->value;
	}
	free(t);
	n->attrs.v = v;
	n->attrs.n = count;
	n->fail_count[0] = unpack_attr_from(n, 0, count, 0, "fail-count-",
	    11, "", 0);
	n->fail_count[1] = unpack_attr_from(n, n->fail_count[0], count, 1,
	    "fail-count-", 11, "", 0);
	n->last_failure[0] = unpack_attr_from(n, 0, count, 0,
	    "last-failure-", 13, "", 0);
	n->last_failure[1] = unpack_attr_from(n, n->last_failure[0], count, 1,
	    "last-failure-", 13, "", 0);
}

/* Mark a node unclean, remembering the first reason. */
void
unpack_unclean(struct snode *n, const char *why)
{
	if (!n->unclean || n->fence_reason == NULL)
		n->fence_reason = why;
	n->unclean = 1;
}

/*
 * A node's status from its membership, as Pacemaker decides it with and
 * without fencing (determine_online_status_fencing / _no_fencing).
 */
static void
unpack_node_status(struct sched *s, struct snode *n)
{
	const struct nstate	*ns = n->ns;
	const char		*v;
	int			 terminate;

	v = unpack_node_attr(n, "shutdown");
	n->shutdown = v != NULL && strcmp(v, "0") != 0;
	v = unpack_node_attr(n, "terminate");
	terminate = unpack_true(v) || (v != NULL && atoi(v) > 0);
	n->standby = (n->model != NULL && n->model->standby) ||
	    unpack_true(unpack_node_attr(n, "standby"));
	n->maintenance = (n->model != NULL && n->model->maintenance) ||
	    unpack_true(unpack_node_attr(n, "maintenance"));
	if (s->st->dc != NULL && strcmp(s->st->dc, n->name) == 0)
		n->is_dc = 1;

	if (ns == NULL || !ns->seen) {
		n->online = 0;
		if (s->stonith_enabled)
			unpack_unclean(n, "node is unclean");
		return;
	}
	n->expected_up = ns->expected_up && !n->shutdown;
	if (!s->stonith_enabled) {
		if (ns->in_ccm > 0 && ns->crmd && ns->join == JOIN_MEMBER)
			n->online = 1;
		else if (ns->in_ccm > 0 && !ns->crmd && ns->expected_up)
			unpack_unclean(n, "peer is unexpectedly down");
		return;
	}
	if (n->shutdown) {
		n->online = ns->crmd;
		return;
	}
	if (ns->in_ccm < 0) {
		unpack_unclean(n, "peer has not been seen by the cluster");
		return;
	}
	if (ns->join == JOIN_BANNED) {
		unpack_unclean(n, "peer failed Pacemaker membership criteria");
		return;
	}
	if (!terminate && !ns->expected_up) {
		if (ns->in_ccm > 0 || ns->crmd) {
			n->online = 1;
			n->pending = 1;
		}
		return;
	}
	if (terminate && ns->join == JOIN_DOWN && ns->in_ccm <= 0 &&
	    !ns->crmd)
		return;		/* just fenced */
	if (ns->in_ccm <= 0) {
		unpack_unclean(n, "peer is no longer part of the cluster");
		return;
	}
	if (!ns->crmd) {
		unpack_unclean(n, "peer process is no longer available");
		return;
	}
	if (terminate) {
		n->online = 1;
		unpack_unclean(n, "termination was requested");
		return;
	}
	if (ns->join == JOIN_MEMBER) {
		n->online = 1;
		return;
	}
	n->online = 1;
	n->pending = 1;
}

static int
unpack_nodes(struct sched *s)
{
	const struct model	*m = s->m;
	const struct cstate	*st = s->st;
	struct snode		*n;
	size_t			 i, j, cap;

	cap = m->nnodes + st->nnodes;
	s->nodes = arena_zalloc(s->ctx->arena, (cap + 1) * sizeof *s->nodes);
	for (i = 0; i < m->nnodes; i++) {
		n = &s->nodes[s->nnodes++];
		n->name = m->nodes[i]->name;
		n->id = m->nodes[i]->id;
		n->model = m->nodes[i];
	}
	for (i = 0; i < st->nnodes; i++) {
		for (j = 0; j < s->nnodes; j++) {
			if (strcmp(s->nodes[j].name, st->nodes[i].name) == 0)
				break;
		}
		if (j == s->nnodes) {
			n = &s->nodes[s->nnodes++];
			n->name = st->nodes[i].name;
		}
		s->nodes[j].ns = &st->nodes[i];
		if (s->nodes[j].id == 0)
			s->nodes[j].id = st->nodes[i].id;
	}
	qsort(s->nodes, s->nnodes, sizeof *s->nodes, unpack_node_cmp);
	for (i = 0; i < s->nnodes; i++) {
		n = &s->nodes[i];
		n->index = i;
		map_put(&s->node_by_name, n->name, n);
		unpack_node_attrs(s, n);
		if (n->id != 0)
			n->id_text = arena_printf(s->ctx->arena, "%u", n->id);
		unpack_node_status(s, n);
	}
	s->st_node = arena_zalloc(s->ctx->arena, (st->nnodes + 1) *
	    sizeof *s->st_node);
	for (i = 0; i < st->nnodes; i++)
		s->st_node[i] = unpack_node(s, st->nodes[i].name);
	return 0;
}

/* Quorum: as the state says, else votes of online nodes (votequorum). */
static void
unpack_quorum(struct sched *s)
{
	const struct quorum	*q = &s->m->quorum;
	int			 votes = 0, online = 0, expected = 0;
	size_t			 i;

	if (s->st->have_quorum >= 0) {
		s->have_quorum = s->st->have_quorum;
		return;
	}
	for (i = 0; i < s->nnodes; i++) {
		int	v = s->nodes[i].model != NULL ?
		    s->nodes[i].model->votes : 1;

		expected += v;
		if (s->nodes[i].online)
			online += v;
	}
	votes = q->expected_votes > 0 ? q->expected_votes : expected;
	if (q->two_node && votes == 2)
		s->have_quorum = online >= 1;
	else
		s->have_quorum = online * 2 > votes;
}

static struct srsc *
unpack_new_rsc(struct sched *s, const char *id, const struct resource *r)
{
	struct srsc	*sr;

	sr = arena_zalloc(s->ctx->arena, sizeof *sr);
	sr->id = id;
	sr->r = r;
	sr->assigned = -1;
	sr->lock_node = -1;
	sr->inum = -1;
	sr->role = ROLE_STOPPED;
	sr->next_role = ROLE_UNKNOWN;
	sr->w = arena_zalloc(s->ctx->arena, (s->nnodes + 1) * sizeof *sr->w);
	sr->known = arena_zalloc(s->ctx->arena, s->nnodes + 1);
	sr->on = NULL;		/* grown as it is found active (unpack_on) */
	sr->priority = r->meta.priority;
	sr->failure_timeout_ms = r->meta.failure_timeout_ms;
	sr->flags = SR_MANAGED;
	if (!r->meta.is_managed || r->meta.maintenance ||
	    s->m->props.maintenance_mode)
		sr->flags &= ~SR_MANAGED;
	if (r->meta.maintenance || s->m->props.maintenance_mode)
		sr->flags |= SR_MAINTENANCE;
	if (r->meta.target_role == ROLE_STOPPED)
		sr->flags |= SR_DISABLED;
	map_put(&s->by_id, id, sr);
	return sr;
}

static void
unpack_push(struct sched *s, struct srsc *sr)
{
	sr->index = s->nrscs;
	s->rscs = xreallocarray(s->rscs, s->nrscs + 1, sizeof *s->rscs);
	s->rscs[s->nrscs++] = sr;
}

/*
 * The instances of clone c (Pacemaker's clone children): for a clone of a
 * primitive, the model's instances of it ("ping:0", "ping:1", ...), which
 * start at first[its index]; for a clone of a group, one group per
 * instance number ("grp:0") holding its members' instances ("dlm:0",
 * "o2cb:0", ...), members in group order.
 */
static void
unpack_clone(struct sched *s, struct srsc *c, const size_t *first)
{
	const struct resource	*r = c->r, *child;
	const struct instance	*in;
	struct srsc		*k, *g;
	size_t			 i, j;
	int			 n;

	if (r->nchildren == 0)
		return;
	child = r->children[0];
	n = r->meta.clone_max >= 0 ? r->meta.clone_max :
	    s->m->nnodes > 0 ? (int)s->m->nnodes : 1;
	c->kids = arena_zalloc(s->ctx->arena, ((size_t)n + 1) *
	    sizeof *c->kids);
	if (child->kind == RSC_PRIMITIVE) {
		for (i = first[child->index]; i < s->m->ninstances &&
		    s->m->instances[i].rsc == child; i++) {
			in = &s->m->instances[i];
			if (in->clone_index < 0 || in->clone_index >= n)
				continue;
			k = unpack_new_rsc(s, in->name, in->rsc);
			k->parent = c;
			k->inum = in->clone_index;
			unpack_push(s, k);
			c->kids[c->nkids++] = k;
		}
		return;
	}
	for (i = 0; i < (size_t)n; i++) {
		g = unpack_new_rsc(s, arena_printf(s->ctx->arena, "%s:%zu",
		    child->name, i), child);
		g->parent = c;
		g->inum = (int)i;
		unpack_push(s, g);
		g->kids = arena_zalloc(s->ctx->arena, (child->nchildren + 1) *
		    sizeof *g->kids);
		c->kids[c->nkids++] = g;
		for (j = 0; j < child->nchildren; j++) {
			k = unpack_new_rsc(s, arena_printf(s->ctx->arena,
			    "%s:%zu", child->children[j]->name, i),
			    child->children[j]);
			k->parent = g;
			k->inum = (int)i;
			unpack_push(s, k);
			g->kids[g->nkids++] = k;
		}
	}
}

/*
 * The working resource for r, its children and clone instances; first:
 * where each model resource's instances start.
 */
static struct srsc *
unpack_resource(struct sched *s, const struct resource *r, struct srsc *parent,
    const size_t *first)
{
	struct srsc	*sr;
	size_t		 i;

	sr = unpack_new_rsc(s, r->name, r);
	sr->parent = parent;
	unpack_push(s, sr);
	s->by_model[r->index] = sr;
	if (r->kind == RSC_GROUP) {
		sr->kids = arena_alloc(s->ctx->arena,
		    (r->nchildren + 1) * sizeof *sr->kids);
		for (i = 0; i < r->nchildren; i++)
			sr->kids[sr->nkids++] = unpack_resource(s,
			    r->children[i], sr, first);
	} else if (r->kind == RSC_CLONE)
		unpack_clone(s, sr, first);
	return sr;
}

static int
unpack_priority_cmp(const void *a, const void *b)
{
	const struct srsc	*x = *(struct srsc *const *)a;
	const struct srsc	*y = *(struct srsc *const *)b;

	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
unpack_resources(struct sched *s)
{
	const struct model	*m = s->m;
	struct srsc		*sr;
	size_t			*first, i;

	/* the model's instances of a primitive are together */
	first = xcalloc(m->nresources + 1, sizeof *first);
	s->by_model = arena_zalloc(s->ctx->arena, (m->nresources + 1) *
	    sizeof *s->by_model);
	for (i = m->ninstances; i-- > 0;)
		first[m->instances[i].rsc->index] = i;
	for (i = 0; i < m->nresources; i++) {
		if (m->resources[i]->parent != NULL)
			continue;
		sr = unpack_resource(s, m->resources[i], NULL, first);
		s->top = xreallocarray(s->top, s->ntop + 1, sizeof *s->top);
		s->top[s->ntop++] = sr;
	}
	free(first);
	/* Stable: equal priorities keep the order of the policy. */
	if (s->ntop > 1)
		qsort(s->top, s->ntop, sizeof *s->top, unpack_priority_cmp);
}

/* An orphan: history of a resource the policy no longer has. */
static struct srsc *
unpack_orphan(struct sched *s, const struct rhist *h, const char *id)
{
	struct resource	*r;
	struct srsc	*sr;

	r = arena_zalloc(s->ctx->arena, sizeof *r);
	r->name = id;
	r->kind = RSC_PRIMITIVE;
	r->cls = CLASS_OCF;
	r->provider = h->provider;
	r->type = h->type;
	r->is_fence = h->cls != NULL && strcmp(h->cls, "stonith") == 0;
	r->meta = s->m->nresources > 0 ? s->m->resources[0]->meta :
	    r->meta;
	r->meta.is_managed = 1;
	r->meta.maintenance = 0;
	r->meta.target_role = ROLE_UNKNOWN;
	r->meta.stickiness = 0;
	r->meta.failure_timeout_ms = 0;
	r->meta.migration_threshold = SCORE_INFINITY;
	r->meta.priority = 0;
	sr = unpack_new_rsc(s, id, r);
	sr->flags |= SR_ORPHAN;
	sr->orphan_cls = h->cls;
	sr->orphan_provider = h->provider;
	sr->orphan_type = h->type;
	unpack_push(s, sr);
	s->top = xreallocarray(s->top, s->ntop + 1, sizeof *s->top);
	s->top[s->ntop++] = sr;
	return sr;
}

static int
unpack_op_cmp(const void *a, const void *b)
{
	const struct oprec	*x = *(const struct oprec *const *)a;
	const struct oprec	*y = *(const struct oprec *const *)b;

	if ((x->call_id < 0) != (y->call_id < 0))
		return x->call_id < 0 ? 1 : -1;
	if (x->call_id != y->call_id)
		return x->call_id < y->call_id ? -1 : 1;
	if (x->last_rc_change != y->last_rc_change)
		return x->last_rc_change < y->last_rc_change ? -1 : 1;
	return 0;
}

/* The configured op matching a recorded one (name and interval). */
static const struct op *
unpack_find_op(const struct resource *r, const char *task, uint64_t interval)
{
	size_t	i;

	for (i = 0; i < r->nops; i++) {
		if (strcmp(r->ops[i].name, task) == 0 &&
		    r->ops[i].interval_ms == interval)
			return &r->ops[i];
	}
	return NULL;
}

/* What to do when op failed (unpack_operation_on_fail). */
static enum on_fail
unpack_on_fail(struct sched *s, const struct srsc *sr, const struct oprec *op)
{
	const struct op	*cfg;
	enum on_fail	 f = ON_FAIL_DEFAULT;
	int		 is_stop = strcmp(op->task, "stop") == 0;

	if ((cfg = unpack_find_op(sr->r, op->task, op->interval_ms)) != NULL)
		f = cfg->on_fail;
	if (f == ON_FAIL_RESTART_CONTAINER && sr->r->container == NULL)
		f = ON_FAIL_DEFAULT;
	if (f == ON_FAIL_FENCE && !s->stonith_enabled)
		f = ON_FAIL_STOP;
	/* demote only for a promote or a Promoted-role recurring monitor */
	if (f == ON_FAIL_DEMOTE && cfg != NULL &&
	    strcmp(cfg->name, "promote") != 0 &&
	    (strcmp(cfg->name, "monitor") != 0 || cfg->role != ROLE_PROMOTED ||
	    cfg->interval_ms == 0))
		f = ON_FAIL_DEFAULT;
	if (is_stop && (f == ON_FAIL_STANDBY || f == ON_FAIL_DEMOTE ||
	    f == ON_FAIL_STOP))
		f = ON_FAIL_DEFAULT;
	/* a resource inside a container: recover the container */
	if (f == ON_FAIL_DEFAULT && sr->r->container != NULL)
		f = ON_FAIL_RESTART_CONTAINER;
	if (f == ON_FAIL_DEFAULT)
		f = is_stop ? (s->stonith_enabled ? ON_FAIL_FENCE :
		    ON_FAIL_BLOCK) : ON_FAIL_RESTART;
	return f;
}

/* Severity of on-fail values, to keep the worst (cmp_on_fail). */
static int
unpack_on_fail_rank(enum on_fail f)
{
	switch (f) {
	case ON_FAIL_DEFAULT:
	case ON_FAIL_IGNORE:
		return 0;
	case ON_FAIL_DEMOTE:
		return 1;
	case ON_FAIL_RESTART:
		return 2;
	case ON_FAIL_RESTART_CONTAINER:
		return 3;
	case ON_FAIL_BLOCK:
		return 4;
	case ON_FAIL_STOP:
		return 5;
	case ON_FAIL_STANDBY:
		return 6;
	case ON_FAIL_FENCE:
		return 7;
	}
	return 0;
}

static void
unpack_ban(struct sched *s, struct ban **bans, size_t *nbans, struct srsc *sr,
    int node, const char *why)
{
	(void)s;
	*bans = xreallocarray(*bans, *nbans + 1, sizeof **bans);
	(*bans)[*nbans].rsc = sr;
	(*bans)[*nbans].node = node;
	(*bans)[*nbans].why = why;
	(*nbans)++;
}

/*
 * Whether the rest of a fail-count or last-failure attribute's name, rest,
 * is about the resource named by the first len bytes of id: that name,
 * for an instance of an anonymous clone with any instance number, then
 * nothing or "#OP_INTERVAL" (generate_fail_regex).
 */
static int
unpack_fc_name(const char *rest, const char *id, size_t len, int anon)
{
	if (strncmp(rest, id, len) != 0)
		return 0;
	rest += len;
	if (anon && *rest == ':' && rest[1] >= '0' && rest[1] <= '9')
		for (rest++; *rest >= '0' && *rest <= '9'; rest++)
			;
	return *rest == '\0' || *rest == '#';
}

/*
 * Fail count of sr on node n: the sum of its fail-count attributes, both
 * per operation (fail-count-R#monitor_10000) and per resource
 * (fail-count-R); *last gets the latest last-failure. Instances of an
 * anonymous clone count as their clone, whatever number the attribute
 * has ("ping:1" is "ping" and "ping:0").
 */
int
unpack_fail_count(struct sched *s, const struct srsc *sr,
    const struct snode *n, int64_t *last)
{
	const struct srsc *c = unpack_clone_of(sr);
	const char	*id = sr->id, *colon, *name, *v;
	size_t		 len, i;
	int		 total = 0, score, anon;
	int64_t		 t;

	(void)s;
	*last = 0;
	if (n->fail_count[0] == n->fail_count[1] &&
	    n->last_failure[0] == n->last_failure[1])
		return 0;
	anon = c != NULL && !c->r->meta.globally_unique;
	if ((colon = strrchr(id, ':')) != NULL && anon)
		len = (size_t)(colon - id);
	else
		len = strlen(id);
	for (i = unpack_attr_from(n, n->fail_count[0], n->fail_count[1], 0,
	    "fail-count-", 11, id, len); i < n->fail_count[1] &&
	    unpack_key_cmp(n->attrs.v[i].name, "fail-count-", 11, id,
	    len) == 0; i++) {
		name = n->attrs.v[i].name;
		v = n->attrs.v[i].value;
		if (!unpack_fc_name(name + 11, id, len, anon))
			continue;
		if (strcasecmp(v, "INFINITY") == 0 ||
		    strcasecmp(v, "+INFINITY") == 0)
			score = SCORE_INFINITY;
		else
			score = atoi(v);
		total = place_add(total, score);
	}
	for (i = unpack_attr_from(n, n->last_failure[0], n->last_failure[1],
	    0, "last-failure-", 13, id, len); i < n->last_failure[1] &&
	    unpack_key_cmp(n->attrs.v[i].name, "last-failure-", 13, id,
	    len) == 0; i++) {
		if (!unpack_fc_name(n->attrs.v[i].name + 13, id, len, anon))
			continue;
		t = strtoll(n->attrs.v[i].value, NULL, 10);
		if (t > *last)
			*last = t;
	}
	return total;
}

/*
 * Whether op has expired (check_operation_expiry): it is older than the
 * resource's failure-timeout and the resource's fail count on n, if any,
 * has expired too. An expired op with a fail count on n asks for the fail
 * count to be cleared there. A failure of an op configured on-fail=block
 * never expires.
 */
static int
unpack_expired(struct sched *s, struct srsc *sr, const struct snode *n,
    const struct oprec *op, int failed)
{
	uint64_t	 timeout = sr->failure_timeout_ms;
	const struct op	*cfg;
	int64_t		 last;
	int		 count;

	if (timeout == 0 || op->last_rc_change <= 0)
		return 0;
	cfg = unpack_find_op(sr->r, op->task, op->interval_ms);
	if (failed && cfg != NULL && cfg->on_fail == ON_FAIL_BLOCK) {
		/* From here on the resource's failures never expire. */
		sr->failure_timeout_ms = 0;
		return 0;
	}
	if ((s->now - op->last_rc_change) * 1000 < (int64_t)timeout)
		return 0;
	count = unpack_fail_count(s, sr, n, &last);
	if (count > 0) {
		if (last > 0 && (s->now - last) * 1000 <= (int64_t)timeout)
			return 0;	/* a failure is still counted */
		if (sr->clear_failcount == NULL)
			sr->clear_failcount = arena_zalloc(s->ctx->arena,
			    s->nnodes + 1);
		sr->clear_failcount[n->index] = 1;
	}
	return 1;
}

/* Whether ops[i] is the last of its operation (task and interval). */
static int
unpack_latest(const struct oprec **ops, size_t nops, size_t i)
{
	size_t	j;

	for (j = i + 1; j < nops; j++) {
		if (ops[j]->interval_ms == ops[i]->interval_ms &&
		    strcmp(ops[j]->task, ops[i]->task) == 0)
			return 0;
	}
	return 1;
}

/*
 * Where the operations that still run begin in a history sorted by call
 * (calculate_active_ops): *start is the last start, else the last promote
 * or demote, else the first monitor that found it running after the last
 * stop; *stop the last stop. -1: none.
 */
static void
unpack_active_range(const struct oprec **ops, size_t nops, long *start,
    long *stop)
{
	const struct oprec	*op;
	long			 implied_mon = -1, implied_clone = -1;
	size_t			 i;

	*start = *stop = -1;
	for (i = 0; i < nops; i++) {
		op = ops[i];
		if (strcasecmp(op->task, "stop") == 0 &&
		    op->status == OPST_DONE)
			*stop = (long)i;
		else if (strcasecmp(op->task, "start") == 0 ||
		    strcasecmp(op->task, "migrate_from") == 0)
			*start = (long)i;
		else if (implied_mon <= *stop &&
		    strcasecmp(op->task, "monitor") == 0) {
			if (op->rc == OCF_OK || op->rc == OCF_RUNNING_PROMOTED)
				implied_mon = (long)i;
		} else if (strcasecmp(op->task, "promote") == 0 ||
		    strcasecmp(op->task, "demote") == 0)
			implied_clone = (long)i;
	}
	if (*start == -1)
		*start = implied_clone != -1 ? implied_clone : implied_mon;
}

/*
 * Add node to where sr is active. The array holds the next power of two
 * of non entries: most resources are active on one node, and a hundred
 * thousand of them each with room for every node filled the cache.
 */
static void
unpack_on(struct sched *s, struct srsc *sr, size_t node)
{
	size_t	*on;

	if ((sr->non & (sr->non - 1)) == 0) {	/* 0, 1, 2, 4, ...: full */
		on = arena_alloc(s->ctx->arena, (sr->non == 0 ? 1 :
		    2 * sr->non) * sizeof *on);
		if (sr->non > 0)
			memcpy(on, sr->on, sr->non * sizeof *on);
		sr->on = on;
	}
	sr->on[sr->non++] = node;
}

/* One node's history of one resource: its role there and its failures. */
static void
unpack_history(struct sched *s, struct srsc *sr, struct snode *n,
    const struct rhist *h, struct ban **bans, size_t *nbans)
{
	const struct oprec	**ops, *op, *fail = NULL;
	enum role		  role = ROLE_UNKNOWN;
	enum on_fail		  worst = ON_FAIL_IGNORE, f;
	size_t			  i, nops = 0;
	int			  rc, expected, is_probe, ok, hard, fatal, soft;
	int			  expired, reschedule = 0, in_container;
	int			  failed = 0, promotable;
	long			  astart, astop;

	promotable = unpack_clone_of(sr) != NULL &&
	    unpack_clone_of(sr)->r->promotable;
	ops = xreallocarray(NULL, h->nops + 1, sizeof *ops);
	for (i = 0; i < h->nops; i++) {
		if (strcmp(h->ops[i].task, "notify") != 0 &&
		    strcmp(h->ops[i].task, "meta-data") != 0)
			ops[nops++] = &h->ops[i];
	}
	qsort(ops, nops, sizeof *ops, unpack_op_cmp);

	for (i = 0; i < nops; i++) {
		op = ops[i];
		rc = op->rc;
		expected = op->expected_rc;
		is_probe = strcmp(op->task, "monitor") == 0 &&
		    op->interval_ms == 0;
		if (strcmp(op->task, "monitor") == 0) {
			if (rc == OCF_DEGRADED)
				rc = OCF_OK;
			else if (rc == OCF_DEGRADED_PROMOTED)
				rc = OCF_RUNNING_PROMOTED;
		}
		if (op->status == OPST_PENDING) {
			if (strcmp(op->task, "start") == 0) {
				role = ROLE_STARTED;
				sr->flags |= SR_START_PENDING;
			} else if (strcmp(op->task, "promote") == 0)
				role = ROLE_PROMOTED;
			continue;
		}
		if (op->status == OPST_CANCELLED ||
		    op->status < OPST_PENDING || op->status > 11)
			continue;
		expired = op->status != OPST_NOT_INSTALLED &&
		    unpack_expired(s, sr, n, op, rc != expected);
		if (expired && is_probe && (rc == OCF_OK ||
		    rc == OCF_NOT_RUNNING || rc == OCF_RUNNING_PROMOTED))
			expired = 0;	/* probe results never expire */
		ok = hard = fatal = soft = 0;
		/* A probe that says the agent cannot run there: not running. */
		if (is_probe && (rc == OCF_ERR_INSTALLED || rc == OCF_ERR_ARGS ||
		    op->status == OPST_NOT_INSTALLED) && rc != expected) {
			if (expired) {
				if (role <= ROLE_STOPPED)
					role = ROLE_UNKNOWN;
				continue;
			}
			role = ROLE_STOPPED;
			unpack_ban(s, bans, nbans, sr, (int)n->index,
			    "masked-probe-failure");
			if (sr->probe_failed == NULL)
				sr->probe_failed = rc == OCF_ERR_ARGS ?
				    "invalid parameter" : rc == OCF_ERR_INSTALLED ?
				    "not installed" : "error";
			continue;
		}
		if (op->status == OPST_DONE || op->status == OPST_ERROR) {
			/*
			 * Not running, as expected or from a probe: stopped,
			 * whatever the task (a start expected to find it not
			 * running too: determine_op_status looks at rc first).
			 */
			if (rc == OCF_NOT_RUNNING && (is_probe ||
			    expected == OCF_NOT_RUNNING ||
			    (sr->flags & SR_MANAGED) == 0)) {
				role = ROLE_STOPPED;
				failed = 0;
				worst = ON_FAIL_IGNORE;
				continue;
			} else if (rc == expected)
				ok = 1;
			else if (rc == OCF_RUNNING_PROMOTED && is_probe) {
				role = ROLE_PROMOTED;
				continue;
			} else if (rc == OCF_OK && is_probe) {
				/* A probe found it running: not a failure. */
				if (role < ROLE_STARTED)
					role = promotable ? ROLE_UNPROMOTED :
					    ROLE_STARTED;
				continue;
			} else if (rc == OCF_ERR_CONFIGURED)
				fatal = 1;
			else if (rc == OCF_ERR_UNIMPLEMENTED)
				hard = op->interval_ms == 0, soft = !hard;
			else if (rc == OCF_ERR_INSTALLED ||
			    rc == OCF_ERR_ARGS || rc == OCF_ERR_PERM)
				hard = 1;
			else
				soft = 1;
		} else if (op->status == OPST_TIMEOUT ||
		    op->status == OPST_NOT_SUPPORTED)
			soft = 1;
		else if (op->status == OPST_ERROR_FATAL)
			fatal = 1;
		else
			hard = 1;

		if (!ok && expired) {
			/* A recurring monitor that failed long ago: run it
			 * again; anything else is forgotten. */
			if (op->interval_ms > 0 && n->online &&
			    !n->unclean &&
			    unpack_latest(ops, nops, i))
				reschedule = 1;
			continue;
		}
		if (!ok) {
			f = unpack_on_fail(s, sr, op);
			if (op->status == OPST_NOT_INSTALLED) {
				/* Cannot be ignored: the agent is missing. */
				hard = 1;
				if (f == ON_FAIL_IGNORE)
					f = ON_FAIL_RESTART;
			}
			/*
			 * A failed stop inside a container: as if it had
			 * succeeded, the container's recovery stops it.
			 */
			in_container = f == ON_FAIL_RESTART_CONTAINER &&
			    strcmp(op->task, "stop") == 0;
			if (f == ON_FAIL_IGNORE || in_container) {
				ok = 1;		/* as if it had succeeded */
				rc = expected;
				sr->flags |= SR_FAILURE_IGNORED;
			}
		} else
			in_container = 0;
		if (ok) {
			if (strcmp(op->task, "start") == 0 ||
			    strcmp(op->task, "migrate_from") == 0)
				role = ROLE_STARTED;
			else if (strcmp(op->task, "stop") == 0)
				role = ROLE_STOPPED;
			else if (strcmp(op->task, "promote") == 0)
				role = ROLE_PROMOTED;
			else if (strcmp(op->task, "demote") == 0)
				role = ROLE_UNPROMOTED;
			else if (strcmp(op->task, "monitor") == 0) {
				if (rc == OCF_RUNNING_PROMOTED)
					role = ROLE_PROMOTED;
				else if (rc == OCF_NOT_RUNNING)
					role = ROLE_STOPPED;
				else if (role < ROLE_STARTED)
					role = promotable ? ROLE_UNPROMOTED :
					    ROLE_STARTED;
			}
			/*
			 * What clears a past failure (update_resource_state):
			 * a start, stop, promote or migration, a demote when
			 * the failure asked for one, the failed monitor
			 * itself succeeding.
			 */
			if (strcmp(op->task, "start") == 0 ||
			    strcmp(op->task, "stop") == 0 ||
			    strcmp(op->task, "promote") == 0 ||
			    strcmp(op->task, "migrate_from") == 0 ||
			    (strcmp(op->task, "demote") == 0 &&
			    worst == ON_FAIL_DEMOTE) ||
			    (fail != NULL && strcmp(fail->task, op->task) == 0 &&
			    fail->interval_ms == op->interval_ms)) {
				if (worst != ON_FAIL_STOP && worst !=
				    ON_FAIL_FENCE && worst != ON_FAIL_STANDBY) {
					failed = 0;
					worst = ON_FAIL_IGNORE;
				}
			}
			if (in_container && unpack_on_fail_rank(worst) <=
			    unpack_on_fail_rank(ON_FAIL_RESTART)) {
				failed = 1;
				worst = ON_FAIL_RESTART_CONTAINER;
			}
			continue;
		}

		/* A failure. */
		fail = op;
		failed = 1;
		if (unpack_on_fail_rank(f) > unpack_on_fail_rank(worst))
			worst = f;
		if (strcmp(op->task, "stop") == 0) {
			unpack_ban(s, bans, nbans, sr, (int)n->index,
			    "__stop_fail__");
			if (role < ROLE_STARTED)
				role = ROLE_STARTED;
		} else if (strcmp(op->task, "demote") == 0) {
			/*
			 * A failed demote: on-fail=block leaves it promoted (to
			 * be stopped), else it counts as demoted (its recovery
			 * stops it anyway), even "not running": a failed
			 * action leaves it active (unpack_rsc_op_failure).
			 */
			if (f == ON_FAIL_BLOCK) {
				role = ROLE_PROMOTED;
				sr->req_role = ROLE_STOPPED;
			} else
				role = ROLE_UNPROMOTED;
		} else if (strcmp(op->task, "promote") == 0) {
			/* not promoted again in this transition (fail_role) */
			role = ROLE_PROMOTED;
			if (sr->req_role == ROLE_UNKNOWN)
				sr->req_role = ROLE_UNPROMOTED;
		} else if (rc == OCF_FAILED_PROMOTED ||
		    rc == OCF_RUNNING_PROMOTED)
			role = ROLE_PROMOTED;
		else if (role < ROLE_STARTED)
			role = promotable ? ROLE_UNPROMOTED : ROLE_STARTED;
		if (f == ON_FAIL_STOP) {
			sr->flags |= SR_STOP_ALL;
			unpack_ban(s, bans, nbans, sr, -1, "on-fail-stop");
		}
		if (hard)
			unpack_ban(s, bans, nbans, sr, (int)n->index,
			    "hard-error");
		if (fatal)
			unpack_ban(s, bans, nbans, sr, -1, "fatal-error");
	}

	if (role != ROLE_UNKNOWN && !sr->known[n->index]) {
		sr->known[n->index] = 1;
		sr->nknown++;
	}
	/* An expired monitor failure where it still runs: run it again
	 * (not where it has stopped since). */
	if (reschedule && role > ROLE_STOPPED)
		sr->flags |= SR_RESCHEDULE;
	if (role > ROLE_STOPPED) {
		unpack_on(s, sr, n->index);
		if (role > sr->role || sr->role == ROLE_STOPPED)
			sr->role = role;
	}
	/*
	 * Recurring operations running since the last start (or, where it is
	 * stopped, since the last stop: monitors for role Stopped).
	 */
	if (n->online) {
		unpack_active_range(ops, nops, &astart, &astop);
		for (i = 0; i < nops; i++) {
			op = ops[i];
			if ((astart < astop && (long)i <= astop) ||
			    (long)i < astart)
				continue;	/* from before the last start */
			if (op->interval_ms == 0 || op->status == OPST_PENDING ||
			    op->status == OPST_CANCELLED)
				continue;
			sr->active_ops = xreallocarray(sr->active_ops,
			    sr->nactive_ops + 1, sizeof *sr->active_ops);
			sr->active_op_node = xreallocarray(sr->active_op_node,
			    sr->nactive_ops + 1, sizeof *sr->active_op_node);
			sr->active_ops[sr->nactive_ops] = (struct oprec *)op;
			sr->active_op_node[sr->nactive_ops++] = n->index;
		}
	}
	/*
	 * What the failure means (process_rsc_state). On an unclean node
	 * nothing: fencing settles it.
	 */
	if (failed && worst != ON_FAIL_IGNORE) {
		f = n->unclean ? ON_FAIL_IGNORE : worst;
		if (unpack_on_fail_rank(f) > unpack_on_fail_rank(sr->on_fail))
			sr->on_fail = f;
		switch (f) {
		case ON_FAIL_FENCE:
			unpack_unclean(n, arena_printf(s->ctx->arena,
			    "%s failed there", sr->id));
			break;
		case ON_FAIL_STANDBY:
			n->standby_onfail = 1;
			break;
		case ON_FAIL_BLOCK:
			sr->flags &= ~SR_MANAGED;
			sr->flags |= SR_BLOCKED;
			break;
		case ON_FAIL_STOP:
			sr->flags |= SR_STOP_ALL;
			break;
		case ON_FAIL_RESTART_CONTAINER:
			/* failed even where it no longer runs; its
			 * container is stopped there, and started again */
			sr->flags |= SR_FAILED;
			if (sr->container == NULL)
				break;
			if (sr->container->restart_on == NULL)
				sr->container->restart_on = arena_zalloc(
				    s->ctx->arena, s->nnodes + 1);
			sr->container->restart_on[n->index] = 1;
			break;
		default:
			break;
		}
		if (role > ROLE_STOPPED) {
			switch (f) {
			case ON_FAIL_IGNORE:
				break;
			case ON_FAIL_DEMOTE:
			case ON_FAIL_BLOCK:
				sr->flags |= SR_FAILED;
				break;
			default:
				sr->flags |= SR_FAILED | SR_RECOVER;
				break;
			}
		}
	}
	free(ops);
}

/* The node an instance (a primitive or a cloned group) is active on, or -1. */
static int
unpack_instance_node(const struct srsc *k)
{
	size_t	i;

	if (k->non > 0)
		return (int)k->on[0];
	for (i = 0; i < k->nkids; i++) {
		if (k->kids[i]->non > 0)
			return (int)k->kids[i]->on[0];
	}
	return -1;
}

/* The primitive of instance k that stands for prim, or NULL. */
static struct srsc *
unpack_instance_member(struct srsc *k, const struct resource *prim)
{
	size_t	i;

	if (k->r == prim)
		return k;
	for (i = 0; i < k->nkids; i++) {
		if (k->kids[i]->r == prim)
			return k->kids[i];
	}
	return NULL;
}

/*
 * The primitive of the model named name, or NULL: an inline clone
 * ("promotable db AGENT") shares its name with its primitive.
 */
static const struct resource *
unpack_model_prim(const struct sched *s, const char *name)
{
	const struct resource	*r = model_resource(s->m, name);

	if (r != NULL && r->kind == RSC_CLONE && r->nchildren == 1 &&
	    strcmp(r->children[0]->name, name) == 0)
		r = r->children[0];
	return r != NULL && r->kind == RSC_PRIMITIVE ? r : NULL;
}

/*
 * Add instance k to the table of its clone's instances on node where (a
 * node's list is in the clone's order, that of the instances' indexes),
 * or take it out.
 */
static void
unpack_at_add(struct unpack_at *at, struct srsc *k, int where)
{
	struct unpack_at_node	*l = &at->node[where];
	size_t			 i;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	for (i = l->n; i > 0 && l->v[i - 1]->index > k->index; i--)
		l->v[i] = l->v[i - 1];
	l->v[i] = k;
	l->n++;
}

static void
unpack_at_remove(struct unpack_at *at, struct srsc *k, int where)
{
	struct unpack_at_node	*l = &at->node[where];
	size_t			 i;

	for (i = 0; i < l->n && l->v[i] != k; i++)
		;
	if (i == l->n)
		return;
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

/* The table of clone c's instances by node, made the first time. */
static struct unpack_at *
unpack_at_get(struct sched *s, struct srsc *c)
{
	size_t	i;
	int	where;

	if (c->at != NULL)
		return c->at;
	c->at = xcalloc(1, sizeof *c->at);
	c->at->node = xcalloc(s->nnodes + 1, sizeof *c->at->node);
	for (i = 0; i < c->nkids; i++) {
		if ((where = unpack_instance_node(c->kids[i])) >= 0)
			unpack_at_add(c->at, c->kids[i], where);
	}
	return c->at;
}

/*
 * The instance of an anonymous clone with a table that primitive sr is (or
 * is a member of), or NULL.
 */
static struct srsc *
unpack_at_instance(struct srsc *sr)
{
	struct srsc	*k = sr;

	if (k->parent != NULL && k->parent->r->kind == RSC_GROUP)
		k = k->parent;
	if (k->parent == NULL || k->parent->r->kind != RSC_CLONE ||
	    k->parent->at == NULL)
		return NULL;
	return k;
}

/* Instance k was active on node before (-1: nowhere): where is it now? */
static void
unpack_at_update(struct srsc *k, int before)
{
	int	after = unpack_instance_node(k);

	if (after == before)
		return;
	if (before >= 0)
		unpack_at_remove(k->parent->at, k, before);
	if (after >= 0)
		unpack_at_add(k->parent->at, k, after);
}

/* The tables are done with once the histories are read. */
static void
unpack_at_free(struct sched *s)
{
	struct unpack_at	*at;
	size_t			 i, j;

	for (i = 0; i < s->nrscs; i++) {
		if ((at = s->rscs[i]->at) == NULL)
			continue;
		for (j = 0; j < s->nnodes; j++)
			free(at->node[j].v);
		free(at->node);
		free(at);
		s->rscs[i]->at = NULL;
	}
}

/*
 * The primitive standing for prim in the first of clone c's instances
 * that is active nowhere and not blocked, or NULL.
 */
static struct srsc *
unpack_at_inactive(struct srsc *c, struct unpack_at *at,
    const struct resource *prim)
{
	struct srsc	*k, *m;
	size_t		 j;

	/* An instance active or blocked stays so while histories are read. */
	for (; at->inactive < c->nkids; at->inactive++) {
		k = c->kids[at->inactive];
		if (unpack_instance_node(k) < 0 && !(k->flags & SR_BLOCKED))
			break;
	}
	for (j = at->inactive; j < c->nkids; j++) {
		k = c->kids[j];
		if (unpack_instance_node(k) >= 0 || (k->flags & SR_BLOCKED))
			continue;
		if ((m = unpack_instance_member(k, prim)) != NULL)
			return m;
	}
	return NULL;
}

/* The slot of name in names: its entry, or the free one for it. */
static struct unpack_name *
unpack_names_slot(const struct unpack_names *names, const char *name)
{
	uint64_t	h = (uint64_t)(uintptr_t)name * 0x9e3779b97f4a7c15ULL;
	size_t		i = (size_t)(h >> 32) & (names->cap - 1);

	while (names->v[i].name != NULL && names->v[i].name != name)
		i = (i + 1) & (names->cap - 1);
	return &names->v[i];
}

/*
 * What history resource name stands for (the entry holds until the next
 * call): the resource with that id, if any, and the model's primitive.
 */
static struct unpack_name *
unpack_names_get(struct sched *s, struct unpack_names *names,
    const char *name)
{
	struct unpack_name	*e, *old = names->v;
	const char		*colon, *base = name;
	size_t			 i, oldcap = names->cap;

	if ((names->n + 1) * 2 > names->cap) {
		names->cap = oldcap == 0 ? 1024 : oldcap * 2;
		names->v = xcalloc(names->cap, sizeof *names->v);
		for (i = 0; i < oldcap; i++) {
			if (old[i].name != NULL)
				*unpack_names_slot(names, old[i].name) = old[i];
		}
		free(old);
	}
	e = unpack_names_slot(names, name);
	if (e->name == NULL) {
		names->n++;
		e->name = name;
		e->sr = map_get(&s->by_id, name);
		e->nrscs = s->nrscs;
		if ((colon = strrchr(name, ':')) != NULL)
			base = arena_strndup(s->ctx->arena, name,
			    (size_t)(colon - name));
		e->prim = unpack_model_prim(s, base);
	} else if (e->sr == NULL && e->nrscs != s->nrscs) {
		e->sr = map_get(&s->by_id, name);
		e->nrscs = s->nrscs;
	}
	return e;
}

/*
 * The clone instance a history names (find_anonymous_clone): "ping" or
 * "ping:3" for primitive prim of an anonymous clone (or of a group it
 * clones). The first instance active on node n, else the first one active
 * nowhere; NULL (an orphan) when there is none, when the instance active
 * on n already has this history, or when n is down or unclean and the
 * clone neither needs fencing nor has an instance for every node.
 */
static struct srsc *
unpack_instance(struct sched *s, const struct resource *prim,
    const struct snode *n)
{
	const struct resource	*clone;
	struct srsc		*c, *found = NULL;
	struct unpack_at_node	*l;
	size_t			 j;
	int			 skip_inactive = 0;

	if (prim == NULL)
		return NULL;
	for (clone = prim->parent; clone != NULL && clone->kind != RSC_CLONE;
	    clone = clone->parent)
		;
	if (clone == NULL || clone->meta.globally_unique ||
	    (c = s->by_model[clone->index]) == NULL)
		return NULL;
	l = &unpack_at_get(s, c)->node[n->index];
	for (j = 0; j < l->n && found == NULL; j++) {
		found = unpack_instance_member(l->v[j], prim);
		if (found != NULL && found->non > 0) {
			/* a second history of the same instance: orphan */
			skip_inactive = 1;
			found = NULL;
		}
	}
	if (found == NULL && !skip_inactive)
		found = unpack_at_inactive(c, c->at, prim);
	if (found != NULL && !NEEDS_FENCING(found->r) &&
	    (!n->online || n->unclean) && clone->meta.clone_max >= 0 &&
	    (size_t)clone->meta.clone_max < s->nnodes)
		found = NULL;
	return found;
}

/*
 * Whether the history names an agent other than the policy's (class,
 * provider, type), as pcmk__rsc_agent_changed decides.
 */
static int
unpack_agent_changed(const struct srsc *sr, const struct rhist *h)
{
	static const char *const classes[] = { "ocf", "lsb", "systemd",
	    "service", "stonith" };
	const struct resource	*r = sr->r;

	if ((sr->flags & SR_ORPHAN) || h->cls == NULL || h->type == NULL)
		return 0;
	if (strcmp(h->cls, r->is_fence ? "stonith" : classes[r->cls]) != 0)
		return 1;
	if (strcmp(h->type, r->type != NULL ? r->type : "") != 0)
		return 1;
	if (r->cls == CLASS_OCF && !r->is_fence &&
	    strcmp(h->provider != NULL ? h->provider : "",
	    r->provider != NULL ? r->provider : "") != 0)
		return 1;
	return 0;
}

/*
 * unpack_agent_changed, the agents found to be the policy's remembered
 * per history name: the names the state's histories have are interned,
 * and the policy's agent is the same for every history of a resource.
 */
static int
unpack_agent_changed_by(struct sched *s, struct unpack_names *names,
    const struct srsc *sr, const struct rhist *h)
{
	struct unpack_name	*e = unpack_names_get(s, names, h->rsc);

	if (e->agent_of == sr->r && e->cls == h->cls && e->type == h->type &&
	    e->provider == h->provider)
		return 0;
	if (unpack_agent_changed(sr, h))
		return 1;
	if (!(sr->flags & SR_ORPHAN)) {	/* compared, not taken as same */
		e->agent_of = sr->r;
		e->cls = h->cls;
		e->type = h->type;
		e->provider = h->provider;
	}
	return 0;
}

/* Whether the cluster keeps shutdown locks (property shutdown-lock). */
static int
unpack_locks(const struct sched *s)
{
	const char	*v = NULL;
	size_t		i;

	for (i = s->m->props.set.n; i-- > 0;) {
		if (strcmp(s->m->props.set.v[i].name, "shutdown-lock") == 0) {
			v = s->m->props.set.v[i].value;
			break;
		}
	}
	return unpack_true(v);
}

/*
 * Whether a shutdown lock taken at time t still holds: 1 it does, 0 no
 * locks are kept, -1 it expired (shutdown-lock-limit seconds after t).
 */
static int
unpack_lock_valid(const struct sched *s, int64_t t)
{
	uint64_t	limit;

	if (!unpack_locks(s))
		return 0;
	limit = s->m->props.shutdown_lock_limit_ms / 1000;
	if (limit > 0 && s->now > t + (int64_t)limit)
		return -1;
	return 1;
}

/* The clone r is an instance of (or a member of an instance of), or NULL. */
struct srsc *
unpack_clone_of(const struct srsc *r)
{
	for (r = r->parent; r != NULL; r = r->parent) {
		if (r->r->kind == RSC_CLONE)
			return (struct srsc *)r;
	}
	return NULL;
}

/*
 * An instance of anonymous clone c that its history names but none of its
 * instances can be (create_anonymous_orphan): a copy of prim numbered
 * inum, an orphan among the clone's instances.
 */
static struct srsc *
unpack_clone_orphan(struct sched *s, struct srsc *c,
    const struct resource *prim, const char *id, int inum)
{
	struct srsc	*sr, **kids;

	sr = unpack_new_rsc(s, id, prim);
	sr->flags |= SR_ORPHAN;
	sr->parent = c;
	sr->inum = inum;
	unpack_push(s, sr);
	kids = arena_alloc(s->ctx->arena, (c->nkids + 2) * sizeof *kids);
	if (c->nkids > 0)
		memcpy(kids, c->kids, c->nkids * sizeof *kids);
	kids[c->nkids++] = sr;
	c->kids = kids;
	return sr;
}

/*
 * The resource history h on node n is about (unpack_find_resource): a
 * primitive by its id, an instance of an anonymous clone however the
 * history numbers it, else an orphan ("base:N" with a free N for a clone
 * instance that cannot be placed). *named: the resource whose id the
 * history has, if any, before an orphan is made.
 */
static struct srsc *
unpack_hist_rsc(struct sched *s, struct unpack_names *names,
    const struct rhist *h, const struct snode *n, struct srsc **named)
{
	const struct resource	*prim, *clone = NULL;
	struct unpack_name	*e = unpack_names_get(s, names, h->rsc);
	struct srsc		*sr, *c, *k;
	const char		*colon, *id = h->rsc;
	size_t			 len;
	int			 i;

	/*
	 * An orphaned instance of an anonymous clone is one of its instances:
	 * where it is active on another node already, the history is another
	 * orphan's (find_anonymous_clone looks among them all).
	 */
	sr = *named = e->sr;
	prim = e->prim;
	/*
	 * A clone and its inline primitive share a name ("promotable drbd
	 * ocf:linbit:drbd"): a history by that name is the primitive's, one
	 * of its instances, as Pacemaker records an anonymous clone's.
	 */
	if (sr != NULL && sr->r->kind == RSC_CLONE)
		sr = NULL;
	if (sr != NULL && (sr->flags & SR_ORPHAN) && ((c = unpack_clone_of(
	    sr)) == NULL || c->r->meta.globally_unique))
		return sr;
	if (sr != NULL && ((c = unpack_clone_of(sr)) == NULL ||
	    c->r->meta.globally_unique))
		return sr;
	if ((k = unpack_instance(s, prim, n)) != NULL)
		return k;
	colon = strrchr(h->rsc, ':');
	len = colon != NULL ? (size_t)(colon - h->rsc) : strlen(h->rsc);
	if (prim != NULL)
		for (clone = prim->parent; clone != NULL &&
		    clone->kind != RSC_CLONE; clone = clone->parent)
			;
	if (clone != NULL && !clone->meta.globally_unique) {
		for (i = 0;; i++) {
			id = arena_printf(s->ctx->arena, "%.*s:%d", (int)len,
			    h->rsc, i);
			if (map_get(&s->by_id, id) == NULL)
				break;
		}
		if ((c = s->by_model[clone->index]) != NULL)
			return unpack_clone_orphan(s, c, prim, id, i);
	}
	return unpack_orphan(s, h, id);
}

/* Apply the histories of the state, online nodes first. */
static void
unpack_histories(struct sched *s, struct ban **bans, size_t *nbans)
{
	const struct cstate	*st = s->st;
	const struct rhist	*h;
	struct snode		*n;
	struct srsc		*sr, *hr, *k;
	struct unpack_names	 names = { NULL, 0, 0 };
	size_t			 i;
	int			 pass, lock, defer, before;

	/*
	 * Online nodes first, so that active clone instances are numbered
	 * first, only without fencing and shutdown locks; else in the
	 * state's order (unpack_node_history).
	 */
	defer = !s->stonith_enabled && !unpack_locks(s);
	for (pass = 0; pass < (defer ? 2 : 1); pass++) {
		for (i = 0; i < st->nhist; i++) {
			h = &st->hist[i];
			if (h->node >= st->nnodes ||
			    (n = s->st_node[h->node]) == NULL)
				continue;
			if (defer && (pass == 0) != (n->online != 0))
				continue;
			/* Without fencing, what ran on a down node is gone. */
			if (!n->online && !s->stonith_enabled)
				continue;
			sr = unpack_hist_rsc(s, &names, h, n, &hr);
			s->hist_rsc[i] = sr;
			if (sr->r->kind != RSC_PRIMITIVE)
				continue;
			/*
			 * Pacemaker checks the agent of the resource the
			 * history names ("db:0"), whichever instance it stands
			 * for now (process_node_history). An orphan made
			 * for it has its id only when it is the orphan sr.
			 */
			if (hr == NULL || hr->r->kind != RSC_PRIMITIVE)
				hr = sr;
			if (unpack_agent_changed_by(s, &names, hr, h)) {
				if (hr->agent_changed == NULL)
					hr->agent_changed = arena_zalloc(
					    s->ctx->arena, s->nnodes + 1);
				hr->agent_changed[n->index] = 1;
			}
			if ((k = unpack_at_instance(sr)) != NULL)
				before = unpack_instance_node(k);
			unpack_history(s, sr, n, h, bans, nbans);
			if (k != NULL)
				unpack_at_update(k, before);
			/*
			 * The name it is known by (for master-<name>): that of
			 * the history it runs by, else of any other.
			 */
			if (sr->non > 0 && sr->on[sr->non - 1] == n->index)
				sr->clone_name = strcmp(sr->id, h->rsc) != 0 ?
				    h->rsc : NULL;
			else if (sr->clone_name == NULL && sr->non == 0 &&
			    strcmp(sr->id, h->rsc) != 0)
				sr->clone_name = h->rsc;
			lock = h->shutdown_lock > 0 ?
			    unpack_lock_valid(s, h->shutdown_lock) : 0;
			if (lock > 0 && !sr->r->is_fence)
				sr->lock_node = (int)n->index;
			else if (lock < 0) {
				/* The DC forgets the history (lrm_delete). */
				if (sr->lock_expired == NULL)
					sr->lock_expired = arena_zalloc(
					    s->ctx->arena, s->nnodes + 1);
				sr->lock_expired[n->index] = 1;
			}
			if (!n->online && sr->known[n->index] &&
			    sr->non > 0 && sr->on[sr->non - 1] == n->index &&
			    (sr->flags & SR_MANAGED) && !n->maintenance)
				unpack_unclean(n, arena_printf(s->ctx->arena,
				    "%s is thought to be active there", sr->id));
		}
	}
	unpack_at_free(s);
	free(names.v);
}

/*
 * Whether a definition change on node n asks to clear sr's fail count
 * there: it has one that has not expired (pe_get_failcount, effective).
 */
static void
unpack_clear_changed(struct sched *s, struct srsc *sr, const struct snode *n)
{
	int64_t	last;

	if (unpack_fail_count(s, sr, n, &last) <= 0)
		return;
	if (sr->failure_timeout_ms > 0 && last > 0 &&
	    (s->now - last) * 1000 > (int64_t)sr->failure_timeout_ms)
		return;
	if (sr->clear_failcount == NULL)
		sr->clear_failcount = arena_zalloc(s->ctx->arena,
		    s->nnodes + 1);
	sr->clear_failcount[n->index] = 1;
}

/* Mark the active recurring op for a new run. */
static void
unpack_reschedule(struct srsc *sr, const struct oprec *op)
{
	size_t	i;

	for (i = 0; i < sr->nactive_ops; i++) {
		if (sr->active_ops[i] == op)
			sr->active_resched[i] = 1;
	}
}

/*
 * Whether the definition of one recorded op changed, and what that asks
 * for (pcmk__check_action_config): a recurring op runs again with the new
 * parameters; a start reloads where the agent can (the history has a
 * restart digest), else restarts.
 */
static int
unpack_op_changed(struct sched *s, struct srsc *sr, const struct snode *n,
    const struct oprec *op)
{
	const struct op		*cfg;
	enum digest_result	 d;
	int			 what;
	size_t			 i;

	if (op->interval_ms > 0) {
		for (cfg = NULL, i = 0; i < sr->r->nops && cfg == NULL; i++) {
			if (sr->r->ops[i].enabled && sr->r->ops[i].interval_ms ==
			    op->interval_ms && strcmp(sr->r->ops[i].name,
			    op->task) == 0)
				cfg = &sr->r->ops[i];
		}
		if (cfg == NULL)
			return 1;	/* no longer configured: cancelled */
	}
	if (op->digest == NULL && !s->st->digests)
		return 0;	/* a history written without digests */
	d = digest_compare(s->ctx, s->m, sr->r, op,
	    digest_task(op->task, op->interval_ms), s->digest_memo);
	if (d == DIGEST_MATCH)
		return 0;
	if (op->interval_ms > 0) {
		unpack_reschedule(sr, op);
		return 1;
	}
	if (d != DIGEST_RESTART && op->restart_digest != NULL) {
		if (!(sr->flags & SR_MANAGED) || (sr->flags & SR_FAILED))
			return 1;	/* no reload */
		what = (sr->flags & SR_START_PENDING) ? DEF_STOP : DEF_RELOAD;
	} else
		what = DEF_RESTART;
	if (sr->def_changed == NULL)
		sr->def_changed = arena_zalloc(s->ctx->arena, s->nnodes + 1);
	/* A restart outranks a reload asked by another op. */
	if (sr->def_changed[n->index] != DEF_RESTART)
		sr->def_changed[n->index] = (uint8_t)what;
	return 1;
}

/*
 * Definition changes in one history (process_rsc_history): the ops since
 * the last start where the resource is active on an available node. And a
 * last failure of a start or monitor whose parameters changed since asks
 * to clear the fail count (should_clear_for_param_change).
 */
static void
unpack_history_changes(struct sched *s, struct srsc *sr, struct snode *n,
    const struct rhist *h)
{
	const struct oprec	**ops, *op;
	size_t			  i, nops = h->nops;
	long			  start = -1, stop = -1;
	const char		 *suffix = "_last_failure_0";
	size_t			  sl = strlen(suffix), il;
	enum digest_result	  d;

	for (i = 0; i < h->nops; i++) {
		op = &h->ops[i];
		if (op->id == NULL || (il = strlen(op->id)) < sl ||
		    strcmp(op->id + il - sl, suffix) != 0)
			continue;
		if (strcmp(op->task, "start") != 0 &&
		    strcmp(op->task, "monitor") != 0)
			continue;
		if (sr->clear_failcount != NULL &&
		    sr->clear_failcount[n->index])
			continue;	/* expired: cleared anyway */
		d = digest_compare(s->ctx, s->m, sr->r, op, op->task,
		    s->digest_memo);
		if (d == DIGEST_CHANGED || d == DIGEST_RESTART) {
			if (sr->clear_failcount == NULL)
				sr->clear_failcount = arena_zalloc(
				    s->ctx->arena, s->nnodes + 1);
			sr->clear_failcount[n->index] = 1;
		}
	}

	if (!unpack_node_available(n) || (sr->flags & SR_MAINTENANCE))
		return;
	for (i = 0; i < sr->non && sr->on[i] != n->index; i++)
		;
	if (i == sr->non)
		return;
	ops = xreallocarray(NULL, nops + 1, sizeof *ops);
	for (i = 0; i < nops; i++)
		ops[i] = &h->ops[i];
	qsort(ops, nops, sizeof *ops, unpack_op_cmp);
	unpack_active_range(ops, nops, &start, &stop);
	if (start < stop) {
		free(ops);
		return;		/* stopped there */
	}
	if (sr->nactive_ops > 0 && sr->active_resched == NULL)
		sr->active_resched = arena_zalloc(s->ctx->arena,
		    sr->nactive_ops);
	for (i = start < 0 ? 0 : (size_t)start; i < nops; i++) {
		op = ops[i];
		if (op->interval_ms == 0 && strcasecmp(op->task, "monitor") &&
		    strcasecmp(op->task, "start") &&
		    strcasecmp(op->task, "promote") &&
		    strcasecmp(op->task, "migrate_from"))
			continue;
		if (op->interval_ms > 0 && n->maintenance)
			continue;	/* cancelled instead */
		if (unpack_op_changed(s, sr, n, op))
			unpack_clear_changed(s, sr, n);
	}
	free(ops);
}

/* Definition changes in every history of the state. */
static void
unpack_changes(struct sched *s)
{
	const struct cstate	*st = s->st;
	const struct rhist	*h;
	struct snode		*n;
	struct srsc		*sr;
	size_t			 i;

	for (i = 0; i < st->nhist; i++) {
		h = &st->hist[i];
		if (h->node >= st->nnodes ||
		    (n = s->st_node[h->node]) == NULL)
			continue;
		if (!n->online && !s->stonith_enabled)
			continue;
		if ((sr = s->hist_rsc[i]) == NULL)
			continue;
		if (sr->r->kind != RSC_PRIMITIVE || (sr->flags & SR_ORPHAN))
			continue;
		unpack_history_changes(s, sr, n, h);
	}
}

/*
 * The node a resource is active on (pe__find_active_on): the first one,
 * or, when it does not require fencing, the first clean online one.
 * -1 when inactive.
 */
int
unpack_current(const struct sched *s, const struct srsc *sr)
{
	size_t	i;

	if (sr->non == 0)
		return -1;
	if (!NEEDS_FENCING(sr->r)) {
		for (i = 0; i < sr->non; i++) {
			if (s->nodes[sr->on[i]].online &&
			    !s->nodes[sr->on[i]].unclean)
				return (int)sr->on[i];
		}
	}
	return (int)sr->on[0];
}

/*
 * On how many nodes a resource counts as active: all of them when it
 * requires fencing, else only the clean online ones (native_add_running).
 */
static size_t
unpack_active_count(const struct sched *s, const struct srsc *sr)
{
	size_t	i, n = 0;

	if (NEEDS_FENCING(sr->r))
		return sr->non;
	for (i = 0; i < sr->non; i++) {
		if (s->nodes[sr->on[i]].online && !s->nodes[sr->on[i]].unclean)
			n++;
	}
	return n;
}

/* Whether primitive r is active on node n. */
int
unpack_active_on(const struct srsc *r, size_t n)
{
	size_t	i;

	for (i = 0; i < r->non; i++) {
		if (r->on[i] == n)
			return 1;
	}
	return 0;
}

/*
 * The roles of a primitive after its histories: an instance of a
 * promotable clone that runs is Unpromoted, not Started; the role it is
 * asked for (req_role) is the lower of its failure's (a failed promote:
 * Unpromoted, set with the history) and its target-role's (Stopped, or
 * Unpromoted in a promotable clone; Promoted asks for nothing), as
 * get_target_role and unpack_rsc_op_failure decide. A failure with
 * on-fail=demote asks for nothing: the instance is demoted and may be
 * promoted again.
 */
static void
unpack_roles(struct srsc *sr)
{
	const struct srsc	*c = unpack_clone_of(sr);
	int			 promotable = c != NULL && c->r->promotable;
	enum role		 t = sr->r->meta.target_role;

	if (promotable && sr->role == ROLE_STARTED)
		sr->role = ROLE_UNPROMOTED;
	if (t == ROLE_STOPPED || (t == ROLE_UNPROMOTED && promotable)) {
		if (sr->req_role == ROLE_UNKNOWN || t < sr->req_role)
			sr->req_role = t;
	}
}

/* After the histories: managed or not, multiple active. */
static void
unpack_finish(struct sched *s)
{
	struct srsc	*sr;
	size_t		 i, j;

	for (i = 0; i < s->nrscs; i++) {
		sr = s->rscs[i];
		if (sr->r->kind != RSC_PRIMITIVE)
			continue;
		if (s->stonith_enabled && !s->have_fence_device)
			sr->flags &= ~SR_MANAGED;
		for (j = 0; j < sr->non; j++) {
			if (s->nodes[sr->on[j]].maintenance)
				sr->flags &= ~SR_MANAGED;
		}
		if (sr->parent != NULL && (sr->parent->flags & SR_MANAGED) == 0)
			sr->flags &= ~SR_MANAGED;
		if (unpack_active_count(s, sr) > 1) {
			sr->flags |= SR_MULTIPLE;
			switch (sr->r->meta.multiple_active) {
			case MULTIPLE_BLOCK:
				sr->flags &= ~SR_MANAGED;
				sr->flags |= SR_BLOCKED;
				break;
			case MULTIPLE_STOP_ONLY:
				sr->flags |= SR_STOP_ALL;
				break;
			default:
				break;
			}
		}
		if (sr->flags & SR_MANAGED)
			s->any_managed = 1;
		unpack_roles(sr);
		/* shutdown-lock: what a clean shutdown stops stays there. */
		if (sr->non == 1 && s->nodes[sr->on[0]].shutdown &&
		    !sr->r->is_fence && (sr->flags & SR_MANAGED) &&
		    unpack_lock_valid(s, s->now) > 0)
			sr->lock_node = (int)sr->on[0];
	}
}

/* The bans found in the histories become -INFINITY weights. */
void
unpack_bans(struct sched *s)
{
	struct ban	*bans = s->bans;
	struct srsc	*sr;
	size_t		 i, j, nbans = s->nbans;

	for (i = 0; i < nbans; i++) {
		sr = bans[i].rsc;
		if (bans[i].node < 0) {
			for (j = 0; j < s->nnodes; j++) {
				sr->w[j] = -SCORE_INFINITY;
				place_trace(s, sr, j, bans[i].why,
				    -SCORE_INFINITY, NULL);
			}
			sr->flags |= SR_STOP_ALL;
		} else {
			sr->w[bans[i].node] = -SCORE_INFINITY;
			place_trace(s, sr, (size_t)bans[i].node, bans[i].why,
			    -SCORE_INFINITY, NULL);
		}
	}
}

/*
 * Unpack the model and the state into s. Weights of the resources start
 * as the bans found in the histories (-INFINITY) or SCORE_ABSENT-less
 * zeros; place_weights() adds the rest.
 */
int
unpack(struct sched *s)
{
	struct ban	*bans = NULL;
	size_t		 nbans = 0, i, j;

	s->stonith_enabled = s->m->props.stonith_enabled;
	for (i = 0; i < s->m->nresources; i++) {
		s->have_fence_device |= s->m->resources[i]->is_fence;
		s->unfencing |= s->stonith_enabled &&
		    s->m->resources[i]->is_fence &&
		    model_provides_unfencing(s->m->resources[i]);
	}
	s->now = s->st->now > 0 ? s->st->now : (int64_t)time(NULL);
	map_init(&s->by_id);
	map_init(&s->node_by_name);
	ctx_defer(s->ctx, (void (*)(void *))map_clear, &s->by_id);
	ctx_defer(s->ctx, (void (*)(void *))map_clear, &s->node_by_name);
	unpack_nodes(s);
	unpack_quorum(s);
	/* no-quorum-policy=suicide: every node of an inquorate partition
	 * fences itself (Pacemaker: only with fencing and a no-quorum-panic
	 * or once quorum was had). */
	if (!s->have_quorum && s->stonith_enabled &&
	    s->m->props.no_quorum_policy == NO_QUORUM_SUICIDE &&
	    s->st->no_quorum_panic) {
		for (i = 0; i < s->nnodes; i++)
			if (s->nodes[i].online)
				unpack_unclean(&s->nodes[i],
				    "cluster does not have quorum");
	}
	unpack_resources(s);
	for (i = 0; i < s->nrscs; i++) {
		if (s->rscs[i]->r->container != NULL)
			s->rscs[i]->container = map_get(&s->by_id,
			    s->rscs[i]->r->container->name);
	}
	s->hist_rsc = arena_zalloc(s->ctx->arena, (s->st->nhist + 1) *
	    sizeof *s->hist_rsc);
	s->digest_memo = arena_zalloc(s->ctx->arena, (s->m->nresources + 1) *
	    sizeof *s->digest_memo);
	unpack_histories(s, &bans, &nbans);
	for (i = 0; i < s->nrscs; i++) {
		struct srsc	*sr = s->rscs[i];

		if ((sr->flags & SR_ORPHAN) && sr->w[0] == 0 && s->nnodes > 0)
			for (j = 0; j < s->nnodes; j++)
				sr->w[j] = 0;
	}
	unpack_finish(s);
	unpack_changes(s);
	s->bans = bans;
	s->nbans = nbans;
	return 0;
}
