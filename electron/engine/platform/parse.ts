/** Pure parsers and mappings of step 1, unit-tested on recorded outputs of many systems. */
import type { GoArch, GoOS } from '../../../shared/platform';

/** `uname -m` (or Windows PROCESSOR_ARCHITECTURE) → Go's architecture name, or null when unknown. */
export function machineToGoArch(machine: string): GoArch | null {
  const m = machine.trim().toLowerCase();
  switch (m) {
    case 'x86_64':
    case 'amd64':
    case 'x64':
      return 'amd64';
    case 'aarch64':
    case 'arm64':
    case 'aarch64_be':
    case 'armv8l':
    case 'armv8b':
      return m === 'armv8l' ? 'armv6l' : 'arm64';
    case 'armv7l':
    case 'armv7':
    case 'armv6l':
    case 'armv6':
    case 'arm':
      return 'armv6l';
    case 'i386':
    case 'i486':
    case 'i586':
    case 'i686':
    case 'x86':
      return '386';
    case 'ppc64le':
      return 'ppc64le';
    case 'ppc64':
      return 'ppc64';
    case 's390x':
      return 's390x';
    case 'riscv64':
      return 'riscv64';
    case 'loongarch64':
    case 'loong64':
      return 'loong64';
    case 'mips':
      return 'mips';
    case 'mipsel':
    case 'mipsle':
      return 'mipsle';
    case 'mips64':
      return 'mips64';
    case 'mips64el':
    case 'mips64le':
      return 'mips64le';
    default:
      return null;
  }
}

/** Node's process.arch → Go's name. */
export function nodeArchToGoArch(arch: string): GoArch | null {
  const map: Record<string, GoArch> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'armv6l',
    ia32: '386',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
    mips: 'mips',
    mipsel: 'mipsle',
  };
  return map[arch] ?? null;
}

/** Node's process.platform → Go's GOOS. */
export function nodePlatformToGoOS(p: string): GoOS | string {
  if (p === 'win32') return 'windows';
  if (p === 'sunos') return 'solaris';
  return p;
}

/** KEY=VALUE lines, skipping blanks and # comments (the shape of os-release and Go's env files). */
function keyValueLines(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return out;
}

/** Parse /etc/os-release (shell-style KEY=value, optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of keyValueLines(text)) {
    let value = raw;
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1).replace(/\\(["$`\\])/g, '$1');
    }
    out[key] = value;
  }
  return out;
}

export type LibcInfo = { family: 'glibc' | 'musl' | 'none' | 'unknown'; version: string | null };

/**
 * Recognise the C library from the output of `ldd --version` (stdout and stderr together: musl's
 * ldd prints to stderr and exits 1) or `getconf GNU_LIBC_VERSION` ("glibc 2.36").
 */
export function parseLibc(output: string): LibcInfo {
  const getconf = /^glibc\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(output);
  if (getconf) return { family: 'glibc', version: getconf[1]! };
  if (/musl libc/i.test(output)) {
    const v = /Version\s+(\d+\.\d+(?:\.\d+)?)/i.exec(output);
    return { family: 'musl', version: v ? v[1]! : null };
  }
  if (/GNU libc|GLIBC|GNU C Library/i.test(output)) {
    const v = /^ldd \(.*\)\s+(\d+\.\d+(?:\.\d+)?)/m.exec(output) ?? /(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(output.split('\n')[0] ?? '');
    return { family: 'glibc', version: v ? v[1]! : null };
  }
  return { family: 'unknown', version: null };
}

/** Parse `go version` output: "go version go1.22.5 linux/amd64". */
export function parseGoVersionOutput(out: string): { version: string; os: string; arch: string } | null {
  const m = /go version (go\S+?)(?:\s+X:\S+)?\s+(\w+)\/(\w+)/.exec(out);
  if (!m) return null;
  return { version: m[1]!, os: m[2]!, arch: m[3]! };
}

/** KEY=VALUE lines as `go env -w` writes them (the GOENV file) and as `$GOROOT/go.env` holds them. */
export function parseGoEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(keyValueLines(text));
}

export interface MountInfo {
  mountPoint: string;
  options: string[];
  fsType: string;
  source: string;
}

/** Parse /proc/self/mountinfo. */
export function parseMountInfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const l = left.split(' ');
    const r = right.split(' ');
    const unescape = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const superOpts = (r[2] ?? '').split(',');
    out.push({
      mountPoint: unescape(l[4] ?? ''),
      options: [...(l[5] ?? '').split(','), ...superOpts],
      fsType: r[0] ?? '',
      source: unescape(r[1] ?? ''),
    });
  }
  return out;
}

/** The mount that holds `path` (longest mount point prefix). */
export function mountFor(path: string, mounts: MountInfo[]): MountInfo | null {
  let best: MountInfo | null = null;
  for (const m of mounts) {
    const mp = m.mountPoint.endsWith('/') ? m.mountPoint : m.mountPoint + '/';
    if ((path + '/').startsWith(mp) || m.mountPoint === '/') {
      if (!best || m.mountPoint.length >= best.mountPoint.length) best = m;
    }
  }
  return best;
}
