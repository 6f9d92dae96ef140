/*
 * exec-test.c: CUnit tests of the executor (runtime/exec.c) running real
 * processes: small agents written for each test into a scratch OCF root,
 * init-script directory and fence directory, which print what they were
 * given, exit with chosen codes, sleep past their deadline, ignore
 * SIGTERM, leave daemons behind or flood their output. Debian's own
 * agents are run by tests/agents/.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "unit.h"
#include "compiler.h"
#include "model.h"
#include "runtime.h"

/* The scratch directory and its agent directories. */
static char	 scratch[] = "/tmp/hacc-exec-test.XXXXXX";
static char	*ocf_root, *lsb_dir, *fence_dir;

/* What a run ended with, copied out of the callback. */
struct outcome {
	int			 done;
	enum exec_status	 status;
	int			 rc;
	int			 exit_code;
	int			 signo;
	char			*reason;
	char			*out;
	size_t			 outlen;
	int			 out_truncated;
	char			*err;
	uint64_t		 ms;		/* how long it took */
};

/* Write an executable file at dir/name with text. */
static void
put_agent(const char *dir, const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	xasprintf(&path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(99);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, 0755);
	free(path);
}

/* Remove a directory tree (the scratch directory) without a shell. */
static void
remove_tree(const char *dir)
{
	char	*cmd[] = { "rm", "-rf", NULL, NULL };
	pid_t	 pid;
	int	 status;

	cmd[2] = (char *)dir;
	if ((pid = fork()) == 0) {
		execvp("rm", cmd);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
}

/* Callback: copy the result into the outcome. */
static void
record(void *arg, const struct exec_result *r)
{
	struct outcome	*o = arg;

	o->done = 1;
	o->status = r->status;
	o->rc = r->rc;
	o->exit_code = r->exit_code;
	o->signo = r->signo;
	o->reason = r->reason != NULL ? xstrdup(r->reason) : NULL;
	o->out = xstrndup(r->out, r->outlen);
	o->outlen = r->outlen;
	o->out_truncated = r->out_truncated;
	o->err = xstrndup(r->err, r->errlen);
	o->ms = (r->ended - r->started) / 1000;
}

/* Free what an outcome holds. */
static void
outcome_clear(struct outcome *o)
{
	free(o->reason);
	free(o->out);
	free(o->err);
	memset(o, 0, sizeof *o);
}

/* Run the loop until o is done or ten seconds pass. */
static void
wait_for(struct loop *l, struct outcome *o)
{
	uint64_t	end = loop_now(l) + 10 * 1000000;

	while (!o->done && loop_now(l) < end)
		loop_once(l, 1);
	CU_ASSERT(o->done);
}

/* An executor on the scratch directories with short deadlines. */
static struct exec *
new_exec(struct loop *l, size_t output_max)
{
	static const char *const	 env[] = { "HACC_TEST_EXTRA=yes", NULL };
	struct exec_config		 c;

	memset(&c, 0, sizeof c);
	c.ocf_root = ocf_root;
	c.lsb_dir = lsb_dir;
	c.fence_dir = fence_dir;
	c.systemd_dir = "/nonexistent/systemd/system";
	c.env = env;
	c.timeout_ms = 5000;
	c.kill_grace_ms = 300;
	c.output_max = output_max;
	return exec_new(l, &c);
}

/* Run one request to its end on a fresh loop and executor. */
static void
run(const struct exec_request *req, size_t output_max, struct outcome *o)
{
	struct loop	*l = loop_new(NULL);
	struct exec	*x = new_exec(l, output_max);

	memset(o, 0, sizeof *o);
	exec_run(x, req, record, o);
	CU_ASSERT(!o->done);		/* never from inside exec_run */
	wait_for(l, o);
	CU_ASSERT_EQUAL(exec_running(x), 0);
	exec_free(x);
	loop_free(l);
}

/* An OCF request for the test provider's agent type. */
static void
ocf_request(struct exec_request *req, const char *type, const char *action)
{
	exec_request_init(req);
	req->provider = "test";
	req->type = type;
	req->rsc = "web";
	req->action = action;
}

/* Whether process pid exists and is not a zombie. */
static int
alive(pid_t pid)
{
	char	 path[64], buf[256], *p;
	FILE	*f;
	size_t	 n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] == '\0')
		return 0;
	return p[2] != 'Z' && p[2] != 'X';
}

/* The pid a fixture wrote into scratch/name, or -1. */
static pid_t
read_pid(const char *name)
{
	char	*path;
	FILE	*f;
	long	 pid = -1;

	xasprintf(&path, "%s/%s", scratch, name);
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = -1;
		fclose(f);
	}
	free(path);
	return (pid_t)pid;
}

static void
test_ocf_environment(void)
{
	struct exec_request		 req;
	struct outcome			 o;
	static const struct exec_param	 params[] = {
		{ "ip", "192.0.2.10" },
		{ "odd", "a b\nc" }
	};
	static const struct exec_param	 meta[] = {
		{ "clone-max", "2" },
		{ "notify", "true" }
	};

	setenv("HACC_TEST_LEAK", "1", 1);
	ocf_request(&req, "env", "monitor");
	req.interval_ms = 10000;
	req.timeout_ms = 3000;
	req.check_level = 10;
	req.params = params;
	req.nparams = nitems(params);
	req.meta = meta;
	req.nmeta = nitems(meta);
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_DONE);
	CU_ASSERT_EQUAL(o.rc, OCF_OK);
	U_CONTAINS(o.out, "argv: monitor\n");
	U_CONTAINS(o.out, unit_printf("\nOCF_ROOT=%s\n", ocf_root));
	U_CONTAINS(o.out, "\nOCF_RA_VERSION_MAJOR=1\n");
	U_CONTAINS(o.out, "\nOCF_RA_VERSION_MINOR=1\n");
	U_CONTAINS(o.out, "\nOCF_RESOURCE_INSTANCE=web\n");
	U_CONTAINS(o.out, "\nOCF_RESOURCE_TYPE=env\n");
	U_CONTAINS(o.out, "\nOCF_RESOURCE_PROVIDER=test\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_ip=192.0.2.10\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_odd=a b\nc\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_interval=10000\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_timeout=3000\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_name=monitor\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_clone_max=2\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_notify=true\n");
	U_CONTAINS(o.out, "\nOCF_CHECK_LEVEL=10\n");
	U_CONTAINS(o.out, "\nOCF_EXIT_REASON_PREFIX=ocf-exit-reason:\n");
	U_CONTAINS(o.out, "\nPATH=/usr/sbin:/usr/bin:/sbin:/bin\n");
	U_CONTAINS(o.out, "\nHACC_TEST_EXTRA=yes\n");
	CU_ASSERT_PTR_NULL(strstr(o.out, "HACC_TEST_LEAK"));
	/* Only the descriptors 0-2 are open in the agent. */
	U_CONTAINS(o.out, "fds: 0 1 2 \n");
	outcome_clear(&o);

	/* Without a check level or a timeout: the default, no variable. */
	ocf_request(&req, "env", "start");
	run(&req, 0, &o);
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_timeout=5000\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_interval=0\n");
	CU_ASSERT_PTR_NULL(strstr(o.out, "OCF_CHECK_LEVEL"));
	outcome_clear(&o);
}

static void
test_ocf_exit_codes(void)
{
	static const int	 codes[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
	    190, 191, 10, 42, 189, 255 };
	static const int	 expect[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
	    190, 191, 1, 1, 1, 1 };
	struct exec_request	 req;
	struct exec_param	 p = { "rc", NULL };
	struct outcome		 o;
	char			 value[16];
	size_t			 i;

	for (i = 0; i < nitems(codes); i++) {
		snprintf(value, sizeof value, "%d", codes[i]);
		p.value = value;
		ocf_request(&req, "env", "monitor");
		req.params = &p;
		req.nparams = 1;
		run(&req, 0, &o);
		CU_ASSERT_EQUAL(o.status, EXEC_DONE);
		CU_ASSERT_EQUAL(o.exit_code, codes[i]);
		CU_ASSERT_EQUAL(o.rc, expect[i]);
		outcome_clear(&o);
	}
}

