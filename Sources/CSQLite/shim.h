// The system SQLite (Debian: libsqlite3-dev), for the bridge's session store.
#include <sqlite3.h>
