/*
 * print.c: the canonical form of a policy, as `hacc fmt` prints it.
 *
 * The printer works on the syntax tree of one source, so an include stays
 * an include. Layout: four-space indentation, one item per line, "name =
 * value" for a lone attribute and "name=value" after a keyword (op, meta,
 * attr, utilization, property), words quoted only when they must be. A
 * block written on one line stays on one line while it fits in 100
 * columns. Comments are kept: a comment on its own line stays before the
 * item that follows it, a comment after code stays at the end of that
 * line; a comment inside a multi-line item moves after it. Runs of blank
 * lines shrink to one.
 *
 * Idempotence (fmt(fmt(x)) == fmt(x)) holds because every choice depends
 * only on what the printed form preserves.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "lang.h"

#define PRINT_WIDTH	100

struct printer {
	struct source	*src;
	struct buf	*out;
	size_t		 ci;		/* next comment to print */
	int		 last;		/* last source line printed */
	int		 first;		/* nothing printed yet in this block */
};

static void	print_stmt(struct printer *, struct stmt *, int);
static void	print_block(struct printer *, struct block *, int, int);

/* Append s as a double-quoted string with escapes. */
void
print_string(struct buf *b, const char *s, int quote)
{
	const unsigned char	*p;

	if (quote)
		buf_putc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(b, "\\x%02x", *p);
			else
				buf_putc(b, *p);
		}
	}
	if (quote)
		buf_putc(b, '"');
}

/* Append a word: bare when it reads back as the same word, else quoted. */
void
print_word(struct buf *b, const struct word *w)
{
	if (lex_is_bare_word(w->text))
		buf_puts(b, w->text);
	else
		print_string(b, w->text, 1);
}

/* A word in a value position (after '='), where keywords are words. */
static void
print_value_word(struct buf *b, const struct word *w)
{
	if (lex_is_keyword(w->text))
		buf_puts(b, w->text);
	else
		print_word(b, w);
}

static void
print_value(struct buf *b, const struct value *v, const char *sep)
{
	size_t	i;

	for (i = 0; i < v->n; i++) {
		if (i > 0)
			buf_puts(b, sep);
		print_value_word(b, &v->v[i]);
	}
}

/* A list of names (group members), separated by spaces. */
static void
print_names(struct buf *b, const struct value *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++) {
		if (i > 0)
			buf_putc(b, ' ');
		print_word(b, &v->v[i]);
	}
}

/* name=value pairs after a keyword, each preceded by a space. */
static void
print_kvs(struct buf *b, const struct kv *kv)
{
	for (; kv != NULL; kv = kv->next) {
		buf_putc(b, ' ');
		buf_puts(b, kv->key.text);
		buf_putc(b, '=');
		print_value(b, &kv->val, ",");
	}
}

static void
print_indent(struct printer *p, int indent)
{
	buf_repeat(p->out, ' ', (size_t)indent * 4);
}

/* A blank line if the source had one before line, unless first in block. */
static void
print_gap(struct printer *p, int line)
{
	if (!p->first && line > p->last + 1)
		buf_putc(p->out, '\n');
	p->first = 0;
}

/* Comments on lines before line, each on its own line. */
static void
print_leading(struct printer *p, int line, int indent)
{
	struct comment	*c;

	while (p->ci < p->src->ncomments) {
		c = &p->src->comments[p->ci];
		if (c->loc.line >= line)
			break;
		print_gap(p, c->loc.line);
		print_indent(p, indent);
		buf_printf(p->out, "#%s\n", c->text);
		if (c->loc.line > p->last)
			p->last = c->loc.line;
		p->ci++;
	}
}

/*
 * After an item that ended on line end: a comment on that line goes at the
 * end of the output line; comments from inside the item follow it.
 */
