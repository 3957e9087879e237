#include <stdio.h>
#include <string.h>

#include "kv.h"

static int key_matches(const char *line, const char *key)
{
	size_t n = strlen(key);
	return strncmp(line, key, n) == 0 && line[n] == '=';
}

int kv_get(const char *file, const char *key, char *value, size_t size)
{
	char line[1024];
	int found = -1;
	FILE *f = fopen(file, "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (key_matches(line, key)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(value, size, "%s", line + strlen(key) + 1);
			found = 0;
		}
	}
	fclose(f);
	return found;
}

int kv_set(const char *file, const char *key, const char *value)
{
	char line[1024], tmp[4096];
	FILE *in, *out;

	snprintf(tmp, sizeof(tmp), "%s.new", file);
	out = fopen(tmp, "w");
	if (out == NULL)
		return -1;
	in = fopen(file, "r");
	if (in != NULL) {
		while (fgets(line, sizeof(line), in) != NULL)
			if (!key_matches(line, key))
				fputs(line, out);
		fclose(in);
	}
	fprintf(out, "%s=%s\n", key, value);
	if (fclose(out) != 0)
		return -1;
	return rename(tmp, file);
}
