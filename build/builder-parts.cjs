// Pieces of the electron-builder configuration (electron-builder.config.cjs) that the tests and
// the engine's artifact parser (electron/engine/packaging) share. Kept out of the configuration
// object itself because electron-builder rejects unknown properties.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { basename, join, resolve } = require('node:path');

const ARCHES = ['x64', 'arm64'];
const APP_ID = 'dev.gooffline.installer';
const PRODUCT_NAME = 'Go Offline Installer';
/** file name stem of every artifact: the package name (no spaces) */
/** Package metadata deb/rpm require (placeholders until the project has its public home). */
const HOMEPAGE = 'https://gooffline.dev';
const MAINTAINER = 'Go Offline Installer contributors <maintainers@gooffline.dev>';
const ARTIFACT_STEM = '${name}-${version}';

/** Support bundles written by `go-offline diagnose` / the diagnose journey open in the app. */
const SUPPORT_BUNDLE = {
  ext: 'gosupport',
  name: 'Go Offline support bundle',
  description: 'Go Offline Installer support bundle (a gzip-compressed tar archive)',
  mimeType: 'application/x-gooffline-support',
  role: 'Viewer',
  rank: 'Owner',
};

const artifactNames = {
  linux: `${ARTIFACT_STEM}-linux-\${arch}.\${ext}`, // AppImage, deb, rpm, tar.gz
  nsis: `${ARTIFACT_STEM}-win-\${arch}-setup.\${ext}`,
  portable: `${ARTIFACT_STEM}-win-\${arch}-portable.\${ext}`,
  mac: `${ARTIFACT_STEM}-mac-\${arch}.\${ext}`, // dmg, zip
};

const targets = (names) => names.map((target) => ({ target, arch: [...ARCHES] }));

/** True when dir looks like an unpacked Electron for one platform. */
function isUnpackedElectron(dir) {
  return ['electron', 'electron.exe', 'Electron.app'].some((f) => existsSync(join(dir, f)));
}

/**
 * electronDist: where electron-builder takes Electron from, with no download.
 * GO_OFFLINE_ELECTRON_DIST may be a folder of zips (any platform/arch), a single zip, or an
 * unpacked Electron, which can only be used for the platform and arch it was made for (this
 * machine's). Without it electron-builder downloads, or reads @electron/get's cache
 * (electron_config_cache), and ELECTRON_OVERRIDE_DIST_PATH (the unpacked Electron `npm start`
 * uses) serves for this platform and arch.
 */
function electronDist(options, env = process.env, host = { platform: process.platform, arch: process.arch }) {
  const { platformName, arch, version } = options;
  const zipName = `electron-v${version}-${platformName}-${arch}.zip`;
  const same = platformName === host.platform && arch === host.arch;
  const given = env.GO_OFFLINE_ELECTRON_DIST?.trim();
  if (given) {
    const p = resolve(given);
    const st = existsSync(p) ? statSync(p) : null;
    if (!st) throw new Error(`GO_OFFLINE_ELECTRON_DIST does not exist: ${p}`);
    if (st.isFile()) {
      if (basename(p) !== zipName) throw new Error(`GO_OFFLINE_ELECTRON_DIST is ${basename(p)}, but this build needs ${zipName}`);
      return p;
    }
    if (readdirSync(p).includes(zipName)) return p;
    if (isUnpackedElectron(p)) {
      if (same) return p;
      throw new Error(`GO_OFFLINE_ELECTRON_DIST is an unpacked Electron for ${host.platform}-${host.arch}; building ${platformName}-${arch} needs ${zipName} in a folder of zips`);
    }
    throw new Error(`GO_OFFLINE_ELECTRON_DIST has neither ${zipName} nor an unpacked Electron: ${p}`);
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (override && same && isUnpackedElectron(resolve(override))) return resolve(override);
  return null; // electron-builder's default: @electron/get cache (electron_config_cache), else download
}

module.exports = { ARCHES, APP_ID, PRODUCT_NAME, HOMEPAGE, MAINTAINER, SUPPORT_BUNDLE, artifactNames, targets, electronDist, isUnpackedElectron };
