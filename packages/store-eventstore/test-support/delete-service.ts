// Streams.Delete (soft delete: `$tb` = long.MaxValue in the stream's metadata) and
// Streams.Tombstone (hard delete: the name is blocked for good). Unlike Append, a wrong
// expected version here is an error status with the details in trailing metadata.
import type { handleUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import type { StreamIdentifier } from "@eventstore/db-client/generated/shared_pb.js";
import type { DeleteReq, DeleteResp, TombstoneReq, TombstoneResp } from "@eventstore/db-client/generated/streams_pb.js";
import type { EventLog, LogPosition } from "./event-log.js";
import { streamsPb } from "./generated-protos.js";
import { RpcErrors } from "./rpc-errors.js";
import { expectedVersionOf, streamNameOf, toUint64String } from "./wire-encoding.js";

// DeleteReq.Options and TombstoneReq.Options are field-for-field identical.
interface DeleteOptions {
  getStreamIdentifier(): StreamIdentifier | undefined;
  hasRevision(): boolean;
  getRevision(): string;
  hasNoStream(): boolean;
  hasAny(): boolean;
  hasStreamExists(): boolean;
}

interface PositionMessage {
  setCommitPosition(value: string): unknown;
  setPreparePosition(value: string): unknown;
}

function runDelete<Resp>(
  log: EventLog,
  hard: boolean,
  options: DeleteOptions | undefined,
  callback: sendUnaryData<Resp>,
  respond: (position: LogPosition) => Resp,
): void {
  const streamId = options === undefined ? undefined : streamNameOf(options.getStreamIdentifier());
  const expectedVersion =
    options === undefined ? undefined : expectedVersionOf(options, options.hasRevision() ? options.getRevision() : undefined);
  if (streamId === undefined || expectedVersion === undefined) {
    return callback(RpcErrors.invalidArgument("delete needs a stream name and an expected revision"));
  }
  const result = log.delete(streamId, expectedVersion, hard);
  switch (result.kind) {
    case "deleted":
      return callback(null, respond(result.position));
    case "stream_deleted":
      return callback(RpcErrors.streamDeleted(streamId));
    case "wrong_expected_version":
      return callback(RpcErrors.wrongExpectedVersion(hard ? "Tombstone" : "Delete", streamId, expectedVersion, result.currentRevision));
  }
}

function withPosition<P extends PositionMessage>(message: P, position: LogPosition): P {
  message.setCommitPosition(toUint64String(position.commit));
  message.setPreparePosition(toUint64String(position.prepare));
  return message;
}

export function deleteHandler(log: EventLog): handleUnaryCall<DeleteReq, DeleteResp> {
  return (call, callback) =>
    runDelete(log, false, call.request.getOptions(), callback, (position) =>
      new streamsPb.DeleteResp().setPosition(withPosition(new streamsPb.DeleteResp.Position(), position)),
    );
}

export function tombstoneHandler(log: EventLog): handleUnaryCall<TombstoneReq, TombstoneResp> {
  return (call, callback) =>
    runDelete(log, true, call.request.getOptions(), callback, (position) =>
      new streamsPb.TombstoneResp().setPosition(withPosition(new streamsPb.TombstoneResp.Position(), position)),
    );
}
