/*
 * log.c: hacd's log, the one place in runtime/ that prints. Every line
 * names its level and subsystem: "12:00:01.250 hacd[1234]: warning:
 * ring: ..." on standard error (with the time) or, with log_open(..., 1), through syslog(3). Libraries
 * below (ring.c, quorum.c) never print; the daemon passes their messages
 * here with the subsystem they come from. log_warn adds strerror(errno),
 * log_warnx does not (as in OpenBSD's daemons).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lang.h"
#include "runtime.h"

static const char	*log_name = "hacd";
static int		 log_syslog;
static enum log_level	 log_min = LOG_LEVEL_INFO;

/* Start logging as name, to syslog or standard error, from level min. */
void
log_open(const char *name, int use_syslog, enum log_level min)
{
	log_name = name;
	log_syslog = use_syslog;
	log_min = min;
	if (use_syslog)
		openlog(name, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/* A word for a level. */
const char *
log_level_name(enum log_level level)
{
	switch (level) {
	case LOG_LEVEL_DEBUG:
		return "debug";
	case LOG_LEVEL_INFO:
		return "info";
	case LOG_LEVEL_NOTICE:
		return "notice";
	case LOG_LEVEL_WARNING:
		return "warning";
	case LOG_LEVEL_ERROR:
		return "error";
	}
	return "unknown";
}

/* Print one line at level from subsystem sub. */
static void
log_vline(enum log_level level, const char *sub, const char *fmt, va_list ap,
    const char *suffix)
{
	static const int	 prio[] = { LOG_DEBUG, LOG_INFO, LOG_NOTICE,
				    LOG_WARNING, LOG_ERR };
	struct timespec		 ts;
	struct tm		 tm;
	char			*msg, stamp[16];

	if (level < log_min)
		return;
	xvasprintf(&msg, fmt, ap);
	if (log_syslog)
		syslog(prio[level], "%s: %s: %s%s%s", log_level_name(level), sub,
		    msg, suffix != NULL ? ": " : "", suffix != NULL ? suffix :
		    "");
	else {
		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld %s[%ld]: %s: %s: %s%s%s\n", stamp,
		    ts.tv_nsec / 1000000, log_name, (long)getpid(),
		    log_level_name(level), sub, msg, suffix != NULL ? ": " : "",
		    suffix != NULL ? suffix : "");
	}
	free(msg);
}

/* Log a line at level from subsystem sub. */
void
log_msg(enum log_level level, const char *sub, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vline(level, sub, fmt, ap, NULL);
	va_end(ap);
}

/* A warning with strerror(errno) appended. */
void
log_warn(const char *sub, const char *fmt, ...)
{
	va_list		 ap;
	const char	*err = strerror(errno);

	va_start(ap, fmt);
	log_vline(LOG_LEVEL_WARNING, sub, fmt, ap, err);
	va_end(ap);
}

/* A warning without errno. */
void
log_warnx(const char *sub, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vline(LOG_LEVEL_WARNING, sub, fmt, ap, NULL);
	va_end(ap);
}
