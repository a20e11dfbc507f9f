/**
 * Modules across the gap (online side). For each project: fill a fresh module cache with what
 * building and testing it needs (`go list -deps -test ./...` and `go mod download all`, with
 * -modcacherw), turn the cache's `cache/download` tree into a file-based module proxy (list files
 * included), and dry-run it offline with a second empty cache before anything crosses the gap.
 * Optionally a vendor archive per project. The bundle step calls this from `bundle create --project`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { create as tarCreate } from 'tar';
import type { Finding } from '../../../shared/platform';
import type { LocalText } from '../../../shared/text';
import type { PreparedModules, PreparedProject } from '../../../shared/verify';
import { AppError } from '../../../shared/errors';
import { compareGoVersions } from '../../../shared/go-requirements';
import { goEnv, run } from '../exec';
import { throwIfCancelled, type JobContext } from '../jobs';
import type { Env } from '../paths';
import { checkProjects } from './check';
import { parseGoMod, parseGoSum } from './gomod';
import { fileProxyUrl, offlineRunner } from './offline';
import { proxyFromCache } from './proxy';
import { classifyGoOutput, missingModules } from './signatures';

export { checkProjects, goSumFindings, toolchainFindings, isLocalReplacement } from './check';
export { parseGoMod, parseGoSum, escapeModulePath, unescapeModulePath, compareSemver } from './gomod';
export { classifyGoOutput, missingModules } from './signatures';
export { offlineRunner, fileProxyUrl, closedPort, namespacePrefix, type OfflineRunner, type NetworkMode } from './offline';
export { proxyFromCache, writeListFiles } from './proxy';

const t = (en: string, zh: string): LocalText => ({ en, zh });

export interface PrepareModulesOptions {
  /** project folders (module roots) */
  projects: string[];
  /** the Go tree being bundled, for this (online) host */
  goroot: string;
  /** scratch folder; the proxy is written to `<workDir>/proxy` */
  workDir: string;
  job: JobContext;
  env?: Env;
  /** also make `<workDir>/vendor/<name>-vendor.tar.gz` per project (`go mod vendor`) */
  vendor?: boolean;
  /** throw MODULES_DRY_RUN_FAILED instead of returning a failing finding */
  strict?: boolean;
  /** use the closed-proxy fallback even where a network namespace is permitted */
  forceClosedProxy?: boolean;
}

function goBinary(goroot: string): string {
  return join(goroot, 'bin', process.platform === 'win32' ? 'go.exe' : 'go');
}

/** `go version` of a tree, e.g. "go1.19.8". */
export async function goVersionOf(goroot: string, env: Env = process.env, signal?: AbortSignal): Promise<string> {
  const go = goBinary(goroot);
  const r = await run(go, ['env', 'GOVERSION'], { env: goEnv(env, { GOROOT: undefined, GOFLAGS: '' }), timeoutMs: 30_000, signal });
  const v = r.stdout.trim();
  if (r.code !== 0 || !/^go\d/.test(v)) {
    throw new AppError('MODULES_GO_NOT_RUNNABLE', { binary: go, message: (r.spawnError?.message ?? r.stderr.trim()) || `exit ${r.code}` }, r.stderr);
  }
  return v;
}

