/*
 * loop.c: the daemon's single-threaded event loop, in the manner of
 * Redis's ae.c: poll(2) over registered descriptors, timers in a binary
 * min-heap, signals delivered through a self-pipe (so handlers run in the
 * loop, never in signal context), child exits reaped on SIGCHLD, and a
 * hook run before each sleep. The clock is injected: hacd uses
 * CLOCK_MONOTONIC, the simulation a virtual clock that it advances to
 * loop_next_timer() and then calls loop_run_timers(), so the same protocol
 * code runs in real time and in deterministic virtual time.
 *
 * INVARIANTS: heap[i]->slot == i for every pending timer; a timer fires
 * at most once per loop_timer_add; ties on `when` fire in arming order
 * (`order`), which keeps the simulation deterministic.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lang.h"
#include "runtime.h"

#define LOOP_NSIG	65

struct loop_fd {
	int		  fd;
	int		  events;
	void		(*cb)(int, int, void *);
	void		 *arg;
};

struct loop_sig {
	void		(*cb)(int, void *);
	void		 *arg;
};

struct loop_child {
	pid_t		  pid;
	void		(*cb)(pid_t, int, void *);
	void		 *arg;
};

struct loop {
	struct loop_clock	  clock;
	struct loop_fd		 *fds;
	size_t			  nfds;
	struct pollfd		 *pfds;	/* scratch for poll(2) */
	size_t			  pfdcap;	/* its length: only grows, so
						   that a callback adding an fd
						   never shortens what
						   loop_once still reads */
	struct loop_timer	**heap;
	size_t			  nheap;
	size_t			  heapsize;
	uint64_t		  order;
	struct loop_sig		  sigs[LOOP_NSIG];
	int			  sigpipe[2];
	struct loop_child	 *children;
	size_t			  nchildren;
	void			(*before_sleep)(void *);
	void			 *before_sleep_arg;
	int			  stop;
};

/* The write end of the self-pipe of the loop that handles signals. */
static volatile sig_atomic_t	loop_sigfd = -1;

