/*
 * control.c: hacd's control socket, a UNIX stream socket (mode 0600: the
 * node's administrator only) served from the event loop, and the client
 * side that `hacc status` uses. A request is one line ("status",
 * "status json"); the reply is text, and the server closes the
 * connection after it. A client that sends nothing for 5 s, or more than
 * a line, is dropped.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang.h"
#include "runtime.h"

#define CONTROL_LINE		256
#define CONTROL_BODY_MAX	(1024 * 1024)
#define CONTROL_REPLY_MAX	(1024 * 1024)
#define CONTROL_TIMEOUT_US	5000000

struct control_client {
	struct control		*ctl;
	int			 fd;
	char			 line[CONTROL_LINE];
	size_t			 len;
	char			*body;		/* after the line */
	size_t			 bodylen;
	size_t			 bodygot;
	struct loop_timer	 timer;
	struct control_client	*next;
};

struct control {
	struct loop		*loop;
	int			 fd;
	char			*path;
	char			*(*handler)(void *, const char *,
				    const char *, size_t);
	void			*arg;
	struct control_client	*clients;
};

/* Fill a UNIX address; -1 with *cause if the path is too long. */
static int
control_addr(const char *path, struct sockaddr_un *sun, char **cause)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun->sun_path) {
		xasprintf(cause, "%s: socket path too long", path);
		return -1;
	}
	memcpy(sun->sun_path, path, strlen(path) + 1);
	return 0;
}

