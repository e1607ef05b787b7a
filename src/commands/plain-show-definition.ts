/**
 * Runs a plain `show-definition` (fast-path.ts decides which command lines are plain). The build
 * bundles this module apart (dist/cli/fast/), with its imports static, so the command reads a few
 * files instead of the two dozen chunks the command tree shares; main.ts imports it only here.
 */
import {showDefinition, type ShowDefinitionOptions} from '../app/show-definition.js'
import {ConsoleReporter} from '../ui/console-reporter.js'
import {MemoryReporter} from '../ui/reporter.js'

/** Runs it; false (nothing printed) when oclif should answer instead. */
export async function runPlainShowDefinition(options: ShowDefinitionOptions): Promise<boolean> {
  const reporter = new MemoryReporter()
  let json: string
  try {
    json = await showDefinition(reporter, options)
  } catch {
    return false
  }
  const console = new ConsoleReporter({})
  for (const entry of reporter.entries) {
    if (entry.level === 'output') console.output(entry.message)
    else if (entry.level === 'warn') console.warn(entry.message)
    else if (entry.level === 'info') console.info(entry.message)
  }
  console.output(json)
  return true
}
