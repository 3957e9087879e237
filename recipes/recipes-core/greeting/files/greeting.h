/* libgreeting: formats a greeting for a name. */
#ifndef GREETING_H
#define GREETING_H

#include <stddef.h>

#define GREETING_VERSION "1.2"

/* Writes "<greeting>, <name>!" into buf (at most size bytes, NUL-terminated) and returns
 * the length the full text has, as snprintf does. */
int greeting_format(char *buf, size_t size, const char *name);

/* The word the library was built with ("Hello" unless GREETING was set). */
const char *greeting_word(void);

#endif
