// Printing a rendered report to PDF, shared by the CLI (headless Chromium through Playwright) and the
// desktop app (Electron's webContents). Both load the report HTML at PRINT_VIEWPORT's width, so the
// charts are laid out for the page before they are printed, then call printReport.

/** CSS pixels across an A4 page less the 12 mm margins the report's @page rule sets (186 mm at 96 px per inch). */
export const PRINT_VIEWPORT = { width: 703, height: 1000 };

/** Evaluates in the page to a promise that settles when every chart is drawn. */
export const REPORT_READY_EXPRESSION = 'window.bnlabReportReady';

/** The page's own @page rule decides size and margins; backgrounds carry the chart colours. */
export const PDF_OPTIONS = { preferCSSPageSize: true, printBackground: true } as const;

/** What both Electron's webContents and a Playwright page (through a two-line adapter) offer. */
export interface PrintTarget {
  evaluate(expression: string): Promise<unknown>;
  printToPdf(options: typeof PDF_OPTIONS): Promise<Uint8Array>;
}

/**
 * Waits for the charts, then prints. In Electron:
 * `printReport({ evaluate: (e) => win.webContents.executeJavaScript(e), printToPdf: (o) => win.webContents.printToPDF(o) })`
 * on a window of PRINT_VIEWPORT's size that has loaded the report file.
 */
export async function printReport(target: PrintTarget): Promise<Uint8Array> {
  await target.evaluate(REPORT_READY_EXPRESSION);
  return target.printToPdf(PDF_OPTIONS);
}
