import {describe, expect, it} from 'vitest'

import {plainShowDefinition} from '../../src/commands/fast-path.js'

describe('the plain show-definition command lines that skip oclif', () => {
  it('takes FILE, --expand, --ext-str and --jpath in their spellings', () => {
    expect(plainShowDefinition(['show-definition', 'app.jsonnet'], {})).toEqual({file: 'app.jsonnet', expand: false, extStr: {}, jpath: []})
    expect(
      plainShowDefinition(['show-definition', '--expand', '--ext-str', 'a=1', '--ext-str=b=2=3', '--jpath', 'lib', '--jpath=vendor', 'app.jsonnet'], {}),
    ).toEqual({
      file: 'app.jsonnet',
      expand: true,
      extStr: {a: '1', b: '2=3'},
      jpath: ['lib', 'vendor'],
    })
  })

  it('leaves everything else to oclif: help, -v, unknown flags, a pair without =, two files, no file, GitHub Actions', () => {
    for (const argv of [
      ['show-definition', '--help', 'app.jsonnet'],
      ['show-definition', '-v', 'app.jsonnet'],
      ['show-definition', '--bogus', 'app.jsonnet'],
      ['show-definition', '--ext-str', 'FOO', 'app.jsonnet'],
      ['show-definition', 'a.jsonnet', 'b.jsonnet'],
      ['show-definition'],
      ['deploy', 'app.jsonnet'],
    ]) {
      expect(plainShowDefinition(argv, {})).toBeUndefined()
    }
    expect(plainShowDefinition(['show-definition', 'app.jsonnet'], {GITHUB_ACTIONS: 'true'})).toBeUndefined()
  })
})
