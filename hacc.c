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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compiler.h"
#include "sched.h"
#include "runtime.h"

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
static int	cmd_compile(int, char **);
static int	cmd_simulate(int, char **);
static int	cmd_help(int, char **);
static int	cmd_import(int, char **);
static int	cmd_export(int, char **);
static int	cmd_diff(int, char **);
static int	cmd_keygen(int, char **);
static int	cmd_status(int, char **);
static int	cmd_deploy(int, char **);
static int	cmd_node(int, char **);
static int	cmd_rsc(int, char **);
static int	cmd_maintenance(int, char **);
static int	cmd_history(int, char **);

#define KEYGEN_DEFAULT	"/etc/hacc/authkey"
#define STATUS_SOCKET	"/run/hacc/hacd.sock"

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
	{ "compile", cmd_compile, "compile {POLICY [--state FILE] | --cib CIB} "
	  "[-o OUT] [--format FORMAT]",
	  "schedule a policy and write its transition graph",
	  "Checks POLICY, places its resources for the cluster state in FILE\n"
	  "(without --state: every declared node online, nothing known, so\n"
	  "everything is probed first) and writes the transition graph.\n"
	  "\n"
	  "  --state FILE      the cluster state (docs/state.md)\n"
	  "  --cib CIB         schedule a Pacemaker CIB (configuration and\n"
	  "                    status) instead of a policy and a state\n"
	  "  -o, --output OUT  write to OUT (atomically) instead of stdout\n"
	  "  --format FORMAT   text, xml (Pacemaker's transition graph),\n"
	  "                    json, dot, svg or png; default from OUT's\n"
	  "                    extension, else text\n" },
	{ "simulate", cmd_simulate, "simulate {POLICY [--state FILE] | "
	  "--cib CIB} [injections] [options]",
	  "dry-run a failure or a change and show what the cluster would do",
	  "Schedules POLICY for a cluster state, after the injections, in\n"
	  "order, and prints, as crm_simulate does: the current status, the\n"
	  "transition summary, the actions as they would execute, and the\n"
	  "revised status. Every action succeeds unless --op-fail-during says\n"
	  "otherwise; then the transition stops there and the scheduler runs\n"
	  "again, until nothing is left to do (at most --rounds times).\n"
	  "\n"
	  "Injections (repeatable, applied in the order given):\n"
	  "  --node-fail NODE       the node is lost (unclean: it is fenced)\n"
	  "  --node-down NODE       the node leaves cleanly\n"
	  "  --node-up NODE         the node joins\n"
	  "  --standby NODE         put the node in standby\n"
	  "  --online NODE          take the node out of standby\n"
	  "  --op-fail RSC_OP_INTERVAL@NODE=RC\n"
	  "                         an operation result, as if it just happened\n"
	  "                         (web_monitor_10000@node1=7)\n"
	  "  --quorum yes|no        whether the partition has quorum\n"
	  "  --set-attr NODE:NAME=VALUE   a node attribute\n"
	  "  --time TIME            \"now\", ISO 8601 (for failure-timeout)\n"
	  "  --ticket-grant T, --ticket-revoke T   grant or revoke ticket T\n"
	  "  --ticket-standby T, --ticket-activate T   put ticket T in standby,\n"
	  "                         or take it out\n"
	  "\n"
	  "Options:\n"
	  "  --state FILE           the cluster state (docs/state.md)\n"
	  "  --cib CIB              a Pacemaker CIB (configuration and status)\n"
	  "                         instead of a policy and a state\n"
	  "  --normal-form          print placement, actions and edges in the\n"
	  "                         normal form of the Pacemaker scenario corpus\n"
	  "  --op-fail-during RSC_OP_INTERVAL@NODE=RC\n"
	  "                         this action fails when it runs\n"
	  "  --rounds N             reschedule at most N times (default 10)\n"
	  "  --save-state FILE      write the revised state\n"
	  "  --dot FILE, --svg FILE, --png FILE   draw the first graph\n"
	  "  --text FILE            write the first graph as text (as\n"
	  "                         hacc compile --format text does)\n"
	  "  --json                 print everything as JSON instead\n"
	  "  --scores               print every allocation score\n"
	  "  --explain RSC          why RSC is where it is (or stopped)\n" },
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
	{ "export", cmd_export,
	  "export [-q] [-o FILE] [--state FILE] POLICY",
	  "write a policy as a Pacemaker CIB",
	  "Checks POLICY ('-' reads standard input) and writes it as a\n"
	  "Pacemaker CIB (schema pacemaker-3.9, the names Pacemaker 2.1.5\n"
	  "reads) that crm_verify accepts and crm_simulate schedules as hacc\n"
	  "does. The status section is the cluster state in FILE (without\n"
	  "--state: every declared node online, nothing known), with the\n"
	  "operation digests Pacemaker computes. docs/pacemaker.md has the\n"
	  "mapping. Exit status: 0 when exported (warnings allowed), 1 when\n"
	  "the policy or the state has errors or holds what a CIB cannot say,\n"
	  "2 on usage errors or a file that cannot be read or written.\n"
	  "\n"
	  "  --state FILE     the cluster state (docs/state.md)\n"
	  "  -o FILE          write the CIB to FILE (atomically)\n"
	  "  -q, --quiet      print no warnings\n"
	  "  --color=WHEN     auto (default), always or never\n" },
	{ "diff", cmd_diff, "diff OLD.ha NEW.ha [--state FILE] [--rounds N]",
	  "show what the cluster would do if NEW replaced OLD",
	  "The cluster runs OLD now: in the state FILE says, or, without\n"
	  "--state, in the state OLD settles in from a fresh start (each of\n"
	  "its transitions simulated until none is left). Prints the\n"
	  "definitions NEW changes (properties, defaults, nodes, resources\n"
	  "with their parameters, meta attributes and operations,\n"
	  "constraints), then the transition NEW causes in that state, as\n"
	  "hacc simulate prints it. Exit status: 0, 1 when a policy or the\n"
	  "state has errors, 2 on usage errors or a file that cannot be read.\n"
	  "\n"
	  "  --state FILE   the state the cluster is in now, running OLD\n"
	  "                 (docs/state.md), taken as it is\n"
	  "  --rounds N     transitions to let OLD settle (default 10)\n" },
	{ "keygen", cmd_keygen, "keygen [-o FILE]",
	  "write a new cluster key",
	  "Writes 32 random bytes from the system to FILE (default\n"
	  KEYGEN_DEFAULT "), created with mode 0600; an existing file is\n"
	  "never overwritten. Copy the same file to every node and name it\n"
	  "in the policy's ring { key_file = ... }. Exit status: 0 when\n"
	  "written, 2 on usage errors or when the file cannot be written.\n"
	  "\n"
	  "  -o FILE   write the key to FILE\n" },
	{ "status", cmd_status, "status [--json] [--socket PATH]",
	  "show the running node's ring, members and quorum",
	  "Asks the hacd of this node, through its control socket, for its\n"
	  "ring id and state, the members, quorum (quorate, votes, expected\n"
	  "and needed), when each peer was last heard, and the counters\n"
	  "(retransmits, token losses, authentication failures, replays);\n"
	  "then the policy, the coordinator, the nodes and the resources:\n"
	  "clones as sets with the nodes where they are Promoted,\n"
	  "Unpromoted or Started, and Stopped, as crm_mon shows them.\n"
	  "Exit status: 0 when hacd answered, 2 when it could not be asked.\n"
	  "\n"
	  "  --json          print it as one JSON object\n"
	  "  --socket PATH   hacd's control socket (default\n"
	  "                  " STATUS_SOCKET ")\n" },
	{ "deploy", cmd_deploy, "deploy [--yes] [--socket PATH] POLICY",
	  "check a policy and make it the running cluster's",
	  "Checks POLICY whole (every error and warning, as hacc check does);\n"
	  "a policy with errors is never deployed. Then, after a question\n"
	  "(unless --yes), hands it to the hacd of this node, which sends it\n"
	  "to every node in the ring's order: the policy's epoch goes up by\n"
	  "one and the coordinator moves the cluster to it. A deployed\n"
	  "policy is one file (no include). Exit status: 0 when handed over,\n"
	  "1 when the policy has errors or hacd refused it, 2 when hacd could\n"
	  "not be asked.\n"
	  "\n"
	  "  -y, --yes       do not ask\n"
	  "  --socket PATH   hacd's control socket\n" },
	{ "standby", cmd_node, "standby [--socket PATH] NODE",
	  "move every resource off a node, and keep them off",
	  "Sets the permanent node attribute standby=on on NODE cluster-wide:\n"
	  "the coordinator stops its resources and starts them elsewhere.\n"
	  "Exit status: 0 when done, 1 when hacd refused, 2 when it could\n"
	  "not be asked.\n"
	  "\n"
	  "  --socket PATH   hacd's control socket\n" },
	{ "online", cmd_node, "online [--socket PATH] NODE",
	  "let a node in standby run resources again",
	  "Removes the standby attribute of NODE. Exit status as standby's.\n"
	  "\n"
	  "  --socket PATH   hacd's control socket\n" },
	{ "move", cmd_rsc, "move [--socket PATH] RESOURCE NODE",
	  "make a resource prefer a node",
	  "Adds the constraint 'location RESOURCE prefers NODE' (score\n"
	  "INFINITY) to the running cluster's policy, replacing an earlier\n"
	  "move of RESOURCE and lifting a ban from NODE: the coordinator\n"
	  "moves it there if it can run there. It stays until 'hacc clear'.\n"
	  "Exit status as standby's.\n"
	  "\n"
	  "  --socket PATH   hacd's control socket\n" },
	{ "ban", cmd_rsc, "ban [--socket PATH] RESOURCE NODE",
	  "keep a resource off a node",
	  "Adds the constraint 'location RESOURCE avoids NODE' (score\n"
	  "-INFINITY) to the running cluster's policy until 'hacc clear'.\n"
	  "Exit status as standby's.\n"
	  "\n"
	  "  --socket PATH   hacd's control socket\n" },
	{ "clear", cmd_rsc, "clear [--socket PATH] RESOURCE [NODE]",
	  "drop the moves and bans of a resource",
	  "Removes what 'hacc move' and 'hacc ban' added for RESOURCE (on\n"
	  "NODE only, if given). Exit status as standby's.\n"
	  "\n"
	  "  --socket PATH   hacd's control socket\n" },
	{ "cleanup", cmd_rsc, "cleanup [--socket PATH] RESOURCE [NODE]",
	  "forget a resource's failures and history",
	  "Forgets the operation history and fail counts of RESOURCE on NODE\n"
	  "(every node without one): the coordinator probes it again and may\n"
	  "start it where failures kept it away. Exit status as standby's.\n"
	  "\n"
	  "  --socket PATH   hacd's control socket\n" },
	{ "maintenance", cmd_maintenance,
	  "maintenance [--socket PATH] on|off [NODE]",
	  "stop managing the cluster, or one node, for a while",
	  "With on, the whole cluster (or NODE only) is in maintenance, as\n"
	  "with Pacemaker's maintenance-mode: its resources are unmanaged,\n"
	  "their recurring monitors are cancelled, and nothing is started or\n"
	  "stopped whatever happens to them; hacc status says so. With off,\n"
	  "what it covered is probed again (anything may have changed) and\n"
	  "managed from what the probes find. A policy that sets the property\n"
	  "maintenance-mode=true stays in maintenance until deployed without\n"
	  "it. Exit status as standby's.\n"
	  "\n"
	  "  --socket PATH   hacd's control socket\n" },
	{ "history", cmd_history,
	  "history [--json] [-n N] [--since TIME] [--socket PATH]",
	  "show the cluster log",
	  "Prints the cluster's events, oldest first: deploys, operator\n"
	  "commands, maintenance, membership and quorum changes, fencing,\n"
	  "transitions started and ended, operation failures. Each has a\n"
	  "sequence number, a time (UTC), the node it came from and its\n"
	  "kind. Every node holds the same log, replicated in the ring's\n"
	  "order with the cluster state and kept in the state directory (the\n"
	  "last 500 events). Exit status: 0, 1 when hacd refused, 2 when it\n"
	  "could not be asked.\n"
	  "\n"
	  "  --json          print them as one JSON object\n"
	  "  -n N            the last N events only\n"
	  "  --since TIME    events at or after TIME, in UTC:\n"
	  "                  2026-11-25T18:00:00Z, 2026-11-25 (its\n"
	  "                  midnight), 18:00 (today); @SECONDS since the\n"
	  "                  epoch; or a duration ago (90s, 10m, 2h)\n"
	  "  --socket PATH   hacd's control socket\n" },
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

