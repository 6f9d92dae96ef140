/*
 * test-wire.c: unit tests of packet sealing (runtime/wire.c): round trips,
 * tampering, another key, another cluster, replays inside and outside the
 * window, reordering within it, restarts (a new boot is taken, an older
 * one refused), our own packets, short and bad headers, the bounds-checked
 * readers and writers, and key files (mode 0600, sizes, permissions).
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "runtime.h"

static const uint8_t	key1[WIRE_KEY_LEN] = "0123456789abcdef0123456789abcdef";
static const uint8_t	key2[WIRE_KEY_LEN] = "0123456789abcdef0123456789abcdeX";

/* Seal msg from a into pkt; return its length. */
static size_t
seal(struct wire *a, const char *msg, uint8_t *pkt)
{
	size_t	n;

	n = wire_seal(a, (const uint8_t *)msg, strlen(msg), pkt, 256);
	CU_ASSERT_EQUAL(n, strlen(msg) + WIRE_OVERHEAD);
	return n;
}

/* Open pkt at b; return the result, and check the text on success. */
static enum wire_result
open_pkt(struct wire *b, const uint8_t *pkt, size_t n, const char *expect)
{
	uint8_t			out[256];
	size_t			outlen = 0;
	uint32_t		sender = 0;
	enum wire_result	r;

	r = wire_open(b, pkt, n, out, sizeof out, &outlen, &sender);
	if (r == WIRE_OK && expect != NULL) {
		CU_ASSERT_EQUAL(outlen, strlen(expect));
		CU_ASSERT(memcmp(out, expect, outlen) == 0);
		CU_ASSERT_EQUAL(sender, 1);
	}
	return r;
}

static void
test_round_trip(void)
{
	struct wire	*a, *b;
	uint8_t		 p1[256], p2[256];
	size_t		 n1, n2;

	a = wire_new(key1, "web", 1, 1000, 77);
	b = wire_new(key1, "web", 2, 1000, 78);
	n1 = seal(a, "hello", p1);
	n2 = seal(a, "hello", p2);
	/* Same text, new nonce: another ciphertext. */
	CU_ASSERT(memcmp(p1 + WIRE_HEADER, p2 + WIRE_HEADER, 5) != 0);
	CU_ASSERT(memmem(p1, n1, "hello", 5) == NULL);
	CU_ASSERT_EQUAL(open_pkt(b, p2, n2, "hello"), WIRE_OK);
	CU_ASSERT_EQUAL(open_pkt(b, p1, n1, "hello"), WIRE_OK);
	CU_ASSERT_EQUAL(open_pkt(b, p1, n1, NULL), WIRE_REPLAY);
	CU_ASSERT_EQUAL(open_pkt(a, p1, n1, NULL), WIRE_SELF);
	CU_ASSERT_EQUAL(wire_stats(b)->opened, 2);
	CU_ASSERT_EQUAL(wire_stats(b)->replay, 1);
	CU_ASSERT_EQUAL(wire_stats(a)->sealed, 2);
	/* No room for the message and its overhead. */
	CU_ASSERT_EQUAL(wire_seal(a, p1, 10, p2, 10 + WIRE_OVERHEAD - 1), 0);
	wire_free(a);
	wire_free(b);
}

static void
test_tamper_and_strangers(void)
{
	struct wire	*a, *b, *other_key, *other_cluster;
	uint8_t		 p[256];
	size_t		 n, i;

	a = wire_new(key1, "web", 1, 1000, 77);
	b = wire_new(key1, "web", 2, 1000, 78);
	other_key = wire_new(key2, "web", 3, 1000, 79);
	other_cluster = wire_new(key1, "db", 4, 1000, 80);
	n = seal(a, "payload", p);
	/* Every byte of the header and the body is authenticated. */
	for (i = 0; i < n; i++) {
		if (i < 3)
			continue;	/* magic and version: malformed */
		p[i] ^= 0x40;
		CU_ASSERT(open_pkt(b, p, n, NULL) != WIRE_OK);
		p[i] ^= 0x40;
	}
	CU_ASSERT_EQUAL(open_pkt(other_key, p, n, NULL), WIRE_AUTH);
	CU_ASSERT_EQUAL(open_pkt(other_cluster, p, n, NULL), WIRE_FOREIGN);
	CU_ASSERT_EQUAL(wire_stats(other_cluster)->foreign, 1);
	CU_ASSERT_EQUAL(open_pkt(b, p, n, "payload"), WIRE_OK);
	CU_ASSERT_EQUAL(open_pkt(b, p, WIRE_OVERHEAD - 1, NULL),
	    WIRE_MALFORMED);
	p[0] = 'X';
	CU_ASSERT_EQUAL(open_pkt(b, p, n, NULL), WIRE_MALFORMED);
	U_STREQ(wire_result_name(WIRE_FOREIGN), "foreign");
	wire_free(a);
	wire_free(b);
	wire_free(other_key);
	wire_free(other_cluster);
}

