// Catch-up subscriptions to a stream or to `$all`. Catch-up and live delivery walk one
// cursor over the log, so the switch to live can neither skip nor repeat an event.
// Message order: confirmation, historical events, caught-up, live events; filtered
// `$all` subscriptions interleave checkpoints.
import { randomUUID } from "node:crypto";
import type { ServerErrorResponse, ServerWritableStream } from "@grpc/grpc-js";
import type { ReadReq, ReadResp } from "@eventstore/db-client/generated/streams_pb.js";
import type { EventFilter } from "./event-filter.js";
import { compareLogPositions, type EventLog, type LogPosition, type StoredEvent } from "./event-log.js";
import { streamsPb } from "./generated-protos.js";
import { RpcErrors } from "./rpc-errors.js";
import { DELETED_STREAM } from "./stream-metadata.js";
import { readEventResponse, toUint64String } from "./wire-encoding.js";

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

type Step =
  | { readonly kind: "event"; readonly event: StoredEvent; readonly deliver: boolean }
  | { readonly kind: "idle" }
  | { readonly kind: "failed"; readonly error: ServerErrorResponse };

/** Where a subscription starts: a revision or position given as `after` is exclusive. */
export type SubscriptionStart<P> = "start" | "end" | { readonly after: P };

/**
 * Checkpoint behaviours of particular server versions, off by default; each reproduces a bug a
 * real server shipped, so the adapter's tests can show it copes.
 */
export interface SubscriptionQuirks {
  /**
   * kurrent-io/KurrentDB#4892 (servers 23.10 to early 24.10): a filtered `$all` subscription that
   * goes live before its first checkpoint, having matched no event, sends the checkpoint
   * (2^64-1, 2^64-1), a position outside the log.
   */
  readonly maxPositionCheckpointOnLive?: boolean;
  /**
   * kurrent-io/KurrentDB#4970 (some 24.10 and 25.0 builds, fixed by #4990 / #4991): after an empty
   * page read a filtered `$all` subscription sends a checkpoint at the end of the log, which is
   * where the next event will be written; here, whenever it goes live.
   */
  readonly endOfLogCheckpoint?: boolean;
}

/** The unsigned 64-bit maximum, as the server sends a position before the log's start. */
const MAX_UINT64 = 2n ** 64n - 1n;

export function subscribeToStream(
  call: ReadCall,
  log: EventLog,
  streamId: string,
  start: SubscriptionStart<bigint>,
  structuredIds: boolean,
): void {
  if (log.readability(streamId) === "deleted") {
    call.emit("error", RpcErrors.streamDeleted(streamId));
    return;
  }
  let next = start === "start" ? 0n : start === "end" ? log.lastRevision(streamId) + 1n : start.after + 1n;
  const step = (): Step => {
    if (log.readability(streamId) === "deleted") return { kind: "failed", error: RpcErrors.streamDeleted(streamId) };
    const firstVisible = log.firstVisibleRevision(streamId);
    // Soft-deleted: nothing is visible, but the cursor must survive a later recreation.
    if (firstVisible === DELETED_STREAM) return { kind: "idle" };
    if (next < firstVisible) next = firstVisible;
    const event = log.event(streamId, next);
    if (event === undefined) return { kind: "idle" };
    next += 1n;
    return { kind: "event", event, deliver: true };
  };
  new SubscriptionPump(call, log, step, structuredIds, undefined, () => undefined).start();
}

