/**
 * The facts the rules look at, gathered once and lazily: the Go install (GOROOT, version, record of
 * installed files), Go's effective settings and where each was set (environment, the `go env -w`
 * file, $GOROOT/go.env, default), the user's shell and startup files, projects' go.mod / go.work.
 */
import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import type { EnvReport } from '../../../shared/platform';
import type { InstallRecord, InstalledFile, SideVersionRecord } from '../../../shared/install';
import { homeDir, stateDir, systemStateDir, type Env } from '../paths';
import type { DiagnoseHost, ShellProbe } from './host';
import { readInstallState } from '../install/state';
import { parseGoEnvFile } from '../platform/parse';

/** where a value came from; for a shell's view, the startup file and line ("/home/u/.profile:3") when known */
export type SettingSource = 'environment' | 'go env -w file' | 'GOROOT/go.env' | 'default' | (string & {});

export interface GoSetting {
  value: string;
  source: SettingSource;
}

export const GO_SETTING_NAMES = [
  'GOROOT',
  'GOPATH',
  'GOBIN',
  'GOCACHE',
  'GOMODCACHE',
  'GOTMPDIR',
  'GOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GONOPROXY',
  'GOPRIVATE',
  'GOINSECURE',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'GOWORK',
] as const;

/** Where `go env -w` writes: $GOENV, else os.UserConfigDir()/go/env. */
export function goEnvFilePath(env: Env, platform: NodeJS.Platform): string {
  if (env.GOENV) return env.GOENV;
  const home = homeDir(env, platform);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'go', 'env');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'go', 'env');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'go', 'env');
}

export { parseGoEnvFile } from '../platform/parse';

export interface GoModInfo {
  /** the go.mod or go.work file */
  file: string;
  kind: 'go.mod' | 'go.work';
  module: string | null;
  go: string | null;
  toolchain: string | null;
  requires: Array<{ path: string; version: string; indirect: boolean }>;
  /** every directive and the line it is on */
  directives: Array<{ name: string; line: number }>;
}

/** Parse the lines of go.mod / go.work that matter here (module, go, toolchain, require). */
export function parseGoMod(text: string, file: string, kind: 'go.mod' | 'go.work'): GoModInfo {
  const info: GoModInfo = { file, kind, module: null, go: null, toolchain: null, requires: [], directives: [] };
  let inRequire = false;
  let inBlock = false;
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (inRequire) {
      if (line === ')') {
        inRequire = false;
        continue;
      }
      const m = /^(\S+)\s+(\S+)/.exec(line);
      if (m) info.requires.push({ path: m[1]!, version: m[2]!, indirect });
      continue;
    }
    if (inBlock) {
      if (line === ')') inBlock = false;
      continue;
    }
    const d = /^([a-z]+)\b/.exec(line);
    if (d) info.directives.push({ name: d[1]!, line: n + 1 });
    if (d && d[1] !== 'require' && /\($/.test(line)) {
      inBlock = true;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = /^module\s+"?([^"\s]+)"?/.exec(line))) info.module = m[1]!;
    else if ((m = /^go\s+(\S+)/.exec(line))) info.go = m[1]!;
    else if ((m = /^toolchain\s+(\S+)/.exec(line))) info.toolchain = m[1]!;
    else if (/^require\s*\($/.test(line)) inRequire = true;
    else if ((m = /^require\s+(\S+)\s+(\S+)/.exec(line))) info.requires.push({ path: m[1]!, version: m[2]!, indirect });
  }
  return info;
}

/** Lines of a startup file that set GOROOT (sh, zsh, fish syntax). */
export function gorootAssignments(text: string): Array<{ line: number; value: string; text: string }> {
  const out: Array<{ line: number; value: string; text: string }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('#')) return;
    const m = /^(?:export\s+)?GOROOT=(["']?)([^"'\s;]*)\1/.exec(line) ?? /^set\s+(?:-[a-zA-Z]+\s+)*GOROOT\s+(["']?)([^"'\s;]*)\1/.exec(line);
    if (m) out.push({ line: i + 1, value: m[2]!, text: line });
  });
  return out;
}

export interface InstallInfo {
  record: InstallRecord | null;
  /** where the record was read from */
  statePath: string | null;
  files: InstalledFile[] | null;
  auditLog: string | null;
}

