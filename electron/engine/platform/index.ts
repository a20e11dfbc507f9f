/**
 * Step 1: the environment check. Looks at this machine and returns an EnvReport (shared/platform.ts)
 * with a pass / warn / fail / info finding for each thing that matters to an offline Go install.
 * The same report, saved as JSON, is the "target profile" a field engineer loads when preparing media.
 */
import { constants as fsc, existsSync, realpathSync } from 'node:fs';
import { access, readFile, readdir, statfs, stat, mkdtemp, rm } from 'node:fs/promises';
import { hostname, release, tmpdir, userInfo, homedir, arch as osArch, machine as osMachine } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { EnvReport, Finding, GoInstallation, InstallLocation, StartupFile } from '../../../shared/platform';
import { compareDotted, minimumsFor } from '../../../shared/go-requirements';
import { APP_VERSION } from '../../../shared/version';
import { AppError } from '../../../shared/errors';
import type { LocalText } from '../../../shared/text';
import { formatBytes } from '../../../shared/format';
import { goEnv, run } from '../exec';
import { homeDir, type Env } from '../paths';
import {
  machineToGoArch,
  mountFor,
  nodeArchToGoArch,
  nodePlatformToGoOS,
  parseGoVersionOutput,
  parseLibc,
  parseMountInfo,
  parseOsRelease,
} from './parse';

export * from './parse';

export const GO_SITE_PROBE_URL = 'https://go.dev/dl/?mode=json';
/** Space an extracted Go toolchain needs, with headroom (a 1.2x tree is ~250-500 MB). */
export const NEEDED_BYTES = 600 * 1024 * 1024;

export interface CheckOptions {
  env?: Env;
  platform?: NodeJS.Platform;
  probeNetwork?: boolean;
  /** where to probe (tests point it at a loopback server) */
  probeUrl?: string;
  probeTimeoutMs?: number;
  signal?: AbortSignal;
}

const t = (en: string, zh: string): LocalText => ({ en, zh });

/**
 * This machine in Go's names (e.g. linux-amd64), from the kernel's machine name so that a
 * translated process (Rosetta, WOW64, an x64 Node on arm64) still picks the native archive.
 */
export function hostPlatform(platform: NodeJS.Platform = process.platform): { os: string; arch: string; id: string } {
  const os = nodePlatformToGoOS(platform);
  let a: string | null = null;
  try {
    a = machineToGoArch(osMachine());
  } catch {
    a = null;
  }
  a ??= nodeArchToGoArch(osArch()) ?? osArch();
  return { os, arch: a, id: `${os}-${a}` };
}

/** Where Go would be installed for each scope on this OS. */
export function candidateGoroots(env: Env, platform: NodeJS.Platform): Array<{ scope: 'system' | 'user'; goroot: string }> {
  const home = homeDir(env, platform);
  if (platform === 'win32') {
    return [
      { scope: 'system', goroot: join(env.ProgramFiles || 'C:\\Program Files', 'Go') },
      { scope: 'user', goroot: join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'Programs', 'Go') },
    ];
  }
  return [
    { scope: 'system', goroot: '/usr/local/go' },
    { scope: 'user', goroot: join(home, '.local', 'go') },
  ];
}

async function nearestExisting(path: string): Promise<string> {
  let p = path;
  for (;;) {
    if (existsSync(p)) return p;
    const parent = dirname(p);
    if (parent === p) return p;
    p = parent;
  }
}

