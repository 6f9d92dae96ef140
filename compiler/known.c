/*
 * known.c: the names the language knows and the type of their values:
 * resource meta attributes, operation attributes and names, cluster
 * properties, quorum and ring options, node settings and the options of
 * constraints and resource sets.
 *
 * Meta attributes and cluster properties are Pacemaker 2.1's, spelled as
 * Pacemaker spells them (and as pcs and crmsh users know them), with the
 * old names Pacemaker still accepts marked deprecated. lower.c checks
 * every name=value it lowers with known_check(), which reports an unknown
 * name with a "did you mean" and a bad value with the reason the value
 * parser of value.c gives.
 */
#include "config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "compiler.h"

#define K(n, t, f)		{ .name = (n), .type = (t), .flags = (f) }
#define KE(n, v, f)		{ .name = (n), .type = KT_ENUM, .values = (v), \
				  .flags = (f) }
#define KI(n, lo, hi, f)	{ .name = (n), .type = KT_INT, .min = (lo), \
				  .max = (hi), .flags = (f) }
#define KA(n, t, of, f)		{ .name = (n), .type = (t), .alias_of = (of), \
				  .flags = (f) }

static const char *const v_requires[] = { "nothing", "quorum", "fencing",
    "unfencing", NULL };
static const char *const v_multiple[] = { "stop_start", "stop_only", "block",
    "stop_unexpected", NULL };
static const char *const v_container[] = { "host", NULL };
static const char *const v_provides[] = { "unfencing", NULL };
static const char *const v_on_fail[] = { "ignore", "block", "stop",
    "restart", "standby", "fence", "demote", "restart-container", NULL };
static const char *const v_no_quorum[] = { "stop", "freeze", "ignore",
    "demote", "suicide", NULL };
static const char *const v_stonith_action[] = { "reboot", "off", "poweroff",
    NULL };
static const char *const v_placement[] = { "default", "utilization",
    "minimal", "balanced", NULL };
static const char *const v_health[] = { "none", "migrate-on-red",
    "only-green", "progressive", "custom", NULL };
static const char *const v_fence_reaction[] = { "stop", "panic", NULL };
static const char *const v_provider[] = { "votequorum", NULL };
static const char *const v_transport[] = { "udp", NULL };
static const char *const v_discovery[] = { "always", "never", "exclusive",
    NULL };
static const char *const v_loss_policy[] = { "stop", "demote", "fence",
    "freeze", NULL };
static const char *const v_order_kind[] = { "Mandatory", "Optional",
    "Serialize", NULL };
static const char *const v_action[] = { "start", "stop", "promote", "demote",
    NULL };

/* Resource meta attributes (Pacemaker Explained 2.1, "Resource Options"). */
static const struct known k_meta[] = {
	K("priority", KT_SCORE, KNOWN_ANY),
	K("target-role", KT_ROLE, KNOWN_ANY),
	K("is-managed", KT_BOOL, KNOWN_ANY),
	K("maintenance", KT_BOOL, KNOWN_ANY),
	K("resource-stickiness", KT_SCORE, KNOWN_ANY),
	KE("requires", v_requires, KNOWN_ANY),
	K("migration-threshold", KT_SCORE, KNOWN_ANY),
	K("failure-timeout", KT_DURATION, KNOWN_ANY),
	KE("multiple-active", v_multiple, KNOWN_ANY),
	K("allow-migrate", KT_BOOL, KNOWN_ANY),
	K("allow-unhealthy-nodes", KT_BOOL, KNOWN_ANY),
	K("critical", KT_BOOL, KNOWN_ANY),
	K("description", KT_STRING, KNOWN_ANY),
	KE("provides", v_provides, KNOWN_PRIMITIVE),
	K("container", KT_ID, KNOWN_ANY),
	KE("container-attribute-target", v_container, KNOWN_ANY),
	K("remote-node", KT_ID, KNOWN_PRIMITIVE),
	KI("remote-port", 1, 65535, KNOWN_PRIMITIVE),
	K("remote-addr", KT_STRING, KNOWN_PRIMITIVE),
	K("remote-connect-timeout", KT_DURATION, KNOWN_PRIMITIVE),
	K("globally-unique", KT_BOOL, KNOWN_CLONE),
	KI("clone-max", 0, INT_MAX, KNOWN_CLONE),
	KI("clone-node-max", 0, INT_MAX, KNOWN_CLONE),
	KI("clone-min", 0, INT_MAX, KNOWN_CLONE),
	K("promotable", KT_BOOL, KNOWN_CLONE),
	KI("promoted-max", 0, INT_MAX, KNOWN_CLONE | KNOWN_PROMOTABLE),
	KI("promoted-node-max", 0, INT_MAX, KNOWN_CLONE | KNOWN_PROMOTABLE),
	K("notify", KT_BOOL, KNOWN_CLONE),
	K("interleave", KT_BOOL, KNOWN_CLONE),
	K("ordered", KT_BOOL, KNOWN_CLONE),
	KA("master-max", KT_INT, "promoted-max",
	    KNOWN_CLONE | KNOWN_PROMOTABLE | KNOWN_DEPRECATED),
	KA("master-node-max", KT_INT, "promoted-node-max",
	    KNOWN_CLONE | KNOWN_PROMOTABLE | KNOWN_DEPRECATED),
	{ NULL }
};

