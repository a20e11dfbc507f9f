/**
 * OpenPGP checks of downloaded Go archives (openpgp.js): the detached `<filename>.asc` published
 * next to each archive, verified against the Go signing key pinned by fingerprint. The key comes
 * from a file the user imported or from its official URL (cached under cacheDir).
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type * as OpenPGP from 'openpgp';

/** openpgp.js is large: load it only when a signature is actually checked. */
const pgp = () => import('openpgp');
import { AppError } from '../../../shared/errors';
import { cacheDir, type Env } from '../paths';
import { writeFileAtomic } from '../atomic';
import { httpGetText, type HttpOptions } from './http';

/** "Google Inc. (Linux Packages Signing Authority)", the key that signs Go's release archives. */
export const GO_SIGNING_KEY_FINGERPRINT = 'EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796';
export const GO_SIGNING_KEY_URL = 'https://dl.google.com/linux/linux_signing_key.pub';

import { formatFingerprint, normalizeFingerprint } from '../../../shared/signing';
export { formatFingerprint, normalizeFingerprint };

/** Pick the pinned key out of an armored (or binary) key file; null when it is not there. */
export async function pinnedKeyFrom(data: string | Uint8Array, pinned: string[]): Promise<OpenPGP.PublicKey | null> {
  const openpgp = await pgp();
  const keys =
    typeof data === 'string' && data.includes('-----BEGIN PGP')
      ? await openpgp.readKeys({ armoredKeys: data })
      : await openpgp.readKeys({ binaryKeys: typeof data === 'string' ? Buffer.from(data) : data });
  const want = new Set(pinned.map(normalizeFingerprint));
  for (const k of keys) {
    if (want.has(k.getFingerprint().toUpperCase())) return k.toPublic();
  }
  return null;
}

export interface KeySource {
  /** a key file imported by the user (settings.signingKeyFile or --key-file) */
  keyFile?: string | null;
  /** fingerprints accepted (default: the Go signing key); tests pin their own */
  pinnedFingerprints?: string[];
  /** where to fetch the key when no file is given (default GO_SIGNING_KEY_URL) */
  keyUrl?: string;
  env?: Env;
  http?: HttpOptions;
}

/** Load the pinned signing key: from the user's file, else the cached copy, else its official URL. */
export async function loadSigningKey(src: KeySource): Promise<{ key: OpenPGP.PublicKey; from: string }> {
  const pinned = src.pinnedFingerprints ?? [GO_SIGNING_KEY_FINGERPRINT];
  const shown = pinned.map(formatFingerprint).join(', ');
  if (src.keyFile) {
    let data: Buffer;
    try {
      data = await readFile(src.keyFile);
    } catch (err) {
      throw new AppError('FILE_NOT_READABLE', { path: src.keyFile }, String(err));
    }
    let key: OpenPGP.PublicKey | null = null;
    try {
      const text = data.toString('utf8');
      key = await pinnedKeyFrom(text.includes('-----BEGIN PGP') ? text : data, pinned);
    } catch (err) {
      throw new AppError('DOWNLOAD_SIGNING_KEY_MISMATCH', { path: src.keyFile, fingerprint: shown }, String(err));
    }
    if (!key) throw new AppError('DOWNLOAD_SIGNING_KEY_MISMATCH', { path: src.keyFile, fingerprint: shown });
    return { key, from: src.keyFile };
  }
  const url = src.keyUrl ?? GO_SIGNING_KEY_URL;
  const cached = join(cacheDir(src.env ?? process.env), 'signing-key.asc');
  try {
    const key = await pinnedKeyFrom(await readFile(cached, 'utf8'), pinned);
    if (key) return { key, from: cached };
  } catch {
    /* no usable cached copy */
  }
  const res = await httpGetText(url, { ...src.http, maxBytes: 1024 * 1024 });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const key = await pinnedKeyFrom(res.text, pinned);
  if (!key) throw new Error(`${url} does not contain the key ${shown}`);
  await writeFileAtomic(cached, res.text);
  return { key, from: url };
}

/**
 * Verify a detached signature over a file, streaming (memory stays flat). Resolves with the
 * fingerprint of the key that made it; rejects with the reason when the signature is bad.
 */
export async function verifyDetached(path: string, armoredSignature: string, key: OpenPGP.PublicKey): Promise<string> {
  const openpgp = await pgp();
  const signature = await openpgp.readSignature({ armoredSignature });
  const message = await openpgp.createMessage({ binary: Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array> });
  const result = await openpgp.verify({ message, signature, verificationKeys: key, format: 'binary', expectSigned: false });
  // the data must be read for the signature to be computed
  const reader = (result.data as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
  }
  const sig = result.signatures[0];
  if (!sig) throw new Error('the signature file holds no signature');
  await sig.verified; // throws when bad
  return key.getFingerprint().toUpperCase();
}
