// `bnlab export`: runs out of the lab as JSON, CSV, an HTML report or its PDF. The target (and for
// a PDF, Chromium) is checked before any work, and the file is written through a temporary one in
// the same folder, so a failed export never leaves a half-written file where a good one was. An
// export replaces only an earlier export: never a database, a device or anything not a plain file.
import { chmodSync, closeSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { getSystemErrorMessage } from 'node:util';
import { EXPORT_FORMATS, type ExportFormat } from '../../contract/lab-api.ts';
import { LabError } from '../lab-error.ts';
import type { LabRecords } from '../lab-records.ts';
import { exportRuns, toCsv } from '../export.ts';
import { pytorchReproduction } from '../pytorch/reproduction.ts';
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
  pytorch: 'text/x-python',
};

/** The export's bytes (or text), built in memory. */
export async function buildExport(lab: LabRecords, request: ExportContentRequest): Promise<string | Uint8Array> {
  const { runIds, format, onProgress } = request;
  const renderPdf = format === 'pdf' ? (request.renderPdf ?? chromiumRenderer(requireChromium())) : null;
  if (format === 'pytorch') {
    if (runIds.length !== 1) throw new LabError('invalid_spec', `a PyTorch script reproduces one run, got ${runIds.length} runs; export them one at a time`);
    return await pytorchReproduction(lab, runIds[0]!, request.appVersion);
  }
  if (format === 'json' || format === 'csv') {
    const data = await exportRuns(lab, runIds, request.appVersion, (done, total) => onProgress?.({ stage: 'runs', done, total }));
    return format === 'json' ? JSON.stringify(data, null, 1) : toCsv(data);
  }
  const html = await buildReportHtml(lab, runIds, {
    appVersion: request.appVersion,
    boundaryEpochs: request.boundaryEpochs,
    plotlyPath: request.plotlyPath,
    onProgress: (stage, done, total) => onProgress?.({ stage, done, total }),
  });
  if (!renderPdf) return html;
  onProgress?.({ stage: 'pdf' });
  return renderPdf(html);
}

export async function writeExport(lab: LabRecords, request: ExportRequest): Promise<{ bytes: number }> {
  const target = checkTarget(request.out, lab.dbFile);
  const content = await buildExport(lab, request);
  writeAtomically(target, request.out, content);
  return { bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength };
}

function chromiumRenderer(executablePath: string): (html: string) => Promise<Uint8Array> {
  return (html) => renderPdfWithChromium(html, executablePath);
}

interface Target {
  /** The file written: the end of a symbolic link, which stays a link. */
  file: string;
  /** The mode of the file replaced, kept by the new one. */
  mode: number | null;
}

/** Refuses a target that cannot or must not be written before minutes of work, naming why. */
function checkTarget(out: string, dbFile: string): Target {
  const cannot = (why: string) => new LabError('io_error', `cannot write ${out}: ${why}`);
  const file = endOfLinks(path.resolve(out));
  const dir = path.dirname(file);
  if (statOrNull(dir)?.isDirectory() !== true) throw cannot(`the folder ${dir} does not exist`);
  const existing = statOrNull(file);
  if (existing?.isDirectory()) throw cannot('it is a folder; give a file name');
  if (existing && !existing.isFile()) throw cannot('it is not a plain file (a device, pipe or socket)');
  if (existing) refuseDatabase(file, existing, dbFile, cannot);
  // Creating a file is the only reliable test (access() ignores read-only mounts and ACLs, and root passes it anyway).
  const probe = temporaryName(file);
  try {
    writeFileSync(probe, '');
  } catch (error) {
    throw cannot(reason(error));
  } finally {
    rmSync(probe, { force: true });
  }
  return { file, mode: existing ? existing.mode & 0o7777 : null };
}

/** The lab's own database, its journal files, or any SQLite database is data an export must not replace. */
function refuseDatabase(file: string, stats: Stats, dbFile: string, cannot: (why: string) => LabError): void {
  const db = endOfLinks(path.resolve(dbFile));
  if ([db, `${db}-wal`, `${db}-shm`, `${db}-journal`].includes(file)) throw cannot("it is the lab's database; choose another file name");
  if (stats.size < SQLITE_HEADER.length) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.equals(SQLITE_HEADER)) throw cannot('it is an SQLite database, which an export would destroy; choose another file name');
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function endOfLinks(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file; // not there yet (or a dangling link's end, which is written as a new file)
  }
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function writeAtomically(target: Target, out: string, content: string | Uint8Array): void {
  const temporary = temporaryName(target.file);
  try {
    writeFileSync(temporary, content);
    if (target.mode !== null) chmodSync(temporary, target.mode);
    renameSync(temporary, target.file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new LabError('io_error', `cannot write ${out}: ${reason(error)}`);
  }
}

/** Why a write failed, without the temporary file's name, which the person never chose. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is used up', ENOTDIR: 'a part of the path is not a folder',
  };
  const { errno } = error as NodeJS.ErrnoException;
  return (code && words[code]) ?? (typeof errno === 'number' ? getSystemErrorMessage(errno) : (error as Error).message);
}

function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}
