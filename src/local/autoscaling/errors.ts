/** An Auto Scaling error: the awsQuery code (`ValidationError`, `AlreadyExists`, ...) and AWS's message. */
export class AutoScalingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

export function validation(message: string): AutoScalingError {
  return new AutoScalingError('ValidationError', message)
}

export function groupNotFound(name: string): AutoScalingError {
  return validation(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`)
}
