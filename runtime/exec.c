/*
 * exec.c: the executor's lowest layer: run one agent action as a child
 * process on the event loop and report one result. It knows the agent
 * classes (OCF, LSB, systemd, service, fence) well enough to find the
 * program, build its argv and environment, and map its exit status to an
 * OCF code; what an action means for a resource is the caller's business
 * (recur.c runs recurring monitors, fence.c fencing, the coordinator the
 * transition graph).
 *
 * BEHAVIOR (after Pacemaker's lib/services, with our deviations):
 * - No shell in between: argv and the environment are built in the parent,
 *   and posix_spawn() starts the child (a vfork-style clone: hacd's page
 *   tables are not copied, nor its pages made copy-on-write, ten times a
 *   second with 100 monitors); the child only moves descriptors, resets
 *   signals, and calls execve(). A failed execve() is posix_spawn()'s
 *   error.
 * - The environment is built from nothing (not inherited from hacd): PATH,
 *   the OCF variables, the parameters, and the configured extras.
 * - Each run is the leader of its own process group. At its deadline the
 *   group gets SIGTERM and, kill_grace later, SIGKILL (Pacemaker sends
 *   SIGKILL at once). A group is signalled only while its leader has not
 *   been reaped: daemons an agent started stay alone after a clean exit.
 * - Standard output and error are read as they come, each kept up to
 *   output_max bytes (the rest is counted as truncated and thrown away).
 *   The last "ocf-exit-reason:" in standard error is the exit reason, cut
 *   at EXEC_REASON_MAX bytes, as Pacemaker does; it is found even past the
 *   bound. When the leader exits the pipes are drained and closed, so a
 *   daemon that kept them open does not hold the result back.
 * - Standard input (fence agents) is written into the pipe before the spawn,
 *   so hacd never blocks on it nor gets SIGPIPE; it is bounded by
 *   EXEC_INPUT_MAX, which a pipe always holds.
 * - Every result reaches the callback from the loop, never from inside
 *   exec_run(), including refusals (not installed, invalid), so callers
 *   have one path.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang.h"
#include "model.h"
#include "runtime.h"

#define EXEC_OCF_ROOT		"/usr/lib/ocf"
#define EXEC_LSB_DIR		"/etc/init.d"
#define EXEC_FENCE_DIR		"/usr/sbin"
#define EXEC_SYSTEMCTL		"/usr/bin/systemctl"
#define EXEC_SYSTEMD_DIR	"/run/systemd/system"
#define EXEC_PATH		"/usr/sbin:/usr/bin:/sbin:/bin"
#define EXEC_TIMEOUT_MS		20000
#define EXEC_GRACE_MS		5000
#define EXEC_OUTPUT_MAX		(256 * 1024)
#define EXEC_LINE_MAX		1024
#define EXEC_NAME_MAX		128

enum exec_phase {
	PHASE_REFUSED,		/* a result waits for the loop to report it */
	PHASE_RUNNING,		/* the deadline is armed */
	PHASE_TERMINATING	/* SIGTERM sent; SIGKILL is armed */
};

/* One captured stream: what is kept, and the line being scanned. */
struct exec_stream {
	int		 fd;
	struct buf	 data;
	size_t		 max;
	int		 truncated;
	int		 scan;		/* look for exit reasons */
	char		 line[EXEC_LINE_MAX];
	size_t		 linelen;
	char		*reason;
};

struct exec_op {
	struct exec		*x;
	struct exec_op		*prev;
	struct exec_op		*next;
	char			*what;		/* "ocf:heartbeat:Dummy start" */
	char			*action;	/* as the request named it */
	enum exec_class		 cls;		/* service: resolved */
	enum exec_phase		 phase;
	enum exec_status	 forced;	/* TIMEOUT or CANCELLED, or DONE */
	pid_t			 pid;
	struct exec_stream	 out;
	struct exec_stream	 err;
	struct loop_timer	 timer;
	uint64_t		 timeout_ms;
	uint64_t		 started;
	struct exec_result	 refusal;	/* PHASE_REFUSED */
	char			*refusal_reason;
	exec_cb			*cb;
	void			*arg;
};

struct exec {
	struct loop		*loop;
	char			*ocf_root;
	char			*lsb_dir;
	char			*fence_dir;
	char			*systemctl;
	char			*systemd_dir;
	char			*path;
	char			**env;
	size_t			 nenv;
	uint64_t		 timeout_ms;
	uint64_t		 kill_grace_ms;
	size_t			 output_max;
	struct exec_op		*ops;
	size_t			 nops;
};

/* A growable NULL-terminated vector of owned strings (argv, envp). */
struct exec_vec {
	char	**v;
	size_t	  n;
	size_t	  bytes;
};

static void	exec_timer(void *);

/* A copy of s, or of def when s is NULL or empty. */
static char *
exec_default(const char *s, const char *def)
{
	return xstrdup(s != NULL && *s != '\0' ? s : def);
}

/*
 * Return a new executor on loop with config (NULL: every default); the
 * strings are copied. Never fails.
 */
