#include "CTerminal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

// One signal handler for every front end (the chat and the bridge): it
// records the signal in a flag and writes its number as one byte to a pipe,
// both async-signal-safe; the program acts on it in its own loop.

static int signal_pipe[2] = {-1, -1};
static volatile sig_atomic_t received[NSIG];

static void forward_signal(int signo) {
    int saved = errno;
    if (signo > 0 && signo < NSIG) received[signo] = 1;
    unsigned char byte = (unsigned char)signo;
    // If the pipe is full, enough signals are already waiting to be seen.
    ssize_t ignored = write(signal_pipe[1], &byte, 1);
    (void)ignored;
    errno = saved;
}

int parley_signal_pipe_open(void) {
    if (signal_pipe[0] >= 0) return signal_pipe[0];
    if (pipe(signal_pipe) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    return signal_pipe[0];
}

int parley_signal_forward(int signo) {
    if (parley_signal_pipe_open() < 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_signal;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a blocking poll, read or write returns EINTR, and the
    // loop looks at the flag (a bridge blocked on a full stdout can stop).
    action.sa_flags = 0;
    if (sigaction(signo, &action, NULL) != 0) return -1;
    // A parent may start us with it blocked (Foundation's Process passes its
    // threads' mask on); a blocked SIGTERM would never be seen.
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, signo);
    return pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

int parley_signal_received(int signo) {
    return signo > 0 && signo < NSIG && received[signo] != 0;
}

int parley_signal_take(int fd) {
    unsigned char byte;
    for (;;) {
        ssize_t count = read(fd, &byte, 1);
        if (count == 1) return byte;
        if (count < 0 && errno == EINTR) continue;
        return 0;
    }
}

void parley_signal_default(int signo) { signal(signo, SIG_DFL); }

int parley_signal_is_ignored(int signo) {
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return 0;
    return current.sa_handler == SIG_IGN;
}

void parley_crash_reports_off(void) {
    // The Swift runtime's backtracer handles these at start-up: its report
    // prints registers and memory (where a turn's text can sit) to stderr,
    // and on a terminal it stops at an interactive prompt. Put the kernel's
    // default back: the process ends with no report.
    static const int crashes[] = {SIGQUIT, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP};
    sigset_t unblock;
    sigemptyset(&unblock);
    for (unsigned i = 0; i < sizeof crashes / sizeof crashes[0]; i++) {
        signal(crashes[i], SIG_DFL);
        sigaddset(&unblock, crashes[i]);
    }
    // Nor left blocked by a parent's mask: the signal ends the process at once.
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
    // Nor a core file, which would hold the conversation.
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
}
