/**
 * Issue 19: the playbook on the media against real hosts. Four hosts (network namespaces with
 * Debian's sshd, each with its own HOME and install folder, see hosts.ts), a real bundle of the real
 * Go fixture, `ansible-playbook` run from the media: --check changes nothing and says what would
 * change; the run installs and verifies on every host but the one whose install folder is a tiny
 * tmpfs (a full disk), which fails alone, says why and keeps its old Go; a re-run changes nothing on
 * the installed hosts; our own CLI verifies and rolls back on one host afterwards. Skipped, saying
 * why, where namespaces, sshd or ansible are not available.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp';
import { ensureGoFixture } from '../support/go-fixture';
import { runCli } from '../support/cli';
import { fleetUnavailable, makeFleet, type Fleet } from './hosts';

const why = fleetUnavailable();
if (why) console.log(`skipped: the fleet test needs network namespaces and sshd: ${why}`);

function playbook(fleet: Fleet, media: string, inventory: string, extra: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn('ansible-playbook', ['-i', inventory, join(media, 'ansible', 'install-go.yml'), ...extra], { env: fleet.ansibleEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

/** PLAY RECAP counts per host */
function recap(out: string): Record<string, Record<string, number>> {
  const res: Record<string, Record<string, number>> = {};
  const tail = out.slice(out.lastIndexOf('PLAY RECAP'));
  for (const m of tail.matchAll(/^(\S+)\s+:\s+(.*)$/gm)) res[m[1]!] = Object.fromEntries([...m[2]!.matchAll(/(\w+)=(\d+)/g)].map((x) => [x[1]!, Number(x[2])]));
  return res;
}

