/*
 * test-rstate.c: unit tests of the replicated cluster state
 * (runtime/rstate.c): deploys and their checks, operation results as the
 * scheduler reads them, attributes (permanent and transient), node
 * events, cleanup, maintenance (cluster-wide and of a node), the
 * cluster log, encoding round trips and determinism, compaction, the
 * state file (and version 1 files), and malformed encodings (every
 * truncation, flipped bytes, bad events) refused without a crash.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "compiler.h"
#include "sched.h"
#include "runtime.h"

static const char policy[] =
    "cluster lab {\n"
    "    node n1 { addr = 10.0.0.1; id = 1 }\n"
    "    node n2 { addr = 10.0.0.2; id = 2 }\n"
    "    property stonith-enabled=false\n"
    "}\n"
    "resource web ocf:heartbeat:Dummy {\n"
    "    op monitor interval=10s timeout=20s\n"
    "}\n";

/* The state encoded, as a string (owned by the unit ring). */
static const char *
encoded(const struct rstate *rs)
{
	static char	*ring[8];
	static int	 slot;
	struct buf	 b;

	buf_init(&b);
	rstate_encode(rs, &b);
	buf_putc(&b, '\0');
	slot = (slot + 1) % 8;
	free(ring[slot]);
	ring[slot] = buf_detach(&b);
	return ring[slot];
}

/* Every node of st up and a member, as the coordinator sees its peers. */
static void
all_up(struct cstate *st)
{
	size_t	i;

	for (i = 0; i < st->nnodes; i++) {
		st->nodes[i].seen = st->nodes[i].in_ccm = 1;
		st->nodes[i].crmd = 1;
		st->nodes[i].join = JOIN_MEMBER;
		st->nodes[i].expected_up = 1;
	}
}

/* The scheduler's placement of rsc in rs with every node up. */
static const char *
placed(struct rstate *rs, const char *rsc)
{
	static char	 out[256];
	struct ctx	*ctx = ctx_new();
	struct cstate	*st = state_copy(ctx, rs->st);
	struct status	*sv;
	size_t		 i, j;

	all_up(st);
	sv = sched_status(ctx, rs->m, st);
	snprintf(out, sizeof out, "?");
	for (i = 0; i < sv->nrscs; i++) {
		if (strcmp(sv->rscs[i].rsc, rsc) != 0)
			continue;
		snprintf(out, sizeof out, "%s%s", sv->rscs[i].failed ?
		    "failed " : "", sv->rscs[i].role == ROLE_STARTED ?
		    "started" : "stopped");
		for (j = 0; j < sv->rscs[i].nnodes; j++) {
			strncat(out, " ", sizeof out - strlen(out) - 1);
			strncat(out, sv->rscs[i].nodes[j], sizeof out -
			    strlen(out) - 1);
		}
	}
	ctx_free(ctx);
	return out;
}

/* How often needle occurs in s. */
static int
count(const char *s, const char *needle)
{
	int	n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* The scheduler's summary of what it would do next in rs. */
static const char *
plan(struct rstate *rs)
{
	static char	*out;
	struct ctx	*ctx = ctx_new();
	struct cstate	*st = state_copy(ctx, rs->st);
	struct schedule	*sc;
	struct buf	 b;

	all_up(st);
	buf_init(&b);
	if ((sc = sched_run(ctx, rs->m, st, NULL)) != NULL)
		report_summary(sc, &b);
	buf_putc(&b, '\0');
	free(out);
	out = buf_detach(&b);
	ctx_free(ctx);
	return out;
}

/* How many actions of the scheduler's next graph in rs are task. */
static size_t
graph_count(struct rstate *rs, const char *task)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st = state_copy(ctx, rs->st);
	struct schedule	*sc;
	size_t		 i, n = 0;

	all_up(st);
	if ((sc = sched_run(ctx, rs->m, st, NULL)) != NULL) {
		for (i = 0; i < sc->graph.nrunnable; i++)
			n += strcmp(sc->graph.actions[i].task, task) == 0;
	}
	ctx_free(ctx);
	return n;
}

