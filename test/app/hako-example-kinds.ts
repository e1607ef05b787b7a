/**
 * The kinds of definition hako's own `examples/` folder shows, one definition each (ours, in
 * examples/ and test/fixtures/, listed in test/fixtures/hako-examples/README.md), each with a check
 * of what makes it that kind, as AWS ends up holding it. Run by hako-example-kinds.test.ts.
 */
import {DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand} from '@aws-sdk/client-application-auto-scaling'
import {DescribeAutoScalingGroupsCommand} from '@aws-sdk/client-auto-scaling'
import {DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {type ContainerDefinition, DescribeServicesCommand, DescribeTasksCommand, type TaskDefinition} from '@aws-sdk/client-ecs'
import {DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand} from '@aws-sdk/client-elastic-load-balancing'
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {GetObjectCommand} from '@aws-sdk/client-s3'
import {ListServicesCommand} from '@aws-sdk/client-servicediscovery'
import {expect} from 'vitest'

import type {AwsClients} from '../../src/aws/clients.js'
import type {Deps} from '../../src/app/deps.js'
import {oneshot, type OneshotResult} from '../../src/app/oneshot.js'
import {status} from '../../src/app/status.js'
import type {LocalAws} from '../../src/local/index.js'
import type {MemoryReporter} from '../../src/ui/reporter.js'
import {extStr as scalingExtStr, STEP, TRACKING} from '../autoscaling/support.js'
import {REGION} from '../support/local-aws.js'
import {oneshotParams} from '../support/oneshot.js'

export const KINDS_DIR = 'test/fixtures/hako-examples'

export interface Run {
  local: LocalAws
  deps: Deps
  reporter: MemoryReporter
  aws: AwsClients
  /** The task definition the run registered (the service's, or the oneshot task's). */
  taskDefinition: TaskDefinition
  oneshot?: OneshotResult
}

export interface Kind {
  /** hako's example this kind comes from. */
  hako: string
  file: string
  extStr?: Record<string, string>
  /** Batch kinds run this as a oneshot instead of deploying a service. */
  oneshot?: string[]
  /** What the account has before hako runs, beyond what `--local` creates. */
  setup?: (local: LocalAws) => Promise<void>
  check: (run: Run) => Promise<void>
}

function container(run: Run, name = 'app'): ContainerDefinition {
  const found = run.taskDefinition.containerDefinitions?.find((c) => c.name === name)
  if (!found) throw new Error(`no container ${name} in ${run.taskDefinition.taskDefinitionArn}`)
  return found
}

async function loadBalancer(run: Run, name: string): Promise<LoadBalancer> {
  const found = (await run.aws.elbv2.send(new DescribeLoadBalancersCommand({Names: [name]}))).LoadBalancers?.[0]
  if (!found) throw new Error(`no load balancer ${name}`)
  return found
}

async function targetGroup(run: Run, name: string): Promise<TargetGroup> {
  const found = (await run.aws.elbv2.send(new DescribeTargetGroupsCommand({Names: [name]}))).TargetGroups?.[0]
  if (!found) throw new Error(`no target group ${name}`)
  return found
}

async function listeners(run: Run, lb: LoadBalancer): Promise<Listener[]> {
  const out = await run.aws.elbv2.send(new DescribeListenersCommand({LoadBalancerArn: lb.LoadBalancerArn}))
  return [...(out.Listeners ?? [])].sort((a, b) => (a.Port ?? 0) - (b.Port ?? 0))
}

async function lbAttributes(run: Run, lb: LoadBalancer): Promise<Record<string, string>> {
  const out = await run.aws.elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: lb.LoadBalancerArn}))
  return Object.fromEntries((out.Attributes ?? []).map((a) => [a.Key ?? '', a.Value ?? '']))
}

async function tgAttributes(run: Run, tg: TargetGroup): Promise<Record<string, string>> {
  const out = await run.aws.elbv2.send(new DescribeTargetGroupAttributesCommand({TargetGroupArn: tg.TargetGroupArn}))
  return Object.fromEntries((out.Attributes ?? []).map((a) => [a.Key ?? '', a.Value ?? '']))
}

