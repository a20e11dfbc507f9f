/**
 * The only way the engine starts programs: an executable and an argument array, never a shell
 * string. Output is captured with a size cap; a timeout and an AbortSignal end the child.
 */
import { execFile, type ExecFileOptions } from 'node:child_process';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** true when the program could not be started at all (ENOENT, EACCES, ENOEXEC...). */
  spawnError?: NodeJS.ErrnoException;
  timedOut: boolean;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  signal?: AbortSignal;
  maxBuffer?: number;
  input?: string;
}

export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const options: ExecFileOptions = {
      cwd: opts.cwd,
      env: opts.env as NodeJS.ProcessEnv | undefined,
      timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: opts.maxBuffer ?? 16 * 1024 * 1024,
      signal: opts.signal,
      windowsHide: true,
      encoding: 'utf8',
    };
    const child = execFile(file, args, options, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals }) | null;
      const spawnFailed = !!err && typeof err.code === 'string' && err.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' && err.code !== 'ABORT_ERR';
      resolve({
        code: err ? (typeof err.code === 'number' ? err.code : spawnFailed ? null : (child.exitCode ?? null)) : 0,
        signal: err?.signal ?? null,
        stdout: String(stdout ?? ''),
        stderr: String(stderr ?? ''),
        spawnError: spawnFailed ? err! : undefined,
        timedOut: !!err?.killed && err.signal === 'SIGTERM' && !opts.signal?.aborted,
      });
    });
    if (opts.input !== undefined && child.stdin) {
      // a program may exit without reading its input (EPIPE): that is its answer, not our crash
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

/** A copy of the environment with Go pinned to the local toolchain and a stable locale. */
export function goEnv(base: Record<string, string | undefined> = process.env, extra: Record<string, string | undefined> = {}) {
  const env: Record<string, string | undefined> = { ...base, GOTOOLCHAIN: 'local', LC_ALL: 'C', ...extra };
  return env;
}
