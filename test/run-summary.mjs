// Sums Vitest JSON reports into the closing line of `npm test`: "N passed, N failed[, N skipped]".
// Anything that went wrong without a failing test still counts as one failure, so the line
// never says "0 failed" about a broken run: a test file that failed to load or whose hook
// threw, a runner that crashed (no report) or exited non-zero with no failure in its report,
// and each failed set-up step.
// Usage: node test/run-summary.mjs [--setup-failures N] REPORT.json:EXIT_STATUS…
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
let failed = 0;
if (args[0] === '--setup-failures') {
  failed += Number(args[1]) || 0;
  args.splice(0, 2);
}
let passed = 0;
let skipped = 0;
for (const arg of args) {
  const colon = arg.lastIndexOf(':');
  const file = arg.slice(0, colon);
  const status = Number(arg.slice(colon + 1));
  let report = null;
  try {
    if (existsSync(file)) report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    report = null;
  }
  if (!report) {
    failed++; // the runner crashed before writing its report
    continue;
  }
  let failedHere = report.numFailedTests ?? 0;
  for (const suite of report.testResults ?? []) {
    const failing = (suite.assertionResults ?? []).some((a) => a.status === 'failed');
    if (suite.status === 'failed' && !failing) failedHere++;
  }
  if (status !== 0 && failedHere === 0) failedHere = 1; // e.g. an unhandled error between tests
  passed += report.numPassedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  failed += failedHere;
}
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed > 0 ? 1 : 0;
