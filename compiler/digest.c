/*
 * digest.c: Pacemaker's operation digests of a primitive's parameters.
 *
 * Pacemaker's controller records with each operation an MD5 digest of the
 * parameters the agent ran with (op-digest) and, for agents that can
 * reload, one of only the parameters that need a restart
 * (op-restart-digest, over the names op-force-restart lists), and one
 * without the secret ones (op-secure-digest, without op-secure-params).
 * Its scheduler recomputes them from the configuration to tell that a
 * definition changed (scheduler/digest.c compares); hacc export writes
 * them into the status section. The text digested is, byte for byte
 * (Pacemaker 2.1.5: pe_digest.c calculate_main_digest(), digest.c
 * calculate_operation_digest(), operations.c pcmk__filter_op_for_digest(),
 * xml.c crm_xml_escape()):
 *
 *	" <parameters a=\"1\" b=\"2\"/>\n"
 *
 * The resource's parameters and the operation's own (OCF_CHECK_LEVEL),
 * plus CRM_meta_timeout for a recurring operation (its timeout in ms: its
 * own, else op-defaults', else 20000), sorted by name with strcmp, minus
 * id, crm_feature_set, op-digest, on_node, on_node_uuid, pcmk_external_ip
 * and every other CRM_meta_*. Values are escaped as crm_xml_escape() does,
 * quirks included: < > " ' & as entities, a tab as four spaces, newline
 * and carriage return as \n and \r, other bytes outside ' '..'~' in octal
 * (of the signed char), and nothing at all from the first pair of bytes
 * with the high bit set on. The digest is the same whatever feature set
 * recorded it (the v1 algorithm, which sorts).
 *
 * MD5 comes from libcrypto; it serves to compare, not to protect.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "compiler.h"

#define DIGEST_OP_TIMEOUT_MS	20000	/* Pacemaker's default op timeout */

/* One name=value of the parameter set. */
struct dparam {
	const char	*name;
	const char	*value;
};

static int
digest_cmp(const void *a, const void *b)
{
	const struct dparam	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Append v escaped as crm_xml_escape() (Pacemaker 2.1.5) does. */
static void
digest_escape(struct buf *b, const char *v)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if ((p[0] & 0x80) && (p[1] & 0x80)) {
			/* A multibyte character: the rest goes as it is. */
			buf_puts(b, (const char *)p);
			return;
		}
		switch (*p) {
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&apos;");
			break;
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '\t':
			buf_puts(b, "    ");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		default:
			if (*p < ' ' || *p > '~')
				buf_printf(b, "\\%.3o",
				    (unsigned)(int)(signed char)*p);
			else
				buf_putc(b, *p);
			break;
		}
	}
}

/* Whether name is one of the space-separated words of list. */
static int
digest_listed(const char *list, const char *name)
{
	size_t		 n = strlen(name);
	const char	*p;

	for (p = list; (p = strstr(p, name)) != NULL; p++) {
		if (p > list && p[-1] == ' ' && p[n] == ' ')
			return 1;
	}
	return 0;
}

/* Whether name is a parameter Pacemaker itself reads for fence devices. */
static int
digest_fence_param(const char *name)
{
	static const char *const names[] = { "provides", "stonith-timeout",
	    "pcmk_action_limit", "pcmk_delay_base", "pcmk_delay_max",
	    "pcmk_host_argument", "pcmk_host_check", "pcmk_host_list",
	    "pcmk_host_map" };
	const char	*p;
	size_t		 i;

	for (i = 0; i < nitems(names); i++) {
		if (strcmp(name, names[i]) == 0)
			return 1;
	}
	if (strncmp(name, "pcmk_", 5) != 0 ||
	    (p = strchr(name + 5, '_')) == NULL)
		return 0;
	return strcmp(p, "_action") == 0 || strcmp(p, "_timeout") == 0 ||
	    strcmp(p, "_retries") == 0;
}

