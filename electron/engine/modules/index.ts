/**
 * Modules across the gap (online side). For each project: `go mod download all` into a fresh
 * module cache (in a copy of go.mod and go.sum, so the project is never written; with
 * -modcacherw) and, unless `strict`, Go's own `go list -deps -test ./...` check; the cache's
 * `cache/download` tree becomes a file-based module proxy (list files included), and a dry run
 * proves it offline with a second empty cache before anything crosses the gap (collectModules,
 * then dryRun). Optionally a vendor archive per project. `bundle create --project` runs the dry
 * run while the media is written.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { create as tarCreate } from 'tar';
import type { Finding } from '../../../shared/platform';
import type { LocalText } from '../../../shared/text';
import type { PreparedModules, PreparedProject } from '../../../shared/verify';
import { AppError } from '../../../shared/errors';
import { compareGoVersions } from '../../../shared/go-requirements';
import { goEnv, run, type RunOptions, type RunResult } from '../exec';
import { throwIfCancelled, type JobContext } from '../jobs';
import { pool } from '../pool';
import type { Env } from '../paths';
import { checkProjects, goListCheck, isLocalReplacement } from './check';
import { parseGoMod, parseGoSum } from './gomod';
import { fileProxyUrl, offlineRunner } from './offline';
import { proxyFromCache } from './proxy';
import { classifyGoOutput, missingModules } from './signatures';

export { checkProjects, goSumFindings, toolchainFindings, isLocalReplacement } from './check';
export { parseGoMod, parseGoSum, escapeModulePath, unescapeModulePath, compareSemver } from './gomod';
export { classifyGoOutput, missingModules } from './signatures';
export { offlineRunner, fileProxyUrl, closedPort, namespacePrefix, type OfflineRunner, type NetworkMode } from './offline';
export { proxyFromCache, writeListFiles } from './proxy';
export { fillModuleCache, proxyModuleVersions, type ModuleFillResult } from './fill';

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
  /**
   * throw MODULES_DRY_RUN_FAILED instead of returning a failing finding; Go's online `go list`
   * check is then left to the dry run (whatever it would find, the dry run fails on too)
   */
  strict?: boolean;
  /** use the closed-proxy fallback even where a network namespace is permitted */
  forceClosedProxy?: boolean;
  /**
   * Go's build cache for every Go run here (our own, under the cache folder): keyed by content,
   * so a warm one never weakens the proof, and the user's own cache does not grow.
   */
  gocache?: string;
  /**
   * Also compile (`go build ./...`) in the dry run. Off by default: loading every package of the
   * build and the tests from the proxy alone with an empty module cache (`go list -deps -test`)
   * already needs every module zip, checksum-checked against go.sum; compiling adds no module.
   */
  dryRunBuild?: boolean;
  /** independent projects at a time (default 2) */
  concurrency?: number;
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

/** The dry-run commands: every package of the build and the tests loaded from the proxy alone. */
export function dryRunCommands(build: boolean, binDir: string): string[][] {
  const cmds = [
    ['list', '-mod=readonly', '-m', 'all'],
    ['list', '-mod=readonly', '-deps', '-test', './...'],
  ];
  if (build) cmds.push(['build', '-mod=readonly', '-o', binDir + sep, './...']);
  return cmds;
}

/** Collect the modules and prove the proxy offline, one after the other (see collectModules). */
export async function prepareModules(opts: PrepareModulesOptions): Promise<PreparedModules> {
  return (await collectModules(opts)).dryRun();
}

/** The proxy built (online), before its offline proof: `dryRun()` gives the proof. */
export interface CollectedModules extends Omit<PreparedModules, 'ok'> {
  /**
   * The offline dry run of every project against the proxy alone (an empty module cache, no
   * network). `background`: the caller does other work meanwhile (the export copies the media
   * while this runs, and commits only once it passed), so it does not announce "modules ready".
   * `signal` stops it (besides the job's own).
   */
  dryRun(o?: { signal?: AbortSignal; background?: boolean }): Promise<PreparedModules>;
  /** Report the module work's progress again (its own counts), e.g. while the caller waits for a background dry run. */
  report(phase: 'modules-dry-run' | 'modules-done'): void;
}

