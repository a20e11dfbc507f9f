/**
 * Step 5: verified, atomic, reversible install.
 *
 * installFromBundle: recovery of anything a killed run left (recovery.ts) → the prefix's lock
 * (lock.ts) → check the bundle → one pass (hash + gunzip + safe untar) into a staging folder inside
 * the prefix (same filesystem) → the extracted tree checked against what the guard accepted and
 * its `go version` run → write the environment → the staged tree swapped into place in one step
 * (journal.ts: renameat2 RENAME_EXCHANGE where the system has it), the old one renamed aside
 * (named with its version and time) → commit the install record. Every rename and every file the
 * environment step touches is written to a journal (`<prefix>/.go-offline-journal.json`) first; a
 * failure undoes the journal at once, and a run that was killed is undone (before its commit) or
 * finished (after it) by the next command. The commit point is the state file naming the
 * journal's transaction.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { EnvChange, EnvironmentChoices, InstallRecord, InstallResult, InstallScope, RollbackResult, UninstallResult } from '../../../shared/install';
import type { JobContext } from '../jobs';
import { dataDir, type Env } from '../paths';
import { shQuote } from '../quote';
import { fillModulesAfterInstall } from '../modules/fill';
import {
  applyEnvironment,
  canWrite,
  disableGorootLines,
  fileProxyUrl,
  findStaleGoroot,
  planEnvironment,
  removeEnvironment,
  RegBackend,
  snapshotPaths,
  type RegistryBackend,
} from '../environment';
import { copyModuleProxy, hostPlatform, judgeInstallSignature, signatureSaying } from './bundle-input';
import { stageFromBundle } from './stage';
import { appendAudit, auditLogPath, loadStateFile, readInstallState, scopeStateDir, type StateFile } from './state';
import { move, snapshot, stepPoint, swapInto, writeJournal } from './journal';
import { runJournaled } from './transaction';
import { exists, looksLikeGo, readVersion, recordPlacedTree, stamp, wrapPermission, wrappersDir } from './common';
import { switchesToolchains } from './versions';
export { transferFacts } from './common';
import { defaultPrefix, recoverInstalls, STAGING, TRASH } from './recovery';

export { extractGoArchive } from './extract';
export { auditLogPath, readInstallState } from './state';
export { defaultPrefix, recoverInstalls, recoverPrefix } from './recovery';
export { DAMAGED_FILES, hostPlatform, pickArchive } from './bundle-input';
export { installSideBySide, listVersions, uninstallVersion, useVersion, versionsDir, wrappersDir, switchesToolchains, versionName } from './versions';

export interface InstallOptions {
  /** bundle folder or relay URL */
  bundle: string;
  scope: InstallScope;
  prefix?: string;
  env?: Env;
  job: JobContext;
  environment?: EnvironmentChoices;
  /** a specific Go version from the bundle (default: the newest for this host) */
  version?: string;
  /** tests: the Windows registry backend */
  registry?: RegistryBackend;
  platform?: NodeJS.Platform;
  /** this machine's clock for the bundle's signature check (tests inject skewed clocks) */
  now?: Date;
}

export interface ScopeOptions {
  scope?: InstallScope;
  prefix?: string;
  env?: Env;
  job: JobContext;
  registry?: RegistryBackend;
}


/** Default prefix of a scope (the folder that holds `go/`), or the remembered one. */
export async function resolvePrefix(scope: InstallScope, prefix: string | undefined, env: Env, platform: NodeJS.Platform = process.platform): Promise<string> {
  if (prefix) return prefix;
  const st = await loadStateFile(scope, env);
  if (st.current && st.records[st.current]) return st.records[st.current]!.prefix;
  return defaultPrefix(scope, env, platform);
}


