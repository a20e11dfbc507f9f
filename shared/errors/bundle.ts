import { defineErrors } from './define';

/** Errors of the bundle area. Codes are stable: scripts and support runbooks depend on them. */
export const bundleErrors = defineErrors({
  BUNDLE_NOT_FOUND: {
    exit: 2,
    title: { en: 'No bundle found there', zh: '该位置没有找到离线包' },
    cause: {
      en: '{source} does not contain a Go offline bundle: {missing} is missing or cannot be read.',
      zh: '{source} 不是 Go 离线包：缺少 {missing}，或无法读取。',
    },
    fix: {
      en: 'Choose the folder (or relay address) that holds manifest.json and SHA256SUMS, usually the root of the USB drive or the folder the bundle was copied to.',
      zh: '请选择包含 manifest.json 和 SHA256SUMS 的文件夹（或中转地址），通常是 U 盘根目录或离线包被复制到的文件夹。',
    },
  },
  BUNDLE_UNREACHABLE: {
    exit: 2,
    title: { en: 'The relay could not be reached', zh: '无法连接到中转服务器' },
    cause: {
      en: 'Reading {url} failed: {message}',
      zh: '读取 {url} 失败：{message}',
    },
    fix: {
      en: 'Check that `go-offline serve` is still running on the relay machine, that the address and port are right, and that it was started with --host set to an address this machine can reach.',
      zh: '请确认中转机器上的 `go-offline serve` 仍在运行、地址和端口正确，并且启动时用 --host 指定了本机可以访问的地址。',
    },
  },
  BUNDLE_MANIFEST_INVALID: {
    exit: 2,
    title: { en: 'The bundle description is damaged', zh: '离线包说明文件已损坏' },
    cause: {
      en: 'manifest.json in {source} is not a valid bundle description: {message}',
      zh: '{source} 中的 manifest.json 不是有效的离线包说明：{message}',
    },
    fix: {
      en: 'Copy the bundle again from the machine that created it, or create it again.',
      zh: '请从制作离线包的机器重新复制，或重新制作离线包。',
    },
  },
  BUNDLE_TOO_NEW: {
    exit: 2,
    title: { en: 'The bundle was made by a newer version', zh: '离线包由更新版本的程序制作' },
    cause: {
      en: 'The bundle uses format version {found}; this program understands up to version {supported}.',
      zh: '该离线包使用格式版本 {found}，本程序最高只支持版本 {supported}。',
    },
    fix: {
      en: 'Use the installer that came with the bundle (it is on the media), or update this program. The install.sh script on the media also works without it.',
      zh: '请使用离线包中附带的安装程序，或更新本程序。安装介质上的 install.sh 脚本也可以在没有本程序的情况下使用。',
    },
  },
  BUNDLE_SUMS_INVALID: {
    exit: 2,
    title: { en: 'The checksum list is damaged', zh: '校验和列表已损坏' },
    cause: {
      en: 'SHA256SUMS in {source} is not in the expected format (line {line}: {message}).',
      zh: '{source} 中的 SHA256SUMS 格式不正确（第 {line} 行：{message}）。',
    },
    fix: {
      en: 'Copy the bundle again from the machine that created it, or create it again.',
      zh: '请从制作离线包的机器重新复制，或重新制作离线包。',
    },
  },
  BUNDLE_MANIFEST_MISMATCH: {
    exit: 2,
    title: { en: 'The bundle description does not match its checksums', zh: '离线包说明与校验和不一致' },
    cause: {
      en: 'manifest.json and SHA256SUMS disagree, so the bundle was changed after it was made: {files}',
      zh: 'manifest.json 与 SHA256SUMS 不一致，说明离线包在制作后被改动过：{filesZh}',
    },
    fix: {
      en: 'Do not use this copy. Copy the bundle again from the machine that created it, or create it again.',
      zh: '请不要使用这份副本。请从制作离线包的机器重新复制，或重新制作离线包。',
    },
  },
  BUNDLE_SIGNATURE_MISSING: {
    exit: 1,
    title: { en: 'Archives in this bundle have no verified signature', zh: '离线包中的归档没有经过验证的签名' },
    cause: {
      en: 'Signatures are required (the "require signatures" setting or --require-signature), but when this bundle was made no OpenPGP signature was verified for: {files}. Only their SHA-256 was checked.',
      zh: '已要求必须有数字签名（“要求签名”设置或 --require-signature），但制作此离线包时以下文件的 OpenPGP 签名没有经过验证：{files}。它们只核对了 SHA-256。',
    },
    fix: {
      en: 'Make the bundle again from a source that publishes the .asc files (the official site does), with --require-signature; or accept SHA-256-only archives by leaving out --require-signature and turning the setting off.',
      zh: '请从发布 .asc 签名文件的来源（官方网站会发布）重新制作离线包，并加上 --require-signature；或者接受只核对 SHA-256 的归档：不要使用 --require-signature，并关闭该设置。',
    },
  },
  BUNDLE_TAMPERED: {
    exit: 2,
    title: { en: 'The bundle is damaged or was changed', zh: '离线包已损坏或被改动' },
    cause: {
      en: '{filesDoNot} match the bundle\'s checksums: {files}',
      zh: '有 {count} 个文件与离线包的校验和不符：{filesZh}',
    },
    fix: {
      en: 'Do not install from this copy. Copy the bundle again (a failing USB drive or an interrupted copy is the usual cause), then verify it again.',
      zh: '请不要用这份副本安装。请重新复制离线包（常见原因是 U 盘故障或复制被中断），然后再次校验。',
    },
  },
  BUNDLE_TRANSFER_FAILED: {
    exit: 2,
    title: { en: 'Reading from the relay stopped part-way', zh: '从中转服务器读取文件中途中断' },
    cause: {
      en: '{path} from {source}: {reason}, after {got} of {total} arrived. Nothing of it was kept.',
      zh: '来自 {source} 的 {path}：{reasonZh}，此时已收到 {got}（共 {total}）。收到的部分没有被保留。',
    },
    fix: {
      en: 'Check that `go-offline serve` is still running on the relay machine and that the network between the two machines works, then run the same command again. If it keeps happening, copy the bundle on a USB drive instead.',
      zh: '请确认中转机器上的 `go-offline serve` 仍在运行、两台机器之间的网络正常，然后重新运行同一命令。如果反复出现，请改用 U 盘复制离线包。',
    },
  },
  BUNDLE_REDIRECT_REFUSED: {
    exit: 2,
    title: { en: 'The relay sent this program to another address', zh: '中转服务器把请求转到了另一个地址' },
    cause: {
      en: '{url} answered with a redirect to {to}, which is another host or port. Redirects are followed only within the same address (scheme, host and port), so that a relay cannot send an install elsewhere unnoticed.',
      zh: '{url} 返回了重定向，指向另一个主机或端口：{to}。程序只跟随同一地址（协议、主机和端口都相同）内的重定向，以免中转服务器在不知不觉中把安装引向别处。',
    },
    fix: {
      en: 'If {to} is a relay you trust, use its address directly. To follow such redirects anyway, set "relayRedirects": "any" in {settings}.',
      zh: '如果你信任 {to}，请直接使用它的地址。如果仍要跟随这类重定向，请在 {settings} 中设置 "relayRedirects": "any"。',
    },
  },
  BUNDLE_FILE_TOO_LARGE: {
    exit: 2,
    title: { en: 'A bundle file is far larger than it can be', zh: '离线包中的文件大得不合理' },
    cause: {
      en: '{path} from {source} is larger than {limit}, more than any bundle needs; reading stopped there so that it cannot fill this machine\'s memory.',
      zh: '来自 {source} 的 {path} 超过 {limit}，远超任何离线包的需要；为避免占满本机内存，已在此处停止读取。',
    },
    fix: {
      en: 'This is not a bundle made by go-offline, or it was damaged. Check the address (a `go-offline serve` relay or a bundle folder), or copy the bundle again.',
      zh: '这不是 go-offline 制作的离线包，或者它已损坏。请检查地址（应为 `go-offline serve` 中转地址或离线包文件夹），或重新复制离线包。',
    },
  },
  BUNDLE_FILE_CORRUPT: {
    exit: 2,
    title: { en: 'A file of the bundle is damaged', zh: '离线包中的文件已损坏' },
    cause: {
      en: '{path} from {source} does not match the bundle\'s checksum ({problem}).',
      zh: '来自 {source} 的 {path} 与离线包记录的校验和不符（{problem}）。',
    },
    fix: {
      en: 'Copy the bundle again, or restart the relay from a good copy, then try again. Nothing was installed from the damaged file.',
      zh: '请重新复制离线包，或用完好的副本重新启动中转服务，然后重试。损坏的文件没有被安装。',
    },
  },
  BUNDLE_FILE_UNKNOWN: {
    exit: 2,
    title: { en: 'That file is not part of the bundle', zh: '该文件不属于离线包' },
    cause: { en: '{path} is not listed in the bundle\'s manifest.', zh: '离线包说明中没有列出 {path}。' },
    fix: {
      en: 'Verify the bundle with `go-offline bundle verify`, then try again.',
      zh: '请先用 `go-offline bundle verify` 校验离线包，然后重试。',
    },
  },
  BUNDLE_DEST_NOT_EMPTY: {
    exit: 2,
    title: { en: 'The destination folder is not empty', zh: '目标文件夹不是空的' },
    cause: {
      en: '{path} already contains files ({entries}); a bundle needs a folder of its own so that extra files do not make it fail verification.',
      zh: '{path} 中已有文件（{entries}）；离线包需要单独的文件夹，否则多余的文件会导致校验失败。',
    },
    fix: {
      en: 'Choose an empty folder or a new folder name (it will be created), or remove the old files first.',
      zh: '请选择一个空文件夹或新的文件夹名（会自动创建），或先删除原有文件。',
    },
  },
  BUNDLE_DEST_NO_SPACE: {
    exit: 1,
    title: { en: 'Not enough space on the destination', zh: '目标位置空间不足' },
    cause: {
      en: 'The bundle needs {needed}, but only {free} is free at {path}. Nothing was written.',
      zh: '离线包需要 {needed}，但 {path} 只有 {free} 可用空间。没有写入任何内容。',
    },
    fix: {
      en: 'Use a larger drive, free some space on it, or leave out platforms or projects you do not need.',
      zh: '请使用更大的存储设备、清理空间，或去掉不需要的平台或项目。',
    },
  },
  BUNDLE_DEST_NOT_WRITABLE: {
    exit: 1,
    title: { en: 'The destination cannot be written', zh: '无法写入目标位置' },
    cause: {
      en: 'Writing to {path} failed ({reason}). No bundle was left there.',
      zh: '写入 {path} 失败（{reason}）。该位置没有留下离线包。',
    },
    fix: {
      en: 'Check that the drive is not write-protected (a switch on some USB drives and SD cards), is still plugged in, and has free space; or choose another folder.',
      zh: '请检查存储设备是否处于写保护状态（部分 U 盘和 SD 卡有写保护开关）、是否仍然连接、是否有可用空间；或选择其他文件夹。',
    },
  },
  BUNDLE_FAT32_TOO_LARGE: {
    exit: 2,
    title: { en: 'A file is too large for this drive', zh: '文件超出该存储设备的大小限制' },
    cause: {
      en: 'The drive uses FAT32, which cannot hold files of 4 GiB or more, and {path} is {size}.',
      zh: '该存储设备使用 FAT32 文件系统，无法保存 4 GiB 及以上的文件，而 {path} 的大小为 {size}。',
    },
    fix: {
      en: 'Allow splitting large files (the installer and install.sh join them again), or format the drive as exFAT or NTFS.',
      zh: '请允许拆分大文件（安装程序和 install.sh 会自动合并），或将存储设备格式化为 exFAT 或 NTFS。',
    },
  },
  BUNDLE_READBACK_FAILED: {
    exit: 1,
    title: { en: 'The copy on the destination is not correct', zh: '目标位置上的副本不正确' },
    cause: {
      en: 'After writing, {path} was read back and did not match ({problem}). The drive may be failing or was removed. The unfinished bundle was removed.',
      zh: '写入后回读 {path}，内容不一致（{problem}）。存储设备可能有故障或已被拔出。未完成的离线包已被删除。',
    },
    fix: {
      en: 'Try another USB drive or port, then create the bundle again. Never use a drive whose read-back failed.',
      zh: '请换一个 U 盘或 USB 接口后重新制作离线包。回读失败的存储设备不要继续使用。',
    },
  },
  BUNDLE_SOURCE_CHANGED: {
    exit: 1,
    title: { en: 'A downloaded file changed', zh: '已下载的文件发生了变化' },
    cause: {
      en: '{path} no longer has the size or checksum recorded when it was downloaded ({problem}).',
      zh: '{path} 的大小或校验和与下载时记录的不一致（{problem}）。',
    },
    fix: {
      en: 'Download the release again, then create the bundle again.',
      zh: '请重新下载该版本，然后重新制作离线包。',
    },
  },
  BUNDLE_ARCHIVE_UNRECOGNISED: {
    exit: 2,
    title: { en: 'Not a Go release archive', zh: '不是 Go 发布包' },
    cause: {
      en: '{path} is not named like an official Go archive (go1.22.5.linux-amd64.tar.gz or go1.22.5.windows-amd64.zip).',
      zh: '{path} 的文件名不像官方 Go 发布包（例如 go1.22.5.linux-amd64.tar.gz 或 go1.22.5.windows-amd64.zip）。',
    },
    fix: {
      en: 'Pass the archive exactly as downloaded from go.dev/dl, without renaming it.',
      zh: '请使用从 go.dev/dl 下载的原始文件，不要重命名。',
    },
  },
  BUNDLE_NO_ARCHIVES: {
    exit: 2,
    title: { en: 'Nothing to put in the bundle', zh: '没有可放入离线包的内容' },
    cause: {
      en: 'No Go archive matches version {version} for {platforms}.',
      zh: '没有与版本 {version}、平台 {platforms} 相符的 Go 发布包。',
    },
    fix: {
      en: 'Check the version and the platforms (Go\'s names such as linux-amd64, windows-arm64, linux-armv6l), or pass already-downloaded archives with --archive.',
      zh: '请检查版本和平台（使用 Go 的名称，如 linux-amd64、windows-arm64、linux-armv6l），或用 --archive 指定已下载的发布包。',
    },
  },
  BUNDLE_PROFILE_INVALID: {
    exit: 2,
    title: { en: 'The target profile cannot be used', zh: '无法使用目标配置文件' },
    cause: {
      en: '{path} is not a target profile saved by `go-offline env --save-profile`: {message}',
      zh: '{path} 不是由 `go-offline env --save-profile` 保存的目标配置：{message}',
    },
    fix: {
      en: 'On the offline machine run `go-offline env --save-profile target.json` and bring that file over, or name the platforms with --platform.',
      zh: '请在离线机器上运行 `go-offline env --save-profile target.json` 并把该文件带过来，或用 --platform 指定平台。',
    },
  },
  BUNDLE_NO_INSTALLERS: {
    exit: 2,
    title: { en: 'No installer of this app found there', zh: '没有找到本应用的安装程序' },
    cause: {
      en: '{dir} holds no build of Go Offline Installer for {platforms} (files named like go-offline-installer-<version>-linux-x86_64.AppImage, made by "npm run dist").',
      zh: '{dir} 中没有适用于 {platforms} 的 Go 离线安装器安装程序（文件名形如 go-offline-installer-<版本>-linux-x86_64.AppImage，由 "npm run dist" 生成）。',
    },
    fix: {
      en: 'Point --installers at the folder with the built installers (usually release/), or leave it out to make the media without the app.',
      zh: '请让 --installers 指向存放安装程序的文件夹（通常是 release/），或去掉该选项，制作不含应用的安装介质。',
    },
  },
  BUNDLE_FEATURE_UNAVAILABLE: {
    exit: 1,
    title: { en: 'This part is not available in this build', zh: '此版本中该功能不可用' },
    cause: {
      en: '{feature} is not available in this build of the installer.',
      zh: '此版本的安装程序不提供 {feature}。',
    },
    fix: {
      en: '{advice}',
      zh: '{adviceZh}',
    },
  },
  BUNDLE_RELAY_ADDRESS: {
    exit: 2,
    title: { en: 'The relay could not start', zh: '中转服务无法启动' },
    cause: {
      en: 'Listening on {host}:{port} failed: {message}',
      zh: '无法在 {host}:{port} 上监听：{message}',
    },
    fix: {
      en: 'Choose another port (or 0 for any free port), or an address that belongs to this machine.',
      zh: '请换一个端口（或用 0 自动选择空闲端口），或使用属于本机的地址。',
    },
  },
  BUNDLE_RELAY_BUSY: {
    exit: 2,
    title: { en: 'The relay stayed busy', zh: '中转服务一直繁忙' },
    cause: {
      en: 'The relay at {url} kept answering that all its transfer slots were taken; this computer waited {waited} s in all and gave up.',
      zh: '{url} 上的中转服务一直答复所有传输名额都已占满；本机共等待了 {waited} 秒后放弃。',
    },
    fix: {
      en: 'Try again when fewer machines are installing, or ask whoever runs the relay to allow more transfers at once (go-offline serve --max-transfers N). Its status page (/_status) shows who is pulling what.',
      zh: '请在安装的机器较少时重试，或请中转服务的管理员允许更多同时传输（go-offline serve --max-transfers N）。其状态页（/_status）会显示谁正在下载什么。',
    },
  },
  BUNDLE_EJECT_FAILED: {
    exit: 1,
    title: { en: 'The drive could not be ejected', zh: '无法安全弹出存储设备' },
    cause: {
      en: 'Ejecting {device} failed: {message}',
      zh: '弹出 {device} 失败：{message}',
    },
    fix: {
      en: 'Close any window or terminal that uses the drive and try again. Do not unplug it until it is ejected.',
      zh: '请关闭正在使用该设备的窗口或终端后重试。在成功弹出前不要拔出设备。',
    },
  },
  BUNDLE_DRIVES_UNAVAILABLE: {
    exit: 1,
    title: { en: 'Drives could not be listed', zh: '无法列出存储设备' },
    cause: { en: 'Listing removable drives failed: {message}', zh: '列出可移动存储设备失败：{message}' },
    fix: {
      en: 'Choose the destination folder by hand (for example the drive\'s folder under /media).',
      zh: '请手动选择目标文件夹（例如 /media 下该设备的文件夹）。',
    },
  },
  BUNDLE_UPDATE_UNFINISHED: {
    exit: 2,
    title: { en: 'An update of this bundle was interrupted', zh: '此离线包的更新被中断了' },
    cause: {
      en: 'An update of {source} stopped after it had written the new manifest.json and before it had put every new file in place (the drive was pulled out, or the program was stopped). The bundle cannot be used until the update is finished; nothing on the media is lost.',
      zh: '对 {source} 的更新在写入新的 manifest.json 之后、放好所有新文件之前停止了（设备被拔出，或程序被停止）。更新完成之前不能使用此离线包；介质上的内容没有丢失。',
    },
    fix: {
      en: 'On the computer that updates your media, run `go-offline bundle update {source}` again (or Update existing media in the app): it finishes the update first.',
      zh: '请在用于更新介质的电脑上再次运行 `go-offline bundle update {source}`（或在应用中选择“更新已有介质”）：它会先完成这次更新。',
    },
  },
  BUNDLE_UPDATE_BUSY: {
    exit: 1,
    title: { en: 'This bundle is being updated already; nothing was changed', zh: '此离线包正在被更新，未做任何改动' },
    cause: {
      en: 'Another update of {path} is running on this computer (process {pid}). Two updates at once would undo each other\'s work, so this one did not start.',
      zh: '本机上另一个对 {path} 的更新正在进行（进程号 {pid}）。同时进行两个更新会互相撤销对方的工作，因此这次更新没有开始。',
    },
    fix: {
      en: 'Wait for the other update to finish (in the app or in another terminal), then run this one again.',
      zh: '请等待另一个更新完成（在应用中或在另一个终端中），然后再运行这次更新。',
    },
  },
  BUNDLE_UPDATE_FOREIGN: {
    exit: 2,
    title: { en: 'The update folder on this media was not written by an update; nothing was changed', zh: '此介质上的更新文件夹不是由更新写入的，未做任何改动' },
    cause: {
      en: '{source} holds .go-offline-update, the folder an interrupted update leaves, but {what}. An update never writes that, so the folder was changed by someone or something else. Following it could delete or move files outside the bundle, so nothing was done.',
      zh: '{source} 中有 .go-offline-update（被中断的更新留下的文件夹），但{whatZh}。更新从不会写入这样的内容，说明此文件夹被他人或其他程序改动过。按它操作可能会删除或移动离线包以外的文件，因此没有做任何操作。',
    },
    fix: {
      en: 'Look at what is in {source}/.go-offline-update. If you do not know where it came from, do not use this media: make the bundle again with `go-offline bundle create` into an empty folder. Otherwise delete that folder and run `go-offline bundle update` again.',
      zh: '请查看 {source}/.go-offline-update 中的内容。如果不清楚它的来源，请不要使用此介质：用 `go-offline bundle create` 在空文件夹中重新制作离线包。否则请删除该文件夹，再运行 `go-offline bundle update`。',
    },
  },
  BUNDLE_UPDATE_DAMAGED: {
    exit: 2,
    title: { en: 'The bundle to update is damaged; nothing was changed', zh: '要更新的离线包已损坏，未做任何改动' },
    cause: {
      en: 'Before changing anything, {path} was checked and {filesDoNot} match its checksums: {files}. An update would carry the damage forward, so it was not started; nothing on the media was changed.',
      zh: '在做任何改动之前检查了 {path}，有 {count} 个文件与其校验和不符：{filesZh}。更新会把损坏带到新的离线包中，因此没有开始；介质上的内容没有任何改动。',
    },
    fix: {
      en: 'Make the bundle again with `go-offline bundle create` into an empty folder (or copy a good copy back), then update that.',
      zh: '请用 `go-offline bundle create` 在空文件夹中重新制作离线包（或复制回一份完好的副本），然后再更新。',
    },
  },
  BUNDLE_UPDATE_EMPTY: {
    exit: 2,
    title: { en: 'The update would leave no Go archive', zh: '更新后将不剩任何 Go 归档' },
    cause: {
      en: 'After removing {removed}, the bundle would carry no Go toolchain; nothing was changed.',
      zh: '移除 {removed} 之后，离线包中将不再有任何 Go 工具链；未做任何改动。',
    },
    fix: {
      en: 'Keep at least one version and platform, or make a new bundle with `go-offline bundle create`.',
      zh: '请至少保留一个版本和平台，或用 `go-offline bundle create` 制作新的离线包。',
    },
  },
});
