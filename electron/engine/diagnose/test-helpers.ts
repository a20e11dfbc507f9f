/** Shared by the support-bundle tests: hand-made (possibly hostile) .gosupport files. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';

/** A gzip tar of exactly these entries, headers written by node-tar's Header. */
export function tarFile(entries: Array<{ path: string; type?: string; body?: Buffer; linkpath?: string; size?: number }>): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = e.body ?? Buffer.alloc(0);
    const h = new Header({ path: e.path, type: (e.type ?? 'File') as 'File', size: e.size ?? body.length, mode: 0o644, mtime: new Date(0), linkpath: e.linkpath });
    const hb = Buffer.alloc(512);
    h.encode(hb, 0);
    blocks.push(hb, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** A support bundle's manifest.json listing `files` (their real sizes and hashes); `extra` overrides fields. */
export function supportManifest(files: Array<{ path: string; body: Buffer }>, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      schema: 'go-offline/support-bundle@1',
      createdAt: '2025-01-01T00:00:00Z',
      toolVersion: '0',
      redactions: { envValues: 0, urlCredentials: 0, tokens: 0, userNames: 0 },
      userNamesRemoved: false,
      files: files.map((f) => ({ path: f.path, size: f.body.length, sha256: createHash('sha256').update(f.body).digest('hex') })),
      ...extra,
    }),
  );
}