/* Whether a digest of that kind leaves a parameter out. */
static int
digest_filtered(const char *name, enum digest_kind kind, const char *list,
    int fence)
{
	static const char *const skip[] = { "id", "crm_feature_set",
	    "op-digest", "on_node", "on_node_uuid", "pcmk_external_ip" };
	size_t	i;

	if (strncmp(name, "CRM_meta_", 9) == 0)
		return strcmp(name, "CRM_meta_timeout") != 0 ||
		    kind == DIGEST_SECURE_OLD;
	for (i = 0; i < nitems(skip); i++) {
		if (strcmp(name, skip[i]) == 0)
			return 1;
	}
	switch (kind) {
	case DIGEST_ONLY:
		return list != NULL && !digest_listed(list, name);
	case DIGEST_SECURE_OLD:
		if (fence && digest_fence_param(name))
			return 1;
		/* FALLTHROUGH */
	case DIGEST_SECURE:
		return list != NULL && digest_listed(list, name);
	default:
		return 0;
	}
}

/* The timeout of a recurring op as Pacemaker passes it, in ms. */
static uint64_t
digest_timeout(struct ctx *ctx, const struct model *m, const struct op *op)
{
	const char	*v = NULL, *cause;
	uint64_t	 ms = DIGEST_OP_TIMEOUT_MS;
	size_t		 i;

	if (op != NULL)
		return op->timeout_ms;
	for (i = 0; m != NULL && i < m->op_defaults.n; i++) {
		if (strcmp(m->op_defaults.v[i].name, "timeout") == 0)
			v = m->op_defaults.v[i].value;
	}
	if (v != NULL && value_duration(ctx, v, &ms, &cause) != 0)
		ms = DIGEST_OP_TIMEOUT_MS;
	return ms;
}

/*
 * The digest of a kind Pacemaker 2.1.5 computes for operation task (with
 * interval_ms) of primitive r in model m (r NULL: a resource without
 * parameters). list is op-force-restart for DIGEST_ONLY, op-secure-params
 * for DIGEST_SECURE*: space-separated names, " a b ". Returns 32 hex
 * digits in ctx's arena, or NULL when libcrypto has no MD5 (a FIPS-only
 * build).
 */
const char *
digest_params(struct ctx *ctx, const struct model *m,
    const struct resource *r, const char *task, uint64_t interval_ms,
    enum digest_kind kind, const char *list)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0;
	struct dparam		*v;
	struct buf		 b;
	const struct op		*op = NULL;
	char			*out;
	size_t			 i, j, n = 0, np;
	int			 ok;

	np = r != NULL ? r->params.n : 0;
	for (i = 0; r != NULL && i < r->nops && op == NULL; i++) {
		if (r->ops[i].interval_ms == interval_ms &&
		    strcasecmp(r->ops[i].name, task) == 0)
			op = &r->ops[i];
	}
	v = xreallocarray(NULL, np + 2, sizeof *v);
	/* The first of a name wins, as in Pacemaker's instance attributes. */
	for (i = 0; i < np; i++) {
		for (j = 0; j < n; j++) {
			if (strcmp(v[j].name, r->params.v[i].name) == 0)
				break;
		}
		if (j == n) {
			v[n].name = r->params.v[i].name;
			v[n++].value = r->params.v[i].value != NULL ?
			    r->params.v[i].value : "";
		}
	}
	if (kind != DIGEST_SECURE_OLD && op != NULL && op->check_level >= 0) {
		for (j = 0; j < n && strcmp(v[j].name, "OCF_CHECK_LEVEL"); j++)
			;
		v[j].name = "OCF_CHECK_LEVEL";
		v[j].value = arena_printf(ctx->arena, "%d", op->check_level);
		n += j == n;
	}
	if (kind != DIGEST_SECURE_OLD && interval_ms > 0) {
		v[n].name = "CRM_meta_timeout";
		v[n++].value = arena_printf(ctx->arena, "%" PRIu64,
		    digest_timeout(ctx, m, op));
	}
	qsort(v, n, sizeof *v, digest_cmp);

	buf_init(&b);
	buf_puts(&b, " <parameters");
	for (i = 0; i < n; i++) {
		if (digest_filtered(v[i].name, kind, list,
		    r != NULL && r->is_fence))
			continue;
		buf_printf(&b, " %s=\"", v[i].name);
		digest_escape(&b, v[i].value);
		buf_putc(&b, '"');
	}
	buf_puts(&b, "/>\n");
	free(v);
	ok = EVP_Digest(b.data, b.len, md, &mdlen, EVP_md5(), NULL) == 1 &&
	    mdlen > 0;
	buf_clear(&b);
	if (!ok)
		return NULL;
	out = arena_alloc(ctx->arena, 2 * mdlen + 1);
	for (i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[2 * mdlen] = '\0';
	return out;
}
