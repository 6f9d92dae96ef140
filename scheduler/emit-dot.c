/*
 * emit-dot.c: the transition graph as Graphviz DOT, for `--format dot`
 * and as the input of emit-render.c (SVG, PNG). Actions of one cluster
 * node sit in a box labelled with the node's name; pseudo actions and
 * fencing sit outside. Colours say what an action does, dashed red says
 * it cannot run, dotted that it is optional; an edge runs from an input
 * to the action waiting for it. The conventions and the legend are in
 * docs/graph.md.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"

/*
 * BEHAVIOR (readability). Left to right (rankdir=LR) so that a long chain
 * of orderings reads like a timeline and many independent actions (probes)
 * stack instead of widening the page; concentrate merges parallel edge
 * runs; small fonts and tight node spacing keep 200 actions on a screen;
 * newrank ranks across node boxes so that a start on node2 after a stop
 * on node1 stays to its right. Everything about one action is in its
 * tooltip (SVG hover).
 */

enum emit_dot_look {
	LOOK_START,
	LOOK_STOP,
	LOOK_PROMOTE,
	LOOK_DEMOTE,
	LOOK_MONITOR,
	LOOK_PROBE,
	LOOK_FENCE,
	LOOK_PSEUDO,
	LOOK_CLUSTER,
	LOOK_OTHER
};

static const struct emit_dot_style {
	const char	*shape;
	const char	*style;
	const char	*fill;		/* NULL: not filled */
	const char	*border;
	const char	*font;
} emit_dot_styles[] = {
	[LOOK_START] =	 { "box", "rounded,filled", "#c8e6c9", "#2e7d32",
			   NULL },
	[LOOK_STOP] =	 { "box", "rounded,filled", "#ffcdd2", "#c62828",
			   NULL },
	[LOOK_PROMOTE] = { "box", "rounded,filled", "#bbdefb", "#1565c0",
			   NULL },
	[LOOK_DEMOTE] =	 { "box", "rounded,filled", "#ffe0b2", "#ef6c00",
			   NULL },
	[LOOK_MONITOR] = { "box", "rounded,filled", "#bdbdbd", "#616161",
			   NULL },
	[LOOK_PROBE] =	 { "box", "rounded,filled", "#eeeeee", "#9e9e9e",
			   NULL },
	[LOOK_FENCE] =	 { "box", "filled,bold", "black", "black",
			   "white" },
	[LOOK_PSEUDO] =	 { "ellipse", "dashed", NULL, "#616161", NULL },
	[LOOK_CLUSTER] = { "box", "rounded,filled", "#fff9c4", "#f9a825",
			   NULL },
	[LOOK_OTHER] =	 { "box", "rounded,filled", "white", "#424242",
			   NULL }
};

/* An action placed for drawing: in a node's box (node set) or outside. */
struct emit_dot_item {
	const char	*node;
	uint32_t	 id;
	size_t		 i;
};

/* Is a's task this one? */
static int
emit_dot_is(const struct gaction *a, const char *task)
{
	return a->task != NULL && strcmp(a->task, task) == 0;
}

/* How an action looks, from its kind and task. */
static enum emit_dot_look
emit_dot_look(const struct gaction *a)
{
	switch (a->kind) {
	case GA_PSEUDO:
		return LOOK_PSEUDO;
	case GA_FENCE:
		return LOOK_FENCE;
	case GA_CLUSTER:
		return LOOK_CLUSTER;
	case GA_RSC_OP:
		break;
	}
	if (emit_dot_is(a, "start"))
		return LOOK_START;
	if (emit_dot_is(a, "stop"))
		return LOOK_STOP;
	if (emit_dot_is(a, "promote"))
		return LOOK_PROMOTE;
	if (emit_dot_is(a, "demote"))
		return LOOK_DEMOTE;
	if (emit_dot_is(a, "monitor"))
		return a->interval_ms == 0 ? LOOK_PROBE : LOOK_MONITOR;
	return LOOK_OTHER;
}

/*
 * Append s as a DOT quoted string: quotes and backslashes escaped, control
 * characters as spaces, invalid UTF-8 as U+FFFD (DOT input is UTF-8).
 */
static void
emit_dot_str(struct buf *b, const char *s)
{
	uint32_t	c;

	buf_putc(b, '"');
	while (s != NULL && *s != '\0') {
		s += emit_utf8(s, &c);
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (int)c);
		} else if (c < 0x20 || c == 0x7f)
			buf_putc(b, ' ');
		else
			emit_utf8_put(b, c);
	}
	buf_putc(b, '"');
}

