/**
 * Requirement checks of step 2: does the chosen Go release suit the target machines (profiles
 * saved by step 1) and the Go projects the user pointed at? Findings use step 1's shape.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { EnvReport, Finding } from '../../../shared/platform';
import type { GoModFile, GoProject, Release } from '../../../shared/releases';
import { platformOf } from '../../../shared/releases';
import { compareDotted, compareGoVersions, minimumsFor, parseGoVersion } from '../../../shared/go-requirements';
import type { LocalText } from '../../../shared/text';

const t = (en: string, zh: string): LocalText => ({ en, zh });

/** The platforms ("os-arch") of loaded target profiles, for preselection. */
export function platformsFromProfiles(profiles: EnvReport[]): string[] {
  return [...new Set(profiles.map((p) => p.host.platform).filter((p) => /^[a-z0-9]+-[a-z0-9]+$/.test(p)))];
}

function targetName(p: EnvReport): string {
  return `${p.host.hostname || '?'} (${p.host.distro?.prettyName ?? p.host.os} ${p.host.platform})`;
}

/** Check a release against each target profile: an archive for it, OS minimums, libc, CPU translation. */
export function checkTargets(release: Release, profiles: EnvReport[]): Finding[] {
  const out: Finding[] = [];
  const min = minimumsFor(release.version);
  const v = release.version;
  for (const p of profiles) {
    const name = targetName(p);
    const ev = { target: name, platform: p.host.platform, goVersion: v };
    const hasArchive = release.files.some((f) => f.kind === 'archive' && platformOf(f) === p.host.platform);
    if (!hasArchive) {
      out.push({
        id: 'target.platform-missing',
        verdict: 'fail',
        title: t('No Go archive for this target', '没有适用于该目标机器的 Go 压缩包'),
        detail: t(`${v} has no archive for ${p.host.platform}, which the target ${name} needs.`, `${v} 没有目标机器 ${name} 所需的 ${p.host.platform} 压缩包。`),
        fix: t('Choose a Go version that has this platform.', '请选择提供该平台的 Go 版本。'),
        evidence: ev,
      });
    }
    const osv = p.host.osVersion || p.host.kernel || '';
    if (p.host.os === 'linux' && osv && compareDotted(osv, min.linuxKernel) < 0) {
      out.push({
        id: 'target.os-too-old',
        verdict: 'fail',
        title: t('The target\'s Linux kernel is too old', '目标机器的 Linux 内核版本过旧'),
        detail: t(`${v} needs Linux kernel ${min.linuxKernel} or newer; ${name} runs ${osv}.`, `${v} 需要 Linux 内核 ${min.linuxKernel} 或更新版本；${name} 的内核是 ${osv}。`),
        fix: t('Choose an older Go version for this machine, or upgrade its operating system.', '请为这台机器选择较旧的 Go 版本，或升级其操作系统。'),
        evidence: { ...ev, kernel: osv, minimum: min.linuxKernel },
      });
    }
    if (p.host.os === 'darwin' && osv && compareDotted(osv, min.macos) < 0) {
      out.push({
        id: 'target.os-too-old',
        verdict: 'fail',
        title: t('The target\'s macOS is too old', '目标机器的 macOS 版本过旧'),
        detail: t(`${v} needs macOS ${min.macos} or newer; ${name} runs ${osv}.`, `${v} 需要 macOS ${min.macos} 或更新版本；${name} 的版本是 ${osv}。`),
        fix: t('Choose an older Go version for this Mac, or upgrade macOS.', '请为这台 Mac 选择较旧的 Go 版本，或升级 macOS。'),
        evidence: { ...ev, macos: osv, minimum: min.macos },
      });
    }
    if (p.host.os === 'windows' && osv && compareDotted(osv, min.windows.nt) < 0) {
      out.push({
        id: 'target.os-too-old',
        verdict: 'fail',
        title: t('The target\'s Windows is too old', '目标机器的 Windows 版本过旧'),
        detail: t(`${v} needs ${min.windows.name} or newer; ${name} runs Windows ${osv}. Go would crash at start.`, `${v} 需要 ${min.windows.name} 或更新版本；${name} 的 Windows 版本是 ${osv}，Go 会在启动时崩溃。`),
        fix: t('Choose Go 1.20 or older for this machine, or upgrade Windows.', '请为这台机器选择 Go 1.20 或更早的版本，或升级 Windows。'),
        evidence: { ...ev, windows: osv, minimum: min.windows.nt },
      });
    }
    if (p.host.os === 'linux' && !min.staticToolchain && p.libc.family === 'musl') {
      out.push({
        id: 'target.libc',
        verdict: 'warn',
        title: t('Go before 1.21 does not run on musl systems', 'Go 1.21 之前的版本无法在 musl 系统上运行'),
        detail: t(
          `${v}'s own programs need glibc, but ${name} uses musl (e.g. Alpine): "go" would fail with "No such file or directory".`,
          `${v} 自带的程序需要 glibc，但 ${name} 使用 musl（例如 Alpine）：运行 go 会报错“No such file or directory”。`,
        ),
        fix: t('Choose Go 1.21 or newer (its toolchain is static), or install gcompat on the target.', '请选择 Go 1.21 或更新的版本（其工具链是静态链接的），或在目标机器上安装 gcompat。'),
        evidence: { ...ev, libc: p.libc.family, libcVersion: p.libc.version },
      });
    }
    if (p.host.translated) {
      out.push({
        id: 'target.translated',
        verdict: 'info',
        title: t('The target runs programs under emulation', '目标机器通过转译运行程序'),
        detail: t(
          `The environment check on ${name} ran under ${p.host.translated}; the archive chosen is for the machine's real CPU (${p.host.arch}).`,
          `在 ${name} 上的环境检查是在 ${p.host.translated} 转译下运行的；所选压缩包对应机器的真实 CPU（${p.host.arch}）。`,
        ),
        evidence: { ...ev, processArch: p.host.processArch, arch: p.host.arch },
      });
    }
    if (hasArchive && !out.some((f) => f.evidence?.target === name && f.verdict !== 'info')) {
      out.push({
        id: 'target.ok',
        verdict: 'pass',
        title: t('Suits the target', '适用于目标机器'),
        detail: t(`${v} has an archive for ${name} and meets its system requirements.`, `${v} 提供适用于 ${name} 的压缩包，并满足其系统要求。`),
        evidence: ev,
      });
    }
  }
  return out;
}

