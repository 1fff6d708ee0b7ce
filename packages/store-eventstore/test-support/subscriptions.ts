// Catch-up subscriptions to a stream or to `$all`. Catch-up and live delivery walk one
// cursor over the log, so the switch to live can neither skip nor repeat an event.
// Message order: confirmation, historical events, caught-up, live events; filtered
// `$all` subscriptions interleave checkpoints.
import { randomUUID } from "node:crypto";
import type { ServerErrorResponse, ServerWritableStream } from "@grpc/grpc-js";
import type { ReadReq, ReadResp } from "@eventstore/db-client/generated/streams_pb.js";
import type { EventFilter } from "./event-filter.js";
import type { EventLog, StoredEvent } from "./event-log.js";
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
export type SubscriptionStart = "start" | "end" | { readonly after: bigint };

export function subscribeToStream(call: ReadCall, log: EventLog, streamId: string, start: SubscriptionStart, structuredIds: boolean): void {
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
  new SubscriptionPump(call, log, step, structuredIds, undefined).start();
}

export function subscribeToAll(
  call: ReadCall,
  log: EventLog,
  start: SubscriptionStart,
  filter: EventFilter | undefined,
  structuredIds: boolean,
): void {
  let index = start === "start" ? 0 : start === "end" ? log.length : log.indexAtOrAfter(start.after + 1n);
  const step = (): Step => {
    const event = log.at(index);
    if (event === undefined) return { kind: "idle" };
    index += 1;
    return { kind: "event", event, deliver: filter === undefined || filter.matches(event) };
  };
  new SubscriptionPump(call, log, step, structuredIds, filter?.checkpointInterval).start();
}

class SubscriptionPump {
  private caughtUp = false;
  private running = false;
  private waitingForDrain = false;
  private closed = false;
  private consideredSinceCheckpoint = 0;
  private stopListening: () => void = () => undefined;

  constructor(
    private readonly call: ReadCall,
    private readonly log: EventLog,
    private readonly step: () => Step,
    private readonly structuredIds: boolean,
    private readonly checkpointInterval: number | undefined,
  ) {}

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
          writable = this.call.write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
          if (writable) return;
          break;
        case "event":
          if (step.deliver) writable = this.call.write(readEventResponse(step.event, this.structuredIds));
          if (this.checkpointInterval !== undefined && ++this.consideredSinceCheckpoint >= this.checkpointInterval) {
            this.consideredSinceCheckpoint = 0;
            const position = toUint64String(step.event.position);
            const checkpoint = new streamsPb.ReadResp.Checkpoint().setCommitPosition(position).setPreparePosition(position);
            writable = this.call.write(new streamsPb.ReadResp().setCheckpoint(checkpoint)) && writable;
          }
          break;
      }
    }
  }
}
