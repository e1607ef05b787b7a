/**
 * The whole simulated account: one JSON-serialisable object, one slice per service. Each service
 * module owns its slice's type and its empty value.
 */
import {type ApplicationAutoScalingState, emptyApplicationAutoScalingState} from './applicationautoscaling/state.js'
import {type AutoScalingState, emptyAutoScalingState} from './autoscaling/state.js'
import {type CloudWatchState, emptyCloudWatchState} from './cloudwatch/state.js'
import {type EcsState, emptyEcsState} from './ecs/state.js'
import {type ElbState, emptyElbState} from './elb/state.js'
import {type Elbv2State, emptyElbv2State} from './elbv2/state.js'
import {type LogsState, emptyLogsState} from './logs/state.js'
import {type Route53State, emptyRoute53State} from './route53/state.js'
import {type S3State, emptyS3State} from './s3/state.js'
import {type SecretsManagerState, emptySecretsManagerState} from './secretsmanager/state.js'
import {type ServiceDiscoveryState, emptyServiceDiscoveryState} from './servicediscovery/state.js'
import {type SnsState, emptySnsState} from './sns/state.js'
import {type SsmState, emptySsmState} from './ssm/state.js'

export const WORLD_VERSION = 1

export interface World {
  version: typeof WORLD_VERSION
  /** Counter for ids that must be unique across services (ARN suffixes, event ids, change ids). */
  sequence: number
  ecs: EcsState
  elbv2: Elbv2State
  /** Classic load balancers. */
  elb: ElbState
  route53: Route53State
  s3: S3State
  logs: LogsState
  servicediscovery: ServiceDiscoveryState
  autoscaling: AutoScalingState
  sns: SnsState
  applicationautoscaling: ApplicationAutoScalingState
  cloudwatch: CloudWatchState
  ssm: SsmState
  secretsmanager: SecretsManagerState
}

export function emptyWorld(): World {
  return {
    version: WORLD_VERSION,
    sequence: 0,
    ecs: emptyEcsState(),
    elbv2: emptyElbv2State(),
    elb: emptyElbState(),
    route53: emptyRoute53State(),
    s3: emptyS3State(),
    logs: emptyLogsState(),
    servicediscovery: emptyServiceDiscoveryState(),
    autoscaling: emptyAutoScalingState(),
    sns: emptySnsState(),
    applicationautoscaling: emptyApplicationAutoScalingState(),
    cloudwatch: emptyCloudWatchState(),
    ssm: emptySsmState(),
    secretsmanager: emptySecretsManagerState(),
  }
}

// Older imports name the world module; the ids live in ./ids.js, which imports nothing.
export {nextId} from './ids.js'
