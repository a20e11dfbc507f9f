import { isAbsolute, resolve } from 'node:path';
import { bundleChannels } from '../../../shared/ipc/bundle';
import { createBundle, listRemovableDrives, verifyBundle } from '../bundle';
import type { AreaHandlers } from './types';

/** Handlers of the bundle area: thin calls into the engine. */
export const bundleHandlers: AreaHandlers<typeof bundleChannels> = {
  'bundle.create': async (args, ctx) =>
    createBundle({
      version: args.version,
      platforms: args.platforms,
      archiveFiles: args.archiveFiles,
      mirrors: args.mirrors,
      projects: args.projects,
      vendor: args.vendor,
      profile: args.profile,
      outDir: resolve(args.outDir),
      split: args.split,
      env: ctx.env,
      job: ctx.job,
    }),
  'bundle.verify': async (args, ctx) => verifyBundle(/^https?:\/\//i.test(args.source) || isAbsolute(args.source) ? args.source : resolve(args.source), { job: ctx.job }),
  'bundle.drives': async (_args, ctx) => listRemovableDrives({ signal: ctx.job.signal }),
};
