import { defineErrors } from './define';

export const commonErrors = defineErrors({
  INTERNAL: {
    exit: 1,
    title: { en: 'Something went wrong inside the installer', zh: '安装程序内部出错' },
    cause: {
      en: 'An unexpected error happened that the installer does not know how to explain: {message}',
      zh: '发生了安装程序无法解释的意外错误：{message}',
    },
    fix: {
      en: 'Try again. If it happens again, save a support bundle and send it to your support contact.',
      zh: '请重试。如果再次出现，请保存支持包并发送给技术支持人员。',
    },
  },
  CANCELLED: {
    exit: 1,
    title: { en: 'Cancelled', zh: '已取消' },
    cause: { en: 'The task was stopped before it finished.', zh: '任务在完成前被停止。' },
    fix: {
      en: 'Nothing was left half-done. Start it again when you are ready.',
      zh: '没有留下未完成的内容。准备好后可以重新开始。',
    },
  },
  BAD_USAGE: {
    exit: 2,
    title: { en: 'The command was not understood', zh: '无法理解该命令' },
    cause: { en: '{message}', zh: '{message}' },
    fix: {
      en: 'Run the command with --help to see what it accepts.',
      zh: '使用 --help 运行该命令查看可用的参数。',
    },
  },
  INVALID_REQUEST: {
    exit: 2,
    title: { en: 'The request was rejected', zh: '请求被拒绝' },
    cause: {
      en: 'The window sent a request the installer does not accept: {message}',
      zh: '窗口发送了安装程序不接受的请求：{message}',
    },
    fix: {
      en: 'Restart the application. If it keeps happening, save a support bundle.',
      zh: '请重新启动应用程序。如果问题持续出现，请保存支持包。',
    },
  },
  CONFIRMATION_NEEDED: {
    exit: 2,
    title: { en: 'Confirmation needed', zh: '需要确认' },
    cause: {
      en: 'This step changes the machine and needs a yes: {question}',
      zh: '此步骤会更改本机，需要确认：{question}',
    },
    fix: {
      en: 'Run it again in a terminal and answer the question, or add --yes to confirm in advance.',
      zh: '请在终端中重新运行并回答问题，或添加 --yes 预先确认。',
    },
  },
  FILE_NOT_READABLE: {
    exit: 2,
    title: { en: 'A file could not be read', zh: '无法读取文件' },
    cause: { en: 'The file {path} does not exist or cannot be read.', zh: '文件 {path} 不存在或无法读取。' },
    fix: {
      en: 'Check the path and that your user may read the file.',
      zh: '请检查路径，并确认当前用户有权限读取该文件。',
    },
  },
  NO_SPACE: {
    exit: 1,
    title: { en: 'The disk is full', zh: '磁盘空间已满' },
    cause: {
      en: 'There was not enough free space to write to {path}. Nothing was changed.',
      zh: '没有足够的空间写入 {path}。没有做任何更改。',
    },
    fix: {
      en: 'Free some space on that disk, or choose another location, then try again.',
      zh: '请清理该磁盘空间，或选择其他位置，然后重试。',
    },
  },
  NO_PERMISSION: {
    exit: 1,
    title: { en: 'Permission denied', zh: '没有权限' },
    cause: {
      en: 'Your user may not write to {path}.',
      zh: '当前用户无权写入 {path}。',
    },
    fix: {
      en: 'Choose a location in your home folder, or run the step as an administrator.',
      zh: '请选择主目录中的位置，或以管理员身份运行此步骤。',
    },
  },
});
