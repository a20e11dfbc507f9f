/**
 * The journal of one operation on a prefix (`<prefix>/.go-offline-journal.json`), the atomic swap,
 * and the test hook at every step.
 *
 * Every rename is journaled (written, synced, renamed into place) before it is done, so a run
 * killed at any point can be undone (or, past its commit point, finished) by the next command.
 * A tree replaces another in ONE step where the system allows it: on Linux `renameat2` with
 * RENAME_EXCHANGE swaps the two names atomically (Node has no binding: Perl's `syscall`, present on
 * every Debian/Ubuntu/RHEL system, makes the call with the paths as arguments, no shell), so a
 * login shell always finds either the old or the new `go`. Elsewhere (or on a filesystem that
 * refuses it) the old tree is moved aside and the new one moved in: two renames, journaled.
 */
import { writeSync, openSync, closeSync } from 'node:fs';
import { copyFile, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstallScope } from '../../../shared/install';
import { run } from '../exec';

export const JOURNAL = '.go-offline-journal.json';

export type JournalStep = { from: string; to: string } | { exchange: [string, string]; ino: number };

export interface Journal {
  txn: string;
  pid: number;
  op: 'install' | 'rollback' | 'uninstall' | 'use';
  scope: InstallScope;
  goroot: string;
  /** renames and exchanges done (or about to be done), in order */
  moves: JournalStep[];
  /** files as they were before the environment step: a copy, or null when absent */
  snapshots: Array<{ path: string; copy: string | null }>;
  /** what to remove once the operation is committed (finished by recovery if killed after) */
  cleanup?: string[];
}

const exists = (p: string) => lstat(p).then(() => true, () => false);

/**
 * Test hook: the engine calls `stepPoint(op, label)` at every point where a kill matters (each journal
 * write, rename, exchange, state write and cleanup). With GO_OFFLINE_TEST_STEPS_FILE set, each
 * point is appended to that file as `<op>:<n>:<label>`; with GO_OFFLINE_TEST_KILL_AT=<op>:<n>, the
 * process SIGKILLs itself there. Counting is per operation (install, rollback, uninstall).
 */
const counters = new Map<string, number>();
/** tests in this process: called at every step point (may pause the operation there) */
export const testHooks: { onStep?: (op: string, label: string) => void | Promise<void> } = {};
export async function stepPoint(op: string, label: string): Promise<void> {
  if (testHooks.onStep) await testHooks.onStep(op, label);
  const file = process.env.GO_OFFLINE_TEST_STEPS_FILE;
  const killAt = process.env.GO_OFFLINE_TEST_KILL_AT;
  if (!file && !killAt) return;
  const n = (counters.get(op) ?? 0) + 1;
  counters.set(op, n);
  const id = `${op}:${n}`;
  if (file) {
    const fd = openSync(file, 'a');
    try {
      writeSync(fd, `${id}:${label}\n`);
    } finally {
      closeSync(fd);
    }
  }
  if (killAt === id) process.kill(process.pid, 'SIGKILL');
}

