/* sigma0's first instructions. The kernel enters at the ELF entry point
 * with ESP = 0 and ECX = the physical address of the KIP (a loader that
 * passes the KIP on the stack instead leaves ECX = 0). There is no stack
 * yet: take our own, then call sigma0_main(kip), which never returns. */
	.globl __l4sys_invoke_direct
	.set   __l4sys_invoke_direct, 0xEACFF000   /* the kernel's syscall page */

	.text
	.globl _start
_start:
	test	%ecx, %ecx
	jne	1f
	popl	%ecx
1:
	leal	stack_top, %esp
	pushl	%ecx			/* keeps ESP 16-byte aligned at the call */
	pushl	%ecx
	pushl	%ecx
	pushl	%ecx			/* argument: the KIP */
	call	sigma0_main
2:	hlt				/* not reached; faults into the kernel */
	jmp	2b

	.bss
	.balign	16
	.space	4096
stack_top:

	.section .note.GNU-stack,"",@progbits
