/*
 * model.h: the checked policy as plain C data, what the scheduler reads.
 *
 * The compiler lowers the syntax tree into this model: names resolved to
 * pointers, values converted (durations in milliseconds, scores clamped to
 * +/-SCORE_INFINITY, booleans, enums), resource defaults and op defaults
 * applied, parents' meta attributes inherited by their children, and clone
 * instances created. Nothing here refers to the syntax tree except through
 * struct loc, for messages ("why is RSC there?" cites file:line).
 *
 * Ownership: a model and everything in it live in the arena of the struct
 * ctx that compiled it; free the ctx to free the model.
 */
#ifndef HACC_MODEL_H
#define HACC_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"

#define SCORE_INFINITY	1000000

/*
 * OCF exit codes: what agents return (the executor maps other classes'
 * codes to these) and what the scheduler reads in operation histories.
 */
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

/* A name=value pair as written (for export and for agents' parameters). */
struct nvpair {
	const char	*name;
	const char	*canon;		/* what name sets: the name an alias
					   stands for (master-max sets
					   promoted-max), else name */
	const char	*value;
	struct loc	 loc;
};

struct nvset {
	struct nvpair	*v;
	size_t		 n;
};

enum role {
	ROLE_UNKNOWN,
	ROLE_STOPPED,
	ROLE_STARTED,
	ROLE_UNPROMOTED,
	ROLE_PROMOTED
};

enum on_fail {
	ON_FAIL_DEFAULT,	/* not set: the action's own default */
	ON_FAIL_IGNORE,
	ON_FAIL_BLOCK,
	ON_FAIL_STOP,
	ON_FAIL_RESTART,
	ON_FAIL_STANDBY,
	ON_FAIL_FENCE,
	ON_FAIL_DEMOTE,
	ON_FAIL_RESTART_CONTAINER
};

enum rsc_class {
	CLASS_OCF,
	CLASS_LSB,
	CLASS_SYSTEMD,
	CLASS_SERVICE,
	CLASS_STONITH
};

enum multiple_active {
	MULTIPLE_STOP_START,	/* the default */
	MULTIPLE_STOP_ONLY,
	MULTIPLE_BLOCK,
	MULTIPLE_STOP_UNEXPECTED
};

enum requires {
	REQUIRES_DEFAULT,	/* fencing if enabled, else quorum */
	REQUIRES_NOTHING,
	REQUIRES_QUORUM,
	REQUIRES_FENCING,
	REQUIRES_UNFENCING
};

/* An operation of a primitive: op NAME interval=... timeout=... */
struct op {
	const char	*name;		/* start, stop, monitor, ... */
	uint64_t	 interval_ms;	/* 0: not recurring (a probe if monitor) */
	uint64_t	 timeout_ms;
	int		 timeout_set;	/* by the op or op-defaults */
	uint64_t	 start_delay_ms;
	enum on_fail	 on_fail;
	enum role	 role;		/* ROLE_UNKNOWN: any role */
	int		 enabled;
	int		 check_level;	/* OCF_CHECK_LEVEL, -1 if unset */
	int		 record_pending;
	enum requires	 requires;
	struct nvset	 extra;		/* other attributes, as written */
	struct loc	 loc;
};

/*
 * Meta attributes with their effective values: the resource's own, else
 * its parents', else the resource defaults, else Pacemaker's defaults.
 */
struct meta {
	int			priority;
	enum role		target_role;	/* ROLE_UNKNOWN: not set */
	int			is_managed;
	int			maintenance;
	int			stickiness;
	int			migration_threshold;	/* SCORE_INFINITY */
	uint64_t		failure_timeout_ms;	/* 0: never expires */
	enum multiple_active	multiple_active;
	int			allow_migrate;
	int			critical;
	enum requires		requires;
	/* clones */
	int			clone_max;		/* -1: number of nodes */
	int			clone_node_max;
	int			clone_min;
	int			promoted_max;
	int			promoted_node_max;
	int			notify;
	int			interleave;
	int			ordered;
	int			globally_unique;
};

enum rsc_kind {
	RSC_PRIMITIVE,
	RSC_GROUP,
	RSC_CLONE		/* promotable when meta promotable is set */
};

struct resource {
	const char		 *name;
	enum rsc_kind		  kind;
	struct loc		  loc;
	size_t			  index;	/* in model->resources */
	struct resource		 *parent;	/* group or clone */
	struct resource		**children;	/* group members, clone child */
	size_t			  nchildren;

