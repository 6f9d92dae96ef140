/*
 * metadata.c: read what an agent's meta-data says: its name, the
 * parameters it takes and the actions it supports. OCF resource agents and
 * fence agents share the format (<resource-agent> with <parameters> and
 * <actions>).
 *
 * The XML is read here, not with libxml2: linking libxml2 maps it, ICU and
 * libstdc++ into the long-lived daemon (1.5 to 2.5 MB of an idle hacd's
 * resident pages, for a few names read when a fence device starts). The
 * reader checks what well-formed XML needs for this document type:
 * elements nested and closed in order, attributes quoted and not
 * repeated, the five predefined entities and character references,
 * comments, processing instructions, CDATA sections and a DOCTYPE (whose
 * internal subset is skipped: an entity it or an external DTD declares is
 * refused where it is used, its text unknown). It does not check that characters are legal XML characters or
 * that the encoding is what the declaration says: the names it returns
 * are the bytes between the quotes, references decoded.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "runtime.h"

#define METADATA_MAX_ITEMS	1024
#define METADATA_MAX_DEPTH	256
#define METADATA_MAX_ATTRS	64

struct metadata {
	char	 *name;
	char	**params;
	size_t	  nparams;
	char	**actions;
	size_t	  nactions;
};

/* The reader: the text, where it is, and the first error. */
struct mdread {
	const char	*p;
	const char	*end;
	int		 line;
	char		*error;
	struct metadata	*md;
	char		 root[64];
};

/* Note an error (the first one wins); always -1. */
static int printflike(2, 3)
mdr_error(struct mdread *r, const char *fmt, ...)
{
	va_list	ap;
	char	*msg;

	if (r->error == NULL) {
		va_start(ap, fmt);
		xvasprintf(&msg, fmt, ap);
		va_end(ap);
		xasprintf(&r->error, "meta-data is not XML: line %d: %s",
		    r->line, msg);
		free(msg);
	}
	return -1;
}

/* Step over n bytes, counting lines. */
static void
mdr_skip(struct mdread *r, size_t n)
{
	for (; n > 0 && r->p < r->end; n--, r->p++) {
		if (*r->p == '\n')
			r->line++;
	}
}

/* Whether the text at the reader starts with s. */
static int
mdr_at(const struct mdread *r, const char *s)
{
	size_t	n = strlen(s);

	return (size_t)(r->end - r->p) >= n && memcmp(r->p, s, n) == 0;
}

static int
mdr_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
mdr_spaces(struct mdread *r)
{
	while (r->p < r->end && mdr_space((unsigned char)*r->p))
		mdr_skip(r, 1);
}

/* Skip to just past the first end after the reader; -1 if none. */
static int
mdr_past(struct mdread *r, const char *end, const char *what)
{
	while (r->p < r->end && !mdr_at(r, end))
		mdr_skip(r, 1);
	if (r->p == r->end)
		return mdr_error(r, "%s not closed", what);
	mdr_skip(r, strlen(end));
	return 0;
}

/* Skip the comment or processing instruction at the reader. */
static int
mdr_comment(struct mdread *r)
{
	if (mdr_at(r, "<!--"))
		return mdr_past(r, "-->", "a comment");
	return mdr_past(r, "?>", "a processing instruction");
}

