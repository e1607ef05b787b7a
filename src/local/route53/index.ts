/**
 * Route 53 behind restXml: REST paths under `/2013-04-01/`, XML bodies, errors as
 * `<ErrorResponse><Error><Code>…`.
 */
import {notImplementedResponse} from '../server.js'
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from '../types.js'
import {escapeXml, parseXml, xmlDocument} from '../xml.js'
import * as ops from './operations.js'
import {Route53Error} from './records.js'

const PREFIX = '/2013-04-01/'
const XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/'

interface Route {
  operation: string
  run?: (request: LocalRequest, context: LocalContext) => ops.Reply
}

export function route(request: LocalRequest): Route {
  const parts = request.path.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent)
  const method = request.method.toUpperCase()
  const [resource, id, sub] = parts
  if (resource === 'hostedzone') {
    if (id === undefined) {
      if (method === 'POST') return {operation: 'CreateHostedZone', run: (r, c) => ops.createHostedZone(parseXml(r.body), c)}
      if (method === 'GET') return {operation: 'ListHostedZones', run: (r, c) => ops.listHostedZones(r.query, c)}
    } else if (sub === undefined) {
      if (method === 'GET') return {operation: 'GetHostedZone', run: (_r, c) => ops.getHostedZone(id, c)}
      if (method === 'DELETE') return {operation: 'DeleteHostedZone', run: (_r, c) => ops.deleteHostedZone(id, c)}
    } else if (sub === 'rrset' && parts.length === 3) {
      if (method === 'POST') return {operation: 'ChangeResourceRecordSets', run: (r, c) => ops.changeResourceRecordSets(id, parseXml(r.body), c)}
      if (method === 'GET') return {operation: 'ListResourceRecordSets', run: (r, c) => ops.listResourceRecordSets(id, r.query, c)}
    }
  }
  if (resource === 'hostedzonesbyname' && method === 'GET') return {operation: 'ListHostedZonesByName', run: (r, c) => ops.listHostedZonesByName(r.query, c)}
  if (resource === 'change' && id !== undefined && method === 'GET') return {operation: 'GetChange', run: (_r, c) => ops.getChange(id, c)}
  return {operation: `${method} ${request.path}`}
}

function errorReply(error: Route53Error): LocalResponse {
  return {
    status: error.status,
    headers: {'content-type': 'text/xml'},
    body: `<?xml version="1.0"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
  }
}

export const route53Service: LocalService = {
  name: 'route53',
  matches: (request) => request.path.startsWith(PREFIX) && request.headers['x-amz-target'] === undefined,
  operation: (request) => route(request).operation,
  input: (request) => ({path: request.path, query: Object.fromEntries(request.query), body: request.body.length > 0 ? parseXml(request.body) : undefined}),
  handle(request, context) {
    const {operation, run} = route(request)
    if (!run) return notImplementedResponse('route53', operation, 'ErrorResponse')
    try {
      const reply = run(request, context)
      return {status: reply.status ?? 200, headers: {'content-type': 'text/xml', ...reply.headers}, body: xmlDocument(reply.root, reply.body, XMLNS)}
    } catch (error) {
      if (error instanceof Route53Error) return errorReply(error)
      throw error
    }
  },
}
