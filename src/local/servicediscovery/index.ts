/**
 * Cloud Map (servicediscovery) behind awsJson1_1: `POST /` with
 * `X-Amz-Target: Route53AutoNaming_v20170314.<Op>`. Private DNS namespaces, services, instances
 * (ECS registers its tasks) and asynchronous operations on the simulated clock.
 */
import {jsonService} from '../json-protocol.js'
import {instanceHandlers} from './instances.js'
import {namespaceHandlers} from './namespaces.js'
import {operationHandlers, settleOperations} from './operations.js'
import {scopeOf} from './scope.js'
import {serviceHandlers} from './services.js'

export const serviceDiscoveryService = jsonService({
  name: 'servicediscovery',
  targetPrefix: 'Route53AutoNaming_v20170314.',
  handlers: {...namespaceHandlers, ...serviceHandlers, ...instanceHandlers, ...operationHandlers},
  scope(context) {
    const scope = scopeOf(context)
    settleOperations(scope)
    return scope
  },
  messageKey: 'Message',
})

export {deregisterInstance, registerInstance, serviceByArn} from './state.js'
export {deregisterServiceTask, registerServiceTask} from './ecs-tasks.js'
