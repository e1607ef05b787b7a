import {describe, expect, it} from 'vitest'

import {PrefixReporter} from '../../src/ui/prefix-reporter.js'
import {MemoryReporter} from '../../src/ui/reporter.js'

describe('PrefixReporter', () => {
  it('tags every level and every line of a multi-line message, but not the rest after a final newline', () => {
    const inner = new MemoryReporter()
    const r = new PrefixReporter(inner, '[web] ')
    r.debug('d')
    r.info('one\ntwo')
    r.warn('w')
    r.error('e\n')
    r.status('running 1/2')
    r.output('--- a\n+++ b\n')
    expect(inner.entries).toEqual([
      {level: 'debug', message: '[web] d'},
      {level: 'info', message: '[web] one\n[web] two'},
      {level: 'warn', message: '[web] w'},
      {level: 'error', message: '[web] e\n'},
      {level: 'status', message: '[web] running 1/2'},
      {level: 'output', message: '[web] --- a\n[web] +++ b\n'},
    ])
  })

  it('leaves stdout untagged when asked (JSON lines for machines)', () => {
    const inner = new MemoryReporter()
    new PrefixReporter(inner, '[web] ', {prefixOutput: false}).output('{"cluster":"many"}')
    expect(inner.stdout()).toBe('{"cluster":"many"}\n')
  })

  it('tags an empty message too', () => {
    const inner = new MemoryReporter()
    new PrefixReporter(inner, '[x] ').info('')
    expect(inner.messages()).toEqual(['[x] '])
  })
})