static void
test_ocf_exit_reason(void)
{
	struct exec_request	req;
	struct outcome		o;

	ocf_request(&req, "reason", "start");
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_DONE);
	CU_ASSERT_EQUAL(o.rc, OCF_ERR_CONFIGURED);
	U_STREQ(o.reason, "the second reason");
	U_CONTAINS(o.err, "ocf-exit-reason:first\n");
	outcome_clear(&o);

	/* Found past the output bound, and cut at EXEC_REASON_MAX. */
	ocf_request(&req, "reason", "monitor");
	run(&req, 1024, &o);
	CU_ASSERT_EQUAL(o.rc, OCF_ERR_GENERIC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o.reason);
	CU_ASSERT_EQUAL(strlen(o.reason), EXEC_REASON_MAX);
	CU_ASSERT_EQUAL(o.reason[0], 'x');
	CU_ASSERT_EQUAL(strlen(o.err), 1024);
	outcome_clear(&o);
}

static void
test_output_bounded(void)
{
	struct exec_request	req;
	struct outcome		o;

	ocf_request(&req, "flood", "monitor");
	run(&req, 4096, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_DONE);
	CU_ASSERT_EQUAL(o.rc, OCF_NOT_RUNNING);
	CU_ASSERT_EQUAL(o.outlen, 4096);
	CU_ASSERT(o.out_truncated);
	CU_ASSERT_EQUAL(strncmp(o.out, "line 1\nline 2\n", 14), 0);
	outcome_clear(&o);

	run(&req, 0, &o);
	CU_ASSERT(!o.out_truncated);
	U_CONTAINS(o.out, "line 20000\n");
	outcome_clear(&o);
}

static void
test_timeout(void)
{
	struct exec_request	req;
	struct outcome		o;
	pid_t			child;

	/* A sleeper that dies of SIGTERM, with a grandchild in its group. */
	ocf_request(&req, "sleeper", "start");
	req.timeout_ms = 200;
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_TIMEOUT);
	CU_ASSERT_EQUAL(o.rc, OCF_ERR_GENERIC);
	U_STREQ(o.reason, "ocf:test:sleeper start did not complete within "
	    "200 ms");
	CU_ASSERT(o.ms >= 200 && o.ms < 2000);
	CU_ASSERT_EQUAL(o.signo, SIGTERM);
	child = read_pid("sleeper.child");
	CU_ASSERT(child > 0);
	usleep(100000);
	CU_ASSERT(child > 0 && !alive(child));
	outcome_clear(&o);

	/* One that ignores SIGTERM gets SIGKILL after the grace period. */
	ocf_request(&req, "stubborn", "stop");
	req.timeout_ms = 200;
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_TIMEOUT);
	CU_ASSERT_EQUAL(o.signo, SIGKILL);
	CU_ASSERT(o.ms >= 500 && o.ms < 3000);
	outcome_clear(&o);
}

static void
test_daemon_left_running(void)
{
	struct exec_request	req;
	struct outcome		o;
	pid_t			daemon;

	/* The agent exits at once; its daemon holds stdout open. */
	ocf_request(&req, "daemon", "start");
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_DONE);
	CU_ASSERT_EQUAL(o.rc, OCF_OK);
	CU_ASSERT(o.ms < 2000);
	U_CONTAINS(o.out, "started\n");
	daemon = read_pid("daemon.pid");
	CU_ASSERT(daemon > 0 && alive(daemon));
	if (daemon > 0)
		kill(daemon, SIGKILL);
	outcome_clear(&o);
}

static void
test_cancel(void)
{
	struct loop		*l = loop_new(NULL);
	struct exec		*x = new_exec(l, 0);
	struct exec_request	 req;
	struct exec_op		*op;
	struct outcome		 o, o2;

	memset(&o, 0, sizeof o);
	ocf_request(&req, "sleeper", "monitor");
	op = exec_run(x, &req, record, &o);
	loop_once(l, 0);
	exec_cancel(op);
	wait_for(l, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_CANCELLED);
	CU_ASSERT(o.ms < 2000);
	outcome_clear(&o);

	/* A refusal cancelled before it is reported reads cancelled. */
	memset(&o2, 0, sizeof o2);
	ocf_request(&req, "missing", "start");
	op = exec_run(x, &req, record, &o2);
	exec_cancel(op);
	wait_for(l, &o2);
	CU_ASSERT_EQUAL(o2.status, EXEC_CANCELLED);
	outcome_clear(&o2);

	/* exec_free kills what runs, without calling back. */
	memset(&o, 0, sizeof o);
	ocf_request(&req, "sleeper", "monitor");
	exec_run(x, &req, record, &o);
	usleep(100000);
	loop_once(l, 0);
	CU_ASSERT_EQUAL(exec_running(x), 1);
	exec_free(x);
	CU_ASSERT(!o.done);
	loop_free(l);
}

static void
test_not_installed(void)
{
	struct exec_request	req;
	struct outcome		o;

	ocf_request(&req, "missing", "start");
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_NOT_INSTALLED);
	CU_ASSERT_EQUAL(o.rc, OCF_ERR_INSTALLED);
	U_STREQ(o.reason, unit_printf("ocf:test:missing start: %s/resource.d/"
	    "test/missing: No such file or directory", ocf_root));
	outcome_clear(&o);

	ocf_request(&req, "notexec", "start");
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_NOT_INSTALLED);
	U_STREQ(o.reason, unit_printf("ocf:test:notexec start: %s/resource.d/"
	    "test/notexec: not an executable file", ocf_root));
	outcome_clear(&o);

	/* An interpreter that does not exist: execve's ENOENT. */
	ocf_request(&req, "badinterp", "start");
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_NOT_INSTALLED);
	CU_ASSERT_EQUAL(o.rc, OCF_ERR_INSTALLED);
	U_STREQ(o.reason, "ocf:test:badinterp start: cannot execute: No such "
	    "file or directory");
	outcome_clear(&o);
}

static void
test_invalid(void)
{
	struct exec_request		 req;
	struct outcome			 o;
	static const struct exec_param	 eq[] = { { "a=b", "1" } };
	static const struct exec_param	 twice[] = { { "ip", "1" },
	    { "ip", "2" } };
	static const struct exec_param	 meta[] = { { "", "1" } };
	static char			 big[EXEC_ENV_MAX];
	struct exec_param		 huge = { "huge", big };

	ocf_request(&req, "env", "start");
	req.provider = "..";
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_INVALID);
	CU_ASSERT_EQUAL(o.rc, OCF_ERR_CONFIGURED);
	U_STREQ(o.reason, "ocf:..:env start: bad agent name '..:env' (empty, a "
	    "path, or starting with '-' or '.')");
	outcome_clear(&o);

	ocf_request(&req, "../../bin/sh", "start");
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_INVALID);
	outcome_clear(&o);

	ocf_request(&req, "env", "st art");
	run(&req, 0, &o);
	U_STREQ(o.reason, "ocf:test:env st art: bad action name 'st art'");
	outcome_clear(&o);

	ocf_request(&req, "env", "start");
	req.params = eq;
	req.nparams = 1;
	run(&req, 0, &o);
	U_STREQ(o.reason, "ocf:test:env start: parameter name 'a=b' is not a "
	    "shell variable name ([A-Za-z_][A-Za-z0-9_]*)");
	outcome_clear(&o);

	req.params = twice;
	req.nparams = 2;
	run(&req, 0, &o);
	U_STREQ(o.reason, "ocf:test:env start: parameter 'ip' is given twice");
	outcome_clear(&o);

	req.params = NULL;
	req.nparams = 0;
	req.meta = meta;
	req.nmeta = 1;
	run(&req, 0, &o);
	U_STREQ(o.reason, "ocf:test:env start: meta attribute name '' is not "
	    "a shell variable name ([A-Za-z_][A-Za-z0-9_-]*)");
	outcome_clear(&o);

	memset(big, 'a', sizeof big - 1);
	req.meta = NULL;
	req.nmeta = 0;
	req.params = &huge;
	req.nparams = 1;
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_INVALID);
	U_CONTAINS(o.reason, "exceed 262144");
	outcome_clear(&o);
}

