/*
 * fence.c: fencing a node with the policy's fence devices and levels,
 * through fence agents run by the executor. A device is a `fence`
 * resource (stonith:fence_xxx); its parameters go to the agent as
 * key=value lines on standard input (the fence-agents API), except
 * Pacemaker's own pcmk_* ones, which say which nodes it can fence and how.
 *
 * BEHAVIOR (after Pacemaker's fencer, 2.1.5):
 * - Which nodes a device can fence: pcmk_host_check, or by default
 *   static-list when pcmk_host_list or pcmk_host_map is set, else
 *   dynamic-list when the agent has a list action, else status when it
 *   has a status action, else none (any node). static-list: the node is in
 *   pcmk_host_list (names separated by blanks, ',' or ';') or a key of
 *   pcmk_host_map ("node:port;node2=port2"). dynamic-list: the node, or its
 *   alias in the map, is in what the list action prints. status: the
 *   status action for the node exits 0 (on) or 2 (off).
 * - The node goes to the agent as nodename= and as the host argument:
 *   pcmk_host_argument, else port (or plug, when the agent's meta-data has
 *   plug and not port), with its alias from pcmk_host_map; none passes no
 *   host argument. pcmk_ACTION_action renames an action; reboot becomes
 *   off for an agent that has no reboot. pcmk_ACTION_timeout and
 *   pcmk_ACTION_retries (default 2) bound each device action, which is
 *   tried again on failure while its timeout lasts.
 * - Off and reboot wait pcmk_delay_base (a duration, or "node:duration;
 *   ..." per node) plus a random part up to pcmk_delay_max.
 * - With fencing levels for the node (by name or by NAME=VALUE of a node
 *   attribute), levels are tried by index; every device of a level must
 *   succeed, and a reboot over several devices is off on each, then on on
 *   each (a failed "on" does not fail the level: the node was off). With
 *   no level, each device that can fence the node is tried in turn.
 * Deviations: fencing runs on the local node only (no query of peers),
 * and a dynamic list is asked again each time, not kept for 60 s.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "model.h"
#include "compiler.h"
#include "runtime.h"

#define FENCE_RETRIES		2
#define FENCE_TIMEOUT_MS	60000

struct fence_alias {
	char	*node;
	char	*port;
};

struct fence_delay {
	char		*node;		/* NULL: every node */
	uint64_t	 ms;
};

struct fence_device {
	char			*name;
	char			*agent;
	struct exec_param	*args;		/* to the agent, on stdin */
	size_t			 nargs;
	struct exec_param	*pcmk;		/* pcmk_* */
	size_t			 npcmk;
	char			**targets;	/* pcmk_host_list */
	size_t			 ntargets;
	struct fence_alias	*aliases;	/* pcmk_host_map */
	size_t			 naliases;
	struct fence_delay	*delays;	/* pcmk_delay_base */
	size_t			 ndelays;
	uint64_t		 delay_max_ms;
	struct metadata		*md;
	int			 md_tried;
};

struct fence_call;
typedef void	 fence_call_cb(void *, const struct exec_result *);

/* One device action: meta-data first if unknown, a delay, retries. */
struct fence_call {
	struct fencer		*f;
	struct fence_call	*next;
	struct fence_device	*dev;
	char			*action;
	char			*target;
	int			 tries;
	uint64_t		 delay_ms;
	uint64_t		 timeout_ms;
	uint64_t		 deadline;
	int			 meta_first;
	struct loop_timer	 timer;
	struct exec_op		*op;
	fence_call_cb		*done;
	void			*arg;
};

/* Whether a device can fence a node, being found out. */
struct fence_query {
	struct fencer		*f;
	struct fence_query	*next;
	struct fence_device	*dev;
	char			*target;
	const char		*check;
	struct loop_timer	 timer;
	fence_can_cb		*cb;
	void			*arg;
};

struct fence_step {
	struct fence_device	*dev;
	const char		*action;
	int			 may_fail;	/* the "on" of a split reboot */
};

struct fence_op {
	struct fencer		 *f;
	struct fence_op		 *next;
	char			 *target;
	char			 *action;
	const struct fencing_level **levels;
	size_t			  nlevels;
	size_t			  level;	/* being tried */
	struct fence_step	 *steps;
	size_t			  nsteps;
	size_t			  step;
	size_t			  dev;		/* without levels */
	struct buf		  why;		/* failures so far */
	char			**allowed;	/* devices this node may use */
	size_t			  nallowed;
	int			  all;		/* or every device */
	struct loop_timer	  timer;
	uint64_t		  started;
	fence_cb		 *cb;
	void			 *arg;
};

struct fencer {
	struct exec		 *x;
	const struct model	 *model;
	struct fence_device	**devs;
	size_t			  ndevs;
	uint64_t		  timeout_ms;
	struct sim_rand		  rand;
	struct fence_call	 *calls;
	struct fence_query	 *queries;
	struct fence_op		 *ops;
};

