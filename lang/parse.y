/*
 * parse.y: the grammar of the .ha policy language (pure bison parser).
 *
 * A policy is a list of statements, each ended by ';' or by a newline (the
 * scanner turns the newline into ';', see lex.l). Blocks hold items, with
 * the same separators. The grammar is deliberately loose where a word can
 * mean several things (a role, an action or a score after a resource name;
 * a name list or "key value" in a block): the compiler gives those words
 * their meaning, with better messages than a syntax error could.
 *
 * Errors recover at the item and at the statement level, so every syntax
 * error in a file is reported once. Semantic values live in the context's
 * arena: nothing needs a %destructor.
 */

%define api.pure full
%define api.prefix {policy_}
%define parse.error custom
%define parse.lac full
%locations
%define api.location.type {struct loc}
%expect 0

%param {void *scanner}
%parse-param {struct lexstate *ls}

%code requires {
#include "lang.h"
#include "lexstate.h"

struct wordvec {
	struct word	*v;
	size_t		 n;
	size_t		 cap;
};
struct kvlist {
	struct kv	*head;
	struct kv	*tail;
};
struct itemlist {
	struct item	*head;
	struct item	*tail;
	int		 errors;	/* a syntax error was skipped */
};
struct rulelist {
	struct rule	*head;
	struct rule	*tail;
};
struct termlist {
	struct term	*head;
	struct term	*tail;
};
struct setbody {
	struct wordvec	 names;
	struct kvlist	 opts;
};
}

%code provides {
#define YYSTYPE	POLICY_STYPE
#define YYLTYPE	POLICY_LTYPE
}

%code {
#include "config.h"

#include <stdlib.h>
#include <string.h>


#define YYLLOC_DEFAULT(Cur, Rhs, N) do {				\
	if (N) {							\
		(Cur).file = YYRHSLOC(Rhs, 1).file;			\
		(Cur).line = YYRHSLOC(Rhs, 1).line;			\
		(Cur).col = YYRHSLOC(Rhs, 1).col;			\
		(Cur).end_line = YYRHSLOC(Rhs, N).end_line;		\
		(Cur).end_col = YYRHSLOC(Rhs, N).end_col;		\
	} else {							\
		(Cur).file = YYRHSLOC(Rhs, 0).file;			\
		(Cur).line = (Cur).end_line = YYRHSLOC(Rhs, 0).end_line;\
		(Cur).col = (Cur).end_col = YYRHSLOC(Rhs, 0).end_col;	\
	}								\
} while (0)

static struct arena	*A(struct lexstate *);
static struct stmt	*new_stmt(struct lexstate *, enum stmt_kind,
			    const struct word *, const struct loc *);
static struct item	*new_item(struct lexstate *, enum item_kind,
			    const struct loc *);
static struct kv	*new_kv(struct lexstate *, const struct word *,
			    const struct value *, const struct loc *);
static struct level	*new_level(struct lexstate *, struct kv *,
			    const struct word *, const struct wordvec *,
			    const struct loc *);
static struct value	 vec_value(const struct wordvec *, const struct loc *);
static void		 vec_push(struct lexstate *, struct wordvec *,
			    const struct word *);
static struct expr	*new_expr(struct lexstate *, enum expr_kind,
			    const struct loc *);
static struct expr	*join_expr(struct lexstate *, enum expr_kind,
			    struct expr *, struct expr *, const struct loc *);
static void		 add_stmt(struct lexstate *, struct stmt *);
static struct stmt	*broken(struct lexstate *, const struct word *);
static int		 policy_lex(POLICY_STYPE *, POLICY_LTYPE *, void *);
static void		 policy_error(const struct loc *, void *,
			    struct lexstate *, const char *);


#define LIST_ADD(l, x) do {						\
	if ((l).tail != NULL)						\
		(l).tail->next = (x);					\
	else								\
		(l).head = (x);						\
	(l).tail = (x);							\
} while (0)
}

%initial-action {
	@$.file = ls->file;
	@$.line = @$.end_line = 1;
	@$.col = @$.end_col = 0;
}

%union {
	struct word	 w;
	struct wordvec	 words;
	struct value	 val;
	struct kv	*kv;
	struct kvlist	 kvs;
	struct item	*item;
	struct itemlist	 items;
	struct block	*block;
	struct stmt	*stmt;
	struct expr	*expr;
	struct rule	*rule;
	struct rulelist	 rules;
	struct term	*term;
	struct termlist	 terms;
	struct setbody	 set;
}

