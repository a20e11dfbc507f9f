import { defineErrors } from './define';

/** Errors of the environment area. Codes are stable: scripts and support runbooks depend on them. */
export const environmentErrors = defineErrors({
  ENV_FILE_CHANGED_BLOCK: {
    exit: 1,
    title: { en: 'A startup file has a broken Go Offline section', zh: '启动文件中的 Go Offline 配置段已损坏' },
    cause: {
      en: 'The file {path} has a "# >>> go-offline >>>" line without the matching end line (or the other way round), so the installer cannot tell which lines are its own.',
      zh: '文件 {path} 中有 "# >>> go-offline >>>" 开始行却没有对应的结束行（或相反），安装程序无法判断哪些行是它写入的。',
    },
    fix: {
      en: 'Open the file, remove the incomplete Go Offline section by hand (or restore it from the backup {backup}), then run the command again.',
      zh: '请打开该文件，手动删除不完整的 Go Offline 配置段（或从备份 {backup} 恢复），然后重新运行命令。',
    },
  },
  ENV_INVALID_VALUE: {
    exit: 2,
    title: { en: 'An environment setting is not valid', zh: '环境变量设置无效' },
    cause: {
      en: 'The value for {name} ("{value}") cannot be written safely: {reason}.',
      zh: '{name} 的值（"{value}"）无法安全写入：{reason}。',
    },
    fix: {
      en: 'Use plain module path patterns separated by commas (for example "corp.example.com/*,git.internal"), without quotes, spaces or line breaks.',
      zh: '请使用以逗号分隔的模块路径模式（例如 "corp.example.com/*,git.internal"），不要包含引号、空格或换行。',
    },
  },
  ENV_REGISTRY_FAILED: {
    exit: 1,
    title: { en: 'Windows environment variables could not be changed', zh: '无法修改 Windows 环境变量' },
    cause: {
      en: 'Writing {name} under {key} failed: {reason}.',
      zh: '在 {key} 下写入 {name} 失败：{reason}。',
    },
    fix: {
      en: 'For a system-wide install accept the administrator prompt; otherwise choose a per-user install. Then try again.',
      zh: '系统范围安装时请在管理员提示中确认；否则请选择仅为当前用户安装，然后重试。',
    },
  },
});
