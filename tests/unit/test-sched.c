/*
 * test-sched.c: CUnit tests of the scheduler (scheduler/place.c, unpack.c,
 * actions.c, graph.c, simulate.c, report.c) through its public entry
 * points: score arithmetic (place_add), rule evaluation and placement
 * through small policies, the transition graph (an executable order, the
 * inputs of moves, restarts and groups, pseudo actions, an ordering cycle
 * reported rather than a hang), a state written after a simulated
 * transition and read back, the transition summary's lines, and the
 * changed definitions `hacc diff` lists (compiler/diff.c). The
 * scenario corpus (tests/sched/) covers whole clusters; these pin the
 * pieces. Expected placements and reasons are Pacemaker 2.1.5's, checked
 * with crm_simulate on equivalent CIBs.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "compiler.h"
#include "sched.h"

/* Three nodes, no fencing: the cluster most tests run on. */
#define NODES3								\
	"cluster c {\n"							\
	"    node node1 { id = 1 }\n"					\
	"    node node2 { id = 2 }\n"					\
	"    node node3 { id = 3 }\n"					\
	"    property stonith-enabled=false\n"				\
	"}\n"

/* A policy, a state and one scheduler run over them. */
struct ts {
	struct ctx		*ctx;
	struct model		*m;
	struct cstate		*st;
	struct schedule		*sc;
};

/*
 * Compile policy, read state (NULL: fresh) and schedule. Every step must
 * succeed without diagnostics; on failure the diagnostics are printed and
 * ts->sc is NULL. The caller frees with ts_free().
 */
static struct ts *
ts_run(const char *policy, const char *state)
{
	struct ts	*t;
	struct policy	*pol;
	struct source	*src;

	t = xcalloc(1, sizeof *t);
	t->ctx = ctx_new();
	pol = compile_load_text(t->ctx, "t.ha", policy, strlen(policy));
	if (pol != NULL) {
		t->m = compile_policy(t->ctx, pol);
		compile_free(pol);
	}
	if (t->m != NULL && state != NULL) {
		src = ctx_add_source(t->ctx, "t.state", state, strlen(state));
		t->st = state_parse(t->ctx, t->m, src);
	} else if (t->m != NULL)
		t->st = state_fresh(t->ctx, t->m);
	if (t->st != NULL && t->ctx->diags.n == 0)
		t->sc = sched_run(t->ctx, t->m, t->st, NULL);
	if (t->ctx->diags.n > 0)
		unit_mismatch(__FILE__, __LINE__, "diagnostics",
		    unit_diags(t->ctx), "");
	CU_ASSERT_PTR_NOT_NULL(t->sc);
	CU_ASSERT_EQUAL(t->ctx->diags.n, 0);
	return t;
}

static void
ts_free(struct ts *t)
{
	if (t == NULL)
		return;
	ctx_free(t->ctx);
	free(t);
}

/* rsc's final allocation score on node; SCORE_ABSENT if not listed. */
static int
ts_score(const struct ts *t, const char *rsc, const char *node)
{
	const struct rsc_scores	*rs;
	size_t			 i, j;

	if (t->sc == NULL)
		return SCORE_ABSENT;
	for (i = 0; i < t->sc->nscores; i++) {
		rs = &t->sc->scores[i];
		if (strcmp(rs->rsc, rsc) != 0)
			continue;
		for (j = 0; j < rs->nnodes; j++) {
			if (strcmp(rs->nodes[j].node, node) == 0)
				return rs->nodes[j].score;
		}
	}
	return SCORE_ABSENT;
}

/* Where rsc was placed ("-": nowhere, "?": not scheduled). */
static const char *
ts_assigned(const struct ts *t, const char *rsc)
{
	size_t	i;

	if (t->sc == NULL)
		return "?";
	for (i = 0; i < t->sc->nscores; i++) {
		if (strcmp(t->sc->scores[i].rsc, rsc) == 0)
			return t->sc->scores[i].assigned != NULL ?
			    t->sc->scores[i].assigned : "-";
	}
	return "?";
}

/* The transition summary as hacc simulate prints it. */
static const char *
ts_summary(const struct ts *t)
{
	struct buf	b;

	if (t->sc == NULL)
		return "";
	buf_init(&b);
	report_summary(t->sc, &b);
	return unit_keep(b.data == NULL ? xstrdup("") : buf_detach(&b));
}

/* The graph as text (hacc compile --format text). */
static const char *
ts_graph(const struct ts *t)
{
	struct buf	b;

	if (t->sc == NULL)
		return "";
	buf_init(&b);
	emit_text(&t->sc->graph, &b);
	return unit_keep(b.data == NULL ? xstrdup("") : buf_detach(&b));
}

/*
 * The runnable action named name (start, monitor_10000, fence_reboot, or
 * a pseudo action's key: g_start_0) of rsc on node (NULL: none).
 */
static const struct gaction *
ts_action(const struct ts *t, const char *name, const char *rsc,
    const char *node)
{
	const struct gaction	*a;
	size_t			 i;

	for (i = 0; t->sc != NULL && i < t->sc->graph.nrunnable; i++) {
		a = &t->sc->graph.actions[i];
		if ((strcmp(a->name, name) == 0 ||
		    (a->kind == GA_PSEUDO && strcmp(a->key, name) == 0)) &&
		    (rsc == NULL ? a->rsc == NULL : a->rsc != NULL &&
		    strcmp(a->rsc, rsc) == 0) &&
		    (node == NULL ? a->node == NULL : a->node != NULL &&
		    strcmp(a->node, node) == 0))
			return a;
	}
	return NULL;
}

/* Whether action a waits for action b (b's id among a's inputs). */
static int
ts_after(const struct gaction *a, const struct gaction *b)
{
	size_t	i;

	if (a == NULL || b == NULL)
		return 0;
	for (i = 0; i < a->ninputs; i++) {
		if (a->inputs[i] == b->id)
			return 1;
	}
	return 0;
}

/* --- score arithmetic ----------------------------------------------------- */

#define INF	SCORE_INFINITY

static void
test_add_plain(void)
{
	CU_ASSERT_EQUAL(place_add(0, 0), 0);
	CU_ASSERT_EQUAL(place_add(100, 50), 150);
	CU_ASSERT_EQUAL(place_add(100, -150), -50);
	CU_ASSERT_EQUAL(place_add(-100, -50), -150);
	CU_ASSERT_EQUAL(place_add(INF - 1, 0), INF - 1);
}

static void
test_add_infinity(void)
{
	/* -INFINITY wins over everything, +INFINITY over finite scores */
	CU_ASSERT_EQUAL(place_add(INF, -INF), -INF);
	CU_ASSERT_EQUAL(place_add(-INF, INF), -INF);
	CU_ASSERT_EQUAL(place_add(INF, 5), INF);
	CU_ASSERT_EQUAL(place_add(-5, INF), INF);
	CU_ASSERT_EQUAL(place_add(-INF, 5), -INF);
	CU_ASSERT_EQUAL(place_add(5, -INF), -INF);
	CU_ASSERT_EQUAL(place_add(INF, INF), INF);
	CU_ASSERT_EQUAL(place_add(-INF, -INF), -INF);
	/* beyond INFINITY counts as INFINITY */
	CU_ASSERT_EQUAL(place_add(INF + 7, -3), INF);
	CU_ASSERT_EQUAL(place_add(-INF - 7, INF), -INF);
}

