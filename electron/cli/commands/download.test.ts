import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startMirror, type Mirror } from '../../../test/support/http-server';
import { tempDir } from '../../../test/support/tmp';
import { ensureGoFixture, fixtureListingEntry, type GoFixture } from '../../../test/support/go-fixture';
import { spawn } from 'node:child_process';
import { CLI, runCli } from '../../../test/support/cli';

const cli = (args: string[], env: Record<string, string>) => runCli(args, { LANG: 'C', ...env });

describe('go-offline download', () => {
  let fixture: GoFixture;
  let mirror: Mirror;
  let home: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    fixture = await ensureGoFixture();
    mirror = await startMirror({ releases: [fixtureListingEntry(fixture)], files: { [fixture.filename]: fixture.archive } });
    home = tempDir('gooff-cli-dl-');
  });
  afterAll(async () => {
    await mirror.close();
    home.remove();
  });

  it('downloads and verifies the real fixture archive (--json), resuming after a drop', async () => {
    mirror.fault(fixture.filename, { kind: 'drop', afterBytes: 5 << 20 });
    const out = join(home.path, 'out');
    const r = await cli(['download', fixture.version.replace(/^go/, ''), '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', out, '--json'], { HOME: home.path });
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(fixture.version);
    expect(doc.files).toHaveLength(1);
    expect(doc.files[0].sha256).toBe(fixture.sha256);
    expect(doc.files[0].signature).toBe('not-published');
    expect(readdirSync(out)).toEqual([fixture.filename]);
    const reqs = mirror.requestsFor(fixture.filename);
    expect(reqs.at(-1)!.range).toMatch(/^bytes=\d+-$/);
  });

  it('a missing platform is bad input (exit 2) naming what exists', async () => {
    const out = join(home.path, 'out2');
    const r = await cli(['download', fixture.version, '--platform', 'windows-arm64', '--mirror', mirror.baseUrl, '--out', out], { HOME: home.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RELEASE_PLATFORM_MISSING');
    expect(r.stderr).toContain('linux-amd64');
    expect(existsSync(out)).toBe(false);
  });

  it('a damaged file fails the check (exit 1) and leaves nothing', async () => {
    mirror.fault(fixture.filename, { kind: 'corrupt' });
    const out = join(home.path, 'out3');
    const r = await cli(['download', fixture.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', out, '--json'], { HOME: home.path });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!).error;
    expect(err.code).toBe('DOWNLOAD_SHA256_MISMATCH');
    expect(err.params.expected).toBe(fixture.sha256);
    expect(readdirSync(out)).toEqual([]);
  });

  it('without a terminal prints one line per phase and the final state, never a repeated bar', async () => {
    const out = join(home.path, 'out4');
    const r = await cli(['download', fixture.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', out], { HOME: home.path });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('download ') || l.startsWith('verify '));
    // each phase once when it starts, and the final state once
    expect(new Set(lines).size).toBe(lines.length);
    const download = lines.filter((l) => l.startsWith(`download ${fixture.filename} `));
    expect(download).toHaveLength(2);
    expect(lines.at(-1)).toMatch(new RegExp(`^download ${fixture.filename.replace(/\./g, '\\.')} 100% .* done$`));
    expect(r.stderr).not.toContain('\r');
  });

  it('Ctrl-C cancels with exit status 130 and leaves no file under its final name', async () => {
    mirror.fault(fixture.filename, { kind: 'slow', delayMs: 50, chunkBytes: 16 * 1024 });
    const out = join(home.path, 'out5');
    const child = spawn(process.execPath, [CLI, 'download', fixture.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', out], {
      env: { PATH: process.env.PATH ?? '', LANG: 'C', HOME: home.path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const started = new Promise<void>((res) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d;
        if (stderr.includes(`download ${fixture.filename}`)) res();
      }),
    );
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // interrupt once the download is under way (the phase's first line), as a person would
    await Promise.race([started, exited]);
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('error CANCELLED');
    expect(stderr).toMatch(/ cancelled\n/);
    expect(existsSync(join(out, fixture.filename))).toBe(false);
  });

  it('without --platform is bad usage', async () => {
    const r = await cli(['download', '1.22.5', '--out', home.path], { HOME: home.path });
    expect(r.code).toBe(2);
  });
});
