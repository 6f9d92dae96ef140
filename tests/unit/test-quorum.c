/*
 * test-quorum.c: unit tests of the votequorum rules (runtime/quorum.c):
 * majorities, configured expected votes and weighted votes, two_node,
 * wait_for_all, auto_tie_breaker (lowest, highest, a named node),
 * last_man_standing with its window on a virtual clock, and the errors.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "runtime.h"

static uint64_t			 vnow;
static struct quorum_status	 last;
static int			 calls;

static uint64_t
vclock(void *arg)
{
	return vnow;
}

static const struct loop_clock	virtual_clock = { vclock, NULL };

static void
on_status(void *arg, const struct quorum_status *st)
{
	last = *st;
	calls++;
}

/* A calculator for nodes 1..n (votes 1) with options from cfg. */
static struct quorum *
make(struct loop *l, size_t n, struct quorum_config *cfg)
{
	static const uint32_t	 ids[] = { 1, 2, 3, 4, 5 };
	struct quorum		*q;
	char			*cause = NULL;

	cfg->ids = ids;
	cfg->n = n;
	q = quorum_new(l, cfg, on_status, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	calls = 0;
	memset(&last, 0, sizeof last);
	return q;
}

/* Install members given as a string of digits; return quorate. */
static int
members(struct quorum *q, const char *digits)
{
	uint32_t	ids[8];
	size_t		n;

	for (n = 0; digits[n] != '\0'; n++)
		ids[n] = (uint32_t)(digits[n] - '0');
	quorum_members(q, ids, n);
	return quorum_status(q)->quorate;
}

static void
test_majority(void)
{
	struct loop		*l = loop_new(&virtual_clock);
	struct quorum_config	 cfg;
	struct quorum		*q;
	static const int	 votes[] = { 3, 1, 1 };

	memset(&cfg, 0, sizeof cfg);
	q = make(l, 3, &cfg);
	CU_ASSERT(members(q, "123"));
	CU_ASSERT_EQUAL(calls, 1);
	CU_ASSERT(last.quorate && last.total == 3 && last.needed == 2);
	CU_ASSERT(members(q, "12"));
	CU_ASSERT(!members(q, "1"));
	CU_ASSERT(!last.quorate);	/* said at once */
	CU_ASSERT_EQUAL(calls, 3);
	members(q, "1");
	CU_ASSERT_EQUAL(calls, 3);	/* nothing changed: no call */
	quorum_free(q);

	cfg.expected_votes = 5;
	q = make(l, 3, &cfg);
	CU_ASSERT(!members(q, "12"));
	CU_ASSERT(members(q, "123"));
	CU_ASSERT_EQUAL(last.needed, 3);
	quorum_free(q);

	cfg.expected_votes = 0;
	cfg.votes = votes;
	q = make(l, 3, &cfg);
	CU_ASSERT(members(q, "1"));	/* 3 of 5 */
	CU_ASSERT(!members(q, "23"));
	quorum_free(q);
	loop_free(l);
}

static void
test_two_node_wait_for_all(void)
{
	struct loop		*l = loop_new(&virtual_clock);
	struct quorum_config	 cfg;
	struct quorum		*q;

	memset(&cfg, 0, sizeof cfg);
	cfg.two_node = 1;
	q = make(l, 2, &cfg);
	/* two_node implies wait_for_all: alone at start is not enough. */
	CU_ASSERT(!members(q, "1"));
	CU_ASSERT(quorum_status(q)->waiting);
	CU_ASSERT(members(q, "12"));
	CU_ASSERT(members(q, "1"));	/* the survivor keeps quorum */
	CU_ASSERT_EQUAL(last.needed, 1);
	quorum_free(q);

	memset(&cfg, 0, sizeof cfg);
	cfg.wait_for_all = 1;
	q = make(l, 3, &cfg);
	CU_ASSERT(!members(q, "12"));
	CU_ASSERT(members(q, "123"));
	CU_ASSERT(members(q, "12"));
	CU_ASSERT(!quorum_status(q)->waiting);
	quorum_free(q);
	loop_free(l);
}

static void
test_tie_breaker(void)
{
	struct loop		*l = loop_new(&virtual_clock);
	struct quorum_config	 cfg;
	struct quorum		*q;
	static const uint32_t	 three[] = { 3 }, nine[] = { 9 };
	char			*cause = NULL;

	memset(&cfg, 0, sizeof cfg);
	cfg.auto_tie_breaker = 1;
	q = make(l, 4, &cfg);
	CU_ASSERT(members(q, "12"));
	CU_ASSERT(last.tie_broken);
	CU_ASSERT(!members(q, "34"));
	CU_ASSERT(!members(q, "2"));	/* a quarter is no tie */
	quorum_free(q);

	cfg.atb_highest = 1;
	q = make(l, 4, &cfg);
	CU_ASSERT(!members(q, "12"));
	CU_ASSERT(members(q, "34"));
	quorum_free(q);

	cfg.atb_highest = 0;
	cfg.atb_nodes = three;
	cfg.atb_n = 1;
	q = make(l, 4, &cfg);
	CU_ASSERT(members(q, "23"));
	CU_ASSERT(!members(q, "14"));
	quorum_free(q);

	cfg.atb_nodes = nine;
	cfg.ids = three;
	cfg.n = 1;
	CU_ASSERT_PTR_NULL(quorum_new(l, &cfg, on_status, NULL, &cause));
	U_STREQ(cause, "tie-breaker node 9 is not configured");
	free(cause);
	loop_free(l);
}

static void
test_last_man_standing(void)
{
	struct loop		*l = loop_new(&virtual_clock);
	struct quorum_config	 cfg;
	struct quorum		*q;
	uint64_t		 when;

	vnow = 0;
	memset(&cfg, 0, sizeof cfg);
	cfg.last_man_standing = 1;
	cfg.lms_window_us = 10000000;
	q = make(l, 5, &cfg);
	CU_ASSERT(members(q, "12345"));
	CU_ASSERT(members(q, "123"));
	CU_ASSERT_EQUAL(last.expected, 5);
	/* The window passes with the membership unchanged. */
	CU_ASSERT(loop_next_timer(l, &when) && when == 10000000);
	vnow = when;
	loop_run_timers(l);
	CU_ASSERT_EQUAL(last.expected, 3);
	CU_ASSERT(members(q, "12"));	/* 2 of 3 */
	vnow += 10000000;
	loop_run_timers(l);
	CU_ASSERT_EQUAL(last.expected, 2);
	CU_ASSERT(!members(q, "1"));	/* not below 2 */
	/* A node coming back raises it again. */
	CU_ASSERT(members(q, "124"));
	CU_ASSERT_EQUAL(last.expected, 3);
	quorum_free(q);

	/* A membership change inside the window restarts it. */
	q = make(l, 5, &cfg);
	members(q, "12345");
	members(q, "1234");
	vnow += 5000000;
	loop_run_timers(l);
	members(q, "123");
	vnow += 6000000;
	loop_run_timers(l);
	CU_ASSERT_EQUAL(quorum_status(q)->expected, 5);
	vnow += 5000000;
	loop_run_timers(l);
	CU_ASSERT_EQUAL(quorum_status(q)->expected, 3);
	quorum_free(q);
	loop_free(l);
}

static void
test_errors(void)
{
	struct quorum_config	 cfg;
	static const uint32_t	 ids[] = { 1 };
	static const int	 votes[] = { -1 };
	char			*cause = NULL;

	memset(&cfg, 0, sizeof cfg);
	CU_ASSERT_PTR_NULL(quorum_new(NULL, &cfg, on_status, NULL, &cause));
	U_STREQ(cause, "quorum needs 1 to 32 nodes, not 0");
	free(cause);
	cfg.ids = ids;
	cfg.votes = votes;
	cfg.n = 1;
	CU_ASSERT_PTR_NULL(quorum_new(NULL, &cfg, on_status, NULL, &cause));
	U_STREQ(cause, "node 1 has -1 votes (0 to 1000)");
	free(cause);
}

static const struct unit_test quorum_tests[] = {
	{ "majority, expected votes, weights", test_majority },
	{ "two_node and wait_for_all", test_two_node_wait_for_all },
	{ "auto_tie_breaker", test_tie_breaker },
	{ "last_man_standing", test_last_man_standing },
	{ "errors", test_errors },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "quorum", quorum_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
