import * as E from "fp-ts/lib/Either.js";
import type { DomainError, FieldIssue } from "../errors.js";
import { printable } from "../history/printable-text.js";

/** The answer range of one item: whole numbers from min to max inclusive. */
export interface ItemRange {
  readonly min: number;
  readonly max: number;
}

/**
 * An outcome measure. Licensed instruments (MYCaW, PAM-13, the SWEMWBS metric table) are added by
 * implementing this interface in the deployment that holds the licence; the core ships none of
 * their protected content.
 */
export interface Instrument {
  /** Stable id recorded in events, e.g. "ONS4". */
  readonly id: string;
  /** Version of the instrument or its scoring, recorded with every assessment. */
  readonly version: string;
  /** One range per item, in the order items are answered. */
  readonly items: readonly ItemRange[];
  /** Derived scores from answers already checked against `items`. Keys are stable score names. */
  score(answers: readonly number[]): Readonly<Record<string, number>>;
}

export type InstrumentRegistry = ReadonlyMap<string, Instrument>;

export function instrumentRegistry(instruments: readonly Instrument[]): InstrumentRegistry {
  return new Map(instruments.map((instrument) => [instrument.id, instrument]));
}

export interface Assessment {
  readonly instrument: string;
  readonly instrumentVersion: string;
  readonly items: readonly number[];
  readonly scores: Readonly<Record<string, number>>;
}

/** Checks answers against the instrument's item count and ranges, then scores them. */
export function assess(registry: InstrumentRegistry, instrumentId: string, answers: readonly number[]): E.Either<DomainError, Assessment> {
  const instrument = registry.get(instrumentId);
  if (instrument === undefined) {
    const known = [...registry.keys()].join(", ");
    const message = `unknown instrument "${printable(instrumentId)}" (known: ${known})`;
    return E.left({
      code: "VALIDATION_FAILED",
      message: `assessment is invalid: instrument: ${message}`,
      issues: [{ path: "instrument", message }],
    });
  }
  const issues: FieldIssue[] = [];
  if (answers.length !== instrument.items.length) {
    issues.push({ path: "items", message: `${instrument.id} has ${instrument.items.length} items, got ${answers.length}` });
  }
  // An index loop, not forEach: forEach skips the holes of a sparse array, which would let them through unchecked.
  for (let index = 0; index < answers.length; index++) {
    const answer: unknown = answers[index];
    const range = instrument.items[index];
    if (range === undefined) continue;
    if (!Number.isInteger(answer) || (answer as number) < range.min || (answer as number) > range.max) {
      issues.push({
        path: `items[${index}]`,
        message: `${instrument.id} item ${index + 1} must be a whole number from ${range.min} to ${range.max}, got ${String(answer)}`,
      });
    }
  }
  const first = issues[0];
  if (first !== undefined) {
    return E.left({ code: "VALIDATION_FAILED", message: `assessment is invalid: ${first.path}: ${first.message}`, issues });
  }
  return E.right({
    instrument: instrument.id,
    instrumentVersion: instrument.version,
    items: [...answers],
    scores: instrument.score(answers),
  });
}
