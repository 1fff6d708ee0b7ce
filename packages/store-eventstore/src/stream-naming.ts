import { StreamCategory } from "@linkwork/core/store-kit";

/**
 * How Linkwork's streams are named on the server. An event stream keeps the core's id
 * (`case-<id>`, so EventStoreDB's `$ce-case` category projection and prefix filters work), behind
 * an optional prefix that lets several Linkwork deployments (or test runs) share one server. A
 * projection's checkpoints live in `linkwork_checkpoint-<name>`, a category no event stream has,
 * so reads and subscriptions never hand them to projections.
 */
export interface StreamNaming {
  /** Prepended to every stream name; empty by default. */
  readonly prefix: string;
  /** The server's name for a core stream id. */
  serverName(streamId: string): string;
  /** The core stream id of a server stream, or null for any stream that is not a Linkwork event stream. */
  streamIdOf(serverName: string): string | null;
  checkpointStream(projection: string): string;
  /** Stream-name prefixes that select these categories' event streams. */
  categoryPrefixes(categories: readonly string[]): string[];
}

const categories: ReadonlySet<string> = new Set(StreamCategory.options);

/** Letters, digits, `_`, `.` and `:`; no `-`, so the server's category of a stream stays `<prefix><category>`, and no leading `$`. */
export const streamPrefixPattern = /^[A-Za-z0-9_.:]{0,64}$/;

export const checkpointCategory = "linkwork_checkpoint";

export function streamNaming(prefix: string): StreamNaming {
  return {
    prefix,
    serverName: prefix === "" ? (streamId) => streamId : (streamId) => prefix + streamId,
    streamIdOf: (serverName) => {
      if (!serverName.startsWith(prefix)) return null;
      const dash = serverName.indexOf("-", prefix.length);
      if (dash < 0 || !categories.has(serverName.slice(prefix.length, dash))) return null;
      return prefix === "" ? serverName : serverName.slice(prefix.length);
    },
    checkpointStream: (projection) => `${prefix}${checkpointCategory}-${projection}`,
    categoryPrefixes: (wanted) => wanted.map((category) => `${prefix}${category}-`),
  };
}
