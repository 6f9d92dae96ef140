/*
 * conformance.c: the OCF conformance test, run through hacc's executor
 * on the agents Debian ships: each resource agent goes through
 * meta-data, validate-all, a probe, start, start again, monitor, stop,
 * stop again and a last monitor, and every exit code is checked (the
 * second start and stop check idempotence). Fence agents go through
 * meta-data, monitor and status, and fence_dummy fences a node through
 * fencing levels (a failing device first). tests/agents/run picks the
 * cases; an agent that is not installed is skipped and named.
 *
 *	conformance [-v] CASE...	CASE: heartbeat-dummy, pacemaker-dummy,
 *					anything, ipaddr2 (root, in a private
 *					network namespace: see run), fence-dummy,
 *					fence-netns DIR NAMESPACE (root: see
 *					fence-netns)
 *
 * Exit 0 when every case that ran passed, 1 when one failed, 77 when no
 * case could run.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ifaddrs.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang.h"
#include "compiler.h"
#include "model.h"
#include "runtime.h"

#define OCF_ROOT	"/usr/lib/ocf"
#define FENCE_DIR	"/usr/sbin"

static struct loop	*loop;
static struct exec	*x;
static char		 scratch[] = "/tmp/hacc-conformance.XXXXXX";
static int		 verbose;
static int		 failures;

/* A result copied out of the executor's callback. */
struct got {
	int			 done;
	enum exec_status	 status;
	int			 rc;
	char			*reason;
	char			*out;
	size_t			 outlen;
};

/* Executor callback: keep the result. */
static void
got(void *arg, const struct exec_result *r)
{
	struct got	*g = arg;

	g->done = 1;
	g->status = r->status;
	g->rc = r->rc;
	g->reason = r->reason != NULL ? xstrdup(r->reason) : NULL;
	g->out = xstrndup(r->out, r->outlen);
	g->outlen = r->outlen;
}

/* Free a result's strings. */
static void
got_clear(struct got *g)
{
	free(g->reason);
	free(g->out);
	memset(g, 0, sizeof *g);
}

/* Run the loop until g is done (the executor's deadline bounds it). */
static void
wait_got(struct got *g)
{
	while (!g->done)
		loop_once(loop, 1);
}

/* Report one check: its name, what it wanted and what it got. */
static int
check(const char *what, int ok, const char *fmt, ...) printflike(3, 4);