/* Load and check a policy; NULL (diagnostics rendered) on errors. */
static struct model *
load_model(struct ctx *ctx, const char *path)
{
	struct policy	*pol;
	struct model	*m;

	if ((pol = load(ctx, path)) == NULL) {
		render_diags(ctx);
		return NULL;
	}
	m = compile_policy(ctx, pol);
	compile_free(pol);
	render_diags(ctx);
	return m;
}

/* The cluster state: from FILE, or fresh. NULL (rendered) on errors. */
static struct cstate *
load_state(struct ctx *ctx, const struct model *m, const char *path)
{
	struct cstate	*st;
	size_t		 before = ctx->diags.n;

	if (path == NULL)
		return state_fresh(ctx, m);
	st = state_load(ctx, m, path);
	if (ctx->diags.n > before)
		render_diags(ctx);
	if (st == NULL || ctx->diags.nerrors > 0)
		return NULL;
	return st;
}

/*
 * A Pacemaker CIB as a model (its configuration through the policy
 * language) and a cluster state (its status section). 0, or -1 with the
 * diagnostics rendered. The CIB's text is read into a context of its own,
 * freed once both are read: it is most of what a big CIB costs (391 MB at
 * 64 nodes x 10,000 resources), and nothing refers to it afterwards.
 */
