/**
 * An update of a bundle in place (`bundle update`, update.ts) works in a folder inside the bundle,
 * `.go-offline-update/`, and writes its plan there before it moves anything out of it. Every reader
 * of a bundle folder (readManifest, so verify, install and the relay) looks for that plan:
 *  - no plan (or no folder): the bundle is what its manifest says; the folder's files are leftovers;
 *  - a plan, and manifest.json is still the old one: the old bundle, with the files the update
 *    already moved into place reported as leftovers (never counted as bundle files);
 *  - a plan, and manifest.json is anything else (the new one: the update was cut after its commit
 *    point): a clear refusal, BUNDLE_UPDATE_UNFINISHED, until the next `bundle update` finishes it.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { parseJsonBounded } from '../json';
import type { BundleSource } from './source';

export const UPDATE_DIR = '.go-offline-update';
export const PLAN_NAME = 'plan.json';
export const PLAN_PATH = `${UPDATE_DIR}/${PLAN_NAME}`;
/** staged files live under this folder of UPDATE_DIR, at their bundle paths */
export const STAGED_FILES = 'files';

export const updatePlan = z.object({
  schema: z.literal('go-offline/bundle-update@1'),
  startedAt: z.string(),
  oldManifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  newManifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** paths the old bundle does not have: moved into place before the commit */
  added: z.array(z.string()),
  /** paths both have, with other bytes: moved over the old ones after the commit */
  changed: z.array(z.string()),
  /** paths only the old bundle has: deleted after the commit */
  removed: z.array(z.string()),
  /** the new bundle carries manifest.json.asc */
  signed: z.boolean(),
});
export type UpdatePlan = z.infer<typeof updatePlan>;

/** The plan of an update in progress (or cut), or null when there is none. */
export async function readUpdatePlan(source: BundleSource): Promise<UpdatePlan | null> {
  if (source.kind !== 'dir') return null;
  const buf = await source.readSmall(PLAN_PATH, 32 * 1024 * 1024);
  if (!buf) return null;
  let parsed: UpdatePlan | null = null;
  try {
    parsed = updatePlan.parse(parseJsonBounded(buf.toString('utf8')));
  } catch {
    parsed = null;
  }
  // written atomically, so a plan that does not parse was changed by someone else
  if (!parsed) throw new AppError('BUNDLE_UPDATE_UNFINISHED', { source: source.location }, `${PLAN_PATH} is not a plan this version can read`);
  return parsed;
}

/** Is this bundle path part of an update's working folder? */
export const inUpdateDir = (path: string) => path === UPDATE_DIR || path.startsWith(UPDATE_DIR + '/');
