/*
 * hacc-tools.c: the stand-ins for the Pacemaker tools that resource
 * agents call, one program named by argv[0]: crm_attribute,
 * attrd_updater, crm_node and crm_master. hacd puts the directory of
 * their links first on its agents' PATH and in HA_SBIN_DIR, and the path
 * of its control socket in HACC_SOCKET; each call is one request to the
 * local hacd (rm_attr_command in runtime/rm.c), which puts a change on
 * the ring and answers reads from the replicated state.
 *
 * BEHAVIOR (after Pacemaker 2.1.5's tools, which agents parse): options,
 * output and exit codes are Pacemaker's for the calls Debian's agents
 * make (agents/README.md lists them): `crm_attribute -G -q` prints the
 * bare value, a missing attribute exits 105 (CRM_EX_NOSUCH), bad
 * arguments 64 (CRM_EX_USAGE), no hacd 102 (CRM_EX_DISCONNECT). Our
 * deviations: cluster properties are read-only (they come from the
 * policy); attrd_updater's dampening (-d) is not applied, a value is
 * written at once; private attributes (-p) are ordinary transient ones;
 * -P patterns, -z utilization and the XML output are refused; the
 * promotion score of an anonymous clone's instance is master-RSC without
 * the instance number (hacc names the instance RSC:N in
 * OCF_RESOURCE_INSTANCE where Pacemaker gives the bare RSC).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang.h"
#include "runtime.h"

#define TOOLS_SOCKET	"/run/hacc/hacd.sock"
#define TOOLS_NAME_MAX	100	/* two fit on a control line */

/* Pacemaker's exit codes (crm_exit_t) that the stand-ins use. */
enum tools_exit {
	TOOLS_OK = 0,
	TOOLS_ERROR = 1,
	TOOLS_UNIMPLEMENTED = 3,
	TOOLS_USAGE = 64,
	TOOLS_CONFIG = 78,
	TOOLS_DISCONNECT = 102,
	TOOLS_NOSUCH = 105,
	TOOLS_QUORUM = 106
};

static const char	*tools_prog = "hacc-tools";

/* An error on standard error, "PROG: ...", as Pacemaker's tools print. */
static void __attribute__((format(printf, 1, 2)))
tools_warnx(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "%s: ", tools_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A usage error: the message, a hint, and CRM_EX_USAGE. */
static int __attribute__((format(printf, 1, 2)))
tools_usage(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "%s: ", tools_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(%s --help lists the options)\n", tools_prog);
	return TOOLS_USAGE;
}

/* --version: the Pacemaker whose behaviour the stand-ins follow. */
static void
tools_version(void)
{
	printf("Pacemaker 2.1.5 (hacc %s stand-in)\n", PACKAGE_VERSION);
}

/* Whether a name can travel in a request: printable, no spaces. */
static int
tools_name_ok(const char *s)
{
	size_t	i;

	if (s == NULL || *s == '\0' || strlen(s) > TOOLS_NAME_MAX)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	}
	return 1;
}

/*
 * Ask the local hacd: 0 with *value (new, the data after "ok") or 1 for
 * "none" (*value NULL); on an error reply or no hacd, print it and
 * return the exit code, negated.
 */
static int
tools_ask(const char *request, const char *data, size_t len, char **value)
{
	const char	*sock = getenv("HACC_SOCKET");
	char		*reply = NULL, *cause = NULL;
	int		 rc;

	*value = NULL;
	if (sock == NULL || *sock == '\0')
		sock = TOOLS_SOCKET;
	if (control_request(sock, request, data, len, &reply, &cause) == -1) {
		tools_warnx("could not connect to hacd: %s", cause);
		free(cause);
		return -TOOLS_DISCONNECT;
	}
	if (strncmp(reply, "ok\n", 3) == 0) {
		*value = xstrdup(reply + 3);
		rc = 0;
	} else if (strcmp(reply, "none\n") == 0)
		rc = 1;
	else {
		reply[strcspn(reply, "\n")] = '\0';
		tools_warnx("%s", strncmp(reply, "error: ", 7) == 0 ?
		    reply + 7 : reply);
		rc = strstr(reply, "unknown node") != NULL ? -TOOLS_NOSUCH :
		    -TOOLS_ERROR;
	}
	free(reply);
	return rc;
}

