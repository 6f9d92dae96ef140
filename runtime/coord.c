/*
 * coord.c: the coordinator, Pacemaker's DC: on the lowest-id member of a
 * configuration, once its state is synchronised and a policy deployed,
 * it builds the scheduler's cluster state from the replicated state and
 * the membership, runs the scheduler (the same as `hacc simulate`) and
 * executes the transition graph: each action goes to its node over the
 * ring once the actions it waits for are done, and the node's result
 * (an RM_OP or RM_DONE message, rm.c) completes it.
 *
 * BEHAVIOR (after Pacemaker's controller, te_actions.c and tengine):
 * one transition at a time; pseudo actions complete at once; an action
 * that fails (a result other than the expected one, a timeout, its node
 * gone) aborts the transition: nothing new starts, the running actions
 * are waited for, then the scheduler runs again on the new state. Any
 * other change (membership, quorum, a monitor's changed result, a
 * deploy, an attribute, a probe that finds what was not expected)
 * aborts the transition the same way, but without the retry delay of a
 * failure. After a
 * transition ends the scheduler runs again; an empty graph means the
 * cluster is where the policy wants it.
 *
 * Nodes for the scheduler: a member that announced itself since it joined
 * is online; a member that has not yet is pending (it runs nothing yet);
 * a node that is not a member is unclean when the replicated state still
 * expects it up (it failed: with fencing enabled the scheduler fences it
 * before its resources are recovered), else offline.
 *
 * Fencing runs on the coordinator when a fence device may run there (the
 * scheduler's score for the device on that node is not negative, as
 * Pacemaker's fencer decides which devices it registers), else on the
 * first member where one may; that node uses only those devices. The
 * target never fences itself.
 *
 * Departures from Pacemaker: the fencing node is chosen as above rather
 * than by the fencers' topology queries among themselves; without quorum the
 * scheduler runs (no-quorum-policy applies) but fencing is never
 * executed; an action timeout is its operation's timeout plus 20 s.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "sched.h"
#include "runtime.h"

#define COORD_SLACK_US		(20 * 1000000ULL)
#define COORD_DELAY_US		(10 * 1000ULL)	/* coalesce inputs */
#define COORD_RETRY_US		(2 * 1000000ULL)	/* after failures */
#define COORD_SLOW_US		(10 * 1000000ULL)	/* after many */
#define COORD_STREAK		16

enum coord_astate {
	CA_WAIT,
	CA_RUN,
	CA_DONE,
	CA_FAIL
};

/* An action of the running transition (copied out of the graph). */
struct coord_action {
	enum gaction_kind	 kind;
	const char		*task;
	const char		*rsc;
	const char		*hist;		/* the history its results go in */
	const char		*meta;		/* its meta attributes from the
						   graph, name=value lines */
	const char		*node;
	const char		*fence_action;
	uint64_t		 interval_ms;
	uint64_t		 timeout_ms;
	int			 expected_rc;
	size_t			*inputs;	/* indexes */
	size_t			 ninputs;
	enum coord_astate	 state;
	uint64_t		 deadline;
};

/* A fence device of the running transition and the nodes it may run on. */
struct coord_fdev {
	const char		*name;
	const char		**nodes;
	size_t			 nnodes;
};

struct coord {
	struct rm		*rm;
	struct loop_timer	 kick;
	struct loop_timer	 tick;
	uint32_t		 tid;		/* the last transition */
	int			 running;
	int			 aborted;
	int			 failed;
	struct arena		*arena;		/* the transition's */
	struct coord_action	*acts;
	size_t			 nacts;
	struct coord_fdev	*fdevs;
	size_t			 nfdevs;
	size_t			 inflight;
	unsigned int		 streak;	/* transitions since idle */
	uint64_t		 transitions;
	uint64_t		 started;	/* loop time of this one */
};

static void	coord_dispatch(struct coord *);

/* Whether this node coordinates now. */
int
coord_active(const struct coord *co)
{
	const struct rm	*rm = co->rm;
	uint32_t	 low = UINT32_MAX;
	size_t		 i;

	if (rm->syncing || rm->nmembers == 0 || rm->rs->m == NULL ||
	    rm->leaving)
		return 0;
	for (i = 0; i < rm->nmembers; i++) {
		if (rm->members[i] < low)
			low = rm->members[i];
	}
	return low == rm->ids[rm->self];
}