/** Project names unique within the bundle: the folder name, with -2, -3… on clashes. */
function uniqueNames(dirs: string[]): string[] {
  const used = new Map<string, number>();
  return dirs.map((d) => {
    const base = basename(d) || 'project';
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

export async function prepareModules(opts: PrepareModulesOptions): Promise<PreparedModules> {
  const { job } = opts;
  throwIfCancelled(job.signal);
  const baseEnv = opts.env ?? process.env;
  const go = goBinary(opts.goroot);
  const goVersion = await goVersionOf(opts.goroot, baseEnv, job.signal);
  const dirs = opts.projects.map((p) => resolve(p));
  for (const d of dirs) if (!existsSync(join(d, 'go.mod'))) throw new AppError('MODULES_NOT_A_MODULE', { path: d });
  const names = uniqueNames(dirs);

  const workDir = resolve(opts.workDir);
  const modcache = join(workDir, 'modcache');
  const proxyDir = join(workDir, 'proxy');
  const dryCache = join(workDir, 'dryrun-modcache');
  await rmTree(modcache);
  await rmTree(proxyDir);
  await mkdir(modcache, { recursive: true });

  const onlineEnv = goEnv(baseEnv, { GOROOT: undefined, GOWORK: 'off', GOFLAGS: '-modcacherw', GOMODCACHE: modcache });
  const warnings: Finding[] = [];
  const projects: PreparedProject[] = [];
  // steps: per project check+download (+vendor), then proxy, then per project dry run
  const total = dirs.length * 2 + 1;
  let done = 0;
  const step = (phase: string, file?: string) => job.progress({ phase, file, done, total, overallDone: done, overallTotal: total, unit: 'items', speed: 0, etaSeconds: null }, true);

  const checks = [];
  for (const [i, dir] of dirs.entries()) {
    throwIfCancelled(job.signal);
    const name = names[i]!;
    step('modules-download', name);
    // warnings before export (fills the fresh cache with what `go list -deps -test` needs)
    const [check] = await checkProjects([dir], goVersion, { goroot: opts.goroot, env: baseEnv, modcache, signal: job.signal });
    checks.push(check!);
    warnings.push(...check!.findings);
    const blocked = check!.findings.some((f) => f.verdict === 'fail');
    // `go mod download all` may add lines to go.sum: keep the user's files exactly as they were
    const saved = await snapshot(dir);
    let dl;
    try {
      dl = blocked ? null : await run(go, ['mod', 'download', 'all'], { cwd: dir, env: onlineEnv, timeoutMs: 60 * 60_000, signal: job.signal });
    } finally {
      const added = await restore(dir, saved);
      if (added.length && !warnings.some((w) => w.id === 'project.missing-go-sum' && w.evidence?.project === name)) {
        warnings.push({
          id: 'project.missing-go-sum',
          verdict: 'warn',
          title: t('The project\'s go.sum file is incomplete', '项目的 go.sum 文件不完整'),
          detail: t(`${name}: Go had to add ${added.length} checksum line(s) to go.sum (${added.slice(0, 5).join(', ')}). The project's own files were left unchanged.`, `${name}：Go 需要向 go.sum 添加 ${added.length} 行校验和（${added.slice(0, 5).join('、')}）。项目本身的文件没有被修改。`),
          fix: t('Run `go mod tidy` in the project on this computer, commit go.mod and go.sum, then make the media.', '请在本机的项目中运行 `go mod tidy`，提交 go.mod 和 go.sum，然后再制作介质。'),
          evidence: { project: name, added: added.join(' ') },
        });
      }
    }
    throwIfCancelled(job.signal);
    if (dl && dl.code !== 0) {
      const out = tail(dl.stderr || dl.stdout);
      if (opts.strict) throw new AppError('MODULES_DOWNLOAD_FAILED', { project: name, message: out.split('\n').pop() ?? '' }, out);
      const sig = classifyGoOutput(out);
      warnings.push({
        id: 'modules.download',
        verdict: 'fail',
        title: t('The project\'s dependencies could not be downloaded', '无法下载项目的依赖'),
        detail: t(`${name}: \`go mod download all\` failed: ${sig?.line ?? out.split('\n').pop()}`, `${name}：\`go mod download all\` 失败：${sig?.line ?? out.split('\n').pop()}`),
        fix: sig?.fix ?? t('Check that this computer can reach your module proxy (GOPROXY) and that `go build ./...` works in the project.', '请确认本机可以访问模块代理（GOPROXY），并且在项目中 `go build ./...` 可以成功。'),
        evidence: { project: name, command: 'go mod download all', output: out },
      });
    }
    let vendorArchive: string | undefined;
    if (opts.vendor && !blocked) vendorArchive = await makeVendorArchive(dir, name, go, goVersion, onlineEnv, workDir, job);
    const mod = parseGoMod(await readFile(join(dir, 'go.mod'), 'utf8'));
    projects.push({ name, module: mod.module ?? name, goVersion: mod.go, toolchain: mod.toolchain, ...(vendorArchive ? { vendorArchive } : {}) });
    done++;
  }

  throwIfCancelled(job.signal);
  step('modules-proxy');
  await mkdir(join(modcache, 'cache', 'download'), { recursive: true });
  const scan = await proxyFromCache(modcache, proxyDir, job.signal);
  done++;
  job.log('modules.proxy', { proxyDir, moduleCount: scan.moduleCount, size: scan.size });

  // dry run: only the proxy, a second empty cache, the network shut off
  const offline = await offlineRunner({ forceClosedProxy: opts.forceClosedProxy, signal: job.signal });
  for (const [i, dir] of dirs.entries()) {
    throwIfCancelled(job.signal);
    const name = names[i]!;
    step('modules-dry-run', name);
    if (checks[i]!.findings.some((f) => f.verdict === 'fail')) {
      done++;
      continue;
    }
    await rmTree(dryCache);
    const env = goEnv(baseEnv, {
      GOROOT: undefined,
      GOWORK: 'off',
      GOFLAGS: '-modcacherw',
      GOMODCACHE: dryCache,
      GOPROXY: fileProxyUrl(proxyDir),
      GONOPROXY: 'none',
    });
    for (const args of [['list', '-mod=readonly', '-m', 'all'], ['build', '-mod=readonly', '-o', join(workDir, 'dryrun-bin') + sep, './...'], ['list', '-mod=readonly', '-deps', '-test', './...']]) {
      const r = await offline.run(go, args, { cwd: dir, env, timeoutMs: 30 * 60_000, signal: job.signal });
      throwIfCancelled(job.signal);
      if (r.code === 0) continue;
      const out = tail(r.stderr || r.stdout, 20);
      const missing = missingModules(out);
      const sig = classifyGoOutput(out);
      const what = missing.length ? missing.join(', ') : (sig?.line ?? out.split('\n').pop() ?? '');
      if (opts.strict) throw new AppError('MODULES_DRY_RUN_FAILED', { project: name, message: what }, out);
      warnings.push({
        id: 'modules.dry-run',
        verdict: 'fail',
        title: t('The project would not build on the offline machine', '该项目在离线机器上将无法构建'),
        detail: missing.length
          ? t(`${name}: \`go ${args.join(' ')}\` with only the collected modules is missing ${what}.`, `${name}：只使用已收集的模块运行 \`go ${args.join(' ')}\` 时缺少 ${what}。`)
          : t(`${name}: \`go ${args.join(' ')}\` with only the collected modules failed: ${what}`, `${name}：只使用已收集的模块运行 \`go ${args.join(' ')}\` 时失败：${what}`),
        fix: sig?.fix ?? t('Run `go mod tidy` in the project on this computer, commit go.mod and go.sum, and make the media again.', '请在本机的项目中运行 `go mod tidy`，提交 go.mod 和 go.sum，然后重新制作介质。'),
        evidence: { project: name, command: offline.display('go', args), network: offline.mode, signature: sig?.id ?? null, missing: missing.join(' '), output: out },
      });
      break;
    }
    done++;
  }
  await rmTree(dryCache);
  await rmTree(join(workDir, 'dryrun-bin'));
  step('modules-done');
  return {
    proxyDir,
    moduleCount: scan.moduleCount,
    size: scan.size,
    projects,
    warnings,
    ok: !warnings.some((w) => w.verdict === 'fail'),
  };
}

async function snapshot(dir: string): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const f of ['go.mod', 'go.sum']) out[f] = existsSync(join(dir, f)) ? await readFile(join(dir, f), 'utf8') : null;
  return out;
}

/** Put go.mod/go.sum back as they were; returns the go.sum lines Go had added. */
async function restore(dir: string, saved: Record<string, string | null>): Promise<string[]> {
  let added: string[] = [];
  for (const [f, before] of Object.entries(saved)) {
    const p = join(dir, f);
    const now = existsSync(p) ? await readFile(p, 'utf8') : null;
    if (now === before) continue;
    if (f === 'go.sum' && now !== null) {
      const old = new Set((before ?? '').split('\n'));
      added = parseGoSum(now)
        .filter((l) => !old.has(`${l.path} ${l.version}${l.goMod ? '/go.mod' : ''} ${l.hash}`))
        .map((l) => `${l.path}@${l.version}${l.goMod ? '/go.mod' : ''}`);
    }
    if (before === null) await rm(p, { force: true });
    else await writeFile(p, before);
  }
  return added;
}

async function makeVendorArchive(dir: string, name: string, go: string, goVersion: string, env: Env, workDir: string, job: JobContext): Promise<string> {
  if (compareGoVersions(goVersion, 'go1.18') < 0) {
    throw new AppError('MODULES_VENDOR_FAILED', { project: name, message: `${goVersion} cannot write vendor/ elsewhere (go mod vendor -o needs Go 1.18 or newer)` });
  }
  const outDir = join(workDir, 'vendor', name);
  await rmTree(outDir);
  await mkdir(outDir, { recursive: true });
  const saved = await snapshot(dir);
  let r;
  try {
    r = await run(go, ['mod', 'vendor', '-o', join(outDir, 'vendor')], { cwd: dir, env, timeoutMs: 30 * 60_000, signal: job.signal });
  } finally {
    await restore(dir, saved);
  }
  if (r.code !== 0) throw new AppError('MODULES_VENDOR_FAILED', { project: name, message: tail(r.stderr, 1) }, r.stderr);
  const archive = join(workDir, 'vendor', `${name}-vendor.tar.gz`);
  await tarCreate({ gzip: true, cwd: outDir, file: archive, portable: true }, ['vendor']);
  await stat(archive);
  return archive;
}

async function rmTree(p: string): Promise<void> {
  if (!existsSync(p)) return;
  // module caches are read-only by design
  await run('chmod', ['-R', 'u+w', p], { timeoutMs: 120_000 });
  await rm(p, { recursive: true, force: true });
}
