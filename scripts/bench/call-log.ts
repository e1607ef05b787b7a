/** Pure readings of the local AWS call log: which calls were ECS's, which wrote, how the wait polled. */
import type {CallRecord} from '../../src/local/types.js'

const WRITE = /^(Register|Deregister|Create|Update|Delete|Put|Modify|Set|Add|Remove|Change)/
const SERVICE_WRITE = /^(Create|Update)Service$/

export const ecsCalls = (calls: readonly CallRecord[]): CallRecord[] => calls.filter((c) => c.service === 'ecs')

/** Calls that change something (everything but Describe/List/Get reads). */
export const writeCalls = (calls: readonly CallRecord[]): CallRecord[] => calls.filter((c) => WRITE.test(c.operation))

/**
 * The wait loop's DescribeServices: those after the last ECS Create/UpdateService, and the simulated
 * time from that write to the last poll.
 */
export function waitPolls(calls: readonly CallRecord[]): {polls: number; durationMs: number} {
  const writeIndex = calls.findLastIndex((c) => c.service === 'ecs' && SERVICE_WRITE.test(c.operation))
  const write = calls[writeIndex]
  if (!write) throw new Error('bench: the deploy made no CreateService/UpdateService')
  const polls = calls.slice(writeIndex + 1).filter((c) => c.service === 'ecs' && c.operation === 'DescribeServices')
  return {polls: polls.length, durationMs: (polls.at(-1)?.at ?? write.at) - write.at}
}
