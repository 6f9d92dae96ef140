/*
 * unit.c: the helpers of unit.h and the runner every test program's main()
 * calls: it registers the suites, runs them with CUnit's basic interface
 * and turns failures into a non-zero exit status for `make check`.
 */
#include "config.h"

#include <CUnit/Basic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

static char	*unit_ring[UNIT_RING];
static size_t	 unit_next;

/* Print what an assertion compared, for the test log. */
void
unit_mismatch(const char *file, int line, const char *what,
    const char *actual, const char *expected)
{
	fprintf(stderr, "\n%s:%d: %s\n--- expected:\n%s\n--- actual:\n%s\n"
	    "---\n", file, line, what, expected == NULL ? "(null)" : expected,
	    actual == NULL ? "(null)" : actual);
}

/* Take ownership of s (from malloc) for the next UNIT_RING calls. */
const char *
unit_keep(char *s)
{
	free(unit_ring[unit_next]);
	unit_ring[unit_next] = s;
	unit_next = (unit_next + 1) % UNIT_RING;
	return s;
}

/* A formatted string owned by the ring. */
const char *
unit_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	return unit_keep(s);
}

/* Parse text as the file UNIT_FILE into a new context (caller frees). */
struct ctx *
unit_parse(const char *text, struct source **srcp)
{
	struct ctx	*ctx;
	struct source	*src;

	ctx = ctx_new();
	src = ctx_add_source(ctx, UNIT_FILE, text, strlen(text));
	parse_source(ctx, src);
	if (srcp != NULL)
		*srcp = src;
	return ctx;
}

/* The diagnostics of ctx as `hacc check --color=never` prints them. */
const char *
unit_diags(struct ctx *ctx)
{
	struct buf	b;

	buf_init(&b);
	diag_render(ctx, &b, 0);
	return unit_keep(buf_detach(&b));
}

/* The diagnostics of parsing text ("" when it parses cleanly). */
const char *
unit_parse_diags(const char *text)
{
	struct ctx	*ctx;
	const char	*s;

	ctx = unit_parse(text, NULL);
	s = unit_diags(ctx);
	ctx_free(ctx);
	return s;
}

/*
 * The canonical form of text, as `hacc fmt` prints it; when text does not
 * parse, "ERROR\n" and the diagnostics instead.
 */
const char *
unit_fmt(const char *text)
{
	struct ctx	*ctx;
	struct source	*src;
	struct buf	 b;

	ctx = unit_parse(text, &src);
	buf_init(&b);
	if (ctx->diags.nerrors > 0) {
		buf_puts(&b, "ERROR\n");
		diag_render(ctx, &b, 0);
	} else
		print_source(ctx, src, &b);
	ctx_free(ctx);
	return unit_keep(buf_detach(&b));
}

static void
unit_free_ring(void)
{
	size_t	i;

	for (i = 0; i < UNIT_RING; i++) {
		free(unit_ring[i]);
		unit_ring[i] = NULL;
	}
}

/*
 * Register and run suites (a NULL-named entry ends the list). An argument
 * runs only the suite of that name. Returns the exit status: 0 when every
 * assertion held, 1 otherwise, 99 (a hard error for automake) when CUnit
 * itself fails.
 */
int
unit_run(const struct unit_suite *suites, int argc, char **argv)
{
	const struct unit_suite	*s;
	const struct unit_test	*t;
	CU_pSuite		 cs;
	unsigned int		 failed, asserts, tests;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 99;
	for (s = suites; s->name != NULL; s++) {
		if (argc > 1 && strcmp(argv[1], s->name) != 0)
			continue;
		if ((cs = CU_add_suite(s->name, NULL, NULL)) == NULL)
			goto fail;
		for (t = s->tests; t->name != NULL; t++) {
			if (CU_add_test(cs, t->name, t->fn) == NULL)
				goto fail;
		}
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS)
		goto fail;
	failed = CU_get_number_of_failures();
	asserts = CU_get_number_of_asserts();
	tests = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	unit_free_ring();
	printf("\n%u tests, %u assertions, %u failures\n", tests, asserts,
	    failed);
	if (tests == 0)
		return 99;
	return failed == 0 ? 0 : 1;

fail:
	fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
	CU_cleanup_registry();
	unit_free_ring();
	return 99;
}
