import {describe, expect, it} from 'vitest'

import {splitOneshotArgv} from '../../src/app/oneshot-argv.js'
import {protectOneshotCommand, versionRequested} from '../../src/commands/main.js'

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

describe('protectOneshotCommand', () => {
  it("puts `--` before oneshot's FILE, so a --help of the command is not oclif's", () => {
    expect(protectOneshotCommand(['oneshot', '-c', 'redis', 'app.jsonnet', 'grep', '--help'])).toEqual([
      'oneshot',
      '--container=redis',
      '--',
      'app.jsonnet',
      'grep',
      '--help',
    ])
  })

  it('leaves a help flag before FILE, other commands, and a oneshot without a command alone', () => {
    expect(protectOneshotCommand(['oneshot', '--help'])).toEqual(['oneshot', '--help'])
    expect(protectOneshotCommand(['oneshot', 'app.jsonnet'])).toEqual(['oneshot', 'app.jsonnet'])
    expect(protectOneshotCommand(['deploy', 'app.jsonnet', '--help'])).toEqual(['deploy', 'app.jsonnet', '--help'])
    // Not one of oneshot's flags: left as given, for oclif to answer (with help).
    expect(protectOneshotCommand(['oneshot', '-h', 'app.jsonnet', 'ls'])).toEqual(['oneshot', '-h', 'app.jsonnet', 'ls'])
  })

  it('hands oneshot the same FILE and command as before', () => {
    for (const argv of [
      ['-t', 'v1', 'app.jsonnet', 'ls', '-l'],
      ['app.jsonnet', '--', 'ls', '-l'],
      ['app.jsonnet', '--', '--', 'x'],
      ['--', '-odd.jsonnet', 'echo'],
    ]) {
      const protectedArgv = protectOneshotCommand(['oneshot', ...argv]).slice(1)
      expect(splitOneshotArgv(protectedArgv), argv.join(' ')).toEqual(splitOneshotArgv(argv))
    }
  })
})
