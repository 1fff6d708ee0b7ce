import { createServer, connect, type Server, type Socket } from "node:net";

/** A TCP proxy in front of a PostgreSQL server that can lose one reply on purpose. */
export interface ReplyDroppingProxy {
  readonly port: number;
  /** The next reply from the server holding `marker` is not forwarded: both connections are cut instead. */
  dropNextReplyHolding(marker: string): void;
  /** How many replies were dropped so far. */
  readonly dropped: number;
  /** Whether a forwarded reply held `text`. */
  forwarded(text: string): boolean;
  close(): Promise<void>;
}

/**
 * Forwards 127.0.0.1:<port> to the server. Armed, it cuts the connection when the server's reply
 * holding the marker arrives, after the server committed and before the client hears of it:
 * the client sees a lost connection and cannot know whether its call took effect.
 */
export async function startReplyDroppingProxy(serverPort: number): Promise<ReplyDroppingProxy> {
  let marker: Buffer | null = null;
  let dropped = 0;
  const replies: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(serverPort, "127.0.0.1");
    sockets.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => {
      if (marker !== null && chunk.includes(marker)) {
        marker = null;
        dropped++;
        cut();
        return;
      }
      replies.push(chunk);
      client.write(chunk);
    });
    client.on("close", () => {
      upstream.destroy();
      sockets.delete(client);
    });
    upstream.on("close", () => {
      client.destroy();
      sockets.delete(upstream);
    });
    client.on("error", cut);
    upstream.on("error", cut);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("the proxy has no port");
  return {
    port: address.port,
    dropNextReplyHolding: (text) => {
      marker = Buffer.from(text, "utf8");
    },
    get dropped() {
      return dropped;
    },
    forwarded: (text) => replies.some((reply) => reply.includes(text)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