	/* primitives */
	const char		 *agent;	/* as written: ocf:heartbeat:IPaddr2 */
	enum rsc_class		  cls;
	const char		 *provider;	/* ocf only */
	const char		 *type;
	int			  is_fence;	/* class stonith */
	struct nvset		  params;
	struct nvset		  utilization;
	struct op		 *ops;
	size_t			  nops;

	/*
	 * meta container=: a primitive's container is the primitive it runs
	 * inside (its own container=, else its group's; NULL when none or
	 * when that names the primitive itself); a group's is the one its
	 * members run inside. A container lists the primitives inside it.
	 */
	struct resource		 *container;
	struct resource		**fillers;
	size_t			  nfillers;

	/* all kinds */
	int			  promotable;	/* clones */
	struct meta		  meta;		/* effective values */
	struct nvset		  meta_set;	/* as written on this resource */
};

/*
 * An instance is what the scheduler places: a primitive outside any
 * clone, or one copy of a cloned primitive ("ping:0", "ping:1", ...).
 */
struct instance {
	struct resource		*rsc;		/* a primitive */
	int			 clone_index;	/* -1 outside clones */
	const char		*name;
};

struct node {
	const char		*name;
	uint32_t		 id;		/* 0: not given */
	size_t			 index;		/* in model->nodes */
	const char		**addrs;
	size_t			 naddrs;
	int			 votes;
	int			 standby;
	int			 maintenance;
	struct nvset		 attrs;
	struct nvset		 utilization;
	struct loc		 loc;
};

/* Rules: "rule 100: site eq dc1 and #uname ne n2". */
enum expr_op {
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_GT,
	OP_LTE,
	OP_GTE,
	OP_DEFINED,
	OP_NOT_DEFINED
};

enum expr_type {
	TYPE_STRING,
	TYPE_INTEGER,
	TYPE_NUMBER,
	TYPE_VERSION
};

struct cond {
	int			 is_rule;	/* a nested rule, else a test */
	struct mrule		*rule;
	const char		*attr;		/* "#uname", "site" */
	enum expr_op		 op;
	enum expr_type		 type;
	int			 typed;		/* the type was written */
	const char		*value;		/* NULL for (not_)defined */
	struct loc		 loc;
};

struct mrule {
	int			 score;
	const char		*score_attr;	/* score from a node attribute */
	int			 bool_or;	/* conds joined by or, else and */
	struct cond		*conds;
	size_t			 nconds;
	struct loc		 loc;
};

enum discovery {
	DISCOVERY_ALWAYS,
	DISCOVERY_NEVER,
	DISCOVERY_EXCLUSIVE
};

/* One location preference: a node and a score, or a rule. */
struct location {
	const char		*id;
	struct resource		*rsc;
	struct node		*node;		/* NULL for a rule */
	int			 score;
	struct mrule		*rule;
	enum role		 role;
	enum discovery		 discovery;
	struct loc		 loc;
};

/* A set of resources in a colocation or an ordering. */
struct rsc_set {
	const char		 *id;		/* id=, or NULL */
	struct resource		**rscs;
	size_t			  nrscs;
	enum role		  role;		/* colocation */
	const char		 *action;	/* ordering: start, promote, ... */
	int			  sequential;
	int			  require_all;
	struct loc		  loc;
};

/*
 * "colocate A with B" is sets[0] = {A}, sets[1] = {B}: each set depends
 * on the next, the last is the primary. "colocate (a b c)" is one set.
 */
struct colocation {
	const char		*id;
	int			 score;
	struct rsc_set		*sets;
	size_t			 nsets;
	int			 influence;
	const char		*node_attr;	/* node-attribute=: nodes with
						   the same value count as the
						   same place; NULL: #uname */
	struct loc		 loc;
};

enum order_kind {
	ORDER_MANDATORY,
	ORDER_OPTIONAL,
	ORDER_SERIALIZE
};

/* "order A then B": sets[0] = {A}, sets[1] = {B}, in that order. */
struct order {
	const char		*id;
	enum order_kind		 kind;
	int			 symmetrical;
	int			 require_all;	/* 0: "order A then B
						   require-all=false", B waits
						   for one instance of clone A
						   (A's clone-min if it has
						   one) */
	struct rsc_set		*sets;
	size_t			 nsets;
	struct loc		 loc;
};

