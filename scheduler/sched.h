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
 *   clone.c            clones: instance placement, colocations with a
 *                      clone, the clone's milestones
 *   ticket.c           resources that need a ticket: bans, fencing and
 *                      freezing when it is not held
 *   promote.c          promotable clones: promotion scores, which
 *                      instances are promoted, promote and demote
 *   notify.c           clone notifications (notify=true)
 *   actions.c          actions and their orderings; flag propagation
 *   graph.c            the transition graph handed to emitters (struct
 *                      graph), the summary and the revised placement
 *   emit-*.c           text, XML, JSON, DOT, SVG/PNG renderings of a graph
 *   emit.c             what they share: the executable order of a graph
 *                      (topological, ties by id, cycles named)
 *   simulate.c         executing a graph against a state (every action
 *                      succeeds unless told otherwise) and rescheduling
 *   cib-status.c       the status section of a Pacemaker CIB as a state
 *                      (its configuration is compiler/cib.c's)
 *   export-status.c    a state as a CIB's status section (the
 *                      configuration is compiler/export.c's)
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
	int		 in_ccm;	/* member of the ring; -1: not
					   reported (a CIB node_state
					   without in_ccm) */
	int		 crmd;		/* its daemon is up */
	enum join_state	 join;
	int		 expected_up;	/* it is meant to be up */
	struct nvset	 attrs;		/* node attributes, transient ones
					   included: standby, maintenance,
					   shutdown, fail-count-*, ... */
};

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
	int		 expected_rc;	/* the transition's target rc; -1: unknown */
	int64_t		 last_rc_change;/* epoch seconds, 0 unknown */
	const char	*digest;	/* op-digest, NULL unknown */
	const char	*restart_digest;
	const char	*force_restart;	/* op-force-restart: " a b " */
	const char	*secure_digest;	/* op-secure-digest: without the */
	const char	*secure_params;	/* op-secure-params (passwords) */
	const char	*feature_set;	/* crm_feature_set it was recorded
					   with, NULL: current */
	const char	*exit_reason;
};

/* The history of one resource (instance) on one node. */
struct rhist {
	const char	*rsc;		/* "web", or "ping:1" for an instance */
	const char	*cls;		/* the agent that ran: ocf, ... */
	const char	*provider;
	const char	*type;
	size_t		 node;		/* index in cstate->nodes */
	int64_t		 shutdown_lock;	/* epoch seconds it was locked to the
					   node at its shutdown, or 0 */
	struct oprec	*ops;
	size_t		  nops;
};

/* A ticket of the cluster (multi-site: granted by booth or by hand). */
struct tstate {
	const char	*name;
	int		 granted;
	int		 standby;	/* granted but its resources stop */
	int64_t		 last_granted;	/* epoch seconds, 0 unknown */
};

