import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { choiceOption, systemListOption, trustScope } from '../options';
import { AppError } from '../../../shared/errors';
import { signatureClock, signaturePolicy, type KeyListing } from '../../../shared/signing';
import { loadSettings, saveSettings } from '../../engine/settings';
import {
  effectivePolicy,
  exportOwnPublicKey,
  formatFingerprint,
  generateOwnKey,
  importOwnKey,
  listOwnKeys,
  listTrusted,
  removeOwnKey,
  setSystemPolicy,
  systemPolicyPath,
  trustKeyFile,
  trustListPath,
  untrustKey,
} from '../../engine/signing';

/** The passphrase of a key: --passphrase-file (first line) or GO_OFFLINE_KEY_PASSPHRASE; none otherwise. */
export async function passphraseFrom(io: CliIO, file?: string): Promise<string | undefined> {
  if (file) {
    try {
      return (await readFile(resolve(file), 'utf8')).split(/\r?\n/)[0];
    } catch (err) {
      throw new AppError('FILE_NOT_READABLE', { path: resolve(file) }, String(err));
    }
  }
  return io.env.GO_OFFLINE_KEY_PASSPHRASE || undefined;
}

function keyLine(k: KeyListing, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  const where = { own: zh ? '自己的（可签名）' : 'own (signs)', 'trusted-user': zh ? '用户信任' : 'trusted (user)', 'trusted-system': zh ? '系统信任' : 'trusted (system)' }[k.where];
  const state = k.revoked ? (zh ? ' · 已吊销' : ' · REVOKED') : k.expiresAt && Date.parse(k.expiresAt) <= Date.now() ? (zh ? ` · 已于 ${k.expiresAt} 过期` : ` · expired ${k.expiresAt}`) : k.expiresAt ? (zh ? ` · 有效期至 ${k.expiresAt}` : ` · expires ${k.expiresAt}`) : '';
  const prot = k.where === 'own' ? (k.protected ? (zh ? ' · 有密码' : ' · passphrase') : zh ? ' · 无密码' : ' · no passphrase') : '';
  return `${formatFingerprint(k.fingerprint)}  ${k.userIds.join(', ')}  [${where}${state}${prot}]`;
}

