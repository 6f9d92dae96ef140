/*
 * sched.h: the scheduler: cluster state in, placement and transition graph
 * out, with Pacemaker 2.1's semantics.
 *
 * Layers, each a file or two:
 *   statefile.y,       the cluster state (struct cstate): parsed from a
 *   state.c            state file (docs/state.md), written back, injected
 *                      into (simulate's --node-fail and friends)
 *   unpack.c           state + model -> working resources: roles, failures,
 *                      fail counts, bans, what is known where
 *   place.c            scores and assignment (locations, stickiness,
 *                      colocations, groups)
 *   actions.c          actions and their orderings; flag propagation
 *   graph.c            the transition graph handed to emitters (struct
 *                      graph), the summary and the revised placement
 *   emit-*.c           text, XML, JSON, DOT, SVG/PNG renderings of a graph
 *   simulate.c         executing a graph against a state (every action
 *                      succeeds unless told otherwise) and rescheduling
 *
 * The scheduler never prints and never includes runtime code: a dry run
 * needs no daemon. Results live in the arena of the context passed in.
 */
#ifndef HACC_SCHED_H
#define HACC_SCHED_H

#include <stdint.h>
#include <time.h>

#include "compiler.h"

/*
 * The cluster state, in Pacemaker's terms so that a CIB's status section
 * maps onto it without loss: per node its membership and attributes, per
 * resource and node the operation history.
 */
enum join_state {
	JOIN_DOWN,
	JOIN_PENDING,
	JOIN_MEMBER,
	JOIN_BANNED
};

struct nstate {
	const char	*name;
	uint32_t	 id;		/* 0: unknown */
	int		 seen;		/* the cluster layer reported on it */
	int		 in_ccm;	/* member of the ring */
	int		 crmd;		/* its daemon is up */
	enum join_state	 join;
	int		 expected_up;	/* it is meant to be up */
	struct nvset	 attrs;		/* node attributes, transient ones
					   included: standby, maintenance,
					   shutdown, fail-count-*, ... */
};

/* OCF exit codes. */
#define OCF_OK			0
#define OCF_ERR_GENERIC		1
#define OCF_ERR_ARGS		2
#define OCF_ERR_UNIMPLEMENTED	3
#define OCF_ERR_PERM		4
#define OCF_ERR_INSTALLED	5
#define OCF_ERR_CONFIGURED	6
#define OCF_NOT_RUNNING		7
#define OCF_RUNNING_PROMOTED	8
#define OCF_FAILED_PROMOTED	9
#define OCF_DEGRADED		190
#define OCF_DEGRADED_PROMOTED	191

/* Operation status (Pacemaker's op-status): how the execution ended. */
enum op_status {
	OPST_PENDING = -1,
	OPST_DONE = 0,
	OPST_CANCELLED = 1,
	OPST_TIMEOUT = 2,
	OPST_NOT_SUPPORTED = 3,
	OPST_ERROR = 4,
	OPST_ERROR_HARD = 5,
	OPST_ERROR_FATAL = 6,
	OPST_NOT_INSTALLED = 7
};

/* One recorded operation of a resource on a node. */
struct oprec {
	const char	*id;		/* as in the CIB, or NULL */
	const char	*task;		/* start, stop, monitor, ... */
	uint64_t	 interval_ms;
	int		 call_id;	/* order of execution; -1 pending */
	int		 rc;
	int		 status;	/* enum op_status */
	int		 expected_rc;	/* the transition's target rc */
	int64_t		 last_rc_change;/* epoch seconds, 0 unknown */
	const char	*digest;	/* op-digest, NULL unknown */
	const char	*restart_digest;
	const char	*exit_reason;
};

/* The history of one resource (instance) on one node. */
struct rhist {
	const char	*rsc;		/* "web", or "ping:1" for an instance */
	const char	*cls;		/* the agent that ran: ocf, ... */
	const char	*provider;
	const char	*type;
	size_t		 node;		/* index in cstate->nodes */
	struct oprec	*ops;
	size_t		  nops;
};

struct cstate {
	struct nstate	*nodes;
	size_t		 nnodes;
	struct rhist	*hist;
	size_t		 nhist;
	int		 have_quorum;	/* -1: not said (computed from
					   membership and votes) */
	int64_t		 now;		/* "now" for failure-timeout and
					   rules, epoch seconds; 0: not set */
	const char	*dc;		/* designated coordinator, or NULL */
	struct state_priv *priv;	/* state.c's: the context it was made
					   in, lookup tables */
};

/*
 * state.c, statefile.y. A cstate and everything in it live in the arena of
 * the context it was made in (state_new, _fresh, _parse, _load, _copy).
 * Node attributes stay sorted by name: change them with state_set_attr().
 * state_node() and state_hist() with create may move the nodes and hist
 * arrays: pointers into them last until the next create; indexes stay.
 */
struct cstate	*state_new(struct ctx *);
struct cstate	*state_fresh(struct ctx *, const struct model *);
struct cstate	*state_parse(struct ctx *, const struct model *,
		    struct source *);
struct cstate	*state_load(struct ctx *, const struct model *,
		    const char *);
