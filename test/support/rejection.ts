/** The error a call must fail with, for the tests that then look into it. */
import {expect} from 'vitest'

/** What `run` rejects with; the test fails when it resolves or rejects with anything but a `type`. */
export async function rejection<E>(run: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, String(error)).toBeInstanceOf(type)
  return error as E
}
