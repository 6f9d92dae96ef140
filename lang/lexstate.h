/*
 * lexstate.h: the scanner (lex.l) as grammars use it: the policy grammar
 * (lang/parse.y) and the cluster state grammar (scheduler/state.y) share
 * one scanner, each with its own keywords. The tokens all grammars have
 * carry fixed numbers, which each grammar declares with its %token.
 *
 * Usage: scanner = lex_begin(&ls, ctx, src, keywords, nkeywords); then
 * lex_next() until it returns 0; lex_end(scanner).
 */
#ifndef HACC_LEXSTATE_H
#define HACC_LEXSTATE_H

#include "lang.h"

#define LEX_MAX_DEPTH	32

/* Tokens every grammar has (keywords are numbered from LEX_KEYWORDS). */
#define LEX_WORD	258
#define LEX_KEY		259	/* a word followed by '=' */
#define LEX_STRING	260
#define LEX_ERR		261	/* the scanner reported an error */
#define LEX_KEYWORDS	262

/* A keyword of a grammar. */
struct lexkw {
	const char	*name;
	int		 token;
	int		 flags;
};
#define LEXKW_CONTINUES	0x1	/* a newline after it does not end a line */

/* A token's value: parsers' unions start with the same struct word. */
union lexval {
	struct word	 w;
};

struct lexstate {
	struct ctx	*ctx;
	const struct lexkw *keywords;	/* sorted by name */
	size_t		 nkeywords;
	struct source	*src;
	int		 file;
	int		 line;		/* position of the next character */
	int		 col;
	int		 insert;	/* a newline now returns ';' */
	int		 newline;	/* the last ';' stood for a newline */
	int		 want_value;	/* after '=' (or ',' in a list): a
					   keyword is a plain word here */
	int		 was_value;	/* the last word was such a value */
	int		 at_eof;
	int		 paren;		/* depth of ( ) */
	int		 depth;		/* depth of { } and ( ) */
	struct loc	 open[LEX_MAX_DEPTH];	/* where each one opened */
	struct loc	 last;		/* the last real token */
	struct buf	 str;		/* a string being scanned */
	struct loc	 str_loc;
	struct stmt	*tail;		/* last statement parsed */
	int		 cur_tok;	/* the lookahead token */
	int		 prev_tok;	/* the token before it */
	const char	*word;		/* text of the last word */
};

const struct lexkw *parse_keywords(size_t *);	/* parse.y */

void	*lex_begin(struct lexstate *, struct ctx *, struct source *,
	    const struct lexkw *, size_t);
int	 lex_next(void *, union lexval *, struct loc *);
void	 lex_end(void *);

#endif /* HACC_LEXSTATE_H */
