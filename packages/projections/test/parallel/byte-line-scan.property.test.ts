import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatHistoryLine } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { ByteScan, scanHistoryLineBytes } from "../../src/parallel/byte-line-scan.js";
import { scanHistoryLine, type ScannedLine } from "../../src/parallel/line-scan.js";
import { recordedHistory } from "../read-models/read-model-history.js";

/** The byte scan of `text` placed in a buffer among other bytes, as the fields it read, or null. */
function byteScanned(text: string, before = "xx\n", after = "\nyy"): ScannedLine | null {
  const bytes = Buffer.from(`${before}${text}${after}`, "utf8");
  const start = Buffer.byteLength(before, "utf8");
  const end = start + Buffer.byteLength(text, "utf8");
  const scan = new ByteScan();
  if (!scanHistoryLineBytes(bytes, start, end, scan)) return null;
  const field = (from: number, to: number) => bytes.toString("latin1", from, to);
  return {
    streamId: field(scan.streamStart, scan.streamEnd),
    referral: scan.referral,
    eventId: field(scan.idStart, scan.idEnd),
    occurredAt: field(scan.occurredStart, scan.occurredEnd),
    personId: scan.referral ? field(scan.personStart, scan.personEnd) : null,
  };
}

const histories = arbitraryHistory({ cases: { min: 1, max: 6 }, comparisonPeople: { min: 0, max: 2 } });

async function linesOf(commands: readonly unknown[], policy: Parameters<typeof recordedHistory>[1]): Promise<string[]> {
  const events = await recordedHistory(commands, policy);
  return events.map((recorded, index) => formatHistoryLine(recorded, BigInt(index + 1)));
}

describe("scanning a history line in its bytes", () => {
  it("reads what the string scan reads from every line Linkwork writes", async () => {
    await fc.assert(
      fc.asyncProperty(histories, async (history) => {
        for (const text of await linesOf(history.commands, history.policy)) {
          const scanned = byteScanned(text);
          expect(scanned).not.toBeNull();
          expect(scanned).toEqual(scanHistoryLine(text));
        }
      }),
      { numRuns: 30 },
    );
  });

  it("reads a line laid out otherwise, cut short or changed, as false or as the string scan does", async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), fc.nat(), fc.string({ maxLength: 3 }), async (history, pick, cut, inserted) => {
        const lines = await linesOf(history.commands, history.policy);
        const text = lines[pick % lines.length]!;
        const entries = Object.entries(JSON.parse(text) as object);
        const at = cut % text.length;
        const variants = [
          JSON.stringify(Object.fromEntries([...entries].reverse())),
          JSON.stringify(JSON.parse(text), null, 1).replace(/\n/g, ""),
          text.slice(0, at),
          `${text.slice(0, at)}${inserted}${text.slice(at)}`,
          text.replace(/"streamVersion":[0-9]+/, '"streamVersion": 1'),
          text.replace('"eventId":"', '"eventId":"é'),
        ];
        // A file holding a backslash or a line end other than "\n" never reaches the scan (partition-lines.ts).
        for (const variant of variants.filter((line) => !/[\\\r\n]/.test(line))) {
          const scanned = byteScanned(variant);
          // Never more than the string scan accepts, and the same fields when it accepts.
          if (scanned !== null) expect(scanned).toEqual(scanHistoryLine(variant));
        }
        // A line cut before its end never scans as the whole line did, even with the rest of it just past the end.
        const scan = new ByteScan();
        const bytes = Buffer.from(text, "latin1");
        if (scanHistoryLineBytes(bytes, 0, at, scan)) expect(scan.occurredEnd).toBeLessThanOrEqual(at);
      }),
      { numRuns: 60 },
    );
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (random, cut) => {
        const bytes = Buffer.concat([Buffer.from('{"position":"1","streamId":"', "latin1"), Buffer.from(random)]);
        const end = cut % (bytes.length + 1);
        const scan = new ByteScan();
        if (scanHistoryLineBytes(bytes, 0, end, scan)) {
          expect(scan.occurredEnd).toBeLessThanOrEqual(end);
          expect(scan.streamEnd).toBeLessThanOrEqual(end);
        }
      }),
    );
  });
});
