import {Readable} from 'node:stream'
import {createHash} from 'node:crypto'
import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {s3Service} from '../../src/local/s3/index.js'
import {decodeAwsChunked} from '../../src/local/s3/body.js'
import {emptyS3State, ensureBucket} from '../../src/local/s3/state.js'
import {isValidBucketName} from '../../src/local/s3/operations.js'
import {type ServiceHarness, startServiceHarness} from './support/service-harness.js'
import {CREDENTIALS, REGION} from '../support/local-aws.js'

let harness: ServiceHarness
let s3: S3Client

const location = {LocationConstraint: REGION} as const

beforeAll(async () => {
  harness = await startServiceHarness([s3Service])
  s3 = new S3Client({region: REGION, endpoint: harness.endpoint, credentials: CREDENTIALS, maxAttempts: 1, forcePathStyle: true})
})
afterAll(async () => {
  s3.destroy()
  await harness.close()
})
beforeEach(() => {
  harness.world.s3 = emptyS3State()
})

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof S3ServiceException) return error.name
    throw error
  }
  throw new Error('expected the call to fail')
}

describe('buckets', () => {
  it('creates with a location constraint, heads, lists, locates and deletes', async () => {
    await s3.send(new CreateBucketCommand({Bucket: 'hako-artifacts', CreateBucketConfiguration: location}))
    const head = await s3.send(new HeadBucketCommand({Bucket: 'hako-artifacts'}))
    expect(head.BucketRegion).toBe(REGION)
    const list = await s3.send(new ListBucketsCommand({}))
    expect(list.Buckets?.map((b) => [b.Name, b.CreationDate?.getTime()])).toEqual([['hako-artifacts', harness.now]])
    expect((await s3.send(new GetBucketLocationCommand({Bucket: 'hako-artifacts'}))).LocationConstraint).toBe(REGION)
    await expect(s3.send(new CreateBucketCommand({Bucket: 'hako-artifacts', CreateBucketConfiguration: location}))).rejects.toBeInstanceOf(
      BucketAlreadyOwnedByYou,
    )
    await s3.send(new DeleteBucketCommand({Bucket: 'hako-artifacts'}))
    await expect(s3.send(new HeadBucketCommand({Bucket: 'hako-artifacts'}))).rejects.toBeInstanceOf(NotFound)
    await expect(s3.send(new DeleteBucketCommand({Bucket: 'hako-artifacts'}))).rejects.toBeInstanceOf(NoSuchBucket)
  })

  it('refuses what S3 refuses: bad names, a missing or foreign location constraint, deleting a full bucket', async () => {
    expect(await code(s3.send(new CreateBucketCommand({Bucket: 'Bad_Name', CreateBucketConfiguration: location})))).toBe('InvalidBucketName')
    // The SDK itself fills in the client's region when no constraint is given.
    await s3.send(new CreateBucketCommand({Bucket: 'no-constraint'}))
    expect(harness.world.s3.buckets['no-constraint']?.region).toBe(REGION)
    expect(await code(s3.send(new CreateBucketCommand({Bucket: 'elsewhere', CreateBucketConfiguration: {LocationConstraint: 'eu-west-1'}})))).toBe(
      'IllegalLocationConstraintException',
    )
    await s3.send(new CreateBucketCommand({Bucket: 'full', CreateBucketConfiguration: location}))
    await s3.send(new PutObjectCommand({Bucket: 'full', Key: 'a', Body: 'x'}))
    expect(await code(s3.send(new DeleteBucketCommand({Bucket: 'full'})))).toBe('BucketNotEmpty')
  })

  it('answers PermanentRedirect for a bucket in another region, and ensureBucket creates once', async () => {
    expect(ensureBucket(harness.world, 'eu-bucket', 'eu-west-1', 5)).toBe(true)
    expect(ensureBucket(harness.world, 'eu-bucket', 'eu-west-1', 6)).toBe(false)
    expect(harness.world.s3.buckets['eu-bucket']?.createdAt).toBe(5)
    expect(await code(s3.send(new GetObjectCommand({Bucket: 'eu-bucket', Key: 'k'})))).toBe('PermanentRedirect')
  })

  it('knows the bucket naming rules', () => {
    expect(isValidBucketName('my.bucket-1')).toBe(true)
    expect(isValidBucketName('ab')).toBe(false)
    expect(isValidBucketName('-abc')).toBe(false)
    expect(isValidBucketName('192.168.1.1')).toBe(false)
    expect(isValidBucketName('a..b')).toBe(false)
  })
})

