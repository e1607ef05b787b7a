/**
 * `hako local serve` as its own process serving SDK clients in this process: the announced
 * endpoint works, it is as strict as AWS (nothing created for you), state persists in
 * $HAKO_LOCAL_DIR across servers, and SIGINT ends it.
 */
import {ClusterNotFoundException, CreateClusterCommand, DescribeClustersCommand, DescribeServicesCommand, ListClustersCommand} from '@aws-sdk/client-ecs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {clientsFor} from '../support/local-aws.js'
import {assertBuilt, describeResult, tempDir} from './support/cli.js'
import {type ServedLocalAws, startLocalServe} from './support/local-serve.js'

assertBuilt()

describe('hako local serve', () => {
  let state: ReturnType<typeof tempDir>
  let served: ServedLocalAws

  beforeAll(async () => {
    state = tempDir('serve')
    served = await startLocalServe(state.path)
  })
  afterAll(async () => {
    if (served.cli.child.exitCode === null && served.cli.child.signalCode === null) await served.stop()
    state.remove()
  })

  it('prints one export line per service, all with the same endpoint, and nothing else on stdout', async () => {
    const stdout = served.cli.stdout()
    const endpointLines = stdout.split('\n').filter((line) => line.startsWith('export AWS_ENDPOINT_URL_'))
    expect(endpointLines.map((line) => line.replace(/=.*/, ''))).toEqual(
      expect.arrayContaining([
        'export AWS_ENDPOINT_URL_ECS',
        'export AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
        'export AWS_ENDPOINT_URL_ROUTE_53',
        'export AWS_ENDPOINT_URL_S3',
        'export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
      ]),
    )
    expect(new Set(endpointLines.map((line) => line.replace(/^[^=]*=/, '')))).toEqual(new Set([served.endpoint]))
    for (const line of stdout.trim().split('\n')) expect(line).toMatch(/^export [A-Z0-9_]+=\S+$/)
  })

  it('serves CreateCluster and ListClusters to an SDK client', async () => {
    const {ecs} = clientsFor(served.endpoint)
    const created = await ecs.send(new CreateClusterCommand({clusterName: 'e2e-serve'}))
    expect(created.cluster?.clusterName).toBe('e2e-serve')
    const listed = await ecs.send(new ListClustersCommand({}))
    expect(listed.clusterArns).toContain(created.cluster?.clusterArn)
    ecs.destroy()
  })

  it('is strict: an unknown cluster is ClusterNotFoundException, never created on demand', async () => {
    const {ecs} = clientsFor(served.endpoint)
    await expect(ecs.send(new DescribeServicesCommand({cluster: 'eagletmt', services: ['hello']}))).rejects.toBeInstanceOf(ClusterNotFoundException)
    const described = await ecs.send(new DescribeClustersCommand({clusters: ['eagletmt']}))
    expect(described.clusters ?? []).toEqual([])
    expect(described.failures?.[0]?.reason).toBe('MISSING')
    ecs.destroy()
  })

  it('ends on SIGINT, and a new server on the same state dir still has the cluster', async () => {
    const result = await served.stop()
    expect(result.signal, describeResult(result)).toBeNull()
    expect(result.code, describeResult(result)).toBe(0)

    const again = await startLocalServe(state.path)
    try {
      const {ecs} = clientsFor(again.endpoint)
      const described = await ecs.send(new DescribeClustersCommand({clusters: ['e2e-serve']}))
      ecs.destroy()
      expect(described.clusters?.map((c) => c.status)).toEqual(['ACTIVE'])
    } finally {
      await again.stop()
    }
  })
})
