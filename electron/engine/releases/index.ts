/**
 * Step 2: the catalog of Go releases.
 *
 * Reads the official listing (`<mirror>?mode=json&include=all`) from the configured sources in
 * order (given mirrors, else the settings' mirrors, the official ones only when no mirror is set
 * or the settings allow them as a fallback, then a listing file),
 * caches the last good listing with its time under cacheDir, and works from that cache when
 * offline. Pure helpers group releases for the UI, pick archives per platform, and check a chosen
 * release against target profiles (step 1's EnvReport) and Go projects (go.mod / go.work).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { classifyNetError, isOfficialSource, sourcesByPolicy, sourcesDetail, sourcesParams, type SourceTried } from '../../../shared/sources';
import type { Catalog, Release, ReleaseFile, ReleaseGroup, ReleaseStatus, ReleaseSummary } from '../../../shared/releases';
import { normalizeMirror, platformOf } from '../../../shared/releases';
import { compareGoVersions, goMinorLine, parseGoVersion } from '../../../shared/go-requirements';
import { cacheDir, type Env } from '../paths';
import { writeFileAtomic } from '../atomic';
import { loadSettings } from '../settings';
import { httpGetText, parseHttpUrl } from '../download/http';

export * from './checks';

export type { Catalog } from '../../../shared/releases';

const fileSchema = z.object({
  filename: z.string().min(1),
  os: z.string(),
  arch: z.string(),
  version: z.string(),
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  kind: z.string(),
});
const listingSchema = z.array(z.object({ version: z.string().min(1), stable: z.boolean(), files: z.array(fileSchema) }));

/** Parse a listing document in the official format; throws RELEASES_LISTING_INVALID. */
export function parseListing(text: string, source: string): Release[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AppError('RELEASES_LISTING_INVALID', { source, message: text.trimStart().startsWith('<') ? 'it is a web page (HTML), not JSON' : 'it is not JSON' }, String(err));
  }
  const parsed = listingSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError('RELEASES_LISTING_INVALID', { source, message: `${i?.path.join('.') || 'document'}: ${i?.message ?? 'unexpected shape'}` });
  }
  if (parsed.data.length === 0) throw new AppError('RELEASES_LISTING_INVALID', { source, message: 'the list is empty' });
  return parsed.data as Release[];
}

/** `<base>?mode=json&include=all` */
export function listingUrl(base: string): string {
  const u = parseHttpUrl(normalizeMirror(base));
  u.searchParams.set('mode', 'json');
  u.searchParams.set('include', 'all');
  return u.href;
}

export function catalogCachePath(env: Env = process.env): string {
  return join(cacheDir(env), 'releases.json');
}

async function readCache(env: Env): Promise<Catalog | null> {
  try {
    const raw = JSON.parse(await readFile(catalogCachePath(env), 'utf8')) as { source: string; fetchedAt: string; releases: unknown };
    const releases = listingSchema.parse(raw.releases) as Release[];
    if (typeof raw.source !== 'string' || typeof raw.fetchedAt !== 'string' || releases.length === 0) return null;
    return { releases, source: raw.source, fetchedAt: raw.fetchedAt, fromCache: true };
  } catch {
    return null;
  }
}

async function writeCache(env: Env, c: Catalog): Promise<void> {
  try {
    const path = catalogCachePath(env);
    await writeFileAtomic(path, JSON.stringify({ source: c.source, fetchedAt: c.fetchedAt, releases: c.releases }));
  } catch {
    /* a cache we cannot write is not a failure */
  }
}

export interface LoadCatalogOptions {
  /** mirror bases to try, in order; when given, only these (and the listing file) are used */
  mirrors?: string[];
  /** a listing file on disk (tried after the mirrors) */
  listingFile?: string | null;
  env?: Env;
  proxy?: string | null;
  signal?: AbortSignal;
  /** do not use the network: listing file, else the cache */
  offline?: boolean;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** called for each source that failed (for logs) */
  onSourceFailed?: (source: string, error: string) => void;
}

/**
 * The sources loadCatalog would try, in order: the given mirrors; else the settings' mirrors, and
 * the public Go sites only when no mirror is set or the settings allow them as a fallback
 * (`publicSkipped` says they were left out).
 */
export async function catalogSources(
  opts: Pick<LoadCatalogOptions, 'mirrors' | 'listingFile' | 'env'>,
): Promise<{ mirrors: string[]; listingFile: string | null; publicSkipped: boolean }> {
  const settings = await loadSettings(opts.env ?? process.env);
  const given = !!(opts.mirrors && opts.mirrors.length > 0);
  const mirrors = given ? opts.mirrors! : sourcesByPolicy(settings.mirrors, settings.publicFallback);
  const unique = [...new Set(mirrors.map(normalizeMirror))];
  const publicSkipped = !given && settings.mirrors.length > 0 && !settings.publicFallback;
  return { mirrors: unique, listingFile: opts.listingFile !== undefined ? opts.listingFile : settings.listingFile, publicSkipped };
}

