/* assert(): on failure print "file:line: function: Assertion `expr' failed."
 * and abort. Define NDEBUG to compile assertions out. (No include guard: the
 * meaning of assert follows NDEBUG at each inclusion, as in C.) */
#undef assert

#ifdef __cplusplus
extern "C" {
#endif

void __assert_fail(char const *expr, char const *file, unsigned line,
                   char const *function) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
  ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef static_assert
#define static_assert _Static_assert
#endif
