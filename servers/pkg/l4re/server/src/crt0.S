/* l4re's entry. moe (or ned) starts l4re's thread at the ELF entry with ESP on the initial stack it built:
 * argc, argv[], 0, envp[], 0, then the aux vector (AT_L4_AUX, AT_L4_ENV, AT_L4_KIP, ...). That stack,
 * in moe's [stack] region, stays l4re's own stack. */
	.globl __l4sys_invoke_direct
	.set   __l4sys_invoke_direct, 0xeacff000   /* the kernel's syscall page */

	.text
	.globl _start
	.type  _start, @function
_start:
	mov	%esp, %eax
	xor	%ebp, %ebp		/* outermost frame for debuggers' unwinders */
	and	$~15, %esp
	sub	$12, %esp
	push	%eax			/* argument: the initial stack */
	call	l4re_main
1:	hlt				/* not reached: l4re serves forever */
	jmp	1b
	.size _start, . - _start

	.section .note.GNU-stack,"",@progbits