describe('objects', () => {
  beforeEach(async () => {
    await s3.send(new CreateBucketCommand({Bucket: 'bucket-1', CreateBucketConfiguration: location}))
  })

  it('round-trips text with metadata and an md5 ETag, and binary through JSON persistence', async () => {
    const put = await s3.send(
      new PutObjectCommand({Bucket: 'bucket-1', Key: 'dir/hello.txt', Body: 'hello', ContentType: 'text/plain', Metadata: {owner: 'web'}}),
    )
    expect(put.ETag).toBe(`"${createHash('md5').update('hello').digest('hex')}"`)
    const got = await s3.send(new GetObjectCommand({Bucket: 'bucket-1', Key: 'dir/hello.txt'}))
    expect(await got.Body?.transformToString()).toBe('hello')
    expect(got).toMatchObject({ContentType: 'text/plain', Metadata: {owner: 'web'}, ETag: put.ETag})

    const binary = Buffer.from(Array.from({length: 256}, (_, i) => i))
    await s3.send(new PutObjectCommand({Bucket: 'bucket-1', Key: 'bin/all bytes+ü', Body: binary}))
    harness.world = JSON.parse(JSON.stringify(harness.world)) as typeof harness.world
    const back = await s3.send(new GetObjectCommand({Bucket: 'bucket-1', Key: 'bin/all bytes+ü'}))
    expect(Buffer.from(await back.Body!.transformToByteArray())).toEqual(binary)
    const head = await s3.send(new HeadObjectCommand({Bucket: 'bucket-1', Key: 'bin/all bytes+ü'}))
    expect(head.ETag).toBe(`"${createHash('md5').update(binary).digest('hex')}"`)
  })

  it('stores a streamed upload (aws-chunked) as its bytes', async () => {
    const body = Buffer.from('streamed content '.repeat(1000))
    await s3.send(new PutObjectCommand({Bucket: 'bucket-1', Key: 'stream', Body: Readable.from([body]), ContentLength: body.length}))
    const got = await s3.send(new GetObjectCommand({Bucket: 'bucket-1', Key: 'stream'}))
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body)
  })

  it('raises NoSuchKey, NotFound on HEAD, NoSuchBucket, and deletes idempotently', async () => {
    await expect(s3.send(new GetObjectCommand({Bucket: 'bucket-1', Key: 'missing'}))).rejects.toBeInstanceOf(NoSuchKey)
    await expect(s3.send(new HeadObjectCommand({Bucket: 'bucket-1', Key: 'missing'}))).rejects.toBeInstanceOf(NotFound)
    await expect(s3.send(new GetObjectCommand({Bucket: 'nope', Key: 'k'}))).rejects.toBeInstanceOf(NoSuchBucket)
    await s3.send(new PutObjectCommand({Bucket: 'bucket-1', Key: 'k', Body: 'v'}))
    await s3.send(new DeleteObjectCommand({Bucket: 'bucket-1', Key: 'k'}))
    await s3.send(new DeleteObjectCommand({Bucket: 'bucket-1', Key: 'k'}))
    await expect(s3.send(new GetObjectCommand({Bucket: 'bucket-1', Key: 'k'}))).rejects.toBeInstanceOf(NoSuchKey)
  })

  it('lists with prefix, delimiter and pagination', async () => {
    for (const key of ['a/1', 'a/2', 'a/3', 'b/1', 'c', 'd']) await s3.send(new PutObjectCommand({Bucket: 'bucket-1', Key: key, Body: key}))
    const pages: string[][] = []
    for await (const page of paginateListObjectsV2({client: s3, pageSize: 2}, {Bucket: 'bucket-1'})) {
      pages.push(page.Contents?.map((o) => o.Key ?? '') ?? [])
    }
    expect(pages).toEqual([
      ['a/1', 'a/2'],
      ['a/3', 'b/1'],
      ['c', 'd'],
    ])

    const prefixed = await s3.send(new ListObjectsV2Command({Bucket: 'bucket-1', Prefix: 'a/'}))
    expect(prefixed.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ['a/1', 3],
      ['a/2', 3],
      ['a/3', 3],
    ])
    expect(prefixed.KeyCount).toBe(3)

    const first = await s3.send(new ListObjectsV2Command({Bucket: 'bucket-1', Delimiter: '/', MaxKeys: 2}))
    expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/'])
    expect(first.IsTruncated).toBe(true)
    const second = await s3.send(new ListObjectsV2Command({Bucket: 'bucket-1', Delimiter: '/', MaxKeys: 2, ContinuationToken: first.NextContinuationToken}))
    expect(second.Contents?.map((o) => o.Key)).toEqual(['c', 'd'])
    expect(second.CommonPrefixes ?? []).toEqual([])
    expect(second.IsTruncated).toBe(false)

    const afterB = await s3.send(new ListObjectsV2Command({Bucket: 'bucket-1', StartAfter: 'b/1'}))
    expect(afterB.Contents?.map((o) => o.Key)).toEqual(['c', 'd'])
  })
})

describe('decodeAwsChunked', () => {
  it('joins the chunks and drops signatures and trailers', () => {
    const wire = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n')
    expect(decodeAwsChunked(wire).toString()).toBe('hello world')
  })
})