/**
 * Per project (two at a time): the checks, `go mod download all` into a fresh module cache and
 * Go's own `go list -deps -test` check (and the vendor archive); then that cache's download tree
 * as the proxy. The dry run is returned, not yet run (see CollectedModules.dryRun).
 */
export async function collectModules(opts: PrepareModulesOptions): Promise<CollectedModules> {
  const { job } = opts;
  throwIfCancelled(job.signal);
  const baseEnv = opts.env ?? process.env;
  const go = goBinary(opts.goroot);
  const goVersion = await goVersionOf(opts.goroot, baseEnv, job.signal);
  const dirs = opts.projects.map((p) => resolve(p));
  for (const d of dirs) if (!existsSync(join(d, 'go.mod'))) throw new AppError('MODULES_NOT_A_MODULE', { path: d });
  const names = uniqueNames(dirs);
  const concurrency = Math.max(1, opts.concurrency ?? 2);

  const workDir = resolve(opts.workDir);
  const modcache = join(workDir, 'modcache');
  const proxyDir = join(workDir, 'proxy');
  const dryCache = join(workDir, 'dryrun-modcache');
  await rmTree(modcache);
  await rmTree(proxyDir);
  await rmTree(dryCache);
  await mkdir(modcache, { recursive: true });

  // our own build cache (when given): Go's cache is keyed by content, so reusing it never weakens
  // the proof, and the user's own cache does not grow with every create. Go 1.19+ also keeps an
  // index of every package folder it reads (the standard library's too) in that cache: built
  // from nothing it costs more than it saves within one run (the real-scale graph's `go list`
  // took 1.1-1.8 s with it, 0.6-0.7 s without, on a busy 2-core machine), so a run that finds no
  // cache yet goes without it (GODEBUG=goindex=0, which changes what is cached, never a result);
  // the next run builds it, and the ones after read it.
  const newCache = !!opts.gocache && !existsSync(join(opts.gocache, 'README'));
  const cacheVars = opts.gocache ? { GOCACHE: opts.gocache, ...(newCache ? { GODEBUG: [baseEnv.GODEBUG, 'goindex=0'].filter(Boolean).join(',') } : {}) } : {};
  if (newCache) job.log('modules.gocache-new', { dir: opts.gocache, goindex: 0 });
  const onlineEnv = goEnv(baseEnv, { GOROOT: undefined, GOWORK: 'off', GOFLAGS: '-modcacherw', GOMODCACHE: modcache, ...cacheVars });
  const projects: PreparedProject[] = [];
  // steps: per project check+download (+vendor), then proxy, then per project dry run
  const total = dirs.length * 2 + 1;
  let done = 0;
  const step = (phase: string, file?: string) => job.progress({ phase, file, done, total, overallDone: done, overallTotal: total, unit: 'items', speed: 0, etaSeconds: null }, true);

  const online = await pool(dirs, concurrency, async (dir, i) => {
    throwIfCancelled(job.signal);
    const name = names[i]!;
    const warnings: Finding[] = [];
    step('modules-download', name);
    // what can be told without running Go (no go.mod, a Go too old to read it, go.sum gaps)
    const [check] = await checkProjects([dir], goVersion, { env: { ...baseEnv, ...cacheVars }, signal: job.signal });
    warnings.push(...check!.findings);
    const blocked = check!.findings.some((f) => f.verdict === 'fail');
    // `go mod download all` first: it fetches the whole build list at once, where `go list` alone
    // fetches each module when it meets the first import of it, one after another (on a cold cache
    // of 69 modules that took twice as long). It runs in a copy of go.mod and go.sum, so the
    // user's files are never written; Go may add lines there for modules that provide no package.
    const userSum = existsSync(join(dir, 'go.sum')) ? await readFile(join(dir, 'go.sum'), 'utf8') : null;
    const copied = blocked ? null : await downloadInCopy({ dir, copyDir: join(workDir, 'online-copies', name), goSum: userSum, go, env: onlineEnv, signal: job.signal });
    const dl = copied?.result ?? null;
    const added = addedSumLines(userSum, copied?.goSum ?? null);
    // not a warning: those modules' zips are not needed to build or test (tidy removes the lines again)
    if (added.length) job.log('modules.go-sum-extra', { project: name, added: added.length, sample: added.slice(0, 5).join(' ') });
    throwIfCancelled(job.signal);
    // Go's own view with go.sum as the user has it (the cache is filled: nothing more to fetch).
    // Under `strict` it is left to the dry run, which loads the same packages with the same go.sum
    // from fewer sources: whatever fails here fails there, and there it is an error.
    if (!opts.strict && !check!.findings.some((f) => f.verdict === 'fail' && (f.id === 'project.not-module' || f.id.startsWith('project.toolchain')))) {
      const r = await goListCheck(dir, opts.goroot, { env: { ...baseEnv, ...cacheVars }, modcache, signal: job.signal });
      if (r.finding && !warnings.some((f) => f.id === r.finding!.id)) warnings.push(r.finding);
    }
    throwIfCancelled(job.signal);
    if (dl && dl.code !== 0) {
      const out = tail(dl.stderr || dl.stdout);
      const sig = classifyGoOutput(out);
      const line = sig?.line ?? firstError(out);
      if (opts.strict) throw new AppError('MODULES_DOWNLOAD_FAILED', { project: name, message: line }, out);
      warnings.push({
        id: 'modules.download',
        verdict: 'fail',
        title: t('The project\'s dependencies could not be downloaded', '无法下载项目的依赖'),
        detail: t(`${name}: \`go mod download all\` failed: ${line}`, `${name}：\`go mod download all\` 失败：${line}`),
        fix: sig?.fix ?? t('Check that this computer can reach your module proxy (GOPROXY) and that `go build ./...` works in the project.', '请确认本机可以访问模块代理（GOPROXY），并且在项目中 `go build ./...` 可以成功。'),
        evidence: { project: name, command: 'go mod download all', output: out },
      });
    }
    let vendorArchive: string | undefined;
    if (opts.vendor && !blocked) {
      const v = await makeVendorArchive(dir, name, go, goVersion, onlineEnv, workDir, job);
      if ('archive' in v) vendorArchive = v.archive;
      else warnings.push(v.finding);
    }
    const mod = parseGoMod(await readFile(join(dir, 'go.mod'), 'utf8'));
    done++;
    // the dry run downloads with the go.sum Go made here (every zip of the build list has its line)
    return { blocked, warnings, goSum: copied?.goSum ?? userSum, project: { name, module: mod.module ?? name, goVersion: mod.go, toolchain: mod.toolchain, ...(vendorArchive ? { vendorArchive } : {}) } };
  });
  const warnings: Finding[] = online.flatMap((o) => o.warnings);
  projects.push(...online.map((o) => o.project));

  throwIfCancelled(job.signal);
  step('modules-proxy');
  await mkdir(join(modcache, 'cache', 'download'), { recursive: true });
  // the online cache is scratch: its download tree becomes the proxy in place
  const scan = await proxyFromCache(modcache, proxyDir, job.signal, { move: true });
  // what is left of the online cache (the extracted sources) is not read again: it goes now, not
  // with the scratch folder, so the dry run's own copy is not the second one held (in RAM, often)
  await rmTree(modcache);
  done++;
  job.log('modules.proxy', { proxyDir, moduleCount: scan.moduleCount, size: scan.size });

  const collected = { proxyDir, moduleCount: scan.moduleCount, size: scan.size, projects, warnings };
  const dryRun = async (o: { signal?: AbortSignal; background?: boolean } = {}): Promise<PreparedModules> => {
    const signal = o.signal ? AbortSignal.any([job.signal, o.signal]) : job.signal;
    // dry run: only the proxy, one more empty module cache (shared by the projects: whatever one
    // project's run put there came from the proxy too), the network shut off
    const offline = await offlineRunner({ forceClosedProxy: opts.forceClosedProxy, signal });
    await mkdir(dryCache, { recursive: true });
    const env = goEnv(baseEnv, {
      GOROOT: undefined,
      GOWORK: 'off',
      GOFLAGS: '-modcacherw',
      GOMODCACHE: dryCache,
      GOPROXY: fileProxyUrl(proxyDir),
      GONOPROXY: 'none',
      ...cacheVars,
    });
    let dry: Array<Finding | null>;
    try {
      dry = await pool(dirs, concurrency, async (dir, i) => {
        throwIfCancelled(signal);
        const name = names[i]!;
        step('modules-dry-run', name);
        if (online[i]!.blocked) {
          done++;
          return null;
        }
        const t0 = Date.now();
        let finding: Finding | null = null;
        // 1. the whole build list from the proxy alone into the empty cache, every zip checked
        //    against go.sum (the online copy's, so that modules providing no package have their
        //    line too; in a copy again, the user's files untouched), all at once; 2. every package
        //    of the build and the tests loaded with go.sum exactly as the user has it
        const steps: Array<{ args: string[]; run: () => Promise<RunResult> }> = [
          { args: ['mod', 'download', 'all'], run: async () => (await downloadInCopy({ dir, copyDir: join(workDir, 'dryrun-copies', name), goSum: online[i]!.goSum, go, env, signal, runner: (f, a, o) => offline.run(f, a, o) })).result },
          ...dryRunCommands(!!opts.dryRunBuild, join(workDir, 'dryrun-bin', name)).map((args) => ({ args, run: () => offline.run(go, args, { cwd: dir, env, timeoutMs: 30 * 60_000, signal }) })),
        ];
        for (const { args, run: runStep } of steps) {
          const r = await runStep();
          throwIfCancelled(signal);
          if (r.code === 0) continue;
          const out = tail(r.stderr || r.stdout, 20);
          const missing = missingModules(out);
          const sig = classifyGoOutput(out);
          const what = missing.length ? missing.join(', ') : (sig?.line ?? firstError(out));
          if (opts.strict) throw new AppError('MODULES_DRY_RUN_FAILED', { project: name, message: what }, out);
          finding = {
            id: 'modules.dry-run',
            verdict: 'fail',
            title: t('The project would not build on the offline machine', '该项目在离线机器上将无法构建'),
            detail: missing.length
              ? t(`${name}: \`go ${args.join(' ')}\` with only the collected modules is missing ${what}.`, `${name}：只使用已收集的模块运行 \`go ${args.join(' ')}\` 时缺少 ${what}。`)
              : t(`${name}: \`go ${args.join(' ')}\` with only the collected modules failed: ${what}`, `${name}：只使用已收集的模块运行 \`go ${args.join(' ')}\` 时失败：${what}`),
            fix: sig?.fix ?? t('Run `go mod tidy` in the project on this computer, commit go.mod and go.sum, and make the media again.', '请在本机的项目中运行 `go mod tidy`，提交 go.mod 和 go.sum，然后重新制作介质。'),
            evidence: { project: name, command: offline.display('go', args), network: offline.mode, signature: sig?.id ?? null, missing: missing.join(' '), output: out },
          };
          break;
        }
        job.log('modules.dry-run', { project: name, ok: !finding, build: !!opts.dryRunBuild, network: offline.mode, ms: Date.now() - t0 });
        done++;
        return finding;
      });
    } finally {
      await rmTree(dryCache);
      await rmTree(join(workDir, 'dryrun-bin'));
    }
    const all = [...warnings, ...dry.filter((f): f is Finding => f !== null)];
    if (!o.background) step('modules-done');
    return { ...collected, warnings: all, ok: !all.some((w) => w.verdict === 'fail') };
  };
  return { ...collected, dryRun, report: (phase) => step(phase) };
}

