/**
 * Signing keys through the dispatcher (what the settings drawer and the media screens call): a key
 * generated with a passphrase signs bundle.create, its public key exported to a file is trusted on
 * another "machine" by its fingerprint, and bundle.verify reports the signer and the outcome there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { createDispatcher } from './index';

describe('keys IPC handlers and signed bundle.create / bundle.verify', () => {
  const t = tempDir('keys-ipc-');
  afterAll(() => t.remove());

  it('generate, sign at create, export, trust by fingerprint on the target, verify with the signer', async () => {
    const src = join(t.path, 'src');
    mkdirSync(join(src, 'go'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), 'go1.99.4\n');
    const archive = join(t.path, 'go1.99.4.linux-amd64.tar.gz');
    execFileSync('tar', ['-C', src, '-czf', archive, 'go']);
    const prep = createDispatcher({ env: { HOME: join(t.path, 'prep'), GO_OFFLINE_SYSTEM_CONFIG_DIR: join(t.path, 'prep-etc') }, emit: () => {}, log: false });
    const gen = await prep.dispatch('keys.generate', { name: 'Ops Team', passphrase: 'pw' });
    expect(gen).toMatchObject({ ok: true, value: { where: 'own', protected: true, userIds: ['Ops Team'] } });
    if (!gen.ok) return;
    const fpr = (gen.value as { fingerprint: string }).fingerprint;
    const out = join(t.path, 'out');
    const wrong = await prep.dispatch('bundle.create', { jobId: randomUUID(), archiveFiles: [archive], outDir: out, sign: { fingerprint: fpr, passphrase: 'nope' } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'KEY_PASSPHRASE_WRONG' } });
    expect(existsSync(out)).toBe(false);
    const created = await prep.dispatch('bundle.create', { jobId: randomUUID(), archiveFiles: [archive], outDir: out, sign: { fingerprint: fpr, passphrase: 'pw' } });
    expect(created).toMatchObject({ ok: true, value: { manifest: { signer: { fingerprint: fpr, userIds: ['Ops Team'] } } } });
    const exported = await prep.dispatch('keys.exportPublic', { fingerprint: fpr, path: join(t.path, 'ops.asc') });
    expect(exported.ok).toBe(true);

    const target = createDispatcher({ env: { HOME: join(t.path, 'target'), GO_OFFLINE_SYSTEM_CONFIG_DIR: join(t.path, 'target-etc') }, emit: () => {}, log: false });
    const before = await target.dispatch('bundle.verify', { jobId: randomUUID(), source: out });
    expect(before).toMatchObject({ ok: true, value: { ok: true, signature: { status: 'unknown-key', outcome: 'warned', signer: { fingerprint: fpr } } } });
    const trusted = await target.dispatch('keys.trust', { path: join(t.path, 'ops.asc'), fingerprint: fpr.replace(/(.{4})/g, '$1 ') });
    expect(trusted).toMatchObject({ ok: true, value: [{ fingerprint: fpr, where: 'trusted-user' }] });
    const after = await target.dispatch('bundle.verify', { jobId: randomUUID(), source: out });
    expect(after).toMatchObject({ ok: true, value: { signature: { status: 'verified', outcome: 'accepted', trustedIn: 'user' } } });
    const pol = await target.dispatch('keys.setPolicy', { policy: 'require' });
    expect(pol).toMatchObject({ ok: true, value: { policy: 'require', policyFrom: 'user' } });
    expect(await target.dispatch('keys.list', {})).toMatchObject({ ok: true, value: [{ fingerprint: fpr, where: 'trusted-user' }] });
    expect(await target.dispatch('keys.remove', { fingerprint: fpr, from: 'trusted-user' })).toMatchObject({ ok: true });
    const refused = await target.dispatch('bundle.verify', { jobId: randomUUID(), source: out });
    expect(refused).toMatchObject({ ok: true, value: { signature: { status: 'unknown-key', outcome: 'refused', code: 'BUNDLE_SIGNER_UNKNOWN' } } });
  });
});
