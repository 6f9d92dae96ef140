/*
 * model.c: the model as text, and lookups in it. model_print() writes
 * every field of a model, line by line, in a stable order and without
 * pointers or source positions: `hacc check --print-model` shows it for
 * review, golden tests compare it, and a policy reformatted by `hacc fmt`
 * must print the same model as the original.
 *
 * The format: a section line ("node n1", "resource web", "location
 * loc-web-n1") and its fields indented by two spaces, one "name value" or
 * "name k=v k=v" per line. Durations print as 500ms, 30s, 2min or 1h;
 * scores as integers or [-]INFINITY; values that are not plain words in
 * double quotes with C escapes; "-" stands for nothing.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "compiler.h"

/* Whether s is one word of the language: it prints without quotes. */
int
model_plain(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("_.:/@+%#,-", *p) !=
		    NULL))
			return 0;
	}
	return 1;
}

/* A string value: bare, quoted, or "-" for NULL. */
static void
model_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_putc(b, '-');
	else if (model_plain(s))
		buf_puts(b, s);
	else
		print_string(b, s, 1);
}

/* A boolean as true or false. */
static const char *
model_bool(int v)
{
	return v ? "true" : "false";
}

/* A score: an integer, INFINITY or -INFINITY. */
static void
model_score(struct buf *b, int v)
{
	if (v >= SCORE_INFINITY)
		buf_puts(b, "INFINITY");
	else if (v <= -SCORE_INFINITY)
		buf_puts(b, "-INFINITY");
	else
		buf_printf(b, "%d", v);
}

/* A duration in the largest unit that divides it. */
static void
model_ms(struct buf *b, uint64_t ms)
{
	if (ms == 0)
		buf_putc(b, '0');
	else if (ms % 3600000 == 0)
		buf_printf(b, "%" PRIu64 "h", ms / 3600000);
	else if (ms % 60000 == 0)
		buf_printf(b, "%" PRIu64 "min", ms / 60000);
	else if (ms % 1000 == 0)
		buf_printf(b, "%" PRIu64 "s", ms / 1000);
	else
		buf_printf(b, "%" PRIu64 "ms", ms);
}

/* A role; ROLE_UNKNOWN (not set, any role) as "-". */
static const char *
model_role(enum role r)
{
	return r == ROLE_UNKNOWN ? "-" : value_role_name(r);
}

/* The name of a "requires" value. */
static const char *
model_requires(enum requires r)
{
	switch (r) {
	case REQUIRES_DEFAULT:
		return "default";
	case REQUIRES_NOTHING:
		return "nothing";
	case REQUIRES_QUORUM:
		return "quorum";
	case REQUIRES_FENCING:
		return "fencing";
	case REQUIRES_UNFENCING:
		return "unfencing";
	}
	return "default";
}

/* The name of an on-fail value. */
static const char *
model_on_fail(enum on_fail f)
{
	static const char *const names[] = { "default", "ignore", "block",
	    "stop", "restart", "standby", "fence", "demote",
	    "restart-container" };

	return (size_t)f < nitems(names) ? names[f] : "default";
}

/* The name of a multiple-active value. */
static const char *
model_multiple(enum multiple_active m)
{
	static const char *const names[] = { "stop_start", "stop_only",
	    "block", "stop_unexpected" };

	return (size_t)m < nitems(names) ? names[m] : "stop_start";
}

/* The name of a no-quorum-policy value. */
static const char *
model_no_quorum(enum no_quorum_policy p)
{
	static const char *const names[] = { "stop", "freeze", "ignore",
	    "demote", "suicide" };

	return (size_t)p < nitems(names) ? names[p] : "stop";
}

/* The name of an order kind, as Pacemaker spells it. */
static const char *
model_order_kind(enum order_kind k)
{
	static const char *const names[] = { "Mandatory", "Optional",
	    "Serialize" };

	return (size_t)k < nitems(names) ? names[k] : "Mandatory";
}

