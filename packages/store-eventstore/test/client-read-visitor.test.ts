// The client seam hands each event of a $all read to a visitor as it arrives. A visitor that throws
// must end that read as a failure (not transient: reading again would visit the same events again),
// visit nothing after it, and never escape into the library's stream as an uncaught exception.
import { Readable } from "node:stream";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { libraryClient, type LibraryClient, type LibraryResolvedEvent } from "../src/client-library.js";
import type { EventStoreClient } from "../src/event-store-client.js";

const resolved = (n: number): LibraryResolvedEvent => ({
  event: {
    streamId: "case-case_c1",
    revision: BigInt(n),
    id: `event-${n}`,
    type: "ContactAttempted",
    isJson: true,
    data: {},
    metadata: {},
    position: { commit: BigInt(100 + n), prepare: BigInt(100 + n) },
  },
});

function clientReading(read: () => LibraryClient["readAll"] extends (...args: never[]) => infer R ? R : never): EventStoreClient {
  const fake: Pick<LibraryClient, "readAll"> = { readAll: read };
  const client = libraryClient(() => fake as LibraryClient);
  if (E.isLeft(client)) throw new Error(client.left);
  return client.right;
}

async function* iterable(): AsyncGenerator<LibraryResolvedEvent> {
  for (let n = 1; n <= 4; n++) yield resolved(n);
}

describe("a $all read whose visitor throws", () => {
  for (const [kind, read] of [
    // 6.2.1 hands a read over as a stream with data/end events; the successor as an async iterable.
    ["an event stream", () => Readable.from([1, 2, 3, 4].map(resolved))],
    ["an async iterable", () => iterable()],
  ] as const) {
    it(`ends as a failure that is not retried, visiting nothing after it (${kind})`, async () => {
      const client = clientReading(read);
      const visited: string[] = [];
      const answer = await client.readAll("start", 10, (stored) => {
        visited.push(stored.id);
        if (stored.id === "event-2") throw new TypeError("cannot read that");
      });
      expect(answer).toEqual(E.left({ kind: "failed", message: expect.stringContaining("cannot read that") as unknown }));
      expect(visited).toEqual(["event-1", "event-2"]);
    });
  }
});
