#include "CTerminal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

static parley_completion_source completion_source;
static char *finished_line;
static int line_finished;
static char *current_prompt;

static char **attempt_completion(const char *text, int start, int end) {
    (void)start;
    (void)end;
    // Never fall back to completing file names: the chat has none.
    rl_attempted_completion_over = 1;
    // A completed option label or command is sent as it is; no trailing space.
    rl_completion_append_character = '\0';
    if (completion_source == NULL) return NULL;
    return rl_completion_matches(text, completion_source);
}

void parley_readline_configure(const char *application_name, parley_completion_source source) {
    static char empty[] = "";
    static char name[64];
    snprintf(name, sizeof name, "%s", application_name);
    rl_readline_name = name;
    completion_source = source;
    // The chat handles SIGINT, SIGTSTP and SIGWINCH itself (see ReadlineLineReader).
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_attempted_completion_function = attempt_completion;
    // Option labels have spaces: the word to complete is the whole line.
    rl_completer_word_break_characters = empty;
    rl_basic_word_break_characters = empty;
    rl_completer_quote_characters = NULL;
    rl_sort_completion_matches = 0;
    rl_initialize();
    rl_variable_bind("completion-ignore-case", "on");
}

static void on_line(char *line) {
    finished_line = line;
    line_finished = 1;
    // Gives the terminal back while the coach answers.
    rl_callback_handler_remove();
}

void parley_readline_begin(const char *prompt) {
    free(current_prompt);
    current_prompt = strdup(prompt);
    finished_line = NULL;
    line_finished = 0;
    rl_callback_handler_install(current_prompt, on_line);
}

void parley_readline_feed(void) { rl_callback_read_char(); }

int parley_readline_finished(void) { return line_finished; }

char *parley_readline_take_line(void) {
    char *line = finished_line;
    finished_line = NULL;
    return line;
}

int parley_readline_line_is_empty(void) { return rl_end == 0; }

void parley_readline_discard_line(void) {
    // Show ^C at the end of the line, as shells do, then start over.
    rl_point = rl_end;
    rl_redisplay();
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_callback_handler_remove();
    fputs("^C\n", rl_outstream ? rl_outstream : stdout);
    fflush(rl_outstream ? rl_outstream : stdout);
    using_history();
    rl_callback_handler_install(current_prompt, on_line);
}

void parley_readline_abandon(void) {
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_callback_handler_remove();
}

void parley_readline_suspend(void) {
    rl_cleanup_after_signal();
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP);
    // Here the process was continued (fg).
    parley_signal_forward(SIGTSTP);
    rl_reset_after_signal();
    rl_forced_update_display();
}

void parley_readline_resize(void) { rl_resize_terminal(); }

int parley_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

static int signal_pipe[2] = {-1, -1};

static void forward_signal(int signo) {
    int saved = errno;
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
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_signal;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a blocking poll or read returns, and the loop looks at the pipe.
    action.sa_flags = 0;
    return sigaction(signo, &action, NULL);
}

void parley_signal_default(int signo) { signal(signo, SIG_DFL); }