static void	fence_call_step(void *);
static void	fence_query_meta(void *, const struct exec_result *);
static void	fence_op_step(struct fence_op *);
static void	fence_op_next_device(struct fence_op *);
static void	fence_op_level(struct fence_op *);

/* Parse a duration; 0, or -1 with *cause. */
static int
fence_duration(const char *s, uint64_t *ms, char **cause)
{
	struct ctx	*ctx = ctx_new();
	const char	*why;
	int		 rc = 0;

	if (value_duration(ctx, s, ms, &why) == -1) {
		xasprintf(cause, "%s", why);
		rc = -1;
	}
	ctx_free(ctx);
	return rc;
}

/* The value of a device's pcmk_* parameter, or NULL. */
static const char *
fence_pcmk(const struct fence_device *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->npcmk; i++) {
		if (strcmp(d->pcmk[i].name, name) == 0)
			return d->pcmk[i].value;
	}
	return NULL;
}

/* The value of pcmk_ACTION_WHAT for a device, or NULL. */
static const char *
fence_pcmk_action(const struct fence_device *d, const char *action,
    const char *what)
{
	char	name[128];

	snprintf(name, sizeof name, "pcmk_%s_%s", action, what);
	return fence_pcmk(d, name);
}

/* Add one entry of a list (blanks, ',' and ';' separate) to v. */
static void
fence_split(const char *s, char ***v, size_t *n)
{
	size_t	len;

	while (*s != '\0') {
		s += strspn(s, " \t\r\n,;");
		len = strcspn(s, " \t\r\n,;");
		if (len > 0) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++] = xstrndup(s, len);
		}
		s += len;
	}
}

/*
 * Parse pcmk_host_map: "node:port" or "node=port" pairs separated by ';',
 * blanks; a backslash escapes the next character. 0, or -1 with *cause.
 */
static int
fence_parse_map(struct fence_device *d, const char *map, char **cause)
{
	struct buf	 key, val;
	struct buf	*cur = &key;
	const char	*p;

	buf_init(&key);
	buf_init(&val);
	for (p = map;; p++) {
		if (*p == '\\' && p[1] != '\0') {
			buf_putc(cur, *++p);
			continue;
		}
		if ((*p == ':' || *p == '=') && cur == &key) {
			cur = &val;
			continue;
		}
		if (*p != '\0' && *p != ';' && *p != ' ' && *p != '\t') {
			buf_putc(cur, *p);
			continue;
		}
		if (key.len > 0 || val.len > 0) {
			if (key.len == 0 || cur != &val || val.len == 0) {
				xasprintf(cause, "pcmk_host_map entry '%s%s%s' "
				    "is not NODE:PORT", key.len > 0 ?
				    key.data : "", cur == &val ? ":" : "",
				    val.len > 0 ? val.data : "");
				buf_clear(&key);
				buf_clear(&val);
				return -1;
			}
			d->aliases = xreallocarray(d->aliases, d->naliases + 1,
			    sizeof *d->aliases);
			d->aliases[d->naliases].node = xstrdup(key.data);
			d->aliases[d->naliases].port = xstrdup(val.data);
			d->naliases++;
		}
		buf_reset(&key);
		buf_reset(&val);
		cur = &key;
		if (*p == '\0')
			break;
	}
	buf_clear(&key);
	buf_clear(&val);
	return 0;
}

