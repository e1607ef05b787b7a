/**
 * `hako oneshot [FLAGS] FILE COMMAND [ARG...]`: everything after FILE is the command, so
 * `hako oneshot app.jsonnet ls -l` runs `ls -l` instead of oclif reading `-l` as a flag.
 * Pure: the command layer parses `flags` with oclif and passes `file` and `command` on.
 */

/** Flags that take a value: given as `-c x` / `--container x` the next word is that value. */
const VALUE_FLAGS = new Set([
  '-c',
  '--container',
  '-e',
  '--env',
  '-t',
  '--tag',
  '--app-cpu',
  '--app-memory',
  '--app-memory-reservation',
  '--timeout',
  '--ext-str',
  '--jpath',
])

export interface OneshotArgv {
  /** Flag words for oclif, values included, in their original order. */
  flags: string[]
  file?: string
  command: string[]
}

export function splitOneshotArgv(argv: string[]): OneshotArgv {
  const flags: string[] = []
  let index = 0
  let file: string | undefined
  while (index < argv.length) {
    const word = argv[index] as string
    index += 1
    if (word === '--') {
      // `--` ends the flags: the next word is FILE even if it starts with a dash.
      file = argv[index]
      if (file !== undefined) index += 1
      break
    }
    if (word.startsWith('-') && word !== '-') {
      flags.push(word)
      // `--tag=x` and `-tx` carry their value; `--tag x` takes the next word.
      if (VALUE_FLAGS.has(word) && index < argv.length) {
        flags.push(argv[index] as string)
        index += 1
      }
      continue
    }
    file = word
    break
  }
  let command = argv.slice(index)
  // A `--` between FILE and the command separates them and is not part of the command.
  if (file !== undefined && command[0] === '--') command = command.slice(1)
  return file === undefined ? {flags, command: []} : {flags, file, command}
}
