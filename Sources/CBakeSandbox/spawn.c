#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Layout the parent decodes: errno, then the call text. */
_Static_assert(sizeof(bake_sandbox_error) == sizeof(int) + 240, "bake_sandbox_error is sent as raw bytes");

enum { STACK_SIZE = 256 * 1024 };

void bake_sandbox_copy(char *dst, size_t size, const char *src) {
    if (size == 0) return;
    size_t i = 0;
    for (; src[i] && i + 1 < size; i++) dst[i] = src[i];
    dst[i] = 0;
}

void bake_sandbox_append(char *dst, size_t size, const char *src) {
    size_t used = 0;
    while (used < size && dst[used]) used++;
    if (used < size) bake_sandbox_copy(dst + used, size - used, src);
}

/* MARK: child side (async-signal-safe only) */

/* Sends "call(argument)" and errno to the parent, then exits. */
static _Noreturn void child_fail(const struct bake_sandbox_plan *plan, const char *call, const char *argument) {
    bake_sandbox_error record;
    record.error_number = errno;
    bake_sandbox_copy(record.call, sizeof record.call, call);
    if (argument) {
        bake_sandbox_append(record.call, sizeof record.call, " ");
        bake_sandbox_append(record.call, sizeof record.call, argument);
    }
    ssize_t ignored = write(plan->error_write, &record, sizeof record);
    (void)ignored;
    _exit(127);
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == (ssize_t)length ? 0 : -1;
}

/* Closes every descriptor but those in `keep` (ascending, no duplicates). */
static void close_all_except(const int *keep, size_t count) {
    unsigned int next = 0;
    for (size_t i = 0; i <= count; i++) {
        unsigned int limit = i < count ? (unsigned int)keep[i] : ~0U;
        if (limit > next) {
            if (syscall(SYS_close_range, next, limit - 1, 0) != 0) {
                unsigned int last = limit == ~0U ? 65535 : limit - 1;
                for (unsigned int fd = next; fd <= last; fd++) close((int)fd);
            }
        }
        next = limit + 1;
        if (limit == ~0U) break;
    }
}

static void sort_small(int *values, size_t count) {
    for (size_t i = 1; i < count; i++)
        for (size_t j = i; j > 0 && values[j - 1] > values[j]; j--) {
            int t = values[j];
            values[j] = values[j - 1];
            values[j - 1] = t;
        }
}

static void bring_up_loopback(const struct bake_sandbox_plan *plan) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) child_fail(plan, "socket", "AF_INET");
    struct ifreq request;
    memset(&request, 0, sizeof request);
    bake_sandbox_copy(request.ifr_name, sizeof request.ifr_name, "lo");
    if (ioctl(fd, SIOCGIFFLAGS, &request) != 0) child_fail(plan, "ioctl(SIOCGIFFLAGS)", "lo");
    request.ifr_flags |= IFF_UP;
    if (ioctl(fd, SIOCSIFFLAGS, &request) != 0) child_fail(plan, "ioctl(SIOCSIFFLAGS)", "lo");
    close(fd);
}

