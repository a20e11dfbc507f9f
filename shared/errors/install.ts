import { defineErrors } from './define';

/** Errors of the install area. Codes are stable: scripts and support runbooks depend on them. */
export const installErrors = defineErrors({
  INSTALL_ARCHIVE_HASH_MISMATCH: {
    exit: 2,
    title: { en: 'The Go archive is damaged or was changed', zh: 'Go 压缩包已损坏或被修改' },
    cause: {
      en: 'The file {file} on the media does not match its SHA-256 fingerprint recorded when the media was made (the file has {actual}, the media recorded {expected}): it was damaged or changed after the media was made, for example by an interrupted copy or a failing USB drive. Nothing was installed; your current Go is untouched.',
      zh: '安装介质上的文件 {file} 与制作安装介质时记录的 SHA-256 校验值不符（实际是 {actual}，安装介质记录的是 {expected}）：它在安装介质制作之后损坏或被改动过，例如复制被中断或 U 盘故障。没有安装任何内容，当前的 Go 保持不变。',
    },
    fix: {
      en: 'Copy the bundle again from the original media, or make the media again on the connected machine. Run "go-offline bundle verify <media>" first: it names every damaged file. Then install again.',
      zh: '请从原始安装介质重新复制离线包，或在联网机器上重新制作安装介质。请先运行 "go-offline bundle verify <安装介质>"：它会列出每个损坏的文件。然后重新安装。',
    },
  },
  INSTALL_ARCHIVE_CORRUPT: {
    exit: 2,
    title: { en: 'The Go archive cannot be unpacked', zh: '无法解压 Go 压缩包' },
    cause: {
      en: 'The file {file} is not a valid archive or ends too early ({reason}). Nothing was installed; your current Go is untouched.',
      zh: '文件 {file} 不是有效的压缩包，或者内容不完整（{reason}）。没有安装任何内容，当前的 Go 保持不变。',
    },
    fix: {
      en: 'Copy the bundle again from the original media and check it with "go-offline bundle verify" before installing.',
      zh: '请从原始安装介质重新复制离线包，并在安装前用 "go-offline bundle verify" 检查。',
    },
  },
  INSTALL_ARCHIVE_UNSAFE: {
    exit: 2,
    title: { en: 'The Go archive contains something dangerous', zh: 'Go 压缩包包含危险内容' },
    cause: {
      en: 'The entry "{entry}" in {file} would {reason}. Official Go archives never contain this, so the file is not a genuine Go release. Installation stopped and everything it wrote was removed.',
      zh: '{file} 中的条目 "{entry}" 会{reason}。官方 Go 压缩包从不包含这种内容，因此该文件不是正版 Go 发行包。安装已停止，写入的内容已全部删除。',
    },
    fix: {
      en: 'Do not use this media. Make a new bundle on the connected machine from the official Go downloads and report the file to your security contact.',
      zh: '请不要使用此安装介质。在联网机器上用官方 Go 下载重新制作离线包，并将该文件报告给安全负责人。',
    },
  },
  INSTALL_NO_ARCHIVE_FOR_HOST: {
    exit: 2,
    title: { en: 'The bundle has no Go for this computer', zh: '离线包中没有适合本机的 Go' },
    cause: {
      en: 'This computer needs {needed}, but the bundle only contains: {available}.',
      zh: '本机需要 {needed}，但离线包中只有：{available}。',
    },
    fix: {
      en: 'On this machine run "go-offline env --save-profile target.json", carry the file to the connected machine and make new media with "go-offline bundle create --profile target.json ..." (or add "--platform {needed}").',
      zh: '请在本机运行 "go-offline env --save-profile target.json"，把该文件带到联网机器上，用 "go-offline bundle create --profile target.json ..." 重新制作安装介质（或添加 "--platform {needed}"）。',
    },
  },
  INSTALL_BUNDLE_INVALID: {
    exit: 2,
    title: { en: 'The bundle cannot be used', zh: '离线包无法使用' },
    cause: {
      en: 'The bundle at {bundle} is incomplete or not a Go Offline bundle: {reason}.',
      zh: '位于 {bundle} 的离线包不完整，或者不是 Go Offline 离线包：{reason}。',
    },
    fix: {
      en: 'Point the installer at the folder that contains manifest.json and SHA256SUMS, or copy the bundle again from the original media.',
      zh: '请选择包含 manifest.json 和 SHA256SUMS 的文件夹，或从原始安装介质重新复制离线包。',
    },
  },
  INSTALL_TARGET_IN_USE: {
    exit: 1,
    title: { en: 'Another installation is running', zh: '另一个安装正在进行' },
    cause: {
      en: 'The folder {prefix} is being changed by another run of the installer (process {pid}).',
      zh: '文件夹 {prefix} 正在被另一个安装程序进程（进程号 {pid}）修改。',
    },
    fix: {
      en: 'Wait for the other installation to finish, then try again.',
      zh: '请等待另一个安装完成后重试。',
    },
  },
  INSTALL_LOCK_UNREADABLE: {
    exit: 1,
    title: { en: 'Another installation may be running', zh: '可能有另一个安装正在进行' },
    cause: {
      en: 'The lock file {path} exists but does not say which process holds it (it is empty or unreadable). It is treated as held by a running installer; it counts as left over only after {minutes} more minutes.',
      zh: '锁文件 {path} 存在，但没有说明由哪个进程持有（为空或无法读取）。在此期间视为有安装程序正在运行；再过 {minutes} 分钟后才会被视为遗留文件。',
    },
    fix: {
      en: 'Wait for any other installation to finish. If you are sure no installer is running, delete {path} and try again.',
      zh: '请等待其他安装完成。如果确定没有安装程序在运行，请删除 {path} 后重试。',
    },
  },
  INSTALL_TARGET_NOT_OURS: {
    exit: 2,
    title: { en: 'The install folder is not a Go installation', zh: '安装目标文件夹不是 Go 安装' },
    cause: {
      en: 'The folder {path} already exists and does not look like a Go installation, so the installer will not move or replace it.',
      zh: '文件夹 {path} 已存在，但看起来不是 Go 安装，因此安装程序不会移动或替换它。',
    },
    fix: {
      en: 'Choose another location with --prefix, or move that folder away yourself.',
      zh: '请用 --prefix 选择其他位置，或自行移走该文件夹。',
    },
  },
  INSTALL_VERSION_IS_DEFAULT: {
    exit: 2,
    title: { en: 'That Go version is already the default one', zh: '该 Go 版本已经是默认版本' },
    cause: {
      en: '{version} is the default Go at {goroot}, so it is not installed a second time beside it.',
      zh: '{version} 已是 {goroot} 中的默认 Go，因此不会在旁边再安装一份。',
    },
    fix: {
      en: 'Choose another version of the bundle with --go-version, or install without --side-by-side to replace the default one.',
      zh: '请用 --go-version 选择离线包中的其他版本，或去掉 --side-by-side 以替换默认版本。',
    },
  },
  INSTALL_NEEDS_DEFAULT_GO: {
    exit: 2,
    title: { en: 'Install a default Go first', zh: '请先安装默认的 Go' },
    cause: {
      en: 'There is no default Go installed by this installer for this scope{prefixNote}. A version beside it needs one: the default one sets up PATH, where the go1.X.Y commands are found.',
      zh: '此范围{prefixNote}还没有由本安装程序安装的默认 Go。并列安装的版本需要它：默认版本会设置 PATH，go1.X.Y 命令就在 PATH 中。',
    },
    fix: {
      en: 'Run "go-offline install --bundle B" without --side-by-side first, then add other versions.',
      zh: '请先不带 --side-by-side 运行 "go-offline install --bundle B"，然后再添加其他版本。',
    },
  },
  INSTALL_VERSION_NOT_INSTALLED: {
    exit: 2,
    title: { en: 'That Go version is not installed', zh: '没有安装该 Go 版本' },
    cause: {
      en: '{version} is not one of the Go versions this installer put on this machine ({installed}).',
      zh: '{version} 不是本安装程序在此机器上安装的 Go 版本之一（{installed}）。',
    },
    fix: {
      en: 'Run "go-offline versions" to see the installed versions and use one of those names.',
      zh: '请运行 "go-offline versions" 查看已安装的版本，并使用其中的名称。',
    },
  },
  INSTALL_NOTHING_INSTALLED: {
    exit: 1,
    title: { en: 'No installation found', zh: '没有找到安装' },
    cause: {
      en: 'There is no Go installed by this installer for the {scope} scope{prefixNote}.',
      zh: '没有找到本安装程序在 {scope} 范围内安装的 Go{prefixNote}。',
    },
    fix: {
      en: 'Check --scope and --prefix, or install Go first with "go-offline install".',
      zh: '请检查 --scope 和 --prefix，或先用 "go-offline install" 安装 Go。',
    },
  },
  INSTALL_VERSION_NO_PREVIOUS: {
    exit: 1,
    title: { en: 'This version has no earlier copy to go back to', zh: '这个版本没有可以恢复的旧副本' },
    cause: {
      en: '{version} was installed beside the default Go, in its own folder ({goroot}). A version beside the default is never replaced by another, so there is nothing earlier to put back; the default Go and the other versions are unchanged.',
      zh: '{version} 是在默认 Go 之外并列安装的，位于单独的文件夹（{goroot}）。并列安装的版本从不会被其他版本替换，因此没有可以恢复的旧副本；默认的 Go 和其他版本都没有改变。',
    },
    fix: {
      en: 'To remove it: go-offline uninstall --go-version {version}. To make another installed version the default: go-offline use VERSION. "go-offline rollback" without --go-version rolls back the default Go.',
      zh: '如要删除它：go-offline uninstall --go-version {version}。如要把另一个已安装的版本设为默认：go-offline use VERSION。不带 --go-version 的 "go-offline rollback" 会回滚默认的 Go。',
    },
  },
  INSTALL_NO_PREVIOUS: {
    exit: 1,
    title: { en: 'There is no earlier version to go back to', zh: '没有可以恢复的旧版本' },
    cause: {
      en: 'The installation at {goroot} has no earlier Go kept aside, so rollback has nothing to restore.',
      zh: '{goroot} 的安装没有保留旧版本的 Go，因此无法回滚。',
    },
    fix: {
      en: 'To remove Go entirely use "go-offline uninstall"; to get another version install it from a bundle.',
      zh: '如需完全删除 Go，请使用 "go-offline uninstall"；如需其他版本，请从离线包安装。',
    },
  },
  INSTALL_NEEDS_ADMIN: {
    exit: 1,
    title: { en: 'Administrator rights are needed', zh: '需要管理员权限' },
    cause: {
      en: 'A system-wide install writes to {path}, which only an administrator may change.',
      zh: '系统范围的安装需要写入 {path}，只有管理员可以修改该位置。',
    },
    fix: {
      en: 'Run the same command with sudo (or accept the administrator prompt), or install for your user only with --scope user.',
      zh: '请用 sudo 运行同一命令（或在弹出的管理员提示中确认），或使用 --scope user 仅为当前用户安装。',
    },
  },
  INSTALL_ELEVATION_CANCELLED: {
    exit: 1,
    title: { en: 'Administrator rights were not given', zh: '未获得管理员权限' },
    cause: {
      en: 'The request for administrator rights ({method}) was cancelled or refused, so nothing was installed for all users.',
      zh: '管理员权限请求（{method}）被取消或拒绝，因此没有为所有用户安装任何内容。',
    },
    fix: {
      en: 'Try again and enter an administrator password when asked, or install for your user only (scope "user").',
      zh: '请重试并在提示时输入管理员密码，或改为仅为当前用户安装（范围选 “用户”）。',
    },
  },
  INSTALL_ELEVATION_UNAVAILABLE: {
    exit: 1,
    title: { en: 'Cannot ask for administrator rights here', zh: '无法在此请求管理员权限' },
    cause: {
      en: 'Installing for all users needs administrator rights, but asking for them with {method} is not possible: {reason}.',
      zh: '为所有用户安装需要管理员权限，但无法通过 {method} 请求：{reason}。',
    },
    fix: {
      en: 'In a terminal run "sudo go-offline install --bundle <bundle> --scope system", or install for your user only.',
      zh: '请在终端中运行 "sudo go-offline install --bundle <离线包> --scope system"，或改为仅为当前用户安装。',
    },
  },
  INSTALL_ELEVATION_FAILED: {
    exit: 1,
    title: { en: 'The installation with administrator rights did not finish', zh: '以管理员权限运行的安装没有完成' },
    cause: {
      en: 'The installer started with administrator rights ({method}) ended with status {code} without a result. Last output: {output}',
      zh: '以管理员权限（{method}）启动的安装程序以状态 {code} 结束，没有返回结果。最后的输出：{output}',
    },
    fix: {
      en: 'Run "go-offline diagnose", then try again; in a terminal, "sudo go-offline install --bundle <bundle> --scope system" shows every message.',
      zh: '请先运行 "go-offline diagnose"，然后重试；在终端中运行 "sudo go-offline install --bundle <离线包> --scope system" 可以看到全部信息。',
    },
  },
  INSTALL_GO_DOES_NOT_RUN: {
    exit: 2,
    title: { en: 'The unpacked Go does not run', zh: '解压出的 Go 无法运行' },
    cause: {
      en: 'Before putting it in place, the installer ran "go version" from the unpacked archive {file} and it did not work: {reason}. An archive that does not hold a working Go for this computer would replace your current Go with a broken one, so nothing was changed.',
      zh: '在放到位之前，安装程序从解压后的压缩包 {file} 运行了 "go version"，但它没有正常工作：{reason}。不包含适用于本机的可用 Go 的压缩包会用一个坏的 Go 替换当前的 Go，因此没有做任何更改。',
    },
    fix: {
      en: 'Make a new bundle on the connected machine from the official Go download for this computer (check its operating system and processor type with "go-offline check").',
      zh: '请在联网的机器上用适用于本机的官方 Go 下载重新制作离线包（可用 "go-offline check" 查看本机的操作系统和处理器类型）。',
    },
  },
  INSTALL_EXTRACT_FAILED: {
    exit: 1,
    title: { en: 'Unpacking Go failed', zh: '解压 Go 失败' },
    cause: {
      en: 'Writing the files to {path} failed: {reason}. What was written was removed; your current Go is untouched.',
      zh: '向 {path} 写入文件失败：{reason}。已写入的内容已删除，当前的 Go 保持不变。',
    },
    fix: {
      en: 'Check that the disk is healthy and has free space, then try again.',
      zh: '请检查磁盘是否正常并有足够空间，然后重试。',
    },
  },
});
