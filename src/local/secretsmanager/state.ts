/**
 * The Secrets Manager slice of the world: secrets per region with their versions and staging
 * labels (AWSCURRENT, AWSPREVIOUS, and any the caller adds).
 */
import {nextId} from '../ids.js'
import type {World} from '../world.js'

export interface SecretVersionState {
  id: string
  secretString?: string
  /** Base64, as the wire carries it. */
  secretBinary?: string
  stages: string[]
  createdAt: number
}

export interface SecretState {
  name: string
  arn: string
  description?: string
  createdAt: number
  lastChangedAt: number
  tags: {Key: string; Value: string}[]
  versions: Record<string, SecretVersionState>
}

export interface SecretsManagerState {
  /** region → secret name → secret */
  regions: Record<string, Record<string, SecretState>>
}

export function emptySecretsManagerState(): SecretsManagerState {
  return {regions: {}}
}

export function secrets(world: World, region: string): Record<string, SecretState> {
  let byName = world.secretsmanager.regions[region]
  if (!byName) {
    byName = {}
    world.secretsmanager.regions[region] = byName
  }
  return byName
}

const SUFFIX_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** AWS ends a secret's ARN with `-` and six random characters; ours come from the world's sequence. */
function arnSuffix(world: World): string {
  const hex = nextId(world, 12)
  let out = ''
  for (let i = 0; i < 6; i += 1) out += SUFFIX_LETTERS[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % SUFFIX_LETTERS.length]
  return out
}

/** A version id in AWS's form (a UUID). */
export function versionId(world: World): string {
  const hex = nextId(world, 32)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function newSecret(
  world: World,
  region: string,
  accountId: string,
  name: string,
  now: number,
  extra: {description?: string; tags?: SecretState['tags']} = {},
): SecretState {
  const secret: SecretState = {
    name,
    arn: `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${arnSuffix(world)}`,
    ...(extra.description ? {description: extra.description} : {}),
    createdAt: now,
    lastChangedAt: now,
    tags: extra.tags ?? [],
    versions: {},
  }
  secrets(world, region)[name] = secret
  return secret
}

/**
 * Adds a version carrying `stages`: each stage leaves the version that had it; a new AWSCURRENT
 * turns the old current version into AWSPREVIOUS, as AWS does.
 */
export function addVersion(secret: SecretState, version: Omit<SecretVersionState, 'stages'>, stages: string[], now: number): SecretVersionState {
  const wanted = stages.length > 0 || Object.keys(secret.versions).length > 0 ? stages : ['AWSCURRENT']
  const current = Object.values(secret.versions).find((v) => v.stages.includes('AWSCURRENT'))
  for (const other of Object.values(secret.versions)) other.stages = other.stages.filter((stage) => !wanted.includes(stage))
  if (wanted.includes('AWSCURRENT') && current && current.id !== version.id) {
    for (const other of Object.values(secret.versions)) other.stages = other.stages.filter((stage) => stage !== 'AWSPREVIOUS')
    current.stages = [...current.stages, 'AWSPREVIOUS']
  }
  const stored: SecretVersionState = {...version, stages: [...wanted]}
  secret.versions[version.id] = stored
  secret.lastChangedAt = now
  return stored
}

/** Creates (or adds a version to) a secret directly, for the test API and `--local` seeding. */
export function putSecret(
  world: World,
  region: string,
  accountId: string,
  name: string,
  value: string,
  options: {now: number; stages?: string[]},
): {secret: SecretState; version: SecretVersionState} {
  const secret = secrets(world, region)[name] ?? newSecret(world, region, accountId, name, options.now)
  const version = addVersion(secret, {id: versionId(world), secretString: value, createdAt: options.now}, options.stages ?? ['AWSCURRENT'], options.now)
  return {secret, version}
}
