/*
 * lower.c: from the checked syntax tree to the model of model.h. It runs
 * after check.c, whose symbol table says what each name is, and converts
 * every value with the parsers of value.c against the tables of known.c:
 * nodes and cluster options, resource and op defaults, resources with their
 * agents, parameters, operations and meta attributes (own and effective),
 * the instances the scheduler places, and the constraints with resolved
 * references and generated ids.
 *
 * The symbol table may be partial after errors: whatever did not resolve
 * is left out, and the model is returned anyway (compile_policy() drops it
 * if there were errors), so that one run reports every bad value.
 */
#include "config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compiler.h"

/*
 * Defaults of the ring (hacc's totem transport) and of quorum, where the
 * policy says nothing: corosync's LAN values, so that a policy written for
 * corosync behaves the same under hacc.
 */
#define RING_TRANSPORT		"udp"
#define RING_PORT		5405
#define RING_TOKEN_MS		1000	/* a LAN; corosync 3 uses 3000 */
#define RING_CONSENSUS_PCT	120	/* consensus: 1.2 * token */
#define RING_JOIN_MS		50
#define RING_MTU		1500
#define RING_WINDOW_SIZE	50
#define RING_MAX_MESSAGES	17
#define QUORUM_LMS_WINDOW_MS	10000
#define QUORUM_ATB_NODE		"lowest"

/* Pacemaker 2.1's defaults. */
#define OP_TIMEOUT_MS		20000
#define PROP_STONITH_TIMEOUT_MS	60000
#define PROP_RECHECK_MS		(15 * 60 * 1000)

struct lower {
	struct ctx	 *ctx;
	struct policy	 *pol;
	struct symtab	 *syms;
	struct model	 *m;
	struct map	  ids;		/* constraint ids in use -> loc */
	struct map	  addrs;	/* normalised address -> struct node */
	struct map	  node_ids;	/* node id, as text -> struct node */
	const struct item *quorum;	/* the quorum { } block seen */
	const struct item *ring;
	int		  wait_for_all_set;
	int		  consensus_set;
	struct meta	  base;		/* Pacemaker's defaults, rsc_defaults */
	int		  unfencing;	/* a fence device provides unfencing */
	struct map	  plain_order;	/* canonical name -> order of the
					   plain defaults statement setting
					   it (uintptr_t) */
};

static const char *const lower_roles[] = { "started", "stopped", "promoted",
    "unpromoted", "master", "slave" };
static const char *const lower_actions[] = { "start", "stop", "promote",
    "demote" };

/*
 * A set of pairs being filled: it grows in the heap, where growing frees
 * the old copy, and lower_nv_done() moves it into the arena at its exact
 * size. (Grown in the arena, every old copy of a set would stay there, and
 * each resource has several sets.)
 */
struct nvbuild {
	struct nvset	 set;
	size_t		 cap;
};

#define LOWER_NV_MIN	8	/* pairs a set has room for at first */

/*
 * Make room for one more element in v, an arena array of n elements of
 * size sz whose capacity is implied by n: the next power of two. For the
 * model's short lists (nodes, children, conditions) and for lists of
 * pointers; a resource's ops and pairs are sized exactly.
 */
static void *
lower_grow(struct lower *l, void *v, size_t n, size_t sz)
{
	void	*nv;

	if (n != 0 && (n & (n - 1)) != 0)
		return v;
	nv = arena_alloc(l->ctx->arena, (n == 0 ? 1 : n * 2) * sz);
	if (n > 0)
		memcpy(nv, v, n * sz);
	return nv;
}

/* A value's text: its word, or its words joined by ','. */
static const char *
lower_text(struct lower *l, const struct value *val)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	if (val->n == 0)
		return "";
	if (val->n == 1)
		return val->v[0].text;
	buf_init(&b);
	for (i = 0; i < val->n; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		buf_puts(&b, val->v[i].text);
	}
	s = arena_strdup(l->ctx->arena, b.data);
	buf_clear(&b);
	return s;
}

/*
 * The setting a block item makes, as a kv: "name = value", or the bare
 * "name value". Returns -1 for other items (check.c reported bad ones).
 */
static int
lower_item_kv(struct item *it, struct kv *kv)
{
	memset(kv, 0, sizeof *kv);
	if (it->kind == ITEM_ATTR && it->name.text != NULL) {
		kv->loc = it->loc;
		kv->key = it->name;
		kv->val = it->val;
		return 0;
	}
	if (it->kind == ITEM_WORDS && it->val.n == 2) {
		kv->loc = it->loc;
		kv->key = it->val.v[0];
		kv->val.loc = it->val.v[1].loc;
		kv->val.v = &it->val.v[1];
		kv->val.n = 1;
		return 0;
	}
	return -1;
}

/* The pair in set that sets canon, a canonical name, or NULL. */
static const struct nvpair *
lower_nv_get(const struct nvset *set, const char *canon)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (strcmp(set->v[i].canon, canon) == 0)
			return &set->v[i];
	}
	return NULL;
}

/* Room for one more pair in b: the new pair, zeroed. */
static struct nvpair *
lower_nv_push(struct nvbuild *b)
{
	struct nvpair	*p;

	if (b->set.n == b->cap) {
		b->cap = b->cap == 0 ? LOWER_NV_MIN : b->cap * 2;
		b->set.v = xreallocarray(b->set.v, b->cap, sizeof *b->set.v);
	}
	p = &b->set.v[b->set.n++];
	memset(p, 0, sizeof *p);
	return p;
}

/* The set b built, moved into the arena; b is empty again. */
static struct nvset
lower_nv_done(struct lower *l, struct nvbuild *b)
{
	struct nvset	set = { NULL, 0 };

	if (b->set.n > 0) {
		set.n = b->set.n;
		set.v = arena_allocarray(l->ctx->arena, set.n,
		    sizeof *set.v);
		memcpy(set.v, b->set.v, set.n * sizeof *set.v);
	}
	free(b->set.v);
	memset(b, 0, sizeof *b);
	return set;
}

/* Report key, set before as name at loc. */
static void
lower_dup(struct lower *l, const struct word *key, const char *name,
    const struct loc *loc)
{
	struct diag	*dg;

	if (strcmp(name, key->text) == 0)
		dg = diag_error(l->ctx, &key->loc, "'%s' is already set",
		    key->text);
	else
		dg = diag_error(l->ctx, &key->loc, "'%s' is already set, as "
		    "'%s'", key->text, name);
	diag_note(l->ctx, dg, loc, "it was first set here");
}

/*
 * Whether kv sets a known name of table t that an earlier kv of its list
 * (from head) set already, under its name or an alias; reported.
 */
static int
lower_kv_dup(struct lower *l, const struct kv *head, const struct kv *kv,
    enum known_table t)
{
	const struct kv	*p;
	const char	*canon;

	canon = known_canonical(t, kv->key.text);
	for (p = head; p != NULL && p != kv; p = p->next) {
		if (known_find(t, p->key.text) != NULL &&
		    strcmp(known_canonical(t, p->key.text), canon) == 0) {
			lower_dup(l, &kv->key, p->key.text, &p->key.loc);
			return 1;
		}
	}
	return 0;
}

/*
 * Add kv to the set b builds, as written; a name set twice (or under an
 * alias of table t) is an error. Returns the pair, or NULL after an error.
 */
static const struct nvpair *
lower_nv_add(struct lower *l, struct nvbuild *b, enum known_table t,
    const struct kv *kv)
{
	const struct nvpair	*prev;
	struct nvpair		*p;
	const char		*canon;

	canon = known_canonical(t, kv->key.text);
	if ((prev = lower_nv_get(&b->set, canon)) != NULL) {
		lower_dup(l, &kv->key, prev->name, &prev->loc);
		return NULL;
	}
	p = lower_nv_push(b);
	p->name = kv->key.text;
	p->canon = canon;
	p->value = lower_text(l, &kv->val);
	p->loc = kv->key.loc;
	return p;
}

/* Set name (canonical name canon) to value in b, replacing a value. */
static void
lower_nv_put(struct nvbuild *b, const char *name, const char *canon,
    const char *value, const struct loc *loc)
{
	struct nvpair	*p;
	size_t		 i;

	for (i = 0; i < b->set.n; i++) {
		p = &b->set.v[i];
		if (strcmp(p->name, name) == 0) {
			p->value = value;
			p->loc = *loc;
			return;
		}
	}
	p = lower_nv_push(b);
	p->name = name;
	p->canon = canon;
	p->value = value;
	p->loc = *loc;
}

/* Converters for values known_check() accepted (0 if one was not). */
static int
lower_bool(struct lower *l, const char *s)
{
	const char	*cause;
	int		 v;

	return value_bool(l->ctx, s, &v, &cause) == 0 ? v : 0;
}

/* A checked score. */
static int
lower_score(struct lower *l, const char *s)
{
	const char	*cause;
	int		 v;

	return value_score(l->ctx, s, &v, &cause) == 0 ? v : 0;
}

/* A checked integer. */
static long long
lower_int(struct lower *l, const char *s)
{
	const char	*cause;
	long long	 v;

	return value_int(l->ctx, s, LLONG_MIN, LLONG_MAX, &v, &cause) == 0 ?
	    v : 0;
}

/* A checked duration, in milliseconds. */
static uint64_t
lower_duration(struct lower *l, const char *s)
{
	const char	*cause;
	uint64_t	 v;

	return value_duration(l->ctx, s, &v, &cause) == 0 ? v : 0;
}

/* A checked role. */
static enum role
lower_role(struct lower *l, const char *s)
{
	const char	*cause;
	enum role	 v;

	return value_role(l->ctx, s, &v, &cause) == 0 ? v : ROLE_UNKNOWN;
}

/* The value of a checked "requires". */
static enum requires
lower_requires(const char *s)
{
	if (strcmp(s, "nothing") == 0)
		return REQUIRES_NOTHING;
	if (strcmp(s, "quorum") == 0)
		return REQUIRES_QUORUM;
	if (strcmp(s, "fencing") == 0)
		return REQUIRES_FENCING;
	if (strcmp(s, "unfencing") == 0)
		return REQUIRES_UNFENCING;
	return REQUIRES_DEFAULT;
}

/* Check an attribute or utilization name: something a shell can pass. */
static int
lower_attr_name(struct lower *l, const struct word *key, const char *what)
{
	if (key->text[0] == '\0' || strpbrk(key->text, " \t\n=") != NULL) {
		diag_error(l->ctx, &key->loc, "invalid %s name '%s'", what,
		    key->text);
		return -1;
	}
	return 0;
}

/* utilization name=value: Pacemaker compares integers. */
static void
lower_util(struct lower *l, struct nvbuild *set, const struct kv *kv)
{
	const char	*cause;
	long long	 v;

	if (lower_attr_name(l, &kv->key, "utilization") != 0)
		return;
	if (kv->val.n != 1) {
		diag_error(l->ctx, &kv->val.loc, "utilization '%s' takes one "
		    "value, not a list", kv->key.text);
		return;
	}
	if (value_int(l->ctx, kv->val.v[0].text, 0, INT_MAX, &v, &cause) != 0) {
		diag_error(l->ctx, &kv->val.v[0].loc, "invalid value '%s' for "
		    "utilization '%s': %s", kv->val.v[0].text, kv->key.text,
		    cause);
		return;
	}
	lower_nv_add(l, set, KNOWN_NTABLES, kv);
}

/*
 * Cluster: nodes, properties, quorum and ring.
 */

/* Pacemaker's defaults for the properties the scheduler reads. */
static void
lower_props_init(struct props *p)
{
	memset(p, 0, sizeof *p);
	p->stonith_enabled = 1;
	p->symmetric_cluster = 1;
	p->no_quorum_policy = NO_QUORUM_STOP;
	p->start_failure_is_fatal = 1;
	p->stonith_action = "reboot";
	p->stonith_timeout_ms = PROP_STONITH_TIMEOUT_MS;
	p->placement_strategy = "default";
	p->maintenance_mode = 0;
	p->stop_all_resources = 0;
	p->stop_orphan_resources = 1;
	p->stop_orphan_actions = 1;
	p->enable_startup_probes = 1;
	p->concurrent_fencing = 0;	/* Pacemaker 2.1.5 (Debian) */
	p->cluster_recheck_interval_ms = PROP_RECHECK_MS;
	p->node_health_red = -SCORE_INFINITY;
}

