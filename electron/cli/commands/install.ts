import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError, toAppError } from '../../../shared/errors';
import type { EnvironmentChoices, InstallScope } from '../../../shared/install';
import type { CliIO } from '../io';
import { confirm, printJson, println } from '../io';
import { describeModuleFill } from '../../../shared/module-fill';
import { signatureCheckLines } from '../signature-words';
import { signatureNotJudged } from '../../engine/signing';
import { runAction } from '../action';
import { DAMAGED_FILES, installFromBundle, installSideBySide, listVersions, readInstallState, recoverInstalls, resolvePrefix, rollback, uninstall, uninstallVersion, versionName } from '../../engine/install';
import { leftOnPurpose, outcomeLine, outcomeOf, scopeChoice, type Why } from '../scope';
import { homeDir } from '../../engine/paths';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { canWrite } from '../../engine/environment';
import type { JobContext } from '../../engine/jobs';

interface InstallFlags {
  bundle: string;
  scope?: InstallScope;
  prefix?: string;
  yes?: boolean;
  json?: boolean;
  goproxy?: 'off' | 'bundle' | 'keep';
  goflags?: string;
  goprivate?: string;
  gonosumdb?: string;
  gosumdbOff?: boolean;
  sudoLink?: boolean;
  shell?: string[];
  removeGoroot?: boolean;
  goVersion?: string;
  sideBySide?: boolean;
  resultFile?: string;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' ? process.getuid() === 0 : false;
}

function defaultScope(): InstallScope {
  return isRoot() ? 'system' : 'user';
}

function scopeOf(v: string | undefined): InstallScope {
  if (v === undefined) return defaultScope();
  if (v !== 'user' && v !== 'system') throw new AppError('BAD_USAGE', { message: `--scope must be "user" or "system", not "${v}"` });
  return v;
}

/**
 * A system step without the rights for it: run exactly this command again through sudo/pkexec
 * (our own CLI, argument array, no shell). Only from a terminal, where the password prompt works.
 */
