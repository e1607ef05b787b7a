/**
 * What the nginx_front script needs from the containers, checked before a deploy starts: a `front`
 * sidecar to configure, and (outside awsvpc, where it links to it) the backend container.
 */
import {error, type Rule, sidecarNames} from './rule-kit.js'
import type {Problem} from './types.js'

export const nginxFrontRule: Rule = (d, c) => {
  // oneshot runs no deploy hooks, so the front is not wired there.
  if (c.oneshot) return []
  const names = new Set(['app', ...sidecarNames(d)])
  const problems: Problem[] = []
  d.scripts.forEach((script, i) => {
    if (script.type !== 'nginx_front') return
    if (!names.has('front'))
      problems.push(
        error(
          `scripts[${i}]`,
          `nginx_front configures a sidecar named "front"; add one (an nginx image that reads its configuration from S3) under ${c.sidecarsKey}`,
        ),
      )
    const backend = (script as {backend?: unknown}).backend ?? 'app'
    if (typeof backend === 'string' && d.scheduler.network_mode !== 'awsvpc' && !names.has(backend)) {
      problems.push(error(`scripts[${i}].backend`, `unknown container "${backend}" (the front links to it)`))
    }
  })
  return problems
}
