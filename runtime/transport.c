/*
 * transport.c: the calls through the transport vtable (struct
 * transport_ops in runtime.h), so the ring never knows whether it talks
 * to the in-memory network (sim.c) or to UDP sockets (udp.c). sendv is
 * optional: a transport without it sends the datagrams one by one.
 */
#include "config.h"

#include "runtime.h"

/* Send a datagram to node `to` (TRANSPORT_ALL: every other member). */
int
transport_send(struct transport *t, uint32_t to, const void *buf, size_t len)
{
	return t->ops->send(t, to, buf, len);
}

/*
 * Send n datagrams to node `to` (TRANSPORT_ALL: every other member), in
 * one system call where the transport can; 0, or -1 if any failed.
 */
int
transport_sendv(struct transport *t, uint32_t to, const struct iovec *iov,
    size_t n)
{
	size_t	i;
	int	rc = 0;

	if (t->ops->sendv != NULL)
		return t->ops->sendv(t, to, iov, n);
	for (i = 0; i < n; i++) {
		if (t->ops->send(t, to, iov[i].iov_base, iov[i].iov_len) != 0)
			rc = -1;
	}
	return rc;
}

/* Free a transport; NULL is a no-op. */
void
transport_free(struct transport *t)
{
	if (t != NULL)
		t->ops->free(t);
}
