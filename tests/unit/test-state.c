/*
 * test-state.c: unit tests of scheduler/state.c and statefile.y.
 */
#include "config.h"

#include <stdlib.h>

#include "unit.h"
#include "sched.h"

static void
test_placeholder(void)
{
	struct ctx	*ctx = ctx_new();

	CU_ASSERT_PTR_NOT_NULL(state_new(ctx));
	ctx_free(ctx);
}

static const struct unit_test basic_tests[] = {
	{ "placeholder", test_placeholder },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "basic", basic_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
