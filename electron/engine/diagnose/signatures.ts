/**
 * "Paste an error message": known failure signatures of offline Go installs (see
 * failure-signatures.md) as patterns over the text people see, each explained in plain words.
 * Pure: matching never runs anything.
 */
import type { SignatureMatch } from '../../../shared/diagnose';
import { localize, type LocalText } from '../../../shared/text';

export interface Signature {
  id: string;
  patterns: RegExp[];
  title: LocalText;
  cause: LocalText;
  fix: LocalText;
  /** the diagnose rule that checks the machine for it */
  rule?: string;
  /** a sentence added to the cause when every {placeholder} in it is known from the text */
  detail?: LocalText;
  /** only when the facts read from the text agree */
  when?(facts: Record<string, string>): boolean;
}

const t = (en: string, zh: string): LocalText => ({ en, zh });

export const SIGNATURES: Signature[] = [
  {
    id: 'wrong-arch',
    rule: 'wrong-arch',
    patterns: [/cannot execute binary file:? Exec format error/i, /exec format error/i, /is not a valid Win32 application/i, /Bad CPU type in executable/i, /cannot execute binary file/i],
    title: t('Go was built for another kind of computer', 'Go 是为另一种电脑构建的'),
    cause: t(
      'The Go archive that was installed is for a different CPU or operating system than this machine (for example arm64 on an x86-64 PC), so the system refuses to start it.',
      '安装的 Go 压缩包对应的 CPU 或操作系统与本机不同（例如在 x86-64 电脑上装了 arm64 版本），系统因此无法启动它。',
    ),
    fix: t(
      'Install the archive that matches this machine (`uname -m` shows the CPU; x86_64 is amd64, aarch64 is arm64). Run the environment check and save a target profile so the right file is bundled.',
      '请安装与本机匹配的压缩包（`uname -m` 显示 CPU：x86_64 对应 amd64，aarch64 对应 arm64）。可以先运行环境检查并保存目标配置，确保打包正确的文件。',
    ),
  },
  {
    id: 'missing-loader',
    rule: 'missing-loader',
    patterns: [/required file not found/i, /(?:^|[\s/])go:\s*No such file or directory/im, /\/bin\/go: No such file or directory/i, /ld-linux[-\w.]*\.so\.\d+[^\n]*No such file/i],
    title: t('The program loader Go needs is missing', '缺少 Go 所需的程序加载器'),
    cause: t(
      'The go file exists, but it was linked against glibc and names a loader (such as /lib64/ld-linux-x86-64.so.2) that this system does not have, as on Alpine Linux (musl). Go toolchains before 1.21 were built this way.',
      'go 文件确实存在，但它依赖 glibc，需要本系统没有的加载器（例如 /lib64/ld-linux-x86-64.so.2），Alpine Linux（musl）上就会这样。Go 1.21 之前的工具链都是这样构建的。',
    ),
    fix: t(
      'Install Go 1.21 or newer (its tools need no loader), or install the glibc compatibility package (apk add gcompat) on this machine.',
      '请安装 Go 1.21 或更新版本（其工具不需要加载器），或在本机安装 glibc 兼容包（apk add gcompat）。',
    ),
  },
  {
    id: 'glibc-too-old',
    rule: 'glibc-too-old',
    patterns: [/version [`'‘]?GLIBC_\d+\.\d+(?:\.\d+)?['’]? not found/i],
    title: t('This system’s C library is too old for the program', '本系统的 C 库版本太旧'),
    cause: t(
      'The program was built with cgo against a newer glibc than this machine has (for example CentOS 7 has glibc 2.17).',
      '该程序在构建时使用了 cgo，依赖比本机更新的 glibc（例如 CentOS 7 只有 glibc 2.17）。',
    ),
    fix: t(
      'Rebuild the program with CGO_ENABLED=0 (a static binary), or build it on a machine with the same or an older glibc.',
      '请用 CGO_ENABLED=0 重新构建（生成静态程序），或在 glibc 版本相同或更旧的机器上构建。',
    ),
  },
  {
    id: 'os-too-old',
    rule: 'os-too-old',
    patterns: [/Exception 0xc0000005[\s\S]*asmstdcall/i, /runtime\.asmstdcall/i, /kernel too old/i, /requires (?:a )?newer (?:macOS|kernel)/i, /was built for (?:a )?newer macOS version/i],
    title: t('The operating system is older than this Go release supports', '操作系统版本低于该 Go 版本的最低要求'),
    cause: t(
      'Each Go release needs a minimum OS: Go 1.21+ needs Windows 10 / Server 2016, Go 1.24+ needs Linux kernel 3.2, recent releases need macOS 12 or 13.',
      '每个 Go 版本都有最低系统要求：Go 1.21 起需要 Windows 10 / Server 2016，Go 1.24 起需要 Linux 内核 3.2，较新的版本需要 macOS 12 或 13。',
    ),
    fix: t(
      'Choose an older Go release that still supports this machine, or upgrade the operating system.',
      '请选择仍然支持本机的较旧 Go 版本，或升级操作系统。',
    ),
  },
  {
    id: 'path-not-loaded',
    rule: 'path-not-loaded',
    patterns: [/(?:^|\s)-?(?:ba|k|da)?sh: (?:line \d+: )?go: (?:command )?not found/im, /zsh: command not found: go\b/i, /\bgo: command not found/i, /command not found: go\b/i],
    title: t('The shell does not find go', 'Shell 找不到 go 命令'),
    cause: t(
      'The PATH change was written to a startup file this shell does not read: bash ignores ~/.profile when ~/.bash_profile exists, zsh never reads ~/.profile, non-login shells skip profiles, and a change only applies to new sessions.',
      'PATH 的修改写进了该 Shell 并不读取的启动文件：存在 ~/.bash_profile 时 bash 会忽略 ~/.profile，zsh 从不读取 ~/.profile，非登录 Shell 不读 profile，而且修改只对新会话生效。',
    ),
    fix: t(
      'Open a new terminal (or log out and in). If it still fails, run `go-offline diagnose`: it shows which startup files your shell reads and where Go’s PATH line is.',
      '请打开新的终端（或注销后重新登录）。如果仍然不行，请运行 `go-offline diagnose`：它会显示 Shell 读取哪些启动文件，以及 Go 的 PATH 设置写在哪里。',
    ),
  },
  {
    id: 'fish-syntax',
    rule: 'fish-syntax',
    patterns: [/fish: Unknown command:? ['"]?export['"]?/i, /fish: Unsupported use of '='/i],
    title: t('A bash-style line in the fish configuration', 'fish 配置中有 bash 风格的语句'),
    cause: t('fish has its own syntax: `export PATH=...` lines written for bash do not work there.', 'fish 有自己的语法：为 bash 编写的 `export PATH=...` 在 fish 中无效。'),
    fix: t(
      'Use `fish_add_path /usr/local/go/bin` once, or a file in ~/.config/fish/conf.d/ with `set -gx` lines, and remove the export line.',
      '请运行一次 `fish_add_path /usr/local/go/bin`，或在 ~/.config/fish/conf.d/ 中用 `set -gx` 写配置，并删除 export 行。',
    ),
  },
  {
    id: 'win-not-recognized',
    rule: 'win-path',
    patterns: [/'go' is not recognized as an internal or external command/i, /go : The term 'go' is not recognized/i, /The term 'go' is not recognized/i],
    title: t('Windows does not find go.exe', 'Windows 找不到 go.exe'),
    cause: t(
      'The console was opened before PATH was changed (consoles keep the PATH they started with), or go.exe was removed, for example quarantined by antivirus.',
      '控制台是在修改 PATH 之前打开的（控制台会保留启动时的 PATH），或者 go.exe 已被删除，例如被杀毒软件隔离。',
    ),
    fix: t('Open a new console window. If it still fails, check that go.exe exists in Go’s bin folder and that the folder is in your user or system PATH.', '请打开新的控制台窗口。如果仍然不行，请检查 Go 的 bin 文件夹中是否有 go.exe，以及该文件夹是否在用户或系统 PATH 中。'),
  },
  {
    id: 'setx-truncation',
    rule: 'win-path',
    patterns: [/data being saved is truncated to 1024 characters/i],
    title: t('setx cut your PATH to 1024 characters', 'setx 把 PATH 截断为 1024 个字符'),
    cause: t(
      '`setx PATH "%PATH%;..."` stores at most 1024 characters and copies the system PATH into your user PATH, so folders at the end were lost.',
      '`setx PATH "%PATH%;..."` 最多只保存 1024 个字符，并把系统 PATH 复制进用户 PATH，末尾的文件夹因此丢失。',
    ),
    fix: t(
      'Never use setx for PATH. Restore the user Path in System Properties → Environment Variables (remove the copied system entries) and let the installer add Go’s folder.',
      '请不要用 setx 修改 PATH。在“系统属性 → 环境变量”中恢复用户 Path（删除复制进来的系统条目），再让安装程序添加 Go 的文件夹。',
    ),
  },
  {
    id: 'mac-paths-d',
    rule: 'mac-paths-d',
    patterns: [/\/etc\/paths\.d/i, /path_helper/i],
    title: t('macOS: /etc/paths.d is not applied in this shell', 'macOS：当前 Shell 没有应用 /etc/paths.d'),
    cause: t(
      '/etc/paths.d is read only by path_helper from /etc/profile in login shells; a startup file that sets PATH from scratch hides it.',
      '/etc/paths.d 只在登录 Shell 中由 /etc/profile 调用 path_helper 读取；如果启动文件重新设置了整个 PATH，它就会失效。',
    ),
    fix: t('Open a new terminal or run `source /etc/profile`; fix startup files that overwrite PATH instead of adding to it.', '请打开新终端或运行 `source /etc/profile`；修改那些覆盖而不是追加 PATH 的启动文件。'),
  },
  {
    id: 'mac-quarantine',
    rule: 'mac-quarantine',
    patterns: [/cannot be opened because the developer cannot be verified/i, /com\.apple\.quarantine/i, /killed: 9|exit (?:status|code) 137/i],
    title: t('macOS blocks files downloaded by a browser', 'macOS 阻止了浏览器下载的文件'),
    cause: t('Files copied from a browser download carry the com.apple.quarantine mark, and macOS refuses or kills unsigned programs that have it.', '从浏览器下载的文件带有 com.apple.quarantine 标记，macOS 会拒绝运行或直接终止带此标记的未签名程序。'),
    fix: t('Check the sha256 of the archive first, then remove the mark: `xattr -dr com.apple.quarantine /usr/local/go`.', '请先核对压缩包的 sha256，再移除标记：`xattr -dr com.apple.quarantine /usr/local/go`。'),
  },
  {
    id: 'stale-goroot',
    rule: 'stale-goroot',
    patterns: [/cannot find GOROOT directory: (?!'go' binary is trimmed)/i, /GOROOT[^\n]*(?:is not a directory|does not exist)/i],
    detail: t('GOROOT names {goroot}.', 'GOROOT 指向 {goroot}。'),
    title: t('GOROOT points at a Go that is gone', 'GOROOT 指向已不存在的 Go'),
    cause: t(
      'GOROOT is still set to a removed or moved install (old dotfiles, Homebrew, asdf, an old `go env -w`). Go does not need GOROOT to be set at all.',
      'GOROOT 仍然指向已删除或移动的安装（旧的配置文件、Homebrew、asdf 或以前的 `go env -w`）。其实 Go 根本不需要设置 GOROOT。',
    ),
    fix: t(
      'Remove the GOROOT setting from the environment, your startup files and the `go env -w` file (`go env -u GOROOT`), then open a new terminal.',
      '请从环境变量、启动文件以及 `go env -w` 文件中删除 GOROOT 设置（`go env -u GOROOT`），然后打开新终端。',
    ),
  },
  {
    id: 'trimmed-goroot',
    rule: 'trimmed-goroot',
    patterns: [/'go' binary is trimmed and GOROOT is not set/i],
    title: t('go cannot find its own folder', 'go 找不到自己的安装目录'),
    cause: t(
      'go works out its GOROOT from where its binary is; it could not (the binary was copied out of its tree, /proc is not mounted, or a symlink cannot be followed).',
      'go 根据自身所在位置推断 GOROOT，但这次失败了（go 文件被复制到了安装目录之外、/proc 未挂载，或符号链接无法解析）。',
    ),
    fix: t('Run go from its own folder (…/go/bin/go), or link to it instead of copying it; as a last resort set GOROOT to the Go folder.', '请从 Go 自己的目录运行（…/go/bin/go），或用链接代替复制；实在不行再把 GOROOT 设为 Go 的目录。'),
  },
  {
    id: 'toolchain-unavailable',
    rule: 'toolchain-unavailable',
    patterns: [/toolchain not available/i],
    title: t('go.mod names a Go version that was never released', 'go.mod 中写的 Go 版本并不存在'),
    cause: t(
      'The go line says `go 1.N` without a patch number; since Go 1.21 releases are called 1.N.0, so Go looks for a toolchain that does not exist.',
      'go 行写的是不带补丁号的 `go 1.N`；从 Go 1.21 起正式版叫 1.N.0，所以 Go 会去找一个不存在的工具链。',
    ),
    fix: t(
      'Write the release in go.mod (`go 1.N.0`), and have that Go on this machine: bring it on media made on the connected machine (`go-offline bundle create --version 1.N.0 …`, or `go-offline bundle update <media> --add-version 1.N.0`) and install it beside the current Go (`go-offline install --bundle <media> --side-by-side --go-version 1.N.0`). If it is already installed side by side (`go-offline versions`), make it the default with `go-offline use go1.N.x`, or let GOTOOLCHAIN=path find it. Run Diagnose with this project to get the exact version and commands.',
      '请在 go.mod 中写发行版本（`go 1.N.0`），并让本机有这个 Go：在联网机器上把它放到安装介质上（`go-offline bundle create --version 1.N.0 …`，或 `go-offline bundle update <安装介质> --add-version 1.N.0`），再把它并列安装在当前 Go 旁边（`go-offline install --bundle <安装介质> --side-by-side --go-version 1.N.0`）。如果它已经并列安装（`go-offline versions`），可以用 `go-offline use go1.N.x` 把它设为默认，或让 GOTOOLCHAIN=path 自动找到它。对这个项目运行诊断，可以得到确切的版本和命令。',
    ),
  },
  {
    id: 'toolchain-download-offline',
    rule: 'toolchain-download-offline',
    patterns: [/golang\.org\/toolchain@v0\.0\.1-go/i, /go: downloading go\d+\.\d+/i, /go: download go\d[^\n]*(?:dial tcp|lookup|connection refused|timeout)/i],
    title: t('Go tries to download a newer Go, without network', 'Go 试图在没有网络的情况下下载新版本 Go'),
    cause: t(
      'go.mod asks for a newer Go than the one installed, and GOTOOLCHAIN is not `local`, so go tries to fetch that toolchain from the internet.',
      'go.mod 要求的 Go 版本比已安装的更新，而 GOTOOLCHAIN 不是 `local`，所以 go 会尝试从互联网下载该工具链。',
    ),
    fix: t('Bundle and install a Go at least as new as go.mod asks, and set GOTOOLCHAIN=local on the offline machine.', '请打包并安装不低于 go.mod 要求的 Go 版本，并在离线机器上设置 GOTOOLCHAIN=local。'),
  },
  {
    id: 'toolchain-not-installed',
    rule: 'toolchain-not-installed',
    patterns: [/go: cannot find "go\d[^"]*" in PATH/i],
    title: t('The Go version go.mod asks for is not installed beside the default one', 'go.mod 要求的 Go 版本没有并列安装'),
    cause: t(
      'GOTOOLCHAIN=path: go.mod asks for a newer Go than the default one, and go found no go1.X.Y command of that version on PATH. It does not download.',
      'GOTOOLCHAIN=path：go.mod 要求比默认版本更新的 Go，而 go 在 PATH 中没有找到该版本的 go1.X.Y 命令。它不会下载。',
    ),
    fix: t('Install that version beside the default one: `go-offline install --bundle B --side-by-side --go-version 1.X.Y` (see `go-offline versions`).', '请把该版本并列安装：`go-offline install --bundle 离线包 --side-by-side --go-version 1.X.Y`（参见 `go-offline versions`）。'),
  },
  {
    id: 'toolchain-sumdb-off',
    rule: 'toolchain-sumdb-off',
    patterns: [/checksum database disabled by GOSUMDB=off/i],
    title: t('A toolchain download needs the checksum database', '下载工具链需要校验和数据库'),
    cause: t('Go toolchain downloads are always checked against the checksum database; GOSUMDB=off, GOPRIVATE and GONOSUMDB do not apply to them.', 'Go 工具链的下载总要经过校验和数据库验证；GOSUMDB=off、GOPRIVATE 和 GONOSUMDB 对它都不起作用。'),
    fix: t('Ship and install exactly the Go version the module needs and set GOTOOLCHAIN=local.', '请携带并安装模块所需的确切 Go 版本，并设置 GOTOOLCHAIN=local。'),
  },
  {
    id: 'toolchain-too-old-local',
    rule: 'toolchain-too-old-local',
    patterns: [/go\.mod requires go >= ?[\d.]+/i, /module requires Go \d/i, /go\.work requires go >= ?[\d.]+/i],
    detail: t('The project needs Go {needGo} or newer.', '该项目需要 Go {needGo} 或更新版本。'),
    title: t('The installed Go is older than the module needs', '已安装的 Go 版本低于模块要求'),
    cause: t('The module’s go.mod (or go.work) needs a newer Go, and with GOTOOLCHAIN=local Go will not switch.', '模块的 go.mod（或 go.work）要求更新的 Go，而在 GOTOOLCHAIN=local 下 Go 不会切换版本。'),
    fix: t('Install a Go at least as new as the go line (bundle it on the online side).', '请安装不低于 go 行要求的 Go 版本（在联网机器上打包）。'),
  },
  {
    id: 'proxy-offline',
    rule: 'proxy-offline',
    patterns: [/proxy\.golang\.org[^\n]*(?:dial tcp|connection refused|no such host|i\/o timeout|lookup)/i, /dial tcp: lookup proxy\.golang\.org/i, /Get "https:\/\/proxy\.golang\.org/i, /goproxy\.(?:cn|io)[^\n]*(?:dial tcp|timeout)/i],
    title: t('Go tries to fetch modules from the internet', 'Go 试图从互联网获取模块'),
    cause: t('GOPROXY still points at an internet proxy (the default is proxy.golang.org), and this machine has no network.', 'GOPROXY 仍然指向互联网代理（默认是 proxy.golang.org），而本机没有网络。'),
    fix: t(
      'Point GOPROXY at the bundled module proxy (`GOPROXY=file:///path/to/proxy,off`), use vendoring, or set GOPROXY=off with a filled module cache.',
      '请把 GOPROXY 指向随包附带的模块代理（`GOPROXY=file:///代理路径,off`），或使用 vendor，或在模块缓存已准备好时设置 GOPROXY=off。',
    ),
  },
  {
    id: 'sumdb-offline',
    rule: 'sumdb-offline',
    patterns: [/sum\.golang\.org[^\n]*(?:dial tcp|timeout|connection refused|lookup)/i, /verifying module:[^\n]*Get "https:\/\/sum\.golang/i, /Get "https:\/\/sum\.golang\.org/i],
    title: t('Go asks the checksum database, without network', 'Go 在没有网络时查询校验和数据库'),
    cause: t('A module’s hash is missing from go.sum, so go asks sum.golang.org to confirm it.', 'go.sum 中缺少某个模块的哈希，go 因此向 sum.golang.org 查询。'),
    fix: t(
      'Ship a complete go.sum (run `go mod tidy` online); list internal modules in GOPRIVATE/GONOSUMDB; GOSUMDB=off only as a last resort.',
      '请携带完整的 go.sum（在联网机器上运行 `go mod tidy`）；内部模块写进 GOPRIVATE/GONOSUMDB；GOSUMDB=off 只作为最后手段。',
    ),
  },
  {
    id: 'proxy-off-missing',
    rule: 'proxy-file-missing',
    patterns: [/module lookup disabled by GOPROXY=off/i, /disabled by GOPROXY=off/i],
    detail: t('The module it looked for is {module}@{version}: it is neither in the module cache nor in a file proxy.', '它要找的模块是 {module}@{version}：既不在模块缓存中，也不在文件代理中。'),
    title: t('A module file is missing from the offline cache', '离线缓存中缺少某个模块文件'),
    cause: t(
      'With GOPROXY=off (or a file proxy ending in ,off) go may only use what is there; a needed .mod, .info or .zip file was not copied.',
      '在 GOPROXY=off（或以 ,off 结尾的文件代理）下，go 只能使用已有的文件；所需的 .mod、.info 或 .zip 文件没有被复制过来。',
    ),
    fix: t(
      'On the online machine run `go mod download all` and the commands you will run offline with a fresh cache, then copy the whole cache/download tree again.',
      '请在联网机器上用全新的缓存运行 `go mod download all` 以及离线时要运行的命令，然后重新复制整个 cache/download 目录。',
    ),
  },
  {
    id: 'file-proxy-windows-url',
    rule: 'proxy-file-url',
    patterns: [/invalid file:\/\/ proxy URL/i],
    title: t('The file:// GOPROXY address is written wrongly', 'file:// 形式的 GOPROXY 地址写法错误'),
    cause: t('On Windows a file proxy needs three slashes and forward slashes: `file:///D:/proxy`, not `file://D:/proxy` or `file://D:\\proxy`.', '在 Windows 上文件代理需要三个斜杠并使用正斜杠：`file:///D:/proxy`，而不是 `file://D:/proxy` 或 `file://D:\\proxy`。'),
    fix: t('Set GOPROXY=file:///D:/path/to/proxy,off (three slashes, forward slashes).', '请设置 GOPROXY=file:///D:/代理路径,off（三个斜杠，正斜杠）。'),
  },
  {
    id: 'missing-go-sum',
    rule: 'project-offline',
    patterns: [/missing go\.sum entry/i],
    detail: t('The package is {package}, in {file}.', '涉及的包是 {package}，位于 {file}。'),
    title: t('go.sum is incomplete', 'go.sum 不完整'),
    cause: t('go.sum lacks the hash of a module the build needs; offline, go cannot fetch it.', 'go.sum 中缺少构建所需模块的哈希，离线时 go 无法获取。'),
    fix: t('On the online machine run `go mod tidy`, check the build works with `-mod=readonly`, then bundle again.', '请在联网机器上运行 `go mod tidy`，确认 `-mod=readonly` 下可以构建，然后重新打包。'),
  },
  {
    id: 'inconsistent-vendoring',
    rule: 'project-offline',
    patterns: [/inconsistent vendoring/i],
    detail: t('The project is {dir}.', '项目位于 {dir}。'),
    title: t('vendor/ does not match go.mod', 'vendor/ 与 go.mod 不一致'),
    cause: t('vendor/ was made by another Go version, or go.mod changed after `go mod vendor`.', 'vendor/ 是用其他 Go 版本生成的，或者在 `go mod vendor` 之后 go.mod 又改过。'),
    fix: t('Run `go mod vendor` again with the same Go version as the offline machine, then bundle again.', '请用与离线机器相同的 Go 版本重新运行 `go mod vendor`，然后重新打包。'),
  },
  {
    id: 'vendor-missing-package',
    patterns: [/import lookup disabled by -mod=vendor/i, /cannot find module providing package[^\n]*-mod=vendor/i],
    title: t('vendor/ lacks a package', 'vendor/ 中缺少某个包'),
    cause: t('The code imports a package that is not in vendor/.', '代码导入了 vendor/ 中没有的包。'),
    fix: t('On the online machine run `go mod tidy && go mod vendor`, then bundle again.', '请在联网机器上运行 `go mod tidy && go mod vendor`，然后重新打包。'),
  },
  {
    id: 'goflags-insecure',
    rule: 'goflags-insecure',
    patterns: [/parsing \$GOFLAGS: unknown flag -insecure\b/i, /unknown flag -insecure\b/i],
    title: t('GOFLAGS has a flag Go no longer knows', 'GOFLAGS 中有 Go 已不再支持的参数'),
    cause: t('`-insecure` was removed in Go 1.17; an old setting in GOFLAGS now stops every go command.', '`-insecure` 已在 Go 1.17 中移除；GOFLAGS 中的旧设置会导致所有 go 命令失败。'),
    fix: t('Remove -insecure from GOFLAGS (environment and `go env -w`); use GOINSECURE or GOPRIVATE/GONOSUMDB instead.', '请从 GOFLAGS（环境变量和 `go env -w`）中删除 -insecure；改用 GOINSECURE 或 GOPRIVATE/GONOSUMDB。'),
  },
  {
    id: 'usb-noexec',
    rule: 'noexec-mount',
    patterns: [/fork\/exec [^\n]*permission denied/i, /\/(?:media|mnt|run\/media)\/[^\n]*Permission denied/i, /^(?:-?(?:ba|z|da|k)?sh: )?(?:line \d+: )?\/[^\s:]+: Permission denied\s*$/im],
    detail: t('The program that could not start is {path}.', '无法启动的程序是 {path}。'),
    title: t('Programs may not run from this disk', '不允许从该磁盘运行程序'),
    cause: t(
      'Removable media (and some temp folders) are mounted with noexec, or FAT sticks with showexec, so programs on them cannot start.',
      '可移动介质（以及某些临时目录）以 noexec 方式挂载，或 FAT 盘使用 showexec，上面的程序无法启动。',
    ),
    fix: t('Copy the files to a local disk and install from there; never install Go onto the stick. For a noexec temp folder set GOTMPDIR to a folder on a normal disk.', '请把文件复制到本地磁盘后再安装，不要把 Go 安装在 U 盘上。如果临时目录是 noexec，请把 GOTMPDIR 设为普通磁盘上的文件夹。'),
  },
  {
    id: 'antivirus',
    rule: 'tree-tampered',
    patterns: [/contains a virus or potentially unwanted software/i, /Operation did not complete successfully because the file contains a virus/i],
    title: t('Antivirus removed or blocked a Go file', '杀毒软件删除或拦截了 Go 的文件'),
    cause: t('Antivirus programs sometimes flag Go’s own tools by mistake (see the Go FAQ) and quarantine them.', '杀毒软件有时会误报 Go 自带的工具（见 Go FAQ）并将其隔离。'),
    fix: t('Check the archive’s sha256, restore the file or exclude the Go folder, reinstall, and report the false positive to the vendor.', '请核对压缩包的 sha256，恢复文件或把 Go 目录加入排除列表，重新安装，并向杀毒软件厂商报告误报。'),
  },
  {
    id: 'html-not-archive',
    patterns: [/<a href="https?:\/\/dl\.google\.com\/go\//i, /<html|<!doctype html/i, /gzip: stdin: not in gzip format/i, /sha256[^\n]*mismatch/i],
    title: t('The downloaded file is a web page, not the archive', '下载得到的是网页，而不是压缩包'),
    cause: t('A redirect page was saved instead of the file (the download did not follow redirects), or the download was cut short.', '保存的是跳转页面而不是文件本身（下载时没有跟随跳转），或者下载不完整。'),
    fix: t('Download again following redirects (this installer does) and check the sha256 before copying.', '请重新下载并跟随跳转（本安装程序会自动处理），复制前核对 sha256。'),
  },
  {
    id: 'truncated-archive',
    patterns: [/unexpected end of file/i, /Unexpected EOF in archive/i, /zip: not a valid zip file/i, /unexpected EOF/i],
    title: t('The archive is cut short', '压缩包不完整'),
    cause: t('The copy or download stopped early, or the disk was full.', '复制或下载提前中断，或者磁盘已满。'),
    fix: t('Copy it again and check the sha256 (`go-offline bundle verify`) before extracting.', '请重新复制，并在解压前核对 sha256（`go-offline bundle verify`）。'),
  },
  {
    id: 'fat32-4gib',
    patterns: [/FAT32/i, /File too large/i, /\b4 ?GiB\b|\b4 ?GB\b[^\n]*(?:limit|stops|copy)/i],
    title: t('FAT32 cannot hold files of 4 GiB or more', 'FAT32 无法保存 4 GiB 及以上的文件'),
    cause: t('FAT32 limits each file to 4 GiB; larger files stop copying, sometimes without an error.', 'FAT32 限制单个文件不超过 4 GiB；更大的文件会复制失败，有时甚至没有提示。'),
    fix: t('Format the stick as exFAT or NTFS, or let the bundle split large files; verify after copying.', '请把 U 盘格式化为 exFAT 或 NTFS，或让打包时分割大文件；复制后进行校验。'),
  },
  {
    id: 'no-permission',
    rule: 'no-permission',
    patterns: [/\b(?:open|mkdir|remove|rename|unlinkat|chmod|symlink|link|write|creat) [^\n]*: permission denied/i],
    detail: t('Go was refused when it tried to {op} {path}.', 'Go 在尝试{opZh} {path} 时被拒绝。'),
    title: t('Go may not write where it needs to', 'Go 没有权限写入所需的位置'),
    cause: t(
      'Writing to a system folder as a normal user, or GOBIN/GOPATH inside the root-owned Go tree, or a cache folder your user may not write.',
      '以普通用户身份写入系统目录，或 GOBIN/GOPATH 位于属于 root 的 Go 目录内，或者当前用户无权写入缓存目录。',
    ),
    fix: t('Keep GOPATH and GOBIN outside GOROOT (the default ~/go is fine); for a system install run the installer as administrator, or install for your user only.', '请让 GOPATH 和 GOBIN 位于 GOROOT 之外（默认的 ~/go 即可）；系统级安装请以管理员身份运行安装程序，或只为当前用户安装。'),
  },
  {
    id: 'no-main-module',
    rule: 'no-main-module',
    patterns: [/go\.mod file not found in current directory or any parent directory/i, /cannot find main module/i, /go: no modules were found in the current workspace/i],
    title: t('The command was run outside a Go module', '命令是在 Go 模块之外运行的'),
    cause: t('go looks for go.mod in the current folder and its parents; there was none. This is not an install fault.', 'go 会在当前文件夹及其上级中查找 go.mod，但没有找到。这不是安装问题。'),
    fix: t('cd to the folder with go.mod (the module root), or create a module with `go mod init NAME`.', '请进入包含 go.mod 的文件夹（模块根目录），或用 `go mod init 名称` 创建模块。'),
  },
  {
    id: 'gopath-is-goroot',
    rule: 'no-permission',
    patterns: [/GOPATH set to GOROOT/i, /GOPATH entry is relative/i, /warning: GOPATH set to GOROOT/i],
    title: t('GOPATH is set to the Go folder itself', 'GOPATH 被设成了 Go 的安装目录'),
    cause: t('GOPATH must be a separate folder for your own code and downloaded modules, not GOROOT.', 'GOPATH 必须是存放你的代码和下载模块的独立文件夹，而不是 GOROOT。'),
    fix: t('Unset GOPATH (the default ~/go is used) or set it to a folder outside Go’s folder.', '请取消 GOPATH 设置（将使用默认的 ~/go），或设为 Go 目录之外的文件夹。'),
  },
  {
    id: 'x509-unknown-authority',
    patterns: [/x509: certificate signed by unknown authority/i, /tls: failed to verify certificate: x509: certificate signed by unknown authority/i],
    detail: t('The server is {host}.', '该服务器是 {host}。'),
    title: t('An internal proxy’s certificate is not trusted', '内部代理的证书不受信任'),
    cause: t('An internal GOPROXY or mirror uses a certificate from a company CA this machine does not trust.', '内部 GOPROXY 或镜像使用了公司 CA 签发的证书，本机不信任该 CA。'),
    fix: t('Add the company CA to the system trust store (update-ca-certificates / Keychain / certmgr); do not disable checks.', '请把公司 CA 加入系统信任库（update-ca-certificates / 钥匙串 / certmgr）；不要关闭证书校验。'),
  },
  {
    id: 'clock-wrong',
    patterns: [/x509: certificate has expired or is not yet valid: current time \S+ is (?:before|after) \S+/i],
    when: (f) => f.clockWrong === 'yes',
    title: t('This machine’s clock is wrong', '本机时钟不正确'),
    cause: t('The certificate check failed because of the time on this machine, not because of the certificate: the message says the current time is {currentTime}.', '证书检查失败是因为本机时间不对，而不是证书本身：消息中显示的当前时间是 {currentTime}。'),
    fix: t('Check the clock first: `date`, then set it (`sudo timedatectl set-time "YYYY-MM-DD HH:MM:SS"`, or turn on time sync with `sudo timedatectl set-ntp true`); then try again. Do not add certificates or turn checks off.', '请先检查时钟：运行 `date`，然后校正（`sudo timedatectl set-time "YYYY-MM-DD HH:MM:SS"`，或用 `sudo timedatectl set-ntp true` 开启时间同步），再重试。不要添加证书或关闭校验。'),
  },
  {
    id: 'certificate-expired',
    patterns: [/x509: certificate has expired or is not yet valid: current time \S+ is after \S+/i],
    when: (f) => f.clockWrong !== 'yes',
    title: t('A server’s certificate has expired', '服务器证书已过期'),
    cause: t('The certificate of {host} ran out on {notAfter}, and this machine’s clock ({currentTime}) looks right.', '{host} 的证书已于 {notAfter} 过期，而本机时钟（{currentTime}）看起来是正确的。'),
    fix: t('Ask whoever runs {host} to renew its certificate; meanwhile use the bundle’s file module proxy. Do not turn certificate checks off.', '请联系 {host} 的管理员更新证书；在此期间请使用安装包中的文件模块代理。不要关闭证书校验。'),
  },
  {
    id: 'unknown-directive',
    rule: 'project-offline',
    patterns: [/:\d+: unknown directive: \w+/i],
    title: t('go.mod uses a line this Go cannot read', 'go.mod 中有此版本 Go 无法识别的语句'),
    cause: t('{file} line {line} uses the "{directive}" directive, which a newer Go added; the installed Go stops reading go.mod there.', '{file} 第 {line} 行使用了较新版本 Go 才有的 “{directive}” 指令；已安装的 Go 读到这里就会停止。'),
    fix: t('Install a Go new enough for the project from a bundle (the project’s `go` line says which), or remove that line if the project does not need it.', '请从安装包安装足以满足项目要求的 Go（见项目的 `go` 行），如果项目不需要该行也可以删除它。'),
  },
  {
    id: 'goflags-unknown',
    rule: 'go-build-fails',
    patterns: [/parsing \$GOFLAGS: unknown flag -\S+/i, /go: parsing \$GOFLAGS: [^\n]+/i],
    title: t('GOFLAGS holds a flag this Go does not know', 'GOFLAGS 中有此版本 Go 不认识的参数'),
    cause: t('GOFLAGS contains {flag}; every go command that reads GOFLAGS stops before doing anything.', 'GOFLAGS 中有 {flag}；所有读取 GOFLAGS 的 go 命令都会在开始前停止。'),
    fix: t('Remove {flag} from GOFLAGS where it is set (a startup file, or `go env -w GOFLAGS=`); `go-offline diagnose` shows the file and line.', '请在设置 GOFLAGS 的地方（启动文件或 `go env -w GOFLAGS=`）删除 {flag}；`go-offline diagnose` 会显示所在文件和行。'),
  },
  {
    id: 'gocache-off',
    rule: 'go-settings',
    patterns: [/build cache is disabled by GOCACHE=off/i],
    title: t('The build cache is switched off', '构建缓存被关闭'),
    cause: t('GOCACHE=off; Go has needed its build cache for every build since 1.12.', 'GOCACHE=off；从 Go 1.12 起，每次构建都需要构建缓存。'),
    fix: t('Remove GOCACHE=off where it is set, or point GOCACHE at a writable folder.', '请在设置的地方删除 GOCACHE=off，或把 GOCACHE 指向可写的文件夹。'),
  },
  {
    id: 'read-only-fs',
    rule: 'go-folders',
    patterns: [/: read-only file system/i],
    title: t('Go tried to write on a read-only disk', 'Go 试图写入只读磁盘'),
    cause: t('{path} is on a disk or mount that is read-only.', '{path} 位于只读的磁盘或挂载点上。'),
    fix: t('Point the setting that names this folder (GOCACHE, GOMODCACHE, GOPATH, GOTMPDIR or TMPDIR) at a writable folder; `go-offline diagnose` shows which one and where it is set.', '请把指向该文件夹的设置（GOCACHE、GOMODCACHE、GOPATH、GOTMPDIR 或 TMPDIR）改为可写文件夹；`go-offline diagnose` 会显示是哪一项以及在哪里设置的。'),
  },
  {
    id: 'no-space',
    rule: 'go-folders',
    patterns: [/no space left on device/i],
    title: t('The disk is full', '磁盘已满'),
    cause: t('A disk Go writes to has no room left ({path}).', 'Go 写入的磁盘已没有空间（{path}）。'),
    fix: t('Free space there (`go clean -cache` empties the build cache), or point GOCACHE / GOTMPDIR at a disk with room.', '请清理该磁盘（`go clean -cache` 可清空构建缓存），或把 GOCACHE / GOTMPDIR 指向有空间的磁盘。'),
  },
  {
    id: 'work-dir',
    rule: 'go-folders',
    patterns: [/go: creating work dir: [^\n]+/i],
    title: t('Go cannot make its temporary work folder', 'Go 无法创建临时工作文件夹'),
    cause: t('Go builds in a folder under GOTMPDIR or TMPDIR, and creating it failed: {path} is missing or not writable.', 'Go 会在 GOTMPDIR 或 TMPDIR 下的文件夹中构建，但创建失败：{path} 不存在或不可写。'),
    fix: t('Point TMPDIR (or GOTMPDIR) at an existing, writable folder on a normal disk where it is set.', '请在设置的地方把 TMPDIR（或 GOTMPDIR）指向普通磁盘上已存在且可写的文件夹。'),
  },
  {
    id: 'compile-version-mismatch',
    rule: 'goroot-mismatch',
    patterns: [/compile: version "go[\d.]+" does not match go tool version "go[\d.]+"/i],
    title: t('Two Go versions are mixed', '混用了两个 Go 版本'),
    cause: t('The go command and the compiler come from different Go installs, usually because GOROOT names another Go than the one on PATH.', 'go 命令和编译器来自不同的 Go 安装，通常是因为 GOROOT 指向了 PATH 中之外的另一个 Go。'),
    fix: t('Remove the GOROOT setting so that go uses its own folder.', '请删除 GOROOT 设置，让 go 使用自己的目录。'),
  },
  {
    id: 'package-not-in-goroot',
    rule: 'module-mode-off',
    patterns: [/package \S+ is not in (?:GOROOT|std)/i, /cannot find package "[^"]+" in any of/i],
    title: t('Go looked for a package only in its own folder', 'Go 只在自己的目录中查找包'),
    cause: t('{package} is not a standard-library package; Go looked for it in GOROOT, which happens outside a module, with GO111MODULE=off, or when the import path is mistyped.', '{package} 不是标准库中的包；Go 在 GOROOT 中查找它，这发生在模块之外、GO111MODULE=off 时，或者导入路径写错时。'),
    fix: t('Build inside the module (where go.mod is), remove GO111MODULE=off, and check the import path.', '请在模块内（go.mod 所在位置）构建，删除 GO111MODULE=off，并检查导入路径。'),
  },
  {
    id: 'cgo-no-compiler',
    patterns: [/cgo: C compiler "[^"]+" not found/i, /exec: "(?:gcc|clang|cc)": executable file not found in \$PATH/i],
    title: t('No C compiler for cgo', '没有可供 cgo 使用的 C 编译器'),
    cause: t('The build uses cgo (C code), and the C compiler it names is not installed.', '该构建使用了 cgo（C 代码），但所需的 C 编译器没有安装。'),
    fix: t('Build with CGO_ENABLED=0 if the program does not need C code, or install gcc from this system’s offline packages.', '如果程序不需要 C 代码，请使用 CGO_ENABLED=0 构建；否则请从本系统的离线软件包安装 gcc。'),
  },
  {
    id: 'linker-missing-lib',
    patterns: [/ld: cannot find -l\S+/i],
    title: t('The linker cannot find a C library', '链接器找不到 C 库'),
    cause: t('The program links the C library "{lib}", and its development files are not installed on this machine.', '该程序需要链接 C 库 “{lib}”，但本机没有安装其开发文件。'),
    fix: t('Install the package that provides lib{lib} (its -dev / -devel package) from this system’s offline packages, or build with CGO_ENABLED=0.', '请从本系统的离线软件包安装提供 lib{lib} 的软件包（-dev / -devel 包），或使用 CGO_ENABLED=0 构建。'),
  },
  {
    id: 'network-unreachable',
    rule: 'proxy-offline',
    patterns: [/dial tcp[^\n]*(?:connection refused|no such host|i\/o timeout|network is unreachable|no route to host)/i, /TLS handshake timeout/i],
    title: t('A server could not be reached', '无法连接服务器'),
    cause: t('Go tried to reach {host} and got "{netError}"; this machine has no route to it (offline, a firewall, or a proxy that is not set).', 'Go 尝试连接 {host}，结果是 “{netError}”；本机无法访问它（离线、防火墙，或没有设置代理）。'),
    fix: t('Offline, do not let Go use the network: use the bundle’s file module proxy (`go env -w GOPROXY=file:///…,off`), GOTOOLCHAIN=local, and GOFLAGS=-mod=mod only with a filled cache.', '离线时不要让 Go 使用网络：请使用安装包中的文件模块代理（`go env -w GOPROXY=file:///…,off`）、GOTOOLCHAIN=local，并且只在缓存已准备好时使用 GOFLAGS=-mod=mod。'),
  },
  {
    id: 'permission-denied',
    patterns: [/permission denied/i],
    title: t('Something was refused access', '某项操作被拒绝访问'),
    cause: t('The text says "permission denied" but not which file or program, so the cause cannot be told from it alone.', '文本中有 “permission denied”，但没有说明是哪个文件或程序，因此仅凭它无法判断原因。'),
    fix: t('Run `go-offline diagnose` on this machine: it checks the folders Go writes to and the programs it runs as your user. Paste the full output of the failing command if it still fails.', '请在本机运行 `go-offline diagnose`：它会以你的用户身份检查 Go 写入的文件夹和运行的程序。如果仍然失败，请粘贴失败命令的完整输出。'),
  },
];

/**
 * What the text itself says, read by the grammar of Go's messages: the module and version
 * (`path@vX.Y.Z`), the file and line (`file.go:12:3`, `go.mod:5`), the operation and path of a
 * system error (`open PATH: permission denied`), the host of a network error (`Get "URL"`, `dial tcp:
 * lookup HOST`), TLS times, the flag GOFLAGS could not parse. Pure.
 */
export function readGoError(text: string, now: Date = new Date()): Record<string, string> {
  const f: Record<string, string> = {};
  let m: RegExpExecArray | null;
  if ((m = /(?:^|[\s:'"(])((?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}(?:\/[^\s@:'"()]+)*|golang\.org\/toolchain)@(v\d+\.\d+\.\d+[^\s:'"()]*)/m.exec(text))) {
    f.module = m[1]!;
    f.version = m[2]!.replace(/\/go\.mod$/, '');
  }
  if ((m = /(?:providing package|package|import) "?([a-zA-Z0-9._~-]+(?:\/[a-zA-Z0-9._~-]+)+)"?/.exec(text))) f.package = m[1]!;
  if ((m = /((?:\.{0,2}\/|[A-Za-z]:\\)?[\w./\\-]*?(?:\.go|go\.mod|go\.work|\.s|\.c)):(\d+)(?::\d+)?/.exec(text))) {
    f.file = m[1]!;
    f.line = m[2]!;
  }
  if ((m = /unknown directive: (\w+)/.exec(text))) f.directive = m[1]!;
  if ((m = /\b(open|mkdir|remove|rename|unlinkat|chmod|symlink|link|write|creat|fork\/exec|stat|lstat|exec) "?([^\s:"]+)"?: (permission denied|no such file or directory|read-only file system|no space left on device|operation not permitted|exec format error)/i.exec(text))) {
    f.op = m[1]!.toLowerCase();
    f.path = m[2]!;
    f.errno = m[3]!.toLowerCase();
    f.opZh = ({ open: '打开', mkdir: '创建文件夹', remove: '删除', rename: '重命名', write: '写入', chmod: '修改权限', 'fork/exec': '运行', exec: '运行' } as Record<string, string>)[f.op] ?? f.op;
  } else if ((m = /^(?:-?(?:ba|z|da|k)?sh: )?(?:line \d+: )?(\/[^\s:]+): Permission denied/im.exec(text))) {
    f.op = 'exec';
    f.path = m[1]!;
    f.errno = 'permission denied';
  } else if ((m = /(?:creating work dir|failed to initialize build cache at|mkdir|open) (\/[^\s:]+)/.exec(text))) f.path = m[1]!;
  if (!f.path && (m = /no space left on device/i.exec(text))) {
    const p = /(\/[^\s:]+)[^\n]*no space left/i.exec(text);
    if (p) f.path = p[1]!;
  }
  if ((m = /Get "?(https?:\/\/([^/"\s:]+)(?::\d+)?[^"\s]*)"?/.exec(text))) {
    f.url = m[1]!;
    f.host = m[2]!;
  } else if ((m = /dial tcp(?:: lookup ([^\s:]+)| ([\d.]+|\[[0-9a-f:]+\]):\d+)/i.exec(text))) f.host = (m[1] ?? m[2])!;
  if ((m = /(connection refused|no such host|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout)/i.exec(text))) f.netError = m[1]!;
  if ((m = /unknown flag (-\S+)/.exec(text))) f.flag = m[1]!;
  if ((m = /cannot find GOROOT directory: (\S+)/.exec(text))) f.goroot = m[1]!;
  if ((m = /requires go >= ?([\d.]+)/.exec(text))) f.needGo = m[1]!;
  if ((m = /inconsistent vendoring in ([^:\n]+):/.exec(text))) f.dir = m[1]!;
  if ((m = /cannot find -l(\S+?)(?::|\s|$)/.exec(text))) f.lib = m[1]!;
  if ((m = /current time (\S+) is (before|after) (\S+)/.exec(text))) {
    f.currentTime = m[1]!;
    const cur = Date.parse(m[1]!);
    const edge = Date.parse(m[3]!);
    if (m[2] === 'after') f.notAfter = m[3]!;
    else f.notBefore = m[3]!;
    // the time in the message is the clock of the machine that printed it: compared with a sane
    // lower bound (this tool's own build is newer) and with this machine's clock when pasted here
    const sane = Date.parse('2025-01-01T00:00:00Z');
    const off = Number.isFinite(cur) && (cur < sane || Math.abs(cur - now.getTime()) > 24 * 3600 * 1000);
    const notYet = m[2] === 'before' && Number.isFinite(edge);
    f.clockWrong = off || notYet ? 'yes' : 'no';
  }
  return f;
}

