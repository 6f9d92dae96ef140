/*
 * state.c: the cluster state (struct cstate, scheduler/sched.h): made
 * fresh from a model, read from a state file (docs/state.md) whose lines
 * statefile.y has shaped into statements, written back in one canonical
 * form, copied, and looked up and changed by the scheduler and the
 * simulator.
 *
 * Reading resolves the statements against the policy's model in passes:
 * nodes first named (when the model declares none), now and quorum, the
 * nodes, the resource histories (short forms expanded into the operations
 * Pacemaker would have recorded), the DC, and last the call ids of the
 * operations written without one. A file in the order hacc writes it
 * (no 'now' or 'node' after a 'resource') gives the same in one pass, each
 * statement resolved and its syntax freed as soon as it is parsed, and is
 * read so; any other, or one with errors, is read again whole. Every
 * problem is reported; a state is returned only when there is none.
 *
 * Everything lives in the arena of the context a state was made in; the
 * lookup tables too (a table that grows leaves its old copy behind, at
 * most as much again). Nothing here prints.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "statefile.h"

/*
 * Lookup tables: open addressing over indexes + 1 (0 is empty), rebuilt
 * whenever the arrays they index were changed behind state.c's back (a
 * different pointer or count).
 */
struct state_priv {
	struct ctx		*ctx;
	const struct nstate	*nodes;		/* the array indexed */
	size_t			 nnodes;
	size_t			 nodes_cap;	/* its capacity */
	size_t			*ntab;
	size_t			 ntab_cap;
	const struct rhist	*hist;
	size_t			 nhist;
	size_t			 hist_cap;
	size_t			*htab;
	size_t			 htab_cap;
	size_t			 tickets_cap;
};

/* The node statuses of docs/state.md, in the order hacc prefers them. */
struct nstatus {
	const char	*name;
	int		 seen;
	int		 in_ccm;
	int		 crmd;
	enum join_state	 join;
	int		 expected_up;
	const char	*attr;		/* set to "on" */
};

static const struct nstatus nstatuses[] = {
	{ "online", 1, 1, 1, JOIN_MEMBER, 1, NULL },
	{ "offline", 1, 0, 0, JOIN_DOWN, 0, NULL },
	{ "unclean", 1, 0, 0, JOIN_DOWN, 1, NULL },
	{ "pending", 1, 1, 1, JOIN_PENDING, 1, NULL },
	{ "standby", 1, 1, 1, JOIN_MEMBER, 1, "standby" },
	{ "maintenance", 1, 1, 1, JOIN_MEMBER, 1, "maintenance" },
	{ "unseen", 0, 0, 0, JOIN_DOWN, 0, NULL },
};

static const char *const join_names[] = { "down", "pending", "member",
    "banned" };
static const char *const updown[] = { "up", "down" };

static const char *const agent_classes[] = { "ocf", "lsb", "systemd",
    "service", "stonith", "upstart", "nagios" };

/* OCF exit codes by name (rc=, expected=). */
static const struct {
	const char	*name;
	int		 rc;
} rc_names[] = {
	{ "ok", OCF_OK }, { "generic", OCF_ERR_GENERIC },
	{ "args", OCF_ERR_ARGS }, { "unimplemented", OCF_ERR_UNIMPLEMENTED },
	{ "perm", OCF_ERR_PERM }, { "not-installed", OCF_ERR_INSTALLED },
	{ "not-configured", OCF_ERR_CONFIGURED },
	{ "not-running", OCF_NOT_RUNNING },
	{ "running-promoted", OCF_RUNNING_PROMOTED },
	{ "failed-promoted", OCF_FAILED_PROMOTED },
	{ "degraded", OCF_DEGRADED },
	{ "degraded-promoted", OCF_DEGRADED_PROMOTED },
};

/* Operation statuses by name (status=), indexed by status + 1. */
static const char *const opst_names[] = { "pending", "done", "cancelled",
    "timeout", "not-supported", "error", "error-hard", "error-fatal",
    "not-installed" };

#define OPST_MIN	(-1)
#define OPST_MAX	11	/* Pacemaker's highest, beyond enum op_status */

/* Resource states of the short form. */
enum rstate {
	RS_STOPPED,
	RS_STARTED,
	RS_UNPROMOTED,
	RS_PROMOTED,
	RS_FAILED,
	RS_NONE			/* no state word: a block, or empty */
};

static const char *const rstate_names[] = { "stopped", "started",
    "unpromoted", "promoted", "failed" };

/* Settings of each statement, for checks and suggestions. */
static const char *const quorum_settings[] = { "panic" };
static const char *const ticket_settings[] = { "last-granted" };
static const char *const node_settings[] = { "member", "daemon", "join",
    "expected", "seen", "id" };
static const char *const hist_settings[] = { "agent", "lock", "time", "op",
    "interval", "rc", "status", "expected", "reason", "fail-count" };
#define HIST_BLOCK_SETTINGS	2	/* agent, lock: every form */
#define HIST_SHORT_SETTINGS	3	/* and time: the short forms */
static const char *const op_settings[] = { "interval", "call", "rc",
    "status", "expected", "changed", "digest", "restart-digest",
    "force-restart", "secure-digest", "secure-params", "feature-set",
    "reason", "id" };
static const char *const failcount_settings[] = { "interval", "count",
    "last-failure" };

#define FAILCOUNT_PREFIX	"fail-count-"
#define LASTFAILURE_PREFIX	"last-failure-"
#define TIME_MIN		(-62167219200LL)	/* 0000-01-01 */
#define TIME_MAX		(253402300799LL)	/* 9999-12-31T23:59:59 */
#define COUNT_TEXT_MAX		32

/* An operation whose call id is assigned once the whole file is read. */
struct autocall {
	size_t		 hist;
	size_t		 op;
};

/*
 * Reading a state file: what the passes share. The tables for duplicates
 * live in tmp, an arena freed when reading is done, and so does the
 * syntax tree when the file is read whole; only the state goes to the
 * context's arena. What one statement needs while it is resolved goes to
 * scratch: tmp when the file is read whole, else the arena each statement
 * is parsed in, reset after it.
 */
struct resolve {
	struct ctx		*ctx;
	struct arena		*tmp;
	struct arena		*scratch;
	const struct model	*model;
	struct cstate		*st;
	int			 model_nodes;	/* the model declares nodes */
	struct map		 strings;	/* interned copies */
	struct map		 node_stmts;	/* node name -> struct loc */
	struct map		 attrs;		/* "node attr" -> struct loc */
	struct loc		*hist_locs;	/* where each history is given */
	size_t			 hist_locs_cap;
	struct oprec		*ops;		/* the history being built */
	size_t			 nops;
	size_t			 ops_cap;
	struct autocall		*autos;
	size_t			 nautos;
	size_t			 autos_cap;
	int			 max_call;
	const struct sfstmt	*now_stmt;
	const struct sfstmt	*quorum_stmt;
	const struct sfstmt	*dc_stmt;
	int			 in_body;	/* streaming: a resource
						   statement came */
};

static int	state_lf_carried(const struct nstate *, size_t);
static struct rhist *state_hist_get(struct cstate *, const char *, size_t,
		    int, int);

/* --- small helpers ------------------------------------------------------ */

static uint64_t
state_hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static uint64_t
state_hist_hash(const char *rsc, size_t node)
{
	return state_hash(rsc) ^ ((uint64_t)node * 0x9e3779b97f4a7c15ULL);
}

/* Index of name in names, or -1. */
static int
state_lookup(const char *name, const char *const *names, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	}
	return -1;
}

/* "a, b or c" in the arena. */
static const char *
state_list(struct ctx *ctx, const char *const *names, size_t n)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(&b, i == n - 1 ? " or " : ", ");
		buf_puts(&b, names[i]);
	}
	s = arena_strdup(ctx->arena, b.data == NULL ? "" : b.data);
	buf_clear(&b);
	return s;
}

/* Whether s is all decimal digits, without a leading zero (or "0"). */
static int
state_is_canonical_uint(const char *s, size_t maxlen)
{
	size_t	n = strlen(s);

	if (n == 0 || n > maxlen || strspn(s, "0123456789") != n)
		return 0;
	return n == 1 || s[0] != '0';
}

/* Parse the canonical decimal s (optional '-'); 0 on success. */
static int
state_canonical_int(const char *s, int64_t *v)
{
	int	neg = s[0] == '-';

	if (!state_is_canonical_uint(s + neg, 18) ||
	    (neg && strcmp(s, "-0") == 0))
		return -1;
	*v = strtoll(s, NULL, 10);
	return 0;
}

/* --- times -------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
state_days_from_civil(int64_t y, int m, int d)
{
	int64_t		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
state_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t		era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Read exactly n digits at *p. */
static int
state_digits(const char **p, int n, int *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

/*
 * The date part of an ISO 8601 time as days since 1970-01-01: a calendar
 * date (YYYY-MM-DD), an ordinal date (YYYY-DDD) or a week date
 * (YYYY-Www-D, Monday is 1; week 1 holds January 4th). -1 if invalid.
 */
static int
state_parse_date(const char **pp, int64_t *days)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char	*p = *pp;
	int		 y, mo, d, w, leap, dim;
	int64_t		 jan4, wd;

	if (state_digits(&p, 4, &y) != 0 || *p++ != '-')
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (*p == 'W') {
		p++;
		if (state_digits(&p, 2, &w) != 0 || *p++ != '-' ||
		    state_digits(&p, 1, &d) != 0 || w < 1 || w > 53 ||
		    d < 1 || d > 7)
			return -1;
		jan4 = state_days_from_civil(y, 1, 4);
		wd = ((jan4 % 7) + 7 + 3) % 7 + 1;	/* 1970-01-01: Thu */
		*days = jan4 - (wd - 1) + (w - 1) * 7 + (d - 1);
		*pp = p;
		return 0;
	}
	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && !isdigit((unsigned char)p[3])) {
		state_digits(&p, 3, &d);
		if (d < 1 || d > 365 + leap)
			return -1;
		*days = state_days_from_civil(y, 1, 1) + d - 1;
		*pp = p;
		return 0;
	}
	if (state_digits(&p, 2, &mo) != 0 || *p++ != '-' ||
	    state_digits(&p, 2, &d) != 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1)
		return -1;
	dim = mdays[mo - 1] + (mo == 2 && leap);
	if (d > dim)
		return -1;
	*days = state_days_from_civil(y, mo, d);
	*pp = p;
	return 0;
}

/*
 * Parse an ISO 8601 time: a date (state_parse_date), then optionally 'T'
 * or a space, HH:MM, :SS, a fraction (dropped), and 'Z' or an offset
 * (+hh:mm, +hhmm, +hh). Without a zone the time is UTC. Returns 0 and the
 * epoch seconds in *out, or -1.
 */
int
state_parse_time(const char *s, int64_t *out)
{
	const char	*p = s;
	int		 h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	int64_t		 days;

	if (s == NULL || state_parse_date(&p, &days) != 0)
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (state_digits(&p, 2, &h) != 0 || *p++ != ':' ||
		    state_digits(&p, 2, &mi) != 0)
			return -1;
		if (*p == ':') {
			p++;
			if (state_digits(&p, 2, &sec) != 0)
				return -1;
			if (*p == '.' || *p == ',') {
				p++;
				if (!isdigit((unsigned char)*p))
					return -1;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || sec > 59)
			return -1;
		if (*p == 'Z' || *p == 'z')
			p++;
		else if (*p == '+' || *p == '-') {
			sign = *p++ == '-' ? -1 : 1;
			if (state_digits(&p, 2, &oh) != 0)
				return -1;
			if (*p == ':')
				p++;
			if (isdigit((unsigned char)*p) &&
			    state_digits(&p, 2, &om) != 0)
				return -1;
			if (oh > 23 || om > 59)
				return -1;
		}
	}
	if (*p != '\0')
		return -1;
	*out = days * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	return 0;
}

/* Append t as YYYY-MM-DDTHH:MM:SSZ. */
static void
state_put_time(struct buf *b, int64_t t)
{
	int64_t	days, rem, y;
	int	m, d;

	days = t / 86400;
	rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	state_civil_from_days(days, &y, &m, &d);
	buf_printf(b, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

/* --- words in the output ------------------------------------------------ */

/* Whether s reads back as one word (after '=', where keywords are words). */
static int
state_bare_value(const char *s)
{
	size_t	i, n = strlen(s);

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) &&
		    strchr("_.:/@+%-", s[i]) == NULL)
			return 0;
	}
	if (n == 1 && s[0] == ':')
		return 0;
	if (n > 1 && s[n - 1] == ':' && s[n - 2] != ':')
		return 0;
	return 1;
}

