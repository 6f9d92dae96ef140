/*
 * cib-status.c: the status section of a Pacemaker CIB as a cluster state
 * (struct cstate), to schedule a CIB as Pacemaker would. Its configuration
 * is read by compiler/cib.c; both use libxml2, which stays inside each
 * file. The CIB is read with libxml2's streaming reader, one node state at
 * a time (cibst_read): the status is most of a big CIB.
 *
 * BEHAVIOR (Pacemaker 2.1.5, lib/pengine/unpack.c and status.c):
 *   <cib have-quorum>      have_quorum (absent: no quorum, as Pacemaker)
 *   <cib dc-uuid>          dc: the name of the node with that id
 *   <cib execution-date>   now (epoch seconds)
 *   <cib no-quorum-panic>  no_quorum_panic
 *   <node_state>           one nstate per configured cluster node, found
 *                          by id, then by uname (pe_find_node_any); a node
 *                          without a node_state is not seen
 *     in_ccm               true, or a join time (Pacemaker 2.1.7 and later
 *                          write one): 1; false or 0: 0; absent: -1
 *     crmd                 online, or a time (2.1.7 and later): 1, else 0
 *     join, expected       join state, expected_up (expected=member)
 *   transient_attributes   node attributes, every nvpair as written
 *                          (fail-count-*, last-failure-*, standby,
 *                          shutdown, ...), sets merged by score, the last
 *                          value winning as Pacemaker's overwrite does
 *   lrm_resource           one rhist per resource and node
 *     lrm_rsc_op           one oprec: operation, interval (ms), call-id,
 *                          rc-code, op-status, the expected rc (third
 *                          field of transition-key; -1 without one),
 *                          last-rc-change, op-digest, op-restart-digest,
 *                          exit-reason
 *   tickets/ticket_state   one tstate: granted, standby, last-granted
 * Not read (reported once per construct): remote and guest node states,
 * transient utilization, migration sources and targets of
 * migrate_to/migrate_from records, secure digests.
 *
 * Deviation: Pacemaker 2.1.5 reads an in_ccm or crmd time (written by
 * 2.1.7 and later) as "not a member" / "offline"; the meaning the writer
 * intended, a member since then / online, is kept here.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "sched.h"

/* As in compiler/cib.c: HUGE, since big CIBs pass libxml2's lookup limit */
#define CIBST_XML_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
				 XML_PARSE_NOWARNING | XML_PARSE_HUGE)

struct cibst {
	struct ctx	*ctx;		/* the state's arena */
	struct ctx	*warn;		/* warnings, given to ctx once the CIB
					   has read to its end */
	struct cstate	*st;
	size_t		 hist_cap;	/* st->hist, malloc'd while reading */
	struct map	 by_id;		/* node id -> index + 1 */
	struct map	 by_name;	/* node uname -> index + 1 */
	const char	*feature_set;	/* the CIB's crm_feature_set */
	const char	*dc_id;		/* <cib dc-uuid> */
	const char	*dc_uname;	/* uname of the first node_state with
					   that id */
	int		 warned_migrate;
	int		 warned_container;
};

/* The first element child of n, or NULL. */
static xmlNode *
cibst_first(xmlNode *n)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			return n;
	}
	return NULL;
}

/* The next element sibling of n, or NULL. */
static xmlNode *
cibst_next(xmlNode *n)
{
	for (n = n->next; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			return n;
	}
	return NULL;
}

#define CIBST_EACH(k, n) \
	for ((k) = cibst_first(n); (k) != NULL; (k) = cibst_next(k))

/* Whether n is the element called name. */
static int
cibst_is(const xmlNode *n, const char *name)
{
	return n != NULL && strcmp((const char *)n->name, name) == 0;
}

/* The first child of n called name, or NULL. */
static xmlNode *
cibst_child(xmlNode *n, const char *name)
{
	xmlNode	*k;

	CIBST_EACH(k, n) {
		if (cibst_is(k, name))
			return k;
	}
	return NULL;
}

/* Attribute name of n, in the arena, or NULL. */
static const char *
cibst_attr(struct cibst *s, xmlNode *n, const char *name)
{
	xmlChar		*v;
	const char	*r;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	r = arena_strdup(s->ctx->arena, (const char *)v);
	xmlFree(v);
	return r;
}

