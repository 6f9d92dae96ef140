/*
 * place.c: where each resource runs. Weights first (place_weights), then
 * assignment in priority order (place_assign).
 *
 * BEHAVIOR (Pacemaker 2.1.5, pcmk_sched_primitive.c, _colocation.c,
 * _nodes.c, _group.c):
 *   - Every resource starts with weight 0 on every node (opt-in clusters:
 *     no node until a location names it). Locations add their score (a
 *     rule's score, or the value of a node attribute); a location on a
 *     group counts for its first member. Stickiness counts on the node a
 *     resource is active on (when on exactly one); a fail count at the
 *     migration-threshold bans the node. Scores add with INFINITY
 *     arithmetic: -INFINITY wins over +INFINITY.
 *   - Resources are assigned in priority order. Before a resource R is
 *     assigned, what R depends on ("R with P") is assigned, and P's node
 *     adds to R's weights (a mandatory colocation bans every other node);
 *     what depends on R ("D with R") pulls R toward D's preferences,
 *     scaled by the colocation's score over INFINITY, recursively with
 *     only the sign carried down a chain.
 *   - "The same place" is the same node, or with node-attribute the nodes
 *     with an equal value, case-insensitively; the nodes without the
 *     attribute are one place too (pcmk__str_eq: NULL equals NULL).
 *   - A group is its members in order, each colocated with the one before
 *     it: the first member's weights sum the group's preferences.
 *   - The best node has the highest weight; ties go to the node with fewer
 *     resources assigned so far, then the current node, then the name.
 *     When weights are positive and equal, the current node wins.
 *
 * Clones are placed instance by instance (clone.c).
 *
 * DEVIATIONS: placement strategies other than "default", utilization are
 * not implemented yet.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sched.h"

/* Add two scores with INFINITY arithmetic (pcmk__add_scores). */
int
place_add(int a, int b)
{
	long long	sum;

	if (a == SCORE_ABSENT)
		return b;
	if (b == SCORE_ABSENT)
		return a;
	if (a <= -SCORE_INFINITY || b <= -SCORE_INFINITY)
		return -SCORE_INFINITY;
	if (a >= SCORE_INFINITY || b >= SCORE_INFINITY)
		return SCORE_INFINITY;
	sum = (long long)a + b;
	if (sum > SCORE_INFINITY)
		return SCORE_INFINITY;
	if (sum < -SCORE_INFINITY)
		return -SCORE_INFINITY;
	return (int)sum;
}

/*
 * Record, for --explain, that what changed r's score on node i by score
 * (a delta, or +/-INFINITY). Only the explained resource keeps a trace.
 */
void
place_trace(struct sched *s, struct srsc *r, size_t i, const char *what,
    int score, const struct loc *loc)
{
	struct node_score	*ns;
	struct score_part	*p;

	if (r->trace == NULL || i >= s->nnodes)
		return;
	ns = &r->trace->nodes[i];
	p = arena_alloc(s->ctx->arena, (ns->nparts + 1) * sizeof *p);
	if (ns->nparts > 0)
		memcpy(p, ns->parts, ns->nparts * sizeof *p);
	memset(&p[ns->nparts], 0, sizeof p[ns->nparts]);
	p[ns->nparts].what = what;
	p[ns->nparts].score = score;
	p[ns->nparts].loc.file = -1;
	if (loc != NULL && loc->file >= 0 &&
	    (size_t)loc->file < s->ctx->nsources) {
		p[ns->nparts].loc = *loc;
		p[ns->nparts].file = s->ctx->sources[loc->file]->name;
	}
	ns->parts = p;
	ns->nparts++;
}

/* Trace the change of every node's score of r from old to r->w. */
static void
place_trace_diff(struct sched *s, struct srsc *r, const int32_t *old,
    const char *what, const struct loc *loc)
{
	size_t	i;
	int	delta;

	if (r->trace == NULL)
		return;
	for (i = 0; i < s->nnodes; i++) {
		if (old[i] == r->w[i])
			continue;
		if (r->w[i] <= -SCORE_INFINITY || r->w[i] >= SCORE_INFINITY ||
		    old[i] == SCORE_ABSENT)
			delta = r->w[i];
		else
			delta = r->w[i] - old[i];
		place_trace(s, r, i, what, delta, loc);
	}
}

/* Parse a score as Pacemaker does (char2score): a prefix, clamped. */
int
place_score(const char *s)
{
	long long	v;

	if (s == NULL)
		return -SCORE_INFINITY;
	if (strcmp(s, "INFINITY") == 0 || strcmp(s, "+INFINITY") == 0)
		return SCORE_INFINITY;
	if (strcmp(s, "-INFINITY") == 0)
		return -SCORE_INFINITY;
	v = strtoll(s, NULL, 10);
	if (v > SCORE_INFINITY)
		return SCORE_INFINITY;
	if (v < -SCORE_INFINITY)
		return -SCORE_INFINITY;
	return (int)v;
}

