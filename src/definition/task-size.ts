/**
 * ECS limits a task definition to 64 KiB (its service quotas); the JSON of the RegisterTaskDefinition
 * input is what is sent, so that is what is measured. Large env maps are the usual cause.
 */
import type {Problem} from './types.js'

export const MAX_TASK_DEFINITION_BYTES = 64 * 1024

export function taskDefinitionSizeProblem(input: unknown): Problem | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8')
  if (bytes <= MAX_TASK_DEFINITION_BYTES) return undefined
  return {
    path: '',
    message: `the task definition would be ${bytes} bytes, over ECS's limit of ${MAX_TASK_DEFINITION_BYTES} (64 KiB): move large env values to secrets or environment_files`,
    severity: 'error',
  }
}
