import { z } from 'zod';
import { channel } from './define';
import type { DownloadedFile } from '../releases';

export interface DownloadResult {
  version: string;
  outDir: string;
  /** where the list of releases came from (a mirror, a public Go site, a listing file) */
  source: string;
  files: DownloadedFile[];
}

/** IPC channels of the download area (step 3). */
export const downloadChannels = {
  /**
   * Download and verify the archives of a version for the given platforms into outDir. A job:
   * progress per file and overall (phase "download", then "signature"); cancel with jobs.cancel.
   */
  'download.start': channel<DownloadResult>()(
    z
      .object({
        jobId: z.string().uuid(),
        version: z.string().min(1).max(40),
        platforms: z.array(z.string().regex(/^[a-z0-9]+-[a-z0-9]+$/).max(40)).min(1).max(40),
        outDir: z.string().min(1).max(4096),
        mirrors: z.array(z.string().url().max(2048)).max(20).optional(),
        acceptMissingSha256: z.boolean().default(false),
        signature: z.enum(['auto', 'off']).default('auto'),
      })
      .strict(),
    { job: true },
  ),
};
