/*
 * test-digest.c: unit tests of operation digests (compiler/digest.c,
 * scheduler/digest.c) and
 * of what the scheduler does when a definition changed since an operation
 * ran: restart, reload, a recurring monitor run again, fail counts
 * cleared, and nothing when only masked secrets differ.
 *
 * The expected digests are MD5 sums of the exact text Pacemaker 2.1.5
 * digests (" <parameters .../>\n"), computed independently; the first two
 * are recorded in the params-1 scenario of Pacemaker's own test corpus.
 */
#include "config.h"

#include <stdlib.h>

#include "unit.h"
#include "compiler.h"
#include "sched.h"

static const char *const policy =
    "cluster c {\n"
    "    node n1 { id = 1 }\n"
    "    node n2 { id = 2 }\n"
    "}\n"
    "resource web ocf:heartbeat:IPaddr {\n"
    "    ip = 127.0.0.12\n"
    "    op monitor interval=6s timeout=20s\n"
    "}\n"
    "resource esc ocf:heartbeat:Dummy { msg = \"a<b & \\\"c\\\"\\td\\ne'\" }\n"
    "resource fs ocf:heartbeat:Filesystem {\n"
    "    dev = /dev/x\n"
    "    fs = ext4\n"
    "    op monitor interval=10s timeout=30s OCF_CHECK_LEVEL=10\n"
    "}\n"
    "resource srt ocf:heartbeat:Dummy { a = 3\n B = 2\n A = 1 }\n"
    "resource utf ocf:heartbeat:Dummy { msg = \"caf\\xc3\\xa9 <x>\" }\n"
    "resource none ocf:heartbeat:Dummy\n"
    "resource emp ocf:heartbeat:Dummy { empty = \"\"\n x = 1 }\n"
    "fence st stonith:fence_ipmilan {\n"
    "    ipaddr = 10.0.0.1\n"
    "    login = admin\n"
    "    passwd = secret\n"
    "    pcmk_host_list = n1\n"
    "}\n";

#define D_START		"d8eeae5f6724dfcab8f57ef54367eb0a"
#define D_MON		"7515405113757a8bc37db755be497fca"
#define D_ESC		"c04f460544ac2296d89dc0783a6b5511"
#define D_LEVEL		"6f919d36921aac6e00c40fba01095844"
#define D_ONLY_FS	"d844a6f925d889d5397e078631b5ba57"
#define D_SORTED	"9c90e6c34e3ec8412ba4fa236032556b"
#define D_SECURE	"c9646131acb8a04015029a576f0f4c78"
#define D_SECURE_OLD	"a4657e126a0fcce16e06ebd9c203a0c3"
#define D_EMPTY		"f2317cad3d54cec5d7d7aa7d0bf35cf8"
#define D_UTF		"166847d951c3ae2bc3eb98b2530e0f2c"
#define D_EMPTY_VALUE	"7bccccde3426d42f7f60ecccdbd6e515"

static struct ctx		*mctx;
static const struct model	*model;

static const struct model *
the_model(void)
{
	struct policy	*pol;

	if (model != NULL)
		return model;
	mctx = ctx_new();
	pol = compile_load_text(mctx, "t.ha", policy, strlen(policy));
	model = compile_policy(mctx, pol);
	compile_free(pol);
	CU_ASSERT_PTR_NOT_NULL_FATAL(model);
	return model;
}

static const struct resource *
rsc(const char *name)
{
	const struct resource	*r = model_resource(the_model(), name);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	return r;
}

static const char *
digest(const char *name, const char *task, uint64_t interval,
    const char *only)
{
	struct ctx	*ctx = ctx_new();
	const char	*d;

	d = unit_printf("%s", digest_params(ctx, the_model(), rsc(name), task,
	    interval, only != NULL ? DIGEST_ONLY : DIGEST_ALL, only));
	ctx_free(ctx);
	return d;
}

/* --- digests ------------------------------------------------------------- */

static void
test_params(void)
{
	U_STREQ(digest("web", "start", 0, NULL), D_START);
	U_STREQ(digest("none", "start", 0, NULL), D_EMPTY);
	U_STREQ(digest("srt", "start", 0, NULL), D_SORTED);
	/* An empty value is written: empty="" */
	U_STREQ(digest("emp", "start", 0, NULL), D_EMPTY_VALUE);
}

static void
test_recurring(void)
{
	/* A recurring op adds its timeout; its own parameters come too. */
	U_STREQ(digest("web", "monitor", 6000, NULL), D_MON);
	U_STREQ(digest("fs", "monitor", 10000, NULL), D_LEVEL);
}

static void
test_escaping(void)
{
	U_STREQ(digest("esc", "start", 0, NULL), D_ESC);
	/* After a multibyte character nothing is escaped any more. */
	U_STREQ(digest("utf", "start", 0, NULL), D_UTF);
}

