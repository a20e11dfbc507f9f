/**
 * The diagnose rules. Each has a stable id, what it checks, a severity, and cause and fix texts in
 * English and Chinese whose `{placeholders}` are filled from the evidence it saw. A rule returns
 * null when all is well, or the evidence (one object, or several when it fires more than once).
 * Rules must not raise false alarms on a healthy machine: when a fact is unknown they stay quiet.
 */
import { constants as fsc, lstatSync, readdirSync, statSync } from 'node:fs';
import { access, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { run } from '../exec';
import { candidateGoroots, hostPlatform } from '../platform';
import { listVersions } from '../install/versions';
import { matchErrorText } from './signatures';
import { wordParams } from '../../../shared/evidence-words';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Evidence, RuleSeverity } from '../../../shared/diagnose';
import type { EnvReport } from '../../../shared/platform';
import type { LocalText } from '../../../shared/text';
import { compareDotted, compareGoVersions, minimumsFor, parseGoVersion } from '../../../shared/go-requirements';
import type { Env } from '../paths';
import { mountFor, machineToGoArch } from '../platform/parse';
import { highestGlibc, type BinaryInfo } from './binary';
import type { DiagnoseHost } from './host';
import type { ShellView, StartupError } from './shells';
import { goBinariesOnPath, gorootAssignments, gorootVersion, isDir, realpathOrNull, defaultTemp, type GoModInfo, type GoSetting, type InstallInfo, type ShellFacts } from './facts';

export interface ProjectFacts {
  dir: string;
  mod: GoModInfo | null;
  work: GoModInfo | null;
  goSum: string | null;
}

export interface DiagnoseContext {
  env: Env;
  platform: NodeJS.Platform;
  host: DiagnoseHost;
  report: EnvReport;
  home: string;
  goroot: string | null;
  goVersion: string | null;
  install: InstallInfo;
  settings: Record<string, GoSetting>;
  envFile: string;
  envFileValues: Record<string, string>;
  projects: ProjectFacts[];
  /** whether the Go download site answered (null: not probed) */
  networkReachable: boolean | null;
  shell(): Promise<ShellFacts>;
  /** every shell the user has, login and interactive, with the environment each gives go */
  shells(): Promise<ShellView[]>;
  /** startup files of those shells that the shell cannot parse */
  startupErrors(): Promise<StartupError[]>;
  /**
   * for rules marked `perShell`: the shell whose environment `env` and `settings` come from (null:
   * this program's own environment)
   */
  view: ShellView | null;
  /** assume no network: `--no-network`, or the download site did not answer */
  offline: boolean;
  binary(path: string): Promise<BinaryInfo | null>;
  /** does this URL answer? (null when probing is off) */
  probe(url: string): Promise<{ reachable: boolean; error?: string } | null>;
  /** hash every recorded file, not only programs */
  deepTreeCheck: boolean;
}

export interface Rule {
  id: string;
  severity: RuleSeverity;
  title: LocalText;
  checks: LocalText;
  cause: LocalText;
  fix: LocalText;
  /**
   * judged once per distinct environment the user's shells give go (and this program's own): `env`
   * and `settings` are that shell's; findings name the shell
   */
  perShell?: boolean;
  /** the variable a finding is about (for its `source`); default evidence.variable, else evidence.setting */
  about?(e: Evidence): string | null;
  /** rules whose finding, when it fired, explains this one (most direct first); see rank.ts */
  causedBy?: string[];
  /** a reason to skip on this machine, or null */
  skip?(ctx: DiagnoseContext): string | null;
  check(ctx: DiagnoseContext): Promise<Evidence | Evidence[] | null>;
}

const t = (en: string, zh: string): LocalText => ({ en, zh });
const exe = (ctx: DiagnoseContext) => (ctx.platform === 'win32' ? 'go.exe' : 'go');
const goBin = (ctx: DiagnoseContext) => (ctx.goroot ? join(ctx.goroot, 'bin', exe(ctx)) : null);
const needGoroot = (ctx: DiagnoseContext) => (ctx.goroot ? null : 'no Go install found');
const onlyOn = (...p: NodeJS.Platform[]) => (ctx: DiagnoseContext) => (p.includes(ctx.platform) ? null : `not ${p.join('/')}`);
const isUnder = (child: string, parent: string) => {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
};

/** Host CPU in the ELF/PE/Mach-O names binary.ts uses. */
function hostArchName(arch: string): string {
  if (arch === 'armv6l' || arch === 'armv7l') return 'arm';
  return arch;
}

function archCompatible(hostOs: string, hostArch: string, binOs: string | null, binArch: string[]): boolean {
  if (binOs && binOs !== hostOs) return false;
  const h = hostArchName(hostArch);
  if (binArch.includes(h)) return true;
  if (h === 'amd64' && binArch.includes('386') && hostOs !== 'darwin') return true;
  if (hostOs === 'darwin' && h === 'arm64' && binArch.includes('amd64')) return true; // Rosetta
  if (hostOs === 'windows' && h === 'arm64' && (binArch.includes('amd64') || binArch.includes('386'))) return true;
  return false;
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, fsc.W_OK);
    return true;
  } catch {
    return false;
  }
}

function nearestExisting(path: string, host: DiagnoseHost): string {
  let p = resolve(path);
  for (;;) {
    if (host.exists(p)) return p;
    const parent = dirname(p);
    if (parent === p) return p;
    p = parent;
  }
}

function sha256(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => res(h.digest('hex')))
      .on('error', rej);
  });
}

