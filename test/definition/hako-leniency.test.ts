/**
 * Definitions the Ruby hako accepts: taken here too (normalised, with a warning where the file
 * should change), and where AWS would refuse them anyway, refused with how to fix them.
 */
import * as v from 'valibot'
import {describe, expect, it} from 'vitest'

import {nginxFrontSchema} from '../../src/scripts/nginx-front.js'
import {renderNginxConfig} from '../../src/scripts/nginx-config.js'
import {check, errorsOf} from './check-helpers.js'

describe('port mapping protocol', () => {
  it.each(['TCP', 'Tcp', 'UDP'])('%s is read in lower case, with a warning naming the path', async (protocol) => {
    const {problems, definition} = await check((d) => {
      d.app.port_mappings = [{container_port: 80, protocol}]
    })
    expect(definition?.app.port_mappings[0]?.protocol).toBe(protocol.toLowerCase())
    expect(problems).toEqual([
      {path: 'app.port_mappings[0].protocol', message: `read as '${protocol.toLowerCase()}': write it in lower case, as ECS does`, severity: 'warning'},
    ])
  })

  it('names the sidecar path too, and keeps refusing what is no protocol', async () => {
    const {problems} = await check((d) => {
      d.sidecars = {
        front: {
          image_tag: 'nginx',
          memory: 32,
          port_mappings: [
            {container_port: 80, protocol: 'TCP'},
            {container_port: 81, protocol: 'SCTP'},
          ],
        },
      }
    })
    expect(problems).toEqual([
      {path: 'sidecars.front.port_mappings[1].protocol', message: 'Invalid type: Expected ("tcp" | "udp") but received "sctp"', severity: 'error'},
      {path: 'sidecars.front.port_mappings[0].protocol', message: "read as 'tcp': write it in lower case, as ECS does", severity: 'warning'},
    ])
  })

  it("hako's internal NLB example (upper-case protocols, dynamic host port) loads", async () => {
    const {problems, definition} = await check((d) => {
      Object.assign(d.scheduler, {
        cluster: 'eagletmt',
        desired_count: 2,
        role: 'ecsServiceRole',
        elb_v2: {
          scheme: 'internal',
          type: 'network',
          vpc_id: 'vpc-WWWWWWWW',
          listeners: [{port: 80, protocol: 'TCP'}],
          subnets: ['subnet-XXXXXXXX', 'subnet-YYYYYYYY'],
          container_name: 'app',
          container_port: 80,
        },
      })
      d.app = {image: 'nginx', memory: 128, cpu: 256, port_mappings: [{container_port: 80, host_port: 0, protocol: 'TCP'}]}
    })
    expect(errorsOf(problems)).toEqual([])
    expect(problems.map((p) => p.path)).toEqual(['app.port_mappings[0].protocol'])
    expect(definition?.app.port_mappings).toEqual([{container_port: 80, host_port: 0, protocol: 'tcp'}])
  })
})

describe('nginx_front options', () => {
  const options = (extra: Record<string, unknown>) =>
    v.safeParse(nginxFrontSchema, {type: 'nginx_front', s3: {region: 'ap-northeast-1', bucket: 'b'}, backend_port: 3000, ...extra})

  it('client_max_body_size given as a number is written as nginx reads it (bytes)', () => {
    const parsed = options({client_max_body_size: 10485760})
    expect(parsed.success).toBe(true)
    expect(parsed.output).toMatchObject({client_max_body_size: '10485760'})
    expect(renderNginxConfig(parsed.output as never, 'backend')).toContain('  client_max_body_size 10485760;\n')
  })

  it('client_max_body_size null is absent, as in hako', () => {
    const parsed = options({client_max_body_size: null})
    expect(parsed.success).toBe(true)
    expect(renderNginxConfig(parsed.output as never, 'backend')).not.toContain('client_max_body_size')
  })

  it('allow_only_from: null renders no allow list', () => {
    const parsed = options({locations: {'/': {allow_only_from: null}, '/admin': {allow_only_from: ['10.0.0.0/8']}}})
    expect(parsed.success).toBe(true)
    const config = renderNginxConfig(parsed.output as never, 'backend')
    expect(config.match(/allow /g)).toHaveLength(1)
    expect(config.match(/deny all;/g)).toHaveLength(1)
  })

  it('still refuses a fractional or negative size', () => {
    expect(options({client_max_body_size: -1}).success).toBe(false)
    expect(options({client_max_body_size: 1.5}).success).toBe(false)
  })
})

describe('refused as AWS would, with the fix in the message', () => {
  const cases: [string, (d: Record<string, any>) => void, string][] = [
    [
      'size_in_gi_b as a string',
      (d) => (d.scheduler.ephemeral_storage = {size_in_gi_b: '25'}),
      "scheduler.ephemeral_storage.size_in_gi_b: must be a number: write 25, not '25'",
    ],
    ['desired_count as a string', (d) => (d.scheduler.desired_count = ' 2'), "scheduler.desired_count: must be a number: write 2, not ' 2'"],
    [
      'a port as a string',
      (d) => (d.app.port_mappings = [{container_port: '8080'}]),
      "app.port_mappings[0].container_port: must be a number: write 8080, not '8080'",
    ],
    [
      'secrets without execution_role_arn',
      (d) => (d.app.secrets = [{name: 'TOKEN', value_from: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/t'}]),
      'app.secrets: secrets need scheduler.execution_role_arn (ECS fetches them with the execution role): set it to a role that may read them (ssm:GetParameters, secretsmanager:GetSecretValue)',
    ],
  ]
  it.each(cases)('%s', async (_name, mutate, expected) => {
    expect(errorsOf((await check(mutate)).problems)).toEqual([expected])
  })
})
