import {describe, expect, it} from 'vitest'

import {DefinitionError, HakoError} from '../../src/errors.js'
import {annotationOf, errorAnnotations, formatAnnotation, isGitHubActions, jsonnetError, locatePath} from '../../src/ui/annotations.js'

const SOURCE = `local base = import 'base.libsonnet';
{
  scheduler: {
    type: 'ecs',
    desired_count: 'two',
  },
  app: {
    image: 'busybox',
    'memory': 'lots',
    env+: { PORT: 3000 },
  },
}
`
const sources: Record<string, string> = {'/w/app.jsonnet': SOURCE}
const read = (file: string): string | undefined => sources[file]

describe('jsonnetError', () => {
  it('takes a static error location from its first line', () => {
    expect(jsonnetError('STATIC ERROR: /w/app.jsonnet:3:27-33: expected a comma before next field.')).toEqual({
      file: '/w/app.jsonnet',
      line: 3,
      col: 27,
      message: 'Jsonnet: expected a comma before next field.',
    })
  })

  it('takes a runtime error location from its first frame, also a multi-line range', () => {
    const text = 'RUNTIME ERROR: boom\n\t/w/lib.libsonnet:(4:3)-(6:4)\tobject <anonymous>\n\t/w/app.jsonnet:9:5-20\tthunk\n\tDuring manifestation'
    expect(jsonnetError(text)).toEqual({file: '/w/lib.libsonnet', line: 4, col: 3, message: 'Jsonnet: boom'})
  })

  it('is undefined for anything else', () => {
    expect(jsonnetError('/w/app.jsonnet: app.memory: Invalid type')).toBeUndefined()
  })
})

describe('locatePath', () => {
  it("finds each key after its parent's, quoted or not, with +: fields", () => {
    expect(locatePath(SOURCE, 'scheduler.desired_count')).toEqual({line: 5, col: 5})
    expect(locatePath(SOURCE, 'app.memory')).toEqual({line: 9, col: 5})
    expect(locatePath(SOURCE, 'app.env.PORT')).toEqual({line: 10, col: 13})
    expect(locatePath(SOURCE, 'app')).toEqual({line: 7, col: 3})
  })

  it('gives no location for a key it cannot find in order, nor for the root', () => {
    expect(locatePath(SOURCE, 'app.cpu')).toBeUndefined()
    // `type` is written, but not after `app`.
    expect(locatePath(SOURCE, 'app.type')).toBeUndefined()
    expect(locatePath(SOURCE, '(root)')).toBeUndefined()
  })
})

describe('annotationOf', () => {
  it('turns `file: path: message` into a located annotation, message without the file', () => {
    expect(annotationOf('error', '/w/app.jsonnet: app.memory: Invalid type: Expected number but received "lots"', read)).toEqual({
      kind: 'error',
      file: '/w/app.jsonnet',
      line: 9,
      col: 5,
      message: 'app.memory: Invalid type: Expected number but received "lots"',
    })
  })

  it('keeps the file when the path cannot be found or the file read, and reads through an [app] tag', () => {
    expect(annotationOf('warning', '[other] /w/other.jsonnet: app.memroy: unknown key', read)).toEqual({
      kind: 'warning',
      file: '/w/other.jsonnet',
      message: 'app.memroy: unknown key',
    })
    expect(annotationOf('error', '/w/app.yml: cannot read: ENOENT', read)).toEqual({kind: 'error', file: '/w/app.yml', message: 'cannot read: ENOENT'})
  })

  it('is undefined for a line that names no definition', () => {
    expect(annotationOf('warning', 'Stopping arn:aws:ecs:task/1', read)).toBeUndefined()
  })
})

describe('errorAnnotations', () => {
  it("annotates a definition's warnings as warnings and its errors as errors", () => {
    const problems = [
      '/w/app.jsonnet: scheduler.desired_count: Invalid type',
      '/w/app.jsonnet: app.memory: Invalid type',
      '/w/app.jsonnet: app.memroy: unknown key',
    ]
    const error = new DefinitionError(problems, {warnings: [problems[2] as string]})
    expect(errorAnnotations(error, read).map((a) => [a.kind, a.line])).toEqual([
      ['error', 5],
      ['error', 9],
      ['warning', undefined],
    ])
  })

  it('gives any other error one annotation with its message', () => {
    expect(errorAnnotations(new HakoError('DescribeServices hello failed'), read)).toEqual([{kind: 'error', message: 'DescribeServices hello failed'}])
  })
})

describe('formatAnnotation', () => {
  it('writes the workflow command with the path relative to the workspace', () => {
    expect(formatAnnotation({kind: 'error', file: '/w/app.jsonnet', line: 9, col: 5, message: 'app.memory: bad'}, '/w')).toBe(
      '::error file=app.jsonnet,line=9,col=5::app.memory: bad',
    )
    expect(formatAnnotation({kind: 'warning', file: '/elsewhere/a.jsonnet', message: 'm'}, '/w')).toBe('::warning file=/elsewhere/a.jsonnet::m')
    expect(formatAnnotation({kind: 'error', message: 'no file'}, '/w')).toBe('::error::no file')
  })

  it('escapes what the runner would read as its own syntax', () => {
    expect(formatAnnotation({kind: 'error', file: '/w/a,b:c.jsonnet', message: '100% bad\nsecond line'}, '/w')).toBe(
      '::error file=a%2Cb%3Ac.jsonnet::100%25 bad%0Asecond line',
    )
  })
})

describe('isGitHubActions', () => {
  it('is GITHUB_ACTIONS=true only', () => {
    expect(isGitHubActions({GITHUB_ACTIONS: 'true'})).toBe(true)
    expect(isGitHubActions({GITHUB_ACTIONS: 'false'})).toBe(false)
    expect(isGitHubActions({CI: 'true'})).toBe(false)
  })
})
