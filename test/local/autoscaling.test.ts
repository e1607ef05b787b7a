import {
  AlreadyExistsFault,
  AutoScalingServiceException,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  InvalidNextToken,
  ResourceInUseFault,
  SetDesiredCapacityCommand,
  UpdateAutoScalingGroupCommand,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling'
import {DescribeContainerInstancesCommand, ListContainerInstancesCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {LAUNCH_MS, TERMINATE_MS} from '../../src/local/autoscaling/instances.js'
import {CLUSTER_TAG, ensureAutoScalingGroup} from '../../src/local/autoscaling/state.js'
import {REGION, startTestAws, type TestAws} from '../support/local-aws.js'
import {rejection} from '../support/rejection.js'

let t: TestAws

beforeEach(async () => {
  t = await startTestAws({containerInstances: {cpu: 1024, memory: 2048}})
  await t.local.ensureCluster('batch', REGION, {instances: 0})
})

afterEach(async () => {
  await t.close()
})

const failure = (run: Promise<unknown>): Promise<AutoScalingServiceException> => rejection(run, AutoScalingServiceException)

async function group(name = 'batch-asg') {
  const out = await t.clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({AutoScalingGroupNames: [name]}))
  return out.AutoScalingGroups?.[0]
}

async function containerInstances(cluster = 'batch') {
  const arns = (await t.clients.ecs.send(new ListContainerInstancesCommand({cluster}))).containerInstanceArns ?? []
  if (arns.length === 0) return []
  return (await t.clients.ecs.send(new DescribeContainerInstancesCommand({cluster, containerInstances: arns}))).containerInstances ?? []
}

async function linkedGroup(sizes = {min: 0, max: 3, desired: 0}): Promise<void> {
  await t.local.mutate((world) => {
    ensureAutoScalingGroup(world, 'batch-asg', {cluster: 'batch', region: REGION, ...sizes})
  })
}

describe('local EC2 Auto Scaling', () => {
  it('describes a group with its sizes, zones and link tag, and leaves out names it does not know', async () => {
    await linkedGroup({min: 0, max: 3, desired: 0})
    const out = await t.clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({AutoScalingGroupNames: ['batch-asg', 'nope']}))
    expect(out.AutoScalingGroups).toHaveLength(1)
    const described = out.AutoScalingGroups?.[0]
    expect(described).toMatchObject({
      AutoScalingGroupName: 'batch-asg',
      MinSize: 0,
      MaxSize: 3,
      DesiredCapacity: 0,
      Instances: [],
      AvailabilityZones: ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
      Tags: [
        {Key: CLUSTER_TAG, Value: 'batch', ResourceId: 'batch-asg', ResourceType: 'auto-scaling-group', PropagateAtLaunch: false},
        {Key: 'Name', Value: 'batch-asg', ResourceId: 'batch-asg', ResourceType: 'auto-scaling-group', PropagateAtLaunch: true},
      ],
    })
    expect(described?.AutoScalingGroupARN).toMatch(
      /^arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\/batch-asg$/,
    )
    expect(described?.CreatedTime).toBeInstanceOf(Date)
  })

  it('launches instances on SetDesiredCapacity that turn InService and register in the linked cluster', async () => {
    await linkedGroup()
    await t.clients.autoScaling.send(new SetDesiredCapacityCommand({AutoScalingGroupName: 'batch-asg', DesiredCapacity: 2}))
    const pending = await group()
    expect(pending?.DesiredCapacity).toBe(2)
    expect(pending?.Instances?.map((i) => i.LifecycleState)).toEqual(['Pending', 'Pending'])
    expect(await containerInstances()).toEqual([])

    t.clock.advance(LAUNCH_MS)
    const up = await group()
    expect(up?.Instances?.map((i) => i.LifecycleState)).toEqual(['InService', 'InService'])
    // Spread over zones, as Auto Scaling balances them.
    expect(new Set(up?.Instances?.map((i) => i.AvailabilityZone)).size).toBe(2)
    const registered = await containerInstances()
    expect(registered.map((c) => c.ec2InstanceId).sort()).toEqual(up?.Instances?.map((i) => i.InstanceId).sort())
    for (const instance of registered) {
      expect(instance).toMatchObject({status: 'ACTIVE', agentConnected: true})
      expect(instance.registeredResources?.find((r) => r.name === 'CPU')?.integerValue).toBe(1024)
      expect(instance.registeredResources?.find((r) => r.name === 'MEMORY')?.integerValue).toBe(2048)
      const zone = instance.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value
      expect(zone).toBe(up?.Instances?.find((i) => i.InstanceId === instance.ec2InstanceId)?.AvailabilityZone)
    }
  })

  it('terminates and deregisters instances when the desired capacity drops', async () => {
    await linkedGroup({min: 0, max: 3, desired: 2})
    t.clock.advance(LAUNCH_MS)
    const before = await group()
    expect(before?.Instances).toHaveLength(2)
    expect(await containerInstances()).toHaveLength(2)

    await t.clients.autoScaling.send(new SetDesiredCapacityCommand({AutoScalingGroupName: 'batch-asg', DesiredCapacity: 1}))
    const shrinking = await group()
    expect(shrinking?.Instances?.map((i) => i.LifecycleState).sort()).toEqual(['InService', 'Terminating'])
    const terminating = shrinking?.Instances?.find((i) => i.LifecycleState === 'Terminating')?.InstanceId
    const remaining = await containerInstances()
    expect(remaining.map((c) => c.ec2InstanceId)).not.toContain(terminating)
    expect(remaining).toHaveLength(1)

    t.clock.advance(TERMINATE_MS)
    expect((await group())?.Instances?.map((i) => i.InstanceId)).toEqual(remaining.map((c) => c.ec2InstanceId))
  })

  it('refuses a desired capacity outside MinSize..MaxSize with AWS’s ValidationError', async () => {
    await linkedGroup({min: 1, max: 2, desired: 1})
    const above = await failure(t.clients.autoScaling.send(new SetDesiredCapacityCommand({AutoScalingGroupName: 'batch-asg', DesiredCapacity: 3})))
    expect(above.name).toBe('ValidationError')
    expect(above.message).toBe('New SetDesiredCapacity value 3 is above max value 2 for the AutoScalingGroup.')
    const below = await failure(t.clients.autoScaling.send(new SetDesiredCapacityCommand({AutoScalingGroupName: 'batch-asg', DesiredCapacity: 0})))
    expect(below.message).toBe('New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.')
    const missing = await failure(t.clients.autoScaling.send(new SetDesiredCapacityCommand({AutoScalingGroupName: 'other', DesiredCapacity: 1})))
    expect(missing.name).toBe('ValidationError')
    expect(missing.message).toBe('AutoScalingGroup name not found - AutoScalingGroup other not found')
    expect((await group())?.DesiredCapacity).toBe(1)
  })

  it('pages DescribeAutoScalingGroups with MaxRecords and NextToken', async () => {
    await t.local.mutate((world) => {
      for (const name of ['g-c', 'g-a', 'g-e', 'g-b', 'g-d'])
        ensureAutoScalingGroup(world, name, {cluster: 'batch', region: REGION, min: 0, max: 1, desired: 0})
    })
    const first = await t.clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({MaxRecords: 2}))
    expect(first.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(['g-a', 'g-b'])
    expect(first.NextToken).toBeTruthy()
    const names: string[] = []
    for await (const page of paginateDescribeAutoScalingGroups({client: t.clients.autoScaling, pageSize: 2}, {})) {
      names.push(...(page.AutoScalingGroups ?? []).map((g) => g.AutoScalingGroupName ?? ''))
    }
    expect(names).toEqual(['g-a', 'g-b', 'g-c', 'g-d', 'g-e'])
    const bad = await failure(t.clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({NextToken: 'not-a-token'})))
    expect(bad).toBeInstanceOf(InvalidNextToken)
    const tooMany = await failure(t.clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({MaxRecords: 101})))
    expect(tooMany.name).toBe('ValidationError')
  })

  it('keeps groups per region', async () => {
    await linkedGroup()
    const other = t.clients.forRegion('us-west-2').autoScaling
    expect((await other.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toEqual([])
  })

  it('creates, updates and deletes groups through the API, linking the cluster by tag', async () => {
    const create = (extra: Record<string, unknown> = {}) =>
      t.clients.autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'api-asg',
          LaunchTemplate: {LaunchTemplateName: 'ecs-batch', Version: '$Latest'},
          MinSize: 0,
          MaxSize: 2,
          DesiredCapacity: 1,
          VPCZoneIdentifier: 'subnet-0aaa1111,subnet-0bbb2222',
          Tags: [{Key: CLUSTER_TAG, Value: 'batch', PropagateAtLaunch: true}],
          ...extra,
        }),
      )
    await create()
    expect(await failure(create())).toBeInstanceOf(AlreadyExistsFault)
    const noTemplate = await failure(
      t.clients.autoScaling.send(
        new CreateAutoScalingGroupCommand({AutoScalingGroupName: 'bare', MinSize: 0, MaxSize: 1, AvailabilityZones: ['ap-northeast-1a']}),
      ),
    )
    expect(noTemplate.message).toMatch(/must contain either LaunchTemplate, LaunchConfigurationName/)
    const described = await group('api-asg')
    expect(described).toMatchObject({
      LaunchTemplate: {LaunchTemplateName: 'ecs-batch', Version: '$Latest'},
      VPCZoneIdentifier: 'subnet-0aaa1111,subnet-0bbb2222',
      AvailabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
    })
    t.clock.advance(LAUNCH_MS)
    expect((await containerInstances()).map((c) => c.ec2InstanceId)).toEqual((await group('api-asg'))?.Instances?.map((i) => i.InstanceId))

    const bounds = await failure(t.clients.autoScaling.send(new UpdateAutoScalingGroupCommand({AutoScalingGroupName: 'api-asg', MinSize: 3})))
    expect(bounds.message).toBe('Max bound, 2, must be greater than or equal to min bound, 3')
    const desired = await failure(t.clients.autoScaling.send(new UpdateAutoScalingGroupCommand({AutoScalingGroupName: 'api-asg', DesiredCapacity: 5})))
    expect(desired.message).toBe('Desired capacity:5 must be between the specified min size:0 and max size:2')
    // A MaxSize below the desired capacity lowers it, as on AWS.
    await t.clients.autoScaling.send(new UpdateAutoScalingGroupCommand({AutoScalingGroupName: 'api-asg', MaxSize: 0}))
    expect(await group('api-asg')).toMatchObject({MaxSize: 0, DesiredCapacity: 0})
    expect(await containerInstances()).toEqual([])

    await t.clients.autoScaling.send(new UpdateAutoScalingGroupCommand({AutoScalingGroupName: 'api-asg', MaxSize: 2, DesiredCapacity: 1}))
    expect(await failure(t.clients.autoScaling.send(new DeleteAutoScalingGroupCommand({AutoScalingGroupName: 'api-asg'})))).toBeInstanceOf(ResourceInUseFault)
    await t.clients.autoScaling.send(new DeleteAutoScalingGroupCommand({AutoScalingGroupName: 'api-asg', ForceDelete: true}))
    expect(await group('api-asg')).toBeUndefined()
    const gone = await failure(t.clients.autoScaling.send(new DeleteAutoScalingGroupCommand({AutoScalingGroupName: 'api-asg'})))
    expect(gone.message).toBe('AutoScalingGroup name not found - AutoScalingGroup api-asg not found')
  })

  it('records calls as autoscaling and answers injected throttling in the awsQuery shape', async () => {
    await linkedGroup()
    t.local.faults.operation('autoscaling:DescribeAutoScalingGroups', {throttleNext: 1})
    const throttled = await failure(group())
    expect(throttled.name).toBe('Throttling')
    expect(throttled.message).toBe('Rate exceeded')
    expect((await group())?.AutoScalingGroupName).toBe('batch-asg')
    expect(t.local.count({service: 'autoscaling', operation: 'DescribeAutoScalingGroups'})).toBe(2)
    expect(t.local.calls().find((c) => c.service === 'autoscaling')?.input).toMatchObject({AutoScalingGroupNames: ['batch-asg']})
  })

  it('answers operations it does not simulate with 501', async () => {
    const {DescribeScalingActivitiesCommand} = await import('@aws-sdk/client-auto-scaling')
    const error = await t.clients.autoScaling.send(new DescribeScalingActivitiesCommand({AutoScalingGroupName: 'batch-asg'})).catch((e: unknown) => e)
    expect((error as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode).toBe(501)
    const raw = await fetch(t.local.endpoint, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: 'Action=DescribeScalingActivities&Version=2011-01-01',
    })
    expect(raw.status).toBe(501)
    expect(await raw.text()).toContain('hako local AWS does not implement autoscaling operation DescribeScalingActivities')
  })
})
