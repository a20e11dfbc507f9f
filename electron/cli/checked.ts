/**
 * The CLI's words for what was checked, shared by `download`, `bundle create` and `bundle verify`
 * so that each says the same thing the same way: one way of counting bundle files (the files
 * listed in SHA256SUMS, manifest.json among them) and, per archive, whether its OpenPGP signature
 * was verified or only its SHA-256 was checked, and why. Pure functions of their inputs.
 */
import { formatBytes } from '../../shared/format';
import type { Lang } from '../../shared/text';
import type { SignatureStatus } from '../../shared/releases';

/** "8 files (117 MiB) listed in SHA256SUMS" */
export function listedFiles(files: number, bytes: number, lang: Lang): string {
  return lang === 'zh' ? `SHA256SUMS 中列出的 ${files} 个文件（${formatBytes(bytes, 'zh')}）` : `${files} ${files === 1 ? 'file' : 'files'} (${formatBytes(bytes)}) listed in SHA256SUMS`;
}

export interface SignedThing {
  name: string;
  signature: SignatureStatus | undefined;
}

/**
 * One line per kind of outcome: which archives had their OpenPGP signature verified, and which
 * were checked by SHA-256 only and why. `when` says when the check happened (for a bundle: when it
 * was made, as its manifest records).
 */
export function signatureLines(things: SignedThing[], lang: Lang, when: 'now' | 'when-made' = 'now'): string[] {
  const zh = lang === 'zh';
  const by = (s: SignatureStatus | 'unknown') => things.filter((t) => (t.signature ?? 'unknown') === s).map((t) => t.name);
  const lines: string[] = [];
  const recorded = when === 'when-made' ? (zh ? '（制作离线包时检查，见 manifest.json）' : ' (checked when the bundle was made, as manifest.json records)') : '';
  const verified = by('verified');
  if (verified.length) lines.push(zh ? `OpenPGP 签名已验证（Go 签名密钥）${recorded}：${verified.join('、')}` : `OpenPGP signature verified with the Go signing key${recorded}: ${verified.join(', ')}`);
  const notPublished = by('not-published');
  if (notPublished.length)
    lines.push(
      zh
        ? `只核对了 SHA-256${recorded}：${notPublished.join('、')}。下载来源没有发布它的 OpenPGP 签名（.asc），因此只能核对它与版本列表中的 SHA-256，无法证明它由 Go 团队签名。要拒绝这样的文件，请使用 --require-signature。`
        : `SHA-256 only${recorded}: ${notPublished.join(', ')}. No OpenPGP signature (.asc) was published where it was downloaded, so its bytes were checked against the release list's SHA-256, but nothing proves the Go team signed it. To refuse such files, use --require-signature.`,
    );
  const notChecked = [...by('not-checked'), ...by('unknown')];
  if (notChecked.length)
    lines.push(
      zh
        ? `签名未检查${recorded}：${notChecked.join('、')}（使用了 --no-signature，或是用 --archive 提供的本地文件），只核对了 SHA-256。`
        : `Signature not checked${recorded}: ${notChecked.join(', ')} (--no-signature, or a local file given with --archive); only its SHA-256 was checked.`,
    );
  return lines;
}

/** The archives of a bundle with no verified signature (what --require-signature refuses). */
export function unsigned(things: SignedThing[]): string[] {
  return things.filter((t) => t.signature !== 'verified').map((t) => t.name);
}
