/**
 * Before a deploy or oneshot writes anything: every secret its containers name must exist, so a
 * typo fails here rather than as tasks that never start (ECS reports ResourceInitializationError
 * only once the task is placed). Values are never read except to look for a JSON key, and never
 * reported: a missing secret is named by its ARN (docs/hako-compatibility.md, "Deploy").
 */
import {DescribeSecretCommand, type DescribeSecretCommandOutput, GetSecretValueCommand} from '@aws-sdk/client-secrets-manager'
import {GetParametersCommand} from '@aws-sdk/client-ssm'
import type {AwsClients} from '../aws/clients.js'
import {HakoError, awsCall, isAwsError} from '../errors.js'
import {type SecretHolder, type SecretReference, type SecretUse, secretReferences} from './references.js'

export interface MissingSecret {
  /** The `value_from` as written (an ARN, or an SSM parameter name). */
  valueFrom: string
  reason: string
  uses: SecretUse[]
}

/** GetParameters takes at most 10 names. */
const PARAMETER_BATCH = 10

type SsmReference = Extract<SecretReference, {kind: 'ssm'}>
type SecretsManagerReference = Extract<SecretReference, {kind: 'secretsmanager'}>

function missing(reference: SecretReference, reason: string): MissingSecret {
  return {valueFrom: reference.valueFrom, reason, uses: reference.uses}
}

function byRegion<T extends {region: string}>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(item.region, [...(groups.get(item.region) ?? []), item])
  return groups
}

async function checkParameters(clients: AwsClients, region: string, references: SsmReference[]): Promise<MissingSecret[]> {
  const out: MissingSecret[] = []
  for (let start = 0; start < references.length; start += PARAMETER_BATCH) {
    const batch = references.slice(start, start + PARAMETER_BATCH)
    const names = batch.map((reference) => reference.valueFrom)
    // No WithDecryption: a SecureString comes back encrypted, so no value is ever in hand.
    const reply = await awsCall('GetParameters', `SSM parameters ${names.join(', ')} in ${region}`, () =>
      clients.ssm(region).send(new GetParametersCommand({Names: names})),
    )
    const invalid = new Set(reply.InvalidParameters ?? [])
    for (const reference of batch) if (invalid.has(reference.valueFrom)) out.push(missing(reference, `SSM parameter not found in ${region}`))
  }
  return out
}

async function describeSecret(clients: AwsClients, region: string, secretId: string): Promise<DescribeSecretCommandOutput | undefined> {
  try {
    return await awsCall('DescribeSecret', `secret ${secretId}`, () => clients.secretsManager(region).send(new DescribeSecretCommand({SecretId: secretId})))
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return undefined
    throw error
  }
}

/** Why the version a reference asks for does not exist, judged from DescribeSecret's stage map. */
function versionProblem(reference: SecretsManagerReference, stages: Record<string, string[]>): string | undefined {
  const {versionId, versionStage} = reference
  if (versionId !== undefined) {
    const own = stages[versionId]
    if (!own) return `version id ${versionId} not found`
    if (versionStage !== undefined && !own.includes(versionStage)) return `version ${versionId} does not carry the stage ${versionStage}`
    return undefined
  }
  const stage = versionStage ?? 'AWSCURRENT'
  return Object.values(stages).some((labels) => labels.includes(stage)) ? undefined : `no version has the stage ${stage}`
}

/** The keys of the secret version's JSON object, or why there are none. Only the keys leave here. */
async function jsonKeys(clients: AwsClients, region: string, reference: SecretsManagerReference): Promise<Set<string> | string> {
  const reply = await awsCall('GetSecretValue', `secret ${reference.secretId}`, () =>
    clients
      .secretsManager(region)
      .send(new GetSecretValueCommand({SecretId: reference.secretId, VersionStage: reference.versionStage, VersionId: reference.versionId})),
  )
  if (reply.SecretString === undefined) return 'the secret is binary, so it has no JSON keys'
  try {
    const parsed: unknown = JSON.parse(reply.SecretString)
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return new Set(Object.keys(parsed))
  } catch {
    // Falls through to the same answer: its text must not end up in a message.
  }
  return 'the secret is not a JSON object, so it has no JSON keys'
}