/*
 * The scheduler's cluster state (new, in ctx): the replicated state with
 * the membership, permanent attributes, quorum and the time.
 */
struct cstate *
coord_cstate(struct rm *rm, struct ctx *ctx)
{
	struct cstate	*st;
	struct nstate	*ns;
	const char	*v;
	size_t		 i, j;
	int		 member, up;

	st = state_copy(ctx, rm->rs->st);
	for (i = 0; i < rm->n; i++) {
		ns = state_node(st, rm->names[i], 1);
		ns->id = rm->ids[i];
		member = rm_is_member(rm, i);
		up = ns->expected_up;
		ns->seen = 1;
		if (member && rm->ready[i] && up) {
			ns->in_ccm = ns->crmd = 1;
			ns->join = JOIN_MEMBER;
			ns->expected_up = 1;
		} else if (member) {
			ns->in_ccm = ns->crmd = 1;
			ns->join = JOIN_PENDING;
			ns->expected_up = 1;
		} else {
			ns->in_ccm = ns->crmd = 0;
			ns->join = JOIN_DOWN;
			ns->expected_up = up && !rm->left_clean[i];
		}
	}
	for (j = 0; j < rm->rs->nperm; j++) {
		const char	*node = rm->rs->perm[j].node;

		if ((ns = state_node(st, node, 0)) == NULL)
			continue;
		v = state_attr(ns, rm->rs->perm[j].name);
		if (v == NULL)
			state_set_attr(ctx, ns, rm->rs->perm[j].name,
			    rm->rs->perm[j].value);
	}
	st->have_quorum = rm->quorate ? 1 : 0;
	st->now = (int64_t)(loop_realtime() / 1000000);
	st->dc = coord_active(rm->coord) ? rm->names[rm->self] : NULL;
	return st;
}

/* Arm the kick timer: schedule after delay (sooner wins). */
static void
coord_kick(struct coord *co, uint64_t delay)
{
	struct loop	*loop = co->rm->loop;

	if (loop_timer_pending(&co->kick)) {
		if (co->kick.when <= loop_now(loop) + delay)
			return;
		loop_timer_del(loop, &co->kick);
	}
	loop_timer_add(loop, &co->kick, delay);
}

/* Forget the running transition (results for it are ignored). */
static void
coord_drop(struct coord *co)
{
	arena_free(co->arena);
	co->arena = NULL;
	co->acts = NULL;
	co->nacts = 0;
	co->fdevs = NULL;
	co->nfdevs = 0;
	co->inflight = 0;
	co->running = 0;
	loop_timer_del(co->rm->loop, &co->tick);
}

/* The transition ended: log it and run the scheduler again. */
static void
coord_finish(struct coord *co)
{
	size_t	i, done = 0;

	for (i = 0; i < co->nacts; i++)
		done += co->acts[i].state == CA_DONE;
	log_msg(co->failed ? LOG_LEVEL_WARNING : LOG_LEVEL_NOTICE, "coord",
	    "transition %u %s: %zu of %zu actions done in %llu ms", co->tid,
	    co->failed ? "failed" : co->aborted ? "aborted" : "complete",
	    done, co->nacts, (unsigned long long)((loop_now(co->rm->loop) -
	    co->started) / 1000));
	rm_send_event(co->rm, "transition", "transition %u %s: %zu of %zu "
	    "actions done in %llu ms", co->tid, co->failed ? "failed" :
	    co->aborted ? "aborted" : "complete", done, co->nacts,
	    (unsigned long long)((loop_now(co->rm->loop) - co->started) /
	    1000));
	coord_drop(co);
	if (++co->streak > COORD_STREAK)
		coord_kick(co, COORD_SLOW_US);
	else
		coord_kick(co, co->failed ? COORD_RETRY_US : 0);
}

