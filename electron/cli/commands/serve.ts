import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { AppError } from '../../../shared/errors';
import { startRelay, verifyBundle } from '../../engine/bundle';
import { formatAccessLine } from '../../engine/bundle/relay-status';
import { loadSettings } from '../../engine/settings';
import { logDir } from '../../engine/logs';

function whole(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < min || n > max) throw new AppError('BAD_USAGE', { message: `${name} must be a whole number ${min}-${max}, not ${raw}` });
  return n;
}

/** `go-offline serve DIR [--host ADDR] [--port N] [--max-transfers N] [--stall-timeout S]`: relay mode, read-only HTTP. */
export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  program
    .command('serve')
    .description(zh ? '通过 HTTP 只读共享离线包（中转模式）' : 'Serve a bundle read-only over HTTP (relay mode)')
    .argument('<dir>')
    .option('--host <addr>', zh ? '监听地址（0.0.0.0 表示向网络开放）' : 'address to listen on (0.0.0.0 exposes it on the network)', '127.0.0.1')
    .option('--port <n>', zh ? '端口（0：任意空闲端口）' : 'port (0: any free port)', '8080')
    .option('--max-transfers <n>', zh ? '同时发送的安装包数上限（默认取设置 relayMaxTransfers，即 8）；更多的请求会被告知稍后重试' : 'archives sent at once (default: the relayMaxTransfers setting, 8); more are told to retry shortly')
    .option('--stall-timeout <seconds>', zh ? '客户端停止读取多少秒后断开它（默认 60）' : 'seconds a client may stop reading before it is disconnected (default 60)')
    .option('--no-verify', zh ? '共享前不检查每个文件' : 'skip checking every file before serving')
    .option('--json', zh ? '就绪时以一个 JSON 文档输出地址（访问日志改到标准错误输出）' : 'print the URLs as one JSON document when ready (the access log then goes to stderr)')
    .action(async (dir: string, opts: { host: string; port: string; maxTransfers?: string; stallTimeout?: string; verify: boolean; json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        const port = whole('--port', opts.port, 0, 65535);
        const maxTransfers = opts.maxTransfers !== undefined ? whole('--max-transfers', opts.maxTransfers, 1, 1024) : (await loadSettings(io.env)).relayMaxTransfers;
        const stallTimeoutMs = opts.stallTimeout !== undefined ? whole('--stall-timeout', opts.stallTimeout, 1, 86400) * 1000 : undefined;
        const root = resolve(dir);
        if (opts.verify) await verifyBundle(root, { job });
        // the access log: stdout, unless stdout carries the --json document
        const out = opts.json ? io.stderr : io.stdout;
        const relay = await startRelay({
          dir: root,
          host: opts.host,
          port,
          maxTransfers,
          stallTimeoutMs,
          accessLogFile: join(logDir(io.env), 'relay-access.log'),
          onAccess: (l) => out.write(formatAccessLine(l) + '\n'),
        });
        const local = /^(127\.|::1$|localhost$)/.test(opts.host);
        const { limits } = relay;
        if (opts.json)
          printJson(io, { urls: relay.urls, url: relay.url, goproxy: relay.goproxy, host: relay.host, port: relay.port, dir: root, status: relay.statusUrl, statusJson: `${relay.statusUrl}.json`, accessLog: relay.accessLogFile, limits });
        else {
          println(io, zh ? `正在只读共享 ${root}：` : `Serving ${root} read-only at:`);
          for (const u of relay.urls) println(io, `  ${u}`);
          if (local) println(io, zh ? '  （仅本机可访问；要让其他机器访问请加 --host 0.0.0.0）' : '  (this machine only; add --host 0.0.0.0 to let other machines in)');
          else println(io, zh ? '  注意：局域网内的其他机器都可以读取这些文件' : '  Note: other machines on the network can read these files');
          println(io, zh ? '在目标机器上：' : 'On a target machine:');
          println(io, `  go-offline install --bundle ${relay.url}`);
          println(io, `  curl -fsSO ${relay.url}install.sh && sh install.sh --from ${relay.url}`);
          if (relay.goproxy) println(io, `  export GOPROXY=${relay.goproxy}`);
          println(io, zh ? `状态页（谁下载了什么）：${relay.statusUrl}（JSON：${relay.statusUrl}.json）` : `Status page (who pulled what): ${relay.statusUrl} (JSON: ${relay.statusUrl}.json)`);
          println(io, zh ? `访问日志：${relay.accessLogFile}（同时逐行显示在下方）` : `Access log: ${relay.accessLogFile} (also shown below, one line per request)`);
          println(
            io,
            zh
              ? `同时最多发送 ${limits.maxTransfers} 个安装包，更多的客户端会被告知稍后重试；客户端连续 ${limits.stallTimeoutMs / 1000} 秒不读取数据即断开。`
              : `At most ${limits.maxTransfers} archives are sent at once; more clients are told to retry shortly. A client that reads nothing for ${limits.stallTimeoutMs / 1000} s is disconnected.`,
          );
          println(io, zh ? '按 Ctrl-C 停止。' : 'Press Ctrl-C to stop.');
        }
        await new Promise<void>((r) => {
          if (job.signal.aborted) return r();
          job.signal.addEventListener('abort', () => r(), { once: true });
          process.once('SIGTERM', () => r());
        });
        await relay.close();
        return 0;
      });
    });
}
