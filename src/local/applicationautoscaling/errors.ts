/**
 * Application Auto Scaling errors in their awsJson1_1 shape: HTTP 400 `{"__type", "Message"}`,
 * which the SDK turns into ValidationException, ObjectNotFoundException and the like.
 */
import {JsonServiceError} from '../json-error.js'

export class ScalingError extends JsonServiceError {}

export const validation = (message: string): ScalingError => new ScalingError('ValidationException', message)
export const objectNotFound = (message: string): ScalingError => new ScalingError('ObjectNotFoundException', message)
export const resourceNotFound = (message: string): ScalingError => new ScalingError('ResourceNotFoundException', message)
export const tooManyTags = (message: string): ScalingError => new ScalingError('TooManyTagsException', message)
