/*
 * emit.c: what the transition graph emitters (emit-*.c) share: finding an
 * action by id, an executable order of the actions (a topological sort,
 * ties by id) that stops at an ordering cycle instead of hanging and can
 * name the cycle, a one-line description of an action, and UTF-8
 * decoding so that every output format stays well-formed whatever bytes
 * the names hold. It sits at the edge of the scheduler and reads only
 * struct graph.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"

/*
 * BEHAVIOR (executable order). Kahn's algorithm over the inputs: an action
 * is ready when every input that names an action is placed; among ready
 * actions the lowest id goes first (a binary heap), so the order depends
 * on ids and inputs only, never on the order of actions[]. What remains
 * unplaced is on a cycle or waits for one. A graph of n actions and e
 * inputs costs O((n + e) log n).
 */

/* The heap of ready actions (indexes into actions[]), lowest id on top. */
struct emit_heap {
	size_t			*v;
	size_t			 n;
	const struct gaction	*a;
};

/* Does x go before y: lower id, then lower index? */
static int
emit_heap_less(const struct emit_heap *h, size_t x, size_t y)
{
	if (h->a[x].id != h->a[y].id)
		return h->a[x].id < h->a[y].id;
	return x < y;
}

/* Add a ready action. */
static void
emit_heap_push(struct emit_heap *h, size_t x)
{
	size_t	i, up;

	i = h->n++;
	while (i > 0) {
		up = (i - 1) / 2;
		if (!emit_heap_less(h, x, h->v[up]))
			break;
		h->v[i] = h->v[up];
		i = up;
	}
	h->v[i] = x;
}

/* Take the ready action that goes first. */
static size_t
emit_heap_pop(struct emit_heap *h)
{
	size_t	top, last, i, kid;

	top = h->v[0];
	last = h->v[--h->n];
	i = 0;
	for (;;) {
		kid = 2 * i + 1;
		if (kid >= h->n)
			break;
		if (kid + 1 < h->n && emit_heap_less(h, h->v[kid + 1],
		    h->v[kid]))
			kid++;
		if (!emit_heap_less(h, h->v[kid], last))
			break;
		h->v[i] = h->v[kid];
		i = kid;
	}
	if (h->n > 0)
		h->v[i] = last;
	return top;
}

/*
 * Compute the executable order of g into o (emit_order_clear() frees it).
 * Never fails; see struct emit_order for what a cycle leaves.
 */
void
emit_order_init(struct emit_order *o, const struct graph *g)
{
	struct emit_heap	 h;
	size_t			*waiting, *nnext, *first, *next;
	size_t			 n, i, j, k, in, total;

	n = g->nactions;
	memset(o, 0, sizeof *o);
	o->npos = n;
	o->pos = xreallocarray(NULL, n, sizeof *o->pos);
	o->order = xreallocarray(NULL, n, sizeof *o->order);
	for (i = 0; i < n; i++)
		o->pos[i] = SIZE_MAX;
	for (i = 0; i < n; i++) {
		if (g->actions[i].id < n && o->pos[g->actions[i].id] ==
		    SIZE_MAX)
			o->pos[g->actions[i].id] = i;
	}

	/* the actions each one releases, as one array sliced per action */
	waiting = xcalloc(n, sizeof *waiting);
	nnext = xcalloc(n + 1, sizeof *nnext);
	for (i = 0; i < n; i++) {
		for (j = 0; j < g->actions[i].ninputs; j++) {
			in = emit_find(o, g->actions[i].inputs[j]);
			if (in == SIZE_MAX) {
				o->nunknown++;
				continue;
			}
			waiting[i]++;
			nnext[in + 1]++;
		}
	}
	for (i = 0; i < n; i++)
		nnext[i + 1] += nnext[i];
	total = nnext[n];
	first = xreallocarray(NULL, n, sizeof *first);
	next = xreallocarray(NULL, total, sizeof *next);
	memcpy(first, nnext, n * sizeof *first);
	for (i = 0; i < n; i++) {
		for (j = 0; j < g->actions[i].ninputs; j++) {
			in = emit_find(o, g->actions[i].inputs[j]);
			if (in != SIZE_MAX)
				next[first[in]++] = i;
		}
	}

	h.v = xreallocarray(NULL, n, sizeof *h.v);
	h.n = 0;
	h.a = g->actions;
	for (i = 0; i < n; i++) {
		if (waiting[i] == 0)
			emit_heap_push(&h, i);
	}
	while (h.n > 0) {
		i = emit_heap_pop(&h);
		o->order[o->nordered++] = i;
		for (k = nnext[i]; k < nnext[i + 1]; k++) {
			if (--waiting[next[k]] == 0)
				emit_heap_push(&h, next[k]);
		}
	}

	free(h.v);
	free(next);
	free(first);
	free(nnext);
	free(waiting);
}

/* Free what emit_order_init() allocated. */
void
emit_order_clear(struct emit_order *o)
{
	free(o->pos);
	free(o->order);
	memset(o, 0, sizeof *o);
}

/* The index in actions[] of the action with this id, or SIZE_MAX. */
size_t
emit_find(const struct emit_order *o, uint32_t id)
{
	if (id >= o->npos)
		return SIZE_MAX;
	return o->pos[id];
}

