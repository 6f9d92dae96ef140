/*
 * test-emit.c: CUnit tests of the transition graph emitters
 * (scheduler/emit*.c). Graphs are built by hand: a group restart, a
 * fencing with stops it implies and actions that cannot run, 200 actions
 * over 8 nodes, and broken graphs (an ordering cycle, an unknown input).
 * Text is checked for order and exact layout, XML by parsing it back with
 * libxml2, JSON with a strict validating scanner (below), DOT by content,
 * SVG and PNG by rendering them.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "unit.h"
#include "sched.h"

/* --- building graphs ---------------------------------------------------- */

struct tg {
	struct arena	*arena;
	struct graph	 g;
	size_t		 cap;
};

static struct tg *
tg_new(void)
{
	struct tg	*t;

	t = xcalloc(1, sizeof *t);
	t->arena = arena_new();
	t->g.cluster_delay_ms = 60000;
	t->g.stonith_timeout_ms = 60000;
	t->g.failed_stop_offset = SCORE_INFINITY;
	t->g.failed_start_offset = SCORE_INFINITY;
	return t;
}

static void
tg_free(struct tg *t)
{
	free(t->g.actions);
	arena_free(t->arena);
	free(t);
}

/* A new action with this id; pointers into actions[] die on the next add. */
static struct gaction *
tg_add(struct tg *t, uint32_t id, enum gaction_kind kind, const char *task)
{
	struct gaction	*a;

	if (t->g.nactions == t->cap) {
		t->cap = t->cap == 0 ? 16 : t->cap * 2;
		t->g.actions = xreallocarray(t->g.actions, t->cap,
		    sizeof *t->g.actions);
	}
	a = &t->g.actions[t->g.nactions++];
	memset(a, 0, sizeof *a);
	a->id = id;
	a->kind = kind;
	a->task = arena_strdup(t->arena, task);
	a->runnable = 1;
	t->g.nrunnable = t->g.nactions;
	return a;
}

/* node1 -> 1, and so on; 0 for names without a number. */
static uint32_t
tg_node_id(const char *node)
{
	const char	*p;

	for (p = node; *p != '\0' && (*p < '0' || *p > '9'); p++)
		;
	return (uint32_t)strtoul(p, NULL, 10);
}

/* A resource operation, keyed and named the way the scheduler does. */
static struct gaction *
tg_rsc(struct tg *t, uint32_t id, const char *task, const char *rsc,
    const char *node, uint64_t interval_ms)
{
	struct gaction	*a;

	a = tg_add(t, id, GA_RSC_OP, task);
	a->rsc = a->rsc_long = arena_strdup(t->arena, rsc);
	a->cls = "ocf";
	a->provider = "heartbeat";
	a->type = "apache";
	a->node = arena_strdup(t->arena, node);
	a->node_id = tg_node_id(node);
	a->interval_ms = interval_ms;
	a->timeout_ms = 20000;
	a->key = arena_printf(t->arena, "%s_%s_%llu", rsc, task,
	    (unsigned long long)interval_ms);
	if (strcmp(task, "monitor") == 0)
		a->name = arena_printf(t->arena, "monitor_%llu",
		    (unsigned long long)interval_ms);
	else
		a->name = a->task;
	if (strcmp(task, "monitor") == 0 && interval_ms == 0)
		a->expected_rc = OCF_NOT_RUNNING;
	return a;
}

static struct gaction *
tg_pseudo(struct tg *t, uint32_t id, const char *task, const char *key)
{
	struct gaction	*a;

	a = tg_add(t, id, GA_PSEUDO, task);
	a->key = arena_strdup(t->arena, key);
	a->name = a->key;
	a->timeout_ms = 20000;
	return a;
}

static struct gaction *
tg_fence(struct tg *t, uint32_t id, const char *node)
{
	struct gaction	*a;

	a = tg_add(t, id, GA_FENCE, "stonith");
	a->node = arena_strdup(t->arena, node);
	a->node_id = tg_node_id(node);
	a->fence_action = "reboot";
	a->key = arena_printf(t->arena, "stonith-%s-reboot", node);
	a->name = "fence_reboot";
	a->reason = "peer is no longer part of the cluster";
	return a;
}

/* Set the inputs of the action with this id: n ids follow. */
static void
tg_after(struct tg *t, uint32_t id, size_t n, ...)
{
	struct gaction	*a = NULL;
	va_list		 ap;
	size_t		 i;

	for (i = 0; i < t->g.nactions; i++) {
		if (t->g.actions[i].id == id)
			a = &t->g.actions[i];
	}
	CU_ASSERT_FATAL(a != NULL);
	a->inputs = arena_alloc(t->arena, n * sizeof *a->inputs);
	a->ninputs = n;
	va_start(ap, n);
	for (i = 0; i < n; i++)
		a->inputs[i] = va_arg(ap, uint32_t);
	va_end(ap);
}

/* The action with this id. */
static struct gaction *
tg_get(struct tg *t, uint32_t id)
{
	size_t	i;

	for (i = 0; i < t->g.nactions; i++) {
		if (t->g.actions[i].id == id)
			return &t->g.actions[i];
	}
	CU_FAIL_FATAL("no such action");
	return NULL;
}

/*
 * A group grp (rsc1 rsc2 rsc3) on node1 where rsc2 and rsc3 restart, with
 * Pacemaker-like ids: creation order, not execution order. Stored by id.
 */
static struct tg *
tg_group_restart(void)
{
	struct tg	*t;

	t = tg_new();
	tg_rsc(t, 0, "monitor", "rsc2", "node1", 10000);
	tg_rsc(t, 1, "start", "rsc1", "node1", 0);
	tg_rsc(t, 2, "stop", "rsc2", "node1", 0);
	tg_rsc(t, 3, "start", "rsc2", "node1", 0);
	tg_rsc(t, 4, "start", "rsc3", "node1", 0);
	tg_rsc(t, 5, "stop", "rsc3", "node1", 0);
	tg_rsc(t, 6, "monitor", "rsc3", "node1", 10000);
	tg_pseudo(t, 7, "start", "grp_start_0");
	tg_pseudo(t, 8, "running", "grp_running_0");
	tg_pseudo(t, 9, "stop", "grp_stop_0");
	tg_pseudo(t, 10, "stopped", "grp_stopped_0");
	tg_after(t, 0, 1, 3);
	tg_after(t, 1, 1, 7);
	tg_after(t, 2, 2, 9, 5);
	tg_after(t, 3, 3, 7, 2, 1);
	tg_after(t, 4, 4, 7, 5, 3, 3);		/* a repeated input */
	tg_after(t, 5, 1, 9);
	tg_after(t, 6, 1, 4);
	tg_after(t, 7, 1, 10);
	tg_after(t, 8, 4, 7, 4, 3, 1);
	tg_after(t, 10, 3, 9, 5, 2);
	return t;
}

/*
 * node1 is fenced: rsc1's stop there is implied (a pseudo action), rsc1
 * starts on node2 after its probe; db cannot start (and so neither can its
 * monitor); rsc1's fail count is cleared, optionally.
 */
static struct tg *
tg_fencing(void)
{
	struct tg	*t;
	struct gaction	*a;

	t = tg_new();
	tg_fence(t, 0, "node1");
	tg_rsc(t, 1, "monitor", "rsc1", "node2", 0);
	a = tg_pseudo(t, 2, "stop", "rsc1_stop_0");
	a->rsc = "rsc1";
	a->reason = "implied by fencing";
	tg_rsc(t, 3, "start", "rsc1", "node2", 0);
	tg_rsc(t, 4, "monitor", "rsc1", "node2", 10000);
	a = tg_add(t, 7, GA_CLUSTER, "clear_failcount");
	a->rsc = a->rsc_long = "rsc1";
	a->cls = "ocf";
	a->provider = "heartbeat";
	a->type = "apache";
	a->node = "node2";
	a->node_id = 2;
	a->key = "rsc1_clear_failcount_0";
	a->name = "clear_failcount";
	a->timeout_ms = 20000;
	a->optional = 1;
	a = tg_rsc(t, 5, "start", "db", "node2", 0);
	a->runnable = 0;
	a->reason = "unrunnable stonith-1 start";
	a = tg_rsc(t, 6, "monitor", "db", "node2", 10000);
	a->runnable = 0;
	t->g.nrunnable = 6;
	tg_after(t, 2, 1, 0);
	tg_after(t, 3, 3, 0, 1, 2);
	tg_after(t, 4, 1, 3);
	tg_after(t, 5, 1, 3);
	tg_after(t, 6, 1, 5);
	return t;
}

