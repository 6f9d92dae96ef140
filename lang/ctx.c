/*
 * ctx.c: a compilation context: the arena that owns everything a parse and
 * a check produce, the table of source files (for locations and caret
 * lines), and the diagnostics list that main() renders.
 */
#include "config.h"

#include <errno.h>
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
 * Add a source named name with len bytes of text (copied into the arena).
 * Returns the source; its index is its position in ctx->sources.
 */
struct source *
ctx_add_source(struct ctx *ctx, const char *name, const char *text,
    size_t len)
{
	struct source	*src;
	size_t		 i, n, cap;

	src = arena_zalloc(ctx->arena, sizeof *src);
	src->name = arena_strdup(ctx->arena, name);
	src->text = arena_strndup(ctx->arena, text, len);
	src->len = len;

	cap = 64;
	src->lines = xreallocarray(NULL, cap, sizeof *src->lines);
	n = 0;
	src->lines[n++] = 0;
	for (i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		if (n == cap) {
			cap *= 2;
			src->lines = xreallocarray(src->lines, cap,
			    sizeof *src->lines);
		}
		src->lines[n++] = i + 1;
	}
	src->nlines = n;

	ctx->sources = xreallocarray(ctx->sources, ctx->nsources + 1,
	    sizeof *ctx->sources);
	ctx->sources[ctx->nsources++] = src;
	return src;
}

/*
 * Read the file at path into a new source. On failure return NULL and set
 * *cause to a message the caller frees.
 */
struct source *
ctx_read_file(struct ctx *ctx, const char *path, char **cause)
{
	FILE		*f;
	struct buf	 b;
	char		 chunk[65536];
	size_t		 n;
	struct source	*src;

	if ((f = fopen(path, "rb")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b);
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
