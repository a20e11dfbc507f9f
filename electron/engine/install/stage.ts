/**
 * The first half of every install (the default one and a version beside it): the bundle checked,
 * the archive for this host picked, proven and unpacked in one pass into the staging folder, and
 * the unpacked `go version` run, each step in the audit log. Nothing outside the staging folder is
 * touched here.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { throwIfCancelled, type JobContext } from '../jobs';
import type { Env } from '../paths';
import { localArchive, openInstallBundle, type hostPlatform } from './bundle-input';
import { extractGoArchive } from './extract';
import { goVersionOf, readVersion, transferFacts } from './common';

export async function stageFromBundle(o: {
  source: string;
  version?: string;
  host: ReturnType<typeof hostPlatform>;
  staging: string;
  env: Env;
  platform: NodeJS.Platform;
  job: JobContext;
  audit: (event: string, data: Record<string, unknown>) => Promise<void>;
  /** called once the archive matched its SHA-256 (install says the signature's verdict there) */
  proven?: () => Promise<void>;
}) {
  const { job, audit, staging } = o;
  const { bundle, archive } = await openInstallBundle(o.source, { job, host: o.host, version: o.version });
  await audit('bundle.checked', { source: bundle.source.location, sourceKind: bundle.source.kind, archive: archive.path, parts: archive.parts?.length ?? 0, files: bundle.manifest.files.length });
  await audit('bundle.transfer', transferFacts(bundle.manifest, archive, bundle.source.kind));
  throwIfCancelled(job.signal);
  // one pass: hash + gunzip + safe untar into staging (split or relay archives are joined and
  // proven part by part into staging first)
  const tx = Date.now();
  await mkdir(staging, { recursive: true });
  const archivePath = await localArchive(bundle, archive, join(staging, 'bundle-in'), job);
  const ex = await extractGoArchive({ archive: archivePath, expectedSha256: archive.sha256, destDir: staging, job });
  if (archivePath.startsWith(staging)) await rm(join(staging, 'bundle-in'), { recursive: true, force: true });
  const extractSeconds = (Date.now() - tx) / 1000;
  await audit('archive.verified', { file: archive.path, sha256: ex.sha256, expected: archive.sha256, files: ex.files, bytes: ex.bytes, engine: ex.engine });
  await o.proven?.();
  const version = (await readVersion(ex.root)) ?? archive.version ?? 'unknown';
  throwIfCancelled(job.signal);
  const runs = await goVersionOf(ex.root, o.env, o.platform, job.signal);
  if (!runs.ok) throw new AppError('INSTALL_GO_DOES_NOT_RUN', { file: archive.path.split('/').pop()!, reason: runs.reason });
  await audit('staging.runs', { command: 'go version', output: runs.output });
  // several versions for this machine in the bundle and none asked for: the newest, said so
  const forHost = [...new Set(bundle.manifest.files.filter((f) => f.kind === 'archive' && f.os === o.host.os && f.arch === o.host.arch && f.version).map((f) => f.version!))];
  const chosenFrom = !o.version && forHost.length > 1 ? forHost : undefined;
  return { bundle, archive, ex, version, extractSeconds, chosenFrom };
}
