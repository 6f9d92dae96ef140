/*
 * export-status.c: a cluster state (struct cstate) as the status section of
 * a Pacemaker CIB, the mapping of cib-status.c in the other direction.
 * `hacc export` writes the configuration with compiler/export.c, whose
 * XML text this file reads back, completes (the <cib> attributes, nodes
 * only the state names) and writes out with a <status>. libxml2 stays
 * inside this file.
 *
 * BEHAVIOR (Pacemaker 2.1.5's reading, lib/pengine/unpack.c):
 *   have_quorum          <cib have-quorum>: the state's, else what the
 *                        scheduler computes (votes of the online nodes)
 *   dc                   <cib dc-uuid>: that node's id
 *   now                  <cib execution-date>: crm_simulate's "now"
 *   no_quorum_panic      <cib no-quorum-panic>
 *   tickets              tickets/ticket_state (granted, standby,
 *                        last-granted)
 *   node (seen)          <node_state id uname in_ccm crmd join expected>;
 *                        in_ccm left out when the state does not know it,
 *                        and no node_state for a node never seen
 *   node attributes      transient_attributes (standby, fail-count-*,
 *                        last-failure-*, #health-*, ...), but for the
 *                        ones Pacemaker sets itself (#uname, #id, ...). Per-resource fail counts
 *                        (fail-count-RSC) need <cib crm_feature_set> below
 *                        3.0.13, see exst_attr_name()
 *   history              lrm/lrm_resources/lrm_resource (class, provider
 *                        and type: the state's agent, else the policy's;
 *                        shutdown-lock, epoch seconds)
 *   oprec                lrm_rsc_op: operation, operation_key, interval,
 *                        call-id, rc-code, op-status, last-rc-change,
 *                        exit-reason, transition-key and -magic with the
 *                        expected rc (none when it is unknown; transition
 *                        -1, the newest, for a pending operation), op-digest
 *                        (the state's, else the one Pacemaker computes for
 *                        the policy's parameters: digest_params()), and
 *                        op-restart-digest, op-force-restart,
 *                        op-secure-digest and op-secure-params when the
 *                        state has them
 * Operation ids: the state's when unique in their lrm_resource, else
 * RSC_last_failure_0 for the last failed operation, else the operation
 * key (web_monitor_10000), made unique with the call id.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sched.h"

#define EXST_UUID	"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"	/* as
				   crm_simulate's injected operations */
#define EXST_FEATURE_SET "3.16.1"
#define EXST_LEGACY_FEATURE_SET "3.0.12" /* per-resource fail counts */

struct exst {
	struct ctx		*ctx;
	const struct model	*m;
	const struct cstate	*st;
	xmlDoc			*doc;
	const char		**ids;		/* CIB node id per state node */
	int			 mixed;		/* per-resource and per-operation
						   fail counts */
};

/* The first element child of n called name, or NULL. */
static xmlNode *
exst_child(xmlNode *n, const char *name)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	}
	return NULL;
}

