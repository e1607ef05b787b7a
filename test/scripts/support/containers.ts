import * as v from 'valibot'

import {containerSchema} from '../../../src/definition/container-schema.js'
import type {Container} from '../../../src/definition/types.js'

/** A loaded container with the schema's defaults, as the loader hands it to scripts. */
export function container(name: string, spec: Record<string, unknown> = {}): Container {
  const parsed = v.parse(containerSchema, spec)
  return {...parsed, name, image: `${name}-image`}
}
