import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startMirror, type Mirror } from '../../../test/support/http-server';
import { tempDir } from '../../../test/support/tmp';
import { repoRoot } from '../../../test/support/go-fixture';

const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

/** Run the built CLI without blocking this process (the mirror lives here). */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const sum = 'b'.repeat(64);
const listing = [
  { version: 'go1.23rc2', stable: false, files: [{ filename: 'go1.23rc2.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.23rc2', sha256: sum, size: 1, kind: 'archive' }] },
  { version: 'go1.22.5', stable: true, files: [{ filename: 'go1.22.5.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.22.5', sha256: sum, size: 1, kind: 'archive' }] },
  { version: 'go1.21.12', stable: true, files: [{ filename: 'go1.21.12.linux-arm64.tar.gz', os: 'linux', arch: 'arm64', version: 'go1.21.12', sha256: sum, size: 1, kind: 'archive' }] },
  { version: 'go1.19.13', stable: true, files: [{ filename: 'go1.19.13.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.19.13', sha256: '', size: 1, kind: 'archive' }] },
];

describe('go-offline releases', () => {
  let mirror: Mirror;
  let home: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    mirror = await startMirror({ releases: listing });
    home = tempDir('gooff-cli-rel-');
  });
  afterAll(async () => {
    await mirror.close();
    home.remove();
  });

  it('--json prints one document with stable releases grouped by minor line', async () => {
    const r = await cli(['releases', '--mirror', mirror.baseUrl, '--json'], { HOME: home.path });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.source).toBe(mirror.baseUrl);
    expect(doc.latest).toBe('go1.22.5');
    expect(doc.groups.map((g: { line: string }) => g.line)).toEqual(['go1.22', 'go1.21']);
  });

  it('--all adds unstable and archived; text output marks releases without SHA-256', async () => {
    const r = await cli(['releases', '--mirror', mirror.baseUrl, '--all'], { HOME: home.path });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('go1.23rc2');
    expect(r.stdout).toMatch(/go1\.19\.13.*no SHA-256/);
  });

  it('--offline works from the saved listing; a dead mirror without cache exits 1 with the error', async () => {
    const r = await cli(['releases', '--offline', '--json'], { HOME: home.path });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).fromCache).toBe(true);
    const fresh = tempDir('gooff-cli-rel2-');
    try {
      const dead = await cli(['releases', '--mirror', `${mirror.origin}/nothing/`, '--json'], { HOME: fresh.path });
      expect(dead.code).toBe(1);
      expect(dead.stdout).toBe('');
      expect(dead.stderr).toContain('RELEASES_UNAVAILABLE');
    } finally {
      fresh.remove();
    }
  });

  it('a bad mirror address is bad input (exit 2)', async () => {
    const r = await cli(['releases', '--mirror', 'not-a-url'], { HOME: home.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DOWNLOAD_BAD_URL');
  });
});
