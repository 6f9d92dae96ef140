/*
 * compiler.h: from parsed .ha sources to a checked model.
 *
 * compile.c loads a policy (the main file and its includes), check.c
 * resolves names and checks the structure of the tree, lower.c converts
 * the tree into the model of model.h with the value parsers of value.c and
 * the tables of known names in known.c, analyze.c checks the meaning of the
 * model (ordering cycles, contradictions, risky set-ups), model.c prints a
 * model and looks things up in it. cib.c reads a Pacemaker CIB and writes
 * the equivalent .ha text, which then goes through the same phases;
 * export.c writes a model as a CIB.
 *
 * Errors go to the context's diagnostics; nothing here prints. Every phase
 * runs even after errors in an earlier one, so that one run reports as many
 * problems as it can; a model is returned only when there are none.
 */
#ifndef HACC_COMPILER_H
#define HACC_COMPILER_H

#include <stdint.h>

#include "lang.h"
#include "model.h"

/* A loaded policy: every statement of the main file and its includes. */
struct policy {
	struct source	 *main;
	struct stmt	**stmts;	/* includes expanded in place */
	size_t		  nstmts;
	struct symtab	 *syms;		/* filled by check_tree() */
};

/* What a name in the resource namespace stands for. */
enum sym_kind {
	SYM_PRIMITIVE,		/* resource, or the primitive of a clone */
	SYM_FENCE,
	SYM_GROUP,
	SYM_CLONE,
	SYM_PROMOTABLE
};

struct symbol {
	const char	*name;
	enum sym_kind	 kind;
	struct stmt	*stmt;		/* its declaration */
	struct loc	 loc;		/* of its name */
	struct symbol	*parent;	/* group or clone holding it, or NULL */
	struct loc	 parent_loc;	/* where the parent names it */
	void		*rsc;		/* struct resource *, set by lower.c */
};

struct nodesym {
	const char	*name;
	struct item	*item;		/* node NAME { ... } in cluster { } */
	void		*node;		/* struct node *, set by lower.c */
};

struct symtab {
	struct map	 rscs;		/* name -> struct symbol */
	struct map	 nodes;		/* name -> struct nodesym */
	struct symbol	**order;	/* symbols in declaration order */
	size_t		  norder;
	struct stmt	 *cluster;	/* the cluster statement, if any */
};

/* compile.c */
struct policy	*compile_load(struct ctx *, const char *);
struct policy	*compile_load_text(struct ctx *, const char *, const char *,
		    size_t);
struct model	*compile_policy(struct ctx *, struct policy *);
struct model	*compile_file(struct ctx *, const char *);
void		 compile_free(struct policy *);

/*
 * cib.c: a Pacemaker CIB's configuration as .ha text, appended to the buf
 * in canonical form; what the language cannot hold is reported as
 * warnings in ctx. Returns 0, or -1 (an error in ctx) when the XML is not
 * a CIB. libxml2 stays inside cib.c.
 */
int		 cib_import(struct ctx *, const char *, const char *, size_t,
		    struct buf *);

/*
 * cib.c: why len bytes of XML text are not well formed, as libxml2's
 * document parser says it (its streaming reader words some errors
 * otherwise): 0 if they are; else -1, with the line and the message (new,
 * owned by the caller).
 */
int		 cib_xml_error(const char *, size_t, int *, char **);

/*
 * export.c: model m as a Pacemaker CIB (schema pacemaker-3.9, the names
 * Pacemaker 2.1.5 reads) with an empty <status/>, appended to the buf as
 * XML text; scheduler/export-status.c fills in the status. Returns 0, or
 * -1 (errors in ctx, the buf unchanged) when m holds what a CIB cannot
 * say. Operation digests come from digest.c. libxml2 stays inside.
 */
int		 export_cib(struct ctx *, const struct model *, struct buf *);

/*
 * digest.c: the operation digests Pacemaker 2.1.5 records, of primitive
 * r's parameters for an operation (task, interval); libcrypto stays inside.
 */
enum digest_kind {
	DIGEST_ALL,		/* op-digest */
	DIGEST_ONLY,		/* op-restart-digest: the names listed */
	DIGEST_SECURE,		/* op-secure-digest: all but those listed */
	DIGEST_SECURE_OLD	/* the same, recorded before feature set
				   3.16.0: resource parameters only, without
				   Pacemaker's fencing ones */
};
const char	*digest_params(struct ctx *, const struct model *,
		    const struct resource *, const char *, uint64_t,
		    enum digest_kind, const char *);

