import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { AppError } from '../../../shared/errors';
import { startRelay, verifyBundle } from '../../engine/bundle';

/** `go-offline serve DIR [--host ADDR] [--port N]`: relay mode, read-only HTTP. */
export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  program
    .command('serve')
    .description(zh ? '通过 HTTP 只读共享离线包（中转模式）' : 'Serve a bundle read-only over HTTP (relay mode)')
    .argument('<dir>')
    .option('--host <addr>', 'address to listen on (0.0.0.0 exposes it on the network)', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', '8080')
    .option('--no-verify', 'skip checking every file before serving')
    .option('--json', 'print the URLs as one JSON document when ready')
    .action(async (dir: string, opts: { host: string; port: string; verify: boolean; json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('BAD_USAGE', { message: `--port must be 0-65535, not ${opts.port}` });
        const root = resolve(dir);
        if (opts.verify) await verifyBundle(root, { job });
        const relay = await startRelay({
          dir: root,
          host: opts.host,
          port,
          onRequest: (l) => io.stderr.write(`${l.status} ${l.method} ${l.path}\n`),
        });
        const local = /^(127\.|::1$|localhost$)/.test(opts.host);
        if (opts.json) printJson(io, { urls: relay.urls, url: relay.url, goproxy: relay.goproxy, host: relay.host, port: relay.port, dir: root });
        else {
          println(io, (zh ? `正在只读共享 ${root}：` : `Serving ${root} read-only at:`));
          for (const u of relay.urls) println(io, `  ${u}`);
          if (local) println(io, zh ? '  （仅本机可访问；要让其他机器访问请加 --host 0.0.0.0）' : '  (this machine only; add --host 0.0.0.0 to let other machines in)');
          else println(io, zh ? '  注意：局域网内的其他机器都可以读取这些文件' : '  Note: other machines on the network can read these files');
          println(io, zh ? '在目标机器上：' : 'On a target machine:');
          println(io, `  go-offline install --bundle ${relay.url}`);
          println(io, `  curl -fsSO ${relay.url}install.sh && sh install.sh --from ${relay.url}`);
          if (relay.goproxy) println(io, `  export GOPROXY=${relay.goproxy}`);
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
