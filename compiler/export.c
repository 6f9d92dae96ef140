/*
 * export.c: a model as a Pacemaker CIB, the mapping of cib.c in the other
 * direction. `hacc export` writes the configuration section here (schema
 * pacemaker-3.9, the option names Pacemaker 2.1.5 reads) with an empty
 * <status/>, which scheduler/export-status.c then fills from a cluster
 * state, with the op-digests digest.c computes, so that a history written
 * for a policy reads as "the parameters did not change". libxml2 is used
 * here and in the status writer only: no XML type leaves this file.
 *
 * BEHAVIOR (what maps to what; docs/pacemaker.md has the table):
 *   cluster properties   crm_config/cluster_property_set "cib-bootstrap-
 *                        options", canonical names (fencing-enabled is
 *                        written stonith-enabled), plus cluster-name from
 *                        the cluster block unless set as a property
 *   node                 <node id uname type=member>: the policy's id, else
 *                        the lowest number no other node uses; standby,
 *                        maintenance and attr as instance_attributes,
 *                        utilization as utilization
 *   defaults, op-defaults  rsc_defaults, op_defaults meta_attributes
 *   resource, fence      primitive (class stonith for a fence device) with
 *                        instance_attributes, meta_attributes (as written),
 *                        utilization and operations
 *   op                   <op> with the model's values (op-defaults already
 *                        applied, which says the same to Pacemaker):
 *                        timeout when set, on-fail, role, enabled,
 *                        record-pending, start-delay, interval-origin,
 *                        description; OCF_CHECK_LEVEL as the op's
 *                        instance_attributes
 *   group                group with its members inline
 *   clone, promotable    clone (promotable=true for a promotable one) around
 *                        its primitive or group; an inline clone (`clone
 *                        NAME AGENT`), whose clone and primitive share the
 *                        name, becomes <clone id="NAME-clone"> around
 *                        <primitive id="NAME">: histories keep naming the
 *                        primitive, constraints on NAME name NAME-clone
 *   location             rsc_location with node and score, or with one rule
 *                        (role on the rule, as 2.1.5 reads it); a location
 *                        in a policy without nodes is a #uname rule already
 *   colocate             rsc_colocation: rsc/with-rsc when both ends are
 *                        single resources without set options, else
 *                        resource sets in the model's order
 *   order                rsc_order: first/then with actions, or resource
 *                        sets; kind and symmetrical when not the default
 *   ticket               rsc_ticket: rsc and rsc-role, or one resource set
 *   fencing-level        fencing-topology/fencing-level
 * Values are written as 2.1.5 parses them: as written where it reads them
 * as hacc does, else normalised (durations such as 1.5s or PT1M in h,
 * min, s or ms, scores such as inf as [-]INFINITY); the attributes of
 * <op>, which the schema types, in canonical form. Every element that needs an id gets one: the model's where it
 * has one (constraints, sets), else one made from its place ("web-meta_
 * attributes-priority"), unique in the document.
 *
 * Not written (corosync.conf's, not the CIB's): node addresses and votes,
 * the quorum and ring blocks. Written with a warning: nothing so far.
 * Reported as errors, because Pacemaker has no way to say them: a
 * colocation of resource sets with node-attribute (2.1.5 ignores it on
 * sets and the schema forbids it), and values that XML cannot carry.
 * An op's `requires` is left out with a warning: 2.1.5 ignores it and
 * pacemaker-3.9 forbids it.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include "compiler.h"

#define EXPORT_SCHEMA		"pacemaker-3.9"
#define EXPORT_FEATURE_SET	"3.16.1"

struct export {
	struct ctx		*ctx;
	const struct model	*m;
	xmlDoc			*doc;
	struct map		 ids;		/* XML ids taken */
	struct map		 clone_ids;	/* inline clone name -> its id */
	int			 failed;
};

/*
 * Ids and values.
 */

/* Whether c may appear in an XML ID (NCName, ASCII subset). */
static int
export_id_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/*
 * A new id made from fmt, unique in the document: characters an XML ID
 * cannot hold become '_', and "-2", "-3", ... is appended when taken.
 */
static const char * printflike(2, 3)
export_id(struct export *e, const char *fmt, ...)
{
	va_list		 ap;
	char		*s, *p;
	const char	*id;
	int		 n;

	va_start(ap, fmt);
	s = arena_vprintf(e->ctx->arena, fmt, ap);
	va_end(ap);
	for (p = s; *p != '\0'; p++) {
		if (!export_id_char((unsigned char)*p))
			*p = '_';
	}
	if (!isalpha((unsigned char)*s) && *s != '_')
		s = arena_printf(e->ctx->arena, "id-%s", s);
	id = s;
	for (n = 2; map_get(&e->ids, id) != NULL; n++)
		id = arena_printf(e->ctx->arena, "%s-%d", s, n);
	map_put(&e->ids, id, (void *)id);
	return id;
}

/* Claim an id the model gives (a name, a constraint id), else a new one. */
static const char *
export_claim(struct export *e, const char *id)
{
	if (map_get(&e->ids, id) == NULL) {
		map_put(&e->ids, id, (void *)id);
		return id;
	}
	return export_id(e, "%s", id);
}

