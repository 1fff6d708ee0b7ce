// The server remembers recently committed event ids in a bounded cache. Only this
// cache backs idempotency for ANY / STREAM_EXISTS appends, so a retry arriving after
// the id was evicted is written a second time, as on a real server.

export interface CommittedEventInfo {
  readonly streamId: string;
  readonly revision: bigint;
}

export class IdempotencyCache {
  private readonly entries = new Map<string, CommittedEventInfo>();

  constructor(private readonly capacity: number) {}

  get(eventId: string): CommittedEventInfo | undefined {
    return this.entries.get(eventId);
  }

  put(eventId: string, info: CommittedEventInfo): void {
    this.entries.delete(eventId);
    this.entries.set(eventId, info);
    // Map iteration order is insertion order, so the first key is the oldest.
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }
}
