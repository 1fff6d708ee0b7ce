import * as E from "fp-ts/lib/Either.js";
import { formatHistoryProblem, type EventStore, type GlobalPosition, type HistoryProblem, type RecordedEvent } from "@linkwork/core";
import { HistoryChecker, historySourceLines, type TextLine } from "@linkwork/core/store-kit";

/** Where an export or a subject access request reads: a history file, or a store. */
export type DisclosureSource = { readonly file: string } | { readonly store: EventStore };

/** Why an export or a subject access request could not be made; nothing is written then. */
export type DisclosureFailure =
  | { readonly code: "LINE_INVALID"; readonly message: string; readonly problem: HistoryProblem }
  | { readonly code: "SOURCE_UNREADABLE"; readonly message: string }
  | { readonly code: "STORE_FAILED"; readonly message: string }
  | { readonly code: "KEY_TOO_SHORT"; readonly message: string }
  | { readonly code: "EXPORT_INVALID"; readonly message: string }
  | { readonly code: "PERSON_NOT_FOUND"; readonly message: string }
  | { readonly code: "REGISTER_FAILED"; readonly message: string }
  | { readonly code: "WRITE_FAILED"; readonly message: string; readonly path: string };

/** Thrown inside the readers' iterations only, and turned back into a Left by their callers. */
export class DisclosureError extends Error {
  constructor(readonly failure: DisclosureFailure) {
    super(failure.message);
  }
}

/** The failure a thrown value stands for: a DisclosureError's own, or the file unreadable. */
function failureOf(thrown: unknown, file: string): DisclosureFailure {
  if (thrown instanceof DisclosureError) return thrown.failure;
  return { code: "SOURCE_UNREADABLE", message: `cannot read ${file}: ${thrown instanceof Error ? thrown.message : String(thrown)}` };
}

const PAGE = 500;

/**
 * The source's events in order, a page at a time. A history file gets the one verdict every reader
 * gives (HistoryChecker): the first refused line stops the reading with LINE_INVALID naming it.
 * Iterating throws a DisclosureError; callers answer it as a Left.
 */
export async function* recordedEvents(source: DisclosureSource): AsyncGenerator<readonly RecordedEvent[], void, undefined> {
  if ("store" in source) {
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await source.store.readAll(after === undefined ? { maxCount: PAGE } : { after, maxCount: PAGE });
      if (E.isLeft(page)) throw new DisclosureError({ code: "STORE_FAILED", message: `reading the store: ${page.left.message}` });
      const last = page.right.events.at(-1);
      if (page.right.events.length > 0) yield page.right.events;
      if (page.right.isEnd || last === undefined || (after !== undefined && last.position <= after)) return;
      after = last.position;
    }
  }
  const lines = historySourceLines(source.file);
  const checker = new HistoryChecker();
  const take = (text: TextLine, last: boolean): RecordedEvent => {
    const checked = checker.check(text, last, last ? lines.endedWithNewline() : true);
    if (!checked.ok) {
      throw new DisclosureError({
        code: "LINE_INVALID",
        message: `${source.file}: ${formatHistoryProblem(checked.problem)}`,
        problem: checked.problem,
      });
    }
    return checked.line;
  };
  // One line is held back so the last line is known as last (a truncated file shows there).
  let held: TextLine | null = null;
  try {
    for await (const texts of lines.lines) {
      const page: RecordedEvent[] = [];
      for (const text of texts) {
        if (held !== null) page.push(take(held, false));
        held = text;
      }
      if (page.length > 0) yield page;
    }
    if (held !== null) yield [take(held, true)];
  } catch (thrown) {
    throw thrown instanceof DisclosureError ? thrown : new DisclosureError(failureOf(thrown, source.file));
  } finally {
    lines.close();
  }
}
