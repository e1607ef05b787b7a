/**
 * The differential suite for ECS: the same call sequence against moto 5.2.1 and against our
 * simulator, comparing what each accepts or rejects (by error name) and chosen fields of what it
 * returns, with ids and timestamps normalised. Every known difference is in DELIBERATE, with its
 * reason and explicit checks of both sides (and in docs/local.md "Differences from moto").
 */
import {
  type ContainerDefinition,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  RunTaskCommand,
  type Service,
  type Tag,
  StopTaskCommand,
  TagResourceCommand,
  type Task,
  type TaskDefinition,
  UntagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AwsClients} from '../../src/aws/clients.js'
import {type Deliberate, type Outcome, expectDeliberateDifference, expectNoUnexplainedDifferences, field, step} from './support/differential.js'
import {type Sides, startSides} from './support/sides.js'
import {REGION} from '../support/local-aws.js'

interface Target {
  clients: AwsClients
  ecs: ECSClient
  network: {subnets: string[]; securityGroup: string}
  /** Lets simulated time pass (our simulator); moto has no time, so a no-op there. */
  settle(): Promise<void>
}

/** AWS fills in a port mapping's hostPort and protocol; moto echoes what it was given. */
function portDefaultsDiffer(prefix: string, hostPort: number): Pick<Deliberate, 'moto' | 'ours' | 'fields'> {
  const mapping = `${prefix}containers.0.portMappings.0`
  return {
    fields: [`${prefix}containers.*.portMappings.*.hostPort`, `${prefix}containers.*.portMappings.*.protocol`],
    moto: (o) => expect([field(o, `${mapping}.hostPort`), field(o, `${mapping}.protocol`)]).toEqual([undefined, undefined]),
    ours: (o) => expect([field(o, `${mapping}.hostPort`), field(o, `${mapping}.protocol`)]).toEqual([hostPort, 'tcp']),
  }
}

/** What differs in every task: moto's tasks are static (see 'RunTask FARGATE'). */
const TASK_FIELDS = [
  'tasks.*.lastStatus',
  'tasks.*.cpu',
  'tasks.*.memory',
  'tasks.*.overrides.inferenceAcceleratorOverrides',
  'tasks.*.containers.*.exitCode',
  'tasks.*.stoppedReason',
]

const accepted = (o: Outcome) => expect(o.error).toBeUndefined()
const rejectedWith = (name: string) => (o: Outcome) => expect(o.error).toBe(name)

/**
 * Steps whose outcome differs on purpose, with the reason (mirrored in docs/local.md
 * "Differences from moto") and what each side gives, so a change on either side is noticed.
 */
