/* Addresses the kernel provides, as absolute symbols (spec section 1.1).
 * The kernel maps its system-call stub (`int $0x30; ret`) at 0xEACFF000. */
	.globl __l4sys_invoke_direct
	.set   __l4sys_invoke_direct, 0xEACFF000

/* Position-independent code calls through this word instead. */
	.data
	.balign 4
	.globl __l4sys_invoke_indirect
__l4sys_invoke_indirect:
	.long  __l4sys_invoke_direct

	.section .note.GNU-stack,"",@progbits
