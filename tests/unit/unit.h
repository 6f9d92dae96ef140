/*
 * unit.h: helpers shared by the CUnit programs in tests/unit/: parse or
 * format a policy held in a string, render its diagnostics as `hacc check
 * --color=never` would, and compare strings with a readable report.
 *
 * Strings the helpers return are owned by a small ring (unit.c) and stay
 * valid for the next UNIT_RING calls; tests never free them.
 */
#ifndef HACC_UNIT_H
#define HACC_UNIT_H

#include <CUnit/CUnit.h>
#include <string.h>

#include "lang.h"

#define UNIT_RING	64
#define UNIT_FILE	"t.ha"

/*
 * Assert that two strings are equal; on a mismatch print both (with the
 * expression) so the log shows what differs.
 */
#define U_STREQ(actual, expected) do {					\
	const char	*u_a_ = (actual), *u_e_ = (expected);		\
	int		 u_ok_;						\
									\
	u_ok_ = u_a_ != NULL && u_e_ != NULL && strcmp(u_a_, u_e_) == 0;\
	if (!u_ok_)							\
		unit_mismatch(__FILE__, __LINE__, #actual, u_a_, u_e_);\
	CU_assertImplementation(u_ok_, __LINE__, #actual " == " #expected,\
	    __FILE__, "", CU_FALSE);					\
} while (0)

/* Assert that haystack contains needle. */
#define U_CONTAINS(haystack, needle) do {				\
	const char	*u_h_ = (haystack), *u_n_ = (needle);		\
	int		 u_ok_;						\
									\
	u_ok_ = u_h_ != NULL && strstr(u_h_, u_n_) != NULL;		\
	if (!u_ok_)							\
		unit_mismatch(__FILE__, __LINE__, #haystack " contains",\
		    u_h_, u_n_);					\
	CU_assertImplementation(u_ok_, __LINE__, #haystack " contains "\
	    #needle, __FILE__, "", CU_FALSE);				\
} while (0)

struct unit_test {
	const char	*name;
	void		(*fn)(void);
};

struct unit_suite {
	const char		*name;
	const struct unit_test	*tests;
};

/* unit.c */
void		 unit_mismatch(const char *, int, const char *, const char *,
		    const char *);
const char	*unit_keep(char *);
const char	*unit_printf(const char *, ...) printflike(1, 2);
struct ctx	*unit_parse(const char *, struct source **);
const char	*unit_diags(struct ctx *);
const char	*unit_parse_diags(const char *);
const char	*unit_fmt(const char *);
int		 unit_run(const struct unit_suite *, int, char **);

#endif /* HACC_UNIT_H */
