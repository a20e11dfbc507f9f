import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../shared/format';
import { updateCounts } from './bundle';

describe('bundle update: the counts line', () => {
  const r = (added: number) => ({ added: { files: added, bytes: 117 * 1024 * 1024 }, changed: { files: 6, bytes: 58.8 * 1024 }, kept: { files: 2, bytes: 65.5 * 1024 }, removed: { files: 0, bytes: 0 } });
  const size = (n: number) => formatBytes(n);
  it('"added 1 file", "added 2 files"; the same numbers in Chinese', () => {
    expect(updateCounts(r(1), false, size)).toBe('added 1 file (117 MiB), changed 6 (58.8 KiB), kept 2 (65.5 KiB), removed 0 (0 B)');
    expect(updateCounts(r(2), false, size)).toMatch(/^added 2 files \(/);
    expect(updateCounts(r(1), true, size)).toBe('新增 1 个文件（117 MiB），改动 6 个（58.8 KiB），保留 2 个（65.5 KiB），移除 0 个（0 B）');
  });
});
