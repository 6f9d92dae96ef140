/*
 * rm.c: the resource manager of a node, on the ring's group "rm": the
 * replicated state machine (rstate.c) that every member changes in the
 * ring's agreed order, its synchronisation when nodes join, the local
 * side that runs what the coordinator asks of this node (exec.c, recur.c,
 * fence.c) and reports the results, the operator's commands, and the
 * events of the cluster log (hacc history) that only this side sees:
 * membership and quorum (sent by the lowest-id member), fencing,
 * commands. The coordinator (coord.c) runs on the lowest-id member.
 *
 * BACKGROUND: Pacemaker keeps this state in the CIB, replicated by its
 * own protocol over Corosync's CPG, and re-syncs a joining node from the
 * DC. Here every update is a ring message and is applied when it is
 * delivered, so members in one regular configuration hold the same state
 * (extended virtual synchrony: members that move together between rings
 * deliver the same messages).
 *
 * BEHAVIOR, synchronisation: after a regular configuration in which a
 * node joined (or while one is still synchronising), every member sends
 * a snapshot of its state tagged with the configuration, with whether its
 * previous configuration was quorate, its policy epoch and its update
 * count, and whether it has never synchronised since it started.
 * Updates delivered until every member's snapshot is in are kept aside.
 * Then every member picks the same best snapshot (previously quorate
 * first, then the highest epoch, then the most updates, then the lowest
 * id), takes it, and applies the updates kept aside. A node whose own
 * snapshot differed from the winner, or that just started, announces
 * itself up: its histories are forgotten, so the coordinator probes what
 * it runs (Pacemaker refreshes a joining node's status the same way).
 *
 * Messages: the first byte is the type; integers are big-endian; strings
 * are a 16-bit length and bytes (no NUL), blobs a 32-bit length. A
 * message that does not decode is counted and dropped.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compiler.h"
#include "sched.h"
#include "runtime.h"

#define RM_GROUP	"rm"
#define RM_STR_MAX	4096
#define RM_MS_MAX	UINT32_MAX	/* intervals, timeouts: as Pacemaker's */
#define RM_TIME_MAX	253402300799LL	/* 9999-12-31T23:59:59Z */
#define RM_LEAVE_WAIT_US	(2 * 1000000ULL)
#define RM_TRIM_US	(2 * 1000000ULL)	/* quiet before malloc_trim */

enum rm_type {
	RM_SNAPSHOT = 1,
	RM_POLICY,
	RM_OP,
	RM_ATTR,
	RM_NODE,
	RM_CLEANUP,
	RM_EXEC,
	RM_DONE,
	RM_CONS,
	RM_MAINT,
	RM_EVENT
};

/* A decoded message; strings live in the decoder's arena. */
struct rm_msg {
	uint8_t		 type;
	/* SNAPSHOT */
	struct ring_id	 conf;
	uint8_t		 was_quorate;
	uint8_t		 fresh;
	uint64_t	 epoch;
	uint64_t	 version;
	const char	*blob;		/* SNAPSHOT, POLICY */
	size_t		 bloblen;
	/* OP, ATTR, NODE, CLEANUP, EXEC, DONE */
	const char	*node;
	const char	*rsc;
	const char	*task;
	uint64_t	 interval_ms;
	uint64_t	 timeout_ms;
	int32_t		 rc;
	int32_t		 status;
	int32_t		 expected_rc;
	int64_t		 time;
	const char	*reason;
	uint32_t	 coord;
	uint32_t	 tid;
	uint32_t	 aid;
	const char	*name;		/* ATTR */
	const char	*value;		/* ATTR: NULL removes */
	uint8_t		 flag;		/* ATTR permanent, NODE event,
					   CLEANUP history */
	const char	*target;	/* EXEC stonith */
	const char	*action;
	const char	*kind;		/* EVENT */
	const char	*text;
	const char	*hist;		/* EXEC */
	const char	*meta;		/* EXEC */
};

/* An update kept aside while synchronising. */
struct rm_held {
	uint32_t	 origin;
	uint8_t		*data;
	size_t		 len;
};

/* A recurring operation this node runs: its first result is awaited. */
struct rm_mon {
	struct rm	*rm;
	char		*key;
	char		*rsc;
	uint64_t	 interval_ms;
	int		 expected_rc;
	int		 first;
	uint32_t	 coord, tid, aid;
	struct rm_mon	*next;
};

/* The request a resource was last started with on this node. */
struct rm_last {
	struct arena		*a;
	struct exec_request	 req;
	struct rm_last		*next;
};

/* An action running on this node for the coordinator. */
struct rm_run {
	struct rm	*rm;
	struct exec_op	*op;
	char		*rsc;		/* the instance */
	char		*hist;		/* its history here: its results,
					   monitors and runs go by it */
	char		*meta;		/* more meta attributes (notify) */
	char		*task;
	char		*target;	/* stonith */
	char		*action;	/* stonith: reboot, off */
	uint64_t	 interval_ms;
	uint64_t	 timeout_ms;
	int		 expected_rc;
	uint32_t	 coord, tid, aid;
	int		 queued;	/* waits for its resource */
	struct rm_run	*next;
};

static void	rm_apply(struct rm *, uint32_t, const struct rm_msg *);
static void	rm_left(void *);
static char	*rm_command_change(struct rm *, char **, size_t);
static void	rm_json_str(struct buf *, const char *);
static void	rm_quorum_event(struct rm *);

/* --- encoding --------------------------------------------------------- */

/* Append an integer, big-endian. */
static void
rm_put8(struct buf *b, uint8_t v)
{
	buf_add(b, &v, 1);
}

static void
rm_put32(struct buf *b, uint32_t v)
{
	uint8_t	p[4] = { v >> 24, v >> 16, v >> 8, v };

	buf_add(b, p, 4);
}

static void
rm_put64(struct buf *b, uint64_t v)
{
	rm_put32(b, (uint32_t)(v >> 32));
	rm_put32(b, (uint32_t)v);
}

/* Append a string: its 16-bit length, then its bytes (cut at the max). */
static void
rm_putstr(struct buf *b, const char *s)
{
	size_t	len = s != NULL ? strlen(s) : 0;
	uint8_t	p[2];

	if (len > RM_STR_MAX)
		len = RM_STR_MAX;
	p[0] = (uint8_t)(len >> 8);
	p[1] = (uint8_t)len;
	buf_add(b, p, 2);
	if (len > 0)
		buf_add(b, s, len);
}

/* A string of the message, NUL-ended in a; NULL marks an error. */
static const char *
rm_getstr(struct wire_reader *r, struct arena *a)
{
	const uint8_t	*p;
	uint16_t	 len;

	len = wire_get16(r);
	if (len > RM_STR_MAX || (p = wire_getbytes(r, len)) == NULL ||
	    r->error || memchr(p, '\0', len) != NULL) {
		r->error = 1;
		return "";
	}
	return arena_strndup(a, (const char *)p, len);
}

/* A blob of the message (pointing into it). */
static const char *
rm_getblob(struct wire_reader *r, size_t *len)
{
	const uint8_t	*p;
	uint32_t	 n;

	n = wire_get32(r);
	if (n > RING_MSG_MAX || (p = wire_getbytes(r, n)) == NULL) {
		r->error = 1;
		*len = 0;
		return "";
	}
	*len = n;
	return (const char *)p;
}

/*
 * Decode a message; 0, or -1 when it is malformed (short, a string too
 * long or with a NUL, an unknown type, bytes left over).
 */
static int
rm_decode(const uint8_t *data, size_t len, struct arena *a,
    struct rm_msg *m)
{
	struct wire_reader	r;

	memset(m, 0, sizeof *m);
	wire_reader_init(&r, data, len);
	m->type = wire_get8(&r);
	switch (m->type) {
	case RM_SNAPSHOT:
		m->conf.rep = wire_get32(&r);
		m->conf.seq = wire_get64(&r);
		m->was_quorate = wire_get8(&r);
		m->fresh = wire_get8(&r);
		m->epoch = wire_get64(&r);
		m->version = wire_get64(&r);
		m->blob = rm_getblob(&r, &m->bloblen);
		break;
	case RM_POLICY:
		m->node = rm_getstr(&r, a);
		m->time = (int64_t)wire_get64(&r);
		m->blob = rm_getblob(&r, &m->bloblen);
		if (m->time < 0 || m->time > RM_TIME_MAX)
			r.error = 1;
		break;
	case RM_OP:
		m->node = rm_getstr(&r, a);
		m->rsc = rm_getstr(&r, a);
		m->task = rm_getstr(&r, a);
		m->interval_ms = wire_get64(&r);
		m->rc = (int32_t)wire_get32(&r);
		m->status = (int32_t)wire_get32(&r);
		m->expected_rc = (int32_t)wire_get32(&r);
		m->time = (int64_t)wire_get64(&r);
		m->reason = rm_getstr(&r, a);
		m->coord = wire_get32(&r);
		m->tid = wire_get32(&r);
		m->aid = wire_get32(&r);
		if (m->status < OPST_PENDING || m->status > 11 ||
		    m->rc < 0 || m->rc > 255 || m->expected_rc < -1 ||
		    m->expected_rc > 255 || m->interval_ms > RM_MS_MAX ||
		    m->time < 0 || m->time > RM_TIME_MAX)
			r.error = 1;
		break;
	case RM_ATTR:
		m->node = rm_getstr(&r, a);
		m->name = rm_getstr(&r, a);
		m->flag = wire_get8(&r);
		if (wire_get8(&r))
			m->value = rm_getstr(&r, a);
		if (strpbrk(m->name, "\t\n") != NULL || (m->value != NULL &&
		    strpbrk(m->value, "\t\n") != NULL))
			r.error = 1;
		break;
	case RM_NODE:
		m->node = rm_getstr(&r, a);
		m->flag = wire_get8(&r);
		if (m->flag > RSTATE_FENCED)
			r.error = 1;
		break;
	case RM_CLEANUP:
		m->rsc = rm_getstr(&r, a);
		m->node = rm_getstr(&r, a);
		m->flag = wire_get8(&r);
		if (m->flag & ~(RM_CLEANUP_HISTORY | RM_CLEANUP_COORD))
			r.error = 1;
		break;
	case RM_EXEC:
		m->coord = wire_get32(&r);
		m->tid = wire_get32(&r);
		m->aid = wire_get32(&r);
		m->node = rm_getstr(&r, a);
		m->rsc = rm_getstr(&r, a);
		m->task = rm_getstr(&r, a);
		m->interval_ms = wire_get64(&r);
		m->timeout_ms = wire_get64(&r);
		m->expected_rc = (int32_t)wire_get32(&r);
		m->target = rm_getstr(&r, a);
		m->action = rm_getstr(&r, a);
		m->hist = rm_getstr(&r, a);
		m->meta = rm_getstr(&r, a);
		if (m->interval_ms > RM_MS_MAX || m->timeout_ms > RM_MS_MAX)
			r.error = 1;
		break;
	case RM_DONE:
		m->coord = wire_get32(&r);
		m->tid = wire_get32(&r);
		m->aid = wire_get32(&r);
		m->rc = (int32_t)wire_get32(&r);
		m->reason = rm_getstr(&r, a);
		break;
	case RM_CONS:
		m->flag = wire_get8(&r);
		m->rsc = rm_getstr(&r, a);
		m->node = rm_getstr(&r, a);
		if (m->flag > RSTATE_CLEAR || !value_is_name(m->rsc) ||
		    (m->node[0] != '\0' && !value_is_name(m->node)) ||
		    (m->node[0] == '\0' && m->flag != RSTATE_CLEAR))
			r.error = 1;
		break;
	case RM_MAINT:
		m->flag = wire_get8(&r);
		m->node = rm_getstr(&r, a);
		m->time = (int64_t)wire_get64(&r);
		if (m->flag > 1 || m->time < 0 || m->time > RM_TIME_MAX)
			r.error = 1;
		break;
	case RM_EVENT:
		m->time = (int64_t)wire_get64(&r);
		m->kind = rm_getstr(&r, a);
		m->text = rm_getstr(&r, a);
		if (m->time < 0 || m->time > RM_TIME_MAX ||
		    !rstate_log_kind(m->kind))
			r.error = 1;
		break;
	default:
		return -1;
	}
	if (r.error || r.off != r.len)
		return -1;
	return 0;
}

