/*
 * emit-json.c: everything one scheduler run decided, as a versioned JSON
 * document for scripts and other tools: the graph's actions with all
 * their fields and its ordering edges, the transition summary, the
 * placement before the transition and the scores behind it. The schema
 * (version 1) is in docs/graph.md. Written by hand, one item of a list
 * per line so that diffs stay readable; strings are escaped per RFC 8259
 * and always valid UTF-8.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "sched.h"

#define EMIT_JSON_VERSION	1

/* Append s as a JSON string, or null when s is NULL. */
static void
emit_json_str(struct buf *b, const char *s)
{
	uint32_t	c;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	while (*s != '\0') {
		s += emit_utf8(s, &c);
		switch (c) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\b':
			buf_puts(b, "\\b");
			break;
		case '\f':
			buf_puts(b, "\\f");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(b, "\\u%04x", (unsigned int)c);
			else
				emit_utf8_put(b, c);
			break;
		}
	}
	buf_putc(b, '"');
}

/* Append "name": as a key (names are plain ASCII). */
static void
emit_json_key(struct buf *b, const char *name)
{
	buf_printf(b, "\"%s\": ", name);
}

/* Append true or false. */
static void
emit_json_bool(struct buf *b, int v)
{
	buf_puts(b, v ? "true" : "false");
}

/* A role by its Pacemaker name, or null when unknown (fence lines). */
static void
emit_json_role(struct buf *b, enum role role)
{
	emit_json_str(b, role == ROLE_UNKNOWN ? NULL : value_role_name(role));
}

/* The schema's name of an action kind. */
static const char *
emit_json_kind(enum gaction_kind kind)
{
	switch (kind) {
	case GA_RSC_OP:
		return "rsc_op";
	case GA_PSEUDO:
		return "pseudo";
	case GA_FENCE:
		return "fence";
	case GA_CLUSTER:
		return "cluster";
	}
	return "unknown";
}

/* The schema's name of a summary change. */
static const char *
emit_json_change(enum change change)
{
	switch (change) {
	case CHANGE_START:
		return "start";
	case CHANGE_STOP:
		return "stop";
	case CHANGE_MOVE:
		return "move";
	case CHANGE_RECOVER:
		return "recover";
	case CHANGE_RESTART:
		return "restart";
	case CHANGE_PROMOTE:
		return "promote";
	case CHANGE_DEMOTE:
		return "demote";
	case CHANGE_REPROMOTE:
		return "re-promote";
	case CHANGE_MIGRATE:
		return "migrate";
	case CHANGE_RELOAD:
		return "reload";
	case CHANGE_FENCE:
		return "fence";
	case CHANGE_SHUTDOWN:
		return "shutdown";
	}
	return "unknown";
}

/* One action as an object on one line. */
static void
emit_json_action(struct buf *b, const struct gaction *a)
{
	size_t	i;

	buf_printf(b, "{\"id\": %u, \"kind\": \"%s\", ", a->id,
	    emit_json_kind(a->kind));
	emit_json_key(b, "task");
	emit_json_str(b, a->task);
	buf_puts(b, ", ");
	emit_json_key(b, "key");
	emit_json_str(b, a->key);
	buf_puts(b, ", ");
	emit_json_key(b, "name");
	emit_json_str(b, a->name);
	buf_puts(b, ", ");
	emit_json_key(b, "rsc");
	emit_json_str(b, a->rsc);
	buf_puts(b, ", ");
	emit_json_key(b, "rsc_long");
	emit_json_str(b, a->rsc_long);
	buf_puts(b, ", ");
	emit_json_key(b, "class");
	emit_json_str(b, a->cls);
	buf_puts(b, ", ");
	emit_json_key(b, "provider");
	emit_json_str(b, a->provider);
	buf_puts(b, ", ");
	emit_json_key(b, "type");
	emit_json_str(b, a->type);
	buf_puts(b, ", ");
	emit_json_key(b, "node");
	emit_json_str(b, a->node);
	buf_printf(b, ", \"node_id\": %u, \"interval_ms\": %llu, "
	    "\"timeout_ms\": %llu, \"expected_rc\": %d, ", a->node_id,
	    (unsigned long long)a->interval_ms,
	    (unsigned long long)a->timeout_ms, a->expected_rc);
	emit_json_key(b, "fence_action");
	emit_json_str(b, a->fence_action);
	buf_puts(b, ", ");
	emit_json_key(b, "reason");
	emit_json_str(b, a->reason);
	buf_puts(b, ", ");
	emit_json_key(b, "optional");
	emit_json_bool(b, a->optional);
	buf_puts(b, ", ");
	emit_json_key(b, "runnable");
	emit_json_bool(b, a->runnable);
	buf_puts(b, ", \"inputs\": [");
	for (i = 0; i < a->ninputs; i++)
		buf_printf(b, "%s%u", i == 0 ? "" : ", ", a->inputs[i]);
	buf_puts(b, "], \"meta\": {");
	for (i = 0; i < a->nmeta; i++) {
		if (i > 0)
			buf_puts(b, ", ");
		emit_json_key(b, a->meta[i].name);
		emit_json_str(b, a->meta[i].value);
	}
	buf_puts(b, "}}");
}