/*
 * This node's name (new): OCF_RESKEY_CRM_meta_on_node when hacd runs us
 * for an agent, else hacd's; NULL with *ex set when hacd cannot say.
 */
static char *
tools_local(int *ex, uint32_t *id)
{
	const char	*env = getenv("OCF_RESKEY_CRM_meta_on_node");
	char		*v, *name, *sp;
	int		 rc;

	if (env != NULL && *env != '\0' && id == NULL)
		return xstrdup(env);
	if ((rc = tools_ask("node self", NULL, 0, &v)) != 0) {
		*ex = rc < 0 ? -rc : TOOLS_ERROR;
		return NULL;
	}
	if ((sp = strchr(v, ' ')) == NULL) {
		tools_warnx("hacd did not say which node this is");
		free(v);
		*ex = TOOLS_ERROR;
		return NULL;
	}
	if (id != NULL)
		*id = (uint32_t)strtoul(v, NULL, 10);
	name = xstrdup(sp + 1);
	name[strcspn(name, "\n")] = '\0';
	free(v);
	return name;
}

/*
 * The node a tool acts on (new): node, or this one for NULL, auto and
 * localhost; NULL with *ex set (and the reason printed) when it is no
 * name or hacd cannot say.
 */
static char *
tools_target(const char *node, int *ex)
{
	if (node == NULL || strcmp(node, "auto") == 0 ||
	    strcmp(node, "localhost") == 0)
		return tools_local(ex, NULL);
	if (!tools_name_ok(node)) {
		*ex = tools_usage("bad node name '%s'", node);
		return NULL;
	}
	return xstrdup(node);
}

/*
 * The promotion score's attribute for rsc, or for OCF_RESOURCE_INSTANCE
 * when rsc is NULL or empty (new; NULL without either): master-RSC, the
 * instance number of an anonymous clone's instance dropped.
 */
static char *
tools_promotion_name(const char *rsc)
{
	const char	*unique, *colon;
	char		*name;
	int		 strip = 0;

	if (rsc == NULL || *rsc == '\0') {
		rsc = getenv("OCF_RESOURCE_INSTANCE");
		if (rsc == NULL || *rsc == '\0')
			return NULL;
		unique = getenv("OCF_RESKEY_CRM_meta_globally_unique");
		colon = strrchr(rsc, ':');
		strip = colon != NULL && colon[1] != '\0' &&
		    strspn(colon + 1, "0123456789") == strlen(colon + 1) &&
		    (unique == NULL || strcmp(unique, "true") != 0);
		if (strip) {
			xasprintf(&name, "master-%.*s", (int)(colon - rsc),
			    rsc);
			return name;
		}
	}
	xasprintf(&name, "master-%s", rsc);
	return name;
}

/* --- crm_attribute ------------------------------------------------------ */

enum attr_scope {
	SCOPE_STATUS,		/* transient: -l reboot */
	SCOPE_NODES,		/* permanent: -l forever */
	SCOPE_CONFIG		/* cluster properties, read-only */
};

static void
attribute_help(void)
{
	printf("usage: crm_attribute [-N NODE] [-l reboot|forever | -t "
	    "nodes|status|crm_config]\n"
	    "                     (-n NAME | -p [RESOURCE]) [-G [-q] [-d "
	    "DEFAULT] | -v VALUE | -D]\n"
	    "\n"
	    "hacc's crm_attribute: query and update node attributes in "
	    "hacd's replicated\nstate (cluster properties are read-only: "
	    "they come from the policy).\n"
	    "\n"
	    "  -n, --name NAME          the attribute\n"
	    "  -p, --promotion[=RSC]    the promotion score of RSC (default "
	    "$OCF_RESOURCE_INSTANCE);\n"
	    "                           the lifetime defaults to reboot\n"
	    "  -G, --query              print its value (the default)\n"
	    "  -v, --update VALUE       set it\n"
	    "  -D, --delete             delete it\n"
	    "  -q, --quiet              print only the value\n"
	    "  -d, --default VALUE      print this if it is not set\n"
	    "  -l, --lifetime LIFETIME  reboot (transient) or forever "
	    "(permanent)\n"
	    "  -N, --node NODE          the node (default: this one)\n"
	    "  -t, --type SECTION       nodes, status or crm_config\n");
}

