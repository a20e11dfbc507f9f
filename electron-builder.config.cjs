// electron-builder configuration: installable builds of Go Offline Installer for Linux, Windows
// and macOS, each with the CLI (go-offline) inside. How to build, how to run the CLI from each
// build, the fuses and the offline build are in docs/notes/packaging.md.
//
//   npm run dist        all targets of this platform (add -- --x64 or -- --arm64 for one arch)
//   npm run dist:dir    an unpacked build (release/<os>-unpacked), no installer tools needed
//
// Offline: GO_OFFLINE_ELECTRON_DIST = a folder of Electron zips (electron-v<ver>-<os>-<arch>.zip),
// one such zip, or an unpacked Electron for this platform and arch; or electron_config_cache = a
// copied @electron/get cache. Artifact names are parsed back by electron/engine/packaging.
'use strict';
const { APP_ID, PRODUCT_NAME, HOMEPAGE, MAINTAINER, SUPPORT_BUNDLE, artifactNames, targets, electronDist } = require('./build/builder-parts.cjs');

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: APP_ID,
  productName: PRODUCT_NAME,
  copyright: 'Copyright © Go Offline Installer contributors',
  directories: { output: 'release', buildResources: 'build' },
  // deb and rpm need a homepage; package.json has none, so it goes into the packaged package.json
  extraMetadata: { homepage: HOMEPAGE },
  // electron-vite's output, the CLI bundle and the window icon; production node_modules are added
  // by electron-builder. Source maps stay out of the installers.
  files: ['out/**', 'dist/cli/**', 'assets/icon.png', 'package.json', '!**/*.map'],
  asar: true,
  // The CLI runs as a plain file outside the asar: worker threads cannot start from inside an
  // asar, and any Node >= 20 can run it there too (node <resources>/app.asar.unpacked/dist/cli/go-offline.cjs).
  asarUnpack: ['dist/cli/**'],
  afterPack: './build/after-pack.cjs',
  electronDist,
  // pure-JavaScript dependencies: nothing to rebuild, nothing to download
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  publish: null,
  fileAssociations: [SUPPORT_BUNDLE],
  linux: {
    target: targets(['AppImage', 'deb', 'rpm', 'tar.gz']),
    icon: 'assets/icons',
    executableName: 'go-offline-installer',
    category: 'Development',
    synopsis: 'Carry the Go toolchain and Go modules across an air gap',
    description: 'Carry the Go toolchain and Go module dependencies across an air gap, and leave a machine where go build works with no network.',
    maintainer: MAINTAINER,
    vendor: 'Go Offline Installer contributors',
    artifactName: artifactNames.linux,
    extraResources: [{ from: 'build/bin', to: 'bin', filter: ['go-offline'] }],
    desktop: { entry: { Keywords: 'Go;golang;offline;air gap;installer;', StartupWMClass: PRODUCT_NAME } },
  },
  deb: {
    afterInstall: 'build/linux/after-install.sh',
    afterRemove: 'build/linux/after-remove.sh',
    priority: 'optional',
  },
  rpm: {
    afterInstall: 'build/linux/after-install.sh',
    afterRemove: 'build/linux/after-remove.sh',
  },
  win: {
    target: targets(['nsis', 'portable']),
    icon: 'assets/icon.ico',
    extraResources: [{ from: 'build/bin', to: 'bin', filter: ['go-offline.cmd'] }],
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    shortcutName: PRODUCT_NAME,
    artifactName: artifactNames.nsis,
  },
  portable: { artifactName: artifactNames.portable },
  mac: {
    target: targets(['dmg', 'zip']),
    icon: 'assets/icon.icns',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
    artifactName: artifactNames.mac,
    extraResources: [{ from: 'build/bin', to: 'bin', filter: ['go-offline'] }],
  },
  dmg: { artifactName: artifactNames.mac },
};

module.exports = config;
