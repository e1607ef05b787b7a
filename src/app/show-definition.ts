import {loadApp} from '../definition/load.js'
import type {Reporter} from '../ui/reporter.js'

export interface ShowDefinitionOptions {
  file: string
  expand: boolean
  extStr?: Record<string, string>
  jpath?: string[]
}

/** The evaluated, validated definition as pretty JSON (placeholders unless expanded); warnings reported. */
export async function showDefinition(reporter: Reporter, options: ShowDefinitionOptions): Promise<string> {
  const app = await loadApp(options.file, {
    mode: options.expand ? 'expand' : 'placeholder',
    extStr: options.extStr,
    jpath: options.jpath,
  })
  for (const warning of app.warnings) reporter.warn(warning)
  return JSON.stringify(app.definition, null, 2)
}
