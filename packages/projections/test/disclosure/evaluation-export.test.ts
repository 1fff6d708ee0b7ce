import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHistoryLine, type RecordedEvent } from "@linkwork/core";
import { HistoryChecker } from "@linkwork/core/store-kit";
import { arbitraryHistory } from "@linkwork/core/testing";
import {
  capacityByMonth,
  capacityProjection,
  communityDemandByProviderMonth,
  communityDemandProjection,
  unmetNeedsByMonth,
  unmetNeedsProjection,
} from "../../src/index.js";
import { writeEvaluationExport, type DateGranularity } from "../../src/disclosure/index.js";
import { recipientKey, pseudonymUuid } from "../../src/disclosure/recipient-key.js";
import { approximately } from "../read-models/approximately.js";
import { everyReport } from "../read-models/every-read-model.js";
import { project, recordedHistory, right } from "../read-models/read-model-history.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "linkwork-export-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
async function historyFile(events: readonly RecordedEvent[]): Promise<string> {
  const path = join(dir, `source-${++files}.ndjson`);
  await writeFile(path, events.map((event, at) => `${formatHistoryLine(event, BigInt(at + 1))}\n`).join(""));
  return path;
}

/** Every line of a history file through the one checker: the events, or the first problem. */
async function checkedEvents(path: string): Promise<RecordedEvent[]> {
  const checker = new HistoryChecker();
  const lines = (await readFile(path, "utf8")).split("\n");
  lines.pop();
  return lines.map((line, at) => {
    const checked = checker.check(line, at === lines.length - 1);
    if (!checked.ok) throw new Error(`line ${at + 1}: ${checked.problem.message}`);
    return checked.line;
  });
}

/**
 * The model of who an export leaves out, written apart from the export: people whose case ends
 * without consent to evaluation in force, and people with an opt-out. Their case and person streams
 * go; a comparison person's link to a case that went goes too.
 */
function inScope(events: readonly RecordedEvent[], optedOut: ReadonlySet<string> = new Set()) {
  const personOfCase = new Map<string, string>();
  const consentOfCase = new Map<string, boolean>();
  for (const { streamId, event } of events) {
    const caseId = streamId.slice("case-".length);
    if (event.type === "ReferralReceived") {
      personOfCase.set(caseId, event.data.personId);
      consentOfCase.set(caseId, event.data.consent.evaluation);
    }
    if ((event.type === "ConsentGiven" || event.type === "ConsentWithdrawn") && event.data.purpose === "evaluation") {
      consentOfCase.set(caseId, event.type === "ConsentGiven");
    }
  }
  const withoutConsent = new Set([...consentOfCase].filter(([, given]) => !given).map(([caseId]) => personOfCase.get(caseId)!));
  const people = new Set([...withoutConsent, ...optedOut]);
  const cases = new Set([...personOfCase].filter(([, personId]) => people.has(personId)).map(([caseId]) => caseId));
  const kept = events.flatMap((recorded): RecordedEvent[] => {
    const [category, id] = [recorded.streamId.split("-")[0], recorded.streamId.slice(recorded.streamId.indexOf("-") + 1)];
    if ((category === "case" && cases.has(id)) || (category === "person" && people.has(id))) return [];
    const { event } = recorded;
    if (event.type === "ComparisonCohortEnrolled" && event.data.matchedCaseId !== undefined && cases.has(event.data.matchedCaseId)) {
      const { matchedCaseId: _gone, ...data } = event.data;
      return [{ ...recorded, event: { ...event, data } }];
    }
    return [recorded];
  });
  const everyone = new Set([
    ...personOfCase.values(),
    ...events.filter((e) => e.streamId.startsWith("person-")).map((e) => e.streamId.slice(7)),
  ]);
  return {
    kept,
    people,
    optedOut: [...optedOut].filter((personId) => everyone.has(personId)).length,
    withoutConsent: [...withoutConsent].filter((personId) => !optedOut.has(personId)).length,
  };
}