static void
test_add_clamp(void)
{
	/* finite sums are clamped to +/-INFINITY */
	CU_ASSERT_EQUAL(place_add(INF - 1, 2), INF);
	CU_ASSERT_EQUAL(place_add(600000, 600000), INF);
	CU_ASSERT_EQUAL(place_add(-600000, -600000), -INF);
	CU_ASSERT_EQUAL(place_add(-(INF - 1), -1), -INF);
	CU_ASSERT_EQUAL(place_add(999999, -999999), 0);
}

static void
test_add_absent(void)
{
	/* an absent score (a node an opt-in cluster does not allow) takes
	 * the other one: a location makes the node allowed */
	CU_ASSERT_EQUAL(place_add(SCORE_ABSENT, 0), 0);
	CU_ASSERT_EQUAL(place_add(SCORE_ABSENT, 10), 10);
	CU_ASSERT_EQUAL(place_add(-25, SCORE_ABSENT), -25);
	CU_ASSERT_EQUAL(place_add(SCORE_ABSENT, -INF), -INF);
	CU_ASSERT_EQUAL(place_add(SCORE_ABSENT, SCORE_ABSENT), SCORE_ABSENT);
}

static void
test_scores_sum(void)
{
	struct ts	*t;

	/* locations add up; INFINITY plus -INFINITY is -INFINITY */
	t = ts_run(NODES3
	    "resource web ocf:heartbeat:Dummy\n"
	    "location web prefers node1 = 100\n"
	    "location web prefers node1 = -30\n"
	    "location web rule INFINITY: #uname eq node2\n"
	    "location web avoids node2\n"
	    "location web prefers node3 = 999999\n"
	    "location web prefers node3 = 5\n", NULL);
	CU_ASSERT_EQUAL(ts_score(t, "web", "node1"), 70);
	CU_ASSERT_EQUAL(ts_score(t, "web", "node2"), -INF);
	CU_ASSERT_EQUAL(ts_score(t, "web", "node3"), INF);
	U_STREQ(ts_assigned(t, "web"), "node3");
	ts_free(t);
}

static void
test_scores_opt_in(void)
{
	struct ts	*t;

	/* opt-in: only nodes a location names are allowed, even at 0 */
	t = ts_run("cluster c {\n"
	    "    node node1 { id = 1 }\n"
	    "    node node2 { id = 2 }\n"
	    "    node node3 { id = 3 }\n"
	    "    property stonith-enabled=false symmetric-cluster=false\n"
	    "}\n"
	    "resource web ocf:heartbeat:Dummy\n"
	    "resource db ocf:heartbeat:Dummy\n"
	    "location web prefers node2 = 0\n", NULL);
	CU_ASSERT_EQUAL(ts_score(t, "web", "node1"), SCORE_ABSENT);
	CU_ASSERT_EQUAL(ts_score(t, "web", "node2"), 0);
	CU_ASSERT_EQUAL(ts_score(t, "web", "node3"), SCORE_ABSENT);
	U_STREQ(ts_assigned(t, "web"), "node2");
	U_STREQ(ts_assigned(t, "db"), "-");
	ts_free(t);
}

static void
test_scores_stickiness(void)
{
	struct ts	*t;

	/* stickiness counts where the resource runs: 100 + 20 beats 110 */
	t = ts_run(NODES3
	    "defaults { resource-stickiness = 100 }\n"
	    "resource web ocf:heartbeat:Dummy\n"
	    "location web prefers node1 = 20, node2 = 110\n",
	    "resource web started on node1\n"
	    "resource web stopped on node2, node3\n");
	CU_ASSERT_EQUAL(ts_score(t, "web", "node1"), 120);
	CU_ASSERT_EQUAL(ts_score(t, "web", "node2"), 110);
	U_STREQ(ts_assigned(t, "web"), "node1");
	ts_free(t);
}

/* --- rules ------------------------------------------------------------------ */

/*
 * Which of three nodes (with the node settings n1, n2, n3) a location
 * rule with expression expr matches: a string of '1' (matched) and '0',
 * node1 first.
 */
static const char *
rule_nodes(const char *n1, const char *n2, const char *n3, const char *expr)
{
	struct ts	*t;
	char		 out[4];
	int		 i;

	t = ts_run(unit_printf("cluster c {\n"
	    "    node node1 { id = 1; %s }\n"
	    "    node node2 { id = 2; %s }\n"
	    "    node node3 { id = 3; %s }\n"
	    "    property stonith-enabled=false\n"
	    "}\n"
	    "resource r ocf:heartbeat:Dummy\n"
	    "location r rule 1: %s\n", n1, n2, n3, expr), NULL);
	for (i = 0; i < 3; i++) {
		int	s = ts_score(t, "r", unit_printf("node%d", i + 1));

		out[i] = s == 1 ? '1' : s == 0 ? '0' : '?';
	}
	out[3] = '\0';
	ts_free(t);
	return unit_printf("%s", out);
}

static void
test_rule_string(void)
{
	/* eq and ne compare strings, without regard to case */
	U_STREQ(rule_nodes("attr x=abc", "attr x=ABC", "attr x=abd",
	    "x eq abc"), "110");
	U_STREQ(rule_nodes("attr x=abc", "attr x=ABC", "attr x=abd",
	    "x ne abc"), "001");
	/* a missing attribute is never equal, always different */
	U_STREQ(rule_nodes("attr x=abc", "", "attr y=abc", "x eq abc"),
	    "100");
	U_STREQ(rule_nodes("attr x=abc", "", "attr y=abc", "x ne abc"),
	    "011");
	/* string: forces a string compare for lt/gt: "10" < "9" */
	U_STREQ(rule_nodes("attr x=10", "attr x=9", "attr x=8",
	    "x lt string:9"), "101");
	/* eq with string: explicitly */
	U_STREQ(rule_nodes("attr x=1.0", "attr x=1", "attr x=01",
	    "x eq string:1"), "010");
}

