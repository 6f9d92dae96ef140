/*
 * xmalloc.c: allocation wrappers that abort on failure, so callers never
 * check for NULL. Used everywhere outside the arena.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

deadfunc static void
xmalloc_fail(size_t size)
{
	fprintf(stderr, "hacc: out of memory allocating %zu bytes\n", size);
	abort();
}

/* Allocate size bytes (at least one). */
void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		xmalloc_fail(size);
	return p;
}

/* Allocate a zeroed array of n elements of size bytes. */
void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		xmalloc_fail(n * size);
	return p;
}

/* Resize p to size bytes. */
void *
xrealloc(void *p, size_t size)
{
	return xreallocarray(p, 1, size);
}

/* Resize p to n elements of size bytes, checking for overflow. */
void *
xreallocarray(void *p, size_t n, size_t size)
{
	void	*q;

	if (size != 0 && n > SIZE_MAX / size)
		xmalloc_fail(SIZE_MAX);
	if (n * size == 0)
		n = size = 1;
	if ((q = realloc(p, n * size)) == NULL)
		xmalloc_fail(n * size);
	return q;
}

/* Duplicate a string. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Duplicate at most n bytes of a string. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Format into a new string; returns its length. */
int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}

/* Format into a new string from a va_list; returns its length. */
int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	va_list	ap2;
	int	n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		xmalloc_fail(0);
	*ret = xmalloc((size_t)n + 1);
	vsnprintf(*ret, (size_t)n + 1, fmt, ap);
	return n;
}
