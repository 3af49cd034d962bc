// Preloaded into the benchmark's Node children: reports the process's peak resident set size on exit.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nBENCH_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
