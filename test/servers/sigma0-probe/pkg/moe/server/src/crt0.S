/* The kernel starts the root task with ESP = 0: take a stack, run probe(). */
	.globl __l4sys_invoke_direct
	.set   __l4sys_invoke_direct, 0xEACFF000

	.text
	.globl _start
_start:
	leal	stack_top, %esp
	call	probe
1:	jmp	1b

	.bss
	.balign	16
	.space	8192
stack_top:

	.section .note.GNU-stack,"",@progbits
