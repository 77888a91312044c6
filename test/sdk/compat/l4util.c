/* L4Re's l4util: sleeping, the time-stamp counter, atomic operations, bit
 * operations and KIP helpers. */
#include <l4/util/util.h>
#include <l4/util/rdtsc.h>
#include <l4/util/atomic.h>
#include <l4/util/bitops.h>
#include <l4/util/kip.h>
#include <l4/re/env.h>
#include <stdio.h>

static int failures;

static void check(char const *what, int ok)
{
  if (!ok)
    {
      printf("FAIL: %s\n", what);
      ++failures;
    }
}

int main(void)
{
  l4_kernel_info_t const *kip = l4re_kip();
  volatile l4_umword_t word = 5;
  volatile l4_uint32_t counter = 10;
  volatile long total = 0;
  l4_umword_t bits[2] = { 0, 0 };
  l4_cpu_time_t clock0, clock1, tsc0, tsc1;
  l4_uint32_t s, ns;

  /* Atomic operations. */
  check("cmpxchg succeeds on the expected value", l4util_cmpxchg(&word, 5, 7) == 1 && word == 7);
  check("cmpxchg fails on another value", l4util_cmpxchg(&word, 5, 9) == 0 && word == 7);
  check("xchg returns the old value", l4util_xchg(&word, 3) == 7 && word == 3);
  l4util_inc32(&counter);
  l4util_add32(&counter, 5);
  check("inc and add", counter == 16);
  check("dec32_res returns the new value", l4util_dec32_res(&counter) == 15);
  check("and32_res", l4util_and32_res(&counter, 0xc) == 0xc);
  l4util_atomic_add(&total, 40);
  l4util_atomic_inc(&total);
  check("atomic_add and atomic_inc", total == 41);

  /* Bit operations. */
  l4util_set_bit(3, bits);
  l4util_set_bit(35, bits);
  check("set_bit sets bit 3 of word 0 and bit 3 of word 1", bits[0] == 8 && bits[1] == 8);
  check("test_bit", l4util_test_bit(35, bits) && !l4util_test_bit(34, bits));
  check("bts returns the old bit", l4util_bts(3, bits) == 1 && l4util_bts(4, bits) == 0);
  check("btr clears", l4util_btr(4, bits) == 1 && !l4util_test_bit(4, bits));
  l4util_clear_bit(3, bits);
  check("find_first_set_bit", l4util_find_first_set_bit(bits, 64) == 35);
  check("find_first_zero_bit", l4util_find_first_zero_bit(bits, 64) == 0);
  check("bsr and bsf", l4util_bsr(0x90) == 7 && l4util_bsf(0x90) == 4);
  check("next_power2", l4util_next_power2(33) == 64 && l4util_next_power2(64) == 64);

  /* The time-stamp counter against the kernel clock. */
  check("the TSC calibrates from the KIP", l4_calibrate_tsc(kip) != 0);
  check("l4_get_hz is the KIP frequency", l4_get_hz() / 1000 >= kip->frequency_cpu - 1
                                             && l4_get_hz() / 1000 <= kip->frequency_cpu + 1);
  clock0 = l4_kip_clock(kip);
  tsc0 = l4_rdtsc();
  l4_busy_wait_us(2000);
  tsc1 = l4_rdtsc();
  clock1 = l4_kip_clock(kip);
  /* The scalers round down, as in L4Re: a conversion may lose a few units. */
  check("busy waiting 2 ms takes 2 ms of TSC time", l4_tsc_to_us(tsc1 - tsc0) >= 1990);
  check("and about as long on the kernel clock", clock1 - clock0 >= 1900 && clock1 - clock0 < 4000);
  l4_tsc_to_s_and_ns(l4_ns_to_tsc(3500000000ULL), &s, &ns);
  check("tsc_to_s_and_ns splits seconds", s == 3 && ns > 499990000 && ns <= 500000000);

  /* Sleeping. */
  clock0 = l4_kip_clock(kip);
  l4_sleep(20);
  clock1 = l4_kip_clock(kip);
  check("l4_sleep(20) sleeps 20 ms", clock1 - clock0 >= 20000 && clock1 - clock0 < 25000);
  clock0 = l4_kip_clock(kip);
  l4_usleep(1500);
  clock1 = l4_kip_clock(kip);
  check("l4_usleep(1500) sleeps 1.5 ms", clock1 - clock0 >= 1500 && clock1 - clock0 < 3000);
  check("l4util_micros2l4to encodes the time", l4_timeout_rel_get(l4util_micros2l4to(1000)) >= 1000);

  /* KIP helpers. */
  check("no such feature", !l4util_kip_kernel_has_feature(kip, "no-such-feature"));
  printf("abi version: %lu\n", l4util_kip_kernel_abi_version(kip));

  printf("l4util: %s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