/** Install Go from a bundle. See the module comment for the order of steps. */
export async function installFromBundle(opts: InstallOptions): Promise<InstallResult> {
  const t0 = Date.now();
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const { scope, job } = opts;
  const prefix = await resolvePrefix(scope, opts.prefix, env, platform);
  const goroot = join(prefix, 'go');
  const sdir = scopeStateDir(scope, env, platform);
  const auditLog = auditLogPath(env, scope, platform);
  const audit = (event: string, data: Record<string, unknown> = {}) => appendAudit(auditLog, { event, jobId: job.jobId, ...data });
  const host = hostPlatform(platform);
  // judged first (a refused bundle leaves the machine exactly as it was), said once the archive proved
  const signature = await judgeInstallSignature(opts.bundle, { env, now: opts.now, job, host, version: opts.version });
  const said = signatureSaying(audit, { env, now: opts.now });
  try {
    await mkdir(prefix, { recursive: true });
    await mkdir(sdir, { recursive: true });
  } catch (e) {
    // a recursive mkdir reports ENOENT where a folder cannot be created (read-only mount): ask
    // the nearest existing folder whether it is writable, so the user hears about rights
    const denied = (e as NodeJS.ErrnoException).code === 'ENOENT' && !((await canWrite(prefix)) && (await canWrite(sdir)));
    throw wrapPermission(denied ? Object.assign(new Error(`cannot create folders in ${prefix} or ${sdir}`), { code: 'EACCES' }) : e, scope, prefix);
  }
  await recoverInstalls({ env, scope, prefix, platform });
  let staging = '';
  let proxyTmp: string | null = null;
  const auditQueue: Array<Promise<void>> = [];
  const auditSync = (event: string, data: Record<string, unknown>) => void auditQueue.push(audit(event, data));
  return runJournaled({
    op: 'install',
    scope,
    env,
    platform,
    prefix,
    goroot,
    job,
    event: 'install.done',
    discard: () => [staging, proxyTmp],
    onFailure: async (e) => {
      await Promise.all(auditQueue).catch(() => {});
      await said.failed(e);
    },
    work: async (tx) => {
      const j = tx.journal;
      staging = join(prefix, `${STAGING}${tx.tag}`);
      await audit('install.start', { source: opts.bundle, scope, prefix, goroot, host: host.id });
      const { bundle, archive, ex, version, extractSeconds, chosenFrom } = await stageFromBundle({ source: opts.bundle, version: opts.version, host, staging, env, platform, job, audit, proven: () => said.verdict(signature) });

      // 2. what is there now
      const oldExists = await exists(goroot);
      if (oldExists && !(await looksLikeGo(goroot))) throw new AppError('INSTALL_TARGET_NOT_OURS', { path: goroot });
      const oldVersion = oldExists ? await readVersion(goroot) : null;
      const state = await loadStateFile(scope, env);
      const oldRecord = state.records[goroot] ?? null;
      await writeJournal(prefix, j);

      // 3. the module proxy, copied next to our data
      let moduleProxy: InstallRecord['moduleProxy'] = null;
      let proxyOld: string | null = null;
      if (bundle.manifest.modules) {
        const dest = scope === 'user' ? join(dataDir(env, platform), 'modules', 'proxy') : join(sdir, 'modules', 'proxy');
        const tmp = `${dest}.new-${tx.tag}`;
        proxyTmp = tmp;
        await copyModuleProxy(bundle, tmp, job);
        proxyOld = `${dest}.old-${tx.tag}`;
        await swapInto(prefix, j, tmp, dest, proxyOld);
        moduleProxy = { path: dest, url: fileProxyUrl(dest, platform) };
        await audit('modules.copied', { from: bundle.manifest.modules.proxyPath, to: dest, modules: bundle.manifest.modules.moduleCount });
      }

      // 4. the environment (snapshotted in the journal first)
      // Go 1.21+: GOTOOLCHAIN=path and the wrappers of side-by-side versions on PATH (versions.ts)
      const toolchainsBin = platform !== 'win32' && switchesToolchains(version) ? wrappersDir(scope, env, prefix, platform) : null;
      const plan = planEnvironment({ scope, goroot, env, platform, choices: opts.environment, moduleProxyUrl: moduleProxy?.url ?? null, toolchainsBin });
      await snapshot(j, prefix, await snapshotPaths(plan.targets.map((t) => t.path), plan.link ? [plan.link.path] : []), tx.snapshotDir);
      const registry = platform === 'win32' ? (opts.registry ?? new RegBackend()) : undefined;
      const changes: EnvChange[] = await applyEnvironment(plan, { backupDir: join(sdir, 'backups'), prior: oldRecord?.environment.changes, audit: auditSync, registry });
      const staleFiles = plan.targets.filter((t) => t.syntax === 'sh').map((t) => t.path);
      const stale = await findStaleGoroot(env, staleFiles);
      const staleOut: InstallResult['staleGoroot'] = [];
      for (const s of stale) staleOut.push({ where: s.where, value: s.value, removed: false });
      if (opts.environment?.removeStaleGoroot) {
        const files = [...new Set(stale.filter((s) => s.where !== 'environment').map((s) => s.where))];
        for (const f of files) {
          const c = await disableGorootLines(f, auditSync);
          if (c) {
            changes.push(c);
            for (const s of staleOut) if (s.where === f) s.removed = true;
          }
        }
      }
      for (const c of oldRecord?.environment.changes ?? []) if (c.kind === 'goroot-comment' && !changes.some((x) => x.target === c.target && x.kind === c.kind)) changes.push(c);
      if (stale.length) await audit('env.stale-goroot', { found: stale });

      // 5. the swap: old aside, new into place
      const ts = Date.now();
      const asideName = `.go-previous-${(oldVersion ?? 'unknown').replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp()}`;
      const aside = oldExists ? join(prefix, asideName) : null;
      // the file list to come, journaled as a file that is not there yet (undo removes it)
      const fileListPath = join(sdir, 'installs', `${version}-${stamp()}-${tx.id.slice(0, 8)}.files.jsonl`);
      j.snapshots.push({ path: fileListPath, copy: null });
      await swapInto(prefix, j, ex.root, goroot, aside ?? join(prefix, `${TRASH}${tx.tag}-none`));
      const swapSeconds = (Date.now() - ts) / 1000;
      await audit('tree.swap', { goroot, version, previous: aside, previousVersion: oldVersion });

      // 6. the file list and the record (committed by runJournaled)
      const tree = await recordPlacedTree({ fileListPath, extracted: ex, archive, source: opts.bundle, platform: host.id, auditLog });
      const { previous: _drop, ...oldRecordFlat } = oldRecord ?? ({} as InstallRecord);
      const record: InstallRecord & { original?: { path: string; version: string | null } | null } = {
        schema: 'go-offline/install@1',
        scope,
        prefix,
        goroot,
        version,
        ...tree,
        previous: aside ? { path: aside, version: oldVersion, movedAt: new Date().toISOString(), record: oldRecord ? (oldRecordFlat as Omit<InstallRecord, 'previous'>) : null } : null,
        moduleProxy,
        environment: { vars: plan.variables.vars, pathAdd: plan.variables.pathAdd, changes },
        // a Go that was there before our first install: uninstall puts it back
        original: oldRecord ? ((oldRecord as typeof record).original ?? null) : aside ? { path: aside, version: oldVersion } : null,
      };
      state.records[goroot] = { ...record, txn: tx.id };
      state.current = goroot;
      await Promise.all(auditQueue);
      const binDir = plan.variables.pathAdd[0]!;
      const notes =
        platform === 'win32'
          ? ['Open a new console window: consoles that are already open keep the old PATH.']
          : ['Open a new terminal (or log in again) so that your shell reads the new settings.'];
      // what goes once committed: the staging folder, an older previous tree of ours, the old proxy copy
      const olderPrev = oldRecord?.previous?.path;
      const original = record.original?.path;
      return {
        state,
        cleanup: [staging, ...(olderPrev && olderPrev !== original && olderPrev !== aside ? [olderPrev] : []), ...(proxyOld ? [proxyOld] : [])],
        audit: { goroot, version, sha256: ex.sha256, files: ex.files, fileList: fileListPath, environment: changes.map((c) => c.target) },
        result: {
          record,
          timings: { extractSeconds, swapSeconds, totalSeconds: (Date.now() - t0) / 1000 },
          staleGoroot: staleOut,
          notes,
          activateHint: platform === 'win32' ? `set "PATH=${binDir};%PATH%"` : `export PATH=${plan.variables.pathAdd.map(shQuote).join(':')}:"$PATH" GOTOOLCHAIN=${plan.variables.vars.GOTOOLCHAIN}`,
          ...(chosenFrom ? { chosenFrom } : {}),
          signature,
        },
        // 8. a user install: the user's module cache filled from the bundled proxy (quiet first build)
        after: async (r) => {
          const modules = moduleProxy && scope === 'user' ? await fillModulesAfterInstall({ goroot, proxyDir: moduleProxy.path, env: { ...env, ...plan.variables.vars }, job, platform, audit }) : null;
          return modules ? { ...r, modules } : r;
        },
      };
    },
  });
}

