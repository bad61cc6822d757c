// The first schema. Comments inside the SQL are kept in sqlite_master, so `.schema` in the sqlite3
// CLI explains the columns to whoever opens the file without BN Lab. This file never changes once
// shipped: it is self-contained on purpose (no shared constants that could drift later).
import type { WritableDB } from '../db.ts';

export default function migrate0001(db: WritableDB): void {
  db.exec(`
    CREATE TABLE experiments (
      id          INTEGER PRIMARY KEY,
      name        TEXT NOT NULL CHECK (name <> ''),
      created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))  -- ISO 8601, UTC
    ) STRICT;

    CREATE TABLE datasets (
      id                    INTEGER PRIMARY KEY,
      name                  TEXT NOT NULL CHECK (name <> ''),
      description_json      TEXT NOT NULL CHECK (json_valid(description_json)),
      -- per-feature mean and standard deviation of the training split, applied to every split
      standardization_json  TEXT NOT NULL CHECK (json_valid(standardization_json)),
      created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ) STRICT;

    CREATE TABLE runs (
      id                INTEGER PRIMARY KEY,
      experiment_id     INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      -- a dataset still used by a run cannot be deleted
      dataset_id        INTEGER NOT NULL REFERENCES datasets(id) ON DELETE RESTRICT,
      name              TEXT NOT NULL CHECK (name <> ''),
      -- set when the run started from another run's checkpoint at branch_epoch; the parent may
      -- later be deleted, which keeps branch_epoch as history
      parent_run_id     INTEGER REFERENCES runs(id) ON DELETE SET NULL,
      branch_epoch      INTEGER CHECK (branch_epoch >= 0),
      status            TEXT NOT NULL DEFAULT 'queued'
                          CHECK (status IN ('queued', 'running', 'paused', 'done', 'failed', 'diverged', 'interrupted')),
      error             TEXT,
      spec_json         TEXT NOT NULL CHECK (json_valid(spec_json)),  -- the resolved run spec; the truth
      -- readable copies of spec_json; bn_* are batch norm's, opt_* the optimizer's (opt_beta is
      -- momentum's beta, never BN's shift beta); NULL where the optimizer has no such setting
      dtype             TEXT NOT NULL CHECK (dtype IN ('float32', 'float64')),
      bn_eps            REAL NOT NULL,
      bn_momentum       REAL NOT NULL,
      opt_kind          TEXT NOT NULL CHECK (opt_kind IN ('gd', 'momentum', 'rmsprop', 'adam')),
      opt_lr            REAL NOT NULL,
      opt_beta          REAL,
      opt_beta1         REAL,
      opt_beta2         REAL,
      opt_eps           REAL,
      opt_weight_decay  REAL NOT NULL,
      epochs_done       INTEGER NOT NULL DEFAULT 0 CHECK (epochs_done >= 0),
      epochs_total      INTEGER NOT NULL CHECK (epochs_total >= 1),
      checkpoint_every  INTEGER NOT NULL DEFAULT 1 CHECK (checkpoint_every >= 1),
      created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      started_at        TEXT,
      finished_at       TEXT,
      CHECK (parent_run_id IS NULL OR branch_epoch IS NOT NULL)
    ) STRICT;
    CREATE INDEX runs_by_experiment ON runs(experiment_id);
    CREATE INDEX runs_by_dataset ON runs(dataset_id);
    CREATE INDEX runs_by_parent ON runs(parent_run_id);

    CREATE TABLE epoch_metrics (
      run_id               INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch                INTEGER NOT NULL CHECK (epoch >= 1),  -- 1-based
      steps                INTEGER NOT NULL CHECK (steps >= 0),  -- optimizer updates since the run began
      train_loss           REAL,  -- NULL only when the loss was NaN (SQLite has no NaN)
      train_accuracy       REAL,  -- NULL for mse
      validation_loss      REAL,  -- NULL without a validation split, or when NaN
      validation_accuracy  REAL,
      layers_json          TEXT NOT NULL CHECK (json_valid(layers_json)),  -- gradient norms, BN statistics, percentiles per layer
      wall_ms              REAL NOT NULL CHECK (wall_ms >= 0),
      recorded_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      PRIMARY KEY (run_id, epoch)
    ) STRICT;

    CREATE TABLE checkpoints (
      run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch       INTEGER NOT NULL CHECK (epoch >= 0),  -- state after this many epochs; 0 = initial
      state       BLOB NOT NULL CHECK (length(state) > 0),  -- the engine's serialized model state
      created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      PRIMARY KEY (run_id, epoch)
    ) STRICT;

    -- For the sqlite3 CLI: SELECT epoch, train_loss, validation_loss FROM epoch_metrics_readable WHERE run = '…' ORDER BY epoch;
    CREATE VIEW epoch_metrics_readable AS
      SELECT e.name AS experiment, r.id AS run_id, r.name AS run, r.status AS status,
             m.epoch, m.steps, m.train_loss, m.train_accuracy, m.validation_loss, m.validation_accuracy,
             round(m.wall_ms) AS wall_ms
        FROM epoch_metrics AS m
        JOIN runs AS r ON r.id = m.run_id
        JOIN experiments AS e ON e.id = r.experiment_id;
  `);
}
