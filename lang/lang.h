/*
 * lang.h: the .ha policy language: sources, diagnostics, the syntax tree,
 * the scanner and parser, and the canonical printer behind `hacc fmt`.
 *
 * This is the bottom layer of hacc (lang -> compiler -> scheduler ->
 * runtime). It knows the syntax of a policy and nothing of its meaning: the
 * compiler resolves names, checks values and lowers the tree to a model.
 *
 * Memory: everything a parse produces (tree, strings, diagnostics) lives in
 * the arena of one struct ctx and is freed with it. Nothing here prints; a
 * caller renders the diagnostics list with diag_render().
 */
#ifndef HACC_LANG_H
#define HACC_LANG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define printflike(a, b) __attribute__((format(printf, a, b)))
#define deadfunc __attribute__((noreturn))
#else
#define printflike(a, b)
#define deadfunc
#endif

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* xmalloc.c: allocation that never returns NULL (aborts instead). */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...) printflike(2, 3);
int	 xvasprintf(char **, const char *, va_list);

/*
 * arena.c: bump allocator; every object is freed with the arena. Objects
 * are aligned to ARENA_ALIGN, enough for the pointers, 64-bit integers and
 * doubles the tree and the model hold (not for long double or vector
 * types); arena_strdup() and friends return unaligned strings.
 */
#define ARENA_ALIGN	8
struct arena;
struct arena	*arena_new(void);
void		 arena_free(struct arena *);
void		 arena_reset(struct arena *);
void		*arena_alloc(struct arena *, size_t);
void		*arena_allocarray(struct arena *, size_t, size_t);
void		*arena_zalloc(struct arena *, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...) printflike(2, 3);
char		*arena_vprintf(struct arena *, const char *, va_list);
size_t		 arena_used(const struct arena *);

/* buf.c: a growable byte string, always NUL-terminated. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
void	 buf_init(struct buf *);
void	 buf_clear(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...) printflike(2, 3);
void	 buf_vprintf(struct buf *, const char *, va_list);
void	 buf_repeat(struct buf *, int, size_t);
char	*buf_detach(struct buf *);

/* map.c: string-keyed hash table; keys are borrowed, not copied. */
struct mapent {
	const char	*key;
	void		*val;
	uint64_t	 hash;		/* of key */
};
struct map {
	struct mapent	*v;
	size_t		 n;
	size_t		 cap;
};
void		 map_init(struct map *);
void		 map_clear(struct map *);
void		*map_get(const struct map *, const char *);
void		*map_put(struct map *, const char *, void *);
struct mapent	*map_next(const struct map *, size_t *);
const char	*map_suggest(const struct map *, const char *, int (*)(void *));

/*
 * A position in a source: 1-based line and column of the first and the
 * last character of a span; file indexes ctx->sources.
 */
struct loc {
	int	file;
	int	line;
	int	col;
	int	end_line;
	int	end_col;
};

/* A comment kept by the scanner so that `hacc fmt` can keep it. */
struct comment {
	struct loc	 loc;
	const char	*text;		/* without the leading '#' */
	int		 trailing;	/* code precedes it on its line */
};

/* One input file. */
struct source {
	const char	*name;		/* as given, for diagnostics */
	const char	*text;		/* contents, then two NULs (the
					   scanner reads it in place) */
	size_t		 len;
	size_t		*lines;		/* offset of each line's start */
	size_t		 nlines;
	struct comment	*comments;
	size_t		 ncomments;
	size_t		 comments_cap;
	struct stmt	*stmts;		/* what the parser made of it */
};

/* diag.c: diagnostics collected on a context, rendered by the caller. */
enum diag_level {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE
};

struct diag_note {
	struct loc	 loc;
	const char	*msg;
	struct diag_note *next;
};

struct diag {
	enum diag_level	 level;
	struct loc	 loc;
	const char	*msg;
	size_t		 seq;		/* order of report, for a stable sort */
	struct diag_note *notes;
	struct diag_note *notes_tail;
};

struct diags {
	struct diag	**v;
	size_t		  n;
	size_t		  cap;
	size_t		  nerrors;
	size_t		  nwarnings;
	size_t		  max_errors;	/* stop recording errors past this */
	int		  truncated;	/* errors were dropped past the cap */
};

#define DIAG_MAX_ERRORS	50

/* How far a context's diagnostics went (diag_mark), to go back to. */
struct diagmark {
	size_t		  n;
	size_t		  nerrors;
	size_t		  nwarnings;
	int		  truncated;
};

struct ctx;
struct diag	*diag_error(struct ctx *, const struct loc *, const char *, ...)
		    printflike(3, 4);
struct diag	*diag_warning(struct ctx *, const struct loc *, const char *, ...)
		    printflike(3, 4);
void		 diag_note(struct ctx *, struct diag *, const struct loc *,
		    const char *, ...) printflike(4, 5);
void		 diag_mark(const struct ctx *, struct diagmark *);
void		 diag_rewind(struct ctx *, const struct diagmark *);
void		 diag_sort(struct ctx *);
void		 diag_render(struct ctx *, struct buf *, int);
const char	*diag_suggest(const char *, const char *const *, size_t);
int		 diag_distance(const char *, const char *);

/* ctx.c: one compilation: its arena, its sources, its diagnostics. */
struct deferred;
struct ctx {
	struct arena	 *arena;
	struct deferred	 *deferred;	/* run by ctx_free() */
	struct source	**sources;
	size_t		  nsources;
	struct diags	  diags;
	int		  werror;	/* warnings count as errors */
	struct map	  broken;	/* names declared by statements with
					   syntax errors */
};
struct ctx	*ctx_new(void);
void		 ctx_free(struct ctx *);
struct source	*ctx_add_source(struct ctx *, const char *, const char *,
		    size_t);
