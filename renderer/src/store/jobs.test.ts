import { describe, it, expect, beforeEach } from 'vitest';
import type { Progress } from '../../../shared/progress';
import { useJobs } from './jobs';

const ev = (jobId: string, o: Partial<Progress> = {}): Progress => ({ jobId, phase: 'download', file: 'a.tar.gz', done: 10, total: 100, overallDone: 10, overallTotal: 200, unit: 'bytes', speed: 5, etaSeconds: 38, ...o });

describe('jobs store', () => {
  beforeEach(() => useJobs.setState({ jobs: {}, rejected: 0 }));
  it('keeps the last event of a job it started, per file too', () => {
    const id = useJobs.getState().begin('download');
    expect(useJobs.getState().apply(ev(id))).toBe(true);
    expect(useJobs.getState().apply(ev(id, { file: 'b.tar.gz', done: 50, overallDone: 150 }))).toBe(true);
    const job = useJobs.getState().jobs[id]!;
    expect(job.last?.file).toBe('b.tar.gz');
    expect(Object.keys(job.files)).toEqual(['a.tar.gz', 'b.tar.gz']);
  });
  it('rejects unknown ids, finished jobs and impossible numbers', () => {
    const id = useJobs.getState().begin('download');
    expect(useJobs.getState().apply(ev('not-ours'))).toBe(false);
    expect(useJobs.getState().apply(ev(id, { done: Number.NaN }))).toBe(false);
    expect(useJobs.getState().apply(ev(id, { overallDone: Number.POSITIVE_INFINITY }))).toBe(false);
    expect(useJobs.getState().apply(ev(id, { done: 1000 }))).toBe(false);
    useJobs.getState().finish(id, 'done');
    expect(useJobs.getState().apply(ev(id))).toBe(false);
    expect(useJobs.getState().rejected).toBe(5);
    expect(useJobs.getState().jobs[id]!.last).toBeNull();
  });
});