static void
print_trailing(struct printer *p, int end, int indent)
{
	struct comment	*c;
	size_t		 i, j;

	for (i = p->ci; i < p->src->ncomments; i++) {
		if (p->src->comments[i].loc.line > end)
			break;
	}
	for (j = p->ci; j < i; j++) {
		c = &p->src->comments[j];
		if (c->loc.line == end && c->trailing)
			buf_printf(p->out, " #%s", c->text);
	}
	buf_putc(p->out, '\n');
	for (j = p->ci; j < i; j++) {
		c = &p->src->comments[j];
		if (c->loc.line == end && c->trailing)
			continue;
		print_indent(p, indent);
		buf_printf(p->out, "#%s\n", c->text);
	}
	p->ci = i;
	if (end > p->last)
		p->last = end;
}

static void
print_expr(struct buf *b, const struct expr *e)
{
	const struct expr	*k;

	if (e->parens)
		buf_putc(b, '(');
	switch (e->kind) {
	case EXPR_AND:
	case EXPR_OR:
		for (k = e->kids; k != NULL; k = k->next) {
			if (k != e->kids)
				buf_puts(b, e->kind == EXPR_AND ? " and " :
				    " or ");
			print_expr(b, k);
		}
		break;
	case EXPR_BINARY:
		print_word(b, &e->lhs);
		buf_putc(b, ' ');
		buf_puts(b, e->op.text);
		buf_putc(b, ' ');
		/* A keyword is a value here, but for "and" and "or". */
		if (strcmp(e->rhs.text, "and") == 0 ||
		    strcmp(e->rhs.text, "or") == 0)
			print_string(b, e->rhs.text, 1);
		else
			print_value_word(b, &e->rhs);
		break;
	case EXPR_DEFINED:
	case EXPR_NOT_DEFINED:
		buf_puts(b, e->kind == EXPR_DEFINED ? "defined " :
		    "not_defined ");
		print_word(b, &e->lhs);
		break;
	}
	if (e->parens)
		buf_putc(b, ')');
}

static void
print_term(struct buf *b, const struct term *t)
{
	size_t	i, start;

	if (t->is_set) {
		buf_putc(b, '(');
		for (i = 0; i < t->nnames; i++) {
			if (i > 0)
				buf_putc(b, ' ');
			print_word(b, &t->names[i]);
		}
		start = b->len;
		print_kvs(b, t->set_opts);
		if (t->nnames == 0 && b->len > start)	/* no leading space */
			memmove(b->data + start, b->data + start + 1,
			    b->len-- - start);
		buf_putc(b, ')');
	} else
		print_word(b, &t->names[0]);
	for (i = 0; i < t->nquals; i++) {
		buf_putc(b, ' ');
		print_word(b, &t->quals[i]);
	}
}

/* Whether a block can be printed on one line: no nested blocks. */
static int
print_block_flat(const struct block *bl)
{
	const struct item	*it;

	if (bl->loc.line != bl->loc.end_line)
		return 0;
	for (it = bl->items; it != NULL; it = it->next) {
		if (it->block != NULL || it->stmt != NULL)
			return 0;
	}
	return 1;
}

/* One item, without indentation or newline. */
static void
print_item_text(struct buf *b, const struct item *it, int members)
{
	switch (it->kind) {
	case ITEM_ATTR:
		buf_puts(b, it->name.text);
		buf_puts(b, " = ");
		print_value(b, &it->val, ", ");
		break;
	case ITEM_WORDS:
		if (!members && it->val.n == 2 &&
		    it->val.v[0].text[0] != '#' &&
		    lex_is_bare_word(it->val.v[0].text)) {
			buf_puts(b, it->val.v[0].text);
			buf_puts(b, " = ");
			print_value_word(b, &it->val.v[1]);
		} else
			print_names(b, &it->val);
		break;
	case ITEM_META:
		buf_puts(b, "meta");
		print_kvs(b, it->kvs);
		break;
	case ITEM_OP:
		buf_puts(b, "op ");
		print_word(b, &it->name);
		print_kvs(b, it->kvs);
		break;
	case ITEM_UTIL:
		buf_puts(b, "utilization");
		print_kvs(b, it->kvs);
		break;
	case ITEM_NODEATTR:
		buf_puts(b, "attr");
		print_kvs(b, it->kvs);
		break;
	case ITEM_PROPERTY:
		buf_puts(b, "property");
		print_kvs(b, it->kvs);
		break;
	case ITEM_NODE:
		buf_puts(b, "node ");
		print_word(b, &it->name);
		break;
	case ITEM_QUORUM:
		buf_puts(b, "quorum");
		break;
	case ITEM_RING:
		buf_puts(b, "ring");
		break;
	case ITEM_RESOURCE:
		break;
	}
}