async function readFileList(listPath: string, host: DiagnoseHost): Promise<InstalledFile[] | null> {
  const list = await host.readText(listPath);
  if (!list) return null;
  const files: InstalledFile[] = [];
  for (const l of list.split('\n')) {
    if (!l.trim()) continue;
    try {
      files.push(JSON.parse(l) as InstalledFile);
    } catch {
      /* skip a broken line */
    }
  }
  return files;
}

/**
 * The install step's record of the Go at `goroot` (or of the current install): its installed file
 * list and audit log. Uses the install module's `readInstallState` (the state file with records per
 * GOROOT, user scope then system scope); also reads a record stored bare in install-state.json.
 */
export async function readInstallInfo(env: Env, platform: NodeJS.Platform, host: DiagnoseHost, goroot?: string | null): Promise<InstallInfo> {
  const same = (a: string, b: string) => resolve(a) === resolve(b);
  const found: Array<{ rec: InstallRecord; statePath: string; auditLog: string; dir: string }> = [];
  for (const scope of ['user', 'system'] as const) {
    try {
      const st = goroot ? await readInstallState({ scope, prefix: dirname(resolve(goroot)), env }) : await readInstallState({ scope, env });
      if (st) found.push({ rec: st.current, statePath: st.statePath, auditLog: st.auditLog, dir: dirname(st.statePath) });
    } catch {
      /* unreadable state: treated as none */
    }
  }
  for (const dir of [stateDir(env, platform), systemStateDir(env, platform)]) {
    const statePath = join(dir, 'install-state.json');
    const text = await host.readText(statePath);
    if (!text) continue;
    try {
      const d = JSON.parse(text) as Record<string, unknown>;
      const cands = [d, ...(d.records && typeof d.records === 'object' ? Object.values(d.records as object) : [])];
      for (const c of cands) {
        const rec = c as InstallRecord;
        if (rec && rec.schema === 'go-offline/install@1' && typeof rec.goroot === 'string') found.push({ rec, statePath, auditLog: rec.auditLog || join(dir, 'audit.jsonl'), dir });
      }
      // versions installed beside the default one have their own installed-file lists: the tree
      // check of such a GOROOT is exact too
      if (goroot && d.versions && typeof d.versions === 'object') {
        for (const c of Object.values(d.versions as object)) {
          const v = c as SideVersionRecord;
          if (v && v.schema === 'go-offline/side-version@1' && typeof v.goroot === 'string' && typeof v.fileListPath === 'string')
            found.push({ rec: { ...(v as unknown as InstallRecord), previous: null, moduleProxy: null, environment: { vars: {}, pathAdd: [], changes: [] } }, statePath, auditLog: v.auditLog || join(dir, 'audit.jsonl'), dir });
        }
      }
    } catch {
      /* not JSON */
    }
  }
  const hit = found.find((f) => !goroot || same(f.rec.goroot, goroot));
  if (!hit) return { record: null, statePath: null, files: null, auditLog: null };
  const listPath = hit.rec.fileListPath ? (isAbsolute(hit.rec.fileListPath) ? hit.rec.fileListPath : join(hit.dir, hit.rec.fileListPath)) : null;
  return { record: hit.rec, statePath: hit.statePath, files: listPath ? await readFileList(listPath, host) : null, auditLog: hit.auditLog };
}

export interface ShellFacts {
  shell: string | null;
  shellName: string | null;
  login: ShellProbe | null;
  interactive: ShellProbe | null;
  /** the clean environment the shells were started with */
  startEnv: Env;
}

