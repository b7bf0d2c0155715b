// libpq, PostgreSQL's own client library (Debian: libpq-dev), for the
// PostgreSQL session store.
#include <libpq-fe.h>
