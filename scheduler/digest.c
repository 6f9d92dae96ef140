/*
 * digest.c: operation digests, how the scheduler tells that a resource's
 * definition changed since an operation ran.
 *
 * Pacemaker records with each operation an MD5 digest of the parameters
 * it ran with (op-digest) and, for agents that can reload, a digest of
 * only the parameters that need a restart (op-restart-digest, over the
 * names listed in op-force-restart). To compare, the scheduler digests
 * the parameters the policy gives now, in the same form, byte for byte:
 *
 *	" <parameters a=\"1\" b=\"2\"/>\n"
 *
 * The resource's parameters and the operation's own (OCF_CHECK_LEVEL),
 * plus CRM_meta_timeout for a recurring operation, sorted by name; an
 * empty value is left out and values are escaped as crm_xml_escape()
 * does. The digest is the same whatever Pacemaker version recorded it
 * (the v1 algorithm, which sorts).
 *
 * MD5 comes from libcrypto; it serves to compare, not to protect.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "sched.h"

/* One name=value of the parameter set. */
struct dparam {
	const char	*name;
	const char	*value;
};

static int
digest_cmp(const void *a, const void *b)
{
	const struct dparam	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return strcmp(x->value, y->value);
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

/* The configured op for task and interval (enabled or not), or NULL. */
static const struct op *
digest_op(const struct resource *r, const char *task, uint64_t interval)
{
	size_t	i;

	for (i = 0; i < r->nops; i++) {
		if (r->ops[i].interval_ms == interval &&
		    strcmp(r->ops[i].name, task) == 0)
			return &r->ops[i];
	}
	return NULL;
}

/* MD5 of s as 32 lowercase hex digits, in the arena. */
static const char *
digest_md5(struct arena *ar, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0, i;
	char			*out;

	if (EVP_Digest(s, len, md, &mdlen, EVP_md5(), NULL) != 1)
		return NULL;
	out = arena_alloc(ar, 2 * mdlen + 1);
	for (i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[2 * mdlen] = '\0';
	return out;
}

/* Which parameters a digest covers. */
enum digest_kind {
	KIND_ALL,		/* op-digest */
	KIND_ONLY,		/* op-restart-digest: those listed */
	KIND_SECURE,		/* op-secure-digest: all but those listed */
	KIND_SECURE_OLD		/* the same, recorded before feature set
				   3.16.0: the resource's parameters only,
				   no fencing ones */
};

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

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i]) == 0)
			return 1;
	}
	if (strncmp(name, "pcmk_", 5) != 0 ||
	    (p = strchr(name + 5, '_')) == NULL)
		return 0;
	return strcmp(p, "_action") == 0 || strcmp(p, "_timeout") == 0 ||
	    strcmp(p, "_retries") == 0;
}

/* Whether a digest leaves out a parameter (pcmk__filter_op_for_digest). */
static int
digest_filtered(const char *name, enum digest_kind kind, const char *list,
    int fence)
{
	if (strncmp(name, "CRM_meta_", 9) == 0)
		return strcmp(name, "CRM_meta_timeout") != 0 ||
		    kind == KIND_SECURE_OLD;
	if (strcmp(name, "id") == 0 || strcmp(name, "crm_feature_set") == 0 ||
	    strcmp(name, "op-digest") == 0 || strcmp(name, "on_node") == 0 ||
	    strcmp(name, "on_node_uuid") == 0 ||
	    strcmp(name, "pcmk_external_ip") == 0)
		return 1;
	switch (kind) {
	case KIND_ONLY:
		return list != NULL && !digest_listed(list, name);
	case KIND_SECURE_OLD:
		if (fence && digest_fence_param(name))
			return 1;
		/* FALLTHROUGH */
	case KIND_SECURE:
		return list != NULL && digest_listed(list, name);
	default:
		return 0;
	}
}

