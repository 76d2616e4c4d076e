// A Vitest reporter that prints the plain closing line CI reads: "N passed, N failed, N skipped".
// It counts what Vitest's own exit status counts, so the line can never say "0 failed" while the
// run failed: a test file that fails to load, an error in a hook outside any test, and an
// unhandled error or rejection each count as one failure. `npm test` takes its exit status from
// Vitest itself, never from this line.

/** @implements {import('vitest/node').Reporter} */
export default class SummaryReporter {
  /**
   * @param {ReadonlyArray<import('vitest/node').TestModule>} testModules
   * @param {ReadonlyArray<unknown>} unhandledErrors
   * @param {'passed' | 'interrupted' | 'failed'} reason
   */
  onTestRunEnd(testModules, unhandledErrors, reason) {
    let passed = 0;
    let failedTests = 0;
    let skipped = 0;
    let brokenFiles = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedTests++;
        else skipped++;
      }
      if (module.errors().length > 0) brokenFiles++;
    }
    const failed = failedTests + brokenFiles + unhandledErrors.length;
    const details = [];
    if (brokenFiles > 0) details.push(`${brokenFiles} test file(s) failed to load or failed in a hook`);
    if (unhandledErrors.length > 0) details.push(`${unhandledErrors.length} unhandled error(s)`);
    if (reason === 'interrupted') details.push('the run was interrupted');
    if (passed === 0 && failed === 0) details.push('no test ran');
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped${details.length ? ` (${details.join('; ')})` : ''}`);
    if (failed > 0 || passed === 0 || reason !== 'passed') process.exitCode = 1;
  }
}
