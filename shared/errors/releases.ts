import { defineErrors } from './define';

/** Errors of the releases area (step 2: the catalog of Go releases). Codes are stable: scripts and support runbooks depend on them. */
export const releasesErrors = defineErrors({
  RELEASES_UNAVAILABLE: {
    exit: 1,
    title: { en: 'The list of Go releases could not be loaded', zh: '无法获取 Go 版本列表' },
    cause: {
      en: 'None of the sources answered with a list of Go releases. What each one answered:\n{tried}',
      zh: '所有来源都没有返回 Go 版本列表。各来源的回应：\n{triedZh}',
    },
    fix: {
      en: 'Check the mirror address and the proxy in the settings, and that this machine can reach them. If this machine may use the Internet, you can allow the public Go sites as a fallback in the settings, or use a listing file saved earlier.',
      zh: '请在设置中检查镜像地址和代理，并确认本机能访问它们。如果本机可以访问互联网，也可以在设置中允许改用 Go 官方站点，或使用之前保存的版本列表文件。',
    },
  },
  RELEASES_OFFLINE_NO_CACHE: {
    exit: 1,
    title: { en: 'No saved list of Go releases', zh: '没有已保存的 Go 版本列表' },
    cause: {
      en: 'You asked to work without a network, but this computer has never saved a list of Go releases.',
      zh: '您选择了离线工作，但本机从未保存过 Go 版本列表。',
    },
    fix: {
      en: 'Load the list once while connected, or point the installer at a listing file (setting "listing file" or --listing-file).',
      zh: '请先在联网时加载一次版本列表，或指定一个版本列表文件（设置中的“版本列表文件”或 --listing-file）。',
    },
  },
  RELEASES_LISTING_INVALID: {
    exit: 2,
    title: { en: 'This is not a list of Go releases', zh: '这不是 Go 版本列表' },
    cause: {
      en: '{source} did not contain a list of Go releases in the official format: {message}',
      zh: '{source} 的内容不是官方格式的 Go 版本列表：{message}',
    },
    fix: {
      en: 'Use the address of a Go download page or mirror (like https://go.dev/dl/), or a file saved from https://go.dev/dl/?mode=json&include=all.',
      zh: '请使用 Go 下载页面或镜像的地址（例如 https://go.dev/dl/），或从 https://go.dev/dl/?mode=json&include=all 保存的文件。',
    },
  },
  RELEASE_VERSION_INVALID: {
    exit: 2,
    title: { en: 'This is not a Go version', zh: '这不是有效的 Go 版本号' },
    cause: { en: '"{version}" is not a Go version number.', zh: '“{version}”不是 Go 的版本号。' },
    fix: {
      en: 'Write the version like 1.22.5 or go1.22.5. Run `go-offline releases` to see the versions that exist.',
      zh: '请按 1.22.5 或 go1.22.5 的格式填写版本号。运行 `go-offline releases` 可以查看所有可用版本。',
    },
  },
  RELEASE_NOT_FOUND: {
    exit: 2,
    title: { en: 'This Go version does not exist', zh: '找不到这个 Go 版本' },
    cause: {
      en: 'The list of releases from {source} has no version {version}. The newest stable version is {latest}.',
      zh: '来自 {source} 的版本列表中没有 {version}。最新的稳定版本是 {latest}。',
    },
    fix: {
      en: 'Check the number (Go 1.21 and later start at x.y.0, e.g. 1.21.0 rather than 1.21). Run `go-offline releases --all` to see every version.',
      zh: '请检查版本号（Go 1.21 及以后的版本从 x.y.0 开始，例如应写 1.21.0 而不是 1.21）。运行 `go-offline releases --all` 可查看全部版本。',
    },
  },
  RELEASE_PLATFORM_INVALID: {
    exit: 2,
    title: { en: 'This is not a platform name', zh: '平台名称无效' },
    cause: {
      en: '"{platform}" is not written as system-processor, like linux-amd64 or windows-arm64.',
      zh: '“{platform}”不是“系统-处理器”的格式，例如 linux-amd64 或 windows-arm64。',
    },
    fix: {
      en: 'Use Go\'s names as in the official list: linux-amd64, linux-arm64, linux-armv6l, darwin-arm64, windows-amd64…',
      zh: '请使用官方列表中的 Go 名称：linux-amd64、linux-arm64、linux-armv6l、darwin-arm64、windows-amd64 等。',
    },
  },
  RELEASE_PLATFORM_MISSING: {
    exit: 2,
    title: { en: 'No download for this platform', zh: '没有适用于该平台的压缩包' },
    cause: {
      en: 'Go {version} has no archive for {missing}. It exists for: {available}.',
      zh: 'Go {version} 没有适用于 {missing} 的压缩包。现有的平台：{available}。',
    },
    fix: {
      en: 'Choose one of the platforms that exist, or another Go version that supports your target.',
      zh: '请选择已有的平台，或选择支持目标机器的其他 Go 版本。',
    },
  },
  RELEASE_NO_SHA256: {
    exit: 2,
    title: { en: 'This download cannot be checked', zh: '无法校验此下载文件' },
    cause: {
      en: 'The official list gives no SHA-256 checksum for {filename} (very old Go releases have none), so a damaged or altered file could not be noticed.',
      zh: '官方列表没有提供 {filename} 的 SHA-256 校验值（很旧的 Go 版本没有），因此无法发现文件是否损坏或被篡改。',
    },
    fix: {
      en: 'Choose a newer Go version. Only if you must use this one, accept the risk explicitly (--accept-missing-sha256, or the red checkbox in the app).',
      zh: '请选择较新的 Go 版本。只有在必须使用此版本时，才明确接受风险（--accept-missing-sha256，或应用中的红色复选框）。',
    },
  },
  PROJECT_NOT_GO: {
    exit: 2,
    title: { en: 'This folder is not a Go project', zh: '该文件夹不是 Go 项目' },
    cause: {
      en: 'The folder {dir} has no go.mod or go.work file.',
      zh: '文件夹 {dir} 中没有 go.mod 或 go.work 文件。',
    },
    fix: {
      en: 'Choose the folder that contains go.mod (the root of the project).',
      zh: '请选择包含 go.mod 的文件夹（项目的根目录）。',
    },
  },
  PROJECT_NEEDS_NEWER_GO: {
    exit: 1,
    title: { en: 'The project needs a newer Go', zh: '项目需要更新版本的 Go' },
    cause: {
      en: '{file} asks for Go {required}, but you chose {version}. Offline, Go cannot fetch a newer toolchain, so builds would fail with "go.mod requires go >= {required}".',
      zh: '{file} 要求 Go {required}，但您选择的是 {version}。离线时 Go 无法自动下载更新的工具链，构建会报错“go.mod requires go >= {required}”。',
    },
    fix: {
      en: 'Choose Go {required} or newer.',
      zh: '请选择 Go {required} 或更新的版本。',
    },
  },
});
