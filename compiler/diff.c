/*
 * diff.c: what changed between two models, for `hacc diff`: cluster
 * properties, quorum and ring options, resource and operation defaults,
 * nodes, resources (agent, parameters, meta attributes as written,
 * operations, utilization, group and clone membership), constraints and
 * fencing levels. Each change is one line of text; the scheduler's side
 * of `hacc diff` (what the cluster would do) is hacc.c's.
 *
 * Constraints are compared by what they say, not by their ids (an id made
 * up from the resource names shifts when another constraint comes or
 * goes): a changed constraint shows as one removed and one added. Values
 * are compared as the models hold them, so "30s" and "PT30S" are equal.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "compiler.h"

struct diff {
	struct ctx	*ctx;		/* for its arena */
	struct buf	*out;
	size_t		 n;		/* changes found */
};

/* One change: "  * WHAT\n". */
static void printflike(2, 3)
diff_line(struct diff *d, const char *fmt, ...)
{
	va_list	ap;

	buf_puts(d->out, "  * ");
	va_start(ap, fmt);
	buf_vprintf(d->out, fmt, ap);
	va_end(ap);
	buf_putc(d->out, '\n');
	d->n++;
}

/* A value as the language writes it; "(unset)" for NULL. */
static const char *
diff_value(struct diff *d, const char *s)
{
	struct buf	 b;
	const char	*r;

	if (s == NULL)
		return "(unset)";
	if (model_plain(s))
		return s;
	buf_init(&b);
	print_string(&b, s, 1);
	r = arena_strndup(d->ctx->arena, b.data, b.len);
	buf_clear(&b);
	return r;
}

static const char *
diff_score(struct diff *d, int v)
{
	if (v >= SCORE_INFINITY)
		return "INFINITY";
	if (v <= -SCORE_INFINITY)
		return "-INFINITY";
	return arena_printf(d->ctx->arena, "%d", v);
}

static const char *
diff_bool(int v)
{
	return v ? "true" : "false";
}

/* "what: old -> new" when the two texts (shown as they are) differ. */
static void
diff_text(struct diff *d, const char *what, const char *a, const char *b)
{
	if (a == b || (a != NULL && b != NULL && strcmp(a, b) == 0))
		return;
	diff_line(d, "%s: %s -> %s", what, a != NULL ? a : "(unset)",
	    b != NULL ? b : "(unset)");
}

/* The same for two values, quoted as the language would write them. */
static void
diff_field(struct diff *d, const char *what, const char *a, const char *b)
{
	if (a == b || (a != NULL && b != NULL && strcmp(a, b) == 0))
		return;
	diff_line(d, "%s: %s -> %s", what, diff_value(d, a),
	    diff_value(d, b));
}

static const char *
diff_nv_name(const struct nvpair *p)
{
	return p->canon != NULL ? p->canon : p->name;
}

/* The value of name (canonical) in set, or NULL. */
static const char *
diff_nv_get(const struct nvset *set, const char *name)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (strcmp(diff_nv_name(&set->v[i]), name) == 0)
			return set->v[i].value;
	}
	return NULL;
}

/* Every name of a or b whose value differs: "WHAT NAME: old -> new". */
static void
diff_nvset(struct diff *d, const char *what, const struct nvset *a,
    const struct nvset *b)
{
	const char	*name;
	size_t		 i;

	for (i = 0; i < a->n; i++) {
		name = diff_nv_name(&a->v[i]);
		diff_field(d, arena_printf(d->ctx->arena, "%s %s", what, name),
		    a->v[i].value, diff_nv_get(b, name));
	}
	for (i = 0; i < b->n; i++) {
		name = diff_nv_name(&b->v[i]);
		if (diff_nv_get(a, name) == NULL)
			diff_field(d, arena_printf(d->ctx->arena, "%s %s",
			    what, name), NULL, b->v[i].value);
	}
}

