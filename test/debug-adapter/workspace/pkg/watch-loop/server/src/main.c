/* SIMD registers with known values, a long loop, then one write of `target`: with a data breakpoint on `target` the
 * program must still run at full speed and stop right after that write. */
#include <stdio.h>

volatile unsigned counter;
volatile unsigned target;
/* Loaded into xmm1 and mm2 so that the Registers view has known SIMD values. */
static const unsigned simd_pattern[4] = { 0x3f800000, 0x40000000, 0x11223344, 0x55667788 };

int main(void)
{
  unsigned i;
  __asm__ volatile("movups %0, %%xmm1\n\tmovq %1, %%mm2\n\temms"
                   : : "m"(simd_pattern), "m"(simd_pattern[2]));
  for (i = 0; i < 2000000; i++)
    counter++;
  target = counter / 1000;
  printf("target %u\n", target);
  return 0;
}
