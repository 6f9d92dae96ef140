/*
 * test-compiler.c: unit tests of compiler/: the value parsers (value.c),
 * names and structure (check.c), lowering to the model (lower.c, known.c)
 * and the analysis of the model (analyze.c).
 *
 * Policies are given as strings; the helpers return their diagnostics as
 * one message per line ("3:7: error: ...") so a test states exactly what
 * a user would read, without the caret lines.
 */
#include "config.h"

#include <stdlib.h>

#include "unit.h"
#include "compiler.h"

/* --- helpers ------------------------------------------------------------ */

/* The diagnostics of ctx, one "line:col: level: message" per line. */
static const char *
msgs(struct ctx *ctx)
{
	static const char *const levels[] = { "error", "warning", "note" };
	struct buf		 b;
	const struct diag	*dg;
	const struct diag_note	*n;
	size_t			 i;

	diag_sort(ctx);
	buf_init(&b);
	for (i = 0; i < ctx->diags.n; i++) {
		dg = ctx->diags.v[i];
		buf_printf(&b, "%d:%d: %s: %s\n", dg->loc.line, dg->loc.col,
		    levels[dg->level], dg->msg);
		for (n = dg->notes; n != NULL; n = n->next)
			buf_printf(&b, "%d:%d: note: %s\n", n->loc.line,
			    n->loc.col, n->msg);
	}
	return unit_keep(buf_detach(&b));
}

/* Parse and run check.c only; the messages. */
static const char *
check_msgs(const char *text)
{
	struct ctx	*ctx;
	struct policy	*pol;
	const char	*s;

	ctx = ctx_new();
	pol = compile_load_text(ctx, UNIT_FILE, text, strlen(text));
	check_tree(ctx, pol);
	s = msgs(ctx);
	compile_free(pol);
	ctx_free(ctx);
	return s;
}

/* Parse and check; the policy (with its symbols) and its context. */
static struct policy *
check_policy(const char *text, struct ctx **ctxp)
{
	struct policy	*pol;

	*ctxp = ctx_new();
	pol = compile_load_text(*ctxp, UNIT_FILE, text, strlen(text));
	check_tree(*ctxp, pol);
	return pol;
}

/* --- value.c ------------------------------------------------------------ */

/* A duration in ms as text, or "ERR: cause". */
static const char *
dur(const char *s)
{
	struct ctx	*ctx = ctx_new();
	const char	*cause = NULL, *r;
	uint64_t	 ms = 0;

	if (value_duration(ctx, s, &ms, &cause) == 0)
		r = unit_printf("%llu", (unsigned long long)ms);
	else
		r = unit_printf("ERR: %s", cause);
	ctx_free(ctx);
	return r;
}

static const char *
score(const char *s)
{
	struct ctx	*ctx = ctx_new();
	const char	*cause = NULL, *r;
	int		 v = 0;

	if (value_score(ctx, s, &v, &cause) == 0)
		r = unit_printf("%d", v);
	else
		r = unit_printf("ERR: %s", cause);
	ctx_free(ctx);
	return r;
}

static const char *
boolean(const char *s)
{
	struct ctx	*ctx = ctx_new();
	const char	*cause = NULL, *r;
	int		 v = -1;

	if (value_bool(ctx, s, &v, &cause) == 0)
		r = unit_printf("%d", v);
	else
		r = unit_printf("ERR: %s", cause);
	ctx_free(ctx);
	return r;
}

static const char *
integer(const char *s, long long min, long long max)
{
	struct ctx	*ctx = ctx_new();
	const char	*cause = NULL, *r;
	long long	 v = 0;

	if (value_int(ctx, s, min, max, &v, &cause) == 0)
		r = unit_printf("%lld", v);
	else
		r = unit_printf("ERR: %s", cause);
	ctx_free(ctx);
	return r;
}

static const char *
role(const char *s)
{
	struct ctx	*ctx = ctx_new();
	const char	*cause = NULL, *r;
	enum role	 v = ROLE_UNKNOWN;

	if (value_role(ctx, s, &v, &cause) == 0)
		r = value_role_name(v);
	else
		r = unit_printf("ERR: %s", cause);
	ctx_free(ctx);
	return r;
}

static void
test_value_duration_units(void)
{
	/* a bare number is seconds, as in Pacemaker */
	U_STREQ(dur("30"), "30000");
	U_STREQ(dur("0"), "0");
	U_STREQ(dur("500ms"), "500");
	U_STREQ(dur("10msec"), "10");
	U_STREQ(dur("30s"), "30000");
	U_STREQ(dur("5sec"), "5000");
	U_STREQ(dur("2m"), "120000");
	U_STREQ(dur("2min"), "120000");
	U_STREQ(dur("1h"), "3600000");
	U_STREQ(dur("1hr"), "3600000");
	U_STREQ(dur("1500us"), "1");
	U_STREQ(dur("2000usec"), "2");
	/* units in any case */
	U_STREQ(dur("5S"), "5000");
	U_STREQ(dur("100MS"), "100");
	U_STREQ(dur("1Min"), "60000");
	/* leading zeros */
	U_STREQ(dur("007s"), "7000");
}

static void
test_value_duration_fractions(void)
{
	U_STREQ(dur("1.5s"), "1500");
	U_STREQ(dur("0.5"), "500");
	U_STREQ(dur("1.25min"), "75000");
	U_STREQ(dur("0.001s"), "1");
	U_STREQ(dur("2.5ms"), "2");
	U_STREQ(dur("1."), "1000");
	/* less than a millisecond, but not zero, rounds up to one */
	U_STREQ(dur("100us"), "1");
	U_STREQ(dur("0.0001s"), "1");
	U_STREQ(dur("0.0s"), "0");
	/* digits past nanoseconds are ignored, not an overflow */
	U_STREQ(dur("1.0000000000000000001s"), "1000");
}

static void
test_value_duration_iso(void)
{
	U_STREQ(dur("PT1M30S"), "90000");
	U_STREQ(dur("PT30S"), "30000");
	U_STREQ(dur("PT1H"), "3600000");
	U_STREQ(dur("P1D"), "86400000");
	U_STREQ(dur("P1W"), "604800000");
	U_STREQ(dur("P1DT2H"), "93600000");
	/* M is months before T, minutes after */
	U_STREQ(dur("P1M"), "2592000000");
	U_STREQ(dur("PT1M"), "60000");
	U_STREQ(dur("pt2m"), "120000");
	/* fractions of the smallest unit */
	U_STREQ(dur("PT0.5S"), "500");
	U_STREQ(dur("PT1.5M"), "90000");
	U_STREQ(dur("P"), "ERR: 'P' is not an ISO 8601 duration such as "
	    "PT1M30S");
	U_STREQ(dur("PT"), "ERR: 'PT' is not an ISO 8601 duration such as "
	    "PT1M30S");
	U_STREQ(dur("P1X"), "ERR: 'P1X' is not an ISO 8601 duration such as "
	    "PT1M30S");
	U_STREQ(dur("PT5"), "ERR: 'PT5' is not an ISO 8601 duration such as "
	    "PT1M30S");
	U_STREQ(dur("P99999999999999W"), "ERR: 'P99999999999999W' is not an "
	    "ISO 8601 duration such as PT1M30S");
}

static void
test_value_duration_errors(void)
{
	U_STREQ(dur("-5s"), "ERR: a duration cannot be negative");
	U_STREQ(dur("-0"), "ERR: a duration cannot be negative");
	U_STREQ(dur(""), "ERR: '' is not a duration such as 500ms, 30s, "
	    "2min or 1h");
	U_STREQ(dur("abc"), "ERR: 'abc' is not a duration such as 500ms, "
	    "30s, 2min or 1h");
	U_STREQ(dur("s"), "ERR: 's' is not a duration such as 500ms, 30s, "
	    "2min or 1h");
	U_STREQ(dur("+5s"), "ERR: '+5s' is not a duration such as 500ms, "
	    "30s, 2min or 1h");
	U_STREQ(dur("."), "ERR: '.' is not a duration such as 500ms, 30s, "
	    "2min or 1h");
	U_STREQ(dur("1.2.3s"), "ERR: '1.2.3s' is not a duration such as "
	    "500ms, 30s, 2min or 1h");
	U_STREQ(dur("5days"), "ERR: unknown unit 'days' in '5days'; use ms, "
	    "s, min or h");
	U_STREQ(dur("1e3"), "ERR: unknown unit 'e3' in '1e3'; use ms, s, "
	    "min or h");
	U_STREQ(dur("5 s"), "ERR: unknown unit ' s' in '5 s'; use ms, s, "
	    "min or h");
}