/* The name of a resource-discovery value. */
static const char *
model_discovery(enum discovery d)
{
	static const char *const names[] = { "always", "never", "exclusive" };

	return (size_t)d < nitems(names) ? names[d] : "always";
}

/* "  tag k=v" for each pair of set. */
static void
model_nvset(struct buf *b, const char *indent, const char *tag,
    const struct nvset *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		buf_printf(b, "%s%s %s=", indent, tag, set->v[i].name);
		model_str(b, set->v[i].value);
		buf_putc(b, '\n');
	}
}

/* A node and its settings. */
static void
model_print_node(const struct node *n, struct buf *b)
{
	size_t	i;

	buf_puts(b, "node ");
	model_str(b, n->name);
	buf_printf(b, "\n  index %zu\n  id %" PRIu32 "\n", n->index, n->id);
	for (i = 0; i < n->naddrs; i++) {
		buf_puts(b, "  addr ");
		model_str(b, n->addrs[i]);
		buf_putc(b, '\n');
	}
	buf_printf(b, "  votes %d\n  standby %s\n  maintenance %s\n", n->votes,
	    model_bool(n->standby), model_bool(n->maintenance));
	model_nvset(b, "  ", "attr", &n->attrs);
	model_nvset(b, "  ", "utilization", &n->utilization);
}

/* Cluster name, properties, quorum, ring and defaults. */
static void
model_print_cluster(const struct model *m, struct buf *b)
{
	const struct props	*p = &m->props;
	const struct quorum	*q = &m->quorum;
	const struct ring	*r = &m->ring;
	size_t			 i;

	buf_puts(b, "cluster ");
	model_str(b, m->cluster_name);
	buf_putc(b, '\n');

	buf_printf(b, "properties\n  stonith-enabled %s\n  symmetric-cluster "
	    "%s\n  no-quorum-policy %s\n  start-failure-is-fatal %s\n",
	    model_bool(p->stonith_enabled), model_bool(p->symmetric_cluster),
	    model_no_quorum(p->no_quorum_policy),
	    model_bool(p->start_failure_is_fatal));
	buf_puts(b, "  stonith-action ");
	model_str(b, p->stonith_action);
	buf_puts(b, "\n  stonith-timeout ");
	model_ms(b, p->stonith_timeout_ms);
	buf_puts(b, "\n  placement-strategy ");
	model_str(b, p->placement_strategy);
	buf_printf(b, "\n  maintenance-mode %s\n  stop-all-resources %s\n"
	    "  stop-orphan-resources %s\n  stop-orphan-actions %s\n"
	    "  enable-startup-probes %s\n  concurrent-fencing %s\n",
	    model_bool(p->maintenance_mode), model_bool(p->stop_all_resources),
	    model_bool(p->stop_orphan_resources),
	    model_bool(p->stop_orphan_actions),
	    model_bool(p->enable_startup_probes),
	    model_bool(p->concurrent_fencing));
	buf_puts(b, "  cluster-recheck-interval ");
	model_ms(b, p->cluster_recheck_interval_ms);
	buf_puts(b, "\n  node-health-red ");
	model_score(b, p->node_health_red);
	buf_putc(b, '\n');
	model_nvset(b, "  ", "set", &p->set);

	buf_printf(b, "quorum\n  expected_votes %d\n  two_node %s\n"
	    "  wait_for_all %s\n  last_man_standing %s\n"
	    "  last_man_standing_window ", q->expected_votes,
	    model_bool(q->two_node), model_bool(q->wait_for_all),
	    model_bool(q->last_man_standing));
	model_ms(b, q->last_man_standing_window_ms);
	buf_printf(b, "\n  auto_tie_breaker %s\n  auto_tie_breaker_node ",
	    model_bool(q->auto_tie_breaker));
	model_str(b, q->auto_tie_breaker_node);

	buf_puts(b, "\nring\n  transport ");
	model_str(b, r->transport);
	buf_printf(b, "\n  port %d\n  token ", r->port);
	model_ms(b, r->token_ms);
	buf_puts(b, "\n  consensus ");
	model_ms(b, r->consensus_ms);
	buf_puts(b, "\n  join ");
	model_ms(b, r->join_ms);
	buf_printf(b, "\n  mtu %d\n  window_size %d\n  max_messages %d\n"
	    "  key_file ", r->mtu, r->window_size, r->max_messages);
	model_str(b, r->key_file);
	buf_putc(b, '\n');

	buf_printf(b, "rsc-defaults order=%zu\n", m->rsc_defaults_order);
	model_nvset(b, "  ", "set", &m->rsc_defaults);
	for (i = 0; i < m->ndefault_rules; i++) {
		buf_puts(b, "rsc-defaults rule resource ");
		model_str(b, m->default_rules[i]->agent);
		buf_printf(b, " order=%zu\n", m->default_rules[i]->order);
		model_nvset(b, "  ", "set", &m->default_rules[i]->meta);
	}
	buf_puts(b, "op-defaults\n");
	model_nvset(b, "  ", "set", &m->op_defaults);
}

