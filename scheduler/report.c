/*
 * report.c: a dry run in the layout crm_simulate users know: "Current
 * cluster status", "Transition Summary", "Executing Cluster Transition",
 * "Revised Cluster Status". Formats into a buffer; the caller prints.
 *
 * The summary's columns follow crm_simulate 2.1.5: the change padded to
 * 8, the resource to a width that grows to its length + 2 each time a
 * longer one appears (in list order), the details right-aligned to the
 * longest details of the whole summary.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

static const char *
report_class(const struct resource *r)
{
	switch (r->cls) {
	case CLASS_OCF:
		return "ocf";
	case CLASS_LSB:
		return "lsb";
	case CLASS_SYSTEMD:
		return "systemd";
	case CLASS_SERVICE:
		return "service";
	case CLASS_STONITH:
		return "stonith";
	}
	return "ocf";
}

/* Whether any resource is active on the node named name. */
static int
report_node_busy(const struct status *st, const char *name)
{
	size_t	i, j;

	for (i = 0; i < st->nrscs; i++) {
		for (j = 0; j < st->rscs[i].nnodes; j++) {
			if (strcmp(st->rscs[i].nodes[j], name) == 0)
				return 1;
		}
	}
	return 0;
}

/* The state word of a node that gets a line of its own, or NULL. */
static const char *
report_node_state(const struct status *st, const struct nodeview *n)
{
	if (n->unclean)
		return n->pending ? "UNCLEAN (pending)" : n->online ?
		    "UNCLEAN (online)" : "UNCLEAN (offline)";
	if (n->pending)
		return "pending";
	if (n->standby_onfail && n->online)
		return "standby (on-fail)";
	if (n->standby)
		return !n->online ? "OFFLINE (standby)" :
		    report_node_busy(st, n->name) ?
		    "standby (with active resources)" : "standby";
	if (n->maintenance)
		return n->online ? "maintenance" : "OFFLINE (maintenance)";
	return NULL;
}

static void
report_nodes(const struct status *st, struct buf *b)
{
	const struct nodeview	*n;
	const char		*state;
	size_t			 i;
	int			 any;

	buf_puts(b, "  * Node List:\n");
	for (i = 0; i < st->nnodes; i++) {
		n = &st->nodes[i];
		if ((state = report_node_state(st, n)) != NULL)
			buf_printf(b, "    * Node %s: %s\n", n->name, state);
	}
	for (any = 0, i = 0; i < st->nnodes; i++) {
		n = &st->nodes[i];
		if (!n->online || report_node_state(st, n) != NULL)
			continue;
		buf_puts(b, any++ ? " " : "    * Online: [ ");
		buf_puts(b, n->name);
	}
	if (any)
		buf_puts(b, " ]\n");
	for (any = 0, i = 0; i < st->nnodes; i++) {
		n = &st->nodes[i];
		if (n->online || report_node_state(st, n) != NULL)
			continue;
		buf_puts(b, any++ ? " " : "    * OFFLINE: [ ");
		buf_puts(b, n->name);
	}
	if (any)
		buf_puts(b, " ]\n");
}

/* Whether the node named name is offline and unclean. */
static int
report_unclean(const struct status *st, const char *name)
{
	size_t	i;

	for (i = 0; i < st->nnodes; i++) {
		if (strcmp(st->nodes[i].name, name) == 0)
			return st->nodes[i].unclean && !st->nodes[i].online;
	}
	return 0;
}

static void
report_rsc(const struct status *st, const struct placement *p, int indent,
    struct buf *b)
{
	const struct resource	*r = p->model;
	const char		*flags[5];
	size_t			 nflags = 0, i;