/* Operation attributes (Pacemaker Explained 2.1, "Operation Properties"). */
static const struct known k_op_attr[] = {
	K("interval", KT_DURATION, 0),
	K("timeout", KT_DURATION, 0),
	KE("on-fail", v_on_fail, 0),
	K("role", KT_ROLE, 0),
	K("enabled", KT_BOOL, 0),
	KI("OCF_CHECK_LEVEL", 0, INT_MAX, 0),
	KA("check-level", KT_INT, "OCF_CHECK_LEVEL", 0),
	K("start-delay", KT_DURATION, 0),
	K("interval-origin", KT_STRING, 0),
	K("record-pending", KT_BOOL, 0),
	KE("requires", v_requires, 0),
	K("description", KT_STRING, 0),
	{ NULL }
};

/* The actions an agent performs. */
static const struct known k_op_name[] = {
	K("start", KT_STRING, 0),
	K("stop", KT_STRING, 0),
	K("monitor", KT_STRING, 0),
	K("promote", KT_STRING, 0),
	K("demote", KT_STRING, 0),
	K("notify", KT_STRING, 0),
	K("migrate_to", KT_STRING, 0),
	K("migrate_from", KT_STRING, 0),
	K("reload", KT_STRING, 0),
	K("reload-agent", KT_STRING, 0),
	K("validate-all", KT_STRING, 0),
	K("meta-data", KT_STRING, 0),
	K("status", KT_STRING, 0),
	{ NULL }
};

/*
 * Cluster options of Pacemaker 2.1 (pacemaker-controld(7),
 * pacemaker-schedulerd(7), pacemaker-fenced(7), pacemaker-based(7)),
 * without the read-only dc-version and cluster-infrastructure.
 */
static const struct known k_property[] = {
	K("cluster-name", KT_STRING, 0),
	K("dc-deadtime", KT_DURATION, 0),
	K("cluster-recheck-interval", KT_DURATION, 0),
	K("load-threshold", KT_STRING, 0),
	KI("node-action-limit", 0, INT_MAX, 0),
	KE("fence-reaction", v_fence_reaction, 0),
	K("election-timeout", KT_DURATION, 0),
	K("shutdown-escalation", KT_DURATION, 0),
	K("join-integration-timeout", KT_DURATION, 0),
	K("join-finalization-timeout", KT_DURATION, 0),
	K("transition-delay", KT_DURATION, 0),
	/* Negative: derive it from the SBD watchdog timeout. */
	{ .name = "stonith-watchdog-timeout", .type = KT_DURATION, .min = -1 },
	KI("stonith-max-attempts", 1, INT_MAX, 0),
	KE("no-quorum-policy", v_no_quorum, 0),
	K("shutdown-lock", KT_BOOL, 0),
	K("shutdown-lock-limit", KT_DURATION, 0),
	K("node-pending-timeout", KT_DURATION, 0),
	K("symmetric-cluster", KT_BOOL, 0),
	K("maintenance-mode", KT_BOOL, 0),
	K("start-failure-is-fatal", KT_BOOL, 0),
	K("enable-startup-probes", KT_BOOL, 0),
	K("stonith-enabled", KT_BOOL, 0),
	KA("fencing-enabled", KT_BOOL, "stonith-enabled", 0),
	KE("stonith-action", v_stonith_action, 0),
	K("stonith-timeout", KT_DURATION, 0),
	K("have-watchdog", KT_BOOL, 0),
	K("concurrent-fencing", KT_BOOL, 0),
	K("startup-fencing", KT_BOOL, 0),
	K("priority-fencing-delay", KT_DURATION, 0),
	K("cluster-delay", KT_DURATION, 0),
	KI("batch-limit", 0, INT_MAX, 0),
	KI("migration-limit", -1, INT_MAX, 0),
	K("stop-all-resources", KT_BOOL, 0),
	K("stop-orphan-resources", KT_BOOL, 0),
	K("stop-orphan-actions", KT_BOOL, 0),
	K("remove-after-stop", KT_BOOL, 0),
	KI("pe-error-series-max", -1, INT_MAX, 0),
	KI("pe-warn-series-max", -1, INT_MAX, 0),
	KI("pe-input-series-max", -1, INT_MAX, 0),
	KE("node-health-strategy", v_health, 0),
	K("node-health-base", KT_SCORE, 0),
	K("node-health-green", KT_SCORE, 0),
	K("node-health-yellow", KT_SCORE, 0),
	K("node-health-red", KT_SCORE, 0),
	KE("placement-strategy", v_placement, 0),
	K("enable-acl", KT_BOOL, 0),
	KI("cluster-ipc-limit", 0, INT_MAX, 0),
	{ NULL }
};

