/**
 * The differential suite for Application Auto Scaling and CloudWatch alarms: the same call
 * sequence against moto 5.2.1 and against our simulator, compared by error name and chosen
 * fields. Every known difference is in DELIBERATE with its reason and checks of both sides (and
 * in docs/local.md "Differences from moto").
 */
import {
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  type PutScalingPolicyCommandInput,
  RegisterScalableTargetCommand,
  type RegisterScalableTargetCommandInput,
  type ScalableDimension,
} from '@aws-sdk/client-application-auto-scaling'
import {DescribeAlarmsCommand, type MetricAlarm, PutMetricAlarmCommand, type PutMetricAlarmCommandInput} from '@aws-sdk/client-cloudwatch'
import {CreateClusterCommand, CreateServiceCommand, DescribeClustersCommand, RegisterTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AwsClients} from '../../src/aws/clients.js'
import {type Deliberate, type Outcome, expectDeliberateDifference, expectNoUnexplainedDifferences, field, step} from './support/differential.js'
import {type Sides, startSides} from './support/sides.js'

const RESOURCE = 'service/diff/web'
const TARGET = {ServiceNamespace: 'ecs', ResourceId: RESOURCE, ScalableDimension: 'ecs:service:DesiredCount'} as const
const ROLE = 'arn:aws:iam::123456789012:role/ecsAutoscaleRole'
const SNS = 'arn:aws:sns:ap-northeast-1:123456789012:alerts'

const ALARM: PutMetricAlarmCommandInput = {
  AlarmName: 'web-cpu-high',
  AlarmDescription: 'CPU above 80%',
  MetricName: 'CPUUtilization',
  Namespace: 'AWS/ECS',
  Statistic: 'Average',
  Dimensions: [
    {Name: 'ClusterName', Value: 'diff'},
    {Name: 'ServiceName', Value: 'web'},
  ],
  Period: 60,
  EvaluationPeriods: 2,
  Threshold: 80,
  ComparisonOperator: 'GreaterThanThreshold',
  AlarmActions: [SNS],
  TreatMissingData: 'breaching',
}

const STEP: PutScalingPolicyCommandInput = {
  ...TARGET,
  PolicyName: 'web-cpu-high',
  PolicyType: 'StepScaling',
  StepScalingPolicyConfiguration: {
    AdjustmentType: 'ChangeInCapacity',
    StepAdjustments: [{ScalingAdjustment: 1, MetricIntervalLowerBound: 0}],
    Cooldown: 60,
    MetricAggregationType: 'Average',
  },
}

const TRACKING: PutScalingPolicyCommandInput = {
  ...TARGET,
  PolicyName: 'web-cpu-tracking',
  PolicyType: 'TargetTrackingScaling',
  TargetTrackingScalingPolicyConfiguration: {
    TargetValue: 50,
    PredefinedMetricSpecification: {PredefinedMetricType: 'ECSServiceAverageCPUUtilization'},
    ScaleInCooldown: 120,
  },
}

const register = (extra: Partial<RegisterScalableTargetCommandInput>) => new RegisterScalableTargetCommand({...TARGET, ...extra})

function alarmFields(alarm: MetricAlarm | undefined) {
  if (!alarm) return undefined
  const {
    AlarmName,
    AlarmArn,
    AlarmDescription,
    ActionsEnabled,
    OKActions,
    AlarmActions,
    InsufficientDataActions,
    MetricName,
    Namespace,
    Statistic,
    Dimensions,
    Period,
  } = alarm
  const {EvaluationPeriods, Threshold, ComparisonOperator, TreatMissingData, StateValue} = alarm
  return {
    AlarmName,
    AlarmArn,
    AlarmDescription,
    ActionsEnabled,
    OKActions,
    AlarmActions,
    InsufficientDataActions,
    MetricName,
    Namespace,
    Statistic,
    Dimensions,
    Period,
    EvaluationPeriods,
    Threshold,
    ComparisonOperator,
    TreatMissingData,
    StateValue,
  }
}

