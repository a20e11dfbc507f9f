import { verifyChannels } from '../../../shared/ipc/verify';
import { readVerifyResults, verifyInstall } from '../verify';
import { resolveVerifyTarget } from '../verify/target';
import type { AreaHandlers } from './types';

/** Handlers of the verify area: thin calls into the engine. */
export const verifyHandlers: AreaHandlers<typeof verifyChannels> = {
  'verify.run': async (args, ctx) => {
    const target = await resolveVerifyTarget({ prefix: args.prefix, env: ctx.env, platform: ctx.platform });
    return verifyInstall({
      goroot: target.goroot,
      expectedVersion: target.expectedVersion,
      expectedEnv: target.expectedEnv,
      toolchainsPath: target.toolchainsPath,
      moduleProxy: args.moduleProxy ?? target.moduleProxy,
      projects: args.projects,
      env: ctx.env,
      platform: ctx.platform,
      job: ctx.job,
      locationNote: target.note,
    });
  },
  'verify.lastResults': async (_args, ctx) => readVerifyResults(ctx.env, ctx.platform),
};
