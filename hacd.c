/*
 * hacd.c: the hacc daemon's main: parse arguments, load and check the
 * policy, and hand its cluster block to runtime/daemon.c. Nothing else.
 *
 * Exit status: 0 after a clean stop (or a good check with -n), 1 when the
 * policy has errors or hacd cannot start with it, 2 on usage errors.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "runtime.h"

#define HACD_SOCKET	"/run/hacc/hacd.sock"
#define HACD_STATE	"/var/lib/hacc"
#define HACD_PATH	"/usr/sbin:/usr/bin:/sbin:/bin"
#ifndef HACC_TOOLS_DIR
#define HACC_TOOLS_DIR	"/usr/libexec/hacc/bin"
#endif

static void
usage(FILE *f)
{
	fprintf(f, "usage: hacd --config POLICY [--node NAME] "
	    "[--socket PATH] [--state-dir DIR]\n"
	    "            [--ocf-root DIR] [--fence-dir DIR] [--tools-dir DIR]\n"
	    "            [--syslog] [--debug] [-n]\n"
	    "\n"
	    "  -c, --config POLICY   the policy whose cluster block to run\n"
	    "  -N, --node NAME       this node (default: the host name)\n"
	    "  -s, --socket PATH     the control socket (default "
	    HACD_SOCKET ")\n"
	    "  --state-dir DIR       the replicated state (default "
	    HACD_STATE ")\n"
	    "  --ocf-root DIR        OCF agents (default /usr/lib/ocf)\n"
	    "  --fence-dir DIR       fence agents (default /usr/sbin)\n"
	    "  --tools-dir DIR       the stand-ins for Pacemaker's tools, first "
	    "on the agents'\n"
	    "                        PATH and their HA_SBIN_DIR (default\n"
	    "                        " HACC_TOOLS_DIR ")\n"
	    "  --syslog              log to syslog instead of standard error\n"
	    "  -d, --debug           log debug messages too\n"
	    "  -n                    check the policy and the key, then exit\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "node", required_argument, NULL, 'N' },
		{ "socket", required_argument, NULL, 's' },
		{ "state-dir", required_argument, NULL, 'D' },
		{ "ocf-root", required_argument, NULL, 'O' },
		{ "fence-dir", required_argument, NULL, 'F' },
		{ "tools-dir", required_argument, NULL, 'T' },
		{ "syslog", no_argument, NULL, 'S' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx	*ctx;
	struct model	*m;
	struct daemon	*d;
	struct buf	 b;
	struct exec_config ec;
	const char	*config = NULL, *sock = HACD_SOCKET;
	const char	*statedir = HACD_STATE, *tools = HACC_TOOLS_DIR;
	const char	*env[3];
	char		*path, *sbin, *sockenv, cwd[4096];
	char		 host[256], *node = NULL, *cause = NULL;
	int		 ch, use_syslog = 0, check = 0, rc = 0;
	enum log_level	 level = LOG_LEVEL_INFO;

	memset(&ec, 0, sizeof ec);
	while ((ch = getopt_long(argc, argv, "c:N:s:dnh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'N':
			node = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'D':
			statedir = optarg;
			break;
		case 'O':
			ec.ocf_root = optarg;
			break;
		case 'F':
			ec.fence_dir = optarg;
			break;
		case 'T':
			tools = optarg;
			break;
		case 'S':
			use_syslog = 1;
			break;
		case 'd':
			level = LOG_LEVEL_DEBUG;
			break;
		case 'n':
			check = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (config == NULL || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (node == NULL) {
		if (gethostname(host, sizeof host) == -1) {
			perror("hacd: gethostname");
			return 2;
		}
		host[sizeof host - 1] = '\0';
		node = host;
	}
	log_open("hacd", use_syslog, level);

	ctx = ctx_new();
	m = compile_file(ctx, config);
	buf_init(&b);
	diag_render(ctx, &b, 0);
	if (b.len > 0)
		fwrite(b.data, 1, b.len, stderr);
	buf_clear(&b);
	if (m == NULL) {
		ctx_free(ctx);
		return 1;
	}
	if (check) {
		if (daemon_check(ctx, m, node, &cause) == -1) {
			fprintf(stderr, "hacd: %s: %s\n", config, cause);
			rc = 1;
		} else
			printf("hacd: %s: node %s: ok\n", config, node);
		free(cause);
		ctx_free(ctx);
		return rc;
	}
	/*
	 * Agents find the stand-ins for Pacemaker's tools (agents/) first on
	 * their PATH and in HA_SBIN_DIR, and this hacd in HACC_SOCKET.
	 */
	if (sock[0] != '/' && getcwd(cwd, sizeof cwd) != NULL)
		xasprintf(&sockenv, "HACC_SOCKET=%s/%s", cwd, sock);
	else
		xasprintf(&sockenv, "HACC_SOCKET=%s", sock);
	xasprintf(&path, "%s:%s", tools, HACD_PATH);
	xasprintf(&sbin, "HA_SBIN_DIR=%s", tools);
	env[0] = sbin;
	env[1] = sockenv;
	env[2] = NULL;
	ec.path = path;
	ec.env = env;
	d = daemon_new(ctx, m, node, sock, statedir, &ec, &cause);
	free(path);
	free(sbin);
	free(sockenv);
	if (d == NULL) {
		fprintf(stderr, "hacd: %s: %s\n", config, cause);
		free(cause);
		ctx_free(ctx);
		return 1;
	}
	ctx_free(ctx);
	daemon_run(d);
	daemon_free(d);
	log_msg(LOG_LEVEL_NOTICE, "hacd", "stopped");
	return 0;
}
