/**
 * Signed bundles (issue 18): the preparer's keys, the machine's trusted keys and policy, signing
 * manifest.json at create and checking it at verify and install. Format: docs/BUNDLE.md.
 */
import { AppError } from '../../../shared/errors';
import { SIGNER_KEY_NAME, type BundleSignatureCheck, type SignaturePolicy } from '../../../shared/signing';
import type { Env } from '../paths';
import type { ManifestRead } from '../bundle/manifest';
import { checkManifestSignature, signatureRefusal } from './signature';
import { effectivePolicy, effectiveTrust, trustListPath } from './trust';

export * from './keys';
export * from './trust';
export { signManifest, checkManifestSignature, signatureRefusal } from './signature';

export interface VerifySignatureOptions {
  env?: Env;
  /** this machine's clock (tests inject years back and forward) */
  now?: Date;
  /** a policy given on the command line (the administrator's system policy still wins) */
  policy?: SignaturePolicy;
}

/**
 * Check a read bundle's signature against the keys this machine trusts, under its policy.
 * Resolves with the check (outcome accepted / warned / refused / off); never throws for a bad bundle.
 */
export async function verifyBundleSignature(read: ManifestRead, opts: VerifySignatureOptions = {}): Promise<BundleSignatureCheck> {
  const env = opts.env ?? process.env;
  const pol = await effectivePolicy(env, opts.policy);
  const trusted = pol.policy === 'off' ? { scope: 'user' as const, path: '', keys: [] } : await effectiveTrust(env);
  let carriedKey: string | null = null;
  if (read.signature && read.manifest.files.some((f) => f.path === SIGNER_KEY_NAME)) {
    carriedKey = (await read.source.readSmall(SIGNER_KEY_NAME, 1 << 20).catch(() => null))?.toString('utf8') ?? null;
  }
  return checkManifestSignature({
    manifest: read.manifestBytes,
    signature: read.signature,
    trusted,
    carriedKey,
    policy: pol.policy,
    policyFrom: pol.policyFrom,
    clock: pol.clock,
    now: opts.now ?? new Date(),
  });
}

/**
 * What a bundle whose files failed their check gets instead of a signature check: "not judged".
 * A signature over a manifest whose files do not match it proves nothing about what is on the
 * media, so no policy decision ("accepted", "accepted with a warning") is made or shown; the
 * bundle is refused for its files. The policy in force is still reported.
 */
export async function signatureNotJudged(opts: VerifySignatureOptions = {}): Promise<BundleSignatureCheck> {
  const env = opts.env ?? process.env;
  const pol = await effectivePolicy(env, opts.policy);
  return { status: 'not-checked', outcome: 'not-judged', clock: { now: (opts.now ?? new Date()).toISOString(), mode: pol.clock, note: 'none' }, policy: pol.policy, policyFrom: pol.policyFrom };
}

/** The refusal for a check (BUNDLE_SIGNATURE_BAD, BUNDLE_SIGNER_UNKNOWN, …) or null. */
export function refusalFor(check: BundleSignatureCheck, source: string, env: Env = process.env): AppError | null {
  return signatureRefusal(check, { source, lists: `${trustListPath('system', env)}, ${trustListPath('user', env)}` });
}

