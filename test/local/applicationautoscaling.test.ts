import {
  ApplicationAutoScalingServiceException,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  ListTagsForResourceCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateDescribeScalingPolicies,
} from '@aws-sdk/client-application-auto-scaling'
import {CreateServiceCommand, DescribeServicesCommand, RegisterTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {REGION, startTestAws, type TestAws} from '../support/local-aws.js'
import {rejection} from '../support/rejection.js'

const TARGET = {ServiceNamespace: 'ecs', ResourceId: 'service/web/app', ScalableDimension: 'ecs:service:DesiredCount'} as const

let t: TestAws

beforeEach(async () => {
  t = await startTestAws()
  await t.local.ensureCluster('web', REGION)
  await t.clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'app', containerDefinitions: [{name: 'app', image: 'nginx', memory: 128}]}))
  await t.clients.ecs.send(new CreateServiceCommand({cluster: 'web', serviceName: 'app', taskDefinition: 'app', desiredCount: 1}))
})

afterEach(async () => {
  await t.close()
})

const failure = (run: Promise<unknown>): Promise<ApplicationAutoScalingServiceException> => rejection(run, ApplicationAutoScalingServiceException)

const aas = () => t.clients.applicationAutoScaling
const desiredCount = async () => (await t.clients.ecs.send(new DescribeServicesCommand({cluster: 'web', services: ['app']}))).services?.[0]?.desiredCount

describe('local Application Auto Scaling', () => {
  it('brings the service into [min, max] when the target is registered, and records the scaling activity', async () => {
    await aas().send(new RegisterScalableTargetCommand({...TARGET, MinCapacity: 3, MaxCapacity: 6}))
    expect(await desiredCount()).toBe(3)

    await aas().send(new RegisterScalableTargetCommand({...TARGET, MaxCapacity: 2, MinCapacity: 1}))
    expect(await desiredCount()).toBe(2)

    const activities =
      (await aas().send(new DescribeScalingActivitiesCommand({ServiceNamespace: 'ecs', ResourceId: TARGET.ResourceId}))).ScalingActivities ?? []
    expect(activities.map((a) => a.Description)).toEqual(['Setting desired count to 2.', 'Setting desired count to 3.'])
    expect(activities[0]).toMatchObject({
      StatusCode: 'Successful',
      Cause: expect.stringContaining('maximum capacity was set to 2'),
      StartTime: expect.any(Date),
    })
  })

  it('leaves a count already in range alone, records nothing and defaults the role to the service-linked one', async () => {
    await aas().send(new RegisterScalableTargetCommand({...TARGET, MinCapacity: 1, MaxCapacity: 4}))

    expect(await desiredCount()).toBe(1)
    expect((await aas().send(new DescribeScalingActivitiesCommand({ServiceNamespace: 'ecs'}))).ScalingActivities).toEqual([])
    const target = (await aas().send(new DescribeScalableTargetsCommand({ServiceNamespace: 'ecs'}))).ScalableTargets?.[0]
    expect(target?.RoleARN).toMatch(
      /:role\/aws-service-role\/ecs\.application-autoscaling\.amazonaws\.com\/AWSServiceRoleForApplicationAutoScaling_ECSService$/,
    )
  })

  it('requires both capacities for a new target', async () => {
    const error = await failure(aas().send(new RegisterScalableTargetCommand({...TARGET, MinCapacity: 1})))
    expect(error.name).toBe('ValidationException')
    expect(error.message).toMatch(/MinCapacity and MaxCapacity are required/)
  })

  it('tags a scalable target through TagResource, UntagResource and ListTagsForResource', async () => {
    const arn = (await aas().send(new RegisterScalableTargetCommand({...TARGET, MinCapacity: 1, MaxCapacity: 2, Tags: {team: 'web'}}))).ScalableTargetARN ?? ''

    await aas().send(new TagResourceCommand({ResourceARN: arn, Tags: {owner: 'hako', team: 'platform'}}))
    await aas().send(new UntagResourceCommand({ResourceARN: arn, TagKeys: ['owner']}))

    expect((await aas().send(new ListTagsForResourceCommand({ResourceARN: arn}))).Tags).toEqual({team: 'platform'})
    const missing = await failure(aas().send(new ListTagsForResourceCommand({ResourceARN: `${arn}0`})))
    expect(missing.name).toBe('ResourceNotFoundException')
  })

  it('pages DescribeScalingPolicies', async () => {
    await aas().send(new RegisterScalableTargetCommand({...TARGET, MinCapacity: 1, MaxCapacity: 2}))
    for (let i = 0; i < 3; i++) {
      await aas().send(
        new PutScalingPolicyCommand({
          ...TARGET,
          PolicyName: `p${i}`,
          StepScalingPolicyConfiguration: {AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ScalingAdjustment: 1}], Cooldown: 60},
        }),
      )
    }
    const names: string[] = []
    for await (const page of paginateDescribeScalingPolicies({client: aas(), pageSize: 2}, {ServiceNamespace: 'ecs'})) {
      expect(page.ScalingPolicies?.length).toBeLessThanOrEqual(2)
      names.push(...(page.ScalingPolicies ?? []).map((p) => p.PolicyName ?? ''))
    }
    expect(names).toEqual(['p0', 'p1', 'p2'])
    // No PolicyType means StepScaling.
    const policy = (await aas().send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'ecs', PolicyNames: ['p0']}))).ScalingPolicies?.[0]
    expect(policy?.PolicyType).toBe('StepScaling')
  })

  it('refuses ALBRequestCountPerTarget without a target group resource label', async () => {
    await aas().send(new RegisterScalableTargetCommand({...TARGET, MinCapacity: 1, MaxCapacity: 2}))
    const error = await failure(
      aas().send(
        new PutScalingPolicyCommand({
          ...TARGET,
          PolicyName: 'requests',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: {TargetValue: 100, PredefinedMetricSpecification: {PredefinedMetricType: 'ALBRequestCountPerTarget'}},
        }),
      ),
    )
    expect(error.name).toBe('ValidationException')
  })
})