static void
test_value_duration_overflow(void)
{
	/* 2^53 microseconds (285 years) is the longest duration */
	U_STREQ(dur("9007199254740ms"), "9007199254740");
	U_CONTAINS(dur("9007199254741ms"), "ERR: ");
	U_STREQ(dur("2501999h"), "9007196400000");
	U_CONTAINS(dur("2502000h"), "ERR: ");
	U_CONTAINS(dur("99999999999999999999999999h"), "ERR: ");
	U_CONTAINS(dur("99999999999999999999999999"), "ERR: ");
}

static void
test_value_score(void)
{
	U_STREQ(score("0"), "0");
	U_STREQ(score("100"), "100");
	U_STREQ(score("+100"), "100");
	U_STREQ(score("-100"), "-100");
	U_STREQ(score("-0"), "0");
	U_STREQ(score("1000000"), "1000000");
	/* clamped at +/-INFINITY, however long */
	U_STREQ(score("1000001"), "1000000");
	U_STREQ(score("-2000000"), "-1000000");
	U_STREQ(score("99999999999999999999999999999"), "1000000");
	U_STREQ(score("-99999999999999999999999999999"), "-1000000");
	/* the spellings of INFINITY */
	U_STREQ(score("INFINITY"), "1000000");
	U_STREQ(score("+INFINITY"), "1000000");
	U_STREQ(score("-INFINITY"), "-1000000");
	U_STREQ(score("infinity"), "1000000");
	U_STREQ(score("inf"), "1000000");
	U_STREQ(score("-inf"), "-1000000");
	U_STREQ(score("+Inf"), "1000000");
	/* not scores */
	U_STREQ(score(""), "ERR: '' is not a score (an integer, INFINITY or "
	    "-INFINITY)");
	U_STREQ(score("-"), "ERR: '-' is not a score (an integer, INFINITY "
	    "or -INFINITY)");
	U_STREQ(score("1.5"), "ERR: '1.5' is not a score (an integer, "
	    "INFINITY or -INFINITY)");
	U_STREQ(score("--1"), "ERR: '--1' is not a score (an integer, "
	    "INFINITY or -INFINITY)");
	U_STREQ(score("INFINITE"), "ERR: 'INFINITE' is not a score (an "
	    "integer, INFINITY or -INFINITY)");
	U_STREQ(score("10s"), "ERR: '10s' is not a score (an integer, "
	    "INFINITY or -INFINITY)");
	U_STREQ(score(" 1"), "ERR: ' 1' is not a score (an integer, "
	    "INFINITY or -INFINITY)");
}

static void
test_value_bool(void)
{
	static const char *const yes[] = { "true", "TRUE", "True", "yes",
	    "on", "y", "Y", "1" };
	static const char *const no[] = { "false", "FALSE", "no", "off",
	    "n", "N", "0" };
	size_t	i;

	for (i = 0; i < nitems(yes); i++)
		U_STREQ(boolean(yes[i]), "1");
	for (i = 0; i < nitems(no); i++)
		U_STREQ(boolean(no[i]), "0");
	U_STREQ(boolean("maybe"), "ERR: 'maybe' is not a boolean (true or "
	    "false)");
	U_STREQ(boolean(""), "ERR: '' is not a boolean (true or false)");
	U_STREQ(boolean("2"), "ERR: '2' is not a boolean (true or false)");
	U_STREQ(boolean("yess"), "ERR: 'yess' is not a boolean (true or "
	    "false)");
}

static void
test_value_int(void)
{
	U_STREQ(integer("42", 0, 100), "42");
	U_STREQ(integer("0", 0, 100), "0");
	U_STREQ(integer("100", 0, 100), "100");
	U_STREQ(integer("-5", -10, 10), "-5");
	U_STREQ(integer("+5", 0, 10), "5");
	U_STREQ(integer("101", 0, 100), "ERR: 101 is out of range (0 to 100)");
	U_STREQ(integer("-1", 0, 100), "ERR: -1 is out of range (0 to 100)");
	U_STREQ(integer("99999999999999999999", 0, 100),
	    "ERR: 99999999999999999999 is out of range (0 to 100)");
	U_STREQ(integer("", 0, 100), "ERR: '' is not an integer");
	U_STREQ(integer("abc", 0, 100), "ERR: 'abc' is not an integer");
	U_STREQ(integer("1.5", 0, 100), "ERR: '1.5' is not an integer");
	U_STREQ(integer("1 ", 0, 100), "ERR: '1 ' is not an integer");
	U_STREQ(integer(" 1", 0, 100), "ERR: ' 1' is not an integer");
	U_STREQ(integer("0x10", 0, 100), "ERR: '0x10' is not an integer");
}

static void
test_value_role(void)
{
	U_STREQ(role("Stopped"), "Stopped");
	U_STREQ(role("Started"), "Started");
	U_STREQ(role("Unpromoted"), "Unpromoted");
	U_STREQ(role("Promoted"), "Promoted");
	/* any case */
	U_STREQ(role("promoted"), "Promoted");
	U_STREQ(role("STARTED"), "Started");
	/* the old names */
	U_STREQ(role("Master"), "Promoted");
	U_STREQ(role("Slave"), "Unpromoted");
	U_STREQ(role("master"), "Promoted");
	U_STREQ(role("slave"), "Unpromoted");
	/* near misses are suggested, with today's names only */
	U_STREQ(role("Promted"), "ERR: unknown role 'Promted'; did you mean "
	    "'Promoted'?");
	U_STREQ(role("Stoped"), "ERR: unknown role 'Stoped'; did you mean "
	    "'Stopped'?");
	U_STREQ(role("Mastr"), "ERR: unknown role 'Mastr' (Stopped, Started, "
	    "Unpromoted or Promoted)");
	U_STREQ(role("xyz"), "ERR: unknown role 'xyz' (Stopped, Started, "
	    "Unpromoted or Promoted)");
	U_STREQ(role(""), "ERR: unknown role '' (Stopped, Started, "
	    "Unpromoted or Promoted)");
	U_STREQ(value_role_name(ROLE_UNKNOWN), "Unknown");
	U_STREQ(value_role_name(ROLE_PROMOTED), "Promoted");
}

static void
test_value_is_name(void)
{
	CU_ASSERT_TRUE(value_is_name("a"));
	CU_ASSERT_TRUE(value_is_name("_a"));
	CU_ASSERT_TRUE(value_is_name("web-01.example_x"));
	CU_ASSERT_TRUE(value_is_name("A9"));
	CU_ASSERT_FALSE(value_is_name(""));
	CU_ASSERT_FALSE(value_is_name("1a"));
	CU_ASSERT_FALSE(value_is_name("-a"));
	CU_ASSERT_FALSE(value_is_name(".a"));
	CU_ASSERT_FALSE(value_is_name("a b"));
	CU_ASSERT_FALSE(value_is_name("a:b"));
	CU_ASSERT_FALSE(value_is_name("a/b"));
	CU_ASSERT_FALSE(value_is_name("caf\xc3\xa9"));
}

/* --- check.c ------------------------------------------------------------ */

