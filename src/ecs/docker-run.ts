/**
 * hako's dry-run `docker run` rendering, with its printing bugs fixed: the entry point is a
 * real `--entrypoint` plus leading arguments, `--health-start-period`, no trailing colon on devices,
 * every value shell-quoted, and log driver, ulimits and extra hosts shown. Env values are printed
 * as the containers hold them (dry-run loads with `${NAME}` placeholders); secrets show only their
 * `value_from`.
 */
import type {Container, VolumeSpec} from '../definition/types.js'

export interface DockerRunOptions {
  /** oneshot: the command, replacing the app's. */
  command?: string[]
  /** oneshot `-e`: shown after, and shadowing, the app's env and secrets. */
  env?: Record<string, string>
  appCpu?: number
  appMemory?: number
  appMemoryReservation?: number
}

const CONTINUATION = ' \\\n   '

/** POSIX single-quoting when the word has anything the shell would interpret. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-.,:/@%+=]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

export function renderDockerRun(containers: Container[], volumes: Record<string, VolumeSpec>, options: DockerRunOptions = {}): string[] {
  return [...renderVolumes(volumes), ...containers.map((c) => renderContainer(c, volumes, options))]
}

/** `docker volume create` for volumes docker would not create by itself. */
export function renderVolumes(volumes: Record<string, VolumeSpec>): string[] {
  const lines: string[] = []
  for (const [name, spec] of Object.entries(volumes)) {
    const docker = spec.docker_volume_configuration
    if (spec.efs_volume_configuration || (docker && docker.autoprovision === true) || (!docker && spec.source_path !== undefined)) continue
    const words = ['docker', 'volume', 'create']
    if (docker?.driver) words.push('--driver', shellQuote(docker.driver))
    for (const [k, v] of Object.entries(docker?.driver_opts ?? {})) words.push('--opt', shellQuote(`${k}=${v}`))
    for (const [k, v] of Object.entries(docker?.labels ?? {})) words.push('--label', shellQuote(`${k}=${v}`))
    words.push(shellQuote(name))
    lines.push(words.join(' '))
  }
  return lines
}

