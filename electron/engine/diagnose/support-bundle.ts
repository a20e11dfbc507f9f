/**
 * Support bundles: a gzip-compressed tar a user sends to support, and the reader support staff use to
 * open one. The file extension is `.gosupport` (registered by the packaged app, see
 * docs/notes/packaging.md); the same bytes named `.tar.gz` are read just the same.
 *
 * Writer: secrets are removed BEFORE anything is written (even to the staging folder): values of
 * secret-named environment variables (and those values wherever else they appear), credentials in
 * URLs, well-known token shapes, and optionally the user's name in paths.
 *
 * Reader: parses in memory and never extracts or runs anything; rejects links, devices, absolute or
 * `..` paths, oversized files and archives, and too many entries; checks each file against the
 * bundle's own manifest.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { create as tarCreate, Parser, type ReadEntry } from 'tar';
import { z } from 'zod';
import type { DiagnoseReport, SupportBundleManifest, SupportBundleReport } from '../../../shared/diagnose';
import type { EnvReport } from '../../../shared/platform';
import { AppError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { displaySafe, displaySafeDeep } from '../../../shared/text';
import { parseJsonBounded } from '../json';
import { APP_VERSION } from '../../../shared/version';
import { homeDir, stateDir, type Env } from '../paths';
import { goEnvFilePath, readInstallInfo } from './facts';
import { localHost } from './host';
import { Redactor } from './redact';
import { reportToMarkdown } from './markdown';

export const SUPPORT_BUNDLE_SCHEMA = 'go-offline/support-bundle@1';

export interface WriteSupportBundleOptions {
  env?: Env;
  platform?: NodeJS.Platform;
  /**
   * where to write: a file path is used exactly as given (any extension); an existing folder (or a
   * path ending in a separator) gets `go-offline-support-<date>.gosupport` inside it
   */
  out: string;
  report: DiagnoseReport;
  envReport?: EnvReport | null;
  /** also replace the user's name and home folder in paths */
  removeUserNames?: boolean;
  /** the last lines of each app log kept (default 1 MiB per log) */
  maxLogBytes?: number;
}

