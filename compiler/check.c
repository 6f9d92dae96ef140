/*
 * check.c: names and structure. The first phase after parsing: it builds
 * the symbol table (one namespace for resources, fence devices, groups and
 * clones; another for nodes), reports duplicate and invalid names, checks
 * that every item sits in a block where it means something, gives group
 * members and cloned resources their parent, and resolves every name a
 * constraint or a fencing level uses.
 *
 * Values (durations, scores, meta attribute names...) are the business of
 * lower.c; meaning across statements (cycles, contradictions) of
 * analyze.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "compiler.h"

/* What a block may hold. */
enum block_ctx {
	BLOCK_RESOURCE,		/* resource, fence, clone NAME AGENT */
	BLOCK_GROUP,
	BLOCK_CLONE_OF,		/* clone NAME of X */
	BLOCK_CLUSTER,
	BLOCK_NODE,
	BLOCK_DEFAULTS,		/* the rest hold name = value only */
	BLOCK_OP_DEFAULTS,
	BLOCK_QUORUM,
	BLOCK_RING,
	BLOCK_META
};

static const char *
check_sym_what(enum sym_kind kind)
{
	switch (kind) {
	case SYM_PRIMITIVE:
		return "resource";
	case SYM_FENCE:
		return "fence device";
	case SYM_GROUP:
		return "group";
	case SYM_CLONE:
		return "clone";
	case SYM_PROMOTABLE:
		return "promotable clone";
	}
	return "resource";
}

static const char *
check_block_what(enum block_ctx bc)
{
	switch (bc) {
	case BLOCK_RESOURCE:
		return "a resource";
	case BLOCK_GROUP:
		return "a group";
	case BLOCK_CLONE_OF:
		return "a clone of another resource";
	case BLOCK_CLUSTER:
		return "the cluster block";
	case BLOCK_NODE:
		return "a node";
	case BLOCK_DEFAULTS:
		return "'defaults'";
	case BLOCK_OP_DEFAULTS:
		return "'op-defaults'";
	case BLOCK_QUORUM:
		return "'quorum'";
	case BLOCK_RING:
		return "'ring'";
	case BLOCK_META:
		return "a 'meta' block";
	}
	return "this block";
}

static const char *
check_item_what(const struct item *it)
{
	switch (it->kind) {
	case ITEM_ATTR:
	case ITEM_WORDS:
		return "a 'name = value' setting";
	case ITEM_META:
		return "'meta'";
	case ITEM_OP:
		return "'op'";
	case ITEM_UTIL:
		return "'utilization'";
	case ITEM_NODEATTR:
		return "'attr'";
	case ITEM_PROPERTY:
		return "'property'";
	case ITEM_NODE:
		return "'node'";
	case ITEM_QUORUM:
		return "'quorum'";
	case ITEM_RING:
		return "'ring'";
	case ITEM_RESOURCE:
		return "'resource'";
	}
	return "this";
}

/* Names of resources, groups and the like: an XML ID, as Pacemaker wants. */
int
value_is_name(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	    *p == '_'))
		return 0;
	for (p++; *p != '\0'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '.'))
			return 0;
	}
	return 1;
}

static struct symbol *
check_add_symbol(struct ctx *ctx, struct symtab *syms, const struct word *name,
    enum sym_kind kind, struct stmt *st, struct symbol *parent)
{
	struct symbol	*sym, *prev;
	struct diag	*dg;

	if (name->text == NULL)
		return NULL;
	if (!value_is_name(name->text)) {
		diag_error(ctx, &name->loc, "invalid %s name '%s': a name starts "
		    "with a letter or '_' and holds letters, digits, '_', '-' "
		    "and '.'", check_sym_what(kind), name->text);
		return NULL;
	}
	sym = arena_zalloc(ctx->arena, sizeof *sym);
	sym->name = name->text;
	sym->kind = kind;
	sym->stmt = st;
	sym->loc = name->loc;
	sym->parent = parent;
	if (parent != NULL)
		sym->parent_loc = name->loc;
	if ((prev = map_put(&syms->rscs, sym->name, sym)) != NULL) {
		dg = diag_error(ctx, &name->loc, "'%s' is already defined",
		    name->text);
		diag_note(ctx, dg, &prev->loc, "'%s' was first defined here, "
		    "as a %s", prev->name, check_sym_what(prev->kind));
		return NULL;
	}
	/* the table doubles: it is full when norder is a power of two */
	if ((syms->norder & (syms->norder - 1)) == 0)
		syms->order = xreallocarray(syms->order, syms->norder == 0 ? 1 :
		    syms->norder * 2, sizeof *syms->order);
	syms->order[syms->norder++] = sym;
	return sym;
}