static void
test_check_clean(void)
{
	struct ctx	*ctx;
	struct policy	*pol;
	struct symbol	*sym;
	struct nodesym	*ns;

	pol = check_policy("cluster c { node n1; node n2 }\n"
	    "resource a ocf:x:y\n"
	    "resource b ocf:x:y\n"
	    "fence f stonith:fence_ipmilan\n"
	    "group g { a b\n resource c ocf:x:y }\n"
	    "clone gc of g\n"
	    "clone pc ocf:pacemaker:ping\n"
	    "resource d ocf:x:y\n"
	    "promotable pd of d\n"
	    "colocate a with (b c) with pc\n"
	    "order g then pd\n"
	    "location a prefers n1\n"
	    "fencing-level n2 1: f\n", &ctx);
	U_STREQ(msgs(ctx), "");
	CU_ASSERT_EQUAL(pol->nstmts, 13);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pol->syms);
	/* declaration order, one namespace */
	CU_ASSERT_EQUAL(pol->syms->norder, 9);
	U_STREQ(pol->syms->order[0]->name, "a");
	U_STREQ(pol->syms->order[3]->name, "g");
	U_STREQ(pol->syms->order[4]->name, "c");

	sym = map_get(&pol->syms->rscs, "a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sym);
	CU_ASSERT_EQUAL(sym->kind, SYM_PRIMITIVE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sym->parent);
	U_STREQ(sym->parent->name, "g");
	CU_ASSERT_EQUAL(sym->parent_loc.line, 5);
	CU_ASSERT_EQUAL(sym->parent_loc.col, 11);
	/* a resource declared inside the group */
	sym = map_get(&pol->syms->rscs, "c");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sym);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sym->parent);
	U_STREQ(sym->parent->name, "g");
	/* the group in its clone */
	sym = map_get(&pol->syms->rscs, "g");
	CU_ASSERT_EQUAL(sym->kind, SYM_GROUP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sym->parent);
	U_STREQ(sym->parent->name, "gc");
	CU_ASSERT_EQUAL(sym->parent->kind, SYM_CLONE);
	sym = map_get(&pol->syms->rscs, "d");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sym->parent);
	CU_ASSERT_EQUAL(sym->parent->kind, SYM_PROMOTABLE);
	/* an inline clone is one symbol */
	sym = map_get(&pol->syms->rscs, "pc");
	CU_ASSERT_EQUAL(sym->kind, SYM_CLONE);
	CU_ASSERT_PTR_NULL(sym->parent);
	sym = map_get(&pol->syms->rscs, "f");
	CU_ASSERT_EQUAL(sym->kind, SYM_FENCE);
	CU_ASSERT_PTR_NULL(sym->parent);

	CU_ASSERT_EQUAL(pol->syms->nodes.n, 2);
	ns = map_get(&pol->syms->nodes, "n2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ns);
	U_STREQ(ns->name, "n2");
	CU_ASSERT_PTR_NOT_NULL(pol->syms->cluster);
	compile_free(pol);
	ctx_free(ctx);
}

static void
test_check_duplicates(void)
{
	U_STREQ(check_msgs("resource web ocf:x:y\n"
	    "group web { db }\n"
	    "resource db ocf:x:y\n"
	    "fence db stonith:f\n"
	    "clone db ocf:x:z\n"),
	    "2:7: error: 'web' is already defined\n"
	    "1:10: note: 'web' was first defined here, as a resource\n"
	    "4:7: error: 'db' is already defined\n"
	    "3:10: note: 'db' was first defined here, as a resource\n"
	    "5:7: error: 'db' is already defined\n"
	    "3:10: note: 'db' was first defined here, as a resource\n");
	/* a group member declared inline collides like any other */
	U_STREQ(check_msgs("fence a stonith:f\n"
	    "group g { resource a ocf:x:y }\n"),
	    "2:20: error: 'a' is already defined\n"
	    "1:7: note: 'a' was first defined here, as a fence device\n");
	U_STREQ(check_msgs("cluster c { node n1; node n2; node n1 }\n"),
	    "1:36: error: node 'n1' is already defined\n"
	    "1:18: note: 'n1' was first defined here\n");
	U_STREQ(check_msgs("cluster a { }\ncluster b { }\n"),
	    "2:1: error: a policy has only one cluster block\n"
	    "1:1: note: the first one is here\n");
	/* nodes and resources are separate namespaces */
	U_STREQ(check_msgs("cluster c { node x }\nresource x ocf:a:b\n"), "");
}

static void
test_check_names(void)
{
	U_STREQ(check_msgs("resource 1a ocf:x:y\n"),
	    "1:10: error: invalid resource name '1a': a name starts with a "
	    "letter or '_' and holds letters, digits, '_', '-' and '.'\n");
	U_STREQ(check_msgs("fence \"f 1\" stonith:x\n"),
	    "1:7: error: invalid fence device name 'f 1': a name starts with "
	    "a letter or '_' and holds letters, digits, '_', '-' and '.'\n");
	U_STREQ(check_msgs("promotable \"\" ocf:x:y\n"),
	    "1:12: error: invalid promotable clone name '': a name starts "
	    "with a letter or '_' and holds letters, digits, '_', '-' and "
	    "'.'\n");
	U_STREQ(check_msgs("cluster c { node \"a b\"; node \"\" }\n"),
	    "1:18: error: invalid node name 'a b'\n"
	    "1:30: error: invalid node name ''\n");
	/* a quoted name that is a valid name is fine */
	U_STREQ(check_msgs("resource \"web\" ocf:x:y\n"), "");
}

static void
test_check_unknown_names(void)
{
	U_STREQ(check_msgs("resource webserver ocf:x:y\n"
	    "resource vip ocf:x:y\n"
	    "colocate vip with webservr\n"
	    "order vip then (webserver databse)\n"
	    "location webservers prefers n1\n"
	    "colocate nothing-like-it with vip\n"),
	    "3:19: error: unknown resource 'webservr' in colocation; did you "
	    "mean 'webserver'?\n"
	    "4:27: error: unknown resource 'databse' in order\n"
	    "5:10: error: unknown resource 'webservers' in location; did you "
	    "mean 'webserver'?\n"
	    "6:10: error: unknown resource 'nothing-like-it' in colocation\n");
	/* nodes are checked once the policy declares some */
	U_STREQ(check_msgs("resource a ocf:x:y\n"
	    "location a prefers anywhere\n"
	    "fencing-level anywhere 1: a\n"),
	    "3:27: error: 'a' is a resource, not a fence device\n");
	U_STREQ(check_msgs("cluster c { node alpha-01; node alpha-02 }\n"
	    "resource a ocf:x:y\n"
	    "fence f stonith:x\n"
	    "location a prefers alpha-03 = 10, alpha-02\n"
	    "location a avoids zeta\n"
	    "fencing-level alpha01 1: f, g\n"),
	    "4:20: error: unknown node 'alpha-03' in location; did you mean "
	    "'alpha-01'?\n"
	    "5:19: error: unknown node 'zeta' in location\n"
	    "6:15: error: unknown node 'alpha01' in fencing-level; did you "
	    "mean 'alpha-01'?\n"
	    "6:29: error: unknown resource 'g' in fencing-level\n");
	/* a target given by attribute is not a node name */
	U_STREQ(check_msgs("cluster c { node n1 }\nfence f stonith:x\n"
	    "fencing-level rack=r1 1: f\n"), "");
}

