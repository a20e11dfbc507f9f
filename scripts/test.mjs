// `npm test`: typecheck, lint, unit and component tests, then the browser (and, where its binary
// exists, Electron) end-to-end tests. Every stage runs and is reported even when an earlier one
// failed; the exit status is non-zero if any failed. At the end: one line per stage, the ten
// slowest tests (from the runners' JSON reports), and the summary line
// "tests: N passed, N failed, N skipped".
//
// The test stages run in a per-run temp root (GO_OFFLINE_TEST_ROOT: its own HOME and TMPDIR, see
// test/support/isolate.ts). After each one the run's TMPDIR must be empty: a folder left there is
// a test that did not clean up, and counts as a failure. Whether the real HOME's Go caches changed
// is reported too, as a note only: other programs on a shared machine may change them. A change
// to the machine's system folders (/var/lib/go-offline, /usr/local/go, /etc/profile.d, ...) fails
// the run: only a test that escaped its temp folders writes there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slowestTests, countReport, formatSeconds } from './test-report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const npx = (args) => [join(root, 'node_modules', '.bin', args[0]), ...args.slice(1)];

const stages = [
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  { name: 'unit and component tests', cmd: npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'unit.json')}`]), report: 'unit.json', isolated: true },
  { name: 'end-to-end tests', cmd: npx(['vitest', 'run', '-c', 'e2e/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'e2e.json')}`]), report: 'e2e.json', isolated: true },
];

// the real HOME's Go caches and our own folders: what a test must never write
const realHome = homedir();
const guarded = ['.cache/go-build', 'go', '.config/go', '.cache/go-offline', '.config/go-offline', '.local/state/go-offline', '.local/share/go-offline'].map((p) => join(realHome, p));
// the machine's own folders a system-scope install writes: no other program on a test machine
// writes our state or startup blocks there, so a change is a test that escaped its temp folders
// (a system-scope install without a temp prefix and GO_OFFLINE_SYSTEM_ROOT) and fails the run
const systemGuarded = ['/var/lib/go-offline', '/etc/go-offline', '/usr/local/go', '/usr/local/sdk', '/usr/local/go-versions', '/etc/profile.d', '/etc/profile', '/etc/bash.bashrc', '/etc/environment', '/etc/zsh/zprofile', '/etc/zsh/zshenv', '/etc/fish/conf.d'];
function snapshot(paths = guarded) {
  const s = {};
  for (const p of paths) {
    try {
      const st = statSync(p);
      let children = '';
      if (st.isDirectory()) children = readdirSync(p).sort().map((n) => `${n}:${statSync(join(p, n), { throwIfNoEntry: false })?.mtimeMs ?? 0}`).join(',');
      s[p] = `${st.mtimeMs}|${children}`;
    } catch {
      s[p] = 'absent';
    }
  }
  return s;
}

function removeTree(p) {
  // Go's module cache is read-only: make it writable first
  spawnSync('chmod', ['-R', 'u+w', p], { stdio: 'ignore' });
  rmSync(p, { recursive: true, force: true });
}

// tools' own caches, kept in TMPDIR by design: jiti (TypeScript config loader) and tsx (TypeScript
// runner of test children and bench scripts: `tsx-<uid>`)
const isToolCache = (n) => n === 'jiti' || /^tsx-\d+$/.test(n);
const runRoot = mkdtempSync(join(tmpdir(), 'gooff-test-run-'));
const runTmp = join(runRoot, 'tmp');
const isolatedEnv = { ...process.env, GO_OFFLINE_TEST_ROOT: runRoot, HOME: join(runRoot, 'home'), TMPDIR: runTmp };

const only = process.argv.slice(2);
const before = snapshot();
const systemBefore = snapshot(systemGuarded);
const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;
const slow = [];
for (const stage of stages) {
  if (only.length && !only.some((o) => stage.name.startsWith(o))) continue;
  if (stage.report) rmSync(join(reports, stage.report), { force: true });
  if (stage.isolated) {
    mkdirSync(runTmp, { recursive: true });
    mkdirSync(isolatedEnv.HOME, { recursive: true });
  }
  console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  const r = spawnSync(stage.cmd[0], stage.cmd.slice(1), { cwd: root, stdio: 'inherit', env: stage.isolated ? isolatedEnv : process.env });
  const seconds = (Date.now() - started) / 1000;
  const problems = [];
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (stage.report && existsSync(join(reports, stage.report))) {
    const j = JSON.parse(readFileSync(join(reports, stage.report), 'utf8'));
    counts = countReport(j);
    slow.push(...slowestTests(j, root, 10));
  } else if (stage.report) {
    problems.push('wrote no report');
  }
  if (r.status !== 0) problems.push(r.signal ? `stopped by ${r.signal}` : `exit status ${r.status}`);
  // a failed typecheck or lint, or a runner that failed outside any single test (an unhandled
  // error, a file that did not load), still counts as one failure
  if (problems.length && counts.failed === 0) counts.failed = 1;
  if (stage.isolated) {
    const left = existsSync(runTmp) ? readdirSync(runTmp).filter((n) => !isToolCache(n)) : [];
    if (left.length) {
      problems.push(`left ${left.length} temp ${left.length === 1 ? 'entry' : 'entries'} behind: ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}`);
      counts.failed += 1;
    }
    removeTree(runTmp);
  }
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  results.push({ name: stage.name, ok: problems.length === 0, seconds, problems });
}
removeTree(runRoot);

const after = snapshot();
const changed = guarded.filter((p) => before[p] !== after[p]);
const systemAfter = snapshot(systemGuarded);
const systemChanged = systemGuarded.filter((p) => systemBefore[p] !== systemAfter[p]);
if (systemChanged.length) {
  failed += 1;
  results.push({ name: "the machine's system folders", ok: false, seconds: 0, problems: [`changed during the run (a test wrote outside its temp folders): ${systemChanged.join(', ')}`] });
}

console.log('\n=== summary ===');
for (const s of results) console.log(`${s.ok ? 'passed' : 'FAILED'}  ${s.name} (${formatSeconds(s.seconds)})${s.problems.length ? ': ' + s.problems.join('; ') : ''}`);
if (changed.length) console.log(`note: changed during the run (by a test, or by another program on this machine): ${changed.map((p) => relative(realHome, p) || p).join(', ')} in ${realHome}`);
else console.log(`the real HOME's Go caches and our own folders in ${realHome} did not change`);
if (slow.length) {
  console.log('\nslowest tests:');
  for (const t of slow.sort((a, b) => b.ms - a.ms).slice(0, 10)) console.log(`  ${formatSeconds(t.ms / 1000).padStart(7)}  ${t.file} > ${t.name}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(results.every((s) => s.ok) ? 0 : 1);
