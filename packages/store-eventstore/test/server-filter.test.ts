// The server-side filter of a subscription never drops an event the core's filter wants, and never
// lets through a system or checkpoint event.
import fc from "fast-check";
import { eventTypes, type EventFilter } from "@linkwork/core";
import { categoryOfType, eventMatch, StreamCategory } from "@linkwork/core/store-kit";
import { describe, expect, it } from "vitest";
import type { ServerFilter } from "../src/event-store-client.js";
import { serverFilterOf } from "../src/server-filter.js";
import { streamNaming } from "../src/stream-naming.js";

function admits(filter: ServerFilter, stream: string, type: string): boolean {
  return filter.on === "stream-name" ? filter.prefixes.some((prefix) => stream.startsWith(prefix)) : new RegExp(filter.regex).test(type);
}

const someOf = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined });
const filters = fc.tuple(someOf(StreamCategory.options), someOf(eventTypes)).map(([categories, types]): EventFilter => ({
  ...(categories === undefined ? {} : { categories }),
  ...(types === undefined ? {} : { eventTypes: types }),
}));

describe("server-side filters", () => {
  it("let through every event the core's filter takes, and with no event types exactly the categories' streams", () => {
    fc.assert(
      fc.property(filters, fc.stringMatching(/^[a-z.]{0,4}$/), (filter, prefix) => {
        const naming = streamNaming(prefix);
        const server = serverFilterOf(filter, naming);
        const core = eventMatch(filter, "filter");
        if (!("match" in core)) throw new Error("a valid filter was refused");
        for (const type of eventTypes) {
          const stream = naming.serverName(`${categoryOfType.get(type)!}-x1`);
          if (core.match === null || core.match(type)) expect(admits(server, stream, type), `${type} in ${stream}`).toBe(true);
          if (filter.eventTypes === undefined)
            expect(admits(server, stream, type)).toBe((filter.categories ?? StreamCategory.options).includes(categoryOfType.get(type)!));
        }
      }),
    );
  });

  it("keeps out system events and checkpoints", () => {
    fc.assert(
      fc.property(filters, (filter) => {
        const naming = streamNaming("");
        const server = serverFilterOf(filter, naming);
        expect(admits(server, "$$case-x1", "$metadata")).toBe(false);
        expect(admits(server, "$epoch-information", "$epoch-information")).toBe(false);
        expect(admits(server, naming.checkpointStream("caseload"), "LinkworkCheckpointSaved")).toBe(false);
      }),
    );
  });
});