async function readOr(path: string | null | undefined, max = 8 * 1024 * 1024): Promise<string | null> {
  if (!path) return null;
  try {
    const s = await stat(path);
    if (!s.isFile()) return null;
    const text = await readFile(path, 'utf8');
    return text.length > max ? text.slice(text.length - max) : text;
  } catch {
    return null;
  }
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export async function writeSupportBundle(opts: WriteSupportBundleOptions): Promise<{ path: string; manifest: SupportBundleManifest }> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const home = homeDir(env, platform);
  let userName = env.USER || env.USERNAME || null;
  try {
    userName ||= userInfo().username;
  } catch {
    /* no passwd entry */
  }
  const red = new Redactor({ userNames: !!opts.removeUserNames, home, userName });
  // learn every secret value first, so that it is removed wherever it shows up later
  const envOut = red.env(env);

  const files: Array<{ path: string; content: string }> = [];
  const add = (path: string, content: string) => files.push({ path, content });
  const json = (v: unknown) => JSON.stringify(red.value(v), null, 2) + '\n';
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => {
        if (!l.trim()) return l;
        try {
          return JSON.stringify(red.value(JSON.parse(l)));
        } catch {
          return red.text(l);
        }
      })
      .join('\n');

  const report = red.value(opts.report);
  add('report.json', JSON.stringify(report, null, 2) + '\n');
  add('report.md', reportToMarkdown(report));
  if (opts.envReport) add('environment.json', json(opts.envReport));
  add('environment-variables.json', JSON.stringify(envOut, null, 2) + '\n');
  const goEnvFile = await readOr(goEnvFilePath(env, platform));
  if (goEnvFile !== null) add('go-env-file.txt', red.text(goEnvFile));

  const host = localHost(platform);
  const install = await readInstallInfo(env, platform, host, opts.report.goroot);
  if (install.statePath) {
    const st = await readOr(install.statePath);
    if (st !== null) add('install/install-state.json', lines(st.trim()) + '\n');
  }
  if (install.files) add('install/installed-files.jsonl', install.files.map((f) => JSON.stringify(red.value(f))).join('\n') + '\n');
  const auditPath = install.auditLog ?? join(stateDir(env, platform), 'audit.jsonl');
  const audit = await readOr(auditPath);
  if (audit !== null) add('install/audit.jsonl', lines(audit));

  // verification results (step 7) and app logs, as other steps save them in the state folder
  const sdir = stateDir(env, platform);
  const maxLog = opts.maxLogBytes ?? 1024 * 1024;
  const collect = async (dir: string, prefix: string, accept: (name: string) => boolean, max: number) => {
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter(accept).sort();
    } catch {
      return;
    }
    for (const name of names.slice(0, 50)) {
      const text = await readOr(join(dir, name), max);
      if (text !== null) add(`${prefix}/${name}`, name.endsWith('.json') || name.endsWith('.jsonl') ? lines(text) : red.text(text));
    }
  };
  await collect(sdir, 'verify', (n) => /^verif/i.test(n) && /\.(json|jsonl)$/.test(n), 8 * 1024 * 1024);
  await collect(join(sdir, 'verify'), 'verify', (n) => /\.(json|jsonl)$/.test(n), 8 * 1024 * 1024);
  await collect(join(sdir, 'logs'), 'logs', (n) => /\.(log|txt|jsonl)$/.test(n), maxLog);

  const manifest: SupportBundleManifest = {
    schema: SUPPORT_BUNDLE_SCHEMA,
    createdAt: new Date().toISOString(),
    toolVersion: APP_VERSION,
    redactions: { ...red.counts },
    userNamesRemoved: !!opts.removeUserNames,
    files: files.map((f) => ({ path: f.path, size: Buffer.byteLength(f.content), sha256: sha256(f.content) })),
  };

  const out = await supportBundleTarget(opts.out);
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(tmpdir(), 'gooff-support-'));
  try {
    for (const f of files) {
      await mkdir(dirname(join(staging, f.path)), { recursive: true });
      await writeFile(join(staging, f.path), f.content, { mode: 0o600 });
    }
    await writeFile(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
    await tarCreate({ gzip: true, file: out, cwd: staging, portable: true, noDirRecurse: false }, ['manifest.json', ...files.map((f) => f.path)]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { path: out, manifest };
}

export interface ReadLimits {
  /** the compressed file itself (.gosupport / .tar.gz) */
  maxCompressed: number;
  /** all decompressed bytes (guards against gzip bombs) */
  maxExpanded: number;
  maxEntryBytes: number;
  maxEntries: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxCompressed: 64 * 1024 * 1024,
  maxExpanded: 256 * 1024 * 1024,
  maxEntryBytes: 32 * 1024 * 1024,
  maxEntries: 500,
};

class Hostile extends Error {
  constructor(
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`${entry}: ${reason}`);
  }
}

function checkEntryPath(p: string): string | null {
  if (!p) return 'empty name';
  if (p.includes('\0')) return 'NUL in name';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('\\')) return 'absolute path';
  if (p.includes('\\')) return 'backslash in name';
  if (p.split('/').includes('..')) return 'path leaves the bundle (..)';
  return null;
}

