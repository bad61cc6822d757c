// The built UI (dist-renderer) as both shells serve it: browser mode over HTTP, the desktop app
// over its app:// protocol. Both send the same Content-Security-Policy as a response header.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

// Plotly styles its charts inline, so style-src needs 'unsafe-inline' (platform.md §5); scripts do not.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export type RendererFile =
  | { found: true; file: string; headers: Record<string, string> }
  | { found: false; status: 400 | 404 | 503; message: string };

/** The file a URL path names under the renderer's root, never one outside it. */
export function rendererFile(root: string, pathname: string): RendererFile {
  const base = path.resolve(root);
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' || pathname === '' ? '/index.html' : pathname);
  } catch {
    return { found: false, status: 400, message: 'malformed path' };
  }
  const file = path.resolve(base, `.${relative}`);
  if (!file.startsWith(base + path.sep)) return { found: false, status: 404, message: 'not found' };
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (!existsSync(path.join(base, 'index.html'))) return { found: false, status: 503, message: 'The UI is not built: run `npm run build:renderer` (or `npm run web`, which builds it).' };
    return { found: false, status: 404, message: 'not found' };
  }
  return {
    found: true,
    file,
    headers: {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    },
  };
}
