/*
 * clone.c: clones in a scheduler run: which instance goes to which node,
 * colocations with a clone, and the clone's milestones (start, running,
 * stop, stopped) around its instances' actions.
 *
 * BEHAVIOR (Pacemaker 2.1.5, pcmk_sched_clone.c, pcmk_sched_resource.c,
 * pcmk_sched_bundle.c):
 *   - Instances are placed in an order that keeps them where they run:
 *     active ones first (the less multiply active first), those active on
 *     a node they may no longer use last, then by priority, by whether
 *     their node can run resources, failed ones after the others, and by
 *     instance number (pcmk__cmp_instance).
 *   - distribute_children: first each active, not failed instance is
 *     offered its current node, as long as that node holds fewer than
 *     clone-max / available-nodes instances; then the others are placed
 *     like primitives, at most clone-node-max per node, never on a node
 *     the clone may not use; instances beyond clone-max are stopped.
 *   - When the clone has fewer instances than nodes, each instance takes
 *     all of the clone's colocations; otherwise only the mandatory and the
 *     negative ones (append_parent_colocation).
 *   - A colocation with a clone as primary: interleaved (the dependent is
 *     a clone with interleave=true) it pairs with the primary's instance
 *     on the best node; mandatory, it allows only nodes holding an
 *     instance; otherwise each instance adds the score where it runs.
 *   - The milestones are pseudo actions; each instance starts after the
 *     clone's start and before its running, stops after its stop and
 *     before its stopped. A milestone is required when an instance's
 *     action is, and runnable when any instance's action is
 *     (summary_action_flags). An ordering with the clone second applies to
 *     each instance's action too (pcmk__multi_update_actions).
 *
 * DEVIATIONS: the "cumulative colocation score on the current node" tie
 * break of pcmk__cmp_instance is not applied.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

/* The node an instance is active on, as pe__find_active_on; -1 inactive. */
static int
clone_current(const struct sched *s, const struct srsc *k)
{
	size_t	i;

	if (k->r->kind == RSC_PRIMITIVE)
		return unpack_current(s, k);
	for (i = 0; i < k->nkids; i++) {
		if (k->kids[i]->non > 0)
			return unpack_current(s, k->kids[i]);
	}
	return -1;
}

/* On how many nodes an instance is active (a group: its busiest member). */
static size_t
clone_nactive(const struct srsc *k)
{
	size_t	i, n = k->non;

	for (i = 0; i < k->nkids; i++) {
		if (k->kids[i]->non > n)
			n = k->kids[i]->non;
	}
	return n;
}

/* Whether an instance, or a member of it, has a flag (SR_FAILED, ...). */
static int
clone_any_flag(const struct srsc *k, unsigned flag)
{
	size_t	i;

	if (k->flags & flag)
		return 1;
	for (i = 0; i < k->nkids; i++) {
		if (clone_any_flag(k->kids[i], flag))
			return 1;
	}
	return 0;
}

/* The weights an instance is placed by: its own, a group's first member's. */
static int32_t *
clone_weights(struct srsc *k)
{
	return k->r->kind == RSC_GROUP && k->nkids > 0 ? k->kids[0]->w : k->w;
}

/*
 * The most instances of clone c on one node: clone-node-max, which an
 * anonymous clone ignores (one each, as clone_unpack decides).
 */
int
clone_node_max(const struct srsc *c)
{
	return c->r->meta.globally_unique ? c->r->meta.clone_node_max : 1;
}

/* The order in which instances are placed (pcmk__cmp_instance). */
int
clone_cmp(const struct sched *s, const struct srsc *c, struct srsc *a,
    struct srsc *b)
{
	size_t	na = clone_nactive(a), nb = clone_nactive(b);
	int	ca = clone_current(s, a), cb = clone_current(s, b);
	int	oka, okb, x, y;

