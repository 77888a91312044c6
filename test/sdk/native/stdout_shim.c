/* Native test shim: runs an SDK-libc program on Linux. stdout chunks go to
 * fd 1 and their sizes are logged to fd 2 as "[chunk 0x..]". Link with
 * -e shim_start. */
#include "linux_syscalls.h"

int main(void);
void __stdout_flush(void);

void
__stdout_backend_write(char const *buf, unsigned len)
{
  lx_write(1, buf, len);
  lx_puts2("[chunk ");
  lx_hex(2, len);
  lx_puts2("]\n");
}

void
shim_main(void)
{
  int r = main();
  __stdout_flush();
  lx_exit(r);
}

__asm__(
    ".globl shim_start\n"
    "shim_start:\n"
    "  and  $-16, %esp\n"
    "  call shim_main\n");
