import {describe, expect, it} from 'vitest'
import {canonicalTaskDefinition} from '../../src/ecs/canonical.js'
import {renderDiff, treeText} from '../../src/ui/diff.js'

describe('renderDiff', () => {
  it('is empty when the trees are equal', () => {
    expect(renderDiff('a', 'b', {x: 1, y: [1, 2]}, {x: 1, y: [1, 2]})).toBe('')
  })

  it('shows exactly the changed line with ---/+++ headers', () => {
    const old = canonicalTaskDefinition({family: 'hello', containerDefinitions: [{name: 'app', image: 'busybox:1.35'}]})
    const next = canonicalTaskDefinition({family: 'hello', containerDefinitions: [{name: 'app', image: 'busybox:1.36'}]})
    const text = renderDiff('hello:7', 'hello.jsonnet', old, next)
    const lines = text.split('\n')
    expect(lines[0]).toBe('--- hello:7')
    expect(lines[1]).toBe('+++ hello.jsonnet')
    expect(lines.filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual(['-      "image": "busybox:1.35",'])
    expect(lines.filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toEqual(['+      "image": "busybox:1.36",'])
  })

  it('diffs against nothing when the resource does not exist yet', () => {
    const text = renderDiff('(none)', 'hello.jsonnet', undefined, {family: 'hello'})
    expect(text).toContain('@@ -0,0 +1,3 @@')
    expect(text).toContain('+  "family": "hello"')
  })

  it('renders trees as two-space JSON with a final newline', () => {
    expect(treeText({a: [1]})).toBe('{\n  "a": [\n    1\n  ]\n}\n')
    expect(treeText(undefined)).toBe('')
  })
})
