/**
 * Conventions shared by every CLI command: `--json` prints exactly one JSON document on stdout;
 * human text otherwise; progress on stderr (a bar on a terminal, plain lines otherwise); errors on
 * stderr with the same code, title, cause and fix as the UI; exit 0 success, 1 failed check,
 * 2 bad usage or bad input.
 */
import { createInterface } from 'node:readline/promises';
import { AppError, toAppError, type AppErrorData } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { displaySafe, pick, type Lang } from '../../shared/text';
import { createProgressView, type EndState, type ProgressView } from './progress';

export interface CliIO {
  lang: Lang;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export function defaultIO(): CliIO {
  return {
    lang: langFromEnv(process.env),
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: !!process.stdin.isTTY,
    env: process.env,
  };
}

export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  const explicit = env.GO_OFFLINE_LANG;
  if (explicit) return explicit.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const loc = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return loc.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function printJson(io: CliIO, value: unknown): void {
  clearProgress(io);
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function println(io: CliIO, text = ''): void {
  clearProgress(io);
  io.stdout.write(text + '\n');
}

/** The exit status of a cancelled command (Ctrl-C, or "no" at a confirmation): 128 + SIGINT, as shells report it. */
export const EXIT_CANCELLED = 130;

/** Print an error the way the UI shows it; returns the exit status to use (130 when cancelled). */
export function printError(io: CliIO, err: unknown, json: boolean): 1 | 2 | typeof EXIT_CANCELLED {
  const e = toAppError(err);
  const data: AppErrorData = e.toData();
  const exit = data.code === 'CANCELLED' ? EXIT_CANCELLED : data.exit;
  clearProgress(io);
  if (json) {
    io.stderr.write(JSON.stringify({ error: { ...data, exit } }) + '\n');
  } else {
    const l = io.lang;
    // parameters may come from outside (paths, entry names, a relay's answers): no terminal escapes
    io.stderr.write(
      `error ${data.code}: ${displaySafe(pick(data.title, l))}\n` +
        `  ${l === 'zh' ? '原因' : 'Cause'}: ${displaySafe(pick(data.cause, l))}\n` +
        `  ${l === 'zh' ? '解决办法' : 'Fix'}: ${displaySafe(pick(data.fix, l))}\n` +
        (data.detail && io.env.GO_OFFLINE_DEBUG ? `  detail: ${displaySafe(data.detail)}\n` : ''),
    );
  }
  return exit;
}

const activeProgress = new WeakMap<CliIO, ProgressView>();

/** Remove an open progress bar before other output (no-op without one). */
function clearProgress(io: CliIO): void {
  const v = activeProgress.get(io);
  if (v) {
    const t = v.clear();
    if (t) io.stderr.write(t);
  }
}

/**
 * Progress on stderr for one job (rules in ./progress.ts): `onProgress` takes the engine's events,
 * `end` prints the final state. While it is active, anything printed through this module clears
 * the bar first.
 */
export function startProgress(io: CliIO, now: () => number = Date.now): { onProgress: (p: Progress) => void; end: (state: EndState) => void } {
  const view = createProgressView({ tty: !!io.stderr.isTTY, lang: io.lang });
  activeProgress.set(io, view);
  return {
    onProgress: (p) => {
      const t = view.update(p, now());
      if (t) io.stderr.write(t);
    },
    end: (state) => {
      const t = view.end(state);
      if (t) io.stderr.write(t);
      if (activeProgress.get(io) === view) activeProgress.delete(io);
    },
  };
}

/**
 * Ask before an irreversible step. `--yes` answers yes; on a terminal the user is asked;
 * a non-terminal refuses (exit 2) so that scripts must say --yes explicitly.
 */
export async function confirm(io: CliIO, question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!io.stdinIsTTY) {
    throw new AppError('CONFIRMATION_NEEDED', { question });
  }
  clearProgress(io);
  const rl = createInterface({ input: process.stdin, output: io.stderr });
  // Ctrl-C at the prompt cancels (exit 130) instead of leaving the question hanging
  const ac = new AbortController();
  rl.on('SIGINT', () => ac.abort());
  try {
    let answer: string;
    try {
      answer = (await rl.question(`${question} [y/N] `, { signal: ac.signal })).trim().toLowerCase();
    } catch {
      throw new AppError('CANCELLED');
    }
    if (answer !== 'y' && answer !== 'yes' && answer !== '是') throw new AppError('CANCELLED');
  } finally {
    rl.close();
  }
}
