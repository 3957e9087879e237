#ifndef BAKE_SANDBOX_INTERNAL_H
#define BAKE_SANDBOX_INTERNAL_H

#include "include/CBakeSandbox.h"

#include <linux/filter.h>
#include <stddef.h>

/* The compiled filter for bake_sandbox_seccomp_prepare's deny_inet, or NULL before it ran. */
const struct sock_fprog *bake_sandbox_seccomp_program(int deny_inet);

/* strlcpy: copies at most size - 1 bytes and always terminates. Async-signal-safe. */
void bake_sandbox_copy(char *dst, size_t size, const char *src);

/* Appends src to the terminated string in dst, truncating. Async-signal-safe. */
void bake_sandbox_append(char *dst, size_t size, const char *src);

/* Everything the child needs, prepared by the parent so the child never allocates. */
struct bake_sandbox_plan {
    const bake_sandbox_config *config;
    const struct sock_fprog *seccomp; /* NULL: no filter */
    int sync_read;                    /* parent writes one byte once the child may go on */
    int error_write;                  /* setup failures; close-on-exec, so exec closes it */
    int status_write;                 /* init -> parent: the task's wait status; -1 without pid ns */
    char uid_map[64];
    char gid_map[64];
    /* "/oldroot<path>" and "/newroot<path>" for each writable path, and "/newroot<mount>" per
       host mount for the remount fallback. */
    char **writable_old;
    char **writable_new;
    char **readonly_old;
    char **readonly_new;
    char **remounts;
};

/* Builds the mount view (rprivate, staging tmpfs, pivot, read-only bind of /, private /tmp,
   minimal /dev, /proc, writable binds, final pivot). Returns 0, or -1 with errno set and *call
   naming the failing step. Runs in the child: async-signal-safe calls only. */
int bake_sandbox_build_view(const struct bake_sandbox_plan *plan, const char **call, const char **argument);

#endif