async function currentRecord(opts: ScopeOptions): Promise<{ scope: InstallScope; env: Env; state: StateFile & { lastTxn?: string }; record: InstallRecord & { original?: { path: string; version: string | null } | null } }> {
  const env = opts.env ?? process.env;
  const found = await readInstallState({ scope: opts.scope, prefix: opts.prefix, env });
  const scope = found?.current.scope ?? opts.scope ?? 'user';
  if (!found) throw new AppError('INSTALL_NOTHING_INSTALLED', { scope, prefixNote: opts.prefix ? ` (${opts.prefix})` : '' });
  const state = await loadStateFile(scope, env);
  return { scope, env, state, record: state.records[found.current.goroot] ?? found.current };
}

/** Put the previous install back (kept aside by the last install). */
export async function rollback(opts: ScopeOptions): Promise<RollbackResult> {
  await recoverInstalls({ env: opts.env, scope: opts.scope, prefix: opts.prefix });
  const { scope, env, state, record } = await currentRecord(opts);
  const prev = record.previous;
  if (!prev || !(await exists(prev.path))) throw new AppError('INSTALL_NO_PREVIOUS', { goroot: record.goroot });
  if (!prev.record) {
    // the previous Go was not installed by us: going back means undoing our install entirely
    const u = await uninstall({ ...opts, scope, prefix: record.prefix });
    return { goroot: u.goroot, restoredVersion: prev.version, removedVersion: record.version };
  }
  const { prefix, goroot } = record;
  return runJournaled({
    op: 'rollback',
    scope,
    env,
    prefix,
    goroot,
    job: opts.job,
    event: 'rollback',
    work: async (tx) => {
      await writeJournal(prefix, tx.journal);
      const trash = join(prefix, `${TRASH}${tx.tag}`);
      // the previous tree into place in one step; the removed one to the trash
      await swapInto(prefix, tx.journal, prev.path, goroot, trash);
      const restored = { ...(prev.record as InstallRecord), previous: null, original: record.original ?? null } as InstallRecord;
      state.records[goroot] = { ...restored, environment: record.environment, txn: tx.id };
      state.current = goroot;
      return {
        state,
        cleanup: [trash],
        audit: { goroot, removedVersion: record.version, restoredVersion: prev.version },
        result: { goroot, restoredVersion: prev.version, removedVersion: record.version },
      };
    },
  });
}

