/*
 * statefile.y: the grammar of cluster state files (docs/state.md), a pure
 * bison parser over the policy language's scanner (lang/lex.l) with its
 * own keywords.
 *
 * The grammar only shapes lines into statements (struct sfstmt): words,
 * name=value settings and blocks of items. What the words mean (a node
 * status, a resource state, a time) is decided by state.c, which knows the
 * policy and can say "did you mean". Errors recover at the item and at the
 * statement level, so every syntax error in a file is reported once.
 * Values live in the context's arena: nothing needs a %destructor.
 *
 * Two ways to read: statefile_read() returns the list of every statement;
 * statefile_stream() hands each statement to a function as soon as it is
 * parsed and frees it then (its syntax lives in a scratch arena, reset
 * between statements), so that a big file never has its whole tree in
 * memory. The stream stops at the first statement the parse reported
 * anything about: the caller reads the file whole to report every error.
 *
 * (The file is not called state.y: automake would make state.c of it, the
 * name of the code that reads these statements, and bison's state_parse
 * would clash with sched.h's.)
 */

%define api.pure full
%define api.prefix {statefile_}
%define parse.error custom
%define parse.lac full
%locations
%define api.location.type {struct loc}
%expect 0

%param {void *scanner} {struct sfparse *sp}

%code requires {
#include "lang.h"
#include "lexstate.h"

/* name=value as written; the name may be a quoted string (attr only). */
struct sfkv {
	struct loc	 loc;
	struct word	 key;
	struct word	 val;
	struct sfkv	*next;
};

enum sfitem_kind {
	SFI_ATTR,		/* attr name=value ... */
	SFI_FAILCOUNT,		/* fail-count RSC OP name=value ... */
	SFI_OP			/* op TASK name=value ... */
};

struct sfitem {
	enum sfitem_kind kind;
	struct loc	 loc;
	struct word	 keyword;
	struct word	 name;		/* fail-count RSC, op TASK */
	struct word	 arg;		/* fail-count OP */
	struct sfkv	*kvs;
	struct sfitem	*next;
};

enum sfstmt_kind {
	SFS_NOW,
	SFS_QUORUM,
	SFS_DC,
	SFS_TICKET,
	SFS_NODE,
	SFS_RESOURCE
};

/* One statement of a state file. */
struct sfstmt {
	enum sfstmt_kind kind;
	struct loc	 loc;
	struct word	 keyword;
	struct word	 name;		/* now/quorum value, dc/node/resource */
	struct word	*words;		/* status or state words */
	size_t		 nwords;
	struct word	*nodes;		/* resource ... on NODES */
	size_t		 nnodes;
	struct sfkv	*kvs;
	int		 has_block;
	struct loc	 block_loc;
	struct sfitem	*items;
	int		 block_errors;	/* items were lost to syntax errors */
	struct sfstmt	*next;
};

struct sfwords {
	struct word	*v;
	size_t		 n;
	size_t		 cap;
};
struct sfkvs {
	struct sfkv	*head;
	struct sfkv	*tail;
};
struct sfitems {
	struct sfitem	*head;
	struct sfitem	*tail;
	int		 errors;
};
struct sfblock {
	int		 has;
	struct loc	 loc;
	struct sfitems	 items;
};

#define SF_LINE_WORDS	8

/* The parser's state: the scanner's, the statements, recent words. */
struct sfparse {
	struct lexstate	 ls;
	struct sfstmt	*head;		/* statefile_read */
	struct sfstmt	*tail;
	int		(*fn)(const struct sfstmt *, void *);
	void		*arg;		/* statefile_stream: fn(stmt, arg) */
	struct arena	*home;		/* the context's arena */
	struct arena	*scratch;	/* the statement's, while parsing */
	size_t		 ndiags;	/* reported before the statement */
	int		 stopped;	/* fn said stop, or the parse reported */
	struct word	 line[SF_LINE_WORDS];	/* words of the current
						   statement, for "did you
						   mean" on keywords */
	size_t		 nline;
	int		 line_ends;	/* the last token ended it */
	int		 stmt_kw;	/* K_NODE or K_RESOURCE: whose block */
	int		 hinted_brace;	/* a missing '}' was suggested */
};

int		 statefile_read(struct ctx *, struct source *,
		    struct sfstmt **);
int		 statefile_stream(struct ctx *, struct source *,
		    struct arena *, int (*)(const struct sfstmt *, void *),
		    void *);
int		 statefile_is_keyword(const char *);
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

#define LIST_ADD(l, x) do {						\
	if ((l).tail != NULL)						\
		(l).tail->next = (x);					\
	else								\
		(l).head = (x);						\
	(l).tail = (x);							\
} while (0)