/* crm_attribute: argc and argv as given (crm_master builds its own). */
static int
attribute_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "attr-name", required_argument, NULL, 'n' },
		{ "promotion", optional_argument, NULL, 'p' },
		{ "query", no_argument, NULL, 'G' },
		{ "get-value", no_argument, NULL, 'G' },
		{ "update", required_argument, NULL, 'v' },
		{ "attr-value", required_argument, NULL, 'v' },
		{ "delete", no_argument, NULL, 'D' },
		{ "delete-attr", no_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "default", required_argument, NULL, 'd' },
		{ "lifetime", required_argument, NULL, 'l' },
		{ "type", required_argument, NULL, 't' },
		{ "node", required_argument, NULL, 'N' },
		{ "node-uname", required_argument, NULL, 'U' },
		{ "id", required_argument, NULL, 'i' },
		{ "attr-id", required_argument, NULL, 'i' },
		{ "set-name", required_argument, NULL, 's' },
		{ "pattern", required_argument, NULL, 'P' },
		{ "utilization", no_argument, NULL, 'z' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "inhibit-policy-engine", no_argument, NULL, '!' },
		{ "output-as", required_argument, NULL, 'O' },
		{ "version", no_argument, NULL, '$' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const scopes[] = { "status", "nodes",
					      "crm_config" };
	enum attr_scope	 scope;
	const char	*type = NULL, *node = NULL, *value = NULL;
	const char	*dflt = NULL, *lifetime;
	char		*name = NULL, *target = NULL, *v = NULL, *req = NULL;
	int		 ch, cmd = 'G', quiet = 0, promotion = 0, rc;
	int		 ex = TOOLS_OK;

	optind = 0;	/* glibc: start again (crm_master calls this) */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":n:p::Gv:DqQd:l:t:N:U:i:s:P:zV!h",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			free(name);
			name = xstrdup(optarg);
			break;
		case 'p':
			promotion = 1;
			free(name);
			name = tools_promotion_name(optarg);
			break;
		case 'G':
		case 'D':
			cmd = ch;
			value = NULL;
			break;
		case 'v':
			cmd = 'v';
			value = optarg;
			break;
		case 'q':
		case 'Q':
			quiet = 1;
			break;
		case 'd':
			dflt = optarg;
			break;
		case 'l':
		case 't':
			type = optarg;
			break;
		case 'N':
		case 'U':
			node = optarg;
			break;
		case 'i':
		case 's':
		case 'V':
		case '!':
			break;
		case 'P':
			free(name);
			tools_warnx("patterns (-P) are not supported by hacc");
			return TOOLS_UNIMPLEMENTED;
		case 'z':
			free(name);
			tools_warnx("utilization attributes (-z) are not "
			    "supported by hacc");
			return TOOLS_UNIMPLEMENTED;
		case 'O':
			if (strcmp(optarg, "text") != 0) {
				free(name);
				return tools_usage("only --output-as=text is "
				    "supported");
			}
			break;
		case '$':
			free(name);
			tools_version();
			return TOOLS_OK;
		case 'h':
			free(name);
			attribute_help();
			return TOOLS_OK;
		case ':':
			free(name);
			return tools_usage("option '%s' needs a value",
			    argv[optind - 1]);
		default:
			free(name);
			return tools_usage("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind != argc) {
		free(name);
		return tools_usage("unexpected argument '%s'", argv[optind]);
	}
	if (promotion && name == NULL)
		return tools_usage("-p/--promotion must be called from an OCF "
		    "resource agent or with a resource ID specified");
	if (type == NULL)
		scope = promotion ? SCOPE_STATUS : node != NULL ? SCOPE_NODES :
		    SCOPE_CONFIG;
	else if (strcmp(type, "reboot") == 0 || strcmp(type, "status") == 0)
		scope = SCOPE_STATUS;
	else if (strcmp(type, "forever") == 0 || strcmp(type, "nodes") == 0)
		scope = SCOPE_NODES;
	else if (strcmp(type, "crm_config") == 0)
		scope = SCOPE_CONFIG;
	else if (strcmp(type, "rsc_defaults") == 0 ||
	    strcmp(type, "op_defaults") == 0 || strcmp(type, "tickets") == 0) {
		free(name);
		tools_warnx("--type %s is not supported by hacc", type);
		return TOOLS_UNIMPLEMENTED;
	} else {
		free(name);
		return tools_usage("unknown lifetime or type '%s' (reboot, "
		    "forever, status, nodes, crm_config)", type);
	}
	if (name == NULL) {
		if (cmd == 'D')
			return tools_usage("Error: must specify attribute name "
			    "or pattern to delete");
		return tools_usage("an attribute name (-n) is required");
	}
	if (!tools_name_ok(name)) {
		free(name);
		return tools_usage("bad attribute name (empty, too long, or "
		    "with spaces)");
	}
	if (scope == SCOPE_CONFIG) {
		if (cmd != 'G') {
			tools_warnx("cluster properties are read-only under "
			    "hacc: change the policy and hacc deploy it");
			free(name);
			return TOOLS_UNIMPLEMENTED;
		}
		xasprintf(&req, "prop get %s", name);
	} else {
		if ((target = tools_target(node, &ex)) == NULL) {
			free(name);
			return ex;
		}
		lifetime = scope == SCOPE_STATUS ? "reboot" : "forever";
		xasprintf(&req, "attr %s %s %s %s", cmd == 'G' ? "get" :
		    cmd == 'v' ? "set" : "del", target, name, lifetime);
	}
	rc = tools_ask(req, value, value != NULL ? strlen(value) : 0, &v);
	if (rc < 0)
		ex = -rc;
	else if (cmd == 'G' && rc == 1 && dflt == NULL) {
		tools_warnx("Error performing operation: No such device or "
		    "address");
		ex = TOOLS_NOSUCH;
	} else if (cmd == 'G') {
		if (rc == 1)
			v = xstrdup(dflt);
		if (quiet)
			printf("%s\n", v);
		else
			printf("scope=%s  name=%s value=%s\n", scopes[scope],
			    name, v);
	}
	free(v);
	free(req);
	free(target);
	free(name);
	return ex;
}