/* Whether task is an operation a history records (or cancel, delete). */
static int
rm_known_task(const char *task)
{
	static const char *const	tasks[] = {
		"start", "stop", "monitor", "promote", "demote", "notify",
		"migrate_to", "migrate_from", "reload", "reload-agent",
		"validate-all", "meta-data", "status", "cancel", "delete"
	};
	size_t				i;

	for (i = 0; i < nitems(tasks); i++) {
		if (strcmp(task, tasks[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether the nodes a decoded update names are configured ones (the
 * state holds no other; a cleanup may name none), and a result's task
 * one the state can hold.
 */
static int
rm_known_nodes(const struct rm *rm, const struct rm_msg *m)
{
	switch (m->type) {
	case RM_OP:
		return rm_index_name(rm, m->node) < rm->n &&
		    rm_known_task(m->task);
	case RM_ATTR:
	case RM_NODE:
		return rm_index_name(rm, m->node) < rm->n;
	case RM_CLEANUP:
	case RM_CONS:
	case RM_MAINT:
		return m->node[0] == '\0' || rm_index_name(rm, m->node) < rm->n;
	}
	return 1;
}

/*
 * Send an encoded message to the group (flags: RING_SAFE); log when the
 * ring refuses it.
 */
static int
rm_send_flags(struct rm *rm, struct buf *b, int flags)
{
	int	rc;

	rc = ring_mcast(rm->ring, RM_GROUP, b->data, b->len, flags);
	if (rc == -1)
		log_msg(LOG_LEVEL_WARNING, "rm", "cannot send a message of %zu "
		    "bytes: %s", b->len, strerror(errno));
	buf_clear(b);
	return rc;
}

/* Send an encoded message to the group in agreed order. */
static int
rm_send(struct rm *rm, struct buf *b)
{
	return rm_send_flags(rm, b, 0);
}

/* The current time in epoch seconds. */
static int64_t
rm_time(void)
{
	return (int64_t)(loop_realtime() / 1000000);
}

/* Report an operation's result to every member. */
static void
rm_send_op(struct rm *rm, const char *rsc, const char *task,
    uint64_t interval, int rc, int status, int expected, const char *reason,
    uint32_t coord, uint32_t tid, uint32_t aid)
{
	struct buf	b;

	buf_init(&b);
	rm_put8(&b, RM_OP);
	rm_putstr(&b, rm->names[rm->self]);
	rm_putstr(&b, rsc);
	rm_putstr(&b, task);
	rm_put64(&b, interval);
	rm_put32(&b, (uint32_t)rc);
	rm_put32(&b, (uint32_t)status);
	rm_put32(&b, (uint32_t)expected);
	rm_put64(&b, (uint64_t)rm_time());
	rm_putstr(&b, reason);
	rm_put32(&b, coord);
	rm_put32(&b, tid);
	rm_put32(&b, aid);
	rm_send(rm, &b);
}

/* Send a node event (RSTATE_UP, ...) about node. */
void
rm_send_node_event(struct rm *rm, const char *node, enum rstate_event ev)
{
	struct buf	b;

	buf_init(&b);
	rm_put8(&b, RM_NODE);
	rm_putstr(&b, node);
	rm_put8(&b, (uint8_t)ev);
	/*
	 * Our own "down" is delivered to us once every member holds it (and
	 * all we sent before): we leave then, and nothing of ours is lost.
	 */
	rm_send_flags(rm, &b, ev == RSTATE_DOWN && strcmp(node,
	    rm->names[rm->self]) == 0 ? RING_SAFE : 0);
}

/* Tell the coordinator that a non-resource action ended (rc 0: done). */
static void
rm_send_done(struct rm *rm, uint32_t coord, uint32_t tid, uint32_t aid,
    int rc, const char *reason)
{
	struct buf	b;

	buf_init(&b);
	rm_put8(&b, RM_DONE);
	rm_put32(&b, coord);
	rm_put32(&b, tid);
	rm_put32(&b, aid);
	rm_put32(&b, (uint32_t)rc);
	rm_putstr(&b, reason);
	rm_send(rm, &b);
}

/* Ask a node to run an action (coord.c). 0, or -1. */
int
rm_send_exec(struct rm *rm, uint32_t tid, uint32_t aid,
    const struct rm_exec_args *x)
{
	struct buf	b;

	buf_init(&b);
	rm_put8(&b, RM_EXEC);
	rm_put32(&b, rm->ids[rm->self]);
	rm_put32(&b, tid);
	rm_put32(&b, aid);
	rm_putstr(&b, x->node);
	rm_putstr(&b, x->rsc != NULL ? x->rsc : "");
	rm_putstr(&b, x->task);
	rm_put64(&b, x->interval_ms);
	rm_put64(&b, x->timeout_ms);
	rm_put32(&b, (uint32_t)x->expected_rc);
	rm_putstr(&b, x->target != NULL ? x->target : "");
	rm_putstr(&b, x->action != NULL ? x->action : "");
	rm_putstr(&b, x->hist != NULL ? x->hist : "");
	rm_putstr(&b, x->meta != NULL ? x->meta : "");
	return rm_send(rm, &b);
}

/*
 * Forget rsc's fail counts on node (NULL: all), and its history with
 * RM_CLEANUP_HISTORY in flags; RM_CLEANUP_COORD marks a transition's
 * cleanup, which is no news to the coordinator that sent it.
 */
int
rm_send_cleanup(struct rm *rm, const char *rsc, const char *node,
    int flags)
{
	struct buf	b;

	buf_init(&b);
	rm_put8(&b, RM_CLEANUP);
	rm_putstr(&b, rsc);
	rm_putstr(&b, node);
	rm_put8(&b, (uint8_t)(flags & (RM_CLEANUP_HISTORY |
	    RM_CLEANUP_COORD)));
	return rm_send(rm, &b);
}

/* An operator's constraint (RSTATE_MOVE, ...) cluster-wide. */
static int
rm_send_cons(struct rm *rm, enum rstate_cons kind, const char *rsc,
    const char *node)
{
	struct buf	b;

	buf_init(&b);
	rm_put8(&b, RM_CONS);
	rm_put8(&b, (uint8_t)kind);
	rm_putstr(&b, rsc);
	rm_putstr(&b, node);
	return rm_send(rm, &b);
}

/* Maintenance mode on or off, of node (NULL: cluster-wide). */
static int
rm_send_maint(struct rm *rm, const char *node, int on)
{
	struct buf	b;

	buf_init(&b);
	rm_put8(&b, RM_MAINT);
	rm_put8(&b, on ? 1 : 0);
	rm_putstr(&b, node);
	rm_put64(&b, (uint64_t)rm_time());
	return rm_send(rm, &b);
}

/*
 * Append an event of kind (rstate_log_kind) to the cluster log, on every
 * member in the ring's order, as coming from this node now.
 */
void
rm_send_event(struct rm *rm, const char *kind, const char *fmt, ...)
{
	struct buf	b;
	va_list		ap;
	char		*text;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	if (strlen(text) > RSTATE_EVENT_MAX)
		text[RSTATE_EVENT_MAX] = '\0';
	buf_init(&b);
	rm_put8(&b, RM_EVENT);
	rm_put64(&b, (uint64_t)rm_time());
	rm_putstr(&b, kind);
	rm_putstr(&b, text);
	free(text);
	rm_send(rm, &b);
}

/* Set (value NULL: remove) a node attribute cluster-wide. */
int
rm_send_attr(struct rm *rm, const char *node, const char *name,
    const char *value, int permanent)
{
	struct buf	b;

	buf_init(&b);
	rm_put8(&b, RM_ATTR);
	rm_putstr(&b, node);
	rm_putstr(&b, name);
	rm_put8(&b, permanent ? 1 : 0);
	rm_put8(&b, value != NULL);
	if (value != NULL)
		rm_putstr(&b, value);
	return rm_send(rm, &b);
}

/* --- nodes --------------------------------------------------------------- */

/* The index of node id in the configured nodes, or n. */
size_t
rm_index(const struct rm *rm, uint32_t id)
{
	size_t	i;

	for (i = 0; i < rm->n; i++) {
		if (rm->ids[i] == id)
			break;
	}
	return i;
}

/* The index of the node called name, or n. */
size_t
rm_index_name(const struct rm *rm, const char *name)
{
	size_t	i;

	for (i = 0; i < rm->n; i++) {
		if (strcmp(rm->names[i], name) == 0)
			break;
	}
	return i;
}

/* Whether node index i is a member of the current configuration. */
int
rm_is_member(const struct rm *rm, size_t i)
{
	size_t	j;

	for (j = 0; j < rm->nmembers; j++) {
		if (rm->members[j] == rm->ids[i])
			return 1;
	}
	return 0;
}

/* --- the local side: running what the coordinator asks --------------- */

/* Free a run, taking it off the list; queued runs get their turn. */
static void
rm_run_free(struct rm_run *run)
{
	struct rm_run	**pp;

	for (pp = &run->rm->runs; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == run) {
			*pp = run->next;
			break;
		}
	}
	free(run->rsc);
	free(run->hist);
	free(run->meta);
	free(run->task);
	free(run->target);
	free(run->action);
	if (!run->rm->freeing)
		loop_timer_add(run->rm->loop, &run->rm->queue_timer, 0);
	free(run);
}

/*
 * End run with a result of its own (it ran no agent, or not to the end):
 * report rc and status with reason for its action, then free it.
 */
static void
rm_run_end(struct rm *rm, struct rm_run *run, int rc, int status,
    const char *reason)
{
	rm_send_op(rm, run->hist, run->task, run->interval_ms, rc, status,
	    run->expected_rc, reason, run->coord, run->tid, run->aid);
	rm_run_free(run);
}

/* Map an executor status to an operation status. */
static int
rm_opstatus(enum exec_status s)
{
	switch (s) {
	case EXEC_DONE:
		return OPST_DONE;
	case EXEC_CANCELLED:
		return OPST_CANCELLED;
	case EXEC_TIMEOUT:
		return OPST_TIMEOUT;
	case EXEC_NOT_SUPPORTED:
		return OPST_NOT_SUPPORTED;
	case EXEC_NOT_INSTALLED:
		return OPST_NOT_INSTALLED;
	case EXEC_INVALID:
		return OPST_ERROR_FATAL;
	case EXEC_ERROR:
		return OPST_ERROR;
	}
	return OPST_ERROR;
}

/* An agent action ended: report it. */
static void
rm_exec_done(void *arg, const struct exec_result *res)
{
	struct rm_run	*run = arg;
	struct rm	*rm = run->rm;
	int		 status = rm_opstatus(res->status);

	log_msg(res->rc == run->expected_rc && status == OPST_DONE ?
	    LOG_LEVEL_INFO : LOG_LEVEL_WARNING, "rm", "%s %s%s%.0llu: %s "
	    "(%d)%s%s", run->hist, run->task, run->interval_ms ? " every " : "",
	    (unsigned long long)run->interval_ms, exec_rc_name(res->rc),
	    res->rc, res->reason != NULL ? ": " : "",
	    res->reason != NULL ? res->reason : "");
	/* A probe that finds the agent missing: not running here. */
	if (strcmp(run->task, "monitor") == 0 && run->interval_ms == 0 &&
	    res->status == EXEC_NOT_INSTALLED)
		rm_send_op(rm, run->hist, run->task, 0, OCF_NOT_RUNNING,
		    OPST_DONE, run->expected_rc, res->reason, run->coord,
		    run->tid, run->aid);
	else
		rm_send_op(rm, run->hist, run->task, run->interval_ms, res->rc,
		    status, run->expected_rc, res->reason, run->coord,
		    run->tid, run->aid);
	run->op = NULL;
	rm_run_free(run);
}

/* A recurring operation's result: the first one, and changes, go out. */
static void
rm_mon_result(void *arg, const char *key, const struct exec_result *res,
    int changed)
{
	struct rm_mon	*mon = arg;
	int		 status = rm_opstatus(res->status);

	if (!mon->first && !changed)
		return;
	if (!mon->first)
		log_msg(LOG_LEVEL_WARNING, "rm", "%s: now %s (%d)%s%s", key,
		    exec_rc_name(res->rc), res->rc, res->reason != NULL ?
		    ": " : "", res->reason != NULL ? res->reason : "");
	rm_send_op(mon->rm, mon->rsc, "monitor", mon->interval_ms, res->rc,
	    status, mon->expected_rc, res->reason, mon->first ? mon->coord : 0,
	    mon->first ? mon->tid : 0, mon->first ? mon->aid : 0);
	mon->first = 0;
}

/* Forget the recurring operations of rsc (all with rsc NULL). */
static void
rm_mon_drop(struct rm *rm, const char *rsc, const char *key)
{
	struct rm_mon	**pp, *mon;

	pp = &rm->mons;
	while ((mon = *pp) != NULL) {
		if ((rsc == NULL && key == NULL) ||
		    (rsc != NULL && strcmp(mon->rsc, rsc) == 0) ||
		    (key != NULL && strcmp(mon->key, key) == 0)) {
			*pp = mon->next;
			free(mon->key);
			free(mon->rsc);
			free(mon);
			continue;
		}
		pp = &mon->next;
	}
}

/* The instance called name in model m, or NULL. */
static const struct instance *
rm_instance(const struct model *m, const char *name)
{
	size_t	i;

	for (i = 0; m != NULL && i < m->ninstances; i++) {
		if (strcmp(m->instances[i].name, name) == 0)
			return &m->instances[i];
	}
	return NULL;
}

/* Fencing ended: tell everyone the node is fenced, then the coordinator. */
static void
rm_fence_done(void *arg, const struct fence_result *res)
{
	struct rm_run	*run = arg;
	struct rm	*rm = run->rm;

	if (res->ok) {
		log_msg(LOG_LEVEL_NOTICE, "rm", "node %s fenced (%s) by %s in "
		    "%llu ms", res->target, res->action, res->device != NULL ?
		    res->device : "?", (unsigned long long)res->ms);
		rm_send_node_event(rm, run->target, RSTATE_FENCED);
		rm_send_event(rm, "fencing", "node %s fenced (%s) by %s in "
		    "%llu ms", res->target, res->action, res->device != NULL ?
		    res->device : "?", (unsigned long long)res->ms);
	} else {
		log_msg(LOG_LEVEL_ERROR, "rm", "fencing node %s failed: %s",
		    res->target, res->reason != NULL ? res->reason : "?");
		rm_send_event(rm, "fencing", "fencing node %s (%s) failed: %s",
		    res->target, res->action, res->reason != NULL ?
		    res->reason : "?");
	}
	rm_send_done(rm, run->coord, run->tid, run->aid, res->ok ? 0 : 1,
	    res->reason);
	rm->fencing--;
	rm_run_free(run);
}

/*
 * Start run, a recurring operation, as req: its first result completes
 * the coordinator's action, later ones go out when they change. Frees run.
 */
static void
rm_mon_add(struct rm *rm, struct rm_run *run, const struct exec_request *req)
{
	struct rm_mon	*mon;
	struct arena	*a = arena_new();
	char		*cause = NULL;

	mon = xcalloc(1, sizeof *mon);
	mon->rm = rm;
	mon->key = xstrdup(recur_key(a, run->hist, run->task,
	    run->interval_ms));
	mon->rsc = xstrdup(run->hist);
	mon->interval_ms = run->interval_ms;
	mon->expected_rc = run->expected_rc;
	mon->first = 1;
	mon->coord = run->coord;
	mon->tid = run->tid;
	mon->aid = run->aid;
	rm_mon_drop(rm, NULL, mon->key);
	if (recur_add(rm->recur, req, rm_mon_result, mon, &cause) == -1) {
		rm_send_op(rm, run->hist, run->task, run->interval_ms,
		    OCF_ERR_GENERIC, OPST_ERROR, run->expected_rc, cause,
		    run->coord, run->tid, run->aid);
		free(cause);
		free(mon->key);
		free(mon->rsc);
		free(mon);
	} else {
		mon->next = rm->mons;
		rm->mons = mon;
	}
	rm_run_free(run);
	arena_free(a);
}

/* Make the fencer for the current policy (its own compiled copy). */
static int
rm_fencer(struct rm *rm, char **cause)
{
	struct policy	*p;

	if (rm->fencer != NULL && rm->fence_epoch == rm->rs->epoch)
		return 0;
	if (rm->fencing > 0) {
		xasprintf(cause, "fencing of the previous policy still runs");
		return -1;
	}
	fence_free(rm->fencer);
	rm->fencer = NULL;
	ctx_free(rm->fctx);
	rm->fctx = ctx_new();
	rm->fm = NULL;
	if (rm->rs->policy != NULL && (p = compile_load_text(rm->fctx,
	    "policy", rm->rs->policy, rm->rs->policylen)) != NULL) {
		rm->fm = compile_policy(rm->fctx, p);
		compile_free(p);
	}
	if (rm->fm == NULL) {
		xasprintf(cause, "no policy with fence devices");
		return -1;
	}
	if ((rm->fencer = fence_new(rm->x, rm->fm, loop_realtime() ^
	    rm->ids[rm->self], cause)) == NULL)
		return -1;
	rm->fence_epoch = rm->rs->epoch;
	return 0;
}

/* The slot of fence device name among those started here, or nfdevs. */
static size_t
rm_fdev_find(const struct rm *rm, const char *name)
{
	size_t	i;

	for (i = 0; i < rm->nfdevs; i++) {
		if (strcmp(rm->fdevs[i], name) == 0)
			break;
	}
	return i;
}

/* A fence device's start (its agent's monitor) ended. */
static void
rm_fdev_started(void *arg, const struct exec_result *res)
{
	struct rm_run	*run = arg;
	struct rm	*rm = run->rm;

	if (res->status == EXEC_DONE && res->rc == OCF_OK &&
	    rm_fdev_find(rm, run->hist) == rm->nfdevs) {
		rm->fdevs = xreallocarray(rm->fdevs, rm->nfdevs + 1,
		    sizeof *rm->fdevs);
		rm->fdevs[rm->nfdevs++] = xstrdup(run->hist);
	}
	run->op = NULL;
	rm_exec_done(run, res);
}

/*
 * A fence device's operation, as Pacemaker's executor and fencer treat
 * them: start checks the device (its agent's monitor) and registers it
 * here, stop unregisters it, a probe says whether it is registered, and a
 * recurring monitor of a registered device runs the agent's monitor at
 * its interval (a switch that stops answering fails the device, which is
 * then recovered).
 */
static void
rm_exec_fdev(struct rm *rm, struct rm_run *run)
{
	struct exec_request	 req;
	struct arena		*a;
	char			*cause = NULL;
	size_t			 i = rm_fdev_find(rm, run->hist);
	int			 rc;

	if (strcmp(run->task, "monitor") == 0 && run->interval_ms > 0 &&
	    i < rm->nfdevs) {
		a = arena_new();
		if (rm_fencer(rm, &cause) == 0 && fence_device_request(
		    rm->fencer, run->hist, "monitor", a, &req, &cause) == 0) {
			req.interval_ms = run->interval_ms;
			if (run->timeout_ms > 0)
				req.timeout_ms = run->timeout_ms;
			rm_mon_add(rm, run, &req);
		} else {
			rm_run_end(rm, run, OCF_ERR_GENERIC, OPST_ERROR, cause);
			free(cause);
		}
		arena_free(a);
		return;
	}

	if (strcmp(run->task, "start") == 0) {
		if (rm_fencer(rm, &cause) == 0 && fence_device_run(rm->fencer,
		    run->hist, "monitor", NULL, rm_fdev_started, run,
		    &cause) == 0)
			return;
		rm_run_end(rm, run, OCF_ERR_GENERIC, OPST_ERROR, cause);
		free(cause);
		return;
	}
	if (strcmp(run->task, "stop") == 0) {
		if (i < rm->nfdevs) {
			free(rm->fdevs[i]);
			rm->fdevs[i] = rm->fdevs[--rm->nfdevs];
		}
		rc = OCF_OK;
	} else if (strcmp(run->task, "monitor") == 0)
		rc = i < rm->nfdevs ? OCF_OK : OCF_NOT_RUNNING;
	else
		rc = OCF_ERR_UNIMPLEMENTED;
	rm_run_end(rm, run, rc, OPST_DONE, NULL);
}

/* The request rsc was last started with here, or NULL. */
static struct rm_last *
rm_last_find(struct rm *rm, const char *rsc)
{
	struct rm_last	*l;

	for (l = rm->lasts; l != NULL; l = l->next) {
		if (strcmp(l->req.rsc, rsc) == 0)
			return l;
	}
	return NULL;
}

/*
 * Remember the request rsc is started with (copied): a later policy may
 * drop rsc, and its stop then needs the agent and parameters it ran with,
 * as Pacemaker's executor keeps them.
 */
static void
rm_last_set(struct rm *rm, const char *rsc, const struct exec_request *req)
{
	struct rm_last	*l;

	if ((l = rm_last_find(rm, rsc)) != NULL)
		arena_free(l->a);
	else {
		l = xcalloc(1, sizeof *l);
		l->next = rm->lasts;
		rm->lasts = l;
	}
	l->a = arena_new();
	recur_copy_request(l->a, &l->req, req);
}

/*
 * Add the meta attributes of lines ("name=value\n"...; a notification's
 * notify_type, notify_operation, ...) to req's, in arena a. A line
 * without a name the environment can take is ignored.
 */
static void
rm_exec_meta(struct arena *a, struct exec_request *req, const char *lines)
{
	struct exec_param	*meta;
	const char		*p, *eq, *nl;
	size_t			 n = 0, i;

	if (lines == NULL || *lines == '\0')
		return;
	for (p = lines; *p != '\0'; p++)
		n += *p == '\n';
	meta = arena_allocarray(a, req->nmeta + n + 1, sizeof *meta);
	for (i = 0; i < req->nmeta; i++)
		meta[i] = req->meta[i];
	for (p = lines; *p != '\0'; p = nl + (*nl != '\0')) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		/* names as the environment takes them: [A-Za-z_][A-Za-z0-9_]* */
		if ((eq = memchr(p, '=', (size_t)(nl - p))) == NULL ||
		    eq == p || (*p >= '0' && *p <= '9') ||
		    strspn(p, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != (size_t)(eq - p))
			continue;
		meta[i].name = arena_strndup(a, p, (size_t)(eq - p));
		meta[i].value = arena_strndup(a, eq + 1, (size_t)(nl - eq - 1));
		i++;
	}
	req->meta = meta;
	req->nmeta = i;
}

/* Start a run that was asked for (rm_exec). */
static void
rm_exec_start(struct rm *rm, struct rm_run *run)
{
	const struct instance	*in;
	struct exec_request	 req;
	struct rm_last		*last;
	struct arena		*a;
	char			*cause = NULL;
	int			 stop;

	run->queued = 0;

	if (strcmp(run->task, "stonith") == 0) {
		if (rm_fencer(rm, &cause) == -1) {
			rm_send_done(rm, run->coord, run->tid, run->aid, 1,
			    cause);
			free(cause);
			rm_run_free(run);
			return;
		}
		/* The coordinator names the devices this node may use. */
		log_msg(LOG_LEVEL_NOTICE, "rm", "fencing node %s (%s)%s%s",
		    run->target, run->action, run->rsc[0] != '\0' ?
		    " with " : "", run->rsc);
		rm->fencing++;
		fence_node(rm->fencer, run->target, run->action[0] != '\0' ?
		    run->action : "reboot", run->rsc[0] != '\0' ? run->rsc :
		    NULL, rm_fence_done, run);
		return;
	}
	if (strcmp(run->task, "do_shutdown") == 0) {
		rm_send_done(rm, run->coord, run->tid, run->aid, 0, NULL);
		rm_run_free(run);
		rm_leave(rm);
		return;
	}
	if (strcmp(run->task, "delete") == 0) {
		/* Forget the history here: what the executor knew of it. */
		recur_cancel_rsc(rm->recur, run->hist);
		rm_mon_drop(rm, run->hist, NULL);
		rm_send_op(rm, run->hist, "delete", 0, OCF_OK, OPST_DONE,
		    run->expected_rc, NULL, run->coord, run->tid, run->aid);
		rm_run_free(run);
		return;
	}
	if (strcmp(run->task, "cancel") == 0) {
		a = arena_new();
		rm_mon_drop(rm, NULL, recur_key(a, run->hist, "monitor",
		    run->interval_ms));
		arena_free(a);
		recur_cancel(rm->recur, run->hist, "monitor", run->interval_ms);
		rm_send_op(rm, run->hist, "cancel", run->interval_ms, OCF_OK,
		    OPST_DONE, run->expected_rc, NULL, run->coord, run->tid,
		    run->aid);
		rm_run_free(run);
		return;
	}
	if (strcmp(run->task, "stop") == 0) {
		recur_cancel_rsc(rm->recur, run->hist);
		rm_mon_drop(rm, run->hist, NULL);
	}
	in = rm_instance(rm->rs->m, run->rsc);
	if (in != NULL && in->rsc->is_fence) {
		rm_exec_fdev(rm, run);
		return;
	}
	a = arena_new();
	stop = strcmp(run->task, "stop") == 0;
	if (in == NULL && stop &&
	    (last = rm_last_find(rm, run->hist)) != NULL) {
		/* An orphan: stopped as it was started here. */
		recur_copy_request(a, &req, &last->req);
		req.action = "stop";
		req.interval_ms = 0;
		run->op = exec_run(rm->x, &req, rm_exec_done, run);
		arena_free(a);
		return;
	}
	if (in == NULL) {
		if (stop)
			log_msg(LOG_LEVEL_WARNING, "rm", "%s is not in the "
			    "policy and was not started here: its stop is "
			    "taken as done", run->hist);
		rm_run_end(rm, run, stop ? OCF_OK : OCF_ERR_CONFIGURED,
		    OPST_DONE, "not in the policy");
		arena_free(a);
		return;
	}
	if (exec_request_instance(a, &req, rm->rs->m, in, run->task,
	    run->interval_ms, &cause) == -1) {
		rm_run_end(rm, run, OCF_ERR_CONFIGURED, OPST_ERROR_FATAL,
		    cause);
		free(cause);
		arena_free(a);
		return;
	}
	/* As Pacemaker's executor knows it: by its history's name. */
	req.rsc = run->hist;
	rm_exec_meta(a, &req, run->meta);
	if (run->timeout_ms > 0)
		req.timeout_ms = run->timeout_ms;
	if (run->interval_ms > 0) {
		rm_mon_add(rm, run, &req);
		arena_free(a);
		return;
	}
	if (strcmp(run->task, "start") == 0)
		rm_last_set(rm, run->hist, &req);
	run->op = exec_run(rm->x, &req, rm_exec_done, run);
	arena_free(a);
}

/*
 * Timer: start the queued runs whose resource has nothing running here
 * (an agent runs one action of a resource at a time, as Pacemaker's
 * executor does), in the order they were asked for.
 */
static void
rm_exec_queue(void *arg)
{
	struct rm	*rm = arg;
	struct rm_run	*run, *other;
	int		 busy;

again:
	for (run = rm->runs; run != NULL; run = run->next) {
		if (!run->queued)
			continue;
		busy = 0;
		for (other = rm->runs; other != run; other = other->next) {
			if (strcmp(other->rsc, run->hist) == 0 &&
			    run->hist[0] != '\0')
				busy = 1;
		}
		if (!busy) {
			rm_exec_start(rm, run);
			goto again;	/* the list may have changed */
		}
	}
}

/* Run what the coordinator asks of this node, after what runs before. */
static void
rm_exec(struct rm *rm, const struct rm_msg *m)
{
	struct rm_run	*run, **pp;

	if (strcmp(m->node, rm->names[rm->self]) != 0)
		return;
	log_msg(LOG_LEVEL_DEBUG, "rm", "asked by %u: %s %s %s", m->coord,
	    m->rsc, m->task, m->target);
	run = xcalloc(1, sizeof *run);
	run->rm = rm;
	run->rsc = xstrdup(m->rsc);
	run->hist = xstrdup(m->hist[0] != '\0' ? m->hist : m->rsc);
	run->meta = xstrdup(m->meta);
	run->task = xstrdup(m->task);
	run->target = xstrdup(m->target);
	run->action = xstrdup(m->action);
	run->interval_ms = m->interval_ms;
	run->timeout_ms = m->timeout_ms;
	run->expected_rc = m->expected_rc;
	run->coord = m->coord;
	run->tid = m->tid;
	run->aid = m->aid;
	run->queued = 1;
	for (pp = &rm->runs; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = run;
	rm_exec_queue(rm);
}

/* --- applying messages ------------------------------------------------- */

/* Append "RSC TASK [every Nms] on NODE: RESULT (RC, expected E): WHY". */
static void
rm_failed_text(struct buf *b, const char *rsc, const char *node,
    const struct oprec *o)
{
	buf_printf(b, "%s %s", rsc, o->task);
	if (o->interval_ms > 0)
		buf_printf(b, " every %llums",
		    (unsigned long long)o->interval_ms);
	buf_printf(b, " on %s: %s (%d, expected %d)", node,
	    o->status == OPST_TIMEOUT ? "timed out" : exec_rc_name(o->rc),
	    o->rc, o->expected_rc);
	if (o->exit_reason != NULL)
		buf_printf(b, ": %s", o->exit_reason);
}

/* The state changed: save it soon. */
static void
rm_changed(struct rm *rm)
{
	rm->dirty = 1;
}

/*
 * Whether an applied update is news to the coordinator: not a result or
 * a fencing of its running transition, nor a cleanup its own transition
 * sent (RM_CLEANUP_COORD); an operator's cleanup is news wherever given.
 */
static int
rm_news(struct rm *rm, uint32_t origin, const struct rm_msg *m)
{
	switch (m->type) {
	case RM_OP:
		return !coord_expects(rm->coord, m->coord, m->tid);
	case RM_NODE:
		return !(m->flag == RSTATE_FENCED &&
		    coord_fencing(rm->coord, m->node));
	case RM_CLEANUP:
		return !(m->flag & RM_CLEANUP_COORD) ||
		    origin != rm->ids[rm->self] || !coord_active(rm->coord);
	case RM_EVENT:
		return 0;
	}
	return 1;
}

/*
 * Whether m writes an attribute with the value it has: no news (as
 * Pacemaker's attribute manager writes only changes; ping and Stateful
 * set the same value on every monitor).
 */
static int
rm_attr_same(struct rm *rm, const struct rm_msg *m)
{
	struct nstate	*ns;
	const char	*v;

	if (m->type != RM_ATTR)
		return 0;
	if (m->flag)
		v = rstate_perm(rm->rs, m->node, m->name);
	else if ((ns = state_node(rm->rs->st, m->node, 0)) != NULL)
		v = state_attr(ns, m->name);
	else
		return 0;
	if (v == NULL || m->value == NULL)
		return v == m->value;
	return strcmp(v, m->value) == 0;
}

/*
 * Timer: the cluster has been quiet since the last transition's start or
 * end. What a deploy and its transitions freed (the compiled policy, the
 * scheduler's work, the messages) is given back to the system: glibc's
 * malloc otherwise keeps the free pages of its arena, a few hundred KB to
 * MB that an idle hacd would carry for ever.
 */
static void
rm_trim(void *arg)
{
	(void)arg;
#ifdef HAVE_MALLOC_TRIM
	malloc_trim(0);
#endif
}

/* Trim RM_TRIM_US after the last transition event (re-armed by each). */
static void
rm_trim_later(struct rm *rm)
{
	loop_timer_add(rm->loop, &rm->trim_timer, RM_TRIM_US);
}

/* Apply a decoded update (not a snapshot) from origin. */
static void
rm_apply(struct rm *rm, uint32_t origin, const struct rm_msg *m)
{
	struct rstate_result	 r;
	const struct oprec	*o;
	struct buf		 b;
	const char		*from;
	char			*cause = NULL;
	size_t			 i;

	i = rm_index(rm, origin);
	from = i < rm->n ? rm->names[i] : "?";
	switch (m->type) {
	case RM_POLICY:
		if (rstate_deploy(rm->rs, m->blob, m->bloblen, &cause) == -1) {
			log_msg(LOG_LEVEL_ERROR, "rm", "policy from %s not "
			    "deployed: %s", m->node, cause);
			rstate_log(rm->rs, m->time, from, "deploy", "a policy "
			    "was refused: it does not compile here");
			free(cause);
			break;
		}
		log_msg(LOG_LEVEL_NOTICE, "rm", "policy epoch %llu deployed "
		    "from %s (sha256 %.12s)",
		    (unsigned long long)rm->rs->epoch, m->node,
		    rm->rs->digest);
		xasprintf(&cause, "policy epoch %llu deployed, sha256 %s",
		    (unsigned long long)rm->rs->epoch, rm->rs->digest);
		rstate_log(rm->rs, m->time, from, "deploy", cause);
		free(cause);
		break;
	case RM_OP:
		memset(&r, 0, sizeof r);
		r.node = m->node;
		r.rsc = m->rsc;
		r.task = m->task;
		r.interval_ms = m->interval_ms;
		r.rc = m->rc;
		r.status = m->status;
		r.expected_rc = m->expected_rc;
		r.time = m->time;
		r.reason = m->reason;
		if ((o = rstate_op(rm->rs, &r)) == NULL)
			break;
		/* A failure: an event, at the result's time. */
		buf_init(&b);
		rm_failed_text(&b, m->rsc, m->node, o);
		buf_putc(&b, '\0');
		rstate_log(rm->rs, m->time, from, "failure", b.data);
		buf_clear(&b);
		break;
	case RM_ATTR:
		rstate_attr(rm->rs, m->node, m->name, m->value, m->flag);
		break;
	case RM_NODE:
		rstate_node_event(rm->rs, m->node, (enum rstate_event)m->flag);
		if (m->flag == RSTATE_UP && i < rm->n)
			rm->ready[i] = 1;
		if (m->flag != RSTATE_UP)
			log_msg(LOG_LEVEL_NOTICE, "rm", "node %s is %s",
			    m->node, m->flag == RSTATE_FENCED ? "fenced" :
			    "down");
		if (m->flag == RSTATE_DOWN && rm->leaving &&
		    origin == rm->ids[rm->self])
			rm_left(rm);
		break;
	case RM_CLEANUP:
		rstate_cleanup(rm->rs, m->rsc, m->node[0] != '\0' ? m->node :
		    NULL, m->flag & RM_CLEANUP_HISTORY);
		break;
	case RM_CONS:
		rstate_constraint(rm->rs, (enum rstate_cons)m->flag, m->rsc,
		    m->node[0] != '\0' ? m->node : NULL);
		break;
	case RM_MAINT:
		rstate_maintenance(rm->rs, m->node[0] != '\0' ? m->node : NULL,
		    m->flag);
		xasprintf(&cause, "maintenance %s%s%s%s", m->flag ? "on" :
		    "off", m->node[0] != '\0' ? " on node " : " (cluster)",
		    m->node, m->flag ? "" : ": probing again");
		log_msg(LOG_LEVEL_NOTICE, "rm", "%s", cause);
		rstate_log(rm->rs, m->time, from, "maintenance", cause);
		free(cause);
		break;
	case RM_EVENT:
		rstate_log(rm->rs, m->time, from, m->kind, m->text);
		if (strcmp(m->kind, "transition") == 0)
			rm_trim_later(rm);
		break;
	}
	rm_changed(rm);
}

/* Drop the updates kept aside. */
static void
rm_held_clear(struct rm *rm)
{
	size_t	i;

	for (i = 0; i < rm->nheld; i++)
		free(rm->held[i].data);
	free(rm->held);
	rm->held = NULL;
	rm->nheld = 0;
}

/* Apply the updates kept aside, in their order. */
static void
rm_held_apply(struct rm *rm)
{
	struct rm_msg	 m;
	struct arena	*a;
	size_t		 i;

	for (i = 0; i < rm->nheld; i++) {
		a = arena_new();
		if (rm_decode(rm->held[i].data, rm->held[i].len, a, &m) == 0)
			rm_apply(rm, rm->held[i].origin, &m);
		arena_free(a);
	}
	rm_held_clear(rm);
}

/* Whether snapshot a (of node ida) beats b (of idb). */
static int
rm_better(const struct rm_msg *a, uint32_t ida, const struct rm_msg *b,
    uint32_t idb)
{
	if (a->was_quorate != b->was_quorate)
		return a->was_quorate > b->was_quorate;
	if (a->epoch != b->epoch)
		return a->epoch > b->epoch;
	if (a->version != b->version)
		return a->version > b->version;
	return ida < idb;
}

/* Every member's snapshot is in: take the best, then the held updates. */
static void
rm_sync_end(struct rm *rm)
{
	struct rstate	*rs;
	char		*cause = NULL;
	size_t		 i;
	int		 announce;

	if (rm->best_origin != rm->ids[rm->self]) {
		if ((rs = rstate_decode((const char *)rm->best, rm->bestlen,
		    &cause)) == NULL) {
			log_msg(LOG_LEVEL_ERROR, "rm", "the snapshot of %u "
			    "cannot be read: %s", rm->best_origin, cause);
			free(cause);
		} else {
			rstate_free(rm->rs);
			rm->rs = rs;
		}
	}
	announce = rm->must_up[rm->self];
	for (i = 0; i < rm->n; i++) {
		if (rm_is_member(rm, i))
			rm->ready[i] = !rm->must_up[i];
	}
	free(rm->best);
	rm->best = NULL;
	rm->syncing = 0;
	rm->synced_once = 1;
	log_msg(LOG_LEVEL_INFO, "rm", "state synchronised from %u: policy "
	    "epoch %llu, %llu updates", rm->best_origin,
	    (unsigned long long)rm->rs->epoch,
	    (unsigned long long)rm->rs->version);
	rm_held_apply(rm);
	if (announce)
		rm_send_node_event(rm, rm->names[rm->self], RSTATE_UP);
	rm_quorum_event(rm);
	rm_changed(rm);
	coord_input(rm->coord);
}

/* A snapshot arrived. */
static void
rm_snapshot(struct rm *rm, uint32_t origin, const struct rm_msg *m)
{
	size_t	i, j;

	if (!rm->syncing || m->conf.rep != rm->conf.rep ||
	    m->conf.seq != rm->conf.seq || (i = rm_index(rm, origin)) ==
	    rm->n || rm->got[i])
		return;
	rm->got[i] = 1;
	rm->snap[i] = *m;
	rm->snap[i].blob = NULL;
	if (rm->best == NULL || rm_better(m, origin, rm->bestmsg,
	    rm->best_origin)) {
		free(rm->best);
		rm->best = xmalloc(m->bloblen + 1);
		memcpy(rm->best, m->blob, m->bloblen);
		rm->bestlen = m->bloblen;
		*rm->bestmsg = *m;
		rm->bestmsg->blob = NULL;
		rm->best_origin = origin;
	}
	for (j = 0; j < rm->nmembers; j++) {
		if (!rm->got[rm_index(rm, rm->members[j])])
			return;
	}
	for (i = 0; i < rm->n; i++) {
		rm->must_up[i] = rm->got[i] && (rm->snap[i].fresh ||
		    rm->snap[i].was_quorate != rm->bestmsg->was_quorate ||
		    rm->snap[i].epoch != rm->bestmsg->epoch ||
		    rm->snap[i].version != rm->bestmsg->version);
	}
	rm_sync_end(rm);
}

/* The ring delivered a message of the group. */
void
rm_deliver(struct rm *rm, uint32_t origin, const uint8_t *data, size_t len)
{
	struct rm_msg	 m;
	struct arena	*a;
	struct rm_held	*h;
	int		 same;

	a = arena_new();
	if (rm_decode(data, len, a, &m) == -1 || !rm_known_nodes(rm, &m)) {
		rm->malformed++;
		log_msg(LOG_LEVEL_WARNING, "rm", "a malformed message of %zu "
		    "bytes from %u dropped", len, origin);
		arena_free(a);
		return;
	}
	switch (m.type) {
	case RM_SNAPSHOT:
		rm_snapshot(rm, origin, &m);
		break;
	case RM_EXEC:
		rm_exec(rm, &m);
		break;
	case RM_DONE:
		coord_done(rm->coord, &(struct coord_result){ .coord = m.coord,
		    .tid = m.tid, .aid = m.aid, .rc = m.rc, .status = OPST_DONE,
		    .expected_rc = 0, .reason = m.reason });
		break;
	default:
		if (rm->syncing) {
			rm->held = xreallocarray(rm->held, rm->nheld + 1,
			    sizeof *rm->held);
			h = &rm->held[rm->nheld++];
			h->origin = origin;
			h->data = xmalloc(len);
			memcpy(h->data, data, len);
			h->len = len;
			break;
		}
		same = rm_attr_same(rm, &m);
		rm_apply(rm, origin, &m);
		if (!same && rm_news(rm, origin, &m))
			coord_input(rm->coord);
		else if (m.type == RM_OP)
			coord_done(rm->coord, &(struct coord_result){
			    .coord = m.coord, .tid = m.tid, .aid = m.aid,
			    .rc = m.rc, .status = m.status,
			    .expected_rc = m.expected_rc, .reason = m.reason });
		break;
	}
	arena_free(a);
}

/* Start synchronising: send our snapshot for the configuration. */
static void
rm_sync_start(struct rm *rm)
{
	struct buf	b, s;

	if (rm->syncing)
		rm_held_apply(rm);	/* the last round did not finish */
	rm->syncing = 1;
	memset(rm->got, 0, sizeof rm->got);
	free(rm->best);
	rm->best = NULL;
	buf_init(&s);
	rstate_encode(rm->rs, &s);
	buf_init(&b);
	rm_put8(&b, RM_SNAPSHOT);
	rm_put32(&b, rm->conf.rep);
	rm_put64(&b, rm->conf.seq);
	rm_put8(&b, rm->was_quorate ? 1 : 0);
	rm_put8(&b, rm->synced_once ? 0 : 1);
	rm_put64(&b, rm->rs->epoch);
	rm_put64(&b, rm->rs->version);
	rm_put32(&b, (uint32_t)s.len);
	buf_add(&b, s.data, s.len);
	buf_clear(&s);
	log_msg(LOG_LEVEL_DEBUG, "rm", "synchronising: snapshot of %zu bytes",
	    b.len);
	rm_send(rm, &b);
}

/*
 * Whether this node is the lowest-id member: it logs what every member
 * sees alike (membership, quorum), so that it is logged once.
 */
static int
rm_lowest(const struct rm *rm)
{
	size_t	i;

	for (i = 0; i < rm->nmembers; i++) {
		if (rm->members[i] < rm->ids[rm->self])
			return 0;
	}
	return rm->nmembers > 0;
}

/* Append the names of nodes ids to b, comma-separated. */
static void
rm_names(const struct rm *rm, struct buf *b, const uint32_t *ids, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		k = rm_index(rm, ids[i]);
		if (k < rm->n)
			buf_printf(b, "%s%s", i ? ", " : "", rm->names[k]);
		else
			buf_printf(b, "%s%u", i ? ", " : "", ids[i]);
	}
}

/* Log a regular configuration: its members, who joined, who left. */
static void
rm_membership_event(struct rm *rm, const struct ring_conf *c)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	buf_puts(&b, "members ");
	rm_names(rm, &b, c->members, c->nmembers);
	if (c->njoined > 0) {
		buf_puts(&b, "; joined ");
		rm_names(rm, &b, c->joined, c->njoined);
	}
	for (i = 0; i < c->nleft; i++) {
		buf_puts(&b, i ? ", " : "; left ");
		rm_names(rm, &b, &c->left[i], 1);
		buf_puts(&b, c->reasons[i] == RING_REASON_LEAVE ? " (cleanly)" :
		    " (failed)");
	}
	buf_putc(&b, '\0');
	rm_send_event(rm, "membership", "%s", b.data);
	buf_clear(&b);
}

/*
 * A configuration change of the ring (before quorum hears of it): a
 * regular one with a new member starts a synchronisation.
 */
void
rm_confchg(struct rm *rm, const struct ring_conf *c)
{
	size_t	i;

	if (c->transitional)
		return;
	rm->was_quorate = rm->quorate;
	rm->conf = c->id;
	rm->nmembers = c->nmembers < RING_MAX_NODES ? c->nmembers :
	    RING_MAX_NODES;
	memcpy(rm->members, c->members, rm->nmembers * sizeof *rm->members);
	for (i = 0; i < rm->n; i++) {
		if (!rm_is_member(rm, i))
			rm->ready[i] = 0;
	}
	for (i = 0; i < c->njoined; i++) {
		size_t	k = rm_index(rm, c->joined[i]);

		if (k < rm->n)
			rm->ready[k] = 0;
	}
	for (i = 0; i < c->nleft; i++) {
		size_t	k = rm_index(rm, c->left[i]);

		if (k < rm->n)
			rm->left_clean[k] = c->reasons[i] == RING_REASON_LEAVE;
	}
	if (c->njoined > 0 || rm->syncing || !rm->synced_once)
		rm_sync_start(rm);
	if (rm_lowest(rm))
		rm_membership_event(rm, c);
	coord_membership(rm->coord);
}

/*
 * Log quorum if it changed, from the lowest-id member once synchronised:
 * not when the log already says so (a restarted node that joins a
 * quorate cluster gains quorum, the cluster did not) or this node said
 * so last.
 */
static void
rm_quorum_event(struct rm *rm)
{
	const char	*word = rm->quorate ? "quorum gained" : "quorum lost";
	size_t		 i;

	if (rm->syncing || !rm_lowest(rm) || rm->quorum_logged == rm->quorate)
		return;
	for (i = rm->rs->nevents; i-- > 0;) {
		if (strcmp(rm->rs->events[i].kind, "quorum") != 0)
			continue;
		if (strncmp(rm->rs->events[i].text, word, strlen(word)) == 0)
			return;
		break;
	}
	rm->quorum_logged = rm->quorate;
	rm_send_event(rm, "quorum", "%s with %zu of %zu nodes", word,
	    rm->nmembers, rm->n);
}

/* Quorum changed. */
void
rm_quorum(struct rm *rm, int quorate)
{
	rm->quorate = quorate;
	rm_quorum_event(rm);
	coord_input(rm->coord);
}

/* Before the loop sleeps: save the state when it changed. */
void
rm_flush(struct rm *rm)
{
	char	*cause = NULL;

	if (rm == NULL || !rm->dirty || rm->statedir == NULL)
		return;
	rm->dirty = 0;
	if (rstate_save(rm->rs, rm->statedir, &cause) == -1) {
		log_msg(LOG_LEVEL_ERROR, "rm", "cannot save the state: %s",
		    cause);
		free(cause);
	}
}

/* --- commands ---------------------------------------------------------- */

/*
 * Deploy policy text from the operator: checked whole first (a failing
 * policy is never sent). Returns the reply (new).
 */
char *
rm_deploy(struct rm *rm, const char *text, size_t len)
{
	struct buf	 b;
	char		*diags = NULL, *reply;

	if (rstate_check(text, len, rm->cluster, &diags) == -1) {
		xasprintf(&reply, "error: the policy was not deployed:\n%s",
		    diags != NULL ? diags : "");
		free(diags);
		return reply;
	}
	free(diags);
	if (rm->syncing || rm->nmembers == 0) {
		xasprintf(&reply, "error: the cluster is synchronising; try "
		    "again\n");
		return reply;
	}
	buf_init(&b);
	rm_put8(&b, RM_POLICY);
	rm_putstr(&b, rm->names[rm->self]);
	rm_put64(&b, (uint64_t)rm_time());
	rm_put32(&b, (uint32_t)len);
	buf_add(&b, text, len);
	if (rm_send(rm, &b) == -1) {
		xasprintf(&reply, "error: the ring refused the policy: %s\n",
		    strerror(errno));
		return reply;
	}
	xasprintf(&reply, "deploying as epoch %llu\n",
	    (unsigned long long)rm->rs->epoch + 1);
	return reply;
}

/* The node named in a command, or an error reply in *reply. */
static const char *
rm_cmd_node(struct rm *rm, const char *name, char **reply)
{
	if (name == NULL || rm_index_name(rm, name) == rm->n) {
		xasprintf(reply, "error: unknown node '%s'\n", name != NULL ?
		    name : "");
		return NULL;
	}
	return name;
}

/* The resource named in a command, or an error reply in *reply. */
static const char *
rm_cmd_rsc(struct rm *rm, const char *name, char **reply)
{
	if (rm->rs->m == NULL) {
		xasprintf(reply, "error: no policy is deployed\n");
		return NULL;
	}
	if (name == NULL || (model_resource(rm->rs->m, name) == NULL &&
	    rm_instance(rm->rs->m, name) == NULL)) {
		xasprintf(reply, "error: unknown resource '%s'\n",
		    name != NULL ? name : "");
		return NULL;
	}
	return name;
}

/* Put a time (epoch seconds) in ISO 8601 form, UTC, into out. */
static void
rm_iso_time(int64_t t, char *out, size_t size)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, size, "%lld", (long long)t);
}

/*
 * The cluster log: "history N SINCE FORMAT", the last N (0: all) of the
 * events at or after SINCE (epoch seconds; the nodes' clocks may differ
 * a little, so this is a filter, not a cut), as text or json. Returns
 * the reply (new).
 */
static char *
rm_history(struct rm *rm, char **words, size_t n)
{
	const struct rstate_entry *e;
	struct buf	 b;
	unsigned long long last;
	long long	 since;
	char		*end, *reply, when[32];
	size_t		 i, nmatch = 0, skip, shown = 0;
	int		 json;

	if (n != 4 || (strcmp(words[3], "json") != 0 &&
	    strcmp(words[3], "text") != 0)) {
		xasprintf(&reply, "error: usage: history N SINCE json|text\n");
		return reply;
	}
	json = words[3][0] == 'j';
	errno = 0;
	last = strtoull(words[1], &end, 10);
	if (*end != '\0' || errno != 0 || words[1][0] == '-' ||
	    words[1][0] == '\0') {
		xasprintf(&reply, "error: bad count '%s'\n", words[1]);
		return reply;
	}
	since = strtoll(words[2], &end, 10);
	if (*end != '\0' || errno != 0 || words[2][0] == '\0') {
		xasprintf(&reply, "error: bad time '%s'\n", words[2]);
		return reply;
	}
	for (i = 0; i < rm->rs->nevents; i++)
		nmatch += rm->rs->events[i].time >= since;
	skip = last > 0 && nmatch > last ? nmatch - (size_t)last : 0;
	buf_init(&b);
	if (json)
		buf_puts(&b, "{\"events\": [");
	for (i = 0; i < rm->rs->nevents; i++) {
		e = &rm->rs->events[i];
		if (e->time < since)
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		rm_iso_time(e->time, when, sizeof when);
		if (!json)
			buf_printf(&b, "%6llu  %s  %-8s %-11s %s\n",
			    (unsigned long long)e->seq, when, e->node, e->kind,
			    e->text);
		else {
			buf_printf(&b, "%s{\"seq\": %llu, \"time\": %lld, "
			    "\"date\": \"%s\", \"node\": ", shown ? ", " : "",
			    (unsigned long long)e->seq, (long long)e->time,
			    when);
			rm_json_str(&b, e->node);
			buf_puts(&b, ", \"kind\": ");
			rm_json_str(&b, e->kind);
			buf_puts(&b, ", \"text\": ");
			rm_json_str(&b, e->text);
			buf_putc(&b, '}');
		}
		shown++;
	}
	if (json)
		buf_puts(&b, "]}\n");
	else if (shown == 0)
		buf_puts(&b, "no events\n");
	return buf_detach(&b);
}

/* hacc maintenance on|off [NODE]. Returns the reply (new). */
static char *
rm_maintenance(struct rm *rm, char **words, size_t n)
{
	const char	*node = NULL;
	char		*reply = NULL;
	int		 on;

	if ((n != 2 && n != 3) || (strcmp(words[1], "on") != 0 &&
	    strcmp(words[1], "off") != 0)) {
		xasprintf(&reply, "error: usage: maintenance on|off [NODE]\n");
		return reply;
	}
	on = strcmp(words[1], "on") == 0;
	if (n == 3 && (node = rm_cmd_node(rm, words[2], &reply)) == NULL)
		return reply;
	if (rm_send_maint(rm, node, on) == -1)
		xasprintf(&reply, "error: %s\n", strerror(errno));
	else if (node != NULL)
		xasprintf(&reply, "node %s: maintenance %s%s\n", node,
		    words[1], on ? " (its resources are neither started, "
		    "stopped nor monitored)" : " (its resources are probed "
		    "again)");
	else
		xasprintf(&reply, "maintenance %s%s\n", words[1], on ?
		    ": resources are neither started, stopped nor monitored "
		    "until hacc maintenance off" : ": resources are probed "
		    "again and managed");
	return reply;
}

/* Log an operator's command that was sent: hacc and its words. */
static void
rm_command_event(struct rm *rm, char **words, size_t n)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	buf_puts(&b, "hacc");
	for (i = 0; i < n; i++)
		buf_printf(&b, " %s", words[i]);
	buf_putc(&b, '\0');
	rm_send_event(rm, "operator", "%s", b.data);
	buf_clear(&b);
}

