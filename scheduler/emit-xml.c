/*
 * emit-xml.c: the transition graph in the XML shape of Pacemaker's
 * scheduler (pcmk_graph_producer.c), so that graphs can be compared with
 * Pacemaker's and read by tools that know its format. Written with
 * libxml2's xmlTextWriter; no libxml2 type leaves this file. The mapping
 * from struct gaction to elements and CRM_meta_* attributes is in
 * docs/graph.md.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "sched.h"

/*
 * BEHAVIOR (Pacemaker 2.1's graph, as in cts/scheduler/exp/ and the
 * scenario corpus). One <synapse id="N"> per runnable action, numbered
 * from 0 in executable order; its <action_set> holds the action, its
 * <inputs> one <trigger> per input (sorted by id) that repeats the input's
 * element with its attributes but no children. Elements:
 *
 *   rsc_op		resource agent operations: <primitive> and
 *			<attributes> children
 *   pseudo_event	milestones and stops implied by fencing: no node
 *   crm_event		stonith (with <downed> unless unfencing),
 *			do_shutdown (<downed>), clear_failcount, lrm_delete
 *			(mode="cib")
 *
 * <attributes> are sorted by name, as Pacemaker writes them. An input
 * that cannot run gets no trigger: had its ordering been able to block
 * the action, the scheduler would have made the action unrunnable too, so
 * the ordering is one Pacemaker leaves out of the graph
 * (should_add_input_to_graph). The action's meta attributes (a clone
 * notification's variables, notify.c) are CRM_meta_NAME. Deviations: no
 * agent parameters and no clone or role meta attributes (struct gaction
 * does not carry them); synapse priority is never written. An ordering cycle, an input
 * naming no action or a runnable non-pseudo action without a node makes
 * the graph unexecutable: emit_xml() refuses it.
 */

struct emit_xml {
	xmlTextWriterPtr	 w;
	int			 failed;
	struct buf		 tmp;		/* a value made valid for XML */
};

/* One attribute of <attributes>, for sorting by name. */
struct emit_xml_meta {
	const char	*name;
	char		*value;
	int		 owned;		/* name to be freed */
};

/* Start an element. */
static void
emit_xml_start(struct emit_xml *x, const char *name)
{
	if (!x->failed && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->failed = 1;
}

/* End the innermost element. */
static void
emit_xml_end(struct emit_xml *x)
{
	if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
		x->failed = 1;
}

/*
 * Write an attribute; NULL writes nothing. Characters XML 1.0 cannot hold
 * (invalid UTF-8, most control characters) become U+FFFD, so the document
 * always parses.
 */
static void
emit_xml_attr(struct emit_xml *x, const char *name, const char *value)
{
	const char	*s;
	uint32_t	 c;

	if (value == NULL || x->failed)
		return;
	buf_reset(&x->tmp);
	buf_add(&x->tmp, "", 0);
	for (s = value; *s != '\0';) {
		s += emit_utf8(s, &c);
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0xfffe || c == 0xffff)
			c = 0xfffd;
		emit_utf8_put(&x->tmp, c);
	}
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST x->tmp.data) < 0)
		x->failed = 1;
}

/* Write a formatted attribute. */
static void printflike(3, 4)
emit_xml_attrf(struct emit_xml *x, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	emit_xml_attr(x, name, s);
	free(s);
}

/* A duration the way Pacemaker writes its options: 60s, 1500ms. */
static char *
emit_xml_duration(uint64_t ms)
{
	char	*s;

	if (ms % 1000 == 0)
		xasprintf(&s, "%llus", (unsigned long long)(ms / 1000));
	else
		xasprintf(&s, "%llums", (unsigned long long)ms);
	return s;
}

/* A score: INFINITY, -INFINITY or a number. */
static char *
emit_xml_score(int score)
{
	char	*s;

	if (score >= SCORE_INFINITY)
		return xstrdup("INFINITY");
	if (score <= -SCORE_INFINITY)
		return xstrdup("-INFINITY");
	xasprintf(&s, "%d", score);
	return s;
}

/* Is a a probe (a one-off monitor)? */
static int
emit_xml_is_probe(const struct gaction *a)
{
	return a->kind == GA_RSC_OP && a->task != NULL &&
	    strcmp(a->task, "monitor") == 0 && a->interval_ms == 0;
}

