/**
 * A small reader of executable headers (ELF, PE, Mach-O): which OS and CPU a binary is for,
 * its ELF interpreter (PT_INTERP) and the GLIBC_x.y symbol versions it needs. It only reads bytes;
 * nothing is ever run. Used by the wrong-arch, missing-loader and glibc-too-old rules.
 */
import { open } from 'node:fs/promises';

export interface BinaryInfo {
  format: 'elf' | 'pe' | 'macho' | 'macho-fat' | 'unknown';
  /** Go's OS name when the format says it (elf → linux unless the OS ABI says otherwise) */
  goos: string | null;
  /** Go's CPU names; a fat Mach-O lists every slice */
  goarch: string[];
  bits: 32 | 64 | null;
  /** ELF: the program interpreter, e.g. /lib64/ld-linux-x86-64.so.2; null for static binaries */
  interpreter: string | null;
  /** ELF: shared libraries it needs (DT_NEEDED) */
  needed: string[];
  /** ELF: GLIBC_x.y versions named in its version needs, sorted, highest last */
  glibcNeeds: string[];
  /** the first bytes in hex, for evidence when the format is unknown (e.g. an HTML page) */
  magic: string;
}

const ELF_MACHINES: Record<number, string> = {
  3: '386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390x',
  40: 'arm',
  62: 'amd64',
  183: 'arm64',
  243: 'riscv64',
  258: 'loong64',
};
const ELF_OSABI: Record<number, string> = { 0: 'linux', 3: 'linux', 6: 'solaris', 9: 'freebsd', 12: 'openbsd', 2: 'netbsd' };
const PE_MACHINES: Record<number, string> = { 0x14c: '386', 0x8664: 'amd64', 0xaa64: 'arm64', 0x1c4: 'arm', 0x1c0: 'arm' };
const MACHO_CPUS: Record<number, string> = { 7: '386', 0x01000007: 'amd64', 12: 'arm', 0x0100000c: 'arm64', 18: 'ppc', 0x01000012: 'ppc64' };

/** Largest file read whole (Go toolchain binaries are ~10–20 MB). */
const MAX_READ = 256 * 1024 * 1024;

export async function readBinaryInfo(path: string): Promise<BinaryInfo> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const len = Math.min(size, MAX_READ);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, 0);
    return parseBinary(buf);
  } finally {
    await fh.close();
  }
}

export function parseBinary(buf: Buffer): BinaryInfo {
  const magic = buf.subarray(0, 8).toString('hex');
  const base: BinaryInfo = { format: 'unknown', goos: null, goarch: [], bits: null, interpreter: null, needed: [], glibcNeeds: [], magic };
  try {
    if (buf.length >= 52 && buf.readUInt32BE(0) === 0x7f454c46) return parseElf(buf, base);
    if (buf.length >= 64 && buf.readUInt16LE(0) === 0x5a4d) return parsePe(buf, base);
    if (buf.length >= 8) {
      const be = buf.readUInt32BE(0);
      const le = buf.readUInt32LE(0);
      if (le === 0xfeedfacf || le === 0xfeedface) {
        const cpu = buf.readUInt32LE(4);
        return { ...base, format: 'macho', goos: 'darwin', bits: le === 0xfeedfacf ? 64 : 32, goarch: [MACHO_CPUS[cpu] ?? `cpu${cpu}`] };
      }
      if (be === 0xcafebabe) {
        const n = buf.readUInt32BE(4);
        if (n > 0 && n < 20) {
          const arches: string[] = [];
          for (let i = 0; i < n && 8 + i * 20 + 4 <= buf.length; i++) {
            const cpu = buf.readUInt32BE(8 + i * 20);
            arches.push(MACHO_CPUS[cpu] ?? `cpu${cpu}`);
          }
          return { ...base, format: 'macho-fat', goos: 'darwin', goarch: arches };
        }
      }
    }
  } catch {
    /* truncated or odd file: report what we have */
  }
  return base;
}

function parsePe(buf: Buffer, base: BinaryInfo): BinaryInfo {
  const peOff = buf.readUInt32LE(0x3c);
  if (peOff + 6 > buf.length || buf.readUInt32BE(peOff) !== 0x50450000) return base;
  const machine = buf.readUInt16LE(peOff + 4);
  const optMagic = peOff + 24 + 2 <= buf.length ? buf.readUInt16LE(peOff + 24) : 0;
  return { ...base, format: 'pe', goos: 'windows', goarch: [PE_MACHINES[machine] ?? `machine0x${machine.toString(16)}`], bits: optMagic === 0x20b ? 64 : optMagic === 0x10b ? 32 : null };
}