/*
 * An operator's command (words[0] is its name): standby NODE, online
 * NODE, move, ban, clear, cleanup RSC [NODE], maintenance on|off [NODE],
 * history. Returns the reply (new), or NULL when words is no command of
 * the resource manager. Each command that changes something is logged.
 */
char *
rm_command(struct rm *rm, char **words, size_t n)
{
	char	*reply;

	if (strcmp(words[0], "history") == 0)
		return rm_history(rm, words, n);
	if (strcmp(words[0], "maintenance") == 0)
		reply = rm_maintenance(rm, words, n);
	else if ((reply = rm_command_change(rm, words, n)) == NULL)
		return NULL;
	if (strncmp(reply, "error: ", 7) != 0)
		rm_command_event(rm, words, n);
	return reply;
}

/* The commands that change placement: standby ... cleanup. */
static char *
rm_command_change(struct rm *rm, char **words, size_t n)
{
	const char	*node, *rsc;
	char		*reply = NULL;
	enum rstate_cons kind;

	if (strcmp(words[0], "standby") == 0 ||
	    strcmp(words[0], "online") == 0) {
		if (n != 2)
			xasprintf(&reply, "error: usage: %s NODE\n", words[0]);
		else if ((node = rm_cmd_node(rm, words[1], &reply)) != NULL) {
			if (rm_send_attr(rm, node, "standby",
			    words[0][0] == 's' ? "on" : NULL, 1) == -1)
				xasprintf(&reply, "error: %s\n",
				    strerror(errno));
			else
				xasprintf(&reply, "node %s: %s\n", node,
				    words[0][0] == 's' ? "standby" : "online");
		}
		return reply;
	}
	if (strcmp(words[0], "move") == 0 || strcmp(words[0], "ban") == 0 ||
	    strcmp(words[0], "clear") == 0) {
		kind = words[0][0] == 'm' ? RSTATE_MOVE : words[0][0] == 'b' ?
		    RSTATE_BAN : RSTATE_CLEAR;
		if (n != 3 && !(kind == RSTATE_CLEAR && n == 2))
			xasprintf(&reply, "error: usage: %s RESOURCE %s\n",
			    words[0], kind == RSTATE_CLEAR ? "[NODE]" : "NODE");
		else if ((rsc = rm_cmd_rsc(rm, words[1], &reply)) != NULL &&
		    (n == 2 || rm_cmd_node(rm, words[2], &reply) != NULL)) {
			if (!value_is_name(rsc))
				xasprintf(&reply, "error: '%s' cannot be moved "
				    "by name\n", rsc);
			else if (rm_send_cons(rm, kind, rsc, n == 3 ?
			    words[2] : NULL) == -1)
				xasprintf(&reply, "error: %s\n",
				    strerror(errno));
			else if (kind == RSTATE_MOVE)
				xasprintf(&reply, "%s: moving to %s (it "
				    "prefers %s until hacc clear %s)\n", rsc,
				    words[2], words[2], rsc);
			else if (kind == RSTATE_BAN)
				xasprintf(&reply, "%s: banned from %s (until "
				    "hacc clear %s)\n", rsc, words[2], rsc);
			else
				xasprintf(&reply, "%s: moves and bans cleared"
				    "%s%s\n", rsc, n == 3 ? " on " : "",
				    n == 3 ? words[2] : "");
		}
		return reply;
	}
	if (strcmp(words[0], "cleanup") == 0) {
		if (n < 2 || n > 3)
			xasprintf(&reply, "error: usage: cleanup RESOURCE "
			    "[NODE]\n");
		else if ((rsc = rm_cmd_rsc(rm, words[1], &reply)) != NULL &&
		    (n == 2 || rm_cmd_node(rm, words[2], &reply) != NULL)) {
			if (rm_send_cleanup(rm, rsc, n == 3 ? words[2] : NULL,
			    RM_CLEANUP_HISTORY) == -1)
				xasprintf(&reply, "error: %s\n",
				    strerror(errno));
			else
				xasprintf(&reply, "%s: history and failures "
				    "cleared%s%s\n", rsc, n == 3 ? " on " : "",
				    n == 3 ? words[2] : "");
		}
		return reply;
	}
	return NULL;
}

