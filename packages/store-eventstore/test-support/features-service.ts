// ServerFeatures.GetSupportedMethods: the client asks once per connection and uses
// BatchAppend only if it is listed (servers since 21.10 list it). Names are lower-cased
// like the server does; the client compares paths case-insensitively.
import type { handleUnaryCall, ServiceDefinition } from "@grpc/grpc-js";
import type { Empty } from "@eventstore/db-client/generated/shared_pb.js";
import type { SupportedMethods } from "@eventstore/db-client/generated/serverfeatures_pb.js";
import { serverFeaturesPb } from "./generated-protos.js";

export function supportedMethodsHandler(
  services: readonly ServiceDefinition[],
  serverVersion: string,
): handleUnaryCall<Empty, SupportedMethods> {
  const supported = new serverFeaturesPb.SupportedMethods().setEventStoreServerVersion(serverVersion);
  for (const service of services) {
    for (const method of Object.values(service)) {
      // Paths look like "/event_store.client.streams.Streams/Read".
      const [, serviceName = "", methodName = ""] = method.path.split("/");
      const entry = new serverFeaturesPb.SupportedMethod()
        .setServiceName(serviceName.toLowerCase())
        .setMethodName(methodName.toLowerCase());
      if (serviceName.endsWith(".Streams") && methodName === "Read") entry.setFeaturesList(["position", "events"]);
      supported.addMethods(entry);
    }
  }
  return (_call, callback) => callback(null, supported);
}
