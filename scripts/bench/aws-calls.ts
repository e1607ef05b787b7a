/**
 * AWS calls, counted in the local AWS call log (deterministic: the same on every machine). hako-Ruby's
 * numbers are not measured (it is not installed here) but derived from the calls its ECS scheduler
 * makes (docs/hako-compatibility.md, "Deploy"); each constant says which.
 */
import {join} from 'node:path'

import type {CallRecord} from '../../src/local/types.js'
import {ecsCalls as ecs, waitPolls, writeCalls as writes} from './call-log.js'
import {fixedIntervalPolls, type Measurement} from './stats.js'
import {deployCalls, exampleWithDesired, startWorld} from './world.js'

const HAKO = 'hako-Ruby'

/**
 * hako's "no change" deploy, for hello-fargate (awsvpc, no load balancer, no
 * autoscaling, no service discovery): DescribeServices → DescribeTaskDefinition →
 * ListTagsForResource, then "Service isn't changed"; awsvpc needs no front-port lookup.
 */
const HAKO_NO_CHANGE_ECS_CALLS = 3
/** No change: the comparator says same, and without autoscaling or ELB there are no writes. */
const HAKO_NO_CHANGE_ECS_WRITES = 0
/** The ECS calls above plus the log-group script's DescribeLogGroups (its deploy_starting hook). */
const HAKO_NO_CHANGE_ALL_CALLS = HAKO_NO_CHANGE_ECS_CALLS + 1
/** First deploy: CreateService (desiredCount 0), then UpdateService (desiredCount N). */
const HAKO_FIRST_DEPLOY_SERVICE_WRITES = 2
/** First deploy: RegisterTaskDefinition + CreateService + UpdateService. */
const HAKO_FIRST_DEPLOY_ECS_WRITES = 3
/** Changed task definition: RegisterTaskDefinition → UpdateService. */
const HAKO_IMAGE_CHANGE_ECS_WRITES = 2
/** hako's wait_for_ready: one DescribeServices, then sleep 1 s, until ready. */
const HAKO_POLL_INTERVAL_MS = 1000

function pollMeasurement(name: string, calls: CallRecord[]): Measurement {
  const {polls, durationMs} = waitPolls(calls)
  return {
    name: `${name} (${(durationMs / 1000).toFixed(1)} simulated s)`,
    ours: polls,
    baseline: fixedIntervalPolls(durationMs, HAKO_POLL_INTERVAL_MS),
    unit: 'polls',
    baselineLabel: `${HAKO} 1 s poller`,
  }
}

export async function measureAwsCalls(root: string): Promise<Measurement[]> {
  const examples = join(root, 'examples')
  const results: Measurement[] = []

  const world = await startWorld()
  try {
    const hello = join(examples, 'hello-fargate.jsonnet')
    await deployCalls(world, hello)
    const {result, calls} = await deployCalls(world, hello)
    if (result.outcome !== 'unchanged') throw new Error(`bench: the second deploy of ${hello} was ${result.outcome}, not unchanged`)
    results.push(
      {name: 'no-change deploy, ECS calls', ours: ecs(calls).length, baseline: HAKO_NO_CHANGE_ECS_CALLS, unit: 'calls', baselineLabel: HAKO},
      {name: 'no-change deploy, ECS writes', ours: writes(ecs(calls)).length, baseline: HAKO_NO_CHANGE_ECS_WRITES, unit: 'calls', baselineLabel: HAKO},
      {name: 'no-change deploy, all AWS calls', ours: calls.length, baseline: HAKO_NO_CHANGE_ALL_CALLS, unit: 'calls', baselineLabel: HAKO},
    )
  } finally {
    await world.close()
  }

  const four = exampleWithDesired(examples, 'hello-fargate.jsonnet', 4)
  const rolling = await startWorld()
  try {
    const first = await deployCalls(rolling, four.file)
    const serviceWrites = ecs(first.calls).filter((c) => /^(Create|Update)Service$/.test(c.operation))
    results.push(
      pollMeasurement('first deploy desired 4 to steady, DescribeServices polls', first.calls),
      {
        name: 'first deploy, Create/UpdateService writes',
        ours: serviceWrites.length,
        baseline: HAKO_FIRST_DEPLOY_SERVICE_WRITES,
        unit: 'calls',
        baselineLabel: HAKO,
      },
      {name: 'first deploy, ECS writes', ours: writes(ecs(first.calls)).length, baseline: HAKO_FIRST_DEPLOY_ECS_WRITES, unit: 'calls', baselineLabel: HAKO},
    )
    const change = await deployCalls(rolling, four.file, 'v2')
    if (change.result.outcome !== 'completed') throw new Error(`bench: the image-change deploy was ${change.result.outcome}, not completed`)
    results.push(
      {
        name: 'image-change deploy, ECS writes',
        ours: writes(ecs(change.calls)).length,
        baseline: HAKO_IMAGE_CHANGE_ECS_WRITES,
        unit: 'calls',
        baselineLabel: HAKO,
      },
      pollMeasurement('image-change rolling update desired 4, DescribeServices polls', change.calls),
    )
  } finally {
    await rolling.close()
    four.dispose()
  }
  return results
}
