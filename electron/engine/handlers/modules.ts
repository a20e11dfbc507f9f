import { modulesChannels } from '../../../shared/ipc/modules';
import { checkProjects } from '../modules';
import type { AreaHandlers } from './types';

/** Handlers of the modules area: thin calls into the engine. */
export const modulesHandlers: AreaHandlers<typeof modulesChannels> = {
  'modules.checkProjects': async (args, ctx) =>
    checkProjects(args.projects, args.goVersion.startsWith('go') ? args.goVersion : `go${args.goVersion}`, {
      goroot: args.goroot,
      env: ctx.env,
      signal: ctx.job.signal,
    }),
};
