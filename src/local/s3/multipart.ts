/**
 * S3 multipart uploads, which the AWS CLI and the SDK's upload helpers use for large objects (the
 * CLI above 8 MB): CreateMultipartUpload, UploadPart, CompleteMultipartUpload and
 * AbortMultipartUpload. Parts are kept in the bucket's slice until the upload completes.
 */
import {createHash} from 'node:crypto'
import type {LocalContext, LocalRequest, LocalResponse} from '../types.js'
import {asList, asRecord, asText, parseXml} from '../xml.js'
import {metadataOf, payload} from './body.js'
import {findBucket, S3Error, xmlReply} from './operations.js'
import type {BucketState, S3ObjectState, UploadPartState, UploadState} from './state.js'
import {nextId} from '../world.js'

const MIN_PART_SIZE = 5 * 1024 * 1024
const MAX_PART_NUMBER = 10_000

function uploadsOf(bucket: BucketState): Record<string, UploadState> {
  bucket.uploads ??= {}
  return bucket.uploads
}

function findUpload(bucket: BucketState, key: string, uploadId: string): UploadState {
  const upload = bucket.uploads?.[uploadId]
  if (!upload || upload.key !== key) {
    throw new S3Error(
      404,
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      {UploadId: uploadId},
    )
  }
  return upload
}

export function createMultipartUpload(bucketName: string, key: string, request: LocalRequest, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, bucketName)
  const uploadId = nextId(context.world, 32)
  const contentType = request.headers['content-type']
  uploadsOf(bucket)[uploadId] = {
    key,
    initiated: context.now(),
    contentType: typeof contentType === 'string' && contentType !== '' ? contentType : 'binary/octet-stream',
    metadata: metadataOf(request),
    parts: {},
  }
  return xmlReply('InitiateMultipartUploadResult', {Bucket: bucketName, Key: key, UploadId: uploadId})
}

export function uploadPart(bucketName: string, key: string, request: LocalRequest, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, bucketName)
  const upload = findUpload(bucket, key, request.query.get('uploadId') ?? '')
  const number = Number(request.query.get('partNumber'))
  if (!Number.isInteger(number) || number < 1 || number > MAX_PART_NUMBER) {
    throw new S3Error(400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {ArgumentName: 'partNumber'})
  }
  const bytes = payload(request)
  const etag = `"${createHash('md5').update(bytes).digest('hex')}"`
  upload.parts[String(number)] = {body: bytes.toString('base64'), size: bytes.length, etag}
  return {status: 200, headers: {etag}, body: ''}
}

export function completeMultipartUpload(bucketName: string, key: string, request: LocalRequest, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, bucketName)
  const uploadId = request.query.get('uploadId') ?? ''
  const upload = findUpload(bucket, key, uploadId)
  const listed = asList(asRecord(parseXml(request.body).CompleteMultipartUpload).Part).map((part) => {
    const record = asRecord(part)
    return {number: Number(asText(record.PartNumber)), etag: asText(record.ETag) ?? ''}
  })
  if (listed.length === 0) {
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema')
  }
  const chosen: UploadPartState[] = []
  listed.forEach((part, index) => {
    if (index > 0 && part.number <= (listed[index - 1]?.number ?? 0)) {
      throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', {UploadId: uploadId})
    }
    const stored = upload.parts[String(part.number)]
    const quoted = part.etag.startsWith('"') ? part.etag : `"${part.etag}"`
    if (!stored || stored.etag !== quoted) {
      throw new S3Error(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        {
          UploadId: uploadId,
          PartNumber: String(part.number),
          ETag: part.etag,
        },
      )
    }
    chosen.push(stored)
  })
  chosen.slice(0, -1).forEach((part, index) => {
    if (part.size < MIN_PART_SIZE) {
      throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
        ProposedSize: String(part.size),
        MinSizeAllowed: String(MIN_PART_SIZE),
        PartNumber: String(listed[index]?.number),
      })
    }
  })
  const bytes = Buffer.concat(chosen.map((part) => Buffer.from(part.body, 'base64')))
  // S3's multipart ETag: the MD5 of the parts' binary MD5s, then `-<number of parts>`.
  const digests = Buffer.concat(chosen.map((part) => Buffer.from(part.etag.replace(/"/g, ''), 'hex')))
  const etag = `"${createHash('md5').update(digests).digest('hex')}-${chosen.length}"`
  const object: S3ObjectState = {
    key,
    body: bytes.toString('base64'),
    size: bytes.length,
    etag,
    contentType: upload.contentType,
    lastModified: context.now(),
    metadata: upload.metadata,
  }
  bucket.objects[key] = object
  delete uploadsOf(bucket)[uploadId]
  return xmlReply('CompleteMultipartUploadResult', {Location: `/${bucketName}/${key}`, Bucket: bucketName, Key: key, ETag: etag})
}

export function abortMultipartUpload(bucketName: string, key: string, request: LocalRequest, context: LocalContext): LocalResponse {
  const bucket = findBucket(context, bucketName)
  const uploadId = request.query.get('uploadId') ?? ''
  findUpload(bucket, key, uploadId)
  delete uploadsOf(bucket)[uploadId]
  return {status: 204, body: ''}
}
