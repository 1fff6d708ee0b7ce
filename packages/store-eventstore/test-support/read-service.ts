// Streams.Read: bounded reads of a stream or of `$all`, and subscriptions (same RPC,
// `subscription` instead of `count`). A missing stream is a `stream_not_found` message
// in an otherwise successful response; a tombstoned one fails the call.
import type { handleServerStreamingCall, ServerWritableStream } from "@grpc/grpc-js";
import type { ReadReq, ReadResp } from "@eventstore/db-client/generated/streams_pb.js";
import { eventFilterOf, type EventFilter } from "./event-filter.js";
import type { EventLog, LogPosition, StoredEvent } from "./event-log.js";
import { streamsPb } from "./generated-protos.js";
import { RpcErrors } from "./rpc-errors.js";
import { subscribeToAll, subscribeToStream, type SubscriptionQuirks, type SubscriptionStart } from "./subscriptions.js";
import { parseUint64, readEventResponse, streamIdentifier, streamNameOf } from "./wire-encoding.js";

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
type Start = "start" | "end" | { readonly at: bigint };
type AllStart = "start" | "end" | { readonly at: LogPosition };

function streamStart(options: ReadReq.Options.StreamOptions): Start | undefined {
  if (options.hasStart()) return "start";
  if (options.hasEnd()) return "end";
  if (!options.hasRevision()) return undefined;
  const revision = parseUint64(options.getRevision());
  return revision === undefined ? undefined : { at: revision };
}

function allStart(options: ReadReq.Options.AllOptions): AllStart | undefined {
  if (options.hasStart()) return "start";
  if (options.hasEnd()) return "end";
  const position = options.getPosition();
  if (position === undefined) return undefined;
  const commit = parseUint64(position.getCommitPosition());
  const prepare = parseUint64(position.getPreparePosition());
  return commit === undefined || prepare === undefined ? undefined : { at: { commit, prepare } };
}

const subscriptionStart = <P>(start: "start" | "end" | { readonly at: P }): SubscriptionStart<P> =>
  typeof start === "string" ? start : { after: start.at };

/** Writes responses with back-pressure, then ends the call. */
function sendAll(call: ReadCall, responses: Iterator<ReadResp>): void {
  let cancelled = false;
  call.on("cancelled", () => (cancelled = true));
  const pump = () => {
    for (;;) {
      if (cancelled) return;
      const next = responses.next();
      if (next.done === true) {
        call.end();
        return;
      }
      if (!call.write(next.value)) {
        call.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

function* streamEvents(log: EventLog, streamId: string, start: Start, backwards: boolean, count: bigint): Generator<StoredEvent> {
  const first = log.firstVisibleRevision(streamId);
  const last = log.lastRevision(streamId);
  let remaining = count;
  if (backwards) {
    let revision = start === "end" ? last : start === "start" ? 0n : start.at < last ? start.at : last;
    for (; revision >= first && remaining > 0n; revision -= 1n, remaining -= 1n) {
      const event = log.event(streamId, revision);
      if (event !== undefined) yield event;
    }
  } else {
    let revision = start === "end" ? last + 1n : start === "start" ? first : start.at > first ? start.at : first;
    for (; revision <= last && remaining > 0n; revision += 1n, remaining -= 1n) {
      const event = log.event(streamId, revision);
      if (event !== undefined) yield event;
    }
  }
}

// Forward reads include the event at the given position; backward reads start before it.
function* allEvents(
  log: EventLog,
  start: AllStart,
  backwards: boolean,
  count: bigint,
  filter: EventFilter | undefined,
): Generator<StoredEvent> {
  let remaining = count;
  const end = log.length;
  let index: number;
  if (backwards) index = start === "end" ? end - 1 : start === "start" ? -1 : log.indexAtOrAfter(start.at) - 1;
  else index = start === "end" ? end : start === "start" ? 0 : log.indexAtOrAfter(start.at);
  const step = backwards ? -1 : 1;
  for (; index >= 0 && index < end && remaining > 0n; index += step) {
    const event = log.at(index);
    if (event === undefined || (filter !== undefined && !filter.matches(event))) continue;
    remaining -= 1n;
    yield event;
  }
}

function* responsesOf(events: Iterable<StoredEvent>, structuredIds: boolean): Generator<ReadResp> {
  for (const event of events) yield readEventResponse(event, structuredIds);
}

export function readHandler(log: EventLog, quirks: SubscriptionQuirks = {}): handleServerStreamingCall<ReadReq, ReadResp> {
  return (call) => {
    const fail = (message: string) => call.emit("error", RpcErrors.invalidArgument(message));
    const options = call.request.getOptions();
    if (options === undefined) return fail("read without options");
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;

    let filter: EventFilter | undefined;
    const filterOptions = options.getFilter();
    if (filterOptions !== undefined) {
      const parsed = eventFilterOf(filterOptions);
      if (typeof parsed === "string") return fail(parsed);
      filter = parsed;
    }

    const streamOptions = options.getStream();
    const allOptions = options.getAll();
    const count = options.hasCount() ? parseUint64(options.getCount()) : undefined;
    const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
    if (streamOptions === undefined) {
      const start = allOptions === undefined ? undefined : allStart(allOptions);
      if (start === undefined) return fail("read needs a stream or $all and a start");
      if (options.hasSubscription()) {
        subscribeToAll(call, log, subscriptionStart(start), filter, structuredIds, quirks);
        return;
      }
      if (count === undefined) return fail("read needs a count or a subscription");
      sendAll(call, responsesOf(allEvents(log, start, backwards, count, filter), structuredIds));
      return;
    }
    const start = streamStart(streamOptions);
    if (start === undefined) return fail("read needs a stream or $all and a start");
    const streamId = streamNameOf(streamOptions.getStreamIdentifier());
    if (streamId === undefined) return fail("read needs a stream name");
    if (filter !== undefined) return fail("filters apply to $all only");

    if (options.hasSubscription()) {
      subscribeToStream(call, log, streamId, subscriptionStart(start), structuredIds);
      return;
    }
    if (count === undefined) return fail("read needs a count or a subscription");

    switch (log.readability(streamId)) {
      case "deleted":
        call.emit("error", RpcErrors.streamDeleted(streamId));
        return;
      case "not_found": {
        const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamId));
        sendAll(call, [new streamsPb.ReadResp().setStreamNotFound(notFound)].values());
        return;
      }
      case "readable":
        sendAll(call, responsesOf(streamEvents(log, streamId, start, backwards, count), structuredIds));
    }
  };
}
