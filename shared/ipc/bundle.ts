import { z } from 'zod';
import { channel, jobArgs } from './define';
import type { BundleVerifyReport, RemovableDrive } from '../bundle';
import type { BundleExportResult } from '../bundle';
import type { Finding } from '../platform';

const path = z.string().min(1).max(4096);
const platform = z.string().regex(/^[a-z0-9]+-[a-z0-9]+$/).max(40);

/** IPC channels of the bundle area (step 4). Thin doors to createBundle, verifyBundle and the drive list. */
export const bundleChannels = {
  /**
   * Make a bundle in outDir: the given (already verified) archives or a fresh download, the module
   * proxy of the projects, scripts, manifest and SHA256SUMS; every byte read back. A job.
   */
  'bundle.create': channel<BundleExportResult & { warnings: Finding[] }>()(
    jobArgs
      .extend({
        version: z.string().min(1).max(40).optional(),
        platforms: z.array(platform).max(40).default([]),
        archiveFiles: z.array(path).max(40).optional(),
        mirrors: z.array(z.string().url().max(2048)).max(20).optional(),
        projects: z.array(path).max(50).optional(),
        vendor: z.boolean().optional(),
        profile: path.optional(),
        outDir: path,
        split: z.enum(['auto', 'never', 'always']).optional(),
      })
      .strict(),
    { job: true },
  ),
  /** Check every file of a bundle folder or relay URL; fails with BUNDLE_TAMPERED (naming each file) when one differs. A job. */
  'bundle.verify': channel<BundleVerifyReport>()(jobArgs.extend({ source: z.string().min(1).max(4096) }).strict(), { job: true }),
  /** Removable drives of this machine (system disks never listed). */
  'bundle.drives': channel<RemovableDrive[]>()(z.object({}).strict()),
} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
