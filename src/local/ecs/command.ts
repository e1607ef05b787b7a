/**
 * What a simulated container does, read from its command: `echo` prints, `sleep N` waits,
 * `exit N` ends with N. A command made only of these ends by itself; anything else is an app
 * that runs until stopped (or, for a one-off task, ends with 0 after a short while).
 */

export interface CommandBehaviour {
  output: {offsetMs: number; message: string}[]
  /** ms after start when the command ends; undefined = it runs until stopped. */
  exitAfterMs?: number
  exitCode: number
}

/** How long an unknown command takes in a one-off task (RunTask). */
export const ONESHOT_DEFAULT_MS = 5_000

/** `sh -c 'x; y'`, `["echo", "hi"]` and `["echo hi"]` all become the script `echo hi`. */
export function scriptOf(entryPoint: string[] | undefined, command: string[] | undefined): string | undefined {
  const words = [...(entryPoint ?? []), ...(command ?? [])]
  if (words.length === 0) return undefined
  const shell = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/.test(words[0] ?? '')
  if (shell && words[1] === '-c') return words.slice(2).join(' ')
  return words.join(' ')
}

/** Splits `a; b && c` into simple commands and those into words, honouring quotes. */
function tokenize(script: string): string[][] {
  const commands: string[][] = [[]]
  let word: string | undefined
  let quote: string | undefined
  const current = (): string[] => commands[commands.length - 1] ?? []
  const flush = (): void => {
    if (word !== undefined) current().push(word)
    word = undefined
  }
  for (let i = 0; i < script.length; i += 1) {
    const char = script[i] ?? ''
    if (quote) {
      if (char === quote) quote = undefined
      else word = (word ?? '') + char
    } else if (char === '"' || char === "'") {
      quote = char
      word = word ?? ''
    } else if (char === ';' || char === '\n' || (char === '&' && script[i + 1] === '&')) {
      flush()
      commands.push([])
      if (char === '&') i += 1
    } else if (/\s/.test(char)) flush()
    else word = (word ?? '') + char
  }
  flush()
  return commands.filter((words) => words.length > 0)
}

export function behaviourOf(script: string | undefined, oneshot: boolean): CommandBehaviour {
  const unknown: CommandBehaviour = {output: [], exitCode: 0, ...(oneshot ? {exitAfterMs: ONESHOT_DEFAULT_MS} : {})}
  if (script === undefined) return unknown
  const output: CommandBehaviour['output'] = []
  let elapsed = 0
  for (const words of tokenize(script)) {
    const [name, ...args] = words
    if (name === 'echo') output.push({offsetMs: elapsed, message: args.filter((a) => a !== '-n' && a !== '-e').join(' ')})
    else if (name === 'sleep' && args.length === 1 && Number.isFinite(Number(args[0]))) elapsed += Number(args[0]) * 1000
    else if (name === 'exit') return {output, exitAfterMs: elapsed, exitCode: Number(args[0] ?? 0) & 255}
    else if (name === 'true' || name === ':') continue
    else if (name === 'false') return {output, exitAfterMs: elapsed, exitCode: 1}
    // Anything else is an app we cannot read: it keeps running (with what it printed so far).
    else return {output, exitCode: 0, ...(oneshot ? {exitAfterMs: elapsed + ONESHOT_DEFAULT_MS} : {})}
  }
  return {output, exitAfterMs: elapsed, exitCode: 0}
}
