/*
 * cib.c: import a Pacemaker CIB. The configuration section of a CIB
 * becomes .ha text, so that `hacc import` prints a policy a person can read
 * and a CIB is scheduled through the same path as any policy (import, then
 * compile_load_text(), then the model). The status section is read by
 * scheduler/cib-status.c; libxml2's streaming reader passes over it here,
 * so that only the configuration is ever held (cib_read). No XML type
 * leaves this file.
 *
 * BEHAVIOR (what maps to what, with Pacemaker 2.1.5's reading of the CIB):
 *   <node>                  node NAME { id, standby, maintenance, attr,
 *                           utilization } in the cluster block
 *   crm_config              property NAME=VALUE; several property sets are
 *                           merged as Pacemaker does (cib-bootstrap-options
 *                           first, then by score, the first value wins)
 *   rsc_defaults, op_defaults  defaults { }, op-defaults { }
 *   primitive               resource (fence for class stonith), with its
 *                           parameters, ops (op meta and OCF_CHECK_LEVEL
 *                           included), meta attributes and utilization;
 *                           the parameters of its group or clone and of
 *                           rsc_defaults are inherited, as Pacemaker does
 *   group                   group NAME { resource ... } with the members
 *                           inline
 *   clone, master           resource or group, then clone|promotable NAME of
 *                           CHILD { meta ... }, keeping both ids
 *   rsc_location            location ... prefers|avoids|rule, with role,
 *                           resource-discovery and id; rsc-pattern and
 *                           resource sets are expanded to one statement per
 *                           resource
 *   rsc_colocation          colocate, with roles, score, influence,
 *                           node-attribute, sets
 *   rsc_order               order, with actions, kind, symmetrical, sets
 *   rsc_ticket              ticket, with role and loss-policy; a statement
 *                           per resource set, with the set's id
 *   template/tag references in constraints: expanded into their members
 *                           first, as Pacemaker does (cib_expand_tags)
 *   fencing-topology        fencing-level
 * Several attribute sets in one element are merged the way Pacemaker
 * merges them (by score, then document order; "#default" drops a value).
 * Values Pacemaker reads leniently are written as Pacemaker reads them
 * (a score "abc" is 0, a boolean "maybe" is false) with a warning.
 *
 * Everything else is reported with a warning that names the construct and
 * its XML path, and left out: bundles, templates (a primitive using one is
 * expanded), tags, remote and guest nodes, date expressions, rules
 * in attribute sets, ACLs, alerts, unknown elements and attributes. Not
 * reported: the XML ids of attribute sets, nvpairs, ops, rules,
 * expressions and fencing levels, which the language has no place for and
 * `hacc export` regenerates, and XML comments.
 *
 * INVARIANTS: the text written compiles without errors. Everything is
 * checked before it is written (names, values, references), and the text
 * is then compiled; a statement or item the compiler still rejects (an
 * ordering cycle, a colocation the language forbids) is dropped with a
 * warning and the text compiled again. The output is in `hacc fmt` form.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "compiler.h"

#define CIB_MAX_ROUNDS	16	/* compile-and-drop rounds */
#define CIB_FLAT_WIDTH	90	/* a node block this short stays on a line */
#define CIB_CLUSTER	"pacemaker"	/* cluster name without cluster-name */

/* HUGE: a CIB of many nodes and resources passes libxml2's default 10 MB
 * lookup limit (64 x 10,000 with histories is 390 MB). */
#define CIB_XML_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
			 XML_PARSE_NOWARNING | XML_PARSE_HUGE)

/* A droppable piece of the output: a statement, or an item of a block. */
struct cib_unit {
	xmlNode		*node;		/* what it comes from, for messages */
	int		 parent;	/* enclosing unit, or -1 */
	int		 dropped;
};

/* One line of output text and the unit it belongs to. */
struct cib_line {
	const char	*text;
	int		 unit;
};

/* A name=value pair read from an attribute set. */
struct cib_nv {
	const char	*name;
	const char	*value;
	xmlNode		*node;		/* the nvpair, for messages */
};

struct cib_nvlist {
	struct cib_nv	*v;
	size_t		 n;
	size_t		 cap;
};

/* What a resource id stands for. */
enum cib_kind {
	CIBK_PRIMITIVE,
	CIBK_FENCE,
	CIBK_GROUP,
	CIBK_CLONE
};

struct cib_rsc {
	const char	*name;
	enum cib_kind	 kind;
	int		 unit;
};

/* A simple location with an infinite score, to resolve contradictions. */
struct cib_inf {
	int		 score;
	int		 unit;
};

/* Submatches of an rsc-pattern, for %0..%9 in rules. */
struct cib_match {
	const char	*string;
	regmatch_t	 m[10];
	size_t		 n;
};

struct cib {
	struct ctx	 *ctx;		/* warnings, and the arena */
	struct ctx	 *scratch;	/* known_check(); messages read back */
	xmlDoc		 *doc;
	xmlNode		 *root;
	xmlNode		 *config;
	struct map	  ids;		/* XML id -> xmlNode */
	struct map	  rscs;		/* imported resources -> cib_rsc */
	struct map	  nodes;	/* imported node names -> xmlNode */
	struct map	  skipped;	/* ids not imported -> what they are */
	struct map	  tags;		/* template and tag ids -> xmlNode */
	struct map	  ruled;	/* rsc_defaults sets with a rule that
					   cib_defaults imports -> the set */
	struct map	  used_ids;	/* constraint and set ids written */
	struct map	  infs;		/* "rsc\nnode\nrole" -> cib_inf */
	struct cib_nvlist def_params;	/* rsc_defaults instance_attributes */
	struct cib_unit	 *units;
	size_t		  nunits;
	struct cib_line	 *lines;
	size_t		  nlines;
	int		  cur;		/* unit being written */
	struct buf	  lb;		/* the line being built */
	int		  quiet_shadow;	/* no "set again" (template sets) */
	struct buf	  readonly;	/* read-only properties seen */
	struct buf	  nodeids;	/* node ids the language cannot hold */
};

static const char *const cib_set_attrs[] = { "id", "id-ref", "score", NULL };
static const char *const cib_nvpair_attrs[] = { "id", "id-ref", "name",
    "value", NULL };

/*
 * XML access.
 */

/* The first element child of n, or NULL. */
static xmlNode *
cib_first(xmlNode *n)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			return n;
	}
	return NULL;
}

/* The next element sibling of n, or NULL. */
static xmlNode *
cib_next(xmlNode *n)
{
	for (n = n->next; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			return n;
	}
	return NULL;
}

#define CIB_EACH(k, n)	for ((k) = cib_first(n); (k) != NULL; (k) = cib_next(k))

/* Whether n is the element called name. */
static int
cib_is(const xmlNode *n, const char *name)
{
	return n != NULL && strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute name of n (in the arena), or NULL. */
static const char *
cib_attr(struct cib *c, xmlNode *n, const char *name)
{
	xmlChar		*v;
	const char	*s;

	if (n == NULL || (v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = arena_strdup(c->ctx->arena, (const char *)v);
	xmlFree(v);
	return s;
}

/* The first child element of n called name, or NULL. */
static xmlNode *
cib_child(xmlNode *n, const char *name)
{
	xmlNode	*k;

	CIB_EACH(k, n) {
		if (cib_is(k, name))
			return k;
	}
	return NULL;
}

/* The XML path of n: /cib/configuration/resources/primitive[@id='x']. */
static const char *
cib_path(struct cib *c, xmlNode *n)
{
	struct buf	 b;
	const char	*s, *id;
	xmlNode		*p, *stack[64];
	size_t		 depth = 0, i;

	for (p = n; p != NULL && p->type == XML_ELEMENT_NODE &&
	    depth < nitems(stack); p = p->parent)
		stack[depth++] = p;
	buf_init(&b);
	for (i = depth; i > 0; i--) {
		p = stack[i - 1];
		buf_printf(&b, "/%s", (const char *)p->name);
		if ((id = cib_attr(c, p, "id")) != NULL)
			buf_printf(&b, "[@id='%s']", id);
		else if ((id = cib_attr(c, p, "id-ref")) != NULL)
			buf_printf(&b, "[@id-ref='%s']", id);
	}
	s = arena_strdup(c->ctx->arena, b.data == NULL ? "" : b.data);
	buf_clear(&b);
	return s;
}

/* Report something at n that is not imported. */
static void printflike(3, 4)
cib_warn(struct cib *c, xmlNode *n, const char *fmt, ...)
{
	va_list		 ap;
	const char	*msg;

	va_start(ap, fmt);
	msg = arena_vprintf(c->ctx->arena, fmt, ap);
	va_end(ap);
	diag_warning(c->ctx, NULL, "%s: %s", cib_path(c, n), msg);
}

/* Warn about the attributes of n that are not in known. */
static void
cib_check_attrs(struct cib *c, xmlNode *n, const char *const *known)
{
	xmlAttr	*a;
	size_t	 i;

	for (a = n->properties; a != NULL; a = a->next) {
		for (i = 0; known[i] != NULL; i++) {
			if (strcmp((const char *)a->name, known[i]) == 0)
				break;
		}
		if (known[i] == NULL)
			cib_warn(c, n, "attribute '%s' is not supported; not "
			    "imported", (const char *)a->name);
	}
}

/* An element that has no place where it is. */
static void
cib_unknown(struct cib *c, xmlNode *n)
{
	cib_warn(c, n, "element <%s> is not supported here; not imported",
	    (const char *)n->name);
}

/* Index every element with an id, for id-ref. */
static void
cib_index(struct cib *c, xmlNode *n)
{
	const char	*id;
	xmlNode		*k;

	if ((id = cib_attr(c, n, "id")) != NULL && map_get(&c->ids, id) ==
	    NULL)
		map_put(&c->ids, id, n);
	CIB_EACH(k, n)
		cib_index(c, k);
}

/*
 * The element n refers to with id-ref (Pacemaker's expand_idref), n itself
 * without one, or NULL (reported) when the reference is broken.
 */
static xmlNode *
cib_deref(struct cib *c, xmlNode *n)
{
	const char	*ref;
	xmlNode		*t;

	if ((ref = cib_attr(c, n, "id-ref")) == NULL)
		return n;
	if ((t = map_get(&c->ids, ref)) == NULL || !cib_is(t, (const char *)
	    n->name)) {
		cib_warn(c, n, "id-ref '%s' names no <%s>; not imported", ref,
		    (const char *)n->name);
		return NULL;
	}
	return t;
}

/*
 * Values, read as Pacemaker reads them.
 */

/* Pacemaker's crm_is_true(): true, on, yes, y, 1 in any case. */
static int
cib_true(const char *s)
{
	static const char *const yes[] = { "true", "on", "yes", "y", "1" };
	size_t	i;

	for (i = 0; s != NULL && i < nitems(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	}
	return 0;
}

/* Whether s is a boolean Pacemaker recognises (either way). */
static int
cib_is_bool(const char *s)
{
	static const char *const no[] = { "false", "off", "no", "n", "0" };
	size_t	i;

	if (s == NULL)
		return 0;
	if (cib_true(s))
		return 1;
	for (i = 0; i < nitems(no); i++) {
		if (strcasecmp(s, no[i]) == 0)
			return 1;
	}
	return 0;
}

/* Pacemaker's char2score(): INFINITY forms, else a clamped integer prefix. */
static int
cib_score(const char *s)
{
	long long	v;

	if (s == NULL)
		return 0;
	if (strcmp(s, "-INFINITY") == 0)
		return -SCORE_INFINITY;
	if (strcmp(s, "INFINITY") == 0 || strcmp(s, "+INFINITY") == 0)
		return SCORE_INFINITY;
	if (strcasecmp(s, "red") == 0)
		return -SCORE_INFINITY;	/* node-health-red's default */
	if (strcasecmp(s, "yellow") == 0 || strcasecmp(s, "green") == 0)
		return 0;
	errno = 0;
	v = strtoll(s, NULL, 10);
	if (v > SCORE_INFINITY)
		return SCORE_INFINITY;
	if (v < -SCORE_INFINITY)
		return -SCORE_INFINITY;
	return (int)v;
}

/* A score as text: INFINITY, -INFINITY or the integer. */
static const char *
cib_score_text(struct cib *c, int v)
{
	if (v >= SCORE_INFINITY)
		return "INFINITY";
	if (v <= -SCORE_INFINITY)
		return "-INFINITY";
	return arena_printf(c->ctx->arena, "%d", v);
}

/* Whether s is a score written plainly (so reading it changes nothing). */
static int
cib_plain_score(const char *s)
{
	const char	*p = s;

	if (strcmp(s, "INFINITY") == 0 || strcmp(s, "+INFINITY") == 0 ||
	    strcmp(s, "-INFINITY") == 0)
		return 1;
	if (*p == '-' || *p == '+')
		p++;
	return *p != '\0' && strspn(p, "0123456789") == strlen(p) &&
	    strlen(p) < 8;
}

/* A role as the language writes it (Master is Promoted), or NULL. */
static const char *
cib_role(struct cib *c, const char *s)
{
	const char	*cause;
	enum role	 r;

	if (s == NULL || value_role(c->scratch, s, &r, &cause) != 0)
		return NULL;
	return value_role_name(r);
}

/* Whether s can be written as a name before '=' (a KEY). */
static int
cib_is_key(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++) {
		if (!isalnum(*p) && strchr("_.:/@+%-", *p) == NULL)
			return 0;
	}
	return 1;
}

/* The last message known_check() left in the scratch context. */
static const char *
cib_scratch_msg(struct cib *c)
{
	struct diags	*d = &c->scratch->diags;
	const char	*msg;

	msg = d->n > 0 ? arena_strdup(c->ctx->arena, d->v[d->n - 1]->msg) :
	    "invalid";
	d->n = 0;
	d->nerrors = d->nwarnings = 0;
	d->truncated = 0;
	return msg;
}

static int	cib_is_fence(struct cib *, xmlNode *);

/* In a clone or a bundle (n or an element above it). */
static int
cib_in_clone(xmlNode *n)
{
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
		if (cib_is(n, "clone") || cib_is(n, "master") ||
		    cib_is(n, "bundle"))
			return 1;
	}
	return 0;
}

/*
 * meta container=ID at nvpair at: what the language can hold, a primitive
 * outside any clone, not a fence device, for a resource outside any clone.
 * 0 to write it, -1 when it is left out (reported).
 */
static int
cib_container(struct cib *c, xmlNode *at, const char *id)
{
	xmlNode		*n = map_get(&c->ids, id);
	const char	*why = NULL;

	if (n == NULL || !(cib_is(n, "primitive") || cib_is(n, "group") ||
	    cib_is(n, "clone") || cib_is(n, "master") || cib_is(n, "bundle")))
		why = "names no resource (Pacemaker ignores it)";
	else if (!cib_is(n, "primitive") || cib_in_clone(n))
		why = "names what is not a primitive outside any clone; the "
		    "language's containers are such primitives";
	else if (cib_is_fence(c, n))
		why = "names a fence device";
	else if (cib_in_clone(at))
		why = "is on a cloned resource; the language's containers hold "
		    "no clone instances";
	else if (at->parent != NULL && at->parent->parent == n)
		why = "names the resource itself (Pacemaker ignores it)";
	if (why == NULL)
		return 0;
	cib_warn(c, at, "meta container=%s %s; not imported", id, why);
	return -1;
}

/*
 * Check name = *value against table t as the compiler will. A value
 * Pacemaker reads leniently is rewritten the way Pacemaker reads it, with a
 * warning. Returns 0 to write it, -1 when it is left out (reported).
 */
static int
cib_known(struct cib *c, xmlNode *at, enum known_table t, const char *name,
    const char **value)
{
	const struct known	*k = NULL;
	struct word		 kw, vw;
	struct value		 val;
	const char		*msg, *v;

	memset(&kw, 0, sizeof kw);
	memset(&vw, 0, sizeof vw);
	kw.text = name;
	vw.text = *value;
	val.v = &vw;
	val.n = 1;
	memset(&val.loc, 0, sizeof val.loc);
	if (t == KNOWN_META && strcmp(name, "container") == 0 &&
	    cib_container(c, at, *value) != 0)
		return -1;
	if (known_check(c->scratch, t, &kw, &val, &k) == 0) {
		cib_scratch_msg(c);	/* a deprecation warning, if any */
		return 0;
	}
	msg = cib_scratch_msg(c);
	if (k != NULL && k->type == KT_BOOL) {
		v = cib_true(*value) ? "true" : "false";
		cib_warn(c, at, "'%s' for '%s' is not a boolean; Pacemaker "
		    "reads it as %s", *value, name, v);
		*value = v;
		return 0;
	}
	if (k != NULL && k->type == KT_SCORE) {
		v = cib_score_text(c, cib_score(*value));
		cib_warn(c, at, "'%s' for '%s' is not a score; Pacemaker reads "
		    "it as %s", *value, name, v);
		*value = v;
		return 0;
	}
	if (k != NULL)
		cib_warn(c, at, "%s (Pacemaker uses the default); not "
		    "imported", msg);
	else
		cib_warn(c, at, "%s; not imported", msg);
	return -1;
}

/*
 * Output: lines grouped in units.
 */

/* Start a unit for what the XML element n says; returns the unit before. */
static int
cib_unit_begin(struct cib *c, xmlNode *n)
{
	struct cib_unit	*u;
	int		 prev = c->cur;

	if ((c->nunits & (c->nunits + 1)) == 0 || c->units == NULL)
		c->units = xreallocarray(c->units, (c->nunits + 1) * 2,
		    sizeof *c->units);
	u = &c->units[c->nunits];
	u->node = n;
	u->parent = c->cur;
	u->dropped = 0;
	c->cur = (int)c->nunits++;
	return prev;
}

/* Go back to the unit before. */
static void
cib_unit_end(struct cib *c, int prev)
{
	c->cur = prev;
}

/* Append the line built in c->lb, indented, to the current unit. */
static void
cib_emit(struct cib *c, int indent)
{
	struct cib_line	*l;
	char		*s;

	if ((c->nlines & (c->nlines + 1)) == 0 || c->lines == NULL)
		c->lines = xreallocarray(c->lines, (c->nlines + 1) * 2,
		    sizeof *c->lines);
	l = &c->lines[c->nlines++];
	s = arena_alloc(c->ctx->arena, (size_t)indent * 4 + c->lb.len + 1);
	memset(s, ' ', (size_t)indent * 4);
	memcpy(s + indent * 4, c->lb.data == NULL ? "" : c->lb.data,
	    c->lb.len);
	s[indent * 4 + c->lb.len] = '\0';
	l->text = s;
	l->unit = c->cur;
	buf_reset(&c->lb);
}

/* A blank line between statements, kept whatever is dropped. */
static void
cib_blank(struct cib *c)
{
	if ((c->nlines & (c->nlines + 1)) == 0 || c->lines == NULL)
		c->lines = xreallocarray(c->lines, (c->nlines + 1) * 2,
		    sizeof *c->lines);
	c->lines[c->nlines].text = "";
	c->lines[c->nlines].unit = -1;
	c->nlines++;
}

/* Append a word to b: bare when it reads back the same, else quoted. */
static void
cib_bw(struct buf *b, const char *s)
{
	if (lex_is_bare_word(s))
		buf_puts(b, s);
	else
		print_string(b, s, 1);
}

/* Append a word to the line being built. */
static void
cib_w(struct cib *c, const char *s)
{
	cib_bw(&c->lb, s);
}

/* Append " name=value". */
static void
cib_kv(struct cib *c, const char *name, const char *value)
{
	buf_printf(&c->lb, " %s=", name);
	cib_w(c, value);
}

/* Whether unit u or one that encloses it was dropped. */
static int
cib_unit_dropped(const struct cib *c, int u)
{
	for (; u >= 0; u = c->units[u].parent) {
		if (c->units[u].dropped)
			return 1;
	}
	return 0;
}

/*
 * Attribute sets (instance_attributes, meta_attributes, utilization).
 */

/* Append name = value (arena strings, borrowed) to l. */
static void
cib_nv_add(struct cib *c, struct cib_nvlist *l, const char *name,
    const char *value, xmlNode *node)
{
	struct cib_nv	*v;

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 8 : l->cap * 2;
		v = arena_alloc(c->ctx->arena, l->cap * sizeof *v);
		if (l->n > 0)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
	}
	l->v[l->n].name = name;
	l->v[l->n].value = value;
	l->v[l->n].node = node;
	l->n++;
}

/* The entry called name, or NULL. */
static struct cib_nv *
cib_nv_find(struct cib_nvlist *l, const char *name)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	}
	return NULL;
}