	buf_repeat(b, ' ', (size_t)indent);
	buf_printf(b, "* %s\t(%s%s%s:%s):\t ", p->rsc, report_class(r),
	    r->provider != NULL ? ":" : "", r->provider != NULL ?
	    r->provider : "", r->type != NULL ? r->type : "");
	if (p->orphan)
		buf_puts(b, "ORPHANED ");
	if (p->nnodes == 0 && p->probe_failed != NULL)
		buf_printf(b, "Stopped (%s) ", p->probe_failed);
	else if (p->failed)	/* even where it no longer runs */
		buf_printf(b, "FAILED%s", p->role == ROLE_PROMOTED ?
		    " Promoted" : "");
	else if (p->nnodes == 0)
		buf_puts(b, "Stopped");
	else
		buf_puts(b, value_role_name(p->role));
	if (p->nnodes == 1)
		buf_printf(b, " %s", p->nodes[0]);
	if (p->nnodes == 1 && report_unclean(st, p->nodes[0]))
		flags[nflags++] = "UNCLEAN";
	if (r->meta.target_role == ROLE_STOPPED)
		flags[nflags++] = "disabled";
	if (p->blocked)
		flags[nflags++] = "blocked";
	else if (!p->managed)
		flags[nflags++] = "unmanaged";
	if (p->failure_ignored)
		flags[nflags++] = "failure ignored";
	for (i = 0; i < nflags; i++)
		buf_printf(b, "%s%s", i == 0 ? " (" : ", ", flags[i]);
	if (nflags > 0)
		buf_putc(b, ')');
	if (p->nnodes > 1) {
		buf_puts(b, " [");
		for (i = 0; i < p->nnodes; i++)
			buf_printf(b, " %s", p->nodes[i]);
		buf_puts(b, " ]");
	}
	buf_putc(b, '\n');
}

/*
 * What crm_simulate prints before the first status: the maintenance-mode
 * banner, and how many primitives are disabled (target-role Stopped, or
 * Unpromoted in a promotable clone) or blocked (pcmk__simulate,
 * pe__count_common); then a blank line if anything was printed.
 */
void
report_banner(const struct status *st, struct buf *b)
{
	const struct resource	*r, *top;
	size_t			 i, disabled = 0, blocked = 0;

	if (st->maintenance_mode)
		buf_puts(b, "\n              *** Resource management is "
		    "DISABLED ***\n  The cluster will not attempt to start, "
		    "stop or recover services\n");
	for (i = 0; i < st->nrscs; i++) {
		r = st->rscs[i].model;
		for (top = r; top->parent != NULL; top = top->parent)
			;
		if (r->meta.target_role == ROLE_STOPPED ||
		    (r->meta.target_role == ROLE_UNPROMOTED &&
		    top->promotable))
			disabled++;
		if (st->rscs[i].blocked)
			blocked++;
	}
	if (disabled > 0 || blocked > 0) {
		if (st->maintenance_mode)
			buf_putc(b, '\n');
		buf_printf(b, "%zu of %zu resource instances DISABLED and %zu "
		    "BLOCKED from further action due to failure\n", disabled,
		    st->nrscs, blocked);
	}
	if (st->maintenance_mode || disabled > 0 || blocked > 0)
		buf_putc(b, '\n');
}

/* Nodes and resources, groups with their members indented. */
void
report_status(const struct status *st, struct buf *b)
{
	const struct resource	*group = NULL, *parent;
	const struct placement	*p;
	size_t			 i;

	report_nodes(st, b);
	buf_puts(b, "\n  * Full List of Resources:\n");
	if (st->nrscs == 0)
		buf_puts(b, "    * No resources\n");
	for (i = 0; i < st->nrscs; i++) {
		p = &st->rscs[i];
		parent = p->model->parent;
		if (parent != NULL && parent->kind == RSC_GROUP) {
			if (parent != group) {
				group = parent;
				buf_printf(b, "    * Resource Group: %s", parent->name);
				if (!parent->meta.is_managed ||
				    parent->meta.target_role == ROLE_STOPPED) {
					buf_puts(b, " (");
					if (!parent->meta.is_managed)
						buf_puts(b, "unmanaged");
					if (parent->meta.target_role ==
					    ROLE_STOPPED)
						buf_printf(b, "%sdisabled",
						    parent->meta.is_managed ?
						    "" : ", ");
					buf_putc(b, ')');
				}
				buf_puts(b, ":\n");
			}
			report_rsc(st, p, 6, b);
			continue;
		}
		group = NULL;
		report_rsc(st, p, 4, b);
	}
}

static const char *
report_change_name(enum change c)
{
	static const char *const names[] = { "Start", "Stop", "Move",
	    "Recover", "Restart", "Promote", "Demote", "Re-promote",
	    "Migrate", "Reload", "Fence", "Shutdown" };

	return names[c];
}

/*
 * The "( ... )" details of a summary line, as rsc_action_item words them:
 * roles are named when one of them is beyond Started (an instance of a
 * promotable clone).
 */