const DELIBERATE: Record<string, Deliberate> = {
  'DescribeClusters default': {
    reason: 'we simulate what an account has: every region has a `default` cluster (with container instances); moto starts empty',
    moto: (o) => expect(o.value).toEqual([]),
    ours: (o) => expect(o.value).toEqual(['default']),
  },
  'RegisterTaskDefinition EC2 bridge': {
    reason: 'AWS fills in hostPort (0 in bridge mode) and protocol tcp; moto echoes the input',
    ...portDefaultsDiffer('', 0),
  },
  'RegisterTaskDefinition Fargate': {
    reason: 'hostPort = containerPort under awsvpc and protocol tcp as AWS; moto also leaves `tags` out of the RegisterTaskDefinition reply',
    fields: ['definition.containers.*.portMappings.*.hostPort', 'definition.containers.*.portMappings.*.protocol', 'tags'],
    moto: (o) => {
      portDefaultsDiffer('definition.', 8080).moto(o)
      expect(field(o, 'tags')).toBeUndefined()
    },
    ours: (o) => {
      portDefaultsDiffer('definition.', 8080).ours(o)
      expect(field(o, 'tags')).toEqual([{key: 'team', value: 'diff'}])
    },
  },
  'DescribeTaskDefinition include TAGS': {reason: 'port mapping defaults, as above', ...portDefaultsDiffer('definition.', 8080)},
  'RegisterTaskDefinition Fargate without awsvpc': {
    reason: "AWS rejects it (ClientException: Fargate only supports network mode 'awsvpc'); moto registers it",
    moto: accepted,
    ours: rejectedWith('ClientException'),
  },
  'RegisterTaskDefinition Fargate invalid size': {
    reason: 'AWS rejects a cpu/memory pair Fargate does not offer (256 CPU with 4096 MiB); moto registers it',
    moto: accepted,
    ours: rejectedWith('ClientException'),
  },
  'ListTaskDefinitions familyPrefix DESC': {
    reason: 'moto ignores `sort` and always lists in registration order',
    fields: ['*'],
    moto: (o) => expect(o.value).toEqual([1, 2].map((r) => `arn:aws:ecs:${REGION}:123456789012:task-definition/diff-ec2:${r}`)),
    ours: (o) => expect(o.value).toEqual([2, 1].map((r) => `arn:aws:ecs:${REGION}:123456789012:task-definition/diff-ec2:${r}`)),
  },
  'ListTaskDefinitions maxResults': {
    reason: 'moto ignores maxResults and never pages; AWS (and we) return at most maxResults with a nextToken',
    fields: ['arns', 'more'],
    moto: (o) => expect([field(o, 'arns.length'), field(o, 'more')]).toEqual([2, false]),
    ours: (o) => expect([field(o, 'arns.length'), field(o, 'more')]).toEqual([1, true]),
  },
  'ListServices maxResults': {
    reason: 'as ListTaskDefinitions: moto never pages',
    fields: ['count', 'more'],
    moto: (o) => expect(o.value).toEqual({count: 2, more: false}),
    ours: (o) => expect(o.value).toEqual({count: 1, more: true}),
  },
  'DescribeServices more than 10': {
    reason: 'AWS takes at most 10 services per DescribeServices call (InvalidParameterException); moto takes any number',
    moto: accepted,
    ours: rejectedWith('InvalidParameterException'),
  },
  'StopTask missing': {
    reason:
      'moto fails with an HTML 500 page (a moto bug; our clients report it as UnexpectedResponse with the status and endpoint); AWS (and we) answer InvalidParameterException "The referenced task was not found."',
    moto: rejectedWith('UnexpectedResponse'),
    ours: rejectedWith('InvalidParameterException'),
  },
  'CreateService EC2': {
    reason:
      'the new service: moto counts every desired task as pending at once and leaves deploymentConfiguration out (and gives an empty networkConfiguration); AWS (and we) start at 0 pending, the scheduler launches them, and the defaults 100/200 with the circuit breaker off are returned',
    fields: ['pendingCount', 'deployments.*.pendingCount', 'deploymentConfiguration', 'networkConfiguration'],
    moto: (o) => {
      expect([field(o, 'pendingCount'), field(o, 'deploymentConfiguration'), field(o, 'networkConfiguration')]).toEqual([2, undefined, {}])
    },
    ours: (o) => {
      expect([field(o, 'pendingCount'), field(o, 'networkConfiguration')]).toEqual([0, undefined])
      expect(field(o, 'deploymentConfiguration')).toEqual({
        deploymentCircuitBreaker: {enable: false, rollback: false},
        maximumPercent: 200,
        minimumHealthyPercent: 100,
      })
    },
  },
  'CreateService FARGATE': {
    reason: 'as for EC2: pendingCount and the deploymentConfiguration (circuit breaker) echoed',
    fields: ['pendingCount', 'deployments.*.pendingCount', 'deploymentConfiguration'],
    moto: (o) => expect([field(o, 'pendingCount'), field(o, 'deploymentConfiguration')]).toEqual([2, undefined]),
    ours: (o) => expect([field(o, 'pendingCount'), field(o, 'deploymentConfiguration.deploymentCircuitBreaker')]).toEqual([0, {enable: true, rollback: true}]),
  },
  'CreateService duplicate': {
    reason: 'AWS answers InvalidParameterException "Creation of service was not idempotent."; moto replaces the service',
    moto: accepted,
    ours: rejectedWith('InvalidParameterException'),
  },
  'UpdateService taskDefinition + desiredCount': {
    reason:
      'moto makes no new deployment: it sets runningCount = desiredCount, stores the task definition string as given, and leaves the PRIMARY deployment on the old revision; AWS (and we) start a new PRIMARY on the new revision and keep the old one ACTIVE',
    fields: ['runningCount', 'pendingCount', 'taskDefinition', 'deploymentConfiguration', 'deployments', 'events'],
    moto: (o) => {
      expect([field(o, 'taskDefinition'), field(o, 'runningCount'), field(o, 'deployments.length')]).toEqual(['diff-web:2', 3, 1])
      expect(field(o, 'deployments.0.taskDefinition')).toMatch(/diff-web:1$/)
    },
    ours: (o) => {
      expect(field(o, 'taskDefinition')).toMatch(/task-definition\/diff-web:2$/)
      expect([field(o, 'deployments.0.status'), field(o, 'deployments.1.status'), field(o, 'deployments.0.desiredCount')]).toEqual(['PRIMARY', 'ACTIVE', 3])
      expect(field(o, 'deployments.1.taskDefinition')).toMatch(/diff-web:1$/)
    },
  },
  'DescribeServices after time passes': {
    reason: "moto's deployments never progress (IN_PROGRESS for ever); ours complete on the simulated clock, as on AWS",
    fields: ['runningCount', 'pendingCount', 'taskDefinition', 'deploymentConfiguration', 'deployments', 'events'],
    moto: (o) => expect([field(o, 'deployments.0.rolloutState'), field(o, 'deployments.0.runningCount')]).toEqual(['IN_PROGRESS', 0]),
    ours: (o) => {
      expect([field(o, 'deployments.length'), field(o, 'deployments.0.rolloutState'), field(o, 'runningCount')]).toEqual([1, 'COMPLETED', 3])
      expect(field(o, 'deployments.0.taskDefinition')).toMatch(/diff-web:2$/)
    },
  },
  'DescribeServices events after time passes': {
    reason: "moto's service events are always empty; ours are AWS's messages, newest first",
    fields: ['count', 'newest'],
    moto: (o) => expect(o.value).toEqual({count: 0}),
    ours: (o) => {
      expect(field(o, 'count')).toBeGreaterThan(2)
      expect(field(o, 'newest')).toBe('(service diff-web-svc) has reached a steady state.')
    },
  },
  'ListTasks of a service': {
    reason: "moto's services start no tasks; ours run desiredCount tasks",
    moto: (o) => expect(o.value).toBe(0),
    ours: (o) => expect(o.value).toBe(3),
  },
  'DeleteService force': {
    reason: 'AWS (and we) answer DRAINING with desiredCount scaled to 0, then INACTIVE once the tasks stopped; moto is INACTIVE at once and keeps desiredCount',
    fields: ['status', 'desiredCount'],
    moto: (o) => expect([field(o, 'status'), field(o, 'desiredCount')]).toEqual(['INACTIVE', 1]),
    ours: (o) => expect([field(o, 'status'), field(o, 'desiredCount')]).toEqual(['DRAINING', 0]),
  },
  'RunTask FARGATE': {
    reason:
      'AWS (and we) start a task PROVISIONING, report the task cpu/memory and `inferenceAcceleratorOverrides: []`, and have no exit code or stoppedReason yet; moto starts RUNNING, omits cpu/memory, and reports exitCode 0 and stoppedReason ""',
    fields: TASK_FIELDS,
    moto: (o) => {
      expect([field(o, 'tasks.0.lastStatus'), field(o, 'tasks.0.cpu'), field(o, 'tasks.0.stoppedReason')]).toEqual(['RUNNING', undefined, ''])
      expect(field(o, 'tasks.0.containers.0.exitCode')).toBe(0)
    },
    ours: (o) => {
      expect([field(o, 'tasks.0.lastStatus'), field(o, 'tasks.0.cpu'), field(o, 'tasks.0.memory'), field(o, 'tasks.0.stoppedReason')]).toEqual([
        'PROVISIONING',
        '256',
        '512',
        undefined,
      ])
      expect([field(o, 'tasks.0.containers.0.exitCode'), field(o, 'tasks.0.overrides.inferenceAcceleratorOverrides')]).toEqual([undefined, []])
    },
  },
  'RunTask missing task definition': {
    reason:
      "moto answers ClientException, we InvalidParameterException; AWS's answer for RunTask is not confirmed (for CreateService it is ClientException, fixed)",
    moto: rejectedWith('ClientException'),
    ours: rejectedWith('InvalidParameterException'),
  },
  DescribeTasks: {
    reason:
      'moto advances a task one state per DescribeTasks call (RUNNING → DEACTIVATING → …) and leaves unknown tasks out; AWS (and we) follow time, and report unknown tasks in failures as MISSING',
    fields: [...TASK_FIELDS, 'failures'],
    moto: (o) => {
      expect(field(o, 'tasks.0.lastStatus')).toBe('DEACTIVATING')
      expect(field(o, 'failures')).toEqual([])
    },
    ours: (o) => {
      expect(field(o, 'tasks.0.lastStatus')).toBe('PROVISIONING')
      expect(field(o, 'failures')).toEqual([[`arn:aws:ecs:${REGION}:123456789012:task/diff/<id>`, 'MISSING']])
    },
  },
  'DescribeTasks after time passes': {
    reason:
      'our `echo hello` task ends by itself with exit code 0 and stopCode EssentialContainerExited; moto never runs anything: its containers stay PENDING with exitCode 0',
    fields: [...TASK_FIELDS.map((path) => path.replace('tasks.*.', '')), 'desiredStatus', 'stopCode', 'containers.*.lastStatus'],
    moto: (o) => expect([field(o, 'stopCode'), field(o, 'containers.0.lastStatus'), field(o, 'containers.0.exitCode')]).toEqual([undefined, 'PENDING', 0]),
    ours: (o) => {
      expect([field(o, 'lastStatus'), field(o, 'desiredStatus'), field(o, 'stopCode')]).toEqual(['STOPPED', 'STOPPED', 'EssentialContainerExited'])
      expect([field(o, 'containers.0.lastStatus'), field(o, 'containers.0.exitCode')]).toEqual(['STOPPED', 0])
    },
  },
}