/* Last steps before the task's own code: descriptors, signals, umask, cwd, seccomp, execve. */
static _Noreturn void exec_task(const struct bake_sandbox_plan *plan) {
    const bake_sandbox_config *config = plan->config;
    /* Its own session: bake's terminal signals stay with bake, and the group can be killed whole. */
    setsid();
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    struct sigaction standard;
    memset(&standard, 0, sizeof standard);
    standard.sa_handler = SIG_DFL;
    /* Ignored signals survive execve; bake's runtime ignores SIGPIPE, a shell pipeline must not. */
    for (int signal_number = 1; signal_number < NSIG; signal_number++) sigaction(signal_number, &standard, NULL);

    /* Both above 2 first: bake's own stdin may be closed, making either of them 0, 1 or 2, and
       dup2 onto itself would neither move it nor clear close-on-exec. */
    int log_fd = fcntl(config->log_fd, F_DUPFD_CLOEXEC, 3);
    if (log_fd < 0) child_fail(plan, "fcntl(F_DUPFD_CLOEXEC)", "log");
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0) child_fail(plan, "open", "/dev/null");
    if (null_fd < 3 && (null_fd = fcntl(null_fd, F_DUPFD_CLOEXEC, 3)) < 0)
        child_fail(plan, "fcntl(F_DUPFD_CLOEXEC)", "/dev/null");
    if (dup2(null_fd, 0) < 0) child_fail(plan, "dup2", "stdin");
    if (dup2(log_fd, 1) < 0) child_fail(plan, "dup2", "stdout");
    if (dup2(log_fd, 2) < 0) child_fail(plan, "dup2", "stderr");
    int keep[] = {0, 1, 2, plan->error_write};
    close_all_except(keep, 4);

    umask((mode_t)config->umask);
    if (chdir(config->cwd) != 0) child_fail(plan, "chdir", config->cwd);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail(plan, "prctl(PR_SET_NO_NEW_PRIVS)", NULL);
    if (plan->seccomp && syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, plan->seccomp) != 0)
        child_fail(plan, "seccomp(SECCOMP_SET_MODE_FILTER)", NULL);
    execve(config->argv[0], (char *const *)config->argv, (char *const *)config->envp);
    child_fail(plan, "execve", config->argv[0]);
}

static int child_main(void *argument) {
    const struct bake_sandbox_plan *plan = argument;
    const bake_sandbox_config *config = plan->config;
    /* Other threads' spawns may have left their pipes in this copy of the table: holding them
       would keep their parents from ever seeing EOF. */
    int keep[] = {plan->sync_read, plan->error_write, plan->status_write, config->log_fd};
    size_t keep_count = plan->status_write >= 0 ? 4 : 3;
    if (plan->status_write < 0) keep[2] = config->log_fd;
    sort_small(keep, keep_count);
    close_all_except(keep, keep_count);

    /* If the thread that spawned us goes away, so do we (and with init, the whole namespace). */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

    char go = 0;
    ssize_t got;
    do got = read(plan->sync_read, &go, 1);
    while (got < 0 && errno == EINTR);
    if (got != 1) _exit(127); /* the parent gave up (and reported why) */
    close(plan->sync_read);

    if (config->namespaces & BAKE_SANDBOX_NS_USER) {
        /* Unprivileged gid_map writes need setgroups off first; uid/gid 0 inside = the invoker. */
        if (write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT)
            child_fail(plan, "write", "/proc/self/setgroups");
        if (write_file("/proc/self/uid_map", plan->uid_map) != 0) child_fail(plan, "write", "/proc/self/uid_map");
        if (write_file("/proc/self/gid_map", plan->gid_map) != 0) child_fail(plan, "write", "/proc/self/gid_map");
    }
    if (config->namespaces & BAKE_SANDBOX_NS_MOUNT) {
        const char *call = "", *arg = NULL;
        if (bake_sandbox_build_view(plan, &call, &arg) != 0) child_fail(plan, call, arg);
    }
    if ((config->namespaces & BAKE_SANDBOX_NS_UTS) && config->hostname &&
        sethostname(config->hostname, strlen(config->hostname)) != 0)
        child_fail(plan, "sethostname", config->hostname);
    if (config->namespaces & BAKE_SANDBOX_NS_NET) bring_up_loopback(plan);

    if (!(config->namespaces & BAKE_SANDBOX_NS_PID)) exec_task(plan);

    /* We are pid 1: fork the task, reap every orphan, pass the task's status up. */
    pid_t task = _Fork();
    if (task < 0) child_fail(plan, "fork", NULL);
    if (task == 0) {
        close(plan->status_write);
        exec_task(plan);
    }
    close(plan->error_write);
    close(config->log_fd);
    int task_status = 0;
    for (;;) {
        int status;
        pid_t reaped = waitpid(-1, &status, 0);
        if (reaped == task) {
            task_status = status;
            break;
        }
        if (reaped < 0 && errno != EINTR) break;
    }
    ssize_t ignored = write(plan->status_write, &task_status, sizeof task_status);
    (void)ignored;
    _exit(0);
}