static void
test_restart_digest(void)
{
	U_STREQ(digest("fs", "start", 0, " fs "), D_ONLY_FS);
	U_STREQ(digest("fs", "start", 0, " nothing "), D_EMPTY);
}

static void
test_task(void)
{
	U_STREQ(digest_task("monitor", 0), "start");
	U_STREQ(digest_task("promote", 0), "start");
	U_STREQ(digest_task("migrate_from", 0), "start");
	U_STREQ(digest_task("monitor", 10000), "monitor");
	U_STREQ(digest_task("stop", 0), "stop");
}

static enum digest_result
compare(const char *name, struct oprec *op)
{
	struct ctx		*ctx = ctx_new();
	enum digest_result	 d;

	d = digest_compare(ctx, the_model(), rsc(name), op,
	    digest_task(op->task, op->interval_ms), NULL);
	ctx_free(ctx);
	return d;
}

static void
test_compare(void)
{
	struct oprec	op;

	memset(&op, 0, sizeof op);
	op.task = "start";
	CU_ASSERT_EQUAL(compare("web", &op), DIGEST_UNKNOWN);
	op.digest = D_START;
	CU_ASSERT_EQUAL(compare("web", &op), DIGEST_MATCH);
	op.digest = D_EMPTY;
	CU_ASSERT_EQUAL(compare("web", &op), DIGEST_CHANGED);

	/* The restart digest first: only the parameters it lists. */
	op.task = "start";
	op.digest = D_EMPTY;
	op.restart_digest = D_ONLY_FS;
	op.force_restart = " fs ";
	CU_ASSERT_EQUAL(compare("fs", &op), DIGEST_CHANGED);
	op.restart_digest = D_EMPTY;
	CU_ASSERT_EQUAL(compare("fs", &op), DIGEST_RESTART);
	op.restart_digest = NULL;
	op.force_restart = NULL;

	/* A probe ran with the start's parameters. */
	op.task = "monitor";
	op.digest = D_START;
	CU_ASSERT_EQUAL(compare("web", &op), DIGEST_MATCH);
	op.interval_ms = 6000;
	CU_ASSERT_EQUAL(compare("web", &op), DIGEST_CHANGED);
	op.digest = D_MON;
	CU_ASSERT_EQUAL(compare("web", &op), DIGEST_MATCH);
}

static void
test_secure(void)
{
	struct oprec	op;

	/* Masked secrets: the secure digest, without them, still matches. */
	memset(&op, 0, sizeof op);
	op.task = "start";
	op.digest = D_EMPTY;
	op.secure_params = " passwd  password ";
	op.secure_digest = D_SECURE;
	CU_ASSERT_EQUAL(compare("st", &op), DIGEST_MATCH);
	/* Before feature set 3.16.0 without Pacemaker's fencing params. */
	op.feature_set = "3.0.12";
	CU_ASSERT_EQUAL(compare("st", &op), DIGEST_CHANGED);
	op.secure_digest = D_SECURE_OLD;
	CU_ASSERT_EQUAL(compare("st", &op), DIGEST_MATCH);
	op.feature_set = "3.16.2";
	CU_ASSERT_EQUAL(compare("st", &op), DIGEST_CHANGED);
}

/* --- the scheduler ------------------------------------------------------- */

/*
 * Schedule the state text against the policy: the summary lines, then
 * the actions, as hacc simulate prints them.
 */
static const char *
plan(const char *text)
{
	struct ctx		*ctx = ctx_new();
	struct cstate		*st;
	struct schedule		*sc;
	struct sched_opts	 opts;
	struct buf		 b;

	memset(&opts, 0, sizeof opts);
	st = state_parse(ctx, the_model(), ctx_add_source(ctx, "t.state",
	    text, strlen(text)));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	sc = sched_run(ctx, the_model(), st, &opts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	buf_init(&b);
	report_summary(sc, &b);
	report_actions(&sc->graph, NULL, &b);
	ctx_free(ctx);
	return unit_keep(buf_detach(&b));
}

/* The lines of p about web, with runs of blanks made one space. */
static const char *
about_web(const char *p)
{
	struct buf	 b;
	const char	*eol, *q;
	int		 blank;

	buf_init(&b);
	buf_puts(&b, "");
	for (; *p != '\0'; p = eol + (*eol != '\0')) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		q = strstr(p, " web ");
		if (q == NULL || q > eol)
			continue;
		for (blank = 0, q = p; q < eol; q++) {
			if (*q == ' ') {
				blank = 1;
				continue;
			}
			if (blank && b.len > 0 && b.data[b.len - 1] != '\n')
				buf_putc(&b, ' ');
			blank = 0;
			buf_putc(&b, *q);
		}
		buf_putc(&b, '\n');
	}
	return unit_keep(buf_detach(&b));
}

