// An export the page asked for: in the desktop app saved where the person chooses, in browser mode
// handed back as content for the browser to download.
import path from 'node:path';
import type { ExportedFile, ExportFormat } from '../../contract/lab-api.ts';
import type { LabService } from '../lab-service.ts';
import { buildExport, EXPORT_MIME_TYPES, writeExport } from './write-export.ts';

/** What differs between the desktop app and browser mode. */
export interface ExportHost {
  /** Desktop: asks where to save an export (null: cancelled). Browser mode returns the content instead. */
  chooseExportFile?: (suggestedName: string, format: ExportFormat) => Promise<string | null>;
  /** Desktop: prints a report with Electron; otherwise headless Chromium. */
  renderPdf?: (html: string) => Promise<Uint8Array>;
  /** Desktop: the copy of Plotly shipped with the app. */
  plotlyPath?: string;
}

export async function exportForPage(lab: LabService, host: ExportHost, runIds: readonly number[], format: ExportFormat, appVersion: string): Promise<ExportedFile> {
  for (const id of runIds) lab.getRun(id);
  const fileName = `bn-lab-runs-${runIds.join('-').slice(0, 60)}.${format}`;
  const mimeType = EXPORT_MIME_TYPES[format];
  const encoding = format === 'pdf' ? 'base64' : 'utf8';
  const request = { runIds, format, appVersion, plotlyPath: host.plotlyPath, renderPdf: host.renderPdf };
  if (host.chooseExportFile) {
    const out = await host.chooseExportFile(fileName, format);
    if (out !== null) await writeExport(lab, { ...request, out });
    return { fileName: out === null ? fileName : path.basename(out), mimeType, savedTo: out, data: null, encoding };
  }
  const content = await buildExport(lab, request);
  const data = typeof content === 'string' ? content : Buffer.from(content).toString('base64');
  return { fileName, mimeType, savedTo: null, data, encoding };
}