/* The label of an action: what it does; the node is its box's label. */
static void
emit_dot_label(const struct gaction *a, int in_box, struct buf *b)
{
	const char	*what;

	switch (a->kind) {
	case GA_PSEUDO:
		buf_puts(b, a->key != NULL ? a->key : a->task != NULL ?
		    a->task : "?");
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
	if (!in_box && a->node != NULL)
		buf_printf(b, " on %s", a->node);
}

/* One action's node statement. */
static void
emit_dot_node(const struct gaction *a, int in_box, const char *indent,
    struct buf *b, struct buf *tmp)
{
	const struct emit_dot_style	*st;
	enum emit_dot_look		 look;

	look = emit_dot_look(a);
	st = &emit_dot_styles[look];

	buf_printf(b, "%sa%u [label=", indent, a->id);
	buf_reset(tmp);
	emit_dot_label(a, in_box, tmp);
	emit_dot_str(b, tmp->data);

	buf_reset(tmp);
	buf_printf(tmp, "%u: ", a->id);
	emit_describe(a, tmp);
	if (a->key != NULL && a->kind != GA_PSEUDO)
		buf_printf(tmp, " [%s]", a->key);
	if (a->optional)
		buf_puts(tmp, ", optional");
	if (!a->runnable)
		buf_puts(tmp, ", not runnable");
	if (a->reason != NULL)
		buf_printf(tmp, ", due to %s", a->reason);
	buf_puts(b, ", tooltip=");
	emit_dot_str(b, tmp->data);

	if (strcmp(st->shape, "box") != 0)
		buf_printf(b, ", shape=%s", st->shape);
	buf_printf(b, ", style=\"%s%s\"", st->style, !a->runnable ?
	    ",dashed" : a->optional ? ",dotted" : "");
	if (st->fill != NULL)
		buf_printf(b, ", fillcolor=\"%s\"", st->fill);
	if (!a->runnable) {
		buf_puts(b, ", color=red, penwidth=2");
		if (st->font == NULL)
			buf_puts(b, ", fontcolor=red");
		else
			buf_printf(b, ", fontcolor=\"%s\"", st->font);
	} else {
		buf_printf(b, ", color=\"%s\"", st->border);
		if (st->font != NULL)
			buf_printf(b, ", fontcolor=\"%s\"", st->font);
	}
	buf_puts(b, "];\n");
}

/* qsort: actions in node boxes first, by node name, then by id. */
static int
emit_dot_cmp(const void *x, const void *y)
{
	const struct emit_dot_item	*p = x, *q = y;
	int				 c;

	if (p->node == NULL || q->node == NULL) {
		if (p->node != q->node)
			return p->node == NULL ? 1 : -1;
	} else if ((c = strcmp(p->node, q->node)) != 0)
		return c;
	if (p->id != q->id)
		return p->id < q->id ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/*
 * Append g as a DOT digraph to b. Never fails; an input naming no action
 * draws no edge. An edge into an action that cannot run is dashed red; an
 * edge from one into a runnable action is dashed (the action does not
 * wait for it).
 */
void
emit_dot(const struct graph *g, struct buf *b)
{
	struct emit_order	 o;
	struct emit_dot_item	*items;
	const struct gaction	*a;
	struct buf		 tmp;
	uint32_t		*in;
	size_t			 i, j, n, k, nbox;
	const char		*box;

	emit_order_init(&o, g);
	buf_init(&tmp);
	items = xreallocarray(NULL, g->nactions, sizeof *items);
	for (i = 0; i < g->nactions; i++) {
		a = &g->actions[i];
		items[i].node = (a->kind == GA_RSC_OP || a->kind == GA_CLUSTER)
		    ? a->node : NULL;
		items[i].id = a->id;
		items[i].i = i;
	}
	qsort(items, g->nactions, sizeof *items, emit_dot_cmp);

	buf_printf(b, "digraph \"transition %d\" {\n", g->transition_id);
	buf_printf(b, "\tgraph [rankdir=LR, newrank=true, concentrate=true, "
	    "nodesep=0.12, ranksep=0.45, fontname=\"Helvetica\", "
	    "fontsize=12, labelloc=t, label=\"transition %d\", "
	    "tooltip=\"transition %d\"];\n", g->transition_id,
	    g->transition_id);
	buf_puts(b, "\tnode [shape=box, style=\"rounded,filled\", "
	    "fillcolor=white, fontname=\"Helvetica\", fontsize=9, "
	    "height=0.25, margin=\"0.08,0.02\"];\n");
	buf_puts(b, "\tedge [arrowsize=0.5, penwidth=0.8, "
	    "color=\"#555555\"];\n");

	box = NULL;
	nbox = 0;
	for (k = 0; k < g->nactions; k++) {
		if (items[k].node == NULL)
			break;
		if (box == NULL || strcmp(box, items[k].node) != 0) {
			if (box != NULL)
				buf_puts(b, "\t}\n");
			box = items[k].node;
			buf_printf(b, "\tsubgraph cluster_%zu {\n\t\tlabel=",
			    nbox++);
			emit_dot_str(b, box);
			buf_puts(b, "; tooltip=");
			emit_dot_str(b, box);
			buf_puts(b, "; style=\"rounded\"; color=\"#9e9e9e\"; "
			    "fontsize=11;\n");
		}
		emit_dot_node(&g->actions[items[k].i], 1, "\t\t", b, &tmp);
	}
	if (box != NULL)
		buf_puts(b, "\t}\n");
	for (; k < g->nactions; k++)
		emit_dot_node(&g->actions[items[k].i], 0, "\t", b, &tmp);

	for (k = 0; k < g->nactions; k++) {
		a = &g->actions[items[k].i];
		in = emit_inputs(a, &n);
		for (j = 0; j < n; j++) {
			if (emit_find(&o, in[j]) == SIZE_MAX)
				continue;
			buf_printf(b, "\ta%u -> a%u", in[j], a->id);
			if (!a->runnable)
				buf_puts(b, " [color=red, style=dashed]");
			else if (!g->actions[emit_find(&o, in[j])].runnable)
				buf_puts(b, " [style=dashed]");
			buf_puts(b, ";\n");
		}
		free(in);
	}
	buf_puts(b, "}\n");

	free(items);
	buf_clear(&tmp);
	emit_order_clear(&o);
}