static void
test_check_membership(void)
{
	U_STREQ(check_msgs("resource fs ocf:x:y\nresource ip ocf:x:y\n"
	    "group g1 { fs ip }\ngroup g2 { fs }\n"),
	    "4:12: error: 'fs' is already in group 'g1'\n"
	    "3:12: note: 'fs' was added to group 'g1' here\n");
	U_STREQ(check_msgs("resource fs ocf:x:y\ngroup g { fs }\n"
	    "clone c of fs\n"),
	    "3:12: error: 'fs' is already in group 'g'\n"
	    "2:11: note: 'fs' was added to group 'g' here\n");
	U_STREQ(check_msgs("resource p ocf:x:y\nclone c1 of p\n"
	    "promotable c2 of p\n"),
	    "3:18: error: 'p' is already in clone 'c1'\n"
	    "2:13: note: 'p' was added to clone 'c1' here\n");
	/* a member listed twice in one group */
	U_STREQ(check_msgs("resource a ocf:x:y\ngroup g { a a }\n"),
	    "2:13: error: 'a' is already in group 'g'\n"
	    "2:11: note: 'a' was added to group 'g' here\n");
	U_STREQ(check_msgs("resource a ocf:x:y\ngroup in { a }\n"
	    "clone cl ocf:x:y\nfence f stonith:x\n"
	    "group out { in cl f }\n"),
	    "5:13: error: a group holds resources, and 'in' is a group\n"
	    "5:16: error: a group holds resources, and 'cl' is a clone\n");
	/* a fence device can be cloned, a clone cannot */
	U_STREQ(check_msgs("resource p ocf:x:y\nclone c1 of p\nclone c2 of c1\n"
	    "fence f stonith:x\nclone c3 of f\n"),
	    "3:13: error: a clone holds a resource, a group or a fence "
	    "device, and 'c1' is a clone\n");
	U_STREQ(check_msgs("group g { }\n"),
	    "1:7: error: group 'g' has no members\n");
	U_STREQ(check_msgs("group g { nfs-fs }\nresource nfs-fx ocf:x:y\n"),
	    "1:11: error: unknown resource 'nfs-fs' in group; did you mean "
	    "'nfs-fx'?\n");
	U_STREQ(check_msgs("clone c of nothing\n"),
	    "1:12: error: unknown resource 'nothing' in clone\n");
}

static void
test_check_misplaced(void)
{
	U_STREQ(check_msgs("resource a ocf:x:y {\n"
	    "    node n1\n"
	    "    property p=1\n"
	    "    attr s=1\n"
	    "    quorum { }\n"
	    "    ring { }\n"
	    "}\n"),
	    "2:5: error: 'node' is not allowed in a resource\n"
	    "3:5: error: 'property' is not allowed in a resource\n"
	    "4:5: error: 'attr' is not allowed in a resource\n"
	    "5:5: error: 'quorum' is not allowed in a resource\n"
	    "6:5: error: 'ring' is not allowed in a resource\n");
	U_STREQ(check_msgs("resource a ocf:x:y\n"
	    "group g { a; op start timeout=1s; p = 1; utilization cpu=1 }\n"),
	    "2:14: error: 'op' is not allowed in a group\n"
	    "2:35: error: a 'name = value' setting is not allowed in a group\n"
	    "2:42: error: 'utilization' is not allowed in a group\n");
	U_STREQ(check_msgs("cluster c { p = 1; x y; meta a=1 }\n"),
	    "1:13: error: a 'name = value' setting is not allowed in the "
	    "cluster block\n"
	    "1:20: error: a 'name = value' setting is not allowed in the "
	    "cluster block\n"
	    "1:25: error: 'meta' is not allowed in the cluster block\n");
	U_STREQ(check_msgs("cluster c { node n { op x; meta a=1; attr a=1; "
	    "utilization a=1; addr = 1 } }\n"),
	    "1:22: error: 'op' is not allowed in a node\n"
	    "1:28: error: 'meta' is not allowed in a node\n");
	U_STREQ(check_msgs("resource p ocf:x:y\nclone c of p { q = 1; meta "
	    "clone-max=2; op monitor }\n"),
	    "2:16: error: a 'name = value' setting is not allowed in a clone "
	    "of another resource\n"
	    "2:41: error: 'op' is not allowed in a clone of another "
	    "resource\n");
	U_STREQ(check_msgs("defaults { meta a=1; op x }\n"
	    "op-defaults { node n }\n"),
	    "1:12: error: 'meta' is not allowed in 'defaults'\n"
	    "1:22: error: 'op' is not allowed in 'defaults'\n"
	    "2:15: error: 'node' is not allowed in 'op-defaults'\n");
	/* a group can hold a resource declaration, nothing else can */
	U_STREQ(check_msgs("cluster c { resource r ocf:x:y }\n"),
	    "1:13: error: 'resource' is not allowed in the cluster block\n");
	/* what is inside a misplaced item is checked where it is allowed */
	U_STREQ(check_msgs("resource a ocf:x:y { meta { op x } }\n"),
	    "1:29: error: 'op' is not allowed in a 'meta' block\n");
}

static void
test_check_bare_words(void)
{
	U_STREQ(check_msgs("resource a ocf:x:y {\n    ip\n    nic eth0 eth1\n"
	    "    ok value\n}\n"),
	    "2:5: error: 'ip' needs a value: write 'ip = VALUE'\n"
	    "3:14: error: unexpected word 'eth1': write one 'name = value' per "
	    "line or separate them with ';'\n");
	U_STREQ(check_msgs("resource a ocf:x:y\nresource b ocf:x:y\n"
	    "colocate () with a\norder a then (kind=x)\n"),
	    "3:10: error: empty resource set in colocation\n"
	    "4:14: error: empty resource set in order\n");
}

static void
test_check_resolve(void)
{
	struct ctx	*ctx;
	struct policy	*pol;
	struct symbol	*sym;
	struct word	 w;

	pol = check_policy("resource myvip ocf:x:y\n"
	    "cluster c { node node-01 }\n", &ctx);
	U_STREQ(msgs(ctx), "");
	memset(&w, 0, sizeof w);
	w.loc.line = 7;
	w.loc.col = 3;
	w.text = "myvip";
	sym = check_resolve(ctx, pol, &w, "test");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sym);
	U_STREQ(sym->name, "myvip");
	w.text = "myvp";
	CU_ASSERT_PTR_NULL(check_resolve(ctx, pol, &w, "test"));
	w.text = NULL;
	CU_ASSERT_PTR_NULL(check_resolve(ctx, pol, &w, "test"));
	w.text = "node-01";
	CU_ASSERT_PTR_NOT_NULL(check_resolve_node(ctx, pol, &w, "test"));
	w.text = "node-1";
	CU_ASSERT_PTR_NULL(check_resolve_node(ctx, pol, &w, "test"));
	U_STREQ(msgs(ctx),
	    "7:3: error: unknown resource 'myvp' in test; did you mean "
	    "'myvip'?\n"
	    "7:3: error: unknown node 'node-1' in test; did you mean "
	    "'node-01'?\n");
	compile_free(pol);
	ctx_free(ctx);
	compile_free(NULL);
}

static void
test_check_after_syntax_errors(void)
{
	/* statements that parsed are checked even when others did not */
	U_STREQ(check_msgs("resource a\nresource b ocf:x:y\n"
	    "colocate b with c\n"),
	    "1:11: error: unexpected end of line, expected a name or value\n"
	    "3:17: error: unknown resource 'c' in colocation\n");
}

/* --- lower.c: the model ------------------------------------------------- */

/*
 * Compile text to a model; NULL on errors. The context (which owns the
 * model) goes to *ctxp; the caller frees it.
 */
static struct model *
model_of(const char *text, struct ctx **ctxp, int werror)
{
	struct policy	*pol;
	struct model	*m;

	*ctxp = ctx_new();
	(*ctxp)->werror = werror;
	pol = compile_load_text(*ctxp, UNIT_FILE, text, strlen(text));
	m = compile_policy(*ctxp, pol);
	compile_free(pol);
	return m;
}

/* The messages of compiling text (check, lower and analyze). */
static const char *
compile_msgs(const char *text)
{
	struct ctx	*ctx;
	const char	*s;

	model_of(text, &ctx, 0);
	s = msgs(ctx);
	ctx_free(ctx);
	return s;
}

#define QUIET	"cluster c { property stonith-enabled=false }\n"

static const char *
nv_str(const struct nvset *set)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	for (i = 0; i < set->n; i++)
		buf_printf(&b, "%s%s=%s", i > 0 ? " " : "", set->v[i].name,
		    set->v[i].value);
	return unit_keep(buf_detach(&b));
}

static const char *
set_str(const struct rsc_set *s)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	for (i = 0; i < s->nrscs; i++)
		buf_printf(&b, "%s%s", i > 0 ? " " : "", s->rscs[i]->name);
	buf_printf(&b, " role=%s action=%s seq=%d all=%d",
	    value_role_name(s->role), s->action ? s->action : "-",
	    s->sequential, s->require_all);
	return unit_keep(buf_detach(&b));
}

