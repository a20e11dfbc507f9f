/**
 * What the CLI says about a bundle's signature check, in English or Chinese: who signed, whether
 * this machine trusts them, the policy and where it is set, and what the clock said.
 */
import type { BundleSignatureCheck } from '../../shared/signing';
import { formatFingerprint } from '../engine/signing/keys';

type Lang = 'en' | 'zh';

const POLICY_FROM: Record<BundleSignatureCheck['policyFrom'], Record<Lang, string>> = {
  system: { en: 'set by the administrator for this machine', zh: '由管理员为本机设置' },
  user: { en: 'your setting', zh: '您的设置' },
  default: { en: 'the default', zh: '默认值' },
  option: { en: 'given on the command line', zh: '命令行指定' },
};

const POLICY: Record<BundleSignatureCheck['policy'], Record<Lang, string>> = {
  off: { en: 'off', zh: '关闭' },
  warn: { en: 'warn', zh: '警告' },
  require: { en: 'require', zh: '必须签名' },
};

/** Lines for `bundle verify` and `install`. */
export function signatureCheckLines(c: BundleSignatureCheck, lang: Lang): string[] {
  const zh = lang === 'zh';
  const who = c.signer ? `${c.signer.userIds.join(', ') || (zh ? '（无名称）' : '(no name)')} · ${formatFingerprint(c.signer.fingerprint)}` : c.keyId ? (zh ? `密钥 ID ${c.keyId}` : `key ID ${c.keyId}`) : '';
  const policy = zh ? `签名策略：${POLICY[c.policy].zh}（${POLICY_FROM[c.policyFrom].zh}）` : `signature policy: ${POLICY[c.policy].en} (${POLICY_FROM[c.policyFrom].en})`;
  const lines: string[] = [];
  switch (c.status) {
    case 'not-checked':
      // the files failed first: a signature over a manifest the files do not match proves nothing, so no policy decision is made
      if (c.outcome === 'not-judged') lines.push(zh ? '签名：未检查，因为文件已损坏（见上方）' : 'Signature: not checked: the files are damaged (see above)');
      else lines.push(zh ? `签名：未检查（${policy}）` : `Signature: not checked (${policy})`);
      return lines;
    case 'verified':
      lines.push(zh ? `签名：有效，签名者 ${who}，在本机${c.trustedIn === 'system' ? '系统' : '用户'}信任列表中` : `Signature: good, by ${who}, trusted in this machine's ${c.trustedIn === 'system' ? 'system' : 'user'} list`);
      break;
    case 'unsigned':
      lines.push(zh ? '签名：没有（只检查了 SHA-256，无法确认制作者）' : 'Signature: none (SHA-256 checked only; who prepared it cannot be confirmed)');
      break;
    case 'unknown-key':
      lines.push(zh ? `签名：由本机不信任的密钥签署：${who}` : `Signature: by a key this machine does not trust: ${who}`);
      break;
    case 'bad':
      lines.push(zh ? '签名：不符，manifest.json 在签名后被改动过' : 'Signature: does not match; manifest.json was changed after signing');
      break;
    case 'revoked':
      lines.push(zh ? `签名：签名密钥已被吊销：${who}` : `Signature: the signing key is revoked: ${who}`);
      break;
    case 'expired':
      lines.push(zh ? `签名：签名密钥已过期：${who}` : `Signature: the signing key has expired: ${who}`);
      break;
    case 'future':
      lines.push(zh ? '签名：签名时间晚于本机时钟' : "Signature: dated after this machine's clock");
      break;
  }
  if (c.signedAt) lines.push(zh ? `  签名时间 ${c.signedAt}；本机时钟 ${c.clock.now}` : `  signed at ${c.signedAt}; this machine's clock says ${c.clock.now}`);
  if (c.clock.note === 'signature-after-now')
    lines.push(zh ? '  签名时间晚于本机时钟：本机时钟可能慢了。签名按签名时间检查，结果有效。' : "  the signature is dated after this machine's clock, which may be behind; it was checked as of its signing time and is good");
  if (c.clock.note === 'key-expired-by-now')
    lines.push(zh ? `  按本机时钟，密钥已于 ${c.clock.keyExpiresAt} 过期；签名时密钥仍有效。` : `  by this machine's clock the key expired at ${c.clock.keyExpiresAt}; it was valid when it signed`);
  const outcome = { accepted: { en: 'accepted', zh: '接受' }, warned: { en: 'accepted with a warning', zh: '接受，但有警告' }, refused: { en: 'refused', zh: '拒绝' }, off: { en: 'not checked', zh: '未检查' }, 'not-judged': { en: 'not judged', zh: '未判断' } }[c.outcome];
  lines.push(zh ? `  ${policy} → ${outcome.zh}` : `  ${policy} → ${outcome.en}`);
  return lines;
}