/* property name = value, recorded in set too */
static void
lower_property(struct lower *l, struct nvbuild *set, const struct kv *kv)
{
	struct props		*p = &l->m->props;
	const struct known	*k;
	const char		*name, *v;

	if (known_check(l->ctx, KNOWN_PROPERTY, &kv->key, &kv->val, &k) != 0 ||
	    lower_nv_add(l, set, KNOWN_PROPERTY, kv) == NULL)
		return;
	name = k->name;
	v = kv->val.v[0].text;
	if (strcmp(name, "stonith-enabled") == 0)
		p->stonith_enabled = lower_bool(l, v);
	else if (strcmp(name, "symmetric-cluster") == 0)
		p->symmetric_cluster = lower_bool(l, v);
	else if (strcmp(name, "no-quorum-policy") == 0) {
		if (strcmp(v, "freeze") == 0)
			p->no_quorum_policy = NO_QUORUM_FREEZE;
		else if (strcmp(v, "ignore") == 0)
			p->no_quorum_policy = NO_QUORUM_IGNORE;
		else if (strcmp(v, "demote") == 0)
			p->no_quorum_policy = NO_QUORUM_DEMOTE;
		else if (strcmp(v, "suicide") == 0)
			p->no_quorum_policy = NO_QUORUM_SUICIDE;
		else
			p->no_quorum_policy = NO_QUORUM_STOP;
	} else if (strcmp(name, "start-failure-is-fatal") == 0)
		p->start_failure_is_fatal = lower_bool(l, v);
	else if (strcmp(name, "stonith-action") == 0)
		p->stonith_action = strcmp(v, "poweroff") == 0 ? "off" : v;
	else if (strcmp(name, "stonith-timeout") == 0)
		p->stonith_timeout_ms = lower_duration(l, v);
	else if (strcmp(name, "placement-strategy") == 0)
		p->placement_strategy = v;
	else if (strcmp(name, "maintenance-mode") == 0)
		p->maintenance_mode = lower_bool(l, v);
	else if (strcmp(name, "stop-all-resources") == 0)
		p->stop_all_resources = lower_bool(l, v);
	else if (strcmp(name, "stop-orphan-resources") == 0)
		p->stop_orphan_resources = lower_bool(l, v);
	else if (strcmp(name, "stop-orphan-actions") == 0)
		p->stop_orphan_actions = lower_bool(l, v);
	else if (strcmp(name, "enable-startup-probes") == 0)
		p->enable_startup_probes = lower_bool(l, v);
	else if (strcmp(name, "concurrent-fencing") == 0)
		p->concurrent_fencing = lower_bool(l, v);
	else if (strcmp(name, "cluster-recheck-interval") == 0)
		p->cluster_recheck_interval_ms = lower_duration(l, v);
	else if (strcmp(name, "shutdown-lock-limit") == 0)
		p->shutdown_lock_limit_ms = lower_duration(l, v);
	else if (strcmp(name, "node-health-red") == 0)
		p->node_health_red = lower_score(l, v);
}

/* A second quorum { } or ring { } block. */
static int
lower_once(struct lower *l, const struct item **seen, const struct item *it,
    const char *what)
{
	struct diag	*dg;

	if (*seen != NULL) {
		dg = diag_error(l->ctx, &it->loc, "the cluster has one %s "
		    "block", what);
		diag_note(l->ctx, dg, &(*seen)->loc, "the first one is here");
		return -1;
	}
	*seen = it;
	return 0;
}

/* Check auto_tie_breaker_node: lowest, highest, or declared nodes. */
static int
lower_atb_nodes(struct lower *l, const struct value *val)
{
	size_t	i;

	for (i = 0; i < val->n; i++) {
		if (strcmp(val->v[i].text, "lowest") == 0 ||
		    strcmp(val->v[i].text, "highest") == 0) {
			if (val->n == 1)
				return 0;
			diag_error(l->ctx, &val->v[i].loc, "'%s' stands alone: "
			    "write 'lowest', 'highest' or a list of nodes",
			    val->v[i].text);
			return -1;
		}
		if (l->syms->nodes.n > 0 && check_resolve_node(l->ctx, l->pol,
		    &val->v[i], "auto_tie_breaker_node") == NULL)
			return -1;
	}
	return 0;
}

/* quorum { name = value ... } */
static void
lower_quorum(struct lower *l, struct item *it)
{
	struct quorum		*q = &l->m->quorum;
	struct nvbuild		 seen;
	const struct known	*k;
	struct item		*bi;
	struct kv		 kv;
	const char		*v;

	if (lower_once(l, &l->quorum, it, "quorum") != 0 || it->block == NULL)
		return;
	q->loc = it->loc;
	memset(&seen, 0, sizeof seen);
	for (bi = it->block->items; bi != NULL; bi = bi->next) {
		if (lower_item_kv(bi, &kv) != 0)
			continue;
		if (known_check(l->ctx, KNOWN_QUORUM, &kv.key, &kv.val,
		    &k) != 0 || lower_nv_add(l, &seen, KNOWN_QUORUM, &kv) ==
		    NULL)
			continue;
		v = kv.val.v[0].text;
		if (strcmp(k->name, "expected_votes") == 0)
			q->expected_votes = (int)lower_int(l, v);
		else if (strcmp(k->name, "two_node") == 0)
			q->two_node = lower_bool(l, v);
		else if (strcmp(k->name, "wait_for_all") == 0) {
			q->wait_for_all = lower_bool(l, v);
			l->wait_for_all_set = 1;
		} else if (strcmp(k->name, "last_man_standing") == 0)
			q->last_man_standing = lower_bool(l, v);
		else if (strcmp(k->name, "last_man_standing_window") == 0)
			q->last_man_standing_window_ms = lower_duration(l, v);
		else if (strcmp(k->name, "auto_tie_breaker") == 0)
			q->auto_tie_breaker = lower_bool(l, v);
		else if (strcmp(k->name, "auto_tie_breaker_node") == 0) {
			if (lower_atb_nodes(l, &kv.val) == 0)
				q->auto_tie_breaker_node = lower_text(l,
				    &kv.val);
		}
	}
	free(seen.set.v);
}

/* ring { name = value ... } */
static void
lower_ring(struct lower *l, struct item *it)
{
	struct ring		*r = &l->m->ring;
	struct nvbuild		 seen;
	const struct known	*k;
	struct item		*bi;
	struct kv		 kv;
	const char		*v;

	if (lower_once(l, &l->ring, it, "ring") != 0 || it->block == NULL)
		return;
	r->loc = it->loc;
	memset(&seen, 0, sizeof seen);
	for (bi = it->block->items; bi != NULL; bi = bi->next) {
		if (lower_item_kv(bi, &kv) != 0)
			continue;
		if (known_check(l->ctx, KNOWN_RING, &kv.key, &kv.val,
		    &k) != 0 || lower_nv_add(l, &seen, KNOWN_RING, &kv) ==
		    NULL)
			continue;
		v = kv.val.v[0].text;
		if (strcmp(k->name, "transport") == 0)
			r->transport = v;
		else if (strcmp(k->name, "port") == 0)
			r->port = (int)lower_int(l, v);
		else if (strcmp(k->name, "token") == 0)
			r->token_ms = lower_duration(l, v);
		else if (strcmp(k->name, "consensus") == 0) {
			r->consensus_ms = lower_duration(l, v);
			l->consensus_set = 1;
		} else if (strcmp(k->name, "join") == 0)
			r->join_ms = lower_duration(l, v);
		else if (strcmp(k->name, "mtu") == 0)
			r->mtu = (int)lower_int(l, v);
		else if (strcmp(k->name, "window_size") == 0)
			r->window_size = (int)lower_int(l, v);
		else if (strcmp(k->name, "max_messages") == 0)
			r->max_messages = (int)lower_int(l, v);
		else if (strcmp(k->name, "key_file") == 0)
			r->key_file = v;
	}
	free(seen.set.v);
}

/* Record a node's address; an address two nodes share is an error. */
static void
lower_node_addr(struct lower *l, struct node *n, const struct word *w)
{
	unsigned char	 bin[sizeof(struct in6_addr)];
	char		 text[INET6_ADDRSTRLEN];
	struct node	*prev;
	struct diag	*dg;
	const char	*key;
	int		 af;

	af = inet_pton(AF_INET, w->text, bin) == 1 ? AF_INET : AF_INET6;
	if ((af == AF_INET6 && inet_pton(af, w->text, bin) != 1) ||
	    inet_ntop(af, bin, text, sizeof text) == NULL)
		return;
	key = arena_strdup(l->ctx->arena, text);
	if ((prev = map_put(&l->addrs, key, n)) != NULL) {
		if (prev == n)
			dg = diag_error(l->ctx, &w->loc, "address '%s' is "
			    "listed twice", w->text);
		else
			dg = diag_error(l->ctx, &w->loc, "address '%s' is "
			    "already the address of node '%s'", w->text,
			    prev->name);
		diag_note(l->ctx, dg, &prev->loc, "node '%s' is declared here",
		    prev->name);
		return;
	}
	n->addrs = lower_grow(l, n->addrs, n->naddrs, sizeof *n->addrs);
	n->addrs[n->naddrs++] = w->text;
}

/* One setting of a node block: addr, id, votes, standby, maintenance. */
static void
lower_node_setting(struct lower *l, struct node *n, struct nvbuild *seen,
    const struct kv *kv)
{
	const struct known	*k;
	struct node		*prev;
	struct diag		*dg;
	const char		*v, *key;
	size_t			 i;

	if (known_check(l->ctx, KNOWN_NODE, &kv->key, &kv->val, &k) != 0 ||
	    lower_nv_add(l, seen, KNOWN_NODE, kv) == NULL)
		return;
	v = kv->val.v[0].text;
	if (strcmp(k->name, "addr") == 0) {
		for (i = 0; i < kv->val.n; i++)
			lower_node_addr(l, n, &kv->val.v[i]);
	} else if (strcmp(k->name, "id") == 0) {
		n->id = (uint32_t)lower_int(l, v);
		key = arena_printf(l->ctx->arena, "%u", n->id);
		if ((prev = map_put(&l->node_ids, key, n)) != NULL) {
			dg = diag_error(l->ctx, &kv->val.loc, "node id %u is "
			    "already the id of node '%s'", n->id, prev->name);
			diag_note(l->ctx, dg, &prev->loc, "node '%s' is "
			    "declared here", prev->name);
		}
	} else if (strcmp(k->name, "votes") == 0)
		n->votes = (int)lower_int(l, v);
	else if (strcmp(k->name, "standby") == 0)
		n->standby = lower_bool(l, v);
	else if (strcmp(k->name, "maintenance") == 0)
		n->maintenance = lower_bool(l, v);
}

/* node NAME { addr ...; id ...; attr k=v; utilization k=v } */
static void
lower_node(struct lower *l, struct item *it)
{
	struct model	*m = l->m;
	struct nodesym	*ns;
	struct node	*n;
	struct nvbuild	 seen, attrs, util;
	struct item	*bi;
	struct kv	 kv, *p;

	if ((ns = map_get(&l->syms->nodes, it->name.text)) == NULL ||
	    ns->item != it)
		return;		/* reported by check.c */
	n = arena_zalloc(l->ctx->arena, sizeof *n);
	n->name = ns->name;
	n->loc = it->name.loc;
	n->votes = 1;
	n->index = m->nnodes;
	m->nodes = lower_grow(l, m->nodes, m->nnodes, sizeof *m->nodes);
	m->nodes[m->nnodes++] = n;
	map_put(&m->node_by_name, n->name, n);
	ns->node = n;
	if (it->block == NULL)
		return;
	memset(&seen, 0, sizeof seen);
	memset(&attrs, 0, sizeof attrs);
	memset(&util, 0, sizeof util);
	for (bi = it->block->items; bi != NULL; bi = bi->next) {
		if (lower_item_kv(bi, &kv) == 0) {
			lower_node_setting(l, n, &seen, &kv);
			continue;
		}
		if (bi->kind == ITEM_UTIL) {
			for (p = bi->kvs; p != NULL; p = p->next)
				lower_util(l, &util, p);
		} else if (bi->kind == ITEM_NODEATTR) {
			for (p = bi->kvs; p != NULL; p = p->next) {
				if (lower_attr_name(l, &p->key, "attribute") !=
				    0)
					continue;
				if (p->val.n != 1)
					diag_error(l->ctx, &p->val.loc,
					    "attribute '%s' takes one value, "
					    "not a list", p->key.text);
				else
					lower_nv_add(l, &attrs, KNOWN_NTABLES,
					    p);
			}
		}
	}
	free(seen.set.v);
	n->attrs = lower_nv_done(l, &attrs);
	n->utilization = lower_nv_done(l, &util);
}