static void
result_of(struct rstate *rs, const char *rsc, const char *node,
    const char *task, uint64_t interval, int rc, int expected)
{
	struct rstate_result	r;

	memset(&r, 0, sizeof r);
	r.node = node;
	r.rsc = rsc;
	r.task = task;
	r.interval_ms = interval;
	r.rc = rc;
	r.status = OPST_DONE;
	r.expected_rc = expected;
	r.time = 1700000000;
	r.reason = rc != expected ? "it broke" : NULL;
	rstate_op(rs, &r);
}

static void
result(struct rstate *rs, const char *node, const char *task,
    uint64_t interval, int rc, int expected)
{
	result_of(rs, "web", node, task, interval, rc, expected);
}

/* A state with the policy deployed and web started on n1. */
static struct rstate *
running(void)
{
	struct rstate	*rs = rstate_new();
	char		*cause = NULL;

	CU_ASSERT_FATAL(rstate_deploy(rs, policy, strlen(policy),
	    &cause) == 0);
	rstate_node_event(rs, "n1", RSTATE_UP);
	rstate_node_event(rs, "n2", RSTATE_UP);
	result(rs, "n1", "monitor", 0, OCF_NOT_RUNNING, OCF_NOT_RUNNING);
	result(rs, "n2", "monitor", 0, OCF_NOT_RUNNING, OCF_NOT_RUNNING);
	result(rs, "n1", "start", 0, OCF_OK, OCF_OK);
	result(rs, "n1", "monitor", 10000, OCF_OK, OCF_OK);
	return rs;
}

static void
test_deploy(void)
{
	struct rstate	*rs = rstate_new();
	char		*cause = NULL, *diags = NULL;

	CU_ASSERT(rs->m == NULL);
	CU_ASSERT(rs->epoch == 0);
	result(rs, "n1", "start", 0, OCF_OK, OCF_OK);	/* no policy: dropped */
	CU_ASSERT(rs->version == 0 && rs->st->nhist == 0);
	CU_ASSERT(rstate_deploy(rs, "resource x nosuch:agent\n", 24,
	    &cause) == -1);
	U_CONTAINS(cause, "policy:1:");
	free(cause);
	CU_ASSERT(rs->epoch == 0 && rs->m == NULL);

	CU_ASSERT(rstate_deploy(rs, policy, strlen(policy), &cause) == 0);
	CU_ASSERT(rs->epoch == 1);
	CU_ASSERT(strlen(rs->digest) == 64);
	CU_ASSERT(rs->m != NULL && rs->m->nresources == 1);
	CU_ASSERT(rstate_deploy(rs, policy, strlen(policy), &cause) == 0);
	CU_ASSERT(rs->epoch == 2);

	CU_ASSERT(rstate_check(policy, strlen(policy), "lab", &diags) == 0);
	CU_ASSERT(diags == NULL || strstr(diags, "error") == NULL);
	free(diags);
	CU_ASSERT(rstate_check(policy, strlen(policy), "other", &diags) ==
	    -1);
	U_CONTAINS(diags, "the policy is for cluster 'lab', this is cluster "
	    "'other'");
	free(diags);
	CU_ASSERT(rstate_check("colocate a with b\n", 18, NULL, &diags) == -1);
	U_CONTAINS(diags, "unknown resource 'a'");
	free(diags);
	CU_ASSERT(rstate_check("include \"x.ha\"\n", 15, NULL, &diags) == -1);
	free(diags);
	rstate_free(rs);
}

