/*
 * emit-render.c: the transition graph drawn as SVG or PNG in process with
 * Graphviz (libcgraph reads the DOT of emit-dot.c, libgvc lays it out with
 * "dot" and renders it into memory), so `hacc compile --format svg` needs
 * no dot(1). No cgraph or gvc type leaves this file, and Graphviz's own
 * messages are collected for *cause instead of going to stderr.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "sched.h"

/*
 * BEHAVIOR (Graphviz's process-wide state). Graphviz reports through a
 * process-wide hook; while a render runs it points at that render's
 * message buffer. One Graphviz context serves the whole process and is
 * never freed: its pango plugin keeps a font name owned by the context
 * from one layout to the next, so freeing a context and making another
 * reads freed memory (valgrind, Graphviz 2.43), and each new context
 * scans the plugins again. Graphviz is not thread-safe, so one render at
 * a time is no new constraint. Graphviz 2.43 leaks some virtual edges of
 * every dot layout with clusters (new_virtual_edge) and fontconfig keeps
 * caches: tests/unit/test-emit.c suppresses exactly those for LSan.
 */
static struct buf	*emit_render_msgs;
static GVC_t		*emit_render_gvc;

/* Graphviz's error hook: keep the message for *cause. */
static int
emit_render_err(char *msg)
{
	if (emit_render_msgs != NULL && msg != NULL)
		buf_puts(emit_render_msgs, msg);
	return 0;
}

/* Set *cause to what happened, with Graphviz's last words if any. */
static void
emit_render_fail(char **cause, const char *what, struct buf *msgs)
{
	char	*m, *nl;
	size_t	 n;

	if (msgs->len == 0) {
		*cause = xstrdup(what);
		return;
	}
	/* the last complete message, on one line */
	m = msgs->data;
	n = msgs->len;
	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
		m[--n] = '\0';
	while ((nl = strchr(m, '\n')) != NULL)
		*nl = ' ';
	xasprintf(cause, "%s: graphviz: %s", what, m);
}

/*
 * Append g drawn in format ("svg" or "png") to b. Returns 0, or -1 with
 * *cause (caller frees) for an unknown format or a Graphviz failure; b is
 * then unchanged.
 */
int
emit_render(const struct graph *g, const char *format, struct buf *b,
    char **cause)
{
	struct buf	 dot, msgs;
	GVC_t		*gvc;
	Agraph_t	*ag;
	agusererrf	 olderrf;
	char		*data;
	unsigned int	 len;
	int		 rc;

	if (format == NULL || (strcmp(format, "svg") != 0 &&
	    strcmp(format, "png") != 0)) {
		xasprintf(cause, "unknown format '%s' (expected svg or png)",
		    format != NULL ? format : "");
		return -1;
	}

	buf_init(&dot);
	buf_init(&msgs);
	emit_dot(g, &dot);

	emit_render_msgs = &msgs;
	olderrf = agseterrf(emit_render_err);
	rc = -1;
	ag = NULL;
	if (emit_render_gvc == NULL)
		emit_render_gvc = gvContext();
	if ((gvc = emit_render_gvc) == NULL) {
		emit_render_fail(cause, "cannot start graphviz", &msgs);
		goto out;
	}
	if ((ag = agmemread(dot.data)) == NULL) {
		emit_render_fail(cause, "graphviz cannot read the graph",
		    &msgs);
		goto out;
	}
	if (gvLayout(gvc, ag, "dot") != 0) {
		emit_render_fail(cause, "graphviz cannot lay out the graph",
		    &msgs);
		goto out;
	}
	data = NULL;
	len = 0;
	if (gvRenderData(gvc, ag, format, &data, &len) != 0) {
		if (data != NULL)
			gvFreeRenderData(data);
		xasprintf(&data, "graphviz cannot render %s", format);
		emit_render_fail(cause, data, &msgs);
		free(data);
		gvFreeLayout(gvc, ag);
		goto out;
	}
	buf_add(b, data, len);
	gvFreeRenderData(data);
	gvFreeLayout(gvc, ag);
	rc = 0;

out:
	if (ag != NULL)
		agclose(ag);
	agseterrf(olderrf);
	emit_render_msgs = NULL;
	buf_clear(&msgs);
	buf_clear(&dot);
	return rc;
}
