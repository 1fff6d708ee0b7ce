// Streams.Append (client-streaming, one call per append) and Streams.BatchAppend (one
// long-lived bidi stream per client carrying many appends, each tagged with a
// correlation id and carrying its own deadline).
import type { handleBidiStreamingCall, handleClientStreamingCall } from "@grpc/grpc-js";
import type { UUID } from "@eventstore/db-client/generated/shared_pb.js";
import type { Status as RpcStatus } from "@eventstore/db-client/generated/status_pb.js";
import type { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from "@eventstore/db-client/generated/streams_pb.js";
import { ExpectedVersion, type EventLog, type ProposedEvent, type WriteResult } from "./event-log.js";
import { executeAppend, type FaultInjector } from "./faults.js";
import { GoogleEmptyMessage, sharedPb, streamsPb } from "./generated-protos.js";
import { BatchAppendStatuses, RpcErrors } from "./rpc-errors.js";
import { CONTENT_TYPE_JSON, expectedVersionOf, parseUuid, streamIdentifier, streamNameOf, toUint64String } from "./wire-encoding.js";

export interface AppendContext {
  readonly log: EventLog;
  readonly faults: FaultInjector;
  readonly maxAppendSize: number;
  /** Largest single event (data + metadata + 2 x type length), as `MaxAppendEventSize` on servers from 24.10.4. */
  readonly maxAppendEventSize: number;
  readonly writeTimeoutMs: number;
}

interface ProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

type Decoded =
  | { readonly kind: "event"; readonly event: ProposedEvent; readonly size: number }
  | { readonly kind: "missing_metadata"; readonly property: string }
  | { readonly kind: "bad_id"; readonly size: number };

function decodeProposed(message: ProposedMessage): Decoded {
  const metadata = message.getMetadataMap();
  const type = metadata.get("type");
  if (type === undefined) return { kind: "missing_metadata", property: "type" };
  const contentType = metadata.get("content-type");
  if (contentType === undefined) return { kind: "missing_metadata", property: "content-type" };
  const data = message.getData_asU8();
  const custom = message.getCustomMetadata_asU8();
  // Event.SizeOnDisk on the server: the type counts twice.
  const size = data.length + custom.length + 2 * type.length;
  const eventId = parseUuid(message.getId());
  if (eventId === undefined) return { kind: "bad_id", size };
  // Any content type other than JSON is stored, and read back, as octet-stream.
  return { kind: "event", size, event: { eventId, type, isJson: contentType === CONTENT_TYPE_JSON, data, metadata: custom } };
}

// ---- Append -----------------------------------------------------------------------

const appendExpectedVersion = (options: AppendReq.Options) =>
  expectedVersionOf(options, options.hasRevision() ? options.getRevision() : undefined);

// The *_2060 fields are plain JS numbers in the generated code; larger values cannot be serialized there.
const fitsNumber = (value: bigint) => value <= BigInt(Number.MAX_SAFE_INTEGER);

function appendResponse(result: Exclude<WriteResult, { kind: "stream_deleted" }>, expectedVersion: bigint): AppendResp {
  const response = new streamsPb.AppendResp();
  if (result.kind === "committed") {
    const success = new streamsPb.AppendResp.Success();
    if (result.lastRevision < 0n) success.setNoStream(new sharedPb.Empty());
    else success.setCurrentRevision(toUint64String(result.lastRevision));
    if (result.position === undefined) success.setNoPosition(new sharedPb.Empty());
    else {
      const { commit, prepare } = result.position;
      success.setPosition(
        new streamsPb.AppendResp.Position().setCommitPosition(toUint64String(commit)).setPreparePosition(toUint64String(prepare)),
      );
    }
    return response.setSuccess(success);
  }
  // A wrong expected version is a successful call whose response says so; current and
  // expected values go into the string fields and, for old clients, the *_2060 fields too.
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (result.currentRevision < 0n) {
    wrong.setCurrentNoStream(new sharedPb.Empty()).setNoStream2060(new sharedPb.Empty());
  } else {
    wrong.setCurrentRevision(toUint64String(result.currentRevision));
    if (fitsNumber(result.currentRevision)) wrong.setCurrentRevision2060(Number(result.currentRevision));
  }
  switch (expectedVersion) {
    case ExpectedVersion.Any:
      wrong.setExpectedAny(new sharedPb.Empty()).setAny2060(new sharedPb.Empty());
      break;
    case ExpectedVersion.StreamExists:
      wrong.setExpectedStreamExists(new sharedPb.Empty()).setStreamExists2060(new sharedPb.Empty());
      break;
    case ExpectedVersion.NoStream:
      wrong.setExpectedNoStream(new sharedPb.Empty());
      break;
    default:
      wrong.setExpectedRevision(toUint64String(expectedVersion));
      if (fitsNumber(expectedVersion)) wrong.setExpectedRevision2060(Number(expectedVersion));
  }
  return response.setWrongExpectedVersion(wrong);
}

export function appendHandler(context: AppendContext): handleClientStreamingCall<AppendReq, AppendResp> {
  return (call, callback) => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: Parameters<typeof callback>[0]) => {
      if (failed) return;
      failed = true;
      callback(error);
    };

    call.on("data", (request: AppendReq) => {
      if (failed) return;
      if (options === undefined) {
        options = request.getOptions();
        if (options === undefined) fail(RpcErrors.invalidArgument("the first append message must carry options"));
        return;
      }
      const proposed = request.getProposedMessage();
      if (proposed === undefined) return fail(RpcErrors.invalidArgument("expected a proposed message"));
      const decoded = decodeProposed(proposed);
      if (decoded.kind === "missing_metadata") return fail(RpcErrors.requiredMetadataPropertyMissing(decoded.property));
      if (decoded.size > context.maxAppendEventSize) {
        return fail(RpcErrors.maximumAppendEventSizeExceeded(context.maxAppendEventSize));
      }
      size += decoded.size;
      // Rejected as soon as the running total is too big, like the server does.
      if (size > context.maxAppendSize) return fail(RpcErrors.maximumAppendSizeExceeded(context.maxAppendSize));
      if (decoded.kind === "bad_id") return fail(RpcErrors.handlerException());
      events.push(decoded.event);
    });

    call.on("end", () => {
      if (failed) return;
      if (options === undefined) return fail(RpcErrors.invalidArgument("append without options"));
      const streamId = streamNameOf(options.getStreamIdentifier());
      const expectedVersion = appendExpectedVersion(options);
      if (streamId === undefined || expectedVersion === undefined) {
        return fail(RpcErrors.invalidArgument("append needs a stream name and an expected revision"));
      }
      executeAppend(context.log, context.faults, { streamId, expectedVersion, events }, context.writeTimeoutMs, {
        committed: (result) =>
          result.kind === "stream_deleted"
            ? callback(RpcErrors.streamDeleted(streamId))
            : callback(null, appendResponse(result, expectedVersion)),
        timedOut: () => callback(RpcErrors.writeTimeout()),
        lost: () => callback(RpcErrors.connectionLost()),
      });
    });
  };
}

