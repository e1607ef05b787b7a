/** "Did you mean" for unknown keys: the closest known key by edit distance. */

export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** The closest candidate within a third of the key's length (at least 2 edits), if any. */
export function suggest(key: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(key.length / 3))
  let best: {name: string; distance: number} | undefined
  for (const name of candidates) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0.5 : editDistance(key, name)
    if (distance <= limit && (best === undefined || distance < best.distance)) best = {name, distance}
  }
  return best?.name
}
