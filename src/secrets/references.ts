/**
 * What a container's `secrets[].value_from` and `log_configuration.secret_options[].value_from`
 * point at, parsed the way ECS reads them: an SSM parameter (a name in the task's region, or an
 * ARN), or a Secrets Manager secret ARN with an optional JSON key, version stage and version id.
 */
import type {Container} from '../definition/types.js'

/** Where a reference is used, for the report: `app: secrets DB_PASSWORD`. */
export interface SecretUse {
  container: string
  /** `secrets` or `log secret_options`. */
  field: string
  name: string
}

export type SecretReference =
  | {kind: 'ssm'; valueFrom: string; region: string; uses: SecretUse[]}
  | {
      kind: 'secretsmanager'
      valueFrom: string
      region: string
      /** The secret's own ARN (everything before the JSON key), as DescribeSecret takes it. */
      secretId: string
      jsonKey?: string
      versionStage?: string
      versionId?: string
      uses: SecretUse[]
    }
  | {kind: 'invalid'; valueFrom: string; reason: string; uses: SecretUse[]}

/** The parts the check needs of a container: its secrets and its log driver's secret options. */
export type SecretHolder = Pick<Container, 'name' | 'secrets' | 'log_configuration'>

function parse(valueFrom: string, defaultRegion: string, use: SecretUse): SecretReference {
  if (!valueFrom.startsWith('arn:')) return {kind: 'ssm', valueFrom, region: defaultRegion, uses: [use]}
  const parts = valueFrom.split(':')
  const [, partition, service, region, account, resource] = parts
  if (!partition || !region || !account || resource === undefined) {
    return {kind: 'invalid', valueFrom, reason: 'not a complete ARN (arn:partition:service:region:account:resource)', uses: [use]}
  }
  if (service === 'ssm') {
    if (!resource.startsWith('parameter/')) return {kind: 'invalid', valueFrom, reason: 'an SSM ARN that is not a parameter', uses: [use]}
    return {kind: 'ssm', valueFrom, region, uses: [use]}
  }
  if (service === 'secretsmanager') {
    // arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>[:<version-stage>[:<version-id>]]]
    const [name, jsonKey, versionStage, versionId, ...rest] = parts.slice(6)
    if (resource !== 'secret' || !name || rest.length > 0) {
      return {kind: 'invalid', valueFrom, reason: 'not a Secrets Manager secret ARN (…:secret:<name>[:json-key:version-stage:version-id])', uses: [use]}
    }
    return {
      kind: 'secretsmanager',
      valueFrom,
      region,
      secretId: parts.slice(0, 7).join(':'),
      ...(jsonKey ? {jsonKey} : {}),
      ...(versionStage ? {versionStage} : {}),
      ...(versionId ? {versionId} : {}),
      uses: [use],
    }
  }
  return {kind: 'invalid', valueFrom, reason: `ECS reads secrets from SSM or Secrets Manager, not ${service || 'this ARN'}`, uses: [use]}
}

/** Every distinct reference of the containers, in order of first use, each with all its uses. */
export function secretReferences(containers: readonly SecretHolder[], region: string): SecretReference[] {
  const byValue = new Map<string, SecretReference>()
  const add = (valueFrom: string, use: SecretUse): void => {
    const known = byValue.get(valueFrom)
    if (known) known.uses.push(use)
    else byValue.set(valueFrom, parse(valueFrom, region, use))
  }
  for (const container of containers) {
    for (const secret of container.secrets ?? []) add(secret.value_from, {container: container.name, field: 'secrets', name: secret.name})
    for (const option of container.log_configuration?.secret_options ?? []) {
      add(option.value_from, {container: container.name, field: 'log secret_options', name: option.name})
    }
  }
  return [...byValue.values()]
}