static void
test_lsb(void)
{
	struct exec_request	req;
	struct outcome		o;
	static const struct {
		const char	*action;
		const char	*state;
		int		 rc;
	} cases[] = {
		{ "monitor", "0", OCF_OK },
		{ "monitor", "3", OCF_NOT_RUNNING },
		{ "status", "1", OCF_NOT_RUNNING },
		{ "monitor", "2", OCF_NOT_RUNNING },
		{ "monitor", "4", OCF_ERR_GENERIC },
		{ "start", "0", OCF_OK },
		{ "start", "7", OCF_NOT_RUNNING },
		{ "stop", "5", OCF_ERR_INSTALLED },
		{ "stop", "9", OCF_ERR_GENERIC },
	};
	size_t			i;
	char			*path;
	FILE			*f;

	xasprintf(&path, "%s/lsb.state", scratch);
	for (i = 0; i < nitems(cases); i++) {
		f = fopen(path, "w");
		fprintf(f, "%s\n", cases[i].state);
		fclose(f);
		exec_request_init(&req);
		req.cls = i % 2 == 0 ? EXEC_LSB : EXEC_SERVICE;
		req.type = "svc";
		req.action = cases[i].action;
		run(&req, 0, &o);
		CU_ASSERT_EQUAL(o.status, EXEC_DONE);
		CU_ASSERT_EQUAL(o.rc, cases[i].rc);
		/* The script sees LSB's action names. */
		U_STREQ(o.out, unit_printf("%s\n", strcmp(cases[i].action,
		    "monitor") == 0 ? "status" : cases[i].action));
		outcome_clear(&o);
	}
	free(path);

	exec_request_init(&req);
	req.cls = EXEC_LSB;
	req.type = "svc";
	req.action = "meta-data";
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(o.rc, OCF_ERR_UNIMPLEMENTED);
	U_STREQ(o.reason, "lsb:svc meta-data: LSB init scripts have no "
	    "'meta-data' action");
	outcome_clear(&o);
}

static void
test_systemd_absent(void)
{
	struct exec_request	req;
	struct outcome		o;

	exec_request_init(&req);
	req.cls = EXEC_SYSTEMD;
	req.type = "nginx";
	req.action = "start";
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(o.rc, OCF_ERR_INSTALLED);
	U_STREQ(o.reason, "systemd:nginx start: systemd is not running on "
	    "this node (no /nonexistent/systemd/system)");
	outcome_clear(&o);

	/* service: falls back to LSB, and says so when there is none. */
	req.cls = EXEC_SERVICE;
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_NOT_INSTALLED);
	U_STREQ(o.reason, unit_printf("service:nginx start: systemd is not "
	    "running here (no /nonexistent/systemd/system) and %s/nginx: No "
	    "such file or directory", lsb_dir));
	outcome_clear(&o);
}

static void
test_map_exit(void)
{
	/* systemctl: is-active's 3 is inactive; 5 is no such unit. */
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_SYSTEMD, "monitor", 0), OCF_OK);
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_SYSTEMD, "monitor", 3),
	    OCF_NOT_RUNNING);
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_SYSTEMD, "monitor", 1),
	    OCF_ERR_GENERIC);
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_SYSTEMD, "start", 5),
	    OCF_ERR_INSTALLED);
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_SYSTEMD, "stop", 5), OCF_OK);
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_SYSTEMD, "start", 1),
	    OCF_ERR_GENERIC);
	/* Fence agents: status 2 is off. */
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_FENCE, "status", 2),
	    OCF_NOT_RUNNING);
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_FENCE, "reboot", 2),
	    OCF_ERR_GENERIC);
	CU_ASSERT_EQUAL(exec_map_exit(EXEC_LSB, "status", 150),
	    OCF_ERR_INSTALLED);
	U_STREQ(exec_rc_name(OCF_NOT_RUNNING), "not running");
	U_STREQ(exec_status_name(EXEC_TIMEOUT), "timeout");
}

static void
test_fence_input(void)
{
	struct exec_request	 req;
	struct outcome		 o;
	static const char	 input[] = "action=status\nport=n1\n";
	char			*big;

	exec_request_init(&req);
	req.cls = EXEC_FENCE;
	req.type = "fence_echo";
	req.action = "status";
	req.input = input;
	req.inputlen = strlen(input);
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_DONE);
	CU_ASSERT_EQUAL(o.exit_code, 2);
	CU_ASSERT_EQUAL(o.rc, OCF_NOT_RUNNING);
	U_STREQ(o.out, input);
	outcome_clear(&o);

	big = xmalloc(EXEC_INPUT_MAX + 1);
	memset(big, 'x', EXEC_INPUT_MAX + 1);
	req.input = big;
	req.inputlen = EXEC_INPUT_MAX + 1;
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.status, EXEC_INVALID);
	U_STREQ(o.reason, "stonith:fence_echo status: 32769 bytes of input "
	    "exceed 32768");
	outcome_clear(&o);
	free(big);
}

static void
test_many_at_once(void)
{
	struct loop		*l = loop_new(NULL);
	struct exec		*x = new_exec(l, 0);
	struct exec_request	 req;
	struct exec_param	 p[20];
	struct outcome		 o[20];
	char			 value[20][8];
	size_t			 i, done;
	uint64_t		 end;

	for (i = 0; i < 20; i++) {
		snprintf(value[i], sizeof value[i], "%zu", i % 10);
		p[i].name = "rc";
		p[i].value = value[i];
		memset(&o[i], 0, sizeof o[i]);
		ocf_request(&req, "env", "monitor");
		req.params = &p[i];
		req.nparams = 1;
		exec_run(x, &req, record, &o[i]);
	}
	CU_ASSERT_EQUAL(exec_running(x), 20);
	end = loop_now(l) + 10 * 1000000;
	do {
		loop_once(l, 1);
		for (done = 0, i = 0; i < 20; i++)
			done += o[i].done;
	} while (done < 20 && loop_now(l) < end);
	CU_ASSERT_EQUAL(done, 20);
	for (i = 0; i < 20; i++) {
		CU_ASSERT_EQUAL(o[i].exit_code, (int)(i % 10));
		outcome_clear(&o[i]);
	}
	exec_free(x);
	loop_free(l);
}

static void
test_request_instance(void)
{
	static const char	 text[] =
	    "cluster lab {\n"
	    "    node n1 { addr = 127.0.0.1; id = 1 }\n"
	    "    node n2 { addr = 127.0.0.2; id = 2 }\n"
	    "    node n3 { addr = 127.0.0.3; id = 3 }\n"
	    "    property stonith-enabled=false\n"
	    "}\n"
	    "resource web ocf:test:env {\n"
	    "    ip = 192.0.2.10; rc = 7\n"
	    "    op monitor interval=10s timeout=7s OCF_CHECK_LEVEL=20\n"
	    "    op start timeout=9s\n"
	    "}\n"
	    "promotable db ocf:test:env {\n"
	    "    op monitor interval=5s timeout=4s\n"
	    "    meta notify=true promoted-max=1\n"
	    "}\n"
	    "group g { resource a lsb:svc }\n";
	struct ctx		*ctx = ctx_new();
	struct policy		*pol;
	struct model		*m;
	struct arena		*a = arena_new();
	struct exec_request	 req;
	const struct instance	*web = NULL, *db1 = NULL, *in;
	struct outcome		 o;
	char			*cause = NULL;
	size_t			 i;

	pol = compile_load_text(ctx, UNIT_FILE, text, strlen(text));
	m = compile_policy(ctx, pol);
	U_STREQ(unit_diags(ctx), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (i = 0; i < m->ninstances; i++) {
		in = &m->instances[i];
		if (strcmp(in->name, "web") == 0)
			web = in;
		else if (strcmp(in->name, "db:1") == 0)
			db1 = in;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(web);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db1);

	/* The monitor op's timeout and depth; the agent's own parameters. */
	CU_ASSERT_EQUAL(exec_request_instance(a, &req, m, web, "monitor",
	    10000, &cause), 0);
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.rc, OCF_NOT_RUNNING);
	U_CONTAINS(o.out, "\nOCF_RESOURCE_INSTANCE=web\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_ip=192.0.2.10\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_interval=10000\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_timeout=7000\n");
	U_CONTAINS(o.out, "\nOCF_CHECK_LEVEL=20\n");
	CU_ASSERT_PTR_NULL(strstr(o.out, "CRM_meta_clone"));
	outcome_clear(&o);

	/* A probe has no op of its own: the default timeout, no depth. */
	exec_request_instance(a, &req, m, web, "monitor", 0, &cause);
	run(&req, 0, &o);
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_timeout=5000\n");
	CU_ASSERT_PTR_NULL(strstr(o.out, "OCF_CHECK_LEVEL"));
	outcome_clear(&o);

	/* A promotable clone's instance: the clone's meta attributes. */
	exec_request_instance(a, &req, m, db1, "start", 0, &cause);
	run(&req, 0, &o);
	CU_ASSERT_EQUAL(o.rc, OCF_OK);
	U_CONTAINS(o.out, "\nOCF_RESOURCE_INSTANCE=db:1\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_clone=1\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_clone_max=3\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_clone_node_max=1\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_notify=true\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_globally_unique=false\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_promoted_max=1\n");
	U_CONTAINS(o.out, "\nOCF_RESKEY_CRM_meta_master_max=1\n");
	outcome_clear(&o);

	/* An LSB member of a group. */
	for (i = 0; i < m->ninstances; i++) {
		if (strcmp(m->instances[i].name, "a") == 0) {
			exec_request_instance(a, &req, m, &m->instances[i],
			    "monitor", 0, &cause);
			CU_ASSERT_EQUAL(req.cls, EXEC_LSB);
			U_STREQ(req.type, "svc");
		}
	}
	arena_free(a);
	compile_free(pol);
	ctx_free(ctx);
}