function fill(tpl: LocalText, facts: Record<string, string>): LocalText | null {
  const names = [...`${tpl.en} ${tpl.zh}`.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!);
  if (names.some((n) => facts[n] === undefined)) return null;
  return localize(tpl, facts);
}

/**
 * Match a pasted error message against the known signatures, best (earliest, most specific) first.
 * Where two signatures match the same part of the text only the more specific one (earlier in the
 * list) is kept, so a bare "permission denied" gets one explanation, not two; the cause and fix are
 * filled from what the text says (module, file, host, flag), and a signature whose text needs a fact
 * the message does not give keeps its general wording.
 */
export function matchErrorText(text: string, now: Date = new Date()): SignatureMatch[] {
  const facts = readGoError(text, now);
  const found: Array<SignatureMatch & { order: number; at: number; end: number }> = [];
  SIGNATURES.forEach((s, order) => {
    if (s.when && !s.when(facts)) return;
    for (const re of s.patterns) {
      const m = re.exec(text);
      if (!m) continue;
      const at = m.index;
      const end = at + m[0].length;
      // a more specific signature already explains this part of the text
      if (found.some((x) => at < x.end && x.at < end)) break;
      const cause = fill(s.cause, facts) ?? (/\{\w+\}/.test(s.cause.en) ? null : s.cause);
      if (!cause) break; // its wording needs facts the text does not give
      const detail = s.detail ? fill(s.detail, facts) : null;
      const fix = fill(s.fix, facts) ?? s.fix;
      found.push({
        id: s.id,
        title: s.title,
        cause: detail ? { en: `${cause.en} ${detail.en}`, zh: `${cause.zh}${detail.zh}` } : cause,
        fix,
        matched: m[0].trim().slice(0, 300),
        rule: s.rule,
        order,
        at,
        end,
      });
      break;
    }
  });
  return found.sort((a, b) => a.at - b.at || a.order - b.order).map(({ order: _o, at: _a, end: _e, ...m }) => m);
}

