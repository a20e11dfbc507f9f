/**
 * Where the playbook takes the bundle from (issue 19). From a relay (`go_offline_source=relay`):
 * the host pulls the archive from `go-offline serve` (the real CLI on 127.0.0.1) instead of having
 * it copied, install.sh checks its sha256 on the host, and the install record says where it came
 * from. From media with a module proxy: the proxy and SHA256SUMS are copied with the archive and
 * the host's GOPROXY is the local copy, as the app makes it. Ansible's local connection
 * (no namespaces needed); a small Go tree whose `go` answers the playbook's checks (version, env,
 * run) keeps it quick; the real Go goes through the same steps in fleet.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp';
import { CLI } from '../support/cli';
import { createJob } from '../../electron/engine/jobs';
import { makeTgz } from '../../electron/engine/install/test-helpers';
import { describeArchive, exportBundle } from '../../electron/engine/bundle/export';

const why = spawnSync('ansible-playbook', ['--version']).status === 0 ? null : 'ansible-playbook is not installed';
if (why) console.log(`skipped: ${why}`);

// a `go` that answers what the playbook asks: go version, go env NAMES, go run FILE
const GO = `#!/bin/sh
case "$1" in
  version) echo "go version go1.19.8 linux/amd64" ;;
  env) shift; for k in "$@"; do case "$k" in GOROOT) cd "$(dirname "$0")/.." && pwd ;; *) printenv "$k" || echo ;; esac; done ;;
  run) echo "hello, world" ;;
  *) exit 2 ;;
esac
`;

/** a Go archive whose go answers the playbook's checks */
const answeringGo = (path: string) =>
  makeTgz(path, [
    { name: 'go/', type: '5' },
    { name: 'go/VERSION', body: 'go1.19.8\n' },
    { name: 'go/bin/', type: '5' },
    { name: 'go/bin/go', body: GO, mode: 0o755 },
  ]);

describe.skipIf(why !== null)('the playbook from a relay, and from media with modules', () => {
  const t = tempDir('gooff-fleet-relay-');
  let relay: ChildProcess;
  let url: string;
  let media: string;
  beforeAll(async () => {
    const src = join(t.path, 'src');
    mkdirSync(src);
    const tgz = answeringGo(join(src, 'go1.19.8.linux-amd64.tar.gz'));
    media = join(t.path, 'media');
    await exportBundle({ outDir: media, archives: [await describeArchive(tgz.path)], job: createJob() });
    relay = spawn(process.execPath, [CLI, 'serve', media, '--port', '0', '--json', '--no-verify'], { env: { PATH: process.env.PATH ?? '', HOME: join(t.path, 'relay-home'), GO_OFFLINE_LANG: 'en' }, stdio: ['ignore', 'pipe', 'ignore'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      relay.stdout!.on('data', (d: Buffer) => {
        out += d;
        try {
          resolve((JSON.parse(out) as { url: string }).url);
        } catch {
          /* not complete yet */
        }
      });
      relay.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
  });
  afterAll(async () => {
    if (relay && relay.exitCode === null) {
      const gone = new Promise((r) => relay.once('exit', r));
      relay.kill('SIGINT');
      await gone;
    }
    t.remove();
  });

  /** one local host with its own home and prefix, the playbook of `dir` with extra -e options */
  const play = async (name: string, dir: string, extra: string[]) => {
    const home = join(t.path, name, 'home');
    const prefix = join(t.path, name, 'opt');
    mkdirSync(home, { recursive: true });
    const cfg = join(t.path, 'ansible.cfg');
    writeFileSync(cfg, '[defaults]\nretry_files_enabled = False\nnocolor = True\n');
    const inv = join(t.path, name, 'inventory.ini');
    writeFileSync(inv, `[go_hosts]\nh ansible_connection=local ansible_python_interpreter=/usr/bin/python3 go_offline_home=${home} go_offline_prefix=${prefix} go_offline_scope=user\n`);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(t.path, 'controller'), TMPDIR: t.path, ANSIBLE_CONFIG: cfg, ANSIBLE_HOME: join(t.path, 'ansible-home'), ANSIBLE_LOCAL_TEMP: join(t.path, 'ansible-local'), ANSIBLE_REMOTE_TEMP: join(t.path, 'ansible-remote'), ANSIBLE_NOCOLOR: '1' };
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn('ansible-playbook', ['-i', inv, join(dir, 'ansible', 'install-go.yml'), ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d));
      p.stderr.on('data', (d: Buffer) => (out += d));
      p.on('close', (code) => resolve({ code, out }));
    });
    return { ...r, home, prefix };
  };

  it('installs from the relay URL, checks it on the host and records the relay as the source', async () => {
    const r = await play('relay', media, ['-e', 'go_offline_source=relay', '-e', `go_offline_relay_url=${url}`]);
    const { home, prefix } = r;
    expect(r.code, r.out.slice(-4000)).toBe(0);
    expect(r.out).toContain(`h: installed and verified go1.19.8 at ${prefix}/go`);
    // nothing was copied from the media: the copy task was skipped
    expect(r.out).toMatch(/TASK \[Copy the Go archive to the host \(once\)\][^\n]*\n(skipping: \[h\][^\n]*\n)+/);
    const state = JSON.parse(readFileSync(join(home, '.local', 'state', 'go-offline', 'install-state.json'), 'utf8')) as { records: Record<string, { source: string; archive: { verified: boolean } }> };
    expect(state.records[join(prefix, 'go')]).toMatchObject({ source: url, archive: { verified: true } });
    expect(existsSync(join(home, '.cache', 'go-offline-playbook'))).toBe(false);
  });

  it('copies the module proxy with the archive and points GOPROXY at the local copy', async () => {
    const src = join(t.path, 'src-modules');
    mkdirSync(src);
    const tgz = answeringGo(join(src, 'go1.19.8.linux-amd64.tar.gz'));
    const proxyDir = join(t.path, 'proxy');
    mkdirSync(join(proxyDir, 'example.com', 'm', '@v'), { recursive: true });
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'list'), 'v1.0.0\n');
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'v1.0.0.mod'), 'module example.com/m\n');
    const withModules = join(t.path, 'media-modules');
    await exportBundle({ outDir: withModules, archives: [await describeArchive(tgz.path)], modules: { proxyDir, moduleCount: 1, size: 0, projects: [] }, job: createJob() });
    const r = await play('modules', withModules, []);
    expect(r.code, r.out.slice(-4000)).toBe(0);
    expect(r.out).toContain(`h: installed and verified go1.19.8 at ${r.prefix}/go`);
    const copy = join(r.home, '.local', 'share', 'go-offline', 'modules', 'proxy');
    expect(readFileSync(join(copy, 'example.com', 'm', '@v', 'v1.0.0.mod'), 'utf8')).toBe('module example.com/m\n');
    const state = JSON.parse(readFileSync(join(r.home, '.local', 'state', 'go-offline', 'install-state.json'), 'utf8')) as { records: Record<string, { moduleProxy: { path: string } | null; environment: { vars: Record<string, string> } }> };
    const rec = state.records[join(r.prefix, 'go')]!;
    expect(rec.moduleProxy?.path).toBe(copy);
    expect(rec.environment.vars.GOPROXY).toBe(`file://${copy},off`);
  });
});