/* What a recurring operation reported. */
struct reports {
	int		 n;
	int		 rc[64];
	int		 changed[64];
	char		 key[64];
	struct recur	*cancel_at_2;	/* cancel itself at its 2nd report */
};

/* Recurring callback: log the report. */
static void
report(void *arg, const char *key, const struct exec_result *res,
    int changed)
{
	struct reports	*r = arg;

	if (r->n < 64) {
		r->rc[r->n] = res->rc;
		r->changed[r->n] = changed;
	}
	r->n++;
	snprintf(r->key, sizeof r->key, "%s", key);
	if (r->cancel_at_2 != NULL && r->n == 2)
		CU_ASSERT_EQUAL(recur_cancel(r->cancel_at_2, "web", "monitor",
		    100), 0);
}

/* Timer callback of spin(): nothing; it only wakes the loop. */
static void
wake(void *arg)
{
}

/* Run the loop for ms milliseconds of real time. */
static void
spin(struct loop *l, uint64_t ms)
{
	struct loop_timer	t;
	uint64_t		end = loop_now(l) + ms * 1000;

	loop_timer_init(&t, wake, NULL);
	while (loop_now(l) < end) {
		loop_timer_add(l, &t, end - loop_now(l));
		loop_once(l, 1);
	}
	loop_timer_del(l, &t);
}

/* Write the exit code the counter agent returns next. */
static void
counter_rc(int rc)
{
	FILE	*f;

	f = fopen(unit_printf("%s/counter.rc", scratch), "w");
	fprintf(f, "%d\n", rc);
	fclose(f);
}

/* A monitor of the counter agent every interval_ms. */
static void
counter_request(struct exec_request *req, uint64_t interval_ms)
{
	ocf_request(req, "counter", "monitor");
	req->interval_ms = interval_ms;
}

static void
test_recur_interval(void)
{
	struct loop		*l = loop_new(NULL);
	struct exec		*x = new_exec(l, 0);
	struct recur		*r = recur_new(x);
	struct exec_request	 req;
	struct reports		 rep;
	char			*cause = NULL;
	int			 i, n;

	memset(&rep, 0, sizeof rep);
	counter_rc(0);
	counter_request(&req, 100);
	CU_ASSERT_EQUAL(recur_add(r, &req, report, &rep, &cause), 0);
	CU_ASSERT_EQUAL(recur_count(r), 1);
	spin(l, 50);
	CU_ASSERT_EQUAL(rep.n, 1);		/* the first run is at once */
	U_STREQ(rep.key, "web_monitor_100");
	spin(l, 400);
	CU_ASSERT(rep.n >= 3 && rep.n <= 5);
	counter_rc(7);
	spin(l, 350);
	n = rep.n;
	CU_ASSERT(n >= 5 && n <= 9);
	CU_ASSERT_EQUAL(recur_runs(r, "web_monitor_100"), (uint64_t)n);
	/* Only the first report and the change to 7 are news. */
	for (i = 0; i < n && i < 64; i++) {
		CU_ASSERT_EQUAL(rep.changed[i], i == 0 ||
		    rep.rc[i] != rep.rc[i - 1]);
	}
	CU_ASSERT_EQUAL(rep.rc[0], OCF_OK);
	CU_ASSERT_EQUAL(rep.rc[n - 1], OCF_NOT_RUNNING);

	/* Cancelled, it runs no more. */
	CU_ASSERT_EQUAL(recur_cancel(r, "web", "monitor", 100), 0);
	CU_ASSERT_EQUAL(recur_cancel(r, "web", "monitor", 100), -1);
	CU_ASSERT_EQUAL(recur_count(r), 0);
	spin(l, 300);
	CU_ASSERT_EQUAL(rep.n, n);
	recur_free(r);
	exec_free(x);
	loop_free(l);
}

static void
test_recur_cancel(void)
{
	struct loop		*l = loop_new(NULL);
	struct exec		*x = new_exec(l, 0);
	struct recur		*r = recur_new(x);
	struct exec_request	 req;
	struct exec_param	 slow = { "sleep", "5" };
	struct reports		 rep, rep2;
	char			*cause = NULL;
	pid_t			 pid;
	int			 i;

	/* Cancelled while it runs: killed, never reported. */
	memset(&rep, 0, sizeof rep);
	counter_request(&req, 100);
	req.params = &slow;
	req.nparams = 1;
	recur_add(r, &req, report, &rep, &cause);
	spin(l, 200);
	pid = read_pid("counter.pid");
	CU_ASSERT(pid > 0 && alive(pid));
	CU_ASSERT_EQUAL(recur_cancel(r, "web", "monitor", 100), 0);
	spin(l, 500);
	CU_ASSERT(!alive(pid));
	CU_ASSERT_EQUAL(rep.n, 0);
	CU_ASSERT_EQUAL(exec_running(x), 0);

	/* Cancelled from its own callback. */
	memset(&rep, 0, sizeof rep);
	rep.cancel_at_2 = r;
	counter_rc(0);
	counter_request(&req, 100);
	recur_add(r, &req, report, &rep, &cause);
	spin(l, 600);
	CU_ASSERT_EQUAL(rep.n, 2);

	/* The same key replaces; cancel_rsc takes every op of a resource. */
	memset(&rep, 0, sizeof rep);
	memset(&rep2, 0, sizeof rep2);
	counter_request(&req, 100);
	recur_add(r, &req, report, &rep, &cause);
	recur_add(r, &req, report, &rep2, &cause);
	counter_request(&req, 150);
	req.check_level = 10;
	recur_add(r, &req, report, &rep2, &cause);
	CU_ASSERT_EQUAL(recur_count(r), 2);
	/* Two reports take 100 ms or so; a loaded machine may need more. */
	for (i = 0; i < 150 && rep2.n < 2; i++)
		spin(l, 20);
	CU_ASSERT_EQUAL(rep.n, 0);
	CU_ASSERT(rep2.n >= 2);
	CU_ASSERT_EQUAL(recur_cancel_rsc(r, "web"), 2);
	CU_ASSERT_EQUAL(recur_count(r), 0);

	/* No interval: refused with a reason. */
	counter_request(&req, 0);
	CU_ASSERT_EQUAL(recur_add(r, &req, report, &rep, &cause), -1);
	U_STREQ(cause, "web monitor: a recurring operation needs an "
	    "interval");
	free(cause);

	/* Freed while one runs: killed at once, nothing leaks. */
	counter_request(&req, 100);
	req.params = &slow;
	req.nparams = 1;
	req.check_level = -1;
	unlink(unit_printf("%s/counter.pid", scratch));
	recur_add(r, &req, report, &rep, &cause);
	spin(l, 200);
	pid = read_pid("counter.pid");
	CU_ASSERT(pid > 0 && alive(pid));
	recur_free(r);
	usleep(50000);
	CU_ASSERT(!alive(pid));
	CU_ASSERT_EQUAL(exec_running(x), 0);
	exec_free(x);
	loop_free(l);
}

static void
test_probe(void)
{
	static const struct {
		int			 rc;
		enum probe_state	 state;
	} cases[] = {
		{ OCF_NOT_RUNNING, PROBE_STOPPED },
		{ OCF_OK, PROBE_STARTED },
		{ OCF_RUNNING_PROMOTED, PROBE_PROMOTED },
		{ OCF_ERR_INSTALLED, PROBE_STOPPED },
		{ OCF_ERR_GENERIC, PROBE_FAILED },
		{ OCF_FAILED_PROMOTED, PROBE_FAILED },
		{ OCF_DEGRADED, PROBE_STARTED },
	};
	struct exec_request	 req;
	struct outcome		 o;
	struct exec_result	 res;
	size_t			 i;

	for (i = 0; i < nitems(cases); i++) {
		counter_rc(cases[i].rc);
		counter_request(&req, 0);
		run(&req, 0, &o);
		memset(&res, 0, sizeof res);
		res.status = o.status;
		res.rc = o.rc;
		CU_ASSERT_EQUAL(recur_probe_state(&res), cases[i].state);
		CU_ASSERT_EQUAL(recur_expected(&res, OCF_NOT_RUNNING),
		    cases[i].rc == OCF_NOT_RUNNING);
		outcome_clear(&o);
	}

	/* An agent missing here: the resource cannot run here, stopped. */
	ocf_request(&req, "missing", "monitor");
	run(&req, 0, &o);
	res.status = o.status;
	res.rc = o.rc;
	CU_ASSERT_EQUAL(recur_probe_state(&res), PROBE_STOPPED);
	CU_ASSERT(!recur_expected(&res, OCF_NOT_RUNNING));
	outcome_clear(&o);

	/* A probe that times out failed. */
	ocf_request(&req, "sleeper", "monitor");
	req.timeout_ms = 100;
	run(&req, 0, &o);
	res.status = o.status;
	res.rc = o.rc;
	CU_ASSERT_EQUAL(recur_probe_state(&res), PROBE_FAILED);
	U_STREQ(recur_probe_name(recur_probe_state(&res)), "failed");
	outcome_clear(&o);
}

