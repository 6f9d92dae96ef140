/*
 * udp.c: the `udp` transport: one non-blocking UDP socket bound to this
 * node's address and the ring's port, registered in the loop; a datagram
 * "to all" is sent by unicast to each other member in turn (no multicast
 * group to configure or to lose in a switch). IPv4 and IPv6 alike: every
 * member's address must be of the family of our own, checked up front.
 * A datagram from an address that is no member is still passed up (the
 * ring authenticates it and counts it), with its address for diagnostics.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang.h"
#include "runtime.h"

/* Room for the IP and UDP headers under the link MTU (IPv6: 40 + 8). */
#define UDP_HEADERS	48
#define UDP_MAXDGRAM	65507
#define UDP_BATCH	32	/* datagrams per recvmmsg(2) */

struct udp_member {
	uint32_t		 id;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
};

struct udp {
	struct transport	 t;	/* first */
	struct loop		*loop;
	int			 fd;
	uint32_t		 self;
	struct udp_member	*members;	/* every member but us */
	size_t			 nmembers;
	uint8_t			*bufs;		/* UDP_BATCH of mtu + 1 */
	struct sockaddr_storage	 from[UDP_BATCH];
	struct iovec		 iov[UDP_BATCH];
	struct mmsghdr		 msgs[UDP_BATCH];
};

