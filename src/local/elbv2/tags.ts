/**
 * AddTags, RemoveTags, DescribeTags, and the Tags parameter of the Create* operations.
 */
import {members, type XmlObject} from '../xml.js'
import type {LocalContext} from '../types.js'
import {Elbv2Error} from './errors.js'
import {findListener, findLoadBalancer, findRule, findTargetGroupOrThrow} from './lookup.js'
import {list, type QueryInput, type QueryValue, record, strings, text} from '../query-form.js'

const MAX_TAGS = 50

/** Throws the not-found error that matches the kind of resource the ARN names. */
function mustExist(context: LocalContext, arn: string): void {
  if (arn.includes(':loadbalancer/')) findLoadBalancer(context, arn)
  else if (arn.includes(':targetgroup/')) findTargetGroupOrThrow(context, arn)
  else if (arn.includes(':listener/')) findListener(context, arn)
  else if (arn.includes(':listener-rule/')) findRule(context, arn)
  else throw new Elbv2Error('ValidationError', `'${arn}' is not a valid Elastic Load Balancing resource ARN`)
}

export function parseTags(value: QueryValue | undefined): {key: string; value: string}[] {
  const tags = list(value).map((raw) => ({key: text(record(raw).Key) ?? '', value: text(record(raw).Value) ?? ''}))
  const keys = tags.map((t) => t.key)
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index)
  if (duplicate !== undefined) throw new Elbv2Error('DuplicateTagKeys', `Tag key '${duplicate}' is duplicated`)
  return tags
}

export function setTags(context: LocalContext, arn: string, tags: {key: string; value: string}[]): void {
  const current = context.world.elbv2.tags[arn] ?? []
  for (const tag of tags) {
    const existing = current.find((t) => t.key === tag.key)
    if (existing) existing.value = tag.value
    else current.push({...tag})
  }
  if (current.length > MAX_TAGS)
    throw new Elbv2Error('TooManyTags', `The quota for the number of tags that can be assigned to a load balancer has been reached`)
  context.world.elbv2.tags[arn] = current
}

export function addTags(input: QueryInput, context: LocalContext): XmlObject {
  const arns = strings(input.ResourceArns)
  const tags = parseTags(input.Tags)
  arns.forEach((arn) => mustExist(context, arn))
  for (const arn of arns) setTags(context, arn, tags)
  return {}
}

export function removeTags(input: QueryInput, context: LocalContext): XmlObject {
  const arns = strings(input.ResourceArns)
  const keys = strings(input.TagKeys)
  arns.forEach((arn) => mustExist(context, arn))
  for (const arn of arns) context.world.elbv2.tags[arn] = (context.world.elbv2.tags[arn] ?? []).filter((t) => !keys.includes(t.key))
  return {}
}

export function describeTags(input: QueryInput, context: LocalContext): XmlObject {
  const arns = strings(input.ResourceArns)
  if (arns.length > 20)
    throw new Elbv2Error(
      'ValidationError',
      `1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20`,
    )
  arns.forEach((arn) => mustExist(context, arn))
  return {
    TagDescriptions: members(
      arns.map((arn) => ({ResourceArn: arn, Tags: members((context.world.elbv2.tags[arn] ?? []).map((t) => ({Key: t.key, Value: t.value})))})),
    ),
  }
}
