/**
 * `go-offline keys` and signed bundles through the built CLI: the preparer generates a key with a
 * passphrase, creates a signed bundle, the target pins the key from the fingerprint read over the
 * phone and verifies; an unknown key under the administrator's "require" is refused (exit 2), in
 * English and Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { repoRoot } from '../../../test/support/go-fixture';
import { makeTgz, tinyGoEntries } from '../../engine/install/test-helpers';

const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', GO_OFFLINE_LANG: 'en', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('go-offline keys and signed bundles', () => {
  const t = tempDir('gooff-cli-keys-');
  const machine = (name: string) => {
    const home = join(t.path, name);
    return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state'), XDG_CACHE_HOME: join(home, '.cache'), TMPDIR: t.path, GO_OFFLINE_SYSTEM_CONFIG_DIR: join(home, 'etc') };
  };
  const preparer = machine('preparer');
  const out = join(t.path, 'usb', 'bundle');
  let fpr = '';
  let created: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    mkdirSync(join(t.path, 'src'));
    const a = makeTgz(join(t.path, 'src', 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    writeFileSync(join(t.path, 'pass'), 'correct horse\n');
    const g = await cli(['keys', 'generate', '--name', 'Preparer One', '--email', 'one@example.test', '--passphrase-file', join(t.path, 'pass'), '--json'], preparer);
    expect(g.code, g.stderr).toBe(0);
    fpr = JSON.parse(g.stdout).fingerprint;
    created = await cli(['bundle', 'create', '--archive', a.path, '--out', out], { ...preparer, GO_OFFLINE_KEY_PASSPHRASE: 'correct horse' });
  });
  afterAll(() => t.remove());

  it('create signs with the key made by keys generate (the default signing key) and says so', () => {
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`manifest.json signed by Preparer One <one@example.test> · ${fpr.replace(/(.{4})(?=.)/g, '$1 ')}`);
  });

  it('a wrong passphrase stops create before anything is written', async () => {
    const r = await cli(['bundle', 'create', '--archive', join(t.path, 'src', 'go1.18.0.linux-amd64.tar.gz'), '--out', join(t.path, 'usb', 'other')], { ...preparer, GO_OFFLINE_KEY_PASSPHRASE: 'wrong' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error KEY_PASSPHRASE_WRONG');
  });

  it('the target: unknown under warn, refused under the administrator’s require, verified once pinned by fingerprint', async () => {
    const target = machine('target');
    const warned = await cli(['bundle', 'verify', out], target);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stdout).toContain('Signature: by a key this machine does not trust: Preparer One');
    expect(warned.stdout).toContain('signature policy: warn (the default) → accepted with a warning');

    const setPolicy = await cli(['keys', 'policy', 'require', '--system'], target);
    expect(setPolicy.code, setPolicy.stderr).toBe(0);
    expect(setPolicy.stdout).toContain('Signature policy: require (from the administrator');
    const refused = await cli(['bundle', 'verify', out, '--signature-policy', 'off'], { ...target, GO_OFFLINE_LANG: 'zh' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error BUNDLE_SIGNER_UNKNOWN');
    expect(refused.stderr).toContain('不在本机的信任列表');

    const spoken = fpr.toLowerCase().replace(/(.{4})/g, '$1 ');
    const wrong = await cli(['keys', 'trust', '--fingerprint', spoken.replace(/^(.)/, (c) => (c === '0' ? '1' : '0')), '--file', join(out, 'signer-key.asc')], target);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('error KEY_FINGERPRINT_MISMATCH');
    const trust = await cli(['keys', 'trust', '--fingerprint', spoken, '--file', join(out, 'signer-key.asc')], target);
    expect(trust.code, trust.stderr).toBe(0);
    const ok = await cli(['bundle', 'verify', out], target);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Signature: good, by Preparer One <one@example.test>');
    expect(ok.stdout).toContain('signature policy: require (set by the administrator for this machine) → accepted');
    const list = await cli(['keys', 'list'], target);
    expect(list.stdout).toContain('[trusted (user)]');
  });

  it('install under the administrator’s require refuses media signed by an unknown key: exit 2, nothing installed, in plain words', async () => {
    const target = machine('install-require');
    expect((await cli(['keys', 'policy', 'require', '--system'], target)).code).toBe(0);
    const prefix = join(t.path, 'install-require', 'opt');
    const r = await cli(['install', '--bundle', out, '--scope', 'user', '--prefix', prefix, '--yes'], target);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error BUNDLE_SIGNER_UNKNOWN: The bundle is signed by a key this machine does not trust');
    expect(r.stderr).toContain('Nothing was installed.');
    expect(existsSync(prefix)).toBe(false);
    expect(existsSync(join(target.XDG_STATE_HOME, 'go-offline'))).toBe(false);
  });
});
