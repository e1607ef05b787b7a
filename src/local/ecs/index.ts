/**
 * ECS behind awsJson1_1: `POST /` with `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>`.
 */
import {jsonService} from '../json-protocol.js'
import {clusterHandlers, seedRegion} from './clusters.js'
import {type Scope, scopeOf} from './model.js'
import {serviceHandlers} from './services.js'
import {tagHandlers} from './tags.js'
import {taskDefinitionHandlers} from './task-definitions.js'
import {taskHandlers} from './tasks.js'

// Each handler validates its own input; the wire input is whatever JSON the SDK sent.
type Handler = (scope: Scope, input: never) => unknown

export const ecsHandlers: Record<string, Handler> = {
  ...clusterHandlers,
  ...taskDefinitionHandlers,
  ...serviceHandlers,
  ...taskHandlers,
  ...tagHandlers,
}

export const ecsService = jsonService({
  name: 'ecs',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113.',
  handlers: ecsHandlers,
  scope(context) {
    const scope = scopeOf(context)
    seedRegion(scope)
    return scope
  },
})

export {advanceEcs} from './scheduler.js'
export {createCluster, instancesOf} from './clusters.js'