/** The environment a fresh login would start from: no PATH additions of the current session. */
export function freshLoginEnv(env: Env, platform: NodeJS.Platform, shell: string): Env {
  const keep = ['HOME', 'USER', 'LOGNAME', 'LANG', 'ZDOTDIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'TMPDIR'];
  const out: Env = { SHELL: shell, TERM: 'dumb', PATH: platform === 'darwin' ? '/usr/bin:/bin:/usr/sbin:/sbin' : '/usr/local/bin:/usr/bin:/bin' };
  for (const k of keep) if (env[k] !== undefined) out[k] = env[k];
  out.HOME = homeDir(env, platform);
  return out;
}

export function realpathOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Every distinct `go` on a PATH string, in order. */
export function goBinariesOnPath(pathValue: string, platform: NodeJS.Platform): Array<{ path: string; real: string | null }> {
  const exe = platform === 'win32' ? 'go.exe' : 'go';
  const sep = platform === 'win32' ? ';' : delimiter;
  const seen = new Set<string>();
  const out: Array<{ path: string; real: string | null }> = [];
  for (const dir of pathValue.split(sep).filter(Boolean)) {
    const p = join(dir, exe);
    let exists = false;
    try {
      exists = statSync(p).isFile();
    } catch {
      exists = false;
    }
    if (!exists) continue;
    const real = realpathOrNull(p);
    const key = real ?? p;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: p, real });
  }
  return out;
}

/** The Go version of a GOROOT from its VERSION file (first line), without running anything. */
export async function gorootVersion(goroot: string): Promise<string | null> {
  try {
    const v = (await readFile(join(goroot, 'VERSION'), 'utf8')).split('\n')[0]!.trim();
    return /^go\d/.test(v) ? v : null;
  } catch {
    return null;
  }
}

/** Walk up from `dir` to find a file (go.mod, go.work). */
export function findUp(dir: string, name: string, host: DiagnoseHost): string | null {
  let d = resolve(dir);
  for (;;) {
    const p = join(d, name);
    if (host.exists(p)) return p;
    const parent = dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}

/** Default GOCACHE like os.UserCacheDir()/go-build. */
export function defaultGoCache(env: Env, platform: NodeJS.Platform): string {
  const home = homeDir(env, platform);
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'go-build');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'go-build');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'go-build');
}

export function defaultTemp(env: Env, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.TEMP || env.TMP || tmpdir();
  return env.TMPDIR || '/tmp';
}

/** Effective Go settings and where each came from (process env > go env -w file > GOROOT/go.env > default). */
export async function goSettings(
  env: Env,
  platform: NodeJS.Platform,
  host: DiagnoseHost,
  goroot: string | null,
  goVersionMinor: number | null,
  origins: Record<string, { file: string; line: number }> = {},
): Promise<{ settings: Record<string, GoSetting>; envFile: string; envFileValues: Record<string, string> }> {
  const envFile = goEnvFilePath(env, platform);
  const fileText = await host.readText(envFile);
  const fileValues = fileText ? parseGoEnvFile(fileText) : {};
  const gorootEnvText = goroot ? await host.readText(join(goroot, 'go.env')) : null;
  const gorootValues = gorootEnvText ? parseGoEnvFile(gorootEnvText) : {};
  const home = homeDir(env, platform);
  const settings: Record<string, GoSetting> = {};
  for (const name of GO_SETTING_NAMES) {
    const e = env[name];
    const o = origins[name];
    if (e !== undefined && e !== '') settings[name] = { value: e, source: o ? `${o.file}:${o.line}` : 'environment' };
    else if (fileValues[name] !== undefined && fileValues[name] !== '') settings[name] = { value: fileValues[name]!, source: 'go env -w file' };
    else if (gorootValues[name] !== undefined && gorootValues[name] !== '') settings[name] = { value: gorootValues[name]!, source: 'GOROOT/go.env' };
  }
  const def = (name: string, value: string) => {
    if (!settings[name]) settings[name] = { value, source: 'default' };
  };
  def('GOPATH', join(home, 'go'));
  def('GOPROXY', 'https://proxy.golang.org,direct');
  def('GOSUMDB', 'sum.golang.org');
  def('GOCACHE', defaultGoCache(env, platform));
  const firstGopath = settings.GOPATH!.value.split(platform === 'win32' ? ';' : delimiter)[0]!;
  def('GOMODCACHE', join(firstGopath, 'pkg', 'mod'));
  // before Go 1.21 there is no toolchain switching at all: it behaves as `local`
  def('GOTOOLCHAIN', goVersionMinor !== null && goVersionMinor < 21 ? 'local' : 'auto');
  return { settings, envFile, envFileValues: fileValues };
}

export type HostFacts = Pick<EnvReport, 'host' | 'libc' | 'user' | 'network' | 'tempDir'>;