/** `go-offline keys …`: the preparer's own signing keys, the keys this machine trusts, the signature policy. */
export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  const keys = program.command('keys').description(zh ? '签名密钥：自己的密钥、本机信任的密钥、签名策略' : 'Signing keys: your own, the ones this machine trusts, and the signature policy');

  keys
    .command('generate')
    .description(zh ? '生成用于签署离线包的密钥' : 'Generate a key that signs the bundles you create')
    .requiredOption('--name <name>', zh ? '您的姓名或团队名' : 'your name or team')
    .option('--email <email>', zh ? '电子邮箱' : 'e-mail address')
    .option('--passphrase-file <file>', zh ? '密码文件（第一行；也可用 GO_OFFLINE_KEY_PASSPHRASE）' : 'passphrase (first line of FILE; or GO_OFFLINE_KEY_PASSPHRASE); none: the key is stored unencrypted, 0600')
    .option('--expires-days <n>', zh ? '有效天数（默认不过期）' : 'days until the key expires (default: never)')
    .option('--json', 'print the key as JSON')
    .action(async (opts: { name: string; email?: string; passphraseFile?: string; expiresDays?: string; json?: boolean }) => {
      await runAction(io, opts, async () => {
        const days = opts.expiresDays !== undefined ? Number(opts.expiresDays) : 0;
        if (!Number.isInteger(days) || days < 0) throw new AppError('BAD_USAGE', { message: '--expires-days must be a whole number of days' });
        const k = await generateOwnKey({ name: opts.name, email: opts.email, passphrase: await passphraseFrom(io, opts.passphraseFile), expiresInSeconds: days * 86400, env: io.env });
        const settings = await loadSettings(io.env);
        if (!settings.bundleSigningKey) await saveSettings({ bundleSigningKey: k.fingerprint }, io.env);
        if (opts.json) printJson(io, k);
        else {
          println(io, keyLine(k, io.lang));
          println(io, zh ? `  私钥保存在 ${k.path}（仅您可读）` : `  private key stored in ${k.path} (readable by you only)`);
          println(io, zh ? `  把公钥交给离线机器：go-offline keys export ${k.fingerprint.slice(-16)} --out signer-key.asc；电话中念出的指纹：${formatFingerprint(k.fingerprint)}` : `  give the public key to offline machines: go-offline keys export ${k.fingerprint.slice(-16)} --out signer-key.asc; the fingerprint to read over the phone: ${formatFingerprint(k.fingerprint)}`);
        }
        return 0;
      });
    });

  keys
    .command('list')
    .description(zh ? '列出自己的密钥和本机信任的密钥' : 'List your own keys and the keys this machine trusts')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      await runAction(io, opts, async () => {
        const all = [...(await listOwnKeys(io.env)), ...(await listTrusted(io.env))];
        if (opts.json) printJson(io, all);
        else if (all.length === 0) println(io, zh ? '没有密钥。用 go-offline keys generate 生成，或用 go-offline keys trust 信任制作者的密钥。' : 'No keys. Make one with go-offline keys generate, or trust a preparer’s with go-offline keys trust.');
        else for (const k of all) println(io, keyLine(k, io.lang));
        return 0;
      });
    });

  keys
    .command('export')
    .description(zh ? '导出自己密钥的公钥（ASCII 格式）' : 'Export the public half of one of your keys (ASCII-armoured)')
    .argument('<fingerprint>', zh ? '指纹（或其末尾 16 位以上）' : 'fingerprint (or its last 16+ digits)')
    .option('--out <file>', zh ? '写入文件（默认输出到标准输出）' : 'write to FILE (default: standard output)')
    .action(async (fpr: string, opts: { out?: string }) => {
      await runAction(io, {}, async () => {
        const text = await exportOwnPublicKey(fpr, io.env);
        if (opts.out) {
          await writeFile(resolve(opts.out), text);
          println(io, zh ? `公钥已写入 ${resolve(opts.out)}` : `Public key written to ${resolve(opts.out)}`);
        } else io.stdout.write(text);
        return 0;
      });
    });

  keys
    .command('import')
    .description(zh ? '导入密钥文件：公钥加入信任列表，私钥加入自己的密钥' : 'Import a key file: public keys are trusted (revocations merged), a private key becomes one of yours')
    .argument('<file>')
    .option(...systemListOption(zh))
    .option('--json', 'print as JSON')
    .action(async (file: string, opts: { system?: boolean; json?: boolean }) => {
      await runAction(io, opts, async () => {
        const path = resolve(file);
        const text = await readFile(path, 'utf8').catch((err: unknown) => {
          throw new AppError('FILE_NOT_READABLE', { path }, String(err));
        });
        const out = text.includes('PRIVATE KEY BLOCK')
          ? [
              await importOwnKey(text, io.env).catch((err: unknown) => {
                throw new AppError('KEY_FILE_INVALID', { path, message: (err as Error).message });
              }),
            ]
          : await trustKeyFile({ path, scope: trustScope(opts), env: io.env });
        if (opts.json) printJson(io, out);
        else for (const k of out) println(io, keyLine(k, io.lang));
        return 0;
      });
    });

  keys
    .command('trust')
    .description(zh ? '核对电话中念出的指纹后信任制作者的公钥' : 'Trust a preparer’s public key after checking the fingerprint they read to you')
    .requiredOption('--fingerprint <fingerprint>', zh ? '对方念出的指纹（空格随意）' : 'the fingerprint as read over the phone (spaces ignored)')
    .requiredOption('--file <file>', zh ? '公钥文件，例如介质上的 signer-key.asc' : 'the public key file, e.g. signer-key.asc on the media')
    .option(...systemListOption(zh))
    .option('--json', 'print as JSON')
    .action(async (opts: { fingerprint: string; file: string; system?: boolean; json?: boolean }) => {
      await runAction(io, opts, async () => {
        const scope = trustScope(opts);
        const out = await trustKeyFile({ path: resolve(opts.file), scope, fingerprint: opts.fingerprint, env: io.env });
        if (opts.json) printJson(io, out);
        else {
          for (const k of out) println(io, (zh ? '已信任：' : 'Trusted: ') + keyLine(k, io.lang));
          println(io, zh ? `  信任列表：${trustListPath(scope, io.env)}` : `  list: ${trustListPath(scope, io.env)}`);
        }
        return 0;
      });
    });

  keys
    .command('remove')
    .description(zh ? '删除自己的密钥，或从信任列表中移除' : 'Remove one of your keys, or a key from a trusted list')
    .argument('<fingerprint>')
    .option('--trusted', zh ? '从用户信任列表中移除' : 'from your trusted list')
    .option('--system', zh ? '从系统信任列表中移除（管理员）' : 'from the machine-wide trusted list (administrators)')
    .action(async (fpr: string, opts: { trusted?: boolean; system?: boolean }) => {
      await runAction(io, {}, async () => {
        if (opts.trusted || opts.system) {
          const scope = trustScope(opts);
          await untrustKey({ fingerprint: fpr, scope, env: io.env });
          println(io, zh ? `已从 ${trustListPath(scope, io.env)} 移除 ${fpr}` : `Removed ${fpr} from ${trustListPath(scope, io.env)}`);
        } else {
          const k = await removeOwnKey(fpr, io.env);
          const settings = await loadSettings(io.env);
          if (settings.bundleSigningKey === k.fingerprint) await saveSettings({ bundleSigningKey: null }, io.env);
          println(io, zh ? `已删除自己的密钥 ${formatFingerprint(k.fingerprint)}` : `Removed your key ${formatFingerprint(k.fingerprint)}`);
        }
        return 0;
      });
    });

  keys
    .command('policy')
    .description(zh ? '查看或设置离线包签名策略（off / warn / require）' : 'Show or set the bundle signature policy (off / warn / require)')
    .argument('[policy]', 'off, warn or require')
    .option('--clock <mode>', zh ? 'signing-time（按签名时间判断，默认）或 this-clock（以本机时钟为准）' : 'signing-time (judge keys as of signing, default) or this-clock (this machine’s clock decides)')
    .option('--system', zh ? '为整台机器设置（管理员，优先于用户设置）' : 'for the whole machine (administrators; wins over users’ settings)')
    .option('--json', 'print as JSON')
    .action(async (policy: string | undefined, opts: { clock?: string; system?: boolean; json?: boolean }) => {
      await runAction(io, opts, async () => {
        const p = choiceOption(signaturePolicy.options, policy, 'the policy');
        const c = choiceOption(signatureClock.options, opts.clock, '--clock');
        const patch = { ...(p ? { signaturePolicy: p } : {}), ...(c ? { signatureClock: c } : {}) };
        if (Object.keys(patch).length) {
          if (opts.system) await setSystemPolicy(patch, io.env);
          else await saveSettings(patch, io.env);
        }
        const eff = await effectivePolicy(io.env);
        if (opts.json) printJson(io, { ...eff, systemPolicyFile: systemPolicyPath(io.env) });
        else {
          const from = { system: zh ? `管理员（${systemPolicyPath(io.env)}）` : `the administrator (${systemPolicyPath(io.env)})`, user: zh ? '您的设置' : 'your settings', default: zh ? '默认值' : 'the default', option: '' }[eff.policyFrom];
          println(io, zh ? `签名策略：${eff.policy}（来自${from}）；时间判断：${eff.clock}` : `Signature policy: ${eff.policy} (from ${from}); time judged by: ${eff.clock}`);
          if (!opts.system && Object.keys(patch).length && eff.policyFrom === 'system') println(io, zh ? '  注意：管理员的系统策略优先，您的设置在本机不起作用。' : '  Note: the administrator’s system policy wins; your setting has no effect on this machine.');
        }
        return 0;
      });
    });
}