static void
test_metadata(void)
{
	static const char	 good[] =
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM "
	    "\"ra-api-1.dtd\">\n<resource-agent name=\"Dummy\" "
	    "version=\"1.0\">\n<parameters><parameter name=\"state\"/>"
	    "<parameter name=\"fake\"/><parameter/></parameters>\n"
	    "<actions><action name=\"start\" timeout=\"20s\"/>"
	    "<action name=\"monitor\" interval=\"10s\"/></actions>"
	    "</resource-agent>\n";
	struct metadata		*md;
	char			*cause = NULL;

	md = metadata_parse(good, strlen(good), &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	U_STREQ(metadata_name(md), "Dummy");
	CU_ASSERT(metadata_has_param(md, "state"));
	CU_ASSERT(metadata_has_param(md, "fake"));
	CU_ASSERT(!metadata_has_param(md, "start"));
	CU_ASSERT(metadata_has_action(md, "monitor"));
	CU_ASSERT(!metadata_has_action(md, "stop"));
	CU_ASSERT_EQUAL(metadata_nactions(md), 2);
	metadata_free(md);

	CU_ASSERT_PTR_NULL(metadata_parse("<resource-agent>", 16, &cause));
	U_STREQ(cause, "meta-data is not XML: line 1: tag resource-agent "
	    "not closed");
	free(cause);
	CU_ASSERT_PTR_NULL(metadata_parse("<a>\n<b></a>", 12, &cause));
	U_STREQ(cause, "meta-data is not XML: line 2: tag b ends with </a>");
	free(cause);
	CU_ASSERT_PTR_NULL(metadata_parse("<html/>", 7, &cause));
	U_STREQ(cause, "meta-data has <html> where <resource-agent> belongs");
	free(cause);
	CU_ASSERT_PTR_NULL(metadata_parse("", 0, &cause));
	U_CONTAINS(cause, "meta-data is not XML");
	free(cause);
}

/*
 * The names libxml2 reads from meta-data xml as metadata_parse() gives
 * them ("name|p1,p2|a1,a2"), or NULL when libxml2 does not read it as
 * a <resource-agent>.
 */
static char *
libxml2_names(const char *xml)
{
	xmlDoc		*doc;
	xmlNode		*root, *c, *e;
	xmlChar		*v;
	struct buf	 b;
	int		 pass;

	doc = xmlReadMemory(xml, (int)strlen(xml), "m", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcmp((const char *)root->name,
	    "resource-agent") != 0) {
		xmlFreeDoc(doc);
		return NULL;
	}
	buf_init(&b);
	v = xmlGetProp(root, (const xmlChar *)"name");
	buf_printf(&b, "%s", v != NULL ? (const char *)v : "");
	xmlFree(v);
	for (pass = 0; pass < 2; pass++) {
		buf_putc(&b, '|');
		for (c = root->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || strcmp((const char *)
			    c->name, pass ? "actions" : "parameters") != 0)
				continue;
			for (e = c->children; e != NULL; e = e->next) {
				if (e->type != XML_ELEMENT_NODE ||
				    strcmp((const char *)e->name, pass ?
				    "action" : "parameter") != 0 ||
				    (v = xmlGetProp(e, (const xmlChar *)
				    "name")) == NULL)
					continue;
				buf_printf(&b, "%s,", (const char *)v);
				xmlFree(v);
			}
		}
	}
	buf_putc(&b, '\0');
	xmlFreeDoc(doc);
	return b.data;
}

/* What metadata_parse() reads from xml, as libxml2_names() puts it. */
static char *
own_names(const struct metadata *md, const char *xml)
{
	static const char	*const words[] = { "start", "stop", "monitor",
	    "meta-data", "reboot", "off", "on", "list", "status", "port",
	    "plug", "ip", "a b", "x<y", "a\"'&", "\xc3\xa9", "state",
	    "fake", "dup" };
	struct buf		 b;
	size_t			 i, n;
	int			 pass;

	/* The names are the candidates that appear in xml at all. */
	buf_init(&b);
	buf_printf(&b, "%s", metadata_name(md));
	for (pass = 0; pass < 2; pass++) {
		buf_putc(&b, '|');
		n = 0;
		for (i = 0; i < nitems(words); i++) {
			if (pass ? metadata_has_action(md, words[i]) :
			    metadata_has_param(md, words[i])) {
				buf_printf(&b, "%s,", words[i]);
				n++;
			}
		}
		if (pass)
			CU_ASSERT_EQUAL(metadata_nactions(md), n);
	}
	(void)xml;
	buf_putc(&b, '\0');
	return b.data;
}

/*
 * The meta-data reader against libxml2: where libxml2 reads a
 * <resource-agent>, the same names; where it refuses, a refusal.
 */
static void
test_metadata_libxml2(void)
{
	static const char	*const docs[] = {
	    "<resource-agent name=\"x\"><actions><action name=\"start\"/>"
	    "<action name='stop'/></actions></resource-agent>",
	    "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!-- c --><!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">"
	    "<resource-agent name=\"fence_x\" shortdesc=\"a &lt; b\">"
	    "<longdesc lang=\"en\">x &amp; y <![CDATA[<not> & a tag]]>"
	    "<?pi x?></longdesc><parameters><parameter name=\"port\" "
	    "unique=\"0\"><content type=\"string\"/></parameter>"
	    "<parameter name=\"plug\"/></parameters><actions>"
	    "<action name=\"reboot\"/><action name=\"list\"/></actions>"
	    "</resource-agent>\n<!-- after -->\n",
	    "<resource-agent name=\"&#x65;&#116;\"><parameters>"
	    "<parameter name=\"a&#x20;b\"/><parameter name=\"x&lt;y\"/>"
	    "<parameter name='a\"&apos;&amp;'/><parameter name=\"&#xe9;\"/>"
	    "</parameters></resource-agent>",
	    "<resource-agent><parameters><parameter name=\"ip\">"
	    "<parameters><parameter name=\"state\"/></parameters>"
	    "</parameter></parameters><actions/><x><action name=\"start\"/>"
	    "</x></resource-agent>",
	    "<resource-agent name=\"a\tb\"></resource-agent>",
	    "<resource-agent\n  name = 'd' ><actions><action\nname=\"on\""
	    "/></actions ></resource-agent  >",
	    "<!DOCTYPE resource-agent [ <!ELEMENT x ANY> <!-- ] > --> ]>"
	    "<resource-agent name=\"d\"/>",
	    /* refused by both */
	    "<resource-agent>",
	    "<resource-agent></resource-agen>",
	    "<resource-agent name=\"a\" name=\"b\"/>",
	    "<resource-agent name=a/>",
	    "<resource-agent name=\"a<b\"/>",
	    "<resource-agent name=\"&nbsp;\"/>",
	    "<resource-agent name=\"&#0;\"/>",
	    "<resource-agent name=\"&#xd800;\"/>",
	    "<resource-agent name=\"&#;\"/>",
	    "<resource-agent/><resource-agent/>",
	    "<resource-agent/>trailing",
	    "text<resource-agent/>",
	    "<resource-agent name=\"a\"name=\"b\"/>",
	    "<resource-agent><!-- not closed </resource-agent>",
	    "<resource-agent><![CDATA[ x </resource-agent>",
	    "<resource-agent>&unknown;</resource-agent>",
	    "<resource-agent name=\"x\"",
	    "<1a/>",
	    "",
	    "   ",
	    "<html/>",
	};
	struct metadata	*md;
	char		*cause, *want, *got;
	size_t		 i;

	for (i = 0; i < nitems(docs); i++) {
		cause = NULL;
		want = libxml2_names(docs[i]);
		md = metadata_parse(docs[i], strlen(docs[i]), &cause);
		if (want == NULL) {
			if (md != NULL)
				fprintf(stderr, "doc %zu: accepted, libxml2 "
				    "refuses it\n", i);
			CU_ASSERT_PTR_NULL(md);
			CU_ASSERT_PTR_NOT_NULL(cause);
		} else {
			if (md == NULL)
				fprintf(stderr, "doc %zu: %s\n", i, cause);
			CU_ASSERT_PTR_NOT_NULL_FATAL(md);
			got = own_names(md, docs[i]);
			if (strcmp(want, got) != 0)
				fprintf(stderr, "doc %zu: %s, libxml2 %s\n",
				    i, got, want);
			U_STREQ(got, want);
			free(got);
		}
		metadata_free(md);
		free(cause);
		free(want);
	}
}

