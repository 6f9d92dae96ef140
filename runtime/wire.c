/*
 * wire.c: what every ring packet looks like on the wire, and the
 * bounds-checked readers and writers of fixed big-endian fields that the
 * ring's decoder is built on. Every packet is sealed with the cluster key
 * by libcrypto's ChaCha20-Poly1305 AEAD; nothing here is a cipher or a MAC
 * of our own.
 *
 * PACKET (big-endian; the 36-byte header is sent in clear and is
 * authenticated, as is the cluster name, which is never sent):
 *
 *	0   'H' 'A'		magic
 *	2   1			version
 *	3   0			reserved
 *	4   cluster tag		first 4 bytes of SHA-256(cluster name)
 *	8   sender		node id
 *	12  boot		sender's boot time, microseconds (wall clock)
 *	20  salt		64 random bits chosen at boot
 *	28  counter		per-sender packet counter, from 1
 *	36  ciphertext		the ring message
 *	    tag			16 bytes
 *
 * NONCES: each sender seals under its own subkey, HKDF-SHA256(cluster
 * key; salt = boot || salt || sender; info = "hacc ring 1" || cluster
 * name), and the nonce is the 64-bit counter, which never goes back
 * within a boot. A new boot draws a new salt (and a later boot time), so
 * a (subkey, nonce) pair is never used twice even if a node restarts with
 * the same boot time.
 *
 * RECEIVING: the tag of another cluster name is dropped unopened
 * (`foreign`); a packet that does not authenticate is dropped (`auth`:
 * another key, or forged); a counter seen before, or older than the
 * 64-packet window, and any packet of an older boot of a sender we know
 * are dropped (`replay`). A boot is "older" by its boot time, so replay
 * protection across restarts relies on the wall clock not stepping back
 * by more than a restart takes. Nothing read from the packet sizes an
 * allocation: the caller gives the output buffer.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "lang.h"
#include "runtime.h"

#define WIRE_MAGIC0	'H'
#define WIRE_MAGIC1	'A'
#define WIRE_VERSION	1
#define WIRE_NONCE	12
#define WIRE_INFO	"hacc ring 1"

/* What we know of one sender's current boot. */
struct wire_peer {
	uint32_t	 id;		/* 0: free */
	uint64_t	 boot;
	uint64_t	 salt;
	uint8_t		 key[WIRE_KEY_LEN];
	uint64_t	 top;		/* highest counter accepted */
	uint64_t	 seen;		/* bit i: top - i accepted */
	uint64_t	 used;		/* for eviction */
};

struct wire {
	uint8_t			 key[WIRE_KEY_LEN];
	char			*cluster;
	uint32_t		 tag;
	uint32_t		 self;
	uint64_t		 boot;
	uint64_t		 salt;
	uint64_t		 counter;
	uint8_t			 subkey[WIRE_KEY_LEN];
	EVP_CIPHER_CTX		*ctx;
	EVP_KDF			*kdf;
	struct wire_peer	 peers[WIRE_PEERS];
	uint64_t		 uses;
	struct wire_stats	 stats;
};

/* Start reading a received buffer. */
void
wire_reader_init(struct wire_reader *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
	r->error = 0;
}

