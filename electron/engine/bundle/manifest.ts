/**
 * Reading a bundle's description: `manifest.json` checked against `SHA256SUMS`, and the two
 * cross-checked so that a manifest that does not match its sums is caught before any file is used.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import {
  BUNDLE_SCHEMA,
  BUNDLE_SCHEMA_VERSION,
  MANIFEST_NAME,
  SUMS_NAME,
  bundleManifest,
  diskEntries,
  type BundleManifest,
  type BundleProblem,
} from '../../../shared/bundle';
import { parseJsonBounded } from '../json';
import { describeProblems, problemParams } from '../../../shared/bundle-problems';
import { SIGNATURE_NAME } from '../../../shared/signing';
import { openBundleSource, type BundleSource, type SourceOptions } from './source';
import { parseSums } from './sums';
import { readUpdatePlan, type UpdatePlan } from './unfinished';

export interface ManifestRead {
  source: BundleSource;
  manifest: BundleManifest;
  /** SHA256SUMS as parsed: path -> sha256 */
  sums: Map<string, string>;
  manifestSha256: string;
  /** every file expected on disk (parts separately) with its size and hash, manifest.json included */
  expected: Map<string, { size: number; sha256: string }>;
  /** manifest.json's exact bytes (what the signature covers) */
  manifestBytes: Buffer;
  /** manifest.json.asc when SHA256SUMS lists it (its hash checked), else null: unsigned */
  signature: string | null;
  /** an update of this folder that was cut before its commit point (the old bundle stands): its plan */
  unfinishedUpdate: UpdatePlan | null;
}

/**
 * The most manifest.json and SHA256SUMS may hold: reads stop there (a bundle of 20,000 module
 * files has a manifest of about 5 MB and sums of about 2 MB), and the JSON's nesting is bounded
 * before it is parsed.
 */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
export const MAX_SUMS_BYTES = 16 * 1024 * 1024;