static char *
report_details(const struct change_line *l)
{
	const char	*from = l->from, *to = l->to;
	const char	*fr = value_role_name(l->from_role);
	const char	*tr = value_role_name(l->to_role);
	char		*s;
	int		 roles = l->from_role > ROLE_STARTED ||
			    l->to_role > ROLE_UNPROMOTED;
	int		 same_host = from != NULL && to != NULL &&
			    strcmp(from, to) == 0;
	int		 same_role = l->from_role == l->to_role;

	if (from == NULL && roles)
		xasprintf(&s, "%s -> %s %s", fr, tr, to != NULL ? to : "");
	else if (from == NULL)
		xasprintf(&s, "%s", to != NULL ? to : "");
	else if (to == NULL && roles)
		xasprintf(&s, "%s %s", fr, from);
	else if (to == NULL)
		xasprintf(&s, "%s", from);
	else if (same_role && same_host && roles)
		xasprintf(&s, "%s %s", fr, from);
	else if (same_role && same_host)
		xasprintf(&s, "%s", from);
	else if (same_role && roles)
		xasprintf(&s, "%s -> %s %s", from, to, fr);
	else if (same_role)
		xasprintf(&s, "%s -> %s", from, to);
	else if (same_host)
		xasprintf(&s, "%s -> %s %s", fr, tr, from);
	else
		xasprintf(&s, "%s %s -> %s %s", fr, from, tr, to);
	return s;
}

/* The transition summary lines. */
void
report_summary(const struct schedule *sc, struct buf *b)
{
	const struct change_line	*l;
	char				*d;
	size_t				 i, len;
	int				 w = 5, dw = 5;

	for (i = 0; i < sc->nchanges; i++) {
		l = &sc->changes[i];
		if (l->rsc == NULL)
			continue;
		len = strlen(l->rsc);
		if ((int)len > w)
			w = (int)len + 2;
		d = report_details(l);
		if ((int)strlen(d) > dw)
			dw = (int)strlen(d);
		free(d);
	}
	for (i = 0; i < sc->nchanges; i++) {
		l = &sc->changes[i];
		/* Node actions are listed with their reason only, as
		 * crm_simulate does (the actions below list them all). */
		if (l->change == CHANGE_FENCE) {
			if (l->reason != NULL)
				buf_printf(b, "  * Fence (%s) %s '%s'\n",
				    l->fence_action, l->from, l->reason);
			continue;
		}
		if (l->change == CHANGE_SHUTDOWN) {
			if (l->reason != NULL)
				buf_printf(b, "  * Shutdown %s '%s'\n", l->from,
				    l->reason);
			continue;
		}
		d = report_details(l);
		buf_printf(b, "  * %-8s   %-*s   ( %*s )",
		    report_change_name(l->change), w, l->rsc, dw, d);
		free(d);
		if (l->reason != NULL)
			buf_printf(b, "  due to %s%s", l->reason,
			    l->blocked ? " (blocked)" : "");
		else if (l->blocked)
			buf_puts(b, "  blocked");
		buf_putc(b, '\n');
	}
}

/*
 * The actions of the graph in the order they would run; with ran (from
 * simulate_apply), only those that did.
 */
void
report_actions(const struct graph *g, const unsigned char *ran,
    struct buf *b)
{
	const struct gaction	*a;
	size_t			 i;

	for (i = 0; i < g->nrunnable; i++) {
		if (ran != NULL && !ran[i])
			continue;
		a = &g->actions[i];
		switch (a->kind) {
		case GA_PSEUDO:
			buf_printf(b, "  * Pseudo action:   %s\n", a->key);
			break;
		case GA_FENCE:
			buf_printf(b, "  * Fencing %s (%s)\n", a->node,
			    a->fence_action);
			break;
		case GA_CLUSTER:
			if (a->rsc != NULL)
				buf_printf(b, "  * Cluster action:  %s for %s "
				    "on %s\n", a->task, a->rsc, a->node);
			else
				buf_printf(b, "  * Cluster action:  %s on %s\n",
				    a->task, a->node);
			break;
		case GA_RSC_OP:
			if (strcmp(a->task, "monitor") == 0 &&
			    a->interval_ms > 0)
				buf_printf(b, "  * Resource action: %-15s "
				    "monitor=%llu on %s\n", a->rsc,
				    (unsigned long long)a->interval_ms, a->node);
			else if (strcmp(a->task, "cancel") == 0)
				buf_printf(b, "  * Resource action: %-15s "
				    "cancel=%llu on %s\n", a->rsc,
				    (unsigned long long)a->interval_ms, a->node);
			else
				buf_printf(b, "  * Resource action: %-15s %s on "
				    "%s\n", a->rsc, a->task, a->node);
			break;
		}
	}
}
