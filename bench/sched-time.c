/*
 * bench/sched-time: one scheduler run on a policy and a state file, timed
 * phase by phase for bench/sched-bench. It does what `hacc compile POLICY
 * --state STATE --format text` does, with a clock read between the
 * phases: the policy read and checked, the state file read against the
 * model, the scheduler run (sched_run(): the state loaded to the graph
 * built, the span issue 3 sets targets for) and the graph written as
 * text (to memory, then dropped). It prints one line of key=value pairs:
 *
 *   policy=S state=S sched=S graph=S sched_cpu=S actions=N hwm=MB
 *
 * The phases are wall clock; sched_cpu is the CPU time of the scheduler
 * run alone, which a loaded machine disturbs less.
 * hwm is the process's peak resident memory, VmHWM from /proc/self/status:
 * unlike getrusage()'s ru_maxrss it does not carry the peak of the process
 * that spawned this one across exec. Built by `make bench`, not installed,
 * not part of make check.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compiler.h"
#include "sched.h"

/* Seconds on a clock. */
static double
seconds(clockid_t clock)
{
	struct timespec	ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return seconds(CLOCK_MONOTONIC);
}

/* The process's peak resident memory in MB (VmHWM), or -1. */
static double
peak_mb(void)
{
	FILE	*f;
	char	 line[256];
	long	 kb = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb < 0 ? -1 : (double)kb / 1024;
}

/* Render ctx's diagnostics on stderr. */
static void
render(struct ctx *ctx)
{
	struct buf	b;

	buf_init(&b);
	diag_render(ctx, &b, 0);
	if (b.len > 0)
		fwrite(b.data, 1, b.len, stderr);
	buf_clear(&b);
}

int
main(int argc, char **argv)
{
	struct ctx	*ctx;
	struct policy	*pol;
	struct model	*m = NULL;
	struct cstate	*st = NULL;
	struct schedule	*sc = NULL;
	struct sched_opts opts = { .no_scores = 1 };	/* as hacc compile */
	struct buf	 b;
	double		 t0, t1, t2, t3, t4, c2, c3;

	if (argc != 3) {
		fprintf(stderr, "usage: sched-time POLICY STATE\n");
		return 2;
	}
	ctx = ctx_new();
	t0 = now();
	if ((pol = compile_load(ctx, argv[1])) != NULL) {
		m = compile_policy(ctx, pol);
		compile_free(pol);
	}
	t1 = now();
	if (m != NULL && ctx->diags.nerrors == 0)
		st = state_load(ctx, m, argv[2]);
	t2 = now();
	c2 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	if (st != NULL && ctx->diags.nerrors == 0)
		sc = sched_run(ctx, m, st, &opts);
	c3 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	t3 = now();
	if (sc == NULL) {
		render(ctx);
		ctx_free(ctx);
		return 1;
	}
	buf_init(&b);
	emit_text(&sc->graph, &b);
	buf_clear(&b);
	t4 = now();
	printf("policy=%.6f state=%.6f sched=%.6f graph=%.6f sched_cpu=%.6f "
	    "actions=%zu hwm=%.1f\n", t1 - t0, t2 - t1, t3 - t2, t4 - t3,
	    c3 - c2, sc->graph.nactions, peak_mb());
	ctx_free(ctx);
	return 0;
}