%token <w> T_WORD 258	"word"
%token <w> T_KEY 259	"name before '='"
%token <w> T_STRING 260	"string"
%token LEXERR 261	"invalid text"
%token <w> K_INCLUDE	"include"
%token <w> K_CLUSTER	"cluster"
%token <w> K_NODE	"node"
%token <w> K_QUORUM	"quorum"
%token <w> K_RING	"ring"
%token <w> K_PROPERTY	"property"
%token <w> K_DEFAULTS	"defaults"
%token <w> K_OP_DEFAULTS "op-defaults"
%token <w> K_RESOURCE	"resource"
%token <w> K_FENCE	"fence"
%token <w> K_GROUP	"group"
%token <w> K_CLONE	"clone"
%token <w> K_PROMOTABLE	"promotable"
%token <w> K_OF		"of"
%token <w> K_LOCATION	"location"
%token <w> K_PREFERS	"prefers"
%token <w> K_AVOIDS	"avoids"
%token <w> K_RULE	"rule"
%token <w> K_COLOCATE	"colocate"
%token <w> K_WITH	"with"
%token <w> K_ORDER	"order"
%token <w> K_THEN	"then"
%token <w> K_TICKET	"ticket"
%token <w> K_OP		"op"
%token <w> K_META	"meta"
%token <w> K_ATTR	"attr"
%token <w> K_UTILIZATION "utilization"
%token <w> K_FENCING_LEVEL "fencing-level"
%token <w> K_AND	"and"
%token <w> K_OR		"or"
%token <w> K_DEFINED	"defined"
%token <w> K_NOT_DEFINED "not_defined"

%type <w>	name atom operand rhs kwvalue
%type <words>	names devices quals
%type <val>	value
%type <kv>	kv node_score
%type <kvs>	kvs kvs1 node_scores
%type <item>	item
%type <items>	items item_seq
%type <block>	block opt_block
%type <stmt>	stmt
%type <expr>	expr and_expr primary
%type <rule>	rule
%type <rules>	rules
%type <term>	term
%type <terms>	coloc_chain order_chain
%type <set>	set_items

%%

policy	: stmts
	;

stmts	: %empty
	| stmts ';'
	| stmts stmt ';'		{ if ($2 != NULL) add_stmt(ls, $2); }
	| stmts error ';'		{ yyerrok; }
	;

