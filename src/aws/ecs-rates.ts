/**
 * ECS's per-account, per-region request quotas as token buckets (burst, sustained per second),
 * from the ECS API reference page "Request throttling". Operations not listed share the generic
 * bucket `*`. The client-side rate limiter paces our calls by these, and the local AWS throttles
 * by them when its `awsRateLimits` fault is on.
 */
export const ECS_RATES: Readonly<Record<string, readonly [burst: number, perSecond: number]>> = {
  RegisterTaskDefinition: [20, 1],
  DeregisterTaskDefinition: [20, 1],
  CreateService: [100, 40],
  UpdateService: [100, 40],
  DeleteService: [100, 40],
  RunTask: [100, 40],
  StopTask: [100, 40],
  DescribeServices: [100, 20],
  DescribeTasks: [100, 20],
  DescribeContainerInstances: [100, 20],
  ListTasks: [100, 20],
  ListServices: [100, 20],
  DescribeTaskDefinition: [100, 20],
  '*': [50, 20],
}

/** The bucket an ECS operation draws from: its own, or the shared generic one. */
export function ecsBucketOf(operation: string): string {
  return operation in ECS_RATES ? operation : '*'
}
