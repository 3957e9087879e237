/* fortune [N]: prints saying N (default: one picked by the time). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sayings.h"

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : (unsigned long)time(NULL);

	puts(sayings[n % sayings_count]);
	return 0;
}
