/**
 * Diagnose's one-click fix (see shared/diagnose-fixes.ts): a stale GOROOT line in a startup file
 * becomes a comment. The line must still be there and still set that value (else
 * `FIX_NO_LONGER_APPLIES`, nothing changed); the file is written atomically at its real path (a
 * link is edited at its target), byte-exact elsewhere, and the change goes into the audit log.
 */
import { AppError } from '../../../shared/errors';
import { FIX_COMMENT_PREFIX, type FixPlan } from '../../../shared/diagnose-fixes';
import { resolve, sep } from 'node:path';
import { homeDir, type Env } from '../paths';
import { detectEol } from '../environment/blocks';
import { readStartupFile, toUtf8, writeStartupFile } from '../environment/files';
import { appendAudit, auditLogPath } from '../install/state';
import { gorootAssignments } from './facts';

export async function applyFix(plan: FixPlan, opts: { env?: Env; platform?: NodeJS.Platform } = {}): Promise<{ file: string; line: number; before: string; after: string }> {
  const env = opts.env ?? process.env;
  // only the user's own startup files, never a file elsewhere named in a request
  const home = homeDir(env, opts.platform ?? process.platform);
  if (!resolve(plan.file).startsWith(resolve(home) + sep)) throw new AppError('BAD_USAGE', { message: `${plan.file} is not a startup file in your home folder` });
  const f = await readStartupFile(plan.file).catch(() => null);
  const text = f?.text ?? null;
  const hit = text === null ? undefined : gorootAssignments(toUtf8(text)).find((a) => a.line === plan.line && a.value === plan.value);
  if (!f || text === null || !hit) throw new AppError('FIX_NO_LONGER_APPLIES', { file: plan.file, line: String(plan.line) });
  const eol = detectEol(text);
  const lines = text.split(eol);
  const before = lines[plan.line - 1]!;
  lines[plan.line - 1] = FIX_COMMENT_PREFIX + before;
  await writeStartupFile(f, lines.join(eol));
  const after = FIX_COMMENT_PREFIX + before;
  await appendAudit(auditLogPath(env, 'user', opts.platform), { event: 'diagnose.fix', rule: plan.rule, path: plan.file, line: plan.line, before: toUtf8(before), after: toUtf8(after) });
  return { file: plan.file, line: plan.line, before: toUtf8(before), after: toUtf8(after) };
}