struct cstate {
	struct nstate	*nodes;
	size_t		 nnodes;
	struct rhist	*hist;
	size_t		 nhist;
	struct tstate	*tickets;	/* sorted by name; a ticket not
					   listed is not granted */
	size_t		 ntickets;
	int		 have_quorum;	/* -1: not said (computed from
					   membership and votes) */
	int64_t		 now;		/* "now" for failure-timeout and
					   rules, epoch seconds; 0: not set */
	const char	*dc;		/* designated coordinator, or NULL */
	int		 no_quorum_panic;	/* no-quorum-policy=suicide may
					   act without ever having had
					   quorum */
	int		 digests;	/* every op carries its digest (a
					   CIB): a missing one is unknown,
					   so a change; else NULL is no
					   check */
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
struct tstate	*state_ticket(struct ctx *, struct cstate *, const char *,
		    int);

/*
 * cib-status.c: the status section of the CIB in the XML text (node
 * states, transient attributes, resource histories, quorum, DC, execution
 * date) as a new state in ctx's arena; NULL (an error in ctx) if the text
 * is not a CIB. What is not read is reported as warnings in ctx.
 */
struct cstate	*cib_status(struct ctx *, const char *, size_t);

/*
 * export-status.c: complete the CIB XML text in the buf (written by
 * export_cib() for the model) with the state: <cib> attributes (quorum,
 * DC, execution date), nodes only the state names, and the status section
 * (node states, transient attributes, histories with Pacemaker's
 * op-digests). The buf is rewritten; 0, or -1 (an error in ctx, the buf
 * unchanged).
 */
int		 export_status(struct ctx *, const struct model *,
		    const struct cstate *, struct buf *);

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

/*
 * A meta attribute of an action, what Pacemaker writes as CRM_meta_NAME
 * and an agent gets as OCF_RESKEY_CRM_meta_NAME.
 */
struct gmeta {
	const char		*name;		/* notify_type, ... */
	const char		*value;
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
	const char		*hist;		/* the history an instance of an
						   anonymous clone runs by
						   ("web:3"), if not rsc */
	int			 orphan;	/* of a resource or instance the
						   configuration no longer has */
	const char		*cls;		/* agent of the resource */
	const char		*provider;
	const char		*type;
	const char		*container;	/* meta container: what the
						   resource runs inside, or
						   NULL */
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
	const struct gmeta	*meta;		/* sorted by name: a clone
						   notification's variables
						   (notify.c) */
	size_t			 nmeta;
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
	int			 failure_ignored;	/* on-fail=ignore */
	int			 orphan;	/* no longer in the policy */
	const char		*probe_failed;	/* "not installed": a probe
						   found it cannot run */
};

/* A node as a status shows it. */
struct nodeview {
	const char		*name;
	int			 online;
	int			 unclean;
	int			 pending;
	int			 standby;	/* by request */
	int			 standby_onfail;/* by a failure's on-fail */
	int			 maintenance;
	int			 shutdown;
};

/* A cluster's status: nodes and resources (for "hacc simulate"). */
struct status {
	struct nodeview		*nodes;
	size_t			 nnodes;
	struct placement	*rscs;		/* primitives, in resource
						   list order */
	size_t			 nrscs;
	int			 have_quorum;
	int			 maintenance_mode;
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
	const char		*file;		/* loc's source name, for output
						   (loc.file indexes a ctx the
						   emitters never see); NULL:
						   no place in the policy */
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
	struct rsc_scores	*explain;	/* the --explain resource */
	struct graph		 graph;
	struct change_line	*changes;
	size_t			 nchanges;
	struct placement	*before;	/* = status.rscs */
	size_t			 nbefore;
	struct status		 status;	/* before the transition */
	struct rsc_scores	*scores;
	size_t			 nscores;
	const struct model	*model;
	const struct cstate	*state;
};

/* Options of a run. */
struct sched_opts {
	const char		*explain;	/* resource whose scores to
						   break down, or NULL */
	int			 no_scores;	/* leave schedule.scores empty:
						   resources x nodes entries,
						   for --scores and JSON only */
};

/* sched.c: run the scheduler. NULL (and an error in ctx) on failure. */
struct schedule	*sched_run(struct ctx *, const struct model *,
		    const struct cstate *, const struct sched_opts *);
struct status	*sched_status(struct ctx *, const struct model *,
		    const struct cstate *);

/* simulate.c: apply a transition as if every action succeeded. */
struct cstate	*simulate_apply(struct ctx *, const struct model *,
		    const struct cstate *, const struct graph *,
		    const char *const *, size_t, int *, unsigned char *);
int		 simulate_inject(struct ctx *, const struct model *,
		    struct cstate *, const char *, const char *,
		    const char **);
struct oprec	*simulate_record(struct ctx *, struct cstate *,
		    const struct model *, const char *, const char *,
		    const char *, uint64_t, int, int);
void		 simulate_fill_digests(struct ctx *, struct cstate *,
		    const struct model *);

/*
 * digest.c: whether a definition changed since an op ran, by its digests
 * (op-digest, op-restart-digest, op-secure-digest; compiler/digest.c).
 */
enum digest_result {
	DIGEST_MATCH,
	DIGEST_CHANGED,		/* parameters changed: reload or reschedule */
	DIGEST_RESTART,		/* ones that need a restart changed */
	DIGEST_UNKNOWN		/* the history has no digest */
};
/* The digest of all of a primitive's parameters for one task and interval,
 * kept: instances and nodes share it. */
struct digest_memo {
	struct digest_memo	*next;
	const char		*task;
	uint64_t		 interval_ms;
	const char		*digest;	/* NULL: no MD5 */
};
const char	*digest_task(const char *, uint64_t);
enum digest_result digest_compare(struct ctx *, const struct model *,
		    const struct resource *, const struct oprec *,
		    const char *, struct digest_memo **);

/* report.c: crm_simulate's layout (status, summary, actions). */
void	report_banner(const struct status *, struct buf *);
void	report_status(const struct status *, struct buf *);
void	report_summary(const struct schedule *, struct buf *);
void	report_actions(const struct graph *, const unsigned char *,
	    struct buf *);

/* normal.c: the corpus's normal form (placement, actions, edges). */
void	normal_form(const struct schedule *, const struct status *,
	    struct buf *);

/*
 * emit-*.c: render a graph (docs/graph.md). Each appends to a caller's
 * buffer and borrows the graph; emit_xml() and emit_render() return 0, or
 * -1 with *cause set (caller frees) and the buffer unchanged. None of them
 * rely on the order of actions[]: ids and inputs say it all.
 */
void	emit_text(const struct graph *, struct buf *);
int	emit_xml(const struct graph *, struct buf *, char **);
void	emit_json(const struct schedule *, struct buf *);
void	emit_dot(const struct graph *, struct buf *);
int	emit_render(const struct graph *, const char *, struct buf *,
	    char **);

/*
 * emit.c: what the emitters share. An executable order of a graph: every
 * action after its inputs, ties broken by id; actions on or behind an
 * ordering cycle are left out of order[] (never a hang). Inputs naming no
 * action are counted in nunknown and otherwise ignored.
 */
struct emit_order {
	size_t		*pos;		/* action id -> index in actions[];
					   SIZE_MAX for an id no action has */
	size_t		 npos;
	size_t		*order;		/* indexes into actions[] */
	size_t		 nordered;	/* order[0..nordered) is executable;
					   the other actions wait on a cycle */
	size_t		 nunknown;	/* inputs naming no action */
};
void	 emit_order_init(struct emit_order *, const struct graph *);
void	 emit_order_clear(struct emit_order *);
size_t	 emit_find(const struct emit_order *, uint32_t);
void	 emit_cycle(const struct graph *, const struct emit_order *,
	    struct buf *);
void	 emit_describe(const struct gaction *, struct buf *);
uint32_t *emit_inputs(const struct gaction *, size_t *);
size_t	 emit_utf8(const char *, uint32_t *);
void	 emit_utf8_put(struct buf *, uint32_t);

/* ---------------------------------------------------------------------
 * Internals of one scheduler run (unpack.c, place.c, actions.c, graph.c).
 * Nodes and resources are numbered; per-node tables are arrays.
 */
#define SCORE_ABSENT	INT32_MIN	/* node not allowed (opt-in cluster) */

struct snode {
	const char	*name;
	uint32_t	 id;
	const char	*id_text;	/* #id when it is a number */
	size_t		 index;
	struct nstate	*ns;		/* NULL when the state says nothing */
	const struct node *model;	/* NULL when the policy says nothing */
	unsigned	 online:1, unclean:1, pending:1, standby:1,
			 standby_onfail:1, maintenance:1, shutdown:1,
			 is_dc:1, expected_up:1;
	const char	*fence_reason;	/* why it must be fenced */
	struct action	*unfence;	/* its unfencing, if any */
	int		 nassigned;	/* resources placed on it this run */
	struct nvset	 attrs;		/* permanent and transient, sorted
					   by name (unpack_node_attrs) */
	size_t		 fail_count[2];	/* where in attrs the fail-count-*
					   ones are, from [0] to before [1] */
	size_t		 last_failure[2]; /* the last-failure-* ones */
	struct action	*fence;		/* its fencing, if any */
};

/* Flags of a resource in a run. */
#define SR_MANAGED		0x0001
#define SR_BLOCKED		0x0002
#define SR_FAILED		0x0004
#define SR_ORPHAN		0x0008
#define SR_FAILURE_IGNORED	0x0010
#define SR_RECOVER		0x0020	/* failed: stop and start again */
#define SR_START_PENDING	0x0040
#define SR_ASSIGNING		0x0080
#define SR_ASSIGNED		0x0100
#define SR_MERGING		0x0200
#define SR_MAINTENANCE		0x0400
#define SR_MULTIPLE		0x0800	/* active on several nodes */
#define SR_STOP_ALL		0x1000	/* stopped everywhere (on-fail=stop) */
#define SR_DISABLED		0x2000	/* target-role Stopped */
#define SR_RESCHEDULE		0x4000	/* recurring monitors run again */
#define SR_RELOAD		0x8000	/* reloads its agent (reload-agent) */
#define SR_ALL_COLOC		0x10000	/* a clone with fewer instances than
					   nodes: its instances take all its
					   colocations */
#define SR_NO_PROMOTE		0x100000 /* a promotable clone needs a
					   ticket not held to promote */

/* Whether model resource r needs its node fenced before it moves. */
#define NEEDS_FENCING(r)	((r)->meta.requires == REQUIRES_FENCING || \
				 (r)->meta.requires == REQUIRES_UNFENCING)

