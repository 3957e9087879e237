/* A tiny init: as process 1 it mounts /proc, /sys and /dev, runs each command of
 * /etc/inittab in turn (waiting for it) and then reaps orphans forever. Run as any other
 * process it only prints what it would run, which is how it can be tried on a build host. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 16

static void mount_kernel_fs(void)
{
	static const struct { const char *source, *target, *type; } fs[] = {
		{ "proc", "/proc", "proc" },
		{ "sysfs", "/sys", "sysfs" },
		{ "devtmpfs", "/dev", "devtmpfs" },
	};
	for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
		mkdir(fs[i].target, 0755);
		if (mount(fs[i].source, fs[i].target, fs[i].type, 0, NULL) != 0 && errno != EBUSY)
			fprintf(stderr, "init: mount %s: %s\n", fs[i].target, strerror(errno));
	}
}

static void run(char *line, int dry_run)
{
	char *argv[MAX_ARGS + 1];
	int argc = 0;

	for (char *word = strtok(line, " \t\n"); word != NULL && argc < MAX_ARGS;
	     word = strtok(NULL, " \t\n"))
		argv[argc++] = word;
	argv[argc] = NULL;
	if (argc == 0 || argv[0][0] == '#')
		return;
	if (dry_run) {
		printf("init: would run %s\n", argv[0]);
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	const char *inittab = argc > 1 ? argv[1] : "/etc/inittab";
	int dry_run = getpid() != 1;
	char line[512];

	if (!dry_run)
		mount_kernel_fs();
	FILE *tab = fopen(inittab, "r");
	if (tab == NULL) {
		fprintf(stderr, "init: %s: %s\n", inittab, strerror(errno));
	} else {
		while (fgets(line, sizeof(line), tab) != NULL)
			run(line, dry_run);
		fclose(tab);
	}
	if (dry_run)
		return 0;
	for (;;) {
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
	}
}
