#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * The filter is a deny list over an allow-by-default policy: a build runs arbitrary tools, so an
 * allow list would break them, while nothing a build needs is on this list. Denied calls fail with
 * EPERM (not a kill), so a tool that probes for them degrades instead of crashing. clone3 is the
 * exception: its flags sit in memory a filter cannot read, so it answers ENOSYS and libc falls back
 * to clone, whose flags the filter does check.
 */
static const char *const denied[] = {
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
    "swapon", "swapoff", "bpf", "perf_event_open", "add_key", "keyctl", "request_key",
    "open_by_handle_at", "userfaultfd", "mount", "umount2", "pivot_root", "unshare", "setns",
    "chroot", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr",
    "acct", "quotactl", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "syslog",
    "iopl", "ioperm", "vhangup", "lookup_dcookie", "nfsservctl", "name_to_handle_at",
    NULL,
};

const char *const *bake_sandbox_seccomp_denied(void) { return denied; }

/* Compiled programs, index = deny_inet. Built once under the lock, never freed. */
static pthread_mutex_t programs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sock_fprog programs[2];
static int programs_ready[2];

static int fail(bake_sandbox_error *error, int number, const char *call) {
    error->error_number = number;
    bake_sandbox_copy(error->call, sizeof error->call, call);
    return -1;
}

static int add_rules(scmp_filter_ctx ctx, int deny_inet, bake_sandbox_error *error) {
    for (const char *const *name = denied; *name; name++) {
        int number = seccomp_syscall_resolve_name(*name);
        if (number == __NR_SCMP_ERROR) continue; /* not on this architecture */
        int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), number, 0);
        if (rc < 0) return fail(error, -rc, *name);
    }
    /* New namespaces from inside would undo the sandbox's view of the system. */
    const unsigned long ns_flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS |
                                   CLONE_NEWIPC | CLONE_NEWCGROUP;
    /* libseccomp has no "masked value != 0": one rule per flag says it. */
    int rc;
    for (int bit = 0; bit < 64; bit++) {
        unsigned long flag = 1UL << bit;
        if (!(ns_flags & flag)) continue;
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag));
        if (rc < 0) return fail(error, -rc, "seccomp_rule_add(clone)");
    }
    rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    if (rc < 0) return fail(error, -rc, "seccomp_rule_add(clone3)");
    if (deny_inet) {
        int families[] = {AF_INET, AF_INET6};
        for (size_t i = 0; i < 2; i++) {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
                                  SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i]));
            if (rc < 0) return fail(error, -rc, "seccomp_rule_add(socket)");
        }
    }
    return 0;
}

static int compile(int deny_inet, struct sock_fprog *out, bake_sandbox_error *error) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) return fail(error, ENOMEM, "seccomp_init");
    /* 32-bit entry points reach the same kernel: filter them too, or they would bypass the list. */
    seccomp_arch_add(ctx, SCMP_ARCH_X86);
    seccomp_arch_add(ctx, SCMP_ARCH_X32);
    /* The child sets no_new_privs itself; libseccomp must not assume it. */
    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
    int result = add_rules(ctx, deny_inet, error);
    int fd = -1;
    if (result == 0) {
        fd = memfd_create("bake-seccomp", MFD_CLOEXEC);
        if (fd < 0) result = fail(error, errno, "memfd_create");
    }
    if (result == 0) {
        int rc = seccomp_export_bpf(ctx, fd);
        if (rc < 0) result = fail(error, -rc, "seccomp_export_bpf");
    }
    if (result == 0) {
        off_t size = lseek(fd, 0, SEEK_END);
        struct sock_filter *filter = size > 0 ? malloc((size_t)size) : NULL;
        if (!filter) {
            result = fail(error, ENOMEM, "malloc");
        } else if (pread(fd, filter, (size_t)size, 0) != size) {
            free(filter);
            result = fail(error, errno ? errno : EIO, "pread(seccomp program)");
        } else {
            out->len = (unsigned short)(size / (off_t)sizeof(struct sock_filter));
            out->filter = filter;
        }
    }
    if (fd >= 0) close(fd);
    seccomp_release(ctx);
    return result;
}

int bake_sandbox_seccomp_prepare(int deny_inet, bake_sandbox_error *error) {
    int index = deny_inet ? 1 : 0;
    pthread_mutex_lock(&programs_lock);
    int result = 0;
    if (!programs_ready[index]) {
        result = compile(deny_inet, &programs[index], error);
        if (result == 0) programs_ready[index] = 1;
    }
    pthread_mutex_unlock(&programs_lock);
    return result;
}

const struct sock_fprog *bake_sandbox_seccomp_program(int deny_inet) {
    int index = deny_inet ? 1 : 0;
    pthread_mutex_lock(&programs_lock);
    const struct sock_fprog *program = programs_ready[index] ? &programs[index] : NULL;
    pthread_mutex_unlock(&programs_lock);
    return program;
}
