import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { problemParams } from './bundle-problems';

describe('damaged-bundle sentences agree with the count', () => {
  it('one file: "1 file does not match", never "file(s)"', () => {
    const one = problemParams([{ path: 'go/go1.18.0.linux-amd64.tar.gz', problem: 'hash' }]);
    for (const code of ['BUNDLE_TAMPERED', 'BUNDLE_UPDATE_DAMAGED'] as const) {
      const cause = new AppError(code, { path: '/media/go-offline', count: 1, ...one }).toData().cause;
      expect(cause.en).toContain('1 file does not match');
      expect(cause.en).not.toContain('(s)');
      expect(cause.zh).toContain('有 1 个文件');
    }
  });
  it('several files: "2 files do not match"', () => {
    const two = problemParams([
      { path: 'a', problem: 'hash' },
      { path: 'b', problem: 'missing' },
    ]);
    expect(new AppError('BUNDLE_TAMPERED', { count: 2, ...two }).toData().cause.en).toMatch(/^2 files do not match the bundle's checksums: a \(/);
  });
});
