import { defineErrors } from './define';

/** Errors of the verify area. Codes are stable: scripts and support runbooks depend on them. */
export const verifyErrors = defineErrors({
  VERIFY_NO_GO: {
    exit: 2,
    title: { en: 'No Go installation was found to check', zh: '找不到要检查的 Go 安装' },
    cause: {
      en: 'No folder was given, this installer remembers no earlier install, and no `go` command is on the PATH.',
      zh: '没有指定文件夹，本安装程序没有记录过之前的安装，PATH 中也没有 `go` 命令。',
    },
    fix: {
      en: 'Tell it where Go is installed: `go-offline verify --prefix DIR` (Go is in DIR/go), or install Go first.',
      zh: '请指定 Go 的安装位置：`go-offline verify --prefix 目录`（Go 位于 目录/go），或先安装 Go。',
    },
  },
  VERIFY_GOROOT_MISSING: {
    exit: 2,
    title: { en: 'There is no Go installation in this folder', zh: '该文件夹中没有 Go 安装' },
    cause: {
      en: 'The folder {path} does not contain a Go installation (the program {binary} is missing).',
      zh: '文件夹 {path} 中没有 Go 安装（找不到程序 {binary}）。',
    },
    fix: {
      en: 'Check the folder. With --prefix DIR, Go is expected in DIR/go. Install Go there first if it is not installed yet.',
      zh: '请检查该文件夹。使用 --prefix 目录 时，Go 应位于 目录/go。如果还没有安装，请先安装 Go。',
    },
  },
  VERIFY_PROJECT_MISSING: {
    exit: 2,
    title: { en: 'The project folder is not a Go module', zh: '项目文件夹不是 Go 模块' },
    cause: {
      en: 'The folder {path} does not exist or has no go.mod file, so there is nothing to build.',
      zh: '文件夹 {path} 不存在或其中没有 go.mod 文件，因此无法构建。',
    },
    fix: {
      en: 'Give the folder that contains the project\'s go.mod file.',
      zh: '请指定包含该项目 go.mod 文件的文件夹。',
    },
  },
});
