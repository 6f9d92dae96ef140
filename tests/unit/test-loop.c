/*
 * test-loop.c: unit tests of the event loop (runtime/loop.c): timers on a
 * virtual clock (order, ties, re-arming, deletion from the middle of the
 * heap), descriptors (callbacks that remove and add others), signals
 * through the self-pipe, child exits and the before-sleep hook on the
 * real clock.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"
#include "runtime.h"

static uint64_t	vnow;

static uint64_t
vclock(void *arg)
{
	return vnow;
}

static const struct loop_clock	virtual_clock = { vclock, NULL };

/* A log of which timers fired, in order. */
static int	fired[64];
static size_t	nfired;

static void
record(void *arg)
{
	if (nfired < nitems(fired))
		fired[nfired++] = (int)(intptr_t)arg;
}

/* Advance virtual time to each timer and fire it, until none is left. */
static void
drain(struct loop *l)
{
	uint64_t	when;

	while (loop_next_timer(l, &when)) {
		CU_ASSERT(when >= vnow);
		vnow = when;
		loop_run_timers(l);
	}
}

static void
test_timer_order(void)
{
	struct loop		*l;
	struct loop_timer	 t[8];
	static const uint64_t	 delay[8] = { 50, 10, 30, 10, 70, 0, 30, 20 };
	static const int	 expect[8] = { 5, 1, 3, 7, 2, 6, 0, 4 };
	size_t			 i;

	vnow = 1000;
	nfired = 0;
	l = loop_new(&virtual_clock);
	for (i = 0; i < 8; i++) {
		loop_timer_init(&t[i], record, (void *)(intptr_t)i);
		loop_timer_add(l, &t[i], delay[i]);
	}
	drain(l);
	CU_ASSERT_EQUAL(nfired, 8);
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(fired[i], expect[i]);
	CU_ASSERT_EQUAL(vnow, 1070);
	loop_free(l);
}

static void
test_timer_del_rearm(void)
{
	struct loop		*l;
	struct loop_timer	 t[32];
	size_t			 i;
	uint64_t		 last;

	vnow = 0;
	nfired = 0;
	l = loop_new(&virtual_clock);
	for (i = 0; i < 32; i++) {
		loop_timer_init(&t[i], record, (void *)(intptr_t)i);
		loop_timer_add(l, &t[i], (i * 37) % 101);
	}
	/* Delete every third from anywhere in the heap, re-arm others. */
	for (i = 0; i < 32; i += 3)
		loop_timer_del(l, &t[i]);
	loop_timer_del(l, &t[0]);	/* twice: a no-op */
	loop_timer_add(l, &t[1], 500);
	CU_ASSERT(loop_timer_pending(&t[1]));
	CU_ASSERT(!loop_timer_pending(&t[3]));
	drain(l);
	CU_ASSERT_EQUAL(nfired, 32 - 11);
	CU_ASSERT_EQUAL(fired[nfired - 1], 1);
	last = 0;
	for (i = 0; i < nfired; i++) {
		CU_ASSERT(fired[i] % 3 != 0);
		if (fired[i] != 1) {
			CU_ASSERT((uint64_t)((fired[i] * 37) % 101) >= last);
			last = (uint64_t)((fired[i] * 37) % 101);
		}
	}
	loop_free(l);
}

/* A timer whose callback re-arms itself three times. */
static struct loop	*rearm_loop;
static int		 rearm_count;

static void
rearm(void *arg)
{
	struct loop_timer	*t = arg;

	if (++rearm_count < 3)
		loop_timer_add(rearm_loop, t, 5);
}

static void
test_timer_self_rearm(void)
{
	struct loop_timer	t;

	vnow = 0;
	rearm_count = 0;
	rearm_loop = loop_new(&virtual_clock);
	loop_timer_init(&t, rearm, &t);
	loop_timer_add(rearm_loop, &t, 5);
	drain(rearm_loop);
	CU_ASSERT_EQUAL(rearm_count, 3);
	CU_ASSERT_EQUAL(vnow, 15);
	loop_free(rearm_loop);
}

static int	fd_events, sig_seen, before_calls, child_status = -1;

static void
on_fd(int fd, int events, void *arg)
{
	char	c;

	fd_events |= events;
	if (read(fd, &c, 1) == 1)
		CU_ASSERT_EQUAL(c, 'x');
}

static void
on_signal(int signo, void *arg)
{
	sig_seen = signo;
}

