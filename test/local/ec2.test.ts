/**
 * The local EC2 (reads only): DescribeInstances over the instances ECS and Auto Scaling already
 * hold, through the real SDK client.
 */
import {DescribeInstancesCommand, DescribeVpcsCommand, type EC2Client, EC2ServiceException, type Instance} from '@aws-sdk/client-ec2'
import {ListContainerInstancesCommand, DescribeContainerInstancesCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {LAUNCH_MS} from '../../src/local/autoscaling/instances.js'
import {ensureAutoScalingGroup, putGroup} from '../../src/local/autoscaling/state.js'
import {launchMissing} from '../../src/local/autoscaling/instances.js'
import {REGION, startTestAws, type TestAws} from '../support/local-aws.js'
import {rejection} from '../support/rejection.js'

let t: TestAws
let ec2: EC2Client

beforeEach(async () => {
  t = await startTestAws({containerInstances: {count: 2}})
  await t.local.ensureCluster('web', REGION)
  ec2 = await t.clients.ec2()
})

afterEach(async () => {
  await t.close()
})

async function ec2IdsOf(cluster: string): Promise<string[]> {
  const arns = (await t.clients.ecs.send(new ListContainerInstancesCommand({cluster}))).containerInstanceArns ?? []
  const out = await t.clients.ecs.send(new DescribeContainerInstancesCommand({cluster, containerInstances: arns}))
  return (out.containerInstances ?? []).map((c) => c.ec2InstanceId ?? '').sort()
}

const failure = (run: Promise<unknown>): Promise<EC2ServiceException> => rejection(run, EC2ServiceException)

function instances(out: {Reservations?: {Instances?: Instance[]}[]}): Instance[] {
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? [])
}

const nameOf = (instance: Instance) => instance.Tags?.find((tag) => tag.Key === 'Name')?.Value