/* Mark action i failed: the transition aborts. */
static void
coord_fail(struct coord *co, size_t i, const char *why)
{
	struct coord_action	*a = &co->acts[i];

	log_msg(LOG_LEVEL_WARNING, "coord", "transition %u: %s %s%s%s "
	    "failed: %s", co->tid, a->rsc != NULL ? a->rsc : "", a->task,
	    a->node != NULL ? " on " : "", a->node != NULL ? a->node : "",
	    why);
	if (a->state == CA_RUN)
		co->inflight--;
	a->state = CA_FAIL;
	co->aborted = 1;
	co->failed = 1;
}

/* Whether name is among the n of v. */
static int
coord_listed(const char **v, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i], name) == 0)
			return 1;
	}
	return 0;
}

/*
 * The fence devices node may run (their names, blank-separated, in the
 * transition's arena), or NULL when it may run none.
 */
static const char *
coord_fdevs_on(struct coord *co, const char *node)
{
	struct buf	 b;
	const char	*list;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < co->nfdevs; i++) {
		if (coord_listed(co->fdevs[i].nodes, co->fdevs[i].nnodes, node))
			buf_printf(&b, "%s%s", b.len > 0 ? " " : "",
			    co->fdevs[i].name);
	}
	list = b.len > 0 ? arena_strdup(co->arena, b.data) : NULL;
	buf_clear(&b);
	return list;
}

/*
 * A member other than target to run fencing, preferring ourselves, and
 * in *devs the fence devices it may use there: those the scheduler lets
 * run on it (a device banned from a node is never run there, as
 * Pacemaker's fencer unregisters it). With no fence device in the
 * policy, any member, and *devs "" (fencing then says why it failed).
 */
static const char *
coord_fencer(struct coord *co, const char *target, const char **devs)
{
	struct rm	*rm = co->rm;
	size_t		 i, k;

	*devs = "";
	for (k = 0; k < rm->n; k++) {
		i = (rm->self + k) % rm->n;	/* ourselves first */
		if (strcmp(rm->names[i], target) == 0 ||
		    (i != rm->self && (!rm_is_member(rm, i) || !rm->ready[i])))
			continue;
		if (co->nfdevs == 0)
			return rm->names[i];
		if ((*devs = coord_fdevs_on(co, rm->names[i])) != NULL)
			return rm->names[i];
	}
	return NULL;
}

/* Keep the nodes where each fence device of the policy may run. */
static void
coord_copy_fdevs(struct coord *co, const struct schedule *sc)
{
	const struct model	*m = co->rm->rs->m;
	const struct rm		*rm = co->rm;
	const struct rsc_scores	*rs;
	struct coord_fdev	*fd;
	size_t			 i, j, k, len;

	co->fdevs = arena_allocarray(co->arena, m->nresources + 1,
	    sizeof *co->fdevs);
	for (i = 0; i < m->nresources; i++) {
		if (!m->resources[i]->is_fence)
			continue;
		fd = &co->fdevs[co->nfdevs++];
		fd->name = arena_strdup(co->arena, m->resources[i]->name);
		fd->nnodes = 0;
		fd->nodes = arena_allocarray(co->arena, rm->n + 1,
		    sizeof *fd->nodes);
		len = strlen(fd->name);
		for (j = 0; j < sc->nscores; j++) {
			/* the device, or an instance of it ("power:1") */
			rs = &sc->scores[j];
			if (strncmp(rs->rsc, fd->name, len) != 0 ||
			    (rs->rsc[len] != '\0' && rs->rsc[len] != ':'))
				continue;
			for (k = 0; k < rs->nnodes; k++) {
				if (rs->nodes[k].score >= 0 && fd->nnodes < rm->n &&
				    !coord_listed(fd->nodes, fd->nnodes,
				    rs->nodes[k].node))
					fd->nodes[fd->nnodes++] = arena_strdup(
					    co->arena, rs->nodes[k].node);
			}
		}
	}
}