/* Whether s reads back as one word in a name's place. */
static int
state_bare_name(const char *s)
{
	return state_bare_value(s) && !statefile_is_keyword(s);
}

static void
state_put_name(struct buf *b, const char *s)
{
	if (state_bare_name(s))
		buf_puts(b, s);
	else
		print_string(b, s, 1);
}

static void
state_put_value(struct buf *b, const char *s)
{
	if (state_bare_value(s))
		buf_puts(b, s);
	else
		print_string(b, s, 1);
}

/* Append a duration as compact as it reads back: 30s, 2min, 1h, 1500ms. */
static void
state_put_ms(struct buf *b, uint64_t ms)
{
	unsigned long long	v = (unsigned long long)ms;

	if (v != 0 && v % 3600000 == 0)
		buf_printf(b, "%lluh", v / 3600000);
	else if (v != 0 && v % 60000 == 0)
		buf_printf(b, "%llumin", v / 60000);
	else if (v % 1000 == 0)
		buf_printf(b, "%llus", v / 1000);
	else
		buf_printf(b, "%llums", v);
}

/* --- the state and its tables -------------------------------------------- */

static void
state_priv_new(struct ctx *ctx, struct cstate *st)
{
	st->priv = arena_zalloc(ctx->arena, sizeof *st->priv);
	st->priv->ctx = ctx;
}

/* A table of cap slots (a power of two) for n entries and more. */
static size_t *
state_table(struct state_priv *p, size_t n, size_t *cap)
{
	size_t	c = 16;

	while (c < n * 2 + 2)
		c *= 2;
	*cap = c;
	return arena_zalloc(p->ctx->arena, c * sizeof(size_t));
}

static void
state_ntab_put(struct state_priv *p, const struct nstate *nodes, size_t i)
{
	size_t	 m = p->ntab_cap - 1, k;

	k = (size_t)state_hash(nodes[i].name) & m;
	while (p->ntab[k] != 0)
		k = (k + 1) & m;
	p->ntab[k] = i + 1;
}

static void
state_htab_put(struct state_priv *p, const struct rhist *hist, size_t i)
{
	size_t	 m = p->htab_cap - 1, k;

	k = (size_t)state_hist_hash(hist[i].rsc, hist[i].node) & m;
	while (p->htab[k] != 0)
		k = (k + 1) & m;
	p->htab[k] = i + 1;
}

/* Make the node table index st->nodes as they are now. */
static void
state_index_nodes(const struct cstate *st)
{
	struct state_priv	*p = st->priv;
	size_t			 i;

	if (p->ntab != NULL && p->nodes == st->nodes &&
	    p->nnodes == st->nnodes)
		return;
	if (p->nodes != st->nodes)
		p->nodes_cap = st->nnodes;
	p->nodes = st->nodes;
	p->nnodes = st->nnodes;
	p->ntab = state_table(p, st->nnodes, &p->ntab_cap);
	for (i = 0; i < st->nnodes; i++) {
		if (st->nodes[i].name != NULL)
			state_ntab_put(p, st->nodes, i);
	}
}

static void
state_index_hist(const struct cstate *st)
{
	struct state_priv	*p = st->priv;
	size_t			 i;

	if (p->htab != NULL && p->hist == st->hist && p->nhist == st->nhist)
		return;
	if (p->hist != st->hist)
		p->hist_cap = st->nhist;
	p->hist = st->hist;
	p->nhist = st->nhist;
	p->htab = state_table(p, st->nhist, &p->htab_cap);
	for (i = 0; i < st->nhist; i++) {
		if (st->hist[i].rsc != NULL)
			state_htab_put(p, st->hist, i);
	}
}

/*
 * An empty state: no nodes, no histories, quorum not said, no time.
 * Returns a new state in ctx's arena.
 */
struct cstate *
state_new(struct ctx *ctx)
{
	struct cstate	*st;

	st = arena_zalloc(ctx->arena, sizeof *st);
	st->have_quorum = -1;
	state_priv_new(ctx, st);
	return st;
}

/* Set a node's membership to a status of the table. */
static void
state_apply_status(struct nstate *n, const struct nstatus *s)
{
	n->seen = s->seen;
	n->in_ccm = s->in_ccm;
	n->crmd = s->crmd;
	n->join = s->join;
	n->expected_up = s->expected_up;
}

/*
 * The state of a fresh start: every node the model declares online (with
 * its id), nothing known about any resource, quorum computed. A NULL
 * model gives an empty state. Returns a new state in ctx's arena.
 */
struct cstate *
state_fresh(struct ctx *ctx, const struct model *m)
{
	struct cstate	*st;
	struct nstate	*n;
	size_t		 i;

	st = state_new(ctx);
	if (m == NULL)
		return st;
	for (i = 0; i < m->nnodes; i++) {
		n = state_node(st, m->nodes[i]->name, 1);
		state_apply_status(n, &nstatuses[0]);
		n->id = m->nodes[i]->id;
	}
	return st;
}

/*
 * The ticket called name, or NULL. With create, a ticket not there yet is
 * added, revoked, in ctx's arena (the list stays sorted by name; its name
 * copied); ctx may be NULL without create.
 */
struct tstate *
state_ticket(struct ctx *ctx, struct cstate *st, const char *name,
    int create)
{
	struct tstate	*v;
	size_t		 lo = 0, hi = st->ntickets, mid, cap, have;
	int		 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(name, st->tickets[mid].name)) == 0)
			return &st->tickets[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (!create)
		return NULL;
	have = st->priv != NULL ? st->priv->tickets_cap : st->ntickets;
	if (st->ntickets == have) {
		cap = have < 4 ? 4 : have * 2;
		v = arena_alloc(ctx->arena, cap * sizeof *v);
		if (st->ntickets > 0)
			memcpy(v, st->tickets, st->ntickets * sizeof *v);
		st->tickets = v;
		if (st->priv != NULL)
			st->priv->tickets_cap = cap;
	}
	memmove(&st->tickets[lo + 1], &st->tickets[lo], (st->ntickets - lo) *
	    sizeof *st->tickets);
	st->ntickets++;
	v = &st->tickets[lo];
	memset(v, 0, sizeof *v);
	v->name = arena_strdup(ctx->arena, name);
	return v;
}

/*
 * The node called name, or NULL. With create, a node not there yet is
 * added (all down, never seen, no attributes; its name copied). Creating
 * may move st->nodes; NULL also when st was not made by state.c.
 */
struct nstate *
state_node(struct cstate *st, const char *name, int create)
{
	struct state_priv	*p = st->priv;
	struct nstate		*v;
	size_t			 i, k, m, cap;

	if (name == NULL)
		return NULL;
	if (p == NULL) {
		for (i = 0; i < st->nnodes; i++) {
			if (st->nodes[i].name != NULL &&
			    strcmp(st->nodes[i].name, name) == 0)
				return &st->nodes[i];
		}
		return NULL;
	}
	state_index_nodes(st);
	m = p->ntab_cap - 1;
	for (k = (size_t)state_hash(name) & m; p->ntab[k] != 0;
	    k = (k + 1) & m) {
		i = p->ntab[k] - 1;
		if (strcmp(st->nodes[i].name, name) == 0)
			return &st->nodes[i];
	}
	if (!create)
		return NULL;

	if (st->nnodes == p->nodes_cap) {
		cap = p->nodes_cap < 8 ? 8 : p->nodes_cap * 2;
		v = arena_alloc(p->ctx->arena, cap * sizeof *v);
		if (st->nnodes > 0)
			memcpy(v, st->nodes, st->nnodes * sizeof *v);
		st->nodes = v;
		p->nodes_cap = cap;
	}
	v = &st->nodes[st->nnodes];
	memset(v, 0, sizeof *v);
	v->name = arena_strdup(p->ctx->arena, name);
	v->join = JOIN_DOWN;
	st->nnodes++;
	p->nodes = st->nodes;
	p->nnodes = st->nnodes;
	if ((st->nnodes + 1) * 2 > p->ntab_cap) {
		p->ntab = state_table(p, st->nnodes, &p->ntab_cap);
		for (i = 0; i < st->nnodes; i++)
			state_ntab_put(p, st->nodes, i);
	} else
		state_ntab_put(p, st->nodes, st->nnodes - 1);
	return v;
}

/*
 * The history of resource (instance) rsc on node index node, or NULL. With
 * create, an empty one is added (rsc copied; the caller sets the agent).
 * Creating may move st->hist; NULL for a node index out of range.
 */
struct rhist *
state_hist(struct cstate *st, const char *rsc, size_t node, int create)
{
	return state_hist_get(st, rsc, node, create, 1);
}

/* state_hist(); without copy, a new history borrows rsc (in the arena). */
static struct rhist *
state_hist_get(struct cstate *st, const char *rsc, size_t node, int create,
    int copy)
{
	struct state_priv	*p = st->priv;
	struct rhist		*v;
	size_t			 i, k, m, cap;

	if (rsc == NULL || node >= st->nnodes)
		return NULL;
	if (p == NULL) {
		for (i = 0; i < st->nhist; i++) {
			if (st->hist[i].node == node && st->hist[i].rsc !=
			    NULL && strcmp(st->hist[i].rsc, rsc) == 0)
				return &st->hist[i];
		}
		return NULL;
	}
	state_index_hist(st);
	m = p->htab_cap - 1;
	for (k = (size_t)state_hist_hash(rsc, node) & m; p->htab[k] != 0;
	    k = (k + 1) & m) {
		i = p->htab[k] - 1;
		if (st->hist[i].node == node &&
		    strcmp(st->hist[i].rsc, rsc) == 0)
			return &st->hist[i];
	}
	if (!create)
		return NULL;

	if (st->nhist == p->hist_cap) {
		cap = p->hist_cap < 16 ? 16 : p->hist_cap * 2;
		v = arena_alloc(p->ctx->arena, cap * sizeof *v);
		if (st->nhist > 0)
			memcpy(v, st->hist, st->nhist * sizeof *v);
		st->hist = v;
		p->hist_cap = cap;
	}
	v = &st->hist[st->nhist];
	memset(v, 0, sizeof *v);
	v->rsc = copy ? arena_strdup(p->ctx->arena, rsc) : rsc;
	v->node = node;
	st->nhist++;
	p->hist = st->hist;
	p->nhist = st->nhist;
	if ((st->nhist + 1) * 2 > p->htab_cap) {
		p->htab = state_table(p, st->nhist, &p->htab_cap);
		for (i = 0; i < st->nhist; i++)
			state_htab_put(p, st->hist, i);
	} else
		state_htab_put(p, st->hist, st->nhist - 1);
	return v;
}

/* Make room for n more histories, so that adding them moves nothing. */
static void
state_reserve_hist(struct cstate *st, size_t n)
{
	struct state_priv	*p = st->priv;
	struct rhist		*v;
	size_t			 i, cap;

	state_index_hist(st);
	if (n <= p->hist_cap - st->nhist)
		return;
	cap = st->nhist + n;
	v = arena_alloc(p->ctx->arena, cap * sizeof *v);
	if (st->nhist > 0)
		memcpy(v, st->hist, st->nhist * sizeof *v);
	st->hist = v;
	p->hist = v;
	p->hist_cap = cap;
	p->htab = state_table(p, cap, &p->htab_cap);
	for (i = 0; i < st->nhist; i++)
		state_htab_put(p, st->hist, i);
}

/*
 * Append an operation to h (in ctx's arena, which must be the state's):
 * status done, everything else zero or NULL. Returns it; it stays valid
 * until the next state_add_op() on h.
 */
struct oprec *
state_add_op(struct ctx *ctx, struct rhist *h)
{
	struct oprec	*v;

	v = arena_alloc(ctx->arena, (h->nops + 1) * sizeof *v);
	if (h->nops > 0)
		memcpy(v, h->ops, h->nops * sizeof *v);
	h->ops = v;
	v = &h->ops[h->nops++];
	memset(v, 0, sizeof *v);
	v->status = OPST_DONE;
	return v;
}

/* The call id for a new operation: the highest recorded plus one (>= 1). */
int
state_next_call_id(const struct cstate *st)
{
	size_t	i, j;
	int	max = 0;

	for (i = 0; i < st->nhist; i++) {
		for (j = 0; j < st->hist[i].nops; j++) {
			if (st->hist[i].ops[j].call_id > max)
				max = st->hist[i].ops[j].call_id;
		}
	}
	return max == INT_MAX ? INT_MAX : max + 1;
}

