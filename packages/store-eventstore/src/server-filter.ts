import { type EventFilter } from "@linkwork/core";
import { categoryOfType, StreamCategory } from "@linkwork/core/store-kit";
import type { ServerFilter } from "./event-store-client.js";
import type { StreamNaming } from "./stream-naming.js";

/**
 * The server-side filter of a subscription. EventStoreDB takes one per subscription, by stream
 * name or by event type: without event types, the category prefixes of Linkwork's event streams
 * (`case-`, ...), which also keep out system streams (`$...`) and checkpoint streams; with event
 * types, exactly those types (restricted to the wanted categories), which no system or checkpoint
 * event has. The adapter still checks every delivered event on its side, so the server filter
 * only saves traffic and never decides alone.
 */
export function serverFilterOf(filter: EventFilter | undefined, naming: StreamNaming): ServerFilter {
  const categories: readonly string[] = filter?.categories ?? StreamCategory.options;
  const byCategory: ServerFilter = { on: "stream-name", prefixes: naming.categoryPrefixes(categories) };
  if (filter?.eventTypes === undefined) return byCategory;
  const types = filter.eventTypes.filter((type) => categories.includes(categoryOfType.get(type) ?? ""));
  // No type is in a wanted category: nothing can match, and the category filter delivers least.
  if (types.length === 0) return byCategory;
  return { on: "event-type", regex: `^(?:${types.map(escapeRegex).join("|")})$` };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