/* The cluster block, and the defaults where it says nothing. */
static void
lower_cluster(struct lower *l)
{
	struct model	*m = l->m;
	struct stmt	*st = l->syms->cluster;
	struct nvbuild	 props;
	struct item	*it;
	struct kv	*kv;

	lower_props_init(&m->props);
	memset(&props, 0, sizeof props);
	m->quorum.last_man_standing_window_ms = QUORUM_LMS_WINDOW_MS;
	m->quorum.auto_tie_breaker_node = QUORUM_ATB_NODE;
	m->ring.transport = RING_TRANSPORT;
	m->ring.port = RING_PORT;
	m->ring.token_ms = RING_TOKEN_MS;
	m->ring.join_ms = RING_JOIN_MS;
	m->ring.mtu = RING_MTU;
	m->ring.window_size = RING_WINDOW_SIZE;
	m->ring.max_messages = RING_MAX_MESSAGES;

	if (st != NULL && st->body != NULL) {
		m->cluster_name = st->name.text;
		for (it = st->body->items; it != NULL; it = it->next) {
			switch (it->kind) {
			case ITEM_NODE:
				lower_node(l, it);
				break;
			case ITEM_PROPERTY:
				for (kv = it->kvs; kv != NULL; kv = kv->next)
					lower_property(l, &props, kv);
				break;
			case ITEM_QUORUM:
				lower_quorum(l, it);
				break;
			case ITEM_RING:
				lower_ring(l, it);
				break;
			default:
				break;	/* misplaced: reported by check.c */
			}
		}
	}
	m->props.set = lower_nv_done(l, &props);
	/* votequorum: two_node turns wait_for_all on unless it is set. */
	if (!l->wait_for_all_set)
		m->quorum.wait_for_all = m->quorum.two_node;
	if (!l->consensus_set)
		m->ring.consensus_ms = m->ring.token_ms * RING_CONSENSUS_PCT /
		    100;
}

/*
 * Defaults and meta attributes.
 */

/* A meta attribute that names one resource's own setting, not a default. */
static int
lower_not_default(struct lower *l, const struct kv *kv)
{
	if (kv->key.text == NULL || strcmp(kv->key.text, "container") != 0)
		return 0;
	diag_error(l->ctx, &kv->key.loc, "'container' names the resource "
	    "one resource runs inside; it cannot be a default");
	return 1;
}

/*
 * defaults rule resource AGENT { ... }: AGENT is CLASS, CLASS:TYPE (not
 * ocf), ocf:PROVIDER, or CLASS:PROVIDER:TYPE; an empty part matches any
 * (::Dummy).
 */
static void
lower_default_rule(struct lower *l, struct stmt *st, size_t order)
{
	struct default_rule	*d;
	struct nvbuild		 meta;
	struct item		*it;
	struct kv		 kv;
	char			*parts[3], *s, *colon;
	size_t			 n = 0;

	d = arena_zalloc(l->ctx->arena, sizeof *d);
	d->loc = st->loc;
	d->agent = st->agent.text;
	d->order = order;
	s = arena_strdup(l->ctx->arena, st->agent.text);
	for (;;) {
		if (n == nitems(parts)) {
			diag_error(l->ctx, &st->agent.loc, "'%s' has too many "
			    "parts: write CLASS:PROVIDER:TYPE", st->agent.text);
			return;
		}
		parts[n++] = s;
		if ((colon = strchr(s, ':')) == NULL)
			break;
		*colon = '\0';
		s = colon + 1;
	}
	if (*parts[0] != '\0') {
		if (value_class(parts[0], &d->cls) != 0) {
			diag_error(l->ctx, &st->agent.loc, "unknown resource "
			    "class '%s' (ocf, lsb, systemd, service or "
			    "stonith)", parts[0]);
			return;
		}
		d->has_cls = 1;
	}
	if (n == 3) {
		d->provider = *parts[1] != '\0' ? parts[1] : NULL;
		d->type = *parts[2] != '\0' ? parts[2] : NULL;
	} else if (n == 2 && d->has_cls && d->cls == CLASS_OCF)
		d->provider = *parts[1] != '\0' ? parts[1] : NULL;
	else if (n == 2)
		d->type = *parts[1] != '\0' ? parts[1] : NULL;
	memset(&meta, 0, sizeof meta);
	for (it = st->body->items; it != NULL; it = it->next) {
		if (lower_item_kv(it, &kv) == 0 && !lower_not_default(l, &kv) &&
		    known_check(l->ctx, KNOWN_META, &kv.key, &kv.val,
		    NULL) == 0)
			lower_nv_add(l, &meta, KNOWN_META, &kv);
	}
	d->meta = lower_nv_done(l, &meta);
	l->m->default_rules = lower_grow(l, l->m->default_rules,
	    l->m->ndefault_rules, sizeof *l->m->default_rules);
	l->m->default_rules[l->m->ndefault_rules++] = d;
}

/* defaults { } and op-defaults { } */
static void
lower_defaults(struct lower *l)
{
	struct nvbuild	 rsc, op;
	struct stmt	*st;
	struct item	*it;
	struct kv	 kv;
	size_t		 i, order;

	memset(&rsc, 0, sizeof rsc);
	memset(&op, 0, sizeof op);
	for (i = 0, order = 0; i < l->pol->nstmts; i++) {
		st = l->pol->stmts[i];
		if ((st->kind != STMT_DEFAULTS &&
		    st->kind != STMT_OP_DEFAULTS) || st->body == NULL)
			continue;
		if (st->kind == STMT_DEFAULTS)
			order++;
		if (st->agent.text != NULL) {
			lower_default_rule(l, st, order);
			continue;
		}
		if (st->kind == STMT_DEFAULTS && l->m->rsc_defaults_order == 0)
			l->m->rsc_defaults_order = order;

		for (it = st->body->items; it != NULL; it = it->next) {
			if (lower_item_kv(it, &kv) != 0)
				continue;
			if (st->kind == STMT_DEFAULTS) {
				if (lower_not_default(l, &kv))
					continue;
				if (known_check(l->ctx, KNOWN_META, &kv.key,
				    &kv.val, NULL) == 0 && lower_nv_add(l,
				    &rsc, KNOWN_META, &kv) != NULL)
					map_put(&l->plain_order,
					    known_canonical(KNOWN_META,
					    kv.key.text), (void *)(uintptr_t)
					    order);
			} else if (known_check(l->ctx, KNOWN_OP_ATTR, &kv.key,
			    &kv.val, NULL) == 0)
				lower_nv_add(l, &op, KNOWN_OP_ATTR, &kv);
		}
	}
	l->m->rsc_defaults = lower_nv_done(l, &rsc);
	l->m->op_defaults = lower_nv_done(l, &op);
	l->m->ndefaults_stmts = order;
}

/* Pacemaker's defaults of the meta attributes. */
static void
lower_meta_init(struct meta *mt)
{
	memset(mt, 0, sizeof *mt);
	mt->priority = 0;
	mt->target_role = ROLE_UNKNOWN;
	mt->is_managed = 1;
	mt->maintenance = 0;
	mt->stickiness = 0;
	mt->migration_threshold = SCORE_INFINITY;
	mt->failure_timeout_ms = 0;
	mt->multiple_active = MULTIPLE_STOP_START;
	mt->allow_migrate = 0;
	mt->critical = 1;
	mt->requires = REQUIRES_DEFAULT;
	mt->clone_max = -1;
	mt->clone_node_max = 1;
	mt->clone_min = 0;
	mt->promoted_max = 1;
	mt->promoted_node_max = 1;
}

/* Apply one meta attribute (canonical name, checked value) to mt. */
static void
lower_meta_apply(struct lower *l, struct meta *mt, const char *name,
    const char *v)
{
	if (strcmp(name, "priority") == 0)
		mt->priority = lower_score(l, v);
	else if (strcmp(name, "target-role") == 0)
		mt->target_role = lower_role(l, v);
	else if (strcmp(name, "is-managed") == 0)
		mt->is_managed = lower_bool(l, v);
	else if (strcmp(name, "maintenance") == 0)
		mt->maintenance = lower_bool(l, v);
	else if (strcmp(name, "resource-stickiness") == 0)
		mt->stickiness = lower_score(l, v);
	else if (strcmp(name, "migration-threshold") == 0)
		mt->migration_threshold = lower_score(l, v);
	else if (strcmp(name, "failure-timeout") == 0)
		mt->failure_timeout_ms = lower_duration(l, v);
	else if (strcmp(name, "multiple-active") == 0) {
		if (strcmp(v, "stop_only") == 0)
			mt->multiple_active = MULTIPLE_STOP_ONLY;
		else if (strcmp(v, "block") == 0)
			mt->multiple_active = MULTIPLE_BLOCK;
		else if (strcmp(v, "stop_unexpected") == 0)
			mt->multiple_active = MULTIPLE_STOP_UNEXPECTED;
		else
			mt->multiple_active = MULTIPLE_STOP_START;
	} else if (strcmp(name, "allow-migrate") == 0)
		mt->allow_migrate = lower_bool(l, v);
	else if (strcmp(name, "critical") == 0)
		mt->critical = lower_bool(l, v);
	else if (strcmp(name, "requires") == 0)
		mt->requires = lower_requires(v);
	else if (strcmp(name, "clone-max") == 0)
		mt->clone_max = (int)lower_int(l, v);
	else if (strcmp(name, "clone-node-max") == 0)
		mt->clone_node_max = (int)lower_int(l, v);
	else if (strcmp(name, "clone-min") == 0)
		mt->clone_min = (int)lower_int(l, v);
	else if (strcmp(name, "promoted-max") == 0)
		mt->promoted_max = (int)lower_int(l, v);
	else if (strcmp(name, "promoted-node-max") == 0)
		mt->promoted_node_max = (int)lower_int(l, v);
	else if (strcmp(name, "notify") == 0)
		mt->notify = lower_bool(l, v);
	else if (strcmp(name, "interleave") == 0)
		mt->interleave = lower_bool(l, v);
	else if (strcmp(name, "ordered") == 0)
		mt->ordered = lower_bool(l, v);
	else if (strcmp(name, "globally-unique") == 0)
		mt->globally_unique = lower_bool(l, v);
}

/* Apply a set of checked meta attributes to mt. */
static void
lower_meta_apply_set(struct lower *l, struct meta *mt, const struct nvset *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		lower_meta_apply(l, mt, set->v[i].canon, set->v[i].value);
}

/* Whether default rule d is about primitive r's agent. */
static int
lower_rule_matches(const struct default_rule *d, const struct resource *r)
{
	if (r->kind != RSC_PRIMITIVE)
		return 0;
	if (d->has_cls && d->cls != r->cls)
		return 0;
	if (d->provider != NULL && (r->provider == NULL ||
	    strcmp(d->provider, r->provider) != 0))
		return 0;
	return d->type == NULL || (r->type != NULL && strcmp(d->type,
	    r->type) == 0);
}

/*
 * Whether canon (a canonical meta attribute name) is set on r, on a parent
 * of r, or in the defaults.
 */
static int
lower_meta_explicit(struct lower *l, struct resource *r, const char *canon)
{
	const struct resource	*a;
	size_t			 i;

	for (a = r; a != NULL; a = a->parent) {
		if (lower_nv_get(&a->meta_set, canon) != NULL)
			return 1;
	}
	for (i = 0; i < l->m->ndefault_rules; i++) {
		if (lower_rule_matches(l->m->default_rules[i], r) &&
		    lower_nv_get(&l->m->default_rules[i]->meta, canon) != NULL)
			return 1;
	}
	return lower_nv_get(&l->m->rsc_defaults, canon) != NULL;
}

/*
 * meta name=value on r, as an item's kv: checked and added to set. The
 * resource a container= names is resolved here (lower_containers checks
 * it once every resource is lowered).
 */
static void
lower_meta_kv(struct lower *l, struct resource *r, struct nvbuild *set,
    const struct kv *kv)
{
	const struct known	*k;
	struct symbol		*sym;

	if (known_check(l->ctx, KNOWN_META, &kv->key, &kv->val, &k) != 0)
		return;
	if (strcmp(k->name, "container") != 0) {
		lower_nv_add(l, set, KNOWN_META, kv);
		return;
	}
	if ((sym = check_resolve(l->ctx, l->pol, &kv->val.v[0],
	    "meta container")) != NULL && lower_nv_add(l, set, KNOWN_META,
	    kv) != NULL)
		r->container = sym->rsc;
}

