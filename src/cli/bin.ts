import { setFlagsFromString } from 'node:v8';
import { main } from './main';
import { CLI_V8_FLAGS } from './v8-flags';

setFlagsFromString(CLI_V8_FLAGS);

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
