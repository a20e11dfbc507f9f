/**
 * "Export" in the support-bundle viewer: the report of a received support bundle written to a file
 * the support person chose (the same text "Copy report" copies: the bundle's report.md, or the
 * report rendered again when the bundle has none). Written atomically; an existing file is
 * replaced only when the caller says so (after asking), and never a folder or a link.
 */
import { lstat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { writeFileAtomic } from '../atomic';
import { reportToMarkdown } from './markdown';
import { readSupportBundle } from './support-bundle';

export interface ExportReportOptions {
  /** the received support bundle (.gosupport) */
  bundle: string;
  /** where the report goes */
  out: string;
  /** replace an existing file (the person was asked) */
  replace?: boolean;
}

export async function exportSupportReport(opts: ExportReportOptions): Promise<{ path: string; bytes: number }> {
  if (!isAbsolute(opts.out)) throw new AppError('BAD_USAGE', { message: `the report's destination must be a full path, not "${opts.out}"` });
  const out = resolve(opts.out);
  const opened = await readSupportBundle(opts.bundle);
  const text = opened.markdown ?? reportToMarkdown(opened.report);
  const st = await lstat(out).catch(() => null);
  if (st && !st.isFile()) throw new AppError('REPORT_DEST_NOT_FILE', { path: out });
  if (st && !opts.replace) throw new AppError('REPORT_EXISTS', { path: out });
  await writeFileAtomic(out, text);
  return { path: out, bytes: Buffer.byteLength(text) };
}