void		 state_write(const struct cstate *, struct buf *);
struct cstate	*state_copy(struct ctx *, const struct cstate *);
struct nstate	*state_node(struct cstate *, const char *, int);
struct rhist	*state_hist(struct cstate *, const char *, size_t, int);
struct oprec	*state_add_op(struct ctx *, struct rhist *);
int		 state_next_call_id(const struct cstate *);
const char	*state_attr(const struct nstate *, const char *);
void		 state_set_attr(struct ctx *, struct nstate *, const char *,
		    const char *);
int		 state_parse_time(const char *, int64_t *);

/*
 * The transition graph as emitters see it: plain data, no scheduler
 * internals. Actions are in an order the graph allows (every action after
 * its inputs); ids are dense from 0.
 */
enum gaction_kind {
	GA_RSC_OP,		/* an operation of a resource agent */
	GA_PSEUDO,		/* a milestone: group started, stop implied
				   by fencing, ... */
	GA_FENCE,		/* fence a node */
	GA_CLUSTER		/* do_shutdown, clear_failcount, lrm_delete */
};

struct gaction {
	uint32_t		 id;
	enum gaction_kind	 kind;
	const char		*task;		/* start, stop, monitor, cancel,
						   stonith, do_shutdown,
						   clear_failcount, ... */
	const char		*key;		/* operation key: web_start_0,
						   web_monitor_10000,
						   grp_running_0 */
	const char		*name;		/* normal-form name: start,
						   monitor_10000, fence_reboot */
	const char		*rsc;		/* resource (instance) id */
	const char		*rsc_long;	/* "web" for instance "web:1" */
	const char		*cls;		/* agent of the resource */
	const char		*provider;
	const char		*type;
	const char		*node;		/* NULL for pseudo actions */
	uint32_t		 node_id;
	uint64_t		 interval_ms;
	uint64_t		 timeout_ms;
	int			 expected_rc;
	const char		*fence_action;	/* reboot, off */
	const char		*reason;	/* why, for summaries */
	int			 optional;	/* in the graph but may be
						   skipped */
	int			 runnable;	/* 0: cannot run (drawn, never
						   executed or written as XML) */
	uint32_t		*inputs;	/* ids of the actions it waits
						   for */
	size_t			 ninputs;
};

struct graph {
	struct gaction		*actions;	/* runnable ones first */
	size_t			 nactions;
	size_t			 nrunnable;	/* actions[0..nrunnable) run */
	int			 transition_id;
	uint64_t		 cluster_delay_ms;
	uint64_t		 stonith_timeout_ms;
	int			 failed_stop_offset;	/* INFINITY */
	int			 failed_start_offset;	/* INFINITY or 1 */
};

/* Where each resource (instance) is, before or after a transition. */
struct placement {
	const char		*rsc;		/* instance id */
	const struct resource	*model;		/* the primitive */
	enum role		 role;		/* ROLE_STOPPED when inactive */
	const char		**nodes;	/* where it is active */
	size_t			 nnodes;
	int			 failed;
	int			 managed;
	int			 blocked;
};

/* One line of the transition summary. */
enum change {
	CHANGE_START,
	CHANGE_STOP,
	CHANGE_MOVE,
	CHANGE_RECOVER,
	CHANGE_RESTART,
	CHANGE_PROMOTE,
	CHANGE_DEMOTE,
	CHANGE_REPROMOTE,
	CHANGE_MIGRATE,
	CHANGE_RELOAD,
	CHANGE_FENCE,
	CHANGE_SHUTDOWN
};

struct change_line {
	enum change		 change;
	const char		*rsc;		/* NULL for fence, shutdown */
	const char		*from;		/* node */
	const char		*to;
	enum role		 from_role;
	enum role		 to_role;
	const char		*reason;	/* NULL if none */
	int			 blocked;
	const char		*fence_action;
};

/* Scores, for --scores and --explain: one contribution to a score. */
struct score_part {
	const char		*what;		/* "location 'loc-web-n1'",
						   "stickiness", ... */
	int			 score;
	struct loc		 loc;		/* in the policy, if any */
};

struct node_score {
	const char		*node;
	int			 score;		/* final, after assignment */
	struct score_part	*parts;
	size_t			 nparts;
};

struct rsc_scores {
	const char		*rsc;
	struct node_score	*nodes;
	size_t			 nnodes;
	const char		*assigned;	/* node, or NULL */
	const char		*why_stopped;
};

/* What one scheduler run decided. */
struct schedule {
	struct graph		 graph;
	struct change_line	*changes;
	size_t			 nchanges;
	struct placement	*before;
	size_t			 nbefore;
	struct rsc_scores	*scores;
	size_t			 nscores;
	const struct model	*model;
	const struct cstate	*state;
};

/* sched.c: run the scheduler. NULL (and an error in ctx) on failure. */
struct schedule	*sched_run(struct ctx *, const struct model *,
		    const struct cstate *);

/* simulate.c: apply a transition as if every action succeeded. */
struct cstate	*simulate_apply(struct ctx *, const struct model *,
		    const struct cstate *, const struct graph *,
		    const char *const *, size_t);

/* emit-*.c: render a graph. */
void	emit_text(const struct graph *, struct buf *);
int	emit_xml(const struct graph *, struct buf *, char **);
void	emit_json(const struct schedule *, struct buf *);
void	emit_dot(const struct graph *, struct buf *);
int	emit_render(const struct graph *, const char *, struct buf *,
	    char **);

#endif /* HACC_SCHED_H */
