/**
 * The awsQuery request side: a form body like `Listeners.member.1.Port=80` becomes nested
 * objects and arrays (`{Listeners: [{Port: '80'}]}`); every leaf stays a string. Also the
 * small readers and the Marker/PageSize pagination every Describe* shares.
 */
/** An awsQuery error: its code (`ValidationError`, `LoadBalancerNotFound`, ...) and AWS's message. */
export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

export type QueryValue = string | QueryValue[] | {[key: string]: QueryValue}
export type QueryInput = Record<string, QueryValue>

interface Node {
  [key: string]: Node | string
}

function toValue(node: Node | string): QueryValue {
  if (typeof node === 'string') return node
  const keys = Object.keys(node)
  if (keys.length === 1 && keys[0] === 'member') {
    const members = node.member as Node | string
    if (typeof members === 'string') return []
    return Object.keys(members)
      .sort((a, b) => Number(a) - Number(b))
      .map((index) => toValue(members[index] as Node | string))
  }
  return Object.fromEntries(keys.map((key) => [key, toValue(node[key] as Node | string)]))
}

export function parseQueryForm(body: Buffer | string): QueryInput {
  const params = new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))
  const root: Node = {}
  for (const [key, value] of params) {
    const path = key.split('.')
    let node = root
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        if (typeof node[segment] !== 'object') node[segment] = value
        return
      }
      let child = node[segment]
      if (typeof child !== 'object') {
        child = {}
        node[segment] = child
      }
      node = child
    })
  }
  return toValue(root) as QueryInput
}

export function text(value: QueryValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function list(value: QueryValue | undefined): QueryValue[] {
  return Array.isArray(value) ? value : []
}

export function record(value: QueryValue | undefined): Record<string, QueryValue> {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {}
}

export function strings(value: QueryValue | undefined): string[] {
  return list(value).filter((v): v is string => typeof v === 'string')
}

export function integer(value: QueryValue | undefined, name: string): number | undefined {
  const raw = text(value)
  if (raw === undefined) return undefined
  const parsed = Number(raw)
  if (!Number.isInteger(parsed)) throw new QueryError('ValidationError', `Value '${raw}' at '${name}' failed to satisfy constraint: Member must be an integer`)
  return parsed
}

export function bool(value: QueryValue | undefined): boolean | undefined {
  const raw = text(value)
  return raw === undefined ? undefined : raw === 'true'
}

export function required(input: QueryInput, name: string): string {
  const value = text(input[name])
  if (value === undefined || value === '')
    throw new QueryError(
      'ValidationError',
      `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    )
  return value
}

/** Marker/PageSize pagination (PageSize 1–400). The marker is an opaque offset. */
export function paginate<T>(items: T[], input: QueryInput): {page: T[]; nextMarker?: string} {
  const size = integer(input.PageSize, 'pageSize') ?? 400
  if (size < 1 || size > 400)
    throw new QueryError(
      'ValidationError',
      `1 validation error detected: Value '${size}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`,
    )
  const marker = text(input.Marker)
  const offset = marker === undefined ? 0 : Number(Buffer.from(marker, 'base64').toString('utf8'))
  if (!Number.isInteger(offset) || offset < 0) throw new QueryError('ValidationError', `The marker '${marker}' is not valid`)
  const page = items.slice(offset, offset + size)
  return offset + size < items.length ? {page, nextMarker: Buffer.from(String(offset + size)).toString('base64')} : {page}
}
