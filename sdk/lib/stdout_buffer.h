/* Line-buffered standard output. The buffer hands complete lines (or full
 * buffers) to a backend; the L4Re backend is stdout_vcon.c, tests supply
 * their own __stdout_backend_write. */
#ifndef SDK_STDOUT_BUFFER_H
#define SDK_STDOUT_BUFFER_H

/* Largest chunk ever passed to the backend: one vcon write message. */
#define STDOUT_BUFFER_SIZE 244

void __stdout_putc(char c);
void __stdout_flush(void);

/* Provided by the backend: write len (<= STDOUT_BUFFER_SIZE) bytes. */
void __stdout_backend_write(char const *buf, unsigned len);

#endif
