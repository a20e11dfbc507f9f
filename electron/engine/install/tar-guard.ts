/**
 * A streaming guard for uncompressed tar data: it parses every header (ustar, GNU long names,
 * pax), checks the entry the way the extracting program will see it, and only then lets the
 * header (and the entry's data) through. Whatever sits downstream — GNU/BSD tar or node-tar —
 * therefore never sees a hostile entry: absolute paths, `..`, entries outside the expected
 * top-level folder, symlinks or hard links pointing outside the tree, anything written through a
 * link, device files and fifos, sparse or multi-volume members. Set-id bits are stripped.
 * It also records the file list (size, mode, sha256 of each file's content).
 */
import { createHash, type Hash } from 'node:crypto';
import { posix } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import type { InstalledFile } from '../../../shared/install';

export class UnsafeEntryError extends Error {
  constructor(
    readonly entry: string,
    readonly reason: UnsafeReason,
  ) {
    super(`unsafe tar entry ${JSON.stringify(entry)}: ${reason}`);
    this.name = 'UnsafeEntryError';
  }
}

export class CorruptTarError extends Error {
  constructor(readonly reason: string) {
    super(`corrupt tar data: ${reason}`);
    this.name = 'CorruptTarError';
  }
}

export type UnsafeReason =
  | 'absolute-path'
  | 'parent-directory'
  | 'outside-top'
  | 'link-outside'
  | 'hardlink-outside'
  | 'through-link'
  | 'device-file'
  | 'unsupported-type'
  | 'type-name-mismatch'
  | 'not-accepted'
  | 'bad-name';

const BLOCK = 512;

interface PendingMeta {
  raw: Buffer[];
  paxPath?: string;
  paxLinkpath?: string;
  paxSize?: number;
  longName?: string;
  longLink?: string;
}

function readString(b: Buffer, off: number, len: number): string {
  const end = b.indexOf(0, off);
  return b.toString('utf8', off, end === -1 || end > off + len ? off + len : end);
}

function readNumber(b: Buffer, off: number, len: number): number {
  if (b[off]! & 0x80) {
    // base-256 (GNU): big-endian, first byte's top bit is the marker
    let v = b[off]! & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + b[off + i]!;
    return v;
  }
  const s = readString(b, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new CorruptTarError(`bad number field "${s}"`);
  return parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  const stored = readNumber(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === stored;
}

function writeChecksum(h: Buffer): void {
  h.fill(32, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i]!;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < body.length && body[pos] !== 0) {
    const sp = body.indexOf(0x20, pos);
    if (sp === -1) throw new CorruptTarError('bad pax record');
    const len = parseInt(body.toString('ascii', pos, sp), 10);
    if (!Number.isFinite(len) || len <= 0 || pos + len > body.length) throw new CorruptTarError('bad pax record length');
    const rec = body.toString('utf8', sp + 1, pos + len - 1);
    const eq = rec.indexOf('=');
    if (eq === -1) throw new CorruptTarError('bad pax record');
    out[rec.slice(0, eq)] = rec.slice(eq + 1);
    pos += len;
  }
  return out;
}

export interface TarGuardOptions {
  /** the one allowed top-level folder (default "go") */
  top?: string;
  /** compute a sha256 of every file's content for the file list (default true) */
  hashFiles?: boolean;
}

/**
 * Checks one archive path and returns its components (without "." parts). Throws
 * UnsafeEntryError. `kind` only changes the reason reported.
 */
export function checkEntryPath(name: string, top: string): string[] {
  if (name.includes('\0')) throw new UnsafeEntryError(name, 'bad-name');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.startsWith('\\')) throw new UnsafeEntryError(name, 'absolute-path');
  if (name.includes('\\')) throw new UnsafeEntryError(name, 'bad-name');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new UnsafeEntryError(name, 'parent-directory');
  if (parts.length === 0 || parts[0] !== top) throw new UnsafeEntryError(name, 'outside-top');
  return parts;
}

/**
 * Follows a symlink (clean archive path, e.g. "go/e") through the other links of the tree to its
 * final target, the way the kernel will: each component that is a link is replaced by its target,
 * ".." goes up. Nothing can be written through a link (the guard refuses it), so components that
 * are not links are plain folders or files. False when the path leaves `top` at any point or
 * loops.
 */
export function resolveInTree(link: string, links: ReadonlyMap<string, string>, top: string): boolean {
  let hops = 0;
  // pending components to walk, resolved prefix so far
  let pending = [...posix.dirname(link).split('/'), links.get(link) ?? ''].join('/').split('/');
  const done: string[] = [];
  while (pending.length) {
    const c = pending.shift()!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (done.length <= 1) return false; // above go/
      done.pop();
      continue;
    }
    done.push(c);
    if (done[0] !== top) return false;
    const here = done.join('/');
    const target = links.get(here);
    if (target !== undefined) {
      if (++hops > 40) return false;
      if (target.startsWith('/')) return false;
      done.pop();
      pending = [...target.split('/'), ...pending];
    }
  }
  return done.length >= 1 && done[0] === top;
}