static struct arena	*A(struct sfparse *);
static struct sfstmt	*new_stmt(struct sfparse *, enum sfstmt_kind,
			    const struct word *, const struct loc *);
static struct sfitem	*new_item(struct sfparse *, enum sfitem_kind,
			    const struct word *, const struct loc *);
static struct sfkv	*new_kv(struct sfparse *, const struct word *,
			    const struct word *, const struct loc *);
static void		 push_word(struct sfparse *, struct sfwords *,
			    const struct word *);
static void		 set_block(struct sfstmt *, const struct sfblock *);
static int		 take_stmt(struct sfparse *, struct sfstmt *, int);
static int		 statefile_lex(STATEFILE_STYPE *, STATEFILE_LTYPE *,
			    void *, struct sfparse *);
static void		 statefile_error(const struct loc *, void *,
			    struct sfparse *, const char *);
}

%initial-action {
	@$.file = sp->ls.file;
	@$.line = @$.end_line = 1;
	@$.col = @$.end_col = 0;
}

%union {
	struct word	 w;
	struct sfwords	 words;
	struct sfkv	*kv;
	struct sfkvs	 kvs;
	struct sfitem	*item;
	struct sfitems	 items;
	struct sfblock	 block;
	struct sfstmt	*stmt;
}

%token <w> T_WORD 258	"word"
%token <w> T_KEY 259	"name before '='"
%token <w> T_STRING 260	"string"
%token LEXERR 261	"invalid text"
%token <w> K_ATTR	"attr"
%token <w> K_DC		"dc"
%token <w> K_TICKET	"ticket"
%token <w> K_FAIL_COUNT	"fail-count"
%token <w> K_NODE	"node"
%token <w> K_NOW	"now"
%token <w> K_ON		"on"
%token <w> K_OP		"op"
%token <w> K_QUORUM	"quorum"
%token <w> K_RESOURCE	"resource"

%type <w>	name atom
%type <words>	words nodes
%type <kv>	kv attr_kv
%type <kvs>	kvs attr_kvs
%type <item>	item
%type <items>	items item_seq
%type <block>	opt_block
%type <stmt>	stmt

%%

file	: stmts
	;

stmts	: %empty
	| stmts ';'
	| stmts stmt ';' {
		if (take_stmt(sp, $2, yychar == STATEFILE_EMPTY) != 0)
			YYABORT;
	}
	| stmts error ';'		{ yyerrok; }
	;

stmt	: K_NOW atom {
		$$ = new_stmt(sp, SFS_NOW, &$1, &@$);
		$$->name = $2;
	}
	| K_QUORUM atom kvs {
		$$ = new_stmt(sp, SFS_QUORUM, &$1, &@$);
		$$->name = $2;
		$$->kvs = $3.head;
	}
	| K_TICKET name words kvs {
		$$ = new_stmt(sp, SFS_TICKET, &$1, &@$);
		$$->name = $2;
		$$->words = $3.v;
		$$->nwords = $3.n;
		$$->kvs = $4.head;
	}
	| K_DC name {
		$$ = new_stmt(sp, SFS_DC, &$1, &@$);
		$$->name = $2;
	}
	| K_NODE name words kvs opt_block {
		$$ = new_stmt(sp, SFS_NODE, &$1, &@$);
		$$->name = $2;
		$$->words = $3.v;
		$$->nwords = $3.n;
		$$->kvs = $4.head;
		set_block($$, &$5);
	}
	| K_RESOURCE name words K_ON nodes kvs opt_block {
		$$ = new_stmt(sp, SFS_RESOURCE, &$1, &@$);
		$$->name = $2;
		$$->words = $3.v;
		$$->nwords = $3.n;
		$$->nodes = $5.v;
		$$->nnodes = $5.n;
		$$->kvs = $6.head;
		set_block($$, &$7);
	}
	;

