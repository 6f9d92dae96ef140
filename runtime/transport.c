/*
 * transport.c: the calls through the transport vtable (struct
 * transport_ops in runtime.h), so the ring never knows whether it talks
 * to the in-memory network (sim.c) or to UDP sockets (udp.c).
 */
#include "config.h"

#include "runtime.h"

/* Send a datagram to node `to` (TRANSPORT_ALL: every other member). */
int
transport_send(struct transport *t, uint32_t to, const void *buf, size_t len)
{
	return t->ops->send(t, to, buf, len);
}

/* Free a transport; NULL is a no-op. */
void
transport_free(struct transport *t)
{
	if (t != NULL)
		t->ops->free(t);
}
