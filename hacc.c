/*
 * hacc.c: the hacc command: parse arguments, call the libraries, render
 * their output and diagnostics. Nothing else: every decision lives in
 * lang/, compiler/ and scheduler/, which never print.
 *
 * Exit status: 0 success, 1 the input has errors (or the check failed),
 * 2 usage error or a file that cannot be read or written.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sched.h"

#define EXIT_INPUT	1
#define EXIT_USAGE	2

struct cmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*usage;
	const char	*summary;
	const char	*help;
};

static int	cmd_check(int, char **);
static int	cmd_fmt(int, char **);
static int	cmd_help(int, char **);
static int	cmd_import(int, char **);

static const struct cmd cmds[] = {
	{ "check", cmd_check, "check [--werror] [-q] [--print-model] FILE...",
	  "check policies and report every problem",
	  "Parses and checks each policy FILE (and what it includes), and\n"
	  "reports every error and warning as file:line:col. Exit status:\n"
	  "0 when clean (warnings allowed), 1 on errors, 2 on usage errors.\n"
	  "\n"
	  "  --werror        treat warnings as errors\n"
	  "  -q, --quiet     print nothing, only set the exit status\n"
	  "  --print-model   print the checked model (for review and tests)\n"
	  "  --color=WHEN    auto (default), always or never\n" },
	{ "fmt", cmd_fmt, "fmt [-w | --check] FILE...",
	  "print policies in canonical form",
	  "Prints FILE in canonical form: four-space indentation, one item\n"
	  "per line, comments kept. FILE '-' reads standard input. A file\n"
	  "with syntax errors is reported and left alone.\n"
	  "\n"
	  "  -w, --write     rewrite each FILE in place (atomically)\n"
	  "  --check         print the names of files not in canonical form;\n"
	  "                  exit 1 if there are any\n" },
	{ "import", cmd_import,
	  "import [-q] [-o FILE] [--state-out FILE] CIB.xml",
	  "read a Pacemaker CIB as a policy",
	  "Reads the Pacemaker CIB in CIB.xml ('-' reads standard input) and\n"
	  "prints its configuration as a policy in canonical form. Whatever\n"
	  "the language cannot hold is reported as a warning with its XML\n"
	  "path. Exit status: 0 when imported (warnings allowed), 1 when the\n"
	  "file is not a CIB, 2 on usage errors or a file that cannot be read\n"
	  "or written.\n"
	  "\n"
	  "  -o FILE            write the policy to FILE (atomically)\n"
	  "  --state-out FILE   write the cluster state of the status section\n"
	  "                     to FILE (atomically)\n"
	  "  -q, --quiet        print no warnings\n"
	  "  --color=WHEN       auto (default), always or never\n" },
	{ "help", cmd_help, "help [COMMAND]",
	  "show help for hacc or one of its commands", NULL },
};

static int	color_mode = -1;	/* -1 auto, 0 never, 1 always */

static void
usage_main(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: hacc [--version] [--help] COMMAND [ARGS]\n\n"
	    "Commands:\n");
	for (i = 0; i < nitems(cmds); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nRun 'hacc help COMMAND' for a command's options.\n");
}

static const struct cmd *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(cmds); i++) {
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	}
	return NULL;
}

static int
usage_cmd(const char *name)
{
	const struct cmd	*c = cmd_find(name);

	fprintf(stderr, "usage: hacc %s\n", c->usage);
	return EXIT_USAGE;
}

static int
use_color(void)
{
	const char	*nc;

	if (color_mode >= 0)
		return color_mode;
	nc = getenv("NO_COLOR");
	if (nc != NULL && nc[0] != '\0')
		return 0;
	return isatty(STDERR_FILENO);
}

static int
parse_color(const char *arg)
{
	if (arg == NULL || strcmp(arg, "auto") == 0)
		color_mode = -1;
	else if (strcmp(arg, "always") == 0)
		color_mode = 1;
	else if (strcmp(arg, "never") == 0)
		color_mode = 0;
	else {
		fprintf(stderr, "hacc: --color takes auto, always or never, "
		    "not '%s'\n", arg);
		return -1;
	}
	return 0;
}