/* Is a's task this one? */
static int
emit_xml_is(const struct gaction *a, const char *task)
{
	return a->task != NULL && strcmp(a->task, task) == 0;
}

/* The node's uuid as Pacemaker writes it: the node id, else its name. */
static char *
emit_xml_uuid(const struct gaction *a)
{
	char	*s;

	if (a->node_id != 0)
		xasprintf(&s, "%u", a->node_id);
	else
		s = xstrdup(a->node != NULL ? a->node : "");
	return s;
}

/*
 * The operation a cancel stops, from its key (web_monitor_10000 of
 * resource web gives "monitor"); "monitor" when the key says nothing.
 */
static char *
emit_xml_cancelled(const struct gaction *a)
{
	const char	*k, *end;
	size_t		 n;

	k = a->key;
	if (k == NULL)
		return xstrdup("monitor");
	if (a->rsc != NULL) {
		n = strlen(a->rsc);
		if (strncmp(k, a->rsc, n) == 0 && k[n] == '_')
			k += n + 1;
	}
	end = strrchr(k, '_');
	if (end == NULL || end == k)
		return xstrdup("monitor");
	return xstrndup(k, (size_t)(end - k));
}

/* The operation key, made up the way Pacemaker does if the graph has none. */
static char *
emit_xml_key(const struct gaction *a)
{
	char	*s;

	if (a->key != NULL)
		return xstrdup(a->key);
	if (a->kind == GA_FENCE)
		xasprintf(&s, "stonith-%s-%s", a->node != NULL ? a->node : "",
		    a->fence_action != NULL ? a->fence_action : "reboot");
	else if (emit_xml_is(a, "do_shutdown"))
		xasprintf(&s, "do_shutdown-%s", a->node != NULL ? a->node :
		    "");
	else
		xasprintf(&s, "%s_%s_%llu", a->rsc != NULL ? a->rsc : "",
		    a->task != NULL ? a->task : "",
		    (unsigned long long)a->interval_ms);
	return s;
}

/* qsort: attributes by name. */
static int
emit_xml_meta_cmp(const void *x, const void *y)
{
	const struct emit_xml_meta	*p = x, *q = y;

	return strcmp(p->name, q->name);
}

/* Add a CRM_meta attribute (value consumed) to the list. */
static void
emit_xml_meta_add(struct emit_xml_meta *m, size_t *n, const char *name,
    char *value)
{
	m[*n].name = name;
	m[*n].value = value;
	m[*n].owned = 0;
	(*n)++;
}

/* The <attributes> element of an action. */
static void
emit_xml_attributes(struct emit_xml *x, const struct gaction *a)
{
	struct emit_xml_meta	*m;
	size_t			 n, i;
	char			*s;

	m = xcalloc(12 + a->nmeta, sizeof *m);
	n = 0;
	if (a->kind != GA_PSEUDO && a->node != NULL) {
		emit_xml_meta_add(m, &n, "CRM_meta_on_node",
		    xstrdup(a->node));
		emit_xml_meta_add(m, &n, "CRM_meta_on_node_uuid",
		    emit_xml_uuid(a));
	}
	switch (a->kind) {
	case GA_RSC_OP:
		if (a->container != NULL)
			emit_xml_meta_add(m, &n, "CRM_meta_container",
			    xstrdup(a->container));
		if (a->interval_ms > 0) {
			xasprintf(&s, "%llu",
			    (unsigned long long)a->interval_ms);
			emit_xml_meta_add(m, &n, "CRM_meta_interval", s);
			emit_xml_meta_add(m, &n, "CRM_meta_name",
			    emit_xml_is(a, "cancel") ? emit_xml_cancelled(a) :
			    xstrdup(a->task != NULL ? a->task : ""));
		}
		if (emit_xml_is(a, "cancel"))
			emit_xml_meta_add(m, &n, "CRM_meta_operation",
			    emit_xml_cancelled(a));
		if (emit_xml_is_probe(a) || (a->expected_rc != 0 &&
		    !emit_xml_is(a, "cancel"))) {
			xasprintf(&s, "%d", a->expected_rc);
			emit_xml_meta_add(m, &n, "CRM_meta_op_target_rc", s);
		}
		break;
	case GA_FENCE:
		emit_xml_meta_add(m, &n, "CRM_meta_stonith_action",
		    xstrdup(a->fence_action != NULL ? a->fence_action :
		    "reboot"));
		break;
	case GA_CLUSTER:
		if (emit_xml_is(a, "do_shutdown") ||
		    emit_xml_is(a, "clear_failcount"))
			emit_xml_meta_add(m, &n, "CRM_meta_op_no_wait",
			    xstrdup("true"));
		break;
	case GA_PSEUDO:
		break;
	}
	if (a->timeout_ms > 0 && a->kind != GA_FENCE &&
	    !emit_xml_is(a, "do_shutdown")) {
		xasprintf(&s, "%llu", (unsigned long long)a->timeout_ms);
		emit_xml_meta_add(m, &n, "CRM_meta_timeout", s);
	}

	for (i = 0; i < a->nmeta; i++) {
		xasprintf(&s, "CRM_meta_%s", a->meta[i].name);
		emit_xml_meta_add(m, &n, s, xstrdup(a->meta[i].value));
		m[n - 1].owned = 1;
	}

	qsort(m, n, sizeof *m, emit_xml_meta_cmp);
	emit_xml_start(x, "attributes");
	for (i = 0; i < n; i++) {
		emit_xml_attr(x, m[i].name, m[i].value);
		free(m[i].value);
		if (m[i].owned)
			free((char *)m[i].name);
	}
	emit_xml_end(x);
	free(m);
}

