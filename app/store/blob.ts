// better-sqlite3 binds BLOBs from Buffers only; this view shares the bytes without copying.
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