static void
test_lower_nodes(void)
{
	struct ctx	*ctx;
	struct model	*m;
	struct node	*n;

	m = model_of("cluster lab {\n"
	    "    node n1 { addr = 10.0.0.1, fe80::1; id = 7; attr site=dc1; "
	    "utilization cpu=8 }\n"
	    "    node n2 { standby = true; maintenance = yes }\n"
	    "    quorum { two_node = true }\n"
	    "    property stonith-enabled=false\n"
	    "}\n", &ctx, 1);
	U_STREQ(msgs(ctx), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	U_STREQ(m->cluster_name, "lab");
	CU_ASSERT_EQUAL_FATAL(m->nnodes, 2);
	n = m->nodes[0];
	U_STREQ(n->name, "n1");
	CU_ASSERT_EQUAL(n->index, 0);
	CU_ASSERT_EQUAL(n->id, 7);
	CU_ASSERT_EQUAL_FATAL(n->naddrs, 2);
	U_STREQ(n->addrs[0], "10.0.0.1");
	U_STREQ(n->addrs[1], "fe80::1");
	U_STREQ(nv_str(&n->attrs), "site=dc1");
	U_STREQ(nv_str(&n->utilization), "cpu=8");
	CU_ASSERT_FALSE(n->standby);
	CU_ASSERT_EQUAL(n->votes, 1);
	n = m->nodes[1];
	CU_ASSERT_TRUE(n->standby);
	CU_ASSERT_TRUE(n->maintenance);
	CU_ASSERT_EQUAL(n->id, 0);
	CU_ASSERT_PTR_EQUAL(model_node(m, "n2"), n);
	CU_ASSERT_PTR_NULL(model_node(m, "n3"));
	CU_ASSERT_TRUE(m->quorum.two_node);
	CU_ASSERT_FALSE(m->props.stonith_enabled);
	ctx_free(ctx);
}

static void
test_lower_primitive(void)
{
	struct ctx	*ctx;
	struct model	*m;
	struct resource	*r;
	struct op	*op;

	m = model_of(QUIET
	    "op-defaults { timeout = 45 }\n"
	    "resource vip ocf:heartbeat:IPaddr2 {\n"
	    "    ip = 10.0.0.1; cidr_netmask = 24\n"
	    "    op monitor interval=60s\n"
	    "    op start timeout=15s on-fail=restart\n"
	    "    op stop timeout=1.5min on-fail=block\n"
	    "    op monitor interval=2min timeout=30s OCF_CHECK_LEVEL=10 "
	    "enabled=false\n"
	    "}\n"
	    "resource svc systemd:nginx\n"
	    "resource old lsb:httpd\n"
	    "fence f stonith:fence_ipmilan { pcmk_host_list = n1 }\n",
	    &ctx, 1);
	U_STREQ(msgs(ctx), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL_FATAL(m->nresources, 4);
	r = model_resource(m, "vip");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->kind, RSC_PRIMITIVE);
	CU_ASSERT_EQUAL(r->cls, CLASS_OCF);
	U_STREQ(r->agent, "ocf:heartbeat:IPaddr2");
	U_STREQ(r->provider, "heartbeat");
	U_STREQ(r->type, "IPaddr2");
	CU_ASSERT_FALSE(r->is_fence);
	CU_ASSERT_PTR_NULL(r->parent);
	U_STREQ(nv_str(&r->params), "ip=10.0.0.1 cidr_netmask=24");
	CU_ASSERT_EQUAL_FATAL(r->nops, 4);
	op = &r->ops[0];
	U_STREQ(op->name, "monitor");
	CU_ASSERT_EQUAL(op->interval_ms, 60000);
	/* the timeout of op-defaults applies */
	CU_ASSERT_EQUAL(op->timeout_ms, 45000);
	CU_ASSERT_EQUAL(op->on_fail, ON_FAIL_DEFAULT);
	CU_ASSERT_EQUAL(op->role, ROLE_UNKNOWN);
	CU_ASSERT_TRUE(op->enabled);
	CU_ASSERT_EQUAL(op->check_level, -1);
	op = &r->ops[1];
	U_STREQ(op->name, "start");
	CU_ASSERT_EQUAL(op->interval_ms, 0);
	CU_ASSERT_EQUAL(op->timeout_ms, 15000);
	CU_ASSERT_EQUAL(op->on_fail, ON_FAIL_RESTART);
	op = &r->ops[2];
	CU_ASSERT_EQUAL(op->timeout_ms, 90000);
	CU_ASSERT_EQUAL(op->on_fail, ON_FAIL_BLOCK);
	op = &r->ops[3];
	CU_ASSERT_EQUAL(op->interval_ms, 120000);
	CU_ASSERT_EQUAL(op->check_level, 10);
	CU_ASSERT_FALSE(op->enabled);

	r = model_resource(m, "svc");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->cls, CLASS_SYSTEMD);
	CU_ASSERT_PTR_NULL(r->provider);
	U_STREQ(r->type, "nginx");
	CU_ASSERT_EQUAL(model_resource(m, "old")->cls, CLASS_LSB);
	r = model_resource(m, "f");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->cls, CLASS_STONITH);
	CU_ASSERT_TRUE(r->is_fence);
	U_STREQ(r->type, "fence_ipmilan");
	CU_ASSERT_PTR_NULL(model_resource(m, "nope"));
	/* one instance per primitive outside clones */
	CU_ASSERT_EQUAL(m->ninstances, 4);
	ctx_free(ctx);
}

