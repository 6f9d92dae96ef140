/*
 * arena.c: a bump allocator. A compilation allocates its tree, strings and
 * model here and frees them all at once with arena_free(). Large requests
 * get a chunk of their own so small ones never waste a big tail. Objects
 * are aligned to ARENA_ALIGN; strings, which need no alignment, are packed
 * byte after byte (most words of a policy are a few bytes long).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

#define ARENA_CHUNK	(64 * 1024)

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

/*
 * Free everything allocated from a but keep the chunk being filled, so
 * that an arena used for one statement at a time allocates nothing more
 * once it has reached its working size.
 */
void
arena_reset(struct arena *a)
{
	if (a->head != NULL) {
		arena_free_chunks(a->head->next);
		a->head->next = NULL;
		a->head->used = 0;
	}
	arena_free_chunks(a->big);
	a->big = NULL;
	a->total = 0;
}

/* Allocate size bytes at a multiple of align (a power of two). */
static void *
arena_take(struct arena *a, size_t size, size_t align)
{
	struct chunk	*c = a->head;
	size_t		 at;

	if (size > ARENA_CHUNK / 4) {
		if (size > SIZE_MAX - sizeof *c)
			abort();
		c = xmalloc(sizeof *c + size);
		c->size = c->used = size;
		c->next = a->big;
		a->big = c;
		a->total += size;
		return c->data;
	}
	at = c == NULL ? 0 : (c->used + align - 1) & ~(align - 1);
	if (c == NULL || at > c->size || c->size - at < size) {
		c = xmalloc(sizeof *c + ARENA_CHUNK);
		c->size = ARENA_CHUNK;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		at = 0;
	}
	c->used = at + size;
	a->total += size;
	return c->data + at;
}

/* Allocate size bytes aligned to ARENA_ALIGN; never returns NULL. */
void *
arena_alloc(struct arena *a, size_t size)
{
	return arena_take(a, size, ARENA_ALIGN);
}

/* Allocate an array of n elements of size bytes, checking for overflow. */
void *
arena_allocarray(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		abort();
	return arena_take(a, n * size, ARENA_ALIGN);
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

	if (n == SIZE_MAX)
		abort();
	p = arena_take(a, n + 1, 1);
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