/* Start action i; 0 when it runs or is done, -1 when it failed. */
static int
coord_start(struct coord *co, size_t i)
{
	struct coord_action	*a = &co->acts[i];
	struct rm		*rm = co->rm;
	const char		*by, *devs;
	size_t			 k;
	uint64_t		 timeout;

	switch (a->kind) {
	case GA_PSEUDO:
		a->state = CA_DONE;
		return 0;
	case GA_CLUSTER:
		if (strcmp(a->task, "clear_failcount") == 0 ||
		    strcmp(a->task, "lrm_delete") == 0) {
			if (a->rsc != NULL)
				rm_send_cleanup(rm, a->hist, a->node,
				    RM_CLEANUP_COORD | (a->task[0] == 'l' ?
				    RM_CLEANUP_HISTORY : 0));
			a->state = CA_DONE;
			return 0;
		}
		if (strcmp(a->task, "do_shutdown") != 0) {
			a->state = CA_DONE;
			return 0;
		}
		break;
	case GA_FENCE:
		if (!rm->quorate) {
			coord_fail(co, i, "no fencing without quorum");
			return -1;
		}
		if ((by = coord_fencer(co, a->node, &devs)) == NULL) {
			coord_fail(co, i, "no member may run a fence device "
			    "for it");
			return -1;
		}
		timeout = (a->timeout_ms > 0 ? a->timeout_ms : 60000) * 3;
		if (rm_send_exec(rm, co->tid, (uint32_t)i,
		    &(struct rm_exec_args){ .node = by, .rsc = devs,
		    .task = "stonith",
		    .timeout_ms = timeout, .target = a->node,
		    .action = a->fence_action != NULL ? a->fence_action :
		    "reboot" }) == -1) {
			coord_fail(co, i, "the ring refused it");
			return -1;
		}
		a->deadline = loop_now(rm->loop) + timeout * 1000 +
		    COORD_SLACK_US;
		a->state = CA_RUN;
		co->inflight++;
		return 0;
	case GA_RSC_OP:
		break;
	}
	if (a->node == NULL || (k = rm_index_name(rm, a->node)) == rm->n ||
	    !rm_is_member(rm, k)) {
		coord_fail(co, i, "its node is not a member");
		return -1;
	}
	if (rm_send_exec(rm, co->tid, (uint32_t)i,
	    &(struct rm_exec_args){ .node = a->node, .rsc = a->rsc,
	    .hist = a->hist, .task = a->task, .interval_ms = a->interval_ms,
	    .timeout_ms = a->timeout_ms, .expected_rc = a->expected_rc,
	    .meta = a->meta }) == -1) {
		coord_fail(co, i, "the ring refused it");
		return -1;
	}
	timeout = a->timeout_ms > 0 ? a->timeout_ms : 20000;
	a->deadline = loop_now(rm->loop) + timeout * 1000 + COORD_SLACK_US;
	a->state = CA_RUN;
	co->inflight++;
	return 0;
}

/* Start every action whose inputs are done; end the transition if idle. */
static void
coord_dispatch(struct coord *co)
{
	size_t	i, j;
	int	progress = 1, ready;

	while (progress && co->running && !co->aborted) {
		progress = 0;
		for (i = 0; i < co->nacts && !co->aborted; i++) {
			if (co->acts[i].state != CA_WAIT)
				continue;
			ready = 1;
			for (j = 0; j < co->acts[i].ninputs; j++) {
				if (co->acts[co->acts[i].inputs[j]].state !=
				    CA_DONE)
					ready = 0;
			}
			if (!ready)
				continue;
			coord_start(co, i);
			progress = 1;
		}
	}
	if (co->running && co->inflight == 0)
		coord_finish(co);
}

/* Timer: actions past their deadline fail. */
static void
coord_tick(void *arg)
{
	struct coord	*co = arg;
	uint64_t	 now = loop_now(co->rm->loop);
	size_t		 i;

	for (i = 0; i < co->nacts; i++) {
		if (co->acts[i].state == CA_RUN && co->acts[i].deadline <= now)
			coord_fail(co, i, "timed out");
	}
	loop_timer_add(co->rm->loop, &co->tick, 1000000);
	coord_dispatch(co);
}

/*
 * The history the results of action ga go in, as Pacemaker's controller
 * records them: the one the scheduler matched its instance to, else for
 * an instance of an anonymous clone its primitive's name ("drbd" for
 * "drbd:1": any instance on a node is the same resource), else its own.
 */