/* --- crm_master ---------------------------------------------------------- */

static void
master_help(FILE *f)
{
	fprintf(f, "usage: crm_master [-r RESOURCE] [-N NODE] [-l "
	    "reboot|forever] [-q] (-G | -v SCORE | -D)\n"
	    "\n"
	    "hacc's crm_master (deprecated in Pacemaker: crm_attribute "
	    "--promotion): the\npromotion score master-RESOURCE "
	    "(default $OCF_RESOURCE_INSTANCE).\n");
}

/* crm_master: crm_attribute -n master-RSC -l forever, and the options. */
static int
master_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, '$' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "query", no_argument, NULL, 'G' },
		{ "get-value", no_argument, NULL, 'G' },
		{ "update", required_argument, NULL, 'v' },
		{ "attr-value", required_argument, NULL, 'v' },
		{ "delete", no_argument, NULL, 'D' },
		{ "delete-attr", no_argument, NULL, 'D' },
		{ "node", required_argument, NULL, 'N' },
		{ "uname", required_argument, NULL, 'N' },
		{ "lifetime", required_argument, NULL, 'l' },
		{ "id", required_argument, NULL, 'i' },
		{ "attr-id", required_argument, NULL, 'i' },
		{ "resource", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	char		**av, *name;
	const char	*rsc = NULL;
	size_t		 n = 0;
	int		 ch, rc;

	av = xcalloc((size_t)argc * 2 + 6, sizeof *av);
	av[n++] = xstrdup("crm_attribute");
	av[n++] = xstrdup("--lifetime");
	av[n++] = xstrdup("forever");
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":VqQGv:DN:U:l:i:r:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			master_help(stdout);
			rc = TOOLS_OK;
			goto out;
		case '$':
			tools_version();
			rc = TOOLS_OK;
			goto out;
		case 'q':
		case 'Q':
		case 'G':
		case 'D':
			xasprintf(&av[n++], "-%c", ch);
			break;
		case 'v':
		case 'N':
		case 'U':
		case 'l':
			xasprintf(&av[n++], "-%c", ch == 'U' ? 'N' : ch);
			av[n++] = xstrdup(optarg);
			break;
		case 'r':
			rsc = optarg;
			break;
		case 'V':
		case 'i':
			break;
		case ':':
			fprintf(stderr, "error: option '%s' needs a value\n",
			    argv[optind - 1]);
			master_help(stdout);
			rc = TOOLS_ERROR;
			goto out;
		default:
			fprintf(stderr, "error: unknown option '%s'\n",
			    argv[optind - 1]);
			master_help(stdout);
			rc = TOOLS_ERROR;
			goto out;
		}
	}
	if (optind != argc || (name = tools_promotion_name(rsc)) == NULL) {
		if (optind != argc)
			fprintf(stderr, "error: unexpected argument '%s'\n",
			    argv[optind]);
		else
			fprintf(stderr, "error: No resource specified\n");
		master_help(stdout);
		rc = TOOLS_ERROR;
		goto out;
	}
	av[n++] = xstrdup("-n");
	av[n++] = name;
	tools_prog = "crm_attribute";
	rc = attribute_main((int)n, av);
