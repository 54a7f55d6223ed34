# The site's CSAF 2.0 files checked by a real validator, for tests/run: sourced, not run.
#
# The validator is BSI's @secvisogram/csaf-validator-lib (npm; the library Secvisogram and BSI's validator
# service run): the CSAF 2.0 JSON schema in its strict form and every mandatory test of section 6.1 of the
# standard. It is a devDependency of the browser suite (tests/browser/package.json, pinned), installed into
# tests/browser/node_modules by `npm ci`; it needs Node.js with npm.
#
# ensure_csaf_validator: installs tests/browser's npm packages (npm ci) when the validator is missing or not the
# pinned version, and exports CSIRT_TEST_CSAF_VALIDATOR (the installed library's directory), which tells the site's
# Rust tests (site/tests/site/build/csaf.rs) that they may run check_csaf.
#
# check_csaf SITE_DIR: checks the CSAF tree of a built site (SITE_DIR/.well-known/csaf/):
# - every document under white/ passes the strict schema and each mandatory test (6.1.1-6.1.33), is TLP:WHITE,
#   is named after its tracking ID (section 5.1) in the folder of its initial release year (requirement 11);
# - provider-metadata.json satisfies the CSAF 2.0 provider metadata schema's rules (restated below: no package
#   ships that schema; its publisher is checked against the CSAF schema's own definition) and names its own URL;
# - the ROLIE feed lists exactly the documents, each with its self link, content, format and a hash link for
#   each hash file, whose hash is the document's; index.txt and changes.csv (newest first) list exactly them,
#   with their current release dates.
# It fails naming each file and the test or rule it failed, and prints one summary line when all pass.

CSAF_VALIDATOR_LIB_VERSION="2.0.10"
csaf_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
csaf_node_dir="$csaf_repo_root/tests/browser"

ensure_csaf_validator() {
    local installed
    installed="$(cd "$csaf_node_dir" && node -p "require('@secvisogram/csaf-validator-lib/package.json').version" 2>/dev/null || true)"
    if [ "$installed" != "$CSAF_VALIDATOR_LIB_VERSION" ] || [ ! -d "$csaf_node_dir/node_modules/ajv" ]; then
        echo "csaf checks: installing @secvisogram/csaf-validator-lib@$CSAF_VALIDATOR_LIB_VERSION (npm ci in tests/browser)" >&2
        (cd "$csaf_node_dir" && npm ci --no-audit --no-fund --loglevel=error)
        touch "$csaf_node_dir/node_modules"
    fi
    export CSIRT_TEST_CSAF_VALIDATOR="$csaf_node_dir/node_modules/@secvisogram/csaf-validator-lib"
}

check_csaf() {
    local site="${1:?usage: check_csaf SITE_DIR}"
    site="$(cd "$site" && pwd)"
    ensure_csaf_validator
    # The script is read from standard input, so its imports resolve from tests/browser/node_modules.
    (cd "$csaf_node_dir" && node --input-type=module - "$site" "$CSAF_VALIDATOR_LIB_VERSION") <<'JS'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import * as basic from '@secvisogram/csaf-validator-lib/basic.js'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import csafSchema from '@secvisogram/csaf-validator-lib/lib/schemaTests/csaf_2_0_strict/schema.js'
// The library's own JSON schema validator (ajv for draft 2020-12, with formats and the CVSS schemas).
import csafAjv from '@secvisogram/csaf-validator-lib/lib/shared/csafAjv.js'

const [site, version] = process.argv.slice(-2)
const root = path.join(site, '.well-known/csaf')
const failures = []
const fail = (file, message) => failures.push(`${path.relative(site, file) || file}: ${message}`)
const read = (file) => {
  try {
    return fs.readFileSync(file)
  } catch (e) {
    fail(file, `cannot be read: ${e.message}`)
    return null
  }
}
const readJson = (file) => {
  const bytes = read(file)
  if (bytes === null) return null
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch (e) {
    fail(file, `is not JSON: ${e.message}`)
    return null
  }
}
const hex = (algorithm, bytes) => crypto.createHash(algorithm).update(bytes).digest('hex')
const fileName = (id) => id.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_') + '.json'

// The rules of the CSAF 2.0 provider metadata schema (provider_json_schema.json), restated: required members,
// types, formats, URL patterns and values. Unknown members are refused, which the standard's schema allows.
const jsonUrl = { type: 'string', format: 'uri', pattern: '\\.json$' }
const jsonUrls = { type: 'array', minItems: 1, uniqueItems: true, items: jsonUrl }
const providerRules = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: [
    'canonical_url',
    'last_updated',
    'list_on_CSAF_aggregators',
    'mirror_on_CSAF_aggregators',
    'metadata_version',
    'publisher',
    'role',
  ],
  properties: {
    canonical_url: { type: 'string', format: 'uri', pattern: '/provider-metadata\\.json$' },
    distributions: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        properties: {
          directory_url: { type: 'string', format: 'uri' },
          rolie: {
            type: 'object',
            required: ['feeds'],
            additionalProperties: false,
            properties: {
              categories: jsonUrls,
              services: jsonUrls,
              feeds: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: {
                  type: 'object',
                  required: ['tlp_label', 'url'],
                  additionalProperties: false,
                  properties: {
                    summary: { type: 'string' },
                    tlp_label: { enum: ['UNLABELED', 'WHITE', 'GREEN', 'AMBER', 'RED'] },
                    url: jsonUrl,
                  },
                },
              },
            },
          },
        },
      },
    },
    last_updated: { type: 'string', format: 'date-time' },
    list_on_CSAF_aggregators: { type: 'boolean' },
    metadata_version: { enum: ['2.0'] },
    mirror_on_CSAF_aggregators: { type: 'boolean' },
    public_openpgp_keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['url'],
        additionalProperties: false,
        properties: {
          fingerprint: { type: 'string', pattern: '^[0-9a-fA-F]{40,}$' },
          url: { type: 'string', format: 'uri' },
        },
      },
    },
    publisher: { $ref: `${csafSchema.$id}#/properties/document/properties/publisher` },
    role: { enum: ['csaf_publisher', 'csaf_provider', 'csaf_trusted_provider'] },
  },
}