/* Remove the entry called name. */
static void
cib_nv_del(struct cib_nvlist *l, const char *name)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0) {
			memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) *
			    sizeof *l->v);
			l->n--;
			return;
		}
	}
}

/* One attribute set, for sorting. */
struct cib_set {
	xmlNode	*node;
	int	 score;
	int	 first;		/* named to be processed first */
	size_t	 pos;		/* document order */
};

/* Pacemaker's order of sets: the named one, then by score, then last first. */
static int
cib_set_cmp(const void *a, const void *b)
{
	const struct cib_set	*x = a, *y = b;

	if (x->first != y->first)
		return x->first ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->pos > y->pos ? -1 : x->pos < y->pos;
}

/* The nvpairs of one set (and of an old <attributes> wrapper) into l. */
static void
cib_nvpairs(struct cib *c, xmlNode *set, int overwrite, struct cib_nvlist *l)
{
	struct cib_nv	*prev;
	const char	*name, *value;
	xmlNode		*k, *ref;

	CIB_EACH(k, set) {
		if (cib_is(k, "attributes")) {
			cib_nvpairs(c, k, overwrite, l);
			continue;
		}
		if (cib_is(k, "rule"))
			continue;	/* the set was reported */
		if (!cib_is(k, "nvpair")) {
			cib_unknown(c, k);
			continue;
		}
		cib_check_attrs(c, k, cib_nvpair_attrs);
		if ((ref = cib_deref(c, k)) == NULL)
			continue;
		if ((name = cib_attr(c, k, "name")) == NULL)
			name = cib_attr(c, ref, "name");
		if ((value = cib_attr(c, k, "value")) == NULL)
			value = cib_attr(c, ref, "value");
		if (name == NULL || value == NULL) {
			cib_warn(c, k, "an nvpair needs a name and a value; "
			    "Pacemaker ignores it");
			continue;
		}
		prev = cib_nv_find(l, name);
		if (strcasecmp(value, "#default") == 0) {
			if (prev != NULL)
				cib_nv_del(l, name);
			continue;
		}
		if (prev == NULL)
			cib_nv_add(c, l, name, value, k);
		else if (overwrite) {
			prev->value = value;
			prev->node = k;
		} else if (strcmp(prev->value, value) != 0 && !c->quiet_shadow)
			cib_warn(c, k, "'%s' is set again; Pacemaker keeps "
			    "'%s'", name, prev->value);
	}
}

/*
 * Merge the attribute sets called setname among the children of n into l,
 * as Pacemaker's pe__unpack_dataset_nvpairs() does: the set whose id is
 * first (if any) first, then by score, highest first, equal scores in
 * reverse document order; a name keeps its first value unless overwrite;
 * "#default" removes the value set so far. A set with a rule is left out
 * (reported): the language has no rules in attribute sets.
 */
static void
cib_nvsets(struct cib *c, xmlNode *n, const char *setname, const char *first,
    int overwrite, struct cib_nvlist *l)
{
	struct cib_set	*sets = NULL;
	const char	*id;
	xmlNode		*k, *set;
	size_t		 nsets = 0, i;

	CIB_EACH(k, n) {
		if (!cib_is(k, setname))
			continue;
		cib_check_attrs(c, k, cib_set_attrs);
		if ((set = cib_deref(c, k)) == NULL)
			continue;
		if (cib_child(set, "rule") != NULL) {
			if (map_get(&c->ruled, cib_attr(c, set, "id")) != set)
				cib_warn(c, k, "rules in attribute sets are not "
				    "supported; the set is not imported");
			continue;
		}
		sets = xreallocarray(sets, nsets + 1, sizeof *sets);
		sets[nsets].node = set;
		sets[nsets].score = cib_score(cib_attr(c, set, "score"));
		id = cib_attr(c, set, "id");
		sets[nsets].first = first != NULL && id != NULL &&
		    strcasecmp(id, first) == 0;
		sets[nsets].pos = nsets;
		nsets++;
	}
	if (nsets > 1)
		qsort(sets, nsets, sizeof *sets, cib_set_cmp);
	for (i = 0; i < nsets; i++)
		cib_nvpairs(c, sets[i].node, overwrite, l);
	free(sets);
}

/*
 * The cluster block: nodes and properties.
 */

/*
 * Read-only options the cluster maintains, and options under another name
 * than the language's: the controller's old names (Pacemaker 2.1 reads
 * both) and Pacemaker 3's new ones (fencing-enabled is the language's
 * own alias of stonith-enabled).
 */
static const char *const cib_readonly[] = { "dc-version",
    "cluster-infrastructure", "last-lrm-refresh", NULL };
static const struct {
	const char	*old;
	const char	*use;
} cib_renamed[] = {
	{ "crmd-integration-timeout", "join-integration-timeout" },
	{ "crmd-finalization-timeout", "join-finalization-timeout" },
	{ "crmd-transition-delay", "transition-delay" },
	{ "fencing-action", "stonith-action" },
	{ "fencing-timeout", "stonith-timeout" },
	{ "fencing-max-attempts", "stonith-max-attempts" },
	{ "fencing-watchdog-timeout", "stonith-watchdog-timeout" },
	{ "fencing-reaction", "fence-reaction" },
	{ "stop-removed-resources", "stop-orphan-resources" },
	{ "cancel-removed-actions", "stop-orphan-actions" },
};

/* utilization NAME=VALUE pairs of l, checked; into the line. */
static void
cib_util_kvs(struct cib *c, struct cib_nvlist *l)
{
	const char	*cause;
	long long	 v;
	size_t		 i;

	for (i = 0; i < l->n; i++) {
		if (!cib_is_key(l->v[i].name)) {
			cib_warn(c, l->v[i].node, "utilization name '%s' cannot "
			    "be written in the language; not imported",
			    l->v[i].name);
			continue;
		}
		if (value_int(c->scratch, l->v[i].value, 0, INT_MAX, &v,
		    &cause) != 0) {
			cib_warn(c, l->v[i].node, "utilization '%s' is not a "
			    "non-negative integer: %s; not imported",
			    l->v[i].name, cause);
			continue;
		}
		cib_kv(c, l->v[i].name, l->v[i].value);
	}
}

/* The text of the line built so far, in the arena; the line is reset. */
static const char *
cib_take(struct cib *c)
{
	const char	*s;

	s = arena_strdup(c->ctx->arena, c->lb.data == NULL ? "" : c->lb.data);
	buf_reset(&c->lb);
	return s;
}

/* One <node>: node NAME { id = N; standby = B; attr ...; utilization ... } */
static void
cib_node(struct cib *c, xmlNode *n, struct map *node_ids)
{
	static const char *const attrs[] = { "id", "uname", "type",
	    "description", NULL };
	struct cib_nvlist	 ia = { NULL, 0, 0 }, ut = { NULL, 0, 0 };
	const char		*uname, *id, *type, *items[5], *cause, *v;
	const char		*head;
	long long		 num;
	size_t			 nit = 0, i, len;
	int			 prev;
	xmlNode			*k;

	cib_check_attrs(c, n, attrs);
	uname = cib_attr(c, n, "uname");
	id = cib_attr(c, n, "id");
	type = cib_attr(c, n, "type");
	if (cib_attr(c, n, "description") != NULL)
		cib_warn(c, n, "the language has no description for a node; "
		    "not imported");
	if (type != NULL && strcmp(type, "member") != 0 &&
	    strcmp(type, "normal") != 0) {
		cib_warn(c, n, "%s nodes are not supported; not imported",
		    type);
		return;
	}
	if (uname == NULL || *uname == '\0' || strpbrk(uname, " \t\n") !=
	    NULL) {
		cib_warn(c, n, "a node needs a name (uname) without blanks; "
		    "not imported");
		return;
	}
	if (map_get(&c->nodes, uname) != NULL) {
		cib_warn(c, n, "node '%s' is declared twice; not imported",
		    uname);
		return;
	}
	map_put(&c->nodes, uname, n);
	CIB_EACH(k, n) {
		if (!cib_is(k, "instance_attributes") &&
		    !cib_is(k, "utilization"))
			cib_unknown(c, k);
	}
	cib_nvsets(c, n, "instance_attributes", NULL, 0, &ia);
	cib_nvsets(c, n, "utilization", NULL, 0, &ut);

	if (id != NULL) {
		if (value_int(c->scratch, id, 1, 4294967295LL, &num,
		    &cause) != 0)
			buf_printf(&c->nodeids, "%s'%s'", c->nodeids.len > 0 ?
			    ", " : "", id);
		else if (map_get(node_ids, id) != NULL)
			cib_warn(c, n, "node id '%s' is used twice; not "
			    "imported", id);
		else {
			map_put(node_ids, id, n);
			items[nit++] = arena_printf(c->ctx->arena, "id = %lld",
			    num);
		}
	}
	for (i = 0; i < ia.n; i++) {
		v = ia.v[i].value;
		if (strcmp(ia.v[i].name, "standby") == 0 ||
		    strcmp(ia.v[i].name, "maintenance") == 0) {
			if (!cib_is_bool(v))
				cib_warn(c, ia.v[i].node, "'%s' for '%s' is not "
				    "a boolean; Pacemaker reads it as false",
				    v, ia.v[i].name);
			items[nit++] = arena_printf(c->ctx->arena, "%s = %s",
			    ia.v[i].name, cib_true(v) ? "true" : "false");
		}
	}
	for (i = 0; i < ia.n; i++) {
		if (strcmp(ia.v[i].name, "standby") == 0 ||
		    strcmp(ia.v[i].name, "maintenance") == 0)
			continue;
		if (!cib_is_key(ia.v[i].name)) {
			cib_warn(c, ia.v[i].node, "node attribute name '%s' "
			    "cannot be written in the language; not imported",
			    ia.v[i].name);
			continue;
		}
		cib_kv(c, ia.v[i].name, ia.v[i].value);
	}
	if (c->lb.len > 0) {
		v = cib_take(c);
		items[nit++] = arena_printf(c->ctx->arena, "attr%s", v);
	}
	cib_util_kvs(c, &ut);
	if (c->lb.len > 0) {
		v = cib_take(c);
		items[nit++] = arena_printf(c->ctx->arena, "utilization%s", v);
	}

	/* node NAME { ... } on one line if short, else one item a line. */
	prev = cib_unit_begin(c, n);
	buf_puts(&c->lb, "node ");
	cib_w(c, uname);
	head = cib_take(c);
	len = 4 + strlen(head) + 4;
	for (i = 0; i < nit; i++)
		len += strlen(items[i]) + 2;
	buf_puts(&c->lb, head);
	if (nit == 0)
		cib_emit(c, 1);
	else if (len <= CIB_FLAT_WIDTH) {
		buf_puts(&c->lb, " {");
		for (i = 0; i < nit; i++)
			buf_printf(&c->lb, "%s %s", i > 0 ? ";" : "", items[i]);
		buf_puts(&c->lb, " }");
		cib_emit(c, 1);
	} else {
		buf_puts(&c->lb, " {");
		cib_emit(c, 1);
		for (i = 0; i < nit; i++) {
			buf_puts(&c->lb, items[i]);
			cib_emit(c, 2);
		}
		buf_puts(&c->lb, "}");
		cib_emit(c, 1);
	}
	cib_unit_end(c, prev);
}

/* A property that the CIB sets, checked, to write. */
static void
cib_property(struct cib *c, struct cib_nvlist *out, struct cib_nv *nv)
{
	const char	*name = nv->name, *value = nv->value;
	size_t		 i;

	for (i = 0; cib_readonly[i] != NULL; i++) {
		if (strcmp(name, cib_readonly[i]) == 0) {
			buf_printf(&c->readonly, "%s'%s'", c->readonly.len > 0 ?
			    ", " : "", name);
			return;
		}
	}
	for (i = 0; i < nitems(cib_renamed); i++) {
		if (strcmp(name, cib_renamed[i].old) == 0)
			name = cib_renamed[i].use;
	}
	if (cib_known(c, nv->node, KNOWN_PROPERTY, name, &value) != 0)
		return;
	if (cib_nv_find(out, known_canonical(KNOWN_PROPERTY, name)) != NULL ||
	    cib_nv_find(out, name) != NULL) {
		cib_warn(c, nv->node, "'%s' is set twice (under two names); "
		    "not imported", name);
		return;
	}
	cib_nv_add(c, out, name, value, nv->node);
}