function renderContainer(c: Container, volumes: Record<string, VolumeSpec>, options: DockerRunOptions): string {
  const isApp = c.name === 'app'
  const q = shellQuote
  const words: string[] = ['docker', 'run', '--name', q(c.name)]
  const cpu = isApp ? (options.appCpu ?? c.cpu) : c.cpu
  const memory = isApp ? (options.appMemory ?? c.memory) : c.memory
  const reservation = isApp ? (options.appMemoryReservation ?? c.memory_reservation) : c.memory_reservation
  words.push('--cpu-shares', String(cpu))
  if (memory !== undefined) words.push('--memory', `${memory}M`)
  if (reservation !== undefined) words.push('--memory-reservation', `${reservation}M`)
  for (const link of c.links) words.push('--link', q(link))
  for (const m of c.port_mappings) {
    words.push('--publish', `${m.host_port ?? 0}:${m.container_port}${m.protocol === 'udp' ? '/udp' : ''}`)
  }
  for (const [k, v] of Object.entries(c.docker_labels)) words.push('--label', q(`${k}=${v}`))
  for (const m of c.mount_points) {
    const source = volumes[m.source_volume]?.source_path ?? m.source_volume
    words.push('--volume', q(`${source}:${m.container_path}${m.read_only ? ':ro' : ''}`))
  }
  for (const f of c.volumes_from) words.push('--volumes-from', q(`${f.source_container}${f.read_only ? ':ro' : ''}`))
  if (c.privileged) words.push('--privileged')
  words.push(...linuxParameterWords(c))
  if (c.user !== undefined) words.push('--user', q(c.user))
  if (c.readonly_root_filesystem) words.push('--read-only')
  for (const o of c.docker_security_options ?? []) words.push('--security-opt', q(o))
  if (c.working_directory !== undefined) words.push('--workdir', q(c.working_directory))
  if (c.hostname !== undefined) words.push('--hostname', q(c.hostname))
  for (const d of c.dns_servers ?? []) words.push('--dns', q(d))
  for (const d of c.dns_search_domains ?? []) words.push('--dns-search', q(d))
  for (const h of c.extra_hosts ?? []) words.push('--add-host', q(`${h.hostname}:${h.ip_address}`))
  for (const u of c.ulimits ?? []) words.push('--ulimit', q(`${u.name}=${u.soft_limit}:${u.hard_limit}`))
  if (c.stop_timeout !== undefined) words.push('--stop-timeout', String(c.stop_timeout))
  if (c.log_configuration) {
    words.push('--log-driver', q(c.log_configuration.log_driver))
    for (const [k, v] of Object.entries(c.log_configuration.options ?? {})) words.push('--log-opt', q(`${k}=${v}`))
  }
  // docker's --entrypoint takes one executable; the rest of ECS's entryPoint precedes the command.
  const [entry, ...entryArgs] = c.entry_point ?? []
  if (entry !== undefined) words.push('--entrypoint', q(entry))
  for (const s of c.system_controls ?? []) words.push('--sysctl', q(`${s.namespace}=${s.value}`))
  words.push(...healthCheckWords(c))

  const overridden = new Set(isApp ? Object.keys(options.env ?? {}) : [])
  const lines = [words.join(' ')]
  for (const [name, value] of Object.entries(c.env)) if (!overridden.has(name)) lines.push(`--env ${q(`${name}=${value}`)}`)
  for (const s of c.secrets ?? []) if (!overridden.has(s.name)) lines.push(`--env ${q(`${s.name}=secret:${s.value_from}`)}`)
  if (isApp) for (const [name, value] of Object.entries(options.env ?? {})) lines.push(`--env ${q(`${name}=${value}`)}`)
  const command = isApp && options.command ? options.command : c.command
  const tail = [q(c.image), ...entryArgs.map(q)].join(' ')
  lines.push(tail)
  if (command && command.length > 0) lines.push(command.map(q).join(' '))
  return lines.join(CONTINUATION)
}

function linuxParameterWords(c: Container): string[] {
  const p = c.linux_parameters
  if (!p) return []
  const words: string[] = []
  for (const cap of p.capabilities?.add ?? []) words.push(`--cap-add=${shellQuote(cap)}`)
  for (const cap of p.capabilities?.drop ?? []) words.push(`--cap-drop=${shellQuote(cap)}`)
  for (const d of p.devices ?? []) {
    const perms = d.permissions.map((perm) => ({read: 'r', write: 'w', mknod: 'm'})[perm]).join('')
    const spec = [d.host_path, d.container_path, perms || undefined].filter((part) => part !== undefined).join(':')
    words.push(`--device=${shellQuote(spec)}`)
  }
  if (p.init_process_enabled) words.push('--init')
  if (p.shared_memory_size !== undefined) words.push('--shm-size', `${p.shared_memory_size}m`)
  for (const t of p.tmpfs ?? []) words.push('--tmpfs', shellQuote([`${t.container_path}:size=${t.size}m`, ...t.mount_options].join(',')))
  if (p.max_swap !== undefined) words.push('--memory-swap', `${(c.memory ?? 0) + p.max_swap}M`)
  if (p.swappiness !== undefined) words.push('--memory-swappiness', String(p.swappiness))
  return words
}

function healthCheckWords(c: Container): string[] {
  const h = c.health_check
  if (!h) return []
  const [kind, ...rest] = h.command
  if (kind === 'NONE') return ['--no-healthcheck']
  // CMD-SHELL's rest is a shell string; CMD's words are joined as the shell would need them.
  const cmd = kind === 'CMD-SHELL' ? rest.join(' ') : rest.map(shellQuote).join(' ')
  const words = [
    '--health-cmd',
    shellQuote(cmd),
    '--health-retries',
    String(h.retries),
    '--health-interval',
    `${h.interval}s`,
    '--health-timeout',
    `${h.timeout}s`,
  ]
  if (h.start_period !== undefined) words.push('--health-start-period', `${h.start_period}s`)
  return words
}