/* The graph: its settings, actions (in array order) and edges. */
static void
emit_json_graph(struct buf *b, const struct graph *g)
{
	size_t	i, j, nedges;

	buf_printf(b, "  \"transition\": {\"id\": %d, \"cluster_delay_ms\": "
	    "%llu, \"stonith_timeout_ms\": %llu, \"failed_stop_offset\": %d, "
	    "\"failed_start_offset\": %d},\n", g->transition_id,
	    (unsigned long long)g->cluster_delay_ms,
	    (unsigned long long)g->stonith_timeout_ms,
	    g->failed_stop_offset, g->failed_start_offset);

	buf_puts(b, "  \"actions\": [");
	for (i = 0; i < g->nactions; i++) {
		buf_puts(b, i == 0 ? "\n    " : ",\n    ");
		emit_json_action(b, &g->actions[i]);
	}
	buf_puts(b, g->nactions == 0 ? "],\n" : "\n  ],\n");

	nedges = 0;
	buf_puts(b, "  \"edges\": [");
	for (i = 0; i < g->nactions; i++) {
		for (j = 0; j < g->actions[i].ninputs; j++) {
			buf_printf(b, "%s{\"from\": %u, \"to\": %u}",
			    nedges == 0 ? "\n    " : ",\n    ",
			    g->actions[i].inputs[j], g->actions[i].id);
			nedges++;
		}
	}
	buf_puts(b, nedges == 0 ? "],\n" : "\n  ],\n");
}

/* The transition summary. */
static void
emit_json_summary(struct buf *b, const struct schedule *s)
{
	const struct change_line	*c;
	size_t				 i;

	buf_puts(b, "  \"summary\": [");
	for (i = 0; i < s->nchanges; i++) {
		c = &s->changes[i];
		buf_printf(b, "%s{\"change\": \"%s\", ", i == 0 ? "\n    " :
		    ",\n    ", emit_json_change(c->change));
		emit_json_key(b, "rsc");
		emit_json_str(b, c->rsc);
		buf_puts(b, ", ");
		emit_json_key(b, "from");
		emit_json_str(b, c->from);
		buf_puts(b, ", ");
		emit_json_key(b, "to");
		emit_json_str(b, c->to);
		buf_puts(b, ", ");
		emit_json_key(b, "from_role");
		emit_json_role(b, c->from_role);
		buf_puts(b, ", ");
		emit_json_key(b, "to_role");
		emit_json_role(b, c->to_role);
		buf_puts(b, ", ");
		emit_json_key(b, "reason");
		emit_json_str(b, c->reason);
		buf_puts(b, ", ");
		emit_json_key(b, "blocked");
		emit_json_bool(b, c->blocked);
		buf_puts(b, ", ");
		emit_json_key(b, "fence_action");
		emit_json_str(b, c->fence_action);
		buf_putc(b, '}');
	}
	buf_puts(b, s->nchanges == 0 ? "],\n" : "\n  ],\n");
}