/* votequorum(5) options. */
static const struct known k_quorum[] = {
	KE("provider", v_provider, 0),
	KI("expected_votes", 1, INT_MAX, 0),
	K("two_node", KT_BOOL, 0),
	K("wait_for_all", KT_BOOL, 0),
	K("last_man_standing", KT_BOOL, 0),
	K("last_man_standing_window", KT_DURATION, 0),
	K("auto_tie_breaker", KT_BOOL, 0),
	K("auto_tie_breaker_node", KT_NODES, 0),
	{ NULL }
};

/* The ring: hacc's totem transport (corosync.conf(5) names). */
static const struct known k_ring[] = {
	KE("transport", v_transport, 0),
	KI("port", 1, 65535, 0),
	K("token", KT_DURATION, 0),
	K("consensus", KT_DURATION, 0),
	K("join", KT_DURATION, 0),
	KI("mtu", 576, 65535, 0),
	KI("window_size", 1, INT_MAX, 0),
	KI("max_messages", 1, INT_MAX, 0),
	K("key_file", KT_STRING, 0),
	{ NULL }
};

static const struct known k_node[] = {
	K("addr", KT_ADDRS, 0),
	KI("id", 1, 4294967295LL, 0),
	KI("votes", 0, INT_MAX, 0),
	K("standby", KT_BOOL, 0),
	K("maintenance", KT_BOOL, 0),
	{ NULL }
};

static const struct known k_location_opt[] = {
	K("id", KT_ID, 0),
	K("role", KT_ROLE, 0),
	KE("resource-discovery", v_discovery, 0),
	{ NULL }
};

static const struct known k_colocate_opt[] = {
	K("id", KT_ID, 0),
	K("score", KT_SCORE, 0),
	K("influence", KT_BOOL, 0),
	K("node-attribute", KT_STRING, 0),
	{ NULL }
};

static const struct known k_order_opt[] = {
	K("id", KT_ID, 0),
	KE("kind", v_order_kind, KNOWN_NOCASE),
	K("symmetrical", KT_BOOL, 0),
	K("require-all", KT_BOOL, 0),
	K("score", KT_SCORE, 0),
	{ NULL }
};

static const struct known k_ticket_opt[] = {
	K("id", KT_ID, 0),
	KE("loss-policy", v_loss_policy, 0),
	{ NULL }
};

static const struct known k_set_opt[] = {
	K("sequential", KT_BOOL, 0),
	K("require-all", KT_BOOL, 0),
	K("role", KT_ROLE, 0),
	KE("action", v_action, 0),
	K("id", KT_ID, 0),
	{ NULL }
};

static const struct {
	const struct known	*table;
	const char		*what;
} known_tables[KNOWN_NTABLES] = {
	[KNOWN_META] = { k_meta, "meta attribute" },
	[KNOWN_OP_ATTR] = { k_op_attr, "op attribute" },
	[KNOWN_OP_NAME] = { k_op_name, "operation" },
	[KNOWN_PROPERTY] = { k_property, "cluster property" },
	[KNOWN_QUORUM] = { k_quorum, "quorum option" },
	[KNOWN_RING] = { k_ring, "ring option" },
	[KNOWN_NODE] = { k_node, "node setting" },
	[KNOWN_LOCATION_OPT] = { k_location_opt, "location option" },
	[KNOWN_COLOCATE_OPT] = { k_colocate_opt, "colocation option" },
	[KNOWN_ORDER_OPT] = { k_order_opt, "order option" },
	[KNOWN_TICKET_OPT] = { k_ticket_opt, "ticket option" },
	[KNOWN_SET_OPT] = { k_set_opt, "set option" },
};

