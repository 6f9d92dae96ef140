/*
 * analyze.c: what the policy means, checked across statements. It runs on
 * the lowered model, after names and values are known to be good:
 *
 *   - mandatory orderings that wait for themselves (a cycle, counting the
 *     orders groups, clones and containers imply), which Pacemaker would
 *     leave as an unrunnable transition;
 *   - colocations and locations that contradict each other (INFINITY and
 *     -INFINITY for the same pair), constraints between a group and its
 *     own members, anti-colocation inside a group;
 *   - set-ups that work but fail users when it matters, as warnings:
 *     fencing enabled without a fence device, a node no device can fence,
 *     a two-node cluster without two_node, a monitor that times out after
 *     its next run is due, a role-qualified op on a resource that is never
 *     promoted, a meta attribute written as a parameter.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

/*
 * BACKGROUND (ordering graph). Each resource has four actions (start,
 * stop, promote, demote), and each action a begin and an end vertex. For a
 * primitive they are one vertex; a group or a clone begins an action
 * before its children begin theirs and ends it after they end theirs, as
 * Pacemaker's pseudo actions (g_start, g_running) do. Edges:
 *
 *   order A x then B y		A.x.end -> B.y.begin (mandatory only)
 *   symmetrical		B.inv(y).end -> A.inv(x).begin
 *   group members m1 m2	m1.start.end -> m2.start.begin, and the
 *				reverse for stop
 *   container C, child K	C.a.begin -> K.a.begin, K.a.end -> C.a.end
 *   filler F inside V		V.start.end -> F.start.begin,
 *   (meta container=V)		F.stop.end -> V.stop.begin
 *   every resource		start -> promote, demote -> stop
 *
 * A cycle in this graph is an order no transition can satisfy.
 */
enum analyze_action {
	ACT_START,
	ACT_STOP,
	ACT_PROMOTE,
	ACT_DEMOTE,
	ACT_COUNT
};

enum edge_why {
	EDGE_ORDER,
	EDGE_GROUP,
	EDGE_CONTAINER,
	EDGE_FILLER,
	EDGE_ROLE
};

struct edge {
	size_t		 to;
	enum edge_why	 why;
	const struct order *order;	/* EDGE_ORDER */
	const struct resource *rsc;	/* EDGE_GROUP: the group;
					   EDGE_FILLER: the filler */
	struct edge	*next;
};

struct graph {
	size_t		  nverts;
	struct edge	**adj;
	struct ctx	 *ctx;
	const struct model *m;
};

static const char *const action_names[ACT_COUNT] = {
	"start", "stop", "promote", "demote"
};

static size_t
analyze_vertex(const struct resource *r, enum analyze_action a, int end)
{
	/* a primitive's begin and end are one vertex (see BACKGROUND) */
	return (r->index * ACT_COUNT + a) * 2 +
	    (end && r->kind != RSC_PRIMITIVE ? 1 : 0);
}

static int
analyze_is_container(const struct resource *r)
{
	return r->kind != RSC_PRIMITIVE;
}

static void
analyze_edge(struct graph *g, size_t from, size_t to, enum edge_why why,
    const struct order *o, const struct resource *rsc)
{
	struct edge	*e;

	e = arena_zalloc(g->ctx->arena, sizeof *e);
	e->to = to;
	e->why = why;
	e->order = o;
	e->rsc = rsc;
	e->next = g->adj[from];
	g->adj[from] = e;
}

static int
analyze_action(const char *name, enum analyze_action *a)
{
	size_t	i;

	for (i = 0; i < ACT_COUNT; i++) {
		if (name != NULL && strcmp(name, action_names[i]) == 0) {
			*a = (enum analyze_action)i;
			return 0;
		}
	}
	return -1;
}

static enum analyze_action
analyze_inverse(enum analyze_action a)
{
	switch (a) {
	case ACT_START:
		return ACT_STOP;
	case ACT_STOP:
		return ACT_START;
	case ACT_PROMOTE:
		return ACT_DEMOTE;
	default:
		return ACT_PROMOTE;
	}
}