/* What a definition change asks for where the resource runs. */
#define DEF_RESTART		1	/* stop and start again */
#define DEF_RELOAD		2	/* reload-agent */
#define DEF_STOP		3	/* a start was pending: stop, start */

struct sched;

/* An ordering "stop R then T", remembered so R's probes precede T too. */
struct stoporder {
	struct srsc	*rsc;
	struct action	*then;
	unsigned	 flags;
};

/* A colocation between two resources, after sets are taken apart. */
struct scoloc {
	const char		*id;
	struct srsc		*dependent;
	struct srsc		*primary;
	int			 score;
	enum role		 dependent_role;
	enum role		 primary_role;
	int			 influence;
	const char		*node_attr;	/* default #uname */
	const struct colocation	*model;
};

struct srsc {
	const char		 *id;		/* instance id */
	const struct resource	 *r;		/* model resource */
	size_t			  index;
	struct srsc		 *parent;
	struct srsc		**kids;		/* group members, clone
						   instances */
	size_t			  nkids;
	int			  inum;		/* instance number ("ping:2"
						   is 2), -1 outside clones */
	int32_t			 *w;		/* weight per node */
	unsigned		  flags;	/* SR_* */
	enum role		  role;		/* now */
	enum role		  next_role;	/* after the transition */
	enum role		  req_role;	/* asked for by target-role or a
						   failure (on-fail=demote),
						   ROLE_UNKNOWN: none */
	const char		 *clone_name;	/* the id its history has, if
						   not its own ("drbd:3") */
	int			  sort_index;	/* promotion order (promote.c) */
	size_t			 *on;		/* nodes where it is active
						   (room for a power of two) */
	size_t			  non;
	int			  assigned;	/* node, -1: nowhere */
	int			  lock_node;	/* shutdown-lock: only there */
	uint8_t			 *known;	/* per node: history says */
	size_t			  nknown;	/* nodes where it is known */
	uint8_t			 *clear_failcount; /* per node, or NULL:
						   failures expired there */
	uint8_t			 *agent_changed; /* per node, or NULL: the
						   history names another agent */
	uint8_t			 *def_changed;	/* per node, or NULL: DEF_*,
						   its definition changed */
	uint8_t			 *lock_expired;	/* per node, or NULL: its
						   shutdown lock expired */
	uint8_t			 *restart_on;	/* per node, or NULL: a filler
						   failed there (on-fail=
						   restart-container) */
	struct srsc		 *container;	/* meta container: the one it
						   runs inside, or NULL */
	enum on_fail		  on_fail;	/* worst on-fail of failures */
	const char		 *orphan_cls;	/* agent of an orphan */
	const char		 *orphan_provider;
	const char		 *orphan_type;
	struct scoloc		**this_with;	/* it depends on these */
	size_t			  nthis_with;
	struct scoloc		**with_this;	/* these depend on it */
	size_t			  nwith_this;
	struct rsc_scores	 *trace;	/* --explain: every change */
	int			  priority;
	uint64_t		  failure_timeout_ms;	/* 0 once a failure
						   blocks the resource */
	enum discovery		 *discovery;	/* per node, or NULL: always */
	struct action		 *start;	/* on the assigned node */
	struct action		 *reload;	/* reload-agent, or NULL */
	struct action		**stops;	/* one per node in on[] */
	struct action		**probes;	/* per node, or NULL */
	struct action		 *group_start;	/* groups and clones: their
						   milestones (pseudo) */
	struct action		 *group_running;
	struct action		 *group_stop;
	struct action		 *group_stopped;
	struct action		 *promote;	/* on the assigned node; a
						   promotable clone's: pseudo */
	struct action		**demotes;	/* one per node in on[], or
						   NULL */
	struct action		 *promoted;	/* promotable clones: pseudo */
	struct action		 *demote;
	struct action		 *demoted;
	struct notify		 *notify[4];	/* clones with notify=true:
						   NOTIFY_START, ... */
	const char		 *stop_reason;
	const char		 *probe_failed;	/* rc text of a probe that
						   found it cannot run */
	struct oprec		**active_ops;	/* recurring ops running, per
						   node (after the last start) */
	uint8_t			 *active_resched; /* per active op, or NULL:
						   its definition changed */
	size_t			  nactive_ops;
	size_t			 *active_op_node;
	struct unpack_at	 *at;		/* an anonymous clone's instances
						   by node, while histories are
						   read (unpack.c), or NULL */
};

