/* kv get KEY | kv set KEY VALUE, on $KV_FILE (default /var/lib/kv). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kv.h>

int main(int argc, char **argv)
{
	const char *file = getenv("KV_FILE") ? getenv("KV_FILE") : "/var/lib/kv";
	char value[1024];

	if (argc == 3 && strcmp(argv[1], "get") == 0) {
		if (kv_get(file, argv[2], value, sizeof(value)) != 0)
			return 1;
		puts(value);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "set") == 0)
		return kv_set(file, argv[2], argv[3]) == 0 ? 0 : 1;
	fprintf(stderr, "usage: kv get KEY | kv set KEY VALUE\n");
	return 2;
}
