#ifndef PARLEY_CSQLITELOADER_H
#define PARLEY_CSQLITELOADER_H

/// Loads SQLite if it is not loaded yet. Returns 1 when it is loaded; 0 when
/// it cannot be, with `parley_sqlite_error()` saying why.
int parley_sqlite_load(void);

/// Why SQLite could not be loaded (dlopen's message), or an empty string.
const char *parley_sqlite_error(void);

#endif
