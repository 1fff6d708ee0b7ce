// The lines remote-server.ts and server-process.ts exchange: one JSON object a line, requests
// carrying an id their answer repeats (answers may come out of order: a restart takes a while).
// 64-bit values travel as `{ "$bigint": "<decimal>" }`.
import type { ServerOperation } from "./server-control.js";
import type { TestServerOptions } from "./test-server.js";

export type HostRequest =
  | { readonly id: number; readonly op: "start"; readonly options: TestServerOptions }
  | { readonly id: number; readonly op: "call"; readonly server: number; readonly method: ServerOperation; readonly args: unknown[] };

export type HostAnswer = { readonly id: number; readonly value: unknown } | { readonly id: number; readonly error: string };

export const encodeLine = (value: unknown): string =>
  JSON.stringify(value, (_, item: unknown) => (typeof item === "bigint" ? { $bigint: item.toString() } : item));

export const decodeLine = (line: string): unknown =>
  JSON.parse(line, (_, item: unknown) =>
    typeof item === "object" && item !== null && "$bigint" in item && typeof item.$bigint === "string" ? BigInt(item.$bigint) : item,
  );
