import { basename } from 'node:path';
import type { Command } from 'commander';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { signatureLines } from '../checked';
import { downloadVersion } from '../../engine/download/release';
import { loadSettings } from '../../engine/settings';
import { formatBytes } from '../../../shared/format';
import { AppError } from '../../../shared/errors';

const collect = (v: string, prev: string[]) => [...prev, v];

/** `go-offline download VERSION --platform OS-ARCH [...] [--mirror URL] --out DIR [--json]`: step 3. */
export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  program
    .command('download')
    .description(zh ? '下载并校验 Go 压缩包（步骤 3）' : 'Download and verify Go archives (step 3)')
    .argument('<version>', zh ? 'Go 版本，例如 1.22.5 或 go1.22.5' : 'Go version, e.g. 1.22.5 or go1.22.5')
    .option('--platform <os-arch>', zh ? '目标平台，例如 linux-amd64（可重复）' : 'target platform such as linux-amd64 (repeatable)', collect, [])
    .option('--mirror <url>', zh ? '镜像地址（可重复，按顺序尝试）' : 'mirror base like https://go.dev/dl/ (repeatable, tried in order)', collect, [])
    .requiredOption('--out <dir>', zh ? '保存位置' : 'folder to save the files in')
    .option('--listing-file <file>', zh ? '网络不可用时使用的版本列表文件' : 'a listing file to use when no mirror answers')
    .option('--accept-missing-sha256', zh ? '接受没有 SHA-256 校验值的旧版本（有风险）' : 'accept archives without a SHA-256 in the listing (risky; very old releases)')
    .option('--key-file <file>', zh ? 'Go 签名公钥文件' : 'the Go signing key file (linux_signing_key.pub) instead of fetching it')
    .option('--no-signature', zh ? '不检查 OpenPGP 签名' : 'do not check OpenPGP signatures')
    .option('--require-signature', zh ? '没有发布 OpenPGP 签名的文件视为失败（默认取自设置）' : 'fail a file that has no published OpenPGP signature instead of checking its SHA-256 only (default: the requireSignature setting)')
    .option('--parallel <n>', zh ? '同时下载的文件数' : 'files downloaded at the same time', '3')
    .option('--json', zh ? '以 JSON 输出' : 'print JSON')
    .action(
      async (
        version: string,
        opts: { platform: string[]; mirror: string[]; out: string; listingFile?: string; acceptMissingSha256?: boolean; keyFile?: string; signature: boolean; requireSignature?: boolean; parallel: string; json?: boolean },
      ) => {
        await runAction(io, opts, async (job) => {
          if (opts.platform.length === 0) throw new AppError('BAD_USAGE', { message: zh ? '至少需要一个 --platform' : 'at least one --platform OS-ARCH is required' });
          const parallel = Number(opts.parallel);
          if (!Number.isInteger(parallel) || parallel < 1 || parallel > 16) throw new AppError('BAD_USAGE', { message: '--parallel must be a number from 1 to 16' });
          if (opts.acceptMissingSha256) {
            const msg = zh ? '警告：已接受没有 SHA-256 校验值的文件，无法发现损坏或篡改。' : 'WARNING: files without a SHA-256 are accepted; damage or tampering cannot be noticed.';
            io.stderr.write((io.stderr.isTTY ? `\x1b[31m${msg}\x1b[0m` : msg) + '\n');
          }
          const settings = await loadSettings(io.env);
          const requireSignature = !!opts.requireSignature || settings.requireSignature;
          if (requireSignature && !opts.signature) throw new AppError('BAD_USAGE', { message: zh ? '--require-signature 与 --no-signature 不能同时使用（或关闭“要求签名”设置）' : '--require-signature and --no-signature contradict each other (or turn the requireSignature setting off)' });
          const result = await downloadVersion({
            version,
            platforms: opts.platform,
            outDir: opts.out,
            mirrors: opts.mirror,
            listingFile: opts.listingFile,
            acceptMissingSha256: !!opts.acceptMissingSha256,
            signature: opts.signature ? { mode: requireSignature ? 'require' : 'auto', keyFile: opts.keyFile ?? settings.signingKeyFile } : { mode: 'off' },
            parallel,
            job,
            env: io.env,
          });
          if (opts.json) {
            printJson(io, result);
            return 0;
          }
          const sigText: Record<string, string> = zh
            ? { verified: '签名已验证', 'not-published': '未发布签名', 'not-checked': '未检查签名', bad: '签名错误' }
            : { verified: 'signature verified', 'not-published': 'no signature published', 'not-checked': 'signature not checked', bad: 'bad signature' };
          for (const f of result.files) {
            println(io, `ok  ${f.path}  ${formatBytes(f.size, io.lang)}  sha256 ${f.sha256}  ${sigText[f.signature] ?? f.signature}`);
          }
          for (const l of signatureLines(result.files.map((f) => ({ name: basename(f.path), signature: f.signature })), io.lang)) println(io, l);
          return 0;
        });
      },
    );
}
