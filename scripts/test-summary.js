// Prints one closing line for the whole test suite ("N passed, N failed") from the JSON reports
// that vitest (reports/unit.json) and Playwright (reports/e2e.json) write.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const unit = read('reports/unit.json');
if (unit) {
	passed += unit.numPassedTests;
	failed += unit.numFailedTests;
	skipped += unit.numPendingTests + unit.numTodoTests;
}
const e2e = read('reports/e2e.json');
if (e2e) {
	passed += e2e.stats.expected + e2e.stats.flaky;
	failed += e2e.stats.unexpected;
	skipped += e2e.stats.skipped;
}
if (!unit || !e2e) failed += 1; // a suite that did not run counts as a failure
console.log(`unit: ${unit ? 'ran' : 'did not run'}; e2e: ${e2e ? 'ran' : 'did not run'}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
