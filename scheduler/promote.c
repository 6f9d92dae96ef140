/*
 * promote.c: promotable clones in a scheduler run: the promotion scores
 * that steer where instances go, the choice of the instances to promote
 * once they are placed, and the colocations that depend on roles.
 *
 * BEHAVIOR (Pacemaker 2.1.5, pcmk_sched_promotable.c):
 *   - Before its instances are placed, each instance adds its promotion
 *     score (the node attribute master-<rsc>, set by the agent) to its
 *     weight on every node that can run resources, when positive, and
 *     takes the best of them as its priority (the order of placement);
 *     a cloned group's members keep their own weights.
 *     A score counts on a node where the instance runs, where no instance
 *     runs but one was probed, everywhere when nothing is known anywhere,
 *     and where the instance itself is known; never where it may not run.
 *   - Once placed, each instance's promotion priority is its score on its
 *     node (-1 without any score; -INFINITY when it is asked to stay
 *     unpromoted or stopped), plus the scores of the clone's locations
 *     with role=Promoted there, plus or minus (role Unpromoted) the
 *     scores of its role colocations that hold there (a mandatory
 *     "promoted with" whose primary is elsewhere forbids promotion).
 *   - The priorities are added to the clone's weight on each instance's
 *     node, the clone's "promoted with" colocations and the dependents of
 *     its "with promoted" colocations add their preferences, and each
 *     instance's final promotion order is the clone's weight on its node.
 *     Instances are taken in that order (ties: the one promoted now, then
 *     the placement order): the first promoted-max whose order is not
 *     negative, whose node can run resources and holds fewer than
 *     promoted-node-max promoted instances, are promoted; the others are
 *     unpromoted (stopped when not placed).
 *
 * DEVIATIONS: an instance whose first placement on its current node
 * fails takes the clone's colocations once (Pacemaker appends them
 * twice and counts them twice for its role).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sched.h"

/*
 * What the histories say of one primitive of a clone, node by node, and
 * where its promotion scores are among each node's attributes.
 */
struct promote_scan {
	const struct srsc	**active;	/* the first instance's
						   primitive active there */
	uint8_t			 *known;	/* some instance is known there */
	const struct resource	 *rsc;		/* the primitive, or NULL */
	size_t			  rlen;		/* strlen(rsc->name) */
	size_t			 *lo, *hi;	/* per node: the attributes
						   named master-<rsc>... */
};

static enum role promote_role_of(const struct srsc *, int);

/* The primitive of instance k standing for member j (k itself: j 0). */
static struct srsc *
promote_member(const struct srsc *k, size_t j)
{
	if (k->r->kind == RSC_PRIMITIVE)
		return j == 0 ? (struct srsc *)k : NULL;
	return j < k->nkids ? k->kids[j] : NULL;
}

/* Fill scan for member j of clone c's instances. */
static void
promote_scan_fill(struct sched *s, const struct srsc *c, size_t j,
    struct promote_scan *scan)
{
	const struct srsc	*m;
	size_t			 i, n;

	memset(scan->active, 0, s->nnodes * sizeof *scan->active);
	memset(scan->known, 0, s->nnodes);
	scan->rsc = NULL;
	for (i = 0; i < c->nkids; i++) {
		if ((m = promote_member(c->kids[i], j)) == NULL)
			continue;
		if (scan->rsc == NULL)
			scan->rsc = m->r;
		for (n = 0; n < m->non; n++) {
			if (scan->active[m->on[n]] == NULL)
				scan->active[m->on[n]] = m;
		}
		for (n = 0; n < s->nnodes; n++)
			scan->known[n] |= m->known[n];
	}
	if (scan->rsc == NULL)
		return;
	scan->rlen = strlen(scan->rsc->name);
	for (n = 0; n < s->nnodes; n++)
		unpack_attr_range(&s->nodes[n], "master-", scan->rsc->name,
		    scan->rlen, &scan->lo[n], &scan->hi[n]);
}

/* Whether primitive r is known or active anywhere. */
static int
promote_known_anywhere(const struct srsc *r)
{
	return r->non > 0 || r->nknown > 0;
}

