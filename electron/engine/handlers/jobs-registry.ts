import { createJob, type JobContext } from '../jobs';
import type { Progress } from '../../../shared/progress';

/** Running jobs by id, so that `jobs.cancel` can reach them. One per main process or bridge. */
export class JobRegistry {
  private readonly running = new Map<string, AbortController>();

  start(jobId: string, emit: (p: Progress) => void): { job: JobContext; done(): void } {
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const job = createJob({ jobId, signal: controller.signal, onProgress: emit });
    return { job, done: () => this.running.delete(jobId) };
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}