/* The meta items of a block (meta k=v ..., meta { ... }) onto r. */
static void
lower_meta_block(struct lower *l, struct resource *r, struct block *bl)
{
	struct nvbuild	 set;
	struct item	*it, *bi;
	struct kv	*p, kv;

	if (bl == NULL)
		return;
	memset(&set, 0, sizeof set);
	for (it = bl->items; it != NULL; it = it->next) {
		if (it->kind != ITEM_META)
			continue;
		for (p = it->kvs; p != NULL; p = p->next)
			lower_meta_kv(l, r, &set, p);
		if (it->block == NULL)
			continue;
		for (bi = it->block->items; bi != NULL; bi = bi->next) {
			if (lower_item_kv(bi, &kv) == 0)
				lower_meta_kv(l, r, &set, &kv);
		}
	}
	r->meta_set = lower_nv_done(l, &set);
}

/* Warn about meta attributes that mean nothing on r's kind. */
static void
lower_meta_kinds(struct lower *l, struct resource *r)
{
	const struct known	*k;
	const struct nvpair	*p;
	const char		*what = NULL;
	size_t			 i;

	for (i = 0; i < r->meta_set.n; i++) {
		p = &r->meta_set.v[i];
		if ((k = known_find(KNOWN_META, p->canon)) == NULL)
			continue;
		switch (r->kind) {
		case RSC_PRIMITIVE:
			what = (k->flags & KNOWN_PRIMITIVE) ? NULL :
			    "a primitive";
			break;
		case RSC_GROUP:
			what = (k->flags & KNOWN_GROUP) ? NULL : "a group";
			break;
		case RSC_CLONE:
			if ((k->flags & KNOWN_CLONE) == 0)
				what = "a clone";
			else if ((k->flags & KNOWN_PROMOTABLE) &&
			    !r->promotable)
				what = "a clone that is not promotable";
			else
				what = NULL;
			break;
		}
		if (what != NULL)
			diag_warning(l->ctx, &p->loc, "'%s' has no effect on "
			    "%s", p->name, what);
	}
}

/*
 * Resources.
 */

/* A new resource with Pacemaker's default meta attributes. */
static struct resource *
lower_new_rsc(struct lower *l, const char *name, enum rsc_kind kind,
    const struct loc *loc)
{
	struct resource	*r;

	r = arena_zalloc(l->ctx->arena, sizeof *r);
	r->name = name;
	r->kind = kind;
	r->loc = *loc;
	lower_meta_init(&r->meta);
	return r;
}

/* Make c a child of p (once). */
static void
lower_adopt(struct lower *l, struct resource *p, struct resource *c)
{
	if (c == NULL || c->parent != NULL || c == p)
		return;
	c->parent = p;
	p->children = lower_grow(l, p->children, p->nchildren,
	    sizeof *p->children);
	p->children[p->nchildren++] = c;
}

/*
 * The agent of a primitive: ocf:PROVIDER:TYPE, lsb:NAME, systemd:NAME,
 * service:NAME or stonith:NAME. A fence statement may leave out
 * "stonith:".
 */
static void
lower_agent(struct lower *l, struct resource *r, const struct word *w,
    int fence)
{
	static const struct {
		const char	*name;
		enum rsc_class	 cls;
	} classes[] = {
		{ "ocf", CLASS_OCF }, { "lsb", CLASS_LSB },
		{ "systemd", CLASS_SYSTEMD }, { "service", CLASS_SERVICE },
		{ "stonith", CLASS_STONITH },
	};
	const char	*names[nitems(classes)], *s = w->text, *colon, *rest;
	const char	*near, *cls;
	size_t		 i;

	r->agent = s;
	r->type = s;
	if (s == NULL)
		return;
	if ((colon = strchr(s, ':')) == NULL) {
		if (fence) {
			r->agent = arena_printf(l->ctx->arena, "stonith:%s", s);
			r->cls = CLASS_STONITH;
			r->is_fence = 1;
			return;
		}
		diag_error(l->ctx, &w->loc, "missing resource class in '%s': "
		    "write ocf:PROVIDER:TYPE, lsb:NAME, systemd:NAME, "
		    "service:NAME or stonith:NAME", s);
		return;
	}
	cls = arena_strndup(l->ctx->arena, s, (size_t)(colon - s));
	rest = colon + 1;
	for (i = 0; i < nitems(classes); i++) {
		names[i] = classes[i].name;
		if (strcmp(cls, classes[i].name) == 0)
			break;
	}
	if (i == nitems(classes)) {
		if ((near = diag_suggest(cls, names, nitems(names))) != NULL)
			diag_error(l->ctx, &w->loc, "unknown resource class "
			    "'%s'; did you mean '%s'?", cls, near);
		else
			diag_error(l->ctx, &w->loc, "unknown resource class "
			    "'%s': use ocf, lsb, systemd, service or stonith",
			    cls);
		return;
	}
	r->cls = classes[i].cls;
	r->is_fence = r->cls == CLASS_STONITH;
	if (r->cls == CLASS_OCF) {
		colon = strchr(rest, ':');
		if (colon == NULL || colon == rest || colon[1] == '\0' ||
		    strchr(colon + 1, ':') != NULL) {
			diag_error(l->ctx, &w->loc, "invalid agent '%s': an "
			    "ocf agent is ocf:PROVIDER:TYPE", s);
			return;
		}
		r->provider = arena_strndup(l->ctx->arena, rest,
		    (size_t)(colon - rest));
		r->type = colon + 1;
	} else {
		if (*rest == '\0' || strchr(rest, ':') != NULL) {
			diag_error(l->ctx, &w->loc, "invalid agent '%s': write "
			    "%s:NAME", s, cls);
			return;
		}
		r->type = rest;
	}
	if (fence && !r->is_fence)
		diag_error(l->ctx, &w->loc, "a fence device needs a stonith "
		    "agent, not '%s'", s);
}

/*
 * Apply one op attribute (canonical name, checked value) to op; the ones
 * without a field of their own go to extra.
 */
static void
lower_op_apply(struct lower *l, struct op *op, struct nvbuild *extra,
    const char *canon, const char *name, const char *v, const struct loc *loc)
{
	if (strcmp(canon, "interval") == 0)
		op->interval_ms = lower_duration(l, v);
	else if (strcmp(canon, "timeout") == 0) {
		op->timeout_ms = lower_duration(l, v);
		op->timeout_set = 1;
	}
	else if (strcmp(canon, "start-delay") == 0)
		op->start_delay_ms = lower_duration(l, v);
	else if (strcmp(canon, "on-fail") == 0) {
		static const struct {
			const char	*name;
			enum on_fail	 v;
		} fails[] = {
			{ "ignore", ON_FAIL_IGNORE },
			{ "block", ON_FAIL_BLOCK },
			{ "stop", ON_FAIL_STOP },
			{ "restart", ON_FAIL_RESTART },
			{ "standby", ON_FAIL_STANDBY },
			{ "fence", ON_FAIL_FENCE },
			{ "demote", ON_FAIL_DEMOTE },
			{ "restart-container", ON_FAIL_RESTART_CONTAINER },
		};
		size_t	i;

		for (i = 0; i < nitems(fails); i++) {
			if (strcmp(v, fails[i].name) == 0)
				op->on_fail = fails[i].v;
		}
	} else if (strcmp(canon, "role") == 0)
		op->role = lower_role(l, v);
	else if (strcmp(canon, "enabled") == 0)
		op->enabled = lower_bool(l, v);
	else if (strcmp(canon, "OCF_CHECK_LEVEL") == 0)
		op->check_level = (int)lower_int(l, v);
	else if (strcmp(canon, "record-pending") == 0)
		op->record_pending = lower_bool(l, v);
	else if (strcmp(canon, "requires") == 0)
		op->requires = lower_requires(v);
	else
		lower_nv_put(extra, name, canon, v, loc);
}

/*
 * op NAME name=value ...: op-defaults first, then its own attributes.
 * lower_primitive() made room in r->ops for one op per op item.
 */
static void
lower_op(struct lower *l, struct resource *r, struct item *it)
{
	const struct known	*k;
	const struct nvpair	*d;
	struct nvbuild		 extra;
	struct op		*op, *prev;
	struct diag		*dg;
	struct kv		*kv;
	const char		*near;
	size_t			 i;

	if (it->name.text == NULL)
		return;
	if (known_find(KNOWN_OP_NAME, it->name.text) == NULL) {
		near = known_suggest(KNOWN_OP_NAME, it->name.text);
		if (near != NULL)
			diag_error(l->ctx, &it->name.loc, "unknown operation "
			    "'%s'; did you mean '%s'?", it->name.text, near);
		else
			diag_error(l->ctx, &it->name.loc, "unknown operation "
			    "'%s'", it->name.text);
		return;
	}
	op = &r->ops[r->nops++];
	memset(op, 0, sizeof *op);
	op->name = it->name.text;
	op->loc = it->loc;
	op->timeout_ms = OP_TIMEOUT_MS;
	op->enabled = 1;
	op->check_level = -1;
	op->record_pending = 1;
	memset(&extra, 0, sizeof extra);
	for (i = 0; i < l->m->op_defaults.n; i++) {
		d = &l->m->op_defaults.v[i];
		lower_op_apply(l, op, &extra, d->canon, d->name, d->value,
		    &d->loc);
	}
	for (kv = it->kvs; kv != NULL; kv = kv->next) {
		if (known_check(l->ctx, KNOWN_OP_ATTR, &kv->key, &kv->val,
		    &k) != 0 || lower_kv_dup(l, it->kvs, kv, KNOWN_OP_ATTR))
			continue;
		lower_op_apply(l, op, &extra, k->name, kv->key.text,
		    kv->val.v[0].text, &kv->key.loc);
	}
	op->extra = lower_nv_done(l, &extra);
	for (i = 0; i + 1 < r->nops; i++) {
		prev = &r->ops[i];
		if (strcmp(prev->name, op->name) != 0 ||
		    prev->interval_ms != op->interval_ms)
			continue;
		dg = diag_error(l->ctx, &it->loc, "op %s with interval %s is "
		    "already defined for '%s'", op->name,
		    value_ms_text(l->ctx, op->interval_ms), r->name);
		diag_note(l->ctx, dg, &prev->loc, "it was first defined here");
		if (prev->role != op->role)
			diag_note(l->ctx, dg, NULL, "operations for different "
			    "roles need different intervals");
		r->nops--;
		return;
	}
}

/*
 * A primitive's agent and block: parameters, operations, utilization and
 * (unless its block belongs to an inline clone) meta attributes.
 */
static void
lower_primitive(struct lower *l, struct resource *r, struct stmt *st,
    int fence, int inline_clone)
{
	struct nvbuild	 params, util;
	struct item	*it;
	struct kv	 kv, *p;
	size_t		 nops = 0;

	lower_agent(l, r, &st->agent, fence);
	if (st->body == NULL)
		return;
	for (it = st->body->items; it != NULL; it = it->next)
		nops += it->kind == ITEM_OP;
	if (nops > 0)
		r->ops = arena_allocarray(l->ctx->arena, nops,
		    sizeof *r->ops);
	memset(&params, 0, sizeof params);
	memset(&util, 0, sizeof util);
	for (it = st->body->items; it != NULL; it = it->next) {
		if (lower_item_kv(it, &kv) == 0) {
			if (lower_attr_name(l, &kv.key, "parameter") == 0)
				lower_nv_add(l, &params, KNOWN_NTABLES, &kv);
			continue;
		}
		switch (it->kind) {
		case ITEM_OP:
			lower_op(l, r, it);
			break;
		case ITEM_UTIL:
			for (p = it->kvs; p != NULL; p = p->next)
				lower_util(l, &util, p);
			break;
		default:
			break;
		}
	}
	r->params = lower_nv_done(l, &params);
	r->utilization = lower_nv_done(l, &util);
	if (!inline_clone)
		lower_meta_block(l, r, st->body);
}

/*
 * Emit r and its children into model->resources, parents first; the array
 * has room for every resource (lower_resources() counted them).
 */
static void
lower_emit(struct lower *l, struct resource *r)
{
	struct model	*m = l->m;
	size_t		 i;

	r->index = m->nresources;
	m->resources[m->nresources++] = r;
	for (i = 0; i < r->nchildren; i++)
		lower_emit(l, r->children[i]);
}

