import { z } from 'zod';
import { channel } from './define';
import { environmentChoicesSchema } from './install';
import type { GoVariables } from '../install';

export interface EnvironmentPreview {
  goroot: string;
  variables: GoVariables;
  /** the files (or registry key) that would get our block, with the block text */
  targets: Array<{ path: string; readBy: string; kind: 'block' | 'file'; text: string }>;
  registryKey: string | null;
  link: { path: string; target: string } | null;
  /** GOROOT settings found that break Go (stale) */
  staleGoroot: Array<{ where: string; value: string }>;
}

/** IPC channels of the environment area (step 6 preview; the writing happens in install.run). */
export const environmentChannels = {
  /** What the "Configure environment" step would write, file by file, before anything changes. */
  'environment.preview': channel<EnvironmentPreview>()(
    z
      .object({
        scope: z.enum(['user', 'system']),
        prefix: z.string().min(1).max(4096).optional(),
        moduleProxy: z.boolean().default(false),
        choices: environmentChoicesSchema.optional(),
      })
      .strict(),
  ),
};