/* A compiled policy and a fencer over it. */
struct lab {
	struct ctx	*ctx;
	struct policy	*pol;
	struct model	*model;
	struct loop	*loop;
	struct exec	*x;
	struct fencer	*f;
};

/* The fence devices and levels of the fencing tests; LOG is a prefix. */
static const char	fence_policy[] =
    "cluster lab {\n"
    "    node n1 { addr = 127.0.0.1; id = 1 }\n"
    "    node n2 { addr = 127.0.0.2; id = 2 }\n"
    "    node n3 { addr = 127.0.0.3; id = 3; attr rack=r9 }\n"
    "    node n4 { addr = 127.0.0.4; id = 4 }\n"
    "    property stonith-timeout=5s\n"
    "}\n"
    "fence f-static stonith:fence_rec {\n"
    "    log = \"%1$s/f-static.log\"; fail = all\n"
    "    pcmk_host_list = \"n1, n2\"\n"
    "}\n"
    "fence f-map stonith:fence_rec {\n"
    "    log = \"%1$s/f-map.log\"; pcmk_host_map = \"n1:p1;n2:p2 n3=p3\"\n"
    "}\n"
    "fence f-dyn stonith:fence_rec { log = \"%1$s/f-dyn.log\"; hosts = "
    "\"n4,n3\" }\n"
    "fence f-status stonith:fence_rec {\n"
    "    log = \"%1$s/f-status.log\"; hosts = n2\n"
    "    pcmk_host_check = status\n"
    "}\n"
    "fence f-none stonith:fence_rec {\n"
    "    log = \"%1$s/f-none.log\"; noreboot = 1\n"
    "    pcmk_host_check = none; pcmk_host_argument = plug\n"
    "    pcmk_delay_base = \"n4:300ms;n1:0\"; pcmk_off_retries = 0\n"
    "}\n"
    "fence f-jitter stonith:fence_rec {\n"
    "    log = \"%1$s/f-jitter.log\"; pcmk_host_check = none\n"
    "    pcmk_delay_max = 200ms\n"
    "}\n"
    "fencing-level n2 1: f-static\n"
    "fencing-level n2 2: f-map, f-none\n"
    "fencing-level rack=r9 1: f-dyn\n";

/* Compile text into lab and make its fencer; 0, or -1 with *cause. */
static int
lab_open(struct lab *lab, const char *text, char **cause)
{
	memset(lab, 0, sizeof *lab);
	lab->ctx = ctx_new();
	lab->pol = compile_load_text(lab->ctx, UNIT_FILE, text, strlen(text));
	lab->model = compile_policy(lab->ctx, lab->pol);
	if (lab->model == NULL || lab->ctx->diags.nerrors > 0) {
		xasprintf(cause, "%s", unit_diags(lab->ctx));
		return -1;
	}
	lab->loop = loop_new(NULL);
	lab->x = new_exec(lab->loop, 0);
	lab->f = fence_new(lab->x, lab->model, 42, cause);
	return lab->f == NULL ? -1 : 0;
}

/* Free what lab holds. */
static void
lab_close(struct lab *lab)
{
	fence_free(lab->f);
	exec_free(lab->x);
	if (lab->loop != NULL)
		loop_free(lab->loop);
	compile_free(lab->pol);
	ctx_free(lab->ctx);
}

/* The fencing policy, with logs in the scratch directory. */
static const char *
fence_text(void)
{
	return unit_printf(fence_policy, scratch);
}

/* What a device's log holds (every input it was given), then empty it. */
static const char *
fence_log(const char *device)
{
	char	*path, *text = NULL;
	size_t	 len = 0;
	FILE	*f, *mem;
	int	 c;

	xasprintf(&path, "%s/%s.log", scratch, device);
	mem = open_memstream(&text, &len);
	if ((f = fopen(path, "r")) != NULL) {
		while ((c = fgetc(f)) != EOF)
			fputc(c, mem);
		fclose(f);
	}
	fclose(mem);
	unlink(path);
	free(path);
	return unit_keep(text);
}

/* What a can-fence query answered. */
struct answer {
	int	 done;
	int	 can;
	char	 why[256];
};

static void
answered(void *arg, int can, const char *why)
{
	struct answer	*a = arg;

	a->done = 1;
	a->can = can;
	snprintf(a->why, sizeof a->why, "%s", why);
}

/* Ask whether device can fence target; "yes: WHY" or "no: WHY". */
static const char *
can(struct lab *lab, const char *device, const char *target)
{
	struct answer	a;
	char		*cause = NULL;
	uint64_t	end = loop_now(lab->loop) + 10 * 1000000;

	memset(&a, 0, sizeof a);
	if (fence_can(lab->f, device, target, answered, &a, &cause) == -1)
		return unit_keep(cause);
	while (!a.done && loop_now(lab->loop) < end)
		loop_once(lab->loop, 1);
	return unit_printf("%s: %s", a.can ? "yes" : "no", a.why);
}

/* What fencing reported. */
struct fenced {
	int	 done;
	int	 ok;
	int	 level;
	char	 device[64];
	char	 reason[1024];
	uint64_t ms;
};

static void
fenced(void *arg, const struct fence_result *r)
{
	struct fenced	*fd = arg;

	fd->done = 1;
	fd->ok = r->ok;
	fd->level = r->level;
	fd->ms = r->ms;
	snprintf(fd->device, sizeof fd->device, "%s", r->device != NULL ?
	    r->device : "");
	snprintf(fd->reason, sizeof fd->reason, "%s", r->reason != NULL ?
	    r->reason : "");
}

/*
 * Fence target with action, with the devices named in allowed (NULL:
 * every device); wait for the outcome.
 */
static void
fence_with(struct lab *lab, const char *target, const char *action,
    const char *allowed, struct fenced *fd)
{
	uint64_t	end = loop_now(lab->loop) + 20 * 1000000;

	memset(fd, 0, sizeof *fd);
	fence_node(lab->f, target, action, allowed, fenced, fd);
	CU_ASSERT(!fd->done);
	while (!fd->done && loop_now(lab->loop) < end)
		loop_once(lab->loop, 1);
	CU_ASSERT(fd->done);
}

static void
fence(struct lab *lab, const char *target, const char *action,
    struct fenced *fd)
{
	fence_with(lab, target, action, NULL, fd);
}

static void
test_fence_can(void)
{
	struct lab	 lab;
	char		*cause = NULL;

	if (lab_open(&lab, fence_text(), &cause) == -1) {
		U_STREQ(cause, "");
		free(cause);
		lab_close(&lab);
		return;
	}
	U_STREQ(can(&lab, "f-static", "n2"),
	    "yes: 'n2' is in pcmk_host_list or pcmk_host_map");
	U_STREQ(can(&lab, "f-static", "n3"),
	    "no: 'n3' is not in pcmk_host_list or pcmk_host_map");
	U_STREQ(can(&lab, "f-map", "n3"),
	    "yes: 'n3' is in pcmk_host_list or pcmk_host_map");
	U_STREQ(can(&lab, "f-map", "N1"),
	    "yes: 'N1' is in pcmk_host_list or pcmk_host_map");
	U_STREQ(can(&lab, "f-dyn", "n4"),
	    "yes: 'n4' is in the list of the device");
	U_STREQ(can(&lab, "f-dyn", "n1"),
	    "no: 'n1' is not in the list of the device");
	U_STREQ(can(&lab, "f-status", "n2"), "yes: status of 'n2' is on");
	U_CONTAINS(can(&lab, "f-status", "n1"), "no: status of 'n1' ");
	U_STREQ(can(&lab, "f-none", "anyone"), "yes: pcmk_host_check is none");
	U_STREQ(can(&lab, "f-nothing", "n1"), "no fence device 'f-nothing'");
	/* The dynamic list asked the agent for its list, once per query. */
	U_CONTAINS(fence_log("f-dyn"), "action=list\n");
	lab_close(&lab);
}

