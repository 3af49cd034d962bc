// `npm run demo`: installs what is needed, builds the CLI and scans the bundled sample workspace.
import { ensureNodeModules, mustRun, run } from './lib.mjs';

await ensureNodeModules();
await mustRun(process.execPath, ['scripts/build.mjs']);
console.log('\n> mfa-ready scan examples\n');
const { code } = await run(process.execPath, ['dist/cli.js', 'scan', 'examples', '--fail-on', 'none']);
console.log('\nTry the fixes without writing anything:  node dist/cli.js fix examples --dry-run');
console.log('SARIF for code review and CI:            node dist/cli.js scan examples --format sarif');
process.exitCode = code;
