// An experiment made from a design (a base run, the factors to vary, the repeats, the runs edited by
// hand) keeps that design, so it can be opened again, changed and re-run. Experiments made from a
// list of runs have none. Self-contained, like every migration: it never changes once shipped.
import type { WritableDB } from '../db.ts';

export default function migrate0003(db: WritableDB): void {
  db.exec(`
    ALTER TABLE experiments ADD COLUMN
      -- the experiment file's design as given (name, base, vary, repeats, exceptions); NULL for a list of runs
      design_json TEXT CHECK (design_json IS NULL OR json_valid(design_json));
  `);
}
