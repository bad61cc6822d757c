// PDF reports in the desktop app: the report is loaded in a hidden, sandboxed window of the printed
// page's width and printed by Electron itself, so no separate Chromium is needed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { printReport, PRINT_VIEWPORT } from '../service/report/print.ts';

export async function printPdfWithElectron(html: string): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bnlab-report-'));
  const file = path.join(dir, 'report.html');
  writeFileSync(file, html);
  const window = new BrowserWindow({
    show: false,
    width: PRINT_VIEWPORT.width,
    height: PRINT_VIEWPORT.height,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
  });
  try {
    await window.loadFile(file);
    return await printReport({
      evaluate: (expression) => window.webContents.executeJavaScript(expression),
      printToPdf: (options) => window.webContents.printToPDF(options),
    });
  } finally {
    window.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
