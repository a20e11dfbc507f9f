/**
 * The keys a machine trusts and its signature policy.
 *
 * - Allow-lists: `<system config>/trusted-keys.json` (an administrator's) and
 *   `<user config>/trusted-keys.json`. The system list wins: where it exists, it alone decides
 *   which keys are trusted; the user's list is used only on machines without one.
 * - Policy: `<system config>/policy.json` (`signaturePolicy`, `signatureClock`) wins over the
 *   user's settings, which win over the defaults (warn, signing-time).
 * Both files are written atomically (temp + fsync + rename).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as OpenPGP from 'openpgp';
import { AppError } from '../../../shared/errors';
import {
  systemPolicy,
  trustList,
  type KeyListing,
  type SignatureClock,
  type SignaturePolicy,
  type TrustedKey,
  type TrustList,
} from '../../../shared/signing';
import { writeJsonAtomic } from '../atomic';
import { configDir, systemConfigDir, type Env } from '../paths';
import { loadSettings } from '../settings';
import { describeKey, formatFingerprint, normalizeFingerprint, pgp } from './keys';

export type TrustScope = 'system' | 'user';

export function trustListPath(scope: TrustScope, env: Env = process.env): string {
  return join(scope === 'system' ? systemConfigDir(env) : configDir(env), 'trusted-keys.json');
}

export function systemPolicyPath(env: Env = process.env): string {
  return join(systemConfigDir(env), 'policy.json');
}

async function readJson(path: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('KEY_FILE_INVALID', { path, message: (err as Error).message });
  }
}

/** One allow-list, or null when its file does not exist. A damaged list is an error, never "empty". */
export async function readTrustList(scope: TrustScope, env: Env = process.env): Promise<TrustList | null> {
  const path = trustListPath(scope, env);
  const raw = await readJson(path);
  if (raw === undefined) return null;
  const parsed = trustList.safeParse(raw);
  if (!parsed.success) throw new AppError('KEY_FILE_INVALID', { path, message: parsed.error.issues[0]?.message ?? 'not a trusted-keys list' });
  return parsed.data;
}

/** The keys that decide on this machine: the system list where it exists, else the user's. */
export async function effectiveTrust(env: Env = process.env): Promise<{ scope: TrustScope; path: string; keys: TrustedKey[] }> {
  const sys = await readTrustList('system', env);
  if (sys) return { scope: 'system', path: trustListPath('system', env), keys: sys.keys };
  const user = await readTrustList('user', env);
  return { scope: 'user', path: trustListPath('user', env), keys: user?.keys ?? [] };
}

/** Both lists, for `keys list` and the settings drawer. */
export async function listTrusted(env: Env = process.env): Promise<KeyListing[]> {
  const openpgp = await pgp();
  const out: KeyListing[] = [];
  for (const scope of ['system', 'user'] as const) {
    const list = await readTrustList(scope, env);
    for (const k of list?.keys ?? []) {
      const key = await openpgp.readKey({ armoredKey: k.armored });
      out.push(await describeKey(key, scope === 'system' ? 'trusted-system' : 'trusted-user'));
    }
  }
  return out;
}

async function readPublicKeys(text: string, path: string): Promise<OpenPGP.PublicKey[]> {
  const openpgp = await pgp();
  try {
    const keys = await openpgp.readKeys({ armoredKeys: text });
    return keys.map((k) => (k.isPrivate() ? k.toPublic() : (k as OpenPGP.PublicKey)));
  } catch (err) {
    throw new AppError('KEY_FILE_INVALID', { path, message: (err as Error).message });
  }
}

async function writeList(scope: TrustScope, keys: TrustedKey[], env: Env): Promise<void> {
  await writeJsonAtomic(trustListPath(scope, env), { schema: 'go-offline/trusted-keys', keys } satisfies TrustList, { mode: 0o644 });
}

/**
 * Add keys to an allow-list. A key already there is updated with what the file adds (a
 * revocation imported later is merged in, so the key stays refused).
 * With `fingerprint`, the file must hold exactly that key (read over the phone), and only it is added.
 */