/* An action of the run. */
enum task {
	TASK_START,
	TASK_STOP,
	TASK_PROMOTE,
	TASK_DEMOTE,
	TASK_MONITOR,		/* interval 0: a probe */
	TASK_CANCEL,
	TASK_FENCE,
	TASK_SHUTDOWN,
	TASK_CLEAR_FAILCOUNT,
	TASK_DELETE,
	TASK_RELOAD,		/* reload-agent */
	TASK_LRM_DELETE,	/* forget a history (by the DC, in the CIB) */
	TASK_RUNNING,		/* pseudo: group started */
	TASK_STOPPED,		/* pseudo: group stopped */
	TASK_PROMOTED,		/* pseudo: clone promoted */
	TASK_DEMOTED,		/* pseudo: clone demoted */
	TASK_NOTIFY,		/* a clone's notification (notify.c) */
	TASK_NOTIFIED,		/* pseudo: notifications confirmed */
	TASK_ONE_OR_MORE,	/* pseudo: enough of its inputs can run
				   (clone-min, require-all=false) */
	TASK_PLACEHOLDER	/* an action that cannot exist: blocks */
};

/*
 * A clone's notifications about one of its tasks (notify.c): pseudo
 * actions before (pre, then pre_done) the clone's action and after
 * (post, then post_done) its completion, and between them the
 * instances' notify actions.
 */
