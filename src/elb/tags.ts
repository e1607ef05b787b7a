/** Tags of a load balancer or target group: added when the definition names a missing or different value. */
import {AddTagsCommand, DescribeTagsCommand} from '@aws-sdk/client-elastic-load-balancing-v2'

import {awsCall} from '../errors.js'
import type {ActionKind} from '../plan/types.js'
import {formatPairs, tagChanges} from './compare.js'
import {type ActionPlanner, type ElbContext, toTags} from './planner.js'

export async function planTags(
  ctx: ElbContext,
  planner: ActionPlanner,
  kind: ActionKind,
  what: string,
  arn: string,
  tags: Record<string, string>,
): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const reply = await awsCall('elbv2:DescribeTags', arn, () => elbv2.send(new DescribeTagsCommand({ResourceArns: [arn]})))
  const changes = tagChanges(tags, reply.TagDescriptions?.[0]?.Tags ?? [])
  if (Object.keys(changes).length === 0) return
  planner.add(kind, what, 'update', `tag ${what} with ${formatPairs(changes)}`, async () => {
    await awsCall('elbv2:AddTags', arn, () => elbv2.send(new AddTagsCommand({ResourceArns: [arn], Tags: toTags(changes)})))
    ctx.reporter.info(`Tagged ${what} with ${formatPairs(changes)}`)
  })
}
