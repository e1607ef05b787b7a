import {describe, expect, it} from 'vitest'

import {versionRequested} from '../../src/commands/main.js'

describe('versionRequested', () => {
  it('is --version right after hako or after the command name', () => {
    expect(versionRequested(['--version'])).toBe(true)
    expect(versionRequested(['deploy', '--version'])).toBe(true)
    expect(versionRequested(['local', '--version'])).toBe(true)
  })

  it('is not a later --version, nor one after a flag', () => {
    expect(versionRequested(['oneshot', 'app.jsonnet', 'node', '--version'])).toBe(false)
    expect(versionRequested(['-v', '--version'])).toBe(false)
    expect(versionRequested([])).toBe(false)
    expect(versionRequested(['deploy', 'app.jsonnet'])).toBe(false)
  })
})