/* A duration as Pacemaker parses it: the largest unit that divides it. */
static const char *
export_ms(struct export *e, uint64_t ms)
{
	if (ms == 0)
		return "0";
	if (ms % 3600000 == 0)
		return arena_printf(e->ctx->arena, "%" PRIu64 "h", ms / 3600000);
	if (ms % 60000 == 0)
		return arena_printf(e->ctx->arena, "%" PRIu64 "min", ms / 60000);
	if (ms % 1000 == 0)
		return arena_printf(e->ctx->arena, "%" PRIu64 "s", ms / 1000);
	return arena_printf(e->ctx->arena, "%" PRIu64 "ms", ms);
}

/* A score as Pacemaker's char2score() reads it. */
static const char *
export_score(struct export *e, int v)
{
	if (v >= SCORE_INFINITY)
		return "INFINITY";
	if (v <= -SCORE_INFINITY)
		return "-INFINITY";
	return arena_printf(e->ctx->arena, "%d", v);
}

/* Whether s is digits and a unit crm_get_msec() knows (or none). */
static int
export_plain_duration(const char *s)
{
	static const char *const units[] = { "", "ms", "msec", "s", "sec", "m",
	    "min", "h", "hr" };
	size_t	n = strspn(s, "0123456789"), i;

	for (i = 0; n > 0 && i < nitems(units); i++) {
		if (strcasecmp(s + n, units[i]) == 0)
			return 1;
	}
	return 0;
}

/* Whether s is a score char2score() reads as the language does. */
static int
export_plain_score(const char *s)
{
	const char	*p = s + (*s == '-' || *s == '+');

	if (strcmp(p, "INFINITY") == 0)
		return 1;
	return *p != '\0' && strspn(p, "0123456789") == strlen(p);
}

/*
 * The value of name=value (from table t) as Pacemaker 2.1.5 reads it:
 * as written when it reads it the same way (booleans and roles in any of
 * their spellings, plain durations and scores), else normalised:
 * durations such as 1.5s or PT1M in h, min, s or ms, scores such as inf
 * as [-]INFINITY, enum values in the case Pacemaker expects.
 */
static const char *
export_value(struct export *e, enum known_table t, const char *name,
    const char *value)
{
	const struct known	*k = known_find(t, name);
	const char		*cause;
	uint64_t		 ms;
	int			 v;
	size_t			 i;

	if (k == NULL)
		return value;
	if (k->alias_of != NULL && (k = known_find(t, k->alias_of)) == NULL)
		return value;
	switch (k->type) {
	case KT_SCORE:
		if (!export_plain_score(value) &&
		    value_score(e->ctx, value, &v, &cause) == 0)
			return export_score(e, v);
		break;
	case KT_DURATION:
		if (!export_plain_duration(value) &&
		    value_duration(e->ctx, value, &ms, &cause) == 0)
			return export_ms(e, ms);
		break;
	case KT_ENUM:
		for (i = 0; k->values[i] != NULL; i++) {
			if (strcasecmp(value, k->values[i]) == 0)
				return k->values[i];
		}
		break;
	default:
		break;
	}
	return value;
}

/* Whether s is text XML 1.0 can carry (UTF-8, no control characters). */
static int
export_xml_text(const char *s)
{
	const unsigned char	*p;

	if (xmlCheckUTF8((const xmlChar *)s) == 0)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return 0;
	}
	return 1;
}

/*
 * Whether Pacemaker 2.1.5 writes value back as it is: its escaping
 * (crm_xml_escape()) stops at the first non-ASCII character, so a quote,
 * '<', '>', '&' or a tab, newline or carriage return after one is written
 * raw, and the CIB manager or crm_simulate reads something else.
 */
static int
export_pcmk_safe(const char *value)
{
	const char	*p;

	for (p = value; *p != '\0'; p++) {
		if ((p[0] & 0x80) && (p[1] & 0x80))
			return strpbrk(p, "<>\"'&\t\n\r") == NULL;
	}
	return 1;
}

/* Whether value can be written; if not, say so for what (at loc). */
static int
export_check(struct export *e, const char *what, const char *value,
    const struct loc *loc)
{
	if (!export_xml_text(value)) {
		diag_error(e->ctx, loc, "%s cannot be written in XML: it is not "
		    "UTF-8 or holds a control character", what);
		e->failed = 1;
		return -1;
	}
	if (!export_pcmk_safe(value))
		diag_warning(e->ctx, loc, "%s has a quote, '<', '>', '&', a tab "
		    "or a line break after a non-ASCII character, which "
		    "Pacemaker 2.1.5 writes back unescaped: the cluster will "
		    "read a different value", what);
	return 0;
}

