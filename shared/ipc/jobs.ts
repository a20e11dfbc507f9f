import { z } from 'zod';
import { channel } from './define';

export const jobsChannels = {
  /** Cancel a running job by id; resolves true when a job with that id was running. */
  'jobs.cancel': channel<boolean>()(z.object({ jobId: z.string().uuid() })),
};
