/**
 * Elevation of only the writing step of a system-wide install started from the app: we run OUR
 * OWN command line (`go-offline install --bundle … --scope system --yes --json`) with
 * administrator rights, built as an argument array, never as a shell string of ours:
 *
 * - Linux: `pkexec <node|electron> <cli.cjs> install …`; for Electron (the packaged app, or the
 *   app started from a checkout) `pkexec /usr/bin/env ELECTRON_RUN_AS_NODE=1 … <app> <cli.cjs> …`,
 *   because pkexec starts the program with a clean environment (so the few variables the CLI needs,
 *   language and GO_OFFLINE_SYSTEM_ROOT, are passed the same way);
 * - macOS: `osascript -e 'do shell script "<command>" with administrator privileges'`: the command
 *   is every argument quoted by `posixQuote`, then the whole put in an AppleScript string literal by
 *   `appleScriptString` (both tested against hostile paths);
 * - Windows: `powershell -EncodedCommand <outer>`, where outer runs
 *   `Start-Process powershell -Verb RunAs -Wait` with an inner encoded script that sets
 *   ELECTRON_RUN_AS_NODE when needed and starts our CLI with `Start-Process -ArgumentList <line>`;
 *   the line is built by `windowsArg` (the Microsoft C runtime's rules), PowerShell strings by
 *   `psString`. UAC gives the elevated program no console to us, so the CLI writes its result to
 *   `--result-file` (also used on macOS, where `do shell script` keeps only one stream).
 *
 * Progress is coarse: "elevate" at the start and at the end; the result is the child's own JSON.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { AppError, type AppErrorData, type ErrorCode } from '../../../shared/errors';
import type { EnvironmentChoices, InstallResult } from '../../../shared/install';
import { run } from '../exec';
import { appleScriptString, noNul, posixQuote, psEncode, psString, windowsArg } from '../quote';
import type { JobContext } from '../jobs';
import type { Env } from '../paths';

/** How our CLI is started: by Node, or by the Electron binary running as Node. */
export interface CliRuntime {
  execPath: string;
  electron: boolean;
  cliPath: string;
}

export interface ElevatedCommand {
  file: string;
  args: string[];
  /** where the child writes its result (macOS, Windows) */
  resultFile?: string;
}

export interface ElevatedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError?: NodeJS.ErrnoException;
}

/** The one seam: how a command is run with administrator rights (tests run a stand-in pkexec). */
export interface Elevator {
  run(cmd: ElevatedCommand, opts: { signal: AbortSignal; env: Env }): Promise<ElevatedRun>;
}

/** Runs the command as built: the OS's own prompt (pkexec, osascript, UAC) asks for rights. */
export const systemElevator: Elevator = {
  run: (cmd, opts) => run(cmd.file, cmd.args, { signal: opts.signal, env: opts.env, timeoutMs: 6 * 60 * 60 * 1000, maxBuffer: 64 * 1024 * 1024 }),
};

/** The CLI bundle inside a packaged app (asarUnpack, see docs/notes/packaging.md). */
export function packagedCliPath(resourcesPath: string): string {
  return join(resourcesPath, 'app.asar.unpacked', 'dist', 'cli', 'go-offline.cjs');
}