static void
print_item(struct printer *p, struct item *it, int indent, int members)
{
	print_leading(p, it->loc.line, indent);
	print_gap(p, it->loc.line);
	print_indent(p, indent);
	if (it->kind == ITEM_RESOURCE) {
		print_stmt(p, it->stmt, indent);
		return;
	}
	print_item_text(p->out, it, members);
	if (it->block != NULL) {
		buf_putc(p->out, ' ');
		print_block(p, it->block, indent, 0);
	}
	print_trailing(p, it->loc.end_line, indent);
}

/*
 * A block "{ ... }" after the text already on the line; the caller ends
 * the line. members: bare words are group members, not "name value".
 */
static void
print_block(struct printer *p, struct block *bl, int indent, int members)
{
	struct item	*it;
	struct buf	 line;
	struct comment	*c;
	size_t		 start;
	int		 first;

	if (print_block_flat(bl)) {
		buf_init(&line);
		buf_puts(&line, "{");
		for (it = bl->items; it != NULL; it = it->next) {
			buf_puts(&line, it == bl->items ? " " : "; ");
			print_item_text(&line, it, members);
		}
		buf_puts(&line, bl->items != NULL ? " }" : "}");
		start = p->out->len;
		while (start > 0 && p->out->data[start - 1] != '\n')
			start--;
		if (p->out->len - start + line.len <= PRINT_WIDTH ||
		    bl->items == NULL) {
			buf_add(p->out, line.data, line.len);
			buf_clear(&line);
			return;
		}
		buf_clear(&line);
	}

	buf_putc(p->out, '{');
	if (p->ci < p->src->ncomments && (bl->items == NULL ||
	    bl->items->loc.line > bl->loc.line)) {
		c = &p->src->comments[p->ci];
		if (c->loc.line == bl->loc.line && c->trailing) {
			buf_printf(p->out, " #%s", c->text);
			p->ci++;
		}
	}
	buf_putc(p->out, '\n');
	if (bl->loc.line > p->last)
		p->last = bl->loc.line;
	first = p->first;
	p->first = 1;
	for (it = bl->items; it != NULL; it = it->next)
		print_item(p, it, indent + 1, members);
	print_leading(p, bl->loc.end_line, indent + 1);
	p->first = first;
	print_indent(p, indent);
	buf_putc(p->out, '}');
}

static void
print_opt_block(struct printer *p, struct block *bl, int indent, int members)
{
	if (bl == NULL || (bl->items == NULL && (p->ci >= p->src->ncomments ||
	    p->src->comments[p->ci].loc.line > bl->loc.end_line)))
		return;		/* an empty block says nothing */
	buf_putc(p->out, ' ');
	print_block(p, bl, indent, members);
}

