/*
 * test-lang.c: unit tests of lang/: the scanner (driven token by token),
 * the parser (the trees it builds and its error recovery), diagnostics,
 * the small containers (map, buf, arena) and the canonical printer.
 *
 * The scanner tests render a token stream as one line: keywords in upper
 * case, words as written, KEY(name) for a word before '=', strings in
 * quotes, NL for the ';' a newline (or the end of the file) stands for,
 * ERR for invalid text.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>

#include "unit.h"
#include "lexstate.h"
#include "parse.h"


/*
 * Scan text; return its tokens and, after " | ", the messages of any
 * diagnostics. With locs, each token is followed by @line:col-col.
 */
static const char *
scan(const char *text, int locs)
{
	struct ctx	*ctx;
	struct lexstate	 ls;
	void		*scanner;
	union lexval	 val;
	struct loc	 loc;
	const struct lexkw *kw;
	struct buf	 b;
	const char	*p;
	size_t		 i, nkw;
	int		 tok, n = 0;

	ctx = ctx_new();
	kw = parse_keywords(&nkw);
	scanner = lex_begin(&ls, ctx, ctx_add_source(ctx, UNIT_FILE, text,
	    strlen(text)), kw, nkw);
	if (scanner == NULL)
		return NULL;
	buf_init(&b);
	while ((tok = lex_next(scanner, &val, &loc)) != 0 && n++ < 1000) {
		if (b.len > 0)
			buf_putc(&b, ' ');
		switch (tok) {
		case T_WORD:
			buf_puts(&b, val.w.text);
			break;
		case T_KEY:
			buf_printf(&b, "KEY(%s)", val.w.text);
			break;
		case T_STRING:
			print_string(&b, val.w.text, 1);
			break;
		case LEXERR:
			buf_puts(&b, "ERR");
			break;
		case ';':
			buf_puts(&b, ls.newline ? "NL" : ";");
			break;
		default:
			if (tok < 256) {
				buf_putc(&b, tok);
				break;
			}
			for (p = val.w.text; *p != '\0'; p++)
				buf_putc(&b, toupper((unsigned char)*p));
			break;
		}
		if (locs) {
			buf_printf(&b, "@%d:%d", loc.line, loc.col);
			if (loc.end_line != loc.line)
				buf_printf(&b, "-%d:%d", loc.end_line,
				    loc.end_col);
			else if (loc.end_col != loc.col)
				buf_printf(&b, "-%d", loc.end_col);
		}
	}
	lex_end(scanner);
	for (i = 0; i < ctx->diags.n; i++)
		buf_printf(&b, "%s%s", i == 0 ? " | " : "; ",
		    ctx->diags.v[i]->msg);
	ctx_free(ctx);
	return unit_keep(buf_detach(&b));
}

/* The comments the scanner kept, as "line:col[t]:text;" each. */
static const char *
comments(const char *text)
{
	struct ctx	*ctx;
	struct source	*src;
	struct buf	 b;
	size_t		 i;

	ctx = unit_parse(text, &src);
	buf_init(&b);
	for (i = 0; i < src->ncomments; i++)
		buf_printf(&b, "%d:%d%s:%s;", src->comments[i].loc.line,
		    src->comments[i].loc.col,
		    src->comments[i].trailing ? "t" : "",
		    src->comments[i].text);
	ctx_free(ctx);
	return unit_keep(buf_detach(&b));
}

/* --- scanner ----------------------------------------------------------- */

static void
test_scan_newline_ends_statement(void)
{
	U_STREQ(scan("resource a x\nresource b y\n", 0),
	    "RESOURCE a x NL RESOURCE b y NL");
	/* the end of the file ends the last statement too */
	U_STREQ(scan("resource a x", 0), "RESOURCE a x NL");
	/* blank lines and comment lines add nothing */
	U_STREQ(scan("a\n\n\n# c\n\nb\n", 0), "a NL b NL");
	U_STREQ(scan("a # c\nb", 0), "a NL b NL");
	/* an explicit ';' is kept apart from a newline's */
	U_STREQ(scan("a; b\n", 0), "a ; b NL");
	U_STREQ(scan("a;\nb\n", 0), "a ; b NL");
	/* a CR before the newline is a blank */
	U_STREQ(scan("a\r\nb\r\n", 0), "a NL b NL");
	/* after a keyword, a word, a string, '}' and ')' a newline ends */
	U_STREQ(scan("resource\n", 0), "RESOURCE NL");
	U_STREQ(scan("\"s\"\n", 0), "\"s\" NL");
	U_STREQ(scan("}\n", 0), "} NL");
	U_STREQ(scan("", 0), "");
	U_STREQ(scan("\n\n", 0), "");
}

static void
test_scan_newline_continues(void)
{
	/* after '{', ',', ':', 'and', 'or' and inside ( ) it does not */
	U_STREQ(scan("resource a x {\n    p = 1\n}\n", 0),
	    "RESOURCE a x { KEY(p) = 1 NL } NL");
	U_STREQ(scan("p = a,\n    b\n", 0), "KEY(p) = a , b NL");
	U_STREQ(scan("rule 100:\n  x eq 1\n", 0), "RULE 100 : x eq 1 NL");
	U_STREQ(scan("x eq 1 and\ny eq 2 or\nz eq 3\n", 0),
	    "x eq 1 AND y eq 2 OR z eq 3 NL");
	U_STREQ(scan("colocate (a\n  b\n  c) with d\n", 0),
	    "COLOCATE ( a b c ) WITH d NL");
	U_STREQ(scan("order (a (b\n c)\n d) then e\n", 0),
	    "ORDER ( a ( b c ) d ) THEN e NL");
	/* but a brace inside parentheses does not reset the count */
	U_STREQ(scan("(a\n)\nb\n", 0), "( a ) NL b NL");
	/* a key waits for its '=' */
	U_STREQ(scan("p =\n1\n", 0), "KEY(p) = NL 1 NL");
}

static void
test_scan_keys(void)
{
	U_STREQ(scan("op monitor interval=30s timeout = 20s\n", 0),
	    "OP monitor KEY(interval) = 30s KEY(timeout) = 20s NL");
	/* a keyword before '=' is a parameter name */
	U_STREQ(scan("group = x\n", 0), "KEY(group) = x NL");
	U_STREQ(scan("group g { node=n1 }\n", 0),
	    "GROUP g { KEY(node) = n1 } NL");
	U_STREQ(scan("a\t=b\n", 0), "KEY(a) = b NL");
	/* after '=' (and ',' in its list) a keyword is a plain word */
	U_STREQ(scan("op stop on-fail=fence requires = quorum\n", 0),
	    "OP stop KEY(on-fail) = fence KEY(requires) = quorum NL");
	U_STREQ(scan("p = a, group, then\n", 0),
	    "KEY(p) = a , group , then NL");
	U_STREQ(scan("p = x group g\n", 0), "KEY(p) = x GROUP g NL");
	U_STREQ(scan("a, group\n", 0), "a , GROUP NL");
	/* the '=' must be on the same line */
	U_STREQ(scan("a\n= b\n", 0), "a NL = b NL");
	/* names with the characters words may hold */
	U_STREQ(scan("pcmk_host-list.x=a@b\n", 0),
	    "KEY(pcmk_host-list.x) = a@b NL");
	U_STREQ(scan("n1 = 50, n2\n", 0), "KEY(n1) = 50 , n2 NL");
	/* only the '=' is punctuation: a value may hold ':' and '/' */
	U_STREQ(scan("cidr=10.0.0.0/8 x=::1\n", 0),
	    "KEY(cidr) = 10.0.0.0/8 KEY(x) = ::1 NL");
}

static void
test_scan_words(void)
{
	/* agent specs, addresses, durations and scores are single words */
	U_STREQ(scan("ocf:heartbeat:IPaddr2 10.51.10.150 fe80::1 500ms "
	    "-INFINITY +100 a.b/c%d\n", 0),
	    "ocf:heartbeat:IPaddr2 10.51.10.150 fe80::1 500ms -INFINITY "
	    "+100 a.b/c%d NL");
	/* a word ending in a single ':' gives it back */
	U_STREQ(scan("rule 100: x\n", 0), "RULE 100 : x NL");
	/* a newline after ':' does not end the statement */
	U_STREQ(scan("100:\n", 0), "100 :");
	U_STREQ(scan("-INFINITY:x\n", 0), "-INFINITY:x NL");
	U_STREQ(scan("fencing-level n1 1: f\n", 0),
	    "FENCING-LEVEL n1 1 : f NL");
	/* "::" at the end stays, as in an IPv6 address */
	U_STREQ(scan("fe80::\n", 0), "fe80:: NL");
	U_STREQ(scan(":\n", 0), ":");
	/* keywords are whole words only */
	U_STREQ(scan("groups resource1 op-x with_ and\n", 0),
	    "groups resource1 op-x with_ AND");
	U_STREQ(scan("op-defaults fencing-level not_defined defined\n", 0),
	    "OP-DEFAULTS FENCING-LEVEL NOT_DEFINED DEFINED NL");
	/* keywords are case-sensitive */
	U_STREQ(scan("Resource GROUP\n", 0), "Resource GROUP NL");
}

static void
test_scan_builtin_attributes(void)
{
	U_STREQ(scan("#uname eq n1 # a comment\n", 0), "#uname eq n1 NL");
	U_STREQ(scan("#id #kind #is_dc #cluster-name #site-name #role\n", 0),
	    "#id #kind #is_dc #cluster-name #site-name #role NL");
	U_STREQ(scan("(#uname eq n1)\n", 0), "( #uname eq n1 ) NL");
	/* not a built-in: a comment to the end of the line */
	U_STREQ(scan("a #unamex eq n1\nb\n", 0), "a NL b NL");
	U_STREQ(scan("a #foo\n", 0), "a NL");
	U_STREQ(scan("#\n", 0), "");
	U_STREQ(comments("a #unamex eq n1\n#uname\n"), "1:3t:unamex eq n1;");
	/* a built-in followed by a word character is a comment too */
	U_STREQ(scan("a #uname.x\n", 0), "a NL");
	CU_ASSERT_TRUE(lex_is_builtin("uname"));
	CU_ASSERT_TRUE(lex_is_builtin("cluster-name"));
	CU_ASSERT_FALSE(lex_is_builtin("#uname"));
	CU_ASSERT_FALSE(lex_is_builtin("Uname"));
	CU_ASSERT_FALSE(lex_is_builtin(""));
}