async function scenario(clients: AwsClients): Promise<Outcome[]> {
  const out: Outcome[] = []
  const cw = clients.cloudWatch
  const aas = clients.applicationAutoScaling
  await clients.ecs.send(new CreateClusterCommand({clusterName: 'diff'}))
  await clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'web', containerDefinitions: [{name: 'app', image: 'nginx', memory: 128}]}))
  await clients.ecs.send(new CreateServiceCommand({cluster: 'diff', serviceName: 'web', taskDefinition: 'web', desiredCount: 1}))

  await step(out, 'PutMetricAlarm', () => cw.send(new PutMetricAlarmCommand(ALARM)))
  await step(out, 'DescribeAlarms by name', async () => {
    const alarms = await cw.send(new DescribeAlarmsCommand({AlarmNames: ['web-cpu-high', 'no-such-alarm']}))
    return {names: alarms.MetricAlarms?.map((a) => a.AlarmName), alarm: alarmFields(alarms.MetricAlarms?.[0]), composite: alarms.CompositeAlarms}
  })
  await step(out, 'PutMetricAlarm without a statistic', () => cw.send(new PutMetricAlarmCommand({...ALARM, AlarmName: 'no-statistic', Statistic: undefined})))
  await step(out, 'PutMetricAlarm period 7', () => cw.send(new PutMetricAlarmCommand({...ALARM, AlarmName: 'odd-period', Period: 7})))

  await step(out, 'RegisterScalableTarget missing service', () =>
    aas.send(new RegisterScalableTargetCommand({...TARGET, ResourceId: 'service/diff/none', MinCapacity: 1, MaxCapacity: 2})),
  )
  let targetArn = ''
  await step(out, 'RegisterScalableTarget', async () => {
    targetArn = (await aas.send(register({MinCapacity: 1, MaxCapacity: 4, RoleARN: ROLE}))).ScalableTargetARN ?? ''
    return targetArn.replace(/[^/]+$/, '<id>')
  })
  await step(out, 'RegisterScalableTarget update min', async () => (await aas.send(register({MinCapacity: 2}))).ScalableTargetARN === targetArn)
  await step(out, 'RegisterScalableTarget bad dimension', () =>
    aas.send(register({ScalableDimension: 'ecs:service:Bogus' as ScalableDimension, MinCapacity: 1, MaxCapacity: 2})),
  )
  await step(out, 'DescribeScalableTargets', async () => {
    const targets = (await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'ecs', ResourceIds: [RESOURCE]}))).ScalableTargets ?? []
    return targets.map(({ScalableTargetARN, CreationTime: _time, ...rest}) => ({...rest, sameArn: ScalableTargetARN === targetArn}))
  })

  let stepArn = ''
  await step(out, 'PutScalingPolicy StepScaling', async () => {
    const policy = await aas.send(new PutScalingPolicyCommand(STEP))
    stepArn = policy.PolicyARN ?? ''
    return policy
  })
  await step(out, 'PutScalingPolicy TargetTrackingScaling', () => aas.send(new PutScalingPolicyCommand(TRACKING)))
  await step(out, 'PutScalingPolicy without a target', () => aas.send(new PutScalingPolicyCommand({...STEP, ResourceId: 'service/diff/other'})))
  await step(out, 'DescribeScalingPolicies', async () => {
    const policies = (await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'ecs', ResourceId: RESOURCE}))).ScalingPolicies ?? []
    return policies.map((p) => ({
      name: p.PolicyName,
      type: p.PolicyType,
      step: p.StepScalingPolicyConfiguration,
      tracking: p.TargetTrackingScalingPolicyConfiguration,
      alarms: p.Alarms?.length,
    }))
  })
  await step(out, 'DescribeAlarms of the target tracking policy', async () => {
    const alarms = (await cw.send(new DescribeAlarmsCommand({AlarmNamePrefix: 'TargetTracking-'}))).MetricAlarms ?? []
    return alarms.map((a) => ({
      name: a.AlarmName?.replace(/-[0-9a-f-]{36}$/, ''),
      metric: [a.Namespace, a.MetricName],
      operator: a.ComparisonOperator,
      dimensions: a.Dimensions,
      actions: a.AlarmActions?.map((action) => action.replace(/:createdBy\/.*$/, '')),
    }))
  })
  await step(out, 'PutScalingPolicy StepScaling again', async () => {
    const policy = await aas.send(
      new PutScalingPolicyCommand({...STEP, StepScalingPolicyConfiguration: {...STEP.StepScalingPolicyConfiguration, Cooldown: 90}}),
    )
    return {sameArn: policy.PolicyARN === stepArn}
  })
  await step(out, 'DeleteScalingPolicy TargetTrackingScaling', async () => {
    await aas.send(new DeleteScalingPolicyCommand({...TARGET, PolicyName: 'web-cpu-tracking'}))
    return (await cw.send(new DescribeAlarmsCommand({AlarmNamePrefix: 'TargetTracking-'}))).MetricAlarms?.length
  })
  await step(out, 'DeleteScalingPolicy missing', () => aas.send(new DeleteScalingPolicyCommand({...TARGET, PolicyName: 'web-cpu-tracking'})))
  await step(out, 'DeleteScalingPolicy StepScaling bound to an alarm', async () => {
    const policy = await aas.send(new PutScalingPolicyCommand(STEP))
    await cw.send(new PutMetricAlarmCommand({...ALARM, AlarmActions: [SNS, policy.PolicyARN ?? '']}))
    await aas.send(new DeleteScalingPolicyCommand({...TARGET, PolicyName: 'web-cpu-high'}))
    const alarm = (await cw.send(new DescribeAlarmsCommand({AlarmNames: ['web-cpu-high']}))).MetricAlarms?.[0]
    return {alarmKept: alarm?.AlarmName, actions: alarm?.AlarmActions?.map((a) => (a === SNS ? 'sns' : 'policy'))}
  })
  await step(out, 'DescribeScalingActivities', async () => {
    const activities = (await aas.send(new DescribeScalingActivitiesCommand({ServiceNamespace: 'ecs', ResourceId: RESOURCE}))).ScalingActivities ?? []
    return activities.map((a) => [a.Description, a.StatusCode])
  })
  await step(out, 'DeregisterScalableTarget', async () => {
    await aas.send(new PutScalingPolicyCommand(STEP))
    await aas.send(new DeregisterScalableTargetCommand(TARGET))
    const targets = (await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'ecs'}))).ScalableTargets ?? []
    const policies = (await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'ecs', ResourceId: RESOURCE}))).ScalingPolicies ?? []
    return {targets: targets.length, policies: policies.map((p) => p.PolicyName)}
  })
  await step(out, 'DeregisterScalableTarget missing', () => aas.send(new DeregisterScalableTargetCommand(TARGET)))
  await step(out, 'RegisterScalableTarget min above max', () => aas.send(register({MinCapacity: 5, MaxCapacity: 3})))
  return out
}