/*
 * Whether the promotion score of primitive r (of clone c) counts on node
 * n (promotion_score_applies).
 */
static int
promote_applies(const struct sched *s, const struct srsc *c,
    const struct srsc *r, size_t n, const struct promote_scan *scan)
{
	int	counts = 0;

	if (!c->r->meta.globally_unique) {
		if (scan->active[n] == r)
			counts = 1;
		else if (scan->active[n] == NULL && scan->known[n])
			counts = 1;
	}
	if (!counts && !promote_known_anywhere(r))
		counts = 1;
	if (!counts && (r->known[n] || unpack_active_on(r, n)))
		counts = 1;
	return counts && r->w[n] != SCORE_ABSENT && r->w[n] >= 0;
}

/*
 * Node n's attribute master- followed by the first len bytes of id, for
 * primitive r: among those scan found for r's resource when id starts
 * with its name (it does, but for orphans), else among all.
 */
static const char *
promote_attr(const struct sched *s, const struct promote_scan *scan,
    const struct srsc *r, size_t n, const char *id, size_t len)
{
	if (scan->rsc == r->r && len >= scan->rlen &&
	    strncmp(id, scan->rsc->name, scan->rlen) == 0)
		return unpack_node_attr_in(&s->nodes[n], scan->lo[n],
		    scan->hi[n], "master-", id, len);
	return unpack_node_attr_key(&s->nodes[n], "master-", id, len);
}

/*
 * The promotion score of primitive r on node n: master-<name> where name
 * is the id its history has (or its own), else, for an anonymous clone,
 * its id without the instance number. *set: whether there was one.
 */
static int
promote_attr_score(struct sched *s, const struct srsc *c,
    const struct srsc *r, size_t n, const struct promote_scan *scan, int *set)
{
	const char	*name = r->clone_name != NULL ? r->clone_name : r->id;
	const char	*v, *colon;

	v = promote_attr(s, scan, r, n, name, strlen(name));
	if (v == NULL && !c->r->meta.globally_unique &&
	    (colon = strrchr(r->id, ':')) != NULL)
		v = promote_attr(s, scan, r, n, r->id,
		    (size_t)(colon - r->id));
	if (v == NULL)
		return 0;
	*set = 1;
	return place_score(v);
}

/*
 * The promotion score of instance k on node n (promotion_score): a
 * group's is its members' sum. *set: whether any member had one.
 */
static int
promote_score(struct sched *s, const struct srsc *c, const struct srsc *k,
    size_t n, struct promote_scan *scans, int *set)
{
	const struct srsc	*m;
	size_t			 j;
	int			 score = 0;

	*set = 0;
	for (j = 0; (m = promote_member(k, j)) != NULL; j++) {
		if (promote_applies(s, c, m, n, &scans[j]))
			score += promote_attr_score(s, c, m, n, &scans[j],
			    set);
	}
	return score;
}

/* The most members an instance of c has (1 for a clone of a primitive). */
static size_t
promote_nmembers(const struct srsc *c)
{
	size_t	i, n = 1;

	for (i = 0; i < c->nkids; i++) {
		if (c->kids[i]->r->kind == RSC_GROUP && c->kids[i]->nkids > n)
			n = c->kids[i]->nkids;
	}
	return n;
}

/* Scans of every member of c's instances (free with promote_scans_free). */
static struct promote_scan *
promote_scans(struct sched *s, const struct srsc *c, size_t *count)
{
	struct promote_scan	*scans;
	size_t			 j;

	*count = promote_nmembers(c);
	scans = xcalloc(*count + 1, sizeof *scans);
	for (j = 0; j < *count; j++) {
		scans[j].active = xcalloc(s->nnodes + 1,
		    sizeof *scans[j].active);
		scans[j].known = xcalloc(s->nnodes + 1, 1);
		scans[j].lo = xcalloc(s->nnodes + 1, sizeof *scans[j].lo);
		scans[j].hi = xcalloc(s->nnodes + 1, sizeof *scans[j].hi);
		promote_scan_fill(s, c, j, &scans[j]);
	}
	return scans;
}

