/**
 * Child process of bench/download.ts: downloads one file with our engine (hash and checks
 * included) and prints `{ ms, maxRssKiB }` as JSON, so the parent can measure peak memory.
 * Usage: node --import tsx bench/download-child.ts <baseUrl> <outDir> <filename> <sha256> <size>
 */
import { downloadFiles } from '../electron/engine/download';
import { createJob } from '../electron/engine/jobs';

async function main() {
  const [baseUrl, outDir, filename, sha256, size] = process.argv.slice(2);
  if (!baseUrl || !outDir || !filename || !sha256 || !size) throw new Error('usage: download-child <baseUrl> <outDir> <filename> <sha256> <size>');
  const job = createJob();
  const t0 = process.hrtime.bigint();
  await downloadFiles([{ filename, sha256, size: Number(size), os: 'linux', arch: 'amd64', version: 'bench', kind: 'archive' }], {
    outDir,
    baseUrls: [baseUrl],
    job,
    env: { HOME: outDir },
    signature: { mode: 'auto' },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
