/**
 * Running jobs and their latest progress. Jobs are registered by id before their channel is
 * called; progress events for ids we did not start, or with impossible numbers, are dropped.
 */
import { create } from 'zustand';
import type { Progress } from '../../../shared/progress';
import { call, newJobId, onProgress } from '../api';
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
}

interface JobsState {
  jobs: Record<string, JobEntry>;
  /** how many events were rejected (tests and diagnostics) */
  rejected: number;
  begin(kind: string): string;
  /** apply one event; false when it was rejected */
  apply(p: Progress): boolean;
  finish(id: string, status: Exclude<JobEntry['status'], 'running'>): void;
  cancel(id: string): Promise<void>;
}

export const useJobs = create<JobsState>((set, get) => ({
  jobs: {},
  rejected: 0,
  begin(kind) {
    const id = newJobId();
    set((s) => ({ jobs: { ...s.jobs, [id]: { id, kind, status: 'running', startedAt: Date.now(), last: null, files: {} } } }));
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
  finish(id, status) {
    const job = get().jobs[id];
    if (!job) return;
    set((s) => ({ jobs: { ...s.jobs, [id]: { ...job, status } } }));
  },
  async cancel(id) {
    await call('jobs.cancel', { jobId: id }).catch(() => false);
  },
}));

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
    const code = (e as { data?: { code?: string } }).data?.code;
    finish(id, code === 'CANCELLED' ? 'cancelled' : 'failed');
    throw e;
  }
}
