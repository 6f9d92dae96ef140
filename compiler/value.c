/*
 * value.c: the value syntaxes of the language, as Pacemaker reads them.
 *
 *   durations  500ms 30s 2min 1h, a bare number in seconds; units ms, msec,
 *              us, usec, s, sec, m, min, h, hr; ISO 8601 PT1M30S
 *   scores     integers clamped to +/-1000000, INFINITY, +INFINITY,
 *              -INFINITY (also inf, -inf; any case)
 *   booleans   true/false, yes/no, on/off, y/n, 1/0 (any case)
 *   roles      Stopped, Started, Unpromoted, Promoted (any case; the old
 *              Slave and Master are accepted)
 *
 * Each parser returns 0 and the value, or -1 and a reason (allocated in
 * the context's arena) that the caller puts in a diagnostic.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compiler.h"

#define DURATION_MAX_MS	(UINT64_C(1) << 53)

/* Parse the digits at *s (an optional fraction too) scaled by unit_us. */
static int
value_scaled(const char **s, uint64_t unit_us, uint64_t *us)
{
	uint64_t	whole = 0, frac = 0, div = 1;
	const char	*p = *s;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (whole > DURATION_MAX_MS)
			return -1;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (div < 1000000000) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				div *= 10;
			}
		}
	}
	if (whole > DURATION_MAX_MS / unit_us)
		return -1;
	*us = whole * unit_us + frac * unit_us / div;
	*s = p;
	return 0;
}

static int
value_iso_duration(const char *s, uint64_t *ms)
{
	uint64_t	 total = 0, part;
	int		 in_time = 0, any = 0;
	uint64_t	 unit;

	s++;				/* 'P' */
	while (*s != '\0') {
		if (*s == 'T' || *s == 't') {
			in_time = 1;
			s++;
			continue;
		}
		/* part: thousandths of the unit, so fractions count */
		if (value_scaled(&s, 1000, &part) != 0)
			return -1;
		switch (toupper((unsigned char)*s)) {
		case 'W':
			unit = 7 * 86400;
			break;
		case 'D':
			unit = 86400;
			break;
		case 'H':
			unit = 3600;
			break;
		case 'M':
			unit = in_time ? 60 : 30 * 86400;
			break;
		case 'S':
			unit = 1;
			break;
		default:
			return -1;
		}
		if (part > DURATION_MAX_MS / unit)
			return -1;
		total += part * unit;
		if (total > DURATION_MAX_MS)
			return -1;
		any = 1;
		s++;
	}
	if (!any)
		return -1;
	*ms = total;
	return 0;
}

/* A duration, in milliseconds. */
int
value_duration(struct ctx *ctx, const char *s, uint64_t *ms,
    const char **cause)
{
	static const struct {
		const char	*name;
		size_t		 len;
		uint64_t	 us;
	} units[] = {
		{ "", 0, 1000000 }, { "s", 1, 1000000 },
		{ "sec", 3, 1000000 }, { "ms", 2, 1000 }, { "msec", 4, 1000 },
		{ "us", 2, 1 }, { "usec", 4, 1 }, { "m", 1, 60000000 },
		{ "min", 3, 60000000 }, { "h", 1, 3600000000 },
		{ "hr", 2, 3600000000 },
	};
	const char	*p, *unit;
	uint64_t	 us;
	size_t		 i, len;

	if (*s == 'P' || *s == 'p') {
		if (value_iso_duration(s, ms) == 0)
			return 0;
		*cause = arena_printf(ctx->arena, "'%s' is not an ISO 8601 "
		    "duration such as PT1M30S", s);
		return -1;
	}
	if (*s == '-') {
		*cause = arena_printf(ctx->arena, "a duration cannot be "
		    "negative");
		return -1;
	}
	for (unit = s; isdigit((unsigned char)*unit) || *unit == '.'; unit++)
		;
	if (unit == s) {
		*cause = arena_printf(ctx->arena, "'%s' is not a duration "
		    "such as 500ms, 30s, 2min or 1h", s);
		return -1;
	}
	len = strlen(unit);
	for (i = 0; i < nitems(units); i++) {
		if (units[i].len == len &&
		    strncasecmp(unit, units[i].name, len) == 0)
			break;
	}
	if (i == nitems(units)) {
		*cause = arena_printf(ctx->arena, "unknown unit '%s' in '%s'; "
		    "use ms, s, min or h", unit, s);
		return -1;
	}
	p = s;
	if (isdigit((unsigned char)*s) &&
	    value_scaled(&p, units[i].us, &us) != 0) {
		*cause = arena_printf(ctx->arena, "'%s' is too long for a "
		    "duration", s);
		return -1;
	}
	if (!isdigit((unsigned char)*s) || p != unit) {
		*cause = arena_printf(ctx->arena, "'%s' is not a duration "
		    "such as 500ms, 30s, 2min or 1h", s);
		return -1;
	}
	*ms = us / 1000;
	if (us % 1000 != 0 && *ms == 0)
		*ms = 1;
	return 0;
}