stmt	: K_INCLUDE atom {
		$$ = new_stmt(ls, STMT_INCLUDE, &$1, &@$);
		$$->name = $2;
	}
	| K_CLUSTER name block {
		$$ = new_stmt(ls, STMT_CLUSTER, &$1, &@$);
		$$->name = $2;
		$$->body = $3;
	}
	| K_DEFAULTS block {
		$$ = new_stmt(ls, STMT_DEFAULTS, &$1, &@$);
		$$->body = $2;
	}
	| K_DEFAULTS K_RULE K_RESOURCE atom block {
		$$ = new_stmt(ls, STMT_DEFAULTS, &$1, &@$);
		$$->agent = $4;
		$$->body = $5;
	}
	| K_OP_DEFAULTS block {
		$$ = new_stmt(ls, STMT_OP_DEFAULTS, &$1, &@$);
		$$->body = $2;
	}
	| K_RESOURCE name atom opt_block {
		$$ = new_stmt(ls, STMT_RESOURCE, &$1, &@$);
		$$->name = $2;
		$$->agent = $3;
		$$->body = $4;
	}
	| K_FENCE name atom opt_block {
		$$ = new_stmt(ls, STMT_FENCE, &$1, &@$);
		$$->name = $2;
		$$->agent = $3;
		$$->body = $4;
	}
	| K_GROUP name block {
		$$ = new_stmt(ls, STMT_GROUP, &$1, &@$);
		$$->name = $2;
		$$->body = $3;
	}
	| K_CLONE name atom opt_block {
		$$ = new_stmt(ls, STMT_CLONE, &$1, &@$);
		$$->name = $2;
		$$->agent = $3;
		$$->body = $4;
	}
	| K_CLONE name K_OF name opt_block {
		$$ = new_stmt(ls, STMT_CLONE, &$1, &@$);
		$$->name = $2;
		$$->of = $4;
		$$->body = $5;
	}
	| K_PROMOTABLE name atom opt_block {
		$$ = new_stmt(ls, STMT_PROMOTABLE, &$1, &@$);
		$$->name = $2;
		$$->agent = $3;
		$$->body = $4;
	}
	| K_PROMOTABLE name K_OF name opt_block {
		$$ = new_stmt(ls, STMT_PROMOTABLE, &$1, &@$);
		$$->name = $2;
		$$->of = $4;
		$$->body = $5;
	}
	| K_LOCATION name K_PREFERS node_scores kvs {
		$$ = new_stmt(ls, STMT_LOCATION, &$1, &@$);
		$$->name = $2;
		$$->loc_kind = LOCATION_PREFERS;
		$$->scores = $4.head;
		$$->opts = $5.head;
	}
	| K_LOCATION name K_AVOIDS node_scores kvs {
		$$ = new_stmt(ls, STMT_LOCATION, &$1, &@$);
		$$->name = $2;
		$$->loc_kind = LOCATION_AVOIDS;
		$$->scores = $4.head;
		$$->opts = $5.head;
	}
	| K_LOCATION name rules kvs {
		$$ = new_stmt(ls, STMT_LOCATION, &$1, &@$);
		$$->name = $2;
		$$->loc_kind = LOCATION_RULES;
		$$->rules = $3.head;
		$$->opts = $4.head;
	}
	| K_COLOCATE coloc_chain kvs {
		$$ = new_stmt(ls, STMT_COLOCATE, &$1, &@$);
		$$->terms = $2.head;
		$$->opts = $3.head;
	}
	| K_ORDER order_chain kvs {
		$$ = new_stmt(ls, STMT_ORDER, &$1, &@$);
		$$->terms = $2.head;
		$$->opts = $3.head;
	}
	| K_TICKET name term kvs {
		$$ = new_stmt(ls, STMT_TICKET, &$1, &@$);
		$$->name = $2;
		$$->terms = $3;
		$$->opts = $4.head;
	}
	| K_RESOURCE name error		{ $$ = broken(ls, &$2); }
	| K_FENCE name error		{ $$ = broken(ls, &$2); }
	| K_GROUP name error		{ $$ = broken(ls, &$2); }
	| K_CLONE name error		{ $$ = broken(ls, &$2); }
	| K_PROMOTABLE name error	{ $$ = broken(ls, &$2); }
	| K_FENCING_LEVEL name T_WORD ':' devices {
		$$ = new_stmt(ls, STMT_FENCING_LEVEL, &$1, &@$);
		$$->name = $2;
		$$->level = new_level(ls, NULL, &$3, &$5, &@5);
	}
	| K_FENCING_LEVEL kv T_WORD ':' devices {
		$$ = new_stmt(ls, STMT_FENCING_LEVEL, &$1, &@$);
		$$->level = new_level(ls, $2, &$3, &$5, &@5);
	}
	;

name	: T_WORD
	| T_STRING
	;

atom	: T_WORD
	| T_STRING
	;

names	: name			{ $$.n = $$.cap = 0; vec_push(ls, &$$, &$1); }
	| names name		{ $$ = $1; vec_push(ls, &$$, &$2); }
	;

devices	: name			{ $$.n = $$.cap = 0; vec_push(ls, &$$, &$1); }
	| devices name		{ $$ = $1; vec_push(ls, &$$, &$2); }
	| devices ',' name	{ $$ = $1; vec_push(ls, &$$, &$3); }
	;

value	: atom {
		$$.loc = @$;
		$$.v = arena_alloc(A(ls), sizeof *$$.v);
		$$.v[0] = $1;
		$$.n = 1;
	}
	| value ',' atom {
		struct word	*v;

		v = arena_alloc(A(ls), ($1.n + 1) * sizeof *v);
		memcpy(v, $1.v, $1.n * sizeof *v);
		v[$1.n] = $3;
		$$.v = v;
		$$.n = $1.n + 1;
		$$.loc = @$;
	}
	;

kv	: T_KEY '=' value		{ $$ = new_kv(ls, &$1, &$3, &@$); }
	;

kvs	: %empty			{ $$.head = $$.tail = NULL; }
	| kvs kv			{ $$ = $1; LIST_ADD($$, $2); }
	;

kvs1	: kv				{ $$.head = $$.tail = $1; }
	| kvs1 kv			{ $$ = $1; LIST_ADD($$, $2); }
	;

opt_block
	: %empty			{ $$ = NULL; }
	| block
	;

block	: '{' item_seq '}' {
		$$ = arena_zalloc(A(ls), sizeof *$$);
		$$->loc = @$;
		$$->items = $2.head;
		$$->errors = $2.errors;
	}
	;

