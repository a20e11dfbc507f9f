/**
 * What a Go release needs of the host, after the Go wiki's MinimumRequirements page and the
 * release notes. Used by step 1 (information), step 2 (warnings when a chosen release is below
 * what a target needs) and the diagnose rules.
 */

/** Parse "go1.22.5", "1.22", "go1.21rc2" into comparable parts; null when it is not a Go version. */
export function parseGoVersion(v: string): { major: number; minor: number; patch: number; pre: string } | null {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta)\d+)?$/.exec(v.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] ? Number(m[3]) : 0, pre: m[4] ?? '' };
}

/** Compare two Go versions (pre-releases sort before the release). */
export function compareGoVersions(a: string, b: string): number {
  const x = parseGoVersion(a);
  const y = parseGoVersion(b);
  if (!x || !y) return a.localeCompare(b);
  if (x.major !== y.major) return x.major - y.major;
  if (x.minor !== y.minor) return x.minor - y.minor;
  if (x.patch !== y.patch) return x.patch - y.patch;
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return x.pre.localeCompare(y.pre, 'en', { numeric: true });
}

/** "go1.22.5" → "go1.22" */
export function goMinorLine(v: string): string {
  const p = parseGoVersion(v);
  return p ? `go${p.major}.${p.minor}` : v;
}

export interface GoHostMinimums {
  /** minimum Linux kernel, e.g. "3.2" */
  linuxKernel: string;
  /** minimum macOS product version */
  macos: string;
  /** minimum Windows (NT version 10.0 = Windows 10 / Server 2016) */
  windows: { nt: string; name: string };
  /** true when the toolchain's own binaries are static (no libc needed): Go 1.21+ */
  staticToolchain: boolean;
}

export function minimumsFor(goVersion: string): GoHostMinimums {
  const p = parseGoVersion(goVersion) ?? { major: 1, minor: 99, patch: 0, pre: '' };
  const minor = p.major > 1 ? 99 : p.minor;
  const linuxKernel = minor >= 24 ? '3.2' : '2.6.32';
  let macos = '10.13';
  if (minor >= 27) macos = '13';
  else if (minor >= 25) macos = '12';
  else if (minor >= 23) macos = '11';
  else if (minor >= 21) macos = '10.15';
  else if (minor >= 17) macos = '10.13';
  else macos = '10.12';
  const windows = minor >= 21 ? { nt: '10.0', name: 'Windows 10 / Server 2016' } : { nt: '6.1', name: 'Windows 7 / Server 2008 R2' };
  return { linuxKernel, macos, windows, staticToolchain: minor >= 21 };
}

/** Compare dotted numeric versions ("3.10.0" vs "3.2"). */
export function compareDotted(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10));
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isFinite(pa[i]) ? pa[i]! : 0;
    const y = Number.isFinite(pb[i]) ? pb[i]! : 0;
    if (x !== y) return x - y;
  }
  return 0;
}
