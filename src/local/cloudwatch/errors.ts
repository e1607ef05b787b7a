/**
 * CloudWatch errors. The SDK speaks awsJson1_0 to CloudWatch but keeps the awsQuery error codes
 * (`awsQueryCompatible`): the body's `__type` picks the exception class and the
 * `x-amzn-query-error: <Code>;<Type>` header carries the query code (`InvalidParameterValue`).
 */
export class CloudWatchError extends Error {
  constructor(
    /** The exception shape (`InvalidParameterValueException`, or `ValidationError` when unmodelled). */
    readonly type: string,
    /** The awsQuery code the header carries. */
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const validationError = (message: string): CloudWatchError => new CloudWatchError('ValidationError', 'ValidationError', message)
export const invalidParameterValue = (message: string): CloudWatchError =>
  new CloudWatchError('InvalidParameterValueException', 'InvalidParameterValue', message)
export const invalidParameterCombination = (message: string): CloudWatchError =>
  new CloudWatchError('InvalidParameterCombinationException', 'InvalidParameterCombination', message)
export const missingParameter = (message: string): CloudWatchError => new CloudWatchError('MissingRequiredParameterException', 'MissingParameter', message)