static int
load_cib(struct ctx *ctx, const char *path, struct model **m,
    struct cstate **st)
{
	struct ctx	*fc;
	struct source	*src;
	struct policy	*pol;
	struct buf	 b;
	char		*cause;

	fc = ctx_new();
	if ((src = ctx_read_file(fc, path, &cause)) == NULL) {
		fprintf(stderr, "hacc: %s\n", cause);
		free(cause);
		ctx_free(fc);
		return -1;
	}
	buf_init(&b);
	*m = NULL;
	*st = NULL;
	if (cib_import(ctx, path, src->text, src->len, &b) == 0 &&
	    (pol = compile_load_text(ctx, arena_printf(ctx->arena,
	    "%s (as a policy)", path), b.data == NULL ? "" : b.data,
	    b.len)) != NULL) {
		*m = compile_policy(ctx, pol);
		compile_free(pol);
	}
	buf_clear(&b);
	if (*m != NULL)
		*st = cib_status(ctx, src->text, src->len);
	ctx_free(fc);
	if (*st == NULL) {
		render_diags(ctx);
		return -1;
	}
	return 0;
}

/* The format named by a file's extension, or NULL. */
static const char *
format_of(const char *path)
{
	static const char *const formats[] = { "text", "xml", "json", "dot",
	    "svg", "png" };
	const char	*dot;
	size_t		 i;

	if (path == NULL || (dot = strrchr(path, '.')) == NULL)
		return NULL;
	if (strcmp(dot + 1, "txt") == 0)
		return "text";
	for (i = 0; i < nitems(formats); i++) {
		if (strcmp(dot + 1, formats[i]) == 0)
			return formats[i];
	}
	return NULL;
}

/* Render graph (or schedule, for JSON) in format into b. */
static int
render_graph(const struct schedule *sc, const char *format, struct buf *b)
{
	char	*cause = NULL;

	if (strcmp(format, "text") == 0)
		emit_text(&sc->graph, b);
	else if (strcmp(format, "json") == 0)
		emit_json(sc, b);
	else if (strcmp(format, "dot") == 0)
		emit_dot(&sc->graph, b);
	else if (strcmp(format, "xml") == 0) {
		if (emit_xml(&sc->graph, b, &cause) != 0)
			goto fail;
	} else if (strcmp(format, "svg") == 0 || strcmp(format, "png") == 0) {
		if (emit_render(&sc->graph, format, b, &cause) != 0)
			goto fail;
	} else {
		fprintf(stderr, "hacc: unknown format '%s' (text, xml, json, "
		    "dot, svg or png)\n", format);
		return EXIT_USAGE;
	}
	return 0;
fail:
	fprintf(stderr, "hacc: %s\n", cause != NULL ? cause : "cannot render");
	free(cause);
	return EXIT_INPUT;
}

/* Write b to path (atomically), or to stdout for NULL or "-". */
static int
output(const char *path, const struct buf *b)
{
	if (path == NULL || strcmp(path, "-") == 0) {
		if (b->len > 0)
			fwrite(b->data, 1, b->len, stdout);
		return 0;
	}
	return write_file(path, b->data == NULL ? "" : b->data, b->len) == 0 ?
	    0 : EXIT_USAGE;
}

