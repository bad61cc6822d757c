// The Electron main process: one window on the built renderer, served from the app:// protocol with
// its Content-Security-Policy as a header; the lab service behind the LabApi handlers; a native menu,
// file dialogs, a log file and an About box. The window gets no Node, runs sandboxed, and may not
// navigate or open other windows; IPC from any frame but its own is refused. One instance runs per
// user-data folder: a second launch hands its database to the first and quits.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';
import { EVENT_CHANNEL, EXPORT_EXTENSIONS, ipcChannel, LAB_METHODS, type ExportFormat, type LabApi, type LabEvent } from '../contract/lab-api.ts';
import { callHandler, createLabHandlers } from '../api/lab-handlers.ts';
import { rendererFile } from '../renderer-files.ts';
import { importRuns } from '../service/import-runs.ts';
import { readJsonFile } from '../service/json-file.ts';
import { LabService } from '../service/lab-service.ts';
import { openLabOrChoose, recoverInto, switchLabOrChoose } from './lab-opening.ts';
import { openingDialogs } from './opening-dialogs.ts';
import { LabError, toLabError } from '../service/lab-error.ts';
import { resolveDbPath } from '../store/db.ts';
import { APP_VERSION } from '../version.ts';
import { dbFileFromArgv } from './command-line.ts';
import { LogFile } from './log-file.ts';
import { printPdfWithElectron } from './print-pdf.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_ROOT = path.join(here, '..', 'dist-renderer');
const DATA_DIR = path.join(here, 'data');
const PLOTLY = path.join(here, 'plotly.js');
const LICENSES = path.join(here, 'LICENSES.txt');
/** "name version (licence)" of every package that ships, written by app/build-app.ts. */
const SHIPPED = path.join(here, 'shipped.json');
/** The renderer's origin: app://bn-lab/index.html. */
const SCHEME = 'app';
const HOST = 'bn-lab';
const ORIGIN = `${SCHEME}://${HOST}`;

