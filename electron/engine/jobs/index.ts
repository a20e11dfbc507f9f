/**
 * Jobs: ids, cancellation and progress for long-running engine work. Every long engine function
 * takes a JobContext; the IPC handlers, the loopback bridge and the CLI each make one.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Progress, ProgressListener } from '../../../shared/progress';

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** Report progress; the context throttles (about 4 per second) unless `force`. */
  progress(p: Omit<Progress, 'jobId'>, force?: boolean): void;
  /** Structured log line for the app log / audit (optional sink). */
  log(event: string, data?: Record<string, unknown>): void;
}

export interface JobOptions {
  jobId?: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  onLog?: (event: string, data?: Record<string, unknown>) => void;
  /** Minimum ms between progress events (default 250). */
  intervalMs?: number;
}

export function createJob(opts: JobOptions = {}): JobContext {
  const jobId = opts.jobId ?? randomUUID();
  const signal = opts.signal ?? new AbortController().signal;
  const interval = opts.intervalMs ?? 250;
  let last = 0;
  return {
    jobId,
    signal,
    progress(p, force = false) {
      if (!opts.onProgress) return;
      const now = Date.now();
      if (!force && now - last < interval) return;
      last = now;
      opts.onProgress({ ...p, jobId });
    },
    log(event, data) {
      opts.onLog?.(event, data);
    },
  };
}

/** Throw CANCELLED when the job was cancelled. Call between units of work. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('CANCELLED');
}

/**
 * Speed over a sliding window (default 2 s) and ETA = remaining / speed.
 * Feed it cumulative byte counts; it is pure apart from the clock you pass.
 */
export class SpeedMeter {
  private samples: Array<{ t: number; v: number }> = [];
  constructor(private readonly windowMs = 2000) {}

  sample(value: number, now = Date.now()): void {
    this.samples.push({ t: now, v: value });
    while (this.samples.length > 2 && now - this.samples[0]!.t > this.windowMs) this.samples.shift();
  }

  /** Units per second over the window; 0 when unknown. */
  speed(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0]!;
    const b = this.samples[this.samples.length - 1]!;
    const dt = (b.t - a.t) / 1000;
    if (dt <= 0) return 0;
    const s = (b.v - a.v) / dt;
    return Number.isFinite(s) && s > 0 ? s : 0;
  }

  eta(done: number, total: number): number | null {
    const s = this.speed();
    if (s <= 0 || total <= 0 || done > total) return null;
    return Math.ceil((total - done) / s);
  }
}
