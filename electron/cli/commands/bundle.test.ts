/**
 * `bundle create` and `bundle verify` through the built CLI, against a loopback mirror serving the
 * real Go fixture archive with no signature published (as many internal mirrors do): what each
 * says was checked, one way of counting files, --require-signature, and a destination refused
 * before anything is downloaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMirror, type Mirror } from '../../../test/support/http-server';
import { tempDir } from '../../../test/support/tmp';
import { ensureExtraGoFixture, ensureGoFixture, fixtureListingEntry, type GoFixture } from '../../../test/support/go-fixture';
import { runCli } from '../../../test/support/cli';

const cli = (args: string[], env: Record<string, string>) => runCli(args, { GO_OFFLINE_LANG: 'en', ...env });

describe('go-offline bundle: what was checked', () => {
  let fixture: GoFixture;
  let mirror: Mirror;
  const t = tempDir('gooff-cli-bundle-');
  let env: Record<string, string>;
  let created: { code: number; stdout: string; stderr: string };
  const out = () => join(t.path, 'usb', 'bundle');
  beforeAll(async () => {
    fixture = await ensureGoFixture();
    mirror = await startMirror({ releases: [fixtureListingEntry(fixture)], files: { [fixture.filename]: fixture.archive } });
    env = { HOME: join(t.path, 'home') };
    created = await cli(['bundle', 'create', '--version', fixture.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', out()], env);
  });
  afterAll(async () => {
    await mirror.close();
    t.remove();
  });

  it('create says the archive was checked by SHA-256 only, and why, and counts the files listed in SHA256SUMS', () => {
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`SHA-256 only: go/${fixture.filename.replace(/\./g, '\\.')}\\. No OpenPGP signature \\(\\.asc\\) was published`));
    expect(created.stdout).not.toContain('every byte read back and checked');
    const listed = readdirSync(out(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== 'SHA256SUMS').length;
    expect(created.stdout).toMatch(new RegExp(`\\b${listed} files \\([^)]+\\) listed in SHA256SUMS: every byte read back and its SHA-256 matched`));
    // where the transfer report is, on the media and the preparer's own copy (the same bytes)
    const copy = /your copy: (\S+\.html)/.exec(created.stdout)?.[1];
    expect(copy, created.stdout).toBeTruthy();
    expect(readFileSync(copy!)).toEqual(readFileSync(join(out(), 'transfer-report.html')));
    expect(copy!.startsWith(join(t.path, 'home'))).toBe(true);
  });

  it('verify counts the same files with the same words, and says what the manifest recorded about signatures', async () => {
    const count = /(\d+ files \([^)]+\) listed in SHA256SUMS)/.exec(created.stdout)![1]!;
    const v = await cli(['bundle', 'verify', out()], env);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain(`${count}: every SHA-256 matched`);
    expect(v.stdout).toMatch(/SHA-256 only \(checked when the bundle was made, as manifest\.json records\): go\//);
  });

  it('verify --require-signature fails such a bundle (exit 1) naming the archive', async () => {
    const v = await cli(['bundle', 'verify', out(), '--require-signature'], env);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('error BUNDLE_SIGNATURE_MISSING');
    expect(v.stderr).toContain(`go/${fixture.filename}`);
  });

  it('a damaged, unsigned copy: verify and install never say "accepted"; the signature is "not checked: the files are damaged" in both languages', async () => {
    const damaged = join(t.path, 'damaged', 'bundle');
    cpSync(out(), damaged, { recursive: true });
    const archive = join(damaged, 'go', fixture.filename);
    const bytes = readFileSync(archive);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(archive, bytes);
    // the undamaged copy, for contrast: "accepted with a warning"
    expect((await cli(['bundle', 'verify', out()], env)).stdout).toContain('→ accepted with a warning');
    const en = await cli(['bundle', 'verify', damaged], env);
    expect(en.code).toBe(2);
    expect(en.stdout).toContain(`FAIL go/${fixture.filename}: checksum mismatch`);
    expect(en.stdout).toContain('Signature: not checked: the files are damaged (see above)');
    expect(en.stdout).not.toMatch(/accepted|Signature: none/);
    expect(en.stderr).toContain('error BUNDLE_TAMPERED');
    const zh = await cli(['bundle', 'verify', damaged], { ...env, GO_OFFLINE_LANG: 'zh' });
    expect(zh.code).toBe(2);
    expect(zh.stdout).toContain('签名：未检查，因为文件已损坏（见上方）');
    expect(zh.stdout).not.toMatch(/接受|签名：没有/);
    const json = JSON.parse((await cli(['bundle', 'verify', damaged, '--json'], env)).stdout) as { ok: boolean; signature: { status: string; outcome: string } };
    expect(json).toMatchObject({ ok: false, signature: { status: 'not-checked', outcome: 'not-judged' } });
    // install stops at the damaged archive, with nothing said about accepting the media
    const prefix = join(t.path, 'damaged-prefix');
    const inst = await cli(['install', '--bundle', damaged, '--scope', 'user', '--prefix', prefix, '--yes'], env);
    expect(inst.code).not.toBe(0);
    expect(inst.stdout + inst.stderr).not.toMatch(/accepted/i);
    expect(existsSync(join(prefix, 'go'))).toBe(false);
  });

  it('create --require-signature refuses an archive with no signature and writes no bundle', async () => {
    const dest = join(t.path, 'signed-only');
    const r = await cli(['bundle', 'create', '--version', fixture.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', dest, '--require-signature'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error DOWNLOAD_SIGNATURE_MISSING');
    expect(existsSync(dest)).toBe(false);
  });

  it('a non-empty --out is refused before anything is downloaded, and left as it was', async () => {
    const dest = join(t.path, 'full');
    mkdirSync(dest);
    writeFileSync(join(dest, 'holiday.jpg'), 'photo');
    const before = mirror.requests.length;
    const r = await cli(['bundle', 'create', '--version', fixture.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', dest], { HOME: join(t.path, 'home-2') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error BUNDLE_DEST_NOT_EMPTY');
    expect(mirror.requests.length).toBe(before);
    expect(readdirSync(dest)).toEqual(['holiday.jpg']);
  });

  it('an --out below a regular file is refused before anything is downloaded', async () => {
    const file = join(t.path, 'a-file');
    writeFileSync(file, 'x');
    const before = mirror.requests.length;
    const r = await cli(['bundle', 'create', '--version', fixture.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', join(file, 'bundle')], { HOME: join(t.path, 'home-3') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error BUNDLE_DEST_NOT_WRITABLE/);
    expect(mirror.requests.length).toBe(before);
  });
});

describe('go-offline bundle create with several Go versions, and bundle update --add-version', () => {
  let mirror: Mirror;
  const t = tempDir('gooff-cli-bundle-versions-');
  let fixture: GoFixture;
  let extra: GoFixture | { missing: string };
  beforeAll(async () => {
    fixture = await ensureGoFixture();
    extra = await ensureExtraGoFixture('1.21');
    const releases = [fixtureListingEntry(fixture), ...('missing' in extra ? [] : [fixtureListingEntry(extra)])];
    const files: Record<string, string> = { [fixture.filename]: fixture.archive, ...('missing' in extra ? {} : { [extra.filename]: extra.archive }) };
    mirror = await startMirror({ releases, files });
  }, 300_000);
  afterAll(async () => {
    await mirror.close();
    t.remove();
  });

  it('--version twice: both archives for the platform, each with its version; scripts install the newest, README names both', async (ctx) => {
    if ('missing' in extra) return ctx.skip(); // Debian's golang-1.21-go is not installed here
    const out = join(t.path, 'two');
    const r = await cli(['bundle', 'create', '--version', fixture.version, '--version', extra.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', out], { HOME: join(t.path, 'home') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Go ${fixture.version}, ${extra.version}`);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { go: { versions: string[] }; files: Array<{ kind: string; version?: string; path: string }> };
    expect(m.go.versions).toEqual([fixture.version, extra.version]);
    expect(m.files.filter((f) => f.kind === 'archive').map((f) => f.version)).toEqual([fixture.version, extra.version]);
    const sh = readFileSync(join(out, 'install.sh'), 'utf8');
    expect(sh).toContain(`go/${extra.filename}`);
    expect(sh).not.toContain(`go/${fixture.filename}`);
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toContain(`  ${fixture.version}: linux-amd64\n  ${extra.version}: linux-amd64\n`);
  }, 300_000);

  it('bundle update --add-version downloads only the new version and writes only it', async (ctx) => {
    if ('missing' in extra) return ctx.skip();
    const out = join(t.path, 'grow');
    const home = { HOME: join(t.path, 'home-2') };
    const c = await cli(['bundle', 'create', '--version', fixture.version, '--platform', 'linux-amd64', '--mirror', mirror.baseUrl, '--out', out], home);
    expect(c.code, c.stderr).toBe(0);
    const archiveGets = () => mirror.requests.filter((q) => q.method === 'GET' && q.path.endsWith('.tar.gz')).map((q) => q.path.split('/').pop());
    const before = archiveGets().length;
    const u = await cli(['bundle', 'update', out, '--add-version', extra.version, '--mirror', mirror.baseUrl, '--json'], home);
    expect(u.code, u.stderr).toBe(0);
    const res = JSON.parse(u.stdout) as { added: { paths: string[] }; bytesWritten: number; kept: { bytes: number } };
    expect(res.added.paths).toContain(`go/${extra.filename}`);
    expect(res.bytesWritten).toBeLessThan(extra.size + 4 * 1024 * 1024);
    expect(res.kept.bytes).toBeGreaterThanOrEqual(fixture.size);
    expect([...new Set(archiveGets().slice(before))]).toEqual([extra.filename]);
    const v = await cli(['bundle', 'verify', out], home);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain(`Go ${fixture.version}, ${extra.version}`);
  }, 300_000);
});