static const char *
coord_hist(const struct map *instances, const struct gaction *ga)
{
	const struct instance	*in;
	const struct resource	*c;

	if (ga->hist != NULL)
		return ga->hist;
	if ((in = map_get(instances, ga->rsc)) != NULL &&
	    in->clone_index >= 0 && (c = exec_clone_of(in->rsc)) != NULL &&
	    !c->meta.globally_unique)
		return in->rsc->name;
	return ga->rsc;
}

/*
 * The meta attributes the scheduler gave action ga, as "name=value" lines
 * for OCF_RESKEY_CRM_meta_*: a clone notification's variables (which the
 * instances' own starts, stops, promotes and demotes carry too, as
 * Pacemaker's do).
 */
static const char *
coord_meta(struct arena *a, const struct gaction *ga)
{
	struct buf	 b;
	size_t		 i;
	char		*out;

	if (ga->kind != GA_RSC_OP || ga->nmeta == 0)
		return "";
	buf_init(&b);
	for (i = 0; i < ga->nmeta; i++)
		buf_printf(&b, "%s=%s\n", ga->meta[i].name, ga->meta[i].value);
	buf_putc(&b, '\0');
	out = arena_strdup(a, b.data);
	buf_clear(&b);
	return out;
}

/* Copy the runnable actions of schedule sc's graph into the transition. */
static void
coord_copy(struct coord *co, const struct schedule *sc)
{
	const struct graph	*g = &sc->graph;
	const struct model	*m = co->rm->rs->m;
	struct arena		*a = co->arena;
	const struct gaction	*ga;
	struct coord_action	*ca;
	struct map		 instances;
	size_t			*pos, i, j, maxid = 0;

	map_init(&instances);
	for (i = 0; m != NULL && i < m->ninstances; i++)
		map_put(&instances, m->instances[i].name,
		    (void *)&m->instances[i]);

	for (i = 0; i < g->nactions; i++) {
		if (g->actions[i].id > maxid)
			maxid = g->actions[i].id;
	}
	pos = xcalloc(maxid + 1, sizeof *pos);
	for (i = 0; i <= maxid; i++)
		pos[i] = SIZE_MAX;
	for (i = 0; i < g->nrunnable; i++)
		pos[g->actions[i].id] = i;
	co->nacts = g->nrunnable;
	co->acts = arena_allocarray(a, co->nacts + 1, sizeof *co->acts);
	for (i = 0; i < co->nacts; i++) {
		ga = &g->actions[i];
		ca = &co->acts[i];
		memset(ca, 0, sizeof *ca);
		ca->kind = ga->kind;
		ca->task = arena_strdup(a, ga->task);
		ca->rsc = ga->rsc != NULL ? arena_strdup(a, ga->rsc) : NULL;
		ca->hist = ca->rsc != NULL ? arena_strdup(a,
		    coord_hist(&instances, ga)) : NULL;
		ca->meta = coord_meta(a, ga);
		ca->node = ga->node != NULL ? arena_strdup(a, ga->node) : NULL;
		ca->fence_action = ga->fence_action != NULL ?
		    arena_strdup(a, ga->fence_action) : NULL;
		ca->interval_ms = ga->interval_ms;
		ca->timeout_ms = ga->timeout_ms;
		ca->expected_rc = ga->expected_rc;
		ca->inputs = arena_allocarray(a, ga->ninputs + 1,
		    sizeof *ca->inputs);
		for (j = 0; j < ga->ninputs; j++) {
			/* An input that cannot run holds the action back. */
			if (ga->inputs[j] > maxid ||
			    pos[ga->inputs[j]] == SIZE_MAX) {
				ca->state = CA_FAIL;
				continue;
			}
			ca->inputs[ca->ninputs++] = pos[ga->inputs[j]];
		}
	}
	free(pos);
	map_clear(&instances);
}

