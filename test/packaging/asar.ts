// Reading an asar archive's file list without @electron/asar: the header is a JSON tree after four
// little-endian uint32 words (pickle sizes, then the JSON string's length), as asar writes it.
import { closeSync, openSync, readSync } from 'node:fs';

export interface AsarEntry {
  path: string;
  /** Stored next to the archive in app.asar.unpacked/ rather than inside it. */
  unpacked: boolean;
}

interface Node {
  files?: Record<string, Node>;
  unpacked?: boolean;
}

export function listAsar(file: string): AsarEntry[] {
  const fd = openSync(file, 'r');
  try {
    const sizes = Buffer.alloc(16);
    readSync(fd, sizes, 0, 16, 0);
    const json = Buffer.alloc(sizes.readUInt32LE(12));
    readSync(fd, json, 0, json.length, 16);
    const entries: AsarEntry[] = [];
    const walk = (node: Node, prefix: string) => {
      for (const [name, child] of Object.entries(node.files ?? {})) {
        if (child.files) walk(child, `${prefix}${name}/`);
        else entries.push({ path: `${prefix}${name}`, unpacked: child.unpacked === true });
      }
    };
    walk(JSON.parse(json.toString('utf8')) as Node, '');
    return entries;
  } finally {
    closeSync(fd);
  }
}