// The same folder as the CLI's default (~/.config/bn-lab on Linux), whatever the product name;
// BNLAB_DATA_DIR moves it, as it moves the CLI's lab.db (the end-to-end tests use a fresh one).
app.setPath('userData', process.env.BNLAB_DATA_DIR || path.join(app.getPath('appData'), 'bn-lab'));
const log = new LogFile(path.join(app.getPath('userData'), 'logs', 'bn-lab.log'));
// Logged, and said to the person, who would otherwise see nothing: the CLI prints these on stderr.
process.on('uncaughtException', (error) => {
  log.write('error', `uncaught: ${error.stack ?? error.message}`);
  dialog.showErrorBox('BN Lab hit an unexpected error', `${error.message}\n\nThe details are in ${log.file} (Help › Open log file).`);
});
process.on('unhandledRejection', (reason) => log.write('error', `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

// Must happen before ready: app:// behaves as a secure, standard origin, so 'self' in the CSP means
// it; corsEnabled because Vite's module scripts load in CORS mode (crossorigin), same-origin though they are.
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);

let lab: LabService | undefined;
/** A database macOS asked to open before the app was ready. */
let launchFile: string | null = null;
let api: LabApi | undefined;
let window: BrowserWindow | undefined;

function openLab(dbFile: string): LabService {
  const opened = new LabService({ dbFile, dataDir: DATA_DIR });
  log.write('info', `opened ${dbFile}`);
  return opened;
}

/** The lab the window talks to from now on; only its events reach the window. */
function useLab(next: LabService): void {
  lab?.events.removeAllListeners('event');
  lab = next;
  api = createLabHandlers(lab, { chooseExportFile, renderPdf: printPdfWithElectron, plotlyPath: PLOTLY });
  lab.events.on('event', (event: LabEvent) => {
    if (event.kind === 'status' && event.status === 'failed') log.write('error', `run ${event.runId} failed: ${event.error ?? 'no reason given'}`);
    window?.webContents.send(EVENT_CHANNEL, event);
  });
}

function registerHandlers(): void {
  for (const method of LAB_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event, ...args: unknown[]) => {
      if (!window || event.senderFrame !== window.webContents.mainFrame || !event.senderFrame.url.startsWith(`${ORIGIN}/`)) {
        return { ok: false, error: new LabError('invalid_state', 'request from a frame that is not the lab window').toData() };
      }
      const result = await callHandler(api!, method, args);
      if (!result.ok && result.error.code === 'internal') log.write('error', `${method}: ${result.error.message}`);
      return result;
    });
  }
}

/** The built renderer's files, and nothing else, under app://bn-lab/. */
function serveRenderer(): void {
  protocol.handle(SCHEME, (request) => {
    const url = new URL(request.url);
    const found = url.host === HOST ? rendererFile(RENDERER_ROOT, url.pathname) : ({ found: false, status: 404, message: 'not found' } as const);
    if (!found.found) return new Response(found.message, { status: found.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(readFileSync(found.file), { headers: found.headers });
  });
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
  window.webContents.on('render-process-gone', (_event, details) => log.write('error', `the window's page stopped: ${details.reason} (exit code ${details.exitCode})`));
  window.webContents.on('console-message', (details) => {
    if (details.level === 'error') log.write('error', `page: ${details.message} (${details.sourceId}:${details.lineNumber})`);
  });
  window.on('closed', () => (window = undefined));
  void window.loadURL(`${ORIGIN}/index.html`);
}

async function chooseExportFile(suggestedName: string, format: ExportFormat): Promise<string | null> {
  if (!window) return null;
  const choice = await dialog.showSaveDialog(window, {
    title: 'Export report',
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: [{ name: format === 'pytorch' ? 'Python script' : format.toUpperCase(), extensions: [EXPORT_EXTENSIONS[format]] }],
  });
  return choice.canceled || !choice.filePath ? null : choice.filePath;
}

async function chooseDatabase(): Promise<void> {
  if (!window) return;
  const choice = await dialog.showOpenDialog(window, {
    title: 'Open a BN Lab database',
    properties: ['openFile', 'promptToCreate'],
    filters: [{ name: 'BN Lab database', extensions: ['db', 'sqlite'] }],
  });
  const file = choice.filePaths[0];
  if (!choice.canceled && file) await switchDatabase(file);
}

/** File › Recover…: what is readable of a damaged file into a new one, which then opens. */
async function chooseDatabaseToRecover(): Promise<void> {
  const choice = await dialog.showOpenDialog({ title: 'Recover a damaged BN Lab database', properties: ['openFile'], filters: [{ name: 'BN Lab database', extensions: ['db', 'sqlite'] }] });
  const damaged = choice.filePaths[0];
  if (choice.canceled || !damaged) return;
  const recovered = await recoverInto(damaged, openingDialogs(log));
  if (recovered) await switchDatabase(recovered);
}

/** File › Import runs…: the runs of a JSON export (`bnlab export --format json`) into this lab. */
async function chooseRunsToImport(): Promise<void> {
  if (!window || !lab) return;
  const choice = await dialog.showOpenDialog(window, {
    title: 'Import runs from a JSON export',
    properties: ['openFile'],
    filters: [{ name: 'BN Lab export', extensions: ['json'] }],
  });
  const file = choice.filePaths[0];
  if (choice.canceled || !file) return;
  try {
    const { runIds, experimentIds, warnings } = importRuns(lab.db, readJsonFile(file, 'export file'));
    for (const warning of warnings) log.write('info', `import of ${file}: ${warning}`);
    window.reload();
    await dialog.showMessageBox(window, {
      type: 'info',
      title: 'Runs imported',
      message: `Imported ${runIds.length} run${runIds.length === 1 ? '' : 's'} into experiment${experimentIds.length === 1 ? '' : 's'} ${experimentIds.join(', ')}.`,
      detail: warnings.join('\n'),
    });
  } catch (error) {
    const message = toLabError(error).message;
    log.write('error', `cannot import ${file}: ${message}`);
    dialog.showErrorBox('Cannot import these runs', `${message}\n\nNothing was added to ${lab.dbFile}.`);
  }
}

/** Opens `file` in place of the current lab; a file that cannot be opened changes nothing. */
async function switchDatabase(file: string): Promise<void> {
  if (!lab) return;
  // A file that does not open offers recovery or another file, as at start-up; giving up keeps this one.
  const next = await switchLabOrChoose(lab, file, openLab, openingDialogs(log, lab.dbFile));
  if (!next) return;
  const previous = lab;
  useLab(next);
  window?.reload();
  // The old file's runs stop at their last checkpoint and can be resumed when it is opened again.
  await previous.close();
}

/** A second launch (or a file opened from Finder): its window is this one; a database it names is opened if the person agrees. */
async function onSecondInstance(file: string | null): Promise<void> {
  if (!window) createWindow();
  else {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }
  if (!file || !lab || !window || path.resolve(file) === path.resolve(lab.dbFile)) return;
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    title: 'Open another database?',
    message: `Open ${path.basename(file)}?`,
    detail: `BN Lab was asked to open ${file}. Runs training in ${lab.dbFile} stop at their last checkpoint and can be resumed when it is opened again.`,
    buttons: ['Open it', `Keep ${path.basename(lab.dbFile)}`],
    defaultId: 0,
    cancelId: 1,
  });
  if (response === 0) await switchDatabase(file);
}