/* Edges "every member of s finishes x before every member of t begins y". */
static void
analyze_set_edges(struct graph *g, const struct order *o,
    const struct rsc_set *s, const struct rsc_set *t)
{
	enum analyze_action	 x, y;
	size_t			 i, j;

	if (analyze_action(s->action, &x) != 0 ||
	    analyze_action(t->action, &y) != 0)
		return;
	for (i = 0; i < s->nrscs; i++) {
		for (j = 0; j < t->nrscs; j++) {
			if (s->rscs[i] == t->rscs[j])
				continue;	/* analyze_orders() says why */
			analyze_edge(g, analyze_vertex(s->rscs[i], x, 1),
			    analyze_vertex(t->rscs[j], y, 0), EDGE_ORDER, o,
			    NULL);
			if (o->symmetrical)
				analyze_edge(g,
				    analyze_vertex(t->rscs[j],
				    analyze_inverse(y), 1),
				    analyze_vertex(s->rscs[i],
				    analyze_inverse(x), 0), EDGE_ORDER, o,
				    NULL);
		}
	}
}

static void
analyze_order_edges(struct graph *g, const struct order *o)
{
	struct rsc_set	 one, other;
	size_t		 i, j;

	if (o->kind != ORDER_MANDATORY)
		return;
	for (i = 0; i < o->nsets; i++) {
		const struct rsc_set	*s = &o->sets[i];

		if (s->sequential) {
			for (j = 0; j + 1 < s->nrscs; j++) {
				one = *s;
				one.rscs = &s->rscs[j];
				one.nrscs = 1;
				other = *s;
				other.rscs = &s->rscs[j + 1];
				other.nrscs = 1;
				analyze_set_edges(g, o, &one, &other);
			}
		}
		if (i + 1 < o->nsets)
			analyze_set_edges(g, o, s, &o->sets[i + 1]);
	}
}

/* The orders resources imply: containers around children, groups, roles. */
static void
analyze_implied_edges(struct graph *g, const struct resource *r)
{
	const struct resource	*k;
	size_t			 i, a;

	if (!analyze_is_container(r)) {
		if (r->container != NULL) {
			analyze_edge(g, analyze_vertex(r->container, ACT_START,
			    1), analyze_vertex(r, ACT_START, 0), EDGE_FILLER,
			    NULL, r);
			analyze_edge(g, analyze_vertex(r, ACT_STOP, 1),
			    analyze_vertex(r->container, ACT_STOP, 0),
			    EDGE_FILLER, NULL, r);
		}
		analyze_edge(g, analyze_vertex(r, ACT_START, 1),
		    analyze_vertex(r, ACT_PROMOTE, 0), EDGE_ROLE, NULL, r);
		analyze_edge(g, analyze_vertex(r, ACT_DEMOTE, 1),
		    analyze_vertex(r, ACT_STOP, 0), EDGE_ROLE, NULL, r);
		return;
	}
	for (i = 0; i < r->nchildren; i++) {
		k = r->children[i];
		for (a = 0; a < ACT_COUNT; a++) {
			analyze_edge(g, analyze_vertex(r, a, 0),
			    analyze_vertex(k, a, 0), EDGE_CONTAINER, NULL, r);
			analyze_edge(g, analyze_vertex(k, a, 1),
			    analyze_vertex(r, a, 1), EDGE_CONTAINER, NULL, r);
		}
		if (r->kind != RSC_GROUP || i == 0)
			continue;
		analyze_edge(g, analyze_vertex(r->children[i - 1], ACT_START, 1),
		    analyze_vertex(k, ACT_START, 0), EDGE_GROUP, NULL, r);
		analyze_edge(g, analyze_vertex(k, ACT_STOP, 1),
		    analyze_vertex(r->children[i - 1], ACT_STOP, 0),
		    EDGE_GROUP, NULL, r);
	}
	/* A container's begin and end are joined through its children. */
	if (r->nchildren == 0) {
		for (a = 0; a < ACT_COUNT; a++)
			analyze_edge(g, analyze_vertex(r, a, 0),
			    analyze_vertex(r, a, 1), EDGE_CONTAINER, NULL, r);
	}
}