/* Give the resource of symbol sym its children, in the order written. */
static void
lower_children(struct lower *l, struct symbol *sym)
{
	struct resource	*r = sym->rsc;
	struct symbol	*c;
	struct item	*it;
	size_t		 i;

	if (sym->kind == SYM_GROUP && sym->stmt->body != NULL) {
		for (it = sym->stmt->body->items; it != NULL; it = it->next) {
			if (it->kind == ITEM_RESOURCE) {
				c = map_get(&l->syms->rscs,
				    it->stmt->name.text);
				if (c != NULL && c->stmt == it->stmt &&
				    c->parent == sym)
					lower_adopt(l, r, c->rsc);
			}
			if (it->kind != ITEM_WORDS)
				continue;
			for (i = 0; i < it->val.n; i++) {
				c = map_get(&l->syms->rscs, it->val.v[i].text);
				if (c != NULL && c->parent == sym)
					lower_adopt(l, r, c->rsc);
			}
		}
	} else if ((sym->kind == SYM_CLONE || sym->kind == SYM_PROMOTABLE) &&
	    sym->stmt->of.text != NULL) {
		c = map_get(&l->syms->rscs, sym->stmt->of.text);
		if (c != NULL && c->parent == sym)
			lower_adopt(l, r, c->rsc);
	}
}

/*
 * A fence device declared with `fence` can be cloned or named in a group;
 * a fence agent inline in a clone or a group is an error.
 */
static void
lower_check_fence(struct lower *l, struct symbol *sym, struct resource *r)
{
	if (!r->is_fence || r->parent == NULL)
		return;
	if (r->parent->kind == RSC_CLONE && r->parent->name == r->name)
		diag_error(l->ctx, &sym->stmt->agent.loc, "a clone cannot hold "
		    "a fence device inline; declare it with 'fence' and write "
		    "'clone %s of DEVICE'", r->name);
	else if (r->parent->kind == RSC_GROUP && sym->stmt->kind != STMT_FENCE)
		diag_error(l->ctx, &sym->parent_loc, "a group cannot hold a "
		    "fence device inline; declare '%s' with 'fence' and name "
		    "it in group '%s'", r->name, r->parent->name);
}

/* The order of the plain defaults statement that sets canon, or 0. */
static size_t
lower_plain_order(struct lower *l, const char *canon)
{
	return (size_t)(uintptr_t)map_get(&l->plain_order, canon);
}

/*
 * The default rules about primitive r, on mt: an attribute r and its
 * parents leave unset takes the first defaults statement that sets it
 * (and is about r), as Pacemaker takes the first of its sets of equal
 * score.
 */
static void
lower_meta_rules(struct lower *l, struct resource *r, struct meta *mt)
{
	const struct default_rule	*d, *e;
	const struct nvpair		*p;
	const struct resource		*a;
	size_t				 i, j, k, plain;
	int				 taken;

	for (i = 0; i < l->m->ndefault_rules; i++) {
		d = l->m->default_rules[i];
		if (!lower_rule_matches(d, r))
			continue;
		for (j = 0; j < d->meta.n; j++) {
			p = &d->meta.v[j];
			for (taken = 0, a = r; a != NULL && !taken;
			    a = a->parent)
				taken = lower_nv_get(&a->meta_set, p->canon) !=
				    NULL;
			for (k = 0; k < i && !taken; k++) {
				e = l->m->default_rules[k];
				taken = lower_rule_matches(e, r) &&
				    lower_nv_get(&e->meta, p->canon) != NULL;
			}
			plain = lower_plain_order(l, p->canon);
			if (taken || (plain != 0 && plain < d->order))
				continue;
			lower_meta_apply(l, mt, p->canon, p->value);
		}
	}
}

/* Effective meta attributes of r, whose parent already has its own. */
static void
lower_meta_effective(struct lower *l, struct resource *r)
{
	r->meta = r->parent != NULL ? r->parent->meta : l->base;
	lower_meta_rules(l, r, &r->meta);
	lower_meta_apply_set(l, &r->meta, &r->meta_set);
	/* Pacemaker: clones stick to where they run unless told otherwise. */
	if (r->kind == RSC_CLONE &&
	    !lower_meta_explicit(l, r, "resource-stickiness"))
		r->meta.stickiness = 1;
	if (!lower_meta_explicit(l, r, "requires")) {
		if (r->is_fence || !l->m->props.stonith_enabled)
			r->meta.requires = REQUIRES_QUORUM;
		else if (l->unfencing)
			r->meta.requires = REQUIRES_UNFENCING;
		else
			r->meta.requires = REQUIRES_FENCING;
	} else if (r->meta.requires == REQUIRES_UNFENCING && (r->is_fence ||
	    !l->m->props.stonith_enabled))
		r->meta.requires = REQUIRES_QUORUM;	/* as Pacemaker */
}

/* Every symbol becomes a resource; an inline clone also its primitive. */
static void
lower_resources(struct lower *l)
{
	struct symtab	*syms = l->syms;
	struct symbol	*sym;
	struct resource	*r, *child;
	const struct nvpair *p;
	struct stmt	*st;
	size_t		 i, n = syms->norder;

	for (i = 0; i < syms->norder; i++) {
		sym = syms->order[i];
		switch (sym->kind) {
		case SYM_PRIMITIVE:
		case SYM_FENCE:
			r = lower_new_rsc(l, sym->name, RSC_PRIMITIVE,
			    &sym->loc);
			break;
		case SYM_GROUP:
			r = lower_new_rsc(l, sym->name, RSC_GROUP, &sym->loc);
			break;
		default:
			r = lower_new_rsc(l, sym->name, RSC_CLONE, &sym->loc);
			r->promotable = sym->kind == SYM_PROMOTABLE;
			if (sym->stmt->of.text == NULL) {
				child = lower_new_rsc(l, sym->name,
				    RSC_PRIMITIVE, &sym->loc);
				lower_adopt(l, r, child);
				n++;
			}
			break;
		}
		sym->rsc = r;
	}
	for (i = 0; i < syms->norder; i++)
		lower_children(l, syms->order[i]);
	if (n > 0)
		l->m->resources = arena_allocarray(l->ctx->arena, n,
		    sizeof *l->m->resources);
	for (i = 0; i < syms->norder; i++) {
		sym = syms->order[i];
		r = sym->rsc;
		if (r->parent == NULL)
			lower_emit(l, r);
		map_put(&l->m->rsc_by_name, sym->name, r);
	}

	for (i = 0; i < syms->norder; i++) {
		sym = syms->order[i];
		r = sym->rsc;
		st = sym->stmt;
		switch (sym->kind) {
		case SYM_PRIMITIVE:
		case SYM_FENCE:
			lower_primitive(l, r, st, sym->kind == SYM_FENCE, 0);
			lower_check_fence(l, sym, r);
			break;
		case SYM_GROUP:
			lower_meta_block(l, r, st->body);
			break;
		default:
			lower_meta_block(l, r, st->body);
			if (st->of.text == NULL && r->nchildren == 1) {
				lower_primitive(l, r->children[0], st, 0, 1);
				lower_check_fence(l, sym, r->children[0]);
			}
			if ((p = lower_nv_get(&r->meta_set, "promotable")) !=
			    NULL && lower_bool(l, p->value))
				r->promotable = 1;
			break;
		}
		lower_meta_kinds(l, r);
	}

	for (i = 0; i < l->m->nresources; i++)
		l->unfencing |= l->m->resources[i]->is_fence &&
		    model_provides_unfencing(l->m->resources[i]);
	lower_meta_init(&l->base);
	lower_meta_apply_set(l, &l->base, &l->m->rsc_defaults);
	for (i = 0; i < l->m->nresources; i++)
		lower_meta_effective(l, l->m->resources[i]);
}

/* The clone r is in (or is), or NULL. */
static const struct resource *
lower_in_clone(const struct resource *r)
{
	for (; r != NULL; r = r->parent) {
		if (r->kind == RSC_CLONE)
			return r;
	}
	return NULL;
}

/* Why r cannot run inside c (what r's meta container= names), or NULL. */
static const char *
lower_container_why(struct lower *l, const struct resource *r,
    const struct resource *c)
{
	if (c->kind != RSC_PRIMITIVE || lower_in_clone(c) != NULL)
		return arena_printf(l->ctx->arena, "'%s' is %s; a container is "
		    "a primitive outside any clone", c->name, lower_in_clone(c)
		    == NULL ? "a group" : c->kind == RSC_PRIMITIVE ?
		    "in a clone" : "a clone");
	if (c->is_fence)
		return arena_printf(l->ctx->arena, "'%s' is a fence device, "
		    "not a container", c->name);
	if (lower_in_clone(r) != NULL)
		return arena_printf(l->ctx->arena, "'%s' is in a clone; "
		    "cloned resources cannot run inside a container", r->name);
	if (c == r)
		return arena_printf(l->ctx->arena, "'%s' cannot run inside "
		    "itself", r->name);
	return NULL;
}

/*
 * meta container=: check what each names, then give every primitive its
 * effective container (its own, else its group's, unless that is the
 * primitive itself) and every container its fillers. A container that
 * waits for its own filler (a loop of containers, or a container later
 * in the filler's group) is an error: no transition could start them.
 */
static void
lower_containers(struct lower *l)
{
	struct resource		*r, *c;
	const struct resource	*a;
	const struct nvpair	*p;
	const char		*why;
	size_t			 i, j, steps;

	for (i = 0; i < l->m->nresources; i++) {
		r = l->m->resources[i];
		if (r->container == NULL)
			continue;
		why = lower_container_why(l, r, r->container);
		if (why != NULL) {
			p = lower_nv_get(&r->meta_set, "container");
			diag_error(l->ctx, &p->loc, "meta container: %s", why);
			r->container = NULL;
		}
	}
	for (i = 0; i < l->m->nresources; i++) {
		r = l->m->resources[i];
		if (r->kind != RSC_PRIMITIVE)
			continue;
		c = r->container;
		if (c == NULL && r->parent != NULL)
			c = r->parent->container;
		r->container = c != r ? c : NULL;
	}
	for (i = 0; i < l->m->nresources; i++) {
		r = l->m->resources[i];
		if ((c = r->container) == NULL || r->kind != RSC_PRIMITIVE)
			continue;
		for (a = c, steps = 0; a != NULL && a != r &&
		    steps < l->m->nresources; a = a->container)
			steps++;
		why = NULL;
		if (a == r)
			why = arena_printf(l->ctx->arena, "'%s' and '%s' run "
			    "inside each other", r->name, c->name);
		else if (c->parent != NULL && c->parent == r->parent) {
			for (j = 0; r->parent->children[j] != r; j++)
				if (r->parent->children[j] == c)
					break;
			if (r->parent->children[j] == r)
				why = arena_printf(l->ctx->arena, "'%s' starts "
				    "after '%s' in group '%s', so it cannot "
				    "hold it", c->name, r->name,
				    r->parent->name);
		}
		if (why != NULL) {
			for (a = r; lower_nv_get(&a->meta_set, "container") ==
			    NULL; a = a->parent)
				;
			p = lower_nv_get(&a->meta_set, "container");
			diag_error(l->ctx, &p->loc, "meta container: %s", why);
			r->container = NULL;
			continue;
		}
		c->fillers = lower_grow(l, c->fillers, c->nfillers,
		    sizeof *c->fillers);
		c->fillers[c->nfillers++] = r;
	}
}

/* A primitive under r whose agent class cannot be a unique clone, or NULL. */
static const struct resource *
lower_anon_only(const struct resource *r)
{
	const struct resource	*p;
	size_t			 i;

	if (r->kind == RSC_PRIMITIVE)
		return r->cls == CLASS_OCF || r->cls == CLASS_STONITH ? NULL :
		    r;
	for (i = 0; i < r->nchildren; i++) {
		if ((p = lower_anon_only(r->children[i])) != NULL)
			return p;
	}
	return NULL;
}

/* Make r and what it holds anonymous, at most max instances (-1: any). */
static void
lower_anon(struct resource *r, int max)
{
	size_t	i;

	r->meta.globally_unique = 0;
	r->meta.clone_node_max = 1;
	if (r->meta.clone_max < 0 || r->meta.clone_max > max)
		r->meta.clone_max = max;
	for (i = 0; i < r->nchildren; i++)
		lower_anon(r->children[i], max);
}

/*
 * A globally unique clone of an LSB, systemd or service resource is
 * anonymous (Pacemaker's pe__force_anon: only OCF and fence agents can
 * tell instances apart), with one instance per node and no more than
 * nodes.
 */
static void
lower_force_anon(struct lower *l)
{
	static const char *const cls[] = { "OCF", "LSB", "systemd",
	    "service", "fence" };
	const struct resource	*p;
	struct resource		*c;
	size_t			 i;

	for (i = 0; i < l->m->nresources; i++) {
		c = l->m->resources[i];
		if (c->kind != RSC_CLONE || !c->meta.globally_unique ||
		    (p = lower_anon_only(c)) == NULL)
			continue;
		diag_warning(l->ctx, &c->loc, "'globally-unique' has no "
		    "effect on '%s': Pacemaker clones %s resources such as "
		    "'%s' anonymously only", c->name, cls[p->cls], p->name);
		lower_anon(c, (int)l->m->nnodes);
	}
}

