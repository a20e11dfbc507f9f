import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { matchErrorText, SIGNATURES } from './signatures';
import { RULES } from './rules';

/** What the user sees, for every row of failure-signatures.md (copied from its table). */
const SAMPLES: Record<string, string> = {
  'wrong-arch': 'bash: /usr/local/go/bin/go: cannot execute binary file: Exec format error',
  'missing-loader': 'bash: ./go: cannot execute: required file not found',
  'glibc-too-old': "./app: /lib64/libc.so.6: version `GLIBC_2.32' not found (required by ./app)",
  'os-too-old': 'Exception 0xc0000005 0x8 0x0 0x0\nPC=0x0\nruntime.asmstdcall(0x1)',
  'path-not-loaded': '-bash: go: command not found',
  'fish-syntax': "fish: Unknown command 'export'",
  'win-not-recognized': "'go' is not recognized as an internal or external command,\noperable program or batch file.",
  'setx-truncation': 'WARNING: The data being saved is truncated to 1024 characters.',
  'mac-paths-d': 'go: command not found although /etc/paths.d/go exists',
  'mac-quarantine': '"go" cannot be opened because the developer cannot be verified.',
  'stale-goroot': 'go: cannot find GOROOT directory: /usr/local/opt/go/libexec',
  'trimmed-goroot': "go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set",
  'toolchain-unavailable': 'go: downloading go1.22 (linux/amd64)\ngo: download go1.22 for linux/amd64: toolchain not available',
  'toolchain-download-offline': 'go: download go1.25.5: golang.org/toolchain@v0.0.1-go1.25.5.linux-amd64: Get "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.25.5.linux-amd64.zip": dial tcp: lookup proxy.golang.org on 127.0.0.53:53: connection refused',
  'toolchain-sumdb-off': 'go: download go1.24.3: golang.org/toolchain@v0.0.1-go1.24.3.linux-amd64.zip: verifying module: checksum database disabled by GOSUMDB=off',
  'toolchain-too-old-local': 'go: go.mod requires go >= 1.23.0 (running go 1.22.5; GOTOOLCHAIN=local)',
  'toolchain-not-installed': 'go: cannot find "go1.23.4" in PATH',
  'proxy-offline': 'go: rsc.io/qr@v0.2.0: Get "https://proxy.golang.org/rsc.io/qr/@v/list": dial tcp: lookup proxy.golang.org on 127.0.0.53:53: connection refused',
  'sumdb-offline': 'verifying module: github.com/kr/text@v0.2.0/go.mod: Get "https://sum.golang.org/lookup/github.com/kr/text@v0.2.0": dial tcp 142.250.1.1:443: i/o timeout',
  'proxy-off-missing': 'go: golang.org/x/text@v0.3.0: module lookup disabled by GOPROXY=off',
  'file-proxy-windows-url': 'go: invalid file:// proxy URL with non-path elements: file://D:/proxy',
  'missing-go-sum': 'main.go:3:8: missing go.sum entry for module providing package rsc.io/quote (imported by hello); to add:\n\tgo get hello',
  'inconsistent-vendoring': "go: inconsistent vendoring in /src/app:\n\trun 'go mod vendor' to sync, or use -mod=mod or -mod=readonly to ignore the vendor directory",
  'vendor-missing-package': 'main.go:4:2: cannot find module providing package rsc.io/quote: import lookup disabled by -mod=vendor',
  'goflags-insecure': 'go: parsing $GOFLAGS: unknown flag -insecure',
  'usb-noexec': 'bash: /media/usb/go/bin/go: Permission denied',
  antivirus: 'fork/exec C:\\Program Files\\Go\\pkg\\tool\\windows_amd64\\asm.exe: Operation did not complete successfully because the file contains a virus or potentially unwanted software.',
  'html-not-archive': 'sha256 mismatch; the file is <a href="https://dl.google.com/go/go1.15.5.linux-amd64.tar.gz">Found</a>.',
  'truncated-archive': 'gzip: stdin: unexpected end of file\ntar: Unexpected EOF in archive',
  'fat32-4gib': 'copy to a FAT32 stick stops at 4 GiB: File too large',
  'no-permission': 'open /usr/local/go/bin/gotail: permission denied',
  'no-main-module': 'go: go.mod file not found in current directory or any parent directory; see \'go help modules\'',
};

describe('matchErrorText', () => {
  it.each(Object.entries(SAMPLES))('%s: the message people see is recognised', (id, text) => {
    const ids = matchErrorText(text).map((m) => m.id);
    expect(ids).toContain(id);
  });

  it('covers every row of the reference table (when the reference is present)', () => {
    const ref = '/work/shared/reference/failure-signatures.md';
    if (!existsSync(ref)) {
      console.log('skipped: reference table not on this machine');
      return;
    }
    const ids = [...readFileSync(ref, 'utf8').matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((m) => m[1]!).filter((id) => id !== 'id');
    expect(ids.length).toBeGreaterThan(25);
    const known = new Set(SIGNATURES.map((s) => s.id));
    expect(ids.filter((id) => !known.has(id))).toEqual([]);
    expect(ids.filter((id) => !SAMPLES[id])).toEqual([]);
  });

  it('explains in both languages and points at an existing rule', () => {
    const ruleIds = new Set(RULES.map((r) => r.id));
    for (const s of SIGNATURES) {
      for (const text of [s.title, s.cause, s.fix]) {
        expect(text.en.length).toBeGreaterThan(5);
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
      }
      if (s.rule) expect(ruleIds.has(s.rule), `${s.id} → ${s.rule}`).toBe(true);
    }
  });

  it('toolchain-unavailable: the fix brings that Go on the media and installs it side by side (or uses it), never just "GOTOOLCHAIN=local"', () => {
    const s = SIGNATURES.find((x) => x.id === 'toolchain-unavailable')!;
    expect(matchErrorText(SAMPLES['toolchain-unavailable']!).map((m) => m.id)).toContain('toolchain-unavailable');
    expect(s.fix.en).not.toContain('GOTOOLCHAIN=local');
    for (const part of ['bundle create --version 1.N.0', 'bundle update <media> --add-version 1.N.0', 'install --bundle <media> --side-by-side --go-version 1.N.0', 'go-offline use go1.N.x', 'GOTOOLCHAIN=path']) expect(s.fix.en).toContain(part);
    for (const part of ['--side-by-side --go-version 1.N.0', 'go-offline use go1.N.x', '并列安装']) expect(s.fix.zh).toContain(part);
  });

  it('returns the matched part, earliest first, and nothing for unrelated text', () => {
    const m = matchErrorText('$ go build\ngo: go.mod requires go >= 1.23.0 (running go 1.22.5; GOTOOLCHAIN=local)');
    expect(m[0]!.id).toBe('toolchain-too-old-local');
    expect(m[0]!.matched).toContain('go.mod requires go >= 1.23.0');
    expect(matchErrorText('everything compiled fine')).toEqual([]);
  });

  it('does not mistake a trimmed binary for a stale GOROOT', () => {
    const ids = matchErrorText(SAMPLES['trimmed-goroot']!).map((m) => m.id);
    expect(ids).toEqual(['trimmed-goroot']);
  });
});
