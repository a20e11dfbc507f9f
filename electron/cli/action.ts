import { createJob, type JobContext } from '../engine/jobs';
import { toAppError, type AppError } from '../../shared/errors';
import { printError, startProgress, type CliIO } from './io';

export interface CommonOpts {
  json?: boolean;
}

/**
 * Wrap a command body: gives it a JobContext whose progress goes to stderr and which Ctrl-C
 * cancels; turns its result into an exit status (the body returns 0 or 1) and any error into the
 * catalog's exit status (1 or 2) with the error printed on stderr.
 */
export async function runAction(
  io: CliIO,
  opts: CommonOpts,
  body: (job: JobContext) => Promise<0 | 1 | void>,
  /** lines said after an error (not with --json), e.g. what a failure means for the signature */
  afterError?: (err: AppError) => Promise<string[]>,
): Promise<void> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = startProgress(io);
  const job = createJob({ signal: controller.signal, onProgress: progress.onProgress });
  try {
    const code = await body(job);
    progress.end('done');
    process.exitCode = code ?? 0;
  } catch (err) {
    progress.end(toAppError(err).code === 'CANCELLED' ? 'cancelled' : 'failed');
    process.exitCode = printError(io, err, !!opts.json);
    if (afterError && !opts.json) for (const l of await afterError(toAppError(err)).catch(() => [])) io.stderr.write(`  ${l}\n`);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
