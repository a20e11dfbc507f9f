/**
 * The transfer report (transfer-report.html): one self-contained, printable HTML page in English
 * and Chinese for the security officer — who prepared the media, when, from which sources, every
 * file with its size, SHA-256 and how it was checked, the modules with their licences, the target
 * platforms. No scripts, no external resources. It is written with the other generated files, so
 * it is listed in manifest.json and SHA256SUMS (and covered by the signature when signed); it can
 * therefore not list its own hash, nor manifest.json's: those are in SHA256SUMS.
 */
import { formatBytes } from '../../../shared/format';
import type { ProxyModuleEntry } from './sbom';

export const REPORT_NAME = 'transfer-report.html';

export interface ReportFile {
  path: string;
  size: number;
  sha256: string;
  kind: string;
  /** archives: how the SHA-256 and the OpenPGP signature were checked when it was obtained */
  listing?: 'matched' | 'not-compared';
  openpgp?: { status: string; keyFingerprint?: string };
}

export interface ReportInput {
  createdAt: string;
  host: string;
  user: string;
  tool: string;
  signer?: { fingerprint: string; userIds: string[] };
  /** where each Go archive came from (URL, or the local file it was given as) */
  archiveSources: Array<{ file: string; url: string }>;
  /** GOPROXY as set for the module download on the preparing computer, null when not set */
  goproxy?: string | null;
  hasModules: boolean;
  files: ReportFile[];
  modules: ProxyModuleEntry[];
  neededBy: (m: ProxyModuleEntry) => string[];
  targets: Array<{ platform: string; hostname?: string }>;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
const e = escapeHtml;
/** "English · 中文" label */
const bi = (en: string, zh: string) => `<span lang="en">${e(en)}</span> · <span lang="zh-CN">${e(zh)}</span>`;

function checks(f: ReportFile): string {
  const out: string[] = [];
  if (f.listing === 'matched') out.push(bi('SHA-256 matched the release listing', 'SHA-256 与发布列表一致'));
  else if (f.listing === 'not-compared') out.push(bi('SHA-256 not compared with a listing (given as a local file)', '未与发布列表比对 SHA-256（以本地文件提供）'));
  if (f.openpgp) {
    if (f.openpgp.status === 'verified') out.push(bi(`OpenPGP signature verified (key ${f.openpgp.keyFingerprint ?? '?'})`, `OpenPGP 签名已验证（密钥 ${f.openpgp.keyFingerprint ?? '?'}）`));
    else if (f.openpgp.status === 'not-published') out.push(bi('OpenPGP: no signature published — not checked', 'OpenPGP：未发布签名——未检查'));
    else out.push(bi('OpenPGP: not checked', 'OpenPGP：未检查'));
  }
  out.push(bi('read back after writing: matched', '写入后回读：一致'));
  return out.join('<br>');
}

/** The report's HTML text. */
export function renderTransferReport(r: ReportInput): string {
  const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  const signer = r.signer
    ? `${e(r.signer.fingerprint)}${r.signer.userIds.length ? ` (${e(r.signer.userIds.join(', '))})` : ''}`
    : bi('not signed: manifest.json carries no signature', '未签名：manifest.json 没有签名');
  const goproxy = !r.hasModules
    ? bi('no modules carried', '未携带模块')
    : r.goproxy
      ? e(r.goproxy)
      : bi('GOPROXY not set in the environment (Go\u2019s default: https://proxy.golang.org,direct, unless set with go env -w)', '环境中未设置 GOPROXY（Go 的默认值为 https://proxy.golang.org,direct，除非用 go env -w 设置过）');
  const licence = (m: ProxyModuleEntry) =>
    !m.zip ? bi('go.mod only (no source carried)', '仅 go.mod（未携带源代码）') : m.zip.licence === 'unknown' ? bi('unknown', '未知') : e(m.zip.licence);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Transfer report · 传输报告 — ${e(r.createdAt)}</title>
<style>
body { font: 13px/1.45 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 24px; color: #111; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 22px 0 6px; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } code, .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11px; word-break: break-all; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; } dt { font-weight: 600; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${bi('Transfer report', '传输报告')}</h1>
<p>${bi('What this media carries and how each file was checked. Check it with: sha256sum -c SHA256SUMS (this report is listed there), and gpg --verify manifest.json.asc manifest.json when signed.', '本介质携带的内容以及每个文件的检查方式。校验方法：sha256sum -c SHA256SUMS（本报告已列入其中）；若已签名，再运行 gpg --verify manifest.json.asc manifest.json。')}</p>
<h2>${bi('Prepared', '制作信息')}</h2>
<dl>
<dt>${bi('Signed by (key fingerprint)', '签名者（密钥指纹）')}</dt><dd class="hash">${signer}</dd>
<dt>${bi('Computer', '计算机')}</dt><dd>${e(r.host)}</dd>
<dt>${bi('User', '用户')}</dt><dd>${e(r.user)}</dd>
<dt>${bi('When (UTC)', '时间（UTC）')}</dt><dd>${e(r.createdAt)}</dd>
<dt>${bi('Made with', '制作工具')}</dt><dd>${e(r.tool)}</dd>
</dl>
<h2>${bi('Sources', '来源')}</h2>
<table><tr><th>${bi('File', '文件')}</th><th>${bi('Obtained from', '获取自')}</th></tr>
${r.archiveSources.map((s) => row([`<code>${e(s.file)}</code>`, `<code>${e(s.url)}</code>`])).join('\n')}
${row([bi('Go modules (GOPROXY)', 'Go 模块（GOPROXY）'), goproxy])}
</table>
<h2>${bi('Target platforms', '目标平台')}</h2>
${r.targets.length ? `<ul>${r.targets.map((t) => `<li><code>${e(t.platform)}</code>${t.hostname ? ` — ${e(t.hostname)}` : ''}</li>`).join('')}</ul>` : `<p>${bi('not given when the media was made (see the Go archives under Files)', '制作介质时未指定（参见“文件”中的 Go 归档）')}</p>`}
<h2>${bi(`Modules (${r.modules.length})`, `模块（${r.modules.length} 个）`)}</h2>
${
  r.modules.length
    ? `<table><tr><th>${bi('Module', '模块')}</th><th>${bi('Version', '版本')}</th><th>${bi('Licence', '许可证')}</th><th>${bi('Needed by', '需要它的项目')}</th></tr>
${r.modules.map((m) => row([`<code>${e(m.path)}</code>`, `<code>${e(m.version)}</code>`, licence(m), e(r.neededBy(m).join(', ')) || '—'])).join('\n')}
</table>`
    : `<p>${bi('none', '无')}</p>`
}
<h2>${bi(`Files (${r.files.length}, besides this report, manifest.json and SHA256SUMS)`, `文件（${r.files.length} 个，不含本报告、manifest.json 和 SHA256SUMS）`)}</h2>
<table><tr><th>${bi('File', '文件')}</th><th>${bi('Size', '大小')}</th><th>SHA-256</th><th>${bi('How it was checked', '检查方式')}</th></tr>
${r.files.map((f) => row([`<code>${e(f.path)}</code>`, `${e(formatBytes(f.size))}`, `<span class="hash">${e(f.sha256)}</span>`, checks(f)])).join('\n')}
</table>
<p>${bi('"Read back after writing" is true of every file listed: the media is completed only after every byte was read back from it and matched; otherwise everything written is removed.', '所列每个文件的“写入后回读”均属实：只有在从介质回读每个字节并全部一致后，介质才会完成；否则已写入的内容全部删除。')}</p>
</body>
</html>
`;
}