const rejects = (name: string) => (o: Outcome) => expect(o.error).toBe(name)
const accepts = (o: Outcome) => expect(o.error).toBeUndefined()

const DELIBERATE: Record<string, Deliberate> = {
  'DescribeAlarms by name': {
    reason: 'a new alarm is INSUFFICIENT_DATA until CloudWatch has evaluated it; moto says OK at once',
    fields: ['alarm.StateValue'],
    moto: (o) => expect(field(o, 'alarm.StateValue')).toBe('OK'),
    ours: (o) => expect(field(o, 'alarm.StateValue')).toBe('INSUFFICIENT_DATA'),
  },
  'PutMetricAlarm without a statistic': {
    reason: 'AWS needs Statistic, ExtendedStatistic or Metrics on a metric alarm; moto stores an alarm with none',
    moto: accepts,
    ours: rejects('InvalidParameterCombinationException'),
  },
  'PutMetricAlarm period 7': {
    reason: 'AWS allows periods of 10, 20, 30 or a multiple of 60 seconds; moto accepts any',
    moto: accepts,
    ours: rejects('ValidationException'),
  },
  DescribeScalableTargets: {
    reason: 'AWS always returns SuspendedState (all false by default); moto leaves it out when it was not given',
    fields: ['0.SuspendedState'],
    moto: (o) => expect(field(o, '0.SuspendedState')).toBeUndefined(),
    ours: (o) =>
      expect(field(o, '0.SuspendedState')).toEqual({DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false}),
  },
  'PutScalingPolicy without a target': {
    reason: 'AWS refuses a policy for an unregistered target (ObjectNotFoundException); moto stores it',
    moto: accepts,
    ours: rejects('ObjectNotFoundException'),
  },
  'PutScalingPolicy StepScaling again': {
    reason: 'AWS updates a policy in place and keeps its ARN (alarms keep pointing at it); moto makes a new ARN',
    moto: (o) => expect(o.value).toEqual({sameArn: false}),
    ours: (o) => expect(o.value).toEqual({sameArn: true}),
  },
  'DeleteScalingPolicy missing': {
    reason: 'AWS answers ObjectNotFoundException for a policy that does not exist; moto answers ValidationException',
    moto: rejects('ValidationException'),
    ours: rejects('ObjectNotFoundException'),
  },
  'DeleteScalingPolicy StepScaling bound to an alarm': {
    reason: "AWS keeps the alarm but removes the deleted policy's ARN from its actions; moto leaves the dangling ARN",
    fields: ['actions'],
    moto: (o) => expect(field(o, 'actions')).toEqual(['sns', 'policy']),
    ours: (o) => expect(field(o, 'actions')).toEqual(['sns']),
  },
  DescribeScalingActivities: {
    reason: 'moto does not implement DescribeScalingActivities (an HTML 500 page the SDK cannot parse)',
    moto: rejects('UnexpectedResponse'),
    ours: accepts,
  },
  DeregisterScalableTarget: {
    reason: "AWS deletes a target's scaling policies when it is deregistered; moto keeps them",
    fields: ['policies'],
    moto: (o) => expect(field(o, 'policies')).toEqual(['web-cpu-high']),
    ours: (o) => expect(field(o, 'policies')).toEqual([]),
  },
  'DeregisterScalableTarget missing': {
    reason: 'AWS answers ObjectNotFoundException for a target that is not registered; moto answers ValidationException',
    moto: rejects('ValidationException'),
    ours: rejects('ObjectNotFoundException'),
  },
  'RegisterScalableTarget min above max': {
    reason: 'AWS refuses a minimum capacity above the maximum; moto stores it',
    moto: accepts,
    ours: rejects('ValidationException'),
  },
}

let sides: Sides
let ours: Outcome[]
let theirs: Outcome[]

beforeAll(async () => {
  sides = await startSides()
  // moto's first ECS call initialises its backend (about 2 s): pay it here.
  await sides.motoClients.ecs.send(new DescribeClustersCommand({clusters: ['warm-up']}))
  ours = await scenario(sides.ours.clients)
  theirs = await scenario(sides.motoClients)
}, 60_000)

afterAll(async () => {
  await sides?.close()
})

describe('Application Auto Scaling and CloudWatch alarms held against moto', () => {
  it('takes the same steps and agrees on every step not listed as deliberate', () => {
    expectNoUnexplainedDifferences(ours, theirs, DELIBERATE)
  })

  it.each(Object.entries(DELIBERATE))('differs on purpose: %s', (name, difference) => {
    expectDeliberateDifference(name, difference, ours, theirs)
  })
})
