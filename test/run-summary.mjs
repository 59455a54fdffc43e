// Sums Vitest JSON reports into the closing line of `npm test`: "N passed, N failed[, N skipped]".
// Anything that went wrong without a failing test still counts as one failure, so the line
// never says "0 failed" about a broken run: a test file that failed to load or whose hook
// threw, a runner that crashed (no report) or exited non-zero with no failure in its report,
// and each failed set-up step. Above that line it names each failure with the first lines of its
// message: CI keeps only the end of the output, and a failure it cannot name cannot be fixed.
// Usage: node test/run-summary.mjs [--setup-failures N] REPORT.json:EXIT_STATUS…
import { existsSync, readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const args = process.argv.slice(2);
let failed = 0;
if (args[0] === '--setup-failures') {
  failed += Number(args[1]) || 0;
  args.splice(0, 2);
}
let passed = 0;
let skipped = 0;
const named = [];
const MESSAGE_LINES = 6;
const plain = (text) => stripVTControlCharacters(String(text));
const firstLines = (messages) =>
  plain((messages ?? []).join('\n'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, MESSAGE_LINES)
    .map((line) => `    ${line}`);
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
    named.push(`${file}: no report (the runner crashed)`);
    continue;
  }
  let failedHere = report.numFailedTests ?? 0;
  for (const suite of report.testResults ?? []) {
    const where = plain(suite.name ?? '').replace(`${process.cwd()}/`, '');
    const failing = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const assertion of failing) {
      named.push(`FAILED ${where} > ${assertion.fullName ?? assertion.title}`, ...firstLines(assertion.failureMessages));
    }
    if (suite.status === 'failed' && failing.length === 0) {
      failedHere++;
      named.push(`FAILED ${where} (the file itself: loading or a hook)`, ...firstLines([suite.message]));
    }
  }
  if (status !== 0 && failedHere === 0) {
    failedHere = 1; // e.g. an unhandled error between tests
    named.push(`${file}: the runner exited with ${status} and no failing test (an error between tests?)`);
  }
  passed += report.numPassedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  failed += failedHere;
}
if (named.length > 0) process.stdout.write(`${named.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed > 0 ? 1 : 0;
