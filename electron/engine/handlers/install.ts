import { resolve } from 'node:path';
import { installChannels } from '../../../shared/ipc/install';
import { AppError } from '../../../shared/errors';
import { canWrite } from '../environment';
import { installFromBundle, listVersions, readInstallState, recoverInstalls, resolvePrefix, rollback, uninstall, useVersion } from '../install';
import { cliRuntime, runElevatedInstall } from '../install/elevate';
import { isUrl } from '../bundle';
import type { AreaHandlers, HandlerContext } from './types';

type RunArgs = Parameters<(typeof installHandlers)['install.run']>[0];

/** The system install with administrator rights: our own CLI through pkexec / osascript / UAC. */
function elevated(args: RunArgs, ctx: HandlerContext) {
  return runElevatedInstall({
    bundle: isUrl(args.bundle) ? args.bundle : resolve(args.bundle),
    prefix: args.prefix ? resolve(args.prefix) : undefined,
    version: args.version,
    environment: args.environment,
    env: ctx.env,
    platform: ctx.platform,
    runtime: cliRuntime({ packaged: ctx.packaged, resourcesPath: ctx.resourcesPath }),
    job: ctx.job,
  });
}

/** Handlers of the install area: thin calls into the engine. */
export const installHandlers: AreaHandlers<typeof installChannels> = {
  'install.run': async (args, ctx) => {
    const mayElevate = args.scope === 'system' && !!args.elevate;
    if (mayElevate && !(await canWrite(await resolvePrefix('system', args.prefix, ctx.env, ctx.platform)))) return elevated(args, ctx);
    try {
      return await installFromBundle({ bundle: args.bundle, scope: args.scope, prefix: args.prefix, version: args.version, environment: args.environment, env: ctx.env, job: ctx.job, platform: ctx.platform });
    } catch (err) {
      // rights are only known for sure when writing fails (Windows: the folder looks writable);
      // a failed install has undone everything it wrote, so the elevated run starts clean
      if (mayElevate && err instanceof AppError && err.code === 'INSTALL_NEEDS_ADMIN') return elevated(args, ctx);
      throw err;
    }
  },
  // what a killed run left is finished or undone first, so the state shown is true
  'install.state': async (args, ctx) => {
    await recoverInstalls({ scope: args.scope, prefix: args.prefix, env: ctx.env }).catch(() => []);
    return readInstallState({ scope: args.scope, prefix: args.prefix, env: ctx.env });
  },
  'install.rollback': (args, ctx) => rollback({ scope: args.scope, prefix: args.prefix, env: ctx.env, job: ctx.job }),
  'install.uninstall': (args, ctx) => uninstall({ scope: args.scope, prefix: args.prefix, env: ctx.env, job: ctx.job }),
  'install.versions': async (args, ctx) => {
    await recoverInstalls({ scope: args.scope, prefix: args.prefix, env: ctx.env }).catch(() => []);
    return listVersions({ scope: args.scope, prefix: args.prefix, env: ctx.env, platform: ctx.platform });
  },
  'install.use': (args, ctx) => useVersion({ version: args.version, scope: args.scope, prefix: args.prefix, env: ctx.env, job: ctx.job, platform: ctx.platform }),
};
