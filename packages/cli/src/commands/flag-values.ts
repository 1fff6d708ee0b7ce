import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { usageError, type CliError } from "./cli-error.js";

/**
 * Zod schemas for flag values as commander hands them over (strings), each with a message that
 * says what the flag takes. `parseFlags` turns the first problems into one line naming the flag.
 */

const WHOLE = /^[+-]?\d+$/;

/** A flag's raw text; a flag left out is "required" (optional flags add `.optional()` or `.default()`). */
const flagText = () => z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be given a value") });
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A text flag such as a file or folder name. */
export function textFlag(what: string) {
  return flagText().min(1, `must name ${what}`);
}

export function wholeNumberFlag(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return flagText().regex(WHOLE, message).transform(Number).pipe(z.number().int().min(min, message).max(max, message));
}

export function decimalFlag(min: number, max: number, { above = false }: { above?: boolean } = {}) {
  const message = above ? `must be a number above ${min} and at most ${max}` : `must be a number from ${min} to ${max}`;
  // A value past what a double holds (1e400) parses to Infinity: the flag's own message, not zod's type error.
  const number = z.number({ error: message });
  const bound = above ? number.gt(min, message) : number.min(min, message);
  return flagText().regex(DECIMAL, message).transform(Number).pipe(bound.max(max, message));
}

/** A comma-separated list of whole numbers, e.g. `6,12`. */
export function wholeNumberListFlag(min: number, max: number) {
  const message = `must be a comma-separated list of different whole numbers from ${min} to ${max} (e.g. 6,12)`;
  return flagText()
    .transform((text) => text.split(",").map((part) => part.trim()))
    .pipe(z.array(z.string().regex(WHOLE, message)).min(1, message))
    .transform((parts) => parts.map(Number))
    .pipe(
      z.array(z.number().int().min(min, message).max(max, message)).refine((values) => new Set(values).size === values.length, message),
    );
}

/** One of a fixed set of words; the message lists them. */
export function choiceFlag<const Choices extends readonly [string, ...string[]]>(choices: Choices) {
  return z.enum(choices, { error: (issue) => (issue.input === undefined ? "is required" : `must be one of ${choices.join(", ")}`) });
}

/** What a list flag chose, and the old words (aliases) it was given for some of them. */
export interface ChoiceList<Choice extends string> {
  /** Each choice at most once, in the order given. */
  readonly chosen: readonly Choice[];
  /** Old words given, each with the choice it stands for, in the order given. */
  readonly renamed: readonly { readonly word: string; readonly choice: Choice }[];
}

/**
 * A comma-separated list of choices, each at most once, in the order given. An alias (a word that
 * was renamed) still stands for its choice; the message lists the current words only.
 */
export function choiceListFlag<const Choices extends readonly [string, ...string[]]>(
  choices: Choices,
  aliases: Readonly<Record<string, Choices[number]>> = {},
) {
  type Choice = Choices[number];
  const message = `must be a comma-separated list of ${choices.join(", ")}`;
  const known = new Map<string, Choice>([...choices.map((choice): [string, Choice] => [choice, choice]), ...Object.entries(aliases)]);
  return flagText()
    .transform((text) =>
      text
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(z.string().refine((word) => known.has(word), message)).min(1, message))
    .transform((words): ChoiceList<Choice> => {
      const resolved = [...new Set(words)].flatMap((word) => {
        const choice = known.get(word);
        return choice === undefined ? [] : [{ word, choice }];
      });
      return {
        chosen: [...new Set(resolved.map(({ choice }) => choice))],
        renamed: resolved.filter(({ word, choice }) => word !== choice),
      };
    });
}

/** An ISO 8601 instant with a time zone, e.g. 2025-12-31T23:59:59Z; a bare date means its end (UTC). */
export const instantFlag = flagText()
  .transform((text) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999Z` : text))
  .pipe(z.iso.datetime({ offset: true, error: "must be an ISO date or instant such as 2025-12-31 or 2025-12-31T23:59:59Z" }))
  // Reports walk month by month up to this instant: a date centuries away would run for ever.
  .refine((instant) => {
    const year = new Date(instant).getUTCFullYear();
    // NaN: not a date at all (2025-13-01), which the check above has said already.
    return Number.isNaN(year) || (year >= 1990 && year <= 2100);
  }, "must be between 1990 and 2100");

/** Days of ended cases the read models keep (whole days, 0 to 100 years), or `all`. */
export const retentionDaysFlag = flagText()
  .refine((text) => text === "all" || WHOLE.test(text), "must be a whole number of days or all")
  .transform((text) => (text === "all" ? ("all" as const) : Number(text)))
  .pipe(z.union([z.literal("all"), z.number().int().min(0, "must be 0 days or more").max(36_525, "must be at most 36525 days")]));

/** `pcns` → `--pcns`, `trueEffect` → `--true-effect`: the flag as people typed it. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Validates a command's options (commander's camelCased object). Every problem is named by its
 * flag and the value given, on one line.
 */
export function parseFlags<Schema extends z.ZodType>(
  schema: Schema,
  options: Record<string, unknown>,
  /** Flags whose values are never repeated in a message (a connection URI may hold a password). */
  secret: readonly string[] = [],
): E.Either<CliError, z.output<Schema>> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return E.right(parsed.data);
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0];
    if (typeof key !== "string") return issue.message;
    const given = options[key];
    const shown = typeof given === "string" && !secret.includes(key) ? ` (got "${given}")` : "";
    return `${flagName(key)}: ${issue.message}${shown}`;
  });
  return E.left(usageError([...new Set(problems)].join("; ")));
}
