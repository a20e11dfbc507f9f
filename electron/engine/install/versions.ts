/**
 * Several Go versions on one machine (issue 20). The default Go stays exactly where it is
 * (`<prefix>/go`, same record, journal and rollback); other versions live beside it:
 *
 * - user scope: `~/sdk/go1.X.Y` (where golang.org/dl puts them), system scope:
 *   `<prefix>/go-versions/go1.X.Y`;
 * - each with a `go1.X.Y` wrapper (a two-line sh script that execs that tree's `bin/go`) in
 *   `<versions folder>/bin`; when the default Go is 1.21 or newer the environment puts that folder
 *   on PATH and sets GOTOOLCHAIN=path, so a go.mod whose `go`/`toolchain` line asks for a newer
 *   installed version runs it from PATH and never tries a download (Go only ever switches to a
 *   newer toolchain than the running one).
 *
 * A side-by-side install has the default install's safety: the same bundle checks and one-pass
 * extraction (into a staging folder inside the versions folder, so the last step is a rename),
 * `go version` run before placement, the default prefix's lock, its journal (the wrapper is
 * snapshotted in it), recovery of a killed run, and an installed-file list per version for
 * diagnose's tree check. The record is `state.versions[version]`, next to the default's record.
 */
import { lstat, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { InstallScope, InstalledVersion, SideBySideResult, SideVersionRecord, UninstallResult, UseResult, VersionsResult } from '../../../shared/install';
import { applyEnvironment, planEnvironment, snapshotPaths, type EnvPlan } from '../environment';
import type { JobContext } from '../jobs';
import type { Env } from '../paths';
import { writeFileAtomic } from '../atomic';
import { shQuote } from '../quote';
import { compareGoVersions, hostPlatform, judgeInstallSignature, signatureSaying } from './bundle-input';
import { stageFromBundle } from './stage';
import { exists, recordPlacedTree, stamp, versionsDir, wrapPermission, wrappersDir } from './common';
import { appendAudit, auditLogPath, loadStateFile, scopeStateDir, type StateFile } from './state';
import { move, snapshot, stepPoint, swapInto, writeJournal } from './journal';
import { runJournaled } from './transaction';
import { recoverInstalls, STAGING, TRASH } from './recovery';

export { versionsDir, wrappersDir };

/** Go 1.21 and newer read GOTOOLCHAIN and can hand a build to another toolchain found on PATH. */
export function switchesToolchains(version: string | null | undefined): boolean {
  return !!version && /^go\d/.test(version) && compareGoVersions(version, 'go1.21') >= 0;
}

const VERSION_NAME = /^go\d+\.\d+(\.\d+)?((rc|beta)\d+)?$/;

/** `1.22.12` or `go1.22.12` → `go1.22.12`; refuses anything that is not a Go release name. */
export function versionName(v: string): string {
  const name = v.startsWith('go') ? v : `go${v}`;
  if (!VERSION_NAME.test(name)) throw new AppError('BAD_USAGE', { message: `"${v.slice(0, 60)}" is not a Go version name (like go1.22.12)` });
  return name;
}

const WRAPPER_MARK = '# go-offline wrapper';

/** The wrapper script: runs that version's own `go` with every argument. */
export function wrapperText(goroot: string, version: string): string {
  return `#!/bin/sh\n${WRAPPER_MARK} for ${version} (Go Offline Installer). Remove it with: go-offline uninstall --go-version ${version}\nexec ${shQuote(join(goroot, 'bin', 'go'))} "$@"\n`;
}

export interface SideBySideOptions {
  bundle: string;
  scope: InstallScope;
  /** the default install's prefix (remembered one when not given) */
  prefix: string;
  env?: Env;
  job: JobContext;
  version?: string;
  platform?: NodeJS.Platform;
  now?: Date;
}

/** The default install of a scope at a prefix (the record a side-by-side version sits beside). */
function defaultRecord(st: StateFile, prefix: string) {
  const cur = st.current ? st.records[st.current] : undefined;
  if (cur && cur.prefix === prefix) return cur;
  return Object.values(st.records).find((r) => r.prefix === prefix) ?? null;
}

/** Install a Go version beside the default one (see the module comment). */
export async function installSideBySide(opts: SideBySideOptions): Promise<SideBySideResult> {
  const t0 = Date.now();
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const { scope, job, prefix } = opts;
  const sdir = scopeStateDir(scope, env, platform);
  const auditLog = auditLogPath(env, scope, platform);
  const audit = (event: string, data: Record<string, unknown> = {}) => appendAudit(auditLog, { event, jobId: job.jobId, ...data });
  const host = hostPlatform(platform);
  // judged first (a refused bundle leaves the machine exactly as it was), said once the archive proved
  const signature = await judgeInstallSignature(opts.bundle, { env, now: opts.now, job, host, version: opts.version });
  const said = signatureSaying(audit, { env, now: opts.now });
  await recoverInstalls({ env, scope, prefix, platform });
  if (!defaultRecord(await loadStateFile(scope, env), prefix)) throw new AppError('INSTALL_NEEDS_DEFAULT_GO', { prefixNote: ` (${prefix})` });
  const vdir = versionsDir(scope, env, prefix, platform);
  const bin = join(vdir, 'bin');
  try {
    await mkdir(bin, { recursive: true });
    await mkdir(sdir, { recursive: true });
  } catch (e) {
    throw wrapPermission(e, scope, vdir);
  }
  let staging = '';
  return runJournaled({
    op: 'install',
    scope,
    env,
    platform,
    prefix,
    goroot: vdir,
    job,
    event: 'install.done',
    failedAudit: { sideBySide: true },
    discard: () => [staging],
    onFailure: (e) => said.failed(e),
    work: async (tx) => {
      const j = tx.journal;
      staging = join(vdir, `${STAGING}${tx.tag}`);
      await audit('install.start', { source: opts.bundle, scope, prefix, sideBySide: true, versionsDir: vdir, host: host.id });
      const staged = await stageFromBundle({ source: opts.bundle, version: opts.version, host, staging, env, platform, job, audit, proven: () => said.verdict(signature) });
      const { archive, ex, extractSeconds } = staged;
      const version = versionName(staged.version);

      // read under the lock: what is installed now
      const state = await loadStateFile(scope, env);
      const def = defaultRecord(state, prefix);
      if (!def) throw new AppError('INSTALL_NEEDS_DEFAULT_GO', { prefixNote: ` (${prefix})` });
      if (def.version === version) throw new AppError('INSTALL_VERSION_IS_DEFAULT', { version, goroot: def.goroot });
      const goroot = join(vdir, version);
      const wrapper = join(bin, version);
      const earlier = state.versions?.[version] ?? null;
      if ((await exists(goroot)) && !earlier) throw new AppError('INSTALL_TARGET_NOT_OURS', { path: goroot });
      const wrapperNow = await readFile(wrapper, 'utf8').catch(() => null);
      if (wrapperNow !== null && !wrapperNow.includes(WRAPPER_MARK)) throw new AppError('INSTALL_TARGET_NOT_OURS', { path: wrapper });

      j.goroot = goroot;
      await writeJournal(prefix, j);
      // the wrapper as it is, and the file list to come (a file that is not there yet: undo removes it)
      const fileListPath = join(sdir, 'installs', `${version}-${stamp()}-${tx.id.slice(0, 8)}.files.jsonl`);
      await snapshot(j, prefix, [wrapper, fileListPath], tx.snapshotDir);
      // the tree into place (a reinstall of the same version: in one step, the old one to the trash)
      const trash = join(vdir, `${TRASH}${tx.tag}`);
      await swapInto(prefix, j, ex.root, goroot, trash);
      await writeFileAtomic(wrapper, wrapperText(goroot, version), { mode: 0o755 });
      await stepPoint('install', 'wrapper written');
      await audit('tree.place', { goroot, version, wrapper, replaced: earlier ? earlier.goroot : null });

      const record: SideVersionRecord = {
        schema: 'go-offline/side-version@1',
        scope,
        prefix,
        goroot,
        version,
        wrapper,
        ...(await recordPlacedTree({ fileListPath, extracted: ex, archive, source: opts.bundle, platform: host.id, auditLog })),
      };
      state.versions = { ...(state.versions ?? {}), [version]: { ...record, txn: tx.id } };
      return {
        state,
        cleanup: [staging, trash, ...(earlier && earlier.fileListPath !== fileListPath ? [earlier.fileListPath] : [])],
        audit: { sideBySide: true, goroot, version, wrapper, sha256: ex.sha256, files: ex.files, fileList: fileListPath },
        result: {
          record,
          defaultVersion: def.version,
          switchable: switchesToolchains(def.version),
          timings: { extractSeconds, totalSeconds: (Date.now() - t0) / 1000 },
          ...(staged.chosenFrom ? { chosenFrom: staged.chosenFrom } : {}),
          signature,
        },
      };
    },
  });
}

/** Which scope holds a side-by-side version (the asked scope, else user then system). */
async function findVersion(version: string, scope: InstallScope | undefined, env: Env): Promise<{ scope: InstallScope; state: StateFile; rec: SideVersionRecord } | null> {
  for (const s of scope ? [scope] : (['user', 'system'] as const)) {
    const state = await loadStateFile(s, env);
    const rec = state.versions?.[version];
    if (rec) return { scope: s, state, rec };
  }
  return null;
}

/** Every version name installed in a scope (the default first), for messages. */
async function installedNames(scope: InstallScope | undefined, env: Env): Promise<string> {
  const names: string[] = [];
  for (const s of scope ? [scope] : (['user', 'system'] as const)) {
    const st = await loadStateFile(s, env);
    if (st.current && st.records[st.current]) names.push(`${st.records[st.current]!.version} (default)`);
    names.push(...Object.keys(st.versions ?? {}));
  }
  return names.join(', ') || 'none';
}

/**
 * Remove one side-by-side version (its tree, wrapper, file list), never touching the default or the
 * others. Null when `version` is not a side-by-side version (the caller then treats it as the
 * default's uninstall, or says it is not installed).
 */
export async function uninstallVersion(opts: { version: string; scope?: InstallScope; env?: Env; job: JobContext; platform?: NodeJS.Platform }): Promise<UninstallResult | null> {
  const env = opts.env ?? process.env;
  const version = versionName(opts.version);
  await recoverInstalls({ env, scope: opts.scope });
  const found = await findVersion(version, opts.scope, env);
  if (!found) return null;
  const { scope } = found;
  const { prefix } = found.rec;
  return runJournaled({
    op: 'uninstall',
    scope,
    env,
    platform: opts.platform,
    prefix,
    goroot: found.rec.goroot,
    job: opts.job,
    event: 'uninstall',
    failedAudit: { sideBySide: true, version },
    work: async (tx) => {
      const j = tx.journal;
      const state = await loadStateFile(scope, env);
      const rec = state.versions?.[version];
      if (!rec) throw new AppError('INSTALL_VERSION_NOT_INSTALLED', { version, installed: await installedNames(opts.scope, env) });
      await writeJournal(prefix, j);
      const removed: string[] = [];
      const wrapperNow = await readFile(rec.wrapper, 'utf8').catch(() => null);
      const ours = wrapperNow !== null && wrapperNow.includes(WRAPPER_MARK);
      if (ours) await snapshot(j, prefix, [rec.wrapper], tx.snapshotDir);
      const trash = join(versionsDir(scope, env, prefix, opts.platform), `${TRASH}${tx.tag}`);
      if (await exists(rec.goroot)) {
        await move(prefix, j, rec.goroot, trash);
        removed.push(rec.goroot);
      }
      if (ours) {
        await rm(rec.wrapper, { force: true });
        removed.push(rec.wrapper);
        await stepPoint('uninstall', 'wrapper removed');
      }
      delete state.versions![version];
      return {
        state,
        cleanup: [trash, rec.fileListPath],
        audit: { sideBySide: true, goroot: rec.goroot, version, removed },
        result: { goroot: rec.goroot, removed, restoredFiles: [] },
      };
    },
  });
}

/** One problem in both languages (the CLI prints `problems`, the Chinese screen `problemsZh`). */
type Problems = { problems: string[]; problemsZh: string[] };
function add(p: Problems, en: string, zh: string, first = false): void {
  if (first) {
    p.problems.unshift(en);
    p.problemsZh.unshift(zh);
  } else {
    p.problems.push(en);
    p.problemsZh.push(zh);
  }
}

/** Compare a tree with its installed-file list: sizes and kinds (no hashing: that is verify's job). */
async function treeState(goroot: string, fileListPath: string): Promise<{ state: InstalledVersion['state'] } & Problems> {
  const p: Problems = { problems: [], problemsZh: [] };
  if (!(await exists(goroot))) {
    add(p, `${goroot} is not there`, `${goroot} 不存在`);
    return { state: 'missing', ...p };
  }
  const text = await readFile(fileListPath, 'utf8').catch(() => null);
  if (text === null) {
    add(p, `its installed-file list ${fileListPath} cannot be read`, `无法读取它的已安装文件清单 ${fileListPath}`);
    return { state: 'not-checked', ...p };
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let f: { path: string; size?: number; type?: string };
    try {
      f = JSON.parse(line) as typeof f;
    } catch {
      continue;
    }
    const st = await lstat(join(goroot, f.path)).catch(() => null);
    if (!st) add(p, `${f.path} is missing`, `缺少 ${f.path}`);
    else if (typeof f.size === 'number' && st.isFile() && st.size !== f.size) add(p, `${f.path} changed size`, `${f.path} 的大小变了`);
    if (p.problems.length >= 5) break;
  }
  return { state: p.problems.length ? 'changed' : 'ok', ...p };
}

/** `go-offline versions`: the default and every side-by-side version of a scope, each checked. */
export async function listVersions(opts: { scope?: InstallScope; prefix?: string; env?: Env; platform?: NodeJS.Platform }): Promise<VersionsResult | null> {
  const env = opts.env ?? process.env;
  for (const scope of opts.scope ? [opts.scope] : (['user', 'system'] as const)) {
    const st = await loadStateFile(scope, env);
    const def = opts.prefix ? defaultRecord(st, opts.prefix) : st.current ? st.records[st.current] : undefined;
    const sides = Object.values(st.versions ?? {}).filter((v) => !def || v.prefix === def.prefix);
    if (!def && !sides.length) continue;
    const prefix = def?.prefix ?? sides[0]!.prefix;
    const out: InstalledVersion[] = [];
    if (def) out.push({ version: def.version, goroot: def.goroot, isDefault: true, wrapper: null, ...(await treeState(def.goroot, def.fileListPath)), files: def.files, installedAt: def.installedAt });
    for (const v of sides.sort((a, b) => compareGoVersions(b.version, a.version))) {
      const t = await treeState(v.goroot, v.fileListPath);
      const w = await readFile(v.wrapper, 'utf8').catch(() => null);
      if (w === null) add(t, `its wrapper ${v.wrapper} is missing`, `它的命令文件 ${v.wrapper} 不见了`, true);
      else if (!w.includes(join(v.goroot, 'bin', 'go'))) add(t, `its wrapper ${v.wrapper} does not run ${join(v.goroot, 'bin', 'go')}`, `它的命令文件 ${v.wrapper} 运行的不是 ${join(v.goroot, 'bin', 'go')}`, true);
      out.push({ version: v.version, goroot: v.goroot, isDefault: false, wrapper: v.wrapper, state: t.problems.length && t.state === 'ok' ? 'changed' : t.state, problems: t.problems, problemsZh: t.problemsZh, files: v.files, installedAt: v.installedAt });
    }
    return { scope, prefix, wrappersDir: wrappersDir(scope, env, prefix, opts.platform), onPath: !!def && def.environment.pathAdd.includes(wrappersDir(scope, env, prefix, opts.platform)), gotoolchain: def?.environment.vars.GOTOOLCHAIN ?? null, versions: out };
  }
  return null;
}

/**
 * `go-offline use VERSION`: make a side-by-side version the default. Its tree becomes `<prefix>/go`
 * in the one-step swap (renameat2 exchange), the previous default moves beside as
 * `<versions>/go1.X.Y` (nothing re-extracted), the wrappers follow (the new default's removed, the
 * old default's written), and the environment is rewritten only when GOTOOLCHAIN must change (a
 * default crossing Go 1.21). All journaled under the prefix's lock: a kill before the commit is
 * undone by the next command, after it finished. The default's kept-aside previous tree (rollback)
 * and a Go from before our first install stay with `<prefix>/go`'s record.
 */
export async function useVersion(opts: { version: string; scope?: InstallScope; prefix?: string; env?: Env; job: JobContext; platform?: NodeJS.Platform }): Promise<UseResult> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const version = versionName(opts.version);
  await recoverInstalls({ env, scope: opts.scope, prefix: opts.prefix });
  const found = await findVersion(version, opts.scope, env);
  if (!found) {
    const listed = await listVersions({ scope: opts.scope, prefix: opts.prefix, env, platform });
    const def = listed?.versions.find((v) => v.isDefault);
    if (def && def.version === version) return { version, goroot: def.goroot, previousDefault: null, changed: false, environment: [] };
    throw new AppError('INSTALL_VERSION_NOT_INSTALLED', { version, installed: await installedNames(opts.scope, env) });
  }
  const { scope } = found;
  const { prefix } = found.rec;
  const sdir = scopeStateDir(scope, env, platform);
  const auditLog = auditLogPath(env, scope, platform);
  return runJournaled({
    op: 'use',
    scope,
    env,
    platform,
    prefix,
    goroot: join(prefix, 'go'),
    job: opts.job,
    event: 'use',
    failedAudit: { version },
    work: async (tx) => {
      const j = tx.journal;
      const txn = tx.id;
      const state = await loadStateFile(scope, env);
      const side = state.versions?.[version];
      const def = defaultRecord(state, prefix) as (typeof state.records)[string] & { original?: { path: string; version: string | null } | null } | null;
      if (!side) throw new AppError('INSTALL_VERSION_NOT_INSTALLED', { version, installed: await installedNames(opts.scope, env) });
      if (!def) throw new AppError('INSTALL_NEEDS_DEFAULT_GO', { prefixNote: ` (${prefix})` });
      if (!(await exists(side.goroot))) throw new AppError('INSTALL_VERSION_NOT_INSTALLED', { version, installed: await installedNames(opts.scope, env) });
      const vdir = versionsDir(scope, env, prefix, platform);
      const bin = join(vdir, 'bin');
      const oldGoroot = join(vdir, versionName(def.version));
      if (await exists(oldGoroot)) throw new AppError('INSTALL_TARGET_NOT_OURS', { path: oldGoroot });
      const oldWrapper = join(bin, versionName(def.version));
      const wrapperNow = await readFile(oldWrapper, 'utf8').catch(() => null);
      if (wrapperNow !== null && !wrapperNow.includes(WRAPPER_MARK)) throw new AppError('INSTALL_TARGET_NOT_OURS', { path: oldWrapper });

      // the environment: rewritten only when GOTOOLCHAIN must change
      const toolchainsBin = platform !== 'win32' && switchesToolchains(version) ? wrappersDir(scope, env, prefix, platform) : null;
      const wantToolchain = toolchainsBin ? 'path' : 'local';
      const envChange = platform !== 'win32' && (def.environment.vars.GOTOOLCHAIN ?? 'local') !== wantToolchain;
      let plan: EnvPlan | null = null;
      if (envChange) {
        const prior = new Set(def.environment.changes.map((c) => c.target));
        const full = planEnvironment({ scope, goroot: def.goroot, env, platform, choices: { shells: ['bash', 'zsh', 'fish'], sudoLink: def.environment.changes.some((c) => c.kind === 'link') } });
        plan = {
          ...full,
          targets: full.targets.filter((t) => prior.has(t.path)),
          variables: { ...full.variables, vars: { ...def.environment.vars, GOTOOLCHAIN: wantToolchain }, pathAdd: [def.environment.pathAdd[0]!, ...(toolchainsBin ? [toolchainsBin] : [])] },
        };
      }
      await writeJournal(prefix, j);
      const envFiles = plan ? await snapshotPaths(plan.targets.map((t) => t.path), plan.link ? [plan.link.path] : []) : [];
      await snapshot(j, prefix, [side.wrapper, oldWrapper, ...envFiles], tx.snapshotDir);
      // the chosen tree into <prefix>/go in one step; the old default beside under its own name
      await swapInto(prefix, j, side.goroot, def.goroot, oldGoroot);
      await stepPoint('use', 'trees swapped');
      await rm(side.wrapper, { force: true });
      await writeFileAtomic(oldWrapper, wrapperText(oldGoroot, versionName(def.version)), { mode: 0o755 });
      await stepPoint('use', 'wrappers written');
      let changes = def.environment.changes;
      if (plan) {
        const written = await applyEnvironment(plan, { backupDir: join(sdir, 'backups'), prior: def.environment.changes, audit: (event, data) => void appendAudit(auditLog, { event, jobId: opts.job.jobId, ...data }).catch(() => {}) });
        changes = [...written, ...def.environment.changes.filter((c) => !written.some((w) => w.target === c.target))];
        await stepPoint('use', 'environment written');
      }
      const newDefault = {
        ...def,
        version,
        platform: side.platform,
        installedAt: side.installedAt,
        archive: side.archive,
        source: side.source,
        files: side.files,
        bytes: side.bytes,
        fileListPath: side.fileListPath,
        environment: plan ? { vars: plan.variables.vars, pathAdd: plan.variables.pathAdd, changes } : def.environment,
        txn,
      };
      const oldSide: SideVersionRecord & { txn?: string } = {
        schema: 'go-offline/side-version@1',
        scope,
        prefix,
        goroot: oldGoroot,
        version: versionName(def.version),
        wrapper: oldWrapper,
        platform: def.platform,
        installedAt: def.installedAt,
        archive: def.archive,
        source: def.source,
        files: def.files,
        bytes: def.bytes,
        fileListPath: def.fileListPath,
        auditLog: def.auditLog,
        txn,
      };
      state.records[def.goroot] = newDefault;
      const versions = { ...(state.versions ?? {}) };
      delete versions[version];
      versions[oldSide.version] = oldSide;
      state.versions = versions;
      return {
        state,
        cleanup: [],
        audit: { goroot: def.goroot, version, previousDefault: def.version, movedTo: oldGoroot, environment: plan ? plan.targets.map((t) => t.path) : [] },
        result: { version, goroot: def.goroot, previousDefault: { version: def.version, goroot: oldGoroot, wrapper: oldWrapper }, changed: true, environment: plan ? plan.targets.map((t) => t.path) : [] },
      };
    },
  });
}
