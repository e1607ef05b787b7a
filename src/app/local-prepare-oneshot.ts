/**
 * `--local` only, for oneshot's options: the SNS topic of `autoscaling_topic_for_oneshot` with a
 * simulated subscriber that grows the group, as the account's own scaler would.
 */
import type {LoadedApp} from '../definition/types.js'
import type {LocalAws} from '../local/index.js'
import {ensureTopic} from '../local/sns/state.js'
import type {Reporter} from '../ui/reporter.js'

export async function prepareLocalOneshot(local: LocalAws, app: LoadedApp, reporter: Reporter): Promise<void> {
  const {autoscaling_topic_for_oneshot: topic, autoscaling_group_for_oneshot: group} = app.definition.scheduler
  if (!topic) return
  let created = false
  await local.mutate((world) => {
    created = ensureTopic(world, topic, {subscriber: 'grow-autoscaling-group', now: local.clock.now()}).created
  })
  if (created) reporter.info(`local: created SNS topic ${topic}; its subscriber grows Auto Scaling group ${group ?? '(none)'} when hako asks for capacity`)
}