name	: T_WORD
	| T_STRING
	;

atom	: T_WORD
	| T_STRING
	;

words	: %empty			{ memset(&$$, 0, sizeof $$); }
	| words T_WORD			{ $$ = $1; push_word(sp, &$$, &$2); }
	;

nodes	: name {
		memset(&$$, 0, sizeof $$);
		push_word(sp, &$$, &$1);
	}
	| nodes ',' name		{ $$ = $1; push_word(sp, &$$, &$3); }
	;

kv	: T_KEY '=' atom		{ $$ = new_kv(sp, &$1, &$3, &@$); }
	;

kvs	: %empty			{ $$.head = $$.tail = NULL; }
	| kvs kv			{ $$ = $1; LIST_ADD($$, $2); }
	;

attr_kv	: T_KEY '=' atom		{ $$ = new_kv(sp, &$1, &$3, &@$); }
	| T_STRING '=' atom		{ $$ = new_kv(sp, &$1, &$3, &@$); }
	;

attr_kvs
	: attr_kv			{ $$.head = $$.tail = $1; }
	| attr_kvs attr_kv		{ $$ = $1; LIST_ADD($$, $2); }
	;

opt_block
	: %empty			{ memset(&$$, 0, sizeof $$); }
	| '{' item_seq '}' {
		$$.has = 1;
		$$.loc = @$;
		$$.items = $2;
	}
	;

item_seq
	: items
	| items item			{ $$ = $1; LIST_ADD($$, $2); }
	| items error			{ $$ = $1; $$.errors = 1; }
	;

items	: %empty			{ memset(&$$, 0, sizeof $$); }
	| items ';'			{ $$ = $1; }
	| items item ';'		{ $$ = $1; LIST_ADD($$, $2); }
	| items error ';'		{ $$ = $1; $$.errors = 1; yyerrok; }
	;

item	: K_ATTR attr_kvs {
		$$ = new_item(sp, SFI_ATTR, &$1, &@$);
		$$->kvs = $2.head;
	}
	| K_FAIL_COUNT name T_WORD kvs {
		$$ = new_item(sp, SFI_FAILCOUNT, &$1, &@$);
		$$->name = $2;
		$$->arg = $3;
		$$->kvs = $4.head;
	}
	| K_OP T_WORD kvs {
		$$ = new_item(sp, SFI_OP, &$1, &@$);
		$$->name = $2;
		$$->kvs = $3.head;
	}
	;

%%

static const struct lexkw keywords[] = {
	{ "attr", K_ATTR, 0 },
	{ "dc", K_DC, 0 },
	{ "fail-count", K_FAIL_COUNT, 0 },
	{ "node", K_NODE, 0 },
	{ "now", K_NOW, 0 },
	{ "on", K_ON, 0 },
	{ "op", K_OP, 0 },
	{ "quorum", K_QUORUM, 0 },
	{ "resource", K_RESOURCE, 0 },
	{ "ticket", K_TICKET, 0 },
};

