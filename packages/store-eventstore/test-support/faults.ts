// One-shot faults for the next append, and the append pipeline that honours them and
// the server-side write timeout. Whatever happens to the reply, a write that was
// accepted always commits: neither a timeout nor a vanished client cancels it.
import type { EventLog, ProposedEvent, WriteResult } from "./event-log.js";

export interface AppendFault {
  readonly delayMs: number;
  readonly loseReply: boolean;
}

export interface AppendRequest {
  readonly streamId: string;
  readonly expectedVersion: bigint;
  readonly events: readonly ProposedEvent[];
}

export interface AppendReplies {
  committed(result: WriteResult): void;
  /** The server's own deadline passed before the (delayed) commit; the commit still follows. */
  timedOut(): void;
  /** The write committed but its reply is lost, as if the connection broke right after the commit. */
  lost(): void;
}

/** How many injected faults took effect: a test can tell a lost reply from a fault that never fired. */
export interface FaultCounts {
  /** Appends that committed and whose reply was then lost. */
  readonly repliesLost: number;
  /** Appends whose commit was held back by `delayNextAppend`. */
  readonly appendsDelayed: number;
}

export class FaultInjector {
  private loseNextReply = false;
  private repliesLost = 0;
  private appendsDelayed = 0;
  private nextDelayMs = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  loseNextAppendReply(): void {
    this.loseNextReply = true;
  }

  delayNextAppend(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`delay must be a non-negative number of ms, got ${ms}`);
    this.nextDelayMs = ms;
  }

  counts(): FaultCounts {
    return { repliesLost: this.repliesLost, appendsDelayed: this.appendsDelayed };
  }

  /** Counts a reply lost after its commit. */
  replyLost(): void {
    this.repliesLost++;
  }

  takeAppendFault(): AppendFault {
    const fault = { delayMs: this.nextDelayMs, loseReply: this.loseNextReply };
    if (fault.delayMs > 0) this.appendsDelayed++;
    this.nextDelayMs = 0;
    this.loseNextReply = false;
    return fault;
  }

  /** Runs `work` later; pending work is dropped when the server stops. */
  schedule(work: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * Commits `request` (after any injected delay) and reports exactly one outcome.
 * `timeoutMs` is how long the server waits for its commit before answering "timeout".
 */
export function executeAppend(
  log: EventLog,
  faults: FaultInjector,
  request: AppendRequest,
  timeoutMs: number,
  replies: AppendReplies,
): void {
  const fault = faults.takeAppendFault();
  const commit = () => log.append(request.streamId, request.expectedVersion, request.events);

  const lose = () => {
    faults.replyLost();
    replies.lost();
  };
  if (fault.delayMs === 0) {
    const result = commit();
    if (fault.loseReply) lose();
    else replies.committed(result);
    return;
  }

  let answered = false;
  const timeout =
    timeoutMs < fault.delayMs
      ? faults.schedule(
          () => {
            answered = true;
            replies.timedOut();
          },
          Math.max(0, timeoutMs),
        )
      : undefined;
  faults.schedule(() => {
    const result = commit();
    if (answered) return;
    if (timeout !== undefined) faults.cancel(timeout);
    if (fault.loseReply) lose();
    else replies.committed(result);
  }, fault.delayMs);
}