static void
test_window_and_restart(void)
{
	struct wire	*a, *b, *a2;
	uint8_t		 p[80][256], q[256];
	size_t		 n[80], i;

	a = wire_new(key1, "web", 1, 1000, 77);
	b = wire_new(key1, "web", 2, 1000, 78);
	for (i = 0; i < 80; i++)
		n[i] = seal(a, "m", p[i]);
	/* Out of order inside the 64-packet window is fine, not below. */
	CU_ASSERT_EQUAL(open_pkt(b, p[70], n[70], "m"), WIRE_OK);
	CU_ASSERT_EQUAL(open_pkt(b, p[69], n[69], "m"), WIRE_OK);
	CU_ASSERT_EQUAL(open_pkt(b, p[6], n[6], NULL), WIRE_REPLAY);
	CU_ASSERT_EQUAL(open_pkt(b, p[7], n[7], "m"), WIRE_OK);
	CU_ASSERT_EQUAL(open_pkt(b, p[79], n[79], "m"), WIRE_OK);
	CU_ASSERT_EQUAL(open_pkt(b, p[20], n[20], "m"), WIRE_OK);
	CU_ASSERT_EQUAL(open_pkt(b, p[20], n[20], NULL), WIRE_REPLAY);

	/* A restart of node 1: a later boot is taken... */
	a2 = wire_new(key1, "web", 1, 2000, 99);
	n[0] = seal(a2, "again", q);
	CU_ASSERT_EQUAL(open_pkt(b, q, n[0], "again"), WIRE_OK);
	/* ...and the old boot's packets are replays from then on. */
	CU_ASSERT_EQUAL(open_pkt(b, p[78], n[78], NULL), WIRE_REPLAY);
	CU_ASSERT_EQUAL(wire_stats(b)->replay, 3);
	wire_free(a);
	wire_free(a2);
	wire_free(b);
}

static void
test_reader_writer(void)
{
	struct wire_writer	w;
	struct wire_reader	r;
	uint8_t			buf[15];

	wire_writer_init(&w, buf, sizeof buf);
	wire_put8(&w, 0xab);
	wire_put16(&w, 0x1234);
	wire_put32(&w, 0xdeadbeef);
	wire_put64(&w, 0x0102030405060708ULL);
	CU_ASSERT_EQUAL(w.off, 15);
	CU_ASSERT(!w.error);
	wire_put8(&w, 1);
	CU_ASSERT(w.error);
	wire_reader_init(&r, buf, sizeof buf);
	CU_ASSERT_EQUAL(wire_get8(&r), 0xab);
	CU_ASSERT_EQUAL(wire_get16(&r), 0x1234);
	CU_ASSERT_EQUAL(wire_get32(&r), 0xdeadbeef);
	CU_ASSERT_EQUAL(wire_get64(&r), 0x0102030405060708ULL);
	CU_ASSERT(!r.error);
	CU_ASSERT_EQUAL(wire_get32(&r), 0);
	CU_ASSERT(r.error);
	wire_reader_init(&r, buf, 3);
	CU_ASSERT_PTR_NULL(wire_getbytes(&r, (size_t)-1));
	CU_ASSERT(r.error);
}

static void
test_key_files(void)
{
	char		 dir[] = "/tmp/hacc-wire.XXXXXX", path[64], *cause = NULL;
	uint8_t		 k[WIRE_KEY_LEN], k2[WIRE_KEY_LEN];
	struct stat	 st;
	int		 fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/authkey", dir);
	CU_ASSERT_EQUAL(wire_key_write(path, &cause), 0);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
	CU_ASSERT_EQUAL(st.st_size, WIRE_KEY_LEN);
	CU_ASSERT_EQUAL(wire_key_read(path, k, &cause), 0);
	/* Never overwritten. */
	CU_ASSERT_EQUAL(wire_key_write(path, &cause), -1);
	U_STREQ(cause, unit_printf("%s: File exists", path));
	free(cause);
	CU_ASSERT_EQUAL(wire_key_read(path, k2, &cause), 0);
	CU_ASSERT(memcmp(k, k2, sizeof k) == 0);

	chmod(path, 0644);
	CU_ASSERT_EQUAL(wire_key_read(path, k, &cause), -1);
	U_STREQ(cause, unit_printf("%s: the key is readable by others "
	    "(mode 0644): chmod 600 it", path));
	free(cause);
	unlink(path);

	fd = open(path, O_WRONLY | O_CREAT, 0600);
	CU_ASSERT_EQUAL(write(fd, "short", 5), 5);
	close(fd);
	CU_ASSERT_EQUAL(wire_key_read(path, k, &cause), -1);
	U_STREQ(cause, unit_printf("%s: a key is 32 bytes, this file has 5",
	    path));
	free(cause);
	unlink(path);
	CU_ASSERT_EQUAL(wire_key_read(path, k, &cause), -1);
	U_STREQ(cause, unit_printf("%s: No such file or directory", path));
	free(cause);
	rmdir(dir);
}

static const struct unit_test seal_tests[] = {
	{ "round trip", test_round_trip },
	{ "tampering, other keys and clusters", test_tamper_and_strangers },
	{ "replay window and restarts", test_window_and_restart },
	{ NULL, NULL }
};

static const struct unit_test io_tests[] = {
	{ "readers and writers", test_reader_writer },
	{ "key files", test_key_files },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "seal", seal_tests },
	{ "io", io_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
