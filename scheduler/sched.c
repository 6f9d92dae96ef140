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
		if (r->r->kind != RSC_PRIMITIVE)
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

/*
 * Schedule: what the cluster described by st should do under model m.
 * Returns the graph, the summary, the placement before and the scores;
 * NULL when the run failed (the reason is in ctx).
 */
struct schedule *
sched_run(struct ctx *ctx, const struct model *m, const struct cstate *st)
{
	struct schedule	*out;
	struct sched	*s;
	size_t		 errors = ctx->diags.nerrors;

	s = sched_new(ctx, m, st);
	out = arena_zalloc(ctx->arena, sizeof *out);
	out->model = m;
	out->state = st;
	unpack(s);
	place_weights(s);
	place_assign(s);
	actions_create(s);
	actions_propagate(s);
	graph_build(s, out);
	graph_summary(s, out);
	graph_placement(s, out);
	sched_scores(s, out);
	if (ctx->diags.nerrors > errors)
		return NULL;
	return out;
}

/* Where resources are in state st (no scheduling): for "status" views. */
struct placement *
sched_status(struct ctx *ctx, const struct model *m, const struct cstate *st,
    size_t *n)
{
	struct schedule	 out;
	struct sched	*s;

	s = sched_new(ctx, m, st);
	memset(&out, 0, sizeof out);
	unpack(s);
	graph_placement(s, &out);
	*n = out.nbefore;
	return out.before;
}
