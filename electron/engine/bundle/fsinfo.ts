/** What kind of filesystem a folder is on, and how much space is free there. */
import { readFile, realpath, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

export const FAT32_MAX_FILE = 4 * 1024 * 1024 * 1024 - 1;
/** Parts of split files: just under 4 GiB, a whole number of MiB. */
export const DEFAULT_PART_SIZE = 4 * 1024 * 1024 * 1024 - 1024 * 1024;

export function isFatType(fs: string | null | undefined): boolean {
  return !!fs && /^(vfat|msdos|fat|fat16|fat32)$/i.test(fs);
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Parse /proc/self/mountinfo text into (mountpoint, fstype) pairs. */
export function parseMountinfo(text: string): Array<{ mountpoint: string; fstype: string }> {
  const out: Array<{ mountpoint: string; fstype: string }> = [];
  for (const line of text.split('\n')) {
    const parts = line.split(' ');
    const dash = parts.indexOf('-');
    if (dash < 0 || parts.length < dash + 2 || !parts[4]) continue;
    out.push({ mountpoint: unescapeMount(parts[4]), fstype: parts[dash + 1]! });
  }
  return out;
}

/** The filesystem type of the mount holding `path` (Linux), or null when unknown. */
export async function filesystemOf(path: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  let p = path;
  // the folder may not exist yet: use its nearest existing parent
  for (;;) {
    try {
      p = await realpath(p);
      break;
    } catch {
      const up = dirname(p);
      if (up === p) return null;
      p = up;
    }
  }
  try {
    const mounts = parseMountinfo(await readFile('/proc/self/mountinfo', 'utf8'));
    let best: { mountpoint: string; fstype: string } | null = null;
    for (const m of mounts) {
      const inside = m.mountpoint === '/' || p === m.mountpoint || p.startsWith(m.mountpoint + '/');
      if (inside && (!best || m.mountpoint.length >= best.mountpoint.length)) best = m;
    }
    return best?.fstype ?? null;
  } catch {
    return null;
  }
}

/** Free bytes for an unprivileged writer, and the block size (for rounding up file sizes). */
export async function freeSpace(path: string): Promise<{ free: number; blockSize: number } | null> {
  try {
    const s = await statfs(path);
    return { free: Number(s.bavail) * Number(s.bsize), blockSize: Number(s.bsize) || 4096 };
  } catch {
    return null;
  }
}