/* Describe vertex v for a message: "'db' start". */
static const char *
analyze_vertex_name(struct graph *g, size_t v)
{
	const struct resource	*r = g->m->resources[v / 2 / ACT_COUNT];

	return arena_printf(g->ctx->arena, "'%s' %s", r->name,
	    action_names[(v / 2) % ACT_COUNT]);
}

static int
analyze_sizecmp(const void *a, const void *b)
{
	size_t	x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Orders by their place in the policy. */
static int
analyze_ordercmp(const void *a, const void *b)
{
	const struct order	*x = *(const struct order *const *)a;
	const struct order	*y = *(const struct order *const *)b;

	if (x->loc.file != y->loc.file)
		return x->loc.file < y->loc.file ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return (x->loc.col > y->loc.col) - (x->loc.col < y->loc.col);
}

/* Vertex v with stop read as start and demote as promote, both ends one. */
static size_t
analyze_mirror(size_t v)
{
	size_t	r = v / 2 / ACT_COUNT, a = (v / 2) % ACT_COUNT;

	return r * ACT_COUNT + (a == ACT_STOP ? ACT_START :
	    a == ACT_DEMOTE ? ACT_PROMOTE : a);
}

/*
 * Report the cycle closed by the edge last (from vertex u back to vertex
 * last->to), walking parent links from u. A cycle made of the same orders
 * as one already reported (the stop mirror of a start cycle) is skipped.
 */
static void
analyze_report_cycle(struct graph *g, const size_t *parent,
    const struct edge *const *via, size_t u, const struct edge *last,
    struct map *seen)
{
	const struct edge	*path[64];
	const struct order	*orders[64], *o;
	size_t			 verts[64];
	struct buf		 b;
	struct diag		*dg;
	size_t			 n = 0, norders = 0, v, i, j;
	const char		*key, *name, *prev;

	path[n++] = last;
	for (v = u; v != last->to && n < nitems(path); v = parent[v])
		path[n++] = via[v];

	/* The orders on the cycle, each once; the last written reports. */
	o = NULL;
	for (i = 0; i < n; i++) {
		if (path[i]->why != EDGE_ORDER)
			continue;
		for (j = 0; j < norders; j++) {
			if (orders[j] == path[i]->order)
				break;
		}
		if (j < norders)
			continue;
		orders[norders++] = path[i]->order;
		if (o == NULL || path[i]->order->loc.file > o->loc.file ||
		    (path[i]->order->loc.file == o->loc.file &&
		    path[i]->order->loc.line > o->loc.line))
			o = path[i]->order;
	}
	if (o == NULL)
		return;
	/*
	 * One report per set of resources and actions: the stop mirror of a
	 * start cycle, or the same cycle through other orders, is not new.
	 */
	for (i = 0; i < n; i++)
		verts[i] = analyze_mirror(path[i]->to);
	qsort(verts, n, sizeof *verts, analyze_sizecmp);
	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i == 0 || verts[i] != verts[i - 1])
			buf_printf(&b, "%zu,", verts[i]);
	}
	key = arena_strdup(g->ctx->arena, b.data);
	buf_clear(&b);
	if (map_put(seen, key, (void *)key) != NULL)
		return;

	buf_init(&b);
	/* a container's begin and end read the same: name them once */
	prev = analyze_vertex_name(g, last->to);
	buf_puts(&b, prev);
	for (i = n; i-- > 0;) {
		name = analyze_vertex_name(g, path[i]->to);
		if (prev != NULL && strcmp(prev, name) == 0)
			continue;
		buf_printf(&b, "%s%s", prev != NULL ? " -> " : "", name);
		prev = name;
	}
	dg = diag_error(g->ctx, &o->loc, "mandatory ordering cycle: %s "
	    "waits for itself (%s)", analyze_vertex_name(g, last->to), b.data);
	buf_clear(&b);
	qsort(orders, norders, sizeof *orders, analyze_ordercmp);
	for (i = 0; i < norders; i++) {
		if (orders[i] != o)
			diag_note(g->ctx, dg, &orders[i]->loc,
			    "this order is part of the cycle");
	}
	for (i = 0; i < n; i++) {
		if (path[i]->why != EDGE_GROUP)
			continue;
		diag_note(g->ctx, dg, &path[i]->rsc->loc, "group '%s' "
		    "orders its members as written", path[i]->rsc->name);
		break;
	}
	for (i = 0; i < n; i++) {
		if (path[i]->why != EDGE_FILLER)
			continue;
		diag_note(g->ctx, dg, &path[i]->rsc->loc, "'%s' runs inside "
		    "'%s', so it starts after it and stops before it",
		    path[i]->rsc->name, path[i]->rsc->container->name);
		break;
	}
}

