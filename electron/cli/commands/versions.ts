import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { InstallScope } from '../../../shared/install';
import type { CliIO } from '../io';
import { confirm, printJson, println } from '../io';
import { runAction } from '../action';
import { listVersions, recoverInstalls, useVersion, versionName } from '../../engine/install';
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

  program
    .command('use')
    .argument('<version>', 'an installed Go version, e.g. go1.22.12 or 1.22.12')
    .description(zh ? '把已并列安装的 Go 版本设为默认版本（原默认版本移到旁边，不重新解压）' : 'Make an installed side-by-side Go version the default one (the current default moves beside it; nothing is unpacked again)')
    .option('--scope <scope>', 'user or system')
    .option('--prefix <dir>', 'the install prefix (default: the remembered one)')
    .option('--yes', 'answer yes to every confirmation')
    .option('--json', 'print the result as JSON')
    .action(async (v: string, opts: { scope?: InstallScope; prefix?: string; yes?: boolean; json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        if (opts.scope && opts.scope !== 'user' && opts.scope !== 'system') throw new AppError('BAD_USAGE', { message: `--scope must be "user" or "system", not "${String(opts.scope)}"` });
        const version = versionName(v);
        const prefix = opts.prefix ? resolve(opts.prefix) : undefined;
        await recoverInstalls({ scope: opts.scope, prefix, env: io.env });
        const listed = await listVersions({ scope: opts.scope, prefix, env: io.env });
        const def = listed?.versions.find((x) => x.isDefault);
        const target = listed?.versions.find((x) => x.version === version);
        if (target && !target.isDefault && def) await confirm(io, zh ? `把 ${version} 设为默认的 Go（${def.goroot}），当前默认的 ${def.version} 移到旁边？` : `Make ${version} the default Go (${def.goroot}) and move the current default ${def.version} beside it?`, !!opts.yes);
        const r = await useVersion({ version, scope: opts.scope ?? listed?.scope, prefix, env: io.env, job });
        if (opts.json) printJson(io, r);
        else if (!r.changed) println(io, zh ? `${r.version} 已经是默认的 Go（${r.goroot}）` : `${r.version} already is the default Go (${r.goroot})`);
        else {
          println(io, zh ? `默认的 Go 现在是 ${r.version}（${r.goroot}）` : `The default Go is now ${r.version} (${r.goroot})`);
          if (r.previousDefault) println(io, zh ? `  ${r.previousDefault.version} 移到了 ${r.previousDefault.goroot}，命令 ${r.previousDefault.wrapper}` : `  ${r.previousDefault.version} moved to ${r.previousDefault.goroot}, command ${r.previousDefault.wrapper}`);
          for (const f of r.environment) println(io, zh ? `  已更新 GOTOOLCHAIN：${f}` : `  GOTOOLCHAIN updated in ${f}`);
          if (r.environment.length) println(io, zh ? '请打开新的终端，使设置生效。' : 'Open a new terminal so that your shell reads the new settings.');
        }
        return 0;
      });
    });
}
