import { writeFileAtomic } from '../atomic';
import { keysChannels, type KeysPolicy } from '../../../shared/ipc/keys';
import { loadSettings, saveSettings } from '../settings';
import { effectivePolicy, exportOwnPublicKey, generateOwnKey, listOwnKeys, listTrusted, removeOwnKey, systemPolicyPath, trustKeyFile, untrustKey } from '../signing';
import type { Env } from '../paths';
import type { AreaHandlers } from './types';

async function policyOf(env: Env): Promise<KeysPolicy> {
  return { ...(await effectivePolicy(env)), systemPolicyFile: systemPolicyPath(env) };
}

/** Handlers of signing keys: thin calls into electron/engine/signing. */
export const keysHandlers: AreaHandlers<typeof keysChannels> = {
  'keys.list': async (_args, ctx) => [...(await listOwnKeys(ctx.env)), ...(await listTrusted(ctx.env))],
  'keys.generate': async (args, ctx) => {
    const { path: _path, ...k } = await generateOwnKey({ name: args.name, email: args.email || undefined, passphrase: args.passphrase || undefined, env: ctx.env });
    if (!(await loadSettings(ctx.env)).bundleSigningKey) await saveSettings({ bundleSigningKey: k.fingerprint }, ctx.env);
    return k;
  },
  'keys.exportPublic': async (args, ctx) => {
    await writeFileAtomic(args.path, await exportOwnPublicKey(args.fingerprint, ctx.env));
    return { path: args.path };
  },
  'keys.trust': async (args, ctx) => trustKeyFile({ path: args.path, fingerprint: args.fingerprint, scope: 'user', env: ctx.env }),
  'keys.remove': async (args, ctx) => {
    if (args.from === 'own') {
      const k = await removeOwnKey(args.fingerprint, ctx.env);
      if ((await loadSettings(ctx.env)).bundleSigningKey === k.fingerprint) await saveSettings({ bundleSigningKey: null }, ctx.env);
    } else await untrustKey({ fingerprint: args.fingerprint, scope: 'user', env: ctx.env });
    return true;
  },
  'keys.policy': async (_args, ctx) => policyOf(ctx.env),
  'keys.setPolicy': async (args, ctx) => {
    await saveSettings({ ...(args.policy ? { signaturePolicy: args.policy } : {}), ...(args.clock ? { signatureClock: args.clock } : {}) }, ctx.env);
    return policyOf(ctx.env);
  },
};