/* Values Pacemaker still accepts under an old spelling. */
static const struct {
	enum known_table	 table;
	const char		*name;
	const char		*value;
	const char		*use;
} known_old_values[] = {
	{ KNOWN_PROPERTY, "stonith-action", "poweroff", "off" },
};

#define KNOWN_MAX_NAMES	64

/*
 * The entry for name in table t, or NULL. An alias (fencing-enabled,
 * master-max) has its own entry with alias_of set: see known_canonical().
 */
const struct known *
known_find(enum known_table t, const char *name)
{
	const struct known	*k;

	if ((unsigned)t >= KNOWN_NTABLES || name == NULL)
		return NULL;
	for (k = known_tables[t].table; k->name != NULL; k++) {
		if (k->name[0] == name[0] && strcmp(k->name, name) == 0)
			return k;
	}
	return NULL;
}

/*
 * The name an alias stands for, or name itself: as the table spells it if
 * it is known (a string that stays in the cache, unlike the words of a big
 * policy), else name.
 */
const char *
known_canonical(enum known_table t, const char *name)
{
	const struct known	*k;

	if ((k = known_find(t, name)) == NULL)
		return name;
	return k->alias_of != NULL ? k->alias_of : k->name;
}

/* A known name near name, to suggest, or NULL. Deprecated names are not. */
const char *
known_suggest(enum known_table t, const char *name)
{
	const struct known	*k;
	const char		*names[KNOWN_MAX_NAMES];
	size_t			 n = 0;

	if ((unsigned)t >= KNOWN_NTABLES || name == NULL)
		return NULL;
	for (k = known_tables[t].table; k->name != NULL; k++) {
		if (n < nitems(names) && (k->flags & KNOWN_DEPRECATED) == 0)
			names[n++] = k->name;
	}
	return diag_suggest(name, names, n);
}

/* What the names of table t are, for messages: "meta attribute". */
const char *
known_table_name(enum known_table t)
{
	if ((unsigned)t >= KNOWN_NTABLES)
		return "name";
	return known_tables[t].what;
}

/* "a, b or c" from a NULL-terminated list, in the arena. */
static const char *
known_list(struct ctx *ctx, const char *const *values)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	buf_init(&b);
	for (i = 0; values[i] != NULL; i++) {
		if (i > 0)
			buf_puts(&b, values[i + 1] == NULL ? " or " : ", ");
		buf_puts(&b, values[i]);
	}
	s = arena_strdup(ctx->arena, b.data == NULL ? "" : b.data);
	buf_clear(&b);
	return s;
}

/* Check one word of an enum value; report at w. */
static int
known_check_enum(struct ctx *ctx, enum known_table t, const struct known *k,
    const char *key, const struct word *w)
{
	const char	*near;
	size_t		 i, n;

	for (n = 0; k->values[n] != NULL; n++) {
		if ((k->flags & KNOWN_NOCASE) ?
		    strcasecmp(w->text, k->values[n]) == 0 :
		    strcmp(w->text, k->values[n]) == 0)
			break;
	}
	if (k->values[n] != NULL) {
		for (i = 0; i < nitems(known_old_values); i++) {
			if (known_old_values[i].table == t &&
			    strcmp(known_old_values[i].name, k->name) == 0 &&
			    strcmp(known_old_values[i].value, w->text) == 0)
				diag_warning(ctx, &w->loc, "'%s' is deprecated "
				    "for '%s'; use '%s'", w->text, key,
				    known_old_values[i].use);
		}
		return 0;
	}
	for (n = 0; k->values[n] != NULL; n++)
		;
	near = diag_suggest(w->text, k->values, n);
	if (near != NULL)
		diag_error(ctx, &w->loc, "invalid value '%s' for '%s'; did you "
		    "mean '%s'?", w->text, key, near);
	else
		diag_error(ctx, &w->loc, "invalid value '%s' for '%s': "
		    "expected %s", w->text, key, known_list(ctx, k->values));
	return -1;
}

