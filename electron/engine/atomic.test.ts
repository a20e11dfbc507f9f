import { describe, it, expect, afterEach } from 'vitest';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../../test/support/go-fixture';
import { join } from 'node:path';
import { tempDir } from '../../test/support/tmp';
import { writeFileAtomic, writeJsonAtomic } from './atomic';

describe('writeFileAtomic', () => {
  const dirs: Array<{ remove(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const tmp = () => {
    const d = tempDir('gooff-atomic-');
    dirs.push(d);
    return d.path;
  };

  it('lets many writers in one process replace one file: every write lands whole, no temp file is left', async () => {
    const dir = tmp();
    const path = join(dir, 'sub', 'profile.json');
    const values = Array.from({ length: 40 }, (_, i) => ({ writer: i, filler: 'x'.repeat(64 * 1024) }));
    await Promise.all(values.map((v) => writeJsonAtomic(path, v)));
    const got = JSON.parse(readFileSync(path, 'utf8'));
    expect(values.map((v) => v.writer)).toContain(got.writer);
    expect(got.filler.length).toBe(64 * 1024);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['profile.json']);
  });

  it('durable: false is still whole for readers but flushes nothing (strace of a child process)', (ctx) => {
    if (spawnSync('strace', ['-f', '-o', '/dev/null', 'true']).status !== 0) {
      console.log('skipped: strace cannot trace here (not installed, or ptrace not permitted)');
      return ctx.skip();
    }
    const dir = tmp();
    const trace = (name: string, opts: string) => {
      const log = join(dir, `${name}.strace`);
      const code = `import(${JSON.stringify(join(repoRoot, 'electron/engine/atomic.ts'))}).then((m) => (m.writeFileAtomic ?? m.default.writeFileAtomic)(${JSON.stringify(join(dir, name))}, 'v1\\n', ${opts}))`;
      const r = spawnSync('strace', ['-f', '-y', '-qq', '-e', 'trace=fsync,fdatasync', '-o', log, process.execPath, '--import', 'tsx', '-e', code], { cwd: repoRoot, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(dir, name), 'utf8')).toBe('v1\n');
      return readFileSync(log, 'utf8').split('\n').filter((l) => l.includes(dir));
    };
    const durable = trace('durable.txt', '{}');
    expect(durable.some((l) => /\.durable\.txt\..*\.tmp>/.test(l))).toBe(true); // the temp file
    expect(durable.some((l) => l.includes(`<${dir}>`))).toBe(true); // the folder, for the rename
    expect(trace('scratch.txt', '{ durable: false }')).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['durable.txt', 'durable.txt.strace', 'scratch.txt', 'scratch.txt.strace']);
  });

  it('keeps the mode of the file it replaces, or uses the one asked for', async () => {
    const dir = tmp();
    const path = join(dir, 'run.sh');
    writeFileSync(path, 'old');
    chmodSync(path, 0o755);
    await writeFileAtomic(path, 'new');
    expect(statSync(path).mode & 0o777).toBe(0o755);
    await writeFileAtomic(join(dir, 'secret.json'), '{}', { mode: 0o600 });
    expect(statSync(join(dir, 'secret.json')).mode & 0o777).toBe(0o600);
  });

  it('fails with the filesystem error below a regular file and leaves the folder as it was', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'keep');
    await expect(writeFileAtomic(join(dir, 'file', 'below.json'), '{}')).rejects.toMatchObject({ code: expect.stringMatching(/ENOTDIR|EEXIST/) });
    expect(readdirSync(dir)).toEqual(['file']);
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('keep');
  });
});