/* The cluster block: nodes (<nodes>) and properties (<crm_config>). */
static void
cib_cluster(struct cib *c)
{
	struct cib_nvlist	 raw = { NULL, 0, 0 }, props = { NULL, 0, 0 };
	struct map		 node_ids;
	const char		*name = CIB_CLUSTER;
	xmlNode			*cfg, *nodes, *k;
	size_t			 i, head;
	int			 prev, u;

	if ((cfg = cib_child(c->config, "crm_config")) != NULL) {
		CIB_EACH(k, cfg) {
			if (!cib_is(k, "cluster_property_set"))
				cib_unknown(c, k);
		}
		cib_nvsets(c, cfg, "cluster_property_set",
		    "cib-bootstrap-options", 0, &raw);
	}
	for (i = 0; i < raw.n; i++)
		cib_property(c, &props, &raw.v[i]);
	if (c->readonly.len > 0)
		cib_warn(c, cfg, "%s: maintained by the cluster, not "
		    "configured; not imported", c->readonly.data);
	for (i = 0; i < props.n; i++) {
		if (strcmp(props.v[i].name, "cluster-name") == 0 &&
		    lex_is_bare_word(props.v[i].value))
			name = props.v[i].value;
	}

	prev = cib_unit_begin(c, NULL);
	buf_puts(&c->lb, "cluster ");
	cib_w(c, name);
	buf_puts(&c->lb, " {");
	head = c->nlines;
	cib_emit(c, 0);
	map_init(&node_ids);
	if ((nodes = cib_child(c->config, "nodes")) != NULL) {
		CIB_EACH(k, nodes) {
			if (cib_is(k, "node"))
				cib_node(c, k, &node_ids);
			else
				cib_unknown(c, k);
		}
	}
	map_clear(&node_ids);
	if (c->nodeids.len > 0)
		cib_warn(c, nodes, "node ids %s are not cluster node ids (1 to "
		    "4294967295), the only node ids the language has; not "
		    "imported", c->nodeids.data);
	for (i = 0; i < props.n; i++) {
		u = cib_unit_begin(c, props.v[i].node);
		buf_puts(&c->lb, "property");
		cib_kv(c, props.v[i].name, props.v[i].value);
		cib_emit(c, 1);
		cib_unit_end(c, u);
	}
	if (c->nlines == head + 1)
		c->lines[head].text = arena_printf(c->ctx->arena, "%s}",
		    c->lines[head].text);	/* cluster NAME {} */
	else {
		buf_puts(&c->lb, "}");
		cib_emit(c, 0);
	}
	cib_unit_end(c, prev);
}

/*
 * The items of a defaults block from l, checked against table t, then its
 * closing brace; the block (unit prev) is dropped when nothing is left.
 */
static void
cib_defaults_items(struct cib *c, struct cib_nvlist *l, enum known_table t,
    int prev)
{
	const char	*value, *canon;
	size_t		 i;
	int		 u, any = 0;

	for (i = 0; i < l->n; i++) {
		value = l->v[i].value;
		if (cib_known(c, l->v[i].node, t, l->v[i].name, &value) != 0)
			continue;
		canon = known_canonical(t, l->v[i].name);
		if (strcmp(canon, "role") == 0 ||
		    strcmp(canon, "target-role") == 0)
			value = cib_role(c, value);
		u = cib_unit_begin(c, l->v[i].node);
		buf_printf(&c->lb, "%s = ", l->v[i].name);
		cib_w(c, value);
		cib_emit(c, 1);
		cib_unit_end(c, u);
		any = 1;
	}
	buf_puts(&c->lb, "}");
	cib_emit(c, 0);
	if (!any)
		c->units[c->cur].dropped = 1;	/* an empty block says nothing */
	cib_unit_end(c, prev);
}

/*
 * The agent a set of rsc_defaults is for, when its rule is one
 * rsc_expression ("ocf:pacemaker:Dummy", "::Dummy", "ocf:pacemaker",
 * "ocf"), else NULL.
 */
static const char *
cib_rule_agent(struct cib *c, xmlNode *set)
{
	xmlNode		*rule = cib_child(set, "rule"), *e, *k;
	const char	*cls, *prov, *type;
	int		 n = 0;

	if (rule == NULL || cib_attr(c, set, "id") == NULL)
		return NULL;
	CIB_EACH(k, set)
		n += cib_is(k, "rule");
	if (n != 1 || (e = cib_first(rule)) == NULL || !cib_is(e,
	    "rsc_expression") || cib_next(e) != NULL)
		return NULL;
	cls = cib_attr(c, e, "class");
	prov = cib_attr(c, e, "provider");
	type = cib_attr(c, e, "type");
	if (type != NULL)
		return arena_printf(c->ctx->arena, "%s:%s:%s", cls != NULL ?
		    cls : "", prov != NULL ? prov : "", type);
	if (prov != NULL)
		return arena_printf(c->ctx->arena, "%s:%s", cls != NULL ? cls :
		    "ocf", prov);
	return cls != NULL ? cls : "::";
}

/* One set of rsc_defaults with a rule: defaults rule resource AGENT { } */
static void
cib_default_rule(struct cib *c, xmlNode *set, const char *agent)
{
	struct cib_nvlist	 meta = { NULL, 0, 0 };
	int			 prev;

	cib_nvpairs(c, set, 0, &meta);
	prev = cib_unit_begin(c, set);
	buf_puts(&c->lb, "defaults rule resource ");
	cib_w(c, agent);
	buf_puts(&c->lb, " {");
	cib_emit(c, 0);
	cib_defaults_items(c, &meta, KNOWN_META, prev);
}

/*
 * The rsc_defaults sets with a rule the language has (one rsc_expression),
 * in Pacemaker's order: those before the first plain set (before is 1),
 * or after it (0).
 */
static void
cib_default_rules(struct cib *c, xmlNode *d, int before)
{
	struct cib_set	*sets = NULL, plain;
	const char	*agent;
	xmlNode		*k, *set;
	size_t		 nsets = 0, pos = 0, i;
	int		 have_plain = 0;

	memset(&plain, 0, sizeof plain);
	CIB_EACH(k, d) {
		if (!cib_is(k, "meta_attributes") || (set = cib_deref(c, k)) ==
		    NULL)
			continue;
		pos++;
		if (cib_child(set, "rule") == NULL) {
			struct cib_set	this = { set, cib_score(cib_attr(c,
			    set, "score")), 0, pos };

			if (!have_plain || cib_set_cmp(&this, &plain) < 0)
				plain = this;
			have_plain = 1;
			continue;
		}
		if (cib_rule_agent(c, set) == NULL)
			continue;
		map_put(&c->ruled, cib_attr(c, set, "id"), set);
		sets = xreallocarray(sets, nsets + 1, sizeof *sets);
		sets[nsets].node = set;
		sets[nsets].score = cib_score(cib_attr(c, set, "score"));
		sets[nsets].first = 0;
		sets[nsets].pos = pos;
		nsets++;
	}
	if (nsets > 1)
		qsort(sets, nsets, sizeof *sets, cib_set_cmp);
	for (i = 0; i < nsets; i++) {
		if (have_plain && (cib_set_cmp(&sets[i], &plain) < 0) != before)
			continue;
		if (!have_plain && !before)
			continue;
		agent = cib_rule_agent(c, sets[i].node);
		cib_default_rule(c, sets[i].node, agent);
	}
	free(sets);
}

/* rsc_defaults and op_defaults: defaults { } and op-defaults { }. */
static void
cib_defaults(struct cib *c, const char *elem, const char *keyword,
    enum known_table t)
{
	struct cib_nvlist	 meta = { NULL, 0, 0 };
	xmlNode			*d, *k;
	int			 prev;

	if ((d = cib_child(c->config, elem)) == NULL)
		return;
	if (t == KNOWN_META)
		cib_default_rules(c, d, 1);
	CIB_EACH(k, d) {
		if (cib_is(k, "meta_attributes"))
			continue;
		if (cib_is(k, "instance_attributes") && t == KNOWN_META)
			continue;
		if (cib_is(k, "instance_attributes"))
			cib_warn(c, k, "operation parameters are not supported "
			    "(the language has none); not imported");
		else
			cib_unknown(c, k);
	}
	cib_nvsets(c, d, "meta_attributes", NULL, 0, &meta);
	if (t == KNOWN_META)
		cib_nvsets(c, d, "instance_attributes", NULL, 0,
		    &c->def_params);
	prev = cib_unit_begin(c, d);
	buf_printf(&c->lb, "%s {", keyword);
	cib_emit(c, 0);
	cib_defaults_items(c, &meta, t, prev);
	if (t == KNOWN_META)
		cib_default_rules(c, d, 0);
}

/*
 * Resources.
 */

/* Whether id can name a resource, and is not taken; else reported. */
static int
cib_rsc_id(struct cib *c, xmlNode *n, const char *id)
{
	if (id == NULL) {
		cib_warn(c, n, "a resource needs an id; not imported");
		return -1;
	}
	if (!value_is_name(id)) {
		cib_warn(c, n, "'%s' is not a valid resource name; not "
		    "imported", id);
		return -1;
	}
	if (map_get(&c->rscs, id) != NULL) {
		cib_warn(c, n, "'%s' is defined twice; not imported", id);
		return -1;
	}
	return 0;
}

/* Remember an imported resource. */
static void
cib_rsc_add(struct cib *c, const char *id, enum cib_kind kind)
{
	struct cib_rsc	*r;

	r = arena_zalloc(c->ctx->arena, sizeof *r);
	r->name = id;
	r->kind = kind;
	r->unit = c->cur;
	map_put(&c->rscs, id, r);
}

/* The agent of p (or of its template): class:provider:type, or NULL. */
static const char *
cib_agent(struct cib *c, xmlNode *p, xmlNode *tpl, int *fence)
{
	static const char *const classes[] = { "ocf", "lsb", "systemd",
	    "service", "stonith" };
	const char	*cls, *prov, *type;
	size_t		 i;

	cls = cib_attr(c, p, "class");
	prov = cib_attr(c, p, "provider");
	type = cib_attr(c, p, "type");
	if (tpl != NULL && cls == NULL) {
		cls = cib_attr(c, tpl, "class");
		prov = cib_attr(c, tpl, "provider");
		type = cib_attr(c, tpl, "type");
	}
	if (cls == NULL || type == NULL || *type == '\0' ||
	    strchr(type, ':') != NULL) {
		cib_warn(c, p, "a primitive needs a class and a type; not "
		    "imported");
		return NULL;
	}
	for (i = 0; i < nitems(classes); i++) {
		if (strcmp(cls, classes[i]) == 0)
			break;
	}
	if (i == nitems(classes)) {
		cib_warn(c, p, "resource class '%s' is not supported (ocf, "
		    "lsb, systemd, service or stonith); not imported", cls);
		return NULL;
	}
	*fence = strcmp(cls, "stonith") == 0;
	if (strcmp(cls, "ocf") == 0) {
		if (prov == NULL || *prov == '\0' || strchr(prov, ':') !=
		    NULL) {
			cib_warn(c, p, "an ocf primitive needs a provider; not "
			    "imported");
			return NULL;
		}
		return arena_printf(c->ctx->arena, "ocf:%s:%s", prov, type);
	}
	return arena_printf(c->ctx->arena, "%s:%s", cls, type);
}

/* What seen maps a recurring op defined twice in a primitive to. */
static char	cib_op_twice;

/*
 * Mark in seen the recurring ops of set defined more than once (same name
 * and interval): Pacemaker runs none of them (is_op_dup), so none is
 * imported.
 */
static void
cib_ops_twice(struct cib *c, xmlNode *set, struct map *seen)
{
	struct map	 count;
	const char	*name, *interval, *key, *cause;
	uint64_t	 ms;
	xmlNode		*op;

	map_init(&count);
	CIB_EACH(op, set) {
		if (!cib_is(op, "op") || (name = cib_attr(c, op, "name")) ==
		    NULL)
			continue;
		interval = cib_attr(c, op, "interval");
		if (interval == NULL || value_duration(c->scratch, interval,
		    &ms, &cause) != 0 || ms == 0)
			continue;
		key = arena_printf(c->ctx->arena, "%s\n%llu", name,
		    (unsigned long long)ms);
		if (map_get(&count, key) != NULL)
			map_put(seen, key, &cib_op_twice);
		else
			map_put(&count, key, op);
	}
	map_clear(&count);
}

/* One op item, checked: "op NAME k=v ...", or NULL (reported). */
static const char *
cib_op(struct cib *c, xmlNode *op, struct map *seen, int tpl)
{
	static const char *const attrs[] = { "id", "name", "interval",
	    "timeout", "role", "on-fail", "enabled", "record-pending",
	    "start-delay", "interval-origin", "requires", "description",
	    NULL };
	static const char *const order[] = { "timeout", "role", "on-fail",
	    "enabled", "record-pending", "start-delay", "interval-origin",
	    "requires", "description" };
	struct cib_nvlist	 kv = { NULL, 0, 0 }, meta = { NULL, 0, 0 };
	struct cib_nvlist	 inst = { NULL, 0, 0 };
	const char		*name, *interval, *v, *cause, *key;
	uint64_t		 ms = 0;
	xmlNode			*k;
	size_t			 i;

	cib_check_attrs(c, op, attrs);
	name = cib_attr(c, op, "name");
	if (name == NULL || known_find(KNOWN_OP_NAME, name) == NULL) {
		cib_warn(c, op, "operation '%s' is not one the language knows; "
		    "not imported", name != NULL ? name : "");
		return NULL;
	}
	CIB_EACH(k, op) {
		if (!cib_is(k, "meta_attributes") &&
		    !cib_is(k, "instance_attributes"))
			cib_unknown(c, k);
	}
	if ((interval = cib_attr(c, op, "interval")) != NULL &&
	    value_duration(c->scratch, interval, &ms, &cause) != 0) {
		cib_warn(c, op, "interval '%s' is not a duration: %s; "
		    "Pacemaker reads it as 0", interval, cause);
		ms = 0;
	}
	key = arena_printf(c->ctx->arena, "%s\n%llu", name,
	    (unsigned long long)ms);
	if (map_get(seen, key) == &cib_op_twice) {
		/* is_op_dup: a recurring op defined twice runs as neither */
		cib_warn(c, op, "op %s with interval %s is defined twice "
		    "(Pacemaker schedules neither); not imported", name,
		    value_ms_text(c->scratch, ms));
		return NULL;
	}
	if (map_get(seen, key) != NULL) {
		if (tpl)
			return NULL;	/* the primitive's own op replaces it */
		cib_warn(c, op, "op %s with interval %s is defined twice "
		    "(Pacemaker uses the first); not imported", name,
		    value_ms_text(c->scratch, ms));
		return NULL;
	}
	map_put(seen, key, op);

	for (i = 0; i < nitems(order); i++) {
		if ((v = cib_attr(c, op, order[i])) != NULL)
			cib_nv_add(c, &kv, order[i], v, op);
	}
	/* Op meta attributes, below the op's own XML attributes. */
	cib_nvsets(c, op, "meta_attributes", NULL, 0, &meta);
	for (i = 0; i < meta.n; i++) {
		if (strcmp(meta.v[i].name, "name") == 0 ||
		    strcmp(meta.v[i].name, "interval") == 0)
			continue;
		if (cib_nv_find(&kv, meta.v[i].name) == NULL)
			cib_nv_add(c, &kv, meta.v[i].name, meta.v[i].value,
			    meta.v[i].node);
	}
	cib_nvsets(c, op, "instance_attributes", NULL, 0, &inst);
	for (i = 0; i < inst.n; i++) {
		if (strcmp(inst.v[i].name, "OCF_CHECK_LEVEL") != 0) {
			cib_warn(c, inst.v[i].node, "operation parameter '%s' "
			    "is not supported (the language has no operation "
			    "parameters but OCF_CHECK_LEVEL); not imported",
			    inst.v[i].name);
			continue;
		}
		if (cib_nv_find(&kv, "OCF_CHECK_LEVEL") == NULL &&
		    cib_nv_find(&kv, "check-level") == NULL)
			cib_nv_add(c, &kv, inst.v[i].name, inst.v[i].value,
			    inst.v[i].node);
	}

	buf_puts(&c->lb, "op ");
	cib_w(c, name);
	if (ms > 0)
		cib_kv(c, "interval", interval);
	for (i = 0; i < kv.n; i++) {
		v = kv.v[i].value;
		if (cib_known(c, kv.v[i].node, KNOWN_OP_ATTR, kv.v[i].name,
		    &v) != 0)
			continue;
		if (strcmp(kv.v[i].name, "role") == 0)
			v = cib_role(c, v);
		cib_kv(c, kv.v[i].name, v);
	}
	return cib_take(c);
}

