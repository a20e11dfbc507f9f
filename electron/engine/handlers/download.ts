import { downloadChannels } from '../../../shared/ipc/download';
import { downloadVersion } from '../download/release';
import type { AreaHandlers } from './types';

/** Handlers of the download area: thin calls into the engine. */
export const downloadHandlers: AreaHandlers<typeof downloadChannels> = {
  'download.start': async (args, ctx) => {
    const r = await downloadVersion({
      version: args.version,
      platforms: args.platforms,
      outDir: args.outDir,
      mirrors: args.mirrors,
      acceptMissingSha256: args.acceptMissingSha256,
      signature: args.signature === 'off' ? { mode: 'off' } : undefined,
      job: ctx.job,
      env: ctx.env,
    });
    return { version: r.version, outDir: r.outDir, source: r.source, files: r.files };
  },
};
