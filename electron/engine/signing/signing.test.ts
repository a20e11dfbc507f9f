/**
 * Signed bundles end to end with real parts: keys made here by openpgp.js, a bundle exported and
 * signed by exportBundle, Debian's real gpg verifying manifest.json.asc, and the target refusing
 * (with nothing installed: prefix and HOME unchanged) a bundle changed after signing, a swapped
 * file with re-sealed sums, an unknown key, a revoked key, a key expired by the signer's time, and
 * an unsigned bundle under "require"; the engine's clock injected years back and forward.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors';
import { SIGNATURE_NAME, SIGNER_KEY_NAME } from '../../../shared/signing';
import type { DownloadedFile } from '../../../shared/releases';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { exportBundle } from '../bundle/export';
import { checkBundle, verifyBundle } from '../bundle/verify';
import { installFromBundle } from '../install';
import { makeTgz, tinyGoEntries } from '../install/test-helpers';
import { formatSums, parseSums } from '../bundle/sums';
import { exportOwnPublicKey, generateOwnKey, listOwnKeys, ownKeysDir, unlockOwnKey } from './keys';
import { effectivePolicy, readTrustList, setSystemPolicy, trustKeyFile, trustListPath, untrustKey } from './trust';
import { signManifest } from './signature';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function code(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e) => (e instanceof AppError ? e.code : `other: ${String(e)}`),
  );
}

/** Every path under `dir` with its size and mode (what "unchanged" means for HOME). */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).sort().map((p) => {
    const st = statSync(join(dir, p));
    return `${p} ${st.isDirectory() ? 'd' : st.size} ${(st.mode & 0o777).toString(8)}`;
  });
}