// ---- BatchAppend --------------------------------------------------------------------

interface PendingAppend {
  readonly correlationId: UUID;
  readonly streamId: string;
  readonly expectedVersion: bigint;
  readonly deadline: number;
  readonly events: ProposedEvent[];
  size: number;
  partialTimeout: NodeJS.Timeout;
}

const batchExpectedVersion = (options: BatchAppendReq.Options) =>
  expectedVersionOf(options, options.hasStreamPosition() ? options.getStreamPosition() : undefined);

function deadlineOf(options: BatchAppendReq.Options): number {
  const deadline = options.getDeadline();
  if (deadline === undefined) return Number.POSITIVE_INFINITY;
  return deadline.getSeconds() * 1000 + Math.floor(deadline.getNanos() / 1_000_000);
}

function batchSuccess(result: Extract<WriteResult, { kind: "committed" }>): BatchAppendResp.Success {
  const success = new streamsPb.BatchAppendResp.Success();
  if (result.lastRevision < 0n) success.setNoStream(new GoogleEmptyMessage());
  else success.setCurrentRevision(toUint64String(result.lastRevision));
  if (result.position === undefined) success.setNoPosition(new GoogleEmptyMessage());
  else {
    const { commit, prepare } = result.position;
    success.setPosition(
      new sharedPb.AllStreamPosition().setCommitPosition(toUint64String(commit)).setPreparePosition(toUint64String(prepare)),
    );
  }
  return success;
}

