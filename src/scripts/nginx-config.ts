/**
 * The front nginx configuration, byte for byte as hako's ERB templates render it (hako section 7.2),
 * so a front image built for hako keeps working.
 */

export interface NginxLocation {
  allow_only_from?: string[]
}

export interface NginxConfigInput {
  backend_port: number | string
  locations: Record<string, NginxLocation>
  client_max_body_size?: string
}

/** hako's location template; comment columns are aligned as in its source. */
function renderLocationBody(location: NginxLocation, upstream: string): string[] {
  const lines: string[] = []
  if (location.allow_only_from) {
    for (const source of location.allow_only_from) lines.push(`allow ${source};`)
    lines.push('deny all;')
  }
  lines.push(
    '',
    `proxy_pass http://${upstream};`,
    'proxy_set_header Host $host;',
    'proxy_set_header Connection ""; # for upstream keepalive',
    'proxy_http_version 1.1;         # for upstream keepalive',
    'proxy_connect_timeout 5s;',
    'proxy_send_timeout 20s;',
    'proxy_read_timeout 20s;',
  )
  // hako indents every line, empty ones included, so the blank line is four spaces.
  return lines.map((line) => `    ${line}`)
}

/** `backendHost` is `backend` (bridge, via the link) or `localhost` (awsvpc). */
export function renderNginxConfig(input: NginxConfigInput, backendHost: string): string {
  const upstream = `${backendHost}:${input.backend_port}`
  const lines = ['server {', '  listen 80;', '']
  if (input.client_max_body_size !== undefined) lines.push(`  client_max_body_size ${input.client_max_body_size};`)
  lines.push('')
  for (const [path, location] of Object.entries(input.locations)) {
    lines.push(`  location ${path} {`, ...renderLocationBody(location, upstream), '', '  }')
  }
  lines.push('}')
  return lines.join('\n') + '\n'
}
