/*
 * diag.c: diagnostics. Libraries append errors, warnings and notes to the
 * context; only main() renders them, so tests compare exact text. The
 * rendering follows GCC: "file:line:col: error: message", the source line,
 * and a caret line under the span.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

static struct diag *
diag_add(struct ctx *ctx, enum diag_level level, const struct loc *loc,
    const char *fmt, va_list ap)
{
	struct diags	*d = &ctx->diags;
	struct diag	*dg;

	dg = arena_zalloc(ctx->arena, sizeof *dg);
	dg->level = level;
	if (loc != NULL)
		dg->loc = *loc;
	else
		dg->loc.file = -1;
	dg->msg = arena_vprintf(ctx->arena, fmt, ap);

	if (level == DIAG_ERROR) {
		if (d->nerrors >= d->max_errors) {
			d->truncated = 1;
			d->nerrors++;
			return dg;	/* counted, not kept */
		}
		d->nerrors++;
	} else
		d->nwarnings++;
	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 16 : d->cap * 2;
		d->v = xreallocarray(d->v, d->cap, sizeof *d->v);
	}
	dg->seq = d->n;
	d->v[d->n++] = dg;
	return dg;
}

/* Report an error at loc (NULL: no location). Returns it for notes. */
struct diag *
diag_error(struct ctx *ctx, const struct loc *loc, const char *fmt, ...)
{
	struct diag	*dg;
	va_list		 ap;

	va_start(ap, fmt);
	dg = diag_add(ctx, DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
	return dg;
}

/* Report a warning at loc (NULL: no location). Returns it for notes. */
struct diag *
diag_warning(struct ctx *ctx, const struct loc *loc, const char *fmt, ...)
{
	struct diag	*dg;
	va_list		 ap;

	va_start(ap, fmt);
	dg = diag_add(ctx, DIAG_WARNING, loc, fmt, ap);
	va_end(ap);
	return dg;
}

/* Attach a note (a related place) to a diagnostic. */
void
diag_note(struct ctx *ctx, struct diag *dg, const struct loc *loc,
    const char *fmt, ...)
{
	struct diag_note	*n;
	va_list			 ap;

	n = arena_zalloc(ctx->arena, sizeof *n);
	if (loc != NULL)
		n->loc = *loc;
	else
		n->loc.file = -1;
	va_start(ap, fmt);
	n->msg = arena_vprintf(ctx->arena, fmt, ap);
	va_end(ap);
	if (dg->notes_tail != NULL)
		dg->notes_tail->next = n;
	else
		dg->notes = n;
	dg->notes_tail = n;
}

/* Note how far the diagnostics went. */
void
diag_mark(const struct ctx *ctx, struct diagmark *mk)
{
	mk->n = ctx->diags.n;
	mk->nerrors = ctx->diags.nerrors;
	mk->nwarnings = ctx->diags.nwarnings;
	mk->truncated = ctx->diags.truncated;
}

/*
 * Forget the diagnostics reported since mk was taken (a reader that
 * gives up and reads again reports them again). Not across diag_sort().
 */
void
diag_rewind(struct ctx *ctx, const struct diagmark *mk)
{
	if (mk->n > ctx->diags.n)
		return;
	ctx->diags.n = mk->n;
	ctx->diags.nerrors = mk->nerrors;
	ctx->diags.nwarnings = mk->nwarnings;
	ctx->diags.truncated = mk->truncated;
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag	*x = *(struct diag *const *)a;
	const struct diag	*y = *(struct diag *const *)b;

	if (x->loc.file != y->loc.file)
		return x->loc.file < y->loc.file ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort diagnostics by position (file, line, column), stably. */
void
diag_sort(struct ctx *ctx)
{
	if (ctx->diags.n > 1)
		qsort(ctx->diags.v, ctx->diags.n, sizeof *ctx->diags.v,
		    diag_cmp);
}

static void
diag_render_source(struct ctx *ctx, struct buf *out, const struct loc *loc,
    int color)
{
	const char	*line;
	size_t		 len, i, end;
	int		 width;

	if (loc->line < 1 ||
	    (line = ctx_line(ctx, loc->file, loc->line, &len)) == NULL)
		return;
	width = snprintf(NULL, 0, "%d", loc->line);
	if (width < 4)
		width = 4;
	buf_printf(out, " %*d | ", width, loc->line);
	buf_add(out, line, len);
	buf_putc(out, '\n');
	buf_printf(out, " %*s | ", width, "");

	/* Align with the line: tabs stay tabs, everything else a space. */
	for (i = 0; i + 1 < (size_t)loc->col && i < len; i++)
		buf_putc(out, line[i] == '\t' ? '\t' : ' ');
	end = len;
	if (loc->end_line == loc->line && loc->end_col >= loc->col)
		end = (size_t)loc->end_col;
	if (color)
		buf_puts(out, "\033[1;32m");
	buf_putc(out, '^');
	for (i = (size_t)loc->col; i < end && i < len; i++)
		buf_putc(out, '~');
	if (color)
		buf_puts(out, "\033[0m");
	buf_putc(out, '\n');
}

static void
diag_render_one(struct ctx *ctx, struct buf *out, enum diag_level level,
    const struct loc *loc, const char *msg, int color)
{
	static const char *names[] = { "error", "warning", "note" };
	static const char *colors[] = { "\033[1;31m", "\033[1;35m",
	    "\033[1;36m" };

	if (color)
		buf_puts(out, "\033[1m");
	if (loc->file >= 0 && (size_t)loc->file < ctx->nsources) {
		buf_puts(out, ctx->sources[loc->file]->name);
		if (loc->line > 0)
			buf_printf(out, ":%d:%d", loc->line, loc->col);
		buf_puts(out, ": ");
	} else
		buf_puts(out, "hacc: ");
	if (color)
		buf_printf(out, "\033[0m%s", colors[level]);
	buf_printf(out, "%s:", names[level]);
	if (color)
		buf_puts(out, "\033[0m");
	buf_printf(out, " %s\n", msg);
	if (loc->file >= 0)
		diag_render_source(ctx, out, loc, color);
}

/*
 * Render all diagnostics, sorted by position, into out; color adds ANSI
 * escapes. A last line says how many errors were not kept.
 */
void
diag_render(struct ctx *ctx, struct buf *out, int color)
{
	struct diags		*d = &ctx->diags;
	const struct diag	*dg;
	const struct diag_note	*n;
	size_t			 i;

	diag_sort(ctx);
	for (i = 0; i < d->n; i++) {
		dg = d->v[i];
		diag_render_one(ctx, out, dg->level, &dg->loc, dg->msg, color);
		for (n = dg->notes; n != NULL; n = n->next)
			diag_render_one(ctx, out, DIAG_NOTE, &n->loc, n->msg,
			    color);
	}
	if (d->truncated)
		buf_printf(out, "hacc: too many errors, %zu not shown\n",
		    d->nerrors - d->max_errors);
}

/*
 * Edit distance between a and b (optimal string alignment: insertions,
 * deletions, substitutions and transpositions), ignoring case.
 */
int
diag_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j;
	int	*d, best, cost, v;

	if (la > 64 || lb > 64)
		return 64;
	d = xcalloc((la + 1) * (lb + 1), sizeof *d);
#define D(x, y) d[(x) * (lb + 1) + (y)]
	for (i = 0; i <= la; i++)
		D(i, 0) = (int)i;
	for (j = 0; j <= lb; j++)
		D(0, j) = (int)j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cost = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			best = D(i - 1, j) + 1;
			if ((v = D(i, j - 1) + 1) < best)
				best = v;
			if ((v = D(i - 1, j - 1) + cost) < best)
				best = v;
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) ==
			    tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) ==
			    tolower((unsigned char)b[j - 1]) &&
			    (v = D(i - 2, j - 2) + 1) < best)
				best = v;
			D(i, j) = best;
		}
	}
	best = D(la, lb);
#undef D
	free(d);
	return best;
}

/*
 * The candidate nearest to name, if near enough to suggest ("did you mean
 * 'x'?"), else NULL. Ties go to the first candidate.
 */
const char *
diag_suggest(const char *name, const char *const *cands, size_t n)
{
	const char	*best = NULL;
	size_t		 i, len;
	int		 bestd, d, limit;

	len = strlen(name);
	limit = len <= 3 ? 1 : len <= 8 ? 2 : 3;
	bestd = limit + 1;
	for (i = 0; i < n; i++) {
		if (cands[i] == NULL || strcmp(cands[i], name) == 0)
			continue;
		d = diag_distance(name, cands[i]);
		if (d < bestd && (size_t)d < len) {	/* not all replaced */
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}
