/*
 * test-rm.c: the resource manager's replicated state over a real ring on
 * the sim transport, three nodes in one process on a virtual clock: the
 * state synchronises when nodes form, a deploy and attributes reach every
 * node in the same order, a partition's quorate side wins the merge (the
 * minority's updates are dropped, its node announces itself again), a
 * restarted node gets the state, a policy with errors is refused before
 * it is sent, maintenance mode and the cluster log (the same events in
 * the same order on every node, hacc history's replies), and malformed
 * messages are counted and dropped.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "compiler.h"
#include "sched.h"
#include "runtime.h"

#define N	3

struct rnode {
	int			 up;
	struct transport	*t;
	struct wire		*w;
	struct ring		*ring;
	struct quorum		*q;
	struct rm		*rm;
	int			 left;
};

struct rworld {
	uint64_t		 now;
	struct loop		*loop;
	struct simnet		*net;
	struct rnode		 nodes[N];
	uint32_t		 ids[N];
	char			*names[N];
	int			 votes[N];
};

static const uint8_t	key[WIRE_KEY_LEN] =
    "unit-test-key-unit-test-key-unit";

static const char policy[] =
    "cluster lab {\n"
    "    node n1 { addr = 10.0.0.1; id = 1 }\n"
    "    node n2 { addr = 10.0.0.2; id = 2 }\n"
    "    node n3 { addr = 10.0.0.3; id = 3 }\n"
    "    property stonith-enabled=false\n"
    "}\n";

static uint64_t
r_clock(void *arg)
{
	return ((struct rworld *)arg)->now;
}

static void
r_deliver(void *arg, uint32_t origin, const char *group, const uint8_t *data,
    size_t len)
{
	struct rnode	*nd = arg;

	rm_deliver(nd->rm, origin, data, len);
}

static void
r_confchg(void *arg, const struct ring_conf *c)
{
	struct rnode	*nd = arg;

	rm_confchg(nd->rm, c);
	if (!c->transitional)
		quorum_members(nd->q, c->members, c->nmembers);
}

static void
r_quorum(void *arg, const struct quorum_status *st)
{
	struct rnode	*nd = arg;

	if (nd->rm != NULL)
		rm_quorum(nd->rm, st->quorate);
}

static void
r_leave(void *arg)
{
	((struct rnode *)arg)->left = 1;
}

static void
r_start(struct rworld *w, int i)
{
	struct rnode		*nd = &w->nodes[i];
	struct ring_callbacks	 cb = { r_deliver, r_confchg, NULL, nd };
	struct ring_config	 cfg;
	struct quorum_config	 qc;
	char			*cause = NULL;

	memset(&cfg, 0, sizeof cfg);
	cfg.self = w->ids[i];
	cfg.nodes = w->ids;
	cfg.nnodes = N;
	cfg.token_us = 300000;
	cfg.consensus_us = 360000;
	cfg.join_us = 50000;
	cfg.window_size = 50;
	cfg.max_messages = 17;
	cfg.boot_us = w->now;
	memset(&qc, 0, sizeof qc);
	qc.ids = w->ids;
	qc.votes = w->votes;
	qc.n = N;
	nd->t = sim_attach(w->net, w->ids[i], 1500 - 48);
	nd->w = wire_new(key, "lab", w->ids[i], w->now, (uint64_t)i + 11);
	nd->q = quorum_new(w->loop, &qc, r_quorum, nd, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nd->q);
	nd->ring = ring_new(w->loop, nd->t, nd->w, &cfg, &cb, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nd->ring);
	nd->rm = rm_new(w->loop, nd->ring, "lab", w->names, w->ids, N,
	    (size_t)i, NULL, NULL, r_leave, nd, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nd->rm);
	nd->up = 1;
}

static void
r_crash(struct rworld *w, int i)
{
	struct rnode	*nd = &w->nodes[i];

	rm_free(nd->rm);
	ring_free(nd->ring);
	quorum_free(nd->q);
	transport_free(nd->t);
	wire_free(nd->w);
	memset(nd, 0, sizeof *nd);
}

static struct rworld *
r_new(void)
{
	struct rworld		*w;
	struct loop_clock	 clock;
	struct sim_faults	 f = { 0, 0, 50, 150 };
	int			 i;

	w = xcalloc(1, sizeof *w);
	w->now = 5000000;
	clock.now = r_clock;
	clock.arg = w;
	w->loop = loop_new(&clock);
	w->net = sim_new(w->loop, 7);
	sim_set_faults(w->net, &f);
	for (i = 0; i < N; i++) {
		w->ids[i] = (uint32_t)i + 1;
		xasprintf(&w->names[i], "n%d", i + 1);
		w->votes[i] = 1;
	}
	for (i = 0; i < N; i++)
		r_start(w, i);
	return w;
}

static void
r_free(struct rworld *w)
{
	int	i;

	for (i = 0; i < N; i++) {
		if (w->nodes[i].up)
			r_crash(w, i);
		free(w->names[i]);
	}
	sim_free(w->net);
	loop_free(w->loop);
	free(w);
}

static void
r_run(struct rworld *w, uint64_t us)
{
	uint64_t	until = w->now + us, when;

	while (loop_next_timer(w->loop, &when) && when <= until) {
		if (when > w->now)
			w->now = when;
		loop_run_timers(w->loop);
	}
	w->now = until;
}

/* Node i's state, encoded (owned by a small ring of buffers). */
static const char *
r_state(struct rworld *w, int i)
{
	static char	*ring[8];
	static int	 slot;
	struct buf	 b;

	buf_init(&b);
	rstate_encode(w->nodes[i].rm->rs, &b);
	buf_putc(&b, '\0');
	slot = (slot + 1) % 8;
	free(ring[slot]);
	ring[slot] = buf_detach(&b);
	return ring[slot];
}

