/* sysinfo [ROOT]: prints PRETTY_NAME from ROOT/etc/os-release, ROOT/etc/hostname and the
 * message of the day from ROOT/<datadir>/example-data/motd.txt (ROOT defaults to /). */
#include <stdio.h>
#include <string.h>

#define STRINGIFY(x) #x
#define STRING(x) STRINGIFY(x)
#ifndef DATADIR
#define DATADIR /usr/share
#endif

static int show(const char *root, const char *path, const char *prefix, const char *label)
{
	char full[4096], line[512];
	FILE *f;
	int found = 0;

	snprintf(full, sizeof(full), "%s%s", root, path);
	f = fopen(full, "r");
	if (f == NULL) {
		printf("%s: (missing %s)\n", label, path);
		return 1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (prefix != NULL && strncmp(line, prefix, strlen(prefix)) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		printf("%s: %s\n", label, prefix != NULL ? line + strlen(prefix) : line);
		found = 1;
	}
	fclose(f);
	return !found;
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : "";
	int status = 0;

	status |= show(root, "/etc/os-release", "PRETTY_NAME=", "system");
	status |= show(root, "/etc/hostname", NULL, "host");
	status |= show(root, STRING(DATADIR) "/example-data/motd.txt", NULL, "motd");
	return status;
}