static int
cmd_compile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "cib", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*state = NULL, *out = NULL, *format = NULL;
	const char	*cib = NULL;
	struct ctx	*ctx;
	struct model	*m;
	struct cstate	*st;
	struct schedule	*sc;
	struct sched_opts opts;
	struct buf	 b;
	int		 ch, rc;

	memset(&opts, 0, sizeof opts);
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			state = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'C':
			cib = optarg;
			break;
		default:
			return usage_cmd("compile");
		}
	}
	if (optind != argc - (cib == NULL) || (cib != NULL && state != NULL))
		return usage_cmd("compile");
	if (format == NULL && (format = format_of(out)) == NULL)
		format = "text";
	ctx = ctx_new();
	rc = EXIT_INPUT;
	if (cib != NULL) {
		if (load_cib(ctx, cib, &m, &st) != 0)
			goto done;
	} else if ((m = load_model(ctx, argv[optind])) == NULL ||
	    (st = load_state(ctx, m, state)) == NULL)
		goto done;
	/* only JSON shows the scores */
	opts.no_scores = strcmp(format, "json") != 0;
	if ((sc = sched_run(ctx, m, st, &opts)) == NULL) {
		render_diags(ctx);
		goto done;
	}
	buf_init(&b);
	if ((rc = render_graph(sc, format, &b)) == 0)
		rc = output(out, &b);
	buf_clear(&b);
done:
	ctx_free(ctx);
	return rc;
}

/* A score as Pacemaker prints it. */
static const char *
score_text(int score, char *tmp, size_t len)
{
	if (score >= SCORE_INFINITY)
		return "INFINITY";
	if (score <= -SCORE_INFINITY)
		return "-INFINITY";
	snprintf(tmp, len, "%d", score);
	return tmp;
}

/* "Why is RSC where it is?": every node's score, part by part. */
static void
print_explain(const struct rsc_scores *x, struct buf *b)
{
	const struct node_score	*n;
	const struct score_part	*p;
	size_t			 i, j;
	char			 tmp[32];

	if (x->assigned != NULL)
		buf_printf(b, "'%s' is placed on %s.\n", x->rsc, x->assigned);
	else
		buf_printf(b, "'%s' is stopped: %s.\n", x->rsc,
		    x->why_stopped);
	for (i = 0; i < x->nnodes; i++) {
		n = &x->nodes[i];
		buf_printf(b, "\n  %s: %s%s\n", n->node,
		    score_text(n->score, tmp, sizeof tmp),
		    x->assigned != NULL && strcmp(x->assigned, n->node) == 0 ?
		    "  (chosen)" : "");
		if (n->nparts == 0)
			buf_puts(b, "    0          no preference\n");
		for (j = 0; j < n->nparts; j++) {
			p = &n->parts[j];
			if (p->score >= SCORE_INFINITY ||
			    p->score <= -SCORE_INFINITY)
				buf_printf(b, "    %-10s %s", score_text(p->score,
				    tmp, sizeof tmp), p->what);
			else
				buf_printf(b, "    %+-10d %s", p->score,
				    p->what);
			if (p->file != NULL)
				buf_printf(b, " (%s:%d)", p->file, p->loc.line);
			buf_putc(b, '\n');
		}
	}
}

struct injection {
	const char	*what;
	const char	*arg;
};

