import { defineErrors } from './define';

/** Errors of step 1 (environment check, target profiles). Codes are stable. */
export const platformErrors = defineErrors({
  PROFILE_INVALID: {
    exit: 2,
    title: { en: 'This is not a target profile', zh: '这不是目标机器配置文件' },
    cause: {
      en: 'The file {path} is not a target profile saved by the environment check of this installer.',
      zh: '文件 {path} 不是本安装程序在环境检查后保存的目标机器配置文件。',
    },
    fix: {
      en: 'On the offline machine, run the environment check and choose "Save target profile" (or `go-offline env --save-profile FILE`), then bring that file here.',
      zh: '请在离线机器上运行环境检查并选择“保存目标配置”（或运行 `go-offline env --save-profile 文件`），再把该文件带到这里。',
    },
  },
});
