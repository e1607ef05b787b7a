/** The typed definition and containers every other layer works with. (A loaded app, with its scripts, is in loaded-app.ts.) */
import type {Redactor} from '../redaction/redactor.js'
import type {ContainerSpec} from './container-schema.js'
import type {DefinitionOutput} from './schema.js'

export type {ContainerSpec} from './container-schema.js'

/** The validated file, snake_case as written; `additional_containers` is merged into `sidecars`. */
export type Definition = Omit<DefinitionOutput, 'sidecars' | 'additional_containers'> & {
  sidecars: Record<string, ContainerSpec>
}

export type Scheduler = Definition['scheduler']
export type VolumeSpec = Definition['volumes'][string]
export type PortMapping = ContainerSpec['port_mappings'][number]

/**
 * One container with its defaults and final image. Mutable on purpose: scripts (nginx_front) add
 * env, links and port mappings before the task definition is built.
 */
export type Container = {name: string; image: string} & ContainerSpec

export type LoadMode = 'expand' | 'check' | 'placeholder'

export interface LoadOptions {
  mode: LoadMode
  extStr?: Record<string, string>
  jpath?: string[]
  /** `--tag`: overrides `app.tag`. */
  tag?: string
  /** deploy: all sidecars (default); oneshot: app + `with` + their closure. */
  containers?: 'all' | {with: string[]}
  /**
   * Collects every provider value read, and redacts the load's error messages. Pass the run's
   * Redactor so later output hides the values too; a private one is used otherwise.
   */
  redactor?: Redactor
  /** Interrupts provider calls still pending in a Jsonnet evaluation (Ctrl-C). */
  signal?: AbortSignal
}

export interface Problem {
  path: string
  message: string
  severity: 'error' | 'warning'
}