/* Timer: run the scheduler and start its transition. */
static void
coord_run(void *arg)
{
	struct coord		*co = arg;
	struct rm		*rm = co->rm;
	struct ctx		*ctx;
	struct cstate		*st;
	struct schedule		*sc;
	struct sched_opts	 opts;
	struct buf		 b, ev;
	char			*line, *p;

	if (co->running || !coord_active(co))
		return;
	ctx = ctx_new();
	st = coord_cstate(rm, ctx);
	memset(&opts, 0, sizeof opts);
	if ((sc = sched_run(ctx, rm->rs->m, st, &opts)) == NULL) {
		buf_init(&b);
		diag_render(ctx, &b, 0);
		log_msg(LOG_LEVEL_ERROR, "coord", "the scheduler failed: %s",
		    b.len > 0 ? b.data : "?");
		buf_clear(&b);
		ctx_free(ctx);
		coord_kick(co, COORD_SLOW_US);
		return;
	}
	if (sc->graph.nrunnable == 0) {
		if (co->streak > 0)
			log_msg(LOG_LEVEL_NOTICE, "coord", "the cluster is "
			    "where the policy wants it");
		co->streak = 0;
		ctx_free(ctx);
		return;
	}
	co->tid++;
	co->transitions++;
	co->running = 1;
	co->aborted = co->failed = 0;
	co->started = loop_now(rm->loop);
	co->arena = arena_new();
	coord_copy(co, sc);
	coord_copy_fdevs(co, sc);
	buf_init(&b);
	report_summary(sc, &b);
	buf_putc(&b, '\0');
	log_msg(LOG_LEVEL_NOTICE, "coord", "transition %u: %zu actions",
	    co->tid, co->nacts);
	buf_init(&ev);
	for (p = b.data; (line = strsep(&p, "\n")) != NULL;) {
		while (*line == ' ')
			line++;
		if (*line == '\0')
			continue;
		log_msg(LOG_LEVEL_NOTICE, "coord", "transition %u: %s",
		    co->tid, line);
		/* "* Start      web     (    n1 )" is "Start web ( n1 )". */
		if (ev.len > 0)
			buf_puts(&ev, "; ");
		if (strncmp(line, "* ", 2) == 0)
			line += 2;
		for (; *line != '\0'; line++) {
			if (*line != ' ' || line[1] != ' ')
				buf_putc(&ev, *line);
		}
	}
	buf_putc(&ev, '\0');
	rm_send_event(rm, "transition", "transition %u started: %zu "
	    "actions%s%s", co->tid, co->nacts, ev.len > 1 ? ": " : "",
	    ev.data);
	buf_clear(&ev);
	buf_clear(&b);
	ctx_free(ctx);
	loop_timer_add(rm->loop, &co->tick, 1000000);
	coord_dispatch(co);
}

/*
 * Whether r, the result of action a, is a probe's that is other than
 * the graph expected but a state all the same: running, not running,
 * promoted.
 */
static int
coord_probe_news(const struct coord_action *a, const struct coord_result *r)
{
	if (a->kind != GA_RSC_OP || strcmp(a->task, "monitor") != 0 ||
	    a->interval_ms != 0 || r->status != OPST_DONE ||
	    r->rc == a->expected_rc)
		return 0;
	return r->rc == OCF_OK || r->rc == OCF_NOT_RUNNING ||
	    r->rc == OCF_RUNNING_PROMOTED;
}

/* A result for an action (rm.c); results of other transitions are not. */
void
coord_done(struct coord *co, const struct coord_result *r)
{
	struct rm		*rm = co->rm;
	struct coord_action	*a;
	char			*why;
	int			 want;

	if (!co->running || r->coord != rm->ids[rm->self] ||
	    r->tid != co->tid || r->aid >= co->nacts)
		return;
	a = &co->acts[r->aid];
	if (a->state != CA_RUN)
		return;
	want = a->kind == GA_RSC_OP ? a->expected_rc : 0;
	if (coord_probe_news(a, r)) {
		/*
		 * A probe that finds the resource in another state than the
		 * graph assumed is news, not a failure: the result is in the
		 * state, and the scheduler runs again at once (as
		 * Pacemaker restarts its graph), not after COORD_RETRY_US.
		 */
		log_msg(LOG_LEVEL_INFO, "coord", "transition %u: the probe of "
		    "%s on %s found it %s", co->tid, a->rsc, a->node,
		    exec_rc_name(r->rc));
		a->state = CA_DONE;
		co->inflight--;
		co->aborted = 1;
	} else if (r->status != OPST_DONE || r->rc != want) {
		xasprintf(&why, "%s (%d) where %s (%d) was expected%s%s",
		    r->status == OPST_TIMEOUT ? "timed out" :
		    exec_rc_name(r->rc), r->rc, exec_rc_name(want), want,
		    r->reason != NULL && r->reason[0] !=
		    '\0' ? ": " : "", r->reason != NULL ? r->reason : "");
		coord_fail(co, r->aid, why);
		free(why);
	} else {
		a->state = CA_DONE;
		co->inflight--;
	}
	coord_dispatch(co);
}

