/**
 * Step 6: environment variables per OS, behind one interface. `planEnvironment` says which files
 * (or registry values) a scope's shells really read; `applyEnvironment` writes a marked block
 * (or a whole file we own) into each, backing a file up before our first change, keeping its
 * line endings; `removeEnvironment` undoes exactly what was recorded, leaving the rest of every
 * file byte-for-byte as it was. PATH gets Go's bin folder and $GOPATH/bin; GOROOT is never set
 * (a stale one is reported and can be commented out); GOTOOLCHAIN=local and the offline settings
 * (GOPROXY, GOFLAGS, GOPRIVATE/GONOSUMDB, GOSUMDB=off only by choice) are exported.
 */
import { constants as fsc, existsSync } from 'node:fs';
import { access, lstat, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import { dirname, join, delimiter } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../shared/errors';
import type { EnvChange, EnvironmentChoices, GoVariables, InstallScope } from '../../../shared/install';
import { homeDir, type Env } from '../paths';
import { fishQuote, goEnvValue, oneLine, shQuote } from '../quote';
import { BrokenBlockError, detectEol, removeBlock, upsertBlock } from './blocks';
import { fromUtf8, readStartupFile, resolveStartupFile, toUtf8, writeLatin1Atomic, writeStartupFile, type StartupFile } from './files';
import { applyWindowsEnvironment, removeWindowsEnvironment, type RegistryBackend } from './windows';

export * from './blocks';
export type { RegistryBackend } from './windows';
export { RegBackend, FakeRegistry, WINDOWS_KEYS } from './windows';

export type Syntax = 'sh' | 'fish' | 'paths' | 'goenv';

/** One file we write: a marked block inside a file (`block`) or a whole file we own (`file`). */
export interface EnvTarget {
  path: string;
  syntax: Syntax;
  kind: 'block' | 'file';
  readBy: string;
}

export interface EnvPlan {
  platform: NodeJS.Platform;
  scope: InstallScope;
  goroot: string;
  variables: GoVariables;
  targets: EnvTarget[];
  /** system scope: a `go` link in /usr/local/bin (sudo's secure_path) */
  link: { path: string; target: string } | null;
  /** Windows: which registry key */
  registryKey: string | null;
}

export interface PlanOptions {
  scope: InstallScope;
  goroot: string;
  env: Env;
  platform?: NodeJS.Platform;
  choices?: EnvironmentChoices;
  /** GOPROXY URL of the local module proxy copy, when there is one */
  moduleProxyUrl?: string | null;
  /** re-root of system paths (/etc, /usr/local) — GO_OFFLINE_SYSTEM_ROOT, used by tests */
  systemRoot?: string;
  /**
   * the folder of the go1.X.Y wrappers of versions installed beside the default one: given when the
   * default Go is 1.21 or newer, which can switch toolchains; then GOTOOLCHAIN=path (a go.mod asking
   * for an installed newer version runs its wrapper from PATH, never a download) and the folder on
   * PATH. Older Go ignores GOTOOLCHAIN: GOTOOLCHAIN=local as before.
   */
  toolchainsBin?: string | null;
}

const SAFE_LIST = /^[A-Za-z0-9._~/*,:@+=-]*$/;
const SAFE_FLAGS = /^[A-Za-z0-9._~/*,:@+= -]*$/;

function checkValue(name: string, value: string, re: RegExp, reason: string): string {
  if (!re.test(value)) throw new AppError('ENV_INVALID_VALUE', { name, value: value.slice(0, 200), reason });
  return value;
}

/**
 * The variables for the blocks, from the choices. Pure. Paths (the install folder, the module
 * proxy under HOME or XDG_DATA_HOME) may hold any character a folder name can: every writer quotes
 * them for its shell (../quote.ts); only line breaks are refused, as no startup file can hold them.
 */
export function computeVariables(goroot: string, platform: NodeJS.Platform, choices: EnvironmentChoices = {}, moduleProxyUrl: string | null = null, toolchainsBin: string | null = null): GoVariables {
  const win = platform === 'win32';
  const sep = win ? '\\' : '/';
  oneLine('GOROOT', goroot);
  const vars: Record<string, string> = { GOTOOLCHAIN: toolchainsBin ? 'path' : 'local' };
  const mode = choices.goproxy ?? (moduleProxyUrl ? 'bundle' : 'off');
  if (mode === 'bundle' && moduleProxyUrl) vars.GOPROXY = `${oneLine('GOPROXY', moduleProxyUrl)},off`;
  else if (mode === 'off' || mode === 'bundle') vars.GOPROXY = 'off';
  if (choices.goflags) vars.GOFLAGS = checkValue('GOFLAGS', choices.goflags.trim(), SAFE_FLAGS, 'only flags like -mod=mod separated by spaces are allowed');
  if (choices.goprivate) vars.GOPRIVATE = checkValue('GOPRIVATE', choices.goprivate.trim(), SAFE_LIST, 'only module path patterns are allowed');
  if (choices.gonosumdb) vars.GONOSUMDB = checkValue('GONOSUMDB', choices.gonosumdb.trim(), SAFE_LIST, 'only module path patterns are allowed');
  if (choices.gosumdbOff) vars.GOSUMDB = 'off';
  return {
    pathAdd: [`${goroot}${sep}bin`, ...(toolchainsBin ? [oneLine('PATH', toolchainsBin)] : [])],
    gopathBin: win ? '%USERPROFILE%\\go\\bin' : '${GOPATH:-$HOME/go}/bin',
    vars,
  };
}

/**
 * `file:///...` URL of a local folder (three slashes on Windows too), percent-encoded so that any
 * folder name is one URL: spaces, quotes, `%` and `#` by the URL rules, and also `,` and `|`,
 * which would otherwise split GOPROXY's list. Go decodes the path back before reading the folder.
 */
export function fileProxyUrl(dir: string, platform: NodeJS.Platform = process.platform): string {
  const href = pathToFileURL(dir, { windows: platform === 'win32' }).href;
  return href.replace(/,/g, '%2C').replace(/\|/g, '%7C');
}

/** Block lines for POSIX shells (sh, bash, zsh). */
export function renderSh(v: GoVariables): string[] {
  const lines = ['# Go settings written by Go Offline Installer. Remove them with: go-offline uninstall'];
  for (const [k, val] of Object.entries(v.vars)) lines.push(`export ${k}=${shQuote(oneLine(k, val))}`);
  for (const p of v.pathAdd) {
    const q = shQuote(oneLine('PATH', p));
    lines.push(`case ":\${PATH}:" in *:${q}:*) ;; *) PATH=${q}":\${PATH}" ;; esac`);
  }
  lines.push(`case ":\${PATH}:" in *:"${v.gopathBin}":*) ;; *) PATH="\${PATH}:${v.gopathBin}" ;; esac`);
  lines.push('export PATH');
  return lines;
}

/** Block lines for fish (conf.d file). */
export function renderFish(v: GoVariables): string[] {
  const lines = ['# Go settings written by Go Offline Installer. Remove them with: go-offline uninstall'];
  for (const [k, val] of Object.entries(v.vars)) lines.push(`set -gx ${k} ${fishQuote(oneLine(k, val))}`);
  for (const p of v.pathAdd) {
    const q = fishQuote(oneLine('PATH', p));
    lines.push(`contains -- ${q} $PATH; or set -gx PATH ${q} $PATH`);
  }
  lines.push('if set -q GOPATH[1]');
  lines.push('    contains -- $GOPATH[1]/bin $PATH; or set -gx PATH $PATH $GOPATH[1]/bin');
  lines.push('else');
  lines.push('    contains -- $HOME/go/bin $PATH; or set -gx PATH $PATH $HOME/go/bin');
  lines.push('end');
  return lines;
}

function onPath(name: string, env: Env): boolean {
  for (const dir of (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return true;
  }
  return false;
}

/** Which shells to configure: the asked ones, else the installed ones plus the user's login shell. */
export function shellsToConfigure(env: Env, choices: EnvironmentChoices = {}): Array<'bash' | 'zsh' | 'fish'> {
  if (choices.shells?.length) return [...new Set(choices.shells)];
  const login = (env.SHELL ?? '').split('/').pop();
  const out: Array<'bash' | 'zsh' | 'fish'> = ['bash'];
  if (login === 'zsh' || onPath('zsh', env)) out.push('zsh');
  if (login === 'fish' || onPath('fish', env)) out.push('fish');
  return out;
}

function sysPath(root: string | undefined, p: string): string {
  return root ? join(root, p) : p;
}

/**
 * The files to snapshot before `applyEnvironment` writes (for undo after a crash): each startup
 * file where it really is (a linked ~/.bashrc is snapshotted and restored at its target, so the
 * link stays a link), the sudo link as itself. A link to nothing stays as given (nothing to copy).
 */
export async function snapshotPaths(files: string[], links: string[] = []): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) out.push(await resolveStartupFile(f).catch(() => f));
  return [...out, ...links];
}

/** Which files (or registry key) a scope's shells really read on this OS. */
export function planEnvironment(opts: PlanOptions): EnvPlan {
  const platform = opts.platform ?? process.platform;
  const { env, scope, goroot } = opts;
  const choices = opts.choices ?? {};
  const variables = computeVariables(goroot, platform, choices, opts.moduleProxyUrl ?? null, opts.toolchainsBin ?? null);
  const root = opts.systemRoot ?? env.GO_OFFLINE_SYSTEM_ROOT;
  const targets: EnvTarget[] = [];
  let link: EnvPlan['link'] = null;
  if (platform === 'win32') {
    return {
      platform,
      scope,
      goroot,
      variables,
      targets,
      link,
      registryKey: scope === 'system' ? 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment' : 'HKCU\\Environment',
    };
  }
  const shells = shellsToConfigure(env, choices);
  const home = homeDir(env, platform);
  const zdot = env.ZDOTDIR || home;
  if (scope === 'user') {
    if (shells.includes('bash')) {
      if (platform === 'darwin') targets.push({ path: join(home, '.bash_profile'), syntax: 'sh', kind: 'block', readBy: 'bash login shells (Terminal)' });
      else {
        const bp = join(home, '.bash_profile');
        if (existsSync(bp)) targets.push({ path: bp, syntax: 'sh', kind: 'block', readBy: 'bash login shells (~/.profile is ignored because this file exists)' });
        else targets.push({ path: join(home, '.profile'), syntax: 'sh', kind: 'block', readBy: 'bash and sh login shells' });
      }
      targets.push({ path: join(home, '.bashrc'), syntax: 'sh', kind: 'block', readBy: 'interactive bash shells' });
    }
    if (shells.includes('zsh')) {
      targets.push({ path: join(zdot, '.zprofile'), syntax: 'sh', kind: 'block', readBy: 'zsh login shells' });
      targets.push({ path: join(zdot, '.zshrc'), syntax: 'sh', kind: 'block', readBy: 'interactive zsh shells' });
    }
    if (shells.includes('fish')) {
      const cfg = env.XDG_CONFIG_HOME || join(home, '.config');
      targets.push({ path: join(cfg, 'fish', 'conf.d', 'go-offline.fish'), syntax: 'fish', kind: 'file', readBy: 'fish shells' });
    }
    // Go's own settings file (what `go env -w` writes): programs not started from a shell (an IDE
    // opened from the desktop, cron) read it too. Environment variables still take precedence.
    const goenvFile = goEnvFilePath(env, platform, home);
    if (goenvFile) targets.push({ path: goenvFile, syntax: 'goenv', kind: 'block', readBy: 'go itself, also when not started from a shell (IDEs, cron)' });
  } else if (platform === 'darwin') {
    targets.push({ path: sysPath(root, '/etc/paths.d/go-offline'), syntax: 'paths', kind: 'file', readBy: 'path_helper (login shells of every user)' });
    targets.push({ path: sysPath(root, '/etc/zprofile'), syntax: 'sh', kind: 'block', readBy: 'zsh login shells of every user' });
    targets.push({ path: sysPath(root, '/etc/profile'), syntax: 'sh', kind: 'block', readBy: 'bash and sh login shells of every user' });
  } else {
    targets.push({ path: sysPath(root, '/etc/profile.d/go-offline.sh'), syntax: 'sh', kind: 'file', readBy: 'bash and sh login shells of every user' });
    if (shells.includes('zsh')) {
      const zp = existsSync(sysPath(root, '/etc/zsh')) ? '/etc/zsh/zprofile' : '/etc/zprofile';
      targets.push({ path: sysPath(root, zp), syntax: 'sh', kind: 'block', readBy: 'zsh login shells of every user' });
    }
    if (shells.includes('fish')) targets.push({ path: sysPath(root, '/etc/fish/conf.d/go-offline.fish'), syntax: 'fish', kind: 'file', readBy: 'fish shells of every user' });
  }
  if (scope === 'system' && choices.sudoLink) link = { path: sysPath(root, '/usr/local/bin/go'), target: join(goroot, 'bin', 'go') };
  return { platform, scope, goroot, variables, targets, link, registryKey: null };
}

/** Where `go env -w` writes for this user (GOENV, unless turned off); null when Go would not read one. */
export function goEnvFilePath(env: Env, platform: NodeJS.Platform, home: string): string | null {
  if (env.GOENV === 'off') return null;
  if (env.GOENV) return env.GOENV;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'go', 'env');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'go', 'env');
}

