/*
 * test-state.c: unit tests of the cluster state (scheduler/state.c and
 * scheduler/statefile.y): times, the syntax and its messages, nodes,
 * attributes and fail counts, resource histories in both forms, the
 * canonical writer and its round trips, the state_* API, and reading a
 * statement at a time (or, out of hacc's order or with errors, whole).
 *
 * A state is read against a policy compiled in its own context, which is
 * freed before the state is written: a state must not point into the
 * model. The helpers return a state as state_write() prints it, after its
 * diagnostics as "line:col: level: message" lines.
 */
#include "config.h"

#include <stdlib.h>

#include "unit.h"
#include "compiler.h"
#include "sched.h"

#define STATE_FILE	"t.state"

/* The policy most tests read states against. */
static const char *const policy =
    "cluster c {\n"
    "    node node1 { id = 1 }\n"
    "    node node2 { id = 2 }\n"
    "    node node3 { id = 3 }\n"
    "}\n"
    "resource web ocf:heartbeat:Dummy {\n"
    "    op monitor interval=10s\n"
    "}\n"
    "resource db ocf:heartbeat:pgsql {\n"
    "    op monitor interval=10s\n"
    "    op monitor interval=60s OCF_CHECK_LEVEL=10\n"
    "    op monitor interval=5min enabled=false\n"
    "}\n"
    "promotable drbd ocf:linbit:drbd {\n"
    "    op monitor interval=29s role=Promoted\n"
    "    op monitor interval=31s role=Unpromoted\n"
    "}\n"
    "clone ping ocf:pacemaker:ping { op monitor interval=15s }\n"
    "resource pg-rsc ocf:heartbeat:pgsql\n"
    "clone pg of pg-rsc\n"
    "group g {\n"
    "    resource a ocf:heartbeat:Dummy\n"
    "    resource b ocf:heartbeat:Dummy\n"
    "}\n"
    "clone gc of g\n"
    "group g2 { resource c systemd:foo }\n"
    "fence st stonith:fence_ipmilan { pcmk_host_list = node1 }\n";

/* --- helpers ------------------------------------------------------------ */

/* The diagnostics of ctx, sorted, one "line:col: level: msg" per line. */
static void
put_msgs(struct ctx *ctx, struct buf *b)
{
	static const char *const levels[] = { "error", "warning", "note" };
	const struct diag	*dg;
	const struct diag_note	*n;
	size_t			 i;

	diag_sort(ctx);
	for (i = 0; i < ctx->diags.n; i++) {
		dg = ctx->diags.v[i];
		if (dg->loc.file < 0)
			buf_printf(b, "%s: %s\n", levels[dg->level], dg->msg);
		else
			buf_printf(b, "%d:%d: %s: %s\n", dg->loc.line,
			    dg->loc.col, levels[dg->level], dg->msg);
		for (n = dg->notes; n != NULL; n = n->next)
			buf_printf(b, "%d:%d: note: %s\n", n->loc.line,
			    n->loc.col, n->msg);
	}
}

/* Compile text (NULL: no policy) in a new context, *mctx. */
static const struct model *
model_of(const char *text, struct ctx **mctx)
{
	struct policy	*pol;
	struct model	*m;

	*mctx = ctx_new();
	if (text == NULL)
		return NULL;
	pol = compile_load_text(*mctx, "t.ha", text, strlen(text));
	m = compile_policy(*mctx, pol);
	compile_free(pol);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

/* Read text against pol in ctx (the model's context is freed). */
static struct cstate *
read_state(struct ctx *ctx, const char *pol, const char *text)
{
	struct ctx		*mctx;
	const struct model	*m;
	struct cstate		*st;

	m = model_of(pol, &mctx);
	st = state_parse(ctx, m, ctx_add_source(ctx, STATE_FILE, text,
	    strlen(text)));
	ctx_free(mctx);
	return st;
}

/*
 * Read text against pol: its diagnostics, then the state as written, or
 * "ERROR" when there is none.
 */
static const char *
rd(const char *pol, const char *text)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;
	struct buf	 b;

	st = read_state(ctx, pol, text);
	buf_init(&b);
	put_msgs(ctx, &b);
	if (st != NULL)
		state_write(st, &b);
	else
		buf_puts(&b, "ERROR\n");
	ctx_free(ctx);
	return unit_keep(buf_detach(&b));
}

/* Only the diagnostics of reading text against the test policy. */
static const char *
errs(const char *text)
{
	struct ctx	*ctx = ctx_new();
	struct buf	 b;

	read_state(ctx, policy, text);
	buf_init(&b);
	put_msgs(ctx, &b);
	ctx_free(ctx);
	return unit_keep(buf_detach(&b));
}

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether two states hold the same data (priv aside). */
static int
state_equal(const struct cstate *x, const struct cstate *y)
{
	const struct nstate	*a, *b;
	const struct rhist	*h, *k;
	const struct oprec	*o, *p;
	size_t			 i, j;

	if (x->nnodes != y->nnodes || x->nhist != y->nhist ||
	    x->have_quorum != y->have_quorum || x->now != y->now ||
	    !str_eq(x->dc, y->dc))
		return 0;
	for (i = 0; i < x->nnodes; i++) {
		a = &x->nodes[i];
		b = &y->nodes[i];
		if (!str_eq(a->name, b->name) || a->id != b->id ||
		    a->seen != b->seen || a->in_ccm != b->in_ccm ||
		    a->crmd != b->crmd || a->join != b->join ||
		    a->expected_up != b->expected_up ||
		    a->attrs.n != b->attrs.n)
			return 0;
		for (j = 0; j < a->attrs.n; j++) {
			if (!str_eq(a->attrs.v[j].name, b->attrs.v[j].name) ||
			    !str_eq(a->attrs.v[j].value, b->attrs.v[j].value))
				return 0;
		}
	}
	for (i = 0; i < x->nhist; i++) {
		h = &x->hist[i];
		k = &y->hist[i];
		if (!str_eq(h->rsc, k->rsc) || !str_eq(h->cls, k->cls) ||
		    !str_eq(h->provider, k->provider) ||
		    !str_eq(h->type, k->type) || h->node != k->node ||
		    h->nops != k->nops)
			return 0;
		for (j = 0; j < h->nops; j++) {
			o = &h->ops[j];
			p = &k->ops[j];
			if (!str_eq(o->id, p->id) || !str_eq(o->task, p->task) ||
			    o->interval_ms != p->interval_ms ||
			    o->call_id != p->call_id || o->rc != p->rc ||
			    o->status != p->status ||
			    o->expected_rc != p->expected_rc ||
			    o->last_rc_change != p->last_rc_change ||
			    !str_eq(o->digest, p->digest) ||
			    !str_eq(o->restart_digest, p->restart_digest) ||
			    !str_eq(o->exit_reason, p->exit_reason))
				return 0;
		}
	}
	return 1;
}

/*
 * Read text against pol, write it, read that and write again: the texts
 * and the states must be the same, and so must a copy. Returns the text.
 */
