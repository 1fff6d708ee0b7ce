import { createRequire } from "node:module";
import type * as DbClientLibrary from "@eventstore/db-client";
import type * as E from "fp-ts/lib/Either.js";
import { libraryClient, type LibraryClient } from "./client-library.js";
import type { EventStoreClient } from "./event-store-client.js";

/**
 * The EventStoreClient over @eventstore/db-client 6.2.1 (`esdb://` connection strings). The
 * library is loaded here, when chosen, and not before: its generated protobuf code and that of
 * @kurrent/kurrentdb-client register the same global names and cannot share a process.
 */
export function dbClient(connectionString: string): E.Either<string, EventStoreClient> {
  return libraryClient(() => {
    const library = createRequire(import.meta.url)("@eventstore/db-client") as typeof DbClientLibrary;
    const client = library.EventStoreDBClient.connectionString(connectionString);
    const mapped: LibraryClient = {
      append: (stream, events, expected, deadline) =>
        client.appendToStream(stream, events as DbClientLibrary.EventData[], { expectedRevision: expected, deadline }),
      readStream: (stream, options) => client.readStream(stream, options),
      readAll: (options) => client.readAll(options),
      subscribeToAll: (after, filter) => {
        const checkpointReached = (_: unknown, position: DbClientLibrary.Position) => filter.checkpointReached(position);
        return client.subscribeToAll({
          fromPosition: after ?? "start",
          filter:
            filter.on === "stream-name"
              ? library.streamNameFilter({ prefixes: filter.prefixes, checkpointInterval: 1, checkpointReached })
              : library.eventTypeFilter({ regex: filter.regex, checkpointInterval: 1, checkpointReached }),
        });
      },
      getStreamMetadata: (stream) => client.getStreamMetadata(stream),
      setStreamMetadata: (stream, metadata) => client.setStreamMetadata(stream, metadata),
      dispose: () => client.dispose(),
    };
    return mapped;
  });
}
