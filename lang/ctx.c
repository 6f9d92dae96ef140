/*
 * ctx.c: a compilation context: the arena that owns everything a parse and
 * a check produce, the table of source files (for locations and caret
 * lines), and the diagnostics list that main() renders.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

struct deferred {
	void		(*fn)(void *);
	void		 *arg;
	struct deferred	 *next;
};

/* Create an empty context. */
struct ctx *
ctx_new(void)
{
	struct ctx	*ctx;

	ctx = xcalloc(1, sizeof *ctx);
	ctx->arena = arena_new();
	ctx->diags.max_errors = DIAG_MAX_ERRORS;
	return ctx;
}

/* Free a context and everything in its arena; NULL is a no-op. */
void
ctx_free(struct ctx *ctx)
{
	struct deferred	*d;
	size_t		 i;

	if (ctx == NULL)
		return;
	for (d = ctx->deferred; d != NULL; d = d->next)
		d->fn(d->arg);
	for (i = 0; i < ctx->nsources; i++) {
		free(ctx->sources[i]->lines);
		free(ctx->sources[i]->comments);
	}
	free(ctx->sources);
	free(ctx->diags.v);
	map_clear(&ctx->broken);
	arena_free(ctx->arena);
	free(ctx);
}

/*
 * A new source named name with len bytes of text, which the arena holds,
 * followed by two NULs: the scanner reads it in place (lex_begin()). Its
 * index is its position in ctx->sources.
 */
static struct source *
ctx_new_source(struct ctx *ctx, const char *name, const char *text,
    size_t len)
{
	struct source	*src;
	const char	*p, *end = text + len;
	size_t		 n, cap;

	src = arena_zalloc(ctx->arena, sizeof *src);
	src->name = arena_strdup(ctx->arena, name);
	src->text = text;
	src->len = len;

	cap = 64;
	src->lines = xreallocarray(NULL, cap, sizeof *src->lines);
	n = 0;
	src->lines[n++] = 0;
	for (p = text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		if (n == cap) {
			cap *= 2;
			src->lines = xreallocarray(src->lines, cap,
			    sizeof *src->lines);
		}
		src->lines[n++] = (size_t)(p - text) + 1;
	}
	src->nlines = n;

	ctx->sources = xreallocarray(ctx->sources, ctx->nsources + 1,
	    sizeof *ctx->sources);
	ctx->sources[ctx->nsources++] = src;
	return src;
}

/*
 * Add a source named name with len bytes of text (copied into the arena).
 * Returns the source; its index is its position in ctx->sources.
 */
struct source *
ctx_add_source(struct ctx *ctx, const char *name, const char *text,
    size_t len)
{
	char	*copy;

	if (len > SIZE_MAX - 2)
		abort();
	copy = arena_alloc(ctx->arena, len + 2);
	memcpy(copy, text, len);
	copy[len] = copy[len + 1] = '\0';
	return ctx_new_source(ctx, name, copy, len);
}

/*
 * Read the file at path into a new source. On failure return NULL and set
 * *cause to a message the caller frees. A regular file is read straight
 * into the arena, at the size fstat() gives; anything else (or a file that
 * grew meanwhile) through a buffer.
 */
struct source *
ctx_read_file(struct ctx *ctx, const char *path, char **cause)
{
	FILE		*f;
	struct stat	 sb;
	struct buf	 b;
	char		 chunk[65536], *text;
	size_t		 n, size;
	struct source	*src;

	if ((f = fopen(path, "rb")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b);
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uintmax_t)sb.st_size < SIZE_MAX - 1) {
		/* one byte more than its size, to see that it ends there */
		size = (size_t)sb.st_size;
		text = arena_alloc(ctx->arena, size + 2);
		n = fread(text, 1, size + 1, f);
		if (n <= size && !ferror(f)) {
			fclose(f);
			text[n] = text[n + 1] = '\0';
			return ctx_new_source(ctx, path, text, n);
		}
		buf_add(&b, text, n);
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		fclose(f);
		buf_clear(&b);
		return NULL;
	}
	fclose(f);
	src = ctx_add_source(ctx, path, b.data == NULL ? "" : b.data, b.len);
	buf_clear(&b);
	return src;
}

/*
 * Have ctx_free() call fn(arg), for memory outside the arena that lives as
 * long as the context (the tables of maps in a model). Last in, first run.
 */
void
ctx_defer(struct ctx *ctx, void (*fn)(void *), void *arg)
{
	struct deferred	*d;

	d = arena_alloc(ctx->arena, sizeof *d);
	d->fn = fn;
	d->arg = arg;
	d->next = ctx->deferred;
	ctx->deferred = d;
}

/* Whether the compilation has failed: errors, or warnings under werror. */
int
ctx_failed(const struct ctx *ctx)
{
	if (ctx->diags.nerrors > 0)
		return 1;
	return ctx->werror && ctx->diags.nwarnings > 0;
}

/*
 * Return line number line (1-based) of source file, without its newline;
 * its length goes to *len. NULL if there is no such line.
 */
const char *
ctx_line(const struct ctx *ctx, int file, int line, size_t *len)
{
	const struct source	*src;
	size_t			 start, end;

	if (file < 0 || (size_t)file >= ctx->nsources)
		return NULL;
	src = ctx->sources[file];
	if (line < 1 || (size_t)line > src->nlines)
		return NULL;
	start = src->lines[line - 1];
	end = (size_t)line < src->nlines ? src->lines[line] - 1 : src->len;
	if (end > start && src->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return src->text + start;
}
