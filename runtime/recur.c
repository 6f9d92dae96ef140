/*
 * recur.c: recurring operations on the loop, and what a probe's result
 * says. A recurring operation (a monitor with an interval) runs through
 * the executor at once, then again each interval after its previous run
 * ended, until it is cancelled; each result goes to its callback with a
 * flag saying whether it differs from the one before. Operations are
 * named by their key, RSC_ACTION_INTERVAL as Pacemaker's ("web_monitor_
 * 10000"), so the coordinator can cancel what a graph's cancel action
 * names.
 *
 * BEHAVIOR (after Pacemaker's executor): the interval counts from the end
 * of a run, so a slow monitor never overlaps itself; adding an operation
 * whose key exists replaces it; cancelling one that is running kills the
 * run, and the cancelled run's result is not reported. A probe is a
 * monitor with interval 0 whose expected result is "not running"
 * (OCF_NOT_RUNNING); recur_probe_state() reads what it found as the
 * scheduler does: an agent that is not installed there leaves the
 * resource stopped.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "model.h"
#include "runtime.h"

struct recur_op {
	struct recur		*r;
	struct arena		*arena;
	const char		*key;
	struct exec_request	 req;		/* copied into arena */
	struct loop_timer	 timer;
	struct exec_op		*running;
	recur_cb		*cb;
	void			*arg;
	int			 have_last;
	enum exec_status	 last_status;
	int			 last_rc;
	uint64_t		 runs;
	int			 dying;		/* cancelled: free when idle */
	int			 in_cb;
};

struct recur {
	struct exec		 *x;
	struct recur_op		**ops;
	size_t			  nops;
};

static void	recur_run(void *);

/* Return a new set of recurring operations run by x. Never fails. */
struct recur *
recur_new(struct exec *x)
{
	struct recur	*r;

	r = xcalloc(1, sizeof *r);
	r->x = x;
	return r;
}

/* Unlist op and free it (it is not running). */
static void
recur_op_free(struct recur_op *op)
{
	struct recur	*r = op->r;
	size_t		 i;

	for (i = 0; i < r->nops; i++) {
		if (r->ops[i] == op) {
			memmove(&r->ops[i], &r->ops[i + 1],
			    (r->nops - i - 1) * sizeof *r->ops);
			r->nops--;
			break;
		}
	}
	loop_timer_del(exec_loop(r->x), &op->timer);
	arena_free(op->arena);
	free(op);
}

/*
 * Cancel op: free it now, or, when it runs, kill the run and free it when
 * the executor reports (cancelled operations stay listed until then, so
 * recur_free can reach them).
 */
static void
recur_op_drop(struct recur_op *op)
{
	op->dying = 1;
	loop_timer_del(exec_loop(op->r->x), &op->timer);
	if (op->running != NULL)
		exec_cancel(op->running);
	else if (!op->in_cb)
		recur_op_free(op);
}

/*
 * Free the set: every operation is dropped without a report, and runs in
 * progress are killed at once (SIGKILL) and reaped. r may be NULL.
 */
void
recur_free(struct recur *r)
{
	struct recur_op	*op;

	if (r == NULL)
		return;
	while (r->nops > 0) {
		op = r->ops[r->nops - 1];
		if (op->running != NULL)
			exec_abandon(op->running);
		op->running = NULL;
		recur_op_free(op);
	}
	free(r->ops);
	free(r);
}

/* The key of an operation: RSC_ACTION_INTERVAL, in arena. */
const char *
recur_key(struct arena *a, const char *rsc, const char *action,
    uint64_t interval_ms)
{
	return arena_printf(a, "%s_%s_%" PRIu64, rsc, action, interval_ms);
}

/* Copy n parameters into arena a. */
static const struct exec_param *
recur_copy_params(struct arena *a, const struct exec_param *p, size_t n)
{
	struct exec_param	*v;
	size_t			 i;

	if (n == 0)
		return NULL;
	v = arena_allocarray(a, n, sizeof *v);
	for (i = 0; i < n; i++) {
		v[i].name = p[i].name != NULL ? arena_strdup(a, p[i].name) :
		    NULL;
		v[i].value = p[i].value != NULL ? arena_strdup(a, p[i].value) :
		    NULL;
	}
	return v;
}