static const char *
digest_build(struct arena *ar, const struct resource *r, const char *task,
    uint64_t interval_ms, enum digest_kind kind, const char *list)
{
	struct dparam	*v;
	struct buf	 b;
	const struct op	*op;
	const char	*d, *timeout = NULL, *level = NULL;
	size_t		 i, j, n = 0;

	op = digest_op(r, task, interval_ms);
	if (kind != KIND_SECURE_OLD) {
		if (op != NULL && interval_ms > 0)
			timeout = arena_printf(ar, "%llu",
			    (unsigned long long)op->timeout_ms);
		else if (op == NULL && interval_ms > 0)
			timeout = "20000";
		if (op != NULL && op->check_level >= 0)
			level = arena_printf(ar, "%d", op->check_level);
	}

	v = xreallocarray(NULL, r->params.n + 3, sizeof *v);
	/* The first of a name wins, as in Pacemaker's instance attributes. */
	for (i = 0; i < r->params.n; i++) {
		for (j = 0; j < n; j++) {
			if (strcmp(v[j].name, r->params.v[i].name) == 0)
				break;
		}
		if (j == n) {
			v[n].name = r->params.v[i].name;
			v[n++].value = r->params.v[i].value;
		}
	}
	if (level != NULL) {
		for (j = 0; j < n && strcmp(v[j].name, "OCF_CHECK_LEVEL"); j++)
			;
		v[j].name = "OCF_CHECK_LEVEL";
		v[j].value = level;
		if (j == n)
			n++;
	}
	if (timeout != NULL) {
		v[n].name = "CRM_meta_timeout";
		v[n++].value = timeout;
	}
	qsort(v, n, sizeof *v, digest_cmp);

	buf_init(&b);
	buf_puts(&b, " <parameters");
	for (i = 0; i < n; i++) {
		if (v[i].value == NULL || v[i].value[0] == '\0')
			continue;	/* an empty attribute is not written */
		if (digest_filtered(v[i].name, kind, list, r->is_fence))
			continue;
		buf_printf(&b, " %s=\"", v[i].name);
		digest_escape(&b, v[i].value);
		buf_putc(&b, '"');
	}
	buf_puts(&b, "/>\n");
	d = digest_md5(ar, b.data, b.len);
	buf_clear(&b);
	free(v);
	return d;
}

/*
 * The digest of task (with interval) of primitive r as the policy defines
 * it now. With only non-NULL (an op-force-restart list, " a b "), just the
 * parameters it names: the restart digest. NULL if MD5 is unavailable.
 */
const char *
digest_params(struct arena *ar, const struct resource *r, const char *task,
    uint64_t interval_ms, const char *only)
{
	return digest_build(ar, r, task, interval_ms, only != NULL ?
	    KIND_ONLY : KIND_ALL, only);
}

/* Compare two dotted versions, as compare_version() does. */
static int
digest_version_cmp(const char *a, const char *b)
{
	long	x, y;
	char	*e;

	while (*a != '\0' || *b != '\0') {
		x = *a != '\0' ? strtol(a, &e, 10) : 0;
		a = *a != '\0' ? e : a;
		y = *b != '\0' ? strtol(b, &e, 10) : 0;
		b = *b != '\0' ? e : b;
		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		else if (*a != '\0')
			break;
		if (*b == '.')
			b++;
		else if (*b != '\0')
			break;
	}
	return 0;
}

/*
 * The task whose parameters an operation ran with: a probe, a promote and
 * a migrate_from ran with the start's.
 */
const char *
digest_task(const char *task, uint64_t interval_ms)
{
	if (interval_ms == 0 && (strcmp(task, "monitor") == 0 ||
	    strcmp(task, "migrate_from") == 0 ||
	    strcmp(task, "promote") == 0))
		return "start";
	return task;
}

/*
 * Compare an operation's recorded digests with the policy's (as
 * rsc_action_digest_cmp does). The restart digest first: only the
 * parameters that need a restart.
 */
static enum digest_result
digest_compare_all(struct arena *ar, const struct resource *r,
    const struct oprec *op, const char *task)
{
	const char	*now;
	const struct op	*cfg;

	if (op->restart_digest != NULL) {
		now = digest_params(ar, r, task, op->interval_ms,
		    op->force_restart);
		if (now != NULL && strcmp(now, op->restart_digest) != 0)
			return DIGEST_RESTART;
	}
	if (op->digest == NULL)
		return DIGEST_UNKNOWN;
	now = digest_params(ar, r, task, op->interval_ms, NULL);
	if (now == NULL || strcmp(now, op->digest) == 0)
		return DIGEST_MATCH;
	/* A start with operation parameters restarts to apply them. */
	cfg = digest_op(r, task, op->interval_ms);
	if (op->interval_ms == 0 && cfg != NULL && cfg->check_level >= 0)
		return DIGEST_RESTART;
	return DIGEST_ALL;
}

/*
 * Compare an operation's recorded digests with the policy's. Like
 * crm_simulate, it reads histories as crm_report leaves them, secrets
 * masked ("****"): when only the secret parameters differ (the secure
 * digest, without them, matches), nothing changed.
 */
enum digest_result
digest_compare(struct arena *ar, const struct resource *r,
    const struct oprec *op, const char *task)
{
	enum digest_result	 d;
	enum digest_kind	 kind = KIND_SECURE;
	const char		*now;

	d = digest_compare_all(ar, r, op, task);
	if (d == DIGEST_MATCH || op->secure_digest == NULL)
		return d;
	if (op->feature_set != NULL &&
	    digest_version_cmp(op->feature_set, "3.16.0") < 0)
		kind = KIND_SECURE_OLD;
	now = digest_build(ar, r, task, op->interval_ms, kind,
	    op->secure_params);
	if (now != NULL && strcmp(now, op->secure_digest) == 0)
		return DIGEST_MATCH;
	return d;
}
