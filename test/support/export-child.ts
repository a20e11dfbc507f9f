/**
 * Child process for tests that watch exportBundle's system calls from outside (strace): exports
 * one bundle and prints `{ ok, code?, logs }` as JSON on stdout.
 * Usage: node --import tsx test/support/export-child.ts <out> <archive.tar.gz> <proxyDir> <auto|syncfs|parallel>
 */
import { exportBundle, describeArchive } from '../../electron/engine/bundle/export';
import { createJob } from '../../electron/engine/jobs';
import { AppError } from '../../shared/errors';

async function main() {
  const [out, archive, proxyDir, flush] = process.argv.slice(2);
  if (!out || !archive || !proxyDir || !flush) throw new Error('usage: export-child <out> <archive> <proxyDir> <flush>');
  const logs: Array<{ event: string; data?: Record<string, unknown> }> = [];
  const job = createJob({ onLog: (event, data) => logs.push({ event, data }) });
  try {
    await exportBundle({
      outDir: out,
      archives: [await describeArchive(archive)],
      modules: { proxyDir, moduleCount: 1, size: 0, projects: [{ name: 'm', module: 'example.com/m' }] },
      flush: flush as 'auto' | 'syncfs' | 'parallel',
      job,
    });
    process.stdout.write(JSON.stringify({ ok: true, logs }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, code: e instanceof AppError ? e.code : String(e), logs }) + '\n');
  }
}

void main();