export function subscribeToAll(
  call: ReadCall,
  log: EventLog,
  start: SubscriptionStart<LogPosition>,
  filter: EventFilter | undefined,
  structuredIds: boolean,
  quirks: SubscriptionQuirks = {},
): void {
  let index = start === "start" ? 0 : start === "end" ? log.length : indexAfter(log, start.after);
  const step = (): Step => {
    const event = log.at(index);
    if (event === undefined) return { kind: "idle" };
    index += 1;
    return { kind: "event", event, deliver: filter === undefined || filter.matches(event) };
  };
  const liveCheckpoint = (progress: { readonly checkpoints: number; readonly delivered: number }): LogPosition | undefined => {
    if (filter === undefined) return undefined;
    if (quirks.endOfLogCheckpoint === true) return log.endPosition;
    if (quirks.maxPositionCheckpointOnLive === true && progress.checkpoints === 0 && progress.delivered === 0) {
      return { commit: MAX_UINT64, prepare: MAX_UINT64 };
    }
    return undefined;
  };
  new SubscriptionPump(call, log, step, structuredIds, filter?.checkpointInterval, liveCheckpoint).start();
}

/** Index of the first record after `position` (exclusive), in (commit, prepare) order. */
function indexAfter(log: EventLog, position: LogPosition): number {
  const index = log.indexAtOrAfter(position);
  const there = log.at(index);
  return there !== undefined && compareLogPositions(there.position, position) === 0 ? index + 1 : index;
}

class SubscriptionPump {
  private caughtUp = false;
  private running = false;
  private waitingForDrain = false;
  private closed = false;
  private consideredSinceCheckpoint = 0;
  private checkpoints = 0;
  private delivered = 0;
  private stopListening: () => void = () => undefined;

  constructor(
    private readonly call: ReadCall,
    private readonly log: EventLog,
    private readonly step: () => Step,
    private readonly structuredIds: boolean,
    private readonly checkpointInterval: number | undefined,
    /** A checkpoint to send as the subscription goes live (a server version's quirk), if any. */
    private readonly liveCheckpoint: (progress: { readonly checkpoints: number; readonly delivered: number }) => LogPosition | undefined,
  ) {}

  private sendLiveCheckpoint(): void {
    const position = this.liveCheckpoint({ checkpoints: this.checkpoints, delivered: this.delivered });
    if (position !== undefined) this.checkpoint(position);
  }

  private checkpoint(position: LogPosition): boolean {
    this.checkpoints += 1;
    const checkpoint = new streamsPb.ReadResp.Checkpoint()
      .setCommitPosition(toUint64String(position.commit))
      .setPreparePosition(toUint64String(position.prepare));
    return this.call.write(new streamsPb.ReadResp().setCheckpoint(checkpoint));
  }

  start(): void {
    const close = () => this.close();
    this.call.on("cancelled", close);
    this.call.on("error", close);
    this.call.on("finish", close);
    const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    this.call.write(new streamsPb.ReadResp().setConfirmation(confirmation));
    this.stopListening = this.log.onCommit(() => this.pump());
    this.pump();
  }

  private close(): void {
    this.closed = true;
    this.stopListening();
  }

  private pump(): void {
    if (this.running || this.waitingForDrain || this.closed) return;
    this.running = true;
    try {
      this.drainSteps();
    } finally {
      this.running = false;
    }
  }

  private drainSteps(): void {
    let writable = true;
    while (!this.closed) {
      if (!writable) {
        this.waitingForDrain = true;
        this.call.once("drain", () => {
          this.waitingForDrain = false;
          this.pump();
        });
        return;
      }
      const step = this.step();
      switch (step.kind) {
        case "failed":
          this.close();
          this.call.emit("error", step.error);
          return;
        case "idle":
          if (this.caughtUp) return;
          this.caughtUp = true;
          this.sendLiveCheckpoint();
          writable = this.call.write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
          if (writable) return;
          break;
        case "event":
          if (step.deliver) {
            this.delivered += 1;
            writable = this.call.write(readEventResponse(step.event, this.structuredIds));
          }
          if (this.checkpointInterval !== undefined && ++this.consideredSinceCheckpoint >= this.checkpointInterval) {
            this.consideredSinceCheckpoint = 0;
            writable = this.checkpoint(step.event.position) && writable;
          }
          break;
      }
    }
  }
}