out:
	while (n > 0)
		free(av[--n]);
	free(av);
	return rc;
}

/* --- attrd_updater ------------------------------------------------------- */

static void
updater_help(void)
{
	printf("usage: attrd_updater -n NAME [-N NODE] (-U VALUE | -B VALUE "
	    "| -Y | -D | -Q [-A] | -R)\n"
	    "                     [-d DELAY] [-p] [-s SET]\n"
	    "\n"
	    "hacc's attrd_updater: transient node attributes in hacd's "
	    "replicated state.\nA value is written at once: the delay (-d) "
	    "is accepted and not applied.\n"
	    "\n"
	    "  -n, --name NAME          the attribute\n"
	    "  -U, -v, --update VALUE   set it\n"
	    "  -B, --update-both VALUE  set it (and the delay)\n"
	    "  -Y, --update-delay       change the delay only (nothing to "
	    "do)\n"
	    "  -D, --delete             delete it\n"
	    "  -Q, --query              print it: name=\"N\" host=\"H\" "
	    "value=\"V\"\n"
	    "  -A, --all                with -Q: on every node\n"
	    "  -R, --refresh            nothing to do\n"
	    "  -N, --node NODE          the node (default: this one)\n"
	    "  -d, --delay DELAY        accepted, not applied\n"
	    "  -p, --private            accepted: an ordinary transient "
	    "attribute\n"
	    "  -s, --set SET            accepted, ignored\n");
}

/* Print attribute name of node as attrd_updater -Q does; 1 if it was set. */
static int
updater_print(const char *node, const char *name, int *ex)
{
	char	*req, *v;
	int	 rc;

	xasprintf(&req, "attr get %s %s reboot", node, name);
	rc = tools_ask(req, NULL, 0, &v);
	free(req);
	if (rc < 0) {
		*ex = -rc;
		return 0;
	}
	if (rc == 1)
		return 0;
	printf("name=\"%s\" host=\"%s\" value=\"%s\"\n", name, node, v);
	free(v);
	return 1;
}