/**
 * The line of Go's output that says what went wrong: Go prints its hints ("to add:", a tab and
 * `go get …`) after the error, so the last line is usually advice, not the cause.
 */
export function firstError(out: string): string {
  const lines = out.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim());
  const real = lines.filter((l) => !/^\s/.test(l) && !/^go: (to add|downloading)/.test(l));
  const pick = real.find((l) => /missing|cannot|not found|invalid|error|no required module|disabled|refused|unknown/i.test(l)) ?? real[0] ?? lines[0] ?? '';
  return pick.trim().replace(/; to add:$/, '');
}

/**
 * `go mod download all` for a project in a copy of its go.mod and `goSum` (a local replacement's
 * path made absolute), so the project's own files are never written: Go adds go.sum lines there
 * for modules of the build list that provide no package. Returns Go's result and the copy's go.sum.
 */
async function downloadInCopy(o: { dir: string; copyDir: string; goSum: string | null; go: string; env: Env; signal: AbortSignal; runner?: (file: string, args: string[], opts: RunOptions) => Promise<RunResult> }): Promise<{ result: RunResult; goSum: string | null }> {
  await rmTree(o.copyDir);
  await mkdir(o.copyDir, { recursive: true });
  const modText = await readFile(join(o.dir, 'go.mod'), 'utf8');
  await writeFile(join(o.copyDir, 'go.mod'), modText);
  if (o.goSum !== null) await writeFile(join(o.copyDir, 'go.sum'), o.goSum);
  const local = parseGoMod(modText).replace.filter((r) => isLocalReplacement(r.to));
  if (local.length) {
    const args = ['mod', 'edit', ...local.map((r) => `-replace=${r.from}${r.fromVersion ? `@${r.fromVersion}` : ''}=${resolve(o.dir, r.to)}`)];
    const edited = await run(o.go, args, { cwd: o.copyDir, env: o.env, timeoutMs: 60_000, signal: o.signal });
    if (edited.code !== 0) return { result: edited, goSum: null };
  }
  // -json: a failure then names each module that failed (plain output says only Go's last word,
  // e.g. "module lookup disabled by GOPROXY=off"); those lines lead stderr for the messages
  const r = await (o.runner ?? run)(o.go, ['mod', 'download', '-json', 'all'], { cwd: o.copyDir, env: o.env, timeoutMs: 60 * 60_000, signal: o.signal });
  const failed = r.code === 0 ? [] : downloadErrors(r.stdout);
  const result = failed.length ? { ...r, stderr: failed.join('\n') + '\n' + r.stderr } : r;
  const goSum = existsSync(join(o.copyDir, 'go.sum')) ? await readFile(join(o.copyDir, 'go.sum'), 'utf8') : null;
  return { result, goSum };
}