/*
 * The number of instances of primitive r, and the clone holding it (NULL
 * outside clones) in *clone. A clone-max left unset means one instance
 * per declared node (Pacemaker's "number of nodes"), and one if the
 * policy declares no node.
 */
static int
lower_ninstances(const struct model *m, struct resource *r,
    struct resource **clone)
{
	struct resource	*c;

	for (c = r->parent; c != NULL && c->kind != RSC_CLONE; c = c->parent)
		;
	*clone = c;
	if (c == NULL)
		return 1;
	if (c->meta.clone_max >= 0)
		return c->meta.clone_max;
	return m->nnodes > 0 ? (int)m->nnodes : 1;
}

/*
 * Instances: one per primitive outside clones; clone-max of each cloned
 * primitive, named "NAME:i".
 */
static void
lower_instances(struct lower *l)
{
	struct model	*m = l->m;
	struct resource	*r, *c;
	struct instance	*in;
	size_t		 i, total = 0;
	int		 k, n;

	for (i = 0; i < m->nresources; i++) {
		r = m->resources[i];
		if (r->kind != RSC_PRIMITIVE)
			continue;
		n = lower_ninstances(m, r, &c);
		if ((size_t)n > SIZE_MAX - total)
			abort();
		total += (size_t)n;
	}
	if (total > 0)
		m->instances = arena_allocarray(l->ctx->arena, total,
		    sizeof *m->instances);
	for (i = 0; i < m->nresources; i++) {
		r = m->resources[i];
		if (r->kind != RSC_PRIMITIVE)
			continue;
		n = lower_ninstances(m, r, &c);
		if (c == NULL) {
			in = &m->instances[m->ninstances++];
			in->rsc = r;
			in->clone_index = -1;
			in->name = r->name;
			continue;
		}
		for (k = 0; k < n; k++) {
			in = &m->instances[m->ninstances++];
			in->rsc = r;
			in->clone_index = k;
			in->name = arena_printf(l->ctx->arena, "%s:%d",
			    r->name, k);
		}
	}
}

/*
 * Constraint ids. Ids the policy gives are claimed first, so that
 * generated ones never take them: "loc-RSC-NODE", "col-A-B", "ord-A-B",
 * with "-2", "-3"... when taken. Resource names share the XML ID space: no
 * id, given or generated, may be one (the symbol table has them, l->ids
 * only constraint ids).
 */

/* Claim the id= among kvs; an id used twice is an error. */
static void
lower_claim(struct lower *l, const struct kv *kv)
{
	const struct loc	*prev;
	const struct symbol	*sym;
	struct diag		*dg;
	const char		*id;

	for (; kv != NULL; kv = kv->next) {
		if (strcmp(kv->key.text, "id") != 0 || kv->val.n != 1 ||
		    !value_is_name(kv->val.v[0].text))
			continue;
		id = kv->val.v[0].text;
		if ((sym = map_get(&l->syms->rscs, id)) != NULL) {
			dg = diag_error(l->ctx, &kv->val.v[0].loc, "id '%s' is "
			    "the name of a resource", id);
			diag_note(l->ctx, dg, &sym->loc, "resource '%s' is "
			    "declared here", id);
			continue;
		}
		if ((prev = map_put(&l->ids, id, (void *)&kv->val.v[0].loc)) ==
		    NULL)
			continue;
		dg = diag_error(l->ctx, &kv->val.v[0].loc, "id '%s' is already "
		    "used", id);
		diag_note(l->ctx, dg, prev, "'%s' was first used here", id);
	}
}

/* Claim every id the policy gives. */
static void
lower_claim_ids(struct lower *l)
{
	struct stmt	*st;
	struct term	*t;
	size_t		 i;

	for (i = 0; i < l->pol->nstmts; i++) {
		st = l->pol->stmts[i];
		if (st->kind != STMT_LOCATION && st->kind != STMT_COLOCATE &&
		    st->kind != STMT_ORDER && st->kind != STMT_TICKET)
			continue;
		lower_claim(l, st->opts);
		for (t = st->terms; t != NULL; t = t->next)
			lower_claim(l, t->set_opts);
	}
}

/* A new id from base: base itself, else base-2, base-3... */
static const char *
lower_gen_id(struct lower *l, const char *base, const struct loc *loc)
{
	char		*b, *p, *id;
	unsigned	 k;

	b = arena_strdup(l->ctx->arena, base);
	for (p = b; *p != '\0'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '.'))
			*p = '_';
	}
	id = b;
	for (k = 2; map_get(&l->ids, id) != NULL ||
	    map_get(&l->syms->rscs, id) != NULL; k++)
		id = arena_printf(l->ctx->arena, "%s-%u", b, k);
	map_put(&l->ids, id, (void *)loc);
	return id;
}

/*
 * Locations.
 */

/* Append a location to the model. */
static void
lower_add_location(struct lower *l, struct location *lc)
{
	struct model	*m = l->m;

	m->locations = lower_grow(l, m->locations, m->nlocations,
	    sizeof *m->locations);
	m->locations[m->nlocations++] = lc;
}

/* The type of a rule's value: "integer:5" or guessed as Pacemaker does. */
static int
lower_cond_value(struct lower *l, struct cond *c, const struct word *w)
{
	static const struct {
		const char	*prefix;
		enum expr_type	 type;
	} types[] = {
		{ "string:", TYPE_STRING }, { "integer:", TYPE_INTEGER },
		{ "number:", TYPE_NUMBER }, { "version:", TYPE_VERSION },
	};
	const char	*v = w->text, *cause = "", *p;
	char		*end;
	long long	 ll;
	size_t		 i;
	int		 typed = 0;

	/*
	 * Pacemaker compares as strings unless the type says otherwise; for
	 * lt, gt, lte and gte the default is number (a value with a '.') or
	 * integer.
	 */
	c->type = TYPE_STRING;
	if (c->op == OP_LT || c->op == OP_GT || c->op == OP_LTE ||
	    c->op == OP_GTE)
		c->type = strchr(v, '.') != NULL ? TYPE_NUMBER : TYPE_INTEGER;
	for (i = 0; !w->quoted && i < nitems(types); i++) {
		if (strncmp(v, types[i].prefix, strlen(types[i].prefix)) == 0) {
			c->type = types[i].type;
			v += strlen(types[i].prefix);
			typed = 1;
			c->typed = 1;
			break;
		}
	}
	c->value = v;
	switch (c->type) {
	case TYPE_STRING:
		return 0;
	case TYPE_INTEGER:
		if (value_int(l->ctx, v, LLONG_MIN, LLONG_MAX, &ll,
		    &cause) == 0)
			return 0;
		break;
	case TYPE_NUMBER:
		if (*v != '\0' && (strtod(v, &end), *end == '\0'))
			return 0;
		cause = arena_printf(l->ctx->arena, "'%s' is not a number", v);
		break;
	case TYPE_VERSION:
		for (p = v; *p != '\0' && strchr("0123456789.", *p) != NULL;
		    p++)
			;
		if (*v != '\0' && *p == '\0')
			return 0;
		cause = arena_printf(l->ctx->arena, "'%s' is not a version "
		    "such as 1.2.3", v);
		break;
	}
	if (typed)
		diag_error(l->ctx, &w->loc, "invalid value '%s' in rule: %s",
		    w->text, cause);
	else
		diag_error(l->ctx, &w->loc, "'%s' is compared as a number, and "
		    "%s; write 'string:%s' to compare text", w->text, cause,
		    w->text);
	return -1;
}

static void	lower_cond(struct lower *, struct mrule *, struct expr *);

/* A test or a nested rule, appended to mr. */
static struct cond *
lower_new_cond(struct lower *l, struct mrule *mr, const struct loc *loc)
{
	struct cond	*c;

	mr->conds = lower_grow(l, mr->conds, mr->nconds, sizeof *mr->conds);
	c = &mr->conds[mr->nconds++];
	memset(c, 0, sizeof *c);
	c->loc = *loc;
	return c;
}

/* A binary test: ATTR OP VALUE. */
static void
lower_binary(struct lower *l, struct mrule *mr, struct expr *e)
{
	static const struct {
		const char	*name;
		enum expr_op	 op;
	} ops[] = {
		{ "eq", OP_EQ }, { "ne", OP_NE }, { "lt", OP_LT },
		{ "gt", OP_GT }, { "lte", OP_LTE }, { "gte", OP_GTE },
	};
	const char	*names[nitems(ops)], *near;
	struct cond	 c;
	struct nodesym	*ns;
	size_t		 i;

	memset(&c, 0, sizeof c);
	for (i = 0; i < nitems(ops); i++) {
		names[i] = ops[i].name;
		if (strcmp(e->op.text, ops[i].name) == 0)
			break;
	}
	if (i == nitems(ops)) {
		if ((near = diag_suggest(e->op.text, names, nitems(names))) !=
		    NULL)
			diag_error(l->ctx, &e->op.loc, "unknown comparison "
			    "'%s'; did you mean '%s'?", e->op.text, near);
		else
			diag_error(l->ctx, &e->op.loc, "unknown comparison "
			    "'%s': use eq, ne, lt, gt, lte or gte", e->op.text);
		return;
	}
	c.op = ops[i].op;
	c.attr = e->lhs.text;
	c.loc = e->loc;
	if (lower_cond_value(l, &c, &e->rhs) != 0)
		return;
	if (strcmp(c.attr, "#uname") == 0 && c.type == TYPE_STRING &&
	    l->syms->nodes.n > 0 &&
	    (ns = map_get(&l->syms->nodes, c.value)) == NULL) {
		near = map_suggest(&l->syms->nodes, c.value, NULL);
		if (near != NULL)
			diag_warning(l->ctx, &e->rhs.loc, "no node is named "
			    "'%s'; did you mean '%s'?", c.value, near);
		else
			diag_warning(l->ctx, &e->rhs.loc, "no node is named "
			    "'%s'", c.value);
	}
	*lower_new_cond(l, mr, &e->loc) = c;
}

/*
 * One operand of mr: an AND/OR of the same kind as mr is flattened into
 * it, one of the other kind becomes a nested rule.
 */
static void
lower_cond(struct lower *l, struct mrule *mr, struct expr *e)
{
	struct mrule	*sub;
	struct cond	*c;
	struct expr	*k;

	switch (e->kind) {
	case EXPR_AND:
	case EXPR_OR:
		if ((e->kind == EXPR_OR) == mr->bool_or) {
			for (k = e->kids; k != NULL; k = k->next)
				lower_cond(l, mr, k);
			return;
		}
		sub = arena_zalloc(l->ctx->arena, sizeof *sub);
		sub->bool_or = e->kind == EXPR_OR;
		sub->loc = e->loc;
		for (k = e->kids; k != NULL; k = k->next)
			lower_cond(l, sub, k);
		if (sub->nconds == 0)
			return;
		c = lower_new_cond(l, mr, &e->loc);
		c->is_rule = 1;
		c->rule = sub;
		return;
	case EXPR_BINARY:
		lower_binary(l, mr, e);
		return;
	case EXPR_DEFINED:
	case EXPR_NOT_DEFINED:
		c = lower_new_cond(l, mr, &e->loc);
		c->op = e->kind == EXPR_DEFINED ? OP_DEFINED : OP_NOT_DEFINED;
		c->attr = e->lhs.text;
		c->type = TYPE_STRING;
		return;
	}
}

/* rule [SCORE:] EXPR; SCORE is a score or a node attribute's name. */
static struct mrule *
lower_rule(struct lower *l, struct rule *ru)
{
	struct mrule	*mr;
	const char	*s, *cause, *bare;
	int		 bad = 0;

	mr = arena_zalloc(l->ctx->arena, sizeof *mr);
	mr->loc = ru->loc;
	mr->score = SCORE_INFINITY;
	if ((s = ru->score.text) != NULL &&
	    value_score(l->ctx, s, &mr->score, &cause) != 0) {
		bare = s + (*s == '-' || *s == '+');
		mr->score = 0;
		if (s != bare || (*s >= '0' && *s <= '9')) {
			diag_error(l->ctx, &ru->score.loc, "invalid score '%s' "
			    "in rule: %s", s, cause);
			bad = 1;
		} else if (diag_distance(bare, "INFINITY") <= 2) {
			diag_error(l->ctx, &ru->score.loc, "invalid score '%s' "
			    "in rule; did you mean 'INFINITY'?", s);
			bad = 1;
		} else
			mr->score_attr = s;
	}
	if (ru->expr == NULL)
		return NULL;
	mr->bool_or = ru->expr->kind == EXPR_OR;
	lower_cond(l, mr, ru->expr);
	return mr->nconds > 0 && !bad ? mr : NULL;
}

