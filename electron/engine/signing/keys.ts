/**
 * The preparer's own OpenPGP keys (openpgp.js): generated here, kept under the user's config folder
 * (`<config>/keys/<FINGERPRINT>.key.asc`, folder 0700, file 0600, written atomically), optionally
 * protected by a passphrase; exported as public keys for the offline machines.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type * as OpenPGP from 'openpgp';
import { AppError } from '../../../shared/errors';
import { formatFingerprint, normalizeFingerprint, type KeyListing } from '../../../shared/signing';
import { writeFileAtomic } from '../atomic';
import { configDir, type Env } from '../paths';
import { mkdir, chmod } from 'node:fs/promises';

export const pgp = () => import('openpgp');

export function ownKeysDir(env: Env = process.env): string {
  return join(configDir(env), 'keys');
}

export { formatFingerprint, normalizeFingerprint };

/** Describe a key (own or trusted). Revocation is checked whatever its date. */
export async function describeKey(key: OpenPGP.Key, where: KeyListing['where']): Promise<KeyListing> {
  const exp = await key.getExpirationTime().catch(() => null);
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    userIds: key.getUserIDs(),
    createdAt: key.getCreationTime().toISOString(),
    expiresAt: exp instanceof Date ? exp.toISOString() : null,
    revoked: await isRevokedEver(key),
    where,
    ...(key.isPrivate() ? { protected: !(key as OpenPGP.PrivateKey).isDecrypted() } : {}),
  };
}

/** A key revoked at any time (hard or soft revocation, whatever this machine's clock says). */
export async function isRevokedEver(key: OpenPGP.Key): Promise<boolean> {
  return key.isRevoked(undefined, undefined, new Date(8.64e15)).catch(() => false);
}

async function readOwnFiles(env: Env): Promise<Array<{ path: string; key: OpenPGP.PrivateKey }>> {
  const openpgp = await pgp();
  const dir = ownKeysDir(env);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: Array<{ path: string; key: OpenPGP.PrivateKey }> = [];
  for (const n of names.filter((x) => x.endsWith('.key.asc')).sort()) {
    try {
      out.push({ path: join(dir, n), key: await openpgp.readPrivateKey({ armoredKey: await readFile(join(dir, n), 'utf8') }) });
    } catch {
      /* not a key: ignored in listings */
    }
  }
  return out;
}

export async function listOwnKeys(env: Env = process.env): Promise<KeyListing[]> {
  return Promise.all((await readOwnFiles(env)).map((k) => describeKey(k.key, 'own')));
}

/** Find one of the user's own keys by fingerprint (or its last 16+ hex digits). */
export async function findOwnKey(ref: string, env: Env = process.env): Promise<{ path: string; key: OpenPGP.PrivateKey }> {
  const want = normalizeFingerprint(ref);
  const all = await readOwnFiles(env);
  const hits = all.filter((k) => want.length >= 16 && k.key.getFingerprint().toUpperCase().endsWith(want));
  if (hits.length !== 1) throw new AppError('KEY_NOT_FOUND', { key: ref, where: `${ownKeysDir(env)}` });
  return hits[0]!;
}

async function storeOwnKey(key: OpenPGP.PrivateKey, env: Env): Promise<string> {
  const dir = ownKeysDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = join(dir, `${key.getFingerprint().toUpperCase()}.key.asc`);
  await writeFileAtomic(path, key.armor(), { mode: 0o600 });
  return path;
}

/** Generate a signing key (Ed25519) for `name <email>`; stored encrypted when a passphrase is given. */
export async function generateOwnKey(opts: { name: string; email?: string; passphrase?: string; expiresInSeconds?: number; date?: Date; env?: Env }): Promise<KeyListing & { path: string }> {
  const openpgp = await pgp();
  const { privateKey } = await openpgp.generateKey({
    // EdDSA (legacy Ed25519, v4 key): what Debian's gpg 2.2 reads; RFC 9580's new Ed25519 it does not
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: opts.name, ...(opts.email ? { email: opts.email } : {}) }],
    ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
    keyExpirationTime: opts.expiresInSeconds ?? 0,
    ...(opts.date ? { date: opts.date } : {}),
    format: 'object',
  });
  const path = await storeOwnKey(privateKey, opts.env ?? process.env);
  return { ...(await describeKey(privateKey, 'own')), path };
}

/** Import a private key (e.g. moved from another preparer machine) into the user's own keys. */
export async function importOwnKey(armored: string, env: Env = process.env): Promise<KeyListing> {
  const openpgp = await pgp();
  const key = await openpgp.readPrivateKey({ armoredKey: armored });
  await storeOwnKey(key, env);
  return describeKey(key, 'own');
}

/** The public half of one of the user's own keys, ASCII-armoured (what goes on the media). */
export async function exportOwnPublicKey(ref: string, env: Env = process.env): Promise<string> {
  return (await findOwnKey(ref, env)).key.toPublic().armor();
}

export async function removeOwnKey(ref: string, env: Env = process.env): Promise<KeyListing> {
  const k = await findOwnKey(ref, env);
  const d = await describeKey(k.key, 'own');
  await rm(k.path);
  return d;
}

/** Unlock one of the user's own keys for signing. */
export async function unlockOwnKey(ref: string, passphrase: string | undefined, env: Env = process.env): Promise<OpenPGP.PrivateKey> {
  const openpgp = await pgp();
  const { key } = await findOwnKey(ref, env);
  if (key.isDecrypted()) return key;
  const fingerprint = formatFingerprint(key.getFingerprint());
  if (!passphrase) throw new AppError('KEY_PASSPHRASE_WRONG', { fingerprint, message: 'no passphrase was given' });
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase });
  } catch (err) {
    throw new AppError('KEY_PASSPHRASE_WRONG', { fingerprint, message: (err as Error).message });
  }
}