static void
test_scan_comments_kept(void)
{
	U_STREQ(comments("# head\nresource a x # trail \n  #  lead\n"),
	    "1:1: head;2:14t: trail;3:3:  lead;");
	U_STREQ(comments("a {\n# in\n}\n"), "2:1: in;");
	U_STREQ(comments("#\n"), "1:1:;");
	U_STREQ(comments("a # x\r\n"), "1:3t: x;");
}

static void
test_scan_strings(void)
{
	U_STREQ(scan("\"a b\" \"\" \"group\"\n", 0), "\"a b\" \"\" \"group\" NL");
	U_STREQ(scan("\"q\\\"q\" \"b\\\\s\" \"n\\nt\\tr\\r\" \"\\x41\\x7e\"\n",
	    0), "\"q\\\"q\" \"b\\\\s\" \"n\\nt\\tr\\r\" \"A~\" NL");
	/* a string is a value, never a key */
	U_STREQ(scan("\"p\" = 1\n", 0), "\"p\" = 1 NL");
	/* # inside a string is not a comment */
	U_STREQ(scan("\"# x\" y\n", 0), "\"# x\" y NL");
	/* a string spans one line; the newline still ends the statement */
	U_STREQ(scan("p = \"abc\nq\n", 0),
	    "KEY(p) = \"abc\" NL q NL | missing '\"' to end this string");
	U_STREQ(scan("p = \"abc", 0),
	    "KEY(p) = \"abc\" NL | missing '\"' to end this string");
	U_STREQ(scan("p = \"a\\qb\"\n", 0), "KEY(p) = \"ab\" NL | "
	    "unknown escape sequence '\\q' in string");
	U_STREQ(scan("p = \"a\\x00b\"\n", 0), "KEY(p) = \"ab\" NL | "
	    "a NUL byte ('\\x00') is not allowed in a string");
	U_STREQ(scan("p = \"a\\x4\"\n", 0), "KEY(p) = \"a4\" NL | "
	    "unknown escape sequence '\\x' in string");
	U_STREQ(scan("p = \"a\\\x01\"\n", 0), "KEY(p) = \"a\" NL | "
	    "unknown escape sequence in string");
	/* a backslash at the end of the line */
	U_STREQ(scan("p = \"a\\\nq\n", 0),
	    "KEY(p) = \"a\" NL q NL | missing '\"' to end this string");
	/* the span of a string: from quote to quote */
	U_STREQ(scan("x \"ab\\n\"\n", 1), "x@1:1 \"ab\\n\"@1:3-8 NL@1:9");
}

static void
test_scan_nul_in_string(void)
{
	static const char	text[] = "resource a x { p = \"a\0b\" }\n";
	struct ctx		*ctx;
	struct source		*src;

	ctx = ctx_new();
	src = ctx_add_source(ctx, UNIT_FILE, text, sizeof text - 1);
	CU_ASSERT_EQUAL(parse_source(ctx, src), -1);
	/* (the source line holds the NUL: compare up to it) */
	U_STREQ(unit_diags(ctx),
	    "t.ha:1:22: error: a NUL byte is not allowed in a string\n"
	    "    1 | resource a x { p = \"a");
	ctx_free(ctx);
}

static void
test_scan_stray(void)
{
	U_STREQ(scan("a $ b\n", 0), "a b NL | stray '$' in policy");
	U_STREQ(scan("a\x01\n", 0), "a NL | stray byte 0x01 in policy");
	U_STREQ(scan("a!\n", 0), "a NL | stray '!' in policy");
	/* one message per character, not per byte */
	U_STREQ(scan("\xc3\xa9\n", 0), " | stray '\xc3\xa9' in policy");
	/* a stray character is skipped: the line still ends the statement */
	U_STREQ(scan("a [\nb\n", 0), "a NL b NL | stray '[' in policy");
}

static void
test_scan_nesting_limit(void)
{
	struct buf	b;
	const char	*s;

	buf_init(&b);
	buf_repeat(&b, '{', LEX_MAX_DEPTH);
	s = scan(b.data, 0);
	CU_ASSERT_PTR_NULL(strstr(s, "ERR"));
	CU_ASSERT_PTR_NULL(strstr(s, "nesting"));

	buf_repeat(&b, '(', 8);
	s = scan(b.data, 0);
	/* the first too many is an error, reported once */
	U_CONTAINS(s, "{ ERR ERR ERR ERR ERR ERR ERR ERR | nesting is too "
	    "deep (more than 32 levels)");
	CU_ASSERT_PTR_NULL(strstr(s, "levels);"));
	buf_clear(&b);

	/* closing brackets bring the depth back */
	buf_init(&b);
	buf_repeat(&b, '{', 30);
	buf_repeat(&b, '}', 30);
	buf_repeat(&b, '{', 32);
	CU_ASSERT_PTR_NULL(strstr(scan(b.data, 0), "ERR"));
	buf_clear(&b);
}

static void
test_scan_locations(void)
{
	U_STREQ(scan("resource a\n  op x=1\n", 1),
	    "RESOURCE@1:1-8 a@1:10 NL@1:11 OP@2:3-4 KEY(x)@2:6 =@2:7 "
	    "1@2:8 NL@2:9");
	U_STREQ(scan("rule 10: x\n", 1),
	    "RULE@1:1-4 10@1:6-7 :@1:8 x@1:10 NL@1:11");
	U_STREQ(scan("\t#uname\n", 1), "#uname@1:2-7 NL@1:8");
	U_STREQ(scan("k   = v", 1), "KEY(k)@1:1 =@1:5 v@1:7 NL@1:8");
}

static void
test_scan_bare_words(void)
{
	CU_ASSERT_TRUE(lex_is_bare_word("abc"));
	CU_ASSERT_TRUE(lex_is_bare_word("ocf:heartbeat:IPaddr2"));
	CU_ASSERT_TRUE(lex_is_bare_word("fe80::"));
	CU_ASSERT_TRUE(lex_is_bare_word("-INFINITY"));
	CU_ASSERT_TRUE(lex_is_bare_word("#uname"));
	CU_ASSERT_FALSE(lex_is_bare_word(""));
	CU_ASSERT_FALSE(lex_is_bare_word("a b"));
	CU_ASSERT_FALSE(lex_is_bare_word("a:"));
	CU_ASSERT_FALSE(lex_is_bare_word(":"));
	CU_ASSERT_FALSE(lex_is_bare_word("group"));
	CU_ASSERT_FALSE(lex_is_bare_word("not_defined"));
	CU_ASSERT_FALSE(lex_is_bare_word("#foo"));
	CU_ASSERT_FALSE(lex_is_bare_word("a\"b"));
	CU_ASSERT_FALSE(lex_is_bare_word("a=b"));
	CU_ASSERT_FALSE(lex_is_bare_word("a,b"));
	CU_ASSERT_FALSE(lex_is_bare_word("a#b"));
	CU_ASSERT_FALSE(lex_is_bare_word("\xc3\xa9"));
	CU_ASSERT_TRUE(lex_is_keyword("resource"));
	CU_ASSERT_TRUE(lex_is_keyword("op-defaults"));
	CU_ASSERT_FALSE(lex_is_keyword("Resource"));
	CU_ASSERT_FALSE(lex_is_keyword("master"));
	U_STREQ(parse_keyword_name("with"), "with");
	CU_ASSERT_PTR_NULL(parse_keyword_name("zzz"));
	CU_ASSERT_PTR_NULL(parse_keyword_name(""));
}

/* --- parser ------------------------------------------------------------- */

/* Parse text that must be clean; returns the context (caller frees). */
static struct ctx *
parse_ok(const char *text, struct stmt **stp)
{
	struct ctx	*ctx;
	struct source	*src;

	ctx = unit_parse(text, &src);
	U_STREQ(unit_diags(ctx), "");
	*stp = src->stmts;
	return ctx;
}

static const char *
kvs_str(const struct kv *kv)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	for (; kv != NULL; kv = kv->next) {
		buf_printf(&b, "%s%s=", b.len > 0 ? " " : "", kv->key.text);
		for (i = 0; i < kv->val.n; i++)
			buf_printf(&b, "%s%s", i > 0 ? "," : "",
			    kv->val.v[i].text);
	}
	return unit_keep(buf_detach(&b));
}

static const char *
value_str(const struct value *v)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	for (i = 0; i < v->n; i++)
		buf_printf(&b, "%s%s", i > 0 ? "|" : "", v->v[i].text);
	return unit_keep(buf_detach(&b));
}

/* An expression in prefix form: (and (eq a 1) (defined b)). */
static void
expr_str1(struct buf *b, const struct expr *e)
{
	const struct expr	*k;

	if (e->parens)
		buf_puts(b, "[");
	switch (e->kind) {
	case EXPR_AND:
	case EXPR_OR:
		buf_puts(b, e->kind == EXPR_AND ? "(and" : "(or");
		for (k = e->kids; k != NULL; k = k->next) {
			buf_putc(b, ' ');
			expr_str1(b, k);
		}
		buf_putc(b, ')');
		break;
	case EXPR_BINARY:
		buf_printf(b, "(%s %s %s)", e->op.text, e->lhs.text,
		    e->rhs.text);
		break;
	case EXPR_DEFINED:
	case EXPR_NOT_DEFINED:
		buf_printf(b, "(%s %s)", e->op.text, e->lhs.text);
		break;
	}
	if (e->parens)
		buf_puts(b, "]");
}

static const char *
expr_str(const struct expr *e)
{
	struct buf	b;

	buf_init(&b);
	expr_str1(&b, e);
	return unit_keep(buf_detach(&b));
}

static const char *
term_str(const struct term *t)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	if (t->is_set)
		buf_putc(&b, '(');
	for (i = 0; i < t->nnames; i++)
		buf_printf(&b, "%s%s", i > 0 ? " " : "", t->names[i].text);
	if (t->set_opts != NULL)
		buf_printf(&b, " %s", kvs_str(t->set_opts));
	if (t->is_set)
		buf_putc(&b, ')');
	for (i = 0; i < t->nquals; i++)
		buf_printf(&b, " %s", t->quals[i].text);
	return unit_keep(buf_detach(&b));
}