/* Print a context's diagnostics on stderr. */
static void
render_diags(struct ctx *ctx)
{
	struct buf	b;

	buf_init(&b);
	diag_render(ctx, &b, use_color());
	if (b.len > 0)
		fwrite(b.data, 1, b.len, stderr);
	buf_clear(&b);
}

/* Write len bytes to path atomically: a temporary file, then rename. */
static int
write_file(const char *path, const char *data, size_t len)
{
	char	*tmp;
	FILE	*f;
	int	 fd, saved;

	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1)
		goto fail;
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto fail_unlink;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		fclose(f);
		goto fail_unlink;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		goto fail_unlink;
	free(tmp);
	return 0;

fail_unlink:
	saved = errno;
	unlink(tmp);
	errno = saved;
fail:
	fprintf(stderr, "hacc: cannot write %s: %s\n", path, strerror(errno));
	free(tmp);
	return -1;
}

/* Load a policy from path, or from standard input for "-". */
static struct policy *
load(struct ctx *ctx, const char *path)
{
	struct buf	 b;
	struct policy	*pol;
	char		 chunk[65536];
	size_t		 n;

	if (strcmp(path, "-") != 0)
		return compile_load(ctx, path);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		buf_add(&b, chunk, n);
	pol = compile_load_text(ctx, "<stdin>", b.data == NULL ? "" : b.data,
	    b.len);
	buf_clear(&b);
	return pol;
}

