import type { z } from 'zod';
import type { ChannelSpec } from '../../../shared/ipc/define';
import type { Progress } from '../../../shared/progress';
import type { JobContext } from '../jobs';
import type { Env } from '../paths';

/** What every handler gets besides its validated argument. Made by main (Electron) or the bridge. */
export interface HandlerContext {
  env: Env;
  platform: NodeJS.Platform;
  /** For channels declared with `job: true`: the job made from the caller's jobId. */
  job: JobContext;
  /** Emit a progress event to the caller (already bound to the job id by `job.progress`). */
  emit(p: Progress): void;
  /** Whether the app runs packaged (Electron, not from a checkout); some features need it. */
  packaged: boolean;
  /** process.resourcesPath of the packaged app (main process only): its CLI, its own installers */
  resourcesPath?: string;
}

type ResultOf<S> = S extends ChannelSpec<z.ZodType, infer R> ? R : never;

/** The implementations of one area's channels, typed from its declarations. */
export type AreaHandlers<Chs extends Record<string, ChannelSpec>> = {
  [C in keyof Chs]: (args: z.output<Chs[C]['args']>, ctx: HandlerContext) => Promise<ResultOf<Chs[C]>>;
};
