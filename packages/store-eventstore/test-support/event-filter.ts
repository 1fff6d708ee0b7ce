// Server-side filters of `$all` subscriptions (and filtered `$all` reads): by stream
// name or event type, as a list of prefixes or a regular expression.
import type { ReadReq } from "@eventstore/db-client/generated/streams_pb.js";
import type { StoredEvent } from "./event-log.js";

export interface EventFilter {
  matches(event: StoredEvent): boolean;
  /** Checkpoint after this many considered events: checkpointIntervalMultiplier x search window. */
  readonly checkpointInterval: number;
}

/** The server's ReadBatchSize, used when the client asks for no explicit max search window. */
const DEFAULT_SEARCH_WINDOW = 32;

export function eventFilterOf(options: ReadReq.Options.FilterOptions): EventFilter | string {
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  if (expression === undefined) return "filter needs a stream identifier or an event type expression";

  const multiplier = options.getCheckpointintervalmultiplier();
  if (multiplier <= 0) return "checkpoint interval multiplier must be positive";
  const window = options.hasMax() ? options.getMax() : DEFAULT_SEARCH_WINDOW;
  if (window <= 0) return "max search window must be positive";

  const subject = onStream ? (e: StoredEvent) => e.streamId : (e: StoredEvent) => e.type;
  const regex = expression.getRegex();
  let test: (value: string) => boolean;
  if (regex.length > 0) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex);
    } catch {
      return `invalid filter regex: ${regex}`;
    }
    test = (value) => compiled.test(value);
  } else {
    const prefixes = expression.getPrefixList();
    test = (value) => prefixes.some((prefix) => value.startsWith(prefix));
  }
  return { matches: (event) => test(subject(event)), checkpointInterval: multiplier * window };
}
