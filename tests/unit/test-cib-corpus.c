/*
 * test-cib-corpus.c: import every CIB of the Pacemaker scenario corpus
 * (../shared/pcmk-scenarios, see its README; never copied into the
 * project) and check that the policy written compiles, that its status
 * section reads, and that the policy is in `hacc fmt` form. Prints a table
 * per tier: scenarios, imported, compiled without errors, of which clean
 * (no warning from the import or the compiler) and with warnings.
 *
 * Fails if a CIB cannot be imported, if an imported policy of tier T1a,
 * T1b, T1x or T2 does not compile, or if a policy is not in canonical
 * form. Skips (exit 77) when the corpus is absent.
 *
 *   test-cib-corpus [-v] [DIR] [NAME...]
 *
 * DIR defaults to $PCMK_SCENARIOS, else ../shared/pcmk-scenarios or
 * ../../shared/pcmk-scenarios from $HACC_SRCDIR (or "."). With NAMEs only
 * those scenarios run, and -v prints their policies and diagnostics.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sched.h"

#define SKIP	77

static const char *const tiers[] = { "T1a", "T1b", "T1x", "T2", "T3",
    "T4", "T5" };
#define NTIERS	(sizeof tiers / sizeof tiers[0])
#define NMUST	4	/* T1a, T1b, T1x, T2 must compile */

struct tally {
	int	scenarios;
	int	imported;
	int	compiled;
	int	clean;
	int	warnings;
};

static int	verbose;

/* Whether path is a directory. */
static int
is_dir(const char *path)
{
	struct stat	sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The corpus directory, or NULL. */
static char *
corpus_dir(void)
{
	static const char *const rel[] = { "../shared/pcmk-scenarios",
	    "../../shared/pcmk-scenarios" };
	const char	*env, *src;
	char		*p;
	size_t		 i;

	if ((env = getenv("PCMK_SCENARIOS")) != NULL && *env != '\0')
		return is_dir(env) ? xstrdup(env) : NULL;
	if ((src = getenv("HACC_SRCDIR")) == NULL || *src == '\0')
		src = ".";
	for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
		xasprintf(&p, "%s/%s", src, rel[i]);
		if (is_dir(p))
			return p;
		free(p);
	}
	return NULL;
}

/* Print ctx's diagnostics. */
static void
show(struct ctx *ctx, const char *what)
{
	struct buf	b;

	buf_init(&b);
	diag_render(ctx, &b, 0);
	if (b.len > 0)
		printf("--- %s\n%s", what, b.data);
	buf_clear(&b);
}

/* Whether the policy text is in canonical form (fmt(text) == text). */
static int
canonical(const char *text, size_t len)
{
	struct ctx	*ctx = ctx_new();
	struct source	*src;
	struct buf	 b;
	int		 ok;

	src = ctx_add_source(ctx, "import.ha", text, len);
	parse_source(ctx, src);
	buf_init(&b);
	print_source(ctx, src, &b);
	ok = ctx->diags.nerrors == 0 && b.len == len &&
	    (len == 0 || memcmp(b.data, text, len) == 0);
	buf_clear(&b);
	ctx_free(ctx);
	return ok;
}

/*
 * Import one scenario. Returns -1 if it could not be imported, 0 if its
 * policy has compile errors, 1 with warnings, 2 clean.
 */
