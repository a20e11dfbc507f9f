/**
 * Change some settings without losing the others: `settings.set` takes a patch (absent fields stay
 * as they are). Changes are sent one at a time, in order.
 */
import type { Settings } from '../../../shared/settings';
import { call } from '../api';

let queue: Promise<unknown> = Promise.resolve();

export function patchSettings(patch: Partial<Settings>): Promise<Settings> {
  const run = queue.then(() => call('settings.set', { patch }));
  queue = run.catch(() => undefined);
  return run;
}
