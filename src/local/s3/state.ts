/**
 * The S3 slice of the world: buckets (one global namespace, each in a region) and their objects.
 * Object bodies are base64 so the world stays JSON.
 */
import type {World} from '../world.js'

export interface S3ObjectState {
  key: string
  /** base64 of the bytes */
  body: string
  size: number
  /** quoted md5 hex, as S3 returns it */
  etag: string
  contentType: string
  lastModified: number
  metadata: Record<string, string>
}

export interface UploadPartState {
  /** base64 of the bytes */
  body: string
  size: number
  etag: string
}

export interface UploadState {
  key: string
  initiated: number
  contentType: string
  metadata: Record<string, string>
  parts: Record<string, UploadPartState>
}

export interface BucketState {
  name: string
  region: string
  createdAt: number
  objects: Record<string, S3ObjectState>
  /** Multipart uploads in progress, by upload id. */
  uploads?: Record<string, UploadState>
}

export interface S3State {
  buckets: Record<string, BucketState>
}

export function emptyS3State(): S3State {
  return {buckets: {}}
}

/** Creates the bucket unless it exists; true if it was created. */
export function ensureBucket(world: World, name: string, region: string, now = Date.now()): boolean {
  if (world.s3.buckets[name]) return false
  world.s3.buckets[name] = {name, region, createdAt: now, objects: {}}
  return true
}