/* Whether the up nodes hold one state and none synchronises. */
static int
r_agree(struct rworld *w)
{
	const char	*first = NULL;
	int		 i;

	for (i = 0; i < N; i++) {
		if (!w->nodes[i].up)
			continue;
		if (w->nodes[i].rm->syncing)
			return 0;
		if (first == NULL)
			first = r_state(w, i);
		else if (strcmp(first, r_state(w, i)) != 0)
			return 0;
	}
	return 1;
}

static const char *
r_perm(struct rworld *w, int i, const char *node, const char *name)
{
	return rstate_perm(w->nodes[i].rm->rs, node, name);
}

static void
test_sync_deploy(void)
{
	struct rworld	*w = r_new();
	char		*reply;
	int		 i;

	r_run(w, 2000000);
	CU_ASSERT(r_agree(w));
	for (i = 0; i < N; i++)
		CU_ASSERT(w->nodes[i].rm->nmembers == N);

	/* A policy with errors never leaves the node. */
	reply = rm_deploy(w->nodes[1].rm, "colocate a with b\n", 18);
	U_CONTAINS(reply, "error: the policy was not deployed");
	U_CONTAINS(reply, "unknown resource 'a'");
	free(reply);
	reply = rm_deploy(w->nodes[1].rm, policy, strlen(policy));
	U_STREQ(reply, "deploying as epoch 1\n");
	free(reply);
	r_run(w, 500000);
	CU_ASSERT(r_agree(w));
	for (i = 0; i < N; i++) {
		CU_ASSERT(w->nodes[i].rm->rs->epoch == 1);
		CU_ASSERT(w->nodes[i].rm->rs->m != NULL);
	}
	/* Commands: standby, errors for unknown names. */
	reply = rm_command(w->nodes[2].rm, (char *[]){ "standby", "n1" }, 2);
	U_STREQ(reply, "node n1: standby\n");
	free(reply);
	reply = rm_command(w->nodes[2].rm, (char *[]){ "standby", "n9" }, 2);
	U_STREQ(reply, "error: unknown node 'n9'\n");
	free(reply);
	reply = rm_command(w->nodes[2].rm, (char *[]){ "cleanup", "x" }, 2);
	U_STREQ(reply, "error: unknown resource 'x'\n");
	free(reply);
	CU_ASSERT(rm_command(w->nodes[2].rm, (char *[]){ "frob" }, 1) ==
	    NULL);
	r_run(w, 500000);
	CU_ASSERT(r_agree(w));
	for (i = 0; i < N; i++)
		U_STREQ(r_perm(w, i, "n1", "standby"), "on");
	r_free(w);
}

