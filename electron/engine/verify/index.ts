/**
 * Step 7: prove that the installed toolchain works, with no network. Every check runs a real
 * command (from a temp folder outside any module, GOTOOLCHAIN=local, LC_ALL=C), keeps what it
 * printed, and gives a plain verdict in both languages. The report is saved as JSON in the state
 * folder (verify-results.json) for the support bundle.
 */
import { constants as fsc, existsSync, realpathSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { LocalText } from '../../../shared/text';
import type { Verdict } from '../../../shared/platform';
import { VERIFY_SCHEMA, summarize, type VerifyCheck, type VerifyReport } from '../../../shared/verify';
import { compareGoVersions } from '../../../shared/go-requirements';
import { APP_VERSION } from '../../../shared/version';
import { goEnv, run, type RunResult } from '../exec';
import { throwIfCancelled, type JobContext } from '../jobs';
import { stateDir, type Env } from '../paths';
import { writeJsonAtomic } from '../atomic';
import { classifyGoOutput, fileProxyUrl, offlineRunner, type OfflineRunner } from '../modules';
import { CGO, GOROUTINES, HELLO, scratchGoMod } from './programs';
import { parseGoVersionOutput as parseGoVersionLine, parseGoEnvFile } from '../platform/parse';
import { recoverInstalls } from '../install/recovery';

export const RESULTS_FILE = 'verify-results.json';

export interface VerifyOptions {
  /** the install folder (GOROOT), e.g. /usr/local/go */
  goroot: string;
  /** the release that was installed, e.g. "go1.22.5" (default: GOROOT/VERSION) */
  expectedVersion?: string;
  /** project folders to build offline */
  projects?: string[];
  /** the local file-based module proxy for the offline project builds */
  moduleProxy?: string;
  /** the environment as installed (GOPROXY, GOTOOLCHAIN, GOFLAGS, GOSUMDB…); checked when given */
  expectedEnv?: Record<string, string>;
  /** folders of go1.X.Y wrappers a new terminal has on PATH (versions beside the default one) */
  toolchainsPath?: string[];
  env?: Env;
  job: JobContext;
  /** the user's login shell (default: $SHELL, then the account's shell) */
  shell?: string;
  platform?: NodeJS.Platform;
  /** use the closed-proxy fallback even where a network namespace is permitted */
  forceClosedProxy?: boolean;
  /** save the report to the state folder (default true) */
  save?: boolean;
  /** a note shown first, e.g. how the install was found */
  locationNote?: LocalText;
}

const t = (en: string, zh: string): LocalText => ({ en, zh });
const OUTPUT_CAP = 8000;

function cap(s: string): string {
  const x = s.trim();
  return x.length > OUTPUT_CAP ? '…' + x.slice(-OUTPUT_CAP) : x;
}

function outputOf(...rs: Array<RunResult | undefined>): string {
  return cap(rs.filter(Boolean).map((r) => [r!.stdout.trim(), r!.stderr.trim(), r!.spawnError ? String(r!.spawnError.message) : ''].filter(Boolean).join('\n')).filter(Boolean).join('\n'));
}

export function goosOf(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'windows' : platform === 'sunos' ? 'solaris' : platform;
}

export function goarchOf(arch: string): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };
  return map[arch] ?? arch;
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  const x = realOr(a);
  const y = realOr(b);
  return platform === 'win32' || platform === 'darwin' ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/** `go version` output and go env files are parsed once, by step 1's parsers. */
export { parseGoVersionOutput as parseGoVersionLine, parseGoEnvFile } from '../platform/parse';

/** Shell script (as one -c argument) that prints where `go` is and the PATH, between markers. */
const SHELL_SCRIPT =
  'echo __GOOFF_GO__; command -v go; echo __GOOFF_PATH__; printenv PATH; echo __GOOFF_END__; ' +
  'echo __GOOFF_GOPROXY__; printenv GOPROXY; echo __GOOFF_GOTOOLCHAIN__; printenv GOTOOLCHAIN; echo __GOOFF_GOFLAGS__; printenv GOFLAGS; echo __GOOFF_VARS_END__';

/** The offline settings a new login shell really has (null when the shell did not print them). */
export function parseShellVars(out: string): Record<string, string> | null {
  const names = ['GOPROXY', 'GOTOOLCHAIN', 'GOFLAGS'];
  const end = out.indexOf('__GOOFF_VARS_END__');
  if (end < 0) return null;
  const vars: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) {
    const start = out.indexOf(`__GOOFF_${names[i]}__`);
    const stop = i + 1 < names.length ? out.indexOf(`__GOOFF_${names[i + 1]}__`) : end;
    if (start < 0 || stop < 0) return null;
    vars[names[i]!] = out.slice(start + names[i]!.length + 10, stop).trim();
  }
  return vars;
}

export function parseShellProbe(out: string): { go: string | null; path: string[] } | null {
  const a = out.indexOf('__GOOFF_GO__');
  const b = out.indexOf('__GOOFF_PATH__');
  const c = out.indexOf('__GOOFF_END__');
  if (a < 0 || b < 0 || c < 0) return null;
  const go = out.slice(a + 12, b).split('\n').map((l) => l.trim()).find((l) => l.startsWith('/')) ?? null;
  const pathLine = out.slice(b + 14, c).trim().split('\n').pop() ?? '';
  return { go, path: pathLine.split(':').filter(Boolean) };
}

