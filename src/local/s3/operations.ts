/**
 * S3 operations on the world (path-style addressing). Each returns the full HTTP reply, since S3
 * puts much of its answer in headers; failures throw S3Error.
 */
import {createHash} from 'node:crypto'
import type {LocalContext, LocalRequest, LocalResponse} from '../types.js'
import {metadataOf, payload} from './body.js'
import type {BucketState, S3ObjectState} from './state.js'
import {asRecord, asText, escapeXml, isoTime, parseXml, xmlDocument, type XmlObject} from '../xml.js'

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export function xmlReply(root: string, body: XmlObject, headers: Record<string, string> = {}): LocalResponse {
  return {status: 200, headers: {'content-type': 'application/xml', ...headers}, body: xmlDocument(root, body, XMLNS)}
}

/** S3's own rules: 3–63 of [a-z0-9.-], starting and ending alphanumeric, not an IP address. */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/^\d+\.\d+\.\d+\.\d+$/.test(name) && !name.includes('..')
}

export function findBucket(context: LocalContext, name: string): BucketState {
  const bucket = context.world.s3.buckets[name]
  if (!bucket) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', {BucketName: name})
  if (bucket.region !== context.region) {
    // A regional endpoint refuses another region's bucket; the SDK surfaces this as PermanentRedirect.
    throw new S3Error(
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      {Bucket: name, Endpoint: `s3.${bucket.region}.amazonaws.com`},
      {'x-amz-bucket-region': bucket.region},
    )
  }
  return bucket
}

export function listBuckets(context: LocalContext): LocalResponse {
  const buckets = Object.values(context.world.s3.buckets).sort((a, b) => (a.name < b.name ? -1 : 1))
  return xmlReply('ListAllMyBucketsResult', {
    Owner: {ID: context.accountId, DisplayName: 'local'},
    Buckets: {Bucket: buckets.map((b) => ({Name: b.name, CreationDate: isoTime(b.createdAt), BucketRegion: b.region}))},
  })
}

export function createBucket(name: string, request: LocalRequest, context: LocalContext): LocalResponse {
  if (!isValidBucketName(name)) throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', {BucketName: name})
  const config = asRecord(parseXml(request.body).CreateBucketConfiguration)
  const constraint = asText(config.LocationConstraint) ?? ''
  if (constraint === 'us-east-1')
    throw new S3Error(400, 'InvalidLocationConstraint', 'The specified location-constraint is not valid', {LocationConstraint: constraint})
  const wanted = constraint === '' ? 'us-east-1' : constraint
  if (wanted !== context.region) {
    throw new S3Error(
      400,
      'IllegalLocationConstraintException',
      `The ${constraint === '' ? 'unspecified' : constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    )
  }
  const existing = context.world.s3.buckets[name]
  if (existing) {
    throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {BucketName: name})
  }
  context.world.s3.buckets[name] = {name, region: wanted, createdAt: context.now(), objects: {}}
  return {status: 200, headers: {location: `/${name}`}, body: ''}
}

export function headBucket(name: string, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, name)
  return {status: 200, headers: {'x-amz-bucket-region': bucket.region}, body: ''}
}

export function getBucketLocation(name: string, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, name)
  // us-east-1 is the empty constraint, as S3 answers it.
  const constraint = bucket.region === 'us-east-1' ? '' : escapeXml(bucket.region)
  return {
    status: 200,
    headers: {'content-type': 'application/xml'},
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${XMLNS}">${constraint}</LocationConstraint>`,
  }
}

export function deleteBucket(name: string, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, name)
  if (Object.keys(bucket.objects).length > 0) {
    throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', {BucketName: name})
  }
  delete context.world.s3.buckets[name]
  return {status: 204, body: ''}
}