static int
cmd_simulate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "node-fail", required_argument, NULL, 'I' },
		{ "node-down", required_argument, NULL, 'I' },
		{ "node-up", required_argument, NULL, 'I' },
		{ "standby", required_argument, NULL, 'I' },
		{ "online", required_argument, NULL, 'I' },
		{ "op-fail", required_argument, NULL, 'I' },
		{ "quorum", required_argument, NULL, 'I' },
		{ "set-attr", required_argument, NULL, 'I' },
		{ "time", required_argument, NULL, 'I' },
		{ "ticket-grant", required_argument, NULL, 'I' },
		{ "ticket-revoke", required_argument, NULL, 'I' },
		{ "ticket-standby", required_argument, NULL, 'I' },
		{ "ticket-activate", required_argument, NULL, 'I' },
		{ "op-fail-during", required_argument, NULL, 'F' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "save-state", required_argument, NULL, 'S' },
		{ "dot", required_argument, NULL, 'd' },
		{ "svg", required_argument, NULL, 'v' },
		{ "png", required_argument, NULL, 'p' },
		{ "text", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "scores", no_argument, NULL, 'c' },
		{ "explain", required_argument, NULL, 'x' },
		{ "cib", required_argument, NULL, 'C' },
		{ "normal-form", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*cib = NULL;
	int			 normal = 0;
	struct injection	*inj = NULL;
	const char		**fails = NULL, *state = NULL, *save = NULL;
	const char		*draw = NULL, *draw_format = NULL, *cause;
	struct sched_opts	 opts, later;
	struct ctx		*ctx;
	struct model		*m;
	struct cstate		*st, *next;
	struct schedule		*sc, *first = NULL;
	struct buf		 b, g;
	unsigned char		*ran;
	size_t			 ninj = 0, nfails = 0, i, j;
	int			 ch, idx, rc, json = 0, scores = 0, rounds = 10;
	int			 round, aborted;
	char			*end;

	memset(&opts, 0, sizeof opts);
	while ((ch = getopt_long(argc, argv, "", longopts, &idx)) != -1) {
		switch (ch) {
		case 's':
			state = optarg;
			break;
		case 'I':
			inj = xreallocarray(inj, ninj + 1, sizeof *inj);
			inj[ninj].what = longopts[idx].name;
			inj[ninj++].arg = optarg;
			break;
		case 'F':
			fails = xreallocarray(fails, nfails + 1,
			    sizeof *fails);
			fails[nfails++] = optarg;
			break;
		case 'r':
			rounds = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || rounds < 1 || rounds > 1000) {
				fprintf(stderr, "hacc: --rounds takes 1 to "
				    "1000, not '%s'\n", optarg);
				free(inj);
				free(fails);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			save = optarg;
			break;
		case 'd':
		case 'v':
		case 'p':
		case 't':
			draw = optarg;
			draw_format = ch == 'd' ? "dot" : ch == 'v' ? "svg" :
			    ch == 't' ? "text" : "png";
			break;
		case 'j':
			json = 1;
			break;
		case 'c':
			scores = 1;
			break;
		case 'x':
			opts.explain = optarg;
			break;
		case 'C':
			cib = optarg;
			break;
		case 'N':
			normal = 1;
			break;
		default:
			free(inj);
			free(fails);
			return usage_cmd("simulate");
		}
	}
	if (optind != argc - (cib == NULL) || (cib != NULL && state != NULL)) {
		free(inj);
		free(fails);
		return usage_cmd("simulate");
	}
	ctx = ctx_new();
	rc = EXIT_INPUT;
	buf_init(&b);
	if (cib != NULL) {
		if (load_cib(ctx, cib, &m, &st) != 0)
			goto done;
	} else if ((m = load_model(ctx, argv[optind])) == NULL ||
	    (st = load_state(ctx, m, state)) == NULL)
		goto done;
	if (opts.explain != NULL && model_resource(m, opts.explain) == NULL) {
		fprintf(stderr, "hacc: --explain: unknown resource '%s'\n",
		    opts.explain);
		rc = EXIT_USAGE;
		goto done;
	}
	for (i = 0; i < ninj; i++) {
		if (simulate_inject(ctx, m, st, inj[i].what, inj[i].arg,
		    &cause) != 0) {
			fprintf(stderr, "hacc: --%s: %s\n", inj[i].what, cause);
			rc = EXIT_USAGE;
			goto done;
		}
	}

	/* the scores shown are the first round's, if any */
	opts.no_scores = !scores && !json;
	later.explain = NULL;
	later.no_scores = 1;
	for (round = 0; round < rounds; round++) {
		if ((sc = sched_run(ctx, m, st, round == 0 ? &opts :
		    &later)) == NULL) {
			render_diags(ctx);
			goto done;
		}
		if (normal) {
			st = simulate_apply(ctx, m, st, &sc->graph, fails,
			    nfails, &aborted, NULL);
			normal_form(sc, sched_status(ctx, m, st), &b);
			fwrite(b.data, 1, b.len, stdout);
			rc = 0;
			goto done;
		}
		if (first == NULL) {
			first = sc;
			if (!json) {
				report_banner(&sc->status, &b);
				buf_puts(&b, "Current cluster status:\n");
				report_status(&sc->status, &b);
			}
		}
		ran = xcalloc(sc->graph.nactions + 1, 1);
		next = simulate_apply(ctx, m, st, &sc->graph, fails, nfails,
		    &aborted, ran);
		if (!json) {
			buf_puts(&b, "\nTransition Summary:\n");
			report_summary(sc, &b);
			buf_puts(&b, "\nExecuting Cluster Transition:\n");
			report_actions(&sc->graph, ran, &b);
		}
		free(ran);
		st = next;
		if (!aborted || sc->graph.nrunnable == 0)
			break;
		nfails = 0;	/* a failure is injected once */
	}
	if (json)
		emit_json(first, &b);
	else {
		buf_puts(&b, "\nRevised Cluster Status:\n");
		report_status(sched_status(ctx, m, st), &b);
	}
	if (scores && !json) {
		buf_puts(&b, "\nAllocation scores:\n");
		for (i = 0; i < first->nscores; i++) {
			char	tmp[32];

			for (j = 0; j < first->scores[i].nnodes; j++)
				buf_printf(&b, "  %s allocation score on %s: "
				    "%s\n", first->scores[i].rsc,
				    first->scores[i].nodes[j].node,
				    score_text(first->scores[i].nodes[j].score,
				    tmp, sizeof tmp));
		}
	}
	if (first->explain != NULL && !json) {
		buf_puts(&b, "\n");
		print_explain(first->explain, &b);
	}
	fwrite(b.data, 1, b.len, stdout);
	rc = 0;
	if (draw != NULL) {
		buf_init(&g);
		if ((rc = render_graph(first, draw_format, &g)) == 0)
			rc = output(draw, &g);
		buf_clear(&g);
	}
	if (save != NULL && rc == 0) {
		buf_init(&g);
		state_write(st, &g);
		rc = output(save, &g);
		buf_clear(&g);
	}
done:
	buf_clear(&b);
	free(inj);
	free(fails);
	ctx_free(ctx);
	return rc;
}

