/**
 * One journaled transaction on a prefix, from the lock to the audit line: the one place that
 * owns the commit point's order (install, a side-by-side install, rollback, uninstall, a
 * side-by-side version's uninstall and `use` go through it; the kill sweeps in kill-sweep.test.ts
 * and versions.test.ts hold it to it).
 *
 *   lock → step `locked` → recovery of the prefix (its actions to the audit log) → the caller's
 *   work (it writes the journal before its first change, journals every rename and snapshot, and
 *   returns the state to commit) → the journal rewritten with what to remove once committed →
 *   the state file written atomically with `lastTxn` = this transaction (THE commit point) →
 *   step `state committed` → the journal's cleanup → the journal removed → step `journal removed`
 *   → the done line in the audit log → the work's `after` (install: the module cache fill) → the
 *   lock released (always, in `finally`).
 *
 * A failure before the commit undoes the journal (renames and exchanges backwards, snapshots put
 * back), removes the journal, its snapshot folder and the caller's own leftovers, and writes a
 * `<event>.failed` line. A failure after the commit leaves the journal: the next command's
 * recovery finishes it (the state already names this transaction). A SIGKILL anywhere is undone
 * or finished the same way by the next command.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { InstallScope } from '../../../shared/install';
import type { JobContext } from '../jobs';
import type { Env } from '../paths';
import { wrapPermission } from './common';
import { JOURNAL, finishJournal, stepPoint, undoJournal, writeJournal, type Journal } from './journal';
import { acquireLock } from './lock';
import { recoverPrefix } from './recovery';
import { appendAudit, auditLogPath, saveStateFile, scopeStateDir, type StateFile } from './state';

/** What the work of a transaction is given. */
export interface Txn {
  /** the transaction's id: the state file's `lastTxn` once committed */
  id: string;
  /** `<pid>-<first 8 of the id>`: for the names of this run's staging, trash and temp copies */
  tag: string;
  /** the journal (not yet written: the work writes it before its first change) */
  journal: Journal;
  /** where the journal's snapshots go (`<state dir>/txn/<id>`); removed once committed or undone */
  snapshotDir: string;
  /** what recovery of the prefix did under the lock (already in the audit log) */
  recovered: string[];
}

/** What the work returns: the state to commit and what follows the commit. */
export interface TxnCommit<T> {
  /** the whole state file as it is to be after the transaction (`lastTxn` and `prefixes` are set here) */
  state: StateFile;
  /** paths removed once committed (journaled before the commit; finished by recovery after a kill) */
  cleanup: string[];
  /** the done line's fields (besides event and jobId) */
  audit: Record<string, unknown>;
  result: T;
  /** after the done line, still under the lock (install: the module cache fill); gives the result */
  after?: (result: T) => Promise<T>;
}

export interface JournaledOptions<T> {
  op: Journal['op'];
  scope: InstallScope;
  env: Env;
  platform?: NodeJS.Platform;
  prefix: string;
  /** the tree the operation is about (journal field, for people reading it) */
  goroot: string;
  job: JobContext;
  /** the done line's event (`rollback`, `uninstall`, `use`); a failure writes `<event>.failed` */
  event: string;
  work: (t: Txn) => Promise<TxnCommit<T>>;
  /** this run's own leftovers outside the journal, removed when it is undone (staging, temp copies) */
  discard?: () => Array<string | null>;
  /** fields added to the failure line */
  failedAudit?: Record<string, unknown>;
  /** before the failure line (install: its queued audit lines, the signature's verdict) */
  onFailure?: (e: AppError) => Promise<void>;
}

/** Run one journaled transaction on a prefix (see the module comment for the order). */
export async function runJournaled<T>(o: JournaledOptions<T>): Promise<T> {
  const { op, scope, env, prefix, job } = o;
  const auditLog = auditLogPath(env, scope, o.platform);
  const audit = (event: string, data: Record<string, unknown>) => appendAudit(auditLog, { event, jobId: job.jobId, ...data });
  const release = await acquireLock(prefix).catch((e) => {
    throw wrapPermission(e, scope, prefix);
  });
  await stepPoint(op, 'locked');
  const id = randomUUID();
  const t: Txn = {
    id,
    tag: `${process.pid}-${id.slice(0, 8)}`,
    journal: { txn: id, pid: process.pid, op, scope, goroot: o.goroot, moves: [], snapshots: [] },
    snapshotDir: join(scopeStateDir(scope, env, o.platform), 'txn', id),
    recovered: [],
  };
  const j = t.journal;
  let committed = false;
  try {
    t.recovered = await recoverPrefix(prefix, scope, env);
    if (t.recovered.length) await audit('recover', { prefix, actions: t.recovered });
    const c = await o.work(t);
    const state = c.state as StateFile & { lastTxn?: string; prefixes?: string[] };
    state.lastTxn = id;
    state.prefixes = [...new Set([...(state.prefixes ?? []), prefix])];
    // what goes once committed, journaled first: a kill during the tidy-up is finished by the next command
    j.cleanup = [...new Set([...c.cleanup, t.snapshotDir])];
    await writeJournal(prefix, j);
    // the commit point: the state file (written atomically) names this transaction
    await saveStateFile(scope, env, state);
    committed = true;
    await stepPoint(op, 'state committed');
    await finishJournal(j);
    await rm(join(prefix, JOURNAL), { force: true });
    await stepPoint(op, 'journal removed');
    await audit(o.event, c.audit);
    return c.after ? await c.after(c.result) : c.result;
  } catch (err) {
    if (!committed) {
      await undoJournal(j).catch(() => {});
      await rm(join(prefix, JOURNAL), { force: true }).catch(() => {});
      for (const p of [...(o.discard?.() ?? []), t.snapshotDir]) if (p) await rm(p, { recursive: true, force: true }).catch(() => {});
    }
    const e = !(err instanceof AppError) && job.signal.aborted ? new AppError('CANCELLED') : wrapPermission(err, scope, prefix);
    await o.onFailure?.(e).catch(() => {});
    await audit(`${o.event.replace(/\.done$/, '')}.failed`, { ...o.failedAudit, code: e.code, params: e.params, committed }).catch(() => {});
    throw e;
  } finally {
    await release();
  }
}
