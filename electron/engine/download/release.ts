/**
 * "Download Go <version> for these platforms": catalog → release → archives → verified files.
 * The one call behind `go-offline download` and the `download.start` channel (and a building
 * block for bundle export).
 */
import { resolve } from 'node:path';
import type { Catalog, DownloadedFile } from '../../../shared/releases';
import { normalizeMirror } from '../../../shared/releases';
import { sourcesByPolicy } from '../../../shared/sources';
import type { JobContext } from '../jobs';
import type { Env } from '../paths';
import { loadSettings } from '../settings';
import { findRelease, loadCatalog, selectArchives } from '../releases';
import { downloadFiles, type DownloadOptions } from './index';

/**
 * Where files are fetched from: the given mirrors; else the catalog's own mirror and the
 * settings' mirrors, with the public Go sites only when no mirror is set or the settings allow
 * them as a fallback (a configured internal mirror is never silently replaced by public hosts).
 */
export function downloadBases(catalog: Catalog | null, mirrors: string[] | undefined, settingsMirrors: string[], publicFallback = false): string[] {
  if (mirrors && mirrors.length) return [...new Set(mirrors.map(normalizeMirror))];
  const list: string[] = [];
  const fromMirror = catalog && /^https?:\/\//.test(catalog.source) && (settingsMirrors.length === 0 || publicFallback || settingsMirrors.map(normalizeMirror).includes(normalizeMirror(catalog.source)));
  if (fromMirror) list.push(catalog.source);
  list.push(...sourcesByPolicy(settingsMirrors, publicFallback));
  return [...new Set(list.map(normalizeMirror))];
}

export interface DownloadVersionOptions {
  version: string;
  platforms: string[];
  outDir: string;
  job: JobContext;
  env?: Env;
  mirrors?: string[];
  listingFile?: string | null;
  /** an already loaded catalog (skips loading) */
  catalog?: Catalog;
  acceptMissingSha256?: boolean;
  signature?: DownloadOptions['signature'];
  parallel?: number;
  /** overrides for tests and tuning */
  tuning?: Pick<DownloadOptions, 'attempts' | 'backoffMs' | 'connectTimeoutMs' | 'idleTimeoutMs'>;
}

export interface DownloadVersionResult {
  version: string;
  outDir: string;
  source: string;
  files: DownloadedFile[];
}

export async function downloadVersion(opts: DownloadVersionOptions): Promise<DownloadVersionResult> {
  const env = opts.env ?? process.env;
  const settings = await loadSettings(env);
  const catalog =
    opts.catalog ?? (await loadCatalog({ mirrors: opts.mirrors, listingFile: opts.listingFile, env, signal: opts.job.signal }));
  const release = findRelease(catalog, opts.version);
  const files = selectArchives(release, opts.platforms, { acceptMissingSha256: opts.acceptMissingSha256 });
  const outDir = resolve(opts.outDir);
  const downloaded = await downloadFiles(files, {
    outDir,
    baseUrls: downloadBases(catalog, opts.mirrors, settings.mirrors, settings.publicFallback),
    publicSkipped: !opts.mirrors?.length && settings.mirrors.length > 0 && !settings.publicFallback,
    job: opts.job,
    env,
    proxy: settings.proxy,
    parallel: opts.parallel,
    acceptMissingSha256: opts.acceptMissingSha256,
    signature: opts.signature ?? { mode: 'auto', keyFile: settings.signingKeyFile },
    ...opts.tuning,
  });
  return { version: release.version, outDir, source: catalog.source, files: downloaded };
}
