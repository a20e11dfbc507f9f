import { z } from 'zod';
import { channel } from './define';
import type { Release, ReleaseFile, ReleaseGroup } from '../releases';
import type { Finding } from '../platform';

const platform = z.string().regex(/^[a-z0-9]+-[a-z0-9]+$/).max(40);
const mirror = z.string().url().max(2048);

/** What `releases.list` answers: the catalog's origin and age, and the releases grouped by minor line. */
export interface ReleaseList {
  source: string;
  fetchedAt: string;
  fromCache: boolean;
  ageSeconds: number;
  /** newest stable version, e.g. "go1.22.5" */
  latest: string | null;
  groups: ReleaseGroup[];
}

export interface ReleaseCheck {
  /** target-profile and project findings (fail = refuse, warn = show, pass/info = fine) */
  findings: Finding[];
  /** the archives that would be downloaded (empty when a platform is missing) */
  files: ReleaseFile[];
  /** platforms of the loaded target profiles, to preselect */
  preselect: string[];
  /** true when no finding fails and every platform has an archive */
  ok: boolean;
}

/** IPC channels of the releases area (step 2, "Choose version"). */
export const releasesChannels = {
  /** Load the listing from the settings' sources (or the given mirrors) and group it for display. */
  'releases.list': channel<ReleaseList>()(
    z
      .object({
        mirrors: z.array(mirror).max(20).optional(),
        listingFile: z.string().min(1).max(4096).nullable().optional(),
        offline: z.boolean().default(false),
        unstable: z.boolean().default(false),
        archived: z.boolean().default(false),
        /** only releases that have all of these platforms */
        platforms: z.array(platform).max(40).optional(),
      })
      .strict(),
  ),
  /** One release with all its files, from the last loaded catalog (or the cache). */
  'releases.get': channel<Release>()(z.object({ version: z.string().min(1).max(40) }).strict()),
  /** Check a chosen version and platforms against target profiles (files) and Go project folders. */
  'releases.check': channel<ReleaseCheck>()(
    z
      .object({
        version: z.string().min(1).max(40),
        platforms: z.array(platform).max(40).default([]),
        profilePaths: z.array(z.string().min(1).max(4096)).max(50).default([]),
        projectDirs: z.array(z.string().min(1).max(4096)).max(50).default([]),
        acceptMissingSha256: z.boolean().default(false),
      })
      .strict(),
  ),
};
