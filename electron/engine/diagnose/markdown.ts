/** A readable report.md (English, then Chinese for each finding) from a DiagnoseReport. Pure. */
import type { DiagnoseReport } from '../../../shared/diagnose';

const SEV = { error: 'ERROR / 错误', warning: 'WARNING / 警告', info: 'INFO / 提示' } as const;

function fence(s: string): string {
  return s.replace(/`/g, 'ˋ');
}

export function reportToMarkdown(r: DiagnoseReport): string {
  const out: string[] = [];
  out.push('# Go Offline Installer — diagnose report / 诊断报告', '');
  out.push(`- Created / 生成时间: ${r.createdAt}`);
  out.push(`- Tool / 工具版本: ${r.toolVersion}`);
  out.push(`- Host / 主机: ${r.host.platform} (${r.host.osVersion}${r.host.libc ? ', ' + r.host.libc : ''})`);
  out.push(`- Shell: ${r.host.shell ?? 'unknown'}`);
  out.push(`- Go: ${r.goVersion ?? 'unknown'} at ${r.goroot ?? 'not found / 未找到'}`);
  if (r.projects.length) out.push(`- Projects / 项目: ${r.projects.join(', ')}`);
  out.push(`- Network / 网络: ${r.network.probed ? (r.network.reachable ? 'reachable / 可访问' : 'unreachable / 不可访问') : 'not checked / 未检查'}`);
  out.push('');
  out.push(r.healthy ? '**No problems found. / 未发现问题。**' : `**${r.results.filter((x) => x.severity !== 'info').length} problem(s) found. / 发现 ${r.results.filter((x) => x.severity !== 'info').length} 个问题。**`);
  if (r.rootCauses?.length) out.push('', `Root cause first / 首要原因: ${r.rootCauses.join(', ')}`);
  out.push('');
  // cause first: each consequence is a sub-section right under the finding that causes it
  for (const x of r.results) {
    out.push(`${x.causedBy ? '###' : '##'} [${SEV[x.severity]}] ${x.id}: ${x.title.en} / ${x.title.zh}`, '');
    if (x.causedBy) out.push(`*Caused by / 由此引起: ${x.causedBy}*`, '');
    out.push(`**Cause:** ${x.cause.en}`, '', `**Fix:** ${x.fix.en}`, '');
    if (x.source) out.push(`**Set in / 设置位置:** \`${fence(x.source.file)}:${x.source.line}\` (${x.source.variable}, ${x.source.shell})`, '');
    out.push(`**原因：** ${x.cause.zh}`, '', `**解决办法：** ${x.fix.zh}`, '');
    out.push('Evidence / 依据:', '', '```json', fence(JSON.stringify(x.evidence, null, 2)), '```', '');
  }
  out.push('## Checks / 检查项', '');
  out.push('| rule | status | note |', '|---|---|---|');
  for (const run of r.runs) out.push(`| ${run.id} | ${run.status} | ${(run.reason ?? '').replace(/\|/g, '/')} |`);
  out.push('');
  return out.join('\n');
}
