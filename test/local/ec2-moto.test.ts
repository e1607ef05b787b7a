/**
 * The local EC2's DescribeInstances against moto 5.2.1: the same questions about two instances
 * named `ecs-web` (moto's made by RunInstances with a Name tag, ours a cluster's seeded container
 * instances), comparing what each accepts or rejects and chosen fields of the reply, with ids
 * normalised. Every known difference is in DELIBERATE (and in docs/local.md).
 */
import {DescribeInstancesCommand, EC2Client, type Instance, RunInstancesCommand} from '@aws-sdk/client-ec2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {VirtualClock} from '../../src/clock.js'
import {type Deliberate, expectDeliberateDifference, expectNoUnexplainedDifferences, field, type Outcome, step} from './support/differential.js'
import {type Sides, startSides} from './support/sides.js'
import {CREDENTIALS, REGION} from '../support/local-aws.js'

const MISSING = 'i-0123456789abcdef0'

/** The fields hako and its users read, and the ones our reply carries. */
const FIELDS = [
  'InstanceId',
  'ImageId',
  'State',
  'PrivateDnsName',
  'InstanceType',
  'LaunchTime',
  'Placement',
  'Monitoring',
  'PrivateIpAddress',
  'Architecture',
  'RootDeviceType',
  'RootDeviceName',
  'VirtualizationType',
  'Hypervisor',
  'Tags',
  'AmiLaunchIndex',
] as const

const DELIBERATE: Record<string, Deliberate> = {
  'DescribeInstances of the ids: reservations': {
    reason: 'moto keeps one reservation per RunInstances call (both instances in it); ours launched one by one, one reservation each',
    moto: (o) => expect(o.value).toEqual([2]),
    ours: (o) => expect(o.value).toEqual([1, 1]),
  },
  'DescribeInstances of two missing ids: message': {
    reason: 'AWS names every missing id ("The instance IDs \'i-1, i-2\' do not exist"); moto names the first only',
    moto: (o) => expect(o.value).toEqual({name: 'InvalidInstanceID.NotFound', message: "The instance ID 'i-<id>' does not exist"}),
    ours: (o) => expect(o.value).toEqual({name: 'InvalidInstanceID.NotFound', message: "The instance IDs 'i-<id>, i-<id>' do not exist"}),
  },
  'DescribeInstances with a malformed id': {
    reason: 'AWS refuses an id that is not i-<hex> as InvalidInstanceID.Malformed; moto looks it up and does not find it',
    moto: (o) => expect(o.error).toBe('InvalidInstanceID.NotFound'),
    ours: (o) => expect(o.error).toBe('InvalidInstanceID.Malformed'),
  },
  'DescribeInstances with an unknown filter': {
    reason: 'AWS answers InvalidParameterValue "The filter \'flavour\' is invalid"; moto fails with a server error the SDK cannot name',
    moto: (o) => expect(o.error).toBe('Error'),
    ours: (o) => expect(o.error).toBe('InvalidParameterValue'),
  },
}

function instancesOf(out: {Reservations?: {Instances?: Instance[]}[]}): Instance[] {
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? [])
}

/** What is compared of an instance: the fields present, and the values that do not depend on the side. */
function shape(instance: Instance): unknown {
  return {
    present: FIELDS.filter((name) => instance[name] !== undefined),
    State: instance.State,
    InstanceType: instance.InstanceType,
    zoneInRegion: instance.Placement?.AvailabilityZone?.startsWith(REGION),
    Tags: instance.Tags,
  }
}

async function failureText(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call()
    return 'accepted'
  } catch (error) {
    return {name: (error as Error).name, message: (error as Error).message}
  }
}

async function scenario(ec2: EC2Client, ids: string[]): Promise<Outcome[]> {
  const out: Outcome[] = []
  const describeIds = (InstanceIds: string[]) => ec2.send(new DescribeInstancesCommand({InstanceIds}))
  await step(out, 'DescribeInstances of the ids', async () =>
    instancesOf(await describeIds(ids))
      .map(shape)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  )
  await step(out, 'DescribeInstances of the ids: reservations', async () =>
    ((await describeIds(ids)).Reservations ?? []).map((r) => r.Instances?.length ?? 0).sort(),
  )
  await step(out, 'DescribeInstances of a missing id', () => describeIds([MISSING]))
  await step(out, 'DescribeInstances of a known and a missing id: message', () => failureText(() => describeIds([ids[0] ?? '', MISSING])))
  await step(out, 'DescribeInstances of two missing ids: message', () => failureText(() => describeIds([MISSING, 'i-0123456789abcdef1'])))
  await step(out, 'DescribeInstances with a malformed id', () => describeIds(['web-1']))
  await step(
    out,
    'DescribeInstances filtered by tag:Name',
    async () => instancesOf(await ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'tag:Name', Values: ['ecs-web']}]}))).length,
  )
  await step(out, 'DescribeInstances filtered by instance-id', async () =>
    instancesOf(await ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'instance-id', Values: [ids[0] ?? '', MISSING]}]}))).map((i) => i.InstanceId),
  )
  await step(out, 'DescribeInstances filtered to nothing', async () => {
    const reply = await ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'tag:Name', Values: ['nobody']}]}))
    return reply.Reservations
  })
  await step(out, 'DescribeInstances with an unknown filter', () => ec2.send(new DescribeInstancesCommand({Filters: [{Name: 'flavour', Values: ['x']}]})))
  return out
}

const client = (endpoint: string) => new EC2Client({region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1})

let sides: Sides
let ours: Outcome[]
let theirs: Outcome[]

beforeAll(async () => {
  sides = await startSides({ours: {clock: new VirtualClock(Date.now()), containerInstances: {count: 2}, clusters: ['web']}})
  const ourIds = await sides.ours.local.read((world) =>
    Object.values(world.ecs.containerInstances)
      .filter((c) => c.containerInstanceArn?.includes(':container-instance/web/'))
      .map((c) => c.ec2InstanceId ?? ''),
  )
  const mine = client(sides.ours.endpoint)
  const motos = client(sides.moto.endpoint)
  const run = await motos.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 2,
      MaxCount: 2,
      InstanceType: 'm5.large',
      TagSpecifications: [{ResourceType: 'instance', Tags: [{Key: 'Name', Value: 'ecs-web'}]}],
    }),
  )
  const motoIds = (run.Instances ?? []).map((i) => i.InstanceId ?? '')
  ours = await scenario(mine, ourIds)
  theirs = await scenario(motos, motoIds)
  mine.destroy()
  motos.destroy()
}, 60_000)

afterAll(async () => {
  await sides?.close()
})

describe('local EC2 held against moto', () => {
  it('asked about two instances each', () => {
    expect(field(ours[0] ?? {step: ''}, '0.Tags')).toEqual([{Key: 'Name', Value: 'ecs-web'}])
    expect((ours[0]?.value as unknown[]).length).toBe(2)
  })

  it('agrees on every step not listed as deliberate', () => {
    expectNoUnexplainedDifferences(ours, theirs, DELIBERATE)
  })

  it.each(Object.entries(DELIBERATE))('differs on purpose: %s', (name, difference) => {
    expectDeliberateDifference(name, difference, ours, theirs)
  })
})