/*
 * A lifetime word of the attribute commands: 1 forever (permanent), 0
 * reboot (transient), 2 either (get: the transient value first, as the
 * scheduler sees them); -1 for another word.
 */
static int
rm_lifetime(const char *word)
{
	if (strcmp(word, "forever") == 0)
		return 1;
	if (strcmp(word, "reboot") == 0)
		return 0;
	if (strcmp(word, "any") == 0)
		return 2;
	return -1;
}

/* The value of attribute name of node (lifetime as rm_lifetime), or NULL. */
static const char *
rm_attr_value(struct rm *rm, const char *node, const char *name, int lifetime)
{
	const struct nstate	*ns;
	const char		*v = NULL;

	if (lifetime != 1 && (ns = state_node(rm->rs->st, node, 0)) != NULL)
		v = state_attr(ns, name);
	if (v == NULL && lifetime != 0)
		v = rstate_perm(rm->rs, node, name);
	return v;
}

/*
 * The requests of the stand-ins for Pacemaker's tools (agents/hacc-tools.c;
 * words[0] is the request's name), answered "ok\n" and the data, "none\n"
 * for an attribute that is not set, or "error: ...\n":
 *
 *	attr get NODE NAME LIFETIME	the value, as it is (no newline added)
 *	attr set NODE NAME LIFETIME	the value is the request's data
 *	attr del NODE NAME LIFETIME
 *	node self			"ID NAME\n" of this node
 *	node list			"ID NAME member|lost\n" of each node
 *	quorum				"1\n" or "0\n"
 *	prop get NAME			a cluster property as the deployed
 *					policy sets it
 *
 * LIFETIME is reboot (transient), forever (permanent) or, for get, any.
 * Writes go on the ring and are applied when delivered, on every node
 * alike: a get right after a set may not see it yet (as with Pacemaker's
 * attribute manager). Returns the reply (new), or NULL when words is none
 * of these requests.
 */
