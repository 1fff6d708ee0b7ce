import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { importHistory, parseHistoryLine, type RecordedEvent } from "@linkwork/core";
import { HistoryChecker } from "@linkwork/core/store-kit";
import { memoryEventStore } from "@linkwork/store-memory";
import { chunked, exampleCommands, exportText, linesOf, storeWith } from "./history-example.js";

// A history file holds local codes only as registered in its code-list streams before their use, as
// the command handler requires (issue 13): one checker, so every reader (validate, replay, import,
// a store's events) gives the same verdict on a file that carries an unregistered one.

const FREE_TEXT = "x-lives-alone-at-12-high-st";

/** The example file with one case event's need changed to an x- code nobody registered. */
async function withUnregisteredCode(): Promise<{ text: string; line: number }> {
  const lines = linesOf(await exportText(await storeWith(exampleCommands)));
  const index = lines.findIndex((line) => line.includes('"type":"ConversationHeld"'));
  const parsed = JSON.parse(lines[index]!) as { data: { needs: string[] } };
  parsed.data.needs = ["loneliness", FREE_TEXT];
  lines[index] = JSON.stringify(parsed);
  return { text: `${lines.join("\n")}\n`, line: index + 1 };
}

describe("local codes in history files", () => {
  it("refuse an unregistered local code at its line, naming the field and not the code, as validate and replay read it", async () => {
    const { text, line } = await withUnregisteredCode();
    const checker = new HistoryChecker();
    const verdicts = linesOf(text).map((each, at, all) => checker.check(each, at === all.length - 1));
    const refused = verdicts.flatMap((verdict) => (verdict.ok ? [] : [verdict.problem]));
    expect(refused[0]).toMatchObject({ code: "UNKNOWN_REFERENCE", line, path: "data.needs[1]" });
    expect(refused[0]?.message).not.toContain(FREE_TEXT.slice(2));
    // The line alone is well formed: the refusal is the registration's, which only the lines before it tell.
    expect(E.isRight(parseHistoryLine(linesOf(text)[line - 1]!, line))).toBe(true);
  });

  it("give the same verdict on import and on a store's events", async () => {
    const { text, line } = await withUnregisteredCode();
    const imported = await importHistory(chunked(text), memoryEventStore(), { mode: "strict" });
    expect(imported).toMatchObject(E.left({ code: "LINE_REJECTED", problem: { code: "UNKNOWN_REFERENCE", line, path: "data.needs[1]" } }));

    // A store that holds the event (written around the handler) is refused at the same place when read.
    const events: RecordedEvent[] = linesOf(text).map((each, at) => {
      const parsed = parseHistoryLine(each, at + 1);
      if (E.isLeft(parsed)) throw new Error(parsed.left.message);
      return parsed.right;
    });
    const checker = new HistoryChecker();
    const problems = events
      .map((recorded) => checker.checkRecorded(recorded))
      .flatMap((verdict) => (verdict === null || verdict.ok ? [] : [verdict.problem]));
    expect(problems[0]).toMatchObject({ code: "UNKNOWN_REFERENCE", line, path: "data.needs[1]" });
  });

  it("accept the code once its list registered it on an earlier line", async () => {
    const registered = [
      {
        type: "RegisterLocalCode",
        commandId: "0194263e-0000-7000-8000-0000000000c1",
        occurredAt: "2025-01-01T09:00:00Z",
        recordedBy: "admin-1",
        list: "need",
        code: FREE_TEXT,
        label: "Lives alone",
      },
      ...exampleCommands,
    ];
    const file = linesOf(await exportText(await storeWith(registered)));
    const conversation = file.findIndex((each) => each.includes('"type":"ConversationHeld"'));
    const parsed = JSON.parse(file[conversation]!) as { data: { needs: string[] } };
    parsed.data.needs = ["loneliness", FREE_TEXT];
    file[conversation] = JSON.stringify(parsed);
    const checkAll = (lines: readonly string[]) => {
      const checker = new HistoryChecker();
      return lines.map((each, at) => checker.check(each, at === lines.length - 1)).filter((verdict) => !verdict.ok);
    };
    expect(checkAll(file)).toEqual([]);
  });
});
