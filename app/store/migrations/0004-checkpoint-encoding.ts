// Checkpoints may be stored compressed. Rows written before this step keep 'raw' (the engine's state
// bytes as they are) and are never rewritten by an upgrade; `bnlab gc` thins and compresses them
// only when the user asks. Self-contained, like every migration: it never changes once shipped.
import type { WritableDB } from '../db.ts';

export default function migrate0004(db: WritableDB): void {
  db.exec(`
    -- how state is stored: 'raw' = the engine's state bytes; 'shuffle4-deflate' / 'shuffle8-deflate' =
    -- those bytes byte-shuffled with a stride of 4 (float32) or 8 (float64), then raw DEFLATE (RFC 1951)
    ALTER TABLE checkpoints ADD COLUMN encoding TEXT NOT NULL DEFAULT 'raw'
      CHECK (encoding IN ('raw', 'shuffle4-deflate', 'shuffle8-deflate'));
  `);
}
