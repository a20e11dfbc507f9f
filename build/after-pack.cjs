// electron-builder afterPack hook: runs once per platform and arch, after the app is packed into
// <appOutDir> and before signing and before the targets (AppImage, deb, nsis, dmg...) are made.
//  1. checks the CLI is outside the asar where the wrappers expect it;
//  2. makes the POSIX CLI wrapper executable;
//  3. flips the Electron fuses from build/fuses.cjs and reads them back.
'use strict';
const { chmod, stat } = require('node:fs/promises');
const { join } = require('node:path');
const { fuseConfig, fuseSettings } = require('./fuses.cjs');

/** Where the packaged binary (the file holding the fuse wire's owner) and resources are. */
function layout(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    const app = join(appOutDir, `${productFilename}.app`);
    return { binary: app, resources: join(app, 'Contents', 'Resources'), posix: true };
  }
  if (electronPlatformName === 'win32') return { binary: join(appOutDir, `${productFilename}.exe`), resources: join(appOutDir, 'resources'), posix: false };
  return { binary: join(appOutDir, packager.executableName), resources: join(appOutDir, 'resources'), posix: true };
}

async function afterPack(context) {
  const { binary, resources, posix } = layout(context);

  const cli = join(resources, 'app.asar.unpacked', 'dist', 'cli', 'go-offline.cjs');
  if (!(await stat(cli).catch(() => null))?.isFile()) {
    throw new Error(`afterPack: the CLI is missing at ${cli} (asarUnpack must include dist/cli/**; run "npm run build" first)`);
  }
  if (posix) await chmod(join(resources, 'bin', 'go-offline'), 0o755);

  // ad-hoc signatures of macOS builds are invalidated by flipping fuses; re-sign ad hoc (needs
  // codesign, so only when building on a Mac) — a real signing identity signs afterwards anyway.
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  const config = fuseConfig(process.env, { resetAdHocDarwinSignature: darwin && process.platform === 'darwin' });
  await context.packager.addElectronFuses(context, config);

  const { getCurrentFuseWire } = require('@electron/fuses');
  const FuseState = { DISABLE: 0x30, ENABLE: 0x31, REMOVED: 0x72 }; // '0', '1', 'r' in the wire
  const wire = await getCurrentFuseWire(binary);
  const settings = fuseSettings(process.env);
  const wrong = settings.filter((s) => wire[s.index] !== (s.enabled ? FuseState.ENABLE : FuseState.DISABLE) && wire[s.index] !== FuseState.REMOVED);
  if (wrong.length) throw new Error(`afterPack: fuses not set as configured: ${wrong.map((s) => s.fuse).join(', ')}`);
  const known = new Set(settings.map((s) => String(s.index)));
  const unknown = Object.keys(wire).filter((k) => /^\d+$/.test(k) && !known.has(k));
  if (unknown.length) console.warn(`  • afterPack: this Electron has fuses build/fuses.cjs does not set (indexes ${unknown.join(', ')}); review them`);
  console.log(`  • afterPack: fuses set on ${binary}: ${settings.map((s) => `${s.fuse}=${s.enabled ? 'on' : 'off'}`).join(' ')}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.layout = layout;
