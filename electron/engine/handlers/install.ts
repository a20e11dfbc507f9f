import { installChannels } from '../../../shared/ipc/install';
import { installFromBundle, readInstallState, rollback, uninstall } from '../install';
import type { AreaHandlers } from './types';

/** Handlers of the install area: thin calls into the engine. */
export const installHandlers: AreaHandlers<typeof installChannels> = {
  'install.run': (args, ctx) =>
    installFromBundle({ bundle: args.bundle, scope: args.scope, prefix: args.prefix, version: args.version, environment: args.environment, env: ctx.env, job: ctx.job, platform: ctx.platform }),
  'install.state': (args, ctx) => readInstallState({ scope: args.scope, prefix: args.prefix, env: ctx.env }),
  'install.rollback': (args, ctx) => rollback({ scope: args.scope, prefix: args.prefix, env: ctx.env, job: ctx.job }),
  'install.uninstall': (args, ctx) => uninstall({ scope: args.scope, prefix: args.prefix, env: ctx.env, job: ctx.job }),
};
