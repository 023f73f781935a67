// Ed25519 with Node's own crypto, for BEP 44 mutable items (no extra package).
'use strict'
const crypto = require('crypto')

// DER prefixes that turn a raw 32-byte Ed25519 key into SPKI / PKCS#8 key objects.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

function publicKeyFromSeed (seed) {
  const key = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  const spki = crypto.createPublicKey(key).export({ format: 'der', type: 'spki' })
  return spki.subarray(spki.length - 32)
}

function sign (seed, message) {
  const key = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  return crypto.sign(null, message, key)
}

function verify (signature, message, publicKey) {
  try {
    const key = crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' })
    return crypto.verify(null, message, key, signature)
  } catch (e) {
    return false
  }
}

module.exports = { publicKeyFromSeed, sign, verify }
