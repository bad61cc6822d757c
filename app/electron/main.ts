// The Electron main process: one window on the built renderer, the lab service behind the LabApi
// handlers, a native menu and file dialogs. The window gets no Node, runs sandboxed, and may not
// navigate or open other windows; IPC from any frame but its own is refused.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type MenuItemConstructorOptions } from 'electron';
import { EVENT_CHANNEL, ipcChannel, LAB_METHODS, type ExportFormat, type LabApi, type LabEvent } from '../contract/lab-api.ts';
import { callHandler, createLabHandlers } from '../api/lab-handlers.ts';
import { LabService } from '../service/lab-service.ts';
import { toLabError } from '../service/lab-error.ts';
import { resolveDbPath } from '../store/db.ts';
import { printPdfWithElectron } from './print-pdf.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_INDEX = path.join(here, '..', 'dist-renderer', 'index.html');
const DATA_DIR = path.join(here, 'data');
const PLOTLY = path.join(here, 'plotly.js');

// The same folder as the CLI's default (~/.config/bn-lab on Linux), whatever the product name.
app.setPath('userData', path.join(app.getPath('appData'), 'bn-lab'));

let lab: LabService | undefined;
let api: LabApi | undefined;
let window: BrowserWindow | undefined;

function openLab(dbFile: string): LabService {
  return new LabService({ dbFile, dataDir: DATA_DIR });
}

/** The lab the window talks to from now on; only its events reach the window. */
function useLab(next: LabService): void {
  lab?.events.removeAllListeners('event');
  lab = next;
  api = createLabHandlers(lab, { chooseExportFile, renderPdf: printPdfWithElectron, plotlyPath: PLOTLY });
  lab.events.on('event', (event: LabEvent) => window?.webContents.send(EVENT_CHANNEL, event));
}

function registerHandlers(): void {
  for (const method of LAB_METHODS) {
    ipcMain.handle(ipcChannel(method), (event, ...args: unknown[]) => {
      if (!window || event.senderFrame !== window.webContents.mainFrame) {
        return { ok: false, error: { code: 'invalid_state', message: 'request from a frame that is not the lab window' } };
      }
      return callHandler(api!, method, args);
    });
  }
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'BN Lab',
    show: false,
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window?.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the outside (licences, sources) open in the person's browser, never in the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.on('closed', () => (window = undefined));
  void window.loadFile(RENDERER_INDEX);
}

async function chooseExportFile(suggestedName: string, format: ExportFormat): Promise<string | null> {
  if (!window) return null;
  const choice = await dialog.showSaveDialog(window, {
    title: 'Export report',
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: [{ name: format.toUpperCase(), extensions: [format] }],
  });
  return choice.canceled || !choice.filePath ? null : choice.filePath;
}

async function openDatabase(): Promise<void> {
  if (!window) return;
  const choice = await dialog.showOpenDialog(window, {
    title: 'Open a BN Lab database',
    properties: ['openFile', 'promptToCreate'],
    filters: [{ name: 'BN Lab database', extensions: ['db', 'sqlite'] }],
  });
  const file = choice.filePaths[0];
  if (choice.canceled || !file) return;
  if (!lab || path.resolve(file) === path.resolve(lab.dbFile)) return;
  // The new file opens first, so a file that cannot be opened changes nothing.
  let next: LabService;
  try {
    next = openLab(file);
  } catch (error) {
    dialog.showErrorBox('Cannot open this database', `${toLabError(error).message}\n\nBN Lab goes on with ${lab.dbFile}.`);
    return;
  }
  const previous = lab;
  useLab(next);
  window?.reload();
  // The old file's runs stop at their last checkpoint and can be resumed when it is opened again.
  await previous.close();
}

function sendMenuCommand(command: 'new-experiment' | 'export-report'): void {
  window?.webContents.send(EVENT_CHANNEL, { kind: 'menu', command } satisfies LabEvent);
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New experiment', accelerator: 'CmdOrCtrl+N', click: () => sendMenuCommand('new-experiment') },
        { label: 'Open database…', accelerator: 'CmdOrCtrl+O', click: () => void openDatabase() },
        { label: 'Export report…', accelerator: 'CmdOrCtrl+E', click: () => sendMenuCommand('export-report') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  try {
    useLab(openLab(resolveDbPath()));
  } catch (error) {
    dialog.showErrorBox('BN Lab cannot open its database', toLabError(error).message);
    app.exit(2);
    return;
  }
  registerHandlers();
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !lab) return;
  // Training threads stop at their last checkpoint before the file closes.
  event.preventDefault();
  quitting = true;
  void lab.close().finally(() => app.quit());
});
