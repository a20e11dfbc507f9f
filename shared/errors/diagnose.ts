import { defineErrors } from './define';

/** Errors of the diagnose area. Codes are stable: scripts and support runbooks depend on them. */
export const diagnoseErrors = defineErrors({
  SUPPORT_BUNDLE_UNREADABLE: {
    exit: 2,
    title: { en: 'The support bundle cannot be read', zh: '无法读取支持包' },
    cause: {
      en: 'The file {path} is not a readable .tar.gz support bundle: {message}',
      zh: '文件 {path} 不是可读取的 .tar.gz 支持包：{message}',
    },
    fix: {
      en: 'Ask the sender to save the support bundle again (Diagnose → "Save support bundle", or `go-offline diagnose --support-bundle FILE`) and send the whole file.',
      zh: '请让对方重新保存支持包（诊断 →“保存支持包”，或运行 `go-offline diagnose --support-bundle 文件`），并发送完整的文件。',
    },
  },
  SUPPORT_BUNDLE_HOSTILE: {
    exit: 2,
    title: { en: 'The support bundle contains unsafe entries', zh: '支持包中含有不安全的内容' },
    cause: {
      en: 'The file {path} holds an entry this installer never writes ({entry}: {reason}). It was not opened further and nothing was extracted.',
      zh: '文件 {path} 中含有本安装程序从不写入的条目（{entry}：{reason}）。已停止读取，没有解压任何内容。',
    },
    fix: {
      en: 'Do not use this file. Ask the sender for a new support bundle made by the installer itself.',
      zh: '请不要使用此文件。请让对方用安装程序重新生成支持包。',
    },
  },
  SUPPORT_BUNDLE_TOO_LARGE: {
    exit: 2,
    title: { en: 'The support bundle is too large', zh: '支持包过大' },
    cause: {
      en: 'The file {path} is larger than a support bundle can be ({limit}). It was not opened.',
      zh: '文件 {path} 超过了支持包的大小上限（{limit}），未打开该文件。',
    },
    fix: {
      en: 'Ask the sender to save a new support bundle; support bundles are small (a few hundred kilobytes).',
      zh: '请让对方重新保存支持包；正常的支持包只有几百 KB。',
    },
  },
  SUPPORT_BUNDLE_INVALID: {
    exit: 2,
    title: { en: 'This is not a support bundle', zh: '这不是支持包' },
    cause: {
      en: 'The file {path} does not contain a valid support bundle: {message}',
      zh: '文件 {path} 不包含有效的支持包：{message}',
    },
    fix: {
      en: 'Check that you opened the right file (support bundles are named like go-offline-support-*.gosupport). If it is, it was damaged or edited on the way: ask the sender to make it again with go-offline diagnose --support-bundle.',
      zh: '请确认打开的是正确的文件（支持包的文件名形如 go-offline-support-*.gosupport）。如果文件没错，说明它在传送途中被损坏或改动：请让发送者用 go-offline diagnose --support-bundle 重新生成。',
    },
  },
  REPORT_EXISTS: {
    exit: 2,
    title: { en: 'A file with that name is already there', zh: '已有同名文件' },
    cause: { en: 'The file {path} already exists. Nothing was written.', zh: '文件 {path} 已经存在，没有写入任何内容。' },
    fix: { en: 'Choose another name, or choose "Replace it" to write the report over that file.', zh: '请换一个文件名，或选择“替换”，用报告覆盖该文件。' },
  },
  REPORT_DEST_NOT_FILE: {
    exit: 2,
    title: { en: 'The report cannot be saved there', zh: '报告无法保存到这里' },
    cause: { en: '{path} is a folder or a link, not a file. Nothing was written.', zh: '{path} 是文件夹或链接，不是文件，没有写入任何内容。' },
    fix: { en: 'Choose a file name inside a folder, for example report.md.', zh: '请在某个文件夹中指定一个文件名，例如 report.md。' },
  },
  FIX_NO_LONGER_APPLIES: {
    exit: 2,
    title: { en: 'That fix no longer applies', zh: '该修复已不适用' },
    cause: { en: 'Line {line} of {file} is not the GOROOT setting the checks found any more (the file was changed since). Nothing was changed.', zh: '{file} 的第 {line} 行已不是检查时发现的那条 GOROOT 设置（文件在检查之后被改动过）。没有做任何改动。' },
    fix: { en: 'Run the checks again, then fix what they find now.', zh: '请重新运行检查，再修复新发现的问题。' },
  },
  PROJECT_NOT_FOUND: {
    exit: 2,
    title: { en: 'The project folder was not found', zh: '找不到项目文件夹' },
    cause: { en: 'The folder {path} does not exist or is not a folder.', zh: '文件夹 {path} 不存在或不是文件夹。' },
    fix: {
      en: 'Give the folder that holds your go.mod (or a folder inside it) with --project.',
      zh: '请用 --project 指定包含 go.mod 的文件夹（或其中的子文件夹）。',
    },
  },
  EXPLAIN_EMPTY: {
    exit: 2,
    title: { en: 'Nothing to explain', zh: '没有可以解释的内容' },
    cause: { en: 'The pasted error message is empty.', zh: '粘贴的错误信息为空。' },
    fix: {
      en: 'Copy the whole error message from the terminal and paste it again.',
      zh: '请从终端复制完整的错误信息后重新粘贴。',
    },
  },
});