static void
test_lower_meta(void)
{
	struct ctx	*ctx;
	struct model	*m;
	struct resource	*g, *fs, *ip, *lone;

	m = model_of(QUIET
	    "defaults { resource-stickiness = 100; migration-threshold = 5 }\n"
	    "resource fs ocf:heartbeat:Filesystem { meta migration-threshold=1 "
	    "}\n"
	    "resource ip ocf:heartbeat:IPaddr2\n"
	    "group g { fs ip; meta target-role=Stopped is-managed=false "
	    "priority=7 }\n"
	    "resource lone ocf:pacemaker:Dummy { meta resource-stickiness=0 "
	    "failure-timeout=10min allow-migrate=true }\n",
	    &ctx, 1);
	U_STREQ(msgs(ctx), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	g = model_resource(m, "g");
	fs = model_resource(m, "fs");
	ip = model_resource(m, "ip");
	lone = model_resource(m, "lone");
	CU_ASSERT_FATAL(g != NULL && fs != NULL && ip != NULL && lone != NULL);
	CU_ASSERT_EQUAL(g->kind, RSC_GROUP);
	CU_ASSERT_EQUAL_FATAL(g->nchildren, 2);
	CU_ASSERT_PTR_EQUAL(g->children[0], fs);
	CU_ASSERT_PTR_EQUAL(g->children[1], ip);
	CU_ASSERT_PTR_EQUAL(fs->parent, g);
	/* parents come first */
	CU_ASSERT_TRUE(g->index < fs->index);
	CU_ASSERT_PTR_EQUAL(m->resources[g->index], g);
	/* own value, then the parent's, then the defaults, then Pacemaker's */
	CU_ASSERT_EQUAL(fs->meta.migration_threshold, 1);
	CU_ASSERT_EQUAL(ip->meta.migration_threshold, 5);
	CU_ASSERT_EQUAL(fs->meta.target_role, ROLE_STOPPED);
	CU_ASSERT_FALSE(ip->meta.is_managed);
	CU_ASSERT_EQUAL(ip->meta.priority, 7);
	CU_ASSERT_EQUAL(ip->meta.stickiness, 100);
	CU_ASSERT_EQUAL(lone->meta.stickiness, 0);
	CU_ASSERT_EQUAL(lone->meta.target_role, ROLE_UNKNOWN);
	CU_ASSERT_TRUE(lone->meta.is_managed);
	CU_ASSERT_EQUAL(lone->meta.priority, 0);
	CU_ASSERT_EQUAL(lone->meta.failure_timeout_ms, 600000);
	CU_ASSERT_TRUE(lone->meta.allow_migrate);
	CU_ASSERT_EQUAL(lone->meta.multiple_active, MULTIPLE_STOP_START);
	/* as written, on the resource itself only */
	U_STREQ(nv_str(&fs->meta_set), "migration-threshold=1");
	U_STREQ(nv_str(&ip->meta_set), "");
	U_STREQ(nv_str(&m->rsc_defaults),
	    "resource-stickiness=100 migration-threshold=5");
	/* no fencing: requires quorum */
	CU_ASSERT_EQUAL(lone->meta.requires, REQUIRES_QUORUM);
	ctx_free(ctx);

	/* Pacemaker's defaults */
	m = model_of(QUIET "resource a ocf:x:y\n", &ctx, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	lone = model_resource(m, "a");
	CU_ASSERT_EQUAL(lone->meta.migration_threshold, SCORE_INFINITY);
	CU_ASSERT_EQUAL(lone->meta.stickiness, 0);
	CU_ASSERT_EQUAL(lone->meta.failure_timeout_ms, 0);
	CU_ASSERT_TRUE(lone->meta.critical);
	ctx_free(ctx);
}

static void
test_lower_clones(void)
{
	struct ctx	*ctx;
	struct model	*m;
	struct resource	*c, *k;
	size_t		 i, nweb = 0;

	m = model_of("cluster c {\n    node n1; node n2; node n3\n"
	    "    property stonith-enabled=false\n}\n"
	    "clone gw ocf:pacemaker:ping { host_list = 10.0.0.1; meta "
	    "clone-max=2 interleave=true }\n"
	    "resource fs ocf:heartbeat:Filesystem\n"
	    "resource web ocf:heartbeat:apache\n"
	    "group stack { fs web }\n"
	    "clone stack-clone of stack { meta ordered=true }\n"
	    "resource drbd ocf:linbit:drbd\n"
	    "promotable drbd-ms of drbd { meta promoted-max=1 notify=true }\n",
	    &ctx, 1);
	U_STREQ(msgs(ctx), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	c = model_resource(m, "gw");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->kind, RSC_CLONE);
	CU_ASSERT_FALSE(c->promotable);
	CU_ASSERT_EQUAL(c->meta.clone_max, 2);
	CU_ASSERT_TRUE(c->meta.interleave);
	CU_ASSERT_EQUAL_FATAL(c->nchildren, 1);
	k = c->children[0];
	CU_ASSERT_EQUAL(k->kind, RSC_PRIMITIVE);
	CU_ASSERT_PTR_EQUAL(k->parent, c);
	U_STREQ(nv_str(&k->params), "host_list=10.0.0.1");
	/* the child inherits the clone's meta attributes */
	CU_ASSERT_EQUAL(k->meta.clone_max, 2);
	/* an inline clone's primitive must not shadow the clone's name */
	CU_ASSERT_PTR_EQUAL(model_resource(m, "gw"), c);

	c = model_resource(m, "stack-clone");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL_FATAL(c->nchildren, 1);
	U_STREQ(c->children[0]->name, "stack");
	CU_ASSERT_EQUAL(c->children[0]->kind, RSC_GROUP);
	CU_ASSERT_TRUE(model_resource(m, "web")->meta.ordered);

	c = model_resource(m, "drbd-ms");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_TRUE(c->promotable);
	CU_ASSERT_EQUAL(c->meta.promoted_max, 1);
	CU_ASSERT_TRUE(c->meta.notify);

	/* instances: clone-max, else one per node */
	CU_ASSERT_EQUAL(m->ninstances, 2 + 3 + 3 + 3);
	for (i = 0; i < m->ninstances; i++) {
		if (strcmp(m->instances[i].rsc->name, "web") == 0) {
			U_STREQ(m->instances[i].name, unit_printf("web:%zu",
			    nweb));
			CU_ASSERT_EQUAL(m->instances[i].clone_index,
			    (int)nweb);
			nweb++;
		}
	}
	CU_ASSERT_EQUAL(nweb, 3);
	U_STREQ(m->instances[0].name, "gw:0");
	ctx_free(ctx);
}

static void
test_lower_locations(void)
{
	struct ctx		*ctx;
	struct model		*m;
	struct location		*l;
	struct mrule		*r;

	m = model_of("cluster c {\n    node n1; node n2\n"
	    "    quorum { two_node = true }\n"
	    "    property stonith-enabled=false\n}\n"
	    "resource a ocf:x:y\n"
	    "promotable p ocf:x:z\n"
	    "location a prefers n1 = 50, n2 resource-discovery=never\n"
	    "location a avoids n1\n"
	    "location a prefers n2 = 2000000\n"
	    "location p rule -INFINITY: site eq dc1 and rack gt 4 "
	    "role=Promoted\n"
	    "location p rule 10: defined x or #uname ne n2\n", &ctx, 1);
	U_STREQ(msgs(ctx), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL_FATAL(m->nlocations, 6);
	l = m->locations[0];
	U_STREQ(l->rsc->name, "a");
	U_STREQ(l->node->name, "n1");
	CU_ASSERT_EQUAL(l->score, 50);
	CU_ASSERT_EQUAL(l->discovery, DISCOVERY_NEVER);
	CU_ASSERT_PTR_NULL(l->rule);
	/* prefers without a score is INFINITY */
	l = m->locations[1];
	U_STREQ(l->node->name, "n2");
	CU_ASSERT_EQUAL(l->score, SCORE_INFINITY);
	/* avoids is -INFINITY */
	l = m->locations[2];
	U_STREQ(l->node->name, "n1");
	CU_ASSERT_EQUAL(l->score, -SCORE_INFINITY);
	CU_ASSERT_EQUAL(l->discovery, DISCOVERY_ALWAYS);
	/* clamped */
	CU_ASSERT_EQUAL(m->locations[3]->score, SCORE_INFINITY);

	l = m->locations[4];
	CU_ASSERT_PTR_NULL(l->node);
	CU_ASSERT_EQUAL(l->role, ROLE_PROMOTED);
	r = l->rule;
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->score, -SCORE_INFINITY);
	CU_ASSERT_FALSE(r->bool_or);
	CU_ASSERT_EQUAL_FATAL(r->nconds, 2);
	U_STREQ(r->conds[0].attr, "site");
	CU_ASSERT_EQUAL(r->conds[0].op, OP_EQ);
	U_STREQ(r->conds[0].value, "dc1");
	CU_ASSERT_EQUAL(r->conds[0].type, TYPE_STRING);
	CU_ASSERT_EQUAL(r->conds[1].op, OP_GT);
	CU_ASSERT_EQUAL(r->conds[1].type, TYPE_INTEGER);
	r = m->locations[5]->rule;
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_TRUE(r->bool_or);
	CU_ASSERT_EQUAL(r->score, 10);
	CU_ASSERT_EQUAL_FATAL(r->nconds, 2);
	CU_ASSERT_EQUAL(r->conds[0].op, OP_DEFINED);
	CU_ASSERT_PTR_NULL(r->conds[0].value);
	U_STREQ(r->conds[1].attr, "#uname");
	CU_ASSERT_EQUAL(r->conds[1].op, OP_NE);
	ctx_free(ctx);
}

static void
test_lower_constraints(void)
{
	struct ctx		*ctx;
	struct model		*m;
	struct colocation	*c;
	struct order		*o;

	m = model_of(QUIET
	    "resource a ocf:x:y\nresource b ocf:x:y\nresource c ocf:x:y\n"
	    "promotable p ocf:x:z\n"
	    "colocate a with b\n"
	    "colocate (a b sequential=false) with p Promoted 200 "
	    "influence=false\n"
	    "colocate c with b -inf\n"
	    "order a then (b c) then p promote\n"
	    "order p demote then a stop kind=Optional symmetrical=false\n"
	    "order a then b kind=Serialize\n", &ctx, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL_FATAL(m->ncolocations, 3);
	c = m->colocations[0];
	CU_ASSERT_EQUAL(c->score, SCORE_INFINITY);
	CU_ASSERT_TRUE(c->influence);
	CU_ASSERT_EQUAL_FATAL(c->nsets, 2);
	U_STREQ(set_str(&c->sets[0]), "a role=Unknown action=- seq=1 all=1");
	U_STREQ(set_str(&c->sets[1]), "b role=Unknown action=- seq=1 all=1");
	c = m->colocations[1];
	CU_ASSERT_EQUAL(c->score, 200);
	CU_ASSERT_FALSE(c->influence);
	U_STREQ(set_str(&c->sets[0]), "a b role=Unknown action=- seq=0 all=1");
	U_STREQ(set_str(&c->sets[1]),
	    "p role=Promoted action=- seq=1 all=1");
	CU_ASSERT_EQUAL(m->colocations[2]->score, -SCORE_INFINITY);

	CU_ASSERT_EQUAL_FATAL(m->norders, 3);
	o = m->orders[0];
	CU_ASSERT_EQUAL(o->kind, ORDER_MANDATORY);
	CU_ASSERT_TRUE(o->symmetrical);
	CU_ASSERT_EQUAL_FATAL(o->nsets, 3);
	U_STREQ(set_str(&o->sets[0]),
	    "a role=Unknown action=start seq=1 all=1");
	U_STREQ(set_str(&o->sets[1]),
	    "b c role=Unknown action=start seq=0 all=1");
	U_STREQ(set_str(&o->sets[2]),
	    "p role=Unknown action=promote seq=1 all=1");
	o = m->orders[1];
	CU_ASSERT_EQUAL(o->kind, ORDER_OPTIONAL);
	CU_ASSERT_FALSE(o->symmetrical);
	U_STREQ(set_str(&o->sets[0]),
	    "p role=Unknown action=demote seq=1 all=1");
	U_STREQ(set_str(&o->sets[1]),
	    "a role=Unknown action=stop seq=1 all=1");
	/* Serialize is not symmetrical unless asked */
	CU_ASSERT_EQUAL(m->orders[2]->kind, ORDER_SERIALIZE);
	CU_ASSERT_FALSE(m->orders[2]->symmetrical);
	ctx_free(ctx);
}

static void
test_lower_fencing(void)
{
	struct ctx		*ctx;
	struct model		*m;
	struct fencing_level	*fl;

	m = model_of("cluster c {\n    node n1 { attr rack=r1 }\n"
	    "    node n2 { attr rack=r1 }\n"
	    "    quorum { two_node = true }\n}\n"
	    "fence i1 stonith:fence_ipmilan { pcmk_host_list = n1 }\n"
	    "fence i2 stonith:fence_ipmilan { pcmk_host_list = n2 }\n"
	    "fence pdu stonith:fence_apc { pcmk_host_map = \"n1:1;n2:2\" }\n"
	    "fencing-level n1 1: i1\n"
	    "fencing-level n1 2: pdu\n"
	    "fencing-level n2 1: i2, pdu\n"
	    "fencing-level rack=r1 3: pdu\n", &ctx, 1);
	U_STREQ(msgs(ctx), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(m->props.stonith_enabled);
	CU_ASSERT_EQUAL_FATAL(m->nlevels, 4);
	fl = m->levels[0];
	CU_ASSERT_PTR_EQUAL(fl->node, model_node(m, "n1"));
	CU_ASSERT_EQUAL(fl->index, 1);
	CU_ASSERT_EQUAL_FATAL(fl->ndevices, 1);
	CU_ASSERT_PTR_EQUAL(fl->devices[0], model_resource(m, "i1"));
	fl = m->levels[2];
	CU_ASSERT_EQUAL_FATAL(fl->ndevices, 2);
	U_STREQ(fl->devices[1]->name, "pdu");
	fl = m->levels[3];
	CU_ASSERT_PTR_NULL(fl->node);
	U_STREQ(fl->target_attr, "rack");
	U_STREQ(fl->target_value, "r1");
	CU_ASSERT_EQUAL(fl->index, 3);
	ctx_free(ctx);
}

static void
test_lower_props(void)
{
	struct ctx	*ctx;
	struct model	*m;

	m = model_of("cluster c {\n"
	    "    node n1; node n2; node n3\n"
	    "    quorum { expected_votes = 3; last_man_standing = true; "
	    "last_man_standing_window = 20s }\n"
	    "    ring { port = 5405; token = 3s }\n"
	    "    property stonith-enabled=false no-quorum-policy=freeze\n"
	    "    property symmetric-cluster=false maintenance-mode=true\n"
	    "    property cluster-recheck-interval=5min\n"
	    "}\n", &ctx, 1);
	U_STREQ(msgs(ctx), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_FALSE(m->props.stonith_enabled);
	CU_ASSERT_EQUAL(m->props.no_quorum_policy, NO_QUORUM_FREEZE);
	CU_ASSERT_FALSE(m->props.symmetric_cluster);
	CU_ASSERT_TRUE(m->props.maintenance_mode);
	CU_ASSERT_EQUAL(m->props.cluster_recheck_interval_ms, 300000);
	U_STREQ(nv_str(&m->props.set), "stonith-enabled=false "
	    "no-quorum-policy=freeze symmetric-cluster=false "
	    "maintenance-mode=true cluster-recheck-interval=5min");
	CU_ASSERT_EQUAL(m->quorum.expected_votes, 3);
	CU_ASSERT_TRUE(m->quorum.last_man_standing);
	CU_ASSERT_EQUAL(m->quorum.last_man_standing_window_ms, 20000);
	CU_ASSERT_FALSE(m->quorum.two_node);
	CU_ASSERT_EQUAL(m->ring.port, 5405);
	CU_ASSERT_EQUAL(m->ring.token_ms, 3000);
	ctx_free(ctx);

	/* Pacemaker's defaults */
	m = model_of("fence f stonith:fence_x\n", &ctx, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(m->props.stonith_enabled);
	CU_ASSERT_TRUE(m->props.symmetric_cluster);
	CU_ASSERT_EQUAL(m->props.no_quorum_policy, NO_QUORUM_STOP);
	CU_ASSERT_EQUAL(m->nnodes, 0);
	ctx_free(ctx);
}

static void
test_lower_errors(void)
{
	struct ctx	*ctx;

	/* no model when there are errors */
	CU_ASSERT_PTR_NULL(model_of(QUIET "resource a ocf:x:y { meta "
	    "priority=high }\n", &ctx, 0));
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	ctx_free(ctx);
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y {\n"
	    "    op monitr interval=10s timeout=5s\n"
	    "    op start timout=5s on-fail=restrat\n"
	    "    meta resource-stickyness=1 is-managed=maybe\n}\n"),
	    "3:8: error: unknown operation 'monitr'; did you mean "
	    "'monitor'?\n"
	    "4:14: error: unknown op attribute 'timout'; did you mean "
	    "'timeout'?\n"
	    "4:32: error: invalid value 'restrat' for 'on-fail'; did you "
	    "mean 'restart'?\n"
	    "5:10: error: unknown meta attribute 'resource-stickyness'; did "
	    "you mean 'resource-stickiness'?\n"
	    "5:43: error: invalid value 'maybe' for 'is-managed': 'maybe' is "
	    "not a boolean (true or false)\n");
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y { op monitor "
	    "interval=5days timeout=-1s }\n"),
	    "2:42: error: invalid value '5days' for 'interval': unknown unit "
	    "'days' in '5days'; use ms, s, min or h\n"
	    "2:56: error: invalid value '-1s' for 'timeout': a duration "
	    "cannot be negative\n");
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\n"
	    "location a prefers x = lots\n"),
	    "3:24: error: invalid score 'lots' for node 'x': 'lots' is not a "
	    "score (an integer, INFINITY or -INFINITY)\n");
	U_STREQ(compile_msgs(QUIET "resource a sytemd:x\n"),
	    "2:12: error: unknown resource class 'sytemd'; did you mean "
	    "'systemd'?\n");
}

/* --- analyze.c ---------------------------------------------------------- */

static void
test_analyze_cycles(void)
{
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\nresource b ocf:x:y\n"
	    "resource c ocf:x:y\n"
	    "order a then b\norder b then c\norder c then a\n"),
	    "7:1: error: mandatory ordering cycle: 'a' start waits for "
	    "itself ('a' start -> 'b' start -> 'c' start -> 'a' start)\n"
	    "5:1: note: this order is part of the cycle\n"
	    "6:1: note: this order is part of the cycle\n");
	/* optional and serializing orders make no cycle */
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\nresource b ocf:x:y\n"
	    "order a then b\norder b then a kind=Optional\n"
	    "order b then a kind=Serialize\n"), "");
	/* a group orders its members */
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\nresource b ocf:x:y\n"
	    "group g { a b }\norder b then a\n"),
	    "5:1: error: mandatory ordering cycle: 'b' start waits for "
	    "itself ('b' start -> 'a' start -> 'b' start)\n"
	    "4:7: note: group 'g' orders its members as written\n");
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\norder a then a\n"),
	    "3:1: error: 'a' cannot be ordered after itself\n");
	/* promote after start, across a promotable clone */
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\n"
	    "promotable p ocf:x:z\n"
	    "order p promote then a start\norder a start then p start\n"),
	    "5:1: error: mandatory ordering cycle: 'a' start waits for "
	    "itself ('a' start -> 'p' start -> 'p' promote -> 'a' start)\n"
	    "4:1: note: this order is part of the cycle\n");
}

