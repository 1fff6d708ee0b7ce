// Gossip.Read, so `esdb+discover://` connection strings work: a one-node cluster whose
// only member is an alive leader at the test server's own address.
import { randomUUID } from "node:crypto";
import type { handleUnaryCall } from "@grpc/grpc-js";
import type { ClusterInfo } from "@eventstore/db-client/generated/gossip_pb.js";
import type { Empty } from "@eventstore/db-client/generated/shared_pb.js";
import { gossipPb } from "./generated-protos.js";
import { encodeUuid } from "./wire-encoding.js";

export function gossipReadHandler(endpoint: { readonly host: string; readonly port: number }): handleUnaryCall<Empty, ClusterInfo> {
  const instanceId = randomUUID();
  const { host, port } = endpoint;
  return (_call, callback) => {
    const member = new gossipPb.MemberInfo()
      .setInstanceId(encodeUuid(instanceId, false))
      .setTimeStamp((BigInt(Date.now()) * 10_000n).toString(10))
      .setState(gossipPb.MemberInfo.VNodeState.LEADER)
      .setIsAlive(true)
      .setHttpEndPoint(new gossipPb.EndPoint().setAddress(host).setPort(port));
    callback(null, new gossipPb.ClusterInfo().setMembersList([member]));
  };
}
