import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { linkwork, type EventStore } from "@linkwork/core";
import { arbitraryCaseCommand, arbitraryCaseLife } from "@linkwork/core/testing";

/**
 * Random and hostile commands thrown at the handler: whatever arrives, `handle` answers (never
 * throws), a refusal is a typed error with a known code and a message, and a refused command writes
 * nothing. `pnpm fuzz` runs 100,000 commands (FUZZ_COMMANDS); the default keeps CI quick.
 */
const commands = Number(process.env.FUZZ_COMMANDS ?? 3000);
const perRun = 50;

const knownCodes = new Set([
  "VALIDATION_FAILED",
  "INVALID_TRANSITION",
  "POLICY_VIOLATION",
  "UNKNOWN_REFERENCE",
  "TIME_WENT_BACKWARDS",
  "CONCURRENCY_CONFLICT",
  "INVALID_STORE_CALL",
  "STORE_UNAVAILABLE",
  "COMMAND_ID_REUSED",
  "OCCURRED_IN_FUTURE",
]);

/** Values that break naive code: huge, empty, wrong-typed, control characters, far dates, prototype keys. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u001b[2J",
    "a\nb",
    "\u202e",
    "9999-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "2025-02-30T00:00:00Z",
    "NaN",
    "__proto__",
    "constructor",
    '=HYPERLINK("x")',
    "x".repeat(100_000),
    -1,
    0,
    1e308,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    true,
    null,
    [],
    {},
  ),
  fc.anything({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 80 }),
);

/** A valid command with one field replaced, dropped, or its object poisoned. */
function corrupted(command: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(command);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), hostileValue).map(([key, value]) => ({ ...command, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(command).filter(([name]) => name !== key))),
    // JSON.parse makes "__proto__" an own key, as a request body would.
    fc.constant(
      JSON.parse(
        `{${JSON.stringify(keys[0] ?? "type")}: 1, "__proto__": {"polluted": true}, "type": ${JSON.stringify(command.type)}}`,
      ) as unknown,
    ),
    fc.tuple(fc.string(), hostileValue).map(([key, value]) => ({ ...command, [key]: value })),
  );
}

const oneCommand: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: arbitraryCaseCommand(), weight: 3 },
  { arbitrary: arbitraryCaseCommand().chain((command) => corrupted(command as unknown as Record<string, unknown>)), weight: 5 },
  { arbitrary: hostileValue, weight: 2 },
);

async function eventCount(store: EventStore): Promise<number> {
  const page = await store.readAll({ maxCount: 1_000_000 });
  if (E.isLeft(page)) throw new Error(page.left.message);
  return page.right.events.length;
}

describe("the command handler under random and hostile commands", () => {
  it(
    `answers every one of ${commands.toLocaleString("en-GB")} commands without throwing; refusals are typed and write nothing`,
    async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryCaseLife(), fc.array(oneCommand, { minLength: perRun, maxLength: perRun }), async (life, noise) => {
          const store = memoryEventStore();
          // A clock after every date the arbitraries draw (up to 2030), so real cases are not dated in the future.
          const service = linkwork(store, { clock: () => Date.parse("2031-01-01T00:00:00Z") });
          // A real case first, so hostile commands meet a stream with history, not only empty ones.
          for (const command of life) await service.handle(command);
          for (const input of [...noise, ...life]) {
            const before = await eventCount(store);
            const answer = await service.handle(input);
            if (E.isLeft(answer)) {
              expect(knownCodes.has(answer.left.code)).toBe(true);
              expect(typeof answer.left.message).toBe("string");
              expect(await eventCount(store)).toBe(before);
            } else {
              expect(await eventCount(store)).toBe(before + (answer.right.duplicate ? 0 : answer.right.events.length));
            }
          }
          expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
        }),
        { numRuns: Math.max(1, Math.ceil(commands / perRun)) },
      );
    },
    Math.max(60_000, commands * 2),
  );
});