/* Parse pcmk_delay_base: a duration, or node:duration pairs. */
static int
fence_parse_delay(struct fence_device *d, const char *s, char **cause)
{
	char	**v = NULL, *colon, *why = NULL;
	size_t	  n = 0, i;
	int	  rc = 0;

	fence_split(s, &v, &n);
	for (i = 0; i < n; i++) {
		d->delays = xreallocarray(d->delays, d->ndelays + 1,
		    sizeof *d->delays);
		d->delays[d->ndelays].node = NULL;
		colon = strchr(v[i], ':');
		if (colon != NULL) {
			*colon = '\0';
			d->delays[d->ndelays].node = xstrdup(v[i]);
		}
		d->ndelays++;
		if (rc == 0 && fence_duration(colon != NULL ? colon + 1 : v[i],
		    &d->delays[d->ndelays - 1].ms, &why) == -1) {
			xasprintf(cause, "pcmk_delay_base: %s", why);
			free(why);
			rc = -1;
		}
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return rc;
}

/* Check a device's pcmk_* values. 0, or -1 with *cause. */
static int
fence_check_pcmk(struct fence_device *d, char **cause)
{
	static const char *const checks[] = { "static-list", "dynamic-list",
	    "status", "none" };
	const char	*v, *name;
	char		*why = NULL;
	uint64_t	 ms;
	size_t		 i, len;
	int		 ok;

	if ((v = fence_pcmk(d, "pcmk_host_check")) != NULL) {
		for (ok = 0, i = 0; i < nitems(checks); i++)
			ok |= strcmp(v, checks[i]) == 0;
		if (!ok) {
			xasprintf(cause, "pcmk_host_check '%s' is not one of "
			    "static-list, dynamic-list, status, none", v);
			return -1;
		}
	}
	for (i = 0; i < d->npcmk; i++) {
		name = d->pcmk[i].name;
		len = strlen(name);
		if (strcmp(name, "pcmk_delay_max") == 0 ||
		    (len > 8 && strcmp(name + len - 8, "_timeout") == 0)) {
			if (fence_duration(d->pcmk[i].value, &ms, &why) == -1)
				goto bad;
			if (strcmp(name, "pcmk_delay_max") == 0)
				d->delay_max_ms = ms;
		} else if (len > 8 && strcmp(name + len - 8, "_retries") == 0) {
			for (v = d->pcmk[i].value; isdigit((unsigned char)*v);
			    v++)
				;
			if (*d->pcmk[i].value == '\0' || *v != '\0' ||
			    strlen(d->pcmk[i].value) > 3) {
				xasprintf(&why, "'%s' is not a count from 0 to "
				    "999", d->pcmk[i].value);
				goto bad;
			}
		}
	}
	return 0;

bad:
	xasprintf(cause, "%s: %s", name, why);
	free(why);
	return -1;
}

/* Free a device. */
static void
fence_device_free(struct fence_device *d)
{
	size_t	i;

	for (i = 0; i < d->ntargets; i++)
		free(d->targets[i]);
	for (i = 0; i < d->naliases; i++) {
		free(d->aliases[i].node);
		free(d->aliases[i].port);
	}
	for (i = 0; i < d->ndelays; i++)
		free(d->delays[i].node);
	free(d->targets);
	free(d->aliases);
	free(d->delays);
	free(d->args);
	free(d->pcmk);
	metadata_free(d->md);
	free(d->name);
	free(d->agent);
	free(d);
}

/* Make the device of fence resource r; NULL with *cause. */
static struct fence_device *
fence_device_new(const struct resource *r, char **cause)
{
	struct fence_device	*d;
	const struct nvpair	*p;
	const char		*v;
	char			*why = NULL;
	size_t			 i;

	d = xcalloc(1, sizeof *d);
	d->name = xstrdup(r->name);
	d->agent = xstrdup(r->type);
	for (i = 0; i < r->params.n; i++) {
		p = &r->params.v[i];
		if (strchr(p->value, '\n') != NULL ||
		    strchr(p->name, '=') != NULL ||
		    strchr(p->name, '\n') != NULL) {
			xasprintf(&why, "parameter '%s' has a newline or '=' "
			    "where the agent's input cannot take one",
			    p->name);
			goto bad;
		}
		if (strncmp(p->name, "pcmk_", 5) == 0) {
			d->pcmk = xreallocarray(d->pcmk, d->npcmk + 1,
			    sizeof *d->pcmk);
			d->pcmk[d->npcmk].name = p->name;
			d->pcmk[d->npcmk++].value = p->value;
		} else if (strcmp(p->name, "action") != 0) {
			d->args = xreallocarray(d->args, d->nargs + 1,
			    sizeof *d->args);
			d->args[d->nargs].name = p->name;
			d->args[d->nargs++].value = p->value;
		}
	}
	if ((v = fence_pcmk(d, "pcmk_host_list")) != NULL)
		fence_split(v, &d->targets, &d->ntargets);
	if ((v = fence_pcmk(d, "pcmk_host_map")) != NULL &&
	    fence_parse_map(d, v, &why) == -1)
		goto bad;
	if ((v = fence_pcmk(d, "pcmk_delay_base")) != NULL &&
	    fence_parse_delay(d, v, &why) == -1)
		goto bad;
	if (fence_check_pcmk(d, &why) == -1)
		goto bad;
	return d;

bad:
	xasprintf(cause, "fence device '%s': %s", r->name, why);
	free(why);
	fence_device_free(d);
	return NULL;
}

/*
 * Return a fencer for the fence devices and levels of model m, which it
 * borrows for its lifetime; seed draws the random delays. NULL with
 * *cause (naming the device and parameter) when a pcmk_* value is bad.
 */
struct fencer *
fence_new(struct exec *x, const struct model *m, uint64_t seed,
    char **cause)
{
	struct fencer		*f;
	struct fence_device	*d;
	size_t			 i;

	f = xcalloc(1, sizeof *f);
	f->x = x;
	f->model = m;
	f->timeout_ms = m->props.stonith_timeout_ms != 0 ?
	    m->props.stonith_timeout_ms : FENCE_TIMEOUT_MS;
	sim_rand_seed(&f->rand, seed);
	for (i = 0; i < m->nresources; i++) {
		if (!m->resources[i]->is_fence)
			continue;
		if ((d = fence_device_new(m->resources[i], cause)) == NULL) {
			fence_free(f);
			return NULL;
		}
		f->devs = xreallocarray(f->devs, f->ndevs + 1,
		    sizeof *f->devs);
		f->devs[f->ndevs++] = d;
	}
	return f;
}

/* Free a call, taking it off the list; a running agent is killed. */
static void
fence_call_free(struct fence_call *c)
{
	struct fence_call	**pp;

	for (pp = &c->f->calls; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	if (c->op != NULL)
		exec_abandon(c->op);
	loop_timer_del(exec_loop(c->f->x), &c->timer);
	free(c->action);
	free(c->target);
	free(c);
}

/* Free a query, taking it off the list. */
static void
fence_query_free(struct fence_query *q)
{
	struct fence_query	**pp;

	for (pp = &q->f->queries; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == q) {
			*pp = q->next;
			break;
		}
	}
	loop_timer_del(exec_loop(q->f->x), &q->timer);
	free(q->target);
	free(q);
}

/* Free a fencing operation, taking it off the list. */
static void
fence_op_free(struct fence_op *op)
{
	struct fence_op	**pp;
	size_t		  i;

	for (pp = &op->f->ops; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == op) {
			*pp = op->next;
			break;
		}
	}
	loop_timer_del(exec_loop(op->f->x), &op->timer);
	buf_clear(&op->why);
	for (i = 0; i < op->nallowed; i++)
		free(op->allowed[i]);
	free(op->allowed);
	free(op->levels);
	free(op->steps);
	free(op->target);
	free(op->action);
	free(op);
}