/* Find mandatory ordering cycles (iterative depth-first search). */
static void
analyze_cycles(struct ctx *ctx, const struct model *m)
{
	struct graph		  g;
	unsigned char		 *color;
	size_t			 *parent, *stack, sp, v, i;
	const struct edge	**via, **next;
	const struct edge	 *e;
	struct map		  seen;

	memset(&g, 0, sizeof g);
	g.ctx = ctx;
	g.m = m;
	g.nverts = m->nresources * ACT_COUNT * 2;
	if (g.nverts == 0)
		return;
	g.adj = xcalloc(g.nverts, sizeof *g.adj);
	for (i = 0; i < m->nresources; i++)
		analyze_implied_edges(&g, m->resources[i]);
	for (i = 0; i < m->norders; i++)
		analyze_order_edges(&g, m->orders[i]);

	color = xcalloc(g.nverts, 1);
	parent = xcalloc(g.nverts, sizeof *parent);
	stack = xcalloc(g.nverts, sizeof *stack);
	via = xcalloc(g.nverts, sizeof *via);
	next = xcalloc(g.nverts, sizeof *next);
	map_init(&seen);
	for (i = 0; i < g.nverts; i++) {
		if (color[i] != 0)
			continue;
		sp = 0;
		stack[sp++] = i;
		color[i] = 1;
		next[i] = g.adj[i];
		while (sp > 0) {
			v = stack[sp - 1];
			if ((e = next[v]) == NULL) {
				color[v] = 2;
				sp--;
				continue;
			}
			next[v] = e->next;
			if (color[e->to] == 1)
				analyze_report_cycle(&g, parent, via, v, e,
				    &seen);
			else if (color[e->to] == 0) {
				color[e->to] = 1;
				parent[e->to] = v;
				via[e->to] = e;
				next[e->to] = g.adj[e->to];
				stack[sp++] = e->to;
			}
		}
	}
	map_clear(&seen);
	free(color);
	free(parent);
	free(stack);
	free(via);
	free(next);
	free(g.adj);
}

/* The group holding r, or NULL. */
static const struct resource *
analyze_group_of(const struct resource *r)
{
	return r->parent != NULL && r->parent->kind == RSC_GROUP ?
	    r->parent : NULL;
}

/* Whether a contains b (a is b's parent, grandparent...). */
static int
analyze_contains(const struct resource *a, const struct resource *b)
{
	for (b = b->parent; b != NULL; b = b->parent) {
		if (a == b)
			return 1;
	}
	return 0;
}

struct pairnote {
	const struct colocation	*c;
	int			 score;
};

