// libpq, PostgreSQL's own client library (Debian: libpq-dev), for the
// PostgreSQL session store. Its headers only: CLibPQLoader loads the library
// itself on first use. Debian installs them under postgresql/.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