/** Load the release listing from the first source that answers; cache it; fall back to the cache. */
export async function loadCatalog(opts: LoadCatalogOptions = {}): Promise<Catalog> {
  const env = opts.env ?? process.env;
  const settings = await loadSettings(env);
  const proxy = opts.proxy !== undefined ? opts.proxy : settings.proxy;
  const { mirrors, listingFile, publicSkipped } = await catalogSources(opts);
  const tried: SourceTried[] = [];
  const fail = (source: string, err: unknown, status?: number) => {
    const msg = err instanceof AppError ? err.toData().cause.en : String((err as Error)?.message ?? err);
    opts.onSourceFailed?.(source, msg);
    if (!/^https?:\/\//.test(source)) {
      const unreadable = err instanceof AppError && err.code === 'FILE_NOT_READABLE';
      tried.push({ url: source, official: false, file: true, answer: unreadable ? 'unreadable' : 'not-listing', raw: err instanceof AppError ? (err.detail ?? msg) : msg });
      return;
    }
    const official = isOfficialSource(source);
    if (status !== undefined) tried.push({ url: source, official, answer: status === 404 || status === 410 ? 'not-found' : 'http', status, raw: `HTTP ${status}` });
    else if (err instanceof AppError && err.code === 'RELEASES_LISTING_INVALID')
      tried.push({ url: source, official, answer: String(err.params.message ?? '').includes('HTML') ? 'html-listing' : 'not-listing', raw: msg });
    else {
      const kind = classifyNetError(msg);
      const seconds = /(\d+) s\b/.exec(msg)?.[1];
      tried.push({ url: source, official, answer: kind, seconds: seconds ? Number(seconds) : undefined, raw: msg });
    }
  };

  const fromFile = async (): Promise<Catalog | null> => {
    if (!listingFile) return null;
    const path = resolve(listingFile);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new AppError('FILE_NOT_READABLE', { path }, String(err));
    }
    return { releases: parseListing(text, path), source: path, fetchedAt: new Date().toISOString(), fromCache: false };
  };

  if (opts.offline) {
    const f = await fromFile();
    if (f) return f;
    const cached = await readCache(env);
    if (cached) return cached;
    throw new AppError('RELEASES_OFFLINE_NO_CACHE');
  }

  for (const base of mirrors) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED');
    let url: string;
    try {
      url = listingUrl(base);
    } catch (err) {
      if (opts.mirrors?.length) throw err; // a mirror the user typed must be an address
      fail(base, err);
      continue;
    }
    try {
      const res = await httpGetText(url, {
        env,
        proxy,
        signal: opts.signal,
        connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
        idleTimeoutMs: opts.idleTimeoutMs ?? 30_000,
      });
      if (res.status !== 200) {
        fail(base, new Error(`HTTP ${res.status}`), res.status);
        continue;
      }
      const releases = parseListing(res.text, base);
      const catalog: Catalog = { releases, source: base, fetchedAt: new Date().toISOString(), fromCache: false };
      await writeCache(env, catalog);
      return catalog;
    } catch (err) {
      if (opts.signal?.aborted) throw new AppError('CANCELLED');
      fail(base, err);
    }
  }
  if (listingFile) {
    try {
      const f = await fromFile();
      if (f) return f;
    } catch (err) {
      fail(listingFile, err);
    }
  }
  const cached = await readCache(env);
  if (cached) return cached;
  throw new AppError('RELEASES_UNAVAILABLE', sourcesParams(tried, publicSkipped), sourcesDetail(tried) || undefined);
}

/** "1.22.5" / "go1.22.5" → "go1.22.5"; AppError when it is not a Go version. */
export function normalizeVersion(version: string): string {
  const v = version.trim();
  if (!parseGoVersion(v)) throw new AppError('RELEASE_VERSION_INVALID', { version: v });
  return v.startsWith('go') ? v : `go${v}`;
}

/** Find a release by version ("go1.22.5" or "1.22.5"); AppError when absent. */
export function findRelease(catalog: Catalog, version: string): Release {
  const v = normalizeVersion(version);
  const r = catalog.releases.find((x) => x.version === v);
  if (r) return r;
  const latest = [...catalog.releases].filter((x) => x.stable).sort((a, b) => compareGoVersions(b.version, a.version))[0]?.version ?? '—';
  throw new AppError('RELEASE_NOT_FOUND', { version: v, source: catalog.source, latest });
}

