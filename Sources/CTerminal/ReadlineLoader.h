// GNU readline, loaded when the terminal chat first configures it
// (ReadlineLoader.c). Included by CTerminal.c after readline's headers: the
// functions it calls are ReadlineLoader.c's forwarders, declared by those
// headers; the variables it sets and reads are the library's own, reached
// through the pointers below, which these macros put in place of their names.
#ifndef PARLEY_READLINE_LOADER_H
#define PARLEY_READLINE_LOADER_H

#include <stdio.h>
#include <readline/history.h>
#include <readline/readline.h>

#define PARLEY_READLINE_VARIABLES(X) \
    X(rl_readline_name) X(rl_catch_signals) X(rl_catch_sigwinch) X(rl_change_environment) \
    X(rl_attempted_completion_function) X(rl_attempted_completion_over) X(rl_completion_append_character) \
    X(rl_completer_word_break_characters) X(rl_basic_word_break_characters) X(rl_completer_quote_characters) \
    X(rl_sort_completion_matches) X(rl_point) X(rl_end) X(rl_outstream) X(rl_readline_state)

struct parley_readline_variables {
#define PARLEY_VARIABLE_FIELD(name) __typeof__(name) *name;
    PARLEY_READLINE_VARIABLES(PARLEY_VARIABLE_FIELD)
#undef PARLEY_VARIABLE_FIELD
};
extern struct parley_readline_variables parley_readline_variables;

/// Loads readline if it is not loaded yet; stops the process with the
/// reason if it cannot be (the chat cannot edit lines without it).
void parley_readline_load(void);

#ifndef PARLEY_READLINE_LOADER_ITSELF
#define rl_readline_name (*parley_readline_variables.rl_readline_name)
#define rl_catch_signals (*parley_readline_variables.rl_catch_signals)
#define rl_catch_sigwinch (*parley_readline_variables.rl_catch_sigwinch)
#define rl_change_environment (*parley_readline_variables.rl_change_environment)
#define rl_attempted_completion_function (*parley_readline_variables.rl_attempted_completion_function)
#define rl_attempted_completion_over (*parley_readline_variables.rl_attempted_completion_over)
#define rl_completion_append_character (*parley_readline_variables.rl_completion_append_character)
#define rl_completer_word_break_characters (*parley_readline_variables.rl_completer_word_break_characters)
#define rl_basic_word_break_characters (*parley_readline_variables.rl_basic_word_break_characters)
#define rl_completer_quote_characters (*parley_readline_variables.rl_completer_quote_characters)
#define rl_sort_completion_matches (*parley_readline_variables.rl_sort_completion_matches)
#define rl_point (*parley_readline_variables.rl_point)
#define rl_end (*parley_readline_variables.rl_end)
#define rl_outstream (*parley_readline_variables.rl_outstream)
#define rl_readline_state (*parley_readline_variables.rl_readline_state)
#endif

#endif