static void
test_parse_resource(void)
{
	struct ctx	*ctx;
	struct stmt	*st;
	struct item	*it;

	ctx = parse_ok("resource myvip ocf:heartbeat:IPaddr2 {\n"
	    "    ip = 10.51.10.150; cidr_netmask = 23\n"
	    "    nics = eth0, eth1\n"
	    "    op monitor interval=30s timeout=30s\n"
	    "    meta migration-threshold=3 target-role=Started\n"
	    "    meta { priority = 10 }\n"
	    "    utilization cpu=2\n"
	    "    legacy value\n"
	    "}\n", &st);
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_RESOURCE);
	U_STREQ(st->keyword.text, "resource");
	U_STREQ(st->name.text, "myvip");
	U_STREQ(st->agent.text, "ocf:heartbeat:IPaddr2");
	CU_ASSERT_PTR_NULL(st->of.text);
	CU_ASSERT_PTR_NULL(st->next);
	CU_ASSERT_EQUAL(st->loc.line, 1);
	CU_ASSERT_EQUAL(st->loc.col, 1);
	CU_ASSERT_EQUAL(st->loc.end_line, 9);
	CU_ASSERT_EQUAL(st->loc.end_col, 1);
	CU_ASSERT_EQUAL(st->name.loc.col, 10);
	CU_ASSERT_EQUAL(st->name.loc.end_col, 14);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->body);

	it = st->body->items;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_ATTR);
	U_STREQ(it->name.text, "ip");
	U_STREQ(value_str(&it->val), "10.51.10.150");
	CU_ASSERT_TRUE(it->has_eq);
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_ATTR);
	U_STREQ(it->name.text, "cidr_netmask");
	CU_ASSERT_EQUAL(it->loc.line, 2);
	CU_ASSERT_EQUAL(it->loc.col, 24);
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_ATTR);
	U_STREQ(value_str(&it->val), "eth0|eth1");
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_OP);
	U_STREQ(it->name.text, "monitor");
	U_STREQ(kvs_str(it->kvs), "interval=30s timeout=30s");
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_META);
	CU_ASSERT_PTR_NULL(it->block);
	U_STREQ(kvs_str(it->kvs), "migration-threshold=3 target-role=Started");
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_META);
	CU_ASSERT_PTR_NULL(it->kvs);
	CU_ASSERT_PTR_NOT_NULL_FATAL(it->block);
	CU_ASSERT_EQUAL_FATAL(it->block->items->kind, ITEM_ATTR);
	U_STREQ(it->block->items->name.text, "priority");
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_UTIL);
	U_STREQ(kvs_str(it->kvs), "cpu=2");
	it = it->next;
	/* "name value" is a list of words; the compiler decides */
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_WORDS);
	U_STREQ(value_str(&it->val), "legacy|value");
	CU_ASSERT_FALSE(it->has_eq);
	CU_ASSERT_PTR_NULL(it->next);
	ctx_free(ctx);

	/* no block at all, and quoted names */
	ctx = parse_ok("resource \"r1\" \"lsb:my service\"\n", &st);
	CU_ASSERT_EQUAL(st->kind, STMT_RESOURCE);
	U_STREQ(st->name.text, "r1");
	CU_ASSERT_TRUE(st->name.quoted);
	U_STREQ(st->agent.text, "lsb:my service");
	CU_ASSERT_PTR_NULL(st->body);
	ctx_free(ctx);

	/* fence devices have the same shape */
	ctx = parse_ok("fence f1 stonith:fence_ipmilan { ip = 1.2.3.4 }\n",
	    &st);
	CU_ASSERT_EQUAL(st->kind, STMT_FENCE);
	U_STREQ(st->agent.text, "stonith:fence_ipmilan");
	CU_ASSERT_EQUAL(st->body->items->kind, ITEM_ATTR);
	ctx_free(ctx);
}

static void
test_parse_group_clone(void)
{
	struct ctx	*ctx;
	struct stmt	*st;
	struct item	*it;

	ctx = parse_ok("group nfs { nfs-fs nfs-server\n nfs-ip\n"
	    "    resource inner ocf:x:y { p = 1 }\n"
	    "    meta target-role=Stopped }\n"
	    "clone ping-gw ocf:pacemaker:ping { host_list = 10.1.1.1 }\n"
	    "clone c2 of nfs { meta interleave=true }\n"
	    "promotable drbd-r0 ocf:linbit:drbd\n"
	    "promotable p2 of nfs\n", &st);
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_GROUP);
	U_STREQ(st->name.text, "nfs");
	it = st->body->items;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_WORDS);
	U_STREQ(value_str(&it->val), "nfs-fs|nfs-server");
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_WORDS);
	U_STREQ(value_str(&it->val), "nfs-ip");
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_RESOURCE);
	U_STREQ(it->name.text, "inner");
	CU_ASSERT_PTR_NOT_NULL_FATAL(it->stmt);
	CU_ASSERT_EQUAL(it->stmt->kind, STMT_RESOURCE);
	U_STREQ(it->stmt->name.text, "inner");
	U_STREQ(it->stmt->agent.text, "ocf:x:y");
	CU_ASSERT_EQUAL(it->stmt->body->items->kind, ITEM_ATTR);
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_META);
	CU_ASSERT_PTR_NULL(it->next);

	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_CLONE);
	U_STREQ(st->name.text, "ping-gw");
	U_STREQ(st->agent.text, "ocf:pacemaker:ping");
	CU_ASSERT_PTR_NULL(st->of.text);
	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_CLONE);
	U_STREQ(st->of.text, "nfs");
	CU_ASSERT_PTR_NULL(st->agent.text);
	CU_ASSERT_EQUAL(st->body->items->kind, ITEM_META);
	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_PROMOTABLE);
	U_STREQ(st->agent.text, "ocf:linbit:drbd");
	CU_ASSERT_PTR_NULL(st->body);
	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_PROMOTABLE);
	U_STREQ(st->of.text, "nfs");
	CU_ASSERT_PTR_NULL(st->next);
	ctx_free(ctx);
}

static void
test_parse_cluster(void)
{
	struct ctx	*ctx;
	struct stmt	*st;
	struct item	*it;

	ctx = parse_ok("cluster dev {\n"
	    "    node n1 { addr 10.0.0.1; id 1; attr site=dc1; "
	    "utilization cpu=4 }\n"
	    "    node n2\n"
	    "    quorum { two_node = true }\n"
	    "    ring { port = 5405 }\n"
	    "    property stonith-enabled=true no-quorum-policy=stop\n"
	    "}\n"
	    "defaults { resource-stickiness = 100 }\n"
	    "op-defaults { timeout = 20s }\n", &st);
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_CLUSTER);
	U_STREQ(st->name.text, "dev");
	it = st->body->items;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_NODE);
	U_STREQ(it->name.text, "n1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(it->block);
	CU_ASSERT_EQUAL(it->block->items->kind, ITEM_WORDS);
	/* "addr 10.0.0.1" is a list of two words */
	U_STREQ(value_str(&it->block->items->val), "addr|10.0.0.1");
	CU_ASSERT_EQUAL(it->block->items->next->next->kind, ITEM_NODEATTR);
	CU_ASSERT_EQUAL(it->block->items->next->next->next->kind, ITEM_UTIL);
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_NODE);
	U_STREQ(it->name.text, "n2");
	CU_ASSERT_PTR_NULL(it->block);
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_QUORUM);
	CU_ASSERT_EQUAL(it->block->items->kind, ITEM_ATTR);
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_RING);
	it = it->next;
	CU_ASSERT_EQUAL_FATAL(it->kind, ITEM_PROPERTY);
	U_STREQ(kvs_str(it->kvs), "stonith-enabled=true no-quorum-policy=stop");
	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_DEFAULTS);
	U_STREQ(st->body->items->name.text, "resource-stickiness");
	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_OP_DEFAULTS);
	U_STREQ(st->keyword.text, "op-defaults");
	ctx_free(ctx);
}

static void
test_parse_location(void)
{
	struct ctx	*ctx;
	struct stmt	*st;
	struct rule	*r;

	ctx = parse_ok("location web prefers n1 = 50, n2 "
	    "resource-discovery=never\n"
	    "location web avoids n3\n"
	    "location db rule 100: site eq dc1 and #uname ne n2 or "
	    "defined x rule -INFINITY: not_defined y\n"
	    "location db rule (a eq 1 or b eq 2) and c lt 3\n"
	    "location db rule a eq 1 and b eq 2 and c eq 3 role=Promoted\n",
	    &st);
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_LOCATION);
	CU_ASSERT_EQUAL(st->loc_kind, LOCATION_PREFERS);
	U_STREQ(st->name.text, "web");
	/* a node without '= score' has an empty value */
	U_STREQ(kvs_str(st->scores), "n1=50 n2=");
	U_STREQ(kvs_str(st->opts), "resource-discovery=never");
	CU_ASSERT_PTR_NULL(st->rules);

	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_LOCATION);
	CU_ASSERT_EQUAL(st->loc_kind, LOCATION_AVOIDS);
	U_STREQ(kvs_str(st->scores), "n3=");

	st = st->next;
	CU_ASSERT_EQUAL(st->loc_kind, LOCATION_RULES);
	CU_ASSERT_PTR_NULL(st->scores);
	r = st->rules;
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	U_STREQ(r->score.text, "100");
	/* and binds tighter than or */
	U_STREQ(expr_str(r->expr),
	    "(or (and (eq site dc1) (ne #uname n2)) (defined x))");
	r = r->next;
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	U_STREQ(r->score.text, "-INFINITY");
	U_STREQ(expr_str(r->expr), "(not_defined y)");
	CU_ASSERT_PTR_NULL(r->next);

	st = st->next;
	CU_ASSERT_PTR_NULL(st->rules->score.text);
	U_STREQ(expr_str(st->rules->expr),
	    "(and [(or (eq a 1) (eq b 2))] (lt c 3))");

	st = st->next;
	/* a chain of one operator is one node with all the operands */
	U_STREQ(expr_str(st->rules->expr),
	    "(and (eq a 1) (eq b 2) (eq c 3))");
	U_STREQ(kvs_str(st->opts), "role=Promoted");
	ctx_free(ctx);
}