item_seq
	: items
	| items item			{ $$ = $1; LIST_ADD($$, $2); }
	| items error			{ $$ = $1; $$.errors = 1; }
	;

items	: %empty {
		$$.head = $$.tail = NULL;
		$$.errors = 0;
	}
	| items ';'			{ $$ = $1; }
	| items item ';'		{ $$ = $1; LIST_ADD($$, $2); }
	| items error ';'		{ $$ = $1; $$.errors = 1; yyerrok; }
	;

item	: T_KEY '=' value {
		$$ = new_item(ls, ITEM_ATTR, &@$);
		$$->name = $1;
		$$->val = $3;
		$$->has_eq = 1;
	}
	| names {
		$$ = new_item(ls, ITEM_WORDS, &@$);
		$$->val = vec_value(&$1, &@1);
	}
	| K_META kvs1 {
		$$ = new_item(ls, ITEM_META, &@$);
		$$->kvs = $2.head;
	}
	| K_META block {
		$$ = new_item(ls, ITEM_META, &@$);
		$$->block = $2;
	}
	| K_OP T_WORD kvs {
		$$ = new_item(ls, ITEM_OP, &@$);
		$$->name = $2;
		$$->kvs = $3.head;
	}
	| K_UTILIZATION kvs1 {
		$$ = new_item(ls, ITEM_UTIL, &@$);
		$$->kvs = $2.head;
	}
	| K_ATTR kvs1 {
		$$ = new_item(ls, ITEM_NODEATTR, &@$);
		$$->kvs = $2.head;
	}
	| K_PROPERTY kvs1 {
		$$ = new_item(ls, ITEM_PROPERTY, &@$);
		$$->kvs = $2.head;
	}
	| K_NODE name opt_block {
		$$ = new_item(ls, ITEM_NODE, &@$);
		$$->name = $2;
		$$->block = $3;
	}
	| K_QUORUM block {
		$$ = new_item(ls, ITEM_QUORUM, &@$);
		$$->block = $2;
	}
	| K_RING block {
		$$ = new_item(ls, ITEM_RING, &@$);
		$$->block = $2;
	}
	| K_RESOURCE name error {
		broken(ls, &$2);
		$$ = new_item(ls, ITEM_WORDS, &@$);	/* keeps it a member */
		$$->val.v = arena_alloc(A(ls), sizeof *$$->val.v);
		$$->val.v[0] = $2;
		$$->val.n = 1;
		$$->val.loc = $2.loc;
	}
	| K_RESOURCE name atom opt_block {
		$$ = new_item(ls, ITEM_RESOURCE, &@$);
		$$->name = $2;
		$$->stmt = new_stmt(ls, STMT_RESOURCE, &$1, &@$);
		$$->stmt->name = $2;
		$$->stmt->agent = $3;
		$$->stmt->body = $4;
	}
	;

node_scores
	: node_score			{ $$.head = $$.tail = $1; }
	| node_scores ',' node_score	{ $$ = $1; LIST_ADD($$, $3); }
	;

node_score
	: name {
		struct value	v = { .loc = $1.loc, .n = 0, .v = NULL };

		$$ = new_kv(ls, &$1, &v, &@$);
	}
	| T_KEY '=' atom {
		struct value	v = { .loc = $3.loc, .n = 1 };

		v.v = arena_alloc(A(ls), sizeof *v.v);
		v.v[0] = $3;
		$$ = new_kv(ls, &$1, &v, &@$);
	}
	;

rules	: rule				{ $$.head = $$.tail = $1; }
	| rules rule			{ $$ = $1; LIST_ADD($$, $2); }
	;

rule	: K_RULE T_WORD ':' expr {
		$$ = arena_zalloc(A(ls), sizeof *$$);
		$$->loc = @$;
		$$->score = $2;
		$$->expr = $4;
	}
	| K_RULE expr {
		$$ = arena_zalloc(A(ls), sizeof *$$);
		$$->loc = @$;
		$$->expr = $2;
	}
	;

expr	: and_expr
	| expr K_OR and_expr		{ $$ = join_expr(ls, EXPR_OR, $1, $3, &@$); }
	;

and_expr
	: primary
	| and_expr K_AND primary	{ $$ = join_expr(ls, EXPR_AND, $1, $3, &@$); }
	;