async function checkSecretsManager(clients: AwsClients, region: string, references: SecretsManagerReference[]): Promise<MissingSecret[]> {
  const out: MissingSecret[] = []
  const described = new Map<string, Promise<DescribeSecretCommandOutput | undefined>>()
  const keys = new Map<string, Promise<Set<string> | string>>()
  for (const reference of references) {
    let secret = described.get(reference.secretId)
    if (!secret) {
      secret = describeSecret(clients, region, reference.secretId)
      described.set(reference.secretId, secret)
    }
    const found = await secret
    if (!found) {
      out.push(missing(reference, `secret not found in ${region}`))
      continue
    }
    if (found.DeletedDate) {
      out.push(missing(reference, 'the secret is scheduled for deletion'))
      continue
    }
    const problem = versionProblem(reference, found.VersionIdsToStages ?? {})
    if (problem) {
      out.push(missing(reference, problem))
      continue
    }
    if (reference.jsonKey === undefined) continue
    const version = `${reference.secretId}\u0000${reference.versionStage ?? ''}\u0000${reference.versionId ?? ''}`
    let pending = keys.get(version)
    if (!pending) {
      pending = jsonKeys(clients, region, reference)
      keys.set(version, pending)
    }
    const known = await pending
    if (typeof known === 'string') out.push(missing(reference, known))
    else if (!known.has(reference.jsonKey)) out.push(missing(reference, `JSON key ${reference.jsonKey} not found in the secret`))
  }
  return out
}

/**
 * Every secret the containers reference that does not exist, in the order they are referenced.
 * `region` is the task's: a bare SSM parameter name lives there; an ARN says its own region.
 */
export async function checkSecrets(clients: AwsClients, containers: readonly SecretHolder[], region: string): Promise<MissingSecret[]> {
  const references = secretReferences(containers, region)
  const invalid = references.flatMap((reference) => (reference.kind === 'invalid' ? [missing(reference, reference.reason)] : []))
  const ssm = references.filter((reference): reference is SsmReference => reference.kind === 'ssm')
  const secrets = references.filter((reference): reference is SecretsManagerReference => reference.kind === 'secretsmanager')
  const found = await Promise.all([
    ...[...byRegion(ssm)].map(([where, group]) => checkParameters(clients, where, group)),
    ...[...byRegion(secrets)].map(([where, group]) => checkSecretsManager(clients, where, group)),
  ])
  const problems = new Map([...invalid, ...found.flat()].map((problem) => [problem.valueFrom, problem]))
  return references.flatMap((reference) => {
    const problem = problems.get(reference.valueFrom)
    return problem ? [problem] : []
  })
}

const describeUse = (use: SecretUse): string => `${use.container}: ${use.field} ${use.name}`

/** Some secrets do not exist; nothing was written. Lists every one of them at once. */
export class MissingSecretsError extends HakoError {
  readonly missing: MissingSecret[]

  constructor(missingSecrets: MissingSecret[]) {
    const lines = missingSecrets.map((m) => `  ${m.valueFrom} (${m.uses.map(describeUse).join(', ')}): ${m.reason}`)
    const count = missingSecrets.length === 1 ? '1 secret does not exist' : `${missingSecrets.length} secrets do not exist`
    super(`${count}:\n${lines.join('\n')}`, {
      code: 'secrets-missing',
      hint: 'Create them (aws ssm put-parameter, aws secretsmanager create-secret) or correct value_from; nothing was changed.',
    })
    this.missing = missingSecrets
  }
}

/** The check as one call for a use case: throws MissingSecretsError when any secret is missing. */
export async function requireSecrets(clients: AwsClients, containers: readonly SecretHolder[], region: string): Promise<void> {
  const found = await checkSecrets(clients, containers, region)
  if (found.length > 0) throw new MissingSecretsError(found)
}
