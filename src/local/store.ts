/**
 * Where the world lives between requests. In memory for tests; in a directory for the CLI, where
 * every request loads the world under a lock file and writes it back atomically, so separate
 * processes (`hako --local` runs, `hako local serve`) see one consistent history.
 */
import {closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {HakoError} from '../errors.js'
import {type World, WORLD_VERSION, emptyWorld} from './world.js'
import {conformWorld} from './world-shape.js'

export interface WorldStore {
  /** Runs `fn` on the current world and keeps its changes (even if `fn` throws after mutating). */
  transaction<T>(fn: (world: World) => T | Promise<T>): Promise<T>
  /** A short description for error messages. */
  readonly location: string
}

export class MemoryStore implements WorldStore {
  readonly location = 'memory'
  private world: World = emptyWorld()
  private queue: Promise<unknown> = Promise.resolve()

  transaction<T>(fn: (world: World) => T | Promise<T>): Promise<T> {
    const run = this.queue.then(() => fn(this.world))
    this.queue = run.catch(() => undefined)
    return run
  }
}

const LOCK_STALE_MS = 10_000
const LOCK_WAIT_MS = 15_000

export class DirectoryStore implements WorldStore {
  readonly statePath: string
  private readonly lockPath: string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(readonly dir: string) {
    mkdirSync(dir, {recursive: true})
    this.statePath = join(dir, 'state.json')
    this.lockPath = join(dir, 'state.lock')
  }

  get location(): string {
    return this.statePath
  }

  transaction<T>(fn: (world: World) => T | Promise<T>): Promise<T> {
    // Serialise in-process first; the lock file serialises between processes.
    const run = this.queue.then(async () => {
      await this.lock()
      try {
        const world = this.load()
        try {
          return await fn(world)
        } finally {
          this.save(world)
        }
      } finally {
        rmSync(this.lockPath, {force: true})
      }
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  load(): World {
    let text: string
    try {
      text = readFileSync(this.statePath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyWorld()
      throw error
    }
    const reset = `Delete ${this.statePath} (or \`rm -rf ${this.dir}\`) to start the local AWS afresh.`
    let world: unknown
    try {
      world = JSON.parse(text)
    } catch (error) {
      throw new HakoError(`local AWS state ${this.statePath} is corrupt: ${(error as Error).message}`, {code: 'local-state-corrupt', hint: reset})
    }
    if (typeof world !== 'object' || world === null || (world as {version?: unknown}).version !== WORLD_VERSION) {
      throw new HakoError(`local AWS state ${this.statePath} is not a version ${WORLD_VERSION} world`, {code: 'local-state-corrupt', hint: reset})
    }
    const conformed = conformWorld(world)
    if (conformed.problems.length > 0) {
      throw new HakoError(`local AWS state ${this.statePath} is not a world this version understands: ${conformed.problems.join('; ')}`, {
        code: 'local-state-corrupt',
        hint: reset,
      })
    }
    return conformed.world
  }

  private save(world: World): void {
    const temp = `${this.statePath}.${process.pid}.tmp`
    writeFileSync(temp, JSON.stringify(world))
    renameSync(temp, this.statePath)
  }

  private async lock(): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS
    for (let attempt = 0; ; attempt += 1) {
      try {
        closeSync(openSync(this.lockPath, 'wx'))
        return
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      // A holder that died leaves its lock behind; a live one holds it for milliseconds.
      try {
        if (Date.now() - statSync(this.lockPath).mtimeMs > LOCK_STALE_MS) {
          rmSync(this.lockPath, {force: true})
          continue
        }
      } catch {
        continue
      }
      if (Date.now() > deadline) {
        throw new HakoError(`local AWS state ${this.statePath} stays locked by ${this.lockPath}`, {
          code: 'local-state-locked',
          hint: `If no hako process is running, delete ${this.lockPath}.`,
        })
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 + attempt * 2)))
    }
  }
}