/** The environment a fresh login would start from (not this process's PATH). */
export function loginEnv(env: Env, shell: string): Env {
  const keep = ['HOME', 'USER', 'LOGNAME', 'LANG', 'TMPDIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'ZDOTDIR', 'GO_OFFLINE_SYSTEM_ROOT'];
  const out: Env = { SHELL: shell, TERM: 'dumb', LC_ALL: 'C', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
  for (const k of keep) if (env[k] !== undefined) out[k] = env[k];
  return out;
}

export async function verifyInstall(opts: VerifyOptions): Promise<VerifyReport> {
  const { job } = opts;
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const goroot = resolve(opts.goroot);
  // finish or undo what a killed install/rollback/uninstall left (issue 13 item 8)
  await recoverInstalls({ env, prefix: dirname(goroot), platform }).catch(() => []);
  const exe = platform === 'win32' ? 'go.exe' : 'go';
  const goBinary = join(goroot, 'bin', exe);
  if (!existsSync(goBinary)) throw new AppError('VERIFY_GOROOT_MISSING', { path: goroot, binary: goBinary });
  const projects = (opts.projects ?? []).map((p) => resolve(p));
  for (const p of projects) if (!existsSync(join(p, 'go.mod'))) throw new AppError('VERIFY_PROJECT_MISSING', { path: p });

  const checks: VerifyCheck[] = [];
  const hostPlatform = `${goosOf(platform)}-${goarchOf(process.arch)}`;
  const totalSteps = 8 + projects.length;
  let stepNo = 0;
  const add = (c: VerifyCheck) => {
    checks.push(c);
    job.log('verify.check', { id: c.id, verdict: c.verdict, command: c.command, project: c.project });
  };
  const step = (phase: string, file?: string) => {
    throwIfCancelled(job.signal);
    job.progress({ phase, file, done: stepNo, total: totalSteps, overallDone: stepNo, overallTotal: totalSteps, unit: 'items', speed: 0, etaSeconds: null }, true);
    stepNo++;
  };
  if (opts.locationNote) add({ id: 'install.location', verdict: 'info', title: t('Which Go was checked', '检查的是哪个 Go'), detail: opts.locationNote, command: '', output: goroot });

  const base = env.TMPDIR || env.TEMP || tmpdir();
  const work = await mkdtemp(join(base, 'go-offline-verify-'));
  // Go runs with the settings the install wrote for new terminals (whether new terminals really
  // get them is the shell.env check below), so its answers describe the configured machine
  const goenv = goEnv(env, { GOWORK: 'off', ...(opts.expectedEnv ?? {}) });
  if (opts.toolchainsPath?.length) goenv.PATH = [...opts.toolchainsPath, goenv.PATH].filter(Boolean).join(delimiter);
  const runGo = (args: string[], extra: Env = {}, cwd = work, timeoutMs = 5 * 60_000) =>
    run(goBinary, args, { cwd, env: { ...goenv, ...extra }, timeoutMs, signal: job.signal });
  let version: string | null = null;
  let expected: string | null = null;
  let network: VerifyReport['network'] = 'not-needed';
  try {
    // 1. go version
    step('verify-version');
    expected = opts.expectedVersion ? (opts.expectedVersion.startsWith('go') ? opts.expectedVersion : `go${opts.expectedVersion}`) : null;
    if (!expected) {
      try {
        expected = (await readFile(join(goroot, 'VERSION'), 'utf8')).split('\n')[0]!.trim() || null;
      } catch {
        expected = null;
      }
    }
    const vr = await runGo(['version'], {}, work, 60_000);
    const parsed = parseGoVersionLine(vr.stdout);
    version = parsed?.version ?? null;
    const hostOs = goosOf(platform);
    const hostArch = goarchOf(process.arch);
    if (!parsed) {
      add({
        id: 'go.version',
        verdict: 'fail',
        title: t('Go does not run', 'Go 无法运行'),
        detail: t(`${goBinary} did not print its version${vr.spawnError ? ` (${vr.spawnError.code ?? vr.spawnError.message})` : ''}.`, `${goBinary} 没有输出它的版本${vr.spawnError ? `（${vr.spawnError.code ?? vr.spawnError.message}）` : ''}。`),
        fix: t('Run `go-offline diagnose` to find out why, or install again from the media.', '请运行 `go-offline diagnose` 查找原因，或从介质重新安装。'),
        command: 'go version',
        output: outputOf(vr),
        exitCode: vr.code,
      });
    } else {
      const wrongVersion = !!expected && parsed.version !== expected;
      const wrongPlatform = parsed.os !== hostOs || parsed.arch !== hostArch;
      add({
        id: 'go.version',
        verdict: wrongVersion || wrongPlatform ? 'fail' : 'pass',
        title: t('Go version and platform', 'Go 版本和平台'),
        detail: wrongVersion
          ? t(`The installed go says it is ${parsed.version}, but ${expected} was installed. Something else answers as go in ${goroot}.`, `已安装的 go 报告版本为 ${parsed.version}，但安装的是 ${expected}。${goroot} 中的 go 已被替换。`)
          : wrongPlatform
            ? t(`Go was built for ${parsed.os}/${parsed.arch}, but this computer is ${hostOs}/${hostArch}.`, `该 Go 是为 ${parsed.os}/${parsed.arch} 构建的，而本机是 ${hostOs}/${hostArch}。`)
            : t(`${parsed.version} for ${parsed.os}/${parsed.arch}, as installed.`, `${parsed.version}，适用于 ${parsed.os}/${parsed.arch}，与安装的一致。`),
        fix: wrongVersion || wrongPlatform ? t('Install again from the media (choose the archive for this computer), then verify again.', '请从介质重新安装（选择适合本机的归档），然后再次验证。') : undefined,
        command: 'go version',
        output: outputOf(vr),
        exitCode: vr.code,
      });
    }
    const runnable = !!parsed;

    // 2. go env -json
    let goEnvJson: Record<string, string> = {};
    if (runnable) {
      step('verify-env');
      const er = await runGo(['env', '-json'], {}, work, 60_000);
      try {
        goEnvJson = JSON.parse(er.stdout) as Record<string, string>;
      } catch {
        goEnvJson = {};
      }
      await envChecks(goEnvJson, er, version, opts, env, goroot, platform, add);
    }

    // 3. programs
    if (runnable) {
      await mkdir(join(work, 'mod'), { recursive: true });
      const mod = join(work, 'mod');
      await writeFile(join(mod, 'go.mod'), scratchGoMod(version));
      for (const p of [HELLO, GOROUTINES, CGO]) {
        await mkdir(join(mod, p.dir), { recursive: true });
        await writeFile(join(mod, p.dir, 'main.go'), p.source);
      }
      const bin = (name: string) => join(work, platform === 'win32' ? `${name}.exe` : name);
      const buildAndRun = async (id: 'build.hello' | 'build.goroutines' | 'cgo', prog: typeof HELLO, title: LocalText, extra: Env = {}) => {
        const b = await runGo(['build', '-o', bin(prog.dir), `./${prog.dir}`], extra, mod);
        const r = b.code === 0 ? await run(bin(prog.dir), [], { cwd: work, env: goenv, timeoutMs: 60_000, signal: job.signal }) : undefined;
        const printed = r?.stdout.trim() ?? '';
        const ok = b.code === 0 && r?.code === 0 && printed === prog.expected;
        return { ok, b, r, printed, title };
      };
      step('verify-hello');
      const hello = await buildAndRun('build.hello', HELLO, t('Build and run hello world', '构建并运行 hello world'));
      add(programCheck('build.hello', hello, HELLO.expected, `go build -o hello ./hello && ./hello`));
      step('verify-goroutines');
      const gr = await buildAndRun('build.goroutines', GOROUTINES, t('Build and run a program with goroutines, channels and a WaitGroup', '构建并运行使用 goroutine、channel 和 WaitGroup 的程序'));
      add(programCheck('build.goroutines', gr, GOROUTINES.expected, `go build -o goroutines ./goroutines && ./goroutines`));
      step('verify-vet');
      const vet = await runGo(['vet', `./${GOROUTINES.dir}`], {}, mod);
      add({
        id: 'vet',
        verdict: vet.code === 0 ? 'pass' : 'fail',
        title: t('go vet', 'go vet'),
        detail: vet.code === 0 ? t('go vet found nothing to report: the analysis tools work.', 'go vet 没有发现问题：分析工具工作正常。') : t('go vet did not run cleanly on a correct program, so the toolchain is incomplete.', 'go vet 无法在正确的程序上正常运行，说明工具链不完整。'),
        fix: vet.code === 0 ? undefined : t('Install again from the media; if it keeps failing, run `go-offline diagnose`.', '请从介质重新安装；如果仍然失败，请运行 `go-offline diagnose`。'),
        command: `go vet ./${GOROUTINES.dir}`,
        output: outputOf(vet),
        exitCode: vet.code,
      });
      step('verify-cgo');
      const cc = (goEnvJson.CC || 'gcc').split(/\s+/)[0]!;
      const ccPath = findOnPath(cc, env.PATH ?? env.Path ?? '', platform);
      if (!ccPath) {
        add({
          id: 'cgo',
          verdict: 'info',
          title: t('cgo (C code in Go programs)', 'cgo（在 Go 程序中使用 C 代码）'),
          detail: t(`No C compiler (${cc}) is installed, so cgo was not checked. Go does not need one; only packages with C code do.`, `本机没有安装 C 编译器（${cc}），因此没有检查 cgo。Go 本身不需要 C 编译器，只有包含 C 代码的包才需要。`),
          command: `command -v ${cc}`,
          output: '',
        });
      } else {
        const c = await buildAndRun('cgo', CGO, t('cgo', 'cgo'), { CGO_ENABLED: '1' });
        add({
          ...programCheck('cgo', c, CGO.expected, `CGO_ENABLED=1 go build -o cgo ./cgo && ./cgo`),
          verdict: c.ok ? 'pass' : 'warn',
          title: t('cgo (C code in Go programs)', 'cgo（在 Go 程序中使用 C 代码）'),
          detail: c.ok
            ? t(`A program with C code builds and runs with ${ccPath}.`, `使用 ${ccPath} 可以构建并运行包含 C 代码的程序。`)
            : t(`A C compiler (${ccPath}) is present, but a program with C code did not build or run. Pure Go programs are not affected.`, `本机有 C 编译器（${ccPath}），但包含 C 代码的程序无法构建或运行。纯 Go 程序不受影响。`),
          fix: c.ok ? undefined : t('Only needed for packages with C code: install the C development tools (e.g. build-essential), or build with CGO_ENABLED=0.', '只有包含 C 代码的包才需要：请安装 C 开发工具（例如 build-essential），或使用 CGO_ENABLED=0 构建。'),
        });
      }
    }

    // 4. the user's own login shell
    step('verify-shell');
    await shellChecks(opts, env, platform, goBinary, add, job);

    // 5. projects, offline
    if (projects.length && runnable) {
      const offline = await offlineRunner({ platform, forceClosedProxy: opts.forceClosedProxy, signal: job.signal });
      network = offline.mode;
      for (const p of projects) {
        step('verify-project', p);
        add(await projectCheck(p, offline, goBinary, goenv, opts.moduleProxy, work, job));
      }
    }
  } finally {
    await run('chmod', ['-R', 'u+w', work], { timeoutMs: 60_000 }).catch(() => undefined);
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }

  const summary = summarize(checks);
  const report: VerifyReport = {
    schema: VERIFY_SCHEMA,
    createdAt: new Date().toISOString(),
    toolVersion: APP_VERSION,
    goroot,
    goBinary,
    version,
    expectedVersion: expected,
    hostPlatform,
    network,
    checks,
    summary,
    ok: summary.fail === 0,
  };
  if (opts.save !== false) {
    const dir = stateDir(env, platform);
    report.resultsPath = join(dir, RESULTS_FILE);
    await writeJsonAtomic(report.resultsPath, report);
  }
  job.log('verify.result', { ok: report.ok, summary, resultsPath: report.resultsPath });
  job.progress({ phase: 'verify-done', done: totalSteps, total: totalSteps, overallDone: totalSteps, overallTotal: totalSteps, unit: 'items', speed: 0, etaSeconds: null }, true);
  return report;
}

/** The last saved report, or null. */
export async function readVerifyResults(env: Env = process.env, platform: NodeJS.Platform = process.platform): Promise<VerifyReport | null> {
  try {
    const r = JSON.parse(await readFile(join(stateDir(env, platform), RESULTS_FILE), 'utf8')) as VerifyReport;
    return r.schema === VERIFY_SCHEMA ? r : null;
  } catch {
    return null;
  }
}

function programCheck(
  id: 'build.hello' | 'build.goroutines' | 'cgo',
  res: { ok: boolean; b: RunResult; r?: RunResult; printed: string; title: LocalText },
  expected: string,
  command: string,
): VerifyCheck {
  const built = res.b.code === 0;
  return {
    id,
    verdict: res.ok ? 'pass' : 'fail',
    title: res.title,
    detail: res.ok
      ? t(`It built, ran and printed "${expected}" as expected.`, `程序已构建并运行，按预期输出了“${expected}”。`)
      : !built
        ? t('The program did not build, so Go cannot compile even a small program here.', '程序无法构建，说明这里的 Go 连小程序都无法编译。')
        : t(`The program built but printed "${res.printed}" instead of "${expected}".`, `程序已构建，但输出的是“${res.printed}”而不是“${expected}”。`),
    fix: res.ok ? undefined : t('Install again from the media; if it keeps failing, run `go-offline diagnose` and send the support bundle.', '请从介质重新安装；如果仍然失败，请运行 `go-offline diagnose` 并发送支持包。'),
    command,
    output: outputOf(res.b, res.r),
    exitCode: built ? (res.r?.code ?? null) : res.b.code,
  };
}

function findOnPath(name: string, pathValue: string, platform: NodeJS.Platform): string | null {
  if (name.includes('/') || name.includes('\\')) return existsSync(name) ? name : null;
  const exts = platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of pathValue.split(platform === 'win32' ? ';' : delimiter).filter(Boolean)) {
    for (const e of exts) {
      const p = join(dir, name + e);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

async function isWritable(p: string): Promise<boolean> {
  try {
    await access(p, fsc.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function envChecks(
  ge: Record<string, string>,
  er: RunResult,
  version: string | null,
  opts: VerifyOptions,
  env: Env,
  goroot: string,
  platform: NodeJS.Platform,
  add: (c: VerifyCheck) => void,
): Promise<void> {
  const command = 'go env -json';
  const show = (keys: string[]) => keys.map((k) => `${k}=${ge[k] ?? '(not reported)'}`).join('\n');
  if (!Object.keys(ge).length) {
    add({ id: 'go.env.goroot', verdict: 'fail', title: t('Go settings', 'Go 设置'), detail: t('`go env -json` did not print the settings.', '`go env -json` 没有输出设置。'), fix: t('Run `go-offline diagnose`.', '请运行 `go-offline diagnose`。'), command, output: outputOf(er), exitCode: er.code });
    return;
  }
  // GOROOT
  const gr = ge.GOROOT ?? '';
  const grOk = !!gr && samePath(gr, goroot, platform);
  add({
    id: 'go.env.goroot',
    verdict: grOk ? 'pass' : 'fail',
    title: t('GOROOT is the install folder', 'GOROOT 是安装文件夹'),
    detail: grOk
      ? t(`GOROOT is ${gr}.`, `GOROOT 为 ${gr}。`)
      : t(`Go uses GOROOT=${gr || '(empty)'}, not the install folder ${goroot}. A leftover GOROOT setting points Go at another (or a removed) installation.`, `Go 使用的 GOROOT=${gr || '（空）'}，而不是安装文件夹 ${goroot}。残留的 GOROOT 设置让 Go 指向了另一个（或已删除的）安装。`),
    fix: grOk ? undefined : t('Remove GOROOT from your environment and startup files (the official install needs no GOROOT), open a new terminal, and verify again.', '请从环境变量和启动文件中删除 GOROOT（官方安装不需要 GOROOT），打开新的终端后再次验证。'),
    command,
    output: show(['GOROOT']) + (env.GOROOT ? `\n(GOROOT is set in the environment: ${env.GOROOT})` : ''),
  });
  // GOPATH
  const gopath = (ge.GOPATH ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean)[0] ?? '';
  let gpVerdict: Verdict = 'pass';
  let gpDetail = t(`GOPATH is ${gopath}; it exists and you can write to it.`, `GOPATH 为 ${gopath}；该文件夹存在且可写。`);
  let gpFix: LocalText | undefined;
  if (!gopath) {
    gpVerdict = 'fail';
    gpDetail = t('GOPATH is empty, so Go has nowhere to keep downloaded modules and installed programs.', 'GOPATH 为空，Go 没有地方存放下载的模块和安装的程序。');
    gpFix = t('Unset GOPATH (Go then uses ~/go) or set it to a folder in your home folder.', '请取消 GOPATH 设置（Go 将使用 ~/go），或把它设为主目录中的文件夹。');
  } else if (gopath.startsWith(goroot + sep) || gopath === goroot) {
    gpVerdict = 'fail';
    gpDetail = t(`GOPATH (${gopath}) is inside the Go installation, which is replaced on every update.`, `GOPATH（${gopath}）位于 Go 安装目录内，而该目录每次更新都会被替换。`);
    gpFix = t('Set GOPATH to a folder outside the installation, e.g. ~/go.', '请把 GOPATH 设为安装目录之外的文件夹，例如 ~/go。');
  } else {
    if (!existsSync(gopath)) {
      try {
        await mkdir(gopath, { recursive: true });
        gpDetail = t(`GOPATH is ${gopath}; it did not exist yet and was created now (Go would create it on first use too).`, `GOPATH 为 ${gopath}；该文件夹原本不存在，现已创建（Go 首次使用时也会创建它）。`);
      } catch {
        /* reported below */
      }
    }
    if (!existsSync(gopath) || !(await isWritable(gopath))) {
      gpVerdict = 'fail';
      gpDetail = t(`GOPATH is ${gopath}, but your user cannot write there.`, `GOPATH 为 ${gopath}，但当前用户无法写入。`);
      gpFix = t('Give your user write access to that folder, or set GOPATH to a folder in your home folder.', '请给当前用户该文件夹的写权限，或把 GOPATH 设为主目录中的文件夹。');
    }
  }
  add({ id: 'go.env.gopath', verdict: gpVerdict, title: t('GOPATH exists and is writable', 'GOPATH 存在且可写'), detail: gpDetail, fix: gpFix, command, output: show(['GOPATH', 'GOMODCACHE']) });

  const expected = opts.expectedEnv ?? {};
  // GOPROXY
  const proxy = ge.GOPROXY ?? '';
  const wantProxy = expected.GOPROXY ?? (opts.moduleProxy ? fileProxyUrl(opts.moduleProxy) : undefined);
  let pv: Verdict = 'info';
  let pd = t(`GOPROXY is ${proxy || '(empty)'}.`, `GOPROXY 为 ${proxy || '（空）'}。`);
  let pf: LocalText | undefined;
  if (wantProxy !== undefined && proxy !== wantProxy) {
    pv = 'warn';
    pd = t(`GOPROXY is ${proxy || '(empty)'}, but the install configured ${wantProxy}. Modules will not come from the bundled copy.`, `GOPROXY 为 ${proxy || '（空）'}，而安装时配置的是 ${wantProxy}。模块将不会从随介质携带的副本获取。`);
    pf = t(`Open a new terminal so the startup files are read, or set GOPROXY=${wantProxy}.`, `请打开新的终端以读取启动文件，或设置 GOPROXY=${wantProxy}。`);
  } else if (wantProxy !== undefined) {
    pv = 'pass';
    pd = t(`GOPROXY is ${proxy}, as configured.`, `GOPROXY 为 ${proxy}，与配置一致。`);
  } else if (/proxy\.golang\.org/.test(proxy)) {
    pv = 'warn';
    pd = t(`GOPROXY is ${proxy}: Go would fetch modules from the internet, which this machine cannot reach.`, `GOPROXY 为 ${proxy}：Go 会从互联网获取模块，而本机无法访问互联网。`);
    pf = t('Point GOPROXY at the local module folder from the media (`file:///...,off`) or at your relay, or set GOPROXY=off.', '请把 GOPROXY 指向介质中的本地模块文件夹（`file:///...,off`）或中继服务器，或设置 GOPROXY=off。');
  }
  if (/^file:/.test(proxy) && (ge.GONOPROXY || ge.GOPRIVATE) && ge.GONOPROXY !== 'none') {
    pv = pv === 'pass' || pv === 'info' ? 'warn' : pv;
    pd = t(`${pd.en} GOPRIVATE/GONOPROXY (${ge.GONOPROXY || ge.GOPRIVATE}) makes Go skip the proxy for those modules and go to the network.`, `${pd.zh} GOPRIVATE/GONOPROXY（${ge.GONOPROXY || ge.GOPRIVATE}）会让 Go 对这些模块绕过代理、直接访问网络。`);
    pf = t('Set GONOPROXY=none so that internal modules also come from the local module folder.', '请设置 GONOPROXY=none，让内部模块也从本地模块文件夹获取。');
  }
  add({ id: 'go.env.goproxy', verdict: pv, title: t('GOPROXY (where modules come from)', 'GOPROXY（模块从哪里获取）'), detail: pd, fix: pf, command, output: show(['GOPROXY', 'GONOPROXY', 'GOPRIVATE']) });

  // GOTOOLCHAIN: go env reports what we forced (local); the configured value comes from the sources
  const modern = !!version && compareGoVersions(version, 'go1.21') >= 0;
  if (!modern || !('GOTOOLCHAIN' in ge)) {
    add({
      id: 'go.env.gotoolchain',
      verdict: 'info',
      title: t('GOTOOLCHAIN (toolchain downloads)', 'GOTOOLCHAIN（工具链下载）'),
      detail: t(`${version ?? 'This Go'} predates toolchain switching (Go 1.21), so it never downloads another Go and GOTOOLCHAIN has no effect.`, `${version ?? '该 Go'} 早于工具链切换功能（Go 1.21），不会下载其他 Go，GOTOOLCHAIN 对它不起作用。`),
      command,
      output: show(['GOVERSION']) + '\nGOTOOLCHAIN=(not reported by this Go)',
    });
  } else {
    let configured = env.GOTOOLCHAIN;
    let source = 'environment';
    if (!configured && ge.GOENV && existsSync(ge.GOENV)) {
      configured = parseGoEnvFile(await readFile(ge.GOENV, 'utf8').catch(() => '')).GOTOOLCHAIN;
      source = ge.GOENV;
    }
    if (!configured && existsSync(join(goroot, 'go.env'))) {
      configured = parseGoEnvFile(await readFile(join(goroot, 'go.env'), 'utf8').catch(() => '')).GOTOOLCHAIN;
      source = join(goroot, 'go.env');
    }
    configured ||= 'auto';
    const want = expected.GOTOOLCHAIN ?? 'local';
    const ok = configured === want;
    add({
      id: 'go.env.gotoolchain',
      verdict: ok ? 'pass' : 'warn',
      title: t('GOTOOLCHAIN (toolchain downloads)', 'GOTOOLCHAIN（工具链下载）'),
      detail: ok
        ? t(`GOTOOLCHAIN is ${configured} (from ${source}): Go never tries to download another Go.`, `GOTOOLCHAIN 为 ${configured}（来自 ${source}）：Go 不会尝试下载其他版本。`)
        : t(`GOTOOLCHAIN is ${configured} (from ${source}). A project asking for a newer Go would make Go try to download it, which fails offline.`, `GOTOOLCHAIN 为 ${configured}（来自 ${source}）。如果项目要求更新的 Go，Go 会尝试下载，而离线时会失败。`),
      fix: ok ? undefined : t(`Set GOTOOLCHAIN=${want} (the environment step writes it into your startup files).`, `请设置 GOTOOLCHAIN=${want}（环境配置步骤会把它写入启动文件）。`),
      command: `${command}; GOENV file; ${join(goroot, 'go.env')}`,
      output: `GOTOOLCHAIN=${configured} (${source})`,
    });
  }

  // GOFLAGS
  const flags = ge.GOFLAGS ?? '';
  const insecure = /(^|\s)-insecure\b/.test(flags);
  const wantFlags = expected.GOFLAGS;
  const fv: Verdict = insecure ? 'fail' : wantFlags !== undefined ? (flags === wantFlags ? 'pass' : 'warn') : 'info';
  add({
    id: 'go.env.goflags',
    verdict: fv,
    title: t('GOFLAGS (default flags)', 'GOFLAGS（默认参数）'),
    detail: insecure
      ? t('GOFLAGS contains -insecure, which Go removed in 1.17: every go command stops with "unknown flag -insecure".', 'GOFLAGS 中包含 -insecure，该参数已在 Go 1.17 中移除：每个 go 命令都会报错“unknown flag -insecure”并停止。')
      : fv === 'warn'
        ? t(`GOFLAGS is "${flags}", but the install configured "${wantFlags}".`, `GOFLAGS 为“${flags}”，而安装时配置的是“${wantFlags}”。`)
        : flags === ''
          ? t('No default flags are set for go commands.', '没有为 go 命令设置默认参数。')
          : t(`Every go command gets these flags: ${flags}`, `每个 go 命令都会带上这些参数：${flags}`),
    fix: insecure
      ? t('Remove -insecure from GOFLAGS; use GOINSECURE or GOPRIVATE/GONOSUMDB instead.', '请从 GOFLAGS 中删除 -insecure；改用 GOINSECURE 或 GOPRIVATE/GONOSUMDB。')
      : fv === 'warn'
        ? t('Open a new terminal so the startup files are read, then verify again.', '请打开新的终端以读取启动文件，然后再次验证。')
        : undefined,
    command,
    output: show(['GOFLAGS']),
  });
  // GOSUMDB
  const sumdb = ge.GOSUMDB ?? '';
  const wantSum = expected.GOSUMDB;
  add({
    id: 'go.env.gosumdb',
    verdict: wantSum !== undefined && wantSum !== sumdb ? 'warn' : 'info',
    title: t('GOSUMDB (checksum database)', 'GOSUMDB（校验和数据库）'),
    detail:
      sumdb === 'off'
        ? t('GOSUMDB is off: module checksums not in go.sum are not verified at all.', 'GOSUMDB 已关闭：不在 go.sum 中的模块校验和将完全不被验证。')
        : t(`GOSUMDB is ${sumdb}. Offline, it is only asked when a go.sum is incomplete.`, `GOSUMDB 为 ${sumdb}。离线时只有在 go.sum 不完整时才会访问它。`),
    fix: wantSum !== undefined && wantSum !== sumdb ? t(`Set GOSUMDB=${wantSum} as configured.`, `请按配置设置 GOSUMDB=${wantSum}。`) : undefined,
    command,
    output: show(['GOSUMDB', 'GONOSUMDB', 'GOPRIVATE']),
  });
}

async function shellChecks(opts: VerifyOptions, env: Env, platform: NodeJS.Platform, goBinary: string, add: (c: VerifyCheck) => void, job: JobContext): Promise<void> {
  const title = t('A new login shell finds this Go', '新的登录 shell 能找到这个 Go');
  if (platform === 'win32') {
    add({ id: 'shell.path', verdict: 'info', title, detail: t('On Windows, new consoles read PATH from the registry; the environment step checks it there.', '在 Windows 上，新的控制台从注册表读取 PATH；环境配置步骤会在注册表中检查。'), command: '', output: '' });
    return;
  }
  let shell = opts.shell || env.SHELL || '';
  if (!shell) {
    try {
      shell = userInfo().shell ?? '';
    } catch {
      shell = '';
    }
  }
  if (!shell || !existsSync(shell)) {
    add({ id: 'shell.path', verdict: 'info', title, detail: t(`Your login shell (${shell || 'unknown'}) could not be found, so it was not checked.`, `找不到你的登录 shell（${shell || '未知'}），因此没有检查。`), command: '', output: '' });
    return;
  }
  const name = shell.split('/').pop()!;
  const args = ['-l', '-c', SHELL_SCRIPT];
  const command = `${shell} -l -c '${SHELL_SCRIPT}'`;
  const r = await run(shell, args, { cwd: env.HOME || '/', env: loginEnv(env, shell), timeoutMs: 30_000, input: '', signal: job.signal });
  const probe = parseShellProbe(r.stdout);
  const output = outputOf(r);
  const newTerminal =
    name === 'fish'
      ? t(`Open a new terminal. If it still is not found, run \`fish_add_path ${dirname(goBinary)}\` once.`, `请打开新的终端。如果仍然找不到，请运行一次 \`fish_add_path ${dirname(goBinary)}\`。`)
      : t(
          `Open a new terminal (or log out and in). If it still is not found, run the environment step again; it writes the files ${name} reads at login.`,
          `请打开新的终端（或注销后重新登录）。如果仍然找不到，请重新运行环境配置步骤，它会写入 ${name} 登录时读取的文件。`,
        );
  if (!probe) {
    add({ id: 'shell.path', verdict: 'warn', title, detail: t(`${shell} did not answer as expected, so it could not be checked.`, `${shell} 没有按预期响应，因此无法检查。`), fix: newTerminal, command, output, exitCode: r.code });
    return;
  }
  const found = probe.go;
  const same = !!found && samePath(found, goBinary, platform);
  add({
    id: 'shell.path',
    verdict: same ? 'pass' : 'fail',
    title,
    detail: same
      ? t(`A new ${name} login shell runs ${found}, the installed Go.`, `新的 ${name} 登录 shell 运行的是 ${found}，即已安装的 Go。`)
      : found
        ? t(`A new ${name} login shell runs ${found} first, not the installed ${goBinary}.`, `新的 ${name} 登录 shell 首先运行的是 ${found}，而不是已安装的 ${goBinary}。`)
        : t(`A new ${name} login shell does not find go at all ("command not found").`, `新的 ${name} 登录 shell 完全找不到 go（“command not found”）。`),
    fix: same
      ? undefined
      : found
        ? t(`Remove or move the other Go (${found}), or put ${dirname(goBinary)} before ${dirname(found)} in PATH, then open a new terminal.`, `请删除或移走另一个 Go（${found}），或在 PATH 中把 ${dirname(goBinary)} 放在 ${dirname(found)} 之前，然后打开新的终端。`)
        : newTerminal,
    command,
    output,
    exitCode: r.code,
  });
  const others: string[] = [];
  const seen = new Set<string>();
  for (const dir of probe.path) {
    const p = join(dir, 'go');
    if (!existsSync(p)) continue;
    const real = realOr(p);
    if (seen.has(real)) continue;
    seen.add(real);
    if (!samePath(p, goBinary, platform)) others.push(p);
  }
  const vars = parseShellVars(r.stdout);
  const wanted = Object.entries(opts.expectedEnv ?? {}).filter(([k]) => k === 'GOPROXY' || k === 'GOTOOLCHAIN' || k === 'GOFLAGS');
  if (vars && wanted.length) {
    const wrong = wanted.filter(([k, v]) => (vars[k] ?? '') !== v);
    add({
      id: 'shell.env',
      verdict: wrong.length ? 'fail' : 'pass',
      title: t('A new login shell has the offline settings', '新的登录 shell 带有离线设置'),
      detail: wrong.length
        ? t(
            `A new ${name} login shell has ${wrong.map(([k]) => `${k}=${vars[k] || '(unset)'}`).join(', ')}, but the install configured ${wrong.map(([k, v]) => `${k}=${v}`).join(', ')}. Go would try the internet.`,
            `新的 ${name} 登录 shell 中 ${wrong.map(([k]) => `${k}=${vars[k] || '（未设置）'}`).join('、')}，而安装时配置的是 ${wrong.map(([k, v]) => `${k}=${v}`).join('、')}。Go 会尝试访问互联网。`,
          )
        : t(`A new ${name} login shell has ${wanted.map(([k, v]) => `${k}=${v}`).join(', ')}, as configured.`, `新的 ${name} 登录 shell 中 ${wanted.map(([k, v]) => `${k}=${v}`).join('、')}，与配置一致。`),
      fix: wrong.length ? newTerminal : undefined,
      command,
      output: Object.entries(vars).map(([k, v]) => `${k}=${v}`).join('\n'),
    });
  }
  add({
    id: 'shell.conflicts',
    verdict: others.length ? 'warn' : 'pass',
    title: t('Other Go installations on PATH', 'PATH 中的其他 Go 安装'),
    detail: others.length
      ? t(`Other go programs are on your PATH: ${others.join(', ')}. Whichever comes first wins, which is confusing after updates.`, `PATH 中还有其他 go 程序：${others.join('、')}。哪个在前就运行哪个，更新后容易混淆。`)
      : t('No other go program is on your PATH.', 'PATH 中没有其他 go 程序。'),
    fix: others.length ? t('Uninstall the other Go (e.g. the distribution package) or remove its folder from PATH.', '请卸载其他 Go（例如发行版自带的软件包），或从 PATH 中删除其所在文件夹。') : undefined,
    command,
    output: probe.path.join(':'),
  });
}

async function projectCheck(dir: string, offline: OfflineRunner, goBinary: string, goenv: Env, moduleProxy: string | undefined, work: string, job: JobContext): Promise<VerifyCheck> {
  const name = dir.split(/[\\/]/).pop() ?? dir;
  const extra: Env = moduleProxy ? { GOPROXY: fileProxyUrl(moduleProxy), GONOPROXY: 'none' } : {};
  const out = join(work, 'project-bin', name) + sep;
  const args = ['build', '-o', out, './...'];
  const r = await offline.run(goBinary, args, { cwd: dir, env: { ...goenv, ...extra }, timeoutMs: 30 * 60_000, signal: job.signal });
  const how =
    offline.mode === 'namespace'
      ? t('in a network namespace with no network at all', '在完全没有网络的网络命名空间中')
      : t('with every proxy variable pointing at a closed port, so any network attempt fails', '并把所有代理变量指向一个已关闭的端口，任何网络访问都会失败');
  const output = outputOf(r);
  const sig = r.code === 0 ? null : classifyGoOutput(output);
  const proxyNote = moduleProxy ? ` GOPROXY=${fileProxyUrl(moduleProxy)}` : '';
  // which Go the project gets: its go/toolchain line may hand the build to a version installed
  // beside the default one (GOTOOLCHAIN=path); `go version` in the project says which
  const gv = r.code === 0 ? await offline.run(goBinary, ['version'], { cwd: dir, env: { ...goenv, ...extra }, timeoutMs: 60_000, signal: job.signal }) : null;
  const goVersion = gv && gv.code === 0 ? (/go version (go\S+)/.exec(gv.stdout)?.[1] ?? null) : null;
  const built = goVersion ? { en: ` (built by ${goVersion})`, zh: `（由 ${goVersion} 构建）` } : { en: '', zh: '' };
  return {
    id: 'project.offline-build',
    project: dir,
    verdict: r.code === 0 ? 'pass' : 'fail',
    title: t(`Offline build of ${name}`, `离线构建 ${name}`),
    detail:
      r.code === 0
        ? t(`${name} builds with the bundled dependencies ${how.en}${built.en}.`, `${name} 使用随介质携带的依赖，${how.zh}构建成功${built.zh}。`)
        : sig
          ? t(`${name} does not build offline (${how.en}): ${sig.detail.en}`, `${name} 无法离线构建（${how.zh}）：${sig.detail.zh}`)
          : t(`${name} does not build offline (${how.en}). See the output.`, `${name} 无法离线构建（${how.zh}）。请查看输出。`),
    fix: r.code === 0 ? undefined : (sig?.fix ?? t('Make sure `go build ./...` works in the project on the online computer, then make the media again with this project selected.', '请确认在联网电脑上的项目中 `go build ./...` 可以成功，然后选中该项目重新制作介质。')),
    command: `cd ${dir} &&${proxyNote} ${offline.display('go', ['build', './...'])}`,
    output,
    exitCode: r.code,
    signature: sig?.id,
    goVersion,
  };
}

/** Sort helper used by the UI: fail, warn, pass, info. */
export function verdictRank(v: Verdict): number {
  return { fail: 0, warn: 1, pass: 2, info: 3 }[v];
}

