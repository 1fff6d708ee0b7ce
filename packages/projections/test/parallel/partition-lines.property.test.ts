import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHistoryLine } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { readPartitionLines, type PartitionLine } from "../../src/parallel/partition-lines.js";
import { personPartitioner } from "../../src/parallel/person-partitions.js";
import { instantMs } from "../../src/read-models/shared/occurred-at.js";
import { recordedHistory } from "../read-models/read-model-history.js";

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "linkwork-partition-lines-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("a partition's lines read from the file", () => {
  it("are the lines personPartitioner routes to it, with the clock of the lines before each", async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 1, max: 8 }, comparisonPeople: { min: 0, max: 3 } }),
        fc.integer({ min: 1, max: 4 }),
        async (history, partitions) => {
          const events = await recordedHistory(history.commands, history.policy);
          const texts = events.map((recorded, index) => formatHistoryLine(recorded, BigInt(index + 1)));
          const path = join(folder, `history-${String((file += 1))}.ndjson`);
          await writeFile(path, `${texts.join("\n")}\n`);

          // The reference: the router over parsed events, the clock as the latest instant before each line.
          const router = personPartitioner(partitions);
          const routes = events.map((recorded) => router.route(recorded));
          const clocks: number[] = [];
          let clock = Number.NaN;
          for (const recorded of events) {
            clocks.push(clock);
            const at = instantMs(recorded.event.metadata.occurredAt);
            if (Number.isNaN(clock) || at > clock) clock = at;
          }

          for (let index = 0; index < partitions; index += 1) {
            const kept: PartitionLine[] = [];
            const reading = readPartitionLines(path, partitions, index, (line) => kept.push(line) > 0);
            expect(reading).toEqual({ kind: "read", lines: events.length, clock });
            const expected = routes.flatMap((route, at) => (route === "every" || route === index ? [at + 1] : []));
            expect(kept.map((line) => line.lineNumber)).toEqual(expected);
            for (const line of kept) {
              expect(line.text).toBe(texts[line.lineNumber - 1]);
              expect(line.clockBefore).toEqual(clocks[line.lineNumber - 1]);
              expect(line.scanned.occurredAt).toBe(events[line.lineNumber - 1]!.event.metadata.occurredAt);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("goes one-pass when an event id comes again, in any case, whichever partitions hold the two lines", async () => {
    const history = fc.sample(arbitraryHistory({ cases: { min: 4, max: 4 }, comparisonPeople: { min: 1, max: 1 } }), {
      numRuns: 1,
      seed: 5,
    })[0]!;
    const events = await recordedHistory(history.commands, history.policy);
    const texts = events.map((recorded, index) => formatHistoryLine(recorded, BigInt(index + 1)));
    const id = events[0]!.event.metadata.eventId;
    const last = texts.length - 1;
    texts[last] = texts[last]!.replace(/"eventId":"[^"]+"/, `"eventId":"${id.toUpperCase()}"`);
    const path = join(folder, "repeated-id.ndjson");
    await writeFile(path, `${texts.join("\n")}\n`);
    for (const partitions of [1, 2, 3]) {
      const readings = Array.from({ length: partitions }, (_, index) => readPartitionLines(path, partitions, index, () => true));
      // Exactly one partition checks the id: it, and only it, goes one-pass.
      expect(readings.filter((reading) => reading.kind === "one-pass")).toHaveLength(1);
    }
  });

  it("goes one-pass for a file that cannot be read, a \\r, an escape or a blank line", async () => {
    const history = fc.sample(arbitraryHistory({ cases: { min: 2, max: 2 }, comparisonPeople: { min: 0, max: 0 } }), {
      numRuns: 1,
      seed: 9,
    })[0]!;
    const events = await recordedHistory(history.commands, history.policy);
    const text = events.map((recorded, index) => formatHistoryLine(recorded, BigInt(index + 1))).join("\n");
    expect(readPartitionLines(join(folder, "missing.ndjson"), 1, 0, () => true)).toEqual({ kind: "one-pass" });
    for (const [name, spoiled] of [
      ["crlf", `${text.replace("\n", "\r\n")}\n`],
      ["escape", `${text.replace('"streamId":"', '"streamId":"\\u0070')}\n`],
      ["blank", `${text.replace("\n", "\n\n")}\n`],
    ] as const) {
      const path = join(folder, `${name}.ndjson`);
      await writeFile(path, spoiled);
      expect(
        readPartitionLines(path, 1, 0, () => true),
        name,
      ).toEqual({ kind: "one-pass" });
    }
  });
});