/* The default rules, by agent (the first of a kind, if several). */
static void
diff_default_rules(struct diff *d, const struct model *a,
    const struct model *b)
{
	static const struct nvset	 none;
	const struct default_rule	*x, *y;
	size_t				 i, j;

	for (i = 0; i < a->ndefault_rules; i++) {
		x = a->default_rules[i];
		for (j = 0, y = NULL; j < b->ndefault_rules && y == NULL; j++)
			if (strcmp(b->default_rules[j]->agent, x->agent) == 0)
				y = b->default_rules[j];
		diff_nvset(d, arena_printf(d->ctx->arena, "defaults rule "
		    "resource %s", x->agent), &x->meta, y != NULL ? &y->meta :
		    &none);
	}
	for (j = 0; j < b->ndefault_rules; j++) {
		y = b->default_rules[j];
		for (i = 0, x = NULL; i < a->ndefault_rules && x == NULL; i++)
			if (strcmp(a->default_rules[i]->agent, y->agent) == 0)
				x = a->default_rules[i];
		if (x == NULL)
			diff_nvset(d, arena_printf(d->ctx->arena, "defaults "
			    "rule resource %s", y->agent), &none, &y->meta);
	}
}

/* --- the cluster -------------------------------------------------------- */

static void
diff_cluster(struct diff *d, const struct model *a, const struct model *b)
{
	const struct quorum	*qa = &a->quorum, *qb = &b->quorum;
	const struct ring	*ra = &a->ring, *rb = &b->ring;
	struct arena		*ar = d->ctx->arena;

	diff_field(d, "cluster name", a->cluster_name, b->cluster_name);
	diff_nvset(d, "property", &a->props.set, &b->props.set);
	diff_field(d, "quorum expected_votes", arena_printf(ar, "%d",
	    qa->expected_votes), arena_printf(ar, "%d", qb->expected_votes));
	diff_field(d, "quorum two_node", diff_bool(qa->two_node),
	    diff_bool(qb->two_node));
	diff_field(d, "quorum wait_for_all", diff_bool(qa->wait_for_all),
	    diff_bool(qb->wait_for_all));
	diff_field(d, "quorum last_man_standing",
	    diff_bool(qa->last_man_standing), diff_bool(qb->last_man_standing));
	diff_field(d, "quorum last_man_standing_window",
	    value_ms_text(d->ctx, qa->last_man_standing_window_ms),
	    value_ms_text(d->ctx, qb->last_man_standing_window_ms));
	diff_field(d, "quorum auto_tie_breaker",
	    diff_bool(qa->auto_tie_breaker), diff_bool(qb->auto_tie_breaker));
	diff_field(d, "quorum auto_tie_breaker_node",
	    qa->auto_tie_breaker_node, qb->auto_tie_breaker_node);
	diff_field(d, "ring transport", ra->transport, rb->transport);
	diff_field(d, "ring port", arena_printf(ar, "%d", ra->port),
	    arena_printf(ar, "%d", rb->port));
	diff_field(d, "ring token", value_ms_text(d->ctx, ra->token_ms),
	    value_ms_text(d->ctx, rb->token_ms));
	diff_field(d, "ring consensus", value_ms_text(d->ctx, ra->consensus_ms),
	    value_ms_text(d->ctx, rb->consensus_ms));
	diff_field(d, "ring join", value_ms_text(d->ctx, ra->join_ms),
	    value_ms_text(d->ctx, rb->join_ms));
	diff_field(d, "ring mtu", arena_printf(ar, "%d", ra->mtu),
	    arena_printf(ar, "%d", rb->mtu));
	diff_field(d, "ring window_size", arena_printf(ar, "%d",
	    ra->window_size), arena_printf(ar, "%d", rb->window_size));
	diff_field(d, "ring max_messages", arena_printf(ar, "%d",
	    ra->max_messages), arena_printf(ar, "%d", rb->max_messages));
	diff_field(d, "ring key_file", ra->key_file, rb->key_file);
	diff_nvset(d, "defaults", &a->rsc_defaults, &b->rsc_defaults);
	diff_default_rules(d, a, b);
	diff_nvset(d, "op-defaults", &a->op_defaults, &b->op_defaults);
}

/* --- nodes -------------------------------------------------------------- */

static const char *
diff_addrs(struct diff *d, const struct node *n)
{
	struct buf	 b;
	const char	*r;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < n->naddrs; i++)
		buf_printf(&b, "%s%s", i > 0 ? "," : "", n->addrs[i]);
	r = arena_strndup(d->ctx->arena, b.data == NULL ? "" : b.data, b.len);
	buf_clear(&b);
	return r[0] == '\0' ? NULL : r;
}