/** What can be told about a text no signature explains: the facts read from it, for the person and for support. */
export function describeErrorText(text: string): { facts: Record<string, string>; told: LocalText } {
  const f = readGoError(text);
  const en: string[] = [];
  const zh: string[] = [];
  if (f.module) {
    en.push(`it is about module ${f.module}${f.version ? `@${f.version}` : ''}`);
    zh.push(`涉及模块 ${f.module}${f.version ? `@${f.version}` : ''}`);
  }
  if (f.package) {
    en.push(`package ${f.package}`);
    zh.push(`包 ${f.package}`);
  }
  if (f.file) {
    en.push(`file ${f.file}${f.line ? ` line ${f.line}` : ''}`);
    zh.push(`文件 ${f.file}${f.line ? ` 第 ${f.line} 行` : ''}`);
  }
  if (f.path) {
    en.push(`${f.op ? `${f.op} of ` : ''}${f.path}${f.errno ? `: ${f.errno}` : ''}`);
    zh.push(`${f.path}${f.errno ? `：${f.errno}` : ''}`);
  }
  if (f.host) {
    en.push(`the server ${f.host}${f.netError ? ` (${f.netError})` : ''}`);
    zh.push(`服务器 ${f.host}${f.netError ? `（${f.netError}）` : ''}`);
  }
  const told: LocalText = en.length
    ? { en: `No known error matches, but the text says: ${en.join('; ')}. Save a support bundle (\`go-offline diagnose --support-bundle FILE\`) and send it with the full output.`, zh: `没有匹配的已知错误，但文本显示：${zh.join('；')}。请保存支持包（\`go-offline diagnose --support-bundle 文件\`），并连同完整输出一起发送。` }
    : { en: 'No known error matches, and the text names no module, file, program or server. Run `go-offline diagnose` on the machine where it failed, and save a support bundle (`--support-bundle FILE`) to send with the full output.', zh: '没有匹配的已知错误，文本中也没有提到模块、文件、程序或服务器。请在出错的机器上运行 `go-offline diagnose`，并保存支持包（`--support-bundle 文件`），连同完整输出一起发送。' };
  return { facts: f, told };
}