async function freeBytes(path: string): Promise<number | null> {
  try {
    const s = await statfs(path);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

async function isWritable(path: string): Promise<boolean> {
  try {
    await access(path, fsc.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function checkLocation(scope: 'system' | 'user', goroot: string): Promise<InstallLocation> {
  const checkedDir = await nearestExisting(dirname(goroot));
  return {
    scope,
    goroot,
    checkedDir,
    writable: await isWritable(checkedDir),
    freeBytes: await freeBytes(checkedDir),
    existingGo: existsSync(join(goroot, 'bin', 'go')) || existsSync(join(goroot, 'bin', 'go.exe')),
  };
}

/** Every `go` on PATH (in order) plus the usual install locations, each asked for its version and GOROOT. */
export async function findGoInstalls(env: Env, platform: NodeJS.Platform, signal?: AbortSignal): Promise<GoInstallation[]> {
  const exe = platform === 'win32' ? 'go.exe' : 'go';
  const seen = new Set<string>();
  const found: Array<{ binary: string; foundBy: 'path' | 'known-location'; firstOnPath: boolean }> = [];
  const add = (binary: string, foundBy: 'path' | 'known-location', firstOnPath: boolean) => {
    let key = binary;
    try {
      key = realpathSync(binary);
    } catch {
      return;
    }
    if (seen.has(key)) {
      // the same binary reached again: it may still be the first on PATH
      return;
    }
    seen.add(key);
    found.push({ binary, foundBy, firstOnPath });
  };
  const pathDirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  let first = true;
  for (const dir of pathDirs) {
    const candidate = join(dir, exe);
    if (existsSync(candidate)) {
      add(candidate, 'path', first);
      first = false;
    }
  }
  const home = homeDir(env, platform);
  const known: string[] = [];
  if (platform === 'win32') {
    known.push(join(env.ProgramFiles || 'C:\\Program Files', 'Go', 'bin', exe));
    known.push(join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'Programs', 'Go', 'bin', exe));
  } else {
    known.push('/usr/local/go/bin/go', join(home, '.local', 'go', 'bin', 'go'), join(home, 'go', 'bin', 'go'), '/usr/lib/go/bin/go', '/snap/bin/go', '/opt/homebrew/bin/go', '/usr/local/opt/go/libexec/bin/go');
    for (const base of ['/usr/lib']) {
      try {
        for (const d of await readdir(base)) if (/^go-1\.\d+$/.test(d)) known.push(join(base, d, 'bin', 'go'));
      } catch {
        /* not there */
      }
    }
    try {
      for (const d of await readdir(join(home, 'sdk'))) known.push(join(home, 'sdk', d, 'bin', 'go'));
    } catch {
      /* no ~/sdk */
    }
  }
  for (const k of known) if (existsSync(k)) add(k, 'known-location', false);

  // run each outside any module, pinned to itself, with a stable locale
  const outside = await mkdtemp(join(tmpdir(), 'gooff-env-'));
  try {
    const results: GoInstallation[] = [];
    for (const f of found) {
      // GOROOT is left out on purpose: a stale one is its own finding, here we identify each install itself
      const e = goEnv(env, { GOFLAGS: '', GO111MODULE: '', GOROOT: undefined });
      const v = await run(f.binary, ['version'], { cwd: outside, env: e, timeoutMs: 15_000, signal });
      const parsed = parseGoVersionOutput(v.stdout);
      let goroot: string | null = null;
      let error: string | undefined;
      if (v.spawnError) error = `${v.spawnError.code ?? ''} ${v.spawnError.message}`.trim();
      else if (v.code !== 0) error = (v.stderr || v.stdout).trim().slice(0, 500) || `exit ${v.code}`;
      if (!error) {
        const r = await run(f.binary, ['env', 'GOROOT'], { cwd: outside, env: e, timeoutMs: 15_000, signal });
        if (r.code === 0) goroot = r.stdout.trim() || null;
        else error = (r.stderr || r.stdout).trim().slice(0, 500);
      }
      results.push({ ...f, version: parsed?.version ?? null, goroot, error });
    }
    return results;
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
}

/** The login shell and the startup files that shell reads. */
export async function shellInfo(env: Env, platform: NodeJS.Platform): Promise<{ shell: string | null; shellName: string | null; startupFiles: StartupFile[] }> {
  if (platform === 'win32') return { shell: env.ComSpec ?? null, shellName: 'cmd/powershell', startupFiles: [] };
  let shell = env.SHELL || null;
  if (!shell) {
    try {
      shell = userInfo().shell;
    } catch {
      shell = null;
    }
  }
  const shellName = shell ? shell.split('/').pop()! : null;
  const home = homeDir(env, platform);
  const zdot = env.ZDOTDIR || home;
  const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
  const files: Array<[string, string]> = [];
  if (shellName === 'bash') {
    files.push(
      [join(home, '.bash_profile'), 'bash login shells (when present, ~/.profile is ignored)'],
      [join(home, '.bash_login'), 'bash login shells when ~/.bash_profile is missing'],
      [join(home, '.profile'), 'bash login shells when neither of the above exists; sh/dash'],
      [join(home, '.bashrc'), 'bash interactive shells'],
    );
  } else if (shellName === 'zsh') {
    files.push(
      [join(zdot, '.zshenv'), 'every zsh'],
      [join(zdot, '.zprofile'), 'zsh login shells'],
      [join(zdot, '.zshrc'), 'zsh interactive shells'],
      [join(zdot, '.zlogin'), 'zsh login shells (after .zshrc)'],
    );
  } else if (shellName === 'fish') {
    files.push([join(xdg, 'fish', 'config.fish'), 'every fish'], [join(xdg, 'fish', 'conf.d'), 'every fish (one file per tool)']);
  } else {
    files.push([join(home, '.profile'), 'login shells']);
  }
  if (platform === 'linux') files.push(['/etc/profile.d', 'login shells of every user (system installs)']);
  if (platform === 'darwin') files.push(['/etc/paths.d', 'path_helper in login shells (system installs)']);
  return { shell, shellName, startupFiles: files.map(([path, readBy]) => ({ path, readBy, exists: existsSync(path) })) };
}

async function detectLibc(platform: NodeJS.Platform, env: Env): Promise<EnvReport['libc']> {
  if (platform !== 'linux') return { family: 'none', version: null };
  const g = await run('getconf', ['GNU_LIBC_VERSION'], { env, timeoutMs: 5000 });
  if (g.code === 0) {
    const r = parseLibc(g.stdout);
    if (r.family !== 'unknown') return r;
  }
  const l = await run('ldd', ['--version'], { env, timeoutMs: 5000 });
  const r = parseLibc(`${l.stdout}\n${l.stderr}`);
  if (r.family !== 'unknown') return r;
  if (existsSync('/lib/ld-musl-x86_64.so.1') || existsSync('/lib/ld-musl-aarch64.so.1')) return { family: 'musl', version: null };
  return r;
}

async function detectMachine(platform: NodeJS.Platform, env: Env): Promise<{ machine: string; translated: 'rosetta' | 'wow64' | null }> {
  if (platform === 'win32') {
    const wow = env.PROCESSOR_ARCHITEW6432;
    return { machine: wow || env.PROCESSOR_ARCHITECTURE || process.arch, translated: wow ? 'wow64' : null };
  }
  const u = await run('uname', ['-m'], { env, timeoutMs: 5000 });
  const machine = u.code === 0 ? u.stdout.trim() : process.arch;
  if (platform === 'darwin') {
    const s = await run('sysctl', ['-in', 'sysctl.proc_translated'], { env, timeoutMs: 5000 });
    if (s.stdout.trim() === '1') return { machine: 'arm64', translated: 'rosetta' };
  }
  return { machine, translated: null };
}

async function osVersion(platform: NodeJS.Platform, env: Env): Promise<string> {
  if (platform === 'darwin') {
    const r = await run('sw_vers', ['-productVersion'], { env, timeoutMs: 5000 });
    if (r.code === 0) return r.stdout.trim();
  }
  return release();
}

/** Does the Go download site answer? A short GET with a timeout; any HTTP answer counts. */
export function probeUrl(url: string, timeoutMs: number, signal?: AbortSignal): Promise<{ reachable: boolean; error?: string }> {
  return new Promise((resolve) => {
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { method: 'GET', timeout: timeoutMs, signal }, (res) => {
      res.resume();
      resolve({ reachable: true });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ reachable: false, error: `${e.code ?? ''} ${e.message}`.trim() }));
    req.end();
  });
}

async function tempInfo(env: Env, platform: NodeJS.Platform): Promise<EnvReport['tempDir']> {
  const path = platform === 'win32' ? tmpdir() : env.TMPDIR || tmpdir();
  let noexec: boolean | null = null;
  if (platform === 'linux') {
    try {
      const mounts = parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
      const m = mountFor(realpathSync(path), mounts);
      noexec = m ? m.options.includes('noexec') : null;
    } catch {
      noexec = null;
    }
  }
  return { path, noexec, freeBytes: await freeBytes(path) };
}

function isElevated(platform: NodeJS.Platform): boolean {
  if (platform === 'win32') return false; // refined by the Windows check in main when packaged
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export async function checkEnvironment(opts: CheckOptions = {}): Promise<EnvReport> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const [mach, libc, shell, kernelOrOs, temp] = await Promise.all([
    detectMachine(platform, env),
    detectLibc(platform, env),
    shellInfo(env, platform),
    osVersion(platform, env),
    tempInfo(env, platform),
  ]);
  let distro: EnvReport['host']['distro'] = null;
  if (platform === 'linux') {
    for (const p of ['/etc/os-release', '/usr/lib/os-release']) {
      try {
        const o = parseOsRelease(await readFile(p, 'utf8'));
        distro = { id: o.ID ?? 'linux', name: o.NAME ?? 'Linux', version: o.VERSION_ID ?? '', prettyName: o.PRETTY_NAME ?? o.NAME ?? 'Linux' };
        break;
      } catch {
        /* try next */
      }
    }
  }
  const goos = nodePlatformToGoOS(platform);
  const arch = machineToGoArch(mach.machine) ?? mach.machine;
  const processArch = nodeArchToGoArch(process.arch) ?? process.arch;
  const locations = await Promise.all(candidateGoroots(env, platform).map((c) => checkLocation(c.scope, c.goroot)));
  const goInstalls = await findGoInstalls(env, platform, opts.signal);
  const url = opts.probeUrl ?? GO_SITE_PROBE_URL;
  const network: EnvReport['network'] = { probed: false, reachable: null, url };
  if (opts.probeNetwork !== false) {
    const r = await probeUrl(url, opts.probeTimeoutMs ?? 4000, opts.signal);
    network.probed = true;
    network.reachable = r.reachable;
    if (r.error) network.error = r.error;
  }
  let uid: number | null = null;
  let name = env.USER || env.USERNAME || '';
  try {
    const u = userInfo();
    uid = u.uid >= 0 ? u.uid : null;
    name = name || u.username;
  } catch {
    /* no passwd entry */
  }
  const report: EnvReport = {
    schema: 'go-offline/target-profile@1',
    createdAt: new Date().toISOString(),
    toolVersion: APP_VERSION,
    host: {
      hostname: hostname(),
      os: goos,
      nodePlatform: platform,
      distro,
      kernel: release(),
      osVersion: kernelOrOs,
      machine: mach.machine,
      arch,
      processArch,
      translated: mach.translated,
      platform: `${goos}-${arch}`,
    },
    libc,
    user: {
      name,
      uid,
      elevated: isElevated(platform),
      home: homeDir(env, platform) || homedir(),
      shell: shell.shell,
      shellName: shell.shellName,
      startupFiles: shell.startupFiles,
    },
    locations,
    goInstalls,
    gorootEnv: env.GOROOT || null,
    tempDir: temp,
    network,
    suggestion: network.probed ? (network.reachable ? 'online' : 'offline') : 'unknown',
    findings: [],
  };
  report.findings = await buildFindings(report);
  return report;
}

/** Turn the facts into plain-language findings. Pure apart from a few existence checks. */
export async function buildFindings(r: EnvReport): Promise<Finding[]> {
  const f: Finding[] = [];
  const osName = r.host.distro?.prettyName ?? r.host.os;
  f.push({
    id: 'os.detected',
    verdict: 'pass',
    title: t('Operating system', '操作系统'),
    detail: t(`${osName}, kernel ${r.host.kernel}.`, `${osName}，内核 ${r.host.kernel}。`),
    evidence: { os: r.host.os, distro: r.host.distro?.id ?? null, kernel: r.host.kernel, osVersion: r.host.osVersion },
  });

  const knownArch = machineToGoArch(r.host.machine) !== null;
  f.push({
    id: 'cpu.arch',
    verdict: knownArch ? 'pass' : 'fail',
    title: t('Processor type', '处理器类型'),
    detail: knownArch
      ? t(
          `This machine's processor is ${r.host.machine}, which Go calls ${r.host.arch}. Media for this machine needs the ${r.host.platform} archive.`,
          `本机处理器为 ${r.host.machine}，Go 称之为 ${r.host.arch}。为本机制作的安装介质需要包含 ${r.host.platform} 安装包。`,
        )
      : t(`The processor type ${r.host.machine} is not one Go publishes downloads for.`, `处理器类型 ${r.host.machine} 没有 Go 官方发布的安装包。`),
    fix: knownArch ? undefined : t('Go may still be built from source for this machine; this installer cannot help with that.', '可能需要从源码构建 Go，本安装程序无法处理这种情况。'),
    evidence: { machine: r.host.machine, goArch: r.host.arch, processArch: r.host.processArch, translated: r.host.translated },
  });
  if (r.host.translated) {
    f.push({
      id: 'cpu.translated',
      verdict: 'warn',
      title: t('This app runs translated', '本程序正在转译模式下运行'),
      detail: t(
        `The app runs as ${r.host.processArch} under ${r.host.translated === 'rosetta' ? 'Rosetta' : 'WOW64'}, but the machine is ${r.host.arch}.`,
        `本程序以 ${r.host.processArch} 身份在 ${r.host.translated === 'rosetta' ? 'Rosetta' : 'WOW64'} 下运行，但本机实际为 ${r.host.arch}。`,
      ),
      fix: t(`Install the ${r.host.platform} archive: it runs natively and faster.`, `请安装 ${r.host.platform} 安装包：它能原生运行，速度更快。`),
    });
  }

  // libc
  if (r.host.os === 'linux') {
    if (r.libc.family === 'glibc') {
      f.push({
        id: 'libc',
        verdict: 'pass',
        title: t('C library', 'C 运行库'),
        detail: t(`glibc ${r.libc.version ?? '(version unknown)'}. Any Go release runs here.`, `glibc ${r.libc.version ?? '（版本未知）'}。任何 Go 版本都可以运行。`),
        evidence: { family: r.libc.family, version: r.libc.version },
      });
    } else if (r.libc.family === 'musl') {
      f.push({
        id: 'libc',
        verdict: 'warn',
        title: t('C library: musl (for example Alpine)', 'C 运行库：musl（例如 Alpine）'),
        detail: t(
          `This system uses musl ${r.libc.version ?? ''} instead of glibc. The official Go downloads before Go 1.21 need glibc's loader and fail with "No such file or directory".`,
          `本系统使用 musl ${r.libc.version ?? ''} 而不是 glibc。Go 1.21 之前的官方安装包需要 glibc 的加载器，会报 "No such file or directory" 错误。`,
        ),
        fix: t('Choose Go 1.21 or later (its tools are statically linked), or install gcompat.', '请选择 Go 1.21 或更新版本（其工具为静态链接），或安装 gcompat。'),
        evidence: { family: r.libc.family, version: r.libc.version },
      });
    } else {
      f.push({
        id: 'libc',
        verdict: 'warn',
        title: t('C library not recognised', '无法识别 C 运行库'),
        detail: t('Neither glibc nor musl was found.', '没有找到 glibc 或 musl。'),
        fix: t('Choose Go 1.21 or later, whose tools need no C library.', '请选择 Go 1.21 或更新版本，其工具不依赖 C 运行库。'),
        evidence: { family: r.libc.family },
      });
    }
    // OS minimums for recent Go (kernel 3.2 from Go 1.24)
    const need = minimumsFor('go1.24.0').linuxKernel;
    const kernelOk = compareDotted(r.host.kernel, need) >= 0;
    f.push({
      id: 'os.minimum',
      verdict: kernelOk ? 'pass' : 'warn',
      title: t('Kernel is new enough for current Go', '内核版本满足新版 Go 的要求'),
      detail: kernelOk
        ? t(`Kernel ${r.host.kernel} meets Go's minimum (${need} for Go 1.24 and later).`, `内核 ${r.host.kernel} 满足 Go 的最低要求（Go 1.24 及以后需要 ${need}）。`)
        : t(`Kernel ${r.host.kernel} is older than ${need}, which Go 1.24 and later need.`, `内核 ${r.host.kernel} 低于 Go 1.24 及以后版本要求的 ${need}。`),
      fix: kernelOk ? undefined : t('Choose Go 1.23 or older for this machine, or upgrade the operating system.', '请为本机选择 Go 1.23 或更早版本，或升级操作系统。'),
      evidence: { kernel: r.host.kernel, minimum: need },
    });
  }

  // install locations
  for (const loc of r.locations) {
    const enough = loc.freeBytes === null || loc.freeBytes >= NEEDED_BYTES;
    const scopeName = loc.scope === 'system' ? t('for all users', '所有用户') : t('for you only', '仅当前用户');
    // one unit system on a screen: the same rounding as every other size (formatBytes), not raw MiB
    const free = { en: loc.freeBytes === null ? '?' : formatBytes(loc.freeBytes, 'en'), zh: loc.freeBytes === null ? '?' : formatBytes(loc.freeBytes, 'zh') };
    let verdict: Finding['verdict'] = 'pass';
    let fix: LocalText | undefined;
    if (!enough) {
      verdict = 'fail';
      fix = t('Free at least 600 MiB on that disk, or choose another install location.', '请在该磁盘上释放至少 600 MiB 空间，或选择其他安装位置。');
    } else if (!loc.writable) {
      verdict = loc.scope === 'system' ? 'info' : 'fail';
      fix =
        loc.scope === 'system'
          ? t('The installer will ask for administrator rights for this step only; or install for your user only.', '安装程序仅在此步骤请求管理员权限；或者选择只为当前用户安装。')
          : t(`Make ${loc.checkedDir} writable for your user, or choose another folder.`, `请让当前用户可以写入 ${loc.checkedDir}，或选择其他文件夹。`);
    }
    f.push({
      id: `disk.${loc.scope}`,
      verdict,
      title: t(`Install location ${scopeName.en}: ${loc.goroot}`, `安装位置（${scopeName.zh}）：${loc.goroot}`),
      detail: t(
        `${free.en} free; ${loc.writable ? 'writable by you' : 'needs administrator rights'}${loc.existingGo ? '; a Go is already installed there (it will be kept aside, not overwritten)' : ''}.`,
        `可用空间 ${free.zh}；${loc.writable ? '当前用户可写' : '需要管理员权限'}${loc.existingGo ? '；此处已安装 Go（将被移到一旁保留，不会被覆盖）' : ''}。`,
      ),
      fix,
      evidence: { goroot: loc.goroot, checkedDir: loc.checkedDir, writable: loc.writable, freeBytes: loc.freeBytes, existingGo: loc.existingGo },
    });
  }

  // existing Go installs
  if (r.goInstalls.length === 0) {
    f.push({
      id: 'go.existing',
      verdict: 'info',
      title: t('No Go installed yet', '尚未安装 Go'),
      detail: t('No go command was found on PATH or in the usual places.', '在 PATH 和常见位置都没有找到 go 命令。'),
    });
  } else {
    for (const g of r.goInstalls) {
      const broken = !!g.error;
      f.push({
        id: 'go.existing',
        verdict: broken ? 'warn' : 'info',
        title: broken ? t(`A Go that does not run: ${g.binary}`, `无法运行的 Go：${g.binary}`) : t(`Go found: ${g.version} at ${g.binary}`, `已找到 Go：${g.version}，位于 ${g.binary}`),
        detail: broken
          ? t(`It failed to start: ${g.error}`, `启动失败：${g.error}`)
          : t(
              `GOROOT ${g.goroot}${g.firstOnPath ? '; this is the go your shell runs now' : g.foundBy === 'path' ? '; hidden by an earlier go on PATH' : '; not on PATH'}.`,
              `GOROOT 为 ${g.goroot}${g.firstOnPath ? '；这是当前 shell 会运行的 go' : g.foundBy === 'path' ? '；被 PATH 中更靠前的 go 遮挡' : '；不在 PATH 中'}。`,
            ),
        fix: broken ? t('Run "Diagnose" to find out why, or install a new Go over it (the old one is kept aside).', '请运行“诊断”查明原因，或直接安装新版本（旧版本会被保留）。') : undefined,
        evidence: { binary: g.binary, version: g.version, goroot: g.goroot, firstOnPath: g.firstOnPath, foundBy: g.foundBy },
      });
    }
  }
  if (r.gorootEnv) {
    const exists = existsSync(join(r.gorootEnv, 'bin'));
    f.push({
      id: 'go.goroot-env',
      verdict: exists ? 'warn' : 'fail',
      title: exists ? t('GOROOT is set', '设置了 GOROOT') : t('GOROOT points to a missing folder', 'GOROOT 指向不存在的文件夹'),
      detail: exists
        ? t(`GOROOT=${r.gorootEnv}. Go finds its own folder; a fixed GOROOT breaks as soon as Go moves.`, `GOROOT=${r.gorootEnv}。Go 能自行找到安装目录；固定的 GOROOT 会在 Go 移动后失效。`)
        : t(`GOROOT=${r.gorootEnv}, but that folder does not exist: go will fail with "cannot find GOROOT directory".`, `GOROOT=${r.gorootEnv}，但该文件夹不存在：go 会报 "cannot find GOROOT directory" 错误。`),
      fix: t('Remove the GOROOT line from your startup files (the installer offers to do it).', '请从启动文件中删除 GOROOT 设置（安装程序可以代为删除）。'),
      evidence: { GOROOT: r.gorootEnv, exists },
    });
  }

  // shell
  if (r.user.shellName) {
    const existing = r.user.startupFiles.filter((s) => s.exists).map((s) => s.path);
    f.push({
      id: 'shell',
      verdict: 'pass',
      title: t(`Your shell: ${r.user.shellName}`, `您的 shell：${r.user.shellName}`),
      detail: t(
        `Startup files present: ${existing.length ? existing.join(', ') : 'none yet'}. The installer writes the PATH where ${r.user.shellName} really reads it.`,
        `已有的启动文件：${existing.length ? existing.join('、') : '暂无'}。安装程序会把 PATH 写入 ${r.user.shellName} 实际读取的文件。`,
      ),
      evidence: { shell: r.user.shell, files: existing.join(';') },
    });
  }

  // temp folder
  if (r.tempDir.noexec) {
    f.push({
      id: 'temp.noexec',
      verdict: 'warn',
      title: t('Programs cannot run from the temp folder', '临时文件夹禁止运行程序'),
      detail: t(`${r.tempDir.path} is mounted noexec: "go run" and "go test" will fail with "permission denied".`, `${r.tempDir.path} 以 noexec 方式挂载："go run" 和 "go test" 会报 "permission denied"。`),
      fix: t('Set GOTMPDIR to a folder on a disk that allows running programs, e.g. ~/.cache/go-tmp.', '请把 GOTMPDIR 设为允许运行程序的磁盘上的文件夹，例如 ~/.cache/go-tmp。'),
      evidence: { path: r.tempDir.path },
    });
  } else {
    f.push({
      id: 'temp',
      verdict: 'pass',
      title: t('Temp folder', '临时文件夹'),
      detail: t(`${r.tempDir.path} can run programs.`, `${r.tempDir.path} 可以运行程序。`),
      evidence: { path: r.tempDir.path, noexec: r.tempDir.noexec },
    });
  }

  // privileges
  f.push({
    id: 'user.privileges',
    verdict: 'info',
    title: r.user.elevated ? t('Running as administrator', '正在以管理员身份运行') : t(`Running as ${r.user.name}`, `正在以 ${r.user.name} 身份运行`),
    detail: r.user.elevated
      ? t('A system-wide install is possible without asking again.', '可以直接为所有用户安装，无需再次授权。')
      : t('A per-user install needs no extra rights; a system-wide install asks for them when it writes.', '仅为当前用户安装不需要额外权限；为所有用户安装时会在写入时请求权限。'),
  });

  // network
  if (r.network.probed) {
    f.push({
      id: 'network.go-site',
      verdict: 'info',
      title: r.network.reachable ? t('The Go download site answers', 'Go 下载站点可以访问') : t('No connection to the Go download site', '无法连接 Go 下载站点'),
      detail: r.network.reachable
        ? t('This looks like an online machine: you can prepare media here.', '这台机器看起来可以联网：可以在这里制作安装介质。')
        : t('This looks like an offline machine: install from media prepared elsewhere.', '这台机器看起来无法联网：请使用在其他机器上制作的介质进行安装。'),
      evidence: { url: r.network.url, reachable: r.network.reachable, error: r.network.error ?? null },
    });
  }
  return f;
}

/** Is the report a target profile we can read? (used when loading a profile from disk) */
export async function readTargetProfile(path: string): Promise<EnvReport> {
  let text: string;
  try {
    await stat(path);
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new AppError('FILE_NOT_READABLE', { path }, String(e));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new AppError('PROFILE_INVALID', { path }, String(e));
  }
  const d = data as Partial<EnvReport>;
  if (d?.schema !== 'go-offline/target-profile@1' || !d.host?.platform) throw new AppError('PROFILE_INVALID', { path });
  return d as EnvReport;
}