/* Ask node i's resource manager what a stand-in would (new reply). */
static char *
r_ask(struct rworld *w, int i, const char *line, const char *data)
{
	char	*copy = xstrdup(line), *p = copy, *words[8], *reply;
	size_t	 n = 0;

	while (n < 8 && (words[n] = strsep(&p, " ")) != NULL)
		n++;
	reply = rm_attr_command(w->nodes[i].rm, words, n, data,
	    data != NULL ? strlen(data) : 0);
	free(copy);
	return reply;
}

/* The requests of Pacemaker's tools' stand-ins (agents/hacc-tools.c). */
static void
test_attr_requests(void)
{
	struct rworld	*w = r_new();
	char		*reply;
	int		 i;

	r_run(w, 2000000);
	CU_ASSERT(r_agree(w));
	/* A transient and a permanent value, set on n1, read on n3. */
	reply = r_ask(w, 0, "attr set n2 master-db reboot", "10");
	U_STREQ(reply, "ok\n");
	free(reply);
	reply = r_ask(w, 0, "attr set n2 site forever", "room 1");
	U_STREQ(reply, "ok\n");
	free(reply);
	r_run(w, 500000);
	CU_ASSERT(r_agree(w));
	reply = r_ask(w, 2, "attr get n2 master-db reboot", NULL);
	U_STREQ(reply, "ok\n10");
	free(reply);
	reply = r_ask(w, 2, "attr get n2 master-db forever", NULL);
	U_STREQ(reply, "none\n");
	free(reply);
	reply = r_ask(w, 2, "attr get n2 site any", NULL);
	U_STREQ(reply, "ok\nroom 1");
	free(reply);
	reply = r_ask(w, 2, "attr get n2 site reboot", NULL);
	U_STREQ(reply, "none\n");
	free(reply);
	/* Delete; a missing one is no error. */
	reply = r_ask(w, 1, "attr del n2 master-db reboot", NULL);
	U_STREQ(reply, "ok\n");
	free(reply);
	reply = r_ask(w, 1, "attr del n2 nothing forever", NULL);
	U_STREQ(reply, "ok\n");
	free(reply);
	r_run(w, 500000);
	for (i = 0; i < N; i++) {
		reply = r_ask(w, i, "attr get n2 master-db any", NULL);
		U_STREQ(reply, "none\n");
		free(reply);
	}
	/* Nodes and quorum. */
	reply = r_ask(w, 1, "node self", NULL);
	U_STREQ(reply, "ok\n2 n2\n");
	free(reply);
	reply = r_ask(w, 1, "node list", NULL);
	U_STREQ(reply, "ok\n1 n1 member\n2 n2 member\n3 n3 member\n");
	free(reply);
	reply = r_ask(w, 1, "quorum", NULL);
	U_STREQ(reply, "ok\n1\n");
	free(reply);
	/* No policy: no property. */
	reply = r_ask(w, 1, "prop get stonith-enabled", NULL);
	U_STREQ(reply, "none\n");
	free(reply);
	/* Bad requests. */
	reply = r_ask(w, 1, "attr get n9 x reboot", NULL);
	U_STREQ(reply, "error: unknown node 'n9'\n");
	free(reply);
	reply = r_ask(w, 1, "attr set n1 x reboot", NULL);
	U_CONTAINS(reply, "error: usage: attr");
	free(reply);
	reply = r_ask(w, 1, "attr get n1 x reboot", "data");
	U_CONTAINS(reply, "error: usage: attr");
	free(reply);
	reply = r_ask(w, 1, "attr set n1 x any", "1");
	U_CONTAINS(reply, "error: usage: attr");
	free(reply);
	reply = r_ask(w, 1, "attr get n1 x", NULL);
	U_CONTAINS(reply, "error: usage: attr");
	free(reply);
	reply = r_ask(w, 1, "node", NULL);
	U_CONTAINS(reply, "error: usage: node");
	free(reply);
	CU_ASSERT(r_ask(w, 1, "standby n1", NULL) == NULL);
	r_free(w);
}

/* Whether node i's log has an event of kind whose text has needle. */
static int
r_logged(struct rworld *w, int i, const char *kind, const char *needle)
{
	const struct rstate	*rs = w->nodes[i].rm->rs;
	size_t			 k;

	for (k = 0; k < rs->nevents; k++) {
		if (strcmp(rs->events[k].kind, kind) == 0 &&
		    strstr(rs->events[k].text, needle) != NULL)
			return 1;
	}
	return 0;
}

