/**
 * Ids unique within one simulated world. This module imports nothing, so every service slice
 * can use it without pulling the world (and through it every other slice) into its imports.
 */

/** What an id needs from the world: its shared counter. */
export interface IdSource {
  sequence: number
}

/** A new id, unique in this world: `length` lowercase hex digits derived from the sequence. */
export function nextId(world: IdSource, length = 32): string {
  world.sequence += 1
  const seed = world.sequence.toString(16).padStart(8, '0')
  let out = ''
  let h = 0x811c9dc5 ^ world.sequence
  while (out.length < length - seed.length) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
    out += h.toString(16).padStart(8, '0')
  }
  return (out.slice(0, length - seed.length) + seed).slice(0, length)
}

/** A UUID-shaped id (service event ids, attachment ids, group ARNs). */
export function uuid(world: IdSource): string {
  const hex = nextId(world)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