/* Report an item that has no place in a block of kind bc. */
static void
check_misplaced(struct ctx *ctx, const struct item *it, enum block_ctx bc)
{
	diag_error(ctx, &it->loc, "%s is not allowed in %s",
	    check_item_what(it), check_block_what(bc));
}

/*
 * Check the items of a block against what a block of kind bc holds.
 * A bare "name value" counts as "name = value" except in groups.
 */
static void
check_block(struct ctx *ctx, const struct block *bl, enum block_ctx bc)
{
	const struct item	*it;
	int			 ok;

	if (bl == NULL)
		return;
	for (it = bl->items; it != NULL; it = it->next) {
		ok = 0;
		switch (it->kind) {
		case ITEM_ATTR:
			ok = bc != BLOCK_GROUP && bc != BLOCK_CLONE_OF &&
			    bc != BLOCK_CLUSTER;
			break;
		case ITEM_WORDS:
			if (bc == BLOCK_GROUP) {
				ok = 1;
				break;
			}
			if (bc == BLOCK_CLONE_OF || bc == BLOCK_CLUSTER)
				break;
			if (it->val.n == 1) {
				diag_error(ctx, &it->loc, "'%s' needs a value: "
				    "write '%s = VALUE'", it->val.v[0].text,
				    it->val.v[0].text);
				continue;
			}
			if (it->val.n > 2) {
				diag_error(ctx, &it->val.v[2].loc,
				    "unexpected word '%s': write one 'name = "
				    "value' per line or separate them with ';'",
				    it->val.v[2].text);
				continue;
			}
			ok = 1;
			break;
		case ITEM_META:
			ok = bc == BLOCK_RESOURCE || bc == BLOCK_GROUP ||
			    bc == BLOCK_CLONE_OF;
			if (ok)
				check_block(ctx, it->block, BLOCK_META);
			break;
		case ITEM_OP:
			ok = bc == BLOCK_RESOURCE;
			break;
		case ITEM_UTIL:
			ok = bc == BLOCK_RESOURCE || bc == BLOCK_NODE;
			break;
		case ITEM_NODEATTR:
			ok = bc == BLOCK_NODE;
			break;
		case ITEM_PROPERTY:
		case ITEM_NODE:
		case ITEM_QUORUM:
		case ITEM_RING:
			ok = bc == BLOCK_CLUSTER;
			if (ok && it->kind == ITEM_NODE)
				check_block(ctx, it->block, BLOCK_NODE);
			else if (ok && it->block != NULL)
				check_block(ctx, it->block, it->kind ==
				    ITEM_QUORUM ? BLOCK_QUORUM : BLOCK_RING);
			break;
		case ITEM_RESOURCE:
			ok = bc == BLOCK_GROUP;
			if (ok)
				check_block(ctx, it->stmt->body,
				    BLOCK_RESOURCE);
			break;
		}
		if (!ok)
			check_misplaced(ctx, it, bc);
	}
}

/* Collect the symbols a statement declares and check its block. */
static void
check_declare(struct ctx *ctx, struct symtab *syms, struct stmt *st)
{
	struct symbol	*sym;
	struct item	*it;

	switch (st->kind) {
	case STMT_RESOURCE:
		check_add_symbol(ctx, syms, &st->name, SYM_PRIMITIVE, st, NULL);
		check_block(ctx, st->body, BLOCK_RESOURCE);
		break;
	case STMT_FENCE:
		check_add_symbol(ctx, syms, &st->name, SYM_FENCE, st, NULL);
		check_block(ctx, st->body, BLOCK_RESOURCE);
		break;
	case STMT_GROUP:
		sym = check_add_symbol(ctx, syms, &st->name, SYM_GROUP, st,
		    NULL);
		check_block(ctx, st->body, BLOCK_GROUP);
		for (it = st->body->items; it != NULL; it = it->next) {
			if (it->kind == ITEM_RESOURCE)
				check_add_symbol(ctx, syms, &it->stmt->name,
				    SYM_PRIMITIVE, it->stmt, sym);
		}
		break;
	case STMT_CLONE:
	case STMT_PROMOTABLE:
		check_add_symbol(ctx, syms, &st->name, st->kind == STMT_CLONE ?
		    SYM_CLONE : SYM_PROMOTABLE, st, NULL);
		check_block(ctx, st->body, st->of.text != NULL ?
		    BLOCK_CLONE_OF : BLOCK_RESOURCE);
		break;
	case STMT_CLUSTER:
		if (syms->cluster != NULL) {
			struct diag	*dg;

			dg = diag_error(ctx, &st->keyword.loc,
			    "a policy has only one cluster block");
			diag_note(ctx, dg, &syms->cluster->keyword.loc,
			    "the first one is here");
			break;
		}
		syms->cluster = st;
		check_block(ctx, st->body, BLOCK_CLUSTER);
		break;
	case STMT_DEFAULTS:
	case STMT_OP_DEFAULTS:
		check_block(ctx, st->body, st->kind == STMT_DEFAULTS ?
		    BLOCK_DEFAULTS : BLOCK_OP_DEFAULTS);
		break;
	default:
		break;
	}
}

