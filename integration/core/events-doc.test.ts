import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { eventCatalogue, eventTypes, formatHistoryLine, formatHistoryProblem, importHistory, parseHistoryLine } from "@linkwork/core";
import type { RecordedEvent as HistoryLine } from "@linkwork/core";
import { chunked, exportText } from "./history-example.js";

/** docs/events.md is a contract: every example line in it must be a valid, canonical history line. */
const doc = readFileSync(fileURLToPath(new URL("../../docs/events.md", import.meta.url)), "utf8");

/** The schema version the catalogue writes for a type. */
const currentSchemaVersion = (type: keyof typeof eventCatalogue): number => eventCatalogue[type].schema.shape.schemaVersion.value;
const blocks = [...doc.matchAll(/```ndjson\n([\s\S]*?)```/g)].map((match) => match[1]!.replace(/\n$/, "").split("\n"));

interface Example {
  readonly text: string;
  readonly line: HistoryLine;
  readonly writtenVersion: unknown;
}

const readings = blocks.flat().map((text, index) => ({ text, parsed: parseHistoryLine(text, index + 1) }));
const examples: Example[] = readings.flatMap(({ text, parsed }) =>
  E.isRight(parsed) ? [{ text, line: parsed.right, writtenVersion: (JSON.parse(text) as { schemaVersion: unknown }).schemaVersion }] : [],
);

describe("docs/events.md", () => {
  it("has ndjson examples, every line of which parses", () => {
    expect(blocks.length).toBeGreaterThan(eventTypes.length);
    const problems = readings.flatMap(({ text, parsed }) => (E.isLeft(parsed) ? [`${formatHistoryProblem(parsed.left)} in ${text}`] : []));
    expect(problems).toEqual([]);
    expect(examples.every((example) => example.line.event.schemaVersion === currentSchemaVersion(example.line.event.type))).toBe(true);
  });

  it("shows every event type of the catalogue at its current version", () => {
    const shown = new Set(
      examples
        .filter((example) => example.writtenVersion === currentSchemaVersion(example.line.event.type))
        .map((example) => example.line.event.type),
    );
    expect(eventTypes.filter((type) => !shown.has(type))).toEqual([]);
  });

  it("writes current-version lines exactly as an export would", () => {
    for (const example of examples.filter((each) => each.writtenVersion === currentSchemaVersion(each.line.event.type))) {
      expect(formatHistoryLine(example.line, example.line.position)).toBe(example.text);
    }
  });

  it("shows the version 1 and 2 ReferralReceived, which read as version 3 with consent to evaluation not given", () => {
    const older = examples.filter((example) => example.writtenVersion !== currentSchemaVersion(example.line.event.type));
    expect(older.map((example) => [example.line.event.type, example.writtenVersion])).toEqual([
      ["ReferralReceived", 1],
      ["ReferralReceived", 2],
    ]);
    for (const example of older) {
      expect(example.line.event).toMatchObject({
        schemaVersion: 3,
        data: { consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: false } },
      });
    }
  });

  it("has a complete file that imports strictly and exports back unchanged", async () => {
    const file = blocks.find((block) => block.length > 1);
    if (file === undefined) throw new Error("docs/events.md has no complete example file");
    const text = `${file.join("\n")}\n`;
    const store = memoryEventStore();
    expect(await importHistory(chunked(text), store, { mode: "strict" })).toMatchObject(E.right({ events: file.length, problems: [] }));
    expect(await exportText(store)).toBe(text);
  });
});