/*
 * Free a fencer: what is in progress is dropped without callbacks, agents
 * still running are killed. f may be NULL.
 */
void
fence_free(struct fencer *f)
{
	size_t	i;

	if (f == NULL)
		return;
	while (f->ops != NULL)
		fence_op_free(f->ops);
	while (f->queries != NULL)
		fence_query_free(f->queries);
	while (f->calls != NULL)
		fence_call_free(f->calls);
	for (i = 0; i < f->ndevs; i++)
		fence_device_free(f->devs[i]);
	free(f->devs);
	free(f);
}

/* The device called name, or NULL. */
static struct fence_device *
fence_device(struct fencer *f, const char *name)
{
	size_t	i;

	for (i = 0; i < f->ndevs; i++) {
		if (strcmp(f->devs[i]->name, name) == 0)
			return f->devs[i];
	}
	return NULL;
}

/* The port a device knows node by (pcmk_host_map), or NULL. */
static const char *
fence_alias(const struct fence_device *d, const char *node)
{
	size_t	i;

	for (i = 0; i < d->naliases; i++) {
		if (strcasecmp(d->aliases[i].node, node) == 0)
			return d->aliases[i].port;
	}
	return NULL;
}

/* The argument that names the node for the agent, or NULL for none. */
static const char *
fence_host_arg(const struct fence_device *d)
{
	const char	*v = fence_pcmk(d, "pcmk_host_argument");

	if (v != NULL)
		return strcasecmp(v, "none") == 0 ? NULL : v;
	if (d->md != NULL && !metadata_has_param(d->md, "port") &&
	    metadata_has_param(d->md, "plug"))
		return "plug";
	return "port";
}

/* The action the agent is asked for action. */
static const char *
fence_agent_action(const struct fence_device *d, const char *action)
{
	const char	*v = fence_pcmk_action(d, action, "action");

	if (v != NULL)
		return v;
	if (strcmp(action, "reboot") == 0 && d->md != NULL &&
	    metadata_nactions(d->md) > 0 &&
	    !metadata_has_action(d->md, "reboot"))
		return "off";
	return action;
}

/* The agent's input for action on target (NULL: none). */
static char *
fence_input(const struct fence_device *d, const char *action,
    const char *target)
{
	struct buf	 b;
	const char	*arg, *alias;
	size_t		 i;
	int		 given = 0;

	buf_init(&b);
	buf_printf(&b, "action=%s\n", action);
	if (target != NULL) {
		buf_printf(&b, "nodename=%s\n", target);
		arg = fence_host_arg(d);
		for (i = 0; arg != NULL && i < d->nargs; i++) {
			if (strcmp(d->args[i].name, arg) == 0 &&
			    strcasecmp(d->args[i].value, "dynamic") != 0)
				given = 1;
		}
		if (arg != NULL && !given) {
			alias = fence_alias(d, target);
			buf_printf(&b, "%s=%s\n", arg, alias != NULL ? alias :
			    target);
		}
	}
	for (i = 0; i < d->nargs; i++) {
		if (target != NULL && fence_host_arg(d) != NULL &&
		    strcmp(d->args[i].name, fence_host_arg(d)) == 0 && !given)
			continue;
		buf_printf(&b, "%s=%s\n", d->args[i].name, d->args[i].value);
	}
	return buf_detach(&b);
}

