#ifndef CBAKESANDBOX_H
#define CBAKESANDBOX_H

#include <stddef.h>
#include <sys/types.h>

/*
 * bake's sandbox spawner. Everything that happens between clone and exec lives here, in C, so
 * no Swift code runs in the child: the child only makes raw system calls over data the parent
 * prepared (paths, map contents, the compiled seccomp program), because the parent is
 * multithreaded and malloc, stdio and locks are unusable after clone.
 *
 * Process shape with a pid namespace:
 *
 *     bake (parent) --clone(NEW*)--> init (pid 1: maps ids, builds the mount view, brings up lo)
 *                                      --_Fork--> task (fds, umask, cwd, no_new_privs, seccomp, execve)
 *
 * init reaps everything, sends the task's wait status through a pipe and exits; the kernel then
 * kills whatever is left in the namespace. Without a pid namespace the clone child execs the task
 * itself, in its own process group.
 */

/* Namespaces, as a bit set for bake_sandbox_config.namespaces and bake_sandbox_probe_result. */
enum {
    BAKE_SANDBOX_NS_USER = 1 << 0,
    BAKE_SANDBOX_NS_MOUNT = 1 << 1,
    BAKE_SANDBOX_NS_PID = 1 << 2,
    BAKE_SANDBOX_NS_NET = 1 << 3,
    BAKE_SANDBOX_NS_UTS = 1 << 4,
    BAKE_SANDBOX_NS_IPC = 1 << 5,
};

/* A failed call: the C function (and its main argument) and errno. */
typedef struct bake_sandbox_error {
    int error_number;
    char call[240];
} bake_sandbox_error;

typedef struct bake_sandbox_config {
    /* argv[0] is an absolute path (no PATH search happens in the child); NULL-terminated. */
    const char *_Nullable const *_Nonnull argv;
    /* NULL-terminated "NAME=value" strings. */
    const char *_Nullable const *_Nonnull envp;
    /* Absolute; the task starts here. */
    const char *_Nonnull cwd;
    /* Canonical absolute directories bind-mounted writable into the read-only view. */
    const char *_Nullable const *_Nullable writable;
    size_t writable_count;
    /* Canonical absolute directories made visible read-only over the private /tmp (a build
       directory or layer under /tmp), bound before the writable ones. */
    const char *_Nullable const *_Nullable readonly;
    size_t readonly_count;
    /* Set in the UTS namespace; NULL or no UTS namespace leaves the hostname alone. */
    const char *_Nullable hostname;
    /* BAKE_SANDBOX_NS_* to create. MOUNT builds the read-only view; PID adds an init. */
    int namespaces;
    /* With PID and MOUNT: mount a fresh /proc (otherwise the host's is bound read-only). */
    int fresh_proc;
    /* Recursive read-only through mount_setattr(2); 0 falls back to remounting each mount point. */
    int use_mount_setattr;
    /* Fallback list for use_mount_setattr == 0: every mount point of the host, outermost first. */
    const char *_Nullable const *_Nullable host_mounts;
    size_t host_mounts_count;
    /* Where the staging tmpfs goes before pivot_root; must be an existing directory ("/tmp"). */
    const char *_Nonnull stage_dir;
    /* Who uid/gid 0 in the user namespace is outside. */
    uid_t outer_uid;
    gid_t outer_gid;
    /* stdout and stderr of the task; stdin is /dev/null. */
    int log_fd;
    /* The task's umask. */
    int umask;
    /* cgroup.procs of the task's cgroup, written by the parent before the child goes on; or NULL. */
    const char *_Nullable cgroup_procs;
    /* Apply the seccomp filter just before execve. */
    int seccomp;
    /* Also refuse socket(AF_INET/AF_INET6) with EPERM: network isolation without a net namespace. */
    int seccomp_deny_inet;
} bake_sandbox_config;

typedef struct bake_sandbox_child {
    /* The clone child: init when there is a pid namespace, the task itself otherwise. */
    pid_t pid;
    /* Read end carrying the task's wait status (an int) from init; -1 without a pid namespace. */
    int status_fd;
} bake_sandbox_child;

/*
 * Spawns the task. Returns 0 and fills `child`, or -1 and fills `error` (a parent-side call, or a
 * setup step in the child reported through a close-on-exec pipe). The caller reaps `child->pid`.
 */
int bake_sandbox_spawn(const bake_sandbox_config *_Nonnull config, bake_sandbox_child *_Nonnull child,
                       bake_sandbox_error *_Nonnull error);

/* What the host allows, found by trying each feature in a short-lived child. */
typedef struct bake_sandbox_probe_result {
    /* BAKE_SANDBOX_NS_* that could be created (with a user namespace when that works). */
    int namespaces;
    /* Per namespace, the errno that refused it (index = bit position), 0 when allowed. */
    int namespace_errors[6];
    /* A mount namespace could pivot into a recursive read-only bind of /. */
    int mount_view;
    int mount_view_error;
    char mount_view_call[64];
    /* mount_setattr(2) with AT_RECURSIVE works. */
    int mount_setattr;
    /* proc could be mounted in a new pid namespace. */
    int fresh_proc;
    int fresh_proc_error;
    /* A seccomp filter could be loaded. */
    int seccomp;
    int seccomp_error;
} bake_sandbox_probe_result;

void bake_sandbox_probe(bake_sandbox_probe_result *_Nonnull result);

/*
 * Compiles the filter once (libseccomp in the parent). Returns 0, or -1 with `error` set.
 * bake_sandbox_spawn calls it itself; exposed so the probe and tests can report failures early.
 */
int bake_sandbox_seccomp_prepare(int deny_inet, bake_sandbox_error *_Nonnull error);

/* The names of the syscalls the filter refuses, NULL-terminated, for documentation and reports. */
const char *_Nullable const *_Nonnull bake_sandbox_seccomp_denied(void);

#endif