static void
promote_scans_free(struct promote_scan *scans, size_t count)
{
	size_t	j;

	for (j = 0; j < count; j++) {
		free(scans[j].active);
		free(scans[j].known);
		free(scans[j].lo);
		free(scans[j].hi);
	}
	free(scans);
}

/* The weights instance k is placed by (a group: its first member's). */
static int32_t *
promote_weights(struct srsc *k)
{
	return k->r->kind == RSC_GROUP && k->nkids > 0 ? k->kids[0]->w : k->w;
}

/*
 * Promotion scores into the weights and priorities of c's instances,
 * before they are placed (pcmk__add_promotion_scores).
 */
void
promote_add_scores(struct sched *s, struct srsc *c)
{
	struct promote_scan	*scans;
	struct srsc		*k;
	int32_t			*w;
	size_t			 i, n, count;
	int			 score, set;

	scans = promote_scans(s, c, &count);
	for (i = 0; i < c->nkids; i++) {
		k = c->kids[i];
		w = promote_weights(k);
		for (n = 0; n < s->nnodes; n++) {
			if (w[n] == SCORE_ABSENT ||
			    !unpack_node_available(&s->nodes[n]))
				continue;
			score = promote_score(s, c, k, n, scans, &set);
			/*
			 * A cloned group's own weights only order the
			 * instances; its members are placed by theirs.
			 */
			if (score > 0 && k->r->kind == RSC_PRIMITIVE) {
				w[n] = place_add(w[n], score);
				place_trace(s, k, n, "promotion score", score,
				    NULL);
			}
			if (score > k->priority)
				k->priority = score;
		}
	}
	promote_scans_free(scans, count);
}

/* Whether two nodes are the same place for colocation c. */
static int
promote_same_place(struct sched *s, const struct scoloc *c, int a, int b)
{
	const char	*x, *y;

	if (strcmp(c->node_attr, "#uname") == 0)
		return a == b;
	x = unpack_node_attr(&s->nodes[a], c->node_attr);
	y = unpack_node_attr(&s->nodes[b], c->node_attr);
	return x != NULL && y != NULL && strcasecmp(x, y) == 0;
}

/* A colocation's role, Started meaning any (as pcmk__new_colocation). */
static enum role
promote_role(enum role r)
{
	return r == ROLE_STARTED ? ROLE_UNKNOWN : r;
}

/*
 * The role a resource is going to have, as far as colocations see it
 * while roles are chosen: an instance of a promotable clone its chosen
 * role, anything else the role asked for (pcmk__colocation_affects).
 */
enum role
promote_next_role(const struct srsc *r)
{
	const struct srsc	*c = unpack_clone_of(r);

	if (c != NULL && c->r->promotable && (c->flags & SR_ASSIGNED))
		return r->next_role;
	return r->req_role;
}

/*
 * Colocation c of instance k (placed on its node) with primary p, for
 * k's promotion priority (pcmk__apply_coloc_to_priority).
 */
static void
promote_coloc_with(struct sched *s, struct srsc *k, const struct srsc *p,
    const struct scoloc *c)
{
	enum role	pr = promote_role(c->primary_role);

	if (p->assigned < 0 || k->assigned < 0)
		return;
	if (!promote_same_place(s, c, k->assigned, p->assigned)) {
		if (c->score >= SCORE_INFINITY &&
		    c->dependent_role == ROLE_PROMOTED)
			k->priority = -SCORE_INFINITY;
		return;
	}
	if (pr != ROLE_UNKNOWN && pr != p->next_role)
		return;
	k->priority = place_add(c->dependent_role == ROLE_UNPROMOTED ?
	    -c->score : c->score, k->priority);
}

/* The instance of clone p on node n, in role (ROLE_UNKNOWN: any). */
static const struct srsc *
promote_instance_on(const struct srsc *p, int n, enum role role)
{
	const struct srsc	*k;
	size_t			 i, j;
	int			 blocked;

	for (i = 0; i < p->nkids; i++) {
		k = p->kids[i];
		blocked = (k->flags & SR_BLOCKED) != 0;
		for (j = 0; j < k->nkids; j++)
			blocked |= (k->kids[j]->flags & SR_BLOCKED) != 0;
		if (blocked || k->assigned != n)
			continue;
		if (role != ROLE_UNKNOWN && promote_role_of(k, 1) != role)
			continue;
		return k;
	}
	return NULL;
}

