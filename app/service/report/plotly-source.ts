// The Plotly library the report embeds, read from the installed package. A packaged app has no
// node_modules of devDependencies, so its main process passes the path of a copy it ships.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LabError } from '../lab-error.ts';

/**
 * Plotly's own cartesian bundle, minified: every trace type the report draws (scatter, heatmap,
 * contour) in 1.5 MB, where the full library is 4.8 MB minified and 10 MB as plotly.js-dist ships it.
 */
export const PACKAGE_FILE = 'plotly.js-cartesian-dist-min/plotly-cartesian.min.js';

export function loadPlotlySource(file?: string): string {
  let path = file;
  if (path === undefined) {
    try {
      path = createRequire(import.meta.url).resolve(PACKAGE_FILE);
    } catch {
      throw new LabError('io_error', `cannot find ${PACKAGE_FILE}, which HTML and PDF reports embed; run npm install`);
    }
  }
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LabError('io_error', `cannot read the Plotly library at ${path}: ${(error as Error).message}`);
  }
  // Inside an inline <script>, the text "</script" would end the element; "<\/script" means the
  // same in every JavaScript context where it can occur (strings, regular expressions, comments).
  return source.replace(/<\/(script)/gi, '<\\/$1');
}