describe('local EC2 DescribeInstances', () => {
  it("describes a cluster's container instances by id, named after the cluster", async () => {
    const ids = await ec2IdsOf('web')
    expect(ids).toHaveLength(2)

    const out = await ec2.send(new DescribeInstancesCommand({InstanceIds: ids}))

    expect(out.Reservations).toHaveLength(2)
    for (const reservation of out.Reservations ?? []) {
      expect(reservation.ReservationId).toMatch(/^r-[0-9a-f]+$/)
      expect(reservation.OwnerId).toBe('123456789012')
    }
    const described = instances(out)
    expect(described.map((i) => i.InstanceId).sort()).toEqual(ids)
    for (const instance of described) {
      expect(instance).toMatchObject({
        InstanceType: 'm5.large',
        State: {Code: 16, Name: 'running'},
        Placement: {AvailabilityZone: expect.stringMatching(/^ap-northeast-1[acd]$/)},
        PrivateIpAddress: expect.stringMatching(/^10\.0\.\d+\.\d+$/),
        Tags: [{Key: 'Name', Value: 'ecs-web'}],
      })
      expect(instance.LaunchTime).toBeInstanceOf(Date)
    }
  })

  it('names an unknown id as AWS does, one or many, and refuses a malformed one', async () => {
    const [known] = await ec2IdsOf('web')

    const one = await failure(ec2.send(new DescribeInstancesCommand({InstanceIds: [known ?? '', 'i-0123456789abcdef0']})))
    expect([one.name, one.message]).toEqual(['InvalidInstanceID.NotFound', "The instance ID 'i-0123456789abcdef0' does not exist"])
    expect(one.$metadata.httpStatusCode).toBe(400)

    const two = await failure(ec2.send(new DescribeInstancesCommand({InstanceIds: ['i-0000000000000000a', 'i-0000000000000000b']})))
    expect(two.message).toBe("The instance IDs 'i-0000000000000000a, i-0000000000000000b' do not exist")

    const bad = await failure(ec2.send(new DescribeInstancesCommand({InstanceIds: ['web-1']})))
    expect([bad.name, bad.message]).toEqual(['InvalidInstanceID.Malformed', 'Invalid id: "web-1"'])
  })

  it('filters by instance-id and tag:Name (values ORed, wildcards), and refuses an unknown filter', async () => {
    await t.local.ensureCluster('api', REGION)
    const web = await ec2IdsOf('web')
    const api = await ec2IdsOf('api')

    const byName = instances(await ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'tag:Name', Values: ['ecs-api']}]})))
    expect(byName.map((i) => i.InstanceId).sort()).toEqual(api)

    const wildcard = instances(await ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'tag:Name', Values: ['ecs-w*', 'nothing']}]})))
    expect(wildcard.map((i) => i.InstanceId).sort()).toEqual(web)

    const both = instances(
      await ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            {Name: 'instance-id', Values: [web[0] ?? '', api[0] ?? '', 'i-0123456789abcdef0']},
            {Name: 'tag:Name', Values: ['ecs-web']},
          ],
        }),
      ),
    )
    expect(both.map((i) => i.InstanceId)).toEqual([web[0]])

    const none = await ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'tag:Name', Values: ['nobody']}]}))
    expect(none.Reservations).toEqual([])

    const unknown = await failure(ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'flavour', Values: ['x']}]})))
    expect([unknown.name, unknown.message]).toEqual(['InvalidParameterValue', "The filter 'flavour' is invalid"])
  })

  it("gives an Auto Scaling group's instances the tags it propagates, pending until they are in service", async () => {
    await t.local.mutate((world) => {
      const group = putGroup(world, {
        name: 'workers',
        region: REGION,
        minSize: 0,
        maxSize: 2,
        desiredCapacity: 1,
        createdAt: world.ecs.advancedTo,
        cluster: 'web',
        tags: [
          {key: 'Name', value: 'worker-node', propagateAtLaunch: true},
          {key: 'team', value: 'ops', propagateAtLaunch: false},
        ],
      })
      launchMissing(world, group, world.ecs.advancedTo)
    })
    const filter = {Filters: [{Name: 'tag:aws:autoscaling:groupName', Values: ['workers']}]}

    const pending = instances(await ec2.send(new DescribeInstancesCommand(filter)))
    expect(pending).toHaveLength(1)
    expect(pending[0]?.State).toEqual({Code: 0, Name: 'pending'})
    expect(pending[0]?.Tags).toEqual([
      {Key: 'Name', Value: 'worker-node'},
      {Key: 'aws:autoscaling:groupName', Value: 'workers'},
    ])

    t.clock.advance(LAUNCH_MS)
    const running = instances(await ec2.send(new DescribeInstancesCommand(filter)))
    expect(running[0]?.State?.Name).toBe('running')
    // The instance joined the cluster under the same id, and keeps the group's tags there.
    expect(await ec2IdsOf('web')).toContain(running[0]?.InstanceId)
    const byId = instances(await ec2.send(new DescribeInstancesCommand({InstanceIds: [running[0]?.InstanceId ?? '']})))
    expect(byId.map(nameOf)).toEqual(['worker-node'])
  })

  it('names the instances of the groups --local makes after the group', async () => {
    await t.local.mutate((world) => {
      ensureAutoScalingGroup(world, 'batch-asg', {cluster: 'web', region: REGION, min: 0, max: 2, desired: 1})
    })
    const out = instances(await ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'tag:Name', Values: ['batch-asg']}]})))
    expect(out).toHaveLength(1)
  })

  it('pages with MaxResults and NextToken, which cannot go with instance ids', async () => {
    await t.local.ensureCluster('api', REGION)
    await t.local.ensureCluster('db', REGION)
    const everything = instances(await ec2.send(new DescribeInstancesCommand({})))
    // default has its own instances too: the region's every instance is there.
    expect(everything.length).toBeGreaterThanOrEqual(6)

    const seen: string[] = []
    let NextToken: string | undefined
    do {
      const page = await ec2.send(new DescribeInstancesCommand({MaxResults: 5, NextToken}))
      expect(instances(page).length).toBeLessThanOrEqual(5)
      seen.push(...instances(page).map((i) => i.InstanceId ?? ''))
      NextToken = page.NextToken
    } while (NextToken)
    expect(seen).toEqual(everything.map((i) => i.InstanceId))

    const combined = await failure(ec2.send(new DescribeInstancesCommand({MaxResults: 5, InstanceIds: [seen[0] ?? '']})))
    expect(combined.name).toBe('InvalidParameterCombination')
  })

  it('keeps regions apart', async () => {
    const ids = await ec2IdsOf('web')
    const other = await t.clients.forRegion('us-west-2').ec2()
    const failed = await failure(other.send(new DescribeInstancesCommand({InstanceIds: ids.slice(0, 1)})))
    expect(failed.name).toBe('InvalidInstanceID.NotFound')
  })

  it("answers faults in EC2's error shape: throttled as RequestLimitExceeded, failed as InternalError", async () => {
    t.local.faults.operation('ec2:DescribeInstances', {throttleNext: 1})
    const throttled = await failure(ec2.send(new DescribeInstancesCommand({})))
    expect([throttled.name, throttled.$metadata.httpStatusCode]).toEqual(['RequestLimitExceeded', 503])

    t.local.faults.operation('ec2:DescribeInstances', {failNext: 1})
    const failed = await failure(ec2.send(new DescribeInstancesCommand({})))
    expect([failed.name, failed.$metadata.httpStatusCode]).toEqual(['InternalError', 500])

    t.local.faults.operation('ec2:DescribeInstances', {
      rejectNext: {count: 1, type: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.'},
    })
    const denied = await failure(ec2.send(new DescribeInstancesCommand({})))
    expect([denied.name, denied.message]).toEqual(['UnauthorizedOperation', 'You are not authorized to perform this operation.'])
  })

  it('answers 501 naming any other EC2 operation', async () => {
    const failed = await failure(ec2.send(new DescribeVpcsCommand({})))
    expect(failed.name).toBe('NotImplemented')
    expect(failed.message).toBe('hako local AWS does not implement ec2 operation DescribeVpcs')
    expect(failed.$metadata.httpStatusCode).toBe(501)
  })
})
