/* count [FILE...]: prints the lines and bytes of each file (or standard input). */
#include <stdio.h>

static int count_stream(FILE *in, const char *name)
{
	unsigned long lines = 0, bytes = 0;
	int c;

	while ((c = getc(in)) != EOF) {
		bytes++;
		if (c == '\n')
			lines++;
	}
	printf("%7lu %7lu %s\n", lines, bytes, name);
	return ferror(in) ? 1 : 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		return count_stream(stdin, "-");
	for (int i = 1; i < argc; i++) {
		FILE *in = fopen(argv[i], "r");
		if (in == NULL) {
			perror(argv[i]);
			status = 1;
			continue;
		}
		status |= count_stream(in, argv[i]);
		fclose(in);
	}
	return status;
}
