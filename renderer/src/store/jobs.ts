/**
 * Running jobs and their latest progress. Jobs are registered by id before their channel is
 * called; progress events for ids we did not start, or with impossible numbers, are dropped.
 */
import { create } from 'zustand';
import type { Progress } from '../../../shared/progress';
import type { AppErrorData } from '../../../shared/errors';
import { call, errorData, newJobId, onProgress } from '../api';
import { isPlausible } from '../lib/progress';

export interface JobEntry {
  id: string;
  /** what the job is, e.g. "download" (for tests and the notification text) */
  kind: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  startedAt: number;
  last: Progress | null;
  /** the last event of each file, so finished files keep their 100 % */
  files: Record<string, Progress>;
  /** why it failed or was cancelled (kept here, not in a screen, so a screen shown again still has it) */
  error?: AppErrorData;
}

interface JobsState {
  jobs: Record<string, JobEntry>;
  /**
   * The job each kind's screen shows (the latest started), so that a screen left and shown again
   * re-attaches to it instead of offering a fresh start while the old job still runs.
   */
  current: Record<string, string>;
  /** how many events were rejected (tests and diagnostics) */
  rejected: number;
  begin(kind: string): string;
  /** apply one event; false when it was rejected */
  apply(p: Progress): boolean;
  finish(id: string, status: Exclude<JobEntry['status'], 'running'>, error?: AppErrorData): void;
  cancel(id: string): Promise<void>;
  /** A new journey starts clean: screens stop showing finished jobs (running ones stay attached). */
  forgetFinished(): void;
}

export const useJobs = create<JobsState>((set, get) => ({
  jobs: {},
  current: {},
  rejected: 0,
  begin(kind) {
    const id = newJobId();
    set((s) => ({ jobs: { ...s.jobs, [id]: { id, kind, status: 'running', startedAt: Date.now(), last: null, files: {} } }, current: { ...s.current, [kind]: id } }));
    return id;
  },
  apply(p) {
    const job = get().jobs[p.jobId];
    if (!job || job.status !== 'running' || !isPlausible(p)) {
      set((s) => ({ rejected: s.rejected + 1 }));
      return false;
    }
    const files = p.file ? { ...job.files, [p.file]: p } : job.files;
    set((s) => ({ jobs: { ...s.jobs, [p.jobId]: { ...job, last: p, files } } }));
    return true;
  },
  finish(id, status, error) {
    const job = get().jobs[id];
    if (!job) return;
    set((s) => ({ jobs: { ...s.jobs, [id]: { ...job, status, ...(error ? { error } : {}) } } }));
  },
  async cancel(id) {
    await call('jobs.cancel', { jobId: id }).catch(() => false);
  },
  forgetFinished() {
    const { jobs, current } = get();
    const keep = Object.fromEntries(Object.entries(current).filter(([, id]) => jobs[id]?.status === 'running'));
    set({ current: keep });
  },
}));

/** The job a screen of this kind shows (running, or the last one finished), if any. */
export function currentJob(s: Pick<JobsState, 'jobs' | 'current'>, kind: string): JobEntry | undefined {
  const id = s.current[kind];
  return id ? s.jobs[id] : undefined;
}

/** Jobs still running (what leaving a screen asks about). */
export function runningJobs(s: Pick<JobsState, 'jobs'>): JobEntry[] {
  return Object.values(s.jobs).filter((j) => j.status === 'running');
}

/** React hook: the current job of a kind, its id, whether it runs, and its error (for the screens). */
export function useCurrentJob(kind: string): { job: JobEntry | undefined; jobId: string | null; running: boolean; error: AppErrorData | null } {
  const job = useJobs((s) => currentJob(s, kind));
  return { job, jobId: job?.id ?? null, running: job?.status === 'running', error: job && job.status !== 'running' && job.status !== 'done' ? (job.error ?? null) : null };
}

let unsubscribe: (() => void) | null = null;

/** Route the engine's progress events into the store (once per window). */
export function connectProgress(): void {
  if (unsubscribe || typeof window === 'undefined' || !window.goOffline) return;
  unsubscribe = onProgress((p) => void useJobs.getState().apply(p));
}

/** Tests: stop listening (a new engine API is installed per test file). */
export function disconnectProgress(): void {
  unsubscribe?.();
  unsubscribe = null;
}

/**
 * Run a job channel: register its id, call, and mark it done, failed or cancelled. The caller
 * passes the call with the id filled in.
 */
export async function runJob<R>(kind: string, start: (jobId: string) => Promise<R>, onId?: (id: string) => void): Promise<R> {
  connectProgress();
  const { begin, finish } = useJobs.getState();
  const id = begin(kind);
  onId?.(id);
  try {
    const r = await start(id);
    finish(id, 'done');
    return r;
  } catch (e) {
    const data = errorData(e);
    finish(id, data.code === 'CANCELLED' ? 'cancelled' : 'failed', data);
    throw e;
  }
}