static void
diff_node(struct diff *d, const struct node *a, const struct node *b)
{
	struct arena	*ar = d->ctx->arena;
	const char	*w = arena_printf(ar, "node %s", a->name);

	diff_field(d, arena_printf(ar, "%s: id", w), a->id == 0 ? NULL :
	    arena_printf(ar, "%" PRIu32, a->id), b->id == 0 ? NULL :
	    arena_printf(ar, "%" PRIu32, b->id));
	diff_text(d, arena_printf(ar, "%s: addr", w), diff_addrs(d, a),
	    diff_addrs(d, b));
	diff_field(d, arena_printf(ar, "%s: votes", w), arena_printf(ar,
	    "%d", a->votes), arena_printf(ar, "%d", b->votes));
	diff_field(d, arena_printf(ar, "%s: standby", w),
	    diff_bool(a->standby), diff_bool(b->standby));
	diff_field(d, arena_printf(ar, "%s: maintenance", w),
	    diff_bool(a->maintenance), diff_bool(b->maintenance));
	diff_nvset(d, arena_printf(ar, "%s: attr", w), &a->attrs, &b->attrs);
	diff_nvset(d, arena_printf(ar, "%s: utilization", w),
	    &a->utilization, &b->utilization);
}

static void
diff_nodes(struct diff *d, const struct model *a, const struct model *b)
{
	const struct node	*n;
	size_t			 i;

	for (i = 0; i < a->nnodes; i++) {
		if ((n = model_node(b, a->nodes[i]->name)) == NULL)
			diff_line(d, "node %s: removed", a->nodes[i]->name);
		else
			diff_node(d, a->nodes[i], n);
	}
	for (i = 0; i < b->nnodes; i++) {
		if (model_node(a, b->nodes[i]->name) == NULL)
			diff_line(d, "node %s: added", b->nodes[i]->name);
	}
}

/* --- resources ---------------------------------------------------------- */

/* "resource", "fence", "group", "clone" or "promotable". */
static const char *
diff_kind(const struct resource *r)
{
	switch (r->kind) {
	case RSC_PRIMITIVE:
		return r->is_fence ? "fence" : "resource";
	case RSC_GROUP:
		return "group";
	case RSC_CLONE:
		return r->promotable ? "promotable" : "clone";
	}
	return "resource";
}

/* A group's members or a clone's child: "fs db ip". */
static const char *
diff_children(struct diff *d, const struct resource *r)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < r->nchildren; i++)
		buf_printf(&b, "%s%s", i > 0 ? " " : "", r->children[i]->name);
	s = arena_strndup(d->ctx->arena, b.data == NULL ? "" : b.data, b.len);
	buf_clear(&b);
	return s;
}

/* What a resource is, for "added" and "removed" lines. */
static const char *
diff_what(struct diff *d, const struct resource *r)
{
	if (r->kind == RSC_PRIMITIVE)
		return r->agent;
	if (r->kind == RSC_GROUP)
		return diff_children(d, r);
	return arena_printf(d->ctx->arena, "of %s", diff_children(d, r));
}

/* The op of r with name and interval, or NULL. */
static const struct op *
diff_op(const struct resource *r, const char *name, uint64_t interval)
{
	size_t	i;

	for (i = 0; i < r->nops; i++) {
		if (r->ops[i].interval_ms == interval &&
		    strcmp(r->ops[i].name, name) == 0)
			return &r->ops[i];
	}
	return NULL;
}

static const char *
diff_on_fail(enum on_fail f)
{
	static const char *const names[] = { "(default)", "ignore", "block",
	    "stop", "restart", "standby", "fence", "demote",
	    "restart-container" };

	return (size_t)f < nitems(names) ? names[f] : "(default)";
}

static const char *
diff_role(enum role r)
{
	return r == ROLE_UNKNOWN ? NULL : value_role_name(r);
}