static void
test_parse_colocate_order(void)
{
	struct ctx	*ctx;
	struct stmt	*st;
	struct term	*t;

	ctx = parse_ok("colocate myvip with logstash\n"
	    "colocate iscsi Started with drbd Promoted -INFINITY "
	    "influence=false\n"
	    "colocate (a b sequential=false) with (c) with d\n"
	    "order logstash then myvip\n"
	    "order drbd promote then (b c require-all=false) start then d "
	    "kind=Optional symmetrical=false\n", &st);
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_COLOCATE);
	t = st->terms;
	U_STREQ(term_str(t), "myvip");
	U_STREQ(term_str(t->next), "logstash");
	CU_ASSERT_PTR_NULL(t->next->next);
	CU_ASSERT_PTR_NULL(st->opts);

	st = st->next;
	t = st->terms;
	U_STREQ(term_str(t), "iscsi Started");
	U_STREQ(term_str(t->next), "drbd Promoted -INFINITY");
	U_STREQ(kvs_str(st->opts), "influence=false");

	st = st->next;
	t = st->terms;
	CU_ASSERT_TRUE(t->is_set);
	U_STREQ(term_str(t), "(a b sequential=false)");
	U_STREQ(term_str(t->next), "(c)");
	U_STREQ(term_str(t->next->next), "d");
	CU_ASSERT_FALSE(t->next->next->is_set);

	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_ORDER);
	U_STREQ(term_str(st->terms), "logstash");

	st = st->next;
	t = st->terms;
	U_STREQ(term_str(t), "drbd promote");
	U_STREQ(term_str(t->next), "(b c require-all=false) start");
	U_STREQ(term_str(t->next->next), "d");
	U_STREQ(kvs_str(st->opts), "kind=Optional symmetrical=false");
	CU_ASSERT_PTR_NULL(st->next);
	ctx_free(ctx);
}

static void
test_parse_fencing_include(void)
{
	struct ctx	*ctx;
	struct stmt	*st;

	ctx = parse_ok("include \"common.ha\"\n"
	    "include other.ha\n"
	    "fencing-level dev-01 1: ipmi-01, apc-01\n"
	    "fencing-level rack=r1 2: f3 f4\n", &st);
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_INCLUDE);
	U_STREQ(st->name.text, "common.ha");
	CU_ASSERT_TRUE(st->name.quoted);
	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_INCLUDE);
	U_STREQ(st->name.text, "other.ha");
	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_FENCING_LEVEL);
	U_STREQ(st->name.text, "dev-01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->level);
	CU_ASSERT_PTR_NULL(st->level->target_attr);
	U_STREQ(st->level->index.text, "1");
	U_STREQ(value_str(&st->level->devices), "ipmi-01|apc-01");
	st = st->next;
	CU_ASSERT_EQUAL_FATAL(st->kind, STMT_FENCING_LEVEL);
	CU_ASSERT_PTR_NULL(st->name.text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->level);
	U_STREQ(kvs_str(st->level->target_attr), "rack=r1");
	U_STREQ(st->level->index.text, "2");
	U_STREQ(value_str(&st->level->devices), "f3|f4");
	ctx_free(ctx);
}

static void
test_parse_separators(void)
{
	struct ctx	*ctx;
	struct stmt	*st;

	/* ';' and newlines are interchangeable, and may repeat */
	ctx = parse_ok(";;resource a x { ;; p = 1;;; q = 2; }; ; "
	    "resource b y\n\n;\n", &st);
	CU_ASSERT_EQUAL(st->kind, STMT_RESOURCE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->body->items->next);
	CU_ASSERT_PTR_NULL(st->body->items->next->next);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->next);
	U_STREQ(st->next->name.text, "b");
	ctx_free(ctx);

	/* the last item of a block needs no separator */
	ctx = parse_ok("defaults { a = 1 }", &st);
	CU_ASSERT_EQUAL(st->kind, STMT_DEFAULTS);
	ctx_free(ctx);

	/* an empty file is a valid, empty policy */
	ctx = parse_ok("", &st);
	CU_ASSERT_PTR_NULL(st);
	ctx_free(ctx);
	ctx = parse_ok("# only a comment\n", &st);
	CU_ASSERT_PTR_NULL(st);
	ctx_free(ctx);
}

/* --- parser errors ------------------------------------------------------ */

static void
test_parse_errors(void)
{
	U_STREQ(unit_parse_diags("resource a\n"),
	    "t.ha:1:11: error: unexpected end of line, expected a name or "
	    "value\n"
	    "    1 | resource a\n"
	    "      |           ^\n");
	U_STREQ(unit_parse_diags("resource a b c\n"),
	    "t.ha:1:14: error: unexpected word 'c', expected end of line or "
	    "'{'\n"
	    "    1 | resource a b c\n"
	    "      |              ^\n");
	U_STREQ(unit_parse_diags("resource a x }\n"),
	    "t.ha:1:14: error: unexpected '}', expected end of line or '{'\n"
	    "    1 | resource a x }\n"
	    "      |              ^\n");
	U_STREQ(unit_parse_diags("colocate a with with b\n"),
	    "t.ha:1:17: error: unexpected 'with', expected a name or value, "
	    "or '('\n"
	    "    1 | colocate a with with b\n"
	    "      |                 ^~~~\n");
	U_STREQ(unit_parse_diags("resource a x { p = \"x\" \"y\" }\n"),
	    "t.ha:1:24: error: unexpected string \"y\", expected end of line, "
	    "',' or '}'\n"
	    "    1 | resource a x { p = \"x\" \"y\" }\n"
	    "      |                        ^~~\n");
	U_STREQ(unit_parse_diags("fencing-level n1 1 f\n"),
	    "t.ha:1:20: error: unexpected word 'f', expected ':'\n"
	    "    1 | fencing-level n1 1 f\n"
	    "      |                    ^\n");
	U_STREQ(unit_parse_diags("}\n"),
	    "t.ha:1:1: error: unexpected '}'\n"
	    "    1 | }\n"
	    "      | ^\n");
	/* a stray character is reported by the scanner only */
	U_STREQ(unit_parse_diags("resource a x $\n"),
	    "t.ha:1:14: error: stray '$' in policy\n"
	    "    1 | resource a x $\n"
	    "      |              ^\n");
	/* an unterminated block points at its '{' */
	U_STREQ(unit_parse_diags("resource a x {\n    p = 1\n"),
	    "t.ha:2:10: error: missing '}' at end of file\n"
	    "    2 |     p = 1\n"
	    "      |          ^\n"
	    "t.ha:1:14: note: to close the '{' opened here\n"
	    "    1 | resource a x {\n"
	    "      |              ^\n");
	U_STREQ(unit_parse_diags("colocate (a b\n"),
	    "t.ha:1:14: error: missing ')' at end of file\n"
	    "    1 | colocate (a b\n"
	    "      |              ^\n"
	    "t.ha:1:10: note: to close the '(' opened here\n"
	    "    1 | colocate (a b\n"
	    "      |          ^\n");
	/* words too long for a message are cut at 40 characters */
	U_CONTAINS(unit_parse_diags("resource a b "
	    "cccccccccccccccccccccccccccccccccccccccccccccccccc\n"),
	    "unexpected word 'cccccccccccccccccccccccccccccccccccccccc', "
	    "expected");
}

static void
test_parse_no_internal_names(void)
{
	static const char *const inputs[] = {
		"resource\n", "resource a\n", "resource a x {\n", "= 1\n",
		"group g { op }\n", "location a\n", "location a prefers\n",
		"location a rule\n", "location a rule 1:\n",
		"location a rule (x eq 1\n", "colocate\n", "order a then\n",
		"fencing-level\n", "fencing-level n1\n", "include\n",
		"cluster c { node }\n", "resource a x { meta }\n",
		"resource a x { op m x=\n", "a b c\n", "order (a b then c\n",
		"location a rule x eq 1 and\n", "resource a x { p = 1, }\n",
		"defaults\n", "clone c of\n", "\"s\"\n",
	};
	static const char *const bad[] = {
		"T_", "K_", "YY", "$end", "error", "LEXERR", "invalid text",
		"name before", "\"word\"", "'word'", "\"string\"",
	};
	struct ctx	*ctx;
	const char	*msg;
	size_t		 i, j, k;

	for (i = 0; i < nitems(inputs); i++) {
		ctx = unit_parse(inputs[i], NULL);
		/* every input above is an error ... */
		CU_ASSERT_TRUE(ctx->diags.nerrors > 0);
		/* ... whose message never shows bison's names */
		for (k = 0; k < ctx->diags.n; k++) {
			msg = ctx->diags.v[k]->msg;
			for (j = 0; j < nitems(bad); j++) {
				if (strstr(msg, bad[j]) == NULL)
					continue;
				unit_mismatch(__FILE__, __LINE__, inputs[i],
				    msg, bad[j]);
				CU_FAIL("an internal token name in a message");
			}
		}
		ctx_free(ctx);
	}
}

