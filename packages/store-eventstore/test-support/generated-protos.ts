// The protobuf classes and gRPC service definitions shipped with @eventstore/db-client.
// The server must use these exact module instances: the generated serializers check
// `instanceof` against them, and the client under test decodes with the same code.
import { createRequire } from "node:module";
import gossipGrpc from "@eventstore/db-client/generated/gossip_grpc_pb.js";
import gossipPb from "@eventstore/db-client/generated/gossip_pb.js";
import serverFeaturesGrpc from "@eventstore/db-client/generated/serverfeatures_grpc_pb.js";
import serverFeaturesPb from "@eventstore/db-client/generated/serverfeatures_pb.js";
import sharedPb from "@eventstore/db-client/generated/shared_pb.js";
import statusPb from "@eventstore/db-client/generated/status_pb.js";
import streamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js";
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import type { WrongExpectedVersion } from "@eventstore/db-client/generated/shared_pb.js";
import type { Status } from "@eventstore/db-client/generated/status_pb.js";
import type { BatchAppendReq } from "@eventstore/db-client/generated/streams_pb.js";

export { gossipGrpc, gossipPb, serverFeaturesGrpc, serverFeaturesPb, sharedPb, statusPb, streamsGrpc, streamsPb };

export type AnyMessage = NonNullable<ReturnType<Status["getDetails"]>>;
export type GoogleEmpty = NonNullable<ReturnType<WrongExpectedVersion["getCurrentNoStream"]>>;
export type GoogleTimestamp = NonNullable<ReturnType<BatchAppendReq.Options["getDeadline"]>>;

// google-protobuf is the client's dependency, not ours; resolve it from the client's
// location so the well-known types are the same classes the generated code uses.
const requireFromHere = createRequire(import.meta.url);
const requireFromClient = createRequire(requireFromHere.resolve("@eventstore/db-client/package.json"));

export const { Any } = requireFromClient("google-protobuf/google/protobuf/any_pb.js") as {
  Any: new () => AnyMessage;
};
export const GoogleEmptyMessage = (requireFromClient("google-protobuf/google/protobuf/empty_pb.js") as { Empty: new () => GoogleEmpty })
  .Empty;
export const GoogleTimestampMessage = (
  requireFromClient("google-protobuf/google/protobuf/timestamp_pb.js") as {
    Timestamp: { new (): GoogleTimestamp; fromDate(date: Date): GoogleTimestamp };
  }
).Timestamp;