static void
test_results(void)
{
	struct rstate	*rs = running();
	struct nstate	*ns;

	U_STREQ(placed(rs, "web"), "started n1");
	/* A failed monitor: a failure and a fail count, as Pacemaker's. */
	result(rs, "n1", "monitor", 10000, OCF_NOT_RUNNING, OCF_OK);
	U_STREQ(placed(rs, "web"), "failed started n1");
	ns = state_node(rs->st, "n1", 0);
	U_STREQ(state_attr(ns, "fail-count-web#monitor_10000"), "1");
	U_CONTAINS(encoded(rs), "reason=\"it broke\"");
	/* Recovered: stopped, started again. */
	result(rs, "n1", "stop", 0, OCF_OK, OCF_OK);
	result(rs, "n1", "start", 0, OCF_OK, OCF_OK);
	U_STREQ(placed(rs, "web"), "started n1");
	/* Clearing the fail count keeps the history; cleanup forgets both. */
	result(rs, "n1", "monitor", 10000, OCF_NOT_RUNNING, OCF_OK);
	U_STREQ(state_attr(ns, "fail-count-web#monitor_10000"), "2");
	rstate_cleanup(rs, "web", "n1", 0);
	CU_ASSERT(state_attr(ns, "fail-count-web#monitor_10000") == NULL);
	U_STREQ(placed(rs, "web"), "failed started n1");
	result(rs, "n1", "monitor", 10000, OCF_NOT_RUNNING, OCF_OK);
	rstate_cleanup(rs, "web", NULL, 1);
	CU_ASSERT(state_attr(ns, "fail-count-web#monitor_10000") == NULL);
	U_STREQ(placed(rs, "web"), "stopped");
	/* A cancel drops the recurring operation. */
	result(rs, "n2", "start", 0, OCF_OK, OCF_OK);
	result(rs, "n2", "monitor", 10000, OCF_OK, OCF_OK);
	CU_ASSERT(count(encoded(rs), "op monitor interval=10s") == 2);
	result(rs, "n2", "cancel", 10000, OCF_OK, OCF_OK);
	CU_ASSERT(count(encoded(rs), "op monitor interval=10s") == 1);
	/* A delete forgets the history on that node (n1 has none). */
	CU_ASSERT(count(encoded(rs), "    op start") == 1);
	result(rs, "n2", "delete", 0, OCF_OK, OCF_OK);
	CU_ASSERT(count(encoded(rs), "    op start") == 0);
	CU_ASSERT(strstr(encoded(rs), "delete") == NULL);
	rstate_free(rs);
}

/*
 * A promotable clone with an inline primitive, its results recorded as
 * the coordinator names them (coord_hist): under "db", the primitive's
 * name, which is also the clone's, on each node; notifications leave no
 * history. The scheduler finds both instances where they run, in their
 * roles, and has nothing to do. Cleanup by the clone's name.
 */