char *
rm_attr_command(struct rm *rm, char **words, size_t n, const char *data,
    size_t len)
{
	const char	*v;
	char		*reply = NULL, *value;
	struct buf	 b;
	size_t		 i;
	int		 lifetime, set;

	if (strcmp(words[0], "node") == 0) {
		if (n != 2 || (strcmp(words[1], "self") != 0 &&
		    strcmp(words[1], "list") != 0) || data != NULL) {
			xasprintf(&reply, "error: usage: node self|list\n");
			return reply;
		}
		buf_init(&b);
		buf_puts(&b, "ok\n");
		for (i = 0; i < rm->n; i++) {
			if (words[1][0] == 's' && i != rm->self)
				continue;
			buf_printf(&b, "%u %s", rm->ids[i], rm->names[i]);
			if (words[1][0] == 'l')
				buf_printf(&b, " %s", rm_is_member(rm, i) ?
				    "member" : "lost");
			buf_putc(&b, '\n');
		}
		return buf_detach(&b);
	}
	if (strcmp(words[0], "quorum") == 0) {
		if (n != 1 || data != NULL)
			xasprintf(&reply, "error: usage: quorum\n");
		else
			xasprintf(&reply, "ok\n%d\n", rm->quorate ? 1 : 0);
		return reply;
	}
	if (strcmp(words[0], "prop") == 0) {
		if (n != 3 || strcmp(words[1], "get") != 0 || data != NULL) {
			xasprintf(&reply, "error: usage: prop get NAME\n");
			return reply;
		}
		if (rm->rs->maintenance && strcmp(words[2],
		    "maintenance-mode") == 0)
			return xstrdup("ok\ntrue");	/* hacc maintenance on */
		for (i = 0; rm->rs->m != NULL &&
		    i < rm->rs->m->props.set.n; i++) {
			if (strcmp(rm->rs->m->props.set.v[i].name,
			    words[2]) == 0) {
				xasprintf(&reply, "ok\n%s",
				    rm->rs->m->props.set.v[i].value);
				return reply;
			}
		}
		return xstrdup("none\n");
	}
	if (strcmp(words[0], "attr") != 0)
		return NULL;
	set = n >= 2 && strcmp(words[1], "set") == 0;
	if (n != 5 || (!set && strcmp(words[1], "get") != 0 &&
	    strcmp(words[1], "del") != 0) || (set != (data != NULL)) ||
	    (lifetime = rm_lifetime(words[4])) == -1 ||
	    (lifetime == 2 && words[1][0] != 'g')) {
		xasprintf(&reply, "error: usage: attr get|set|del NODE NAME "
		    "reboot|forever (set: the value as data)\n");
		return reply;
	}
	if (rm_cmd_node(rm, words[2], &reply) == NULL)
		return reply;
	if (words[1][0] == 'g') {
		if ((v = rm_attr_value(rm, words[2], words[3],
		    lifetime)) == NULL)
			return xstrdup("none\n");
		xasprintf(&reply, "ok\n%s", v);
		return reply;
	}
	value = NULL;
	if (set) {
		if (memchr(data, '\0', len) != NULL || len > RM_STR_MAX) {
			xasprintf(&reply, "error: the value has a NUL byte or "
			    "is longer than %d bytes\n", RM_STR_MAX);
			return reply;
		}
		value = xmalloc(len + 1);
		memcpy(value, data, len);
		value[len] = '\0';
	}
	if (strlen(words[3]) > RM_STR_MAX)
		xasprintf(&reply, "error: the name is too long\n");
	else if (rm_send_attr(rm, words[2], words[3], value, lifetime) == -1)
		xasprintf(&reply, "error: %s\n", strerror(errno));
	else
		reply = xstrdup("ok\n");
	free(value);
	return reply;
}