primary	: operand T_WORD rhs {
		$$ = new_expr(ls, EXPR_BINARY, &@$);
		$$->lhs = $1;
		$$->op = $2;
		$$->rhs = $3;
	}
	| K_DEFINED operand {
		$$ = new_expr(ls, EXPR_DEFINED, &@$);
		$$->op = $1;
		$$->lhs = $2;
	}
	| K_NOT_DEFINED operand {
		$$ = new_expr(ls, EXPR_NOT_DEFINED, &@$);
		$$->op = $1;
		$$->lhs = $2;
	}
	| '(' expr ')' {
		$$ = $2;
		$$->parens = 1;
		$$->loc = @$;
	}
	;

operand	: T_WORD
	| T_STRING
	;

/* The right side of a comparison may be a keyword: "#kind eq cluster". */
rhs	: operand
	| kwvalue
	;

kwvalue	: K_INCLUDE | K_CLUSTER | K_NODE | K_QUORUM | K_RING | K_PROPERTY
	| K_DEFAULTS | K_OP_DEFAULTS | K_RESOURCE | K_FENCE | K_GROUP
	| K_CLONE | K_PROMOTABLE | K_OF | K_LOCATION | K_PREFERS | K_AVOIDS
	| K_RULE | K_COLOCATE | K_WITH | K_ORDER | K_THEN | K_TICKET | K_OP
	| K_META
	| K_ATTR | K_UTILIZATION | K_FENCING_LEVEL | K_DEFINED
	| K_NOT_DEFINED
	;

coloc_chain
	: term				{ $$.head = $$.tail = $1; }
	| coloc_chain K_WITH term	{ $$ = $1; LIST_ADD($$, $3); }
	;

order_chain
	: term				{ $$.head = $$.tail = $1; }
	| order_chain K_THEN term	{ $$ = $1; LIST_ADD($$, $3); }
	;

term	: name quals {
		$$ = arena_zalloc(A(ls), sizeof *$$);
		$$->loc = @$;
		$$->names = arena_alloc(A(ls), sizeof *$$->names);
		$$->names[0] = $1;
		$$->nnames = 1;
		$$->quals = $2.v;
		$$->nquals = $2.n;
	}
	| '(' set_items ')' quals {
		$$ = arena_zalloc(A(ls), sizeof *$$);
		$$->loc = @$;
		$$->is_set = 1;
		$$->names = $2.names.v;
		$$->nnames = $2.names.n;
		$$->set_opts = $2.opts.head;
		$$->quals = $4.v;
		$$->nquals = $4.n;
	}
	;

quals	: %empty			{ $$.v = NULL; $$.n = $$.cap = 0; }
	| quals T_WORD			{ $$ = $1; vec_push(ls, &$$, &$2); }
	;

set_items
	: %empty {
		memset(&$$, 0, sizeof $$);
	}
	| set_items name		{ $$ = $1; vec_push(ls, &$$.names, &$2); }
	| set_items kv			{ $$ = $1; LIST_ADD($$.opts, $2); }
	;

%%

static const struct lexkw keywords[] = {
	{ "and", K_AND, LEXKW_CONTINUES },
	{ "attr", K_ATTR, 0 },
	{ "avoids", K_AVOIDS, 0 },
	{ "clone", K_CLONE, 0 },
	{ "cluster", K_CLUSTER, 0 },
	{ "colocate", K_COLOCATE, 0 },
	{ "defaults", K_DEFAULTS, 0 },
	{ "defined", K_DEFINED, 0 },
	{ "fence", K_FENCE, 0 },
	{ "fencing-level", K_FENCING_LEVEL, 0 },
	{ "group", K_GROUP, 0 },
	{ "include", K_INCLUDE, 0 },
	{ "location", K_LOCATION, 0 },
	{ "meta", K_META, 0 },
	{ "node", K_NODE, 0 },
	{ "not_defined", K_NOT_DEFINED, 0 },
	{ "of", K_OF, 0 },
	{ "op", K_OP, 0 },
	{ "op-defaults", K_OP_DEFAULTS, 0 },
	{ "or", K_OR, LEXKW_CONTINUES },
	{ "order", K_ORDER, 0 },
	{ "prefers", K_PREFERS, 0 },
	{ "promotable", K_PROMOTABLE, 0 },
	{ "property", K_PROPERTY, 0 },
	{ "quorum", K_QUORUM, 0 },
	{ "resource", K_RESOURCE, 0 },
	{ "ring", K_RING, 0 },
	{ "rule", K_RULE, 0 },
	{ "then", K_THEN, 0 },
	{ "ticket", K_TICKET, 0 },
	{ "utilization", K_UTILIZATION, 0 },
	{ "with", K_WITH, 0 },
};

