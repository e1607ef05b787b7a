/**
 * PutMetricAlarm and DescribeAlarms on the world, with AWS's validation of the alarm's shape
 * (a metric alarm needs a statistic or metric math, a valid period and comparison operator).
 */
import type {LocalContext} from '../types.js'
import {invalidParameterCombination, invalidParameterValue, missingParameter, validationError} from './errors.js'
import {type AlarmState, alarmKey, alarmsIn} from './state.js'

export interface CloudWatchScope {
  context: LocalContext
}

type Input = Record<string, unknown>

const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
]
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']
const STATE_VALUES = ['OK', 'ALARM', 'INSUFFICIENT_DATA']
const TREAT_MISSING = ['breaching', 'notBreaching', 'ignore', 'missing']

function enumError(value: unknown, member: string, allowed: string[]): Error {
  return validationError(
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  )
}

function strings(input: Input, key: string): string[] {
  const value = input[key]
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalidParameterValue(`${key} must be a list of strings.`)
  if (value.length > 5)
    throw validationError(
      `1 validation error detected: Value '[${value.join(', ')}]' at '${key[0]?.toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must have length less than or equal to 5`,
    )
  return [...(value as string[])]
}

function optionalString(input: Input, key: string): string | undefined {
  const value = input[key]
  return typeof value === 'string' ? value : undefined
}

function optionalNumber(input: Input, key: string): number | undefined {
  const value = input[key]
  return typeof value === 'number' ? value : undefined
}

function validPeriod(period: number): boolean {
  return [10, 20, 30].includes(period) || (period > 0 && period % 60 === 0)
}

export function putMetricAlarm(scope: CloudWatchScope, input: Input): Record<string, never> {
  const {context} = scope
  const name = optionalString(input, 'AlarmName')
  if (name === undefined) throw missingParameter('The parameter AlarmName is required.')
  if (name.length < 1 || name.length > 255)
    throw validationError("1 validation error detected: Value at 'alarmName' failed to satisfy constraint: Member must have length between 1 and 255")
  const evaluationPeriods = optionalNumber(input, 'EvaluationPeriods')
  if (evaluationPeriods === undefined) throw missingParameter('The parameter EvaluationPeriods is required.')
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
    throw validationError(
      `1 validation error detected: Value '${evaluationPeriods}' at 'evaluationPeriods' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    )
  }
  const operator = optionalString(input, 'ComparisonOperator')
  if (operator === undefined) throw missingParameter('The parameter ComparisonOperator is required.')
  if (!COMPARISON_OPERATORS.includes(operator)) throw enumError(operator, 'comparisonOperator', COMPARISON_OPERATORS)

  const statistic = optionalString(input, 'Statistic')
  const extended = optionalString(input, 'ExtendedStatistic')
  const metrics = Array.isArray(input.Metrics) && input.Metrics.length > 0 ? input.Metrics : undefined
  if (statistic !== undefined && !STATISTICS.includes(statistic)) throw enumError(statistic, 'statistic', STATISTICS)
  if (statistic !== undefined && extended !== undefined) throw invalidParameterCombination('Statistic and ExtendedStatistic are mutually exclusive.')
  if (metrics && (statistic !== undefined || extended !== undefined || input.MetricName !== undefined)) {
    throw invalidParameterCombination('Metrics cannot be combined with MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions or Period.')
  }
  const period = optionalNumber(input, 'Period')
  if (!metrics) {
    if (statistic === undefined && extended === undefined)
      throw invalidParameterCombination('One of Statistic, ExtendedStatistic or Metrics must be specified.')
    if (input.MetricName === undefined) throw missingParameter('The parameter MetricName is required.')
    if (input.Namespace === undefined) throw missingParameter('The parameter Namespace is required.')
    if (period === undefined) throw missingParameter('The parameter Period is required.')
    if (!validPeriod(period)) throw validationError('Period must be 10, 20, 30 or a multiple of 60')
  }
  const thresholdMetricId = optionalString(input, 'ThresholdMetricId')
  const threshold = optionalNumber(input, 'Threshold')
  if (threshold === undefined && thresholdMetricId === undefined) throw invalidParameterCombination('Threshold or ThresholdMetricId must be specified.')
  const treatMissing = optionalString(input, 'TreatMissingData')
  if (treatMissing !== undefined && !TREAT_MISSING.includes(treatMissing))
    throw invalidParameterValue(`TreatMissingData must be one of ${TREAT_MISSING.join(', ')}.`)
  const dimensions = (input.Dimensions as {Name?: string; Value?: string}[] | undefined) ?? []
  if (dimensions.length > 30)
    throw validationError("1 validation error detected: Value at 'dimensions' failed to satisfy constraint: Member must have length less than or equal to 30")

  const now = context.now() / 1000
  const key = alarmKey(context.region, name)
  const existing = context.world.cloudwatch.alarms[key]
  const alarm: AlarmState = {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${context.region}:${context.accountId}:alarm:${name}`,
    ...(optionalString(input, 'AlarmDescription') !== undefined ? {AlarmDescription: optionalString(input, 'AlarmDescription')} : {}),
    ActionsEnabled: input.ActionsEnabled === undefined ? true : input.ActionsEnabled === true,
    OKActions: strings(input, 'OKActions'),
    AlarmActions: strings(input, 'AlarmActions'),
    InsufficientDataActions: strings(input, 'InsufficientDataActions'),
    StateValue: existing?.StateValue ?? 'INSUFFICIENT_DATA',
    StateReason: existing?.StateReason ?? 'Unchecked: Initial alarm creation',
    StateUpdatedTimestamp: existing?.StateUpdatedTimestamp ?? now,
    AlarmConfigurationUpdatedTimestamp: now,
    ...defined({
      MetricName: optionalString(input, 'MetricName'),
      Namespace: optionalString(input, 'Namespace'),
      Statistic: statistic,
      ExtendedStatistic: extended,
      Period: period,
      Unit: optionalString(input, 'Unit'),
      DatapointsToAlarm: optionalNumber(input, 'DatapointsToAlarm'),
      Threshold: threshold,
      TreatMissingData: treatMissing,
      EvaluateLowSampleCountPercentile: optionalString(input, 'EvaluateLowSampleCountPercentile'),
      Metrics: metrics,
      ThresholdMetricId: thresholdMetricId,
    }),
    Dimensions: dimensions.map((d) => ({Name: String(d.Name), Value: String(d.Value)})),
    EvaluationPeriods: evaluationPeriods,
    ComparisonOperator: operator,
    region: context.region,
    // Tags are set when the alarm is created; later puts leave them (TagResource changes them).
    tags: existing?.tags ?? ((input.Tags as {Key: string; Value: string}[] | undefined) ?? []).map((t) => ({Key: t.Key, Value: t.Value})),
  }
  context.world.cloudwatch.alarms[key] = alarm
  return {}
}

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>
}