/* n bytes from the reader, or NULL (and the error set) if short. */
const uint8_t *
wire_getbytes(struct wire_reader *r, size_t n)
{
	const uint8_t	*p;

	if (r->error || n > r->len - r->off) {
		r->error = 1;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

/* Read a big-endian integer of n bytes; 0 past the end. */
static uint64_t
wire_getn(struct wire_reader *r, size_t n)
{
	const uint8_t	*p;
	uint64_t	 v = 0;
	size_t		 i;

	if ((p = wire_getbytes(r, n)) == NULL)
		return 0;
	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

uint8_t
wire_get8(struct wire_reader *r)
{
	return (uint8_t)wire_getn(r, 1);
}

uint16_t
wire_get16(struct wire_reader *r)
{
	return (uint16_t)wire_getn(r, 2);
}

uint32_t
wire_get32(struct wire_reader *r)
{
	return (uint32_t)wire_getn(r, 4);
}

uint64_t
wire_get64(struct wire_reader *r)
{
	return wire_getn(r, 8);
}

/* Start writing into buf of size bytes. */
void
wire_writer_init(struct wire_writer *w, uint8_t *buf, size_t size)
{
	w->p = buf;
	w->size = size;
	w->off = 0;
	w->error = 0;
}

/* Append n bytes, or set the error if they do not fit. */
void
wire_putbytes(struct wire_writer *w, const void *p, size_t n)
{
	if (w->error || n > w->size - w->off) {
		w->error = 1;
		return;
	}
	if (n > 0)
		memcpy(w->p + w->off, p, n);
	w->off += n;
}

/* Append a big-endian integer of n bytes. */
static void
wire_putn(struct wire_writer *w, uint64_t v, size_t n)
{
	uint8_t	b[8];
	size_t	i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	wire_putbytes(w, b, n);
}

void
wire_put8(struct wire_writer *w, uint8_t v)
{
	wire_putn(w, v, 1);
}

void
wire_put16(struct wire_writer *w, uint16_t v)
{
	wire_putn(w, v, 2);
}

void
wire_put32(struct wire_writer *w, uint32_t v)
{
	wire_putn(w, v, 4);
}

void
wire_put64(struct wire_writer *w, uint64_t v)
{
	wire_putn(w, v, 8);
}

/* Fill buf with len random bytes from the OS; 0, or -1. */
int
wire_random(void *buf, size_t len)
{
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

/* The SHA-256 of len bytes at data into out (32 bytes). */
void
wire_sha256(const void *data, size_t len, uint8_t *out)
{
	unsigned int	n = 32;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1)
		abort();	/* only without memory */
}

/* Derive the subkey of (sender, boot, salt) into out; 0, or -1. */
static int
wire_derive(struct wire *w, uint32_t sender, uint64_t boot, uint64_t salt,
    uint8_t *out)
{
	EVP_KDF_CTX		*kctx;
	OSSL_PARAM		 params[5], *p = params;
	uint8_t			 saltbuf[20], info[256];
	struct wire_writer	 sw, iw;
	int			 rc;

	wire_writer_init(&sw, saltbuf, sizeof saltbuf);
	wire_put64(&sw, boot);
	wire_put64(&sw, salt);
	wire_put32(&sw, sender);
	wire_writer_init(&iw, info, sizeof info);
	wire_putbytes(&iw, WIRE_INFO, strlen(WIRE_INFO));
	wire_putbytes(&iw, w->cluster, strlen(w->cluster));
	if (iw.error)
		return -1;
	if ((kctx = EVP_KDF_CTX_new(w->kdf)) == NULL)
		return -1;
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, w->key,
	    WIRE_KEY_LEN);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltbuf,
	    sizeof saltbuf);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info,
	    iw.off);
	*p = OSSL_PARAM_construct_end();
	rc = EVP_KDF_derive(kctx, out, WIRE_KEY_LEN, params) == 1 ? 0 : -1;
	EVP_KDF_CTX_free(kctx);
	return rc;
}

/*
 * A new sealing context for node self of cluster, with the 32-byte key,
 * this boot's time and random salt (hacd: the wall clock and
 * wire_random; the simulation: its own). Aborts if libcrypto lacks
 * ChaCha20-Poly1305 or HKDF: nothing can run without them.
 */
