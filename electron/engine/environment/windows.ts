/**
 * The Windows writer: the user's (HKCU\Environment) or the machine's
 * (HKLM\...\Session Manager\Environment) variables, written directly — never `setx`, which cuts
 * values at 1024 characters and copies the machine PATH into the user's. Path keeps its type
 * (REG_EXPAND_SZ, so %USERPROFILE%-style entries keep working); afterwards the change is
 * broadcast (WM_SETTINGCHANGE) so new consoles see it. Open consoles keep their old values.
 *
 * The registry is reached through a small backend interface: `RegBackend` runs reg.exe with
 * argument arrays; tests use `FakeRegistry`, which records the operations.
 */
import type { EnvChange } from '../../../shared/install';
import { AppError } from '../../../shared/errors';
import { run } from '../exec';
import type { EnvPlan } from './index';

export interface RegValue {
  type: 'REG_SZ' | 'REG_EXPAND_SZ' | string;
  value: string;
}

export interface RegistryBackend {
  get(key: string, name: string): Promise<RegValue | null>;
  set(key: string, name: string, v: RegValue): Promise<void>;
  remove(key: string, name: string): Promise<void>;
  /** tell running programs (Explorer) that the environment changed */
  broadcast(): Promise<void>;
}

export const WINDOWS_KEYS = {
  user: 'HKCU\\Environment',
  system: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment',
} as const;

/** reg.exe, always with argument arrays. */
export class RegBackend implements RegistryBackend {
  async get(key: string, name: string): Promise<RegValue | null> {
    const r = await run('reg', ['query', key, '/v', name]);
    if (r.code !== 0) return null;
    const line = r.stdout.split(/\r?\n/).find((l) => l.trim().toLowerCase().startsWith(name.toLowerCase() + ' '));
    const m = line?.match(/^\s*\S+\s+(REG_\w+)\s{4}(.*)$/);
    return m ? { type: m[1]!, value: m[2]! } : null;
  }
  async set(key: string, name: string, v: RegValue): Promise<void> {
    const r = await run('reg', ['add', key, '/v', name, '/t', v.type, '/d', v.value, '/f']);
    if (r.code !== 0) throw new AppError('ENV_REGISTRY_FAILED', { name, key, reason: (r.stderr || r.stdout).trim() });
  }
  async remove(key: string, name: string): Promise<void> {
    const r = await run('reg', ['delete', key, '/v', name, '/f']);
    if (r.code !== 0 && (await this.get(key, name))) throw new AppError('ENV_REGISTRY_FAILED', { name, key, reason: (r.stderr || r.stdout).trim() });
  }
  async broadcast(): Promise<void> {
    // .NET's SetEnvironmentVariable(..., User) sends WM_SETTINGCHANGE "Environment"; setting and
    // clearing a private variable is the side-effect-free way to trigger it. Constant script.
    await run('powershell.exe', [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      "[Environment]::SetEnvironmentVariable('GO_OFFLINE_BROADCAST','1','User');[Environment]::SetEnvironmentVariable('GO_OFFLINE_BROADCAST',$null,'User')",
    ]);
  }
}

/** An in-memory registry that records every operation (tests). */
export class FakeRegistry implements RegistryBackend {
  readonly values = new Map<string, RegValue>();
  readonly ops: string[] = [];
  broadcasts = 0;
  private k(key: string, name: string) {
    return `${key}\\${name}`.toLowerCase();
  }
  async get(key: string, name: string) {
    return this.values.get(this.k(key, name)) ?? null;
  }
  async set(key: string, name: string, v: RegValue) {
    this.ops.push(`set ${key}\\${name} ${v.type} ${v.value}`);
    this.values.set(this.k(key, name), { ...v });
  }
  async remove(key: string, name: string) {
    this.ops.push(`delete ${key}\\${name}`);
    this.values.delete(this.k(key, name));
  }
  async broadcast() {
    this.ops.push('broadcast');
    this.broadcasts++;
  }
}

function splitPath(v: string): string[] {
  return v.split(';').filter((p) => p !== '');
}

const norm = (p: string) => p.replace(/[\\/]+$/, '').toLowerCase();

export async function applyWindowsEnvironment(
  plan: EnvPlan,
  reg: RegistryBackend,
  prior: EnvChange[],
  audit: (e: string, d: Record<string, unknown>) => void,
): Promise<EnvChange[]> {
  const key = plan.registryKey!;
  const changes: EnvChange[] = [];
  const priorFor = (t: string) => prior.find((c) => c.target === t);
  // PATH: add our folders (Go's bin first among ours, GOPATH\bin for the user), keep the type
  const pathTarget = `${key}\\Path`;
  const cur = await reg.get(key, 'Path');
  const entries = cur ? splitPath(cur.value) : [];
  const want = [...plan.variables.pathAdd, ...(plan.scope === 'user' ? [plan.variables.gopathBin] : [])];
  const next = [...entries];
  for (const w of want) if (!next.some((e) => norm(e) === norm(w))) next.push(w);
  const after: RegValue = { type: cur?.type ?? 'REG_EXPAND_SZ', value: next.join(';') };
  if (!cur || after.value !== cur.value) {
    await reg.set(key, 'Path', after);
    audit('env.registry', { target: pathTarget, before: cur, after });
  }
  const p = priorFor(pathTarget);
  changes.push({ kind: 'registry', target: pathTarget, created: p ? p.created : !cur, before: p ? p.before : cur, after, lines: want, readBy: 'new programs and consoles' });
  for (const [name, value] of Object.entries(plan.variables.vars)) {
    const target = `${key}\\${name}`;
    const before = await reg.get(key, name);
    const v: RegValue = { type: 'REG_SZ', value };
    if (!before || before.value !== value) {
      await reg.set(key, name, v);
      audit('env.registry', { target, before, after: v });
    }
    const pr = priorFor(target);
    changes.push({ kind: 'registry', target, created: pr ? pr.created : !before, before: pr ? pr.before : before, after: v, readBy: 'new programs and consoles' });
  }
  await reg.broadcast();
  return changes;
}

export async function removeWindowsEnvironment(changes: EnvChange[], reg: RegistryBackend, audit: (e: string, d: Record<string, unknown>) => void): Promise<void> {
  for (const c of changes) {
    const i = c.target.lastIndexOf('\\');
    const key = c.target.slice(0, i);
    const name = c.target.slice(i + 1);
    if (name.toLowerCase() === 'path') {
      // take out only our entries; whatever else changed meanwhile stays
      const cur = await reg.get(key, name);
      if (!cur) continue;
      const ours = new Set((c.lines ?? []).map(norm));
      const beforeEntries = new Set(splitPath(c.before?.value ?? '').map(norm));
      const kept = splitPath(cur.value).filter((e) => !ours.has(norm(e)) || beforeEntries.has(norm(e)));
      if (kept.length === 0 && c.created) await reg.remove(key, name);
      else if (kept.join(';') !== cur.value) await reg.set(key, name, { type: cur.type, value: c.before && kept.join(';') === splitPath(c.before.value).join(';') ? c.before.value : kept.join(';') });
      audit('env.registry-restore', { target: c.target, before: cur });
    } else {
      if (c.before) await reg.set(key, name, c.before);
      else await reg.remove(key, name);
      audit('env.registry-restore', { target: c.target, value: c.before });
    }
  }
  await reg.broadcast();
}