/* Where each resource instance was before the transition. */
static void
emit_json_placement(struct buf *b, const struct schedule *s)
{
	const struct placement	*p;
	size_t			 i, j;

	buf_puts(b, "  \"placement_before\": [");
	for (i = 0; i < s->nbefore; i++) {
		p = &s->before[i];
		buf_puts(b, i == 0 ? "\n    {" : ",\n    {");
		emit_json_key(b, "rsc");
		emit_json_str(b, p->rsc);
		buf_puts(b, ", ");
		emit_json_key(b, "primitive");
		emit_json_str(b, p->model != NULL ? p->model->name : NULL);
		buf_puts(b, ", ");
		emit_json_key(b, "agent");
		emit_json_str(b, p->model != NULL ? p->model->agent : NULL);
		buf_puts(b, ", ");
		emit_json_key(b, "role");
		emit_json_role(b, p->role);
		buf_puts(b, ", \"nodes\": [");
		for (j = 0; j < p->nnodes; j++) {
			if (j > 0)
				buf_puts(b, ", ");
			emit_json_str(b, p->nodes[j]);
		}
		buf_puts(b, "], ");
		emit_json_key(b, "failed");
		emit_json_bool(b, p->failed);
		buf_puts(b, ", ");
		emit_json_key(b, "managed");
		emit_json_bool(b, p->managed);
		buf_puts(b, ", ");
		emit_json_key(b, "blocked");
		emit_json_bool(b, p->blocked);
		buf_putc(b, '}');
	}
	buf_puts(b, s->nbefore == 0 ? "],\n" : "\n  ],\n");
}

/* One contribution to a score. */
static void
emit_json_part(struct buf *b, const struct score_part *p)
{
	buf_putc(b, '{');
	emit_json_key(b, "what");
	emit_json_str(b, p->what);
	buf_printf(b, ", \"score\": %d, ", p->score);
	emit_json_key(b, "file");
	emit_json_str(b, p->file);
	if (p->loc.line > 0)
		buf_printf(b, ", \"line\": %d, \"col\": %d}", p->loc.line,
		    p->loc.col);
	else
		buf_puts(b, ", \"line\": null, \"col\": null}");
}

/* Per resource, each node's score and what it is made of. */
static void
emit_json_scores(struct buf *b, const struct schedule *s)
{
	const struct rsc_scores	*r;
	const struct node_score	*ns;
	size_t			 i, j, k;

	buf_puts(b, "  \"scores\": [");
	for (i = 0; i < s->nscores; i++) {
		r = &s->scores[i];
		buf_puts(b, i == 0 ? "\n    {" : ",\n    {");
		emit_json_key(b, "rsc");
		emit_json_str(b, r->rsc);
		buf_puts(b, ", ");
		emit_json_key(b, "assigned");
		emit_json_str(b, r->assigned);
		buf_puts(b, ", ");
		emit_json_key(b, "why_stopped");
		emit_json_str(b, r->why_stopped);
		buf_puts(b, ", \"nodes\": [");
		for (j = 0; j < r->nnodes; j++) {
			ns = &r->nodes[j];
			buf_puts(b, j == 0 ? "\n      {" : ",\n      {");
			emit_json_key(b, "node");
			emit_json_str(b, ns->node);
			buf_printf(b, ", \"score\": %d, \"parts\": [",
			    ns->score);
			for (k = 0; k < ns->nparts; k++) {
				if (k > 0)
					buf_puts(b, ", ");
				emit_json_part(b, &ns->parts[k]);
			}
			buf_puts(b, "]}");
		}
		buf_puts(b, r->nnodes == 0 ? "]}" : "\n    ]}");
	}
	buf_puts(b, s->nscores == 0 ? "]\n" : "\n  ]\n");
}

/*
 * Append the JSON document of schedule s to b (docs/graph.md, version 1).
 * Never fails; absent strings are null.
 */
void
emit_json(const struct schedule *s, struct buf *b)
{
	buf_printf(b, "{\n  \"version\": %d,\n", EMIT_JSON_VERSION);
	emit_json_graph(b, &s->graph);
	emit_json_summary(b, s);
	emit_json_placement(b, s);
	emit_json_scores(b, s);
	buf_puts(b, "}\n");
}
