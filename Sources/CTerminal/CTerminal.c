#include "CTerminal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

static parley_completion_source completion_source;
static char *finished_line;
static int line_finished;
static char *current_prompt;
// The terminal as the chat found it: given back between prompts (with echo
// off) and at the end.
static struct termios original;
static int have_original;

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
    if (tcgetattr(0, &original) == 0) have_original = 1;
    rl_initialize();
    rl_variable_bind("completion-ignore-case", "on");
}

void parley_terminal_restore(void) {
    if (have_original) tcsetattr(0, TCSANOW, &original);
}

void parley_terminal_quiet(void) {
    if (!have_original) return;
    // While the coach answers, keys typed ahead wait for the next prompt
    // without being echoed into the transcript (nor ^C). TCSANOW, not
    // TCSAFLUSH: what was typed ahead is kept.
    struct termios quiet = original;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    tcsetattr(0, TCSANOW, &quiet);
}

static void on_line(char *line) {
    finished_line = line;
    line_finished = 1;
    // Gives the terminal back while the coach answers, without echo.
    rl_callback_handler_remove();
    parley_terminal_quiet();
}

void parley_readline_begin(const char *prompt) {
    free(current_prompt);
    current_prompt = strdup(prompt);
    finished_line = NULL;
    line_finished = 0;
    // readline saves the terminal's state when it starts a line and puts it
    // back after: it must find the state the chat started with.
    parley_terminal_restore();
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

int parley_readline_bracketed_paste(void) {
    const char *value = rl_variable_value("enable-bracketed-paste");
    return value != NULL && strcmp(value, "on") == 0;
}

static FILE *output_stream(void) { return rl_outstream ? rl_outstream : stdout; }

void parley_readline_discard_line(void) {
    // Show ^C at the end of the line, as shells do, then start over. It is
    // written before readline lets go of the terminal: with bracketed paste
    // on, that writes "\e[?2004l\r", and the \r would put ^C over the prompt.
    rl_point = rl_end;
    rl_redisplay();
    fputs("^C", output_stream());
    fflush(output_stream());
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_callback_handler_remove();
    fputs("\n", output_stream());
    fflush(output_stream());
    using_history();
    rl_callback_handler_install(current_prompt, on_line);
}

void parley_readline_abandon(void) {
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_callback_handler_remove();
    parley_terminal_restore();
}

static int in_foreground(void) { return tcgetpgrp(0) == getpgrp(); }

// Set while stopped or continued in the background: the line is redrawn
// once the chat is in the foreground again.
static int needs_redraw;

void parley_stop_self(void) {
    parley_terminal_restore();
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP);
    // Here the process was continued.
    parley_signal_forward(SIGTSTP);
}

void parley_readline_suspend(void) {
    rl_cleanup_after_signal();
    parley_stop_self();
    // Continued by `fg`, or by `bg`: then it must not touch the terminal
    // until it is in the foreground again (SIGCONT tells).
    needs_redraw = 1;
    parley_readline_continued();
}

int parley_readline_awaiting_foreground(void) { return needs_redraw; }

// Whether the terminal is no longer as readline set it (a shell put its own
// state back): canonical mode or echo is on again.
static int terminal_reset_by_others(void) {
    struct termios now;
    if (!RL_ISSTATE(RL_STATE_TERMPREPPED) || tcgetattr(0, &now) != 0) return 0;
    return (now.c_lflag & (ICANON | ECHO)) != 0;
}

void parley_readline_continued(void) {
    if (!in_foreground()) {
        needs_redraw = 1;
        return;
    }
    if (!needs_redraw && !terminal_reset_by_others()) return;
    needs_redraw = 0;
    // A shell restores the terminal state it saved when the job stopped,
    // which undoes readline's: take the terminal again from the state the
    // chat started with, and redraw the prompt and the line.
    rl_cleanup_after_signal();
    parley_terminal_restore();
    rl_reset_after_signal();
    rl_forced_update_display();
}

void parley_readline_resize(void) { rl_resize_terminal(); }

int parley_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