/*
 * 200 actions: 40 resources over 8 nodes, each probed on two nodes,
 * stopped on one and started (then monitored) on the other, in chains of
 * 5 starts; the chain of resources 35..39 cannot run. Stored runnable
 * first, otherwise in a shuffled order.
 */
static struct tg *
tg_big(void)
{
	struct tg	*t;
	struct gaction	*a;
	char		 rsc[16], from[16], to[16];
	uint32_t	 base, k, perm[200];
	size_t		 i, j;
	int		 r, dead;

	t = tg_new();
	t->g.transition_id = 7;
	for (k = 0; k < 200; k++)
		perm[k] = (k * 73) % 200;	/* 73 is prime to 200 */
	for (j = 0; j < 2; j++) {
		for (i = 0; i < 200; i++) {
			k = perm[i];
			r = (int)(k / 5);
			dead = r >= 35;
			if ((int)j != dead)
				continue;
			base = (uint32_t)r * 5;
			snprintf(rsc, sizeof rsc, "rsc%d", r);
			snprintf(from, sizeof from, "node%d", r % 8 + 1);
			snprintf(to, sizeof to, "node%d", (r + 3) % 8 + 1);
			switch (k % 5) {
			case 0:
				a = tg_rsc(t, k, "monitor", rsc, from, 0);
				break;
			case 1:
				a = tg_rsc(t, k, "monitor", rsc, to, 0);
				break;
			case 2:
				a = tg_rsc(t, k, "stop", rsc, from, 0);
				break;
			case 3:
				a = tg_rsc(t, k, "start", rsc, to, 0);
				a->inputs = arena_alloc(t->arena,
				    4 * sizeof *a->inputs);
				a->inputs[a->ninputs++] = base;
				a->inputs[a->ninputs++] = base + 1;
				a->inputs[a->ninputs++] = base + 2;
				if (r % 5 != 0)
					a->inputs[a->ninputs++] = base - 2;
				break;
			default:
				a = tg_rsc(t, k, "monitor", rsc, to, 10000);
				a->inputs = arena_alloc(t->arena,
				    sizeof *a->inputs);
				a->inputs[a->ninputs++] = base + 3;
				break;
			}
			if (dead && (k % 5 == 3 || k % 5 == 4))
				a->runnable = 0;
		}
		if (j == 0)
			t->g.nrunnable = t->g.nactions;
	}
	return t;
}

/* a -> b -> c -> a, then d after c; e alone. */
static struct tg *
tg_cycle(void)
{
	struct tg	*t;

	t = tg_new();
	tg_rsc(t, 0, "start", "a", "n1", 0);
	tg_rsc(t, 1, "start", "b", "n1", 0);
	tg_rsc(t, 2, "start", "c", "n1", 0);
	tg_rsc(t, 3, "start", "d", "n1", 0);
	tg_rsc(t, 4, "start", "e", "n1", 0);
	tg_after(t, 0, 1, 2);
	tg_after(t, 1, 1, 0);
	tg_after(t, 2, 1, 1);
	tg_after(t, 3, 1, 2);
	return t;
}

/* --- helpers ------------------------------------------------------------ */

static const char *
tg_text(const struct graph *g)
{
	struct buf	b;

	buf_init(&b);
	emit_text(g, &b);
	return unit_keep(buf_detach(&b));
}

/*
 * Check that the text lists every action once and each after its inputs;
 * returns the number of action lines.
 */
static size_t
tg_check_order(const struct graph *g, const char *text)
{
	const char	*p;
	size_t		*line, i, j, n, in;
	char		*end;
	unsigned long	 id;

	line = xcalloc(g->nactions, sizeof *line);
	n = 0;
	for (p = text; *p != '\0'; p = strchr(p, '\n') + 1) {
		if (p[0] == ' ' && p[1] == ' ') {
			id = strtoul(p, &end, 10);
			CU_ASSERT(end != p && id < g->nactions);
			if (id < g->nactions) {
				CU_ASSERT(line[id] == 0);
				line[id] = ++n;
			}
		}
		if (strchr(p, '\n') == NULL)
			break;
	}
	CU_ASSERT(n == g->nactions);
	for (i = 0; i < g->nactions; i++) {
		for (j = 0; j < g->actions[i].ninputs; j++) {
			in = g->actions[i].inputs[j];
			CU_ASSERT(line[in] < line[g->actions[i].id]);
		}
	}
	free(line);
	return n;
}

static xmlNode *
tg_kid(xmlNode *n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	}
	return NULL;
}

static size_t
tg_nkids(xmlNode *n)
{
	size_t	c = 0;

	for (n = n->children; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			c++;
	}
	return c;
}

/* An attribute's value, owned by the unit ring ("" never means absent). */
static const char *
tg_prop(xmlNode *n, const char *name)
{
	xmlChar		*v;
	const char	*s;

	if (n == NULL || (v = xmlGetProp(n, BAD_CAST name)) == NULL)
		return NULL;
	s = unit_keep(xstrdup((const char *)v));
	xmlFree(v);
	return s;
}

/* The action of g with this id, or NULL. */
static const struct gaction *
tg_find(const struct graph *g, uint32_t id)
{
	size_t	i;

	for (i = 0; i < g->nactions; i++) {
		if (g->actions[i].id == id)
			return &g->actions[i];
	}
	return NULL;
}

static const char *
tg_elem_of(const struct gaction *a)
{
	return a->kind == GA_RSC_OP ? "rsc_op" : a->kind == GA_PSEUDO ?
	    "pseudo_event" : "crm_event";
}

/*
 * Emit g as XML and parse it back (caller frees the document, and the
 * text in *textp if asked for).
 */