describe.skipIf(why !== null)('the playbook on the media across real offline hosts (netns + sshd)', () => {
  const t = tempDir('gooff-fleet-');
  let fleet: Fleet;
  let media: string;
  let version: string;
  let inventory: string;
  const healthy = ['h1', 'h2', 'h3'];

  beforeAll(async () => {
    const fixture = await ensureGoFixture();
    version = fixture.version;
    media = join(t.path, 'usb', 'go-bundle');
    const made = await runCli(['bundle', 'create', '--archive', fixture.archive, '--platform', 'linux-amd64', '--out', media, '--json'], { HOME: join(t.path, 'preparer'), TMPDIR: t.path, GO_OFFLINE_LANG: 'en' });
    if (made.code !== 0) throw new Error(`bundle create: ${made.stderr}`);
    // the Go the hosts h2 and h4 had before (a small one, so that it fits on h4's tiny disk)
    const old = join(t.path, 'old-go');
    mkdirSync(join(old, 'bin'), { recursive: true });
    writeFileSync(join(old, 'VERSION'), 'go1.18.0\n');
    writeFileSync(join(old, 'bin', 'go'), '#!/bin/sh\necho "go version go1.18.0 linux/amd64"\n');
    chmodSync(join(old, 'bin', 'go'), 0o755);
    fleet = await makeFleet(join(t.path, 'fleet'), [{ name: 'h1' }, { name: 'h2', oldGo: old }, { name: 'h3' }, { name: 'h4', tmpfsPrefix: '2m', oldGo: old }]);
    writeFileSync(join(fleet.hosts[1]!.home, '.bashrc'), '# h2 before\nalias ll="ls -l"\n');
    inventory = fleet.inventory({ go_offline_scope: 'user' }, (h) => ({ go_offline_prefix: h.prefix }));
  });
  afterAll(async () => {
    await fleet?.close();
    t.remove();
  });

  it('--check says what would change on every host and changes nothing', async () => {
    const r = await playbook(fleet, media, inventory, ['--check']);
    expect(r.code, r.out.slice(-4000)).toBe(0);
    for (const h of fleet.hosts) {
      expect(r.out).toContain(`${h.name}: would install ${version}`);
      expect(recap(r.out)[h.name]).toMatchObject({ failed: 0, changed: 1 });
    }
    expect(r.out).toContain('h2: would install go1.19.8 (there now: go1.18.0)'.replace('go1.19.8', version));
    for (const h of fleet.hosts) expect(readdirSync(h.home).filter((n) => n !== '.bashrc')).toEqual([]);
    expect(existsSync(join(fleet.hosts[0]!.prefix, 'go'))).toBe(false);
  });

  it('installs and verifies on every host; the full one fails alone, says why and keeps its old Go; a re-run changes nothing', async () => {
    const r = await playbook(fleet, media, inventory);
    const counts = recap(r.out);
    expect(r.code, r.out.slice(-6000)).toBe(2); // some host failed
    for (const name of healthy) {
      expect(counts[name], r.out.slice(-6000)).toMatchObject({ failed: 0, unreachable: 0 });
      expect(r.out).toContain(`${name}: installed and verified ${version} at ${fleet.hosts.find((h) => h.name === name)!.prefix}/go`);
    }
    expect(counts.h4).toMatchObject({ failed: 1 });
    const h4 = fleet.hosts[3]!;
    expect(r.out).toMatch(new RegExp(`h4: NOT installed: there is not enough free space in ${h4.prefix}.*Old Go kept \\(go1\\.18\\.0 at ${h4.prefix}/go\\)`));
    // the full host: its old Go in place and nothing of ours left in its install folder or home
    expect(readFileSync(fleet.hostPath(h4, join(h4.prefix, 'go', 'VERSION')), 'utf8')).toBe('go1.18.0\n');
    expect(readdirSync(fleet.hostPath(h4, h4.prefix))).toEqual(['go']);
    expect(existsSync(join(h4.home, '.cache', 'go-offline-playbook'))).toBe(false);
    // every healthy host: a working go in a login shell with that host's HOME
    for (const h of fleet.hosts.slice(0, 3)) {
      const s = fleet.ssh(h, 'bash -lc "go version; go env GOROOT; echo HOME=$HOME"');
      expect(s.stdout, s.stderr).toContain(`go version ${version} linux/amd64`);
      expect(s.stdout).toContain(`${h.prefix}/go\n`);
      expect(s.stdout).toContain(`HOME=${h.home}`);
      expect(existsSync(join(h.home, '.cache', 'go-offline-playbook'))).toBe(false);
    }

    const again = await playbook(fleet, media, inventory);
    const c2 = recap(again.out);
    for (const name of healthy) {
      expect(c2[name], again.out.slice(-4000)).toMatchObject({ changed: 0, failed: 0 });
      expect(again.out).toContain(`${name}: already installed, nothing changed (${version} at `);
    }
    expect(c2.h4).toMatchObject({ failed: 1 });
    expect(readFileSync(fleet.hostPath(h4, join(h4.prefix, 'go', 'VERSION')), 'utf8')).toBe('go1.18.0\n');
  });

  it('our CLI works on a host afterwards: verify passes, rollback puts the old Go and the startup files back', async () => {
    const h2 = fleet.hosts[1]!;
    const env = { HOME: h2.home, TMPDIR: join(h2.root, 'tmp'), GO_OFFLINE_LANG: 'en' };
    const v = await runCli(['verify', '--prefix', h2.prefix, '--json'], env);
    expect(v.code, v.stderr.slice(-2000)).toBe(0);
    const rep = JSON.parse(v.stdout) as { checks: Array<{ id: string; status: string }> };
    expect(rep.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const d = await runCli(['diagnose', '--prefix', h2.prefix, '--json'], env);
    expect(d.code, d.stderr.slice(-2000)).toBe(0);
    const rb = await runCli(['rollback', '--prefix', h2.prefix, '--yes', '--json'], env);
    expect(rb.code, rb.stderr).toBe(0);
    expect(readFileSync(join(h2.prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
    expect(readFileSync(join(h2.home, '.bashrc'), 'utf8')).toBe('# h2 before\nalias ll="ls -l"\n');
    // the Go h2 had is back, and its login shells are as they were (that Go was never on PATH)
    const after = fleet.ssh(h2, `bash -lc "command -v go || echo no-go-on-path; ${h2.prefix}/go/bin/go version"`);
    expect(after.stdout).toBe('no-go-on-path\ngo version go1.18.0 linux/amd64\n');
  });
});