/** Our CLI from a checkout: dist/cli/go-offline.cjs above `from` (the engine, out/main, dist/cli). */
export function findCheckoutCli(from: string = __dirname): string | null {
  let dir = resolve(from);
  for (let i = 0; i < 8; i++) {
    const p = join(dir, 'dist', 'cli', 'go-offline.cjs');
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return null;
}

/** Which program runs our CLI here: the packaged app's Electron as Node, or this Node/Electron. */
export function cliRuntime(opts: { packaged: boolean; resourcesPath?: string; execPath?: string; electron?: boolean; cliPath?: string }): CliRuntime {
  const execPath = opts.execPath ?? process.execPath;
  const electron = opts.electron ?? !!process.versions.electron;
  if (opts.cliPath) return { execPath, electron, cliPath: opts.cliPath };
  if (opts.packaged && opts.resourcesPath) return { execPath, electron: true, cliPath: packagedCliPath(opts.resourcesPath) };
  const found = findCheckoutCli();
  if (!found) throw new AppError('INSTALL_ELEVATION_UNAVAILABLE', { method: 'go-offline', reason: 'the command-line program (dist/cli/go-offline.cjs) was not found; run "npm run build"' });
  return { execPath, electron, cliPath: found };
}

/** `go-offline install` arguments for the elevated run (system scope, no questions, JSON). */
export function elevatedInstallArgs(o: { bundle: string; prefix?: string; version?: string; environment?: EnvironmentChoices; resultFile?: string }): string[] {
  const a = ['install', '--bundle', o.bundle, '--scope', 'system'];
  if (o.prefix) a.push('--prefix', o.prefix);
  if (o.version) a.push('--go-version', o.version);
  const e = o.environment ?? {};
  // values may start with "-" (GOFLAGS=-mod=mod): the --name=value form keeps them values
  if (e.goproxy) a.push(`--goproxy=${e.goproxy}`);
  if (e.goflags) a.push(`--goflags=${e.goflags}`);
  if (e.goprivate) a.push(`--goprivate=${e.goprivate}`);
  if (e.gonosumdb) a.push(`--gonosumdb=${e.gonosumdb}`);
  if (e.gosumdbOff) a.push('--gosumdb-off');
  if (e.sudoLink) a.push('--sudo-link');
  for (const s of e.shells ?? []) a.push(`--shell=${s}`);
  if (e.removeStaleGoroot) a.push('--remove-goroot');
  if (o.resultFile) a.push('--result-file', o.resultFile);
  a.push('--yes', '--json');
  return a;
}

/** The variables the elevated CLI needs from ours (pkexec and UAC start it with a clean environment). */
export function forwardedEnv(env: Env): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const k of ['GO_OFFLINE_LANG', 'LANG', 'LC_ALL', 'LC_MESSAGES', 'GO_OFFLINE_SYSTEM_ROOT']) {
    const v = env[k];
    if (v) out.push([k, v]);
  }
  return out;
}

// ---------------------------------------------------------------- quoting: one module for every dialect (../quote.ts)

export { appleScriptString, posixQuote, psEncode, psString, windowsArg };

// ---------------------------------------------------------------- the argument vectors (pure, tested)

export function linuxElevation(rt: CliRuntime, args: string[], env: Array<[string, string]> = []): ElevatedCommand {
  const assignments = [...(rt.electron ? [['ELECTRON_RUN_AS_NODE', '1'] as [string, string]] : []), ...env].map(([k, v]) => `${k}=${noNul(v)}`);
  const program = [rt.execPath, rt.cliPath, ...args];
  return { file: 'pkexec', args: assignments.length ? ['/usr/bin/env', ...assignments, ...program] : program };
}

export function macElevation(rt: CliRuntime, args: string[], env: Array<[string, string]> = []): ElevatedCommand {
  const assignments = [...(rt.electron ? [['ELECTRON_RUN_AS_NODE', '1'] as [string, string]] : []), ...env].map(([k, v]) => posixQuote(`${k}=${v}`));
  const words = [...(assignments.length ? ['/usr/bin/env', ...assignments] : []), posixQuote(rt.execPath), posixQuote(rt.cliPath), ...args.map(posixQuote)];
  const command = words.join(' ');
  return { file: 'osascript', args: ['-e', `do shell script ${appleScriptString(command)} with administrator privileges`] };
}

