/*
 * fuzz_metadata.c: a libFuzzer harness for the reader of agents'
 * meta-data (runtime/metadata.c), which reads what an agent prints.
 * Built by tests/fuzz/build with clang -fsanitize=fuzzer,address,undefined
 * and run by tests/fuzz/run.
 *
 * A refusal must say why, and nothing may crash or leak. libxml2 is the
 * reference: an ASCII document it reads as a <resource-agent> must be
 * read with the same name, parameters and actions, unless it declares
 * entities or attribute types (which the reader refuses or leaves
 * alone), uses an entity a DOCTYPE's external DTD might declare (libxml2
 * lets it be, unread; the reader refuses it, not knowing its text) or
 * nests deeper than the reader goes. The reader may accept what libxml2
 * refuses (it does not check characters or encodings).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lang.h"
#include "runtime.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Whether md has every name= of the elements what under parent what-s. */
static int
same_names(const struct metadata *md, const xmlNode *root, int actions)
{
	const xmlNode	*c, *e;
	xmlChar		*v;
	size_t		 n = 0;
	int		 ok = 1;

	for (c = root->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)
		    c->name, actions ? "actions" : "parameters") != 0)
			continue;
		for (e = c->children; e != NULL; e = e->next) {
			if (e->type != XML_ELEMENT_NODE || strcmp((const char *)
			    e->name, actions ? "action" : "parameter") != 0 ||
			    (v = xmlGetProp(e, (const xmlChar *)"name")) ==
			    NULL)
				continue;
			n++;
			if (!(actions ? metadata_has_action(md, (char *)v) :
			    metadata_has_param(md, (char *)v)))
				ok = 0;
			xmlFree(v);
		}
	}
	return ok && (!actions || n == metadata_nactions(md));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct metadata	*md;
	xmlDoc		*doc;
	xmlNode		*root;
	xmlChar		*name;
	char		*text, *cause = NULL;
	size_t		 i;

	md = metadata_parse((const char *)data, len, &cause);
	if (md == NULL && cause == NULL)
		abort();	/* a refusal always says why */

	/* libxml2's reading, on ASCII without declarations. */
	text = xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = '\0';
	for (i = 0; i < len && data[i] != 0 && data[i] < 0x80; i++)
		;
	if (i < len || strstr(text, "<!ENTITY") != NULL ||
	    strstr(text, "<!ATTLIST") != NULL || len > INT32_MAX)
		goto out;
	doc = xmlReadMemory(text, (int)len, "m", NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		goto out;
	root = xmlDocGetRootElement(doc);
	if (root != NULL && root->ns == NULL && strcmp((const char *)
	    root->name, "resource-agent") == 0) {
		if (md == NULL && strstr(cause, "nested too deep") == NULL &&
		    (strstr(cause, "is not defined") == NULL ||
		    strstr(text, "<!DOCTYPE") == NULL))
			abort();	/* libxml2 reads it */
		if (md != NULL) {
			name = xmlGetProp(root, (const xmlChar *)"name");
			if (strcmp(metadata_name(md), name != NULL ?
			    (const char *)name : "") != 0 ||
			    !same_names(md, root, 0) || !same_names(md, root, 1))
				abort();
			xmlFree(name);
		}
	}
	xmlFreeDoc(doc);
out:
	free(text);
	free(cause);
	metadata_free(md);
	return 0;
}
