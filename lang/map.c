/*
 * map.c: a hash table from strings to pointers (open addressing, linear
 * probing, FNV-1a). Keys are borrowed, not copied: they must outlive the
 * map (they usually live in the context's arena). Each entry keeps the
 * hash of its key, so that a probe compares keys only when their hashes
 * match: the keys of a big policy are scattered over far more memory than
 * the cache holds, and reading one is a cache miss.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

static uint64_t
map_hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Initialise an empty map. */
void
map_init(struct map *m)
{
	m->v = NULL;
	m->n = m->cap = 0;
}

/* Free a map's table (not its keys or values). */
void
map_clear(struct map *m)
{
	free(m->v);
	map_init(m);
}

/* The slot of key, whose hash is h: its entry, or the free slot for it. */
static struct mapent *
map_slot(const struct map *m, const char *key, uint64_t h)
{
	struct mapent	*e;
	size_t		 i;

	i = (size_t)h & (m->cap - 1);
	for (;;) {
		e = &m->v[i];
		if (e->key == NULL || (e->hash == h && strcmp(e->key, key) == 0))
			return e;
		i = (i + 1) & (m->cap - 1);
	}
}

/* Double the table; the keys are distinct, so each goes to a free slot. */
static void
map_grow(struct map *m)
{
	struct mapent	*old = m->v;
	size_t		 oldcap = m->cap, i, j;

	m->cap = oldcap == 0 ? 16 : oldcap * 2;
	m->v = xcalloc(m->cap, sizeof *m->v);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		j = (size_t)old[i].hash & (m->cap - 1);
		while (m->v[j].key != NULL)
			j = (j + 1) & (m->cap - 1);
		m->v[j] = old[i];
	}
	free(old);
}

/* The value stored under key, or NULL. */
void *
map_get(const struct map *m, const char *key)
{
	if (m->cap == 0)
		return NULL;
	return map_slot(m, key, map_hash(key))->val;
}

/*
 * Store val under key unless key is present. Returns the value already
 * there (and stores nothing), or NULL when val was stored.
 */
void *
map_put(struct map *m, const char *key, void *val)
{
	struct mapent	*e;
	uint64_t	 h = map_hash(key);

	if (m->cap == 0 || (m->n + 1) * 4 > m->cap * 3)
		map_grow(m);
	e = map_slot(m, key, h);
	if (e->key != NULL)
		return e->val;
	e->key = key;
	e->val = val;
	e->hash = h;
	m->n++;
	return NULL;
}

/* Iterate: *i starts at 0; returns the next entry or NULL at the end. */
struct mapent *
map_next(const struct map *m, size_t *i)
{
	while (*i < m->cap) {
		if (m->v[(*i)++].key != NULL)
			return &m->v[*i - 1];
	}
	return NULL;
}

/*
 * The key nearest to name, to suggest ("did you mean 'x'?"), or NULL.
 * With ok non-NULL, only keys whose value ok() accepts.
 */
const char *
map_suggest(const struct map *m, const char *name, int (*ok)(void *))
{
	const char	**cands;
	const char	 *best;
	struct mapent	 *e;
	size_t		  i = 0, n = 0;

	if (m->n == 0)
		return NULL;
	cands = xreallocarray(NULL, m->n, sizeof *cands);
	while ((e = map_next(m, &i)) != NULL) {
		if (ok == NULL || ok(e->val))
			cands[n++] = e->key;
	}
	best = diag_suggest(name, cands, n);
	free(cands);
	return best;
}