/* "timeout 20s -> 30s, on-fail restart -> block": what differs. */
static void
diff_op_fields(struct diff *d, const char *w, const struct op *a,
    const struct op *b)
{
	struct arena	*ar = d->ctx->arena;

	diff_field(d, arena_printf(ar, "%s timeout", w),
	    value_ms_text(d->ctx, a->timeout_ms),
	    value_ms_text(d->ctx, b->timeout_ms));
	diff_field(d, arena_printf(ar, "%s start-delay", w),
	    value_ms_text(d->ctx, a->start_delay_ms),
	    value_ms_text(d->ctx, b->start_delay_ms));
	diff_text(d, arena_printf(ar, "%s on-fail", w),
	    diff_on_fail(a->on_fail), diff_on_fail(b->on_fail));
	diff_field(d, arena_printf(ar, "%s role", w), diff_role(a->role),
	    diff_role(b->role));
	diff_field(d, arena_printf(ar, "%s enabled", w), diff_bool(a->enabled),
	    diff_bool(b->enabled));
	diff_field(d, arena_printf(ar, "%s OCF_CHECK_LEVEL", w),
	    a->check_level < 0 ? NULL : arena_printf(ar, "%d",
	    a->check_level), b->check_level < 0 ? NULL : arena_printf(ar,
	    "%d", b->check_level));
	diff_field(d, arena_printf(ar, "%s record-pending", w),
	    diff_bool(a->record_pending), diff_bool(b->record_pending));
	diff_nvset(d, w, &a->extra, &b->extra);
}

static void
diff_ops(struct diff *d, const char *w, const struct resource *a,
    const struct resource *b)
{
	const struct op	*o;
	const char	*ow;
	size_t		 i;

	for (i = 0; i < a->nops; i++) {
		o = &a->ops[i];
		ow = arena_printf(d->ctx->arena, "%s: op %s interval=%s", w,
		    o->name, value_ms_text(d->ctx, o->interval_ms));
		if (diff_op(b, o->name, o->interval_ms) == NULL)
			diff_line(d, "%s: removed", ow);
		else
			diff_op_fields(d, ow, o, diff_op(b, o->name,
			    o->interval_ms));
	}
	for (i = 0; i < b->nops; i++) {
		o = &b->ops[i];
		if (diff_op(a, o->name, o->interval_ms) == NULL)
			diff_line(d, "%s: op %s interval=%s: added", w,
			    o->name, value_ms_text(d->ctx, o->interval_ms));
	}
}

static void
diff_resource(struct diff *d, const struct resource *a,
    const struct resource *b)
{
	struct arena	*ar = d->ctx->arena;
	const char	*w = arena_printf(ar, "%s %s", diff_kind(b), b->name);

	if (a->kind != b->kind || a->promotable != b->promotable ||
	    a->is_fence != b->is_fence) {
		diff_line(d, "%s: was a %s", w, diff_kind(a));
		return;
	}
	diff_field(d, arena_printf(ar, "%s: in", w), a->parent != NULL ?
	    a->parent->name : NULL, b->parent != NULL ? b->parent->name : NULL);
	if (a->kind == RSC_PRIMITIVE)
		diff_field(d, arena_printf(ar, "%s: agent", w), a->agent,
		    b->agent);
	else
		diff_text(d, arena_printf(ar, "%s: %s", w, a->kind ==
		    RSC_GROUP ? "members" : "of"), diff_children(d, a),
		    diff_children(d, b));
	diff_nvset(d, arena_printf(ar, "%s: param", w), &a->params,
	    &b->params);
	diff_nvset(d, arena_printf(ar, "%s: meta", w), &a->meta_set,
	    &b->meta_set);
	diff_nvset(d, arena_printf(ar, "%s: utilization", w),
	    &a->utilization, &b->utilization);
	diff_ops(d, w, a, b);
}

/* The resource of m named like r and of the same kind, else by name. */
static const struct resource *
diff_find(const struct model *m, const struct resource *r)
{
	const struct resource	*c = model_resource(m, r->name);
	size_t			 i;

	/* an inline clone and its primitive share a name */
	if (c != NULL && c->kind != r->kind) {
		for (i = 0; i < c->nchildren; i++)
			if (c->children[i]->kind == r->kind &&
			    strcmp(c->children[i]->name, r->name) == 0)
				return c->children[i];
	}
	return c;
}

static void
diff_resources(struct diff *d, const struct model *a, const struct model *b)
{
	const struct resource	*r, *o;
	size_t			 i;

	for (i = 0; i < a->nresources; i++) {
		r = a->resources[i];
		if ((o = diff_find(b, r)) == NULL)
			diff_line(d, "%s %s: removed (%s)", diff_kind(r),
			    r->name, diff_what(d, r));
		else
			diff_resource(d, r, o);
	}
	for (i = 0; i < b->nresources; i++) {
		r = b->resources[i];
		if (diff_find(a, r) == NULL)
			diff_line(d, "%s %s: added (%s)", diff_kind(r),
			    r->name, diff_what(d, r));
	}
}

