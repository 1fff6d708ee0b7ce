import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork, openSchemePolicy } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";

// A refused command's error is shown to whoever sent it (an HTTP answer, a log line, a terminal):
// what it quotes from the command (zod names unknown keys) must not carry control characters, and
// its size must not follow the size of the input.

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const unprintable = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const composition = (extra: Record<string, unknown>) => ({
  type: "RecordPracticeListComposition",
  commandId: "00000000-0000-4000-8000-000000000001",
  occurredAt: "2025-01-04T00:00:00Z",
  recordedBy: "admin-1",
  pcnId: "U00001",
  practiceId: "P00001",
  registeredPatients: 1000,
  byAgeBand: {},
  bySex: {},
  byEthnicGroup: {},
  byDeprivationDecile: {},
  ...extra,
});

async function refusal(command: unknown) {
  const app = linkwork(memoryEventStore(), { policy: openSchemePolicy, clock: () => Date.parse("2026-01-01T00:00:00Z") });
  const handled = await app.handle(command);
  if (E.isRight(handled)) throw new Error("the command was accepted");
  return handled.left;
}

describe("a refused command's error", () => {
  it("quotes an unknown key with its control characters escaped, in the message and every issue", async () => {
    const error = await refusal(composition({ byAgeBand: { "\u001b[2J\u202eevil": 5 } }));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("byAgeBand");
    expect(error.message).toContain("\\u001b");
    expect(error.message).not.toMatch(unprintable);
    for (const issue of "issues" in error ? error.issues : []) expect(`${issue.path} ${issue.message}`).not.toMatch(unprintable);
  });

  it("stays short when the command holds huge unknown keys", async () => {
    const keys = Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`k${index}${"x".repeat(500)}`, 1]));
    const error = await refusal(composition({ bySex: keys }));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("bySex");
    expect(error.message.length).toBeLessThan(1000);
    for (const issue of "issues" in error ? error.issues : []) expect(issue.message.length).toBeLessThan(1000);
  });
});
