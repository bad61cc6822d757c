// Which process trains which run. Several processes may share one lab file (a second `bnlab run`, the
// desktop app and the CLI, an export); each holds a lease on the runs it trains and renews it by a
// heartbeat, so another process can tell a live owner's runs from ones a crashed process left behind.
// Self-contained, like every migration: it never changes once shipped.
import type { WritableDB } from '../db.ts';

export default function migrate0002(db: WritableDB): void {
  db.exec(`
    CREATE TABLE run_owners (
      run_id        INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      -- a random id per open lab (LabService), so two labs in one process are told apart too
      owner         TEXT NOT NULL CHECK (owner <> ''),
      pid           INTEGER NOT NULL,
      host          TEXT NOT NULL,
      -- milliseconds since 1970 (UTC) of the owner's last heartbeat; a lease not renewed within the
      -- lab's timeout (seconds) is its process gone
      heartbeat_at  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX run_owners_by_owner ON run_owners (owner);
  `);
}
