/**
 * Recovery after a killed run, at the start of every command that touches an install (install,
 * rollback, uninstall, verify, diagnose): an uncommitted journal is undone, a committed one
 * finished (its trash removed), staging/trash folders, temp files and module proxy copies of dead
 * processes removed, stale locks cleared. Kept apart from index.ts so that verify and diagnose can
 * call it without loading the install machinery.
 */
import { readFile, readdir, rm, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstallScope } from '../../../shared/install';
import { dataDir, type Env } from '../paths';
import { JOURNAL, finishJournal, undoJournal, type Journal } from './journal';
import { acquireLock, lockHeld, pidAlive, LOCK } from './lock';
import { versionsDir } from './common';
import { appendAudit, auditLogPath, loadStateFile, scopeStateDir, systemRootOf, type StateFile } from './state';

export const STAGING = '.go-offline-staging-';
export const TRASH = '.go-offline-trash-';

const exists = (p: string) => lstat(p).then(() => true, () => false);

/** Default prefix of a scope (the folder that holds `go/`). */
export function defaultPrefix(scope: InstallScope, env: Env, platform: NodeJS.Platform = process.platform): string {
  const home = platform === 'win32' ? env.USERPROFILE || '' : env.HOME || '';
  if (platform === 'win32') {
    return scope === 'system' ? env.ProgramFiles || 'C:\\Program Files' : join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'Programs');
  }
  if (scope === 'user') return join(home, '.local');
  const root = systemRootOf(env);
  return root ? join(root, 'usr', 'local') : '/usr/local';
}

/** pid in a leftover's name `<stem><pid>-…` (NaN when none) */
function pidIn(name: string, stem: string): number {
  return Number(name.slice(stem.length).split(/[-.]/)[0]);
}

/** Module proxy folders of a scope (user data dir and the scope's state dir), for their temp copies. */
function proxyParents(scope: InstallScope, env: Env): string[] {
  return scope === 'user' ? [join(dataDir(env), 'modules'), join(scopeStateDir(scope, env), 'modules')] : [join(scopeStateDir(scope, env), 'modules')];
}

/**
 * Clean what a killed run left in a prefix (the caller holds its lock): undo an uncommitted
 * journal, or finish a committed one (its trash); remove staging and trash folders, temp files
 * and module proxy copies of processes that no longer run. Returns what was done (for the audit
 * log).
 */
export async function recoverPrefix(prefix: string, scope: InstallScope, env: Env): Promise<string[]> {
  const done: string[] = [];
  const jp = join(prefix, JOURNAL);
  const raw = await readFile(jp, 'utf8').catch(() => null);
  let j: Journal | null = null;
  if (raw) {
    try {
      j = JSON.parse(raw) as Journal;
    } catch {
      j = null;
    }
    if (j && (j.pid === process.pid || !pidAlive(j.pid))) {
      const st = await loadStateFile(j.scope ?? scope, env);
      const committed = (st as StateFile & { lastTxn?: string }).lastTxn === j.txn;
      if (!committed) {
        await undoJournal(j);
        done.push(`undid interrupted ${j.op} (${j.moves.length} moves, ${j.snapshots.length} files restored)`);
      } else {
        await finishJournal(j);
        done.push(`finished interrupted ${j.op} (${(j.cleanup ?? []).length} leftovers removed)`);
      }
      await rm(jp, { force: true });
      await rm(join(scopeStateDir(j.scope ?? scope, env), 'txn', j.txn), { recursive: true, force: true });
    } else if (!j) {
      // a journal that cannot be read was never renamed into place half-written (it is written to
      // a temp file first): something else wrote it; leave it and say so
      done.push(`left ${JOURNAL}: it cannot be read`);
    }
  }
  const dead = (pid: number) => Number.isInteger(pid) && pid > 0 && pid !== process.pid && !pidAlive(pid);
  // a side-by-side install stages and trashes inside the versions folder (same filesystem as its target)
  const vdir = versionsDir(scope, env, prefix);
  for (const name of await readdir(vdir).catch(() => [] as string[])) {
    const pid = name.startsWith(STAGING) ? pidIn(name, STAGING) : name.startsWith(TRASH) ? pidIn(name, TRASH) : NaN;
    if (dead(pid)) {
      await rm(join(vdir, name), { recursive: true, force: true });
      done.push(`removed ${join(vdir, name)}`);
    }
  }
  for (const name of await readdir(prefix).catch(() => [] as string[])) {
    let pid = NaN;
    if (name.startsWith(STAGING)) pid = pidIn(name, STAGING);
    else if (name.startsWith(TRASH)) pid = pidIn(name, TRASH);
    else if (name.startsWith(`${JOURNAL}.`)) pid = pidIn(name, `${JOURNAL}.`);
    else if (name.startsWith(`${LOCK}.`) && name.endsWith('.tmp')) pid = pidIn(name, `${LOCK}.`);
    else if (name.startsWith(`${LOCK}.stale-`)) pid = 0; // a takeover that was killed
    if (pid === 0 || dead(pid)) {
      await rm(join(prefix, name), { recursive: true, force: true });
      done.push(`removed ${name}`);
    }
  }
  for (const dir of proxyParents(scope, env)) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const m = /^proxy\.(new|old|trash)-(\d+)-/.exec(name);
      if (m && dead(Number(m[2]))) {
        await rm(join(dir, name), { recursive: true, force: true });
        done.push(`removed ${join(dir, name)}`);
      }
    }
  }
  return done;
}