enum notify_kind {
	NOTIFY_START,
	NOTIFY_STOP,
	NOTIFY_PROMOTE,
	NOTIFY_DEMOTE
};

struct notify {
	enum task	 task;		/* start, stop, promote, demote */
	struct action	*action;	/* the clone's: start, ... */
	struct action	*complete;	/* running, stopped, ... */
	struct action	*pre, *pre_done, *post, *post_done;
	const struct gmeta *pre_meta;	/* the variables of the instances'
					   "pre" notifications */
	const struct gmeta *post_meta;	/* and of their "post" ones */
	size_t		 nmeta;		/* in each */
};

#define AF_OPTIONAL	0x01	/* not required (yet) */
#define AF_RUNNABLE	0x02
#define AF_PSEUDO	0x04
#define AF_PRINT	0x08	/* in the graph even if optional */
#define AF_GRAPH	0x10	/* chosen for the graph */
#define AF_IMPLIED	0x20	/* a stop implied by fencing */
#define AF_UNFENCE	0x400	/* a fencing "on": unfencing */

/* Ordering flags (what one action's state implies for the other). */
#define OF_OPTIONAL	0x0001	/* only ordering */
#define OF_IMPLIES_THEN	0x0002	/* first required => then required */
#define OF_IMPLIES_FIRST 0x0004	/* then required => first required */
#define OF_RUNNABLE_LEFT 0x0008	/* first unrunnable => then unrunnable */
#define OF_RESTART	0x0010	/* a restart: stop before start */
#define OF_ASYMMETRICAL	0x0020	/* symmetrical=false mandatory */
#define OF_SERIALIZE	0x0040
#define OF_ANTI_COLOC	0x0080	/* only if same node, first required */
#define OF_SAME_NODE	0x0100
#define OF_PRINT_FIRST	0x0200	/* then required => first printed */
#define OF_PRINT_THEN	0x0400	/* first required => then printed */
#define OF_COLOC_BLOCK	0x0800	/* first unrunnable => then unrunnable,
				   not an ordering (mandatory colocation) */