/*
 * A colocation of instance k's clone (or of k) with a role of the
 * dependent, for k's promotion priority (set_instance_priority: its
 * colocations, through the primary's apply_coloc_score).
 */
static void
promote_coloc(struct sched *s, struct srsc *k, const struct scoloc *c)
{
	const struct srsc	*p = c->primary, *pk;
	const struct srsc	*d = c->dependent;
	enum role		 pr = promote_role(c->primary_role);
	size_t			 i;

	if (c->dependent_role != ROLE_PROMOTED &&
	    c->dependent_role != ROLE_UNPROMOTED)
		return;
	if (p->r->kind != RSC_CLONE) {
		promote_coloc_with(s, k, p, c);
		return;
	}
	if (!(p->flags & SR_ASSIGNED))
		return;
	if (p->r->promotable && pr != ROLE_UNKNOWN &&
	    c->dependent_role == ROLE_PROMOTED) {
		/* pcmk__update_promotable_dependent_priority */
		pk = promote_instance_on(p, k->assigned, pr);
		if (pk != NULL)
			k->priority = place_add(k->priority, c->score);
		else if (c->score >= SCORE_INFINITY)
			k->priority = -SCORE_INFINITY;
		return;
	}
	if (d->r->kind == RSC_CLONE && d->r->meta.interleave &&
	    clone_node_max(d) == clone_node_max(p)) {
		pk = promote_instance_on(p, k->assigned, ROLE_UNKNOWN);
		if (pk != NULL)
			promote_coloc_with(s, k, pk, c);
		return;
	}
	if (c->score >= SCORE_INFINITY)
		return;
	for (i = 0; i < p->nkids; i++)
		promote_coloc_with(s, k, p->kids[i], c);
}

/*
 * The role instance k has now (next: 0) or is going to have (next: 1): a
 * group's is its members' best.
 */
static enum role
promote_role_of(const struct srsc *k, int next)
{
	enum role	role = ROLE_UNKNOWN, r;
	size_t		i;

	if (k->r->kind == RSC_PRIMITIVE)
		return next ? k->next_role : k->role;
	for (i = 0; i < k->nkids; i++) {
		r = next ? k->kids[i]->next_role : k->kids[i]->role;
		if (r > role)
			role = r;
	}
	return role;
}

/*
 * The role instance k asks for before roles are chosen (state(FALSE)): an
 * unmanaged one keeps its role; else what target-role or a failure asks.
 */
static enum role
promote_asked(const struct srsc *k)
{
	enum role	role = ROLE_UNKNOWN, r;
	size_t		i;

	if (k->r->kind == RSC_PRIMITIVE)
		return (k->flags & SR_MANAGED) ? k->req_role : k->role;
	for (i = 0; i < k->nkids; i++) {
		r = promote_asked(k->kids[i]);
		if (r > role)
			role = r;
	}
	return role;
}

/* Set the next role of instance k and its members. */
static void
promote_set_next(struct srsc *k, int promoted)
{
	size_t	i;

	if (k->r->kind == RSC_PRIMITIVE) {
		if (promoted)
			k->next_role = ROLE_PROMOTED;
		else
			k->next_role = k->assigned >= 0 ? ROLE_UNPROMOTED :
			    ROLE_STOPPED;
		return;
	}
	for (i = 0; i < k->nkids; i++)
		promote_set_next(k->kids[i], promoted);
}

/*
 * The promotion priority of instance k (set_instance_priority), with the
 * clone's Promoted-role locations (locs, nlocs of them) and its role
 * colocations.
 */
static void
promote_priority(struct sched *s, struct srsc *c, struct srsc *k,
    struct promote_scan *scans, const struct location **locs, size_t nlocs)
{
	size_t			 i;
	int			 set, all = (c->flags & SR_ALL_COLOC) != 0;
	enum role		 asked;