/* Every resource known stopped on both nodes, web as text says on n1. */
static const char *
web(const char *ops)
{
	return plan(unit_printf(
	    "now 2024-05-01T12:00:00Z\n"
	    "resource esc stopped on n1, n2\n"
	    "resource fs stopped on n1, n2\n"
	    "resource srt stopped on n1, n2\n"
	    "resource utf stopped on n1, n2\n"
	    "resource none stopped on n1, n2\n"
	    "resource st stopped on n1, n2\n"
	    "resource emp stopped on n1, n2\n"
	    "resource web stopped on n2\n"
	    "resource web on n1 {\n%s}\n", ops));
}

/* What is done about web, by the same state. */
static const char *
web_plan(const char *ops)
{
	return about_web(web(ops));
}

static void
test_sched_unchanged(void)
{
	U_STREQ(web_plan("    op start call=1 digest=" D_START "\n"
	    "    op monitor interval=6s call=2 digest=" D_MON "\n"), "");
	/* Hand-written histories without digests are not checked. */
	U_STREQ(web_plan("    op start call=1\n"
	    "    op monitor interval=6s call=2\n"), "");
}

static void
test_sched_restart(void)
{
	U_STREQ(web_plan("    op start call=1 digest=" D_EMPTY "\n"
	    "    op monitor interval=6s call=2 digest=" D_MON "\n"),
	    "* Restart web ( n1 ) due to resource definition change\n"
	    "* Resource action: web stop on n1\n"
	    "* Resource action: web start on n1\n"
	    "* Resource action: web monitor=6000 on n1\n");
}

static void
test_sched_reload(void)
{
	/* The agent can reload (a restart digest) and it still matches. */
	U_STREQ(web_plan("    op start call=1 digest=" D_EMPTY
	    " restart-digest=" D_EMPTY " force-restart=\" none \"\n"
	    "    op monitor interval=6s call=2 digest=" D_MON "\n"),
	    "* Reload web ( n1 )\n"
	    "* Resource action: web reload-agent on n1\n"
	    "* Resource action: web monitor=6000 on n1\n");
	/* A start still pending: stop and start instead. */
	U_STREQ(web_plan("    op start call=-1 status=pending digest=" D_EMPTY
	    " restart-digest=" D_EMPTY " force-restart=\" none \"\n"),
	    "* Restart web ( n1 )\n"
	    "* Resource action: web stop on n1\n"
	    "* Resource action: web start on n1\n"
	    "* Resource action: web monitor=6000 on n1\n");
}

static void
test_sched_reschedule(void)
{
	/* Only the monitor's timeout changed: it runs again, no restart. */
	U_STREQ(web_plan("    op start call=1 digest=" D_START "\n"
	    "    op monitor interval=6s call=2 digest=" D_EMPTY "\n"),
	    "* Resource action: web monitor=6000 on n1\n");
}

/* web failed to start on n1 with parameters of digest d; n2 in standby. */
static const char *
failed_start(const char *d)
{
	return about_web(plan(unit_printf("now 2024-05-01T12:00:00Z\n"
	    "node n1 {\n"
	    "    attr \"fail-count-web#start_0\"=INFINITY\n"
	    "    attr \"last-failure-web#start_0\"=1714564000\n"
	    "}\n"
	    "node n2 standby\n"
	    "resource web stopped on n2\n"
	    "resource web on n1 {\n"
	    "    op stop call=3\n"
	    "    op start call=2 rc=1 status=error id=web_last_failure_0 "
	    "digest=%s\n"
	    "}\n", d)));
}

static void
test_sched_failcount(void)
{
	/*
	 * A start that failed with parameters since changed: its fail count
	 * is cleared, and does not keep web off n1 meanwhile.
	 */
	U_STREQ(failed_start(D_EMPTY),
	    "* Start web ( n1 )\n"
	    "* Resource action: web start on n1\n"
	    "* Cluster action: clear_failcount for web on n1\n"
	    "* Resource action: web monitor=6000 on n1\n");
	/* The same failure with its parameters unchanged keeps web off. */
	U_STREQ(failed_start(D_START), "");
}

static const struct unit_test digest_tests[] = {
	{ "parameters", test_params },
	{ "recurring ops", test_recurring },
	{ "escaping", test_escaping },
	{ "restart digest", test_restart_digest },
	{ "task", test_task },
	{ "compare", test_compare },
	{ "secure digest", test_secure },
	{ NULL, NULL }
};

static const struct unit_test sched_tests[] = {
	{ "unchanged", test_sched_unchanged },
	{ "restart", test_sched_restart },
	{ "reload", test_sched_reload },
	{ "reschedule", test_sched_reschedule },
	{ "fail count", test_sched_failcount },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "digests", digest_tests },
	{ "definition changes", sched_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	int	rc;

	rc = unit_run(suites, argc, argv);
	if (mctx != NULL)
		ctx_free(mctx);
	return rc;
}