static void
test_clone_results(void)
{
	static const char	 pol[] =
	    "cluster lab {\n"
	    "    node n1 { addr = 10.0.0.1; id = 1 }\n"
	    "    node n2 { addr = 10.0.0.2; id = 2 }\n"
	    "    property stonith-enabled=false\n"
	    "}\n"
	    "promotable db ocf:pacemaker:Stateful {\n"
	    "    op monitor interval=10s role=Promoted\n"
	    "    op monitor interval=11s role=Unpromoted\n"
	    "    meta notify=true\n"
	    "}\n";
	struct rstate		*rs = rstate_new();
	struct ctx		*ctx;
	struct cstate		*st;
	struct status		*sv;
	char			*cause = NULL;
	size_t			 i;
	int			 promoted = 0, unpromoted = 0;

	CU_ASSERT_FATAL(rstate_deploy(rs, pol, strlen(pol), &cause) == 0);
	rstate_node_event(rs, "n1", RSTATE_UP);
	rstate_node_event(rs, "n2", RSTATE_UP);
	rstate_attr(rs, "n1", "master-db", "10", 0);
	rstate_attr(rs, "n2", "master-db", "5", 0);
	result_of(rs, "db", "n1", "monitor", 0, OCF_NOT_RUNNING,
	    OCF_NOT_RUNNING);
	result_of(rs, "db", "n2", "monitor", 0, OCF_NOT_RUNNING,
	    OCF_NOT_RUNNING);
	result_of(rs, "db", "n1", "start", 0, OCF_OK, OCF_OK);
	result_of(rs, "db", "n2", "start", 0, OCF_OK, OCF_OK);
	result_of(rs, "db", "n1", "notify", 0, OCF_OK, OCF_OK);
	result_of(rs, "db", "n2", "notify", 0, OCF_OK, OCF_OK);
	result_of(rs, "db", "n1", "promote", 0, OCF_OK, OCF_OK);
	result_of(rs, "db", "n1", "notify", 0, OCF_OK, OCF_OK);
	result_of(rs, "db", "n1", "monitor", 10000, OCF_RUNNING_PROMOTED,
	    OCF_RUNNING_PROMOTED);
	result_of(rs, "db", "n2", "monitor", 11000, OCF_OK, OCF_OK);
	CU_ASSERT(strstr(encoded(rs), "op notify") == NULL);
	CU_ASSERT(count(encoded(rs), "resource db on ") == 2);
	U_CONTAINS(encoded(rs), "op promote");
	U_STREQ(plan(rs), "");
	ctx = ctx_new();
	st = state_copy(ctx, rs->st);
	all_up(st);
	sv = sched_status(ctx, rs->m, st);
	for (i = 0; i < sv->nrscs; i++) {
		if (sv->rscs[i].nnodes != 1 || sv->rscs[i].orphan)
			continue;
		if (sv->rscs[i].role == ROLE_PROMOTED &&
		    strcmp(sv->rscs[i].nodes[0], "n1") == 0)
			promoted++;
		if (sv->rscs[i].role == ROLE_UNPROMOTED &&
		    strcmp(sv->rscs[i].nodes[0], "n2") == 0)
			unpromoted++;
	}
	CU_ASSERT(promoted == 1 && unpromoted == 1);
	CU_ASSERT(sv->nrscs == 2);
	ctx_free(ctx);
	/*
	 * Cleanup by the clone's name forgets its primitive's histories on
	 * the node, numbered ones too ("db:1", as hacc simulate writes
	 * them), and its fail counts.
	 */
	result_of(rs, "db:1", "n2", "monitor", 20000, OCF_NOT_RUNNING,
	    OCF_OK);
	CU_ASSERT(state_attr(state_node(rs->st, "n2", 0),
	    "fail-count-db:1#monitor_20000") != NULL);
	CU_ASSERT(count(encoded(rs), "op monitor interval=11s call") == 1);
	rstate_cleanup(rs, "db", "n2", 1);
	CU_ASSERT(count(encoded(rs), "op monitor interval=11s call") == 0);
	CU_ASSERT(count(encoded(rs), "op monitor interval=10s call") == 1);
	CU_ASSERT(count(encoded(rs), "op monitor interval=20s call") == 0);
	CU_ASSERT(strstr(encoded(rs), "fail-count") == NULL);
	rstate_free(rs);
}

static void
test_nodes_attrs(void)
{
	struct rstate	*rs = running();
	struct nstate	*ns = state_node(rs->st, "n1", 0);
	uint64_t	 v = rs->version;

	rstate_attr(rs, "n1", "standby", "on", 1);
	rstate_attr(rs, "n1", "pingd", "100", 0);
	CU_ASSERT(rs->version == v + 2);
	U_STREQ(rstate_perm(rs, "n1", "standby"), "on");
	U_STREQ(state_attr(ns, "pingd"), "100");
	CU_ASSERT(ns->expected_up == 1);
	/* Fenced: no history, no transient attributes; standby stays. */
	rstate_node_event(rs, "n1", RSTATE_FENCED);
	ns = state_node(rs->st, "n1", 0);
	CU_ASSERT(ns->expected_up == 0);
	CU_ASSERT(state_attr(ns, "pingd") == NULL);
	U_STREQ(rstate_perm(rs, "n1", "standby"), "on");
	U_STREQ(placed(rs, "web"), "stopped");
	rstate_attr(rs, "n1", "standby", NULL, 1);
	CU_ASSERT(rstate_perm(rs, "n1", "standby") == NULL);
	rstate_node_event(rs, "n1", RSTATE_DOWN);
	CU_ASSERT(state_node(rs->st, "n1", 0)->expected_up == 0);
	/* Unknown names are kept too: nodes come from the ring. */
	rstate_attr(rs, "n9", "a", "b", 0);
	CU_ASSERT(state_node(rs->st, "n9", 0) != NULL);
	rstate_free(rs);
}