struct exec *
exec_new(struct loop *loop, const struct exec_config *config)
{
	static const struct exec_config	 none;
	struct exec			*x;
	size_t				 i;

	if (config == NULL)
		config = &none;
	x = xcalloc(1, sizeof *x);
	x->loop = loop;
	x->ocf_root = exec_default(config->ocf_root, EXEC_OCF_ROOT);
	x->lsb_dir = exec_default(config->lsb_dir, EXEC_LSB_DIR);
	x->fence_dir = exec_default(config->fence_dir, EXEC_FENCE_DIR);
	x->systemctl = exec_default(config->systemctl, EXEC_SYSTEMCTL);
	x->systemd_dir = exec_default(config->systemd_dir, EXEC_SYSTEMD_DIR);
	x->path = exec_default(config->path, EXEC_PATH);
	for (i = 0; config->env != NULL && config->env[i] != NULL; i++)
		;
	x->nenv = i;
	x->env = xcalloc(i + 1, sizeof *x->env);
	for (i = 0; i < x->nenv; i++)
		x->env[i] = xstrdup(config->env[i]);
	x->timeout_ms = config->timeout_ms != 0 ? config->timeout_ms :
	    EXEC_TIMEOUT_MS;
	x->kill_grace_ms = config->kill_grace_ms != 0 ?
	    config->kill_grace_ms : EXEC_GRACE_MS;
	x->output_max = config->output_max != 0 ? config->output_max :
	    EXEC_OUTPUT_MAX;
	return x;
}

/* Close a stream's descriptor and stop watching it. */
static void
exec_stream_close(struct exec *x, struct exec_stream *s)
{
	if (s->fd == -1)
		return;
	loop_fd_del(x->loop, s->fd);
	close(s->fd);
	s->fd = -1;
}

/* Unlink op from its executor and free it. */
static void
exec_op_free(struct exec_op *op)
{
	struct exec	*x = op->x;

	loop_timer_del(x->loop, &op->timer);
	exec_stream_close(x, &op->out);
	exec_stream_close(x, &op->err);
	if (op->prev != NULL)
		op->prev->next = op->next;
	else
		x->ops = op->next;
	if (op->next != NULL)
		op->next->prev = op->prev;
	x->nops--;
	buf_clear(&op->out.data);
	buf_clear(&op->err.data);
	free(op->out.reason);
	free(op->err.reason);
	free(op->refusal_reason);
	free(op->what);
	free(op->action);
	free(op);
}

/*
 * Drop op without a report: its process group, if it runs, is killed at
 * once (SIGKILL) and its leader reaped here.
 */
void
exec_abandon(struct exec_op *op)
{
	int	status;

	if (op->pid > 0) {
		kill(-op->pid, SIGKILL);
		while (waitpid(op->pid, &status, 0) == -1 && errno == EINTR)
			;
		loop_child_del(op->x->loop, op->pid);
	}
	exec_op_free(op);
}

/*
 * Free an executor. Running agents' process groups are killed (SIGKILL)
 * and reaped; no callback is called. x may be NULL.
 */
void
exec_free(struct exec *x)
{
	size_t	i;

	if (x == NULL)
		return;
	while (x->ops != NULL)
		exec_abandon(x->ops);
	for (i = 0; i < x->nenv; i++)
		free(x->env[i]);
	free(x->env);
	free(x->ocf_root);
	free(x->lsb_dir);
	free(x->fence_dir);
	free(x->systemctl);
	free(x->systemd_dir);
	free(x->path);
	free(x);
}

/* The loop the executor runs on. */
struct loop *
exec_loop(struct exec *x)
{
	return x->loop;
}

/* How many actions are running (or waiting to report a refusal). */
size_t
exec_running(const struct exec *x)
{
	return x->nops;
}

