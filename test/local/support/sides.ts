/** moto and our local AWS side by side for a differential suite, with the same kind of clients for each. */
import type {AwsClients} from '../../../src/aws/clients.js'
import type {VirtualClock} from '../../../src/clock.js'
import {clientsFor, startTestAws, type TestAws, type TestAwsOptions} from '../../support/local-aws.js'
import {type MotoServer, type StartMotoOptions, startMoto} from './moto-server.js'

export interface Sides {
  moto: MotoServer
  /** test/support's clients for moto, as `ours.clients` are for us. */
  motoClients: AwsClients
  ours: TestAws
  close(): Promise<void>
}

export async function startSides(options: {ours?: TestAwsOptions<VirtualClock>; moto?: StartMotoOptions} = {}): Promise<Sides> {
  const moto = await startMoto(options.moto)
  const motoClients = clientsFor(moto.endpoint)
  const ours = await startTestAws(options.ours).catch(async (error: unknown) => {
    motoClients.destroy()
    await moto.close()
    throw error
  })
  return {
    moto,
    motoClients,
    ours,
    close: async () => {
      motoClients.destroy()
      await ours.close()
      await moto.close()
    },
  }
}
