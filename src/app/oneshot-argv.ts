/**
 * `hako oneshot [FLAGS] FILE [FLAGS] [--] COMMAND [ARG...]`: hako's flags are read before FILE and
 * between FILE and the command; the command starts at the first word that is not one of them (or
 * after `--`) and keeps every word from there on, so `sh -c 'exit 3'` keeps its `-c`. A flag-like
 * word after FILE that is not ours is a usage error, since guessing would either eat the command's
 * option or run the command without the flag the user meant (docs/hako-compatibility.md, "Oneshot").
 * Pure: the command layer hands the normalised flags to oclif and `file` and `command` on.
 */
import {ExitCode, HakoError} from '../errors.js'

export interface OneshotFlagSpec {
  name: string
  char?: string
  /** Takes a value (`--tag v2`, `--tag=v2`, `-t v2`, `-tv2`). */
  value: boolean
  /** A boolean that also has a `--no-<name>` form. */
  allowNo?: boolean
}

/** Every flag `hako oneshot` takes, the shared `--verbose` and `--local` included. */
export const ONESHOT_FLAGS: readonly OneshotFlagSpec[] = [
  {name: 'tag', char: 't', value: true},
  {name: 'dry-run', char: 'n', value: false},
  {name: 'container', char: 'c', value: true},
  {name: 'env', char: 'e', value: true},
  {name: 'app-cpu', value: true},
  {name: 'app-memory', value: true},
  {name: 'app-memory-reservation', value: true},
  {name: 'no-wait', value: false},
  {name: 'logs', value: false, allowNo: true},
  {name: 'timeout', value: true},
  {name: 'ext-str', value: true},
  {name: 'jpath', value: true},
  {name: 'verbose', char: 'v', value: false},
  {name: 'local', value: false},
  {name: 'json', value: false},
]

export interface OneshotArgv {
  /** Our flags in one unambiguous form (`--tag=v2`, `--dry-run`, `--no-logs`), in the order given. */
  flags: string[]
  file?: string
  command: string[]
}

function usage(message: string, hint: string): HakoError {
  return new HakoError(message, {code: 'usage', exitCode: ExitCode.changes, hint})
}

function isFlagWord(word: string): boolean {
  return word.startsWith('-') && word !== '-' && word !== '--'
}

interface Read {
  /** Normalised flags the word (and maybe its value) stands for. */
  flags: string[]
  /** Words consumed, the flag word included. */
  used: number
}

/** Reads the flag word at `argv[index]`; undefined when it is not one of ours. */
function readFlag(argv: string[], index: number, specs: readonly OneshotFlagSpec[]): Read | undefined {
  const word = argv[index] as string
  const valueAt = (spec: OneshotFlagSpec, given: string | undefined, used: number): Read => {
    if (given !== undefined) return {flags: [`--${spec.name}=${given}`], used}
    const next = argv[index + used]
    if (next === undefined) {
      throw usage(`oneshot: ${word} needs a value`, `hako oneshot ${word} VALUE FILE COMMAND [ARG...]`)
    }
    return {flags: [`--${spec.name}=${next}`], used: used + 1}
  }
  if (word.startsWith('--')) {
    const eq = word.indexOf('=')
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq)
    const spec = specs.find((s) => s.name === name)
    if (spec?.value) return valueAt(spec, eq < 0 ? undefined : word.slice(eq + 1), 1)
    if (eq >= 0) return undefined
    if (spec) return {flags: [word], used: 1}
    const negated = specs.find((s) => s.allowNo && `no-${s.name}` === name)
    return negated ? {flags: [word], used: 1} : undefined
  }
  // Short flags group as in getopt: `-nv` is `-n -v`; a value flag takes the rest of the word.
  const flags: string[] = []
  for (let at = 1; at < word.length; at += 1) {
    const spec = specs.find((s) => s.char === word[at])
    if (!spec) return undefined
    if (!spec.value) {
      flags.push(`--${spec.name}`)
      continue
    }
    const rest = word.slice(at + 1)
    const read = valueAt(spec, rest === '' ? undefined : rest, 1)
    return {flags: [...flags, ...read.flags], used: read.used}
  }
  return {flags, used: 1}
}

export function splitOneshotArgv(argv: string[], specs: readonly OneshotFlagSpec[] = ONESHOT_FLAGS): OneshotArgv {
  const flags: string[] = []
  let file: string | undefined
  let index = 0
  while (index < argv.length) {
    const word = argv[index] as string
    if (word === '--') {
      index += 1
      if (file !== undefined) break
      // Before FILE, `--` ends the flags: the next word is FILE even if it starts with a dash.
      file = argv[index]
      if (file !== undefined) index += 1
      // `hako oneshot -- app.jsonnet -- ls`: the second `--` only separates, as after FILE.
      if (argv[index] === '--') index += 1
      break
    }
    if (!isFlagWord(word)) {
      if (file !== undefined) break
      file = word
      index += 1
      continue
    }
    const read = readFlag(argv, index, specs)
    if (!read) {
      if (file === undefined) {
        throw usage(`oneshot: unknown flag ${word}`, 'Run `hako oneshot --help` for the flags.')
      }
      throw usage(
        `oneshot: ${word} after ${file} is not a hako oneshot flag`,
        `To give it to the command, put -- before the command: hako oneshot ${file} -- ${argv.slice(index).join(' ')}`,
      )
    }
    flags.push(...read.flags)
    index += read.used
  }
  const command = argv.slice(index)
  return file === undefined ? {flags, command} : {flags, file, command}
}
