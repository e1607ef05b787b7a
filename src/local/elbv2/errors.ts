import {QueryError} from '../query-form.js'

/** An ELBv2 error: the awsQuery code (`LoadBalancerNotFound`, `ValidationError`, ...) and AWS's message. */
export class Elbv2Error extends QueryError {}
