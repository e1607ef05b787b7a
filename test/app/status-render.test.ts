import {describe, expect, it} from 'vitest'

import type {AvailableStatus} from '../../src/app/status.js'
import {renderStatus} from '../../src/ui/status-report.js'

const BASE: AvailableStatus = {
  available: true,
  cluster: 'web',
  service: 'api',
  serviceArn: 'arn:aws:ecs:ap-northeast-1:123456789012:service/web/api',
  loadBalancers: [],
  deployments: [
    {
      status: 'PRIMARY',
      taskDefinition: 'api:7',
      desiredCount: 3,
      pendingCount: 0,
      runningCount: 3,
      images: [
        {container: 'app', image: 'example/api:v7'},
        {container: 'front', image: 'nginx:1.27'},
      ],
    },
  ],
  tasks: [],
  events: [],
  serviceDiscovery: [],
  autoscaling: null,
}

const section = (text: string, title: string): string => text.slice(text.indexOf(title))

describe('renderStatus', () => {
  it('names every container image of a deployment with more than one container', () => {
    expect(renderStatus(BASE)).toContain('  [PRIMARY] api:7 desired_count=3, pending_count=0, running_count=3, images=app=example/api:v7 front=nginx:1.27\n')
  })

  it("ends with hako's Autoscaling and Service Discovery sections, saying No when there are none", () => {
    expect(renderStatus(BASE).endsWith('Events:\nAutoscaling: No\nService Discovery: No\n')).toBe(true)
  })

  it('says so when the definition scales the service but no target is registered', () => {
    expect(section(renderStatus({...BASE, autoscaling: {registered: false}}), 'Autoscaling')).toBe(
      'Autoscaling:\n  (no scalable target registered)\nService Discovery: No\n',
    )
  })

  it('shows the scalable target, its policies and the scaling activities with their description, cause and details', () => {
    const text = renderStatus({
      ...BASE,
      autoscaling: {
        registered: true,
        resourceId: 'service/web/api',
        minCapacity: 2,
        maxCapacity: 8,
        suspended: ['scale-in'],
        policies: [
          {name: 'api-cpu-high', type: 'StepScaling', managedByHako: true, summary: 'ChangeInCapacity 1, cooldown 60, alarms api-cpu-high'},
          {name: 'by-hand', type: 'TargetTrackingScaling', managedByHako: false, summary: 'ECSServiceAverageCPUUtilization target 50'},
        ],
        activities: [
          {
            startTime: '2026-01-01T00:05:00.000Z',
            endTime: '2026-01-01T00:06:00.000Z',
            statusCode: 'Successful',
            statusMessage: 'Successfully set desired count to 3.',
            description: 'Setting desired count to 3.',
            cause: 'monitor alarm api-cpu-high in state ALARM triggered policy api-cpu-high',
            details: 'one more task',
          },
          {
            startTime: '2026-01-01T00:00:00.000Z',
            statusCode: 'InProgress',
            statusMessage: '',
            description: 'Setting desired count to 2.',
            cause: 'minimum capacity was set to 2',
          },
        ],
      },
    })

    expect(section(text, 'Autoscaling')).toBe(
      [
        'Autoscaling:',
        '  Scalable target: service/web/api min_capacity=2, max_capacity=8, suspended=scale-in',
        '  Policy: api-cpu-high (StepScaling) ChangeInCapacity 1, cooldown 60, alarms api-cpu-high',
        '  Policy: by-hand (TargetTrackingScaling) ECSServiceAverageCPUUtilization target 50 [not managed by hako]',
        '  [2026-01-01T00:05:00.000Z - 2026-01-01T00:06:00.000Z] Successfully set desired count to 3.',
        '    description: Setting desired count to 3.',
        '    cause: monitor alarm api-cpu-high in state ALARM triggered policy api-cpu-high',
        '    details: one more task',
        '  [2026-01-01T00:00:00.000Z - ] ',
        '    description: Setting desired count to 2.',
        '    cause: minimum capacity was set to 2',
        'Service Discovery: No',
        '',
      ].join('\n'),
    )
  })
})
