/**
 * The CloudWatch slice of the world: metric alarms per region, in their wire shape (PascalCase,
 * epoch seconds) so replies need no conversion. Application Auto Scaling reads and writes it too:
 * target tracking policies own alarms, and deleting a policy drops its ARN from alarm actions.
 */
import type {World} from '../world.js'

export interface AlarmState {
  AlarmName: string
  AlarmArn: string
  AlarmDescription?: string
  ActionsEnabled: boolean
  OKActions: string[]
  AlarmActions: string[]
  InsufficientDataActions: string[]
  StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'
  StateReason: string
  StateUpdatedTimestamp: number
  AlarmConfigurationUpdatedTimestamp: number
  MetricName?: string
  Namespace?: string
  Statistic?: string
  ExtendedStatistic?: string
  Dimensions: {Name: string; Value: string}[]
  Period?: number
  Unit?: string
  EvaluationPeriods: number
  DatapointsToAlarm?: number
  Threshold?: number
  ComparisonOperator: string
  TreatMissingData?: string
  EvaluateLowSampleCountPercentile?: string
  Metrics?: unknown[]
  ThresholdMetricId?: string
  region: string
  tags: {Key: string; Value: string}[]
}

export interface CloudWatchState {
  /** Keyed by `<region>\t<alarm name>`. */
  alarms: Record<string, AlarmState>
}

export function emptyCloudWatchState(): CloudWatchState {
  return {alarms: {}}
}

export const alarmKey = (region: string, name: string): string => `${region}\t${name}`

export function alarmsIn(world: World, region: string): AlarmState[] {
  return Object.values(world.cloudwatch.alarms)
    .filter((alarm) => alarm.region === region)
    .sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : a.AlarmName > b.AlarmName ? 1 : 0))
}

/** Writes an alarm as AWS would on PutMetricAlarm from another service (no validation). */
export function putAlarm(world: World, alarm: AlarmState): void {
  world.cloudwatch.alarms[alarmKey(alarm.region, alarm.AlarmName)] = alarm
}

export function deleteAlarm(world: World, region: string, name: string): void {
  delete world.cloudwatch.alarms[alarmKey(region, name)]
}

/** Drops an action (a deleted scaling policy's ARN) from every alarm of the region. */
export function removeAlarmAction(world: World, region: string, action: string): void {
  for (const alarm of alarmsIn(world, region)) {
    alarm.AlarmActions = alarm.AlarmActions.filter((a) => a !== action)
    alarm.OKActions = alarm.OKActions.filter((a) => a !== action)
    alarm.InsufficientDataActions = alarm.InsufficientDataActions.filter((a) => a !== action)
  }
}

/**
 * `--local` only: an alarm a definition's step scaling policy names, as the account would have it
 * (average CPU of the service above 75%). Returns whether it was created.
 */
export function ensureAlarm(world: World, name: string, where: {region: string; accountId: string; cluster: string; service: string; now: number}): boolean {
  const key = alarmKey(where.region, name)
  if (world.cloudwatch.alarms[key]) return false
  const now = where.now / 1000
  world.cloudwatch.alarms[key] = {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${where.region}:${where.accountId}:alarm:${name}`,
    AlarmDescription: 'Created by hako --local for a step scaling policy of the definition',
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    StateValue: 'INSUFFICIENT_DATA',
    StateReason: 'Unchecked: Initial alarm creation',
    StateUpdatedTimestamp: now,
    AlarmConfigurationUpdatedTimestamp: now,
    MetricName: 'CPUUtilization',
    Namespace: 'AWS/ECS',
    Statistic: 'Average',
    Dimensions: [
      {Name: 'ClusterName', Value: where.cluster},
      {Name: 'ServiceName', Value: where.service},
    ],
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 75,
    ComparisonOperator: 'GreaterThanThreshold',
    region: where.region,
    tags: [],
  }
  return true
}
