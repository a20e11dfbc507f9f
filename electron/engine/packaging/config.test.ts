// The electron-builder configuration, checked without network and without building: schema,
// targets and arches, files, icons (real pixel sizes), fuses, the deb/rpm scripts and the CLI
// wrappers, and how Electron is found offline.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../exec';
import { ICNS_TYPES, ICO_BMP_MAX, ICO_SIZES, LINUX_SIZES } from '../../../scripts/make-icons';

const require = createRequire(import.meta.url);
const root = join(__dirname, '..', '..', '..');
const config = require(join(root, 'electron-builder.config.cjs'));
const parts = require(join(root, 'build', 'builder-parts.cjs'));
const { fuseSettings, fuseConfig } = require(join(root, 'build', 'fuses.cjs'));
const afterPack = require(join(root, 'build', 'after-pack.cjs'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const templates = join(root, 'node_modules', 'app-builder-lib', 'templates', 'linux');

/** width and height from a PNG's IHDR chunk */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(buf.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it("matches electron-builder's own JSON schema (app-builder-lib/scheme.json), checked with ajv", async () => {
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    // The schema marks hooks with the non-standard keyword typeof: "function", and its generator
    // also emits it for string maps (linux.desktop.entry), so accept functions and plain objects.
    ajv.addKeyword({
      keyword: 'typeof',
      schemaType: 'string',
      validate: (type: string, data: unknown) => typeof data === type || (type === 'function' && typeof data === 'object' && data !== null && !Array.isArray(data)),
    });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    // the same schema catches a mistake
    expect(validate({ ...config, linux: { ...config.linux, targett: 'deb' } })).toBe(false);
    expect(validate({ ...config, afterPack: 42 })).toBe(false);
  });

  it("passes electron-builder's own validateConfiguration (what a build runs first)", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration({ ...config }, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneclick: false } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });

  it('names the app and keeps the CLI outside the asar', () => {
    expect(config.appId).toBe('dev.gooffline.installer');
    expect(config.productName).toBe('Go Offline Installer');
    expect(config.productName).toBe(pkg.productName);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'dist/cli/**', 'package.json', 'assets/icon.png']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('dist/cli/**');
    expect(config.npmRebuild).toBe(false);
    expect(config.publish).toBeNull();
    expect(config.afterPack).toBe('./build/after-pack.cjs');
    expect(existsSync(join(root, config.afterPack))).toBe(true);
    // main/index.ts loads the window icon from assets/icon.png next to out/
    expect(readFileSync(join(root, 'electron', 'main', 'index.ts'), 'utf8')).toContain("'../../assets/icon.png'");
  });

  it('builds every platform, target and arch a field engineer meets', () => {
    const summary = (t: Array<{ target: string; arch: string[] }>) => Object.fromEntries(t.map((x) => [x.target, x.arch]));
    const both = ['x64', 'arm64'];
    expect(summary(config.linux.target)).toEqual({ AppImage: both, deb: both, rpm: both, 'tar.gz': both });
    expect(summary(config.win.target)).toEqual({ nsis: both, portable: both });
    expect(summary(config.mac.target)).toEqual({ dmg: both, zip: both });
  });

  it('names artifacts so the engine can find them, all with ${arch} and no spaces', () => {
    const patterns = [config.linux.artifactName, config.nsis.artifactName, config.portable.artifactName, config.mac.artifactName, config.dmg.artifactName];
    expect(patterns).toEqual([parts.artifactNames.linux, parts.artifactNames.nsis, parts.artifactNames.portable, parts.artifactNames.mac, parts.artifactNames.mac]);
    for (const p of patterns) {
      expect(p).toMatch(/^\$\{name\}-\$\{version\}-(linux|win|mac)-\$\{arch\}/);
      expect(p).not.toContain(' ');
    }
  });

  it('associates support bundles (.gosupport) with the app', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'gosupport', mimeType: 'application/x-gooffline-support', role: 'Viewer' })]);
  });

  it('points every platform at icon files that exist at the right pixel sizes', () => {
    expect(config.linux.icon).toBe('assets/icons');
    for (const s of LINUX_SIZES) expect(pngSize(readFileSync(join(root, 'assets', 'icons', `${s}x${s}.png`))), `${s}x${s}`).toEqual({ width: s, height: s });
    expect(pngSize(readFileSync(join(root, 'assets', 'icon.png')))).toEqual({ width: 1024, height: 1024 });
    expect(readFileSync(join(root, 'assets', 'icon.svg'), 'utf8')).toBe(readFileSync(join(root, 'renderer', 'public', 'logo.svg'), 'utf8'));
  });

  it('ships a valid ICO: 16–256, small sizes as 32-bit BMP, large as PNG', () => {
    expect(config.win.icon).toBe('assets/icon.ico');
    const ico = readFileSync(join(root, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    expect(count).toBe(ICO_SIZES.length);
    const seen: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + i * 16;
      const size = ico[e] || 256;
      expect(ico[e + 1] || 256).toBe(size);
      expect(ico.readUInt16LE(e + 6)).toBe(32);
      const len = ico.readUInt32LE(e + 8);
      const off = ico.readUInt32LE(e + 12);
      expect(off + len).toBeLessThanOrEqual(ico.length);
      const img = ico.subarray(off, off + len);
      if (size <= ICO_BMP_MAX) {
        expect(img.readUInt32LE(0)).toBe(40); // BITMAPINFOHEADER
        expect([img.readInt32LE(4), img.readInt32LE(8), img.readUInt16LE(14)]).toEqual([size, size * 2, 32]);
        expect(len).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
        // the rounded corner is transparent, the middle of the left edge is the logo's teal #00758d
        const px = (x: number, y: number) => {
          const o = 40 + ((size - 1 - y) * size + x) * 4;
          return [img[o + 2], img[o + 1], img[o], img[o + 3]];
        };
        expect(px(0, 0)[3]).toBe(0);
        expect(px(size >> 3, size >> 1)).toEqual([0, 117, 141, 255]);
      } else {
        expect(pngSize(img)).toEqual({ width: size, height: size });
      }
      seen.push(size);
    }
    expect(seen).toEqual([...ICO_SIZES]);
  });

  it('ships a valid ICNS (electron-builder would download a toolset to convert the PNG)', () => {
    expect(config.mac.icon).toBe('assets/icon.icns');
    const icns = readFileSync(join(root, config.mac.icon));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Array<[string, number]> = [];
    for (let off = 8; off < icns.length; ) {
      const type = icns.toString('latin1', off, off + 4);
      const len = icns.readUInt32BE(off + 4);
      expect(len).toBeGreaterThan(8);
      found.push([type, pngSize(icns.subarray(off + 8, off + len)).width]);
      off += len;
    }
    expect(found).toEqual(ICNS_TYPES);
  });
});

