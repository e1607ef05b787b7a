import {QueryError} from '../query-form.js'

/** An Auto Scaling error: the awsQuery code (`ValidationError`, `AlreadyExists`, ...) and AWS's message. */
export class AutoScalingError extends QueryError {}

export function validation(message: string): AutoScalingError {
  return new AutoScalingError('ValidationError', message)
}

export function groupNotFound(name: string): AutoScalingError {
  return validation(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`)
}
