// Drives a network of npm bittorrent-dht nodes on 127.0.0.1 for CQKD-DHT's interop tests.
// Protocol: one JSON command per line on stdin, one JSON answer per line on stdout
// ({"ok":true,...} or {"ok":false,"error":"..."}). Every node is given an explicit bootstrap
// list, so nothing here ever contacts a public DHT router.
import DHT from 'bittorrent-dht'
import readline from 'readline'
import { createRequire } from 'module'

const require = createRequire(import.meta.url)
const ed = require('./ed25519.cjs')

const nodes = []
const warnings = []
const errorsReceived = []

function hex (buf) { return Buffer.from(buf).toString('hex') }

function startNode (bootstrap) {
  return new Promise((resolve, reject) => {
    const dht = new DHT({ bootstrap: bootstrap ? [bootstrap] : false, host: '127.0.0.1', verify: ed.verify })
    const index = nodes.length
    nodes.push(dht)
    dht.on('warning', err => warnings.push({ node: index, message: String(err && err.message) }))
    // Count every KRPC error answer this node receives (numeric codes; timeouts have string codes).
    const socket = dht._rpc.socket
    const query = socket.query.bind(socket)
    socket.query = (peer, message, cb) => query(peer, message, (err, ...rest) => {
      if (err && typeof err.code === 'number') {
        errorsReceived.push({ node: index, q: String(message.q), code: err.code, message: err.message })
      }
      if (cb) cb(err, ...rest)
    })
    dht.on('error', err => reject(err))
    let listening = false
    let ready = false
    const done = () => { if (listening && ready) resolve(index) }
    dht.once('listening', () => { listening = true; done() })
    dht.once('ready', () => { ready = true; done() })
    dht.listen(0, '127.0.0.1')
  })
}

function info (i) {
  const dht = nodes[i]
  return { index: i, id: hex(dht.nodeId), port: dht.address().port }
}

// Iterative find_node for `target`; found when the target itself answered.
function findNode (dht, target) {
  return new Promise(resolve => {
    let found = false
    const message = { q: 'find_node', a: { id: dht.nodeId, target } }
    dht._rpc.closest(target, message, res => {
      if (res && res.r && res.r.id && Buffer.from(res.r.id).equals(target)) found = true
      return true
    }, () => resolve(found))
  })
}

const commands = {
  async start ({ count, bootstrap }) {
    const started = []
    const t0 = Date.now()
    for (let i = 0; i < count; i++) started.push(startNode(bootstrap))
    const indexes = await Promise.all(started)
    return { nodes: indexes.map(info), millis: Date.now() - t0 }
  },
  async nodes () {
    return { nodes: nodes.map((_, i) => info(i)) }
  },
  async findNode ({ from, target }) {
    return { found: await findNode(nodes[from], Buffer.from(target, 'hex')) }
  },
  async addNode ({ to, host, port }) {
    nodes[to].addNode({ host, port })
    return {}
  },
  async announce ({ from, infoHash, port }) {
    await new Promise((resolve, reject) => nodes[from].announce(infoHash, port, err => err ? reject(err) : resolve()))
    return {}
  },
  async getPeers ({ from, infoHash }) {
    const dht = nodes[from]
    const peers = new Set()
    const onPeer = (peer, hash) => { if (hex(hash) === infoHash) peers.add(`${peer.host}:${peer.port}`) }
    dht.on('peer', onPeer)
    await new Promise((resolve, reject) => dht.lookup(infoHash, err => err ? reject(err) : resolve()))
    dht.removeListener('peer', onPeer)
    return { peers: [...peers] }
  },
  async putImmutable ({ from, v }) {
    return await new Promise((resolve, reject) => nodes[from].put({ v: Buffer.from(v) }, (err, hash, n) =>
      err ? reject(err) : resolve({ hash: hex(hash), stored: n })))
  },
  async putMutable ({ from, seed, salt, seq, v, cas }) {
    const seedBuf = Buffer.from(seed, 'hex')
    const opts = {
      k: ed.publicKeyFromSeed(seedBuf),
      seq,
      v: Buffer.from(v),
      sign: buf => ed.sign(seedBuf, buf)
    }
    if (salt) opts.salt = Buffer.from(salt)
    if (cas !== undefined && cas !== null) opts.cas = cas
    return await new Promise((resolve, reject) => nodes[from].put(opts, (err, hash, n) =>
      err ? reject(err) : resolve({ hash: hex(hash), stored: n })))
  },
  async get ({ from, hash, salt }) {
    const opts = { cache: false }
    if (salt) opts.salt = Buffer.from(salt)
    const res = await new Promise((resolve, reject) => nodes[from].get(hash, opts, (err, r) => err ? reject(err) : resolve(r)))
    if (!res) return { found: false }
    return { found: true, v: Buffer.from(res.v).toString(), seq: typeof res.seq === 'number' ? res.seq : null }
  },
  async publicKey ({ seed }) {
    return { k: hex(ed.publicKeyFromSeed(Buffer.from(seed, 'hex'))) }
  },
  async problems () {
    return { warnings, errorsReceived }
  },
  async stop () {
    await Promise.all(nodes.map(dht => new Promise(resolve => dht.destroy(resolve))))
    setImmediate(() => process.exit(0))
    return {}
  }
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', async line => {
  let answer
  try {
    const command = JSON.parse(line)
    const handler = commands[command.cmd]
    if (!handler) throw new Error('unknown command ' + command.cmd)
    answer = { ok: true, ...(await handler(command)) }
  } catch (err) {
    answer = { ok: false, error: String(err && err.stack ? err.stack : err) }
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
})
rl.on('close', () => process.exit(0))