async function exportedFile(
  events: readonly RecordedEvent[],
  key: string,
  dates: DateGranularity,
  optedOut: ReadonlySet<string> = new Set(),
): Promise<string> {
  const out = join(dir, `export-${++files}.ndjson`);
  const written = await writeEvaluationExport({ file: await historyFile(events) }, out, {
    recipient: "evaluator",
    key,
    dates,
    nationalDataOptOut: (personId) => optedOut.has(personId),
  });
  if (E.isLeft(written)) throw new Error(written.left.message);
  const model = inScope(events, optedOut);
  expect(written.right.events).toBe(model.kept.length);
  expect(written.right.leftOut).toEqual({
    optedOut: model.optedOut,
    withoutConsent: model.withoutConsent,
    events: events.length - model.kept.length,
  });
  return out;
}

/** The export of the events, read back through the one checker (so it is a valid history file). */
async function exported(
  events: readonly RecordedEvent[],
  key: string,
  dates: DateGranularity,
  optedOut: ReadonlySet<string> = new Set(),
): Promise<RecordedEvent[]> {
  return checkedEvents(await exportedFile(events, key, dates, optedOut));
}

/** The end of the day of the latest event: as of then, coarsening an instant to its day changes nothing. */
const endOfLastDay = (events: readonly RecordedEvent[]) =>
  `${events
    .map((recorded) => recorded.event.metadata.occurredAt)
    .sort()
    .at(-1)!
    .slice(0, 10)}T23:59:59.999Z`;

/** Every read model's reports as of an instant (every case kept, so no retention horizon differs; case and link worker ids are pseudonymised, so rows are compared without them). */
const everyReportAsOf = (events: readonly RecordedEvent[], asOf: string) =>
  everyReport(events, { retentionDays: "all", asOf, asExported: true });

/** The counts by PCN and month that coarsening dates to the week or month keeps. */
function monthly(events: readonly RecordedEvent[], asOf: string) {
  const all = { retentionDays: "all" as const };
  const at = { asOf };
  return {
    capacity: right(capacityByMonth(project(right(capacityProjection(all)), events), at)).rows.map((row) => ({
      pcnId: row.pcnId,
      month: row.month,
      referrals: row.referrals,
      accepted: row.accepted,
      declined: row.declined,
      rejected: row.rejected,
      peopleSupported: row.peopleSupported,
      waitingList: row.waitingList,
      fte: row.fte,
      registeredPatients: row.registeredPatients,
    })),
    unmetNeeds: right(unmetNeedsByMonth(project(right(unmetNeedsProjection(all)), events), at)).rows,
    connections: right(communityDemandByProviderMonth(project(right(communityDemandProjection(all)), events), at)).rows,
  };
}

/** Arrays of rows in one order (rows keyed by a pseudonymised id come out in another). */
function sortedRows(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(sortedRows);
    return items.every((item) => typeof item === "object" && item !== null)
      ? [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
      : items;
  }
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortedRows(v)]));
  return value;
}

const key = fc
  .string({ minLength: 32, maxLength: 64 })
  .filter((text) => Buffer.byteLength(text) >= 32 && !text.endsWith("\n") && !text.endsWith("\r"));

