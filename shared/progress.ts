import type { SourceAnswerKind } from './sources';

/** Progress of a long job, as pure data. Emitted by the engine about every 250 ms. */
export interface Progress {
  jobId: string;
  /** Stable machine name of the current phase, e.g. "download", "verify", "extract", "copy". */
  phase: string;
  /** The file being worked on, if any (display name, not necessarily a path). */
  file?: string;
  /** Bytes (or items, see `unit`) done and total for the current file; total 0 = unknown. */
  done: number;
  total: number;
  /** Overall across all files of the job. */
  overallDone: number;
  overallTotal: number;
  unit: 'bytes' | 'items';
  /** Speed over a sliding window (units per second); 0 while unknown. */
  speed: number;
  /** Seconds remaining, or null while the speed is 0 or the total unknown. */
  etaSeconds: number | null;
  /** Optional short machine-readable note (e.g. "resuming", "retry 2/5"). */
  note?: string;
  /** Downloads: where the bytes are asked from (the UI names "your mirror" or "the public Go site"). */
  source?: { url: string; official: boolean };
  /** Downloads: the retry under way, n of the retries allowed, and what the source did before it. */
  retry?: { attempt: number; of: number; reason: SourceAnswerKind; seconds?: number; status?: number };
  /** Downloads: whole seconds since the last byte arrived (or since asking), when 3 or more. */
  waitingSeconds?: number;
}

export type ProgressListener = (p: Progress) => void;

/** Percentage 0..100 (rounded down) or null when the total is unknown. Rejects impossible values. */
export function percent(done: number, total: number): number | null {
  if (!Number.isFinite(done) || !Number.isFinite(total) || total <= 0 || done < 0) return null;
  return Math.min(100, Math.floor((done / total) * 100));
}
