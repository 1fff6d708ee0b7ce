// Wires the services onto a @grpc/grpc-js server behind a TCP proxy, owns the in-memory
// log across restarts, and exposes the fault-injection hooks.
import grpc from "@grpc/grpc-js";
import type { ServiceDefinition, UntypedHandleCall } from "@grpc/grpc-js";
import { appendHandler, batchAppendHandler, type AppendContext } from "./append-service.js";
import { ConnectionProxy } from "./connection-proxy.js";
import { deleteHandler, tombstoneHandler } from "./delete-service.js";
import { EventLog } from "./event-log.js";
import { FaultInjector, type FaultCounts } from "./faults.js";
import { supportedMethodsHandler } from "./features-service.js";
import { gossipGrpc, serverFeaturesGrpc, streamsGrpc } from "./generated-protos.js";
import { gossipReadHandler } from "./gossip-service.js";
import { readHandler } from "./read-service.js";
import { RpcErrors } from "./rpc-errors.js";
import type { SubscriptionQuirks } from "./subscriptions.js";

export interface TestServerOptions {
  /** Advertise and serve Streams.BatchAppend (default true). When false the client falls back to Streams.Append. */
  readonly batchAppend?: boolean;
  /** Largest append in bytes: data + metadata + 2 x type length per event (default 1 MiB, the server default). */
  readonly maxAppendSize?: number;
  /** Largest single event in bytes, counted the same way (default: no limit, the server default `int.MaxValue`). */
  readonly maxAppendEventSize?: number;
  /** Port to listen on (default: any free port). */
  readonly port?: number;
  /** Serve ServerFeatures.GetSupportedMethods (default true). When false the server looks like a pre-21.10 node. */
  readonly serverFeatures?: boolean;
  /** The server's own commit timeout; a slower (delayed) append is answered with a timeout but still commits (default 2000). */
  readonly writeTimeoutMs?: number;
  /** How many recent event ids back idempotency of ANY / STREAM_EXISTS appends (default 10 000). */
  readonly idempotencyCacheSize?: number;
  /** Reported by GetSupportedMethods (default "23.10.0"). */
  readonly serverVersion?: string;
  /**
   * Commit every append as a transaction, as explicit transactions (and multi-event writes on
   * older servers) are: its events share the commit position of one commit record after them and
   * keep their own prepare positions (default false: commit equals prepare).
   */
  readonly transactionalAppends?: boolean;
  /** Checkpoint bugs of particular server versions to reproduce (default: none). */
  readonly quirks?: SubscriptionQuirks;
  /**
   * Serve over TLS with this PEM key and certificate (default: insecure HTTP/2). The connection
   * string then says `tls=true`, with `tlsCAFile` when `caFile` is given.
   */
  readonly tls?: { readonly key: string; readonly cert: string; readonly caFile?: string };
}

export interface TestServer {
  /** `esdb://127.0.0.1:<port>?tls=false`, or `?tls=true&tlsCAFile=...` over TLS */
  readonly connectionString: string;
  readonly host: string;
  readonly port: number;
  /** Shuts the server down for good; pending delayed appends are dropped. */
  stop(): Promise<void>;
  /** Shuts down and comes back on the same port with the same data, as a node restart does. */
  restart(): Promise<void>;
  /** Resets every open TCP connection, as a network failure does (calls fail with UNAVAILABLE); data persists, new connections are accepted. */
  dropConnections(): void;
  /** The next append commits, but the call then fails with UNAVAILABLE (BatchAppend: the whole stream fails). */
  loseNextAppendReply(): void;
  /** The next append commits only after `ms`; past the write timeout (or a BatchAppend deadline) the reply is a timeout, yet the commit still happens. */
  delayNextAppend(ms: number): void;
  /** Calls received per RPC, e.g. `{ "Streams.BatchAppend": 1, "Streams.Read": 3 }`. */
  rpcCounts(): Readonly<Record<string, number>>;
  /** Injected faults that took effect, e.g. `{ repliesLost: 1, appendsDelayed: 0 }`. */
  faultCounts(): FaultCounts;
}

