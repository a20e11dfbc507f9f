/**
 * Builds the object the renderer sees as `window.goOffline` from the contract's channel names:
 * one named function per channel (`api.env.check(args)`) and a progress subscription. Used by the
 * Electron preload (over ipcRenderer.invoke) and by the loopback bridge's client (over fetch), so
 * both transports expose exactly the same surface.
 */
import type { Envelope } from './define';
import type { ChannelName, ArgsOf, ResultOf } from './contract';
import type { Progress } from '../progress';

type Split<S extends string> = S extends `${infer A}.${infer M}` ? [A, M] : never;

/** What the transport exposes: each function resolves to an envelope (never rejects for app errors). */
export type RawApi = {
  [A in Split<ChannelName>[0]]: {
    [C in ChannelName as Split<C>[0] extends A ? Split<C>[1] : never]: (args: ArgsOf<C>) => Promise<Envelope<ResultOf<C>>>;
  };
} & {
  /** Subscribe to job progress events; returns the unsubscribe function. */
  onProgress(listener: (p: Progress) => void): () => void;
  /** Which transport this is ("electron" or "bridge"): the UI hides what only Electron can do. */
  transport: 'electron' | 'bridge';
};

export function buildRawApi(
  names: readonly string[],
  invoke: (name: string, args: unknown) => Promise<Envelope<unknown>>,
  onProgress: (listener: (p: Progress) => void) => () => void,
  transport: 'electron' | 'bridge',
): RawApi {
  const api: Record<string, unknown> = { onProgress, transport };
  for (const name of names) {
    const [area, method] = name.split('.') as [string, string];
    const group = (api[area] ??= {}) as Record<string, unknown>;
    group[method] = (args: unknown) => invoke(name, args ?? {});
  }
  return api as unknown as RawApi;
}
