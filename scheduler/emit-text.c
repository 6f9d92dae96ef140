/*
 * emit-text.c: the transition graph as text, one action per line in an
 * executable order (every action after its inputs, ties by id), for
 * people and for golden tests:
 *
 *	transition 0: 5 actions (1 not runnable)
 *	  0  monitor_0 web on node2
 *	  1  fence (reboot) node1
 *	  2  pseudo web_stop_0  (after 1)
 *	  3  start web on node2  (after 0, 1, 2)
 *	not runnable:
 *	  4  start db on node2  (after 3)
 *
 * An ordering cycle is reported as an "error:" line and the actions on or
 * behind it are listed after it, so the output is always complete. The
 * layout is documented in docs/graph.md.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "sched.h"

/* Append one action's line: id, description, marks, inputs. */
static void
emit_text_line(const struct graph *g, const struct emit_order *o,
    size_t i, int width, struct buf *b)
{
	const struct gaction	*a = &g->actions[i];
	uint32_t		*in;
	size_t			 n, j;

	buf_printf(b, "  %*u  ", width, a->id);
	emit_describe(a, b);
	if (a->optional)
		buf_puts(b, " [optional]");
	in = emit_inputs(a, &n);
	for (j = 0; j < n; j++) {
		buf_puts(b, j == 0 ? "  (after " : ", ");
		if (emit_find(o, in[j]) == SIZE_MAX)
			buf_printf(b, "unknown %u", in[j]);
		else
			buf_printf(b, "%u", in[j]);
	}
	if (n > 0)
		buf_putc(b, ')');
	buf_putc(b, '\n');
	free(in);
}

/* An action by id, for sorting what a cycle left unordered. */
struct emit_text_rest {
	uint32_t	id;
	size_t		i;
};

/* qsort: by id, then by place in actions[]. */
static int
emit_text_cmp(const void *x, const void *y)
{
	const struct emit_text_rest	*p = x, *q = y;

	if (p->id != q->id)
		return p->id < q->id ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/*
 * Append the text form of g to b. Never fails: a cycle or an input naming
 * no action is reported in the text itself.
 */
void
emit_text(const struct graph *g, struct buf *b)
{
	struct emit_order	 o;
	struct emit_text_rest	*rest;
	char			*placed;
	size_t			 nrest, i, nunrunnable;
	uint32_t		 maxid;
	int			 width, header;

	emit_order_init(&o, g);
	maxid = 0;
	nunrunnable = 0;
	for (i = 0; i < g->nactions; i++) {
		if (g->actions[i].id > maxid)
			maxid = g->actions[i].id;
		if (!g->actions[i].runnable)
			nunrunnable++;
	}
	for (width = 1; maxid >= 10; maxid /= 10)
		width++;

	if (g->nactions == 0)
		buf_printf(b, "transition %d: no actions\n", g->transition_id);
	else {
		buf_printf(b, "transition %d: %zu action%s", g->transition_id,
		    g->nactions, g->nactions == 1 ? "" : "s");
		if (nunrunnable > 0)
			buf_printf(b, " (%zu not runnable)", nunrunnable);
		buf_putc(b, '\n');
	}

	for (i = 0; i < o.nordered; i++) {
		if (g->actions[o.order[i]].runnable)
			emit_text_line(g, &o, o.order[i], width, b);
	}
	header = 0;
	for (i = 0; i < o.nordered; i++) {
		if (g->actions[o.order[i]].runnable)
			continue;
		if (!header)
			buf_puts(b, "not runnable:\n");
		header = 1;
		emit_text_line(g, &o, o.order[i], width, b);
	}

	if (o.nordered < g->nactions) {
		buf_puts(b, "error: ordering cycle: ");
		emit_cycle(g, &o, b);
		buf_puts(b, "\nnot ordered (on or after the cycle):\n");

		/* what is left, by id */
		placed = xcalloc(g->nactions, sizeof *placed);
		for (i = 0; i < o.nordered; i++)
			placed[o.order[i]] = 1;
		rest = xreallocarray(NULL, g->nactions - o.nordered,
		    sizeof *rest);
		nrest = 0;
		for (i = 0; i < g->nactions; i++) {
			if (placed[i])
				continue;
			rest[nrest].id = g->actions[i].id;
			rest[nrest++].i = i;
		}
		qsort(rest, nrest, sizeof *rest, emit_text_cmp);
		for (i = 0; i < nrest; i++)
			emit_text_line(g, &o, rest[i].i, width, b);
		free(rest);
		free(placed);
	}
	if (o.nunknown > 0)
		buf_printf(b, "error: %zu input%s name%s no action\n",
		    o.nunknown, o.nunknown == 1 ? "" : "s",
		    o.nunknown == 1 ? "s" : "");
	emit_order_clear(&o);
}
