import { releasesChannels } from '../../../shared/ipc/releases';
import type { Catalog } from '../../../shared/releases';
import type { Finding } from '../../../shared/platform';
import { AppError } from '../../../shared/errors';
import {
  catalogAgeSeconds,
  checkProjects,
  checkTargets,
  findRelease,
  groupReleases,
  latestStable,
  loadCatalog,
  platformsFromProfiles,
  readGoProject,
  selectArchives,
} from '../releases';
import { readTargetProfile } from '../platform';
import type { AreaHandlers } from './types';
import type { Env } from '../paths';

/** The catalog the window is looking at (one per main process / bridge). */
let current: Catalog | null = null;

async function catalogFor(env: Env): Promise<Catalog> {
  if (current) return current;
  current = await loadCatalog({ env, offline: true });
  return current;
}

/** Handlers of the releases area: thin calls into the engine. */
export const releasesHandlers: AreaHandlers<typeof releasesChannels> = {
  'releases.list': async (args, ctx) => {
    const catalog = await loadCatalog({ env: ctx.env, mirrors: args.mirrors, listingFile: args.listingFile, offline: args.offline, signal: ctx.job.signal });
    current = catalog;
    return {
      source: catalog.source,
      fetchedAt: catalog.fetchedAt,
      fromCache: catalog.fromCache,
      ageSeconds: catalogAgeSeconds(catalog),
      latest: latestStable(catalog.releases)?.version ?? null,
      groups: groupReleases(catalog.releases, { unstable: args.unstable, archived: args.archived, platforms: args.platforms }),
    };
  },
  'releases.get': async (args, ctx) => findRelease(await catalogFor(ctx.env), args.version),
  'releases.check': async (args, ctx) => {
    const release = findRelease(await catalogFor(ctx.env), args.version);
    const profiles = await Promise.all(args.profilePaths.map((p) => readTargetProfile(p)));
    const projects = await Promise.all(args.projectDirs.map((d) => readGoProject(d)));
    const preselect = platformsFromProfiles(profiles);
    const platforms = args.platforms.length ? args.platforms : preselect;
    const findings: Finding[] = [...checkTargets(release, profiles), ...checkProjects(release.version, projects)];
    let files: ReturnType<typeof selectArchives> = [];
    try {
      files = platforms.length ? selectArchives(release, platforms, { acceptMissingSha256: args.acceptMissingSha256 }) : [];
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const d = err.toData();
      findings.push({ id: `release.${err.code.toLowerCase()}`, verdict: 'fail', title: d.title, detail: d.cause, fix: d.fix, evidence: { code: err.code } });
    }
    return { findings, files, preselect, ok: !findings.some((f) => f.verdict === 'fail') && files.length > 0 };
  },
};