/** Remove our install and every change we made; a Go that was there before comes back. */
export async function uninstall(opts: ScopeOptions): Promise<UninstallResult> {
  await recoverInstalls({ env: opts.env, scope: opts.scope, prefix: opts.prefix });
  const { scope, env, state, record } = await currentRecord(opts);
  const { prefix, goroot } = record;
  const auditLog = auditLogPath(env, scope);
  return runJournaled({
    op: 'uninstall',
    scope,
    env,
    prefix,
    goroot,
    job: opts.job,
    event: 'uninstall',
    work: async (tx) => {
      const j = tx.journal;
      await writeJournal(prefix, j);
      const envChanges = record.environment.changes.filter((c) => c.kind !== 'registry');
      const fileTargets = await snapshotPaths(
        envChanges.filter((c) => c.kind !== 'link').map((c) => c.target),
        envChanges.filter((c) => c.kind === 'link').map((c) => c.target),
      );
      await snapshot(j, prefix, fileTargets, tx.snapshotDir);
      const removed: string[] = [];
      const trashes: string[] = [];
      const trash = (n: number) => join(prefix, `${TRASH}${tx.tag}-${n}`);
      const original = record.original?.path;
      if (record.previous && record.previous.path !== original && (await exists(record.previous.path))) {
        trashes.push(trash(1));
        await move(prefix, j, record.previous.path, trash(1));
        removed.push(record.previous.path);
      }
      if (await exists(goroot)) {
        trashes.push(trash(0));
        // a Go that was there before comes back in the same step that takes ours away
        if (original && (await exists(original))) await swapInto(prefix, j, original, goroot, trash(0));
        else await move(prefix, j, goroot, trash(0));
        removed.push(goroot);
      } else if (original && (await exists(original))) await move(prefix, j, original, goroot);
      if (record.moduleProxy && (await exists(record.moduleProxy.path))) {
        trashes.push(`${record.moduleProxy.path}.trash-${tx.tag}`);
        await move(prefix, j, record.moduleProxy.path, trashes.at(-1)!);
        removed.push(record.moduleProxy.path);
      }
      const registry = record.environment.changes.some((c) => c.kind === 'registry') ? (opts.registry ?? new RegBackend()) : undefined;
      const restoredFiles = await removeEnvironment(record.environment.changes, {
        registry,
        audit: (event, data) => void appendAudit(auditLog, { event, jobId: opts.job.jobId, ...data }).catch(() => {}),
      });
      await stepPoint('uninstall', 'environment removed');
      delete state.records[goroot];
      state.current = Object.keys(state.records)[0] ?? null;
      return {
        state,
        cleanup: trashes,
        audit: { goroot, removed, restoredFiles, restoredOriginal: original ?? null },
        result: { goroot, removed, restoredFiles },
      };
    },
  });
}