struct source	*ctx_read_file(struct ctx *, const char *, char **);
int		 ctx_failed(const struct ctx *);
void		 ctx_defer(struct ctx *, void (*)(void *), void *);
const char	*ctx_line(const struct ctx *, int, int, size_t *);

/*
 * The syntax tree. Words keep their text and whether they were quoted, so
 * the printer can reproduce them; meaning is given by the compiler.
 */
struct word {
	struct loc	 loc;
	int		 quoted;
	const char	*text;		/* NULL when absent */
};

/*
 * A value: one word, or a comma-separated list of words. v has exactly n
 * words (a value of one word has an array of one).
 */
struct value {
	struct loc	 loc;
	unsigned int	 n;
	struct word	*v;
};

/* name = value, as an attribute or an option. */
struct kv {
	struct loc	 loc;
	struct word	 key;
	struct value	 val;
	struct kv	*next;
};

enum item_kind {
	ITEM_ATTR,		/* name = value */
	ITEM_WORDS,		/* a bare list of names (group members) */
	ITEM_META,		/* meta name=value ... | meta { ... } */
	ITEM_OP,		/* op NAME name=value ... */
	ITEM_UTIL,		/* utilization name=value ... */
	ITEM_NODEATTR,		/* attr name=value ... */
	ITEM_PROPERTY,		/* property name=value ... */
	ITEM_NODE,		/* node NAME { ... } */
	ITEM_QUORUM,		/* quorum { ... } */
	ITEM_RING,		/* ring { ... } */
	ITEM_RESOURCE		/* resource NAME AGENT { ... } inside a group */
};

struct item {
	enum item_kind	 kind;
	struct loc	 loc;
	struct word	 name;		/* ATTR key, OP name, NODE name */
	struct value	 val;		/* ATTR value; WORDS names */
	int		 has_eq;	/* ATTR written with '=' */
	struct kv	*kvs;		/* META, OP, UTIL, NODEATTR, PROPERTY */
	struct block	*block;		/* META, NODE, QUORUM, RING */
	struct stmt	*stmt;		/* RESOURCE */
	struct item	*next;
};

struct block {
	struct loc	 loc;		/* from '{' to '}' */
	int		 errors;	/* items were lost to syntax errors */
	struct item	*items;
};

enum expr_kind {
	EXPR_AND,
	EXPR_OR,
	EXPR_BINARY,		/* lhs op rhs */
	EXPR_DEFINED,		/* defined lhs */
	EXPR_NOT_DEFINED	/* not_defined lhs */
};

struct expr {
	enum expr_kind	 kind;
	struct loc	 loc;
	int		 parens;	/* written inside ( ) */
	struct expr	*kids;		/* AND, OR: two or more operands */
	struct expr	*last;
	struct expr	*next;		/* next operand of the parent */
	struct word	 lhs;
	struct word	 op;
	struct word	 rhs;
};

struct rule {
	struct loc	 loc;
	struct word	 score;		/* text NULL: no score written */
	struct expr	*expr;
	struct rule	*next;
};

/* A colocation or ordering operand: a resource, or a set in ( ). */
struct term {
	struct loc	 loc;
	int		 is_set;
	struct word	*names;
	size_t		 nnames;
	struct kv	*set_opts;	/* name=value inside the ( ) */
	struct word	*quals;		/* words after it: role, action, score */
	size_t		 nquals;
	struct term	*next;
};

enum stmt_kind {
	STMT_INCLUDE,
	STMT_CLUSTER,
	STMT_DEFAULTS,
	STMT_OP_DEFAULTS,
	STMT_RESOURCE,
	STMT_FENCE,
	STMT_GROUP,
	STMT_CLONE,
	STMT_PROMOTABLE,
	STMT_LOCATION,
	STMT_COLOCATE,
	STMT_ORDER,
	STMT_TICKET,
	STMT_FENCING_LEVEL
};

enum loc_kind {
	LOCATION_PREFERS,
	LOCATION_AVOIDS,
	LOCATION_RULES
};

/* What only a fencing-level statement has. */
struct level {
	struct kv	*target_attr;	/* name=value target, or NULL */
	struct word	 index;
	struct value	 devices;
};

struct stmt {
	enum stmt_kind	 kind;
	struct loc	 loc;
	struct word	 keyword;	/* the leading keyword */
	struct word	 name;		/* resource, group, clone, cluster,
					   location's resource, include path,
					   fencing-level target */
	struct word	 agent;		/* resource, fence, inline clone;
					   defaults rule resource AGENT */
	struct word	 of;		/* clone NAME of X */
	struct block	*body;

	enum loc_kind	 loc_kind;
	struct kv	*scores;	/* prefers/avoids: node [= score] */
	struct rule	*rules;

	struct term	*terms;		/* colocate, order */
	struct kv	*opts;		/* trailing name=value options */

	struct level	*level;		/* fencing-level */

	struct stmt	*next;
};

/* parse.y: parse one source into source->stmts; errors go to ctx. */
int	parse_source(struct ctx *, struct source *);
const char *parse_keyword_name(const char *);

/* lex.l: the scanner, driven by the parser. */
int	lex_is_keyword(const char *);
int	lex_is_bare_word(const char *);
int	lex_is_builtin(const char *);

/* print.c: the canonical form of a parsed source (hacc fmt). */
void	print_source(struct ctx *, struct source *, struct buf *);
void	print_word(struct buf *, const struct word *);
void	print_string(struct buf *, const char *, int);

#endif /* HACC_LANG_H */