/* How often needle occurs in s. */
static int
count_str(const char *s, const char *needle)
{
	int	n = 0;

	for (; (s = strstr(s, needle)) != NULL; s++)
		n++;
	return n;
}

/* How many events of kind node i's log holds. */
static size_t
r_count(struct rworld *w, int i, const char *kind)
{
	const struct rstate	*rs = w->nodes[i].rm->rs;
	size_t			 k, n = 0;

	for (k = 0; k < rs->nevents; k++)
		n += strcmp(rs->events[k].kind, kind) == 0;
	return n;
}

/* Node i's reply to a command line (new). */
static char *
r_command(struct rworld *w, int i, const char *line)
{
	char	*copy = xstrdup(line), *p = copy, *words[8], *reply;
	size_t	 n = 0;

	while (n < 8 && (words[n] = strsep(&p, " ")) != NULL)
		n++;
	reply = rm_command(w->nodes[i].rm, words, n);
	free(copy);
	return reply;
}

static void
test_partition_merge(void)
{
	struct rworld	*w = r_new();
	char		*reply;
	uint64_t	 version;

	r_run(w, 2000000);
	reply = rm_deploy(w->nodes[0].rm, policy, strlen(policy));
	free(reply);
	r_run(w, 500000);
	CU_ASSERT(r_agree(w));

	/* n3 alone: no quorum. Both sides change their state. */
	sim_partition(w->net, 3, 1);
	r_run(w, 2000000);
	CU_ASSERT(w->nodes[0].rm->nmembers == 2);
	CU_ASSERT(w->nodes[2].rm->nmembers == 1);
	CU_ASSERT(w->nodes[0].rm->quorate && !w->nodes[2].rm->quorate);
	rm_send_attr(w->nodes[0].rm, "n2", "standby", "on", 1);
	rm_send_attr(w->nodes[2].rm, "n3", "minority", "yes", 1);
	rm_send_attr(w->nodes[2].rm, "n3", "more", "yes", 1);
	rm_send_attr(w->nodes[2].rm, "n3", "andmore", "yes", 1);
	r_run(w, 500000);
	U_STREQ(r_perm(w, 2, "n3", "minority"), "yes");
	CU_ASSERT(r_perm(w, 0, "n3", "minority") == NULL);
	/* The minority made more updates, but the quorate side wins. */
	CU_ASSERT(w->nodes[2].rm->rs->version >
	    w->nodes[0].rm->rs->version);
	version = w->nodes[0].rm->rs->version;

	CU_ASSERT(r_logged(w, 2, "quorum", "quorum lost"));
	CU_ASSERT(r_logged(w, 0, "membership", "left n3 (failed)"));
	sim_heal(w->net);
	r_run(w, 3000000);
	CU_ASSERT(w->nodes[2].rm->nmembers == N);
	CU_ASSERT(r_agree(w));
	/* The log is the quorate side's, as the rest of the state. */
	CU_ASSERT(!r_logged(w, 2, "quorum", "quorum lost"));
	CU_ASSERT(r_logged(w, 2, "membership", "left n3 (failed)"));
	U_STREQ(r_perm(w, 2, "n2", "standby"), "on");
	CU_ASSERT(r_perm(w, 2, "n3", "minority") == NULL);
	/* n3's state lost: it announced itself (one more update). */
	CU_ASSERT(w->nodes[0].rm->rs->version == version + 1);
	CU_ASSERT(w->nodes[0].rm->ready[2]);

	/* A node that restarts with nothing gets the state. */
	r_crash(w, 1);
	r_run(w, 2000000);
	r_start(w, 1);
	CU_ASSERT(w->nodes[1].rm->rs->epoch == 0);
	r_run(w, 3000000);
	CU_ASSERT(r_agree(w));
	CU_ASSERT(w->nodes[1].rm->rs->epoch == 1);
	U_STREQ(r_perm(w, 1, "n2", "standby"), "on");
	r_free(w);
}

