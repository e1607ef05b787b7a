import {describe, expect, it} from 'vitest'

import {splitOneshotArgv} from '../../src/app/oneshot-argv.js'

describe('splitOneshotArgv', () => {
  it('gives every word after FILE to the command, dashes included', () => {
    expect(splitOneshotArgv(['app.jsonnet', 'ls', '-l'])).toEqual({flags: [], file: 'app.jsonnet', command: ['ls', '-l']})
    expect(splitOneshotArgv(['app.jsonnet', 'rake', '--trace', '-n', 'db:migrate'])).toEqual({
      flags: [],
      file: 'app.jsonnet',
      command: ['rake', '--trace', '-n', 'db:migrate'],
    })
  })

  it('keeps boolean flags before FILE as flags', () => {
    expect(splitOneshotArgv(['-n', '--no-wait', '-v', 'app.jsonnet', 'echo', 'hi'])).toEqual({
      flags: ['-n', '--no-wait', '-v'],
      file: 'app.jsonnet',
      command: ['echo', 'hi'],
    })
  })

  it('lets value flags consume their value, so the value is never taken for FILE', () => {
    const out = splitOneshotArgv([
      '-c', 'redis',
      '--container', 'fluentd',
      '-e', 'AWESOME=1',
      '--env', 'X=y z',
      '-t', 'v1',
      '--tag', 'v2',
      '--app-cpu', '128',
      '--app-memory', '256',
      '--app-memory-reservation', '64',
      '--timeout', '60',
      '--ext-str', 'env=prod',
      '--jpath', 'lib',
      'app.jsonnet',
      'rails', 'runner', 'x',
    ])
    expect(out.file).toBe('app.jsonnet')
    expect(out.command).toEqual(['rails', 'runner', 'x'])
    expect(out.flags).toEqual([
      '-c', 'redis', '--container', 'fluentd', '-e', 'AWESOME=1', '--env', 'X=y z', '-t', 'v1', '--tag', 'v2',
      '--app-cpu', '128', '--app-memory', '256', '--app-memory-reservation', '64', '--timeout', '60',
      '--ext-str', 'env=prod', '--jpath', 'lib',
    ])
  })

  it('does not consume the next word for flags written with their value attached', () => {
    expect(splitOneshotArgv(['--container=redis', '-eFOO=1', '--tag=v1', 'app.jsonnet', 'true'])).toEqual({
      flags: ['--container=redis', '-eFOO=1', '--tag=v1'],
      file: 'app.jsonnet',
      command: ['true'],
    })
  })

  it('takes a value that looks like a flag or like a file as the value', () => {
    expect(splitOneshotArgv(['-e', '--weird', 'app.jsonnet', 'x'])).toEqual({flags: ['-e', '--weird'], file: 'app.jsonnet', command: ['x']})
    expect(splitOneshotArgv(['-c', 'other.jsonnet', 'app.jsonnet', 'x']).file).toBe('app.jsonnet')
  })

  it('drops one `--` between FILE and the command', () => {
    expect(splitOneshotArgv(['app.jsonnet', '--', 'ls', '-l'])).toEqual({flags: [], file: 'app.jsonnet', command: ['ls', '-l']})
    expect(splitOneshotArgv(['app.jsonnet', '--', '--', 'x'])).toEqual({flags: [], file: 'app.jsonnet', command: ['--', 'x']})
    expect(splitOneshotArgv(['app.jsonnet', 'sh', '--', 'x'])).toEqual({flags: [], file: 'app.jsonnet', command: ['sh', '--', 'x']})
  })

  it('reads the word after a leading `--` as FILE even when it starts with a dash', () => {
    expect(splitOneshotArgv(['-n', '--', '-odd.jsonnet', 'ls'])).toEqual({flags: ['-n'], file: '-odd.jsonnet', command: ['ls']})
    expect(splitOneshotArgv(['--', 'app.jsonnet', '--', 'ls'])).toEqual({flags: [], file: 'app.jsonnet', command: ['ls']})
  })

  it('treats a lone `-` as a positional', () => {
    expect(splitOneshotArgv(['-', 'ls'])).toEqual({flags: [], file: '-', command: ['ls']})
  })

  it('reports no FILE and no command when only flags are given', () => {
    expect(splitOneshotArgv(['-n', '-c', 'x'])).toEqual({flags: ['-n', '-c', 'x'], command: []})
    expect(splitOneshotArgv([])).toEqual({flags: [], command: []})
    expect(splitOneshotArgv(['--'])).toEqual({flags: [], command: []})
  })

  it('keeps a value flag at the very end as a flag without value, for oclif to report', () => {
    expect(splitOneshotArgv(['--tag'])).toEqual({flags: ['--tag'], command: []})
  })

  it('gives an empty command when nothing follows FILE', () => {
    expect(splitOneshotArgv(['app.jsonnet'])).toEqual({flags: [], file: 'app.jsonnet', command: []})
    expect(splitOneshotArgv(['app.jsonnet', '--'])).toEqual({flags: [], file: 'app.jsonnet', command: []})
  })

  it('leaves unknown flags before FILE to oclif without consuming a value', () => {
    expect(splitOneshotArgv(['--bogus', 'app.jsonnet', 'ls'])).toEqual({flags: ['--bogus'], file: 'app.jsonnet', command: ['ls']})
  })
})
