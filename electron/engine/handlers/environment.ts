import { join } from 'node:path';
import { environmentChannels } from '../../../shared/ipc/environment';
import { fileProxyUrl, findStaleGoroot, planEnvironment, renderTarget, upsertBlock } from '../environment';
import { resolvePrefix } from '../install';
import { dataDir } from '../paths';
import type { AreaHandlers } from './types';

/** Handlers of the environment area: thin calls into the engine. */
export const environmentHandlers: AreaHandlers<typeof environmentChannels> = {
  'environment.preview': async (args, ctx) => {
    const prefix = await resolvePrefix(args.scope, args.prefix, ctx.env, ctx.platform);
    const goroot = join(prefix, 'go');
    const proxyUrl = args.moduleProxy ? fileProxyUrl(join(dataDir(ctx.env, ctx.platform), 'modules', 'proxy'), ctx.platform) : null;
    const plan = planEnvironment({ scope: args.scope, goroot, env: ctx.env, platform: ctx.platform, choices: args.choices, moduleProxyUrl: proxyUrl });
    const stale = await findStaleGoroot(ctx.env, plan.targets.filter((t) => t.syntax === 'sh').map((t) => t.path));
    return {
      goroot,
      variables: plan.variables,
      targets: plan.targets.map((t) => ({
        path: t.path,
        readBy: t.readBy,
        kind: t.kind,
        text: t.syntax === 'paths' ? renderTarget(t, plan.variables).join('\n') + '\n' : upsertBlock('', renderTarget(t, plan.variables)).text,
      })),
      registryKey: plan.registryKey,
      link: plan.link,
      staleGoroot: stale.map((s) => ({ where: s.where, value: s.value })),
    };
  },
};