/* Set attribute name of n to value, checked for XML. */
static void
export_attr(struct export *e, xmlNode *n, const char *name, const char *value,
    const struct loc *loc)
{
	if (export_check(e, arena_printf(e->ctx->arena, "the %s", name),
	    value, loc) == 0)
		xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

/* A new child element of parent. */
static xmlNode *
export_elem(xmlNode *parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

/* An element with an id. */
static xmlNode *
export_elem_id(xmlNode *parent, const char *name, const char *id)
{
	xmlNode	*n = export_elem(parent, name);

	xmlNewProp(n, (const xmlChar *)"id", (const xmlChar *)id);
	return n;
}

/* <nvpair id name value> in set, its id made from the set's. */
static void
export_nvpair(struct export *e, xmlNode *set, const char *setid,
    const char *name, const char *value, const struct loc *loc)
{
	xmlNode	*nv;

	if (export_check(e, arena_printf(e->ctx->arena, "the name '%s'", name),
	    name, loc) != 0 || export_check(e, arena_printf(e->ctx->arena,
	    "the value of '%s'", name), value, loc) != 0)
		return;
	nv = export_elem_id(set, "nvpair", export_id(e, "%s-%s", setid, name));
	xmlNewProp(nv, (const xmlChar *)"name", (const xmlChar *)name);
	xmlNewProp(nv, (const xmlChar *)"value", (const xmlChar *)value);
}

/*
 * An attribute set elem (meta_attributes, instance_attributes, ...) of
 * parent holding nv, with values normalised by table t (KNOWN_NTABLES:
 * as written) and names by their canonical spelling when canon. Nothing
 * when nv is empty.
 */
static void
export_nvset(struct export *e, xmlNode *parent, const char *elem,
    const char *owner, const struct nvset *nv, enum known_table t, int canon)
{
	const char	*setid, *name;
	xmlNode		*set;
	size_t		 i;

	if (nv->n == 0)
		return;
	setid = export_id(e, "%s-%s", owner, elem);
	set = export_elem_id(parent, elem, setid);
	for (i = 0; i < nv->n; i++) {
		name = canon && nv->v[i].canon != NULL ? nv->v[i].canon :
		    nv->v[i].name;
		export_nvpair(e, set, setid, name, t == KNOWN_NTABLES ?
		    nv->v[i].value : export_value(e, t, nv->v[i].name,
		    nv->v[i].value), &nv->v[i].loc);
	}
}

/*
 * crm_config, nodes.
 */

/* Whether the nvset holds name (or an alias of it). */
static int
export_has(const struct nvset *nv, const char *name)
{
	size_t	i;

	for (i = 0; i < nv->n; i++) {
		if (strcmp(nv->v[i].name, name) == 0 || (nv->v[i].canon !=
		    NULL && strcmp(nv->v[i].canon, name) == 0))
			return 1;
	}
	return 0;
}

/* crm_config: the properties as written, and the cluster's name. */
static void
export_crm_config(struct export *e, xmlNode *config)
{
	const struct nvset	*p = &e->m->props.set;
	xmlNode			*cfg, *set;
	const char		*setid, *name;
	size_t			 i;

	cfg = export_elem(config, "crm_config");
	setid = export_claim(e, "cib-bootstrap-options");
	set = export_elem_id(cfg, "cluster_property_set", setid);
	for (i = 0; i < p->n; i++) {
		name = p->v[i].canon != NULL ? p->v[i].canon : p->v[i].name;
		export_nvpair(e, set, setid, name, export_value(e,
		    KNOWN_PROPERTY, p->v[i].name, p->v[i].value),
		    &p->v[i].loc);
	}
	if (e->m->cluster_name != NULL && !export_has(p, "cluster-name"))
		export_nvpair(e, set, setid, "cluster-name",
		    e->m->cluster_name, NULL);
}

/* Whether a node other than n has the id. */
static int
export_node_id_used(const struct model *m, uint32_t id)
{
	size_t	i;

	for (i = 0; i < m->nnodes; i++) {
		if (m->nodes[i]->id == id)
			return 1;
	}
	return 0;
}

/*
 * The CIB id of every node, in node order: the policy's, else the lowest
 * number not used by any node (nor given out before).
 */
static uint32_t *
export_node_ids(struct export *e)
{
	const struct model	*m = e->m;
	uint32_t		*ids, next = 1;
	size_t			 i, j;
	int			 taken;

	ids = arena_allocarray(e->ctx->arena, m->nnodes + 1, sizeof *ids);
	for (i = 0; i < m->nnodes; i++) {
		if ((ids[i] = m->nodes[i]->id) != 0)
			continue;
		for (;; next++) {
			taken = export_node_id_used(m, next);
			for (j = 0; !taken && j < i; j++)
				taken = ids[j] == next;
			if (!taken)
				break;
		}
		ids[i] = next++;
	}
	return ids;
}

/* <nodes>: one <node> per node, permanent attributes and utilization. */
static void
export_nodes(struct export *e, xmlNode *config)
{
	const struct node	*n;
	xmlNode			*nodes, *x, *set;
	const char		*id, *setid;
	uint32_t		*ids;
	size_t			 i, j;

	nodes = export_elem(config, "nodes");
	ids = export_node_ids(e);
	for (i = 0; i < e->m->nnodes; i++) {
		n = e->m->nodes[i];
		id = arena_printf(e->ctx->arena, "%" PRIu32, ids[i]);
		x = export_elem(nodes, "node");
		xmlNewProp(x, (const xmlChar *)"id", (const xmlChar *)id);
		export_attr(e, x, "uname", n->name, &n->loc);
		xmlNewProp(x, (const xmlChar *)"type", (const xmlChar *)"member");
		if (n->standby || n->maintenance || n->attrs.n > 0) {
			setid = export_id(e, "nodes-%s", id);
			set = export_elem_id(x, "instance_attributes", setid);
			if (n->standby)
				export_nvpair(e, set, setid, "standby", "on",
				    &n->loc);
			if (n->maintenance)
				export_nvpair(e, set, setid, "maintenance",
				    "on", &n->loc);
			for (j = 0; j < n->attrs.n; j++)
				export_nvpair(e, set, setid, n->attrs.v[j].name,
				    n->attrs.v[j].value, &n->attrs.v[j].loc);
		}
		export_nvset(e, x, "utilization", arena_printf(e->ctx->arena,
		    "nodes-%s", id), &n->utilization, KNOWN_NTABLES, 0);
	}
}

/*
 * Resources.
 */

/* Whether r is an inline clone: a clone whose primitive has its name. */
static int
export_inline_clone(const struct resource *r)
{
	return r->kind == RSC_CLONE && r->nchildren == 1 &&
	    strcmp(r->children[0]->name, r->name) == 0;
}

/* The XML id of a resource: its name, NAME-clone for an inline clone. */
static const char *
export_rsc_id(struct export *e, const struct resource *r)
{
	const char	*id;

	if (export_inline_clone(r) && (id = map_get(&e->clone_ids,
	    r->name)) != NULL)
		return id;
	return r->name;
}

/* The class, provider and type attributes of a primitive. */
static void
export_agent(struct export *e, xmlNode *x, const struct resource *r)
{
	xmlNewProp(x, (const xmlChar *)"class",
	    (const xmlChar *)value_class_name(r->cls));
	if (r->cls == CLASS_OCF && r->provider != NULL)
		export_attr(e, x, "provider", r->provider, &r->loc);
	export_attr(e, x, "type", r->type, &r->loc);
}

/* The name of an on-fail value, as the schema spells it. */
static const char *
export_on_fail(enum on_fail f)
{
	static const char *const names[] = { NULL, "ignore", "block", "stop",
	    "restart", "standby", "fence", "demote", "restart-container" };

	return (size_t)f < nitems(names) ? names[f] : NULL;
}

/* One <op>. */
static void
export_op(struct export *e, xmlNode *ops, const struct resource *r,
    const struct op *op)
{
	const char	*iv, *id, *setid, *v;
	xmlNode		*x, *set;
	size_t		 i;
	int		 origin = 0;

	iv = export_ms(e, op->interval_ms);
	id = export_id(e, "%s-%s-interval-%s", r->name, op->name, iv);
	x = export_elem_id(ops, "op", id);
	export_attr(e, x, "name", op->name, &op->loc);
	xmlNewProp(x, (const xmlChar *)"interval", (const xmlChar *)iv);
	if (op->timeout_set)
		xmlNewProp(x, (const xmlChar *)"timeout",
		    (const xmlChar *)export_ms(e, op->timeout_ms));
	if ((v = export_on_fail(op->on_fail)) != NULL)
		xmlNewProp(x, (const xmlChar *)"on-fail", (const xmlChar *)v);
	if (op->role != ROLE_UNKNOWN)
		xmlNewProp(x, (const xmlChar *)"role",
		    (const xmlChar *)value_role_name(op->role));
	if (!op->enabled)
		xmlNewProp(x, (const xmlChar *)"enabled",
		    (const xmlChar *)"false");
	if (!op->record_pending)
		xmlNewProp(x, (const xmlChar *)"record-pending",
		    (const xmlChar *)"false");
	for (i = 0; i < op->extra.n; i++) {
		if (strcmp(op->extra.v[i].name, "interval-origin") == 0)
			origin = 1;
		export_attr(e, x, op->extra.v[i].name, op->extra.v[i].value,
		    &op->extra.v[i].loc);
	}
	if (op->requires != REQUIRES_DEFAULT)
		diag_warning(e->ctx, &op->loc, "'requires' on an operation is "
		    "ignored by Pacemaker 2.1.5 and not allowed by schema "
		    "%s; not exported", EXPORT_SCHEMA);
	if (op->start_delay_ms > 0) {
		v = export_ms(e, op->start_delay_ms);
		if (!origin)
			xmlNewProp(x, (const xmlChar *)"start-delay",
			    (const xmlChar *)v);
		else {
			/* The schema allows one of the two as attributes. */
			setid = export_id(e, "%s-meta_attributes", id);
			set = export_elem_id(x, "meta_attributes", setid);
			export_nvpair(e, set, setid, "start-delay", v,
			    &op->loc);
		}
	}
	if (op->check_level >= 0) {
		setid = export_id(e, "%s-instance_attributes", id);
		set = export_elem_id(x, "instance_attributes", setid);
		export_nvpair(e, set, setid, "OCF_CHECK_LEVEL",
		    arena_printf(e->ctx->arena, "%d", op->check_level),
		    &op->loc);
	}
}

/* A primitive (a fence device too): agent, attribute sets, operations. */
static void
export_primitive(struct export *e, xmlNode *parent, const struct resource *r)
{
	xmlNode	*x, *ops;
	size_t	 i;

	x = export_elem_id(parent, "primitive", r->name);
	export_agent(e, x, r);
	export_nvset(e, x, "instance_attributes", r->name, &r->params,
	    KNOWN_NTABLES, 0);
	export_nvset(e, x, "meta_attributes", r->name, &r->meta_set,
	    KNOWN_META, 1);
	export_nvset(e, x, "utilization", r->name, &r->utilization,
	    KNOWN_NTABLES, 0);
	if (r->nops == 0)
		return;
	ops = export_elem(x, "operations");
	for (i = 0; i < r->nops; i++)
		export_op(e, ops, r, &r->ops[i]);
}

static void	export_resource(struct export *, xmlNode *,
		    const struct resource *);

/* A group and its members. */
static void
export_group(struct export *e, xmlNode *parent, const struct resource *r)
{
	xmlNode	*x;
	size_t	 i;

	x = export_elem_id(parent, "group", r->name);
	export_nvset(e, x, "meta_attributes", r->name, &r->meta_set,
	    KNOWN_META, 1);
	for (i = 0; i < r->nchildren; i++)
		export_resource(e, x, r->children[i]);
}

/* A clone (promotable or not) around its primitive or group. */
static void
export_clone(struct export *e, xmlNode *parent, const struct resource *r)
{
	const char	*id = export_rsc_id(e, r), *setid;
	xmlNode		*x, *set = NULL;
	size_t		 i;

	x = export_elem_id(parent, "clone", id);
	if (r->promotable || r->meta_set.n > 0) {
		setid = export_id(e, "%s-meta_attributes", id);
		set = export_elem_id(x, "meta_attributes", setid);
		if (r->promotable && !export_has(&r->meta_set, "promotable"))
			export_nvpair(e, set, setid, "promotable", "true",
			    &r->loc);
		for (i = 0; i < r->meta_set.n; i++)
			export_nvpair(e, set, setid, r->meta_set.v[i].canon !=
			    NULL ? r->meta_set.v[i].canon :
			    r->meta_set.v[i].name, export_value(e, KNOWN_META,
			    r->meta_set.v[i].name, r->meta_set.v[i].value),
			    &r->meta_set.v[i].loc);
	}
	for (i = 0; i < r->nchildren; i++)
		export_resource(e, x, r->children[i]);
}

/* A resource of any kind. */
static void
export_resource(struct export *e, xmlNode *parent, const struct resource *r)
{
	switch (r->kind) {
	case RSC_PRIMITIVE:
		export_primitive(e, parent, r);
		break;
	case RSC_GROUP:
		export_group(e, parent, r);
		break;
	case RSC_CLONE:
		export_clone(e, parent, r);
		break;
	}
}

/* <resources>: the top-level resources in model order. */
static void
export_resources(struct export *e, xmlNode *config)
{
	xmlNode	*res;
	size_t	 i;

	res = export_elem(config, "resources");
	for (i = 0; i < e->m->nresources; i++) {
		if (e->m->resources[i]->parent == NULL)
			export_resource(e, res, e->m->resources[i]);
	}
}

/* rsc_defaults and op_defaults. */
/*
 * The default rules, each a set with a rule of one rsc_expression. The
 * first defaults statement that sets an attribute wins in the language;
 * with rules about, set scores say so to Pacemaker (a higher score first).
 */
static void
export_default_rules(struct export *e, xmlNode *rscd)
{
	const struct default_rule	*d;
	const char			*setid;
	xmlNode				*set, *rule, *ex;
	size_t				 i, j, n = e->m->ndefaults_stmts;

	if (e->m->ndefault_rules == 0)
		return;
	for (set = rscd->children; set != NULL &&
	    set->type != XML_ELEMENT_NODE; set = set->next)
		;
	if (set != NULL && e->m->rsc_defaults_order > 0)
		xmlNewProp(set, (const xmlChar *)"score", (const xmlChar *)
		    arena_printf(e->ctx->arena, "%zu", n -
		    e->m->rsc_defaults_order + 1));
	for (i = 0; i < e->m->ndefault_rules; i++) {
		d = e->m->default_rules[i];
		if (d->meta.n == 0)
			continue;
		setid = export_id(e, "rsc_defaults-rule-%zu", i + 1);
		set = export_elem_id(rscd, "meta_attributes", setid);
		xmlNewProp(set, (const xmlChar *)"score", (const xmlChar *)
		    arena_printf(e->ctx->arena, "%zu", n - d->order + 1));
		rule = export_elem_id(set, "rule", export_id(e, "%s-rule",
		    setid));
		xmlNewProp(rule, (const xmlChar *)"score",
		    (const xmlChar *)"INFINITY");
		ex = export_elem_id(rule, "rsc_expression", export_id(e,
		    "%s-rule-expr", setid));
		if (d->has_cls)
			xmlNewProp(ex, (const xmlChar *)"class",
			    (const xmlChar *)value_class_name(d->cls));
		if (d->provider != NULL)
			export_attr(e, ex, "provider", d->provider, &d->loc);
		if (d->type != NULL)
			export_attr(e, ex, "type", d->type, &d->loc);
		for (j = 0; j < d->meta.n; j++)
			export_nvpair(e, set, setid, d->meta.v[j].canon,
			    export_value(e, KNOWN_META, d->meta.v[j].name,
			    d->meta.v[j].value), &d->meta.v[j].loc);
	}
}

static void
export_defaults(struct export *e, xmlNode *config)
{
	struct nvset	 ops;
	const char	*canon;
	xmlNode		*x;
	size_t		 i;

	if (e->m->rsc_defaults.n > 0 || e->m->ndefault_rules > 0) {
		x = export_elem(config, "rsc_defaults");
		export_nvset(e, x, "meta_attributes", "rsc_defaults",
		    &e->m->rsc_defaults, KNOWN_META, 1);
		export_default_rules(e, x);
	}
	/*
	 * OCF_CHECK_LEVEL and requires are the ops' own (written on each op,
	 * or not at all): an op default would be a meta attribute.
	 */
	ops.v = arena_allocarray(e->ctx->arena, e->m->op_defaults.n + 1,
	    sizeof *ops.v);
	ops.n = 0;
	for (i = 0; i < e->m->op_defaults.n; i++) {
		canon = e->m->op_defaults.v[i].canon != NULL ?
		    e->m->op_defaults.v[i].canon : e->m->op_defaults.v[i].name;
		if (strcmp(canon, "OCF_CHECK_LEVEL") == 0 ||
		    strcmp(canon, "requires") == 0)
			continue;
		ops.v[ops.n++] = e->m->op_defaults.v[i];
	}
	if (ops.n > 0) {
		x = export_elem(config, "op_defaults");
		export_nvset(e, x, "meta_attributes", "op_defaults", &ops,
		    KNOWN_OP_ATTR, 1);
	}
}

/*
 * Constraints.
 */

/* The XML name of a comparison. */
static const char *
export_cmp(enum expr_op op)
{
	static const char *const names[] = { "eq", "ne", "lt", "gt", "lte",
	    "gte", "defined", "not_defined" };

	return names[op];
}

/* <rule>: score (or score-attribute, for the top rule), role, conditions. */
static void
export_rule(struct export *e, xmlNode *parent, const char *owner,
    const struct mrule *mr, int top, enum role role)
{
	static const char *const types[] = { "string", "integer", "number",
	    "version" };
	const struct cond	*c;
	const char		*id;
	xmlNode			*x, *ex;
	size_t			 i;

	id = export_id(e, "%s-rule", owner);
	x = export_elem_id(parent, "rule", id);
	if (top && mr->score_attr != NULL)
		export_attr(e, x, "score-attribute", mr->score_attr, &mr->loc);
	else
		xmlNewProp(x, (const xmlChar *)"score",
		    (const xmlChar *)export_score(e, top ? mr->score : 0));
	if (role != ROLE_UNKNOWN)
		xmlNewProp(x, (const xmlChar *)"role",
		    (const xmlChar *)value_role_name(role));
	if (mr->bool_or)
		xmlNewProp(x, (const xmlChar *)"boolean-op",
		    (const xmlChar *)"or");
	for (i = 0; i < mr->nconds; i++) {
		c = &mr->conds[i];
		if (c->is_rule) {
			export_rule(e, x, id, c->rule, 0, ROLE_UNKNOWN);
			continue;
		}
		ex = export_elem_id(x, "expression", export_id(e, "%s-expr",
		    id));
		export_attr(e, ex, "attribute", c->attr, &c->loc);
		xmlNewProp(ex, (const xmlChar *)"operation",
		    (const xmlChar *)export_cmp(c->op));
		if (c->value != NULL && c->op != OP_DEFINED &&
		    c->op != OP_NOT_DEFINED)
			export_attr(e, ex, "value", c->value, &c->loc);
		if (c->typed)
			xmlNewProp(ex, (const xmlChar *)"type",
			    (const xmlChar *)types[c->type]);
	}
}

/* The name of a resource-discovery value, NULL for the default. */
static const char *
export_discovery(enum discovery d)
{
	return d == DISCOVERY_NEVER ? "never" : d == DISCOVERY_EXCLUSIVE ?
	    "exclusive" : NULL;
}

/* rsc_location: a node and a score, or one rule. */
static void
export_location(struct export *e, xmlNode *cons, const struct location *lc)
{
	const char	*id, *d;
	xmlNode		*x;

	id = export_claim(e, lc->id);
	x = export_elem_id(cons, "rsc_location", id);
	xmlNewProp(x, (const xmlChar *)"rsc",
	    (const xmlChar *)export_rsc_id(e, lc->rsc));
	if (lc->rule == NULL) {
		export_attr(e, x, "node", lc->node->name, &lc->loc);
		xmlNewProp(x, (const xmlChar *)"score",
		    (const xmlChar *)export_score(e, lc->score));
		if (lc->role != ROLE_UNKNOWN)
			xmlNewProp(x, (const xmlChar *)"role",
			    (const xmlChar *)value_role_name(lc->role));
	} else
		export_rule(e, x, id, lc->rule, 1, lc->role);
	if ((d = export_discovery(lc->discovery)) != NULL)
		xmlNewProp(x, (const xmlChar *)"resource-discovery",
		    (const xmlChar *)d);
}

/* A <resource_set>; order: an ordering set (action), else a colocation's. */
static void
export_set(struct export *e, xmlNode *parent, const char *owner,
    const struct rsc_set *s, int order)
{
	const char	*id;
	xmlNode		*x, *ref;
	size_t		 i;

	id = s->id != NULL ? export_claim(e, s->id) : export_id(e, "%s-set",
	    owner);
	x = export_elem_id(parent, "resource_set", id);
	xmlNewProp(x, (const xmlChar *)"sequential",
	    (const xmlChar *)(s->sequential ? "true" : "false"));
	if (order) {
		if (!s->require_all)
			xmlNewProp(x, (const xmlChar *)"require-all",
			    (const xmlChar *)"false");
		if (s->action != NULL && strcmp(s->action, "start") != 0)
			export_attr(e, x, "action", s->action, &s->loc);
	} else if (s->role != ROLE_UNKNOWN)
		xmlNewProp(x, (const xmlChar *)"role",
		    (const xmlChar *)value_role_name(s->role));
	for (i = 0; i < s->nrscs; i++) {
		ref = export_elem(x, "resource_ref");
		xmlNewProp(ref, (const xmlChar *)"id",
		    (const xmlChar *)export_rsc_id(e, s->rscs[i]));
	}
}

/* Whether a set is one resource with nothing else to say. */
static int
export_single(const struct rsc_set *s, int order)
{
	return s->nrscs == 1 && s->id == NULL && (!order || s->require_all);
}

/* rsc_colocation: rsc/with-rsc, or its sets. */
static void
export_colocation(struct export *e, xmlNode *cons,
    const struct colocation *c)
{
	const char	*id;
	xmlNode		*x;
	size_t		 i;
	int		 simple;

	simple = c->nsets == 2 && export_single(&c->sets[0], 0) &&
	    export_single(&c->sets[1], 0);
	if (!simple && c->node_attr != NULL) {
		diag_error(e->ctx, &c->loc, "a colocation of resource sets with "
		    "node-attribute cannot be exported: Pacemaker reads "
		    "node-attribute only on a colocation of two resources");
		e->failed = 1;
		return;
	}
	id = export_claim(e, c->id);
	x = export_elem_id(cons, "rsc_colocation", id);
	xmlNewProp(x, (const xmlChar *)"score",
	    (const xmlChar *)export_score(e, c->score));
	/* Pacemaker's default is the dependent's "critical", as hacc's. */
	if (!c->influence)
		xmlNewProp(x, (const xmlChar *)"influence",
		    (const xmlChar *)"false");
	if (!simple) {
		for (i = 0; i < c->nsets; i++)
			export_set(e, x, id, &c->sets[i], 0);
		return;
	}
	xmlNewProp(x, (const xmlChar *)"rsc",
	    (const xmlChar *)export_rsc_id(e, c->sets[0].rscs[0]));
	xmlNewProp(x, (const xmlChar *)"with-rsc",
	    (const xmlChar *)export_rsc_id(e, c->sets[1].rscs[0]));
	if (c->node_attr != NULL && strcmp(c->node_attr, "#uname") != 0)
		export_attr(e, x, "node-attribute", c->node_attr, &c->loc);
	if (c->sets[0].role != ROLE_UNKNOWN)
		xmlNewProp(x, (const xmlChar *)"rsc-role",
		    (const xmlChar *)value_role_name(c->sets[0].role));
	if (c->sets[1].role != ROLE_UNKNOWN)
		xmlNewProp(x, (const xmlChar *)"with-rsc-role",
		    (const xmlChar *)value_role_name(c->sets[1].role));
}

/* rsc_order: first/then with their actions, or sets. */
static void
export_order(struct export *e, xmlNode *cons, const struct order *o)
{
	static const char *const kinds[] = { "Mandatory", "Optional",
	    "Serialize" };
	const char	*id;
	xmlNode		*x;
	size_t		 i;

	id = export_claim(e, o->id);
	x = export_elem_id(cons, "rsc_order", id);
	if (o->kind != ORDER_MANDATORY)
		xmlNewProp(x, (const xmlChar *)"kind",
		    (const xmlChar *)kinds[o->kind]);
	/* Serialize is never symmetrical; Pacemaker warns if told so. */
	if (!o->symmetrical && o->kind != ORDER_SERIALIZE)
		xmlNewProp(x, (const xmlChar *)"symmetrical",
		    (const xmlChar *)"false");
	if (o->nsets != 2 || !export_single(&o->sets[0], 1) ||
	    !export_single(&o->sets[1], 1)) {
		for (i = 0; i < o->nsets; i++)
			export_set(e, x, id, &o->sets[i], 1);
		return;
	}
	xmlNewProp(x, (const xmlChar *)"first",
	    (const xmlChar *)export_rsc_id(e, o->sets[0].rscs[0]));
	xmlNewProp(x, (const xmlChar *)"then",
	    (const xmlChar *)export_rsc_id(e, o->sets[1].rscs[0]));
	if (!o->require_all)
		xmlNewProp(x, (const xmlChar *)"require-all",
		    (const xmlChar *)"false");
	if (o->sets[0].action != NULL && strcmp(o->sets[0].action, "start") !=
	    0)
		export_attr(e, x, "first-action", o->sets[0].action,
		    &o->sets[0].loc);
	/* then-action defaults to first-action: always say it. */
	if (o->sets[1].action != NULL && (strcmp(o->sets[1].action,
	    "start") != 0 || (o->sets[0].action != NULL &&
	    strcmp(o->sets[0].action, "start") != 0)))
		export_attr(e, x, "then-action", o->sets[1].action,
		    &o->sets[1].loc);
}

/* rsc_ticket: rsc and rsc-role, or its one set. */
static void
export_ticket(struct export *e, xmlNode *cons, const struct ticket_dep *d)
{
	const char	*id;
	xmlNode		*x;

	id = export_claim(e, d->id);
	x = export_elem_id(cons, "rsc_ticket", id);
	export_attr(e, x, "ticket", d->ticket, &d->loc);
	if (d->loss_given)
		xmlNewProp(x, (const xmlChar *)"loss-policy",
		    (const xmlChar *)value_loss_policy_name(d->loss));
	if (!export_single(&d->set, 0)) {
		export_set(e, x, id, &d->set, 0);
		return;
	}
	xmlNewProp(x, (const xmlChar *)"rsc",
	    (const xmlChar *)export_rsc_id(e, d->set.rscs[0]));
	if (d->set.role != ROLE_UNKNOWN)
		xmlNewProp(x, (const xmlChar *)"rsc-role",
		    (const xmlChar *)value_role_name(d->set.role));
}

/* <constraints>: locations, colocations, orders, tickets, in model order. */
static void
export_constraints(struct export *e, xmlNode *config)
{
	xmlNode	*cons;
	size_t	 i;

	cons = export_elem(config, "constraints");
	for (i = 0; i < e->m->nlocations; i++)
		export_location(e, cons, e->m->locations[i]);
	for (i = 0; i < e->m->ncolocations; i++)
		export_colocation(e, cons, e->m->colocations[i]);
	for (i = 0; i < e->m->norders; i++)
		export_order(e, cons, e->m->orders[i]);
	for (i = 0; i < e->m->ntickets; i++)
		export_ticket(e, cons, e->m->tickets[i]);
}

/* fencing-topology. */
static void
export_fencing(struct export *e, xmlNode *config)
{
	const struct fencing_level	*fl;
	struct buf			 devs;
	xmlNode				*ft, *x;
	size_t				 i, j;

	if (e->m->nlevels == 0)
		return;
	ft = export_elem(config, "fencing-topology");
	buf_init(&devs);
	for (i = 0; i < e->m->nlevels; i++) {
		fl = e->m->levels[i];
		x = export_elem_id(ft, "fencing-level", fl->target != NULL ?
		    export_id(e, "fl-%s-%d", fl->target, fl->index) :
		    export_id(e, "fl-%s-%s-%d", fl->target_attr,
		    fl->target_value, fl->index));
		if (fl->target != NULL)
			export_attr(e, x, "target", fl->target, &fl->loc);
		else {
			export_attr(e, x, "target-attribute", fl->target_attr,
			    &fl->loc);
			export_attr(e, x, "target-value", fl->target_value,
			    &fl->loc);
		}
		xmlNewProp(x, (const xmlChar *)"index", (const xmlChar *)
		    arena_printf(e->ctx->arena, "%d", fl->index));
		buf_reset(&devs);
		for (j = 0; j < fl->ndevices; j++)
			buf_printf(&devs, "%s%s", j > 0 ? "," : "",
			    fl->devices[j]->name);
		xmlNewProp(x, (const xmlChar *)"devices",
		    (const xmlChar *)devs.data);
	}
	buf_clear(&devs);
}

/*
 * Claim the ids the model gives before any is made up: resource names,
 * then NAME-clone for inline clones (NAME-clone-2 if taken).
 */
static void
export_claim_names(struct export *e)
{
	const struct resource	*r;
	size_t			 i;

	for (i = 0; i < e->m->nresources; i++) {
		r = e->m->resources[i];
		if (!export_inline_clone(r))
			export_claim(e, r->name);
	}
	for (i = 0; i < e->m->nresources; i++) {
		r = e->m->resources[i];
		if (export_inline_clone(r))
			map_put(&e->clone_ids, r->name, (void *)export_id(e,
			    "%s-clone", r->name));
	}
}

/*
 * Append the CIB of model m, with an empty <status/>, to out as XML text.
 * Problems are reported in ctx; returns 0, or -1 when something could not
 * be exported (errors in ctx; out unchanged).
 */
int
export_cib(struct ctx *ctx, const struct model *m, struct buf *out)
{
	struct export	 e;
	xmlNode		*root, *config;
	xmlChar		*mem = NULL;
	int		 len = 0;

	memset(&e, 0, sizeof e);
	e.ctx = ctx;
	e.m = m;
	map_init(&e.ids);
	map_init(&e.clone_ids);
	e.doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewDocNode(e.doc, NULL, (const xmlChar *)"cib", NULL);
	xmlDocSetRootElement(e.doc, root);
	xmlNewProp(root, (const xmlChar *)"validate-with",
	    (const xmlChar *)EXPORT_SCHEMA);
	xmlNewProp(root, (const xmlChar *)"crm_feature_set",
	    (const xmlChar *)EXPORT_FEATURE_SET);
	xmlNewProp(root, (const xmlChar *)"admin_epoch", (const xmlChar *)"0");
	xmlNewProp(root, (const xmlChar *)"epoch", (const xmlChar *)"1");
	xmlNewProp(root, (const xmlChar *)"num_updates", (const xmlChar *)"0");
	config = export_elem(root, "configuration");

	export_claim_names(&e);
	export_crm_config(&e, config);
	export_nodes(&e, config);
	export_resources(&e, config);
	export_constraints(&e, config);
	export_defaults(&e, config);
	export_fencing(&e, config);
	export_elem(root, "status");

	if (!e.failed) {
		xmlDocDumpFormatMemoryEnc(e.doc, &mem, &len, "UTF-8", 1);
		if (mem == NULL) {
			diag_error(ctx, NULL, "cannot write the CIB: out of "
			    "memory");
			e.failed = 1;
		} else
			buf_add(out, mem, (size_t)len);
		xmlFree(mem);
	}
	xmlFreeDoc(e.doc);
	map_clear(&e.ids);
	map_clear(&e.clone_ids);
	return e.failed ? -1 : 0;
}