const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'

const webContainer: ContainerDefinition = {
  name: 'web',
  image: 'example/web:1',
  // moto's RunTask sums container memory and crashes (TypeError, HTTP 500) on a container without it.
  memory: 512,
  portMappings: [{containerPort: 8080}],
  secrets: [{name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/db-password'}],
  logConfiguration: {
    logDriver: 'awslogs',
    options: {'awslogs-group': '/diff/web', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'web', 'awslogs-create-group': 'true'},
  },
  environment: [{name: 'MODE', value: 'diff'}],
}

const fargateDefinition: RegisterTaskDefinitionCommandInput = {
  family: 'diff-web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: ROLE,
  containerDefinitions: [webContainer],
  tags: [{key: 'team', value: 'diff'}],
}

const ec2Definition: RegisterTaskDefinitionCommandInput = {
  family: 'diff-ec2',
  networkMode: 'bridge',
  containerDefinitions: [{name: 'app', image: 'example/app:1', memory: 256, portMappings: [{containerPort: 80}]}],
}

function pickDefinition(d: TaskDefinition | undefined) {
  return {
    arn: d?.taskDefinitionArn,
    family: d?.family,
    revision: d?.revision,
    status: d?.status,
    networkMode: d?.networkMode,
    cpu: d?.cpu,
    memory: d?.memory,
    requiresCompatibilities: d?.requiresCompatibilities,
    compatibilities: d?.compatibilities,
    executionRoleArn: d?.executionRoleArn,
    containers: d?.containerDefinitions?.map((c) => ({
      name: c.name,
      image: c.image,
      cpu: c.cpu,
      memory: c.memory,
      essential: c.essential,
      portMappings: c.portMappings,
      environment: c.environment,
      secrets: c.secrets,
      logConfiguration: c.logConfiguration,
    })),
  }
}

function pickService(s: Service | undefined) {
  return {
    arn: s?.serviceArn,
    name: s?.serviceName,
    cluster: s?.clusterArn,
    status: s?.status,
    desiredCount: s?.desiredCount,
    runningCount: s?.runningCount,
    pendingCount: s?.pendingCount,
    launchType: s?.launchType,
    taskDefinition: s?.taskDefinition,
    schedulingStrategy: s?.schedulingStrategy,
    deploymentConfiguration: s?.deploymentConfiguration,
    networkConfiguration: s?.networkConfiguration,
    deployments: s?.deployments?.map((d) => ({
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinition,
      desiredCount: d.desiredCount,
      runningCount: d.runningCount,
      pendingCount: d.pendingCount,
      rolloutState: d.rolloutState,
      launchType: d.launchType,
    })),
    events: s?.events?.length,
  }
}

function pickTask(t: Task | undefined) {
  return {
    arn: t?.taskArn,
    cluster: t?.clusterArn,
    taskDefinition: t?.taskDefinitionArn,
    lastStatus: t?.lastStatus,
    desiredStatus: t?.desiredStatus,
    launchType: t?.launchType,
    startedBy: t?.startedBy,
    group: t?.group,
    cpu: t?.cpu,
    memory: t?.memory,
    overrides: t?.overrides,
    stoppedReason: t?.stoppedReason,
    stopCode: t?.stopCode,
    attachments: t?.attachments?.map((a) => a.type),
    containers: t?.containers?.map((c) => ({name: c.name, image: c.image, lastStatus: c.lastStatus, exitCode: c.exitCode})),
  }
}

/** Leaves out what the rejected-registration steps may have left behind (moto accepts them). */
const inScenario = (name: string): boolean => /(^|\/)diff-/.test(name)

/** Tag order is not part of the contract. */
const byKey = (tags: Tag[] | undefined): Tag[] | undefined => tags && [...tags].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''))