/* Write the cluster state st to path (the state file of docs/state.md). */
static int
write_state(const char *path, const struct cstate *st)
{
	struct buf	b;
	int		rc;

	buf_init(&b);
	state_write(st, &b);
	rc = write_file(path, b.data == NULL ? "" : b.data, b.len);
	buf_clear(&b);
	return rc;
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

/* hacc export: a policy (and a state) as a Pacemaker CIB. */
static int
cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "state", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "color", optional_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx	*ctx;
	struct policy	*pol;
	struct model	*m = NULL;
	struct cstate	*st = NULL;
	struct buf	 b;
	const char	*out = NULL, *state = NULL;
	int		 ch, quiet = 0, rc = EXIT_INPUT;

	while ((ch = getopt_long(argc, argv, "o:q", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 's':
			state = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'c':
			if (parse_color(optarg) != 0)
				return EXIT_USAGE;
			break;
		default:
			return usage_cmd("export");
		}
	}
	if (optind != argc - 1)
		return usage_cmd("export");
	ctx = ctx_new();
	buf_init(&b);
	if ((pol = load(ctx, argv[optind])) == NULL)
		rc = EXIT_USAGE;
	else {
		m = compile_policy(ctx, pol);
		compile_free(pol);
	}
	if (m != NULL && state != NULL)
		st = state_load(ctx, m, state);
	else if (m != NULL)
		st = state_fresh(ctx, m);
	if (st != NULL && ctx->diags.nerrors == 0 &&
	    export_cib(ctx, m, &b) == 0 && export_status(ctx, m, st, &b) == 0)
		rc = 0;
	if (!quiet || rc != 0)
		render_diags(ctx);
	if (rc == 0)
		rc = output(out, &b);
	buf_clear(&b);
	ctx_free(ctx);
	return rc;
}

/* ---------------------------------------------------------------------
 * hacc diff OLD.ha NEW.ha [--state FILE]: what the cluster would do if NEW
 * replaced OLD. The cluster runs OLD, in the state FILE says (as it is:
 * it is what the cluster looks like now, pending recoveries and all) or,
 * without FILE, in the state OLD settles in from a fresh start. That state
 * is written and read again against NEW, as `hacc simulate NEW --state`
 * would read a saved state: resources NEW drops are orphans (stopped),
 * nodes NEW drops are left out (Pacemaker ignores the status of nodes
 * its configuration does not declare).
 */

/* A policy checked into a model in ctx; *rc 2 unreadable, 1 errors. */
static struct model *
cmd_diff_load(struct ctx *ctx, const char *path, int *rc)
{
	struct policy	*pol;
	struct model	*m;

	if ((pol = load(ctx, path)) == NULL) {
		render_diags(ctx);
		*rc = EXIT_USAGE;
		return NULL;
	}
	m = compile_policy(ctx, pol);
	compile_free(pol);
	render_diags(ctx);
	if (m == NULL)
		*rc = EXIT_INPUT;
	return m;
}

/*
 * Simulate m's transitions from st until none is left, at most rounds of
 * them; *settled says whether it got there. NULL (rendered) on errors.
 */
static struct cstate *
cmd_diff_settle(struct ctx *ctx, const struct model *m, struct cstate *st,
    int rounds, int *settled)
{
	struct schedule	*sc;
	int		 aborted, i;

	*settled = 0;
	for (i = 0; i <= rounds; i++) {
		if ((sc = sched_run(ctx, m, st, NULL)) == NULL) {
			render_diags(ctx);
			return NULL;
		}
		if (sc->graph.nrunnable == 0) {
			*settled = 1;
			break;
		}
		if (i < rounds)
			st = simulate_apply(ctx, m, st, &sc->graph, NULL, 0,
			    &aborted, NULL);
	}
	return st;
}

/*
 * st, a state of OLD, as a state of nm in nctx: its nodes nm declares
 * (all of them if nm declares none), written and read again. NULL
 * (rendered) on errors.
 */
static struct cstate *
cmd_diff_carry(struct ctx *octx, struct ctx *nctx, const struct model *om,
    const struct model *nm, const struct cstate *st, const char *label)
{
	struct cstate	*keep;
	struct nstate	*ns;
	struct rhist	*h;
	struct source	*src;
	struct buf	 b;
	size_t		 i, *map;

	keep = state_new(octx);
	keep->have_quorum = st->have_quorum;
	keep->now = st->now;
	keep->no_quorum_panic = st->no_quorum_panic;
	for (i = 0; i < st->ntickets; i++)
		*state_ticket(octx, keep, st->tickets[i].name, 1) =
		    st->tickets[i];
	map = xreallocarray(NULL, st->nnodes + 1, sizeof *map);
	for (i = 0; i < st->nnodes; i++) {
		map[i] = SIZE_MAX;
		if (nm->nnodes > 0 && model_node(nm, st->nodes[i].name) ==
		    NULL) {
			fprintf(stderr, "hacc: note: node '%s' is not in the "
			    "new policy: its state is left out\n",
			    st->nodes[i].name);
			continue;
		}
		ns = state_node(keep, st->nodes[i].name, 1);
		*ns = st->nodes[i];
		map[i] = (size_t)(ns - keep->nodes);
	}
	if (st->dc != NULL && (nm->nnodes == 0 || model_node(nm, st->dc) !=
	    NULL))
		keep->dc = st->dc;
	for (i = 0; i < st->nhist; i++) {
		if (map[st->hist[i].node] == SIZE_MAX)
			continue;
		h = state_hist(keep, st->hist[i].rsc, map[st->hist[i].node], 1);
		h->cls = st->hist[i].cls;
		h->provider = st->hist[i].provider;
		h->type = st->hist[i].type;
		h->shutdown_lock = st->hist[i].shutdown_lock;
		h->nops = st->hist[i].nops;
		h->ops = arena_allocarray(octx->arena, h->nops + 1,
		    sizeof *h->ops);
		if (h->nops > 0)
			memcpy(h->ops, st->hist[i].ops, h->nops *
			    sizeof *h->ops);
	}
	free(map);
	/* What ran, ran with OLD's definitions: NEW's changes show. */
	simulate_fill_digests(octx, keep, om);
	buf_init(&b);
	state_write(keep, &b);
	src = ctx_add_source(nctx, label, b.data == NULL ? "" : b.data, b.len);
	buf_clear(&b);
	keep = state_parse(nctx, nm, src);
	if (keep == NULL || nctx->diags.nerrors > 0) {
		render_diags(nctx);
		return NULL;
	}
	render_diags(nctx);
	return keep;
}

/*
 * NEW's transition from st, in crm_simulate's layout, into b: running
 * resources whose agent or parameters NEW changes restart (or reload), as
 * Pacemaker restarts them.
 */
static int
cmd_diff_transition(struct ctx *ctx, const struct model *m,
    struct cstate *st, struct buf *b)
{
	struct schedule	*sc;
	int		 aborted;

	if ((sc = sched_run(ctx, m, st, NULL)) == NULL) {
		render_diags(ctx);
		return -1;
	}
	report_banner(&sc->status, b);
	buf_puts(b, "Current cluster status:\n");
	report_status(&sc->status, b);
	buf_puts(b, "\nTransition Summary:\n");
	report_summary(sc, b);
	buf_puts(b, "\nExecuting Cluster Transition:\n");
	report_actions(&sc->graph, NULL, b);
	st = simulate_apply(ctx, m, st, &sc->graph, NULL, 0, &aborted, NULL);
	buf_puts(b, "\nRevised Cluster Status:\n");
	report_status(sched_status(ctx, m, st), b);
	return 0;
}

static int
cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "rounds", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*state = NULL, *label;
	struct ctx	*octx = NULL, *nctx = NULL;
	struct model	*om, *nm = NULL;
	struct cstate	*st;
	struct buf	 b;
	char		*end;
	int		 ch, rc = 0, rounds = 10, settled;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			state = optarg;
			break;
		case 'r':
			rounds = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || rounds < 1 || rounds > 1000) {
				fprintf(stderr, "hacc: --rounds takes 1 to "
				    "1000, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return usage_cmd("diff");
		}
	}
	if (optind != argc - 2)
		return usage_cmd("diff");
	octx = ctx_new();
	nctx = ctx_new();
	buf_init(&b);
	om = cmd_diff_load(octx, argv[optind], &rc);
	nm = cmd_diff_load(nctx, argv[optind + 1], &rc);
	if (om == NULL || nm == NULL)
		goto done;
	rc = EXIT_INPUT;
	if (state != NULL) {
		if ((st = load_state(octx, om, state)) == NULL)
			goto done;
		label = state;
	} else {
		if ((st = cmd_diff_settle(octx, om, state_fresh(octx, om),
		    rounds, &settled)) == NULL)
			goto done;
		if (!settled)
			fprintf(stderr, "hacc: note: %s does not settle in %d "
			    "transitions; %s starts from the state after the "
			    "last\n", argv[optind], rounds, argv[optind + 1]);
		label = arena_printf(nctx->arena, "<the state %s settles in>",
		    argv[optind]);
	}
	if ((st = cmd_diff_carry(octx, nctx, om, nm, st, label)) == NULL)
		goto done;
	buf_puts(&b, "Changed definitions:\n");
	diff_models(nctx, om, nm, &b);
	buf_putc(&b, '\n');
	if (cmd_diff_transition(nctx, nm, st, &b) != 0)
		goto done;
	fwrite(b.data, 1, b.len, stdout);
	rc = 0;
