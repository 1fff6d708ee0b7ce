import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { formatPath, writeFileAtomically } from "@linkwork/core";
import { historySourceLines } from "@linkwork/core/store-kit";
import { PersonId } from "@linkwork/core/personal-data";
import { EquityFields } from "@linkwork/core/vocabulary";
import { runFailed, type CliError } from "./cli-error.js";

// The people file: each referred person's equity fields by pseudonym, one JSON object a line, as a
// person register would export them for the equity report (`simulate --people` writes one, `replay
// --people` reads one). It holds special-category data (ethnicity): it is never part of a history.

/** One line of a people file. */
export const PeopleFileLine = z.strictObject({ personId: PersonId, equity: EquityFields });
export type PeopleFileLine = z.infer<typeof PeopleFileLine>;

/** A line longer than this is refused (no real line comes near it): the splitter never holds more of one. */
const MAX_LINE_BYTES = 1024;
/** More people than this are refused, so the lookup (unlike each line) cannot grow without bound: about a million, as --opt-outs allows. */
const MAX_PEOPLE = 1_000_000;

/** Writes the people as a people file, whole or not at all. */
export async function writePeopleFile(path: string, people: readonly PeopleFileLine[]): Promise<void> {
  await writeFileAtomically(path, people.map((person) => `${JSON.stringify(person)}\n`).join(""));
}

/** A people file written as the people come (`simulate --people`), so a run never holds them all. */
export interface PeopleFileWriter {
  /** The next person's line, written in order in the background. */
  add(person: PeopleFileLine): void;
  /** People added so far. */
  readonly count: number;
  /** No more people: resolves once the file is in place, whole; rejects if it could not be written. */
  finish(): Promise<void>;
  /** The run stopped: no file appears. */
  abandon(): Promise<void>;
}

/** Lines handed to the writer at once: a few hundred kilobytes. */
const LINES_PER_CHUNK = 1024;

/**
 * Starts the people file's atomic write (the same bytes as `writePeopleFile` with every person).
 * `add` is called from the simulation, which cannot wait, so the chunks queue here; the writer takes
 * them whenever the run yields, which it does while its own history file is written, so the queue
 * stays a few chunks. Once the write has failed, lines are dropped and `finish` rejects.
 */
export function peopleFileWriter(path: string): PeopleFileWriter {
  let lines: string[] = [];
  const chunks: string[] = [];
  let ended: "finished" | "abandoned" | null = null;
  let failed = false;
  let count = 0;
  let wakeWriter: (() => void) | null = null;
  const wake = () => {
    const resolve = wakeWriter;
    wakeWriter = null;
    resolve?.();
  };
  async function* content(): AsyncGenerator<string> {
    for (;;) {
      const chunk = chunks.shift();
      if (chunk !== undefined) {
        yield chunk;
        continue;
      }
      if (ended === "abandoned") throw new Error("the simulation stopped");
      if (ended === "finished") return;
      await new Promise<void>((resolve) => (wakeWriter = resolve));
    }
  }
  const written = writeFileAtomically(path, content());
  // Its failure is answered by finish; meanwhile it only stops the queue growing.
  written.catch(() => {
    failed = true;
    chunks.length = 0;
  });
  const flush = () => {
    if (lines.length === 0) return;
    if (!failed) chunks.push(lines.join(""));
    lines = [];
    wake();
  };
  return {
    add(person) {
      count += 1;
      if (failed) return;
      lines.push(`${JSON.stringify(person)}\n`);
      if (lines.length >= LINES_PER_CHUNK) flush();
    },
    get count() {
      return count;
    },
    async finish() {
      flush();
      ended = "finished";
      wake();
      await written;
    },
    async abandon() {
      lines = [];
      chunks.length = 0;
      ended = "abandoned";
      wake();
      await written.catch(() => undefined);
    },
  };
}

/**
 * Reads a people file into a lookup by pseudonym. The first bad line (not JSON, not a person and
 * their fields, a pseudonym given twice, too long, one person too many) is the error, naming its line; nothing is echoed
 * from it but the field at fault.
 */
export async function readPeopleFile(
  path: string,
  shownAs: string,
  maxPeople: number = MAX_PEOPLE,
): Promise<E.Either<CliError, Map<string, EquityFields>>> {
  const people = new Map<string, EquityFields>();
  const fail = (line: number, why: string) => E.left(runFailed(`--people ${shownAs}: line ${line}: ${why}`));
  let number = 0;
  const source = historySourceLines(path, { maxLineBytes: MAX_LINE_BYTES });
  try {
    for await (const batch of source.lines) {
      for (const text of batch) {
        number += 1;
        if (typeof text !== "string")
          return fail(number, text.fault === "LINE_TOO_LONG" ? `longer than ${MAX_LINE_BYTES} bytes` : "not UTF-8 text");
        if (text.trim() === "") continue;
        let raw: unknown;
        try {
          // A byte order mark at the file's start, as spreadsheet and PowerShell exports write one, is no part of the line.
          raw = JSON.parse(number === 1 && text.startsWith("\uFEFF") ? text.slice(1) : text);
        } catch {
          return fail(number, "not valid JSON");
        }
        const parsed = PeopleFileLine.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return fail(number, issue === undefined ? "not a person and their equity fields" : `${formatPath(issue.path)}: ${issue.message}`);
        }
        if (people.has(parsed.data.personId)) return fail(number, "this person is already on an earlier line");
        if (people.size >= maxPeople) return fail(number, `more than ${maxPeople} people`);
        people.set(parsed.data.personId, parsed.data.equity);
      }
    }
  } catch (thrown) {
    return E.left(runFailed(`--people ${shownAs}: cannot read it: ${(thrown as Error).message}`));
  } finally {
    source.close();
  }
  return E.right(people);
}
