/* moe's entry. The kernel starts the root task with SP = 0 (std_workload.cpp: create_boot_task), so the
 * first thing is a stack of our own, in .bss; sigma0 pages it in 1:1 on first touch. */
	/* The kernel's system-call page (boot-interface.md): every IPC is `call __l4sys_invoke_direct`. */
	.globl __l4sys_invoke_direct
	.set   __l4sys_invoke_direct, 0xeacff000

	.text
	.globl _start
	.type  _start, @function
_start:
	mov  $moe_stack_top, %esp
	xor  %ebp, %ebp            /* outermost frame for debuggers' unwinders */
	call main
1:	hlt                        /* not reached: main serves forever */
	jmp  1b
	.size _start, . - _start

	.bss
	.align 16
	.globl moe_stack_bottom
moe_stack_bottom:
	.space 0x4000              /* 16 KiB, as the real moe's crt0 */
moe_stack_top:

	.section .note.GNU-stack,"",@progbits
