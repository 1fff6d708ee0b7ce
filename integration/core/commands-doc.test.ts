import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { commandTypes, eventTypes } from "@linkwork/core";
import { commandExamples } from "../../scripts/commands-doc/command-examples.js";
import { commandsDoc, documentedCommandTypes, exampleEvents } from "../../scripts/commands-doc/commands-doc.js";

// docs/commands.md is generated from the zod schemas and one file of worked examples (issue 17):
// every command has an example, every example is accepted by the handler and causes only the events
// it lists, and the doc on disk is exactly what the schemas and examples make now.

const doc = readFileSync(fileURLToPath(new URL("../../docs/commands.md", import.meta.url)), "utf8");

describe("docs/commands.md", () => {
  it("documents every command the handler routes, each with an example, and no example of a command that does not exist", () => {
    expect([...documentedCommandTypes].sort()).toEqual([...commandTypes].sort());
    expect(Object.keys(commandExamples).sort()).toEqual([...commandTypes].sort());
  });

  it.each(Object.entries(commandExamples))(
    "runs the %s example through the handler, causing only the events it lists",
    async (type, example) => {
      expect(example.example.type).toBe(type);
      expect(example.causes.every((event) => eventTypes.includes(event))).toBe(true);
      const events = await exampleEvents(example);
      expect(events.length).toBeGreaterThan(0);
      // In the order the example lists them: the listed causes are a superset, in order.
      const listed = events.map((event) => example.causes.indexOf(event.type as (typeof example.causes)[number]));
      expect(listed.every((index) => index >= 0)).toBe(true);
      expect(listed).toEqual([...listed].sort((a, b) => a - b));
    },
  );

  it("is exactly what the schemas and examples generate (run `pnpm docs:commands` after changing either)", async () => {
    expect(doc).toBe(await commandsDoc());
  });
});