#define OF_FLAGS_ONLY	0x1000	/* passes flags on, never an input in the
				   graph (an ordering with a clone reaching
				   its instances) */
#define OF_MIN_RUNNABLE	0x2000	/* first counts towards then's
				   min_runnable (then: TASK_ONE_OR_MORE) */

struct action {
	uint32_t		 id;
	enum task		 task;
	unsigned		 flags;		/* AF_* */
	int			 node;		/* -1: none */
	struct srsc		*rsc;		/* NULL: cluster action */
	uint64_t		 interval_ms;
	uint64_t		 timeout_ms;
	int			 expected_rc;
	const char		*reason;
	uint32_t		 first_in;	/* edge lists, UINT32_MAX: end */
	uint32_t		 first_out;
	uint32_t		 gid;		/* id in the graph */
	int			 queued;
	const char		*ntype;		/* notifications: pre, post,
						   confirmed-pre, confirmed-post */
	const char		*nop;		/* and what they are about */
	const char		*label;		/* TASK_ONE_OR_MORE: its key,
						   "clone-one-or-more:ID" */
	int			 min_runnable;	/* TASK_ONE_OR_MORE: runnable
						   only while this many inputs
						   are */
	const struct gmeta	*meta;		/* notifications: their
						   variables, sorted by name */
	size_t			 nmeta;
};

struct sedge {
	uint32_t		 first;
	uint32_t		 then;
	unsigned		 flags;		/* OF_* */
	uint32_t		 next_in;	/* next edge into then */
	uint32_t		 next_out;	/* next edge out of first */
};

struct sched {
	struct ctx		 *ctx;
	const struct model	 *m;
	const struct cstate	 *st;
	int64_t			  now;
	struct snode		 *nodes;
	size_t			  nnodes;
	struct srsc		**rscs;		/* every resource, parents
						   first */
	size_t			  nrscs;
	struct srsc		**top;		/* top level, by priority */
	size_t			  ntop;
	struct map		  by_id;	/* id -> srsc */
	struct srsc		**by_model;	/* by model resource index: the
						   one made for it (a clone's
						   primitive: none, only its
						   instances) */
	struct map		  node_by_name;	/* name -> snode */
	struct snode		**st_node;	/* the state's nodes (by index
						   in st->nodes) -> snode */
	struct digest_memo	**digest_memo;	/* by model resource index */
	struct scoloc		**colocs;
	size_t			  ncolocs;
	struct action		**actions;
	size_t			  nactions;
	size_t			  actions_cap;
	struct sedge		 *edges;
	size_t			  nedges;
	size_t			  edges_cap;
	struct stoporder	 *stoporders;	/* "stop R then T" orderings,
						   for probe orderings */
	size_t			  nstoporders;
	size_t			  changes_cap;	/* of the summary being made */
	struct srsc		**hist_rsc;	/* per history of the state: the
						   resource it is about, or
						   NULL (not read) */
	struct ban		 *bans;		/* from the histories */
	size_t			  nbans;
	int			  have_quorum;
	int			  stonith_enabled;
	int			  have_fence_device;
	int			  unfencing;	/* a device provides unfencing */
	int			  any_managed;
	struct place_groups	 *groups;	/* nodes by a colocation's
						   node attribute (place.c) */
};

/* The nodes grouped by their value of a node attribute (place.c). */
struct place_groups {
	const char		 *attr;
	int			 *group;	/* per node: its group */
	size_t			  ngroups;
	struct place_groups	 *next;
};

