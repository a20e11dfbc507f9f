import { defineErrors } from './define';

/** Errors of the modules area. Codes are stable: scripts and support runbooks depend on them. */
export const modulesErrors = defineErrors({
  MODULES_NOT_A_MODULE: {
    exit: 2,
    title: { en: 'The project folder is not a Go module', zh: '项目文件夹不是 Go 模块' },
    cause: {
      en: 'The folder {path} does not exist or has no go.mod file, so its dependencies cannot be collected.',
      zh: '文件夹 {path} 不存在或其中没有 go.mod 文件，因此无法收集它的依赖。',
    },
    fix: {
      en: 'Choose the folder that contains the project\'s go.mod file (the module root).',
      zh: '请选择包含该项目 go.mod 文件的文件夹（模块根目录）。',
    },
  },
  MODULES_GO_NOT_RUNNABLE: {
    exit: 1,
    title: { en: 'The Go toolchain for collecting modules does not run', zh: '用于收集模块的 Go 工具链无法运行' },
    cause: {
      en: 'The program {binary} could not be started: {message}',
      zh: '无法启动程序 {binary}：{message}',
    },
    fix: {
      en: 'Make sure the Go release chosen for the media includes this computer\'s own platform, then try again.',
      zh: '请确认为安装介质选择的 Go 版本包含本机的平台，然后重试。',
    },
  },
  MODULES_DOWNLOAD_FAILED: {
    exit: 1,
    title: { en: 'The project\'s dependencies could not be downloaded', zh: '无法下载项目的依赖' },
    cause: {
      en: 'Go could not download the modules that {project} needs: {message}',
      zh: 'Go 无法下载 {project} 需要的模块：{message}',
    },
    fix: {
      en: 'Check that this (online) computer can reach your module proxy (GOPROXY) and that `go build ./...` works in the project here, then try again.',
      zh: '请确认这台联网电脑可以访问模块代理（GOPROXY），并且在项目中可以成功运行 `go build ./...`，然后重试。',
    },
  },
  MODULES_VENDOR_FAILED: {
    exit: 1,
    title: { en: 'The vendor folder could not be made', zh: '无法生成 vendor 文件夹' },
    cause: {
      en: '`go mod vendor` failed for {project}: {message}',
      zh: '为 {project} 运行 `go mod vendor` 失败：{message}',
    },
    fix: {
      en: 'Run `go mod tidy` and then `go mod vendor` in the project on this computer to see the problem, or make the media without vendor archives.',
      zh: '请在本机的项目中先运行 `go mod tidy` 再运行 `go mod vendor` 查看问题，或者不生成 vendor 归档。',
    },
  },
  MODULES_DRY_RUN_FAILED: {
    exit: 1,
    title: { en: 'The project would not build on the offline machine', zh: '该项目在离线机器上将无法构建' },
    cause: {
      en: 'A test build of {project} using only the collected modules failed: {message}',
      zh: '只使用已收集的模块对 {project} 进行试构建时失败：{message}',
    },
    fix: {
      en: 'Run `go mod tidy` in the project on this computer, commit go.mod and go.sum, and make the media again.',
      zh: '请在本机的项目中运行 `go mod tidy`，提交 go.mod 和 go.sum，然后重新制作安装介质。',
    },
  },
});