static void
test_rule_integer(void)
{
	/* lt/gt/lte/gte without a type compare integers */
	U_STREQ(rule_nodes("attr x=9", "attr x=10", "attr x=100",
	    "x lt 10"), "100");
	U_STREQ(rule_nodes("attr x=9", "attr x=10", "attr x=100",
	    "x lte 10"), "110");
	U_STREQ(rule_nodes("attr x=9", "attr x=10", "attr x=100",
	    "x gt 10"), "001");
	U_STREQ(rule_nodes("attr x=9", "attr x=10", "attr x=100",
	    "x gte 10"), "011");
	U_STREQ(rule_nodes("attr x=-5", "attr x=0", "attr x=5",
	    "x lt 0"), "100");
	/* integer: takes the number at the start ("3.6" is 3) */
	U_STREQ(rule_nodes("attr x=3.6", "attr x=4", "attr x=4abc",
	    "x lt integer:4"), "100");
	/* what is no integer falls back to a string compare */
	U_STREQ(rule_nodes("attr x=abc", "attr x=1", "attr x=7",
	    "x gt 5"), "101");
	/* a missing attribute is neither less nor greater */
	U_STREQ(rule_nodes("", "attr x=1", "attr y=1", "x lt 5"), "010");
	U_STREQ(rule_nodes("", "attr x=1", "attr y=1", "x gte 0"), "010");
}

static void
test_rule_number(void)
{
	/* a '.' in the value (or in the node's) makes it a number compare */
	U_STREQ(rule_nodes("attr x=2.49", "attr x=2.5", "attr x=3",
	    "x lt 2.5"), "100");
	U_STREQ(rule_nodes("attr x=2.5", "attr x=3", "attr x=2",
	    "x gt 2"), "110");
	U_STREQ(rule_nodes("attr x=2.49", "attr x=2.5", "attr x=3",
	    "x gte number:2.5"), "011");
	U_STREQ(rule_nodes("attr x=1e1", "attr x=9.5", "attr x=11",
	    "x lte number:10"), "110");
}

static void
test_rule_version(void)
{
	/* versions compare component by component: 1.10 > 1.9 */
	U_STREQ(rule_nodes("attr v=1.9", "attr v=1.10", "attr v=1.10.1",
	    "v gte version:1.10"), "011");
	U_STREQ(rule_nodes("attr v=1.9", "attr v=1.10", "attr v=1.10.1",
	    "v lt version:1.10"), "100");
	U_STREQ(rule_nodes("attr v=2", "attr v=2.0", "attr v=2.0.1",
	    "v eq version:2"), "110");
}

static void
test_rule_defined(void)
{
	U_STREQ(rule_nodes("attr p=0", "", "attr q=1", "defined p"), "100");
	U_STREQ(rule_nodes("attr p=0", "", "attr q=1", "not_defined p"),
	    "011");
}

static void
test_rule_bool(void)
{
	const char	*n1 = "attr x=1 y=0 z=0", *n2 = "attr x=0 y=1 z=1",
			*n3 = "attr x=0 y=0 z=0";

	U_STREQ(rule_nodes(n1, n2, n3, "x eq 1 and y eq 0"), "100");
	U_STREQ(rule_nodes(n1, n2, n3, "x eq 1 or y eq 1"), "110");
	/* and binds tighter than or */
	U_STREQ(rule_nodes(n1, n2, n3, "x eq 1 or y eq 1 and z eq 0"),
	    "100");
	U_STREQ(rule_nodes(n1, n2, n3, "(x eq 1 or y eq 1) and z eq 0"),
	    "100");
	U_STREQ(rule_nodes(n1, n2, n3, "(x eq 1 or y eq 1) and z eq 1"),
	    "010");
	/* nested: two levels of parentheses */
	U_STREQ(rule_nodes(n1, n2, n3,
	    "((x eq 0 and y eq 0) or z eq 1) and not_defined w"), "011");
}

static void
test_rule_builtin(void)
{
	U_STREQ(rule_nodes("", "", "", "#uname eq node2"), "010");
	U_STREQ(rule_nodes("", "", "", "#uname ne node2"), "101");
	U_STREQ(rule_nodes("", "", "", "#id gt 1"), "011");
	U_STREQ(rule_nodes("", "", "", "#kind eq cluster"), "111");
}

static void
test_rule_score_attribute(void)
{
	struct ts	*t;

	/* the score is the node's attribute value; missing: -INFINITY */
	t = ts_run("cluster c {\n"
	    "    node node1 { id = 1; attr pingd=100 }\n"
	    "    node node2 { id = 2; attr pingd=300 }\n"
	    "    node node3 { id = 3; attr other=1 }\n"
	    "    property stonith-enabled=false\n"
	    "}\n"
	    "resource r ocf:heartbeat:Dummy\n"
	    "location r rule pingd: #kind eq cluster\n", NULL);
	CU_ASSERT_EQUAL(ts_score(t, "r", "node1"), 100);
	CU_ASSERT_EQUAL(ts_score(t, "r", "node2"), 300);
	CU_ASSERT_EQUAL(ts_score(t, "r", "node3"), -INF);
	U_STREQ(ts_assigned(t, "r"), "node2");
	ts_free(t);
}

static void
test_rule_state_attribute(void)
{
	struct ts	*t;

	/* attributes in the state (transient) override the policy's */
	t = ts_run("cluster c {\n"
	    "    node node1 { id = 1; attr site=a }\n"
	    "    node node2 { id = 2; attr site=a }\n"
	    "    node node3 { id = 3; attr site=a }\n"
	    "    property stonith-enabled=false\n"
	    "}\n"
	    "resource r ocf:heartbeat:Dummy\n"
	    "location r rule 7: site eq b\n",
	    "node node2 online {\n"
	    "    attr site=b\n"
	    "}\n");
	CU_ASSERT_EQUAL(ts_score(t, "r", "node1"), 0);
	CU_ASSERT_EQUAL(ts_score(t, "r", "node2"), 7);
	CU_ASSERT_EQUAL(ts_score(t, "r", "node3"), 0);
	ts_free(t);
}

/* --- the transition graph -------------------------------------------------- */

/* Every input of every action names an action earlier in actions[]. */
static void
check_executable(const struct ts *t)
{
	const struct graph	*g;
	size_t			 i, j, k;
	int			 ok;

	if (t->sc == NULL)
		return;
	g = &t->sc->graph;
	CU_ASSERT(g->nrunnable <= g->nactions);
	for (i = 0; i < g->nactions; i++) {
		CU_ASSERT_EQUAL(g->actions[i].id, i);	/* dense ids */
		for (j = 0; j < g->actions[i].ninputs; j++) {
			ok = 0;
			for (k = 0; k < i; k++)
				if (g->actions[k].id ==
				    g->actions[i].inputs[j])
					ok = 1;
			CU_ASSERT(ok);
		}
	}
}