/* One operation on one line, every field. */
static void
model_print_op(const struct op *op, struct buf *b)
{
	size_t	i;

	buf_printf(b, "  op %s interval=", op->name);
	model_ms(b, op->interval_ms);
	buf_puts(b, " timeout=");
	model_ms(b, op->timeout_ms);
	buf_puts(b, " start-delay=");
	model_ms(b, op->start_delay_ms);
	buf_printf(b, " on-fail=%s role=%s enabled=%s check-level=%d "
	    "record-pending=%s requires=%s", model_on_fail(op->on_fail),
	    model_role(op->role), model_bool(op->enabled), op->check_level,
	    model_bool(op->record_pending), model_requires(op->requires));
	for (i = 0; i < op->extra.n; i++) {
		buf_printf(b, " %s=", op->extra.v[i].name);
		model_str(b, op->extra.v[i].value);
	}
	buf_putc(b, '\n');
}

/* Effective meta attributes, on two lines. */
static void
model_print_meta(const struct meta *mt, struct buf *b)
{
	buf_puts(b, "  meta priority=");
	model_score(b, mt->priority);
	buf_printf(b, " target-role=%s is-managed=%s maintenance=%s "
	    "resource-stickiness=", model_role(mt->target_role),
	    model_bool(mt->is_managed), model_bool(mt->maintenance));
	model_score(b, mt->stickiness);
	buf_puts(b, " migration-threshold=");
	model_score(b, mt->migration_threshold);
	buf_puts(b, " failure-timeout=");
	model_ms(b, mt->failure_timeout_ms);
	buf_printf(b, " multiple-active=%s allow-migrate=%s critical=%s "
	    "requires=%s\n", model_multiple(mt->multiple_active),
	    model_bool(mt->allow_migrate), model_bool(mt->critical),
	    model_requires(mt->requires));
	buf_printf(b, "  meta clone-max=%d clone-node-max=%d clone-min=%d "
	    "promoted-max=%d promoted-node-max=%d notify=%s interleave=%s "
	    "ordered=%s globally-unique=%s\n", mt->clone_max,
	    mt->clone_node_max, mt->clone_min, mt->promoted_max,
	    mt->promoted_node_max, model_bool(mt->notify),
	    model_bool(mt->interleave), model_bool(mt->ordered),
	    model_bool(mt->globally_unique));
}

