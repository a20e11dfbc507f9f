import { z } from 'zod';
import { channel } from './define';
import type { VerifyReport } from '../verify';

const dir = z.string().min(1).max(4096);

/** IPC channels of the verify area (step 7). */
export const verifyChannels = {
  /**
   * Run every verification check. Without `prefix`, the remembered install is checked (else the
   * go first on PATH, said so in the first check). Results are also saved for the support bundle.
   */
  'verify.run': channel<VerifyReport>()(
    z
      .object({
        jobId: z.string().uuid(),
        prefix: dir.optional(),
        projects: z.array(dir).max(50).default([]),
        moduleProxy: dir.optional(),
      })
      .strict(),
    { job: true },
  ),
  /** The last saved results (null when verify never ran for this user). */
  'verify.lastResults': channel<VerifyReport | null>()(z.object({}).strict()),
} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
