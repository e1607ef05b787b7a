/**
 * `--local` only, for oneshot's options: the SNS topic of `autoscaling_topic_for_oneshot` with a
 * simulated subscriber that grows the group, and for `oneshot_notification_prefix` the bucket and
 * the cluster's "task state change → S3" function, as the account would have them.
 */
import type {LoadedApp} from '../definition/loaded-app.js'
import {parseNotificationPlace} from '../ecs/oneshot-notifications.js'
import {clusterArnOf} from '../local/ecs/model.js'
import {notificationTargetOf, setNotificationPrefix} from '../local/ecs/notifications.js'
import type {LocalAws} from '../local/index.js'
import {ensureBucket} from '../local/s3/state.js'
import {ensureTopic} from '../local/sns/state.js'
import {LOCAL_ACCOUNT_ID} from '../local/types.js'
import type {Reporter} from '../ui/reporter.js'

export async function prepareLocalOneshot(local: LocalAws, app: LoadedApp, reporter: Reporter): Promise<void> {
  const scheduler = app.definition.scheduler
  const {autoscaling_topic_for_oneshot: topic, autoscaling_group_for_oneshot: group, oneshot_notification_prefix: prefix} = scheduler
  const created: string[] = []
  await local.mutate((world) => {
    const now = local.clock.now()
    if (topic && ensureTopic(world, topic, {subscriber: 'grow-autoscaling-group', now}).created) {
      created.push(`SNS topic ${topic}; its subscriber grows Auto Scaling group ${group ?? '(none)'} when hako asks for capacity`)
    }
    const place = prefix === undefined ? undefined : parseNotificationPlace(prefix)
    if (prefix && place) {
      if (ensureBucket(world, place.bucket, place.region ?? scheduler.region, now)) created.push(`bucket ${place.bucket}`)
      const clusterArn = clusterArnOf({region: scheduler.region, accountId: LOCAL_ACCOUNT_ID}, scheduler.cluster)
      const current = notificationTargetOf(world, clusterArn)
      if (current?.bucket !== place.bucket || current.prefix !== place.prefix) {
        setNotificationPrefix(world, clusterArn, prefix)
        created.push(`ECS task state notifications of cluster ${scheduler.cluster} to ${prefix}`)
      }
    }
  })
  for (const what of created) reporter.info(`local: created ${what}`)
}
