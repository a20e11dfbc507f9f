/**
 * The playbook's batches and its words for a platform the bundle lacks (issue 19), on this machine
 * through Ansible's local connection (no namespaces needed): a bundle with Go for linux-arm64 only,
 * run against two linux-amd64 hosts, fails the first host saying which platform it lacks, which it
 * has and how to add it, and stops there (the default batches: one host first), so the second host
 * is never touched; with `go_offline_serial` raised, both hosts fail with the same words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp';
import { createJob } from '../../electron/engine/jobs';
import { makeTgz, tinyGoEntries } from '../../electron/engine/install/test-helpers';
import { describeArchive, exportBundle } from '../../electron/engine/bundle/export';

const why = spawnSync('ansible-playbook', ['--version']).status === 0 ? null : 'ansible-playbook is not installed';
if (why) console.log(`skipped: ${why}`);

describe.skipIf(why !== null)('the playbook stops after the first host when the bundle lacks the hosts’ platform', () => {
  const t = tempDir('gooff-fleet-batches-');
  let media: string;
  let inventory: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    const src = join(t.path, 'src');
    mkdirSync(src);
    const tgz = makeTgz(join(src, 'go1.19.8.linux-arm64.tar.gz'), tinyGoEntries('go1.19.8'));
    media = join(t.path, 'media');
    await exportBundle({ outDir: media, archives: [await describeArchive(tgz.path)], job: createJob() });
    const hosts = ['a', 'b'].map((n) => {
      const home = join(t.path, n, 'home');
      mkdirSync(home, { recursive: true });
      return `${n} ansible_connection=local go_offline_home=${home} go_offline_prefix=${join(t.path, n, 'opt')}`;
    });
    inventory = join(t.path, 'inventory.ini');
    writeFileSync(inventory, ['[go_hosts]', ...hosts, '', '[go_hosts:vars]', 'ansible_python_interpreter=/usr/bin/python3', 'go_offline_scope=user', ''].join('\n'));
    const cfg = join(t.path, 'ansible.cfg');
    writeFileSync(cfg, '[defaults]\nretry_files_enabled = False\nnocolor = True\n');
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(t.path, 'controller'), TMPDIR: t.path, ANSIBLE_CONFIG: cfg, ANSIBLE_HOME: join(t.path, 'ansible-home'), ANSIBLE_LOCAL_TEMP: join(t.path, 'ansible-local'), ANSIBLE_REMOTE_TEMP: join(t.path, 'ansible-remote'), ANSIBLE_NOCOLOR: '1' };
  });
  afterAll(() => t.remove());

  const play = (extra: string[] = []) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn('ansible-playbook', ['-i', inventory, join(media, 'ansible', 'install-go.yml'), ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d));
      p.stderr.on('data', (d: Buffer) => (out += d));
      p.on('close', (code) => resolve({ code, out }));
    });
  const words = 'This bundle has no Go for linux-amd64 (this host reports Linux x86_64); it has Go for linux-arm64. To add this platform, on the machine that made the bundle run: go-offline bundle create --platform linux-amd64';

  it('the first host fails in plain words and the run stops before the second', async () => {
    const r = await play();
    expect(r.code, r.out.slice(-3000)).not.toBe(0);
    expect(r.out).toContain(`a: NOT installed: ${words}`);
    expect(r.out).toContain('There was no Go at');
    expect(r.out).not.toMatch(/^(ok|changed|fatal): \[b\]/m);
    expect(r.out).not.toMatch(/^b\s+:/m);
    for (const n of ['a', 'b']) expect(readdirSync(join(t.path, n, 'home'))).toEqual([]);
  });

  it('with go_offline_serial raised (one batch), every host fails with the same words', async () => {
    const r = await play(['-e', 'go_offline_serial=2']);
    expect(r.out).toContain(`a: NOT installed: ${words}`);
    expect(r.out).toContain(`b: NOT installed: ${words}`);
    expect(r.out).toMatch(/^b\s+:.*failed=1/m);
  });
});
