import { z } from 'zod';
import { channel } from './define';
import type { DiagnoseReport, ExplainResult, SupportBundleManifest, SupportBundleReport, RuleSeverity } from '../diagnose';
import type { LocalText } from '../text';

const path = z.string().min(1).max(4096);

/** IPC channels of the diagnose area. */
export const diagnoseChannels = {
  /**
   * Run every rule on this machine. A job: progress per rule (phase "diagnose", unit items).
   * `prefix` is the folder holding go/ (as for install); projects are checked against the installed Go.
   */
  'diagnose.run': channel<DiagnoseReport>()(
    z
      .object({
        jobId: z.string().uuid(),
        projects: z.array(path).max(20).default([]),
        prefix: path.optional(),
        probeNetwork: z.boolean().default(true),
      })
      .strict(),
    { job: true },
  ),
  /** The rules the app knows (ids, severity, what each checks), for the "what is checked" list. */
  'diagnose.rules': channel<Array<{ id: string; severity: RuleSeverity; title: LocalText; checks: LocalText }>>()(z.object({}).strict()),
  /**
   * "Paste an error message": the known signatures it matches, best first, each matched rule run on
   * this machine to confirm it (as `go-offline diagnose --explain` does); for a text nothing
   * matches, what could be read from it.
   */
  'diagnose.explain': channel<ExplainResult>()(z.object({ text: z.string().max(200_000), probeNetwork: z.boolean().default(true) }).strict()),
  /**
   * Save a support bundle (a gzip tar, `.gosupport`) at the path the user chose (a folder gets
   * `go-offline-support-<date>.gosupport`): the last diagnose report of this
   * session (or a fresh run), environment report, audit log, verification results, app logs and
   * the installed manifest, with secrets removed. A job (phase "support-bundle").
   */
  'diagnose.saveSupportBundle': channel<{ path: string; manifest: SupportBundleManifest }>()(
    z
      .object({
        jobId: z.string().uuid(),
        path,
        removeUserNames: z.boolean().default(false),
        projects: z.array(path).max(20).default([]),
        prefix: path.optional(),
      })
      .strict(),
    { job: true },
  ),
  /**
   * A one-click fix for a finding (shared/diagnose-fixes.ts): today a stale GOROOT line in a
   * startup file is turned into a comment. The engine checks the line is still what was found.
   */
  'diagnose.fix': channel<{ file: string; line: number; before: string; after: string }>()(
    z.object({ rule: z.literal('stale-goroot'), file: path.refine((p) => p.startsWith('/'), { message: 'a full path' }), line: z.number().int().min(1).max(1_000_000), value: z.string().min(1).max(4096) }).strict(),
  ),
  /** Support staff: open a received support bundle and show its report. Nothing in it is run. */
  'diagnose.openSupportBundle': channel<SupportBundleReport>()(z.object({ path }).strict()),
  /**
   * Support staff: write a received bundle's report (its report.md, what "Copy report" copies) to a
   * file, atomically. `out` is a full path (from the save dialog or typed); an existing file is
   * refused (`REPORT_EXISTS`) unless `replace` (the person said "Replace it").
   */
  'diagnose.exportReport': channel<{ path: string; bytes: number }>()(
    z
      .object({
        bundle: path,
        out: path.refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), { message: 'a full path' }),
        replace: z.boolean().default(false),
      })
      .strict(),
  ),
};