async function ecsScenario(t: Target): Promise<Outcome[]> {
  const out: Outcome[] = []
  const cluster = 'diff'
  const awsvpc = {awsvpcConfiguration: {subnets: t.network.subnets, securityGroups: [t.network.securityGroup], assignPublicIp: 'ENABLED' as const}}
  const describeService = async (name: string) => pickService((await t.ecs.send(new DescribeServicesCommand({cluster, services: [name]}))).services?.[0])

  await step(out, 'CreateCluster', async () => {
    const c = (await t.ecs.send(new CreateClusterCommand({clusterName: cluster, tags: [{key: 'env', value: 'diff'}]}))).cluster
    return {
      arn: c?.clusterArn,
      name: c?.clusterName,
      status: c?.status,
      services: c?.activeServicesCount,
      running: c?.runningTasksCount,
      pending: c?.pendingTasksCount,
    }
  })
  await step(out, 'DescribeClusters', async () => {
    const r = await t.ecs.send(new DescribeClustersCommand({clusters: [cluster, 'no-such-cluster']}))
    return {clusters: r.clusters?.map((c) => [c.clusterName, c.status]), failures: r.failures?.map((f) => [f.arn, f.reason])}
  })
  await step(out, 'DescribeClusters default', async () =>
    (await t.ecs.send(new DescribeClustersCommand({clusters: ['default']}))).clusters?.map((c) => c.clusterName),
  )

  // Task definitions
  await step(out, 'RegisterTaskDefinition EC2 bridge', async () =>
    pickDefinition((await t.ecs.send(new RegisterTaskDefinitionCommand(ec2Definition))).taskDefinition),
  )
  await step(
    out,
    'RegisterTaskDefinition EC2 bridge again',
    async () => (await t.ecs.send(new RegisterTaskDefinitionCommand(ec2Definition))).taskDefinition?.revision,
  )
  await step(out, 'RegisterTaskDefinition Fargate', async () => {
    const r = await t.ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition))
    return {definition: pickDefinition(r.taskDefinition), tags: r.tags}
  })
  await step(out, 'RegisterTaskDefinition Fargate without awsvpc', () =>
    t.ecs.send(new RegisterTaskDefinitionCommand({...fargateDefinition, family: 'bad-fargate', networkMode: 'bridge'})),
  )
  await step(out, 'RegisterTaskDefinition Fargate invalid size', () =>
    t.ecs.send(new RegisterTaskDefinitionCommand({...fargateDefinition, family: 'bad-fargate', cpu: '256', memory: '4096'})),
  )
  await step(out, 'DescribeTaskDefinition include TAGS', async () => {
    const r = await t.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'diff-web', include: ['TAGS']}))
    return {definition: pickDefinition(r.taskDefinition), tags: r.tags}
  })
  await step(
    out,
    'DescribeTaskDefinition without include',
    async () => (await t.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'diff-web:1'}))).tags,
  )
  await step(out, 'DescribeTaskDefinition missing', () => t.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'diff-missing:1'})))
  await step(out, 'DescribeTaskDefinition missing revision', () => t.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'diff-web:9'})))
  await step(out, 'ListTaskDefinitions', async () => (await t.ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns?.filter(inScenario))
  await step(
    out,
    'ListTaskDefinitions familyPrefix DESC',
    async () => (await t.ecs.send(new ListTaskDefinitionsCommand({familyPrefix: 'diff-ec2', sort: 'DESC'}))).taskDefinitionArns,
  )
  await step(
    out,
    'ListTaskDefinitions familyPrefix partial',
    async () => (await t.ecs.send(new ListTaskDefinitionsCommand({familyPrefix: 'diff'}))).taskDefinitionArns,
  )
  await step(out, 'ListTaskDefinitions maxResults', async () => {
    const r = await t.ecs.send(new ListTaskDefinitionsCommand({familyPrefix: 'diff-ec2', maxResults: 1}))
    return {arns: r.taskDefinitionArns, more: r.nextToken !== undefined}
  })
  await step(out, 'ListTaskDefinitionFamilies', async () => (await t.ecs.send(new ListTaskDefinitionFamiliesCommand({}))).families?.filter(inScenario))
  await step(out, 'ListTaskDefinitionFamilies prefix', async () => (await t.ecs.send(new ListTaskDefinitionFamiliesCommand({familyPrefix: 'diff-w'}))).families)
  await step(out, 'DeregisterTaskDefinition', async () => {
    const d = (await t.ecs.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'diff-ec2:1'}))).taskDefinition
    return {arn: d?.taskDefinitionArn, status: d?.status}
  })
  await step(out, 'DeregisterTaskDefinition without revision', () => t.ecs.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'diff-ec2'})))
  await step(out, 'DeregisterTaskDefinition missing', () => t.ecs.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'diff-ec2:9'})))
  await step(out, 'ListTaskDefinitions INACTIVE', async () => (await t.ecs.send(new ListTaskDefinitionsCommand({status: 'INACTIVE'}))).taskDefinitionArns)
  await step(
    out,
    'DescribeTaskDefinition family after deregister',
    async () => (await t.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'diff-ec2'}))).taskDefinition?.revision,
  )
  await step(
    out,
    'DescribeTaskDefinition INACTIVE revision',
    async () => (await t.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'diff-ec2:1'}))).taskDefinition?.status,
  )

  // Services
  await step(out, 'CreateService EC2', async () =>
    pickService(
      (await t.ecs.send(new CreateServiceCommand({cluster, serviceName: 'diff-ec2-svc', taskDefinition: 'diff-ec2', desiredCount: 2, launchType: 'EC2'})))
        .service,
    ),
  )
  await step(out, 'CreateService FARGATE', async () =>
    pickService(
      (
        await t.ecs.send(
          new CreateServiceCommand({
            cluster,
            serviceName: 'diff-web-svc',
            taskDefinition: 'diff-web:1',
            desiredCount: 2,
            launchType: 'FARGATE',
            networkConfiguration: awsvpc,
            deploymentConfiguration: {minimumHealthyPercent: 50, maximumPercent: 200, deploymentCircuitBreaker: {enable: true, rollback: true}},
            tags: [{key: 'svc', value: 'web'}],
          }),
        )
      ).service,
    ),
  )
  await step(out, 'CreateService duplicate', () =>
    t.ecs.send(new CreateServiceCommand({cluster, serviceName: 'diff-ec2-svc', taskDefinition: 'diff-ec2', desiredCount: 1})),
  )
  await step(out, 'CreateService missing cluster', () =>
    t.ecs.send(new CreateServiceCommand({cluster: 'no-such-cluster', serviceName: 'x', taskDefinition: 'diff-ec2', desiredCount: 1})),
  )
  await step(out, 'CreateService missing task definition', () =>
    t.ecs.send(new CreateServiceCommand({cluster, serviceName: 'diff-x', taskDefinition: 'diff-missing:1', desiredCount: 1})),
  )
  await step(out, 'DescribeServices with a missing one', async () => {
    const r = await t.ecs.send(new DescribeServicesCommand({cluster, services: ['diff-ec2-svc', 'diff-web-svc', 'no-such-service'], include: ['TAGS']}))
    return {services: r.services?.map((s) => [s.serviceName, s.status, s.tags]), failures: r.failures?.map((f) => [f.arn, f.reason])}
  })
  await step(out, 'ListServices', async () => (await t.ecs.send(new ListServicesCommand({cluster}))).serviceArns?.sort())
  await step(out, 'ListServices maxResults', async () => {
    const r = await t.ecs.send(new ListServicesCommand({cluster, maxResults: 1}))
    return {count: r.serviceArns?.length, more: r.nextToken !== undefined}
  })
  await step(out, 'DescribeServices more than 10', () =>
    t.ecs.send(new DescribeServicesCommand({cluster, services: Array.from({length: 11}, (_, i) => `diff-${i}`)})),
  )
  await step(out, 'UpdateService desiredCount only', async () => {
    const s = (await t.ecs.send(new UpdateServiceCommand({cluster, service: 'diff-ec2-svc', desiredCount: 1}))).service
    return {desiredCount: s?.desiredCount, deployments: s?.deployments?.length}
  })
  await step(out, 'UpdateService taskDefinition + desiredCount', async () => {
    await t.ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition))
    return pickService((await t.ecs.send(new UpdateServiceCommand({cluster, service: 'diff-web-svc', taskDefinition: 'diff-web:2', desiredCount: 3}))).service)
  })
  await step(out, 'UpdateService missing', () => t.ecs.send(new UpdateServiceCommand({cluster, service: 'no-such-service', desiredCount: 1})))
  await t.settle()
  await step(out, 'DescribeServices after time passes', () => describeService('diff-web-svc'))
  await step(out, 'DescribeServices events after time passes', async () => {
    const events = (await t.ecs.send(new DescribeServicesCommand({cluster, services: ['diff-web-svc']}))).services?.[0]?.events ?? []
    return {count: events.length, newest: events[0]?.message}
  })
  await step(out, 'ListTasks of a service', async () => (await t.ecs.send(new ListTasksCommand({cluster, serviceName: 'diff-web-svc'}))).taskArns?.length)
  await step(out, 'DeleteService without force', () => t.ecs.send(new DeleteServiceCommand({cluster, service: 'diff-ec2-svc'})))
  await step(out, 'DeleteService force', async () => {
    const s = (await t.ecs.send(new DeleteServiceCommand({cluster, service: 'diff-ec2-svc', force: true}))).service
    return {name: s?.serviceName, status: s?.status, desiredCount: s?.desiredCount}
  })
  await step(out, 'ListServices after delete', async () => (await t.ecs.send(new ListServicesCommand({cluster}))).serviceArns)
  await step(out, 'DeleteService missing', () => t.ecs.send(new DeleteServiceCommand({cluster, service: 'no-such-service'})))

  // Tasks
  let taskArns: string[] = []
  await step(out, 'RunTask FARGATE', async () => {
    const r = await t.ecs.send(
      new RunTaskCommand({
        cluster,
        taskDefinition: 'diff-web:1',
        launchType: 'FARGATE',
        count: 2,
        startedBy: 'hako-diff',
        networkConfiguration: awsvpc,
        overrides: {containerOverrides: [{name: 'web', command: ['echo', 'hello']}]},
      }),
    )
    taskArns = r.tasks?.map((task) => task.taskArn ?? '') ?? []
    return {tasks: r.tasks?.map(pickTask), failures: r.failures}
  })
  await step(out, 'RunTask missing task definition', () =>
    t.ecs.send(new RunTaskCommand({cluster, taskDefinition: 'diff-missing:1', launchType: 'FARGATE', networkConfiguration: awsvpc})),
  )
  await step(out, 'DescribeTasks', async () => {
    const r = await t.ecs.send(
      new DescribeTasksCommand({cluster, tasks: [...taskArns, `arn:aws:ecs:${REGION}:123456789012:task/${cluster}/0123456789abcdef0123456789abcdef`]}),
    )
    return {tasks: r.tasks?.map(pickTask), failures: r.failures?.map((f) => [f.arn, f.reason])}
  })
  await step(out, 'ListTasks startedBy', async () => (await t.ecs.send(new ListTasksCommand({cluster, startedBy: 'hako-diff'}))).taskArns?.length)
  await step(out, 'StopTask', async () => {
    const task = (await t.ecs.send(new StopTaskCommand({cluster, task: taskArns[0], reason: 'stopped by the diff'}))).task
    return {stoppedReason: task?.stoppedReason, desiredStatus: task?.desiredStatus}
  })
  await step(out, 'StopTask missing', () =>
    t.ecs.send(new StopTaskCommand({cluster, task: `arn:aws:ecs:${REGION}:123456789012:task/${cluster}/0123456789abcdef0123456789abcdef`})),
  )
  await step(out, 'DescribeTasks after StopTask', async () => {
    const task = (await t.ecs.send(new DescribeTasksCommand({cluster, tasks: [taskArns[0] ?? '']}))).tasks?.[0]
    return {stoppedReason: task?.stoppedReason, desiredStatus: task?.desiredStatus}
  })

  await t.settle()
  await step(out, 'DescribeTasks after time passes', async () =>
    pickTask((await t.ecs.send(new DescribeTasksCommand({cluster, tasks: [taskArns[1] ?? '']}))).tasks?.[0]),
  )

  // Tags
  await step(out, 'TagResource + ListTagsForResource cluster', async () => {
    const arn = `arn:aws:ecs:${REGION}:123456789012:cluster/${cluster}`
    await t.ecs.send(new TagResourceCommand({resourceArn: arn, tags: [{key: 'owner', value: 'h'}]}))
    return byKey((await t.ecs.send(new ListTagsForResourceCommand({resourceArn: arn}))).tags)
  })
  await step(out, 'UntagResource', async () => {
    const arn = `arn:aws:ecs:${REGION}:123456789012:cluster/${cluster}`
    await t.ecs.send(new UntagResourceCommand({resourceArn: arn, tagKeys: ['owner']}))
    return (await t.ecs.send(new ListTagsForResourceCommand({resourceArn: arn}))).tags
  })
  await step(out, 'ListTagsForResource missing', () =>
    t.ecs.send(new ListTagsForResourceCommand({resourceArn: `arn:aws:ecs:${REGION}:123456789012:cluster/no-such-cluster`})),
  )
  await step(
    out,
    'ListTagsForResource task definition',
    async () => (await t.ecs.send(new ListTagsForResourceCommand({resourceArn: `arn:aws:ecs:${REGION}:123456789012:task-definition/diff-web:1`}))).tags,
  )
  await step(
    out,
    'ListTagsForResource service',
    async () => (await t.ecs.send(new ListTagsForResourceCommand({resourceArn: `arn:aws:ecs:${REGION}:123456789012:service/${cluster}/diff-web-svc`}))).tags,
  )
  return out
}

