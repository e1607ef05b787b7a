import {VirtualClock} from '/work/wt/poller/dist/src/clock.js'
import {startLocalAws} from '/work/wt/poller/dist/src/local/index.js'
import {createAwsClients} from '/work/wt/poller/dist/src/aws/clients.js'
import {waitForDeployment} from '/work/wt/poller/dist/src/ecs/wait.js'
import {MemoryReporter} from '/work/wt/poller/dist/src/ui/reporter.js'
import {CreateServiceCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand, DescribeServicesCommand} from '@aws-sdk/client-ecs'
const clock = new VirtualClock(); const local = await startLocalAws({clock})
await local.ensureCluster('bench','ap-northeast-1')
const c = createAwsClients({region:'ap-northeast-1', endpoint: local.endpoint, credentials:{accessKeyId:'a',secretAccessKey:'b'}, maxAttempts:1, clock})
const ecs = c.ecs
local.faults.image({image: 'example/app:*', pullSeconds: 10})
const reg = async (image) => (await ecs.send(new RegisterTaskDefinitionCommand({family:'app', networkMode:'awsvpc', requiresCompatibilities:['FARGATE'], cpu:'256', memory:'512', containerDefinitions:[{name:'app', image, essential:true}]}))).taskDefinition.taskDefinitionArn
const v1 = await reg('example/app:v1')
await ecs.send(new CreateServiceCommand({cluster:'bench', serviceName:'app', taskDefinition:v1, desiredCount:2, launchType:'FARGATE', networkConfiguration:{awsvpcConfiguration:{subnets:['s']}}}))
clock.advance(300000)
local.faults.image({image: 'example/app:v2', exitCode: 1, afterSeconds: 5, pullSeconds: 10})
const v2 = await reg('example/app:v2')
const before = (await ecs.send(new DescribeServicesCommand({cluster:'bench', services:['app']}))).services[0]
await ecs.send(new UpdateServiceCommand({cluster:'bench', service:'app', taskDefinition: v2}))
const rep = new MemoryReporter()
const t0 = clock.now()
const r = await waitForDeployment(ecs, {cluster:'bench', service:'app', clock, reporter: rep, timeoutMs: 600000, expectedTaskDefinitionArn: v2, sinceEventId: before.events[0]?.id, onPoll:(at,v)=>console.log('poll', (at-t0)/1000, v)})
console.log(r.outcome, r.reason, r.polls)
console.log(rep.messages().slice(0,30).join('\n'))
c.destroy(); await local.close()
