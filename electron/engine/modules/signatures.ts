/**
 * Known failure signatures of offline Go builds (see the failure list in the reference docs),
 * recognised in the output of a `go` command and turned into plain text with the fix. Used by the
 * modules dry run before export and by the verify step's offline project builds.
 */
import type { LocalText } from '../../../shared/text';

export interface Signature {
  /** the failure-list id, e.g. "missing-go-sum" */
  id: string;
  title: LocalText;
  detail: LocalText;
  fix: LocalText;
  /** the output line that matched */
  line: string;
  /** module@version or module path named by the line, when there is one */
  subject?: string;
}

const t = (en: string, zh: string): LocalText => ({ en, zh });

interface Rule {
  id: string;
  re: RegExp;
  subject?: (m: RegExpExecArray) => string | undefined;
  title: LocalText;
  detail: (s: string) => LocalText;
  fix: LocalText;
}

const RULES: Rule[] = [
  {
    id: 'missing-go-sum',
    re: /(?:missing go\.sum entry(?: for module providing package ([^\s;)]+))?|updates to go\.(?:mod|sum) needed)/,
    subject: (m) => m[1],
    title: t('The project\'s go.sum file is incomplete', '项目的 go.sum 文件不完整'),
    detail: (s) =>
      t(
        `go.sum lacks the checksum of a module the build needs${s ? ` (${s})` : ''}. Offline, Go cannot fetch it and stops.`,
        `go.sum 中缺少构建所需模块的校验和${s ? `（${s}）` : ''}。离线时 Go 无法获取它，构建会停止。`,
      ),
    fix: t(
      'On the online computer run `go mod tidy` in the project, commit go.mod and go.sum, and make the media again.',
      '请在联网电脑上的项目中运行 `go mod tidy`，提交 go.mod 和 go.sum，然后重新制作介质。',
    ),
  },
  {
    id: 'toolchain-too-old-local',
    re: /requires go >= ?([0-9][^\s;)]*)(?: \(running go ([^\s;]+))?/,
    subject: (m) => m[1],
    title: t('The project needs a newer Go than the one installed', '项目需要比已安装版本更新的 Go'),
    detail: (s) => t(`The project's go.mod asks for Go ${s} or newer.`, `项目的 go.mod 要求 Go ${s} 或更新版本。`),
    fix: t(
      'Put a Go release at least that new on the media, or lower the `go` line of go.mod if the project really works with the older Go.',
      '请在介质中放入至少这么新的 Go 版本；如果项目确实能用旧版本 Go 构建，也可以降低 go.mod 中的 `go` 行。',
    ),
  },
  {
    id: 'toolchain-unavailable',
    re: /(?:toolchain not available|go: downloading go\d|invalid go version '([^']+)'|unknown directive: toolchain)/,
    subject: (m) => m[1],
    title: t('Go tried to use a different Go version', 'Go 试图使用另一个 Go 版本'),
    detail: (s) =>
      t(
        `The project's go.mod has a \`go\` or \`toolchain\` line this Go cannot satisfy${s ? ` (${s})` : ''}, so Go would need another release, which cannot be downloaded offline.`,
        `项目 go.mod 中的 \`go\` 或 \`toolchain\` 行是当前 Go 无法满足的${s ? `（${s}）` : ''}，Go 需要另一个版本，而离线时无法下载。`,
      ),
    fix: t(
      'Bundle the Go release the project asks for (`go-offline bundle create --version …`, or `go-offline bundle update <media> --add-version …`), and on the offline machine install it beside the default Go (`go-offline install --bundle <media> --side-by-side --go-version …`).',
      '请在介质中放入项目要求的 Go 版本（`go-offline bundle create --version …`，或 `go-offline bundle update <安装介质> --add-version …`），并在离线机器上把它并列安装在默认 Go 旁边（`go-offline install --bundle <安装介质> --side-by-side --go-version …`）。',
    ),
  },
  {
    id: 'proxy-off-missing',
    re: /([^\s:]+@[^\s:]+)?:? ?(?:module lookup disabled by GOPROXY=off|reading file:\/\/\S+: no such file or directory|not found: [^\n]*file:\/\/)/,
    subject: (m) => m[1],
    title: t('A module is missing from the bundled dependencies', '随介质携带的依赖中缺少某个模块'),
    detail: (s) =>
      t(
        `The build needs ${s ? s : 'a module'} that is not in the bundled module proxy.`,
        `构建需要${s ? ` ${s}` : '某个模块'}，但随介质携带的模块代理中没有它。`,
      ),
    fix: t(
      'On the online computer, make the media again with this project selected, so that all of its modules are collected with a fresh cache.',
      '请在联网电脑上选中该项目重新制作介质，以便用全新的缓存收集它的全部模块。',
    ),
  },
  {
    id: 'sumdb-offline',
    re: /verifying (?:module|go\.mod): ([^\s:]+)?.*(?:sum\.golang\.org|checksum database)/,
    subject: (m) => m[1],
    title: t('Go tried to ask the checksum database', 'Go 试图访问校验和数据库'),
    detail: (s) =>
      t(
        `A checksum${s ? ` for ${s}` : ''} is not in go.sum, so Go asked sum.golang.org, which is not reachable offline.`,
        `go.sum 中没有${s ? ` ${s} 的` : '某个模块的'}校验和，因此 Go 去访问 sum.golang.org，而离线时无法访问。`,
      ),
    fix: t(
      'Make go.sum complete on the online computer (`go mod tidy`). For internal modules set GOPRIVATE or GONOSUMDB; use GOSUMDB=off only as a last resort.',
      '请在联网电脑上补全 go.sum（`go mod tidy`）。内部模块请设置 GOPRIVATE 或 GONOSUMDB；只有在别无选择时才使用 GOSUMDB=off。',
    ),
  },
  {
    id: 'proxy-offline',
    re: /(?:dial tcp|proxyconnect|lookup [^\s]+ on|connect: connection refused|network is unreachable|i\/o timeout|unrecognized import path)/,
    title: t('Go tried to use the network', 'Go 试图访问网络'),
    detail: () =>
      t(
        'Go tried to download something over the network. Offline that fails: everything must come from the bundled module proxy.',
        'Go 试图通过网络下载内容。离线时这会失败：所有内容都必须来自随介质携带的模块代理。',
      ),
    fix: t(
      'Set GOPROXY to the local module folder (`file:///...,off`), keep GOTOOLCHAIN=local, and make sure GOPRIVATE/GONOPROXY do not send modules around the proxy (GONOPROXY=none).',
      '请把 GOPROXY 设为本地模块文件夹（`file:///...,off`），保持 GOTOOLCHAIN=local，并确保 GOPRIVATE/GONOPROXY 不会让模块绕过代理（GONOPROXY=none）。',
    ),
  },
  {
    id: 'inconsistent-vendoring',
    re: /inconsistent vendoring/,
    title: t('The vendor folder does not match go.mod', 'vendor 文件夹与 go.mod 不一致'),
    detail: () => t('The vendor folder was made from another go.mod or another Go version.', 'vendor 文件夹是用另一个 go.mod 或另一个 Go 版本生成的。'),
    fix: t('Run `go mod vendor` again with the bundled Go version on the online computer.', '请在联网电脑上用介质中的 Go 版本重新运行 `go mod vendor`。'),
  },
];

/** The first known signature found in a `go` command's output, or null. */
export function classifyGoOutput(output: string): Signature | null {
  const lines = output.split(/\r?\n/);
  for (const rule of RULES) {
    for (const line of lines) {
      const m = rule.re.exec(line);
      if (!m) continue;
      const subject = rule.subject?.(m);
      return { id: rule.id, title: rule.title, detail: rule.detail(subject ?? ''), fix: rule.fix, line: line.trim(), subject };
    }
  }
  return null;
}

/** Every module@version a GOPROXY=off run said it could not find. */
export function missingModules(output: string): string[] {
  const out = new Set<string>();
  for (const line of output.split(/\r?\n/)) {
    const m = /([^\s:]+@v[^\s:]+): (?:module lookup disabled by GOPROXY=off|reading file:\/\/)/.exec(line);
    if (m) out.add(m[1]!);
  }
  return [...out];
}
