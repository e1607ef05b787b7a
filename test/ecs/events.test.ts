import {describe, expect, it} from 'vitest'
import {EventTracker, formatEvent, isRollbackEvent, startedTaskIds} from '../../src/ecs/events.js'

function ev(id: string, second: number, message = `event ${id}`) {
  return {id, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)), message}
}

describe('EventTracker', () => {
  it('returns only events newer than sinceEventId, oldest first, each once', () => {
    const tracker = new EventTracker('b')
    expect(tracker.fresh([ev('d', 4), ev('c', 3), ev('b', 2), ev('a', 1)]).map((e) => e.id)).toEqual(['c', 'd'])
    expect(tracker.fresh([ev('e', 5), ev('d', 4), ev('c', 3)]).map((e) => e.id)).toEqual(['e'])
  })

  it('de-duplicates by id even when timestamps tie', () => {
    const tracker = new EventTracker()
    expect(tracker.fresh([ev('y', 1), ev('x', 1)]).map((e) => e.id)).toEqual(['x', 'y'])
    expect(tracker.fresh([ev('z', 1), ev('y', 1), ev('x', 1)]).map((e) => e.id)).toEqual(['z'])
  })

  it('prints everything when sinceEventId scrolled out of the 100 events', () => {
    const tracker = new EventTracker('gone')
    expect(tracker.fresh([ev('b', 2), ev('a', 1)]).map((e) => e.id)).toEqual(['a', 'b'])
  })
})

describe('event text', () => {
  it('formats <ISO time>: <message>', () => {
    expect(formatEvent(ev('a', 7, 'hello'))).toBe('2026-01-01T00:00:07.000Z: hello')
  })

  it('extracts every started task id', () => {
    expect(startedTaskIds('(service hello) has started 2 tasks: (task 0a1b) (task 2c3d).')).toEqual(['0a1b', '2c3d'])
    expect(startedTaskIds('(service hello) has stopped 1 running tasks: (task 0a1b).')).toEqual([])
  })

  it('recognises the circuit-breaker rollback event', () => {
    expect(isRollbackEvent('(service hello) (deployment ecs-svc/2) deployment failed: tasks failed to start. rolling back to deployment ecs-svc/1.')).toBe(true)
    expect(isRollbackEvent('(service hello) has reached a steady state.')).toBe(false)
  })
})