function expandHome(value: string, home: string): string | null {
  let v = value.replace(/^~(?=\/|$)/, home).replace(/\$\{?HOME\}?/g, home);
  if (/\$/.test(v)) return null; // depends on other variables: cannot judge
  v = v.replace(/^["']|["']$/g, '');
  return v;
}

/** Startup files of every shell family we know (for GOROOT and PATH lines). */
function startupFiles(ctx: DiagnoseContext): string[] {
  const h = ctx.home;
  const zdot = ctx.env.ZDOTDIR || h;
  const xdg = ctx.env.XDG_CONFIG_HOME || join(h, '.config');
  const files = [
    join(h, '.profile'),
    join(h, '.bash_profile'),
    join(h, '.bash_login'),
    join(h, '.bashrc'),
    join(zdot, '.zshenv'),
    join(zdot, '.zprofile'),
    join(zdot, '.zshrc'),
    join(zdot, '.zlogin'),
    join(xdg, 'fish', 'config.fish'),
  ];
  try {
    for (const f of readdirSync(join(xdg, 'fish', 'conf.d'))) if (f.endsWith('.fish')) files.push(join(xdg, 'fish', 'conf.d', f));
  } catch {
    /* none */
  }
  return files;
}

function goVersionOf(ctx: DiagnoseContext): string | null {
  return ctx.goVersion;
}

/** Which toolchain a project makes `go` want, and what GOTOOLCHAIN allows. */
function toolchainFacts(ctx: DiagnoseContext, p: ProjectFacts) {
  const installed = goVersionOf(ctx);
  const file = p.work ?? p.mod;
  if (!installed || !file || !file.go) return null;
  const goLine = file.go;
  const tcLine = file.toolchain ? file.toolchain.replace(/^go/, '') : null;
  const inst = parseGoVersion(installed);
  const gt = ctx.settings.GOTOOLCHAIN!;
  const mode = gt.value.split('+')[0]!;
  const switching = !!inst && inst.major === 1 && inst.minor >= 21 && mode !== 'local';
  const needsNewer = compareGoVersions(goLine, installed) > 0;
  const wantsToolchain = !!tcLine && compareGoVersions(tcLine, installed) > 0;
  return { installed, goLine, tcLine, file: file.file, gotoolchain: gt.value, gotoolchainSource: gt.source, switching, needsNewer, wantsToolchain, mode };
}

/** Whether a `go1.X.Y` command (a side-by-side version's wrapper) is on the PATH go is run with. */
function toolchainOnPath(ctx: DiagnoseContext, name: string): string | null {
  const sepc = ctx.platform === 'win32' ? ';' : ':';
  for (const dir of (ctx.env.PATH ?? '').split(sepc).filter(Boolean)) {
    const p = join(dir, ctx.platform === 'win32' ? `${name}.exe` : name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

/**
 * What to do when a go.mod asks for `go 1.N` and the installed Go is older: the version it needs
 * (1.N.0 or newer) is already installed side by side (use it), or it must come on the media from
 * the connected machine and be installed beside the current one (the exact commands).
 */
async function toolchainAdvice(ctx: DiagnoseContext, goLine: string, file: string): Promise<Evidence> {
  const wanted = `${goLine}.0`;
  const listed = await listVersions({ env: ctx.env, platform: ctx.platform }).catch(() => null);
  const side = (listed?.versions ?? [])
    .filter((v) => !v.isDefault && v.state !== 'missing' && compareGoVersions(v.version, wanted) >= 0 && compareGoVersions(v.version, `${goLine}.999`) <= 0)
    .sort((a, b) => compareGoVersions(b.version, a.version))[0];
  const platform = hostPlatform(ctx.platform).id;
  if (side) {
    const n = side.version.replace(/^go/, '');
    return {
      wanted,
      platform,
      sideBySide: side.version,
      found: `Go ${n} is already installed beside the default one (${side.goroot}).`,
      foundZh: `Go ${n} 已经并列安装在默认 Go 旁边（${side.goroot}）。`,
      fix: `Use the Go ${n} that is already installed: write \`go ${n}\` as the go line of ${file} (go then finds the ${side.version} command by itself with GOTOOLCHAIN=path, which the installer sets when the default Go is 1.21 or newer), or make it the default Go with \`go-offline use ${side.version}\`.`,
      fixZh: `请使用已经安装的 Go ${n}：把 ${file} 的 go 行写为 \`go ${n}\`（在 GOTOOLCHAIN=path 下 go 会自己找到 ${side.version} 命令；默认 Go 为 1.21 或更新时安装程序会这样设置），或用 \`go-offline use ${side.version}\` 把它设为默认 Go。`,
    };
  }
  return {
    wanted,
    platform,
    sideBySide: null,
    found: `No Go ${goLine}.x is installed on this machine, side by side or as the default.`,
    foundZh: `本机没有安装任何 Go ${goLine}.x（无论是默认 Go 还是并列安装）。`,
    fix: `Bring Go ${wanted} on the media and install it beside the current Go. On the connected machine: \`go-offline bundle create --version ${wanted} --platform ${platform} --out <media>\` (or add it to the media you have: \`go-offline bundle update <media> --add-version ${wanted}\`). Then on this machine: \`go-offline install --bundle <media> --side-by-side --go-version ${wanted}\`, and write \`go ${wanted}\` as the go line of ${file}.`,
    fixZh: `请把 Go ${wanted} 放到安装介质上，并把它并列安装在当前 Go 旁边。在联网机器上运行：\`go-offline bundle create --version ${wanted} --platform ${platform} --out <安装介质>\`（或把它加到已有的安装介质上：\`go-offline bundle update <安装介质> --add-version ${wanted}\`）。然后在本机运行：\`go-offline install --bundle <安装介质> --side-by-side --go-version ${wanted}\`，并把 ${file} 的 go 行写为 \`go ${wanted}\`。`,
  };
}

function proxyEntries(value: string): string[] {
  return value.split(/[,|]/).map((s) => s.trim()).filter(Boolean);
}

/** GONOSUMDB / GOPRIVATE glob patterns (path.Match on leading path elements). */
function matchesPrivate(mod: string, patterns: string): boolean {
  for (const pat of patterns.split(',').map((s) => s.trim()).filter(Boolean)) {
    const n = pat.split('/').length;
    const prefix = mod.split('/').slice(0, n).join('/');
    const re = new RegExp('^' + pat.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
    if (re.test(prefix)) return true;
  }
  return false;
}

/** Go version (minor) that first read each go.mod directive. */
const DIRECTIVE_SINCE: Record<string, number> = { module: 0, go: 0, require: 0, replace: 0, exclude: 0, retract: 16, toolchain: 21, godebug: 23, tool: 24, ignore: 25 };

/** Module path as stored in the module cache and proxies: upper-case letters as "!" + lower case. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** The environment go gets from this view, asked as support staff would: GOTOOLCHAIN=local, LC_ALL=C. */
function goRunEnv(ctx: DiagnoseContext): Env {
  return { ...ctx.env, GOTOOLCHAIN: 'local', LC_ALL: 'C', LANG: 'C' };
}

const goEnvCache = new WeakMap<object, Promise<{ values: Record<string, string> | null; error: string } | null>>();
/** `go env -json` under this view's environment, outside any module (null when go cannot be run at all). */
export function goEnvJson(ctx: DiagnoseContext): Promise<{ values: Record<string, string> | null; error: string } | null> {
  let p = goEnvCache.get(ctx.env);
  if (!p) {
    p = (async () => {
      const bin = goBin(ctx);
      if (!bin) return null;
      const r = await run(bin, ['env', '-json'], { env: goRunEnv(ctx), cwd: ctx.platform === 'win32' ? undefined : '/', timeoutMs: 60_000, input: '' });
      if (r.spawnError) return null; // cannot run at all: the binary rules say why
      if (r.code === 0) {
        try {
          return { values: JSON.parse(r.stdout) as Record<string, string>, error: '' };
        } catch {
          return null;
        }
      }
      return { values: null, error: (r.stderr || r.stdout).trim().split('\n')[0]!.slice(0, 300) };
    })();
    goEnvCache.set(ctx.env, p);
  }
  return p;
}

const buildCache = new WeakMap<object, Promise<{ ok: boolean; output: string } | null>>();
/** Build and run a one-file program in a fresh temporary module, as `go run .` in a new terminal would. */
export function buildProbe(ctx: DiagnoseContext): Promise<{ ok: boolean; output: string } | null> {
  let p = buildCache.get(ctx.env);
  if (!p) {
    p = (async () => {
      const bin = goBin(ctx);
      if (!bin) return null;
      const dir = await mkdtemp(join(tmpdir(), 'go-offline-probe-'));
      try {
        await writeFile(join(dir, 'go.mod'), 'module goofflineprobe\n\ngo 1.16\n');
        await writeFile(join(dir, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("go-offline-probe-ok") }\n');
        const r = await run(bin, ['run', '.'], { env: goRunEnv(ctx), cwd: dir, timeoutMs: 180_000, input: '' });
        if (r.spawnError) return { ok: false, output: `${r.spawnError.code ?? ''} ${r.spawnError.message}`.trim() };
        if (r.timedOut) return null; // a slow machine is not a finding
        const ok = r.code === 0 && r.stdout.includes('go-offline-probe-ok');
        return { ok, output: ok ? '' : (r.stderr || r.stdout).trim().slice(0, 1000) };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })();
    buildCache.set(ctx.env, p);
  }
  return p;
}

/** The first folder (up to `depth` levels below `dir`) this user may not write to, or null. */
async function unwritableInside(dir: string, depth: number): Promise<string | null> {
  const walk = async (d: string, left: number): Promise<string | null> => {
    if (!(await writable(d))) return d;
    if (left <= 0) return null;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return null;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const bad = await walk(join(d, e.name), left - 1);
      if (bad) return bad;
    }
    return null;
  };
  return walk(dir, depth);
}

export const RULES: Rule[] = [
  {
    id: 'go-not-installed',
    severity: 'error',
    title: t('No Go is installed', '没有安装 Go'),
    checks: t('Looks for Go in the install record, on the PATH of this program and of a new terminal of each of your shells, and in the usual places.', '在安装记录、本程序和你每个 Shell 新终端的 PATH 以及常见位置中查找 Go。'),
    cause: t('No Go was found: there is no install record, no go on the PATH of {shells}, and none in {places}. Every go command fails with "go: command not found".', '没有找到 Go：没有安装记录，{shells} 的 PATH 中没有 go，{places} 中也没有。所有 go 命令都会报 “go: command not found”。'),
    fix: t('Install Go from the offline bundle (`go-offline install BUNDLE`, or the wizard’s Install journey). If Go is installed somewhere else, run diagnose with `--prefix` pointing at the folder that holds go/.', '请从离线安装包安装 Go（`go-offline install 安装包`，或使用向导中的“安装”流程）。如果 Go 装在其他位置，请用 `--prefix` 指向包含 go/ 的文件夹后再运行诊断。'),
    async check(ctx) {
      if (ctx.goroot) return null;
      const views = await ctx.shells();
      const shells = ['this program', ...views.filter((v) => !v.capture.error).map((v) => v.label)];
      return { shells, places: candidateGoroots(ctx.env, ctx.platform).map((c) => c.goroot).slice(0, 6) };
    },
  },
  {
    id: 'wrong-arch',
    severity: 'error',
    title: t('Go was built for another kind of computer', 'Go 是为另一种电脑构建的'),
    checks: t('Reads the header of Go’s own go program and compares its OS and CPU with this machine.', '读取 Go 自带 go 程序的文件头，比较其操作系统和 CPU 与本机是否一致。'),
    cause: t('{binary} is a {binaryFormat} program for {binaryOs}/{binaryArch}, but this machine is {hostOs}/{hostArch}. The system cannot start it ("Exec format error").', '{binary} 是 {binaryOs}/{binaryArch} 的 {binaryFormat} 程序，而本机是 {hostOs}/{hostArch}，系统无法启动它（“Exec format error”）。'),
    fix: t('Install the {hostOs}-{hostArch} archive instead: run the environment check on this machine, save a target profile, and build the media from it.', '请改装 {hostOs}-{hostArch} 的压缩包：在本机运行环境检查并保存目标配置，再据此制作安装介质。'),
    skip: needGoroot,
    async check(ctx): Promise<Evidence | null> {
      const bin = goBin(ctx)!;
      const info = await ctx.binary(bin);
      if (!info) return null;
      const hostOs = String(ctx.report.host.os);
      const hostArch = String(ctx.report.host.arch);
      // not a program file at all (a wrapper script like goenv's shims, or damaged bytes): nothing
      // says it was built for another computer; a damaged go is the tree check's and go version's finding
      if (info.format === 'unknown') return null;
      if (archCompatible(hostOs, hostArch, info.goos, info.goarch)) return null;
      return { binary: bin, binaryFormat: info.format.toUpperCase(), binaryOs: info.goos ?? '?', binaryArch: info.goarch.join('+'), bits: info.bits, hostOs, hostArch, hostMachine: ctx.report.host.machine };
    },
  },
  {
    id: 'missing-loader',
    severity: 'error',
    title: t('The program loader Go needs is missing', '缺少 Go 所需的程序加载器'),
    checks: t('Reads the ELF interpreter (PT_INTERP) of the go program and checks that it exists.', '读取 go 程序的 ELF 解释器（PT_INTERP），检查它是否存在。'),
    cause: t('{binary} needs the loader {interpreter}, which this system does not have (libc: {libc}). The shell then says "No such file or directory" although go is there.', '{binary} 需要加载器 {interpreter}，但本系统没有（C 库：{libc}）。因此即使 go 文件存在，Shell 也会提示“No such file or directory”。'),
    fix: t('Install Go 1.21 or newer (its tools are static and need no loader), or add glibc compatibility (Alpine: apk add gcompat).', '请安装 Go 1.21 或更新版本（其工具为静态程序，不需要加载器），或安装 glibc 兼容层（Alpine：apk add gcompat）。'),
    skip: (ctx) => needGoroot(ctx) ?? onlyOn('linux', 'freebsd')(ctx),
    async check(ctx) {
      const bin = goBin(ctx)!;
      const info = await ctx.binary(bin);
      if (!info || info.format !== 'elf' || !info.interpreter) return null;
      if (ctx.host.exists(info.interpreter)) return null;
      return { binary: bin, interpreter: info.interpreter, libc: `${ctx.report.libc.family} ${ctx.report.libc.version ?? ''}`.trim(), goVersion: ctx.goVersion };
    },
  },
  {
    id: 'glibc-too-old',
    severity: 'error',
    title: t('This system’s glibc is older than Go’s tools need', '本系统的 glibc 版本低于 Go 工具的要求'),
    checks: t('Compares the GLIBC_x.y versions named by the go program with `getconf GNU_LIBC_VERSION`.', '比较 go 程序所需的 GLIBC_x.y 版本与 `getconf GNU_LIBC_VERSION` 的结果。'),
    cause: t('{binary} needs {needs} but this machine has glibc {hostGlibc}; it fails with "version `{highest}\' not found".', '{binary} 需要 {needs}，但本机的 glibc 是 {hostGlibc}；运行时会报 “version `{highest}\' not found”。'),
    fix: t('Install Go 1.21 or newer (static tools). For your own programs, build with CGO_ENABLED=0 or on a machine with glibc {hostGlibc} or older.', '请安装 Go 1.21 或更新版本（工具为静态程序）。你自己的程序请用 CGO_ENABLED=0 构建，或在 glibc {hostGlibc} 或更旧的机器上构建。'),
    skip: (ctx) => needGoroot(ctx) ?? onlyOn('linux')(ctx) ?? (ctx.report.libc.family === 'glibc' && ctx.report.libc.version ? null : 'glibc version unknown'),
    async check(ctx) {
      const host = ctx.report.libc.version!;
      const hits: Evidence[] = [];
      for (const bin of [goBin(ctx)!, join(ctx.goroot!, 'bin', 'gofmt')]) {
        const info = await ctx.binary(bin);
        if (!info || info.format !== 'elf') continue;
        const hi = highestGlibc(info);
        if (hi && compareDotted(hi, host) > 0) {
          hits.push({ binary: bin, needs: info.glibcNeeds.filter((n) => compareDotted(n.slice(6), host) > 0), highest: `GLIBC_${hi}`, hostGlibc: host });
        }
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'os-too-old',
    severity: 'error',
    title: t('The operating system is older than this Go supports', '操作系统版本低于该 Go 版本的要求'),
    checks: t('Compares the kernel / OS version with the minimum of the installed Go release.', '比较内核 / 操作系统版本与已安装 Go 版本的最低要求。'),
    cause: t('{goVersion} needs {needed} or newer; this machine has {have}.', '{goVersion} 需要 {needed} 或更新版本；本机是 {have}。'),
    fix: t('Install an older Go release that supports this machine, or upgrade the operating system.', '请安装仍支持本机的较旧 Go 版本，或升级操作系统。'),
    skip: (ctx) => (ctx.goVersion ? null : 'Go version unknown'),
    async check(ctx) {
      const min = minimumsFor(ctx.goVersion!);
      const v = ctx.report.host.osVersion || ctx.report.host.kernel;
      if (ctx.platform === 'linux') {
        const k = ctx.report.host.kernel.split('-')[0]!;
        if (compareDotted(k, min.linuxKernel) < 0) return { goVersion: ctx.goVersion, needed: `Linux kernel ${min.linuxKernel}`, have: `Linux kernel ${ctx.report.host.kernel}` };
      } else if (ctx.platform === 'darwin') {
        if (compareDotted(v, min.macos) < 0) return { goVersion: ctx.goVersion, needed: `macOS ${min.macos}`, have: `macOS ${v}` };
      } else if (ctx.platform === 'win32') {
        if (compareDotted(v, min.windows.nt) < 0) return { goVersion: ctx.goVersion, needed: min.windows.name, have: `Windows NT ${v}` };
      }
      return null;
    },
  },
  {
    id: 'startup-unparsable',
    severity: 'error',
    title: t('A shell startup file has a syntax error', 'Shell 启动文件有语法错误'),
    checks: t('Asks each of your shells to check the syntax of the startup files it reads (`bash -n`, `zsh -n`, `fish -n`).', '让你的每个 Shell 检查它读取的启动文件的语法（`bash -n`、`zsh -n`、`fish -n`）。'),
    cause: t('{shell} cannot parse {file} at line {line}: {message}. {shell} stops reading that file there, so the lines after it (such as the lines that put Go on PATH or set Go’s settings) never run in a new terminal.', '{shell} 无法解析 {file} 第 {line} 行：{message}。{shell} 会在那里停止读取该文件，因此其后的语句（例如把 Go 加入 PATH 或设置 Go 参数的语句）在新终端中都不会执行。'),
    fix: t('Correct line {line} of {file} (check with `{shell} -n {file}` until it prints nothing), then open a new terminal. The Go lines already in the file need no change.', '请修正 {file} 的第 {line} 行（用 `{shell} -n {file}` 检查，直到不再输出任何内容），然后打开新终端。文件中已有的 Go 设置无需修改。'),
    skip: onlyOn('linux', 'darwin', 'freebsd'),
    async check(ctx) {
      const errs = await ctx.startupErrors();
      return errs.length ? errs.map((e) => ({ shell: e.shell, file: e.file, line: e.line, message: e.message })) : null;
    },
  },
  {
    id: 'path-not-loaded',
    severity: 'error',
    title: t('A new terminal does not find go', '新开的终端找不到 go'),
    checks: t('Starts your own shell as a login shell and as an interactive shell and asks `command -v go`; lists which startup files exist and which add Go to PATH.', '以登录方式和交互方式启动你自己的 Shell，执行 `command -v go`；列出存在哪些启动文件，以及哪些文件把 Go 加进了 PATH。'),
    cause: t('{shell} ({mode} shell) does not find go. {hint} Startup files present: {present}. Files that add {gorootBin}: {withGo}.', '{shell}（{mode} Shell）找不到 go。{hintZh} 现有启动文件：{present}。把 {gorootBin} 加入 PATH 的文件：{withGo}。'),
    fix: t('{fix}', '{fixZh}'),
    skip: (ctx) => needGoroot(ctx) ?? (ctx.platform === 'win32' ? 'not a POSIX shell' : null),
    causedBy: ['startup-unparsable', 'fish-syntax'],
    async check(ctx) {
      const views = await ctx.shells();
      if (!views.length) return null;
      const errors = await ctx.startupErrors();
      const expected = realpathOrNull(goBin(ctx)!) ?? goBin(ctx)!;
      const gorootBin = join(ctx.goroot!, 'bin');
      const files = startupFiles(ctx).filter((f) => ctx.host.exists(f));
      const withGo: string[] = [];
      for (const f of files) {
        const text = (await ctx.host.readText(f)) ?? '';
        if (text.includes(gorootBin) || /go-offline/.test(text)) withGo.push(f);
      }
      const hits: Evidence[] = [];
      for (const v of views) {
        const sh = { shell: v.shell, shellName: v.name };
        const mode = v.mode;
        const probe = v.capture;
        if (probe.error) continue; // the shell could not be asked: no verdict
        if (probe.go) continue; // finds some go; a different one is the multiple-go rule's business
        const home = ctx.home;
        let hint = `No startup file your ${sh.shellName} reads adds ${gorootBin} to PATH.`;
        let hintZh = `${sh.shellName} 读取的启动文件中没有把 ${gorootBin} 加入 PATH。`;
        let suggest = join(home, '.profile');
        if (sh.shellName === 'bash') {
          suggest = ctx.host.exists(join(home, '.bash_profile')) ? join(home, '.bash_profile') : join(home, '.profile');
          if (mode === 'interactive') suggest = join(home, '.bashrc');
          if (ctx.host.exists(join(home, '.bash_profile')) && withGo.includes(join(home, '.profile')) && !withGo.includes(join(home, '.bash_profile'))) {
            hint = '~/.bash_profile exists, so bash never reads ~/.profile, where Go’s PATH line is.';
            hintZh = '由于存在 ~/.bash_profile，bash 不会读取写有 Go PATH 设置的 ~/.profile。';
          }
        } else if (sh.shellName === 'zsh') {
          const zdot = ctx.env.ZDOTDIR || home;
          suggest = join(zdot, mode === 'login' ? '.zprofile' : '.zshrc');
          if (withGo.some((f) => f.endsWith('/.profile') || f.endsWith('/.bashrc') || f.endsWith('/.bash_profile'))) {
            hint = 'Go’s PATH line is in a bash/sh file, and zsh never reads ~/.profile or ~/.bashrc.';
            hintZh = 'Go 的 PATH 设置写在 bash/sh 的文件中，而 zsh 从不读取 ~/.profile 或 ~/.bashrc。';
          }
        } else if (sh.shellName === 'fish') {
          suggest = join(ctx.env.XDG_CONFIG_HOME || join(home, '.config'), 'fish', 'conf.d', 'go.fish');
          if (withGo.some((f) => !f.endsWith('.fish'))) {
            hint = 'Go’s PATH line is in a bash/sh file, and fish reads only its own configuration.';
            hintZh = 'Go 的 PATH 设置写在 bash/sh 的文件中，而 fish 只读取自己的配置。';
          }
        }
        const broken = errors.find((e) => e.shell === v.name && withGo.includes(e.file));
        let fix = `Add ${gorootBin} to PATH in a file your shell reads (${suggest}), then open a new terminal (or run \`source ${suggest}\`).`;
        let fixZh = `请在 Shell 会读取的文件（${suggest}）中把 ${gorootBin} 加入 PATH，然后打开新终端（或运行 \`source ${suggest}\`）。`;
        if (broken) {
          hint = `${broken.file} already adds Go to PATH, but ${v.name} cannot parse that file (line ${broken.line}: ${broken.message}), so the line never runs.`;
          hintZh = `${broken.file} 中已有把 Go 加入 PATH 的语句，但 ${v.name} 无法解析该文件（第 ${broken.line} 行：${broken.message}），因此该语句从未执行。`;
          fix = `Correct line ${broken.line} of ${broken.file} (\`${v.name} -n ${broken.file}\` must print nothing); the PATH line is already there. Then open a new terminal.`;
          fixZh = `请修正 ${broken.file} 的第 ${broken.line} 行（\`${v.name} -n ${broken.file}\` 不应再输出任何内容）；PATH 语句已经存在，无需添加。然后打开新终端。`;
        }
        hits.push({ fix, fixZh, shell: sh.shell, mode, expected, found: null, shellPath: probe.path, hint, hintZh, gorootBin, present: files.length ? files : ['none'], withGo: withGo.length ? withGo : ['none'], suggest });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'fish-syntax',
    severity: 'error',
    title: t('A bash-style line in the fish configuration', 'fish 配置中有 bash 风格的语句'),
    checks: t('Looks for `export X=` and `X=value` lines in fish’s config.fish and conf.d files.', '检查 fish 的 config.fish 和 conf.d 文件中是否有 `export X=` 或 `X=值` 这样的语句。'),
    cause: t('fish has its own syntax; these lines were written for bash: {lines}. fish prints "Unknown command \'export\'" or builds a broken PATH.', 'fish 有自己的语法；这些语句是为 bash 写的：{lines}。fish 会报 “Unknown command \'export\'” 或生成错误的 PATH。'),
    fix: t('Replace them with `fish_add_path {gorootBin}` (once) or `set -gx NAME value` lines in ~/.config/fish/conf.d/go.fish.', '请改用 `fish_add_path {gorootBin}`（执行一次即可），或在 ~/.config/fish/conf.d/go.fish 中写 `set -gx 名称 值`。'),
    async check(ctx) {
      const lines: string[] = [];
      for (const f of startupFiles(ctx).filter((x) => x.endsWith('.fish'))) {
        const text = await ctx.host.readText(f);
        if (!text) continue;
        text.split(/\r?\n/).forEach((l, i) => {
          const s = l.trim();
          if (/^export\s+[A-Za-z_]\w*=/.test(s) || /^(PATH|GO[A-Z]*)=\S/.test(s)) lines.push(`${f}:${i + 1}: ${s}`);
        });
      }
      if (!lines.length) return null;
      return { lines, gorootBin: ctx.goroot ? join(ctx.goroot, 'bin') : '/usr/local/go/bin' };
    },
  },
  {
    id: 'stale-goroot',
    severity: 'error',
    title: t('GOROOT points at a Go that is gone', 'GOROOT 指向已不存在的 Go'),
    checks: t('Checks GOROOT in the environment, in your startup files and in the `go env -w` file: the folder must exist and hold bin/go.', '检查环境变量、启动文件和 `go env -w` 文件中的 GOROOT：该文件夹必须存在并包含 bin/go。'),
    cause: t('GOROOT is set to {value} in {where}, but that folder {problem}. go stops with "cannot find GOROOT directory".', '{where} 中把 GOROOT 设成了 {value}，但该文件夹{problemZh}。go 会报 “cannot find GOROOT directory” 并停止。'),
    fix: t('Remove that GOROOT setting ({how}); Go finds its own folder without it. Then open a new terminal.', '请删除这条 GOROOT 设置（{howZh}）；Go 不需要它也能找到自己的目录。然后打开新终端。'),
    async check(ctx) {
      const found: Array<{ where: string; value: string; how: string; howZh: string }> = [];
      if (ctx.env.GOROOT) found.push({ where: 'the environment', value: ctx.env.GOROOT, how: 'unset GOROOT, and find where your session sets it', howZh: '执行 unset GOROOT，并找出会话中设置它的位置' });
      if (ctx.envFileValues.GOROOT) found.push({ where: ctx.envFile, value: ctx.envFileValues.GOROOT, how: '`go env -u GOROOT`, or delete the GOROOT line of that file', howZh: '运行 `go env -u GOROOT`，或删除该文件中的 GOROOT 行' });
      for (const f of startupFiles(ctx)) {
        const text = await ctx.host.readText(f);
        if (!text) continue;
        for (const a of gorootAssignments(text)) found.push({ where: `${f}:${a.line}`, value: a.value, how: `delete or comment out line ${a.line} of ${f}`, howZh: `删除或注释掉 ${f} 的第 ${a.line} 行` });
      }
      const hits: Evidence[] = [];
      const seen = new Set<string>();
      for (const f of found) {
        const v = expandHome(f.value, ctx.home);
        if (v === null || !v) continue;
        const key = `${f.where}|${v}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const bin = join(v, 'bin', exe(ctx));
        let problem: string | null = null;
        let problemZh = '';
        if (!isDir(v)) {
          problem = 'does not exist';
          problemZh = '不存在';
        } else if (!ctx.host.exists(bin)) {
          problem = 'holds no bin/go';
          problemZh = '中没有 bin/go';
        }
        if (problem) hits.push({ where: f.where, value: f.value, resolved: v, problem, problemZh, how: f.how, howZh: f.howZh });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'goroot-mismatch',
    severity: 'warning',
    title: t('GOROOT names another Go than the one that runs', 'GOROOT 指向的不是实际运行的 Go'),
    checks: t('Compares a set GOROOT with the folder of the go found first on PATH.', '比较已设置的 GOROOT 与 PATH 中第一个 go 所在的目录。'),
    cause: t('GOROOT is {value} ({source}) but the go that runs is {binary}; mixing two Go trees breaks builds ("compile: version … does not match go tool version").', 'GOROOT 是 {value}（{source}），但实际运行的 go 是 {binary}；混用两套 Go 会导致构建失败（“compile: version … does not match go tool version”）。'),
    fix: t('Remove the GOROOT setting so that each go uses its own folder.', '请删除 GOROOT 设置，让每个 go 使用自己的目录。'),
    causedBy: ['stale-goroot'],
    async check(ctx) {
      const g = ctx.settings.GOROOT;
      if (!g || g.source === 'default') return null;
      const v = expandHome(g.value, ctx.home);
      if (!v || !isDir(v) || !ctx.host.exists(join(v, 'bin', exe(ctx)))) return null; // stale-goroot covers it
      const sh = await ctx.shell();
      const pathValue = sh.login?.path ?? ctx.env.PATH ?? '';
      const first = goBinariesOnPath(pathValue, ctx.platform)[0];
      if (!first) return null;
      const firstRoot = dirname(dirname(first.real ?? first.path));
      if ((realpathOrNull(v) ?? v) === (realpathOrNull(firstRoot) ?? firstRoot)) return null;
      return { value: g.value, source: g.source, binary: first.path, binaryGoroot: firstRoot };
    },
  },
  {
    id: 'trimmed-goroot',
    severity: 'error',
    title: t('go cannot find its own folder', 'go 找不到自己的安装目录'),
    checks: t('Checks that /proc/self/exe is readable and that every go on PATH sits in a Go tree (…/bin/go next to src/ and pkg/tool/) or is a link to one.', '检查 /proc/self/exe 是否可读，以及 PATH 中的每个 go 是否位于完整的 Go 目录中（…/bin/go 旁边有 src/ 和 pkg/tool/），或是指向这样目录的链接。'),
    cause: t('{problem} go then stops with "cannot find GOROOT directory: \'go\' binary is trimmed and GOROOT is not set".', '{problemZh} 此时 go 会报 “cannot find GOROOT directory: \'go\' binary is trimmed and GOROOT is not set”。'),
    fix: t('Put a link to the real go instead of a copy (`ln -s {suggestTarget} {binary}`), or put {suggestBin} on PATH.', '请用指向真正 go 的链接代替复制的文件（`ln -s {suggestTarget} {binary}`），或把 {suggestBin} 加入 PATH。'),
    skip: (ctx) => (ctx.platform === 'win32' ? 'not needed on Windows' : null),
    async check(ctx) {
      const hits: Evidence[] = [];
      const suggestBin = ctx.goroot ? join(ctx.goroot, 'bin') : '/usr/local/go/bin';
      if (ctx.platform === 'linux' && !ctx.host.exists('/proc/self/exe')) {
        hits.push({ problem: '/proc is not mounted, so go cannot see where it was started from.', problemZh: '/proc 未挂载，go 无法知道自己从哪里启动。', binary: 'go', suggestTarget: join(suggestBin, 'go'), suggestBin });
      }
      if (ctx.settings.GOROOT && ctx.settings.GOROOT.source !== 'default') return hits.length ? hits : null;
      const sh = await ctx.shell();
      const pathValue = sh.login?.path ?? ctx.env.PATH ?? '';
      const dirs = pathValue.split(':').filter(Boolean);
      for (const d of dirs) {
        const p = join(d, 'go');
        let st;
        try {
          st = lstatSync(p);
        } catch {
          continue;
        }
        const real = realpathOrNull(p);
        if (st.isSymbolicLink() && !real) {
          hits.push({ binary: p, problem: `${p} is a link whose target cannot be followed.`, problemZh: `${p} 是一个无法解析目标的链接。`, suggestTarget: join(suggestBin, 'go'), suggestBin });
          continue;
        }
        if (!real) continue;
        const root = dirname(dirname(real));
        const inTree = ctx.host.exists(join(root, 'src', 'runtime')) || ctx.host.exists(join(root, 'pkg', 'tool'));
        if (!inTree && !st.isSymbolicLink() && (await ctx.binary(real))?.format !== 'unknown') {
          // a Go binary copied out of its tree (e.g. into /usr/local/bin)
          const v = await ctx.binary(real);
          if (!v || v.format === 'unknown') continue;
          hits.push({ binary: p, problem: `${p} is a copy of go outside any Go folder (no src/ or pkg/tool/ next to it).`, problemZh: `${p} 是复制到 Go 目录之外的 go（旁边没有 src/ 或 pkg/tool/）。`, suggestTarget: join(suggestBin, 'go'), suggestBin });
        }
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'toolchain-unavailable',
    severity: 'error',
    title: t('go.mod asks for a Go version that was never released', 'go.mod 要求的 Go 版本并不存在'),
    checks: t('Reads the go and toolchain lines of go.mod / go.work and GOTOOLCHAIN, and the Go versions installed side by side (go-offline versions).', '读取 go.mod / go.work 的 go 行和 toolchain 行、GOTOOLCHAIN，以及并列安装的 Go 版本（go-offline versions）。'),
    cause: t('{file} says `go {goLine}` (no patch number): this project needs Go {wanted} or newer, and the installed Go is {installed}. With GOTOOLCHAIN={gotoolchain} go looks for a Go called "go{goLine}", which does not exist (releases since 1.21 are called 1.N.0), so it stops with "toolchain not available". {found}', '{file} 写的是 `go {goLine}`（没有补丁号）：这个项目需要 Go {wanted} 或更新版本，而已安装的 Go 是 {installed}。在 GOTOOLCHAIN={gotoolchain} 下，go 会去找名为 “go{goLine}” 的 Go，但它并不存在（从 1.21 起版本号是 1.N.0），于是报 “toolchain not available” 并停止。{foundZh}'),
    fix: t('{fix}', '{fixZh}'),
    skip: (ctx) => (ctx.projects.length ? null : 'no project given'),
    perShell: true,
    async check(ctx) {
      const hits: Evidence[] = [];
      for (const p of ctx.projects) {
        const f = toolchainFacts(ctx, p);
        if (!f || !f.switching || !f.needsNewer || f.tcLine) continue;
        const g = parseGoVersion(f.goLine);
        if (!(g && g.major === 1 && g.minor >= 21 && /^\d+\.\d+$/.test(f.goLine))) continue;
        hits.push({ ...f, tcLine: null, ...(await toolchainAdvice(ctx, f.goLine, f.file)) });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'toolchain-sumdb-off',
    severity: 'error',
    title: t('A toolchain download would need the checksum database', '下载工具链需要校验和数据库'),
    checks: t('GOSUMDB=off together with a go.mod / go.work that needs a newer Go than installed.', '检查 GOSUMDB=off 是否与要求更新 Go 版本的 go.mod / go.work 同时出现。'),
    cause: t('{file} needs Go {wanted} but Go {installed} is installed; go would download go{wanted}, and toolchain downloads are always checked against the checksum database, which GOSUMDB=off disables.', '{file} 需要 Go {wanted}，但已安装的是 Go {installed}；go 会去下载 go{wanted}，而工具链下载总要经过校验和数据库验证，GOSUMDB=off 让它无法完成。'),
    fix: t('Install Go {wanted} (or newer) from the bundle and set GOTOOLCHAIN=local.', '请从安装包中安装 Go {wanted}（或更新版本），并设置 GOTOOLCHAIN=local。'),
    skip: (ctx) => (ctx.projects.length ? null : 'no project given'),
    perShell: true,
    async check(ctx) {
      if (ctx.settings.GOSUMDB!.value !== 'off') return null;
      const hits: Evidence[] = [];
      for (const p of ctx.projects) {
        const f = toolchainFacts(ctx, p);
        if (!f || !f.switching || !(f.needsNewer || f.wantsToolchain)) continue;
        hits.push({ file: f.file, installed: f.installed, wanted: f.wantsToolchain ? f.tcLine! : f.goLine, gotoolchain: f.gotoolchain, gosumdb: 'off', gosumdbSource: ctx.settings.GOSUMDB!.source });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'toolchain-download-offline',
    severity: 'error',
    title: t('Go would try to download a newer Go, without network', 'Go 会在没有网络时尝试下载新版本 Go'),
    checks: t('A go.mod / go.work that needs a newer Go than installed, GOTOOLCHAIN not `local`, and no network.', '检查是否同时存在：go.mod / go.work 要求比已安装更新的 Go、GOTOOLCHAIN 不是 `local`、没有网络。'),
    cause: t('{file} needs Go {wanted}, the installed Go is {installed}, and GOTOOLCHAIN={gotoolchain} ({gotoolchainSource}); go will try to download go{wanted} and fail without network.', '{file} 需要 Go {wanted}，已安装的是 {installed}，且 GOTOOLCHAIN={gotoolchain}（{gotoolchainSource}）；go 会尝试下载 go{wanted}，没有网络时会失败。'),
    fix: t('Bundle and install Go {wanted} or newer, and set GOTOOLCHAIN=local on this machine.', '请打包并安装 Go {wanted} 或更新版本，并在本机设置 GOTOOLCHAIN=local。'),
    skip: (ctx) => (ctx.projects.length ? null : 'no project given'),
    perShell: true,
    async check(ctx) {
      if (!ctx.offline) return null;
      if (ctx.settings.GOSUMDB!.value === 'off') return null; // toolchain-sumdb-off explains it
      const hits: Evidence[] = [];
      for (const p of ctx.projects) {
        const f = toolchainFacts(ctx, p);
        if (!f || !f.switching || !(f.needsNewer || f.wantsToolchain)) continue;
        if (f.mode === 'path') continue; // never downloads: toolchain-not-installed judges it
        if (f.needsNewer && !f.tcLine && /^1\.(2[1-9]|[3-9]\d)$/.test(f.goLine)) continue; // toolchain-unavailable explains it
        hits.push({ file: f.file, installed: f.installed, wanted: f.wantsToolchain && (!f.needsNewer || compareGoVersions(f.tcLine!, f.goLine) > 0) ? f.tcLine! : f.goLine, gotoolchain: f.gotoolchain, gotoolchainSource: f.gotoolchainSource });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'toolchain-not-installed',
    severity: 'error',
    title: t('The Go version a project asks for is not installed beside the default one', '项目要求的 Go 版本没有并列安装'),
    checks: t('With GOTOOLCHAIN=path: the go and toolchain lines of go.mod / go.work, the installed default Go, and the go1.X.Y commands on PATH (versions installed side by side).', '在 GOTOOLCHAIN=path 时：检查 go.mod / go.work 的 go 行和 toolchain 行、已安装的默认 Go，以及 PATH 中的 go1.X.Y 命令（并列安装的版本）。'),
    cause: t('{file} asks for Go {wanted}; the default Go is {installed} and GOTOOLCHAIN={gotoolchain} ({gotoolchainSource}), so go looks for a go{wanted} command on PATH, and there is none (installed: {versions}). go stops with "cannot find "go{wanted}" in PATH"; it never downloads.', '{file} 要求 Go {wanted}；默认 Go 是 {installed}，且 GOTOOLCHAIN={gotoolchain}（{gotoolchainSource}），所以 go 会在 PATH 中找 go{wanted} 命令，但没有找到（已安装：{versions}）。go 会报 “cannot find "go{wanted}" in PATH” 并停止；它不会下载。'),
    fix: t('Install that version beside the default one from a bundle that carries it: `go-offline install --bundle B --side-by-side --go-version {wanted}`; or change the go/toolchain line to an installed version.', '请从包含该版本的离线包把它并列安装：`go-offline install --bundle 离线包 --side-by-side --go-version {wanted}`；或把 go/toolchain 行改为已安装的版本。'),
    skip: (ctx) => (ctx.projects.length ? null : 'no project given'),
    perShell: true,
    async check(ctx) {
      const hits: Evidence[] = [];
      for (const p of ctx.projects) {
        const f = toolchainFacts(ctx, p);
        if (!f || !f.switching || f.mode !== 'path' || !(f.needsNewer || f.wantsToolchain)) continue;
        const wanted = f.wantsToolchain && (!f.needsNewer || compareGoVersions(f.tcLine!, f.goLine) > 0) ? f.tcLine! : f.goLine;
        if (!/^\d+\.\d+\.\d+/.test(wanted) && compareGoVersions(wanted, '1.21') >= 0) continue; // toolchain-unavailable explains `go 1.N`
        if (toolchainOnPath(ctx, `go${wanted}`)) continue;
        const listed = await listVersions({ env: ctx.env, platform: ctx.platform }).catch(() => null);
        hits.push({ file: f.file, wanted, installed: f.installed, gotoolchain: f.gotoolchain, gotoolchainSource: f.gotoolchainSource, versions: listed ? listed.versions.map((v) => v.version).join(', ') : f.installed });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'go-version-broken',
    severity: 'error',
    title: t('A Go version installed beside the default one is damaged', '并列安装的某个 Go 版本已损坏'),
    checks: t('Every version installed side by side (go-offline versions): its folder, its go1.X.Y command, and its files against the installed-file list (sizes).', '检查每个并列安装的版本（go-offline versions）：它的文件夹、go1.X.Y 命令，以及按安装文件清单核对的文件（大小）。'),
    cause: t('{version} at {goroot}: {problems}. A project that asks for {version} fails, or builds with changed files.', '{version}（{goroot}）：{problems}。要求 {version} 的项目会失败，或用被改动的文件构建。'),
    fix: t('Install it again beside the default one (`go-offline install --bundle B --side-by-side --go-version {version}`), or remove it with `go-offline uninstall --go-version {version}`.', '请重新并列安装（`go-offline install --bundle 离线包 --side-by-side --go-version {version}`），或用 `go-offline uninstall --go-version {version}` 删除它。'),
    async check(ctx) {
      const listed = await listVersions({ env: ctx.env, platform: ctx.platform }).catch(() => null);
      const bad = (listed?.versions ?? []).filter((v) => !v.isDefault && v.state !== 'ok' && v.state !== 'not-checked');
      return bad.length ? bad.map((v) => ({ version: v.version, goroot: v.goroot, wrapper: v.wrapper, state: v.state, problems: v.problems.join('; ') })) : null;
    },
  },
  {
    id: 'toolchain-too-old-local',
    severity: 'error',
    title: t('The installed Go is older than the project needs', '已安装的 Go 版本低于项目要求'),
    checks: t('Compares the go line of go.mod / go.work with the installed Go when Go will not switch toolchains.', '在 Go 不会切换工具链时，比较 go.mod / go.work 的 go 行与已安装的 Go。'),
    cause: t('{file} requires go >= {goLine}, but the installed Go is {installed} (GOTOOLCHAIN={gotoolchain}); go stops with "go.mod requires go >= {goLine}".', '{file} 要求 go >= {goLine}，但已安装的 Go 是 {installed}（GOTOOLCHAIN={gotoolchain}）；go 会报 “go.mod requires go >= {goLine}” 并停止。'),
    fix: t('Bundle and install Go {goLine} or newer (choose it on the online machine with this project added).', '请打包并安装 Go {goLine} 或更新版本（在联网机器上添加此项目后选择合适的版本）。'),
    skip: (ctx) => (ctx.projects.length ? null : 'no project given'),
    perShell: true,
    async check(ctx) {
      const hits: Evidence[] = [];
      for (const p of ctx.projects) {
        const f = toolchainFacts(ctx, p);
        if (!f || f.switching || !f.needsNewer) continue;
        hits.push({ file: f.file, goLine: f.goLine, installed: f.installed, gotoolchain: f.gotoolchain });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'proxy-offline',
    severity: 'error',
    title: t('GOPROXY points at a proxy that does not answer', 'GOPROXY 指向的代理无法访问'),
    checks: t('Reads GOPROXY (environment, `go env -w` file, GOROOT/go.env, default) and asks its first web address whether it answers.', '读取 GOPROXY（环境变量、`go env -w` 文件、GOROOT/go.env、默认值），并检查其中第一个网址能否访问。'),
    cause: t('GOPROXY is {goproxy} ({source}); {url} {answer}. Every module download fails with "dial tcp … connection refused" or a timeout.', 'GOPROXY 是 {goproxy}（{source}）；{url} {answerZh}。所有模块下载都会因 “dial tcp … connection refused” 或超时而失败。'),
    fix: t('Use the bundled module proxy: `go env -w GOPROXY=file:///path/to/proxy,off` (the installer sets this when the bundle carries modules), or vendor/, or GOPROXY=off with a filled module cache.', '请使用随包附带的模块代理：`go env -w GOPROXY=file:///代理路径,off`（安装包带有模块时安装程序会自动设置），或使用 vendor/，或在模块缓存已准备好时设置 GOPROXY=off。'),
    perShell: true,
    async check(ctx) {
      const s = ctx.settings.GOPROXY!;
      const first = proxyEntries(s.value)[0];
      if (!first || !/^https?:\/\//i.test(first)) return null;
      const r = await ctx.probe(first);
      if (r === null && ctx.offline)
        return { variable: 'GOPROXY', goproxy: s.value, source: s.source, url: first, error: null, answer: 'needs the network, and this machine is taken to be offline (--no-network)', answerZh: '需要网络，而本机被视为离线（--no-network）', networkReachable: null };
      if (!r || r.reachable) return null;
      const error = r.error ?? 'no answer';
      const en = wordParams({ error }, 'en').error!;
      const zh = wordParams({ error }, 'zh').error!;
      return { variable: 'GOPROXY', goproxy: s.value, source: s.source, url: first, error, answer: `does not answer (${en})`, answerZh: `无法访问（${zh}）`, networkReachable: ctx.networkReachable };
    },
  },
  {
    id: 'proxy-file-url',
    severity: 'error',
    title: t('The file:// GOPROXY address is written wrongly', 'file:// 形式的 GOPROXY 地址写法错误'),
    checks: t('Checks the form of file:// entries in GOPROXY (three slashes, forward slashes, absolute path).', '检查 GOPROXY 中 file:// 条目的写法（三个斜杠、正斜杠、绝对路径）。'),
    cause: t('GOPROXY contains {entry} ({source}); go rejects it with "invalid file:// proxy URL with non-path elements".', 'GOPROXY 中有 {entry}（{source}）；go 会以 “invalid file:// proxy URL with non-path elements” 拒绝它。'),
    fix: t('Write it as {suggest} (three slashes, forward slashes).', '请写成 {suggest}（三个斜杠，正斜杠）。'),
    perShell: true,
    async check(ctx) {
      const s = ctx.settings.GOPROXY!;
      const hits: Evidence[] = [];
      for (const e of proxyEntries(s.value)) {
        if (!/^file:/i.test(e)) continue;
        if (/^file:\/\/\/[^\\]*$/i.test(e)) continue;
        const path = e.replace(/^file:\/*/i, '').replace(/\\/g, '/');
        hits.push({ entry: e, source: s.source, suggest: `file:///${path}` });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'proxy-file-missing',
    severity: 'error',
    title: t('The file GOPROXY points at is missing', 'GOPROXY 指向的文件夹不存在'),
    checks: t('Checks that each file:// entry of GOPROXY is an existing folder.', '检查 GOPROXY 中每个 file:// 条目是否为存在的文件夹。'),
    cause: t('GOPROXY names {entry} ({source}) but {path} does not exist; with ",off" after it go reports "module lookup disabled by GOPROXY=off".', 'GOPROXY 中指定了 {entry}（{source}），但 {path} 不存在；其后若有 “,off”，go 会报 “module lookup disabled by GOPROXY=off”。'),
    fix: t('Copy the bundle’s module proxy folder to {path} again (or reinstall from the bundle), or point GOPROXY at where it is.', '请重新把安装包中的模块代理文件夹复制到 {path}（或从安装包重新安装），或把 GOPROXY 指向它实际所在的位置。'),
    perShell: true,
    async check(ctx) {
      const s = ctx.settings.GOPROXY!;
      const hits: Evidence[] = [];
      for (const e of proxyEntries(s.value)) {
        const m = /^file:\/\/\/?(.*)$/i.exec(e);
        if (!m) continue;
        let p = decodeURIComponent(m[1]!);
        if (ctx.platform !== 'win32') p = '/' + p.replace(/^\/+/, '');
        if (!isDir(p)) hits.push({ entry: e, source: s.source, path: p });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'sumdb-offline',
    severity: 'warning',
    title: t('go.sum is incomplete, so Go would ask the checksum database', 'go.sum 不完整，Go 会去查询校验和数据库'),
    checks: t('With no network and GOSUMDB on: checks that go.sum has a hash for every module in go.mod (outside GONOSUMDB/GOPRIVATE).', '在没有网络且 GOSUMDB 开启时：检查 go.sum 是否包含 go.mod 中每个模块（GONOSUMDB/GOPRIVATE 之外）的哈希。'),
    cause: t('{file} requires modules whose hashes are missing from go.sum: {missing}. go will ask {gosumdb} and fail with "verifying module: … dial tcp".', '{file} 需要的模块在 go.sum 中缺少哈希：{missing}。go 会去查询 {gosumdb}，并以 “verifying module: … dial tcp” 失败。'),
    fix: t('On the online machine run `go mod tidy` in the project and bundle again; list internal modules in GOPRIVATE/GONOSUMDB. GOSUMDB=off only as a last resort.', '请在联网机器上对该项目运行 `go mod tidy` 后重新打包；内部模块写进 GOPRIVATE/GONOSUMDB。GOSUMDB=off 只作为最后手段。'),
    skip: (ctx) => (ctx.projects.length ? null : 'no project given'),
    perShell: true,
    async check(ctx) {
      if (!ctx.offline || ctx.settings.GOSUMDB!.value === 'off') return null;
      const priv = [ctx.settings.GONOSUMDB?.value, ctx.settings.GOPRIVATE?.value].filter(Boolean).join(',');
      const hits: Evidence[] = [];
      for (const p of ctx.projects) {
        if (!p.mod) continue;
        const sum = p.goSum ?? '';
        const missing = p.mod.requires
          .filter((r) => !matchesPrivate(r.path, priv))
          .filter((r) => !sum.includes(`${r.path} ${r.version}/go.mod h1:`))
          .map((r) => `${r.path}@${r.version}`);
        if (missing.length) hits.push({ file: p.mod.file, missing: missing.slice(0, 20), count: missing.length, gosumdb: ctx.settings.GOSUMDB!.value });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'goflags-insecure',
    severity: 'error',
    title: t('GOFLAGS holds a flag Go no longer knows', 'GOFLAGS 中有 Go 已不再支持的参数'),
    checks: t('Reads GOFLAGS for `-insecure` (removed in Go 1.17) and looks for GONOSUMCHECK, which is not a Go setting.', '检查 GOFLAGS 中是否有 `-insecure`（Go 1.17 已移除），以及是否设置了并不存在的 GONOSUMCHECK。'),
    cause: t('GOFLAGS is "{goflags}" ({source}); every go command stops with "go: parsing $GOFLAGS: unknown flag -insecure".', 'GOFLAGS 是 “{goflags}”（{source}）；所有 go 命令都会报 “go: parsing $GOFLAGS: unknown flag -insecure” 并停止。'),
    fix: t('Remove -insecure from GOFLAGS (environment and `go env -w GOFLAGS=`); use GOINSECURE for plain-http hosts and GOPRIVATE/GONOSUMDB for internal modules.', '请从 GOFLAGS（环境变量和 `go env -w GOFLAGS=`）中删除 -insecure；明文 http 主机用 GOINSECURE，内部模块用 GOPRIVATE/GONOSUMDB。'),
    perShell: true,
    async check(ctx) {
      const g = ctx.settings.GOFLAGS;
      if (!g || !/(^|\s)--?insecure(=\S*)?(\s|$)/.test(g.value)) return null;
      return { variable: 'GOFLAGS', goflags: g.value, source: g.source, gonosumcheck: ctx.env.GONOSUMCHECK ?? null };
    },
  },
  {
    id: 'noexec-mount',
    severity: 'error',
    title: t('Programs may not run from a folder Go uses', 'Go 使用的文件夹不允许运行程序'),
    checks: t('Reads the mount options (/proc/self/mountinfo) of GOROOT, the temp folder and GOCACHE: noexec, or a FAT/NTFS disk.', '读取 GOROOT、临时目录和 GOCACHE 的挂载选项（/proc/self/mountinfo）：是否为 noexec，或是否位于 FAT/NTFS 磁盘。'),
    cause: t('{what} {path} is on {mountPoint} ({fsType}, {options}); {effect}', '{whatZh} {path} 位于 {mountPoint}（{fsType}，{options}）；{effectZh}'),
    fix: t('{fix}', '{fixZh}'),
    skip: onlyOn('linux'),
    perShell: true,
    async check(ctx) {
      const mounts = await ctx.host.mounts();
      if (!mounts) return null;
      const targets: Array<{ what: string; whatZh: string; path: string; effect: string; effectZh: string; fix: string; fixZh: string; fsMatters: boolean }> = [];
      if (ctx.goroot)
        targets.push({ what: 'Go (GOROOT)', whatZh: 'Go（GOROOT）', path: ctx.goroot, effect: 'go and its compiler cannot start ("Permission denied").', effectZh: 'go 和编译器无法启动（“Permission denied”）。', fix: 'Install Go onto a local disk (the installer’s default locations), never onto removable media.', fixZh: '请把 Go 安装到本地磁盘（安装程序的默认位置），不要安装到可移动介质上。', fsMatters: true });
      const temp = ctx.settings.GOTMPDIR?.value || defaultTemp(ctx.env, ctx.platform);
      targets.push({ what: 'The temp folder', whatZh: '临时目录', path: temp, effect: '`go run` and `go test` build programs there and cannot start them ("fork/exec … permission denied").', effectZh: '`go run` 和 `go test` 会在这里生成程序，但无法运行它们（“fork/exec … permission denied”）。', fix: 'Set GOTMPDIR to a folder on a normal disk, e.g. `go env -w GOTMPDIR=$HOME/.cache/go-tmp` (create it first).', fixZh: '请把 GOTMPDIR 设为普通磁盘上的文件夹，例如 `go env -w GOTMPDIR=$HOME/.cache/go-tmp`（先创建该文件夹）。', fsMatters: false });
      const hits: Evidence[] = [];
      for (const tg of targets) {
        const real = realpathOrNull(nearestExisting(tg.path, ctx.host));
        if (!real) continue;
        const m = mountFor(real, mounts);
        if (!m) continue;
        const noexec = m.options.includes('noexec');
        const fat = tg.fsMatters && /^(vfat|msdos|exfat|ntfs|ntfs3|fuseblk)$/.test(m.fsType);
        if (noexec || fat) hits.push({ variable: tg.what === 'The temp folder' ? (ctx.settings.GOTMPDIR?.value ? 'GOTMPDIR' : 'TMPDIR') : null, what: tg.what, whatZh: tg.whatZh, path: tg.path, mountPoint: m.mountPoint, fsType: m.fsType, options: m.options.filter((o) => /exec|ro|rw|nosuid|showexec/.test(o)).join(','), noexec, effect: tg.effect, effectZh: tg.effectZh, fix: tg.fix, fixZh: tg.fixZh });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'no-permission',
    severity: 'error',
    title: t('Go may not write where it needs to', 'Go 没有权限写入所需的位置'),
    checks: t('Checks that GOPATH, GOMODCACHE, GOCACHE and the temp folder can be written, and that GOPATH and GOBIN are not inside GOROOT.', '检查 GOPATH、GOMODCACHE、GOCACHE 和临时目录是否可写，以及 GOPATH 和 GOBIN 是否位于 GOROOT 之内。'),
    cause: t('{problem}', '{problemZh}'),
    fix: t('{fix}', '{fixZh}'),
    perShell: true,
    async check(ctx) {
      const hits: Evidence[] = [];
      const s = ctx.settings;
      const list = ctx.platform === 'win32' ? ';' : ':';
      const gopath = s.GOPATH!.value.split(list)[0]!;
      if (ctx.goroot) {
        for (const name of ['GOPATH', 'GOBIN'] as const) {
          const v = name === 'GOPATH' ? gopath : s.GOBIN?.value;
          if (!v) continue;
          if (isUnder(v, ctx.goroot)) {
            hits.push({
              setting: name,
              value: v,
              source: s[name]!.source,
              goroot: ctx.goroot,
              problem: `${name} (${v}, ${s[name]!.source}) is inside GOROOT ${ctx.goroot}: Go’s own tree is not writable for you and is replaced on every update ("open …/bin/…: permission denied").`,
              problemZh: `${name}（${v}，${s[name]!.source}）位于 GOROOT ${ctx.goroot} 之内：Go 自己的目录你无权写入，而且每次更新都会被替换（“open …/bin/…: permission denied”）。`,
              fix: `Set ${name} to a folder outside Go’s folder (or unset it: the default is ~/go), e.g. \`go env -u ${name}\`.`,
              fixZh: `请把 ${name} 设为 Go 目录之外的文件夹（或取消设置，默认为 ~/go），例如 \`go env -u ${name}\`。`,
            });
          }
        }
      }
      const temp = s.GOTMPDIR?.value || defaultTemp(ctx.env, ctx.platform);
      const places: Array<[string, string, string]> = [
        ['GOPATH', gopath, s.GOPATH!.source],
        ['GOMODCACHE', s.GOMODCACHE!.value, s.GOMODCACHE!.source],
        ['GOCACHE', s.GOCACHE!.value, s.GOCACHE!.source],
        ['temp folder', temp, s.GOTMPDIR ? s.GOTMPDIR.source : 'TMPDIR'],
      ];
      if (s.GOCACHE!.value === 'off') places.splice(2, 1);
      for (const [name, path, source] of places) {
        if (!path) continue;
        if (hits.some((h) => h.setting === name)) continue;
        // the module cache is read-only by design once filled: check the folder that holds it
        const checkDir = nearestExisting(name === 'GOMODCACHE' && ctx.host.exists(path) ? dirname(path) : path, ctx.host);
        if (await writable(checkDir)) continue;
        hits.push({
          setting: name,
          value: path,
          source,
          checkedDir: checkDir,
          variable: name === 'temp folder' ? (s.GOTMPDIR ? 'GOTMPDIR' : 'TMPDIR') : name,
          problem: `${name} is ${path} (${source}), and your user may not write to ${checkDir}.`,
          problemZh: `${name} 是 ${path}（${source}），而当前用户无权写入 ${checkDir}。`,
          fix: name === 'temp folder' ? 'Set TMPDIR or GOTMPDIR to a writable folder in your home.' : `Set ${name} to a folder you own (e.g. under your home folder) with \`go env -w ${name}=…\`, or fix the folder’s owner.`,
          fixZh: name === 'temp folder' ? '请把 TMPDIR 或 GOTMPDIR 设为主目录中可写的文件夹。' : `请用 \`go env -w ${name}=…\` 把 ${name} 设为你自己的文件夹（例如主目录下），或修正该文件夹的所有者。`,
        });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'tree-tampered',
    severity: 'error',
    title: t('Go’s folder differs from what was installed', 'Go 目录与安装时的内容不一致'),
    checks: t('Compares the Go folder with the installed file list: missing, changed and extra files.', '将 Go 目录与安装时记录的文件列表比较：缺失、被修改和多出的文件。'),
    cause: t('In {goroot}: {missingCount} missing, {changedCount} changed, {extraCount} extra files (e.g. {examples}). {explain}', '在 {goroot} 中：缺失 {missingCount} 个、被修改 {changedCount} 个、多出 {extraCount} 个文件（例如 {examples}）。{explainZh}'),
    fix: t('Reinstall Go from the bundle (the installer replaces the whole folder; never extract a new Go over an old one). If antivirus removed files, restore them or exclude the Go folder, and report the false positive.', '请从安装包重新安装 Go（安装程序会替换整个目录；不要把新版本解压到旧目录上）。如果是杀毒软件删除了文件，请恢复或把 Go 目录加入排除列表，并报告误报。'),
    skip: (ctx) => needGoroot(ctx) ?? (ctx.install.files ? null : 'no installed file list recorded for this Go'),
    async check(ctx) {
      const root = ctx.goroot!;
      const files = ctx.install.files!;
      const recorded = new Map(files.map((f) => [f.path, f]));
      const missing: string[] = [];
      const changed: string[] = [];
      for (const f of files) {
        if (f.type === 'symlink') continue;
        const p = join(root, ...f.path.split('/'));
        let st;
        try {
          st = statSync(p);
        } catch {
          missing.push(f.path);
          continue;
        }
        if (!st.isFile()) {
          changed.push(f.path);
          continue;
        }
        if (st.size !== f.size) {
          changed.push(f.path);
          continue;
        }
        const isProgram = /^(bin|pkg\/tool)\//.test(f.path);
        if (f.sha256 && (isProgram || ctx.deepTreeCheck) && (await sha256(p)) !== f.sha256) changed.push(f.path);
      }
      const extra: string[] = [];
      const walk = (dir: string, rel: string) => {
        let entries;
        try {
          entries = readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const r = rel ? `${rel}/${e.name}` : e.name;
          if (e.isDirectory()) walk(join(dir, e.name), r);
          else if (!recorded.has(r)) extra.push(r);
          if (extra.length > 1000) return;
        }
      };
      walk(root, '');
      if (!missing.length && !changed.length && !extra.length) return null;
      let explain = '';
      let explainZh = '';
      if (missing.some((m) => /\.exe$|^bin\/|^pkg\/tool\//.test(m))) {
        explain = 'Missing programs are often removed by antivirus.';
        explainZh = '程序文件缺失通常是被杀毒软件删除了。';
      } else if (extra.length && !missing.length && !changed.length) {
        explain = 'Extra files usually mean another Go was extracted over this one, which breaks builds.';
        explainZh = '多出的文件通常说明有人把另一个版本的 Go 解压到了这里，这会导致构建失败。';
      } else if (changed.length) {
        explain = 'Changed files mean the tree was modified after install.';
        explainZh = '被修改的文件说明安装后目录被改动过。';
      }
      return {
        goroot: root,
        missingCount: missing.length,
        changedCount: changed.length,
        extraCount: extra.length,
        missing: missing.slice(0, 20),
        changed: changed.slice(0, 20),
        extra: extra.slice(0, 20),
        examples: [...missing, ...changed, ...extra].slice(0, 3),
        explain,
        explainZh,
        recordedFiles: files.length,
      };
    },
  },
  {
    id: 'tree-not-executable',
    severity: 'error',
    title: t('You may not run Go’s programs', '你无权运行 Go 的程序'),
    checks: t('Checks, as the user who runs go, that bin/go and the tools in pkg/tool/ can be read and run, and that every folder on the way to them can be entered.', '以运行 go 的用户身份检查 bin/go 和 pkg/tool/ 中的工具能否读取和运行，以及通往它们的每一级文件夹能否进入。'),
    cause: t('{count} of Go’s programs cannot be run by your user, e.g. {examples}: {why}. go fails with "permission denied" (or "fork/exec …/compile: permission denied" when building).', 'Go 的程序中有 {count} 个当前用户无法运行，例如 {examples}：{whyZh}。go 会报 “permission denied”（构建时报 “fork/exec …/compile: permission denied”）。'),
    fix: t('Give everyone read and run rights on Go’s folder: `chmod -R a+rX {goroot}` (as the owner or root), or reinstall from the bundle.', '请让所有用户都能读取和运行 Go 的目录：`chmod -R a+rX {goroot}`（由所有者或 root 执行），或从安装包重新安装。'),
    skip: (ctx) => needGoroot(ctx) ?? (ctx.platform === 'win32' ? 'not checked on Windows' : null),
    async check(ctx) {
      const root = ctx.goroot!;
      const progs: string[] = [join(root, 'bin', 'go')];
      try {
        for (const d of readdirSync(join(root, 'pkg', 'tool'))) {
          for (const f of readdirSync(join(root, 'pkg', 'tool', d))) progs.push(join(root, 'pkg', 'tool', d, f));
        }
      } catch {
        /* no tool folder: tree-tampered / trimmed-goroot say so */
      }
      const bad: string[] = [];
      let why = '';
      let whyZh = '';
      for (const p of progs) {
        try {
          await access(p, fsc.F_OK);
        } catch {
          // a folder on the way may not be entered, or the file is gone (tree-tampered)
          try {
            await access(dirname(p), fsc.X_OK);
            continue;
          } catch {
            bad.push(p);
            why ||= `the folder ${dirname(p)} may not be entered`;
            whyZh ||= `无权进入文件夹 ${dirname(p)}`;
            continue;
          }
        }
        try {
          await access(p, fsc.R_OK | fsc.X_OK);
        } catch {
          bad.push(p);
          why ||= `${p} is not readable and runnable for you (mode ${(statSync(p).mode & 0o777).toString(8)})`;
          whyZh ||= `${p} 对你不可读或不可运行（权限 ${(statSync(p).mode & 0o777).toString(8)}）`;
        }
      }
      if (!bad.length) return null;
      return { goroot: root, count: bad.length, examples: bad.slice(0, 3), programs: bad.slice(0, 20), why, whyZh };
    },
  },
  {
    id: 'multiple-go',
    severity: 'warning',
    title: t('More than one go on PATH', 'PATH 中有多个 go'),
    checks: t('Lists every go on the PATH of a new login shell and which one runs first.', '列出新登录 Shell 的 PATH 中所有的 go，以及哪一个最先运行。'),
    cause: t('A new shell runs {first} ({firstVersion}); other go programs on PATH: {others}. {note}', '新的 Shell 运行的是 {first}（{firstVersion}）；PATH 中的其他 go：{others}。{noteZh}'),
    fix: t('Remove the other Go installs or their PATH lines, or put {gorootBin} first on PATH.', '请删除其他 Go 安装或它们的 PATH 设置，或把 {gorootBin} 放在 PATH 最前面。'),
    async check(ctx) {
      const sh = await ctx.shell();
      const pathValue = sh.login && !sh.login.error && sh.login.path ? sh.login.path : (ctx.env.PATH ?? ctx.env.Path ?? '');
      const gos = goBinariesOnPath(pathValue, ctx.platform);
      const expected = ctx.goroot ? realpathOrNull(join(ctx.goroot, 'bin', exe(ctx))) : null;
      const first = gos[0];
      if (!first) return null;
      const firstIsOurs = !expected || first.real === expected;
      if (gos.length < 2 && firstIsOurs) return null;
      const versions = await Promise.all(gos.map(async (g) => gorootVersion(dirname(dirname(g.real ?? g.path)))));
      const note = firstIsOurs ? 'The installed Go runs first; the others only confuse tools and scripts.' : `The installed Go (${ctx.goroot}) is not the one that runs.`;
      const noteZh = firstIsOurs ? '已安装的 Go 会最先运行；其他的只会让工具和脚本混淆。' : `已安装的 Go（${ctx.goroot}）并不是实际运行的那个。`;
      if (gos.length < 2 && !expected) return null;
      return {
        first: first.path,
        firstVersion: versions[0] ?? 'unknown',
        others: gos.slice(1).map((g, i) => `${g.path} (${versions[i + 1] ?? 'unknown'})`).concat(firstIsOurs || !expected ? [] : gos.slice(1).some((g) => g.real === expected) ? [] : [`${ctx.goroot}/bin/go (not on PATH)`]),
        note,
        noteZh,
        gorootBin: ctx.goroot ? join(ctx.goroot, 'bin') : 'Go’s bin folder',
        firstIsInstalled: firstIsOurs,
      };
    },
  },
  {
    id: 'no-main-module',
    severity: 'warning',
    title: t('The project folder is not inside a Go module', '项目文件夹不在 Go 模块中'),
    checks: t('Looks for go.mod (or go.work) in the project folder and its parents.', '在项目文件夹及其上级中查找 go.mod（或 go.work）。'),
    cause: t('No go.mod in {dir} or any parent folder; go says "go.mod file not found in current directory or any parent directory". This is not an install fault.', '{dir} 及其上级文件夹中都没有 go.mod；go 会提示 “go.mod file not found in current directory or any parent directory”。这不是安装问题。'),
    fix: t('Run go in the module’s root folder (where go.mod is), or create a module with `go mod init NAME`.', '请在模块根目录（go.mod 所在位置）运行 go，或用 `go mod init 名称` 创建模块。'),
    skip: (ctx) => (ctx.projects.length ? null : 'no project given'),
    async check(ctx) {
      const hits: Evidence[] = ctx.projects.filter((p) => !p.mod && !p.work).map((p) => ({ dir: p.dir, gomod: null }));
      return hits.length ? hits : null;
    },
  },
  {
    id: 'go-settings',
    severity: 'error',
    title: t('The installed Go rejects or cannot honour a setting', '已安装的 Go 拒绝或无法执行某项设置'),
    checks: t('Runs the installed `go env -json` with the environment each of your shells gives go (GOTOOLCHAIN=local, outside any module) and judges the values it reports: settings it rejects, a disabled build cache.', '用你每个 Shell 提供给 go 的环境运行已安装 Go 的 `go env -json`（GOTOOLCHAIN=local，不在任何模块中），并检查它报告的值：被拒绝的设置、被禁用的构建缓存。'),
    cause: t('{problem}', '{problemZh}'),
    fix: t('{fix}', '{fixZh}'),
    perShell: true,
    skip: needGoroot,
    async check(ctx): Promise<Evidence | null> {
      const r = await goEnvJson(ctx);
      if (!r) return null;
      if (!r.values) {
        const message = r.error;
        const variable = /GOPATH/.test(message) ? 'GOPATH' : (/\b(GO[A-Z0-9_]+)=/.exec(message)?.[1] ?? null);
        return {
          variable,
          message,
          problem: `Go ${ctx.goVersion ?? ''} refuses to start with these settings: "${message}".`,
          problemZh: `Go ${ctx.goVersion ?? ''} 在这些设置下拒绝运行：“${message}”。`,
          fix: variable ? `Correct or remove ${variable} where it is set (see the shell and file named here), then open a new terminal.` : 'Correct the setting named in the message where it is set, then open a new terminal.',
          fixZh: variable ? `请在设置 ${variable} 的地方（见此处列出的 Shell 和文件）改正或删除它，然后打开新终端。` : '请在设置该项的地方改正消息中提到的设置，然后打开新终端。',
        };
      }
      const v = r.values;
      if (v.GOCACHE === 'off')
        return {
          variable: 'GOCACHE',
          value: 'off',
          problem: 'GOCACHE=off turns the build cache off, and Go has needed it for every build since 1.12: go build stops with "build cache is disabled by GOCACHE=off, but required as of Go 1.12".',
          problemZh: 'GOCACHE=off 关闭了构建缓存，而从 Go 1.12 起每次构建都需要它：go build 会报 “build cache is disabled by GOCACHE=off, but required as of Go 1.12” 并停止。',
          fix: 'Remove GOCACHE=off where it is set (or `go env -u GOCACHE`); to keep builds out of your home, point GOCACHE at another writable folder instead.',
          fixZh: '请在设置的地方删除 GOCACHE=off（或运行 `go env -u GOCACHE`）；如果不想把缓存放在主目录，请把 GOCACHE 指向另一个可写文件夹。',
        };
      return null;
    },
  },
  {
    id: 'module-mode-off',
    severity: 'warning',
    title: t('Go modules are switched off', 'Go 模块模式被关闭'),
    checks: t('Reads GO111MODULE as the installed Go reports it for each of your shells.', '读取已安装 Go 针对你每个 Shell 报告的 GO111MODULE。'),
    cause: t('GO111MODULE=off ({source}): go ignores go.mod, looks for every import under GOPATH/src and fails on module projects with "cannot find package".', 'GO111MODULE=off（{source}）：go 会忽略 go.mod，在 GOPATH/src 下查找所有导入，对模块项目会报 “cannot find package”。'),
    fix: t('Remove GO111MODULE=off where it is set (or `go env -u GO111MODULE`), then open a new terminal.', '请在设置的地方删除 GO111MODULE=off（或运行 `go env -u GO111MODULE`），然后打开新终端。'),
    perShell: true,
    skip: needGoroot,
    causedBy: ['startup-unparsable'],
    async check(ctx) {
      const r = await goEnvJson(ctx);
      if (!r?.values || r.values.GO111MODULE !== 'off') return null;
      const src = ctx.env.GO111MODULE !== undefined ? (ctx.view?.origins.GO111MODULE ? `${ctx.view.origins.GO111MODULE.file}:${ctx.view.origins.GO111MODULE.line}` : 'environment') : ctx.envFile;
      return { variable: 'GO111MODULE', value: 'off', source: src };
    },
  },
  {
    id: 'go-folders',
    severity: 'error',
    title: t('A folder Go writes to is full or partly read-only', 'Go 写入的文件夹已满或部分只读'),
    checks: t('For GOCACHE, the module cache and the temp folder as the installed Go reports them: the disk has room, and the folders inside the caches can be written by the user who runs go.', '针对已安装 Go 报告的 GOCACHE、模块缓存和临时目录：磁盘是否有空间，缓存内部的文件夹能否被运行 go 的用户写入。'),
    cause: t('{problem}', '{problemZh}'),
    fix: t('{fix}', '{fixZh}'),
    perShell: true,
    skip: (ctx) => needGoroot(ctx) ?? (ctx.platform === 'win32' ? 'not checked on Windows' : null),
    async check(ctx) {
      const r = await goEnvJson(ctx);
      if (!r?.values) return null;
      const v = r.values;
      const hits: Evidence[] = [];
      const places: Array<[string, string]> = [];
      if (v.GOCACHE && v.GOCACHE !== 'off') places.push(['GOCACHE', v.GOCACHE]);
      if (v.GOMODCACHE) places.push(['GOMODCACHE', v.GOMODCACHE]);
      places.push([v.GOTMPDIR ? 'GOTMPDIR' : 'TMPDIR', v.GOTMPDIR || ctx.env.TMPDIR || '/tmp']);
      for (const [variable, path] of places) {
        const near = nearestExisting(path, ctx.host);
        try {
          const st = await statfs(near);
          const free = Number(st.bavail) * Number(st.bsize);
          if (free < 64 * 1024 * 1024) {
            hits.push({ variable, path, freeBytes: free, problem: `${variable} is ${path}, and its disk has only ${Math.floor(free / 1024 / 1024)} MiB free: builds stop with "no space left on device".`, problemZh: `${variable} 是 ${path}，其所在磁盘只剩 ${Math.floor(free / 1024 / 1024)} MiB：构建会报 “no space left on device” 并停止。`, fix: `Free space on that disk, or point ${variable} at a folder on a disk with room (\`go env -w ${variable}=…\`).`, fixZh: `请清理该磁盘，或把 ${variable} 指向有空间的磁盘上的文件夹（\`go env -w ${variable}=…\`）。` });
            continue;
          }
        } catch {
          /* cannot tell */
        }
        if (variable === 'TMPDIR' || variable === 'GOTMPDIR' || !ctx.host.exists(path)) continue;
        // not writable deep inside: the cache's own subfolders (GOCACHE's 00..ff, the module download cache)
        const inner = variable === 'GOCACHE' ? path : join(path, 'cache', 'download');
        const bad = await unwritableInside(inner, variable === 'GOCACHE' ? 1 : 3);
        if (bad)
          hits.push({ variable, path, unwritable: bad, problem: `${variable} is ${path}, but ${bad} inside it cannot be written by your user: go fails with "permission denied" or "read-only file system" when it stores results there.`, problemZh: `${variable} 是 ${path}，但其中的 ${bad} 当前用户无法写入：go 在那里保存结果时会报 “permission denied” 或 “read-only file system”。`, fix: variable === 'GOCACHE' ? `Give the folder back to your user (\`sudo chown -R $USER ${path}\`), or run \`go clean -cache\`.` : `Give the folder back to your user (\`sudo chown -R $USER ${path}\`), or run \`go clean -modcache\` and fill it again from the bundle.`, fixZh: variable === 'GOCACHE' ? `请把该文件夹交还给当前用户（\`sudo chown -R $USER ${path}\`），或运行 \`go clean -cache\`。` : `请把该文件夹交还给当前用户（\`sudo chown -R $USER ${path}\`），或运行 \`go clean -modcache\` 后从安装包重新填充。` });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'project-offline',
    severity: 'error',
    title: t('A project cannot be built offline', '项目无法离线构建'),
    checks: t('For each project (and the current folder when it has a go.mod): go.mod directives the installed Go can read, vendor/modules.txt consistent with go.mod when vendor/ is used, and every module the build needs in the module cache or the configured file proxy.', '针对每个项目（以及含有 go.mod 的当前文件夹）：已安装的 Go 能否读懂 go.mod 中的指令；使用 vendor/ 时 vendor/modules.txt 是否与 go.mod 一致；构建所需的每个模块是否都在模块缓存或所配置的文件代理中。'),
    cause: t('{problem}', '{problemZh}'),
    fix: t('{fix}', '{fixZh}'),
    perShell: true,
    skip: (ctx) => (ctx.projects.length ? null : 'no project given'),
    causedBy: ['proxy-file-url', 'proxy-file-missing', 'toolchain-too-old-local', 'go-settings'],
    async check(ctx) {
      const hits: Evidence[] = [];
      for (const p of ctx.projects) {
        if (!p.mod) continue;
        const file = p.mod.file;
        const inst = ctx.goVersion ? parseGoVersion(ctx.goVersion) : null;
        const unknown = inst && inst.major === 1 ? p.mod.directives.filter((d) => (DIRECTIVE_SINCE[d.name] ?? 0) > inst.minor) : [];
        if (unknown.length) {
          const d = unknown[0]!;
          hits.push({ file, line: d.line, directive: d.name, problem: `${file}:${d.line} uses the "${d.name}" directive, which Go ${ctx.goVersion} cannot read (it came with Go 1.${DIRECTIVE_SINCE[d.name]}): go stops with "${file}:${d.line}: unknown directive: ${d.name}".`, problemZh: `${file}:${d.line} 使用了 “${d.name}” 指令，Go ${ctx.goVersion} 无法识别（它从 Go 1.${DIRECTIVE_SINCE[d.name]} 起才有）：go 会报 “${file}:${d.line}: unknown directive: ${d.name}” 并停止。`, fix: `Install Go 1.${DIRECTIVE_SINCE[d.name]} or newer from a bundle, or remove that line if the project does not need it.`, fixZh: `请从安装包安装 Go 1.${DIRECTIVE_SINCE[d.name]} 或更新版本；如果项目不需要该行，也可以删除它。` });
          continue;
        }
        const dir = dirname(file);
        const flags = ctx.settings.GOFLAGS?.value ?? '';
        const vendorTxt = await ctx.host.readText(join(dir, 'vendor', 'modules.txt'));
        const useVendor = /-mod=vendor/.test(flags) || (vendorTxt !== null && !/-mod=(mod|readonly)/.test(flags) && !!p.mod.go && compareGoVersions(p.mod.go, '1.14') >= 0);
        if (useVendor) {
          const listed = new Map<string, string>();
          for (const m of (vendorTxt ?? '').matchAll(/^# (\S+) (\S+)/gm)) listed.set(m[1]!, m[2]!);
          const wrong = p.mod.requires.filter((r) => listed.get(r.path) !== r.version).map((r) => `${r.path}@${r.version}${listed.has(r.path) ? ` (vendor/ has ${listed.get(r.path)})` : ' (not in vendor/)'}`);
          if (wrong.length)
            hits.push({ file, missing: wrong.slice(0, 20), count: wrong.length, problem: `vendor/modules.txt in ${dir} does not match go.mod for ${wrong.length} module(s): ${wrong.slice(0, 5).join(', ')}. go stops with "inconsistent vendoring".`, problemZh: `${dir} 中的 vendor/modules.txt 与 go.mod 有 ${wrong.length} 个模块不一致：${wrong.slice(0, 5).join('、')}。go 会报 “inconsistent vendoring” 并停止。`, fix: 'On the online machine run `go mod vendor` in the project and copy the project over again.', fixZh: '请在联网机器上对该项目运行 `go mod vendor`，然后重新复制项目。' });
          continue;
        }
        const modcache = ctx.settings.GOMODCACHE!.value;
        const proxies = proxyEntries(ctx.settings.GOPROXY!.value)
          .map((e) => /^file:\/\/(.*)$/i.exec(e)?.[1])
          .filter((x): x is string => !!x)
          .map((x) => decodeURIComponent(x));
        const network = !ctx.offline && proxyEntries(ctx.settings.GOPROXY!.value).some((e) => /^https?:|^direct$/i.test(e));
        if (network) continue; // modules can still be downloaded
        const sum = p.goSum ?? '';
        const missing: string[] = [];
        for (const r of p.mod.requires) {
          const esc = escapeModulePath(r.path);
          const needZip = !r.indirect || sum.includes(`${r.path} ${r.version} h1:`);
          const has = (ext: string) => [join(modcache, 'cache', 'download'), ...proxies].some((base) => ctx.host.exists(join(base, esc, '@v', `${r.version}.${ext}`)));
          if (!has('mod') || (needZip && !has('zip'))) missing.push(`${r.path}@${r.version}`);
        }
        if (missing.length)
          hits.push({ file, missing: missing.slice(0, 20), count: missing.length, modcache, proxies: proxies.length ? proxies : ['none'], problem: `${missing.length} module(s) that ${file} needs are neither in the module cache (${modcache}) nor in a file proxy${proxies.length ? ` (${proxies.join(', ')})` : ''}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}. Offline, go stops with "module lookup disabled" or "dial tcp".`, problemZh: `${file} 需要的 ${missing.length} 个模块既不在模块缓存（${modcache}）中，也不在文件代理${proxies.length ? `（${proxies.join('、')}）` : ''}中：${missing.slice(0, 5).join('、')}${missing.length > 5 ? '……' : ''}。离线时 go 会报 “module lookup disabled” 或 “dial tcp” 并停止。`, fix: 'On the online machine add this project to the bundle (its modules are then carried in the bundle’s module proxy), install that bundle here, and open a new terminal.', fixZh: '请在联网机器上把该项目加入安装包（其模块会随安装包的模块代理一起带来），在本机安装该安装包，然后打开新终端。' });
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'go-build-fails',
    severity: 'error',
    title: t('go build fails in a new terminal', '新终端中 go build 失败'),
    checks: t('Builds and runs a one-file program in a fresh temporary module with the installed Go and the environment each of your shells gives it (GOTOOLCHAIN=local): what a new terminal’s `go run` does.', '用已安装的 Go 和你每个 Shell 提供的环境（GOTOOLCHAIN=local），在新建的临时模块中构建并运行一个单文件程序：即新终端中 `go run` 的行为。'),
    cause: t('In {shells}, `go run` of a one-file program fails: "{output}". {explain}', '在 {shells} 中，单文件程序的 `go run` 失败：“{output}”。{explainZh}'),
    fix: t('{fix}', '{fixZh}'),
    perShell: true,
    skip: needGoroot,
    causedBy: ['go-not-installed', 'wrong-arch', 'missing-loader', 'glibc-too-old', 'os-too-old', 'mac-quarantine', 'tree-not-executable', 'tree-tampered', 'trimmed-goroot', 'stale-goroot', 'goroot-mismatch', 'go-settings', 'go-folders', 'noexec-mount', 'no-permission'],
    async check(ctx) {
      const r = await buildProbe(ctx);
      if (!r || r.ok) return null;
      const m = matchErrorText(r.output)[0];
      const variable = /\$GOFLAGS/.test(r.output) ? 'GOFLAGS' : /GOCACHE|build cache/.test(r.output) ? 'GOCACHE' : /work dir|GOTMPDIR/.test(r.output) ? (ctx.env.GOTMPDIR ? 'GOTMPDIR' : 'TMPDIR') : null;
      return {
        variable,
        output: r.output.split('\n').filter(Boolean).slice(0, 3).join(' / '),
        matched: m?.id ?? null,
        explain: m ? m.cause.en : 'Go itself reports this; the findings above (if any) name the cause.',
        explainZh: m ? m.cause.zh : '这是 Go 自身报告的错误；上面的发现（如有）指出了原因。',
        fix: m ? m.fix.en : 'Fix what the message names; attach a support bundle if it is unclear.',
        fixZh: m ? m.fix.zh : '请修正消息中指出的问题；如果不清楚，请附上支持包。',
      };
    },
  },
  {
    id: 'win-path',
    severity: 'error',
    title: t('Windows PATH problems', 'Windows PATH 设置有问题'),
    checks: t('Reads the user and machine Path from the registry: Go’s bin folder present, go.exe present, signs of setx truncation (1024 characters) and machine entries copied into the user Path, and whether this console’s PATH is older than the registry.', '从注册表读取用户和系统 Path：是否包含 Go 的 bin 文件夹、go.exe 是否存在、是否有 setx 截断（1024 个字符）的迹象、系统条目是否被复制进用户 Path，以及当前控制台的 PATH 是否比注册表旧。'),
    cause: t('{problem}', '{problemZh}'),
    fix: t('{fix}', '{fixZh}'),
    skip: onlyOn('win32'),
    async check(ctx) {
      const reg = await ctx.host.windowsPath();
      if (!reg) return null;
      const hits: Evidence[] = [];
      const norm = (s: string) => s.trim().replace(/[\\/]+$/, '').toLowerCase();
      const split = (v: string | undefined) => (v ?? '').split(';').map((s) => s.trim()).filter(Boolean);
      const user = split(reg.user?.value);
      const machine = split(reg.machine?.value);
      const userLen = reg.user?.value.length ?? 0;
      if (reg.user && (userLen === 1024 || (userLen > 1000 && userLen <= 1024 && !/;\s*$/.test(reg.user.value) && !ctx.host.exists(user[user.length - 1] ?? '')))) {
        hits.push({ kind: 'setx-truncation', userPathLength: userLen, lastEntry: user[user.length - 1] ?? '', problem: `Your user Path is ${userLen} characters long and its last entry "${user[user.length - 1] ?? ''}" looks cut off: setx stores at most 1024 characters.`, problemZh: `用户 Path 长度为 ${userLen} 个字符，最后一项“${user[user.length - 1] ?? ''}”看起来被截断了：setx 最多只保存 1024 个字符。`, fix: 'Restore the user Path in System Properties → Environment Variables (never with setx), then reinstall to add Go’s folder.', fixZh: '请在“系统属性 → 环境变量”中恢复用户 Path（不要用 setx），然后重新安装以添加 Go 的文件夹。' });
      }
      const machineSet = new Set(machine.map(norm));
      const dups = user.filter((u) => machineSet.has(norm(u)));
      if (dups.length >= 3) {
        hits.push({ kind: 'machine-entries-in-user-path', duplicates: dups.slice(0, 10), count: dups.length, problem: `${dups.length} folders of the machine Path were copied into your user Path (typical of \`setx PATH "%PATH%;…"\`).`, problemZh: `系统 Path 中的 ${dups.length} 个文件夹被复制进了用户 Path（这是 \`setx PATH "%PATH%;…"\` 的典型后果）。`, fix: 'Remove the copied machine entries from your user Path (System Properties → Environment Variables).', fixZh: '请在“系统属性 → 环境变量”中从用户 Path 删除这些复制来的系统条目。' });
      }
      if (reg.user && reg.user.type === 'REG_SZ' && /%\w+%/.test(reg.user.value)) {
        hits.push({ kind: 'path-not-expandable', problem: 'Your user Path contains %VARIABLES% but is stored as REG_SZ, so they are not expanded.', problemZh: '用户 Path 中含有 %变量%，但存储类型为 REG_SZ，变量不会被展开。', fix: 'Store the user Path as REG_EXPAND_SZ (System Properties → Environment Variables does this).', fixZh: '请以 REG_EXPAND_SZ 类型保存用户 Path（通过“系统属性 → 环境变量”编辑即可）。' });
      }
      if (ctx.goroot) {
        const bin = norm(join(ctx.goroot, 'bin'));
        const inReg = [...user, ...machine].some((e) => norm(e.replace(/%ProgramFiles%/i, ctx.env.ProgramFiles ?? 'C:\\Program Files')) === bin);
        const goExe = join(ctx.goroot, 'bin', 'go.exe');
        if (!ctx.host.exists(goExe)) {
          hits.push({ kind: 'go-exe-missing', path: goExe, problem: `${goExe} is missing; antivirus may have quarantined it ("'go' is not recognized…").`, problemZh: `${goExe} 不存在；可能被杀毒软件隔离了（“'go' is not recognized…”）。`, fix: 'Restore go.exe from quarantine or reinstall from the bundle, and exclude the Go folder from scanning.', fixZh: '请从隔离区恢复 go.exe 或从安装包重新安装，并把 Go 目录排除在扫描之外。' });
        } else if (!inReg) {
          hits.push({ kind: 'not-in-registry-path', folder: join(ctx.goroot, 'bin'), problem: `${join(ctx.goroot, 'bin')} is in neither your user Path nor the machine Path.`, problemZh: `${join(ctx.goroot, 'bin')} 既不在用户 Path 中，也不在系统 Path 中。`, fix: 'Reinstall (the installer adds it and tells Windows), or add it in System Properties → Environment Variables.', fixZh: '请重新安装（安装程序会添加并通知 Windows），或在“系统属性 → 环境变量”中添加。' });
        } else {
          const proc = split(ctx.env.Path ?? ctx.env.PATH).map(norm);
          if (!proc.includes(bin)) hits.push({ kind: 'console-older-than-registry', folder: join(ctx.goroot, 'bin'), problem: 'Go’s folder is in the registry Path but not in this window’s PATH: the console was opened before the change.', problemZh: 'Go 的文件夹已在注册表 Path 中，但不在当前窗口的 PATH 中：该控制台是在修改之前打开的。', fix: 'Open a new console window (or sign out and in).', fixZh: '请打开新的控制台窗口（或注销后重新登录）。' });
        }
      }
      return hits.length ? hits : null;
    },
  },
  {
    id: 'mac-paths-d',
    severity: 'error',
    title: t('macOS: /etc/paths.d is not applied', 'macOS：/etc/paths.d 没有生效'),
    checks: t('Compares the PATH path_helper builds from /etc/paths.d with the PATH of a new login shell.', '比较 path_helper 根据 /etc/paths.d 生成的 PATH 与新登录 Shell 的 PATH。'),
    cause: t('{file} adds {folders}, and path_helper includes it, but a new login shell’s PATH does not: a startup file sets PATH from scratch ({suspects}).', '{file} 添加了 {folders}，path_helper 也包含了它，但新登录 Shell 的 PATH 中没有：某个启动文件重新设置了整个 PATH（{suspects}）。'),
    fix: t('Change the startup file to add to PATH (`export PATH="$PATH:…"`) instead of replacing it, then open a new terminal.', '请把启动文件改为追加 PATH（`export PATH="$PATH:…"`）而不是覆盖，然后打开新终端。'),
    skip: onlyOn('darwin'),
    async check(ctx) {
      const file = '/etc/paths.d/go';
      const text = await ctx.host.readText(file);
      if (!text) return null;
      const folders = text.split('\n').map((s) => s.trim()).filter(Boolean);
      const helper = await ctx.host.pathHelper();
      const sh = await ctx.shell();
      if (!helper || !sh.login || sh.login.error || sh.login.path === null) return null;
      const helperDirs = helper.split(':');
      const loginDirs = sh.login.path.split(':');
      const lost = folders.filter((f) => helperDirs.includes(f) && !loginDirs.includes(f));
      if (!lost.length) return null;
      const suspects: string[] = [];
      for (const f of startupFiles(ctx)) {
        const s = await ctx.host.readText(f);
        if (s && /^\s*(export\s+)?PATH=(?!.*\$\{?PATH\b)/m.test(s)) suspects.push(f);
      }
      return { file, folders: lost, loginPath: sh.login.path, suspects: suspects.length ? suspects : ['none found'] };
    },
  },
  {
    id: 'mac-quarantine',
    severity: 'error',
    title: t('macOS quarantine mark on Go', 'Go 带有 macOS 隔离标记'),
    checks: t('Reads the com.apple.quarantine attribute of Go’s go program.', '读取 Go 的 go 程序上的 com.apple.quarantine 属性。'),
    cause: t('{binary} carries com.apple.quarantine ({value}); macOS refuses it ("developer cannot be verified") or kills it.', '{binary} 带有 com.apple.quarantine 标记（{value}）；macOS 会拒绝运行（“无法验证开发者”）或直接终止它。'),
    fix: t('Check the archive’s sha256, then run `xattr -dr com.apple.quarantine {goroot}`.', '请先核对压缩包的 sha256，然后运行 `xattr -dr com.apple.quarantine {goroot}`。'),
    skip: (ctx) => needGoroot(ctx) ?? onlyOn('darwin')(ctx),
    async check(ctx) {
      const bin = goBin(ctx)!;
      const v = await ctx.host.quarantine(bin);
      return v ? { binary: bin, value: v, goroot: ctx.goroot } : null;
    },
  },
];

/** Arch names the environment check reports, mapped so that rules compare like with like. */
export function normalizeHostArch(machine: string): string {
  return machineToGoArch(machine) ?? machine;
}
