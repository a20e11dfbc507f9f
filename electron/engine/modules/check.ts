/**
 * The "warnings before export": what would stop a project from building on the offline machine
 * with the Go being bundled, found before anything crosses the gap. Static checks read go.mod and
 * go.sum; with a `goroot`, Go itself confirms go.sum completeness (`go list -mod=readonly -deps
 * -test ./...`, the missing-go-sum signature).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Finding } from '../../../shared/platform';
import type { ProjectCheck } from '../../../shared/verify';
import type { LocalText } from '../../../shared/text';
import { compareGoVersions, parseGoVersion } from '../../../shared/go-requirements';
import { goEnv, run } from '../exec';
import type { Env } from '../paths';
import { parseGoMod, parseGoSum, type GoMod } from './gomod';
import { classifyGoOutput } from './signatures';

const t = (en: string, zh: string): LocalText => ({ en, zh });

export interface CheckProjectsOptions {
  /** the bundled Go tree: enables Go's own go.sum check */
  goroot?: string;
  env?: Env;
  /** module cache to use for the Go check (default: the user's) */
  modcache?: string;
  signal?: AbortSignal;
}

/** True when the replacement points at a folder rather than a module version. */
export function isLocalReplacement(to: string): boolean {
  return to.startsWith('./') || to.startsWith('../') || to.startsWith('/') || /^[A-Za-z]:[\\/]/.test(to) || to === '.' || to === '..';
}