struct wire *
wire_new(const uint8_t *key, const char *cluster, uint32_t self,
    uint64_t boot, uint64_t salt)
{
	struct wire	*w;
	uint8_t		 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;

	w = xcalloc(1, sizeof *w);
	memcpy(w->key, key, WIRE_KEY_LEN);
	w->cluster = xstrdup(cluster);
	w->self = self;
	w->boot = boot;
	w->salt = salt;
	if ((w->ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    (w->kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL ||
	    EVP_Digest(cluster, strlen(cluster), md, &mdlen, EVP_sha256(),
	    NULL) != 1 ||
	    wire_derive(w, self, boot, salt, w->subkey) == -1) {
		fprintf(stderr, "hacc: libcrypto has no ChaCha20-Poly1305, "
		    "HKDF or SHA-256\n");
		abort();
	}
	w->tag = (uint32_t)md[0] << 24 | (uint32_t)md[1] << 16 |
	    (uint32_t)md[2] << 8 | md[3];
	return w;
}

/* Free a context; the keys are wiped. */
void
wire_free(struct wire *w)
{
	if (w == NULL)
		return;
	EVP_CIPHER_CTX_free(w->ctx);
	EVP_KDF_free(w->kdf);
	free(w->cluster);
	OPENSSL_cleanse(w, sizeof *w);
	free(w);
}

/* The nonce of a counter. */
static void
wire_nonce(uint64_t counter, uint8_t *nonce)
{
	struct wire_writer	ww;

	memset(nonce, 0, WIRE_NONCE);
	wire_writer_init(&ww, nonce + 4, 8);
	wire_put64(&ww, counter);
}

/*
 * Seal len bytes of in into out (outsize bytes, at least len +
 * WIRE_OVERHEAD); return the packet's length, or 0 if it does not fit.
 */
size_t
wire_seal(struct wire *w, const uint8_t *in, size_t len, uint8_t *out,
    size_t outsize)
{
	struct wire_writer	 ww;
	uint8_t			 nonce[WIRE_NONCE];
	int			 n, fin;

	if (outsize < WIRE_OVERHEAD || len > outsize - WIRE_OVERHEAD ||
	    len > INT32_MAX)
		return 0;
	w->counter++;
	wire_writer_init(&ww, out, WIRE_HEADER);
	wire_put8(&ww, WIRE_MAGIC0);
	wire_put8(&ww, WIRE_MAGIC1);
	wire_put8(&ww, WIRE_VERSION);
	wire_put8(&ww, 0);
	wire_put32(&ww, w->tag);
	wire_put32(&ww, w->self);
	wire_put64(&ww, w->boot);
	wire_put64(&ww, w->salt);
	wire_put64(&ww, w->counter);
	wire_nonce(w->counter, nonce);
	if (EVP_EncryptInit_ex(w->ctx, EVP_chacha20_poly1305(), NULL,
	    w->subkey, nonce) != 1 ||
	    EVP_EncryptUpdate(w->ctx, NULL, &n, out, WIRE_HEADER) != 1 ||
	    EVP_EncryptUpdate(w->ctx, NULL, &n, (const uint8_t *)w->cluster,
	    (int)strlen(w->cluster)) != 1 ||
	    EVP_EncryptUpdate(w->ctx, out + WIRE_HEADER, &n, in,
	    (int)len) != 1 ||
	    EVP_EncryptFinal_ex(w->ctx, out + WIRE_HEADER + n, &fin) != 1 ||
	    EVP_CIPHER_CTX_ctrl(w->ctx, EVP_CTRL_AEAD_GET_TAG, WIRE_TAG,
	    out + WIRE_HEADER + len) != 1)
		return 0;
	w->stats.sealed++;
	return WIRE_HEADER + len + WIRE_TAG;
}

/* Decrypt and authenticate with key; 0, or -1 if the tag is wrong. */
static int
wire_decrypt(struct wire *w, const uint8_t *key, uint64_t counter,
    const uint8_t *pkt, size_t len, uint8_t *out)
{
	uint8_t	nonce[WIRE_NONCE], tag[WIRE_TAG];
	size_t	clen = len - WIRE_OVERHEAD;
	int	n, fin;

	wire_nonce(counter, nonce);
	memcpy(tag, pkt + len - WIRE_TAG, WIRE_TAG);
	if (EVP_DecryptInit_ex(w->ctx, EVP_chacha20_poly1305(), NULL, key,
	    nonce) != 1 ||
	    EVP_DecryptUpdate(w->ctx, NULL, &n, pkt, WIRE_HEADER) != 1 ||
	    EVP_DecryptUpdate(w->ctx, NULL, &n, (const uint8_t *)w->cluster,
	    (int)strlen(w->cluster)) != 1 ||
	    EVP_DecryptUpdate(w->ctx, out, &n, pkt + WIRE_HEADER,
	    (int)clen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(w->ctx, EVP_CTRL_AEAD_SET_TAG, WIRE_TAG,
	    tag) != 1 ||
	    EVP_DecryptFinal_ex(w->ctx, out + n, &fin) != 1)
		return -1;
	return 0;
}

/* Whether counter was accepted before (or is too old to tell). */
static int
wire_replayed(const struct wire_peer *p, uint64_t counter)
{
	if (counter > p->top)
		return 0;
	if (p->top - counter >= 64)
		return 1;
	return (p->seen >> (p->top - counter)) & 1;
}

/* Record counter as accepted. */
static void
wire_accept(struct wire_peer *p, uint64_t counter)
{
	if (counter > p->top) {
		if (counter - p->top >= 64)
			p->seen = 0;
		else
			p->seen <<= counter - p->top;
		p->top = counter;
	}
	p->seen |= (uint64_t)1 << (p->top - counter);
}

/* The entry of sender, or NULL. */
static struct wire_peer *
wire_peer_find(struct wire *w, uint32_t id)
{
	size_t	i;

	for (i = 0; i < WIRE_PEERS; i++) {
		if (w->peers[i].id == id)
			return &w->peers[i];
	}
	return NULL;
}

/* A free entry, or the least recently used one. */
static struct wire_peer *
wire_peer_slot(struct wire *w)
{
	struct wire_peer	*best = &w->peers[0];
	size_t			 i;

	for (i = 0; i < WIRE_PEERS; i++) {
		if (w->peers[i].id == 0)
			return &w->peers[i];
		if (w->peers[i].used < best->used)
			best = &w->peers[i];
	}
	return best;
}

/* Count a drop and return its result. */
static enum wire_result
wire_drop(struct wire *w, enum wire_result r)
{
	switch (r) {
	case WIRE_MALFORMED:
		w->stats.malformed++;
		break;
	case WIRE_FOREIGN:
		w->stats.foreign++;
		break;
	case WIRE_AUTH:
		w->stats.auth++;
		break;
	case WIRE_REPLAY:
		w->stats.replay++;
		break;
	default:
		break;
	}
	return r;
}

/*
 * Open a received packet into out (outsize bytes); on WIRE_OK, *outlen
 * is the message's length and *sender the authenticated sender. Any other
 * result is counted and the packet must be dropped.
 */
enum wire_result
wire_open(struct wire *w, const uint8_t *pkt, size_t len, uint8_t *out,
    size_t outsize, size_t *outlen, uint32_t *sender)
{
	struct wire_reader	 r;
	struct wire_peer	*p, fresh;
	uint32_t		 id;
	uint64_t		 boot, salt, counter;

	wire_reader_init(&r, pkt, len);
	if (len < WIRE_OVERHEAD || len - WIRE_OVERHEAD > outsize ||
	    wire_get8(&r) != WIRE_MAGIC0 || wire_get8(&r) != WIRE_MAGIC1 ||
	    wire_get8(&r) != WIRE_VERSION)
		return wire_drop(w, WIRE_MALFORMED);
	(void)wire_get8(&r);
	if (wire_get32(&r) != w->tag)
		return wire_drop(w, WIRE_FOREIGN);
	id = wire_get32(&r);
	boot = wire_get64(&r);
	salt = wire_get64(&r);
	counter = wire_get64(&r);
	if (id == 0 || counter == 0)
		return wire_drop(w, WIRE_MALFORMED);
	if (id == w->self && boot == w->boot && salt == w->salt)
		return WIRE_SELF;

	p = wire_peer_find(w, id);
	if (p != NULL && p->boot == boot && p->salt == salt) {
		if (wire_replayed(p, counter))
			return wire_drop(w, WIRE_REPLAY);
		if (wire_decrypt(w, p->key, counter, pkt, len, out) == -1)
			return wire_drop(w, WIRE_AUTH);
	} else {
		if (p != NULL && boot <= p->boot)
			return wire_drop(w, WIRE_REPLAY);
		memset(&fresh, 0, sizeof fresh);
		fresh.id = id;
		fresh.boot = boot;
		fresh.salt = salt;
		if (wire_derive(w, id, boot, salt, fresh.key) == -1 ||
		    wire_decrypt(w, fresh.key, counter, pkt, len, out) == -1) {
			OPENSSL_cleanse(&fresh, sizeof fresh);
			return wire_drop(w, WIRE_AUTH);
		}
		if (p == NULL)
			p = wire_peer_slot(w);
		*p = fresh;
		OPENSSL_cleanse(&fresh, sizeof fresh);
	}
	wire_accept(p, counter);
	p->used = ++w->uses;
	w->stats.opened++;
	*outlen = len - WIRE_OVERHEAD;
	*sender = id;
	return WIRE_OK;
}

/* A word for a result, for logs and counters. */
const char *
wire_result_name(enum wire_result r)
{
	switch (r) {
	case WIRE_OK:
		return "ok";
	case WIRE_MALFORMED:
		return "malformed";
	case WIRE_FOREIGN:
		return "foreign";
	case WIRE_AUTH:
		return "auth";
	case WIRE_REPLAY:
		return "replay";
	case WIRE_SELF:
		return "self";
	}
	return "unknown";
}

/* The context's counters. */
const struct wire_stats *
wire_stats(const struct wire *w)
{
	return &w->stats;
}

/*
 * Read a key file (exactly WIRE_KEY_LEN bytes, readable by its owner
 * only) into key; 0, or -1 with *cause (owned by the caller).
 */
int
wire_key_read(const char *path, uint8_t *key, char **cause)
{
	struct stat	st;
	uint8_t		buf[WIRE_KEY_LEN + 1];
	ssize_t		n;
	int		fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (st.st_mode & 077) {
		xasprintf(cause, "%s: the key is readable by others (mode "
		    "%04o): chmod 600 it", path, (unsigned)st.st_mode & 07777);
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof buf);
	close(fd);
	if (n != WIRE_KEY_LEN) {
		xasprintf(cause, "%s: a key is %d bytes, this file has %s%zd",
		    path, WIRE_KEY_LEN, n > WIRE_KEY_LEN ? "more than " : "",
		    n < 0 ? (ssize_t)0 : (n > WIRE_KEY_LEN ? WIRE_KEY_LEN : n));
		OPENSSL_cleanse(buf, sizeof buf);
		return -1;
	}
	memcpy(key, buf, WIRE_KEY_LEN);
	OPENSSL_cleanse(buf, sizeof buf);
	return 0;
}

/*
 * Write a new random key to path, created with mode 0600 (an existing
 * file is not overwritten); 0, or -1 with *cause.
 */
int
wire_key_write(const char *path, char **cause)
{
	uint8_t	key[WIRE_KEY_LEN];
	int	fd, rc = 0;

	if (wire_random(key, sizeof key) == -1) {
		xasprintf(cause, "no random bytes from the system");
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		OPENSSL_cleanse(key, sizeof key);
		return -1;
	}
	if (fchmod(fd, 0600) == -1 ||
	    write(fd, key, sizeof key) != (ssize_t)sizeof key) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (close(fd) == -1 && rc == 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc == -1)
		unlink(path);
	OPENSSL_cleanse(key, sizeof key);
	return rc;
}