/* A copy of s in a, or NULL. */
static const char *
recur_strdup(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

/* Copy req into dst, its strings and arrays into arena a. */
void
recur_copy_request(struct arena *a, struct exec_request *dst,
    const struct exec_request *src)
{
	*dst = *src;
	dst->provider = recur_strdup(a, src->provider);
	dst->type = recur_strdup(a, src->type);
	dst->rsc = recur_strdup(a, src->rsc);
	dst->action = recur_strdup(a, src->action);
	dst->params = recur_copy_params(a, src->params, src->nparams);
	dst->meta = recur_copy_params(a, src->meta, src->nmeta);
	if (src->input != NULL) {
		dst->input = arena_alloc(a, src->inputlen + 1);
		memcpy((char *)dst->input, src->input, src->inputlen);
	}
}

/* Find the operation named key, or NULL. */
static struct recur_op *
recur_find(struct recur *r, const char *key)
{
	size_t	i;

	for (i = 0; i < r->nops; i++) {
		if (!r->ops[i]->dying && strcmp(r->ops[i]->key, key) == 0)
			return r->ops[i];
	}
	return NULL;
}

/* Executor callback: report a run's result and schedule the next. */
static void
recur_done(void *arg, const struct exec_result *res)
{
	struct recur_op	*op = arg;
	int		 changed;

	op->running = NULL;
	if (op->dying) {
		recur_op_free(op);
		return;
	}
	op->runs++;
	changed = !op->have_last || op->last_status != res->status ||
	    op->last_rc != res->rc;
	op->have_last = 1;
	op->last_status = res->status;
	op->last_rc = res->rc;
	op->in_cb = 1;
	op->cb(op->arg, op->key, res, changed);
	op->in_cb = 0;
	if (op->dying) {
		recur_op_free(op);
		return;
	}
	loop_timer_add(exec_loop(op->r->x), &op->timer,
	    op->req.interval_ms * 1000);
}

/* Timer callback: run the operation. */
static void
recur_run(void *arg)
{
	struct recur_op	*op = arg;

	op->running = exec_run(op->r->x, &op->req, recur_done, op);
}

/*
 * Add a recurring operation: req (copied) runs now and then every
 * req->interval_ms after each run ends; cb(arg, key, result, changed)
 * hears every result. An operation with the same key is replaced. 0, or
 * -1 with *cause (no interval, no resource or action).
 */
int
recur_add(struct recur *r, const struct exec_request *req, recur_cb *cb,
    void *arg, char **cause)
{
	struct recur_op	*op, *old;
	struct arena	*a;

	if (req->interval_ms == 0) {
		xasprintf(cause, "%s %s: a recurring operation needs an "
		    "interval", req->rsc != NULL ? req->rsc : "?",
		    req->action != NULL ? req->action : "?");
		return -1;
	}
	if (req->rsc == NULL || req->action == NULL) {
		xasprintf(cause, "a recurring operation needs a resource and "
		    "an action");
		return -1;
	}
	a = arena_new();
	op = xcalloc(1, sizeof *op);
	op->r = r;
	op->arena = a;
	op->key = recur_key(a, req->rsc, req->action, req->interval_ms);
	recur_copy_request(a, &op->req, req);
	op->cb = cb;
	op->arg = arg;
	loop_timer_init(&op->timer, recur_run, op);
	if ((old = recur_find(r, op->key)) != NULL)
		recur_op_drop(old);
	r->ops = xreallocarray(r->ops, r->nops + 1, sizeof *r->ops);
	r->ops[r->nops++] = op;
	loop_timer_add(exec_loop(r->x), &op->timer, 0);
	return 0;
}

/*
 * Cancel the operation of rsc, action and interval; a run in progress is
 * killed and not reported. 0, or -1 when there is no such operation.
 */
int
recur_cancel(struct recur *r, const char *rsc, const char *action,
    uint64_t interval_ms)
{
	struct recur_op	*op;
	struct arena	*a = arena_new();

	op = recur_find(r, recur_key(a, rsc, action, interval_ms));
	arena_free(a);
	if (op == NULL)
		return -1;
	recur_op_drop(op);
	return 0;
}

/* Cancel every operation of rsc (before it stops); return how many. */
size_t
recur_cancel_rsc(struct recur *r, const char *rsc)
{
	struct recur_op	*op;
	size_t		 i, n = 0;

	i = 0;
	while (i < r->nops) {
		op = r->ops[i];
		if (!op->dying && strcmp(op->req.rsc, rsc) == 0) {
			n++;
			recur_op_drop(op);
			if (i < r->nops && r->ops[i] == op)
				i++;	/* still listed until its run ends */
		} else
			i++;
	}
	return n;
}

/* How many operations are scheduled. */
size_t
recur_count(const struct recur *r)
{
	size_t	i, n = 0;

	for (i = 0; i < r->nops; i++)
		n += !r->ops[i]->dying;
	return n;
}

/* How many times the operation named key has reported, or 0. */
uint64_t
recur_runs(struct recur *r, const char *key)
{
	struct recur_op	*op = recur_find(r, key);

	return op != NULL ? op->runs : 0;
}

/* Whether a result is the expected one: done, with expected_rc. */
int
recur_expected(const struct exec_result *res, int expected_rc)
{
	return res->status == EXEC_DONE && res->rc == expected_rc;
}

/*
 * What a probe found, as the scheduler reads it: not running, or not
 * installed here (the agent or its software), is stopped; running or
 * degraded is started; promoted is promoted; anything else (an error, a
 * failed promoted instance, a timeout) is a failure, the resource to be
 * treated as active and failed.
 */
enum probe_state
recur_probe_state(const struct exec_result *res)
{
	if (res->status == EXEC_NOT_INSTALLED)
		return PROBE_STOPPED;
	if (res->status != EXEC_DONE)
		return PROBE_FAILED;
	switch (res->rc) {
	case OCF_NOT_RUNNING:
	case OCF_ERR_INSTALLED:
		return PROBE_STOPPED;
	case OCF_OK:
	case OCF_DEGRADED:
		return PROBE_STARTED;
	case OCF_RUNNING_PROMOTED:
	case OCF_DEGRADED_PROMOTED:
		return PROBE_PROMOTED;
	}
	return PROBE_FAILED;
}

/* The name of a probe's finding. */
const char *
recur_probe_name(enum probe_state state)
{
	switch (state) {
	case PROBE_STOPPED:
		return "stopped";
	case PROBE_STARTED:
		return "started";
	case PROBE_PROMOTED:
		return "promoted";
	case PROBE_FAILED:
		return "failed";
	}
	return "unknown";
}
