#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * The mount view, built in the child after it entered its mount namespace:
 *
 *   1. everything private, so nothing below propagates back to the host;
 *   2. a tmpfs on the stage directory becomes the root (pivot_root), the host's root at /oldroot;
 *   3. /newroot = recursive bind of /oldroot, made read-only recursively;
 *   4. fresh tmpfs on /newroot/tmp, a minimal /dev (tmpfs with bind-mounted device nodes, since
 *      a user namespace cannot mknod), a fresh /proc when there is a pid namespace;
 *   5. the task's writable directories bound from /oldroot over the read-only view (after /tmp,
 *      so a directory under /tmp shows through the private tmpfs);
 *   6. pivot into /newroot and detach the old root.
 *
 * Every call here is a plain system call: see the note atop CBakeSandbox.h.
 */

#define FAIL(name, arg)                                                                                                \
    do {                                                                                                               \
        *call = (name);                                                                                                \
        *argument = (arg);                                                                                             \
        return -1;                                                                                                     \
    } while (0)

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif

/* mkdir -p over a path copied into a stack buffer; existing components are fine. */
static int make_directories(const char *path) {
    char buffer[4096];
    bake_sandbox_copy(buffer, sizeof buffer, path);
    for (char *p = buffer + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buffer, 0755) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(buffer, 0755) != 0 && errno != EEXIST) return -1;
    return 0;
}

/* Flags a read-only remount must keep: inside a user namespace, dropping a locked one is EPERM. */
static unsigned long kept_flags(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return 0;
    /* statfs's ST_* bits for these equal the MS_* ones. */
    return (unsigned long)info.f_flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME);
}

static int make_readonly(const struct bake_sandbox_plan *plan, const char **call, const char **argument) {
    const bake_sandbox_config *config = plan->config;
    if (config->use_mount_setattr) {
        struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
        if (syscall(SYS_mount_setattr, AT_FDCWD, "/newroot", AT_RECURSIVE, &attr, sizeof attr) != 0)
            FAIL("mount_setattr", "/newroot");
        return 0;
    }
    for (size_t i = 0; i < config->host_mounts_count; i++) {
        const char *path = plan->remounts[i];
        unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(path);
        if (mount(NULL, path, NULL, flags, NULL) != 0) {
            /* Hidden under a later mount, or not ours to see: nothing there is reachable. */
            if (errno == ENOENT || errno == EACCES || errno == EINVAL) continue;
            FAIL("mount(MS_REMOUNT|MS_RDONLY)", path);
        }
    }
    return 0;
}

/* A device node of the host, bind-mounted onto an empty file in the new /dev. */
static int bind_device(const char *name, const char **call, const char **argument) {
    static char target[64], source[64];
    bake_sandbox_copy(target, sizeof target, "/newroot/dev/");
    bake_sandbox_append(target, sizeof target, name);
    bake_sandbox_copy(source, sizeof source, "/oldroot/dev/");
    bake_sandbox_append(source, sizeof source, name);
    if (access(source, F_OK) != 0) return 0; /* the host has none: neither does the task */
    int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) FAIL("open", target);
    close(fd);
    if (mount(source, target, NULL, MS_BIND, NULL) != 0) FAIL("mount(MS_BIND)", target);
    return 0;
}

static int build_dev(const char **call, const char **argument) {
    if (mount("tmpfs", "/newroot/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755") != 0)
        FAIL("mount(tmpfs)", "/newroot/dev");
    static const char *const nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        if (bind_device(nodes[i], call, argument) != 0) return -1;
    if (mkdir("/newroot/dev/shm", 01777) != 0) FAIL("mkdir", "/newroot/dev/shm");
    if (mount("tmpfs", "/newroot/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0)
        FAIL("mount(tmpfs)", "/newroot/dev/shm");
    /* Terminals are a convenience (script(1), expect): a host that refuses devpts just has none. */
    if (mkdir("/newroot/dev/pts", 0755) == 0 &&
        mount("devpts", "/newroot/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620") == 0)
        symlink("pts/ptmx", "/newroot/dev/ptmx");
    symlink("/proc/self/fd", "/newroot/dev/fd");
    symlink("/proc/self/fd/0", "/newroot/dev/stdin");
    symlink("/proc/self/fd/1", "/newroot/dev/stdout");
    symlink("/proc/self/fd/2", "/newroot/dev/stderr");
    return 0;
}

int bake_sandbox_build_view(const struct bake_sandbox_plan *plan, const char **call, const char **argument) {
    const bake_sandbox_config *config = plan->config;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) FAIL("mount(MS_REC|MS_PRIVATE)", "/");
    if (mount("tmpfs", config->stage_dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
        FAIL("mount(tmpfs)", config->stage_dir);
    if (chdir(config->stage_dir) != 0) FAIL("chdir", config->stage_dir);
    if (mkdir("oldroot", 0755) != 0) FAIL("mkdir", "oldroot");
    if (syscall(SYS_pivot_root, ".", "oldroot") != 0) FAIL("pivot_root", config->stage_dir);
    if (chdir("/") != 0) FAIL("chdir", "/");
    if (mkdir("/newroot", 0755) != 0) FAIL("mkdir", "/newroot");
    if (mount("/oldroot", "/newroot", NULL, MS_BIND | MS_REC, NULL) != 0) FAIL("mount(MS_BIND|MS_REC)", "/");
    if (make_readonly(plan, call, argument) != 0) return -1;

    if (access("/newroot/tmp", F_OK) == 0 &&
        mount("tmpfs", "/newroot/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0)
        FAIL("mount(tmpfs)", "/newroot/tmp");
    if (access("/newroot/dev", F_OK) == 0 && build_dev(call, argument) != 0) return -1;
    if (config->fresh_proc && mount("proc", "/newroot/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        FAIL("mount(proc)", "/newroot/proc");

    for (size_t i = 0; i < config->readonly_count; i++) {
        /* Only what the private /tmp hid needs binding again; elsewhere the view shows it. */
        if (access(plan->readonly_new[i], F_OK) != 0 && make_directories(plan->readonly_new[i]) != 0)
            FAIL("mkdir", plan->readonly_new[i]);
        if (mount(plan->readonly_old[i], plan->readonly_new[i], NULL, MS_BIND | MS_REC, NULL) != 0)
            FAIL("mount(MS_BIND|MS_REC)", config->readonly[i]);
        if (mount(NULL, plan->readonly_new[i], NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(plan->readonly_new[i]), NULL) != 0)
            FAIL("mount(MS_REMOUNT|MS_RDONLY)", config->readonly[i]);
    }

    for (size_t i = 0; i < config->writable_count; i++) {
        /* The mount point exists unless it lies in the private /tmp, where it is created. */
        if (access(plan->writable_new[i], F_OK) != 0 && make_directories(plan->writable_new[i]) != 0)
            FAIL("mkdir", plan->writable_new[i]);
        if (mount(plan->writable_old[i], plan->writable_new[i], NULL, MS_BIND | MS_REC, NULL) != 0)
            FAIL("mount(MS_BIND|MS_REC)", config->writable[i]);
    }

    if (chdir("/newroot") != 0) FAIL("chdir", "/newroot");
    /* Stacks the old root on top of the new one; detaching it leaves the new one as /. */
    if (syscall(SYS_pivot_root, ".", ".") != 0) FAIL("pivot_root", "/newroot");
    if (umount2(".", MNT_DETACH) != 0) FAIL("umount2(MNT_DETACH)", "old root");
    if (chdir("/") != 0) FAIL("chdir", "/");
    return 0;
}
