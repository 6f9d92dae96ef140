/*
 * daemon.c: hacd, put together: from the checked model of a policy (its
 * cluster block: nodes, ring settings, quorum options, key file) to a
 * running node: the udp transport, the sealing context, the ring and the
 * quorum calculator on one event loop, the resource manager (rm.c: the
 * replicated state, the coordinator, the agents), the control socket
 * that `hacc status`, `hacc deploy` and the other commands use, and the
 * log. SIGTERM and SIGINT move this node's resources away, then leave the
 * ring cleanly and stop (a second signal leaves at once). hacd.c only
 * parses arguments and loads the policy.
 *
 * hacd runs at a real-time priority where the system allows it, as
 * Corosync does: a deploy starts hundreds of agents at once, and with
 * them runnable a daemon of ordinary priority can miss its token and be
 * fenced by its peers. Its children (agents, fence agents) start at the
 * ordinary priority (SCHED_RESET_ON_FORK).
 */
#include "config.h"

#include <sys/time.h>

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compiler.h"
#include "runtime.h"

#define DAEMON_KEY_DEFAULT	"/etc/hacc/authkey"
#define DAEMON_SHUTDOWN_US	(120 * 1000000ULL)
#define DAEMON_RT_PRIORITY	10	/* SCHED_RR, under the kernel's own */

struct daemon {
	struct loop		*loop;
	struct transport	*t;
	struct wire		*w;
	struct ring		*ring;
	struct quorum		*quorum;
	struct control		*ctl;
	struct rm		*rm;
	char			*cluster;
	char			*names[RING_MAX_NODES];
	uint32_t		 ids[RING_MAX_NODES];
	int			 votes[RING_MAX_NODES];
	char			*addrs[RING_MAX_NODES];
	size_t			 n;
	size_t			 self;
	uint64_t		 token_us;
	uint64_t		 started;
	uint64_t		 config_changes;
};

/* The name of node id, or "?". */
static const char *
daemon_name(const struct daemon *d, uint32_t id)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		if (d->ids[i] == id)
			return d->names[i];
	}
	return "?";
}

/* Append a list of node names to b. */
static void
daemon_names(const struct daemon *d, struct buf *b, const uint32_t *ids,
    size_t n, int json)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (json)
			buf_printf(b, "%s\"%s\"", i ? ", " : "",
			    daemon_name(d, ids[i]));
		else
			buf_printf(b, "%s%s", i ? " " : "",
			    daemon_name(d, ids[i]));
	}
}

/* The ring's configuration changes: log them, tell quorum. */
static void
daemon_confchg(void *arg, const struct ring_conf *c)
{
	struct daemon	*d = arg;
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	daemon_names(d, &b, c->members, c->nmembers, 0);
	if (c->transitional) {
		log_msg(LOG_LEVEL_DEBUG, "ring", "transitional configuration: "
		    "%s", b.data);
		buf_clear(&b);
		return;
	}
	d->config_changes++;
	log_msg(LOG_LEVEL_NOTICE, "ring", "ring %u/%llu: members %s",
	    c->id.rep, (unsigned long long)c->id.seq, b.data);
	for (i = 0; i < c->nleft; i++)
		log_msg(LOG_LEVEL_NOTICE, "ring", "node %s left (%s)",
		    daemon_name(d, c->left[i]),
		    c->reasons[i] == RING_REASON_LEAVE ? "leave" : "failed");
	buf_clear(&b);
	if (d->rm != NULL)
		rm_confchg(d->rm, c);
	quorum_members(d->quorum, c->members, c->nmembers);
}

static void
daemon_deliver(void *arg, uint32_t origin, const char *group,
    const uint8_t *data, size_t len)
{
	struct daemon	*d = arg;

	if (d->rm != NULL && strcmp(group, "rm") == 0)
		rm_deliver(d->rm, origin, data, len);
	else
		log_msg(LOG_LEVEL_DEBUG, "ring", "message of %zu bytes from "
		    "%u to group %s", len, origin, group);
}

static void
daemon_ring_log(void *arg, enum ring_log_level level, const char *msg)
{
	static const enum log_level	map[] = { LOG_LEVEL_DEBUG,
					    LOG_LEVEL_INFO, LOG_LEVEL_WARNING };

	log_msg(map[level], "ring", "%s", msg);
}