done:
	buf_clear(&b);
	ctx_free(nctx);
	ctx_free(octx);
	return rc;
}

/* hacc keygen: a new random cluster key, mode 0600. */
static int
cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*out = KEYGEN_DEFAULT;
	char		*cause;
	int		 ch;

	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		default:
			return usage_cmd("keygen");
		}
	}
	if (optind != argc)
		return usage_cmd("keygen");
	if (wire_key_write(out, &cause) != 0) {
		fprintf(stderr, "hacc: keygen: %s\n", cause);
		free(cause);
		return EXIT_USAGE;
	}
	return 0;
}

/* hacc status: what the local hacd says of the ring and quorum. */
static int
cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*sock = STATUS_SOCKET;
	char		*reply, *cause;
	int		 ch, json = 0;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 's':
			sock = optarg;
			break;
		default:
			return usage_cmd("status");
		}
	}
	if (optind != argc)
		return usage_cmd("status");
	if (control_request(sock, json ? "status json" : "status", NULL, 0,
	    &reply, &cause) != 0) {
		fprintf(stderr, "hacc: status: %s\n", cause);
		free(cause);
		return EXIT_USAGE;
	}
	fputs(reply, stdout);
	free(reply);
	return 0;
}

/*
 * Send request (with data, if not NULL) to hacd and print its reply: 0,
 * 1 when hacd answered with an error, 2 when it could not be asked.
 */
