import {describe, expect, it} from 'vitest'

import {guardInvalid, InvalidRead, invalidPlaces, unlessInvalid} from '../../src/definition/guard.js'

describe('guardInvalid', () => {
  const value = {a: {b: 1, c: [10, 'x', 30]}, d: 'ok'}

  it('throws InvalidRead on an invalid place and reads everything else as it is', () => {
    const guarded = guardInvalid(value, [['a', 'c', 1]])
    expect(guarded.d).toBe('ok')
    expect(guarded.a.b).toBe(1)
    expect(guarded.a.c[0]).toBe(10)
    expect(() => guarded.a.c[1]).toThrow(InvalidRead)
    expect(() => guarded.a.c.map((n) => n)).toThrow(InvalidRead)
    expect(Object.keys(guarded.a.c)).toEqual(['0', '1', '2'])
  })

  it('guards Object.entries and spreads, which read every value', () => {
    const guarded = guardInvalid(value, [['a', 'b']])
    expect(() => Object.entries(guarded.a)).toThrow(InvalidRead)
    expect(() => ({...guarded.a})).toThrow(InvalidRead)
    expect('b' in guarded.a).toBe(true)
  })

  it('hands out objects off the invalid paths unwrapped', () => {
    const guarded = guardInvalid(value, [['d']])
    expect(guarded.a).toBe(value.a)
  })

  it('unlessInvalid turns an invalid read into no problems, and rethrows anything else', () => {
    const guarded = guardInvalid(value, [['d']])
    expect(unlessInvalid(() => [guarded.d])).toEqual([])
    expect(unlessInvalid(() => [guarded.a.b])).toEqual([1])
    expect(() =>
      unlessInvalid(() => {
        throw new TypeError('bug')
      }),
    ).toThrow(TypeError)
  })
})

describe('invalidPlaces', () => {
  it('skips unknown keys and widens a failed variant to its object', () => {
    const places = invalidPlaces([
      {type: 'strict_object', expected: 'never', path: [{key: 'app'}, {key: 'memroy'}]},
      {type: 'number', expected: 'number', path: [{key: 'app'}, {key: 'memory'}]},
      {type: 'variant', expected: '"ecs"', path: [{key: 'scheduler'}, {key: 'type'}]},
    ])
    expect(places).toEqual([['app', 'memory'], ['scheduler']])
  })
})