static void
print_stmt_text(struct printer *p, struct stmt *st, int indent)
{
	struct buf	*b = p->out;
	struct kv	*kv;
	struct rule	*r;
	struct term	*t;
	size_t		 i;

	buf_puts(b, st->keyword.text);
	switch (st->kind) {
	case STMT_INCLUDE:
		buf_putc(b, ' ');
		print_string(b, st->name.text, 1);
		break;
	case STMT_CLUSTER:
	case STMT_GROUP:
		buf_putc(b, ' ');
		print_word(b, &st->name);
		buf_putc(b, ' ');
		print_block(p, st->body, indent, st->kind == STMT_GROUP);
		break;
	case STMT_DEFAULTS:
	case STMT_OP_DEFAULTS:
		buf_putc(b, ' ');
		if (st->agent.text != NULL) {
			buf_puts(b, "rule resource ");
			print_word(b, &st->agent);
			buf_putc(b, ' ');
		}
		print_block(p, st->body, indent, 0);
		break;
	case STMT_RESOURCE:
	case STMT_FENCE:
	case STMT_CLONE:
	case STMT_PROMOTABLE:
		buf_putc(b, ' ');
		print_word(b, &st->name);
		if (st->of.text != NULL) {
			buf_puts(b, " of ");
			print_word(b, &st->of);
		} else {
			buf_putc(b, ' ');
			print_word(b, &st->agent);
		}
		print_opt_block(p, st->body, indent, 0);
		break;
	case STMT_LOCATION:
		buf_putc(b, ' ');
		print_word(b, &st->name);
		if (st->loc_kind != LOCATION_RULES) {
			buf_puts(b, st->loc_kind == LOCATION_PREFERS ?
			    " prefers " : " avoids ");
			for (kv = st->scores; kv != NULL; kv = kv->next) {
				if (kv != st->scores)
					buf_puts(b, ", ");
				if (kv->val.n > 0) {
					buf_puts(b, kv->key.text);
					buf_puts(b, " = ");
					print_value_word(b, &kv->val.v[0]);
				} else
					print_word(b, &kv->key);
			}
		}
		for (r = st->rules; r != NULL; r = r->next) {
			buf_puts(b, " rule ");
			if (r->score.text != NULL) {
				print_word(b, &r->score);
				buf_puts(b, ": ");
			}
			print_expr(b, r->expr);
		}
		print_kvs(b, st->opts);
		break;
	case STMT_COLOCATE:
	case STMT_ORDER:
		for (t = st->terms; t != NULL; t = t->next) {
			if (t != st->terms)
				buf_puts(b, st->kind == STMT_COLOCATE ?
				    " with" : " then");
			buf_putc(b, ' ');
			print_term(b, t);
		}
		print_kvs(b, st->opts);
		break;
	case STMT_TICKET:
		buf_putc(b, ' ');
		print_word(b, &st->name);
		buf_putc(b, ' ');
		print_term(b, st->terms);
		print_kvs(b, st->opts);
		break;
	case STMT_FENCING_LEVEL:
		buf_putc(b, ' ');
		if (st->level->target_attr != NULL) {
			buf_puts(b, st->level->target_attr->key.text);
			buf_putc(b, '=');
			print_value(b, &st->level->target_attr->val, ",");
		} else
			print_word(b, &st->name);
		buf_putc(b, ' ');
		print_word(b, &st->level->index);
		buf_putc(b, ':');
		for (i = 0; i < st->level->devices.n; i++) {
			buf_puts(b, i == 0 ? " " : ", ");
			print_word(b, &st->level->devices.v[i]);
		}
		break;
	}
}

static void
print_stmt(struct printer *p, struct stmt *st, int indent)
{
	print_stmt_text(p, st, indent);
	print_trailing(p, st->loc.end_line, indent);
}

/* Append the canonical form of src (already parsed) to out. */
void
print_source(struct ctx *ctx, struct source *src, struct buf *out)
{
	struct printer	 p;
	struct stmt	*st;

	(void)ctx;
	memset(&p, 0, sizeof p);
	p.src = src;
	p.out = out;
	p.first = 1;
	for (st = src->stmts; st != NULL; st = st->next) {
		print_leading(&p, st->loc.line, 0);
		print_gap(&p, st->loc.line);
		print_stmt(&p, st, 0);
	}
	print_leading(&p, (int)src->nlines + 1, 0);
}
