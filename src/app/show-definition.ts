import {loadApp} from '../definition/load.js'
import {DefinitionError} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'

export interface ShowDefinitionOptions {
  file: string
  expand: boolean
  extStr?: Record<string, string>
  jpath?: string[]
}

/**
 * The evaluated, validated definition as pretty JSON (placeholders unless expanded); warnings
 * reported. When it is invalid, the evaluated file is printed as it is and the problems thrown.
 */
export async function showDefinition(reporter: Reporter, options: ShowDefinitionOptions): Promise<string> {
  try {
    const app = await loadApp(options.file, {
      mode: options.expand ? 'expand' : 'placeholder',
      extStr: options.extStr,
      jpath: options.jpath,
    })
    for (const warning of app.warnings) reporter.warn(warning)
    return JSON.stringify(app.definition, null, 2)
  } catch (error) {
    // An invalid definition is exactly when its evaluated form helps: print it, then fail.
    if (error instanceof DefinitionError && error.evaluated !== undefined) reporter.output(JSON.stringify(error.evaluated, null, 2))
    throw error
  }
}
