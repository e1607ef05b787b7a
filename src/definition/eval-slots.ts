/**
 * node-jsonnet evaluates on a libuv thread-pool thread, and that thread blocks while a native
 * `provide.*` callback runs on the main thread. A callback that itself needs the pool (fs.readFile,
 * dns.lookup before an AWS call) never runs once every pool thread holds a waiting evaluation: with
 * libuv's 4 threads, four definitions using a provider hung for good. So at most poolSize - 1
 * evaluations run at once, which always leaves a thread for the callbacks, whatever the provider.
 *
 * Chosen over a bigger pool (which only moves the hang to pool size + 1 files) and over synchronous
 * providers alone (a plugin or a secret store is asynchronous by nature). Measured on 2 cores, 20
 * definitions at once: 0.4-1.3 s bounded to 3, 0.4-1.1 s unbounded with 32 threads, within the
 * noise; evaluation is CPU-bound, so running more than the cores gains nothing anyway.
 */

let running = 0
const queue: Array<() => void> = []

/** libuv's pool size: UV_THREADPOOL_SIZE (read when the pool starts), 4 by default, 1..1024. */
export function threadPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number.parseInt(env['UV_THREADPOOL_SIZE'] ?? '', 10)
  return Number.isFinite(size) && size > 0 ? Math.min(size, 1024) : 4
}

/** How many evaluations may run at once; never fewer than one. */
export function evaluationSlots(env: NodeJS.ProcessEnv = process.env): number {
  return Math.max(1, threadPoolSize(env) - 1)
}

/** Runs `evaluate` when a slot is free; slots are handed on in arrival order. */
export async function inEvaluationSlot<T>(evaluate: () => Promise<T>): Promise<T> {
  if (running >= evaluationSlots()) await new Promise<void>((resolve) => queue.push(resolve))
  else running++
  try {
    return await evaluate()
  } finally {
    const next = queue.shift()
    // The slot passes straight to the next waiter, so `running` stays counted for it.
    if (next) next()
    else running--
  }
}
