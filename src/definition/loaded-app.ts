/**
 * A loaded app: the validated definition, its containers and its resolved scripts. Apart from
 * types.ts so that the definition's types do not depend on the script plugin types, which depend on
 * them.
 */
import type {ScriptPlugin} from '../scripts/types.js'
import type {Container, Definition} from './types.js'

export interface ResolvedScript {
  plugin: ScriptPlugin
  options: unknown
}

export interface LoadedApp {
  appId: string
  /** The definition file as given (absolute or relative to the cwd). */
  file: string
  /** Folder of the definition file. */
  dir: string
  definition: Definition
  containers: Container[]
  scripts: ResolvedScript[]
  /** Unknown keys and other non-fatal problems, formatted `file: path: message`. */
  warnings: string[]
}
