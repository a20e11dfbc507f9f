// Runs @doyensec/electronegativity over the Electron code and the renderer, and fails when it
// reports a finding that has not been reviewed. Reviewed findings live in
// security/electronegativity-reviewed.json, each with the reason it is acceptable. The tool exits 0
// whatever it finds, so this script reads its report instead of trusting its exit code.
import { createRequire } from 'node:module';
import { readFileSync, mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = require('@doyensec/electronegativity');
const reviewed = JSON.parse(readFileSync(join(root, 'security', 'electronegativity-reviewed.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

const origLog = console.log;
let unreviewed = 0;
let total = 0;
// one scan over everything that runs inside Electron, so its global checks see the whole app
const scanRoot = mkdtempSync(join(tmpdir(), 'electronegativity-'));
for (const dir of ['electron/main', 'electron/preload', 'renderer/index.html', 'renderer/src']) {
  cpSync(join(root, dir), join(scanRoot, dir), { recursive: true, filter: (src) => !/\.test\.tsx?$/.test(src) });
}
{
  console.log = () => {}; // the tool is chatty
  let result;
  try {
    result = await run({ input: scanRoot, isRelative: false, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: [], parserPlugins: [] });
  } finally {
    console.log = origLog;
    rmSync(scanRoot, { recursive: true, force: true });
  }
  for (const issue of result.issues) {
    total++;
    const file = issue.file === 'N/A' ? 'N/A' : relative(scanRoot, issue.file);
    const match = reviewed.find((r) => r.id === issue.id && (!r.file || r.file === file));
    if (match) {
      console.log(`reviewed  ${issue.id} ${file}:${issue.location.line} — ${match.reason}`);
    } else {
      unreviewed++;
      console.log(`UNREVIEWED ${issue.id} ${file}:${issue.location.line}:${issue.location.column} (${issue.severity.name}, ${issue.confidence.name}) ${issue.description}`);
    }
  }
  for (const e of result.errors) console.log(`parse note ${relative(scanRoot, e.file)}: ${e.message}`);
}
console.log(`electronegativity: ${total} findings, ${unreviewed} unreviewed`);
process.exit(unreviewed > 0 ? 1 : 0);
