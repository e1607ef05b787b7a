/**
 * A state file that parses as JSON but is not the shape of a world (a section set to null, a
 * list where a map belongs) is refused naming the file, the places and how to reset, not left to
 * fail later as a bare TypeError.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {HakoError} from '../../src/errors.js'
import {DirectoryStore} from '../../src/local/store.js'
import {emptyWorld} from '../../src/local/world.js'
import {startLocalAws} from '../../src/local/index.js'

function stateDir(state: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'hako-state-'))
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state))
  return dir
}

async function refusal(dir: string): Promise<HakoError> {
  const error = await new DirectoryStore(dir).transaction(() => 0).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(HakoError)
  return error as HakoError
}

describe('the state file shape', () => {
  it('refuses a null section, naming the file, the path and how to reset', async () => {
    const dir = stateDir({...emptyWorld(), ecs: null})
    const error = await refusal(dir)
    expect(error.message).toBe(`local AWS state ${join(dir, 'state.json')} is not a world this version understands: ecs: expected an object, found null`)
    expect(error.hint).toContain(`rm -rf ${dir}`)
    expect(error.code).toBe('local-state-corrupt')
  })

  it('lists every misshapen place at once, down into the records', async () => {
    const world = emptyWorld()
    const state = {...world, sequence: 'x', elbv2: {...world.elbv2, loadBalancers: []}, logs: {regions: {'ap-northeast-1': null}}}
    const error = await refusal(stateDir(state))
    expect(error.message).toMatch(
      /: sequence: expected a number, found a string; elbv2\.loadBalancers: expected an object, found a list; logs\.regions\.ap-northeast-1: found null$/,
    )
  })

  it('is refused when the local AWS starts, before any request', async () => {
    const dir = stateDir({...emptyWorld(), ssm: null})
    // startLocalAws itself, not test/support: what is tested is its own refusal to start.
    await expect(startLocalAws({dir})).rejects.toThrow(/state\.json is not a world this version understands: ssm: expected an object, found null/)
  })

  it('fills in sections a state file written before they existed lacks, and keeps the rest', async () => {
    const {ssm: _ssm, secretsmanager: _secrets, ...older} = emptyWorld()
    const dir = stateDir({...older, sequence: 7})
    const store = new DirectoryStore(dir)
    const world = await store.transaction((w) => w)
    expect(world.ssm).toEqual({regions: {}})
    expect(world.sequence).toBe(7)
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).secretsmanager).toEqual({regions: {}})
  })
})