export async function writeJournal(prefix: string, j: Journal): Promise<void> {
  const p = join(prefix, JOURNAL);
  const tmp = `${p}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(j));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await stepPoint(j.op, 'journal written');
  await rename(tmp, p);
  await stepPoint(j.op, 'journal in place');
}

export async function move(prefix: string, j: Journal, from: string, to: string): Promise<void> {
  j.moves.push({ from, to });
  await writeJournal(prefix, j);
  await rename(from, to);
  await stepPoint(j.op, `renamed ${from} -> ${to}`);
}

const EXCHANGE_SYSCALL: Partial<Record<string, number>> = { x64: 316, arm64: 276, ia32: 353, arm: 382, riscv64: 276, ppc64: 357, s390x: 347, loong64: 276 };
const PERL_EXCHANGE = 'my ($a, $b, $n) = @ARGV; my $r = syscall($n, -100, $a, -100, $b, 2); exit 0 if $r == 0; print STDERR "$!\\n"; exit 1';
let exchangeWorks: boolean | null = null;

/** Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE). False when this system cannot. */
export async function exchangePaths(a: string, b: string): Promise<boolean> {
  const nr = EXCHANGE_SYSCALL[process.arch];
  if (process.platform !== 'linux' || nr === undefined || exchangeWorks === false || process.env.GO_OFFLINE_NO_EXCHANGE) return false;
  const r = await run('perl', ['-e', PERL_EXCHANGE, a, b, String(nr)], { timeoutMs: 30_000, env: { PATH: process.env.PATH, LC_ALL: 'C' } });
  if (r.code === 0) {
    exchangeWorks = true;
    return true;
  }
  if (r.spawnError) exchangeWorks = false; // no perl
  const why = r.stderr.trim();
  // not supported here (old kernel, filesystem): fall back; anything else is a real error
  if (r.spawnError || /Invalid argument|Function not implemented|Operation not supported|not supported/i.test(why)) return false;
  throw Object.assign(new Error(`exchanging ${a} and ${b} failed: ${why}`), { code: /Permission denied/.test(why) ? 'EACCES' : /No space/.test(why) ? 'ENOSPC' : 'EEXCHANGE', path: b });
}

/**
 * Put `fresh` at `target` and what was at `target` at `aside`, with no moment where `target` is
 * missing when the system allows it (exchange, then the old tree renamed aside).
 */
export async function swapInto(prefix: string, j: Journal, fresh: string, target: string, aside: string): Promise<void> {
  if (!(await exists(target))) {
    await move(prefix, j, fresh, target);
    return;
  }
  const ino = (await lstat(fresh)).ino;
  j.moves.push({ exchange: [fresh, target], ino });
  await writeJournal(prefix, j);
  if (await exchangePaths(fresh, target)) {
    await stepPoint(j.op, `exchanged ${fresh} <-> ${target}`);
    await move(prefix, j, fresh, aside); // the old tree, now under the fresh name
    return;
  }
  // no atomic exchange here: two journaled renames
  j.moves.pop();
  await move(prefix, j, target, aside);
  await move(prefix, j, fresh, target);
}

/** Undo a journal: renames and exchanges in reverse, then the environment files from their snapshots. */
export async function undoJournal(j: Journal): Promise<void> {
  for (const m of [...j.moves].reverse()) {
    if ('exchange' in m) {
      const [a, b] = m.exchange;
      const at = await lstat(b).catch(() => null);
      // done if the fresh tree (its inode) is now at the target: exchange back
      if (at && at.ino === m.ino && (await exists(a))) {
        if (!(await exchangePaths(a, b))) throw new Error(`cannot undo the exchange of ${a} and ${b} on this system`);
      }
      continue;
    }
    if ((await exists(m.to)) && !(await exists(m.from))) await rename(m.to, m.from);
  }
  for (const s of j.snapshots) {
    if (s.copy) {
      await copyFile(s.copy, s.path).catch(() => {});
    } else {
      await rm(s.path, { force: true }).catch(() => {});
    }
  }
}

/** Finish a committed journal: remove what it listed for removal. */
export async function finishJournal(j: Journal): Promise<void> {
  for (const p of j.cleanup ?? []) {
    await rm(p, { recursive: true, force: true });
    await stepPoint(j.op, `removed ${p}`);
  }
}

/** Copy files as they are now into the journal (before the environment step or a wrapper write). */
export async function snapshot(j: Journal, prefix: string, paths: string[], dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [i, p] of paths.entries()) {
    if (j.snapshots.some((s) => s.path === p)) continue;
    const st = await lstat(p).catch(() => null);
    let copy: string | null = null;
    if (st?.isFile()) {
      copy = join(dir, String(i));
      await copyFile(p, copy);
    } else if (st) continue; // links and others: not ours to snapshot
    j.snapshots.push({ path: p, copy });
  }
  await writeJournal(prefix, j);
}
