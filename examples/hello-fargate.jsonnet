// hello on Fargate: awsvpc networking, task-level cpu/memory, logs in CloudWatch Logs.
local fileProvider = std.native('provide.file');
local provide(name) = fileProvider(std.toString({ path: 'hello.env' }), name);
local region = 'ap-northeast-1';

{
  scheduler: {
    type: 'ecs',
    region: region,
    cluster: 'hello',
    desired_count: 2,
    launch_type: 'FARGATE',
    requires_compatibilities: ['FARGATE'],
    network_mode: 'awsvpc',
    cpu: '256',
    memory: '512',
    execution_role_arn: 'arn:aws:iam::012345678901:role/ecsTaskExecutionRole',
    task_role_arn: 'arn:aws:iam::012345678901:role/HelloRole',
    network_configuration: {
      awsvpc_configuration: {
        subnets: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
        security_groups: ['sg-0123abcd'],
        assign_public_ip: 'ENABLED',
      },
    },
    deployment_configuration: {
      maximum_percent: 200,
      minimum_healthy_percent: 100,
      deployment_circuit_breaker: { enable: true, rollback: true },
    },
    tags: { team: 'hello' },
  },
  app: {
    image: 'ryotarai/hello-sinatra',
    tag: 'v1',
    cpu: 256,
    memory: 512,
    port_mappings: [{ container_port: 3000 }],
    env: {
      PORT: '3000',
      MESSAGE: std.format('%s-san', provide('username')),
    },
    log_configuration: {
      log_driver: 'awslogs',
      options: {
        'awslogs-group': '/hako/' + std.extVar('appId'),
        'awslogs-region': region,
        'awslogs-stream-prefix': 'app',
      },
    },
    health_check: {
      command: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost:3000/ || exit 1'],
      start_period: 10,
    },
  },
  scripts: [
    { type: 'create_aws_cloud_watch_logs_log_group' },
  ],
}
