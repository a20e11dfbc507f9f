/**
 * Electron main process: one window with the security baseline, IPC handlers registered from the
 * contract (each checks its sender and hands the validated call to the shared dispatcher), and
 * job progress forwarded to the window and the taskbar.
 */
import { app, BrowserWindow, dialog, ipcMain, Notification, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { channelNames, contract, PROGRESS_EVENT } from '../../shared/ipc/contract';
import { createDispatcher, type AnyHandler } from '../engine/handlers';
import { servingStatusUrls } from '../engine/handlers/bundle';
import { APP_NAME, APP_VERSION } from '../../shared/version';
import { hardenContents, hardenSession, openExternalSafely } from './security';
import { isSupportBundlePath } from './allow-list';
import type { Progress } from '../../shared/progress';

app.enableSandbox();
app.setName(APP_NAME);

let win: BrowserWindow | null = null;
/** Support bundles the OS asked us to open (file association), handed to the renderer once. */
const openedFiles: string[] = [];

function queueOpenedFiles(argv: readonly string[]) {
  for (const a of argv) if (isSupportBundlePath(a)) openedFiles.push(a);
}
const rendererIndex = join(__dirname, '../renderer/index.html');
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const ownPrefix = devUrl ?? pathToFileURL(rendererIndex).href;

function isOwnUrl(url: string): boolean {
  return url === ownPrefix || url.startsWith(ownPrefix.split('#')[0]!.replace(/index\.html$/, ''));
}

function isOwnSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!win && event.sender === win.webContents && !!frame && frame === win.webContents.mainFrame && isOwnUrl(frame.url);
}

function onProgress(p: Progress) {
  if (!win || win.isDestroyed()) return;
  win.webContents.send(PROGRESS_EVENT, p);
  const fraction = p.overallTotal > 0 ? p.overallDone / p.overallTotal : -1;
  win.setProgressBar(fraction >= 1 ? -1 : fraction);
}

const mainOnly: Record<string, AnyHandler> = {
  'system.chooseFolder': async (args) => {
    const a = args as { title?: string; defaultPath?: string };
    const r = await dialog.showOpenDialog(win!, { title: a.title, defaultPath: a.defaultPath, properties: ['openDirectory', 'createDirectory'] });
    return { path: r.canceled ? null : (r.filePaths[0] ?? null), supported: true };
  },
  'system.chooseFile': async (args) => {
    const a = args as { title?: string; save?: boolean; defaultPath?: string; extensions?: string[] };
    const filters = a.extensions?.length ? [{ name: a.extensions.join(', '), extensions: a.extensions }] : undefined;
    if (a.save) {
      const r = await dialog.showSaveDialog(win!, { title: a.title, defaultPath: a.defaultPath, filters });
      return { path: r.canceled ? null : (r.filePath ?? null), supported: true };
    }
    const r = await dialog.showOpenDialog(win!, { title: a.title, defaultPath: a.defaultPath, properties: ['openFile'], filters });
    return { path: r.canceled ? null : (r.filePaths[0] ?? null), supported: true };
  },
  // the relay's status page is allowed only while this app serves it (servingStatusUrls)
  'system.openExternal': async (args) => ({ opened: await openExternalSafely((args as { url: string }).url, servingStatusUrls()) }),
  'system.showItem': async (args) => {
    shell.showItemInFolder((args as { path: string }).path);
    return { shown: true };
  },
  'system.info': async () => ({ version: APP_VERSION, transport: 'electron', packaged: app.isPackaged, platform: process.platform, locale: app.getLocale() }),
  'system.takeOpenedFile': async () => ({ path: openedFiles.shift() ?? null }),
};

const dispatcher = createDispatcher({ packaged: app.isPackaged, resourcesPath: app.isPackaged ? process.resourcesPath : undefined, emit: onProgress, extraHandlers: mainOnly });


function registerIpc() {
  for (const name of channelNames) {
    ipcMain.handle(name, async (event, args: unknown) => {
      if (!isOwnSender(event)) {
        return { ok: false, error: { code: 'INVALID_REQUEST', exit: 2, title: { en: 'Rejected', zh: '已拒绝' }, cause: { en: 'Request from an unknown frame', zh: '来自未知页面的请求' }, fix: { en: 'Restart the application.', zh: '请重新启动应用程序。' } } };
      }
      const started = Date.now();
      const result = await dispatcher.dispatch(name, args);
      // a long job that ends while the user looks elsewhere gets a system notification
      if (contract[name].job && Date.now() - started > 10_000) {
        const zh = app.getLocale().toLowerCase().startsWith('zh');
        const body = result.ok ? (zh ? '任务已完成。' : 'The task has finished.') : zh ? '任务未能完成，请查看窗口中的说明。' : 'The task did not finish. See the window for what to do.';
        notifyIfBackground(zh ? 'Go 离线安装器' : APP_NAME, body);
      }
      return result;
    });
  }
}

async function createWindow() {
  win = new BrowserWindow({
    width: 1120,
    height: 780,
    minWidth: 860,
    minHeight: 600,
    title: APP_NAME,
    show: false,
    icon: join(__dirname, '../../assets/icon.png'),
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // middle-click must not open links in new windows
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenSession(win.webContents.session);
  hardenContents(win.webContents, isOwnUrl);
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  if (devUrl) await win.loadURL(devUrl);
  else await win.loadFile(rendererIndex);
}

/** A finished long job while the window is in the background gets a system notification. */
function notifyIfBackground(title: string, body: string) {
  if (win && !win.isFocused() && Notification.isSupported()) new Notification({ title, body }).show();
}

// one instance: a second start (e.g. double-clicking a .gosupport file) hands its file to the first
if (!app.requestSingleInstanceLock()) app.quit();
app.on('second-instance', (_e, argv) => {
  queueOpenedFiles(argv.slice(1));
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});
app.on('open-file', (event, path) => {
  event.preventDefault();
  queueOpenedFiles([path]);
});
queueOpenedFiles(process.argv.slice(1));

app.on('web-contents-created', (_e, contents) => hardenContents(contents, isOwnUrl));
app.whenReady().then(async () => {
  registerIpc();
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});
app.on('window-all-closed', () => {
  dispatcher.cancelAll();
  if (process.platform !== 'darwin') app.quit();
});
