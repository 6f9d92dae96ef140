/*
 * fuzz_policy.c: a libFuzzer harness for everything that reads a policy:
 * the scanner, the parser, the canonical printer and the compiler (check,
 * lower, analyze), with the diagnostics renderer on whatever they report.
 * Built by tests/fuzz/build with clang -fsanitize=fuzzer,address,undefined
 * and run for a bounded time by tests/fuzz/run (CI gives it 60 s).
 *
 * Besides crashes, leaks and undefined behaviour it checks one property of
 * the printer: a source that parses without errors prints to text that
 * parses again without errors and prints the same (fmt is idempotent and
 * never prints what it cannot read back). A violation abort()s, so
 * libFuzzer saves the input as a crash.
 *
 * The input is named as a file in a scratch directory made at start (in
 * $TMPDIR, else /tmp) that holds two files of our own, so that relative
 * includes resolve there (the compiler resolves them against the including
 * file); a policy that includes a path with a '/' is not compiled: the
 * harness never reads the rest of the file system (include "/dev/zero").
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Files in the scratch directory, for include statements to find. */
static const struct {
	const char	*name;
	const char	*text;
} fuzz_files[] = {
	{ "inc.ha", "resource inc-r ocf:heartbeat:Dummy {\n"
	    "    op monitor interval=10s\n}\n" },
	{ "loop.ha", "include \"loop.ha\"\n" },
};

static char	fuzz_dir[PATH_MAX];	/* $TMPDIR/hacc-fuzz.XXXXXX */
static char	fuzz_name[PATH_MAX];	/* fuzz_dir/fuzz.ha */

/* Path of a file in the scratch directory (static storage). */
static const char *
fuzz_path(const char *name)
{
	static char	path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
	return path;
}

/* Remove the scratch directory at exit. */
static void
fuzz_cleanup(void)
{
	size_t	i;

	for (i = 0; i < nitems(fuzz_files); i++)
		unlink(fuzz_path(fuzz_files[i].name));
	rmdir(fuzz_dir);
}

/* Make the scratch directory and its files; called once by libFuzzer. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*tmp = getenv("TMPDIR");
	FILE		*f;
	size_t		 i;

	(void)argc;
	(void)argv;
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/hacc-fuzz.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(fuzz_dir) == NULL) {
		perror(fuzz_dir);
		exit(1);
	}
	atexit(fuzz_cleanup);
	for (i = 0; i < nitems(fuzz_files); i++) {
		f = fopen(fuzz_path(fuzz_files[i].name), "w");
		if (f == NULL || fputs(fuzz_files[i].text, f) == EOF ||
		    fclose(f) != 0) {
			perror(fuzz_path(fuzz_files[i].name));
			exit(1);
		}
	}
	snprintf(fuzz_name, sizeof fuzz_name, "%s/fuzz.ha", fuzz_dir);
	return 0;
}

/*
 * Parse text as a fresh source in a new context (returned, with the source
 * in *srcp); *clean tells whether it parsed without errors.
 */
static struct ctx *
fuzz_parse(const char *text, size_t len, struct source **srcp, int *clean)
{
	struct ctx	*ctx = ctx_new();

	*srcp = ctx_add_source(ctx, fuzz_name, text, len);
	*clean = parse_source(ctx, *srcp) == 0 && ctx->diags.nerrors == 0;
	return ctx;
}

/* Print the source once, parse the print, print again: both must agree. */
static void
fuzz_roundtrip(struct ctx *ctx, struct source *src)
{
	struct ctx	*again;
	struct source	*src2;
	struct buf	 b1, b2;
	int		 clean;

	buf_init(&b1);
	buf_init(&b2);
	print_source(ctx, src, &b1);
	again = fuzz_parse(b1.data == NULL ? "" : b1.data, b1.len, &src2,
	    &clean);
	if (!clean) {
		fprintf(stderr, "fuzz_policy: the printed form does not parse:"
		    "\n%.*s\n", (int)b1.len, b1.data == NULL ? "" : b1.data);
		abort();
	}
	print_source(again, src2, &b2);
	if (b1.len != b2.len ||
	    (b1.len > 0 && memcmp(b1.data, b2.data, b1.len) != 0)) {
		fprintf(stderr, "fuzz_policy: printing is not idempotent:\n"
		    "--- first print\n%.*s\n--- second print\n%.*s\n",
		    (int)b1.len, b1.data == NULL ? "" : b1.data, (int)b2.len,
		    b2.data == NULL ? "" : b2.data);
		abort();
	}
	ctx_free(again);
	buf_clear(&b1);
	buf_clear(&b2);
}

/* Whether every include of a parsed source names a file of the scratch dir. */
static int
fuzz_includes_local(const struct source *src)
{
	const struct stmt	*st;

	for (st = src->stmts; st != NULL; st = st->next) {
		if (st->kind == STMT_INCLUDE && st->name.text != NULL &&
		    strchr(st->name.text, '/') != NULL)
			return 0;
	}
	return 1;
}

/* Load, check and lower the policy, then render what it reported. */
static void
fuzz_compile(const char *text, size_t len)
{
	struct ctx	*ctx = ctx_new();
	struct policy	*pol;
	struct buf	 b;

	if ((pol = compile_load_text(ctx, fuzz_name, text, len)) != NULL)
		compile_policy(ctx, pol);
	buf_init(&b);
	diag_sort(ctx);
	diag_render(ctx, &b, 1);
	buf_clear(&b);
	compile_free(pol);
	ctx_free(ctx);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*text = (const char *)data;
	struct ctx	*ctx;
	struct source	*src;
	int		 clean, local;

	/*
	 * Parse alone first, for the print round trip and to see the includes
	 * (the statements recovered around syntax errors are the ones the
	 * compiler's own parse will include).
	 */
	ctx = fuzz_parse(text, size, &src, &clean);
	if (clean)
		fuzz_roundtrip(ctx, src);
	local = fuzz_includes_local(src);
	ctx_free(ctx);
	if (local)
		fuzz_compile(text, size);
	return 0;
}