export async function trustKeyFile(opts: { path: string; scope: TrustScope; fingerprint?: string; env?: Env; now?: Date }): Promise<KeyListing[]> {
  const env = opts.env ?? process.env;
  let text: string;
  try {
    text = await readFile(opts.path, 'utf8');
  } catch (err) {
    throw new AppError('FILE_NOT_READABLE', { path: opts.path }, String(err));
  }
  let keys = await readPublicKeys(text, opts.path);
  if (opts.fingerprint !== undefined) {
    const given = normalizeFingerprint(opts.fingerprint);
    const hit = keys.filter((k) => k.getFingerprint().toUpperCase() === given);
    if (!/^[0-9A-F]{40}$/.test(given) || hit.length !== 1) {
      throw new AppError('KEY_FINGERPRINT_MISMATCH', { given: formatFingerprint(opts.fingerprint), path: opts.path, found: keys.map((k) => formatFingerprint(k.getFingerprint())).join(', ') || '(no key)' });
    }
    keys = hit;
  }
  const list = (await readTrustList(opts.scope, env)) ?? { schema: 'go-offline/trusted-keys' as const, keys: [] };
  const openpgp = await pgp();
  const out: KeyListing[] = [];
  for (const k of keys) {
    const fpr = k.getFingerprint().toUpperCase();
    const i = list.keys.findIndex((e) => e.fingerprint === fpr);
    let merged: OpenPGP.PublicKey = k;
    if (i >= 0) {
      const old = await openpgp.readKey({ armoredKey: list.keys[i]!.armored });
      merged = (await old.update(k)) as OpenPGP.PublicKey;
    }
    const entry: TrustedKey = {
      fingerprint: fpr,
      userIds: merged.getUserIDs(),
      armored: merged.armor(),
      addedAt: i >= 0 ? list.keys[i]!.addedAt : (opts.now ?? new Date()).toISOString(),
      how: i >= 0 ? list.keys[i]!.how : opts.fingerprint !== undefined ? 'fingerprint' : 'import',
    };
    if (i >= 0) list.keys[i] = entry;
    else list.keys.push(entry);
    out.push(await describeKey(merged, opts.scope === 'system' ? 'trusted-system' : 'trusted-user'));
  }
  await writeList(opts.scope, list.keys, env);
  return out;
}

export async function untrustKey(opts: { fingerprint: string; scope: TrustScope; env?: Env }): Promise<void> {
  const env = opts.env ?? process.env;
  const want = normalizeFingerprint(opts.fingerprint);
  const list = await readTrustList(opts.scope, env);
  const kept = (list?.keys ?? []).filter((k) => !(want.length >= 16 && k.fingerprint.endsWith(want)));
  if (!list || kept.length === list.keys.length) throw new AppError('KEY_NOT_FOUND', { key: opts.fingerprint, where: trustListPath(opts.scope, env) });
  await writeList(opts.scope, kept, env);
}

export interface EffectivePolicy {
  policy: SignaturePolicy;
  policyFrom: 'system' | 'user' | 'default' | 'option';
  clock: SignatureClock;
}

/** The signature policy on this machine: the system policy wins over the user's settings. */
export async function effectivePolicy(env: Env = process.env, override?: SignaturePolicy): Promise<EffectivePolicy> {
  const raw = await readJson(systemPolicyPath(env));
  const sys = raw === undefined ? {} : systemPolicy.safeParse(raw).data;
  if (raw !== undefined && !sys) throw new AppError('KEY_FILE_INVALID', { path: systemPolicyPath(env), message: 'not a policy file: {"signaturePolicy": "off|warn|require", "signatureClock": "signing-time|this-clock"}' });
  const settings = await loadSettings(env);
  const clock = sys?.signatureClock ?? settings.signatureClock;
  if (sys?.signaturePolicy) return { policy: sys.signaturePolicy, policyFrom: 'system', clock };
  if (override) return { policy: override, policyFrom: 'option', clock };
  let userSet = false;
  try {
    userSet = 'signaturePolicy' in (JSON.parse(await readFile(join(configDir(env), 'settings.json'), 'utf8')) as object);
  } catch {
    /* no settings file */
  }
  return { policy: settings.signaturePolicy, policyFrom: userSet ? 'user' : 'default', clock };
}

/** Write the machine-wide policy (administrators; needs write access to the system config folder). */
export async function setSystemPolicy(patch: { signaturePolicy?: SignaturePolicy; signatureClock?: SignatureClock }, env: Env = process.env): Promise<void> {
  const raw = await readJson(systemPolicyPath(env));
  const current = raw === undefined ? {} : (systemPolicy.safeParse(raw).data ?? {});
  await writeJsonAtomic(systemPolicyPath(env), { ...current, ...patch }, { mode: 0o644 });
}