static xmlDoc *
tg_xml(const struct graph *g, char **textp)
{
	struct buf	 b;
	char		*cause = NULL;
	xmlDoc		*doc;

	buf_init(&b);
	CU_ASSERT_FATAL(emit_xml(g, &b, &cause) == 0);
	CU_ASSERT(cause == NULL);
	doc = xmlReadMemory(b.data, (int)b.len, "graph.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (textp != NULL)
		*textp = buf_detach(&b);
	else
		buf_clear(&b);
	CU_ASSERT_FATAL(doc != NULL);
	return doc;
}

/*
 * The generic shape of a parsed graph: one synapse per runnable action,
 * numbered from 0, each with one action and one trigger per distinct
 * input, every trigger a childless copy of its input's element. Returns
 * the synapse of action `want` (or NULL).
 */
static xmlNode *
tg_check_xml(const struct graph *g, xmlDoc *doc, uint32_t want)
{
	xmlNode			*root, *syn, *set, *act, *ins, *trig, *ta;
	xmlNode			*found = NULL;
	const struct gaction	*a, *in;
	size_t			 nsyn, i, j, nruns, nin, ndistinct;
	unsigned long		 id;

	root = xmlDocGetRootElement(doc);
	CU_ASSERT_FATAL(root != NULL);
	U_STREQ((const char *)root->name, "transition_graph");
	nruns = 0;
	for (i = 0; i < g->nactions; i++)
		nruns += g->actions[i].runnable != 0;
	CU_ASSERT(tg_nkids(root) == nruns);
	nsyn = 0;
	for (syn = root->children; syn != NULL; syn = syn->next) {
		U_STREQ((const char *)syn->name, "synapse");
		U_STREQ(tg_prop(syn, "id"), unit_printf("%zu", nsyn));
		nsyn++;
		CU_ASSERT(tg_nkids(syn) == 2);
		set = tg_kid(syn, "action_set");
		ins = tg_kid(syn, "inputs");
		CU_ASSERT_FATAL(set != NULL && ins != NULL);
		CU_ASSERT_FATAL(tg_nkids(set) == 1);
		act = set->children;
		id = strtoul(tg_prop(act, "id"), NULL, 10);
		a = tg_find(g, (uint32_t)id);
		CU_ASSERT_FATAL(a != NULL);
		CU_ASSERT(a->runnable);
		U_STREQ((const char *)act->name, tg_elem_of(a));
		if (a->id == want)
			found = syn;

		ndistinct = 0;		/* runnable inputs, without repeats */
		for (i = 0; i < a->ninputs; i++) {
			for (j = 0; j < i; j++) {
				if (a->inputs[j] == a->inputs[i])
					break;
			}
			in = tg_find(g, a->inputs[i]);
			ndistinct += j == i && in != NULL && in->runnable;
		}
		nin = 0;
		for (trig = ins->children; trig != NULL; trig = trig->next) {
			U_STREQ((const char *)trig->name, "trigger");
			CU_ASSERT_FATAL(tg_nkids(trig) == 1);
			ta = trig->children;
			CU_ASSERT(tg_nkids(ta) == 0);
			id = strtoul(tg_prop(ta, "id"), NULL, 10);
			in = tg_find(g, (uint32_t)id);
			CU_ASSERT_FATAL(in != NULL);
			CU_ASSERT(in->runnable);
			U_STREQ((const char *)ta->name, tg_elem_of(in));
			U_STREQ(tg_prop(ta, "operation_key"), in->key);
			for (i = 0; i < a->ninputs; i++) {
				if (a->inputs[i] == id)
					break;
			}
			CU_ASSERT(i < a->ninputs);
			nin++;
		}
		CU_ASSERT(nin == ndistinct);
	}
	CU_ASSERT(nsyn == nruns);
	return found;
}

/* The action element of a synapse, and its trigger for input id. */
static xmlNode *
tg_action(xmlNode *syn)
{
	return tg_kid(tg_kid(syn, "action_set"), tg_kid(tg_kid(syn,
	    "action_set"), "rsc_op") != NULL ? "rsc_op" :
	    tg_kid(tg_kid(syn, "action_set"), "crm_event") != NULL ?
	    "crm_event" : "pseudo_event");
}

static xmlNode *
tg_trigger(xmlNode *syn, uint32_t id)
{
	xmlNode	*t;

	for (t = tg_kid(syn, "inputs")->children; t != NULL; t = t->next) {
		if (strcmp(tg_prop(t->children, "id"), unit_printf("%u",
		    id)) == 0)
			return t->children;
	}
	return NULL;
}

/* --- a strict JSON scanner (RFC 8259) ------------------------------------ */

struct js {
	const char	*p;
	int		 depth;
};

static int js_value(struct js *);

static void
js_ws(struct js *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
	    *j->p == '\r')
		j->p++;
}

static int
js_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
js_string(struct js *j)
{
	uint32_t	c;
	int		i;

	if (*j->p != '"')
		return 0;
	j->p++;
	for (;;) {
		if (*j->p == '\0')
			return 0;
		if (*j->p == '"') {
			j->p++;
			return 1;
		}
		if (*j->p == '\\') {
			j->p++;
			if (strchr("\"\\/bfnrt", *j->p) != NULL && *j->p != '\0')
				j->p++;
			else if (*j->p == 'u') {
				for (i = 1; i <= 4; i++) {
					if (!js_hex(j->p[i]))
						return 0;
				}
				j->p += 5;
			} else
				return 0;
			continue;
		}
		if ((unsigned char)*j->p < 0x20)
			return 0;
		i = (int)emit_utf8(j->p, &c);
		if (c == 0xfffd && strncmp(j->p, "\xef\xbf\xbd", 3) != 0)
			return 0;	/* invalid UTF-8 */
		j->p += i;
	}
}

