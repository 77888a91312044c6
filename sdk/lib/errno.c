/* The C library's error number: one per thread, kept in a TCR user word of
 * the thread's UTCB, so it works for pthreads and for threads a program
 * starts by hand alike. */
#include <errno.h>
#include <l4/sys/utcb.h>
#include "tcr_user_words.h"

int *
__errno_location(void)
{
  return (int *)&l4_utcb_tcr()->user[TCR_USER_ERRNO];
}