/* Whether s is a keyword of state files. */
int
statefile_is_keyword(const char *s)
{
	size_t	lo = 0, hi = nitems(keywords), mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(s, keywords[mid].name);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/*
 * The scanner's next token. Words of the current statement are kept (the
 * first SF_LINE_WORDS of them) so that a misspelt keyword can be named.
 */
static int
statefile_lex(STATEFILE_STYPE *val, STATEFILE_LTYPE *loc, void *scanner,
    struct sfparse *sp)
{
	union lexval	lv;
	int		tok;

	tok = lex_next(scanner, &lv, loc);
	val->w = lv.w;
	/* The lookahead ending a statement is read before an error in it. */
	if (sp->line_ends) {
		sp->nline = 0;
		sp->line_ends = 0;
	}
	switch (tok) {
	case T_WORD:
		if (sp->nline < SF_LINE_WORDS)
			sp->line[sp->nline++] = lv.w;
		break;
	case K_NODE:
	case K_RESOURCE:
		sp->stmt_kw = tok;
		break;
	case ';':
	case '{':
	case '}':
		sp->line_ends = 1;
		break;
	default:
		break;
	}
	return tok;
}

static struct arena *
A(struct sfparse *sp)
{
	return sp->ls.ctx->arena;
}

static struct sfstmt *
new_stmt(struct sfparse *sp, enum sfstmt_kind kind, const struct word *kw,
    const struct loc *loc)
{
	struct sfstmt	*st;

	st = arena_zalloc(A(sp), sizeof *st);
	st->kind = kind;
	st->loc = *loc;
	st->keyword = *kw;
	return st;
}

static struct sfitem *
new_item(struct sfparse *sp, enum sfitem_kind kind, const struct word *kw,
    const struct loc *loc)
{
	struct sfitem	*it;

	it = arena_zalloc(A(sp), sizeof *it);
	it->kind = kind;
	it->loc = *loc;
	it->keyword = *kw;
	return it;
}

static struct sfkv *
new_kv(struct sfparse *sp, const struct word *key, const struct word *val,
    const struct loc *loc)
{
	struct sfkv	*kv;

	kv = arena_zalloc(A(sp), sizeof *kv);
	kv->loc = *loc;
	kv->key = *key;
	kv->val = *val;
	return kv;
}

static void
push_word(struct sfparse *sp, struct sfwords *vec, const struct word *w)
{
	struct word	*v;

	if (vec->n == vec->cap) {
		vec->cap = vec->cap == 0 ? 4 : vec->cap * 2;
		v = arena_alloc(A(sp), vec->cap * sizeof *v);
		if (vec->n > 0)
			memcpy(v, vec->v, vec->n * sizeof *v);
		vec->v = v;
	}
	vec->v[vec->n++] = *w;
}

static void
set_block(struct sfstmt *st, const struct sfblock *b)
{
	st->has_block = b->has;
	st->block_loc = b->loc;
	st->items = b->items.head;
	st->block_errors = b->items.errors;
}

/* Diagnostics of the context so far. */
static size_t
ndiags(const struct ctx *ctx)
{
	return ctx->diags.nerrors + ctx->diags.nwarnings;
}

/*
 * A statement is complete: onto the list, or (statefile_stream) to the
 * reader, with the context's own arena, and then freed with the scratch
 * arena, unless the lookahead token was read already (its text is there).
 * Returns -1 to stop the parse.
 */
static int
take_stmt(struct sfparse *sp, struct sfstmt *st, int no_lookahead)
{
	struct ctx	*ctx = sp->ls.ctx;
	int		 rc;

	if (sp->fn == NULL) {
		LIST_ADD(*sp, st);
		return 0;
	}
	if (ndiags(ctx) != sp->ndiags) {
		sp->stopped = 1;	/* what it said is in the scratch arena */
		return -1;
	}
	ctx->arena = sp->home;
	rc = sp->fn(st, sp->arg);
	ctx->arena = sp->scratch;
	if (rc != 0) {
		sp->stopped = 1;
		return -1;
	}
	sp->ndiags = ndiags(ctx);
	if (no_lookahead)
		arena_reset(sp->scratch);
	return 0;
}

/* How a token reads in a message: "word 'x'", "'on'", "end of line". */
static void
describe_token(struct sfparse *sp, yysymbol_kind_t sym,
    const struct loc *loc, struct buf *b)
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
		line = ctx_line(sp->ls.ctx, loc->file, loc->line, &len);
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
	if (strcmp(name, "';'") == 0 && sp->ls.newline) {
		buf_puts(b, "end of line");
		return;
	}
	if (sym == YYSYMBOL_YYUNDEF && sp->ls.cur_tok > 0 &&
	    sp->ls.cur_tok < 128) {
		buf_printf(b, "'%c'", sp->ls.cur_tok);	/* not in this grammar */
		return;
	}
	if (name[0] == '"' || name[0] == '\'')
		buf_puts(b, name);
	else
		buf_printf(b, "'%s'", name);
}