static void
test_roundtrip(void)
{
	struct rstate	*rs = running(), *copy, *other;
	const char	*text;
	char		*cause = NULL;
	int		 i;

	rstate_attr(rs, "n2", "standby", "on", 1);
	rstate_attr(rs, "n2", "site", "dc 2", 0);
	result(rs, "n2", "monitor", 10000, OCF_ERR_GENERIC, OCF_OK);
	text = encoded(rs);
	copy = rstate_decode(text, strlen(text), &cause);
	CU_ASSERT_FATAL(copy != NULL);
	U_STREQ(encoded(copy), text);
	CU_ASSERT(copy->epoch == rs->epoch && copy->version == rs->version);
	U_STREQ(copy->digest, rs->digest);
	U_STREQ(rstate_perm(copy, "n2", "standby"), "on");
	U_STREQ(placed(copy, "web"), placed(rs, "web"));

	/* The same updates give the same state, across compactions. */
	other = running();
	rstate_attr(other, "n2", "standby", "on", 1);
	rstate_attr(other, "n2", "site", "dc 2", 0);
	result(other, "n2", "monitor", 10000, OCF_ERR_GENERIC, OCF_OK);
	for (i = 0; i < 600; i++) {
		result(rs, "n1", "monitor", 10000, i % 2 ? OCF_OK :
		    OCF_NOT_RUNNING, OCF_OK);
		result(copy, "n1", "monitor", 10000, i % 2 ? OCF_OK :
		    OCF_NOT_RUNNING, OCF_OK);
		result(other, "n1", "monitor", 10000, i % 2 ? OCF_OK :
		    OCF_NOT_RUNNING, OCF_OK);
	}
	U_STREQ(encoded(copy), encoded(rs));
	U_STREQ(encoded(other), encoded(rs));
	U_STREQ(state_attr(state_node(rs->st, "n1", 0),
	    "fail-count-web#monitor_10000"), "300");
	rstate_free(copy);
	rstate_free(other);
	rstate_free(rs);
}

static void
test_malformed(void)
{
	struct rstate	*rs = running(), *bad;
	const char	*text = encoded(rs);
	char		*copy, *cause;
	size_t		 len = strlen(text), i, refused = 0;

	for (i = 0; i < len; i++) {
		cause = NULL;
		bad = rstate_decode(text, i, &cause);
		CU_ASSERT(bad == NULL && cause != NULL);
		refused += bad == NULL;
		rstate_free(bad);
		free(cause);
	}
	CU_ASSERT(refused == len);
	copy = xstrdup(text);
	for (i = 0; i < len; i += 7) {
		copy[i] ^= 0x5a;
		cause = NULL;
		bad = rstate_decode(copy, len, &cause);
		rstate_free(bad);
		free(cause);
		copy[i] ^= 0x5a;
	}
	/* A policy that does not match its digest. */
	copy[strstr(copy, "node n1") - copy + 5] = '9';
	cause = NULL;
	CU_ASSERT(rstate_decode(copy, len, &cause) == NULL);
	U_CONTAINS(cause, "digest");
	free(cause);
	free(copy);
	cause = NULL;
	CU_ASSERT(rstate_decode("hacc-state 1\nepoch x\n", 21, &cause) ==
	    NULL);
	U_STREQ(cause, "a malformed hacc state");
	free(cause);
	/* No number after a key: nothing is read past the newline. */
	cause = NULL;
	CU_ASSERT(rstate_decode("hacc-state 1\nepoch \n2\n", 22, &cause) ==
	    NULL);
	U_STREQ(cause, "a malformed hacc state");
	free(cause);
	rstate_free(rs);
}