static void
test_parse_recovery(void)
{
	struct ctx	*ctx;
	struct source	*src;
	struct stmt	*st;
	int		 n;

	/* every broken statement is reported, the good ones are kept */
	ctx = unit_parse("resource a\n"
	    "resource b x {\n"
	    "    op monitor interval\n"
	    "    p = 1\n"
	    "    = 2\n"
	    "}\n"
	    "colocate a with\n"
	    "order a then b\n"
	    "location a prefers n1 = 50 foo\n"
	    "resource c y\n", &src);
	U_STREQ(unit_diags(ctx),
	    "t.ha:1:11: error: unexpected end of line, expected a name or "
	    "value\n"
	    "    1 | resource a\n"
	    "      |           ^\n"
	    "t.ha:3:16: error: unexpected word 'interval', expected 'name = "
	    "value', end of line or '}'\n"
	    "    3 |     op monitor interval\n"
	    "      |                ^~~~~~~~\n"
	    "t.ha:5:5: error: unexpected '='\n"
	    "    5 |     = 2\n"
	    "      |     ^\n"
	    "t.ha:7:16: error: unexpected end of line, expected a name or "
	    "value, or '('\n"
	    "    7 | colocate a with\n"
	    "      |                ^\n"
	    "t.ha:9:28: error: unexpected word 'foo', expected 'name = "
	    "value', end of line or ','\n"
	    "    9 | location a prefers n1 = 50 foo\n"
	    "      |                            ^~~\n");
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 5);
	n = 0;
	for (st = src->stmts; st != NULL; st = st->next)
		n++;
	/* resource b (its good item kept), order, resource c */
	CU_ASSERT_EQUAL(n, 3);
	st = src->stmts;
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	U_STREQ(st->name.text, "b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->body);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->body->items);
	CU_ASSERT_EQUAL_FATAL(st->body->items->kind, ITEM_ATTR);
	U_STREQ(st->body->items->name.text, "p");
	CU_ASSERT_PTR_NULL(st->body->items->next);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->next);
	CU_ASSERT_EQUAL(st->next->kind, STMT_ORDER);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st->next->next);
	U_STREQ(st->next->next->name.text, "c");
	ctx_free(ctx);

	/* an error on the last line of a block without a separator */
	U_STREQ(unit_parse_diags("resource a x { op }\nresource b\n"),
	    "t.ha:1:19: error: unexpected '}', expected a name or value\n"
	    "    1 | resource a x { op }\n"
	    "      |                   ^\n"
	    "t.ha:2:11: error: unexpected end of line, expected a name or "
	    "value\n"
	    "    2 | resource b\n"
	    "      |           ^\n");

	/* many errors, one per line, each reported once */
	ctx = unit_parse("a\nb\nc\nd\ne\n", &src);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 5);
	CU_ASSERT_PTR_NULL(src->stmts);
	ctx_free(ctx);
}

static void
test_parse_many_errors_capped(void)
{
	struct ctx	*ctx;
	struct buf	 b;
	int		 i;

	buf_init(&b);
	for (i = 0; i < 60; i++)
		buf_puts(&b, "resource\n");
	ctx = unit_parse(b.data, NULL);
	buf_clear(&b);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 60);
	CU_ASSERT_EQUAL(ctx->diags.n, DIAG_MAX_ERRORS);
	CU_ASSERT_TRUE(ctx->diags.truncated);
	U_CONTAINS(unit_diags(ctx), "t.ha:50:9: error: unexpected end of "
	    "line, expected a name or value\n"
	    "   50 | resource\n"
	    "      |         ^\n"
	    "hacc: too many errors, 10 not shown\n");
	ctx_free(ctx);
}

/* --- diagnostics -------------------------------------------------------- */

static struct loc
mkloc(int file, int line, int col, int end_line, int end_col)
{
	struct loc	l;

	l.file = file;
	l.line = line;
	l.col = col;
	l.end_line = end_line;
	l.end_col = end_col;
	return l;
}

static void
test_diag_render(void)
{
	struct ctx	*ctx;
	struct diag	*dg;
	struct loc	 l;

	ctx = ctx_new();
	ctx_add_source(ctx, "web.ha", "resource db x\ncolocate dbx with web\n",
	    37);
	l = mkloc(0, 2, 10, 2, 12);
	dg = diag_error(ctx, &l, "unknown resource '%s' in colocation; did "
	    "you mean '%s'?", "dbx", "db");
	l = mkloc(0, 1, 10, 1, 11);
	diag_note(ctx, dg, &l, "'%s' is defined here", "db");
	diag_note(ctx, dg, NULL, "a note without a place");
	l = mkloc(0, 1, 1, 1, 8);
	diag_warning(ctx, &l, "a warning");
	diag_error(ctx, NULL, "cannot read '%s'", "x.ha");
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 2);
	CU_ASSERT_EQUAL(ctx->diags.nwarnings, 1);
	U_STREQ(unit_diags(ctx),
	    "hacc: error: cannot read 'x.ha'\n"
	    "web.ha:1:1: warning: a warning\n"
	    "    1 | resource db x\n"
	    "      | ^~~~~~~~\n"
	    "web.ha:2:10: error: unknown resource 'dbx' in colocation; did "
	    "you mean 'db'?\n"
	    "    2 | colocate dbx with web\n"
	    "      |          ^~~\n"
	    "web.ha:1:10: note: 'db' is defined here\n"
	    "    1 | resource db x\n"
	    "      |          ^~\n"
	    "hacc: note: a note without a place\n");
	ctx_free(ctx);
}

static void
test_diag_render_spans(void)
{
	struct ctx	*ctx;
	struct buf	 b;
	struct loc	 l;
	int		 i;

	ctx = ctx_new();
	buf_init(&b);
	buf_puts(&b, "\tp = 1\r\n");
	for (i = 2; i < 12345; i++)
		buf_puts(&b, "x\n");
	buf_puts(&b, "last\n");
	ctx_add_source(ctx, "a.ha", b.data, b.len);
	buf_clear(&b);
	ctx_add_source(ctx, "b.ha", "multi {\n  line\n}\n", 17);

	/* a tab stays a tab under the caret; a CR is not shown */
	l = mkloc(0, 1, 6, 1, 6);
	diag_error(ctx, &l, "tab");
	/* a five-digit line number widens the gutter */
	l = mkloc(0, 12345, 1, 12345, 4);
	diag_error(ctx, &l, "far");
	/* a span over several lines underlines to the end of the first */
	l = mkloc(1, 1, 7, 3, 1);
	diag_error(ctx, &l, "multi");
	/* a span past the end of its line stops at the end */
	l = mkloc(1, 2, 3, 2, 40);
	diag_error(ctx, &l, "past");
	/* a line that does not exist: no source line */
	l = mkloc(1, 99, 1, 99, 1);
	diag_error(ctx, &l, "nowhere");
	/* line 0: only the file name */
	l = mkloc(1, 0, 0, 0, 0);
	diag_error(ctx, &l, "whole file");
	U_STREQ(unit_diags(ctx),
	    "a.ha:1:6: error: tab\n"
	    "    1 | \tp = 1\n"
	    "      | \t    ^\n"
	    "a.ha:12345:1: error: far\n"
	    " 12345 | last\n"
	    "       | ^~~~\n"
	    "b.ha: error: whole file\n"
	    "b.ha:1:7: error: multi\n"
	    "    1 | multi {\n"
	    "      |       ^\n"
	    "b.ha:2:3: error: past\n"
	    "    2 |   line\n"
	    "      |   ^~~~\n"
	    "b.ha:99:1: error: nowhere\n");
	ctx_free(ctx);
}

static void
test_diag_color(void)
{
	struct ctx	*ctx;
	struct buf	 b;
	struct loc	 l;

	ctx = ctx_new();
	ctx_add_source(ctx, "c.ha", "abc\n", 4);
	l = mkloc(0, 1, 2, 1, 3);
	diag_warning(ctx, &l, "w");
	buf_init(&b);
	diag_render(ctx, &b, 1);
	U_STREQ(b.data, "\033[1mc.ha:1:2: \033[0m\033[1;35mwarning:\033[0m w\n"
	    "    1 | abc\n"
	    "      |  \033[1;32m^~\033[0m\n");
	buf_clear(&b);
	ctx_free(ctx);
}

static void
test_diag_sort(void)
{
	struct ctx	*ctx;
	struct loc	 l;
	size_t		 i;
	const char	*order;
	struct buf	 b;

	ctx = ctx_new();
	ctx_add_source(ctx, "1.ha", "", 0);
	ctx_add_source(ctx, "2.ha", "", 0);
	l = mkloc(1, 1, 1, 1, 1);
	diag_error(ctx, &l, "f2");
	l = mkloc(0, 3, 1, 3, 1);
	diag_error(ctx, &l, "l3");
	l = mkloc(0, 1, 9, 1, 9);
	diag_error(ctx, &l, "c9");
	l = mkloc(0, 1, 2, 1, 2);
	diag_error(ctx, &l, "c2-first");
	diag_warning(ctx, &l, "c2-second");
	diag_error(ctx, &l, "c2-third");
	diag_sort(ctx);
	buf_init(&b);
	for (i = 0; i < ctx->diags.n; i++)
		buf_printf(&b, "%s ", ctx->diags.v[i]->msg);
	order = unit_keep(buf_detach(&b));
	/* by file, line, column; reports at one place keep their order */
	U_STREQ(order, "c2-first c2-second c2-third c9 l3 f2 ");
	ctx_free(ctx);
}

static void
test_diag_cap(void)
{
	struct ctx	*ctx;
	int		 i;

	ctx = ctx_new();
	ctx->diags.max_errors = 3;
	for (i = 0; i < 5; i++)
		diag_error(ctx, NULL, "e%d", i);
	diag_warning(ctx, NULL, "w");
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 5);
	CU_ASSERT_EQUAL(ctx->diags.nwarnings, 1);
	CU_ASSERT_TRUE(ctx->diags.truncated);
	/* warnings are still kept past the cap */
	U_STREQ(unit_diags(ctx),
	    "hacc: error: e0\n"
	    "hacc: error: e1\n"
	    "hacc: error: e2\n"
	    "hacc: warning: w\n"
	    "hacc: too many errors, 2 not shown\n");
	CU_ASSERT_TRUE(ctx_failed(ctx));
	ctx_free(ctx);

	/* the default cap */
	ctx = ctx_new();
	CU_ASSERT_EQUAL(ctx->diags.max_errors, DIAG_MAX_ERRORS);
	CU_ASSERT_FALSE(ctx_failed(ctx));
	diag_warning(ctx, NULL, "w");
	CU_ASSERT_FALSE(ctx_failed(ctx));
	ctx->werror = 1;
	CU_ASSERT_TRUE(ctx_failed(ctx));
	CU_ASSERT_FALSE(ctx->diags.truncated);
	ctx_free(ctx);
}

static void
test_diag_distance(void)
{
	CU_ASSERT_EQUAL(diag_distance("", ""), 0);
	CU_ASSERT_EQUAL(diag_distance("", "abc"), 3);
	CU_ASSERT_EQUAL(diag_distance("abc", ""), 3);
	CU_ASSERT_EQUAL(diag_distance("kitten", "sitting"), 3);
	CU_ASSERT_EQUAL(diag_distance("monitor", "monitr"), 1);
	CU_ASSERT_EQUAL(diag_distance("monitor", "monitro"), 1);
	CU_ASSERT_EQUAL(diag_distance("ab", "ba"), 1);
	CU_ASSERT_EQUAL(diag_distance("ca", "abc"), 3);
	CU_ASSERT_EQUAL(diag_distance("Promoted", "promoted"), 0);
	CU_ASSERT_EQUAL(diag_distance("resource-stickiness",
	    "resource-stickyness"), 1);
	CU_ASSERT_EQUAL(diag_distance("abc", "xyz"), 3);
	/* symmetric */
	CU_ASSERT_EQUAL(diag_distance("interval", "intreval"),
	    diag_distance("intreval", "interval"));
	/* long strings are not compared */
	CU_ASSERT_EQUAL(diag_distance("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a"), 64);
}

