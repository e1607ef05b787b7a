/** An ELBv2 error: the awsQuery code (`LoadBalancerNotFound`, `ValidationError`, ...) and AWS's message. */
export class Elbv2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}
