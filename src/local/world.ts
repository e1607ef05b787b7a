/**
 * The whole simulated account: one JSON-serialisable object, one slice per service. Each service
 * module owns its slice's type and its empty value.
 */
import {type AutoScalingState, emptyAutoScalingState} from './autoscaling/state.js'
import {type EcsState, emptyEcsState} from './ecs/state.js'
import {type Elbv2State, emptyElbv2State} from './elbv2/state.js'
import {type LogsState, emptyLogsState} from './logs/state.js'
import {type Route53State, emptyRoute53State} from './route53/state.js'
import {type S3State, emptyS3State} from './s3/state.js'
import {type ServiceDiscoveryState, emptyServiceDiscoveryState} from './servicediscovery/state.js'

export const WORLD_VERSION = 1

export interface World {
  version: typeof WORLD_VERSION
  /** Counter for ids that must be unique across services (ARN suffixes, event ids, change ids). */
  sequence: number
  ecs: EcsState
  elbv2: Elbv2State
  route53: Route53State
  s3: S3State
  logs: LogsState
  servicediscovery: ServiceDiscoveryState
  autoscaling: AutoScalingState
}

export function emptyWorld(): World {
  return {
    version: WORLD_VERSION,
    sequence: 0,
    ecs: emptyEcsState(),
    elbv2: emptyElbv2State(),
    route53: emptyRoute53State(),
    s3: emptyS3State(),
    logs: emptyLogsState(),
    servicediscovery: emptyServiceDiscoveryState(),
    autoscaling: emptyAutoScalingState(),
  }
}

// Older imports name the world module; the ids live in ./ids.js, which imports nothing.
export {nextId} from './ids.js'