static void
test_diag_suggest(void)
{
	static const char *const ops[] = { "start", "stop", "monitor",
	    "promote", "demote", "notify", "migrate_to", "migrate_from",
	    "reload" };
	static const char *const metas[] = { "resource-stickiness",
	    "migration-threshold", "failure-timeout", "target-role" };
	static const char *const tie[] = { "abcd", "abce", NULL };

	U_STREQ(diag_suggest("monitr", ops, nitems(ops)), "monitor");
	U_STREQ(diag_suggest("strat", ops, nitems(ops)), "start");
	U_STREQ(diag_suggest("migrate-to", ops, nitems(ops)), "migrate_to");
	U_STREQ(diag_suggest("stickiness", (const char *const[]){ "x" }, 1) ==
	    NULL ? "none" : "some", "none");
	U_STREQ(diag_suggest("resource-stickyness", metas, nitems(metas)),
	    "resource-stickiness");
	U_STREQ(diag_suggest("migration_threshold", metas, nitems(metas)),
	    "migration-threshold");
	U_STREQ(diag_suggest("target_role", metas, nitems(metas)),
	    "target-role");
	/* too far: no suggestion */
	U_STREQ(diag_suggest("restart", ops, nitems(ops)), "start");
	CU_ASSERT_PTR_NULL(diag_suggest("recover", ops, nitems(ops)));
	CU_ASSERT_PTR_NULL(diag_suggest("xyz", ops, nitems(ops)));
	/* the name itself is not a suggestion */
	CU_ASSERT_PTR_NULL(diag_suggest("stop", (const char *const[]){
	    "stop" }, 1));
	/* short names allow one edit, long names more */
	U_STREQ(diag_suggest("stp", ops, nitems(ops)), "stop");
	CU_ASSERT_PTR_NULL(diag_suggest("sp", ops, nitems(ops)));
	/* ties go to the first; NULL entries are skipped */
	U_STREQ(diag_suggest("abcx", tie, nitems(tie)), "abcd");
	CU_ASSERT_PTR_NULL(diag_suggest("a", NULL, 0));
}

static void
test_ctx_lines(void)
{
	struct ctx	*ctx;
	const char	*l;
	size_t		 len;

	ctx = ctx_new();
	ctx_add_source(ctx, "a.ha", "one\r\ntwo\n\nfour", 14);
	CU_ASSERT_EQUAL(ctx->sources[0]->nlines, 4);
	l = ctx_line(ctx, 0, 1, &len);
	CU_ASSERT_EQUAL(len, 3);
	CU_ASSERT_NSTRING_EQUAL(l, "one", 3);
	l = ctx_line(ctx, 0, 2, &len);
	CU_ASSERT_EQUAL(len, 3);
	CU_ASSERT_NSTRING_EQUAL(l, "two", 3);
	l = ctx_line(ctx, 0, 3, &len);
	CU_ASSERT_PTR_NOT_NULL(l);
	CU_ASSERT_EQUAL(len, 0);
	l = ctx_line(ctx, 0, 4, &len);
	CU_ASSERT_EQUAL(len, 4);
	CU_ASSERT_PTR_NULL(ctx_line(ctx, 0, 5, &len));
	CU_ASSERT_PTR_NULL(ctx_line(ctx, 0, 0, &len));
	CU_ASSERT_PTR_NULL(ctx_line(ctx, 1, 1, &len));
	CU_ASSERT_PTR_NULL(ctx_line(ctx, -1, 1, &len));
	/* the text is copied */
	U_STREQ(ctx->sources[0]->name, "a.ha");
	CU_ASSERT_EQUAL(ctx->sources[0]->len, 14);
	ctx_free(ctx);
	ctx_free(NULL);
}

/* --- map, buf, arena ---------------------------------------------------- */

static int
map_odd(void *v)
{
	return (intptr_t)v % 2 == 1;
}

static void
test_map(void)
{
	struct map	 m;
	struct mapent	*e;
	char		 keys[1000][8];
	int		 seen[1000];
	size_t		 i, it, n;

	map_init(&m);
	CU_ASSERT_PTR_NULL(map_get(&m, "x"));
	CU_ASSERT_PTR_NULL(map_suggest(&m, "x", NULL));
	it = 0;
	CU_ASSERT_PTR_NULL(map_next(&m, &it));

	CU_ASSERT_PTR_NULL(map_put(&m, "a", (void *)1));
	CU_ASSERT_PTR_NULL(map_put(&m, "b", (void *)2));
	/* a second put keeps the first value and returns it */
	CU_ASSERT_EQUAL((intptr_t)map_put(&m, "a", (void *)3), 1);
	CU_ASSERT_EQUAL((intptr_t)map_get(&m, "a"), 1);
	CU_ASSERT_EQUAL((intptr_t)map_get(&m, "b"), 2);
	CU_ASSERT_PTR_NULL(map_get(&m, "c"));
	CU_ASSERT_PTR_NULL(map_get(&m, ""));
	CU_ASSERT_EQUAL(m.n, 2);
	map_clear(&m);
	CU_ASSERT_EQUAL(m.n, 0);
	CU_ASSERT_PTR_NULL(map_get(&m, "a"));

	/* growth keeps every entry */
	for (i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%zu", i);
		CU_ASSERT_PTR_NULL(map_put(&m, keys[i], (void *)(i + 1)));
	}
	CU_ASSERT_EQUAL(m.n, 1000);
	n = 0;
	for (i = 0; i < 1000; i++)
		n += (size_t)(intptr_t)map_get(&m, keys[i]) == i + 1;
	CU_ASSERT_EQUAL(n, 1000);
	/* iteration visits each entry once */
	memset(seen, 0, sizeof seen);
	it = 0;
	n = 0;
	while ((e = map_next(&m, &it)) != NULL) {
		i = (size_t)(intptr_t)e->val - 1;
		if (i < 1000)
			seen[i]++;
		n++;
	}
	CU_ASSERT_EQUAL(n, 1000);
	for (i = 0; i < 1000 && seen[i] == 1; i++)
		;
	CU_ASSERT_EQUAL(i, 1000);
	map_clear(&m);

	/* suggestions, optionally filtered on the value */
	map_put(&m, "logstash", (void *)1);
	map_put(&m, "logstask", (void *)2);
	map_put(&m, "myvip", (void *)3);
	U_STREQ(map_suggest(&m, "myvp", NULL), "myvip");
	U_STREQ(map_suggest(&m, "logstakk", NULL), "logstask");
	U_STREQ(map_suggest(&m, "logstakk", map_odd), "logstash");
	CU_ASSERT_PTR_NULL(map_suggest(&m, "zzzzzzzz", NULL));
	CU_ASSERT_PTR_NULL(map_suggest(&m, "mvp", map_odd));
	map_clear(&m);
	map_clear(&m);
}

static void
test_buf(void)
{
	struct buf	 b;
	char		*s;
	size_t		 cap;
	int		 i;

	buf_init(&b);
	CU_ASSERT_PTR_NULL(b.data);
	s = buf_detach(&b);
	U_STREQ(s, "");
	free(s);

	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_printf(&b, "%d-%s", 42, "x");
	buf_repeat(&b, '.', 3);
	buf_add(&b, "yz", 1);
	U_STREQ(b.data, "abc42-x...y");
	CU_ASSERT_EQUAL(b.len, 11);
	/* an empty format adds nothing */
	buf_printf(&b, "%s", "");
	CU_ASSERT_EQUAL(b.len, 11);

	/* reset keeps the storage */
	cap = b.cap;
	buf_reset(&b);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_EQUAL(b.cap, cap);
	U_STREQ(b.data, "");

	/* NUL bytes are data */
	buf_add(&b, "a\0b", 3);
	CU_ASSERT_EQUAL(b.len, 3);
	CU_ASSERT_EQUAL(b.data[1], '\0');
	CU_ASSERT_EQUAL(b.data[3], '\0');

	/* growth past the first allocation */
	buf_reset(&b);
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "%04d", i % 10000);
	CU_ASSERT_EQUAL(b.len, 40000);
	CU_ASSERT_NSTRING_EQUAL(b.data + 39996, "9999", 4);
	CU_ASSERT_EQUAL(strlen(b.data), 40000);
	buf_repeat(&b, 'x', 100000);
	CU_ASSERT_EQUAL(b.len, 140000);
	CU_ASSERT_EQUAL(b.data[139999], 'x');
	CU_ASSERT_EQUAL(b.data[140000], '\0');

	s = buf_detach(&b);
	CU_ASSERT_PTR_NULL(b.data);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_EQUAL(strlen(s), 140000);
	free(s);
	buf_clear(&b);
}

