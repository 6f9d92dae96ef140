/*
 * sched.c: one scheduler run, phase after phase: unpack the state, weigh
 * and assign, create actions and orderings, propagate, build the graph
 * and the summary. Everything lives in the context's arena.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

static void
sched_free(void *arg)
{
	struct sched	*s = arg;
	size_t		 i;

	for (i = 0; i < s->nrscs; i++) {
		free(s->rscs[i]->this_with);
		free(s->rscs[i]->with_this);
		free(s->rscs[i]->active_ops);
		free(s->rscs[i]->active_op_node);
	}
	free(s->rscs);
	free(s->top);
	free(s->colocs);
	free(s->actions);
	free(s->edges);
	free(s->bans);
	free(s->stoporders);
}

static struct sched *
sched_new(struct ctx *ctx, const struct model *m, const struct cstate *st)
{
	struct sched	*s;

	s = arena_zalloc(ctx->arena, sizeof *s);
	s->ctx = ctx;
	s->m = m;
	s->st = st;
	ctx_defer(ctx, sched_free, s);
	return s;
}

/* The final weights of every primitive, for --scores. */
static void
sched_scores(struct sched *s, struct schedule *out)
{
	struct rsc_scores	*rs;
	struct srsc		*r;
	size_t			 i, j;

	out->scores = arena_zalloc(s->ctx->arena, (s->nrscs + 1) *
	    sizeof *out->scores);
	for (i = 0; i < s->nrscs; i++) {
		r = s->rscs[i];
		/* Orphans have no allowed nodes in Pacemaker: no scores. */
		if (r->r->kind != RSC_PRIMITIVE || (r->flags & SR_ORPHAN))
			continue;
		rs = &out->scores[out->nscores++];
		rs->rsc = r->id;
		rs->nodes = arena_zalloc(s->ctx->arena, (s->nnodes + 1) *
		    sizeof *rs->nodes);
		for (j = 0; j < s->nnodes; j++) {
			if (r->w[j] == SCORE_ABSENT)
				continue;
			rs->nodes[rs->nnodes].node = s->nodes[j].name;
			rs->nodes[rs->nnodes].score = r->w[j];
			rs->nnodes++;
		}
		rs->assigned = r->assigned >= 0 ?
		    s->nodes[r->assigned].name : NULL;
	}
}

/* Final scores and the verdict for --explain. */
static void
sched_explain_finish(struct sched *s, struct srsc *r, struct rsc_scores *x)
{
	const struct snode	*n;
	size_t			 i;

	for (i = 0; i < s->nnodes; i++) {
		n = &s->nodes[i];
		x->nodes[i].score = r->w[i] == SCORE_ABSENT ?
		    -SCORE_INFINITY : r->w[i];
		if (r->w[i] == SCORE_ABSENT)
			place_trace(s, r, i, "opt-in cluster: no location "
			    "allows this node", -SCORE_INFINITY, NULL);
		else if (!unpack_node_available(n))
			place_trace(s, r, i, arena_printf(s->ctx->arena,
			    "the node cannot run resources (%s)",
			    !n->online ? "offline" : n->unclean ? "unclean" :
			    n->standby || n->standby_onfail ? "standby" :
			    n->maintenance ? "maintenance" : n->shutdown ?
			    "shutting down" : "pending"), -SCORE_INFINITY,
			    NULL);
	}
	x->assigned = r->assigned >= 0 ? s->nodes[r->assigned].name : NULL;
	if (r->assigned >= 0)
		return;
	if (!(r->flags & SR_MANAGED))
		x->why_stopped = "it is not managed and not active";
	else if (r->flags & SR_DISABLED)
		x->why_stopped = "its target-role is Stopped";
	else if (s->m->props.stop_all_resources)
		x->why_stopped = "stop-all-resources is set";
	else
		x->why_stopped = "no node has a score of 0 or more and can "
		    "run resources";
}

/*
 * Schedule: what the cluster described by st should do under model m.
 * Returns the graph, the summary, the placement before and the scores;
 * NULL when the run failed (the reason is in ctx).
 */
struct schedule *
sched_run(struct ctx *ctx, const struct model *m, const struct cstate *st,
    const struct sched_opts *opts)
{
	struct schedule	*out;
	struct sched	*s;
	struct srsc	*r = NULL;
	size_t		 errors = ctx->diags.nerrors, i;

	s = sched_new(ctx, m, st);
	out = arena_zalloc(ctx->arena, sizeof *out);
	out->model = m;
	out->state = st;
	unpack(s);
	if (opts != NULL && opts->explain != NULL &&
	    (r = map_get(&s->by_id, opts->explain)) != NULL &&
	    r->r->kind == RSC_PRIMITIVE) {
		r->trace = arena_zalloc(ctx->arena, sizeof *r->trace);
		r->trace->rsc = r->id;
		r->trace->nodes = arena_zalloc(ctx->arena, (s->nnodes + 1) *
		    sizeof *r->trace->nodes);
		r->trace->nnodes = s->nnodes;
		for (i = 0; i < s->nnodes; i++)
			r->trace->nodes[i].node = s->nodes[i].name;
		out->explain = r->trace;
	}
	unpack_bans(s);
	place_weights(s);
	place_assign(s);
	actions_create(s);
	actions_propagate(s);
	graph_build(s, out);
	graph_summary(s, out);
	graph_placement(s, out);
	sched_scores(s, out);
	if (out->explain != NULL)
		sched_explain_finish(s, r, out->explain);
	if (ctx->diags.nerrors > errors)
		return NULL;
	return out;
}

/* Nodes and resources in state st, without scheduling anything. */
struct status *
sched_status(struct ctx *ctx, const struct model *m, const struct cstate *st)
{
	struct status	*out;
	struct sched	*s;

	s = sched_new(ctx, m, st);
	out = arena_zalloc(ctx->arena, sizeof *out);
	unpack(s);
	unpack_bans(s);
	graph_status(s, out);
	return out;
}
