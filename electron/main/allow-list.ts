/** Hosts the app may open in the user's browser (docs and release pages). No electron import: tested directly. */
export const EXTERNAL_ALLOWED_HOSTS = new Set(['go.dev', 'golang.google.cn', 'pkg.go.dev', 'github.com']);

/**
 * Whether `url` may be opened in the user's browser: an allow-listed https host, or exactly one of
 * `ownPages` (the status page of the relay this app runs, plain http on this machine's addresses).
 */
export function isAllowedExternal(url: string, ownPages: readonly string[] = []): boolean {
  try {
    const u = new URL(url);
    if (u.username || u.password) return false;
    if ((u.protocol === 'http:' || u.protocol === 'https:') && ownPages.includes(u.href)) return true;
    return u.protocol === 'https:' && EXTERNAL_ALLOWED_HOSTS.has(u.hostname) && (u.port === '' || u.port === '443');
  } catch {
    return false;
  }
}

/** A file the OS may ask us to open: a support bundle (`.gosupport`, or the `.tar.gz` it is). */
export function isSupportBundlePath(arg: string): boolean {
  return !arg.startsWith('-') && /\.(gosupport|tar\.gz)$/i.test(arg);
}
