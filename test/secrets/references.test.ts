import {describe, expect, it} from 'vitest'

import {secretReferences} from '../../src/secrets/references.js'

const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'

describe('secretReferences', () => {
  it('reads names and ARNs the way ECS does', () => {
    const references = secretReferences(
      [
        {
          name: 'app',
          secrets: [
            {name: 'A', value_from: '/app/token'},
            {name: 'B', value_from: 'arn:aws:ssm:us-west-2:111122223333:parameter/app/token'},
            {name: 'C', value_from: SECRET},
            {name: 'D', value_from: `${SECRET}:password:AWSPREVIOUS:`},
            {name: 'E', value_from: `${SECRET}::v1-stage:0123`},
          ],
        },
      ],
      'ap-northeast-1',
    )
    expect(references.map(({uses: _uses, ...rest}) => rest)).toEqual([
      {kind: 'ssm', valueFrom: '/app/token', region: 'ap-northeast-1'},
      {kind: 'ssm', valueFrom: 'arn:aws:ssm:us-west-2:111122223333:parameter/app/token', region: 'us-west-2'},
      {kind: 'secretsmanager', valueFrom: SECRET, region: 'us-east-1', secretId: SECRET},
      {
        kind: 'secretsmanager',
        valueFrom: `${SECRET}:password:AWSPREVIOUS:`,
        region: 'us-east-1',
        secretId: SECRET,
        jsonKey: 'password',
        versionStage: 'AWSPREVIOUS',
      },
      {kind: 'secretsmanager', valueFrom: `${SECRET}::v1-stage:0123`, region: 'us-east-1', secretId: SECRET, versionStage: 'v1-stage', versionId: '0123'},
    ])
  })

  it('rejects ARNs ECS cannot read a secret from', () => {
    const references = secretReferences(
      [
        {
          name: 'app',
          secrets: [
            {name: 'A', value_from: 'arn:aws:s3:::bucket/key'},
            {name: 'B', value_from: 'arn:aws:ssm:us-east-1:111122223333:document/x'},
            {name: 'C', value_from: `${SECRET}:a:b:c:d`},
            {name: 'D', value_from: 'arn:aws:ssm'},
          ],
        },
      ],
      'ap-northeast-1',
    )
    expect(references.map((r) => r.kind)).toEqual(['invalid', 'invalid', 'invalid', 'invalid'])
  })

  it('checks each reference once, naming every container and log option that uses it', () => {
    const references = secretReferences(
      [
        {name: 'app', secrets: [{name: 'TOKEN', value_from: '/t'}]},
        {
          name: 'front',
          secrets: [{name: 'T', value_from: '/t'}],
          log_configuration: {log_driver: 'splunk', options: {}, secret_options: [{name: 'splunk-token', value_from: '/t'}]},
        },
      ],
      'ap-northeast-1',
    )
    expect(references).toHaveLength(1)
    expect(references[0]?.uses).toEqual([
      {container: 'app', field: 'secrets', name: 'TOKEN'},
      {container: 'front', field: 'secrets', name: 'T'},
      {container: 'front', field: 'log secret_options', name: 'splunk-token'},
    ])
  })
})