/* attrd_updater -Q: on node, or every node with all. */
static int
updater_query(const char *node, const char *name, int all)
{
	char	*list, *line, *p, *target, *sp;
	int	 ex = TOOLS_OK, printed = 0, rc;

	if (!all) {
		if ((target = tools_target(node, &ex)) == NULL)
			return ex;
		printed = updater_print(target, name, &ex);
		free(target);
	} else {
		if ((rc = tools_ask("node list", NULL, 0, &list)) != 0)
			return rc < 0 ? -rc : TOOLS_ERROR;
		p = list;
		while ((line = strsep(&p, "\n")) != NULL && ex == TOOLS_OK) {
			if ((sp = strchr(line, ' ')) == NULL)
				continue;
			sp[strcspn(sp + 1, " ") + 1] = '\0';
			printed += updater_print(sp + 1, name, &ex);
		}
		free(list);
	}
	if (ex == TOOLS_OK && !printed) {
		tools_warnx("Could not query value of %s: attribute does not "
		    "exist", name);
		ex = TOOLS_CONFIG;
	}
	return ex;
}

/* attrd_updater. */
static int
updater_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "update", required_argument, NULL, 'U' },
		{ "update-both", required_argument, NULL, 'B' },
		{ "update-delay", no_argument, NULL, 'Y' },
		{ "query", no_argument, NULL, 'Q' },
		{ "delete", no_argument, NULL, 'D' },
		{ "refresh", no_argument, NULL, 'R' },
		{ "all", no_argument, NULL, 'A' },
		{ "node", required_argument, NULL, 'N' },
		{ "delay", required_argument, NULL, 'd' },
		{ "private", no_argument, NULL, 'p' },
		{ "set", required_argument, NULL, 's' },
		{ "lifetime", required_argument, NULL, 'l' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "output-as", required_argument, NULL, 'O' },
		{ "version", no_argument, NULL, '$' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*name = NULL, *node = NULL, *value = NULL;
	char		*target, *req, *v;
	int		 ch, cmd = 'U', all = 0, ex = TOOLS_OK, rc;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":n:U:v:B:YQDRAN:d:ps:l:qVh",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		case 'U':
		case 'v':
		case 'B':
			cmd = 'U';
			value = optarg;
			break;
		case 'Y':
		case 'Q':
		case 'D':
		case 'R':
			cmd = ch;
			break;
		case 'A':
			all = 1;
			break;
		case 'N':
			node = optarg;
			break;
		case 'd':
		case 'p':
		case 's':
		case 'l':
		case 'q':
		case 'V':
			break;
		case 'O':
			if (strcmp(optarg, "text") != 0)
				return tools_usage("only --output-as=text is "
				    "supported");
			break;
		case '$':
			tools_version();
			return TOOLS_OK;
		case 'h':
			updater_help();
			return TOOLS_OK;
		case ':':
			return tools_usage("option '%s' needs a value",
			    argv[optind - 1]);
		default:
			return tools_usage("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind != argc)
		return tools_usage("unexpected argument '%s'", argv[optind]);
	if (cmd != 'R' && name == NULL)
		return tools_usage("Command requires --name argument");
	if (cmd != 'R' && !tools_name_ok(name))
		return tools_usage("bad attribute name (empty, too long, or "
		    "with spaces)");
	if (cmd == 'U' && value == NULL)
		return tools_usage("-U/--update needs a value");
	if (cmd == 'R' || cmd == 'Y')
		return TOOLS_OK;
	if (cmd == 'Q')
		return updater_query(node, name, all);
	if ((target = tools_target(node, &ex)) == NULL)
		return ex;
	xasprintf(&req, "attr %s %s %s reboot", cmd == 'U' ? "set" : "del",
	    target, name);
	rc = tools_ask(req, value, value != NULL ? strlen(value) : 0, &v);
	if (rc < 0)
		ex = -rc;
	free(v);
	free(req);
	free(target);
	return ex;
}

/* --- crm_node ------------------------------------------------------------ */

static void
node_help(FILE *f)
{
	fprintf(f, "usage: crm_node -n | -i | -l | -p | -q\n"
	    "\n"
	    "hacc's crm_node: this node and the cluster's membership, from "
	    "hacd.\n"
	    "\n"
	    "  -n, --name        this node's name\n"
	    "  -i, --cluster-id  this node's id\n"
	    "  -l, --list        every node: ID NAME member|lost\n"
	    "  -p, --partition   the names of this partition's members\n"
	    "  -q, --quorum      1 if this partition has quorum, else 0 "
	    "(exit 106)\n");
}

/* crm_node. */
static int
node_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", no_argument, NULL, 'n' },
		{ "cluster-id", no_argument, NULL, 'i' },
		{ "list", no_argument, NULL, 'l' },
		{ "partition", no_argument, NULL, 'p' },
		{ "quorum", no_argument, NULL, 'q' },
		{ "remove", required_argument, NULL, 'R' },
		{ "force", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "version", no_argument, NULL, '$' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*env;
	char		*v, *line, *p, *f[3], *name;
	uint32_t	 id = 0;
	size_t		 k;
	int		 ch, cmd = 0, rc, ex = TOOLS_OK;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":nilpqR:fVh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'n':
		case 'i':
		case 'l':
		case 'p':
		case 'q':
			cmd = ch;
			break;
		case 'R':
			tools_warnx("removing nodes (-R) is not supported by "
			    "hacc: change the policy's cluster block");
			return TOOLS_UNIMPLEMENTED;
		case 'f':
		case 'V':
			break;
		case '$':
			tools_version();
			return TOOLS_OK;
		case 'h':
			node_help(stdout);
			return TOOLS_OK;
		case ':':
			return tools_usage("option '%s' needs a value",
			    argv[optind - 1]);
		default:
			return tools_usage("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind != argc)
		return tools_usage("unexpected argument '%s'", argv[optind]);
	switch (cmd) {
	case 'n':
		env = getenv("OCF_RESKEY_CRM_meta_on_node");
		if (env != NULL && *env != '\0') {
			printf("%s\n", env);
			return TOOLS_OK;
		}
		/* FALLTHROUGH */
	case 'i':
		if ((name = tools_local(&ex, &id)) == NULL)
			return ex;
		if (cmd == 'n')
			printf("%s\n", name);
		else
			printf("%u\n", id);
		free(name);
		return TOOLS_OK;
	case 'q':
		if ((rc = tools_ask("quorum", NULL, 0, &v)) != 0)
			return rc < 0 ? -rc : TOOLS_ERROR;
		printf("%s", v);
		ex = strcmp(v, "1\n") == 0 ? TOOLS_OK : TOOLS_QUORUM;
		free(v);
		return ex;
	case 'l':
	case 'p':
		if ((rc = tools_ask("node list", NULL, 0, &v)) != 0)
			return rc < 0 ? -rc : TOOLS_ERROR;
		p = v;
		while ((line = strsep(&p, "\n")) != NULL) {
			for (k = 0; k < 3 &&
			    (f[k] = strsep(&line, " ")) != NULL; k++)
				;
			if (k < 3)
				continue;
			if (cmd == 'l')
				printf("%s %s %s\n", f[0], f[1], f[2]);
			else if (strcmp(f[2], "member") == 0)
				printf("%s ", f[1]);
		}
		if (cmd == 'p')
			printf("\n");
		free(v);
		return TOOLS_OK;
	}
	node_help(stderr);
	return TOOLS_USAGE;
}

int
main(int argc, char **argv)
{
	const char	*base;

	base = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 :
	    argv[0];
	if (strcmp(base, "hacc-tools") == 0 && argc > 1) {
		argv++;
		argc--;
		base = argv[0];
	}
	tools_prog = base;
	if (strcmp(base, "crm_attribute") == 0)
		return attribute_main(argc, argv);
	if (strcmp(base, "crm_master") == 0)
		return master_main(argc, argv);
	if (strcmp(base, "attrd_updater") == 0)
		return updater_main(argc, argv);
	if (strcmp(base, "crm_node") == 0)
		return node_main(argc, argv);
	fprintf(stderr, "usage: hacc-tools crm_attribute|attrd_updater|"
	    "crm_node|crm_master [ARGS]\n(or call it by one of these names: "
	    "hacd's agents find links to it first on their PATH)\n");
	return TOOLS_USAGE;
}
