/**
 * Signing manifest.json and checking that signature against the keys this machine trusts.
 *
 * The signature is a detached, ASCII-armoured OpenPGP signature of manifest.json's exact bytes
 * (a binary-document signature), so `gpg --verify manifest.json.asc manifest.json` checks it with
 * nothing of ours. manifest.json pins every file's SHA-256, so the signature covers the media.
 *
 * Time: the signature is checked as of the moment it says it was made (openpgp.js `date`), so a
 * wrong clock on an offline machine cannot make a good bundle fail; what this clock says is then
 * reported and, under `signatureClock: this-clock`, decides. A revoked key is refused whatever the
 * dates (revocations are looked for at any time).
 */
import type * as OpenPGP from 'openpgp';
import { AppError } from '../../../shared/errors';
import type { BundleSignatureCheck, SignatureClock, SignaturePolicy, TrustedKey } from '../../../shared/signing';
import { formatFingerprint, isRevokedEver, pgp } from './keys';

/** Sign manifest.json's bytes: the armoured detached signature to write as manifest.json.asc. */
export async function signManifest(manifest: Uint8Array, key: OpenPGP.PrivateKey, opts: { date?: Date } = {}): Promise<string> {
  const openpgp = await pgp();
  const fingerprint = formatFingerprint(key.getFingerprint());
  if (await isRevokedEver(key)) throw new AppError('KEY_OWN_REVOKED', { fingerprint, message: 'the key is revoked' });
  try {
    await key.getSigningKey(undefined, opts.date ?? new Date());
  } catch (err) {
    throw new AppError('KEY_OWN_REVOKED', { fingerprint, message: (err as Error).message });
  }
  const message = await openpgp.createMessage({ binary: manifest });
  return (await openpgp.sign({ message, signingKeys: key, detached: true, format: 'armored', ...(opts.date ? { date: opts.date } : {}) })) as string;
}

export interface SignatureInput {
  manifest: Uint8Array;
  /** manifest.json.asc, or null when the bundle has none */
  signature: string | null;
  trusted: { scope: 'system' | 'user'; path: string; keys: TrustedKey[] };
  /** signer-key.asc from the media (only to name an unknown signer and to spot its revocation) */
  carriedKey?: string | null;
  policy: SignaturePolicy;
  policyFrom: BundleSignatureCheck['policyFrom'];
  clock: SignatureClock;
  /** this machine's clock (injected in tests) */
  now: Date;
}

const SKEW_MS = 5 * 60 * 1000;

