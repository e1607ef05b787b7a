/**
 * S3 multipart uploads and ranged reads held against moto 5.2.1: the same calls against both,
 * comparing outcomes (error names) and chosen fields, ids normalised. Each difference is listed
 * in DELIBERATE (and in docs/local.md).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AwsClients} from '../../src/aws/clients.js'
import {type Deliberate, expectDeliberateDifference, expectNoUnexplainedDifferences, type Outcome, step} from './support/differential.js'
import {type Sides, startSides} from './support/sides.js'
import {REGION} from '../support/local-aws.js'

const MiB = 1024 * 1024

async function scenario(s3: S3Client): Promise<Outcome[]> {
  const out: Outcome[] = []
  const Bucket = 'diff-multipart'
  await s3.send(new CreateBucketCommand({Bucket, CreateBucketConfiguration: {LocationConstraint: REGION}}))
  const start = async (Key: string) => (await s3.send(new CreateMultipartUploadCommand({Bucket, Key}))).UploadId ?? ''
  const part = async (Key: string, UploadId: string, PartNumber: number, size: number) =>
    (await s3.send(new UploadPartCommand({Bucket, Key, UploadId, PartNumber, Body: Buffer.alloc(size, PartNumber)}))).ETag ?? ''
  const complete = (Key: string, UploadId: string, Parts: {ETag: string; PartNumber: number}[]) =>
    s3.send(new CompleteMultipartUploadCommand({Bucket, Key, UploadId, MultipartUpload: {Parts}}))

  const big = await start('big.bin')
  const etags = [await part('big.bin', big, 1, 5 * MiB), await part('big.bin', big, 2, 1024)]
  await step(out, 'CompleteMultipartUpload', async () => {
    const reply = await complete(
      'big.bin',
      big,
      etags.map((ETag, i) => ({ETag, PartNumber: i + 1})),
    )
    return {Bucket: reply.Bucket, Key: reply.Key, ETag: reply.ETag}
  })
  await step(out, 'HeadObject after multipart', async () => {
    const head = await s3.send(new HeadObjectCommand({Bucket, Key: 'big.bin'}))
    return {ContentLength: head.ContentLength, ETag: head.ETag}
  })
  await step(out, 'GetObject range', async () => {
    const reply = await s3.send(new GetObjectCommand({Bucket, Key: 'big.bin', Range: 'bytes=5242878-5242881'}))
    return {ContentRange: reply.ContentRange, ContentLength: reply.ContentLength, Body: [...((await reply.Body?.transformToByteArray()) ?? [])]}
  })
  await step(out, 'GetObject range beyond the end', () => s3.send(new GetObjectCommand({Bucket, Key: 'big.bin', Range: `bytes=${6 * MiB}-`})))
  await step(out, 'CompleteMultipartUpload again', () =>
    complete(
      'big.bin',
      big,
      etags.map((ETag, i) => ({ETag, PartNumber: i + 1})),
    ),
  )

  const small = await start('small.bin')
  const smallTags = [await part('small.bin', small, 1, 1024), await part('small.bin', small, 2, 1024)]
  await step(out, 'CompleteMultipartUpload part too small', () =>
    complete(
      'small.bin',
      small,
      smallTags.map((ETag, i) => ({ETag, PartNumber: i + 1})),
    ),
  )
  await step(out, 'CompleteMultipartUpload wrong ETag', () => complete('small.bin', small, [{ETag: smallTags[1] ?? '', PartNumber: 1}]))
  await step(
    out,
    'AbortMultipartUpload',
    async () => (await s3.send(new AbortMultipartUploadCommand({Bucket, Key: 'small.bin', UploadId: small}))).$metadata.httpStatusCode,
  )
  await step(out, 'UploadPart after abort', () => part('small.bin', small, 3, 10))
  return out
}

const rejectedWith = (name: string) => (outcome: Outcome) => expect(outcome.error).toBe(name)

const DELIBERATE: Record<string, Deliberate> = {
  'CompleteMultipartUpload again': {
    reason: 'moto completes an upload it has already completed again; AWS documents NoSuchUpload for an upload that was completed (or aborted), and so do we',
    moto: (o) => expect(o.value).toMatchObject({Key: 'big.bin'}),
    ours: rejectedWith('NoSuchUpload'),
  },
  'UploadPart after abort': {
    reason: 'moto fails with an HTML 500 page (a moto bug); AWS (and we) answer NoSuchUpload',
    moto: rejectedWith('UnexpectedResponse'),
    ours: rejectedWith('NoSuchUpload'),
  },
}

let sides: Sides
let ours: Outcome[]
let theirs: Outcome[]

beforeAll(async () => {
  sides = await startSides()
  const run = async (clients: AwsClients): Promise<Outcome[]> => scenario(clients.s3())
  ours = await run(sides.ours.clients)
  theirs = await run(sides.motoClients)
}, 60_000)

afterAll(async () => {
  await sides?.close()
})

describe('S3 multipart upload held against moto', () => {
  it('takes the same steps and agrees on every step not listed as deliberate', () => {
    expectNoUnexplainedDifferences(ours, theirs, DELIBERATE)
  })

  it.each(Object.entries(DELIBERATE))('differs on purpose: %s', (name, difference) => {
    expectDeliberateDifference(name, difference, ours, theirs)
  })
})
