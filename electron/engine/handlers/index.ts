/**
 * The one dispatcher behind both transports (Electron IPC in main, the loopback bridge in tests
 * and the browser preview): validate the argument against the contract, run the area's handler,
 * and return an envelope carrying either the value or a typed error. Transports add their own
 * sender checks before calling it.
 */
import { contract, type ChannelName } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/define';
import { AppError, toAppError } from '../../../shared/errors';
import type { Progress } from '../../../shared/progress';
import type { Env } from '../paths';
import { JobRegistry } from './jobs-registry';
import type { HandlerContext } from './types';
import { platformHandlers } from './platform';
import { releasesHandlers } from './releases';
import { downloadHandlers } from './download';
import { bundleHandlers } from './bundle';
import { installHandlers } from './install';
import { environmentHandlers } from './environment';
import { verifyHandlers } from './verify';
import { modulesHandlers } from './modules';
import { diagnoseHandlers } from './diagnose';
import { settingsHandlers } from './settings';
import { keysHandlers } from './keys';
import { createJob } from '../jobs';
import { appendLog } from '../logs';

export type AnyHandler = (args: unknown, ctx: HandlerContext) => Promise<unknown>;

export interface DispatcherOptions {
  env?: Env;
  platform?: NodeJS.Platform;
  packaged?: boolean;
  /** process.resourcesPath when packaged (only main knows it); passed to handlers as ctx.resourcesPath */
  resourcesPath?: string;
  /** Where progress events go (to the window, or the bridge's event stream). */
  emit: (p: Progress) => void;
  /** Write one app-log line per call (channel, outcome, duration; never the arguments). Default true. */
  log?: boolean;
  /** Channels served by the transport itself (native dialogs in Electron main; fallbacks in the bridge). */
  extraHandlers?: Record<string, AnyHandler>;
}


export function createDispatcher(opts: DispatcherOptions) {
  const jobs = new JobRegistry();
  const handlers: Record<string, AnyHandler> = {
    'jobs.cancel': async (args) => jobs.cancel((args as { jobId: string }).jobId),
    ...(platformHandlers as Record<string, AnyHandler>),
    ...(releasesHandlers as Record<string, AnyHandler>),
    ...(downloadHandlers as Record<string, AnyHandler>),
    ...(bundleHandlers as Record<string, AnyHandler>),
    ...(installHandlers as Record<string, AnyHandler>),
    ...(environmentHandlers as Record<string, AnyHandler>),
    ...(verifyHandlers as Record<string, AnyHandler>),
    ...(modulesHandlers as Record<string, AnyHandler>),
    ...(diagnoseHandlers as Record<string, AnyHandler>),
    ...(settingsHandlers as Record<string, AnyHandler>),
    ...(keysHandlers as Record<string, AnyHandler>),
    ...(opts.extraHandlers ?? {}),
  };

  async function dispatch(name: string, rawArgs: unknown): Promise<Envelope<unknown>> {
    try {
      if (!Object.prototype.hasOwnProperty.call(contract, name)) {
        throw new AppError('INVALID_REQUEST', { message: `unknown channel ${JSON.stringify(name).slice(0, 80)}` });
      }
      const spec = contract[name as ChannelName];
      const handler = handlers[name];
      if (!handler) throw new AppError('INVALID_REQUEST', { message: `channel ${name} has no handler` });
      const parsed = spec.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        throw new AppError('INVALID_REQUEST', { message: `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` });
      }
      const args = parsed.data as { jobId?: string };
      let done = () => {};
      const ctxBase = { env: opts.env ?? process.env, platform: opts.platform ?? process.platform, packaged: !!opts.packaged, resourcesPath: opts.resourcesPath, emit: opts.emit };
      let ctx: HandlerContext;
      if (spec.job && typeof args.jobId === 'string') {
        const started = jobs.start(args.jobId, opts.emit);
        done = started.done;
        ctx = { ...ctxBase, job: started.job };
      } else {
        ctx = { ...ctxBase, job: createJob() };
      }
      const started = Date.now();
      try {
        const value = await handler(args, ctx);
        if (opts.log !== false && spec.job) void appendLog(ctx.env, 'job.done', { channel: name, jobId: args.jobId, ms: Date.now() - started });
        return { ok: true, value };
      } finally {
        done();
      }
    } catch (err) {
      const e = toAppError(err);
      if (opts.log !== false) {
        const jobId = (rawArgs as { jobId?: unknown } | null)?.jobId;
        void appendLog(opts.env ?? process.env, 'call.failed', { channel: name.slice(0, 80), jobId: typeof jobId === 'string' ? jobId.slice(0, 64) : undefined, code: e.code, detail: e.detail?.slice(0, 4000) });
      }
      return { ok: false, error: e.toData() };
    }
  }

  return { dispatch, cancelAll: () => jobs.cancelAll() };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
