/*
 * lexstate.h: the state the scanner (lex.l) and the parser (parse.y) share
 * while one source is parsed. Private to lang/.
 */
#ifndef HACC_LEXSTATE_H
#define HACC_LEXSTATE_H

#define LEX_MAX_DEPTH	32

struct lexstate {
	struct ctx	*ctx;
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

#endif /* HACC_LEXSTATE_H */
