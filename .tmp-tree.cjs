const { powerShellParser } = require('./out/src/languages/powershell/parser.js');
(async () => {
  const p = await powerShellParser();
  const t = p.parse(process.argv[2]);
  const walk = (n, d) => { console.log(' '.repeat(d) + n.type + (n.isMissing ? ' MISSING' : '') + ' ' + n.startIndex + '-' + n.endIndex + ' ' + JSON.stringify(n.text.slice(0, 40))); for (const c of n.children) walk(c, d + 1); };
  walk(t.rootNode, 0);
})();