static void
test_file(void)
{
	struct rstate	*rs = running(), *back;
	char		 dir[] = "/tmp/test-rstate.XXXXXX", path[64];
	char		*cause = NULL;
	FILE		*f;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	back = rstate_load(dir, &cause);
	CU_ASSERT(back != NULL && back->policy == NULL && back->epoch == 0);
	rstate_free(back);
	CU_ASSERT(rstate_save(rs, dir, &cause) == 0);
	back = rstate_load(dir, &cause);
	CU_ASSERT_FATAL(back != NULL);
	U_STREQ(encoded(back), encoded(rs));
	rstate_free(back);
	snprintf(path, sizeof path, "%s/state.tmp", dir);
	CU_ASSERT(access(path, F_OK) == -1);
	snprintf(path, sizeof path, "%s/state", dir);
	f = fopen(path, "w");
	fputs("garbage", f);
	fclose(f);
	CU_ASSERT(rstate_load(dir, &cause) == NULL);
	U_CONTAINS(cause, "not a hacc state");
	free(cause);
	unlink(path);
	rmdir(dir);
	cause = NULL;
	CU_ASSERT(rstate_save(rs, "/nonexistent/dir", &cause) == -1);
	U_CONTAINS(cause, "/nonexistent/dir/state.tmp");
	free(cause);
	rstate_free(rs);
}

static void
test_constraints(void)
{
	struct rstate	*rs = running(), *copy;
	const char	*text;
	char		*cause = NULL;

	CU_ASSERT(strstr(plan(rs), "Move") == NULL);
	rstate_constraint(rs, RSTATE_BAN, "web", "n1");
	CU_ASSERT(rs->ncons == 1);
	U_CONTAINS(plan(rs), "Move       web     ( n1 -> n2 )");
	/* Moving to n1 lifts the ban and prefers n1: nothing to do. */
	rstate_constraint(rs, RSTATE_MOVE, "web", "n1");
	CU_ASSERT(rs->ncons == 1 && rs->cons[0].prefer);
	CU_ASSERT(strstr(plan(rs), "Move") == NULL);
	rstate_constraint(rs, RSTATE_MOVE, "web", "n2");
	CU_ASSERT(rs->ncons == 1);
	U_CONTAINS(plan(rs), "Move       web     ( n1 -> n2 )");
	/* A ban where it was moved to replaces the move. */
	rstate_constraint(rs, RSTATE_BAN, "web", "n2");
	CU_ASSERT(rs->ncons == 1 && !rs->cons[0].prefer);
	CU_ASSERT(strstr(plan(rs), "Move") == NULL);
	rstate_constraint(rs, RSTATE_MOVE, "web", "n2");
	CU_ASSERT(rs->ncons == 1 && rs->cons[0].prefer);
	/* Kept in the encoding and across deploys. */
	text = encoded(rs);
	U_CONTAINS(text, "prefers\tweb\tn2\n");
	copy = rstate_decode(text, strlen(text), &cause);
	CU_ASSERT_FATAL(copy != NULL);
	U_CONTAINS(plan(copy), "Move       web     ( n1 -> n2 )");
	rstate_free(copy);
	CU_ASSERT(rstate_deploy(rs, policy, strlen(policy), &cause) == 0);
	U_CONTAINS(plan(rs), "Move       web     ( n1 -> n2 )");
	/* Names only; one on what the policy lacks is kept, unused. */
	rstate_constraint(rs, RSTATE_BAN, "web\nresource x", "n1");
	rstate_constraint(rs, RSTATE_BAN, "nosuch", "n1");
	CU_ASSERT(rs->ncons == 2);
	U_CONTAINS(plan(rs), "Move       web     ( n1 -> n2 )");
	rstate_constraint(rs, RSTATE_CLEAR, "web", NULL);
	rstate_constraint(rs, RSTATE_CLEAR, "nosuch", "n1");
	CU_ASSERT(rs->ncons == 0);
	CU_ASSERT(strstr(plan(rs), "Move") == NULL);
	rstate_free(rs);
}