static int
ask_hacd(const char *cmd, const char *sock, const char *request,
    const char *data, size_t len)
{
	char	*reply, *cause;
	int	 rc = 0;

	if (control_request(sock, request, data, len, &reply, &cause) != 0) {
		fprintf(stderr, "hacc: %s: %s\n", cmd, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (strncmp(reply, "error: ", 7) == 0) {
		fprintf(stderr, "hacc: %s: %s", cmd, reply + 7);
		rc = 1;
	} else
		fputs(reply, stdout);
	free(reply);
	return rc;
}

/* Parse --socket for the commands that only ask hacd; -1 on errors. */
static int
socket_opt(const char *cmd, int argc, char **argv, const char **sock,
    int *yes)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "yes", no_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	*sock = STATUS_SOCKET;
	while ((ch = getopt_long(argc, argv, yes != NULL ? "y" : "", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 's':
			*sock = optarg;
			break;
		case 'y':
			if (yes != NULL) {
				*yes = 1;
				break;
			}
			/* FALLTHROUGH */
		default:
			usage_cmd(cmd);
			return -1;
		}
	}
	return 0;
}

/* hacc deploy: check a policy whole, ask, hand it to hacd. */
static int
cmd_deploy(int argc, char **argv)
{
	struct ctx	*ctx;
	struct model	*m;
	const char	*sock;
	char		 answer[16];
	int		 yes = 0, rc;

	if (socket_opt("deploy", argc, argv, &sock, &yes) == -1)
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return usage_cmd("deploy");
	ctx = ctx_new();
	m = compile_file(ctx, argv[optind]);
	render_diags(ctx);
	if (m == NULL) {
		fprintf(stderr, "hacc: deploy: %s has errors: not deployed\n",
		    argv[optind]);
		ctx_free(ctx);
		return 1;
	}
	if (ctx->nsources > 1) {
		fprintf(stderr, "hacc: deploy: %s includes other files: a "
		    "deployed policy is one file\n", argv[optind]);
		ctx_free(ctx);
		return 1;
	}
	printf("%s: %zu nodes, %zu resources, cluster %s\n", argv[optind],
	    m->nnodes, m->nresources, m->cluster_name != NULL ?
	    m->cluster_name : "(none)");
	if (!yes) {
		printf("Deploy it to the running cluster? [y/N] ");
		fflush(stdout);
		if (fgets(answer, sizeof answer, stdin) == NULL ||
		    (answer[0] != 'y' && answer[0] != 'Y')) {
			printf("not deployed\n");
			ctx_free(ctx);
			return 1;
		}
	}
	rc = ask_hacd("deploy", sock, "deploy", ctx->sources[0]->text,
	    ctx->sources[0]->len);
	ctx_free(ctx);
	return rc;
}

/* hacc standby NODE, hacc online NODE. */
static int
cmd_node(int argc, char **argv)
{
	const char	*sock;
	char		*req;
	int		 rc;

	if (socket_opt(argv[0], argc, argv, &sock, NULL) == -1)
		return EXIT_USAGE;
	if (optind + 1 != argc || strchr(argv[optind], ' ') != NULL)
		return usage_cmd(argv[0]);
	xasprintf(&req, "%s %s", argv[0], argv[optind]);
	rc = ask_hacd(argv[0], sock, req, NULL, 0);
	free(req);
	return rc;
}

/* hacc move|ban RESOURCE NODE, clear|cleanup RESOURCE [NODE]. */
static int
cmd_rsc(int argc, char **argv)
{
	const char	*sock, *cmd = argv[0];
	char		*req;
	int		 rc, i, node_needed;

	node_needed = strcmp(cmd, "move") == 0 || strcmp(cmd, "ban") == 0;
	if (socket_opt(cmd, argc, argv, &sock, NULL) == -1)
		return EXIT_USAGE;
	if (argc - optind != 2 && (node_needed || argc - optind != 1))
		return usage_cmd(cmd);
	for (i = optind; i < argc; i++) {
		if (argv[i][0] == '\0' || strchr(argv[i], ' ') != NULL)
			return usage_cmd(cmd);
	}
	xasprintf(&req, "%s %s%s%s", cmd, argv[optind], optind + 2 == argc ?
	    " " : "", optind + 2 == argc ? argv[optind + 1] : "");
	rc = ask_hacd(cmd, sock, req, NULL, 0);
	free(req);
	return rc;
}

/* hacc maintenance on|off [NODE]. */
static int
cmd_maintenance(int argc, char **argv)
{
	const char	*sock;
	char		*req;
	int		 rc, i;

	if (socket_opt("maintenance", argc, argv, &sock, NULL) == -1)
		return EXIT_USAGE;
	if (argc - optind < 1 || argc - optind > 2 ||
	    (strcmp(argv[optind], "on") != 0 &&
	    strcmp(argv[optind], "off") != 0))
		return usage_cmd("maintenance");
	for (i = optind; i < argc; i++) {
		if (argv[i][0] == '\0' || strchr(argv[i], ' ') != NULL)
			return usage_cmd("maintenance");
	}
	xasprintf(&req, "maintenance %s%s%s", argv[optind], optind + 2 ==
	    argc ? " " : "", optind + 2 == argc ? argv[optind + 1] : "");
	rc = ask_hacd("maintenance", sock, req, NULL, 0);
	free(req);
	return rc;
}

/*
 * A --since TIME of hacc history as epoch seconds: an ISO 8601 date and
 * time in UTC (a time alone is today's), @SECONDS, or a duration before
 * now. -1 when it is none.
 */
static int
history_since(const char *s, int64_t *out)
{
	static const char *const formats[] = {
		"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
		"%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
		"%Y-%m-%d", "%H:%M:%S", "%H:%M"
	};
	struct ctx	*ctx;
	struct tm	 tm, today;
	time_t		 now = time(NULL);
	const char	*end, *cause;
	char		*e;
	uint64_t	 ms;
	long long	 v;
	size_t		 i;
	int		 rc;

	if (s[0] == '@') {
		errno = 0;
		v = strtoll(s + 1, &e, 10);
		if (s[1] < '0' || s[1] > '9' || *e != '\0' || errno != 0)
			return -1;
		*out = v;
		return 0;
	}
	for (i = 0; i < nitems(formats); i++) {
		memset(&tm, 0, sizeof tm);
		if ((end = strptime(s, formats[i], &tm)) == NULL ||
		    *end != '\0')
			continue;
		if (formats[i][1] == 'H' && gmtime_r(&now, &today) != NULL) {
			tm.tm_year = today.tm_year;
			tm.tm_mon = today.tm_mon;
			tm.tm_mday = today.tm_mday;
		}
		*out = (int64_t)timegm(&tm);
		return 0;
	}
	ctx = ctx_new();
	rc = s[0] >= '0' && s[0] <= '9' &&
	    value_duration(ctx, s, &ms, &cause) == 0 ? 0 : -1;
	ctx_free(ctx);
	if (rc == 0)
		*out = (int64_t)now - (int64_t)(ms / 1000);
	return rc;
}

/* hacc history: the cluster log. */
static int
cmd_history(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 'S' },
		{ "socket", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*sock = STATUS_SOCKET;
	char		*req, *e;
	unsigned long long last = 0;
	int64_t		 since = 0;
	int		 ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'n':
			errno = 0;
			last = strtoull(optarg, &e, 10);
			if (optarg[0] < '0' || optarg[0] > '9' || *e != '\0' ||
			    errno != 0) {
				fprintf(stderr, "hacc: history: -n wants a "
				    "count, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			if (history_since(optarg, &since) == -1) {
				fprintf(stderr, "hacc: history: --since wants "
				    "a time (2026-11-25T18:00:00Z, @SECONDS) "
				    "or a duration ago (10m), not '%s'\n",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			sock = optarg;
			break;
		default:
			return usage_cmd("history");
		}
	}
	if (optind != argc)
		return usage_cmd("history");
	xasprintf(&req, "history %llu %lld %s", last, (long long)since,
	    json ? "json" : "text");
	rc = ask_hacd("history", sock, req, NULL, 0);
	free(req);
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