/* The name of the coordinator: the lowest-id member, or NULL. */
static const char *
rm_coordinator(const struct rm *rm)
{
	uint32_t	low = UINT32_MAX;
	size_t		i;

	for (i = 0; i < rm->nmembers; i++) {
		if (rm->members[i] < low)
			low = rm->members[i];
	}
	i = rm_index(rm, low);
	return i < rm->n ? rm->names[i] : NULL;
}

/* A node's state as a word. */
static const char *
rm_node_word(const struct nodeview *v)
{
	if (v->unclean)
		return "unclean";
	if (!v->online)
		return v->pending ? "pending" : "offline";
	if (v->pending)
		return "pending";
	if (v->standby)
		return "standby";
	if (v->maintenance)
		return "maintenance";
	return "online";
}

/* A role as a word. */
static const char *
rm_role_word(enum role r)
{
	switch (r) {
	case ROLE_STARTED:
		return "started";
	case ROLE_UNPROMOTED:
		return "unpromoted";
	case ROLE_PROMOTED:
		return "promoted";
	default:
		return "stopped";
	}
}

/* Append a JSON string (names are plain; quotes and controls escaped). */
static void
rm_json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\u%04x", (unsigned char)*s);
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/*
 * Append the fail counts of st's nodes (fail-count-RSC#OP_INTERVAL
 * attributes): failures stay counted after the resource recovered, until
 * hacc cleanup.
 */
