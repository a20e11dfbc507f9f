import { writeJsonAtomic } from '../atomic';
import { platformChannels } from '../../../shared/ipc/platform';
import { checkEnvironment } from '../platform';
import type { AreaHandlers } from './types';
import type { EnvReport } from '../../../shared/platform';

let lastReport: EnvReport | null = null;

export const platformHandlers: AreaHandlers<typeof platformChannels> = {
  'env.check': async (args, ctx) => {
    lastReport = await checkEnvironment({
      env: ctx.env,
      platform: ctx.platform,
      probeNetwork: args.probeNetwork,
      probeUrl: ctx.env.GO_OFFLINE_PROBE_URL,
      signal: ctx.job.signal,
    });
    return lastReport;
  },
  'env.saveProfile': async (args, ctx) => {
    const report = lastReport ?? (await checkEnvironment({ env: ctx.env, platform: ctx.platform, probeNetwork: false }));
    // atomic: a reader (the other machine, a test) sees the whole profile or none
    await writeJsonAtomic(args.path, report);
    return { path: args.path };
  },
};