/* How an expected token reads: "a name", "'='", "end of line". */
static const char *
expected_token(struct sfparse *sp, yysymbol_kind_t sym)
{
	const char	*name;

	switch ((int)sym) {
	case YYSYMBOL_T_WORD:
	case YYSYMBOL_T_STRING:
		return "a name or value";
	case YYSYMBOL_T_KEY:
		return "'name=value'";
	case YYSYMBOL_YYEOF:
		return "end of file";
	default:
		break;
	}
	name = yysymbol_name(sym);
	if (strcmp(name, "';'") == 0)
		return "end of line";
	if (name[0] != '\'')
		return arena_printf(A(sp), "'%s'", name);
	return name;
}

/* Bison's own failures (the parser stack is exhausted). */
static void
statefile_error(const struct loc *loc, void *scanner, struct sfparse *sp,
    const char *msg)
{
	(void)scanner;
	diag_error(sp->ls.ctx, loc, "%s", msg);
}

/* Whether sym is one of the keywords. */
static int
is_keyword_symbol(yysymbol_kind_t sym)
{
	const char	*name = yysymbol_name(sym);

	return name[0] != '\'' && statefile_is_keyword(name);
}

/*
 * A word of the current statement that is a near miss of an expected
 * keyword ("onn" for "on"): report it and return 1.
 */
static int
report_near_keyword(struct sfparse *sp, const yysymbol_kind_t *exp, int n)
{
	const char	*kws[16], *near;
	size_t		 i, nkw = 0;
	int		 j;

	for (j = 0; j < n && nkw < nitems(kws); j++) {
		if (is_keyword_symbol(exp[j]))
			kws[nkw++] = yysymbol_name(exp[j]);
	}
	if (nkw == 0)
		return 0;
	for (i = 0; i < sp->nline; i++) {
		near = diag_suggest(sp->line[i].text, kws, nkw);
		if (near != NULL) {
			diag_error(sp->ls.ctx, &sp->line[i].loc, "unexpected "
			    "word '%s'; did you mean '%s'?", sp->line[i].text,
			    near);
			return 1;
		}
	}
	return 0;
}

/* "unknown statement 'nod'; did you mean 'node'?" (or item in a block) */
static void
report_unknown_word(struct sfparse *sp, const struct loc *loc, int in_block)
{
	static const char *const starts[] = { "node", "resource", "now",
	    "quorum", "dc", "ticket" };
	static const char *const items[] = { "attr", "fail-count", "op" };
	const char	*near, *what = in_block ? "item" : "statement";
	const char	*word = sp->ls.word;

	if (in_block)
		near = diag_suggest(word, items, nitems(items));
	else
		near = diag_suggest(word, starts, nitems(starts));
	if (near != NULL)
		diag_error(sp->ls.ctx, loc, "unknown %s '%s'; did you mean "
		    "'%s'?", what, word, near);
	else if (in_block)
		diag_error(sp->ls.ctx, loc, "unknown item '%s': a block holds "
		    "'attr', 'fail-count' or 'op' lines", word);
	else
		diag_error(sp->ls.ctx, loc, "unknown statement '%s': a state "
		    "file holds 'node', 'resource', 'now', 'quorum' and 'dc' "
		    "lines", word);
}

