// `bnlab export`: runs out of the lab as JSON, CSV, an HTML report or its PDF. The target (and for
// a PDF, Chromium) is checked before any work, and the file is written through a temporary one in
// the same folder, so a failed export never leaves a half-written file where a good one was.
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../../contract/lab-api.ts';
import { LabError } from '../lab-error.ts';
import type { LabService } from '../lab-service.ts';
import { exportRuns, toCsv } from '../export.ts';
import { buildReportHtml } from './build-report.ts';
import { renderPdfWithChromium, requireChromium } from './pdf-chromium.ts';

export { EXPORT_FORMATS, type ExportFormat };

export type ExportProgress = { stage: 'runs' | 'boundaries'; done: number; total: number } | { stage: 'pdf' };

export interface ExportContentRequest {
  runIds: readonly number[];
  format: ExportFormat;
  appVersion: string;
  /** html/pdf: epochs whose decision boundary is drawn besides the final one. */
  boundaryEpochs?: readonly number[];
  onProgress?: (progress: ExportProgress) => void;
  /** A packaged app ships its own copy of Plotly (see loadPlotlySource). */
  plotlyPath?: string;
  /** How a PDF is printed: headless Chromium by default, Electron's printToPDF in the desktop app. */
  renderPdf?: (html: string) => Promise<Uint8Array>;
}

export interface ExportRequest extends ExportContentRequest {
  out: string;
}

export const EXPORT_MIME_TYPES: Record<ExportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  pdf: 'application/pdf',
};

/** The export's bytes (or text), built in memory. */
export async function buildExport(lab: LabService, request: ExportContentRequest): Promise<string | Uint8Array> {
  const { runIds, format, onProgress } = request;
  const renderPdf = format === 'pdf' ? (request.renderPdf ?? chromiumRenderer(requireChromium())) : null;
  if (format === 'json' || format === 'csv') {
    const data = exportRuns(lab, runIds, request.appVersion, (done, total) => onProgress?.({ stage: 'runs', done, total }));
    return format === 'json' ? JSON.stringify(data, null, 1) : toCsv(data);
  }
  const html = buildReportHtml(lab, runIds, {
    appVersion: request.appVersion,
    boundaryEpochs: request.boundaryEpochs,
    plotlyPath: request.plotlyPath,
    onProgress: (stage, done, total) => onProgress?.({ stage, done, total }),
  });
  if (!renderPdf) return html;
  onProgress?.({ stage: 'pdf' });
  return renderPdf(html);
}

export async function writeExport(lab: LabService, request: ExportRequest): Promise<{ bytes: number }> {
  checkTarget(request.out);
  const content = await buildExport(lab, request);
  writeAtomically(request.out, content);
  return { bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength };
}

function chromiumRenderer(executablePath: string): (html: string) => Promise<Uint8Array> {
  return (html) => renderPdfWithChromium(html, executablePath);
}

/** Refuses a target that cannot be written before minutes of work, naming why. */
function checkTarget(out: string): void {
  const dir = path.dirname(path.resolve(out));
  const kind = (file: string) => {
    try {
      return statSync(file).isDirectory() ? 'directory' : 'file';
    } catch {
      return 'missing';
    }
  };
  if (kind(dir) !== 'directory') throw new LabError('io_error', `cannot write ${out}: the folder ${dir} does not exist`);
  if (kind(out) === 'directory') throw new LabError('io_error', `cannot write ${out}: it is a folder; give a file name`);
  // Creating a file is the only reliable test (access() ignores read-only mounts and ACLs, and root passes it anyway).
  const probe = temporaryName(out);
  try {
    writeFileSync(probe, '');
  } catch (error) {
    throw new LabError('io_error', `cannot write ${out}: ${(error as Error).message}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

function writeAtomically(out: string, content: string | Uint8Array): void {
  const temporary = temporaryName(out);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new LabError('io_error', `cannot write ${out}: ${(error as Error).message}`);
  }
}

function temporaryName(out: string): string {
  return path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.${process.pid}.tmp`);
}