static int
js_number(struct js *j)
{
	const char	*s = j->p;

	if (*j->p == '-')
		j->p++;
	if (*j->p == '0')
		j->p++;
	else if (*j->p >= '1' && *j->p <= '9') {
		while (*j->p >= '0' && *j->p <= '9')
			j->p++;
	} else
		return 0;
	if (*j->p == '.') {
		j->p++;
		if (*j->p < '0' || *j->p > '9')
			return 0;
		while (*j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (*j->p < '0' || *j->p > '9')
			return 0;
		while (*j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > s;
}

static int
js_container(struct js *j, char close, int object)
{
	j->p++;
	if (++j->depth > 64)
		return 0;
	js_ws(j);
	if (*j->p == close) {
		j->p++;
		j->depth--;
		return 1;
	}
	for (;;) {
		js_ws(j);
		if (object) {
			if (!js_string(j))
				return 0;
			js_ws(j);
			if (*j->p++ != ':')
				return 0;
		}
		if (!js_value(j))
			return 0;
		js_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p++ != close)
			return 0;
		j->depth--;
		return 1;
	}
}

static int
js_value(struct js *j)
{
	js_ws(j);
	switch (*j->p) {
	case '{':
		return js_container(j, '}', 1);
	case '[':
		return js_container(j, ']', 0);
	case '"':
		return js_string(j);
	case 't':
		return strncmp(j->p, "true", 4) == 0 ? (j->p += 4, 1) : 0;
	case 'f':
		return strncmp(j->p, "false", 5) == 0 ? (j->p += 5, 1) : 0;
	case 'n':
		return strncmp(j->p, "null", 4) == 0 ? (j->p += 4, 1) : 0;
	default:
		return js_number(j);
	}
}

/* Is s exactly one well-formed JSON value (with surrounding space)? */
static int
js_valid(const char *s)
{
	struct js	j;

	j.p = s;
	j.depth = 0;
	if (!js_value(&j))
		return 0;
	js_ws(&j);
	return *j.p == '\0';
}

/* --- text --------------------------------------------------------------- */

static void
test_text_group(void)
{
	struct tg	*t;
	const char	*s;

	t = tg_group_restart();
	s = tg_text(&t->g);
	U_STREQ(s,
	    "transition 0: 11 actions\n"
	    "   9  pseudo grp_stop_0\n"
	    "   5  stop rsc3 on node1  (after 9)\n"
	    "   2  stop rsc2 on node1  (after 5, 9)\n"
	    "  10  pseudo grp_stopped_0  (after 2, 5, 9)\n"
	    "   7  pseudo grp_start_0  (after 10)\n"
	    "   1  start rsc1 on node1  (after 7)\n"
	    "   3  start rsc2 on node1  (after 1, 2, 7)\n"
	    "   0  monitor_10000 rsc2 on node1  (after 3)\n"
	    "   4  start rsc3 on node1  (after 3, 5, 7)\n"
	    "   6  monitor_10000 rsc3 on node1  (after 4)\n"
	    "   8  pseudo grp_running_0  (after 1, 3, 4, 7)\n");
	CU_ASSERT(tg_check_order(&t->g, s) == 11);
	tg_free(t);
}

/* The order depends on ids and inputs, not on the order of actions[]. */
static void
test_text_array_order(void)
{
	struct tg	*t;
	struct gaction	 tmp;
	const char	*s1, *s2;
	size_t		 i, n;

	t = tg_group_restart();
	s1 = tg_text(&t->g);
	n = t->g.nactions;
	for (i = 0; i < n / 2; i++) {
		tmp = t->g.actions[i];
		t->g.actions[i] = t->g.actions[n - 1 - i];
		t->g.actions[n - 1 - i] = tmp;
	}
	s2 = tg_text(&t->g);
	U_STREQ(s2, s1);
	tg_free(t);
}

static void
test_text_fencing(void)
{
	struct tg	*t;
	const char	*s;

	t = tg_fencing();
	s = tg_text(&t->g);
	U_STREQ(s,
	    "transition 0: 8 actions (2 not runnable)\n"
	    "  0  fence (reboot) node1\n"
	    "  1  monitor_0 rsc1 on node2\n"
	    "  2  pseudo rsc1_stop_0  (after 0)\n"
	    "  3  start rsc1 on node2  (after 0, 1, 2)\n"
	    "  4  monitor_10000 rsc1 on node2  (after 3)\n"
	    "  7  clear_failcount rsc1 on node2 [optional]\n"
	    "not runnable:\n"
	    "  5  start db on node2  (after 3)\n"
	    "  6  monitor_10000 db on node2  (after 5)\n");
	CU_ASSERT(tg_check_order(&t->g, s) == 8);
	tg_free(t);
}

static void
test_text_big(void)
{
	struct tg	*t;
	const char	*s;

	t = tg_big();
	s = tg_text(&t->g);
	U_CONTAINS(s, "transition 7: 200 actions (10 not runnable)\n");
	U_CONTAINS(s, "not runnable:\n");
	CU_ASSERT(tg_check_order(&t->g, s) == 200);
	CU_ASSERT(strstr(s, "error") == NULL);
	tg_free(t);
}

static void
test_text_cycle(void)
{
	struct tg	*t;
	const char	*s;

	t = tg_cycle();
	s = tg_text(&t->g);
	U_STREQ(s,
	    "transition 0: 5 actions\n"
	    "  4  start e on n1\n"
	    "error: ordering cycle: start a on n1 (0) -> start b on n1 (1) "
	    "-> start c on n1 (2) -> start a on n1 (0)\n"
	    "not ordered (on or after the cycle):\n"
	    "  0  start a on n1  (after 2)\n"
	    "  1  start b on n1  (after 0)\n"
	    "  2  start c on n1  (after 1)\n"
	    "  3  start d on n1  (after 2)\n");

	/* an action waiting for itself */
	tg_after(t, 4, 1, 4);
	s = tg_text(&t->g);
	U_CONTAINS(s, "error: ordering cycle: start a on n1 (0)");
	U_CONTAINS(s, "  4  start e on n1  (after 4)\n");
	tg_free(t);
}

static void
test_text_edges(void)
{
	struct tg	*t;
	const char	*s;

	t = tg_new();
	U_STREQ(tg_text(&t->g), "transition 0: no actions\n");
	tg_rsc(t, 0, "start", "a", "n1", 0);
	tg_after(t, 0, 1, 99);
	s = tg_text(&t->g);
	U_STREQ(s,
	    "transition 0: 1 action\n"
	    "  0  start a on n1  (after unknown 99)\n"
	    "error: 1 input names no action\n");
	tg_free(t);
}

/* --- XML ---------------------------------------------------------------- */

static void
test_xml_group(void)
{
	struct tg	*t;
	xmlDoc		*doc;
	xmlNode		*root, *syn, *act, *prim, *attrs, *trig;
	const char	*head;
	char		*text;

	head = "<transition_graph cluster-delay=\"60s\" "
	    "stonith-timeout=\"60s\" failed-stop-offset=\"INFINITY\" "
	    "failed-start-offset=\"INFINITY\" transition_id=\"0\">\n"
	    "  <synapse id=\"0\">\n    <action_set>\n"
	    "      <pseudo_event id=\"9\" operation=\"stop\" "
	    "operation_key=\"grp_stop_0\">\n";
	t = tg_group_restart();
	doc = tg_xml(&t->g, &text);
	root = xmlDocGetRootElement(doc);
	U_STREQ(tg_prop(root, "cluster-delay"), "60s");
	U_STREQ(tg_prop(root, "stonith-timeout"), "60s");
	U_STREQ(tg_prop(root, "failed-stop-offset"), "INFINITY");
	U_STREQ(tg_prop(root, "failed-start-offset"), "INFINITY");
	U_STREQ(tg_prop(root, "transition_id"), "0");
	CU_ASSERT(strncmp(text, "<?xml", 5) != 0);
	CU_ASSERT(strncmp(text, head, strlen(head)) == 0);

	/* start rsc2: after rsc1's start, its own stop and grp_start */
	syn = tg_check_xml(&t->g, doc, 3);
	CU_ASSERT_FATAL(syn != NULL);
	act = tg_action(syn);
	U_STREQ((const char *)act->name, "rsc_op");
	U_STREQ(tg_prop(act, "id"), "3");
	U_STREQ(tg_prop(act, "operation"), "start");
	U_STREQ(tg_prop(act, "operation_key"), "rsc2_start_0");
	U_STREQ(tg_prop(act, "on_node"), "node1");
	U_STREQ(tg_prop(act, "on_node_uuid"), "1");
	prim = tg_kid(act, "primitive");
	U_STREQ(tg_prop(prim, "id"), "rsc2");
	CU_ASSERT(tg_prop(prim, "long-id") == NULL);
	U_STREQ(tg_prop(prim, "class"), "ocf");
	U_STREQ(tg_prop(prim, "provider"), "heartbeat");
	U_STREQ(tg_prop(prim, "type"), "apache");
	attrs = tg_kid(act, "attributes");
	U_STREQ(tg_prop(attrs, "CRM_meta_on_node"), "node1");
	U_STREQ(tg_prop(attrs, "CRM_meta_on_node_uuid"), "1");
	U_STREQ(tg_prop(attrs, "CRM_meta_timeout"), "20000");
	CU_ASSERT(tg_prop(attrs, "CRM_meta_interval") == NULL);
	CU_ASSERT(tg_prop(attrs, "CRM_meta_op_target_rc") == NULL);
	trig = tg_trigger(syn, 7);
	U_STREQ((const char *)trig->name, "pseudo_event");
	U_STREQ(tg_prop(trig, "operation"), "start");
	U_STREQ(tg_prop(trig, "operation_key"), "grp_start_0");
	CU_ASSERT(tg_prop(trig, "on_node") == NULL);
	trig = tg_trigger(syn, 2);
	U_STREQ(tg_prop(trig, "operation_key"), "rsc2_stop_0");
	U_STREQ(tg_prop(trig, "on_node_uuid"), "1");
	CU_ASSERT(tg_trigger(syn, 1) != NULL);

	/* the attributes in Pacemaker's order, as one line */
	U_CONTAINS(text, "<attributes CRM_meta_interval=\"10000\" "
	    "CRM_meta_name=\"monitor\" CRM_meta_on_node=\"node1\" "
	    "CRM_meta_on_node_uuid=\"1\" CRM_meta_timeout=\"20000\"/>");
	U_CONTAINS(text, "<pseudo_event id=\"8\" operation=\"running\" "
	    "operation_key=\"grp_running_0\">\n"
	    "        <attributes CRM_meta_timeout=\"20000\"/>\n"
	    "      </pseudo_event>");
	U_CONTAINS(text, "<inputs/>");

	/* a repeated input is one trigger */
	syn = tg_check_xml(&t->g, doc, 4);
	CU_ASSERT(tg_nkids(tg_kid(syn, "inputs")) == 3);
	xmlFreeDoc(doc);
	free(text);
	tg_free(t);
}

static void
test_xml_fencing(void)
{
	struct tg	*t;
	xmlDoc		*doc;
	xmlNode		*syn, *act, *attrs, *downed;

	t = tg_fencing();
	doc = tg_xml(&t->g, NULL);
	CU_ASSERT(tg_check_xml(&t->g, doc, 5) == NULL);	/* not runnable */

	syn = tg_check_xml(&t->g, doc, 0);
	act = tg_action(syn);
	U_STREQ((const char *)act->name, "crm_event");
	U_STREQ(tg_prop(act, "operation"), "stonith");
	U_STREQ(tg_prop(act, "operation_key"), "stonith-node1-reboot");
	U_STREQ(tg_prop(act, "on_node"), "node1");
	U_STREQ(tg_prop(act, "on_node_uuid"), "1");
	CU_ASSERT(tg_kid(act, "primitive") == NULL);
	attrs = tg_kid(act, "attributes");
	U_STREQ(tg_prop(attrs, "CRM_meta_stonith_action"), "reboot");
	U_STREQ(tg_prop(attrs, "CRM_meta_on_node"), "node1");
	CU_ASSERT(tg_prop(attrs, "CRM_meta_timeout") == NULL);
	downed = tg_kid(act, "downed");
	CU_ASSERT_FATAL(downed != NULL);
	U_STREQ(tg_prop(tg_kid(downed, "node"), "id"), "1");

	/* the probe expects "not running" */
	syn = tg_check_xml(&t->g, doc, 1);
	attrs = tg_kid(tg_action(syn), "attributes");
	U_STREQ(tg_prop(attrs, "CRM_meta_op_target_rc"), "7");
	CU_ASSERT(tg_prop(attrs, "CRM_meta_interval") == NULL);

	/* the stop implied by fencing */
	syn = tg_check_xml(&t->g, doc, 2);
	act = tg_action(syn);
	U_STREQ((const char *)act->name, "pseudo_event");
	U_STREQ(tg_prop(act, "operation"), "stop");
	CU_ASSERT(tg_prop(act, "on_node") == NULL);
	U_STREQ((const char *)tg_trigger(syn, 0)->name, "crm_event");
	U_STREQ(tg_prop(tg_trigger(syn, 0), "operation"), "stonith");

	syn = tg_check_xml(&t->g, doc, 3);
	CU_ASSERT(tg_nkids(tg_kid(syn, "inputs")) == 3);

	/* clear_failcount: a crm_event with the primitive */
	syn = tg_check_xml(&t->g, doc, 7);
	act = tg_action(syn);
	U_STREQ((const char *)act->name, "crm_event");
	U_STREQ(tg_prop(act, "operation"), "clear_failcount");
	U_STREQ(tg_prop(tg_kid(act, "primitive"), "id"), "rsc1");
	U_STREQ(tg_prop(tg_kid(act, "attributes"), "CRM_meta_op_no_wait"),
	    "true");
	CU_ASSERT(tg_kid(act, "downed") == NULL);
	xmlFreeDoc(doc);

	/* an input that cannot run is no trigger (it could not block) */
	tg_after(t, 7, 2, 5, 4);
	doc = tg_xml(&t->g, NULL);
	syn = tg_check_xml(&t->g, doc, 7);
	CU_ASSERT(tg_nkids(tg_kid(syn, "inputs")) == 1);
	CU_ASSERT(tg_trigger(syn, 4) != NULL);
	CU_ASSERT(tg_trigger(syn, 5) == NULL);
	xmlFreeDoc(doc);
	tg_free(t);
}

/* Cluster actions, cancels, instances, uuids, off-Pacemaker names. */
static void
test_xml_kinds(void)
{
	struct tg	*t;
	struct gaction	*a;
	xmlDoc		*doc;
	xmlNode		*syn, *act, *attrs;

	t = tg_new();
	t->g.transition_id = 3;
	t->g.cluster_delay_ms = 1500;
	t->g.failed_start_offset = 1;
	a = tg_add(t, 0, GA_CLUSTER, "do_shutdown");
	a->node = "alpha";
	a->key = "do_shutdown-alpha";
	a = tg_rsc(t, 1, "cancel", "web:1", "alpha", 20000);
	a->rsc_long = "web";
	a->key = "web:1_monitor_20000";
	a = tg_rsc(t, 2, "promote", "db", "node2", 0);
	a->expected_rc = 0;
	a = tg_rsc(t, 3, "monitor", "db", "node2", 15000);
	a->expected_rc = OCF_RUNNING_PROMOTED;
	a = tg_add(t, 4, GA_FENCE, "stonith");
	a->node = "beta";
	a->fence_action = "on";
	a = tg_add(t, 5, GA_CLUSTER, "lrm_delete");
	a->node = "alpha";
	a->rsc = "old";
	a->key = "old_lrm_delete_0";
	a->cls = "ocf";
	a->provider = "pacemaker";
	a->type = "Dummy";
	a->timeout_ms = 90000;
	tg_after(t, 0, 2, 1, 5);

	doc = tg_xml(&t->g, NULL);
	U_STREQ(tg_prop(xmlDocGetRootElement(doc), "cluster-delay"),
	    "1500ms");
	U_STREQ(tg_prop(xmlDocGetRootElement(doc), "failed-start-offset"),
	    "1");
	U_STREQ(tg_prop(xmlDocGetRootElement(doc), "transition_id"), "3");

	syn = tg_check_xml(&t->g, doc, 0);
	act = tg_action(syn);
	U_STREQ(tg_prop(act, "operation"), "do_shutdown");
	U_STREQ(tg_prop(act, "on_node_uuid"), "alpha");
	U_STREQ(tg_prop(tg_kid(act, "attributes"), "CRM_meta_op_no_wait"),
	    "true");
	U_STREQ(tg_prop(tg_kid(tg_kid(act, "downed"), "node"), "id"),
	    "alpha");
	U_STREQ(tg_prop(tg_trigger(syn, 5), "mode"), "cib");

	syn = tg_check_xml(&t->g, doc, 1);
	act = tg_action(syn);
	U_STREQ(tg_prop(act, "operation"), "cancel");
	U_STREQ(tg_prop(act, "operation_key"), "web:1_monitor_20000");
	U_STREQ(tg_prop(tg_kid(act, "primitive"), "id"), "web");
	U_STREQ(tg_prop(tg_kid(act, "primitive"), "long-id"), "web:1");
	attrs = tg_kid(act, "attributes");
	U_STREQ(tg_prop(attrs, "CRM_meta_interval"), "20000");
	U_STREQ(tg_prop(attrs, "CRM_meta_name"), "monitor");
	U_STREQ(tg_prop(attrs, "CRM_meta_operation"), "monitor");

	syn = tg_check_xml(&t->g, doc, 3);
	attrs = tg_kid(tg_action(syn), "attributes");
	U_STREQ(tg_prop(attrs, "CRM_meta_op_target_rc"), "8");
	syn = tg_check_xml(&t->g, doc, 2);
	attrs = tg_kid(tg_action(syn), "attributes");
	CU_ASSERT(tg_prop(attrs, "CRM_meta_op_target_rc") == NULL);

	/* unfencing downs nothing */
	syn = tg_check_xml(&t->g, doc, 4);
	act = tg_action(syn);
	U_STREQ(tg_prop(act, "operation_key"), "stonith-beta-on");
	CU_ASSERT(tg_kid(act, "downed") == NULL);

	syn = tg_check_xml(&t->g, doc, 5);
	act = tg_action(syn);
	U_STREQ(tg_prop(act, "mode"), "cib");
	U_STREQ(tg_prop(tg_kid(act, "primitive"), "type"), "Dummy");
	xmlFreeDoc(doc);
	tg_free(t);
}

static void
test_xml_big(void)
{
	struct tg	*t;
	xmlDoc		*doc;
	xmlNode		*syn;

	t = tg_big();
	doc = tg_xml(&t->g, NULL);
	syn = tg_check_xml(&t->g, doc, 8);	/* start rsc1 */
	CU_ASSERT_FATAL(syn != NULL);
	CU_ASSERT(tg_nkids(tg_kid(syn, "inputs")) == 4);
	CU_ASSERT(tg_check_xml(&t->g, doc, 178) == NULL);
	xmlFreeDoc(doc);
	tg_free(t);
}

/* Names that XML must escape or cannot hold still give a parsable graph. */
static void
test_xml_escaping(void)
{
	struct tg	*t;
	struct gaction	*a;
	xmlDoc		*doc;
	xmlNode		*syn;

	t = tg_new();
	a = tg_rsc(t, 0, "start", "w<&\"'>\x01\xff\xc3\xa9", "n\xe2\x82\xac",
	    0);
	doc = tg_xml(&t->g, NULL);
	syn = tg_check_xml(&t->g, doc, 0);
	U_STREQ(tg_prop(tg_kid(tg_action(syn), "primitive"), "id"),
	    "w<&\"'>\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9");
	U_STREQ(tg_prop(tg_action(syn), "on_node"), "n\xe2\x82\xac");
	(void)a;
	xmlFreeDoc(doc);
	tg_free(t);
}

static void
test_xml_errors(void)
{
	struct tg	*t;
	struct buf	 b;
	char		*cause;

	buf_init(&b);
	t = tg_cycle();
	cause = NULL;
	CU_ASSERT(emit_xml(&t->g, &b, &cause) == -1);
	U_STREQ(cause, "ordering cycle: start a on n1 (0) -> start b on n1 "
	    "(1) -> start c on n1 (2) -> start a on n1 (0)");
	CU_ASSERT(b.len == 0);
	free(cause);
	tg_free(t);

	t = tg_new();
	tg_rsc(t, 0, "start", "a", "n1", 0);
	tg_after(t, 0, 1, 42);
	cause = NULL;
	CU_ASSERT(emit_xml(&t->g, &b, &cause) == -1);
	U_STREQ(cause, "action 0 (start a on n1) waits for unknown action 42");
	free(cause);
	tg_get(t, 0)->ninputs = 0;
	tg_get(t, 0)->node = NULL;
	cause = NULL;
	CU_ASSERT(emit_xml(&t->g, &b, &cause) == -1);
	U_STREQ(cause, "action 0 (start a) has no node");
	free(cause);
	CU_ASSERT(b.len == 0);
	tg_free(t);

	/* an empty graph is one empty element */
	t = tg_new();
	cause = NULL;
	CU_ASSERT(emit_xml(&t->g, &b, &cause) == 0);
	U_STREQ(b.data, "<transition_graph cluster-delay=\"60s\" "
	    "stonith-timeout=\"60s\" failed-stop-offset=\"INFINITY\" "
	    "failed-start-offset=\"INFINITY\" transition_id=\"0\"/>\n");
	buf_clear(&b);
	tg_free(t);
}

/* --- JSON --------------------------------------------------------------- */

static void
test_json_scanner(void)
{
	CU_ASSERT(js_valid("{\"a\": [1, -2.5e3, true, false, null, \"x\"]}"));
	CU_ASSERT(js_valid(" [] "));
	CU_ASSERT(js_valid("\"\\u00e9\\n\""));
	CU_ASSERT(!js_valid("{\"a\": 1,}"));
	CU_ASSERT(!js_valid("[1] [2]"));
	CU_ASSERT(!js_valid("\"a\nb\""));
	CU_ASSERT(!js_valid("\"\\x\""));
	CU_ASSERT(!js_valid("\"\xff\""));
	CU_ASSERT(!js_valid("01"));
	CU_ASSERT(!js_valid("{\"a\" 1}"));
	CU_ASSERT(!js_valid("[nul]"));
}

static void
test_json_schedule(void)
{
	struct tg		*t;
	struct schedule		 s;
	struct change_line	 ch[2];
	struct placement	 pl[2];
	struct resource		 web;
	const char		*nodes[] = { "node1" };
	struct score_part	 parts[2];
	struct node_score	 ns[2];
	struct rsc_scores	 sc[1];
	struct buf		 b;
	const char		*j;

	t = tg_fencing();
	tg_get(t, 3)->reason = "say \"hi\"\\ back\n\ttab\x01 caf\xc3\xa9 "
	    "bad\xff end";
	memset(&s, 0, sizeof s);
	s.graph = t->g;

	memset(ch, 0, sizeof ch);
	ch[0].change = CHANGE_FENCE;
	ch[0].to = "node1";
	ch[0].reason = "peer is no longer part of the cluster";
	ch[0].fence_action = "reboot";
	ch[1].change = CHANGE_MOVE;
	ch[1].rsc = "rsc1";
	ch[1].from = "node1";
	ch[1].to = "node2";
	ch[1].from_role = ROLE_STARTED;
	ch[1].to_role = ROLE_STARTED;
	s.changes = ch;
	s.nchanges = 2;

	memset(&web, 0, sizeof web);
	web.name = "rsc1";
	web.agent = "ocf:heartbeat:apache";
	memset(pl, 0, sizeof pl);
	pl[0].rsc = "rsc1";
	pl[0].model = &web;
	pl[0].role = ROLE_STARTED;
	pl[0].nodes = nodes;
	pl[0].nnodes = 1;
	pl[0].managed = 1;
	pl[1].rsc = "db";
	pl[1].role = ROLE_STOPPED;
	pl[1].managed = 1;
	pl[1].blocked = 1;
	s.before = pl;
	s.nbefore = 2;

	memset(parts, 0, sizeof parts);
	parts[0].what = "location 'loc-rsc1'";
	parts[0].score = 100;
	parts[0].file = "web.ha";
	parts[0].loc.line = 12;
	parts[0].loc.col = 1;
	parts[1].what = "node is fenced";
	parts[1].score = -SCORE_INFINITY;
	memset(ns, 0, sizeof ns);
	ns[0].node = "node1";
	ns[0].score = -SCORE_INFINITY;
	ns[0].parts = parts;
	ns[0].nparts = 2;
	ns[1].node = "node2";
	ns[1].score = 0;
	sc[0].rsc = "rsc1";
	sc[0].nodes = ns;
	sc[0].nnodes = 2;
	sc[0].assigned = "node2";
	sc[0].why_stopped = NULL;
	s.scores = sc;
	s.nscores = 1;

	buf_init(&b);
	emit_json(&s, &b);
	j = unit_keep(buf_detach(&b));
	CU_ASSERT(js_valid(j));
	CU_ASSERT(strncmp(j, "{\n  \"version\": 1,\n", 18) == 0);
	U_CONTAINS(j, "\"transition\": {\"id\": 0, \"cluster_delay_ms\": 60000, "
	    "\"stonith_timeout_ms\": 60000, \"failed_stop_offset\": 1000000, "
	    "\"failed_start_offset\": 1000000}");
	U_CONTAINS(j, "\"reason\": \"say \\\"hi\\\"\\\\ back\\n\\ttab\\u0001 "
	    "caf\xc3\xa9 bad\xef\xbf\xbd end\"");
	U_CONTAINS(j, "{\"id\": 0, \"kind\": \"fence\", \"task\": \"stonith\", "
	    "\"key\": \"stonith-node1-reboot\", \"name\": \"fence_reboot\", "
	    "\"rsc\": null, \"rsc_long\": null, \"class\": null, "
	    "\"provider\": null, \"type\": null, \"node\": \"node1\", "
	    "\"node_id\": 1, \"interval_ms\": 0, \"timeout_ms\": 0, "
	    "\"expected_rc\": 0, \"fence_action\": \"reboot\", "
	    "\"reason\": \"peer is no longer part of the cluster\", "
	    "\"optional\": false, \"runnable\": true, \"inputs\": [], "
	    "\"meta\": {}}");
	U_CONTAINS(j, "\"kind\": \"pseudo\"");
	U_CONTAINS(j, "\"kind\": \"cluster\"");
	U_CONTAINS(j, "\"optional\": true");
	U_CONTAINS(j, "\"runnable\": false, \"inputs\": [5], \"meta\": {}}");
	U_CONTAINS(j, "\"inputs\": [0, 1, 2], \"meta\": {}}");
	U_CONTAINS(j, "{\"from\": 0, \"to\": 3}");
	U_CONTAINS(j, "{\"from\": 5, \"to\": 6}");
	U_CONTAINS(j, "{\"change\": \"fence\", \"rsc\": null, \"from\": null, "
	    "\"to\": \"node1\", \"from_role\": null, "
	    "\"to_role\": null, \"reason\": \"peer is no longer part "
	    "of the cluster\", \"blocked\": false, \"fence_action\": "
	    "\"reboot\"}");
	U_CONTAINS(j, "\"change\": \"move\", \"rsc\": \"rsc1\", \"from\": "
	    "\"node1\", \"to\": \"node2\", \"from_role\": \"Started\"");
	U_CONTAINS(j, "{\"rsc\": \"rsc1\", \"primitive\": \"rsc1\", "
	    "\"agent\": \"ocf:heartbeat:apache\", \"role\": \"Started\", "
	    "\"nodes\": [\"node1\"], \"failed\": false, \"managed\": true, "
	    "\"blocked\": false}");
	U_CONTAINS(j, "{\"rsc\": \"db\", \"primitive\": null, \"agent\": null, "
	    "\"role\": \"Stopped\", \"nodes\": [], \"failed\": false, "
	    "\"managed\": true, \"blocked\": true}");
	U_CONTAINS(j, "{\"rsc\": \"rsc1\", \"assigned\": \"node2\", "
	    "\"why_stopped\": null, \"nodes\": [");
	U_CONTAINS(j, "{\"node\": \"node1\", \"score\": -1000000, \"parts\": "
	    "[{\"what\": \"location 'loc-rsc1'\", \"score\": 100, \"file\": "
	    "\"web.ha\", \"line\": 12, \"col\": 1}, {\"what\": \"node is "
	    "fenced\", \"score\": -1000000, \"file\": null, \"line\": null, "
	    "\"col\": null}]}");
	U_CONTAINS(j, "{\"node\": \"node2\", \"score\": 0, \"parts\": []}");
	tg_free(t);

	/* an empty schedule */
	memset(&s, 0, sizeof s);
	buf_init(&b);
	emit_json(&s, &b);
	j = unit_keep(buf_detach(&b));
	CU_ASSERT(js_valid(j));
	U_CONTAINS(j, "\"actions\": [],\n  \"edges\": [],\n  \"summary\": [],\n"
	    "  \"placement_before\": [],\n  \"scores\": []\n}\n");
}

/* The JSON of a schedule with graph g alone, checked valid (kept). */
static const char *
tg_json(const struct graph *g)
{
	struct schedule	 s;
	struct buf	 b;
	const char	*j;

	memset(&s, 0, sizeof s);
	s.graph = *g;
	buf_init(&b);
	emit_json(&s, &b);
	j = unit_keep(buf_detach(&b));
	CU_ASSERT(js_valid(j));
	return j;
}

static void
test_json_big(void)
{
	struct tg		*t;
	const char		*j, *p;
	size_t			 n;

	t = tg_big();
	j = tg_json(&t->g);
	for (n = 0, p = j; (p = strstr(p, "\"kind\": ")) != NULL; p++)
		n++;
	CU_ASSERT(n == 200);
	tg_free(t);
}

/* --- DOT ---------------------------------------------------------------- */

static const char *
tg_dot(const struct graph *g)
{
	struct buf	b;

	buf_init(&b);
	emit_dot(g, &b);
	return unit_keep(buf_detach(&b));
}

static void
test_dot_group(void)
{
	struct tg	*t;
	const char	*d;

	t = tg_group_restart();
	d = tg_dot(&t->g);
	CU_ASSERT(strncmp(d, "digraph \"transition 0\" {\n", 25) == 0);
	U_CONTAINS(d, "rankdir=LR");
	U_CONTAINS(d, "concentrate=true");
	U_CONTAINS(d, "\tsubgraph cluster_0 {\n\t\tlabel=\"node1\";");
	CU_ASSERT(strstr(d, "cluster_1") == NULL);
	U_CONTAINS(d, "\t\ta3 [label=\"start rsc2\", tooltip=\"3: start rsc2 on "
	    "node1 [rsc2_start_0]\", style=\"rounded,filled\", "
	    "fillcolor=\"#c8e6c9\", color=\"#2e7d32\"];\n");
	U_CONTAINS(d, "\t\ta2 [label=\"stop rsc2\"");
	U_CONTAINS(d, "fillcolor=\"#ffcdd2\", color=\"#c62828\"];\n");
	U_CONTAINS(d, "\t\ta0 [label=\"monitor_10000 rsc2\"");
	U_CONTAINS(d, "fillcolor=\"#bdbdbd\"");
	/* pseudo actions outside the box, as dashed ellipses */
	U_CONTAINS(d, "\t}\n\ta7 [label=\"grp_start_0\", tooltip=\"7: pseudo "
	    "grp_start_0\", shape=ellipse, style=\"dashed\", "
	    "color=\"#616161\"];\n");
	U_CONTAINS(d, "\ta9 -> a5;\n");
	U_CONTAINS(d, "\ta7 -> a3;\n");
	U_CONTAINS(d, "\ta10 -> a7;\n");
	CU_ASSERT(strstr(d, "\ta3 -> a4;\n\ta3 -> a4;\n") == NULL);
	CU_ASSERT(d[strlen(d) - 2] == '}');
	tg_free(t);
}

static void
test_dot_fencing(void)
{
	struct tg	*t;
	const char	*d, *end;

	t = tg_fencing();
	d = tg_dot(&t->g);
	end = strstr(d, "\t}\n");
	CU_ASSERT_FATAL(end != NULL);
	/* node2's box holds its actions; fence and pseudo are outside */
	U_CONTAINS(d, "label=\"node2\"");
	CU_ASSERT(strstr(d, "label=\"node1\"") == NULL);
	CU_ASSERT(strstr(d, "\ta0 [") > end);
	CU_ASSERT(strstr(d, "\ta2 [") > end);
	CU_ASSERT(strstr(d, "\t\ta1 [") < end);
	CU_ASSERT(strstr(d, "\t\ta7 [") < end);
	U_CONTAINS(d, "\ta0 [label=\"fence (reboot) node1\", tooltip=\"0: fence "
	    "(reboot) node1 [stonith-node1-reboot], due to peer is no longer "
	    "part of the cluster\", style=\"filled,bold\", fillcolor=\"black\", "
	    "color=\"black\", fontcolor=\"white\"];\n");
	U_CONTAINS(d, "\t\ta1 [label=\"monitor_0 rsc1\"");
	U_CONTAINS(d, "fillcolor=\"#eeeeee\"");
	/* unrunnable: dashed red; optional: dotted */
	U_CONTAINS(d, "\t\ta5 [label=\"start db\", tooltip=\"5: start db on "
	    "node2 [db_start_0], not runnable, due to unrunnable stonith-1 "
	    "start\", style=\"rounded,filled,dashed\", fillcolor=\"#c8e6c9\", "
	    "color=red, penwidth=2, fontcolor=red];\n");
	U_CONTAINS(d, "\t\ta7 [label=\"clear_failcount rsc1\", tooltip=\"7: "
	    "clear_failcount rsc1 on node2 [rsc1_clear_failcount_0], "
	    "optional\", style=\"rounded,filled,dotted\"");
	U_CONTAINS(d, "\ta3 -> a5 [color=red, style=dashed];\n");
	U_CONTAINS(d, "\ta0 -> a2;\n");
	tg_after(t, 7, 1, 5);
	d = tg_dot(&t->g);
	U_CONTAINS(d, "\ta5 -> a7 [style=dashed];\n");
	tg_free(t);
}

static void
test_dot_big(void)
{
	struct tg	*t;
	const char	*d, *p;
	size_t		 n;

	t = tg_big();
	d = tg_dot(&t->g);
	for (n = 0, p = d; (p = strstr(p, "subgraph cluster_")) != NULL; p++)
		n++;
	CU_ASSERT(n == 8);
	for (n = 0, p = d; (p = strstr(p, " [label=")) != NULL; p++)
		n++;
	CU_ASSERT(n == 200);
	for (n = 0, p = d; (p = strstr(p, "penwidth=2")) != NULL; p++)
		n++;
	CU_ASSERT(n == 10);
	tg_free(t);
}

static void
test_dot_escaping(void)
{
	struct tg	*t;
	const char	*d;

	t = tg_new();
	tg_rsc(t, 0, "start", "a\"b\\c\nd\xff", "n\"1", 0);
	tg_rsc(t, 1, "start", "x", "n1", 0);
	tg_after(t, 1, 2, 0, 77);
	d = tg_dot(&t->g);
	U_CONTAINS(d, "label=\"n\\\"1\";");
	U_CONTAINS(d, "[label=\"start a\\\"b\\\\c d\xef\xbf\xbd\"");
	U_CONTAINS(d, "\ta0 -> a1;\n");
	CU_ASSERT(strstr(d, "a77") == NULL);

	/* a cycle draws (and terminates) */
	tg_after(t, 0, 1, 1);
	d = tg_dot(&t->g);
	U_CONTAINS(d, "\ta1 -> a0;\n");
	tg_free(t);
}

/* --- SVG and PNG -------------------------------------------------------- */

static void
test_render_svg(void)
{
	struct tg	*t;
	struct buf	 b;
	char		*cause = NULL;

	t = tg_fencing();
	buf_init(&b);
	CU_ASSERT_FATAL(emit_render(&t->g, "svg", &b, &cause) == 0);
	CU_ASSERT(cause == NULL);
	U_CONTAINS(b.data, "<svg");
	U_CONTAINS(b.data, ">start rsc1</text>");
	U_CONTAINS(b.data, ">fence (reboot) node1</text>");
	U_CONTAINS(b.data, ">rsc1_stop_0</text>");
	U_CONTAINS(b.data, ">node2</text>");
	U_CONTAINS(b.data, "</svg>");
	buf_clear(&b);
	tg_free(t);
}

static void
test_render_png(void)
{
	struct tg	*t;
	struct buf	 b;
	char		*cause = NULL;

	t = tg_group_restart();
	buf_init(&b);
	CU_ASSERT_FATAL(emit_render(&t->g, "png", &b, &cause) == 0);
	CU_ASSERT(cause == NULL);
	CU_ASSERT_FATAL(b.len > 8);
	CU_ASSERT(memcmp(b.data, "\x89PNG\r\n\x1a\n", 8) == 0);
	buf_clear(&b);
	tg_free(t);
}

static void
test_render_big(void)
{
	struct tg	*t;
	struct buf	 b;
	char		*cause = NULL;

	t = tg_big();
	buf_init(&b);
	CU_ASSERT_FATAL(emit_render(&t->g, "svg", &b, &cause) == 0);
	U_CONTAINS(b.data, ">start rsc39</text>");
	U_CONTAINS(b.data, ">node8</text>");
	buf_reset(&b);
	CU_ASSERT_FATAL(emit_render(&t->g, "png", &b, &cause) == 0);
	CU_ASSERT(memcmp(b.data, "\x89PNG\r\n\x1a\n", 8) == 0);
	buf_clear(&b);
	tg_free(t);
}

static void
test_render_errors(void)
{
	struct tg	*t;
	struct buf	 b;
	char		*cause = NULL;

	t = tg_cycle();
	buf_init(&b);
	CU_ASSERT(emit_render(&t->g, "gif", &b, &cause) == -1);
	U_STREQ(cause, "unknown format 'gif' (expected svg or png)");
	free(cause);
	cause = NULL;
	CU_ASSERT(emit_render(&t->g, NULL, &b, &cause) == -1);
	U_STREQ(cause, "unknown format '' (expected svg or png)");
	free(cause);
	CU_ASSERT(b.len == 0);

	/* a cycle still draws */
	cause = NULL;
	CU_ASSERT(emit_render(&t->g, "svg", &b, &cause) == 0);
	U_CONTAINS(b.data, ">start a</text>");
	buf_clear(&b);

	/* an empty graph too */
	tg_free(t);
	t = tg_new();
	CU_ASSERT(emit_render(&t->g, "svg", &b, &cause) == 0);
	U_CONTAINS(b.data, "<svg");
	buf_clear(&b);
	tg_free(t);
}

static const struct unit_test text_tests[] = {
	{ "group restart", test_text_group },
	{ "independent of array order", test_text_array_order },
	{ "fencing and not runnable", test_text_fencing },
	{ "200 actions", test_text_big },
	{ "cycle terminates", test_text_cycle },
	{ "empty and unknown inputs", test_text_edges },
	{ NULL, NULL }
};

/* An action's meta attributes: CRM_meta_NAME in the XML, "meta" in JSON. */
static void
test_meta(void)
{
	static const struct gmeta meta[] = {
		{ "notify_active_resource", " " },
		{ "notify_start_resource", "rsc2:0 rsc2:1" },
		{ "notify_type", "pre" },
	};
	struct tg		*t;
	xmlDoc			*doc;
	xmlNode			*attrs;
	char			*text;
	const char		*j;
	size_t			 i;

	t = tg_group_restart();
	for (i = 0; i < t->g.nactions; i++) {
		if (t->g.actions[i].id == 3) {
			t->g.actions[i].meta = meta;
			t->g.actions[i].nmeta = nitems(meta);
		}
	}
	doc = tg_xml(&t->g, &text);
	attrs = tg_kid(tg_action(tg_check_xml(&t->g, doc, 3)), "attributes");
	U_STREQ(tg_prop(attrs, "CRM_meta_notify_active_resource"), " ");
	U_STREQ(tg_prop(attrs, "CRM_meta_notify_start_resource"),
	    "rsc2:0 rsc2:1");
	U_STREQ(tg_prop(attrs, "CRM_meta_notify_type"), "pre");
	/* sorted among the others, as Pacemaker writes them */
	U_CONTAINS(text, "<attributes CRM_meta_notify_active_resource=\" \" "
	    "CRM_meta_notify_start_resource=\"rsc2:0 rsc2:1\" "
	    "CRM_meta_notify_type=\"pre\" CRM_meta_on_node=\"node1\" "
	    "CRM_meta_on_node_uuid=\"1\" CRM_meta_timeout=\"20000\"/>");
	xmlFreeDoc(doc);
	free(text);

	j = tg_json(&t->g);
	U_CONTAINS(j, "\"meta\": {\"notify_active_resource\": \" \", "
	    "\"notify_start_resource\": \"rsc2:0 rsc2:1\", "
	    "\"notify_type\": \"pre\"}}");
	tg_free(t);
}

static const struct unit_test xml_tests[] = {
	{ "group restart", test_xml_group },
	{ "fencing", test_xml_fencing },
	{ "cluster actions, cancel, instances", test_xml_kinds },
	{ "200 actions", test_xml_big },
	{ "escaping", test_xml_escaping },
	{ "errors", test_xml_errors },
	{ "meta attributes, XML and JSON", test_meta },
	{ NULL, NULL }
};

static const struct unit_test json_tests[] = {
	{ "the test's scanner", test_json_scanner },
	{ "schedule", test_json_schedule },
	{ "200 actions", test_json_big },
	{ NULL, NULL }
};

static const struct unit_test dot_tests[] = {
	{ "group restart", test_dot_group },
	{ "fencing", test_dot_fencing },
	{ "200 actions", test_dot_big },
	{ "escaping and bad edges", test_dot_escaping },
	{ NULL, NULL }
};

static const struct unit_test render_tests[] = {
	{ "svg", test_render_svg },
	{ "png", test_render_png },
	{ "200 actions", test_render_big },
	{ "errors", test_render_errors },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "text", text_tests },
	{ "xml", xml_tests },
	{ "json", json_tests },
	{ "dot", dot_tests },
	{ "render", render_tests },
	{ NULL, NULL }
};

/*
 * What Graphviz 2.43 and the font libraries under it never free, for
 * LeakSanitizer in sanitizer builds (the same list as graphviz.supp for
 * valgrind): leaks of dot's layout, fontconfig's caches, pango's
 * process-wide state. A frame in those libraries must be on the stack,
 * so leaks of hacc's own code are still reported. Graphviz is built
 * without frame pointers, so only the slow unwinder sees past its
 * allocator (gmalloc) to dot_layout; ASAN_OPTIONS from the environment
 * still apply on top of these defaults.
 */
const char	*__asan_default_options(void);
const char	*__lsan_default_suppressions(void);

const char *
__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions(void)
{
	return "leak:dot_layout\n"
	    "leak:libfontconfig.so\n"
	    "leak:libpango-1.0.so\n";
}

int
main(int argc, char **argv)
{
	int	rc;

	rc = unit_run(suites, argc, argv);
	xmlCleanupParser();
	return rc;
}