/**
 * Block lines for Go's settings file: plain KEY=VALUE lines, which Go reads (it ignores the
 * comment lines that mark our block, and `go env -w` keeps them). No PATH: Go does not read it here.
 */
export function renderGoEnv(v: GoVariables): string[] {
  return ['# Go settings written by Go Offline Installer. Remove them with: go-offline uninstall', ...Object.entries(v.vars).map(([k, val]) => `${k}=${goEnvValue(k, val)}`)];
}

export function renderTarget(t: EnvTarget, v: GoVariables): string[] {
  if (t.syntax === 'goenv') return renderGoEnv(v);
  if (t.syntax === 'fish') return renderFish(v);
  if (t.syntax === 'paths') return v.pathAdd.map((p) => oneLine('PATH', p));
  return renderSh(v);
}

export interface ApplyOptions {
  /** folder for backups of files before our first change */
  backupDir: string;
  /** earlier changes for the same targets (kept: created/backup/addedLeadingNewline of the first write) */
  prior?: EnvChange[];
  audit?: (event: string, data: Record<string, unknown>) => void;
  registry?: RegistryBackend;
}

/** Write the plan. Returns what was changed, enough to undo it exactly. */
export async function applyEnvironment(plan: EnvPlan, opts: ApplyOptions): Promise<EnvChange[]> {
  const audit = opts.audit ?? (() => {});
  if (plan.platform === 'win32') {
    if (!opts.registry) throw new Error('a registry backend is needed on Windows');
    return applyWindowsEnvironment(plan, opts.registry, opts.prior ?? [], audit);
  }
  const changes: EnvChange[] = [];
  const priorFor = (target: string) => opts.prior?.find((c) => c.target === target);
  // read every file first: a folder, fifo or broken link anywhere is refused before anything is written
  const files: StartupFile[] = [];
  for (const t of plan.targets) files.push(await readStartupFile(t.path));
  for (const [i, t] of plan.targets.entries()) {
    const file = files[i]!;
    const prior = priorFor(t.path);
    const before = file.text;
    // LF whatever the file uses: sh, bash, zsh, fish and Go all read a CR as part of the line
    const body = renderTarget(t, plan.variables).map(fromUtf8);
    let next: string;
    let added = prior?.addedLeadingNewline ?? false;
    if (t.syntax === 'paths') {
      next = body.join('\n') + '\n';
    } else {
      try {
        const r = upsertBlock(before ?? '', body, prior?.addedLeadingNewline ?? false);
        next = r.text;
        if (!r.replaced) added = r.addedLeadingNewline;
      } catch (e) {
        if (e instanceof BrokenBlockError) throw new AppError('ENV_FILE_CHANGED_BLOCK', { path: t.path, backup: prior?.backup ?? '-' });
        throw e;
      }
    }
    const created = prior ? prior.created : before === null;
    let backup = prior?.backup;
    if (before !== null && !backup && !created) {
      await mkdir(opts.backupDir, { recursive: true });
      backup = join(opts.backupDir, `${t.path.replace(/[\\/:]/g, '_')}.${Date.now()}.bak`);
      await writeLatin1Atomic(backup, before);
      audit('env.backup', { path: t.path, backup, ...(file.real !== t.path ? { linkTo: file.real } : {}) });
    }
    if (before !== next) {
      await writeStartupFile(file, next);
      audit('env.write', { path: t.path, ...(file.real !== t.path ? { linkTo: file.real } : {}), kind: t.kind, created: before === null, eol: before && detectEol(before) === '\r\n' ? 'crlf (block written with lf)' : 'lf', variables: plan.variables.vars, pathAdd: plan.variables.pathAdd });
    }
    changes.push({ kind: t.kind, target: t.path, created, backup, addedLeadingNewline: added, readBy: t.readBy });
  }
  if (plan.link) {
    const prior = priorFor(plan.link.path);
    const cur = await lstat(plan.link.path).catch(() => null);
    if (cur && !cur.isSymbolicLink()) {
      audit('env.link-skipped', { path: plan.link.path, reason: 'a file that is not our link is there' });
    } else {
      const target = cur ? await readlink(plan.link.path) : null;
      if (target !== plan.link.target) {
        if (cur && !prior) {
          audit('env.link-skipped', { path: plan.link.path, reason: `a link to ${target} is there` });
        } else {
          await mkdir(dirname(plan.link.path), { recursive: true });
          if (cur) await rm(plan.link.path);
          await symlink(plan.link.target, plan.link.path);
          audit('env.link', { path: plan.link.path, target: plan.link.target });
        }
      }
      if (!cur || prior || target === plan.link.target) {
        changes.push({ kind: 'link', target: plan.link.path, created: prior ? prior.created : !cur, readBy: "sudo's secure_path" });
      }
    }
  }
  return changes;
}

