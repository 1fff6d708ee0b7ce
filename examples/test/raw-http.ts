import { connect } from "node:net";

// A raw HTTP/1.1 exchange over a socket, for requests fetch will not send as they are (a header of
// 20 KB, a URL that is not valid percent-encoding): the answer's status, headers and body as text.

export interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

export function rawRequest(base: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const head = split < 0 ? text : text.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: split < 0 ? "" : text.slice(split + 4) });
    });
  });
}

/** A GET with the given target and extra header lines, closing the connection after the answer. */
export function rawGet(base: string, target: string, headers: readonly string[] = []): Promise<RawAnswer> {
  const { host } = new URL(base);
  return rawRequest(base, [`GET ${target} HTTP/1.1`, `Host: ${host}`, ...headers, "Connection: close", "", ""].join("\r\n"));
}