static void
test_fence_devices(void)
{
	struct lab	 lab;
	struct fenced	 fd;
	const char	*log;
	char		*cause = NULL;

	if (lab_open(&lab, fence_text(), &cause) == -1) {
		U_STREQ(cause, "");
		free(cause);
		lab_close(&lab);
		return;
	}
	fence_log("f-static");
	fence_log("f-map");

	/* No level for n1: f-static fails (3 tries), f-map does it. */
	fence(&lab, "n1", "reboot", &fd);
	CU_ASSERT(fd.ok);
	U_STREQ(fd.device, "f-map");
	CU_ASSERT_EQUAL(fd.level, 0);
	U_STREQ(fd.reason, "f-static: reboot exited with 1");
	log = fence_log("f-static");
	U_STREQ(log, unit_printf(
	    "action=metadata\nlog=%1$s/f-static.log\nfail=all\n--\n"
	    "action=reboot\nnodename=n1\nport=n1\nlog=%1$s/f-static.log\n"
	    "fail=all\n--\n"
	    "action=reboot\nnodename=n1\nport=n1\nlog=%1$s/f-static.log\n"
	    "fail=all\n--\n"
	    "action=reboot\nnodename=n1\nport=n1\nlog=%1$s/f-static.log\n"
	    "fail=all\n--\n", scratch));
	/* The map's alias is the port; no pcmk_* parameter is passed. */
	log = fence_log("f-map");
	U_CONTAINS(log, "action=reboot\nnodename=n1\nport=p1\n");
	CU_ASSERT_PTR_NULL(strstr(log, "pcmk_"));

	/* Levels for n2: level 1 fails, level 2 is off, off, on, on. */
	fence(&lab, "n2", "reboot", &fd);
	CU_ASSERT(fd.ok);
	CU_ASSERT_EQUAL(fd.level, 2);
	U_STREQ(fd.device, "f-none");
	U_STREQ(fd.reason, "f-static: reboot exited with 1");
	U_CONTAINS(fence_log("f-map"), "action=off\nnodename=n2\nport=p2\n"
	    "log=");
	log = fence_log("f-none");
	U_CONTAINS(log, "action=off\nnodename=n2\nplug=n2\n");
	U_CONTAINS(log, "action=on\nnodename=n2\nplug=n2\n");
	CU_ASSERT(strstr(log, "action=off") < strstr(log, "action=on"));

	/* A level by node attribute: rack=r9 is n3's. */
	fence(&lab, "n3", "off", &fd);
	CU_ASSERT(fd.ok);
	CU_ASSERT_EQUAL(fd.level, 1);
	U_STREQ(fd.device, "f-dyn");
	U_CONTAINS(fence_log("f-dyn"), "action=off\nnodename=n3\nport=n3\n");
	lab_close(&lab);
}

/*
 * Only the devices the coordinator names may be used here (those the
 * policy lets run on this node): the others are passed over, and a level
 * that needs one fails.
 */
static void
test_fence_allowed(void)
{
	struct lab	 lab;
	struct fenced	 fd;
	char		*cause = NULL;

	if (lab_open(&lab, fence_text(), &cause) == -1) {
		U_STREQ(cause, "");
		free(cause);
		lab_close(&lab);
		return;
	}
	/* n1 has no level: f-map, which could do it, may not run here. */
	fence_with(&lab, "n1", "reboot", "f-static", &fd);
	CU_ASSERT(!fd.ok);
	U_STREQ(fd.reason, "f-static: reboot exited with 1; f-map: may not "
	    "run on this node; f-dyn: may not run on this node; f-status: may "
	    "not run on this node; f-none: may not run on this node; "
	    "f-jitter: may not run on this node");
	CU_ASSERT_PTR_NULL(strstr(fence_log("f-map"), "action=reboot"));
	fence_with(&lab, "n1", "reboot", "f-map, f-jitter", &fd);
	CU_ASSERT(fd.ok);
	U_STREQ(fd.device, "f-map");
	U_STREQ(fd.reason, "f-static: may not run on this node");

	/* n2's levels: a level with a device not allowed here fails. */
	fence_with(&lab, "n2", "reboot", "f-map", &fd);
	CU_ASSERT(!fd.ok);
	U_STREQ(fd.reason, "level 1: device 'f-static' is not a fence "
	    "device, or may not run on this node; level 2: device 'f-none' is "
	    "not a fence device, or may not run on this node");
	fence_log("f-static");
	fence_with(&lab, "n2", "reboot", "f-map;f-none", &fd);
	CU_ASSERT(fd.ok);
	CU_ASSERT_EQUAL(fd.level, 2);
	U_STREQ(fd.reason, "level 1: device 'f-static' is not a fence "
	    "device, or may not run on this node");
	U_STREQ(fence_log("f-static"), "");
	lab_close(&lab);
}

static void
test_fence_delays(void)
{
	struct lab	 lab;
	struct outcome	 o;
	char		*cause = NULL;
	uint64_t	 t0;
	const char	*log;

	if (lab_open(&lab, fence_text(), &cause) == -1) {
		U_STREQ(cause, "");
		free(cause);
		lab_close(&lab);
		return;
	}
	/* pcmk_delay_base for n4 is 300 ms; n1's is 0. */
	memset(&o, 0, sizeof o);
	t0 = loop_now(lab.loop);
	CU_ASSERT_EQUAL(fence_device_run(lab.f, "f-none", "off", "n4", record,
	    &o, &cause), 0);
	wait_for(lab.loop, &o);
	CU_ASSERT(o.rc == OCF_OK);
	CU_ASSERT((loop_now(lab.loop) - t0) / 1000 >= 300);
	outcome_clear(&o);
	memset(&o, 0, sizeof o);
	t0 = loop_now(lab.loop);
	fence_device_run(lab.f, "f-none", "off", "n1", record, &o, &cause);
	wait_for(lab.loop, &o);
	CU_ASSERT((loop_now(lab.loop) - t0) / 1000 < 300);
	outcome_clear(&o);

	/* An agent without reboot is asked for off. */
	memset(&o, 0, sizeof o);
	fence_device_run(lab.f, "f-none", "reboot", "n1", record, &o, &cause);
	wait_for(lab.loop, &o);
	log = fence_log("f-none");
	U_CONTAINS(log, "action=off\nnodename=n1\nplug=n1\n");
	CU_ASSERT_PTR_NULL(strstr(log, "action=reboot"));
	outcome_clear(&o);

	/* pcmk_delay_max: a random delay up to 200 ms. */
	memset(&o, 0, sizeof o);
	t0 = loop_now(lab.loop);
	fence_device_run(lab.f, "f-jitter", "reboot", "n2", record, &o,
	    &cause);
	wait_for(lab.loop, &o);
	CU_ASSERT((loop_now(lab.loop) - t0) / 1000 < 1500);
	outcome_clear(&o);
	CU_ASSERT_EQUAL(fence_device_run(lab.f, "nope", "off", "n1", record,
	    &o, &cause), -1);
	U_STREQ(cause, "no fence device 'nope'");
	free(cause);
	lab_close(&lab);
}