static void
check_nodes(struct ctx *ctx, struct symtab *syms)
{
	struct item	*it;
	struct nodesym	*ns, *prev;
	struct diag	*dg;

	if (syms->cluster == NULL)
		return;
	for (it = syms->cluster->body->items; it != NULL; it = it->next) {
		if (it->kind != ITEM_NODE)
			continue;
		if (it->name.text[0] == '\0' ||
		    strpbrk(it->name.text, " \t\n") != NULL) {
			diag_error(ctx, &it->name.loc, "invalid node name '%s'",
			    it->name.text);
			continue;
		}
		ns = arena_zalloc(ctx->arena, sizeof *ns);
		ns->name = it->name.text;
		ns->item = it;
		if ((prev = map_put(&syms->nodes, ns->name, ns)) != NULL) {
			dg = diag_error(ctx, &it->name.loc,
			    "node '%s' is already defined", ns->name);
			diag_note(ctx, dg, &prev->item->name.loc,
			    "'%s' was first defined here", prev->name);
		}
	}
}

/* Which parent a symbol has, for messages: "group 'g'". */
static const char *
check_parent_what(struct ctx *ctx, const struct symbol *sym)
{
	return arena_printf(ctx->arena, "%s '%s'",
	    check_sym_what(sym->parent->kind), sym->parent->name);
}

/* Give sym the parent p (a group or a clone), named at loc. */
static void
check_adopt(struct ctx *ctx, struct symbol *sym, struct symbol *p,
    const struct loc *loc)
{
	struct diag	*dg;

	if (sym == p) {
		diag_error(ctx, loc, "%s '%s' cannot contain itself",
		    check_sym_what(p->kind), p->name);
		return;
	}
	if (sym->parent != NULL) {
		dg = diag_error(ctx, loc, "'%s' is already in %s", sym->name,
		    check_parent_what(ctx, sym));
		diag_note(ctx, dg, &sym->parent_loc, "'%s' was added to %s "
		    "here", sym->name, check_parent_what(ctx, sym));
		return;
	}
	sym->parent = p;
	sym->parent_loc = *loc;
}

/* Group members and cloned resources get their parent. */
static void
check_parents(struct ctx *ctx, struct policy *pol, struct stmt *st)
{
	struct symtab	*syms = pol->syms;
	struct symbol	*self, *sym;
	struct item	*it;
	size_t		 i, members = 0;

	if (st->name.text == NULL ||
	    (self = map_get(&syms->rscs, st->name.text)) == NULL ||
	    self->stmt != st)
		return;		/* already reported */
	if (st->kind == STMT_GROUP) {
		for (it = st->body->items; it != NULL; it = it->next) {
			if (it->kind == ITEM_RESOURCE) {
				members++;
				continue;
			}
			if (it->kind != ITEM_WORDS)
				continue;
			for (i = 0; i < it->val.n; i++) {
				members++;
				sym = check_resolve(ctx, pol, &it->val.v[i],
				    "group");
				if (sym == NULL)
					continue;
				if (sym->kind != SYM_PRIMITIVE &&
				    sym->kind != SYM_FENCE) {
					diag_error(ctx, &it->val.v[i].loc,
					    "a group holds resources, and '%s' "
					    "is a %s", sym->name,
					    check_sym_what(sym->kind));
					continue;
				}
				check_adopt(ctx, sym, self, &it->val.v[i].loc);
			}
		}
		if (members == 0 && !st->body->errors)
			diag_error(ctx, &st->name.loc, "group '%s' has no members",
			    st->name.text);
		return;
	}
	if ((st->kind == STMT_CLONE || st->kind == STMT_PROMOTABLE) &&
	    st->of.text != NULL) {
		if ((sym = check_resolve(ctx, pol, &st->of, "clone")) == NULL)
			return;
		if (sym->kind != SYM_PRIMITIVE && sym->kind != SYM_GROUP &&
		    sym->kind != SYM_FENCE) {
			diag_error(ctx, &st->of.loc, "a clone holds a resource, "
			    "a group or a fence device, and '%s' is a %s",
			    sym->name,
			    check_sym_what(sym->kind));
			return;
		}
		check_adopt(ctx, sym, self, &st->of.loc);
	}
}