static void
test_graph_fresh(void)
{
	struct ts		*t;
	const struct gaction	*start, *mon, *p1, *p2, *p3;

	t = ts_run(NODES3
	    "resource web ocf:heartbeat:Dummy { op monitor interval=10s }\n",
	    NULL);
	check_executable(t);
	U_STREQ(ts_graph(t),
	    "transition 0: 5 actions\n"
	    "  0  monitor_0 web on node1\n"
	    "  1  monitor_0 web on node2\n"
	    "  2  monitor_0 web on node3\n"
	    "  3  start web on node1  (after 0, 1, 2)\n"
	    "  4  monitor_10000 web on node1  (after 3)\n");
	p1 = ts_action(t, "monitor_0", "web", "node1");
	p2 = ts_action(t, "monitor_0", "web", "node2");
	p3 = ts_action(t, "monitor_0", "web", "node3");
	start = ts_action(t, "start", "web", "node1");
	mon = ts_action(t, "monitor_10000", "web", "node1");
	CU_ASSERT(ts_after(start, p1) && ts_after(start, p2) &&
	    ts_after(start, p3));
	CU_ASSERT(ts_after(mon, start));
	CU_ASSERT_EQUAL(p1->expected_rc, OCF_NOT_RUNNING);
	CU_ASSERT_EQUAL(start->expected_rc, OCF_OK);
	CU_ASSERT_EQUAL(mon->interval_ms, 10000);
	U_STREQ(mon->key, "web_monitor_10000");
	CU_ASSERT_EQUAL(mon->kind, GA_RSC_OP);
	ts_free(t);
}

static void
test_graph_move(void)
{
	struct ts		*t;
	const struct gaction	*stop, *start, *mon, *dstop, *dstart;

	/* web moves to node2; db (web then db) restarts around it */
	t = ts_run(NODES3
	    "resource web ocf:heartbeat:Dummy { op monitor interval=10s }\n"
	    "resource db ocf:heartbeat:Dummy\n"
	    "order web then db\n"
	    "location web prefers node2 = 100\n"
	    "location db prefers node3 = 100\n",
	    "resource web started on node1\n"
	    "resource web stopped on node2, node3\n"
	    "resource db started on node3\n"
	    "resource db stopped on node1, node2\n");
	check_executable(t);
	stop = ts_action(t, "stop", "web", "node1");
	start = ts_action(t, "start", "web", "node2");
	mon = ts_action(t, "monitor_10000", "web", "node2");
	dstop = ts_action(t, "stop", "db", "node3");
	dstart = ts_action(t, "start", "db", "node3");
	CU_ASSERT_PTR_NOT_NULL(stop);
	CU_ASSERT_PTR_NOT_NULL(dstart);
	CU_ASSERT(ts_after(start, stop));
	CU_ASSERT(ts_after(mon, start));
	CU_ASSERT(ts_after(dstart, start));	/* web then db */
	CU_ASSERT(ts_after(stop, dstop));	/* and the inverse */
	CU_ASSERT(ts_after(dstart, dstop));
	/* nothing else: no probes, no monitor on node1 */
	CU_ASSERT_EQUAL(t->sc->graph.nrunnable, 5);
	CU_ASSERT_PTR_NULL(ts_action(t, "monitor_0", "web", "node2"));
	ts_free(t);
}

/*
 * Each action carries its operation's timeout (Pacemaker's
 * CRM_meta_timeout): a stop's own, the op-defaults', else 20 s.
 */
static void
test_graph_timeouts(void)
{
	struct ts		*t;
	const struct gaction	*stop, *start, *mon, *dstop, *dstart;

	t = ts_run(NODES3
	    "op-defaults { timeout = 30s }\n"
	    "resource web ocf:heartbeat:Dummy {\n"
	    "    op monitor interval=10s timeout=5s\n"
	    "    op stop timeout=2s\n"
	    "    op start timeout=40s\n"
	    "}\n"
	    "resource db ocf:heartbeat:Dummy\n"
	    "location web prefers node2 = 100\n"
	    "location db prefers node2 = 100\n",
	    "resource web started on node1\n"
	    "resource web stopped on node2, node3\n"
	    "resource db started on node1\n"
	    "resource db stopped on node2, node3\n");
	stop = ts_action(t, "stop", "web", "node1");
	start = ts_action(t, "start", "web", "node2");
	mon = ts_action(t, "monitor_10000", "web", "node2");
	dstop = ts_action(t, "stop", "db", "node1");
	dstart = ts_action(t, "start", "db", "node2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(stop);
	CU_ASSERT_PTR_NOT_NULL_FATAL(start);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mon);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dstop);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dstart);
	CU_ASSERT_EQUAL(stop->timeout_ms, 2000);
	CU_ASSERT_EQUAL(start->timeout_ms, 40000);
	CU_ASSERT_EQUAL(mon->timeout_ms, 5000);
	CU_ASSERT_EQUAL(dstop->timeout_ms, 30000);
	CU_ASSERT_EQUAL(dstart->timeout_ms, 30000);
	ts_free(t);
}

/* --- clones ---------------------------------------------------------------- */

/*
 * Instances of an anonymous clone keep their numbers where they run
 * (find_anonymous_clone, distribute_children): ping:0 stays on node3 and
 * ping:1 on node2 although node1 sorts first and is free.
 */
static void
test_clone_keep(void)
{
	struct ts	*t;

	t = ts_run(NODES3
	    "resource ping ocf:pacemaker:ping { host_list = 10.0.0.1 }\n"
	    "clone ping-clone of ping { meta clone-max=2 }\n",
	    "resource ping:0 started on node3\n"
	    "resource ping:1 started on node2\n"
	    "resource ping:0 stopped on node1, node2\n"
	    "resource ping:1 stopped on node1, node3\n");
	U_STREQ(ts_assigned(t, "ping:0"), "node3");
	U_STREQ(ts_assigned(t, "ping:1"), "node2");
	CU_ASSERT_PTR_NULL(ts_action(t, "start", "ping:0", "node1"));
	CU_ASSERT_PTR_NULL(ts_action(t, "start", "ping:1", "node1"));
	ts_free(t);
}

/*
 * clone-node-max=2 with four instances on three nodes: one per node
 * first, the fourth where fewest resources are (node1 by name), and each
 * instance starts between the clone's start and running milestones.
 */