export interface RemoveOptions {
  audit?: (event: string, data: Record<string, unknown>) => void;
  registry?: RegistryBackend;
  platform?: NodeJS.Platform;
}

/** Undo recorded changes: remove our blocks (and files we created), links, registry values. */
export async function removeEnvironment(changes: EnvChange[], opts: RemoveOptions = {}): Promise<string[]> {
  const audit = opts.audit ?? (() => {});
  const restored: string[] = [];
  const reg = changes.filter((c) => c.kind === 'registry');
  if (reg.length) {
    if (!opts.registry) throw new Error('a registry backend is needed on Windows');
    await removeWindowsEnvironment(reg, opts.registry, audit);
    restored.push(...reg.map((c) => c.target));
  }
  // read every file first: a folder, fifo or broken link in a recorded place is refused before any change
  const files = new Map<string, StartupFile>();
  for (const c of changes) if (c.kind === 'block' || c.kind === 'file' || c.kind === 'goroot-comment') files.set(c.target, await readStartupFile(c.target));
  for (const c of changes) {
    if (c.kind === 'block' || c.kind === 'file') {
      const file = files.get(c.target)!;
      const text = file.text;
      if (text === null) continue;
      if (c.target.endsWith('paths.d/go-offline') && c.created) {
        await rm(file.real, { force: true });
        audit('env.delete', { path: c.target });
        restored.push(c.target);
        continue;
      }
      let next: string;
      try {
        next = removeBlock(text, c.addedLeadingNewline).text;
      } catch (e) {
        if (e instanceof BrokenBlockError) throw new AppError('ENV_FILE_CHANGED_BLOCK', { path: c.target, backup: c.backup ?? '-' });
        throw e;
      }
      if (c.created && next.trim() === '') {
        await rm(file.real, { force: true });
        audit('env.delete', { path: c.target });
      } else if (next !== text) {
        await writeStartupFile(file, next);
        file.text = next;
        audit('env.unblock', { path: c.target, ...(file.real !== c.target ? { linkTo: file.real } : {}) });
      }
      restored.push(c.target);
    } else if (c.kind === 'link') {
      const cur = await lstat(c.target).catch(() => null);
      if (cur?.isSymbolicLink()) {
        await rm(c.target, { force: true });
        audit('env.unlink', { path: c.target });
        restored.push(c.target);
      }
    } else if (c.kind === 'goroot-comment') {
      const file = files.get(c.target)!;
      const text = file.text;
      if (text === null) continue;
      const next = text.split(COMMENT_PREFIX).join('');
      if (next !== text) {
        await writeStartupFile(file, next);
        file.text = next;
        audit('env.goroot-restored', { path: c.target, lines: c.lines });
        restored.push(c.target);
      }
    }
  }
  return restored;
}

