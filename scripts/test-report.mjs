// Pure helpers for scripts/test.mjs over vitest's JSON report (the jest-compatible shape).
import { relative } from 'node:path';

/** passed / failed / skipped (skipped = pending + todo), as the runner counted them. */
export function countReport(j) {
  return { passed: j.numPassedTests ?? 0, failed: j.numFailedTests ?? 0, skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0) };
}

/** The `n` slowest tests of a report: { ms, file (relative to root), name }, slowest first. */
export function slowestTests(j, root, n = 10) {
  const all = [];
  for (const file of j.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (typeof a.duration !== 'number') continue;
      all.push({ ms: a.duration, file: relative(root, file.name ?? ''), name: a.fullName || a.title || '' });
    }
  }
  return all.sort((a, b) => b.ms - a.ms).slice(0, n);
}

/** 4.2 s, 1 min 05 s */
export function formatSeconds(s) {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}