/* Executor callback of a call's run. */
static void
fence_call_ran(void *arg, const struct exec_result *res)
{
	struct fence_call	*c = arg;
	struct fence_device	*d = c->dev;
	char			*cause = NULL;

	c->op = NULL;
	if (c->meta_first || strcmp(c->action, "metadata") == 0) {
		d->md_tried = 1;
		if (res->status == EXEC_DONE && res->rc == OCF_OK) {
			metadata_free(d->md);
			d->md = metadata_parse(res->out, res->outlen, &cause);
			free(cause);
		}
		if (c->meta_first) {
			c->meta_first = 0;
			fence_call_step(c);
			return;
		}
	} else if (res->status != EXEC_CANCELLED &&
	    !(res->status == EXEC_DONE && res->rc == OCF_OK) &&
	    (strcmp(c->action, "status") != 0 || res->rc != OCF_NOT_RUNNING) &&
	    c->tries > 1 && loop_now(exec_loop(c->f->x)) < c->deadline) {
		c->tries--;
		fence_call_step(c);
		return;
	}
	c->done(c->arg, res);
	fence_call_free(c);
}

/* Run the call's next part: meta-data, the delay, or the action. */
static void
fence_call_step(void *arg)
{
	struct fence_call	*c = arg;
	struct fence_device	*d = c->dev;
	struct exec_request	 req;
	const char		*action, *v;
	char			*input;
	uint64_t		 ms;

	exec_request_init(&req);
	req.cls = EXEC_FENCE;
	req.type = d->agent;
	req.rsc = d->name;
	if (!d->md_tried && strcmp(c->action, "metadata") != 0) {
		c->meta_first = 1;
		req.action = "metadata";
		req.timeout_ms = c->timeout_ms;
		input = fence_input(d, "metadata", NULL);
	} else if (c->delay_ms > 0) {
		ms = c->delay_ms;
		c->delay_ms = 0;
		c->deadline += ms * 1000;
		loop_timer_add(exec_loop(c->f->x), &c->timer, ms * 1000);
		return;
	} else {
		action = fence_agent_action(d, c->action);
		req.action = action;
		req.timeout_ms = c->timeout_ms;
		if ((v = fence_pcmk_action(d, c->action, "timeout")) != NULL &&
		    fence_duration(v, &ms, NULL) == 0)
			req.timeout_ms = ms;
		input = fence_input(d, action, c->target);
	}
	req.input = input;
	req.inputlen = strlen(input);
	c->op = exec_run(c->f->x, &req, fence_call_ran, c);
	free(input);
}

/* The delay before action on target with device d, in ms. */
static uint64_t
fence_delay(struct fencer *f, const struct fence_device *d,
    const char *action, const char *target)
{
	uint64_t	base = 0;
	size_t		i;

	if (strcmp(action, "off") != 0 && strcmp(action, "reboot") != 0)
		return 0;
	for (i = 0; i < d->ndelays; i++) {
		if (d->delays[i].node == NULL ||
		    strcasecmp(d->delays[i].node, target) == 0)
			base = d->delays[i].ms;
		if (d->delays[i].node != NULL &&
		    strcasecmp(d->delays[i].node, target) == 0)
			break;
	}
	if (d->delay_max_ms > base)
		return base + sim_rand_below(&f->rand, d->delay_max_ms - base +
		    1);
	return d->delay_max_ms > 0 ? d->delay_max_ms : base;
}

/* Start a device action; done(arg, result) is called from the loop. */
static struct fence_call *
fence_call_new(struct fencer *f, struct fence_device *d, const char *action,
    const char *target, fence_call_cb *done, void *arg)
{
	struct fence_call	*c;
	const char		*v;
	uint64_t		 ms;

	c = xcalloc(1, sizeof *c);
	c->f = f;
	c->dev = d;
	c->action = xstrdup(action);
	c->target = target != NULL ? xstrdup(target) : NULL;
	c->tries = 1 + FENCE_RETRIES;
	if ((v = fence_pcmk_action(d, action, "retries")) != NULL)
		c->tries = 1 + atoi(v);
	c->timeout_ms = f->timeout_ms;
	if ((v = fence_pcmk_action(d, action, "timeout")) != NULL &&
	    fence_duration(v, &ms, NULL) == 0)
		c->timeout_ms = ms;
	c->delay_ms = target != NULL ? fence_delay(f, d, action, target) : 0;
	c->deadline = loop_now(exec_loop(f->x)) + c->timeout_ms * 1000;
	c->done = done;
	c->arg = arg;
	loop_timer_init(&c->timer, fence_call_step, c);
	c->next = f->calls;
	f->calls = c;
	loop_timer_add(exec_loop(f->x), &c->timer, 0);
	return c;
}

/*
 * Run action with device name (for target, or NULL), as fencing would:
 * the host argument, aliases, renames, delays and retries apply. done
 * hears the agent's result. -1 with *cause when there is no such device.
 */