/* A dependent/primary pair of a colocation, checked against the rest. */
static void
analyze_coloc_pair(struct ctx *ctx, struct map *pairs,
    const struct colocation *c, const struct rsc_set *sd,
    const struct resource *d, const struct rsc_set *sp,
    const struct resource *p)
{
	const struct resource	*gd, *gp;
	struct pairnote		*prev, *pn;
	struct diag		*dg;
	const char		*key;

	if (d == p) {
		diag_error(ctx, &c->loc, "'%s' cannot be colocated with "
		    "itself", d->name);
		return;
	}
	if (analyze_contains(d, p) || analyze_contains(p, d)) {
		const struct resource	*outer = analyze_contains(d, p) ? d : p;
		const struct resource	*inner = outer == d ? p : d;

		diag_error(ctx, &c->loc, "'%s' is part of %s '%s'; a "
		    "colocation between them contradicts it", inner->name,
		    outer->kind == RSC_GROUP ? "group" : "clone", outer->name);
		return;
	}
	gd = analyze_group_of(d);
	gp = analyze_group_of(p);
	if (gd != NULL && gd == gp && c->score < 0) {
		dg = diag_error(ctx, &c->loc, "'%s' must never run with '%s', "
		    "but both are in group '%s', which keeps them together",
		    d->name, p->name, gd->name);
		diag_note(ctx, dg, &gd->loc, "group '%s' is defined here",
		    gd->name);
		return;
	}
	if (c->score != SCORE_INFINITY && c->score != -SCORE_INFINITY)
		return;
	/* Roles are part of the pair: A with B promoted is not A with B. */
	if (strcmp(d->name, p->name) < 0)
		key = arena_printf(ctx->arena, "%s\n%d\n%s\n%d", d->name,
		    sd->role, p->name, sp->role);
	else
		key = arena_printf(ctx->arena, "%s\n%d\n%s\n%d", p->name,
		    sp->role, d->name, sd->role);
	pn = arena_zalloc(ctx->arena, sizeof *pn);
	pn->c = c;
	pn->score = c->score;
	if ((prev = map_put(pairs, key, pn)) != NULL &&
	    prev->score != c->score) {
		dg = diag_error(ctx, &c->loc, "'%s' and '%s' must run together "
		    "and must never run together", d->name, p->name);
		diag_note(ctx, dg, &prev->c->loc, "the colocation with score "
		    "%sINFINITY is here", prev->score < 0 ? "-" : "");
	}
}

/*
 * Contradictory colocations, and colocations that contradict a group.
 * Each set depends on the next; within a sequential set each member on
 * the one before it.
 */
static void
analyze_colocations(struct ctx *ctx, const struct model *m)
{
	struct map		 pairs;
	const struct colocation	*c;
	const struct rsc_set	*s, *t;
	size_t			 i, j, k, l;

	map_init(&pairs);
	for (i = 0; i < m->ncolocations; i++) {
		c = m->colocations[i];
		for (j = 0; j < c->nsets; j++) {
			s = &c->sets[j];
			for (k = 1; s->sequential && k < s->nrscs; k++)
				analyze_coloc_pair(ctx, &pairs, c, s,
				    s->rscs[k], s, s->rscs[k - 1]);
			if (j + 1 >= c->nsets)
				continue;
			t = &c->sets[j + 1];
			for (k = 0; k < s->nrscs; k++) {
				for (l = 0; l < t->nrscs; l++)
					analyze_coloc_pair(ctx, &pairs, c, s,
					    s->rscs[k], t, t->rscs[l]);
			}
		}
	}
	map_clear(&pairs);
}

/* Orders between a container and what it contains. */
static void
analyze_orders(struct ctx *ctx, const struct model *m)
{
	const struct order	*o;
	const struct rsc_set	*s, *t;
	size_t			 i, j, k, l;

	for (i = 0; i < m->norders; i++) {
		o = m->orders[i];
		for (j = 0; j + 1 < o->nsets; j++) {
			s = &o->sets[j];
			t = &o->sets[j + 1];
			for (k = 0; k < s->nrscs; k++) {
				for (l = 0; l < t->nrscs; l++) {
					const struct resource *a = s->rscs[k];
					const struct resource *b = t->rscs[l];

					if (a == b)
						diag_error(ctx, &o->loc, "'%s' "
						    "cannot be ordered after "
						    "itself", a->name);
				}
			}
		}
	}
}

/* INFINITY and -INFINITY for the same resource on the same node. */
static void
analyze_locations(struct ctx *ctx, const struct model *m)
{
	struct map		 seen;
	const struct location	*l, *prev;
	struct diag		*dg;
	const char		*key;
	size_t			 i;

	map_init(&seen);
	for (i = 0; i < m->nlocations; i++) {
		l = m->locations[i];
		if (l->node == NULL || l->rsc == NULL || (l->score !=
		    SCORE_INFINITY && l->score != -SCORE_INFINITY))
			continue;
		key = arena_printf(ctx->arena, "%s\n%s\n%d", l->rsc->name,
		    l->node->name, l->role);
		if ((prev = map_put(&seen, key, (void *)l)) != NULL &&
		    prev->score != l->score) {
			dg = diag_error(ctx, &l->loc, "'%s' must run on '%s' and "
			    "must never run there", l->rsc->name,
			    l->node->name);
			diag_note(ctx, dg, &prev->loc, "the other location is "
			    "here");
		}
	}
	map_clear(&seen);
}

