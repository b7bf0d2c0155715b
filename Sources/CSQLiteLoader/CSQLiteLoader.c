// SQLite, loaded when a SQLite store is first opened rather than at every
// start of `parley`: linked, the dynamic linker mapped it and bound its
// 1,600 symbols (it is linked with BIND_NOW) at every start, the chat's
// included, about 0.2 ms of CPU before anything else could run
// (docs/performance.md, "Chat start-up", `start8`). As CLibPQLoader does
// for libpq: each SQLite function Parley calls is defined here with
// SQLite's own prototype (from sqlite3.h, so a mismatch fails the build)
// and forwards to the library's, found with dlsym. The store calls
// `parley_sqlite_load()` first and reports its error; a forwarder called
// before that (a test opening a database itself) loads it then, and stops
// the process with the reason if it cannot.
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include "../CSQLite/shim.h"
#include "CSQLiteLoader.h"

#define PARLEY_SQLITE_FUNCTIONS(X) \
    X(sqlite3_open) X(sqlite3_open_v2) X(sqlite3_close) X(sqlite3_errmsg) X(sqlite3_errstr) X(sqlite3_exec) \
    X(sqlite3_busy_timeout) X(sqlite3_sleep) X(sqlite3_prepare_v2) X(sqlite3_prepare_v3) X(sqlite3_step) \
    X(sqlite3_reset) X(sqlite3_finalize) X(sqlite3_changes) X(sqlite3_bind_blob) X(sqlite3_bind_int64) \
    X(sqlite3_bind_text) X(sqlite3_column_blob) X(sqlite3_column_bytes) X(sqlite3_column_int) \
    X(sqlite3_column_int64) X(sqlite3_column_text)

static struct {
#define PARLEY_FIELD(name) __typeof__(&name) name;
    PARLEY_SQLITE_FUNCTIONS(PARLEY_FIELD)
#undef PARLEY_FIELD
} sqlite;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char error[512] = "";

static void load(void) {
    static const char *const names[] = {"libsqlite3.so.0", "libsqlite3.so", "libsqlite3.0.dylib", "libsqlite3.dylib"};
    void *handle = NULL;
    for (size_t k = 0; k < sizeof names / sizeof names[0] && handle == NULL; k++) {
        handle = dlopen(names[k], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, sizeof error, "cannot load SQLite (Debian: libsqlite3-0): %s", reason ? reason : "not found");
        return;
    }
#define PARLEY_BIND(name) \
    if ((sqlite.name = (__typeof__(&name))dlsym(handle, #name)) == NULL) { \
        snprintf(error, sizeof error, "SQLite has no function %s: too old a SQLite", #name); \
        return; \
    }
    PARLEY_SQLITE_FUNCTIONS(PARLEY_BIND)
#undef PARLEY_BIND
    __atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
}

int parley_sqlite_load(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *parley_sqlite_error(void) { return error; }

// Every forwarder first makes sure the library is loaded: once it is, one
// load of a flag, next to what any SQLite call costs.
static inline void require(void) {
    if (__builtin_expect(__atomic_load_n(&loaded, __ATOMIC_ACQUIRE), 1)) return;
    if (parley_sqlite_load()) return;
    fprintf(stderr, "parley: %s\n", error);
    abort();
}

int sqlite3_open(const char *filename, sqlite3 **db) {
    require();
    return sqlite.sqlite3_open(filename, db);
}
int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs) {
    require();
    return sqlite.sqlite3_open_v2(filename, db, flags, vfs);
}
int sqlite3_close(sqlite3 *db) {
    require();
    return sqlite.sqlite3_close(db);
}
const char *sqlite3_errmsg(sqlite3 *db) {
    require();
    return sqlite.sqlite3_errmsg(db);
}
const char *sqlite3_errstr(int code) {
    require();
    return sqlite.sqlite3_errstr(code);
}
int sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *argument, char **message) {
    require();
    return sqlite.sqlite3_exec(db, sql, callback, argument, message);
}
int sqlite3_busy_timeout(sqlite3 *db, int milliseconds) {
    require();
    return sqlite.sqlite3_busy_timeout(db, milliseconds);
}
int sqlite3_sleep(int milliseconds) {
    require();
    return sqlite.sqlite3_sleep(milliseconds);
}
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int bytes, sqlite3_stmt **statement, const char **tail) {
    require();
    return sqlite.sqlite3_prepare_v2(db, sql, bytes, statement, tail);
}
int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int bytes, unsigned int flags, sqlite3_stmt **statement, const char **tail) {
    require();
    return sqlite.sqlite3_prepare_v3(db, sql, bytes, flags, statement, tail);
}
int sqlite3_step(sqlite3_stmt *statement) {
    require();
    return sqlite.sqlite3_step(statement);
}
int sqlite3_reset(sqlite3_stmt *statement) {
    require();
    return sqlite.sqlite3_reset(statement);
}
int sqlite3_finalize(sqlite3_stmt *statement) {
    require();
    return sqlite.sqlite3_finalize(statement);
}
int sqlite3_changes(sqlite3 *db) {
    require();
    return sqlite.sqlite3_changes(db);
}
int sqlite3_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, int count, void (*destructor)(void *)) {
    require();
    return sqlite.sqlite3_bind_blob(statement, index, bytes, count, destructor);
}
int sqlite3_bind_int64(sqlite3_stmt *statement, int index, sqlite3_int64 value) {
    require();
    return sqlite.sqlite3_bind_int64(statement, index, value);
}
int sqlite3_bind_text(sqlite3_stmt *statement, int index, const char *text, int count, void (*destructor)(void *)) {
    require();
    return sqlite.sqlite3_bind_text(statement, index, text, count, destructor);
}
const void *sqlite3_column_blob(sqlite3_stmt *statement, int column) {
    require();
    return sqlite.sqlite3_column_blob(statement, column);
}
int sqlite3_column_bytes(sqlite3_stmt *statement, int column) {
    require();
    return sqlite.sqlite3_column_bytes(statement, column);
}
int sqlite3_column_int(sqlite3_stmt *statement, int column) {
    require();
    return sqlite.sqlite3_column_int(statement, column);
}
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *statement, int column) {
    require();
    return sqlite.sqlite3_column_int64(statement, column);
}
const unsigned char *sqlite3_column_text(sqlite3_stmt *statement, int column) {
    require();
    return sqlite.sqlite3_column_text(statement, column);
}
