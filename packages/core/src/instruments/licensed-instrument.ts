import * as E from "fp-ts/lib/Either.js";
import type { DomainError, FieldIssue } from "../errors.js";
import type { Instrument, ItemRange } from "./instrument.js";

/** Instrument ids are at most this long (the `WellbeingAssessed` event's limit). */
export const INSTRUMENT_ID_MAX_LENGTH = 40;
/** Instrument versions are at most this long (the `WellbeingAssessed` event's limit). */
export const INSTRUMENT_VERSION_MAX_LENGTH = 20;
/** An assessment has at most this many items (the `AssessWellbeing` command's limit). */
export const INSTRUMENT_MAX_ITEMS = 100;
/** Score names are at most this long. */
export const SCORE_NAME_MAX_LENGTH = 40;

/** What a deployment writes to add an instrument whose content it is licensed to use. */
export interface InstrumentDefinition {
  /** Stable id recorded in events: letters, digits and `. _ + -`, starting with a letter or digit. */
  readonly id: string;
  /** Version of the instrument or its scoring (include the licensed table's version): same characters as `id`. */
  readonly version: string;
  /** One range per item, whole numbers with `min <= max`; 1 to {@link INSTRUMENT_MAX_ITEMS} items. */
  readonly items: readonly ItemRange[];
  /**
   * Derived scores from answers already checked against `items`. It must not throw, and must return
   * the same score names (letters, digits, `_`, starting with a letter) with finite values for every
   * answer vector.
   */
  score(answers: readonly number[]): Readonly<Record<string, number>>;
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/u;
const SCORE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/u;

/**
 * Builds an {@link Instrument} for a licensed measure (MYCaW, PAM-13, ...) after checking that its
 * definition is well formed; the core holds none of the licensed content, only what the deployment
 * passes in. Never throws: a malformed definition gives a `VALIDATION_FAILED` Left whose issues name
 * each problem (`id`, `version`, `items[3].max`, `score`).
 *
 * Besides the shape of `id`, `version` and `items`, `score` is tried on the lowest and the highest
 * possible answers: it must not throw, and both times must give the same non-empty set of score
 * names with finite values.
 *
 * MYCaW (Measure Yourself Concerns and Wellbeing): the person names one or two concerns and rates
 * each 0-6, then rates their wellbeing 0-6 (0 is as good as it could be, 6 as bad). The item count is
 * fixed per instrument, so a deployment registers one instrument per number of concerns:
 *
 * ```ts
 * const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
 * const rating = { min: 0, max: 6 };
 * const mycaw1 = licensedInstrument({
 *   id: "MYCAW-1C",
 *   version: "1",
 *   items: [rating, rating], // concern 1, wellbeing
 *   score: ([concern1 = NaN, wellbeing = NaN]) => ({ concern1, wellbeing, profile: mean([concern1, wellbeing]) }),
 * });
 * const mycaw2 = licensedInstrument({
 *   id: "MYCAW-2C",
 *   version: "1",
 *   items: [rating, rating, rating], // concern 1, concern 2, wellbeing
 *   score: ([concern1 = NaN, concern2 = NaN, wellbeing = NaN]) => ({
 *     concern1, concern2, wellbeing, profile: mean([concern1, concern2, wellbeing]),
 *   }),
 * });
 * ```
 *
 * The concerns' own words are personal data and stay in the local record, not in events.
 *
 * PAM-13 (Patient Activation Measure): 13 items answered 1-4 ("disagree strongly" to "agree
 * strongly"), converted to an activation score 0-100 by Insignia Health's licensed table; the
 * deployment passes that table in and records its version. If it records "not applicable" answers
 * it codes them (say as 0) and its table handles them:
 *
 * ```ts
 * import { licensedPamTable } from "./licensed/pam13.js"; // the deployment's own, licensed, module
 *
 * const pam13 = licensedInstrument({
 *   id: "PAM13",
 *   version: `1+${licensedPamTable.version}`,
 *   items: Array.from({ length: 13 }, () => ({ min: 1, max: 4 })),
 *   score: (answers) => {
 *     const activation = licensedPamTable.activationScore(answers);
 *     return { activation, level: pamLevel(activation) ?? 0 };
 *   },
 * });
 *
 * // then, with the standard instruments (fails as a whole if any definition is malformed):
 * const instruments = pipe(E.sequenceArray([mycaw1, mycaw2, pam13]), E.map(standardInstrumentsWith));
 * ```
 */
export function licensedInstrument(definition: InstrumentDefinition): E.Either<DomainError, Instrument> {
  try {
    return checkedInstrument(definition);
  } catch (error) {
    // Only a definition built to misbehave gets here, say with a getter that throws.
    return E.left(definitionInvalid([{ path: "(root)", message: `could not be read: ${reasonOf(error)}` }]));
  }
}

function checkedInstrument(definition: InstrumentDefinition): E.Either<DomainError, Instrument> {
  const issues = shapeIssues(definition);
  if (issues.length > 0) return E.left(definitionInvalid(issues));
  const items = Object.freeze(definition.items.map(({ min, max }) => Object.freeze({ min, max })));
  const score = definition.score.bind(definition);
  const scoreIssue = probeScore(score, items);
  if (scoreIssue !== undefined) return E.left(definitionInvalid([scoreIssue]));
  return E.right(
    Object.freeze({
      id: definition.id,
      version: definition.version,
      items,
      score,
    }),
  );
}

function shapeIssues(definition: unknown): FieldIssue[] {
  if (typeof definition !== "object" || definition === null) {
    return [{ path: "(root)", message: `an instrument definition must be an object, got ${describe(definition)}` }];
  }
  const { id, version, items, score } = definition as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  const identifierIssue = (path: string, value: unknown, maxLength: number): void => {
    if (typeof value !== "string" || value.length === 0 || value.length > maxLength || !IDENTIFIER.test(value)) {
      issues.push({
        path,
        message: `must be 1 to ${maxLength} letters, digits or ". _ + -", starting with a letter or digit, got ${describe(value)}`,
      });
    }
  };
  identifierIssue("id", id, INSTRUMENT_ID_MAX_LENGTH);
  identifierIssue("version", version, INSTRUMENT_VERSION_MAX_LENGTH);
  if (!Array.isArray(items)) {
    issues.push({ path: "items", message: `must be an array of item ranges, got ${describe(items)}` });
  } else {
    if (items.length === 0 || items.length > INSTRUMENT_MAX_ITEMS) {
      issues.push({ path: "items", message: `must have 1 to ${INSTRUMENT_MAX_ITEMS} items, got ${items.length}` });
    }
    for (let index = 0; index < items.length; index++) {
      issues.push(...itemIssues(`items[${index}]`, items[index] as unknown));
    }
  }
  if (typeof score !== "function") {
    issues.push({ path: "score", message: `must be a function, got ${describe(score)}` });
  }
  return issues;
}

function itemIssues(path: string, item: unknown): FieldIssue[] {
  if (typeof item !== "object" || item === null) {
    return [{ path, message: `must be an item range { min, max }, got ${describe(item)}` }];
  }
  const { min, max } = item as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(min)) issues.push({ path: `${path}.min`, message: `must be a whole number, got ${describe(min)}` });
  if (!Number.isSafeInteger(max)) issues.push({ path: `${path}.max`, message: `must be a whole number, got ${describe(max)}` });
  if (issues.length === 0 && (min as number) > (max as number)) {
    issues.push({ path, message: `min must not be above max, got ${String(min)} to ${String(max)}` });
  }
  return issues;
}

