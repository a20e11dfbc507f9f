/**
 * The larger input of `npm run bench -- --large`: an official-layout Go archive of about 1 GiB
 * (compressed) made of mixed files — the real fixture's tree (12k small source and package files),
 * two more copies of its `src/` (compressible text, many entries), and incompressible binary files
 * from 1 KiB to 16 MiB under `go/misc/bench/`. Same version and layout as the fixture, so every
 * step (bundle, verify, install) accepts it. Generated once into `.cache/bench/large/` and reused.
 */
import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { cpSync, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoFixture, repoRoot, type GoFixture } from '../test/support/go-fixture';

export const largeDir = join(repoRoot, '.cache', 'bench', 'large');
const RANDOM_BYTES = 800 * 2 ** 20;
const SIZES = [1 << 10, 16 << 10, 128 << 10, 1 << 20, 4 << 20, 16 << 20];
const RECIPE = 2; // bump when the recipe changes

function exec(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(file, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited ${code}`))));
  });
}

/** tar -c … | gzip -1 > out, as two processes with argument arrays. */
function tarGz(cwd: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-C', cwd, '--owner=0', '--group=0', '--numeric-owner', '--sort=name', '-cf', '-', 'go'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const gz = spawn('gzip', ['-1', '-c'], { stdio: ['pipe', 'pipe', 'inherit'] });
    tar.stdout.pipe(gz.stdin);
    const file = createWriteStream(out);
    gz.stdout.pipe(file);
    let pending = 3;
    const done = (e?: Error) => {
      if (e) return reject(e);
      if (--pending === 0) resolve();
    };
    tar.on('close', (c) => done(c === 0 ? undefined : new Error(`tar exited ${c}`)));
    gz.on('close', (c) => done(c === 0 ? undefined : new Error(`gzip exited ${c}`)));
    file.on('finish', () => done());
    file.on('error', reject);
  });
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

/** The ~1 GiB archive (built on first use: about a minute of gzip on a busy 2-core machine). */
export async function ensureLargeArchive(log: (s: string) => void = () => {}): Promise<GoFixture> {
  const f = await ensureGoFixture();
  const archive = join(largeDir, f.filename);
  const metaPath = `${archive}.json`;
  if (existsSync(archive) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as GoFixture & { recipe: number; from: string };
    if (meta.recipe === RECIPE && meta.from === f.sha256 && meta.size === statSync(archive).size) return { ...meta, archive };
  }
  log(`large: generating ${archive} (once)`);
  const work = join(largeDir, `tmp-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    await exec('tar', ['-C', work, '-xzf', f.archive]);
    const extra = join(work, 'go', 'misc', 'bench');
    mkdirSync(extra, { recursive: true });
    for (const n of [1, 2]) cpSync(join(work, 'go', 'src'), join(extra, `src-copy-${n}`), { recursive: true });
    const buf = Buffer.allocUnsafe(SIZES[SIZES.length - 1]!);
    let total = 0;
    for (let i = 0; total < RANDOM_BYTES; i++) {
      const size = SIZES[i % SIZES.length]!;
      randomFillSync(buf, 0, size);
      const sub = join(extra, 'data', String(i % 16).padStart(2, '0'));
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `blob-${String(i).padStart(4, '0')}.bin`), buf.subarray(0, size));
      total += size;
    }
    const tmp = `${archive}.${process.pid}.tmp`;
    await tarGz(work, tmp);
    renameSync(tmp, archive);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const meta = { ...f, archive, sha256: await sha256(archive), size: statSync(archive).size, recipe: RECIPE, from: f.sha256 };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  return meta;
}

/** "117 MiB" / "1.02 GiB" */
export function sizeLabel(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** The inputs a benchmark runs on: the fixture, plus the large archive with --large. */
export async function inputs(large: boolean, log: (s: string) => void): Promise<Array<{ label: string; fixture: GoFixture }>> {
  const f = await ensureGoFixture();
  const out = [{ label: `fixture ${sizeLabel(f.size)}`, fixture: f }];
  if (large) {
    const l = await ensureLargeArchive(log);
    out.push({ label: `generated ${sizeLabel(l.size)}`, fixture: l });
  }
  return out;
}