/*
 * The op items of the <operations> of n, after those already in ops; tpl:
 * n is a template, whose ops the primitive's own replace.
 */
static void
cib_ops(struct cib *c, xmlNode *n, struct map *seen, int tpl,
    const char ***ops, size_t *nops)
{
	const char	*s;
	xmlNode		*set, *k, *op;

	CIB_EACH(k, n) {
		if (!cib_is(k, "operations"))
			continue;
		if ((set = cib_deref(c, k)) == NULL)
			continue;
		if (!tpl)
			cib_ops_twice(c, set, seen);
		CIB_EACH(op, set) {
			if (!cib_is(op, "op")) {
				cib_unknown(c, op);
				continue;
			}
			if ((s = cib_op(c, op, seen, tpl)) == NULL)
				continue;
			*ops = xreallocarray(*ops, *nops + 1, sizeof **ops);
			(*ops)[(*nops)++] = s;
		}
	}
}

/* meta NAME=VALUE ... for the checked meta attributes of l; "" if none. */
static const char *
cib_meta_line(struct cib *c, struct cib_nvlist *l, int promotable)
{
	const char	*v, *name;
	size_t		 i;

	for (i = 0; i < l->n; i++) {
		name = l->v[i].name;
		v = l->v[i].value;
		if (promotable && strcmp(name, "promotable") == 0)
			continue;	/* the keyword says it */
		if (promotable && (strcmp(name, "master-max") == 0 ||
		    strcmp(name, "master-node-max") == 0)) {
			name = strcmp(name, "master-max") == 0 ?
			    "promoted-max" : "promoted-node-max";
			if (cib_nv_find(l, name) != NULL)
				continue;	/* the new name wins */
		}
		if (cib_known(c, l->v[i].node, KNOWN_META, name, &v) != 0)
			continue;
		if (strcmp(name, "target-role") == 0)
			v = cib_role(c, v);
		cib_kv(c, name, v);
	}
	if (c->lb.len == 0)
		return "";
	return arena_printf(c->ctx->arena, "meta%s", cib_take(c));
}

static const char *const cib_prim_attrs[] = { "id", "class", "provider",
    "type", "description", "template", NULL };

/*
 * A primitive as `resource` (or `fence`) at indent, its parameters
 * completed from inherit (its group's or clone's, and rsc_defaults'), as
 * Pacemaker does. Returns 0 if written, -1 if not (reported).
 */
static int
cib_primitive(struct cib *c, xmlNode *p, int indent,
    const struct cib_nvlist *inherit)
{
	struct cib_nvlist	 params = { NULL, 0, 0 }, meta = { NULL, 0, 0 };
	struct cib_nvlist	 util = { NULL, 0, 0 };
	struct map		 seen;
	const char		*id, *agent, *tname, *desc, *metal, *utill;
	const char		**ops = NULL;
	size_t			 nops = 0, i;
	xmlNode			*tpl = NULL, *k;
	int			 fence = 0, prev, u;

	cib_check_attrs(c, p, cib_prim_attrs);
	id = cib_attr(c, p, "id");
	if (cib_rsc_id(c, p, id) != 0)
		return -1;
	if ((tname = cib_attr(c, p, "template")) != NULL) {
		tpl = map_get(&c->ids, tname);
		if (tpl == NULL || !cib_is(tpl, "template")) {
			cib_warn(c, p, "template '%s' does not exist; not "
			    "imported", tname);
			return -1;
		}
		cib_warn(c, p, "templates are not supported; template '%s' is "
		    "expanded into '%s'", tname, id);
	}
	if ((agent = cib_agent(c, p, tpl, &fence)) == NULL)
		return -1;
	CIB_EACH(k, p) {
		if (!cib_is(k, "instance_attributes") &&
		    !cib_is(k, "meta_attributes") && !cib_is(k, "operations") &&
		    !cib_is(k, "utilization"))
			cib_unknown(c, k);
	}
	cib_nvsets(c, p, "instance_attributes", NULL, 0, &params);
	cib_nvsets(c, p, "meta_attributes", NULL, 0, &meta);
	cib_nvsets(c, p, "utilization", NULL, 0, &util);
	if (tpl != NULL) {
		/* The primitive's own values replace the template's. */
		c->quiet_shadow = 1;
		cib_nvsets(c, tpl, "instance_attributes", NULL, 0, &params);
		cib_nvsets(c, tpl, "meta_attributes", NULL, 0, &meta);
		cib_nvsets(c, tpl, "utilization", NULL, 0, &util);
		c->quiet_shadow = 0;
	}
	for (i = 0; inherit != NULL && i < inherit->n; i++) {
		if (cib_nv_find(&params, inherit->v[i].name) == NULL)
			cib_nv_add(c, &params, inherit->v[i].name,
			    inherit->v[i].value, inherit->v[i].node);
	}
	if ((desc = cib_attr(c, p, "description")) != NULL &&
	    cib_nv_find(&meta, "description") == NULL)
		cib_nv_add(c, &meta, "description", desc, p);

	prev = cib_unit_begin(c, p);
	cib_rsc_add(c, id, fence ? CIBK_FENCE : CIBK_PRIMITIVE);
	map_init(&seen);
	cib_ops(c, p, &seen, 0, &ops, &nops);
	if (tpl != NULL)
		cib_ops(c, tpl, &seen, 1, &ops, &nops);
	map_clear(&seen);
	metal = cib_meta_line(c, &meta, 0);
	cib_util_kvs(c, &util);
	utill = c->lb.len > 0 ? arena_printf(c->ctx->arena, "utilization%s",
	    cib_take(c)) : "";

	buf_printf(&c->lb, "%s ", fence ? "fence" : "resource");
	cib_w(c, id);
	buf_putc(&c->lb, ' ');
	cib_w(c, agent);
	if (params.n == 0 && nops == 0 && *metal == '\0' && *utill == '\0') {
		cib_emit(c, indent);
		cib_unit_end(c, prev);
		free(ops);
		return 0;
	}
	buf_puts(&c->lb, " {");
	if (indent == 0)
		cib_blank(c);
	cib_emit(c, indent);
	for (i = 0; i < params.n; i++) {
		if (!cib_is_key(params.v[i].name)) {
			cib_warn(c, params.v[i].node, "parameter name '%s' "
			    "cannot be written in the language; not imported",
			    params.v[i].name);
			continue;
		}
		u = cib_unit_begin(c, params.v[i].node);
		buf_printf(&c->lb, "%s = ", params.v[i].name);
		cib_w(c, params.v[i].value);
		cib_emit(c, indent + 1);
		cib_unit_end(c, u);
	}
	for (i = 0; i < nops; i++) {
		u = cib_unit_begin(c, p);
		buf_puts(&c->lb, ops[i]);
		cib_emit(c, indent + 1);
		cib_unit_end(c, u);
	}
	free(ops);
	if (*metal != '\0') {
		u = cib_unit_begin(c, p);
		buf_puts(&c->lb, metal);
		cib_emit(c, indent + 1);
		cib_unit_end(c, u);
	}
	if (*utill != '\0') {
		u = cib_unit_begin(c, p);
		buf_puts(&c->lb, utill);
		cib_emit(c, indent + 1);
		cib_unit_end(c, u);
	}
	buf_puts(&c->lb, "}");
	cib_emit(c, indent);
	if (indent == 0)
		cib_blank(c);
	cib_unit_end(c, prev);
	return 0;
}

/* Parameters inherited from a parent: its own, then what it inherits. */
static void
cib_inherit(struct cib *c, xmlNode *parent, const struct cib_nvlist *up,
    struct cib_nvlist *out)
{
	size_t	i;

	cib_nvsets(c, parent, "instance_attributes", NULL, 0, out);
	for (i = 0; up != NULL && i < up->n; i++) {
		if (cib_nv_find(out, up->v[i].name) == NULL)
			cib_nv_add(c, out, up->v[i].name, up->v[i].value,
			    up->v[i].node);
	}
}

/* Whether primitive p is a fence device (class stonith). */
static int
cib_is_fence(struct cib *c, xmlNode *p)
{
	const char	*cls = cib_attr(c, p, "class");

	return cls != NULL && strcmp(cls, "stonith") == 0;
}

/*
 * group G { resource ... } with its members inline. Fence devices, which
 * the language keeps out of groups, are written before it (reported).
 * Returns 0 if written.
 */
static int
cib_group(struct cib *c, xmlNode *g, const struct cib_nvlist *up)
{
	static const char *const attrs[] = { "id", "description", NULL };
	struct cib_nvlist	 params = { NULL, 0, 0 }, meta = { NULL, 0, 0 };
	struct cib_nv		*nv;
	const char		*id, *desc, *metal;
	xmlNode			*k;
	int			 prev, u, members = 0;

	cib_check_attrs(c, g, attrs);
	id = cib_attr(c, g, "id");
	if (cib_rsc_id(c, g, id) != 0)
		return -1;
	CIB_EACH(k, g) {
		if (!cib_is(k, "primitive") && !cib_is(k, "meta_attributes") &&
		    !cib_is(k, "instance_attributes"))
			cib_unknown(c, k);
	}
	cib_inherit(c, g, up, &params);
	CIB_EACH(k, g) {
		/* declared before the group, which names it */
		if (cib_is(k, "primitive") && cib_is_fence(c, k))
			cib_primitive(c, k, 0, &params);
	}
	cib_nvsets(c, g, "meta_attributes", NULL, 0, &meta);
	if ((nv = cib_nv_find(&meta, "collocated")) != NULL) {
		/* Deprecated, still read by Pacemaker 2.1.5. */
		if (cib_true(nv->value))
			cib_warn(c, nv->node, "'collocated' is not in the "
			    "language; true is what a group is anyway; not "
			    "imported");
		else
			cib_warn(c, nv->node, "the language cannot write "
			    "collocated=false (group members not colocated); "
			    "not imported");
		cib_nv_del(&meta, "collocated");
	}
	if ((desc = cib_attr(c, g, "description")) != NULL &&
	    cib_nv_find(&meta, "description") == NULL)
		cib_nv_add(c, &meta, "description", desc, g);
	metal = cib_meta_line(c, &meta, 0);

	cib_blank(c);
	prev = cib_unit_begin(c, g);
	buf_puts(&c->lb, "group ");
	cib_w(c, id);
	buf_puts(&c->lb, " {");
	cib_emit(c, 0);
	CIB_EACH(k, g) {
		if (!cib_is(k, "primitive"))
			continue;
		if (cib_is_fence(c, k)) {
			if (map_get(&c->skipped, cib_attr(c, k, "id")) != NULL)
				continue;
			u = cib_unit_begin(c, k);
			cib_w(c, cib_attr(c, k, "id"));
			cib_emit(c, 1);
			cib_unit_end(c, u);
			members++;
		} else if (cib_primitive(c, k, 1, &params) == 0)
			members++;
	}
	if (*metal != '\0') {
		u = cib_unit_begin(c, g);
		buf_puts(&c->lb, metal);
		cib_emit(c, 1);
		cib_unit_end(c, u);
	}
	buf_puts(&c->lb, "}");
	cib_emit(c, 0);
	cib_blank(c);
	if (members == 0) {
		cib_warn(c, g, "group '%s' has no member the language can hold; "
		    "not imported", id);
		c->units[c->cur].dropped = 1;
		map_put(&c->skipped, id, "an empty group");
	} else
		cib_rsc_add(c, id, CIBK_GROUP);
	cib_unit_end(c, prev);
	return members > 0 ? 0 : -1;
}

/*
 * clone and master: the child (a primitive or a group), then
 * "clone|promotable NAME of CHILD { meta ... }".
 */
static void
cib_clone(struct cib *c, xmlNode *cl)
{
	static const char *const attrs[] = { "id", "description", NULL };
	struct cib_nvlist	 params = { NULL, 0, 0 }, meta = { NULL, 0, 0 };
	struct cib_nv		*nv;
	const char		*id, *cid, *desc, *metal, *what;
	xmlNode			*k, *child = NULL;
	int			 prev, u, promotable, nchildren = 0, rc;

	cib_check_attrs(c, cl, attrs);
	id = cib_attr(c, cl, "id");
	what = cib_is(cl, "master") ? "master" : "clone";
	if (cib_rsc_id(c, cl, id) != 0)
		return;
	CIB_EACH(k, cl) {
		if (cib_is(k, "primitive") || cib_is(k, "group")) {
			child = k;
			nchildren++;
		} else if (!cib_is(k, "meta_attributes") &&
		    !cib_is(k, "instance_attributes"))
			cib_unknown(c, k);
	}
	if (nchildren != 1) {
		cib_warn(c, cl, "a %s holds one primitive or group; not "
		    "imported", what);
		map_put(&c->skipped, id, "an invalid clone");
		return;
	}
	cib_nvsets(c, cl, "meta_attributes", NULL, 0, &meta);
	promotable = cib_is(cl, "master") || ((nv = cib_nv_find(&meta,
	    "promotable")) != NULL && cib_true(nv->value));
	if ((desc = cib_attr(c, cl, "description")) != NULL &&
	    cib_nv_find(&meta, "description") == NULL)
		cib_nv_add(c, &meta, "description", desc, cl);
	cib_inherit(c, cl, &c->def_params, &params);
	cid = cib_attr(c, child, "id");
	if (cib_is(child, "primitive"))
		rc = cib_primitive(c, child, 0, &params);
	else
		rc = cib_group(c, child, &params);
	if (rc != 0) {
		cib_warn(c, cl, "%s '%s' has nothing to clone; not imported",
		    what, id);
		map_put(&c->skipped, id, "a clone of nothing");
		return;
	}
	metal = cib_meta_line(c, &meta, promotable);

	prev = cib_unit_begin(c, cl);
	cib_rsc_add(c, id, CIBK_CLONE);
	buf_puts(&c->lb, promotable ? "promotable " : "clone ");
	cib_w(c, id);
	buf_puts(&c->lb, " of ");
	cib_w(c, cid);
	if (*metal == '\0') {
		cib_emit(c, 0);
		cib_unit_end(c, prev);
		return;
	}
	buf_puts(&c->lb, " {");
	cib_emit(c, 0);
	u = cib_unit_begin(c, cl);
	buf_puts(&c->lb, metal);
	cib_emit(c, 1);
	cib_unit_end(c, u);
	buf_puts(&c->lb, "}");
	cib_emit(c, 0);
	cib_unit_end(c, prev);
}

/* Note the ids inside something not imported, for constraints on them. */
static void
cib_skip_ids(struct cib *c, xmlNode *n, const char *what)
{
	const char	*id;
	xmlNode		*k;

	if ((cib_is(n, "primitive") || cib_is(n, "bundle") ||
	    cib_is(n, "template") || cib_is(n, "group") ||
	    cib_is(n, "clone") || cib_is(n, "master")) &&
	    (id = cib_attr(c, n, "id")) != NULL &&
	    map_get(&c->skipped, id) == NULL)
		map_put(&c->skipped, id, (void *)what);
	CIB_EACH(k, n)
		cib_skip_ids(c, k, what);
}