/* The value of name in set, or NULL. */
static const char *
analyze_nv(const struct nvset *set, const char *name)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (strcmp(set->v[i].name, name) == 0)
			return set->v[i].value;
	}
	return NULL;
}

/* Whether list (names separated by spaces, commas or ';') holds name. */
static int
analyze_in_list(const char *list, const char *name, int map)
{
	size_t		 n = strlen(name), len;
	const char	*p = list;

	while (*p != '\0') {
		p += strspn(p, " ,;\t");
		len = strcspn(p, map ? " ,;\t:=" : " ,;\t");
		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p += len;
		if (map && (*p == ':' || *p == '='))
			p += strcspn(p, " ,;\t");
	}
	return 0;
}

/* Whether fence device d can fence node n, as far as the policy says. */
static int
analyze_can_fence(const struct resource *d, const struct node *n)
{
	const char	*list, *map, *check;

	list = analyze_nv(&d->params, "pcmk_host_list");
	map = analyze_nv(&d->params, "pcmk_host_map");
	check = analyze_nv(&d->params, "pcmk_host_check");
	if (list == NULL && map == NULL)
		return check == NULL || strcmp(check, "static-list") != 0;
	if (list != NULL && analyze_in_list(list, n->name, 0))
		return 1;
	return map != NULL && analyze_in_list(map, n->name, 1);
}

/* Fencing enabled with no device, and nodes no device can fence. */
static void
analyze_fencing(struct ctx *ctx, const struct policy *pol,
    const struct model *m)
{
	struct loc		 where;
	const struct nvpair	*set = NULL;
	const struct resource	*r;
	const struct node	*n;
	size_t			 i, j, k, ndev = 0;
	int			 covered;

	if (!m->props.stonith_enabled)
		return;
	for (i = 0; i < m->props.set.n; i++) {
		if (strcmp(m->props.set.v[i].name, "stonith-enabled") == 0 ||
		    strcmp(m->props.set.v[i].name, "fencing-enabled") == 0)
			set = &m->props.set.v[i];
	}
	for (i = 0; i < m->nresources; i++)
		ndev += m->resources[i]->is_fence;
	if (ndev == 0) {
		struct diag	*dg;

		memset(&where, 0, sizeof where);	/* the main file */
		if (set != NULL)
			where = set->loc;
		else if (pol->syms != NULL && pol->syms->cluster != NULL)
			where = pol->syms->cluster->name.loc;
		dg = diag_warning(ctx, &where,
		    "fencing is enabled but no fence device is defined: a "
		    "failed node cannot be fenced, so its resources are never "
		    "recovered");
		diag_note(ctx, dg, NULL, "add a 'fence' device, or set "
		    "'property stonith-enabled=false' (unsafe in production)");
		return;
	}
	for (i = 0; i < m->nnodes; i++) {
		n = m->nodes[i];
		covered = 0;
		for (j = 0; j < m->nresources && !covered; j++) {
			r = m->resources[j];
			covered = r->is_fence && analyze_can_fence(r, n);
		}
		for (j = 0; j < m->nlevels && !covered; j++) {
			if (m->levels[j]->node != n)
				continue;
			for (k = 0; k < m->levels[j]->ndevices; k++)
				covered = 1;
		}
		if (!covered)
			diag_warning(ctx, &n->loc, "no fence device can fence "
			    "node '%s' (no pcmk_host_list or pcmk_host_map "
			    "names it)", n->name);
	}
}

