/**
 * Where the CLI writes. Commands never touch `process.stdout`/`process.stderr` directly, so tests
 * run `runCli` in process and read what it wrote.
 */
export interface OutputStream {
  write(text: string): unknown;
  /** A terminal: only then is a progress bar drawn. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The streams and working folder a run of the CLI uses. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Relative paths in flags and arguments are resolved against this; default `process.cwd()`. */
  readonly cwd?: string;
  /** Environment variables a command reads (the export key); default none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock (milliseconds since the epoch) for "not in the future" checks; default `Date.now`. */
  readonly now?: () => number;
}

let pipeWatched = false;

/** The process's own streams. A reader that goes away (`linkwork replay ... | head`) ends the run quietly. */
export function processIo(): CliIo {
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
