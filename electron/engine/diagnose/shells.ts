/**
 * Facts from the user's own shells: the environment a new terminal gives `go`. For each shell the
 * user has (the login shell, plus bash/zsh/fish when installed and configured in HOME) it starts the
 * shell from a clean environment like a new terminal's, as a login shell and (bash, zsh) as an
 * interactive one, and captures its whole environment (`env -0`); it finds which startup file and
 * line set each variable (bash: the startup sequence re-run with `set -x` and a PS4 naming
 * BASH_SOURCE and LINENO; zsh: `-x` with PS4 `%x:%I`; fish: the last `set`/`export` of it in the
 * files fish reads), and which startup files the shell cannot parse (`-n`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingOrigin } from '../../../shared/diagnose';
import { run, type RunResult } from '../exec';
import { homeDir, type Env } from '../paths';
import type { DiagnoseHost } from './host';

export const GO_MARK = '__GOOFF_GO__';
export const ENV_MARK = '__GOOFF_ENV__';

export type ShellName = 'bash' | 'zsh' | 'fish' | 'sh' | string;
export type ShellMode = 'login' | 'interactive';

export interface ShellCapture {
  /** the go the shell finds (`command -v go`), or null */
  go: string | null;
  /** PATH in the shell's environment */
  path: string | null;
  /** the whole environment the shell hands to programs it starts (null when it could not be run) */
  env: Env | null;
  /** what the shell printed on stderr while starting (parse errors, startup noise) */
  stderr: string;
  /** the shell could not be run, timed out or printed no result */
  error?: string;
}

export interface StartupError {
  shell: string;
  file: string;
  line: number;
  message: string;
}

export interface ShellView {
  /** program path, e.g. /bin/bash */
  shell: string;
  name: ShellName;
  mode: ShellMode;
  /** "bash (login)" */
  label: string;
  capture: ShellCapture;
  /** variable → the startup file line that set it last */
  origins: Record<string, SettingOrigin>;
}

