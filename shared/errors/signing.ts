import { defineErrors } from './define';
import type { LocalText } from '../text';

/** A refused bundle's cause ends with what was promised: nothing was installed (the same words in every refusal). */
const refused = (en: string, zh: string): LocalText => ({ en: `${en} Nothing was installed.`, zh: `${zh}没有安装任何东西。` });
/** Media that must not be used: said first, then what to ask the preparer for. */
const doNotUse = (en: string, zh: string): LocalText => ({ en: `Do not use this media. ${en}`, zh: `请不要使用这份安装介质。${zh}` });

/** Errors of signed bundles and the keys a machine trusts (`go-offline keys`). Codes are stable. */
export const signingErrors = defineErrors({
  BUNDLE_SIGNATURE_BAD: {
    exit: 2,
    title: { en: 'The bundle was changed after it was signed', zh: '离线包在签名之后被改动过' },
    cause: refused(
      'The signature in manifest.json.asc does not match manifest.json (which lists every file and its SHA-256): {message}.',
      'manifest.json.asc 中的签名与 manifest.json（它列出了每个文件及其 SHA-256）不符：{message}。',
    ),
    fix: doNotUse(
      'Ask the person who prepared it for a new copy, and check where this one has been.',
      '请让制作者重新提供一份，并查明这一份经过了哪些人和机器。',
    ),
  },
  BUNDLE_SIGNER_UNKNOWN: {
    exit: 2,
    title: { en: 'The bundle is signed by a key this machine does not trust', zh: '离线包的签名密钥不在本机的信任列表中' },
    cause: refused(
      'manifest.json is signed by key {fingerprint} ({who}), which is not in this machine’s list of trusted keys ({lists}).',
      'manifest.json 由密钥 {fingerprint}（{who}）签名，但该密钥不在本机的信任列表（{lists}）中。',
    ),
    fix: {
      en: 'Phone the person who prepared the bundle and compare the fingerprint they read out with this one. If it matches, trust it: go-offline keys trust --fingerprint "<what they read>" --file <media>/signer-key.asc',
      zh: '请打电话给制作者，核对对方念出的指纹与上面的指纹是否一致。一致时再信任它：go-offline keys trust --fingerprint "<对方念出的指纹>" --file <介质>/signer-key.asc',
    },
  },
  BUNDLE_SIGNER_REVOKED: {
    exit: 2,
    title: { en: 'The key that signed the bundle has been revoked', zh: '签署离线包的密钥已被吊销' },
    cause: refused(
      'Key {fingerprint} ({who}) was revoked by its owner (a revocation certificate is attached to the key). A revoked key is never accepted, whatever the clock says.',
      '密钥 {fingerprint}（{who}）已被其所有者吊销（密钥附带了吊销证书）。无论时钟如何，被吊销的密钥都不会被接受。',
    ),
    fix: doNotUse(
      'Ask the preparer for a bundle signed with their new key, and trust that key after comparing its fingerprint by phone.',
      '请让制作者用新密钥重新签署离线包，并在电话核对指纹后再信任新密钥。',
    ),
  },
  BUNDLE_SIGNER_EXPIRED: {
    exit: 2,
    title: { en: 'The signing key had expired', zh: '签名密钥已过期' },
    cause: refused(
      'Key {fingerprint} ({who}) expires at {expires}; the signature is dated {signedAt}; this machine’s clock says {now}. Either the key had expired when it signed, or this machine is set to trust its own clock and by it the key has expired.',
      '密钥 {fingerprint}（{who}）的有效期到 {expires}；签名时间为 {signedAt}；本机时钟为 {now}。要么签名时密钥已过期，要么本机设置为以本机时钟为准，而按本机时钟密钥已过期。',
    ),
    fix: {
      en: 'Ask the preparer to sign again with a key that is valid. If only this machine’s clock is wrong, correct it, or let the administrator set "signatureClock": "signing-time" in the system policy.',
      zh: '请让制作者用有效的密钥重新签名。如果只是本机时钟不对，请校正时钟，或由管理员在系统策略中设置 "signatureClock": "signing-time"。',
    },
  },
  BUNDLE_SIGNATURE_FUTURE: {
    exit: 2,
    title: { en: 'The signature is dated after this machine’s clock', zh: '签名时间晚于本机时钟' },
    cause: refused(
      'The bundle was signed at {signedAt}, but this machine’s clock says {now}. The policy here is to trust this clock ("signatureClock": "this-clock").',
      '离线包的签名时间为 {signedAt}，而本机时钟为 {now}。本机策略是以本机时钟为准（"signatureClock": "this-clock"）。',
    ),
    fix: {
      en: 'Set this machine’s clock to the right date and time, then try again.',
      zh: '请把本机的日期和时间校正后再试。',
    },
  },
  BUNDLE_NOT_SIGNED: {
    exit: 2,
    title: { en: 'The bundle is not signed, and this machine requires a signature', zh: '离线包没有签名，而本机要求签名' },
    cause: refused(
      'There is no manifest.json.asc beside manifest.json in {source}, and the signature policy on this machine is "require" (go-offline keys policy shows where it is set).',
      '{source} 中 manifest.json 旁边没有 manifest.json.asc，而本机的签名策略为“必须签名”（运行 go-offline keys policy 可查看设置来源）。',
    ),
    fix: {
      en: 'Ask the preparer to create the bundle again with their key (go-offline bundle create --sign …).',
      zh: '请让制作者用自己的密钥重新制作离线包（go-offline bundle create --sign …）。',
    },
  },
  KEY_NOT_FOUND: {
    exit: 2,
    title: { en: 'No such key', zh: '找不到该密钥' },
    cause: { en: 'No key matching {key} is among {where}.', zh: '{where}中没有与 {key} 匹配的密钥。' },
    fix: { en: 'Run go-offline keys list to see the keys and their fingerprints.', zh: '请运行 go-offline keys list 查看已有密钥及其指纹。' },
  },
  KEY_FILE_INVALID: {
    exit: 2,
    title: { en: 'That file is not an OpenPGP key', zh: '该文件不是 OpenPGP 密钥' },
    cause: { en: '{path} could not be read as an OpenPGP key: {message}', zh: '无法把 {path} 读取为 OpenPGP 密钥：{message}' },
    fix: {
      en: 'Use the public key file exported by go-offline keys export (or gpg --armor --export), for example signer-key.asc on the media.',
      zh: '请使用 go-offline keys export（或 gpg --armor --export）导出的公钥文件，例如介质上的 signer-key.asc。',
    },
  },
  KEY_FINGERPRINT_MISMATCH: {
    exit: 2,
    title: { en: 'The key file does not have the fingerprint you were given', zh: '密钥文件的指纹与您得到的指纹不一致' },
    cause: {
      en: 'You gave fingerprint {given}, but {path} holds {found}. Nothing was trusted.',
      zh: '您输入的指纹是 {given}，但 {path} 中的密钥是 {found}。没有信任任何密钥。',
    },
    fix: {
      en: 'Read the fingerprint back to the preparer digit by digit. If it really differs, the key file is not theirs: do not trust it.',
      zh: '请与制作者逐位核对指纹。如果确实不同，说明这个密钥文件不是对方的，请不要信任它。',
    },
  },
  KEY_PASSPHRASE_WRONG: {
    exit: 2,
    title: { en: 'The passphrase is wrong or missing', zh: '密码错误或未提供' },
    cause: { en: 'Key {fingerprint} is protected by a passphrase and it could not be unlocked: {message}', zh: '密钥 {fingerprint} 受密码保护，无法解锁：{message}' },
    fix: {
      en: 'In the app, type it in the passphrase field under “Sign the media with”. On the command line, give it with --passphrase-file FILE or the GO_OFFLINE_KEY_PASSPHRASE environment variable.',
      zh: '在应用中，请在“用于签署安装介质的密钥”下方的密码框中输入。在命令行中，请用 --passphrase-file 文件 或环境变量 GO_OFFLINE_KEY_PASSPHRASE 提供。',
    },
  },
  KEY_OWN_REVOKED: {
    exit: 2,
    title: { en: 'Your signing key is revoked or expired', zh: '您的签名密钥已吊销或过期' },
    cause: { en: 'Key {fingerprint} cannot sign: {message}. Nothing was written.', zh: '密钥 {fingerprint} 无法签名：{message}。没有写入任何东西。' },
    fix: { en: 'Generate a new key (go-offline keys generate) and give its public key to the offline machines.', zh: '请生成新密钥（go-offline keys generate），并把它的公钥交给离线机器。' },
  },
});