/* A location option, with a hint for a node score written without ','. */
static int
lower_location_opt(struct lower *l, struct stmt *st, const struct kv *kv,
    const struct known **k)
{
	if (st->loc_kind != LOCATION_RULES &&
	    known_find(KNOWN_LOCATION_OPT, kv->key.text) == NULL &&
	    (map_get(&l->syms->nodes, kv->key.text) != NULL ||
	    (l->syms->nodes.n == 0 &&
	    known_suggest(KNOWN_LOCATION_OPT, kv->key.text) == NULL))) {
		diag_error(l->ctx, &kv->key.loc, "unknown location option "
		    "'%s'; separate node scores with ','", kv->key.text);
		return -1;
	}
	return known_check(l->ctx, KNOWN_LOCATION_OPT, &kv->key, &kv->val, k);
}

/* location R prefers|avoids N [= S], ... | location R rule ... */
static void
lower_location(struct lower *l, struct stmt *st)
{
	struct symbol		*sym;
	struct nodesym		*ns;
	struct location		 proto, *lc;
	const struct known	*k;
	const char		*id = NULL, *cause, *base;
	struct kv		*kv;
	struct rule		*ru;
	struct mrule		*mr;
	struct cond		*c;
	int			 score, n = 0;

	memset(&proto, 0, sizeof proto);
	proto.loc = st->loc;
	proto.discovery = DISCOVERY_ALWAYS;
	for (kv = st->opts; kv != NULL; kv = kv->next) {
		if (lower_location_opt(l, st, kv, &k) != 0 ||
		    lower_kv_dup(l, st->opts, kv, KNOWN_LOCATION_OPT))
			continue;
		if (strcmp(k->name, "id") == 0)
			id = kv->val.v[0].text;
		else if (strcmp(k->name, "role") == 0)
			proto.role = lower_role(l, kv->val.v[0].text);
		else if (strcmp(k->name, "resource-discovery") == 0)
			proto.discovery = strcmp(kv->val.v[0].text, "never") ==
			    0 ? DISCOVERY_NEVER : strcmp(kv->val.v[0].text,
			    "exclusive") == 0 ? DISCOVERY_EXCLUSIVE :
			    DISCOVERY_ALWAYS;
	}
	if ((sym = map_get(&l->syms->rscs, st->name.text)) == NULL)
		return;		/* reported by check.c */
	proto.rsc = sym->rsc;

	for (kv = st->scores; kv != NULL; kv = kv->next) {
		score = st->loc_kind == LOCATION_AVOIDS ? -SCORE_INFINITY :
		    SCORE_INFINITY;
		if (kv->val.n == 1 && value_score(l->ctx, kv->val.v[0].text,
		    &score, &cause) != 0) {
			diag_error(l->ctx, &kv->val.v[0].loc, "invalid score "
			    "'%s' for node '%s': %s", kv->val.v[0].text,
			    kv->key.text, cause);
			continue;
		}
		if (kv->val.n == 1 && st->loc_kind == LOCATION_AVOIDS) {
			if (score < 0)
				diag_warning(l->ctx, &kv->val.v[0].loc, "the "
				    "score after 'avoids' says how much to "
				    "avoid '%s'; write %d, which means %d",
				    kv->key.text, -score, score);
			else
				score = -score;
		}
		lc = arena_alloc(l->ctx->arena, sizeof *lc);
		*lc = proto;
		lc->score = score;
		lc->loc = kv->loc;
		ns = map_get(&l->syms->nodes, kv->key.text);
		if (ns != NULL && ns->node != NULL)
			lc->node = ns->node;
		else if (l->syms->nodes.n > 0)
			continue;	/* unknown node, reported */
		else {
			/* No node is declared: the rule Pacemaker means. */
			mr = arena_zalloc(l->ctx->arena, sizeof *mr);
			mr->score = score;
			mr->loc = kv->loc;
			c = lower_new_cond(l, mr, &kv->loc);
			c->attr = "#uname";
			c->op = OP_EQ;
			c->type = TYPE_STRING;
			c->value = kv->key.text;
			lc->rule = mr;
		}
		base = arena_printf(l->ctx->arena, "loc-%s-%s", sym->name,
		    kv->key.text);
		lc->id = id != NULL && n == 0 ? id : lower_gen_id(l,
		    id != NULL ? id : base, &lc->loc);
		n++;
		lower_add_location(l, lc);
	}
	for (ru = st->rules; ru != NULL; ru = ru->next) {
		if ((mr = lower_rule(l, ru)) == NULL)
			continue;
		lc = arena_alloc(l->ctx->arena, sizeof *lc);
		*lc = proto;
		lc->score = mr->score;
		lc->rule = mr;
		lc->loc = ru->loc;
		base = arena_printf(l->ctx->arena, "loc-%s", sym->name);
		lc->id = id != NULL && n == 0 ? id : lower_gen_id(l,
		    id != NULL ? id : base, &lc->loc);
		n++;
		lower_add_location(l, lc);
	}
}

/*
 * Colocations and orders: a term is a set, a bare name a set of one.
 */

/* The resources a term names and the options inside its ( ). */
static void
lower_set(struct lower *l, struct term *t, int chain, int order,
    struct rsc_set *set)
{
	struct symbol		*sym;
	const struct known	*k;
	struct kv		*kv;
	const char		*v;
	size_t			 i;

	memset(set, 0, sizeof *set);
	set->loc = t->loc;
	set->sequential = !(t->is_set && chain);
	set->require_all = 1;
	if (order)
		set->action = "start";
	set->rscs = arena_alloc(l->ctx->arena, (t->nnames > 0 ? t->nnames :
	    1) * sizeof *set->rscs);
	for (i = 0; i < t->nnames; i++) {
		sym = map_get(&l->syms->rscs, t->names[i].text);
		if (sym != NULL && sym->rsc != NULL)
			set->rscs[set->nrscs++] = sym->rsc;
	}
	for (kv = t->set_opts; kv != NULL; kv = kv->next) {
		if (known_check(l->ctx, KNOWN_SET_OPT, &kv->key, &kv->val,
		    &k) != 0 || lower_kv_dup(l, t->set_opts, kv, KNOWN_SET_OPT))
			continue;
		v = kv->val.v[0].text;
		if (strcmp(k->name, "sequential") == 0)
			set->sequential = lower_bool(l, v);
		else if (strcmp(k->name, "require-all") == 0)
			set->require_all = lower_bool(l, v);
		else if (strcmp(k->name, "id") == 0)
			set->id = v;
		else if (strcmp(k->name, "role") == 0) {
			set->role = lower_role(l, v);
			if (order)
				diag_warning(l->ctx, &kv->key.loc, "'role' has "
				    "no effect in an order; use 'action'");
		} else if (strcmp(k->name, "action") == 0) {
			set->action = v;
			if (!order)
				diag_warning(l->ctx, &kv->key.loc, "'action' "
				    "has no effect in a colocation; use "
				    "'role'");
		}
	}
}

/* Whether a colocation or an order has two operands (or a set). */
static int
lower_enough(struct lower *l, struct stmt *st, const char *what,
    const char *with)
{
	if (st->terms == NULL || st->terms->next != NULL || st->terms->is_set)
		return 1;
	diag_error(l->ctx, &st->terms->loc, "%s needs two resources or a set: "
	    "write '%s %s %s OTHER' or '%s (%s ...)'", what,
	    st->keyword.text, st->terms->names[0].text, with, st->keyword.text,
	    st->terms->names[0].text);
	return 0;
}

/* A generated constraint id: PREFIX-FIRST-OF-EACH-SET. */
static const char *
lower_rel_id(struct lower *l, const char *prefix, const struct rsc_set *sets,
    size_t n, const struct loc *loc)
{
	struct buf	 b;
	const char	*id;
	size_t		 i;

	buf_init(&b);
	buf_puts(&b, prefix);
	for (i = 0; i < n; i++) {
		if (sets[i].nrscs > 0)
			buf_printf(&b, "-%s", sets[i].rscs[0]->name);
	}
	id = lower_gen_id(l, b.data, loc);
	buf_clear(&b);
	return id;
}

/* A score among the words after a name, or in score=; one per statement. */
static int
lower_one_score(struct lower *l, const struct word **first,
    const struct word *w, const char *what)
{
	struct diag	*dg;

	if (*first != NULL) {
		dg = diag_error(l->ctx, &w->loc, "%s has one score, and '%s' "
		    "is a second one", what, w->text);
		diag_note(l->ctx, dg, &(*first)->loc, "the first score is "
		    "'%s'", (*first)->text);
		return -1;
	}
	*first = w;
	return 0;
}

/* colocate A [role] with B [role] [score] ... [name=value ...] */
static void
lower_colocate(struct lower *l, struct stmt *st)
{
	struct model		*m = l->m;
	struct colocation	*c;
	struct rsc_set		*set;
	const struct known	*k;
	const struct word	*scorew = NULL, *w;
	const char		*id = NULL, *cause, *near;
	struct term		*t;
	struct kv		*kv;
	enum role		 role;
	size_t			 i, nterms = 0;
	int			 score;

	if (!lower_enough(l, st, "a colocation", "with"))
		return;
	c = arena_zalloc(l->ctx->arena, sizeof *c);
	c->loc = st->loc;
	c->score = SCORE_INFINITY;
	c->influence = 1;
	for (t = st->terms; t != NULL; t = t->next)
		nterms++;
	c->sets = arena_alloc(l->ctx->arena, nterms * sizeof *c->sets);
	for (t = st->terms; t != NULL; t = t->next) {
		set = &c->sets[c->nsets];
		lower_set(l, t, nterms > 1, 0, set);
		for (i = 0; i < t->nquals; i++) {
			w = &t->quals[i];
			if (value_role(l->ctx, w->text, &role, &cause) == 0) {
				if (set->role != ROLE_UNKNOWN)
					diag_error(l->ctx, &w->loc, "a second "
					    "role for the same resources");
				set->role = role;
			} else if (value_score(l->ctx, w->text, &score,
			    &cause) == 0) {
				if (lower_one_score(l, &scorew, w,
				    "a colocation") == 0)
					c->score = score;
			} else if ((near = diag_suggest(w->text, lower_roles,
			    nitems(lower_roles))) != NULL)
				diag_error(l->ctx, &w->loc, "unknown role "
				    "'%s'; did you mean '%s'?", w->text, near);
			else
				diag_error(l->ctx, &w->loc, "'%s' is neither a "
				    "role (started, stopped, promoted, "
				    "unpromoted) nor a score", w->text);
		}
		if (set->nrscs > 0)
			c->nsets++;
	}
	for (kv = st->opts; kv != NULL; kv = kv->next) {
		if (known_check(l->ctx, KNOWN_COLOCATE_OPT, &kv->key, &kv->val,
		    &k) != 0 || lower_kv_dup(l, st->opts, kv,
		    KNOWN_COLOCATE_OPT))
			continue;
		if (strcmp(k->name, "id") == 0)
			id = kv->val.v[0].text;
		else if (strcmp(k->name, "influence") == 0)
			c->influence = lower_bool(l, kv->val.v[0].text);
		else if (strcmp(k->name, "node-attribute") == 0)
			c->node_attr = kv->val.v[0].text;
		else if (strcmp(k->name, "score") == 0 &&
		    lower_one_score(l, &scorew, &kv->val.v[0],
		    "a colocation") == 0)
			c->score = lower_score(l, kv->val.v[0].text);
	}
	if (c->nsets == 0 || (c->nsets == 1 && nterms > 1))
		return;		/* unresolved names, reported */
	c->id = id != NULL ? id : lower_rel_id(l, "col", c->sets, c->nsets,
	    &c->loc);
	m->colocations = lower_grow(l, m->colocations, m->ncolocations,
	    sizeof *m->colocations);
	m->colocations[m->ncolocations++] = c;
}

/*
 * ticket T R [role] [loss-policy=P id=X]: R may run (in that role) only
 * while the cluster holds ticket T. The loss policy defaults as in
 * Pacemaker: demote for the Promoted role, else stop; fence without
 * fencing is stop.
 */
