/**
 * The table every simulated service registers into for `hako local serve`'s exports: the call
 * log's service name → the SDK service id. AWS SDKs and the AWS CLI read a service's endpoint from
 * `AWS_ENDPOINT_URL_<service id, upper case, spaces as underscores>`, so the variable follows from
 * the id. A service added to `localServices` needs a row here (a test checks every one has).
 */
export const SERVICE_IDS: Record<string, string> = {
  ecs: 'ECS',
  elbv2: 'Elastic Load Balancing v2',
  route53: 'Route 53',
  s3: 'S3',
  logs: 'CloudWatch Logs',
  servicediscovery: 'ServiceDiscovery',
  autoscaling: 'Auto Scaling',
  ssm: 'SSM',
  secretsmanager: 'Secrets Manager',
  sns: 'SNS',
  elb: 'Elastic Load Balancing',
  'application-autoscaling': 'Application Auto Scaling',
  cloudwatch: 'CloudWatch',
  ec2: 'EC2',
}

/** `Elastic Load Balancing v2` → `AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2`. */
export function endpointVariable(serviceId: string): string {
  return `AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`
}

/** The endpoint variables of the services served, in their order; throws for one with no row. */
export function endpointVariables(services: readonly {name: string}[]): string[] {
  return services.map((service) => {
    const id = SERVICE_IDS[service.name]
    if (id === undefined) throw new Error(`local AWS service ${service.name} has no row in SERVICE_IDS (src/local/endpoints.ts)`)
    return endpointVariable(id)
  })
}
