#ifndef PARLEY_CLIBPQLOADER_H
#define PARLEY_CLIBPQLOADER_H

/// Loads libpq if it is not loaded yet. Returns 1 when it is loaded; 0 when
/// it cannot be, with `parley_libpq_error()` saying why.
int parley_libpq_load(void);

/// Why libpq could not be loaded (dlopen's message), or an empty string.
const char *parley_libpq_error(void);

#endif