/** Parse and validate manifest JSON text (schema, version). */
export function parseManifest(text: string, sourceName: string): BundleManifest {
  let raw: unknown;
  try {
    raw = parseJsonBounded(text);
  } catch (err) {
    throw new AppError('BUNDLE_MANIFEST_INVALID', { source: sourceName, message: (err as Error).message });
  }
  const r = raw as { schema?: unknown; schemaVersion?: unknown };
  if (r && typeof r === 'object' && r.schema === BUNDLE_SCHEMA && typeof r.schemaVersion === 'number' && r.schemaVersion > BUNDLE_SCHEMA_VERSION) {
    throw new AppError('BUNDLE_TOO_NEW', { found: r.schemaVersion, supported: BUNDLE_SCHEMA_VERSION });
  }
  const parsed = bundleManifest.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('BUNDLE_MANIFEST_INVALID', {
      source: sourceName,
      message: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  }
  return parsed.data;
}

/** The problems between a manifest and its SHA256SUMS (empty when they agree). */
export function crossCheck(manifest: BundleManifest, sums: Map<string, string>, manifestSha256: string): {
  problems: BundleProblem[];
  expected: Map<string, { size: number; sha256: string }>;
} {
  const problems: BundleProblem[] = [];
  const expected = new Map<string, { size: number; sha256: string }>();
  const listed = sums.get(MANIFEST_NAME);
  if (listed === undefined) problems.push({ path: MANIFEST_NAME, problem: 'unlisted-in-sums' });
  else if (listed !== manifestSha256) problems.push({ path: MANIFEST_NAME, problem: 'sums-differ', expected: listed, actual: manifestSha256 });
  for (const f of manifest.files) {
    if (f.parts && f.parts.length > 0) {
      const total = f.parts.reduce((a, p) => a + p.size, 0);
      if (total !== f.size) problems.push({ path: f.path, problem: 'sums-differ', expected: `${f.size} bytes`, actual: `parts add up to ${total}` });
    }
    for (const e of diskEntries(f)) {
      if (e.path === MANIFEST_NAME || e.path === SUMS_NAME || expected.has(e.path)) {
        problems.push({ path: e.path, problem: 'sums-differ', actual: 'listed twice or reserved name' });
        continue;
      }
      expected.set(e.path, { size: e.size, sha256: e.sha256 });
      const s = sums.get(e.path);
      if (s === undefined) problems.push({ path: e.path, problem: 'unlisted-in-sums' });
      else if (s !== e.sha256) problems.push({ path: e.path, problem: 'sums-differ', expected: e.sha256, actual: s });
    }
  }
  for (const p of sums.keys()) {
    // the signature of manifest.json cannot be listed in it: SHA256SUMS alone lists it
    if (p !== MANIFEST_NAME && p !== SIGNATURE_NAME && !expected.has(p)) problems.push({ path: p, problem: 'unlisted-in-manifest' });
  }
  expected.set(MANIFEST_NAME, { size: -1, sha256: listed ?? manifestSha256 });
  return { problems, expected };
}

export { describeProblems, problemParams };

/**
 * Read and check a bundle's description from a folder or relay URL (or an open source).
 * Throws BUNDLE_NOT_FOUND, BUNDLE_SUMS_INVALID, BUNDLE_MANIFEST_INVALID, BUNDLE_TOO_NEW or
 * BUNDLE_MANIFEST_MISMATCH (naming each disagreeing file). File contents are not hashed here:
 * `verifyBundle` does that.
 */
export async function readManifest(from: string | BundleSource, opts: SourceOptions = {}): Promise<ManifestRead> {
  const source = typeof from === 'string' ? await openBundleSource(from, opts) : from;
  const sumsBuf = await source.readSmall(SUMS_NAME, MAX_SUMS_BYTES);
  if (!sumsBuf) throw new AppError('BUNDLE_NOT_FOUND', { source: source.location, missing: SUMS_NAME });
  const manifestBuf = await source.readSmall(MANIFEST_NAME, MAX_MANIFEST_BYTES);
  if (!manifestBuf) throw new AppError('BUNDLE_NOT_FOUND', { source: source.location, missing: MANIFEST_NAME });
  const sums = parseSums(sumsBuf.toString('utf8'), source.location);
  const manifestSha256 = createHash('sha256').update(manifestBuf).digest('hex');
  // an update cut after it wrote the new manifest.json: say so, before any file disagrees
  const unfinishedUpdate = await readUpdatePlan(source);
  if (unfinishedUpdate && unfinishedUpdate.oldManifestSha256 !== manifestSha256) {
    // neither the update's old nor its new manifest: no update of ours left that (bundle update refuses it too)
    if (unfinishedUpdate.newManifestSha256 !== manifestSha256) {
      throw new AppError('BUNDLE_UPDATE_FOREIGN', { source: source.location, what: 'its plan is for another manifest.json (neither the one the update started from nor the one it wrote)', whatZh: '其计划对应的是另一个 manifest.json（既不是更新开始时的，也不是更新写入的）' });
    }
    throw new AppError('BUNDLE_UPDATE_UNFINISHED', { source: source.location });
  }
  const listed = sums.get(MANIFEST_NAME);
  if (listed !== undefined && listed !== manifestSha256) {
    // check this before parsing: an edited manifest must be reported as such, not as "invalid"
    throw new AppError('BUNDLE_MANIFEST_MISMATCH', { files: `${MANIFEST_NAME} (its checksum is not the one in ${SUMS_NAME})` });
  }
  const manifest = parseManifest(manifestBuf.toString('utf8'), source.location);
  const { problems, expected } = crossCheck(manifest, sums, manifestSha256);
  if (problems.length > 0) {
    throw new AppError('BUNDLE_MANIFEST_MISMATCH', problemParams(problems), JSON.stringify(problems, null, 2));
  }
  expected.set(MANIFEST_NAME, { size: manifestBuf.length, sha256: manifestSha256 });
  let signature: string | null = null;
  const sigListed = sums.get(SIGNATURE_NAME);
  if (sigListed !== undefined) {
    const sigBuf = await source.readSmall(SIGNATURE_NAME, 1024 * 1024);
    if (!sigBuf) throw new AppError('BUNDLE_TAMPERED', { count: 1, ...problemParams([{ path: SIGNATURE_NAME, problem: 'missing' }]) });
    const sigSha = createHash('sha256').update(sigBuf).digest('hex');
    if (sigSha !== sigListed) throw new AppError('BUNDLE_TAMPERED', { count: 1, ...problemParams([{ path: SIGNATURE_NAME, problem: 'hash' }]) });
    expected.set(SIGNATURE_NAME, { size: sigBuf.length, sha256: sigSha });
    signature = sigBuf.toString('utf8');
  }
  return { source, manifest, sums, manifestSha256, expected, manifestBytes: manifestBuf, signature, unfinishedUpdate };
}
