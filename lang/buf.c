/*
 * buf.c: a growable, NUL-terminated byte string used to build output that a
 * caller then writes (libraries format, main() prints).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"

/* Initialise an empty buffer. */
void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Free a buffer's storage and leave it empty. */
void
buf_clear(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

/* Empty a buffer but keep its storage. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static void
buf_grow(struct buf *b, size_t n)
{
	size_t	cap;

	if (b->cap - b->len > n)
		return;
	cap = b->cap == 0 ? 256 : b->cap;
	while (cap - b->len <= n)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

/* Append n bytes. */
void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append a string. */
void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Append one byte. */
void
buf_putc(struct buf *b, int c)
{
	char	ch = (char)c;

	buf_add(b, &ch, 1);
}

/* Append c n times. */
void
buf_repeat(struct buf *b, int c, size_t n)
{
	buf_grow(b, n);
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append formatted text. */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Append formatted text from a va_list. */
void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	ap2;
	int	n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

/* Take the buffer's string (caller frees) and leave the buffer empty. */
char *
buf_detach(struct buf *b)
{
	char	*s;

	if (b->data == NULL)
		return xstrdup("");
	s = b->data;
	buf_init(b);
	return s;
}
