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
  // Inside the page's <script> block, the text "</script" would end the element; "<\/script" means the
  // same in every JavaScript context where it can occur (strings, regular expressions, comments).
  return compiledWithScript(source).replace(/<\/(script)/gi, '<\\/$1');
}

/** How Plotly's UMD wrapper passes all of Plotly's code to itself, as an arrow function. */
const UMD_FACTORY = '} (typeof self !== "undefined" ? self : this, () => {';
const UMD_END = '}));';

/**
 * Plotly's code as one immediately invoked `(function () {…})()`. V8 compiles an arrow function
 * passed as an argument lazily, on the main thread when it is called: for Plotly's 1.5 MB that is
 * about 0.4 s before the first chart. A parenthesised function is compiled with the script, which
 * the browser does off the main thread for a script loaded by URL (page.ts). The code's own last
 * lines set window.Plotly, all the wrapper did in a page; its licence banner is kept, and a source of
 * another shape is kept as is.
 */
export function compiledWithScript(source: string): string {
  const start = source.indexOf(UMD_FACTORY);
  if (start < 0 || source.indexOf(UMD_FACTORY, start + 1) >= 0 || !source.endsWith(UMD_END)) return source;
  const banner = source.startsWith('/*') ? `${source.slice(0, source.indexOf('*/') + 2)}\n` : '';
  return `${banner}(function () {${source.slice(start + UMD_FACTORY.length, -UMD_END.length)}})();`;
}
