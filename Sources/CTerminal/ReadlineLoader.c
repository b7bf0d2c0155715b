// GNU readline, loaded when the terminal chat first configures it, rather
// than at every start of `parley`: linked, the dynamic linker mapped it and
// libtinfo and bound 565 of their symbols before anything else could run,
// for piped chats, bridges and `--version` too, which never edit a line
// (docs/performance.md, "Chat start-up", `start8`). As CLibPQLoader and
// CSQLiteLoader do: each readline function the chat calls is defined here
// with readline's own prototype (from its headers, so a mismatch fails the
// build) and forwards to the library's, found with dlsym; its variables are
// reached through pointers (ReadlineLoader.h). `parley_readline_configure`
// loads it before anything else of readline is used.
#define PARLEY_READLINE_LOADER_ITSELF
#include "ReadlineLoader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#define PARLEY_READLINE_FUNCTIONS(X) \
    X(rl_initialize) X(rl_variable_bind) X(rl_variable_value) X(rl_completion_matches) \
    X(rl_callback_handler_install) X(rl_callback_handler_remove) X(rl_callback_read_char) X(rl_callback_sigcleanup) \
    X(rl_redisplay) X(rl_forced_update_display) X(rl_free_line_state) X(rl_resize_terminal) \
    X(rl_cleanup_after_signal) X(rl_reset_after_signal) X(using_history) X(stifle_history) X(add_history) X(clear_history)

static struct {
#define PARLEY_FIELD(name) __typeof__(&name) name;
    PARLEY_READLINE_FUNCTIONS(PARLEY_FIELD)
#undef PARLEY_FIELD
} readline_functions;

struct parley_readline_variables parley_readline_variables;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char error[512] = "";

static void load(void) {
    static const char *const names[] = {"libreadline.so.8", "libreadline.so", "libreadline.8.dylib", "libreadline.dylib"};
    void *handle = NULL;
    for (size_t k = 0; k < sizeof names / sizeof names[0] && handle == NULL; k++) {
        handle = dlopen(names[k], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, sizeof error, "cannot load GNU readline (Debian: libreadline8): %s", reason ? reason : "not found");
        return;
    }
#define PARLEY_BIND(name) \
    if ((readline_functions.name = (__typeof__(&name))dlsym(handle, #name)) == NULL) { \
        snprintf(error, sizeof error, "GNU readline has no function %s: too old a readline", #name); \
        return; \
    }
    PARLEY_READLINE_FUNCTIONS(PARLEY_BIND)
#undef PARLEY_BIND
#define PARLEY_BIND_VARIABLE(name) \
    if ((parley_readline_variables.name = (__typeof__(name) *)dlsym(handle, #name)) == NULL) { \
        snprintf(error, sizeof error, "GNU readline has no variable %s: too old a readline", #name); \
        return; \
    }
    PARLEY_READLINE_VARIABLES(PARLEY_BIND_VARIABLE)
#undef PARLEY_BIND_VARIABLE
}

void parley_readline_load(void) {
    pthread_once(&once, load);
    if (error[0] == '\0') return;
    fprintf(stderr, "parley: %s\n", error);
    exit(1);
}

// The forwarding definitions. Only reached after parley_readline_load().
int rl_initialize(void) { return readline_functions.rl_initialize(); }
int rl_variable_bind(const char *variable, const char *value) { return readline_functions.rl_variable_bind(variable, value); }
char *rl_variable_value(const char *variable) { return readline_functions.rl_variable_value(variable); }
char **rl_completion_matches(const char *text, rl_compentry_func_t *entry) {
    return readline_functions.rl_completion_matches(text, entry);
}
void rl_callback_handler_install(const char *prompt, rl_vcpfunc_t *handler) {
    readline_functions.rl_callback_handler_install(prompt, handler);
}
void rl_callback_handler_remove(void) { readline_functions.rl_callback_handler_remove(); }
void rl_callback_read_char(void) { readline_functions.rl_callback_read_char(); }
void rl_callback_sigcleanup(void) { readline_functions.rl_callback_sigcleanup(); }
void rl_redisplay(void) { readline_functions.rl_redisplay(); }
int rl_forced_update_display(void) { return readline_functions.rl_forced_update_display(); }
void rl_free_line_state(void) { readline_functions.rl_free_line_state(); }
void rl_resize_terminal(void) { readline_functions.rl_resize_terminal(); }
void rl_cleanup_after_signal(void) { readline_functions.rl_cleanup_after_signal(); }
void rl_reset_after_signal(void) { readline_functions.rl_reset_after_signal(); }
void using_history(void) { readline_functions.using_history(); }
void stifle_history(int max) { readline_functions.stifle_history(max); }
void add_history(const char *line) { readline_functions.add_history(line); }
void clear_history(void) { readline_functions.clear_history(); }