export function batchAppendHandler(context: AppendContext): handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> {
  return (call) => {
    const pending = new Map<string, PendingAppend>();
    let inFlight = 0;
    let clientDone = false;
    let closed = false;

    const reply = (correlationId: UUID | undefined, streamId: string, outcome: BatchAppendResp.Success | RpcStatus) => {
      if (closed) return;
      // The client reads the stream name of every error reply, so it is always set.
      const response = new streamsPb.BatchAppendResp().setStreamIdentifier(streamIdentifier(streamId));
      if (correlationId !== undefined) response.setCorrelationId(correlationId);
      if (outcome instanceof streamsPb.BatchAppendResp.Success) response.setSuccess(outcome);
      else response.setError(outcome);
      call.write(response);
    };
    const shutDown = () => {
      closed = true;
      for (const append of pending.values()) context.faults.cancel(append.partialTimeout);
      pending.clear();
    };
    const endIfIdle = () => {
      if (closed || !clientDone || inFlight > 0) return;
      shutDown();
      call.end();
    };

    call.on("data", (request: BatchAppendReq) => {
      if (closed) return;
      const correlationId = request.getCorrelationId();
      const key = parseUuid(correlationId);
      const options = request.getOptions();
      const optionsStream = streamNameOf(options?.getStreamIdentifier()) ?? "";
      if (key === undefined) return reply(correlationId, optionsStream, BatchAppendStatuses.badRequest("invalid correlation id"));

      if (options !== undefined && !pending.has(key)) {
        const expectedVersion = batchExpectedVersion(options);
        if (optionsStream === "" || expectedVersion === undefined) {
          return reply(
            correlationId,
            optionsStream,
            BatchAppendStatuses.badRequest("stream identifier and expected position are required"),
          );
        }
        const deadline = Math.min(deadlineOf(options), Date.now() + context.writeTimeoutMs);
        if (deadline <= Date.now()) return reply(correlationId, optionsStream, BatchAppendStatuses.timeout());
        // An append still incomplete at its deadline is abandoned with a Timeout reply.
        const partialTimeout = context.faults.schedule(() => {
          if (pending.delete(key)) reply(correlationId, optionsStream, BatchAppendStatuses.timeout());
        }, deadline - Date.now());
        pending.set(key, {
          correlationId: correlationId ?? new sharedPb.UUID(),
          streamId: optionsStream,
          expectedVersion,
          deadline,
          events: [],
          size: 0,
          partialTimeout,
        });
      }

      const append = pending.get(key);
      if (append === undefined) return;
      const abandon = (status: RpcStatus) => {
        pending.delete(key);
        context.faults.cancel(append.partialTimeout);
        reply(append.correlationId, append.streamId, status);
      };
      for (const message of request.getProposedMessagesList()) {
        const decoded = decodeProposed(message);
        if (decoded.kind === "missing_metadata") return abandon(BatchAppendStatuses.badRequest(`missing metadata '${decoded.property}'`));
        if (decoded.size > context.maxAppendEventSize) {
          return abandon(BatchAppendStatuses.maximumAppendEventSizeExceeded(context.maxAppendEventSize));
        }
        append.size += decoded.size;
        if (decoded.kind === "bad_id") return abandon(BatchAppendStatuses.badRequest("Unrecognized Guid format."));
        append.events.push(decoded.event);
      }
      if (append.size > context.maxAppendSize) return abandon(BatchAppendStatuses.maximumAppendSizeExceeded(context.maxAppendSize));
      if (!request.getIsFinal()) return;

      pending.delete(key);
      context.faults.cancel(append.partialTimeout);
      inFlight += 1;
      const done = (outcome: BatchAppendResp.Success | RpcStatus) => {
        reply(append.correlationId, append.streamId, outcome);
        inFlight -= 1;
        endIfIdle();
      };
      executeAppend(context.log, context.faults, append, append.deadline - Date.now(), {
        committed: (result) => {
          switch (result.kind) {
            case "committed":
              return done(batchSuccess(result));
            case "wrong_expected_version":
              return done(BatchAppendStatuses.wrongExpectedVersion(result.currentRevision, append.expectedVersion));
            case "stream_deleted":
              return done(BatchAppendStatuses.streamDeleted(append.streamId));
          }
        },
        timedOut: () => done(BatchAppendStatuses.timeout()),
        lost: () => {
          // The whole stream fails, as on a broken connection: every pending append on it is lost.
          if (closed) return;
          shutDown();
          call.emit("error", RpcErrors.connectionLost());
        },
      });
    });
    call.on("end", () => {
      clientDone = true;
      endIfIdle();
    });
    call.on("cancelled", shutDown);
    call.on("error", shutDown);
  };
}