function parseElf(buf: Buffer, base: BinaryInfo): BinaryInfo {
  const is64 = buf[4] === 2;
  const le = buf[5] !== 2;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const uw = (o: number) => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));
  const machine = u16(18);
  let goarch = ELF_MACHINES[machine] ?? `machine${machine}`;
  if (goarch === 'ppc64' && le) goarch = 'ppc64le';
  if (goarch === 'mips' && is64) goarch = le ? 'mips64le' : 'mips64';
  else if (goarch === 'mips' && le) goarch = 'mipsle';
  const info: BinaryInfo = { ...base, format: 'elf', goos: ELF_OSABI[buf[7]!] ?? 'linux', goarch: [goarch], bits: is64 ? 64 : 32 };

  const phoff = is64 ? uw(0x20) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  const loads: Array<{ vaddr: number; offset: number; filesz: number }> = [];
  let dyn: { offset: number; size: number } | null = null;
  for (let i = 0; i < phnum && i < 256; i++) {
    const p = phoff + i * phentsize;
    if (p + (is64 ? 56 : 32) > buf.length) break;
    const type = u32(p);
    const offset = is64 ? uw(p + 8) : u32(p + 4);
    const vaddr = is64 ? uw(p + 16) : u32(p + 8);
    const filesz = is64 ? uw(p + 32) : u32(p + 16);
    if (type === 1) loads.push({ vaddr, offset, filesz });
    else if (type === 2) dyn = { offset, size: filesz };
    else if (type === 3 && offset + filesz <= buf.length) {
      info.interpreter = buf.subarray(offset, offset + filesz).toString('latin1').replace(/\0.*$/s, '');
    }
  }
  if (!dyn) return info;
  const toOff = (vaddr: number): number | null => {
    for (const l of loads) if (vaddr >= l.vaddr && vaddr < l.vaddr + l.filesz) return vaddr - l.vaddr + l.offset;
    return null;
  };
  const entSize = is64 ? 16 : 8;
  let strtab: number | null = null;
  let verneed: number | null = null;
  let verneednum = 0;
  const neededOffs: number[] = [];
  for (let p = dyn.offset; p + entSize <= dyn.offset + dyn.size && p + entSize <= buf.length; p += entSize) {
    const tag = is64 ? uw(p) : u32(p);
    const val = is64 ? uw(p + 8) : u32(p + 4);
    if (tag === 0) break;
    if (tag === 5) strtab = val;
    else if (tag === 1) neededOffs.push(val);
    else if (tag === 0x6ffffffe) verneed = val;
    else if (tag === 0x6fffffff) verneednum = val;
  }
  const strOff = strtab !== null ? toOff(strtab) : null;
  if (strOff === null) return info;
  const str = (o: number): string => {
    const start = strOff + o;
    if (start >= buf.length) return '';
    const end = buf.indexOf(0, start);
    return buf.subarray(start, end < 0 ? Math.min(buf.length, start + 256) : end).toString('latin1');
  };
  info.needed = neededOffs.map(str);
  const vOff = verneed !== null ? toOff(verneed) : null;
  const glibc = new Set<string>();
  if (vOff !== null) {
    let p = vOff;
    for (let i = 0; i < verneednum && i < 64 && p + 16 <= buf.length; i++) {
      const cnt = u16(p + 2);
      const aux = u32(p + 8);
      const next = u32(p + 12);
      let a = p + aux;
      for (let j = 0; j < cnt && j < 256 && a + 16 <= buf.length; j++) {
        const name = str(u32(a + 8));
        if (/^GLIBC_\d+\.\d+(\.\d+)?$/.test(name)) glibc.add(name);
        const an = u32(a + 12);
        if (!an) break;
        a += an;
      }
      if (!next) break;
      p += next;
    }
  }
  info.glibcNeeds = [...glibc].sort((a, b) => compareGlibc(a.slice(6), b.slice(6)));
  return info;
}

function compareGlibc(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The highest GLIBC version a binary needs, e.g. "2.34", or null. */
export function highestGlibc(info: BinaryInfo): string | null {
  const last = info.glibcNeeds[info.glibcNeeds.length - 1];
  return last ? last.slice('GLIBC_'.length) : null;
}
