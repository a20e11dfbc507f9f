/**
 * The renderer's typed door to main: wraps `window.goOffline` (preload or loopback bridge),
 * unwraps envelopes and throws UiError with the typed error data on failure.
 */
import type { RawApi } from '../../shared/ipc/api';
import type { ChannelName, ArgsOf, ResultOf } from '../../shared/ipc/contract';
import type { AppErrorData } from '../../shared/errors';
import type { Progress } from '../../shared/progress';

declare global {
  interface Window {
    goOffline?: RawApi;
  }
}

export class UiError extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.title.en);
    this.name = 'UiError';
  }
}

function raw(): RawApi {
  const a = window.goOffline;
  if (!a) throw new Error('The installer API is not available in this page.');
  return a;
}

type RawFn = (a: unknown) => Promise<{ ok: boolean; value?: unknown; error?: AppErrorData }>;

function rawFn(name: string): RawFn | undefined {
  const [area, method] = name.split('.') as [string, string];
  const group = (window.goOffline as unknown as Record<string, Record<string, RawFn> | undefined> | undefined)?.[area];
  const fn = group?.[method];
  return typeof fn === 'function' ? fn : undefined;
}

export async function call<C extends ChannelName>(name: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  raw();
  const fn = rawFn(name);
  if (!fn) throw new UiError(missingChannelError(name));
  const env = await fn(args);
  if (env.ok) return env.value as ResultOf<C>;
  throw new UiError(env.error!);
}

/** Whether main serves this channel (engines land one area at a time). */
export function hasChannel(name: string): boolean {
  return !!rawFn(name);
}

/**
 * Call a channel by name when its declaration may not be in the contract yet (a step whose engine
 * is still being built). The caller states the result type it expects; a missing channel throws a
 * UiError that says so (never a faked result).
 */
export async function callChannel<R>(name: string, args: Record<string, unknown>): Promise<R> {
  const fn = rawFn(name);
  if (!fn) throw new UiError(missingChannelError(name));
  const env = await fn(args);
  if (env.ok) return env.value as R;
  throw new UiError(env.error!);
}

export function missingChannelError(name: string): AppErrorData {
  return {
    code: 'INTERNAL',
    exit: 1,
    title: { en: 'This step is not available in this build', zh: '此版本暂不支持这一步' },
    cause: { en: `The application does not provide "${name}" yet.`, zh: `应用程序尚未提供“${name}”功能。` },
    fix: { en: 'Use the command-line tool go-offline for this step, or update the application.', zh: '请使用命令行工具 go-offline 完成这一步，或更新应用程序。' },
    detail: `missing IPC channel: ${name}`,
  };
}

export function onProgress(listener: (p: Progress) => void): () => void {
  return raw().onProgress(listener);
}

export function transport(): 'electron' | 'bridge' | 'none' {
  return window.goOffline?.transport ?? 'none';
}

/** Turn anything thrown into the error data the ErrorPanel shows. */
export function errorData(e: unknown): AppErrorData {
  if (e instanceof UiError) return e.data;
  const message = e instanceof Error ? e.message : String(e);
  return {
    code: 'INTERNAL',
    exit: 1,
    title: { en: 'Something went wrong', zh: '出现问题' },
    cause: { en: message, zh: message },
    fix: { en: 'Try again. If it happens again, save a support bundle.', zh: '请重试。如果再次出现，请保存支持包。' },
    detail: e instanceof Error ? e.stack : undefined,
  };
}

export function newJobId(): string {
  return crypto.randomUUID();
}
