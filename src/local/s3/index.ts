/**
 * S3 behind restXml, path-style (`/bucket/key`). S3 has no operation marker of its own, so it
 * takes every request the other services do not claim: no X-Amz-Target (ECS, Logs), no
 * `/2013-04-01/` prefix (Route 53), no awsQuery form body (ELBv2).
 */
import {notImplementedResponse} from '../server.js'
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from '../types.js'
import * as multipart from './multipart.js'
import * as ops from './operations.js'
import {S3Error} from './operations.js'
import {escapeXml} from '../xml.js'

/** Query keys that parameterise an operation rather than select a sub-resource. */
const PARAMETERS = new Set([
  'x-id',
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'partNumber',
])

interface Route {
  operation: string
  bucket: string
  key: string
}

function split(path: string): {bucket: string; key: string} {
  const rest = path.replace(/^\//, '')
  const slash = rest.indexOf('/')
  if (slash < 0) return {bucket: decodeURIComponent(rest), key: ''}
  return {bucket: decodeURIComponent(rest.slice(0, slash)), key: decodeURIComponent(rest.slice(slash + 1))}
}

function subresource(query: URLSearchParams): string | undefined {
  return [...query.keys()].find((key) => !PARAMETERS.has(key))
}

/** Names the operation the way the S3 API reference does (unsupported sub-resources included). */
export function route(request: LocalRequest): Route {
  const {bucket, key} = split(request.path)
  const sub = subresource(request.query)
  const method = request.method.toUpperCase()
  const named = (operation: string): Route => ({operation, bucket, key})
  if (bucket === '') return named(method === 'GET' ? 'ListBuckets' : `${method} /`)
  if (key === '') {
    if (sub === 'location' && method === 'GET') return named('GetBucketLocation')
    if (sub !== undefined) return named(`${method} /bucket?${sub}`)
    if (method === 'PUT') return named('CreateBucket')
    if (method === 'HEAD') return named('HeadBucket')
    if (method === 'DELETE') return named('DeleteBucket')
    if (method === 'GET') return named(request.query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects')
    return named(`${method} /bucket`)
  }
  if (request.query.has('uploads') && method === 'POST') return named('CreateMultipartUpload')
  if (request.query.has('uploadId')) {
    if (method === 'PUT') return named(request.headers['x-amz-copy-source'] ? 'UploadPartCopy' : 'UploadPart')
    if (method === 'POST') return named('CompleteMultipartUpload')
    if (method === 'DELETE') return named('AbortMultipartUpload')
    if (method === 'GET') return named('ListParts')
  }
  if (sub !== undefined) return named(`${method} /bucket/key?${sub}`)
  if (method === 'PUT') return named(request.headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject')
  if (method === 'GET') return named('GetObject')
  if (method === 'HEAD') return named('HeadObject')
  if (method === 'DELETE') return named('DeleteObject')
  return named(`${method} /bucket/key`)
}

function dispatch(r: Route, request: LocalRequest, context: LocalContext): LocalResponse | undefined {
  switch (r.operation) {
    case 'ListBuckets':
      return ops.listBuckets(context)
    case 'CreateBucket':
      return ops.createBucket(r.bucket, request, context)
    case 'HeadBucket':
      return ops.headBucket(r.bucket, context)
    case 'GetBucketLocation':
      return ops.getBucketLocation(r.bucket, context)
    case 'DeleteBucket':
      return ops.deleteBucket(r.bucket, context)
    case 'ListObjectsV2':
      return ops.listObjectsV2(r.bucket, request.query, context)
    case 'PutObject':
      return ops.putObject(r.bucket, r.key, request, context)
    case 'GetObject':
      return ops.getObject(r.bucket, r.key, context, request.headers.range)
    case 'CreateMultipartUpload':
      return multipart.createMultipartUpload(r.bucket, r.key, request, context)
    case 'UploadPart':
      return multipart.uploadPart(r.bucket, r.key, request, context)
    case 'CompleteMultipartUpload':
      return multipart.completeMultipartUpload(r.bucket, r.key, request, context)
    case 'AbortMultipartUpload':
      return multipart.abortMultipartUpload(r.bucket, r.key, request, context)
    case 'HeadObject':
      return ops.headObject(r.bucket, r.key, context)
    case 'DeleteObject':
      return ops.deleteObject(r.bucket, r.key, context)
    default:
      return undefined
  }
}

function errorReply(error: S3Error, method: string): LocalResponse {
  // HEAD replies carry no body; the SDK maps the bare status (404 → NotFound).
  if (method === 'HEAD') return {status: error.status, headers: error.headers, body: ''}
  const fields = Object.entries(error.fields)
    .map(([tag, value]) => `<${tag}>${escapeXml(value)}</${tag}>`)
    .join('')
  return {
    status: error.status,
    headers: {'content-type': 'application/xml', ...error.headers},
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${fields}<RequestId>local</RequestId><HostId>local</HostId></Error>`,
  }
}

function isQueryForm(request: LocalRequest): boolean {
  const type = String(request.headers['content-type'] ?? '')
  return request.method === 'POST' && type.startsWith('application/x-www-form-urlencoded') && /(^|&)Action=/.test(request.body.toString('latin1', 0, 4096))
}

export const s3Service: LocalService = {
  name: 's3',
  matches: (request) => request.headers['x-amz-target'] === undefined && !request.path.startsWith('/2013-04-01/') && !isQueryForm(request),
  operation: (request) => route(request).operation,
  input: (request) => {
    const r = route(request)
    return {Bucket: r.bucket || undefined, Key: r.key || undefined, ...Object.fromEntries(request.query)}
  },
  handle(request, context) {
    const r = route(request)
    try {
      const reply = dispatch(r, request, context)
      return reply ?? notImplementedResponse('s3', r.operation, 'Error')
    } catch (error) {
      if (error instanceof S3Error) return errorReply(error, request.method.toUpperCase())
      throw error
    }
  },
}