static int
one(const char *dir, const char *name, int must)
{
	struct ctx	*ctx, *cc, *sc;
	struct source	*src;
	struct policy	*pol;
	struct cstate	*st;
	struct buf	 ha;
	char		*path, *cause;
	int		 result, warnings;

	xasprintf(&path, "%s/%s/cib.xml", dir, name);
	ctx = ctx_new();
	if ((src = ctx_read_file(ctx, path, &cause)) == NULL) {
		printf("FAIL %s: %s\n", name, cause);
		free(cause);
		free(path);
		ctx_free(ctx);
		return -1;
	}
	buf_init(&ha);
	if (cib_import(ctx, path, src->text, src->len, &ha) != 0) {
		printf("FAIL %s: import failed\n", name);
		show(ctx, "import");
		result = -1;
		goto out;
	}
	sc = ctx_new();
	st = cib_status(sc, src->text, src->len);
	if (st == NULL) {
		printf("FAIL %s: status not read\n", name);
		show(sc, "status");
		ctx_free(sc);
		result = -1;
		goto out;
	}
	warnings = ctx->diags.nwarnings > 0;
	if (!canonical(ha.data == NULL ? "" : ha.data, ha.len)) {
		printf("FAIL %s: the policy is not in canonical form\n", name);
		result = -1;
		ctx_free(sc);
		goto out;
	}
	cc = ctx_new();
	pol = compile_load_text(cc, "import.ha", ha.data == NULL ? "" :
	    ha.data, ha.len);
	if (compile_policy(cc, pol) == NULL || cc->diags.nerrors > 0)
		result = 0;
	else
		result = warnings || cc->diags.nwarnings > 0 ? 1 : 2;
	if (result == 0 && must) {
		printf("FAIL %s: the imported policy does not compile\n", name);
		show(cc, "compile");
	}
	if (verbose) {
		printf("=== %s\n%s", name, ha.data == NULL ? "" : ha.data);
		show(ctx, "import");
		show(sc, "status");
		show(cc, "compile");
		printf("--- state: %zu nodes, %zu histories, quorum %d, dc %s, "
		    "now %lld\n", st->nnodes, st->nhist, st->have_quorum,
		    st->dc != NULL ? st->dc : "-", (long long)st->now);
	}
	compile_free(pol);
	ctx_free(cc);
	ctx_free(sc);
out:
	buf_clear(&ha);
	ctx_free(ctx);
	free(path);
	return result;
}

int
main(int argc, char **argv)
{
	struct tally	 t[NTIERS];
	char		*dir, *manifest, line[4096], *name, *tier, *save;
	FILE		*f;
	size_t		 i, ti;
	int		 a = 1, failed = 0, r, k, selected;

	if (a < argc && strcmp(argv[a], "-v") == 0) {
		verbose = 1;
		a++;
	}
	if (a < argc && is_dir(argv[a]))
		dir = xstrdup(argv[a++]);
	else if ((dir = corpus_dir()) == NULL) {
		printf("SKIP: no pcmk-scenarios corpus (set PCMK_SCENARIOS)\n");
		return SKIP;
	}
	selected = a < argc;
	xasprintf(&manifest, "%s/MANIFEST.tsv", dir);
	if ((f = fopen(manifest, "r")) == NULL) {
		printf("SKIP: %s: %s\n", manifest, strerror(errno));
		free(manifest);
		free(dir);
		return SKIP;
	}
	memset(t, 0, sizeof t);
	while (fgets(line, sizeof line, f) != NULL) {
		name = strtok_r(line, "\t\n", &save);
		tier = strtok_r(NULL, "\t\n", &save);
		if (name == NULL || tier == NULL || strcmp(name, "name") == 0)
			continue;
		for (ti = 0; ti < NTIERS; ti++) {
			if (strcmp(tier, tiers[ti]) == 0)
				break;
		}
		if (ti == NTIERS)
			continue;
		if (selected) {
			for (k = a; k < argc; k++) {
				if (strcmp(argv[k], name) == 0)
					break;
			}
			if (k == argc)
				continue;
		}
		t[ti].scenarios++;
		r = one(dir, name, ti < NMUST);
		if (r < 0 || (r == 0 && ti < NMUST))
			failed++;
		if (r >= 0)
			t[ti].imported++;
		if (r >= 1)
			t[ti].compiled++;
		if (r == 2)
			t[ti].clean++;
		if (r == 1)
			t[ti].warnings++;
	}
	fclose(f);
	printf("%-5s %9s %9s %9s %9s %9s\n", "tier", "scenarios", "imported",
	    "compiled", "clean", "warnings");
	for (i = 0; i < NTIERS; i++)
		printf("%-5s %9d %9d %9d %9d %9d\n", tiers[i], t[i].scenarios,
		    t[i].imported, t[i].compiled, t[i].clean, t[i].warnings);
	free(manifest);
	free(dir);
	return failed > 0;
}