/* Whether systemd is the init system here (its runtime directory exists). */
int
exec_systemd_running(const struct exec *x)
{
	struct stat	st;

	return stat(x->systemd_dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Prepare a request: no parameters, no input, no check level. */
void
exec_request_init(struct exec_request *req)
{
	memset(req, 0, sizeof *req);
	req->cls = EXEC_OCF;
	req->check_level = -1;
}

/* The name of an execution status. */
const char *
exec_status_name(enum exec_status status)
{
	switch (status) {
	case EXEC_DONE:
		return "done";
	case EXEC_CANCELLED:
		return "cancelled";
	case EXEC_TIMEOUT:
		return "timeout";
	case EXEC_NOT_SUPPORTED:
		return "not supported";
	case EXEC_NOT_INSTALLED:
		return "not installed";
	case EXEC_INVALID:
		return "invalid";
	case EXEC_ERROR:
		return "error";
	}
	return "unknown";
}

/* The name of an OCF exit code, as Pacemaker shows it. */
const char *
exec_rc_name(int rc)
{
	switch (rc) {
	case OCF_OK:
		return "ok";
	case OCF_ERR_GENERIC:
		return "error";
	case OCF_ERR_ARGS:
		return "invalid parameter";
	case OCF_ERR_UNIMPLEMENTED:
		return "unimplemented feature";
	case OCF_ERR_PERM:
		return "insufficient privileges";
	case OCF_ERR_INSTALLED:
		return "not installed";
	case OCF_ERR_CONFIGURED:
		return "not configured";
	case OCF_NOT_RUNNING:
		return "not running";
	case OCF_RUNNING_PROMOTED:
		return "promoted";
	case OCF_FAILED_PROMOTED:
		return "promoted (failed)";
	case OCF_DEGRADED:
		return "degraded";
	case OCF_DEGRADED_PROMOTED:
		return "promoted (degraded)";
	}
	return "unknown";
}

/* The prefix of a class as a policy writes it. */
const char *
exec_class_name(enum exec_class cls)
{
	switch (cls) {
	case EXEC_OCF:
		return "ocf";
	case EXEC_LSB:
		return "lsb";
	case EXEC_SYSTEMD:
		return "systemd";
	case EXEC_SERVICE:
		return "service";
	case EXEC_FENCE:
		return "stonith";
	}
	return "unknown";
}

/* Whether action asks for a status (monitor, or LSB's status). */
static int
exec_is_status(const char *action)
{
	return strcmp(action, "monitor") == 0 || strcmp(action, "status") == 0;
}

/*
 * Map an agent's exit code to an OCF code, by class and action: OCF codes
 * pass (others are generic errors); LSB status codes 1-3 mean not running;
 * systemctl's is-active 3 means not running and its 5 (no such unit) is
 * not installed, except for a stop; a fence agent's status 2 means off.
 */
int
exec_map_exit(enum exec_class cls, const char *action, int code)
{
	switch (cls) {
	case EXEC_OCF:
		if ((code >= OCF_OK && code <= OCF_FAILED_PROMOTED) ||
		    code == OCF_DEGRADED || code == OCF_DEGRADED_PROMOTED)
			return code;
		return OCF_ERR_GENERIC;
	case EXEC_LSB:
	case EXEC_SERVICE:
		if (!exec_is_status(action)) {
			if (code >= OCF_OK && code <= OCF_NOT_RUNNING)
				return code;
			return OCF_ERR_GENERIC;
		}
		switch (code) {
		case 0:
			return OCF_OK;
		case 1:		/* dead, pid file exists */
		case 2:		/* dead, lock file exists */
		case 3:		/* not running */
			return OCF_NOT_RUNNING;
		case 150:
			return OCF_ERR_INSTALLED;
		case 151:
			return OCF_ERR_PERM;
		}
		return OCF_ERR_GENERIC;
	case EXEC_SYSTEMD:
		if (code == 0)
			return OCF_OK;
		if (exec_is_status(action))
			return code == 3 || code == 4 ? OCF_NOT_RUNNING :
			    OCF_ERR_GENERIC;
		if (code == 5)
			return strcmp(action, "stop") == 0 ? OCF_OK :
			    OCF_ERR_INSTALLED;
		return OCF_ERR_GENERIC;
	case EXEC_FENCE:
		if (code == 0)
			return OCF_OK;
		if (code == 2 && exec_is_status(action))
			return OCF_NOT_RUNNING;
		return OCF_ERR_GENERIC;
	}
	return OCF_ERR_GENERIC;
}

/* Add a copy of s to v, counting its bytes. */
static void
exec_vec_add(struct exec_vec *v, char *s)
{
	v->v = xreallocarray(v->v, v->n + 2, sizeof *v->v);
	v->v[v->n++] = s;
	v->v[v->n] = NULL;
	v->bytes += strlen(s) + 1;
}

/* Free the strings of v and v itself. */
static void
exec_vec_clear(struct exec_vec *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	memset(v, 0, sizeof *v);
}

/* Add NAME=VALUE to an environment. */
static void
exec_env(struct exec_vec *env, const char *name, const char *value)
{
	char	*s;

	xasprintf(&s, "%s=%s", name, value);
	exec_vec_add(env, s);
}

/* Whether a name can name an agent, script or unit (no path tricks). */
static int
exec_name_ok(const char *s)
{
	return s != NULL && *s != '\0' && *s != '-' && *s != '.' &&
	    strchr(s, '/') == NULL && strlen(s) <= EXEC_NAME_MAX;
}

/* Whether an action name is a plain word ([a-z0-9_-]). */
static int
exec_action_ok(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > EXEC_NAME_MAX)
		return 0;
	for (; *s != '\0'; s++) {
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= '0' && *s <= '9') &&
		    *s != '_' && *s != '-')
			return 0;
	}
	return 1;
}

/*
 * Whether a parameter name makes a shell variable (agents are mostly shell
 * scripts, which drop other names from their environment); meta attribute
 * names may have '-', which becomes '_'.
 */
static int
exec_param_ok(const char *s, int dash)
{
	size_t	i;

	if (s == NULL || *s == '\0' || strlen(s) > EXEC_NAME_MAX ||
	    (*s >= '0' && *s <= '9'))
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (!(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '_' &&
		    !(dash && s[i] == '-'))
			return 0;
	}
	return 1;
}

/*
 * Check the parameters (or meta attributes) of a request: valid names,
 * each once. 0, or -1 with *cause.
 */
