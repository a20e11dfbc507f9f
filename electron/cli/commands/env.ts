import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { writeJsonAtomic } from '../../engine/atomic';
import { checkEnvironment } from '../../engine/platform';
import { pick } from '../../../shared/text';
import type { Verdict } from '../../../shared/platform';

const MARK: Record<Verdict, string> = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL', info: 'info' };

/** `go-offline env [--json] [--save-profile FILE]`: step 1, the environment check. */
export function register(program: Command, io: CliIO): void {
  program
    .command('env')
    .description(io.lang === 'zh' ? '检查本机环境（步骤 1）' : 'Check this machine (step 1)')
    .option('--json', 'print the report as JSON')
    .option('--save-profile <file>', 'save the report as a target profile for preparing media elsewhere')
    .option('--no-network', 'do not probe the Go download site')
    .action(async (opts: { json?: boolean; saveProfile?: string; network: boolean }) => {
      await runAction(io, opts, async (job) => {
        const report = await checkEnvironment({ env: io.env, probeNetwork: opts.network, probeUrl: io.env.GO_OFFLINE_PROBE_URL, signal: job.signal });
        if (opts.saveProfile) await writeJsonAtomic(resolve(opts.saveProfile), report);
        if (opts.json) printJson(io, report);
        else {
          const l = io.lang;
          println(io, `${report.host.distro?.prettyName ?? report.host.os} · ${report.host.platform} · ${report.libc.family} ${report.libc.version ?? ''}`.trim());
          for (const f of report.findings) {
            println(io, `[${MARK[f.verdict]}] ${pick(f.title, l)}: ${pick(f.detail, l)}`);
            if (f.fix && (f.verdict === 'warn' || f.verdict === 'fail')) println(io, `       ${l === 'zh' ? '解决办法' : 'Fix'}: ${pick(f.fix, l)}`);
          }
          if (opts.saveProfile) println(io, (l === 'zh' ? '目标配置已保存到 ' : 'Target profile saved to ') + resolve(opts.saveProfile));
        }
        return report.findings.some((f) => f.verdict === 'fail') ? 1 : 0;
      });
    });
}