async function service(run: Run, cluster: string, name: string) {
  const found = (await run.aws.ecs.send(new DescribeServicesCommand({cluster, services: [name]}))).services?.[0]
  if (!found) throw new Error(`no service ${name}`)
  return found
}

async function logGroup(run: Run, name: string) {
  const out = await run.aws.logs().send(new DescribeLogGroupsCommand({logGroupNamePrefix: name}))
  return out.logGroups?.find((g) => g.logGroupName === name)
}

export const KINDS: Kind[] = [
  {
    hako: 'hello (nginx front, links, provider env)',
    file: 'examples/hello.jsonnet',
    async check(run) {
      expect(run.taskDefinition.containerDefinitions?.map((c) => c.name).sort()).toEqual(['app', 'front', 'redis'])
      expect(container(run).links).toEqual(['redis:redis'])
      expect(container(run).environment).toContainEqual({name: 'MESSAGE', value: 'eagletmt-san'})
      const conf = await run.aws.s3().send(new GetObjectCommand({Bucket: 'hako-hello-front', Key: 'front_config/hello.conf'}))
      expect(await conf.Body?.transformToString()).toContain('proxy_pass http://backend')
    },
  },
  {
    hako: 'hello-lb (classic load balancer)',
    file: 'test/fixtures/elb-classic/classic.jsonnet',
    async check(run) {
      const out = await run.aws.elb.send(new DescribeClassicLoadBalancersCommand({LoadBalancerNames: ['hako-classic']}))
      const listenersOf = out.LoadBalancerDescriptions?.[0]?.ListenerDescriptions?.map((l) => [
        l.Listener?.Protocol,
        l.Listener?.LoadBalancerPort,
        l.Listener?.InstancePort,
      ])
      expect(listenersOf).toEqual([
        ['HTTP', 80, 10000],
        ['TCP', 8080, 10000],
      ])
      expect((await service(run, 'classic', 'classic')).loadBalancers).toEqual([{loadBalancerName: 'hako-classic', containerName: 'front', containerPort: 80}])
    },
  },
  {
    hako: 'hello-internal-nlb (network load balancer)',
    file: `${KINDS_DIR}/internal-nlb.jsonnet`,
    async check(run) {
      const lb = await loadBalancer(run, 'hako-internal-nlb')
      expect([lb.Type, lb.Scheme, lb.SecurityGroups ?? []]).toEqual(['network', 'internal', []])
      expect((await listeners(run, lb)).map((l) => [l.Port, l.Protocol])).toEqual([[6379, 'TCP']])
      expect((await lbAttributes(run, lb))['load_balancing.cross_zone.enabled']).toBe('true')
      // hako's port 80 is nominal: ECS registers each task's own host port.
      const tg = await targetGroup(run, 'hako-internal-nlb')
      expect([tg.Protocol, tg.Port, tg.VpcId]).toEqual(['TCP', 80, 'vpc-0f1e2d3c'])
      expect((await service(run, 'kinds', 'internal-nlb')).loadBalancers?.[0]).toMatchObject({containerName: 'app', containerPort: 6379})
    },
  },
  {
    hako: 'hello-lb-v2 (ALB over HTTP and HTTPS behind the front, secrets)',
    file: `${KINDS_DIR}/lb-v2.jsonnet`,
    setup: async (local) => {
      await local.putParameter('/kinds/lb-v2/api-token', 'token-for-tests', {region: REGION, type: 'SecureString'})
    },
    async check(run) {
      const lb = await loadBalancer(run, 'hako-lb-v2')
      expect([lb.Type, lb.Scheme, lb.SecurityGroups]).toEqual(['application', 'internet-facing', ['sg-0abc1234']])
      const [http, https] = await listeners(run, lb)
      expect([http?.Port, http?.Protocol, https?.Port, https?.Protocol]).toEqual([80, 'HTTP', 443, 'HTTPS'])
      expect(https?.Certificates).toEqual([{CertificateArn: 'arn:aws:acm:ap-northeast-1:012345678901:certificate/5e1f0c2a-8d3b-4c6e-9f70-1a2b3c4d5e6f'}])
      expect(await lbAttributes(run, lb)).toMatchObject({
        'access_logs.s3.enabled': 'true',
        'access_logs.s3.bucket': 'kinds-access-logs',
        'access_logs.s3.prefix': 'lb-v2',
      })
      const tg = await targetGroup(run, 'hako-lb-v2')
      expect(tg.HealthCheckPath).toBe('/healthz')
      expect((await tgAttributes(run, tg))['deregistration_delay.timeout_seconds']).toBe('15')
      expect(container(run).secrets).toEqual([{name: 'API_TOKEN', valueFrom: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/kinds/lb-v2/api-token'}])
      expect(run.taskDefinition.executionRoleArn).toBe('arn:aws:iam::012345678901:role/kindsTaskExecution')
      // The load balancer reaches the front, which proxies to the app.
      expect((await service(run, 'kinds', 'lb-v2')).loadBalancers?.[0]).toMatchObject({containerName: 'front', containerPort: 80})
    },
  },
  {
    hako: 'hello-grpc (gRPC target group, app reached directly)',
    file: `${KINDS_DIR}/grpc.jsonnet`,
    async check(run) {
      const tg = await targetGroup(run, 'hako-grpc')
      expect([tg.Protocol, tg.ProtocolVersion, tg.HealthCheckPath, tg.Matcher]).toEqual(['HTTP', 'GRPC', '/grpc.health.v1.Health/Check', {GrpcCode: '0-2'}])
      const lb = await loadBalancer(run, 'hako-grpc')
      expect(lb.Scheme).toBe('internal')
      expect((await listeners(run, lb)).map((l) => [l.Port, l.Protocol])).toEqual([[50051, 'HTTPS']])
      expect((await service(run, 'kinds', 'grpc')).loadBalancers?.[0]).toMatchObject({containerName: 'app', containerPort: 50051})
    },
  },
  {
    hako: 'hello-shared-alb (a rule on a load balancer the app does not own)',
    file: 'test/fixtures/shared-alb/shared-alb.jsonnet',
    async check(run) {
      const lb = await loadBalancer(run, 'shared-alb')
      const [listener] = await listeners(run, lb)
      const rules = (await run.aws.elbv2.send(new DescribeRulesCommand({ListenerArn: listener?.ListenerArn}))).Rules ?? []
      const tg = await targetGroup(run, 'hako-shared-alb')
      expect(rules.find((r) => r.Priority === '10')?.Actions?.[0]?.TargetGroupArn).toBe(tg.TargetGroupArn)
    },
  },
  {
    hako: 'hello-service-discovery (Cloud Map)',
    file: 'test/fixtures/service-discovery/discovery.jsonnet',
    extStr: {namespace_id: 'ns-kinds', ttl: '30'},
    async check(run) {
      const services = (await run.aws.serviceDiscovery.send(new ListServicesCommand({}))).Services ?? []
      expect(services.map((s) => s.Name)).toEqual(['discovery'])
      const registries = (await service(run, 'discovery', 'discovery')).serviceRegistries ?? []
      expect(registries).toEqual([{registryArn: services[0]?.Arn, containerName: 'app', containerPort: 80}])
    },
  },
  {
    hako: 'hello-awslogs-driver (awslogs, log group script)',
    file: `${KINDS_DIR}/awslogs.jsonnet`,
    async check(run) {
      expect(container(run).logConfiguration).toEqual({
        logDriver: 'awslogs',
        options: {'awslogs-group': '/kinds/queue-worker', 'awslogs-region': 'ap-northeast-1', 'awslogs-stream-prefix': 'worker'},
      })
      expect((await logGroup(run, '/kinds/queue-worker'))?.retentionInDays).toBe(14)
    },
  },
  {
    hako: 'hello-privileged-app (privileged container)',
    file: `${KINDS_DIR}/privileged.jsonnet`,
    async check(run) {
      expect(container(run).privileged).toBe(true)
    },
  },
  {
    hako: 'hello-cap-add-app (Linux capabilities)',
    file: `${KINDS_DIR}/cap-add.jsonnet`,
    async check(run) {
      expect(container(run).linuxParameters?.capabilities).toEqual({add: ['SYS_TIME'], drop: ['NET_RAW']})
      expect(container(run).privileged).toBe(false)
    },
  },
  {
    hako: 'hello-nofront (load balancer straight to the app, provider env)',
    file: `${KINDS_DIR}/nofront.jsonnet`,
    async check(run) {
      expect(run.taskDefinition.containerDefinitions?.map((c) => c.name)).toEqual(['app'])
      expect(container(run).environment).toContainEqual({name: 'GREETING', value: 'good-morning, world'})
      expect((await service(run, 'kinds', 'nofront')).loadBalancers?.[0]).toMatchObject({containerName: 'app', containerPort: 4567})
      expect((await targetGroup(run, 'hako-nofront')).HealthCheckPath).toBe('/ping')
    },
  },
  {
    hako: 'hello-fargate (Fargate service)',
    file: 'examples/hello-fargate.jsonnet',
    async check(run) {
      expect([run.taskDefinition.requiresCompatibilities, run.taskDefinition.networkMode, run.taskDefinition.cpu, run.taskDefinition.memory]).toEqual([
        ['FARGATE'],
        'awsvpc',
        '256',
        '512',
      ])
      const svc = await service(run, 'hello', 'hello-fargate')
      expect(svc.launchType).toBe('FARGATE')
      expect(svc.networkConfiguration?.awsvpcConfiguration?.assignPublicIp).toBe('ENABLED')
    },
  },
  {
    hako: 'hello-fargate-batch (oneshot on Fargate)',
    file: `${KINDS_DIR}/fargate-batch.jsonnet`,
    oneshot: ['bin/report', '--since', 'yesterday'],
    async check(run) {
      expect(run.oneshot?.exitCode).toBe(0)
      const task = (await run.aws.ecs.send(new DescribeTasksCommand({cluster: 'kinds-batch', tasks: [run.oneshot?.taskArn ?? '']}))).tasks?.[0]
      expect(task?.launchType).toBe('FARGATE')
      expect([run.taskDefinition.cpu, run.taskDefinition.memory, run.taskDefinition.ephemeralStorage]).toEqual(['512', '1024', {sizeInGiB: 30}])
      expect((await logGroup(run, '/kinds/nightly-report'))?.retentionInDays).toBe(14)
    },
  },
  {
    hako: 'hello-autoscaling-group (oneshot grows an Auto Scaling group)',
    file: 'test/fixtures/oneshot-capacity/grow.jsonnet',
    oneshot: ['echo', 'heavy job'],
    async check(run) {
      expect(run.oneshot?.exitCode).toBe(0)
      const out = await run.aws.autoScaling.send(new DescribeAutoScalingGroupsCommand({AutoScalingGroupNames: ['oneshot-grow-asg']}))
      expect(out.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(1)
    },
  },
  {
    hako: 'hello-autoscaling-group (a service on an Auto Scaling group, oneshots grow it)',
    file: `${KINDS_DIR}/autoscaling-group.jsonnet`,
    async check(run) {
      const svc = await service(run, 'kinds-fleet', 'autoscaling-group')
      expect([svc.desiredCount, svc.runningCount]).toEqual([2, 2])
      // The tasks run on the group's instances, which carry its Name.
      const report = (await status(run.deps, {file: `${KINDS_DIR}/autoscaling-group.jsonnet`})).report
      expect(report.available && report.tasks.map((t) => t.instanceName)).toEqual(['kinds-fleet-asg', 'kinds-fleet-asg'])
      const ran = await oneshot(run.deps, oneshotParams(`${KINDS_DIR}/autoscaling-group.jsonnet`, ['bin/ledger', 'reconcile']))
      expect(ran.exitCode, run.reporter.messages().join('\n')).toBe(0)
    },
  },
  {
    hako: 'hello-autoscaling (Application Auto Scaling of the service)',
    file: 'test/fixtures/autoscaling/scaled.jsonnet',
    extStr: scalingExtStr({min_capacity: 1, max_capacity: 4, policies: [STEP, TRACKING]}),
    async check(run) {
      const aas = run.aws.applicationAutoScaling
      const targets = await aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: 'ecs', ResourceIds: ['service/scaled/scaled']}))
      expect(targets.ScalableTargets?.map((t) => [t.MinCapacity, t.MaxCapacity])).toEqual([[1, 4]])
      const policies = await aas.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'ecs', ResourceId: 'service/scaled/scaled'}))
      expect(policies.ScalingPolicies?.map((p) => p.PolicyType).sort()).toEqual(['StepScaling', 'TargetTrackingScaling'])
    },
  },
]
