/**
 * The app log: one JSON line per event in `<stateDir>/logs/app.jsonl`, rotated at 5 MiB (one old
 * file kept). The support bundle collects this folder. Never throws: logging must not break work.
 */
import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir, type Env } from './paths';

const MAX_BYTES = 5 * 1024 * 1024;

export function logDir(env: Env = process.env): string {
  return join(stateDir(env), 'logs');
}

/** log lines being written (callers usually do not wait for them) */
const pending = new Set<Promise<void>>();

/** Resolves once every log line asked for so far is written: before removing a HOME, in tests, at exit. */
export async function logsWritten(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

export function appendLog(env: Env, event: string, data: Record<string, unknown> = {}): Promise<void> {
  const p = writeLine(env, event, data);
  pending.add(p);
  void p.finally(() => pending.delete(p));
  return p;
}

async function writeLine(env: Env, event: string, data: Record<string, unknown>): Promise<void> {
  try {
    const dir = logDir(env);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'app.jsonl');
    try {
      if ((await stat(file)).size > MAX_BYTES) await rename(file, join(dir, 'app.1.jsonl'));
    } catch {
      /* no log yet */
    }
    await appendFile(file, JSON.stringify({ time: new Date().toISOString(), pid: process.pid, event, ...data }) + '\n');
  } catch {
    /* logging is best effort */
  }
}