/* <resources>, in document order. */
static void
cib_resources(struct cib *c)
{
	xmlNode		*res, *k;
	const char	*id;

	if ((res = cib_child(c->config, "resources")) == NULL)
		return;
	CIB_EACH(k, res) {
		if (cib_is(k, "primitive"))
			cib_primitive(c, k, 0, &c->def_params);
		else if (cib_is(k, "group"))
			cib_group(c, k, &c->def_params);
		else if (cib_is(k, "clone") || cib_is(k, "master"))
			cib_clone(c, k);
		else if (cib_is(k, "bundle")) {
			cib_warn(c, k, "bundles are not supported; not "
			    "imported");
			cib_skip_ids(c, k, "a bundle");
		} else if (cib_is(k, "template")) {
			id = cib_attr(c, k, "id");
			cib_warn(c, k, "templates are not supported; the "
			    "primitives that use '%s' are imported with it "
			    "expanded", id != NULL ? id : "");
			cib_skip_ids(c, k, "a template");
		} else
			cib_unknown(c, k);
	}
}

/*
 * Constraints.
 */

/* Whether id names an imported resource; if not, say why cons is not. */
static int
cib_ref(struct cib *c, xmlNode *cons, const char *id)
{
	const char	*what;

	if (id == NULL) {
		cib_warn(c, cons, "a resource reference is missing; not "
		    "imported");
		return -1;
	}
	if (map_get(&c->rscs, id) != NULL)
		return 0;
	if ((what = map_get(&c->skipped, id)) != NULL)
		cib_warn(c, cons, "'%s' is %s, which is not imported; not "
		    "imported", id, what);
	else
		cib_warn(c, cons, "resource '%s' does not exist (Pacemaker "
		    "ignores the constraint); not imported", id);
	return -1;
}

/* The id to write for a constraint or set, or NULL (reported if bad). */
static const char *
cib_cons_id(struct cib *c, xmlNode *n)
{
	const char	*id = cib_attr(c, n, "id");

	if (id == NULL)
		return NULL;
	if (!value_is_name(id)) {
		cib_warn(c, n, "id '%s' is not a valid id; written without it",
		    id);
		return NULL;
	}
	if (map_get(&c->rscs, id) != NULL || map_get(&c->used_ids, id) !=
	    NULL) {
		cib_warn(c, n, "id '%s' is already used; written without it",
		    id);
		return NULL;
	}
	map_put(&c->used_ids, id, n);
	return id;
}

/* A node name checked against the cluster; else reported for cons. */
static int
cib_node_ref(struct cib *c, xmlNode *cons, const char *node)
{
	if (map_get(&c->nodes, node) != NULL)
		return 0;
	cib_warn(c, cons, "'%s' is not a node of the cluster (Pacemaker "
	    "ignores the constraint); not imported", node);
	return -1;
}

/* How a rule or an expression came out. */
enum cib_tri {
	CIB_EXPR,		/* written */
	CIB_TRUE,		/* always true: nothing to write */
	CIB_FALSE,		/* never true */
	CIB_UNSUP		/* not expressible (reported) */
};

/* Expand %0..%9 of an rsc-pattern match in s (Pacemaker 2.1.5). */
static const char *
cib_expand(struct cib *c, const char *s, const struct cib_match *m)
{
	struct buf	 b;
	const char	*r;
	int		 i;

	if (m == NULL || s == NULL || strchr(s, '%') == NULL)
		return s;
	buf_init(&b);
	for (; *s != '\0'; s++) {
		if (s[0] == '%' && isdigit((unsigned char)s[1])) {
			i = s[1] - '0';
			if ((size_t)i < m->n && m->m[i].rm_so != -1 &&
			    m->m[i].rm_eo > m->m[i].rm_so)
				buf_add(&b, m->string + m->m[i].rm_so,
				    (size_t)(m->m[i].rm_eo - m->m[i].rm_so));
			s++;
		} else
			buf_putc(&b, *s);
	}
	r = arena_strdup(c->ctx->arena, b.data == NULL ? "" : b.data);
	buf_clear(&b);
	return r;
}

/* Whether a typed value "type:v" stays one bare word. */
static int
cib_typed(struct cib *c, struct buf *out, const char *type, const char *v)
{
	const char	*s = arena_printf(c->ctx->arena, "%s:%s", type, v);

	if (!lex_is_bare_word(s))
		return -1;
	buf_puts(out, s);
	return 0;
}

/*
 * The value of a comparison, typed as Pacemaker 2.1.5 compares it
 * (compare_attr_expr_vals): an explicit type, else number or integer for
 * lt/gt/lte/gte and string for eq/ne. A value that does not parse as the
 * number it should be is compared as a string, as Pacemaker does; an
 * integer is read up to the first non-digit, as strtoll() reads it.
 */
static enum cib_tri
cib_cmp_value(struct cib *c, xmlNode *e, struct buf *out, const char *op,
    const char *type, const char *v)
{
	int		 ordered = strcmp(op, "eq") != 0 && strcmp(op, "ne") != 0;
	char		*end;
	const char	*num;
	long long	 ll;

	if (type == NULL && ordered)
		type = strchr(v, '.') != NULL ? "number" : "guess";
	if (type == NULL)
		type = "string";
	if (strcmp(type, "integer") == 0 || strcmp(type, "guess") == 0) {
		errno = 0;
		ll = strtoll(v, &end, 10);
		if (end == v || (errno != 0 && errno != ERANGE))
			type = "string";
		else {
			num = arena_printf(c->ctx->arena, "%lld", ll);
			if (*end != '\0')
				cib_warn(c, e, "Pacemaker compares '%s' as %s",
				    v, num);
			if (strcmp(type, "guess") == 0) {
				/* integer, or number if the node's value has
				 * a '.': the language guesses the same */
				buf_puts(out, num);
				return CIB_EXPR;
			}
			return cib_typed(c, out, "integer", num) == 0 ?
			    CIB_EXPR : CIB_UNSUP;
		}
	} else if (strcmp(type, "number") == 0) {
		(void)strtod(v, &end);
		if (end == v)
			type = "string";
		else {
			num = arena_strndup(c->ctx->arena, v, (size_t)(end - v));
			if (*end != '\0')
				cib_warn(c, e, "Pacemaker compares '%s' as %s",
				    v, num);
			return cib_typed(c, out, "number", num) == 0 ?
			    CIB_EXPR : CIB_UNSUP;
		}
	} else if (strcmp(type, "version") == 0) {
		if (*v != '\0' && strspn(v, "0123456789.") == strlen(v) &&
		    cib_typed(c, out, "version", v) == 0)
			return CIB_EXPR;
		cib_warn(c, e, "version '%s' cannot be written in the "
		    "language (digits and dots only)", v);
		return CIB_UNSUP;
	}
	if (strcmp(type, "string") != 0) {
		cib_warn(c, e, "unknown comparison type '%s'", type);
		return CIB_UNSUP;
	}
	/* A string: eq and ne compare text by default. */
	if (!ordered && lex_is_bare_word(v) && strncmp(v, "string:", 7) != 0 &&
	    strncmp(v, "integer:", 8) != 0 && strncmp(v, "number:", 7) != 0 &&
	    strncmp(v, "version:", 8) != 0) {
		buf_puts(out, v);
		return CIB_EXPR;
	}
	if (!ordered && !lex_is_bare_word(v)) {
		print_string(out, v, 1);	/* quoted: compared as text */
		return CIB_EXPR;
	}
	if (cib_typed(c, out, "string", v) == 0)
		return CIB_EXPR;
	cib_warn(c, e, "the language cannot compare '%s' as text with '%s' "
	    "(a typed value must be a single word)", v, op);
	return CIB_UNSUP;
}

/* An <expression>, into out. */
static enum cib_tri
cib_expression(struct cib *c, xmlNode *e, const struct cib_match *m,
    struct buf *out)
{
	static const char *const attrs[] = { "id", "id-ref", "attribute",
	    "operation", "value", "type", "value-source", NULL };
	static const char *const ops[] = { "lt", "gt", "lte", "gte", "eq",
	    "ne", "defined", "not_defined" };
	const char	*attr, *op, *value, *type, *src;
	char		*lop, *p;
	size_t		 i;