/*
 * "defaults rule resource CLASS:PROVIDER:TYPE { ... }": meta attribute
 * defaults for the primitives of that agent (Pacemaker's rsc_defaults set
 * with an rsc_expression); NULL parts match any.
 */
struct default_rule {
	int			 has_cls;
	enum rsc_class		 cls;
	const char		*provider;
	const char		*type;
	const char		*agent;		/* as written */
	struct nvset		 meta;
	size_t			 order;		/* among the defaults statements:
						   the first that sets an
						   attribute wins */
	struct loc		 loc;
};

/* What losing a ticket does to the resources that need it. */
enum loss_policy {
	LOSS_STOP,
	LOSS_DEMOTE,
	LOSS_FENCE,
	LOSS_FREEZE
};

/*
 * "ticket T R [role]": R (each resource of the set) runs, or runs in that
 * role, only while the cluster holds ticket T (granted, not standby).
 */
struct ticket_dep {
	const char		*id;
	const char		*ticket;
	struct rsc_set		 set;		/* role: ROLE_UNKNOWN or
						   ROLE_STARTED for any */
	enum loss_policy	 loss;		/* defaults applied */
	int			 loss_given;	/* loss-policy= was written */
	struct loc		 loc;
};

struct fencing_level {
	struct node		 *node;		/* NULL: target_attr */
	const char		 *target;	/* node name as written */
	const char		 *target_attr;	/* name=value target */
	const char		 *target_value;
	int			  index;
	struct resource		**devices;
	size_t			  ndevices;
	struct loc		  loc;
};

enum no_quorum_policy {
	NO_QUORUM_STOP,
	NO_QUORUM_FREEZE,
	NO_QUORUM_IGNORE,
	NO_QUORUM_DEMOTE,
	NO_QUORUM_SUICIDE
};

/* Cluster properties the scheduler uses; all of them are in .set. */
struct props {
	int			 stonith_enabled;
	int			 symmetric_cluster;
	enum no_quorum_policy	 no_quorum_policy;
	int			 start_failure_is_fatal;
	const char		*stonith_action;	/* reboot, off */
	uint64_t		 stonith_timeout_ms;
	const char		*placement_strategy;
	int			 maintenance_mode;
	int			 stop_all_resources;
	int			 stop_orphan_resources;
	int			 stop_orphan_actions;
	int			 enable_startup_probes;
	int			 concurrent_fencing;
	uint64_t		 cluster_recheck_interval_ms;
	uint64_t		 shutdown_lock_limit_ms;	/* 0: none */
	int			 node_health_red;
	struct nvset		 set;			/* as written */
};

/* votequorum options (runtime). */
struct quorum {
	int			 expected_votes;	/* 0: sum of votes */
	int			 two_node;
	int			 wait_for_all;
	int			 last_man_standing;
	uint64_t		 last_man_standing_window_ms;
	int			 auto_tie_breaker;
	const char		*auto_tie_breaker_node;	/* lowest, highest,
							   or node names */
	struct loc		 loc;
};

/* Ring transport options (runtime). */
struct ring {
	const char		*transport;	/* udp */
	int			 port;
	uint64_t		 token_ms;
	uint64_t		 consensus_ms;
	uint64_t		 join_ms;
	int			 mtu;
	int			 window_size;
	int			 max_messages;
	const char		*key_file;
	struct loc		 loc;
};

struct model {
	const char		 *cluster_name;
	struct node		**nodes;
	size_t			  nnodes;
	struct resource		**resources;	/* all, parents first */
	size_t			  nresources;
	struct instance		 *instances;
	size_t			  ninstances;
	struct location		**locations;
	size_t			  nlocations;
	struct colocation	**colocations;
	size_t			  ncolocations;
	struct order		**orders;
	size_t			  norders;
	struct ticket_dep	**tickets;
	size_t			  ntickets;
	struct fencing_level	**levels;
	size_t			  nlevels;
	struct props		  props;
	struct quorum		  quorum;
	struct ring		  ring;
	struct nvset		  rsc_defaults;	/* as written, without rules */
	size_t			  rsc_defaults_order; /* of the first plain
						   defaults statement */
	size_t			  ndefaults_stmts;
	struct default_rule	**default_rules;
	size_t			  ndefault_rules;
	struct nvset		  op_defaults;	/* as written */
	struct map		  rsc_by_name;	/* name -> struct resource */
	struct map		  node_by_name;	/* name -> struct node */
};

#endif /* HACC_MODEL_H */