static void
test_arena(void)
{
	struct arena	*a;
	char		*s, *big, *p[100];
	size_t		 i, used;
	int		 ok;

	arena_free(NULL);
	a = arena_new();
	CU_ASSERT_EQUAL(arena_used(a), 0);
	/* every object is aligned for pointers, integers and doubles */
	ok = 1;
	for (i = 0; i < 100; i++) {
		p[i] = arena_alloc(a, i + 1);
		ok &= ((uintptr_t)p[i] % ARENA_ALIGN) == 0;
		ok &= ((uintptr_t)p[i] % _Alignof(uint64_t)) == 0;
		ok &= ((uintptr_t)p[i] % _Alignof(double)) == 0;
		ok &= ((uintptr_t)p[i] % _Alignof(void *)) == 0;
		memset(p[i], (int)i, i + 1);
	}
	CU_ASSERT_TRUE(ok);
	/* and none overlaps another */
	ok = 1;
	for (i = 0; i < 100; i++)
		ok &= (unsigned char)p[i][i] == i && (unsigned char)p[i][0] == i;
	CU_ASSERT_TRUE(ok);
	used = arena_used(a);
	CU_ASSERT_TRUE(used >= 5050);

	s = arena_zalloc(a, 64);
	for (i = 0, ok = 1; i < 64; i++)
		ok &= s[i] == 0;
	CU_ASSERT_TRUE(ok);

	U_STREQ(arena_strdup(a, "hello"), "hello");
	U_STREQ(arena_strndup(a, "hello", 3), "hel");
	U_STREQ(arena_strndup(a, "", 0), "");
	U_STREQ(arena_printf(a, "%s=%d", "x", 7), "x=7");
	/* strings are packed; an object after an odd-sized one is aligned */
	s = arena_strdup(a, "odd");
	p[0] = arena_alloc(a, 3);
	p[1] = arena_alloc(a, sizeof(uint64_t));
	CU_ASSERT_EQUAL((uintptr_t)p[0] % ARENA_ALIGN, 0);
	CU_ASSERT_EQUAL((uintptr_t)p[1] % ARENA_ALIGN, 0);
	CU_ASSERT_TRUE(p[1] >= p[0] + 3 || p[1] + 8 <= p[0]);
	U_STREQ(s, "odd");
	s = arena_strdup(a, "odd");
	p[0] = arena_allocarray(a, 3, sizeof(uint64_t));
	CU_ASSERT_EQUAL((uintptr_t)p[0] % ARENA_ALIGN, 0);
	memset(p[0], 'x', 3 * sizeof(uint64_t));
	U_STREQ(s, "odd");

	/* a large object and many chunks' worth of small ones */
	big = arena_alloc(a, 1 << 20);
	memset(big, 'b', 1 << 20);
	CU_ASSERT_TRUE(arena_used(a) >= used + (1 << 20));
	for (i = 0; i < 10000; i++)
		s = arena_strdup(a, "a string in the arena");
	U_STREQ(s, "a string in the arena");
	CU_ASSERT_EQUAL(big[(1 << 20) - 1], 'b');
	arena_free(a);
}

/* --- printer ------------------------------------------------------------ */

/*
 * Inputs and their canonical forms. Every input here, and every canonical
 * form, also goes through the idempotence test.
 */
static const struct {
	const char	*in;
	const char	*out;
} fmt_cases[] = {
	/* layout: indentation, one item per line, spacing around '=' */
	{ "resource   a    x{p=1\n  q   =  2\n   op  monitor  interval = 30s "
	  "timeout=1m\n}\n",
	  "resource a x {\n    p = 1\n    q = 2\n"
	  "    op monitor interval=30s timeout=1m\n}\n" },
	/* a one-line block stays on one line, with "; " between items */
	{ "resource a x {p=1;q=2}\n", "resource a x { p = 1; q = 2 }\n" },
	{ "defaults { resource-stickiness = 100 }\n",
	  "defaults { resource-stickiness = 100 }\n" },
	/* unless it is too long for 100 columns */
	{ "resource a-long-resource-name ocf:heartbeat:IPaddr2 { ip = "
	  "10.51.10.150; cidr_netmask = 23; nic = eth0; extra = x }\n",
	  "resource a-long-resource-name ocf:heartbeat:IPaddr2 {\n"
	  "    ip = 10.51.10.150\n    cidr_netmask = 23\n    nic = eth0\n"
	  "    extra = x\n}\n" },
	/* or holds a block */
	{ "cluster c { node n1 { id = 1 }; node n2 { id = 2 } }\n",
	  "cluster c {\n    node n1 { id = 1 }\n    node n2 { id = 2 }\n}\n" },
	/* a multi-line block stays multi-line */
	{ "resource a x {\n    p = 1 }\n",
	  "resource a x {\n    p = 1\n}\n" },
	/* an empty one-line block is dropped where it is optional */
	{ "resource a x {}\nresource b y { }\nfence f z {}\n",
	  "resource a x\nresource b y\nfence f z\n" },
	{ "cluster c {}\ngroup g { }\ndefaults {}\nop-defaults{}\n",
	  "cluster c {}\ngroup g {}\ndefaults {}\nop-defaults {}\n" },
	/* "name value" reads as "name = value" */
	{ "cluster c { node n1 { addr 10.0.0.1; id 1 } }\n",
	  "cluster c {\n    node n1 { addr = 10.0.0.1; id = 1 }\n}\n" },
	/* except in groups, where words are members */
	{ "group g { a b\n c }\n", "group g {\n    a b\n    c\n}\n" },
	{ "group g { a b }\n", "group g { a b }\n" },
	/* lists */
	{ "resource a x { p = a ,b,  c }\n", "resource a x { p = a, b, c }\n" },
	{ "resource a x { op monitor p=a , b }\n",
	  "resource a x { op monitor p=a,b }\n" },
	/* meta, utilization, attr, property keep name=value */
	{ "resource a x { meta a = 1 b=2; utilization cpu = 1 }\n",
	  "resource a x { meta a=1 b=2; utilization cpu=1 }\n" },
	{ "resource a x { meta { a = 1 } }\n",
	  "resource a x {\n    meta { a = 1 }\n}\n" },
	{ "cluster c {\nproperty  a = 1\nnode n { attr s = 1 }\n}\n",
	  "cluster c {\n    property a=1\n    node n { attr s=1 }\n}\n" },
	/* quoting: only what must be quoted */
	{ "resource \"a\" \"ocf:x:y\" { p = \"plain\"; q = \"with space\"; "
	  "r = \"\" }\n",
	  "resource a ocf:x:y { p = plain; q = \"with space\"; r = \"\" }\n" },
	/* after '=' a keyword is a plain word */
	{ "resource a x { p = \"group\"; q = \"a:\"; r = \"::\"; s = \":\" }\n",
	  "resource a x { p = group; q = \"a:\"; r = ::; s = \":\" }\n" },
	{ "resource a x { p = group, \"then\"; op monitor q=with }\n",
	  "resource a x { p = group, then; op monitor q=with }\n" },
	/* elsewhere it is quoted */
	{ "resource \"group\" x\n", "resource \"group\" x\n" },
	{ "group g { a \"clone\" }\n", "group g { a \"clone\" }\n" },
	{ "resource a x { \"rule\" x }\n", "resource a x { \"rule\" x }\n" },
	{ "resource a x { p = \"#uname\"; q = \"#foo\"; r = \"a#b\" }\n",
	  "resource a x { p = #uname; q = \"#foo\"; r = \"a#b\" }\n" },
	{ "resource a x { p = \"tab\\there\\n\"; q = \"q\\\"\\\\\"; "
	  "r = \"\\x01\" }\n",
	  "resource a x { p = \"tab\\there\\n\"; q = \"q\\\"\\\\\"; "
	  "r = \"\\x01\" }\n" },
	{ "resource a x { p = \"a=b\"; q = \"a,b\"; r = \"(x)\"; s = \"{\" }\n",
	  "resource a x { p = \"a=b\"; q = \"a,b\"; r = \"(x)\"; s = \"{\" }\n" },
	/* a bare word that is not a name key stays as the user wrote it */
	{ "resource a x { \"p q\" r }\n", "resource a x { \"p q\" r }\n" },
	{ "resource a x { \"#uname\" r; \"p\" r }\n",
	  "resource a x { #uname r; p = r }\n" },
	/* includes are always quoted */
	{ "include common.ha\n", "include \"common.ha\"\n" },
	/* locations */
	{ "location a prefers n1=50,n2\n", "location a prefers n1 = 50, n2\n" },
	{ "location a avoids n1 resource-discovery = never\n",
	  "location a avoids n1 resource-discovery=never\n" },
	{ "location a rule 100 : x eq 1 and(y ne 2 or z gt 3)\n",
	  "location a rule 100: x eq 1 and (y ne 2 or z gt 3)\n" },
	{ "location a rule -INFINITY: defined x or not_defined y "
	  "rule \"#uname\" eq \"n 1\" role=Promoted\n",
	  "location a rule -INFINITY: defined x or not_defined y rule "
	  "#uname eq \"n 1\" role=Promoted\n" },
	/* redundant parentheses go */
	{ "location a rule ((x eq 1))\n", "location a rule (x eq 1)\n" },
	/* keywords compared with are bare, but "and" and "or" */
	{ "location a rule x eq \"group\" and y eq \"and\" or z ne \"or\"\n",
	  "location a rule x eq group and y eq \"and\" or z ne \"or\"\n" },
	/* colocations and orders */
	{ "colocate a with b\n", "colocate a with b\n" },
	{ "colocate a  Promoted  with b -INFINITY  influence = false\n",
	  "colocate a Promoted with b -INFINITY influence=false\n" },
	{ "colocate ( a b\n c  sequential = false ) with (d)\n",
	  "colocate (a b c sequential=false) with (d)\n" },
	{ "order (sequential=false) then a\n",
	  "order (sequential=false) then a\n" },
	{ "order a start then b start then c kind = Optional\n",
	  "order a start then b start then c kind=Optional\n" },
	{ "order ()\n", "order ()\n" },
	/* fencing levels */
	{ "fencing-level n1 1 : f1 ,f2 f3\n",
	  "fencing-level n1 1: f1, f2, f3\n" },
	{ "fencing-level rack = r1 2: f1\n", "fencing-level rack=r1 2: f1\n" },
	/* clones */
	{ "clone c of g{meta interleave=true}\npromotable p of r\n",
	  "clone c of g { meta interleave=true }\npromotable p of r\n" },
	/* comments: on their own line, at the end of a line, in blocks */
	{ "# head\n\n\n\n# second\nresource a x { # brace\n    # lead\n"
	  "    p = 1 # trail\n\n\n    q = 2\n    # last\n} # close\n# tail\n",
	  "# head\n\n# second\nresource a x { # brace\n    # lead\n"
	  "    p = 1 # trail\n\n    q = 2\n    # last\n} # close\n# tail\n" },
	{ "#no space\n#   more\n", "#no space\n#   more\n" },
	{ "resource a x # c   \n", "resource a x # c\n" },
	/* a comment inside a multi-line item moves after it */
	{ "order (a # in set\n  b) then c\n",
	  "order (a b) then c\n# in set\n" },
	/* a comment after the last item of a file */
	{ "resource a x\n\n# end", "resource a x\n\n# end\n" },
	/* blank lines: kept (as one) between statements, not at the ends */
	{ "\n\nresource a x\n\n\n\nresource b y\n\n\n",
	  "resource a x\n\nresource b y\n" },
	{ "resource a x {\n\n    p = 1\n\n}\n",
	  "resource a x {\n    p = 1\n}\n" },
	/* separators become newlines */
	{ "resource a x; resource b y;;\n", "resource a x\nresource b y\n" },
	{ "", "" },
};

