import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { choiceOption } from '../options';
import { listedFiles, signatureLines, unsigned, type SignedThing } from '../checked';
import { loadSettings } from '../../engine/settings';
import type { BundleManifest } from '../../../shared/bundle';
import { AppError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { checkBundle, createBundle, describeProblems, ejectDrive, listRemovableDrives, tamperedError, updateBundle } from '../../engine/bundle';
import { formatFingerprint, refusalFor, unlockOwnKey } from '../../engine/signing';
import { signaturePolicy } from '../../../shared/signing';
import { signatureCheckLines } from '../signature-words';
import { passphraseFrom } from './keys';

const collect = (v: string, prev: string[]) => [...prev, v];

/** A bundle's Go archives with the signature status its manifest records. */
const archivesOf = (m: BundleManifest): SignedThing[] => m.files.filter((f) => f.kind === 'archive').map((f) => ({ name: f.path, signature: f.signature?.status }));

/** `go-offline bundle create|verify|drives|eject`: step 4, self-checking bundles. */
type Counts = Record<'added' | 'changed' | 'kept' | 'removed', { files: number; bytes: number }>;
/** What an update did, counted as the wizard's summary counts it ("added 1 file", never "1 files"). */
export function updateCounts(r: Counts, zh: boolean, size: (n: number) => string): string {
  if (zh) return `新增 ${r.added.files} 个文件（${size(r.added.bytes)}），改动 ${r.changed.files} 个（${size(r.changed.bytes)}），保留 ${r.kept.files} 个（${size(r.kept.bytes)}），移除 ${r.removed.files} 个（${size(r.removed.bytes)}）`;
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  return `added ${files(r.added.files)} (${size(r.added.bytes)}), changed ${r.changed.files} (${size(r.changed.bytes)}), kept ${r.kept.files} (${size(r.kept.bytes)}), removed ${r.removed.files} (${size(r.removed.bytes)})`;
}

export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  const bundle = program.command('bundle').description(zh ? '制作和校验离线包（步骤 4）' : 'Create and verify offline bundles (step 4)');

  bundle
    .command('create')
    .description(zh ? '制作离线包：下载、复制、回读校验' : 'Make a bundle: download, copy, read back and check every byte')
    .option('--version <version>', 'Go version, e.g. 1.22.5 or go1.22.5 (repeatable: several versions, each for every platform)', collect, [])
    .option('--platform <os-arch>', 'target platform (repeatable), e.g. linux-amd64', collect, [])
    .option('--mirror <url>', 'download mirror base (repeatable)', collect, [])
    .option('--project <dir>', 'Go project whose modules to carry (repeatable)', collect, [])
    .option('--vendor', 'also carry a vendor/ archive per project')
    .option('--profile <file>', 'target profile saved by `go-offline env --save-profile`')
    .option('--archive <file>', 'an already-downloaded official Go archive (repeatable)', collect, [])
    .requiredOption('--out <dir>', 'destination folder (empty or new), e.g. on a USB drive')
    .option('--split <mode>', 'split files of 4 GiB or more: auto (on FAT32 only), never, always', 'auto')
    .option('--part-size <bytes>', 'size of split parts (default just under 4 GiB)')
    .option('--require-signature', zh ? '没有经过验证的 OpenPGP 签名的归档视为失败（默认取自设置）' : 'fail when an archive has no verified OpenPGP signature instead of checking its SHA-256 only (default: the requireSignature setting)')
    .option('--installers <dir>', 'folder with builds of this app (release/ of "npm run dist"): the right one per target platform goes under installers/ on the media')
    .option('--sign <fingerprint>', zh ? '用自己的密钥签署 manifest.json（默认取自设置 bundleSigningKey）' : 'sign manifest.json with one of your keys (default: the bundleSigningKey setting)')
    .option('--no-sign', zh ? '不签名' : 'do not sign, even when a signing key is set')
    .option('--passphrase-file <file>', zh ? '签名密钥的密码文件（也可用 GO_OFFLINE_KEY_PASSPHRASE）' : 'passphrase of the signing key (first line; or GO_OFFLINE_KEY_PASSPHRASE)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { version: string[]; platform: string[]; mirror: string[]; project: string[]; vendor?: boolean; profile?: string; archive: string[]; out: string; split: string; partSize?: string; installers?: string; requireSignature?: boolean; sign?: string | boolean; passphraseFile?: string; json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        const settings = await loadSettings(io.env);
        const requireSignature = !!opts.requireSignature || settings.requireSignature;
        // the key is unlocked before anything is downloaded: a wrong passphrase costs nothing
        const signWith = opts.sign === false ? null : typeof opts.sign === 'string' ? opts.sign : settings.bundleSigningKey;
        const signKey = signWith ? await unlockOwnKey(signWith, await passphraseFrom(io, opts.passphraseFile), io.env) : null;
        const split = choiceOption(['auto', 'never', 'always'] as const, opts.split, '--split') ?? 'auto';
        const partSize = opts.partSize !== undefined ? Number(opts.partSize) : undefined;
        if (partSize !== undefined && (!Number.isInteger(partSize) || partSize < 1)) throw new AppError('BAD_USAGE', { message: '--part-size must be a positive number of bytes' });
        if (opts.version.length === 0 && opts.archive.length === 0) throw new AppError('BAD_USAGE', { message: 'give --version (and --platform), or --archive FILE' });
        if (opts.platform.length === 0 && !opts.profile && opts.archive.length === 0) throw new AppError('BAD_USAGE', { message: 'give at least one --platform OS-ARCH or a --profile FILE' });
        const result = await createBundle({
          versions: opts.version,
          platforms: opts.platform,
          mirrors: opts.mirror.length ? opts.mirror : undefined,
          archiveFiles: opts.archive,
          projects: opts.project,
          vendor: !!opts.vendor,
          profile: opts.profile,
          outDir: resolve(opts.out),
          env: io.env,
          split,
          partSize,
          installersDir: opts.installers ? resolve(opts.installers) : undefined,
          requireSignature,
          ...(signKey ? { sign: { key: signKey } } : {}),
          job,
        });
        if (opts.json) printJson(io, result);
        else {
          println(io, zh ? `离线包已写入 ${result.outDir}` : `Bundle written to ${result.outDir}`);
          println(io, `  Go ${result.manifest.go.versions.join(', ')} · ${result.manifest.files.filter((f) => f.kind === 'archive').map((f) => `${f.os}-${f.arch}`).join(', ')}`);
          println(io, zh ? `  ${listedFiles(result.files, result.bytes, 'zh')}：每个字节都已回读，SHA-256 全部相符` : `  ${listedFiles(result.files, result.bytes, 'en')}: every byte read back and its SHA-256 matched`);
          for (const l of signatureLines(archivesOf(result.manifest), io.lang)) println(io, `  ${l}`);
          const signer = result.manifest.signer;
          if (signer) println(io, zh ? `  manifest.json 已签名：${signer.userIds.join(', ')} · ${formatFingerprint(signer.fingerprint)}（manifest.json.asc；可用 gpg --verify 检查）` : `  manifest.json signed by ${signer.userIds.join(', ')} · ${formatFingerprint(signer.fingerprint)} (manifest.json.asc; gpg --verify checks it)`);
          else println(io, zh ? '  manifest.json 未签名（用 --sign 或 go-offline keys generate）' : '  manifest.json not signed (use --sign, or go-offline keys generate)');
          if (result.split.length) println(io, (zh ? '  已拆分（FAT32）：' : '  split for FAT32: ') + result.split.join(', '));
          if (result.manifest.modules) println(io, (zh ? '  模块：' : '  modules: ') + `${result.manifest.modules.moduleCount}`);
          const apps = result.manifest.files.filter((f) => f.kind === 'app');
          if (apps.length) println(io, (zh ? '  应用安装程序：' : '  app installers: ') + apps.map((f) => f.path).join(', '));
          for (const w of result.warnings) println(io, `  ${zh ? '注意' : 'Note'}: ${w.detail[zh ? 'zh' : 'en']}`);
          println(io, zh ? `  传输报告（给安全审核人员）：${result.outDir}/transfer-report.html，本机副本：${result.reportCopy}` : `  transfer report (for the security officer): ${result.outDir}/transfer-report.html; your copy: ${result.reportCopy}`);
          println(io, zh ? `  在任何 Linux 上检查：cd ${result.outDir} && sha256sum -c SHA256SUMS` : `  check anywhere: cd ${result.outDir} && sha256sum -c SHA256SUMS`);
        }
        return 0;
      });
    });

  bundle
    .command('update')
    .description(zh ? '就地更新已有的离线包：只写入新增或改动的文件并回读校验' : 'Update a bundle in place: write and read back only what is new or changed')
    .argument('<dir>', zh ? '已有离线包的文件夹' : 'the folder of an existing bundle')
    .option('--add-version <version>', zh ? '添加一个 Go 版本（可重复），用于离线包的每个平台' : 'add a Go version for every platform of the bundle (repeatable)', collect, [])
    .option('--add-platform <os-arch>', zh ? '添加一个平台（可重复），用于离线包的每个版本' : 'add a platform for every Go version of the bundle (repeatable)', collect, [])
    .option('--remove-version <version>', zh ? '移除一个 Go 版本（可重复）' : 'remove a Go version (repeatable)', collect, [])
    .option('--remove-platform <os-arch>', zh ? '移除一个平台（可重复）' : 'remove a platform (repeatable)', collect, [])
    .option('--archive <file>', zh ? '添加一个已下载的官方 Go 归档（可重复）' : 'add an already-downloaded official Go archive (repeatable)', collect, [])
    .option('--project <dir>', zh ? '添加或刷新一个 Go 项目的模块（可重复）' : 'add or refresh the modules of a Go project (repeatable)', collect, [])
    .option('--remove-project <name>', zh ? '移除一个项目（可重复）' : 'remove a project (repeatable)', collect, [])
    .option('--vendor', zh ? '同时为每个新项目附带 vendor/ 归档' : 'also carry a vendor/ archive per added project')
    .option('--mirror <url>', 'download mirror base (repeatable)', collect, [])
    .option('--require-signature', zh ? '新增的归档没有经过验证的 OpenPGP 签名时视为失败' : 'fail when an added archive has no verified OpenPGP signature')
    .option('--sign <fingerprint>', zh ? '用自己的这把密钥重新签名（默认：原签名者的密钥，如果在本机）' : "re-sign with this key of yours (default: the old signer's key when it is on this computer, else the bundleSigningKey setting)")
    .option('--no-sign', zh ? '不签名（更新后的离线包未签名）' : 'do not sign: the updated bundle is unsigned')
    .option('--passphrase-file <file>', zh ? '签名密钥的密码文件（也可用 GO_OFFLINE_KEY_PASSPHRASE）' : 'passphrase of the signing key (first line; or GO_OFFLINE_KEY_PASSPHRASE)')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, opts: { addVersion: string[]; addPlatform: string[]; removeVersion: string[]; removePlatform: string[]; archive: string[]; project: string[]; removeProject: string[]; vendor?: boolean; mirror: string[]; requireSignature?: boolean; sign?: string | boolean; passphraseFile?: string; json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        const settings = await loadSettings(io.env);
        const result = await updateBundle({
          dir: resolve(dir),
          addVersions: opts.addVersion,
          addPlatforms: opts.addPlatform,
          removeVersions: opts.removeVersion,
          removePlatforms: opts.removePlatform,
          archiveFiles: opts.archive,
          projects: opts.project,
          removeProjects: opts.removeProject,
          vendor: !!opts.vendor,
          mirrors: opts.mirror.length ? opts.mirror : undefined,
          requireSignature: !!opts.requireSignature || settings.requireSignature,
          env: io.env,
          job,
          sign: opts.sign === false ? null : { fingerprint: typeof opts.sign === 'string' ? opts.sign : undefined, passphrase: await passphraseFrom(io, opts.passphraseFile), defaultKey: settings.bundleSigningKey },
        });
        if (opts.json) printJson(io, result);
        else {
          const size = (n: number) => formatBytes(n, io.lang);
          if (result.recovered) println(io, zh ? `先处理了上次被中断的更新：${{ finished: '已完成', undone: '已撤销', cleaned: '已清理其遗留文件' }[result.recovered]}` : `An earlier update that was interrupted was ${{ finished: 'finished', undone: 'undone', cleaned: 'cleaned up' }[result.recovered]} first`);
          if (result.nothingToDo) {
            println(io, zh ? `离线包已包含所要求的内容，未写入任何文件：${result.dir}` : `Nothing to do: the bundle already has what was asked; nothing was written: ${result.dir}`);
            println(io, zh ? `  更新前已检查 ${size(result.verifiedBytes)}，SHA-256 全部相符` : `  ${size(result.verifiedBytes)} checked before, every SHA-256 matched`);
            return 0;
          }
          println(io, zh ? `离线包已更新：${result.dir}` : `Bundle updated: ${result.dir}`);
          println(io, `  Go ${result.manifest.go.versions.join(', ')} · ${[...new Set(result.manifest.files.filter((f) => f.kind === 'archive').map((f) => `${f.os}-${f.arch}`))].join(', ')}`);
          println(io, `  ${updateCounts(result, zh, size)}`);
          if (opts.removeProject.length) {
            const n = result.modulesRemoved.length;
            const left = result.manifest.modules?.moduleCount ?? 0;
            if (n === 0) println(io, zh ? `  模块：没有移除任何模块版本，剩下的项目需要全部 ${left} 个` : `  Modules: none removed; the projects left on the media need all ${left} module versions`);
            else println(io, zh ? `  模块：移除了 ${n} 个模块版本（剩下的项目都不需要它们），保留 ${left} 个` : `  Modules: ${n} module ${n === 1 ? 'version' : 'versions'} removed (no project left on the media needs ${n === 1 ? 'it' : 'them'}), ${left} kept`);
          }
          println(io, zh ? `  写入 ${size(result.bytesWritten)}，全部回读且 SHA-256 相符；更新前检查了原有的 ${size(result.verifiedBytes)}` : `  ${size(result.bytesWritten)} written, all of it read back and its SHA-256 matched; ${size(result.verifiedBytes)} of the old bundle checked before`);
          const signer = result.manifest.signer;
          if (signer) println(io, zh ? `  manifest.json 已重新签名：${signer.userIds.join(', ')} · ${formatFingerprint(signer.fingerprint)}` : `  manifest.json ${result.signing === 're-signed' ? 're-signed' : 'signed'} by ${signer.userIds.join(', ')} · ${formatFingerprint(signer.fingerprint)}`);
          else if (result.signing === 'now-unsigned') {
            const r = result.unsignedReason;
            const unsignedWhy = r?.reason === 'no-sign' ? (zh ? '按 --no-sign 要求' : 'as --no-sign asked') : r?.reason === 'key-missing' ? (zh ? `原签名者的密钥 ${formatFingerprint(r.fingerprint)} 不在本机` : `the old signer's key ${formatFingerprint(r.fingerprint)} is not on this computer`) : null;
            println(io, zh ? `  注意：离线包现在未签名（${unsignedWhy ?? '没有可用的签名密钥'}）；旧的签名已删除，因为它与新的 manifest.json 不再相符` : `  Note: the bundle is now UNSIGNED (${unsignedWhy ?? 'no signing key was available'}); the old signature was removed, as it no longer matches the new manifest.json`);
          } else println(io, zh ? '  manifest.json 未签名' : '  manifest.json not signed');
          for (const w of result.warnings) println(io, `  ${zh ? '注意' : 'Note'}: ${w.detail[zh ? 'zh' : 'en']}`);
          println(io, zh ? `  在任何 Linux 上检查：cd ${result.dir} && sha256sum -c SHA256SUMS` : `  check anywhere: cd ${result.dir} && sha256sum -c SHA256SUMS`);
        }
        return 0;
      });
    });

  bundle
    .command('verify')
    .description(zh ? '校验离线包（文件夹或中转地址）' : 'Verify a bundle folder or relay URL')
    .argument('<dir-or-url>')
    .option('--require-signature', zh ? '有归档没有经过验证的 OpenPGP 签名时视为失败（默认取自设置）' : 'fail when an archive had no verified OpenPGP signature when the bundle was made (default: the requireSignature setting)')
    .option('--signature-policy <policy>', zh ? '离线包签名策略 off / warn / require（管理员的系统策略优先）' : "the bundle signature policy: off, warn or require (the administrator's system policy wins)")
    .option('--json', 'print the report as JSON')
    .action(async (source: string, opts: { requireSignature?: boolean; signaturePolicy?: string; json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        const requireSignature = !!opts.requireSignature || (await loadSettings(io.env)).requireSignature;
        const policy = choiceOption(signaturePolicy.options, opts.signaturePolicy, '--signature-policy');
        const report = await checkBundle(/^https?:\/\//i.test(source) ? source : resolve(source), { job, env: io.env, policy });
        if (opts.json) printJson(io, report);
        else {
          for (const p of report.problems) println(io, `FAIL ${p.path}: ${describeProblems([p]).replace(/^.*\(/, '').replace(/\)$/, '')}`);
          if (report.ok) {
            println(io, zh ? `离线包完好：${report.source}` : `Bundle OK: ${report.source}`);
            println(io, `  Go ${report.manifest.go.versions.join(', ')} · ${zh ? `${listedFiles(report.checkedFiles, report.checkedBytes, 'zh')}：SHA-256 全部相符` : `${listedFiles(report.checkedFiles, report.checkedBytes, 'en')}: every SHA-256 matched`}`);
            for (const l of signatureLines(archivesOf(report.manifest), io.lang, 'when-made')) println(io, `  ${l}`);
            if (report.leftovers.length) println(io, zh ? `  另有 ${report.leftovers.length} 个文件是一次被中断的更新留下的（不属于离线包，未计入；下次 bundle update 会清理）` : `  ${report.leftovers.length} other file(s) were left by an interrupted update (not part of the bundle, not counted; the next bundle update removes them)`);
            if (!report.extraFilesChecked) println(io, zh ? '  （通过 HTTP 无法检查多余文件）' : '  (extra files cannot be seen over HTTP)');
          }
          for (const l of signatureCheckLines(report.signature, io.lang)) println(io, `  ${l}`);
        }
        if (!report.ok) throw tamperedError(report);
        const refusal = refusalFor(report.signature, report.source, io.env);
        if (refusal) throw refusal;
        const missing = unsigned(archivesOf(report.manifest));
        if (requireSignature && missing.length) throw new AppError('BUNDLE_SIGNATURE_MISSING', { files: missing.join(', ') });
        return 0;
      });
    });

  bundle
    .command('drives')
    .description(zh ? '列出可移动存储设备' : 'List removable drives (system disks are hidden)')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        const drives = await listRemovableDrives({ signal: job.signal });
        if (opts.json) printJson(io, drives);
        else if (drives.length === 0) println(io, zh ? '没有找到可移动存储设备' : 'No removable drives found');
        else
          for (const d of drives)
            println(io, `${d.device}\t${d.label ?? '-'}\t${d.filesystem ?? '-'}${d.fat32 ? ' (FAT32: 4 GiB limit)' : ''}\t${formatBytes(d.size, io.lang)}\t${d.free !== null ? formatBytes(d.free, io.lang) + ' free' : 'not mounted'}\t${d.mountpoint ?? ''}`);
        return 0;
      });
    });

  bundle
    .command('eject')
    .description(zh ? '安全弹出存储设备' : 'Safely eject a drive')
    .argument('<device>')
    .option('--json', 'print as JSON')
    .action(async (device: string, opts: { json?: boolean }) => {
      await runAction(io, opts, async (job) => {
        const drives = await listRemovableDrives({ signal: job.signal }).catch(() => []);
        const r = await ejectDrive(device, { mountpoint: drives.find((d) => d.device === device)?.mountpoint, signal: job.signal });
        if (opts.json) printJson(io, { device, ...r });
        else println(io, zh ? `${device} 已可以安全拔出` : `${device} can be removed now`);
        return 0;
      });
    });
}
