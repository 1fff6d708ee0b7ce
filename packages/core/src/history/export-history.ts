import * as E from "fp-ts/lib/Either.js";
import type { FieldIssue } from "../errors.js";
import { StreamCategory } from "../events/streams.js";
import type { EventStore, GlobalPosition } from "../store/event-store.js";
import type { StoreError } from "../store/store-error.js";
import { writeFileAtomically } from "./atomic-file.js";
import { canonicalEvent, historyLineText } from "./history-line.js";

export interface HistoryExportOptions {
  /**
   * Only streams of these categories. Filtering by category keeps streams whole (every event of a
   * stream is in its category), so the file stays importable; filtering by event type would not.
   */
  readonly filter?: { readonly categories: readonly StreamCategory[] };
  /** Events per page read from the store. Default 1000. */
  readonly pageSize?: number;
}

export type HistoryExportFailure =
  | {
      /** The store could not be read. */
      readonly code: "STORE_FAILED";
      readonly message: string;
      readonly storeError: StoreError;
    }
  | {
      /** The store holds an event that fails its schema, so no valid line can be written for it. */
      readonly code: "INVALID_STORED_EVENT";
      readonly message: string;
      readonly streamId: string;
      readonly streamVersion: number;
      readonly issues: readonly FieldIssue[];
    }
  | {
      readonly code: "INVALID_OPTIONS";
      readonly message: string;
      readonly issues: readonly FieldIssue[];
    }
  | {
      /** The file could not be written; no partial file is left at the path. */
      readonly code: "WRITE_FAILED";
      readonly message: string;
      readonly path: string;
    };

/**
 * How an export's iteration stops when it cannot go on: an async iterable can only end or throw,
 * and a throw is what stream pipelines understand. `writeHistoryFile` turns it back into a Left.
 */
export class HistoryExportError extends Error {
  readonly failure: HistoryExportFailure;
  constructor(failure: HistoryExportFailure) {
    super(failure.message);
    this.name = "HistoryExportError";
    this.failure = failure;
  }
}

const DEFAULT_PAGE_SIZE = 1000;

function optionsProblem(options: HistoryExportOptions): HistoryExportFailure | null {
  const invalid = (path: string, message: string): HistoryExportFailure => ({
    code: "INVALID_OPTIONS",
    message: `invalid export options: ${path}: ${message}`,
    issues: [{ path, message }],
  });
  const { pageSize, filter } = options;
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100_000)) {
    return invalid("pageSize", "must be a whole number from 1 to 100,000");
  }
  if (filter !== undefined) {
    if ("eventTypes" in filter) return invalid("filter.eventTypes", "history files keep streams whole: filter by categories only");
    const categories = StreamCategory.array().min(1).safeParse(filter.categories);
    if (!categories.success)
      return invalid("filter.categories", "must be a non-empty list of stream categories (case, person, pcn, linkworker)");
  }
  return null;
}

/** The counts an export reaches, read once its iteration is over. */
interface ExportCount {
  events: number;
}

/** The file page by page: each page's lines, each ending in "\n". */
async function* historyPages(store: EventStore, options: HistoryExportOptions, count: ExportCount): AsyncGenerator<string[]> {
  const problem = optionsProblem(options);
  if (problem !== null) throw new HistoryExportError(problem);
  const maxCount = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const filter = options.filter === undefined ? undefined : { categories: options.filter.categories };
  let after: GlobalPosition | undefined;
  let position = 0n;
  for (;;) {
    const read = await store.readAll({ maxCount, ...(after === undefined ? {} : { after }), ...(filter === undefined ? {} : { filter }) });
    if (E.isLeft(read)) {
      throw new HistoryExportError({
        code: "STORE_FAILED",
        message: `the store could not be read: ${read.left.message}`,
        storeError: read.left,
      });
    }
    const { events, isEnd } = read.right;
    const lines: string[] = new Array<string>(events.length);
    for (let index = 0; index < events.length; index++) {
      const recorded = events[index]!;
      const canonical = canonicalEvent(recorded.event);
      if (E.isLeft(canonical)) {
        const issues =
          canonical.left.code === "VALIDATION_FAILED" ? canonical.left.issues : [{ path: "", message: canonical.left.message }];
        throw new HistoryExportError({
          code: "INVALID_STORED_EVENT",
          message: `${recorded.streamId}@${recorded.streamVersion} fails its schema: ${canonical.left.message}`,
          streamId: recorded.streamId,
          streamVersion: recorded.streamVersion,
          issues,
        });
      }
      // Files number their lines from 1: the store's own positions (gapped in EventStoreDB) never leak.
      position += 1n;
      lines[index] = `${historyLineText(position, recorded.streamId, recorded.streamVersion, canonical.right)}\n`;
    }
    count.events += events.length;
    if (lines.length > 0) yield lines;
    const last = events[events.length - 1];
    if (isEnd || last === undefined) return;
    after = last.position;
  }
}

/**
 * The store's history as NDJSON lines (each ending in "\n"), in the store's global order, read
 * page by page so memory stays flat however long the history. The iteration throws a
 * {@link HistoryExportError} if the store fails or holds an invalid event (see `writeHistoryFile`
 * for an Either).
 */
export async function* exportHistory(store: EventStore, options: HistoryExportOptions = {}): AsyncGenerator<string, void, undefined> {
  for await (const lines of historyPages(store, options, { events: 0 })) yield* lines;
}

export interface WrittenHistory {
  readonly path: string;
  readonly events: number;
}

/**
 * Exports the store's history to a file, written whole or not at all (see `writeFileAtomically`):
 * a failed or killed export never leaves a partial file that looks complete. Never throws.
 */
export async function writeHistoryFile(
  store: EventStore,
  path: string,
  options: HistoryExportOptions = {},
): Promise<E.Either<HistoryExportFailure, WrittenHistory>> {
  const count: ExportCount = { events: 0 };
  // A page goes out as one chunk: one write per page rather than per line.
  async function* pageTexts(): AsyncGenerator<string> {
    for await (const lines of historyPages(store, options, count)) yield lines.join("");
  }
  try {
    await writeFileAtomically(path, pageTexts());
    return E.right({ path, events: count.events });
  } catch (error) {
    if (error instanceof HistoryExportError) return E.left(error.failure);
    return E.left({ code: "WRITE_FAILED", message: `cannot write history file ${path}: ${(error as Error).message}`, path });
  }
}
