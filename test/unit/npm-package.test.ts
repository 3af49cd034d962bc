import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures';
import { MSAL_ROPC_TS, tempTree } from './temp-tree';

/**
 * What `npx mfa-ready` runs is the npm package, not the repository: packed as npm packs it and run
 * from there, it must find what the repository's build finds, also where only a worker can analyse.
 */
describe('the npm package (npm pack, run from the packed files)', function () {
  this.timeout(120_000);
  let unpacked: string;

  before(() => {
    unpacked = mkdtempSync(join(tmpdir(), 'mfa-ready-pack-'));
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', unpacked], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const [tarball] = readdirSync(unpacked).filter((name) => name.endsWith('.tgz'));
    assert.equal(spawnSync('tar', ['xzf', tarball], { cwd: unpacked }).status, 0);
  });
  after(() => rmSync(unpacked, { recursive: true, force: true }));

  it('holds the analysis worker: a module too deeply nested for the scanning thread is still analysed', () => {
    // A chain of 3,000 `+` is too deep for the main thread's parse; a worker of its own takes it.
    const chain = Array.from({ length: 3000 }, (_, i) => `"p${i}"`).join(' + ');
    const tree = tempTree({ 'deep.ts': `${MSAL_ROPC_TS}\nexport const big = ${chain};\n` });
    try {
      const run = spawnSync(process.execPath, [join(unpacked, 'package/dist/cli.js'), 'scan', '.', '--format', 'json'], { cwd: tree.root, encoding: 'utf8' });
      const report = JSON.parse(run.stdout);
      assert.deepEqual(report.notices, []);
      assert.ok(report.findings.some((finding: { ruleId: string }) => finding.ruleId === 'ts-msal-ropc'), run.stdout.slice(0, 2000));
      assert.equal(run.status, 1);
    } finally {
      tree.dispose();
    }
  });
});
