/**
 * GitHub Actions annotations: under `GITHUB_ACTIONS=true` a definition problem is also printed as a
 * `::error file=F,line=L,col=C::message` workflow command, so it shows on the pull request's diff.
 * Pure, apart from fileSourceReader.
 */
import {readFileSync} from 'node:fs'
import {isAbsolute, relative, resolve} from 'node:path'

import {DefinitionError, type HakoError} from '../errors.js'

export type AnnotationKind = 'error' | 'warning'

export interface Annotation {
  kind: AnnotationKind
  file?: string
  line?: number
  col?: number
  message: string
}

/** Reads a definition's source text, or undefined when it cannot be read. */
export type SourceReader = (file: string) => string | undefined

export function isGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true'
}

const DEFINITION_FILE = /^(.+?\.(?:jsonnet|libsonnet|json|ya?ml)): (.*)$/s
// Jsonnet writes `file:L:C`, `file:L:C-C` or `file:(L:C)-(L:C)`.
const JSONNET_LOCATION = /^(.+?):(?:\((\d+):(\d+)\)-\(\d+:\d+\)|(\d+):(\d+)(?:-\d+)?)$/
const PROBLEM_PATH = /^((?:\(root\)|[A-Za-z_$][\w$-]*)(?:\.[A-Za-z_$][\w$-]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*): (.*)$/s

/**
 * One line hako printed about a definition → the annotation it becomes: Jsonnet errors carry
 * their own location; `file: path: message` problems are located by finding the path's keys in the
 * source. Undefined when the line names no definition file.
 */
export function annotationOf(kind: AnnotationKind, text: string, readSource: SourceReader): Annotation | undefined {
  const jsonnet = jsonnetError(text)
  if (jsonnet) return {kind, ...jsonnet}
  const match = DEFINITION_FILE.exec(text.replace(/^\[[^\]]+\] /, ''))
  if (!match) return undefined
  const [, file, rest] = match as unknown as [string, string, string]
  const problem = PROBLEM_PATH.exec(rest)
  if (!problem) return {kind, file, message: rest}
  const [, path] = problem as unknown as [string, string]
  const source = readSource(file)
  const at = source === undefined ? undefined : locatePath(source, path)
  return {kind, file, ...at, message: rest}
}

/** `STATIC ERROR: f:3:27-33: msg` or `RUNTIME ERROR: msg` with `\tf:1:14-31\t...` frames: where and what. */
export function jsonnetError(text: string): Omit<Annotation, 'kind'> | undefined {
  const [first = '', ...frames] = text.split('\n')
  const head = /^(STATIC|RUNTIME) ERROR: (.*)$/.exec(first)
  if (!head) return undefined
  const [, stage, rest] = head as unknown as [string, string, string]
  if (stage === 'STATIC') {
    const split = rest.indexOf(': ')
    const at = split > 0 ? location(rest.slice(0, split)) : undefined
    if (at) return {...at, message: `Jsonnet: ${rest.slice(split + 2)}`}
  }
  for (const frame of frames) {
    const at = location(frame.trim().split('\t')[0] ?? '')
    if (at) return {...at, message: `Jsonnet: ${rest}`}
  }
  return {message: `Jsonnet: ${rest}`}
}

function location(text: string): {file: string; line: number; col: number} | undefined {
  const match = JSONNET_LOCATION.exec(text)
  if (!match) return undefined
  const [, file, rangeLine, rangeCol, line, col] = match
  return {file: file as string, line: Number(rangeLine ?? line), col: Number(rangeCol ?? col)}
}

/**
 * Where `app.env.PORT` is written: each key searched for after the one before it. A key that is
 * not found (built by a function, merged from an import) gives no location rather than a guess.
 */
export function locatePath(source: string, path: string): {line: number; col: number} | undefined {
  if (path === '(root)') return undefined
  const keys = [...path.matchAll(/(?:^|\.)([A-Za-z_$][\w$-]*)|\["((?:[^"\\]|\\.)*)"\]/g)].map((m) => m[1] ?? (JSON.parse(`"${m[2]}"`) as string))
  let offset = 0
  let found = -1
  for (const key of keys) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp(`(^|[\\s{,])(["']?)${escaped}\\2\\s*\\+?:`, 'g')
    pattern.lastIndex = offset
    const match = pattern.exec(source)
    if (!match) return undefined
    found = match.index + (match[1] as string).length
    offset = pattern.lastIndex
  }
  if (found < 0) return undefined
  const before = source.slice(0, found)
  const line = before.split('\n').length
  return {line, col: found - before.lastIndexOf('\n')}
}

/** The workflow command; paths relative to the workspace, as GitHub matches them to the diff. */
export function formatAnnotation(annotation: Annotation, workspace: string = process.env.GITHUB_WORKSPACE ?? process.cwd()): string {
  const properties: string[] = []
  if (annotation.file !== undefined) {
    const absolute = resolve(annotation.file)
    const inside = relative(workspace, absolute)
    const shown = inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : annotation.file
    properties.push(`file=${escapeProperty(shown)}`)
  }
  if (annotation.line !== undefined) properties.push(`line=${annotation.line}`)
  if (annotation.col !== undefined) properties.push(`col=${annotation.col}`)
  const head = properties.length > 0 ? `::${annotation.kind} ${properties.join(',')}` : `::${annotation.kind}`
  return `${head}::${escapeData(annotation.message)}`
}

// The runner's escaping: data may not hold `%` or line breaks; properties not `:` or `,` either.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** What an error hako stops on becomes: one annotation per problem of a definition, else one. */
export function errorAnnotations(error: HakoError, readSource: SourceReader): Annotation[] {
  if (!(error instanceof DefinitionError)) return [{kind: 'error', message: error.message}]
  return error.problems.map((problem) => {
    const kind = error.warnings.includes(problem) ? 'warning' : 'error'
    return annotationOf(kind, problem, readSource) ?? {kind, message: problem}
  })
}

/** Reads each definition once; a file that cannot be read just gets no line. */
export function fileSourceReader(): SourceReader {
  const cache = new Map<string, string | undefined>()
  return (file) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(file, 'utf8'))
      } catch {
        cache.set(file, undefined)
      }
    }
    return cache.get(file)
  }
}
