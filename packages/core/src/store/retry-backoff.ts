/** How the handler retries an append refused with CONCURRENCY_CONFLICT by another process. */
export interface RetryOptions {
  /** Attempts in all (the first included) before answering CONCURRENCY_CONFLICT. Default 5. */
  readonly maxAttempts?: number;
  /** The cap of the first pause; it doubles with each attempt. Default 5 ms. */
  readonly baseDelayMs?: number;
  /** The largest cap a pause can reach. Default 200 ms. */
  readonly maxDelayMs?: number;
}

export interface RetrySettings {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetry: RetrySettings = { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 200 };

/** Options with defaults filled and out-of-range numbers brought in range (never a throw). */
export function retrySettings(options: RetryOptions = {}): RetrySettings {
  const nonNegative = (value: number | undefined, fallback: number) =>
    value === undefined || Number.isNaN(value) ? fallback : Math.max(0, value);
  const baseDelayMs = nonNegative(options.baseDelayMs, defaultRetry.baseDelayMs);
  return {
    maxAttempts: Math.max(1, Math.floor(nonNegative(options.maxAttempts, defaultRetry.maxAttempts))),
    baseDelayMs,
    maxDelayMs: Math.max(baseDelayMs, nonNegative(options.maxDelayMs, defaultRetry.maxDelayMs)),
  };
}

/**
 * The pause after the `attempt`-th conflict: full jitter, uniform in [0, min(max, base * 2^(attempt-1))).
 * Full jitter spreads writers that collided at once, so they do not collide again in step.
 */
export function backoffDelay(attempt: number, settings: RetrySettings, random: () => number): number {
  const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return random() * cap;
}
