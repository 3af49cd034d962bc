const { analyze } = require('./out/src/engine/analyze');
const { applyEdits } = require('./out/src/engine/edits');
const { DEFAULT_FIX_SETTINGS } = require('./out/src/engine/fix-settings');
const fs = require('fs');
(async () => {
  const text = fs.readFileSync(process.argv[2], 'utf8');
  const { findings } = await analyze(process.argv[2], text, 'powershell', DEFAULT_FIX_SETTINGS);
  const f = findings[0];
  fs.writeFileSync('/tmp/s34/p/fixed0.ps1', applyEdits(text, f.fixes[0].edits));
  console.log(f.fixes.map((x) => x.title));
})();
