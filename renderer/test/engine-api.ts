/**
 * Wires `window.goOffline` to the real engine in-process (the same dispatcher the Electron main
 * process and the loopback bridge use), so component tests exercise real engine results.
 */
import { buildRawApi } from '../../shared/ipc/api';
import { channelNames } from '../../shared/ipc/contract';
import { createDispatcher } from '../../electron/engine/handlers';
import type { Progress } from '../../shared/progress';
import type { Env } from '../../electron/engine/paths';
import { afterAll } from 'vitest';
import { logsWritten } from '../../electron/engine/logs';

// calls a screen started may still run when its test ends (an environment check, a diagnose): the
// file's last hook waits for them, so their temp folders are removed before the worker goes away
const inFlight = new Set<Promise<unknown>>();
afterAll(async () => {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
  await logsWritten();
});

/** `openedFiles`: what the OS would hand the app to open (file association), taken one at a time. */
export function installEngineApi(env: Env, openedFiles: string[] = []) {
  const listeners = new Set<(p: Progress) => void>();
  const dispatcher = createDispatcher({
    env,
    emit: (p) => listeners.forEach((l) => l(p)),
    extraHandlers: {
      'system.chooseFile': async () => ({ path: null, supported: false }),
      'system.chooseFolder': async () => ({ path: null, supported: false }),
      'system.takeOpenedFile': async () => ({ path: openedFiles.shift() ?? null }),
    },
  });
  window.goOffline = buildRawApi(
    channelNames,
    (name, args) => {
      const p = dispatcher.dispatch(name, args);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      return p;
    },
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    'bridge',
  );
  return dispatcher;
}
