/** AddTags, RemoveTags, DescribeTags, and the Tags of CreateLoadBalancer. */
import {list, type QueryInput, type QueryValue, record, strings, text} from '../query-form.js'
import type {LocalContext} from '../types.js'
import {members, type XmlObject} from '../xml.js'
import {ElbError, invalid, notFound} from './errors.js'
import {type ClassicLoadBalancerState, findClassicLoadBalancer} from './state.js'

const MAX_TAGS = 50

export function parseTags(value: QueryValue | undefined): {key: string; value: string}[] {
  const tags = list(value).map((raw) => ({key: text(record(raw).Key) ?? '', value: text(record(raw).Value) ?? ''}))
  const keys = tags.map((t) => t.key)
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index)
  if (duplicate !== undefined) throw new ElbError('DuplicateTagKeys', `Tag key was specified more than once: ${duplicate}`)
  return tags
}

export function setTags(lb: ClassicLoadBalancerState, tags: {key: string; value: string}[]): void {
  const next = lb.tags.map((t) => ({...t}))
  for (const tag of tags) {
    const existing = next.find((t) => t.key === tag.key)
    if (existing) existing.value = tag.value
    else next.push({...tag})
  }
  if (next.length > MAX_TAGS) throw new ElbError('TooManyTags', 'The quota for the number of tags that can be assigned to a load balancer has been reached')
  lb.tags = next
}

function named(input: QueryInput, context: LocalContext, max: number): ClassicLoadBalancerState[] {
  const names = strings(input.LoadBalancerNames)
  if (names.length === 0 || names.length > max) throw invalid(`LoadBalancerNames must name between 1 and ${max} load balancers`)
  return names.map((name) => {
    const lb = findClassicLoadBalancer(context.world, context.region, name)
    if (!lb) throw notFound(name)
    return lb
  })
}

export function addTags(input: QueryInput, context: LocalContext): XmlObject {
  const tags = parseTags(input.Tags)
  for (const lb of named(input, context, 1)) setTags(lb, tags)
  return {}
}

export function removeTags(input: QueryInput, context: LocalContext): XmlObject {
  const keys = list(input.Tags).map((raw) => text(record(raw).Key) ?? '')
  for (const lb of named(input, context, 1)) lb.tags = lb.tags.filter((t) => !keys.includes(t.key))
  return {}
}

export function describeTags(input: QueryInput, context: LocalContext): XmlObject {
  return {
    TagDescriptions: members(
      named(input, context, 20).map((lb) => ({LoadBalancerName: lb.name, Tags: members(lb.tags.map((t) => ({Key: t.key, Value: t.value})))})),
    ),
  }
}
