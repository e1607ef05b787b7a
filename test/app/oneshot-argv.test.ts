import {describe, expect, it} from 'vitest'

import {ONESHOT_FLAGS, type OneshotArgv, splitOneshotArgv} from '../../src/app/oneshot-argv.js'
import {HakoError} from '../../src/errors.js'
import Oneshot from '../../src/commands/oneshot.js'

const w = (line: string): string[] => line.split(' ')

describe('splitOneshotArgv', () => {
  const cases: Array<[string, string[], OneshotArgv]> = [
    ['a command with options of its own', w('app.jsonnet ls -l'), {flags: [], file: 'app.jsonnet', command: w('ls -l')}],
    [
      'the issue: a tag between FILE and the command',
      w('app.jsonnet -t v2 rake db:migrate'),
      {flags: ['--tag=v2'], file: 'app.jsonnet', command: w('rake db:migrate')},
    ],
    ['--local after FILE', w('app.jsonnet --local echo hi'), {flags: ['--local'], file: 'app.jsonnet', command: w('echo hi')}],
    ['sh -c keeps its -c', ['app.jsonnet', 'sh', '-c', 'exit 3'], {flags: [], file: 'app.jsonnet', command: ['sh', '-c', 'exit 3']}],
    ['our flags after the command start are the command’s', w('app.jsonnet rake -t x -n'), {flags: [], file: 'app.jsonnet', command: w('rake -t x -n')}],
    [
      'flags on both sides of FILE, in order',
      w('-n -c redis app.jsonnet -e A=1 --no-wait -v echo hi'),
      {flags: ['--dry-run', '--container=redis', '--env=A=1', '--no-wait', '--verbose'], file: 'app.jsonnet', command: w('echo hi')},
    ],
    [
      'every value flag, spelled long, long with =, short and short attached',
      w(
        '--tag v1 --container=redis -c fluentd -eFOO=1 --app-cpu 128 --app-memory=256 --app-memory-reservation 64 --timeout 60 --ext-str env=prod --jpath lib app.jsonnet true',
      ),
      {
        flags: [
          '--tag=v1',
          '--container=redis',
          '--container=fluentd',
          '--env=FOO=1',
          '--app-cpu=128',
          '--app-memory=256',
          '--app-memory-reservation=64',
          '--timeout=60',
          '--ext-str=env=prod',
          '--jpath=lib',
        ],
        file: 'app.jsonnet',
        command: ['true'],
      },
    ],
    [
      'grouped short booleans, and a value flag ending the group',
      w('-nv app.jsonnet -vtv2 x'),
      {flags: ['--dry-run', '--verbose', '--verbose', '--tag=v2'], file: 'app.jsonnet', command: ['x']},
    ],
    ['--logs and --no-logs', w('--no-logs app.jsonnet --logs x'), {flags: ['--no-logs', '--logs'], file: 'app.jsonnet', command: ['x']}],
    [
      'a value that looks like a flag or a file is the value',
      w('-e --weird -c other.jsonnet app.jsonnet x'),
      {flags: ['--env=--weird', '--container=other.jsonnet'], file: 'app.jsonnet', command: ['x']},
    ],
    ['-- after FILE starts the command', w('app.jsonnet -- -x --tag'), {flags: [], file: 'app.jsonnet', command: w('-x --tag')}],
    ['-- after flags after FILE', w('app.jsonnet -t v2 -- ls -l'), {flags: ['--tag=v2'], file: 'app.jsonnet', command: w('ls -l')}],
    ['only the first -- separates', w('app.jsonnet -- -- x'), {flags: [], file: 'app.jsonnet', command: w('-- x')}],
    ['a -- inside the command is the command’s', w('app.jsonnet sh -- x'), {flags: [], file: 'app.jsonnet', command: w('sh -- x')}],
    ['-- before FILE: the next word is FILE even with a dash', w('-n -- -odd.jsonnet ls'), {flags: ['--dry-run'], file: '-odd.jsonnet', command: ['ls']}],
    ['-- before FILE and after it', w('-- app.jsonnet -- ls'), {flags: [], file: 'app.jsonnet', command: ['ls']}],
    ['a lone - is a word', w('- ls'), {flags: [], file: '-', command: ['ls']}],
    ['only flags', w('-n -c x'), {flags: ['--dry-run', '--container=x'], command: []}],
    ['nothing', [], {flags: [], command: []}],
    ['a lone --', ['--'], {flags: [], command: []}],
    ['FILE alone', ['app.jsonnet'], {flags: [], file: 'app.jsonnet', command: []}],
    ['FILE and --', w('app.jsonnet --'), {flags: [], file: 'app.jsonnet', command: []}],
    ['FILE and flags only', w('app.jsonnet -t v2'), {flags: ['--tag=v2'], file: 'app.jsonnet', command: []}],
  ]

  it.each(cases)('%s', (_name, argv, expected) => {
    expect(splitOneshotArgv(argv)).toEqual(expected)
  })

  const errors: Array<[string, string[], RegExp, RegExp]> = [
    [
      'an unknown flag after FILE suggests --',
      w('app.jsonnet -l ls'),
      /^oneshot: -l after app\.jsonnet is not a hako oneshot flag$/,
      /hako oneshot app\.jsonnet -- -l ls/,
    ],
    ['an unknown long flag after FILE', w('app.jsonnet --trace rake'), /--trace after app\.jsonnet/, /-- --trace rake/],
    ['a group with an unknown letter', w('app.jsonnet -nx ls'), /-nx after app\.jsonnet/, /--/],
    ['a boolean given a value', w('app.jsonnet --dry-run=yes ls'), /--dry-run=yes after app\.jsonnet/, /--/],
    ['an unknown flag before FILE', w('--bogus app.jsonnet ls'), /^oneshot: unknown flag --bogus$/, /--help/],
    ['a value flag without its value', w('app.jsonnet -t'), /^oneshot: -t needs a value$/, /VALUE/],
    ['a long value flag without its value', ['--tag'], /^oneshot: --tag needs a value$/, /VALUE/],
  ]

  it.each(errors)('usage error (exit 2): %s', (_name, argv, message, hint) => {
    let caught: unknown
    try {
      splitOneshotArgv(argv)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(HakoError)
    const error = caught as HakoError
    expect(error.message).toMatch(message)
    expect(error.hint).toMatch(hint)
    expect(error.code).toBe('usage')
    expect(error.exitCode).toBe(2)
  })

  it('knows exactly the flags the oneshot command declares (its own and the shared ones)', () => {
    const declared = {...Oneshot.baseFlags, ...Oneshot.flags} as Record<string, {char?: string; type: string; allowNo?: boolean}>
    const fromCommand = Object.entries(declared)
      .map(([name, flag]) => ({name, char: flag.char, value: flag.type === 'option', allowNo: flag.allowNo === true}))
      .sort((a, b) => a.name.localeCompare(b.name))
    const ours = ONESHOT_FLAGS.map((s) => ({name: s.name, char: s.char, value: s.value, allowNo: s.allowNo === true})).sort((a, b) =>
      a.name.localeCompare(b.name),
    )
    expect(ours).toEqual(fromCommand)
  })
})
