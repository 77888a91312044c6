/* CRC-32 (table driven and bitwise) and Adler-32 over a generated buffer. */
#include "runtime.h"
static u32 table[256];
static u8 buf[1 << 16];
int main(void) {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  u32 x = 1;
  for (int i = 0; i < (1 << 16); i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; buf[i] = (u8)x; }
  u32 h = 0;
  for (int rep = 0; rep < 120; rep++) {
    u32 crc = 0xffffffffu;
    for (int i = 0; i < (1 << 16); i++) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
    h ^= ~crc + (u32)rep;
    buf[rep] ^= 0x5a;
  }
  u32 crc = 0xffffffffu;
  for (int i = 0; i < 8192; i++) { crc ^= buf[i]; for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1)); }
  u32 a = 1, b = 0;
  for (int rep = 0; rep < 4; rep++) for (int i = 0; i < (1 << 16); i++) { a = (a + buf[i]) % 65521; b = (b + a) % 65521; }
  put_result("crc32", h ^ ~crc ^ ((b << 16) | a));
  return 0;
}
