import { Readable } from "node:stream";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { importHistory } from "@linkwork/core";
import { checkHistory } from "@linkwork/core/store-kit";
import { arbitraryHistory } from "@linkwork/core/testing";
import { memoryEventStore } from "@linkwork/store-memory";
import { exportText, storeWith } from "./history-example.js";

/**
 * `checkHistory` (what `linkwork validate` runs) gives, for any file, the report an import in report
 * mode into a fresh memory store gives: the same lines, events, streams and problems, in order. Files
 * are valid exports damaged as real ones are: lines dropped, repeated, swapped, bytes changed or
 * inserted, the end cut off.
 */

const histories = arbitraryHistory({ cases: { min: 1, max: 4 }, comparisonPeople: { max: 2 } });

type Damage =
  | { readonly kind: "drop" | "repeat"; readonly at: number }
  | { readonly kind: "swap"; readonly at: number; readonly with: number }
  | { readonly kind: "bytes"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: "cut"; readonly at: number };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constantFrom("drop" as const, "repeat" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    kind: fc.constant("bytes" as const),
    at: fc.nat(),
    // Not UTF-8, line ends, a quote, a brace, a digit, a letter: what breaks a line's JSON or its fields.
    bytes: fc.constantFrom([0xff], [0x0a], [0x0d], [0x22], [0x7d], [0x30], [0x41], [0x2c]),
  }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
);

function damaged(text: string, changes: readonly Damage[]): Buffer {
  let bytes = Buffer.from(text, "utf8");
  for (const change of changes) {
    const lines = bytes.toString("latin1").split("\n");
    const line = (at: number) => at % Math.max(1, lines.length - 1);
    switch (change.kind) {
      case "drop":
        lines.splice(line(change.at), 1);
        break;
      case "repeat":
        lines.splice(line(change.at), 0, lines[line(change.at)]!);
        break;
      case "swap": {
        const [a, b] = [line(change.at), line(change.with)];
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        break;
      }
      case "bytes": {
        const at = change.at % Math.max(1, bytes.length);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(change.bytes), bytes.subarray(at + 1)]);
        continue;
      }
      case "cut":
        bytes = bytes.subarray(0, change.at % Math.max(1, bytes.length));
        continue;
    }
    bytes = Buffer.from(lines.join("\n"), "latin1");
  }
  return bytes;
}

describe("checkHistory", () => {
  it("reports what an import in report mode into a fresh store reports, for valid and damaged files", async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.array(damage, { maxLength: 3 }), async (history, changes) => {
        const text = await exportText(await storeWith(history.commands, { policy: history.policy }));
        const bytes = damaged(text, changes);
        const imported = await importHistory(Readable.from([bytes]), memoryEventStore(), { mode: "report" });
        const checked = await checkHistory(Readable.from([bytes]));
        expect(E.isRight(imported) && E.isRight(checked)).toBe(true);
        if (E.isRight(imported) && E.isRight(checked)) expect(checked.right).toEqual(imported.right);
      }),
      { numRuns: 60 },
    );
  });

  it("says which line it had reached when the source fails, as an import does", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield '{"position":"1"}\n';
      throw new Error("disk gone");
    }
    const checked = await checkHistory(failing());
    const imported = await importHistory(failing(), memoryEventStore(), { mode: "report" });
    expect(E.isLeft(checked) && E.isLeft(imported)).toBe(true);
    if (E.isLeft(checked) && E.isLeft(imported)) {
      expect(checked.left.message).toBe(imported.left.message);
      expect(checked.left.report).toEqual((imported.left as { report: unknown }).report);
    }
  });
});