static void
test_fence_failures(void)
{
	static const struct {
		const char	*params;
		const char	*error;
	} bad[] = {
		{ "pcmk_host_check = bogus", "fence device 'f': pcmk_host_check "
		    "'bogus' is not one of static-list, dynamic-list, status, "
		    "none" },
		{ "pcmk_delay_max = soon", "fence device 'f': pcmk_delay_max: "
		    "'soon' is not a duration such as 500ms, 30s, 2min or 1h" },
		{ "pcmk_host_map = \"n1:p1;n2\"", "fence device 'f': "
		    "pcmk_host_map entry 'n2' is not NODE:PORT" },
		{ "pcmk_delay_base = \"n1:1x\"", "fence device 'f': "
		    "pcmk_delay_base: unknown unit 'x' in '1x'; use ms, s, min "
		    "or h" },
		{ "pcmk_reboot_retries = many", "fence device 'f': "
		    "pcmk_reboot_retries: 'many' is not a count from 0 to 999" },
	};
	struct lab	 lab;
	struct fenced	 fd;
	char		*cause;
	size_t		 i;

	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		CU_ASSERT_EQUAL(lab_open(&lab, unit_printf("fence f "
		    "stonith:fence_rec { %s }\n", bad[i].params), &cause), -1);
		U_STREQ(cause, bad[i].error);
		free(cause);
		lab_close(&lab);
	}

	/* Every device fails: the reason lists each. */
	cause = NULL;
	CU_ASSERT_EQUAL_FATAL(lab_open(&lab, unit_printf(
	    "fence f1 stonith:fence_rec {\n"
	    "    fail = all; pcmk_off_retries = 0; pcmk_host_check = none\n"
	    "}\n"
	    "fence f2 stonith:fence_missing { }\n"
	    "fence f3 stonith:fence_rec { pcmk_host_list = n9 }\n"), &cause),
	    0);
	fence(&lab, "n1", "off", &fd);
	CU_ASSERT(!fd.ok);
	U_STREQ(fd.reason, unit_printf("f1: off exited with 1; f2: "
	    "stonith:fence_missing off: %s/fence_missing: No such file or "
	    "directory; f3: 'n1' is not in pcmk_host_list or pcmk_host_map",
	    fence_dir));
	lab_close(&lab);

	/* No device at all. */
	if (lab_open(&lab, "cluster lab {\n"
	    "    node n1 { addr = 127.0.0.1; id = 1 }\n"
	    "    property stonith-enabled=false\n"
	    "}\n", &cause) == -1) {
		U_STREQ(cause, "");
		free(cause);
		lab_close(&lab);
		return;
	}
	fence(&lab, "n1", "reboot", &fd);
	CU_ASSERT(!fd.ok);
	U_STREQ(fd.reason, "no fence device is defined");
	lab_close(&lab);
}

/* The fixture agents. */
static void
make_fixtures(void)
{
	char	*dir;

	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		exit(99);
	}
	xasprintf(&ocf_root, "%s/ocf", scratch);
	xasprintf(&lsb_dir, "%s/init.d", scratch);
	xasprintf(&fence_dir, "%s/sbin", scratch);
	xasprintf(&dir, "%s/resource.d", ocf_root);
	mkdir(ocf_root, 0755);
	mkdir(dir, 0755);
	free(dir);
	xasprintf(&dir, "%s/resource.d/test", ocf_root);
	mkdir(dir, 0755);
	mkdir(lsb_dir, 0755);
	mkdir(fence_dir, 0755);

	put_agent(dir, "env",
	    "#!/bin/sh\n"
	    "echo \"argv: $*\"\n"
	    "printf 'fds: '; for n in 0 1 2 3 4 5 6 7 8 9; do\n"
	    "  [ -e /proc/$$/fd/$n ] && printf '%s ' \"$n\"; done\n"
	    "echo; echo '--'\n"
	    "env\n"
	    "exit ${OCF_RESKEY_rc:-0}\n");
	put_agent(dir, "reason",
	    "#!/bin/sh\n"
	    "if [ \"$1\" = start ]; then\n"
	    "  echo 'ocf-exit-reason:first' >&2\n"
	    "  echo 'noise' >&2\n"
	    "  echo 'ocf-exit-reason:the second reason' >&2\n"
	    "  exit 6\n"
	    "fi\n"
	    "i=0; while [ $i -lt 300 ]; do echo 'xxxxxxxxxx' >&2; "
	    "i=$((i+1)); done\n"
	    "printf 'ocf-exit-reason:' >&2\n"
	    "i=0; while [ $i -lt 40 ]; do printf 'xxxxxxxxxx' >&2; "
	    "i=$((i+1)); done\n"
	    "exit 1\n");
	put_agent(dir, "flood",
	    "#!/bin/sh\n"
	    "seq -f 'line %g' 1 20000\n"
	    "exit 7\n");
	put_agent(dir, "sleeper", unit_printf(
	    "#!/bin/sh\n"
	    "sleep 30 &\n"
	    "echo $! > %s/sleeper.child\n"
	    "wait\n", scratch));
	put_agent(dir, "stubborn",
	    "#!/bin/sh\n"
	    "trap '' TERM\n"
	    "i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\n");
	put_agent(dir, "daemon", unit_printf(
	    "#!/bin/sh\n"
	    "sleep 30 &\n"
	    "echo $! > %s/daemon.pid\n"
	    "echo started\n"
	    "exit 0\n", scratch));
	put_agent(dir, "badinterp", "#!/nonexistent/interpreter\n");
	put_agent(dir, "notexec", "#!/bin/sh\nexit 0\n");
	chmod(unit_printf("%s/notexec", dir), 0644);
	put_agent(lsb_dir, "svc", unit_printf(
	    "#!/bin/sh\n"
	    "echo \"$1\"\n"
	    "exit $(cat %s/lsb.state)\n", scratch));
	put_agent(dir, "counter", unit_printf(
	    "#!/bin/sh\n"
	    "if [ -n \"$OCF_RESKEY_sleep\" ]; then\n"
	    "  echo $$ > %s/counter.pid; exec sleep \"$OCF_RESKEY_sleep\"\n"
	    "fi\n"
	    "exit $(cat %s/counter.rc)\n", scratch, scratch));
	put_agent(fence_dir, "fence_rec",
	    "#!/bin/sh\n"
	    "# A fence agent for tests: logs its input, fails on request.\n"
	    "input=$(cat)\n"
	    "get() { printf '%s\\n' \"$input\" | sed -n \"s/^$1=//p\"; }\n"
	    "action=$(get action)\n"
	    "log=$(get log)\n"
	    "[ -z \"$log\" ] || printf '%s\\n--\\n' \"$input\" >> \"$log\"\n"
	    "case $action in\n"
	    "metadata)\n"
	    "  echo '<resource-agent name=\"fence_rec\"><parameters>'\n"
	    "  echo '<parameter name=\"port\"/><parameter name=\"log\"/>'\n"
	    "  echo '</parameters><actions><action name=\"on\"/>'\n"
	    "  echo '<action name=\"off\"/><action name=\"status\"/>'\n"
	    "  echo '<action name=\"list\"/><action name=\"metadata\"/>'\n"
	    "  [ -n \"$(get noreboot)\" ] || echo '<action name=\"reboot\"/>'\n"
	    "  echo '</actions></resource-agent>'; exit 0;;\n"
	    "list) get hosts | tr ',' '\\n'; exit 0;;\n"
	    "status)\n"
	    "  case \",$(get hosts),\" in *\",$(get port),\"*) exit 0;; esac\n"
	    "  exit 1;;\n"
	    "on|off|reboot)\n"
	    "  [ \"$(get fail)\" = all ] && { echo \"cannot $action\" >&2; exit 1; }\n"
	    "  exit 0;;\n"
	    "esac\n"
	    "exit 1\n");
	put_agent(fence_dir, "fence_echo",
	    "#!/bin/sh\n"
	    "cat\n"
	    "exit 2\n");
	free(dir);
}

static const struct unit_test	exec_tests[] = {
	{ "ocf environment", test_ocf_environment },
	{ "ocf exit codes", test_ocf_exit_codes },
	{ "ocf exit reason", test_ocf_exit_reason },
	{ "output bounded", test_output_bounded },
	{ "timeout, SIGTERM then SIGKILL", test_timeout },
	{ "daemon left running", test_daemon_left_running },
	{ "cancel", test_cancel },
	{ "not installed", test_not_installed },
	{ "invalid requests", test_invalid },
	{ "lsb", test_lsb },
	{ "systemd absent", test_systemd_absent },
	{ "exit code maps", test_map_exit },
	{ "fence agent input", test_fence_input },
	{ "many at once", test_many_at_once },
	{ "requests from the model", test_request_instance },
	{ NULL, NULL }
};

static const struct unit_test	recur_tests[] = {
	{ "at the interval, changes", test_recur_interval },
	{ "cancel, replace, free", test_recur_cancel },
	{ "probe results", test_probe },
	{ NULL, NULL }
};

static const struct unit_test	fence_tests[] = {
	{ "agent meta-data", test_metadata },
	{ "agent meta-data read as libxml2 reads it", test_metadata_libxml2 },
	{ "which device can fence", test_fence_can },
	{ "devices and levels", test_fence_devices },
	{ "devices allowed on this node", test_fence_allowed },
	{ "delays, renamed actions", test_fence_delays },
	{ "bad devices, failures", test_fence_failures },
	{ NULL, NULL }
};

static const struct unit_suite	suites[] = {
	{ "exec", exec_tests },
	{ "recur", recur_tests },
	{ "fence", fence_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	int	rc;

	make_fixtures();
	rc = unit_run(suites, argc, argv);
	remove_tree(scratch);
	free(ocf_root);
	free(lsb_dir);
	free(fence_dir);
	return rc;
}