/*
 * Resolve a resource name used in a `what` statement ("colocation"...).
 * Reports an unknown name, with a suggestion. Returns NULL if unknown.
 */
struct symbol *
check_resolve(struct ctx *ctx, struct policy *pol, const struct word *w,
    const char *what)
{
	struct symbol	*sym;
	const char	*near;

	if (w->text == NULL)
		return NULL;
	if ((sym = map_get(&pol->syms->rscs, w->text)) != NULL)
		return sym;
	if (map_get(&ctx->broken, w->text) != NULL)
		return NULL;	/* its declaration had a syntax error */
	near = map_suggest(&pol->syms->rscs, w->text, NULL);
	if (near != NULL)
		diag_error(ctx, &w->loc, "unknown resource '%s' in %s; did you "
		    "mean '%s'?", w->text, what, near);
	else
		diag_error(ctx, &w->loc, "unknown resource '%s' in %s",
		    w->text, what);
	return NULL;
}

/*
 * Resolve a node name used in a `what` statement. Nodes are checked only
 * when the policy declares some; NULL if unknown or none are declared.
 */
struct nodesym *
check_resolve_node(struct ctx *ctx, struct policy *pol, const struct word *w,
    const char *what)
{
	struct nodesym	*ns;
	const char	*near;

	if (w->text == NULL || pol->syms->nodes.n == 0)
		return NULL;
	if ((ns = map_get(&pol->syms->nodes, w->text)) != NULL)
		return ns;
	near = map_suggest(&pol->syms->nodes, w->text, NULL);
	if (near != NULL)
		diag_error(ctx, &w->loc, "unknown node '%s' in %s; did you "
		    "mean '%s'?", w->text, what, near);
	else
		diag_error(ctx, &w->loc, "unknown node '%s' in %s", w->text,
		    what);
	return NULL;
}

static void
check_terms(struct ctx *ctx, struct policy *pol, struct stmt *st,
    const char *what)
{
	struct term	*t;
	size_t		 i;

	for (t = st->terms; t != NULL; t = t->next) {
		if (t->is_set && t->nnames == 0)
			diag_error(ctx, &t->loc, "empty resource set in %s",
			    what);
		for (i = 0; i < t->nnames; i++)
			check_resolve(ctx, pol, &t->names[i], what);
	}
}

/* Resolve the names a constraint or a fencing level refers to. */
static void
check_refs(struct ctx *ctx, struct policy *pol, struct stmt *st)
{
	struct symbol	*sym;
	struct kv	*kv;
	size_t		 i;

	switch (st->kind) {
	case STMT_LOCATION:
		check_resolve(ctx, pol, &st->name, "location");
		for (kv = st->scores; kv != NULL; kv = kv->next)
			check_resolve_node(ctx, pol, &kv->key, "location");
		break;
	case STMT_COLOCATE:
		check_terms(ctx, pol, st, "colocation");
		break;
	case STMT_ORDER:
		check_terms(ctx, pol, st, "order");
		break;
	case STMT_TICKET:
		check_terms(ctx, pol, st, "ticket");
		break;
	case STMT_FENCING_LEVEL:
		if (st->level->target_attr == NULL)
			check_resolve_node(ctx, pol, &st->name,
			    "fencing-level");
		for (i = 0; i < st->level->devices.n; i++) {
			sym = check_resolve(ctx, pol, &st->level->devices.v[i],
			    "fencing-level");
			if (sym != NULL && sym->kind != SYM_FENCE &&
			    !(sym->kind == SYM_PRIMITIVE &&
			    sym->stmt->agent.text != NULL &&
			    strncmp(sym->stmt->agent.text, "stonith:", 8) == 0))
				diag_error(ctx, &st->level->devices.v[i].loc,
				    "'%s' is a %s, not a fence device",
				    sym->name, check_sym_what(sym->kind));
		}
		break;
	default:
		break;
	}
}

/*
 * Build pol->syms and check names and structure; problems go to ctx.
 * Later phases use the symbol table even when this one found errors.
 */
void
check_tree(struct ctx *ctx, struct policy *pol)
{
	size_t	i;

	pol->syms = xcalloc(1, sizeof *pol->syms);
	map_init(&pol->syms->rscs);
	map_init(&pol->syms->nodes);
	for (i = 0; i < pol->nstmts; i++)
		check_declare(ctx, pol->syms, pol->stmts[i]);
	check_nodes(ctx, pol->syms);
	for (i = 0; i < pol->nstmts; i++)
		check_parents(ctx, pol, pol->stmts[i]);
	for (i = 0; i < pol->nstmts; i++)
		check_refs(ctx, pol, pol->stmts[i]);
}