/*
 * Write an action's element: in full inside <action_set>, or with its
 * attributes only inside a <trigger> (as_input).
 */
static void
emit_xml_action(struct emit_xml *x, const struct gaction *a, int as_input)
{
	const char	*elem;
	char		*s;

	switch (a->kind) {
	case GA_RSC_OP:
		elem = "rsc_op";
		break;
	case GA_PSEUDO:
		elem = "pseudo_event";
		break;
	case GA_FENCE:
	case GA_CLUSTER:
	default:
		elem = "crm_event";
		break;
	}
	emit_xml_start(x, elem);
	if (a->kind == GA_CLUSTER && emit_xml_is(a, "lrm_delete"))
		emit_xml_attr(x, "mode", "cib");
	emit_xml_attrf(x, "id", "%u", a->id);
	emit_xml_attr(x, "operation", a->kind == GA_FENCE ? "stonith" :
	    a->task);
	s = emit_xml_key(a);
	emit_xml_attr(x, "operation_key", s);
	free(s);
	if (a->kind != GA_PSEUDO && a->node != NULL) {
		emit_xml_attr(x, "on_node", a->node);
		s = emit_xml_uuid(a);
		emit_xml_attr(x, "on_node_uuid", s);
		free(s);
	}
	if (as_input) {
		emit_xml_end(x);
		return;
	}

	if (a->kind != GA_PSEUDO && a->kind != GA_FENCE && a->rsc != NULL &&
	    !emit_xml_is(a, "do_shutdown")) {
		emit_xml_start(x, "primitive");
		if (a->rsc_long != NULL && strcmp(a->rsc_long, a->rsc) != 0) {
			emit_xml_attr(x, "id", a->rsc_long);
			emit_xml_attr(x, "long-id", a->hist != NULL &&
			    strcmp(a->hist, a->rsc_long) != 0 ? a->hist :
			    a->rsc);
		} else
			emit_xml_attr(x, "id", a->rsc);
		emit_xml_attr(x, "class", a->cls);
		emit_xml_attr(x, "provider", a->provider);
		emit_xml_attr(x, "type", a->type);
		emit_xml_end(x);
	}
	emit_xml_attributes(x, a);
	if ((a->kind == GA_FENCE && (a->fence_action == NULL ||
	    strcmp(a->fence_action, "on") != 0)) ||
	    (a->kind == GA_CLUSTER && emit_xml_is(a, "do_shutdown"))) {
		emit_xml_start(x, "downed");
		emit_xml_start(x, "node");
		s = emit_xml_uuid(a);
		emit_xml_attr(x, "id", s);
		free(s);
		emit_xml_end(x);
		emit_xml_end(x);
	}
	emit_xml_end(x);
}

/*
 * Check that every runnable action can run: it has a node unless it is a
 * pseudo action, and each input names an action. 0, or -1 with *cause.
 */