static int
exec_check_params(const struct exec_param *p, size_t n, int meta,
    char **cause)
{
	const char	*what = meta ? "meta attribute" : "parameter";
	size_t		 i, j;

	for (i = 0; i < n; i++) {
		if (!exec_param_ok(p[i].name, meta)) {
			xasprintf(cause, "%s name '%s' is not a shell variable "
			    "name ([A-Za-z_][A-Za-z0-9_%s]*)", what,
			    p[i].name == NULL ? "" : p[i].name,
			    meta ? "-" : "");
			return -1;
		}
		if (p[i].value == NULL) {
			xasprintf(cause, "%s '%s' has no value", what,
			    p[i].name);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(p[i].name, p[j].name) == 0) {
				xasprintf(cause, "%s '%s' is given twice",
				    what, p[i].name);
				return -1;
			}
		}
	}
	return 0;
}

/* Build the OCF environment of req into env. */
static void
exec_ocf_env(struct exec *x, const struct exec_request *req,
    struct exec_vec *env)
{
	char	 name[EXEC_NAME_MAX + 32], *value, *p;
	size_t	 i;

	exec_env(env, "OCF_ROOT", x->ocf_root);
	exec_env(env, "OCF_RA_VERSION_MAJOR", "1");
	exec_env(env, "OCF_RA_VERSION_MINOR", "1");
	exec_env(env, "OCF_EXIT_REASON_PREFIX", EXEC_REASON_PREFIX);
	exec_env(env, "OCF_RESOURCE_INSTANCE",
	    req->rsc != NULL ? req->rsc : req->type);
	exec_env(env, "OCF_RESOURCE_TYPE", req->type);
	exec_env(env, "OCF_RESOURCE_PROVIDER", req->provider);
	for (i = 0; i < req->nparams; i++) {
		snprintf(name, sizeof name, "OCF_RESKEY_%s",
		    req->params[i].name);
		exec_env(env, name, req->params[i].value);
	}
	xasprintf(&value, "%" PRIu64, req->interval_ms);
	exec_env(env, "OCF_RESKEY_CRM_meta_interval", value);
	free(value);
	xasprintf(&value, "%" PRIu64, req->timeout_ms != 0 ?
	    req->timeout_ms : x->timeout_ms);
	exec_env(env, "OCF_RESKEY_CRM_meta_timeout", value);
	free(value);
	exec_env(env, "OCF_RESKEY_CRM_meta_name", req->action);
	for (i = 0; i < req->nmeta; i++) {
		snprintf(name, sizeof name, "OCF_RESKEY_CRM_meta_%s",
		    req->meta[i].name);
		for (p = name; *p != '\0'; p++) {
			if (*p == '-')
				*p = '_';
		}
		exec_env(env, name, req->meta[i].value);
	}
	if (req->check_level >= 0) {
		xasprintf(&value, "%d", req->check_level);
		exec_env(env, "OCF_CHECK_LEVEL", value);
		free(value);
	}
}

/*
 * Work out the program, argv and environment of req, resolving service:
 * to systemd or LSB. 0; or -1 with the refusal's status, rc and *cause.
 */
static int
exec_prepare(struct exec *x, const struct exec_request *req,
    struct exec_op *op, struct exec_vec *argv, struct exec_vec *env,
    enum exec_status *status, int *rc, char **cause)
{
	struct stat	 st;
	char		*path = NULL, *unit;
	size_t		 i;

	*status = EXEC_INVALID;
	*rc = OCF_ERR_CONFIGURED;
	if (!exec_action_ok(req->action)) {
		xasprintf(cause, "bad action name '%s'",
		    req->action == NULL ? "" : req->action);
		return -1;
	}
	if (!exec_name_ok(req->type) ||
	    (req->cls == EXEC_OCF && !exec_name_ok(req->provider))) {
		xasprintf(cause, "bad agent name '%s%s%s' (empty, a path, or "
		    "starting with '-' or '.')", req->cls == EXEC_OCF &&
		    req->provider != NULL ? req->provider : "",
		    req->cls == EXEC_OCF ? ":" : "",
		    req->type == NULL ? "" : req->type);
		return -1;
	}
	if ((req->cls == EXEC_OCF && (exec_check_params(req->params,
	    req->nparams, 0, cause) == -1 || exec_check_params(req->meta,
	    req->nmeta, 1, cause) == -1)))
		return -1;
	if (req->inputlen > EXEC_INPUT_MAX) {
		xasprintf(cause, "%zu bytes of input exceed %d", req->inputlen,
		    EXEC_INPUT_MAX);
		return -1;
	}

	op->cls = req->cls;
	if (op->cls == EXEC_SERVICE) {
		if (exec_systemd_running(x))
			op->cls = EXEC_SYSTEMD;
		else {
			xasprintf(&path, "%s/%s", x->lsb_dir, req->type);
			if (stat(path, &st) == -1) {
				*status = EXEC_NOT_INSTALLED;
				*rc = OCF_ERR_INSTALLED;
				xasprintf(cause, "systemd is not running here "
				    "(no %s) and %s: %s", x->systemd_dir,
				    path, strerror(errno));
				free(path);
				return -1;
			}
			free(path);
			op->cls = EXEC_LSB;
		}
	}