static void
test_clone_node_max(void)
{
	struct ts		*t;
	const struct gaction	*cs, *cr, *a;

	t = ts_run(NODES3
	    "resource ping ocf:pacemaker:ping { host_list = 10.0.0.1 }\n"
	    "clone ping-clone of ping {\n"
	    "    meta clone-max=4 clone-node-max=2 globally-unique=true\n"
	    "}\n", NULL);
	U_STREQ(ts_assigned(t, "ping:0"), "node1");
	U_STREQ(ts_assigned(t, "ping:1"), "node2");
	U_STREQ(ts_assigned(t, "ping:2"), "node3");
	U_STREQ(ts_assigned(t, "ping:3"), "node1");
	check_executable(t);
	cs = ts_action(t, "ping-clone_start_0", "ping-clone", NULL);
	cr = ts_action(t, "ping-clone_running_0", "ping-clone", NULL);
	a = ts_action(t, "start", "ping:3", "node1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cr);
	CU_ASSERT(ts_after(a, cs) && ts_after(cr, a));
	ts_free(t);
}

/*
 * A primitive mandatorily colocated with a clone none of whose instances
 * can run (every node banned) cannot start either, while one with a
 * clone that runs somewhere goes where an instance is.
 */
static void
test_clone_coloc(void)
{
	struct ts	*t;

	t = ts_run(NODES3
	    "resource ping ocf:pacemaker:ping { host_list = 10.0.0.1 }\n"
	    "clone ping-clone of ping { meta clone-max=1 }\n"
	    "resource web ocf:heartbeat:Dummy\n"
	    "colocate web with ping-clone\n"
	    "location ping-clone prefers node2 = 100\n", NULL);
	U_STREQ(ts_assigned(t, "ping:0"), "node2");
	U_STREQ(ts_assigned(t, "web"), "node2");
	ts_free(t);
	t = ts_run(NODES3
	    "resource ping ocf:pacemaker:ping { host_list = 10.0.0.1 }\n"
	    "clone ping-clone of ping\n"
	    "resource web ocf:heartbeat:Dummy\n"
	    "colocate web with ping-clone\n"
	    "location ping-clone avoids node1\n"
	    "location ping-clone avoids node2\n"
	    "location ping-clone avoids node3\n", NULL);
	U_STREQ(ts_assigned(t, "web"), "-");
	ts_free(t);
}

static void
test_graph_group(void)
{
	struct ts		*t;
	const struct gaction	*gs, *gr, *a, *b, *c;

	t = ts_run(NODES3
	    "resource a ocf:heartbeat:Dummy\n"
	    "resource b ocf:heartbeat:Dummy\n"
	    "resource c ocf:heartbeat:Dummy\n"
	    "group g { a b c }\n",
	    "resource a stopped on node1, node2, node3\n"
	    "resource b stopped on node1, node2, node3\n"
	    "resource c stopped on node1, node2, node3\n");
	check_executable(t);
	U_STREQ(ts_graph(t),
	    "transition 0: 5 actions\n"
	    "  0  pseudo g_start_0 [optional]\n"
	    "  1  start a on node1  (after 0)\n"
	    "  2  start b on node1  (after 0, 1)\n"
	    "  3  start c on node1  (after 0, 2)\n"
	    "  4  pseudo g_running_0  (after 0, 1, 2, 3)\n");
	gs = ts_action(t, "g_start_0", "g", NULL);
	gr = ts_action(t, "g_running_0", "g", NULL);
	a = ts_action(t, "start", "a", "node1");
	b = ts_action(t, "start", "b", "node1");
	c = ts_action(t, "start", "c", "node1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(gs);
	CU_ASSERT_PTR_NOT_NULL_FATAL(gr);
	CU_ASSERT_EQUAL(gs->kind, GA_PSEUDO);
	CU_ASSERT_EQUAL(gr->kind, GA_PSEUDO);
	CU_ASSERT_PTR_NULL(gs->node);
	CU_ASSERT(ts_after(a, gs) && ts_after(b, a) && ts_after(c, b));
	CU_ASSERT(!ts_after(c, a));	/* no transitive edges */
	CU_ASSERT(ts_after(gr, c));
	ts_free(t);
}

static void
test_graph_fencing(void)
{
	struct ts		*t;
	const struct gaction	*fence, *start;
	const struct gaction	*stop = NULL;
	size_t			 i;

	/* node1 is lost: fenced, its stop of web implied (pseudo), web
	 * started elsewhere only after the fencing */
	t = ts_run("cluster c {\n"
	    "    node node1 { id = 1 }\n"
	    "    node node2 { id = 2 }\n"
	    "    node node3 { id = 3 }\n"
	    "}\n"
	    "fence f stonith:fence_dummy { pcmk_host_list = \"node1 node2 "
	    "node3\" }\n"
	    "resource web ocf:heartbeat:Dummy\n"
	    "location f prefers node3\n",
	    "node node1 unclean\n"
	    "resource f started on node3\n"
	    "resource f stopped on node1, node2\n"
	    "resource web started on node1\n"
	    "resource web stopped on node2, node3\n");
	check_executable(t);
	fence = ts_action(t, "fence_reboot", NULL, "node1");
	start = ts_action(t, "start", "web", "node2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fence);
	CU_ASSERT_EQUAL(fence->kind, GA_FENCE);
	U_STREQ(fence->fence_action, "reboot");
	for (i = 0; i < t->sc->graph.nrunnable; i++)
		if (strcmp(t->sc->graph.actions[i].key, "web_stop_0") == 0)
			stop = &t->sc->graph.actions[i];
	CU_ASSERT_PTR_NOT_NULL_FATAL(stop);
	CU_ASSERT_EQUAL(stop->kind, GA_PSEUDO);
	CU_ASSERT(ts_after(stop, fence));
	CU_ASSERT(ts_after(start, fence));
	CU_ASSERT(ts_after(start, stop));
	ts_free(t);
}

static void
test_graph_unrunnable(void)
{
	struct ts	*t;
	size_t		 i;
	int		 found = 0;

	/* b cannot start (a, first in a mandatory order, is disabled): its
	 * start stays in the graph, after the runnable actions, unrunnable */
	t = ts_run(NODES3
	    "resource a ocf:heartbeat:Dummy { meta target-role=Stopped }\n"
	    "resource b ocf:heartbeat:Dummy\n"
	    "order a then b\n",
	    "resource a stopped on node1, node2, node3\n"
	    "resource b stopped on node1, node2, node3\n");
	check_executable(t);
	CU_ASSERT_EQUAL(t->sc->graph.nrunnable, 0);
	for (i = 0; i < t->sc->graph.nactions; i++) {
		const struct gaction	*a = &t->sc->graph.actions[i];

		CU_ASSERT(!a->runnable);
		if (a->rsc != NULL && strcmp(a->rsc, "b") == 0 &&
		    strcmp(a->task, "start") == 0)
			found = 1;
	}
	CU_ASSERT(found);
	U_STREQ(ts_summary(t), "  * Start      b       ( node1 )  due to "
	    "unrunnable a start (blocked)\n");
	ts_free(t);
}

static void
test_graph_cycle(void)
{
	struct ctx	*ctx;
	struct policy	*pol;
	struct model	*m;
	struct schedule	*sc;
	const char	*text = NODES3
	    "resource a ocf:heartbeat:Dummy\n"
	    "resource b ocf:heartbeat:Dummy\n"
	    "order a then b kind=Optional\n"
	    "order b then a kind=Optional\n";

	/* optional orders both ways pass the checker, but both starts are
	 * in one transition: the cycle is an error, not a hang */
	ctx = ctx_new();
	pol = compile_load_text(ctx, "t.ha", text, strlen(text));
	m = compile_policy(ctx, pol);
	compile_free(pol);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	sc = sched_run(ctx, m, state_fresh(ctx, m), NULL);
	CU_ASSERT_PTR_NULL(sc);
	CU_ASSERT(ctx->diags.nerrors > 0);
	U_CONTAINS(unit_diags(ctx), "ordering cycle");
	U_CONTAINS(unit_diags(ctx), "a_start_0");
	U_CONTAINS(unit_diags(ctx), "b_start_0");
	ctx_free(ctx);
}

/* --- state round trip through simulate -------------------------------------- */

/* The status of st as hacc simulate prints it. */
static const char *
status_text(struct ctx *ctx, const struct model *m, const struct cstate *st)
{
	struct buf	b;

	buf_init(&b);
	report_status(sched_status(ctx, m, st), &b);
	return unit_keep(buf_detach(&b));
}

static const char *
state_text(const struct cstate *st)
{
	struct buf	b;

	buf_init(&b);
	state_write(st, &b);
	return unit_keep(buf_detach(&b));
}

/* Simulate policy on state (with injections), save, load, compare. */
static void
round_trip(const char *policy, const char *state, const char *what,
    const char *arg)
{
	struct ts	*t;
	struct cstate	*after, *back;
	struct source	*src;
	const char	*text, *cause;
	int		 aborted = 0;

	t = ts_run(policy, state);
	if (t->sc == NULL) {
		ts_free(t);
		return;
	}
	if (what != NULL) {
		CU_ASSERT_EQUAL(simulate_inject(t->ctx, t->m, t->st, what, arg,
		    &cause), 0);
		t->sc = sched_run(t->ctx, t->m, t->st, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t->sc);
	}
	after = simulate_apply(t->ctx, t->m, t->st, &t->sc->graph, NULL, 0,
	    &aborted, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(after);
	CU_ASSERT_EQUAL(aborted, 0);
	text = state_text(after);
	src = ctx_add_source(t->ctx, "saved.state", text, strlen(text));
	back = state_parse(t->ctx, t->m, src);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	CU_ASSERT_EQUAL(t->ctx->diags.n, 0);
	U_STREQ(status_text(t->ctx, t->m, back),
	    status_text(t->ctx, t->m, after));
	U_STREQ(state_text(back), text);
	/* and the cluster is settled: nothing more to do */
	t->sc = sched_run(t->ctx, t->m, back, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t->sc);
	U_STREQ(ts_summary(t), "");
	ts_free(t);
}

static void
test_round_trip_fresh(void)
{
	round_trip(NODES3
	    "resource a ocf:heartbeat:Dummy { op monitor interval=10s }\n"
	    "resource b ocf:heartbeat:Dummy { op monitor interval=20s }\n"
	    "resource c ocf:heartbeat:Dummy\n"
	    "resource d ocf:heartbeat:Dummy\n"
	    "group g { c d }\n"
	    "colocate b with a -INFINITY\n",
	    "now 2024-05-01T12:00:00Z\n", NULL, NULL);
}

static void
test_round_trip_failures(void)
{
	/* a failed monitor (recovered), a fail count, a node in standby */
	round_trip(NODES3
	    "defaults { resource-stickiness = 100 }\n"
	    "resource a ocf:heartbeat:Dummy { op monitor interval=10s }\n"
	    "resource b ocf:heartbeat:Dummy { op monitor interval=10s }\n",
	    "now 2024-05-01T12:00:00Z\n"
	    "node node3 standby\n"
	    "resource a failed on node1 op=monitor interval=10s rc=7\n"
	    "resource a stopped on node2, node3\n"
	    "resource b started on node3\n"
	    "resource b stopped on node1, node2\n", NULL, NULL);
}

static void
test_round_trip_fencing(void)
{
	/* a node failure: fencing wipes its history */
	round_trip("cluster c {\n"
	    "    node node1 { id = 1 }\n"
	    "    node node2 { id = 2 }\n"
	    "    node node3 { id = 3 }\n"
	    "}\n"
	    "fence f stonith:fence_dummy { pcmk_host_list = \"node1 node2 "
	    "node3\" }\n"
	    "resource web ocf:heartbeat:Dummy { op monitor interval=10s }\n"
	    "location f prefers node3\n",
	    "now 2024-05-01T12:00:00Z\n"
	    "resource f started on node3\n"
	    "resource f stopped on node1, node2\n"
	    "resource web started on node1\n"
	    "resource web stopped on node2, node3\n", "node-fail", "node1");
}

/* --- the transition summary -------------------------------------------------- */

static void
summary_is(const char *policy, const char *state, const char *expected)
{
	struct ts	*t;

	t = ts_run(policy, state);
	U_STREQ(ts_summary(t), expected);
	ts_free(t);
}

static void
test_summary_start_stop(void)
{
	summary_is(NODES3
	    "resource web ocf:heartbeat:Dummy\n"
	    "resource db ocf:heartbeat:Dummy { meta target-role=Stopped }\n",
	    "resource web stopped on node1, node2, node3\n"
	    "resource db started on node2\n"
	    "resource db stopped on node1, node3\n",
	    "  * Start      web     ( node1 )\n"
	    "  * Stop       db      ( node2 )  due to node availability\n");
}

static void
test_summary_move(void)
{
	summary_is(NODES3
	    "resource web ocf:heartbeat:Dummy\n"
	    "location web prefers node3 = 10\n",
	    "resource web started on node1\n"
	    "resource web stopped on node2, node3\n",
	    "  * Move       web     ( node1 -> node3 )\n");
}

static void
test_summary_recover(void)
{
	/* in place, and away once the fail count reaches the threshold */
	summary_is(NODES3
	    "resource web ocf:heartbeat:Dummy { op monitor interval=10s }\n",
	    "now 2024-05-01T12:00:00Z\n"
	    "resource web failed on node1 op=monitor interval=10s rc=1\n"
	    "resource web stopped on node2, node3\n",
	    "  * Recover    web     ( node1 )\n");
	summary_is(NODES3
	    "resource web ocf:heartbeat:Dummy {\n"
	    "    op monitor interval=10s\n"
	    "    meta migration-threshold=2\n"
	    "}\n",
	    "now 2024-05-01T12:00:00Z\n"
	    "resource web failed on node1 op=monitor interval=10s rc=1 "
	    "fail-count=2\n"
	    "resource web stopped on node2, node3\n",
	    "  * Recover    web     ( node1 -> node2 )\n");
}

static void
test_summary_restart(void)
{
	/* a restart required by an order, with its reason */
	summary_is(NODES3
	    "resource web ocf:heartbeat:Dummy { op monitor interval=10s }\n"
	    "resource db ocf:heartbeat:Dummy\n"
	    "order web then db\n"
	    "location db prefers node2 = 10\n",
	    "now 2024-05-01T12:00:00Z\n"
	    "resource web failed on node1 op=monitor interval=10s rc=7\n"
	    "resource web stopped on node2, node3\n"
	    "resource db started on node2\n"
	    "resource db stopped on node1, node3\n",
	    "  * Recover    web     ( node1 )\n"
	    "  * Restart    db      ( node2 )  due to required web start\n");
}

static void
test_summary_reasons(void)
{
	/* no quorum: stop what runs, block what would start */
	summary_is(NODES3
	    "resource web ocf:heartbeat:Dummy\n"
	    "resource db ocf:heartbeat:Dummy\n",
	    "quorum no\n"
	    "resource web started on node1\n"
	    "resource web stopped on node2, node3\n"
	    "resource db stopped on node1, node2, node3\n",
	    "  * Stop       web     ( node1 )  due to no quorum\n"
	    "  * Start      db      ( node2 )  due to no quorum (blocked)\n");
	/* a mandatory colocation with what cannot run */
	summary_is(NODES3
	    "resource a ocf:heartbeat:Dummy\n"
	    "resource b ocf:heartbeat:Dummy\n"
	    "colocate b with a\n"
	    "location a avoids node1, node2, node3\n",
	    "resource a stopped on node1, node2, node3\n"
	    "resource b started on node1\n"
	    "resource b stopped on node2, node3\n",
	    "  * Stop       b       ( node1 )  due to node availability\n");
}

static void
test_summary_widths(void)
{
	/* the id and details columns widen for long names (crm_simulate's
	 * static widths, driven through the whole list first) */
	summary_is(NODES3
	    "resource a-rather-long-name ocf:heartbeat:Dummy\n"
	    "resource b ocf:heartbeat:Dummy\n"
	    "location b prefers node2 = 10\n",
	    "resource a-rather-long-name stopped on node1, node2, node3\n"
	    "resource b started on node1\n"
	    "resource b stopped on node2, node3\n",
	    "  * Start      a-rather-long-name     (          node1 )\n"
	    "  * Move       b                      ( node1 -> node2 )\n");
}

/*
 * Promotable clones, every expectation checked with crm_simulate 2.1.5 on
 * the exported CIB: a stopped instance names its role, a failed promoted
 * monitor recovers in place, on-fail=demote demotes and promotes again
 * (Re-promote), target-role=Unpromoted demotes, a failed promote is not
 * retried in the same transition.
 */
#define PROMOTABLE_DB							\
	"promotable db ocf:pacemaker:Stateful {\n"			\
	"    op monitor interval=10s role=Promoted%s\n"		\
	"    op monitor interval=11s role=Unpromoted\n%s"		\
	"}\n%s"
#define PROMOTABLE_STATE						\
	"now 2024-05-01T12:00:00Z\n"					\
	"node node1 online { attr master-db=10 }\n"			\
	"node node2 online { attr master-db=5 }\n"			\
	"node node3 online { attr master-db=5 }\n"			\
	"resource db:0 %s\n"						\
	"resource db:1 unpromoted on node2\n"				\
	"resource db:2 unpromoted on node3\n"

static void
promotable_is(const char *op_extra, const char *meta, const char *more,
    const char *db0, const char *expected)
{
	char	*policy, *state;

	xasprintf(&policy, NODES3 PROMOTABLE_DB, op_extra, meta, more);
	xasprintf(&state, PROMOTABLE_STATE, db0);
	summary_is(policy, state, expected);
	free(policy);
	free(state);
}

static void
test_summary_promotable(void)
{
	promotable_is("", "", "location db avoids node3\n",
	    "promoted on node1",
	    "  * Stop       db:2    ( Unpromoted node3 )  due to node "
	    "availability\n");
	promotable_is("", "", "",
	    "failed on node1 op=monitor interval=10s rc=failed-promoted",
	    "  * Recover    db:0    ( Promoted node1 )\n");
	promotable_is(" on-fail=demote", "", "",
	    "failed on node1 op=monitor interval=10s rc=failed-promoted",
	    "  * Re-promote   db:0    ( Promoted node1 )\n");
	promotable_is("", "    meta target-role=Unpromoted\n", "",
	    "promoted on node1",
	    "  * Demote     db:0    ( Promoted -> Unpromoted node1 )\n");
	promotable_is("", "", "", "failed on node1 op=promote rc=1",
	    "  * Recover    db:0    ( Promoted -> Unpromoted node1 )\n"
	    "  * Promote    db:1    ( Unpromoted -> Promoted node2 )\n");
}

static void
test_summary_lines(void)
{
	struct ts		*t;
	const struct change_line *l;

	t = ts_run(NODES3
	    "resource web ocf:heartbeat:Dummy\n"
	    "location web prefers node3 = 10\n",
	    "resource web started on node1\n"
	    "resource web stopped on node2, node3\n");
	CU_ASSERT_EQUAL_FATAL(t->sc->nchanges, 1);
	l = &t->sc->changes[0];
	CU_ASSERT_EQUAL(l->change, CHANGE_MOVE);
	U_STREQ(l->rsc, "web");
	U_STREQ(l->from, "node1");
	U_STREQ(l->to, "node3");
	CU_ASSERT_PTR_NULL(l->reason);
	CU_ASSERT_EQUAL(l->blocked, 0);
	ts_free(t);
}

/* --- hacc diff: changed definitions (compiler/diff.c) ------------------------ */

/* The lines diff_models() prints for two policies. */
static const char *
diff_text(const char *old, const char *new)
{
	struct ctx	*ctx;
	struct policy	*pa, *pb;
	struct model	*a = NULL, *b = NULL;
	struct buf	 buf;
	size_t		 n;

	ctx = ctx_new();
	if ((pa = compile_load_text(ctx, "old.ha", old, strlen(old))) != NULL)
		a = compile_policy(ctx, pa);
	if ((pb = compile_load_text(ctx, "new.ha", new, strlen(new))) != NULL)
		b = compile_policy(ctx, pb);
	compile_free(pa);
	compile_free(pb);
	CU_ASSERT_EQUAL(ctx->diags.n, 0);
	if (ctx->diags.n > 0)
		unit_mismatch(__FILE__, __LINE__, "diagnostics",
		    unit_diags(ctx), "");
	buf_init(&buf);
	if (a != NULL && b != NULL) {
		n = diff_models(ctx, a, b, &buf);
		/* one line per change */
		{
			size_t	lines = 0, i;

			for (i = 0; i < buf.len; i++)
				lines += buf.data[i] == '\n';
			CU_ASSERT_EQUAL(lines, n);
		}
	}
	ctx_free(ctx);
	return unit_keep(buf.data == NULL ? xstrdup("") : buf_detach(&buf));
}

static void
test_diff_same(void)
{
	const char	*p = NODES3
	    "resource a ocf:heartbeat:Dummy { op monitor interval=10s }\n"
	    "location a prefers node1 = 10\n";

	U_STREQ(diff_text(p, p), "");
	/* the same meaning written otherwise: no change */
	U_STREQ(diff_text(p, NODES3
	    "resource a ocf:heartbeat:Dummy { op monitor interval=PT10S }\n"
	    "location a prefers node1=10\n"), "");
}

static void
test_diff_cluster(void)
{
	U_STREQ(diff_text(NODES3,
	    "cluster c {\n"
	    "    node node1 { id = 1; attr site=a; standby = true }\n"
	    "    node node2 { id = 2; votes = 2 }\n"
	    "    node node4 { id = 4 }\n"
	    "    quorum { two_node = true }\n"
	    "    property stonith-enabled=false no-quorum-policy=freeze\n"
	    "}\n"
	    "defaults { resource-stickiness = 100 }\n"
	    "op-defaults { timeout = 30s }\n"),
	    "  * property no-quorum-policy: (unset) -> freeze\n"
	    "  * quorum two_node: false -> true\n"
	    "  * quorum wait_for_all: false -> true\n"
	    "  * defaults resource-stickiness: (unset) -> 100\n"
	    "  * op-defaults timeout: (unset) -> 30s\n"
	    "  * node node1: standby: false -> true\n"
	    "  * node node1: attr site: (unset) -> a\n"
	    "  * node node2: votes: 1 -> 2\n"
	    "  * node node3: removed\n"
	    "  * node node4: added\n");
}

static void
test_diff_resources(void)
{
	U_STREQ(diff_text(NODES3
	    "resource a ocf:heartbeat:Dummy {\n"
	    "    p = 1\n"
	    "    q = \"x y\"\n"
	    "    op monitor interval=10s\n"
	    "    op start timeout=60s\n"
	    "}\n"
	    "resource b ocf:heartbeat:Dummy\n"
	    "resource c ocf:heartbeat:Dummy\n"
	    "group g { b c }\n"
	    "resource gone lsb:gone\n",
	    NODES3
	    "resource a ocf:heartbeat:apache {\n"
	    "    p = 2\n"
	    "    op monitor interval=10s timeout=5s on-fail=block\n"
	    "    op monitor interval=1min\n"
	    "    meta resource-stickiness=50\n"
	    "}\n"
	    "resource b ocf:heartbeat:Dummy\n"
	    "resource c ocf:heartbeat:Dummy\n"
	    "resource d ocf:heartbeat:Dummy\n"
	    "group g { b d c }\n"
	    "fence f stonith:fence_dummy\n"),
	    "  * resource a: agent: ocf:heartbeat:Dummy -> ocf:heartbeat:apache\n"
	    "  * resource a: param p: 1 -> 2\n"
	    "  * resource a: param q: \"x y\" -> (unset)\n"
	    "  * resource a: meta resource-stickiness: (unset) -> 50\n"
	    "  * resource a: op monitor interval=10s timeout: 20s -> 5s\n"
	    "  * resource a: op monitor interval=10s on-fail: (default) -> "
	    "block\n"
	    "  * resource a: op start interval=0s: removed\n"
	    "  * resource a: op monitor interval=1min: added\n"
	    "  * group g: members: b c -> b d c\n"
	    "  * resource gone: removed (lsb:gone)\n"
	    "  * resource d: added (ocf:heartbeat:Dummy)\n"
	    "  * fence f: added (stonith:fence_dummy)\n");
}

static void
test_diff_constraints(void)
{
	const char	*rs = NODES3
	    "resource a ocf:heartbeat:Dummy\n"
	    "resource b ocf:heartbeat:Dummy\n"
	    "resource c ocf:heartbeat:Dummy\n";

	/* compared by what they say: ids and order do not matter, a
	 * change is one removed and one added */
	U_STREQ(diff_text(unit_printf("%s"
	    "location a prefers node1 = 10\n"
	    "location a avoids node2\n"
	    "location b rule 5: site eq x or #uname eq node3\n"
	    "colocate b with a\n"
	    "order a then b\n", rs), unit_printf("%s"
	    "order a then b id=renamed\n"
	    "location a avoids node2\n"
	    "location a prefers node1 = 20\n"
	    "location b rule 5: (site eq x and rack ne r1) or #uname eq "
	    "node3\n"
	    "colocate b with a -INFINITY\n"
	    "colocate (a c)\n"
	    "order a stop then (b c) kind=Optional symmetrical=false\n",
	    rs)),
	    "  * location a prefers node1 = 10: removed\n"
	    "  * location b rule 5: site eq x or #uname eq node3: removed\n"
	    "  * colocate b with a: removed\n"
	    "  * location a prefers node1 = 20: added\n"
	    "  * location b rule 5: (site eq x and rack ne r1) or #uname eq "
	    "node3: added\n"
	    "  * colocate b with a -INFINITY: added\n"
	    "  * colocate (a c): added\n"
	    "  * order a stop then (b c) kind=Optional symmetrical=false: "
	    "added\n");
}

/* --- suites -------------------------------------------------------------------- */

static const struct unit_test score_tests[] = {
	{ "plain sums", test_add_plain },
	{ "INFINITY", test_add_infinity },
	{ "clamping", test_add_clamp },
	{ "SCORE_ABSENT", test_add_absent },
	{ "locations add up", test_scores_sum },
	{ "opt-in", test_scores_opt_in },
	{ "stickiness", test_scores_stickiness },
	{ NULL, NULL }
};

static const struct unit_test clone_tests[] = {
	{ "instances keep their numbers", test_clone_keep },
	{ "clone-node-max", test_clone_node_max },
	{ "colocation with a clone", test_clone_coloc },
	{ NULL, NULL }
};

static const struct unit_test rule_tests[] = {
	{ "string", test_rule_string },
	{ "integer", test_rule_integer },
	{ "number", test_rule_number },
	{ "version", test_rule_version },
	{ "defined", test_rule_defined },
	{ "and, or, nested", test_rule_bool },
	{ "built-in attributes", test_rule_builtin },
	{ "score-attribute", test_rule_score_attribute },
	{ "state attributes", test_rule_state_attribute },
	{ NULL, NULL }
};

static const struct unit_test graph_tests[] = {
	{ "fresh start", test_graph_fresh },
	{ "move and restart", test_graph_move },
	{ "operation timeouts", test_graph_timeouts },
	{ "group", test_graph_group },
	{ "fencing", test_graph_fencing },
	{ "unrunnable", test_graph_unrunnable },
	{ "ordering cycle", test_graph_cycle },
	{ NULL, NULL }
};

static const struct unit_test state_tests[] = {
	{ "fresh start", test_round_trip_fresh },
	{ "failures", test_round_trip_failures },
	{ "fencing", test_round_trip_fencing },
	{ NULL, NULL }
};

static const struct unit_test summary_tests[] = {
	{ "start and stop", test_summary_start_stop },
	{ "move", test_summary_move },
	{ "recover", test_summary_recover },
	{ "restart", test_summary_restart },
	{ "reasons", test_summary_reasons },
	{ "widths", test_summary_widths },
	{ "change lines", test_summary_lines },
	{ "promotable clones", test_summary_promotable },
	{ NULL, NULL }
};

static const struct unit_test diff_tests[] = {
	{ "same", test_diff_same },
	{ "cluster and nodes", test_diff_cluster },
	{ "resources", test_diff_resources },
	{ "constraints", test_diff_constraints },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "scores", score_tests },
	{ "clones", clone_tests },
	{ "rules", rule_tests },
	{ "graph", graph_tests },
	{ "state", state_tests },
	{ "summary", summary_tests },
	{ "diff", diff_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