/**
 * Recovery at the start of every command that touches an install (install, rollback, uninstall,
 * verify, diagnose): for each prefix this scope knows (remembered installs and uninstalls, the
 * given one, the default), finish or undo what a killed run left and clear a stale lock. A prefix
 * whose lock a live run holds, or that this user cannot write, is left alone. Returns what was
 * done, per prefix.
 */
export async function recoverInstalls(opts: { env?: Env; scope?: InstallScope; prefix?: string; platform?: NodeJS.Platform } = {}): Promise<Array<{ prefix: string; actions: string[] }>> {
  const env = opts.env ?? process.env;
  const out: Array<{ prefix: string; actions: string[] }> = [];
  for (const scope of opts.scope ? [opts.scope] : (['user', 'system'] as const)) {
    const st = (await loadStateFile(scope, env)) as StateFile & { prefixes?: string[] };
    const prefixes = new Set<string>([...(opts.prefix ? [opts.prefix] : []), ...Object.values(st.records).map((r) => r.prefix), ...(st.prefixes ?? []), defaultPrefix(scope, env, opts.platform)]);
    for (const prefix of prefixes) {
      if (!(await exists(join(prefix, JOURNAL))) && !(await hasLeftovers(prefix, scope, env))) continue;
      if (await lockHeld(prefix)) continue;
      const release = await acquireLock(prefix).catch(() => null);
      if (!release) continue; // not writable by this user, or just taken
      try {
        const actions = await recoverPrefix(prefix, scope, env);
        if (actions.length) {
          out.push({ prefix, actions });
          await appendAudit(auditLogPath(env, scope), { event: 'recover', prefix, actions }).catch(() => {});
        }
      } catch {
        /* left for the command itself to report */
      } finally {
        await release();
      }
    }
  }
  return out;
}

async function hasLeftovers(prefix: string, scope: InstallScope, env: Env): Promise<boolean> {
  const names = await readdir(prefix).catch(() => [] as string[]);
  if (names.some((n) => n.startsWith('.go-offline-') || n.startsWith(`${LOCK}`))) return true;
  if ((await readdir(versionsDir(scope, env, prefix)).catch(() => [] as string[])).some((n) => n.startsWith(STAGING) || n.startsWith(TRASH))) return true;
  for (const dir of proxyParents(scope, env)) if ((await readdir(dir).catch(() => [] as string[])).some((n) => /^proxy\.(new|old|trash)-/.test(n))) return true;
  return false;
}

