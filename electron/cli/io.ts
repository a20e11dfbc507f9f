/**
 * Conventions shared by every CLI command: `--json` prints exactly one JSON document on stdout;
 * human text otherwise; progress on stderr (a bar on a terminal, plain lines otherwise); errors on
 * stderr with the same code, title, cause and fix as the UI; exit 0 success, 1 failed check,
 * 2 bad usage or bad input.
 */
import { createInterface } from 'node:readline/promises';
import { AppError, toAppError, type AppErrorData } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { pick, type Lang } from '../../shared/text';
import { formatBytes, formatDuration } from '../../shared/format';

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
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function println(io: CliIO, text = ''): void {
  io.stdout.write(text + '\n');
}

/** Print an error the way the UI shows it; returns the exit status to use. */
export function printError(io: CliIO, err: unknown, json: boolean): 1 | 2 {
  const e = toAppError(err);
  const data: AppErrorData = e.toData();
  if (json) {
    io.stderr.write(JSON.stringify({ error: data }) + '\n');
  } else {
    const l = io.lang;
    io.stderr.write(
      `error ${data.code}: ${pick(data.title, l)}\n` +
        `  ${l === 'zh' ? '原因' : 'Cause'}: ${pick(data.cause, l)}\n` +
        `  ${l === 'zh' ? '解决办法' : 'Fix'}: ${pick(data.fix, l)}\n` +
        (data.detail && io.env.GO_OFFLINE_DEBUG ? `  detail: ${data.detail}\n` : ''),
    );
  }
  return data.exit;
}

/** A progress reporter for stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
export function progressPrinter(io: CliIO): (p: Progress) => void {
  let lastPlain = 0;
  const tty = !!io.stderr.isTTY;
  return (p) => {
    const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : null;
    const size =
      p.unit === 'bytes'
        ? `${formatBytes(p.done, io.lang)}${p.total > 0 ? ' / ' + formatBytes(p.total, io.lang) : ''}`
        : `${p.done}${p.total > 0 ? '/' + p.total : ''}`;
    const speed = p.speed > 0 && p.unit === 'bytes' ? ` ${formatBytes(p.speed, io.lang)}/s` : '';
    const eta = p.etaSeconds !== null ? ` ETA ${formatDuration(p.etaSeconds, io.lang)}` : '';
    const label = `${p.phase}${p.file ? ' ' + p.file : ''}`;
    if (tty) {
      const width = 24;
      const filled = pct === null ? 0 : Math.round((pct / 100) * width);
      const bar = pct === null ? '' : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% `;
      io.stderr.write(`\r\x1b[K${label} ${bar}${size}${speed}${eta}`);
      if (pct === 100) io.stderr.write('\n');
    } else {
      const now = Date.now();
      if (now - lastPlain < 2000 && pct !== 100) return;
      lastPlain = now;
      io.stderr.write(`${label}${pct !== null ? ' ' + pct + '%' : ''} ${size}${speed}${eta}\n`);
    }
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
  const rl = createInterface({ input: process.stdin, output: io.stderr });
  try {
    const answer = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes' && answer !== '是') throw new AppError('CANCELLED');
  } finally {
    rl.close();
  }
}