static void
test_analyze_contradictions(void)
{
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\nresource b ocf:x:y\n"
	    "colocate a with b\ncolocate a with b -INFINITY\n"),
	    "5:1: error: 'a' and 'b' must run together and must never run "
	    "together\n"
	    "4:1: note: the colocation with score INFINITY is here\n");
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\ncolocate a with a\n"),
	    "3:1: error: 'a' cannot be colocated with itself\n");
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\nresource b ocf:x:y\n"
	    "group g { a b }\ncolocate a with b -INFINITY\n"),
	    "5:1: error: 'a' must never run with 'b', but both are in group "
	    "'g', which keeps them together\n"
	    "4:7: note: group 'g' is defined here\n");
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\ngroup g { a }\n"
	    "colocate g with a\n"),
	    "4:1: error: 'a' is part of group 'g'; a colocation between them "
	    "contradicts it\n");
	U_STREQ(compile_msgs("cluster c { node n1; property "
	    "stonith-enabled=false }\n"
	    "resource a ocf:x:y\nlocation a prefers n1\n"
	    "location a avoids n1\n"),
	    "4:19: error: 'a' must run on 'n1' and must never run there\n"
	    "3:20: note: the other location is here\n");
	/* finite scores never contradict */
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y\nresource b ocf:x:y\n"
	    "colocate a with b 100\ncolocate a with b -100\n"), "");
}

