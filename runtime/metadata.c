/*
 * metadata.c: read what an agent's meta-data says: its name, the
 * parameters it takes and the actions it supports. OCF resource agents and
 * fence agents share the format (<resource-agent> with <parameters> and
 * <actions>). libxml2 stays in this file: the rest of hacc sees plain
 * strings.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lang.h"
#include "runtime.h"

#define METADATA_MAX_ITEMS	1024

struct metadata {
	char	 *name;
	char	**params;
	size_t	  nparams;
	char	**actions;
	size_t	  nactions;
};

/* Whether node is an element called name. */
static int
metadata_is(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)node->name, name) == 0;
}

/* Add the name= of each child element called what of parent to a list. */
static void
metadata_names(const xmlNode *parent, const char *what, char ***list,
    size_t *n)
{
	const xmlNode	*c;
	xmlChar		*name;

	for (c = parent->children; c != NULL; c = c->next) {
		if (!metadata_is(c, what) || *n >= METADATA_MAX_ITEMS)
			continue;
		if ((name = xmlGetProp(c, (const xmlChar *)"name")) == NULL)
			continue;
		*list = xreallocarray(*list, *n + 1, sizeof **list);
		(*list)[(*n)++] = xstrdup((const char *)name);
		xmlFree(name);
	}
}

/*
 * Parse len bytes of meta-data. Returns a new metadata (metadata_free), or
 * NULL with *cause (the caller frees it) when it is not XML or not a
 * <resource-agent>.
 */
struct metadata *
metadata_parse(const char *xml, size_t len, char **cause)
{
	const xmlError	*e;
	struct metadata	*md;
	xmlDoc		*doc;
	xmlNode		*root, *c;
	xmlChar		*name;

	if (len > INT32_MAX) {
		xasprintf(cause, "meta-data of %zu bytes is too long", len);
		return NULL;
	}
	doc = xmlReadMemory(xml, (int)len, "meta-data", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		e = xmlGetLastError();
		if (e != NULL && e->message != NULL)
			xasprintf(cause, "meta-data is not XML: line %d: %.*s",
			    e->line, (int)strcspn(e->message, "\n"),
			    e->message);
		else
			xasprintf(cause, "meta-data is not XML");
		return NULL;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !metadata_is(root, "resource-agent")) {
		xasprintf(cause, "meta-data has <%s> where <resource-agent> "
		    "belongs", root == NULL ? "" : (const char *)root->name);
		xmlFreeDoc(doc);
		return NULL;
	}
	md = xcalloc(1, sizeof *md);
	name = xmlGetProp(root, (const xmlChar *)"name");
	md->name = xstrdup(name != NULL ? (const char *)name : "");
	xmlFree(name);
	for (c = root->children; c != NULL; c = c->next) {
		if (metadata_is(c, "parameters"))
			metadata_names(c, "parameter", &md->params,
			    &md->nparams);
		else if (metadata_is(c, "actions"))
			metadata_names(c, "action", &md->actions,
			    &md->nactions);
	}
	xmlFreeDoc(doc);
	return md;
}

/* Free metadata; md may be NULL. */
void
metadata_free(struct metadata *md)
{
	size_t	i;

	if (md == NULL)
		return;
	for (i = 0; i < md->nparams; i++)
		free(md->params[i]);
	for (i = 0; i < md->nactions; i++)
		free(md->actions[i]);
	free(md->params);
	free(md->actions);
	free(md->name);
	free(md);
}

/* The agent's name as its meta-data gives it ("" if none). */
const char *
metadata_name(const struct metadata *md)
{
	return md->name;
}

/* Whether a name is in a list of n. */
static int
metadata_find(char *const *list, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i], name) == 0)
			return 1;
	}
	return 0;
}

/* Whether the agent declares parameter name. */
int
metadata_has_param(const struct metadata *md, const char *name)
{
	return metadata_find(md->params, md->nparams, name);
}

/* Whether the agent declares action name. */
int
metadata_has_action(const struct metadata *md, const char *name)
{
	return metadata_find(md->actions, md->nactions, name);
}

/* How many actions the agent declares. */
size_t
metadata_nactions(const struct metadata *md)
{
	return md->nactions;
}
