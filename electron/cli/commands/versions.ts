import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { InstallScope } from '../../../shared/install';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { listVersions, recoverInstalls } from '../../engine/install';
import { resolve } from 'node:path';

/** `go-offline versions`: the Go versions this installer put here, which is the default, and their state. */
export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  program
    .command('versions')
    .description(zh ? '列出已安装的 Go 版本（哪个是默认版本、位置、检查结果）' : 'List the installed Go versions: which is the default, where, and whether their files are intact')
    .option('--scope <scope>', 'user or system')
    .option('--prefix <dir>', 'the install prefix (default: the remembered one)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { scope?: InstallScope; prefix?: string; json?: boolean }) => {
      await runAction(io, opts, async () => {
        if (opts.scope && opts.scope !== 'user' && opts.scope !== 'system') throw new AppError('BAD_USAGE', { message: `--scope must be "user" or "system", not "${String(opts.scope)}"` });
        const prefix = opts.prefix ? resolve(opts.prefix) : undefined;
        await recoverInstalls({ scope: opts.scope, prefix, env: io.env });
        const r = await listVersions({ scope: opts.scope, prefix, env: io.env });
        if (!r) throw new AppError('INSTALL_NOTHING_INSTALLED', { scope: opts.scope ?? 'user', prefixNote: prefix ? ` (${prefix})` : '' });
        if (opts.json) {
          printJson(io, r);
          return r.versions.every((v) => v.state === 'ok') ? 0 : 1;
        }
        const stateWord = (s: string) => (zh ? { ok: '文件完好', changed: '文件有变化', missing: '不存在', 'not-checked': '未检查' } : { ok: 'files intact', changed: 'files changed', missing: 'missing', 'not-checked': 'not checked' })[s as 'ok'] ?? s;
        for (const v of r.versions) {
          println(io, `${v.isDefault ? '* ' : '  '}${v.version.padEnd(12)} ${v.goroot}  ${zh ? (v.isDefault ? '（默认）' : `命令 ${v.wrapper}`) : v.isDefault ? '(default)' : `command ${v.wrapper}`}  [${stateWord(v.state)}]`);
          for (const p of v.problems) println(io, `      ${p}`);
        }
        println(
          io,
          r.onPath
            ? zh
              ? `GOTOOLCHAIN=${r.gotoolchain}：go.mod 要求较新的已安装版本时，go 会从 PATH 中的 ${r.wrappersDir} 运行对应的 go1.X.Y。`
              : `GOTOOLCHAIN=${r.gotoolchain}: when a go.mod asks for a newer installed version, go runs its go1.X.Y from ${r.wrappersDir} on PATH.`
            : zh
              ? `默认的 Go 早于 1.21（或不在此范围）：它不会切换版本；${r.wrappersDir} 不在 PATH 中，请直接运行其中的命令。`
              : `The default Go is older than 1.21 (or not in this scope): it does not switch versions; ${r.wrappersDir} is not on PATH, run its commands directly.`,
        );
        return r.versions.every((v) => v.state === 'ok') ? 0 : 1;
      });
    });
}
