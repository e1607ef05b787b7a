// hello behind an Application Load Balancer that hako creates (hako-hello-alb), with a DNS record.
local fileProvider = std.native('provide.file');
local provide(name) = fileProvider(std.toString({ path: 'hello.env' }), name);

{
  scheduler: {
    type: 'ecs',
    region: 'ap-northeast-1',
    cluster: 'eagletmt',
    desired_count: 2,
    deployment_configuration: {
      maximum_percent: 200,
      minimum_healthy_percent: 50,
    },
    elb_v2: {
      vpc_id: 'vpc-0a1b2c3d',
      subnets: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
      security_groups: ['sg-0123abcd'],
      health_check_path: '/',
      listeners: [
        { port: 80, protocol: 'HTTP' },
      ],
      container_name: 'app',
      container_port: 3000,
    },
  },
  app: {
    image: 'ryotarai/hello-sinatra',
    cpu: 256,
    memory: 128,
    port_mappings: [{ container_port: 3000, host_port: 0 }],
    env: {
      PORT: '3000',
      MESSAGE: std.format('%s-san', provide('username')),
    },
  },
  scripts: [
    {
      type: 'route53',
      hosted_zone: 'example.com.',
      records: [{ name: 'hello.example.com', type: 'A' }],
    },
  ],
}