static const char *
round_trip(const char *pol, const char *text)
{
	struct ctx	*c1 = ctx_new(), *c2 = ctx_new(), *c3 = ctx_new();
	struct cstate	*s1, *s2, *s3;
	struct buf	 b1, b2, b3;

	buf_init(&b1);
	buf_init(&b2);
	buf_init(&b3);
	s1 = read_state(c1, pol, text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s1);
	state_write(s1, &b1);
	s2 = read_state(c2, pol, b1.data == NULL ? "" : b1.data);
	if (s2 == NULL) {
		put_msgs(c2, &b2);
		unit_mismatch(__FILE__, __LINE__, "re-read", b2.data, "");
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(s2);
	state_write(s2, &b2);
	U_STREQ(b2.data == NULL ? "" : b2.data, b1.data == NULL ? "" :
	    b1.data);
	CU_ASSERT(state_equal(s1, s2));
	s3 = state_copy(c3, s1);
	ctx_free(c1);			/* the copy stands alone */
	state_write(s3, &b3);
	U_STREQ(b3.data == NULL ? "" : b3.data, b2.data == NULL ? "" :
	    b2.data);
	CU_ASSERT(state_equal(s2, s3));
	ctx_free(c2);
	ctx_free(c3);
	buf_clear(&b2);
	buf_clear(&b3);
	return unit_keep(b1.data == NULL ? xstrdup("") : b1.data);
}

/* Read text against the test policy (it must read cleanly). */
static struct cstate *
good(struct ctx *ctx, const char *text)
{
	struct cstate	*st;
	struct buf	 b;

	st = read_state(ctx, policy, text);
	if (st == NULL) {
		buf_init(&b);
		put_msgs(ctx, &b);
		unit_mismatch(__FILE__, __LINE__, "good", b.data, "");
		buf_clear(&b);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	return st;
}

/* The operations of rsc on node as "task/interval:call:rc:expected:status". */
static const char *
ops_of(struct cstate *st, const char *rsc, const char *node)
{
	struct nstate	*n = state_node(st, node, 0);
	struct rhist	*h;
	struct buf	 b;
	size_t		 i;

	if (n == NULL || (h = state_hist(st, rsc, (size_t)(n - st->nodes),
	    0)) == NULL)
		return "none";
	buf_init(&b);
	for (i = 0; i < h->nops; i++)
		buf_printf(&b, "%s%s/%llu:%d:%d:%d:%d", i > 0 ? " " : "",
		    h->ops[i].task, (unsigned long long)h->ops[i].interval_ms,
		    h->ops[i].call_id, h->ops[i].rc, h->ops[i].expected_rc,
		    h->ops[i].status);
	return unit_keep(buf_detach(&b));
}

/* The attributes of node as "name=value;" each. */
static const char *
attrs_of(struct cstate *st, const char *node)
{
	struct nstate	*n = state_node(st, node, 0);
	struct buf	 b;
	size_t		 i;

	if (n == NULL)
		return "none";
	buf_init(&b);
	for (i = 0; i < n->attrs.n; i++)
		buf_printf(&b, "%s=%s;", n->attrs.v[i].name,
		    n->attrs.v[i].value);
	return unit_keep(buf_detach(&b));
}

/* A node's membership as "seen in_ccm crmd join expected". */
static const char *
member_of(struct cstate *st, const char *node)
{
	struct nstate	*n = state_node(st, node, 0);

	if (n == NULL)
		return "none";
	return unit_printf("%d %d %d %d %d", n->seen, n->in_ccm, n->crmd,
	    (int)n->join, n->expected_up);
}

/* --- times ---------------------------------------------------------------- */

/* state_parse_time() as text: the epoch seconds, or "ERR". */
static const char *
tm(const char *s)
{
	int64_t	t = 0;

	if (state_parse_time(s, &t) != 0)
		return "ERR";
	return unit_printf("%lld", (long long)t);
}

static void
test_time_forms(void)
{
	U_STREQ(tm("2024-05-01T12:00:00Z"), "1714564800");
	U_STREQ(tm("2024-05-01t12:00:00z"), "1714564800");
	U_STREQ(tm("2024-05-01T12:00:00"), "1714564800");	/* UTC */
	U_STREQ(tm("2024-05-01 12:00:00"), "1714564800");	/* crm_simulate */
	U_STREQ(tm("2024-05-01T12:00"), "1714564800");
	U_STREQ(tm("2024-05-01T12:00Z"), "1714564800");
	U_STREQ(tm("2024-05-01T12:00:00.999Z"), "1714564800");
	U_STREQ(tm("2024-05-01T12:00:00,5"), "1714564800");
	U_STREQ(tm("2024-05-01"), "1714521600");
	U_STREQ(tm("2024-05-01T14:00:00+02:00"), "1714564800");
	U_STREQ(tm("2024-05-01T14:00:00+0200"), "1714564800");
	U_STREQ(tm("2024-05-01T14:00:00+02"), "1714564800");
	U_STREQ(tm("2024-05-01T06:30:00-05:30"), "1714564800");
	U_STREQ(tm("2024-05-01 14:00:00+02:00"), "1714564800");
	U_STREQ(tm("2024-05-01T00:00:00-00:00"), "1714521600");
}

static void
test_time_calendar(void)
{
	U_STREQ(tm("1970-01-01T00:00:00Z"), "0");
	U_STREQ(tm("1969-12-31T23:59:59Z"), "-1");
	U_STREQ(tm("2024-02-29T00:00:00Z"), "1709164800");	/* leap */
	U_STREQ(tm("2000-02-29"), "951782400");		/* 400 */
	U_STREQ(tm("2000-03-01"), "951868800");
	U_STREQ(tm("0001-01-01T00:00:00Z"), "-62135596800");
	U_STREQ(tm("9999-12-31T23:59:59Z"), "253402300799");
	/* Ordinal and week dates, as crm_simulate -t takes them. */
	U_STREQ(tm("2005-020T12:30"), "1106224200");
	U_STREQ(tm("2024-366"), "1735603200");
	U_STREQ(tm("2009-W01-1"), "1230508800");	/* in 2008 */
	U_STREQ(tm("2008-W52-7"), "1230422400");
	U_STREQ(tm("2021-W01-1"), "1609718400");
	U_STREQ(tm("2020-W53-4"), "1609372800");
}

static void
test_time_errors(void)
{
	U_STREQ(tm(""), "ERR");
	U_STREQ(tm(NULL), "ERR");
	U_STREQ(tm("now"), "ERR");
	U_STREQ(tm("1714564800"), "ERR");
	U_STREQ(tm("2024-5-01"), "ERR");
	U_STREQ(tm("2024-05-1"), "ERR");
	U_STREQ(tm("24-05-01"), "ERR");
	U_STREQ(tm("2024/05/01"), "ERR");
	U_STREQ(tm("2024-00-01"), "ERR");
	U_STREQ(tm("2024-13-01"), "ERR");
	U_STREQ(tm("2024-04-31"), "ERR");
	U_STREQ(tm("2023-02-29"), "ERR");		/* not leap */
	U_STREQ(tm("1900-02-29"), "ERR");		/* 100 */
	U_STREQ(tm("2024-05-00"), "ERR");
	U_STREQ(tm("2023-366"), "ERR");
	U_STREQ(tm("2024-000"), "ERR");
	U_STREQ(tm("2024-W54-1"), "ERR");
	U_STREQ(tm("2024-W01-8"), "ERR");
	U_STREQ(tm("2024-W1-1"), "ERR");
	U_STREQ(tm("2024-05-01T24:00:00Z"), "ERR");
	U_STREQ(tm("2024-05-01T12:60:00Z"), "ERR");
	U_STREQ(tm("2024-05-01T12:00:60Z"), "ERR");
	U_STREQ(tm("2024-05-01T12"), "ERR");
	U_STREQ(tm("2024-05-01T12:00:00."), "ERR");
	U_STREQ(tm("2024-05-01T12:00:00ZZ"), "ERR");
	U_STREQ(tm("2024-05-01T12:00:00+2"), "ERR");
	U_STREQ(tm("2024-05-01T12:00:00+24:00"), "ERR");
	U_STREQ(tm("2024-05-01T12:00:00+02:60"), "ERR");
	U_STREQ(tm("2024-05-01T12:00:00+02:0"), "ERR");
	U_STREQ(tm("2024-05-01Z"), "ERR");
	U_STREQ(tm("2024-05-01 "), "ERR");
	U_STREQ(tm("2024-05-01T12:00:00 "), "ERR");
}

static void
test_time_written(void)
{
	/* hacc writes UTC, and reads what it writes */
	U_STREQ(round_trip(NULL, "now \"2024-05-01 14:00:00+02:00\"\n"),
	    "now 2024-05-01T12:00:00Z\n");
	U_STREQ(round_trip(NULL, "now 1969-12-31T23:59:59Z\n"),
	    "now 1969-12-31T23:59:59Z\n");
	U_STREQ(round_trip(NULL, "now 0001-01-01\n"),
	    "now 0001-01-01T00:00:00Z\n");
	U_STREQ(round_trip(NULL, "now 9999-12-31T23:59:59Z\n"),
	    "now 9999-12-31T23:59:59Z\n");
	U_STREQ(round_trip(NULL, "now 2024-02-29T23:59:59-01:00\n"),
	    "now 2024-03-01T00:59:59Z\n");
	/* 0 is "not set" */
	U_STREQ(round_trip(NULL, "now 1970-01-01\n"), "");
	U_STREQ(errs("now 2024-05-01T25:00:00Z\n"),
	    "1:5: error: invalid time '2024-05-01T25:00:00Z': write an ISO "
	    "8601 time such as 2024-05-01T12:00:00Z\n");
	U_STREQ(errs("now 2024-05-01\nnow 2024-05-02\n"),
	    "2:1: error: 'now' is given twice\n"
	    "1:1: note: first given here\n");
}

/* --- syntax --------------------------------------------------------------- */

static void
test_syntax_empty(void)
{
	U_STREQ(rd(policy, ""),
	    "node node1 online id=1\nnode node2 online id=2\n"
	    "node node3 online id=3\n");
	U_STREQ(rd(NULL, ""), "");
	U_STREQ(rd(NULL, "\n\n# only a comment\n;;\n"), "");
}

static void
test_syntax_statements(void)
{
	U_STREQ(errs("nod node1 online\n"),
	    "1:1: error: unknown statement 'nod'; did you mean 'node'?\n");
	U_STREQ(errs("resouce web started on node1\n"),
	    "1:1: error: unknown statement 'resouce'; did you mean "
	    "'resource'?\n");
	U_STREQ(errs("qourum yes\n"),
	    "1:1: error: unknown statement 'qourum'; did you mean "
	    "'quorum'?\n");
	U_STREQ(errs("cluster c\n"),
	    "1:1: error: unknown statement 'cluster': a state file holds "
	    "'node', 'resource', 'now', 'quorum' and 'dc' lines\n");
	U_STREQ(errs("attr x=1\n"),
	    "1:1: error: 'attr' is not a statement: it goes inside a "
	    "node's block: node NAME { ... }\n");
	U_STREQ(errs("fail-count web start count=1\n"),
	    "1:1: error: 'fail-count' is not a statement: it goes inside a "
	    "node's block: node NAME { ... }\n");
	U_STREQ(errs("op start\n"),
	    "1:1: error: 'op' is not a statement: it goes inside a "
	    "resource's block: resource NAME on NODE { ... }\n");
	U_STREQ(errs("\"node\" node1\n"),
	    "1:1: error: unexpected string \"node\": a statement starts with "
	    "'node', 'resource', 'now', 'quorum' or 'dc'\n");
	U_STREQ(errs("node\n"),
	    "1:5: error: unexpected end of line, expected a name or value\n");
	U_STREQ(errs("now\n"),
	    "1:4: error: unexpected end of line, expected a name or value\n");
	U_STREQ(errs("quorum yes no\n"),
	    "1:12: error: unexpected word 'no', expected 'name=value' or end "
	    "of line\n");
	U_STREQ(errs("dc node1 node2\n"),
	    "1:10: error: unexpected word 'node2', expected end of line\n");
}

static void
test_syntax_resource_lines(void)
{
	U_STREQ(errs("resource web started onn node1\n"),
	    "1:22: error: unexpected word 'onn'; did you mean 'on'?\n");
	U_STREQ(errs("resource web started node1\n"),
	    "1:27: error: missing 'on NODE' (as in 'resource web started "
	    "on node1')\n");
	U_STREQ(errs("resource web started agent=ocf:a:b\n"),
	    "1:22: error: missing 'on NODE' (as in 'resource web started "
	    "on node1')\n");
	U_STREQ(errs("resource web { op start }\n"),
	    "1:14: error: missing 'on NODE' (as in 'resource web started "
	    "on node1')\n");
	U_STREQ(errs("resource web started on\n"),
	    "1:24: error: unexpected end of line, expected a name or value\n");
	U_STREQ(errs("resource web started on node1,\nnode2 x\n"),
	    "2:7: error: unexpected word 'x', expected 'name=value', end of "
	    "line, ',' or '{'\n");
	U_STREQ(errs("resource web started on node1 time=\n"),
	    "1:36: error: missing value after '='\n");
	U_STREQ(errs("resource web started on node1 time\n"),
	    "1:31: error: unexpected word 'time', expected 'name=value', end "
	    "of line, ',' or '{'\n");
	/* a word ending in ':' gives the ':' back, and the line goes on */
	U_STREQ(errs("resource x stopped on node3 agent=lsb:\n"
	    "resource y stopped on node1 agent=oc:heartbeat:Dummy\n"),
	    "1:38: error: unexpected ':', expected 'name=value', end of line "
	    "or '{'\n");
}

static void
test_syntax_blocks(void)
{
	U_STREQ(errs("node node1 {\n    atr x=1\n}\n"),
	    "2:5: error: unknown item 'atr'; did you mean 'attr'?\n");
	U_STREQ(errs("node node1 {\n    site=dc1\n}\n"),
	    "2:5: error: missing 'attr' before a name=value (as in 'attr "
	    "site=dc1')\n");
	U_STREQ(errs("resource web on node1 {\n    interval=10s\n}\n"),
	    "2:5: error: missing 'op NAME' before a name=value (as in 'op "
	    "monitor interval=10s')\n");
	U_STREQ(errs("node node1 {\n    pingd 100\n}\n"),
	    "2:5: error: unknown item 'pingd': a block holds 'attr', "
	    "'fail-count' or 'op' lines\n");
	U_STREQ(errs("resource web on node1 {\n    op interval=10s\n}\n"),
	    "2:8: error: missing operation name after 'op' (as in 'op "
	    "monitor interval=10s')\n");
	U_STREQ(errs("node node1 {\n    attr x\n}\n"),
	    "2:10: error: unexpected word 'x', expected 'name=value'\n");
	U_STREQ(errs("node node1 {\n    attr\n}\n"),
	    "2:9: error: unexpected end of line, expected 'name=value'\n");
	U_STREQ(errs("node node1 {\n    attr x=1\nnode node2 online\n"),
	    "3:1: error: 'node' cannot go inside a block; is a '}' missing "
	    "before it?\n");
	U_STREQ(errs("node node1 {\n    attr x=1\n"),
	    "2:13: error: missing '}' at end of file\n"
	    "1:12: note: to close the '{' opened here\n");
	U_STREQ(errs("node node1 { attr x=1 }\n}\n"),
	    "2:1: error: unexpected '}'\n");
	/* one line, several items */
	U_STREQ(errs("node node1 { attr x=1; attr y=2 }\n"), "");
}

static void
test_syntax_recovery(void)
{
	/* every bad line is reported, the good ones are still checked */
	U_STREQ(errs("nod node1\n"
	    "node node2 onlin\n"
	    "resource web started onn node1\n"
	    "node node3 {\n"
	    "    atr x=1\n"
	    "    attr standby=on\n"
	    "    oops\n"
	    "}\n"
	    "quorum maybe\n"),
	    "1:1: error: unknown statement 'nod'; did you mean 'node'?\n"
	    "2:12: error: unknown node status 'onlin'; did you mean "
	    "'online'?\n"
	    "3:22: error: unexpected word 'onn'; did you mean 'on'?\n"
	    "5:5: error: unknown item 'atr'; did you mean 'attr'?\n"
	    "7:5: error: unknown item 'oops'; did you mean 'op'?\n"
	    "9:8: error: invalid value 'maybe' for 'quorum': use yes or no\n");
	/* the scanner's own messages */
	U_STREQ(errs("node node1 $\n"),
	    "1:12: error: stray '$' in policy\n");
	U_STREQ(errs("now \"2024-05-01\n"),
	    "1:5: error: missing '\"' to end this string\n");
}

/* --- nodes ---------------------------------------------------------------- */

static void
test_node_statuses(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	st = good(ctx, "node node1 offline\nnode node2 unclean\n"
	    "node node3 pending\n");
	/* seen in_ccm crmd join expected */
	U_STREQ(member_of(st, "node1"), "1 0 0 0 0");
	U_STREQ(member_of(st, "node2"), "1 0 0 0 1");
	U_STREQ(member_of(st, "node3"), "1 1 1 1 1");
	ctx_free(ctx);

	ctx = ctx_new();
	st = good(ctx, "node node1 standby\nnode node2 maintenance\n"
	    "node node3 unseen\n");
	U_STREQ(member_of(st, "node1"), "1 1 1 2 1");
	U_STREQ(attrs_of(st, "node1"), "standby=on;");
	U_STREQ(member_of(st, "node2"), "1 1 1 2 1");
	U_STREQ(attrs_of(st, "node2"), "maintenance=on;");
	U_STREQ(member_of(st, "node3"), "0 0 0 0 0");
	ctx_free(ctx);

	/* not mentioned, or without a status: online, the policy's id */
	ctx = ctx_new();
	st = good(ctx, "node node1 { attr x=1 }\n");
	U_STREQ(member_of(st, "node1"), "1 1 1 2 1");
	U_STREQ(member_of(st, "node2"), "1 1 1 2 1");
	CU_ASSERT_EQUAL(state_node(st, "node2", 0)->id, 2);
	ctx_free(ctx);

	U_STREQ(round_trip(policy, "node node1 offline\nnode node2 unclean\n"
	    "node node3 pending\n"),
	    "node node1 offline id=1\nnode node2 unclean id=2\n"
	    "node node3 pending id=3\n");
	U_STREQ(round_trip(policy, "node node1 standby\n"
	    "node node2 maintenance\nnode node3 unseen\n"),
	    "node node1 standby id=1\nnode node2 maintenance id=2\n"
	    "node node3 unseen id=3\n");
	/* standby wins over maintenance; the other stays an attribute */
	U_STREQ(round_trip(policy, "node node1 online { attr maintenance=on "
	    "standby=on }\n"),
	    "node node1 standby id=1 {\n    attr maintenance=on\n}\n"
	    "node node2 online id=2\nnode node3 online id=3\n");
	/* only "on" makes the status word */
	U_STREQ(round_trip(policy, "node node1 { attr standby=true }\n"),
	    "node node1 online id=1 {\n    attr standby=true\n}\n"
	    "node node2 online id=2\nnode node3 online id=3\n");
}

static void
test_node_full_form(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	st = good(ctx, "node node1 member=yes daemon=down join=down "
	    "expected=up\n"
	    "node node2 online expected=down id=12\n"
	    "node node3 unseen member=yes join=banned seen=no\n");
	U_STREQ(member_of(st, "node1"), "1 1 0 0 1");
	U_STREQ(member_of(st, "node2"), "1 1 1 2 0");
	CU_ASSERT_EQUAL(state_node(st, "node2", 0)->id, 12);
	U_STREQ(member_of(st, "node3"), "0 1 0 3 0");
	ctx_free(ctx);

	U_STREQ(round_trip(policy, "node node1 member=yes daemon=down "
	    "join=down expected=up\n"
	    "node node2 online expected=down id=12\n"
	    "node node3 unseen member=yes join=banned\n"),
	    "node node1 member=yes daemon=down join=down expected=up id=1\n"
	    "node node2 member=yes daemon=up join=member expected=down "
	    "id=12\n"
	    "node node3 member=yes daemon=down join=banned expected=down "
	    "seen=no id=3\n");
	/* a full form that matches a status is written as the status */
	U_STREQ(round_trip(policy, "node node1 member=no daemon=down "
	    "join=down expected=down\n"),
	    "node node1 offline id=1\nnode node2 online id=2\n"
	    "node node3 online id=3\n");
}

static void
test_node_errors(void)
{
	U_STREQ(errs("node nod1 online\n"),
	    "1:6: error: unknown node 'nod1'; did you mean 'node1'?\n");
	U_STREQ(errs("node node4 online\n"),
	    "1:6: error: unknown node 'node4'; did you mean 'node1'?\n");
	U_STREQ(errs("node db1 online\n"),
	    "1:6: error: unknown node 'db1'\n");
	U_STREQ(errs("node \"\" online\n"),
	    "1:6: error: a node name cannot be empty\n");
	U_STREQ(errs("node node1 onlin\n"),
	    "1:12: error: unknown node status 'onlin'; did you mean "
	    "'online'?\n");
	U_STREQ(errs("node node1 up\n"),
	    "1:12: error: unknown node status 'up' (use online, offline, "
	    "unclean, pending, standby, maintenance or unseen)\n");
	U_STREQ(errs("node node1 online standby\n"),
	    "1:19: error: node 'node1' has two statuses, 'online' and "
	    "'standby'\n");
	U_STREQ(errs("node node1 online\nnode node1 offline\n"),
	    "2:6: error: node 'node1' is given twice\n"
	    "1:6: note: first given here\n");
	U_STREQ(errs("node node1 member=maybe daemon=dwn join=x expected=on "
	    "seen=2 id=0\n"),
	    "1:19: error: invalid value 'maybe' for 'member': use yes or no\n"
	    "1:32: error: invalid value 'dwn' for 'daemon'; did you mean "
	    "'down'?\n"
	    "1:41: error: invalid value 'x' for 'join': use down, pending, "
	    "member or banned\n"
	    "1:52: error: invalid value 'on' for 'expected': use up or "
	    "down\n"
	    "1:60: error: invalid value '2' for 'seen': use yes or no\n"
	    "1:65: error: invalid value '0' for 'id': a node id is a number "
	    "from 1 to 4294967295\n");
	U_STREQ(errs("node node1 id=4294967296\n"),
	    "1:15: error: invalid value '4294967296' for 'id': a node id is "
	    "a number from 1 to 4294967295\n");
	U_STREQ(errs("node node1 membr=yes\n"),
	    "1:12: error: unknown node setting 'membr'; did you mean "
	    "'member'?\n");
	U_STREQ(errs("node node1 standby=on\n"),
	    "1:12: error: unknown node setting 'standby' (use member, "
	    "daemon, join, expected, seen or id)\n");
	U_STREQ(errs("node node1 member=yes member=no\n"),
	    "1:23: error: 'member' is given twice\n"
	    "1:12: note: first given here\n");
	U_STREQ(errs("node node1 { op start }\n"),
	    "1:14: error: 'op' goes in a resource's block, not a node's: "
	    "resource NAME on NODE { op ... }\n");
}

static void
test_node_dc_quorum(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	st = good(ctx, "dc node2\nquorum no\n");
	U_STREQ(st->dc, "node2");
	CU_ASSERT_EQUAL(st->have_quorum, 0);
	ctx_free(ctx);
	ctx = ctx_new();
	st = good(ctx, "quorum true\n");
	CU_ASSERT_EQUAL(st->have_quorum, 1);
	CU_ASSERT_PTR_NULL(st->dc);
	CU_ASSERT_EQUAL(st->now, 0);
	ctx_free(ctx);
	ctx = ctx_new();
	st = good(ctx, "");
	CU_ASSERT_EQUAL(st->have_quorum, -1);
	ctx_free(ctx);

	U_STREQ(errs("dc nod2\n"),
	    "1:4: error: unknown node 'nod2'; did you mean 'node2'?\n");
	U_STREQ(errs("dc node1\ndc node2\n"),
	    "2:1: error: 'dc' is given twice\n1:1: note: first given here\n");
	U_STREQ(errs("quorum 2\n"),
	    "1:8: error: invalid value '2' for 'quorum': use yes or no\n");
	U_STREQ(round_trip(NULL, "quorum yes\ndc n1\n"),
	    "quorum yes\ndc n1\n\nnode n1 online\n");
}

static void
test_node_without_policy(void)
{
	/* the state gives the nodes: node statements first, in order */
	U_STREQ(round_trip(NULL, "dc n3\n"
	    "resource x started on n4 agent=lsb:x\n"
	    "node n2 offline\n"
	    "node n1 online id=5\n"),
	    "dc n3\n\n"
	    "node n2 offline\n"
	    "node n1 online id=5\n"
	    "node n3 online\n"
	    "node n4 online\n\n"
	    "resource x on n4 agent=lsb:x {\n"
	    "    op start call=1 rc=0\n"
	    "}\n");
	/* a policy without nodes does the same and checks the resources */
	U_STREQ(rd("resource web ocf:heartbeat:Dummy\n",
	    "resource web started on n1\nresource wbe started on n1\n"),
	    "2:10: error: unknown resource 'wbe'; did you mean 'web'?\n"
	    "ERROR\n");
}

/* --- attributes and fail counts -------------------------------------------- */

static void
test_attr_forms(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	st = good(ctx, "node node1 {\n"
	    "    attr site=dc1 rack=r12\n"
	    "    attr \"a b\"=\"x y\" empty=\"\"\n"
	    "    attr \"fail-count-web#start_0\"=INFINITY\n"
	    "    attr pingd = 100\n"
	    "}\n");
	U_STREQ(attrs_of(st, "node1"), "a b=x y;empty=;"
	    "fail-count-web#start_0=INFINITY;pingd=100;rack=r12;site=dc1;");
	U_STREQ(state_attr(state_node(st, "node1", 0), "site"), "dc1");
	CU_ASSERT_PTR_NULL(state_attr(state_node(st, "node1", 0), "zone"));
	CU_ASSERT_PTR_NULL(state_attr(NULL, "site"));
	ctx_free(ctx);

	U_STREQ(round_trip(policy, "node node1 {\n"
	    "    attr site=dc1 \"a b\"=\"x y\" q=\"say \\\"hi\\\"\\n\"\n"
	    "    attr key=on \"#uname\"=x \"ends:\"=\"v:\" colons=a::\n"
	    "}\n"),
	    "node node1 online id=1 {\n"
	    "    attr \"#uname\"=x\n"
	    "    attr \"a b\"=\"x y\"\n"
	    "    attr colons=a::\n"
	    "    attr \"ends:\"=\"v:\"\n"
	    "    attr key=on\n"
	    "    attr q=\"say \\\"hi\\\"\\n\"\n"
	    "    attr site=dc1\n"
	    "}\n"
	    "node node2 online id=2\nnode node3 online id=3\n");
	U_STREQ(errs("node node1 {\n    attr x=1\n    attr x=2\n}\n"),
	    "3:10: error: attribute 'x' of node 'node1' is set twice\n"
	    "2:10: note: first given here\n");
	U_STREQ(errs("node node1 standby { attr standby=off }\n"),
	    "1:27: error: attribute 'standby' of node 'node1' is set twice\n"
	    "1:12: note: first given here\n");
	U_STREQ(errs("node node1 { attr \"\"=1 }\n"),
	    "1:19: error: an attribute needs a name\n");
}

static void
test_attr_failcount(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	st = good(ctx, "node node1 {\n"
	    "    fail-count web monitor interval=10s count=2 "
	    "last-failure=2024-05-01T12:00:00Z\n"
	    "    fail-count db start count=inf\n"
	    "    fail-count ping:1 monitor interval=15000ms count=0\n"
	    "}\n");
	U_STREQ(attrs_of(st, "node1"),
	    "fail-count-db#start_0=INFINITY;"
	    "fail-count-ping:1#monitor_15000=0;"
	    "fail-count-web#monitor_10000=2;"
	    "last-failure-web#monitor_10000=1714564800;");
	ctx_free(ctx);

	U_STREQ(round_trip(policy, "node node2 {\n"
	    "    fail-count web monitor interval=10s count=2 "
	    "last-failure=2024-05-01T12:00:00Z\n"
	    "    fail-count db start count=1000000\n"
	    "    fail-count old migrate_to interval=1500ms count=7\n"
	    "}\n"),
	    "node node1 online id=1\n"
	    "node node2 online id=2 {\n"
	    "    fail-count db start count=INFINITY\n"
	    "    fail-count old migrate_to interval=1500ms count=7\n"
	    "    fail-count web monitor interval=10s count=2 "
	    "last-failure=2024-05-01T12:00:00Z\n"
	    "}\n"
	    "node node3 online id=3\n");
	/* the same attributes as attr lines are written as fail-count */
	U_STREQ(round_trip(policy, "node node1 {\n"
	    "    attr \"fail-count-web#monitor_10000\"=3\n"
	    "    attr \"last-failure-web#monitor_10000\"=1714564800\n"
	    "}\n"),
	    "node node1 online id=1 {\n"
	    "    fail-count web monitor interval=10s count=3 "
	    "last-failure=2024-05-01T12:00:00Z\n"
	    "}\n"
	    "node node2 online id=2\nnode node3 online id=3\n");
	/* what a fail-count line cannot say stays an attr line */
	U_STREQ(round_trip(policy, "node node1 {\n"
	    "    attr \"fail-count-web#monitor_10000\"=abc\n"
	    "    attr \"last-failure-web#monitor_10000\"=5\n"
	    "    attr \"fail-count-web#bogus_0\"=1\n"
	    "    attr \"fail-count-web#start_00\"=1\n"
	    "    attr \"fail-count-web\"=1\n"
	    "    attr \"fail-count-db#start_0\"=2\n"
	    "    attr \"last-failure-db#start_0\"=soon\n"
	    "    attr \"last-failure-ping#start_0\"=5\n"
	    "}\n"),
	    "node node1 online id=1 {\n"
	    "    attr fail-count-web=1\n"
	    "    attr \"fail-count-web#bogus_0\"=1\n"
	    "    attr \"fail-count-web#monitor_10000\"=abc\n"
	    "    attr \"fail-count-web#start_00\"=1\n"
	    "    attr \"last-failure-db#start_0\"=soon\n"
	    "    attr \"last-failure-ping#start_0\"=5\n"
	    "    attr \"last-failure-web#monitor_10000\"=5\n"
	    "    fail-count db start count=2\n"
	    "}\n"
	    "node node2 online id=2\nnode node3 online id=3\n");
}

static void
test_attr_failcount_errors(void)
{
	U_STREQ(errs("node node1 {\n    fail-count web monitor "
	    "interval=10s\n}\n"),
	    "2:5: error: a fail count needs count=N (as in 'fail-count web "
	    "monitor interval=10s count=1')\n");
	U_STREQ(errs("node node1 {\n    fail-count web strat count=1\n}\n"),
	    "2:20: error: unknown operation 'strat'; did you mean 'start'?\n");
	U_STREQ(errs("node node1 {\n    fail-count web start count=-1\n}\n"),
	    "2:32: error: invalid value '-1' for 'count': a number of "
	    "failures or INFINITY\n");
	U_STREQ(errs("node node1 {\n    fail-count web start count=1 "
	    "interval=10 last-failure=x cnt=2\n}\n"),
	    "2:59: error: invalid value 'x' for 'last-failure': write an ISO "
	    "8601 time such as 2024-05-01T12:00:00Z\n"
	    "2:61: error: unknown fail count setting 'cnt' (use interval, "
	    "count or last-failure)\n");
	U_STREQ(errs("node node1 {\n    fail-count web start count=1 "
	    "interval=ten\n}\n"),
	    "2:43: error: invalid value 'ten' for 'interval': 'ten' is not a "
	    "duration such as 500ms, 30s, 2min or 1h\n");
	U_STREQ(errs("node node1 {\n    fail-count wbe start count=1\n}\n"),
	    "2:16: warning: fail count of unknown resource 'wbe'; did you "
	    "mean 'web'?\n");
	U_STREQ(errs("node node1 {\n    fail-count removed start count=1\n}\n"),
	    "");
	U_STREQ(errs("node node1 {\n    fail-count web start count=1\n"
	    "    attr \"fail-count-web#start_0\"=2\n}\n"),
	    "3:10: error: attribute 'fail-count-web#start_0' of node 'node1' "
	    "is set twice\n"
	    "2:5: note: first given here\n");
}

/* --- resource histories ----------------------------------------------------- */

static void
test_hist_short_forms(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	/* task/interval:call:rc:expected:status, call ids in file order */
	st = good(ctx, "resource web stopped on node2, node3\n"
	    "resource web started on node1\n"
	    "resource db started on node1\n"
	    "resource drbd:0 promoted on node1\n"
	    "resource drbd:1 unpromoted on node2\n"
	    "resource drbd:2 started on node3\n"
	    "resource ping started on node1\n"
	    "resource ping:1 stopped on node2\n"
	    "resource pg-rsc:0 started on node1\n"
	    "resource a:1 started on node2\n"
	    "resource st started on node2\n");
	U_STREQ(ops_of(st, "web", "node2"), "monitor/0:1:7:7:0");
	U_STREQ(ops_of(st, "web", "node3"), "monitor/0:2:7:7:0");
	U_STREQ(ops_of(st, "web", "node1"),
	    "start/0:3:0:0:0 monitor/10000:4:0:0:0");
	/* enabled recurring monitors, in the policy's order */
	U_STREQ(ops_of(st, "db", "node1"),
	    "start/0:5:0:0:0 monitor/10000:6:0:0:0 monitor/60000:7:0:0:0");
	U_STREQ(ops_of(st, "drbd:0", "node1"),
	    "start/0:8:0:0:0 promote/0:9:0:0:0 monitor/29000:10:8:8:0");
	U_STREQ(ops_of(st, "drbd:1", "node2"),
	    "start/0:11:0:0:0 monitor/31000:12:0:0:0");
	U_STREQ(ops_of(st, "drbd:2", "node3"),
	    "start/0:13:0:0:0 monitor/31000:14:0:0:0");
	U_STREQ(ops_of(st, "ping", "node1"),
	    "start/0:15:0:0:0 monitor/15000:16:0:0:0");
	U_STREQ(ops_of(st, "ping:1", "node2"), "monitor/0:17:7:7:0");
	U_STREQ(ops_of(st, "pg-rsc:0", "node1"), "start/0:18:0:0:0");
	U_STREQ(ops_of(st, "a:1", "node2"), "start/0:19:0:0:0");
	U_STREQ(ops_of(st, "st", "node2"), "start/0:20:0:0:0");
	U_STREQ(ops_of(st, "web", "nodeX"), "none");
	U_STREQ(ops_of(st, "db", "node2"), "none");
	CU_ASSERT_EQUAL(state_next_call_id(st), 21);
	/* no failure, no attribute; no now, no time */
	U_STREQ(attrs_of(st, "node1"), "");
	CU_ASSERT_EQUAL(state_hist(st, "web", 0, 0)->ops[0].last_rc_change,
	    0);
	ctx_free(ctx);

	/* the agent comes from the policy */
	U_STREQ(round_trip(policy, "now 2024-05-01T12:00:00Z\n"
	    "resource st started on node2\n"
	    "resource c stopped on node3 time=2024-05-01T11:00:00Z\n"),
	    "now 2024-05-01T12:00:00Z\n\n"
	    "node node1 online id=1\nnode node2 online id=2\n"
	    "node node3 online id=3\n\n"
	    "resource st on node2 agent=stonith:fence_ipmilan {\n"
	    "    op start call=1 rc=0 changed=2024-05-01T12:00:00Z\n"
	    "}\n"
	    "resource c on node3 agent=systemd:foo {\n"
	    "    op monitor call=2 rc=7 changed=2024-05-01T11:00:00Z\n"
	    "}\n");
}

static void
test_hist_failed(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	st = good(ctx, "now 2024-05-01T12:00:00Z\n"
	    "resource web failed on node1\n"
	    "resource db failed on node1 interval=60s rc=not-running\n"
	    "resource web failed on node2 op=start rc=not-installed\n"
	    "resource web failed on node3 interval=0 rc=5\n"
	    "resource drbd:0 failed on node1 interval=29s rc=failed-promoted\n"
	    "resource drbd:1 failed on node2 op=demote\n"
	    "resource db failed on node2 op=stop status=timeout "
	    "reason=\"took too long\" time=2024-05-01T11:00:00Z "
	    "fail-count=3\n"
	    "resource db failed on node3 op=promote fail-count=0\n");
	U_STREQ(ops_of(st, "web", "node1"),
	    "start/0:1:0:0:0 monitor/10000:2:1:0:4");
	U_STREQ(ops_of(st, "db", "node1"),
	    "start/0:3:0:0:0 monitor/60000:4:7:0:4");
	U_STREQ(ops_of(st, "web", "node2"), "start/0:5:5:0:4");
	U_STREQ(ops_of(st, "web", "node3"), "monitor/0:6:5:7:4");
	U_STREQ(ops_of(st, "drbd:0", "node1"),
	    "start/0:7:0:0:0 promote/0:8:0:0:0 monitor/29000:9:9:8:4");
	U_STREQ(ops_of(st, "drbd:1", "node2"),
	    "start/0:10:0:0:0 promote/0:11:0:0:0 demote/0:12:1:0:4");
	U_STREQ(ops_of(st, "db", "node2"),
	    "start/0:13:0:0:0 stop/0:14:1:0:2");
	U_STREQ(ops_of(st, "db", "node3"),
	    "start/0:15:0:0:0 promote/0:16:1:0:4");
	/* fail counts: 1, INFINITY for a start, as given; at "now" */
	U_STREQ(attrs_of(st, "node1"),
	    "fail-count-db#monitor_60000=1;"
	    "fail-count-drbd:0#monitor_29000=1;"
	    "fail-count-web#monitor_10000=1;"
	    "last-failure-db#monitor_60000=1714564800;"
	    "last-failure-drbd:0#monitor_29000=1714564800;"
	    "last-failure-web#monitor_10000=1714564800;");
	U_STREQ(attrs_of(st, "node2"),
	    "fail-count-db#stop_0=3;"
	    "fail-count-drbd:1#demote_0=1;"
	    "fail-count-web#start_0=INFINITY;"
	    "last-failure-db#stop_0=1714561200;"
	    "last-failure-drbd:1#demote_0=1714564800;"
	    "last-failure-web#start_0=1714564800;");
	U_STREQ(attrs_of(st, "node3"),
	    "fail-count-web#monitor_0=1;"
	    "last-failure-web#monitor_0=1714564800;");
	U_STREQ(state_hist(st, "db", 1, 0)->ops[1].exit_reason,
	    "took too long");
	CU_ASSERT_EQUAL(state_hist(st, "db", 1, 0)->ops[1].last_rc_change,
	    1714561200);
	ctx_free(ctx);

	/* without "now" or time=, no last-failure */
	ctx = ctx_new();
	st = good(ctx, "resource web failed on node1 rc=7\n");
	U_STREQ(attrs_of(st, "node1"), "fail-count-web#monitor_10000=1;");
	ctx_free(ctx);

	/* start-failure-is-fatal=false: a failed start counts one */
	U_STREQ(rd("cluster c {\n    node n1\n"
	    "    property start-failure-is-fatal=false\n}\n"
	    "resource web ocf:heartbeat:Dummy\n",
	    "resource web failed on n1 op=start\n"),
	    "node n1 online {\n"
	    "    fail-count web start count=1\n"
	    "}\n\n"
	    "resource web on n1 agent=ocf:heartbeat:Dummy {\n"
	    "    op start call=1 rc=1 status=error\n"
	    "}\n");
	/* without a recurring monitor, a failed monitor is a probe */
	U_STREQ(rd("resource web ocf:heartbeat:Dummy\n",
	    "resource web failed on n1 rc=1\n"),
	    "node n1 online {\n"
	    "    fail-count web monitor count=1\n"
	    "}\n\n"
	    "resource web on n1 agent=ocf:heartbeat:Dummy {\n"
	    "    op monitor call=1 rc=1 status=error\n"
	    "}\n");
}

static void
test_hist_failed_errors(void)
{
	U_STREQ(errs("resource web failed on node1 op=start rc=0\n"),
	    "1:42: error: rc 0 is what 'start' was expected to return: a "
	    "failure needs another rc (or expected=)\n");
	U_STREQ(errs("resource web failed on node1 interval=0 rc=7\n"),
	    "1:44: error: rc 7 is what 'monitor' was expected to return: a "
	    "failure needs another rc (or expected=)\n");
	U_STREQ(errs("resource web failed on node1 expected=generic\n"),
	    "1:14: error: rc 1 is what 'monitor' was expected to return: a "
	    "failure needs another rc\n");
	U_STREQ(errs("resource web failed on node1 op=strat rc=nope "
	    "status=bad expected=256 interval=x fail-count=-2 time=y\n"),
	    "1:33: error: unknown operation 'strat'; did you mean 'start'?\n"
	    "1:42: error: invalid value 'nope' for 'rc': a number from 0 to "
	    "255 or a name such as not-running\n"
	    "1:54: error: invalid value 'bad' for 'status': use pending, done, "
	    "cancelled, timeout, not-supported, error, error-hard, "
	    "error-fatal or not-installed, or a number from -1 to 11\n"
	    "1:67: error: invalid value '256' for 'expected': an exit code is "
	    "a number from 0 to 255\n"
	    "1:80: error: invalid value 'x' for 'interval': 'x' is not a "
	    "duration such as 500ms, 30s, 2min or 1h\n"
	    "1:93: error: invalid value '-2' for 'fail-count': a number of "
	    "failures or INFINITY\n"
	    "1:101: error: invalid value 'y' for 'time': write an ISO 8601 "
	    "time such as 2024-05-01T12:00:00Z\n");
	U_STREQ(errs("resource web failed on node1 rc=not-runing "
	    "status=timout\n"),
	    "1:33: error: invalid value 'not-runing' for 'rc'; did you mean "
	    "'not-running'?\n"
	    "1:51: error: invalid value 'timout' for 'status'; did you mean "
	    "'timeout'?\n");
	U_STREQ(errs("resource web failed on node1 status=12\n"),
	    "1:37: error: invalid value '12' for 'status': use pending, done, "
	    "cancelled, timeout, not-supported, error, error-hard, "
	    "error-fatal or not-installed, or a number from -1 to 11\n");
	U_STREQ(errs("resource web failed on node1 opp=start\n"),
	    "1:30: error: unknown history setting 'opp'; did you mean 'op'?\n");
}

static void
test_hist_names(void)
{
	U_STREQ(errs("resource wbe started on node1\n"),
	    "1:10: error: unknown resource 'wbe'; did you mean 'web'?\n");
	U_STREQ(errs("resource pnig:1 started on node1\n"),
	    "1:10: error: unknown resource 'pnig:1'; did you mean 'ping:1'?\n");
	U_STREQ(errs("resource removed started on node1\n"),
	    "1:10: error: unknown resource 'removed': the history of a "
	    "resource the policy does not declare needs "
	    "agent=CLASS:[PROVIDER:]TYPE\n");
	U_STREQ(errs("resource \"\" started on node1\n"),
	    "1:10: error: a resource name cannot be empty\n");
	U_STREQ(errs("resource g2 started on node1\n"),
	    "1:10: error: 'g2' is a group: a history names one of its "
	    "resources, such as 'c'\n");
	U_STREQ(errs("resource g started on node1\n"),
	    "1:10: error: 'g' is a group: a history names a primitive in it, "
	    "such as 'a' or 'a:0'\n");
	U_STREQ(errs("resource gc started on node1\n"),
	    "1:10: error: 'gc' is a clone: a history names a primitive in it, "
	    "such as 'a' or 'a:0'\n");
	U_STREQ(errs("resource pg:0 started on node1\n"),
	    "1:10: error: 'pg' is a clone: a history names a primitive in it, "
	    "such as 'pg-rsc' or 'pg-rsc:0'\n");
	U_STREQ(errs("resource web:1 started on node1\n"),
	    "1:10: error: 'web' is not in a clone: its history is named "
	    "'web', not 'web:1'\n");
	U_STREQ(errs("resource web promoted on node1\n"
	    "resource ping:0 unpromoted on node1\n"),
	    "1:14: error: 'web' is not in a promotable clone: it cannot be "
	    "'promoted'\n"
	    "2:17: error: 'ping:0' is not in a promotable clone: it cannot be "
	    "'unpromoted'\n");
	/* removed resources (orphans) with their agent; any instance */
	U_STREQ(errs("resource removed started on node1 agent=ocf:h:X\n"
	    "resource wbe started on node2 agent=ocf:h:X\n"
	    "resource ping:7 started on node3\n"), "");
	/* nodes */
	U_STREQ(errs("resource web stopped on node1, nod2, node4\n"),
	    "1:32: error: unknown node 'nod2'; did you mean 'node2'?\n"
	    "1:38: error: unknown node 'node4'; did you mean 'node1'?\n");
}

static void
test_hist_states(void)
{
	U_STREQ(errs("resource web strated on node1\n"),
	    "1:14: error: unknown resource state 'strated'; did you mean "
	    "'started'?\n");
	U_STREQ(errs("resource web running on node1\n"),
	    "1:14: error: unknown resource state 'running' (use stopped, "
	    "started, unpromoted, promoted or failed)\n");
	U_STREQ(errs("resource web started stopped on node1\n"),
	    "1:22: error: 'web' has two states on the same line, 'started' "
	    "and 'stopped'\n");
	U_STREQ(errs("resource web started on node1 { op start }\n"),
	    "1:31: error: a history is a state ('web started on ...') or a "
	    "block of operations, not both\n");
	U_STREQ(errs("resource web started on node1 rc=3 agnt=x foo=1\n"),
	    "1:31: error: 'rc' is not a setting of a 'started' history\n"
	    "1:36: error: unknown history setting 'agnt'; did you mean "
	    "'agent'?\n"
	    "1:43: error: unknown history setting 'foo' (use agent, lock or "
	    "time)\n");
	U_STREQ(errs("resource web on node1 time=2024-05-01 { op start }\n"),
	    "1:23: error: 'time' is not a setting of a history without a "
	    "state: give it on the op lines\n");
	U_STREQ(errs("resource web stopped on node1\n"
	    "resource web started on node2, node1\n"),
	    "2:32: error: the history of 'web' on 'node1' is given twice\n"
	    "1:25: note: first given here\n");
}

static void
test_hist_agents(void)
{
	U_STREQ(round_trip(policy, "resource web started on node1 "
	    "agent=ocf:pacemaker:Dummy\n"
	    "resource old stopped on node2 agent=lsb:old\n"
	    "resource u on node3 agent=upstart:u\n"),
	    "node node1 online id=1\nnode node2 online id=2\n"
	    "node node3 online id=3\n\n"
	    "resource web on node1 agent=ocf:pacemaker:Dummy {\n"
	    "    op start call=1 rc=0\n"
	    "    op monitor interval=10s call=2 rc=0\n"
	    "}\n"
	    "resource old on node2 agent=lsb:old {\n"
	    "    op monitor call=3 rc=7\n"
	    "}\n"
	    "resource u on node3 agent=upstart:u\n");
	/*
	 * What a CIB may record: an ocf agent without provider (ocf::TYPE),
	 * an instance of a resource since uncloned (an orphan), an
	 * operation hacc does not know.
	 */
	U_STREQ(rd(policy, "resource x on node1 agent=ocf::Dummy {\n"
	    "    op asyncmon call=1 rc=0\n"
	    "}\n"
	    "resource web:0 on node2 agent=ocf:heartbeat:Dummy {\n"
	    "    op start call=2 rc=0\n"
	    "}\n"),
	    "2:8: warning: unknown operation 'asyncmon': kept as recorded\n"
	    "node node1 online id=1\nnode node2 online id=2\n"
	    "node node3 online id=3\n\n"
	    "resource x on node1 agent=ocf::Dummy {\n"
	    "    op asyncmon call=1 rc=0\n"
	    "}\n"
	    "resource web:0 on node2 agent=ocf:heartbeat:Dummy {\n"
	    "    op start call=2 rc=0\n"
	    "}\n");
	U_STREQ(errs("resource x stopped on node1 agent=Dummy\n"
	    "resource x stopped on node2 agent=ocf:Dummy\n"
	    "resource x stopped on node3 agent=\"lsb:\"\n"
	    "resource y stopped on node1 agent=oc:heartbeat:Dummy\n"
	    "resource y stopped on node2 agent=xyz:foo\n"
	    "resource y stopped on node3 agent=systemd:a:b\n"),
	    "1:35: error: missing resource class in 'Dummy': write "
	    "ocf:PROVIDER:TYPE or CLASS:TYPE\n"
	    "2:35: error: invalid agent 'ocf:Dummy': an ocf agent is "
	    "ocf:PROVIDER:TYPE\n"
	    "3:35: error: invalid agent 'lsb:': write lsb:NAME\n"
	    "4:35: error: unknown resource class 'oc'; did you mean 'ocf'?\n"
	    "5:35: error: unknown resource class 'xyz': use ocf, lsb, systemd, "
	    "service, stonith, upstart or nagios\n"
	    "6:35: error: invalid agent 'systemd:a:b': write systemd:NAME\n");
}

static void
test_hist_complete_form(void)
{
	struct ctx		*ctx = ctx_new();
	struct cstate		*st;
	const struct oprec	*o;

	st = good(ctx, "resource web on node1 {\n"
	    "    op start call=10 rc=0 changed=2024-05-01T11:00:00Z "
	    "digest=f2317cad restart-digest=0a1b id=web_start_0\n"
	    "    op monitor interval=10s call=11 rc=7 status=error "
	    "expected=0 reason=\"gone\"\n"
	    "    op stop call=-1 status=pending\n"
	    "    op monitor call=3 rc=not-running status=4\n"
	    "    op promote call=12 rc=8 expected=running-promoted "
	    "status=11\n"
	    "}\n");
	CU_ASSERT_EQUAL_FATAL(state_hist(st, "web", 0, 0)->nops, 5);
	o = state_hist(st, "web", 0, 0)->ops;
	U_STREQ(o[0].task, "start");
	CU_ASSERT_EQUAL(o[0].call_id, 10);
	CU_ASSERT_EQUAL(o[0].last_rc_change, 1714561200);
	U_STREQ(o[0].digest, "f2317cad");
	U_STREQ(o[0].restart_digest, "0a1b");
	U_STREQ(o[0].id, "web_start_0");
	CU_ASSERT_PTR_NULL(o[0].exit_reason);
	CU_ASSERT_EQUAL(o[1].interval_ms, 10000);
	CU_ASSERT_EQUAL(o[1].rc, 7);
	CU_ASSERT_EQUAL(o[1].status, OPST_ERROR);
	CU_ASSERT_EQUAL(o[1].expected_rc, 0);
	U_STREQ(o[1].exit_reason, "gone");
	CU_ASSERT_PTR_NULL(o[1].digest);
	CU_ASSERT_EQUAL(o[2].call_id, -1);
	CU_ASSERT_EQUAL(o[2].status, OPST_PENDING);
	CU_ASSERT_EQUAL(o[2].rc, 0);
	CU_ASSERT_EQUAL(o[3].expected_rc, 7);	/* a probe */
	CU_ASSERT_EQUAL(o[4].status, 11);
	CU_ASSERT_EQUAL(o[4].expected_rc, 8);
	U_STREQ(state_hist(st, "web", 0, 0)->cls, "ocf");
	U_STREQ(state_hist(st, "web", 0, 0)->provider, "heartbeat");
	U_STREQ(state_hist(st, "web", 0, 0)->type, "Dummy");
	ctx_free(ctx);

	/* canonical: settings in one order, defaults left out */
	U_STREQ(round_trip(policy, "resource web on node1 {\n"
	    "    op start id=web_start_0 reason=\"a \\\"b\\\"\" "
	    "restart-digest=0a1b digest=f2317cad "
	    "changed=2024-05-01T13:00:00+02:00 expected=0 status=done rc=0 "
	    "call=10\n"
	    "    op monitor interval=1500ms call=11 rc=7 status=error "
	    "expected=0\n"
	    "    op monitor interval=0 call=12 rc=0 expected=not-running\n"
	    "    op stop call=-1 status=pending\n"
	    "    op notify call=13 status=11\n"
	    "}\n"),
	    "node node1 online id=1\nnode node2 online id=2\n"
	    "node node3 online id=3\n\n"
	    "resource web on node1 agent=ocf:heartbeat:Dummy {\n"
	    "    op start call=10 rc=0 changed=2024-05-01T11:00:00Z "
	    "digest=f2317cad restart-digest=0a1b reason=\"a \\\"b\\\"\" "
	    "id=web_start_0\n"
	    "    op monitor interval=1500ms call=11 rc=7 status=error\n"
	    "    op monitor call=12 rc=0\n"
	    "    op stop call=-1 rc=0 status=pending\n"
	    "    op notify call=13 rc=0 status=11\n"
	    "}\n");
	/* an empty history, with or without braces, and one for two nodes */
	U_STREQ(round_trip(policy, "resource web on node1\n"
	    "resource db on node2 {\n}\n"
	    "resource c on node1, node3 { op start call=4; op stop call=5 }\n"),
	    "node node1 online id=1\nnode node2 online id=2\n"
	    "node node3 online id=3\n\n"
	    "resource web on node1 agent=ocf:heartbeat:Dummy\n"
	    "resource db on node2 agent=ocf:heartbeat:pgsql\n"
	    "resource c on node1 agent=systemd:foo {\n"
	    "    op start call=4 rc=0\n"
	    "    op stop call=5 rc=0\n"
	    "}\n"
	    "resource c on node3 agent=systemd:foo {\n"
	    "    op start call=4 rc=0\n"
	    "    op stop call=5 rc=0\n"
	    "}\n");
}

static void
test_hist_call_ids(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	/* ops without call= come after the highest given, in file order */
	st = good(ctx, "resource web started on node1\n"
	    "resource db on node2 {\n"
	    "    op start call=40\n"
	    "    op monitor interval=10s call=41\n"
	    "}\n"
	    "resource c on node3 {\n"
	    "    op start\n"
	    "    op stop\n"
	    "}\n"
	    "resource db stopped on node1\n");
	U_STREQ(ops_of(st, "web", "node1"),
	    "start/0:42:0:0:0 monitor/10000:43:0:0:0");
	U_STREQ(ops_of(st, "db", "node2"),
	    "start/0:40:0:0:0 monitor/10000:41:0:0:0");
	U_STREQ(ops_of(st, "c", "node3"), "start/0:44:0:0:0 stop/0:45:0:0:0");
	U_STREQ(ops_of(st, "db", "node1"), "monitor/0:46:7:7:0");
	CU_ASSERT_EQUAL(state_next_call_id(st), 47);
	ctx_free(ctx);

	U_STREQ(errs("resource web on node1 {\n"
	    "    op start call=3\n"
	    "    op monitor interval=10s\n"
	    "    op stop\n"
	    "}\n"),
	    "3:5: error: this 'op' has no call id but others of the history "
	    "have one: give call= on every op or on none\n");
	U_STREQ(errs("resource web on node1 {\n"
	    "    op strat call=x rc=300 changed=yesterday bogus=1 call=2\n"
	    "    attr x=1\n"
	    "    fail-count web start count=1\n"
	    "}\n"),
	    "2:8: error: unknown operation 'strat'; did you mean 'start'?\n"
	    "2:19: error: invalid value 'x' for 'call': a call id is a number "
	    "from -1 (pending) up\n"
	    "2:24: error: invalid value '300' for 'rc': an exit code is a "
	    "number from 0 to 255\n"
	    "2:36: error: invalid value 'yesterday' for 'changed': write an "
	    "ISO 8601 time such as 2024-05-01T12:00:00Z\n"
	    "2:46: error: unknown operation setting 'bogus' (use interval, "
	    "call, rc, status, expected, changed, digest, restart-digest, "
	    "force-restart, secure-digest, secure-params, feature-set, "
	    "reason or id)\n"
	    "2:54: error: 'call' is given twice\n"
	    "2:14: note: first given here\n"
	    "3:5: error: 'attr' goes in a node's block, not a resource's: "
	    "node NAME { attr ... }\n"
	    "4:5: error: 'fail-count' goes in a node's block, not a "
	    "resource's: node NAME { fail-count ... }\n");
	U_STREQ(errs("resource web on node1 {\n    op start call=-2\n}\n"),
	    "2:19: error: invalid value '-2' for 'call': a call id is a "
	    "number from -1 (pending) up\n");
}

/* --- the writer and the API --------------------------------------------------- */

/* What the CIB carries that the common forms do not: kept as written. */
static void
test_write_cib_details(void)
{
	U_STREQ(round_trip(policy,
	    "quorum no panic=yes\n"
	    "node node1 member=unknown daemon=up join=member expected=up\n"
	    "resource web on node2 lock=2024-05-01T11:00:00Z {\n"
	    "    op stop call=3 rc=0 feature-set=3.0.12 secure-digest=ab12 "
	    "secure-params=\" passwd \" force-restart=\" ip \"\n"
	    "}\n"),
	    "quorum no panic=yes\n"
	    "\n"
	    "node node1 member=unknown daemon=up join=member expected=up "
	    "id=1\n"
	    "node node2 online id=2\n"
	    "node node3 online id=3\n"
	    "\n"
	    "resource web on node2 agent=ocf:heartbeat:Dummy "
	    "lock=2024-05-01T11:00:00Z {\n"
	    "    op stop call=3 rc=0 force-restart=\" ip \" "
	    "secure-digest=ab12 secure-params=\" passwd \" "
	    "feature-set=3.0.12\n"
	    "}\n");
}

static void
test_write_canonical(void)
{
	static const char *const text =
	    "# hand-written, out of order\n"
	    "resource db failed on node2 op=monitor interval=10s "
	    "rc=not-running\n"
	    "resource web started on node1\n"
	    "node node2 online {\n"
	    "    attr site=dc2\n"
	    "}\n"
	    "node node3 unclean\n"
	    "resource web stopped on node2, node3\n"
	    "dc node1\nquorum yes\n"
	    "now 2024-05-01T12:00:00Z\n";

	U_STREQ(round_trip(policy, text),
	    "now 2024-05-01T12:00:00Z\n"
	    "quorum yes\n"
	    "dc node1\n"
	    "\n"
	    "node node1 online id=1\n"
	    "node node2 online id=2 {\n"
	    "    attr site=dc2\n"
	    "    fail-count db monitor interval=10s count=1 "
	    "last-failure=2024-05-01T12:00:00Z\n"
	    "}\n"
	    "node node3 unclean id=3\n"
	    "\n"
	    "resource db on node2 agent=ocf:heartbeat:pgsql {\n"
	    "    op start call=1 rc=0 changed=2024-05-01T12:00:00Z\n"
	    "    op monitor interval=10s call=2 rc=7 status=error "
	    "changed=2024-05-01T12:00:00Z\n"
	    "}\n"
	    "resource web on node1 agent=ocf:heartbeat:Dummy {\n"
	    "    op start call=3 rc=0 changed=2024-05-01T12:00:00Z\n"
	    "    op monitor interval=10s call=4 rc=0 "
	    "changed=2024-05-01T12:00:00Z\n"
	    "}\n"
	    "resource web on node2 agent=ocf:heartbeat:Dummy {\n"
	    "    op monitor call=5 rc=7 changed=2024-05-01T12:00:00Z\n"
	    "}\n"
	    "resource web on node3 agent=ocf:heartbeat:Dummy {\n"
	    "    op monitor call=6 rc=7 changed=2024-05-01T12:00:00Z\n"
	    "}\n");
}

static void
test_write_quoting(void)
{
	/* names that are keywords, or need quotes, are quoted */
	U_STREQ(round_trip(NULL, "node \"dc\" pending\n"
	    "node \"a node\"\n"
	    "node \"on:\"\n"
	    "resource \"op\" on \"dc\" agent=lsb:x\n"
	    "resource \"r#1\" stopped on \"a node\" agent=\"ocf:h:a b\"\n"),
	    "node \"dc\" pending\n"
	    "node \"a node\" online\n"
	    "node \"on:\" online\n\n"
	    "resource \"op\" on \"dc\" agent=lsb:x\n"
	    "resource \"r#1\" on \"a node\" agent=\"ocf:h:a b\" {\n"
	    "    op monitor call=1 rc=7\n"
	    "}\n");
}

static void
test_fresh(void)
{
	struct ctx		*mctx, *ctx = ctx_new();
	const struct model	*m;
	struct cstate		*st;
	struct buf		 b;

	m = model_of(policy, &mctx);
	st = state_fresh(ctx, m);
	ctx_free(mctx);
	CU_ASSERT_EQUAL(st->nnodes, 3);
	CU_ASSERT_EQUAL(st->nhist, 0);
	CU_ASSERT_EQUAL(st->have_quorum, -1);
	CU_ASSERT_EQUAL(st->now, 0);
	CU_ASSERT_PTR_NULL(st->dc);
	U_STREQ(member_of(st, "node3"), "1 1 1 2 1");
	buf_init(&b);
	state_write(st, &b);
	U_STREQ(b.data, "node node1 online id=1\nnode node2 online id=2\n"
	    "node node3 online id=3\n");
	buf_clear(&b);
	/* the same as reading an empty file */
	U_STREQ(rd(policy, ""), "node node1 online id=1\n"
	    "node node2 online id=2\nnode node3 online id=3\n");
	st = state_fresh(ctx, NULL);
	CU_ASSERT_EQUAL(st->nnodes, 0);
	ctx_free(ctx);
}

static void
test_api_nodes_attrs(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;
	struct nstate	*n;
	char		 name[16];
	int		 i;

	st = state_new(ctx);
	CU_ASSERT_EQUAL(st->have_quorum, -1);
	CU_ASSERT_PTR_NULL(state_node(st, "n1", 0));
	n = state_node(st, "n1", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	U_STREQ(n->name, "n1");
	U_STREQ(member_of(st, "n1"), "0 0 0 0 0");	/* unseen */
	CU_ASSERT_PTR_NULL(state_node(st, NULL, 1));
	/* many nodes: the array moves, the lookups follow */
	for (i = 2; i <= 200; i++) {
		snprintf(name, sizeof name, "n%d", i);
		state_node(st, name, 1)->id = (uint32_t)i;
	}
	CU_ASSERT_EQUAL(st->nnodes, 200);
	CU_ASSERT_EQUAL(state_node(st, "n137", 0)->id, 137);
	CU_ASSERT_EQUAL(state_node(st, "n137", 1) - st->nodes, 136);
	CU_ASSERT_EQUAL(st->nnodes, 200);

	/* attributes stay sorted; NULL removes */
	n = state_node(st, "n1", 0);
	state_set_attr(ctx, n, "site", "dc1");
	state_set_attr(ctx, n, "b", "2");
	state_set_attr(ctx, n, "z", "26");
	state_set_attr(ctx, n, "a", "1");
	state_set_attr(ctx, n, "site", "dc2");
	U_STREQ(attrs_of(st, "n1"), "a=1;b=2;site=dc2;z=26;");
	state_set_attr(ctx, n, "b", NULL);
	state_set_attr(ctx, n, "nothere", NULL);
	U_STREQ(attrs_of(st, "n1"), "a=1;site=dc2;z=26;");
	state_set_attr(ctx, n, "a", NULL);
	state_set_attr(ctx, n, "z", NULL);
	U_STREQ(attrs_of(st, "n1"), "site=dc2;");
	U_STREQ(state_attr(n, "site"), "dc2");
	ctx_free(ctx);
}

static void
test_api_hist_ops(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;
	struct rhist	*h;
	struct oprec	*o;
	char		 name[16];
	size_t		 i;
	struct buf	 b;

	st = state_new(ctx);
	state_node(st, "n1", 1);
	state_node(st, "n2", 1);
	CU_ASSERT_EQUAL(state_next_call_id(st), 1);
	CU_ASSERT_PTR_NULL(state_hist(st, "web", 0, 0));
	CU_ASSERT_PTR_NULL(state_hist(st, "web", 2, 1));   /* no node 2 */
	CU_ASSERT_PTR_NULL(state_hist(st, NULL, 0, 1));
	h = state_hist(st, "web", 1, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	U_STREQ(h->rsc, "web");
	CU_ASSERT_EQUAL(h->node, 1);
	CU_ASSERT_EQUAL(h->nops, 0);
	CU_ASSERT_PTR_EQUAL(state_hist(st, "web", 1, 1), h);
	CU_ASSERT_PTR_NULL(state_hist(st, "web", 0, 0));
	h->cls = "ocf";
	h->provider = "heartbeat";
	h->type = "Dummy";
	o = state_add_op(ctx, h);
	CU_ASSERT_EQUAL(o->status, OPST_DONE);
	CU_ASSERT_EQUAL(o->call_id, 0);
	o->task = "start";
	o->call_id = state_next_call_id(st);
	o = state_add_op(ctx, h);
	o->task = "monitor";
	o->interval_ms = 10000;
	o->call_id = state_next_call_id(st);
	o->rc = OCF_NOT_RUNNING;
	o->status = OPST_ERROR;
	CU_ASSERT_EQUAL(h->nops, 2);
	CU_ASSERT_EQUAL(state_next_call_id(st), 3);
	/* many histories: the array moves, the lookups follow */
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof name, "r%zu", i);
		state_hist(st, name, i % 2, 1);
	}
	CU_ASSERT_EQUAL(st->nhist, 501);
	h = state_hist(st, "r321", 1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(h - st->hist, 322);
	CU_ASSERT_PTR_NULL(state_hist(st, "r321", 0, 0));
	CU_ASSERT_EQUAL(state_hist(st, "web", 1, 0)->nops, 2);

	/* arrays changed behind state.c's back are indexed again */
	st->nhist = 1;
	CU_ASSERT_PTR_NULL(state_hist(st, "r321", 1, 0));
	CU_ASSERT_PTR_NOT_NULL(state_hist(st, "r7", 1, 1));
	CU_ASSERT_EQUAL(st->nhist, 2);
	st->nnodes = 1;
	CU_ASSERT_PTR_NULL(state_node(st, "n2", 0));

	buf_init(&b);
	state_write(st, &b);
	U_STREQ(b.data, "node n1 unseen\n");
	buf_clear(&b);
	st->nnodes = 2;
	state_write(st, &b);
	U_STREQ(b.data, "node n1 unseen\nnode n2 unseen\n\n"
	    "resource web on n2 agent=ocf:heartbeat:Dummy {\n"
	    "    op start call=1 rc=0\n"
	    "    op monitor interval=10s call=2 rc=7 status=error\n"
	    "}\n"
	    "resource r7 on n2\n");
	buf_clear(&b);
	ctx_free(ctx);
}

static void
test_api_handmade(void)
{
	struct nstate	 nodes[2];
	struct rhist	 hist[1];
	struct cstate	 st;

	/* a cstate not made by state.c: lookups work, creating does not */
	memset(&st, 0, sizeof st);
	memset(nodes, 0, sizeof nodes);
	memset(hist, 0, sizeof hist);
	nodes[0].name = "a";
	nodes[1].name = "b";
	hist[0].rsc = "web";
	hist[0].node = 1;
	st.nodes = nodes;
	st.nnodes = 2;
	st.hist = hist;
	st.nhist = 1;
	CU_ASSERT_PTR_EQUAL(state_node(&st, "b", 0), &nodes[1]);
	CU_ASSERT_PTR_NULL(state_node(&st, "c", 1));
	CU_ASSERT_PTR_EQUAL(state_hist(&st, "web", 1, 0), &hist[0]);
	CU_ASSERT_PTR_NULL(state_hist(&st, "web", 0, 1));
}

static void
test_api_load(void)
{
	struct ctx	*ctx = ctx_new();
	struct buf	 b;

	CU_ASSERT_PTR_NULL(state_load(ctx, NULL, "/nonexistent/x.state"));
	buf_init(&b);
	put_msgs(ctx, &b);
	U_STREQ(b.data, "error: /nonexistent/x.state: No such file or "
	    "directory\n");
	buf_clear(&b);
	ctx_free(ctx);
}

static void
test_api_copy(void)
{
	struct ctx	*c1 = ctx_new(), *c2 = ctx_new();
	struct cstate	*st, *cp;

	st = good(c1, "now 2024-05-01\ndc node2\n"
	    "resource web failed on node1\n"
	    "resource drbd:0 promoted on node2\n");
	cp = state_copy(c2, st);
	CU_ASSERT(state_equal(st, cp));
	CU_ASSERT_PTR_NOT_EQUAL(cp->nodes, st->nodes);
	CU_ASSERT_PTR_NOT_EQUAL(cp->dc, st->dc);
	ctx_free(c1);
	/* the copy works on its own: lookups, creation */
	U_STREQ(ops_of(cp, "web", "node1"),
	    "start/0:1:0:0:0 monitor/10000:2:1:0:4");
	CU_ASSERT_PTR_NOT_NULL(state_hist(cp, "db", 2, 1));
	CU_ASSERT_PTR_NOT_NULL(state_node(cp, "node9", 1));
	CU_ASSERT_EQUAL(cp->nnodes, 4);
	U_STREQ(cp->dc, "node2");
	ctx_free(c2);
}

/* --- reading statement by statement ------------------------------------- */

static void
test_read_order(void)
{
	/* hacc's order is read a statement at a time; any other, whole */
	U_STREQ(rd(policy, "resource web started on node1\n"
	    "now 2024-05-01T12:00:00Z\n"),
	    rd(policy, "now 2024-05-01T12:00:00Z\n"
	    "resource web started on node1\n"));
	U_STREQ(rd(policy, "now 2024-05-01T12:00:00Z\n"
	    "resource web started on node1\n"),
	    "now 2024-05-01T12:00:00Z\n\n"
	    "node node1 online id=1\n"
	    "node node2 online id=2\n"
	    "node node3 online id=3\n\n"
	    "resource web on node1 agent=ocf:heartbeat:Dummy {\n"
	    "    op start call=1 rc=0 changed=2024-05-01T12:00:00Z\n"
	    "    op monitor interval=10s call=2 rc=0 "
	    "changed=2024-05-01T12:00:00Z\n"
	    "}\n");
	U_STREQ(rd(policy, "resource web failed on node1\n"
	    "node node1 standby\n"),
	    rd(policy, "node node1 standby\n"
	    "resource web failed on node1\n"));
	U_STREQ(rd(policy, "node node1 standby\n"
	    "resource web failed on node1\n"),
	    "node node1 standby id=1 {\n"
	    "    fail-count web monitor interval=10s count=1\n"
	    "}\n"
	    "node node2 online id=2\n"
	    "node node3 online id=3\n\n"
	    "resource web on node1 agent=ocf:heartbeat:Dummy {\n"
	    "    op start call=1 rc=0\n"
	    "    op monitor interval=10s call=2 rc=1 status=error\n"
	    "}\n");
	/* given up mid-file: the scanner leaves the text as it was */
	U_STREQ(rd(policy, "resource web started on node1\n"
	    "now 2024-05-01T12:00:00Z\nnode node2 standby\n"),
	    rd(policy, "now 2024-05-01T12:00:00Z\nnode node2 standby\n"
	    "resource web started on node1\n"));
	/* later 'quorum', 'dc' and 'ticket' change no history */
	U_STREQ(round_trip(NULL, "resource x started on n2 agent=lsb:x\n"
	    "dc n1\nquorum no\nticket t granted\n"),
	    "quorum no\ndc n1\nticket t granted\n\n"
	    "node n2 online\nnode n1 online\n\n"
	    "resource x on n2 agent=lsb:x {\n"
	    "    op start call=1 rc=0\n"
	    "}\n");
}

static void
test_read_diags_once(void)
{
	/* read again after an error: what the first reading said is taken
	 * back, so a warning before the error is reported once */
	U_STREQ(errs("resource web on node1 {\n    op asyncmon call=1\n}\n"
	    "resource web started on node9\n"),
	    "2:8: warning: unknown operation 'asyncmon': kept as recorded\n"
	    "4:25: error: unknown node 'node9'; did you mean 'node1'?\n");
	/* a syntax error after good statements, once */
	U_STREQ(errs("node node1 online\nresource web started on node1\n"
	    "resource db started on\n"),
	    "3:23: error: unexpected end of line, expected a name or value\n");
	U_STREQ(errs("node node1 online\nresource web started on node1\n"
	    "resource db started on node2 {\n"),
	    "3:31: error: missing '}' at end of file\n"
	    "3:30: note: to close the '{' opened here\n");
}

static void
test_read_many(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;
	struct rhist	*h;
	struct buf	 b;
	size_t		 i;

	/* past the first chunk of the statement arena, many times over */
	buf_init(&b);
	buf_puts(&b, "now 2024-05-01T12:00:00Z\n");
	for (i = 0; i < 3000; i++)
		buf_printf(&b, "resource r%04zu on node%zu "
		    "agent=ocf:heartbeat:Dummy {\n"
		    "    op monitor call=%zu rc=7 digest=d%zu id=r%04zu_last_0\n"
		    "}\n", i, i % 3 + 1, i + 1, i % 7, i);
	st = good(ctx, b.data);
	CU_ASSERT_EQUAL(st->nhist, 3000);
	h = state_hist(st, "r2999", 2, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(h->nops, 1);
	CU_ASSERT_EQUAL(h->ops[0].call_id, 3000);
	U_STREQ(h->ops[0].digest, "d3");
	U_STREQ(h->ops[0].id, "r2999_last_0");
	U_STREQ(h->type, "Dummy");
	ctx_free(ctx);
	round_trip(policy, b.data);
	buf_clear(&b);
}

static const struct unit_test read_tests[] = {
	{ "order", test_read_order },
	{ "diagnostics once", test_read_diags_once },
	{ "many statements", test_read_many },
	{ NULL, NULL }
};

static const struct unit_test time_tests[] = {
	{ "forms", test_time_forms },
	{ "calendar", test_time_calendar },
	{ "errors", test_time_errors },
	{ "written", test_time_written },
	{ NULL, NULL }
};

static const struct unit_test syntax_tests[] = {
	{ "empty", test_syntax_empty },
	{ "statements", test_syntax_statements },
	{ "resource lines", test_syntax_resource_lines },
	{ "blocks", test_syntax_blocks },
	{ "recovery", test_syntax_recovery },
	{ NULL, NULL }
};

static const struct unit_test node_tests[] = {
	{ "statuses", test_node_statuses },
	{ "full form", test_node_full_form },
	{ "errors", test_node_errors },
	{ "dc and quorum", test_node_dc_quorum },
	{ "without a policy", test_node_without_policy },
	{ NULL, NULL }
};

static const struct unit_test attr_tests[] = {
	{ "forms", test_attr_forms },
	{ "fail counts", test_attr_failcount },
	{ "fail count errors", test_attr_failcount_errors },
	{ NULL, NULL }
};

static const struct unit_test hist_tests[] = {
	{ "short forms", test_hist_short_forms },
	{ "failed", test_hist_failed },
	{ "failed errors", test_hist_failed_errors },
	{ "names", test_hist_names },
	{ "states and settings", test_hist_states },
	{ "agents", test_hist_agents },
	{ "complete form", test_hist_complete_form },
	{ "call ids", test_hist_call_ids },
	{ NULL, NULL }
};

static const struct unit_test api_tests[] = {
	{ "canonical form", test_write_canonical },
	{ "CIB details", test_write_cib_details },
	{ "quoting", test_write_quoting },
	{ "fresh", test_fresh },
	{ "nodes and attributes", test_api_nodes_attrs },
	{ "histories and ops", test_api_hist_ops },
	{ "hand-made state", test_api_handmade },
	{ "load", test_api_load },
	{ "copy", test_api_copy },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "time", time_tests },
	{ "syntax", syntax_tests },
	{ "nodes", node_tests },
	{ "attributes", attr_tests },
	{ "histories", hist_tests },
	{ "api", api_tests },
	{ "reading", read_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