static void
test_analyze_warnings(void)
{
	struct ctx	*ctx;

	U_STREQ(compile_msgs("resource a ocf:x:y\n"),
	    "0:0: warning: fencing is enabled but no fence device is "
	    "defined: a failed node cannot be fenced, so its resources are "
	    "never recovered\n"
	    "0:0: note: add a 'fence' device, or set 'property "
	    "stonith-enabled=false' (unsafe in production)\n");
	U_STREQ(compile_msgs("cluster c { node n1; node n2; property "
	    "stonith-enabled=false }\n"),
	    "1:18: warning: a two-node cluster without 'two_node' loses "
	    "quorum when either node fails\n"
	    "0:0: note: add 'quorum { two_node = true }' to the cluster "
	    "block\n");
	U_STREQ(compile_msgs("cluster c { node n1; node n2; node n3 }\n"
	    "fence f stonith:x { pcmk_host_list = n1,n2 }\n"),
	    "1:36: warning: no fence device can fence node 'n3' (no "
	    "pcmk_host_list or pcmk_host_map names it)\n");
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y { op monitor "
	    "interval=10s timeout=30s }\n"),
	    "2:22: warning: monitor timeout of 'a' (30s) exceeds its interval "
	    "(10s)\n");
	/* the default timeout (20s) is not the user's choice: no warning */
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y { op monitor "
	    "interval=10s }\n"), "");
	U_STREQ(compile_msgs(QUIET "resource a ocf:x:y { op monitor "
	    "interval=10s timeout=10s role=Promoted }\n"),
	    "2:22: warning: op monitor of 'a' is for the Promoted role, but "
	    "'a' is not promotable\n");
	/* warnings alone keep the model, unless they count as errors */
	CU_ASSERT_PTR_NOT_NULL(model_of("resource a ocf:x:y\n", &ctx, 0));
	CU_ASSERT_EQUAL(ctx->diags.nwarnings, 1);
	ctx_free(ctx);
	CU_ASSERT_PTR_NULL(model_of("resource a ocf:x:y\n", &ctx, 1));
	ctx_free(ctx);
	/* a clean policy: nothing to say */
	U_STREQ(compile_msgs("cluster c { node n1 { id = 1 }; node n2 { id = "
	    "2 }; quorum { two_node = true } }\n"
	    "fence f stonith:x { pcmk_host_list = n1,n2 }\n"
	    "resource a ocf:x:y { op monitor interval=30s timeout=20s }\n"),
	    "");
}

static void
test_model_print(void)
{
	struct ctx	*ctx;
	struct model	*m;
	struct buf	 b;

	m = model_of(QUIET "resource a ocf:heartbeat:IPaddr2 { ip = 1.2.3.4 "
	    "}\n", &ctx, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	buf_init(&b);
	model_print(m, &b);
	U_CONTAINS(b.data, "cluster c\n");
	U_CONTAINS(b.data, "resource a\n  index 0\n  kind primitive\n");
	U_CONTAINS(b.data, "  param ip=1.2.3.4\n");
	U_CONTAINS(b.data, "instance a rsc=a clone-index=-1\n");
	buf_clear(&b);
	ctx_free(ctx);
}

static const struct unit_test value_tests[] = {
	{ "duration units", test_value_duration_units },
	{ "duration fractions", test_value_duration_fractions },
	{ "duration ISO 8601", test_value_duration_iso },
	{ "duration errors", test_value_duration_errors },
	{ "duration overflow", test_value_duration_overflow },
	{ "score", test_value_score },
	{ "bool", test_value_bool },
	{ "int", test_value_int },
	{ "role", test_value_role },
	{ "names", test_value_is_name },
	{ NULL, NULL }
};

static const struct unit_test check_tests[] = {
	{ "a clean policy", test_check_clean },
	{ "duplicates", test_check_duplicates },
	{ "invalid names", test_check_names },
	{ "unknown names", test_check_unknown_names },
	{ "membership", test_check_membership },
	{ "misplaced items", test_check_misplaced },
	{ "bare words", test_check_bare_words },
	{ "resolve", test_check_resolve },
	{ "after syntax errors", test_check_after_syntax_errors },
	{ NULL, NULL }
};

static const struct unit_test lower_tests[] = {
	{ "nodes", test_lower_nodes },
	{ "primitives and ops", test_lower_primitive },
	{ "meta inheritance and defaults", test_lower_meta },
	{ "clones and instances", test_lower_clones },
	{ "locations and rules", test_lower_locations },
	{ "colocations and orders", test_lower_constraints },
	{ "fencing levels", test_lower_fencing },
	{ "properties, quorum, ring", test_lower_props },
	{ "errors", test_lower_errors },
	{ "model_print", test_model_print },
	{ NULL, NULL }
};

static const struct unit_test analyze_tests[] = {
	{ "ordering cycles", test_analyze_cycles },
	{ "contradictions", test_analyze_contradictions },
	{ "warnings", test_analyze_warnings },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "value", value_tests },
	{ "check", check_tests },
	{ "lower", lower_tests },
	{ "analyze", analyze_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