/* Maintenance mode and the cluster log, replicated. */
static void
test_maintenance_log(void)
{
	struct rworld	*w = r_new();
	struct buf	 b;
	char		*reply;
	int		 i;

	r_run(w, 2000000);
	reply = rm_deploy(w->nodes[1].rm, policy, strlen(policy));
	free(reply);
	r_run(w, 500000);
	CU_ASSERT(r_agree(w));
	for (i = 0; i < N; i++) {
		CU_ASSERT(r_logged(w, i, "membership", "members n1, n2, n3"));
		CU_ASSERT(r_logged(w, i, "deploy", "policy epoch 1 deployed"));
		CU_ASSERT(r_logged(w, i, "quorum", "quorum gained"));
	}
	/* Once each, from n1 (the lowest id) and n2 (the deployer). */
	U_STREQ(w->nodes[0].rm->rs->events[0].node, "n1");
	reply = r_command(w, 0, "history 0 0 text");
	U_CONTAINS(reply, "n2       deploy      policy epoch 1 deployed, "
	    "sha256 ");
	free(reply);

	reply = r_command(w, 2, "maintenance on");
	U_STREQ(reply, "maintenance on: resources are neither started, "
	    "stopped nor monitored until hacc maintenance off\n");
	free(reply);
	reply = r_command(w, 2, "maintenance on n9");
	U_STREQ(reply, "error: unknown node 'n9'\n");
	free(reply);
	reply = r_command(w, 2, "maintenance maybe");
	U_STREQ(reply, "error: usage: maintenance on|off [NODE]\n");
	free(reply);
	reply = r_command(w, 2, "maintenance off n1");
	U_STREQ(reply, "node n1: maintenance off (its resources are probed "
	    "again)\n");
	free(reply);
	r_run(w, 500000);
	CU_ASSERT(r_agree(w));
	for (i = 0; i < N; i++) {
		CU_ASSERT(w->nodes[i].rm->rs->maintenance);
		CU_ASSERT(w->nodes[i].rm->rs->m->props.maintenance_mode);
		CU_ASSERT(r_logged(w, i, "maintenance", "maintenance on "
		    "(cluster)"));
		CU_ASSERT(r_logged(w, i, "operator", "hacc maintenance on"));
		CU_ASSERT(r_logged(w, i, "maintenance", "maintenance off on "
		    "node n1: probing again"));
		CU_ASSERT(!r_logged(w, i, "operator", "maybe"));
	}
	buf_init(&b);
	rm_status(w->nodes[0].rm, &b, 0);
	buf_putc(&b, '\0');
	U_CONTAINS(b.data, "maintenance: on (hacc maintenance on): nothing "
	    "is started, stopped or monitored\n");
	buf_clear(&b);
	buf_init(&b);
	rm_status(w->nodes[0].rm, &b, 1);
	buf_putc(&b, '\0');
	U_CONTAINS(b.data, "\"maintenance\": true");
	buf_clear(&b);
	reply = r_ask(w, 1, "prop get maintenance-mode", NULL);
	U_STREQ(reply, "ok\ntrue");
	free(reply);

	/* hacc history: the last N, since a time, JSON, bad requests. */
	reply = r_command(w, 1, "history 2 0 json");
	U_CONTAINS(reply, "{\"events\": [{\"seq\": ");
	U_CONTAINS(reply, "\"node\": \"n3\", \"kind\": \"maintenance\", "
	    "\"text\": \"maintenance off on node n1: probing again\"}, {");
	U_CONTAINS(reply, "\"node\": \"n3\", \"kind\": \"operator\", "
	    "\"text\": \"hacc maintenance off n1\"}]}\n");
	CU_ASSERT(count_str(reply, "\"seq\"") == 2);
	free(reply);
	reply = r_command(w, 1, "history 0 99999999999 text");
	U_STREQ(reply, "no events\n");
	free(reply);
	reply = r_command(w, 1, "history 0 99999999999 json");
	U_STREQ(reply, "{\"events\": []}\n");
	free(reply);
	reply = r_command(w, 1, "history -1 0 text");
	U_STREQ(reply, "error: bad count '-1'\n");
	free(reply);
	reply = r_command(w, 1, "history 0 x text");
	U_STREQ(reply, "error: bad time 'x'\n");
	free(reply);
	reply = r_command(w, 1, "history");
	U_STREQ(reply, "error: usage: history N SINCE json|text\n");
	free(reply);

	reply = r_command(w, 0, "maintenance off");
	free(reply);
	reply = r_command(w, 0, "maintenance on n2");
	U_STREQ(reply, "node n2: maintenance on (its resources are neither "
	    "started, stopped nor monitored)\n");
	free(reply);
	r_run(w, 500000);
	CU_ASSERT(r_agree(w));
	CU_ASSERT(!w->nodes[2].rm->rs->maintenance);
	U_STREQ(r_perm(w, 2, "n2", "maintenance"), "on");
	buf_init(&b);
	rm_status(w->nodes[2].rm, &b, 0);
	buf_putc(&b, '\0');
	U_CONTAINS(b.data, " n2 maintenance,");
	CU_ASSERT(strstr(b.data, "\nmaintenance: on") == NULL);
	buf_clear(&b);
	free(r_command(w, 1, "maintenance off n2"));
	r_run(w, 500000);
	CU_ASSERT(r_perm(w, 0, "n2", "maintenance") == NULL);
	reply = r_ask(w, 1, "prop get maintenance-mode", NULL);
	U_STREQ(reply, "none\n");
	free(reply);

	/* A node that restarts with nothing gets the log. */
	r_crash(w, 2);
	r_run(w, 2000000);
	r_start(w, 2);
	r_run(w, 3000000);
	CU_ASSERT(r_agree(w));
	CU_ASSERT(r_logged(w, 2, "maintenance", "maintenance on (cluster)"));
	CU_ASSERT(r_logged(w, 2, "membership", "left n3 (failed)"));
	CU_ASSERT(r_logged(w, 2, "membership", "joined n3"));

	/* The lowest id restarts: quorum was never lost, nor logged so. */
	r_crash(w, 0);
	r_run(w, 2000000);
	r_start(w, 0);
	r_run(w, 3000000);
	CU_ASSERT(r_agree(w));
	CU_ASSERT(r_logged(w, 0, "membership", "joined n1"));
	CU_ASSERT(r_count(w, 0, "quorum") == 1);
	r_free(w);
}

