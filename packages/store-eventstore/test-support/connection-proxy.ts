// Clients connect through this TCP pass-through rather than to the gRPC server itself:
// grpc-js offers no way to cut connections abruptly, and a real network failure is a
// reset socket, not a polite HTTP/2 GOAWAY. It also keeps the public port stable while
// the gRPC server behind it restarts.
import net from "node:net";

export class ConnectionProxy {
  private readonly sockets = new Set<net.Socket>();
  private target: number | undefined;

  private constructor(
    private readonly server: net.Server,
    private readonly host: string,
  ) {
    server.on("connection", (client) => this.accept(client));
  }

  static listen(host: string, port: number): Promise<ConnectionProxy> {
    const server = net.createServer();
    const proxy = new ConnectionProxy(server, host);
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve(proxy);
      });
    });
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("the proxy is not listening");
    return address.port;
  }

  /** Where new connections go; undefined refuses them (the server is down). */
  forwardTo(port: number | undefined): void {
    this.target = port;
  }

  /** Resets every open connection at once, as a network failure would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.target === undefined) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target, this.host);
    for (const socket of [client, upstream]) {
      // gRPC exchanges many small frames; Nagle's algorithm would add latency to each.
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
