#include <stdio.h>

#include "greeting.h"

/* -DGREETING=Word names the word as a bare token. */
#define STRINGIFY(x) #x
#define STRING(x) STRINGIFY(x)
#ifdef GREETING
#define GREETING_TEXT STRING(GREETING)
#else
#define GREETING_TEXT "Hello"
#endif

const char *greeting_word(void)
{
	return GREETING_TEXT;
}

int greeting_format(char *buf, size_t size, const char *name)
{
	if (name == NULL || *name == '\0')
		name = "world";
	return snprintf(buf, size, "%s, %s!", GREETING_TEXT, name);
}
