import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHistoryLine, linkwork, type RecordedEvent } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { memoryEventStore } from "@linkwork/store-memory";
import { subjectAccess, subjectAccessHtml, type SubjectAccessRecord } from "../../src/disclosure/index.js";
import { recordedHistory } from "../read-models/read-model-history.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "linkwork-sar-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
async function historyFile(events: readonly RecordedEvent[]): Promise<string> {
  const path = join(dir, `history-${++files}.ndjson`);
  await writeFile(path, events.map((event, at) => `${formatHistoryLine(event, BigInt(at + 1))}\n`).join(""));
  return path;
}

function right<T>(either: E.Either<{ message: string }, T>): T {
  if (E.isLeft(either)) throw new Error(either.left.message);
  return either.right;
}

/** The event ids of the person's streams, worked out from the history independently of subjectAccess. */
function expectedEventIds(events: readonly RecordedEvent[], personId: string): string[] {
  const theirCases = new Set(
    events.flatMap((recorded) =>
      recorded.event.type === "ReferralReceived" && recorded.event.data.personId === personId ? [recorded.streamId] : [],
    ),
  );
  return events
    .filter((recorded) => recorded.streamId === `person-${personId}` || theirCases.has(recorded.streamId))
    .map((recorded) => recorded.event.metadata.eventId);
}

const heldIds = (record: SubjectAccessRecord) =>
  record.streams.flatMap((stream) => stream.events.map((event) => event.held.metadata.eventId));

describe("subject access", () => {
  it("exports every event of the person's own streams, and none of anyone else's, from a file or a store alike", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 1, max: 6 }, comparisonPeople: { min: 0, max: 2 } }),
        fc.nat(),
        async (history, pick) => {
          const events = await recordedHistory(history.commands, history.policy);
          const people = [...new Set([...history.referredPersonIds, ...history.comparisonPersonIds])];
          const personId = people[pick % people.length]!;
          const record = right(await subjectAccess({ file: await historyFile(events) }, personId));
          const expected = expectedEventIds(events, personId);
          expect(heldIds(record).sort()).toEqual([...expected].sort());
          expect(record.events).toBe(expected.length);
          // Every event is labelled in words and every detail has a label.
          for (const stream of record.streams) {
            for (const event of stream.events) {
              expect(event.what.length).toBeGreaterThan(10);
              for (const detail of event.details) expect(detail.label).not.toMatch(/[A-Z][a-z]+[A-Z]/);
            }
          }
          // The same from a store holding the same history.
          const store = memoryEventStore();
          const app = linkwork(store, { policy: history.policy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
          for (const command of history.commands) expect(E.isRight(await app.handle(command))).toBe(true);
          const fromStore = right(await subjectAccess({ store }, personId));
          expect(heldIds(fromStore)).toEqual(heldIds(record));
          await store.close();
        },
      ),
      { numRuns: 15 },
    );
  });

  it("heads the export with the register's identifiers, and says when neither history nor register knows the person", async () => {
    const history = fc.sample(arbitraryHistory({ cases: { min: 2, max: 3 } }), { numRuns: 1, seed: 9 })[0]!;
    const file = await historyFile(await recordedHistory(history.commands, history.policy));
    const personId = history.referredPersonIds[0]!;
    const register = (id: string) => (id === personId ? { nhsNumber: "9434765919", name: "<script>alert(1)</script> O'Brien" } : undefined);
    const record = right(await subjectAccess({ file }, personId, { register }));
    expect(record.identifiers).toEqual([
      { field: "nhsNumber", label: "NHS number", text: "9434765919" },
      { field: "name", label: "Name", text: "<script>alert(1)</script> O'Brien" },
    ]);
    const unknown = await subjectAccess({ file }, "nobody-known", { register });
    expect(E.isLeft(unknown) && unknown.left.code).toBe("PERSON_NOT_FOUND");
    const failing = await subjectAccess({ file }, personId, { register: () => Promise.reject(new Error("register offline")) });
    expect(E.isLeft(failing) && failing.left.message).toMatch(/the person register failed: register offline/);
  });

  it("reads as a self-contained page: escaped, no script, events in words", async () => {
    const history = fc.sample(arbitraryHistory({ cases: { min: 2, max: 3 } }), { numRuns: 1, seed: 4 })[0]!;
    const file = await historyFile(await recordedHistory(history.commands, history.policy));
    const personId = history.referredPersonIds[0]!;
    const record = right(await subjectAccess({ file }, personId, { register: () => ({ name: "<script>alert(1)</script>\u202e" }) }));
    const html = subjectAccessHtml(record);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(|@import/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("\u202e");
    expect(html).toContain("You were referred to social prescribing");
    expect(html).toContain("Information held about you");
    expect(html.match(/<section data-stream=/g)?.length).toBe(record.streams.length);
  });

  it("refuses a history with a bad line, naming it", async () => {
    const bad = join(dir, "bad.ndjson");
    await writeFile(bad, "{not json\n");
    const refused = await subjectAccess({ file: bad }, "anyone");
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: "LINE_INVALID", problem: { line: 1 } });
  });
});
