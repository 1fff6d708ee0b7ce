import * as E from "fp-ts/lib/Either.js";
import { format, resolveConfig } from "prettier";
import { CaseCommand, linkwork, PersonUsageCommand, ReferenceCommand } from "@linkwork/core";
import { ProviderCommand } from "@linkwork/core/provider";
import { memoryEventStore } from "@linkwork/store-memory";
import { commandExamples, type CommandExample, type CommandInput } from "./command-examples.js";

// docs/commands.md, generated: each command's fields and types from its zod schema (as JSON Schema),
// its rules, the events it causes and a worked example run through the handler.

/** A JSON Schema node, as zod's toJSONSchema writes the parts commands use. */
interface JsonSchema {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly default?: unknown;
}

interface CommandSchema {
  readonly shape: { readonly type: { readonly value: string } };
  toJSONSchema(params: { io: "input"; unrepresentable: "any" }): object;
}

const families: readonly { readonly title: string; readonly stream: string; readonly options: readonly CommandSchema[] }[] = [
  { title: "Case commands", stream: "`case-<caseId>`", options: CaseCommand.options },
  { title: "Healthcare usage commands", stream: "`person-<personId>`", options: PersonUsageCommand.options },
  {
    title: "Reference data commands",
    stream: "`pcn-<pcnId>`, `linkworker-<linkWorkerId>`, `codelist-<list>`",
    options: ReferenceCommand.options,
  },
  { title: "Provider commands (the VCSE directory and funding)", stream: "`provider-<providerId>`", options: ProviderCommand.options },
];

/** The fields every command carries; described once, before the commands. */
const commonFields = ["commandId", "occurredAt", "recordedBy", "correlationId"];

/** Every command type, in the order the doc lists them. */
export const documentedCommandTypes: readonly string[] = families.flatMap((family) =>
  family.options.map((option) => option.shape.type.value),
);

const code = (value: unknown): string => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

function bounds(low: number | undefined, high: number | undefined, unit: string): string {
  if (low !== undefined && high !== undefined) return low === high ? `${low} ${unit}` : `${low}-${high} ${unit}`;
  if (low !== undefined) return `at least ${low} ${unit}`;
  if (high !== undefined) return `at most ${high} ${unit}`;
  return "";
}

/** The issued-id pattern identifiers.ts writes (a UUID, or a prefix and a token), for a reader; null for any other. */
const issuedIdPattern =
  /^\^\(\?:\[0-9a-f\]\{8\}-\[0-9a-f\]\{4\}-\[1-8\]\[0-9a-f\]\{3\}-\[89ab\]\[0-9a-f\]\{3\}-\[0-9a-f\]\{12\}\|([a-z]+_)\(\?=\[a-z0-9\]\*\[0-9\]\)\(\?=\[a-z0-9\]\*\[a-z\]\)\[a-z0-9\]\{2,40\}\)\$$/;

function issuedId(pattern: string): string | null {
  const prefix = issuedIdPattern.exec(pattern)?.[1];
  return prefix === undefined ? null : `issued id: ${code(prefix)} and 2-40 lowercase letters and digits (at least one of each), or a UUID`;
}

/** A node's type in words: what a caller must send. */
function typeText(node: JsonSchema): string {
  if (node.const !== undefined) return code(node.const);
  if (node.enum !== undefined) return `one of ${node.enum.map(code).join(", ")}`;
  if (node.anyOf !== undefined) return node.anyOf.map(typeText).join(", or ");
  switch (node.type) {
    case "string": {
      if (node.format === "uuid") return "UUID";
      if (node.format === "date-time") return "ISO 8601 UTC date-time (`2025-01-31T09:30:00Z`)";
      if (node.format === "date") return "calendar date (`2025-01-31`), 1948-07-05 or later";
      const issued = node.pattern === undefined ? null : issuedId(node.pattern);
      if (issued !== null) return issued;
      const length = bounds(node.minLength, node.maxLength, "characters");
      const parts = [node.pattern === undefined ? "text" : `text matching ${code(node.pattern)}`, length].filter((part) => part !== "");
      return parts.join(", ");
    }
    case "number":
    case "integer": {
      const range = bounds(node.minimum, node.maximum, "").trim();
      return `${node.type === "integer" ? "whole number" : "number"}${range === "" ? "" : ` ${range}`}`;
    }
    case "boolean":
      return "`true` or `false`";
    case "array": {
      const count = bounds(node.minItems, node.maxItems, "items");
      return `list${count === "" ? "" : ` of ${count}`}, each ${node.items === undefined ? "anything" : typeText(node.items)}`;
    }
    case "object": {
      const required = new Set(node.required ?? []);
      const fields = Object.entries(node.properties ?? {}).map(
        ([name, field]) => `${code(name)}${required.has(name) ? "" : " (optional)"}: ${typeText(field)}`,
      );
      return `object with ${fields.join("; ")}`;
    }
    default:
      return "anything";
  }
}

