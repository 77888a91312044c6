/* The TSC scalers of <l4/util/rdtsc.h>, computed from the KIP's CPU
 * frequency as L4Re's l4util does. */
#include <l4/util/rdtsc.h>

l4_uint32_t l4_scaler_tsc_to_ns;
l4_uint32_t l4_scaler_tsc_to_us;
l4_uint32_t l4_scaler_ns_to_tsc;
l4_uint32_t l4_scaler_tsc_linux;

/* a * mul / div with a 64-bit intermediate. */
static l4_uint32_t
muldiv(l4_uint32_t a, l4_uint32_t mul, l4_uint32_t div)
{
  return (l4_uint32_t)((l4_uint64_t)a * mul / div);
}

L4_CV l4_uint32_t
l4_tsc_init(l4_kernel_info_t const *kip)
{
  if (!l4_scaler_tsc_linux)
    {
      /* frequency_cpu is in kHz; beyond 50 GHz it cannot be right. */
      if (!kip || !kip->frequency_cpu || kip->frequency_cpu >= 50000000)
        return 0;
      l4_uint32_t khz = (l4_uint32_t)kip->frequency_cpu;
      l4_scaler_tsc_linux = muldiv(1U << 30, 4000, khz);     /* 2^32 * 10^6 / Hz */
      l4_scaler_ns_to_tsc = muldiv(1U << 27, khz, 1000000);  /* 2^32 * Hz / (32 * 10^9) */
      l4_scaler_tsc_to_ns = muldiv(l4_scaler_tsc_linux, 1000, 1U << 5);
      l4_scaler_tsc_to_us = l4_scaler_tsc_linux;
    }
  return l4_scaler_tsc_linux;
}

L4_CV l4_uint32_t
l4_get_hz(void)
{
  return l4_scaler_tsc_to_ns ? (l4_uint32_t)l4_ns_to_tsc(1000000000ULL) : 0;
}
