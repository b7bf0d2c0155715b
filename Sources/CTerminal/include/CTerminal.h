#ifndef PARLEY_CTERMINAL_H
#define PARLEY_CTERMINAL_H

// Small C helpers for the terminal chat, and the signal handler that the
// chat and the bridge share (Signals.c). Swift 6 rejects direct use of
// readline's mutable globals (they are shared mutable state), and a signal
// handler must only do async-signal-safe things, which Swift cannot promise.
// Everything here is called from the main thread only.

/// Yields completion candidates for `text`: strdup'd strings (readline frees
/// them), then NULL. `state` is 0 on the first call of a completion attempt.
typedef char *(*parley_completion_source)(const char *text, int state);

/// Sets readline up for the chat: no signal handlers of its own, no changes
/// to LINES/COLUMNS, the whole line as the word to complete, no filename
/// completion, case-insensitive completion and matching.
void parley_readline_configure(const char *application_name, parley_completion_source source);

/// Shows `prompt` and starts reading a line (readline's callback interface).
void parley_readline_begin(const char *prompt);

/// Reads what is available on the terminal; may finish the line.
void parley_readline_feed(void);

/// 1 once a line was entered or end of input was reached.
int parley_readline_finished(void);

/// The finished line (malloc'd; the caller frees it), or NULL at end of input.
char *parley_readline_take_line(void);

/// Whether the line being edited is empty.
int parley_readline_line_is_empty(void);

/// Whether bracketed paste is on (readline 8.2 then ends the line itself at Ctrl-D).
int parley_readline_bracketed_paste(void);

/// Ctrl-C with text on the line: drop it (and any search in progress), show
/// "^C" and give a fresh prompt.
void parley_readline_discard_line(void);

/// Stops reading and gives the terminal back as it was (Ctrl-C on an empty
/// line, or a signal that ends the program).
void parley_readline_abandon(void);

/// Ctrl-Z: gives the terminal back, stops the process; once continued in the
/// foreground, takes the terminal again and redraws the line.
void parley_readline_suspend(void);

/// Ctrl-Z between prompts: gives the terminal back and stops the process.
void parley_stop_self(void);

/// SIGCONT while reading a line: in the foreground, takes the terminal again
/// (a shell's `fg` puts back the state it saved) and redraws the line.
void parley_readline_continued(void);

/// 1 while continued in the background after Ctrl-Z: a shell's `fg` of a
/// running job sends no signal, so the reader checks now and then.
int parley_readline_awaiting_foreground(void);

/// Puts the terminal back as it was when `parley_readline_configure` ran.
void parley_terminal_restore(void);

/// The terminal as it was, but without echo: between prompts.
void parley_terminal_quiet(void);

/// The terminal was resized.
void parley_readline_resize(void);

/// Width of the terminal on `fd` in columns, or 0 if unknown.
int parley_terminal_columns(int fd);

// MARK: Signals (chat and bridge alike; Signals.c)

/// Creates the pipe that signal handlers write to; returns its read end
/// (non-blocking, close-on-exec) or -1.
int parley_signal_pipe_open(void);

/// Routes `signo` to the pipe and its flag, and unblocks it in this thread:
/// the handler sets the flag and writes the signal number as one byte. No
/// SA_RESTART: blocking calls return EINTR. 0 on success.
int parley_signal_forward(int signo);

/// 1 once `signo` has arrived (after `parley_signal_forward`).
int parley_signal_received(int signo);

/// The next signal number waiting on the pipe's read end `fd`, or 0 if none.
int parley_signal_take(int fd);

/// Puts back the default action for `signo`.
void parley_signal_default(int signo);

/// 1 if `signo` is ignored (SIG_IGN), as a shell without job control leaves SIGTSTP.
int parley_signal_is_ignored(int signo);

/// No crash report and no core file: the default action for SIGQUIT, SIGABRT,
/// SIGBUS, SIGFPE, SIGILL, SIGSEGV and SIGTRAP (the Swift runtime's
/// backtracer takes them at start-up) and a core size limit of 0.
void parley_crash_reports_off(void);

/// Makes every thread allocate from glibc's main malloc arena (mallopt
/// M_ARENA_MAX 1; malloc.h is not in Swift's Glibc module). Call before a
/// second thread first allocates. Does nothing on other C libraries.
void parley_use_one_malloc_arena(void);

#endif