/* A new child element of parent. */
static xmlNode *
exst_elem(xmlNode *parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

/* Set attribute name of n. */
static void
exst_set(xmlNode *n, const char *name, const char *value)
{
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

/* Set attribute name of n to a formatted value. */
static void printflike(4, 5)
exst_setf(struct exst *x, xmlNode *n, const char *name, const char *fmt, ...)
{
	va_list	ap;
	char	*s;

	va_start(ap, fmt);
	s = arena_vprintf(x->ctx->arena, fmt, ap);
	va_end(ap);
	exst_set(n, name, s);
}

/* An id made of text: characters an XML ID cannot hold become '_'. */
static const char *
exst_id(struct exst *x, const char *fmt, const char *a, const char *b)
{
	char	*s, *p;

	s = arena_printf(x->ctx->arena, fmt, a, b);
	for (p = s; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' &&
		    *p != '.')
			*p = '_';
	}
	return s;
}

/*
 * The CIB node id of every state node: the one in <nodes> (by uname);
 * a node the configuration lacks (a policy without nodes) is added to it
 * with the state's id, else the lowest number free.
 */
static void
exst_nodes(struct exst *x, xmlNode *config)
{
	const struct cstate	*st = x->st;
	struct map		 by_name, used;
	xmlNode			*nodes, *n;
	xmlChar			*uname, *id;
	const char		*s;
	uint32_t		 next = 1;
	size_t			 i;

	map_init(&by_name);
	map_init(&used);
	if ((nodes = exst_child(config, "nodes")) == NULL)
		nodes = exst_elem(config, "nodes");
	for (n = nodes->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		uname = xmlGetProp(n, (const xmlChar *)"uname");
		id = xmlGetProp(n, (const xmlChar *)"id");
		if (uname != NULL && id != NULL) {
			s = arena_strdup(x->ctx->arena, (const char *)id);
			map_put(&by_name, arena_strdup(x->ctx->arena,
			    (const char *)uname), (void *)s);
			map_put(&used, s, (void *)s);
		}
		xmlFree(uname);
		xmlFree(id);
	}
	x->ids = arena_allocarray(x->ctx->arena, st->nnodes + 1,
	    sizeof *x->ids);
	for (i = 0; i < st->nnodes; i++) {
		if ((x->ids[i] = map_get(&by_name, st->nodes[i].name)) != NULL)
			continue;
		s = st->nodes[i].id != 0 ? arena_printf(x->ctx->arena,
		    "%" PRIu32, st->nodes[i].id) : NULL;
		while (s == NULL || map_get(&used, s) != NULL)
			s = arena_printf(x->ctx->arena, "%" PRIu32, next++);
		map_put(&used, s, (void *)s);
		x->ids[i] = s;
		n = exst_elem(nodes, "node");
		exst_set(n, "id", s);
		exst_set(n, "uname", st->nodes[i].name);
		exst_set(n, "type", "member");
	}
	map_clear(&by_name);
	map_clear(&used);
}

/* The primitive a history is about (NAME or NAME:N), or NULL (orphan). */
static const struct resource *
exst_primitive(struct exst *x, const char *rsc)
{
	const struct resource	*r;
	const char		*colon;

	if ((colon = strrchr(rsc, ':')) != NULL)
		rsc = arena_strndup(x->ctx->arena, rsc, (size_t)(colon - rsc));
	if ((r = model_resource(x->m, rsc)) == NULL)
		return NULL;
	if (r->kind == RSC_CLONE && r->nchildren == 1 &&
	    strcmp(r->children[0]->name, r->name) == 0)
		r = r->children[0];	/* an inline clone's primitive */
	return r->kind == RSC_PRIMITIVE ? r : NULL;
}

/* Whether op is a failure: a result other than the one expected. */
static int
exst_failed(const struct oprec *op)
{
	if (op->status == OPST_PENDING || op->status == OPST_CANCELLED)
		return 0;
	if (op->status != OPST_DONE && op->status != OPST_ERROR)
		return 1;
	return op->expected_rc >= 0 && op->rc != op->expected_rc;
}

/* The ids of the operations of h: unique within its lrm_resource. */
static const char **
exst_op_ids(struct exst *x, const struct rhist *h)
{
	const struct oprec	*op;
	const char		**ids, *id;
	struct map		 taken;
	size_t			 i, last_failed = SIZE_MAX;

	ids = arena_allocarray(x->ctx->arena, h->nops + 1, sizeof *ids);
	map_init(&taken);
	for (i = 0; i < h->nops; i++) {
		op = &h->ops[i];
		ids[i] = NULL;
		if (op->id != NULL && map_get(&taken, op->id) == NULL) {
			ids[i] = op->id;
			map_put(&taken, op->id, (void *)op->id);
		}
		if (exst_failed(op) && (last_failed == SIZE_MAX ||
		    op->call_id > h->ops[last_failed].call_id))
			last_failed = i;
	}
	id = arena_printf(x->ctx->arena, "%s_last_failure_0", h->rsc);
	if (last_failed != SIZE_MAX && ids[last_failed] == NULL &&
	    map_get(&taken, id) == NULL) {
		ids[last_failed] = id;
		map_put(&taken, id, (void *)id);
	}
	for (i = 0; i < h->nops; i++) {
		if (ids[i] != NULL)
			continue;
		op = &h->ops[i];
		id = arena_printf(x->ctx->arena, "%s_%s_%" PRIu64, h->rsc,
		    op->task, op->interval_ms);
		if (map_get(&taken, id) != NULL)
			id = arena_printf(x->ctx->arena, "%s_%s_%" PRIu64
			    "_call_%d", h->rsc, op->task, op->interval_ms,
			    op->call_id);
		while (map_get(&taken, id) != NULL)
			id = arena_printf(x->ctx->arena, "%s-%zu", id, i);
		ids[i] = id;
		map_put(&taken, id, (void *)id);
	}
	map_clear(&taken);
	return ids;
}

/* One lrm_rsc_op. */
static int
exst_op(struct exst *x, xmlNode *parent, const struct rhist *h,
    const struct resource *r, const struct oprec *op, const char *id,
    const char *node)
{
	const char	*key, *digest;
	xmlNode		*n;

	n = exst_elem(parent, "lrm_rsc_op");
	exst_set(n, "id", id);
	exst_set(n, "operation_key", arena_printf(x->ctx->arena, "%s_%s_%"
	    PRIu64, h->rsc, op->task, op->interval_ms));
	exst_set(n, "operation", op->task);
	/* the feature set it was recorded with: secure digests depend on it */
	exst_set(n, "crm_feature_set", op->feature_set != NULL ?
	    op->feature_set : EXST_FEATURE_SET);
	/*
	 * Pacemaker orders a pending operation (call id -1) among the others
	 * by the transition of its key: -1 is the newest, as hacc reads a
	 * pending operation. So a pending operation has a key even when its
	 * expected rc is unknown (-1 there too); another has none then.
	 */
	if (op->expected_rc >= 0 || op->call_id < 0) {
		key = arena_printf(x->ctx->arena, "%d:%d:%d:%s", op->call_id >
		    0 ? op->call_id : 0, op->call_id < 0 ? -1 : 0,
		    op->expected_rc >= 0 ? op->expected_rc : -1, EXST_UUID);
		exst_set(n, "transition-key", key);
		exst_setf(x, n, "transition-magic", "%d:%d;%s", op->status,
		    op->rc, key);
	}
	if (op->exit_reason != NULL)
		exst_set(n, "exit-reason", op->exit_reason);
	exst_set(n, "on_node", node);
	exst_setf(x, n, "call-id", "%d", op->call_id);
	exst_setf(x, n, "rc-code", "%d", op->rc);
	exst_setf(x, n, "op-status", "%d", op->status);
	exst_setf(x, n, "interval", "%" PRIu64, op->interval_ms);
	if (op->last_rc_change != 0) {
		exst_setf(x, n, "last-rc-change", "%" PRId64,
		    op->last_rc_change);
		exst_setf(x, n, "last-run", "%" PRId64, op->last_rc_change);
	}
	exst_set(n, "exec-time", "0");
	exst_set(n, "queue-time", "0");
	if ((digest = op->digest) == NULL && (digest = digest_params(x->ctx,
	    x->m, r, op->task, op->interval_ms, DIGEST_ALL, NULL)) == NULL) {
		diag_error(x->ctx, NULL, "cannot compute operation digests: "
		    "libcrypto has no MD5");
		return -1;
	}
	exst_set(n, "op-digest", digest);
	if (op->restart_digest != NULL)
		exst_set(n, "op-restart-digest", op->restart_digest);
	if (op->force_restart != NULL)
		exst_set(n, "op-force-restart", op->force_restart);
	if (op->secure_digest != NULL)
		exst_set(n, "op-secure-digest", op->secure_digest);
	if (op->secure_params != NULL)
		exst_set(n, "op-secure-params", op->secure_params);
	return 0;
}

/* lrm_resource for history h, with its operations. */
static int
exst_history(struct exst *x, xmlNode *parent, const struct rhist *h,
    const char *node)
{
	const struct resource	*r = exst_primitive(x, h->rsc);
	static const char *const classes[] = { "ocf", "lsb", "systemd",
	    "service", "stonith" };
	const char		*cls, *provider, *type, **ids;
	xmlNode			*n;
	size_t			 i;

	cls = h->cls;
	provider = h->provider;
	type = h->type;
	if (cls == NULL && r != NULL) {
		cls = classes[r->cls];
		provider = r->provider;
		type = r->type;
	}
	n = exst_elem(parent, "lrm_resource");
	exst_set(n, "id", h->rsc);
	if (cls != NULL)
		exst_set(n, "class", cls);
	if (provider != NULL && cls != NULL && strcmp(cls, "ocf") == 0)
		exst_set(n, "provider", provider);
	if (type != NULL)
		exst_set(n, "type", type);
	if (h->shutdown_lock != 0)
		exst_setf(x, n, "shutdown-lock", "%" PRId64, h->shutdown_lock);
	ids = exst_op_ids(x, h);
	for (i = 0; i < h->nops; i++) {
		if (exst_op(x, n, h, r, &h->ops[i], ids[i], node) != 0)
			return -1;
	}
	return 0;
}

/* Whether name is a node attribute Pacemaker sets itself (#uname, ...). */
static int
exst_builtin(const char *name)
{
	static const char *const names[] = { "#uname", "#id", "#kind",
	    "#is_dc", "#cluster-name", "#site-name", "#role" };
	size_t	i;

	for (i = 0; i < nitems(names); i++) {
		if (strcmp(name, names[i]) == 0)
			return 1;
	}
	return 0;
}

/* Whether name is a fail count or last-failure attribute; which kind. */
static int
exst_failure_attr(const char *name, int *legacy)
{
	if (strncmp(name, "fail-count-", 11) != 0 &&
	    strncmp(name, "last-failure-", 13) != 0)
		return 0;
	*legacy = strchr(name, '#') == NULL;
	return 1;
}

/*
 * The name to write for node attribute name. Pacemaker 2.1.5 reads either
 * per-resource fail counts (fail-count-RSC, a CIB feature set below
 * 3.0.13) or per-operation ones (fail-count-RSC#OP_MS), never both; hacc
 * reads both. A state with only per-resource ones is written with feature
 * set 3.0.12 (exst_root()); in a state with both, a per-resource one
 * becomes fail-count-RSC#any_0, which Pacemaker adds to the others.
 */
static const char *
exst_attr_name(struct exst *x, const char *name)
{
	int	legacy;

	if (x->mixed && exst_failure_attr(name, &legacy) && legacy)
		return arena_printf(x->ctx->arena, "%s#any_0", name);
	return name;
}

/* One node_state: membership, transient attributes, histories. */
static int
exst_node_state(struct exst *x, xmlNode *status, size_t i)
{
	static const char *const joins[] = { "down", "pending", "member",
	    "banned" };
	const struct nstate	*ns = &x->st->nodes[i];
	const struct nvpair	*a;
	const char		*id = x->ids[i], *setid = NULL;
	xmlNode			*n, *ta, *set = NULL, *nv, *lrm, *rs;
	size_t			 j;

	n = exst_elem(status, "node_state");
	exst_set(n, "id", id);
	exst_set(n, "uname", ns->name);
	if (ns->in_ccm >= 0)
		exst_set(n, "in_ccm", ns->in_ccm ? "true" : "false");
	exst_set(n, "crmd", ns->crmd ? "online" : "offline");
	exst_set(n, "crm-debug-origin", "hacc-export");
	exst_set(n, "join", joins[ns->join]);
	exst_set(n, "expected", ns->expected_up ? "member" : "down");
	for (j = 0; j < ns->attrs.n; j++) {
		a = &ns->attrs.v[j];
		if (exst_builtin(a->name))
			continue;
		if (set == NULL) {
			ta = exst_elem(n, "transient_attributes");
			exst_set(ta, "id", id);
			setid = exst_id(x, "status-%s%s", id, "");
			set = exst_elem(ta, "instance_attributes");
			exst_set(set, "id", setid);
		}
		nv = exst_elem(set, "nvpair");
		exst_set(nv, "id", exst_id(x, "%s-%s", setid, a->name));
		exst_set(nv, "name", exst_attr_name(x, a->name));
		exst_set(nv, "value", a->value);
	}
	lrm = exst_elem(n, "lrm");
	exst_set(lrm, "id", id);
	rs = exst_elem(lrm, "lrm_resources");
	for (j = 0; j < x->st->nhist; j++) {
		if (x->st->hist[j].node == i && exst_history(x, rs,
		    &x->st->hist[j], ns->name) != 0)
			return -1;
	}
	return 0;
}

/*
 * The kind of fail counts the state has: 0 none or per-operation ones
 * only, 1 per-resource ones only, 2 both (x->mixed is set).
 */
static int
exst_fail_counts(struct exst *x)
{
	const struct nstate	*ns;
	size_t			 i, j;
	int			 legacy, any_legacy = 0, any_op = 0;

	for (i = 0; i < x->st->nnodes; i++) {
		ns = &x->st->nodes[i];
		for (j = 0; j < ns->attrs.n; j++) {
			if (!exst_failure_attr(ns->attrs.v[j].name, &legacy))
				continue;
			any_legacy |= legacy;
			any_op |= !legacy;
		}
	}
	x->mixed = any_legacy && any_op;
	return any_legacy ? (any_op ? 2 : 1) : 0;
}

/* <tickets>: a ticket_state per ticket of the state. */
static void
exst_tickets(struct exst *x, xmlNode *status)
{
	const struct tstate	*t;
	xmlNode			*tickets, *n;
	size_t			 i;

	tickets = exst_elem(status, "tickets");
	for (i = 0; i < x->st->ntickets; i++) {
		t = &x->st->tickets[i];
		n = exst_elem(tickets, "ticket_state");
		exst_set(n, "id", t->name);
		exst_set(n, "granted", t->granted ? "true" : "false");
		if (t->standby)
			exst_set(n, "standby", "true");
		if (t->last_granted > 0)
			exst_setf(x, n, "last-granted", "%lld",
			    (long long)t->last_granted);
	}
}

/* The attributes of <cib> the state sets. */
static int
exst_root(struct exst *x, xmlNode *root)
{
	const struct cstate	*st = x->st;
	const struct status	*ss;
	int			 quorum = st->have_quorum;
	size_t			 i;

	if (quorum < 0) {
		if ((ss = sched_status(x->ctx, x->m, st)) == NULL)
			return -1;
		quorum = ss->have_quorum;
	}
	exst_set(root, "have-quorum", quorum ? "1" : "0");
	if (exst_fail_counts(x) == 1)
		exst_set(root, "crm_feature_set", EXST_LEGACY_FEATURE_SET);
	for (i = 0; st->dc != NULL && i < st->nnodes; i++) {
		if (strcmp(st->nodes[i].name, st->dc) == 0)
			exst_set(root, "dc-uuid", x->ids[i]);
	}
	if (st->now != 0)
		exst_setf(x, root, "execution-date", "%" PRId64, st->now);
	if (st->no_quorum_panic)
		exst_set(root, "no-quorum-panic", "true");
	return 0;
}

/*
 * Complete the CIB XML text in cib (as export_cib() wrote it for model m)
 * with state st: the <cib> attributes, nodes only the state names, and
 * the status section; cib is rewritten. Returns 0, or -1 (an error in
 * ctx, cib unchanged).
 */
int
export_status(struct ctx *ctx, const struct model *m, const struct cstate *st,
    struct buf *cib)
{
	struct exst	 x;
	xmlNode		*root, *config, *status;
	xmlChar		*mem = NULL;
	size_t		 i;
	int		 len = 0, rc = -1;

	if (cib->len > INT_MAX) {
		diag_error(ctx, NULL, "the CIB is too large");
		return -1;
	}
	memset(&x, 0, sizeof x);
	x.ctx = ctx;
	x.m = m;
	x.st = st;
	xmlInitParser();
	x.doc = xmlReadMemory(cib->data, (int)cib->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (x.doc == NULL || (root = xmlDocGetRootElement(x.doc)) == NULL ||
	    (config = exst_child(root, "configuration")) == NULL) {
		diag_error(ctx, NULL, "not a CIB (a bug in the export)");
		goto done;
	}
	exst_nodes(&x, config);
	if (exst_root(&x, root) != 0)
		goto done;
	if ((status = exst_child(root, "status")) != NULL) {
		xmlUnlinkNode(status);
		xmlFreeNode(status);
	}
	status = exst_elem(root, "status");
	if (st->ntickets > 0)
		exst_tickets(&x, status);
	for (i = 0; i < st->nnodes; i++) {
		if (st->nodes[i].seen && exst_node_state(&x, status, i) != 0)
			goto done;
	}
	xmlDocDumpFormatMemoryEnc(x.doc, &mem, &len, "UTF-8", 1);
	if (mem == NULL) {
		diag_error(ctx, NULL, "cannot write the CIB: out of memory");
		goto done;
	}
	buf_reset(cib);
	buf_add(cib, mem, (size_t)len);
	xmlFree(mem);
	rc = 0;
done:
	if (x.doc != NULL)
		xmlFreeDoc(x.doc);
	return rc;
}