static int
check(const char *what, int ok, const char *fmt, ...)
{
	va_list	ap;

	if (ok && !verbose)
		return ok;
	printf("%s %s: ", ok ? "ok  " : "FAIL", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		failures++;
	return ok;
}

/* Run action of an OCF agent with params; keep the result in g. */
static void
ocf_run(const char *provider, const char *type,
    const struct exec_param *params, size_t nparams, const char *action,
    uint64_t interval_ms, struct got *g)
{
	struct exec_request	req;

	exec_request_init(&req);
	req.provider = provider;
	req.type = type;
	req.rsc = "conformance";
	req.action = action;
	req.interval_ms = interval_ms;
	req.timeout_ms = 30000;
	req.params = params;
	req.nparams = nparams;
	memset(g, 0, sizeof *g);
	exec_run(x, &req, got, g);
	wait_got(g);
}

/* Run action and check it exits with want; 1 if it did. */
static int
ocf_expect(const char *provider, const char *type,
    const struct exec_param *params, size_t nparams, const char *action,
    uint64_t interval_ms, const char *label, int want)
{
	struct got	g;
	char		what[256];
	int		ok;

	ocf_run(provider, type, params, nparams, action, interval_ms, &g);
	snprintf(what, sizeof what, "ocf:%s:%s %s", provider, type, label);
	ok = check(what, g.status == EXEC_DONE && g.rc == want,
	    "want %d (%s), got %s, %d (%s)%s%s", want, exec_rc_name(want),
	    exec_status_name(g.status), g.rc, exec_rc_name(g.rc),
	    g.reason != NULL ? ": " : "", g.reason != NULL ? g.reason : "");
	got_clear(&g);
	return ok;
}

/* Whether an agent's program is installed; say so when it is not. */
static int
installed(const char *path, const char *name)
{
	if (access(path, X_OK) == 0)
		return 1;
	printf("skip %s: %s is not installed (Debian package %s)\n", name,
	    path, strstr(path, "/pacemaker/") != NULL ?
	    "pacemaker-resource-agents" : strncmp(path, FENCE_DIR, 9) == 0 ?
	    "fence-agents" : "resource-agents");
	return 0;
}

/*
 * The OCF sequence for one agent. between, if set, checks what the
 * running resource should show (its process, its address).
 */
static int
ocf_case(const char *provider, const char *type,
    const struct exec_param *params, size_t nparams, int (*between)(void))
{
	struct metadata	*md;
	struct got	 g;
	char		*path, *cause = NULL, what[128];
	int		 ok;

	xasprintf(&path, OCF_ROOT "/resource.d/%s/%s", provider, type);
	ok = installed(path, type);
	free(path);
	if (!ok)
		return 0;
	snprintf(what, sizeof what, "ocf:%s:%s meta-data", provider, type);
	ocf_run(provider, type, params, nparams, "meta-data", 0, &g);
	md = NULL;
	if (check(what, g.status == EXEC_DONE && g.rc == OCF_OK, "exit %d",
	    g.rc)) {
		md = metadata_parse(g.out, g.outlen, &cause);
		check(what, md != NULL, "parses: %s", md != NULL ? "yes" :
		    cause);
		free(cause);
	}
	got_clear(&g);
	if (md != NULL) {
		check(what, strcmp(metadata_name(md), type) == 0,
		    "names the agent '%s'", metadata_name(md));
		check(what, metadata_has_action(md, "start") &&
		    metadata_has_action(md, "stop") &&
		    metadata_has_action(md, "monitor") &&
		    metadata_has_action(md, "meta-data"),
		    "declares start, stop, monitor, meta-data");
	}
	if (md == NULL || metadata_has_action(md, "validate-all"))
		ocf_expect(provider, type, params, nparams, "validate-all", 0,
		    "validate-all", OCF_OK);
	metadata_free(md);

	ocf_expect(provider, type, params, nparams, "monitor", 0, "probe",
	    OCF_NOT_RUNNING);
	ocf_expect(provider, type, params, nparams, "start", 0, "start",
	    OCF_OK);
	ocf_expect(provider, type, params, nparams, "start", 0,
	    "start again (idempotent)", OCF_OK);
	ocf_expect(provider, type, params, nparams, "monitor", 10000,
	    "monitor", OCF_OK);
	if (between != NULL)
		between();
	ocf_expect(provider, type, params, nparams, "stop", 0, "stop",
	    OCF_OK);
	ocf_expect(provider, type, params, nparams, "stop", 0,
	    "stop again (idempotent)", OCF_OK);
	ocf_expect(provider, type, params, nparams, "monitor", 10000,
	    "monitor after stop", OCF_NOT_RUNNING);
	return 1;
}

/* A scratch path for a state or pid file, kept for the run. */
static const char *
scratch_file(const char *name)
{
	static char	*paths[8];
	static size_t	 n;

	if (n == nitems(paths))
		n = 0;
	free(paths[n]);
	xasprintf(&paths[n], "%s/%s", scratch, name);
	return paths[n++];
}

/* anything: its pid file names a live sleep while it runs. */
static int
anything_running(void)
{
	char	 path[64];
	FILE	*f;
	long	 pid = 0;

	if ((f = fopen(scratch_file("anything.pid"), "r")) != NULL) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
	return check("ocf:heartbeat:anything process", pid > 0 &&
	    access(path, R_OK) == 0, "pid %ld from its pid file runs", pid);
}

/* IPaddr2: the address is on the interface while it runs. */
static int
address_present(void)
{
	struct ifaddrs	*ifa, *i;
	char		 a[INET_ADDRSTRLEN];
	int		 found = 0;

	if (getifaddrs(&ifa) == -1)
		return check("ocf:heartbeat:IPaddr2 address", 0, "getifaddrs");
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
			continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)
		    i->ifa_addr)->sin_addr, a, sizeof a);
		if (strcmp(a, "192.0.2.10") == 0)
			found = 1;
	}
	freeifaddrs(ifa);
	return check("ocf:heartbeat:IPaddr2 address", found,
	    "192.0.2.10 is on an interface");
}