function elevate(io: CliIO, argv: string[]): number | null {
  if (process.platform !== 'linux' && process.platform !== 'darwin') return null;
  if (!io.stdinIsTTY || isRoot() || io.env.GO_OFFLINE_NO_ELEVATE) return null;
  const script = process.argv[1];
  if (!script) return null;
  const args = ['--', process.execPath, script, ...argv, '--yes'];
  io.stderr.write(io.lang === 'zh' ? '需要管理员权限，正在通过 sudo 运行同一命令…\n' : 'Administrator rights are needed; running the same command through sudo…\n');
  const r = spawnSync('sudo', args, { stdio: 'inherit' });
  return r.error ? null : (r.status ?? 1);
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** `go-offline install | rollback | uninstall`: steps 5–6. */
export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  program
    .command('install')
    .description(zh ? '从安装包安装 Go 并配置环境变量（步骤 5–6）' : 'Install Go from a bundle and set up the environment (steps 5–6)')
    .requiredOption('--bundle <dir|url>', 'bundle folder or relay URL')
    .option('--scope <scope>', 'user or system (default: system as root, else user)')
    .option('--prefix <dir>', 'install Go at DIR/go (remembered for later commands)')
    .option('--yes', 'answer yes to every confirmation')
    .option('--json', 'print the result as JSON')
    .option('--goproxy <mode>', 'off | bundle | keep: how Go finds modules offline (default: the bundled proxy if any, else off)')
    .option('--goflags <flags>', 'GOFLAGS to set, e.g. -mod=mod')
    .option('--goprivate <patterns>', 'GOPRIVATE: internal module path patterns, comma separated')
    .option('--gonosumdb <patterns>', 'GONOSUMDB: module path patterns not checked against the checksum database')
    .option('--gosumdb-off', 'set GOSUMDB=off (only when your go.sum files are complete and you accept unverified modules)')
    .option('--sudo-link', 'system scope: add a go link in /usr/local/bin so "sudo go" works')
    .option('--shell <name>', 'configure this shell (bash, zsh, fish); repeatable; default: the installed ones', collect)
    .option('--remove-goroot', 'comment out GOROOT settings found in your startup files')
    .option('--go-version <version>', 'which Go version of the bundle to install (default: the newest for this machine)')
    .option('--side-by-side', 'install this version beside the default Go (~/sdk/go1.X.Y, system: PREFIX/go-versions/go1.X.Y) with a go1.X.Y command; the default Go stays as it is')
    .option('--result-file <file>', 'also write the result (or the error) as JSON to FILE, a new file (used by the app when it runs this command with administrator rights)')
    .action(async (opts: InstallFlags) => {
      await runAction(io, opts, async (job) => {
        if (!opts.resultFile) return installAction(opts, job);
        try {
          return await installAction(opts, job);
        } catch (err) {
          await writeFile(opts.resultFile, JSON.stringify({ ok: false, error: toAppError(err).toData() }), { flag: 'wx' }).catch(() => {});
          throw err;
        }
      }, signatureAfterDamage);
    });

  /** media whose files are damaged: the signature was not judged, and is said so (never "accepted") */
  async function signatureAfterDamage(e: AppError): Promise<string[]> {
    return DAMAGED_FILES.has(e.code) ? signatureCheckLines(await signatureNotJudged({ env: io.env }), io.lang) : [];
  }

  async function installAction(opts: InstallFlags, job: JobContext): Promise<0 | 1> {
    // an empty --go-version (an unset variable in a script) is refused, not read as "the newest"
    if (opts.goVersion !== undefined) versionName(opts.goVersion);
    const prefix = opts.prefix ? resolve(opts.prefix) : undefined;
    // first finish or undo what a killed run left, so that what is read below is true
    await recoverInstalls({ scope: opts.scope ? scopeOf(opts.scope) : undefined, prefix, env: io.env });
    // without --scope: the scope of the install the other commands would find (as they remember
    // it), else the default; both choices are said in the confirmation
    const remembered = opts.scope ? null : await readInstallState({ prefix, env: io.env });
    const scope = remembered ? remembered.current.scope : scopeOf(opts.scope);
    const scopeWhy: Why = opts.scope ? 'given' : remembered ? 'remembered' : 'default';
    const target = await resolvePrefix(scope, prefix, io.env);
    const prefixWhy: Why = prefix ? 'given' : (await readInstallState({ scope, env: io.env }))?.current.prefix === target ? 'remembered' : 'default';
    if (scope === 'system' && !(await canWrite(target))) {
      const argv = ['install', '--bundle', opts.bundle, '--scope', 'system', '--prefix', target, ...passThrough(opts)];
      const code = elevate(io, argv);
      if (code !== null) return code === 0 ? 0 : 1;
      throw new AppError('INSTALL_NEEDS_ADMIN', { path: target });
    }
    const choice = scopeChoice({ scope, scopeWhy, prefix: target, prefixWhy, root: isRoot() }, io.lang);
    if (opts.sideBySide) return sideBySideAction(opts, job, scope, target, choice);
    await confirm(io, zh ? `将 Go 安装到 ${target}/go 并修改环境变量？${choice}。` : `Install Go into ${target}/go and change the environment variables? ${choice}.`, !!opts.yes);
    const shells = opts.shell?.map((s) => {
      if (s !== 'bash' && s !== 'zsh' && s !== 'fish') throw new AppError('BAD_USAGE', { message: `--shell must be bash, zsh or fish, not "${s}"` });
      return s;
    });
    const environment: EnvironmentChoices = {
      goproxy: opts.goproxy,
      goflags: opts.goflags,
      goprivate: opts.goprivate,
      gonosumdb: opts.gonosumdb,
      gosumdbOff: !!opts.gosumdbOff,
      sudoLink: !!opts.sudoLink,
      shells,
      removeStaleGoroot: !!opts.removeGoroot,
    };
    if (opts.goproxy && !['off', 'bundle', 'keep'].includes(opts.goproxy)) throw new AppError('BAD_USAGE', { message: '--goproxy must be off, bundle or keep' });
    const bundle = /^https?:\/\//i.test(opts.bundle) ? opts.bundle : resolve(opts.bundle);
    const r = await installFromBundle({ bundle, scope, prefix: target, env: io.env, job, environment, version: opts.goVersion });
    if (opts.resultFile) await writeFile(opts.resultFile, JSON.stringify({ ok: true, value: r }), { flag: 'wx' });
    if (opts.json) printJson(io, r);
    else {
      const rec = r.record;
      println(io, zh ? `已安装 ${rec.version} 到 ${rec.goroot}（${rec.files} 个文件，SHA-256 已验证）` : `Installed ${rec.version} at ${rec.goroot} (${rec.files} files, SHA-256 verified)`);
      if (r.chosenFrom) println(io, zh ? `  离线包中有 ${r.chosenFrom.join('、')}，已安装最新的 ${rec.version}（可用 --go-version 选择）` : `  The bundle has ${r.chosenFrom.join(', ')}; the newest, ${rec.version}, was installed (choose with --go-version)`);
      if (rec.previous) println(io, zh ? `旧版本 ${rec.previous.version ?? ''} 已保留，可用 "go-offline rollback" 恢复` : `The previous Go ${rec.previous.version ?? ''} is kept: "go-offline rollback" brings it back`);
      for (const c of rec.environment.changes) println(io, `  ${c.target}  (${c.readBy})`);
      for (const s of r.staleGoroot) println(io, zh ? `  注意：${s.where} 设置了 GOROOT=${s.value}${s.removed ? '（已注释掉）' : '，建议删除（--remove-goroot）'}` : `  Note: GOROOT=${s.value} is set in ${s.where}${s.removed ? ' (commented out)' : '; remove it (--remove-goroot)'}`);
      if (r.modules) println(io, describeModuleFill(r.modules)[zh ? 'zh' : 'en']);
      if (r.signature) for (const l of signatureCheckLines(r.signature, io.lang)) println(io, l);
      for (const n of r.notes) println(io, n);
      println(io, (zh ? '在当前终端中使用：' : 'To use it in this terminal: ') + r.activateHint);
    }
    return 0;
  }

  async function sideBySideAction(opts: InstallFlags, job: JobContext, scope: InstallScope, target: string, choice: string): Promise<0 | 1> {
    const envFlags = ['goproxy', 'goflags', 'goprivate', 'gonosumdb', 'gosumdbOff', 'sudoLink', 'shell', 'removeGoroot'] as const;
    const given = envFlags.filter((k) => opts[k] !== undefined && opts[k] !== false);
    if (given.length) throw new AppError('BAD_USAGE', { message: `--side-by-side keeps the environment of the default Go; do not give ${given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}` });
    await confirm(io, zh ? `在默认 Go 旁边安装离线包中的 Go${opts.goVersion ? ` ${opts.goVersion}` : ''}（默认 Go 保持不变）？${choice}。` : `Install the bundle's Go${opts.goVersion ? ` ${opts.goVersion}` : ''} beside the default Go (the default stays as it is)? ${choice}.`, !!opts.yes);
    const bundle = /^https?:\/\//i.test(opts.bundle) ? opts.bundle : resolve(opts.bundle);
    const r = await installSideBySide({ bundle, scope, prefix: target, env: io.env, job, version: opts.goVersion });
    if (opts.resultFile) await writeFile(opts.resultFile, JSON.stringify({ ok: true, value: r }), { flag: 'wx' });
    if (opts.json) printJson(io, r);
    else {
      const rec = r.record;
      println(io, zh ? `已在默认 Go ${r.defaultVersion} 旁边安装 ${rec.version} 到 ${rec.goroot}（${rec.files} 个文件，SHA-256 已验证）` : `Installed ${rec.version} at ${rec.goroot} beside the default Go ${r.defaultVersion} (${rec.files} files, SHA-256 verified)`);
      println(io, zh ? `  命令 ${rec.version}：${rec.wrapper}` : `  Command ${rec.version}: ${rec.wrapper}`);
      if (r.chosenFrom) println(io, zh ? `  离线包中有 ${r.chosenFrom.join('、')}，已安装最新的 ${rec.version}（可用 --go-version 选择）` : `  The bundle has ${r.chosenFrom.join(', ')}; the newest, ${rec.version}, was installed (choose with --go-version)`);
      println(
        io,
        r.switchable
          ? zh
            ? `  go.mod 中 go 或 toolchain 行要求 ${rec.version} 的项目会自动使用它（GOTOOLCHAIN=path，不联网）。`
            : `  Projects whose go.mod go or toolchain line asks for ${rec.version} use it by themselves (GOTOOLCHAIN=path, no network).`
          : zh
            ? `  默认的 Go ${r.defaultVersion} 早于 1.21，不会自动切换版本：请直接运行 ${rec.wrapper}，或用 "go-offline use ${rec.version}" 把它设为默认。`
            : `  The default Go ${r.defaultVersion} is older than 1.21 and does not switch versions: run ${rec.wrapper} directly, or make it the default with "go-offline use ${rec.version}".`,
      );
      if (r.signature) for (const l of signatureCheckLines(r.signature, io.lang)) println(io, l);
    }
    return 0;
  }

  /** rollback and uninstall take the same options: which install, and the usual confirmations/output */
  const onInstall = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .option('--scope <scope>', 'user or system')
      .option('--prefix <dir>', 'the install prefix (default: the remembered one)')
      .option('--yes', 'answer yes to every confirmation')
      .option('--json', 'print the result as JSON');

  onInstall('rollback', zh ? '恢复上一次安装之前的 Go 版本' : 'Put back the Go that the last install replaced')
    .option('--go-version <version>', 'the version to roll back: the default one rolls back as without it; a version beside the default has no earlier copy (said, nothing changed)')
    .action(async (opts: { scope?: InstallScope; prefix?: string; yes?: boolean; json?: boolean; goVersion?: string }) => {
      await runAction(io, opts, async (job) => {
        const scope = opts.scope ? scopeOf(opts.scope) : undefined;
        const prefix = opts.prefix ? resolve(opts.prefix) : undefined;
        // a killed run is finished or undone first (the state then says what is true)
        await recoverInstalls({ scope, prefix, env: io.env });
        // nothing to roll back is said before anything is asked
        const found = await readInstallState({ scope, prefix, env: io.env });
        // per version: a side-by-side version is never replaced, so it has nothing earlier (said, nothing changed)
        if (opts.goVersion !== undefined) {
          const v = versionName(opts.goVersion);
          const listed = await listVersions({ scope, prefix, env: io.env });
          const side = listed?.versions.find((x) => x.version === v && !x.isDefault);
          if (side) throw new AppError('INSTALL_VERSION_NO_PREVIOUS', { version: v, goroot: side.goroot });
          if (!found || found.current.version !== v) throw new AppError('INSTALL_VERSION_NOT_INSTALLED', { version: v, installed: listed?.versions.map((x) => (x.isDefault ? `${x.version} (default)` : x.version)).join(', ') || 'none' });
          // the default's version: the rollback as always (below)
        }
        if (!found) throw new AppError('INSTALL_NOTHING_INSTALLED', { scope: scope ?? 'user', prefixNote: prefix ? ` (${prefix})` : '' });
        const rec = found.current;
        if (!rec.previous || !existsSync(rec.previous.path)) throw new AppError('INSTALL_NO_PREVIOUS', { goroot: rec.goroot });
        const choice = scopeChoice({ scope: rec.scope, scopeWhy: scope ? 'given' : 'remembered', prefix: rec.prefix, prefixWhy: prefix ? 'given' : 'remembered', root: isRoot() }, io.lang);
        await confirm(
          io,
          zh ? `恢复之前的 Go ${rec.previous.version ?? ''} 并删除当前的 ${rec.version}（${rec.goroot}）？${choice}。` : `Put the previous Go ${rec.previous.version ?? ''} back and remove the current ${rec.version} (${rec.goroot})? ${choice}.`,
          !!opts.yes,
        );
        const r = await rollback({ scope, prefix: opts.prefix ? resolve(opts.prefix) : undefined, env: io.env, job });
        if (opts.json) printJson(io, r);
        else println(io, zh ? `已恢复 ${r.restoredVersion ?? ''}（${r.goroot}），已删除 ${r.removedVersion}` : `Restored ${r.restoredVersion ?? 'the previous Go'} at ${r.goroot}; removed ${r.removedVersion}`);
        return 0;
      });
    });

  onInstall('uninstall', zh ? '删除本程序安装的 Go 及其所做的全部更改' : 'Remove the Go we installed and every change we made')
    .option('--go-version <version>', 'remove only this version installed beside the default one (the default and the others stay)')
    .action(async (opts: { scope?: InstallScope; prefix?: string; yes?: boolean; json?: boolean; goVersion?: string }) => {
      await runAction(io, opts, async (job) => {
        const scope = opts.scope ? scopeOf(opts.scope) : undefined;
        const prefix = opts.prefix ? resolve(opts.prefix) : undefined;
        await recoverInstalls({ scope, prefix, env: io.env });
        const found = await readInstallState({ scope, prefix, env: io.env });
        // an empty --go-version is refused (versionName), never read as "the default Go"
        if (opts.goVersion !== undefined) {
          const v = versionName(opts.goVersion);
          const listed = await listVersions({ scope, prefix, env: io.env });
          const side = listed?.versions.find((x) => x.version === v && !x.isDefault);
          if (side) {
            await confirm(io, zh ? `删除并列安装的 Go ${v}（${side.goroot}）及其命令 ${side.wrapper}？默认的 Go 和其他版本保持不变。` : `Remove the side-by-side Go ${v} (${side.goroot}) and its command ${side.wrapper}? The default Go and the other versions stay.`, !!opts.yes);
            const r = await uninstallVersion({ version: v, scope: listed!.scope, env: io.env, job });
            if (!r) throw new AppError('INSTALL_VERSION_NOT_INSTALLED', { version: v, installed: listed!.versions.map((x) => x.version).join(', ') });
            if (opts.json) printJson(io, r);
            else println(io, zh ? `已删除 ${r.removed.join('、') || r.goroot}` : `Removed ${r.removed.join(', ') || r.goroot}`);
            return 0;
          }
          if (!found || found.current.version !== v) throw new AppError('INSTALL_VERSION_NOT_INSTALLED', { version: v, installed: listed?.versions.map((x) => (x.isDefault ? `${x.version} (default)` : x.version)).join(', ') || 'none' });
          // the default's version: the uninstall as always (below)
        }
        if (!found) throw new AppError('INSTALL_NOTHING_INSTALLED', { scope: scope ?? 'user', prefixNote: prefix ? ` (${prefix})` : '' });
        const rec = found.current;
        const choice = scopeChoice({ scope: rec.scope, scopeWhy: scope ? 'given' : 'remembered', prefix: rec.prefix, prefixWhy: prefix ? 'given' : 'remembered', root: isRoot() }, io.lang);
        await confirm(io, zh ? `删除已安装的 Go ${rec.version}（${rec.goroot}）并撤销环境变量更改？${choice}。` : `Remove the installed Go ${rec.version} (${rec.goroot}) and undo the environment changes? ${choice}.`, !!opts.yes);
        const r = await uninstall({ scope, prefix, env: io.env, job });
        if (opts.json) printJson(io, r);
        else {
          println(io, zh ? `已删除 ${r.removed.join('、') || r.goroot}` : `Removed ${r.removed.join(', ') || r.goroot}`);
          if ((rec as { original?: { path: string } | null }).original) println(io, zh ? `  安装前就有的 Go 已放回 ${r.goroot}` : `  The Go that was there before the install is back at ${r.goroot}`);
          const reported = new Set(r.restoredFiles);
          for (const c of rec.environment.changes) println(io, outcomeLine(c, outcomeOf(c, reported, c.kind === 'registry' || existsSync(c.target)), io.lang));
          const home = homeDir(io.env);
          const gopath = rec.environment.vars.GOPATH || io.env.GOPATH || join(home, 'go');
          const gocache = io.env.GOCACHE || join(io.env.XDG_CACHE_HOME || join(home, '.cache'), 'go-build');
          for (const l of leftOnPurpose({ gopath, gocache }, io.lang)) println(io, l);
          const rest = (await listVersions({ scope: rec.scope, env: io.env }))?.versions.filter((x) => !x.isDefault) ?? [];
          for (const x of rest) println(io, zh ? `  仍然安装在旁边：${x.version}（${x.goroot}），用 "go-offline uninstall --go-version ${x.version}" 删除` : `  Still installed beside it: ${x.version} (${x.goroot}); remove it with "go-offline uninstall --go-version ${x.version}"`);
        }
        return 0;
      });
    });
}

function passThrough(o: InstallFlags): string[] {
  const a: string[] = [];
  if (o.json) a.push('--json');
  if (o.goproxy) a.push('--goproxy', o.goproxy);
  if (o.goflags) a.push('--goflags', o.goflags);
  if (o.goprivate) a.push('--goprivate', o.goprivate);
  if (o.gonosumdb) a.push('--gonosumdb', o.gonosumdb);
  if (o.gosumdbOff) a.push('--gosumdb-off');
  if (o.sudoLink) a.push('--sudo-link');
  for (const s of o.shell ?? []) a.push('--shell', s);
  if (o.removeGoroot) a.push('--remove-goroot');
  if (o.goVersion) a.push('--go-version', o.goVersion);
  if (o.sideBySide) a.push('--side-by-side');
  return a;
}