function objectHeaders(object: S3ObjectState): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  }
  for (const [key, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${key}`] = value
  return headers
}

export function putObject(bucketName: string, key: string, request: LocalRequest, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, bucketName)
  if (key.length > 1024) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long', {Key: key})
  const bytes = payload(request)
  const metadata = metadataOf(request)
  const contentType = request.headers['content-type']
  const object: S3ObjectState = {
    key,
    body: bytes.toString('base64'),
    size: bytes.length,
    etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
    contentType: typeof contentType === 'string' && contentType !== '' ? contentType : 'binary/octet-stream',
    lastModified: context.now(),
    metadata,
  }
  bucket.objects[key] = object
  return {status: 200, headers: {etag: object.etag}, body: ''}
}

function findObject(bucket: BucketState, key: string): S3ObjectState {
  const object = bucket.objects[key]
  if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', {Key: key})
  return object
}

/**
 * A whole object, or one `Range: bytes=a-b` (also `a-` and `-n`) of it: the AWS CLI downloads
 * large objects in ranged parts.
 */
export function getObject(bucketName: string, key: string, context: LocalContext, range?: string): LocalResponse {
  const object = findObject(findBucket(context, bucketName), key)
  const bytes = Buffer.from(object.body, 'base64')
  const match = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim())
  if (!match || (match[1] === '' && match[2] === '')) return {status: 200, headers: objectHeaders(object), body: bytes}
  const [start, end] =
    match[1] === ''
      ? [Math.max(0, bytes.length - Number(match[2])), bytes.length - 1]
      : [Number(match[1]), match[2] === '' ? bytes.length - 1 : Math.min(Number(match[2]), bytes.length - 1)]
  if (start >= bytes.length || start > end) {
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', {RangeRequested: range ?? '', ActualObjectSize: String(bytes.length)})
  }
  return {
    status: 206,
    headers: {...objectHeaders(object), 'content-range': `bytes ${start}-${end}/${bytes.length}`},
    body: bytes.subarray(start, end + 1),
  }
}

export function headObject(bucketName: string, key: string, context: LocalContext): LocalResponse {
  const object = findObject(findBucket(context, bucketName), key)
  return {status: 200, headers: {...objectHeaders(object), 'content-length': String(object.size)}, body: ''}
}

export function deleteObject(bucketName: string, key: string, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, bucketName)
  // S3 answers 204 whether or not the key existed.
  delete bucket.objects[key]
  return {status: 204, body: ''}
}

interface ListCursor {
  /** The last key or common prefix already returned. */
  after: string
}

export function listObjectsV2(bucketName: string, query: URLSearchParams, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, bucketName)
  const prefix = query.get('prefix') ?? ''
  const delimiter = query.get('delimiter') ?? ''
  const maxKeys = Number(query.get('max-keys') ?? '1000')
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range', {ArgumentName: 'max-keys'})
  const token = query.get('continuation-token')
  const startAfter = query.get('start-after') ?? ''
  let after = startAfter
  if (token !== null) {
    try {
      after = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as ListCursor).after
    } catch {
      throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect', {ArgumentName: 'continuation-token'})
    }
  }
  const keys = Object.keys(bucket.objects)
    .filter((key) => key.startsWith(prefix))
    .sort()
  const contents: S3ObjectState[] = []
  const commonPrefixes: string[] = []
  let truncated = false
  let last = ''
  for (const key of keys) {
    if (key <= after || (after.endsWith(delimiter) && delimiter !== '' && key.startsWith(after))) continue
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length)
    const common = cut < 0 ? undefined : key.slice(0, cut + delimiter.length)
    if (common !== undefined && commonPrefixes.includes(common)) continue
    if (contents.length + commonPrefixes.length >= maxKeys) {
      truncated = true
      break
    }
    if (common === undefined) contents.push(bucket.objects[key] as S3ObjectState)
    else commonPrefixes.push(common)
    last = common ?? key
  }
  const nextToken = truncated ? Buffer.from(JSON.stringify({after: last} satisfies ListCursor)).toString('base64') : undefined
  return xmlReply('ListBucketResult', {
    Name: bucket.name,
    Prefix: prefix,
    Delimiter: delimiter === '' ? undefined : delimiter,
    MaxKeys: maxKeys,
    KeyCount: contents.length + commonPrefixes.length,
    IsTruncated: truncated,
    ContinuationToken: token ?? undefined,
    NextContinuationToken: nextToken,
    StartAfter: startAfter === '' ? undefined : startAfter,
    Contents: contents.map((o) => ({Key: o.key, LastModified: isoTime(o.lastModified), ETag: o.etag, Size: o.size, StorageClass: 'STANDARD'})),
    CommonPrefixes: commonPrefixes.map((p) => ({Prefix: p})),
  })
}