/* What fencing reported. */
struct fenced {
	int	 done;
	int	 ok;
	int	 level;
	char	*device;
	char	*reason;
};

static void
fenced(void *arg, const struct fence_result *r)
{
	struct fenced	*f = arg;

	f->done = 1;
	f->ok = r->ok;
	f->level = r->level;
	f->device = xstrdup(r->device != NULL ? r->device : "");
	f->reason = xstrdup(r->reason != NULL ? r->reason : "");
}

/* Run action with fence device name for target; its OCF-mapped code. */
static int
fence_run(struct fencer *fr, const char *name, const char *action,
    const char *target)
{
	struct got	 g;
	char		*cause = NULL;
	int		 rc;

	memset(&g, 0, sizeof g);
	if (fence_device_run(fr, name, action, target, got, &g, &cause) ==
	    -1) {
		check(name, 0, "%s", cause);
		free(cause);
		return -1;
	}
	wait_got(&g);
	rc = g.status == EXEC_DONE ? g.rc : -1;
	got_clear(&g);
	return rc;
}

/*
 * Run a fence agent's metadata action on executor ex and check that it
 * parses and declares off, reboot, status, list or monitor as asked
 * (a space-separated list).
 */
static void
fence_metadata(struct exec *ex, const char *agent, const char *actions)
{
	struct exec_request	 req;
	struct metadata		*md;
	struct got		 g;
	char			*cause = NULL, *list, *a, *save = NULL;
	char			 what[128];
	int			 all = 1;

	exec_request_init(&req);
	req.cls = EXEC_FENCE;
	req.type = agent;
	req.action = "metadata";
	req.input = "action=metadata\n";
	req.inputlen = strlen(req.input);
	memset(&g, 0, sizeof g);
	exec_run(ex, &req, got, &g);
	wait_got(&g);
	md = metadata_parse(g.out, g.outlen, &cause);
	snprintf(what, sizeof what, "%s metadata", agent);
	check(what, g.rc == OCF_OK && md != NULL, "exit %d, parses: %s", g.rc,
	    md != NULL ? "yes" : cause);
	if (md != NULL) {
		list = xstrdup(actions);
		for (a = strtok_r(list, " ", &save); a != NULL;
		    a = strtok_r(NULL, " ", &save))
			all &= metadata_has_action(md, a);
		check(what, all, "declares %s", actions);
		free(list);
	}
	metadata_free(md);
	free(cause);
	got_clear(&g);
}

/* Compile a policy of fence devices and make a fencer on executor ex. */
static struct fencer *
fence_setup(struct exec *ex, const char *text, struct ctx **ctxp,
    struct policy **polp)
{
	struct ctx	*ctx;
	struct policy	*pol;
	struct model	*m;
	struct fencer	*fr = NULL;
	struct buf	 b;
	char		*cause = NULL;

	ctx = ctx_new();
	pol = compile_load_text(ctx, "fence.ha", text, strlen(text));
	m = compile_policy(ctx, pol);
	if (m == NULL || ctx->diags.nerrors > 0) {
		buf_init(&b);
		diag_render(ctx, &b, 0);
		check("fence policy", 0, "%s", b.data);
		buf_clear(&b);
	} else if ((fr = fence_new(ex, m, 1, &cause)) == NULL) {
		check("fencer", 0, "%s", cause);
		free(cause);
	}
	*ctxp = ctx;
	*polp = pol;
	return fr;
}

/* Fence target with action; wait for the outcome in f. */
static void
fence_wait(struct fencer *fr, const char *target, const char *action,
    struct fenced *f)
{
	memset(f, 0, sizeof *f);
	fence_node(fr, target, action, NULL, fenced, f);
	while (!f->done)
		loop_once(loop, 1);
}