int
fence_device_run(struct fencer *f, const char *name, const char *action,
    const char *target, exec_cb *done, void *arg, char **cause)
{
	struct fence_device	*d;

	if ((d = fence_device(f, name)) == NULL) {
		xasprintf(cause, "no fence device '%s'", name);
		return -1;
	}
	fence_call_new(f, d, action, target, done, arg);
	return 0;
}

/*
 * Fill req (its strings in a) for action with device name and no target,
 * as a recurring operation runs it again and again: the options on stdin
 * with the action renamed by pcmk_ACTION_action (req->action stays
 * action, the name its key and exit codes go by), pcmk_ACTION_timeout. No
 * delay, no retries: a monitor that fails is reported and runs again at
 * its interval. -1 with *cause when there is no such device.
 */
int
fence_device_request(struct fencer *f, const char *name, const char *action,
    struct arena *a, struct exec_request *req, char **cause)
{
	struct fence_device	*d;
	const char		*v;
	char			*input;
	uint64_t		 ms;

	if ((d = fence_device(f, name)) == NULL) {
		xasprintf(cause, "no fence device '%s'", name);
		return -1;
	}
	exec_request_init(req);
	req->cls = EXEC_FENCE;
	req->type = arena_strdup(a, d->agent);
	req->rsc = arena_strdup(a, d->name);
	req->action = arena_strdup(a, action);
	req->timeout_ms = f->timeout_ms;
	if ((v = fence_pcmk_action(d, action, "timeout")) != NULL &&
	    fence_duration(v, &ms, NULL) == 0)
		req->timeout_ms = ms;
	input = fence_input(d, fence_agent_action(d, action), NULL);
	req->input = arena_strdup(a, input);
	req->inputlen = strlen(input);
	free(input);
	return 0;
}

/* Whether list output (or pcmk_host_list) names target. */
static int
fence_in_list(char *const *v, size_t n, const char *target)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcasecmp(v[i], target) == 0)
			return 1;
	}
	return 0;
}

/* Answer a query and free it. */
static void
fence_query_answer(struct fence_query *q, int can, const char *fmt, ...)
    printflike(3, 4);

static void
fence_query_answer(struct fence_query *q, int can, const char *fmt, ...)
{
	va_list	 ap;
	char	*why;

	va_start(ap, fmt);
	xvasprintf(&why, fmt, ap);
	va_end(ap);
	q->cb(q->arg, can, why);
	free(why);
	fence_query_free(q);
}

/* Call callback: the list or status action of a query is over. */
static void
fence_query_ran(void *arg, const struct exec_result *res)
{
	struct fence_query	*q = arg;
	const char		*name, *alias;
	char			**v = NULL, *out;
	size_t			 n = 0, i;
	int			 can;

	alias = fence_alias(q->dev, q->target);
	name = alias != NULL ? alias : q->target;
	if (strcmp(q->check, "status") == 0) {
		can = res->status == EXEC_DONE && (res->rc == OCF_OK ||
		    res->rc == OCF_NOT_RUNNING);
		fence_query_answer(q, can, "status of '%s' %s", name, can ?
		    (res->rc == OCF_OK ? "is on" : "is off") :
		    res->reason != NULL ? res->reason : "failed");
		return;
	}
	if (res->status != EXEC_DONE || res->rc != OCF_OK) {
		fence_query_answer(q, 0, "list failed: %s", res->reason !=
		    NULL ? res->reason : exec_rc_name(res->rc));
		return;
	}
	out = xstrndup(res->out, res->outlen);
	fence_split(out, &v, &n);
	can = fence_in_list(v, n, name);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(out);
	fence_query_answer(q, can, "'%s' is%s in the list of the device",
	    name, can ? "" : " not");
}

/* Decide a query, running the device's list or status when needed. */
static void
fence_query_step(void *arg)
{
	struct fence_query	*q = arg;
	struct fence_device	*d = q->dev;
	const char		*check;
	int			 can;

	if (!d->md_tried) {
		fence_call_new(q->f, d, "metadata", NULL, fence_query_meta, q);
		return;
	}
	if ((check = fence_pcmk(d, "pcmk_host_check")) == NULL) {
		if (d->ntargets > 0 || d->naliases > 0)
			check = "static-list";
		else if (d->md != NULL && metadata_has_action(d->md, "list"))
			check = "dynamic-list";
		else if (d->md != NULL && metadata_has_action(d->md, "status"))
			check = "status";
		else
			check = "none";
	}
	q->check = check;
	if (strcmp(check, "none") == 0)
		fence_query_answer(q, 1, "pcmk_host_check is none");
	else if (strcmp(check, "static-list") == 0) {
		can = fence_in_list(d->targets, d->ntargets, q->target) ||
		    fence_alias(d, q->target) != NULL;
		fence_query_answer(q, can, "'%s' is%s in pcmk_host_list or "
		    "pcmk_host_map", q->target, can ? "" : " not");
	} else if (strcmp(check, "dynamic-list") == 0)
		fence_call_new(q->f, d, "list", NULL, fence_query_ran, q);
	else
		fence_call_new(q->f, d, "status", q->target, fence_query_ran,
		    q);
}