	if (k->assigned < 0)
		return;
	asked = promote_asked(k);
	switch (asked) {
	case ROLE_STARTED:
	case ROLE_UNKNOWN:
		k->priority = promote_score(s, c, k, (size_t)k->assigned,
		    scans, &set);
		if (!set)
			k->priority = -1;
		break;
	case ROLE_UNPROMOTED:
	case ROLE_STOPPED:
		k->priority = -SCORE_INFINITY;
		break;
	case ROLE_PROMOTED:
		break;
	}
	for (i = 0; i < nlocs; i++)
		k->priority = place_add(k->priority, place_location_score(s,
		    locs[i], (size_t)k->assigned));
	for (i = 0; i < k->nthis_with; i++)
		promote_coloc(s, k, k->this_with[i]);
	for (i = 0; i < c->nthis_with; i++) {
		if (all || c->this_with[i]->score < 0 ||
		    c->this_with[i]->score >= SCORE_INFINITY)
			promote_coloc(s, k, c->this_with[i]);
	}
	k->sort_index = asked == ROLE_PROMOTED ? SCORE_INFINITY : k->priority;
}

/* The order in which instances are promoted (cmp_promotable_instance). */
static int
promote_cmp(const struct sched *s, const struct srsc *c, struct srsc *a,
    struct srsc *b)
{
	enum role	ra, rb;

	if (a->sort_index != b->sort_index)
		return a->sort_index > b->sort_index ? -1 : 1;
	ra = promote_role_of(a, 0);
	rb = promote_role_of(b, 0);
	if (ra != rb)
		return ra > rb ? -1 : 1;
	return clone_cmp(s, c, a, b);
}

/*
 * Whether instance k can be promoted on its node (node_to_be_promoted_on),
 * with count promoted instances per node already.
 */
static int
promote_can(struct sched *s, const struct srsc *c, const struct srsc *k,
    const int *count)
{
	size_t	i;
	int	n = k->assigned;

	for (i = 0; k->r->kind == RSC_GROUP && i < k->nkids; i++) {
		if (!promote_can(s, c, k->kids[i], count))
			return 0;
	}
	if (n < 0)
		return 0;
	if (!(k->flags & SR_MANAGED)) {
		if (promote_role_of(k, 0) != ROLE_PROMOTED)
			return 0;
	} else if (k->priority < 0)
		return 0;
	else if (!unpack_node_available(&s->nodes[n]))
		return 0;
	if (c->w[n] == SCORE_ABSENT)
		return 0;
	if (count[n] >= c->r->meta.promoted_node_max &&
	    (k->flags & SR_MANAGED))
		return 0;
	return 1;
}

/*
 * Choose the roles of clone c's instances once they are placed
 * (pcmk__set_instance_roles): see BEHAVIOR above.
 */
