// A oneshot batch job: `hako oneshot examples/batch.jsonnet -- bundle exec rake report`.
// The app logs to CloudWatch Logs; the script creates the log group before the task starts.
local region = 'ap-northeast-1';

{
  scheduler: {
    type: 'ecs',
    region: region,
    cluster: 'batch',
    // Never run as a service; oneshot runs one task per command.
    desired_count: 0,
    task_role_arn: 'arn:aws:iam::012345678901:role/BatchRole',
    execution_role_arn: 'arn:aws:iam::012345678901:role/ecsTaskExecutionRole',
  },
  app: {
    image: 'ryotarai/hello-sinatra',
    cpu: 128,
    memory: 256,
    command: ['bundle', 'exec', 'rake', 'report'],
    env: {
      RACK_ENV: 'production',
      REPORT_BUCKET: 'hello-reports',
    },
    log_configuration: {
      log_driver: 'awslogs',
      options: {
        'awslogs-group': '/hako/batch',
        'awslogs-region': region,
        'awslogs-stream-prefix': 'batch',
      },
    },
  },
  scripts: [
    { type: 'create_aws_cloud_watch_logs_log_group', retention_in_days: 30 },
  ],
}