	if ((e = cib_deref(c, e)) == NULL)
		return CIB_UNSUP;
	cib_check_attrs(c, e, attrs);
	attr = cib_expand(c, cib_attr(c, e, "attribute"), m);
	op = cib_attr(c, e, "operation");
	value = cib_attr(c, e, "value");
	type = cib_attr(c, e, "type");
	src = cib_attr(c, e, "value-source");
	if (attr == NULL || op == NULL) {
		cib_warn(c, e, "an expression needs an attribute and an "
		    "operation; Pacemaker reads it as false");
		return CIB_FALSE;
	}
	lop = arena_strdup(c->ctx->arena, op);
	for (p = lop; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	for (i = 0; i < nitems(ops); i++) {
		if (strcmp(lop, ops[i]) == 0)
			break;
	}
	if (i == nitems(ops)) {
		cib_warn(c, e, "unknown operation '%s'; Pacemaker reads the "
		    "expression as false", op);
		return CIB_FALSE;
	}
	if (strcmp(attr, "#role") == 0) {
		cib_warn(c, e, "Pacemaker 2.1.5 never matches '#role' in a "
		    "location rule; read as false");
		return CIB_FALSE;
	}
	if (src != NULL && strcasecmp(src, "literal") != 0) {
		cib_warn(c, e, "value-source '%s' (a value from the resource's "
		    "%s) is not supported", src, strcasecmp(src, "param") ==
		    0 ? "parameters" : "meta attributes");
		return CIB_UNSUP;
	}
	if (type != NULL) {
		type = arena_strdup(c->ctx->arena, type);
		for (p = (char *)type; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	if (i >= 6) {		/* defined, not_defined */
		buf_printf(out, "%s ", lop);
		cib_bw(out, attr);
		return CIB_EXPR;
	}
	if (value == NULL) {
		/* Pacemaker: an undefined value equals only an undefined
		 * attribute; an order with it is false. */
		if (strcmp(lop, "eq") == 0 || strcmp(lop, "ne") == 0) {
			buf_printf(out, "%s ", strcmp(lop, "eq") == 0 ?
			    "not_defined" : "defined");
			cib_bw(out, attr);
			return CIB_EXPR;
		}
		cib_warn(c, e, "an expression without a value; Pacemaker "
		    "reads it as false");
		return CIB_FALSE;
	}
	cib_bw(out, attr);
	buf_printf(out, " %s ", lop);
	return cib_cmp_value(c, e, out, lop, type, value);
}

/*
 * A rule's expression (its children joined by boolean-op), into out.
 * *nterms counts the operands written, for parentheses.
 */
static enum cib_tri
cib_rule_expr(struct cib *c, xmlNode *rule, const struct cib_match *m,
    struct buf *out, int *nterms)
{
	static const char *const attrs[] = { "id", "id-ref", "score",
	    "score-attribute", "boolean-op", "role", NULL };
	struct buf	 sub;
	const char	*bop;
	enum cib_tri	 t, res;
	xmlNode		*k;
	int		 is_or, unsup = 0, n, short_circuit = 0;

	cib_check_attrs(c, rule, attrs);
	bop = cib_attr(c, rule, "boolean-op");
	is_or = bop != NULL && strcasecmp(bop, "or") == 0;
	*nterms = 0;
	buf_init(&sub);
	CIB_EACH(k, rule) {
		buf_reset(&sub);
		n = 1;
		if (cib_is(k, "expression"))
			t = cib_expression(c, k, m, &sub);
		else if (cib_is(k, "rule")) {
			if ((k = cib_deref(c, k)) == NULL)
				t = CIB_UNSUP;
			else
				t = cib_rule_expr(c, k, m, &sub, &n);
		} else if (cib_is(k, "date_expression")) {
			cib_warn(c, k, "date expressions are not supported");
			t = CIB_UNSUP;
		} else {
			cib_warn(c, k, "<%s> is not supported in a location "
			    "rule", (const char *)k->name);
			t = CIB_UNSUP;
		}
		if (t == CIB_UNSUP)
			unsup = 1;
		if ((is_or && t == CIB_TRUE) || (!is_or && t == CIB_FALSE))
			short_circuit = 1;
		if (t != CIB_EXPR)
			continue;
		if (*nterms > 0)
			buf_puts(out, is_or ? " or " : " and ");
		if (n > 1)
			buf_printf(out, "(%s)", sub.data);
		else
			buf_puts(out, sub.data);
		(*nterms)++;
	}
	buf_clear(&sub);
	if (short_circuit)
		res = is_or ? CIB_TRUE : CIB_FALSE;
	else if (unsup)
		res = CIB_UNSUP;
	else if (*nterms == 0)
		res = is_or ? CIB_FALSE : CIB_TRUE;	/* Pacemaker's empty */
	else
		res = CIB_EXPR;
	if (res != CIB_EXPR)
		buf_reset(out);
	return res;
}

/* resource-discovery as Pacemaker reads it; NULL for the default. */
static const char *
cib_discovery(struct cib *c, xmlNode *l)
{
	const char	*d = cib_attr(c, l, "resource-discovery");

	if (d == NULL || strcasecmp(d, "always") == 0)
		return NULL;
	if (strcasecmp(d, "never") == 0)
		return "never";
	if (strcasecmp(d, "exclusive") == 0)
		return "exclusive";
	cib_warn(c, l, "invalid resource-discovery '%s'; Pacemaker uses "
	    "'always'", d);
	return NULL;
}

/* Options at the end of a location statement. */
static void
cib_loc_opts(struct cib *c, const char *role, const char *disc,
    const char **idp)
{
	if (role != NULL)
		cib_kv(c, "role", role);
	if (disc != NULL)
		cib_kv(c, "resource-discovery", disc);
	if (*idp != NULL) {
		cib_kv(c, "id", *idp);
		*idp = NULL;	/* the next statement gets a generated one */
	}
}

/* location R prefers|avoids N: one node, one score. */
static void
cib_location_node(struct cib *c, xmlNode *l, const char *rsc,
    const char *node, const char *role, const char *score, const char **idp)
{
	struct cib_inf	*prev, *inf;
	const char	*r = NULL, *disc, *key;
	int		 v, u;

	if (cib_node_ref(c, l, node) != 0)
		return;
	if (role != NULL && (r = cib_role(c, role)) == NULL) {
		cib_warn(c, l, "invalid role '%s' (Pacemaker ignores the "
		    "constraint); not imported", role);
		return;
	}
	/* Pacemaker: Started and Unpromoted apply to every role. */
	if (r != NULL && (strcmp(r, "Started") == 0 ||
	    strcmp(r, "Unpromoted") == 0))
		r = NULL;
	v = cib_score(score);
	if (!cib_plain_score(score))
		cib_warn(c, l, "score '%s' is read by Pacemaker as %s", score,
		    cib_score_text(c, v));
	disc = cib_discovery(c, l);

	/* INFINITY and -INFINITY on one node: -INFINITY wins (Pacemaker). */
	key = arena_printf(c->ctx->arena, "%s\n%s\n%s", rsc, node,
	    r != NULL ? r : "");
	if (v == SCORE_INFINITY || v == -SCORE_INFINITY) {
		if ((prev = map_get(&c->infs, key)) != NULL &&
		    prev->score != v) {
			if (v > 0) {
				cib_warn(c, l, "'%s' is banned from '%s' by "
				    "another constraint, which wins; not "
				    "imported", rsc, node);
				return;
			}
			cib_warn(c, l, "this ban of '%s' from '%s' wins over "
			    "the constraint that prefers it with INFINITY, "
			    "which is not imported", rsc, node);
			c->units[prev->unit].dropped = 1;
		}
	}
	u = cib_unit_begin(c, l);
	if (v == SCORE_INFINITY || v == -SCORE_INFINITY) {
		inf = arena_zalloc(c->ctx->arena, sizeof *inf);
		inf->score = v;
		inf->unit = c->cur;
		map_put(&c->infs, key, inf);
	}
	buf_puts(&c->lb, "location ");
	cib_w(c, rsc);
	if (v == -SCORE_INFINITY) {
		buf_puts(&c->lb, " avoids ");
		cib_w(c, node);
	} else {
		buf_puts(&c->lb, " prefers ");
		cib_w(c, node);
		if (v != SCORE_INFINITY)
			buf_printf(&c->lb, " = %d", v);
	}
	cib_loc_opts(c, r, disc, idp);
	cib_emit(c, 0);
	cib_unit_end(c, u);
}

/* A rule's score: "100:", "-INFINITY:" or "ATTR:"; NULL if unwritable. */
static const char *
cib_rule_score(struct cib *c, xmlNode *rule, const struct cib_match *m)
{
	const char	*s, *attr, *cause, *bare;
	int		 v;

	if ((s = cib_attr(c, rule, "score")) != NULL) {
		v = cib_score(s);
		if (!cib_plain_score(s))
			cib_warn(c, rule, "score '%s' is read by Pacemaker as "
			    "%s", s, cib_score_text(c, v));
		return cib_score_text(c, v);
	}
	if ((attr = cib_expand(c, cib_attr(c, rule, "score-attribute"),
	    m)) == NULL) {
		cib_warn(c, rule, "a rule without a score; Pacemaker uses 0");
		return "0";
	}
	bare = attr + (*attr == '-' || *attr == '+');
	if (!lex_is_bare_word(attr) || attr[strlen(attr) - 1] == ':' ||
	    value_score(c->scratch, attr, &v, &cause) == 0 || bare != attr ||
	    isdigit((unsigned char)*attr) ||
	    diag_distance(bare, "INFINITY") <= 2) {
		cib_warn(c, rule, "score-attribute '%s' cannot be written in "
		    "the language (it reads as a score or is not a word); not "
		    "imported", attr);
		return NULL;
	}
	return attr;
}

/* A location's rules: one statement per role, each rule "rule S: E". */
static void
cib_location_rules(struct cib *c, xmlNode *l, const char *rsc,
    const struct cib_match *m, const char **idp)
{
	struct lrule {
		const char	*role;
		const char	*text;
	}		*rules = NULL;
	struct buf	 e;
	const char	*role, *score, *disc;
	enum cib_tri	 t;
	xmlNode		*k, *rule;
	size_t		 n = 0, i, j;
	int		 nterms, u, any = 0;

	if (cib_attr(c, l, "role") != NULL && cib_child(l, "rule") != NULL)
		cib_warn(c, l, "Pacemaker 2.1.5 ignores the role of a location "
		    "with rules (only a rule's own role counts); not imported");
	disc = cib_discovery(c, l);
	buf_init(&e);
	CIB_EACH(k, l) {
		if (!cib_is(k, "rule"))
			continue;
		any = 1;
		if ((rule = cib_deref(c, k)) == NULL)
			continue;
		role = NULL;
		if (cib_attr(c, rule, "role") != NULL &&
		    (role = cib_role(c, cib_attr(c, rule, "role"))) == NULL) {
			cib_warn(c, rule, "invalid role '%s' (Pacemaker ignores "
			    "the rule); not imported", cib_attr(c, rule,
			    "role"));
			continue;
		}
		if (role != NULL && strcmp(role, "Unpromoted") == 0)
			role = NULL;	/* Pacemaker: applies to every role */
		buf_reset(&e);
		t = cib_rule_expr(c, rule, m, &e, &nterms);
		if (t == CIB_UNSUP) {
			cib_warn(c, rule, "rule not imported");
			continue;
		}
		if (t == CIB_FALSE) {
			cib_warn(c, rule, "the rule never matches; not "
			    "imported");
			continue;
		}
		if ((score = cib_rule_score(c, rule, m)) == NULL)
			continue;
		rules = xreallocarray(rules, n + 1, sizeof *rules);
		rules[n].role = role;
		rules[n].text = arena_printf(c->ctx->arena, "rule %s: %s",
		    score, t == CIB_TRUE ? "defined #uname" : e.data);
		n++;
	}
	buf_clear(&e);
	if (!any)
		cib_warn(c, l, "a location needs a node and a score, or rules "
		    "(Pacemaker ignores it); not imported");
	for (i = 0; i < n; i++) {
		if (rules[i].text == NULL)
			continue;
		u = cib_unit_begin(c, l);
		buf_puts(&c->lb, "location ");
		cib_w(c, rsc);
		for (j = i; j < n; j++) {
			if (rules[j].text == NULL ||
			    (rules[j].role == NULL) != (rules[i].role == NULL) ||
			    (rules[j].role != NULL &&
			    strcmp(rules[j].role, rules[i].role) != 0))
				continue;
			buf_printf(&c->lb, " %s", rules[j].text);
			if (j != i)
				rules[j].text = NULL;
		}
		cib_loc_opts(c, rules[i].role, disc, idp);
		cib_emit(c, 0);
		cib_unit_end(c, u);
	}
	free(rules);
}

/* One rsc_location applied to resource rsc. */
static void
cib_location_one(struct cib *c, xmlNode *l, const char *rsc,
    const char *role, const char *score, const struct cib_match *m,
    const char **idp)
{
	const char	*node = cib_attr(c, l, "node");

	if (cib_ref(c, l, rsc) != 0)
		return;
	if (score == NULL)
		score = cib_attr(c, l, "score");
	if (node != NULL && score != NULL) {
		if (cib_child(l, "rule") != NULL)
			cib_warn(c, l, "Pacemaker ignores the rules of a location "
			    "with a node and a score; not imported");
		if (role == NULL)
			role = cib_attr(c, l, "role");
		cib_location_node(c, l, rsc, node, role, score, idp);
	} else
		cib_location_rules(c, l, rsc, m, idp);
}

/* The top-level resources whose ids match an rsc-pattern (regex). */
static void
cib_location_pattern(struct cib *c, xmlNode *l, const char *pat,
    const char **idp)
{
	struct cib_match	 m;
	struct buf		 names;
	regex_t			 re;
	const char		*id;
	xmlNode			*res, *k;
	int			 invert = 0, match;

	if (*pat == '!') {
		invert = 1;
		pat++;
	}
	if (regcomp(&re, pat, REG_EXTENDED) != 0) {
		cib_warn(c, l, "rsc-pattern '%s' is not a valid regular "
		    "expression (Pacemaker ignores the constraint); not "
		    "imported", pat);
		return;
	}
	buf_init(&names);
	res = cib_child(c->config, "resources");
	CIB_EACH(k, res) {
		if (cib_is(k, "template") ||
		    (id = cib_attr(c, k, "id")) == NULL)
			continue;
		memset(&m, 0, sizeof m);
		m.string = id;
		m.n = re.re_nsub + 1 < nitems(m.m) ? re.re_nsub + 1 :
		    nitems(m.m);
		match = regexec(&re, id, m.n, m.m, 0) == 0;
		if (match == invert)
			continue;
		buf_printf(&names, "%s%s", names.len > 0 ? ", " : "", id);
		cib_location_one(c, l, id, NULL, NULL, invert ? NULL : &m,
		    idp);
	}
	regfree(&re);
	cib_warn(c, l, "the language has no rsc-pattern; the constraint is "
	    "written for the resources it matches now: %s", names.len > 0 ?
	    names.data : "none");
	buf_clear(&names);
}

/* rsc_location */
static void
cib_location(struct cib *c, xmlNode *l)
{
	static const char *const attrs[] = { "id", "rsc", "rsc-pattern",
	    "node", "score", "role", "resource-discovery", NULL };
	const char	*id, *rsc, *pat;
	xmlNode		*k, *set, *ref;

	cib_check_attrs(c, l, attrs);
	id = cib_cons_id(c, l);
	rsc = cib_attr(c, l, "rsc");
	pat = cib_attr(c, l, "rsc-pattern");
	CIB_EACH(k, l) {
		if (cib_is(k, "lifetime"))
			cib_warn(c, k, "lifetime is not supported; not "
			    "imported");
		else if (!cib_is(k, "rule") && !cib_is(k, "resource_set"))
			cib_unknown(c, k);
	}
	if (rsc != NULL) {
		cib_location_one(c, l, rsc, NULL, NULL, NULL, &id);
		return;
	}
	if (pat != NULL) {
		cib_location_pattern(c, l, pat, &id);
		return;
	}
	if (cib_child(l, "resource_set") == NULL) {
		cib_warn(c, l, "a location needs a resource; not imported");
		return;
	}
	cib_warn(c, l, "the language has no resource sets in locations; "
	    "written as one location per resource");
	CIB_EACH(set, l) {
		if (!cib_is(set, "resource_set") || (set = cib_deref(c,
		    set)) == NULL)
			continue;
		CIB_EACH(ref, set) {
			if (!cib_is(ref, "resource_ref")) {
				cib_unknown(c, ref);
				continue;
			}
			cib_location_one(c, l, cib_attr(c, ref, "id"),
			    cib_attr(c, set, "role"), cib_attr(c, set,
			    "score"), NULL, &id);
		}
	}
}

/* An ordering action, lower case; -1 (reported) if not one. */
static int
cib_action(struct cib *c, xmlNode *n, const char **action)
{
	static const char *const actions[] = { "start", "stop", "promote",
	    "demote" };
	size_t	i;

	for (i = 0; i < nitems(actions); i++) {
		if (strcasecmp(*action, actions[i]) == 0) {
			*action = actions[i];
			return 0;
		}
	}
	cib_warn(c, n, "action '%s' cannot be ordered in the language (start, "
	    "stop, promote or demote); not imported", *action);
	return -1;
}

/* A role for a colocation: NULL for Started (the default) or none. */
static int
cib_coloc_role(struct cib *c, xmlNode *n, const char *s, const char **role)
{
	*role = NULL;
	if (s == NULL)
		return 0;
	if ((*role = cib_role(c, s)) == NULL) {
		cib_warn(c, n, "invalid role '%s'; not imported", s);
		return -1;
	}
	if (strcmp(*role, "Started") == 0)
		*role = NULL;
	return 0;
}

/* Whether every resource_ref of every set is imported; else reported. */
static int
cib_sets_ok(struct cib *c, xmlNode *cons)
{
	xmlNode	*set, *ref;
	int	 n;

	CIB_EACH(set, cons) {
		if (!cib_is(set, "resource_set"))
			continue;
		if ((set = cib_deref(c, set)) == NULL)
			return -1;
		n = 0;
		CIB_EACH(ref, set) {
			if (!cib_is(ref, "resource_ref"))
				continue;
			if (cib_ref(c, cons, cib_attr(c, ref, "id")) != 0)
				return -1;
			n++;
		}
		if (n == 0) {
			cib_warn(c, set, "an empty resource set; the constraint "
			    "is not imported");
			return -1;
		}
	}
	return 0;
}

/*
 * One resource set as a term: "(a b c opts)". chain: the set is one of
 * several (the language's default is sequential=false there, Pacemaker's
 * is true). order: an ordering set (action), else a colocation set (role).
 */
static int
cib_set(struct cib *c, xmlNode *set, int chain, int order)
{
	static const char *const attrs[] = { "id", "id-ref", "sequential",
	    "require-all", "role", "action", "ordering", "score", "kind",
	    "symmetrical", NULL };
	const char	*seq, *ra, *role = NULL, *action, *id, *ordering;
	xmlNode		*ref, *refs[256];
	size_t		 nrefs = 0, i;
	int		 sequential, listed = 0;

	cib_check_attrs(c, set, attrs);
	seq = cib_attr(c, set, "sequential");
	if (seq != NULL && !cib_is_bool(seq)) {
		cib_warn(c, set, "'%s' for 'sequential' is not a boolean; "
		    "Pacemaker reads it as %s", seq, order ? "false" : "true");
		seq = order ? "false" : "true";
	}
	sequential = seq == NULL || cib_true(seq);
	if (cib_attr(c, set, "score") != NULL) {
		cib_warn(c, set, "the language has no score for one set of a "
		    "constraint; not imported");
		return -1;
	}
	if (order && (cib_attr(c, set, "kind") != NULL ||
	    cib_attr(c, set, "symmetrical") != NULL)) {
		cib_warn(c, set, "the language has no kind or symmetrical for "
		    "one set of an order; not imported");
		return -1;
	}
	CIB_EACH(ref, set) {
		if (!cib_is(ref, "resource_ref")) {
			cib_unknown(c, ref);
			continue;
		}
		if (nrefs == nitems(refs)) {
			cib_warn(c, set, "a set of more than %zu resources; not "
			    "imported", nitems(refs));
			return -1;
		}
		refs[nrefs++] = ref;
	}
	ordering = cib_attr(c, set, "ordering");
	if (!order && ordering != NULL && strcasecmp(ordering, "listed") ==
	    0) {
		if (chain) {
			cib_warn(c, set, "ordering=listed in a set that is not "
			    "alone cannot be written in the language; not "
			    "imported");
			return -1;
		}
		listed = 1;	/* each with the next: the reverse list */
	} else if (ordering != NULL && (order || strcasecmp(ordering,
	    "group") != 0))
		cib_warn(c, set, "ordering='%s' is ignored", ordering);
	if (!order && cib_coloc_role(c, set, cib_attr(c, set, "role"),
	    &role) != 0)
		return -1;
	if (order && cib_attr(c, set, "role") != NULL)
		cib_warn(c, set, "Pacemaker ignores the role of an ordering "
		    "set; not imported");
	if (!order && (cib_attr(c, set, "action") != NULL ||
	    cib_attr(c, set, "require-all") != NULL))
		cib_warn(c, set, "Pacemaker ignores action and require-all in "
		    "a colocation set; not imported");

	buf_putc(&c->lb, '(');
	for (i = 0; i < nrefs; i++) {
		if (i > 0)
			buf_putc(&c->lb, ' ');
		cib_w(c, cib_attr(c, refs[listed ? nrefs - 1 - i : i], "id"));
	}
	if (chain && order && seq == NULL && nrefs > 1)
		cib_warn(c, set, "Pacemaker orders the members of this set "
		    "among themselves but not one by one with the next set "
		    "(sequential is not set); the language has one "
		    "'sequential' for both, written as true");
	/* One member: nothing to sequence, and first and last are one. */
	if (chain && sequential && nrefs > 1)
		cib_kv(c, "sequential", "true");
	else if (!chain && !sequential && nrefs > 1)
		cib_kv(c, "sequential", "false");
	if (order) {
		ra = cib_attr(c, set, "require-all");
		if (ra != NULL && cib_is_bool(ra) && !cib_true(ra))
			cib_kv(c, "require-all", "false");
		else if (ra != NULL && !cib_is_bool(ra))
			cib_warn(c, set, "'%s' for 'require-all' is not a "
			    "boolean; Pacemaker reads it as true", ra);
		action = cib_attr(c, set, "action");
		if (action != NULL && cib_action(c, set, &action) != 0)
			return -1;
		if (action != NULL && strcmp(action, "start") != 0)
			cib_kv(c, "action", action);
	} else if (role != NULL)
		cib_kv(c, "role", role);
	if ((id = cib_cons_id(c, set)) != NULL)
		cib_kv(c, "id", id);
	buf_putc(&c->lb, ')');
	return 0;
}

/* rsc_colocation */
static void
cib_colocation(struct cib *c, xmlNode *co)
{
	static const char *const attrs[] = { "id", "rsc", "with-rsc",
	    "rsc-role", "with-rsc-role", "score", "influence",
	    "node-attribute", "symmetrical", NULL };
	const char	*id, *rsc, *with, *rrole, *wrole, *score, *infl, *attr;
	xmlNode		*set, *k;
	int		 v, u, nsets = 0, i;

	cib_check_attrs(c, co, attrs);
	CIB_EACH(k, co) {
		if (cib_is(k, "resource_set"))
			nsets++;
		else
			cib_unknown(c, k);
	}
	if (cib_attr(c, co, "rsc-instance") != NULL ||
	    cib_attr(c, co, "with-rsc-instance") != NULL) {
		cib_warn(c, co, "colocations with a clone instance are not "
		    "supported; not imported");
		return;
	}
	rsc = cib_attr(c, co, "rsc");
	with = cib_attr(c, co, "with-rsc");
	if (nsets == 0 && (cib_ref(c, co, rsc) != 0 || cib_ref(c, co, with) !=
	    0))
		return;
	if (nsets > 0 && cib_sets_ok(c, co) != 0)
		return;
	if (cib_coloc_role(c, co, cib_attr(c, co, "rsc-role"), &rrole) != 0 ||
	    cib_coloc_role(c, co, cib_attr(c, co, "with-rsc-role"), &wrole) !=
	    0)
		return;
	score = cib_attr(c, co, "score");
	v = cib_score(score);
	if (score == NULL)
		cib_warn(c, co, "a colocation without a score; Pacemaker uses "
		    "0");
	else if (!cib_plain_score(score))
		cib_warn(c, co, "score '%s' is read by Pacemaker as %s", score,
		    cib_score_text(c, v));
	infl = cib_attr(c, co, "influence");
	if (infl != NULL && !cib_is_bool(infl)) {
		cib_warn(c, co, "'%s' for 'influence' is not a boolean; "
		    "Pacemaker uses the default", infl);
		infl = NULL;
	}
	attr = cib_attr(c, co, "node-attribute");
	if (cib_attr(c, co, "symmetrical") != NULL)
		cib_warn(c, co, "Pacemaker ignores 'symmetrical' in a "
		    "colocation; not imported");

	u = cib_unit_begin(c, co);
	buf_puts(&c->lb, "colocate ");
	if (nsets == 0) {
		cib_w(c, rsc);
		if (rrole != NULL)
			buf_printf(&c->lb, " %s", rrole);
		buf_puts(&c->lb, " with ");
		cib_w(c, with);
		if (wrole != NULL)
			buf_printf(&c->lb, " %s", wrole);
	} else {
		i = 0;
		CIB_EACH(set, co) {
			if (!cib_is(set, "resource_set"))
				continue;
			if (i++ > 0)
				buf_puts(&c->lb, " with ");
			if (cib_set(c, cib_deref(c, set), nsets > 1, 0) != 0) {
				buf_reset(&c->lb);
				c->units[c->cur].dropped = 1;
				cib_unit_end(c, u);
				return;
			}
		}
	}
	if (v != SCORE_INFINITY)
		buf_printf(&c->lb, " %s", cib_score_text(c, v));
	if (infl != NULL)
		cib_kv(c, "influence", cib_true(infl) ? "true" : "false");
	if (attr != NULL && strcmp(attr, "#uname") != 0)
		cib_kv(c, "node-attribute", attr);
	if ((id = cib_cons_id(c, co)) != NULL)
		cib_kv(c, "id", id);
	cib_emit(c, 0);
	cib_unit_end(c, u);
}

/* One ticket statement: ticket T R|(R ...) [role] [loss-policy=P] [id=X] */
static void
cib_ticket_one(struct cib *c, xmlNode *n, const char *ticket, xmlNode *set,
    const char *rsc, const char *role, const char *loss)
{
	const char	*id;
	xmlNode		*k;
	int		 u, i = 0, nrefs = 0;

	u = cib_unit_begin(c, n);
	buf_puts(&c->lb, "ticket ");
	cib_w(c, ticket);
	buf_putc(&c->lb, ' ');
	if (set == NULL)
		cib_w(c, rsc);
	else {
		CIB_EACH(k, set)
			nrefs += cib_is(k, "resource_ref");
		if (nrefs > 1)
			buf_putc(&c->lb, '(');
		CIB_EACH(k, set) {
			if (!cib_is(k, "resource_ref"))
				continue;
			if (i++ > 0)
				buf_putc(&c->lb, ' ');
			cib_w(c, cib_attr(c, k, "id"));
		}
		if (nrefs > 1)
			buf_putc(&c->lb, ')');
	}
	if (role != NULL)
		buf_printf(&c->lb, " %s", role);
	if (loss != NULL)
		cib_kv(c, "loss-policy", loss);
	if ((id = cib_cons_id(c, n)) != NULL)
		cib_kv(c, "id", id);
	cib_emit(c, 0);
	cib_unit_end(c, u);
}

/*
 * rsc_ticket: a statement per resource set (sets of a ticket constraint
 * are independent of each other; each keeps its own id), else one.
 */
static void
cib_ticket(struct cib *c, xmlNode *t)
{
	static const char *const attrs[] = { "id", "ticket", "rsc",
	    "rsc-role", "loss-policy", NULL };
	const char	*ticket, *rsc, *role, *loss;
	enum loss_policy policy;
	xmlNode		*set, *k;
	int		 nsets = 0;

	cib_check_attrs(c, t, attrs);
	CIB_EACH(k, t) {
		if (cib_is(k, "resource_set"))
			nsets++;
		else
			cib_unknown(c, k);
	}
	if (cib_attr(c, t, "rsc-instance") != NULL) {
		cib_warn(c, t, "a ticket for a clone instance is not "
		    "supported; not imported");
		return;
	}
	if ((ticket = cib_attr(c, t, "ticket")) == NULL ||
	    !value_is_name(ticket)) {
		cib_warn(c, t, "a ticket constraint without a valid ticket "
		    "name; not imported");
		return;
	}
	if ((loss = cib_attr(c, t, "loss-policy")) != NULL) {
		if (value_loss_policy(loss, &policy) == 0)
			loss = value_loss_policy_name(policy);
		else {
			cib_warn(c, t, "unknown loss-policy '%s'; Pacemaker "
			    "uses the default", loss);
			loss = NULL;
		}
	}
	if (nsets == 0) {
		rsc = cib_attr(c, t, "rsc");
		if (cib_ref(c, t, rsc) != 0 || cib_coloc_role(c, t,
		    cib_attr(c, t, "rsc-role"), &role) != 0)
			return;
		cib_ticket_one(c, t, ticket, NULL, rsc, role, loss);
		return;
	}
	if (cib_sets_ok(c, t) != 0)
		return;
	CIB_EACH(k, t) {
		if (!cib_is(k, "resource_set") ||
		    (set = cib_deref(c, k)) == NULL)
			continue;
		if (cib_coloc_role(c, set, cib_attr(c, set, "role"), &role) !=
		    0)
			continue;
		cib_ticket_one(c, set, ticket, set, NULL, role, loss);
	}
}

/* The kind of an order (or a set) as Pacemaker reads it. */
static const char *
cib_order_kind(struct cib *c, xmlNode *o)
{
	const char	*kind = cib_attr(c, o, "kind"), *score;

	if (kind == NULL) {
		if ((score = cib_attr(c, o, "score")) == NULL)
			return "Mandatory";
		/* Deprecated: a score of 0 is Optional, anything else not. */
		return cib_score(score) == 0 ? "Optional" : "Mandatory";
	}
	if (strcasecmp(kind, "Mandatory") == 0)
		return "Mandatory";
	if (strcasecmp(kind, "Optional") == 0)
		return "Optional";
	if (strcasecmp(kind, "Serialize") == 0)
		return "Serialize";
	cib_warn(c, o, "invalid kind '%s'; Pacemaker uses Mandatory", kind);
	return "Mandatory";
}

/* rsc_order */
static void
cib_order(struct cib *c, xmlNode *o)
{
	static const char *const attrs[] = { "id", "first", "then",
	    "first-action", "then-action", "kind", "score", "symmetrical",
	    "require-all", NULL };
	const char	*id, *first, *then, *fa, *ta, *kind, *sym, *ra;
	xmlNode		*set, *k, *fx;
	int		 u, nsets = 0, i, symmetrical, anyone;

	cib_check_attrs(c, o, attrs);
	CIB_EACH(k, o) {
		if (cib_is(k, "resource_set"))
			nsets++;
		else
			cib_unknown(c, k);
	}
	if (cib_attr(c, o, "first-instance") != NULL ||
	    cib_attr(c, o, "then-instance") != NULL) {
		cib_warn(c, o, "orders of a clone instance are not supported; "
		    "not imported");
		return;
	}
	first = cib_attr(c, o, "first");
	then = cib_attr(c, o, "then");
	if (nsets == 0 && (cib_ref(c, o, first) != 0 || cib_ref(c, o, then) !=
	    0))
		return;
	if (nsets > 0 && cib_sets_ok(c, o) != 0)
		return;
	fa = cib_attr(c, o, "first-action");
	ta = cib_attr(c, o, "then-action");
	if (fa == NULL)
		fa = "start";
	if (ta == NULL)
		ta = fa;	/* Pacemaker: then's action defaults to first's */
	if (nsets == 0 && (cib_action(c, o, &fa) != 0 ||
	    cib_action(c, o, &ta) != 0))
		return;
	kind = cib_order_kind(c, o);
	sym = cib_attr(c, o, "symmetrical");
	if (sym != NULL && !cib_is_bool(sym)) {
		cib_warn(c, o, "'%s' for 'symmetrical' is not a boolean; "
		    "Pacemaker uses the default", sym);
		sym = NULL;
	}
	symmetrical = sym == NULL ? strcmp(kind, "Serialize") != 0 :
	    cib_true(sym);
	if (sym != NULL && symmetrical && strcmp(kind, "Serialize") == 0)
		symmetrical = 0;	/* Pacemaker ignores it, warning */
	/* Pacemaker reads it as clone-min=1 for this order, a clone's only. */
	anyone = 0;
	if ((ra = cib_attr(c, o, "require-all")) != NULL && nsets == 0 &&
	    cib_is_bool(ra) && !cib_true(ra)) {
		if ((fx = map_get(&c->ids, first)) != NULL &&
		    (cib_is(fx, "clone") || cib_is(fx, "master")))
			anyone = 1;
		else
			cib_warn(c, o, "require-all=false on an order whose "
			    "first is not a clone has no effect in Pacemaker; "
			    "not imported");
	} else if (ra != NULL && nsets > 0)
		cib_warn(c, o, "require-all on an order with sets is ignored by "
		    "Pacemaker; not imported");

	u = cib_unit_begin(c, o);
	buf_puts(&c->lb, "order ");
	if (nsets == 0) {
		cib_w(c, first);
		if (strcmp(fa, "start") != 0)
			buf_printf(&c->lb, " %s", fa);
		buf_puts(&c->lb, " then ");
		cib_w(c, then);
		if (strcmp(ta, "start") != 0)
			buf_printf(&c->lb, " %s", ta);
	} else {
		i = 0;
		CIB_EACH(set, o) {
			if (!cib_is(set, "resource_set"))
				continue;
			if (i++ > 0)
				buf_puts(&c->lb, " then ");
			if (cib_set(c, cib_deref(c, set), nsets > 1, 1) != 0) {
				buf_reset(&c->lb);
				c->units[c->cur].dropped = 1;
				cib_unit_end(c, u);
				return;
			}
		}
	}
	if (strcmp(kind, "Mandatory") != 0)
		cib_kv(c, "kind", kind);
	if (!symmetrical && strcmp(kind, "Serialize") != 0)
		cib_kv(c, "symmetrical", "false");
	if (anyone)
		cib_kv(c, "require-all", "false");
	if ((id = cib_cons_id(c, o)) != NULL)
		cib_kv(c, "id", id);
	cib_emit(c, 0);
	cib_unit_end(c, u);
}

/* fencing-topology: fencing-level TARGET INDEX: DEVICE, ... */
static void
cib_fencing(struct cib *c, xmlNode *ft)
{
	static const char *const attrs[] = { "id", "target", "target-attribute",
	    "target-value", "target-pattern", "index", "devices", NULL };
	const char	*target, *tattr, *tval, *index, *devices, *cause;
	struct cib_rsc	*r;
	char		*list, *dev, *save;
	long long	 idx;
	xmlNode		*l;
	int		 u, ok;

	CIB_EACH(l, ft) {
		if (!cib_is(l, "fencing-level")) {
			cib_unknown(c, l);
			continue;
		}
		cib_check_attrs(c, l, attrs);
		target = cib_attr(c, l, "target");
		tattr = cib_attr(c, l, "target-attribute");
		tval = cib_attr(c, l, "target-value");
		index = cib_attr(c, l, "index");
		devices = cib_attr(c, l, "devices");
		if (cib_attr(c, l, "target-pattern") != NULL) {
			cib_warn(c, l, "target-pattern is not supported; not "
			    "imported");
			continue;
		}
		if (index == NULL || value_int(c->scratch, index, 1, 9, &idx,
		    &cause) != 0) {
			cib_warn(c, l, "fencing level index '%s' is not 1 to 9; "
			    "not imported", index != NULL ? index : "");
			continue;
		}
		if (target != NULL) {
			if (cib_node_ref(c, l, target) != 0)
				continue;
		} else if (tattr == NULL || tval == NULL ||
		    !cib_is_key(tattr)) {
			cib_warn(c, l, "a fencing level needs a target node or a "
			    "target attribute the language can write; not "
			    "imported");
			continue;
		}
		if (devices == NULL || *devices == '\0') {
			cib_warn(c, l, "a fencing level needs devices; not "
			    "imported");
			continue;
		}
		list = xstrdup(devices);
		ok = 1;
		for (dev = strtok_r(list, ",", &save); dev != NULL;
		    dev = strtok_r(NULL, ",", &save)) {
			if ((r = map_get(&c->rscs, dev)) == NULL ||
			    r->kind != CIBK_FENCE) {
				cib_warn(c, l, "'%s' is not an imported fence "
				    "device; not imported", dev);
				ok = 0;
				break;
			}
		}
		if (!ok) {
			free(list);
			continue;
		}
		u = cib_unit_begin(c, l);
		buf_puts(&c->lb, "fencing-level ");
		if (target != NULL)
			cib_w(c, target);
		else {
			buf_printf(&c->lb, "%s=", tattr);
			cib_w(c, tval);
		}
		buf_printf(&c->lb, " %lld:", idx);
		free(list);
		list = xstrdup(devices);
		ok = 0;
		for (dev = strtok_r(list, ",", &save); dev != NULL;
		    dev = strtok_r(NULL, ",", &save)) {
			buf_puts(&c->lb, ok++ ? ", " : " ");
			cib_w(c, dev);
		}
		free(list);
		cib_emit(c, 0);
		cib_unit_end(c, u);
	}
}

/* <constraints>, in document order. */
/*
 * The resources a template (the primitives using it, in document order) or
 * a tag (its obj_refs) stands for, appended to ids; 0 if id names neither.
 */
static int
cib_tag_members(struct cib *c, const char *id, xmlNode *n, const char **ids,
    size_t *nids, size_t max)
{
	xmlNode		*t = map_get(&c->tags, id), *k;
	const char	*v;

	if (t == NULL)
		return 0;
	if (cib_is(t, "tag")) {
		CIB_EACH(k, t) {
			if (cib_is(k, "obj_ref") && (v = cib_attr(c, k,
			    "id")) != NULL && *nids < max)
				ids[(*nids)++] = v;
		}
		return 1;
	}
	if (!cib_is(t, "template"))
		return 0;
	if (n == NULL)
		n = cib_child(c->config, "resources");
	CIB_EACH(k, n) {
		if (cib_is(k, "primitive") && (v = cib_attr(c, k,
		    "template")) != NULL && strcmp(v, id) == 0 && *nids < max)
			ids[(*nids)++] = cib_attr(c, k, "id");
		else if (cib_is(k, "group") || cib_is(k, "clone") ||
		    cib_is(k, "master"))
			cib_tag_members(c, id, k, ids, nids, max);
	}
	return 1;
}

/* Each resource_ref to a template or tag in cons's sets, expanded. */
static void
cib_expand_sets(struct cib *c, xmlNode *cons)
{
	const char	*ids[256];
	xmlNode		*set, *ref, *next, *r;
	size_t		 n, i;

	CIB_EACH(set, cons) {
		if (!cib_is(set, "resource_set"))
			continue;
		for (ref = cib_first(set); ref != NULL; ref = next) {
			next = cib_next(ref);
			n = 0;
			if (!cib_is(ref, "resource_ref") || !cib_tag_members(c,
			    cib_attr(c, ref, "id"), NULL, ids, &n,
			    nitems(ids)))
				continue;
			for (i = 0; i < n; i++) {
				r = xmlNewNode(NULL, BAD_CAST "resource_ref");
				xmlNewProp(r, BAD_CAST "id", BAD_CAST ids[i]);
				xmlAddPrevSibling(ref, r);
			}
			xmlUnlinkNode(ref);
			xmlFreeNode(ref);
		}
	}
}

/*
 * The resource in attribute attr of cons as a resource_set of its own
 * (Pacemaker's pcmk__tag_to_set): a template's or tag's members,
 * unordered among themselves, or with convert one resource. The role or
 * action attribute moves into the set. Returns whether it did.
 */
static int
cib_tag_to_set(struct cib *c, xmlNode *cons, const char *attr,
    const char *with, const char *set_attr, int convert)
{
	const char	*ids[256], *id = cib_attr(c, cons, attr), *v, *cid;
	xmlNode		*set, *r;
	size_t		 n = 0, i;
	int		 tag;

	if (id == NULL)
		return 0;
	tag = cib_tag_members(c, id, NULL, ids, &n, nitems(ids));
	if (!tag && !convert)
		return 0;
	if (!tag)
		ids[n++] = id;
	set = xmlNewChild(cons, NULL, BAD_CAST "resource_set", NULL);
	if ((cid = cib_attr(c, cons, "id")) == NULL)
		cid = (const char *)cons->name;
	xmlNewProp(set, BAD_CAST "id", BAD_CAST arena_printf(c->ctx->arena,
	    "%s-%s", cid, attr));
	if (tag)
		xmlNewProp(set, BAD_CAST "sequential", BAD_CAST "false");
	if (with != NULL && (v = cib_attr(c, cons, with)) != NULL) {
		xmlNewProp(set, BAD_CAST set_attr, BAD_CAST v);
		xmlUnsetProp(cons, BAD_CAST with);
	}
	for (i = 0; i < n; i++) {
		r = xmlNewChild(set, NULL, BAD_CAST "resource_ref", NULL);
		xmlNewProp(r, BAD_CAST "id", BAD_CAST ids[i]);
	}
	xmlUnsetProp(cons, BAD_CAST attr);
	return 1;
}

/* Whether id names a template or a tag. */
static int
cib_is_tag(struct cib *c, const char *id)
{
	xmlNode	*t;

	return id != NULL && (t = map_get(&c->tags, id)) != NULL &&
	    (cib_is(t, "template") || cib_is(t, "tag"));
}

/*
 * Templates and tags in constraints, expanded as Pacemaker expands them
 * before it reads a constraint (pcmk__expand_tags_in_sets, and the
 * unpack_*_tags functions): in sets in place; in attributes into sets
 * (both ends of a colocation or an order then become sets).
 */
static void
cib_expand_tags(struct cib *c, xmlNode *cons)
{
	xmlNode		*k, *t;
	const char	*id;

	CIB_EACH(k, cib_child(c->config, "resources")) {
		if (cib_is(k, "template") && (id = cib_attr(c, k, "id")) !=
		    NULL && map_get(&c->tags, id) == NULL)
			map_put(&c->tags, id, k);
	}
	CIB_EACH(t, cib_child(c->config, "tags")) {
		if (cib_is(t, "tag") && (id = cib_attr(c, t, "id")) != NULL &&
		    map_get(&c->tags, id) == NULL)
			map_put(&c->tags, id, t);
	}
	CIB_EACH(k, cons) {
		cib_expand_sets(c, k);
		if (cib_is(k, "rsc_location"))
			cib_tag_to_set(c, k, "rsc", "role", "role", 0);
		else if (cib_is(k, "rsc_ticket"))
			cib_tag_to_set(c, k, "rsc", "rsc-role", "role", 0);
		else if (cib_is(k, "rsc_colocation") &&
		    cib_is_tag(c, cib_attr(c, k, "rsc")) &&
		    cib_is_tag(c, cib_attr(c, k, "with-rsc")))
			;	/* Pacemaker ignores it; cib_colocation says so */
		else if (cib_is(k, "rsc_colocation") &&
		    (cib_is_tag(c, cib_attr(c, k, "rsc")) ||
		    cib_is_tag(c, cib_attr(c, k, "with-rsc")))) {
			cib_tag_to_set(c, k, "rsc", "rsc-role", "role", 1);
			cib_tag_to_set(c, k, "with-rsc", "with-rsc-role",
			    "role", 1);
		} else if (cib_is(k, "rsc_order") &&
		    (cib_is_tag(c, cib_attr(c, k, "first")) ||
		    cib_is_tag(c, cib_attr(c, k, "then")))) {
			cib_tag_to_set(c, k, "first", "first-action",
			    "action", 1);
			cib_tag_to_set(c, k, "then", "then-action", "action",
			    1);
		}
	}
}

static void
cib_constraints(struct cib *c)
{
	xmlNode	*cons, *k;

	if ((cons = cib_child(c->config, "constraints")) == NULL)
		return;
	cib_expand_tags(c, cons);
	CIB_EACH(k, cons) {
		if (cib_is(k, "rsc_location"))
			cib_location(c, k);
		else if (cib_is(k, "rsc_colocation"))
			cib_colocation(c, k);
		else if (cib_is(k, "rsc_order"))
			cib_order(c, k);
		else if (cib_is(k, "rsc_ticket"))
			cib_ticket(c, k);
		else
			cib_unknown(c, k);
	}
}

/* The rest of <configuration>: what is not imported is said once. */
static void
cib_others(struct cib *c)
{
	xmlNode		*k, *t;
	const char	*id;

	CIB_EACH(k, c->config) {
		if (cib_is(k, "crm_config") || cib_is(k, "nodes") ||
		    cib_is(k, "resources") || cib_is(k, "constraints") ||
		    cib_is(k, "rsc_defaults") || cib_is(k, "op_defaults") ||
		    cib_is(k, "fencing-topology"))
			continue;
		if (cib_is(k, "tags")) {
			cib_warn(c, k, "tags are not kept; constraints that "
			    "use one are imported with it expanded");
			CIB_EACH(t, k) {
				if ((id = cib_attr(c, t, "id")) != NULL &&
				    map_get(&c->skipped, id) == NULL)
					map_put(&c->skipped, id, "a tag");
			}
		} else if (cib_is(k, "acls"))
			cib_warn(c, k, "ACLs are not supported; not imported");
		else if (cib_is(k, "alerts"))
			cib_warn(c, k, "alerts are not supported; not imported");
		else
			cib_unknown(c, k);
	}
	if (cib_attr(c, c->root, "no-quorum-panic") != NULL)
		cib_warn(c, c->root, "no-quorum-panic is not supported; not "
		    "imported");
}

/*
 * The text, checked by the compiler.
 */

/* The text of the lines not dropped; units[i] is the unit of line i + 1. */
static void
cib_assemble(struct cib *c, struct buf *out, int *units, size_t *n)
{
	size_t	i;

	buf_reset(out);
	*n = 0;
	for (i = 0; i < c->nlines; i++) {
		if (c->lines[i].unit >= 0 &&
		    cib_unit_dropped(c, c->lines[i].unit))
			continue;
		buf_puts(out, c->lines[i].text);
		buf_putc(out, '\n');
		units[(*n)++] = c->lines[i].unit;
	}
}

/*
 * Compile the text, drop what the compiler rejects (reported), and again,
 * until it compiles. Returns the number of errors left.
 */
static size_t
cib_selfcheck(struct cib *c, const char *name, struct buf *text)
{
	struct ctx		*cc;
	struct policy		*pol;
	const struct diag	*dg;
	size_t			 nerrors = 0, n, i;
	int			*units, round, dropped, u;

	units = xreallocarray(NULL, c->nlines + 1, sizeof *units);
	for (round = 0; round < CIB_MAX_ROUNDS; round++) {
		cib_assemble(c, text, units, &n);
		cc = ctx_new();
		pol = compile_load_text(cc, name, text->data == NULL ? "" :
		    text->data, text->len);
		compile_policy(cc, pol);
		nerrors = cc->diags.nerrors;
		dropped = 0;
		for (i = 0; i < cc->diags.n; i++) {
			dg = cc->diags.v[i];
			if (dg->level != DIAG_ERROR || dg->loc.file != 0 ||
			    dg->loc.line < 1 || (size_t)dg->loc.line > n)
				continue;
			u = units[dg->loc.line - 1];
			if (u <= 0 || c->units[u].dropped)
				continue;	/* never the cluster block */
			c->units[u].dropped = 1;
			dropped = 1;
			diag_warning(c->ctx, NULL, "%s: %s; not imported",
			    cib_path(c, c->units[u].node), dg->msg);
		}
		compile_free(pol);
		ctx_free(cc);
		if (nerrors == 0 || !dropped)
			break;
	}
	cib_assemble(c, text, units, &n);
	free(units);
	return nerrors;
}

/* Free what the import holds outside the arena. */
static void
cib_free(struct cib *c)
{
	map_clear(&c->ids);
	map_clear(&c->rscs);
	map_clear(&c->nodes);
	map_clear(&c->skipped);
	map_clear(&c->tags);
	map_clear(&c->ruled);
	map_clear(&c->used_ids);
	map_clear(&c->infs);
	free(c->units);
	free(c->lines);
	buf_clear(&c->lb);
	buf_clear(&c->readonly);
	buf_clear(&c->nodeids);
	ctx_free(c->scratch);
	if (c->doc != NULL)
		xmlFreeDoc(c->doc);
}

/*
 * Why len bytes of xml are not well-formed XML, as libxml2's document
 * parser words it: 0 if they are; else -1, with the line in *line and the
 * message in *msg (new). The streaming reader is a push parser that words
 * some errors its own way (a truncated CIB is "Extra content at the end of
 * the document"), so when it fails, the text is parsed again here for the
 * message, with the callbacks that build a tree unset: no tree is built,
 * and the parser says what it always said.
 */
int
cib_xml_error(const char *xml, size_t len, int *line, char **msg)
{
	xmlParserCtxt	*pc;
	xmlSAXHandler	*sax;
	const xmlError	*err;
	xmlDoc		*doc;

	*line = 0;
	*msg = NULL;
	if (len > INT_MAX || (pc = xmlNewParserCtxt()) == NULL)
		return 0;
	sax = pc->sax;
	sax->startElementNs = NULL;
	sax->endElementNs = NULL;
	sax->startElement = NULL;
	sax->endElement = NULL;
	sax->characters = NULL;
	sax->ignorableWhitespace = NULL;
	sax->cdataBlock = NULL;
	sax->reference = NULL;
	doc = xmlCtxtReadMemory(pc, xml, (int)len, NULL, NULL,
	    CIB_XML_OPTIONS);
	if (doc != NULL) {
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(pc);
		return 0;
	}
	err = xmlCtxtGetLastError(pc);
	*line = err != NULL ? err->line : 0;
	*msg = xstrdup(err != NULL && err->message != NULL ? err->message :
	    "not XML");
	xmlFreeParserCtxt(pc);
	return -1;
}

/* Report why xml is not XML, as "name:line: message". */
static void
cib_not_xml(struct ctx *ctx, const char *name, const char *xml, size_t len)
{
	char	*msg, *p;
	int	 line;

	if (cib_xml_error(xml, len, &line, &msg) == 0)
		msg = xstrdup("not XML");
	for (p = msg + strlen(msg); p > msg && isspace((unsigned char)p[-1]);
	    p--)
		p[-1] = '\0';
	diag_error(ctx, NULL, "%s:%d: %s", name, line, msg);
	free(msg);
}

/*
 * Read the <cib> element (its attributes) and its first <configuration>
 * from len bytes of xml into c->doc, a document of their own. libxml2's
 * streaming reader holds the elements being read and their ancestors, so
 * the status section, most of a big CIB, is read through but never held.
 * It is read all the same: a CIB that is not well-formed XML is rejected
 * whole, as before. Returns 0, or -1 (an error in ctx, c->doc NULL).
 */
static int
cib_read(struct cib *c, const char *name, const char *xml, size_t len)
{
	xmlTextReader	*r;
	xmlNode		*n;
	int		 rc, depth;

	if (len > INT_MAX) {
		diag_error(c->ctx, NULL, "%s: too large", name);
		return -1;
	}
	xmlInitParser();
	if ((r = xmlReaderForMemory(xml, (int)len, name, NULL,
	    CIB_XML_OPTIONS)) == NULL) {
		diag_error(c->ctx, NULL, "%s: out of memory", name);
		return -1;
	}
	rc = xmlTextReaderRead(r);
	while (rc == 1) {
		n = xmlTextReaderCurrentNode(r);
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
			rc = xmlTextReaderRead(r);
			continue;
		}
		depth = xmlTextReaderDepth(r);
		if (depth == 0 && cib_is(n, "cib")) {
			/* its attributes now, then into its children */
			c->doc = xmlNewDoc((const xmlChar *)"1.0");
			c->root = xmlDocCopyNode(n, c->doc, 2);
			xmlDocSetRootElement(c->doc, c->root);
			rc = xmlTextReaderRead(r);
			continue;
		}
		if (depth == 1 && c->config == NULL &&
		    cib_is(n, "configuration")) {
			if ((n = xmlTextReaderExpand(r)) == NULL) {
				rc = -1;
				break;
			}
			c->config = xmlDocCopyNode(n, c->doc, 1);
			xmlAddChild(c->root, c->config);
		}
		rc = xmlTextReaderNext(r);	/* past n and what it holds */
	}
	xmlFreeTextReader(r);
	if (rc != 0)
		cib_not_xml(c->ctx, name, xml, len);
	else if (c->config == NULL)
		diag_error(c->ctx, NULL, "%s: not a CIB (no "
		    "<cib><configuration>)", name);
	if (rc != 0 || c->config == NULL) {
		if (c->doc != NULL)
			xmlFreeDoc(c->doc);
		c->doc = NULL;
		return -1;
	}
	return 0;
}

/*
 * Import the configuration of the CIB in xml (len bytes, named name in
 * messages) as .ha text, appended to ha_out in canonical form. What cannot
 * be imported is reported with warnings in ctx. Returns 0, or -1 when the
 * CIB cannot be read (an error in ctx).
 */
int
cib_import(struct ctx *ctx, const char *name, const char *xml, size_t len,
    struct buf *ha_out)
{
	struct cib	 c;
	struct ctx	*pc;
	struct source	*src;
	struct buf	 text;
	size_t		 nerrors;
	int		 rc = 0;

	memset(&c, 0, sizeof c);
	c.ctx = ctx;
	c.cur = -1;
	if (cib_read(&c, name, xml, len) != 0)
		return -1;
	c.scratch = ctx_new();
	map_init(&c.ids);
	map_init(&c.rscs);
	map_init(&c.nodes);
	map_init(&c.skipped);
	map_init(&c.tags);
	map_init(&c.ruled);
	map_init(&c.used_ids);
	map_init(&c.infs);
	buf_init(&c.lb);
	buf_init(&c.readonly);
	buf_init(&c.nodeids);
	cib_index(&c, c.config);

	cib_cluster(&c);
	cib_blank(&c);
	cib_defaults(&c, "rsc_defaults", "defaults", KNOWN_META);
	cib_defaults(&c, "op_defaults", "op-defaults", KNOWN_OP_ATTR);
	cib_blank(&c);
	cib_others(&c);
	cib_resources(&c);
	cib_blank(&c);
	cib_constraints(&c);
	if (cib_child(c.config, "fencing-topology") != NULL) {
		cib_blank(&c);
		cib_fencing(&c, cib_child(c.config, "fencing-topology"));
	}

	buf_init(&text);
	nerrors = cib_selfcheck(&c, name, &text);
	if (nerrors > 0) {
		diag_error(ctx, NULL, "%s: the imported policy still has %zu "
		    "error%s (a bug in the importer)", name, nerrors,
		    nerrors == 1 ? "" : "s");
		rc = -1;
	}
	/* The canonical form, as `hacc fmt` prints it. */
	pc = ctx_new();
	src = ctx_add_source(pc, name, text.data == NULL ? "" : text.data,
	    text.len);
	parse_source(pc, src);
	buf_reset(&text);
	if (pc->diags.nerrors == 0)
		print_source(pc, src, &text);
	ctx_free(pc);
	/* What the printer wrote must read back. */
	pc = ctx_new();
	src = ctx_add_source(pc, name, text.data == NULL ? "" : text.data,
	    text.len);
	parse_source(pc, src);
	if (pc->diags.nerrors > 0 || text.len == 0) {
		diag_error(ctx, NULL, "%s: the imported policy does not read "
		    "back: %s (a bug in the printer)", name, pc->diags.n > 0 ?
		    pc->diags.v[0]->msg : "empty");
		rc = -1;
	}
	ctx_free(pc);
	buf_add(ha_out, text.data == NULL ? "" : text.data, text.len);
	buf_clear(&text);
	cib_free(&c);
	return rc;
}
