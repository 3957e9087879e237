#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Each feature is tried for real in a throwaway child (the same calls the sandbox makes), so the
 * answer covers kernels, sysctls, container seccomp profiles and LSMs alike. Children report
 * through a shared page; like the spawner's, they only make raw system calls.
 */

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif

enum probe_kind { PROBE_USER, PROBE_PLAIN, PROBE_NET, PROBE_VIEW, PROBE_PROC, PROBE_SECCOMP };

struct probe_shared {
    int error;           /* errno of the failing step, 0 on success */
    char call[64];       /* the failing step */
    int mount_setattr;   /* PROBE_VIEW: recursive read-only through mount_setattr worked */
};

struct probe_job {
    enum probe_kind kind;
    int with_user;
    char uid_map[64], gid_map[64];
    const struct sock_fprog *program;
    struct probe_shared *shared;
};

static int write_text(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t length = (ssize_t)strlen(text);
    ssize_t written = write(fd, text, (size_t)length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == length ? 0 : -1;
}

static _Noreturn void probe_fail(struct probe_job *job, const char *call) {
    job->shared->error = errno ? errno : EINVAL;
    bake_sandbox_copy(job->shared->call, sizeof job->shared->call, call);
    _exit(1);
}

static int probe_main(void *argument) {
    struct probe_job *job = argument;
    if (job->with_user) {
        if (write_text("/proc/self/setgroups", "deny") != 0 && errno != ENOENT) probe_fail(job, "write setgroups");
        if (write_text("/proc/self/uid_map", job->uid_map) != 0) probe_fail(job, "write uid_map");
        if (write_text("/proc/self/gid_map", job->gid_map) != 0) probe_fail(job, "write gid_map");
    }
    switch (job->kind) {
    case PROBE_USER:
    case PROBE_PLAIN:
        break;
    case PROBE_NET: {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) probe_fail(job, "socket");
        struct ifreq request;
        memset(&request, 0, sizeof request);
        bake_sandbox_copy(request.ifr_name, sizeof request.ifr_name, "lo");
        if (ioctl(fd, SIOCGIFFLAGS, &request) != 0) probe_fail(job, "ioctl(SIOCGIFFLAGS)");
        request.ifr_flags |= IFF_UP;
        if (ioctl(fd, SIOCSIFFLAGS, &request) != 0) probe_fail(job, "ioctl(SIOCSIFFLAGS)");
        break;
    }
    case PROBE_VIEW:
    case PROBE_PROC:
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) probe_fail(job, "mount(MS_PRIVATE)");
        if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) probe_fail(job, "mount(tmpfs)");
        if (job->kind == PROBE_PROC) {
            if (mkdir("/tmp/proc", 0755) != 0) probe_fail(job, "mkdir");
            if (mount("proc", "/tmp/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
                probe_fail(job, "mount(proc)");
            break;
        }
        if (chdir("/tmp") != 0 || mkdir("oldroot", 0755) != 0) probe_fail(job, "mkdir");
        if (syscall(SYS_pivot_root, ".", "oldroot") != 0) probe_fail(job, "pivot_root");
        if (chdir("/") != 0 || mkdir("/newroot", 0755) != 0) probe_fail(job, "mkdir");
        if (mount("/oldroot", "/newroot", NULL, MS_BIND | MS_REC, NULL) != 0) probe_fail(job, "mount(MS_BIND|MS_REC)");
        struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
        if (syscall(SYS_mount_setattr, AT_FDCWD, "/newroot", AT_RECURSIVE, &attr, sizeof attr) == 0)
            job->shared->mount_setattr = 1;
        else if (mount(NULL, "/newroot", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
            probe_fail(job, "mount(MS_REMOUNT|MS_RDONLY)");
        break;
    case PROBE_SECCOMP:
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) probe_fail(job, "prctl(PR_SET_NO_NEW_PRIVS)");
        if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, job->program) != 0) probe_fail(job, "seccomp");
        break;
    }
    job->shared->error = 0;
    _exit(0);
}

