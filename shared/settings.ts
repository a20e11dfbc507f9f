import { z } from 'zod';
import { signatureClock, signaturePolicy } from './signing';

/** The fields of the settings, without defaults (a patch names only what it changes). */
const fields = {
  language: z.enum(['auto', 'en', 'zh']),
  theme: z.enum(['auto', 'light', 'dark']),
  /** listing sources tried in order: mirror base URLs (`URL?mode=json&include=all`, files at `URL<filename>`) */
  mirrors: z.array(z.string().url()),
  /**
   * when mirrors are set: also try the public Go sites after them (off by default, so a configured
   * internal mirror is never silently replaced by public hosts)
   */
  publicFallback: z.boolean(),
  /**
   * redirects a relay (bundle URL) may send: 'same-origin' (default: same scheme, host and port)
   * or 'any'; downloads from Go mirrors follow every redirect regardless
   */
  relayRedirects: z.enum(['same-origin', 'any']),
  /** `go-offline serve`: archive transfers at once (more are asked to retry); `--max-transfers` overrides */
  relayMaxTransfers: z.number().int().min(1).max(1024),
  /** a listing file on disk used when no mirror answers */
  listingFile: z.string().nullable(),
  /** proxy URL for the online machine (overrides HTTPS_PROXY/HTTP_PROXY when set) */
  proxy: z.string().nullable(),
  defaultScope: z.enum(['user', 'system']).nullable(),
  lastDestinations: z.array(z.string()).max(10),
  /** an OpenPGP public key file the user imported for signature checks */
  signingKeyFile: z.string().nullable(),
  /** fail a download (and `bundle verify`) when a file has no published OpenPGP signature, instead of relying on SHA-256 alone */
  requireSignature: z.boolean(),
  /** this user's choice for bundle signatures on this machine (an administrator's system policy wins) */
  signaturePolicy,
  /** how time is judged when checking a bundle's signature (see shared/signing.ts) */
  signatureClock,
  /** fingerprint of the user's own key that signs bundles they create (null: ask / do not sign) */
  bundleSigningKey: z.string().regex(/^[0-9A-F]{40}$/).nullable(),
};

/** User settings, kept by main in the user's config folder and shared with the CLI. */
export const settingsSchema = z.object({
  language: fields.language.default('auto'),
  theme: fields.theme.default('auto'),
  mirrors: fields.mirrors.default([]),
  publicFallback: fields.publicFallback.default(false),
  relayRedirects: fields.relayRedirects.default('same-origin'),
  relayMaxTransfers: fields.relayMaxTransfers.default(8),
  listingFile: fields.listingFile.default(null),
  proxy: fields.proxy.default(null),
  defaultScope: fields.defaultScope.default(null),
  lastDestinations: fields.lastDestinations.default([]),
  signingKeyFile: fields.signingKeyFile.default(null),
  requireSignature: fields.requireSignature.default(false),
  signaturePolicy: fields.signaturePolicy.default('warn'),
  signatureClock: fields.signatureClock.default('signing-time'),
  bundleSigningKey: fields.bundleSigningKey.default(null),
});

/** A change to some settings: absent fields stay as they are (no defaults filled in). */
export const settingsPatchSchema = z.object(fields).partial().strict();

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Official listing sources: used when no mirror is set, or after the mirrors when `publicFallback` is on. */
export const OFFICIAL_MIRRORS = ['https://go.dev/dl/', 'https://golang.google.cn/dl/'];
