// Unpacked (`--dir`) builds with electron-builder, offline, from a copy of the project (so a
// concurrent `npm run build` in the checkout cannot change what is packed):
//  - always: with a stand-in Electron (a script carrying a real fuse wire, which runs Node when
//    ELECTRON_RUN_AS_NODE=1) — checks files, asar contents, the unpacked CLI and its wrapper, the
//    afterPack fuse hook;
//  - when a real Electron binary exists (ELECTRON_OVERRIDE_DIST_PATH or node_modules/electron/dist):
//    the same build with it, and the packaged binary runs the CLI as Node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../exec';

const require = createRequire(import.meta.url);
const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const { fuseSettings } = require(join(root, 'build', 'fuses.cjs')) as { fuseSettings: (env: object) => Array<{ fuse: string; index: number; enabled: boolean }> };
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_DEFAULT_WIRE = '10110001'; // Electron's defaults, in FuseV1Options order

function realElectronDist(): { dir: string | null; reason: string } {
  const candidates = [process.env.ELECTRON_OVERRIDE_DIST_PATH, join(root, 'node_modules', 'electron', 'dist')].filter((d): d is string => !!d);
  for (const d of candidates) if (existsSync(join(d, process.platform === 'win32' ? 'electron.exe' : 'electron'))) return { dir: d, reason: '' };
  return { dir: null, reason: `no Electron binary (looked in ${candidates.join(', ')}; Electron downloads it on first use, which needs the internet)` };
}
const real = realElectronDist();
if (!real.dir) console.log(`SKIPPED packaging: --dir build with the real Electron: ${real.reason}`);
const linuxOnly = process.platform !== 'linux';
if (linuxOnly) console.log('SKIPPED packaging: --dir builds: the stand-in Electron and the checks are written for Linux hosts');

let stage: string;

/** A copy of what electron-builder reads, with main/preload/renderer built into it. */
async function makeStage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gooffline-pack-'));
  for (const f of ['package.json', 'electron-builder.config.cjs']) cpSync(join(root, f), join(dir, f));
  for (const d of ['build', 'assets']) cpSync(join(root, d), join(dir, d), { recursive: true });
  cpSync(join(root, 'dist', 'cli'), join(dir, 'dist', 'cli'), { recursive: true }); // built by the test global setup
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const vite = await run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', join(dir, 'out')], { cwd: root, timeoutMs: 170_000 });
  expect(vite.code, vite.stderr + vite.stdout).toBe(0);
  return dir;
}

