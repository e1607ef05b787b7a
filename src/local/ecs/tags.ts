/**
 * Tags on clusters, services, tasks, task definitions and container instances.
 */
import type {ListTagsForResourceRequest, TagResourceRequest, UntagResourceRequest} from '@aws-sdk/client-ecs'
import {EcsError, clusterNotFound, invalidParameter} from './errors.js'
import type {Scope} from './model.js'
import type {Wire} from './state.js'

function requireResource(scope: Scope, resourceArn: string | undefined): string {
  if (!resourceArn) throw invalidParameter('resourceArn can not be blank.')
  const {ecs} = scope
  const known =
    ecs.clusters[resourceArn] ?? ecs.services[resourceArn] ?? ecs.tasks[resourceArn] ?? ecs.taskDefinitions[resourceArn] ?? ecs.containerInstances[resourceArn]
  // The tag operations' model has ClusterNotFoundException for a missing cluster (as moto answers).
  if (!known && /:cluster\/[^/]+$/.test(resourceArn)) throw clusterNotFound()
  if (!known) throw new EcsError('ResourceNotFoundException', 'The specified resource could not be found.')
  return resourceArn
}

export const tagHandlers = {
  ListTagsForResource(scope: Scope, input: Wire<ListTagsForResourceRequest>) {
    return {tags: scope.ecs.tags[requireResource(scope, input.resourceArn)] ?? []}
  },

  TagResource(scope: Scope, input: Wire<TagResourceRequest>) {
    const resourceArn = requireResource(scope, input.resourceArn)
    const tags = [...(scope.ecs.tags[resourceArn] ?? [])]
    for (const tag of input.tags ?? []) {
      if (!tag.key) throw invalidParameter('Tag keys can not be blank.')
      const index = tags.findIndex((existing) => existing.key === tag.key)
      if (index >= 0) tags[index] = tag
      else tags.push(tag)
    }
    if (tags.length > 50) throw invalidParameter('A resource can have at most 50 tags.')
    scope.ecs.tags[resourceArn] = tags
    return {}
  },

  UntagResource(scope: Scope, input: Wire<UntagResourceRequest>) {
    const resourceArn = requireResource(scope, input.resourceArn)
    const keys = new Set(input.tagKeys ?? [])
    scope.ecs.tags[resourceArn] = (scope.ecs.tags[resourceArn] ?? []).filter((tag) => !keys.has(tag.key ?? ''))
    return {}
  },
}
