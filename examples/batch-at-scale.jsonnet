// Oneshot batch jobs for a busy account: `hako oneshot examples/batch-at-scale.jsonnet -- rake report`.
// The cluster grows on demand: when a task does not fit, hako publishes a capacity request to the
// SNS topic, whose subscriber (the account's own function) grows the Auto Scaling group. The task is
// followed through the ECS task state events an account function stores in S3, so hundreds of
// concurrent runs do not share DescribeTasks' rate limit. `--local` simulates both functions.
local region = 'ap-northeast-1';

{
  scheduler: {
    type: 'ecs',
    region: region,
    cluster: 'batch-at-scale',
    // Never run as a service; oneshot runs one task per command.
    desired_count: 0,
    autoscaling_group_for_oneshot: 'batch-at-scale-workers',
    autoscaling_topic_for_oneshot: 'arn:aws:sns:ap-northeast-1:123456789012:batch-capacity',
    oneshot_notification_prefix: 's3://ecs-task-notifications/task_statuses',
  },
  app: {
    image: 'ryotarai/hello-sinatra',
    cpu: 512,
    memory: 1024,
    command: ['bundle', 'exec', 'rake', 'report'],
    log_configuration: {
      log_driver: 'awslogs',
      options: {
        'awslogs-group': '/hako/batch-at-scale',
        'awslogs-region': region,
        'awslogs-stream-prefix': 'batch',
      },
    },
  },
  scripts: [
    { type: 'create_aws_cloud_watch_logs_log_group', retention_in_days: 30 },
  ],
}
