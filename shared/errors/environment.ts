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
  ENV_VALUE_LINE_BREAK: {
    exit: 2,
    title: { en: 'A folder name or setting contains a line break', zh: '文件夹名称或设置中包含换行符' },
    cause: {
      en: 'The value for {name} ("{value}") contains a line break or a character that cannot be stored in a text file. Shell startup files and Go\'s settings file are read line by line, so it cannot be written there safely. Nothing was changed.',
      zh: '{name} 的值（"{value}"）包含换行符或无法保存在文本文件中的字符。Shell 启动文件和 Go 的设置文件按行读取，因此无法安全写入。未做任何更改。',
    },
    fix: {
      en: 'Choose an install folder (and a home folder HOME or data folder XDG_DATA_HOME) whose name has no line break, then run the command again.',
      zh: '请选择名称中不含换行符的安装文件夹（以及主文件夹 HOME 或数据文件夹 XDG_DATA_HOME），然后重新运行命令。',
    },
  },
  ENV_FILE_IS_FOLDER: {
    exit: 2,
    title: { en: 'A startup file is a folder', zh: '启动文件是一个文件夹' },
    cause: {
      en: '{path} is a folder, not a file, so the Go settings cannot be added to it. Your shell cannot read it either. Nothing was changed.',
      zh: '{path} 是一个文件夹而不是文件，因此无法在其中添加 Go 设置，Shell 也无法读取它。未做任何更改。',
    },
    fix: {
      en: 'Move the folder {path} somewhere else (or remove it if it is not needed), then run the command again.',
      zh: '请把文件夹 {path} 移到别处（如不需要可删除），然后重新运行命令。',
    },
  },
  ENV_FILE_NOT_REGULAR: {
    exit: 2,
    title: { en: 'A startup file is not an ordinary file', zh: '启动文件不是普通文件' },
    cause: {
      en: '{path} is a special file (a pipe, socket or device), not an ordinary text file. Reading or writing it could hang or do something else entirely, so the Go settings were not added. Nothing was changed.',
      zh: '{path} 是特殊文件（管道、套接字或设备），不是普通文本文件。读取或写入它可能会卡住或产生意外结果，因此没有添加 Go 设置。未做任何更改。',
    },
    fix: {
      en: 'Replace {path} with an ordinary file (or remove it), then run the command again.',
      zh: '请把 {path} 换成普通文件（或将其删除），然后重新运行命令。',
    },
  },
  ENV_FILE_LINK_BROKEN: {
    exit: 2,
    title: { en: 'A startup file is a link to a file that does not exist', zh: '启动文件是指向不存在文件的链接' },
    cause: {
      en: '{path} is a symbolic link to {target}, which does not exist (a dotfile manager may not have set it up yet). The settings are not written through a broken link. Nothing was changed.',
      zh: '{path} 是指向 {target} 的符号链接，但该文件不存在（可能是点文件管理工具尚未设置好）。不会通过失效的链接写入设置。未做任何更改。',
    },
    fix: {
      en: 'Create {target} (or point the link at an existing file, or remove the link), then run the command again.',
      zh: '请创建 {target}（或让链接指向已存在的文件，或删除该链接），然后重新运行命令。',
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