/* A two-node cluster loses quorum with either node unless two_node. */
static void
analyze_quorum(struct ctx *ctx, const struct model *m)
{
	struct diag	*dg;

	if (m->nnodes != 2 || m->quorum.two_node ||
	    m->quorum.auto_tie_breaker)
		return;
	dg = diag_warning(ctx, &m->nodes[0]->loc, "a two-node cluster "
	    "without 'two_node' loses quorum when either node fails");
	diag_note(ctx, dg, NULL, "add 'quorum { two_node = true }' to the "
	    "cluster block");
}

/* Whether r is inside a promotable clone. */
static int
analyze_promotable(const struct resource *r)
{
	for (; r != NULL; r = r->parent) {
		if (r->kind == RSC_CLONE && r->promotable)
			return 1;
	}
	return 0;
}

/* Per primitive: monitor timeouts, role-qualified ops, misplaced meta. */
static void
analyze_primitive(struct ctx *ctx, const struct resource *r)
{
	static const char *const meta_only[] = {
		"target-role", "is-managed", "resource-stickiness",
		"migration-threshold", "failure-timeout", "multiple-active",
		"allow-migrate", "clone-max", "clone-node-max", "promoted-max",
		"promoted-node-max", "notify", "interleave", "ordered",
		"globally-unique", "promotable"
	};
	const struct op	*op;
	const char	*name;
	size_t		 i, j;

	for (i = 0; i < r->nops; i++) {
		op = &r->ops[i];
		if (strcmp(op->name, "monitor") == 0 && op->interval_ms > 0 &&
		    op->timeout_set && op->timeout_ms > op->interval_ms)
			diag_warning(ctx, &op->loc, "monitor timeout of '%s' "
			    "(%s) exceeds its interval (%s)", r->name,
			    value_ms_text(ctx, op->timeout_ms),
			    value_ms_text(ctx, op->interval_ms));
		if ((op->role == ROLE_PROMOTED || op->role ==
		    ROLE_UNPROMOTED) && !analyze_promotable(r))
			diag_warning(ctx, &op->loc, "op %s of '%s' is for the "
			    "%s role, but '%s' is not promotable", op->name,
			    r->name, value_role_name(op->role), r->name);
	}
	for (i = 0; i < r->params.n; i++) {
		name = r->params.v[i].name;
		for (j = 0; j < nitems(meta_only); j++) {
			if (name[0] != meta_only[j][0] ||
			    strcmp(name, meta_only[j]) != 0)
				continue;
			diag_warning(ctx, &r->params.v[i].loc, "'%s' is a meta "
			    "attribute, but it is set as a parameter of '%s'; "
			    "write 'meta %s=%s'", meta_only[j], r->name,
			    meta_only[j], r->params.v[i].value);
		}
	}
}

/*
 * A clone that is not globally unique runs one instance per node
 * whatever clone-node-max says (Pacemaker's clone_unpack).
 */
static void
analyze_clone(struct ctx *ctx, const struct resource *r)
{
	const struct loc	*loc = &r->loc;
	size_t			 i;

	if (r->meta.globally_unique || r->meta.clone_node_max <= 1)
		return;
	for (i = 0; i < r->meta_set.n; i++) {
		if (strcmp(r->meta_set.v[i].canon, "clone-node-max") == 0)
			loc = &r->meta_set.v[i].loc;
	}
	diag_warning(ctx, loc, "'clone-node-max' above 1 has no effect on "
	    "'%s': a clone that is not globally unique runs one instance "
	    "per node", r->name);
}

/*
 * Check the meaning of a lowered model; problems go to ctx. Called only
 * when the earlier phases found no error, so every pointer is resolved.
 */
void
analyze_model(struct ctx *ctx, struct policy *pol, struct model *m)
{
	size_t	i;

	analyze_cycles(ctx, m);
	analyze_colocations(ctx, m);
	analyze_orders(ctx, m);
	analyze_locations(ctx, m);
	analyze_fencing(ctx, pol, m);
	analyze_quorum(ctx, m);
	for (i = 0; i < m->nresources; i++) {
		if (m->resources[i]->kind == RSC_PRIMITIVE)
			analyze_primitive(ctx, m->resources[i]);
		else if (m->resources[i]->kind == RSC_CLONE)
			analyze_clone(ctx, m->resources[i]);
	}
}
