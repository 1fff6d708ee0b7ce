import { createRequire } from "node:module";
import type * as KurrentLibrary from "@kurrent/kurrentdb-client";
import type * as E from "fp-ts/lib/Either.js";
import { libraryClient, type LibraryClient } from "./client-library.js";
import type { EventStoreClient } from "./event-store-client.js";

/**
 * The EventStoreClient over @kurrent/kurrentdb-client 1.3.1, the maintained successor of
 * @eventstore/db-client (`kurrentdb://` connection strings; `expectedRevision` is `streamState`
 * there; stream and `$all` reads go through its native addon). Loaded here, when chosen, and not
 * before: its generated protobuf code and @eventstore/db-client's register the same global names.
 */
export function kurrentDbClient(connectionString: string): E.Either<string, EventStoreClient> {
  return libraryClient(() => {
    const library = createRequire(import.meta.url)("@kurrent/kurrentdb-client") as typeof KurrentLibrary;
    const client = library.KurrentDBClient.connectionString(connectionString);
    const mapped: LibraryClient = {
      append: (stream, events, expected, deadline) =>
        client.appendToStream(stream, events as KurrentLibrary.EventData[], { streamState: expected, deadline }),
      readStream: (stream, options) => client.readStream(stream, options),
      readAll: (options) => client.readAll(options),
      subscribeToAll: (after, filter) => {
        const checkpointReached = (_: unknown, position: KurrentLibrary.Position) => filter.checkpointReached(position);
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
