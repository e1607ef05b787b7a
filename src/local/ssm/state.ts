/**
 * The SSM Parameter Store slice of the world: parameters per region, each with its versions
 * (newest last), as PutParameter with Overwrite adds them.
 */
import type {World} from '../world.js'

export type ParameterType = 'String' | 'StringList' | 'SecureString'

export interface ParameterVersionState {
  version: number
  value: string
  type: ParameterType
  description?: string
  keyId?: string
  lastModified: number
}

export interface ParameterState {
  name: string
  versions: ParameterVersionState[]
}

export interface SsmState {
  /** region → parameter name → parameter */
  regions: Record<string, Record<string, ParameterState>>
}

export function emptySsmState(): SsmState {
  return {regions: {}}
}

export function parameters(world: World, region: string): Record<string, ParameterState> {
  let byName = world.ssm.regions[region]
  if (!byName) {
    byName = {}
    world.ssm.regions[region] = byName
  }
  return byName
}

/** `/app/db` → `arn:aws:ssm:<region>:<account>:parameter/app/db`; `db` → `…:parameter/db`. */
export function parameterArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, '')}`
}

/**
 * Stores a parameter version directly (the test API and `--local` seeding), as PutParameter with
 * Overwrite would.
 */
export function putParameter(
  world: World,
  region: string,
  name: string,
  value: string,
  options: {type?: ParameterType; description?: string; now: number},
): ParameterVersionState {
  const byName = parameters(world, region)
  const parameter = (byName[name] ??= {name, versions: []})
  const previous = parameter.versions.at(-1)
  const version: ParameterVersionState = {
    version: (previous?.version ?? 0) + 1,
    value,
    type: options.type ?? previous?.type ?? 'String',
    ...((options.description ?? previous?.description) ? {description: options.description ?? previous?.description} : {}),
    ...(options.type === 'SecureString' || previous?.type === 'SecureString' ? {keyId: previous?.keyId ?? 'alias/aws/ssm'} : {}),
    lastModified: options.now,
  }
  // AWS keeps the latest 100 versions of a parameter.
  parameter.versions = [...parameter.versions, version].slice(-100)
  return version
}