static void
daemon_quorum(void *arg, const struct quorum_status *st)
{
	struct daemon	*d = arg;

	if (d->rm != NULL)
		rm_quorum(d->rm, st->quorate);
	log_msg(st->quorate ? LOG_LEVEL_NOTICE : LOG_LEVEL_WARNING, "quorum",
	    "%s: %d of %d expected votes, %d needed%s%s",
	    st->quorate ? "quorate" : "NOT quorate", st->total, st->expected,
	    st->needed, st->waiting ? " (waiting for all nodes)" : "",
	    st->tie_broken ? " (tie broken)" : "");
}

/* The counters of the status, in the order daemon_status fills them. */
static const char *const counter_names[] = {
	"sent", "delivered", "retransmits", "token_retransmits",
	"token_losses", "configurations", "auth_failures", "replays",
	"foreign", "malformed", "send_errors"
};

/* The status as text or JSON (returned new). */
char *
daemon_status(struct daemon *d, int json)
{
	const struct ring_stats		*rs = ring_stats(d->ring);
	const struct wire_stats		*ws = wire_stats(d->w);
	const struct quorum_status	*qs = quorum_status(d->quorum);
	struct ring_id			 id;
	uint32_t			 members[RING_MAX_NODES];
	struct buf			 b;
	uint64_t			 now = loop_now(d->loop), heard;
	uint64_t			 counters[nitems(counter_names)];
	size_t				 n, i;

	n = ring_members(d->ring, &id, members);
	buf_init(&b);
	if (json) {
		buf_printf(&b, "{\"cluster\": \"%s\", \"node\": \"%s\", "
		    "\"id\": %u, \"state\": \"%s\", \"ring\": \"%u/%llu\", "
		    "\"members\": [", d->cluster, d->names[d->self],
		    d->ids[d->self], ring_state_name(ring_state(d->ring)),
		    id.rep, (unsigned long long)id.seq);
		daemon_names(d, &b, members, n, 1);
		buf_printf(&b, "], \"quorum\": {\"quorate\": %s, \"votes\": "
		    "%d, \"expected\": %d, \"needed\": %d, \"waiting\": %s}, "
		    "\"peers\": [", qs->quorate ? "true" : "false", qs->total,
		    qs->expected, qs->needed, qs->waiting ? "true" : "false");
	} else {
		buf_printf(&b, "cluster %s, node %s (id %u), up %llus\n"
		    "ring %u/%llu, %s, %zu members: ", d->cluster,
		    d->names[d->self], d->ids[d->self],
		    (unsigned long long)((now - d->started) / 1000000),
		    id.rep, (unsigned long long)id.seq,
		    ring_state_name(ring_state(d->ring)), n);
		daemon_names(d, &b, members, n, 0);
		buf_printf(&b, "\nquorum: %s, %d votes of %d expected, %d "
		    "needed%s\npeers:\n", qs->quorate ? "quorate" :
		    "NOT quorate", qs->total, qs->expected, qs->needed,
		    qs->waiting ? ", waiting for all nodes" : "");
	}
	for (i = 0; i < d->n; i++) {
		if (i == d->self)
			continue;
		heard = ring_heard(d->ring, d->ids[i]);
		if (json)
			buf_printf(&b, "%s{\"name\": \"%s\", \"id\": %u, "
			    "\"addr\": \"%s\", \"heard_ms_ago\": %lld}",
			    i == 0 || (d->self == 0 && i == 1) ? "" : ", ",
			    d->names[i], d->ids[i], d->addrs[i],
			    heard == 0 ? -1LL : (long long)((now - heard) /
			    1000));
		else if (heard == 0)
			buf_printf(&b, "  %-16s %-24s never heard\n",
			    d->names[i], d->addrs[i]);
		else
			buf_printf(&b, "  %-16s %-24s heard %llu ms ago\n",
			    d->names[i], d->addrs[i],
			    (unsigned long long)((now - heard) / 1000));
	}
	counters[0] = rs->msgs_sent;
	counters[1] = rs->msgs_delivered;
	counters[2] = rs->retransmits;
	counters[3] = rs->token_retransmits;
	counters[4] = rs->token_losses;
	counters[5] = rs->configs;
	counters[6] = ws->auth;
	counters[7] = ws->replay;
	counters[8] = ws->foreign + rs->foreign;
	counters[9] = ws->malformed + rs->malformed;
	counters[10] = d->t->stats.send_errors;
	buf_puts(&b, json ? "], \"counters\": {" : "counters:");
	for (i = 0; i < nitems(counter_names); i++) {
		if (json)
			buf_printf(&b, "%s\"%s\": %llu", i ? ", " : "",
			    counter_names[i], (unsigned long long)counters[i]);
		else
			buf_printf(&b, "%s %llu %s", i ? "," : "",
			    (unsigned long long)counters[i], counter_names[i]);
	}
	buf_puts(&b, json ? "}" : "\n");
	rm_status(d->rm, &b, json);
	buf_puts(&b, json ? "}\n" : "");
	return buf_detach(&b);
}

