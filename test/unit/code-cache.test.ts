import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWithCodeCache } from '../../src/engine/code-cache';
import { tempTree } from './temp-tree';

/** Loads the bundle in a new Node process: V8 reuses what an isolate compiled before without asking a cache. */
function loadInNewProcess(file: string, cacheDir: string | undefined): { cache: string; greeting: string } {
  const script = `const { cache, exports } = require(${JSON.stringify(require.resolve('../../src/engine/code-cache'))}).loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
process.stdout.write(JSON.stringify({ cache, greeting: exports.greet('you') }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { cache: string; greeting: string };
}

// A bundle as esbuild writes one: CommonJS, requiring a builtin and a file beside it.
const BUNDLE = `"use strict";
const { join } = require("node:path");
const { greeting } = require("./beside.js");
module.exports = { where: join(__dirname, "x"), file: __filename, greet: (name) => greeting + ", " + name };
`;

describe('V8 code cache for the language bundles', () => {
  it('loads a bundle as require does, writes its cache once and reads it after', () => {
    const tree = tempTree({ 'dist/language-x.js': BUNDLE, 'dist/beside.js': 'exports.greeting = "hello";\n' });
    try {
      const file = join(tree.root, 'dist/language-x.js');
      const cacheDir = join(tree.root, 'cache');
      const expected = require(file) as { where: string; file: string; greet(name: string): string };
      const loaded = loadWithCodeCache(file, undefined).exports as typeof expected;
      assert.deepEqual([loaded.where, loaded.file, loaded.greet('you')], [expected.where, expected.file, 'hello, you']);
      // Each load in a process of its own, with the same V8 flags (a cache is rejected under others).
      assert.deepEqual(loadInNewProcess(file, cacheDir), { cache: 'written', greeting: 'hello, you' });
      assert.equal(readdirSync(cacheDir).length, 1);
      assert.deepEqual(loadInNewProcess(file, cacheDir), { cache: 'read', greeting: 'hello, you' });
    } finally {
      tree.dispose();
    }
  });

  it('keeps a cache per install: two installs of the same bundle do not take each other\'s away', () => {
    const tree = tempTree({ 'one/language-x.js': BUNDLE, 'one/beside.js': 'exports.greeting = "hello";\n' });
    try {
      cpSync(join(tree.root, 'one'), join(tree.root, 'two'), { recursive: true });
      const cacheDir = join(tree.root, 'cache');
      const [one, two] = ['one', 'two'].map((install) => join(tree.root, install, 'language-x.js'));
      assert.equal(loadInNewProcess(one, cacheDir).cache, 'written');
      assert.equal(loadInNewProcess(two, cacheDir).cache, 'written');
      assert.equal(loadInNewProcess(one, cacheDir).cache, 'read');
      assert.equal(loadInNewProcess(two, cacheDir).cache, 'read');
    } finally {
      tree.dispose();
    }
  });

  it('rewrites a cache V8 rejects, keeps one cache per bundle build, and loads without a cache it cannot write', () => {
    const tree = tempTree({ 'dist/language-x.js': BUNDLE, 'dist/beside.js': 'exports.greeting = "hi";\n', 'not-a-folder': '' });
    try {
      const file = join(tree.root, 'dist/language-x.js');
      const cacheDir = join(tree.root, 'cache');
      loadInNewProcess(file, cacheDir);
      const [cache] = readdirSync(cacheDir);
      writeFileSync(join(cacheDir, cache), Buffer.from('not a code cache'));
      assert.deepEqual(loadInNewProcess(file, cacheDir), { cache: 'written', greeting: 'hi, you' }, 'a corrupt cache is rejected and written again');
      assert.equal(loadInNewProcess(file, cacheDir).cache, 'read');

      // A new build of the same length and time (npm gives every file one fixed time): V8 checks only the length.
      const { atime, mtime } = statSync(file);
      writeFileSync(file, BUNDLE.replace('", "', '"; "'));
      utimesSync(file, atime, mtime);
      assert.deepEqual(loadInNewProcess(file, cacheDir), { cache: 'written', greeting: 'hi; you' }, 'a new build gets its own cache');
      assert.equal(readdirSync(cacheDir).length, 1, "the earlier build's cache is removed");
      assert.ok(!existsSync(join(cacheDir, cache)));

      assert.deepEqual(loadInNewProcess(file, join(tree.root, 'not-a-folder', 'cache')), { cache: 'unwritable', greeting: 'hi; you' });
      assert.deepEqual(loadInNewProcess(file, undefined), { cache: 'off', greeting: 'hi; you' });
    } finally {
      tree.dispose();
    }
  });
});
