import { describe, it, expect } from 'vitest';
import { countReport, formatSeconds, slowestTests } from './test-report.mjs';

const report = {
  numPassedTests: 3,
  numFailedTests: 1,
  numPendingTests: 1,
  numTodoTests: 2,
  testResults: [
    { name: '/repo/a.test.ts', assertionResults: [{ fullName: 'a fast', duration: 5 }, { fullName: 'a slow', duration: 9000 }, { fullName: 'a skipped' }] },
    { name: '/repo/sub/b.test.ts', assertionResults: [{ fullName: 'b middle', duration: 700 }, { title: 'b only title', duration: 40 }] },
  ],
};

describe('test report helpers', () => {
  it('counts skipped as pending plus todo', () => expect(countReport(report)).toEqual({ passed: 3, failed: 1, skipped: 3 }));
  it('lists the slowest tests first, across files, with paths relative to the repo', () => {
    expect(slowestTests(report, '/repo', 3)).toEqual([
      { ms: 9000, file: 'a.test.ts', name: 'a slow' },
      { ms: 700, file: 'sub/b.test.ts', name: 'b middle' },
      { ms: 40, file: 'sub/b.test.ts', name: 'b only title' },
    ]);
  });
  it('formats durations', () => {
    expect(formatSeconds(4.21)).toBe('4.2 s');
    expect(formatSeconds(65)).toBe('1 min 05 s');
  });
});