/* A score: an integer clamped to +/-INFINITY, or [+-]INFINITY itself. */
int
value_score(struct ctx *ctx, const char *s, int *score, const char **cause)
{
	const char	*p = s;
	int		 neg = 0;
	long long	 v = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (strcasecmp(p, "INFINITY") == 0 || strcasecmp(p, "inf") == 0) {
		*score = neg ? -SCORE_INFINITY : SCORE_INFINITY;
		return 0;
	}
	if (*p == '\0' || strspn(p, "0123456789") != strlen(p)) {
		*cause = arena_printf(ctx->arena, "'%s' is not a score (an "
		    "integer, INFINITY or -INFINITY)", s);
		return -1;
	}
	for (; *p != '\0'; p++) {
		v = v * 10 + (*p - '0');
		if (v > SCORE_INFINITY)
			v = SCORE_INFINITY;
	}
	*score = (int)(neg ? -v : v);
	return 0;
}

/* A boolean, spelled as Pacemaker accepts it. */
int
value_bool(struct ctx *ctx, const char *s, int *b, const char **cause)
{
	static const char *const yes[] = { "true", "yes", "on", "y", "1" };
	static const char *const no[] = { "false", "no", "off", "n", "0" };
	size_t	i;

	for (i = 0; i < nitems(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*b = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*b = 0;
			return 0;
		}
	}
	*cause = arena_printf(ctx->arena, "'%s' is not a boolean (true or "
	    "false)", s);
	return -1;
}

/* An integer between min and max. */
int
value_int(struct ctx *ctx, const char *s, long long min, long long max,
    long long *v, const char **cause)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || isspace((unsigned char)*s)) {
		*cause = arena_printf(ctx->arena, "'%s' is not an integer", s);
		return -1;
	}
	if (errno == ERANGE || n < min || n > max) {
		*cause = arena_printf(ctx->arena, "%s is out of range (%lld to "
		    "%lld)", s, min, max);
		return -1;
	}
	*v = n;
	return 0;
}

/* A role; the old names Master and Slave map to Promoted and Unpromoted. */
int
value_role(struct ctx *ctx, const char *s, enum role *role,
    const char **cause)
{
	static const struct {
		const char	*name;
		enum role	 role;
	} roles[] = {
		{ "Stopped", ROLE_STOPPED }, { "Started", ROLE_STARTED },
		{ "Unpromoted", ROLE_UNPROMOTED }, { "Promoted", ROLE_PROMOTED },
		{ "Slave", ROLE_UNPROMOTED }, { "Master", ROLE_PROMOTED },
	};
	const char	*names[nitems(roles)], *near;
	size_t		 i;

	for (i = 0; i < nitems(roles); i++) {
		if (strcasecmp(s, roles[i].name) == 0) {
			*role = roles[i].role;
			return 0;
		}
		names[i] = roles[i].name;
	}
	near = diag_suggest(s, names, 4);
	if (near != NULL)
		*cause = arena_printf(ctx->arena, "unknown role '%s'; did you "
		    "mean '%s'?", s, near);
	else
		*cause = arena_printf(ctx->arena, "unknown role '%s' (Stopped, "
		    "Started, Unpromoted or Promoted)", s);
	return -1;
}

static const char *const value_classes[] = { "ocf", "lsb", "systemd",
    "service", "stonith" };
static const char *const value_loss_policies[] = { "stop", "demote",
    "fence", "freeze" };

/* A resource class's name (ocf, lsb, ...). */
const char *
value_class_name(enum rsc_class c)
{
	return (size_t)c < nitems(value_classes) ? value_classes[c] : "ocf";
}

/* The resource class called s into *c; 0, or -1 if s names none. */
int
value_class(const char *s, enum rsc_class *c)
{
	size_t	i;

	for (i = 0; i < nitems(value_classes); i++) {
		if (strcmp(s, value_classes[i]) == 0) {
			*c = (enum rsc_class)i;
			return 0;
		}
	}
	return -1;
}

/* A ticket's loss policy's name (stop, demote, fence, freeze). */
const char *
value_loss_policy_name(enum loss_policy p)
{
	return (size_t)p < nitems(value_loss_policies) ?
	    value_loss_policies[p] : "stop";
}

/* The loss policy called s, in any case, into *p; 0, or -1 if none. */
int
value_loss_policy(const char *s, enum loss_policy *p)
{
	size_t	i;

	for (i = 0; i < nitems(value_loss_policies); i++) {
		if (strcasecmp(s, value_loss_policies[i]) == 0) {
			*p = (enum loss_policy)i;
			return 0;
		}
	}
	return -1;
}

/* A role's name as Pacemaker 2.1 writes it. */
const char *
value_role_name(enum role role)
{
	switch (role) {
	case ROLE_UNKNOWN:
		return "Unknown";
	case ROLE_STOPPED:
		return "Stopped";
	case ROLE_STARTED:
		return "Started";
	case ROLE_UNPROMOTED:
		return "Unpromoted";
	case ROLE_PROMOTED:
		return "Promoted";
	}
	return "Unknown";
}

/* A duration for messages, as compact as it reads back: 30s, 2min, 1h. */
const char *
value_ms_text(struct ctx *ctx, uint64_t ms)
{
	unsigned long long	v = (unsigned long long)ms;

	if (v != 0 && v % 3600000 == 0)
		return arena_printf(ctx->arena, "%lluh", v / 3600000);
	if (v != 0 && v % 60000 == 0)
		return arena_printf(ctx->arena, "%llumin", v / 60000);
	if (v % 1000 == 0)
		return arena_printf(ctx->arena, "%llus", v / 1000);
	return arena_printf(ctx->arena, "%llums", v);
}
