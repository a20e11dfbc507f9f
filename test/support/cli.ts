import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './go-fixture';

/** The built CLI (scripts/build-cli.mjs, run by the global setup). */
export const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

/**
 * Run the built CLI without blocking this process (a loopback mirror may live here), with PATH and
 * exactly the variables given. Resolves with the exit status and both outputs.
 */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