describe("the evaluation export", () => {
  it("is a valid history that replays through every read model with the figures of the people in it (dates kept to the day)", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 1, max: 6 }, comparisonPeople: { min: 0, max: 3 } }),
        key,
        fc.func(fc.boolean()),
        async (history, secret, optsOut) => {
          const events = await recordedHistory(history.commands, history.policy);
          const optedOut = new Set([...history.referredPersonIds, ...history.comparisonPersonIds].filter((id) => optsOut(id)));
          const copy = await exported(events, secret, "day", optedOut);
          const asOf = endOfLastDay(events);
          const source = inScope(events, optedOut).kept;
          expect(sortedRows(everyReportAsOf(copy, asOf))).toEqual(approximately(sortedRows(everyReportAsOf(source, asOf))));
        },
      ),
      { numRuns: 20 },
    );
  });

  it("holds no id that links to a person, and pseudonyms stable within a key and unrelated across keys", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryHistory({ cases: { min: 1, max: 4 } }), key, key, async (history, first, second) => {
        fc.pre(first !== second);
        const events = await recordedHistory(history.commands, history.policy);
        const text = await readFile(await exportedFile(events, first, "day"), "utf8");
        const again = await readFile(await exportedFile(events, first, "day"), "utf8");
        const other = await readFile(await exportedFile(events, second, "day"), "utf8");
        const personal = [...history.caseIds, ...history.referredPersonIds, ...history.comparisonPersonIds, ...history.linkWorkerIds];
        const leftOut = inScope(events).people;
        for (const id of personal) expect(text.includes(`"${id}"`) || text.includes(`-${id}"`)).toBe(false);
        for (const recorded of events) {
          for (const id of [recorded.event.metadata.eventId, recorded.event.metadata.correlationId, recorded.event.metadata.recordedBy])
            expect(text).not.toContain(id);
          // GP record entry ids hash the real case and event ids, and the GP system holds them too.
          if (recorded.event.type === "GpRecordEntriesSent") for (const id of recorded.event.data.entryIds) expect(text).not.toContain(id);
        }
        expect(text).not.toMatch(/noteRef|whatMattersRef|referrerId|commandDigest/);
        // Stable within a key: the same export twice.
        expect(again).toBe(text);
        // Unlinkable across keys: no person or case pseudonym of one key appears in the other's export.
        const made = recipientKey(first);
        if (!made.ok) throw new Error(made.problem.message);
        const pseudonyms = history.referredPersonIds.flatMap((id) => [pseudonymUuid(made.key, "person", id)]);
        const caseOf = new Map(
          events.flatMap(({ event }) => (event.type === "ReferralReceived" ? [[event.data.caseId, event.data.personId] as const] : [])),
        );
        const casePseudonyms = history.caseIds.map((id) => ({ id, pseudonym: pseudonymUuid(made.key, "case", id) }));
        // People left out (no consent to evaluation in force) leave no pseudonym; everyone else's is there.
        history.referredPersonIds.forEach((id, index) => expect(text.includes(pseudonyms[index]!)).toBe(!leftOut.has(id)));
        for (const { id, pseudonym } of casePseudonyms) expect(text.includes(pseudonym)).toBe(!leftOut.has(caseOf.get(id)!));
        for (const pseudonym of [...pseudonyms, ...casePseudonyms.map((each) => each.pseudonym)]) expect(other).not.toContain(pseudonym);
      }),
      { numRuns: 15 },
    );
  });

  it("coarsened to the week or the month, keeps every count by PCN and month", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 1, max: 6 }, comparisonPeople: { min: 0, max: 2 } }),
        key,
        fc.constantFrom<DateGranularity>("week", "month"),
        async (history, secret, dates) => {
          const events = await recordedHistory(history.commands, history.policy);
          const copy = await exported(events, secret, dates);
          const asOf = endOfLastDay(events);
          const source = inScope(events).kept;
          expect(sortedRows(monthly(copy, asOf))).toEqual(approximately(sortedRows(monthly(source, asOf))));
        },
      ),
      { numRuns: 15 },
    );
  });

  it("refuses a key shorter than 32 bytes and a bad history line, writing nothing", async () => {
    const events = await recordedHistory(fc.sample(arbitraryHistory({ cases: { min: 1, max: 2 } }), { numRuns: 1, seed: 5 })[0]!.commands);
    const source = await historyFile(events);
    const out = join(dir, "refused.ndjson");
    const short = await writeEvaluationExport({ file: source }, out, { recipient: "r", key: "too short" });
    expect(E.isLeft(short) && short.left).toMatchObject({ code: "KEY_TOO_SHORT" });
    expect(E.isLeft(short) && short.left.message).not.toContain("too short");
    const broken = join(dir, "broken.ndjson");
    const lines = (await readFile(source, "utf8")).split("\n");
    lines[1] = "{not json";
    await writeFile(broken, lines.join("\n"));
    const refused = await writeEvaluationExport({ file: broken }, out, { recipient: "r", key: "k".repeat(40) });
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: "LINE_INVALID", problem: { line: 2 } });
    await expect(readFile(out, "utf8")).rejects.toThrow(/ENOENT/);
  });
});