describe('fuses', () => {
  const byName = (env: NodeJS.ProcessEnv = {}) => Object.fromEntries(fuseSettings(env).map((s: { fuse: string; enabled: boolean }) => [s.fuse, s.enabled]));

  it('sets the hardened fuses, RunAsNode on only for the CLI', () => {
    expect(byName()).toEqual({
      RunAsNode: true,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: true,
    });
    expect(byName({ GO_OFFLINE_NO_CLI: '1' }).RunAsNode).toBe(false);
    for (const s of fuseSettings({})) expect(s.reason.length, s.fuse).toBeGreaterThan(20);
  });

  it("uses @electron/fuses' own indexes and config shape", () => {
    const { FuseV1Options, FuseVersion } = require('@electron/fuses');
    for (const s of fuseSettings({})) expect(FuseV1Options[s.fuse], s.fuse).toBe(s.index);
    const c = fuseConfig({}, { resetAdHocDarwinSignature: true });
    expect(c.version).toBe(FuseVersion.V1);
    expect(c.resetAdHocDarwinSignature).toBe(true);
    expect(c[FuseV1Options.RunAsNode]).toBe(true);
    expect(c[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(c[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuseConfig({ GO_OFFLINE_NO_CLI: '1' })[FuseV1Options.RunAsNode]).toBe(false);
  });

  it('the afterPack hook finds the binary and resources of each platform', () => {
    const packager = { appInfo: { productFilename: 'Go Offline Installer' }, executableName: 'go-offline-installer' };
    expect(afterPack.layout({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toEqual({ binary: '/o/go-offline-installer', resources: '/o/resources', posix: true });
    expect(afterPack.layout({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toEqual({ binary: '/o/Go Offline Installer.exe', resources: '/o/resources', posix: false });
    expect(afterPack.layout({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toEqual({
      binary: '/o/Go Offline Installer.app',
      resources: '/o/Go Offline Installer.app/Contents/Resources',
      posix: true,
    });
  });
});

describe('the CLI inside the packages', () => {
  /** electron-builder's template expansion (FpmTarget writeConfigFile): ${name} macros, unknown ones fail */
  function expand(file: string) {
    const options: Record<string, string> = { executable: 'go-offline-installer', sanitizedProductName: 'Go Offline Installer', productFilename: 'Go Offline Installer' };
    return readFileSync(file, 'utf8').replace(/\$\{([a-zA-Z]+)\}/g, (_m, k: string) => {
      if (!(k in options)) throw new Error(`Macro ${k} is not defined`);
      return options[k]!;
    });
  }

  it('deb and rpm run our after-install/after-remove scripts', () => {
    for (const t of ['deb', 'rpm']) {
      expect(config[t].afterInstall).toBe('build/linux/after-install.sh');
      expect(config[t].afterRemove).toBe('build/linux/after-remove.sh');
    }
  });

  it("the scripts keep electron-builder's own templates verbatim (re-sync on upgrade)", () => {
    expect(readFileSync(join(root, 'build/linux/after-install.sh'), 'utf8').startsWith(readFileSync(join(templates, 'after-install.tpl'), 'utf8'))).toBe(true);
    expect(readFileSync(join(root, 'build/linux/after-remove.sh'), 'utf8').startsWith(readFileSync(join(templates, 'after-remove.tpl'), 'utf8'))).toBe(true);
  });

  it('after-install writes /usr/bin/go-offline running the app as Node on the unpacked CLI', async () => {
    const script = expand(join(root, 'build/linux/after-install.sh'));
    expect(script).toContain(
      "exec '/opt/Go Offline Installer/go-offline-installer' '/opt/Go Offline Installer/resources/app.asar.unpacked/dist/cli/go-offline.cjs' \"$@\"",
    );
    expect(script).toMatch(/ELECTRON_RUN_AS_NODE=1\nexport ELECTRON_RUN_AS_NODE/);
    const removed = expand(join(root, 'build/linux/after-remove.sh'));
    expect(removed).toContain('rm -f /usr/bin/go-offline');
    const dir = mkdtempSync(join(tmpdir(), 'gooffline-scripts-'));
    try {
      for (const [name, body] of [['after-install.sh', script], ['after-remove.sh', removed]] as const) {
        writeFileSync(join(dir, name), body);
        const r = await run('bash', ['-n', join(dir, name)]);
        expect(r.code, r.stderr).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships wrappers in resources/bin for Linux/macOS (sh) and Windows (cmd)', async () => {
    expect(config.linux.extraResources).toEqual([{ from: 'build/bin', to: 'bin', filter: ['go-offline'] }]);
    expect(config.mac.extraResources).toEqual([{ from: 'build/bin', to: 'bin', filter: ['go-offline'] }]);
    expect(config.win.extraResources).toEqual([{ from: 'build/bin', to: 'bin', filter: ['go-offline.cmd'] }]);
    const r = await run('sh', ['-n', join(root, 'build/bin/go-offline')]);
    expect(r.code, r.stderr).toBe(0);
    const cmd = readFileSync(join(root, 'build/bin/go-offline.cmd'), 'latin1');
    expect(cmd).toContain('\r\n'); // cmd.exe wants CRLF
    expect(cmd).toContain('set "ELECTRON_RUN_AS_NODE=1"');
    expect(cmd).toContain('"%~dp0..\\..\\Go Offline Installer.exe" "%~dp0..\\app.asar.unpacked\\dist\\cli\\go-offline.cjs" %*');
  });
});

describe('Electron without a download (electronDist)', () => {
  const host = { platform: 'linux', arch: 'x64' };
  const opts = (platformName: string, arch: string) => ({ platformName, arch, version: '45.4.1' });
  const dir = mkdtempSync(join(tmpdir(), 'gooffline-edist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const zips = join(dir, 'zips');
  const unpacked = join(dir, 'unpacked');
  mkdirSync(zips);
  mkdirSync(unpacked);
  writeFileSync(join(zips, 'electron-v45.4.1-linux-x64.zip'), '');
  writeFileSync(join(zips, 'electron-v45.4.1-win32-arm64.zip'), '');
  writeFileSync(join(unpacked, 'electron'), '');

  it('takes a folder of zips for any platform and arch it holds', () => {
    const env = { GO_OFFLINE_ELECTRON_DIST: zips };
    expect(parts.electronDist(opts('linux', 'x64'), env, host)).toBe(zips);
    expect(parts.electronDist(opts('win32', 'arm64'), env, host)).toBe(zips);
    expect(() => parts.electronDist(opts('darwin', 'arm64'), env, host)).toThrow(/electron-v45.4.1-darwin-arm64.zip/);
  });

  it('takes one zip only for its own platform and arch', () => {
    const env = { GO_OFFLINE_ELECTRON_DIST: join(zips, 'electron-v45.4.1-win32-arm64.zip') };
    expect(parts.electronDist(opts('win32', 'arm64'), env, host)).toBe(env.GO_OFFLINE_ELECTRON_DIST);
    expect(() => parts.electronDist(opts('win32', 'x64'), env, host)).toThrow(/needs electron-v45.4.1-win32-x64.zip/);
  });

  it('takes an unpacked Electron only for this machine, and ELECTRON_OVERRIDE_DIST_PATH as a fallback', () => {
    expect(parts.electronDist(opts('linux', 'x64'), { GO_OFFLINE_ELECTRON_DIST: unpacked }, host)).toBe(unpacked);
    expect(() => parts.electronDist(opts('linux', 'arm64'), { GO_OFFLINE_ELECTRON_DIST: unpacked }, host)).toThrow(/unpacked Electron for linux-x64/);
    expect(parts.electronDist(opts('linux', 'x64'), { ELECTRON_OVERRIDE_DIST_PATH: unpacked }, host)).toBe(unpacked);
    expect(parts.electronDist(opts('linux', 'arm64'), { ELECTRON_OVERRIDE_DIST_PATH: unpacked }, host)).toBeNull();
    // nothing given: electron-builder's cache (electron_config_cache) or download
    expect(parts.electronDist(opts('linux', 'x64'), {}, host)).toBeNull();
    expect(() => parts.electronDist(opts('linux', 'x64'), { GO_OFFLINE_ELECTRON_DIST: join(dir, 'missing') }, host)).toThrow(/does not exist/);
  });
});