/* The operator's maintenance mode, cluster-wide and of one node. */
static void
test_maintenance(void)
{
	struct rstate	*rs = running(), *copy;
	const char	*text;
	char		*cause = NULL;
	uint64_t	 version;

	CU_ASSERT(graph_count(rs, "cancel") == 0);
	version = rs->version;
	rstate_maintenance(rs, NULL, 1);
	CU_ASSERT(rs->maintenance && rs->m->props.maintenance_mode);
	CU_ASSERT(rs->version == version + 1);
	/* The monitor is cancelled; a failure is not recovered. */
	CU_ASSERT(graph_count(rs, "cancel") == 1);
	result(rs, "n1", "monitor", 10000, OCF_NOT_RUNNING, OCF_OK);
	CU_ASSERT(strstr(plan(rs), "Recover") == NULL);
	CU_ASSERT(graph_count(rs, "start") == 0);
	CU_ASSERT(graph_count(rs, "stop") == 0);
	/* It survives the encoding, a compaction and a new deploy. */
	text = encoded(rs);
	U_CONTAINS(text, "\nmaintenance 1\n");
	copy = rstate_decode(text, strlen(text), &cause);
	CU_ASSERT_FATAL(copy != NULL);
	CU_ASSERT(copy->maintenance && copy->m->props.maintenance_mode);
	rstate_free(copy);
	CU_ASSERT(rstate_deploy(rs, policy, strlen(policy), &cause) == 0);
	CU_ASSERT(rs->m->props.maintenance_mode);
	/* Off: every history goes (probes), the fail counts stay. */
	rstate_maintenance(rs, NULL, 0);
	CU_ASSERT(!rs->maintenance && !rs->m->props.maintenance_mode);
	CU_ASSERT(rs->st->nhist > 0 && rs->st->hist[0].nops == 0);
	CU_ASSERT(graph_count(rs, "monitor") >= 2);	/* probes */
	CU_ASSERT(state_attr(state_node(rs->st, "n1", 0),
	    "fail-count-web#monitor_10000") != NULL);
	U_CONTAINS(encoded(rs), "\nmaintenance 0\n");

	/* One node: its permanent attribute, and its histories on off. */
	rs = (rstate_free(rs), running());
	rstate_maintenance(rs, "n2", 1);
	U_STREQ(rstate_perm(rs, "n2", "maintenance"), "on");
	CU_ASSERT(!rs->maintenance);
	rstate_maintenance(rs, "n2", 0);
	CU_ASSERT(rstate_perm(rs, "n2", "maintenance") == NULL);
	CU_ASSERT(state_hist(rs->st, "web", 0, 0)->nops > 0);
	rstate_maintenance(rs, "n1", 0);
	CU_ASSERT(state_hist(rs->st, "web", 0, 0)->nops == 0);
	rstate_maintenance(rs, "nosuch\tx", 1);
	rstate_free(rs);
}