static void
test_fmt_cases(void)
{
	size_t	i;

	for (i = 0; i < nitems(fmt_cases); i++) {
		const char	*got = unit_fmt(fmt_cases[i].in);

		if (strcmp(got, fmt_cases[i].out) != 0) {
			unit_mismatch(__FILE__, __LINE__, fmt_cases[i].in, got,
			    fmt_cases[i].out);
			CU_FAIL("fmt output differs");
		} else
			CU_PASS("fmt output");
	}
}

/* A policy that uses every construct of the language. */
static const char *const fmt_everything =
    "# everything.ha\n"
    "include \"common.ha\"\n"
    "cluster dev-samm {\n"
    "    node dev-samm-01 { addr = 10.51.11.231; id = 1 }\n"
    "    node dev-samm-02 {\n"
    "        addr = 10.51.11.232, fe80::2\n"
    "        id = 2\n"
    "        attr site=dc1 rack=\"r 1\"\n"
    "        utilization cpu=8 memory=16384\n"
    "        standby = false\n"
    "    }\n"
    "    quorum { two_node = true; wait_for_all = true }\n"
    "    ring { port = 5405; token = 3s }\n"
    "    property stonith-enabled=true\n"
    "    property no-quorum-policy=stop\n"
    "}\n"
    "defaults { resource-stickiness = 100 } # rsc_defaults\n"
    "op-defaults { timeout = 20s }\n"
    "\n"
    "fence ipmi-01 stonith:fence_ipmilan {\n"
    "    ip = 10.51.12.1\n"
    "    pcmk_host_list = dev-samm-01\n"
    "}\n"
    "resource myvip ocf:heartbeat:IPaddr2 {\n"
    "    ip = 10.51.10.150\n"
    "    op monitor interval=30s timeout=30s\n"
    "    op start timeout=15s on-fail=restart\n"
    "    meta migration-threshold=3\n"
    "}\n"
    "group nfs {\n"
    "    nfs-fs nfs-server\n"
    "    resource nfs-ip ocf:heartbeat:IPaddr2 { ip = 10.0.0.9 }\n"
    "}\n"
    "clone ping-gw ocf:pacemaker:ping { host_list = 10.51.10.1; "
    "meta clone-max=2 }\n"
    "clone nfs-clone of nfs\n"
    "promotable drbd-r0 ocf:linbit:drbd {\n"
    "    drbd_resource = r0\n"
    "    meta promoted-max=1 notify=true\n"
    "    op monitor interval=29s role=Promoted\n"
    "}\n"
    "colocate myvip with logstash\n"
    "colocate (a b sequential=false) with drbd-r0 Promoted 500\n"
    "order logstash then myvip kind=Optional\n"
    "order drbd-r0 promote then (x y) start\n"
    "location logstash prefers dev-samm-01 = 50, dev-samm-02\n"
    "location logstash avoids dev-samm-02\n"
    "location db rule 100: site eq dc1 and #uname ne dev-samm-02 "
    "resource-discovery=exclusive\n"
    "location db rule -INFINITY: not_defined site or (defined x and "
    "y lt 3)\n"
    "fencing-level dev-samm-01 1: ipmi-01, apc-01\n"
    "fencing-level rack=r1 2: apc-01\n";

static void
test_fmt_everything(void)
{
	/* the canonical form prints unchanged */
	U_STREQ(unit_fmt(fmt_everything), fmt_everything);
}

static void
test_fmt_idempotent(void)
{
	const char	*once, *twice;
	size_t		 i;

	for (i = 0; i < nitems(fmt_cases) * 2; i++) {
		const char	*in = i % 2 == 0 ? fmt_cases[i / 2].in :
				    fmt_cases[i / 2].out;

		once = unit_fmt(in);
		if (strncmp(once, "ERROR\n", 6) == 0) {
			unit_mismatch(__FILE__, __LINE__, in, once, "");
			CU_FAIL("an input of the printer tests does not parse");
			continue;
		}
		twice = unit_fmt(once);
		if (strcmp(once, twice) != 0) {
			unit_mismatch(__FILE__, __LINE__, in, twice, once);
			CU_FAIL("fmt(fmt(x)) != fmt(x)");
		} else
			CU_PASS("idempotent");
	}
	once = unit_fmt(fmt_everything);
	U_STREQ(unit_fmt(once), once);
}

/* Print a parsed tree as a line of text, to compare two parses. */
static const char *
tree_str(const char *text)
{
	struct ctx	*ctx;
	struct source	*src;
	struct stmt	*st;
	struct item	*it;
	struct term	*t;
	struct rule	*r;
	struct buf	 b;

	ctx = unit_parse(text, &src);
	buf_init(&b);
	for (st = src->stmts; st != NULL; st = st->next) {
		buf_printf(&b, "[%d %s %s %s %s", st->kind,
		    st->name.text ? st->name.text : "-",
		    st->agent.text ? st->agent.text : "-",
		    st->of.text ? st->of.text : "-", kvs_str(st->opts));
		for (it = st->body ? st->body->items : NULL; it != NULL;
		    it = it->next) {
			/* "name value" means "name = value" outside groups */
			if (it->kind == ITEM_WORDS && it->val.n == 2 &&
			    st->kind != STMT_GROUP)
				buf_printf(&b, " {%d %s %s }", ITEM_ATTR,
				    it->val.v[0].text, it->val.v[1].text);
			else
				buf_printf(&b, " {%d %s %s %s}", it->kind,
				    it->name.text ? it->name.text : "-",
				    value_str(&it->val), kvs_str(it->kvs));
		}
		buf_printf(&b, " %s", kvs_str(st->scores));
		for (r = st->rules; r != NULL; r = r->next)
			buf_printf(&b, " rule %s %s", r->score.text ?
			    r->score.text : "-", expr_str(r->expr));
		for (t = st->terms; t != NULL; t = t->next)
			buf_printf(&b, " <%s>", term_str(t));
		buf_puts(&b, "]\n");
	}
	ctx_free(ctx);
	return unit_keep(buf_detach(&b));
}

static void
test_fmt_same_tree(void)
{
	size_t	i;

	/* the printed form parses back to the same tree */
	for (i = 0; i < nitems(fmt_cases); i++) {
		const char	*a = tree_str(fmt_cases[i].in);
		const char	*b = tree_str(unit_fmt(fmt_cases[i].in));

		if (strcmp(a, b) != 0) {
			unit_mismatch(__FILE__, __LINE__, fmt_cases[i].in, b,
			    a);
			CU_FAIL("fmt changed the tree");
		} else
			CU_PASS("same tree");
	}
}

static void
test_fmt_errors(void)
{
	/* a file with syntax errors is not printed */
	U_STREQ(unit_fmt("resource a\n"),
	    "ERROR\nt.ha:1:11: error: unexpected end of line, expected a "
	    "name or value\n"
	    "    1 | resource a\n"
	    "      |           ^\n");
}

static void
test_fmt_print_word(void)
{
	struct buf	b;
	struct word	w;

	buf_init(&b);
	memset(&w, 0, sizeof w);
	w.text = "x y";
	print_word(&b, &w);
	buf_putc(&b, ' ');
	w.text = "plain";
	w.quoted = 1;		/* quoted in the source: printed bare */
	print_word(&b, &w);
	buf_putc(&b, ' ');
	print_string(&b, "a\"b\\c\x7f", 1);
	buf_putc(&b, ' ');
	print_string(&b, "raw\n", 0);
	U_STREQ(b.data, "\"x y\" plain \"a\\\"b\\\\c\\x7f\" raw\\n");
	buf_clear(&b);
}

static const struct unit_test scanner_tests[] = {
	{ "newline ends a statement", test_scan_newline_ends_statement },
	{ "newline continues a statement", test_scan_newline_continues },
	{ "KEY lookahead", test_scan_keys },
	{ "words", test_scan_words },
	{ "built-in attributes vs comments", test_scan_builtin_attributes },
	{ "comments kept", test_scan_comments_kept },
	{ "strings", test_scan_strings },
	{ "NUL byte in a string", test_scan_nul_in_string },
	{ "stray characters", test_scan_stray },
	{ "nesting limit", test_scan_nesting_limit },
	{ "token locations", test_scan_locations },
	{ "bare words and keywords", test_scan_bare_words },
	{ NULL, NULL }
};

static const struct unit_test parser_tests[] = {
	{ "resource and fence", test_parse_resource },
	{ "group, clone, promotable", test_parse_group_clone },
	{ "cluster and defaults", test_parse_cluster },
	{ "location", test_parse_location },
	{ "colocate and order", test_parse_colocate_order },
	{ "fencing-level and include", test_parse_fencing_include },
	{ "separators", test_parse_separators },
	{ "syntax errors", test_parse_errors },
	{ "no internal token names", test_parse_no_internal_names },
	{ "recovery", test_parse_recovery },
	{ "error cap", test_parse_many_errors_capped },
	{ NULL, NULL }
};

static const struct unit_test diag_tests[] = {
	{ "render", test_diag_render },
	{ "render spans", test_diag_render_spans },
	{ "color", test_diag_color },
	{ "sort", test_diag_sort },
	{ "cap", test_diag_cap },
	{ "distance", test_diag_distance },
	{ "suggest", test_diag_suggest },
	{ "ctx lines", test_ctx_lines },
	{ NULL, NULL }
};

static const struct unit_test util_tests[] = {
	{ "map", test_map },
	{ "buf", test_buf },
	{ "arena", test_arena },
	{ NULL, NULL }
};

static const struct unit_test printer_tests[] = {
	{ "canonical forms", test_fmt_cases },
	{ "everything", test_fmt_everything },
	{ "idempotence", test_fmt_idempotent },
	{ "same tree", test_fmt_same_tree },
	{ "syntax errors", test_fmt_errors },
	{ "print_word", test_fmt_print_word },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "scanner", scanner_tests },
	{ "parser", parser_tests },
	{ "diag", diag_tests },
	{ "util", util_tests },
	{ "printer", printer_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