static int
mdr_namechar(int c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c == '_' || c == ':' || c >= 0x80 ||
	    (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* Read a name into the reader's span [*s, *s + *n); -1 if none. */
static int
mdr_name(struct mdread *r, const char **s, size_t *n)
{
	*s = r->p;
	if (r->p == r->end || !mdr_namechar((unsigned char)*r->p, 1))
		return mdr_error(r, "a name is expected");
	while (r->p < r->end && mdr_namechar((unsigned char)*r->p, 0))
		r->p++;
	*n = (size_t)(r->p - *s);
	return 0;
}

/* Append code point cp to b as UTF-8; -1 if it is no character. */
static int
mdr_utf8(struct buf *b, unsigned long cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	if (cp < 0x80)
		buf_putc(b, (char)cp);
	else if (cp < 0x800) {
		buf_putc(b, (char)(0xc0 | cp >> 6));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(b, (char)(0xe0 | cp >> 12));
		buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(b, (char)(0xf0 | cp >> 18));
		buf_putc(b, (char)(0x80 | (cp >> 12 & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	}
	return 0;
}

/* A reference at the reader ('&'), decoded into b (if not NULL). */
static int
mdr_ref(struct mdread *r, struct buf *b)
{
	static const struct {
		const char	*name;
		char		 c;
	} predefined[] = {
		{ "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' },
		{ "quot;", '"' }, { "apos;", '\'' }
	};
	struct buf	 tmp;
	unsigned long	 cp = 0;
	size_t		 i;
	int		 hex, digits = 0;

	r->p++;
	for (i = 0; i < nitems(predefined); i++) {
		if (mdr_at(r, predefined[i].name)) {
			if (b != NULL)
				buf_putc(b, predefined[i].c);
			r->p += strlen(predefined[i].name);
			return 0;
		}
	}
	if (r->p == r->end || *r->p != '#') {
		const char	*s = r->p;

		while (r->p < r->end && r->p - s < 64 && *r->p != ';' &&
		    mdr_namechar((unsigned char)*r->p, r->p == s))
			r->p++;
		return mdr_error(r, "entity '%.*s' is not defined",
		    (int)(r->p - s), s);
	}
	r->p++;
	hex = r->p < r->end && *r->p == 'x';
	if (hex)
		r->p++;
	for (; r->p < r->end && *r->p != ';'; r->p++, digits++) {
		int	c = (unsigned char)*r->p, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (hex && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return mdr_error(r, "a bad character reference");
		if (cp > 0x10ffff)
			return mdr_error(r, "a bad character reference");
		cp = cp * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (r->p == r->end || digits == 0)
		return mdr_error(r, "a bad character reference");
	r->p++;
	buf_init(&tmp);
	if (mdr_utf8(b != NULL ? b : &tmp, cp) == -1) {
		buf_clear(&tmp);
		return mdr_error(r, "a character reference to no character");
	}
	buf_clear(&tmp);
	return 0;
}

/* A quoted attribute value at the reader, decoded into b. */
static int
mdr_value(struct mdread *r, struct buf *b)
{
	char	q;

	if (r->p == r->end || (*r->p != '"' && *r->p != '\''))
		return mdr_error(r, "an attribute value must be quoted");
	q = *r->p++;
	while (r->p < r->end && *r->p != q) {
		if (*r->p == '<')
			return mdr_error(r, "'<' in an attribute value");
		if (*r->p == '&') {
			if (mdr_ref(r, b) == -1)
				return -1;
			continue;
		}
		if (*r->p == '\0')
			return mdr_error(r, "a NUL byte");
		/* Line ends and whitespace in values become spaces. */
		if (!mdr_at(r, "\r\n"))
			buf_putc(b, mdr_space((unsigned char)*r->p) ? ' ' :
			    *r->p);
		mdr_skip(r, 1);
	}
	if (r->p == r->end)
		return mdr_error(r, "an attribute value is not closed");
	r->p++;
	buf_putc(b, '\0');
	return 0;
}

/* Add name to a list of n. */
static void
mdr_add(char ***list, size_t *n, const char *name)
{
	if (*n >= METADATA_MAX_ITEMS)
		return;
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = xstrdup(name);
}

/*
 * An element at the reader ('<' and a name), its content and its end tag.
 * path holds the names of its ancestors: what the element is for the
 * meta-data is known from them.
 */
static int
mdr_element(struct mdread *r, int depth, const char *parent)
{
	const char	*name, *an, *seen[METADATA_MAX_ATTRS], *en;
	size_t		 namelen, anlen, seenlen[METADATA_MAX_ATTRS], nseen = 0;
	size_t		 enlen, i;
	char		 self[64];
	struct buf	 v;
	int		 empty = 0, ok;

	if (depth > METADATA_MAX_DEPTH)
		return mdr_error(r, "elements nested too deep");
	r->p++;
	if (mdr_name(r, &name, &namelen) == -1)
		return -1;
	snprintf(self, sizeof self, "%.*s", (int)namelen, name);
	if (depth == 0)
		snprintf(r->root, sizeof r->root, "%s", self);
	for (;;) {
		ok = r->p < r->end && mdr_space((unsigned char)*r->p);
		mdr_spaces(r);
		if (r->p == r->end)
			return mdr_error(r, "tag %s not closed", self);
		if (*r->p == '>') {
			r->p++;
			break;
		}
		if (mdr_at(r, "/>")) {
			r->p += 2;
			empty = 1;
			break;
		}
		if (!ok)
			return mdr_error(r, "a space is expected in tag %s",
			    self);
		if (mdr_name(r, &an, &anlen) == -1)
			return -1;
		for (i = 0; i < nseen; i++) {
			if (seenlen[i] == anlen && memcmp(seen[i], an,
			    anlen) == 0)
				return mdr_error(r, "attribute %.*s given "
				    "twice", (int)anlen, an);
		}
		if (nseen == nitems(seen))
			return mdr_error(r, "too many attributes");
		seen[nseen] = an;
		seenlen[nseen++] = anlen;
		mdr_spaces(r);
		if (r->p == r->end || *r->p != '=')
			return mdr_error(r, "'=' is expected after attribute "
			    "%.*s", (int)anlen, an);
		r->p++;
		mdr_spaces(r);
		buf_init(&v);
		if (mdr_value(r, &v) == -1) {
			buf_clear(&v);
			return -1;
		}
		if (anlen == 4 && memcmp(an, "name", 4) == 0) {
			if (depth == 0 && r->md->name == NULL)
				r->md->name = xstrdup(v.data);
			else if (depth == 2 && strcmp(parent, "parameters") ==
			    0 && strcmp(self, "parameter") == 0)
				mdr_add(&r->md->params, &r->md->nparams,
				    v.data);
			else if (depth == 2 && strcmp(parent, "actions") ==
			    0 && strcmp(self, "action") == 0)
				mdr_add(&r->md->actions, &r->md->nactions,
				    v.data);
		}
		buf_clear(&v);
	}
	if (empty)
		return 0;

	/* The content, up to the end tag. */
	while (r->p < r->end) {
		if (*r->p == '&') {
			if (mdr_ref(r, NULL) == -1)
				return -1;
		} else if (*r->p == '\0')
			return mdr_error(r, "a NUL byte");
		else if (*r->p != '<')
			mdr_skip(r, 1);
		else if (mdr_at(r, "<!--") || mdr_at(r, "<?")) {
			if (mdr_comment(r) == -1)
				return -1;
		} else if (mdr_at(r, "<![CDATA[")) {
			if (mdr_past(r, "]]>", "a CDATA section") == -1)
				return -1;
		} else if (mdr_at(r, "</")) {
			r->p += 2;
			if (mdr_name(r, &en, &enlen) == -1)
				return -1;
			if (enlen != namelen || memcmp(en, name, namelen) != 0)
				return mdr_error(r, "tag %s ends with </%.*s>",
				    self, (int)enlen, en);
			mdr_spaces(r);
			if (r->p == r->end || *r->p != '>')
				return mdr_error(r, "end tag %s not closed",
				    self);
			r->p++;
			return 0;
		} else if (mdr_element(r, depth + 1, self) == -1)
			return -1;
	}
	return mdr_error(r, "tag %s not closed", self);
}

/* Comments, processing instructions and spaces before or after the root. */
static int
mdr_misc(struct mdread *r, int doctype)
{
	for (;;) {
		mdr_spaces(r);
		if (mdr_at(r, "<!--") || mdr_at(r, "<?")) {
			if (mdr_comment(r) == -1)
				return -1;
		} else if (doctype && mdr_at(r, "<!DOCTYPE")) {
			/* Skipped, quotes and an internal subset too. */
			char	q = 0;
			int	subset = 0;

			doctype = 0;
			for (mdr_skip(r, 9); r->p < r->end; mdr_skip(r, 1)) {
				if (q != 0) {
					if (*r->p == q)
						q = 0;
				} else if (subset && mdr_at(r, "<!--")) {
					if (mdr_comment(r) == -1)
						return -1;
					r->p--;	/* at its '>' */
				} else if (*r->p == '"' || *r->p == '\'')
					q = *r->p;
				else if (*r->p == '[')
					subset = 1;
				else if (*r->p == ']')
					subset = 0;
				else if (*r->p == '>' && !subset)
					break;
			}
			if (r->p == r->end)
				return mdr_error(r, "DOCTYPE not closed");
			r->p++;
		} else
			return 0;
	}
}

/*
 * Parse len bytes of meta-data. Returns a new metadata (metadata_free), or
 * NULL with *cause (the caller frees it) when it is not XML or not a
 * <resource-agent>.
 */
struct metadata *
metadata_parse(const char *xml, size_t len, char **cause)
{
	struct mdread	 r;

	memset(&r, 0, sizeof r);
	r.p = xml;
	r.end = xml + len;
	r.line = 1;
	r.md = xcalloc(1, sizeof *r.md);
	if (mdr_at(&r, "\xef\xbb\xbf"))
		r.p += 3;
	if (mdr_misc(&r, 1) == 0) {
		if (r.p == r.end)
			mdr_error(&r, "no element");
		else if (*r.p != '<')
			mdr_error(&r, "text before the first element");
		else if (mdr_element(&r, 0, "") == 0 && mdr_misc(&r, 0) == 0 &&
		    r.p != r.end)
			mdr_error(&r, "more after the document's element");
	}
	if (r.error == NULL && strcmp(r.root, "resource-agent") != 0)
		xasprintf(&r.error, "meta-data has <%s> where "
		    "<resource-agent> belongs", r.root);
	if (r.error != NULL) {
		*cause = r.error;
		metadata_free(r.md);
		return NULL;
	}
	if (r.md->name == NULL)
		r.md->name = xstrdup("");
	return r.md;
}

/* Free metadata; md may be NULL. */
void
metadata_free(struct metadata *md)
{
	size_t	i;

	if (md == NULL)
		return;
	for (i = 0; i < md->nparams; i++)
		free(md->params[i]);
	for (i = 0; i < md->nactions; i++)
		free(md->actions[i]);
	free(md->params);
	free(md->actions);
	free(md->name);
	free(md);
}

/* The agent's name as its meta-data gives it ("" if none). */
const char *
metadata_name(const struct metadata *md)
{
	return md->name;
}

/* Whether a name is in a list of n. */
static int
metadata_find(char *const *list, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i], name) == 0)
			return 1;
	}
	return 0;
}

/* Whether the agent declares parameter name. */
int
metadata_has_param(const struct metadata *md, const char *name)
{
	return metadata_find(md->params, md->nparams, name);
}

/* Whether the agent declares action name. */
int
metadata_has_action(const struct metadata *md, const char *name)
{
	return metadata_find(md->actions, md->nactions, name);
}

/* How many actions the agent declares. */
size_t
metadata_nactions(const struct metadata *md)
{
	return md->nactions;
}
