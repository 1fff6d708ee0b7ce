import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamEntityId } from "@linkwork/core";
import { occurredAtMs } from "../../../src/read-models/shared/occurred-at.js";
import { streamEntity } from "../../../src/read-models/shared/stream-entity.js";

/** Texts that repeat (as one event's fields do, read by each read model in turn) and change. */
const instants = fc.array(
  fc.oneof(
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    fc.constantFrom("", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00.000Z", "not a date"),
  ),
  { maxLength: 30 },
);
const streamIds = fc.array(fc.oneof(fc.constantFrom("", "case-", "case-case_abc1", "pcn-PCN01", "no-dash-here", "nodash"), fc.string()), {
  maxLength: 30,
});

describe("the event fields read models share", () => {
  it("occurredAtMs answers what Date.parse does, whatever came before", () => {
    fc.assert(
      fc.property(instants, (texts) => {
        for (const text of [...texts, ...texts.reverse()]) expect(occurredAtMs({ occurredAt: text })).toBe(Date.parse(text));
      }),
    );
  });

  it("streamEntity answers what the core's streamEntityId does, whatever came before", () => {
    fc.assert(
      fc.property(streamIds, (ids) => {
        for (const id of [...ids, ...ids.reverse()]) expect(streamEntity(id)).toBe(streamEntityId(id));
      }),
    );
  });
});