/** `go mod download -json` output (one JSON object per module): "path@version: error" for each that failed. */
export function downloadErrors(stdout: string): string[] {
  const out: string[] = [];
  for (const chunk of stdout.split(/\n(?=\{)/)) {
    try {
      const m = JSON.parse(chunk) as { Path?: string; Version?: string; Error?: string };
      if (m.Error) out.push(`go: ${m.Path ?? '?'}${m.Version ? `@${m.Version}` : ''}: ${m.Error}`);
    } catch {
      /* not one of Go's objects */
    }
  }
  return out;
}

/** The go.sum lines (path@version[/go.mod]) in `after` that `before` lacks. */
function addedSumLines(before: string | null, after: string | null): string[] {
  if (after === null || after === before) return [];
  const old = new Set((before ?? '').split('\n'));
  return parseGoSum(after)
    .filter((l) => !old.has(`${l.path} ${l.version}${l.goMod ? '/go.mod' : ''} ${l.hash}`))
    .map((l) => `${l.path}@${l.version}${l.goMod ? '/go.mod' : ''}`);
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
    if (f === 'go.sum') added = addedSumLines(before, now);
    if (before === null) await rm(p, { force: true });
    else await writeFile(p, before);
  }
  return added;
}

/** What `go mod vendor` said it needed, read from its output. */
export interface VendorNeed {
  /** the error line itself, without Go's hint */
  line: string;
  package?: string;
  importedBy?: string;
  /** Go's suggested command (`go get …`), when it gave one */
  hint?: string;
}

