/**
 * The IAM actions each command needs, as data: what every definition needs, then what each
 * definition feature and script adds. README's IAM section is rendered from this table (a test
 * keeps them equal), and a test runs the commands on the examples against the local AWS and
 * checks every call made is covered here.
 */
import type {LoadedApp} from './definition/loaded-app.js'

export const IAM_COMMANDS = ['deploy', 'diff', 'rollback', 'oneshot', 'status', 'stop', 'remove'] as const
export type IamCommand = (typeof IAM_COMMANDS)[number]

export interface IamRow {
  /** `every definition`, a definition key, or `script <type>`. */
  subject: string
  /** Why, when the actions are not self-evident. */
  note?: string
  actions: Partial<Record<IamCommand, readonly string[]>>
}

const ECS_DEPLOY = [
  'ecs:DescribeServices',
  'ecs:DescribeTaskDefinition',
  'ecs:RegisterTaskDefinition',
  'ecs:CreateService',
  'ecs:UpdateService',
  'ecs:ListTasks',
  'ecs:DescribeTasks',
]
const ECS_READ = ['ecs:DescribeServices', 'ecs:DescribeTaskDefinition']
const SECRETS = ['ssm:GetParameters', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']
const ELBV2_READ = [
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
]
const ELBV2_WRITE = [
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:CreateRule',
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:ModifyTargetGroupAttributes',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyRule',
  'elasticloadbalancing:DeleteRule',
  'elasticloadbalancing:SetSubnets',
  'elasticloadbalancing:SetSecurityGroups',
  'elasticloadbalancing:AddTags',
]
const CLOUD_MAP_READ = ['servicediscovery:GetNamespace', 'servicediscovery:ListServices']
const ROUTE53_READ = ['route53:ListHostedZonesByName', 'route53:GetHostedZone', 'route53:ListResourceRecordSets']
const ROUTE53_WRITE = [...ROUTE53_READ, 'route53:ChangeResourceRecordSets', 'route53:GetChange']
const LOG_GROUP_READ = ['logs:DescribeLogGroups']
const FRONT_PORT = ['ecs:ListServices']
const AUTOSCALING_READ = [
  'application-autoscaling:DescribeScalableTargets',
  'application-autoscaling:DescribeScalingPolicies',
  'application-autoscaling:ListTagsForResource',
]

export const IAM_TABLE: readonly IamRow[] = [
  {
    subject: 'every definition',
    actions: {
      deploy: [...ECS_DEPLOY, 'ecs:ListTaskDefinitions', 'ecs:DeregisterTaskDefinition'],
      diff: ECS_READ,
      rollback: [
        'ecs:DescribeServices',
        'ecs:DescribeTaskDefinition',
        'ecs:ListTaskDefinitions',
        'ecs:UpdateService',
        'ecs:DeregisterTaskDefinition',
        'ecs:ListTasks',
        'ecs:DescribeTasks',
      ],
      oneshot: [
        'ecs:DescribeTaskDefinition',
        'ecs:RegisterTaskDefinition',
        'ecs:RunTask',
        'ecs:DescribeTasks',
        'ecs:StopTask',
        'ecs:DescribeContainerInstances',
        'ecs:ListContainerInstances',
      ],
      status: ['ecs:DescribeServices', 'ecs:DescribeTaskDefinition', 'ecs:ListTasks', 'ecs:DescribeTasks', 'ecs:DescribeContainerInstances'],
      stop: ['ecs:DescribeServices', 'ecs:UpdateService'],
      remove: ['ecs:DescribeServices', 'ecs:UpdateService', 'ecs:DeleteService'],
    },
  },
  {
    subject: 'tasks on EC2 instances',
    note: "the instances' Name tag; optional: without it status shows the instance ids only, with a warning",
    actions: {status: ['ec2:DescribeInstances']},
  },
  {
    subject: 'scheduler.execution_role_arn / task_role_arn',
    note: 'passing the roles to ECS',
    actions: {deploy: ['iam:PassRole'], oneshot: ['iam:PassRole']},
  },
  {
    subject: 'scheduler.tags',
    note: 'tags on RegisterTaskDefinition are authorised as ecs:TagResource too',
    actions: {deploy: ['ecs:TagResource'], oneshot: ['ecs:TagResource']},
  },
  {
    subject: 'secrets / log secret_options',
    note: 'the secret check; GetSecretValue only for a JSON key',
    actions: {deploy: SECRETS, diff: SECRETS, oneshot: SECRETS},
  },
  {
    subject: 'awslogs log driver',
    note: "oneshot streams the app container's log lines",
    actions: {oneshot: ['logs:GetLogEvents']},
  },
  {
    subject: 'scheduler.elb_v2',
    actions: {
      deploy: [...ELBV2_READ, ...ELBV2_WRITE],
      diff: [
        ...ELBV2_READ,
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTags',
      ],
      status: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeListeners'],
      remove: [
        ...ELBV2_READ,
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:DeleteTargetGroup',
      ],
    },
  },
  {
    subject: 'scheduler.service_discovery',
    actions: {
      deploy: [...CLOUD_MAP_READ, 'servicediscovery:CreateService', 'servicediscovery:UpdateService', 'servicediscovery:GetOperation'],
      diff: CLOUD_MAP_READ,
      status: ['servicediscovery:GetNamespace', 'servicediscovery:GetService', 'servicediscovery:ListInstances'],
      remove: [...CLOUD_MAP_READ, 'servicediscovery:DeleteService'],
    },
  },
  {
    subject: 'scheduler.elb',
    note: 'a classic load balancer; ECS registers the instances through the service role',
    actions: {
      deploy: [
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateLoadBalancerListeners',
        'elasticloadbalancing:DeleteLoadBalancerListeners',
        'elasticloadbalancing:ConfigureHealthCheck',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
        'elasticloadbalancing:AttachLoadBalancerToSubnets',
        'elasticloadbalancing:DetachLoadBalancerFromSubnets',
        ...FRONT_PORT,
      ],
      diff: [
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeTags',
        ...FRONT_PORT,
      ],
      status: ['elasticloadbalancing:DescribeLoadBalancers'],
      remove: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DeleteLoadBalancer'],
    },
  },
  {
    subject: 'scheduler.dynamic_port_mapping: false',
    note: "the fixed front port is chosen above the ports of the cluster's services",
    actions: {deploy: FRONT_PORT, diff: FRONT_PORT},
  },
  {
    subject: 'scheduler.autoscaling',
    note: 'iam:CreateServiceLinkedRole only without role_arn, once per account',
    actions: {
      deploy: [
        ...AUTOSCALING_READ,
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:TagResource',
        'application-autoscaling:UntagResource',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:PutMetricAlarm',
        'elasticloadbalancing:DescribeTargetGroups',
        'iam:CreateServiceLinkedRole',
      ],
      diff: [...AUTOSCALING_READ, 'cloudwatch:DescribeAlarms', 'elasticloadbalancing:DescribeTargetGroups'],
      status: [
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingPolicies',
        'application-autoscaling:DescribeScalingActivities',
      ],
      remove: ['application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DeregisterScalableTarget'],
    },
  },
  {
    subject: 'scheduler.autoscaling_group_for_oneshot',
    actions: {oneshot: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:SetDesiredCapacity']},
  },
  {
    subject: 'scheduler.autoscaling_topic_for_oneshot',
    note: "the topic's subscriber grows the capacity",
    actions: {oneshot: ['sns:Publish']},
  },
  {
    subject: 'scheduler.oneshot_notification_prefix',
    note: "the oneshot reads its task's started.json and stopped.json",
    actions: {oneshot: ['s3:GetObject']},
  },
  {
    subject: 'script nginx_front',
    note: 's3:ListBucket makes a missing configuration NoSuchKey rather than AccessDenied',
    actions: {
      deploy: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
      diff: ['s3:GetObject', 's3:ListBucket'],
      remove: ['s3:DeleteObject'],
    },
  },
  {
    subject: 'script route53',
    actions: {deploy: ROUTE53_WRITE, diff: ROUTE53_READ, remove: ROUTE53_WRITE},
  },
  {
    subject: 'script create_aws_cloud_watch_logs_log_group',
    actions: {
      deploy: [...LOG_GROUP_READ, 'logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
      diff: LOG_GROUP_READ,
      oneshot: [...LOG_GROUP_READ, 'logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
    },
  },
]

/** The call log's service names (src/local) → IAM service prefixes. */
const IAM_PREFIXES: Record<string, string> = {
  ecs: 'ecs',
  elbv2: 'elasticloadbalancing',
  elb: 'elasticloadbalancing',
  route53: 'route53',
  s3: 's3',
  logs: 'logs',
  servicediscovery: 'servicediscovery',
  autoscaling: 'autoscaling',
  ssm: 'ssm',
  secretsmanager: 'secretsmanager',
  sns: 'sns',
  cloudwatch: 'cloudwatch',
  'application-autoscaling': 'application-autoscaling',
  ec2: 'ec2',
}

/** S3 operations authorised under another action's name. */
const S3_ACTIONS: Record<string, string> = {
  HeadObject: 's3:GetObject',
  HeadBucket: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
}

/** The IAM action an API call is authorised as: `ecs` + `RunTask` → `ecs:RunTask`. */
export function iamActionOf(service: string, operation: string): string {
  if (service === 's3' && S3_ACTIONS[operation]) return S3_ACTIONS[operation]
  return `${IAM_PREFIXES[service] ?? service}:${operation}`
}

/** The table's subjects that apply to a loaded definition. */
export function iamSubjects(app: LoadedApp): string[] {
  const s = app.definition.scheduler
  const logs = app.containers.some((c) => c.log_configuration?.log_driver === 'awslogs')
  const secrets = app.containers.some((c) => (c.secrets?.length ?? 0) > 0 || (c.log_configuration?.secret_options?.length ?? 0) > 0)
  const present: Record<string, boolean> = {
    'every definition': true,
    'tasks on EC2 instances': s.launch_type !== 'FARGATE',
    'scheduler.execution_role_arn / task_role_arn': Boolean(s.execution_role_arn ?? s.task_role_arn),
    'scheduler.tags': Object.keys(s.tags).length > 0,
    'secrets / log secret_options': secrets,
    'awslogs log driver': logs,
    'scheduler.elb_v2': s.elb_v2 !== undefined,
    'scheduler.service_discovery': (s.service_discovery?.length ?? 0) > 0,
    'scheduler.elb': s.elb !== undefined,
    'scheduler.dynamic_port_mapping: false': s.dynamic_port_mapping === false && s.network_mode !== 'awsvpc',
    'scheduler.autoscaling': s.autoscaling !== undefined,
    'scheduler.autoscaling_group_for_oneshot': s.autoscaling_group_for_oneshot !== undefined,
    'scheduler.autoscaling_topic_for_oneshot': s.autoscaling_topic_for_oneshot !== undefined,
    'scheduler.oneshot_notification_prefix': s.oneshot_notification_prefix !== undefined,
  }
  for (const script of app.scripts) {
    const type = (script.options as {type?: unknown}).type
    if (typeof type === 'string') present[`script ${type}`] = true
  }
  return IAM_TABLE.map((row) => row.subject).filter((subject) => present[subject])
}

/** Every action `command` needs for these subjects. */
export function iamActions(command: IamCommand, subjects: readonly string[]): Set<string> {
  return new Set(IAM_TABLE.filter((row) => subjects.includes(row.subject)).flatMap((row) => row.actions[command] ?? []))
}

/** The table as README shows it: a row per subject and command, with the actions. */
export function renderIamTable(): string {
  const rows = IAM_TABLE.flatMap((row) =>
    IAM_COMMANDS.filter((command) => row.actions[command]).map((command, index) => {
      const subject = index > 0 ? '' : row.note ? `${row.subject} (${row.note})` : row.subject
      return `| ${subject} | \`${command}\` | ${(row.actions[command] ?? []).map((a) => `\`${a}\``).join(', ')} |`
    }),
  )
  return ['| when | command | IAM actions |', '|---|---|---|', ...rows].join('\n')
}
