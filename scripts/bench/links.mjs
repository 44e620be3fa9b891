// The page's permalinks, made the way the page makes them, so a bench part can open the page on
// any session: `#v1=` then the base64url of the deflate-raw compressed UTF-8 JSON of the session.
/** The fragment the page writes for `session`. */
export async function fragmentOf(session) {
  const json = new TextEncoder().encode(JSON.stringify(session));
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = Buffer.from(await new Response(stream).arrayBuffer());
  return `#v1=${bytes.toString('base64url')}`;
}

/** A whole session with the page's defaults for what `fields` leaves out. */
export const sessionOf = (fields) => ({
  pattern: '',
  flags: '',
  op: 'search',
  text: '',
  replacement: '',
  count: 0,
  maxsplit: 0,
  deadlineMs: 2000,
  tests: [],
  python: '3.14',
  ...fields,
});
