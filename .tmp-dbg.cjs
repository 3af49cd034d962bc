const { powerShellParser } = require('./out/src/languages/powershell/parser.js');
const gg = require('./out/src/languages/powershell/grammar-gaps.js');
(async () => {
  const p = await powerShellParser();
  const text = require('fs').readFileSync(process.argv[2], 'utf8');
  const t = p.parse(text);
  const re = /(?:[ \t]\}|(?<=\})[ \t]+)(?=\r?\n[ \t]*else(?:if)?\b)/gi;
  let m; while ((m = re.exec(text))) { const at = text.toLowerCase().indexOf('else', m.index + m[0].length); const n = t.rootNode.descendantForIndex(at); let chain=[]; for (let x=n; x; x=x.parent) chain.push(x.type); console.log(m.index, JSON.stringify(m[0]), at, chain.join('<')); }
})();