void
promote_set_roles(struct sched *s, struct srsc *c)
{
	struct promote_scan	*scans;
	struct srsc		**v, *k, *x;
	const struct scoloc	*cl;
	const struct location	*l, **locs = NULL;
	int32_t			*merged;
	int			*count, promoted = 0, n;
	size_t			 i, j, nscans, nlocs = 0;

	for (i = 0; i < s->m->nlocations; i++) {
		l = s->m->locations[i];
		if (l->role != ROLE_PROMOTED || l->rsc == NULL ||
		    strcmp(l->rsc->name, c->id) != 0)
			continue;
		locs = xreallocarray(locs, nlocs + 1, sizeof *locs);
		locs[nlocs++] = l;
	}
	scans = promote_scans(s, c, &nscans);
	for (i = 0; i < c->nkids; i++)
		promote_priority(s, c, c->kids[i], scans, locs, nlocs);
	promote_scans_free(scans, nscans);
	free(locs);

	/* sort_promotable_instances: the clone's weights, then the order */
	c->flags |= SR_MERGING;
	for (i = 0; i < c->nkids; i++) {
		k = c->kids[i];
		if (k->sort_index < 0 || k->assigned < 0)
			continue;
		c->w[k->assigned] = place_add(k->sort_index,
		    c->w[k->assigned]);
	}
	for (i = 0; i < c->nthis_with; i++) {
		cl = c->this_with[i];
		if (cl->dependent_role != ROLE_PROMOTED)
			continue;
		merged = place_merge_into(s, cl->primary, c->w, cl->node_attr,
		    (double)cl->score / SCORE_INFINITY,
		    cl->score < SCORE_INFINITY ? PLACE_ACTIVE : 0);
		memcpy(c->w, merged, s->nnodes * sizeof *c->w);
		free(merged);
	}
	for (i = 0; i < c->nwith_this; i++) {
		cl = c->with_this[i];
		if (promote_role(cl->primary_role) != ROLE_PROMOTED ||
		    (!cl->influence && c->non > 0))
			continue;
		merged = place_merge_into(s, cl->dependent, c->w, cl->node_attr,
		    (double)cl->score / SCORE_INFINITY,
		    PLACE_ACTIVE | PLACE_NONNEGATIVE);
		memcpy(c->w, merged, s->nnodes * sizeof *c->w);
		free(merged);
	}
	/* pcmk__require_promotion_tickets: a ticket for the Promoted role,
	 * not held, bans promotion everywhere (ticket.c) */
	if (c->flags & SR_NO_PROMOTE)
		for (i = 0; i < s->nnodes; i++)
			c->w[i] = place_add(c->w[i], -SCORE_INFINITY);
	c->flags &= ~SR_MERGING;
	for (i = 0; i < c->nkids; i++) {
		k = c->kids[i];
		if (!(k->flags & SR_MANAGED) &&
		    promote_asked(k) == ROLE_PROMOTED)
			k->sort_index = SCORE_INFINITY;
		else if (k->assigned >= 0 && k->sort_index >= 0)
			k->sort_index = c->w[k->assigned];
	}

	v = xreallocarray(NULL, c->nkids + 1, sizeof *v);
	memcpy(v, c->kids, c->nkids * sizeof *v);
	for (i = 1; i < c->nkids; i++) {	/* stable insertion sort */
		x = v[i];
		for (j = i; j > 0 && promote_cmp(s, c, v[j - 1], x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}

	/* set_instance_role */
	count = xcalloc(s->nnodes + 1, sizeof *count);
	for (i = 0; i < c->nkids; i++) {
		k = v[i];
		n = -1;
		if (k->sort_index >= 0 &&
		    (promoted < c->r->meta.promoted_max ||
		    !(c->flags & SR_MANAGED)) && promote_can(s, c, k, count))
			n = k->assigned;
		if (n >= 0 && promote_role_of(k, 0) < ROLE_PROMOTED &&
		    !s->have_quorum &&
		    s->m->props.no_quorum_policy == NO_QUORUM_FREEZE)
			n = -1;
		promote_set_next(k, n >= 0);
		if (n < 0)
			continue;
		count[n]++;
		promoted++;
	}
	free(count);
	free(v);
	for (i = 0; i < c->nkids; i++)
		c->kids[i]->priority = c->priority;
}

/*
 * A colocation of r (being placed) with a role of promotable clone
 * c->primary, placed already (pcmk__update_dependent_with_promotable):
 * an optional one adds its score where an instance in that role is; a
 * mandatory one allows only those nodes, adding the instances' weights
 * (not for "promoted with promoted", which decides roles only).
 */
void
promote_apply_coloc(struct sched *s, struct srsc *r, const struct scoloc *c)
{
	const struct srsc	*p = c->primary, *k;
	int32_t			*add;
	uint8_t			*affected;
	size_t			 i, j;

	add = xcalloc(s->nnodes + 1, sizeof *add);
	affected = xcalloc(s->nnodes + 1, 1);
	for (j = 0; j < p->nkids; j++) {
		k = p->kids[j];
		if (k->assigned < 0 || promote_role_of(k, 1) != c->primary_role)
			continue;
		for (i = 0; c->score < SCORE_INFINITY && i < s->nnodes; i++) {
			if (r->w[i] != SCORE_ABSENT &&
			    promote_same_place(s, c, (int)i, k->assigned))
				r->w[i] = place_add(r->w[i], c->score);
		}
		affected[k->assigned] = 1;
		add[k->assigned] = promote_weights((struct srsc *)k)[k->assigned];
	}
	if (c->score >= SCORE_INFINITY && (c->dependent_role != ROLE_PROMOTED ||
	    c->primary_role != ROLE_PROMOTED)) {
		for (i = 0; i < s->nnodes; i++) {
			if (r->w[i] == SCORE_ABSENT)
				continue;
			r->w[i] = affected[i] ? place_add(r->w[i], add[i]) :
			    -SCORE_INFINITY;
		}
	}
	free(add);
	free(affected);
}

/* The promote of instance k (a group: its first member's), or NULL. */
static struct action *
promote_kid_promote(const struct srsc *k)
{
	if (k->r->kind == RSC_GROUP)
		return k->nkids > 0 ? k->kids[0]->promote : NULL;
	return k->promote;
}

/*
 * Order every demote of instance k (a group: of its members) before then
 * (first: 1) or after first (first: 0), with flags.
 */
static void
promote_order_demotes(struct sched *s, const struct srsc *k,
    struct action *other, int before, unsigned flags)
{
	size_t	i;

	if (k->r->kind == RSC_GROUP) {
		for (i = 0; i < k->nkids; i++)
			promote_order_demotes(s, k->kids[i], other, before,
			    flags);
		return;
	}
	for (i = 0; k->demotes != NULL && i < k->non; i++) {
		if (before)
			actions_order(s, k->demotes[i], other, flags);
		else
			actions_order(s, other, k->demotes[i], flags);
	}
}

/*
 * The milestones of promotable clone c (promote, promoted, demote,
 * demoted: pseudo actions) and their orderings with the clone's other
 * milestones and its instances' promotes and demotes
 * (pe__create_promotable_pseudo_ops, pcmk__order_promotable_instances,
 * pcmk__promotable_restart_ordering): demotes first, then stops, starts
 * and promotes; ordered=true promotes one instance after another and
 * demotes them in reverse.
 */
void
promote_actions(struct sched *s, struct srsc *c)
{
	struct action	*kp, *prevp = NULL;
	const struct srsc *k, *prev = NULL;
	size_t		 i, j;

	c->promote = actions_new(s, TASK_PROMOTE, c, -1);
	c->promoted = actions_new(s, TASK_PROMOTED, c, -1);
	c->demote = actions_new(s, TASK_DEMOTE, c, -1);
	c->demoted = actions_new(s, TASK_DEMOTED, c, -1);
	c->promote->flags |= AF_PSEUDO;
	c->promoted->flags |= AF_PSEUDO;
	c->demote->flags |= AF_PSEUDO;
	c->demoted->flags |= AF_PSEUDO;
	actions_order(s, c->demoted, c->group_stop, OF_OPTIONAL);
	actions_order(s, c->group_running, c->promote, OF_RUNNABLE_LEFT);
	actions_order(s, c->group_stopped, c->promote, OF_OPTIONAL);
	actions_order(s, c->demoted, c->group_start, OF_OPTIONAL);
	actions_order(s, c->demoted, c->promote, OF_OPTIONAL);
	actions_order(s, c->demote, c->demoted, OF_OPTIONAL);
	for (i = 0; i < c->nkids; i++) {
		k = c->kids[i];
		kp = promote_kid_promote(k);
		actions_order(s, c->promote, kp, OF_OPTIONAL);
		actions_order(s, kp, c->promoted, OF_OPTIONAL);
		/* a cloned group: its members' promotes, through its own */
		for (j = 1; k->r->kind == RSC_GROUP && j < k->nkids; j++) {
			actions_order(s, c->promote, k->kids[j]->promote,
			    OF_OPTIONAL);
			actions_order(s, k->kids[j]->promote, c->promoted,
			    OF_OPTIONAL);
		}
		promote_order_demotes(s, k, c->demote, 0, OF_PRINT_FIRST);
		promote_order_demotes(s, k, c->demoted, 1, OF_PRINT_THEN);
		if (c->r->meta.ordered && prev != NULL) {
			actions_order(s, prevp, kp, OF_OPTIONAL);
			if (prev->r->kind == RSC_PRIMITIVE)
				for (j = 0; prev->demotes != NULL &&
				    j < prev->non; j++)
					promote_order_demotes(s, k,
					    prev->demotes[j], 1, OF_OPTIONAL);
		}
		prev = k;
		prevp = kp;
	}
	notify_promotable(s, c);
}