/* The monotonic clock in microseconds (the default clock). */
uint64_t
loop_monotonic(void *arg)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* The wall clock in microseconds (boot times, ring ids, log stamps). */
uint64_t
loop_realtime(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* Return a new loop on clock (NULL: monotonic); never fails. */
struct loop *
loop_new(const struct loop_clock *clock)
{
	struct loop	*l;

	l = xcalloc(1, sizeof *l);
	if (clock != NULL)
		l->clock = *clock;
	else
		l->clock.now = loop_monotonic;
	l->sigpipe[0] = l->sigpipe[1] = -1;
	return l;
}

/* Free a loop; pending timers are forgotten, descriptors left open. */
void
loop_free(struct loop *l)
{
	int	i;

	if (l == NULL)
		return;
	for (i = 1; i < LOOP_NSIG; i++) {
		if (l->sigs[i].cb != NULL)
			signal(i, SIG_DFL);
	}
	if (l->sigpipe[0] != -1) {
		loop_sigfd = -1;
		close(l->sigpipe[0]);
		close(l->sigpipe[1]);
	}
	free(l->fds);
	free(l->pfds);
	free(l->heap);
	free(l->children);
	free(l);
}

/* The loop's current time. */
uint64_t
loop_now(struct loop *l)
{
	return l->clock.now(l->clock.arg);
}

/* Find the registration of fd, or NULL. */
static struct loop_fd *
loop_fd_find(struct loop *l, int fd)
{
	size_t	i;

	for (i = 0; i < l->nfds; i++) {
		if (l->fds[i].fd == fd)
			return &l->fds[i];
	}
	return NULL;
}

/* Watch fd for events (LOOP_READ, LOOP_WRITE); cb gets those that fired. */
void
loop_fd_add(struct loop *l, int fd, int events,
    void (*cb)(int, int, void *), void *arg)
{
	struct loop_fd	*f;

	if ((f = loop_fd_find(l, fd)) == NULL) {
		l->fds = xreallocarray(l->fds, l->nfds + 1, sizeof *l->fds);
		if (l->nfds + 1 > l->pfdcap) {
			l->pfds = xreallocarray(l->pfds, l->nfds + 1,
			    sizeof *l->pfds);
			l->pfdcap = l->nfds + 1;
		}
		f = &l->fds[l->nfds++];
	}
	f->fd = fd;
	f->events = events;
	f->cb = cb;
	f->arg = arg;
}

/* Change the events watched on a registered fd. */
void
loop_fd_events(struct loop *l, int fd, int events)
{
	struct loop_fd	*f;

	if ((f = loop_fd_find(l, fd)) != NULL)
		f->events = events;
}

/* Stop watching fd (it stays open). */
void
loop_fd_del(struct loop *l, int fd)
{
	struct loop_fd	*f;
	size_t		 i;

	if ((f = loop_fd_find(l, fd)) == NULL)
		return;
	i = (size_t)(f - l->fds);
	memmove(&l->fds[i], &l->fds[i + 1], (l->nfds - i - 1) * sizeof *f);
	l->nfds--;
}

/* Prepare an embedded timer that calls cb(arg) when it fires. */
void
loop_timer_init(struct loop_timer *t, void (*cb)(void *), void *arg)
{
	memset(t, 0, sizeof *t);
	t->slot = LOOP_NOSLOT;
	t->cb = cb;
	t->arg = arg;
}

/* Whether a fires before b. */
static int
loop_timer_before(const struct loop_timer *a, const struct loop_timer *b)
{
	if (a->when != b->when)
		return a->when < b->when;
	return a->order < b->order;
}

/* Put heap[i] in place and record its slot. */
static void
loop_heap_set(struct loop *l, size_t i, struct loop_timer *t)
{
	l->heap[i] = t;
	t->slot = i;
}

/* Move heap[i] up towards the root while it fires before its parent. */
static void
loop_heap_up(struct loop *l, size_t i)
{
	struct loop_timer	*t = l->heap[i];
	size_t			 parent;

	while (i > 0) {
		parent = (i - 1) / 2;
		if (!loop_timer_before(t, l->heap[parent]))
			break;
		loop_heap_set(l, i, l->heap[parent]);
		i = parent;
	}
	loop_heap_set(l, i, t);
}

/* Move heap[i] down while a child fires before it. */
static void
loop_heap_down(struct loop *l, size_t i)
{
	struct loop_timer	*t = l->heap[i];
	size_t			 child;

	for (;;) {
		child = 2 * i + 1;
		if (child >= l->nheap)
			break;
		if (child + 1 < l->nheap &&
		    loop_timer_before(l->heap[child + 1], l->heap[child]))
			child++;
		if (!loop_timer_before(l->heap[child], t))
			break;
		loop_heap_set(l, i, l->heap[child]);
		i = child;
	}
	loop_heap_set(l, i, t);
}

/* Disarm a timer; a timer that is not pending is left alone. */
void
loop_timer_del(struct loop *l, struct loop_timer *t)
{
	size_t			 i = t->slot;
	struct loop_timer	*last;

	if (i == LOOP_NOSLOT)
		return;
	t->slot = LOOP_NOSLOT;
	last = l->heap[--l->nheap];
	if (i == l->nheap)
		return;
	loop_heap_set(l, i, last);
	loop_heap_down(l, i);
	loop_heap_up(l, last->slot);
}

/* Arm (or re-arm) a timer to fire delay microseconds from now. */
void
loop_timer_add(struct loop *l, struct loop_timer *t, uint64_t delay)
{
	loop_timer_del(l, t);
	if (l->nheap == l->heapsize) {
		l->heapsize = l->heapsize == 0 ? 16 : l->heapsize * 2;
		l->heap = xreallocarray(l->heap, l->heapsize,
		    sizeof *l->heap);
	}
	t->when = loop_now(l) + delay;
	t->order = l->order++;
	loop_heap_set(l, l->nheap, t);
	l->nheap++;
	loop_heap_up(l, t->slot);
}

/* Whether a timer is armed. */
int
loop_timer_pending(const struct loop_timer *t)
{
	return t->slot != LOOP_NOSLOT;
}

/* The time of the next timer in *when; 0 when there is none. */
int
loop_next_timer(struct loop *l, uint64_t *when)
{
	if (l->nheap == 0)
		return 0;
	*when = l->heap[0]->when;
	return 1;
}

/*
 * Fire every timer due by now, including those that callbacks arm for
 * now or earlier; return how many fired.
 */
int
loop_run_timers(struct loop *l)
{
	struct loop_timer	*t;
	uint64_t		 now = loop_now(l);
	int			 n = 0;

	while (l->nheap > 0 && l->heap[0]->when <= now) {
		t = l->heap[0];
		loop_timer_del(l, t);
		t->cb(t->arg);
		n++;
	}
	return n;
}

/* Signal handler: pass the number to the loop through the self-pipe. */
static void
loop_sighandler(int signo)
{
	int		saved = errno;
	unsigned char	c = (unsigned char)signo;
	ssize_t		n;

	if (loop_sigfd != -1) {
		n = write(loop_sigfd, &c, 1);	/* a full pipe: one is queued */
		(void)n;
	}
	errno = saved;
}

/* Reap the children that exited and call their callbacks. */
static void
loop_reap(struct loop *l)
{
	struct loop_child	 c;
	size_t			 i;
	pid_t			 pid;
	int			 status;

	i = 0;
	while (i < l->nchildren) {
		pid = waitpid(l->children[i].pid, &status, WNOHANG);
		if (pid <= 0) {
			i++;
			continue;
		}
		c = l->children[i];
		l->children[i] = l->children[--l->nchildren];
		c.cb(pid, status, c.arg);
	}
}

/* Read the self-pipe and dispatch the signals it carries. */
static void
loop_sigread(int fd, int events, void *arg)
{
	struct loop	*l = arg;
	unsigned char	 buf[64];
	ssize_t		 n, i;
	int		 chld = 0;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] == SIGCHLD)
				chld = 1;
			else if (buf[i] < LOOP_NSIG &&
			    l->sigs[buf[i]].cb != NULL)
				l->sigs[buf[i]].cb(buf[i], l->sigs[buf[i]].arg);
		}
	}
	if (chld) {
		loop_reap(l);
		if (l->sigs[SIGCHLD].cb != NULL)
			l->sigs[SIGCHLD].cb(SIGCHLD, l->sigs[SIGCHLD].arg);
	}
}

