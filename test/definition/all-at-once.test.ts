/**
 * Every problem of a file in one pass: the cross-field rules run on the parts the schema accepted,
 * and are kept away from the values it refused (no second, confusing report about those).
 */
import {describe, expect, it} from 'vitest'

import {check, errorsOf, fargate} from './check-helpers.js'

describe('schema problems do not hide rule problems', () => {
  it('a wrong type in app and a missing desired_count are both reported', async () => {
    const {problems, definition} = await check((d) => {
      d.app.memory = '128'
      delete d.scheduler.desired_count
    })
    expect(errorsOf(problems)).toEqual([
      "app.memory: must be a number: write 128, not '128'",
      'scheduler.desired_count: must be set (unless scheduling_strategy is "DAEMON")',
    ])
    expect(definition).toBeUndefined()
  })

  it('a wrong type and a broken rule in the same section are both reported', async () => {
    const {problems} = await check((d) => {
      d.scheduler.cpu = true
      delete d.scheduler.desired_count
    })
    expect(errorsOf(problems)).toEqual([
      'scheduler.cpu: Invalid type: Expected (string | number) but received true',
      'scheduler.desired_count: must be set (unless scheduling_strategy is "DAEMON")',
    ])
  })

  it('a rule that reads a refused value is skipped, so the value is reported once', async () => {
    const {problems} = await check((d) => {
      d.app.memory = 'lots'
      d.app.memory_reservation = 32
    })
    // memoryRules would compare memory_reservation with the refused memory; it stays quiet.
    expect(errorsOf(problems)).toEqual(['app.memory: Invalid type: Expected number but received "lots"'])
  })

  it('one invalid container does not stop the checks of the others', async () => {
    const {problems} = await check((d) => {
      d.app.cpu = 'x'
      d.sidecars = {redis: {image_tag: 'redis:7', memory: 64, links: ['cache']}}
    })
    expect(errorsOf(problems)).toEqual(['app.cpu: Invalid type: Expected number but received "x"', 'sidecars.redis.links[0]: unknown container "cache"'])
  })

  it('a sidecar refused as a whole still counts as a name other containers may refer to', async () => {
    const {problems} = await check((d) => {
      d.app.links = ['redis']
      d.sidecars = {redis: 'redis:7'}
    })
    expect(errorsOf(problems)).toEqual(['sidecars.redis: Invalid type: Expected Object but received "redis:7"'])
  })

  it('sidecars given as a list make no container reference look unknown', async () => {
    const {problems} = await check((d) => {
      d.app.links = ['redis']
      d.app.mount_points = [{source_volume: 'data', container_path: '/data'}]
      d.sidecars = [{image_tag: 'redis:7'}]
    })
    expect(errorsOf(problems)).toEqual([
      "sidecars: must be an object (the key is the container name: {front: {image_tag: 'nginx'}}), not an array",
      'app.mount_points[0].source_volume: unknown volume "data" (declare it under volumes)',
    ])
  })

  it('an unknown scheduler type leaves the container rules running', async () => {
    const {problems} = await check((d) => {
      d.scheduler.type = 'k8s'
      d.app.links = ['db']
    })
    expect(errorsOf(problems)).toEqual(['scheduler.type: Invalid type: Expected "ecs" but received "k8s"', 'app.links[0]: unknown container "db"'])
  })

  it('Fargate size, env type, health check and cycle problems come out together', async () => {
    const {problems} = await check((d) => {
      fargate(d)
      d.scheduler.cpu = '333'
      d.app.env = ['A=1']
      d.app.health_check = {command: ['CMD', 'true'], interval: 1}
      d.app.depends_on = [{container_name: 'init', condition: 'START'}]
      d.sidecars = {init: {image_tag: 'busybox', memory: 16, essential: false, depends_on: [{container_name: 'app', condition: 'START'}]}}
    })
    expect(errorsOf(problems)).toEqual(
      expect.arrayContaining([
        "app.env: must be an object of NAME: value, not an array (write {A: '1'}, not ['A=1'])",
        'app.health_check.interval: Invalid value: Expected >=5 but received 1',
        'scheduler.cpu: Fargate has no task size with cpu 333; use one of 256, 512, 1024, 2048, 4096, 8192, 16384',
        expect.stringMatching(/^sidecars\.init\.depends_on\[0\]\.container_name: containers wait on each other in a cycle: app → init → app/),
      ]),
    )
    expect(errorsOf(problems)).toHaveLength(4)
  })
})