export class TarGuard extends Transform {
  readonly files: InstalledFile[] = [];
  fileCount = 0;
  byteCount = 0;
  ended = false;
  private readonly top: string;
  private readonly hashFiles: boolean;
  private buf: Buffer[] = [];
  private bufLen = 0;
  /** bytes of the current entry body (incl. padding) still to pass or collect */
  private remaining = 0;
  private padding = 0;
  private meta: PendingMeta = { raw: [] };
  /** collecting a meta entry's body */
  private metaType: string | null = null;
  private metaBody: Buffer[] = [];
  private fileHash: Hash | null = null;
  private fileRec: InstalledFile | null = null;
  private zeroBlocks = 0;
  private readonly links = new Set<string>();
  /** every symlink accepted so far: clean path → its target, for resolving chains */
  private readonly linkTargets = new Map<string, string>();
  /** folders accepted (clean paths), for the check of the extracted tree */
  readonly dirs = new Set<string>();

  constructor(opts: TarGuardOptions = {}) {
    super({ highWaterMark: 1 << 20 });
    this.top = opts.top ?? 'go';
    this.hashFiles = opts.hashFiles ?? true;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.consume(chunk);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    if (!this.ended && (this.remaining > 0 || this.bufLen > 0 || this.metaType !== null)) {
      cb(new CorruptTarError('the archive ends in the middle of an entry'));
      return;
    }
    if (!this.ended && this.zeroBlocks === 0 && this.fileCount === 0) {
      cb(new CorruptTarError('empty archive'));
      return;
    }
    cb();
  }

  private takeBytes(n: number): Buffer {
    const all = this.buf.length === 1 ? this.buf[0]! : Buffer.concat(this.buf, this.bufLen);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.buf = rest.length ? [rest] : [];
    this.bufLen = rest.length;
    return head;
  }