/*
 * A control request: status, deploy, a request of the tools' stand-ins or
 * a command of rm.c.
 */
static char *
daemon_control(void *arg, const char *line, const char *data, size_t len)
{
	struct daemon	*d = arg;
	char		*copy, *p, *w, *words[8], *reply = NULL;
	size_t		 n = 0;

	if (data != NULL && strcmp(line, "deploy") == 0)
		return rm_deploy(d->rm, data, len);
	if (data == NULL && strcmp(line, "status") == 0)
		return daemon_status(d, 0);
	if (data == NULL && strcmp(line, "status json") == 0)
		return daemon_status(d, 1);
	copy = p = xstrdup(line);
	while ((w = strsep(&p, " ")) != NULL && n < nitems(words)) {
		if (*w != '\0')
			words[n++] = w;
	}
	if (n > 0 && w == NULL) {
		reply = rm_attr_command(d->rm, words, n, data, len);
		if (reply == NULL && data != NULL)
			xasprintf(&reply, "error: '%.64s' takes no data\n",
			    line);
		else if (reply == NULL)
			reply = rm_command(d->rm, words, n);
	}
	free(copy);
	if (reply == NULL)
		xasprintf(&reply, "error: unknown request '%.64s'\n", line);
	return reply;
}

/* rm.c's way out: leave the ring, stop the loop. */
static void
daemon_leave(void *arg)
{
	struct daemon	*d = arg;

	ring_leave(d->ring);
	loop_stop(d->loop);
}

static void
daemon_signal(int signo, void *arg)
{
	struct daemon	*d = arg;

	if (d->rm->shutting_down) {
		log_msg(LOG_LEVEL_NOTICE, "hacd", "signal %d again: leaving "
		    "the ring now", signo);
		rm_leave(d->rm);
		return;
	}
	log_msg(LOG_LEVEL_NOTICE, "hacd", "signal %d: stopping", signo);
	rm_shutdown(d->rm, DAEMON_SHUTDOWN_US);
}

/* Before the loop sleeps: save the replicated state if it changed. */
static void
daemon_before_sleep(void *arg)
{
	struct daemon	*d = arg;

	rm_flush(d->rm);
}

/* The tie-breaker settings of auto_tie_breaker_node. */
static int
daemon_atb(struct daemon *d, const char *spec, struct quorum_config *qc,
    uint32_t *atb, char **cause)
{
	char	*copy, *p, *word;
	size_t	 i;

	qc->atb_highest = strcmp(spec, "highest") == 0;
	if (strcmp(spec, "lowest") == 0 || strcmp(spec, "highest") == 0)
		return 0;
	copy = p = xstrdup(spec);
	while ((word = strsep(&p, ", ")) != NULL && qc->atb_n < RING_MAX_NODES) {
		if (*word == '\0')
			continue;
		for (i = 0; i < d->n && strcmp(d->names[i], word) != 0; i++)
			;
		if (i == d->n) {
			xasprintf(cause, "auto_tie_breaker_node: no node '%s'",
			    word);
			free(copy);
			return -1;
		}
		atb[qc->atb_n++] = d->ids[i];
	}
	free(copy);
	qc->atb_nodes = atb;
	return 0;
}

/* Copy the nodes of the model; -1 with *cause if hacd cannot use them. */
static int
daemon_nodes(struct daemon *d, struct ctx *ctx, const struct model *m,
    const char *node, char **cause)
{
	const char	*file;
	size_t		 i;

	if (m->nnodes == 0 || m->nnodes > RING_MAX_NODES) {
		xasprintf(cause, "the cluster block needs 1 to %d nodes, not "
		    "%zu", RING_MAX_NODES, m->nnodes);
		return -1;
	}
	d->n = m->nnodes;
	d->self = d->n;
	for (i = 0; i < d->n; i++) {
		file = ctx->sources[m->nodes[i]->loc.file]->name;
		if (m->nodes[i]->id == 0) {
			xasprintf(cause, "%s:%d: node '%s' has no id (hacd "
			    "needs one on every node)", file,
			    m->nodes[i]->loc.line, m->nodes[i]->name);
			return -1;
		}
		if (m->nodes[i]->naddrs == 0) {
			xasprintf(cause, "%s:%d: node '%s' has no addr (hacd "
			    "needs one on every node)", file,
			    m->nodes[i]->loc.line, m->nodes[i]->name);
			return -1;
		}
		d->names[i] = xstrdup(m->nodes[i]->name);
		d->ids[i] = m->nodes[i]->id;
		d->votes[i] = m->nodes[i]->votes;
		d->addrs[i] = xstrdup(m->nodes[i]->addrs[0]);
		if (strcmp(d->names[i], node) == 0)
			d->self = i;
	}
	if (d->self == d->n) {
		xasprintf(cause, "node '%s' is not in cluster '%s'", node,
		    m->cluster_name);
		return -1;
	}
	return 0;
}

