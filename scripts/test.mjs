// `npm test`: typecheck, lint, unit and component tests, then the browser (and, where its binary
// exists, Electron) end-to-end tests. Stops at the first failing stage and ends with one summary
// line "tests: N passed, N failed, N skipped" counted from the test runners' JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const npx = (args) => [join(root, 'node_modules', '.bin', args[0]), ...args.slice(1)];

const stages = [
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  { name: 'unit and component tests', cmd: npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'unit.json')}`]), report: 'unit.json' },
  { name: 'end-to-end tests', cmd: npx(['vitest', 'run', '-c', 'e2e/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'e2e.json')}`]), report: 'e2e.json' },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let stageFailed = null;
for (const stage of stages) {
  if (only.length && !only.some((o) => stage.name.startsWith(o))) continue;
  if (stage.report) rmSync(join(reports, stage.report), { force: true });
  console.log(`\n=== ${stage.name} ===`);
  const r = spawnSync(stage.cmd[0], stage.cmd.slice(1), { cwd: root, stdio: 'inherit', env: process.env });
  if (stage.report && existsSync(join(reports, stage.report))) {
    const j = JSON.parse(readFileSync(join(reports, stage.report), 'utf8'));
    passed += j.numPassedTests ?? 0;
    failed += j.numFailedTests ?? 0;
    skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  }
  if (r.status !== 0) {
    stageFailed = stage.name;
    // a failed typecheck or lint, or a runner that failed outside any single test (an unhandled
    // error, a file that did not load), still counts as a failure in the summary
    if (!stage.report || failed === 0) failed += 1;
    break;
  }
}
if (stageFailed) console.log(`\nnpm test: stage "${stageFailed}" failed`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(stageFailed ? 1 : 0);
