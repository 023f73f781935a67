// The "bootstrap" scale scenario run with npm bittorrent-dht, for `cqkd scale-test bootstrap
// --peer bittorrent-dht`: a seed node and --workers nodes on 127.0.0.1 in this one process, all
// bootstrapping from the seed at once; "bootstrapped" is the `ready` event (the lookup of the node's
// own id finished). Then --lookups find_node lookups of random existing ids from random nodes.
// Prints one JSON object.
import DHT from 'bittorrent-dht'
import { createRequire } from 'module'

const require = createRequire(import.meta.url)
const ed = require('./ed25519.cjs')

function arg (name, fallback) {
  const i = process.argv.indexOf('--' + name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

const workers = arg('workers', 100)
const lookups = arg('lookups', 200)
let seed = arg('seed', 1) >>> 0
function random () { // xorshift32: the same choice of lookups for the same --seed
  seed ^= seed << 13; seed >>>= 0
  seed ^= seed >>> 17
  seed ^= seed << 5; seed >>>= 0
  return seed / 4294967296
}

function start (bootstrap) {
  return new Promise((resolve, reject) => {
    const dht = new DHT({ bootstrap: bootstrap ? [bootstrap] : false, host: '127.0.0.1', verify: ed.verify })
    dht.on('error', reject)
    dht.on('warning', () => {})
    dht.once('ready', () => resolve(dht))
    dht.listen(0, '127.0.0.1')
  })
}

function listening (dht) {
  return new Promise(resolve => dht.listening ? resolve() : dht.once('listening', resolve))
}

function findNode (dht, target) {
  return new Promise(resolve => {
    let found = false
    let hops = 0
    dht._rpc.closest(target, { q: 'find_node', a: { id: dht.nodeId, target } }, res => {
      hops++
      if (res && res.r && res.r.id && Buffer.from(res.r.id).equals(target)) found = true
      return true
    }, () => resolve({ found, queried: hops }))
  })
}

const seedNode = await start(null)
await listening(seedNode)
const bootstrap = '127.0.0.1:' + seedNode.address().port
const t0 = process.hrtime.bigint()
const nodes = await Promise.all(Array.from({ length: workers }, () => start(bootstrap)))
const bootstrapMillis = Number(process.hrtime.bigint() - t0) / 1e6
const all = [seedNode, ...nodes]

let found = 0
let queried = 0
const BATCH = 64
for (let done = 0; done < lookups; done += BATCH) {
  const batch = []
  for (let i = done; i < Math.min(lookups, done + BATCH); i++) {
    const from = all[Math.floor(random() * all.length)]
    let to = all[Math.floor(random() * all.length)]
    while (to === from) to = all[Math.floor(random() * all.length)]
    batch.push(findNode(from, to.nodeId))
  }
  for (const r of await Promise.all(batch)) {
    if (r.found) found++
    queried += r.queried
  }
}
if (global.gc) global.gc()
const memory = process.memoryUsage()
const tableSizes = all.map(d => d.toJSON().nodes.length)
console.log(JSON.stringify({
  implementation: 'bittorrent-dht',
  workers,
  bootstrapMillis: Math.round(bootstrapMillis),
  lookups,
  found,
  meanQueriesPerLookup: lookups ? queried / lookups : 0,
  meanRoutingTableSize: tableSizes.reduce((a, b) => a + b, 0) / tableSizes.length,
  heapBytes: memory.heapUsed,
  rssBytes: memory.rss
}))
await Promise.all(all.map(d => new Promise(resolve => d.destroy(resolve))))
process.exit(0)
