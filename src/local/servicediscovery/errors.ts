/**
 * Cloud Map errors in their awsJson1_1 shape: HTTP 400 `{"__type": "<Code>", "Message": "..."}`,
 * which the SDK turns into its typed exceptions (NamespaceNotFound, ServiceNotFound, ...).
 */
import {JsonServiceError} from '../json-error.js'

export class CloudMapError extends JsonServiceError {}

export const invalidInput = (message: string): CloudMapError => new CloudMapError('InvalidInput', message)
export const namespaceNotFound = (id: string): CloudMapError => new CloudMapError('NamespaceNotFound', `Namespace not found: ${id}`)
export const serviceNotFound = (id: string): CloudMapError => new CloudMapError('ServiceNotFound', `Service not found: ${id}`)
export const operationNotFound = (id: string): CloudMapError => new CloudMapError('OperationNotFound', `Operation not found: ${id}`)