/*
 * diff.c: append one line ("  * ...\n") per difference between two models
 * (properties, defaults, nodes, resources, constraints) to the buf;
 * returns how many. Strings are made in ctx's arena.
 */
size_t		 diff_models(struct ctx *, const struct model *,
		    const struct model *, struct buf *);

/* check.c */
void		 check_tree(struct ctx *, struct policy *);
struct symbol	*check_resolve(struct ctx *, struct policy *,
		    const struct word *, const char *);
struct nodesym	*check_resolve_node(struct ctx *, struct policy *,
		    const struct word *, const char *);

/* lower.c */
struct model	*lower_policy(struct ctx *, struct policy *);

/* analyze.c */
void		 analyze_model(struct ctx *, struct policy *, struct model *);

/* value.c: parse a value; 0 on success, else -1 and *cause (arena). */
int	value_duration(struct ctx *, const char *, uint64_t *, const char **);
int	value_score(struct ctx *, const char *, int *, const char **);
int	value_bool(struct ctx *, const char *, int *, const char **);
int	value_int(struct ctx *, const char *, long long, long long,
	    long long *, const char **);
int	value_role(struct ctx *, const char *, enum role *, const char **);
const char *value_role_name(enum role);
const char *value_class_name(enum rsc_class);
int	value_class(const char *, enum rsc_class *);
const char *value_loss_policy_name(enum loss_policy);
int	value_loss_policy(const char *, enum loss_policy *);
const char *value_ms_text(struct ctx *, uint64_t);
int	value_is_name(const char *);

/* known.c: the names the language knows, with the type of their values. */
enum known_type {
	KT_STRING,
	KT_BOOL,
	KT_INT,		/* integer in min..max (0..INT_MAX if max is 0) */
	KT_SCORE,	/* integer or [+-]INFINITY */
	KT_DURATION,
	KT_ENUM,	/* one of .values */
	KT_ROLE,
	KT_ADDRS,	/* address list */
	KT_NODES,	/* node names, or lowest/highest */
	KT_ID		/* an XML ID, as names are */
};

struct known {
	const char		 *name;
	enum known_type		  type;
	const char *const	 *values;	/* KT_ENUM: NULL-terminated */
	int			  flags;
	const char		 *alias_of;	/* an alias of this other name */
	long long		  min;		/* KT_INT: bounds, when max > 0;
						   KT_DURATION: < 0 if negative
						   values are allowed */
	long long		  max;
};

#define KNOWN_PRIMITIVE	0x01	/* meta: meaningful on a primitive */
#define KNOWN_GROUP	0x02	/* meta: on a group */
#define KNOWN_CLONE	0x04	/* meta: on a clone */
#define KNOWN_PROMOTABLE 0x08	/* meta: on a promotable clone only */
#define KNOWN_ANY	(KNOWN_PRIMITIVE | KNOWN_GROUP | KNOWN_CLONE)
#define KNOWN_DEPRECATED 0x10	/* accepted with a warning */
#define KNOWN_NOCASE	0x20	/* KT_ENUM values match in any case */

enum known_table {
	KNOWN_META,		/* resource meta attributes (and defaults) */
	KNOWN_OP_ATTR,		/* op name=value options (and op-defaults) */
	KNOWN_OP_NAME,		/* operation names */
	KNOWN_PROPERTY,		/* cluster properties */
	KNOWN_QUORUM,		/* quorum { } */
	KNOWN_RING,		/* ring { } */
	KNOWN_NODE,		/* node { } attributes */
	KNOWN_LOCATION_OPT,	/* location ... name=value */
	KNOWN_COLOCATE_OPT,
	KNOWN_ORDER_OPT,
	KNOWN_TICKET_OPT,	/* ticket ... name=value */
	KNOWN_SET_OPT,		/* ( ... name=value ) */
	KNOWN_NTABLES
};

const struct known	*known_find(enum known_table, const char *);
const char		*known_suggest(enum known_table, const char *);
const char		*known_table_name(enum known_table);
const char		*known_canonical(enum known_table, const char *);
int			 known_check(struct ctx *, enum known_table,
			    const struct word *, const struct value *,
			    const struct known **);

/* model.c */
void		 model_print(const struct model *, struct buf *);
int		 model_plain(const char *);
struct resource	*model_resource(const struct model *, const char *);
struct node	*model_node(const struct model *, const char *);
int		 model_provides_unfencing(const struct resource *);

#endif /* HACC_COMPILER_H */