/* Position of name in n's attributes (sorted), or where it would go. */
static size_t
state_attr_pos(const struct nstate *n, const char *name, int *found)
{
	size_t	lo = 0, hi = n->attrs.n, mid;
	int	c;

	*found = 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(name, n->attrs.v[mid].name);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The value of node attribute name on n, or NULL. */
const char *
state_attr(const struct nstate *n, const char *name)
{
	size_t	i;
	int	found;

	if (n == NULL || name == NULL)
		return NULL;
	i = state_attr_pos(n, name, &found);
	return found ? n->attrs.v[i].value : NULL;
}

/*
 * Set node attribute name to value (both copied into ctx's arena); a NULL
 * value removes it. The attributes stay sorted by name.
 */
void
state_set_attr(struct ctx *ctx, struct nstate *n, const char *name,
    const char *value)
{
	struct nvpair	*v;
	size_t		 i;
	int		 found;

	i = state_attr_pos(n, name, &found);
	if (found && value != NULL) {
		n->attrs.v[i].value = arena_strdup(ctx->arena, value);
		return;
	}
	if (!found && value == NULL)
		return;
	if (found) {
		memmove(&n->attrs.v[i], &n->attrs.v[i + 1],
		    (n->attrs.n - i - 1) * sizeof *n->attrs.v);
		n->attrs.n--;
		return;
	}
	v = arena_alloc(ctx->arena, (n->attrs.n + 1) * sizeof *v);
	if (i > 0)
		memcpy(v, n->attrs.v, i * sizeof *v);
	if (n->attrs.n > i)
		memcpy(v + i + 1, n->attrs.v + i, (n->attrs.n - i) * sizeof *v);
	memset(&v[i], 0, sizeof v[i]);
	v[i].name = arena_strdup(ctx->arena, name);
	v[i].value = arena_strdup(ctx->arena, value);
	n->attrs.v = v;
	n->attrs.n++;
}

/* --- copying -------------------------------------------------------------- */

/* s copied into the arena once per distinct string (NULL stays NULL). */
static const char *
state_intern(struct ctx *ctx, struct map *m, const char *s)
{
	char	*copy;

	if (s == NULL)
		return NULL;
	if ((copy = map_get(m, s)) != NULL)
		return copy;
	copy = arena_strdup(ctx->arena, s);
	map_put(m, copy, copy);
	return copy;
}

static const char *
state_dup(struct ctx *ctx, const char *s)
{
	return s == NULL ? NULL : arena_strdup(ctx->arena, s);
}

/*
 * A deep copy of st in ctx's arena: nothing of it refers to st's arena.
 * Returns the new state.
 */
struct cstate *
state_copy(struct ctx *ctx, const struct cstate *st)
{
	struct cstate		*c;
	struct map		 strings;
	const struct nstate	*n;
	const struct rhist	*h;
	struct nstate		*cn;
	struct rhist		*ch;
	struct oprec		*co;
	size_t			 i, j;

	map_init(&strings);
	c = state_new(ctx);
	c->have_quorum = st->have_quorum;
	c->now = st->now;
	c->digests = st->digests;
	c->no_quorum_panic = st->no_quorum_panic;
	c->dc = state_dup(ctx, st->dc);
	if (st->ntickets > 0) {
		c->tickets = arena_alloc(ctx->arena, st->ntickets *
		    sizeof *c->tickets);
		c->ntickets = c->priv->tickets_cap = st->ntickets;
		for (i = 0; i < st->ntickets; i++) {
			c->tickets[i] = st->tickets[i];
			c->tickets[i].name = state_dup(ctx,
			    st->tickets[i].name);
		}
	}
	if (st->nnodes > 0) {
		c->nodes = arena_alloc(ctx->arena, st->nnodes * sizeof *c->nodes);
		c->nnodes = st->nnodes;
		c->priv->nodes_cap = st->nnodes;
	}
	for (i = 0; i < st->nnodes; i++) {
		n = &st->nodes[i];
		cn = &c->nodes[i];
		*cn = *n;
		cn->name = state_dup(ctx, n->name);
		if (n->attrs.n == 0) {
			cn->attrs.v = NULL;
			continue;
		}
		cn->attrs.v = arena_alloc(ctx->arena, n->attrs.n *
		    sizeof *cn->attrs.v);
		for (j = 0; j < n->attrs.n; j++) {
			cn->attrs.v[j] = n->attrs.v[j];
			cn->attrs.v[j].name = state_intern(ctx, &strings,
			    n->attrs.v[j].name);
			cn->attrs.v[j].value = state_dup(ctx,
			    n->attrs.v[j].value);
		}
	}
	if (st->nhist > 0) {
		c->hist = arena_alloc(ctx->arena, st->nhist * sizeof *c->hist);
		c->nhist = st->nhist;
		c->priv->hist_cap = st->nhist;
	}
	for (i = 0; i < st->nhist; i++) {
		h = &st->hist[i];
		ch = &c->hist[i];
		*ch = *h;
		ch->rsc = state_intern(ctx, &strings, h->rsc);
		ch->cls = state_intern(ctx, &strings, h->cls);
		ch->provider = state_intern(ctx, &strings, h->provider);
		ch->type = state_intern(ctx, &strings, h->type);
		if (h->nops == 0) {
			ch->ops = NULL;
			continue;
		}
		ch->ops = arena_alloc(ctx->arena, h->nops * sizeof *ch->ops);
		for (j = 0; j < h->nops; j++) {
			co = &ch->ops[j];
			*co = h->ops[j];
			co->id = state_dup(ctx, co->id);
			co->task = state_intern(ctx, &strings, co->task);
			co->digest = state_intern(ctx, &strings, co->digest);
			co->restart_digest = state_intern(ctx, &strings,
			    co->restart_digest);
			co->force_restart = state_intern(ctx, &strings,
			    co->force_restart);
			co->secure_digest = state_intern(ctx, &strings,
			    co->secure_digest);
			co->secure_params = state_intern(ctx, &strings,
			    co->secure_params);
			co->feature_set = state_intern(ctx, &strings,
			    co->feature_set);
			co->exit_reason = state_dup(ctx, co->exit_reason);
		}
	}
	map_clear(&strings);
	return c;
}

/* --- writing ------------------------------------------------------------- */

/*
 * Split "fail-count-RSC#OP_MS" (prefix given) into its parts, when the
 * parts read back as a fail-count line: RSC any name, OP a known
 * operation, MS canonical. Returns 0 on success (parts in buf storage).
 */
static int
state_split_failcount(const char *name, const char *prefix, char **rsc,
    char **op, uint64_t *ms)
{
	const char	*p, *hash, *us;
	size_t		 plen = strlen(prefix);
	char		*r, *o;

	if (strncmp(name, prefix, plen) != 0)
		return -1;
	p = name + plen;
	if ((hash = strchr(p, '#')) == NULL || hash == p ||
	    (us = strrchr(hash, '_')) == NULL || us == hash + 1 ||
	    !state_is_canonical_uint(us + 1, 12))
		return -1;
	r = xstrndup(p, (size_t)(hash - p));
	o = xstrndup(hash + 1, (size_t)(us - hash - 1));
	if (!state_bare_name(o) || known_find(KNOWN_OP_NAME, o) == NULL) {
		free(r);
		free(o);
		return -1;
	}
	*rsc = r;
	*op = o;
	*ms = strtoull(us + 1, NULL, 10);
	return 0;
}

/* Whether v is a fail count as a fail-count line writes it. */
static int
state_is_count_text(const char *v)
{
	if (strcmp(v, "INFINITY") == 0)
		return 1;
	return state_is_canonical_uint(v, 6);
}

/* Whether v is epoch seconds that a fail-count line can carry. */
static int
state_is_time_text(const char *v, int64_t *t)
{
	return state_canonical_int(v, t) == 0 && *t >= TIME_MIN &&
	    *t <= TIME_MAX;
}

/* The status word that fits n exactly (or NULL), and the attribute it
 * stands for (standby, maintenance). */
static const struct nstatus *
state_status_of(const struct nstate *n)
{
	const struct nstatus	*s;
	const char		*v;
	size_t			 i;

	for (i = 0; i < nitems(nstatuses); i++) {
		s = &nstatuses[i];
		if (n->seen != s->seen || n->in_ccm != s->in_ccm ||
		    n->crmd != s->crmd || n->join != s->join ||
		    n->expected_up != s->expected_up)
			continue;
		if (s->attr != NULL && ((v = state_attr(n, s->attr)) == NULL ||
		    strcmp(v, "on") != 0))
			continue;
		if (s->attr == NULL && s == &nstatuses[0]) {
			/* "standby" (or "maintenance") says it better */
			if ((v = state_attr(n, "standby")) != NULL &&
			    strcmp(v, "on") == 0)
				continue;
			if ((v = state_attr(n, "maintenance")) != NULL &&
			    strcmp(v, "on") == 0)
				continue;
		}
		return s;
	}
	return NULL;
}

/* One node statement, with its attributes in a block. */
static void
state_write_node(const struct nstate *n, struct buf *b)
{
	const struct nstatus	*s;
	const struct nvpair	*a;
	char			*used, *rsc, *op, *lf;
	const char		*v;
	uint64_t		 ms;
	int64_t			 t;
	size_t			 i, j, nlines = 0;
	int			 found, block = 0;

	buf_puts(b, "node ");
	state_put_name(b, n->name);
	if ((s = state_status_of(n)) != NULL)
		buf_printf(b, " %s", s->name);
	else {
		buf_printf(b, " member=%s daemon=%s join=%s expected=%s",
		    n->in_ccm < 0 ? "unknown" : n->in_ccm ? "yes" : "no",
		    n->crmd ? "up" : "down",
		    (unsigned)n->join < nitems(join_names) ?
		    join_names[n->join] : "down",
		    n->expected_up ? "up" : "down");
		if (!n->seen)
			buf_puts(b, " seen=no");
	}
	if (n->id != 0)
		buf_printf(b, " id=%lu", (unsigned long)n->id);

	/* Which attributes the status or a fail-count line stands for. */
	used = xcalloc(n->attrs.n + 1, 1);
	for (i = 0; i < n->attrs.n; i++) {
		a = &n->attrs.v[i];
		if (s != NULL && s->attr != NULL && strcmp(a->name, s->attr) ==
		    0)
			used[i] = 1;
		if (state_lf_carried(n, i))
			used[i] = 3;
		if (state_split_failcount(a->name, FAILCOUNT_PREFIX, &rsc, &op,
		    &ms) != 0)
			continue;
		if (state_is_count_text(a->value)) {
			used[i] = 2;
			nlines++;
		}
		free(rsc);
		free(op);
	}
	for (i = 0; i < n->attrs.n; i++) {
		a = &n->attrs.v[i];
		if (used[i] != 0)
			continue;
		if (!block) {
			buf_puts(b, " {\n");
			block = 1;
		}
		buf_puts(b, "    attr ");
		state_put_name(b, a->name);
		buf_putc(b, '=');
		state_put_value(b, a->value == NULL ? "" : a->value);
		buf_putc(b, '\n');
	}
	for (i = 0; i < n->attrs.n && nlines > 0; i++) {
		a = &n->attrs.v[i];
		if (used[i] != 2 || state_split_failcount(a->name,
		    FAILCOUNT_PREFIX, &rsc, &op, &ms) != 0)
			continue;
		if (!block) {
			buf_puts(b, " {\n");
			block = 1;
		}
		buf_puts(b, "    fail-count ");
		state_put_name(b, rsc);
		buf_printf(b, " %s", op);
		if (ms != 0) {
			buf_puts(b, " interval=");
			state_put_ms(b, ms);
		}
		buf_printf(b, " count=%s", a->value);
		xasprintf(&lf, "%s%s", LASTFAILURE_PREFIX, a->name +
		    strlen(FAILCOUNT_PREFIX));
		j = state_attr_pos(n, lf, &found);
		if (found && (v = n->attrs.v[j].value) != NULL &&
		    state_is_time_text(v, &t)) {
			buf_puts(b, " last-failure=");
			state_put_time(b, t);
		}
		buf_putc(b, '\n');
		free(lf);
		free(rsc);
		free(op);
	}
	free(used);
	buf_puts(b, block ? "}\n" : "\n");
}

/*
 * Whether attribute i of n is a last-failure that a fail-count line
 * writes (so the attr loop skips it).
 */
static int
state_lf_carried(const struct nstate *n, size_t i)
{
	const struct nvpair	*a = &n->attrs.v[i];
	const char		*v;
	char			*fc, *rsc, *op;
	uint64_t		 ms;
	int64_t			 t;
	int			 ok;

	if (a->value == NULL || !state_is_time_text(a->value, &t) ||
	    state_split_failcount(a->name, LASTFAILURE_PREFIX, &rsc, &op,
	    &ms) != 0)
		return 0;
	free(rsc);
	free(op);
	xasprintf(&fc, "%s%s", FAILCOUNT_PREFIX, a->name +
	    strlen(LASTFAILURE_PREFIX));
	v = state_attr(n, fc);
	ok = v != NULL && state_is_count_text(v);
	free(fc);
	return ok;
}

/* The expected rc an op line leaves out: 7 for a probe, else 0. */
static int
state_default_expected(const char *task, uint64_t interval_ms)
{
	if (task != NULL && strcmp(task, "monitor") == 0 && interval_ms == 0)
		return OCF_NOT_RUNNING;
	return OCF_OK;
}

/* One history, in the complete form. */
static void
state_write_hist(const struct cstate *st, const struct rhist *h,
    struct buf *b)
{
	const struct oprec	*o;
	struct buf		 agent;
	size_t			 i;

	buf_puts(b, "resource ");
	state_put_name(b, h->rsc);
	buf_puts(b, " on ");
	state_put_name(b, st->nodes[h->node].name);
	if (h->cls != NULL && h->type != NULL) {
		buf_init(&agent);
		buf_printf(&agent, "%s:", h->cls);
		if (h->provider != NULL)
			buf_printf(&agent, "%s:", h->provider);
		else if (strcmp(h->cls, "ocf") == 0)
			buf_putc(&agent, ':');	/* ocf::TYPE */
		buf_puts(&agent, h->type);
		buf_puts(b, " agent=");
		state_put_value(b, agent.data);
		buf_clear(&agent);
	}
	if (h->shutdown_lock != 0) {
		buf_puts(b, " lock=");
		state_put_time(b, h->shutdown_lock);
	}
	if (h->nops == 0) {
		buf_putc(b, '\n');
		return;
	}
	buf_puts(b, " {\n");
	for (i = 0; i < h->nops; i++) {
		o = &h->ops[i];
		if (o->task == NULL)
			continue;
		buf_puts(b, "    op ");
		state_put_name(b, o->task);
		if (o->interval_ms != 0) {
			buf_puts(b, " interval=");
			state_put_ms(b, o->interval_ms);
		}
		buf_printf(b, " call=%d rc=%d", o->call_id, o->rc);
		if (o->status != OPST_DONE) {
			if (o->status >= OPST_PENDING &&
			    o->status <= OPST_NOT_INSTALLED)
				buf_printf(b, " status=%s",
				    opst_names[o->status + 1]);
			else
				buf_printf(b, " status=%d", o->status);
		}
		if (o->expected_rc != state_default_expected(o->task,
		    o->interval_ms))
			buf_printf(b, " expected=%d", o->expected_rc);
		if (o->last_rc_change != 0) {
			buf_puts(b, " changed=");
			state_put_time(b, o->last_rc_change);
		}
		if (o->digest != NULL) {
			buf_puts(b, " digest=");
			state_put_value(b, o->digest);
		}
		if (o->restart_digest != NULL) {
			buf_puts(b, " restart-digest=");
			state_put_value(b, o->restart_digest);
		}
		if (o->force_restart != NULL) {
			buf_puts(b, " force-restart=");
			state_put_value(b, o->force_restart);
		}
		if (o->secure_digest != NULL) {
			buf_puts(b, " secure-digest=");
			state_put_value(b, o->secure_digest);
		}
		if (o->secure_params != NULL) {
			buf_puts(b, " secure-params=");
			state_put_value(b, o->secure_params);
		}
		if (o->feature_set != NULL) {
			buf_puts(b, " feature-set=");
			state_put_value(b, o->feature_set);
		}
		if (o->exit_reason != NULL) {
			buf_puts(b, " reason=");
			state_put_value(b, o->exit_reason);
		}
		if (o->id != NULL) {
			buf_puts(b, " id=");
			state_put_value(b, o->id);
		}
		buf_putc(b, '\n');
	}
	buf_puts(b, "}\n");
}

/*
 * Append st to b in the canonical form of docs/state.md: now, quorum, dc;
 * the nodes in order; the histories in order, in the complete form.
 * Reading the text back gives the same state.
 */
void
state_write(const struct cstate *st, struct buf *b)
{
	size_t	i, len0 = b->len, len1;

	if (st->now != 0) {
		buf_puts(b, "now ");
		state_put_time(b, st->now);
		buf_putc(b, '\n');
	}
	if (st->have_quorum >= 0)
		buf_printf(b, "quorum %s%s\n", st->have_quorum ? "yes" : "no",
		    st->no_quorum_panic ? " panic=yes" : "");
	if (st->dc != NULL) {
		buf_puts(b, "dc ");
		state_put_name(b, st->dc);
		buf_putc(b, '\n');
	}
	for (i = 0; i < st->ntickets; i++) {
		buf_puts(b, "ticket ");
		state_put_name(b, st->tickets[i].name);
		buf_puts(b, st->tickets[i].granted ? " granted" : " revoked");
		if (st->tickets[i].standby)
			buf_puts(b, " standby");
		if (st->tickets[i].last_granted != 0) {
			buf_puts(b, " last-granted=");
			state_put_time(b, st->tickets[i].last_granted);
		}
		buf_putc(b, '\n');
	}
	len1 = b->len;
	for (i = 0; i < st->nnodes; i++) {
		if (st->nodes[i].name == NULL)
			continue;
		if (b->len == len1 && len1 > len0)
			buf_putc(b, '\n');
		state_write_node(&st->nodes[i], b);
	}
	len1 = b->len;
	for (i = 0; i < st->nhist; i++) {
		if (st->hist[i].rsc == NULL || st->hist[i].node >= st->nnodes ||
		    st->nodes[st->hist[i].node].name == NULL)
			continue;
		if (b->len == len1 && len1 > len0)
			buf_putc(b, '\n');
		state_write_hist(st, &st->hist[i], b);
	}
}

/* --- reading: helpers ------------------------------------------------------ */

static const char *
res_intern(struct resolve *r, const char *s)
{
	return state_intern(r->ctx, &r->strings, s);
}

/*
 * Remember that key was given at loc. If it was given before, return
 * where (the caller reports it), else NULL.
 */
static const struct loc *
res_once(struct resolve *r, struct map *m, const char *key,
    const struct loc *loc)
{
	struct loc	*prev, *l;

	if ((prev = map_get(m, key)) != NULL)
		return prev;
	l = arena_alloc(r->tmp, sizeof *l);
	*l = *loc;
	map_put(m, arena_strdup(r->tmp, key), l);
	return NULL;
}

/* Report "MSG" at loc with a note at the first place it was given. */
static void
res_twice(struct resolve *r, const struct loc *loc, const struct loc *first,
    const char *fmt, ...)
{
	struct diag	*dg;
	va_list		 ap;
	char		*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	dg = diag_error(r->ctx, loc, "%s", msg);
	diag_note(r->ctx, dg, first, "first given here");
	free(msg);
}

/* The first setting called name, or NULL. */
static const struct sfkv *
res_setting(const struct sfkv *kvs, const char *name)
{
	for (; kvs != NULL; kvs = kvs->next) {
		if (strcmp(kvs->key.text, name) == 0)
			return kvs;
	}
	return NULL;
}

/*
 * Check the settings of a statement or item: names[0..nok) are allowed,
 * names[nok..n) are settings of another form (not_here says which), any
 * other name is unknown ("unknown WHAT 'x'"). Each is given once. Returns
 * the number of errors.
 */
static int
res_check_settings(struct resolve *r, const struct sfkv *kvs,
    const char *const *names, size_t n, size_t nok, const char *what,
    const char *not_here)
{
	const struct sfkv	*kv, *prev;
	const char		*near, *key;
	struct diag		*dg;
	int			 errors = 0, i;

	for (kv = kvs; kv != NULL; kv = kv->next) {
		key = kv->key.text;
		for (prev = kvs; prev != kv; prev = prev->next) {
			if (strcmp(prev->key.text, key) == 0)
				break;
		}
		if (prev != kv) {
			dg = diag_error(r->ctx, &kv->key.loc, "'%s' is given "
			    "twice", key);
			diag_note(r->ctx, dg, &prev->key.loc, "first given "
			    "here");
			errors++;
			continue;
		}
		i = state_lookup(key, names, n);
		if (i >= 0 && (size_t)i < nok)
			continue;
		errors++;
		if (i >= 0) {
			diag_error(r->ctx, &kv->key.loc, "'%s' is not a setting "
			    "of %s", key, not_here);
			continue;
		}
		if ((near = diag_suggest(key, names, nok)) != NULL)
			diag_error(r->ctx, &kv->key.loc, "unknown %s '%s'; did "
			    "you mean '%s'?", what, key, near);
		else
			diag_error(r->ctx, &kv->key.loc, "unknown %s '%s' (use "
			    "%s)", what, key, state_list(r->ctx, names, nok));
	}
	return errors;
}

/*
 * The word w as one of names (its index), or -1 after "invalid value 'x'
 * for 'key'", with a suggestion or the list.
 */
static int
res_choice(struct resolve *r, const struct word *w, const char *key,
    const char *const *names, size_t n)
{
	const char	*near;
	int		 i;

	if ((i = state_lookup(w->text, names, n)) >= 0)
		return i;
	if ((near = diag_suggest(w->text, names, n)) != NULL)
		diag_error(r->ctx, &w->loc, "invalid value '%s' for '%s'; did "
		    "you mean '%s'?", w->text, key, near);
	else
		diag_error(r->ctx, &w->loc, "invalid value '%s' for '%s': use "
		    "%s", w->text, key, state_list(r->ctx, names, n));
	return -1;
}

/* A yes/no value; -1 after an error. */
static int
res_bool(struct resolve *r, const struct word *w, const char *key)
{
	const char	*cause;
	int		 v;

	if (value_bool(r->ctx, w->text, &v, &cause) == 0)
		return v;
	diag_error(r->ctx, &w->loc, "invalid value '%s' for '%s': use yes or "
	    "no", w->text, key);
	return -1;
}

/* A time; 0 on success. */
static int
res_time(struct resolve *r, const struct word *w, const char *key,
    int64_t *t)
{
	if (state_parse_time(w->text, t) == 0)
		return 0;
	if (key == NULL)
		diag_error(r->ctx, &w->loc, "invalid time '%s': write an ISO "
		    "8601 time such as 2024-05-01T12:00:00Z", w->text);
	else
		diag_error(r->ctx, &w->loc, "invalid value '%s' for '%s': write "
		    "an ISO 8601 time such as 2024-05-01T12:00:00Z", w->text,
		    key);
	return -1;
}

/* A duration in ms; 0 on success. */
static int
res_duration(struct resolve *r, const struct sfkv *kv, uint64_t *ms)
{
	const char	*cause;

	if (value_duration(r->ctx, kv->val.text, ms, &cause) == 0)
		return 0;
	diag_error(r->ctx, &kv->val.loc, "invalid value '%s' for '%s': %s",
	    kv->val.text, kv->key.text, cause);
	return -1;
}

/* An OCF exit code, as a number or a name; 0 on success. */
static int
res_rc(struct resolve *r, const struct sfkv *kv, int *rc)
{
	const char	*s = kv->val.text, *names[nitems(rc_names)], *near;
	const char	*cause;
	long long	 v;
	size_t		 i;

	if (isdigit((unsigned char)s[0]) || s[0] == '-') {
		if (value_int(r->ctx, s, 0, 255, &v, &cause) == 0) {
			*rc = (int)v;
			return 0;
		}
		diag_error(r->ctx, &kv->val.loc, "invalid value '%s' for '%s': "
		    "an exit code is a number from 0 to 255", s,
		    kv->key.text);
		return -1;
	}
	for (i = 0; i < nitems(rc_names); i++) {
		names[i] = rc_names[i].name;
		if (strcmp(s, rc_names[i].name) == 0) {
			*rc = rc_names[i].rc;
			return 0;
		}
	}
	if ((near = diag_suggest(s, names, nitems(names))) != NULL)
		diag_error(r->ctx, &kv->val.loc, "invalid value '%s' for '%s'; "
		    "did you mean '%s'?", s, kv->key.text, near);
	else
		diag_error(r->ctx, &kv->val.loc, "invalid value '%s' for '%s': "
		    "a number from 0 to 255 or a name such as not-running", s,
		    kv->key.text);
	return -1;
}

/* An operation status, as a name or a number; 0 on success. */
static int
res_status(struct resolve *r, const struct sfkv *kv, int *status)
{
	const char	*s = kv->val.text, *near, *cause;
	long long	 v;
	int		 i;

	if ((i = state_lookup(s, opst_names, nitems(opst_names))) >= 0) {
		*status = i - 1;
		return 0;
	}
	if (isdigit((unsigned char)s[0]) || s[0] == '-') {
		if (value_int(r->ctx, s, OPST_MIN, OPST_MAX, &v, &cause) == 0) {
			*status = (int)v;
			return 0;
		}
	} else if ((near = diag_suggest(s, opst_names,
	    nitems(opst_names))) != NULL) {
		diag_error(r->ctx, &kv->val.loc, "invalid value '%s' for '%s'; "
		    "did you mean '%s'?", s, kv->key.text, near);
		return -1;
	}
	diag_error(r->ctx, &kv->val.loc, "invalid value '%s' for '%s': use %s, "
	    "or a number from %d to %d", s, kv->key.text,
	    state_list(r->ctx, opst_names, nitems(opst_names)), OPST_MIN,
	    OPST_MAX);
	return -1;
}

/* An operation name; 0 if known. */
static int
res_task(struct resolve *r, const struct word *w)
{
	static const char *const tasks[] = { "start", "stop", "monitor",
	    "promote", "demote", "notify", "migrate_to", "migrate_from",
	    "reload", "reload-agent", "validate-all", "meta-data", "status" };
	const char	*near;

	if (known_find(KNOWN_OP_NAME, w->text) != NULL)
		return 0;
	if ((near = diag_suggest(w->text, tasks, nitems(tasks))) != NULL) {
		diag_error(r->ctx, &w->loc, "unknown operation '%s'; did you "
		    "mean '%s'?", w->text, near);
		return -1;
	}
	/* What an executor recorded (asyncmon, ...): kept, as Pacemaker
	 * keeps it, and otherwise ignored by the scheduler. */
	diag_warning(r->ctx, &w->loc, "unknown operation '%s': kept as "
	    "recorded", w->text);
	return 0;
}

/* Set a node attribute read from the file, once. */
static void
res_set_attr(struct resolve *r, size_t node, const char *name,
    const char *value, const struct loc *loc)
{
	struct nstate		*n = &r->st->nodes[node];
	const struct loc	*first;
	const char		*key;

	key = arena_printf(r->scratch, "%s\x1f%s", n->name, name);
	if ((first = res_once(r, &r->attrs, key, loc)) != NULL) {
		res_twice(r, loc, first, "attribute '%s' of node '%s' is set "
		    "twice", name, n->name);
		return;
	}
	state_set_attr(r->ctx, n, name, value);
}

/* The model's node nearest to name (ties: the first declared), or NULL. */
static const char *
res_suggest_node(struct resolve *r, const char *name)
{
	const char	**names, *near;
	size_t		  i;

	names = xreallocarray(NULL, r->model->nnodes, sizeof *names);
	for (i = 0; i < r->model->nnodes; i++)
		names[i] = r->model->nodes[i]->name;
	near = diag_suggest(name, names, r->model->nnodes);
	free(names);
	return near;
}

/* The model's resource nearest to name (ties: the first), or NULL. */
static const char *
res_suggest_rsc(struct resolve *r, const char *name)
{
	const char	**names, *near;
	size_t		  i;

	if (r->model->nresources == 0)
		return NULL;
	names = xreallocarray(NULL, r->model->nresources, sizeof *names);
	for (i = 0; i < r->model->nresources; i++)
		names[i] = r->model->resources[i]->name;
	near = diag_suggest(name, names, r->model->nresources);
	free(names);
	return near;
}

/* A node named in the file: its index, or -1 (reported). */
static long
res_node(struct resolve *r, const struct word *w)
{
	struct nstate	*n;
	const char	*near;

	if (w->text[0] == '\0') {
		diag_error(r->ctx, &w->loc, "a node name cannot be empty");
		return -1;
	}
	if ((n = state_node(r->st, w->text, 0)) != NULL)
		return n - r->st->nodes;
	if (!r->model_nodes) {
		n = state_node(r->st, w->text, 1);
		state_apply_status(n, &nstatuses[0]);
		return n - r->st->nodes;
	}
	if ((near = res_suggest_node(r, w->text)) != NULL)
		diag_error(r->ctx, &w->loc, "unknown node '%s'; did you mean "
		    "'%s'?", w->text, near);
	else
		diag_error(r->ctx, &w->loc, "unknown node '%s'", w->text);
	return -1;
}

/* The first primitive in r (depth first), for messages. */
static const struct resource *
res_first_primitive(const struct resource *rsc)
{
	const struct resource	*p;
	size_t			 i;

	if (rsc->kind == RSC_PRIMITIVE)
		return rsc;
	for (i = 0; i < rsc->nchildren; i++) {
		if ((p = res_first_primitive(rsc->children[i])) != NULL)
			return p;
	}
	return NULL;
}

/* The clone a primitive is in, or NULL. */
static const struct resource *
res_clone_of(const struct resource *rsc)
{
	for (rsc = rsc->parent; rsc != NULL; rsc = rsc->parent) {
		if (rsc->kind == RSC_CLONE)
			return rsc;
	}
	return NULL;
}

/*
 * Resolve a history's resource name: a primitive of the model (*primp),
 * or a resource the model does not have (*primp NULL: an orphan, which
 * needs its agent). Returns -1 after an error.
 */
static int
res_rsc(struct resolve *r, const struct word *w, int has_agent,
    const struct resource **primp)
{
	const struct resource	*rsc, *p;
	const char		*text = w->text, *colon, *base, *near;
	const char		*suffix = "";

	*primp = NULL;
	if (text[0] == '\0') {
		diag_error(r->ctx, &w->loc, "a resource name cannot be empty");
		return -1;
	}
	if (r->model == NULL)
		return 0;
	base = text;
	colon = strrchr(text, ':');
	if (colon != NULL && colon != text && colon[1] != '\0' &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
		base = arena_strndup(r->scratch, text,
		    (size_t)(colon - text));
		suffix = colon;
	}
	if ((rsc = model_resource(r->model, base)) == NULL) {
		if (has_agent)
			return 0;
		near = res_suggest_rsc(r, base);
		if (near != NULL)
			diag_error(r->ctx, &w->loc, "unknown resource '%s'; did "
			    "you mean '%s%s'?", text, near, suffix);
		else
			diag_error(r->ctx, &w->loc, "unknown resource '%s': the "
			    "history of a resource the policy does not declare "
			    "needs agent=CLASS:[PROVIDER:]TYPE", text);
		return -1;
	}
	if (rsc->kind == RSC_CLONE && rsc->nchildren == 1 &&
	    rsc->children[0]->kind == RSC_PRIMITIVE &&
	    strcmp(rsc->children[0]->name, rsc->name) == 0)
		rsc = rsc->children[0];		/* an inline clone */
	if (rsc->kind != RSC_PRIMITIVE) {
		p = res_first_primitive(rsc);
		if (p == NULL)
			diag_error(r->ctx, &w->loc, "'%s' is a %s: a history "
			    "names a primitive", base, rsc->kind == RSC_GROUP ?
			    "group" : "clone");
		else if (rsc->kind == RSC_GROUP && res_clone_of(p) == NULL)
			diag_error(r->ctx, &w->loc, "'%s' is a group: a history "
			    "names one of its resources, such as '%s'", base,
			    p->name);
		else
			diag_error(r->ctx, &w->loc, "'%s' is a %s: a history "
			    "names a primitive in it, such as '%s' or '%s:0'",
			    base, rsc->kind == RSC_GROUP ? "group" : "clone",
			    p->name, p->name);
		return -1;
	}
	if (*suffix != '\0' && res_clone_of(rsc) == NULL) {
		if (has_agent)
			return 0;	/* of an instance since uncloned */
		diag_error(r->ctx, &w->loc, "'%s' is not in a clone: its "
		    "history is named '%s', not '%s'", base, base, text);
		return -1;
	}
	*primp = rsc;
	return 0;
}

/* Whether a primitive is in a promotable clone. */
static int
res_promotable(const struct resource *prim)
{
	const struct resource	*c = res_clone_of(prim);

	return c != NULL && c->promotable;
}

/* An agent=CLASS:[PROVIDER:]TYPE; 0 on success. */
static int
res_agent(struct resolve *r, const struct word *w, struct rhist *out)
{
	const char	*s = w->text, *colon, *rest, *near;
	char		*cls;
	int		 i;

	if ((colon = strchr(s, ':')) == NULL) {
		diag_error(r->ctx, &w->loc, "missing resource class in '%s': "
		    "write ocf:PROVIDER:TYPE or CLASS:TYPE", s);
		return -1;
	}
	cls = arena_strndup(r->scratch, s, (size_t)(colon - s));
	if ((i = state_lookup(cls, agent_classes,
	    nitems(agent_classes))) < 0) {
		near = diag_suggest(cls, agent_classes, nitems(agent_classes));
		if (near != NULL)
			diag_error(r->ctx, &w->loc, "unknown resource class "
			    "'%s'; did you mean '%s'?", cls, near);
		else
			diag_error(r->ctx, &w->loc, "unknown resource class "
			    "'%s': use %s", cls, state_list(r->ctx,
			    agent_classes, nitems(agent_classes)));
		return -1;
	}
	rest = colon + 1;
	out->cls = agent_classes[i];
	out->provider = NULL;
	if (strcmp(cls, "ocf") == 0) {
		colon = strchr(rest, ':');
		if (colon == rest && colon[1] != '\0' &&
		    strchr(colon + 1, ':') == NULL) {
			/* ocf::TYPE, a CIB lrm_resource without provider */
			out->type = res_intern(r, colon + 1);
			return 0;
		}
		if (colon == NULL || colon == rest || colon[1] == '\0' ||
		    strchr(colon + 1, ':') != NULL) {
			diag_error(r->ctx, &w->loc, "invalid agent '%s': an "
			    "ocf agent is ocf:PROVIDER:TYPE", s);
			return -1;
		}
		out->provider = res_intern(r, arena_strndup(r->scratch,
		    rest, (size_t)(colon - rest)));
		out->type = res_intern(r, colon + 1);
		return 0;
	}
	if (*rest == '\0' || strchr(rest, ':') != NULL) {
		diag_error(r->ctx, &w->loc, "invalid agent '%s': write %s:NAME",
		    s, cls);
		return -1;
	}
	out->type = res_intern(r, rest);
	return 0;
}

/* The agent the model gives a primitive. */
static void
res_model_agent(struct resolve *r, const struct resource *prim,
    struct rhist *out)
{
	static const char *const classes[] = { "ocf", "lsb", "systemd",
	    "service", "stonith" };

	out->cls = (unsigned)prim->cls < nitems(classes) ?
	    classes[prim->cls] : NULL;
	out->provider = res_intern(r, prim->provider);
	out->type = res_intern(r, prim->type);
}

/* --- reading: nodes ------------------------------------------------------ */

static void
res_failcount(struct resolve *r, size_t node, const struct sfitem *it)
{
	const struct sfkv	*kv;
	const struct resource	*rsc;
	const char		*near, *base, *colon, *cause;
	char			 count[COUNT_TEXT_MAX];
	uint64_t		 ms = 0;
	int64_t			 t = 0;
	int			 errors, v, has_time = 0;

	errors = res_check_settings(r, it->kvs, failcount_settings,
	    nitems(failcount_settings), nitems(failcount_settings),
	    "fail count setting", "");
	if (it->name.text[0] == '\0') {
		diag_error(r->ctx, &it->name.loc, "a resource name cannot be "
		    "empty");
		errors++;
	} else if (r->model != NULL) {
		base = it->name.text;
		if ((colon = strrchr(base, ':')) != NULL && colon != base)
			base = arena_strndup(r->scratch, base,
			    (size_t)(colon - base));
		rsc = model_resource(r->model, base);
		if (rsc == NULL && (near = res_suggest_rsc(r, base)) != NULL)
			diag_warning(r->ctx, &it->name.loc, "fail count of "
			    "unknown resource '%s'; did you mean '%s'?",
			    it->name.text, near);
	}
	if (res_task(r, &it->arg) != 0)
		errors++;
	if ((kv = res_setting(it->kvs, "interval")) != NULL &&
	    res_duration(r, kv, &ms) != 0)
		errors++;
	if ((kv = res_setting(it->kvs, "last-failure")) != NULL) {
		if (res_time(r, &kv->val, "last-failure", &t) != 0)
			errors++;
		has_time = 1;
	}
	if ((kv = res_setting(it->kvs, "count")) == NULL) {
		diag_error(r->ctx, &it->keyword.loc, "a fail count needs "
		    "count=N (as in 'fail-count web monitor interval=10s "
		    "count=1')");
		return;
	}
	if (value_score(r->ctx, kv->val.text, &v, &cause) != 0 || v < 0) {
		diag_error(r->ctx, &kv->val.loc, "invalid value '%s' for "
		    "'count': a number of failures or INFINITY",
		    kv->val.text);
		return;
	}
	if (errors > 0)
		return;
	if (v >= SCORE_INFINITY)
		snprintf(count, sizeof count, "INFINITY");
	else
		snprintf(count, sizeof count, "%d", v);
	res_set_attr(r, node, arena_printf(r->scratch, "%s%s#%s_%llu",
	    FAILCOUNT_PREFIX, it->name.text, it->arg.text,
	    (unsigned long long)ms), count, &it->loc);
	if (has_time)
		res_set_attr(r, node, arena_printf(r->scratch,
		    "%s%s#%s_%llu", LASTFAILURE_PREFIX, it->name.text,
		    it->arg.text, (unsigned long long)ms),
		    arena_printf(r->scratch, "%lld", (long long)t),
		    &it->loc);
}

/* node NAME [STATUS] [settings] [{ attr ...; fail-count ... }] */
static void
res_node_stmt(struct resolve *r, const struct sfstmt *s)
{
	const char		*names[nitems(nstatuses)], *near;
	const struct nstatus	*ns;
	const struct sfkv	*kv;
	const struct sfitem	*it;
	const struct loc	*first;
	struct nstate		*n;
	const char		*cause;
	long			 idx;
	long long		 id;
	size_t			 i;
	int			 k, v;

	if ((idx = res_node(r, &s->name)) < 0)
		return;
	if ((first = res_once(r, &r->node_stmts, s->name.text,
	    &s->name.loc)) != NULL) {
		res_twice(r, &s->name.loc, first, "node '%s' is given twice",
		    s->name.text);
		return;
	}
	if (s->nwords > 1)
		diag_error(r->ctx, &s->words[1].loc, "node '%s' has two "
		    "statuses, '%s' and '%s'", s->name.text, s->words[0].text,
		    s->words[1].text);
	if (s->nwords > 0) {
		for (i = 0; i < nitems(nstatuses); i++)
			names[i] = nstatuses[i].name;
		k = state_lookup(s->words[0].text, names, nitems(names));
		if (k < 0) {
			near = diag_suggest(s->words[0].text, names,
			    nitems(names));
			if (near != NULL)
				diag_error(r->ctx, &s->words[0].loc, "unknown "
				    "node status '%s'; did you mean '%s'?",
				    s->words[0].text, near);
			else
				diag_error(r->ctx, &s->words[0].loc, "unknown "
				    "node status '%s' (use %s)",
				    s->words[0].text, state_list(r->ctx, names,
				    nitems(names)));
		} else {
			ns = &nstatuses[k];
			state_apply_status(&r->st->nodes[idx], ns);
			if (ns->attr != NULL)
				res_set_attr(r, (size_t)idx, ns->attr, "on",
				    &s->words[0].loc);
		}
	}

	res_check_settings(r, s->kvs, node_settings, nitems(node_settings),
	    nitems(node_settings), "node setting", "");
	n = &r->st->nodes[idx];
	for (kv = s->kvs; kv != NULL; kv = kv->next) {
		if (res_setting(s->kvs, kv->key.text) != kv)
			continue;	/* given twice, reported */
		if (strcmp(kv->key.text, "member") == 0) {
			/* unknown: a node_state without in_ccm */
			if (strcmp(kv->val.text, "unknown") == 0)
				n->in_ccm = -1;
			else if ((v = res_bool(r, &kv->val, "member")) >= 0)
				n->in_ccm = v;
		} else if (strcmp(kv->key.text, "seen") == 0) {
			if ((v = res_bool(r, &kv->val, "seen")) >= 0)
				n->seen = v;
		} else if (strcmp(kv->key.text, "daemon") == 0) {
			if ((k = res_choice(r, &kv->val, "daemon", updown,
			    2)) >= 0)
				n->crmd = k == 0;
		} else if (strcmp(kv->key.text, "expected") == 0) {
			if ((k = res_choice(r, &kv->val, "expected", updown,
			    2)) >= 0)
				n->expected_up = k == 0;
		} else if (strcmp(kv->key.text, "join") == 0) {
			if ((k = res_choice(r, &kv->val, "join", join_names,
			    nitems(join_names))) >= 0)
				n->join = (enum join_state)k;
		} else if (strcmp(kv->key.text, "id") == 0) {
			if (value_int(r->ctx, kv->val.text, 1, UINT32_MAX, &id,
			    &cause) == 0)
				n->id = (uint32_t)id;
			else
				diag_error(r->ctx, &kv->val.loc, "invalid value "
				    "'%s' for 'id': a node id is a number from "
				    "1 to 4294967295", kv->val.text);
		}
	}

	for (it = s->items; it != NULL; it = it->next) {
		switch (it->kind) {
		case SFI_ATTR:
			for (kv = it->kvs; kv != NULL; kv = kv->next) {
				if (kv->key.text[0] == '\0') {
					diag_error(r->ctx, &kv->key.loc, "an "
					    "attribute needs a name");
					continue;
				}
				res_set_attr(r, (size_t)idx, kv->key.text,
				    kv->val.text, &kv->key.loc);
			}
			break;
		case SFI_FAILCOUNT:
			res_failcount(r, (size_t)idx, it);
			break;
		case SFI_OP:
			diag_error(r->ctx, &it->keyword.loc, "'op' goes in a "
			    "resource's block, not a node's: resource NAME on "
			    "NODE { op ... }");
			break;
		}
	}
}

/* --- reading: resource histories ------------------------------------------- */

/* The failed operation of a 'failed' short form. */
struct failure {
	const char	*task;
	uint64_t	 interval_ms;
	int		 rc;
	int		 status;
	int		 expected;
	const char	*reason;
	int		 count;		/* -1: the default */
};

/* An operation of a block, checked once for all of its nodes. */
struct blockop {
	struct oprec	 op;
	int		 has_call;
};

/*
 * Add an operation to the history being built (history h); without a
 * call id, one comes once the file is read.
 */
static void
res_add_op(struct resolve *r, size_t h, const struct oprec *tmpl,
    int has_call)
{
	size_t	cap;

	if (r->nops == r->ops_cap) {
		cap = r->ops_cap == 0 ? 16 : r->ops_cap * 2;
		r->ops = xreallocarray(r->ops, cap, sizeof *r->ops);
		r->ops_cap = cap;
	}
	r->ops[r->nops++] = *tmpl;
	if (has_call) {
		if (tmpl->call_id > r->max_call)
			r->max_call = tmpl->call_id;
		return;
	}
	if (r->nautos == r->autos_cap) {
		cap = r->autos_cap == 0 ? 64 : r->autos_cap * 2;
		r->autos = xreallocarray(r->autos, cap, sizeof *r->autos);
		r->autos_cap = cap;
	}
	r->autos[r->nautos].hist = h;
	r->autos[r->nautos].op = r->nops - 1;
	r->nautos++;
}

/* Give history h the operations built for it, in an array of their size. */
static void
res_flush_ops(struct resolve *r, size_t h)
{
	struct rhist	*hist = &r->st->hist[h];

	if (r->nops > 0) {
		hist->ops = arena_alloc(r->ctx->arena, r->nops *
		    sizeof *hist->ops);
		memcpy(hist->ops, r->ops, r->nops * sizeof *hist->ops);
	}
	hist->nops = r->nops;
	r->nops = 0;
}

/* Add a successful operation. */
static void
res_add_ok(struct resolve *r, size_t h, const char *task, uint64_t ms,
    int rc, int64_t t)
{
	struct oprec	op;

	memset(&op, 0, sizeof op);
	op.task = res_intern(r, task);
	op.interval_ms = ms;
	op.rc = rc;
	op.expected_rc = rc;
	op.status = OPST_DONE;
	op.last_rc_change = t;
	res_add_op(r, h, &op, 0);
}

/*
 * The recurring monitors the model configures for prim in a role: the
 * promoted ones, or those of any other role.
 */
static void
res_add_monitors(struct resolve *r, size_t h, const struct resource *prim,
    int promoted, int64_t t)
{
	const struct op	*o;
	size_t		 i;

	if (prim == NULL)
		return;
	for (i = 0; i < prim->nops; i++) {
		o = &prim->ops[i];
		if (strcmp(o->name, "monitor") != 0 || o->interval_ms == 0 ||
		    !o->enabled)
			continue;
		if (promoted != (o->role == ROLE_PROMOTED))
			continue;
		res_add_ok(r, h, "monitor", o->interval_ms, promoted ?
		    OCF_RUNNING_PROMOTED : OCF_OK, t);
	}
}

/* The configured monitor of prim at interval ms, or NULL. */
static const struct op *
res_monitor_at(const struct resource *prim, uint64_t ms)
{
	size_t	i;

	for (i = 0; prim != NULL && i < prim->nops; i++) {
		if (strcmp(prim->ops[i].name, "monitor") == 0 &&
		    prim->ops[i].interval_ms == ms && (ms != 0 ||
		    prim->ops[i].enabled))
			return &prim->ops[i];
	}
	return NULL;
}

/* The interval of prim's first recurring monitor, or 0. */
static uint64_t
res_first_monitor(const struct resource *prim)
{
	size_t	i;

	for (i = 0; prim != NULL && i < prim->nops; i++) {
		if (strcmp(prim->ops[i].name, "monitor") == 0 &&
		    prim->ops[i].interval_ms != 0 && prim->ops[i].enabled)
			return prim->ops[i].interval_ms;
	}
	return 0;
}

/*
 * The failure a 'failed' short form describes, with its defaults; 0 on
 * success.
 */
static int
res_failure(struct resolve *r, const struct sfstmt *s,
    const struct resource *prim, struct failure *f)
{
	const struct sfkv	*kv;
	const struct op		*cfg;
	const char		*cause;
	int			 errors = 0, v, exp_set = 0;

	memset(f, 0, sizeof *f);
	f->task = "monitor";
	f->rc = OCF_ERR_GENERIC;
	f->status = OPST_ERROR;
	f->count = -1;
	if ((kv = res_setting(s->kvs, "op")) != NULL) {
		if (res_task(r, &kv->val) != 0)
			errors++;
		f->task = res_intern(r, kv->val.text);
	}
	if ((kv = res_setting(s->kvs, "interval")) != NULL) {
		if (res_duration(r, kv, &f->interval_ms) != 0)
			errors++;
	} else if (strcmp(f->task, "monitor") == 0)
		f->interval_ms = res_first_monitor(prim);
	if ((kv = res_setting(s->kvs, "rc")) != NULL &&
	    res_rc(r, kv, &f->rc) != 0)
		errors++;
	if ((kv = res_setting(s->kvs, "status")) != NULL &&
	    res_status(r, kv, &f->status) != 0)
		errors++;
	if ((kv = res_setting(s->kvs, "expected")) != NULL) {
		if (res_rc(r, kv, &f->expected) != 0)
			errors++;
		exp_set = 1;
	} else if (strcmp(f->task, "monitor") == 0) {
		cfg = res_monitor_at(prim, f->interval_ms);
		if (f->interval_ms == 0)
			f->expected = OCF_NOT_RUNNING;
		else if (cfg != NULL && cfg->role == ROLE_PROMOTED)
			f->expected = OCF_RUNNING_PROMOTED;
	}
	if ((kv = res_setting(s->kvs, "reason")) != NULL)
		f->reason = arena_strdup(r->ctx->arena, kv->val.text);
	if ((kv = res_setting(s->kvs, "fail-count")) != NULL) {
		if (value_score(r->ctx, kv->val.text, &v, &cause) != 0 ||
		    v < 0) {
			diag_error(r->ctx, &kv->val.loc, "invalid value '%s' "
			    "for 'fail-count': a number of failures or "
			    "INFINITY", kv->val.text);
			errors++;
		} else
			f->count = v;
	}
	if (errors == 0 && f->rc == f->expected) {
		kv = res_setting(s->kvs, "rc");
		diag_error(r->ctx, kv != NULL ? &kv->val.loc : &s->words[0].loc,
		    "rc %d is what '%s' was expected to return: a failure "
		    "needs another rc%s", f->rc, f->task, exp_set ? "" :
		    " (or expected=)");
		errors++;
	}
	return errors > 0 ? -1 : 0;
}

/* Expand a 'failed' short form into history h on node. */
static void
res_add_failure(struct resolve *r, size_t h, size_t node,
    const struct failure *f, int64_t t, const struct loc *loc)
{
	const char	*rsc = r->st->hist[h].rsc;
	struct oprec	 op;
	int		 probe, count, fatal;

	probe = strcmp(f->task, "monitor") == 0 && f->interval_ms == 0;
	if (strcmp(f->task, "start") != 0 && !probe) {
		res_add_ok(r, h, "start", 0, OCF_OK, t);
		if (strcmp(f->task, "demote") == 0 ||
		    (strcmp(f->task, "monitor") == 0 &&
		    f->expected == OCF_RUNNING_PROMOTED))
			res_add_ok(r, h, "promote", 0, OCF_OK, t);
	}
	memset(&op, 0, sizeof op);
	op.task = f->task;
	op.interval_ms = f->interval_ms;
	op.rc = f->rc;
	op.status = f->status;
	op.expected_rc = f->expected;
	op.last_rc_change = t;
	op.exit_reason = f->reason;
	res_add_op(r, h, &op, 0);

	fatal = r->model == NULL || r->model->props.start_failure_is_fatal;
	count = f->count;
	if (count < 0)
		count = strcmp(f->task, "start") == 0 && fatal ?
		    SCORE_INFINITY : 1;
	if (count == 0)
		return;
	res_set_attr(r, node, arena_printf(r->scratch, "%s%s#%s_%llu",
	    FAILCOUNT_PREFIX, rsc, f->task,
	    (unsigned long long)f->interval_ms), count >= SCORE_INFINITY ?
	    "INFINITY" : arena_printf(r->scratch, "%d", count), loc);
	if (t != 0)
		res_set_attr(r, node, arena_printf(r->scratch,
		    "%s%s#%s_%llu", LASTFAILURE_PREFIX, rsc, f->task,
		    (unsigned long long)f->interval_ms),
		    arena_printf(r->scratch, "%lld", (long long)t), loc);
}

/* The op lines of a history's block, checked; NULL after an error. */
static struct blockop *
res_block_ops(struct resolve *r, const struct sfstmt *s, size_t *nops)
{
	const struct sfitem	*it, *first_without = NULL;
	const struct sfkv	*kv;
	struct blockop		*ops, *bo;
	const char		*cause;
	long long		 v;
	size_t			 n = 0, with = 0;
	int			 errors = 0;

	for (it = s->items; it != NULL; it = it->next)
		n++;
	ops = arena_zalloc(r->scratch, (n > 0 ? n : 1) * sizeof *ops);
	n = 0;
	for (it = s->items; it != NULL; it = it->next) {
		if (it->kind != SFI_OP) {
			diag_error(r->ctx, &it->keyword.loc, "'%s' goes in a "
			    "node's block, not a resource's: node NAME { %s "
			    "... }", it->keyword.text, it->keyword.text);
			errors++;
			continue;
		}
		bo = &ops[n++];
		errors += res_check_settings(r, it->kvs, op_settings,
		    nitems(op_settings), nitems(op_settings),
		    "operation setting", "");
		if (res_task(r, &it->name) != 0)
			errors++;
		bo->op.task = res_intern(r, it->name.text);
		bo->op.status = OPST_DONE;
		if ((kv = res_setting(it->kvs, "interval")) != NULL &&
		    res_duration(r, kv, &bo->op.interval_ms) != 0)
			errors++;
		if ((kv = res_setting(it->kvs, "call")) != NULL) {
			bo->has_call = 1;
			with++;
			if (value_int(r->ctx, kv->val.text, -1, INT_MAX, &v,
			    &cause) == 0)
				bo->op.call_id = (int)v;
			else {
				diag_error(r->ctx, &kv->val.loc, "invalid value "
				    "'%s' for 'call': a call id is a number "
				    "from -1 (pending) up", kv->val.text);
				errors++;
			}
		} else if (first_without == NULL)
			first_without = it;
		if ((kv = res_setting(it->kvs, "rc")) != NULL &&
		    res_rc(r, kv, &bo->op.rc) != 0)
			errors++;
		if ((kv = res_setting(it->kvs, "status")) != NULL &&
		    res_status(r, kv, &bo->op.status) != 0)
			errors++;
		bo->op.expected_rc = state_default_expected(bo->op.task,
		    bo->op.interval_ms);
		if ((kv = res_setting(it->kvs, "expected")) != NULL &&
		    res_rc(r, kv, &bo->op.expected_rc) != 0)
			errors++;
		if ((kv = res_setting(it->kvs, "changed")) != NULL &&
		    res_time(r, &kv->val, "changed",
		    &bo->op.last_rc_change) != 0)
			errors++;
		if ((kv = res_setting(it->kvs, "digest")) != NULL)
			bo->op.digest = res_intern(r, kv->val.text);
		if ((kv = res_setting(it->kvs, "restart-digest")) != NULL)
			bo->op.restart_digest = res_intern(r, kv->val.text);
		if ((kv = res_setting(it->kvs, "force-restart")) != NULL)
			bo->op.force_restart = res_intern(r, kv->val.text);
		if ((kv = res_setting(it->kvs, "secure-digest")) != NULL)
			bo->op.secure_digest = res_intern(r, kv->val.text);
		if ((kv = res_setting(it->kvs, "secure-params")) != NULL)
			bo->op.secure_params = res_intern(r, kv->val.text);
		if ((kv = res_setting(it->kvs, "feature-set")) != NULL)
			bo->op.feature_set = res_intern(r, kv->val.text);
		if ((kv = res_setting(it->kvs, "reason")) != NULL)
			bo->op.exit_reason = arena_strdup(r->ctx->arena,
			    kv->val.text);
		if ((kv = res_setting(it->kvs, "id")) != NULL)
			bo->op.id = arena_strdup(r->ctx->arena, kv->val.text);
	}
	if (with > 0 && first_without != NULL) {
		diag_error(r->ctx, &first_without->keyword.loc, "this 'op' has "
		    "no call id but others of the history have one: give "
		    "call= on every op or on none");
		errors++;
	}
	*nops = n;
	return errors > 0 ? NULL : ops;
}

/* resource NAME [STATE] on NODE[, NODE...] [settings] [{ op ... }] */
static void
res_resource_stmt(struct resolve *r, const struct sfstmt *s)
{
	const struct resource	*prim;
	const struct sfkv	*kv, *agent_kv;
	struct blockop		*ops = NULL;
	struct failure		 f;
	struct rhist		 agent, *h;
	const char		*rsc, *near, *not_here;
	enum rstate		 rs = RS_NONE;
	int64_t			 t, lock;
	size_t			 i, j, nops = 0, hi, nok;
	long			 idx;
	int			 errors = 0, k;

	if (s->nwords > 1) {
		diag_error(r->ctx, &s->words[1].loc, "'%s' has two states on "
		    "the same line, '%s' and '%s'", s->name.text,
		    s->words[0].text, s->words[1].text);
		errors++;
	}
	if (s->nwords > 0) {
		k = state_lookup(s->words[0].text, rstate_names,
		    nitems(rstate_names));
		if (k >= 0)
			rs = (enum rstate)k;
		else {
			errors++;
			near = diag_suggest(s->words[0].text, rstate_names,
			    nitems(rstate_names));
			if (near != NULL)
				diag_error(r->ctx, &s->words[0].loc, "unknown "
				    "resource state '%s'; did you mean '%s'?",
				    s->words[0].text, near);
			else
				diag_error(r->ctx, &s->words[0].loc, "unknown "
				    "resource state '%s' (use %s)",
				    s->words[0].text, state_list(r->ctx,
				    rstate_names, nitems(rstate_names)));
		}
	}
	if (s->nwords > 0 && s->has_block) {
		diag_error(r->ctx, &s->block_loc, "a history is a state "
		    "('%s %s on ...') or a block of operations, not both",
		    s->name.text, s->words[0].text);
		errors++;
	}

	if (rs == RS_FAILED)
		nok = nitems(hist_settings);
	else if (s->nwords > 0)
		nok = HIST_SHORT_SETTINGS;
	else
		nok = HIST_BLOCK_SETTINGS;
	not_here = s->nwords > 0 ? arena_printf(r->scratch, "a '%s' "
	    "history", s->words[0].text) : "a history without a state: give "
	    "it on the op lines";
	errors += res_check_settings(r, s->kvs, hist_settings,
	    nitems(hist_settings), nok, "history setting", not_here);

	agent_kv = res_setting(s->kvs, "agent");
	if (res_rsc(r, &s->name, agent_kv != NULL, &prim) != 0)
		errors++;
	memset(&agent, 0, sizeof agent);
	if (agent_kv != NULL) {
		if (res_agent(r, &agent_kv->val, &agent) != 0)
			errors++;
	} else if (prim != NULL)
		res_model_agent(r, prim, &agent);
	t = r->st->now;
	if ((kv = res_setting(s->kvs, "time")) != NULL &&
	    res_time(r, &kv->val, "time", &t) != 0)
		errors++;
	lock = 0;
	if ((kv = res_setting(s->kvs, "lock")) != NULL &&
	    res_time(r, &kv->val, "lock", &lock) != 0)
		errors++;
	if ((rs == RS_PROMOTED || rs == RS_UNPROMOTED) && prim != NULL &&
	    !res_promotable(prim)) {
		diag_error(r->ctx, &s->words[0].loc, "'%s' is not in a "
		    "promotable clone: it cannot be '%s'", s->name.text,
		    s->words[0].text);
		errors++;
	}
	if (rs == RS_FAILED && res_failure(r, s, prim, &f) != 0)
		errors++;
	if (s->has_block && (ops = res_block_ops(r, s, &nops)) == NULL)
		errors++;

	rsc = res_intern(r, s->name.text);
	for (i = 0; i < s->nnodes; i++) {
		if ((idx = res_node(r, &s->nodes[i])) < 0 || errors > 0)
			continue;
		if ((h = state_hist_get(r->st, rsc, (size_t)idx, 0, 0)) !=
		    NULL) {
			res_twice(r, &s->nodes[i].loc,
			    &r->hist_locs[h - r->st->hist], "the history of "
			    "'%s' on '%s' is given twice", rsc,
			    r->st->nodes[idx].name);
			continue;
		}
		h = state_hist_get(r->st, rsc, (size_t)idx, 1, 0);
		h->shutdown_lock = lock;
		h->cls = agent.cls;
		h->provider = agent.provider;
		h->type = agent.type;
		hi = (size_t)(h - r->st->hist);
		if (hi >= r->hist_locs_cap) {
			r->hist_locs_cap = r->hist_locs_cap == 0 ? 64 :
			    r->hist_locs_cap * 2;
			r->hist_locs = xreallocarray(r->hist_locs,
			    r->hist_locs_cap, sizeof *r->hist_locs);
		}
		r->hist_locs[hi] = s->nodes[i].loc;
		switch (rs) {
		case RS_STOPPED:
			res_add_ok(r, hi, "monitor", 0, OCF_NOT_RUNNING, t);
			break;
		case RS_STARTED:
		case RS_UNPROMOTED:
			res_add_ok(r, hi, "start", 0, OCF_OK, t);
			res_add_monitors(r, hi, prim, 0, t);
			break;
		case RS_PROMOTED:
			res_add_ok(r, hi, "start", 0, OCF_OK, t);
			res_add_ok(r, hi, "promote", 0, OCF_OK, t);
			res_add_monitors(r, hi, prim, 1, t);
			break;
		case RS_FAILED:
			res_add_failure(r, hi, (size_t)idx, &f, t,
			    &s->words[0].loc);
			break;
		case RS_NONE:
			for (j = 0; j < nops; j++)
				res_add_op(r, hi, &ops[j].op, ops[j].has_call);
			break;
		}
		res_flush_ops(r, hi);
	}
}

/* --- reading: the file ------------------------------------------------------ */

/* now, quorum and dc: each once. */
static void
res_global_stmt(struct resolve *r, const struct sfstmt *s)
{
	const struct sfstmt	**first;
	const struct sfkv	 *kv;
	struct diag		 *dg;
	int			  v;

	switch (s->kind) {
	case SFS_NOW:
		first = &r->now_stmt;
		break;
	case SFS_QUORUM:
		first = &r->quorum_stmt;
		break;
	case SFS_DC:
		first = &r->dc_stmt;
		break;
	default:
		return;
	}
	if (*first != NULL) {
		dg = diag_error(r->ctx, &s->keyword.loc, "'%s' is given twice",
		    s->keyword.text);
		diag_note(r->ctx, dg, &(*first)->keyword.loc, "first given "
		    "here");
		return;
	}
	*first = s;
	switch (s->kind) {
	case SFS_NOW:
		res_time(r, &s->name, NULL, &r->st->now);
		break;
	case SFS_QUORUM:
		if ((v = res_bool(r, &s->name, "quorum")) >= 0)
			r->st->have_quorum = v;
		res_check_settings(r, s->kvs, quorum_settings,
		    nitems(quorum_settings), nitems(quorum_settings),
		    "quorum setting", "");
		if ((kv = res_setting(s->kvs, "panic")) != NULL &&
		    (v = res_bool(r, &kv->val, "panic")) >= 0)
			r->st->no_quorum_panic = v;
		break;
	default:
		break;
	}
}

/* ticket NAME granted|revoked [standby] [last-granted=TIME] */
static void
res_ticket_stmt(struct resolve *r, const struct sfstmt *s)
{
	const struct sfkv	*kv;
	struct tstate		*t;
	const char		*w;
	size_t			 i;
	int			 granted = -1, standby = 0;
	int64_t			 when = 0;

	if (s->name.text[0] == '\0') {
		diag_error(r->ctx, &s->name.loc, "a ticket needs a name");
		return;
	}
	if (state_ticket(NULL, r->st, s->name.text, 0) != NULL) {
		diag_error(r->ctx, &s->name.loc, "ticket '%s' is given twice",
		    s->name.text);
		return;
	}
	for (i = 0; i < s->nwords; i++) {
		w = s->words[i].text;
		if (strcmp(w, "granted") == 0 || strcmp(w, "revoked") == 0) {
			if (granted >= 0) {
				diag_error(r->ctx, &s->words[i].loc, "ticket "
				    "'%s' is either granted or revoked, once",
				    s->name.text);
				continue;
			}
			granted = strcmp(w, "granted") == 0;
		} else if (strcmp(w, "standby") == 0)
			standby = 1;
		else
			diag_error(r->ctx, &s->words[i].loc, "unknown ticket "
			    "state '%s': write granted or revoked, and "
			    "standby if so", w);
	}
	if (granted < 0) {
		diag_error(r->ctx, &s->keyword.loc, "ticket '%s' needs a "
		    "state: granted or revoked", s->name.text);
		return;
	}
	res_check_settings(r, s->kvs, ticket_settings,
	    nitems(ticket_settings), nitems(ticket_settings),
	    "ticket setting", "");
	if ((kv = res_setting(s->kvs, "last-granted")) != NULL &&
	    res_time(r, &kv->val, "last-granted", &when) != 0)
		return;
	t = state_ticket(r->ctx, r->st, s->name.text, 1);
	t->granted = granted;
	t->standby = standby;
	t->last_granted = when;
}

/*
 * A policy without nodes takes them from the state: those with a node
 * statement in file order, then the others in the order first named (so
 * that the written form, which has a statement for each, keeps the order).
 */
static void
res_collect_nodes(struct resolve *r, const struct sfstmt *stmts)
{
	const struct sfstmt	*s;
	size_t			 i;

	for (s = stmts; s != NULL; s = s->next) {
		if (s->kind == SFS_NODE && s->name.text[0] != '\0')
			res_node(r, &s->name);
	}
	for (s = stmts; s != NULL; s = s->next) {
		switch (s->kind) {
		case SFS_DC:
			if (s->name.text[0] != '\0')
				res_node(r, &s->name);
			break;
		case SFS_RESOURCE:
			for (i = 0; i < s->nnodes; i++) {
				if (s->nodes[i].text[0] != '\0')
					res_node(r, &s->nodes[i]);
			}
			break;
		default:
			break;
		}
	}
}

static void
state_free_arena(void *a)
{
	arena_free(a);
}

static void
res_init(struct resolve *r, struct ctx *ctx, const struct model *m)
{
	memset(r, 0, sizeof *r);
	r->ctx = ctx;
	r->tmp = arena_new();
	r->scratch = r->tmp;
	r->model = m;
	r->st = state_fresh(ctx, m);
	r->model_nodes = m != NULL && m->nnodes > 0;
	map_init(&r->strings);
	map_init(&r->node_stmts);
	map_init(&r->attrs);
}

/* Free what reading used, but tmp. */
static void
res_clear(struct resolve *r)
{
	free(r->autos);
	free(r->ops);
	free(r->hist_locs);
	map_clear(&r->strings);
	map_clear(&r->node_stmts);
	map_clear(&r->attrs);
}

/*
 * The file read whole: every statement parsed first (into tmp), then
 * resolved in passes: the nodes of a policy that declares none, now,
 * quorum and dc, the nodes and tickets, the resource histories.
 */
static void
res_whole(struct resolve *r, struct source *src)
{
	struct ctx		*ctx = r->ctx;
	struct sfstmt		*stmts;
	const struct sfstmt	*s;
	struct arena		*saved;
	size_t			 nhist;

	/* The tree goes to tmp; so do the scanner's syntax messages. */
	saved = ctx->arena;
	ctx->arena = r->tmp;
	statefile_read(ctx, src, &stmts);
	ctx->arena = saved;

	if (!r->model_nodes)
		res_collect_nodes(r, stmts);
	for (s = stmts; s != NULL; s = s->next)
		res_global_stmt(r, s);
	for (s = stmts; s != NULL; s = s->next) {
		if (s->kind == SFS_NODE)
			res_node_stmt(r, s);
		else if (s->kind == SFS_TICKET)
			res_ticket_stmt(r, s);
	}
	nhist = 0;
	for (s = stmts; s != NULL; s = s->next) {
		if (s->kind == SFS_RESOURCE)
			nhist += s->nnodes;
	}
	state_reserve_hist(r->st, nhist);
	for (s = stmts; s != NULL; s = s->next) {
		if (s->kind == SFS_RESOURCE)
			res_resource_stmt(r, s);
	}
}

/*
 * Streaming: the first resource statement ends the head of the file (now,
 * quorum, dc, tickets, nodes). A policy without nodes takes the dc's node
 * after those of the node statements, as res_collect_nodes() does.
 */
static void
res_begin_body(struct resolve *r)
{
	r->in_body = 1;
	if (!r->model_nodes && r->dc_stmt != NULL &&
	    r->dc_stmt->name.text[0] != '\0')
		res_node(r, &r->dc_stmt->name);
}

/*
 * Streaming: the first now, quorum or dc outlives its parse (for "given
 * twice" and the dc's node): keep what is used of it in tmp.
 */
static void
res_keep_global(struct resolve *r, const struct sfstmt *s)
{
	const struct sfstmt	**first[] = { &r->now_stmt, &r->quorum_stmt,
				    &r->dc_stmt };
	struct sfstmt		 *c;
	size_t			  i;

	for (i = 0; i < nitems(first); i++) {
		if (*first[i] != s)
			continue;
		c = arena_zalloc(r->tmp, sizeof *c);
		c->kind = s->kind;
		c->loc = s->loc;
		c->keyword = s->keyword;
		c->name = s->name;
		c->name.text = arena_strdup(r->tmp, s->name.text);
		*first[i] = c;
	}
}

/*
 * Streaming: one statement, resolved as soon as it is parsed. That gives
 * what the passes of res_whole() give as long as no 'now' or 'node'
 * statement follows a resource statement (hacc writes now, quorum, dc,
 * tickets, nodes, then the resources) and there is no error; otherwise
 * returns -1, and the file is read again whole (such a 'now' would date
 * the histories read before it, such a 'node' change the order of the
 * nodes or which of two settings is reported as the second; with errors,
 * the passes decide which are reported first, up to the cap).
 */
static int
res_stream_stmt(const struct sfstmt *s, void *arg)
{
	struct resolve	*r = arg;
	size_t		 errors = r->ctx->diags.nerrors;

	switch (s->kind) {
	case SFS_NOW:
		if (r->in_body && r->now_stmt == NULL)
			return -1;
		res_global_stmt(r, s);
		break;
	case SFS_QUORUM:
		res_global_stmt(r, s);
		break;
	case SFS_DC:
		res_global_stmt(r, s);
		if (r->in_body && !r->model_nodes && s->name.text[0] != '\0')
			res_node(r, &s->name);
		break;
	case SFS_TICKET:
		res_ticket_stmt(r, s);
		break;
	case SFS_NODE:
		if (r->in_body)
			return -1;
		if (!r->model_nodes && s->name.text[0] != '\0')
			res_node(r, &s->name);
		res_node_stmt(r, s);
		break;
	case SFS_RESOURCE:
		if (!r->in_body)
			res_begin_body(r);
		res_resource_stmt(r, s);
		break;
	}
	res_keep_global(r, s);
	return r->ctx->diags.nerrors > errors ? -1 : 0;
}

/*
 * How many histories src gives, as hacc writes it: one line starting with
 * 'resource' each. Reserving them up front saves the copies a growing
 * table leaves in the arena (the passes count them exactly).
 */
static size_t
res_count_hists(const struct source *src)
{
	const char	*p, *end = src->text + src->len;
	size_t		 i, n = 0;

	for (i = 0; i < src->nlines; i++) {
		p = src->text + src->lines[i];
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p > 9 && memcmp(p, "resource", 8) == 0 &&
		    (p[8] == ' ' || p[8] == '\t'))
			n++;
	}
	return n;
}