function wire(alarm: AlarmState): Record<string, unknown> {
  const {region: _region, tags: _tags, ...rest} = alarm
  return rest
}

export function describeAlarms(scope: CloudWatchScope, input: Input): Record<string, unknown> {
  const {context} = scope
  const names = input.AlarmNames as string[] | undefined
  const prefix = optionalString(input, 'AlarmNamePrefix')
  const actionPrefix = optionalString(input, 'ActionPrefix')
  const stateValue = optionalString(input, 'StateValue')
  if (names?.length && prefix !== undefined) throw invalidParameterCombination('AlarmNames and AlarmNamePrefix cannot be specified together.')
  if (names && names.length > 100)
    throw validationError("1 validation error detected: Value at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100")
  if (stateValue !== undefined && !STATE_VALUES.includes(stateValue)) throw enumError(stateValue, 'stateValue', STATE_VALUES)
  const max = optionalNumber(input, 'MaxRecords') ?? 50
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    throw validationError(`1 validation error detected: Value '${max}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100`)
  }
  const types = input.AlarmTypes as string[] | undefined
  if (types && !types.includes('MetricAlarm')) return {MetricAlarms: [], CompositeAlarms: []}
  const alarms = alarmsIn(context.world, context.region).filter(
    (alarm) =>
      (!names?.length || names.includes(alarm.AlarmName)) &&
      (prefix === undefined || alarm.AlarmName.startsWith(prefix)) &&
      (actionPrefix === undefined || alarm.AlarmActions.some((a) => a.startsWith(actionPrefix))) &&
      (stateValue === undefined || alarm.StateValue === stateValue),
  )
  let start = 0
  const token = optionalString(input, 'NextToken')
  if (token !== undefined) {
    start = Number(Buffer.from(token, 'base64').toString('utf8'))
    if (!Number.isInteger(start) || start < 0) throw invalidParameterValue('The value for NextToken is invalid.')
  }
  const page = alarms.slice(start, start + max)
  const end = start + page.length
  return {
    MetricAlarms: page.map(wire),
    CompositeAlarms: [],
    ...(end < alarms.length ? {NextToken: Buffer.from(String(end)).toString('base64')} : {}),
  }
}
