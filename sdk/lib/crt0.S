/* Program entry. The loader starts us with a SysV initial stack:
 *   [esp] = argc, argv[0..argc-1], 0, envp..., 0, auxv (type, value)..., 0
 * We hand that stack pointer to C (__l4_libc_start), which finds the L4Re
 * environment in the aux vector, runs main and exits. */
	.text
	.globl _start
	.type  _start, @function
_start:
	xor  %ebp, %ebp          /* outermost frame for debuggers' unwinders */
	mov  %esp, %eax
	and  $-16, %esp          /* SysV: 16-byte aligned at the call */
	sub  $12, %esp
	push %eax
	call __l4_libc_start
1:	hlt                      /* not reached: __l4_libc_start never returns */
	jmp  1b
	.size _start, . - _start

	.section .note.GNU-stack,"",@progbits