static void
test_malformed(void)
{
	static const uint8_t	 bad[][12] = {
		{ 0 },					/* no type */
		{ 99, 1, 2, 3 },			/* unknown type */
		{ 4, 0, 2, 'n' },			/* a string cut */
		{ 4, 0, 1, 'n', 0, 1, 'x', 0, 1, 0 },	/* value cut */
		{ 5, 0, 1, 0, 0 },			/* a NUL in a name */
		{ 5, 0, 2, 'n', '1', 9 },		/* a bad event */
		{ 2, 0, 0, 0xff, 0xff, 0xff, 0xff },	/* blob too long */
	};
	struct rworld	*w = r_new();
	struct rm	*rm;
	const char	*before;
	uint8_t		 buf[64];
	size_t		 i, j;

	r_run(w, 2000000);
	rm = w->nodes[0].rm;
	before = r_state(w, 0);
	for (i = 0; i < nitems(bad); i++)
		rm_deliver(rm, 2, bad[i], i == 0 ? 0 : sizeof bad[i]);
	CU_ASSERT(rm->malformed == nitems(bad));
	/* Every prefix of a good message, and trailing bytes. */
	memcpy(buf, (const uint8_t[]){ 4, 0, 2, 'n', '2', 0, 1, 'a', 1, 1,
	    0, 1, 'b' }, 13);
	for (j = 1; j < 13; j++)
		rm_deliver(rm, 2, buf, j);
	buf[13] = 0;
	rm_deliver(rm, 2, buf, 14);
	CU_ASSERT(rm->malformed == nitems(bad) + 13);
	U_STREQ(r_state(w, 0), before);
	rm_deliver(rm, 2, buf, 13);
	U_STREQ(r_perm(w, 0, "n2", "a"), "b");
	r_free(w);
}

static const struct unit_test rm_tests[] = {
	{ "synchronisation, deploy, commands", test_sync_deploy },
	{ "the requests of the tools' stand-ins", test_attr_requests },
	{ "partition: the quorate side wins; restarts", test_partition_merge },
	{ "maintenance and the cluster log", test_maintenance_log },
	{ "malformed messages", test_malformed },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "rm", rm_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
