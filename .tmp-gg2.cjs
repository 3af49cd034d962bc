const { powerShellParser } = require('./out/src/languages/powershell/parser.js');
const { withStandInsForGrammarGaps } = require('./out/src/languages/powershell/grammar-gaps.js');
const fs = require('fs');
(async () => {
  const p = await powerShellParser();
  let text = fs.readFileSync(process.argv[2], 'utf8');
  for (let r = 0; r < 4; r++) {
    const t = p.parse(text);
    if (!t.rootNode.hasError) { console.log('round', r, 'clean'); break; }
    const next = withStandInsForGrammarGaps(text, t);
    console.log('round', r, JSON.stringify(next));
    if (next === text) break;
    text = next;
  }
})();