static int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "werror", no_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "print-model", no_argument, NULL, 'p' },
		{ "color", optional_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx	*ctx;
	struct policy	*pol;
	struct model	*m;
	struct buf	 b;
	int		 ch, werror = 0, quiet = 0, print = 0, rc = 0, i;

	while ((ch = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (ch) {
		case 'W':
			werror = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'p':
			print = 1;
			break;
		case 'c':
			if (parse_color(optarg) != 0)
				return EXIT_USAGE;
			break;
		default:
			return usage_cmd("check");
		}
	}
	if (optind >= argc)
		return usage_cmd("check");
	for (i = optind; i < argc; i++) {
		ctx = ctx_new();
		ctx->werror = werror;
		m = NULL;
		if ((pol = load(ctx, argv[i])) != NULL)
			m = compile_policy(ctx, pol);
		if (!quiet)
			render_diags(ctx);
		if (m == NULL)
			rc = pol == NULL ? EXIT_USAGE : EXIT_INPUT;
		else if (print) {
			buf_init(&b);
			model_print(m, &b);
			fwrite(b.data, 1, b.len, stdout);
			buf_clear(&b);
		}
		compile_free(pol);
		ctx_free(ctx);
	}
	return rc;
}

static int
cmd_fmt(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "write", no_argument, NULL, 'w' },
		{ "check", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx	*ctx;
	struct source	*src;
	struct buf	 b;
	char		*cause;
	int		 ch, write = 0, check = 0, rc = 0, i;

	while ((ch = getopt_long(argc, argv, "w", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			write = 1;
			break;
		case 'C':
			check = 1;
			break;
		default:
			return usage_cmd("fmt");
		}
	}
	if (optind >= argc || (write && check))
		return usage_cmd("fmt");
	for (i = optind; i < argc; i++) {
		ctx = ctx_new();
		if (strcmp(argv[i], "-") == 0) {
			struct policy	*pol = load(ctx, "-");

			src = pol->main;
			compile_free(pol);
		} else if ((src = ctx_read_file(ctx, argv[i], &cause)) ==
		    NULL) {
			fprintf(stderr, "hacc: %s\n", cause);
			free(cause);
			ctx_free(ctx);
			rc = EXIT_USAGE;
			continue;
		} else
			parse_source(ctx, src);
		if (ctx->diags.nerrors > 0) {
			render_diags(ctx);
			ctx_free(ctx);
			rc = rc == 0 ? EXIT_INPUT : rc;
			continue;
		}
		buf_init(&b);
		print_source(ctx, src, &b);
		if (check) {
			if (b.len != src->len ||
			    memcmp(b.data, src->text, b.len) != 0) {
				printf("%s\n", src->name);
				rc = rc == 0 ? EXIT_INPUT : rc;
			}
		} else if (write && strcmp(argv[i], "-") != 0) {
			if ((b.len != src->len ||
			    memcmp(b.data, src->text, b.len) != 0) &&
			    write_file(argv[i], b.data == NULL ? "" : b.data,
			    b.len) != 0)
				rc = EXIT_USAGE;
		} else if (b.len > 0)
			fwrite(b.data, 1, b.len, stdout);
		buf_clear(&b);
		ctx_free(ctx);
	}
	return rc;
}

/* Write the cluster state st to path (the state file of docs/state.md). */
static int
write_state(const char *path, const struct cstate *st)
{
	/*
	 * TODO(issue 4): write it with state_write() (scheduler/state.c,
	 * branch wip/state) and write_file(); until that is merged, say so.
	 */
	(void)st;
	fprintf(stderr, "hacc: cannot write %s: writing a state file is not "
	    "available in this build\n", path);
	return -1;
}

/* hacc import: a CIB's configuration as a policy, its status as a state. */
static int
cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "state-out", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "color", optional_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx	*ctx;
	struct source	*src;
	struct cstate	*st;
	struct buf	 b;
	const char	*out = NULL, *state_out = NULL, *path;
	char		*cause, chunk[65536];
	size_t		 n;
	int		 ch, quiet = 0, rc = 0;

	while ((ch = getopt_long(argc, argv, "o:q", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'S':
			state_out = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'c':
			if (parse_color(optarg) != 0)
				return EXIT_USAGE;
			break;
		default:
			return usage_cmd("import");
		}
	}
	if (optind != argc - 1)
		return usage_cmd("import");
	path = argv[optind];
	ctx = ctx_new();
	buf_init(&b);
	if (strcmp(path, "-") == 0) {
		while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
			buf_add(&b, chunk, n);
		src = ctx_add_source(ctx, "<stdin>", b.data == NULL ? "" :
		    b.data, b.len);
		buf_reset(&b);
	} else if ((src = ctx_read_file(ctx, path, &cause)) == NULL) {
		fprintf(stderr, "hacc: %s\n", cause);
		free(cause);
		buf_clear(&b);
		ctx_free(ctx);
		return EXIT_USAGE;
	}
	if (cib_import(ctx, src->name, src->text, src->len, &b) != 0)
		rc = EXIT_INPUT;
	st = NULL;
	if (rc == 0 && state_out != NULL &&
	    (st = cib_status(ctx, src->text, src->len)) == NULL)
		rc = EXIT_INPUT;
	if (!quiet || rc != 0)
		render_diags(ctx);
	if (rc == 0) {
		if (out != NULL && strcmp(out, "-") != 0) {
			if (write_file(out, b.data == NULL ? "" : b.data,
			    b.len) != 0)
				rc = EXIT_USAGE;
		} else if (b.len > 0)
			fwrite(b.data, 1, b.len, stdout);
	}
	if (rc == 0 && st != NULL && write_state(state_out, st) != 0)
		rc = EXIT_USAGE;
	buf_clear(&b);
	ctx_free(ctx);
	return rc;
}

static int
cmd_help(int argc, char **argv)
{
	const struct cmd	*c;

	if (argc < 2) {
		usage_main(stdout);
		return 0;
	}
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "hacc: unknown command '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	printf("usage: hacc %s\n\n%s\n", c->usage, c->summary);
	if (c->help != NULL)
		printf("\n%s", c->help);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct cmd	*c;
	const char		*names[nitems(cmds)], *near;
	size_t			 i;

	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("hacc %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_main(stdout);
		return 0;
	}
	if ((c = cmd_find(argv[1])) == NULL) {
		for (i = 0; i < nitems(cmds); i++)
			names[i] = cmds[i].name;
		near = diag_suggest(argv[1], names, nitems(cmds));
		if (near != NULL)
			fprintf(stderr, "hacc: unknown command '%s'; did you "
			    "mean '%s'?\n", argv[1], near);
		else
			fprintf(stderr, "hacc: unknown command '%s'\n",
			    argv[1]);
		usage_main(stderr);
		return EXIT_USAGE;
	}
	if (argc > 2 && (strcmp(argv[2], "--help") == 0 ||
	    strcmp(argv[2], "-h") == 0)) {
		char	*hargv[] = { "help", argv[1], NULL };

		return cmd_help(2, hargv);
	}
	return c->fn(argc - 1, argv + 1);
}
