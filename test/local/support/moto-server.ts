/**
 * moto 5.2.1 (`python3 -m moto.server`) as an independent implementation to hold the simulator
 * against. Starts on a free port, waits until it answers, resets its state on demand.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {createServer} from 'node:net'

export interface MotoServer {
  endpoint: string
  reset(): Promise<void>
  /** A raw awsQuery call to moto's EC2 (we have no EC2 client): the reply's XML text. */
  ec2(action: string, params?: Record<string, string>): Promise<string>
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const INSTALL_HINT = "The differential suites need moto 5.2.1 as `python3 -m moto.server`: pip install 'moto[server]'"

export interface StartMotoOptions {
  /** Added to the server's environment, e.g. `MOTO_ECS_SERVICE_RUNNING` (moto reads it per call). */
  env?: Record<string, string>
}

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const port = await freePort()
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {...process.env, ...options.env},
  })
  let stderr = ''
  let spawnError: Error | undefined
  child.once('error', (error) => {
    spawnError = error
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const endpoint = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (spawnError) throw new Error(`cannot start python3 -m moto.server: ${spawnError.message}. ${INSTALL_HINT}`)
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}: ${stderr.trim()}. ${INSTALL_HINT}`)
    try {
      const response = await fetch(`${endpoint}/moto-api/`)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill()
      throw new Error(`moto did not answer on ${endpoint} within 30 s: ${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    endpoint,
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, {method: 'POST'})
    },
    ec2: async (action, params = {}) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260101/ap-northeast-1/ec2/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: new URLSearchParams({Action: action, Version: '2016-11-15', ...params}).toString(),
      })
      return response.text()
    },
    close: async () => {
      if (child.exitCode !== null || spawnError) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
