import { HealthcareSetting } from "@linkwork/core/vocabulary";
import type { DayNumber, UsagePeriod } from "./usage-window.js";

/**
 * A person's recorded healthcare usage, as one flat number array rather than an object per period
 * (years of extracts are many periods). Empty until the first record; then a header holding, per
 * setting (in the order of `HealthcareSetting.options`), when its first period was recorded (epoch
 * ms, Infinity for none), followed by five numbers per period held, in the order recorded: the
 * setting's position, the first and last day, the count, and when it was recorded.
 *
 * The header answers "was any period of this setting recorded by asOf" (no record at all is "no usage
 * recorded", not "window not covered") even after periods no window can reach have been dropped.
 */
export type RecordedUsage = number[];

const SETTINGS = HealthcareSetting.options.length;
const FIELDS = 5;
const SETTING = 0;
const FIRST = 1;
const LAST = 2;
const COUNT = 3;
const RECORDED_AT = 4;

const settingCodes = new Map(HealthcareSetting.options.map((setting, code) => [setting, code]));

function codeOf(setting: HealthcareSetting): number {
  // Every HealthcareSetting has a position; the fallback only satisfies the type checker.
  return settingCodes.get(setting) ?? -1;
}

/**
 * Records a period: the header notes it (in place), and the period is appended unless it starts
 * after `latestStart` (no window a report can still ask for reaches it). Returns the array to keep:
 * appending makes a new one of exactly the size needed, as a growing array keeps spare room, which
 * over every person would be much of the state.
 */
export function withUsage(
  usage: RecordedUsage,
  setting: HealthcareSetting,
  period: UsagePeriod,
  recordedAt: number,
  latestStart: DayNumber,
): RecordedUsage {
  const code = codeOf(setting);
  const next = usage.length === 0 ? new Array<number>(SETTINGS).fill(Infinity) : usage;
  if (recordedAt < (next[code] ?? Infinity)) next[code] = recordedAt;
  return period.first <= latestStart ? next.concat([code, period.first, period.last, period.count, recordedAt]) : next;
}

/**
 * The usage without the periods that start after `latestStart`, in the order recorded; the same
 * array when none does. A period left out overlaps no window a report can still ask for, so it
 * changes no sum and no coverage (see `usageIn` and `covers`).
 */
export function usageStartingBy(usage: RecordedUsage, latestStart: DayNumber): RecordedUsage {
  let drops = false;
  for (let at = SETTINGS; at < usage.length; at += FIELDS) if ((usage[at + FIRST] ?? -Infinity) > latestStart) drops = true;
  if (!drops) return usage;
  const kept = usage.slice(0, SETTINGS);
  for (let at = SETTINGS; at < usage.length; at += FIELDS) {
    if ((usage[at + FIRST] ?? -Infinity) > latestStart) continue;
    for (let field = at; field < at + FIELDS; field++) kept.push(usage[field] ?? 0);
  }
  // A copy of exactly the kept size: the pushes left spare room.
  return kept.slice();
}

/** Whether any period of the setting was recorded by `asOf`, including periods since dropped. */
export function usageRecordedBy(usage: RecordedUsage, setting: HealthcareSetting, asOf: number): boolean {
  return (usage[codeOf(setting)] ?? Infinity) <= asOf;
}

/** The periods of one setting recorded by `asOf` and still held, in the order recorded. */
export function periodsRecordedBy(usage: RecordedUsage, setting: HealthcareSetting, asOf: number): UsagePeriod[] {
  const code = codeOf(setting);
  const periods: UsagePeriod[] = [];
  for (let at = SETTINGS; at < usage.length; at += FIELDS) {
    if (usage[at + SETTING] !== code || (usage[at + RECORDED_AT] ?? Infinity) > asOf) continue;
    periods.push({ first: usage[at + FIRST] ?? 0, last: usage[at + LAST] ?? 0, count: usage[at + COUNT] ?? 0 });
  }
  return periods;
}

/** How many periods are held. */
export function periodCount(usage: RecordedUsage): number {
  return Math.max(0, (usage.length - SETTINGS) / FIELDS);
}

/** A period in readable form, as snapshots hold it. */
export type RecordedPeriod = [setting: HealthcareSetting, first: DayNumber, last: DayNumber, count: number, recordedAt: number];

/** The usage in readable form, as snapshots hold it: per setting when it was first recorded (null: never), and the periods held. */
export interface RecordedUsageJson {
  readonly firstRecordedAt: Partial<Record<HealthcareSetting, number>>;
  readonly periods: RecordedPeriod[];
}

export function recordedUsageJson(usage: RecordedUsage): RecordedUsageJson {
  const firstRecordedAt: Partial<Record<HealthcareSetting, number>> = {};
  const periods: RecordedPeriod[] = [];
  if (usage.length === 0) return { firstRecordedAt, periods };
  HealthcareSetting.options.forEach((setting, code) => {
    const at = usage[code] ?? Infinity;
    if (at !== Infinity) firstRecordedAt[setting] = at;
  });
  for (let at = SETTINGS; at < usage.length; at += FIELDS) {
    const setting = HealthcareSetting.options[usage[at + SETTING] ?? -1];
    if (setting === undefined) continue;
    periods.push([setting, usage[at + FIRST] ?? 0, usage[at + LAST] ?? 0, usage[at + COUNT] ?? 0, usage[at + RECORDED_AT] ?? 0]);
  }
  return { firstRecordedAt, periods };
}

export function recordedUsageOfJson(json: RecordedUsageJson): RecordedUsage {
  const header = HealthcareSetting.options.map((setting) => json.firstRecordedAt[setting] ?? Infinity);
  if (header.every((at) => at === Infinity) && json.periods.length === 0) return [];
  return header.concat(
    json.periods.flatMap(([setting, first, last, count, recordedAt]) => [codeOf(setting), first, last, count, recordedAt]),
  );
}