/* A resource: tree position, agent, params, ops, meta. */
static void
model_print_resource(const struct resource *r, struct buf *b)
{
	static const char *const kinds[] = { "primitive", "group", "clone" };
	size_t	i;

	buf_puts(b, "resource ");
	model_str(b, r->name);
	buf_printf(b, "\n  index %zu\n  kind %s\n  parent ", r->index,
	    kinds[r->kind]);
	model_str(b, r->parent != NULL ? r->parent->name : NULL);
	buf_puts(b, "\n  children");
	if (r->nchildren == 0)
		buf_puts(b, " -");
	for (i = 0; i < r->nchildren; i++) {
		buf_putc(b, ' ');
		model_str(b, r->children[i]->name);
	}
	buf_putc(b, '\n');
	if (r->kind == RSC_CLONE)
		buf_printf(b, "  promotable %s\n", model_bool(r->promotable));
	if (r->kind == RSC_PRIMITIVE) {
		buf_puts(b, "  agent ");
		model_str(b, r->agent);
		buf_printf(b, "\n  class %s\n  provider ", value_class_name(r->cls));
		model_str(b, r->provider);
		buf_puts(b, "\n  type ");
		model_str(b, r->type);
		buf_printf(b, "\n  fence %s\n", model_bool(r->is_fence));
		model_nvset(b, "  ", "param", &r->params);
		model_nvset(b, "  ", "utilization", &r->utilization);
		for (i = 0; i < r->nops; i++)
			model_print_op(&r->ops[i], b);
	}
	model_nvset(b, "  ", "meta-set", &r->meta_set);
	if (r->container != NULL) {
		buf_puts(b, "  container ");
		model_str(b, r->container->name);
		buf_putc(b, '\n');
	}
	model_print_meta(&r->meta, b);
}

/* A rule in infix form: "site eq string:dc1 and (a lt integer:5 or ...)". */
static void
model_print_rule(const struct mrule *mr, struct buf *b)
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
			model_print_rule(c->rule, b);
			buf_putc(b, ')');
			continue;
		}
		if (c->op == OP_DEFINED || c->op == OP_NOT_DEFINED) {
			buf_printf(b, "%s ", ops[c->op]);
			model_str(b, c->attr);
			continue;
		}
		model_str(b, c->attr);
		buf_printf(b, " %s %s:", ops[c->op], types[c->type]);
		model_str(b, c->value);
	}
}

/* A location constraint, its rule in infix form. */
static void
model_print_location(const struct location *lc, struct buf *b)
{
	buf_puts(b, "location ");
	model_str(b, lc->id);
	buf_puts(b, "\n  rsc ");
	model_str(b, lc->rsc != NULL ? lc->rsc->name : NULL);
	buf_puts(b, "\n  node ");
	model_str(b, lc->node != NULL ? lc->node->name : NULL);
	buf_puts(b, "\n  score ");
	model_score(b, lc->score);
	buf_printf(b, "\n  role %s\n  resource-discovery %s\n",
	    model_role(lc->role), model_discovery(lc->discovery));
	if (lc->rule != NULL) {
		buf_puts(b, "  rule ");
		if (lc->rule->score_attr != NULL) {
			buf_puts(b, "score-attribute=");
			model_str(b, lc->rule->score_attr);
		} else {
			buf_puts(b, "score=");
			model_score(b, lc->rule->score);
		}
		buf_puts(b, ": ");
		model_print_rule(lc->rule, b);
		buf_putc(b, '\n');
	}
}

/* A resource set of a colocation or an order. */
static void
model_print_set(const struct rsc_set *s, struct buf *b)
{
	size_t	i;

	buf_puts(b, "  set");
	for (i = 0; i < s->nrscs; i++) {
		buf_putc(b, ' ');
		model_str(b, s->rscs[i]->name);
	}
	if (s->id != NULL) {
		buf_puts(b, " id=");
		model_str(b, s->id);
	}
	buf_printf(b, " role=%s action=", model_role(s->role));
	model_str(b, s->action);
	buf_printf(b, " sequential=%s require-all=%s\n",
	    model_bool(s->sequential), model_bool(s->require_all));
}

/* A colocation and its sets. */
static void
model_print_colocation(const struct colocation *c, struct buf *b)
{
	size_t	i;

	buf_puts(b, "colocation ");
	model_str(b, c->id);
	buf_puts(b, "\n  score ");
	model_score(b, c->score);
	buf_printf(b, "\n  influence %s\n", model_bool(c->influence));
	if (c->node_attr != NULL) {
		buf_puts(b, "  node-attribute ");
		model_str(b, c->node_attr);
		buf_putc(b, '\n');
	}
	for (i = 0; i < c->nsets; i++)
		model_print_set(&c->sets[i], b);
}

