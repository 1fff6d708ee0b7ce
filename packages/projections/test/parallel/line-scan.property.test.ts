import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatHistoryLine, type RecordedEvent } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { scanHistoryLine, scanMatches, type ScannedLine } from "../../src/parallel/line-scan.js";
import { recordedHistory } from "../read-models/read-model-history.js";

/** The reference: the same fields read by JSON.parse. */
function parsedFields(text: string): ScannedLine {
  const line = JSON.parse(text) as {
    position: string;
    streamId: string;
    type: string;
    data: { personId?: string };
    metadata: { eventId: string; occurredAt: string };
  };
  return {
    streamId: line.streamId,
    referral: line.type === "ReferralReceived",
    eventId: line.metadata.eventId,
    occurredAt: line.metadata.occurredAt,
    personId: line.type === "ReferralReceived" ? (line.data.personId ?? null) : null,
  };
}

const histories = arbitraryHistory({ cases: { min: 1, max: 6 }, comparisonPeople: { min: 0, max: 2 } });

async function linesOf(
  commands: readonly unknown[],
  policy: Parameters<typeof recordedHistory>[1],
): Promise<{ text: string; recorded: RecordedEvent }[]> {
  const events = await recordedHistory(commands, policy);
  return events.map((recorded, index) => ({ text: formatHistoryLine(recorded, BigInt(index + 1)), recorded }));
}

describe("scanning a history line without parsing it", () => {
  it("reads what JSON.parse reads from every line Linkwork writes", async () => {
    await fc.assert(
      fc.asyncProperty(histories, async (history) => {
        for (const { text, recorded } of await linesOf(history.commands, history.policy)) {
          const scanned = scanHistoryLine(text);
          expect(scanned).toEqual(parsedFields(text));
          expect(scanMatches(scanned!, recorded)).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("reads the same event laid out otherwise as null or exactly as JSON.parse does", async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), async (history, pick) => {
        const lines = await linesOf(history.commands, history.policy);
        const { text } = lines[pick % lines.length]!;
        const entries = Object.entries(JSON.parse(text) as object);
        // Same content: the keys turned round, the envelope last, escapes where none were needed, spaces.
        const variants = [
          JSON.stringify(Object.fromEntries([...entries].reverse())),
          JSON.stringify(Object.fromEntries([...entries.slice(3), ...entries.slice(0, 3)])),
          text.replace(/"case-/g, '"\\u0063ase-').replace(/"person_/g, '"\\u0070erson_'),
          JSON.stringify(JSON.parse(text), null, 1).replace(/\n/g, ""),
        ];
        for (const variant of variants) {
          const scanned = scanHistoryLine(variant);
          if (scanned !== null) expect(scanned).toEqual(parsedFields(variant));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("tells a scan that read something else from the parse (the worker's check)", async () => {
    const history = fc.sample(histories, { numRuns: 1, seed: 3 })[0]!;
    const { text, recorded } = (await linesOf(history.commands, history.policy))[0]!;
    const scanned = scanHistoryLine(text)!;
    const parsed = recorded;
    expect(scanMatches(scanned, parsed)).toBe(true);
    for (const wrong of [
      { ...scanned, referral: !scanned.referral },
      { ...scanned, streamId: `${scanned.streamId}x` },
      { ...scanned, eventId: scanned.eventId.toUpperCase() },
      { ...scanned, occurredAt: "2020-01-01T00:00:00Z" },
      { ...scanned, personId: "person_other" },
    ])
      expect(scanMatches(wrong, parsed)).toBe(false);
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const scanned = scanHistoryLine(`{"position":"1","streamId":"${text}`);
        expect(scanned === null || typeof scanned.streamId === "string").toBe(true);
        expect(scanHistoryLine(text) === null || text.startsWith('{"position":"')).toBe(true);
      }),
    );
  });
});
