import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandDigest } from "../src/store/command-digest.js";

const command = {
  type: "ReceiveReferral",
  caseId: "case_c1",
  commandId: "0193f1a2-7b4c-7d8e-9f00-1a2b3c4d5e6f",
  occurredAt: "2025-01-06T10:00:00Z",
  recordedBy: "gp-1",
  reasons: ["loneliness", "money_debt_benefits"],
  consent: { contact: true, shareOutcomeWithReferrer: false },
};

describe("the command digest", () => {
  it("is SHA-256 hex, the same whatever order the fields came in", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(Object.keys(command), { minLength: Object.keys(command).length }), (order) => {
        const reordered = Object.fromEntries(order.map((key) => [key, command[key as keyof typeof command]]));
        expect(commandDigest(reordered)).toBe(commandDigest(command));
      }),
    );
    expect(commandDigest(command)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores what a retry may change (commandId, correlationId, occurredAt) and absent optional fields", () => {
    const digest = commandDigest(command);
    expect(commandDigest({ ...command, commandId: "0193f1a2-7b4c-7d8e-9f00-000000000000" })).toBe(digest);
    expect(commandDigest({ ...command, correlationId: "0193f1a2-7b4c-7d8e-9f00-000000000001" })).toBe(digest);
    expect(commandDigest({ ...command, occurredAt: "2025-01-06T10:05:00Z" })).toBe(digest);
    expect(commandDigest({ ...command, referrerId: undefined })).toBe(digest);
  });

  it("changes with anything recorded: type, stream, data, recordedBy, array order, nested values", () => {
    const digest = commandDigest(command);
    for (const changed of [
      { ...command, type: "AcceptReferral" },
      { ...command, caseId: "case_c2" },
      { ...command, recordedBy: "gp-2" },
      { ...command, reasons: ["money_debt_benefits", "loneliness"] },
      { ...command, consent: { contact: true, shareOutcomeWithReferrer: true } },
      { ...command, count: 1 },
      { ...command, count: "1" },
    ])
      expect(commandDigest(changed)).not.toBe(digest);
  });
});
