// Data blocks of the report page, gzipped where that makes the file smaller: Plotly's code shrinks
// to a third even as base64, a few hundred numbers do not. The page unpacks them with the browser's
// DecompressionStream (page.ts), so nothing outside the file is needed.
import { gzipSync } from 'node:zlib';
import { escapeHtml } from './escape.ts';

export interface PackedText {
  encoding: 'gzip-base64' | 'text';
  text: string;
}

export function packText(text: string): PackedText {
  const packed = gzipSync(text, { level: 9 }).toString('base64');
  return packed.length < text.length ? { encoding: 'gzip-base64', text: packed } : { encoding: 'text', text };
}

/**
 * A block the browser neither runs nor shows. `text` must hold no "</script" (loadPlotlySource and
 * jsonForScript see to that; base64 has no "<").
 */
export function dataBlock(id: string, text: string): string {
  const { encoding, text: body } = packText(text);
  return `<script type="text/plain" id="${escapeHtml(id)}" data-encoding="${encoding}">${body}</script>`;
}
