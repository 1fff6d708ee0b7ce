import * as E from "fp-ts/lib/Either.js";
import type { EventStore } from "@linkwork/core";

/** The message of a dry run's append: the command was decided, and would have been appended here. */
export const notAppended = "decided, not appended: a dry run";

/**
 * A store that reads through to another and appends nothing. A linkwork over it decides a command as
 * the service's own would (the schema, the scheme's rules, the registered code lists, the clock, the
 * stream as stored) and answers STORE_UNAVAILABLE `notAppended` where it would append. A refused
 * append leaves linkwork's cached state as it was, so one linkwork over it serves every dry run.
 */
export function dryRunStore(store: EventStore): EventStore {
  return {
    append: () => Promise.resolve(E.left({ code: "STORE_UNAVAILABLE", message: notAppended, retryable: false })),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    // The store belongs to the service, which closes it.
    close: () => Promise.resolve(),
  };
}