/* The policy grammar's keywords, for a scanner of policies. */
const struct lexkw *
parse_keywords(size_t *n)
{
	*n = nitems(keywords);
	return keywords;
}

/* The keyword spelled s, or NULL if s is not a keyword. */
const char *
parse_keyword_name(const char *s)
{
	size_t	lo = 0, hi = nitems(keywords), mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(s, keywords[mid].name);
		if (c == 0)
			return keywords[mid].name;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The scanner, remembering the token before the lookahead for messages. */
static int
policy_lex(POLICY_STYPE *val, POLICY_LTYPE *loc, void *scanner)
{
	union lexval	lv;
	int		tok;

	tok = lex_next(scanner, &lv, loc);
	val->w = lv.w;
	return tok;
}

static struct arena *
A(struct lexstate *ls)
{
	return ls->ctx->arena;
}

static struct stmt *
new_stmt(struct lexstate *ls, enum stmt_kind kind, const struct word *keyword,
    const struct loc *loc)
{
	struct stmt	*st;

	st = arena_zalloc(A(ls), sizeof *st);
	st->kind = kind;
	st->loc = *loc;
	st->keyword = *keyword;
	return st;
}

static struct item *
new_item(struct lexstate *ls, enum item_kind kind, const struct loc *loc)
{
	struct item	*it;

	it = arena_zalloc(A(ls), sizeof *it);
	it->kind = kind;
	it->loc = *loc;
	return it;
}

static struct kv *
new_kv(struct lexstate *ls, const struct word *key, const struct value *val,
    const struct loc *loc)
{
	struct kv	*kv;

	kv = arena_zalloc(A(ls), sizeof *kv);
	kv->loc = *loc;
	kv->key = *key;
	kv->val = *val;
	return kv;
}

/* The part of a fencing-level statement that other statements lack. */
static struct level *
new_level(struct lexstate *ls, struct kv *target_attr, const struct word *index,
    const struct wordvec *devices, const struct loc *devices_loc)
{
	struct level	*lv;

	lv = arena_zalloc(A(ls), sizeof *lv);
	lv->target_attr = target_attr;
	lv->index = *index;
	lv->devices = vec_value(devices, devices_loc);
	return lv;
}

static void
vec_push(struct lexstate *ls, struct wordvec *vec, const struct word *w)
{
	struct word	*v;

	if (vec->n == vec->cap) {
		vec->cap = vec->cap == 0 ? 4 : vec->cap * 2;
		v = arena_alloc(A(ls), vec->cap * sizeof *v);
		if (vec->n > 0)
			memcpy(v, vec->v, vec->n * sizeof *v);
		vec->v = v;
	}
	vec->v[vec->n++] = *w;
}

static struct value
vec_value(const struct wordvec *vec, const struct loc *loc)
{
	struct value	val;

	val.loc = *loc;
	val.v = vec->v;
	val.n = vec->n;
	return val;
}

static struct expr *
new_expr(struct lexstate *ls, enum expr_kind kind, const struct loc *loc)
{
	struct expr	*e;

	e = arena_zalloc(A(ls), sizeof *e);
	e->kind = kind;
	e->loc = *loc;
	return e;
}

/* l AND r (or OR): extend l if it is the same operator unparenthesised. */
static struct expr *
join_expr(struct lexstate *ls, enum expr_kind kind, struct expr *l,
    struct expr *r, const struct loc *loc)
{
	struct expr	*e;

	if (l->kind == kind && !l->parens) {
		l->last->next = r;
		l->last = r;
		l->loc = *loc;
		return l;
	}
	e = new_expr(ls, kind, loc);
	e->kids = l;
	l->next = r;
	e->last = r;
	return e;
}

/*
 * A declaration with a syntax error after its name: remember the name so
 * that uses of it are not reported as unknown as well.
 */
static struct stmt *
broken(struct lexstate *ls, const struct word *name)
{
	if (name->text != NULL)
		map_put(&ls->ctx->broken, name->text, (void *)name->text);
	return NULL;
}

static void
add_stmt(struct lexstate *ls, struct stmt *st)
{
	if (ls->tail != NULL)
		ls->tail->next = st;
	else
		ls->src->stmts = st;
	ls->tail = st;
}

/* How a token reads in a message: "word 'x'", "'with'", "end of line". */
static void
describe_token(struct lexstate *ls, yysymbol_kind_t sym, const struct loc *loc,
    struct buf *b)
{
	const char	*line, *name;
	size_t		 len, start, end;

	switch ((int)sym) {
	case YYSYMBOL_YYEOF:
		buf_puts(b, "end of file");
		return;
	case YYSYMBOL_T_WORD:
	case YYSYMBOL_T_KEY:
	case YYSYMBOL_T_STRING:
		line = ctx_line(ls->ctx, loc->file, loc->line, &len);
		if (line == NULL || loc->end_line != loc->line) {
			buf_puts(b, sym == YYSYMBOL_T_STRING ? "string" :
			    "word");
			return;
		}
		start = (size_t)loc->col - 1;
		end = (size_t)loc->end_col;
		if (end > len)
			end = len;
		if (start > end)
			start = end;
		if (end - start > 40)
			end = start + 40;
		if (sym == YYSYMBOL_T_STRING) {
			buf_puts(b, "string ");
			buf_add(b, line + start, end - start);
			return;
		}
		buf_puts(b, sym == YYSYMBOL_T_KEY ? "'" : "word '");
		buf_add(b, line + start, end - start);
		buf_puts(b, sym == YYSYMBOL_T_KEY ? " ='" : "'");
		return;
	default:
		break;
	}
	name = yysymbol_name(sym);
	if (strcmp(name, "';'") == 0 && ls->newline) {
		buf_puts(b, "end of line");
		return;
	}
	if (name[0] == '"' || name[0] == '\'')
		buf_puts(b, name);
	else
		buf_printf(b, "'%s'", name);
}

/* How an expected token reads: "a name", "'='", "'}'". */
static const char *
expected_token(yysymbol_kind_t sym)
{
	switch ((int)sym) {
	case YYSYMBOL_T_WORD:
	case YYSYMBOL_T_STRING:
		return "a name or value";
	case YYSYMBOL_T_KEY:
		return "'name = value'";
	default:
		break;
	}
	if (strcmp(yysymbol_name(sym), "';'") == 0)
		return "end of line";
	return NULL;
}

/* Bison's own failures (the parser stack is exhausted). */
static void
policy_error(const struct loc *loc, void *scanner, struct lexstate *ls,
    const char *msg)
{
	(void)scanner;
	diag_error(ls->ctx, loc, "%s", msg);
}

/* Whether sym is one of the language's keywords. */
static int
is_keyword_symbol(yysymbol_kind_t sym)
{
	const char	*name = yysymbol_name(sym);

	return name[0] != '\'' && parse_keyword_name(name) != NULL;
}

/* Where an item keyword belongs, when it is used as a statement. */
static const char *
misplaced_item(yysymbol_kind_t sym)
{
	switch ((int)sym) {
	case YYSYMBOL_K_PROPERTY:
	case YYSYMBOL_K_NODE:
	case YYSYMBOL_K_QUORUM:
	case YYSYMBOL_K_RING:
		return "the cluster block: cluster NAME { ... }";
	case YYSYMBOL_K_OP:
	case YYSYMBOL_K_META:
	case YYSYMBOL_K_UTILIZATION:
		return "a resource's block: resource NAME AGENT { ... }";
	case YYSYMBOL_K_ATTR:
		return "a node's block: node NAME { ... }";
	default:
		return NULL;
	}
}

/* "unknown statement 'resouce'; did you mean 'resource'?" */
static void
report_unknown_statement(struct lexstate *ls, const struct loc *loc)
{
	static const char *const starts[] = { "include", "cluster",
	    "defaults", "op-defaults", "resource", "fence", "group", "clone",
	    "promotable", "location", "colocate", "order", "ticket",
	    "fencing-level" };
	const char	*near;

	near = diag_suggest(ls->word, starts, nitems(starts));
	if (near != NULL)
		diag_error(ls->ctx, loc, "unknown statement '%s'; did you mean "
		    "'%s'?", ls->word, near);
	else
		diag_error(ls->ctx, loc, "unknown statement '%s'", ls->word);
}

static int
yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner,
    struct lexstate *ls)
{
	yysymbol_kind_t	 sym, *exp;
	const struct loc *loc;
	struct buf	 b;
	struct diag	*dg;
	const char	*name, *seen[4];
	int		 n, i, j, k, dup, has_word = 0, has_kw = 0;
	int		 stmt_start = 0, kw_value;

