/*
 * arena.c: a bump allocator. A compilation allocates its tree, strings and
 * model here and frees them all at once with arena_free(). Large requests
 * get a chunk of their own so small ones never waste a big tail.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

#define ARENA_CHUNK	(64 * 1024)
#define ARENA_ALIGN	16

struct chunk {
	struct chunk	*next;
	size_t		 size;
	size_t		 used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct chunk	*head;		/* chunk being filled */
	struct chunk	*big;		/* chunks of single large objects */
	size_t		 total;
};

/* Create an empty arena. */
struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

static void
arena_free_chunks(struct chunk *c)
{
	struct chunk	*next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
}

/* Free an arena and everything allocated from it; NULL is a no-op. */
void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_free_chunks(a->head);
	arena_free_chunks(a->big);
	free(a);
}

/* Allocate size bytes, aligned for any type; never returns NULL. */
void *
arena_alloc(struct arena *a, size_t size)
{
	struct chunk	*c;
	size_t		 need;

	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < size)
		abort();
	a->total += need;
	if (need > ARENA_CHUNK / 4) {
		c = xmalloc(sizeof *c + need);
		c->size = c->used = need;
		c->next = a->big;
		a->big = c;
		return c->data;
	}
	c = a->head;
	if (c == NULL || c->size - c->used < need) {
		c = xmalloc(sizeof *c + ARENA_CHUNK);
		c->size = ARENA_CHUNK;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	c->used += need;
	return c->data + c->used - need;
}

/* Allocate size zeroed bytes. */
void *
arena_zalloc(struct arena *a, size_t size)
{
	return memset(arena_alloc(a, size), 0, size);
}

/* Copy a string into the arena. */
char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* Copy n bytes of s into the arena, NUL-terminated. */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Format a string into the arena. */
char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

/* Format a string into the arena from a va_list. */
char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	char	*tmp, *s;
	int	 n;

	n = xvasprintf(&tmp, fmt, ap);
	s = arena_strndup(a, tmp, (size_t)n);
	free(tmp);
	return s;
}

/* Bytes handed out so far (for benchmarks). */
size_t
arena_used(const struct arena *a)
{
	return a->total;
}
