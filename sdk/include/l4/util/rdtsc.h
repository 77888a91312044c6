/* The time-stamp counter (L4Re's l4util, l4/util/rdtsc.h, ia32). Here the
 * TSC counts retired instructions; the KIP's frequency_cpu says how many per
 * second, and l4_calibrate_tsc() turns that into the conversion scalers:
 *   ns = ((tsc * l4_scaler_tsc_to_ns) >> 32) << 5
 *   us =  (tsc * l4_scaler_tsc_to_us) >> 32
 *   tsc = ((ns * l4_scaler_ns_to_tsc) >> 32) << 5 */
#ifndef L4_UTIL_RDTSC_H
#define L4_UTIL_RDTSC_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>
#include <l4/sys/kip.h>

L4_BEGIN_DECLS

extern l4_uint32_t l4_scaler_tsc_to_ns;
extern l4_uint32_t l4_scaler_tsc_to_us;
extern l4_uint32_t l4_scaler_ns_to_tsc;
extern l4_uint32_t l4_scaler_tsc_linux;

/* Sets the scalers from the KIP's CPU frequency (once); returns
 * l4_scaler_tsc_linux, or 0 when the KIP gives no usable frequency. */
L4_CV l4_uint32_t l4_tsc_init(l4_kernel_info_t const *kip);

/* TSC ticks per second (0 before l4_calibrate_tsc). */
L4_CV l4_uint32_t l4_get_hz(void);

L4_INLINE l4_uint32_t l4_calibrate_tsc(l4_kernel_info_t const *kip) { return l4_tsc_init(kip); }

L4_INLINE l4_cpu_time_t
l4_rdtsc(void)
{
  l4_cpu_time_t v;
  __asm__ __volatile__("rdtsc" : "=A" (v));
  return v;
}

L4_INLINE l4_uint32_t
l4_rdtsc_32(void)
{
  l4_uint32_t v;
  __asm__ __volatile__("rdtsc" : "=a" (v) : : "edx");
  return v;
}

/* (x * scaler) >> 32, keeping the low 64 bits of the result. */
L4_INLINE l4_uint64_t
__l4_tsc_scale(l4_uint64_t x, l4_uint32_t scaler)
{
  l4_uint64_t lo = (x & 0xffffffffULL) * scaler;
  l4_uint64_t hi = (x >> 32) * scaler;
  return hi + (lo >> 32);
}

L4_INLINE l4_uint64_t l4_tsc_to_ns(l4_cpu_time_t tsc) { return __l4_tsc_scale(tsc, l4_scaler_tsc_to_ns) << 5; }
L4_INLINE l4_uint64_t l4_tsc_to_us(l4_cpu_time_t tsc) { return __l4_tsc_scale(tsc, l4_scaler_tsc_to_us); }
L4_INLINE l4_cpu_time_t l4_ns_to_tsc(l4_uint64_t ns) { return __l4_tsc_scale(ns, l4_scaler_ns_to_tsc) << 5; }

L4_INLINE void
l4_tsc_to_s_and_ns(l4_cpu_time_t tsc, l4_uint32_t *s, l4_uint32_t *ns)
{
  l4_uint64_t n = l4_tsc_to_ns(tsc);
  *s = (l4_uint32_t)(n / 1000000000ULL);
  *ns = (l4_uint32_t)(n % 1000000000ULL);
}

/* Spin (without blocking) for the given time. */
L4_INLINE void
l4_busy_wait_ns(l4_uint64_t ns)
{
  l4_cpu_time_t stop = l4_rdtsc() + l4_ns_to_tsc(ns);
  while (l4_rdtsc() < stop)
    ;
}

L4_INLINE void l4_busy_wait_us(l4_uint64_t us) { l4_busy_wait_ns(us * 1000ULL); }

L4_END_DECLS

#endif
