// Leases on runs: the process training a run says so here and renews it every few seconds
// (app/service/run-ownership.ts decides what counts as alive). Claiming is one IMMEDIATE
// transaction, so two processes can never both take the same run.
import type { WritableDB } from './db.ts';

export interface RunOwner {
  runId: number;
  owner: string;
  pid: number;
  host: string;
  heartbeatAt: number;
}

export interface OwnerIdentity {
  owner: string;
  pid: number;
  host: string;
}

const COLUMNS = 'run_id AS runId, owner, pid, host, heartbeat_at AS heartbeatAt';

export function createRunOwnersRepo(db: WritableDB) {
  const byRun = db.prepare<[number], RunOwner>(`SELECT ${COLUMNS} FROM run_owners WHERE run_id = ?`);
  const all = db.prepare<[], RunOwner>(`SELECT ${COLUMNS} FROM run_owners`);
  const upsert = db.prepare<{ runId: number; owner: string; pid: number; host: string; now: number }>(`
    INSERT INTO run_owners (run_id, owner, pid, host, heartbeat_at) VALUES (@runId, @owner, @pid, @host, @now)
    ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host, heartbeat_at = excluded.heartbeat_at`);
  const renew = db.prepare<[number, string]>('UPDATE run_owners SET heartbeat_at = ? WHERE owner = ?');
  const releaseOne = db.prepare<[number, string]>('DELETE FROM run_owners WHERE run_id = ? AND owner = ?');
  const ownedBy = db.prepare<[string], { runId: number }>('SELECT run_id AS runId FROM run_owners WHERE owner = ?');
  const releaseAll = db.prepare<[string]>('DELETE FROM run_owners WHERE owner = ?');
  const forget = db.prepare<[number]>('DELETE FROM run_owners WHERE run_id = ?');

  /**
   * Takes the run for `me` unless `isAlive` says its present owner is another live process, which
   * is returned instead. The check and the write are one transaction that holds the write lock.
   */
  const claim = db.transaction((runId: number, me: OwnerIdentity, now: number, isAlive: (owner: RunOwner) => boolean): RunOwner | null => {
    const current = byRun.get(runId);
    if (current && current.owner !== me.owner && isAlive(current)) return current;
    upsert.run({ runId, ...me, now });
    return null;
  });

  return {
    get: (runId: number): RunOwner | undefined => byRun.get(runId),
    list: (): RunOwner[] => all.all(),
    claim: (runId: number, me: OwnerIdentity, now: number, isAlive: (owner: RunOwner) => boolean): RunOwner | null => claim.immediate(runId, me, now, isAlive),
    /** Renews every lease of `owner`; returns how many it holds. */
    heartbeat: (owner: string, now: number): number => renew.run(now, owner).changes,
    release: (runId: number, owner: string): void => void releaseOne.run(runId, owner),
    runsOf: (owner: string): number[] => ownedBy.all(owner).map((r) => r.runId),
    releaseAll: (owner: string): void => void releaseAll.run(owner),
    /** Drops a lease whatever its owner: for one the caller found dead. */
    forget: (runId: number): void => void forget.run(runId),
  };
}

export type RunOwnersRepo = ReturnType<typeof createRunOwnersRepo>;