static void
rm_status_failcounts(const struct cstate *st, struct buf *b, int json)
{
	const struct nvpair	*a;
	const char		*hash, *us;
	size_t			 i, j, n = 0;

	for (i = 0; i < st->nnodes; i++) {
		for (j = 0; j < st->nodes[i].attrs.n; j++) {
			a = &st->nodes[i].attrs.v[j];
			if (strncmp(a->name, "fail-count-", 11) != 0 ||
			    (hash = strrchr(a->name, '#')) == NULL ||
			    (us = strrchr(hash, '_')) == NULL)
				continue;
			if (json) {
				buf_printf(b, "%s{\"resource\": ", n ? ", " :
				    "");
				buf_printf(b, "\"%.*s\", \"node\": ",
				    (int)(hash - a->name - 11), a->name + 11);
				rm_json_str(b, st->nodes[i].name);
				buf_printf(b, ", \"operation\": \"%.*s\", "
				    "\"interval_ms\": %s, \"count\": ",
				    (int)(us - hash - 1), hash + 1, us + 1);
				rm_json_str(b, a->value);
				buf_putc(b, '}');
			} else {
				if (n == 0)
					buf_puts(b, "fail counts:\n");
				buf_printf(b, "  %.*s on %s: %.*s", (int)(hash -
				    a->name - 11), a->name + 11,
				    st->nodes[i].name, (int)(us - hash - 1),
				    hash + 1);
				if (strcmp(us + 1, "0") != 0)
					buf_printf(b, " every %sms", us + 1);
				buf_printf(b, ", %s\n", a->value);
			}
			n++;
		}
	}
}

/* The outermost group or clone of r, or r. */
static const struct resource *
rm_top(const struct resource *r)
{
	while (r->parent != NULL)
		r = r->parent;
	return r;
}

/* A resource's line of the status: agent, role, nodes, flags. */
static void
rm_status_line(const struct placement *p, int indent, struct buf *b)
{
	size_t	j;

	buf_printf(b, "%*s%-20s %-28s %s", indent, "", p->rsc,
	    p->model != NULL ? p->model->agent : "", rm_role_word(p->role));
	for (j = 0; j < p->nnodes; j++)
		buf_printf(b, "%s%s", j ? ", " : " on ", p->nodes[j]);
	if (p->failed)
		buf_puts(b, " (failed)");
	if (!p->managed)
		buf_puts(b, " (unmanaged)");
	buf_putc(b, '\n');
}

/* The instance number of a clone instance's id ("drbd:1"), or "". */
static const char *
rm_instance_num(const char *id)
{
	const char	*colon = strrchr(id, ':');

	return colon != NULL ? colon + 1 : "";
}

/*
 * Whether the placements of clone instance num (a primitive, or a
 * group's members) are healthy and together: each on one node, the same
 * node, not failed, managed. *node and *role: where and as what (a
 * group's instance is Promoted only when all its members are); *node
 * NULL when none is active.
 */
static int
rm_status_unit(const struct status *sv, const struct resource *clone,
    const char *num, const char **node, enum role *role)
{
	const struct placement	*p;
	size_t			 i;
	int			 n = 0, active = 0;

	*node = NULL;
	*role = ROLE_PROMOTED;
	for (i = 0; i < sv->nrscs; i++) {
		p = &sv->rscs[i];
		if (p->model == NULL || rm_top(p->model) != clone ||
		    strcmp(rm_instance_num(p->rsc), num) != 0)
			continue;
		n++;
		if (p->failed || !p->managed || p->orphan || p->nnodes > 1)
			return 0;
		if (p->nnodes == 0)
			continue;
		if (*node != NULL && strcmp(*node, p->nodes[0]) != 0)
			return 0;
		*node = p->nodes[0];
		if (p->role < *role)
			*role = p->role;
		active++;
	}
	/* a group instance half started shows its members */
	return n > 0 && (active == 0 || active == n);
}

/*
 * A clone set as crm_mon shows it: "Clone Set: NAME [CHILD]" with
 * (promotable, unique), then the nodes where its instances are Promoted,
 * Unpromoted (Started for a clone that is not promotable), and Stopped;
 * the instances of a globally unique clone, and those that failed, are
 * unmanaged or not together, on lines of their own. JSON: an object of
 * the "clones" array.
 */
static void
rm_status_clone(const struct status *sv, const struct resource *clone,
    struct buf *b, int json)
{
	static const char *const labels[] = { "Promoted", "Unpromoted",
	    "Started", "Stopped" };
	static const char *const keys[] = { "promoted", "unpromoted",
	    "started", "stopped" };
	const struct placement	*p;
	const char		*node, *num;
	unsigned char		*on;
	enum role		 role;
	size_t			 i, j, k, n;
	int			 unique = clone->meta.globally_unique;

	on = xcalloc(sv->nnodes + 1, 1);	/* bit k: labels[k] there */
	if (json) {
		buf_puts(b, "{\"name\": ");
		rm_json_str(b, clone->name);
		buf_puts(b, ", \"child\": ");
		rm_json_str(b, clone->children[0]->name);
		buf_printf(b, ", \"promotable\": %s, \"unique\": %s, "
		    "\"instances\": [", clone->promotable ? "true" : "false",
		    unique ? "true" : "false");
	} else {
		buf_printf(b, "  Clone Set: %s [%s]", clone->name,
		    clone->children[0]->name);
		if (clone->promotable || unique)
			buf_printf(b, " (%s%s%s)", clone->promotable ?
			    "promotable" : "", clone->promotable && unique ?
			    ", " : "", unique ? "unique" : "");
		buf_putc(b, '\n');
	}
	for (i = 0, n = 0; i < sv->nrscs; i++) {
		p = &sv->rscs[i];
		if (p->model == NULL || rm_top(p->model) != clone)
			continue;
		for (j = 0; j < p->nnodes; j++) {
			for (k = 0; k < sv->nnodes; k++) {
				if (strcmp(sv->nodes[k].name, p->nodes[j]) ==
				    0)
					on[k] |= 8;	/* active there */
			}
		}
		num = rm_instance_num(p->rsc);
		if (!unique && rm_status_unit(sv, clone, num, &node, &role)) {
			for (k = 0; node != NULL && k < sv->nnodes; k++) {
				if (strcmp(sv->nodes[k].name, node) != 0)
					continue;
				on[k] |= role == ROLE_PROMOTED ? 1 :
				    clone->promotable ? 2 : 4;
			}
			continue;
		}
		/* A line of its own (JSON: the instance's name). */
		if (json) {
			buf_puts(b, n ? ", " : "");
			rm_json_str(b, p->rsc);
		} else
			rm_status_line(p, 4, b);
		n++;
	}
	if (json)
		buf_putc(b, ']');
	for (k = 0; k < nitems(labels); k++) {
		if (json)
			buf_printf(b, ", \"%s\": [", keys[k]);
		for (i = 0, n = 0; i < sv->nnodes; i++) {
			if (k < 3 ? !(on[i] & (1 << k)) : on[i] != 0)
				continue;
			if (json) {
				buf_puts(b, n ? ", " : "");
				rm_json_str(b, sv->nodes[i].name);
			} else {
				if (n == 0)
					buf_printf(b, "    %s: [", labels[k]);
				buf_printf(b, " %s", sv->nodes[i].name);
			}
			n++;
		}
		if (json)
			buf_putc(b, ']');
		else if (n > 0)
			buf_puts(b, " ]\n");
	}
	if (json)
		buf_putc(b, '}');
	free(on);
}

/*
 * Append the resource manager's status: the policy, the coordinator,
 * nodes, resources with role and node, failed actions (text or JSON
 * members of the status object).
 */