/* An order and its sets. */
static void
model_print_order(const struct order *o, struct buf *b)
{
	size_t	i;

	buf_puts(b, "order ");
	model_str(b, o->id);
	buf_printf(b, "\n  kind %s\n  symmetrical %s\n",
	    model_order_kind(o->kind), model_bool(o->symmetrical));
	if (!o->require_all)
		buf_puts(b, "  require-all false\n");
	for (i = 0; i < o->nsets; i++)
		model_print_set(&o->sets[i], b);
}

/* A ticket dependency: the ticket, its loss policy, its set. */
static void
model_print_ticket(const struct ticket_dep *d, struct buf *b)
{
	buf_puts(b, "ticket ");
	model_str(b, d->id);
	buf_puts(b, "\n  ticket ");
	model_str(b, d->ticket);
	buf_printf(b, "\n  loss-policy %s%s\n", value_loss_policy_name(d->loss),
	    d->loss_given ? "" : " (default)");
	model_print_set(&d->set, b);
}

/* A fencing level: target, index, devices. */
static void
model_print_level(const struct fencing_level *fl, struct buf *b)
{
	size_t	i;

	buf_puts(b, "fencing-level ");
	if (fl->target_attr != NULL) {
		buf_printf(b, "%s=", fl->target_attr);
		model_str(b, fl->target_value);
	} else
		model_str(b, fl->target);
	buf_printf(b, " %d\n  node ", fl->index);
	model_str(b, fl->node != NULL ? fl->node->name : NULL);
	buf_puts(b, "\n  devices");
	for (i = 0; i < fl->ndevices; i++) {
		buf_putc(b, ' ');
		model_str(b, fl->devices[i]->name);
	}
	buf_putc(b, '\n');
}

/*
 * Append the text form of m to b: every field, in model order, with no
 * pointer or source position, so equal models print equal text.
 */
void
model_print(const struct model *m, struct buf *b)
{
	const struct instance	*in;
	size_t			 i;

	model_print_cluster(m, b);
	for (i = 0; i < m->nnodes; i++)
		model_print_node(m->nodes[i], b);
	for (i = 0; i < m->nresources; i++)
		model_print_resource(m->resources[i], b);
	for (i = 0; i < m->ninstances; i++) {
		in = &m->instances[i];
		buf_puts(b, "instance ");
		model_str(b, in->name);
		buf_puts(b, " rsc=");
		model_str(b, in->rsc->name);
		buf_printf(b, " clone-index=%d\n", in->clone_index);
	}
	for (i = 0; i < m->nlocations; i++)
		model_print_location(m->locations[i], b);
	for (i = 0; i < m->ncolocations; i++)
		model_print_colocation(m->colocations[i], b);
	for (i = 0; i < m->norders; i++)
		model_print_order(m->orders[i], b);
	for (i = 0; i < m->ntickets; i++)
		model_print_ticket(m->tickets[i], b);
	for (i = 0; i < m->nlevels; i++)
		model_print_level(m->levels[i], b);
}

/* The resource named name (a clone, for an inline clone), or NULL. */
struct resource *
model_resource(const struct model *m, const char *name)
{
	return map_get(&m->rsc_by_name, name);
}

/* The node named name, or NULL. */
struct node *
model_node(const struct model *m, const char *name)
{
	return map_get(&m->node_by_name, name);
}

/* Whether fence device r says provides=unfencing (fence_scsi, fence_mpath). */
int
model_provides_unfencing(const struct resource *r)
{
	size_t	i;

	for (i = 0; i < r->meta_set.n; i++) {
		if (strcmp(r->meta_set.v[i].canon != NULL ?
		    r->meta_set.v[i].canon : r->meta_set.v[i].name,
		    "provides") == 0 &&
		    strcmp(r->meta_set.v[i].value, "unfencing") == 0)
			return 1;
	}
	return 0;
}
