/**
 * The built CLI against moto 5.2.1, an AWS emulator we did not write, reached purely through
 * AWS_ENDPOINT_URL (no --local). moto's ECS never moves a deployment forward, so the server runs
 * with MOTO_ECS_SERVICE_RUNNING=2 (new services start with 2 running, rolloutState COMPLETED) and
 * updates are deployed with --no-wait.
 *
 * moto limitation met here (moto/ecs/responses.py create_service): CreateService ignores
 * deploymentConfiguration (and so the circuit breaker); DescribeServices then shows none, which
 * the CLI reads as AWS's defaults (200/100, breaker off). So the deploy right after the first one
 * makes exactly one UpdateService that only sets deploymentConfiguration — which moto does keep —
 * and the NEXT deploy is the one that changes nothing. We test that: the diff after the first
 * deploy names deploymentConfiguration and nothing else, the second deploy registers nothing, and
 * the third changes nothing at all.
 */
import {GetObjectCommand, CreateBucketCommand} from '@aws-sdk/client-s3'
import {DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {CreateClusterCommand, DescribeServicesCommand, ListTaskDefinitionsCommand} from '@aws-sdk/client-ecs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AwsClients} from '../../src/aws/clients.js'
import {type MotoServer, startMoto} from '../local/support/moto-server.js'
import {clientsFor} from '../support/local-aws.js'
import {EXAMPLES, assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'
import {copyExample} from './support/examples.js'

assertBuilt()

let moto: MotoServer
let aws: AwsClients
let tmp: ReturnType<typeof tempDir>
let fargateFile = ''

/** The ids in an awsQuery XML reply, in order (moto's EC2; we have no EC2 client). */
function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]+)</${tag}>`, 'g'))].map((match) => String(match[1]))
}

beforeAll(async () => {
  tmp = tempDir('moto')
  moto = await startMoto({env: {MOTO_ECS_SERVICE_RUNNING: '2'}})
  aws = clientsFor(moto.endpoint)
  // What an account has before hako runs: the clusters the examples name and the front's bucket.
  for (const clusterName of ['eagletmt', 'hello']) await aws.ecs.send(new CreateClusterCommand({clusterName}))
  await aws.s3().send(new CreateBucketCommand({Bucket: 'hako-hello-front', CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'}}))

  // The Fargate example's subnet and security-group ids are fixed; moto makes its own, so a copy
  // of the example uses the default VPC's subnets (moto's RunTask needs DNS hostnames there) and
  // a new security group.
  const subnetsXml = await moto.ec2('DescribeSubnets', {'Filter.1.Name': 'default-for-az', 'Filter.1.Value.1': 'true'})
  const subnets = xmlValues(subnetsXml, 'subnetId').slice(0, 2)
  const vpcId = xmlValues(subnetsXml, 'vpcId')[0]
  expect(subnets, subnetsXml).toHaveLength(2)
  const groupXml = await moto.ec2('CreateSecurityGroup', {GroupName: 'hako-e2e', GroupDescription: 'hako e2e', VpcId: String(vpcId)})
  const [groupId] = xmlValues(groupXml, 'groupId')
  expect(groupId, groupXml).toMatch(/^sg-/)
  fargateFile = copyExample(tmp.path, 'hello-fargate.jsonnet', [
    ["'subnet-0a1b2c3d', 'subnet-4e5f6a7b'", subnets.map((id) => `'${id}'`).join(', ')],
    ['sg-0123abcd', String(groupId)],
  ])
}, 60_000)

afterAll(async () => {
  aws?.destroy()
  await moto?.close()
  tmp?.remove()
})

const hako = (...args: string[]) => runCli(args, {env: {AWS_ENDPOINT_URL: moto.endpoint}, timeoutMs: 60_000})

async function revisions(family: string): Promise<string[]> {
  const out = await aws.ecs.send(new ListTaskDefinitionsCommand({familyPrefix: family}))
  // moto's familyPrefix is a prefix match (hello also finds hello-fargate): keep the family's own.
  const own = new RegExp(`/${family}:\\d+$`)
  return (out.taskDefinitionArns ?? []).filter((arn) => own.test(arn)).map((arn) => String(arn.split('/').pop()))
}

async function describeService(cluster: string, service: string) {
  return aws.ecs.send(new DescribeServicesCommand({cluster, services: [service]}))
}

const apps = [
  {kind: 'EC2', file: () => join(EXAMPLES, 'hello.jsonnet'), cluster: 'eagletmt', service: 'hello'},
  {kind: 'Fargate', file: () => fargateFile, cluster: 'hello', service: 'hello-fargate'},
]

describe.each(apps)('the $kind example against moto', ({kind, file, cluster, service}) => {
  it('deploy creates the task definition and the service', async () => {
    const result = await hako('deploy', file())
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain(`Registered task definition: arn:aws:ecs:ap-northeast-1:123456789012:task-definition/${service}:1`)
    expect(result.stderr).toContain('Created service')
    expect(result.stderr).toContain('Deployment completed')

    const described = await describeService(cluster, service)
    const created = described.services?.[0]
    expect(created?.status).toBe('ACTIVE')
    expect(created?.desiredCount).toBe(2)
    expect(created?.taskDefinition).toMatch(new RegExp(`task-definition/${service}:1$`))
    expect(await revisions(service)).toEqual([`${service}:1`])
    if (kind === 'Fargate') {
      expect(created?.launchType).toBe('FARGATE')
      expect(created?.networkConfiguration?.awsvpcConfiguration?.securityGroups?.[0]).toMatch(/^sg-/)
      const groups = await aws.logs().send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/hako/hello-fargate'}))
      expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(['/hako/hello-fargate'])
    } else {
      const config = await aws.s3().send(new GetObjectCommand({Bucket: 'hako-hello-front', Key: 'front_config/hello.conf'}))
      expect(await config.Body?.transformToString()).toContain('proxy_pass http://backend:3000;')
    }
  })

  it('sees only the deployment configuration moto dropped at creation as a difference', async () => {
    const result = await hako('diff', file())
    expect(result.code, describeResult(result)).toBe(2)
    const changed = result.stdout.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line))
    expect(changed.length, result.stdout).toBeGreaterThan(0)
    for (const line of changed) expect(line).toMatch(/"(minimumHealthyPercent|maximumPercent|enable|rollback)":/)
  })

  it('a second deploy (--no-wait) registers no task definition', async () => {
    const result = await hako('deploy', '--no-wait', file())
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain("Task definition isn't changed")
    const started = JSON.parse(result.stdout) as {task_definition_arn: string}
    expect(started.task_definition_arn).toMatch(new RegExp(`task-definition/${service}:1$`))
    expect(await revisions(service)).toEqual([`${service}:1`])
  })

  it('the next deploy changes nothing at all', async () => {
    const result = await hako('deploy', file())
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain("Task definition isn't changed")
    expect(result.stderr).toContain("Service isn't changed")
    expect(result.stderr).not.toContain('Updated service')
    expect(await revisions(service)).toEqual([`${service}:1`])
  })

  it('status prints the deployment; --json parses', async () => {
    const text = await hako('status', file())
    expect(text.code, describeResult(text)).toBe(0)
    expect(text.stdout).toMatch(new RegExp(`^Deployments:\\n\\s+\\[PRIMARY\\] ${service}:1 desired_count=2`, 'm'))
    const json = await hako('status', '--json', file())
    expect(json.code, describeResult(json)).toBe(0)
    expect((JSON.parse(json.stdout) as {available: boolean; service: string}).service).toBe(service)
  })

  it('remove deletes the service', async () => {
    const result = await hako('remove', file())
    expect(result.code, describeResult(result)).toBe(0)
    const after = await describeService(cluster, service)
    const gone = after.services?.every((s) => s.status === 'INACTIVE') && (after.services?.length ?? 0) + (after.failures?.length ?? 0) > 0
    expect(gone, JSON.stringify(after)).toBe(true)
    const status = await hako('status', file())
    expect(status.code, describeResult(status)).toBe(1)
  })
})
