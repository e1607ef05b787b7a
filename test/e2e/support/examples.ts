/** Temp copies of the examples (with what they import beside them), edited for one test. */
import {copyFileSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {EXAMPLES} from './cli.js'

/** Every example definition, by file name. */
export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.jsonnet'))
    .sort()
}

/**
 * Copies `examples/<name>` into `dir` with its siblings (hello.env, front.libsonnet), applying
 * `edit` to the definition's text; fails when an edit matched nothing, so a changed example
 * cannot silently turn a test into a no-op. Returns the copy's path.
 */
export function copyExample(dir: string, name: string, edits: Array<[from: string, to: string]> = []): string {
  for (const sibling of readdirSync(EXAMPLES)) {
    if (!sibling.endsWith('.jsonnet')) copyFileSync(join(EXAMPLES, sibling), join(dir, sibling))
  }
  let text = readFileSync(join(EXAMPLES, name), 'utf8')
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`examples/${name} has no ${JSON.stringify(from)} to replace`)
    text = text.split(from).join(to)
  }
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