/* Whether a result belongs to the running transition. */
int
coord_expects(const struct coord *co, uint32_t coord, uint32_t tid)
{
	return co->running && coord == co->rm->ids[co->rm->self] &&
	    tid == co->tid;
}

/* Whether the running transition is fencing node. */
int
coord_fencing(const struct coord *co, const char *node)
{
	size_t	i;

	for (i = 0; co->running && i < co->nacts; i++) {
		if (co->acts[i].kind == GA_FENCE &&
		    co->acts[i].state == CA_RUN &&
		    strcmp(co->acts[i].node, node) == 0)
			return 1;
	}
	return 0;
}

/* Something changed: abort the transition, or schedule soon. */
void
coord_input(struct coord *co)
{
	if (co->running) {
		if (!co->aborted)
			log_msg(LOG_LEVEL_INFO, "coord", "transition %u "
			    "aborted: the cluster changed", co->tid);
		co->aborted = 1;
		coord_dispatch(co);
	}
	co->streak = 0;
	coord_kick(co, COORD_DELAY_US);
}

/* The membership changed: actions on nodes that left have failed. */
void
coord_membership(struct coord *co)
{
	struct rm	*rm = co->rm;
	struct nstate	*ns;
	size_t		 i, k;

	if (co->running && !coord_active(co)) {
		log_msg(LOG_LEVEL_WARNING, "coord", "transition %u abandoned: "
		    "no longer the coordinator", co->tid);
		coord_drop(co);
	}
	/* Nodes that left cleanly are down for good: say so for all. */
	for (i = 0; coord_active(co) && i < rm->n; i++) {
		ns = state_node(rm->rs->st, rm->names[i], 0);
		if (rm->left_clean[i] && !rm_is_member(rm, i) && ns != NULL &&
		    ns->expected_up)
			rm_send_node_event(rm, rm->names[i], RSTATE_DOWN);
	}
	for (i = 0; co->running && i < co->nacts; i++) {
		if (co->acts[i].state != CA_RUN || co->acts[i].node == NULL)
			continue;
		if (co->acts[i].kind == GA_FENCE)
			continue;	/* run by us or a member */
		k = rm_index_name(rm, co->acts[i].node);
		if (k == rm->n || !rm_is_member(rm, k))
			coord_fail(co, i, "its node left");
	}
	coord_input(co);
}

/* A new coordinator for rm. Never fails. */
struct coord *
coord_new(struct rm *rm)
{
	struct coord	*co;

	co = xcalloc(1, sizeof *co);
	co->rm = rm;
	loop_timer_init(&co->kick, coord_run, co);
	loop_timer_init(&co->tick, coord_tick, co);
	return co;
}

/* Free a coordinator; NULL is a no-op. */
void
coord_free(struct coord *co)
{
	if (co == NULL)
		return;
	loop_timer_del(co->rm->loop, &co->kick);
	coord_drop(co);
	free(co);
}

/* Append the coordinator's part of the status: its transition. */
void
coord_status(const struct coord *co, struct buf *b, int json)
{
	size_t	i, done = 0;

	for (i = 0; i < co->nacts; i++)
		done += co->acts[i].state == CA_DONE;
	if (json)
		buf_printf(b, "\"transitions\": %llu, \"transition\": %s",
		    (unsigned long long)co->transitions, co->running ? "true" :
		    "false");
	else if (co->running)
		buf_printf(b, "transition %u running: %zu of %zu actions "
		    "done\n", co->tid, done, co->nacts);
	else
		buf_printf(b, "%llu transitions, idle\n",
		    (unsigned long long)co->transitions);
}
