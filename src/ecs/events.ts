/**
 * Service events: ECS returns at most the 100 newest, newest first, and timestamps can tie, so
 * events are de-duplicated by id and printed oldest first.
 */
import type {ServiceEvent} from '@aws-sdk/client-ecs'

export class EventTracker {
  private readonly seen = new Set<string>()
  private primed = false

  /** `sinceEventId`: the newest event before our write; it and everything older is not new. */
  constructor(private readonly sinceEventId?: string) {}

  /** Events of this snapshot not returned before, oldest first. */
  fresh(events: ServiceEvent[] | undefined): ServiceEvent[] {
    const list = events ?? []
    let candidates = list
    if (!this.primed) {
      this.primed = true
      if (this.sinceEventId !== undefined) {
        const index = list.findIndex((e) => e.id === this.sinceEventId)
        if (index >= 0) candidates = list.slice(0, index)
        for (const e of list.slice(index >= 0 ? index : list.length)) if (e.id) this.seen.add(e.id)
      }
    }
    const out: ServiceEvent[] = []
    for (const event of candidates) {
      if (!event.id || this.seen.has(event.id)) continue
      this.seen.add(event.id)
      out.push(event)
    }
    return out.reverse()
  }
}

/** `<created_at ISO>: <message>`, the line hako prints per event. */
export function formatEvent(event: ServiceEvent): string {
  const at = event.createdAt instanceof Date ? event.createdAt.toISOString() : String(event.createdAt ?? '')
  return `${at}: ${event.message ?? ''}`
}

/**
 * Task ids from "(service x) has started 2 tasks: (task a1) (task b2)." ECS's wording is English
 * text, not an API; rolloutState and failedTasks are the primary signals, this is a fallback.
 */
export function startedTaskIds(message: string | undefined): string[] {
  if (!message || !/ has started \d+ tasks?:/.test(message)) return []
  return [...message.matchAll(/\(task ([0-9a-f]+)\)/g)].map((m) => m[1]!)
}

/** Task ids from "(service x) has stopped 2 running tasks: (task a1) (task b2)." (a fallback, as above). */
export function stoppedTaskIds(message: string | undefined): string[] {
  if (!message || !/ has stopped \d+ running tasks?:/.test(message)) return []
  return [...message.matchAll(/\(task ([0-9a-f]+)\)/g)].map((m) => m[1]!)
}

/** Does the event say the circuit breaker is rolling the deployment back? */
export function isRollbackEvent(message: string | undefined): boolean {
  return /rolling back to deployment|circuit breaker.*roll(ed|ing)? ?back/i.test(message ?? '')
}
