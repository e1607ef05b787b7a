/**
 * What `bin/run.js` runs. `--version` is answered before oclif is loaded (it is most of the
 * start-up cost); everything else goes to oclif, as `execute()` would run it.
 */
import {splitOneshotArgv} from '../app/oneshot-argv.js'
import {plainShowDefinition} from './fast-path.js'
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

/**
 * oclif takes `--help` anywhere before `--` as a help request, but after oneshot's FILE it belongs
 * to the command (`hako oneshot app.jsonnet grep --help`). A `--` before FILE keeps it there, and
 * oneshot reads `-- FILE COMMAND` as it reads `FILE COMMAND`.
 */
export function protectOneshotCommand(argv: readonly string[]): string[] {
  if (argv[0] !== 'oneshot') return [...argv]
  let split
  try {
    split = splitOneshotArgv(argv.slice(1))
  } catch {
    // A usage error: left for the oneshot command to report, with its exit code and hint.
    return [...argv]
  }
  if (split.file === undefined || split.command.length === 0) return [...argv]
  // oneshot drops one `--` after FILE; a command that starts with `--` keeps its own.
  const guard = split.command[0] === '--' ? ['--'] : []
  return ['oneshot', ...split.flags, '--', split.file, ...guard, ...split.command]
}

export async function main(argv: string[], entry: string): Promise<void> {
  if (versionRequested(argv)) {
    process.stdout.write(versionLine() + '\n')
    return
  }
  const plain = plainShowDefinition(argv)
  if (plain) {
    const {runPlainShowDefinition} = await import('./plain-show-definition.js')
    if (await runPlainShowDefinition(plain)) return
  }
  argv = protectOneshotCommand(argv)
  // A module of its own, imported here: a static import of oclif would load it for --version too.
  const {runOclif} = await import('./run-oclif.js')
  await runOclif(argv, entry)
}