/** Read `go mod vendor`'s failure: the error (indented under "imports" lines), not the hint after it. */
export function parseVendorFailure(out: string): VendorNeed {
  const lines = out.split('\n').map((l) => l.trim()).filter(Boolean);
  const hintAt = lines.findIndex((l) => /^go (get|mod) /.test(l));
  const hint = hintAt >= 0 ? lines[hintAt] : undefined;
  const real = lines.filter((l) => !/^go (get|mod) /.test(l) && !/^go: downloading /.test(l) && !/ imports$/.test(l));
  const line = (real.find((l) => /missing go\.sum entry|no required module provides|cannot find module|not found|invalid|disabled|refused|error/i.test(l)) ?? real.at(-1) ?? out.trim()).replace(/; to add:$/, '');
  const m = /package (\S+) \(imported by (\S+)\)/.exec(line) ?? /^(\S+): .*\(imported by (\S+)\)/.exec(line);
  return { line, hint, package: m?.[1], importedBy: m?.[2] };
}

/** The files of `pkgDir` that import `pkg`, each with its build constraint (`//go:build …` or the file-name suffix). */
async function importersOf(pkgDir: string, pkg: string): Promise<string[]> {
  const out: string[] = [];
  let files: string[] = [];
  try {
    files = (await readdir(pkgDir)).filter((f) => f.endsWith('.go'));
  } catch {
    return out;
  }
  for (const f of files.sort()) {
    const text = await readFile(join(pkgDir, f), 'utf8').catch(() => '');
    if (!text.includes(`"${pkg}"`)) continue;
    const tag = /^\/\/go:build (.+)$/m.exec(text)?.[1]?.trim();
    out.push(tag ? `${f} (//go:build ${tag})` : f);
  }
  return out;
}

