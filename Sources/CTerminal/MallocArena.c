#include "CTerminal.h"

#if defined(__linux__)
#include <malloc.h>
#endif

void parley_use_one_malloc_arena(void) {
    // __GLIBC__ is known only once a C library header is in.
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
    mallopt(M_ARENA_MAX, 1);
#endif
}