async function builderDir(electronDist: string, output: string) {
  const r = await run(
    process.execPath,
    [join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.config.cjs', '--dir', '--publish', 'never', `-c.directories.output=${output}`],
    { cwd: stage, timeoutMs: 170_000, env: { ...process.env, GO_OFFLINE_ELECTRON_DIST: electronDist, CI: '1' } },
  );
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const appDir = join(output, process.arch === 'x64' ? 'linux-unpacked' : `linux-${process.arch}-unpacked`);
  expect(existsSync(appDir), r.stdout).toBe(true);
  return { appDir, log: r.stdout + r.stderr };
}

function fuseWire(binary: string): string {
  const b = readFileSync(binary);
  const at = b.indexOf(SENTINEL);
  expect(at).toBeGreaterThan(-1);
  const pos = at + SENTINEL.length;
  expect(b[pos]).toBe(1); // wire version
  return b.toString('latin1', pos + 2, pos + 2 + b[pos + 1]!);
}

const expectedWire = () => {
  const w = ELECTRON_DEFAULT_WIRE.split('');
  for (const s of fuseSettings({})) w[s.index] = s.enabled ? '1' : '0';
  return w.join('');
};

describe.skipIf(linuxOnly)('unpacked build (--dir), offline', () => {
  beforeAll(async () => {
    stage = await makeStage();
  }, 300_000);
  afterAll(() => {
    if (stage) rmSync(stage, { recursive: true, force: true });
  });

  it('packs the app, keeps the CLI runnable outside the asar and sets the fuses (stand-in Electron)', async () => {
    const fake = join(stage, 'fake-electron');
    mkdirSync(fake);
    const script = Buffer.concat([
      Buffer.from('#!/bin/sh\n# stand-in Electron for packaging tests: '),
      Buffer.from(SENTINEL),
      Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
      Buffer.from(ELECTRON_DEFAULT_WIRE),
      Buffer.from(`\nif [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then exec '${process.execPath}' "$@"; fi\necho "GUI mode is not available in the stand-in" >&2\nexit 3\n`),
    ]);
    writeFileSync(join(fake, 'electron'), script);
    chmodSync(join(fake, 'electron'), 0o755);
    writeFileSync(join(fake, 'LICENSE'), 'stand-in');
    writeFileSync(join(fake, 'version'), '45.4.1');

    const { appDir, log } = await builderDir(fake, join(stage, 'release-fake'));
    const binary = join(appDir, 'go-offline-installer');
    expect(statSync(binary).mode & 0o111).not.toBe(0);

    // the afterPack hook flipped the fuses, and says so
    expect(fuseWire(binary)).toBe(expectedWire());
    expect(log).toContain('afterPack: fuses set on');

    // what is inside app.asar: our build output, production dependencies only, no source maps
    const { listPackage } = require('@electron/asar') as { listPackage: (p: string, o: object) => string[] };
    const files = listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/'));
    for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html', '/assets/icon.png', '/dist/cli/go-offline.cjs']) {
      expect(files, f).toContain(f);
    }
    for (const dep of Object.keys(pkg.dependencies)) expect(files, dep).toContain(`/node_modules/${dep}/package.json`);
    for (const dev of ['electron', 'vitest', 'electron-builder', 'react']) expect(files.some((f) => f.startsWith(`/node_modules/${dev}/`)), dev).toBe(false);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.some((f) => f.startsWith('/build/') || f.startsWith('/electron/') || f.startsWith('/renderer/'))).toBe(false);

    // the CLI, unpacked, and its wrapper
    const cli = join(appDir, 'resources', 'app.asar.unpacked', 'dist', 'cli', 'go-offline.cjs');
    expect(statSync(cli).isFile()).toBe(true);
    const wrapper = join(appDir, 'resources', 'bin', 'go-offline');
    expect(statSync(wrapper).mode & 0o111).not.toBe(0);
    const version = await run(wrapper, ['--version'], { cwd: tmpdir() });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    // through a symlink on PATH, as someone would link it into ~/bin
    const link = join(stage, 'go-offline');
    symlinkSync(wrapper, link);
    const help = await run(link, ['--help'], { cwd: tmpdir() });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: go-offline');
    const bad = await run(link, ['no-such-command'], { cwd: tmpdir() });
    expect(bad.code).toBe(2);
  });

  it.skipIf(!real.dir)('packs with the real Electron, and the packaged binary runs the CLI as Node', async () => {
    const { appDir } = await builderDir(real.dir!, join(stage, 'release-real'));
    const binary = join(appDir, 'go-offline-installer');
    const wire = fuseWire(binary);
    for (const s of fuseSettings({})) if (wire[s.index] !== 'r') expect(wire[s.index], s.fuse).toBe(s.enabled ? '1' : '0');
    const version = await run(join(appDir, 'resources', 'bin', 'go-offline'), ['--version'], { cwd: tmpdir() });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const env = await run(join(appDir, 'resources', 'bin', 'go-offline'), ['env', '--json'], { cwd: tmpdir() });
    expect(JSON.parse(env.stdout)).toHaveProperty('schema');
    // NODE_OPTIONS is ignored (fuse off): a --require that would fail does nothing
    const opts = await run(join(appDir, 'resources', 'bin', 'go-offline'), ['--version'], { cwd: tmpdir(), env: { ...process.env, NODE_OPTIONS: '--require /nonexistent.js' } });
    expect(opts.code, opts.stderr).toBe(0);
  });
});
