/** A deployed `scaled` app (test/fixtures/autoscaling) on the local AWS, and its autoscaling plan. */
import {PutMetricAlarmCommand} from '@aws-sdk/client-cloudwatch'

import {deploy} from '../../src/app/deploy.js'
import {planAutoscaling} from '../../src/autoscaling/plan.js'
import {loadApp} from '../../src/definition/load.js'
import {type ApplyOutputs, pendingActions, type PlanAction} from '../../src/plan/types.js'
import {type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

export const SCALED = 'test/fixtures/autoscaling/scaled.jsonnet'
export const WITHOUT = 'test/fixtures/autoscaling/without/scaled.jsonnet'

export const STEP = {
  alarms: ['scaled-cpu-high'],
  cooldown: 60,
  adjustment_type: 'ChangeInCapacity',
  scaling_adjustment: 1,
  metric_aggregation_type: 'Average',
  metric_interval_lower_bound: 0,
}
export const TRACKING = {
  policy_type: 'TargetTrackingScaling',
  name: 'scaled-cpu-tracking',
  target_value: 60,
  predefined_metric_type: 'ECSServiceAverageCPUUtilization',
  scale_in_cooldown: 120,
}

export interface Scaling {
  min_capacity?: number
  max_capacity?: number
  policies?: unknown[]
  role_arn?: string
  tag?: string
}

export function extStr(scaling: Scaling = {}): Record<string, string> {
  return {
    min_capacity: String(scaling.min_capacity ?? 2),
    max_capacity: String(scaling.max_capacity ?? 4),
    policies: JSON.stringify(scaling.policies ?? [STEP, TRACKING]),
    role_arn: scaling.role_arn ?? '',
    tag: scaling.tag ?? 'v1',
  }
}

export const SNS_TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:alerts'

/** The alarm the step scaling policy is bound to, with properties hako-Ruby would have dropped. */
export async function createAlarm(env: TestApp, name = 'scaled-cpu-high'): Promise<void> {
  await env.deps.aws(REGION).cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/ECS',
      ExtendedStatistic: 'p90',
      Dimensions: [
        {Name: 'ClusterName', Value: 'scaled'},
        {Name: 'ServiceName', Value: 'scaled'},
      ],
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 75,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [SNS_TOPIC],
      OKActions: [SNS_TOPIC],
    }),
  )
}

export async function deployScaled(env: TestApp, scaling: Scaling = {}, file = SCALED): Promise<void> {
  const result = await deploy(env.deps, {file, extStr: extStr(scaling), timeoutSec: 1200, toolVersion: 'test'})
  if (result.exitCode !== 0) throw new Error(`deploy exited ${result.exitCode}: ${env.reporter.messages().join('\n')}`)
}

export async function plan(env: TestApp, scaling: Scaling = {}, options: {live?: boolean; file?: string; targetGroupArn?: string} = {}): Promise<PlanAction[]> {
  const app = await loadApp(options.file ?? SCALED, {mode: 'check', extStr: extStr(scaling)})
  const ctx = {
    appId: app.appId,
    definition: app.definition,
    clients: env.deps.aws(REGION),
    reporter: env.reporter,
    clock: env.clock,
    live: options.live ?? true,
  }
  return planAutoscaling(ctx, {
    cluster: app.definition.scheduler.cluster,
    service: app.appId,
    ...(options.targetGroupArn ? {targetGroupArn: options.targetGroupArn} : {}),
  })
}

/** Runs the writes as the deploy's apply does: in plan order, sharing one ApplyOutputs. */
export async function apply(actions: PlanAction[], outputs: ApplyOutputs = {written: []}): Promise<ApplyOutputs> {
  for (const action of pendingActions({app: 'scaled', actions, known: {}, compared: true})) await action.apply?.(outputs)
  return outputs
}

/** Writes to Application Auto Scaling and CloudWatch (everything but Describe/List). */
export function scalingWrites(env: TestApp): string[] {
  return env.local
    .calls()
    .filter((c) => (c.service === 'application-autoscaling' || c.service === 'cloudwatch') && !/^(Describe|List|Get)/.test(c.operation))
    .map((c) => c.operation)
}