let sides: Sides
let motoTarget: Target
let localTarget: Target
let ours: Outcome[]
let theirs: Outcome[]

beforeAll(async () => {
  sides = await startSides()
  const {moto, motoClients, ours: local} = sides
  const subnetsXml = await moto.ec2('DescribeSubnets')
  const subnets = [...subnetsXml.matchAll(/<subnetId>(subnet-[0-9a-f]+)<\/subnetId>/g)].map((m) => m[1] ?? '').slice(0, 2)
  const groupsXml = await moto.ec2('DescribeSecurityGroups')
  const securityGroup = /<groupId>(sg-[0-9a-f]+)<\/groupId>/.exec(groupsXml)?.[1] ?? ''
  const network = {subnets, securityGroup}
  motoTarget = {clients: motoClients, ecs: motoClients.ecs, network, settle: async () => {}}
  // moto's first ECS call initialises its backend (about 2 s): pay it here, not in a test.
  await motoTarget.ecs.send(new DescribeClustersCommand({clusters: ['warm-up']}))
  localTarget = {
    clients: local.clients,
    ecs: local.clients.ecs,
    network,
    settle: async () => {
      local.clock.advance(10 * 60_000)
    },
  }
  // The scenario is one sequence of dependent calls; the tests below judge its outcomes.
  ours = await ecsScenario(localTarget)
  theirs = await ecsScenario(motoTarget)
}, 60_000)

afterAll(async () => {
  await sides?.close()
})

describe('ECS held against moto', () => {
  it('takes the same steps and agrees on every step not listed as deliberate', () => {
    expectNoUnexplainedDifferences(ours, theirs, DELIBERATE)
  })

  it.each(Object.entries(DELIBERATE))('differs on purpose: %s', (name, difference) => {
    expectDeliberateDifference(name, difference, ours, theirs)
  })
})
