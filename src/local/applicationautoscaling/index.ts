/**
 * Application Auto Scaling behind awsJson1_1: `POST /` with
 * `X-Amz-Target: AnyScaleFrontendService.<Op>`. Scalable targets (an ECS service's desired count),
 * step and target tracking policies, scaling activities and target tags.
 */
import {jsonService} from '../json-protocol.js'
import {policyHandlers} from './policies.js'
import {scopeOf} from './scope.js'
import {targetHandlers} from './targets.js'

export const applicationAutoScalingService = jsonService({
  name: 'application-autoscaling',
  targetPrefix: 'AnyScaleFrontendService.',
  handlers: {...targetHandlers, ...policyHandlers},
  scope: scopeOf,
  messageKey: 'Message',
})
