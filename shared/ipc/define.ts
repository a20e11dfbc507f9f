import { z } from 'zod';
import type { AppErrorData } from '../errors';

/**
 * One IPC channel: the runtime schema of its single argument object and (as a type only) its
 * result. `job: true` marks long jobs: their argument carries a `jobId` chosen by the caller, they
 * emit progress events with that id and can be cancelled with `jobs.cancel`.
 */
export interface ChannelSpec<A extends z.ZodType = z.ZodType, R = unknown> {
  args: A;
  job: boolean;
  /** phantom: never read at run time */
  readonly _result?: R;
}

/** Declare a channel: `channel<Result>()(argsSchema)`. */
export function channel<R>() {
  return <A extends z.ZodType>(args: A, opts: { job?: boolean } = {}): ChannelSpec<A, R> => ({
    args,
    job: opts.job ?? false,
  });
}

export const jobArgs = z.object({ jobId: z.string().uuid() });

export type Envelope<R> = { ok: true; value: R } | { ok: false; error: AppErrorData };
