import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { importHistory, parseHistoryLine } from "@linkwork/core";
import { chunked, exampleCommands, exportText, linesOf, storedEvents, storeWith } from "./history-example.js";

/** Line 3 of the example file is case-c-0001's ReferralReceived at schema version 3, consent given to all three. */
let file = "";
let lines: string[] = [];
let referralV2 = "";

beforeAll(async () => {
  file = await exportText(await storeWith(exampleCommands));
  lines = linesOf(file);
  referralV2 = lines[2]!;
});

/** The same referral as version 2 wrote it: consent to contact and to sharing. */
function asVersion2(line: string, consent: unknown): string {
  const parsed = JSON.parse(line) as { data: Record<string, unknown> };
  return JSON.stringify({ ...parsed, schemaVersion: 2, data: { ...parsed.data, consent } });
}

/** The same referral as version 1 wrote it: one consent flag. */
function asVersion1(line: string, consent: unknown): string {
  const parsed = JSON.parse(line) as { data: Record<string, unknown> };
  return JSON.stringify({ ...parsed, schemaVersion: 1, data: { ...parsed.data, consent } });
}

describe("older schema versions in history files", () => {
  it("a ReferralReceived line at version 1 comes out at version 3 with consent split in two, and none to evaluation", () => {
    for (const consent of [true, false]) {
      const parsed = parseHistoryLine(asVersion1(referralV2, consent), 3);
      if (E.isLeft(parsed)) throw new Error(parsed.left.message);
      expect(parsed.right.event).toMatchObject({
        type: "ReferralReceived",
        schemaVersion: 3,
        data: { consent: { contact: consent, shareOutcomeWithReferrer: consent, evaluation: false } },
      });
    }
  });

  it("a ReferralReceived line at version 2 comes out at version 3 with consent to evaluation not given", () => {
    for (const contact of [true, false]) {
      const parsed = parseHistoryLine(asVersion2(referralV2, { contact, shareOutcomeWithReferrer: !contact }), 3);
      if (E.isLeft(parsed)) throw new Error(parsed.left.message);
      expect(parsed.right.event).toMatchObject({
        type: "ReferralReceived",
        schemaVersion: 3,
        data: { consent: { contact, shareOutcomeWithReferrer: !contact, evaluation: false } },
      });
    }
  });

  it("version 1 and version 3 lines both import, and the store holds version 3", async () => {
    const mixed = `${lines.map((line, index) => (index === 2 ? asVersion1(line, true) : line)).join("\n")}\n`;
    expect(mixed).not.toBe(file);
    const store = memoryEventStore();
    expect(await importHistory(chunked(mixed), store, { mode: "strict" })).toMatchObject(E.right({ events: 30, problems: [] }));
    const referrals = (await storedEvents(store)).filter((recorded) => recorded.event.type === "ReferralReceived");
    expect(referrals.map((recorded) => recorded.event.schemaVersion)).toEqual([3, 3, 3]);
    // Exported again, the file is all current versions: the example file, but that the upcast line gave no consent to evaluation.
    expect(await exportText(store)).toBe(file.replace(lines[2]!, lines[2]!.replace('"evaluation":true', '"evaluation":false')));
  });

  it("each version is checked against its own schema", () => {
    const v1WithObject = parseHistoryLine(asVersion1(referralV2, { contact: true, shareOutcomeWithReferrer: true }), 3);
    expect(v1WithObject).toMatchObject(E.left({ code: "INVALID_EVENT", path: "data.consent", line: 3 }));
    const v2WithFlag = parseHistoryLine(
      JSON.stringify({
        ...(JSON.parse(referralV2) as object),
        data: { ...(JSON.parse(referralV2) as { data: object }).data, consent: true },
      }),
      3,
    );
    expect(v2WithFlag).toMatchObject(E.left({ code: "INVALID_EVENT", path: "data.consent" }));
  });

  it("a version the catalogue never had is UNKNOWN_SCHEMA_VERSION", () => {
    for (const schemaVersion of [4, 0, "2", null]) {
      const line = JSON.stringify({ ...(JSON.parse(referralV2) as object), schemaVersion });
      expect(parseHistoryLine(line, 3)).toMatchObject(
        E.left({
          code: "UNKNOWN_SCHEMA_VERSION",
          path: "schemaVersion",
          message: `ReferralReceived has no schema version ${JSON.stringify(schemaVersion)} (readable: 1, 2, 3)`,
        }),
      );
    }
  });
});
