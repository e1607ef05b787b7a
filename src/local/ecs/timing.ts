/**
 * How long the simulated phases of a task take, in ms of simulated time. Tests, the benchmark and
 * the poller's schedule read these, so they live apart from the code that applies them.
 */
export const SECOND = 1000
/** Phase lengths of a simulated task, in ms of simulated time. */
export const TIMING = {
  fargateProvisioning: 10 * SECOND,
  fargatePull: 20 * SECOND,
  ec2Provisioning: 5 * SECOND,
  ec2Pull: 5 * SECOND,
  stopping: 5 * SECOND,
  deprovisioning: 5 * SECOND,
  /** Upper bounds on health-check and draining waits, so a local deploy stays short. */
  maxHealthWait: 60 * SECOND,
  maxDrain: 30 * SECOND,
  containerHealthy: 10 * SECOND,
}
