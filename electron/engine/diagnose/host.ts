/**
 * What the diagnose rules ask of the machine, behind one small interface so that rules for other
 * operating systems (Windows registry PATH, macOS path_helper and quarantine) can be tested on data.
 * The default implementation reads this machine; nothing here runs a file taken from a support
 * bundle, and programs are started only through `run` with argument arrays.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { run, type RunResult } from '../exec';
import type { Env } from '../paths';
import { parseMountInfo, type MountInfo } from '../platform/parse';
import { captureShell, type ShellCapture } from './shells';

export interface RegistryValue {
  type: 'REG_SZ' | 'REG_EXPAND_SZ' | string;
  value: string;
}

export interface ShellProbe {
  /** the go the shell finds (`command -v go`), or null */
  go: string | null;
  /** the PATH the shell ends up with */
  path: string | null;
  /** the shell could not be run or timed out */
  error?: string;
}

export interface DiagnoseHost {
  readText(path: string): Promise<string | null>;
  exists(path: string): boolean;
  mounts(): Promise<MountInfo[] | null>;
  /** run the user's shell (login or interactive) and ask it where go is */
  probeShell(shell: string, mode: 'login' | 'interactive', env: Env): Promise<ShellProbe>;
  /** start a shell from `env` (login or interactive) and capture the go it finds and its whole environment */
  captureShell(shell: string, mode: 'login' | 'interactive', env: Env): Promise<ShellCapture>;
  /** Windows: Path from HKCU\Environment and HKLM\...\Session Manager\Environment */
  windowsPath(): Promise<{ user: RegistryValue | null; machine: RegistryValue | null } | null>;
  /** macOS: the PATH `/usr/libexec/path_helper -s` builds from /etc/paths and /etc/paths.d */
  pathHelper(): Promise<string | null>;
  /** macOS: the com.apple.quarantine attribute of a file, or null */
  quarantine(path: string): Promise<string | null>;
}

export const MARK = '__GOOFF__';

/** The probe command for each shell family: prints the go it finds and its PATH after a marker. */
export function probeArgs(shell: string, mode: 'login' | 'interactive'): string[] {
  const name = shell.split('/').pop() ?? shell;
  if (name === 'fish') {
    const cmd = `printf '\\n${MARK}%s|%s\\n' (command -v go; or echo '') (string join : $PATH)`;
    return mode === 'login' ? ['-l', '-c', cmd] : ['-i', '-c', cmd];
  }
  const cmd = `printf '\\n${MARK}%s|%s\\n' "$(command -v go)" "$PATH"`;
  return mode === 'login' ? ['-l', '-c', cmd] : ['-i', '-c', cmd];
}

export function parseProbe(r: RunResult): ShellProbe {
  const line = r.stdout.split('\n').reverse().find((l) => l.startsWith(MARK));
  if (!line) {
    const why = r.spawnError ? `${r.spawnError.code ?? ''} ${r.spawnError.message}` : r.timedOut ? 'timed out' : (r.stderr || `exit ${r.code}`).trim().slice(0, 300);
    return { go: null, path: null, error: why };
  }
  const rest = line.slice(MARK.length);
  const bar = rest.indexOf('|');
  const go = rest.slice(0, bar).trim();
  return { go: go || null, path: rest.slice(bar + 1) };
}

export function localHost(platform: NodeJS.Platform = process.platform): DiagnoseHost {
  return {
    async readText(path) {
      try {
        return await readFile(path, 'utf8');
      } catch {
        return null;
      }
    },
    exists: (p) => existsSync(p),
    async mounts() {
      if (platform !== 'linux') return null;
      try {
        return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
      } catch {
        return null;
      }
    },
    async probeShell(shell, mode, env) {
      const r = await run(shell, probeArgs(shell, mode), { env, timeoutMs: 20_000, input: '', cwd: env.HOME });
      return parseProbe(r);
    },
    captureShell: (shell, mode, env) => captureShell(shell, mode, env),
    async windowsPath() {
      if (platform !== 'win32') return null;
      const q = async (key: string): Promise<RegistryValue | null> => {
        const r = await run('reg', ['query', key, '/v', 'Path'], { timeoutMs: 10_000 });
        if (r.code !== 0) return null;
        const m = /^\s*Path\s+(REG_\w+)\s+(.*)$/im.exec(r.stdout);
        return m ? { type: m[1]!, value: m[2]!.trimEnd() } : null;
      };
      return {
        user: await q('HKCU\\Environment'),
        machine: await q('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment'),
      };
    },
    async pathHelper() {
      if (platform !== 'darwin') return null;
      const r = await run('/usr/libexec/path_helper', ['-s'], { env: { PATH: '' }, timeoutMs: 10_000 });
      const m = /PATH="([^"]*)"/.exec(r.stdout);
      return m ? m[1]! : null;
    },
    async quarantine(path) {
      if (platform !== 'darwin') return null;
      const r = await run('xattr', ['-p', 'com.apple.quarantine', path], { timeoutMs: 10_000 });
      return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : null;
    },
  };
}
