/** A container definition the simulator runs as a long-lived app. */
export function appContainer(name = 'app', image = 'example/app:1', extra: Record<string, unknown> = {}) {
  return {name, image, memory: 256, essential: true, portMappings: [{containerPort: 80}], ...extra}
}