function parseGoLines(text: string): { go: string | null; toolchain: string | null; uses: string[] } {
  const noComments = text.replace(/\/\/.*$/gm, '');
  const go = /^\s*go\s+([0-9][^\s]*)\s*$/m.exec(noComments)?.[1] ?? null;
  let toolchain = /^\s*toolchain\s+(\S+)\s*$/m.exec(noComments)?.[1] ?? null;
  if (toolchain === 'default') toolchain = null;
  const uses: string[] = [];
  for (const m of noComments.matchAll(/^\s*use\s+\(([^)]*)\)/gm)) {
    for (const line of m[1]!.split('\n')) {
      const x = line.trim().replace(/^"|"$/g, '');
      if (x) uses.push(x);
    }
  }
  for (const m of noComments.matchAll(/^\s*use\s+([^\s(][^\s]*)\s*$/gm)) uses.push(m[1]!.replace(/^"|"$/g, ''));
  return { go, toolchain, uses };
}

async function readModFile(path: string, kind: GoModFile['kind']): Promise<{ file: GoModFile; uses: string[] } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const { go, toolchain, uses } = parseGoLines(text);
  return { file: { path, kind, go, toolchain }, uses };
}

/** Read a Go project folder's go.work (and the modules it uses) or go.mod; AppError when it has neither. */
export async function readGoProject(dir: string): Promise<GoProject> {
  const abs = resolve(dir);
  try {
    if (!(await stat(abs)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new AppError('PROJECT_NOT_GO', { dir: abs });
  }
  const files: GoModFile[] = [];
  const work = await readModFile(join(abs, 'go.work'), 'go.work');
  if (work) {
    files.push(work.file);
    for (const u of work.uses) {
      const m = await readModFile(join(resolve(abs, u), 'go.mod'), 'go.mod');
      if (m && !files.some((f) => f.path === m.file.path)) files.push(m.file);
    }
  }
  const mod = await readModFile(join(abs, 'go.mod'), 'go.mod');
  if (mod && !files.some((f) => f.path === mod.file.path)) files.push(mod.file);
  if (files.length === 0) throw new AppError('PROJECT_NOT_GO', { dir: abs });
  return { dir: abs, files };
}

/** Check a chosen Go version against projects: refuse (fail) when older than a `go` line, warn about toolchain lines. */
export function checkProjects(version: string, projects: GoProject[]): Finding[] {
  const out: Finding[] = [];
  const chosen = version.startsWith('go') ? version : `go${version}`;
  for (const p of projects) {
    let problems = 0;
    for (const f of p.files) {
      const ev = { project: p.dir, file: f.path, go: f.go, toolchain: f.toolchain, chosen };
      if (f.go && parseGoVersion(f.go) && compareGoVersions(chosen, f.go) < 0) {
        problems++;
        out.push({
          id: 'project.go-too-new',
          verdict: 'fail',
          title: t('The project needs a newer Go', '项目需要更新版本的 Go'),
          detail: t(
            `${f.path} asks for Go ${f.go}, but you chose ${chosen}. Offline, Go cannot fetch a newer toolchain, so builds would fail with "go.mod requires go >= ${f.go}".`,
            `${f.path} 要求 Go ${f.go}，但您选择的是 ${chosen}。离线时 Go 无法自动下载更新的工具链，构建会报错“go.mod requires go >= ${f.go}”。`,
          ),
          fix: t(`Choose Go ${f.go} or newer.`, `请选择 Go ${f.go} 或更新的版本。`),
          evidence: ev,
        });
        continue;
      }
      if (f.toolchain && parseGoVersion(f.toolchain) && compareGoVersions(chosen, f.toolchain) < 0) {
        problems++;
        out.push({
          id: 'project.toolchain-newer',
          verdict: 'warn',
          title: t('The project prefers a newer Go', '项目希望使用更新版本的 Go'),
          detail: t(
            `${f.path} names toolchain ${f.toolchain}, newer than ${chosen}. Offline, Go cannot download it: the installer sets GOTOOLCHAIN=path, so Go uses ${f.toolchain} only if it is installed beside ${chosen}, and otherwise stops with 'cannot find "${f.toolchain}" in PATH'.`,
            `${f.path} 指定了工具链 ${f.toolchain}，比 ${chosen} 更新。离线时 Go 无法下载它：安装程序会设置 GOTOOLCHAIN=path，只有在 ${chosen} 之外还安装了 ${f.toolchain} 时 Go 才会使用它，否则会停止并报错“cannot find "${f.toolchain}" in PATH”。`,
          ),
          fix: t(`Choose ${f.toolchain} or newer, or put ${f.toolchain} on the media as a second version and install it beside the default (install --side-by-side).`, `请选择 ${f.toolchain} 或更新的版本；或者把 ${f.toolchain} 作为第二个版本放入介质，并在默认版本之外并列安装它（install --side-by-side）。`),
          evidence: ev,
        });
      }
      const g = f.go ? parseGoVersion(f.go) : null;
      if (g && f.go && g.major === 1 && g.minor >= 21 && f.go.split('.').length === 2 && !f.toolchain) {
        out.push({
          id: 'project.go-line-no-patch',
          verdict: 'info',
          title: t('The go line has no patch number', 'go 指令缺少补丁版本号'),
          detail: t(
            `${f.path} says "go ${f.go}". Since Go 1.21 releases are named ${f.go}.0; with a too-old local Go this asks for a toolchain that does not exist.`,
            `${f.path} 中写的是“go ${f.go}”。从 Go 1.21 起版本名为 ${f.go}.0；如果本地 Go 太旧，会去请求一个不存在的工具链。`,
          ),
          fix: t(`Write "go ${f.go}.0" in the file.`, `请在文件中写成“go ${f.go}.0”。`),
          evidence: ev,
        });
      }
    }
    if (problems === 0) {
      out.push({
        id: 'project.ok',
        verdict: 'pass',
        title: t('Suits the project', '满足项目要求'),
        detail: t(`${chosen} is new enough for ${p.dir}.`, `${chosen} 满足 ${p.dir} 的版本要求。`),
        evidence: { project: p.dir, chosen },
      });
    }
  }
  return out;
}

/** Throw PROJECT_NEEDS_NEWER_GO for the first project whose `go` line is newer than the chosen version. */
export function assertProjectsSatisfied(version: string, projects: GoProject[]): void {
  const chosen = version.startsWith('go') ? version : `go${version}`;
  for (const p of projects) {
    for (const f of p.files) {
      if (f.go && parseGoVersion(f.go) && compareGoVersions(chosen, f.go) < 0) {
        throw new AppError('PROJECT_NEEDS_NEWER_GO', { file: f.path, required: f.go, version: chosen });
      }
    }
  }
}

