/// <reference lib="dom" />
/**
 * Runs in the page served by the loopback bridge and defines `window.goOffline` with the same
 * surface as the Electron preload, over fetch and an event stream. The token comes from the URL
 * fragment (never sent to the server by the browser, never readable by other origins).
 */
import { buildRawApi } from '../../shared/ipc/api';
import { channelNames } from '../../shared/ipc/contract';
import type { Progress } from '../../shared/progress';
import type { Envelope } from '../../shared/ipc/define';

const hash = new URLSearchParams(location.hash.slice(1));
const token = hash.get('bridgeToken') ?? sessionStorage.getItem('bridgeToken') ?? '';
if (token) sessionStorage.setItem('bridgeToken', token);

const listeners = new Set<(p: Progress) => void>();
let source: EventSource | null = null;
function ensureEvents() {
  if (source) return;
  source = new EventSource(`/__bridge/events?token=${encodeURIComponent(token)}`);
  source.addEventListener('progress', (ev) => {
    const p = JSON.parse((ev as MessageEvent<string>).data) as Progress;
    for (const l of listeners) l(p);
  });
}

async function invoke(name: string, args: unknown): Promise<Envelope<unknown>> {
  const res = await fetch(`/__bridge/invoke/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-bridge-token': token },
    body: JSON.stringify(args ?? {}),
  });
  return (await res.json()) as Envelope<unknown>;
}

(window as unknown as { goOffline: unknown }).goOffline = Object.freeze(
  buildRawApi(
    channelNames,
    invoke,
    (listener) => {
      ensureEvents();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    'bridge',
  ),
);
