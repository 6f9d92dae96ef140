/*
 * fuzz_state.c: a libFuzzer harness for the replicated state's decoder
 * (runtime/rstate.c), which reads snapshots from other nodes and the
 * state file: the header, the policy (compiled), the cluster state (the
 * state file grammar), the permanent attributes and the operator's
 * constraints. Built by tests/fuzz/build with clang
 * -fsanitize=fuzzer,address,undefined and run by tests/fuzz/run.
 *
 * An input that decodes must encode to a text that decodes again to the
 * same encoding (a snapshot a node sends is one every node reads alike);
 * anything else must be refused with a cause, never crash or leak.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "runtime.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct rstate	*rs, *again;
	struct buf	 a, b;
	char		*cause = NULL;

	if ((rs = rstate_decode((const char *)data, len, &cause)) == NULL) {
		if (cause == NULL)
			abort();	/* a refusal always says why */
		free(cause);
		return 0;
	}
	buf_init(&a);
	rstate_encode(rs, &a);
	if ((again = rstate_decode(a.data, a.len, &cause)) == NULL) {
		fprintf(stderr, "an encoding does not decode: %s\n", cause);
		abort();
	}
	buf_init(&b);
	rstate_encode(again, &b);
	if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
		fprintf(stderr, "an encoding changes when decoded\n");
		abort();
	}
	buf_clear(&a);
	buf_clear(&b);
	rstate_free(again);
	rstate_free(rs);
	return 0;
}
