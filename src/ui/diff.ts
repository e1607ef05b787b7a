/**
 * Unified diffs of canonical trees (src/ecs/canonical.ts). The text is rendered from the very
 * trees that decide "changed?", so an empty diff and "unchanged" always coincide.
 */
import {createTwoFilesPatch} from 'diff'
import {isDeepStrictEqual} from 'node:util'

/** The JSON text a tree is diffed as; `undefined` (nothing there yet) is the empty text. */
export function treeText(tree: unknown): string {
  return tree === undefined ? '' : JSON.stringify(tree, null, 2) + '\n'
}

/**
 * `--- oldLabel` / `+++ newLabel` unified diff of two trees, or '' when they are equal. Pass
 * `undefined` as the old tree when the resource does not exist yet.
 */
export function renderDiff(oldLabel: string, newLabel: string, oldTree: unknown, newTree: unknown): string {
  if (isDeepStrictEqual(oldTree, newTree)) return ''
  const patch = createTwoFilesPatch(oldLabel, newLabel, treeText(oldTree), treeText(newTree), undefined, undefined, {context: 3})
  // jsdiff starts with an "Index:"-less "===" header line; keep only the ---/+++ and hunks.
  return patch.replace(/^=+\n/, '')
}

/** Unified diff of two texts (a configuration file), or '' when they are equal; `undefined` = absent. */
export function renderTextDiff(oldLabel: string, newLabel: string, oldText: string | undefined, newText: string): string {
  if (oldText === newText) return ''
  const patch = createTwoFilesPatch(oldLabel, newLabel, oldText ?? '', newText, undefined, undefined, {context: 3})
  return patch.replace(/^=+\n/, '')
}