/* Runs one probe; returns 0 or the errno that refused it (clone's own, or the child's step). */
static int run_probe(struct probe_job *job, int flags, char *call, size_t call_size) {
    enum { STACK = 64 * 1024 };
    void *stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return errno;
    memset(job->shared, 0, sizeof *job->shared);
    job->shared->error = -1; /* a child that died without a word */
    if (job->with_user) flags |= CLONE_NEWUSER;
    pid_t pid = clone(probe_main, (char *)stack + STACK, flags | SIGCHLD, job);
    int result;
    if (pid < 0) {
        result = errno;
        if (call) bake_sandbox_copy(call, call_size, "clone");
    } else {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        result = job->shared->error < 0 ? ECHILD : job->shared->error;
        if (call) bake_sandbox_copy(call, call_size, job->shared->call);
    }
    munmap(stack, STACK);
    return result;
}

void bake_sandbox_probe(bake_sandbox_probe_result *result) {
    memset(result, 0, sizeof *result);
    struct probe_shared *shared =
        mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        for (int i = 0; i < 6; i++) result->namespace_errors[i] = errno;
        result->mount_view_error = result->fresh_proc_error = result->seccomp_error = errno;
        return;
    }
    struct probe_job job;
    memset(&job, 0, sizeof job);
    job.shared = shared;
    snprintf(job.uid_map, sizeof job.uid_map, "0 %u 1\n", (unsigned)geteuid());
    snprintf(job.gid_map, sizeof job.gid_map, "0 %u 1\n", (unsigned)getegid());

    job.kind = PROBE_USER;
    job.with_user = 1;
    result->namespace_errors[0] = run_probe(&job, 0, NULL, 0);
    int user = result->namespace_errors[0] == 0;
    if (user) result->namespaces |= BAKE_SANDBOX_NS_USER;
    job.with_user = user;

    static const int others[] = {CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWUTS, CLONE_NEWIPC};
    for (int i = 0; i < 5; i++) {
        job.kind = others[i] == CLONE_NEWNET ? PROBE_NET : PROBE_PLAIN;
        int error = run_probe(&job, others[i], NULL, 0);
        result->namespace_errors[i + 1] = error;
        if (error == 0) result->namespaces |= 1 << (i + 1);
    }
    if (result->namespaces & BAKE_SANDBOX_NS_MOUNT) {
        job.kind = PROBE_VIEW;
        result->mount_view_error = run_probe(&job, CLONE_NEWNS, result->mount_view_call, sizeof result->mount_view_call);
        result->mount_view = result->mount_view_error == 0;
        result->mount_setattr = result->mount_view && shared->mount_setattr;
    } else {
        result->mount_view_error = result->namespace_errors[1];
        bake_sandbox_copy(result->mount_view_call, sizeof result->mount_view_call, "clone(CLONE_NEWNS)");
    }
    if (result->mount_view && (result->namespaces & BAKE_SANDBOX_NS_PID)) {
        job.kind = PROBE_PROC;
        result->fresh_proc_error = run_probe(&job, CLONE_NEWNS | CLONE_NEWPID, NULL, 0);
        result->fresh_proc = result->fresh_proc_error == 0;
    } else {
        result->fresh_proc_error = result->namespace_errors[2] ? result->namespace_errors[2] : result->mount_view_error;
    }

    bake_sandbox_error error;
    if (bake_sandbox_seccomp_prepare(0, &error) != 0) {
        result->seccomp_error = error.error_number ? error.error_number : EINVAL;
    } else {
        job.kind = PROBE_SECCOMP;
        job.with_user = 0;
        job.program = bake_sandbox_seccomp_program(0);
        result->seccomp_error = run_probe(&job, 0, NULL, 0);
        result->seccomp = result->seccomp_error == 0;
    }
    munmap(shared, sizeof *shared);
}