/* Call callback: the device's meta-data is known (or not to be had). */
static void
fence_query_meta(void *arg, const struct exec_result *res)
{
	fence_query_step(arg);
}

/*
 * Find out whether device name can fence target; cb(arg, can, why) hears
 * it from the loop. -1 with *cause when there is no such device.
 */
int
fence_can(struct fencer *f, const char *name, const char *target,
    fence_can_cb *cb, void *arg, char **cause)
{
	struct fence_query	*q;
	struct fence_device	*d;

	if ((d = fence_device(f, name)) == NULL) {
		xasprintf(cause, "no fence device '%s'", name);
		return -1;
	}
	q = xcalloc(1, sizeof *q);
	q->f = f;
	q->dev = d;
	q->target = xstrdup(target);
	q->cb = cb;
	q->arg = arg;
	loop_timer_init(&q->timer, fence_query_step, q);
	q->next = f->queries;
	f->queries = q;
	loop_timer_add(exec_loop(f->x), &q->timer, 0);
	return 0;
}

/* Whether fencing level l is for node target. */
static int
fence_level_matches(const struct model *m, const struct fencing_level *l,
    const char *target)
{
	const struct node	*n;
	size_t			 i;

	if (l->target_attr == NULL)
		return strcasecmp(l->node != NULL ? l->node->name : l->target,
		    target) == 0;
	if ((n = model_node(m, target)) == NULL)
		return 0;
	for (i = 0; i < n->attrs.n; i++) {
		if (strcmp(n->attrs.v[i].name, l->target_attr) == 0)
			return strcmp(n->attrs.v[i].value, l->target_value) ==
			    0;
	}
	return 0;
}

/* Whether the operation may use device d here. */
static int
fence_op_may(const struct fence_op *op, const struct fence_device *d)
{
	return op->all || fence_in_list(op->allowed, op->nallowed, d->name);
}

/* Report the outcome of a fencing operation and free it. */
static void
fence_op_finish(struct fence_op *op, int ok, const char *device, int level)
{
	struct fence_result	r;

	memset(&r, 0, sizeof r);
	r.ok = ok;
	r.target = op->target;
	r.action = op->action;
	r.device = device;
	r.level = level;
	r.reason = op->why.len > 0 ? op->why.data : NULL;
	r.ms = (loop_now(exec_loop(op->f->x)) - op->started) / 1000;
	op->cb(op->arg, &r);
	fence_op_free(op);
}

/* Note a failure of a device in the operation's reason. */
static void
fence_op_why(struct fence_op *op, const char *device, const char *what,
    const struct exec_result *res)
{
	if (op->why.len > 0)
		buf_puts(&op->why, "; ");
	buf_printf(&op->why, "%s: ", device);
	if (what != NULL)
		buf_puts(&op->why, what);
	else if (res->reason != NULL)
		buf_puts(&op->why, res->reason);
	else if (res->status == EXEC_DONE)
		buf_printf(&op->why, "%s exited with %d", op->action,
		    res->exit_code);
	else
		buf_puts(&op->why, exec_status_name(res->status));
}

/* Call callback: a step of a level is over. */
static void
fence_op_step_ran(void *arg, const struct exec_result *res)
{
	struct fence_op		*op = arg;
	struct fence_step	*s = &op->steps[op->step];

	if (!(res->status == EXEC_DONE && res->rc == OCF_OK)) {
		fence_op_why(op, s->dev->name, NULL, res);
		if (!s->may_fail) {
			op->level++;
			fence_op_level(op);
			return;
		}
	}
	op->step++;
	fence_op_step(op);
}

/* Run the level's current step, or finish the level. */
static void
fence_op_step(struct fence_op *op)
{
	const struct fencing_level	*l = op->levels[op->level];
	struct fence_step		*s;

	if (op->step == op->nsteps) {
		fence_op_finish(op, 1, op->steps[op->nsteps - 1].dev->name,
		    l->index);
		return;
	}
	s = &op->steps[op->step];
	fence_call_new(op->f, s->dev, s->action, op->target,
	    fence_op_step_ran, op);
}

