/* sigma0's console: text goes to the kernel's log (capability 5) through
 * the Vcon write protocol, one line per message. */
#ifndef SIGMA0_LOG_H
#define SIGMA0_LOG_H

void log_str(char const *s);
void log_char(char c);
/* Lower-case hexadecimal without prefix (as L4::cout prints pointers). */
void log_hex(unsigned long v);
void log_dec(unsigned long v);

#endif