const SHELL_DIRS = ['/bin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];

export function shellNameOf(shell: string): ShellName {
  return shell.split('/').pop() ?? shell;
}

/** A new terminal's environment: only what the login session itself provides. */
export function cleanShellEnv(env: Env, platform: NodeJS.Platform, shell: string): Env {
  const out: Env = {
    HOME: homeDir(env, platform),
    SHELL: shell,
    TERM: 'dumb',
    PATH: platform === 'darwin' ? '/usr/bin:/bin:/usr/sbin:/sbin' : '/usr/bin:/bin',
  };
  // set by the login session (pam, systemd, the display manager), not by startup files
  for (const k of ['USER', 'LOGNAME', 'LANG', 'ZDOTDIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR']) if (env[k] !== undefined) out[k] = env[k];
  if (!out.USER && env.LOGNAME) out.USER = env.LOGNAME;
  if (!out.LOGNAME && out.USER) out.LOGNAME = out.USER;
  return out;
}

/** The command that prints the go a shell finds and then its environment, NUL-separated. */
export function captureArgs(shell: string, mode: ShellMode): string[] {
  const cmd = `printf '\\n%s\\n' ${GO_MARK}; command -v go; printf '\\n%s\\n' ${ENV_MARK}; env -0`;
  return [mode === 'login' ? '-l' : '-i', '-c', cmd];
}

export function parseCapture(r: RunResult): ShellCapture {
  const out = r.stdout;
  const g = out.indexOf(`\n${GO_MARK}\n`);
  const e = g < 0 ? -1 : out.indexOf(`\n${ENV_MARK}\n`, g);
  if (g < 0 || e < 0) {
    const why = r.spawnError ? `${r.spawnError.code ?? ''} ${r.spawnError.message}`.trim() : r.timedOut ? 'timed out' : (r.stderr || `exit ${r.code}`).trim().slice(0, 300);
    return { go: null, path: null, env: null, stderr: r.stderr, error: why };
  }
  const go = out.slice(g + GO_MARK.length + 2, e).trim().split('\n').pop()?.trim() || null;
  const env: Env = {};
  for (const kv of out.slice(e + ENV_MARK.length + 2).split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { go: go && go.startsWith('/') ? go : go, path: env.PATH ?? null, env, stderr: r.stderr };
}

export async function captureShell(shell: string, mode: ShellMode, env: Env, signal?: AbortSignal): Promise<ShellCapture> {
  const r = await run(shell, captureArgs(shell, mode), { env, timeoutMs: 20_000, input: '', cwd: env.HOME, signal });
  return parseCapture(r);
}

/** Startup files a shell reads, in the order it reads them (existing or not). */
export function shellStartupFiles(name: ShellName, mode: ShellMode, env: Env): string[] {
  const home = env.HOME ?? '';
  if (name === 'bash') {
    if (mode === 'login') return ['/etc/profile', join(home, '.bash_profile'), join(home, '.bash_login'), join(home, '.profile')];
    return ['/etc/bash.bashrc', join(home, '.bashrc')];
  }
  if (name === 'zsh') {
    const z = env.ZDOTDIR || home;
    const base = ['/etc/zsh/zshenv', join(z, '.zshenv')];
    if (mode === 'login') return [...base, '/etc/zsh/zprofile', join(z, '.zprofile'), '/etc/zsh/zlogin', join(z, '.zlogin')];
    return [...base, '/etc/zsh/zshrc', join(z, '.zshrc')];
  }
  if (name === 'fish') {
    const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
    const confd = new Map<string, string>();
    for (const dir of ['/usr/share/fish/vendor_conf.d', '/etc/fish/conf.d', join(xdg, 'fish', 'conf.d')]) {
      try {
        for (const f of readdirSync(dir)) if (f.endsWith('.fish')) confd.set(f, join(dir, f));
      } catch {
        /* none */
      }
    }
    const ordered = [...confd.keys()].sort().map((k) => confd.get(k)!);
    return [...ordered, '/etc/fish/config.fish', join(xdg, 'fish', 'config.fish')];
  }
  return mode === 'login' ? ['/etc/profile', join(home, '.profile')] : [];
}

/** Has the user set this shell up in HOME (so that it is one they use)? */
export function shellConfigured(name: ShellName, env: Env, host: Pick<DiagnoseHost, 'exists'>): boolean {
  const home = env.HOME ?? '';
  if (name === 'bash') return ['.bash_profile', '.bash_login', '.bashrc'].some((f) => host.exists(join(home, f)));
  if (name === 'zsh') return ['.zshenv', '.zprofile', '.zshrc', '.zlogin'].some((f) => host.exists(join(env.ZDOTDIR || home, f)));
  if (name === 'fish') {
    const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
    if (host.exists(join(xdg, 'fish', 'config.fish'))) return true;
    try {
      return readdirSync(join(xdg, 'fish', 'conf.d')).some((f) => f.endsWith('.fish'));
    } catch {
      return false;
    }
  }
  return false;
}

function installedShell(name: string, host: Pick<DiagnoseHost, 'exists'>): string | null {
  for (const d of SHELL_DIRS) if (host.exists(join(d, name))) return join(d, name);
  return null;
}

/** The shells to ask: the login shell first, then bash, zsh and fish when installed and configured. */
export function userShells(loginShell: string | null, env: Env, host: Pick<DiagnoseHost, 'exists'>): string[] {
  const out: string[] = [];
  if (loginShell && host.exists(loginShell)) out.push(loginShell);
  for (const name of ['bash', 'zsh', 'fish']) {
    if (out.some((s) => shellNameOf(s) === name)) continue;
    const p = installedShell(name, host);
    if (p && shellConfigured(name, env, host)) out.push(p);
  }
  return out;
}

const ASSIGN = /(?:^|\s)['"]?([A-Za-z_][A-Za-z0-9_]*)\+?=/g;

/** Assignments in one traced command ("export A=1 B=2", "A=1", "declare -x A=1"). */
function tracedAssignments(cmd: string): string[] {
  const m = /^(?:(?:export|declare|typeset|readonly|local)(?:\s+-[a-zA-Z]+)*\s+)?(.*)$/.exec(cmd.trim());
  if (!m) return [];
  const isDecl = m[1] !== cmd.trim();
  const rest = m[1]!;
  if (!isDecl) {
    const one = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/.exec(rest);
    return one ? [one[1]!] : [];
  }
  return [...rest.matchAll(ASSIGN)].map((x) => x[1]!);
}

/** Parse bash (`+file:line: cmd`) or zsh (`+file:line> cmd`) trace output into origins. */
export function parseTrace(stderr: string, shell: string, prefix: string): Record<string, SettingOrigin> {
  const origins: Record<string, SettingOrigin> = {};
  const re = new RegExp(`^\\++${prefix}(/[^:\\n]*):(\\d+)[:>] (.*)$`);
  for (const line of stderr.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    for (const v of tracedAssignments(m[3]!)) origins[v] = { shell, file: m[1]!, line: Number(m[2]), variable: v };
  }
  return origins;
}

/** fish: the last `set ... NAME`, `set -x`, `export NAME=` or `fish_add_path` (PATH) in the files fish reads. */
export function fishOrigins(files: Array<{ file: string; text: string }>): Record<string, SettingOrigin> {
  const origins: Record<string, SettingOrigin> = {};
  for (const { file, text } of files) {
    text.split(/\r?\n/).forEach((raw, i) => {
      const l = raw.replace(/(^|\s)#.*$/, '').trim();
      let m: RegExpExecArray | null;
      const at = (variable: string) => (origins[variable] = { shell: 'fish', file, line: i + 1, variable });
      if ((m = /^set\s+(?:-[-a-zA-Z]+\s+)*([A-Za-z_][A-Za-z0-9_]*)\b/.exec(l)) && !/\s-(?:[a-zA-Z]*e|-erase)\b/.test(l.split(m[1]!)[0]!)) at(m[1]!);
      else if ((m = /^export\s+([A-Za-z_][A-Za-z0-9_]*)=/.exec(l))) at(m[1]!);
      else if (/^fish_add_path\b/.test(l)) at('PATH');
    });
  }
  return origins;
}

/** Where each variable was set, for one shell and mode. */
export async function traceOrigins(shell: string, mode: ShellMode, env: Env, host: DiagnoseHost, signal?: AbortSignal): Promise<Record<string, SettingOrigin>> {
  const name = shellNameOf(shell);
  if (name === 'bash') {
    // bash ignores PS4 from the environment as root, so the startup sequence is run with tracing on
    const ps4 = "PS4='+__GOOFT__${BASH_SOURCE}:${LINENO}: '";
    const seq =
      mode === 'login'
        ? `${ps4}; set -x; if [ -r /etc/profile ]; then . /etc/profile; fi; for __f in "$HOME/.bash_profile" "$HOME/.bash_login" "$HOME/.profile"; do if [ -r "$__f" ]; then . "$__f"; break; fi; done`
        : `${ps4}; set -x; if [ -r /etc/bash.bashrc ]; then . /etc/bash.bashrc; fi; if [ -r "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi`;
    const r = await run(shell, ['--noprofile', '--norc', ...(mode === 'interactive' ? ['-i'] : []), '-c', seq], { env, timeoutMs: 20_000, input: '', cwd: env.HOME, signal });
    return parseTrace(r.stderr, 'bash', '__GOOFT__');
  }
  if (name === 'zsh') {
    const r = await run(shell, ['-x', mode === 'login' ? '-l' : '-i', '-c', ':'], { env: { ...env, PS4: '+__GOOFT__%x:%I> ' }, timeoutMs: 20_000, input: '', cwd: env.HOME, signal });
    return parseTrace(r.stderr, 'zsh', '__GOOFT__');
  }
  if (name === 'fish') {
    const files: Array<{ file: string; text: string }> = [];
    for (const f of shellStartupFiles('fish', mode, env)) {
      const text = await host.readText(f);
      if (text !== null) files.push({ file: f, text });
    }
    return fishOrigins(files);
  }
  return {};
}

/** Startup files the shell cannot parse, with the line (`bash -n`, `zsh -n`, `fish -n`). */
export async function startupSyntaxErrors(shell: string, files: string[], host: DiagnoseHost, signal?: AbortSignal): Promise<StartupError[]> {
  const name = shellNameOf(shell);
  if (!['bash', 'zsh', 'fish'].includes(name)) return [];
  const out: StartupError[] = [];
  for (const file of files) {
    if (!host.exists(file) || (await host.readText(file)) === null) continue;
    const r = await run(shell, ['-n', file], { env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' }, timeoutMs: 20_000, input: '', signal });
    if (r.code === 0 || r.spawnError) continue;
    const text = r.stderr;
    const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m =
      new RegExp(`${esc}: line (\\d+): (.*)`).exec(text) ?? // bash
      new RegExp(`${esc}:(\\d+): (.*)`).exec(text) ?? // zsh
      new RegExp(`${esc} \\(line (\\d+)\\): (.*)`).exec(text); // fish
    if (m) out.push({ shell: name, file, line: Number(m[1]), message: m[2]!.trim() });
    else if (text.trim()) out.push({ shell: name, file, line: 0, message: text.trim().split('\n')[0]!.slice(0, 200) });
  }
  return out;
}
