// The system SQLite (Debian: libsqlite3-dev), for the bridge's session store.
// Its functions are CSQLiteLoader's, which loads the library on first use.
#include <sqlite3.h>
