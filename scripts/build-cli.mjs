// Bundles the command-line twin (electron/cli) and the engine's worker entry points into
// dist/cli/ with esbuild. Runs on `npm install` (prepare) so `npx go-offline` works at once,
// and from the test setup. Takes well under a second.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Extra entry points (worker threads) that must sit beside the CLI bundle: name -> source. */
export const workerEntries = JSON.parse(readFileSync(join(root, 'scripts', 'worker-entries.json'), 'utf8'));

export async function buildCli() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  await build({
    absWorkingDir: root,
    entryPoints: { 'go-offline': 'electron/cli/index.ts', ...workerEntries },
    outdir: join(root, 'dist', 'cli'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
    // ESM dependencies (openpgp) read import.meta.url, which a CommonJS bundle lacks
    define: { __APP_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    // the CycloneDX library's optional plug-ins (XML, its own validators): looked up at run time
    // only when used, and we use neither, so they stay outside the bundle and uninstalled
    external: ['electron', 'ajv-formats', 'ajv-formats-draft2019', 'libxmljs2', 'xmlbuilder2'],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildCli().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
