import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { runDiagnose } from '../../engine/diagnose';
import { explainErrorText } from '../../engine/diagnose/explain';
import { readSupportBundle, writeSupportBundle } from '../../engine/diagnose/support-bundle';
import { checkEnvironment } from '../../engine/platform';
import type { DiagnoseReport } from '../../../shared/diagnose';
import { pick, type Lang } from '../../../shared/text';

const MARK = { error: 'ERROR', warning: 'WARN ', info: 'info ' } as const;

function printReport(io: CliIO, r: DiagnoseReport, lang: Lang): void {
  const zh = lang === 'zh';
  println(io, `${r.host.platform} · ${r.host.osVersion}${r.host.libc ? ' · ' + r.host.libc : ''} · Go ${r.goVersion ?? '?'} ${r.goroot ? `(${r.goroot})` : zh ? '（未找到）' : '(not found)'}`);
  // cause first: a consequence is indented under the finding that causes it
  for (const x of r.results) {
    const pad = x.causedBy ? '    ' : '';
    const because = x.causedBy ? (zh ? `（由 ${x.causedBy} 引起）` : ` (because of ${x.causedBy})`) : '';
    println(io, `${pad}[${MARK[x.severity]}] ${x.id}: ${pick(x.title, lang)}${because}`);
    println(io, `${pad}        ${zh ? '原因' : 'Cause'}: ${pick(x.cause, lang)}`);
    if (x.source) println(io, `${pad}        ${zh ? '设置位置' : 'Set in'}: ${x.source.file}:${x.source.line} (${x.source.variable}, ${x.source.shell})`);
    println(io, `${pad}        ${zh ? '解决办法' : 'Fix'}: ${pick(x.fix, lang)}`);
  }
  const ran = r.runs.filter((x) => x.status !== 'skipped').length;
  const notApplied = r.runs.length - ran;
  const problems = r.results.filter((x) => x.severity !== 'info').length;
  const counted = zh ? `共 ${r.runs.length} 项检查：运行 ${ran} 项，${notApplied} 项不适用` : `${r.runs.length} checks: ${ran} ran, ${notApplied} did not apply`;
  const lead = r.rootCauses?.length ? (zh ? `；首要原因：${r.rootCauses.join('、')}` : `; root cause first: ${r.rootCauses.join(', ')}`) : '';
  println(
    io,
    r.healthy
      ? zh
        ? `未发现问题（${counted}）。`
        : `No problems found (${counted}).`
      : zh
        ? `发现 ${problems} 个问题（${counted}）${lead}。`
        : `${problems} problem(s) found (${counted})${lead}.`,
  );
}

/**
 * `go-offline diagnose [--project DIR]... [--support-bundle FILE] [--json]`: find known causes of a
 * failed install (exit 0 healthy, 1 problems found, 2 bad input). Also `--explain TEXT` (match a
 * pasted error message; `-` reads stdin) and `--open-support-bundle FILE` (support staff: show a
 * received bundle's report without running anything from it).
 */
export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  program
    .command('diagnose')
    .description(zh ? '自动查找安装失败的已知原因，并生成或打开支持包' : 'Find known causes of a failed install; write or open support bundles')
    .option('--project <dir>', 'check a Go project against the installed Go (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--prefix <dir>', 'the folder holding go/ (default: the remembered install, then PATH)')
    .option('--support-bundle <file>', 'also write a support bundle with secrets removed: FILE exactly as named, or in a folder go-offline-support-<date>.gosupport (a gzip tar)')
    .option('--remove-user-names', 'in the support bundle, also replace your user name and home folder in paths')
    .option('--explain <text>', 'explain a pasted error message ("-" reads it from stdin)')
    .option('--open-support-bundle <file>', 'show the report inside a received support bundle (runs nothing from it)')
    .option('--no-network', 'do not ask whether the network and GOPROXY answer')
    .option('--json', 'print one JSON document')
    .action(
      async (opts: {
        project: string[];
        prefix?: string;
        supportBundle?: string;
        removeUserNames?: boolean;
        explain?: string;
        openSupportBundle?: string;
        network: boolean;
        json?: boolean;
      }) => {
        await runAction(io, opts, async (job) => {
          const lang = io.lang;
          if (opts.explain !== undefined) {
            const text = opts.explain === '-' ? readFileSync(0, 'utf8') : opts.explain;
            // the same function the app's "Explain" calls: the matches, each matched rule run here to confirm it
            const explained = await explainErrorText({ text, env: io.env, probeNetwork: opts.network, signal: job.signal });
            const { matches, confirmations } = explained;
            if (opts.json) printJson(io, explained);
            else if (!matches.length) println(io, pick(explained.told!, lang));
            else
              for (const m of matches) {
                const c = confirmations.find((x) => x.rule === m.rule);
                const seen = !c ? '' : c.status === 'fired' ? (zh ? '（本机检查：确认存在）' : ' (checked on this machine: found)') : c.status === 'ok' ? (zh ? '（本机检查：未发现）' : ' (checked on this machine: not found here)') : zh ? '（本机检查：不适用）' : ' (checked on this machine: did not apply)';
                println(io, `${m.id}: ${pick(m.title, lang)}${m.rule ? `  [rule ${m.rule}]${seen}` : ''}`);
                println(io, `    ${zh ? '匹配' : 'Matched'}: ${m.matched}`);
                println(io, `    ${zh ? '原因' : 'Cause'}: ${pick(m.cause, lang)}`);
                println(io, `    ${zh ? '解决办法' : 'Fix'}: ${pick(m.fix, lang)}`);
              }
            return matches.length ? 0 : 1;
          }
          if (opts.openSupportBundle) {
            const r = await readSupportBundle(opts.openSupportBundle);
            if (opts.json) printJson(io, r);
            else {
              println(io, `${zh ? '支持包' : 'Support bundle'}: ${r.path} (${r.manifest.createdAt}, ${r.manifest.toolVersion})`);
              for (const w of r.warnings) println(io, `[WARN ] ${w}`);
              printReport(io, r.report, lang);
              println(io, `${zh ? '文件' : 'Files'}: ${r.files.map((f) => f.path).join(', ')}`);
            }
            return r.report.healthy ? 0 : 1;
          }
          const envReport = await checkEnvironment({ env: io.env, probeNetwork: opts.network, probeUrl: io.env.GO_OFFLINE_PROBE_URL, signal: job.signal });
          // the current folder counts as a project when it holds a go.mod
          const here = process.cwd();
          const projects = [...opts.project];
          if (existsSync(join(here, 'go.mod')) && !projects.some((p) => resolve(p) === here)) projects.push(here);
          const report = await runDiagnose({
            env: io.env,
            projects,
            prefix: opts.prefix,
            probeNetwork: opts.network,
            envReport,
            signal: job.signal,
            onRule: (id, i, n) => job.progress({ phase: 'diagnose', file: id, done: i, total: n, overallDone: i, overallTotal: n, unit: 'items', speed: 0, etaSeconds: null }),
          });
          let bundle: { path: string } | null = null;
          if (opts.supportBundle) bundle = await writeSupportBundle({ env: io.env, out: opts.supportBundle, report, envReport, removeUserNames: !!opts.removeUserNames });
          if (opts.json) printJson(io, bundle ? { ...report, supportBundle: bundle.path } : report);
          else {
            printReport(io, report, lang);
            if (bundle) println(io, `${zh ? '支持包已保存到' : 'Support bundle saved to'} ${bundle.path}`);
          }
          return report.healthy ? 0 : 1;
        });
      },
    );
}