/** Check the signature and apply the policy. Never throws for a bad bundle: the outcome says it. */
export async function checkManifestSignature(input: SignatureInput): Promise<BundleSignatureCheck> {
  const openpgp = await pgp();
  const base = {
    clock: { now: input.now.toISOString(), mode: input.clock, note: 'none' as const },
    policy: input.policy,
    policyFrom: input.policyFrom,
  };
  if (input.policy === 'off') return { ...base, status: 'not-checked', outcome: 'off' };
  const decide = (status: BundleSignatureCheck['status'], code: string | undefined, extra: Partial<BundleSignatureCheck> = {}): BundleSignatureCheck => {
    let outcome: BundleSignatureCheck['outcome'] = 'accepted';
    if (status === 'bad' || status === 'revoked' || status === 'expired' || status === 'future') outcome = 'refused';
    else if (status === 'unsigned' || status === 'unknown-key') outcome = input.policy === 'require' ? 'refused' : 'warned';
    return { ...base, ...extra, status, outcome, ...(code ? { code } : {}) };
  };
  if (!input.signature) return decide('unsigned', 'BUNDLE_NOT_SIGNED');

  let sig: OpenPGP.Signature;
  try {
    sig = await openpgp.readSignature({ armoredSignature: input.signature });
  } catch (err) {
    return decide('bad', 'BUNDLE_SIGNATURE_BAD', { detail: (err as Error).message });
  }
  const packet = sig.packets[0];
  const keyId = packet?.issuerKeyID.toHex().toUpperCase();
  const signedAtDate = packet?.created ?? null;
  const signedAt = signedAtDate?.toISOString();
  const trustedKeys = await Promise.all(input.trusted.keys.map(async (t) => ({ t, key: await openpgp.readKey({ armoredKey: t.armored }) })));
  const match = trustedKeys.find(({ key }) => packet && key.getKeys(packet.issuerKeyID).length > 0);
  let carried: OpenPGP.Key | null = null;
  if (input.carriedKey) carried = await openpgp.readKey({ armoredKey: input.carriedKey }).catch(() => null);
  const carriedMatches = carried && packet && carried.getKeys(packet.issuerKeyID).length > 0 ? carried : null;
  const who = (k: OpenPGP.Key) => ({ fingerprint: k.getFingerprint().toUpperCase(), userIds: k.getUserIDs() });
  const common = { keyId, signedAt, ...(match ? { signer: who(match.key), trustedIn: input.trusted.scope } : carriedMatches ? { signer: who(carriedMatches) } : {}) };

  // a revoked key is refused first and whatever the clock: the trusted copy or the carried one
  if ((match && (await isRevokedEver(match.key))) || (carriedMatches && (await isRevokedEver(carriedMatches)))) return decide('revoked', 'BUNDLE_SIGNER_REVOKED', common);
  if (!match) return decide('unknown-key', 'BUNDLE_SIGNER_UNKNOWN', common);

  // the signature checked as of when it was made: a skewed clock cannot fail a good bundle
  const at = signedAtDate ?? input.now;
  let keyExpiresAt: string | undefined;
  const exp = await match.key.getExpirationTime().catch(() => null);
  if (exp instanceof Date) keyExpiresAt = exp.toISOString();
  const clock: BundleSignatureCheck['clock'] = { ...base.clock, ...(keyExpiresAt ? { keyExpiresAt } : {}) };
  try {
    const message = await openpgp.createMessage({ binary: input.manifest });
    const result = await openpgp.verify({ message, signature: sig, verificationKeys: match.key, date: at, expectSigned: false, format: 'binary' });
    await result.signatures[0]!.verified;
  } catch (err) {
    const text = (err as Error).message;
    // the key was already expired when it signed: refused whatever this clock says
    if (/expired/i.test(text) && exp instanceof Date && exp.getTime() <= at.getTime()) return decide('expired', 'BUNDLE_SIGNER_EXPIRED', { ...common, clock, detail: text });
    return decide('bad', 'BUNDLE_SIGNATURE_BAD', { ...common, clock, detail: text });
  }
  if (signedAtDate && signedAtDate.getTime() > input.now.getTime() + SKEW_MS) {
    clock.note = 'signature-after-now';
    if (input.clock === 'this-clock') return decide('future', 'BUNDLE_SIGNATURE_FUTURE', { ...common, clock });
  } else if (exp instanceof Date && exp.getTime() <= input.now.getTime()) {
    clock.note = 'key-expired-by-now';
    if (input.clock === 'this-clock') return decide('expired', 'BUNDLE_SIGNER_EXPIRED', { ...common, clock });
  }
  return decide('verified', undefined, { ...common, clock });
}

/** The AppError a refused check stands for (null when it was not refused). */
export function signatureRefusal(check: BundleSignatureCheck, ctx: { source: string; lists: string }): AppError | null {
  if (check.outcome !== 'refused') return null;
  const fingerprint = check.signer ? formatFingerprint(check.signer.fingerprint) : check.keyId ? `(key ID ${check.keyId})` : '(unknown)';
  const who = check.signer?.userIds.join(', ') || 'no name known';
  const detail = check.detail;
  switch (check.status) {
    case 'unsigned':
      return new AppError('BUNDLE_NOT_SIGNED', { source: ctx.source });
    case 'unknown-key':
      return new AppError('BUNDLE_SIGNER_UNKNOWN', { fingerprint, who, lists: ctx.lists });
    case 'revoked':
      return new AppError('BUNDLE_SIGNER_REVOKED', { fingerprint, who });
    case 'expired':
      return new AppError('BUNDLE_SIGNER_EXPIRED', {
        fingerprint,
        who,
        expires: check.clock.keyExpiresAt ?? '?',
        signedAt: check.signedAt ?? '?',
        now: check.clock.now,
      }, detail);
    case 'future':
      return new AppError('BUNDLE_SIGNATURE_FUTURE', { signedAt: check.signedAt ?? '?', now: check.clock.now });
    default:
      return new AppError('BUNDLE_SIGNATURE_BAD', { message: detail ?? 'the signature does not match' }, detail);
  }
}