function sendMenuCommand(command: 'new-experiment' | 'export-report'): void {
  window?.webContents.send(EVENT_CHANNEL, { kind: 'menu', command } satisfies LabEvent);
}

/** The licence notice built with the app, copied out of the archive so the system's text viewer can open it. */
async function openLicences(): Promise<void> {
  const copy = path.join(app.getPath('userData'), 'LICENSES.txt');
  writeFileSync(copy, readFileSync(LICENSES));
  const failure = await shell.openPath(copy);
  if (failure) dialog.showErrorBox('Cannot open the licences', `${failure}\n\nThey are in ${copy}.`);
}

async function showAbout(): Promise<void> {
  const shipped = JSON.parse(readFileSync(SHIPPED, 'utf8')) as string[];
  const { response } = await dialog.showMessageBox({
    type: 'info',
    title: 'About BN Lab',
    message: `BN Lab ${APP_VERSION}`,
    detail: [
      'An offline laboratory for batch normalization.',
      `Electron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`,
      `Database: ${lab?.dbFile ?? 'none'}`,
      '',
      'Ships with:',
      ...shipped,
      'Electron and Chromium, under the licences beside the app (LICENSE.electron.txt, LICENSES.chromium.html).',
      'Datasets from the UCI Machine Learning Repository, CC BY 4.0.',
    ].join('\n'),
    buttons: ['OK', 'Licences…'],
    defaultId: 0,
    cancelId: 0,
  });
  if (response === 1) await openLicences();
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About BN Lab', click: () => void showAbout() };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ label: app.name, submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New experiment', accelerator: 'CmdOrCtrl+N', click: () => sendMenuCommand('new-experiment') },
        { label: 'Open database…', accelerator: 'CmdOrCtrl+O', click: () => void chooseDatabase() },
        { label: 'Export report…', accelerator: 'CmdOrCtrl+E', click: () => sendMenuCommand('export-report') },
        { label: 'Import runs…', click: () => void chooseRunsToImport() },
        { label: 'Recover…', click: () => void chooseDatabaseToRecover() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Open log file', click: () => void shell.openPath(log.file).then((failure) => failure && dialog.showErrorBox('Cannot open the log file', `${failure}\n\nIt is ${log.file}.`)) },
        { label: 'Show database in folder', click: () => lab && shell.showItemInFolder(lab.dbFile) },
        { label: 'Licences…', click: () => void openLicences() },
        ...(isMac ? [] : [{ type: 'separator' } as MenuItemConstructorOptions, about]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function start(): void {
  // The second launch's own command line, as it sent it: Chromium reorders the argv it passes
  // (switches first), which would part `--db` from its file.
  app.on('second-instance', (_event, _argv, _cwd, data) => {
    const { argv, cwd } = (data ?? {}) as { argv?: string[]; cwd?: string };
    void onSecondInstance(argv && cwd ? dbFileFromArgv(argv, cwd) : null);
  });
  // macOS hands a file opened from Finder (Open With…) to this event, never to argv.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (lab) void onSecondInstance(file);
    else launchFile = file;
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') log.write('error', `${details.type} process stopped: ${details.reason} (exit code ${details.exitCode})`);
  });

  app.whenReady().then(async () => {
    log.write('info', `BN Lab ${APP_VERSION} started (Electron ${process.versions.electron}, ${process.platform}-${process.arch})`);
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    serveRenderer();
    // A database named on the command line, else BNLAB_DB or the user-data lab.db.
    const dbFile = launchFile ?? dbFileFromArgv(process.argv, process.cwd()) ?? resolveDbPath();
    // A file that will not open is not the end: the person may recover it or pick another.
    const opened = await openLabOrChoose(dbFile, openLab, openingDialogs(log));
    if (!opened) {
      app.exit(2);
      return;
    }
    useLab(opened);
    registerHandlers();
    buildMenu();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  }, (error: unknown) => log.write('error', `start-up failed: ${String(error)}`));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !lab) return;
    // Training threads stop at their last checkpoint before the file closes.
    event.preventDefault();
    quitting = true;
    void lab.close().finally(() => {
      log.write('info', 'closed');
      app.quit();
    });
  });
}

// A second launch (same user-data folder) hands its command line to the first and ends here.
if (app.requestSingleInstanceLock({ argv: process.argv, cwd: process.cwd() })) start();
else app.quit();