/*
 * Read src a statement at a time; 0 if that read it all (see above), else
 * -1 with what this reading reported taken back.
 */
static int
res_stream(struct resolve *r, struct source *src)
{
	struct arena	*scratch;
	struct diagmark	 mark;
	int		 rc;

	diag_mark(r->ctx, &mark);
	state_reserve_hist(r->st, res_count_hists(src));
	scratch = arena_new();
	r->scratch = scratch;
	rc = statefile_stream(r->ctx, src, scratch, res_stream_stmt, r);
	r->scratch = r->tmp;
	if (rc == 0 && !r->in_body)
		res_begin_body(r);
	if (rc != 0)
		diag_rewind(r->ctx, &mark);	/* before scratch goes */
	arena_free(scratch);
	return rc;
}

/*
 * Read a state from src (a source of ctx) against model m (NULL: no
 * checks of names). Returns a new state in ctx's arena, or NULL after
 * errors, every one of which is in ctx's diagnostics. The comments of a
 * state file are not kept on src.
 *
 * The file is first read a statement at a time, each resolved and freed
 * as soon as it is parsed, so that the syntax of a big file is never in
 * memory at once; a file that is not in hacc's order or has errors is
 * then read again whole (res_stream_stmt() says why), with the
 * diagnostics of the first reading taken back.
 */