type VendorResult = { archive: string } | { finding: Finding };

/**
 * `go mod vendor -o` into the work folder (the project is not touched), then the archive. A
 * failure is a warning that says which package needs which module and why, and the bundle goes
 * on without this project's vendor archive (the module proxy still carries its modules).
 */
async function makeVendorArchive(dir: string, name: string, go: string, goVersion: string, env: Env, workDir: string, job: JobContext): Promise<VendorResult> {
  const skipped = (detail: LocalText, fix: LocalText, evidence: Record<string, string | null>): VendorResult => ({
    finding: {
      id: 'modules.vendor',
      verdict: 'warn',
      title: t('The vendor archive was left out', '未生成 vendor 归档'),
      detail: {
        en: `${detail.en} The media is written without ${name}'s vendor archive; its module proxy still has every module this platform's build needs.`,
        zh: `${detail.zh}介质中不包含 ${name} 的 vendor 归档；介质上的模块代理仍包含本平台构建所需的全部模块。`,
      },
      fix,
      evidence: { project: name, ...evidence },
    },
  });
  if (compareGoVersions(goVersion, 'go1.18') < 0) {
    return skipped(
      t(`${name}: ${goVersion} cannot write vendor/ outside the project (\`go mod vendor -o\` needs Go 1.18 or newer).`, `${name}：${goVersion} 无法把 vendor/ 写到项目之外（\`go mod vendor -o\` 需要 Go 1.18 或更新版本）。`),
      t('Bundle Go 1.18 or newer, or leave out --vendor (the module proxy is enough to build offline).', '请在介质中放入 Go 1.18 或更新版本，或者不使用 --vendor（模块代理足以离线构建）。'),
      { goVersion },
    );
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
  throwIfCancelled(job.signal);
  if (r.code !== 0) {
    await rmTree(outDir);
    const out = (r.stderr || r.stdout).trim();
    const need = parseVendorFailure(out);
    let module: string | undefined;
    let files: string[] = [];
    if (need.package) {
      const m = await run(go, ['list', '-mod=readonly', '-m', '-f', '{{.Path}} {{.Version}}', 'all'], { cwd: dir, env, timeoutMs: 120_000, signal: job.signal });
      module = m.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => {
          const p = l.split(' ')[0]!;
          return p && (need.package === p || need.package!.startsWith(p + '/'));
        })
        .sort((a, b) => b.length - a.length)[0]
        ?.replace(' ', '@');
      if (need.importedBy) {
        const d = await run(go, ['list', '-mod=readonly', '-f', '{{.Dir}}', need.importedBy], { cwd: dir, env, timeoutMs: 120_000, signal: job.signal });
        if (d.code === 0 && d.stdout.trim()) files = await importersOf(d.stdout.trim(), need.package);
      }
    }
    const who = need.package
      ? t(
          `${name}: \`go mod vendor\` needs package ${need.package}${module ? ` (module ${module})` : ''}${need.importedBy ? `, imported by ${need.importedBy}${files.length ? ` in ${files.join(', ')}` : ''}` : ''}: ${need.line}. ` +
            'Vendoring copies the packages of every platform and build tag, not only what a build on this computer uses, so it can need modules (and go.sum lines) that this build never touches.',
          `${name}：\`go mod vendor\` 需要包 ${need.package}${module ? `（模块 ${module}）` : ''}${need.importedBy ? `，由 ${need.importedBy}${files.length ? ` 的 ${files.join('、')}` : ''} 导入` : ''}：${need.line}。` +
            'vendor 会复制所有平台和构建标签下的包，而不只是本机构建用到的包，所以它可能需要本机构建从不用到的模块（以及 go.sum 中的校验和）。',
        )
      : t(`${name}: \`go mod vendor\` failed: ${need.line}.`, `${name}：\`go mod vendor\` 失败：${need.line}。`);
    return skipped(
      who,
      t(
        `Run \`go mod tidy\` in the project on this computer (it adds what every platform needs${need.hint ? `; Go suggests \`${need.hint}\`` : ''}), commit go.mod and go.sum and make the media again; or leave out --vendor and use the module proxy on the media.`,
        `请在本机的项目中运行 \`go mod tidy\`（它会补上所有平台需要的内容${need.hint ? `；Go 建议运行 \`${need.hint}\`` : ''}），提交 go.mod 和 go.sum 后重新制作介质；或者不使用 --vendor，改用介质上的模块代理。`,
      ),
      { command: 'go mod vendor', package: need.package ?? null, module: module ?? null, importedBy: need.importedBy ?? null, files: files.join(' ') || null, output: tail(out, 20) },
    );
  }
  const archive = join(workDir, 'vendor', `${name}-vendor.tar.gz`);
  await tarCreate({ gzip: true, cwd: outDir, file: archive, portable: true }, ['vendor']);
  await stat(archive);
  return { archive };
}

async function rmTree(p: string): Promise<void> {
  if (!existsSync(p)) return;
  try {
    // our caches are made with -modcacherw: writable, so a plain remove works
    await rm(p, { recursive: true, force: true });
  } catch {
    // a read-only module cache (made without -modcacherw)
    await run('chmod', ['-R', 'u+w', p], { timeoutMs: 120_000 });
    await rm(p, { recursive: true, force: true });
  }
}
