// Server stream names: core ids survive the round trip under any prefix; checkpoint streams,
// system streams and other deployments' streams are never taken for Linkwork event streams.
import fc from "fast-check";
import { StreamCategory, StreamId } from "@linkwork/core/store-kit";
import { describe, expect, it } from "vitest";
import { checkpointCategory, streamNaming, streamPrefixPattern } from "../src/stream-naming.js";

const prefix = fc.stringMatching(/^[A-Za-z0-9_.:]{0,8}$/);
const streamId = fc
  .tuple(fc.constantFrom(...StreamCategory.options), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/))
  .map(([category, id]) => `${category}-${id}`);

describe("stream naming", () => {
  it("reads back the core stream id of every stream it names, under any prefix", () => {
    fc.assert(
      fc.property(prefix, streamId, (chosen, id) => {
        expect(StreamId.safeParse(id).success).toBe(true);
        const naming = streamNaming(chosen);
        expect(naming.serverName(id).startsWith(chosen)).toBe(true);
        expect(naming.streamIdOf(naming.serverName(id))).toBe(id);
      }),
    );
  });

  it("takes no checkpoint stream, system stream or other prefix's stream for an event stream", () => {
    fc.assert(
      fc.property(prefix, prefix, streamId, fc.string({ minLength: 1 }), (mine, theirs, id, projection) => {
        const naming = streamNaming(mine);
        expect(naming.checkpointStream(projection).startsWith(`${mine}${checkpointCategory}-`)).toBe(true);
        expect(naming.streamIdOf(naming.checkpointStream(projection))).toBeNull();
        expect(naming.streamIdOf(`$${id}`)).toBeNull();
        expect(naming.streamIdOf(`$$${naming.serverName(id)}`)).toBeNull();
        if (theirs !== mine) expect(naming.streamIdOf(streamNaming(theirs).serverName(id))).toBeNull();
      }),
    );
  });

  it("allows no prefix that could start a system stream or change a stream's category", () => {
    for (const bad of ["$", "$x", "a-b", "-", "x".repeat(65), "space here"]) expect(streamPrefixPattern.test(bad)).toBe(false);
    for (const good of ["", "north.", "scheme_a:", "T1"]) expect(streamPrefixPattern.test(good)).toBe(true);
  });
});