/** A table cell: pipes escaped, so a pattern with alternatives stays in its cell. */
const cell = (text: string): string => text.replace(/\|/g, "\\|");

function fieldsTable(schema: JsonSchema, skip: readonly string[]): string {
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, field]) => {
      const presence =
        field.default !== undefined ? `optional, default ${code(field.default)}` : required.has(name) ? "required" : "optional";
      return `| ${code(name)} | ${presence} | ${cell(typeText(field))} |`;
    });
  return ["| field | presence | type |", "| --- | --- | --- |", ...rows].join("\n");
}

/** The events an example records: the given commands handled first, then the example, on a fresh memory store. */
export async function exampleEvents(example: CommandExample): Promise<readonly { readonly type: string; readonly data: unknown }[]> {
  const store = memoryEventStore();
  // A clock after every example date: the examples are history.
  const app = linkwork(store, { clock: () => Date.parse("2026-01-01T00:00:00Z") });
  const handle = async (input: CommandInput, what: string) => {
    const handled = await app.handle(input);
    if (E.isLeft(handled)) throw new Error(`${what} ${String(input.type)} was refused: ${handled.left.message}`);
    return handled.right.events;
  };
  for (const input of example.given) await handle(input, "a given command");
  const events = await handle(example.example, "the example");
  await store.close();
  return events.map((event) => ({ type: event.type, data: event.data }));
}

const json = (value: unknown): string => ["```json", JSON.stringify(value, null, 2), "```"].join("\n");

async function commandSection(schema: CommandSchema): Promise<string> {
  const type = schema.shape.type.value;
  const example = commandExamples[type];
  if (example === undefined) throw new Error(`${type} has no example in scripts/commands-doc/command-examples.ts`);
  const jsonSchema = schema.toJSONSchema({ io: "input", unrepresentable: "any" }) as JsonSchema;
  const events = await exampleEvents(example);
  return [
    `### ${type}`,
    example.summary,
    fieldsTable(jsonSchema, ["type", ...commonFields]),
    "Rules:",
    example.rules.map((rule) => `- ${rule}`).join("\n"),
    `Causes: ${example.causes.map(code).join(", ")} (docs/events.md).`,
    example.given.length === 0 ? "Example:" : `Example, after ${example.given.map((given) => code(given.type)).join(", ")}:`,
    json(example.example),
    "Records:",
    json(events),
  ].join("\n\n");
}

/** docs/commands.md as the schemas and examples make it, formatted as the repository's prettier does. */
export async function commandsDoc(): Promise<string> {
  const common = CaseCommand.options[0].toJSONSchema({ io: "input", unrepresentable: "any" }) as JsonSchema;
  const sections: string[] = [
    "# Commands",
    "<!-- Generated by `pnpm docs:commands` from the zod schemas and scripts/commands-doc/command-examples.ts: edit those, not this file. A test fails when they differ. -->",
    "Every command Linkwork handles, as `linkwork(store, options).handle(command)` takes it (docs/embedding.md). A command that breaks its schema is `VALIDATION_FAILED` naming the field; one the case cannot take now is refused with the rule it breaks (`INVALID_TRANSITION`, `POLICY_VIOLATION`, `UNKNOWN_REFERENCE`, `TIME_WENT_BACKWARDS`), and nothing is written. Each example below is run through the handler on a fresh store, after the commands it follows; `Records` shows the events it appended (metadata left out).",
    "## Fields every command carries",
    fieldsTable(
      {
        ...common,
        properties: Object.fromEntries(Object.entries(common.properties ?? {}).filter(([name]) => commonFields.includes(name))),
      },
      [],
    ),
    "`commandId` makes handling idempotent (the same id and command twice writes nothing new) and seeds the event ids; `occurredAt` is when the thing happened (decide reads no clock; an instant more than five minutes ahead of the service's clock is refused with `OCCURRED_IN_FUTURE`, and one before 1948-07-05, the day the NHS began, with `VALIDATION_FAILED`: see docs/events.md).",
  ];
  for (const family of families) {
    sections.push(`## ${family.title}`, `Stream: ${family.stream}.`);
    for (const schema of family.options) sections.push(await commandSection(schema));
  }
  const text = `${sections.join("\n\n")}\n`;
  const config = (await resolveConfig("docs/commands.md")) ?? {};
  return format(text, { ...config, parser: "markdown" });
}
