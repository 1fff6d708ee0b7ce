import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore } from "@linkwork/store-memory";
import { buildReports, reportNames } from "../src/index.js";

// The shared (suppressed) view is worked out when first read (define-report.ts): table and JSON never read it.
describe("a made report's shared view", () => {
  it("is the same object each time it is read, and titled as the exact view", async () => {
    const built = await buildReports(readAllSource(memoryEventStore()), {
      reports: reportNames,
      settings: { asOf: "2025-01-01T00:00:00Z" },
    });
    if (E.isLeft(built)) throw new Error(built.left.message);
    for (const report of built.right.reports) {
      const first = report.sharedView;
      expect(report.sharedView).toBe(first);
      expect(first.title).toBe(report.view.title);
    }
  });
});
