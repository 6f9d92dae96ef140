/*
 * normal.c: the normal form of a transition, as the Pacemaker scenario
 * corpus writes it (shared/pcmk-scenarios/README.md), so hacc and
 * crm_simulate can be compared with diff:
 *
 *   # placement     <rsc> <role> <node> after the transition, or
 *                   <rsc> Stopped -
 *   # actions       <action> <rsc> <node> for every real (not pseudo)
 *                   action of the graph
 *   # edges         <action> -> <action> when the graph has a path from
 *                   one to the other through pseudo actions only
 *
 * Each section sorted by byte value, without duplicates. Anonymous clone
 * instances lose their ":N".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

struct lines {
	char	**v;
	size_t	  n;
};

static void
normal_add(struct lines *l, char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = s;
}

static int
normal_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort, print without duplicates, free. */
static void
normal_flush(struct lines *l, struct buf *out)
{
	size_t	i;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, normal_cmp);
	for (i = 0; i < l->n; i++) {
		if (i == 0 || strcmp(l->v[i], l->v[i - 1]) != 0) {
			buf_puts(out, l->v[i]);
			buf_putc(out, '\n');
		}
	}
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* A resource name as the normal form writes it: "ping" for "ping:2". */
static const char *
normal_rsc(const struct model *m, const char *id, char *tmp, size_t len)
{
	const char		*colon = strrchr(id, ':');
	const struct resource	*r;

	if (colon == NULL || (size_t)(colon - id) >= len)
		return id;
	memcpy(tmp, id, (size_t)(colon - id));
	tmp[colon - id] = '\0';
	r = model_resource(m, tmp);
	while (r != NULL && r->kind != RSC_CLONE)
		r = r->parent;
	if (r != NULL && r->meta.globally_unique)
		return id;
	return tmp;
}

/* Whether primitive r is in a clone. */
static int
normal_in_clone(const struct resource *r)
{
	for (r = r != NULL ? r->parent : NULL; r != NULL; r = r->parent) {
		if (r->kind == RSC_CLONE)
			return 1;
	}
	return 0;
}

static char *
normal_action(const struct model *m, const struct gaction *a)
{
	char	 tmp[512], *s;

	xasprintf(&s, "%s %s %s", a->name, a->rsc != NULL &&
	    a->kind != GA_FENCE ? normal_rsc(m, a->rsc, tmp, sizeof tmp) :
	    "-", a->node != NULL ? a->node : "-");
	return s;
}

/*
 * Write the normal form of schedule sc, with after the status once the
 * transition has run (placement).
 */
void
normal_form(const struct schedule *sc, const struct status *after,
    struct buf *out)
{
	const struct graph	*g = &sc->graph;
	const struct placement	*p;
	struct lines		 l = { NULL, 0 };
	uint32_t		*stack, *seen, **outs;
	size_t			*nouts, i, j, sp, mark = 0, cap;
	char			 tmp[512], *s;
	const char		*role;

	buf_puts(out, "# placement\n");
	for (i = 0; i < after->nrscs; i++) {
		p = &after->rscs[i];
		if (p->nnodes == 0) {
			if (strchr(p->rsc, ':') != NULL &&
			    normal_in_clone(p->model))
				continue;	/* stopped instances: not listed */
			xasprintf(&s, "%s Stopped -", p->rsc);
			normal_add(&l, s);
			continue;
		}
		role = p->failed ? "FAILED" : value_role_name(p->role);
		for (j = 0; j < p->nnodes; j++) {
			xasprintf(&s, "%s %s %s", normal_rsc(sc->model, p->rsc,
			    tmp, sizeof tmp), role, p->nodes[j]);
			normal_add(&l, s);
		}
	}
	normal_flush(&l, out);

	buf_puts(out, "# actions\n");
	for (i = 0; i < g->nrunnable; i++) {
		if (g->actions[i].kind != GA_PSEUDO)
			normal_add(&l, normal_action(sc->model,
			    &g->actions[i]));
	}
	normal_flush(&l, out);

	/* Edges: real to real through pseudo actions only. */
	buf_puts(out, "# edges\n");
	outs = xcalloc(g->nrunnable + 1, sizeof *outs);
	nouts = xcalloc(g->nrunnable + 1, sizeof *nouts);
	for (i = 0; i < g->nrunnable; i++) {
		for (j = 0; j < g->actions[i].ninputs; j++) {
			uint32_t	f = g->actions[i].inputs[j];

			if (f >= g->nrunnable)
				continue;
			outs[f] = xreallocarray(outs[f], nouts[f] + 1,
			    sizeof *outs[f]);
			outs[f][nouts[f]++] = (uint32_t)i;
		}
	}
	cap = g->nrunnable + 1;
	stack = xcalloc(cap, sizeof *stack);
	seen = xcalloc(g->nrunnable + 1, sizeof *seen);
	for (i = 0; i < g->nrunnable; i++) {
		if (g->actions[i].kind == GA_PSEUDO)
			continue;
		mark++;
		sp = 0;
		for (j = 0; j < nouts[i]; j++) {
			if (sp == cap)
				stack = xreallocarray(stack, cap *= 2,
				    sizeof *stack);
			stack[sp++] = outs[i][j];
		}
		while (sp > 0) {
			uint32_t	v = stack[--sp];

			if (seen[v] == mark)
				continue;
			seen[v] = (uint32_t)mark;
			if (g->actions[v].kind != GA_PSEUDO) {
				char	*a = normal_action(sc->model,
				    &g->actions[i]);
				char	*b = normal_action(sc->model,
				    &g->actions[v]);

				xasprintf(&s, "%s -> %s", a, b);
				free(a);
				free(b);
				normal_add(&l, s);
				continue;
			}
			for (j = 0; j < nouts[v]; j++) {
				if (seen[outs[v][j]] == mark)
					continue;
				if (sp == cap)
					stack = xreallocarray(stack, cap *= 2,
					    sizeof *stack);
				stack[sp++] = outs[v][j];
			}
		}
	}
	normal_flush(&l, out);
	for (i = 0; i < g->nrunnable; i++)
		free(outs[i]);
	free(outs);
	free(nouts);
	free(stack);
	free(seen);
}
