import * as v from 'valibot'
import {describe, expect, it} from 'vitest'

import {applyFrontEnv, frontConfigKey, nginxFrontSchema, wireFront} from '../../src/scripts/nginx-front.js'
import {renderNginxConfig} from '../../src/scripts/nginx-config.js'
import {container} from './support/containers.js'

const options = (extra: Record<string, unknown> = {}) =>
  v.parse(nginxFrontSchema, {type: 'nginx_front', s3: {region: 'ap-northeast-1', bucket: 'nanika', prefix: 'hako/front_config'}, backend_port: 3000, ...extra})

describe('nginx_front wiring (hako section 9.2 case 19)', () => {
  it('adds the S3 location to the front env', () => {
    const containers = [container('app'), container('front', {env: {KEEP: '1'}})]
    applyFrontEnv(containers, options(), 'hello')
    expect(containers[1]?.env).toEqual({
      KEEP: '1',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
      S3_CONFIG_BUCKET: 'nanika',
      S3_CONFIG_KEY: 'hako/front_config/hello.conf',
    })
    expect(containers[0]?.env).toEqual({})
  })

  it('uses <app>.conf without a prefix', () => {
    expect(frontConfigKey(v.parse(nginxFrontSchema, {type: 'nginx_front', s3: {region: 'r', bucket: 'b'}, backend_port: 1}), 'hello')).toBe('hello.conf')
  })

  it('links the backend and maps the front port in bridge mode', () => {
    const containers = [container('app'), container('front')]
    const host = wireFront(containers, options(), 10000)
    expect(host).toBe('backend')
    expect(containers[1]?.links).toEqual(['app:backend'])
    expect(containers[1]?.port_mappings).toEqual([{container_port: 80, host_port: 10000, protocol: 'tcp'}])
    expect(renderNginxConfig(options(), host)).toContain('proxy_pass http://backend:3000;')
    expect(renderNginxConfig(options(), host)).not.toContain('deny all;')
  })

  it('does not link under awsvpc and proxies to localhost', () => {
    const containers = [container('app'), container('front')]
    const host = wireFront(containers, options({backend: 'web'}), null)
    expect(host).toBe('localhost')
    expect(containers[1]?.links).toEqual([])
    expect(containers[1]?.port_mappings).toEqual([{container_port: 80, host_port: 80, protocol: 'tcp'}])
  })

  it('flattens nested allow_only_from lists', () => {
    const parsed = options({locations: {'/': {allow_only_from: ['127.0.0.1', ['10.0.0.0/24']]}}})
    expect(parsed.locations['/']?.allow_only_from).toEqual(['127.0.0.1', '10.0.0.0/24'])
    const config = renderNginxConfig(parsed, 'backend')
    expect(config).toContain('    allow 127.0.0.1;\n    allow 10.0.0.0/24;\n    deny all;\n')
  })

  it('renders client_max_body_size from the options', () => {
    expect(renderNginxConfig(options({client_max_body_size: '1G'}), 'backend')).toContain('  client_max_body_size 1G;\n')
  })

  it('fails clearly without a front sidecar', () => {
    expect(() => applyFrontEnv([container('app'), container('redis')], options(), 'hello')).toThrow(
      'nginx_front needs a sidecar named "front", but the loaded containers are: app, redis',
    )
  })
})
