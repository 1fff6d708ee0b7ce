import { Worker } from "node:worker_threads";

/**
 * The opening worker: its build, or under tsx (tests, the bench, the workspace) its TypeScript
 * source, started by a bootstrap that registers tsx in the worker's own thread (a worker does not
 * inherit the parent's loader), as the parallel replay starts its workers
 * (packages/projections/src/parallel/parallel-file-replay.ts).
 */
export function startOpeningWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./opening-worker.js", import.meta.url));
  const tsx = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./opening-worker.ts", import.meta.url).href;
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(worker)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { execArgv: ["--conditions=@linkwork/source"] });
}
