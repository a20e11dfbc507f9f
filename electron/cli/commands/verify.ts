import type { Command } from 'commander';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { verifyInstall } from '../../engine/verify';
import { resolveVerifyTarget } from '../../engine/verify/target';
import { pick } from '../../../shared/text';
import type { Verdict } from '../../../shared/platform';

const MARK: Record<Verdict, string> = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL', info: 'info' };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `go-offline verify [--prefix DIR] [--project DIR]... [--json]`: step 7, prove the install works offline. */
export function register(program: Command, io: CliIO): void {
  program
    .command('verify')
    .description(io.lang === 'zh' ? '验证已安装的 Go 能在无网络时工作（步骤 7）' : 'Prove the installed Go works with no network (step 7)')
    .option('--prefix <dir>', 'the install prefix (Go in DIR/go); default: the remembered install, else the go first on PATH')
    .option('--project <dir>', 'a project to build offline with the bundled modules (repeatable)', collect, [] as string[])
    .option('--module-proxy <dir>', 'the local module folder (file proxy) for project builds; default: the one installed')
    .option('--shell <path>', 'the login shell to check (default: $SHELL)')
    .option('--json', 'print the results as JSON')
    .action(async (opts: { prefix?: string; project: string[]; moduleProxy?: string; shell?: string; json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        const target = await resolveVerifyTarget({ prefix: opts.prefix, env: io.env });
        const report = await verifyInstall({
          goroot: target.goroot,
          expectedVersion: target.expectedVersion,
          expectedEnv: target.expectedEnv,
          toolchainsPath: target.toolchainsPath,
          moduleProxy: opts.moduleProxy ?? target.moduleProxy,
          projects: opts.project,
          env: io.env,
          shell: opts.shell,
          job,
          locationNote: target.note,
        });
        if (opts.json) printJson(io, report);
        else {
          const l = io.lang;
          for (const c of report.checks) {
            println(io, `[${MARK[c.verdict]}] ${pick(c.title, l)}: ${pick(c.detail, l)}`);
            if (c.verdict === 'fail' || c.verdict === 'warn') {
              if (c.command) println(io, `       $ ${c.command}`);
              const out = c.output.split('\n').slice(-6).join('\n       ');
              if (out) println(io, `       ${out}`);
              if (c.fix) println(io, `       ${l === 'zh' ? '解决办法' : 'Fix'}: ${pick(c.fix, l)}`);
            }
          }
          const s = report.summary;
          println(
            io,
            l === 'zh'
              ? `${report.ok ? '验证通过' : '验证失败'}：${s.pass} 项通过，${s.warn} 项警告，${s.fail} 项失败。`
              : `${report.ok ? 'Verified' : 'Verification failed'}: ${s.pass} passed, ${s.warn} warnings, ${s.fail} failed.`,
          );
          if (report.resultsPath) println(io, (l === 'zh' ? '结果已保存到 ' : 'Results saved to ') + report.resultsPath);
        }
        return report.ok ? 0 : 1;
      });
    });
}