/* The key file the policy names, or the default. */
static const char *
daemon_keyfile(const struct model *m)
{
	return m->ring.key_file != NULL ? m->ring.key_file :
	    DAEMON_KEY_DEFAULT;
}

/*
 * Check what daemon_new needs of the model (ctx: where it was read) for
 * node, without opening anything but the key file; 0, or -1 with *cause.
 */
int
daemon_check(struct ctx *ctx, const struct model *m, const char *node,
    char **cause)
{
	struct daemon	*d;
	uint8_t		 key[WIRE_KEY_LEN];
	char		*why = NULL;
	int		 rc = 0;

	if (m->cluster_name == NULL) {
		xasprintf(cause, "the policy has no cluster block");
		return -1;
	}
	d = xcalloc(1, sizeof *d);
	if (daemon_nodes(d, ctx, m, node, cause) == -1)
		rc = -1;
	else if (wire_key_read(daemon_keyfile(m), key, &why) == -1) {
		xasprintf(cause, "key: %s (hacc keygen -o %s makes one)", why,
		    daemon_keyfile(m));
		rc = -1;
	}
	memset(key, 0, sizeof key);
	free(why);
	daemon_free(d);
	return rc;
}

/*
 * A node of the cluster in model (ctx: where it was read), as node (its
 * name), serving its control socket at sock, keeping the replicated
 * state in statedir (NULL: nowhere) and running agents as ec says (NULL:
 * the defaults). NULL with *cause (owned by the caller) when the policy
 * lacks what hacd needs, the key or the state cannot be read or a socket
 * not opened.
 */