if (!csafAjv.getSchema(csafSchema.$id)) csafAjv.addSchema(csafSchema)
const checkProvider = csafAjv.compile(providerRules)

const metadataFile = path.join(root, 'provider-metadata.json')
const metadata = readJson(metadataFile)
let documents = 0
if (metadata !== null) {
  if (!checkProvider(metadata)) {
    for (const e of checkProvider.errors) fail(metadataFile, `provider metadata schema: ${e.instancePath || '/'} ${e.message}`)
  }
  const suffix = '/.well-known/csaf/provider-metadata.json'
  const base = String(metadata.canonical_url ?? '').endsWith(suffix)
    ? metadata.canonical_url.slice(0, -suffix.length)
    : null
  if (base === null) fail(metadataFile, `canonical_url is not ${suffix} of the site (requirement 9)`)
  // A URL of the site as a file of the built site.
  const local = (url, from) => {
    if (base !== null && typeof url === 'string' && url.startsWith(base + '/')) return path.join(site, url.slice(base.length))
    fail(from, `${url} is not a URL of the site (${base})`)
    return null
  }

  // Every document: the strict schema and the mandatory tests.
  const white = path.join(root, 'white')
  const onDisk = new Map()
  const years = fs.existsSync(white) ? fs.readdirSync(white).filter((d) => /^\d{4}$/.test(d)).sort() : []
  for (const year of years) {
    for (const name of fs.readdirSync(path.join(white, year)).filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(white, year, name)
      const bytes = read(file)
      const doc = readJson(file)
      if (doc === null) continue
      documents++
      onDisk.set(`${year}/${name}`, { file, bytes, doc })
      const result = await validateStrict(Object.values(basic), doc)
      for (const test of result.tests.filter((t) => !t.isValid)) {
        const errors = test.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')
        fail(file, `failed ${test.name}: ${errors}`)
      }
      const tracking = doc?.document?.tracking ?? {}
      if (doc?.document?.distribution?.tlp?.label !== 'WHITE') fail(file, 'is not labelled TLP:WHITE but is in white/')
      if (typeof tracking.id === 'string' && fileName(tracking.id) !== name) fail(file, `its name is not ${fileName(tracking.id)} (section 5.1)`)
      if (String(tracking.initial_release_date ?? '').slice(0, 4) !== year) fail(file, `is not in the folder of its initial release year (requirement 11)`)
      for (const [algorithm, extension] of [['sha256', 'sha256'], ['sha512', 'sha512']]) {
        const hashFile = `${file}.${extension}`
        const text = read(hashFile)?.toString('utf8')
        if (text !== undefined && text.split(/\s/)[0] !== hex(algorithm, bytes)) fail(hashFile, `is not the ${algorithm} of ${name} (requirement 18)`)
      }
    }
  }
  if (documents === 0) fail(white, 'has no CSAF document')

  // The directory: index.txt and changes.csv list exactly the documents.
  const listed = (file, lines) => {
    const paths = lines.map((l) => l.path)
    const expected = [...onDisk.keys()].sort()
    if (JSON.stringify([...paths].sort()) !== JSON.stringify(expected)) fail(file, `lists ${JSON.stringify(paths)}, not the documents ${JSON.stringify(expected)}`)
  }
  const index = read(path.join(white, 'index.txt'))?.toString('utf8')
  if (index !== undefined) listed(path.join(white, 'index.txt'), index.split('\n').filter(Boolean).map((p) => ({ path: p })))
  const changesFile = path.join(white, 'changes.csv')
  const changes = read(changesFile)?.toString('utf8')
  if (changes !== undefined) {
    const rows = changes.split('\n').filter(Boolean).map((line) => {
      const m = /^"([^"]+)","([^"]+)"$/.exec(line)
      if (!m) fail(changesFile, `line ${JSON.stringify(line)} is not "path","date"`)
      return { path: m?.[1], date: m?.[2] }
    })
    listed(changesFile, rows)
    for (const [i, row] of rows.entries()) {
      const current = onDisk.get(row.path)?.doc?.document?.tracking?.current_release_date
      if (current !== undefined && current !== row.date) fail(changesFile, `${row.path} has ${row.date}, its document ${current}`)
      if (i > 0 && Date.parse(rows[i - 1].date) < Date.parse(row.date)) fail(changesFile, 'is not sorted newest first (requirement 13)')
    }
  }

  // The ROLIE feeds: each lists exactly the documents, with their hash files.
  const feeds = (metadata.distributions ?? []).flatMap((d) => d.rolie?.feeds ?? [])
  if (feeds.length === 0) fail(metadataFile, 'names no ROLIE feed (requirement 15)')
  for (const feedRef of feeds) {
    const feedFile = local(feedRef.url, metadataFile)
    if (feedFile === null) continue
    const feed = readJson(feedFile)?.feed
    if (feed === undefined) {
      fail(feedFile, 'has no feed object (RFC 8322)')
      continue
    }
    if (!(feed.link ?? []).some((l) => l.rel === 'self' && l.href === feedRef.url)) fail(feedFile, `has no self link to ${feedRef.url}`)
    if (!(feed.category ?? []).some((c) => c.scheme === 'urn:ietf:params:rolie:category:information-type' && c.term === 'csaf')) fail(feedFile, 'lacks the ROLIE information-type category csaf')
    for (const member of ['id', 'title', 'updated']) if (typeof feed[member] !== 'string' || feed[member] === '') fail(feedFile, `has no ${member}`)
    const seen = []
    for (const entry of feed.entry ?? []) {
      const docFile = local(entry.content?.src, feedFile)
      if (docFile === null) continue
      const relative = path.relative(white, docFile).split(path.sep).join('/')
      seen.push(relative)
      const known = onDisk.get(relative)
      if (known === undefined) {
        fail(feedFile, `entry ${entry.id} points to ${entry.content?.src}, which is not a document`)
        continue
      }
      const tracking = known.doc.document.tracking
      if (entry.id !== tracking.id) fail(feedFile, `entry ${entry.id} is not the tracking ID ${tracking.id}`)
      if (entry.title !== known.doc.document.title) fail(feedFile, `entry ${entry.id} has another title than its document`)
      if (entry.content?.type !== 'application/json') fail(feedFile, `entry ${entry.id}: content type is not application/json`)
      if (entry.format?.version !== '2.0' || entry.format?.schema !== csafSchema.$id.replace('?strict', '')) fail(feedFile, `entry ${entry.id}: format is not CSAF 2.0`)
      if (entry.published !== tracking.initial_release_date || entry.updated !== tracking.current_release_date) fail(feedFile, `entry ${entry.id}: published/updated differ from its document's dates`)
      if (!(entry.link ?? []).some((l) => l.rel === 'self' && l.href === entry.content.src)) fail(feedFile, `entry ${entry.id} has no self link`)
      const hashes = (entry.link ?? []).filter((l) => l.rel === 'hash').map((l) => l.href).sort()
      const hashFiles = ['sha256', 'sha512'].map((e) => `${entry.content.src}.${e}`)
      if (JSON.stringify(hashes) !== JSON.stringify(hashFiles)) fail(feedFile, `entry ${entry.id} lists hashes ${JSON.stringify(hashes)}, not ${JSON.stringify(hashFiles)} (requirement 15)`)
    }
    const expected = [...onDisk.keys()].sort()
    if (JSON.stringify([...seen].sort()) !== JSON.stringify(expected)) fail(feedFile, `lists ${JSON.stringify(seen)}, not the documents ${JSON.stringify(expected)}`)
  }
  for (const directory of (metadata.distributions ?? []).map((d) => d.directory_url).filter(Boolean)) {
    const dir = local(directory, metadataFile)
    if (dir !== null && path.resolve(dir) !== path.resolve(white)) fail(metadataFile, `directory_url ${directory} is not the folder of the documents`)
  }
}

if (failures.length > 0) {
  console.error(`csaf checks: ${failures.length} problem(s) in ${site}:`)
  for (const f of failures) console.error(`  ${f}`)
  process.exit(1)
}
console.error(
  `csaf checks: ${documents} CSAF documents pass @secvisogram/csaf-validator-lib ${version}'s strict schema and mandatory tests; ` +
    'provider-metadata.json, the ROLIE feed, index.txt, changes.csv and the hash files agree with them',
)
JS
}
