/**
 * Signed bundles: the preparer's OpenPGP signature over manifest.json (`manifest.json.asc`), the
 * keys a machine trusts, and the policy that decides what an unsigned or doubtful bundle gets.
 * Public format: docs/BUNDLE.md ("Signature"). Used by the engine (electron/engine/signing), the
 * CLI (`go-offline keys`, `bundle verify`, `install`), the wizard and the transfer report.
 */
import { z } from 'zod';

/** Beside manifest.json: a detached ASCII-armoured OpenPGP signature of its exact bytes. */
export const SIGNATURE_NAME = 'manifest.json.asc';
/** The signer's public key, carried on the media (listed in the manifest, so covered by the signature). */
export const SIGNER_KEY_NAME = 'signer-key.asc';

/** A fingerprint as typed or read out ("abcd 1234 …", "AB:CD…"): 40 upper-case hex digits, nothing else. */
export function normalizeFingerprint(fp: string): string {
  return fp.replace(/[\s:]+/g, '').toUpperCase();
}

/** "ABCD 1234 …" in groups of four, as read over the phone. */
export function formatFingerprint(fp: string): string {
  return normalizeFingerprint(fp).replace(/(.{4})(?=.)/g, '$1 ');
}

/** What a machine does about a bundle's signature. */
export const signaturePolicy = z.enum(['off', 'warn', 'require']);
export type SignaturePolicy = z.infer<typeof signaturePolicy>;

/**
 * How time is judged on a machine whose clock may be wrong:
 * - `signing-time` (default): the key is judged as it was when the bundle was signed; a signature
 *   dated after this machine's clock, or a key that expired since by this clock, is reported, not refused;
 * - `this-clock`: this machine's clock decides (a "future" signature or a key expired by it is refused).
 * A revoked key is refused either way.
 */
export const signatureClock = z.enum(['signing-time', 'this-clock']);
export type SignatureClock = z.infer<typeof signatureClock>;

/** Who signed, as recorded in the manifest (`manifest.signer`) and shown on both ends. */
export const signerInfo = z.object({
  /** 40 hex digits, upper case */
  fingerprint: z.string().regex(/^[0-9A-F]{40}$/),
  userIds: z.array(z.string()),
  /** the public key file in the bundle (SIGNER_KEY_NAME) */
  publicKey: z.string().optional(),
});
export type SignerInfo = z.infer<typeof signerInfo>;

/** One key a machine trusts (an entry of `trusted-keys.json`). */
export const trustedKey = z.object({
  fingerprint: z.string().regex(/^[0-9A-F]{40}$/),
  userIds: z.array(z.string()),
  /** the public key itself, ASCII-armoured (revocations imported later are merged into it) */
  armored: z.string(),
  addedAt: z.string(),
  /** how it came to be trusted: imported from a file, or pinned after comparing the fingerprint */
  how: z.enum(['import', 'fingerprint']),
});
export type TrustedKey = z.infer<typeof trustedKey>;

export const trustList = z.object({ schema: z.literal('go-offline/trusted-keys'), keys: z.array(trustedKey) });
export type TrustList = z.infer<typeof trustList>;

/** The machine-wide policy file written by an administrator (`<system config>/policy.json`); it wins over the user's settings. */
export const systemPolicy = z.object({ signaturePolicy: signaturePolicy.optional(), signatureClock: signatureClock.optional() });
export type SystemPolicy = z.infer<typeof systemPolicy>;

/** A key of ours or a trusted one, as listed by `go-offline keys list` and the settings drawer. */
export interface KeyListing {
  fingerprint: string;
  userIds: string[];
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
  /** 'own': a private key of this user (can sign); 'trusted-user' / 'trusted-system': allow-list entries */
  where: 'own' | 'trusted-user' | 'trusted-system';
  /** own keys: whether a passphrase protects it */
  protected?: boolean;
}

/**
 * The signature check of one bundle (`verifyBundleSignature`): what was found, what the clock
 * said, the policy applied and its outcome. `status` is what the signature is; `outcome` is what
 * the policy made of it.
 */
export interface BundleSignatureCheck {
  status:
    | 'verified' // good signature by a trusted, unrevoked key
    | 'unsigned' // no manifest.json.asc
    | 'unknown-key' // signed by a key this machine does not trust
    | 'bad' // manifest.json changed after signing (or the signature is damaged)
    | 'revoked' // the signing key is revoked
    | 'expired' // the key had expired when it signed (or by this clock, under `this-clock`)
    | 'future' // signed after this machine's "now", refused only under `this-clock`
    | 'not-checked'; // policy off, or the files failed their check first (outcome 'not-judged')
  /** the signer as far as known: from the trusted key, else the key carried on the media */
  signer?: { fingerprint: string; userIds: string[] };
  /** the key ID named by the signature (16 hex), when there is a signature */
  keyId?: string;
  /** when the signature says it was made (ISO) */
  signedAt?: string;
  /** where the trusted key came from */
  trustedIn?: 'system' | 'user';
  clock: {
    /** this machine's clock when checking (ISO) */
    now: string;
    mode: SignatureClock;
    /** what the clock made us notice: nothing, a signature dated after now, a key expired by now */
    note: 'none' | 'signature-after-now' | 'key-expired-by-now';
    /** when the signing key expires (ISO), if it does */
    keyExpiresAt?: string;
  };
  policy: SignaturePolicy;
  /** where the policy came from */
  policyFrom: 'system' | 'user' | 'default' | 'option';
  /**
   * accepted: go on; warned: go on, say why; refused: stop with nothing installed; off: not checked
   * (policy off); not-judged: the files failed their check, so the signature was not judged at all
   * (the bundle is refused for its files, never "accepted").
   */
  outcome: 'accepted' | 'warned' | 'refused' | 'off' | 'not-judged';
  /** the error code of a refusal (or of the reason for a warning) */
  code?: string;
  /** openpgp.js's own words when a signature did not verify */
  detail?: string;
}
