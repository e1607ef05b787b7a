/**
 * The containers of a run: `app` plus sidecars (deploy: all; oneshot: app, the
 * chosen ones and the closure over links / depends_on / volumes_from), with their final images.
 */
import {appImage, parseImage} from './image.js'
import {referencesOf} from './references.js'
import type {Container, ContainerSpec, Definition, Problem} from './types.js'

export interface BuildContainersOptions {
  tag?: string
  containers?: 'all' | {with: string[]}
  /** How the file names its sidecars (`sidecars` or hako's older `additional_containers`), for paths. */
  sidecarsKey?: string
}

export interface BuildContainersResult {
  containers: Container[]
  problems: Problem[]
}

export function buildContainers(definition: Definition, options: BuildContainersOptions = {}): BuildContainersResult {
  const sidecarsKey = options.sidecarsKey ?? 'sidecars'
  const problems: Problem[] = []
  const specs = new Map<string, {spec: ContainerSpec; path: string}>([['app', {spec: definition.app, path: 'app'}]])
  for (const [name, spec] of Object.entries(definition.sidecars)) {
    if (name !== 'app') specs.set(name, {spec, path: `${sidecarsKey}.${name}`})
  }

  const selection = options.containers ?? 'all'
  const start = selection === 'all' ? [...specs.keys()] : ['app', ...selection.with]
  const order: string[] = []
  const queue = [...start]
  while (queue.length > 0) {
    const name = queue.shift() as string
    if (order.includes(name)) continue
    const entry = specs.get(name)
    if (!entry) {
      problems.push({path: `${sidecarsKey}.${name}`, message: `no such sidecar (asked for with --container)`, severity: 'error'})
      continue
    }
    order.push(name)
    // Unknown targets are reported by rules.ts over the whole definition; here they are skipped.
    for (const ref of referencesOf(entry.spec)) if (specs.has(ref.target)) queue.push(ref.target)
  }

  const containers: Container[] = []
  for (const name of order) {
    const {spec, path} = specs.get(name) as {spec: ContainerSpec; path: string}
    const image = imageOf(name, spec, path, options.tag, problems)
    containers.push({...structuredClone(spec), name, image})
  }
  return {containers, problems}
}

function imageOf(name: string, spec: ContainerSpec, path: string, cliTag: string | undefined, problems: Problem[]): string {
  if (name === 'app') {
    if (spec.image === undefined) {
      problems.push({path: `${path}.image`, message: 'must be set', severity: 'error'})
      return ''
    }
    const parts = parseImage(spec.image)
    if (spec.tag !== undefined && cliTag === undefined && (parts.tag !== undefined || parts.digest !== undefined)) {
      problems.push({path: `${path}.tag`, message: `ignored: app.image "${spec.image}" already carries a tag or digest`, severity: 'warning'})
    }
    return appImage(spec.image, spec.tag, cliTag)
  }
  if (spec.image_tag !== undefined) return spec.image_tag
  if (spec.image !== undefined) return appImage(spec.image, spec.tag, undefined)
  problems.push({path: `${path}.image_tag`, message: 'must be set (the full image reference, e.g. "redis:7")', severity: 'error'})
  return ''
}
