import { describe, it, expect } from 'vitest';
import { listedFiles, signatureLines, unsigned } from './checked';

describe('what the CLI says was checked', () => {
  it('counts bundle files one way, in both languages', () => {
    expect(listedFiles(8, 117 * 1024 * 1024, 'en')).toBe('8 files (117 MiB) listed in SHA256SUMS');
    expect(listedFiles(1, 10, 'en')).toBe('1 file (10 B) listed in SHA256SUMS');
    expect(listedFiles(8, 117 * 1024 * 1024, 'zh')).toBe('SHA256SUMS 中列出的 8 个文件（117 MiB）');
  });

  it('says an unsigned archive was checked by SHA-256 only, why, and how to refuse it', () => {
    const lines = signatureLines([{ name: 'go1.19.8.linux-amd64.tar.gz', signature: 'not-published' }], 'en');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^SHA-256 only: go1\.19\.8\.linux-amd64\.tar\.gz\. No OpenPGP signature \(\.asc\) was published/);
    expect(lines[0]).toContain('--require-signature');
    expect(signatureLines([{ name: 'a', signature: 'not-published' }], 'zh')[0]).toMatch(/^只核对了 SHA-256：a。/);
  });

  it('names verified and unchecked archives separately, and what a bundle recorded', () => {
    const things = [
      { name: 'a.tar.gz', signature: 'verified' as const },
      { name: 'b.zip', signature: 'not-checked' as const },
      { name: 'c.tar.gz', signature: undefined },
    ];
    const lines = signatureLines(things, 'en', 'when-made');
    expect(lines[0]).toBe('OpenPGP signature verified with the Go signing key (checked when the bundle was made, as manifest.json records): a.tar.gz');
    expect(lines[1]).toMatch(/^Signature not checked .*: b\.zip, c\.tar\.gz/);
    expect(unsigned(things)).toEqual(['b.zip', 'c.tar.gz']);
  });
});