static int
yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner,
    struct sfparse *sp)
{
	yysymbol_kind_t	 sym, *exp;
	const struct loc *loc;
	struct ctx	*ctx = sp->ls.ctx;
	struct buf	 b;
	struct diag	*dg;
	const char	*name, *seen[4];
	int		 n, i, j, k, dup, stmt_start = 0, item_start = 0;
	int		 want_on = 0, want_key = 0, want_word = 0;

	(void)scanner;
	sym = yypcontext_token(yyctx);
	loc = yypcontext_location(yyctx);
	if (sym == YYSYMBOL_LEXERR)
		return 0;	/* the scanner said why */

	if (sym == YYSYMBOL_YYEOF && sp->ls.depth > 0 && sp->hinted_brace)
		return 0;	/* said already: "is a '}' missing?" */
	if (sym == YYSYMBOL_YYEOF && sp->ls.depth > 0 && sp->ls.depth <=
	    LEX_MAX_DEPTH) {
		const struct loc *open = &sp->ls.open[sp->ls.depth - 1];
		const char	*line;
		size_t		 len;
		int		 brace = 0;

		line = ctx_line(ctx, open->file, open->line, &len);
		if (line != NULL && (size_t)open->col <= len)
			brace = line[open->col - 1] == '{';
		dg = diag_error(ctx, loc, "missing '%c' at end of file",
		    brace ? '}' : ')');
		diag_note(ctx, dg, open, "to close the '%c' opened here",
		    brace ? '{' : '(');
		return 0;
	}

	n = yypcontext_expected_tokens(yyctx, NULL, 0);
	exp = arena_alloc(A(sp), (size_t)(n > 0 ? n : 1) * sizeof *exp);
	n = yypcontext_expected_tokens(yyctx, exp, n);
	for (i = 0; i < n; i++) {
		stmt_start |= exp[i] == YYSYMBOL_K_RESOURCE;
		item_start |= exp[i] == YYSYMBOL_K_OP;
		want_on |= exp[i] == YYSYMBOL_K_ON;
		want_key |= exp[i] == YYSYMBOL_T_KEY;
		want_word |= exp[i] == YYSYMBOL_T_WORD;
	}
	if ((stmt_start || item_start) && sym == YYSYMBOL_T_WORD) {
		report_unknown_word(sp, loc, item_start);
		return 0;
	}
	if (stmt_start && sym == YYSYMBOL_T_STRING) {
		buf_init(&b);
		describe_token(sp, sym, loc, &b);
		diag_error(ctx, loc, "unexpected %s: a statement starts with "
		    "'node', 'resource', 'now', 'quorum' or 'dc'", b.data);
		buf_clear(&b);
		return 0;
	}
	if (item_start && sym == YYSYMBOL_T_KEY) {
		if (sp->stmt_kw == K_RESOURCE)
			diag_error(ctx, loc, "missing 'op NAME' before a "
			    "name=value (as in 'op monitor interval=10s')");
		else
			diag_error(ctx, loc, "missing 'attr' before a "
			    "name=value (as in 'attr site=dc1')");
		return 0;
	}
	if (stmt_start && (sym == YYSYMBOL_K_ATTR ||
	    sym == YYSYMBOL_K_FAIL_COUNT)) {
		diag_error(ctx, loc, "'%s' is not a statement: it goes inside "
		    "a node's block: node NAME { ... }", yysymbol_name(sym));
		return 0;
	}
	if (stmt_start && sym == YYSYMBOL_K_OP) {
		diag_error(ctx, loc, "'op' is not a statement: it goes inside "
		    "a resource's block: resource NAME on NODE { ... }");
		return 0;
	}
	if (item_start && (sym == YYSYMBOL_K_NODE ||
	    sym == YYSYMBOL_K_RESOURCE || sym == YYSYMBOL_K_NOW ||
	    sym == YYSYMBOL_K_QUORUM || sym == YYSYMBOL_K_DC ||
	    sym == YYSYMBOL_K_TICKET)) {
		diag_error(ctx, loc, "'%s' cannot go inside a block; is a '}' "
		    "missing before it?", yysymbol_name(sym));
		sp->hinted_brace = 1;
		return 0;
	}
	if (sym == YYSYMBOL_T_KEY && sp->ls.prev_tok == K_OP) {
		diag_error(ctx, loc, "missing operation name after 'op' (as "
		    "in 'op monitor interval=10s')");
		return 0;
	}
	if (sp->ls.prev_tok == '=') {
		diag_error(ctx, loc, "missing value after '='");
		return 0;
	}
	if (report_near_keyword(sp, exp, n))
		return 0;
	if (want_on && (sym == YYSYMBOL_YYEOF ||
	    strcmp(yysymbol_name(sym), "';'") == 0 || sym == YYSYMBOL_T_KEY ||
	    strcmp(yysymbol_name(sym), "'{'") == 0)) {
		diag_error(ctx, loc, "missing 'on NODE' (as in 'resource web "
		    "started on node1')");
		return 0;
	}