const HOST = "127.0.0.1";
const MIB = 1024 * 1024;

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const batchAppend = options.batchAppend ?? true;
  const serverFeatures = options.serverFeatures ?? true;
  const log = new EventLog({
    idempotencyCacheSize: options.idempotencyCacheSize ?? 10_000,
    transactionalAppends: options.transactionalAppends ?? false,
  });
  const faults = new FaultInjector();
  const counts = new Map<string, number>();
  const context: AppendContext = {
    log,
    faults,
    maxAppendSize: options.maxAppendSize ?? MIB,
    maxAppendEventSize: options.maxAppendEventSize ?? 2_147_483_647,
    writeTimeoutMs: options.writeTimeoutMs ?? 2000,
  };
  const proxy = await ConnectionProxy.listen(HOST, options.port ?? 0);
  const port = proxy.port;

  const counted = <H extends UntypedHandleCall>(name: string, handler: H): H =>
    ((...args: Parameters<H>) => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return (handler as (...a: Parameters<H>) => void)(...args);
    }) as H;
  const unimplemented = (name: string): UntypedHandleCall =>
    counted(name, ((call: { emit(event: "error", error: unknown): void }, callback?: (error: unknown) => void) => {
      const error = RpcErrors.unimplemented(name);
      if (callback !== undefined) callback(error);
      else call.emit("error", error);
    }) as UntypedHandleCall);

  const streamMethods: ServiceDefinition = batchAppend
    ? streamsGrpc.StreamsService
    : Object.fromEntries(Object.entries(streamsGrpc.StreamsService).filter(([name]) => name !== "batchAppend"));
  const advertised = [streamMethods, serverFeaturesGrpc.ServerFeaturesService, gossipGrpc.GossipService];
  const serverVersion = options.serverVersion ?? "23.10.0";

  const createServer = (): grpc.Server => {
    // Appends may legitimately exceed gRPC's 4 MiB default; the max append size check must decide.
    const server = new grpc.Server({ "grpc.max_receive_message_length": 64 * MIB });
    server.addService(streamsGrpc.StreamsService, {
      read: counted("Streams.Read", readHandler(log, options.quirks)),
      append: counted("Streams.Append", appendHandler(context)),
      delete: counted("Streams.Delete", deleteHandler(log)),
      tombstone: counted("Streams.Tombstone", tombstoneHandler(log)),
      batchAppend: batchAppend ? counted("Streams.BatchAppend", batchAppendHandler(context)) : unimplemented("Streams.BatchAppend"),
    });
    server.addService(serverFeaturesGrpc.ServerFeaturesService, {
      getSupportedMethods: serverFeatures
        ? counted("ServerFeatures.GetSupportedMethods", supportedMethodsHandler(advertised, serverVersion))
        : unimplemented("ServerFeatures.GetSupportedMethods"),
    });
    server.addService(gossipGrpc.GossipService, {
      read: counted("Gossip.Read", gossipReadHandler({ host: HOST, port })),
    });
    return server;
  };

  let server = createServer();
  const credentials = (): grpc.ServerCredentials =>
    options.tls === undefined
      ? grpc.ServerCredentials.createInsecure()
      : grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(options.tls.key), cert_chain: Buffer.from(options.tls.cert) }]);
  proxy.forwardTo(await bind(server, credentials()));
  let stopped = false;
  const query =
    options.tls === undefined
      ? "tls=false"
      : options.tls.caFile === undefined
        ? "tls=true"
        : `tls=true&tlsCAFile=${encodeURIComponent(options.tls.caFile)}`;

  return {
    connectionString: `esdb://${HOST}:${port}?${query}`,
    host: HOST,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      faults.cancelAll();
      await shutDown(server);
      await proxy.close();
    },
    async restart() {
      if (stopped) throw new Error("the test server was stopped");
      // Like a crash: connections are reset before the old server goes away.
      proxy.forwardTo(undefined);
      proxy.dropAll();
      await shutDown(server);
      server = createServer();
      proxy.forwardTo(await bind(server, credentials()));
    },
    dropConnections: () => proxy.dropAll(),
    loseNextAppendReply: () => faults.loseNextAppendReply(),
    delayNextAppend: (ms) => faults.delayNextAppend(ms),
    rpcCounts: () => Object.fromEntries(counts),
    faultCounts: () => faults.counts(),
  };
}

/** Binds to a free port; only the proxy knows it. */
function bind(server: grpc.Server, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise<number>((resolve, reject) =>
    server.bindAsync(`${HOST}:0`, credentials, (error, bound) => (error === null ? resolve(bound) : reject(error))),
  );
}

function shutDown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    server.tryShutdown(() => resolve());
    // Destroys open sessions, which lets tryShutdown complete at once.
    server.forceShutdown();
  });
}
