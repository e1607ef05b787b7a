import {describe, expect, it} from 'vitest'

import {renderNginxConfig} from '../../src/scripts/nginx-config.js'

/** The proxy block of hako's location template, for `upstream`, indented 4 spaces. */
const proxy = (upstream: string): string[] => [
  `    proxy_pass http://${upstream};`,
  '    proxy_set_header Host $host;',
  '    proxy_set_header Connection ""; # for upstream keepalive',
  '    proxy_http_version 1.1;         # for upstream keepalive',
  '    proxy_connect_timeout 5s;',
  '    proxy_send_timeout 20s;',
  '    proxy_read_timeout 20s;',
]

describe('renderNginxConfig (hako section 7.2, byte for byte)', () => {
  it('renders the default location for bridge mode with two empty lines before it', () => {
    const expected = ['server {', '  listen 80;', '', '', '  location / {', '    ', ...proxy('backend:3000'), '', '  }', '}', ''].join('\n')
    expect(renderNginxConfig({backend_port: 3000, locations: {'/': {}}}, 'backend')).toBe(expected)
  })

  it('uses localhost as the backend host under awsvpc', () => {
    const config = renderNginxConfig({backend_port: 3000, locations: {'/': {}}}, 'localhost')
    expect(config).toContain('    proxy_pass http://localhost:3000;\n')
    expect(config).not.toContain('backend')
  })

  it('renders allow lines then deny all when allow_only_from is given', () => {
    const expected = [
      'server {',
      '  listen 80;',
      '',
      '',
      '  location / {',
      '    allow 127.0.0.1;',
      '    allow 10.0.0.0/24;',
      '    deny all;',
      '    ',
      ...proxy('backend:3000'),
      '',
      '  }',
      '}',
      '',
    ].join('\n')
    expect(renderNginxConfig({backend_port: 3000, locations: {'/': {allow_only_from: ['127.0.0.1', '10.0.0.0/24']}}}, 'backend')).toBe(expected)
  })

  it('puts client_max_body_size between listen and the first location', () => {
    const expected = [
      'server {',
      '  listen 80;',
      '',
      '  client_max_body_size 1G;',
      '',
      '  location / {',
      '    ',
      ...proxy('backend:3000'),
      '',
      '  }',
      '}',
      '',
    ].join('\n')
    expect(renderNginxConfig({backend_port: 3000, locations: {'/': {}}, client_max_body_size: '1G'}, 'backend')).toBe(expected)
  })

  it('renders several locations in map order, each with its own access list', () => {
    const expected = [
      'server {',
      '  listen 80;',
      '',
      '',
      '  location / {',
      '    ',
      ...proxy('backend:8080'),
      '',
      '  }',
      '  location /admin {',
      '    allow 192.168.0.0/16;',
      '    deny all;',
      '    ',
      ...proxy('backend:8080'),
      '',
      '  }',
      '}',
      '',
    ].join('\n')
    const locations = {'/': {}, '/admin': {allow_only_from: ['192.168.0.0/16']}}
    expect(renderNginxConfig({backend_port: '8080', locations}, 'backend')).toBe(expected)
  })
})
