/**
 * ECS errors in their wire shape: HTTP 400 `{"__type": "<Exception>", "message": "..."}`, which
 * the SDK turns into its typed exceptions.
 */
import {JsonServiceError} from '../json-error.js'

export class EcsError extends JsonServiceError {}

export const clientException = (message: string): EcsError => new EcsError('ClientException', message)
export const invalidParameter = (message: string): EcsError => new EcsError('InvalidParameterException', message)
export const clusterNotFound = (): EcsError => new EcsError('ClusterNotFoundException', 'Cluster not found.')
export const serviceNotFound = (): EcsError => new EcsError('ServiceNotFoundException', 'Service not found.')
export const serviceNotActive = (): EcsError => new EcsError('ServiceNotActiveException', 'Service was not ACTIVE.')
