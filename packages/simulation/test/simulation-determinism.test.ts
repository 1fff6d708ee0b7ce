import { createHash } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import { generateCommands, simulate, type SimulationSettingsInput } from "../src/index.js";
import { exportedText } from "./recorded-history.js";

const small: Omit<SimulationSettingsInput, "seed"> = { pcns: 2, months: 4, network: { registeredPatients: { min: 12_000, max: 20_000 } } };

async function historyOf(settings: SimulationSettingsInput): Promise<string> {
  const store = memoryEventStore();
  const result = await simulate(settings, { store });
  if (E.isLeft(result)) throw new Error(result.left.message);
  return exportedText(store);
}

const digest = (text: string): string => createHash("sha256").update(text).digest("hex");

let seed42: Promise<string> | undefined;
const historyOfSeed42 = (): Promise<string> => (seed42 ??= historyOf({ seed: 42, ...small }));

describe("a seeded simulation", () => {
  it("writes the same history byte for byte from the same seed", async () => {
    const first = await historyOfSeed42();
    const second = await historyOf({ seed: 42, ...small });
    expect(first.length).toBeGreaterThan(100_000);
    expect(digest(second)).toBe(digest(first));
  });

  it("writes a different history from a different seed", async () => {
    const first = await historyOfSeed42();
    const other = await historyOf({ seed: 43, ...small });
    expect(digest(other)).not.toBe(digest(first));
  });

  it("generates the same commands that simulate hands to the command handler", async () => {
    const settings = { seed: 7, ...small, months: 2 };
    const generated = generateCommands(settings);
    if (E.isLeft(generated)) throw new Error(generated.left.message);
    const store = memoryEventStore();
    const handler = linkwork(store, { policy: generated.right.policy });
    for (const command of generated.right.commands) {
      const handled = await handler.handle(command);
      expect(E.isRight(handled)).toBe(true);
    }
    expect(await exportedText(store)).toBe(await historyOf(settings));
  });

  it("keeps the generated command list identical across calls, command ids included", () => {
    const first = generateCommands({ seed: 9, ...small, months: 1 });
    const second = generateCommands({ seed: 9, ...small, months: 1 });
    if (E.isLeft(first) || E.isLeft(second)) throw new Error("settings refused");
    expect(first.right.commands.length).toBeGreaterThan(1_000);
    expect(JSON.stringify(second.right.commands)).toBe(JSON.stringify(first.right.commands));
    expect(new Set(first.right.commands.map((command) => command.commandId)).size).toBe(first.right.commands.length);
  });

  it("issues its commands in simulated-time order across the whole network", () => {
    const generated = generateCommands({ seed: 10, ...small, months: 2 });
    if (E.isLeft(generated)) throw new Error(generated.left.message);
    const times = generated.right.commands.map((command) => command.occurredAt);
    const backwards = times.filter((time, index) => index > 0 && time < times[index - 1]!);
    expect(times.length).toBeGreaterThan(1_000);
    expect(backwards).toEqual([]);
  });
});