void
rm_status(struct rm *rm, struct buf *b, int json)
{
	struct ctx		*ctx;
	struct cstate		*st;
	struct status		*sv;
	const struct placement	*p;
	const struct resource	*top, *group;
	const struct rhist	*h;
	const struct oprec	*o;
	const char		*coord = rm_coordinator(rm), *maint = NULL;
	size_t			 i, j, k, nfailed = 0;

	if (rm->rs->maintenance)
		maint = "hacc maintenance on";
	else if (rm->rs->m != NULL && rm->rs->m->props.maintenance_mode)
		maint = "the policy's maintenance-mode";

	if (json) {
		buf_printf(b, ", \"policy\": {\"epoch\": %llu, \"sha256\": ",
		    (unsigned long long)rm->rs->epoch);
		rm_json_str(b, rm->rs->digest);
		buf_printf(b, ", \"updates\": %llu}, \"synchronising\": %s, "
		    "\"maintenance\": %s, \"maintenance_by\": \"%s\", "
		    "\"coordinator\": ", (unsigned long long)rm->rs->version,
		    rm->syncing ? "true" : "false", maint != NULL ? "true" :
		    "false", maint != NULL ? maint : "");
		rm_json_str(b, coord);
		buf_puts(b, ", ");
		coord_status(rm->coord, b, 1);
	} else {
		if (rm->rs->policy == NULL)
			buf_puts(b, "policy: none deployed (hacc deploy)\n");
		else
			buf_printf(b, "policy: epoch %llu, sha256 %.12s, %llu "
			    "updates%s\n", (unsigned long long)rm->rs->epoch,
			    rm->rs->digest, (unsigned long long)rm->rs->version,
			    rm->syncing ? ", synchronising" : "");
		if (maint != NULL)
			buf_printf(b, "maintenance: on (%s): nothing is "
			    "started, stopped or monitored\n", maint);
		buf_printf(b, "coordinator: %s", coord != NULL ? coord :
		    "none");
		if (coord_active(rm->coord)) {
			buf_puts(b, " (this node), ");
			coord_status(rm->coord, b, 0);
		} else
			buf_putc(b, '\n');
	}
	if (rm->rs->m == NULL) {
		if (json)
			buf_puts(b, ", \"nodes\": [], \"resources\": [], "
			    "\"failed\": []");
		return;
	}
	if (json)
		buf_puts(b, ", \"constraints\": [");
	for (i = 0; i < rm->rs->ncons; i++) {
		const struct rstate_con	*c = &rm->rs->cons[i];

		if (json)
			buf_printf(b, "%s{\"resource\": \"%s\", \"%s\": "
			    "\"%s\"}", i ? ", " : "", c->rsc, c->prefer ?
			    "prefers" : "avoids", c->node);
		else
			buf_printf(b, "%s%s %s %s", i ? ", " :
			    "moves and bans: ", c->rsc, c->prefer ? "prefers" :
			    "avoids", c->node);
	}
	buf_puts(b, json ? "]" : rm->rs->ncons > 0 ? "\n" : "");
	ctx = ctx_new();
	st = coord_cstate(rm, ctx);
	sv = sched_status(ctx, rm->rs->m, st);
	buf_puts(b, json ? ", \"nodes\": [" : "nodes:");
	for (i = 0; i < sv->nnodes; i++) {
		if (json) {
			buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
			rm_json_str(b, sv->nodes[i].name);
			buf_printf(b, ", \"state\": \"%s\"}",
			    rm_node_word(&sv->nodes[i]));
		} else
			buf_printf(b, " %s %s%s", sv->nodes[i].name,
			    rm_node_word(&sv->nodes[i]),
			    i + 1 < sv->nnodes ? "," : "");
	}
	buf_puts(b, json ? "], \"resources\": [" : "\nresources:\n");
	for (i = 0, group = NULL; i < sv->nrscs; i++) {
		p = &sv->rscs[i];
		top = p->model != NULL ? rm_top(p->model) : NULL;
		if (json) {
			buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
			rm_json_str(b, p->rsc);
			buf_puts(b, ", \"agent\": ");
			rm_json_str(b, p->model != NULL ? p->model->agent : "");
			if (p->model != NULL && p->model->parent != NULL &&
			    p->model->parent->kind == RSC_GROUP) {
				buf_puts(b, ", \"group\": ");
				rm_json_str(b, p->model->parent->name);
			}
			if (top != NULL && top->kind == RSC_CLONE) {
				buf_puts(b, ", \"clone\": ");
				rm_json_str(b, top->name);
			}
			buf_printf(b, ", \"role\": \"%s\", \"failed\": %s, "
			    "\"managed\": %s, \"nodes\": [",
			    rm_role_word(p->role), p->failed ? "true" : "false",
			    p->managed ? "true" : "false");
			for (j = 0; j < p->nnodes; j++) {
				if (j)
					buf_puts(b, ", ");
				rm_json_str(b, p->nodes[j]);
			}
			buf_puts(b, "]}");
			continue;
		}
		if (top != NULL && top->kind == RSC_CLONE) {
			/* the set once, where its first instance is */
			for (j = 0; j < i; j++) {
				if (sv->rscs[j].model != NULL &&
				    rm_top(sv->rscs[j].model) == top)
					break;
			}
			if (j == i)
				rm_status_clone(sv, top, b, 0);
			group = NULL;
			continue;
		}
		if (top != NULL && top->kind == RSC_GROUP) {
			if (top != group)
				buf_printf(b, "  Resource Group: %s\n",
				    top->name);
			group = top;
			rm_status_line(p, 4, b);
			continue;
		}
		group = NULL;
		rm_status_line(p, 2, b);
	}
	if (json) {
		buf_puts(b, "], \"clones\": [");
		for (i = 0, k = 0; i < rm->rs->m->nresources; i++) {
			top = rm->rs->m->resources[i];
			if (top->kind != RSC_CLONE || top->parent != NULL)
				continue;
			buf_puts(b, k++ ? ", " : "");
			rm_status_clone(sv, top, b, 1);
		}
	}
	buf_puts(b, json ? "], \"failed\": [" : "");
	for (i = 0; i < st->nhist; i++) {
		h = &st->hist[i];
		for (k = 0; k < h->nops; k++) {
			o = &h->ops[k];
			if (o->expected_rc < 0 || (o->rc == o->expected_rc &&
			    o->status == OPST_DONE))
				continue;
			if (json) {
				buf_puts(b, nfailed ? ", {\"resource\": " :
				    "{\"resource\": ");
				rm_json_str(b, h->rsc);
				buf_puts(b, ", \"node\": ");
				rm_json_str(b, st->nodes[h->node].name);
				buf_puts(b, ", \"task\": ");
				rm_json_str(b, o->task);
				buf_printf(b, ", \"interval_ms\": %llu, "
				    "\"rc\": %d, \"expected\": %d, "
				    "\"reason\": ",
				    (unsigned long long)o->interval_ms, o->rc,
				    o->expected_rc);
				rm_json_str(b, o->exit_reason);
				buf_putc(b, '}');
			} else {
				if (nfailed == 0)
					buf_puts(b, "failed actions:\n");
				buf_puts(b, "  ");
				rm_failed_text(b, h->rsc,
				    st->nodes[h->node].name, o);
				buf_putc(b, '\n');
			}
			nfailed++;
		}
	}
	buf_puts(b, json ? "], \"fail_counts\": [" : "");
	rm_status_failcounts(st, b, json);
	if (json)
		buf_putc(b, ']');
	ctx_free(ctx);
}

/*
 * Leave cleanly: this node is down by intent (not to be fenced), then
 * the ring is left and the loop stops. Resources still running here are
 * stopped first by the coordinator (the shutdown attribute), see
 * rm_shutdown().
 */
void
rm_leave(struct rm *rm)
{
	if (rm->leaving) {
		rm_left(rm);
		return;
	}
	rm->leaving = 1;
	rm_send_node_event(rm, rm->names[rm->self], RSTATE_DOWN);
	loop_timer_add(rm->loop, &rm->leave_timer, RM_LEAVE_WAIT_US);
}

/*
 * Our announcement that we are down was delivered (so the members have
 * it), or we waited long enough: leave the ring.
 */
static void
rm_left(void *arg)
{
	struct rm	*rm = arg;

	if (rm->left)
		return;
	rm->left = 1;
	loop_timer_del(rm->loop, &rm->leave_timer);
	rm->leave_cb(rm->leave_arg);
}

/* Timer: the coordinator did not stop our resources in time. */
static void
rm_shutdown_timeout(void *arg)
{
	struct rm	*rm = arg;

	log_msg(LOG_LEVEL_WARNING, "rm", "resources not moved away in time: "
	    "leaving anyway");
	rm_leave(rm);
}

/*
 * Stop this node cleanly: ask the coordinator to move its resources away
 * (the transient attribute shutdown, as Pacemaker's), which ends with a
 * do_shutdown action; without a quorate cluster and a policy, leave now.
 */
void
rm_shutdown(struct rm *rm, uint64_t timeout_us)
{
	char	now[32];

	if (rm->shutting_down || rm->leaving)
		return;
	rm->shutting_down = 1;
	if (!rm->quorate || rm->rs->m == NULL || rm->syncing) {
		rm_leave(rm);
		return;
	}
	log_msg(LOG_LEVEL_NOTICE, "rm", "shutting down: moving resources "
	    "away");
	snprintf(now, sizeof now, "%lld", (long long)rm_time());
	rm_send_attr(rm, rm->names[rm->self], "shutdown", now, 0);
	loop_timer_add(rm->loop, &rm->shutdown_timer, timeout_us);
}

/*
 * A resource manager for node self of the configured nodes (names and
 * ids borrowed for its lifetime) on ring (which must join RM_GROUP),
 * keeping its state under statedir (NULL: nowhere). leave(arg) is called
 * to leave the ring and stop. NULL with *cause when the saved state
 * cannot be read.
 */
struct rm *
rm_new(struct loop *loop, struct ring *ring, const char *cluster,
    char *const *names, const uint32_t *ids, size_t n, size_t self,
    const char *statedir, const struct exec_config *ec,
    void (*leave)(void *), void *arg, char **cause)
{
	struct rm	*rm;
	char		*why = NULL;

	rm = xcalloc(1, sizeof *rm);
	rm->loop = loop;
	rm->ring = ring;
	rm->cluster = xstrdup(cluster);
	rm->names = names;
	rm->ids = ids;
	rm->n = n;
	rm->self = self;
	rm->leave_cb = leave;
	rm->leave_arg = arg;
	rm->quorum_logged = -1;
	loop_timer_init(&rm->shutdown_timer, rm_shutdown_timeout, rm);
	loop_timer_init(&rm->leave_timer, rm_left, rm);
	loop_timer_init(&rm->queue_timer, rm_exec_queue, rm);
	loop_timer_init(&rm->trim_timer, rm_trim, rm);
	if (statedir != NULL) {
		if (mkdir(statedir, 0700) == -1 && errno != EEXIST) {
			xasprintf(cause, "%s: %s", statedir, strerror(errno));
			rm_free(rm);
			return NULL;
		}
		rm->statedir = xstrdup(statedir);
		if ((rm->rs = rstate_load(statedir, &why)) == NULL) {
			xasprintf(cause, "%s (move it away to start with an "
			    "empty state: the cluster's is sent on joining)",
			    why);
			free(why);
			rm_free(rm);
			return NULL;
		}
	} else
		rm->rs = rstate_new();
	if (ring_join(ring, RM_GROUP) == -1) {
		xasprintf(cause, "cannot join the ring's group %s", RM_GROUP);
		rm_free(rm);
		return NULL;
	}
	rm->x = exec_new(loop, ec);
	rm->recur = recur_new(rm->x);
	rm->snap = xcalloc(RING_MAX_NODES, sizeof *rm->snap);
	rm->bestmsg = xcalloc(1, sizeof *rm->bestmsg);
	rm->coord = coord_new(rm);
	if (rm->rs->policy != NULL)
		log_msg(LOG_LEVEL_INFO, "rm", "saved state: policy epoch %llu, "
		    "%llu updates", (unsigned long long)rm->rs->epoch,
		    (unsigned long long)rm->rs->version);
	return rm;
}

/* Free a resource manager; running agents are abandoned. NULL: no-op. */
void
rm_free(struct rm *rm)
{
	struct rm_run	*run;
	struct rm_last	*last;

	if (rm == NULL)
		return;
	coord_free(rm->coord);
	rm->freeing = 1;
	if (rm->loop != NULL) {
		loop_timer_del(rm->loop, &rm->queue_timer);
		loop_timer_del(rm->loop, &rm->trim_timer);
		loop_timer_del(rm->loop, &rm->shutdown_timer);
		loop_timer_del(rm->loop, &rm->leave_timer);
	}
	while ((run = rm->runs) != NULL) {
		if (run->op != NULL)
			exec_abandon(run->op);
		rm_run_free(run);
	}
	rm_mon_drop(rm, NULL, NULL);
	while ((last = rm->lasts) != NULL) {
		rm->lasts = last->next;
		arena_free(last->a);
		free(last);
	}
	recur_free(rm->recur);
	fence_free(rm->fencer);
	ctx_free(rm->fctx);
	exec_free(rm->x);
	while (rm->nfdevs > 0)
		free(rm->fdevs[--rm->nfdevs]);
	free(rm->fdevs);
	rm_held_clear(rm);
	free(rm->best);
	free(rm->snap);
	free(rm->bestmsg);
	rstate_free(rm->rs);
	free(rm->statedir);
	free(rm->cluster);
	free(rm);
}
