/**
 * The security baseline of every window, kept in one place so it can be read and tested:
 * no navigation away from our own page, no new windows, no permissions, external links only to
 * allow-listed https hosts.
 */
import { shell, type Session, type WebContents } from 'electron';

import { isAllowedExternal } from './allow-list';

export { isAllowedExternal };

export async function openExternalSafely(url: string, ownPages: readonly string[] = []): Promise<boolean> {
  if (!isAllowedExternal(url, ownPages)) return false;
  await shell.openExternal(url);
  return true;
}

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    // the renderer only loads its own files; nothing goes to the network from the page
    const ok = details.url.startsWith('file://') || details.url.startsWith('devtools://') || details.url.startsWith('http://localhost:5173');
    callback({ cancel: !ok });
  });
}

export function hardenContents(contents: WebContents, isOwnUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