/** Tries `score` on the lowest and highest answers; the first problem found, if any. */
function probeScore(score: (answers: readonly number[]) => unknown, items: readonly ItemRange[]): FieldIssue | undefined {
  const probes = [
    { name: "the lowest answers", answers: items.map((item) => item.min) },
    { name: "the highest answers", answers: items.map((item) => item.max) },
  ];
  let expectedNames: string | undefined;
  for (const probe of probes) {
    let scores: unknown;
    let entries: [string, unknown][];
    try {
      scores = score(probe.answers);
      if (typeof scores !== "object" || scores === null || Array.isArray(scores)) {
        return { path: "score", message: `must return an object of named scores, got ${describe(scores)} for ${probe.name}` };
      }
      entries = Object.entries(scores);
    } catch (error) {
      return { path: "score", message: `threw for ${probe.name} [${probe.answers.join(", ")}]: ${reasonOf(error)}` };
    }
    if (entries.length === 0) return { path: "score", message: `returned no scores for ${probe.name}` };
    for (const [name, value] of entries) {
      if (name.length > SCORE_NAME_MAX_LENGTH || !SCORE_NAME.test(name)) {
        return {
          path: "score",
          message: `score names must be 1 to ${SCORE_NAME_MAX_LENGTH} letters, digits or "_", starting with a letter, got ${JSON.stringify(name)}`,
        };
      }
      if (typeof value !== "number" || !Number.isFinite(value)) {
        return { path: "score", message: `score "${name}" must be a finite number, got ${describe(value)} for ${probe.name}` };
      }
    }
    const names = entries
      .map(([name]) => name)
      .sort()
      .join(", ");
    if (expectedNames !== undefined && names !== expectedNames) {
      return { path: "score", message: `must always give the same scores, got [${expectedNames}] and then [${names}]` };
    }
    expectedNames = names;
  }
  return undefined;
}

function definitionInvalid(issues: readonly FieldIssue[]): DomainError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return {
    code: "VALIDATION_FAILED",
    message:
      first === undefined ? "instrument definition is invalid" : `instrument definition is invalid: ${first.path}: ${first.message}${more}`,
    issues,
  };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : describe(error);
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** A PAM-13 activation level: 1 (disengaged, overwhelmed) to 4 (maintaining behaviours). */
export type PamLevel = 1 | 2 | 3 | 4;

/**
 * The published PAM-13 level cut points on the 0-100 activation score: level 1 up to 47.0, level 2
 * 47.1-55.1, level 3 55.2-67.0, level 4 from 67.1. Scores are reported to one decimal place; a score
 * exactly on a cut point belongs to the level below it.
 */
export const PAM_LEVEL_CUT_POINTS = Object.freeze([47.0, 55.1, 67.0] as const);
/** The range of the PAM-13 activation score. */
export const PAM_SCORE_RANGE = { min: 0, max: 100 } as const;

/** The activation level of a PAM-13 score; `undefined` for a value outside 0-100 or not a number. */
export function pamLevel(score: number): PamLevel | undefined {
  if (!(score >= PAM_SCORE_RANGE.min && score <= PAM_SCORE_RANGE.max)) return undefined;
  const [toLevel1, toLevel2, toLevel3] = PAM_LEVEL_CUT_POINTS;
  if (score <= toLevel1) return 1;
  if (score <= toLevel2) return 2;
  if (score <= toLevel3) return 3;
  return 4;
}
