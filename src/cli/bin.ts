import { setFlagsFromString } from 'node:v8';
import { main } from './main';

// V8 otherwise compiles the 1 MB PowerShell grammar with its optimising tier before the process may
// exit (about 7 s on 2 cores); its baseline tier parses a one-shot scan sooner.
// A function runs eight times as long as V8's default (66 KiB of its interrupt budget) before it is
// optimised: in a one-shot scan, compiling every function that got warm took a third of the CPU (the
// compiler's threads), and most of them ran little after. Only the CLI: the editor's process is shared.
setFlagsFromString('--liftoff-only --interrupt-budget=540672');

// `mfa-ready scan … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mfa-ready: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