/*
 * agents/fence_netns on namespace ns (made by tests/agents/fence-netns):
 * meta-data, monitor, list, status, then node n1 fenced off.
 */
static int
fence_netns_case(const char *dir, const char *ns)
{
	struct exec_config	 c;
	struct exec		*ex;
	struct fencer		*fr;
	struct ctx		*ctx;
	struct policy		*pol;
	struct fenced		 f;
	char			*text, *path;
	int			 rc;

	xasprintf(&path, "%s/fence_netns", dir);
	rc = installed(path, "fence_netns");
	free(path);
	if (!rc)
		return 0;
	memset(&c, 0, sizeof c);
	c.fence_dir = dir;
	ex = exec_new(loop, &c);
	fence_metadata(ex, "fence_netns", "off reboot status list");

	xasprintf(&text,
	    "cluster lab { node n1 { addr = 127.0.0.1; id = 1 } }\n"
	    "fence lab stonith:fence_netns { pcmk_host_map = \"n1:%s\" }\n",
	    ns);
	fr = fence_setup(ex, text, &ctx, &pol);
	free(text);
	if (fr != NULL) {
		rc = fence_run(fr, "lab", "monitor", NULL);
		check("fence_netns monitor", rc == OCF_OK, "want 0, got %d",
		    rc);
		rc = fence_run(fr, "lab", "status", "n1");
		check("fence_netns status before", rc == OCF_OK,
		    "want 0 (on: processes run in %s), got %d", ns, rc);
		fence_wait(fr, "n1", "off", &f);
		check("fence_netns fences n1", f.ok && strcmp(f.device, "lab")
		    == 0, "ok %d by '%s' (%s)", f.ok, f.device, f.reason);
		free(f.device);
		free(f.reason);
		rc = fence_run(fr, "lab", "status", "n1");
		check("fence_netns status after", rc == OCF_NOT_RUNNING,
		    "want 7 (off: no process in %s), got %d", ns, rc);
		fence_wait(fr, "n9", "off", &f);
		check("fence_netns cannot fence n9", !f.ok,
		    "not ok: %s", f.reason);
		free(f.device);
		free(f.reason);
	}
	fence_free(fr);
	compile_free(pol);
	ctx_free(ctx);
	exec_free(ex);
	return 1;
}

/* fence_dummy: meta-data, monitor, status, and a node fenced by levels. */
static int
fence_dummy_case(void)
{
	struct ctx	*ctx;
	struct policy	*pol;
	struct fencer	*fr;
	struct fenced	 f;
	char		*text;
	int		 rc;

	if (!installed(FENCE_DIR "/fence_dummy", "fence_dummy"))
		return 0;
	fence_metadata(x, "fence_dummy", "off reboot status monitor");

	xasprintf(&text,
	    "cluster lab {\n"
	    "    node n1 { addr = 127.0.0.1; id = 1 }\n"
	    "    node n2 { addr = 127.0.0.2; id = 2 }\n"
	    "    property stonith-timeout=20s\n"
	    "}\n"
	    "fence broken stonith:fence_dummy {\n"
	    "    type = fail; power_timeout = 1; pcmk_off_retries = 0\n"
	    "    pcmk_reboot_retries = 0; pcmk_host_list = \"n1 n2\"\n"
	    "}\n"
	    "fence dummy stonith:fence_dummy {\n"
	    "    status_file = \"%s/fence_dummy.status\"\n"
	    "    pcmk_host_list = \"n1 n2\"; pcmk_delay_base = 100ms\n"
	    "}\n"
	    "fencing-level n1 1: broken\n"
	    "fencing-level n1 2: dummy\n", scratch);
	fr = fence_setup(x, text, &ctx, &pol);
	free(text);
	if (fr == NULL) {
		compile_free(pol);
		ctx_free(ctx);
		return 1;
	}
	rc = fence_run(fr, "dummy", "monitor", NULL);
	check("fence_dummy monitor", rc == OCF_OK, "want 0, got %d", rc);
	rc = fence_run(fr, "dummy", "on", "n1");
	check("fence_dummy on", rc == OCF_OK, "want 0, got %d", rc);
	rc = fence_run(fr, "dummy", "status", "n1");
	check("fence_dummy status after on", rc == OCF_OK,
	    "want 0 (on), got %d", rc);

	/* Level 1 fails (type=fail), level 2 turns n1 off. */
	fence_wait(fr, "n1", "off", &f);
	check("fence n1 off by levels", f.ok && f.level == 2 &&
	    strcmp(f.device, "dummy") == 0, "ok %d at level %d by '%s' (%s)",
	    f.ok, f.level, f.device, f.reason);
	check("fence n1 level 1 failure kept", strstr(f.reason, "broken: ") ==
	    f.reason, "reason '%s'", f.reason);
	free(f.device);
	free(f.reason);
	rc = fence_run(fr, "dummy", "status", "n1");
	check("fence_dummy status after off", rc == OCF_NOT_RUNNING,
	    "want 7 (off), got %d", rc);

	/* n2 has no level: the devices are tried in turn. */
	fence_wait(fr, "n2", "reboot", &f);
	check("fence n2 reboot by devices", f.ok && f.level == 0 &&
	    strcmp(f.device, "dummy") == 0, "ok %d by '%s' (%s)", f.ok,
	    f.device, f.reason);
	free(f.device);
	free(f.reason);
	fence_free(fr);
	compile_free(pol);
	ctx_free(ctx);
	return 1;
}

