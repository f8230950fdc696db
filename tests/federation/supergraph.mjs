// The composition check (run by run.sh, which starts the gateway): the gateway's subgraph SDL
// plus a second subgraph ("badges", below) compose into a supergraph with @apollo/composition;
// @apollo/gateway serves it, forwarding the caller's Authorization header to both subgraphs;
// queries that cross the two must answer the right data, and a user of another tenant must
// resolve to null through the supergraph as it does in the gateway. Any failure exits 1.
//
//   MEANDER_URL  the running gateway (http://host:port)
//   CLI_SDL      a file with `meander-gateway schema --federation`, compared with `_service`
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const meander = process.env.MEANDER_URL;
if (!meander) throw new Error('MEANDER_URL is not set');
const password = 'meander-demo';
const started = [];
let failures = 0;

function check(ok, what, detail) {
  if (ok) {
    console.log(`ok   ${what}`);
  } else {
    failures += 1;
    console.log(`FAIL ${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
  }
}

async function post(url, query, variables = {}, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  return body;
}

async function waitReady() {
  for (let i = 0; i < 600; i += 1) {
    try {
      const res = await fetch(`${meander}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${meander}/readyz did not answer 200 within 60 s`);
}

// The second subgraph: extends the gateway's User by its key with a field of its own, and
// returns User references by id (which the supergraph resolves through the gateway's
// `_entities`). Its key field has the gateway's type (UUID), as composition requires.
const badgesSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  scalar UUID

  type User @key(fields: "id") {
    id: UUID!
    "A label derived from the user's id."
    badge: String!
  }

  type Query {
    "Users by id, as references: every other field comes from the gateway."
    pinnedUsers(ids: [UUID!]!): [User]
  }
`;
const badge = (id) => `badge-${id.slice(0, 8)}`;
const badgeRequests = [];
const badges = new ApolloServer({
  plugins: [ApolloServerPluginInlineTraceDisabled()],
  schema: buildSubgraphSchema({
    typeDefs: parse(badgesSdl),
    resolvers: {
      Query: { pinnedUsers: (_, { ids }) => ids.map((id) => ({ id })) },
      User: {
        __resolveReference: (ref, ctx) => {
          badgeRequests.push(ctx.authorization ?? null);
          return { id: ref.id };
        },
        badge: (user) => badge(user.id),
      },
    },
  }),
});

async function main() {
  await waitReady();
  const graphql = `${meander}/graphql`;

  // The subgraph SDL, as a supergraph build would fetch it.
  const service = await post(graphql, '{ _service { sdl } }');
  const sdl = service?.data?._service?.sdl;
  check(typeof sdl === 'string' && sdl.includes('type User @key(fields: "id")'), '_service { sdl } names @key on User', service.errors);
  if (typeof sdl !== 'string') return;
  if (process.env.CLI_SDL) {
    check(readFileSync(process.env.CLI_SDL, 'utf8') === sdl, '`meander-gateway schema --federation` prints the same SDL');
  }

  const { url: badgesUrl } = await startStandaloneServer(badges, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  started.push(badges);

  const composed = composeServices([
    { name: 'meander', typeDefs: parse(sdl), url: graphql },
    { name: 'badges', typeDefs: parse(badgesSdl), url: badgesUrl },
  ]);
  check(!composed.errors, 'the two subgraphs compose', composed.errors?.map((e) => e.message));
  if (composed.errors) return;
  console.log(`     (${composed.hints?.length ?? 0} composition hints)`);

  // The supergraph, forwarding the caller's Authorization header to each subgraph.
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http.headers.set('authorization', context.authorization);
        },
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url: supergraph } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  started.push(server);

  // Log in through the supergraph (the mutation is planned onto the gateway's subgraph).
  const login = async (email) => {
    const body = await post(
      supergraph,
      'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
      { i: { email, password } },
    );
    const token = body?.data?.login?.accessToken;
    check(typeof token === 'string', `login as ${email} through the supergraph`, body.errors);
    return token;
  };
  const own = await login('nhf.coordinator@meander.dev');
  const other = await login('blind.coordinator@meander.dev');
  if (!own || !other) return;

  // Gateway -> badges: the viewer's user from the gateway, its badge from the other subgraph.
  const me = await post(supergraph, '{ viewer { user { id firstName badge } organization { name } } }', {}, own);
  const user = me?.data?.viewer?.user;
  check(
    !me.errors && user && typeof user.firstName === 'string' && user.badge === badge(user.id),
    'viewer.user.badge resolves in the second subgraph',
    me,
  );
  check(badgeRequests.at(-1) === `Bearer ${own}`, 'the supergraph forwards Authorization to the second subgraph');
  const them = await post(supergraph, '{ viewer { user { id firstName } } }', {}, other);
  const foreignId = them?.data?.viewer?.user?.id;
  const foreignName = them?.data?.viewer?.user?.firstName;
  check(typeof foreignId === 'string' && foreignId !== user?.id, 'a user of another tenant has an id', them);
  if (!user || !foreignId) return;

  // Badges -> gateway: references resolved through the gateway's `_entities`, under the
  // caller's token: the own user is answered, another tenant's is null.
  const pinned = await post(
    supergraph,
    'query($ids: [UUID!]!) { pinnedUsers(ids: $ids) { id firstName email badge } }',
    { ids: [user.id, foreignId] },
    own,
  );
  const [mine, foreign] = pinned?.data?.pinnedUsers ?? [];
  check(
    mine && mine.id === user.id && mine.firstName === user.firstName && typeof mine.email === 'string' && mine.badge === badge(user.id),
    'pinnedUsers -> User fields from the gateway (own tenant)',
    pinned,
  );
  check(foreign === null, "another tenant's user resolves to null through the supergraph", pinned);
  check(!JSON.stringify(pinned).includes(foreignName), "nothing of the foreign user's row leaks", pinned);

  // The same id asked of the gateway directly answers the same way (by-id field, null).
  const direct = await post(graphql, 'query($id: UUID!) { user(id: $id) { id } }', { id: foreignId }, own);
  check(!direct.errors && direct.data.user === null, 'the by-id field agrees: null', direct);

  // Without a token the supergraph is refused as the gateway refuses it.
  const anonymous = await post(supergraph, 'query($ids: [UUID!]!) { pinnedUsers(ids: $ids) { id firstName } }', { ids: [user.id] });
  const codes = (anonymous.errors ?? []).map((e) => e.extensions?.code);
  check(codes.includes('UNAUTHENTICATED') && !JSON.stringify(anonymous).includes(user.firstName), 'anonymous entity fetches are refused (UNAUTHENTICATED)', anonymous);
}

try {
  await main();
} catch (err) {
  failures += 1;
  console.log(`FAIL ${err?.stack ?? err}`);
} finally {
  for (const s of started.reverse()) await s.stop().catch(() => {});
}
if (failures > 0) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log('federation composition check passed');
