/** Hosts the app may open in the user's browser (docs and release pages). No electron import: tested directly. */
export const EXTERNAL_ALLOWED_HOSTS = new Set(['go.dev', 'golang.google.cn', 'pkg.go.dev', 'github.com']);

export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_ALLOWED_HOSTS.has(u.hostname) && !u.username && !u.password && (u.port === '' || u.port === '443');
  } catch {
    return false;
  }
}

/** A file the OS may ask us to open: a support bundle (`.gosupport`, or the `.tar.gz` it is). */
export function isSupportBundlePath(arg: string): boolean {
  return !arg.startsWith('-') && /\.(gosupport|tar\.gz)$/i.test(arg);
}