	if (na > 0 && nb > 0 && na != nb)
		return na < nb ? -1 : 1;
	oka = ca < 0 || (clone_weights(a)[ca] != SCORE_ABSENT &&
	    clone_weights(a)[ca] >= 0);
	okb = cb < 0 || (clone_weights(b)[cb] != SCORE_ABSENT &&
	    clone_weights(b)[cb] >= 0);
	if (oka != okb)
		return oka ? -1 : 1;
	if (!oka)
		ca = -1;
	if (!okb)
		cb = -1;
	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (ca < 0 || cb < 0) {
		if (ca >= 0 || cb >= 0)
			return ca >= 0 ? -1 : 1;
		return 0;
	}
	x = unpack_node_available(&s->nodes[ca]);
	y = unpack_node_available(&s->nodes[cb]);
	if (x != y)
		return x ? -1 : 1;
	x = c->w[ca] != SCORE_ABSENT;
	y = c->w[cb] != SCORE_ABSENT;
	if (x != y)
		return x ? -1 : 1;
	if (!x)
		return 0;
	x = clone_any_flag(a, SR_FAILED);
	y = clone_any_flag(b, SR_FAILED);
	if (x != y)
		return x ? 1 : -1;
	return a->inum < b->inum ? -1 : a->inum > b->inum;
}

