// Mocha-style report of the harness's results JSON, shared by both runners. The last line is
// exactly "N passed, N failed" (what CI reads).

export function failureResult(title, err) {
  const test = { title, fullTitle: `[runner] ${title}`, state: 'failed', durationMs: 0, error: { message: err.message, stack: err.stack } };
  return { tests: [test], passed: 0, failed: 1, pending: 0 };
}

export function printReport(results) {
  console.log('');
  for (const t of results.tests) {
    const duration = t.durationMs > 75 ? ` (${t.durationMs}ms)` : '';
    if (t.state === 'passed') console.log(`  ✓ ${t.fullTitle}${duration}`);
    else if (t.state === 'pending') console.log(`  - ${t.fullTitle}`);
    else console.log(`  ✗ ${t.fullTitle}\n${indent(t.error?.stack || t.error?.message || 'failed', 6)}`);
  }
  console.log('');
  const pending = results.tests.filter((t) => t.state === 'pending').length;
  if (pending) console.log(`${pending} pending`);
  if (results.tests.length === 0) console.log('no tests ran');
  console.log(`${results.passed} passed, ${results.failed} failed`);
}

export function isFailure(results) {
  return results.failed > 0 || results.tests.length === 0;
}

function indent(text, n) {
  return text.split('\n').slice(0, 15).map((l) => ' '.repeat(n) + l).join('\n');
}