	(void)scanner;
	sym = yypcontext_token(yyctx);
	loc = yypcontext_location(yyctx);
	if (sym == YYSYMBOL_LEXERR)
		return 0;	/* the scanner said why */

	if (sym == YYSYMBOL_YYEOF && ls->depth > 0 && ls->depth <=
	    LEX_MAX_DEPTH) {
		const struct loc *open = &ls->open[ls->depth - 1];
		const char	*line;
		size_t		 len;
		int		 brace = 0;

		line = ctx_line(ls->ctx, open->file, open->line, &len);
		if (line != NULL && (size_t)open->col <= len)
			brace = line[open->col - 1] == '{';
		dg = diag_error(ls->ctx, loc, "missing '%c' at end of file",
		    brace ? '}' : ')');
		diag_note(ls->ctx, dg, open, "to close the '%c' opened here",
		    brace ? '{' : '(');
		return 0;
	}

	n = yypcontext_expected_tokens(yyctx, NULL, 0);
	exp = arena_alloc(A(ls), (size_t)(n > 0 ? n : 1) * sizeof *exp);
	n = yypcontext_expected_tokens(yyctx, exp, n);
	for (i = 0; i < n; i++) {
		has_word |= exp[i] == YYSYMBOL_T_WORD ||
		    exp[i] == YYSYMBOL_T_STRING;
		stmt_start |= exp[i] == YYSYMBOL_K_LOCATION;
		has_kw |= exp[i] == YYSYMBOL_K_INCLUDE;
	}
	/* A statement starts with a keyword; a value may be a keyword. */
	kw_value = has_word && has_kw;
	stmt_start = stmt_start && !has_word;
	if (stmt_start && sym == YYSYMBOL_T_WORD) {
		report_unknown_statement(ls, loc);
		return 0;
	}
	if (stmt_start && (name = misplaced_item(sym)) != NULL) {
		diag_error(ls->ctx, loc, "'%s' is not a statement: it goes "
		    "inside %s", yysymbol_name(sym), name);
		return 0;
	}
	if (sym == YYSYMBOL_T_KEY && ls->prev_tok == K_OP) {
		diag_error(ls->ctx, loc, "missing operation name after 'op' "
		    "(as in 'op monitor interval=10s')");
		return 0;
	}
	if (ls->prev_tok == '=') {
		diag_error(ls->ctx, loc, "missing value after '='");
		return 0;
	}

