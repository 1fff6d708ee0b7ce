// The two error encodings the server uses. Unary and streaming calls fail with a gRPC
// status whose trailers carry an `exception` key (the client maps it to a typed error);
// BatchAppend answers each append with a google.rpc.Status carrying a packed detail.
import grpc from "@grpc/grpc-js";
import type { ServerErrorResponse } from "@grpc/grpc-js";
import type { Status as RpcStatus } from "@eventstore/db-client/generated/status_pb.js";
import { ExpectedVersion } from "./event-log.js";
import { Any, GoogleEmptyMessage, sharedPb, statusPb } from "./generated-protos.js";
import { streamIdentifier, toUint64String } from "./wire-encoding.js";

const { Metadata, status: Code } = grpc;

export function rpcError(code: grpc.status, details: string, trailers: Record<string, string> = {}): ServerErrorResponse {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

export const RpcErrors = {
  streamDeleted: (streamName: string) =>
    rpcError(Code.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
      exception: "stream-deleted",
      "stream-name": streamName,
    }),

  /** Used by Delete and Tombstone only: Append reports a wrong expected version inside a successful response. */
  wrongExpectedVersion: (operation: string, streamName: string, expected: bigint, actual: bigint) =>
    rpcError(
      Code.FAILED_PRECONDITION,
      `${operation} failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${expected}, Actual version: ${actual}`,
      {
        exception: "wrong-expected-version",
        "stream-name": streamName,
        "expected-version": expected.toString(10),
        "actual-version": actual.toString(10),
      },
    ),

  maximumAppendSizeExceeded: (maxAppendSize: number) =>
    rpcError(Code.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
      exception: "maximum-append-size-exceeded",
      "maximum-append-size": String(maxAppendSize),
    }),

  /** Servers from 24.10.4 (KurrentDB PR #4882): one event over `MaxAppendEventSize`; the 6.2.1 client knows no such exception. */
  maximumAppendEventSizeExceeded: (maxAppendEventSize: number) =>
    rpcError(Code.INVALID_ARGUMENT, `Maximum Append Event Size of ${maxAppendEventSize} Exceeded.`, {
      exception: "maximum-append-event-size-exceeded",
    }),

  requiredMetadataPropertyMissing: (property: string) =>
    rpcError(Code.INVALID_ARGUMENT, `Required Metadata Property '${property}' is missing`, {
      exception: "missing-required-metadata-property",
      "required-metadata-properties": "type,content-type",
    }),

  /** What the server answers when its own write timeout passes before the commit. */
  writeTimeout: () => rpcError(Code.ABORTED, "Operation timed out: Commit timeout"),

  /** ASP.NET's answer to an exception escaping a handler, e.g. an unparsable event id. */
  handlerException: () => rpcError(Code.UNKNOWN, "Exception was thrown by handler."),

  invalidArgument: (message: string) => rpcError(Code.INVALID_ARGUMENT, message),

  /** Stands in for a lost connection when a fault is injected. */
  connectionLost: () => rpcError(Code.UNAVAILABLE, "Connection dropped (test server fault injection)"),

  unimplemented: (what: string) => rpcError(Code.UNIMPLEMENTED, `${what} is not implemented by the test server`),
};

// ---- BatchAppend statuses ---------------------------------------------------------

function packedStatus(code: number, message: string, detail: { serializeBinary(): Uint8Array }, typeName: string): RpcStatus {
  const details = new Any();
  details.pack(detail.serializeBinary(), typeName);
  // google.rpc.Code and gRPC status codes share their numbering.
  return new statusPb.Status().setCode(code).setMessage(message).setDetails(details);
}

export const BatchAppendStatuses = {
  wrongExpectedVersion(currentRevision: bigint, expectedVersion: bigint): RpcStatus {
    const detail = new sharedPb.WrongExpectedVersion();
    if (currentRevision < 0n) detail.setCurrentNoStream(new GoogleEmptyMessage());
    else detail.setCurrentStreamRevision(toUint64String(currentRevision));
    if (expectedVersion === ExpectedVersion.Any) detail.setExpectedAny(new GoogleEmptyMessage());
    else if (expectedVersion === ExpectedVersion.NoStream) detail.setExpectedNoStream(new GoogleEmptyMessage());
    else if (expectedVersion === ExpectedVersion.StreamExists) detail.setExpectedStreamExists(new GoogleEmptyMessage());
    else detail.setExpectedStreamPosition(toUint64String(expectedVersion));
    return packedStatus(Code.ALREADY_EXISTS, "WrongExpectedVersion", detail, "event_store.client.WrongExpectedVersion");
  },

  streamDeleted: (streamName: string) =>
    packedStatus(
      Code.NOT_FOUND,
      "StreamDeleted",
      new sharedPb.StreamDeleted().setStreamIdentifier(streamIdentifier(streamName)),
      "event_store.client.StreamDeleted",
    ),

  timeout: () => packedStatus(Code.DEADLINE_EXCEEDED, "Timeout", new sharedPb.Timeout(), "event_store.client.Timeout"),

  maximumAppendSizeExceeded: (maxAppendSize: number) =>
    packedStatus(
      Code.INVALID_ARGUMENT,
      "MaximumAppendSizeExceeded",
      new sharedPb.MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize),
      "event_store.client.MaximumAppendSizeExceeded",
    ),

  /**
   * One event over `MaxAppendEventSize` (servers from 24.10.4): the 6.2.1 protos have no detail
   * for it, so this test server packs a BadRequest with the message; the client surfaces an UnknownError.
   */
  maximumAppendEventSizeExceeded: (maxAppendEventSize: number) =>
    packedStatus(
      Code.INVALID_ARGUMENT,
      `Maximum Append Event Size of ${maxAppendEventSize} Exceeded.`,
      new sharedPb.BadRequest().setMessage(`Maximum Append Event Size of ${maxAppendEventSize} Exceeded.`),
      "event_store.client.BadRequest",
    ),

  /** The client 6.2.1 has no mapping for BadRequest and surfaces it as UnknownError. */
  badRequest: (message: string) =>
    packedStatus(Code.INVALID_ARGUMENT, "BadRequest", new sharedPb.BadRequest().setMessage(message), "event_store.client.BadRequest"),
};
