#ifndef SIGMA0_SUPPORT_H
#define SIGMA0_SUPPORT_H

void *memcpy(void *dst, void const *src, unsigned long n);
void *memset(void *dst, int c, unsigned long n);

#endif
