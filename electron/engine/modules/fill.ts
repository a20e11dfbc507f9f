/**
 * On the offline machine, right after install: fill the user's Go module cache from the bundled
 * module proxy, so that the first `go build` of a bundled project prints nothing about
 * downloading (Go fills its cache from GOPROXY and says `go: downloading …` for every module,
 * which reads as "it is trying the internet") and a damaged module zip is found now, with the
 * installer's words, rather than in the middle of someone's build.
 *
 * Every module version in the proxy that has a zip is fetched with `go mod download` run outside
 * any module, `GOPROXY=file:///<proxy>,off`, in batches (progress per batch). The checksum
 * database is not asked (GOSUMDB=off for this run only: the machine is offline, every file was
 * checked against the media's SHA256SUMS when it was copied, and each project's go.sum is checked
 * again by Go when it builds). The cache is Go's own (`go env GOMODCACHE`, read-only files as Go
 * makes them), exactly what the first build would have written.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleCacheFill } from '../../../shared/install';
import { goEnv, run } from '../exec';
import { throwIfCancelled, type JobContext } from '../jobs';
import type { Env } from '../paths';
import { compareSemver, unescapeModulePath } from './gomod';
import { fileProxyUrl } from './offline';

export type ModuleFillResult = ModuleCacheFill;

/** `path@version` of every module version in a proxy tree that has a zip (read only). */
export async function proxyModuleVersions(proxyDir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    const ents = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of ents) {
      if (!e.isDirectory()) continue;
      const p = join(dir, e.name);
      if (e.name === '@v') {
        const mod = unescapeModulePath(rel);
        if (!mod) continue;
        const versions = (await readdir(p))
          .map((f) => /^(.+)\.zip$/.exec(f)?.[1])
          .filter((v): v is string => !!v)
          .map((v) => unescapeModulePath(v) ?? v)
          .sort(compareSemver);
        for (const v of versions) out.push(`${mod}@${v}`);
      } else {
        await walk(p, rel ? `${rel}/${e.name}` : e.name);
      }
    }
  }
  await walk(proxyDir, '');
  return out.sort();
}

const BATCH = 16;

export async function fillModuleCache(opts: { goroot: string; proxyDir: string; env?: Env; job: JobContext; platform?: NodeJS.Platform }): Promise<ModuleFillResult> {
  const { job } = opts;
  const platform = opts.platform ?? process.platform;
  const go = join(opts.goroot, 'bin', platform === 'win32' ? 'go.exe' : 'go');
  const env = goEnv(opts.env ?? process.env, {
    GOROOT: undefined,
    GOWORK: 'off',
    GOFLAGS: '',
    GOPROXY: fileProxyUrl(opts.proxyDir),
    GONOPROXY: 'none',
    GOPRIVATE: '',
    GOSUMDB: 'off',
    GOTOOLCHAIN: 'local',
  });
  const all = await proxyModuleVersions(opts.proxyDir);
  // outside any module: nothing of a go.mod around the temp folder is read
  const cwd = await mkdtemp(join(tmpdir(), 'go-offline-modfill-'));
  try {
    const where = await run(go, ['env', 'GOMODCACHE'], { cwd, env, timeoutMs: 60_000, signal: job.signal });
    const gomodcache = where.stdout.trim();
    const failed: ModuleFillResult['failed'] = [];
    let done = 0;
    const step = () => job.progress({ phase: 'modules-fill', done, total: all.length, overallDone: done, overallTotal: all.length, unit: 'items', speed: 0, etaSeconds: null }, true);
    step();
    for (let i = 0; i < all.length; i += BATCH) {
      throwIfCancelled(job.signal);
      const batch = all.slice(i, i + BATCH);
      const r = await run(go, ['mod', 'download', '-json', ...batch], { cwd, env, timeoutMs: 30 * 60_000, signal: job.signal });
      throwIfCancelled(job.signal);
      // one JSON object per module; a failed one carries "Error"
      const objs = r.stdout.split(/\n(?=\{)/).map((t) => {
        try {
          return JSON.parse(t) as { Path: string; Version: string; Error?: string };
        } catch {
          return null;
        }
      });
      for (const m of batch) {
        const [path, version] = [m.slice(0, m.lastIndexOf('@')), m.slice(m.lastIndexOf('@') + 1)];
        const o = objs.find((x) => x && x.Path === path && x.Version === version);
        if (o && !o.Error) continue;
        const message = o?.Error ?? (r.stderr.trim().split('\n').find((l) => l.includes(path)) || r.stderr.trim().split('\n')[0] || `exit ${r.code}`);
        failed.push({ module: m, message: message.trim() });
      }
      done += batch.length;
      step();
    }
    job.log('modules.filled', { gomodcache, total: all.length, failed: failed.length });
    return { gomodcache, total: all.length, ready: all.length - failed.length, failed };
  } finally {
    await rm(cwd, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * The install's call: fill, audit, and never fail the (already committed) install; a fill that
 * cannot run is reported in the result instead. Null when the proxy has no module zips.
 */
export async function fillModulesAfterInstall(opts: {
  goroot: string;
  proxyDir: string;
  env: Env;
  job: JobContext;
  platform?: NodeJS.Platform;
  audit: (event: string, data: Record<string, unknown>) => Promise<void>;
}): Promise<ModuleCacheFill | null> {
  try {
    // a proxy without module zips (only go.mod files) has nothing to fill
    if (!(await proxyModuleVersions(opts.proxyDir)).length) return null;
    const r = await fillModuleCache(opts);
    await opts.audit('modules.cache-filled', { gomodcache: r.gomodcache, total: r.total, ready: r.ready, failed: r.failed });
    return r;
  } catch (e) {
    const message = opts.job.signal.aborted ? 'cancelled' : ((e as Error)?.message ?? String(e));
    await opts.audit('modules.cache-fill-failed', { message }).catch(() => {});
    return { gomodcache: '', total: 0, ready: 0, failed: [], error: message };
  }
}
