import { describe, expect, it, vi } from "vitest";

// EventMetadata remembers the last UUID it accepted (envelope.ts). Before any was accepted, nothing
// may count as remembered: the first line a process reads once passed an empty correlationId.
describe("EventMetadata's remembered UUID, before any UUID was accepted", () => {
  it("refuses an empty correlationId and causationId on the first metadata a fresh module reads", async () => {
    vi.resetModules();
    const { EventMetadata } = await import("../../src/events/envelope.js");
    const parsed = EventMetadata.safeParse({
      eventId: "01941f29-7c00-75fb-908e-a8032b5f5cfc",
      occurredAt: "2025-01-31T09:30:00Z",
      recordedBy: "worker-1",
      correlationId: "",
      causationId: "",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["correlationId", "Invalid UUID"],
      ["causationId", "Invalid UUID"],
    ]);
  });
});
