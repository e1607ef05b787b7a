/**
 * SSM Parameter Store operations on the world. Names may be given as names, `name:version`, or
 * parameter ARNs of this region and account, as AWS accepts them.
 */
import {JsonServiceError} from '../json-error.js'
import type {LocalContext} from '../types.js'
import {parameterArn, parameters, type ParameterState, type ParameterType, type ParameterVersionState, putParameter} from './state.js'

export class SsmError extends JsonServiceError {}

type Input = Record<string, unknown>
type Output = Record<string, unknown>

const TYPES: ParameterType[] = ['String', 'StringList', 'SecureString']

const validation = (message: string): SsmError => new SsmError('ValidationException', message)

function requiredString(input: Input, key: string): string {
  const value = input[key]
  if (typeof value === 'string' && value !== '') return value
  throw validation(
    `1 validation error detected: Value null at '${key.charAt(0).toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`,
  )
}

/** The parameter and version a requested name points at; undefined when there is none. */
function lookup(context: LocalContext, requested: string): {parameter: ParameterState; version: ParameterVersionState} | undefined {
  const prefix = `arn:aws:ssm:${context.region}:${context.accountId}:parameter`
  let name = requested
  if (name.startsWith('arn:')) {
    if (!name.startsWith(`${prefix}/`)) return undefined
    const path = name.slice(prefix.length)
    // An ARN names `/a/b` as `parameter/a/b` and `db` as `parameter/db`: try both spellings.
    const byName = parameters(context.world, context.region)
    const bare = path.slice(1)
    name = byName[bare.split(':')[0] ?? ''] ? bare : path
  }
  const [base = '', selector, ...rest] = name.split(':')
  if (rest.length > 0) return undefined
  const parameter = parameters(context.world, context.region)[base]
  if (!parameter) return undefined
  if (selector === undefined) {
    const latest = parameter.versions.at(-1)
    return latest && {parameter, version: latest}
  }
  const version = /^\d+$/.test(selector) ? parameter.versions.find((v) => v.version === Number(selector)) : undefined
  return version && {parameter, version}
}

/** SecureString values are KMS ciphertext unless decryption is asked for; ours is a stand-in. */
function shownValue(version: ParameterVersionState, decrypt: boolean): string {
  if (version.type !== 'SecureString' || decrypt) return version.value
  return Buffer.from(`hako-local-kms:${version.keyId ?? 'alias/aws/ssm'}:${version.value}`).toString('base64')
}

function parameterShape(
  context: LocalContext,
  found: {parameter: ParameterState; version: ParameterVersionState},
  requested: string,
  decrypt: boolean,
): Output {
  const selector = requested.startsWith('arn:') ? undefined : requested.split(':')[1]
  return {
    Name: found.parameter.name,
    Type: found.version.type,
    Value: shownValue(found.version, decrypt),
    Version: found.version.version,
    ...(selector !== undefined ? {Selector: `:${selector}`} : {}),
    LastModifiedDate: found.version.lastModified / 1000,
    ARN: parameterArn(context.region, context.accountId, found.parameter.name),
    DataType: 'text',
  }
}

export function getParameter(input: Input, context: LocalContext): Output {
  const name = requiredString(input, 'Name')
  const found = lookup(context, name)
  if (!found) throw new SsmError('ParameterNotFound', `Parameter ${name} not found.`)
  return {Parameter: parameterShape(context, found, name, input.WithDecryption === true)}
}

export function getParameters(input: Input, context: LocalContext): Output {
  const names = Array.isArray(input.Names) ? input.Names.filter((n): n is string => typeof n === 'string') : []
  if (names.length === 0 || names.length > 10) {
    throw validation(
      `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length ${names.length === 0 ? 'greater than or equal to 1' : 'less than or equal to 10'}`,
    )
  }
  const found: Output[] = []
  const invalid: string[] = []
  for (const name of new Set(names)) {
    const hit = lookup(context, name)
    if (hit) found.push(parameterShape(context, hit, name, input.WithDecryption === true))
    else invalid.push(name)
  }
  return {Parameters: found, InvalidParameters: invalid}
}

export function putParameterOperation(input: Input, context: LocalContext): Output {
  const name = requiredString(input, 'Name')
  const value = input.Value
  if (typeof value !== 'string' || value === '') {
    throw validation("1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.")
  }
  const existing = parameters(context.world, context.region)[name]
  const type = input.Type as ParameterType | undefined
  if (type !== undefined && !TYPES.includes(type)) {
    throw validation(
      `1 validation error detected: Value '${String(type)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
    )
  }
  if (existing && input.Overwrite !== true) {
    throw new SsmError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.')
  }
  if (!existing && type === undefined) throw validation('A parameter type is required when you create a parameter.')
  if (/^\/?(aws|ssm)/i.test(name)) throw validation('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).')
  const description = typeof input.Description === 'string' ? input.Description : undefined
  const version = putParameter(context.world, context.region, name, value, {type, description, now: context.now()})
  return {Version: version.version, Tier: 'Standard'}
}

const DESCRIBE_MAX = 50

export function describeParameters(input: Input, context: LocalContext): Output {
  const max = typeof input.MaxResults === 'number' ? input.MaxResults : DESCRIBE_MAX
  if (max < 1 || max > DESCRIBE_MAX) {
    throw validation(
      `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${DESCRIBE_MAX}`,
    )
  }
  const filters = Array.isArray(input.ParameterFilters) ? (input.ParameterFilters as Input[]) : []
  const matches = (name: string): boolean =>
    filters.every((filter) => {
      if (filter.Key !== 'Name') throw new SsmError('InvalidFilterKey', `hako local AWS filters parameters by Name only, not ${String(filter.Key)}`)
      const values = Array.isArray(filter.Values) ? (filter.Values as string[]) : []
      const option = filter.Option ?? 'Equals'
      if (option === 'Equals') return values.includes(name)
      if (option === 'BeginsWith') return values.some((value) => name.startsWith(value))
      throw new SsmError('InvalidFilterOption', `The option ${String(option)} is not valid for the Name filter (Equals, BeginsWith).`)
    })
  const all = Object.values(parameters(context.world, context.region))
    .filter((parameter) => matches(parameter.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) || 0 : 0
  const page = all.slice(start, start + max)
  const next = start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined
  return {
    Parameters: page.map((parameter) => {
      const latest = parameter.versions.at(-1) as ParameterVersionState
      return {
        Name: parameter.name,
        ARN: parameterArn(context.region, context.accountId, parameter.name),
        Type: latest.type,
        ...(latest.keyId ? {KeyId: latest.keyId} : {}),
        ...(latest.description ? {Description: latest.description} : {}),
        LastModifiedDate: latest.lastModified / 1000,
        LastModifiedUser: `arn:aws:iam::${context.accountId}:user/hako-local`,
        Version: latest.version,
        Tier: 'Standard',
        Policies: [],
        DataType: 'text',
      }
    }),
    ...(next ? {NextToken: next} : {}),
  }
}
