/**
 * Full verification of a bundle folder or relay URL: the description (manifest vs sums), then
 * every file's presence, size and SHA-256, and (for folders) files that should not be there; then
 * the preparer's signature, judged only when every file matched (otherwise "not judged").
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { MANIFEST_NAME, SUMS_NAME, type BundleProblem, type BundleVerifyReport } from '../../../shared/bundle';
import { SpeedMeter, throwIfCancelled, type JobContext } from '../jobs';
import { problemParams, readManifest } from './manifest';
import type { BundleSource, SourceOptions } from './source';
import { inUpdateDir } from './unfinished';
import { refusalFor, signatureNotJudged, verifyBundleSignature, type VerifySignatureOptions } from '../signing';

/** Litter that operating systems put on removable media; tolerated anywhere in a bundle folder. */
const OS_LITTER = /(^|\/)(System Volume Information|\$RECYCLE\.BIN|\.Trashes|\.Spotlight-V100|\.fseventsd|\.TemporaryItems)(\/|$)|(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|\._[^/]*)$/i;

/** Check everything and return the report (problems listed, never thrown). */
export async function checkBundle(from: string | BundleSource, opts: { job: JobContext; source?: SourceOptions } & VerifySignatureOptions): Promise<BundleVerifyReport> {
  const started = Date.now();
  const { job } = opts;
  const read = await readManifest(from, opts.source);
  const { source, manifest, expected } = read;
  const problems: BundleProblem[] = [];
  const ignored: string[] = [];
  // what an update that was cut (or is running) left: its working folder, and the new files it had
  // already moved into place before its commit point; never counted as bundle files
  const leftovers: string[] = [];
  const movedEarly = new Set(read.unfinishedUpdate?.added ?? []);
  const total = [...expected.values()].reduce((a, e) => a + Math.max(0, e.size), 0);
  const meter = new SpeedMeter();
  let overall = 0;
  let checkedFiles = 0;

  const listing = await source.list();
  if (listing) {
    for (const f of [...listing.files, ...listing.notFiles]) {
      if (f === SUMS_NAME || expected.has(f)) continue;
      if (OS_LITTER.test(f)) ignored.push(f);
      else if (inUpdateDir(f) || movedEarly.has(f)) leftovers.push(f);
      else problems.push({ path: f, problem: 'extra' });
    }
    for (const f of listing.notFiles) if (expected.has(f)) problems.push({ path: f, problem: 'not-a-file' });
  }

  for (const [path, exp] of [...expected.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    throwIfCancelled(job.signal);
    if (path === MANIFEST_NAME) {
      checkedFiles++;
      overall += exp.size; // already read, hashed and matched by readManifest
      continue;
    }
    if (listing && listing.notFiles.includes(path)) continue;
    const size = source.kind === 'dir' ? await source.size(path) : undefined;
    if (size === null) {
      problems.push({ path, problem: 'missing' });
      overall += exp.size;
      continue;
    }
    if (size === -1) {
      problems.push({ path, problem: 'not-a-file' }); // something else, or reached through a link
      overall += exp.size;
      continue;
    }
    if (size !== undefined && size !== exp.size) {
      problems.push({ path, problem: 'size', expected: String(exp.size), actual: String(size) });
      overall += exp.size;
      continue;
    }
    const chunks = await source.stream(path, job.signal, exp.size); // a relay is read no further than the listed size
    if (!chunks) {
      problems.push({ path, problem: 'missing' });
      overall += exp.size;
      continue;
    }
    const hash = createHash('sha256');
    let n = 0;
    for await (const c of chunks) {
      throwIfCancelled(job.signal);
      hash.update(c);
      n += c.length;
      overall += c.length;
      meter.sample(overall);
      job.progress({ phase: 'verify', file: path, done: n, total: exp.size, overallDone: overall, overallTotal: total, unit: 'bytes', speed: meter.speed(), etaSeconds: meter.eta(overall, total) });
    }
    checkedFiles++;
    const sha = hash.digest('hex');
    if (n !== exp.size) problems.push({ path, problem: 'size', expected: String(exp.size), actual: n > exp.size ? `more than ${exp.size}` : String(n) });
    else if (sha !== exp.sha256) problems.push({ path, problem: 'hash', expected: exp.sha256, actual: sha });
  }
  job.progress({ phase: 'verify', done: total, total, overallDone: total, overallTotal: total, unit: 'bytes', speed: meter.speed(), etaSeconds: 0 }, true);
  // the signature is judged only over files that match the manifest it signs
  const signature = problems.length ? await signatureNotJudged(opts) : await verifyBundleSignature(read, opts);
  return {
    ok: problems.length === 0,
    source: source.location,
    sourceKind: source.kind,
    manifest,
    checkedFiles,
    checkedBytes: overall,
    extraFilesChecked: !!listing,
    ignored,
    leftovers,
    problems,
    signature,
    seconds: (Date.now() - started) / 1000,
  };
}

/** The AppError for a report with problems (BUNDLE_TAMPERED naming each file). */
export function tamperedError(report: BundleVerifyReport): AppError {
  return new AppError('BUNDLE_TAMPERED', { count: report.problems.length, ...problemParams(report.problems) }, JSON.stringify(report.problems, null, 2));
}

/**
 * Verify a bundle folder or relay URL. Resolves with the report when every file matches; throws an
 * AppError naming each bad file otherwise (BUNDLE_TAMPERED, BUNDLE_MANIFEST_MISMATCH, ...).
 */
export async function verifyBundle(source: string | BundleSource, opts: { job: JobContext; source?: SourceOptions } & VerifySignatureOptions): Promise<BundleVerifyReport> {
  const report = await checkBundle(source, opts);
  if (!report.ok) throw tamperedError(report);
  const refusal = refusalFor(report.signature, report.source, opts.env);
  if (refusal) throw refusal;
  return report;
}