/* MARK: parent side */

static int parent_fail(bake_sandbox_error *error, const char *call, const char *argument) {
    error->error_number = errno;
    bake_sandbox_copy(error->call, sizeof error->call, call);
    if (argument) {
        bake_sandbox_append(error->call, sizeof error->call, " ");
        bake_sandbox_append(error->call, sizeof error->call, argument);
    }
    return -1;
}

static char *joined(const char *prefix, const char *path) {
    size_t length = strlen(prefix) + strlen(path) + 1;
    char *result = malloc(length);
    if (result) {
        bake_sandbox_copy(result, length, prefix);
        bake_sandbox_append(result, length, path);
    }
    return result;
}

static void free_list(char **list, size_t count) {
    if (!list) return;
    for (size_t i = 0; i < count; i++) free(list[i]);
    free(list);
}

static char **prefixed(const char *prefix, const char *const *paths, size_t count) {
    char **list = calloc(count + 1, sizeof *list);
    if (!list) return NULL;
    for (size_t i = 0; i < count; i++) {
        list[i] = joined(prefix, paths[i]);
        if (!list[i]) {
            free_list(list, i);
            return NULL;
        }
    }
    return list;
}

static void close_if_open(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* Moves both ends of a pipe to descriptors above 2. */
static int above_stdio(int pipe_fds[2]) {
    for (int i = 0; i < 2; i++) {
        if (pipe_fds[i] >= 3) continue;
        int moved = fcntl(pipe_fds[i], F_DUPFD_CLOEXEC, 3);
        if (moved < 0) return -1;
        close(pipe_fds[i]);
        pipe_fds[i] = moved;
    }
    return 0;
}

static void reap(pid_t pid) {
    int status;
    while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {
    }
}

int bake_sandbox_spawn(const bake_sandbox_config *config, bake_sandbox_child *child, bake_sandbox_error *error) {
    memset(error, 0, sizeof *error);
    child->pid = -1;
    child->status_fd = -1;

    struct bake_sandbox_plan plan;
    memset(&plan, 0, sizeof plan);
    plan.config = config;
    plan.sync_read = plan.error_write = plan.status_write = -1;
    if (config->seccomp) {
        if (bake_sandbox_seccomp_prepare(config->seccomp_deny_inet, error) != 0) return -1;
        plan.seccomp = bake_sandbox_seccomp_program(config->seccomp_deny_inet);
    }
    /* One line each: inside uid/gid 0 is the invoker outside. */
    char number[32];
    bake_sandbox_copy(plan.uid_map, sizeof plan.uid_map, "0 ");
    snprintf(number, sizeof number, "%u 1\n", (unsigned)config->outer_uid);
    bake_sandbox_append(plan.uid_map, sizeof plan.uid_map, number);
    bake_sandbox_copy(plan.gid_map, sizeof plan.gid_map, "0 ");
    snprintf(number, sizeof number, "%u 1\n", (unsigned)config->outer_gid);
    bake_sandbox_append(plan.gid_map, sizeof plan.gid_map, number);

    int result = -1;
    int sync_pipe[2] = {-1, -1}, error_pipe[2] = {-1, -1}, status_pipe[2] = {-1, -1};
    void *stack = MAP_FAILED;
    pid_t pid = -1;

    plan.writable_old = prefixed("/oldroot", config->writable, config->writable_count);
    plan.writable_new = prefixed("/newroot", config->writable, config->writable_count);
    plan.remounts = prefixed("/newroot", config->host_mounts, config->host_mounts_count);
    plan.readonly_old = prefixed("/oldroot", config->readonly, config->readonly_count);
    plan.readonly_new = prefixed("/newroot", config->readonly, config->readonly_count);
    if (!plan.writable_old || !plan.writable_new || !plan.remounts || !plan.readonly_old || !plan.readonly_new) {
        errno = ENOMEM;
        parent_fail(error, "malloc", NULL);
        goto done;
    }
    if (pipe2(sync_pipe, O_CLOEXEC) != 0 || pipe2(error_pipe, O_CLOEXEC) != 0) {
        parent_fail(error, "pipe2", NULL);
        goto done;
    }
    if ((config->namespaces & BAKE_SANDBOX_NS_PID) && pipe2(status_pipe, O_CLOEXEC) != 0) {
        parent_fail(error, "pipe2", NULL);
        goto done;
    }
    /* The child rewires 0-2; a pipe end there (bake started with stdio closed) would be lost. */
    if (above_stdio(sync_pipe) != 0 || above_stdio(error_pipe) != 0 ||
        (status_pipe[0] >= 0 && above_stdio(status_pipe) != 0)) {
        parent_fail(error, "fcntl(F_DUPFD_CLOEXEC)", "sandbox pipe");
        goto done;
    }
    plan.sync_read = sync_pipe[0];
    plan.error_write = error_pipe[1];
    plan.status_write = status_pipe[1];

    stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        parent_fail(error, "mmap", "clone stack");
        goto done;
    }
    int flags = SIGCHLD;
    if (config->namespaces & BAKE_SANDBOX_NS_USER) flags |= CLONE_NEWUSER;
    if (config->namespaces & BAKE_SANDBOX_NS_MOUNT) flags |= CLONE_NEWNS;
    if (config->namespaces & BAKE_SANDBOX_NS_PID) flags |= CLONE_NEWPID;
    if (config->namespaces & BAKE_SANDBOX_NS_NET) flags |= CLONE_NEWNET;
    if (config->namespaces & BAKE_SANDBOX_NS_UTS) flags |= CLONE_NEWUTS;
    if (config->namespaces & BAKE_SANDBOX_NS_IPC) flags |= CLONE_NEWIPC;
    /* Without CLONE_VM the child runs on its own copy of this stack; ours can go right away. */
    pid = clone(child_main, (char *)stack + STACK_SIZE, flags, &plan);
    if (pid < 0) {
        parent_fail(error, "clone", NULL);
        goto done;
    }
    close_if_open(&sync_pipe[0]);
    close_if_open(&error_pipe[1]);
    close_if_open(&status_pipe[1]);

    if (config->cgroup_procs) {
        char text[32];
        snprintf(text, sizeof text, "%d\n", (int)pid);
        if (write_file(config->cgroup_procs, text) != 0) {
            parent_fail(error, "write", config->cgroup_procs);
            kill(pid, SIGKILL);
            reap(pid);
            goto done;
        }
    }
    char go = 'g';
    if (write(sync_pipe[1], &go, 1) != 1) {
        parent_fail(error, "write", "sandbox sync pipe");
        kill(pid, SIGKILL);
        reap(pid);
        goto done;
    }
    close_if_open(&sync_pipe[1]);

    /* EOF once the task has exec'd (the pipe is close-on-exec); a record if setup failed. */
    bake_sandbox_error record;
    size_t have = 0;
    while (have < sizeof record) {
        ssize_t got = read(error_pipe[0], (char *)&record + have, sizeof record - have);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        have += (size_t)got;
    }
    if (have == sizeof record) {
        *error = record;
        kill(pid, SIGKILL);
        reap(pid);
        goto done;
    }
    child->pid = pid;
    child->status_fd = status_pipe[0];
    status_pipe[0] = -1;
    result = 0;

done:
    if (stack != MAP_FAILED) munmap(stack, STACK_SIZE);
    close_if_open(&sync_pipe[0]);
    close_if_open(&sync_pipe[1]);
    close_if_open(&error_pipe[0]);
    close_if_open(&error_pipe[1]);
    close_if_open(&status_pipe[0]);
    close_if_open(&status_pipe[1]);
    free_list(plan.writable_old, config->writable_count);
    free_list(plan.writable_new, config->writable_count);
    free_list(plan.remounts, config->host_mounts_count);
    free_list(plan.readonly_old, config->readonly_count);
    free_list(plan.readonly_new, config->readonly_count);
    return result;
}
