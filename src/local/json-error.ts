/**
 * A refusal of an awsJson service in its wire terms: the HTTP status, the `__type` the SDK maps
 * to its typed exception, and the message. Each service names its own subclass; jsonService
 * answers any of them.
 */
export class JsonServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}