/* Check one word of the value of k (written key); report at w. */
static int
known_check_word(struct ctx *ctx, enum known_table t, const struct known *k,
    const char *key, const struct word *w)
{
	const char	*cause = NULL, *s = w->text;
	unsigned char	 addr[sizeof(struct in6_addr)];
	long long	 ll, min, max;
	uint64_t	 ms;
	enum role	 role;
	int		 v, rc = 0;

	switch (k->type) {
	case KT_STRING:
		return 0;
	case KT_BOOL:
		rc = value_bool(ctx, s, &v, &cause);
		break;
	case KT_INT:
		min = k->min;
		max = k->max > 0 ? k->max : INT_MAX;
		rc = value_int(ctx, s, min, max, &ll, &cause);
		break;
	case KT_SCORE:
		rc = value_score(ctx, s, &v, &cause);
		break;
	case KT_DURATION:
		if (k->min < 0 && s[0] == '-')
			s++;	/* negative allowed: a special value */
		rc = value_duration(ctx, s, &ms, &cause);
		s = w->text;
		break;
	case KT_ENUM:
		return known_check_enum(ctx, t, k, key, w);
	case KT_ROLE:
		rc = value_role(ctx, s, &role, &cause);
		break;
	case KT_ADDRS:
		if (inet_pton(AF_INET, s, addr) != 1 &&
		    inet_pton(AF_INET6, s, addr) != 1) {
			cause = arena_printf(ctx->arena, "'%s' is not an IPv4 "
			    "or IPv6 address", s);
			rc = -1;
		}
		break;
	case KT_NODES:
		if (*s == '\0') {
			cause = "a node name cannot be empty";
			rc = -1;
		}
		break;
	case KT_ID:
		if (!value_is_name(s)) {
			cause = "an id starts with a letter or '_' and holds "
			    "letters, digits, '_', '-' and '.'";
			rc = -1;
		}
		break;
	}
	if (rc != 0)
		diag_error(ctx, &w->loc, "invalid value '%s' for '%s': %s", s,
		    key, cause);
	return rc;
}

/*
 * Check key = val against table t: an unknown name is reported at the key
 * (with a "did you mean"), a bad value at the value, a deprecated name
 * with a warning. *kp (if not NULL) gets the entry of the name, or of the
 * name it is an alias of, or NULL if the name is unknown. Returns 0 when
 * the value can be used, -1 when an error was reported.
 */
int
known_check(struct ctx *ctx, enum known_table t, const struct word *key,
    const struct value *val, const struct known **kp)
{
	const struct known	*k, *canon;
	const char		*near;
	size_t			 i;

	if (kp != NULL)
		*kp = NULL;
	if (key->text == NULL)
		return -1;
	if ((k = known_find(t, key->text)) == NULL) {
		const char	*few[8];
		size_t		 n = 0;

		for (k = known_tables[t].table; k->name != NULL; k++) {
			if ((k->flags & KNOWN_DEPRECATED) == 0 &&
			    n + 1 < nitems(few))
				few[n++] = k->name;
		}
		few[n] = NULL;
		near = known_suggest(t, key->text);
		if (n <= 6 && (near == NULL ||
		    diag_distance(near, key->text) > 1))
			diag_error(ctx, &key->loc, "unknown %s '%s' (use %s)",
			    known_table_name(t), key->text,
			    known_list(ctx, few));
		else if (near != NULL)
			diag_error(ctx, &key->loc, "unknown %s '%s'; did you "
			    "mean '%s'?", known_table_name(t), key->text, near);
		else
			diag_error(ctx, &key->loc, "unknown %s '%s'",
			    known_table_name(t), key->text);
		return -1;
	}
	canon = k;
	if (k->alias_of != NULL && (canon = known_find(t, k->alias_of)) == NULL)
		canon = k;
	if (k->flags & KNOWN_DEPRECATED)
		diag_warning(ctx, &key->loc, "'%s' is deprecated; use '%s'",
		    key->text, canon->name);
	if (kp != NULL)
		*kp = canon;
	if (val == NULL || val->n == 0) {
		diag_error(ctx, &key->loc, "'%s' needs a value", key->text);
		return -1;
	}
	if (val->n > 1 && canon->type != KT_ADDRS && canon->type != KT_NODES) {
		diag_error(ctx, &val->v[1].loc, "'%s' takes one value, not a "
		    "list", key->text);
		return -1;
	}
	for (i = 0; i < val->n; i++) {
		if (known_check_word(ctx, t, canon, key->text, &val->v[i]) != 0)
			return -1;
	}
	return 0;
}