/* Open the self-pipe, once per process; 0, or -1 with *cause. */
static int
loop_sigsetup(struct loop *l, char **cause)
{
	int	i;

	if (l->sigpipe[0] != -1)
		return 0;
	if (loop_sigfd != -1) {
		xasprintf(cause, "another event loop handles signals");
		return -1;
	}
	if (pipe(l->sigpipe) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < 2; i++) {
		fcntl(l->sigpipe[i], F_SETFL,
		    fcntl(l->sigpipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(l->sigpipe[i], F_SETFD, FD_CLOEXEC);
	}
	loop_sigfd = l->sigpipe[1];
	loop_fd_add(l, l->sigpipe[0], LOOP_READ, loop_sigread, l);
	return 0;
}

/* Install a handler for signo, called from the loop; -1 with *cause. */
static int
loop_sigcatch(struct loop *l, int signo, char **cause)
{
	struct sigaction	sa;

	if (loop_sigsetup(l, cause) == -1)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_sighandler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(signo, &sa, NULL) == -1) {
		xasprintf(cause, "sigaction %d: %s", signo, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Call cb(signo, arg) from the loop when signo arrives. Only one loop in a
 * process handles signals. 0, or -1 with *cause (owned by the caller).
 */
int
loop_signal(struct loop *l, int signo, void (*cb)(int, void *), void *arg,
    char **cause)
{
	if (signo <= 0 || signo >= LOOP_NSIG) {
		xasprintf(cause, "bad signal number %d", signo);
		return -1;
	}
	if (loop_sigcatch(l, signo, cause) == -1)
		return -1;
	l->sigs[signo].cb = cb;
	l->sigs[signo].arg = arg;
	return 0;
}

/*
 * Call cb(pid, status, arg) from the loop when child pid exits (SIGCHLD is
 * caught for it). A child that exited already is reaped at the next pass.
 */
void
loop_child(struct loop *l, pid_t pid, void (*cb)(pid_t, int, void *),
    void *arg)
{
	char	*cause = NULL;

	if (loop_sigcatch(l, SIGCHLD, &cause) == -1)
		free(cause);	/* another loop reaps: polled below */
	l->children = xreallocarray(l->children, l->nchildren + 1,
	    sizeof *l->children);
	l->children[l->nchildren].pid = pid;
	l->children[l->nchildren].cb = cb;
	l->children[l->nchildren].arg = arg;
	l->nchildren++;
	if (l->sigpipe[1] != -1)
		loop_sighandler(SIGCHLD);	/* in case it is gone already */
}

/*
 * Forget child pid: its callback is not called (for an owner that reaped
 * the child itself, or goes away before it exits).
 */
void
loop_child_del(struct loop *l, pid_t pid)
{
	size_t	i;

	for (i = 0; i < l->nchildren; i++) {
		if (l->children[i].pid == pid) {
			l->children[i] = l->children[--l->nchildren];
			return;
		}
	}
}

/* Call cb(arg) each time before the loop sleeps in poll(2). */
void
loop_before_sleep(struct loop *l, void (*cb)(void *), void *arg)
{
	l->before_sleep = cb;
	l->before_sleep_arg = arg;
}

/*
 * One pass: run the before-sleep hook, poll until the next timer (or not
 * at all unless block), dispatch fd events, then due timers. Returns the
 * number of callbacks run, or -1 if poll failed other than by EINTR.
 */
int
loop_once(struct loop *l, int block)
{
	struct loop_fd	 f;
	uint64_t	 when, now;
	size_t		 i, n;
	int		 timeout, nready, ran = 0, ev;

	if (l->before_sleep != NULL)
		l->before_sleep(l->before_sleep_arg);
	timeout = block ? -1 : 0;
	if (block && loop_next_timer(l, &when)) {
		now = loop_now(l);
		if (when <= now)
			timeout = 0;
		else if (when - now >= (uint64_t)INT32_MAX * 1000)
			timeout = INT32_MAX;
		else
			timeout = (int)((when - now + 999) / 1000);
	}
	n = l->nfds;
	for (i = 0; i < n; i++) {
		l->pfds[i].fd = l->fds[i].fd;
		l->pfds[i].events = 0;
		if (l->fds[i].events & LOOP_READ)
			l->pfds[i].events |= POLLIN;
		if (l->fds[i].events & LOOP_WRITE)
			l->pfds[i].events |= POLLOUT;
		l->pfds[i].revents = 0;
	}
	nready = poll(l->pfds, n, timeout);
	if (nready == -1 && errno != EINTR)
		return -1;
	for (i = 0; nready > 0 && i < n; i++) {
		if (l->pfds[i].revents == 0)
			continue;
		ev = 0;
		if (l->pfds[i].revents & (POLLIN | POLLHUP | POLLERR))
			ev |= LOOP_READ;
		if (l->pfds[i].revents & (POLLOUT | POLLERR))
			ev |= LOOP_WRITE;
		/* A callback may have removed or replaced this fd. */
		if (loop_fd_find(l, l->pfds[i].fd) == NULL)
			continue;
		f = *loop_fd_find(l, l->pfds[i].fd);
		if ((ev &= f.events) != 0) {
			f.cb(f.fd, ev, f.arg);
			ran++;
		}
	}
	return ran + loop_run_timers(l);
}

/* Run until loop_stop() (or poll fails). */
void
loop_run(struct loop *l)
{
	l->stop = 0;
	while (!l->stop) {
		if (loop_once(l, 1) == -1)
			break;
	}
}

/* Make loop_run() return after the current pass. */
void
loop_stop(struct loop *l)
{
	l->stop = 1;
}
