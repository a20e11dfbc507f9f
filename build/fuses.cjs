// Electron fuses for the packaged app, flipped by build/after-pack.cjs right after each platform is
// packed (and before signing). Each entry says what the fuse does and why it is set this way; the
// reasons are in docs/notes/packaging.md too. Tests check this table and the hook's use of it.
'use strict';

/**
 * @typedef {{ fuse: string, index: number, enabled: boolean, reason: string }} FuseSetting
 * index: the fuse's position in Electron's V1 fuse wire (@electron/fuses FuseV1Options).
 */

/** @param {NodeJS.ProcessEnv} env @returns {FuseSetting[]} */
function fuseSettings(env = process.env) {
  // GO_OFFLINE_NO_CLI=1 builds a GUI-only variant whose binary cannot act as Node (the CLI
  // wrappers then stop working; the app itself never needs RunAsNode).
  const cli = env.GO_OFFLINE_NO_CLI !== '1';
  return [
    {
      fuse: 'RunAsNode',
      index: 0,
      enabled: cli,
      reason: cli
        ? 'go-offline (the CLI) runs as ELECTRON_RUN_AS_NODE=1 <app> <resources>/app.asar.unpacked/dist/cli/go-offline.cjs: the packaged Electron is the only Node on an offline machine, and a main-process CLI mode would start Chromium (needs a display, the sandbox helper, GPU) on headless servers. Set GO_OFFLINE_NO_CLI=1 for a GUI-only build with this fuse off.'
        : 'GUI-only build (GO_OFFLINE_NO_CLI=1): the binary cannot be used as a Node interpreter.',
    },
    { fuse: 'EnableCookieEncryption', index: 1, enabled: true, reason: 'Cookies on disk are encrypted with the OS key store (Keychain, DPAPI, libsecret/kwallet).' },
    { fuse: 'EnableNodeOptionsEnvironmentVariable', index: 2, enabled: false, reason: 'NODE_OPTIONS must not inject code (--require) into the app or the CLI.' },
    { fuse: 'EnableNodeCliInspectArguments', index: 3, enabled: false, reason: '--inspect/--inspect-brk must not attach a debugger to the packaged app.' },
    { fuse: 'EnableEmbeddedAsarIntegrityValidation', index: 4, enabled: true, reason: 'app.asar is checked against the hash electron-builder embeds (macOS Info.plist, Windows resource); Electron ignores it where unsupported (Linux).' },
    { fuse: 'OnlyLoadAppFromAsar', index: 5, enabled: true, reason: 'The app is only loaded from app.asar (whose integrity is checked), never from a planted resources/app folder.' },
    { fuse: 'LoadBrowserProcessSpecificV8Snapshot', index: 6, enabled: false, reason: 'No custom V8 snapshot is shipped.' },
    {
      fuse: 'GrantFileProtocolExtraPrivileges',
      index: 7,
      enabled: true,
      reason: 'The window loads out/renderer/index.html with loadFile(); Vite emits ES module scripts that file:// only loads with these privileges. Turning it off needs a custom app:// protocol in electron/main first.',
    },
  ];
}

/** The @electron/fuses FuseV1 config for these settings (version '1', fuse index → boolean). */
function fuseConfig(env = process.env, { resetAdHocDarwinSignature = false } = {}) {
  /** @type {Record<string, unknown>} */
  const config = { version: '1', resetAdHocDarwinSignature, strictlyRequireAllFuses: false };
  for (const s of fuseSettings(env)) config[s.index] = s.enabled;
  return config;
}

module.exports = { fuseSettings, fuseConfig };