struct cstate *
state_parse(struct ctx *ctx, const struct model *m, struct source *src)
{
	struct resolve		 r;
	struct arena		*saved, *own;
	size_t			 i, errors = ctx->diags.nerrors, ndiags;
	long			 idx;
	int			 next, rc, keep_tmp = 0;

	/* The state read so goes to an arena of its own, freed if dropped. */
	saved = ctx->arena;
	ctx->arena = own = arena_new();
	res_init(&r, ctx, m);
	rc = res_stream(&r, src);
	ctx->arena = saved;
	if (rc == 0)
		ctx_defer(ctx, state_free_arena, own);
	else {
		res_clear(&r);
		arena_free(r.tmp);
		arena_free(own);
		src->ncomments = 0;
		res_init(&r, ctx, m);
		ndiags = ctx->diags.nerrors + ctx->diags.nwarnings;
		res_whole(&r, src);
		/* syntax messages in tmp keep it alive as long as ctx */
		keep_tmp = ctx->diags.nerrors + ctx->diags.nwarnings != ndiags;
	}
	src->ncomments = 0;	/* their text was in a scratch arena */

	if (r.dc_stmt != NULL && (idx = res_node(&r, &r.dc_stmt->name)) >= 0)
		r.st->dc = r.st->nodes[idx].name;

	/* Operations without a call id: after every given one, in order. */
	next = r.max_call < INT_MAX ? r.max_call + 1 : INT_MAX;
	for (i = 0; i < r.nautos; i++) {
		r.st->hist[r.autos[i].hist].ops[r.autos[i].op].call_id = next;
		if (next < INT_MAX)
			next++;
	}

	res_clear(&r);
	if (keep_tmp)
		ctx_defer(ctx, state_free_arena, r.tmp);
	else
		arena_free(r.tmp);
	return ctx->diags.nerrors > errors ? NULL : r.st;
}

/*
 * Read the state file at path against model m. Returns a new state, or
 * NULL with the errors (an unreadable file too) in ctx's diagnostics.
 */
struct cstate *
state_load(struct ctx *ctx, const struct model *m, const char *path)
{
	struct source	*src;
	char		*cause;

	if ((src = ctx_read_file(ctx, path, &cause)) == NULL) {
		diag_error(ctx, NULL, "%s", cause);
		free(cause);
		return NULL;
	}
	return state_parse(ctx, m, src);
}
