/**
 * What `bin/run.js` runs. `--version` is answered before oclif is loaded (it is most of the
 * start-up cost); everything else goes to oclif, as `execute()` would run it.
 */
import {HAKO_VERSION} from '../version.js'

/**
 * `hako --version`, and `hako COMMAND --version` as the Ruby hako also answers it. Only right after
 * `hako` or the command name: later words may be a oneshot command's own (`oneshot app.jsonnet node --version`).
 */
export function versionRequested(argv: readonly string[]): boolean {
  if (argv[0] === '--version') return true
  return argv[1] === '--version' && argv[0] !== undefined && !argv[0].startsWith('-')
}

/** The line `--version` prints: the program and its version, as the Ruby hako prints it. */
export function versionLine(): string {
  return `hako ${HAKO_VERSION}`
}

export async function main(argv: string[], entry: string): Promise<void> {
  if (versionRequested(argv)) {
    process.stdout.write(versionLine() + '\n')
    return
  }
  // A module of its own, imported here: a static import of oclif would load it for --version too.
  const {runOclif} = await import('./run-oclif.js')
  await runOclif(argv, entry)
}