struct daemon *
daemon_new(struct ctx *ctx, const struct model *m, const char *node,
    const char *sock, const char *statedir, const struct exec_config *ec,
    char **cause)
{
	struct daemon		*d;
	struct udp_peer		 peers[RING_MAX_NODES];
	struct ring_config	 rc;
	struct quorum_config	 qc;
	struct ring_callbacks	 cb;
	uint32_t		 atb[RING_MAX_NODES];
	uint8_t			 key[WIRE_KEY_LEN];
	uint64_t		 salt;
	const char		*keyfile;
	char			*why = NULL;
	size_t			 i;

	if (m->cluster_name == NULL) {
		xasprintf(cause, "the policy has no cluster block");
		return NULL;
	}
	if (strcmp(m->ring.transport, "udp") != 0) {
		xasprintf(cause, "transport '%s' is not supported (udp is)",
		    m->ring.transport);
		return NULL;
	}
	d = xcalloc(1, sizeof *d);
	d->cluster = xstrdup(m->cluster_name);
	if (daemon_nodes(d, ctx, m, node, cause) == -1)
		goto fail;
	keyfile = daemon_keyfile(m);
	if (wire_key_read(keyfile, key, &why) == -1) {
		xasprintf(cause, "key: %s (hacc keygen -o %s makes one)", why,
		    keyfile);
		goto fail;
	}
	d->loop = loop_new(NULL);
	d->started = loop_now(d->loop);
	for (i = 0; i < d->n; i++) {
		peers[i].id = d->ids[i];
		peers[i].addr = d->addrs[i];
		peers[i].port = 0;
	}
	d->t = udp_new(d->loop, d->ids[d->self], peers, d->n, m->ring.port,
	    (size_t)m->ring.mtu, &why);
	if (d->t == NULL) {
		xasprintf(cause, "udp: %s", why);
		goto fail;
	}
	if (wire_random(&salt, sizeof salt) == -1) {
		xasprintf(cause, "no random bytes from the system");
		goto fail;
	}
	d->w = wire_new(key, d->cluster, d->ids[d->self], loop_realtime(),
	    salt);
	memset(key, 0, sizeof key);

	memset(&qc, 0, sizeof qc);
	qc.ids = d->ids;
	qc.votes = d->votes;
	qc.n = d->n;
	qc.expected_votes = m->quorum.expected_votes;
	qc.two_node = m->quorum.two_node;
	qc.wait_for_all = m->quorum.wait_for_all;
	qc.last_man_standing = m->quorum.last_man_standing;
	qc.lms_window_us = m->quorum.last_man_standing_window_ms * 1000;
	qc.auto_tie_breaker = m->quorum.auto_tie_breaker;
	if (qc.auto_tie_breaker && m->quorum.auto_tie_breaker_node != NULL &&
	    daemon_atb(d, m->quorum.auto_tie_breaker_node, &qc, atb,
	    cause) == -1)
		goto fail;
	if ((d->quorum = quorum_new(d->loop, &qc, daemon_quorum, d,
	    cause)) == NULL)
		goto fail;

	memset(&rc, 0, sizeof rc);
	rc.self = d->ids[d->self];
	rc.nodes = d->ids;
	rc.nnodes = d->n;
	rc.token_us = m->ring.token_ms * 1000;
	rc.consensus_us = m->ring.consensus_ms * 1000;
	rc.join_us = m->ring.join_ms * 1000;
	rc.window_size = (unsigned int)m->ring.window_size;
	rc.max_messages = (unsigned int)m->ring.max_messages;
	rc.boot_us = loop_realtime();
	d->token_us = rc.token_us;
	cb.deliver = daemon_deliver;
	cb.confchg = daemon_confchg;
	cb.log = daemon_ring_log;
	cb.arg = d;
	if ((d->ring = ring_new(d->loop, d->t, d->w, &rc, &cb, &why)) ==
	    NULL) {
		xasprintf(cause, "ring: %s", why);
		goto fail;
	}
	if ((d->rm = rm_new(d->loop, d->ring, d->cluster, d->names, d->ids,
	    d->n, d->self, statedir, ec, daemon_leave, d, cause)) == NULL)
		goto fail;
	loop_before_sleep(d->loop, daemon_before_sleep, d);
	if ((d->ctl = control_open(d->loop, sock, daemon_control, d,
	    cause)) == NULL)
		goto fail;
	if (loop_signal(d->loop, SIGTERM, daemon_signal, d, cause) == -1 ||
	    loop_signal(d->loop, SIGINT, daemon_signal, d, cause) == -1)
		goto fail;
	signal(SIGPIPE, SIG_IGN);
	log_msg(LOG_LEVEL_NOTICE, "hacd", "node %s (id %u) of cluster %s on "
	    "%s port %d, token %llu ms", d->names[d->self], d->ids[d->self],
	    d->cluster, d->addrs[d->self], m->ring.port,
	    (unsigned long long)m->ring.token_ms);
	free(why);
	return d;

fail:
	free(why);
	daemon_free(d);
	return NULL;
}

/*
 * Run the daemon at a low real-time priority, its children not; without
 * the privilege (or SCHED_RESET_ON_FORK) it stays where it is.
 */
static void
daemon_realtime(void)
{
#ifdef SCHED_RESET_ON_FORK
	struct sched_param	sp;

	memset(&sp, 0, sizeof sp);
	sp.sched_priority = DAEMON_RT_PRIORITY;
	if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) == 0) {
		log_msg(LOG_LEVEL_INFO, "hacd", "real-time priority %d "
		    "(SCHED_RR)", sp.sched_priority);
		return;
	}
	log_msg(LOG_LEVEL_WARNING, "hacd", "no real-time priority: %s; a busy "
	    "node may miss its token", strerror(errno));
#else
	log_msg(LOG_LEVEL_WARNING, "hacd", "no real-time priority on this "
	    "system; a busy node may miss its token");
#endif
}

/* Run until a signal stops the daemon. */
void
daemon_run(struct daemon *d)
{
	daemon_realtime();
	loop_run(d->loop);
}

/* Free a daemon; NULL is a no-op. */
void
daemon_free(struct daemon *d)
{
	size_t	i;

	if (d == NULL)
		return;
	control_close(d->ctl);
	rm_flush(d->rm);
	rm_free(d->rm);
	if (d->ring != NULL && ring_state(d->ring) != RING_LEFT)
		ring_leave(d->ring);
	ring_free(d->ring);
	quorum_free(d->quorum);
	transport_free(d->t);
	wire_free(d->w);
	loop_free(d->loop);
	for (i = 0; i < d->n; i++) {
		free(d->names[i]);
		free(d->addrs[i]);
	}
	free(d->cluster);
	free(d);
}