static void
on_before(void *arg)
{
	before_calls++;
}

static void
on_child(pid_t pid, int status, void *arg)
{
	child_status = status;
}

static void
test_fd_signal_child(void)
{
	struct loop	*l;
	char		*cause = NULL;
	int		 p[2], i;
	pid_t		 pid;

	l = loop_new(NULL);
	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	loop_fd_add(l, p[0], LOOP_READ, on_fd, NULL);
	loop_before_sleep(l, on_before, NULL);
	CU_ASSERT_EQUAL(write(p[1], "x", 1), 1);
	CU_ASSERT(loop_once(l, 1) >= 1);
	CU_ASSERT_EQUAL(fd_events, LOOP_READ);
	CU_ASSERT_EQUAL(before_calls, 1);

	CU_ASSERT_EQUAL(loop_signal(l, SIGUSR1, on_signal, NULL, &cause), 0);
	raise(SIGUSR1);
	for (i = 0; i < 10 && sig_seen == 0; i++)
		loop_once(l, 0);
	CU_ASSERT_EQUAL(sig_seen, SIGUSR1);
	CU_ASSERT_EQUAL(loop_signal(l, 999, on_signal, NULL, &cause), -1);
	U_STREQ(cause, "bad signal number 999");
	free(cause);

	pid = fork();
	CU_ASSERT_FATAL(pid != -1);
	if (pid == 0)
		_exit(7);
	loop_child(l, pid, on_child, NULL);
	for (i = 0; i < 500 && child_status == -1; i++)
		loop_once(l, 1);
	CU_ASSERT(WIFEXITED(child_status) && WEXITSTATUS(child_status) == 7);

	loop_fd_del(l, p[0]);
	close(p[0]);
	close(p[1]);
	loop_free(l);
	signal(SIGUSR1, SIG_DFL);
}

/*
 * Churn: eight pipes ready at once; the first callback removes the other
 * seven and adds a new one (as an agent's exit closes its pipes and the
 * next agent is forked): the pass must neither call the removed ones nor
 * read past what it polled (ASan's check in CI).
 */
static struct loop	*churn_loop;
static int		 churn_p[8][2], churn_new[2], churn_calls[8];

static void
on_churn(int fd, int events, void *arg)
{
	int	i = (int)(intptr_t)arg;
	char	c;

	churn_calls[i]++;
	if (read(fd, &c, 1) != 1)
		CU_FAIL("nothing to read");
	if (i != 0)
		return;
	for (i = 1; i < 8; i++)
		loop_fd_del(churn_loop, churn_p[i][0]);
	loop_fd_add(churn_loop, churn_new[0], LOOP_READ, on_fd, NULL);
}

static void
test_fd_churn(void)
{
	int	i;

	churn_loop = loop_new(NULL);
	for (i = 0; i < 8; i++) {
		CU_ASSERT_EQUAL_FATAL(pipe(churn_p[i]), 0);
		loop_fd_add(churn_loop, churn_p[i][0], LOOP_READ, on_churn,
		    (void *)(intptr_t)i);
		CU_ASSERT_EQUAL(write(churn_p[i][1], "x", 1), 1);
	}
	CU_ASSERT_EQUAL_FATAL(pipe(churn_new), 0);
	CU_ASSERT_EQUAL(loop_once(churn_loop, 1), 1);
	CU_ASSERT_EQUAL(churn_calls[0], 1);
	for (i = 1; i < 8; i++)
		CU_ASSERT_EQUAL(churn_calls[i], 0);
	/* The new one works. */
	fd_events = 0;
	CU_ASSERT_EQUAL(write(churn_new[1], "x", 1), 1);
	CU_ASSERT(loop_once(churn_loop, 1) >= 1);
	CU_ASSERT_EQUAL(fd_events, LOOP_READ);
	loop_free(churn_loop);
	for (i = 0; i < 8; i++) {
		close(churn_p[i][0]);
		close(churn_p[i][1]);
	}
	close(churn_new[0]);
	close(churn_new[1]);
}

static const struct unit_test timer_tests[] = {
	{ "order and ties", test_timer_order },
	{ "delete and re-arm", test_timer_del_rearm },
	{ "callback re-arms", test_timer_self_rearm },
	{ NULL, NULL }
};

static const struct unit_test io_tests[] = {
	{ "fd, signal, child, before-sleep", test_fd_signal_child },
	{ "callbacks that remove and add fds", test_fd_churn },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "timers", timer_tests },
	{ "io", io_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
