// libpq, loaded when the PostgreSQL store is first used rather than at every
// start of `parley`: linking it made the dynamic linker load and relocate it
// and its dependencies (TLS, Kerberos, LDAP: about 20 libraries, 10 M
// instructions) for every command, chat included (docs/performance.md,
// "Chat start-up"). Each libpq function the store calls is defined here with
// libpq's own prototype (from libpq-fe.h, so a mismatch fails the build) and
// forwards to the library's, found with dlsym on first use. The store calls
// `parley_libpq_load()` before any of them and reports its error.
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include "../CLibPQ/shim.h"
#include "CLibPQLoader.h"

#define PARLEY_LIBPQ_FUNCTIONS(X) \
    X(PQconnectdbParams) X(PQsetNoticeProcessor) X(PQstatus) X(PQerrorMessage) X(PQfinish) \
    X(PQexec) X(PQclear) X(PQntuples) X(PQgetisnull) X(PQgetvalue) X(PQgetlength) \
    X(PQtransactionStatus) X(PQreset) X(PQprepare) X(PQexecPrepared) X(PQresultStatus) \
    X(PQresultErrorMessage) X(PQconninfoParse) X(PQfreemem) X(PQconninfoFree) X(PQcmdTuples)

static struct {
#define PARLEY_FIELD(name) __typeof__(&name) name;
    PARLEY_LIBPQ_FUNCTIONS(PARLEY_FIELD)
#undef PARLEY_FIELD
} libpq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char error[512] = "";

static void load(void) {
    static const char *const names[] = {"libpq.so.5", "libpq.so", "libpq.5.dylib", "libpq.dylib"};
    void *handle = NULL;
    for (size_t k = 0; k < sizeof names / sizeof names[0] && handle == NULL; k++) {
        handle = dlopen(names[k], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, sizeof error, "cannot load libpq (PostgreSQL's client library; Debian: libpq5): %s",
                 reason ? reason : "not found");
        return;
    }
#define PARLEY_BIND(name) \
    if ((libpq.name = (__typeof__(&name))dlsym(handle, #name)) == NULL) { \
        snprintf(error, sizeof error, "libpq has no function %s: too old a libpq", #name); \
        return; \
    }
    PARLEY_LIBPQ_FUNCTIONS(PARLEY_BIND)
#undef PARLEY_BIND
    loaded = 1;
}

int parley_libpq_load(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *parley_libpq_error(void) { return error; }

// The forwarding definitions. Only reached after parley_libpq_load() returned 1.
PGconn *PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    return libpq.PQconnectdbParams(keywords, values, expand_dbname);
}
PQnoticeProcessor PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    return libpq.PQsetNoticeProcessor(conn, proc, arg);
}
ConnStatusType PQstatus(const PGconn *conn) { return libpq.PQstatus(conn); }
char *PQerrorMessage(const PGconn *conn) { return libpq.PQerrorMessage(conn); }
void PQfinish(PGconn *conn) { libpq.PQfinish(conn); }
PGresult *PQexec(PGconn *conn, const char *query) { return libpq.PQexec(conn, query); }
void PQclear(PGresult *res) { libpq.PQclear(res); }
int PQntuples(const PGresult *res) { return libpq.PQntuples(res); }
int PQgetisnull(const PGresult *res, int tup_num, int field_num) { return libpq.PQgetisnull(res, tup_num, field_num); }
char *PQgetvalue(const PGresult *res, int tup_num, int field_num) { return libpq.PQgetvalue(res, tup_num, field_num); }
int PQgetlength(const PGresult *res, int tup_num, int field_num) { return libpq.PQgetlength(res, tup_num, field_num); }
PGTransactionStatusType PQtransactionStatus(const PGconn *conn) { return libpq.PQtransactionStatus(conn); }
void PQreset(PGconn *conn) { libpq.PQreset(conn); }
PGresult *PQprepare(PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes) {
    return libpq.PQprepare(conn, stmtName, query, nParams, paramTypes);
}
PGresult *PQexecPrepared(PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
                         const int *paramLengths, const int *paramFormats, int resultFormat) {
    return libpq.PQexecPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
ExecStatusType PQresultStatus(const PGresult *res) { return libpq.PQresultStatus(res); }
char *PQresultErrorMessage(const PGresult *res) { return libpq.PQresultErrorMessage(res); }
PQconninfoOption *PQconninfoParse(const char *conninfo, char **errmsg) { return libpq.PQconninfoParse(conninfo, errmsg); }
void PQfreemem(void *ptr) { libpq.PQfreemem(ptr); }
void PQconninfoFree(PQconninfoOption *connOptions) { libpq.PQconninfoFree(connOptions); }
char *PQcmdTuples(PGresult *res) { return libpq.PQcmdTuples(res); }
