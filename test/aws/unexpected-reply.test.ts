/**
 * A reply that is no AWS protocol at all (an HTML error page from a proxy or from moto) is
 * reported with its HTTP status, the endpoint and the start of its body, not as the JSON or XML
 * parser's complaint.
 */
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

import {ListClustersCommand} from '@aws-sdk/client-ecs'
import {DescribeLoadBalancersCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {GetObjectCommand, ListObjectsV2Command} from '@aws-sdk/client-s3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {AwsClients} from '../../src/aws/clients.js'
import {awsCall} from '../../src/errors.js'
import {clientsFor} from '../support/local-aws.js'
import {rejection} from '../support/rejection.js'

const PAGE = '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n'

let server: Server
let endpoint: string
let clients: AwsClients

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.startsWith('/page-bucket/index.html')) {
      // A successful S3 object that happens to be HTML stays an object.
      response.writeHead(200, {'content-type': 'text/html'}).end(PAGE)
      return
    }
    response.writeHead(500, {'content-type': 'text/html; charset=utf-8'}).end(PAGE)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  clients = clientsFor(endpoint)
})

afterAll(async () => {
  clients.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const failure = (run: Promise<unknown>): Promise<Error> => rejection(run, Error)

describe('a reply in no AWS protocol', () => {
  it.each([
    ['ECS (awsJson1_1)', '/', () => clients.ecs.send(new ListClustersCommand({}))],
    ['ELBv2 (awsQuery)', '/', () => clients.elbv2.send(new DescribeLoadBalancersCommand({}))],
    ['S3 (restXml)', '/b/', () => clients.s3().send(new ListObjectsV2Command({Bucket: 'b'}))],
  ])("from %s names the status, the endpoint and the body's first line", async (_name, path, call) => {
    const error = await failure(awsCall('SomeCall', 'some resource', call))
    expect(error.message).toBe(
      `SomeCall some resource failed: UnexpectedResponse: HTTP 500 from ${endpoint}${path} (text/html; charset=utf-8): <!doctype html> (title: 500 Internal Server Error)`,
    )
    expect((error.cause as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode).toBe(500)
  })

  it('leaves a successful reply with an HTML body alone', async () => {
    const reply = await clients.s3().send(new GetObjectCommand({Bucket: 'page-bucket', Key: 'index.html'}))
    expect(await reply.Body?.transformToString()).toBe(PAGE)
  })
})