	switch (op->cls) {
	case EXEC_OCF:
		xasprintf(&path, "%s/resource.d/%s/%s", x->ocf_root,
		    req->provider, req->type);
		exec_vec_add(argv, path);
		exec_vec_add(argv, xstrdup(req->action));
		exec_ocf_env(x, req, env);
		break;
	case EXEC_LSB:
		if (strcmp(req->action, "meta-data") == 0 ||
		    strcmp(req->action, "validate-all") == 0 ||
		    strcmp(req->action, "promote") == 0 ||
		    strcmp(req->action, "demote") == 0 ||
		    strcmp(req->action, "notify") == 0 ||
		    strncmp(req->action, "migrate_", 8) == 0) {
			*status = EXEC_NOT_SUPPORTED;
			*rc = OCF_ERR_UNIMPLEMENTED;
			xasprintf(cause, "LSB init scripts have no '%s' "
			    "action", req->action);
			return -1;
		}
		xasprintf(&path, "%s/%s", x->lsb_dir, req->type);
		exec_vec_add(argv, path);
		exec_vec_add(argv, xstrdup(exec_is_status(req->action) ?
		    "status" : req->action));
		break;
	case EXEC_SYSTEMD:
		if (!exec_systemd_running(x)) {
			*status = EXEC_NOT_SUPPORTED;
			*rc = OCF_ERR_INSTALLED;
			xasprintf(cause, "systemd is not running on this node "
			    "(no %s)", x->systemd_dir);
			return -1;
		}
		if (strcmp(req->action, "start") != 0 &&
		    strcmp(req->action, "stop") != 0 &&
		    strcmp(req->action, "restart") != 0 &&
		    strcmp(req->action, "reload") != 0 &&
		    !exec_is_status(req->action)) {
			*status = EXEC_NOT_SUPPORTED;
			*rc = OCF_ERR_UNIMPLEMENTED;
			xasprintf(cause, "systemd units have no '%s' action",
			    req->action);
			return -1;
		}
		path = xstrdup(x->systemctl);
		exec_vec_add(argv, path);
		exec_vec_add(argv, xstrdup("--no-ask-password"));
		exec_vec_add(argv, xstrdup(exec_is_status(req->action) ?
		    "is-active" : req->action));
		if (strchr(req->type, '.') != NULL)
			unit = xstrdup(req->type);
		else
			xasprintf(&unit, "%s.service", req->type);
		exec_vec_add(argv, unit);
		break;
	case EXEC_FENCE:
		xasprintf(&path, "%s/%s", x->fence_dir, req->type);
		exec_vec_add(argv, path);
		break;
	case EXEC_SERVICE:
		break;
	}
	exec_env(env, "PATH", x->path);
	for (i = 0; i < x->nenv; i++)
		exec_vec_add(env, xstrdup(x->env[i]));
	if (env->bytes + argv->bytes > EXEC_ENV_MAX) {
		xasprintf(cause, "arguments and environment of %zu bytes "
		    "exceed %d", env->bytes + argv->bytes, EXEC_ENV_MAX);
		return -1;
	}

	if (stat(argv->v[0], &st) == -1) {
		*status = EXEC_NOT_INSTALLED;
		*rc = OCF_ERR_INSTALLED;
		xasprintf(cause, "%s: %s", argv->v[0], strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) || access(argv->v[0], X_OK) == -1) {
		*status = EXEC_NOT_INSTALLED;
		*rc = OCF_ERR_INSTALLED;
		xasprintf(cause, "%s: not an executable file", argv->v[0]);
		return -1;
	}
	return 0;
}

/* The line a stream has gathered is complete: keep an exit reason in it. */
static void
exec_stream_line(struct exec_stream *s)
{
	const char	*mark;
	size_t		 len;

	s->line[s->linelen] = '\0';
	s->linelen = 0;
	if ((mark = strstr(s->line, EXEC_REASON_PREFIX)) == NULL)
		return;
	mark += strlen(EXEC_REASON_PREFIX);
	if ((len = strlen(mark)) == 0)
		return;
	free(s->reason);
	s->reason = xstrndup(mark, len < EXEC_REASON_MAX ? len :
	    EXEC_REASON_MAX);
}

/* Keep what fits of n bytes of a stream; scan its lines for a reason. */
static void
exec_stream_feed(struct exec_stream *s, const char *p, size_t n)
{
	size_t	keep, i;

	keep = s->max - s->data.len;
	if (n > keep)
		s->truncated = 1;
	buf_add(&s->data, p, n < keep ? n : keep);
	if (!s->scan)
		return;
	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			exec_stream_line(s);
		else if (s->linelen < sizeof s->line - 1)
			s->line[s->linelen++] = p[i];
	}
}

