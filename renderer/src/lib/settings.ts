/**
 * Change some settings without losing the others. `settings.set`'s patch schema fills every
 * missing field with its default (zod applies defaults inside partial()), so a bare patch would
 * reset the mirrors when only the language changes: we always send the whole object, merged with
 * the current file, one change at a time.
 */
import type { Settings } from '../../../shared/settings';
import { call } from '../api';

let queue: Promise<unknown> = Promise.resolve();

export function patchSettings(patch: Partial<Settings>): Promise<Settings> {
  const run = queue.then(async () => {
    const current = await call('settings.get', {});
    return call('settings.set', { patch: { ...current, ...patch } });
  });
  queue = run.catch(() => undefined);
  return run;
}