	buf_init(&b);
	buf_puts(&b, "unexpected ");
	describe_token(ls, sym, loc, &b);
	/* Where a value is expected keywords are values too: say "value". */
	k = 0;
	for (i = 0; i < n && k <= (int)nitems(seen); i++) {
		if (kw_value && is_keyword_symbol(exp[i]))
			continue;
		if ((name = expected_token(exp[i])) == NULL) {
			name = yysymbol_name(exp[i]);
			if (exp[i] == YYSYMBOL_YYEOF)
				name = "end of file";
			else if (name[0] != '\'')	/* keywords */
				name = arena_printf(A(ls), "'%s'", name);
		}
		dup = 0;
		for (j = 0; j < k && j < (int)nitems(seen); j++)
			dup |= strcmp(seen[j], name) == 0;
		if (dup)
			continue;
		if (k < (int)nitems(seen))
			seen[k] = name;
		k++;
	}
	if (k > 0 && k <= (int)nitems(seen)) {
		buf_puts(&b, ", expected ");
		for (i = 0; i < k; i++) {
			if (i > 0 && i == k - 1)
				buf_puts(&b, strstr(seen[0], " or ") != NULL ?
				    ", or " : " or ");
			else if (i > 0)
				buf_puts(&b, ", ");
			buf_puts(&b, seen[i]);
		}
	}
	diag_error(ls->ctx, loc, "%s", b.data);
	buf_clear(&b);
	return 0;
}

/* Parse src, appending its statements to src->stmts. Returns 0 on success. */
int
parse_source(struct ctx *ctx, struct source *src)
{
	struct lexstate	 ls;
	void		*scanner;
	size_t		 errors = ctx->diags.nerrors;
	int		 rc;

	if ((scanner = lex_begin(&ls, ctx, src, keywords,
	    nitems(keywords))) == NULL)
		return -1;
	rc = policy_parse(scanner, &ls);
	lex_end(scanner);
	if (rc != 0 || ctx->diags.nerrors > errors)
		return -1;
	return 0;
}
