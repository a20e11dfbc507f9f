/**
 * Install records and the audit log. User scope: the user's state folder; system scope: the
 * machine's (/var/lib/go-offline, %ProgramData%\go-offline). `GO_OFFLINE_SYSTEM_ROOT` re-roots
 * the system locations (/etc, /usr/local, /var/lib) — for tests and staging images.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { toAppError } from '../../../shared/errors';
import type { AuditRecord, InstallRecord, InstallScope, InstallState, SideVersionRecord } from '../../../shared/install';
import { stateDir, systemStateDir, type Env } from '../paths';
import { writeJsonAtomic } from '../atomic';

export function systemRootOf(env: Env): string | undefined {
  return env.GO_OFFLINE_SYSTEM_ROOT || undefined;
}

export function scopeStateDir(scope: InstallScope, env: Env, platform: NodeJS.Platform = process.platform): string {
  if (scope === 'user') return stateDir(env, platform);
  const root = systemRootOf(env);
  const dir = systemStateDir(env, platform);
  return root ? join(root, dir.replace(/^[A-Za-z]:/, '')) : dir;
}

/** The JSON-lines audit log of every change (read by diagnose and the support bundle). */
export function auditLogPath(env: Env = process.env, scope: InstallScope = 'user', platform: NodeJS.Platform = process.platform): string {
  return join(scopeStateDir(scope, env, platform), 'audit.jsonl');
}

export function statePath(scope: InstallScope, env: Env, platform: NodeJS.Platform = process.platform): string {
  return join(scopeStateDir(scope, env, platform), 'install-state.json');
}

const auditChains = new Map<string, Promise<void>>();

/**
 * Append one JSON line to the audit log, whole or not at all: a write cut short (full disk) is
 * taken back, so readers never meet half a line. Lines of one process are written one at a time.
 */
export function appendAudit(path: string, rec: Omit<AuditRecord, 'at'>): Promise<void> {
  const line = Buffer.from(JSON.stringify({ at: new Date().toISOString(), ...rec }) + '\n');
  const prev = auditChains.get(path) ?? Promise.resolve();
  const next = prev.catch(() => {}).then(() => appendWhole(path, line));
  auditChains.set(path, next);
  void next.finally(() => {
    if (auditChains.get(path) === next) auditChains.delete(path);
  }).catch(() => {});
  return next;
}

async function appendWhole(path: string, line: Buffer): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(path, 'a');
    try {
      const start = (await fh.stat()).size;
      try {
        let off = 0;
        while (off < line.length) off += (await fh.write(line, off, line.length - off)).bytesWritten;
      } catch (e) {
        await fh.truncate(start).catch(() => {});
        throw e;
      }
    } finally {
      await fh.close();
    }
  } catch (e) {
    // say which file: a bare ENOSPC from write() carries no path
    if (e && typeof e === 'object' && !(e as NodeJS.ErrnoException).path) (e as NodeJS.ErrnoException).path = path;
    throw toAppError(e);
  }
}

export interface StateFile {
  schema: 'go-offline/install-state@1';
  /** goroot of the current install */
  current: string | null;
  records: Record<string, InstallRecord & { txn?: string }>;
  /** transaction id of the last committed operation (the journal's commit point) */
  lastTxn?: string;
  /** every prefix this scope has installed to (recovery looks there after an uninstall too) */
  prefixes?: string[];
  /** Go versions installed beside the default one, by version (`go1.22.12`) */
  versions?: Record<string, SideVersionRecord & { txn?: string }>;
}

export async function loadStateFile(scope: InstallScope, env: Env): Promise<StateFile> {
  try {
    const s = JSON.parse(await readFile(statePath(scope, env), 'utf8')) as StateFile;
    if (s && s.schema === 'go-offline/install-state@1' && s.records) return s;
  } catch {
    /* none yet */
  }
  return { schema: 'go-offline/install-state@1', current: null, records: {} };
}

export async function saveStateFile(scope: InstallScope, env: Env, s: StateFile): Promise<void> {
  const p = statePath(scope, env);
  await writeJsonAtomic(p, s);
}

function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * The install record for a scope (the remembered prefix), or for an explicit prefix. Without a
 * scope: the user's install, else the system's.
 */
export async function readInstallState(opts: { scope?: InstallScope; prefix?: string; env?: Env }): Promise<InstallState | null> {
  const env = opts.env ?? process.env;
  const scopes: InstallScope[] = opts.scope ? [opts.scope] : ['user', 'system'];
  for (const scope of scopes) {
    const s = await loadStateFile(scope, env);
    let rec: InstallRecord | undefined;
    if (opts.prefix) rec = Object.values(s.records).find((r) => samePath(r.prefix, opts.prefix!));
    else if (s.current) rec = s.records[s.current];
    if (rec) return { current: rec, statePath: statePath(scope, env), auditLog: auditLogPath(env, scope) };
  }
  return null;
}