/** go/toolchain lines against the Go being bundled (`goVersion` like "go1.19.8"). */
export function toolchainFindings(mod: GoMod, goVersion: string, project: string): Finding[] {
  const findings: Finding[] = [];
  const bundled = parseGoVersion(goVersion);
  const ev = { project, goLine: mod.go ?? null, toolchainLine: mod.toolchain ?? null, bundled: goVersion };
  const bundledModern = !!bundled && (bundled.major > 1 || bundled.minor >= 21);
  if (mod.go) {
    const wanted = parseGoVersion(mod.go);
    if (!wanted) {
      findings.push({
        id: 'project.go-line',
        verdict: 'warn',
        title: t('The go line of go.mod is not a Go version', 'go.mod 中的 go 行不是有效的 Go 版本'),
        detail: t(`${project}: go.mod says \`go ${mod.go}\`, which Go does not read as a version.`, `${project}：go.mod 中写的是 \`go ${mod.go}\`，Go 无法把它识别为版本。`),
        fix: t('Write it like `go 1.22.0` (Go 1.21 and later) or `go 1.20`.', '请写成 `go 1.22.0`（Go 1.21 及以后）或 `go 1.20` 的形式。'),
        evidence: ev,
      });
    } else if (compareGoVersions(`go${mod.go}`, goVersion) > 0) {
      const threePart = mod.go.split('.').length >= 3;
      // Go 1.21+ refuses a newer go line with GOTOOLCHAIN=local; older releases reject three-part
      // lines outright and only hint at the cause when a two-part line is too new.
      const fails = bundledModern || threePart;
      findings.push({
        id: 'project.toolchain-too-old-local',
        verdict: fails ? 'fail' : 'warn',
        title: t('The project needs a newer Go than the one being bundled', '项目需要比介质中更新的 Go'),
        detail: t(
          `${project}: go.mod says \`go ${mod.go}\`, but the media carries ${goVersion}. ` +
            (fails
              ? 'On the offline machine Go would stop with "requires go >= ' + mod.go + '" (or try to download a newer Go, which fails offline).'
              : 'Older Go releases build it anyway, but anything that needs the newer Go will not compile.'),
          `${project}：go.mod 中写的是 \`go ${mod.go}\`，而介质中的是 ${goVersion}。` +
            (fails ? `在离线机器上 Go 会报错“requires go >= ${mod.go}”并停止（或尝试下载更新的 Go，而离线时会失败）。` : '旧版本 Go 仍会尝试构建，但凡是需要新版本 Go 的代码都无法编译。'),
        ),
        fix: t(
          `Bundle Go ${mod.go} or newer, or lower the go line if the project really builds with ${goVersion}.`,
          `请在介质中放入 Go ${mod.go} 或更新的版本；如果项目确实能用 ${goVersion} 构建，也可以降低 go 行。`,
        ),
        evidence: ev,
      });
    } else if (bundledModern && mod.go.split('.').length === 2 && parseGoVersion(mod.go)!.minor >= 21 && !mod.toolchain) {
      findings.push({
        id: 'project.toolchain-unavailable',
        verdict: 'info',
        title: t('The go line names a language version, not a release', 'go 行写的是语言版本而不是发行版本'),
        detail: t(
          `${project}: \`go ${mod.go}\` is not a release name (releases are ${mod.go}.0, ${mod.go}.1…). It works here because ${goVersion} is new enough (the installer sets GOTOOLCHAIN=path: Go uses an installed release and never downloads one).`,
          `${project}：\`go ${mod.go}\` 不是发行版本名（发行版本是 ${mod.go}.0、${mod.go}.1…）。由于 ${goVersion} 足够新，这里可以正常工作（安装程序会设置 GOTOOLCHAIN=path：Go 只使用已安装的版本，从不下载）。`,
        ),
        fix: t(`Prefer \`go ${mod.go}.0\` in go.mod.`, `建议在 go.mod 中写成 \`go ${mod.go}.0\`。`),
        evidence: ev,
      });
    }
  }
  if (mod.toolchain && mod.toolchain !== 'default') {
    if (!bundledModern) {
      findings.push({
        id: 'project.toolchain-line',
        verdict: 'fail',
        title: t('The bundled Go cannot read the toolchain line', '介质中的 Go 无法识别 toolchain 行'),
        detail: t(
          `${project}: go.mod has \`toolchain ${mod.toolchain}\`, which Go releases before 1.21 do not understand ("unknown directive: toolchain"). ${goVersion} would refuse the project.`,
          `${project}：go.mod 中有 \`toolchain ${mod.toolchain}\`，Go 1.21 之前的版本无法识别它（“unknown directive: toolchain”）。${goVersion} 会拒绝构建该项目。`,
        ),
        fix: t(`Bundle Go ${mod.toolchain.replace(/^go/, '')} or at least Go 1.21.`, `请在介质中放入 Go ${mod.toolchain.replace(/^go/, '')}，至少也要 Go 1.21。`),
        evidence: ev,
      });
    } else if (compareGoVersions(mod.toolchain, goVersion) > 0) {
      findings.push({
        id: 'project.toolchain-download-offline',
        verdict: 'warn',
        title: t('The project asks for a Go release that is not on the media', '项目要求的 Go 版本不在介质中'),
        detail: t(
          `${project}: go.mod has \`toolchain ${mod.toolchain}\`. With GOTOOLCHAIN=auto Go would try to download it, which fails offline. The installer sets GOTOOLCHAIN=path: Go then builds with ${mod.toolchain} only if it is installed beside ${goVersion} on the offline machine; otherwise the build stops with 'cannot find "${mod.toolchain}" in PATH'.`,
          `${project}：go.mod 中有 \`toolchain ${mod.toolchain}\`。在 GOTOOLCHAIN=auto 时 Go 会尝试下载它，而离线时会失败。安装程序会设置 GOTOOLCHAIN=path：只有当离线机器上在 ${goVersion} 之外还安装了 ${mod.toolchain} 时，Go 才会用它构建；否则构建会停止，并报错“cannot find "${mod.toolchain}" in PATH”。`,
        ),
        fix: t(`Put ${mod.toolchain} on the media too (bundle create --version ${goVersion} --version ${mod.toolchain}) and install it beside the default (install --side-by-side), or remove the toolchain line from go.mod.`, `请把 ${mod.toolchain} 也放入介质（bundle create --version ${goVersion} --version ${mod.toolchain}），并在默认版本之外并列安装它（install --side-by-side）；或者从 go.mod 中删除 toolchain 行。`),
        evidence: ev,
      });
    }
  }
  return findings;
}

/** Static go.sum check: every required module (after replacements) has its go.mod hash line. */
export function goSumFindings(mod: GoMod, goSumText: string | null, project: string): Finding[] {
  const needed: string[] = [];
  for (const r of mod.require) {
    const rep = mod.replace.find((x) => x.from === r.path && (!x.fromVersion || x.fromVersion === r.version));
    if (rep && isLocalReplacement(rep.to)) continue;
    needed.push(rep ? `${rep.to}@${rep.toVersion ?? r.version}` : `${r.path}@${r.version}`);
  }
  if (!needed.length) return [];
  const have = new Set(parseGoSum(goSumText ?? '').filter((l) => l.goMod).map((l) => `${l.path}@${l.version}`));
  const missing = needed.filter((n) => !have.has(n));
  if (!missing.length) return [];
  return [
    {
      id: 'project.missing-go-sum',
      verdict: 'warn',
      title: t('The project\'s go.sum file is incomplete', '项目的 go.sum 文件不完整'),
      detail: t(
        goSumText === null
          ? `${project}: there is no go.sum, but go.mod requires ${needed.length} module(s). Offline, Go would stop with "missing go.sum entry" or try to reach sum.golang.org.`
          : `${project}: go.sum has no checksum for ${missing.join(', ')}. Offline, Go would stop with "missing go.sum entry" or try to reach sum.golang.org.`,
        goSumText === null
          ? `${project}：没有 go.sum 文件，但 go.mod 需要 ${needed.length} 个模块。离线时 Go 会报错“missing go.sum entry”并停止，或尝试访问 sum.golang.org。`
          : `${project}：go.sum 中没有 ${missing.join('、')} 的校验和。离线时 Go 会报错“missing go.sum entry”并停止，或尝试访问 sum.golang.org。`,
      ),
      fix: t(
        'Run `go mod tidy` in the project on this computer, commit go.mod and go.sum, then make the media.',
        '请在本机的项目中运行 `go mod tidy`，提交 go.mod 和 go.sum，然后再制作介质。',
      ),
      evidence: { project, missing: missing.join(' ') },
    },
  ];
}

