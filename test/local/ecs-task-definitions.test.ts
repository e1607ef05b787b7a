import {
  ClientException,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateListTaskDefinitions,
} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {appContainer} from './support/app-container.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'

let t: TestAws

beforeEach(async () => {
  t = await startTestAws()
})
afterEach(async () => {
  await t.close()
})

const register = (family: string, extra: Record<string, unknown> = {}) =>
  t.clients.ecs.send(new RegisterTaskDefinitionCommand({family, containerDefinitions: [appContainer()], ...extra}))

describe('task definitions', () => {
  it('numbers revisions per family and fills in the defaults ECS returns', async () => {
    const first = await register('web', {tags: [{key: 'team', value: 'a'}]})
    const second = await register('web')
    expect(first.taskDefinition?.revision).toBe(1)
    expect(second.taskDefinition?.revision).toBe(2)
    expect(second.taskDefinition?.taskDefinitionArn).toBe('arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2')
    const container = second.taskDefinition?.containerDefinitions?.[0]
    expect(container?.portMappings).toEqual([{containerPort: 80, hostPort: 0, protocol: 'tcp'}])
    expect(container?.essential).toBe(true)
    expect(second.taskDefinition?.networkMode).toBe('bridge')
    expect(second.taskDefinition?.registeredAt).toBeInstanceOf(Date)
    expect(first.tags).toEqual([{key: 'team', value: 'a'}])
  })

  it('describes by family (latest ACTIVE), by family:revision and by ARN, with tags on request', async () => {
    const first = await register('web', {tags: [{key: 'team', value: 'a'}]})
    await register('web')
    await t.clients.ecs.send(new DeregisterTaskDefinitionCommand({taskDefinition: 'web:2'}))
    const latest = await t.clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'web'}))
    expect(latest.taskDefinition?.revision).toBe(1)
    expect(latest.tags).toBeUndefined()
    const byArn = await t.clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: first.taskDefinition?.taskDefinitionArn, include: ['TAGS']}))
    expect(byArn.tags).toEqual([{key: 'team', value: 'a'}])
    const inactive = await t.clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'web:2'}))
    expect(inactive.taskDefinition?.status).toBe('INACTIVE')
  })

  it('answers a missing definition with ClientException "Unable to describe task definition."', async () => {
    const error = await t.clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'nope'})).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ClientException)
    expect((error as Error).message).toBe('Unable to describe task definition.')
  })

  it('pages ListTaskDefinitions with nextToken and sorts both ways', async () => {
    for (let i = 0; i < 5; i += 1) await register('web')
    await register('api')
    const first = await t.clients.ecs.send(new ListTaskDefinitionsCommand({familyPrefix: 'web', maxResults: 2}))
    expect(first.taskDefinitionArns?.map((a) => a.split('/')[1])).toEqual(['web:1', 'web:2'])
    expect(first.nextToken).toBeDefined()
    const all: string[] = []
    for await (const page of paginateListTaskDefinitions({client: t.clients.ecs, pageSize: 2}, {familyPrefix: 'web', sort: 'DESC'})) {
      all.push(...(page.taskDefinitionArns ?? []).map((a) => a.split('/')[1] ?? ''))
    }
    expect(all).toEqual(['web:5', 'web:4', 'web:3', 'web:2', 'web:1'])
    const families = await t.clients.ecs.send(new ListTaskDefinitionFamiliesCommand({}))
    expect(families.families).toEqual(['api', 'web'])
  })

  it('tags and untags a task definition', async () => {
    const arn = (await register('web')).taskDefinition?.taskDefinitionArn
    await t.clients.ecs.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          {key: 'a', value: '1'},
          {key: 'b', value: '2'},
        ],
      }),
    )
    await t.clients.ecs.send(new UntagResourceCommand({resourceArn: arn, tagKeys: ['a']}))
    const tags = await t.clients.ecs.send(new ListTagsForResourceCommand({resourceArn: arn}))
    expect(tags.tags).toEqual([{key: 'b', value: '2'}])
  })
})

describe('task definition validation (as AWS rejects them)', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['Fargate without awsvpc', {requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512'}, /Fargate only supports network mode 'awsvpc'/],
    [
      'an invalid Fargate size',
      {requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '4096'},
      /No Fargate configuration exists for given values: 256 CPU, 4096 memory/,
    ],
    [
      'hostPort different from containerPort under awsvpc',
      {networkMode: 'awsvpc', containerDefinitions: [appContainer('app', 'x', {portMappings: [{containerPort: 80, hostPort: 8080}]})]},
      /host ports and container ports in port mappings must match/,
    ],
    ['a container without memory on EC2', {containerDefinitions: [{name: 'app', image: 'x'}]}, /At least one of 'memory' or 'memoryReservation'/],
    ['a family name over 255 characters', {family: 'f'.repeat(256)}, /Family contains invalid characters/],
  ]
  for (const [what, extra, message] of cases) {
    it(`rejects ${what} with ClientException`, async () => {
      const error = await register('web', extra).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ClientException)
      expect((error as Error).message).toMatch(message)
    })
  }

  it('accepts a valid Fargate definition and marks it FARGATE-compatible', async () => {
    const out = await register('web', {
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '1 vCPU',
      memory: '2 GB',
      containerDefinitions: [appContainer('app', 'x', {portMappings: [{containerPort: 80}]})],
    })
    expect(out.taskDefinition?.compatibilities).toEqual(['EC2', 'FARGATE'])
    expect(out.taskDefinition?.containerDefinitions?.[0]?.portMappings?.[0]?.hostPort).toBe(80)
  })
})