static int
emit_xml_check(const struct graph *g, const struct emit_order *o,
    char **cause)
{
	const struct gaction	*a;
	struct buf		 b;
	size_t			 i, j;

	buf_init(&b);
	for (i = 0; i < g->nactions && b.len == 0; i++) {
		a = &g->actions[i];
		if (!a->runnable)
			continue;
		if (a->kind != GA_PSEUDO && a->node == NULL) {
			buf_printf(&b, "action %u (", a->id);
			emit_describe(a, &b);
			buf_puts(&b, ") has no node");
			break;
		}
		for (j = 0; j < a->ninputs; j++) {
			if (emit_find(o, a->inputs[j]) != SIZE_MAX)
				continue;
			buf_printf(&b, "action %u (", a->id);
			emit_describe(a, &b);
			buf_printf(&b, ") waits for unknown action %u",
			    a->inputs[j]);
			break;
		}
	}
	if (b.len > 0) {
		*cause = buf_detach(&b);
		return -1;
	}
	buf_clear(&b);
	return 0;
}

/*
 * Append g as Pacemaker transition graph XML to b. Returns 0, or -1 with
 * *cause (caller frees) when the graph cannot execute (a cycle, an input
 * naming no action, an action without a node) or libxml2 fails; b is
 * then unchanged.
 */
int
emit_xml(const struct graph *g, struct buf *b, char **cause)
{
	struct emit_order	 o;
	struct emit_xml		 x;
	xmlBufferPtr		 xb;
	const struct gaction	*a, *inp;
	uint32_t		*in;
	size_t			 i, j, n, nsyn;
	char			*s;

	emit_order_init(&o, g);
	if (o.nordered < g->nactions) {
		struct buf	e;

		buf_init(&e);
		buf_puts(&e, "ordering cycle: ");
		emit_cycle(g, &o, &e);
		*cause = buf_detach(&e);
		emit_order_clear(&o);
		return -1;
	}
	if (emit_xml_check(g, &o, cause) != 0) {
		emit_order_clear(&o);
		return -1;
	}

	if ((xb = xmlBufferCreate()) == NULL ||
	    (x.w = xmlNewTextWriterMemory(xb, 0)) == NULL) {
		if (xb != NULL)
			xmlBufferFree(xb);
		*cause = xstrdup("cannot create an XML writer");
		emit_order_clear(&o);
		return -1;
	}
	x.failed = 0;
	buf_init(&x.tmp);
	if (xmlTextWriterSetIndent(x.w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x.w, BAD_CAST "  ") < 0)
		x.failed = 1;

	emit_xml_start(&x, "transition_graph");
	s = emit_xml_duration(g->cluster_delay_ms);
	emit_xml_attr(&x, "cluster-delay", s);
	free(s);
	s = emit_xml_duration(g->stonith_timeout_ms);
	emit_xml_attr(&x, "stonith-timeout", s);
	free(s);
	s = emit_xml_score(g->failed_stop_offset);
	emit_xml_attr(&x, "failed-stop-offset", s);
	free(s);
	s = emit_xml_score(g->failed_start_offset);
	emit_xml_attr(&x, "failed-start-offset", s);
	free(s);
	emit_xml_attrf(&x, "transition_id", "%d", g->transition_id);

	nsyn = 0;
	for (i = 0; i < o.nordered; i++) {
		a = &g->actions[o.order[i]];
		if (!a->runnable)
			continue;
		emit_xml_start(&x, "synapse");
		emit_xml_attrf(&x, "id", "%zu", nsyn++);
		emit_xml_start(&x, "action_set");
		emit_xml_action(&x, a, 0);
		emit_xml_end(&x);
		emit_xml_start(&x, "inputs");
		in = emit_inputs(a, &n);
		for (j = 0; j < n; j++) {
			inp = &g->actions[emit_find(&o, in[j])];
			if (!inp->runnable)
				continue;	/* see BEHAVIOR */
			emit_xml_start(&x, "trigger");
			emit_xml_action(&x, inp, 1);
			emit_xml_end(&x);
		}
		free(in);
		emit_xml_end(&x);
		emit_xml_end(&x);
	}
	emit_xml_end(&x);
	if (!x.failed && xmlTextWriterEndDocument(x.w) < 0)
		x.failed = 1;
	xmlFreeTextWriter(x.w);
	buf_clear(&x.tmp);
	emit_order_clear(&o);

	if (x.failed) {
		xmlBufferFree(xb);
		*cause = xstrdup("cannot write the graph as XML");
		return -1;
	}
	buf_add(b, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	return 0;
}