/* --- constraints -------------------------------------------------------- */

/* A rule's expression in the language's infix form. */
static void
diff_rule(struct buf *b, const struct mrule *mr)
{
	static const char *const ops[] = { "eq", "ne", "lt", "gt", "lte",
	    "gte", "defined", "not_defined" };
	static const char *const types[] = { "string", "integer", "number",
	    "version" };
	const struct cond	*c;
	size_t			 i;

	for (i = 0; i < mr->nconds; i++) {
		c = &mr->conds[i];
		if (i > 0)
			buf_puts(b, mr->bool_or ? " or " : " and ");
		if (c->is_rule) {
			buf_putc(b, '(');
			diff_rule(b, c->rule);
			buf_putc(b, ')');
		} else if (c->op == OP_DEFINED || c->op == OP_NOT_DEFINED)
			buf_printf(b, "%s %s", ops[c->op], c->attr);
		else {
			buf_printf(b, "%s %s ", c->attr, ops[c->op]);
			if (c->typed)
				buf_printf(b, "%s:", types[c->type]);
			if (model_plain(c->value))
				buf_puts(b, c->value);
			else
				print_string(b, c->value, 1);
		}
	}
}

static const char *
diff_location(struct diff *d, const struct location *l)
{
	struct buf	 b;
	const char	*s;

	buf_init(&b);
	buf_printf(&b, "location %s", l->rsc != NULL ? l->rsc->name : "-");
	if (l->node != NULL) {
		if (l->score < 0)
			buf_printf(&b, " avoids %s = %s", l->node->name,
			    diff_score(d, -l->score));
		else
			buf_printf(&b, " prefers %s = %s", l->node->name,
			    diff_score(d, l->score));
	} else if (l->rule != NULL) {
		buf_printf(&b, " rule %s: ", l->rule->score_attr != NULL ?
		    l->rule->score_attr : diff_score(d, l->rule->score));
		diff_rule(&b, l->rule);
	}
	if (l->role != ROLE_UNKNOWN)
		buf_printf(&b, " role=%s", value_role_name(l->role));
	if (l->discovery != DISCOVERY_ALWAYS)
		buf_printf(&b, " resource-discovery=%s", l->discovery ==
		    DISCOVERY_NEVER ? "never" : "exclusive");
	s = arena_strndup(d->ctx->arena, b.data, b.len);
	buf_clear(&b);
	return s;
}

/*
 * One set of a colocation or an order as the language writes it: "a",
 * "(a b)", "(a b sequential=true)" in a chain (where sets default to
 * sequential=false), "(a b c)" alone (where they default to true).
 */
static void
diff_set(struct buf *b, const struct rsc_set *s, int coloc, int chained)
{
	size_t	i;
	int	paren = !chained || s->nrscs != 1 || !s->require_all;

	if (paren)
		buf_putc(b, '(');
	for (i = 0; i < s->nrscs; i++)
		buf_printf(b, "%s%s", i > 0 ? " " : "", s->rscs[i]->name);
	if (s->nrscs > 1 && !!s->sequential != !chained)
		buf_printf(b, " sequential=%s", diff_bool(s->sequential));
	if (!s->require_all)
		buf_puts(b, " require-all=false");
	if (paren)
		buf_putc(b, ')');
	if (coloc && s->role != ROLE_UNKNOWN)
		buf_printf(b, " %s", value_role_name(s->role));
	if (!coloc && s->action != NULL && strcmp(s->action, "start") != 0)
		buf_printf(b, " %s", s->action);
}

static const char *
diff_colocation(struct diff *d, const struct colocation *c)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	buf_init(&b);
	buf_puts(&b, "colocate ");
	for (i = 0; i < c->nsets; i++) {
		if (i > 0)
			buf_puts(&b, " with ");
		diff_set(&b, &c->sets[i], 1, c->nsets > 1);
	}
	if (c->score < SCORE_INFINITY)
		buf_printf(&b, " %s", diff_score(d, c->score));
	if (!c->influence)
		buf_puts(&b, " influence=false");
	if (c->node_attr != NULL)
		buf_printf(&b, " node-attribute=%s", c->node_attr);
	s = arena_strndup(d->ctx->arena, b.data, b.len);
	buf_clear(&b);
	return s;
}