/* Try the operation's current level, or give up after the last. */
static void
fence_op_level(struct fence_op *op)
{
	const struct fencing_level	*l;
	struct fence_device		*d;
	size_t				 i, n;
	int				 split;

	for (; op->level < op->nlevels; op->level++) {
		l = op->levels[op->level];
		split = strcmp(op->action, "reboot") == 0 && l->ndevices > 1;
		free(op->steps);
		op->steps = xcalloc(l->ndevices * 2, sizeof *op->steps);
		op->nsteps = 0;
		op->step = 0;
		for (n = 0; n < (split ? 2u : 1u); n++) {
			for (i = 0; i < l->ndevices; i++) {
				d = fence_device(op->f, l->devices[i]->name);
				if (d == NULL || !fence_op_may(op, d))
					break;
				op->steps[op->nsteps].dev = d;
				op->steps[op->nsteps].action = !split ?
				    op->action : n == 0 ? "off" : "on";
				op->steps[op->nsteps++].may_fail = split &&
				    n == 1;
			}
		}
		if (op->nsteps == l->ndevices * (split ? 2u : 1u)) {
			fence_op_step(op);
			return;
		}
		if (op->why.len > 0)
			buf_puts(&op->why, "; ");
		buf_printf(&op->why, "level %d: device '%s' is not a fence "
		    "device, or may not run on this node", l->index,
		    l->devices[i]->name);
	}
	fence_op_finish(op, 0, NULL, 0);
}

/* Call callback: the action of a device (without levels) is over. */
static void
fence_op_device_ran(void *arg, const struct exec_result *res)
{
	struct fence_op		*op = arg;
	struct fence_device	*d = op->f->devs[op->dev];

	if (res->status == EXEC_DONE && res->rc == OCF_OK) {
		fence_op_finish(op, 1, d->name, 0);
		return;
	}
	fence_op_why(op, d->name, NULL, res);
	op->dev++;
	fence_op_next_device(op);
}

/* Query callback: whether the current device can fence the target. */
static void
fence_op_can(void *arg, int can, const char *why)
{
	struct fence_op		*op = arg;
	struct fence_device	*d = op->f->devs[op->dev];

	if (can) {
		fence_call_new(op->f, d, op->action, op->target,
		    fence_op_device_ran, op);
		return;
	}
	fence_op_why(op, d->name, why, NULL);
	op->dev++;
	fence_op_next_device(op);
}

/* Without levels: ask the next device whether it can fence the target. */
static void
fence_op_next_device(struct fence_op *op)
{
	for (; op->dev < op->f->ndevs; op->dev++) {
		if (fence_op_may(op, op->f->devs[op->dev]))
			break;
		fence_op_why(op, op->f->devs[op->dev]->name, "may not run on "
		    "this node", NULL);
	}
	if (op->dev >= op->f->ndevs) {
		if (op->f->ndevs == 0)
			buf_puts(&op->why, "no fence device is defined");
		fence_op_finish(op, 0, NULL, 0);
		return;
	}
	fence_can(op->f, op->f->devs[op->dev]->name, op->target, fence_op_can,
	    op, NULL);
}

/* Timer callback: start a fencing operation from the loop. */
static void
fence_op_start(void *arg)
{
	struct fence_op	*op = arg;

	if (op->nlevels > 0)
		fence_op_level(op);
	else
		fence_op_next_device(op);
}

/* Order levels by index. */
static int
fence_level_cmp(const void *a, const void *b)
{
	const struct fencing_level	*la = *(const struct fencing_level *const *)a;
	const struct fencing_level	*lb = *(const struct fencing_level *const *)b;

	return (la->index > lb->index) - (la->index < lb->index);
}

/*
 * Fence target with action (reboot, off, on): by its fencing levels in
 * order, or else by each device that can fence it, among the devices
 * named in allowed (blanks, ',' or ';' between names; NULL: every device),
 * those the policy lets run on this node. cb(arg, result) hears the
 * outcome from the loop; the result names the device (and level) that
 * did it, or every failure on the way.
 */
void
fence_node(struct fencer *f, const char *target, const char *action,
    const char *allowed, fence_cb *cb, void *arg)
{
	const struct model	*m = f->model;
	struct fence_op		*op;
	size_t			 i;

	op = xcalloc(1, sizeof *op);
	op->f = f;
	op->target = xstrdup(target);
	op->action = xstrdup(action);
	op->cb = cb;
	op->arg = arg;
	op->started = loop_now(exec_loop(f->x));
	buf_init(&op->why);
	if (allowed != NULL)
		fence_split(allowed, &op->allowed, &op->nallowed);
	else
		op->all = 1;
	for (i = 0; i < m->nlevels; i++) {
		if (!fence_level_matches(m, m->levels[i], target))
			continue;
		op->levels = xreallocarray(op->levels, op->nlevels + 1,
		    sizeof *op->levels);
		op->levels[op->nlevels++] = m->levels[i];
	}
	if (op->nlevels > 1)
		qsort(op->levels, op->nlevels, sizeof *op->levels,
		    fence_level_cmp);
	loop_timer_init(&op->timer, fence_op_start, op);
	op->next = f->ops;
	f->ops = op;
	loop_timer_add(exec_loop(f->x), &op->timer, 0);
}