/* Drop a client. */
static void
control_drop(struct control_client *c)
{
	struct control		*ctl = c->ctl;
	struct control_client	**pp;

	for (pp = &ctl->clients; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	loop_timer_del(ctl->loop, &c->timer);
	loop_fd_del(ctl->loop, c->fd);
	close(c->fd);
	free(c->body);
	free(c);
}

/* Timer: a client too slow to ask. */
static void
control_timeout(void *arg)
{
	control_drop(arg);
}

/* Write all of buf to a blocking fd with a send timeout. */
static void
control_write(int fd, const char *buf, size_t len)
{
	struct timeval	tv = { 1, 0 };
	ssize_t		n;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	while (len > 0) {
		if ((n = write(fd, buf, len)) <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Tell a client what is wrong with its request. */
static void
control_error(int fd, const char *msg)
{
	char	*line;

	xasprintf(&line, "error: %s\n", msg);
	control_write(fd, line, strlen(line));
	free(line);
}

/* Answer a complete request and drop the client. */
static void
control_answer(struct control_client *c)
{
	char	*reply;

	reply = c->ctl->handler(c->ctl->arg, c->line, c->body, c->bodylen);
	control_write(c->fd, reply, strlen(reply));
	free(reply);
	control_drop(c);
}

/*
 * The length of the data a request line announces (its last word is +N),
 * cut from the line; -2 when it announces none, -1 when N is bad.
 */
static long long
control_body_len(char *line)
{
	char		*sp, *end;
	long long	 n;

	if ((sp = strrchr(line, ' ')) == NULL || sp[1] != '+')
		return -2;
	n = strtoll(sp + 2, &end, 10);
	if (*end != '\0' || end == sp + 2 || n < 0 || n > CONTROL_BODY_MAX)
		return -1;
	*sp = '\0';
	return n;
}

/* A client sent something: once a request is complete, answer it. */
static void
control_read(int fd, int events, void *arg)
{
	struct control_client	*c = arg;
	char			*nl;
	ssize_t			 n;
	size_t			 rest;
	long long		 len;

	if (c->body != NULL) {
		n = read(fd, c->body + c->bodygot, c->bodylen - c->bodygot +
		    1);
		if (n <= 0 || c->bodygot + (size_t)n > c->bodylen) {
			if (n > 0)
				control_error(fd, "more data than announced");
			control_drop(c);
			return;
		}
		c->bodygot += (size_t)n;
		if (c->bodygot == c->bodylen)
			control_answer(c);
		return;
	}
	n = read(fd, c->line + c->len, sizeof c->line - 1 - c->len);
	if (n <= 0) {
		control_drop(c);
		return;
	}
	c->len += (size_t)n;
	c->line[c->len] = '\0';
	if ((nl = memchr(c->line, '\n', c->len)) == NULL) {
		if (c->len == sizeof c->line - 1) {
			control_error(fd, "request too long");
			control_drop(c);
		}
		return;
	}
	*nl = '\0';
	rest = c->len - (size_t)(nl + 1 - c->line);
	if ((len = control_body_len(c->line)) == -1) {
		control_error(fd, "bad data length");
		control_drop(c);
		return;
	}
	if (len == -2 && rest == 0) {
		control_answer(c);
		return;
	}
	if (len == -2 || (size_t)len < rest) {
		control_error(fd, "more data than announced");
		control_drop(c);
		return;
	}
	c->bodylen = (size_t)len;
	c->body = xmalloc(c->bodylen + 1);
	memcpy(c->body, nl + 1, rest);
	c->bodygot = rest;
	if (c->bodygot == c->bodylen)
		control_answer(c);
}

/* The listening socket is readable: take a client. */
static void
control_accept(int fd, int events, void *arg)
{
	struct control		*ctl = arg;
	struct control_client	*c;
	int			 cfd;

	if ((cfd = accept(fd, NULL, NULL)) == -1)
		return;
	fcntl(cfd, F_SETFL, fcntl(cfd, F_GETFL) | O_NONBLOCK);
	fcntl(cfd, F_SETFD, FD_CLOEXEC);
	c = xcalloc(1, sizeof *c);
	c->ctl = ctl;
	c->fd = cfd;
	c->next = ctl->clients;
	ctl->clients = c;
	loop_timer_init(&c->timer, control_timeout, c);
	loop_timer_add(ctl->loop, &c->timer, CONTROL_TIMEOUT_US);
	loop_fd_add(ctl->loop, cfd, LOOP_READ, control_read, c);
}

/*
 * Serve requests on a UNIX socket at path (an old socket there is
 * replaced); handler(arg, line, data, len) returns the reply, which is
 * freed after sending (data is NULL when the request has none). NULL
 * with *cause if the socket cannot be made.
 */
struct control *
control_open(struct loop *loop, const char *path,
    char *(*handler)(void *, const char *, const char *, size_t), void *arg,
    char **cause)
{
	struct control		*ctl;
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 fd;

	if (control_addr(path, &sun, cause) == -1)
		return NULL;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return NULL;
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1 ||
	    chmod(path, 0600) == -1 || listen(fd, 16) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	ctl = xcalloc(1, sizeof *ctl);
	ctl->loop = loop;
	ctl->fd = fd;
	ctl->path = xstrdup(path);
	ctl->handler = handler;
	ctl->arg = arg;
	loop_fd_add(loop, fd, LOOP_READ, control_accept, ctl);
	return ctl;
}

/* Stop serving and remove the socket; NULL is a no-op. */
void
control_close(struct control *ctl)
{
	if (ctl == NULL)
		return;
	while (ctl->clients != NULL)
		control_drop(ctl->clients);
	loop_fd_del(ctl->loop, ctl->fd);
	close(ctl->fd);
	unlink(ctl->path);
	free(ctl->path);
	free(ctl);
}

/* Write all of len bytes to fd; 0, or -1. */
static int
control_send(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, p, len)) <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Send request, with len bytes of data when data is not NULL, to the
 * server at path and return its reply in *reply (owned by the caller);
 * 0, or -1 with *cause.
 */
int
control_request(const char *path, const char *request, const char *data,
    size_t len, char **reply, char **cause)
{
	char			*line;
	struct sockaddr_un	 sun;
	struct timeval		 tv = { 5, 0 };
	struct buf		 b;
	char			 chunk[4096];
	ssize_t			 n;
	int			 fd;

	if (control_addr(path, &sun, cause) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		xasprintf(cause, "cannot connect to %s: %s (is hacd "
		    "running?)", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (data != NULL)
		xasprintf(&line, "%s +%zu\n", request, len);
	else
		xasprintf(&line, "%s\n", request);
	if (control_send(fd, line, strlen(line)) == -1 ||
	    (data != NULL && control_send(fd, data, len) == -1)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		free(line);
		close(fd);
		return -1;
	}
	free(line);
	buf_init(&b);
	while ((n = read(fd, chunk, sizeof chunk)) > 0 &&
	    b.len < CONTROL_REPLY_MAX)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0) {
		xasprintf(cause, "%s: no reply: %s", path, strerror(errno));
		buf_clear(&b);
		return -1;
	}
	buf_putc(&b, '\0');
	*reply = buf_detach(&b);
	return 0;
}
