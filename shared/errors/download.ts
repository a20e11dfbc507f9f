import { defineErrors } from './define';

/** Errors of the download area (step 3: verified, resumable downloads). Codes are stable: scripts and support runbooks depend on them. */
export const downloadErrors = defineErrors({
  DOWNLOAD_BAD_URL: {
    exit: 2,
    title: { en: 'This is not a web address', zh: '这不是有效的网址' },
    cause: { en: '"{url}" is not an http:// or https:// address.', zh: '“{url}”不是 http:// 或 https:// 开头的网址。' },
    fix: {
      en: 'Give the mirror as a full address ending in a slash, like https://go.dev/dl/ or http://mirror.example.com/golang/.',
      zh: '请填写完整的镜像地址，并以斜杠结尾，例如 https://go.dev/dl/ 或 http://mirror.example.com/golang/。',
    },
  },
  DOWNLOAD_PROXY_INVALID: {
    exit: 2,
    title: { en: 'The proxy setting is not valid', zh: '代理设置无效' },
    cause: { en: 'The proxy "{proxy}" is not an address like http://proxy.example.com:3128.', zh: '代理“{proxy}”不是类似 http://proxy.example.com:3128 的地址。' },
    fix: {
      en: 'Fix the proxy in the settings, or the HTTPS_PROXY / HTTP_PROXY variables.',
      zh: '请在设置中修正代理地址，或修正 HTTPS_PROXY / HTTP_PROXY 环境变量。',
    },
  },
  DOWNLOAD_NOT_FOUND: {
    exit: 1,
    title: { en: 'The file is not on the server', zh: '服务器上没有这个文件' },
    cause: {
      en: '{filename} is not on the server:\n{tried}',
      zh: '服务器上没有 {filename}：\n{triedZh}',
    },
    fix: {
      en: 'Check in the settings that the mirror address is right and that the mirror carries this Go version (the files named as on https://go.dev/dl/).',
      zh: '请在设置中确认镜像地址正确，并确认该镜像提供此 Go 版本（文件名与 https://go.dev/dl/ 上的相同）。',
    },
  },
  DOWNLOAD_HTTP_ERROR: {
    exit: 1,
    title: { en: 'The server refused the download', zh: '服务器拒绝了下载' },
    cause: {
      en: 'The server did not give {filename}:\n{tried}',
      zh: '服务器没有提供 {filename}：\n{triedZh}',
    },
    fix: {
      en: 'The server or a proxy in between has a problem. Wait a few minutes and try again, or use another mirror. Already downloaded parts are kept and the download continues where it stopped.',
      zh: '服务器或中间的代理出现问题。请稍等几分钟后重试，或改用其他镜像。已下载的部分会保留，重试时从中断处继续。',
    },
  },
  DOWNLOAD_NETWORK: {
    exit: 1,
    title: { en: 'The connection failed', zh: '网络连接失败' },
    cause: {
      en: 'Could not download {filename}:\n{tried}',
      zh: '无法下载 {filename}：\n{triedZh}',
    },
    fix: {
      en: 'Check the mirror address and the proxy in the settings (many company networks need a proxy), then try again. The download continues where it stopped.',
      zh: '请在设置中检查镜像地址和代理（很多公司网络需要代理），然后重试。下载会从中断处继续。',
    },
  },
  DOWNLOAD_TIMEOUT: {
    exit: 1,
    title: { en: 'The server stopped answering', zh: '服务器没有响应' },
    cause: {
      en: 'The server stopped sending {filename}:\n{tried}',
      zh: '服务器停止发送 {filename}：\n{triedZh}',
    },
    fix: {
      en: 'The network or the server is very slow or blocked. Check the connection and the proxy, then try again; the download continues where it stopped.',
      zh: '网络或服务器非常慢或被阻断。请检查网络连接和代理后重试，下载会从中断处继续。',
    },
  },
  DOWNLOAD_NOT_ARCHIVE: {
    exit: 1,
    title: { en: 'A web page came instead of the file', zh: '下载到的是网页而不是文件' },
    cause: {
      en: 'The server sent a web page instead of {filename}. This usually is a login page of a proxy, an error page, or a redirect page. Nothing was kept.\n{tried}',
      zh: '服务器返回的是网页，而不是 {filename}。这通常是代理的登录页、错误页或跳转页面。没有保留任何内容。\n{triedZh}',
    },
    fix: {
      en: 'Open {url} in a browser on this machine to see the page; log in to the proxy if it asks, or use another mirror.',
      zh: '请在本机浏览器中打开 {url} 查看该页面；如代理要求登录请先登录，或改用其他镜像。',
    },
  },
  DOWNLOAD_BAD_CONTENT: {
    exit: 1,
    title: { en: 'The downloaded file is not an archive', zh: '下载的文件不是压缩包' },
    cause: {
      en: '{filename} should be a {expected} archive, but its first bytes are something else. Nothing was kept.\n{tried}',
      zh: '{filename} 应该是 {expected} 压缩包，但文件开头的内容不符。没有保留任何内容。\n{triedZh}',
    },
    fix: {
      en: 'The mirror serves a wrong or damaged file. Try another mirror, or tell the mirror\'s administrator.',
      zh: '该镜像提供的文件错误或已损坏。请改用其他镜像，或联系镜像管理员。',
    },
  },
  DOWNLOAD_SOURCES_FAILED: {
    exit: 1,
    title: { en: 'No download source gave the file', zh: '所有下载来源都没能提供该文件' },
    cause: {
      en: '{filename} could not be downloaded from any of the {count} sources. What each one answered:\n{tried}',
      zh: '无法从全部 {count} 个来源下载 {filename}。各来源的回应：\n{triedZh}',
    },
    fix: {
      en: 'Check the mirror addresses and the proxy in the settings, and that this machine can reach them. Already downloaded parts are kept and the download continues where it stopped.',
      zh: '请在设置中检查镜像地址和代理，并确认本机能访问它们。已下载的部分会保留，重试时从中断处继续。',
    },
  },
  DOWNLOAD_SIZE_MISMATCH: {
    exit: 1,
    title: { en: 'The file has the wrong size', zh: '文件大小不对' },
    cause: {
      en: '{filename} should be {expected} bytes but the server sent {actual} bytes. Nothing was kept.',
      zh: '{filename} 应为 {expected} 字节，但服务器发送了 {actual} 字节。没有保留任何内容。',
    },
    fix: {
      en: 'The mirror serves a different file than the official list describes. Try another mirror.',
      zh: '该镜像提供的文件与官方列表描述的不同。请改用其他镜像。',
    },
  },
  DOWNLOAD_SHA256_MISMATCH: {
    exit: 1,
    title: { en: 'The file is damaged or altered', zh: '文件已损坏或被篡改' },
    cause: {
      en: 'The SHA-256 checksum of {filename} does not match the official list (expected {expected}, got {actual}). The file was deleted.',
      zh: '{filename} 的 SHA-256 校验值与官方列表不符（应为 {expected}，实际为 {actual}）。文件已删除。',
    },
    fix: {
      en: 'Download it again. If it happens again, the mirror or something in the network changes the file: use another mirror and tell your security team.',
      zh: '请重新下载。如果再次出现，说明镜像或网络中的设备修改了文件：请改用其他镜像，并通知安全团队。',
    },
  },
  DOWNLOAD_SIGNATURE_MISSING: {
    exit: 1,
    title: { en: 'No signature was published for this file', zh: '此文件没有发布数字签名' },
    cause: {
      en: 'Signatures are required (the "require signatures" setting or --require-signature), but no OpenPGP signature ({filename}.asc) was found where {filename} came from. Only its SHA-256 against the release list could be checked, so it was not used.',
      zh: '已要求必须有数字签名（“要求签名”设置或 --require-signature），但在 {filename} 的下载来源处找不到它的 OpenPGP 签名（{filename}.asc）。只能核对它与版本列表中的 SHA-256，因此没有使用该文件。',
    },
    fix: {
      en: 'Use a source that also publishes the .asc files (the official site, https://go.dev/dl/, does for its releases), or accept files checked by SHA-256 only: leave out --require-signature and turn the setting off.',
      zh: '请改用同时发布 .asc 签名文件的来源（官方网站 https://go.dev/dl/ 为其版本发布签名），或者接受只核对 SHA-256 的文件：不要使用 --require-signature，并关闭该设置。',
    },
  },
  DOWNLOAD_SIGNATURE_BAD: {
    exit: 1,
    title: { en: 'The signature is wrong', zh: '数字签名校验失败' },
    cause: {
      en: 'The OpenPGP signature of {filename} was not made by the Go signing key ({message}). The file was deleted.',
      zh: '{filename} 的 OpenPGP 签名不是由 Go 官方签名密钥生成的（{message}）。文件已删除。',
    },
    fix: {
      en: 'Do not use this file. Download it from the official site (https://go.dev/dl/) and tell your security team about the mirror.',
      zh: '请勿使用此文件。请从官方网站（https://go.dev/dl/）下载，并将该镜像的情况报告给安全团队。',
    },
  },
  DOWNLOAD_SIGNING_KEY_UNAVAILABLE: {
    exit: 1,
    title: { en: 'The Go signing key is not available', zh: '无法获取 Go 签名密钥' },
    cause: {
      en: 'A signature is published for {filename}, but the Go signing key could not be loaded: {message}',
      zh: '{filename} 发布了签名，但无法加载 Go 签名密钥：{message}',
    },
    fix: {
      en: 'Import the key file (linux_signing_key.pub from https://dl.google.com/linux/linux_signing_key.pub) in the settings or with --key-file, or skip the signature check with --no-signature.',
      zh: '请在设置中或用 --key-file 导入密钥文件（https://dl.google.com/linux/linux_signing_key.pub 中的 linux_signing_key.pub），或使用 --no-signature 跳过签名检查。',
    },
  },
  DOWNLOAD_SIGNING_KEY_MISMATCH: {
    exit: 2,
    title: { en: 'This is not the Go signing key', zh: '这不是 Go 签名密钥' },
    cause: {
      en: 'The key file {path} does not contain the key with fingerprint {fingerprint}.',
      zh: '密钥文件 {path} 中没有指纹为 {fingerprint} 的密钥。',
    },
    fix: {
      en: 'Use the file published at https://dl.google.com/linux/linux_signing_key.pub.',
      zh: '请使用 https://dl.google.com/linux/linux_signing_key.pub 发布的文件。',
    },
  },
});
