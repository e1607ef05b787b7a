/**
 * Secrets Manager operations on the world. A SecretId is a name, a full ARN or a partial ARN (the
 * ARN without its six-character suffix), as AWS accepts them.
 */
import {JsonServiceError} from '../json-error.js'
import type {LocalContext} from '../types.js'
import {addVersion, newSecret, secrets, type SecretState, type SecretVersionState, versionId} from './state.js'

export class SecretsManagerError extends JsonServiceError {}

type Input = Record<string, unknown>
type Output = Record<string, unknown>

const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/
const notFound = (): SecretsManagerError => new SecretsManagerError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")

function text(input: Input, key: string): string | undefined {
  const value = input[key]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function required(input: Input, key: string): string {
  const value = text(input, key)
  if (value === undefined) throw new SecretsManagerError('InvalidParameterException', `You must provide a value for the ${key} parameter.`)
  return value
}

function findSecret(context: LocalContext, id: string): SecretState {
  const byName = secrets(context.world, context.region)
  const prefix = `arn:aws:secretsmanager:${context.region}:${context.accountId}:secret:`
  const found = id.startsWith('arn:') ? Object.values(byName).find((secret) => secret.arn === id || `${prefix}${secret.name}` === id) : byName[id]
  if (!found) throw notFound()
  return found
}

function valueOf(input: Input): {secretString?: string; secretBinary?: string} {
  const secretString = typeof input.SecretString === 'string' ? input.SecretString : undefined
  const secretBinary = typeof input.SecretBinary === 'string' ? input.SecretBinary : undefined
  if (secretString !== undefined && secretBinary !== undefined) {
    throw new SecretsManagerError('InvalidParameterException', 'You must provide either SecretString or SecretBinary, but not both.')
  }
  return {...(secretString !== undefined ? {secretString} : {}), ...(secretBinary !== undefined ? {secretBinary} : {})}
}

function tokenOf(input: Input, context: LocalContext): string {
  const token = text(input, 'ClientRequestToken')
  if (token === undefined) return versionId(context.world)
  if (token.length < 32 || token.length > 64) throw new SecretsManagerError('InvalidParameterException', 'ClientRequestToken must be 32-64 characters long.')
  return token
}

export function createSecret(input: Input, context: LocalContext): Output {
  const name = required(input, 'Name')
  if (!NAME_PATTERN.test(name))
    throw new SecretsManagerError(
      'InvalidParameterException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    )
  if (secrets(context.world, context.region)[name]) {
    throw new SecretsManagerError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`)
  }
  const value = valueOf(input)
  const id = tokenOf(input, context)
  const tags = Array.isArray(input.Tags) ? (input.Tags as {Key: string; Value: string}[]) : []
  const description = text(input, 'Description')
  const secret = newSecret(context.world, context.region, context.accountId, name, context.now(), {description, tags})
  const hasValue = value.secretString !== undefined || value.secretBinary !== undefined
  if (hasValue) addVersion(secret, {id, ...value, createdAt: context.now()}, ['AWSCURRENT'], context.now())
  return {ARN: secret.arn, Name: secret.name, ...(hasValue ? {VersionId: id} : {})}
}

export function putSecretValue(input: Input, context: LocalContext): Output {
  const secret = findSecret(context, required(input, 'SecretId'))
  const value = valueOf(input)
  if (value.secretString === undefined && value.secretBinary === undefined) {
    throw new SecretsManagerError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.')
  }
  const id = tokenOf(input, context)
  const existing = secret.versions[id]
  if (existing) {
    if (existing.secretString === value.secretString && existing.secretBinary === value.secretBinary) {
      return {ARN: secret.arn, Name: secret.name, VersionId: id, VersionStages: existing.stages}
    }
    throw new SecretsManagerError(
      'ResourceExistsException',
      `You can't use ClientRequestToken ${id} because that value is already in use for a version of secret ${secret.arn}.`,
    )
  }
  const stages = Array.isArray(input.VersionStages) ? (input.VersionStages as string[]) : ['AWSCURRENT']
  const version = addVersion(secret, {id, ...value, createdAt: context.now()}, stages, context.now())
  return {ARN: secret.arn, Name: secret.name, VersionId: id, VersionStages: version.stages}
}

export function describeSecret(input: Input, context: LocalContext): Output {
  const secret = findSecret(context, required(input, 'SecretId'))
  const versions = Object.values(secret.versions).filter((version) => version.stages.length > 0)
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description ? {Description: secret.description} : {}),
    LastChangedDate: secret.lastChangedAt / 1000,
    CreatedDate: secret.createdAt / 1000,
    ...(secret.tags.length > 0 ? {Tags: secret.tags} : {}),
    ...(versions.length > 0 ? {VersionIdsToStages: Object.fromEntries(versions.map((version) => [version.id, version.stages]))} : {}),
  }
}

/** The version GetSecretValue reads: by id, by stage, or AWSCURRENT; both given must agree. */
function chosenVersion(secret: SecretState, id: string | undefined, stage: string | undefined): SecretVersionState {
  if (id !== undefined) {
    const version = secret.versions[id]
    if (!version) throw new SecretsManagerError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${id}`)
    if (stage !== undefined && !version.stages.includes(stage)) {
      throw new SecretsManagerError('InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.')
    }
    return version
  }
  const wanted = stage ?? 'AWSCURRENT'
  const version = Object.values(secret.versions).find((candidate) => candidate.stages.includes(wanted))
  if (!version) throw new SecretsManagerError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${wanted}`)
  return version
}

export function getSecretValue(input: Input, context: LocalContext): Output {
  const secret = findSecret(context, required(input, 'SecretId'))
  const version = chosenVersion(secret, text(input, 'VersionId'), text(input, 'VersionStage'))
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.id,
    ...(version.secretString !== undefined ? {SecretString: version.secretString} : {}),
    ...(version.secretBinary !== undefined ? {SecretBinary: version.secretBinary} : {}),
    VersionStages: version.stages,
    CreatedDate: version.createdAt / 1000,
  }
}
