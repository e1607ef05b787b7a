/**
 * The AWS regions the SDK's endpoint partitions name, and the name pattern of each partition
 * (a copy, since the definition layer does not import the SDK; test/definition/regions.test.ts
 * holds it against the installed SDK).
 */
export const PARTITIONS: readonly {id: string; pattern: RegExp; regions: readonly string[]}[] = [
  {
    id: 'aws',
    pattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    regions: [
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-6',
      'ap-southeast-7',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'il-central-1',
      'me-central-1',
      'me-south-1',
      'me-west-1',
      'mx-central-1',
      'sa-east-1',
      'sa-west-1',
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
    ],
  },
  {id: 'aws-cn', pattern: /^cn-\w+-\d+$/, regions: ['cn-north-1', 'cn-northwest-1']},
  {id: 'aws-eusc', pattern: /^eusc-(de)-\w+-\d+$/, regions: ['eusc-de-east-1']},
  {id: 'aws-iso', pattern: /^us-iso-\w+-\d+$/, regions: ['us-iso-east-1', 'us-iso-west-1']},
  {id: 'aws-iso-b', pattern: /^us-isob-\w+-\d+$/, regions: ['us-isob-east-1', 'us-isob-west-1']},
  {id: 'aws-iso-e', pattern: /^eu-isoe-\w+-\d+$/, regions: ['eu-isoe-west-1']},
  {id: 'aws-iso-f', pattern: /^us-isof-\w+-\d+$/, regions: ['us-isof-east-1', 'us-isof-south-1']},
  {id: 'aws-us-gov', pattern: /^us-gov-\w+-\d+$/, regions: ['us-gov-east-1', 'us-gov-west-1']},
]

export const KNOWN_REGIONS: readonly string[] = PARTITIONS.flatMap((p) => p.regions)

/** `known`, `new` (has a partition's form but is not in the list: perhaps newer than it), or `unknown`. */
export function regionStatus(region: string): 'known' | 'new' | 'unknown' {
  if (KNOWN_REGIONS.includes(region)) return 'known'
  return PARTITIONS.some((p) => p.pattern.test(region)) ? 'new' : 'unknown'
}
