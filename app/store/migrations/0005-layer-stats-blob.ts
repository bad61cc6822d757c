// An epoch's per-layer statistics move from JSON text to compact bytes (layer-stats-codec.ts), and
// γ, β and the running averages are no longer repeated per epoch: they are in the epoch's state.
// Rows written before this step keep their JSON and are never rewritten by an upgrade; `bnlab gc`
// converts them only when the user asks. Self-contained, like every migration: it never changes once shipped.
import type { WritableDB } from '../db.ts';

export default function migrate0005(db: WritableDB): void {
  db.exec(`
    -- the per-layer statistics, little-endian bytes laid out in docs/storage.md ('layer statistics');
    -- NULL on rows written before schema 5, which keep them in layers_json, and there 'null' otherwise
    ALTER TABLE epoch_metrics ADD COLUMN layer_stats BLOB;
  `);
}