/** Open a received support bundle: parse and validate in memory; nothing is extracted or run. */
export async function readSupportBundle(path: string, limits: Partial<ReadLimits> = {}): Promise<SupportBundleReport> {
  const lim = { ...DEFAULT_READ_LIMITS, ...limits };
  const abs = resolve(path);
  const shown = displaySafe(abs);
  let size: number;
  try {
    const s = await stat(abs);
    if (!s.isFile()) throw new Error('not a file');
    size = s.size;
  } catch {
    throw new AppError('FILE_NOT_READABLE', { path: abs });
  }
  if (size > lim.maxCompressed) throw new AppError('SUPPORT_BUNDLE_TOO_LARGE', { path: shown, limit: formatBytes(lim.maxCompressed, 'en') });

  const contents = new Map<string, Buffer>();
  let expanded = 0;
  let entries = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      expanded += chunk.length;
      if (expanded > lim.maxExpanded) cb(new Hostile('(archive)', `expands to more than ${formatBytes(lim.maxExpanded, 'en')}`));
      else cb(null, chunk);
    },
  });
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      entries++;
      const name = entry.path.replace(/^\.\//, '').replace(/\/$/, '');
      const fail = (reason: string) => {
        entry.resume();
        parser.abort(new Hostile(name || entry.path, reason));
      };
      if (entries > lim.maxEntries) return fail(`more than ${lim.maxEntries} entries`);
      const bad = checkEntryPath(name);
      if (bad && entry.type !== 'Directory') return fail(bad);
      if (entry.type === 'Directory') {
        if (bad) return fail(bad);
        entry.resume();
        return;
      }
      if (entry.type !== 'File' && entry.type !== 'OldFile') return fail(`${entry.type} entries are not allowed`);
      if ((entry.size ?? 0) > lim.maxEntryBytes) return fail(`file of ${formatBytes(entry.size ?? 0, 'en')} is larger than ${formatBytes(lim.maxEntryBytes, 'en')}`);
      if (contents.has(name)) return fail('the same name appears twice');
      const chunks: Buffer[] = [];
      let got = 0;
      entry.on('data', (c: Buffer) => {
        got += c.length;
        if (got <= lim.maxEntryBytes) chunks.push(c);
      });
      entry.on('end', () => contents.set(name, Buffer.concat(chunks)));
    },
  });
  try {
    await pipeline(createReadStream(abs), createGunzip(), counter, parser);
  } catch (err) {
    if (err instanceof Hostile) {
      if (err.reason.startsWith('expands to')) throw new AppError('SUPPORT_BUNDLE_TOO_LARGE', { path: shown, limit: formatBytes(lim.maxExpanded, 'en') }, err.message);
      throw new AppError('SUPPORT_BUNDLE_HOSTILE', { path: shown, entry: displaySafe(err.entry.slice(0, 200)), reason: displaySafe(err.reason) });
    }
    const e = err as Error & { code?: string };
    throw new AppError('SUPPORT_BUNDLE_UNREADABLE', { path: shown, message: displaySafe(e.message.slice(0, 300)) }, e.stack);
  }
  if (!contents.size) throw new AppError('SUPPORT_BUNDLE_UNREADABLE', { path: shown, message: 'the archive holds no files' });

  const parsed = <T>(name: string, schema: z.ZodType<T>, what: string): T => {
    const b = contents.get(name);
    if (!b) throw new AppError('SUPPORT_BUNDLE_INVALID', { path: shown, message: `${name} is missing` });
    let raw: unknown;
    try {
      raw = parseJsonBounded(b.toString('utf8'));
    } catch (err) {
      throw new AppError('SUPPORT_BUNDLE_INVALID', { path: shown, message: displaySafe(`${name} is not valid JSON (${(err as Error).message.slice(0, 120)})`) });
    }
    const r = schema.safeParse(raw);
    if (!r.success) {
      const where = r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
        .join('; ');
      throw new AppError('SUPPORT_BUNDLE_INVALID', { path: shown, message: displaySafe(`${name} is not ${what} (${where.slice(0, 300)})`) });
    }
    return r.data;
  };
  const manifest = parsed('manifest.json', supportManifestSchema, `a ${SUPPORT_BUNDLE_SCHEMA} manifest`);
  const report = parsed('report.json', diagnoseReportSchema, 'a diagnose report');
  const warnings: string[] = [];
  const files: SupportBundleReport['files'] = [];
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const b = contents.get(f.path);
    if (!b) {
      warnings.push(`${f.path} is listed in the manifest but missing`);
      continue;
    }
    const ok = b.length === f.size && sha256(b) === f.sha256;
    if (!ok) warnings.push(`${f.path} was changed after the bundle was written`);
    files.push({ path: f.path, size: b.length, verified: ok });
  }
  for (const [name, b] of contents) {
    if (name === 'manifest.json' || listed.has(name)) continue;
    warnings.push(`${name} is not listed in the manifest`);
    files.push({ path: name, size: b.length, verified: false });
  }
  // everything shown (CLI and renderer alike) without terminal escapes or control characters
  // the text files themselves, for reading inside the viewer (bounded; nothing in them is run)
  const texts: Record<string, string> = {};
  for (const f of files) {
    const b = contents.get(f.path);
    if (b && b.length <= 256 * 1024 && !b.includes(0)) texts[f.path] = readableText(f.path, b.toString('utf8'));
  }
  return displaySafeDeep({ path: shown, manifest, report, markdown: contents.get('report.md')?.toString('utf8') ?? null, files, warnings, texts });
}

