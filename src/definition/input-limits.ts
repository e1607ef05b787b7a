/**
 * Checks made before libjsonnet sees a file. Its parser recurses on the evaluating thread's stack,
 * so a file nested a few thousand levels deep kills the process with SIGSEGV, and a directory
 * given as the file makes it abort (SIGABRT); neither can be caught once it happens. A definition
 * needs a few dozen levels, so the limits below cost nobody anything.
 */
import {readFileSync, statSync} from 'node:fs'
import {dirname, isAbsolute, join, resolve} from 'node:path'

/** Deeper than any real definition; far below the ~2,000 object levels that overflow libjsonnet. */
export const MAX_DEPTH = 200
export const MAX_FILE_BYTES = 4 * 1024 * 1024

/** Problems with `file` itself: a `file: message` line, or undefined when it can be read. */
export function fileProblem(file: string, shown = file): string | undefined {
  let stat
  try {
    stat = statSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return `${shown}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`
  }
  if (stat.isDirectory()) return `${shown}: is a directory, not a definition file`
  if (!stat.isFile()) return `${shown}: is not a regular file`
  if (stat.size > MAX_FILE_BYTES) return `${shown}: is ${stat.size} bytes; a definition may have at most ${MAX_FILE_BYTES}`
  return undefined
}

/**
 * The file and every file it imports (as far as a scan can tell: `import '<literal>'` found
 * beside the importing file or on the jpath), checked for the limits. Every problem, at once.
 */
export function jsonnetInputProblems(file: string, jpath: readonly string[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  const visit = (path: string, shown: string): void => {
    const key = resolve(path)
    if (seen.has(key)) return
    seen.add(key)
    const problem = fileProblem(path, shown)
    if (problem) return void problems.push(problem)
    const scan = scanJsonnet(readFileSync(path, 'utf8'))
    if (scan.depth > MAX_DEPTH) problems.push(`${shown}:${scan.line}: nested more than ${MAX_DEPTH} levels deep`)
    for (const target of scan.imports) {
      const found = [dirname(path), ...jpath].map((dir) => (isAbsolute(target) ? target : join(dir, target))).find(isFile)
      if (found) visit(found, found)
    }
  }
  visit(file, file)
  return problems
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export interface JsonnetScan {
  /** Deepest nesting of `{`, `[` and `(` outside strings and comments. */
  depth: number
  /** The line where `depth` first went past MAX_DEPTH (1 when it did not). */
  line: number
  /** Paths of `import '...'` with a literal string. */
  imports: string[]
}

/** A lexical scan: strings, text blocks and comments skipped, brackets counted. */
export function scanJsonnet(source: string): JsonnetScan {
  let depth = 0
  let deepest = 0
  let line = 1
  let deepLine = 1
  const imports: string[] = []
  let i = 0
  const n = source.length
  const skipTo = (end: number): void => {
    for (let k = i; k < end && k < n; k++) if (source[k] === '\n') line++
    i = Math.min(end, n)
  }
  while (i < n) {
    const c = source[i] as string
    if (c === '\n') {
      line++
      i++
    } else if (c === '#' || (c === '/' && source[i + 1] === '/')) {
      const end = source.indexOf('\n', i)
      skipTo(end === -1 ? n : end)
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2)
      skipTo(end === -1 ? n : end + 2)
    } else if (c === '"' || c === "'" || (c === '@' && (source[i + 1] === '"' || source[i + 1] === "'"))) {
      const start = i
      const end = stringEnd(source, i)
      const literal = source.slice(start, end)
      if (/\bimport\s*$/.test(source.slice(Math.max(0, start - 16), start)) && !literal.startsWith('@')) {
        imports.push(literal.slice(1, -1).replace(/\\(.)/g, '$1'))
      }
      skipTo(end)
    } else if (c === '|' && source.startsWith('|||', i)) {
      const close = /\n[ \t]*\|\|\|/g
      close.lastIndex = i + 3
      const match = close.exec(source)
      skipTo(match ? match.index + match[0].length : n)
    } else {
      if (c === '{' || c === '[' || c === '(') {
        depth++
        if (depth > deepest) {
          deepest = depth
          if (depth === MAX_DEPTH + 1) deepLine = line
        }
      } else if (c === '}' || c === ']' || c === ')') depth = Math.max(0, depth - 1)
      i++
    }
  }
  return {depth: deepest, line: deepLine, imports}
}

/** Index just past the string literal starting at `start` (unterminated: the end of the text). */
function stringEnd(source: string, start: number): number {
  const verbatim = source[start] === '@'
  const quote = source[verbatim ? start + 1 : start] as string
  let i = verbatim ? start + 2 : start + 1
  while (i < source.length) {
    const c = source[i]
    if (!verbatim && c === '\\') i += 2
    else if (c === quote) {
      // In a verbatim string a doubled quote stands for one.
      if (verbatim && source[i + 1] === quote) i += 2
      else return i + 1
    } else i++
  }
  return source.length
}

/** Deepest `{`/`[` nesting of JSON text (strings skipped), without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
    } else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth)
    else if (c === '}' || c === ']') depth--
  }
  return deepest
}