/* ticket.c */
void		 ticket_apply(struct sched *);

/* unpack.c */
struct ban;
int		 unpack(struct sched *);
void		 unpack_bans(struct sched *);
struct snode	*unpack_node(struct sched *, const char *);
struct srsc	*unpack_clone_of(const struct srsc *);
int		 unpack_active_on(const struct srsc *, size_t);
int		 unpack_current(const struct sched *, const struct srsc *);
int		 unpack_node_available(const struct snode *);
void		 unpack_unclean(struct snode *, const char *);
const char	*unpack_node_attr(const struct snode *, const char *);
const char	*unpack_node_attr_key(const struct snode *, const char *,
		    const char *, size_t);
void		 unpack_attr_range(const struct snode *, const char *,
		    const char *, size_t, size_t *, size_t *);
const char	*unpack_node_attr_in(const struct snode *, size_t, size_t,
		    const char *, const char *, size_t);
int		 unpack_fail_count(struct sched *, const struct srsc *,
		    const struct snode *, int64_t *);

/* place.c */
int		 place_rsc(struct sched *, struct srsc *, int);
void		 place_coloc_with(struct sched *, struct srsc *,
		    const struct srsc *, const struct scoloc *);
void		 place_with_this(struct sched *, struct srsc *,
		    const struct scoloc *, unsigned);
void		 place_trace(struct sched *, struct srsc *, size_t,
		    const char *, int, const struct loc *);
void		 place_weights(struct sched *);
void		 place_assign(struct sched *);
int		 place_add(int, int);
int		 place_score(const char *);
int		 place_location_score(struct sched *, const struct location *,
		    size_t);
#define PLACE_ACTIVE		0x01	/* roll back when no node is left */
#define PLACE_NONNEGATIVE	0x02	/* never turn a preference negative */
int32_t		*place_merge_into(struct sched *, struct srsc *,
		    const int32_t *, const char *, double, unsigned);

/* promote.c */
void		 promote_add_scores(struct sched *, struct srsc *);
void		 promote_set_roles(struct sched *, struct srsc *);
enum role	 promote_next_role(const struct srsc *);
void		 promote_apply_coloc(struct sched *, struct srsc *,
		    const struct scoloc *);
void		 promote_actions(struct sched *, struct srsc *);

/* clone.c */
void		 clone_assign(struct sched *, struct srsc *);
int		 clone_node_max(const struct srsc *);
int		 clone_active(const struct srsc *);
int		 clone_cmp(const struct sched *, const struct srsc *,
		    struct srsc *, struct srsc *);
void		 clone_apply_coloc(struct sched *, struct srsc *,
		    const struct scoloc *);
void		 clone_actions(struct sched *, struct srsc *);
int		 clone_summary(struct sched *, struct action *);
int		 clone_required_on(const struct action *, int);
void		 clone_probe_instances(const struct srsc *, size_t,
		    const struct srsc **);
void		 clone_order_instances(struct sched *, struct srsc *,
		    enum task, struct action **, size_t, struct srsc *,
		    enum task, unsigned);

/* notify.c */
void		 notify_clone(struct sched *, struct srsc *);
void		 notify_promotable(struct sched *, struct srsc *);
struct action	*notify_after(const struct srsc *, enum task);
void		 notify_expand(struct sched *);

/* actions.c */
void		 actions_create(struct sched *);
struct action	*actions_new(struct sched *, enum task, struct srsc *, int);
void		 actions_milestones(struct sched *, struct srsc *);
void		 actions_order(struct sched *, struct action *,
		    struct action *, unsigned);
void		 actions_propagate(struct sched *);
void		 actions_stop_then(struct sched *, struct srsc *,
		    struct action *, unsigned);

/* graph.c */
void		 graph_build(struct sched *, struct schedule *);
void		 graph_summary(struct sched *, struct schedule *);
void		 graph_placement(struct sched *, struct schedule *);
void		 graph_status(struct sched *, struct status *);
const char	*graph_task_name(enum task);
const char	*graph_fence_action(const struct sched *, const struct action *);

#endif /* HACC_SCHED_H */
