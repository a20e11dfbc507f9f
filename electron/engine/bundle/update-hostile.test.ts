/**
 * A hostile (or corrupted) update folder on the media: `bundle update` finishes or undoes an update
 * it finds cut, by its plan.json. The plan and the folder come from the media, so they must never
 * make the update touch a file outside the bundle, or reach one through a link.
 */
import { describe, expect, it, afterEach } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { AppError } from '../../../shared/errors';
import { recoverUpdate, updateBundle } from './update';
import { exportBundle } from './export';
import { checkBundle } from './verify';
import { readManifest } from './manifest';
import { createJob } from '../jobs';
import { testHooks } from '../install/journal';
import type { DownloadedFile } from '../../../shared/releases';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const OTHER = 'f'.repeat(64);

describe('bundle update: a crafted .go-offline-update on the media', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.remove());

  /** <tmp>/media/bundle with a manifest.json, and <tmp>/home/victim beside it (outside the bundle) */
  function setup(): { bundle: string; victim: string; outside: string; manifestSha: string } {
    t = tempDir('update-hostile-');
    const bundle = join(t.path, 'media', 'bundle');
    mkdirSync(join(bundle, '.go-offline-update', 'files'), { recursive: true });
    const manifest = '{"not":"read by recovery"}\n';
    writeFileSync(join(bundle, 'manifest.json'), manifest);
    const outside = join(t.path, 'home');
    mkdirSync(outside);
    const victim = join(outside, 'victim');
    writeFileSync(victim, 'precious\n');
    return { bundle, victim, outside, manifestSha: sha(manifest) };
  }

  function plan(bundle: string, p: { old: string; new: string; added?: string[]; changed?: string[]; removed?: string[] }): void {
    writeFileSync(
      join(bundle, '.go-offline-update', 'plan.json'),
      JSON.stringify({ schema: 'go-offline/bundle-update@1', startedAt: new Date().toISOString(), oldManifestSha256: p.old, newManifestSha256: p.new, added: p.added ?? [], changed: p.changed ?? [], removed: p.removed ?? [], signed: false }),
    );
  }

  async function refused(bundle: string): Promise<void> {
    const err = await recoverUpdate(bundle).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BUNDLE_UPDATE_FOREIGN');
  }

  it('a removed path with .. (finishing) deletes nothing outside the bundle', async () => {
    const { bundle, victim, manifestSha } = setup();
    plan(bundle, { old: OTHER, new: manifestSha, removed: ['../../home/victim'] });
    await refused(bundle);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('an added path with .. (undoing) deletes nothing outside the bundle', async () => {
    const { bundle, victim, manifestSha } = setup();
    plan(bundle, { old: manifestSha, new: OTHER, added: ['../../home/victim'] });
    await refused(bundle);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('an added path with .. (finishing) writes nothing outside the bundle', async () => {
    const { bundle, outside, manifestSha } = setup();
    // from .go-offline-update/files, ../../../planted is the bundle's own planted; to the bundle it is outside
    writeFileSync(join(bundle, 'planted'), 'from the media\n');
    plan(bundle, { old: OTHER, new: manifestSha, added: ['../../../planted'] });
    await refused(bundle);
    expect(existsSync(join(outside, '..', 'planted'))).toBe(false);
    expect(existsSync(join(bundle, 'planted'))).toBe(true);
  });

  it('a folder of the bundle that is a link: a removed file under it is not deleted through the link', async () => {
    const { bundle, victim, manifestSha } = setup();
    symlinkSync(join(victim, '..'), join(bundle, 'docs'));
    plan(bundle, { old: OTHER, new: manifestSha, removed: ['docs/victim'] });
    await refused(bundle);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('files/ of the update folder is a link: a file of this computer is not moved onto the media', async () => {
    const { bundle, victim, manifestSha } = setup();
    const files = join(bundle, '.go-offline-update', 'files');
    rmdirSync(files);
    symlinkSync(join(victim, '..'), files);
    plan(bundle, { old: OTHER, new: manifestSha, added: ['victim'] });
    await refused(bundle);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(existsSync(join(bundle, 'victim'))).toBe(false);
  });

  it('the update folder itself is a link to a folder elsewhere: refused, and that folder is left as it is', async () => {
    const { bundle, outside, victim, manifestSha } = setup();
    const elsewhere = join(outside, 'upd');
    rmSync(join(bundle, '.go-offline-update'), { recursive: true });
    mkdirSync(join(elsewhere, 'files'), { recursive: true });
    symlinkSync(elsewhere, join(bundle, '.go-offline-update'));
    plan(bundle, { old: OTHER, new: manifestSha, removed: [] });
    await refused(bundle);
    expect(existsSync(join(elsewhere, 'plan.json'))).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('a plan for another manifest.json (neither its old nor its new one): FOREIGN, not "interrupted, run update again" (which refused the same way for ever)', async () => {
    const { bundle, victim, manifestSha } = setup();
    writeFileSync(join(bundle, 'SHA256SUMS'), `${manifestSha}  manifest.json\n`);
    plan(bundle, { old: OTHER, new: 'e'.repeat(64), removed: ['../../home/victim'] });
    await refused(bundle);
    const read = await readManifest(bundle).then(() => null, (e: unknown) => e);
    expect((read as AppError).code).toBe('BUNDLE_UPDATE_FOREIGN');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('a huge plan (33 MiB) is refused in plain words without being read whole, nothing touched', async () => {
    const { bundle, victim, manifestSha } = setup();
    plan(bundle, { old: OTHER, new: manifestSha, removed: ['../../home/victim'] });
    const p = join(bundle, '.go-offline-update', 'plan.json');
    writeFileSync(p, readFileSync(p, 'utf8') + ' '.repeat(33 * 1024 * 1024));
    const err = await recoverUpdate(bundle).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(existsSync(p)).toBe(true);
  });

  it('a plan whose paths are all inside the bundle is still finished (the staged file moved into place)', async () => {
    const { bundle, manifestSha } = setup();
    mkdirSync(join(bundle, '.go-offline-update', 'files', 'go'), { recursive: true });
    writeFileSync(join(bundle, '.go-offline-update', 'files', 'go', 'new.tar.gz'), 'new\n');
    writeFileSync(join(bundle, 'old.txt'), 'old\n');
    plan(bundle, { old: OTHER, new: manifestSha, added: ['go/new.tar.gz'], removed: ['old.txt'] });
    expect(await recoverUpdate(bundle)).toBe('finished');
    expect(readFileSync(join(bundle, 'go', 'new.tar.gz'), 'utf8')).toBe('new\n');
    expect(existsSync(join(bundle, 'old.txt'))).toBe(false);
    expect(existsSync(join(bundle, '.go-offline-update'))).toBe(false);
  });
});

describe('two updates of one bundle at once', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => {
    testHooks.onStep = undefined;
    t?.remove();
  });

  function smallArchive(dir: string, version: string): DownloadedFile {
    const src = join(dir, `src-${version}`);
    mkdirSync(join(src, 'go', 'bin'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), version + '\n');
    writeFileSync(join(src, 'go', 'payload.bin'), randomBytes(64 * 1024));
    const path = join(dir, `${version}.linux-amd64.tar.gz`);
    execFileSync('tar', ['-C', src, '-czf', path, 'go']);
    const buf = readFileSync(path);
    const h = sha(buf);
    return { file: { filename: basename(path), os: 'linux', arch: 'amd64', version, sha256: h, size: buf.length, kind: 'archive' }, path, sha256: h, size: buf.length, signature: 'verified', url: 'file://' + path };
  }

  it('a bundle whose archive is a link to a file elsewhere: refused as damaged, the link and its target left as they were', async () => {
    t = tempDir('update-link-');
    const env = { HOME: join(t.path, 'home'), XDG_STATE_HOME: join(t.path, 'home', '.local', 'state'), XDG_CACHE_HOME: join(t.path, 'home', '.cache'), XDG_CONFIG_HOME: join(t.path, 'home', '.config'), PATH: process.env.PATH ?? '' };
    const bundle = join(t.path, 'bundle');
    await exportBundle({ outDir: bundle, archives: [smallArchive(t.path, 'go1.99.1')], job: createJob() });
    const inside = join(bundle, 'go', 'go1.99.1.linux-amd64.tar.gz');
    const elsewhere = join(t.path, 'elsewhere.tar.gz');
    renameSync(inside, elsewhere);
    symlinkSync(elsewhere, inside);
    const before = readFileSync(elsewhere);
    const err = await updateBundle({ dir: bundle, archiveFiles: [smallArchive(t.path, 'go1.99.2').path], env, job: createJob() }).then(() => null, (e: unknown) => e);
    expect((err as AppError).code).toBe('BUNDLE_UPDATE_DAMAGED');
    expect(lstatSync(inside).isSymbolicLink()).toBe(true);
    expect(readFileSync(elsewhere).equals(before)).toBe(true);
    expect(existsSync(join(bundle, '.go-offline-update'))).toBe(false);
  });

  it('the second is refused while the first runs (it used to finish or undo the first one\'s update under it); the first completes and verifies', async () => {
    t = tempDir('update-twice-');
    const env = { HOME: join(t.path, 'home'), XDG_STATE_HOME: join(t.path, 'home', '.local', 'state'), XDG_CACHE_HOME: join(t.path, 'home', '.cache'), XDG_CONFIG_HOME: join(t.path, 'home', '.config'), PATH: process.env.PATH ?? '' };
    const bundle = join(t.path, 'bundle');
    await exportBundle({ outDir: bundle, archives: [smallArchive(t.path, 'go1.99.1')], job: createJob() });
    const a2 = smallArchive(t.path, 'go1.99.2').path;
    const a3 = smallArchive(t.path, 'go1.99.3').path;
    let reached!: () => void;
    const atPlan = new Promise<void>((r) => (reached = r));
    let go!: () => void;
    const resume = new Promise<void>((r) => (go = r));
    testHooks.onStep = async (op, label) => {
      if (op === 'bundle-update' && label === 'plan written' && reached) {
        const r = reached;
        reached = undefined as unknown as () => void;
        r();
        await resume;
      }
    };
    const first = updateBundle({ dir: bundle, archiveFiles: [a2], env, job: createJob() });
    await atPlan;
    const second = await updateBundle({ dir: bundle, archiveFiles: [a3], env, job: createJob() }).then(() => null, (e: unknown) => e);
    go();
    const r1 = await first;
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe('BUNDLE_UPDATE_BUSY');
    expect(r1).toBeTruthy();
    const report = await checkBundle(bundle, { job: createJob(), env });
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
    expect(existsSync(join(bundle, '.go-offline-update'))).toBe(false);
  }, 120_000);
});
