/**
 * Removable drives as destinations (Linux: `lsblk --json`), with system disks hidden, and safe
 * eject (udisksctl where present, else eject, else umount). Other systems: the user picks a folder.
 */
import { AppError } from '../../../shared/errors';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_NAME, bundleManifest, type FoundBundle, type RemovableDrive } from '../../../shared/bundle';
import { run } from '../exec';
import { freeSpace, isFatType } from './fsinfo';

interface LsblkDev {
  name?: string;
  path?: string;
  type?: string;
  rm?: boolean | string | number;
  hotplug?: boolean | string | number;
  size?: number | string;
  fstype?: string | null;
  label?: string | null;
  mountpoint?: string | null;
  mountpoints?: Array<string | null>;
  tran?: string | null;
  ro?: boolean | string | number;
  model?: string | null;
  children?: LsblkDev[];
}

const SYSTEM_MOUNTS = /^(\/|\/boot(\/.*)?|\/usr|\/var|\/home|\/opt|\/srv|\/nix|\[SWAP\])$/;
const flag = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';

function mountsOf(d: LsblkDev): string[] {
  const all = [...(d.mountpoints ?? []), d.mountpoint ?? null];
  return [...new Set(all.filter((m): m is string => typeof m === 'string' && m !== ''))];
}

function allMounts(d: LsblkDev): string[] {
  return [...mountsOf(d), ...(d.children ?? []).flatMap(allMounts)];
}

/** Pure: the removable drives (partitions or whole-disk filesystems) in lsblk's JSON, system disks removed. */
export function parseLsblk(json: string): Array<Omit<RemovableDrive, 'free'>> {
  const data = JSON.parse(json) as { blockdevices?: LsblkDev[] };
  const out: Array<Omit<RemovableDrive, 'free'>> = [];
  for (const disk of data.blockdevices ?? []) {
    if (disk.type !== 'disk') continue;
    const removable = flag(disk.rm) || flag(disk.hotplug) || disk.tran === 'usb' || disk.tran === 'mmc';
    if (!removable) continue;
    if (allMounts(disk).some((m) => SYSTEM_MOUNTS.test(m))) continue; // never offer a disk the system runs from
    const vols = disk.children && disk.children.length > 0 ? disk.children : [disk];
    for (const v of vols) {
      if (!v.fstype && !(v.children && v.children.length)) continue;
      const mountpoint = mountsOf(v)[0] ?? null;
      out.push({
        device: v.path ?? `/dev/${v.name}`,
        label: v.label ?? null,
        model: disk.model?.trim() || null,
        size: Number(v.size ?? disk.size ?? 0),
        filesystem: v.fstype ?? null,
        mountpoint,
        readOnly: flag(v.ro) || flag(disk.ro),
        fat32: isFatType(v.fstype),
      });
    }
  }
  return out;
}

/** Removable drives on this machine with free space of the mounted ones. Empty where unsupported. */
export async function listRemovableDrives(opts: { signal?: AbortSignal } = {}): Promise<RemovableDrive[]> {
  if (process.platform !== 'linux') return [];
  const r = await run('lsblk', ['--json', '--bytes', '-o', 'NAME,PATH,TYPE,RM,HOTPLUG,SIZE,FSTYPE,LABEL,MOUNTPOINTS,TRAN,RO,MODEL'], { signal: opts.signal, timeoutMs: 15_000 });
  let text = r.stdout;
  if (r.code !== 0) {
    // util-linux before 2.37 has MOUNTPOINT only
    const old = await run('lsblk', ['--json', '--bytes', '-o', 'NAME,PATH,TYPE,RM,HOTPLUG,SIZE,FSTYPE,LABEL,MOUNTPOINT,TRAN,RO,MODEL'], { signal: opts.signal, timeoutMs: 15_000 });
    if (old.code !== 0) throw new AppError('BUNDLE_DRIVES_UNAVAILABLE', { message: (old.spawnError?.message ?? old.stderr.trim()) || `lsblk exit ${old.code}` });
    text = old.stdout;
  }
  const drives = parseLsblk(text);
  return Promise.all(
    drives.map(async (d) => ({
      ...d,
      free: d.mountpoint ? ((await freeSpace(d.mountpoint))?.free ?? null) : null,
      bundles: d.mountpoint ? await findBundlesIn(d.mountpoint) : [],
    })),
  );
}

/**
 * Bundles in a folder: the folder itself and its direct subfolders, recognised by a manifest.json
 * that parses as a bundle manifest. Cheap (one small file per candidate), so the home screen can
 * look at every inserted drive; anything unreadable is simply not a bundle.
 */
export async function findBundlesIn(dir: string): Promise<FoundBundle[]> {
  const candidates = [dir];
  try {
    for (const e of await readdir(dir, { withFileTypes: true })) if (e.isDirectory() && !e.name.startsWith('.')) candidates.push(join(dir, e.name));
  } catch {
    return [];
  }
  const found: FoundBundle[] = [];
  for (const c of candidates.slice(0, 200)) {
    try {
      const file = join(c, MANIFEST_NAME);
      if ((await stat(file)).size > 16 * 1024 * 1024) continue;
      const m = bundleManifest.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!m.success) continue;
      const platforms = [...new Set(m.data.files.filter((f) => f.kind === 'archive').map((f) => `${f.os}-${f.arch}`))];
      found.push({ path: c, goVersions: m.data.go.versions, platforms, createdAt: m.data.createdAt });
    } catch {
      /* not a bundle */
    }
  }
  return found;
}

/** Flush and eject a drive: udisksctl unmount + power-off, else eject, else umount. */
export async function ejectDrive(device: string, opts: { mountpoint?: string | null; signal?: AbortSignal } = {}): Promise<{ method: string }> {
  if (!/^\/dev\/[A-Za-z0-9._-]+$/.test(device)) throw new AppError('BUNDLE_EJECT_FAILED', { device, message: 'not a device path' });
  await run('sync', [], { signal: opts.signal });
  const attempts: Array<[string, string[][]]> = [
    ['udisksctl', [['unmount', '-b', device, '--no-user-interaction'], ['power-off', '-b', device.replace(/p?\d+$/, ''), '--no-user-interaction']]],
    ['eject', [[device]]],
    ...(opts.mountpoint ? ([['umount', [[opts.mountpoint]]]] as Array<[string, string[][]]>) : []),
  ];
  const errors: string[] = [];
  for (const [tool, steps] of attempts) {
    let ok = true;
    for (const [i, args] of steps.entries()) {
      const r = await run(tool, args, { signal: opts.signal, timeoutMs: 60_000 });
      if (r.spawnError) {
        ok = false;
        errors.push(`${tool}: not installed`);
        break;
      }
      if (r.code !== 0 && i === 0) {
        ok = false;
        errors.push(`${tool}: ${r.stderr.trim() || 'exit ' + r.code}`);
        break;
      }
    }
    if (ok) return { method: tool };
  }
  throw new AppError('BUNDLE_EJECT_FAILED', { device, message: errors.join('; ') });
}
