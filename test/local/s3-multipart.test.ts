/**
 * S3 multipart uploads and ranged reads in the local AWS, through the real SDK client: what the
 * AWS CLI does with files above 8 MB.
 */
import {createHash} from 'node:crypto'

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {REGION, startTestAws, type TestAws} from '../support/local-aws.js'

const MiB = 1024 * 1024
const BUCKET = 'multipart-bucket'
let env: TestAws

beforeAll(async () => {
  env = await startTestAws()
  await env.clients.s3().send(new CreateBucketCommand({Bucket: BUCKET, CreateBucketConfiguration: {LocationConstraint: REGION}}))
})

afterAll(async () => {
  await env.close()
})

const s3 = () => env.clients.s3()
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest()
const bytesOf = (size: number, fill: number) => Buffer.alloc(size, fill)

async function upload(key: string, parts: Buffer[]): Promise<{uploadId: string; etags: string[]}> {
  const {UploadId} = await s3().send(new CreateMultipartUploadCommand({Bucket: BUCKET, Key: key, ContentType: 'application/zip', Metadata: {origin: 'test'}}))
  const uploadId = UploadId ?? ''
  const etags: string[] = []
  for (const [index, body] of parts.entries()) {
    const {ETag} = await s3().send(new UploadPartCommand({Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: index + 1, Body: body}))
    etags.push(ETag ?? '')
  }
  return {uploadId, etags}
}

const failure = (run: Promise<unknown>) =>
  run.then(
    () => 'resolved',
    (error: Error) => error.name,
  )

describe('S3 multipart upload', () => {
  it('assembles the parts in order, with the multipart ETag, content type and metadata of the upload', async () => {
    const parts = [bytesOf(5 * MiB, 1), bytesOf(3 * MiB, 2)]
    const {uploadId, etags} = await upload('big.zip', parts)
    const done = await s3().send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'big.zip',
        UploadId: uploadId,
        MultipartUpload: {Parts: etags.map((ETag, i) => ({ETag, PartNumber: i + 1}))},
      }),
    )
    const expected = `"${createHash('md5')
      .update(Buffer.concat(parts.map(md5)))
      .digest('hex')}-2"`
    expect(done.ETag).toBe(expected)
    const head = await s3().send(new HeadObjectCommand({Bucket: BUCKET, Key: 'big.zip'}))
    expect(head).toMatchObject({ContentLength: 8 * MiB, ETag: expected, ContentType: 'application/zip', Metadata: {origin: 'test'}})
    const got = await s3().send(new GetObjectCommand({Bucket: BUCKET, Key: 'big.zip'}))
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(Buffer.concat(parts))).toBe(true)
    await expect(failure(s3().send(new AbortMultipartUploadCommand({Bucket: BUCKET, Key: 'big.zip', UploadId: uploadId})))).resolves.toBe('NoSuchUpload')
  })

  it('refuses a part smaller than 5 MiB unless it is the last, an unknown part, and parts out of order', async () => {
    const {uploadId, etags} = await upload('small.bin', [bytesOf(1024, 1), bytesOf(1024, 2)])
    const complete = (Parts: {ETag: string; PartNumber: number}[]) =>
      failure(s3().send(new CompleteMultipartUploadCommand({Bucket: BUCKET, Key: 'small.bin', UploadId: uploadId, MultipartUpload: {Parts}})))
    const [first = '', second = ''] = etags
    await expect(
      complete([
        {ETag: first, PartNumber: 1},
        {ETag: second, PartNumber: 2},
      ]),
    ).resolves.toBe('EntityTooSmall')
    await expect(
      complete([
        {ETag: first, PartNumber: 1},
        {ETag: first, PartNumber: 2},
      ]),
    ).resolves.toBe('InvalidPart')
    await expect(
      complete([
        {ETag: second, PartNumber: 2},
        {ETag: first, PartNumber: 1},
      ]),
    ).resolves.toBe('InvalidPartOrder')
    await expect(complete([{ETag: second, PartNumber: 2}])).resolves.toBe('resolved')
  })

  it('forgets an aborted upload', async () => {
    const {uploadId} = await upload('gone.bin', [bytesOf(10, 1)])
    await s3().send(new AbortMultipartUploadCommand({Bucket: BUCKET, Key: 'gone.bin', UploadId: uploadId}))
    await expect(failure(s3().send(new UploadPartCommand({Bucket: BUCKET, Key: 'gone.bin', UploadId: uploadId, PartNumber: 1, Body: 'x'})))).resolves.toBe(
      'NoSuchUpload',
    )
    await expect(failure(s3().send(new HeadObjectCommand({Bucket: BUCKET, Key: 'gone.bin'})))).resolves.toBe('NotFound')
  })
})

describe('S3 ranged GetObject', () => {
  it('answers bytes a-b, a- and -n with 206 and Content-Range, and an unsatisfiable range with InvalidRange', async () => {
    const {uploadId, etags} = await upload('digits.txt', [Buffer.from('0123456789')])
    await s3().send(
      new CompleteMultipartUploadCommand({Bucket: BUCKET, Key: 'digits.txt', UploadId: uploadId, MultipartUpload: {Parts: [{ETag: etags[0], PartNumber: 1}]}}),
    )
    const read = async (Range: string) => {
      const reply = await s3().send(new GetObjectCommand({Bucket: BUCKET, Key: 'digits.txt', Range}))
      return [reply.ContentRange, await reply.Body?.transformToString()]
    }
    expect(await read('bytes=2-4')).toEqual(['bytes 2-4/10', '234'])
    expect(await read('bytes=7-')).toEqual(['bytes 7-9/10', '789'])
    expect(await read('bytes=-3')).toEqual(['bytes 7-9/10', '789'])
    await expect(failure(read('bytes=10-12'))).resolves.toBe('InvalidRange')
  })
})