static const char *
diff_order(struct diff *d, const struct order *o)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	buf_init(&b);
	buf_puts(&b, "order ");
	for (i = 0; i < o->nsets; i++) {
		if (i > 0)
			buf_puts(&b, " then ");
		diff_set(&b, &o->sets[i], 0, o->nsets > 1);
	}
	if (o->kind != ORDER_MANDATORY)
		buf_printf(&b, " kind=%s", o->kind == ORDER_OPTIONAL ?
		    "Optional" : "Serialize");
	if (!o->symmetrical && o->kind != ORDER_SERIALIZE)
		buf_puts(&b, " symmetrical=false");
	if (!o->require_all)
		buf_puts(&b, " require-all=false");
	s = arena_strndup(d->ctx->arena, b.data, b.len);
	buf_clear(&b);
	return s;
}

static const char *
diff_ticket(struct diff *d, const struct ticket_dep *t)
{
	struct buf	 b;
	const char	*s;

	buf_init(&b);
	buf_printf(&b, "ticket %s ", t->ticket);
	diff_set(&b, &t->set, 1, 1);
	if (t->loss_given)
		buf_printf(&b, " loss-policy=%s",
		    value_loss_policy_name(t->loss));
	s = arena_strndup(d->ctx->arena, b.data, b.len);
	buf_clear(&b);
	return s;
}

static const char *
diff_level(struct diff *d, const struct fencing_level *fl)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	buf_init(&b);
	if (fl->target_attr != NULL)
		buf_printf(&b, "fencing-level %s=%s", fl->target_attr,
		    fl->target_value);
	else
		buf_printf(&b, "fencing-level %s", fl->target);
	buf_printf(&b, " %d:", fl->index);
	for (i = 0; i < fl->ndevices; i++)
		buf_printf(&b, "%s %s", i > 0 ? "," : "",
		    fl->devices[i]->name);
	s = arena_strndup(d->ctx->arena, b.data, b.len);
	buf_clear(&b);
	return s;
}

/* Every constraint of m as text, in model order. */
static const char **
diff_constraints(struct diff *d, const struct model *m, size_t *np)
{
	const char	**v;
	size_t		  i, n = 0;

	v = arena_alloc(d->ctx->arena, (m->nlocations + m->ncolocations +
	    m->norders + m->ntickets + m->nlevels + 1) * sizeof *v);
	for (i = 0; i < m->nlocations; i++)
		v[n++] = diff_location(d, m->locations[i]);
	for (i = 0; i < m->ncolocations; i++)
		v[n++] = diff_colocation(d, m->colocations[i]);
	for (i = 0; i < m->norders; i++)
		v[n++] = diff_order(d, m->orders[i]);
	for (i = 0; i < m->ntickets; i++)
		v[n++] = diff_ticket(d, m->tickets[i]);
	for (i = 0; i < m->nlevels; i++)
		v[n++] = diff_level(d, m->levels[i]);
	*np = n;
	return v;
}

/* The lines of a that b lacks (as multisets), each with what. */
static void
diff_missing(struct diff *d, const char **a, size_t na, const char **b,
    size_t nb, const char *what)
{
	struct map	 counts;
	size_t		*c, i;

	map_init(&counts);
	for (i = 0; i < nb; i++) {
		if ((c = map_get(&counts, b[i])) == NULL) {
			c = arena_zalloc(d->ctx->arena, sizeof *c);
			map_put(&counts, b[i], c);
		}
		(*c)++;
	}
	for (i = 0; i < na; i++) {
		if ((c = map_get(&counts, a[i])) != NULL && *c > 0)
			(*c)--;
		else
			diff_line(d, "%s: %s", a[i], what);
	}
	map_clear(&counts);
}

/*
 * Append to out one line ("  * ...\n") per difference between the models
 * old and new, and return how many there are. Strings live in ctx's arena.
 */
size_t
diff_models(struct ctx *ctx, const struct model *old,
    const struct model *new, struct buf *out)
{
	struct diff	  d;
	const char	**ca, **cb;
	size_t		  na, nb;

	d.ctx = ctx;
	d.out = out;
	d.n = 0;
	diff_cluster(&d, old, new);
	diff_nodes(&d, old, new);
	diff_resources(&d, old, new);
	ca = diff_constraints(&d, old, &na);
	cb = diff_constraints(&d, new, &nb);
	diff_missing(&d, ca, na, cb, nb, "removed");
	diff_missing(&d, cb, nb, ca, na, "added");
	return d.n;
}
