/*
 * compile.c: the compiler's driver. It reads the main file, parses it and,
 * depth first, every file it includes (paths relative to the including
 * file), then runs the phases: check_tree (names and structure), lower
 * (values and the model), analyze (meaning). Each phase runs even when an
 * earlier one found errors, as far as it safely can, so that a user sees
 * every problem at once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "compiler.h"

#define COMPILE_MAX_INCLUDE_DEPTH	16

struct loader {
	struct ctx	 *ctx;
	struct policy	 *pol;
	size_t		  cap;
	const char	 *stack[COMPILE_MAX_INCLUDE_DEPTH + 1];
	const struct loc *via[COMPILE_MAX_INCLUDE_DEPTH + 1];	/* includes */
	int		  depth;
};

static void	compile_add(struct loader *, struct source *);

static void
compile_push(struct loader *l, struct stmt *st)
{
	struct policy	*pol = l->pol;

	if (pol->nstmts == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		pol->stmts = xreallocarray(pol->stmts, l->cap,
		    sizeof *pol->stmts);
	}
	pol->stmts[pol->nstmts++] = st;
}

/* The path of an include, relative to the directory of the includer. */
static const char *
compile_include_path(struct ctx *ctx, const char *from, const char *path)
{
	const char	*slash;

	if (path[0] == '/' || (slash = strrchr(from, '/')) == NULL)
		return arena_strdup(ctx->arena, path);
	return arena_printf(ctx->arena, "%.*s/%s", (int)(slash - from), from,
	    path);
}

static void
compile_include(struct loader *l, struct source *from, struct stmt *st)
{
	struct ctx	*ctx = l->ctx;
	struct source	*src;
	struct diag	*dg;
	const char	*path;
	char		*cause;
	int		 i;

	if (st->name.text[0] == '\0') {
		diag_error(ctx, &st->name.loc, "empty include path");
		return;
	}
	path = compile_include_path(ctx, from->name, st->name.text);
	for (i = 0; i < l->depth; i++) {
		if (strcmp(l->stack[i], path) == 0) {
			dg = diag_error(ctx, &st->name.loc,
			    "'%s' includes itself", path);
			for (i++; i < l->depth; i++)
				diag_note(ctx, dg, l->via[i], "through this "
				    "include");
			return;
		}
	}
	if (l->depth >= COMPILE_MAX_INCLUDE_DEPTH) {
		diag_error(ctx, &st->name.loc,
		    "includes nest too deep (more than %d files)",
		    COMPILE_MAX_INCLUDE_DEPTH);
		return;
	}
	if ((src = ctx_read_file(ctx, path, &cause)) == NULL) {
		size_t	len = strlen(path);

		diag_error(ctx, &st->name.loc, "cannot include '%s': %s",
		    st->name.text, strncmp(cause, path, len) == 0 &&
		    cause[len] == ':' ? cause + len + 2 : cause);
		free(cause);
		return;
	}
	l->via[l->depth] = &st->name.loc;
	compile_add(l, src);
}

/* Parse src and add its statements, expanding its includes in place. */
static void
compile_add(struct loader *l, struct source *src)
{
	struct stmt	*st;

	l->stack[l->depth++] = src->name;
	parse_source(l->ctx, src);
	for (st = src->stmts; st != NULL; st = st->next) {
		if (st->kind == STMT_INCLUDE)
			compile_include(l, src, st);
		else
			compile_push(l, st);
	}
	l->depth--;
}

static struct policy *
compile_start(struct ctx *ctx, struct source *src)
{
	struct loader	 l;

	memset(&l, 0, sizeof l);
	l.ctx = ctx;
	l.pol = xcalloc(1, sizeof *l.pol);
	l.pol->main = src;
	compile_add(&l, src);
	return l.pol;
}

/*
 * Load the policy in the file at path: parse it and its includes. Returns
 * a new policy (free with compile_free()) whose syntax errors, if any, are
 * in ctx; NULL if the file cannot be read (also reported in ctx).
 */
struct policy *
compile_load(struct ctx *ctx, const char *path)
{
	struct source	*src;
	char		*cause;

	if ((src = ctx_read_file(ctx, path, &cause)) == NULL) {
		diag_error(ctx, NULL, "%s", cause);
		free(cause);
		return NULL;
	}
	return compile_start(ctx, src);
}

/* Load a policy from len bytes of text, named name in messages. */
struct policy *
compile_load_text(struct ctx *ctx, const char *name, const char *text,
    size_t len)
{
	return compile_start(ctx, ctx_add_source(ctx, name, text, len));
}

/*
 * Check and lower a loaded policy. Returns the model (owned by ctx), or
 * NULL when ctx has errors (or warnings under werror).
 */
struct model *
compile_policy(struct ctx *ctx, struct policy *pol)
{
	struct model	*m;

	check_tree(ctx, pol);
	m = lower_policy(ctx, pol);
	if (m != NULL && ctx->diags.nerrors == 0)
		analyze_model(ctx, pol, m);
	if (ctx_failed(ctx))
		return NULL;
	return m;
}

/* Load, check and lower the policy at path; NULL on any error. */
struct model *
compile_file(struct ctx *ctx, const char *path)
{
	struct policy	*pol;
	struct model	*m;

	if ((pol = compile_load(ctx, path)) == NULL)
		return NULL;
	m = compile_policy(ctx, pol);
	compile_free(pol);
	return m;
}

static void
compile_free_syms(struct symtab *syms)
{
	if (syms == NULL)
		return;
	map_clear(&syms->rscs);
	map_clear(&syms->nodes);
	free(syms->order);
	free(syms);
}

/* Free a policy (not its context); NULL is a no-op. */
void
compile_free(struct policy *pol)
{
	if (pol == NULL)
		return;
	compile_free_syms(pol->syms);
	free(pol->stmts);
	free(pol);
}