describe('signed bundles (openpgp.js keys, real gpg, refusals with nothing installed)', () => {
  const t = tempDir('gooff-signing-');
  let archive: DownloadedFile;
  let preparer: Record<string, string>; // the online machine
  let fpr = '';

  /** an offline machine: its own HOME, user config and system config */
  function target(name: string) {
    const root = join(t.path, 'targets', name);
    const home = join(root, 'home');
    mkdirSync(home, { recursive: true });
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.local', 'state'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_CACHE_HOME: join(home, '.cache'), GO_OFFLINE_SYSTEM_CONFIG_DIR: join(root, 'etc'), PATH: process.env.PATH ?? '', TMPDIR: t.path };
    return { env, home, prefix: join(root, 'opt') };
  }

  async function makeBundle(name: string, sign?: openpgp.PrivateKey, signDate?: Date): Promise<string> {
    const out = join(t.path, 'bundles', name);
    await exportBundle({ outDir: out, archives: [archive], job: createJob(), ...(sign ? { sign: { key: sign } } : {}) });
    if (signDate && sign) {
      // re-sign at a chosen time (the signer's clock), re-sealing SHA256SUMS as export does
      const sig = await signManifest(readFileSync(join(out, 'manifest.json')), sign, { date: signDate });
      writeFileSync(join(out, SIGNATURE_NAME), sig);
      const sums = parseSums(readFileSync(join(out, 'SHA256SUMS'), 'utf8'), out);
      sums.set(SIGNATURE_NAME, sha(Buffer.from(sig)));
      writeFileSync(join(out, 'SHA256SUMS'), formatSums([...sums].map(([path, sha256]) => ({ path, sha256 }))));
    }
    return out;
  }

  /** install must refuse with `want`, creating nothing: no prefix, HOME exactly as before */
  async function refusedInstall(bundle: string, m: ReturnType<typeof target>, want: string, now?: Date): Promise<void> {
    const before = tree(m.home);
    expect(await code(installFromBundle({ bundle, scope: 'user', prefix: m.prefix, env: m.env, job: createJob(), ...(now ? { now } : {}) }))).toBe(want);
    expect(existsSync(m.prefix)).toBe(false);
    expect(tree(m.home)).toEqual(before);
  }

  let signed = '';
  beforeAll(async () => {
    const src = join(t.path, 'src');
    mkdirSync(src, { recursive: true });
    const a = makeTgz(join(src, 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    archive = { file: { filename: 'go1.18.0.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.18.0', sha256: a.sha256, size: a.size, kind: 'archive' }, path: a.path, sha256: a.sha256, size: a.size, signature: 'not-published', url: 'file://' + a.path };
    preparer = { HOME: join(t.path, 'preparer'), XDG_CONFIG_HOME: join(t.path, 'preparer', '.config') };
    const k = await generateOwnKey({ name: 'Preparer One', email: 'one@example.test', passphrase: 'correct horse', env: preparer });
    fpr = k.fingerprint;
    signed = await makeBundle('signed', await unlockOwnKey(fpr, 'correct horse', preparer));
  });
  afterAll(() => t.remove());

  it('keeps the private key 0600 in a 0700 folder, encrypted by its passphrase, and refuses a wrong one', async () => {
    const file = join(ownKeysDir(preparer), `${fpr}.key.asc`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(ownKeysDir(preparer)).mode & 0o777).toBe(0o700);
    const listed = await listOwnKeys(preparer);
    expect(listed.map((l) => [l.fingerprint, l.protected, l.userIds[0]])).toEqual([[fpr, true, 'Preparer One <one@example.test>']]);
    expect(await code(unlockOwnKey(fpr, 'wrong', preparer))).toBe('KEY_PASSPHRASE_WRONG');
    expect(await code(unlockOwnKey(fpr, undefined, preparer))).toBe('KEY_PASSPHRASE_WRONG');
  });

  it('Debian’s gpg verifies manifest.json.asc over manifest.json with the key carried on the media', () => {
    const gnupg = join(t.path, 'gnupg');
    mkdirSync(gnupg, { mode: 0o700 });
    const env = { ...process.env, GNUPGHOME: gnupg, LC_ALL: 'C' };
    const imp = spawnSync('gpg', ['--batch', '--import', join(signed, SIGNER_KEY_NAME)], { env, encoding: 'utf8' });
    expect(imp.status, imp.stderr).toBe(0);
    const v = spawnSync('gpg', ['--batch', '--status-fd', '1', '--verify', join(signed, SIGNATURE_NAME), join(signed, 'manifest.json')], { env, encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toMatch(new RegExp(`\\[GNUPG:\\] VALIDSIG ${fpr} `));
    // and a changed byte is caught by gpg too
    const bad = join(t.path, 'manifest-changed.json');
    writeFileSync(bad, readFileSync(join(signed, 'manifest.json'), 'utf8').replace('"go1.18.0"', '"go1.18.1"'));
    expect(spawnSync('gpg', ['--batch', '--verify', join(signed, SIGNATURE_NAME), bad], { env, encoding: 'utf8' }).status).not.toBe(0);
    // sha256sum -c still checks the whole media, the signature included
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: signed, encoding: 'utf8' });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    expect(sums.stdout).toContain(`${SIGNATURE_NAME}: OK`);
  });

  it('a key pinned from the fingerprint read over the phone verifies; a wrong fingerprint trusts nothing', async () => {
    const m = target('pinned');
    const spoken = fpr.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect(await code(trustKeyFile({ path: join(signed, SIGNER_KEY_NAME), scope: 'user', fingerprint: spoken.replace(/^./, spoken[0] === 'a' ? 'b' : 'a'), env: m.env }))).toBe('KEY_FINGERPRINT_MISMATCH');
    expect(existsSync(trustListPath('user', m.env))).toBe(false);
    await trustKeyFile({ path: join(signed, SIGNER_KEY_NAME), scope: 'user', fingerprint: spoken, env: m.env });
    expect((await readTrustList('user', m.env))!.keys.map((k) => [k.fingerprint, k.how])).toEqual([[fpr, 'fingerprint']]);
    const report = await verifyBundle(signed, { job: createJob(), env: m.env });
    expect(report.signature).toMatchObject({ status: 'verified', outcome: 'accepted', signer: { fingerprint: fpr, userIds: ['Preparer One <one@example.test>'] }, trustedIn: 'user', policy: 'warn', policyFrom: 'default' });
    expect(report.signature.clock.note).toBe('none');
    const res = await installFromBundle({ bundle: signed, scope: 'user', prefix: m.prefix, env: m.env, job: createJob() });
    expect(res.signature).toMatchObject({ status: 'verified', outcome: 'accepted' });
    const audit = readFileSync(join(m.env.XDG_STATE_HOME, 'go-offline', 'audit.jsonl'), 'utf8');
    expect(audit).toContain(`"signer":"${fpr}"`);
    // the transfer report's facts, as this machine saw them: the same files and hashes the
    // preparer's report lists (both pinned by the signed manifest), and how install checked each
    const manifest = JSON.parse(readFileSync(join(signed, 'manifest.json'), 'utf8')) as { createdAt: string; files: Array<{ path: string; size: number; sha256: string }> };
    const transfer = audit.trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.event === 'bundle.transfer');
    expect(transfer).toMatchObject({ createdAt: manifest.createdAt, signer: fpr });
    expect(transfer.files.map((f: { path: string; size: number; sha256: string }) => [f.path, f.size, f.sha256])).toEqual(manifest.files.map((f) => [f.path, f.size, f.sha256]));
    expect(transfer.files.find((f: { path: string }) => f.path.endsWith('.tar.gz')).checkedHere).toBe('sha256-while-extracting');
    const reportEntry = manifest.files.find((f) => f.path === 'transfer-report.html');
    expect(reportEntry, 'the bundle carries its transfer report').toBeTruthy();
    expect(transfer.report).toBe(reportEntry!.sha256);
    expect(readFileSync(join(signed, 'transfer-report.html'), 'utf8')).toContain(manifest.files.find((f) => f.path.endsWith('.tar.gz'))!.sha256);
  });

  it('an unknown key: a warning under "warn", refused under "require" with nothing installed', async () => {
    const m = target('unknown');
    const warned = await checkBundle(signed, { job: createJob(), env: m.env });
    expect(warned.signature).toMatchObject({ status: 'unknown-key', outcome: 'warned', signer: { fingerprint: fpr } });
    const m2 = target('unknown-require');
    mkdirSync(m2.env.GO_OFFLINE_SYSTEM_CONFIG_DIR, { recursive: true });
    await setSystemPolicy({ signaturePolicy: 'require' }, m2.env);
    expect(await code(verifyBundle(signed, { job: createJob(), env: m2.env }))).toBe('BUNDLE_SIGNER_UNKNOWN');
    await refusedInstall(signed, m2, 'BUNDLE_SIGNER_UNKNOWN');
  });

  it('manifest.json changed after signing (sums re-sealed) is refused: verify and install', async () => {
    const m = target('tampered');
    await trustKeyFile({ path: join(signed, SIGNER_KEY_NAME), scope: 'user', env: m.env });
    const b = join(t.path, 'bundles', 'tampered');
    cpSync(signed, b, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(b, 'manifest.json'), 'utf8'));
    manifest.environment.GOFLAGS = '-mod=mod';
    const text = JSON.stringify(manifest, null, 2) + '\n';
    writeFileSync(join(b, 'manifest.json'), text);
    const sums = parseSums(readFileSync(join(b, 'SHA256SUMS'), 'utf8'), b);
    sums.set('manifest.json', sha(Buffer.from(text)));
    writeFileSync(join(b, 'SHA256SUMS'), formatSums([...sums].map(([path, sha256]) => ({ path, sha256 }))));
    expect(await code(verifyBundle(b, { job: createJob(), env: m.env }))).toBe('BUNDLE_SIGNATURE_BAD');
    await refusedInstall(b, m, 'BUNDLE_SIGNATURE_BAD');
  });

  it('a swapped archive with manifest entry and SHA256SUMS re-sealed is refused by the signature', async () => {
    const m = target('swapped');
    await trustKeyFile({ path: join(signed, SIGNER_KEY_NAME), scope: 'user', env: m.env });
    const b = join(t.path, 'bundles', 'swapped');
    cpSync(signed, b, { recursive: true });
    const evil = makeTgz(join(t.path, 'evil.tar.gz'), [...tinyGoEntries('go1.18.0'), { name: 'go/bin/planted', body: '#!/bin/sh\necho planted\n', mode: 0o755 }]);
    const path = 'go/go1.18.0.linux-amd64.tar.gz';
    cpSync(evil.path, join(b, path));
    const manifest = JSON.parse(readFileSync(join(b, 'manifest.json'), 'utf8'));
    const f = manifest.files.find((x: { path: string }) => x.path === path);
    f.sha256 = evil.sha256;
    f.size = evil.size;
    const text = JSON.stringify(manifest, null, 2) + '\n';
    writeFileSync(join(b, 'manifest.json'), text);
    const sums = parseSums(readFileSync(join(b, 'SHA256SUMS'), 'utf8'), b);
    sums.set(path, evil.sha256);
    sums.set('manifest.json', sha(Buffer.from(text)));
    writeFileSync(join(b, 'SHA256SUMS'), formatSums([...sums].map(([p, s]) => ({ path: p, sha256: s }))));
    expect((await checkBundle(b, { job: createJob(), env: m.env })).problems).toEqual([]); // every SHA-256 matches…
    expect(await code(verifyBundle(b, { job: createJob(), env: m.env }))).toBe('BUNDLE_SIGNATURE_BAD'); // …but not the signature
    await refusedInstall(b, m, 'BUNDLE_SIGNATURE_BAD');
  });

  it('the clock years back or forward does not fail a good bundle; it is said, and "this-clock" decides', async () => {
    const m = target('clock');
    await trustKeyFile({ path: join(signed, SIGNER_KEY_NAME), scope: 'user', env: m.env });
    const back = new Date('2011-03-01T00:00:00Z');
    const fwd = new Date('2049-06-01T00:00:00Z');
    const past = await checkBundle(signed, { job: createJob(), env: m.env, now: back });
    expect(past.signature).toMatchObject({ status: 'verified', outcome: 'accepted', clock: { now: back.toISOString(), note: 'signature-after-now', mode: 'signing-time' } });
    const future = await checkBundle(signed, { job: createJob(), env: m.env, now: fwd });
    expect(future.signature).toMatchObject({ status: 'verified', outcome: 'accepted', clock: { now: fwd.toISOString(), note: 'none' } });
    mkdirSync(m.env.GO_OFFLINE_SYSTEM_CONFIG_DIR, { recursive: true });
    await setSystemPolicy({ signatureClock: 'this-clock' }, m.env);
    expect(await code(verifyBundle(signed, { job: createJob(), env: m.env, now: back }))).toBe('BUNDLE_SIGNATURE_FUTURE');
    await refusedInstall(signed, m, 'BUNDLE_SIGNATURE_FUTURE', back);
  });

  it('a key that expired after signing: accepted by signing time (and said), refused under "this-clock"', async () => {
    const m = target('expired');
    const signedAt = new Date(Date.now() - 3 * 86400_000);
    const k = await generateOwnKey({ name: 'Short Lived', expiresInSeconds: 86400, date: new Date(signedAt.getTime() - 3600_000), env: preparer });
    const key = await unlockOwnKey(k.fingerprint, undefined, preparer);
    // signed three days ago, when the key was valid (export would refuse to sign with it today)
    const b = await makeBundleSignedAt(key, signedAt);
    writeFileSync(join(t.path, 'short.asc'), await exportOwnPublicKey(k.fingerprint, preparer));
    await trustKeyFile({ path: join(t.path, 'short.asc'), scope: 'user', env: m.env });
    const ok = await checkBundle(b, { job: createJob(), env: m.env });
    expect(ok.signature).toMatchObject({ status: 'verified', outcome: 'accepted', clock: { note: 'key-expired-by-now' } });
    expect(ok.signature.clock.keyExpiresAt).toBeDefined();
    mkdirSync(m.env.GO_OFFLINE_SYSTEM_CONFIG_DIR, { recursive: true });
    await setSystemPolicy({ signatureClock: 'this-clock' }, m.env);
    await refusedInstall(b, m, 'BUNDLE_SIGNER_EXPIRED');
  });

  /** an unsigned export, then manifest.json signed at `date` and the sums re-sealed */
  async function makeBundleSignedAt(key: openpgp.PrivateKey, date: Date): Promise<string> {
    const out = join(t.path, 'bundles', `at-${date.getTime()}`);
    await exportBundle({ outDir: out, archives: [archive], job: createJob() });
    const sig = await signManifest(readFileSync(join(out, 'manifest.json')), key, { date });
    writeFileSync(join(out, SIGNATURE_NAME), sig);
    const sums = parseSums(readFileSync(join(out, 'SHA256SUMS'), 'utf8'), out);
    sums.set(SIGNATURE_NAME, sha(Buffer.from(sig)));
    writeFileSync(join(out, 'SHA256SUMS'), formatSums([...sums].map(([path, sha256]) => ({ path, sha256 }))));
    return out;
  }

  it('a revoked key is refused, whatever the clock (even set to before the revocation)', async () => {
    const m = target('revoked');
    const k = await generateOwnKey({ name: 'Soon Revoked', env: preparer });
    const key = await unlockOwnKey(k.fingerprint, undefined, preparer);
    const b = await makeBundle('revoked', key);
    await trustKeyFile({ path: join(b, SIGNER_KEY_NAME), scope: 'user', env: m.env });
    expect((await checkBundle(b, { job: createJob(), env: m.env })).signature.status).toBe('verified');
    // the owner revokes it; the revocation reaches the target and is merged into the trusted copy
    const { publicKey } = await openpgp.revokeKey({ key, format: 'armored', reasonForRevocation: { flag: openpgp.enums.reasonForRevocation.keyCompromised, string: 'laptop stolen' } });
    writeFileSync(join(t.path, 'revocation.asc'), publicKey);
    await trustKeyFile({ path: join(t.path, 'revocation.asc'), scope: 'user', env: m.env });
    expect(await code(verifyBundle(b, { job: createJob(), env: m.env }))).toBe('BUNDLE_SIGNER_REVOKED');
    await refusedInstall(b, m, 'BUNDLE_SIGNER_REVOKED', new Date('2012-01-01T00:00:00Z'));
    await refusedInstall(b, m, 'BUNDLE_SIGNER_REVOKED', new Date('2049-01-01T00:00:00Z'));
    // and the preparer cannot sign with it any more
    expect(await code(signManifest(Buffer.from('x'), (await openpgp.readPrivateKey({ armoredKey: (await openpgp.revokeKey({ key, format: 'armored' })).privateKey })) as openpgp.PrivateKey))).toBe('KEY_OWN_REVOKED');
  });

  it('"require" with no signature is refused with nothing installed; "warn" goes on and says so; "off" does not look', async () => {
    const unsigned = await makeBundle('unsigned');
    expect(existsSync(join(unsigned, SIGNATURE_NAME))).toBe(false);
    const m = target('require');
    mkdirSync(m.env.GO_OFFLINE_SYSTEM_CONFIG_DIR, { recursive: true });
    await setSystemPolicy({ signaturePolicy: 'require' }, m.env);
    expect(await code(verifyBundle(unsigned, { job: createJob(), env: m.env }))).toBe('BUNDLE_NOT_SIGNED');
    await refusedInstall(unsigned, m, 'BUNDLE_NOT_SIGNED');
    const w = target('warn');
    expect((await checkBundle(unsigned, { job: createJob(), env: w.env })).signature).toMatchObject({ status: 'unsigned', outcome: 'warned' });
    expect((await checkBundle(unsigned, { job: createJob(), env: w.env, policy: 'off' })).signature).toMatchObject({ status: 'not-checked', outcome: 'off', policyFrom: 'option' });
  });

  it('damaged files leave the signature unjudged: never "accepted", signed and trusted or unsigned', async () => {
    const damage = (b: string) => {
      const f = join(b, 'go', 'go1.18.0.linux-amd64.tar.gz');
      const bytes = readFileSync(f);
      bytes[bytes.length >> 1]! ^= 0xff;
      writeFileSync(f, bytes);
      return b;
    };
    const unsigned = join(t.path, 'bundles', 'damaged-unsigned');
    await exportBundle({ outDir: unsigned, archives: [archive], job: createJob() });
    const trusted = join(t.path, 'bundles', 'damaged-signed');
    cpSync(signed, trusted, { recursive: true });
    const m = target('damaged');
    await trustKeyFile({ path: join(signed, SIGNER_KEY_NAME), scope: 'user', env: m.env });
    // before the damage: the one is accepted with a warning, the other accepted
    expect((await checkBundle(unsigned, { job: createJob(), env: m.env })).signature).toMatchObject({ status: 'unsigned', outcome: 'warned' });
    expect((await checkBundle(trusted, { job: createJob(), env: m.env })).signature).toMatchObject({ status: 'verified', outcome: 'accepted' });
    for (const b of [damage(unsigned), damage(trusted)]) {
      const r = await checkBundle(b, { job: createJob(), env: m.env });
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([expect.objectContaining({ path: 'go/go1.18.0.linux-amd64.tar.gz', problem: 'hash' })]);
      expect(r.signature).toMatchObject({ status: 'not-checked', outcome: 'not-judged', policy: 'warn', policyFrom: 'default' });
      expect(r.signature.signer).toBeUndefined();
      expect(await code(verifyBundle(b, { job: createJob(), env: m.env }))).toBe('BUNDLE_TAMPERED');
    }
  });

  it('the administrator’s system policy and trust list win over the user’s', async () => {
    const m = target('system-wins');
    mkdirSync(join(m.env.XDG_CONFIG_HOME, 'go-offline'), { recursive: true });
    writeFileSync(join(m.env.XDG_CONFIG_HOME, 'go-offline', 'settings.json'), JSON.stringify({ signaturePolicy: 'off' }));
    expect(await effectivePolicy(m.env)).toEqual({ policy: 'off', policyFrom: 'user', clock: 'signing-time' });
    mkdirSync(m.env.GO_OFFLINE_SYSTEM_CONFIG_DIR, { recursive: true });
    await setSystemPolicy({ signaturePolicy: 'require' }, m.env);
    expect(await effectivePolicy(m.env, 'off')).toEqual({ policy: 'require', policyFrom: 'system', clock: 'signing-time' });
    // the user trusts the key, but the machine's list (which exists and lacks it) decides
    await trustKeyFile({ path: join(signed, SIGNER_KEY_NAME), scope: 'user', env: m.env });
    writeFileSync(trustListPath('system', m.env), JSON.stringify({ schema: 'go-offline/trusted-keys', keys: [] }));
    expect(await code(verifyBundle(signed, { job: createJob(), env: m.env }))).toBe('BUNDLE_SIGNER_UNKNOWN');
    await trustKeyFile({ path: join(signed, SIGNER_KEY_NAME), scope: 'system', env: m.env });
    expect((await verifyBundle(signed, { job: createJob(), env: m.env })).signature).toMatchObject({ status: 'verified', trustedIn: 'system', policyFrom: 'system' });
    await untrustKey({ fingerprint: fpr, scope: 'system', env: m.env });
    expect(await code(verifyBundle(signed, { job: createJob(), env: m.env }))).toBe('BUNDLE_SIGNER_UNKNOWN');
  });
});
