import { afterAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { copyWhole } from './io';

describe('copyWhole (the system copy, for files whose hash is known)', () => {
  const t = tempDir('gooff-io-');
  afterAll(() => t.remove());
  const big = join(t.path, 'big.bin');
  writeFileSync(big, randomBytes(48 * 1024 * 1024));
  const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

  it('copies every byte, and its progress adds up to the size exactly (polled, never counted twice)', async () => {
    const seen: number[] = [];
    const n = await copyWhole(big, join(t.path, 'copy.bin'), { onBytes: (b) => seen.push(b), pollMs: 1 });
    expect(n).toBe(48 * 1024 * 1024);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(n);
    expect(seen.every((b) => b > 0)).toBe(true);
    expect(sha(join(t.path, 'copy.bin'))).toBe(sha(big));
  });

  it('never replaces a file, and a cancelled job copies nothing', async () => {
    writeFileSync(join(t.path, 'there.bin'), 'keep me');
    await expect(copyWhole(big, join(t.path, 'there.bin'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(t.path, 'there.bin'), 'utf8')).toBe('keep me');
    const ac = new AbortController();
    ac.abort();
    await expect(copyWhole(big, join(t.path, 'cancelled.bin'), { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(join(t.path, 'cancelled.bin'))).toBe(false);
  });
});