/* ---- stale GOROOT ---- */

export const COMMENT_PREFIX = '# disabled by go-offline (stale GOROOT): ';
const GOROOT_LINE = /^\s*(export\s+|setenv\s+|set\s+-[gxU]+\s+)?GOROOT[=\s]/;

export interface StaleGoroot {
  where: string;
  value: string;
  line?: string;
}

/** GOROOT set in the process environment or in startup files (outside our own blocks). */
export async function findStaleGoroot(env: Env, files: string[]): Promise<StaleGoroot[]> {
  const out: StaleGoroot[] = [];
  if (env.GOROOT) out.push({ where: 'environment', value: env.GOROOT });
  for (const f of files) {
    // only ordinary files (or links to them) are read: a fifo here must not hang a check
    const text = toUtf8((await readStartupFile(f).catch(() => null))?.text ?? '');
    if (!text) continue;
    for (const line of text.split(/\r?\n/)) {
      if (GOROOT_LINE.test(line) && !line.startsWith(COMMENT_PREFIX)) {
        const value = line.replace(GOROOT_LINE, '').replace(/^[=\s]+/, '').replace(/^['"]|['"]$/g, '').trim();
        out.push({ where: f, value, line });
      }
    }
  }
  return out;
}

/** Comment out GOROOT lines in a file (recorded so uninstall puts them back). */
export async function disableGorootLines(file: string, audit: (e: string, d: Record<string, unknown>) => void): Promise<EnvChange | null> {
  const f = await readStartupFile(file);
  const text = f.text;
  if (text === null) return null;
  const eol = detectEol(text);
  const lines = text.split(eol);
  const hit: string[] = [];
  const next = lines.map((l) => {
    if (GOROOT_LINE.test(l) && !l.startsWith(COMMENT_PREFIX)) {
      hit.push(l);
      return COMMENT_PREFIX + l;
    }
    return l;
  });
  if (!hit.length) return null;
  await writeStartupFile(f, next.join(eol));
  audit('env.goroot-disabled', { path: file, lines: hit.map(toUtf8) });
  return { kind: 'goroot-comment', target: file, created: false, lines: hit.map(toUtf8), readBy: 'shell startup' };
}

/** Whether we may write to a folder (nearest existing parent). */
export async function canWrite(path: string): Promise<boolean> {
  let p = path;
  for (;;) {
    try {
      await access(p, fsc.W_OK);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    }
    const parent = dirname(p);
    if (parent === p) return false;
    p = parent;
  }
}
