/**
 * A request's view of Cloud Map: one region of one account at one instant, with offset paging.
 */
import type {LocalContext} from '../types.js'
import type {World} from '../world.js'
import {invalidInput} from './errors.js'
import type {ServiceDiscoveryState} from './state.js'

export interface CloudMapScope {
  world: World
  state: ServiceDiscoveryState
  region: string
  accountId: string
  now: number
}

export function scopeOf(context: LocalContext): CloudMapScope {
  return {world: context.world, state: context.world.servicediscovery, region: context.region, accountId: context.accountId, now: context.now()}
}

export function cloudMapArn(scope: CloudMapScope, resource: string): string {
  return `arn:aws:servicediscovery:${scope.region}:${scope.accountId}:${resource}`
}

/** Pages as Cloud Map does: MaxResults (1–100, default 100) and an opaque NextToken. */
export function paginate<T>(items: T[], input: {NextToken?: string; MaxResults?: number}): {page: T[]; NextToken?: string} {
  const max = input.MaxResults ?? 100
  if (!Number.isInteger(max) || max < 1 || max > 100) throw invalidInput('MaxResults must be between 1 and 100.')
  let start = 0
  if (input.NextToken !== undefined) {
    start = Number(
      Buffer.from(input.NextToken, 'base64')
        .toString('utf8')
        .replace(/^offset:/, ''),
    )
    if (!Number.isInteger(start) || start < 0) throw invalidInput('Invalid NextToken.')
  }
  const page = items.slice(start, start + max)
  const end = start + page.length
  return end < items.length ? {page, NextToken: Buffer.from(`offset:${end}`).toString('base64')} : {page}
}

/** Filters as `{Name, Values, Condition}`; only EQ (the default) is simulated. */
export function filterValue(filters: {Name?: string; Values?: string[]; Condition?: string}[] | undefined, name: string): string[] | undefined {
  const filter = filters?.find((f) => f.Name === name)
  if (!filter) return undefined
  if (filter.Condition !== undefined && filter.Condition !== 'EQ') {
    throw invalidInput(`hako local AWS simulates only the EQ condition for filter ${name}`)
  }
  if (!filter.Values?.length) throw invalidInput(`Filter ${name} needs at least one value.`)
  return filter.Values
}
