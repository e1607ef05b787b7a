/**
 * valibot schema of a whole definition file. Parsed with strict objects: unknown keys come out as
 * `strict_object` issues, which load.ts turns into warnings (style.md E).
 */
import * as v from 'valibot'

import {containerSchema} from './container-schema.js'
import {schedulerSchema} from './scheduler-schema.js'
import {int, mapOf} from './schema-parts.js'

/** Containers are keyed by their name; a list of them is the usual slip. */
const containersSchema = mapOf(containerSchema, "the key is the container name: {front: {image_tag: 'nginx'}}")

export const volumeSchema = v.strictObject({
  source_path: v.optional(v.string()),
  docker_volume_configuration: v.optional(
    v.strictObject({
      autoprovision: v.optional(v.boolean()),
      driver: v.optional(v.string()),
      driver_opts: v.optional(mapOf(v.string(), "{type: 'nfs'}")),
      labels: v.optional(mapOf(v.string(), "{team: 'web'}")),
      scope: v.optional(v.picklist(['task', 'shared'])),
    }),
  ),
  efs_volume_configuration: v.optional(
    v.strictObject({
      file_system_id: v.string(),
      root_directory: v.optional(v.string()),
      transit_encryption: v.optional(v.picklist(['ENABLED', 'DISABLED'])),
      transit_encryption_port: v.optional(int()),
      authorization_config: v.optional(
        v.strictObject({
          access_point_id: v.optional(v.string()),
          iam: v.optional(v.picklist(['ENABLED', 'DISABLED'])),
        }),
      ),
    }),
  ),
})

/** Script entries are validated by their plugins (src/scripts/registry.ts); here only the `type`. */
export const scriptEntrySchema = v.looseObject({type: v.pipe(v.string(), v.minLength(1, 'must be set'))})

export const definitionSchema = v.strictObject({
  scheduler: schedulerSchema,
  app: containerSchema,
  sidecars: v.optional(containersSchema),
  /** hako's name for `sidecars` before 2.3.0; used when `sidecars` is absent. */
  additional_containers: v.optional(containersSchema),
  scripts: v.optional(v.array(scriptEntrySchema), []),
  volumes: v.optional(mapOf(volumeSchema, "the key is the volume name: {data: {source_path: '/data'}}"), {}),
})

export type DefinitionOutput = v.InferOutput<typeof definitionSchema>