int
main(int argc, char **argv)
{
	struct exec_config	 c;
	struct exec_param	 p[4];
	char			*cmd[] = { "rm", "-rf", scratch, NULL };
	int			 i, ran = 0, pid, status;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		argc--;
		argv++;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: conformance [-v] CASE...\n");
		return 2;
	}
	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	loop = loop_new(NULL);
	memset(&c, 0, sizeof c);
	c.kill_grace_ms = 2000;
	x = exec_new(loop, &c);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "heartbeat-dummy") == 0) {
			p[0].name = "state";
			p[0].value = scratch_file("heartbeat-dummy.state");
			ran += ocf_case("heartbeat", "Dummy", p, 1, NULL);
		} else if (strcmp(argv[i], "pacemaker-dummy") == 0) {
			p[0].name = "state";
			p[0].value = scratch_file("pacemaker-dummy.state");
			ran += ocf_case("pacemaker", "Dummy", p, 1, NULL);
		} else if (strcmp(argv[i], "anything") == 0) {
			p[0].name = "binfile";
			p[0].value = "/bin/sleep";
			p[1].name = "cmdline_options";
			p[1].value = "600";
			p[2].name = "pidfile";
			p[2].value = scratch_file("anything.pid");
			p[3].name = "logfile";
			p[3].value = scratch_file("anything.log");
			ran += ocf_case("heartbeat", "anything", p, 4,
			    anything_running);
		} else if (strcmp(argv[i], "ipaddr2") == 0 && i + 1 < argc) {
			p[0].name = "ip";
			p[0].value = "192.0.2.10";
			p[1].name = "cidr_netmask";
			p[1].value = "24";
			p[2].name = "nic";
			p[2].value = argv[++i];
			ran += ocf_case("heartbeat", "IPaddr2", p, 3,
			    address_present);
		} else if (strcmp(argv[i], "fence-dummy") == 0)
			ran += fence_dummy_case();
		else if (strcmp(argv[i], "fence-netns") == 0 && i + 2 < argc) {
			ran += fence_netns_case(argv[i + 1], argv[i + 2]);
			i += 2;
		}
		else {
			fprintf(stderr, "conformance: unknown case '%s'\n",
			    argv[i]);
			failures++;
		}
	}
	exec_free(x);
	loop_free(loop);
	if ((pid = fork()) == 0) {
		execvp("rm", cmd);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	printf("%d cases ran, %d checks failed\n", ran, failures);
	if (failures > 0)
		return 1;
	return ran == 0 ? 77 : 0;
}
