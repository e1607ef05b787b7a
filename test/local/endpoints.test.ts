/**
 * `hako local serve` prints one endpoint variable per served service, from one table; the table's
 * ids are the SDK's own, so the variables are the ones the SDKs and the AWS CLI read.
 */
import {describe, expect, it} from 'vitest'

import {endpointVariable, endpointVariables, SERVICE_IDS} from '../../src/local/endpoints.js'
import {localServices} from '../../src/local/index.js'
import {clientsFor} from '../support/local-aws.js'

describe('the endpoint table', () => {
  it('has a row for every service the local AWS serves', () => {
    expect(localServices.map((s) => s.name).filter((name) => !(name in SERVICE_IDS))).toEqual([])
    expect(endpointVariables(localServices)).toContain('AWS_ENDPOINT_URL_SECRETS_MANAGER')
  })

  it('refuses a service without a row rather than leaving it out of the exports', () => {
    expect(() => endpointVariables([{name: 'nope'}])).toThrow(/nope has no row/)
  })

  it('spells the ids as the SDK clients do', async () => {
    const clients = clientsFor('http://127.0.0.1:9')
    const sdk: Record<string, {config: {serviceId: string}}> = {
      ecs: clients.ecs,
      elbv2: clients.elbv2,
      route53: clients.route53,
      s3: clients.s3(),
      logs: clients.logs(),
      servicediscovery: clients.serviceDiscovery,
      autoscaling: clients.autoScaling,
      ssm: clients.ssm(),
      secretsmanager: clients.secretsManager(),
    }
    try {
      for (const [name, client] of Object.entries(sdk)) expect(SERVICE_IDS[name], name).toBe(client.config.serviceId)
      expect(SERVICE_IDS.ec2).toBe((await clients.ec2()).config.serviceId)
    } finally {
      clients.destroy()
    }
    expect(endpointVariable('Elastic Load Balancing v2')).toBe('AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2')
  })
})
