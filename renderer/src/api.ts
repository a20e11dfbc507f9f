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

export async function call<C extends ChannelName>(name: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const [area, method] = name.split('.') as [string, string];
  const fn = (raw() as unknown as Record<string, Record<string, (a: unknown) => Promise<{ ok: boolean; value?: unknown; error?: AppErrorData }>>>)[area]?.[method];
  if (!fn) throw new Error(`Channel ${name} is not exposed`);
  const env = await fn(args);
  if (env.ok) return env.value as ResultOf<C>;
  throw new UiError(env.error!);
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