/* The cluster log: order, bounds, cleaning, encoding, bad lines. */
static void
test_log(void)
{
	struct rstate		*rs = running(), *copy;
	struct rstate_result	 r;
	const struct oprec	*o;
	const char		*text;
	char			*cause = NULL, *bad, *v1;
	uint64_t		 version;
	size_t			 i;

	/* rstate_op says which results failed (rm.c logs them). */
	memset(&r, 0, sizeof r);
	r.node = "n1";
	r.rsc = "web";
	r.task = "monitor";
	r.interval_ms = 10000;
	r.rc = OCF_NOT_RUNNING;
	r.status = OPST_DONE;
	r.expected_rc = OCF_OK;
	r.time = 1700000000;
	o = rstate_op(rs, &r);
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT(o->rc == OCF_NOT_RUNNING && o->expected_rc == OCF_OK &&
	    o->interval_ms == 10000);
	r.rc = OCF_OK;
	CU_ASSERT(rstate_op(rs, &r) == NULL);
	r.interval_ms = 0;
	r.status = OPST_TIMEOUT;	/* a timeout is a failure */
	o = rstate_op(rs, &r);
	CU_ASSERT(o != NULL && o->rc == OCF_ERR_GENERIC);
	CU_ASSERT(rs->nevents == 0);

	/* Events: cleaned, numbered, not updates of the state. */
	version = rs->version;
	rstate_log(rs, 1700000000, "n1", "failure", "web monitor failed");
	rstate_log(rs, 1700000001, "n2", "operator", "hacc standby\tn1\n");
	rstate_log(rs, 1700000002, "n2", "nosuch", "unknown kinds go");
	rstate_log(rs, -1, "n2", "operator", "so do bad times");
	rstate_log(rs, 1700000002, "", "operator", "and nameless nodes");
	CU_ASSERT_FATAL(rs->nevents == 2);
	CU_ASSERT(rs->version == version);	/* not an update */
	U_STREQ(rs->events[1].text, "hacc standby n1 ");
	CU_ASSERT(rs->events[1].seq == 2);

	/* In the encoding, and read back the same. */
	text = encoded(rs);
	U_CONTAINS(text, "\n2\t1700000001\tn2\toperator\thacc standby "
	    "n1 \n");
	copy = rstate_decode(text, strlen(text), &cause);
	CU_ASSERT_FATAL(copy != NULL);
	U_STREQ(encoded(copy), text);
	rstate_free(copy);

	/* The last RSTATE_EVENTS only; the sequence goes on. */
	for (i = 0; i < RSTATE_EVENTS + 10; i++)
		rstate_log(rs, 1700000100 + (int64_t)i, "n1", "transition",
		    "transition started");
	CU_ASSERT(rs->nevents == RSTATE_EVENTS);
	CU_ASSERT(rs->events[0].seq == 13);
	CU_ASSERT(rs->events[RSTATE_EVENTS - 1].seq == RSTATE_EVENTS + 12);
	text = encoded(rs);
	copy = rstate_decode(text, strlen(text), &cause);
	CU_ASSERT_FATAL(copy != NULL);
	U_STREQ(encoded(copy), text);
	rstate_log(copy, 1700001000, "n1", "quorum", "quorum lost");
	CU_ASSERT(copy->events[RSTATE_EVENTS - 1].seq == RSTATE_EVENTS + 13);
	rstate_free(copy);

	/* Version 1 (no maintenance, no events) is read. */
	rstate_free(rs);
	rs = running();
	text = encoded(rs);
	bad = xstrdup(text);
	memcpy(bad, "hacc-state 1\n", 13);
	*strstr(bad, "maintenance 0\n") = '\0';
	xasprintf(&v1, "%send\n", bad);
	free(bad);
	copy = rstate_decode(v1, strlen(v1), &cause);
	CU_ASSERT_FATAL(copy != NULL);
	U_STREQ(encoded(copy), text);
	rstate_free(copy);
	free(v1);

	/* Bad event lines. */
	{
		static const char *const lines[] = {
			"1\t1700000000\tn1\tfrob\tan unknown kind\n",
			"0\t1700000000\tn1\tquorum\tseq 0\n",
			"01\t1700000000\tn1\tquorum\ta leading zero\n",
			"1\t-5\tn1\tquorum\ta negative time\n",
			"1\t1700000000\t\tquorum\tno node\n",
			"1\t1700000000\tn1\tquorum\n",
			"1\t1700000000\tn1\tquorum\ttoo\tmany\n",
			"2\t1\tn1\tquorum\tx\n1\t1\tn1\tquorum\ty\n",
			"1\t1\tn1\tquorum\tno newline",
			"1\t1\tn1\tquorum\ta \r control\n",
		};
		const char	*at;

		for (i = 0; i < nitems(lines); i++) {
			at = strstr(text, "events 0\n") + 9;
			xasprintf(&bad, "%.*sevents %zu\n%s\nend\n",
			    (int)(at - text - 9), text, strlen(lines[i]),
			    lines[i]);
			cause = NULL;
			copy = rstate_decode(bad, strlen(bad), &cause);
			CU_ASSERT(copy == NULL);
			if (copy != NULL)
				fprintf(stderr, "accepted: %s", lines[i]);
			rstate_free(copy);
			free(cause);
			free(bad);
		}
	}
	rstate_free(rs);
}

static const struct unit_test rstate_tests[] = {
	{ "maintenance", test_maintenance },
	{ "the cluster log", test_log },
	{ "moves and bans", test_constraints },
	{ "deploy and check", test_deploy },
	{ "operation results", test_results },
	{ "a promotable clone's results", test_clone_results },
	{ "nodes and attributes", test_nodes_attrs },
	{ "encoding round trips, determinism", test_roundtrip },
	{ "malformed encodings", test_malformed },
	{ "the state file", test_file },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "rstate", rstate_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
