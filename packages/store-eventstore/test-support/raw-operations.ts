// Writes another tool or an operator makes on a server, with the real @eventstore/db-client: a
// tombstone, a soft delete, stream metadata, records that are not Linkwork events. Loads the client
// library, so only the in-process server (local-server.ts) and the server process use it.
import { FORWARDS, START, binaryEvent, jsonEvent, EventStoreDBClient } from "@eventstore/db-client";
import type { RawStreamMetadata, ServerControl } from "./server-control.js";

type RawOperations = Pick<
  ServerControl,
  "tombstoneStream" | "deleteStream" | "setStreamMetadata" | "appendJson" | "appendBinary" | "commitPositions"
>;

export function rawOperations(connectionString: string): RawOperations & { dispose(): Promise<void> } {
  let opened: EventStoreDBClient | undefined;
  // Opened on first use: most tests never need it.
  const client = () => (opened ??= EventStoreDBClient.connectionString(connectionString));
  return {
    async tombstoneStream(stream) {
      await client().tombstoneStream(stream);
    },
    async deleteStream(stream) {
      await client().deleteStream(stream);
    },
    async setStreamMetadata(stream, metadata: RawStreamMetadata) {
      await client().setStreamMetadata(stream, { ...metadata });
    },
    async appendJson(stream, type, data) {
      await client().appendToStream(stream, jsonEvent({ type, data: { ...data } }));
    },
    async appendBinary(stream, type, bytes) {
      await client().appendToStream(stream, binaryEvent({ type, data: new Uint8Array(bytes) }));
    },
    async commitPositions(stream) {
      const positions: bigint[] = [];
      for await (const resolved of client().readAll({ direction: FORWARDS, fromPosition: START })) {
        if (resolved.event?.streamId === stream) positions.push(resolved.event.position.commit);
      }
      return positions;
    },
    dispose: async () => opened?.dispose(),
  };
}