/* Read what a stream has; close it at end of file or error. */
static void
exec_stream_read(struct exec *x, struct exec_stream *s)
{
	char	buf[4096];
	ssize_t	n;

	while (s->fd != -1) {
		n = read(s->fd, buf, sizeof buf);
		if (n > 0) {
			exec_stream_feed(s, buf, (size_t)n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		exec_stream_close(x, s);
	}
}

/* Loop callback: an agent's standard output or error is readable. */
static void
exec_readable(int fd, int events, void *arg)
{
	struct exec_op	*op = arg;

	if (fd == op->out.fd)
		exec_stream_read(op->x, &op->out);
	else if (fd == op->err.fd)
		exec_stream_read(op->x, &op->err);
}

/* Finish a stream: drain it, close it, scan its last unterminated line. */
static void
exec_stream_finish(struct exec *x, struct exec_stream *s)
{
	exec_stream_read(x, s);
	exec_stream_close(x, s);
	if (s->linelen > 0)
		exec_stream_line(s);
}

/* Call the callback with r and free op. */
static void
exec_report(struct exec_op *op, struct exec_result *r)
{
	r->out = op->out.data.data != NULL ? op->out.data.data : "";
	r->outlen = op->out.data.len;
	r->out_truncated = op->out.truncated;
	r->err = op->err.data.data != NULL ? op->err.data.data : "";
	r->errlen = op->err.data.len;
	r->err_truncated = op->err.truncated;
	r->started = op->started;
	r->ended = loop_now(op->x->loop);
	op->cb(op->arg, r);
	exec_op_free(op);
}

/* Loop callback: the agent's leader exited; map its status and report. */
static void
exec_exited(pid_t pid, int status, void *arg)
{
	struct exec_op		*op = arg;
	struct exec_result	 r;
	char			*reason = NULL;

	op->pid = -1;
	loop_timer_del(op->x->loop, &op->timer);
	exec_stream_finish(op->x, &op->out);
	exec_stream_finish(op->x, &op->err);

	memset(&r, 0, sizeof r);
	r.exit_code = -1;
	r.reason = op->err.reason;
	if (WIFEXITED(status))
		r.exit_code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r.signo = WTERMSIG(status);

	if (op->forced == EXEC_TIMEOUT) {
		r.status = EXEC_TIMEOUT;
		r.rc = OCF_ERR_GENERIC;
		xasprintf(&reason, "%s did not complete within %" PRIu64
		    " ms", op->what, op->timeout_ms);
		r.reason = reason;
	} else if (op->forced == EXEC_CANCELLED) {
		r.status = EXEC_CANCELLED;
		r.rc = OCF_OK;
	} else if (r.signo != 0) {
		r.status = EXEC_ERROR;
		r.rc = OCF_ERR_GENERIC;
		xasprintf(&reason, "%s was killed by signal %d (%s)",
		    op->what, r.signo, strsignal(r.signo));
		r.reason = reason;
	} else {
		r.status = EXEC_DONE;
		r.rc = exec_map_exit(op->cls, op->action, r.exit_code);
	}
	exec_report(op, &r);
	free(reason);
}

/* Signal op's process group; the leader may have exited already. */
static void
exec_signal(struct exec_op *op, int signo)
{
	if (op->pid > 0 && kill(-op->pid, signo) == -1 && errno == ESRCH)
		kill(op->pid, signo);
}

/* Begin ending op: SIGTERM now, SIGKILL after the grace period. */
static void
exec_terminate(struct exec_op *op, enum exec_status why)
{
	op->forced = why;
	op->phase = PHASE_TERMINATING;
	exec_signal(op, SIGTERM);
	loop_timer_add(op->x->loop, &op->timer, op->x->kill_grace_ms * 1000);
}

/* Loop callback of op's timer: report a refusal, or the deadlines. */
static void
exec_timer(void *arg)
{
	struct exec_op	*op = arg;

	switch (op->phase) {
	case PHASE_REFUSED:
		op->refusal.reason = op->refusal_reason;
		exec_report(op, &op->refusal);
		break;
	case PHASE_RUNNING:
		exec_terminate(op, EXEC_TIMEOUT);
		break;
	case PHASE_TERMINATING:
		exec_signal(op, SIGKILL);
		break;
	}
}

/* A pipe whose ends are close-on-exec; 0, or -1 with *cause. */
static int
exec_pipe(int fds[2], char **cause)
{
	if (pipe2(fds, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Close the descriptors of fds that are open. */
static void
exec_close(int *fds, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (fds[i] != -1)
			close(fds[i]);
		fds[i] = -1;
	}
}

/*
 * Make the attributes of a child: the leader of its own process group,
 * every signal at its default and none blocked, fds in, out and err as
 * 0-2 and no other descriptor. 0, or an errno.
 */
static int
exec_attrs(posix_spawnattr_t *attr, posix_spawn_file_actions_t *fa, int in,
    int out, int err)
{
	sigset_t	set;
	int		e;

	if ((e = posix_spawnattr_init(attr)) != 0)
		return e;
	if ((e = posix_spawn_file_actions_init(fa)) != 0) {
		posix_spawnattr_destroy(attr);
		return e;
	}
	sigfillset(&set);
	if ((e = posix_spawnattr_setsigdefault(attr, &set)) != 0)
		goto fail;
	sigemptyset(&set);
	if ((e = posix_spawnattr_setsigmask(attr, &set)) != 0 ||
	    (e = posix_spawnattr_setpgroup(attr, 0)) != 0 ||
	    (e = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)) != 0 ||
	    (e = posix_spawn_file_actions_adddup2(fa, in, 0)) != 0 ||
	    (e = posix_spawn_file_actions_adddup2(fa, out, 1)) != 0 ||
	    (e = posix_spawn_file_actions_adddup2(fa, err, 2)) != 0 ||
	    (e = posix_spawn_file_actions_addclosefrom_np(fa, 3)) != 0)
		goto fail;
	return 0;

fail:
	posix_spawn_file_actions_destroy(fa);
	posix_spawnattr_destroy(attr);
	return e;
}

/*
 * Start the child of op with argv and env, its input (if any) already in
 * its stdin pipe. 0, or -1 with *cause and what to report in *status and
 * *rc.
 */
static int
exec_spawn(struct exec_op *op, char **argv, char **envp,
    const struct exec_request *req, enum exec_status *status, int *rc,
    char **cause)
{
	struct exec			*x = op->x;
	int				 fds[6] = { -1, -1, -1, -1, -1, -1 };
	int				*in = &fds[0], *out = &fds[2];
	int				*err = &fds[4];
	posix_spawnattr_t		 attr;
	posix_spawn_file_actions_t	 fa;
	ssize_t				 n;
	pid_t				 pid;
	int				 e;

	*status = EXEC_ERROR;
	*rc = OCF_ERR_GENERIC;
	if (req->input != NULL) {
		if (exec_pipe(in, cause) == -1)
			goto fail;
		fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
		n = req->inputlen == 0 ? 0 : write(in[1], req->input,
		    req->inputlen);
		if (n != (ssize_t)req->inputlen) {
			xasprintf(cause, "writing %zu bytes of input: %s",
			    req->inputlen, n == -1 ? strerror(errno) :
			    "the pipe is full");
			goto fail;
		}
		close(in[1]);
		in[1] = -1;
	} else if ((in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, "/dev/null: %s", strerror(errno));
		goto fail;
	}
	if (exec_pipe(out, cause) == -1 || exec_pipe(err, cause) == -1)
		goto fail;

	if ((e = exec_attrs(&attr, &fa, in[0], out[1], err[1])) != 0) {
		xasprintf(cause, "posix_spawn: %s", strerror(e));
		goto fail;
	}
	e = posix_spawn(&pid, argv[0], &fa, &attr, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (e != 0) {
		if (e == ENOENT)
			*status = EXEC_NOT_INSTALLED;
		*rc = e == ENOENT ? OCF_ERR_INSTALLED : e == EACCES ?
		    OCF_ERR_PERM : OCF_ERR_GENERIC;
		xasprintf(cause, "cannot execute: %s", strerror(e));
		goto fail;
	}
	op->pid = pid;
	op->started = loop_now(x->loop);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	op->out.fd = out[0];
	op->err.fd = err[0];
	fcntl(op->out.fd, F_SETFL, fcntl(op->out.fd, F_GETFL) | O_NONBLOCK);
	fcntl(op->err.fd, F_SETFL, fcntl(op->err.fd, F_GETFL) | O_NONBLOCK);
	loop_fd_add(x->loop, op->out.fd, LOOP_READ, exec_readable, op);
	loop_fd_add(x->loop, op->err.fd, LOOP_READ, exec_readable, op);
	loop_child(x->loop, pid, exec_exited, op);
	op->phase = PHASE_RUNNING;
	loop_timer_add(x->loop, &op->timer, op->timeout_ms * 1000);
	return 0;

fail:
	exec_close(fds, nitems(fds));
	return -1;
}

/*
 * Run req on the loop and call cb(arg, result) once, from the loop, when
 * it is over: done, timed out, cancelled, or refused (not installed,
 * invalid, not supported). req is borrowed for the call only. The
 * returned handle is valid until the callback returns.
 */
struct exec_op *
exec_run(struct exec *x, const struct exec_request *req, exec_cb *cb,
    void *arg)
{
	struct exec_op		*op;
	struct exec_vec		 argv = { 0 }, env = { 0 };
	enum exec_status	 status;
	char			*cause = NULL;
	int			 rc;

	op = xcalloc(1, sizeof *op);
	op->x = x;
	op->pid = -1;
	op->out.fd = op->err.fd = -1;
	buf_init(&op->out.data);
	buf_init(&op->err.data);
	op->out.max = op->err.max = x->output_max;
	op->err.scan = req->cls == EXEC_OCF;
	op->cb = cb;
	op->arg = arg;
	op->action = xstrdup(req->action != NULL ? req->action : "");
	op->timeout_ms = req->timeout_ms != 0 ? req->timeout_ms :
	    x->timeout_ms;
	xasprintf(&op->what, "%s:%s%s%s %s", exec_class_name(req->cls),
	    req->cls == EXEC_OCF && req->provider != NULL ? req->provider : "",
	    req->cls == EXEC_OCF ? ":" : "",
	    req->type != NULL ? req->type : "", op->action);
	loop_timer_init(&op->timer, exec_timer, op);
	op->next = x->ops;
	if (x->ops != NULL)
		x->ops->prev = op;
	x->ops = op;
	x->nops++;

	if (exec_prepare(x, req, op, &argv, &env, &status, &rc,
	    &cause) == 0)
		exec_spawn(op, argv.v, env.v, req, &status, &rc, &cause);
	if (cause != NULL) {
		op->phase = PHASE_REFUSED;
		op->refusal.status = status;
		op->refusal.rc = rc;
		op->refusal.exit_code = -1;
		xasprintf(&op->refusal_reason, "%s: %s", op->what, cause);
		free(cause);
		op->started = loop_now(x->loop);
		loop_timer_add(x->loop, &op->timer, 0);
	}
	exec_vec_clear(&argv);
	exec_vec_clear(&env);
	return op;
}

/*
 * Cancel op: its process group gets SIGTERM, then SIGKILL, and the
 * callback hears EXEC_CANCELLED once the leader is reaped. A refusal not
 * yet reported is reported as cancelled at once, from the loop.
 */
void
exec_cancel(struct exec_op *op)
{
	switch (op->phase) {
	case PHASE_REFUSED:
		op->refusal.status = EXEC_CANCELLED;
		op->refusal.rc = OCF_OK;
		break;
	case PHASE_RUNNING:
		exec_terminate(op, EXEC_CANCELLED);
		break;
	case PHASE_TERMINATING:
		op->forced = EXEC_CANCELLED;
		break;
	}
}

/* The clone r is in (directly or through a group), or NULL. */
const struct resource *
exec_clone_of(const struct resource *r)
{
	for (r = r->parent; r != NULL; r = r->parent) {
		if (r->kind == RSC_CLONE)
			return r;
	}
	return NULL;
}

/* Add meta attribute name=value (value printed into arena a) to v. */
static void
exec_meta_add(struct arena *a, struct exec_param *v, size_t *n,
    const char *name, const char *fmt, int value)
{
	v[*n].name = name;
	v[*n].value = fmt != NULL ? arena_printf(a, fmt, value) :
	    (value ? "true" : "false");
	(*n)++;
}

/*
 * Fill req to run action (at interval_ms) of instance in of model m, as
 * the transition graph would ask: the agent of its primitive, its
 * parameters, the timeout and OCF_CHECK_LEVEL of the matching operation
 * (else the executor's default), and for clone instances the clone's
 * meta attributes Pacemaker passes (clone, clone_max, clone_node_max,
 * globally_unique, notify, promoted_max and promoted_node_max with their
 * old master_ names). What req points to lives in arena a. -1 with
 * *cause when the instance is not a primitive with an agent.
 */
int
exec_request_instance(struct arena *a, struct exec_request *req,
    const struct model *m, const struct instance *in, const char *action,
    uint64_t interval_ms, char **cause)
{
	const struct resource	*r = in->rsc, *clone;
	const struct op		*op;
	struct exec_param	*params, *meta;
	size_t			 i, n = 0;
	int			 max;

	exec_request_init(req);
	if (r == NULL || r->kind != RSC_PRIMITIVE || r->type == NULL) {
		xasprintf(cause, "'%s' is not a primitive with an agent",
		    in->name);
		return -1;
	}
	switch (r->cls) {
	case CLASS_OCF:
		req->cls = EXEC_OCF;
		break;
	case CLASS_LSB:
		req->cls = EXEC_LSB;
		break;
	case CLASS_SYSTEMD:
		req->cls = EXEC_SYSTEMD;
		break;
	case CLASS_SERVICE:
		req->cls = EXEC_SERVICE;
		break;
	case CLASS_STONITH:
		req->cls = EXEC_FENCE;
		break;
	}
	req->provider = r->provider;
	req->type = r->type;
	req->rsc = in->name;
	req->action = arena_strdup(a, action);
	req->interval_ms = interval_ms;
	for (i = 0; i < r->nops; i++) {
		op = &r->ops[i];
		if (strcmp(op->name, action) != 0 ||
		    op->interval_ms != interval_ms)
			continue;
		if (op->timeout_set)
			req->timeout_ms = op->timeout_ms;
		req->check_level = op->check_level;
		break;
	}
	params = arena_allocarray(a, r->params.n + 1, sizeof *params);
	for (i = 0; i < r->params.n; i++) {
		params[i].name = r->params.v[i].name;
		params[i].value = r->params.v[i].value;
	}
	req->params = params;
	req->nparams = r->params.n;
	if ((clone = exec_clone_of(r)) != NULL) {
		meta = arena_allocarray(a, 9, sizeof *meta);
		max = clone->meta.clone_max >= 0 ? clone->meta.clone_max :
		    (int)m->nnodes;
		exec_meta_add(a, meta, &n, "clone", "%d", in->clone_index);
		exec_meta_add(a, meta, &n, "clone_max", "%d", max);
		exec_meta_add(a, meta, &n, "clone_node_max", "%d",
		    clone->meta.clone_node_max);
		exec_meta_add(a, meta, &n, "globally_unique", NULL,
		    clone->meta.globally_unique);
		exec_meta_add(a, meta, &n, "notify", NULL, clone->meta.notify);
		if (clone->promotable) {
			exec_meta_add(a, meta, &n, "promoted_max", "%d",
			    clone->meta.promoted_max);
			exec_meta_add(a, meta, &n, "promoted_node_max", "%d",
			    clone->meta.promoted_node_max);
			exec_meta_add(a, meta, &n, "master_max", "%d",
			    clone->meta.promoted_max);
			exec_meta_add(a, meta, &n, "master_node_max", "%d",
			    clone->meta.promoted_node_max);
		}
		req->meta = meta;
		req->nmeta = n;
	}
	return 0;
}
