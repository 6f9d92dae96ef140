/*
 * digest.c: whether a resource's definition changed since an operation
 * ran: the digests a history recorded against the policy's now
 * (compiler/digest.c computes them as Pacemaker does).
 *
 * As rsc_action_digest_cmp() in Pacemaker 2.1.5: the restart digest first
 * (only the parameters that need a restart), then the digest of them all.
 * Like crm_simulate, histories are read as crm_report leaves them, secrets
 * masked ("****"): when only the secret parameters differ, the secure
 * digest (without them) still matches, and nothing changed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

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

/* Compare two dotted versions, as Pacemaker's compare_version() does. */
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

/* Whether the op's digest differs from d (NULL, no MD5: no difference). */
static int
digest_differs(const char *recorded, const char *d)
{
	return d != NULL && strcmp(d, recorded) != 0;
}

/*
 * The digest of all of r's parameters for task and interval, from memo
 * (an array by model resource index, or NULL) when computed before.
 */
static const char *
digest_all(struct ctx *ctx, const struct model *m, const struct resource *r,
    const char *task, uint64_t interval_ms, struct digest_memo **memo)
{
	struct digest_memo	*e;

	/* an orphan's resource is not the model's */
	if (memo == NULL || r->index >= m->nresources ||
	    m->resources[r->index] != r)
		return digest_params(ctx, m, r, task, interval_ms, DIGEST_ALL,
		    NULL);
	for (e = memo[r->index]; e != NULL; e = e->next) {
		if (e->interval_ms == interval_ms && strcmp(e->task, task) == 0)
			return e->digest;
	}
	e = arena_alloc(ctx->arena, sizeof *e);
	e->task = arena_strdup(ctx->arena, task);
	e->interval_ms = interval_ms;
	e->digest = digest_params(ctx, m, r, task, interval_ms, DIGEST_ALL,
	    NULL);
	e->next = memo[r->index];
	memo[r->index] = e;
	return e->digest;
}

static enum digest_result
digest_compare_all(struct ctx *ctx, const struct model *m,
    const struct resource *r, const struct oprec *op, const char *task,
    struct digest_memo **memo)
{
	const struct op	*cfg = NULL;
	size_t		 i;

	if (op->restart_digest != NULL && digest_differs(op->restart_digest,
	    digest_params(ctx, m, r, task, op->interval_ms, DIGEST_ONLY,
	    op->force_restart)))
		return DIGEST_RESTART;
	if (op->digest == NULL)
		return DIGEST_UNKNOWN;
	if (!digest_differs(op->digest, digest_all(ctx, m, r, task,
	    op->interval_ms, memo)))
		return DIGEST_MATCH;
	/* A start with operation parameters restarts to apply them. */
	for (i = 0; op->interval_ms == 0 && i < r->nops; i++) {
		if (r->ops[i].interval_ms == 0 &&
		    strcmp(r->ops[i].name, task) == 0)
			cfg = &r->ops[i];
	}
	if (cfg != NULL && cfg->check_level >= 0)
		return DIGEST_RESTART;
	return DIGEST_CHANGED;
}

/*
 * Compare an operation's recorded digests with primitive r's of model m
 * now, for task (digest_task() of the op's). memo, when not NULL, keeps
 * the digests of all parameters by model resource index (m->nresources
 * lists, NULL at first) for the next comparisons.
 */
enum digest_result
digest_compare(struct ctx *ctx, const struct model *m,
    const struct resource *r, const struct oprec *op, const char *task,
    struct digest_memo **memo)
{
	enum digest_result	d;
	enum digest_kind	kind = DIGEST_SECURE;

	d = digest_compare_all(ctx, m, r, op, task, memo);
	if (d == DIGEST_MATCH || op->secure_digest == NULL)
		return d;
	if (op->feature_set != NULL &&
	    digest_version_cmp(op->feature_set, "3.16.0") < 0)
		kind = DIGEST_SECURE_OLD;
	if (!digest_differs(op->secure_digest, digest_params(ctx, m, r, task,
	    op->interval_ms, kind, op->secure_params)))
		return DIGEST_MATCH;
	return d;
}