export function windowsElevation(rt: CliRuntime, args: string[], env: Array<[string, string]> = []): ElevatedCommand {
  const line = [rt.cliPath, ...args].map(windowsArg).join(' ');
  const sets = [...(rt.electron ? [['ELECTRON_RUN_AS_NODE', '1'] as [string, string]] : []), ...env].map(([k, v]) => `$env:${k} = ${psString(v)}; `).join('');
  const inner = `${sets}$p = Start-Process -FilePath ${psString(rt.execPath)} -ArgumentList ${psString(line)} -Wait -PassThru -NoNewWindow; exit $p.ExitCode`;
  const psArgs = `-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${psEncode(inner)}`;
  const outer = `$ErrorActionPreference = 'Stop'; $p = Start-Process -FilePath 'powershell.exe' -ArgumentList ${psString(psArgs)} -Verb RunAs -Wait -PassThru -WindowStyle Hidden; exit $p.ExitCode`;
  return { file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', psEncode(outer)] };
}

/** The command for this OS (macOS and Windows also get a result file). */
export function elevationFor(platform: NodeJS.Platform, rt: CliRuntime, install: Parameters<typeof elevatedInstallArgs>[0], env: Env): ElevatedCommand {
  const fwd = forwardedEnv(env);
  if (platform === 'linux') return linuxElevation(rt, elevatedInstallArgs({ ...install, resultFile: undefined }), fwd);
  if (!install.resultFile) throw new Error('a result file is needed on this platform');
  const args = elevatedInstallArgs(install);
  const cmd = platform === 'darwin' ? macElevation(rt, args, fwd) : platform === 'win32' ? windowsElevation(rt, args, fwd) : null;
  if (!cmd) throw new AppError('INSTALL_ELEVATION_UNAVAILABLE', { method: platform, reason: 'this operating system has no supported administrator prompt' });
  return { ...cmd, resultFile: install.resultFile };
}

// ---------------------------------------------------------------- running it

function errorFromData(d: AppErrorData): AppError {
  return new AppError(d.code as ErrorCode, d.params ?? {}, d.detail);
}

function lastJson(text: string): unknown {
  try {
    return JSON.parse(text.trim()); // --json prints one (indented) document on stdout
  } catch {
    /* progress lines before an error line on stderr */
  }
  const lines = text.trim().split('\n').reverse();
  for (const l of lines) {
    const t = l.trim();
    if (!t.startsWith('{')) continue;
    try {
      return JSON.parse(t);
    } catch {
      /* a progress line */
    }
  }
  return null;
}

/** Turn what the elevated child left (exit code, output, result file) into its result or its error. */
export function childOutcome(method: string, r: ElevatedRun, resultText: string | null): InstallResult {
  if (r.spawnError) throw new AppError('INSTALL_ELEVATION_UNAVAILABLE', { method, reason: r.spawnError.code === 'ENOENT' ? `${method} is not installed` : r.spawnError.message });
  const fromFile = resultText ? (JSON.parse(resultText) as { ok: boolean; value?: InstallResult; error?: AppErrorData }) : null;
  if (fromFile?.ok && fromFile.value) return fromFile.value;
  if (fromFile && !fromFile.ok && fromFile.error) throw errorFromData(fromFile.error);
  if (r.code === 0) {
    const v = lastJson(r.stdout) as InstallResult | null;
    if (v && typeof v === 'object' && 'record' in v) return v;
  }
  const err = lastJson(r.stderr) as { error?: AppErrorData } | null;
  if (err?.error?.code) throw errorFromData(err.error);
  // no answer from our CLI: the prompt was refused or the elevation tool failed
  const cancelled = (method === 'pkexec' && r.code === 126) || (method === 'osascript' && /-128\b|User cancel/i.test(r.stderr)) || (method === 'powershell' && /cancel/i.test(r.stderr));
  if (cancelled) throw new AppError('INSTALL_ELEVATION_CANCELLED', { method });
  throw new AppError('INSTALL_ELEVATION_FAILED', { method, code: String(r.code ?? '?'), output: (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ').slice(0, 500) || '(none)' }, `${r.stderr}\n${r.stdout}`);
}

export interface ElevatedInstallOptions {
  bundle: string;
  prefix?: string;
  version?: string;
  environment?: EnvironmentChoices;
  env: Env;
  platform?: NodeJS.Platform;
  runtime: CliRuntime;
  job: JobContext;
  elevator?: Elevator;
}

/** Run `go-offline install … --scope system` with administrator rights and return its result. */
export async function runElevatedInstall(opts: ElevatedInstallOptions): Promise<InstallResult> {
  const platform = opts.platform ?? process.platform;
  const elevator = opts.elevator ?? systemElevator;
  const tmp = platform === 'linux' ? null : await mkdtemp(join(tmpdir(), 'go-offline-elevate-'));
  const resultFile = tmp ? join(tmp, 'result.json') : undefined;
  const cmd = elevationFor(platform, opts.runtime, { bundle: opts.bundle, prefix: opts.prefix, version: opts.version, environment: opts.environment, resultFile }, opts.env);
  const method = cmd.file === 'pkexec' ? 'pkexec' : cmd.file === 'osascript' ? 'osascript' : 'powershell';
  const tick = (done: number) => opts.job.progress({ phase: 'elevate', done, total: 1, overallDone: done, overallTotal: 1, unit: 'items', speed: 0, etaSeconds: null }, true);
  tick(0);
  try {
    const r = await elevator.run(cmd, { signal: opts.job.signal, env: opts.env });
    if (opts.job.signal.aborted) throw new AppError('CANCELLED');
    const text = resultFile ? await readFile(resultFile, 'utf8').catch(() => null) : null;
    const result = childOutcome(method, r, text);
    tick(1);
    return result;
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}
