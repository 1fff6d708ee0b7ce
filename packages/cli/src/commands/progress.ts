import cliProgress from "cli-progress";
import type { OutputStream } from "./cli-io.js";

/** Progress of long work (simulate, validate, replay): a bar with rate and ETA on stderr. */
export interface Progress {
  /** Starts (or restarts) the bar at 0 of `total` units. */
  start(total: number): void;
  update(done: number): void;
  /** Ends the bar; later updates are ignored. Idempotent. */
  stop(): void;
}

export interface ProgressOptions {
  /** What the work is, shown before the bar: "simulating". */
  readonly label: string;
  /** What is counted: "days", "events", "MB". */
  readonly unit: string;
  /** --quiet: no bar at all. */
  readonly quiet: boolean;
  /** Shown with this many decimals (MB read: 1). Default 0. */
  readonly decimals?: number;
}

const silent: Progress = { start: () => undefined, update: () => undefined, stop: () => undefined };

function formatAmount(value: number, decimals: number): string {
  return value.toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * A progress bar on `stream`, or nothing when the stream is not a terminal (a pipe, a log file, a
 * test) or when asked to be quiet: progress is for people watching, never part of the output.
 */
export function progressBar(stream: OutputStream, options: ProgressOptions): Progress {
  if (options.quiet || stream.isTTY !== true) return silent;
  const decimals = options.decimals ?? 0;
  const bar = new cliProgress.SingleBar(
    {
      // The library only reads and writes through the stream's terminal methods.
      stream: stream as unknown as NodeJS.WritableStream,
      format: `${options.label} [{bar}] {percentage}% | {shown}/{shownTotal} ${options.unit} | {rate} ${options.unit}/s | ETA {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  let startedAt = 0;
  let running = false;
  let total = 0;
  const payload = (done: number) => {
    const seconds = (performance.now() - startedAt) / 1000;
    return {
      shown: formatAmount(done, decimals),
      shownTotal: formatAmount(total, decimals),
      rate: seconds > 0 ? formatAmount(done / seconds, decimals) : "-",
    };
  };
  return {
    start(newTotal) {
      total = Math.max(newTotal, 0);
      startedAt = performance.now();
      if (running) bar.stop();
      bar.start(total, 0, payload(0));
      running = true;
    },
    update(done) {
      if (running) bar.update(Math.min(done, total), payload(done));
    },
    stop() {
      if (!running) return;
      running = false;
      bar.stop();
    },
  };
}
