import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StreamId } from "../src/events/streams.js";
import { checkStreamId } from "../src/store-kit/index.js";
import { arbitraryOpaqueId } from "../src/testing/index.js";

// The stores check stream ids by hand (no zod parse on the append path); the check must agree with
// the StreamId schema, the one source of truth, on every input.
const candidate = fc.oneof(
  fc.string(),
  fc
    .tuple(
      fc.constantFrom("case", "person", "pcn", "linkworker", "cases", "Case", ""),
      fc.constantFrom("-", "_", ""),
      fc.oneof(arbitraryOpaqueId(), fc.string()),
    )
    .map(([category, dash, id]) => `${category}${dash}${id}`),
);

describe("checkStreamId", () => {
  it("accepts exactly the ids the StreamId schema accepts", () => {
    fc.assert(
      fc.property(candidate, (streamId) => {
        expect(checkStreamId(streamId) === null).toBe(StreamId.safeParse(streamId).success);
      }),
    );
  });

  it("says what a stream id must look like", () => {
    expect(checkStreamId("case")).toEqual({
      code: "INVALID_STORE_CALL",
      message: 'invalid store call: streamId: "case" must be <case|person|pcn|linkworker|codelist|provider>-<opaque id>',
      issues: [{ path: "streamId", message: '"case" must be <case|person|pcn|linkworker|codelist|provider>-<opaque id>' }],
    });
    expect(checkStreamId(42)).toEqual({
      code: "INVALID_STORE_CALL",
      message: "invalid store call: streamId: must be a string",
      issues: [{ path: "streamId", message: "must be a string" }],
    });
  });
});