/* A stable insertion sort: equal instances keep their order. */
static void
clone_sort(const struct sched *s, const struct srsc *c, struct srsc **v,
    size_t n)
{
	struct srsc	*x;
	size_t		 i, j;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && clone_cmp(s, c, v[j - 1], x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Set an instance's weight on node i (common_update_score: all members). */
static void
clone_set_weight(struct srsc *k, size_t i, int score)
{
	size_t	j;

	if (k->w[i] != SCORE_ABSENT)
		k->w[i] = score;
	for (j = 0; j < k->nkids; j++)
		clone_set_weight(k->kids[j], i, score);
}

/*
 * Keep instance k off the nodes it cannot use (can_run_instance): nodes
 * that cannot run resources, that the clone may not use, and those that
 * hold limit instances already.
 */
static void
clone_can_run(struct sched *s, const struct srsc *c, struct srsc *k,
    const int *count, int limit)
{
	const int32_t	*w = clone_weights(k);
	size_t		 i;

	for (i = 0; i < s->nnodes; i++) {
		if (w[i] == SCORE_ABSENT)
			continue;
		if (!unpack_node_available(&s->nodes[i]) ||
		    (k->flags & SR_ORPHAN) || c->w[i] == SCORE_ABSENT)
			clone_set_weight(k, i, -SCORE_INFINITY);
		else if (c->w[i] < 0)
			clone_set_weight(k, i, c->w[i]);
		else if (count[i] >= limit)
			clone_set_weight(k, i, -SCORE_INFINITY);
	}
}

/* Save or restore the weights of an instance and its members. */
static void
clone_save(struct sched *s, struct srsc *k, int32_t **buf, size_t *pos,
    int restore)
{
	size_t	size = s->nnodes * sizeof *k->w, j;

	if (restore)
		memcpy(k->w, buf[(*pos)++], size);
	else {
		buf[*pos] = xmalloc(size + 1);
		memcpy(buf[(*pos)++], k->w, size);
	}
	for (j = 0; j < k->nkids; j++)
		clone_save(s, k->kids[j], buf, pos, restore);
}

/* Undo the placement of an instance (pcmk__unassign_resource). */
static void
clone_unassign(struct sched *s, struct srsc *k)
{
	size_t	j;

	if (k->r->kind == RSC_PRIMITIVE && k->assigned >= 0)
		s->nodes[k->assigned].nassigned--;
	k->assigned = -1;
	k->next_role = ROLE_UNKNOWN;
	k->flags &= ~SR_ASSIGNED;
	for (j = 0; j < k->nkids; j++)
		clone_unassign(s, k->kids[j]);
}

/*
 * Place one instance (allocate_instance), on prefer only if prefer is not
 * -1; 1 if it was placed.
 */
static int
clone_place_one(struct sched *s, struct srsc *c, struct srsc *k, int prefer,
    int *count, int limit)
{
	int32_t	*saved[64];
	size_t	 n = 0, i;
	int	 chosen;

	if (k->flags & SR_ASSIGNED)
		return k->assigned >= 0;
	if (prefer >= 0 && (clone_weights(k)[prefer] == SCORE_ABSENT ||
	    clone_weights(k)[prefer] < 0))
		return 0;
	clone_can_run(s, c, k, count, limit);
	if (1 + k->nkids > nitems(saved))
		prefer = -1;	/* no room to undo: no preference */
	if (prefer >= 0)
		clone_save(s, k, saved, &n, 0);
	chosen = place_rsc(s, k, prefer);
	if (prefer >= 0 && chosen != prefer) {
		clone_unassign(s, k);
		n = 0;
		clone_save(s, k, saved, &n, 1);
		chosen = -1;
	}
	for (i = 0; i < n; i++)
		free(saved[i]);
	if (chosen < 0)
		return 0;
	count[chosen]++;
	return 1;
}

/* Whether any instance of c is active. */
int
clone_active(const struct srsc *c)
{
	size_t	i;

	for (i = 0; i < c->nkids; i++) {
		if (clone_nactive(c->kids[i]) > 0)
			return 1;
	}
	return 0;
}

/* Stop an instance for good: no node at all. */
static void
clone_ban(struct sched *s, struct srsc *k)
{
	size_t	i;

	for (i = 0; i < s->nnodes; i++)
		clone_set_weight(k, i, -SCORE_INFINITY);
	place_rsc(s, k, -1);
}

/*
 * Place clone c (pcmk__clone_allocate and distribute_children): what it
 * depends on first, then its instances in clone_cmp order.
 */
void
clone_assign(struct sched *s, struct srsc *c)
{
	struct srsc	**v;
	int		 *count, max, per_node, loop_max, placed = 0, cur;
	size_t		  i, available = 0;

	if (c->flags & (SR_ASSIGNED | SR_ASSIGNING))
		return;
	if (c->r->promotable)
		promote_add_scores(s, c);
	c->flags |= SR_ASSIGNING;
	for (i = 0; i < c->nthis_with; i++)
		place_rsc(s, c->this_with[i]->primary, -1);
	for (i = 0; i < c->nwith_this; i++) {
		if (c->with_this[i]->influence || !clone_active(c))
			place_with_this(s, c, c->with_this[i],
			    PLACE_ACTIVE | PLACE_NONNEGATIVE);
	}

	max = c->r->meta.clone_max >= 0 ? c->r->meta.clone_max :
	    (int)s->m->nnodes;
	if (max > (int)c->nkids)
		max = (int)c->nkids;
	per_node = clone_node_max(c);
	for (i = 0; i < s->nnodes; i++) {
		if (c->w[i] != SCORE_ABSENT &&
		    unpack_node_available(&s->nodes[i]))
			available++;
	}
	if ((size_t)max < available)
		c->flags |= SR_ALL_COLOC;
	loop_max = available > 0 ? max / (int)available : 0;
	if (loop_max < 1)
		loop_max = 1;

	v = xreallocarray(NULL, c->nkids + 1, sizeof *v);
	memcpy(v, c->kids, c->nkids * sizeof *v);
	clone_sort(s, c, v, c->nkids);
	count = xcalloc(s->nnodes + 1, sizeof *count);
	/* Keep active instances where they are, up to an even share. */
	for (i = 0; i < c->nkids && placed < max; i++) {
		cur = clone_current(s, v[i]);
		if (cur < 0 || (v[i]->flags & SR_ASSIGNED) ||
		    clone_any_flag(v[i], SR_FAILED) ||
		    !unpack_node_available(&s->nodes[cur]))
			continue;
		if (c->w[cur] != SCORE_ABSENT && count[cur] >= loop_max)
			continue;
		placed += clone_place_one(s, c, v[i], cur, count, per_node);
	}
	for (i = 0; i < c->nkids; i++) {
		if (v[i]->flags & SR_ASSIGNED)
			continue;
		if (placed >= max)
			clone_ban(s, v[i]);
		else
			placed += clone_place_one(s, c, v[i], -1, count,
			    per_node);
	}
	free(count);
	free(v);
	if (c->r->promotable)
		promote_set_roles(s, c);
	c->flags &= ~SR_ASSIGNING;
	c->flags |= SR_ASSIGNED;
}

/* The instance of clone p placed on node n, not blocked; NULL if none. */
static const struct srsc *
clone_instance_on(const struct srsc *p, int n)
{
	size_t	i;

	for (i = 0; i < p->nkids; i++) {
		if (p->kids[i]->assigned == n &&
		    !clone_any_flag(p->kids[i], SR_BLOCKED))
			return p->kids[i];
	}
	return NULL;
}

/*
 * Node i before node j for r (compare_nodes without a preferred node):
 * higher weight, then fewer resources placed, then by name.
 */
static int
clone_node_cmp(const struct sched *s, const struct srsc *r, size_t i,
    size_t j)
{
	if (r->w[i] != r->w[j])
		return r->w[i] > r->w[j] ? -1 : 1;
	if (s->nodes[i].nassigned != s->nodes[j].nassigned)
		return s->nodes[i].nassigned < s->nodes[j].nassigned ? -1 : 1;
	return strcmp(s->nodes[i].name, s->nodes[j].name);
}

/*
 * The colocation c of dependent r with clone c->primary, placed already
 * (pcmk__clone_apply_coloc_score).
 */
void
clone_apply_coloc(struct sched *s, struct srsc *r, const struct scoloc *c)
{
	const struct srsc	*p = c->primary, *d = c->dependent, *k;
	uint8_t			*keep;
	size_t			 i, j;
	int			 best;

	if (p->r->promotable && c->primary_role != ROLE_UNKNOWN) {
		promote_apply_coloc(s, r, c);
		return;
	}
	if (d->r->kind == RSC_CLONE && d->r->meta.interleave &&
	    clone_node_max(d) == clone_node_max(p)) {
		/*
		 * The primary's instance on r's best node that has one, nodes
		 * in pcmk__sort_nodes order (find_compatible_child).
		 */
		keep = xcalloc(s->nnodes + 1, 1);
		for (k = NULL; k == NULL;) {
			best = -1;
			for (i = 0; i < s->nnodes; i++) {
				if (keep[i] || r->w[i] == SCORE_ABSENT)
					continue;
				if (best < 0 || clone_node_cmp(s, r, i,
				    (size_t)best) < 0)
					best = (int)i;
			}
			if (best < 0)
				break;
			keep[best] = 1;
			k = clone_instance_on(p, best);
		}
		free(keep);
		if (k != NULL)
			place_coloc_with(s, r, k, c);
		else if (c->score >= SCORE_INFINITY)
			for (i = 0; i < s->nnodes; i++)
				if (r->w[i] != SCORE_ABSENT)
					r->w[i] = -SCORE_INFINITY;
		return;
	}
	if (c->score >= SCORE_INFINITY) {
		for (i = 0; i < s->nnodes; i++) {
			if (r->w[i] != SCORE_ABSENT &&
			    clone_instance_on(p, (int)i) == NULL)
				r->w[i] = -SCORE_INFINITY;
		}
		return;
	}
	for (j = 0; j < p->nkids; j++)
		place_coloc_with(s, r, p->kids[j], c);
}

/* The action standing for instance k's start (a group: its start). */
static struct action *
clone_kid_start(const struct srsc *k)
{
	return k->r->kind == RSC_GROUP ? k->group_start : k->start;
}

/* The action ending instance k's start (a group: its running). */
static struct action *
clone_kid_started(const struct srsc *k)
{
	return k->r->kind == RSC_GROUP ? k->group_running : k->start;
}

/*
 * The milestones of clone c and the orderings with its instances
 * (clone_create_pseudo_actions, clone_internal_constraints); ordered=true
 * starts the instances one after another and stops them in reverse.
 */
void
clone_actions(struct sched *s, struct srsc *c)
{
	struct srsc	*k, *prev = NULL;
	size_t		 i, j;

	actions_milestones(s, c);
	notify_clone(s, c);
	for (i = 0; i < c->nkids; i++) {
		k = c->kids[i];
		actions_order(s, c->group_start, clone_kid_start(k),
		    OF_RUNNABLE_LEFT | OF_PRINT_FIRST);
		actions_order(s, clone_kid_started(k), c->group_running,
		    OF_PRINT_THEN);
		if (k->r->kind == RSC_GROUP) {
			actions_order(s, c->group_stop, k->group_stop,
			    OF_PRINT_FIRST);
			actions_order(s, k->group_stopped, c->group_stopped,
			    OF_PRINT_THEN);
		}
		for (j = 0; k->r->kind == RSC_PRIMITIVE && j < k->non; j++) {
			actions_order(s, c->group_stop, k->stops[j],
			    OF_PRINT_FIRST);
			actions_order(s, k->stops[j], c->group_stopped,
			    OF_PRINT_THEN);
		}
		/* its probes too, until they say whether it must stop */
		actions_stop_then(s, k, c->group_stopped, OF_OPTIONAL);
		if (c->r->meta.ordered && prev != NULL) {
			actions_order(s, clone_kid_started(prev),
			    clone_kid_start(k), OF_OPTIONAL);
			if (k->r->kind == RSC_GROUP)
				actions_order(s, k->group_stopped,
				    prev->group_stop, OF_OPTIONAL);
			else
				for (j = 0; j < k->non; j++) {
					size_t	l;

					for (l = 0; l < prev->non; l++)
						actions_order(s, k->stops[j],
						    prev->stops[l],
						    OF_OPTIONAL);
				}
		}
		prev = k;
	}
	if (c->r->promotable)
		promote_actions(s, c);
}

/* The actions of primitive k of task t (start, stop, promote, demote). */
static size_t
clone_prim_actions(const struct srsc *k, enum task t, struct action **out,
    size_t max)
{
	size_t	i, n = 0;

	switch (t) {
	case TASK_START:
		if (k->start != NULL && max > 0)
			out[n++] = k->start;
		break;
	case TASK_PROMOTE:
		if (k->promote != NULL && max > 0)
			out[n++] = k->promote;
		break;
	case TASK_DEMOTE:
		for (i = 0; k->demotes != NULL && i < k->non && n < max; i++)
			out[n++] = k->demotes[i];
		break;
	default:
		for (i = 0; i < k->non && n < max; i++)
			out[n++] = k->stops[i];
		break;
	}
	return n;
}

/* Whether any action under instance k of task t is required. */
static int
clone_kid_required(const struct srsc *k, enum task t, int node)
{
	struct action	*a[64];
	size_t		 i, n;

	if (k->r->kind == RSC_GROUP) {
		for (i = 0; i < k->nkids; i++) {
			if (clone_kid_required(k->kids[i], t, node))
				return 1;
		}
		return 0;
	}
	n = clone_prim_actions(k, t, a, nitems(a));
	for (i = 0; i < n; i++) {
		if (!(a[i]->flags & AF_OPTIONAL) &&
		    (node < 0 || a[i]->node == node))
			return 1;
	}
	return 0;
}

/*
 * Whether instance k's action of task t can run: its first one (a group:
 * its milestone; promote and demote: any member's).
 */
static int
clone_kid_runnable(const struct srsc *k, enum task t)
{
	struct action	*a[1];
	size_t		 i;

	if (k->r->kind == RSC_GROUP) {
		if (t == TASK_START || t == TASK_STOP)
			return ((t == TASK_START ? k->group_start :
			    k->group_stop)->flags & AF_RUNNABLE) != 0;
		for (i = 0; i < k->nkids; i++) {
			if (clone_kid_runnable(k->kids[i], t))
				return 1;
		}
		return 0;
	}
	return clone_prim_actions(k, t, a, 1) > 0 &&
	    (a[0]->flags & AF_RUNNABLE);
}

/* The instance task a milestone of a clone stands for (clone_child_action). */
static enum task
clone_task(const struct action *m)
{
	switch (m->task) {
	case TASK_START:
	case TASK_RUNNING:
		return TASK_START;
	case TASK_PROMOTE:
	case TASK_PROMOTED:
		return TASK_PROMOTE;
	case TASK_DEMOTE:
	case TASK_DEMOTED:
		return TASK_DEMOTE;
	default:
		return TASK_STOP;
	}
}

/*
 * A clone milestone from its instances (summary_action_flags): required
 * when an instance's action is, unrunnable when none can run. Returns
 * whether its flags changed.
 */
int
clone_summary(struct sched *s, struct action *m)
{
	const struct srsc	*c = m->rsc;
	enum task		 t = clone_task(m);
	unsigned		 old = m->flags;
	size_t			 i;
	int			 run = 0, req = 0;

	(void)s;
	if (m->task == TASK_NOTIFY || m->task == TASK_NOTIFIED)
		return 0;	/* notify.c settles them */
	for (i = 0; i < c->nkids; i++) {
		run |= clone_kid_runnable(c->kids[i], t);
		req |= clone_kid_required(c->kids[i], t, -1);
	}
	if (req && (m->flags & AF_OPTIONAL))
		m->flags &= ~AF_OPTIONAL;
	if (!run && (m->flags & AF_RUNNABLE))
		m->flags &= ~AF_RUNNABLE;
	return m->flags != old;
}

/*
 * Whether a clone milestone first, ordered before an action on node, is
 * required there (action_flags_for_ordering: an instance on that node).
 */
int
clone_required_on(const struct action *first, int node)
{
	const struct srsc	*c = first->rsc;
	size_t			 i;

	if (node < 0)
		return !(first->flags & AF_OPTIONAL);
	for (i = 0; i < c->nkids; i++) {
		if (clone_kid_required(c->kids[i], clone_task(first), node))
			return 1;
	}
	return 0;
}

/*
 * The instance of clone c whose members are probed on each of the nnodes
 * nodes, in out[node] (probe_anonymous_clone): the first known there, else
 * the first placed there, else the first. One pass over the instances for
 * all nodes: each instance's known[] is read in a row.
 */
void
clone_probe_instances(const struct srsc *c, size_t nnodes,
    const struct srsc **out)
{
	const struct srsc	*k;
	size_t			 i, j, n;

	for (n = 0; n < nnodes; n++)
		out[n] = NULL;
	for (i = 0; i < c->nkids; i++) {
		k = c->kids[i];
		for (n = 0; n < nnodes; n++) {
			if (out[n] == NULL && k->known[n])
				out[n] = k;
		}
		for (j = 0; j < k->nkids; j++) {
			for (n = 0; n < nnodes; n++) {
				if (out[n] == NULL && k->kids[j]->known[n])
					out[n] = k;
			}
		}
	}
	for (i = 0; i < c->nkids; i++) {
		k = c->kids[i];
		if (k->assigned >= 0 && (size_t)k->assigned < nnodes &&
		    out[k->assigned] == NULL)
			out[k->assigned] = k;
	}
	for (n = 0; n < nnodes; n++) {
		if (out[n] == NULL)
			out[n] = c->nkids > 0 ? c->kids[0] : NULL;
	}
}

/*
 * The instance of clone c to pair with instance k for an interleaved
 * ordering (find_compatible_child): on k's node, placed or (current) as
 * it is now. NULL if none.
 */
static struct srsc *
clone_pair(const struct sched *s, const struct srsc *c, const struct srsc *k,
    int current)
{
	size_t	i;
	int	node = current ? clone_current(s, k) : k->assigned;

	if (node < 0)
		return NULL;
	for (i = 0; i < c->nkids; i++) {
		if (clone_any_flag(c->kids[i], SR_BLOCKED))
			continue;
		if ((current ? clone_current(s, c->kids[i]) :
		    c->kids[i]->assigned) == node)
			return c->kids[i];
	}
	return NULL;
}

/*
 * The actions of instance k for an ordering's task (start, stop, promote,
 * demote; a group: its milestones, or its members' promotes and demotes).
 */
static size_t
clone_kid_actions(struct srsc *k, enum task t, int first, struct action **out,
    size_t max)
{
	size_t	i, n = 0;

	if (k->r->kind == RSC_GROUP) {
		if (t == TASK_PROMOTE || t == TASK_DEMOTE) {
			for (i = 0; i < k->nkids && n < max; i++)
				n += clone_prim_actions(k->kids[i], t, out + n,
				    max - n);
			return n;
		}
		if (max > 0)
			out[n++] = t == TASK_START ? (first ? k->group_running :
			    k->group_start) : (first ? k->group_stopped :
			    k->group_stop);
		return n;
	}
	return clone_prim_actions(k, t, out, max);
}

/*
 * An ordering that reaches group instance k's start or stop reaches its
 * members' too (pcmk__group_update_ordered_actions), for flags only.
 */
static void
clone_order_members(struct sched *s, struct action **fx, size_t nf,
    struct srsc *k, enum task tt, unsigned flags)
{
	struct action	*b[64];
	size_t		 i, j, l, nb;

	if (k->r->kind != RSC_GROUP || (tt != TASK_START && tt != TASK_STOP))
		return;
	for (i = 0; i < k->nkids; i++) {
		nb = clone_prim_actions(k->kids[i], tt, b, nitems(b));
		for (j = 0; j < nf; j++)
			for (l = 0; l < nb; l++)
				actions_order(s, fx[j], b[l],
				    flags | OF_FLAGS_ONLY);
	}
}

/*
 * An ordering "fx then clone t's task" reaches each instance of t
 * (pcmk__multi_update_actions): without interleave every instance's
 * action takes the ordering's flags (first restarts: all instances
 * restart); interleaved with clone f, each instance is ordered after the
 * instance of f on its node, and cannot start without one.
 */
void
clone_order_instances(struct sched *s, struct srsc *f, enum task ft,
    struct action **fx, size_t nf, struct srsc *t, enum task tt,
    unsigned flags)
{
	struct action	*a[64], *b[64];
	struct srsc	*k, *pair, *il;
	size_t		 i, j, l, na, nb;

	flags &= ~(OF_IMPLIES_FIRST | OF_PRINT_FIRST | OF_PRINT_THEN);
	if ((flags & ~OF_OPTIONAL) == 0)
		return;
	il = tt == TASK_STOP ? f : t;
	if (f != NULL && f->r->kind == RSC_CLONE && f != t &&
	    il->r->meta.interleave) {
		for (i = 0; i < t->nkids; i++) {
			k = t->kids[i];
			pair = clone_pair(s, f, k, ft == TASK_STOP);
			if (pair == NULL) {
				if (ft != TASK_STOP && (flags &
				    (OF_RUNNABLE_LEFT | OF_IMPLIES_THEN)) &&
				    tt == TASK_START &&
				    clone_kid_start(k) != NULL)
					clone_kid_start(k)->flags &=
					    ~AF_RUNNABLE;
				continue;
			}
			na = clone_kid_actions(pair, ft, 1, a, nitems(a));
			nb = clone_kid_actions(k, tt, 0, b, nitems(b));
			for (j = 0; j < na; j++)
				for (l = 0; l < nb; l++)
					actions_order(s, a[j], b[l], flags);
			clone_order_members(s, a, na, k, tt, flags);
		}
		return;
	}
	for (i = 0; i < t->nkids; i++) {
		nb = clone_kid_actions(t->kids[i], tt, 0, b, nitems(b));
		for (j = 0; j < nf; j++)
			for (l = 0; l < nb; l++)
				actions_order(s, fx[j], b[l],
				    flags | OF_FLAGS_ONLY);
		clone_order_members(s, fx, nf, t->kids[i], tt, flags);
	}
}
