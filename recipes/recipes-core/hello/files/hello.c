/* hello [NAME]: greets NAME (default: world) through libgreeting. */
#include <stdio.h>

#include <greeting.h>

/* -DPROGRAM=Name names the program as a bare token. */
#define STRINGIFY(x) #x
#define STRING(x) STRINGIFY(x)
#ifdef PROGRAM
#define PROGRAM_NAME STRING(PROGRAM)
#else
#define PROGRAM_NAME "hello"
#endif

int main(int argc, char **argv)
{
	char text[256];

	greeting_format(text, sizeof(text), argc > 1 ? argv[1] : NULL);
	printf("%s\n", text);
	if (argc > 2)
		fprintf(stderr, "%s (libgreeting %s) ignores extra arguments\n", PROGRAM_NAME, GREETING_VERSION);
	return 0;
}