static void
lower_ticket(struct lower *l, struct stmt *st)
{
	struct model		*m = l->m;
	struct ticket_dep	*d;
	const struct known	*k;
	const struct word	*w, *policy = NULL;
	const char		*id = NULL, *cause, *near;
	struct kv		*kv;
	enum role		 role;
	size_t			 i;

	d = arena_zalloc(l->ctx->arena, sizeof *d);
	d->loc = st->loc;
	d->ticket = st->name.text;
	lower_set(l, st->terms, 0, 0, &d->set);
	for (i = 0; i < st->terms->nquals; i++) {
		w = &st->terms->quals[i];
		if (value_role(l->ctx, w->text, &role, &cause) == 0) {
			if (d->set.role != ROLE_UNKNOWN)
				diag_error(l->ctx, &w->loc, "a second role for "
				    "the same resources");
			d->set.role = role;
		} else if ((near = diag_suggest(w->text, lower_roles,
		    nitems(lower_roles))) != NULL)
			diag_error(l->ctx, &w->loc, "unknown role '%s'; did "
			    "you mean '%s'?", w->text, near);
		else
			diag_error(l->ctx, &w->loc, "'%s' is not a role "
			    "(started, stopped, promoted, unpromoted)",
			    w->text);
	}
	for (kv = st->opts; kv != NULL; kv = kv->next) {
		if (known_check(l->ctx, KNOWN_TICKET_OPT, &kv->key, &kv->val,
		    &k) != 0 || lower_kv_dup(l, st->opts, kv,
		    KNOWN_TICKET_OPT))
			continue;
		if (strcmp(k->name, "id") == 0)
			id = kv->val.v[0].text;
		else if (strcmp(k->name, "loss-policy") == 0)
			policy = &kv->val.v[0];
	}
	d->loss = d->set.role == ROLE_PROMOTED ? LOSS_DEMOTE : LOSS_STOP;
	if (policy != NULL) {
		d->loss_given = 1;
		(void)value_loss_policy(policy->text, &d->loss); /* checked */
		if (d->loss == LOSS_FENCE && !m->props.stonith_enabled) {
			diag_warning(l->ctx, &policy->loc, "loss-policy=fence "
			    "needs fencing (stonith-enabled=false here): the "
			    "ticket's loss stops the resources instead");
			d->loss = LOSS_STOP;
		}
	}
	if (d->set.nrscs == 0)
		return;		/* unresolved names, reported */
	d->id = id != NULL ? id : lower_gen_id(l, arena_printf(l->ctx->arena,
	    "ticket-%s-%s", d->ticket, d->set.rscs[0]->name), &d->loc);
	m->tickets = lower_grow(l, m->tickets, m->ntickets,
	    sizeof *m->tickets);
	m->tickets[m->ntickets++] = d;
}

/*
 * order A [action] then B [action] ...
 *     [kind=K symmetrical=B require-all=B id=X]
 */
static void
lower_order(struct lower *l, struct stmt *st)
{
	struct model		*m = l->m;
	struct order		*o;
	struct rsc_set		*set;
	const struct known	*k;
	const struct word	*scorew = NULL, *kindw = NULL, *symw = NULL;
	const struct word	*w, *allw = NULL;
	const char		*id = NULL, *cause, *near, *v;
	struct term		*t;
	struct kv		*kv;
	size_t			 i, j, nterms = 0;
	int			 score, sym = 1;

	if (!lower_enough(l, st, "an order", "then"))
		return;
	o = arena_zalloc(l->ctx->arena, sizeof *o);
	o->loc = st->loc;
	o->kind = ORDER_MANDATORY;
	o->require_all = 1;
	for (t = st->terms; t != NULL; t = t->next)
		nterms++;
	o->sets = arena_alloc(l->ctx->arena, nterms * sizeof *o->sets);
	for (t = st->terms; t != NULL; t = t->next) {
		set = &o->sets[o->nsets];
		lower_set(l, t, nterms > 1, 1, set);
		for (i = 0; i < t->nquals; i++) {
			w = &t->quals[i];
			for (j = 0; j < nitems(lower_actions); j++) {
				if (strcasecmp(w->text, lower_actions[j]) == 0)
					break;
			}
			if (j < nitems(lower_actions)) {
				set->action = lower_actions[j];
			} else if (value_score(l->ctx, w->text, &score,
			    &cause) == 0) {
				if (lower_one_score(l, &scorew, w,
				    "an order") == 0)
					o->kind = score > 0 ? ORDER_MANDATORY :
					    ORDER_OPTIONAL;
			} else if ((near = diag_suggest(w->text, lower_actions,
			    nitems(lower_actions))) != NULL)
				diag_error(l->ctx, &w->loc, "unknown action "
				    "'%s'; did you mean '%s'?", w->text, near);
			else
				diag_error(l->ctx, &w->loc, "'%s' is not an "
				    "action (start, stop, promote or demote)",
				    w->text);
		}
		if (set->nrscs > 0)
			o->nsets++;
	}
	for (kv = st->opts; kv != NULL; kv = kv->next) {
		if (known_check(l->ctx, KNOWN_ORDER_OPT, &kv->key, &kv->val,
		    &k) != 0 || lower_kv_dup(l, st->opts, kv, KNOWN_ORDER_OPT))
			continue;
		v = kv->val.v[0].text;
		if (strcmp(k->name, "id") == 0)
			id = v;
		else if (strcmp(k->name, "symmetrical") == 0) {
			sym = lower_bool(l, v);
			symw = &kv->val.v[0];
		} else if (strcmp(k->name, "require-all") == 0) {
			o->require_all = lower_bool(l, v);
			allw = &kv->key;
		} else if (strcmp(k->name, "kind") == 0) {
			kindw = &kv->val.v[0];
			o->kind = strcasecmp(v, "Optional") == 0 ?
			    ORDER_OPTIONAL : strcasecmp(v, "Serialize") == 0 ?
			    ORDER_SERIALIZE : ORDER_MANDATORY;
		} else if (strcmp(k->name, "score") == 0 &&
		    lower_one_score(l, &scorew, &kv->val.v[0],
		    "an order") == 0)
			o->kind = lower_score(l, v) > 0 ? ORDER_MANDATORY :
			    ORDER_OPTIONAL;
	}
	if (scorew != NULL && kindw != NULL)
		diag_error(l->ctx, &scorew->loc, "an order has a kind or a "
		    "score, not both; drop the score");
	else if (scorew != NULL)
		diag_warning(l->ctx, &scorew->loc, "a score in an order is "
		    "deprecated; write kind=%s", o->kind == ORDER_MANDATORY ?
		    "Mandatory" : "Optional");
	o->symmetrical = sym;
	if (o->kind == ORDER_SERIALIZE) {
		if (symw != NULL && sym)
			diag_warning(l->ctx, &symw->loc, "a Serialize order is "
			    "never symmetrical");
		o->symmetrical = 0;
	}
	if (o->nsets == 0 || (o->nsets == 1 && nterms > 1))
		return;		/* unresolved names, reported */
	if (!o->require_all && (nterms != 2 || st->terms->is_set ||
	    st->terms->next->is_set)) {
		diag_error(l->ctx, &allw->loc, "'require-all' applies to an "
		    "order of two resources; in a set, write it inside the "
		    "parentheses");
		o->require_all = 1;
	} else if (!o->require_all && o->nsets == 2 &&
	    o->sets[0].rscs[0]->kind != RSC_CLONE)
		diag_warning(l->ctx, &allw->loc, "'require-all=false' has no "
		    "effect: '%s' is not a clone", o->sets[0].rscs[0]->name);
	else if (!o->require_all && o->nsets == 2)
		diag_warning(l->ctx, &allw->loc, "'require-all' on an order is "
		    "deprecated (Pacemaker warns about it); 'meta clone-min=1' "
		    "on '%s' says it for every order after it",
		    o->sets[0].rscs[0]->name);
	o->id = id != NULL ? id : lower_rel_id(l, "ord", o->sets, o->nsets,
	    &o->loc);
	m->orders = lower_grow(l, m->orders, m->norders, sizeof *m->orders);
	m->orders[m->norders++] = o;
}

/* fencing-level TARGET INDEX: DEVICE, ... */
static void
lower_level(struct lower *l, struct stmt *st)
{
	struct model		*m = l->m;
	const struct level	*lv = st->level;
	struct fencing_level	*fl, *prev;
	struct symbol		*sym;
	struct nodesym		*ns;
	struct resource		*r;
	struct diag		*dg;
	const char		*cause;
	long long		 index;
	size_t			 i;

	if (value_int(l->ctx, lv->index.text, 1, 9, &index, &cause) != 0) {
		diag_error(l->ctx, &lv->index.loc, "invalid fencing level "
		    "'%s': %s", lv->index.text, cause);
		return;
	}
	fl = arena_zalloc(l->ctx->arena, sizeof *fl);
	fl->loc = st->loc;
	fl->index = (int)index;
	if (lv->target_attr != NULL) {
		if (lv->target_attr->val.n != 1) {
			diag_error(l->ctx, &lv->target_attr->val.loc, "a "
			    "fencing-level target attribute has one value");
			return;
		}
		fl->target_attr = lv->target_attr->key.text;
		fl->target_value = lv->target_attr->val.v[0].text;
	} else {
		fl->target = st->name.text;
		ns = map_get(&l->syms->nodes, st->name.text);
		if (ns != NULL)
			fl->node = ns->node;
		else if (l->syms->nodes.n > 0)
			return;		/* unknown node, reported */
	}
	fl->devices = arena_alloc(l->ctx->arena, (lv->devices.n > 0 ?
	    lv->devices.n : 1) * sizeof *fl->devices);
	for (i = 0; i < lv->devices.n; i++) {
		sym = map_get(&l->syms->rscs, lv->devices.v[i].text);
		if (sym == NULL || (r = sym->rsc) == NULL || !r->is_fence)
			continue;	/* reported by check.c */
		fl->devices[fl->ndevices++] = r;
	}
	for (i = 0; i < m->nlevels; i++) {
		prev = m->levels[i];
		if (prev->index != fl->index ||
		    (prev->target == NULL) != (fl->target == NULL))
			continue;
		if (fl->target != NULL ? strcmp(prev->target, fl->target) != 0 :
		    (strcmp(prev->target_attr, fl->target_attr) != 0 ||
		    strcmp(prev->target_value, fl->target_value) != 0))
			continue;
		dg = diag_error(l->ctx, &lv->index.loc, "fencing level %d of "
		    "'%s' is already defined", fl->index, fl->target != NULL ?
		    fl->target : arena_printf(l->ctx->arena, "%s=%s",
		    fl->target_attr, fl->target_value));
		diag_note(l->ctx, dg, &prev->loc, "it was first defined here");
		return;
	}
	if (fl->ndevices == 0)
		return;
	m->levels = lower_grow(l, m->levels, m->nlevels, sizeof *m->levels);
	m->levels[m->nlevels++] = fl;
}

/*
 * Lower a checked policy into a new model (owned by ctx, freed with it).
 * Errors in values go to ctx; the model is returned even then, with what
 * could not be lowered left out.
 */
struct model *
lower_policy(struct ctx *ctx, struct policy *pol)
{
	struct lower	 l;
	struct symtab	 empty;
	struct model	*m;
	struct stmt	*st;
	size_t		 i;

	memset(&l, 0, sizeof l);
	l.ctx = ctx;
	l.pol = pol;
	if ((l.syms = pol->syms) == NULL) {
		memset(&empty, 0, sizeof empty);
		l.syms = &empty;
	}
	m = l.m = arena_zalloc(ctx->arena, sizeof *m);
	map_init(&m->rsc_by_name);
	map_init(&m->node_by_name);
	ctx_defer(ctx, (void (*)(void *))map_clear, &m->rsc_by_name);
	ctx_defer(ctx, (void (*)(void *))map_clear, &m->node_by_name);
	map_init(&l.ids);
	map_init(&l.plain_order);
	map_init(&l.addrs);
	map_init(&l.node_ids);

	lower_cluster(&l);
	lower_defaults(&l);
	lower_resources(&l);
	lower_containers(&l);
	lower_force_anon(&l);
	lower_instances(&l);
	lower_claim_ids(&l);
	for (i = 0; i < pol->nstmts; i++) {
		st = pol->stmts[i];
		switch (st->kind) {
		case STMT_LOCATION:
			lower_location(&l, st);
			break;
		case STMT_COLOCATE:
			lower_colocate(&l, st);
			break;
		case STMT_ORDER:
			lower_order(&l, st);
			break;
		case STMT_TICKET:
			lower_ticket(&l, st);
			break;
		case STMT_FENCING_LEVEL:
			lower_level(&l, st);
			break;
		default:
			break;
		}
	}
	map_clear(&l.ids);
	map_clear(&l.plain_order);
	map_clear(&l.addrs);
	map_clear(&l.node_ids);
	return m;
}
