import { z } from 'zod';
import { channel } from './define';
import type { EnvReport } from '../platform';

export const platformChannels = {
  /** Step 1: check this machine. `probeNetwork` asks whether the Go download site answers. */
  'env.check': channel<EnvReport>()(
    z.object({ probeNetwork: z.boolean().default(true) }).strict(),
  ),
  /** Save the report as a target profile (JSON) at a path the user chose. */
  'env.saveProfile': channel<{ path: string }>()(
    z.object({ path: z.string().min(1).max(4096) }).strict(),
  ),
};