	buf_init(&b);
	buf_puts(&b, "unexpected ");
	describe_token(sp, sym, loc, &b);
	k = 0;
	for (i = 0; i < n && k <= (int)nitems(seen); i++) {
		/* where 'name=value' goes, a string is only a quoted name */
		if (exp[i] == YYSYMBOL_T_STRING && want_key && !want_word)
			continue;
		name = expected_token(sp, exp[i]);
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
	diag_error(ctx, loc, "%s", b.data);
	buf_clear(&b);
	return 0;
}

/*
 * Parse src into a list of statements (*out, in the context's arena).
 * Returns 0 on success, -1 after syntax errors (reported to ctx; the
 * statements that parsed are still in *out).
 */
int
statefile_read(struct ctx *ctx, struct source *src, struct sfstmt **out)
{
	struct sfparse	 sp;
	void		*scanner;
	size_t		 errors = ctx->diags.nerrors;
	int		 rc;

	memset(&sp, 0, sizeof sp);
	*out = NULL;
	if ((scanner = lex_begin(&sp.ls, ctx, src, keywords,
	    nitems(keywords))) == NULL) {
		diag_error(ctx, NULL, "cannot start the scanner");
		return -1;
	}
	rc = statefile_parse(scanner, &sp);
	lex_end(scanner);
	*out = sp.head;
	if (rc != 0 || ctx->diags.nerrors > errors)
		return -1;
	return 0;
}

/*
 * Parse src a statement at a time: fn(stmt, arg) with each, in order,
 * as soon as it is parsed; the statement and its words are freed when fn
 * returns (they live in scratch, an arena of the caller's, reset between
 * statements; fn runs with the context's own arena). Returns 0 after the
 * whole file; -1 when fn returned nonzero, or the parse reported anything
 * (then the caller reads the file again with statefile_read to report
 * every error; what was reported stays in scratch, for the caller to
 * rewind before freeing it).
 */
int
statefile_stream(struct ctx *ctx, struct source *src, struct arena *scratch,
    int (*fn)(const struct sfstmt *, void *), void *arg)
{
	struct sfparse	 sp;
	void		*scanner;
	int		 rc;

	memset(&sp, 0, sizeof sp);
	sp.fn = fn;
	sp.arg = arg;
	sp.home = ctx->arena;
	sp.scratch = scratch;
	sp.ndiags = ndiags(ctx);
	ctx->arena = scratch;
	if ((scanner = lex_begin(&sp.ls, ctx, src, keywords,
	    nitems(keywords))) == NULL) {
		ctx->arena = sp.home;
		diag_error(ctx, NULL, "cannot start the scanner");
		return -1;
	}
	rc = statefile_parse(scanner, &sp);
	lex_end(scanner);
	ctx->arena = sp.home;
	if (rc != 0 || sp.stopped || ndiags(ctx) != sp.ndiags)
		return -1;
	return 0;
}