/** A file's text for the viewer: JSON (and JSON lines) re-written from its cleaned values, so no escaped control character survives. */
function readableText(path: string, text: string): string {
  const clean = (line: string) => {
    try {
      return JSON.stringify(displaySafeDeep(JSON.parse(line)), null, path.endsWith('.jsonl') ? undefined : 2);
    } catch {
      return line;
    }
  };
  if (path.endsWith('.json')) return clean(text);
  if (path.endsWith('.jsonl')) return text.split('\n').map((l) => (l.trim() ? clean(l) : l)).join('\n');
  return text;
}

const localText = z.object({ en: z.string(), zh: z.string() });
/** What the CLI and the renderer read of a received report.json, checked before anything is shown. */
const diagnoseReportSchema: z.ZodType<DiagnoseReport> = z.object({
  schema: z.literal('go-offline/diagnose@1'),
  createdAt: z.string(),
  toolVersion: z.string(),
  host: z.object({ platform: z.string(), os: z.string(), arch: z.string(), osVersion: z.string(), libc: z.string().nullable(), shell: z.string().nullable() }),
  goroot: z.string().nullable(),
  goVersion: z.string().nullable(),
  projects: z.array(z.string()),
  network: z.object({ probed: z.boolean(), reachable: z.boolean().nullable() }),
  results: z.array(
    z.object({
      id: z.string(),
      severity: z.enum(['error', 'warning', 'info']),
      title: localText,
      checks: localText,
      cause: localText,
      fix: localText,
      evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
      causedBy: z.string().optional(),
      source: z.object({ shell: z.string(), file: z.string(), line: z.number(), variable: z.string() }).optional(),
    }),
  ),
  // bundles written before root causes were reported have none
  rootCauses: z.array(z.string()).default([]),
  runs: z.array(z.object({ id: z.string(), status: z.enum(['fired', 'ok', 'skipped']), reason: z.string().optional() })),
  healthy: z.boolean(),
});

const supportManifestSchema: z.ZodType<SupportBundleManifest> = z.object({
  schema: z.literal(SUPPORT_BUNDLE_SCHEMA),
  createdAt: z.string(),
  toolVersion: z.string(),
  redactions: z.object({ envValues: z.number(), urlCredentials: z.number(), tokens: z.number(), userNames: z.number() }),
  userNamesRemoved: z.boolean(),
  files: z.array(z.object({ path: z.string(), size: z.number(), sha256: z.string() })),
});

/** The extension of support bundles (a gzip tar), registered by packaging for the app. */
export const SUPPORT_BUNDLE_EXT = '.gosupport';

/** A default file name for a new support bundle. */
export function defaultSupportBundleName(now = new Date()): string {
  return `go-offline-support-${now.toISOString().replace(/[:.]/g, '-').slice(0, 19)}${SUPPORT_BUNDLE_EXT}`;
}

/** Whether a file name looks like a support bundle (`.gosupport`, or `.tar.gz`/`.tgz` as written by older versions). */
export function isSupportBundleName(name: string): boolean {
  return /\.(gosupport|tar\.gz|tgz)$/i.test(name);
}

/**
 * The file a support bundle is written to: `out` itself, unless it is an existing folder or ends
 * with a path separator, in which case the default name inside it.
 */
export async function supportBundleTarget(out: string, now = new Date()): Promise<string> {
  const abs = resolve(out);
  const isDir = /[\\/]$/.test(out) || (await stat(abs).then((s) => s.isDirectory(), () => false));
  return isDir ? join(abs, defaultSupportBundleName(now)) : abs;
}