/* Compare two version strings numerically by dot-separated parts. */
static int
place_version_cmp(const char *a, const char *b)
{
	long	x, y;
	char	*ea, *eb;

	while (*a != '\0' || *b != '\0') {
		x = strtol(a, &ea, 10);
		y = strtol(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
		if (ea == a && eb == b && *a == '\0' && *b == '\0')
			break;
		if (*ea != '.' && *eb != '.')
			break;
	}
	return 0;
}

/* Evaluate one comparison of a rule against node n (pe_test_expression). */
static int
place_cond(const struct snode *n, const struct cond *c)
{
	const char	*v = unpack_node_attr(n, c->attr);
	enum expr_type	 type = c->type;
	double		 x, y;
	char		*ex, *ey;
	int		 cmp;

	if (c->op == OP_DEFINED)
		return v != NULL;
	if (c->op == OP_NOT_DEFINED)
		return v == NULL;
	if (v == NULL)
		return c->op == OP_NE;
	if (type == TYPE_INTEGER && !c->typed && (strchr(v, '.') != NULL ||
	    strchr(c->value, '.') != NULL))
		type = TYPE_NUMBER;
	switch (type) {
	case TYPE_INTEGER:
		/* As Pacemaker: the integer at the start ("3.6" is 3). */
		{
			long long	xi, yi;

			xi = strtoll(v, &ex, 10);
			yi = strtoll(c->value, &ey, 10);
			if (ex == v || ey == c->value) {
				cmp = strcasecmp(v, c->value);
				break;
			}
			cmp = xi < yi ? -1 : xi > yi;
		}
		break;
	case TYPE_NUMBER:
		x = strtod(v, &ex);
		y = strtod(c->value, &ey);
		if (*v == '\0' || *ex != '\0' || *c->value == '\0' ||
		    *ey != '\0') {
			cmp = strcasecmp(v, c->value);
			break;
		}
		cmp = x < y ? -1 : x > y;
		break;
	case TYPE_VERSION:
		cmp = place_version_cmp(v, c->value);
		break;
	default:
		cmp = strcasecmp(v, c->value);
		break;
	}
	switch (c->op) {
	case OP_EQ:
		return cmp == 0;
	case OP_NE:
		return cmp != 0;
	case OP_LT:
		return cmp < 0;
	case OP_GT:
		return cmp > 0;
	case OP_LTE:
		return cmp <= 0;
	case OP_GTE:
		return cmp >= 0;
	default:
		return 0;
	}
}

/* Whether a rule matches node n. */
static int
place_rule(const struct snode *n, const struct mrule *r)
{
	size_t	i;
	int	match;

	if (r->nconds == 0)
		return 1;
	for (i = 0; i < r->nconds; i++) {
		match = r->conds[i].is_rule ? place_rule(n, r->conds[i].rule) :
		    place_cond(n, &r->conds[i]);
		if (r->bool_or && match)
			return 1;
		if (!r->bool_or && !match)
			return 0;
	}
	return !r->bool_or;
}

static void
place_add_weight(struct srsc *r, size_t node, int score)
{
	r->w[node] = place_add(r->w[node], score);
}

/*
 * The score location l gives node i, or SCORE_ABSENT when it does not
 * name the node (its rule does not match).
 */
int
place_location_score(struct sched *s, const struct location *l, size_t i)
{
	const struct snode	*n = &s->nodes[i];

	if (l->node != NULL)
		return strcmp(l->node->name, n->name) == 0 ? l->score :
		    SCORE_ABSENT;
	if (l->rule == NULL || !place_rule(n, l->rule))
		return SCORE_ABSENT;
	return l->rule->score_attr != NULL ? place_score(unpack_node_attr(n,
	    l->rule->score_attr)) : l->rule->score;
}

/* The scores of location l on r (and a group's first member). */
static void
place_location_scores(struct sched *s, const struct location *l,
    struct srsc *r)
{
	struct srsc	*first = NULL;
	size_t		 i, k;
	int		 score;

	if (r->r->kind == RSC_GROUP && r->nkids > 0)
		first = r->kids[0];
	for (i = 0; i < s->nnodes; i++) {
		if ((score = place_location_score(s, l, i)) == SCORE_ABSENT)
			continue;
		place_add_weight(r, i, score);
		place_trace(s, r, i, arena_printf(s->ctx->arena,
		    "location '%s'", l->id), score, &l->loc);
		if (first != NULL) {
			place_add_weight(first, i, score);
			place_trace(s, first, i, arena_printf(s->ctx->arena,
			    "location '%s' of group '%s'", l->id, r->id), score,
			    &l->loc);
		}
		if (r->r->kind == RSC_GROUP) {
			for (k = 1; k < r->nkids; k++)
				if (r->kids[k]->w[i] == SCORE_ABSENT)
					r->kids[k]->w[i] = 0;
		}
	}
	/* A clone's locations hold for each of its instances too. */
	for (k = 0; r->r->kind == RSC_CLONE && k < r->nkids; k++)
		place_location_scores(s, l, r->kids[k]);
}

/* The primitives under r (r itself, a group's members, clone instances). */
static size_t
place_primitives(struct srsc *r, struct srsc **out, size_t max)
{
	size_t	n = 0, k;

	if (r->r->kind == RSC_PRIMITIVE) {
		if (max > 0)
			out[n++] = r;
		return n;
	}
	for (k = 0; k < r->nkids && n < max; k++)
		n += place_primitives(r->kids[k], out + n, max - n);
	return n;
}

/* Apply one location constraint to a resource (and what it holds). */
static void
place_location(struct sched *s, const struct location *l)
{
	struct srsc	*r, **t;
	size_t		 i, nt, k;

	if (l->rsc == NULL || (r = map_get(&s->by_id, l->rsc->name)) == NULL)
		return;
	/*
	 * A location limited to a role counts for placement only where that
	 * role is asked for (pcmk__apply_location); role=Promoted counts for
	 * promotion (promote.c).
	 */
	if ((l->role == ROLE_PROMOTED || l->role == ROLE_UNPROMOTED) &&
	    l->role != r->req_role)
		return;
	place_location_scores(s, l, r);
	if (l->discovery == DISCOVERY_ALWAYS)
		return;
	t = xreallocarray(NULL, s->nrscs + 1, sizeof *t);
	nt = place_primitives(r, t, s->nrscs);
	for (k = 0; k < nt; k++) {
		if (t[k]->discovery == NULL) {
			t[k]->discovery = arena_zalloc(s->ctx->arena,
			    s->nnodes * sizeof *t[k]->discovery);
			if (l->discovery == DISCOVERY_EXCLUSIVE)
				for (i = 0; i < s->nnodes; i++)
					t[k]->discovery[i] = DISCOVERY_NEVER;
		}
		for (i = 0; i < s->nnodes; i++) {
			if (l->node != NULL &&
			    strcmp(l->node->name, s->nodes[i].name) == 0)
				t[k]->discovery[i] = l->discovery;
			else if (l->rule != NULL &&
			    place_rule(&s->nodes[i], l->rule))
				t[k]->discovery[i] = l->discovery;
		}
	}
	free(t);
}

/* A cluster property as written, or def. */
static const char *
place_prop(const struct sched *s, const char *name, const char *def)
{
	size_t	i;

	for (i = s->m->props.set.n; i-- > 0;) {
		if (strcmp(s->m->props.set.v[i].name, name) == 0)
			return s->m->props.set.v[i].value;
	}
	return def;
}

/*
 * Node health (pcmk__apply_node_health): each node's #health-* attributes
 * (red, yellow, green, or a number) summed into a score that every
 * resource gets there, by node-health-strategy: migrate-on-red (red is
 * -INFINITY), only-green (red and yellow are), progressive and custom
 * (the node-health-red/yellow/green properties; progressive adds
 * node-health-base). A resource with allow-unhealthy-nodes ignores bad
 * health.
 */
static void
place_health(struct sched *s)
{
	const char	*strategy, *name, *v, *allow;
	int		 red, yellow, green, base, health, score;
	size_t		 i, j, k;

	strategy = place_prop(s, "node-health-strategy", "none");
	if (strcmp(strategy, "none") == 0)
		return;
	red = -SCORE_INFINITY;
	yellow = green = base = 0;
	if (strcmp(strategy, "only-green") == 0)
		yellow = -SCORE_INFINITY;
	else if (strcmp(strategy, "progressive") == 0 ||
	    strcmp(strategy, "custom") == 0) {
		red = place_score(place_prop(s, "node-health-red",
		    "-INFINITY"));
		yellow = place_score(place_prop(s, "node-health-yellow", "0"));
		green = place_score(place_prop(s, "node-health-green", "0"));
		if (strcmp(strategy, "progressive") == 0)
			base = place_score(place_prop(s, "node-health-base",
			    "0"));
	}
	for (i = 0; i < s->nnodes; i++) {
		health = base;
		for (j = 0; j < s->nodes[i].attrs.n; j++) {
			name = s->nodes[i].attrs.v[j].name;
			v = s->nodes[i].attrs.v[j].value;
			if (strncmp(name, "#health", 7) != 0)
				continue;
			if (strcasecmp(v, "red") == 0)
				score = red;
			else if (strcasecmp(v, "yellow") == 0)
				score = yellow;
			else if (strcasecmp(v, "green") == 0)
				score = green;
			else
				score = place_score(v);
			health = place_add(health, score);
		}
		if (health == 0)
			continue;
		for (k = 0; k < s->nrscs; k++) {
			struct srsc	*r = s->rscs[k];

			if (r->r->kind != RSC_PRIMITIVE)
				continue;
			allow = NULL;
			for (j = 0; j < r->r->meta_set.n; j++)
				if (strcmp(r->r->meta_set.v[j].name,
				    "allow-unhealthy-nodes") == 0)
					allow = r->r->meta_set.v[j].value;
			if (health < 0 && allow != NULL &&
			    (strcasecmp(allow, "true") == 0 ||
			    strcmp(allow, "1") == 0 ||
			    strcasecmp(allow, "yes") == 0))
				continue;
			place_add_weight(r, i, health);
			place_trace(s, r, i, "node health", health, NULL);
		}
	}
}

/* Whether a location with resource-discovery=exclusive names r. */
static int
place_exclusive(struct sched *s, const struct srsc *r)
{
	size_t	i;

	for (i = 0; i < s->nnodes; i++) {
		if (r->discovery[i] == DISCOVERY_EXCLUSIVE)
			return 1;
	}
	return 0;
}

/*
 * The fail count of r on node n that counts towards its
 * migration-threshold (pe_get_failcount, effective, with fillers): its
 * own unless its failure-timeout expired it, plus those of the resources
 * inside it.
 */
static int
place_fail_count(struct sched *s, const struct srsc *r, const struct snode *n)
{
	const struct srsc	*f;
	int64_t			 last;
	size_t			 i;
	int			 fails;

	fails = unpack_fail_count(s, r, n, &last);
	if (fails > 0 && r->failure_timeout_ms > 0 && last > 0 &&
	    (uint64_t)(s->now - last) * 1000 > r->failure_timeout_ms)
		fails = 0;
	for (i = 0; i < r->r->nfillers; i++) {
		if ((f = map_get(&s->by_id, r->r->fillers[i]->name)) != NULL)
			fails = place_add(fails, place_fail_count(s, f, n));
	}
	return fails;
}

/*
 * Weights of every resource: base, locations, stickiness, fail limits.
 * Bans from the histories are already in place (unpack.c).
 */
void
place_weights(struct sched *s)
{
	struct srsc	*r;
	size_t		 i, j;
	int		 fails, threshold;

	if (!s->m->props.symmetric_cluster) {
		for (i = 0; i < s->nrscs; i++) {
			for (j = 0; j < s->nnodes; j++) {
				if (s->rscs[i]->w[j] == 0)
					s->rscs[i]->w[j] = SCORE_ABSENT;
			}
		}
	}
	place_health(s);
	for (i = 0; i < s->m->nlocations; i++)
		place_location(s, s->m->locations[i]);
	for (i = 0; i < s->nrscs; i++) {
		r = s->rscs[i];
		if (r->r->kind != RSC_PRIMITIVE)
			continue;
		if (r->flags & SR_ORPHAN) {
			if (s->m->props.stop_orphan_resources)
				for (j = 0; j < s->nnodes; j++)
					r->w[j] = -SCORE_INFINITY;
			else
				r->flags &= ~SR_MANAGED;
		}
		if (r->discovery != NULL && place_exclusive(s, r)) {
			for (j = 0; j < s->nnodes; j++) {
				if (r->discovery[j] == DISCOVERY_EXCLUSIVE)
					continue;
				r->w[j] = -SCORE_INFINITY;
				place_trace(s, r, j, "resource-discovery="
				    "exclusive elsewhere", -SCORE_INFINITY,
				    NULL);
			}
		}
		if ((r->flags & SR_MANAGED) == 0) {
			for (j = 0; j < r->non; j++) {
				place_add_weight(r, r->on[j], SCORE_INFINITY);
				place_trace(s, r, r->on[j], "not managed: it "
				    "stays where it is", SCORE_INFINITY, NULL);
			}
		} else if (r->non == 1 && r->r->meta.stickiness > 0 &&
		    r->w[r->on[0]] != SCORE_ABSENT) {
			place_add_weight(r, r->on[0], r->r->meta.stickiness);
			place_trace(s, r, r->on[0], "resource-stickiness (it "
			    "is active here)", r->r->meta.stickiness, NULL);
		}
		if (r->lock_node >= 0) {
			for (j = 0; j < s->nnodes; j++) {
				if ((int)j == r->lock_node)
					continue;
				r->w[j] = -SCORE_INFINITY;
				place_trace(s, r, j, "shutdown-lock: it is "
				    "locked to the node it was stopped on",
				    -SCORE_INFINITY, NULL);
			}
		}
		threshold = r->r->meta.migration_threshold;
		if (threshold <= 0 || (r->flags & SR_FAILURE_IGNORED))
			continue;
		for (j = 0; j < s->nnodes; j++) {
			/* A fail count about to be cleared does not count. */
			if (r->clear_failcount != NULL && r->clear_failcount[j])
				continue;
			fails = place_fail_count(s, r, &s->nodes[j]);
			if (fails <= 0)
				continue;
			if (fails >= threshold) {
				r->w[j] = -SCORE_INFINITY;
				place_trace(s, r, j, arena_printf(s->ctx->arena,
				    "%d failures reached migration-threshold=%d",
				    fails, threshold), -SCORE_INFINITY, NULL);
			}
		}
	}
}

/* ------------------------------------------------------------------ */

/* The rank of a resource's kind for colocation order: clones first. */
static int
place_variant(const struct srsc *r)
{
	const struct srsc	*top = r;

	while (top->parent != NULL && top->parent->r->kind == RSC_GROUP)
		top = top->parent;
	switch (top->r->kind) {
	case RSC_CLONE:
		return 0;
	case RSC_GROUP:
		return 1;
	default:
		return 2;
	}
}

static int
place_this_with_cmp(const void *a, const void *b)
{
	const struct scoloc	*x = *(struct scoloc *const *)a;
	const struct scoloc	*y = *(struct scoloc *const *)b;

	if (x->primary->priority != y->primary->priority)
		return x->primary->priority > y->primary->priority ? -1 : 1;
	if (place_variant(x->primary) != place_variant(y->primary))
		return place_variant(x->primary) < place_variant(y->primary) ?
		    -1 : 1;
	return strcmp(x->primary->id, y->primary->id);
}

static int
place_with_this_cmp(const void *a, const void *b)
{
	const struct scoloc	*x = *(struct scoloc *const *)a;
	const struct scoloc	*y = *(struct scoloc *const *)b;

	if (x->dependent->priority != y->dependent->priority)
		return x->dependent->priority > y->dependent->priority ?
		    -1 : 1;
	if (place_variant(x->dependent) != place_variant(y->dependent))
		return place_variant(x->dependent) <
		    place_variant(y->dependent) ? -1 : 1;
	return strcmp(x->dependent->id, y->dependent->id);
}

static void
place_link(struct sched *s, struct srsc *d, struct srsc *p, int score,
    enum role drole, enum role prole, int influence, const char *id,
    const struct colocation *model)
{
	struct scoloc	*c;

	if (d == NULL || p == NULL || d == p || score == 0)
		return;
	c = arena_zalloc(s->ctx->arena, sizeof *c);
	c->id = id;
	c->dependent = d;
	c->primary = p;
	c->score = score;
	c->dependent_role = drole;
	c->primary_role = prole;
	c->influence = influence;
	c->node_attr = model != NULL && model->node_attr != NULL ?
	    model->node_attr : "#uname";
	c->model = model;
	s->colocs = xreallocarray(s->colocs, s->ncolocs + 1,
	    sizeof *s->colocs);
	s->colocs[s->ncolocs++] = c;
	d->this_with = xreallocarray(d->this_with, d->nthis_with + 1,
	    sizeof *d->this_with);
	d->this_with[d->nthis_with++] = c;
	p->with_this = xreallocarray(p->with_this, p->nwith_this + 1,
	    sizeof *p->with_this);
	p->with_this[p->nwith_this++] = c;
}

/*
 * The primitive a colocation with r acts on: for a group as dependent its
 * first member; as primary its last member (mandatory) or its first.
 */
static struct srsc *
place_end(struct srsc *r, int dependent, int score)
{
	if (r == NULL || r->r->kind != RSC_GROUP || r->nkids == 0)
		return r;
	if (dependent || score < SCORE_INFINITY)
		return r->kids[0];
	return r->kids[r->nkids - 1];
}

static void
place_coloc_pair(struct sched *s, const struct colocation *c,
    const struct rsc_set *ds, const struct resource *dr,
    const struct rsc_set *ps, const struct resource *pr)
{
	struct srsc	*d = map_get(&s->by_id, dr->name);
	struct srsc	*p = map_get(&s->by_id, pr->name);
	int		 influence = c->influence;

	if (d != NULL && !d->r->meta.critical)
		influence = 0;
	/* Started means any role (pcmk__new_colocation). */
	place_link(s, place_end(d, 1, c->score), place_end(p, 0, c->score),
	    c->score, ds->role == ROLE_STARTED ? ROLE_UNKNOWN : ds->role,
	    ps->role == ROLE_STARTED ? ROLE_UNKNOWN : ps->role, influence,
	    c->id, c);
}

/* Colocations, sets taken apart, groups' internal chains added. */
static void
place_colocations(struct sched *s)
{
	const struct colocation	*c;
	const struct rsc_set	*a, *b;
	struct srsc		*g;
	size_t			 i, j, k, l;

	for (i = 0; i < s->m->ncolocations; i++) {
		c = s->m->colocations[i];
		for (j = 0; j < c->nsets; j++) {
			a = &c->sets[j];
			for (k = 1; a->sequential && k < a->nrscs; k++)
				place_coloc_pair(s, c, a, a->rscs[k], a,
				    a->rscs[k - 1]);
			if (j + 1 >= c->nsets)
				continue;
			b = &c->sets[j + 1];
			for (k = 0; k < a->nrscs; k++)
				for (l = 0; l < b->nrscs; l++)
					place_coloc_pair(s, c, a, a->rscs[k],
					    b, b->rscs[l]);
		}
	}
	for (i = 0; i < s->nrscs; i++) {
		g = s->rscs[i];
		if (g->r->kind != RSC_GROUP)
			continue;
		for (k = 1; k < g->nkids; k++)
			place_link(s, g->kids[k], g->kids[k - 1],
			    SCORE_INFINITY, ROLE_UNKNOWN, ROLE_UNKNOWN,
			    g->kids[k]->r->meta.critical,
			    "group:internal_colocation", NULL);
	}
	/* what runs inside a container runs where it does */
	for (i = 0; i < s->nrscs; i++) {
		g = s->rscs[i];
		if (g->container != NULL)
			place_link(s, g, g->container, SCORE_INFINITY,
			    ROLE_UNKNOWN, ROLE_UNKNOWN, 1,
			    "resource-with-container", NULL);
	}
	for (i = 0; i < s->nrscs; i++) {
		g = s->rscs[i];
		if (g->nthis_with > 1)
			qsort(g->this_with, g->nthis_with,
			    sizeof *g->this_with, place_this_with_cmp);
		if (g->nwith_this > 1)
			qsort(g->with_this, g->nwith_this,
			    sizeof *g->with_this, place_with_this_cmp);
	}
}

/* Whether a table has a node that can take a resource (weight >= 0). */
static int
place_any_available(struct sched *s, const int32_t *w)
{
	size_t	i;

	for (i = 0; i < s->nnodes; i++) {
		if (w[i] != SCORE_ABSENT && w[i] >= 0 &&
		    unpack_node_available(&s->nodes[i]))
			return 1;
	}
	return 0;
}

/* A node's value of a colocation's node attribute, for grouping. */
struct place_match {
	const char	*v;	/* NULL: the node has no such attribute */
	size_t		 node;
};

/* Orders place_match by value, case-insensitively, NULL last. */
static int
place_match_cmp(const void *a, const void *b)
{
	const struct place_match	*x = a, *y = b;

	if (x->v == NULL || y->v == NULL)
		return (x->v == NULL) - (y->v == NULL);
	return strcasecmp(x->v, y->v);
}

/*
 * Whether two values of a colocation's node attribute are "the same
 * place": equal case-insensitively, or both absent (pcmk__str_eq with
 * pcmk__str_casei, where NULL equals NULL).
 */
static int
place_same_value(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

/*
 * The nodes grouped by their value of attr (place_same_value(): the nodes
 * without it are one group too), made once per run and attribute:
 * group[i] is node i's group. Node attributes do not change while
 * resources are placed.
 */
static const struct place_groups *
place_groups(struct sched *s, const char *attr)
{
	struct place_groups	*g;
	struct place_match	*m;
	size_t			 i;
	int			 n = 0;

	for (g = s->groups; g != NULL; g = g->next)
		if (strcmp(g->attr, attr) == 0)
			return g;
	g = arena_zalloc(s->ctx->arena, sizeof *g);
	g->attr = attr;
	g->group = arena_alloc(s->ctx->arena, (s->nnodes + 1) *
	    sizeof *g->group);
	m = xmalloc((s->nnodes + 1) * sizeof *m);
	for (i = 0; i < s->nnodes; i++) {
		m[i].v = unpack_node_attr(&s->nodes[i], attr);
		m[i].node = i;
	}
	qsort(m, s->nnodes, sizeof *m, place_match_cmp);
	for (i = 0; i < s->nnodes; i++) {
		if (i > 0 && place_match_cmp(&m[i - 1], &m[i]) != 0)
			n++;
		g->group[m[i].node] = n;
	}
	g->ngroups = s->nnodes > 0 ? (size_t)n + 1 : 0;
	free(m);
	g->next = s->groups;
	s->groups = g;
	return g;
}

/* A node a non-negative merge found unusable (Pacemaker's INFINITY_HACK). */
#define PLACE_UNUSABLE	(INT32_MIN + 1)

/*
 * Add r's preferences to the table work, scaled by factor: for each node
 * the best weight r has on an available node with the same attr value.
 * Non-negative: a node never turns negative (a positive one that would
 * is marked unusable). Linear in the nodes: the best weight per group of
 * equal values first.
 */
static void
place_add_matching(struct sched *s, int32_t *work, const struct srsc *r,
    const char *attr, double factor, int nonnegative)
{
	const struct place_groups	*g = place_groups(s, attr);
	int				*best;
	double				 x;
	size_t				 i;
	int				 b, add, sum;

	best = xmalloc((g->ngroups + 1) * sizeof *best);
	for (i = 0; i < g->ngroups; i++)
		best[i] = -SCORE_INFINITY;
	for (i = 0; i < s->nnodes; i++) {
		if (r->w[i] != SCORE_ABSENT && r->w[i] > best[g->group[i]] &&
		    unpack_node_available(&s->nodes[i]))
			best[g->group[i]] = r->w[i];
	}
	for (i = 0; i < s->nnodes; i++) {
		if (work[i] == SCORE_ABSENT || work[i] == PLACE_UNUSABLE)
			continue;
		b = best[g->group[i]];
		if (factor < 0 && b < 0)
			continue;
		x = factor * b;
		add = (int)(x < 0 ? -floor(-x + 0.5) : floor(x + 0.5));
		if (add == 0 && factor != 0 && b != 0)
			add = x < 0 ? -1 : 1;
		sum = place_add(work[i], add);
		if (nonnegative && sum < 0 && work[i] > 0) {
			work[i] = PLACE_UNUSABLE;
			continue;
		}
		if (nonnegative && sum < 0 && work[i] == 0)
			continue;
		work[i] = sum;
	}
	free(best);
}

/*
 * Merge the preferences of r (a dependent) and of what depends on it into
 * nodes (pcmk__add_colocated_node_scores), with PLACE_* flags. Returns a
 * new table (xmalloc'd); when nothing could run and PLACE_ACTIVE is set,
 * a copy of nodes.
 */
int32_t *
place_merge_into(struct sched *s, struct srsc *r, const int32_t *nodes,
    const char *attr, double factor, unsigned flags)
{
	int32_t		*work, *next;
	struct scoloc	*c;
	size_t		 i, size = s->nnodes * sizeof *work;
	int		 sign = factor < 0 ? -1 : 1;

	work = xmalloc(size + 1);
	memcpy(work, nodes, size);
	if (r->flags & SR_MERGING)
		return work;
	r->flags |= SR_MERGING;
	place_add_matching(s, work, r, attr, factor,
	    (flags & PLACE_NONNEGATIVE) != 0);
	if (place_any_available(s, work)) {
		for (i = 0; i < r->nwith_this; i++) {
			c = r->with_this[i];
			if (!c->influence && r->non > 0)
				continue;
			next = place_merge_into(s, c->dependent, work,
			    c->node_attr, sign * (double)c->score /
			    SCORE_INFINITY, flags | PLACE_ACTIVE);
			free(work);
			work = next;
		}
	} else if (flags & PLACE_ACTIVE) {
		memcpy(work, nodes, size);
		r->flags &= ~SR_MERGING;
		return work;
	}
	for (i = 0; (flags & PLACE_NONNEGATIVE) && i < s->nnodes; i++) {
		if (work[i] == PLACE_UNUSABLE)
			work[i] = 1;
	}
	r->flags &= ~SR_MERGING;
	return work;
}

/* A colocation's effect on its dependent's weights (§ apply_coloc). */
static void
place_apply_coloc(struct sched *s, struct srsc *r, const struct scoloc *c)
{
	const struct srsc	*p = c->primary;

	/* A primary not assigned yet (a colocation loop) has no effect. */
	if (!(p->flags & SR_ASSIGNED))
		return;
	if (p->r->kind == RSC_CLONE) {
		clone_apply_coloc(s, r, c);
		return;
	}
	place_coloc_with(s, r, p, c);
}

/*
 * Whether the roles of colocation c let it act on the weights of r with p
 * (pcmk__colocation_affects, for a dependent being placed): a positive one
 * only when both go to the roles it names, a negative one only when
 * neither does.
 */
static int
place_coloc_affects(const struct srsc *r, const struct srsc *p,
    const struct scoloc *c)
{
	enum role	dr = promote_next_role(r), pr = promote_next_role(p);

	if (c->score > 0 && ((c->dependent_role != ROLE_UNKNOWN &&
	    c->dependent_role != dr) || (c->primary_role != ROLE_UNKNOWN &&
	    c->primary_role != pr)))
		return 0;
	if (c->score < 0 && ((c->dependent_role != ROLE_UNKNOWN &&
	    c->dependent_role == dr) || (c->primary_role != ROLE_UNKNOWN &&
	    c->primary_role == pr)))
		return 0;
	return 1;
}

/*
 * A colocation's effect on r's weights with p as its primary, placed
 * already (pcmk__apply_coloc_to_weights): p is a primitive, a group or
 * one instance of a clone.
 */
void
place_coloc_with(struct sched *s, struct srsc *r, const struct srsc *p,
    const struct scoloc *c)
{
	const char	*pv, *v;
	size_t		 i;

	if (!place_coloc_affects(r, p, c))
		return;
	if (p->assigned < 0 && c->score < 0)
		return;
	if (p->assigned < 0) {
		for (i = 0; i < s->nnodes; i++)
			if (r->w[i] != SCORE_ABSENT)
				r->w[i] = place_add(r->w[i], -c->score);
		return;
	}
	pv = unpack_node_attr(&s->nodes[p->assigned], c->node_attr);
	for (i = 0; i < s->nnodes; i++) {
		if (r->w[i] == SCORE_ABSENT)
			continue;
		v = unpack_node_attr(&s->nodes[i], c->node_attr);
		if (place_same_value(v, pv)) {
			if (c->score < SCORE_INFINITY)
				r->w[i] = place_add(r->w[i], c->score);
		} else if (c->score >= SCORE_INFINITY)
			r->w[i] = -SCORE_INFINITY;
	}
}

/* The weight a node counts with when choosing: -INF if unavailable. */
static int
place_effective(struct sched *s, const struct srsc *r, size_t i)
{
	if (!unpack_node_available(&s->nodes[i]))
		return -SCORE_INFINITY;
	return r->w[i];
}

/*
 * The best node for r, or -1 (assign_best_node, compare_nodes): prefer,
 * if not -1, when it is as good as the best and can run resources.
 */
static int
place_best(struct sched *s, const struct srsc *r, int prefer)
{
	const struct srsc	*c = unpack_clone_of(r);
	int			 best = -1, current, wb, wi;
	size_t			 i;

	current = unpack_current(s, r);
	for (i = 0; i < s->nnodes; i++) {
		if (r->w[i] == SCORE_ABSENT)
			continue;
		if (best < 0) {
			best = (int)i;
			continue;
		}
		wb = place_effective(s, r, (size_t)best);
		wi = place_effective(s, r, i);
		if (wi != wb) {
			if (wi > wb)
				best = (int)i;
			continue;
		}
		if (s->nodes[i].nassigned != s->nodes[best].nassigned) {
			if (s->nodes[i].nassigned < s->nodes[best].nassigned)
				best = (int)i;
			continue;
		}
		if ((int)i == current || best == current) {
			if ((int)i == current)
				best = (int)i;
			continue;
		}
		if (strcmp(s->nodes[i].name, s->nodes[best].name) < 0)
			best = (int)i;
	}
	if (best < 0)
		return -1;
	wb = place_effective(s, r, (size_t)best);
	if (prefer >= 0 && r->w[prefer] != SCORE_ABSENT &&
	    r->w[prefer] >= r->w[best] &&
	    unpack_node_available(&s->nodes[prefer]) && r->w[prefer] >= 0)
		return prefer;
	/* Instances of a unique clone were kept in place already. */
	if (wb > 0 && current >= 0 && r->w[current] != SCORE_ABSENT &&
	    place_effective(s, r, (size_t)current) == wb &&
	    (c == NULL || !c->r->meta.globally_unique))
		best = current;
	if (wb < 0)
		return -1;
	return best;
}

static void
place_assign_group(struct sched *s, struct srsc *g, int prefer)
{
	size_t	i;

	if (g->flags & (SR_ASSIGNED | SR_ASSIGNING))
		return;
	g->flags |= SR_ASSIGNING;
	for (i = 0; i < g->nkids; i++)
		place_rsc(s, g->kids[i], prefer);
	g->assigned = g->nkids > 0 ? g->kids[0]->assigned : -1;
	g->flags &= ~SR_ASSIGNING;
	g->flags |= SR_ASSIGNED;
}

/* Apply one colocation r depends on (its primary placed first). */
static void
place_this_with(struct sched *s, struct srsc *r, const struct scoloc *c)
{
	int32_t		*saved;
	size_t		 size = s->nnodes * sizeof *r->w;

	place_rsc(s, c->primary, -1);
	saved = xmalloc(size + 1);
	memcpy(saved, r->w, size);
	place_apply_coloc(s, r, c);
	if (c->score > -SCORE_INFINITY && c->score < SCORE_INFINITY &&
	    !place_any_available(s, r->w))
		memcpy(r->w, saved, size);
	place_trace_diff(s, r, saved, arena_printf(s->ctx->arena,
	    "%s '%s'%s", r->container == c->primary ? "runs inside" :
	    "colocation with", c->primary->id,
	    c->primary->assigned >= 0 ? arena_printf(s->ctx->arena,
	    " (placed on %s)", s->nodes[c->primary->assigned].name) :
	    " (not placed)"), c->model != NULL ? &c->model->loc : NULL);
	free(saved);
}

/*
 * Pull r toward what depends on it (colocation c, "D with r"), with
 * PLACE_* flags.
 */
void
place_with_this(struct sched *s, struct srsc *r, const struct scoloc *c,
    unsigned flags)
{
	int32_t		*saved, *merged;
	size_t		 size = s->nnodes * sizeof *r->w;

	merged = place_merge_into(s, c->dependent, r->w, c->node_attr,
	    (double)c->score / SCORE_INFINITY, flags);
	saved = r->w;
	r->w = merged;
	place_trace_diff(s, r, saved, arena_printf(s->ctx->arena,
	    "what depends on it: '%s'%s", c->dependent->id,
	    c->model == NULL ? " (next in its group)" : ""),
	    c->model != NULL ? &c->model->loc : NULL);
	r->w = saved;
	memcpy(r->w, merged, size);
	free(merged);
}

/*
 * The clone whose colocations r takes as its own (append_parent_colocation):
 * r is one of its instances, or the first member of an instance that is a
 * group. NULL otherwise.
 */
static struct srsc *
place_parent_clone(const struct srsc *r)
{
	const struct srsc	*k = r;

	if (k->parent != NULL && k->parent->r->kind == RSC_GROUP) {
		if (k->parent->nkids == 0 || k->parent->kids[0] != k)
			return NULL;
		k = k->parent;
	}
	if (k->parent != NULL && k->parent->r->kind == RSC_CLONE)
		return k->parent;
	return NULL;
}

/* Assign one primitive (pcmk__primitive_assign), preferring prefer. */
static void
place_assign_prim(struct sched *s, struct srsc *r, int prefer)
{
	struct srsc	*pc;
	struct scoloc	*c;
	size_t		 i;
	int		 all;

	if (r->flags & (SR_ASSIGNED | SR_ASSIGNING))
		return;
	if (r->parent != NULL && r->parent->r->kind == RSC_GROUP &&
	    (r->parent->flags & SR_ASSIGNING) == 0) {
		place_assign_group(s, r->parent, prefer);
		return;
	}
	r->flags |= SR_ASSIGNING;
	pc = place_parent_clone(r);
	all = pc != NULL && (pc->flags & SR_ALL_COLOC);
	for (i = 0; i < r->nthis_with; i++)
		place_this_with(s, r, r->this_with[i]);
	for (i = 0; pc != NULL && i < pc->nthis_with; i++) {
		c = pc->this_with[i];
		if (all || c->score < 0 || c->score >= SCORE_INFINITY)
			place_this_with(s, r, c);
	}
	for (i = 0; i < r->nwith_this; i++) {
		c = r->with_this[i];
		if (!c->influence && r->non > 0)
			continue;
		place_with_this(s, r, c, PLACE_ACTIVE);
	}
	for (i = 0; pc != NULL && i < pc->nwith_this; i++) {
		c = pc->with_this[i];
		if ((!c->influence && r->non > 0) || (!all && c->score >= 0))
			continue;
		place_with_this(s, r, c, PLACE_ACTIVE);
	}
	/*
	 * Its own target-role, inherited from its group or clone unless it
	 * sets one itself (a member's target-role=Started wins over its
	 * clone's Stopped, as meta attributes are inherited in Pacemaker).
	 */
	if (r->flags & SR_DISABLED || r->flags & SR_STOP_ALL) {
		for (i = 0; i < s->nnodes; i++) {
			r->w[i] = -SCORE_INFINITY;
			place_trace(s, r, i, r->flags & SR_STOP_ALL ?
			    "stopped everywhere (on-fail=stop or a fatal "
			    "failure)" : "target-role=Stopped",
			    -SCORE_INFINITY, NULL);
		}
	}

	if ((r->flags & SR_MANAGED) == 0)
		r->assigned = unpack_current(s, r);
	else if (s->m->props.stop_all_resources)
		r->assigned = -1;
	else
		r->assigned = place_best(s, r, prefer);
	if (r->assigned >= 0)
		s->nodes[r->assigned].nassigned++;
	r->next_role = r->assigned >= 0 ? (r->role == ROLE_PROMOTED &&
	    (r->flags & SR_MANAGED) == 0 ? ROLE_PROMOTED : ROLE_STARTED) :
	    ROLE_STOPPED;
	r->flags &= ~SR_ASSIGNING;
	r->flags |= SR_ASSIGNED;
}

/*
 * Assign r (any kind) unless it is already, preferring node prefer (-1:
 * none) as clone instances prefer where they run. Returns its node, -1.
 */
int
place_rsc(struct sched *s, struct srsc *r, int prefer)
{
	switch (r->r->kind) {
	case RSC_PRIMITIVE:
		place_assign_prim(s, r, prefer);
		break;
	case RSC_GROUP:
		place_assign_group(s, r, prefer);
		break;
	case RSC_CLONE:
		clone_assign(s, r);
		break;
	}
	return r->assigned;
}

/* Assign every resource, in priority order. */
void
place_assign(struct sched *s)
{
	size_t	i;

	place_colocations(s);
	for (i = 0; i < s->ntop; i++)
		place_rsc(s, s->top[i], -1);
}