/** Go's own view: does the project load with go.sum as it is (`-mod=readonly`)? Downloads (online). */
export async function goListCheck(project: string, goroot: string, opts: CheckProjectsOptions = {}): Promise<{ ok: boolean; output: string; finding?: Finding }> {
  const go = join(goroot, 'bin', process.platform === 'win32' ? 'go.exe' : 'go');
  const env = goEnv(opts.env ?? process.env, {
    GOROOT: undefined,
    GOWORK: 'off',
    GOFLAGS: '-modcacherw',
    ...(opts.modcache ? { GOMODCACHE: opts.modcache } : {}),
  });
  const r = await run(go, ['list', '-mod=readonly', '-deps', '-test', './...'], { cwd: project, env, timeoutMs: 30 * 60_000, signal: opts.signal });
  const output = r.stderr.trim();
  if (r.code === 0) return { ok: true, output };
  const sig = classifyGoOutput(output);
  return {
    ok: false,
    output,
    finding: {
      id: `project.${sig?.id ?? 'go-list'}`,
      verdict: 'warn',
      title: sig?.title ?? t('Go could not load the project', 'Go 无法加载该项目'),
      detail: sig
        ? { en: `${basename(project)}: ${sig.detail.en} (${sig.line})`, zh: `${basename(project)}：${sig.detail.zh}（${sig.line}）` }
        : t(`${basename(project)}: \`go list -deps -test ./...\` failed: ${output.split('\n').slice(-3).join(' ')}`, `${basename(project)}：\`go list -deps -test ./...\` 失败：${output.split('\n').slice(-3).join(' ')}`),
      fix: sig?.fix ?? t('Make `go build ./...` work in the project on this computer first.', '请先确保在本机的项目中 `go build ./...` 可以成功。'),
      evidence: { project, command: 'go list -mod=readonly -deps -test ./...', output: output.slice(-2000) },
    },
  };
}

/**
 * Check projects before export against the Go being bundled (`goVersion`, e.g. "go1.19.8").
 * Never throws for a bad project: a folder without go.mod is a failing finding.
 */
export async function checkProjects(projects: string[], goVersion: string, opts: CheckProjectsOptions = {}): Promise<ProjectCheck[]> {
  const out: ProjectCheck[] = [];
  for (const p of projects) {
    const dir = resolve(p);
    const name = basename(dir);
    const modPath = join(dir, 'go.mod');
    if (!existsSync(modPath)) {
      out.push({
        dir,
        name,
        module: null,
        findings: [
          {
            id: 'project.not-module',
            verdict: 'fail',
            title: t('The project folder is not a Go module', '项目文件夹不是 Go 模块'),
            detail: t(`${dir} has no go.mod file.`, `${dir} 中没有 go.mod 文件。`),
            fix: t('Choose the folder that contains the project\'s go.mod file.', '请选择包含该项目 go.mod 文件的文件夹。'),
            evidence: { project: dir },
          },
        ],
      });
      continue;
    }
    const mod = parseGoMod(await readFile(modPath, 'utf8'));
    const sumPath = join(dir, 'go.sum');
    const sum = existsSync(sumPath) ? await readFile(sumPath, 'utf8') : null;
    const findings = [...toolchainFindings(mod, goVersion, name), ...goSumFindings(mod, sum, name)];
    const unreadable = findings.some((f) => f.verdict === 'fail' && f.id.startsWith('project.toolchain'));
    if (opts.goroot && !unreadable) {
      const r = await goListCheck(dir, opts.goroot, opts);
      if (r.finding && !findings.some((f) => f.id === r.finding!.id)) findings.push(r.finding);
    }
    out.push({ dir, name, module: mod.module, goVersion: mod.go, toolchain: mod.toolchain, findings });
  }
  return out;
}
