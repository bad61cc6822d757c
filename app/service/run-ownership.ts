// Run ownership across processes sharing one lab file. This lab holds a lease on every run it has
// queued or trains and renews it every HEARTBEAT_MS; a run whose stored status says it is training
// but whose owner is gone (no lease, a lease not renewed within the timeout, or on this machine a
// process that no longer exists) is interrupted, whatever its stored status says. So opening a
// file never takes another live process's runs from it, and after a crash `bnlab list` tells the
// truth at once on the same machine, within the timeout elsewhere, without anyone writing.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunStatus } from '../contract/records.ts';
import type { OwnerIdentity, RunOwner, RunOwnersRepo } from '../store/run-owners.ts';
import { LabError } from './lab-error.ts';

export const HEARTBEAT_MS = 2_000;
/** Long enough for a busy machine to miss a few heartbeats, short enough that a crash shows within seconds. */
export const LEASE_TIMEOUT_MS = 15_000;

/** Statuses that claim a process is working on the run. */
export const LIVE_STATUSES: ReadonlySet<RunStatus> = new Set(['queued', 'running', 'paused']);

export class RunOwnership {
  readonly me: OwnerIdentity = { owner: randomUUID(), pid: process.pid, host: hostname() };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly owners: RunOwnersRepo,
    private readonly timeoutMs = LEASE_TIMEOUT_MS,
  ) {}

  /** Renews this lab's leases from now on (the timer never keeps the process alive). */
  startHeartbeat(): void {
    this.timer ??= setInterval(() => {
      try {
        this.owners.heartbeat(this.me.owner, Date.now());
      } catch {
        // A busy or closing file: the next beat tries again, well within the timeout.
      }
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  isAlive(lease: RunOwner): boolean {
    if (lease.owner === this.me.owner) return true;
    if (Date.now() - lease.heartbeatAt > this.timeoutMs) return false;
    // On this machine a vanished process is known at once, without waiting out the timeout.
    return lease.host !== this.me.host || processExists(lease.pid);
  }

  /** Takes the run for this lab, or refuses naming the live process that trains it. */
  claim(runId: number): void {
    const other = this.owners.claim(runId, this.me, Date.now(), (lease) => this.isAlive(lease));
    if (other) throw new LabError('invalid_state', `run ${runId} is training in another BN Lab process (${describe(other, this.me.host)}); stop it there, or wait until it ends`);
  }

  release(runId: number): void {
    this.owners.release(runId, this.me.owner);
  }

  /** Drops the lease on a run whose owner was found gone. */
  forget(runId: number): void {
    this.owners.forget(runId);
  }

  /** The live lease of another process on `runId`, if there is one. */
  otherOwner(runId: number): RunOwner | undefined {
    const lease = this.owners.get(runId);
    return lease && lease.owner !== this.me.owner && this.isAlive(lease) ? lease : undefined;
  }

  /** Refuses to change a run that another live process trains. */
  refuseIfOwnedElsewhere(runId: number, doing: string): void {
    const other = this.otherOwner(runId);
    if (other) throw new LabError('invalid_state', `run ${runId} is training in another BN Lab process (${describe(other, this.me.host)}); stop it there before ${doing}`);
  }

  /** Whether some live process (this one included) holds the run. */
  isOwned(runId: number): boolean {
    const lease = this.owners.get(runId);
    return lease !== undefined && this.isAlive(lease);
  }

  /** Runs some live process (this one included) holds. */
  liveRuns(): Set<number> {
    return new Set(this.owners.list().filter((lease) => this.isAlive(lease)).map((lease) => lease.runId));
  }

  /** What a run's stored status means now: a training status with no live owner is interrupted. */
  static effectiveStatus(status: RunStatus, owned: boolean): RunStatus {
    return LIVE_STATUSES.has(status) && !owned ? 'interrupted' : status;
  }

  /** Stops the heartbeat and gives up every lease; the runs' statuses were settled by then. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.owners.releaseAll(this.me.owner);
  }
}

function describe(lease: RunOwner, myHost: string): string {
  return lease.host === myHost ? `pid ${lease.pid}` : `pid ${lease.pid} on ${lease.host}`;
}

/** Whether a process with this id exists (EPERM: it does, but belongs to another user). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
