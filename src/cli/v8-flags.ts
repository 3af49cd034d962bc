/**
 * V8's flags for the CLI, set as it starts (bin.ts). V8 otherwise compiles the 1 MB PowerShell grammar
 * with its optimising tier before the process may exit (about 7 s on 2 cores); its baseline tier parses
 * a one-shot scan sooner. A function runs eight times as long as V8's default (66 KiB of its interrupt
 * budget) before it is optimised: in a one-shot scan, compiling every function that got warm took a
 * third of the CPU (the compiler's threads), and most of them ran little after. Only the CLI: the
 * editor's process is shared with other extensions.
 */
export const CLI_V8_FLAGS = '--liftoff-only --interrupt-budget=540672';