/* The XML path of n, for messages. */
static const char *
cibst_path(struct cibst *s, xmlNode *n)
{
	struct buf	 b;
	const char	*r, *id;
	xmlNode		*p, *stack[32];
	size_t		 depth = 0, i;

	for (p = n; p != NULL && p->type == XML_ELEMENT_NODE &&
	    depth < nitems(stack); p = p->parent)
		stack[depth++] = p;
	buf_init(&b);
	for (i = depth; i > 0; i--) {
		p = stack[i - 1];
		buf_printf(&b, "/%s", (const char *)p->name);
		if ((id = cibst_attr(s, p, "id")) != NULL)
			buf_printf(&b, "[@id='%s']", id);
	}
	r = arena_strdup(s->ctx->arena, b.data == NULL ? "" : b.data);
	buf_clear(&b);
	return r;
}

/* Report something at n that is not read. */
static void printflike(3, 4)
cibst_warn(struct cibst *s, xmlNode *n, const char *fmt, ...)
{
	va_list		 ap;
	const char	*msg;

	va_start(ap, fmt);
	msg = arena_vprintf(s->ctx->arena, fmt, ap);
	va_end(ap);
	diag_warning(s->warn, NULL, "%s: %s", cibst_path(s, n), msg);
}

/* Pacemaker's crm_is_true(). */
static int
cibst_true(const char *v)
{
	static const char *const yes[] = { "true", "on", "yes", "y", "1" };
	size_t	i;

	for (i = 0; v != NULL && i < nitems(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
	}
	return 0;
}

/* A decimal integer (all of v), into *out; -1 if it is not one. */
static int
cibst_ll(const char *v, long long *out)
{
	char	*end;

	if (v == NULL || *v == '\0')
		return -1;
	errno = 0;
	*out = strtoll(v, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

/* in_ccm: 1 a member (true, or a time), 0 not, -1 not reported. */
static int
cibst_member(struct cibst *s, xmlNode *n, const char *v)
{
	long long	t;

	if (v == NULL)
		return -1;
	if (cibst_true(v))
		return 1;
	if (cibst_ll(v, &t) == 0 && t >= 0)
		return t > 0;
	if (strcasecmp(v, "false") != 0 && strcasecmp(v, "no") != 0 &&
	    strcasecmp(v, "off") != 0 && strcasecmp(v, "n") != 0)
		cibst_warn(s, n, "in_ccm '%s' is not a boolean or a time; read "
		    "as false", v);
	return 0;
}

/* crmd: 1 online (or online since a time), else 0. */
static int
cibst_online(struct cibst *s, xmlNode *n, const char *v)
{
	long long	t;

	if (v == NULL || strcasecmp(v, "offline") == 0)
		return 0;
	if (strcasecmp(v, "online") == 0)
		return 1;
	if (cibst_ll(v, &t) == 0 && t >= 0)
		return t > 0;
	cibst_warn(s, n, "crmd '%s' is not online, offline or a time; read "
	    "as offline", v);
	return 0;
}

/* The configured cluster nodes become the state's nodes, not yet seen. */
static void	cibst_set_attr(struct cibst *, struct nstate *, const char *,
		    const char *);

static void
cibst_nodes(struct cibst *s, xmlNode *config)
{
	struct cstate	*st = s->st;
	struct nstate	*ns;
	const char	*uname, *id, *type;
	xmlNode		*nodes, *k;
	long long	 v;
	size_t		 n = 0;

	if ((nodes = cibst_child(config, "nodes")) == NULL)
		return;
	CIBST_EACH(k, nodes)
		n++;
	st->nodes = arena_zalloc(s->ctx->arena, (n > 0 ? n : 1) *
	    sizeof *st->nodes);
	CIBST_EACH(k, nodes) {
		if (!cibst_is(k, "node"))
			continue;
		uname = cibst_attr(s, k, "uname");
		id = cibst_attr(s, k, "id");
		type = cibst_attr(s, k, "type");
		if (uname == NULL || (type != NULL &&
		    strcmp(type, "member") != 0 && strcmp(type, "normal") != 0) ||
		    map_get(&s->by_name, uname) != NULL)
			continue;	/* reported by the import */
		ns = &st->nodes[st->nnodes];
		ns->name = uname;
		if (id != NULL && cibst_ll(id, &v) == 0 && v > 0 &&
		    v <= UINT32_MAX)
			ns->id = (uint32_t)v;
		else if (id != NULL)	/* an old-style id: rules may test it */
			cibst_set_attr(s, ns, "#id", id);
		ns->in_ccm = 0;
		ns->join = JOIN_DOWN;
		st->nnodes++;
		map_put(&s->by_name, uname, (void *)(uintptr_t)st->nnodes);
		if (id != NULL && map_get(&s->by_id, id) == NULL)
			map_put(&s->by_id, id, (void *)(uintptr_t)st->nnodes);
	}
}

/* The index of the node a node_state is about, or -1 (reported). */
static long
cibst_find(struct cibst *s, xmlNode *n)
{
	const char	*id, *uname;
	uintptr_t	 i = 0;

	id = cibst_attr(s, n, "id");
	uname = cibst_attr(s, n, "uname");
	if (id != NULL)
		i = (uintptr_t)map_get(&s->by_id, id);
	if (i == 0 && uname != NULL)
		i = (uintptr_t)map_get(&s->by_name, uname);
	if (i > 0)
		return (long)i - 1;
	if (cibst_true(cibst_attr(s, n, "remote_node")))
		cibst_warn(s, n, "the state of remote node '%s' is not "
		    "supported; not read", uname != NULL ? uname : "");
	else
		cibst_warn(s, n, "node '%s' is not a configured cluster node "
		    "(Pacemaker ignores its state); not read", uname != NULL ?
		    uname : id != NULL ? id : "");
	return -1;
}

/* One attribute set of transient_attributes, with its score. */
struct cibst_set {
	xmlNode	*node;
	long	 score;
	size_t	 pos;
};

/* Pacemaker's order of sets: highest score first, then last first. */
static int
cibst_set_cmp(const void *a, const void *b)
{
	const struct cibst_set	*x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->pos > y->pos ? -1 : x->pos < y->pos;
}

/* qsort: node attributes by name. */
static int
cibst_attr_cmp(const void *a, const void *b)
{
	const struct nvpair	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Set name = value in the node's attributes (overwriting, as Pacemaker). */
static void
cibst_set_attr(struct cibst *s, struct nstate *ns, const char *name,
    const char *value)
{
	struct nvpair	*v;
	size_t		 i;

	for (i = 0; i < ns->attrs.n; i++) {
		if (strcmp(ns->attrs.v[i].name, name) == 0) {
			ns->attrs.v[i].value = value;
			return;
		}
	}
	/* Capacity: 4, then the next power of two. */
	if (ns->attrs.n == 0 || (ns->attrs.n >= 4 &&
	    (ns->attrs.n & (ns->attrs.n - 1)) == 0)) {
		v = arena_zalloc(s->ctx->arena, (ns->attrs.n == 0 ? 4 :
		    ns->attrs.n * 2) * sizeof *v);
		if (ns->attrs.n > 0)
			memcpy(v, ns->attrs.v, ns->attrs.n * sizeof *v);
		ns->attrs.v = v;
	}
	v = &ns->attrs.v[ns->attrs.n++];
	v->name = name;
	v->value = value;
	memset(&v->loc, 0, sizeof v->loc);
}

/* transient_attributes: every nvpair of every instance_attributes. */
static void
cibst_transient(struct cibst *s, xmlNode *ta, struct nstate *ns)
{
	struct cibst_set	*sets = NULL;
	const char		*name, *value, *score;
	xmlNode			*k, *nv;
	size_t			 n = 0, i;
	long long		 v;

	CIBST_EACH(k, ta) {
		if (!cibst_is(k, "instance_attributes")) {
			cibst_warn(s, k, "<%s> in transient_attributes is not "
			    "supported; not read", (const char *)k->name);
			continue;
		}
		if (cibst_child(k, "rule") != NULL) {
			cibst_warn(s, k, "rules in node attribute sets are not "
			    "supported; not read");
			continue;
		}
		sets = xreallocarray(sets, n + 1, sizeof *sets);
		sets[n].node = k;
		score = cibst_attr(s, k, "score");
		sets[n].score = score != NULL && cibst_ll(score, &v) == 0 ?
		    (long)v : 0;
		sets[n].pos = n;
		n++;
	}
	if (n > 1)
		qsort(sets, n, sizeof *sets, cibst_set_cmp);
	for (i = 0; i < n; i++) {
		CIBST_EACH(nv, sets[i].node) {
			if (!cibst_is(nv, "nvpair"))
				continue;
			name = cibst_attr(s, nv, "name");
			value = cibst_attr(s, nv, "value");
			if (name == NULL || value == NULL)
				continue;
			cibst_set_attr(s, ns, name, value);
		}
	}
	free(sets);
}

/* One lrm_rsc_op; 0 if read, -1 if malformed (reported). */
static int
cibst_op(struct cibst *s, xmlNode *n, struct oprec *op)
{
	const char	*v, *key, *p;
	long long	 ll;

	memset(op, 0, sizeof *op);
	op->id = cibst_attr(s, n, "id");
	op->task = cibst_attr(s, n, "operation");
	if (op->task == NULL) {
		cibst_warn(s, n, "an operation record without an operation; "
		    "not read");
		return -1;
	}
	v = cibst_attr(s, n, "interval");
	if (v != NULL && (cibst_ll(v, &ll) != 0 || ll < 0)) {
		cibst_warn(s, n, "interval '%s' is not milliseconds; not read",
		    v);
		return -1;
	}
	op->interval_ms = v != NULL ? (uint64_t)ll : 0;
	v = cibst_attr(s, n, "call-id");
	if (v == NULL || cibst_ll(v, &ll) != 0 || ll < INT_MIN || ll > INT_MAX) {
		cibst_warn(s, n, "call-id '%s' is not a number; not read",
		    v != NULL ? v : "");
		return -1;
	}
	op->call_id = (int)ll;
	v = cibst_attr(s, n, "rc-code");
	if (v != NULL && cibst_ll(v, &ll) == 0 && ll >= INT_MIN &&
	    ll <= INT_MAX)
		op->rc = (int)ll;
	else {
		cibst_warn(s, n, "rc-code '%s' is not a number; read as %d",
		    v != NULL ? v : "", OCF_ERR_GENERIC);
		op->rc = OCF_ERR_GENERIC;
	}
	v = cibst_attr(s, n, "op-status");
	if (v != NULL && cibst_ll(v, &ll) == 0 && ll >= INT_MIN &&
	    ll <= INT_MAX)
		op->status = (int)ll;
	else {
		if (v != NULL)
			cibst_warn(s, n, "op-status '%s' is not a number; read "
			    "as 0 (done)", v);
		op->status = OPST_DONE;
	}
	/* transition-key: action:transition:target_rc:uuid */
	op->expected_rc = -1;
	if ((key = cibst_attr(s, n, "transition-key")) != NULL) {
		p = strchr(key, ':');
		p = p != NULL ? strchr(p + 1, ':') : NULL;
		if (p != NULL && isdigit((unsigned char)p[1]))
			op->expected_rc = (int)strtol(p + 1, NULL, 10);
		else
			cibst_warn(s, n, "transition-key '%s' has no expected "
			    "rc", key);
	}
	if ((v = cibst_attr(s, n, "last-rc-change")) == NULL)
		v = cibst_attr(s, n, "last_rc_change");
	op->last_rc_change = v != NULL && cibst_ll(v, &ll) == 0 ? ll : 0;
	op->digest = cibst_attr(s, n, "op-digest");
	op->restart_digest = cibst_attr(s, n, "op-restart-digest");
	op->force_restart = cibst_attr(s, n, "op-force-restart");
	op->secure_digest = cibst_attr(s, n, "op-secure-digest");
	op->secure_params = cibst_attr(s, n, "op-secure-params");
	if ((op->feature_set = cibst_attr(s, n, "crm_feature_set")) == NULL)
		op->feature_set = s->feature_set;
	op->exit_reason = cibst_attr(s, n, "exit-reason");
	if (op->exit_reason != NULL && *op->exit_reason == '\0')
		op->exit_reason = NULL;
	if (!s->warned_migrate && (cibst_attr(s, n, "migrate_source") !=
	    NULL || cibst_attr(s, n, "migrate_target") != NULL)) {
		cibst_warn(s, n, "migration sources and targets are not "
		    "supported; those of every operation are not read");
		s->warned_migrate = 1;
	}
	return 0;
}

/* Room for n more histories in the state (malloc'd while reading). */
static void
cibst_hist_room(struct cibst *s, size_t n)
{
	struct cstate	*st = s->st;

	if (n <= s->hist_cap - st->nhist)
		return;
	s->hist_cap = st->nhist + n > s->hist_cap * 2 ? st->nhist + n :
	    s->hist_cap * 2;
	st->hist = xreallocarray(st->hist, s->hist_cap, sizeof *st->hist);
}

/* lrm_resources of one node: one rhist each. */
static void
cibst_lrm(struct cibst *s, xmlNode *lrm, size_t node)
{
	struct cstate	*st = s->st;
	struct rhist	*h;
	struct map	 seen;
	xmlNode		*rs, *r, *o;
	const char	*v;
	long long	 ll;
	size_t		 nops, nres;

	if ((rs = cibst_child(lrm, "lrm_resources")) == NULL)
		return;
	nres = 0;
	CIBST_EACH(r, rs)
		nres++;
	cibst_hist_room(s, nres);
	map_init(&seen);
	CIBST_EACH(r, rs) {
		if (!cibst_is(r, "lrm_resource"))
			continue;
		h = &st->hist[st->nhist];
		memset(h, 0, sizeof *h);
		h->rsc = cibst_attr(s, r, "id");
		if (h->rsc == NULL || map_get(&seen, h->rsc) != NULL) {
			cibst_warn(s, r, "a resource history without an id, or "
			    "twice on one node; not read");
			continue;
		}
		map_put(&seen, h->rsc, r);
		h->cls = cibst_attr(s, r, "class");
		h->provider = cibst_attr(s, r, "provider");
		if ((v = cibst_attr(s, r, "shutdown-lock")) != NULL &&
		    cibst_ll(v, &ll) == 0 && ll > 0)
			h->shutdown_lock = ll;
		h->type = cibst_attr(s, r, "type");
		h->node = node;
		if (!s->warned_container && cibst_attr(s, r, "container") !=
		    NULL) {
			cibst_warn(s, r, "containers (guest nodes) are not "
			    "supported; the containers of resources are not "
			    "read");
			s->warned_container = 1;
		}
		nops = 0;
		CIBST_EACH(o, r)
			nops++;
		h->ops = arena_zalloc(s->ctx->arena, (nops > 0 ? nops : 1) *
		    sizeof *h->ops);
		CIBST_EACH(o, r) {
			if (!cibst_is(o, "lrm_rsc_op"))
				continue;
			if (cibst_op(s, o, &h->ops[h->nops]) == 0)
				h->nops++;
		}
		st->nhist++;
	}
	map_clear(&seen);
}

/*
 * <tickets><ticket_state id= granted= standby= last-granted=/>: what
 * Pacemaker reads of a ticket (its other attributes are booth's own).
 */
static void
cibst_tickets(struct cibst *s, xmlNode *tickets)
{
	struct tstate	*t;
	const char	*id, *v;
	long long	 ll;
	xmlNode		*k;

	CIBST_EACH(k, tickets) {
		if (!cibst_is(k, "ticket_state")) {
			cibst_warn(s, k, "<%s> is not a ticket state; not read",
			    (const char *)k->name);
			continue;
		}
		if ((id = cibst_attr(s, k, "id")) == NULL || *id == '\0') {
			cibst_warn(s, k, "a ticket state without an id; not "
			    "read");
			continue;
		}
		if (state_ticket(NULL, s->st, id, 0) != NULL) {
			cibst_warn(s, k, "a second state for ticket '%s'; not "
			    "read", id);
			continue;
		}
		t = state_ticket(s->ctx, s->st, id, 1);
		t->granted = cibst_true(cibst_attr(s, k, "granted"));
		t->standby = cibst_true(cibst_attr(s, k, "standby"));
		if ((v = cibst_attr(s, k, "last-granted")) != NULL &&
		    cibst_ll(v, &ll) == 0 && ll > 0)
			t->last_granted = ll;
	}
}

/*
 * One child of <status>, a node state (its attributes and histories) or
 * the tickets, expanded alone by the reader.
 */
static void
cibst_status(struct cibst *s, xmlNode *n)
{
	struct nstate	*ns;
	const char	*join, *exp, *id, *uname;
	xmlNode		*k;
	long		 i;

	if (cibst_is(n, "tickets")) {
		cibst_tickets(s, n);
		return;
	}
	if (!cibst_is(n, "node_state")) {
		cibst_warn(s, n, "<%s> is not supported in the status; not read",
		    (const char *)n->name);
		return;
	}
	/* the first node_state with the DC's id names the DC when no
	 * configured node has that id (cib_status) */
	if (s->dc_id != NULL && s->dc_uname == NULL &&
	    (id = cibst_attr(s, n, "id")) != NULL &&
	    strcmp(id, s->dc_id) == 0 &&
	    (uname = cibst_attr(s, n, "uname")) != NULL)
		s->dc_uname = uname;
	if ((i = cibst_find(s, n)) < 0)
		return;
	ns = &s->st->nodes[i];
	if (ns->seen) {
		cibst_warn(s, n, "a second state for node '%s'; not read",
		    ns->name);
		return;
	}
	ns->seen = 1;
	ns->in_ccm = cibst_member(s, n, cibst_attr(s, n, "in_ccm"));
	ns->crmd = cibst_online(s, n, cibst_attr(s, n, "crmd"));
	join = cibst_attr(s, n, "join");
	if (join == NULL || strcasecmp(join, "down") == 0)
		ns->join = JOIN_DOWN;
	else if (strcasecmp(join, "member") == 0)
		ns->join = JOIN_MEMBER;
	else if (strcasecmp(join, "pending") == 0)
		ns->join = JOIN_PENDING;
	else if (strcasecmp(join, "banned") == 0)
		ns->join = JOIN_BANNED;
	else {
		cibst_warn(s, n, "join state '%s' is unknown; read as down",
		    join);
		ns->join = JOIN_DOWN;
	}
	exp = cibst_attr(s, n, "expected");
	ns->expected_up = exp != NULL && strcasecmp(exp, "member") == 0;
	if (join == NULL && ns->in_ccm == 1 && ns->crmd && ns->expected_up)
		cibst_warn(s, n, "no join state: Pacemaker fences such a node "
		    "as \"in an unknown state\"; read as down");
	CIBST_EACH(k, n) {
		if (cibst_is(k, "transient_attributes"))
			cibst_transient(s, k, ns);
		else if (cibst_is(k, "lrm"))
			cibst_lrm(s, k, (size_t)i);
		else
			cibst_warn(s, k, "<%s> is not supported in a node state; "
			    "not read", (const char *)k->name);
	}
}

/* The attributes of <cib>: quorum, the DC's id, the execution date. */
static void
cibst_root(struct cibst *s, xmlNode *root)
{
	struct cstate	*st = s->st;
	const char	*v;
	long long	 ll;

	v = cibst_attr(s, root, "have-quorum");
	st->have_quorum = cibst_true(v);
	s->feature_set = cibst_attr(s, root, "crm_feature_set");
	if (v != NULL && !st->have_quorum && strcmp(v, "0") != 0 &&
	    strcasecmp(v, "false") != 0)
		cibst_warn(s, root, "have-quorum '%s' is not a boolean; read "
		    "as false", v);
	st->no_quorum_panic = cibst_true(cibst_attr(s, root,
	    "no-quorum-panic"));
	if ((v = cibst_attr(s, root, "execution-date")) != NULL) {
		if (cibst_ll(v, &ll) == 0 && ll >= 0)
			st->now = ll;
		else
			cibst_warn(s, root, "execution-date '%s' is not a time "
			    "in seconds; not read", v);
	}
	s->dc_id = cibst_attr(s, root, "dc-uuid");
}

/* Every child of an expanded <status>. */
static void
cibst_status_all(struct cibst *s, xmlNode *status)
{
	xmlNode	*k;

	CIBST_EACH(k, status)
		cibst_status(s, k);
}

/*
 * Read the CIB with libxml2's streaming reader: the attributes of <cib>,
 * its first <configuration> (expanded for its nodes), then each child of
 * its first <status> expanded alone and freed once read. The reader holds
 * the configuration and one node state at most, never the status whole:
 * that is most of a big CIB (390 MB of XML at 64 nodes x 10,000
 * resources). A <status> before the <configuration>, which Pacemaker
 * never writes, is held whole until the nodes are known. Returns the
 * reader's last result: 0 at the end, -1 if the XML is not well formed.
 */
static int
cibst_read(struct cibst *s, xmlTextReader *r, int *cib)
{
	xmlNode	*n, *early = NULL;
	int	 rc, depth, config = 0, status = 0;

	rc = xmlTextReaderRead(r);
	while (rc == 1) {
		n = xmlTextReaderCurrentNode(r);
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
			rc = xmlTextReaderRead(r);
			continue;
		}
		depth = xmlTextReaderDepth(r);
		if (depth == 0 && cibst_is(n, "cib")) {
			*cib = 1;
			cibst_root(s, n);
			rc = xmlTextReaderRead(r);	/* into its children */
			continue;
		}
		if (depth == 1 && !config && cibst_is(n, "configuration")) {
			config = 1;
			if ((n = xmlTextReaderExpand(r)) == NULL)
				return -1;
			cibst_nodes(s, n);
			if (s->st->nodes == NULL)
				s->st->nodes = arena_zalloc(s->ctx->arena,
				    sizeof *s->st->nodes);
			if (early != NULL)
				cibst_status_all(s, early);
		} else if (depth == 1 && !status && cibst_is(n, "status")) {
			status = 1;
			if (config) {
				rc = xmlTextReaderRead(r);
				continue;
			}
			if ((early = xmlTextReaderExpand(r)) == NULL)
				return -1;
			xmlTextReaderPreserve(r);
		} else if (depth == 2) {	/* in the status */
			if ((n = xmlTextReaderExpand(r)) == NULL)
				return -1;
			cibst_status(s, n);
		}
		rc = xmlTextReaderNext(r);	/* past n and what it holds */
	}
	if (rc == 0 && !config) {
		s->st->nodes = arena_zalloc(s->ctx->arena,
		    sizeof *s->st->nodes);
		if (early != NULL)
			cibst_status_all(s, early);
	}
	return rc;
}

/*
 * The cluster state in the status section of the CIB in xml (len bytes).
 * Returns a new state in ctx's arena, or NULL (an error in ctx) if the XML
 * is not a CIB. What is not read is reported as warnings.
 */
struct cstate *
cib_status(struct ctx *ctx, const char *xml, size_t len)
{
	struct cibst	 s;
	struct cstate	*st;
	struct rhist	*hist;
	xmlTextReader	*r;
	char		*msg;
	size_t		 k;
	uintptr_t	 i;
	int		 rc, cib = 0, line;

	if (len > INT_MAX) {
		diag_error(ctx, NULL, "CIB too large");
		return NULL;
	}
	xmlInitParser();
	if ((r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
	    CIBST_XML_OPTIONS)) == NULL) {
		diag_error(ctx, NULL, "out of memory");
		return NULL;
	}
	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.warn = ctx_new();
	map_init(&s.by_id);
	map_init(&s.by_name);
	st = s.st = arena_zalloc(ctx->arena, sizeof *st);
	st->digests = 1;
	rc = cibst_read(&s, r, &cib);
	xmlFreeTextReader(r);
	if (rc != 0 || !cib) {
		if (rc == 0)
			diag_error(ctx, NULL, "not a CIB (no <cib>)");
		else {
			if (cib_xml_error(xml, len, &line, &msg) == 0)
				msg = xstrdup("");
			diag_error(ctx, NULL, "the CIB is not XML: line %d: "
			    "%.*s", line, (int)strcspn(msg, "\n"), msg);
			free(msg);
		}
		free(st->hist);
		ctx_free(s.warn);
		map_clear(&s.by_id);
		map_clear(&s.by_name);
		return NULL;
	}
	for (k = 0; k < s.warn->diags.n; k++)
		diag_warning(ctx, NULL, "%s", s.warn->diags.v[k]->msg);
	ctx_free(s.warn);
	/* the histories move into the arena */
	hist = arena_zalloc(ctx->arena, (st->nhist > 0 ? st->nhist : 1) *
	    sizeof *hist);
	if (st->nhist > 0)
		memcpy(hist, st->hist, st->nhist * sizeof *hist);
	free(st->hist);
	st->hist = hist;
	if (s.dc_id != NULL) {
		if ((i = (uintptr_t)map_get(&s.by_id, s.dc_id)) == 0 &&
		    s.dc_uname != NULL)
			i = (uintptr_t)map_get(&s.by_name, s.dc_uname);
		if (i > 0)
			st->dc = st->nodes[i - 1].name;
	}
	/* A state keeps each node's attributes sorted by name. */
	for (i = 0; i < st->nnodes; i++) {
		if (st->nodes[i].attrs.n > 1)
			qsort(st->nodes[i].attrs.v, st->nodes[i].attrs.n,
			    sizeof *st->nodes[i].attrs.v, cibst_attr_cmp);
	}
	map_clear(&s.by_id);
	map_clear(&s.by_name);
	return st;
}