/* Parse a numeric address with port into ss; 0, or -1 with *cause. */
static int
udp_parse(const char *addr, int port, struct sockaddr_storage *ss,
    socklen_t *sslen, char **cause)
{
	struct addrinfo	 hints, *res;
	char		 portstr[16];
	int		 error;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(portstr, sizeof portstr, "%d", port);
	if ((error = getaddrinfo(addr, portstr, &hints, &res)) != 0) {
		xasprintf(cause, "'%s' is not a numeric IPv4 or IPv6 address",
		    addr);
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* Print an address as "addr:port" or "[addr]:port". */
static void
udp_name(const struct sockaddr_storage *ss, socklen_t sslen, char *out,
    size_t outlen)
{
	char	host[NI_MAXHOST], port[NI_MAXSERV];

	if (getnameinfo((const struct sockaddr *)ss, sslen, host, sizeof host,
	    port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(out, outlen, "(unknown)");
		return;
	}
	if (ss->ss_family == AF_INET6)
		snprintf(out, outlen, "[%s]:%s", host, port);
	else
		snprintf(out, outlen, "%s:%s", host, port);
}

/*
 * The socket is readable: pass every waiting datagram up, UDP_BATCH per
 * recvmmsg(2). A datagram longer than the MTU is cut short by the
 * kernel (MSG_TRUNC) and dropped here: no member sends one.
 */
static void
udp_read(int fd, int events, void *arg)
{
	struct udp	*u = arg;
	struct msghdr	*h;
	char		 peer[NI_MAXHOST + NI_MAXSERV + 4];
	int		 i, n, round;

	for (round = 0; round < 8; round++) {	/* let timers run too */
		for (i = 0; i < UDP_BATCH; i++) {
			u->msgs[i].msg_hdr.msg_namelen = sizeof u->from[i];
			u->msgs[i].msg_hdr.msg_flags = 0;
		}
		n = recvmmsg(fd, u->msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;	/* EAGAIN, or an ICMP error reported late */
		for (i = 0; i < n; i++) {
			h = &u->msgs[i].msg_hdr;
			u->t.stats.received++;
			if (h->msg_flags & MSG_TRUNC ||
			    u->msgs[i].msg_len > u->t.mtu) {
				u->t.stats.recv_errors++;
				continue;
			}
			udp_name(&u->from[i], h->msg_namelen, peer,
			    sizeof peer);
			if (u->t.recv != NULL)
				u->t.recv(u->t.recv_arg, u->iov[i].iov_base,
				    u->msgs[i].msg_len, peer);
		}
		if (n < UDP_BATCH)
			return;
	}
}

/* Send one datagram to one member. */
static int
udp_send_member(struct udp *u, const struct udp_member *m, const void *buf,
    size_t len)
{
	if (sendto(u->fd, buf, len, 0, (const struct sockaddr *)&m->ss,
	    m->sslen) == -1) {
		u->t.stats.send_errors++;
		return -1;
	}
	u->t.stats.sent++;
	return 0;
}

/* Count what one sendmmsg sent of k messages; set *rc on a shortfall. */
static void
udp_count(struct transport *t, size_t k, int sent, int *rc)
{
	size_t	ok = sent < 0 ? 0 : (size_t)sent;

	t->stats.sent += ok;
	if (ok < k) {
		t->stats.send_errors += k - ok;
		*rc = -1;
	}
}

/* transport send: unicast to one member, or to each other member. */
static int
udp_send(struct transport *t, uint32_t to, const void *buf, size_t len)
{
	struct udp	*u = (struct udp *)t;
	size_t		 i;
	int		 rc = 0;

	if (len > t->mtu) {
		t->stats.send_errors++;
		return -1;
	}
	for (i = 0; i < u->nmembers; i++) {
		if (to != TRANSPORT_ALL && u->members[i].id != to)
			continue;
		if (udp_send_member(u, &u->members[i], buf, len) == -1)
			rc = -1;
	}
	return rc;
}

/*
 * transport sendv: every datagram to one member or to each, with as few
 * sendmmsg(2) calls as the kernel allows (UIO_MAXIOV messages each).
 */
static int
udp_sendv(struct transport *t, uint32_t to, const struct iovec *iov,
    size_t n)
{
	struct udp	*u = (struct udp *)t;
	struct mmsghdr	 msgs[64];
	size_t		 i, m, k = 0;
	int		 rc = 0, sent;

	for (i = 0; i < n; i++) {
		for (m = 0; m < u->nmembers; m++) {
			if (to != TRANSPORT_ALL && u->members[m].id != to)
				continue;
			if (iov[i].iov_len > t->mtu) {
				t->stats.send_errors++;
				rc = -1;
				continue;
			}
			memset(&msgs[k], 0, sizeof msgs[k]);
			msgs[k].msg_hdr.msg_name = &u->members[m].ss;
			msgs[k].msg_hdr.msg_namelen = u->members[m].sslen;
			msgs[k].msg_hdr.msg_iov = (struct iovec *)&iov[i];
			msgs[k].msg_hdr.msg_iovlen = 1;
			if (++k == nitems(msgs)) {
				sent = sendmmsg(u->fd, msgs, (unsigned int)k, 0);
				udp_count(t, k, sent, &rc);
				k = 0;
			}
		}
	}
	if (k > 0) {
		sent = sendmmsg(u->fd, msgs, (unsigned int)k, 0);
		udp_count(t, k, sent, &rc);
	}
	return rc;
}

/* transport free: close the socket. */
static void
udp_free(struct transport *t)
{
	struct udp	*u = (struct udp *)t;

	loop_fd_del(u->loop, u->fd);
	close(u->fd);
	free(u->members);
	free(u->bufs);
	free(u);
}

static const struct transport_ops udp_ops = {
	"udp", udp_send, udp_sendv, udp_free
};

/* Open, configure and bind the socket to ss; -1 with *cause. */
static int
udp_open(const struct sockaddr_storage *ss, socklen_t sslen, const char *addr,
    char **cause)
{
	int	fd, on = 1;

	if ((fd = socket(ss->ss_family, SOCK_DGRAM, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (ss->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
	if (bind(fd, (const struct sockaddr *)ss, sslen) == -1) {
		xasprintf(cause, "cannot bind %s port %d: %s", addr,
		    ntohs(((const struct sockaddr_in *)ss)->sin_port),
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A new udp transport for node self among peers (which include self: its
 * address is the one bound), on port (unless a peer names its own, as
 * nodes sharing one host in tests do), with datagrams of at most mtu bytes
 * on the link (the IP and UDP headers come off). Returns NULL with *cause
 * (owned by the caller) when an address is bad, of another family than
 * ours, self is no peer, or the socket cannot be bound.
 */
struct transport *
udp_new(struct loop *loop, uint32_t self, const struct udp_peer *peers,
    size_t npeers, int port, size_t mtu, char **cause)
{
	struct udp		*u;
	struct sockaddr_storage	 ss, own;
	socklen_t		 sslen, ownlen = 0;
	const char		*ownaddr = NULL;
	char			*why = NULL;
	size_t			 i;

	if (port <= 0 || port > 65535) {
		xasprintf(cause, "port %d is out of range 1-65535", port);
		return NULL;
	}
	if (mtu <= UDP_HEADERS + WIRE_OVERHEAD || mtu > UDP_MAXDGRAM) {
		xasprintf(cause, "mtu %zu is out of range", mtu);
		return NULL;
	}
	u = xcalloc(1, sizeof *u);
	u->members = xcalloc(npeers == 0 ? 1 : npeers, sizeof *u->members);
	for (i = 0; i < npeers; i++) {
		if (udp_parse(peers[i].addr, peers[i].port != 0 ?
		    peers[i].port : port, &ss, &sslen, &why) == -1) {
			xasprintf(cause, "node %u: %s", peers[i].id, why);
			goto fail;
		}
		if (peers[i].id == self) {
			own = ss;
			ownlen = sslen;
			ownaddr = peers[i].addr;
			continue;
		}
		u->members[u->nmembers].id = peers[i].id;
		u->members[u->nmembers].ss = ss;
		u->members[u->nmembers].sslen = sslen;
		u->nmembers++;
	}
	if (ownaddr == NULL) {
		xasprintf(cause, "node %u has no address", self);
		goto fail;
	}
	for (i = 0; i < u->nmembers; i++) {
		if (u->members[i].ss.ss_family != own.ss_family) {
			xasprintf(cause, "node %u: address family differs "
			    "from node %u's (%s)", u->members[i].id, self,
			    ownaddr);
			goto fail;
		}
	}
	if ((u->fd = udp_open(&own, ownlen, ownaddr, cause)) == -1)
		goto fail;
	u->t.ops = &udp_ops;
	u->t.mtu = mtu - UDP_HEADERS;
	u->bufs = xreallocarray(NULL, UDP_BATCH, u->t.mtu + 1);
	for (i = 0; i < UDP_BATCH; i++) {
		u->iov[i].iov_base = u->bufs + i * (u->t.mtu + 1);
		u->iov[i].iov_len = u->t.mtu + 1;
		u->msgs[i].msg_hdr.msg_name = &u->from[i];
		u->msgs[i].msg_hdr.msg_iov = &u->iov[i];
		u->msgs[i].msg_hdr.msg_iovlen = 1;
	}
	u->loop = loop;
	u->self = self;
	loop_fd_add(loop, u->fd, LOOP_READ, udp_read, u);
	return &u->t;

fail:
	free(why);
	free(u->members);
	free(u);
	return NULL;
}