/*
 * Append one ordering cycle of g as "stop web on node1 (4) -> start web on
 * node1 (5) -> stop web on node1 (4)", in execution direction. Appends
 * nothing when o found no cycle. Deterministic: it starts from the
 * unordered action with the lowest id and follows the lowest-id unordered
 * input.
 */
void
emit_cycle(const struct graph *g, const struct emit_order *o, struct buf *b)
{
	size_t		*seen, *path;
	size_t		 n, i, j, at, in, best, len, start;
	uint32_t	 bestid;

	n = g->nactions;
	if (o->nordered >= n)
		return;
	seen = xcalloc(n, sizeof *seen);	/* 0 unvisited, else step + 1 */
	for (i = 0; i < o->nordered; i++)
		seen[o->order[i]] = SIZE_MAX;	/* ordered: not on a cycle */
	at = SIZE_MAX;
	for (i = 0; i < n; i++) {
		if (seen[i] == 0 && (at == SIZE_MAX ||
		    g->actions[i].id < g->actions[at].id))
			at = i;
	}

	/*
	 * Every unordered action has an unordered input (else it would have
	 * been ready), so walking inputs backwards must meet itself.
	 */
	path = xreallocarray(NULL, n, sizeof *path);
	len = 0;
	while (seen[at] == 0) {
		seen[at] = ++len;
		path[len - 1] = at;
		best = SIZE_MAX;
		bestid = 0;
		for (j = 0; j < g->actions[at].ninputs; j++) {
			in = emit_find(o, g->actions[at].inputs[j]);
			if (in == SIZE_MAX || seen[in] == SIZE_MAX)
				continue;
			if (best == SIZE_MAX || g->actions[in].id < bestid) {
				best = in;
				bestid = g->actions[in].id;
			}
		}
		if (best == SIZE_MAX)
			break;		/* cannot happen; never loop */
		at = best;
	}
	start = seen[at] - 1;

	/*
	 * path[start..len) runs against execution order: reverse it, and
	 * begin at its lowest id so that the text does not depend on where
	 * the walk began.
	 */
	len -= start;
	for (i = 0; i < len / 2; i++) {
		j = path[start + i];
		path[start + i] = path[start + len - 1 - i];
		path[start + len - 1 - i] = j;
	}
	best = 0;
	for (i = 1; i < len; i++) {
		if (g->actions[path[start + i]].id <
		    g->actions[path[start + best]].id)
			best = i;
	}
	for (i = 0; i <= len; i++) {
		at = path[start + (best + i) % len];
		if (i > 0)
			buf_puts(b, " -> ");
		emit_describe(&g->actions[at], b);
		buf_printf(b, " (%u)", g->actions[at].id);
	}
	free(path);
	free(seen);
}

/*
 * Append what an action does in a few words: "start web on node1",
 * "pseudo grp_running_0", "fence (reboot) node1", "do_shutdown on node2",
 * "clear_failcount web on node2".
 */
void
emit_describe(const struct gaction *a, struct buf *b)
{
	const char	*what;

	switch (a->kind) {
	case GA_PSEUDO:
		buf_printf(b, "pseudo %s", a->key != NULL ? a->key :
		    a->task != NULL ? a->task : "?");
		return;
	case GA_FENCE:
		buf_printf(b, "fence (%s) %s", a->fence_action != NULL ?
		    a->fence_action : "reboot", a->node != NULL ? a->node :
		    "?");
		return;
	case GA_RSC_OP:
	case GA_CLUSTER:
		break;
	}
	what = a->kind == GA_RSC_OP && a->name != NULL ? a->name : a->task;
	buf_puts(b, what != NULL ? what : "?");
	if (a->rsc != NULL)
		buf_printf(b, " %s", a->rsc);
	if (a->node != NULL)
		buf_printf(b, " on %s", a->node);
}

/* qsort: ids in increasing order. */
static int
emit_cmp_id(const void *x, const void *y)
{
	uint32_t	a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * The inputs of a, sorted and without repeats, in a new array (caller
 * frees; NULL when *np is 0).
 */
uint32_t *
emit_inputs(const struct gaction *a, size_t *np)
{
	uint32_t	*v;
	size_t		 i, n;

	*np = 0;
	if (a->ninputs == 0)
		return NULL;
	v = xreallocarray(NULL, a->ninputs, sizeof *v);
	memcpy(v, a->inputs, a->ninputs * sizeof *v);
	qsort(v, a->ninputs, sizeof *v, emit_cmp_id);
	n = 1;
	for (i = 1; i < a->ninputs; i++) {
		if (v[i] != v[n - 1])
			v[n++] = v[i];
	}
	*np = n;
	return v;
}

/*
 * Decode the UTF-8 character at s (not at its NUL) into *cp and return
 * its length in bytes. An invalid byte (a stray continuation, an overlong
 * form, a surrogate, past U+10FFFF, a truncated sequence) decodes as
 * U+FFFD with length 1, so callers always advance.
 */
size_t
emit_utf8(const char *s, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 len, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else
		goto bad;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			goto bad;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;

bad:
	*cp = 0xfffd;
	return 1;
}

/* Append the code point c (at most U+10FFFF) as UTF-8. */
void
emit_utf8_put(struct buf *b, uint32_t c)
{
	char	s[4];

	if (c < 0x80)
		buf_putc(b, (int)c);
	else if (c < 0x800) {
		s[0] = (char)(0xc0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 4);
	}
}