/** Validate an "os-arch" string. */
export function parsePlatform(p: string): { os: string; arch: string } {
  const m = /^([a-z0-9]+)-([a-z0-9]+)$/.exec(p.trim());
  if (!m) throw new AppError('RELEASE_PLATFORM_INVALID', { platform: p });
  return { os: m[1]!, arch: m[2]! };
}

/** "os-arch" of every archive in a release, sorted. */
export function platformsOf(release: Release): string[] {
  return [...new Set(release.files.filter((f) => f.kind === 'archive' && f.os && f.arch).map(platformOf))].sort();
}

/**
 * The archive (kind "archive") for each "os-arch", in the order given. AppError naming the
 * missing platforms and the ones that exist; AppError for archives without SHA-256 unless accepted.
 */
export function selectArchives(release: Release, platforms: string[], opts: { acceptMissingSha256?: boolean } = {}): ReleaseFile[] {
  const wanted = [...new Set(platforms.map((p) => p.trim()))];
  for (const p of wanted) parsePlatform(p);
  const out: ReleaseFile[] = [];
  const missing: string[] = [];
  for (const p of wanted) {
    const f = release.files.find((x) => x.kind === 'archive' && platformOf(x) === p);
    if (f) out.push(f);
    else missing.push(p);
  }
  if (missing.length) {
    throw new AppError('RELEASE_PLATFORM_MISSING', { version: release.version, missing: missing.join(', '), available: platformsOf(release).join(', ') || '—' });
  }
  if (!opts.acceptMissingSha256) {
    const noSum = out.find((f) => !/^[0-9a-f]{64}$/i.test(f.sha256));
    if (noSum) throw new AppError('RELEASE_NO_SHA256', { filename: noSum.filename, version: release.version });
  }
  return out;
}

/**
 * The status of each release: unstable (beta/rc), stable (in the two newest stable minor lines,
 * as go.dev/dl shows without include=all), or archived (older stable releases).
 */
export function releaseStatuses(releases: Release[]): Map<string, ReleaseStatus> {
  const lines = [...new Set(releases.filter((r) => r.stable).map((r) => goMinorLine(r.version)))].sort((a, b) => compareGoVersions(b, a));
  const current = new Set(lines.slice(0, 2));
  const out = new Map<string, ReleaseStatus>();
  for (const r of releases) out.set(r.version, !r.stable ? 'unstable' : current.has(goMinorLine(r.version)) ? 'stable' : 'archived');
  return out;
}

export interface GroupOptions {
  /** include beta and rc releases */
  unstable?: boolean;
  /** include stable releases of older minor lines */
  archived?: boolean;
  /** only releases that have an archive for every one of these platforms */
  platforms?: string[];
}

/** Releases grouped by minor line (newest first) for the "Choose version" step. Stable only by default. */
export function groupReleases(releases: Release[], opts: GroupOptions = {}): ReleaseGroup[] {
  const status = releaseStatuses(releases);
  const byLine = new Map<string, ReleaseSummary[]>();
  for (const r of [...releases].sort((a, b) => compareGoVersions(b.version, a.version))) {
    const st = status.get(r.version)!;
    if (st === 'unstable' && !opts.unstable) continue;
    if (st === 'archived' && !opts.archived) continue;
    const platforms = platformsOf(r);
    if (opts.platforms?.length && !opts.platforms.every((p) => platforms.includes(p))) continue;
    const summary: ReleaseSummary = {
      version: r.version,
      status: st,
      platforms,
      missingSha256: r.files.some((f) => f.kind === 'archive' && !/^[0-9a-f]{64}$/i.test(f.sha256)),
    };
    const line = goMinorLine(r.version);
    const list = byLine.get(line) ?? [];
    list.push(summary);
    byLine.set(line, list);
  }
  return [...byLine.entries()]
    .sort((a, b) => compareGoVersions(b[0], a[0]))
    .map(([line, list]) => ({
      line,
      status: list.some((x) => x.status === 'stable') ? 'stable' : list.some((x) => x.status === 'archived') ? 'archived' : 'unstable',
      releases: list,
    }));
}

/** The newest stable release, or null. */
export function latestStable(releases: Release[]): Release | null {
  return [...releases].filter((r) => r.stable).sort((a, b) => compareGoVersions(b.version, a.version))[0] ?? null;
}

/** Age of a catalog in seconds (for "listing from 3 days ago"). */
export function catalogAgeSeconds(c: Catalog, now = Date.now()): number {
  const t = Date.parse(c.fetchedAt);
  return Number.isFinite(t) ? Math.max(0, Math.round((now - t) / 1000)) : 0;
}