  private consume(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.ended) return; // data after the end-of-archive marker is dropped
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - pos);
        const part = chunk.subarray(pos, pos + n);
        pos += n;
        this.remaining -= n;
        if (this.metaType !== null) {
          this.metaBody.push(part);
          this.meta.raw.push(part);
          if (this.remaining === 0) this.finishMeta();
        } else {
          if (this.fileHash) {
            // hash only the content, not the padding
            const contentLeft = this.remaining + n - this.padding;
            if (contentLeft > 0) this.fileHash.update(part.subarray(0, Math.min(n, contentLeft)));
          }
          this.push(part);
          if (this.remaining === 0) this.finishFile();
        }
        continue;
      }
      // header: gather 512 bytes
      const need = BLOCK - this.bufLen;
      const n = Math.min(need, chunk.length - pos);
      this.buf.push(chunk.subarray(pos, pos + n));
      this.bufLen += n;
      pos += n;
      if (this.bufLen === BLOCK) this.header(Buffer.from(this.takeBytes(BLOCK)));
    }
  }

  private header(h: Buffer): void {
    if (h.every((x) => x === 0)) {
      if (this.meta.raw.length) throw new CorruptTarError('extended header without an entry');
      this.zeroBlocks++;
      this.push(h);
      if (this.zeroBlocks >= 2) this.ended = true;
      return;
    }
    if (this.zeroBlocks > 0) throw new CorruptTarError('data after an empty block');
    if (!checksumOk(h)) throw new CorruptTarError('header checksum mismatch');
    const type = String.fromCharCode(h[156]!);
    const size = readNumber(h, 124, 12);
    const magic = h.toString('ascii', 257, 263);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > 1 << 20) throw new CorruptTarError('oversized extended header');
      this.meta.raw.push(h);
      this.metaType = type;
      this.metaBody = [];
      this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
      this.remaining = size + this.padding;
      this.metaSize = size;
      if (this.remaining === 0) this.finishMeta();
      return;
    }
    let name = readString(h, 0, 100);
    if (magic === 'ustar\0') {
      const prefix = readString(h, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    if (this.meta.longName !== undefined) name = this.meta.longName;
    if (this.meta.paxPath !== undefined) name = this.meta.paxPath;
    let linkname = readString(h, 157, 100);
    if (this.meta.longLink !== undefined) linkname = this.meta.longLink;
    if (this.meta.paxLinkpath !== undefined) linkname = this.meta.paxLinkpath;
    const bodySize = this.meta.paxSize ?? size;
    const mode = readNumber(h, 100, 8);

    const parts = checkEntryPath(name, this.top);
    const clean = parts.join('/');
    // nothing may be written through a link made earlier, nor replace one
    for (let i = 1; i <= parts.length; i++) {
      if (this.links.has(parts.slice(0, i).join('/'))) throw new UnsafeEntryError(name, 'through-link');
    }
    // a name ending in "/" (or "/.") is a folder to GNU tar and node-tar whatever the type says;
    // a file header named so would have its data read as further headers we never saw
    if (type !== '5' && /(^|\/)\.?$/.test(name)) throw new UnsafeEntryError(name, 'type-name-mismatch');
    let kind: InstalledFile['type'] | 'dir';
    switch (type) {
      case '0':
      case '\0':
      case '7':
        kind = 'file';
        break;
      case '5':
        kind = 'dir';
        break;
      case '2': {
        kind = 'symlink';
        if (!linkname || linkname.startsWith('/') || /^[A-Za-z]:/.test(linkname) || linkname.includes('\\')) {
          throw new UnsafeEntryError(name, 'link-outside');
        }
        const resolved = posix.normalize(posix.join(posix.dirname(clean), linkname));
        if (resolved !== this.top && !resolved.startsWith(this.top + '/')) throw new UnsafeEntryError(name, 'link-outside');
        this.links.add(clean);
        this.linkTargets.set(clean, linkname);
        // a new link can send an earlier one (or itself) outside through a chain: resolve every
        // link against the tree as it now stands
        for (const l of this.linkTargets.keys()) {
          if (!resolveInTree(l, this.linkTargets, this.top)) throw new UnsafeEntryError(l === clean ? name : l, 'link-outside');
        }
        break;
      }
      case '1': {
        kind = 'hardlink';
        let tparts: string[];
        try {
          tparts = checkEntryPath(linkname, this.top);
        } catch {
          throw new UnsafeEntryError(name, 'hardlink-outside');
        }
        for (let i = 1; i <= tparts.length; i++) {
          if (this.links.has(tparts.slice(0, i).join('/'))) throw new UnsafeEntryError(name, 'hardlink-outside');
        }
        break;
      }
      case '3':
      case '4':
      case '6':
        throw new UnsafeEntryError(name, 'device-file');
      default:
        throw new UnsafeEntryError(name, 'unsupported-type');
    }
    // links and folders carry no data; a size there would make us and tar disagree on where the
    // next header starts, so refuse it
    if (kind !== 'file' && bodySize !== 0) throw new UnsafeEntryError(name, 'unsupported-type');
    // strip set-uid, set-gid and sticky bits, and write rights for group and others (tar run as
    // root keeps an archive's modes as they are)
    if (mode & 0o7022) {
      h.write((mode & 0o755).toString(8).padStart(7, '0') + '\0', 100, 8, 'ascii');
      writeChecksum(h);
    }
    for (const r of this.meta.raw) this.push(r);
    this.meta = { raw: [] };
    this.push(h);
    const dataSize = kind === 'file' ? bodySize : 0;
    this.padding = (BLOCK - (dataSize % BLOCK)) % BLOCK;
    this.remaining = dataSize + this.padding;
    if (kind !== 'dir') {
      const rel = parts.slice(1).join('/');
      this.fileRec = { path: rel, size: kind === 'file' ? bodySize : 0, mode: mode & 0o755, type: kind };
      if (kind !== 'file') this.fileRec.linkTarget = linkname;
      this.fileHash = kind === 'file' && this.hashFiles ? createHash('sha256') : null;
      if (kind === 'file') this.byteCount += bodySize;
      this.fileCount++;
    } else {
      this.dirs.add(clean);
      this.fileRec = null;
      this.fileHash = null;
    }
    if (this.remaining === 0) this.finishFile();
  }

  private metaSize = 0;

  private finishMeta(): void {
    const body = Buffer.concat(this.metaBody).subarray(0, this.metaSize);
    const type = this.metaType;
    this.metaType = null;
    this.metaBody = [];
    if (type === 'L') this.meta.longName = readString(body, 0, body.length);
    else if (type === 'K') this.meta.longLink = readString(body, 0, body.length);
    else {
      const rec = parsePax(body);
      for (const key of Object.keys(rec)) {
        if (key.startsWith('GNU.')) throw new UnsafeEntryError(rec.path ?? '(pax header)', 'unsupported-type');
      }
      if (type === 'g') {
        if ('path' in rec || 'linkpath' in rec || 'size' in rec) throw new UnsafeEntryError('(global pax header)', 'unsupported-type');
      } else {
        if (rec.path !== undefined) this.meta.paxPath = rec.path;
        if (rec.linkpath !== undefined) this.meta.paxLinkpath = rec.linkpath;
        if (rec.size !== undefined) {
          if (!/^\d+$/.test(rec.size)) throw new CorruptTarError('bad pax size');
          this.meta.paxSize = Number(rec.size);
        }
      }
    }
  }

  private finishFile(): void {
    if (this.fileRec) {
      if (this.fileHash) this.fileRec.sha256 = this.fileHash.digest('hex');
      this.files.push(this.fileRec);
    }
    this.fileRec = null;
    this.fileHash = null;
  }
}
