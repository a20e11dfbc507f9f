// Pure helpers of scripts/start.mjs (unit-tested in start.test.ts).

/** The last line of the child's stdout that is an existing-looking absolute path (Electron's package prints "Downloading…" first). */
export function binaryPathFrom(stdout) {
  const lines = String(stdout).split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines.at(-1) ?? '';
  return /^(\/|[A-Za-z]:\\)/.test(last) ? last : '';
}

/** One line saying why the download failed, from the child's stderr (never its stack trace). */
export function failureReason(stderr) {
  const lines = String(stderr).split('\n').map((l) => l.trim()).filter(Boolean);
  const interesting = lines.find((l) => /^(\w*Error\b|error\b|HTTPError|RequestError)/i.test(l) && !/Electron failed to install correctly/.test(l));
  return (interesting ?? lines.find((l) => !l.startsWith('at ')) ?? '').replace(/^Error:\s*/, '').slice(0, 300);
}

/** Our explanation, first and alone. */
export function explainNoElectron(reason) {
  return (
    "\nElectron could not be started: its binary is not here and could not be downloaded" +
    (reason ? ` (${reason}).\n` : '.\n') +
    '  - On a machine with internet access, run `npx install-electron` once, then `npm start`.\n' +
    '  - Offline, point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45 folder (or ELECTRON_EXEC_PATH at its binary).\n' +
    '  - To look at the app without Electron: `npm run preview:web` (the real UI in your browser, wired to the real engine).\n'
  );
}
