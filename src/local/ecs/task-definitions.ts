/**
 * Task definitions: families, revisions, ACTIVE/INACTIVE, tags.
 */
import type {
  ContainerDefinition,
  DeregisterTaskDefinitionRequest,
  DescribeTaskDefinitionRequest,
  ListTaskDefinitionFamiliesRequest,
  ListTaskDefinitionsRequest,
  RegisterTaskDefinitionRequest,
} from '@aws-sdk/client-ecs'
import {clientException, invalidParameter} from './errors.js'
import {type Scope, arn, findTaskDefinition, paginate, seconds} from './model.js'
import type {Wire, WireTaskDefinition} from './state.js'
import {fargateSizeValid, parseUnits, validateTaskDefinition} from './validate-task-definition.js'

/** The defaults ECS fills in, so a definition reads back as AWS returns it. */
function normaliseContainer(container: Wire<ContainerDefinition>, networkMode: string): Wire<ContainerDefinition> {
  return {
    ...container,
    cpu: container.cpu ?? 0,
    essential: container.essential ?? true,
    portMappings: (container.portMappings ?? []).map((mapping) => ({
      ...mapping,
      hostPort: mapping.hostPort ?? (networkMode === 'bridge' ? 0 : mapping.containerPort),
      protocol: mapping.protocol ?? 'tcp',
    })),
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? [],
    systemControls: container.systemControls ?? [],
  }
}

function compatibilities(input: Wire<RegisterTaskDefinitionRequest>): ('EC2' | 'FARGATE')[] {
  const cpu = parseUnits(input.cpu, 'vcpu')
  const memory = parseUnits(input.memory, 'gb')
  const fargateReady = input.networkMode === 'awsvpc' && cpu !== undefined && memory !== undefined && fargateSizeValid(cpu, memory)
  return fargateReady || input.requiresCompatibilities?.includes('FARGATE') ? ['EC2', 'FARGATE'] : ['EC2']
}

function revisionsOf(scope: Scope, family: string): WireTaskDefinition[] {
  return Object.values(scope.ecs.taskDefinitions).filter(
    (definition) => definition.family === family && definition.taskDefinitionArn?.includes(`:${scope.region}:`),
  )
}

function requireDefinition(scope: Scope, reference: string | undefined, message: string): WireTaskDefinition {
  if (!reference) throw clientException('taskDefinition can not be blank.')
  const definition = findTaskDefinition(scope, reference)
  if (!definition) throw clientException(message)
  return definition
}

export const taskDefinitionHandlers = {
  RegisterTaskDefinition(scope: Scope, input: Wire<RegisterTaskDefinitionRequest>) {
    validateTaskDefinition(input)
    const family = input.family ?? ''
    const revision = revisionsOf(scope, family).reduce((max, definition) => Math.max(max, definition.revision ?? 0), 0) + 1
    const networkMode = input.networkMode ?? 'bridge'
    const taskDefinitionArn = arn(scope, `task-definition/${family}:${revision}`)
    const {tags, ...rest} = input
    const definition: WireTaskDefinition = {
      ...rest,
      taskDefinitionArn,
      family,
      revision,
      networkMode,
      containerDefinitions: (input.containerDefinitions ?? []).map((container) => normaliseContainer(container, networkMode)),
      volumes: input.volumes ?? [],
      placementConstraints: input.placementConstraints ?? [],
      status: 'ACTIVE',
      compatibilities: compatibilities(input),
      requiresAttributes: [],
      registeredAt: seconds(scope.now),
      registeredBy: `arn:aws:iam::${scope.accountId}:user/local`,
    }
    scope.ecs.taskDefinitions[taskDefinitionArn] = definition
    if (tags?.length) scope.ecs.tags[taskDefinitionArn] = tags
    return {taskDefinition: definition, tags: tags ?? []}
  },

  DescribeTaskDefinition(scope: Scope, input: Wire<DescribeTaskDefinitionRequest>) {
    const definition = requireDefinition(scope, input.taskDefinition, 'Unable to describe task definition.')
    const tags = input.include?.includes('TAGS') ? {tags: scope.ecs.tags[definition.taskDefinitionArn ?? ''] ?? []} : {}
    return {taskDefinition: definition, ...tags}
  },

  DeregisterTaskDefinition(scope: Scope, input: Wire<DeregisterTaskDefinitionRequest>) {
    if (!input.taskDefinition?.includes(':')) {
      throw clientException('The specified task definition does not exist. Specify a revision: family:revision or a full ARN.')
    }
    const definition = requireDefinition(scope, input.taskDefinition, 'The specified task definition does not exist.')
    if (definition.status === 'ACTIVE') {
      definition.status = 'INACTIVE'
      definition.deregisteredAt = seconds(scope.now)
    }
    return {taskDefinition: definition}
  },

  ListTaskDefinitions(scope: Scope, input: Wire<ListTaskDefinitionsRequest>) {
    const status = input.status ?? 'ACTIVE'
    if (!['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'].includes(status)) throw invalidParameter(`Invalid status: ${status}`)
    const sort = input.sort ?? 'ASC'
    const definitions = Object.values(scope.ecs.taskDefinitions)
      .filter((definition) => definition.taskDefinitionArn?.includes(`:${scope.region}:`))
      .filter((definition) => definition.status === status)
      .filter((definition) => input.familyPrefix === undefined || definition.family === input.familyPrefix)
      .sort((a, b) => (a.family ?? '').localeCompare(b.family ?? '') || (a.revision ?? 0) - (b.revision ?? 0))
    if (sort === 'DESC') definitions.reverse()
    const {page, nextToken} = paginate(
      definitions.map((definition) => definition.taskDefinitionArn ?? ''),
      input,
      100,
    )
    return {taskDefinitionArns: page, nextToken}
  },

  ListTaskDefinitionFamilies(scope: Scope, input: Wire<ListTaskDefinitionFamiliesRequest>) {
    const status = input.status ?? 'ACTIVE'
    const families = new Map<string, boolean>()
    for (const definition of Object.values(scope.ecs.taskDefinitions)) {
      if (!definition.taskDefinitionArn?.includes(`:${scope.region}:`) || !definition.family) continue
      if (input.familyPrefix !== undefined && !definition.family.startsWith(input.familyPrefix)) continue
      families.set(definition.family, (families.get(definition.family) ?? false) || definition.status === 'ACTIVE')
    }
    const names = [...families.entries()]
      .filter(([, active]) => status === 'ALL' || (status === 'ACTIVE' ? active : !active))
      .map(([family]) => family)
      .sort()
    const {page, nextToken} = paginate(names, input, 100)
    return {families: page, nextToken}
  },
}
